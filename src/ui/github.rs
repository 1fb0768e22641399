//! GitHub Actions integration: collapsible log groups, a markdown summary appended to
//! `$GITHUB_STEP_SUMMARY`, and `key=value` outputs appended to `$GITHUB_OUTPUT`, so a workflow can
//! show what happened and branch on run ids and status.

use std::io::Write;

/// What a report contributes to the job: markdown for the summary page, and outputs.
#[derive(Debug, Default, Clone)]
pub struct JobReport {
    pub summary: String,
    pub outputs: Vec<(String, String)>,
}

pub fn enabled() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

fn append(var: &str, text: &str) {
    let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) else {
        return;
    };
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(text.as_bytes());
    }
}

/// Append the summary and outputs (no-op outside GitHub Actions).
pub fn publish(report: &JobReport) {
    if !enabled() {
        return;
    }
    if !report.summary.is_empty() {
        append(
            "GITHUB_STEP_SUMMARY",
            &format!("{}\n", report.summary.trim_end()),
        );
    }
    let mut lines = String::new();
    for (k, v) in &report.outputs {
        // One line per output: values are ids, statuses and numbers, never multi-line.
        lines.push_str(&format!("{k}={}\n", v.replace(['\n', '\r'], " ")));
    }
    append("GITHUB_OUTPUT", &lines);
}

/// Markdown table cell text: pipes and newlines would break the table.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

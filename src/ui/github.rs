//! GitHub Actions integration: collapsible log groups, a markdown summary appended to
//! `$GITHUB_STEP_SUMMARY`, and `key=value` outputs appended to `$GITHUB_OUTPUT`, so a workflow can
//! show what happened and branch on run ids and status.

use crate::settings::GithubActions;
use std::io::Write;
use std::path::Path;

/// What a report contributes to the job: markdown for the summary page, and outputs.
#[derive(Debug, Default, Clone)]
pub struct JobReport {
    pub summary: String,
    pub outputs: Vec<(String, String)>,
}

fn append(path: Option<&Path>, text: &str) {
    let Some(path) = path else {
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

/// Append the summary and outputs to the files the job named.
pub fn publish(gh: &GithubActions, report: &JobReport) {
    if !report.summary.is_empty() {
        append(
            gh.step_summary.as_deref(),
            &format!("{}\n", report.summary.trim_end()),
        );
    }
    let mut lines = String::new();
    for (k, v) in &report.outputs {
        // One line per output: values are ids, statuses and numbers, never multi-line.
        lines.push_str(&format!("{k}={}\n", v.replace(['\n', '\r'], " ")));
    }
    append(gh.output.as_deref(), &lines);
}

/// Markdown table cell text: pipes and newlines would break the table.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

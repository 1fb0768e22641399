//! What a run looks like to the user: the import and export views that `import`, `poll`,
//! `approve`, `export` and `migrate` return, the exit code each outcome means, the command that
//! comes next, and the `patch_hash` that pins a reviewed proposal.

use crate::api::Reply;
use crate::api::types::{
    BlockedQuestion, ExportMode, ExportRun, ImportReport, ImportRun, NeedsAttention, RunStatus,
    WriteResult,
};
use crate::exit::ExitCode;
use crate::ui::render::count;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// Canonical JSON: object keys sorted, no insignificant whitespace.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[*k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The contract's `patch_hash`: the first 16 hex digits of SHA-256 over the canonical JSON of the
/// run's `needs_attention` block, exactly as the server sent it.
pub fn patch_hash(needs_attention: &Value) -> String {
    let digest = Sha256::digest(canonical_json(needs_attention).as_bytes());
    hex::encode(digest)[..16].to_string()
}

/// The exit code an import's status means.
pub fn import_exit(status: &RunStatus, timed_out: bool) -> ExitCode {
    if timed_out {
        return ExitCode::Timeout;
    }
    match status {
        RunStatus::Completed | RunStatus::Queued | RunStatus::Running => ExitCode::Success,
        RunStatus::NeedsAttention | RunStatus::Blocked => ExitCode::NeedsAttention,
        RunStatus::Failed | RunStatus::Canceled => ExitCode::RunFailed,
        RunStatus::Other(_) => ExitCode::Error,
    }
}

/// An import run as commands show it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    pub kind: &'static str,
    pub company: String,
    pub run_id: String,
    pub status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_attention: Option<NeedsAttention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_hash: Option<String>,
    /// The questions of a `blocked` run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<BlockedQuestion>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub timed_out: bool,
    /// The command that picks up from here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Extra lines for the human summary (e.g. "idempotency key …").
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl ImportView {
    pub fn new(
        company: &str,
        run_id: &str,
        reply: &Reply<ImportRun>,
        timed_out: bool,
    ) -> ImportView {
        let run = &reply.value;
        let patch_hash = reply
            .raw
            .get("needs_attention")
            .filter(|v| v.is_object())
            .map(patch_hash);
        let mut view = ImportView {
            kind: "import",
            company: company.to_string(),
            run_id: run_id.to_string(),
            status: run.status.clone(),
            progress_message: run.progress_message.clone(),
            report: run.report.clone(),
            needs_attention: run.needs_attention.clone(),
            patch_hash,
            questions: run.questions.clone(),
            error: run.error.clone(),
            timed_out,
            next: None,
            notes: Vec::new(),
        };
        view.next = view.next_command();
        if let RunStatus::Other(s) = &run.status {
            view.error.get_or_insert_with(|| {
                format!("the run is in status '{s}', which this version of vern does not know")
            });
        }
        view
    }

    pub fn exit_code(&self) -> ExitCode {
        import_exit(&self.status, self.timed_out)
    }

    fn next_command(&self) -> Option<String> {
        let (c, r) = (&self.company, &self.run_id);
        match &self.status {
            _ if self.timed_out => Some(format!("vern poll --company {c} {r}")),
            RunStatus::Queued | RunStatus::Running => Some(format!("vern poll --company {c} {r}")),
            RunStatus::NeedsAttention => Some(match &self.patch_hash {
                Some(h) => format!("vern approve --company {c} {r} --accept --expect-patch {h}"),
                None => format!("vern approve --company {c} {r}"),
            }),
            RunStatus::Blocked => {
                let q = self
                    .questions
                    .as_ref()
                    .and_then(|qs| qs.first())
                    .map(|q| q.id.as_str())
                    .unwrap_or("QID");
                Some(format!("vern approve --company {c} {r} --answer {q}=VALUE"))
            }
            _ => None,
        }
    }

    fn sheet_name<'a>(&'a self, sheet_id: &'a str) -> &'a str {
        self.report
            .as_ref()
            .and_then(|r| r.per_sheet.iter().find(|s| s.sheet_id == sheet_id))
            .map(|s| s.template_name.as_str())
            .unwrap_or(sheet_id)
    }
}

fn quote_samples(values: &[String]) -> String {
    values
        .iter()
        .map(|v| {
            let short: String = v.chars().take(40).collect();
            if short.len() < v.len() {
                format!("{:?}…", short)
            } else {
                format!("{short:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ImportView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.timed_out {
            format!("still {} (timed out waiting)", self.status)
        } else {
            self.status.to_string()
        };
        writeln!(f, "import {}: {state}", self.run_id)?;
        if let Some(m) = self.progress_message.as_ref().filter(|m| !m.is_empty()) {
            writeln!(f, "  {m}")?;
        }
        if let Some(r) = &self.report {
            let flagged = if r.invalid_cell_count > 0 {
                format!("; {} rows flagged", count(r.invalid_cell_count))
            } else {
                "; no rows flagged".into()
            };
            let sheets = r.per_sheet.len();
            writeln!(
                f,
                "  {} rows in {sheets} sheet{}{flagged}",
                count(r.inserted),
                if sheets == 1 { "" } else { "s" }
            )?;
            let width = r
                .per_sheet
                .iter()
                .map(|s| s.template_name.len())
                .max()
                .unwrap_or(0);
            for s in &r.per_sheet {
                writeln!(
                    f,
                    "    {:<width$}  {} rows",
                    s.template_name,
                    count(s.row_count)
                )?;
            }
        }
        if let Some(na) = &self.needs_attention {
            for q in &na.questions {
                let (col, n, rule, samples) = match &q.target {
                    Some(t) => (
                        format!("{} · {}", self.sheet_name(&t.sheet_id), t.column),
                        format!(" · {} rows", count(t.affected_count)),
                        t.error.clone(),
                        quote_samples(&t.sample_values),
                    ),
                    None => (String::new(), String::new(), String::new(), String::new()),
                };
                writeln!(f, "  {}  {col}{n}", q.id)?;
                writeln!(f, "       {}", q.prompt)?;
                if let Some(c) = &q.context {
                    writeln!(f, "       {c}")?;
                }
                if !rule.is_empty() {
                    writeln!(f, "       rule: {rule}")?;
                }
                if !samples.is_empty() {
                    writeln!(f, "       samples: {samples}")?;
                }
                let mut opts: Vec<String> = q
                    .options
                    .iter()
                    .map(|o| format!("{}) {}", o.id, o.label))
                    .collect();
                if q.allow_custom {
                    opts.push("or free text".into());
                }
                writeln!(f, "       options: {}", opts.join("  "))?;
            }
            if let Some(p) = &na.proposed_patch {
                let hash = self.patch_hash.as_deref().unwrap_or("?");
                writeln!(f, "  proposed fix (patch {hash}): {}", p.summary)?;
                for a in &p.actions {
                    let value = a
                        .value
                        .as_ref()
                        .map(|v| format!(" {v:?}"))
                        .unwrap_or_default();
                    writeln!(
                        f,
                        "    - {}.{}: {}{value}",
                        self.sheet_name(&a.sheet_id),
                        a.column,
                        a.action
                    )?;
                }
            }
        }
        if let Some(qs) = &self.questions {
            for q in qs {
                writeln!(f, "  {}  {}", q.id, q.question)?;
                if let Some(c) = &q.context {
                    writeln!(f, "       {c}")?;
                }
                let mut opts: Vec<String> = q
                    .options
                    .iter()
                    .map(|o| format!("{}) {}", o.id, o.label))
                    .collect();
                if q.allow_custom {
                    opts.push("or free text".into());
                }
                if !opts.is_empty() {
                    writeln!(f, "       options: {}", opts.join("  "))?;
                }
            }
        }
        if let Some(e) = &self.error {
            writeln!(f, "  error: {e}")?;
        }
        for n in &self.notes {
            writeln!(f, "  {n}")?;
        }
        if let Some(n) = &self.next {
            write!(f, "next: {n}")?;
        }
        Ok(())
    }
}

/// Failed writes that share an error message.
#[derive(Debug, Clone, Serialize)]
pub struct FailureGroup {
    pub error: String,
    pub status: u16,
    pub count: u64,
    /// Up to five natural keys (or paths) of the rows that failed.
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HollowWrite {
    pub template_id: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub natural_key: Option<String>,
}

/// An export run as commands show it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportView {
    pub kind: &'static str,
    pub company: String,
    pub run_id: String,
    pub status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ExportMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    pub total: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub hollow: u64,
    pub failures: Vec<FailureGroup>,
    pub hollow_writes: Vec<HollowWrite>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub timed_out: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(skip)]
    pub allow_failures: bool,
    #[serde(skip)]
    pub results: Vec<WriteResult>,
}

impl ExportView {
    pub fn new(company: &str, run_id: &str, run: &ExportRun, timed_out: bool) -> ExportView {
        let mut view = ExportView {
            kind: "export",
            company: company.to_string(),
            run_id: run_id.to_string(),
            status: run.status.clone(),
            mode: run.report.as_ref().and_then(|r| r.mode.clone()),
            progress_message: run.progress_message.clone(),
            total: 0,
            succeeded: 0,
            failed: 0,
            hollow: 0,
            failures: Vec::new(),
            hollow_writes: Vec::new(),
            error: run.error.clone(),
            timed_out,
            report_file: None,
            next: None,
            allow_failures: false,
            results: Vec::new(),
        };
        if let Some(r) = &run.report {
            view.total = r.total;
            view.succeeded = r.succeeded;
            view.failed = r.failed;
            let mut groups: BTreeMap<(String, u16), FailureGroup> = BTreeMap::new();
            for w in &r.results {
                if !w.ok {
                    let error = w
                        .error
                        .clone()
                        .unwrap_or_else(|| format!("HTTP {}", w.status));
                    let g = groups
                        .entry((error.clone(), w.status))
                        .or_insert(FailureGroup {
                            error,
                            status: w.status,
                            count: 0,
                            examples: Vec::new(),
                        });
                    g.count += 1;
                    if g.examples.len() < 5 {
                        g.examples
                            .push(w.natural_key.clone().unwrap_or_else(|| w.path.clone()));
                    }
                } else if w.is_hollow() {
                    view.hollow_writes.push(HollowWrite {
                        template_id: w.template_id.clone(),
                        path: w.path.clone(),
                        natural_key: w.natural_key.clone(),
                    });
                }
            }
            view.hollow = view.hollow_writes.len() as u64;
            let mut failures: Vec<FailureGroup> = groups.into_values().collect();
            failures.sort_by(|a, b| b.count.cmp(&a.count).then(a.error.cmp(&b.error)));
            view.failures = failures;
            view.results = r.results.clone();
        }
        if timed_out || matches!(run.status, RunStatus::Queued | RunStatus::Running) {
            view.next = Some(format!("vern poll --company {company} {run_id} --export"));
        }
        if let RunStatus::Other(s) = &run.status {
            view.error.get_or_insert_with(|| {
                format!("the run is in status '{s}', which this version of vern does not know")
            });
        }
        view
    }

    pub fn exit_code(&self) -> ExitCode {
        if self.timed_out {
            return ExitCode::Timeout;
        }
        match &self.status {
            RunStatus::Completed
                if (self.failed > 0 || self.hollow > 0) && !self.allow_failures =>
            {
                ExitCode::ExportFailures
            }
            RunStatus::Completed | RunStatus::Queued | RunStatus::Running => ExitCode::Success,
            RunStatus::Failed | RunStatus::Canceled => ExitCode::RunFailed,
            _ => ExitCode::Error,
        }
    }
}

impl fmt::Display for ExportView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = self
            .mode
            .as_ref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        let state = if self.timed_out {
            format!("still {} (timed out waiting)", self.status)
        } else {
            self.status.to_string()
        };
        writeln!(f, "export {}: {state}{mode}", self.run_id)?;
        if let Some(m) = self.progress_message.as_ref().filter(|m| !m.is_empty()) {
            writeln!(f, "  {m}")?;
        }
        if self.status == RunStatus::Completed {
            let mut line = format!(
                "  {} writes: {} ok, {} failed",
                count(self.total),
                count(self.succeeded),
                count(self.failed)
            );
            if self.hollow > 0 {
                let _ = write!(line, ", {} hollow", count(self.hollow));
            }
            writeln!(f, "{line}")?;
        }
        if !self.failures.is_empty() {
            writeln!(f, "  failures by error:")?;
            for g in &self.failures {
                writeln!(
                    f,
                    "    {} × {} {}   (e.g. {})",
                    count(g.count),
                    g.status,
                    g.error,
                    g.examples.join(", ")
                )?;
            }
        }
        if !self.hollow_writes.is_empty() {
            writeln!(
                f,
                "  warning: {} hollow write{}: the destination answered 2xx but the record came back empty",
                count(self.hollow),
                if self.hollow == 1 { "" } else { "s" }
            )?;
            for h in self.hollow_writes.iter().take(20) {
                writeln!(
                    f,
                    "    {}  {}",
                    h.path,
                    h.natural_key.as_deref().unwrap_or("(no key)")
                )?;
            }
            if self.hollow_writes.len() > 20 {
                writeln!(f, "    … and {} more", self.hollow_writes.len() - 20)?;
            }
        }
        if let Some(e) = &self.error {
            writeln!(f, "  error: {e}")?;
        }
        if let Some(r) = &self.report_file {
            writeln!(f, "  report: {r}")?;
        }
        if let Some(n) = &self.next {
            write!(f, "next: {n}")?;
        }
        Ok(())
    }
}

/// An import on the GitHub Actions summary page.
pub fn import_job(v: &ImportView) -> crate::ui::github::JobReport {
    use crate::ui::github::cell;
    let mut md = format!("### vern import `{}`: {}\n\n", v.run_id, v.status);
    if let Some(r) = &v.report {
        md.push_str(&format!(
            "{} rows in {} sheet(s), {} flagged\n\n",
            count(r.inserted),
            r.per_sheet.len(),
            count(r.invalid_cell_count)
        ));
    }
    if let Some(na) = &v.needs_attention {
        md.push_str("| question | column | rows | rule |\n|---|---|---:|---|\n");
        for q in &na.questions {
            if let Some(t) = &q.target {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    q.id,
                    cell(&t.column),
                    t.affected_count,
                    cell(&t.error)
                ));
            }
        }
        md.push('\n');
    }
    if let Some(e) = &v.error {
        md.push_str(&format!("Error: {}\n\n", cell(e)));
    }
    if let Some(n) = &v.next {
        md.push_str(&format!("Next: `{n}`\n"));
    }
    let mut outputs = vec![
        ("import_run".to_string(), v.run_id.clone()),
        ("status".to_string(), v.status.to_string()),
    ];
    if let Some(h) = &v.patch_hash {
        outputs.push(("patch_hash".into(), h.clone()));
    }
    crate::ui::github::JobReport {
        summary: md,
        outputs,
    }
}

/// Export totals, failures by error and hollow writes for the GitHub Actions summary page.
pub fn export_markdown(v: &ExportView, title: &str) -> String {
    use crate::ui::github::cell;
    let mut md = format!(
        "#### {title} `{}`: {}\n\n{} writes: {} ok, {} failed, {} hollow\n\n",
        v.run_id,
        v.status,
        count(v.total),
        count(v.succeeded),
        count(v.failed),
        count(v.hollow)
    );
    if !v.failures.is_empty() {
        md.push_str("| failed writes | status | error |\n|---:|---|---|\n");
        for g in &v.failures {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                g.count,
                g.status,
                cell(&g.error)
            ));
        }
        md.push('\n');
    }
    if v.hollow > 0 {
        md.push_str(&format!(
            "> **Warning**: {} hollow write(s): the destination answered 2xx but the record came back empty.\n\n",
            v.hollow
        ));
    }
    md
}

pub fn export_job(v: &ExportView) -> crate::ui::github::JobReport {
    let mut md = export_markdown(v, "vern export");
    if let Some(n) = &v.next {
        md.push_str(&format!("Next: `{n}`\n"));
    }
    crate::ui::github::JobReport {
        summary: md,
        outputs: vec![
            ("export_run".to_string(), v.run_id.clone()),
            ("status".to_string(), v.status.to_string()),
            ("failed".to_string(), v.failed.to_string()),
            ("hollow".to_string(), v.hollow.to_string()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_patch_hash_ignores_key_order_and_spacing() {
        let a = json!({"questions": [{"id": "fq0", "b": 1, "a": 2}], "proposed_patch": {"summary": "x"}});
        let b: Value = serde_json::from_str(
            r#"{ "proposed_patch" : {"summary":"x"}, "questions":[{"a":2,"id":"fq0","b":1}] }"#,
        )
        .unwrap();
        assert_eq!(patch_hash(&a), patch_hash(&b));
        assert_eq!(patch_hash(&a).len(), 16);
        assert_eq!(
            canonical_json(&a),
            r#"{"proposed_patch":{"summary":"x"},"questions":[{"a":2,"b":1,"id":"fq0"}]}"#
        );
        let c = json!({"questions": [{"id": "fq0", "b": 1, "a": 3}], "proposed_patch": {"summary": "x"}});
        assert_ne!(patch_hash(&a), patch_hash(&c));
    }

    #[test]
    fn canonical_json_escapes_like_json() {
        let v = json!({"k\"ey": "line\nbreak", "n": 1.5, "u": "é"});
        let s = canonical_json(&v);
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        assert!(!s.contains(' '));
    }

    #[test]
    fn outcomes_map_to_exit_codes() {
        assert_eq!(import_exit(&RunStatus::Completed, false), ExitCode::Success);
        assert_eq!(
            import_exit(&RunStatus::NeedsAttention, false),
            ExitCode::NeedsAttention
        );
        assert_eq!(
            import_exit(&RunStatus::Blocked, false),
            ExitCode::NeedsAttention
        );
        assert_eq!(import_exit(&RunStatus::Failed, false), ExitCode::RunFailed);
        assert_eq!(
            import_exit(&RunStatus::Canceled, false),
            ExitCode::RunFailed
        );
        assert_eq!(import_exit(&RunStatus::Running, true), ExitCode::Timeout);
        assert_eq!(
            import_exit(&RunStatus::Other("x".into()), false),
            ExitCode::Error
        );
    }
}

//! How export runs read on the terminal and on a GitHub Actions summary page: totals, failures
//! grouped by error, hollow writes.

use super::{Job, count, github::JobReport};
use crate::api::types::RunStatus;
use crate::model::export::ExportView;
use std::fmt::{self, Write as _};

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
            writeln!(f, "  report: {} ({} rows)", r.path, r.rows)?;
        }
        super::write_next(f, &self.next)?;
        Ok(())
    }
}

impl Job for ExportView {
    fn job(&self) -> Option<JobReport> {
        Some(export_job(self))
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
    md.push_str(&super::next_markdown(&v.next));
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

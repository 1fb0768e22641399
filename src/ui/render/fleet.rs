//! How a fleet's report reads: a table with a row per company, and the GitHub Actions summary.

use super::{Job, count, github::JobReport, github::cell};
use crate::exit::ExitCode;
use crate::model::fleet::FleetReport;
use std::fmt;

impl fmt::Display for FleetReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shard = self
            .shard
            .as_ref()
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default();
        writeln!(
            f,
            "fleet {}: {} migration(s) of {}{shard}",
            self.manifest,
            self.rows.len(),
            self.rows_in_manifest
        )?;
        let w = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        writeln!(
            f,
            "  {:<w$}  {:<10}  EXIT  {:<22}  EXPORTED (ok/failed/hollow)",
            "ROW", "STATUS", "OPERATION"
        )?;
        for r in &self.rows {
            let exported = match (r.exported_ok, r.exported_failed, r.exported_hollow) {
                (Some(o), Some(fl), Some(h)) => format!("{}/{}/{}", count(o), count(fl), count(h)),
                _ => "-".into(),
            };
            writeln!(
                f,
                "  {:<w$}  {:<10}  {:<4}  {:<22}  {exported}",
                r.label,
                r.status,
                r.exit_code,
                r.operation.as_deref().unwrap_or("-")
            )?;
            if let Some(e) = r.error.as_ref().map(|e| &e.message) {
                writeln!(f, "  {:<w$}  error: {}", "", e.lines().next().unwrap_or(""))?;
            }
        }
        let worst = self.exit.code();
        write!(f, "exit {worst} (the worst outcome)")
    }
}

impl Job for FleetReport {
    fn job(&self) -> Option<JobReport> {
        let mut md = format!(
            "### vern fleet `{}`: {} migration(s)\n\n| row | status | exit | operation | error |\n|---|---|---:|---|---|\n",
            self.manifest,
            self.rows.len()
        );
        for r in &self.rows {
            md.push_str(&format!(
                "| {} | {} | {} | `{}` | {} |\n",
                cell(&r.label),
                r.status,
                r.exit_code,
                r.operation.as_deref().unwrap_or("-"),
                cell(r.error.as_ref().map_or("", |e| e.message.as_str()))
            ));
        }
        Some(JobReport {
            summary: md,
            outputs: vec![(
                "status".into(),
                if self.exit == ExitCode::Success {
                    "completed"
                } else {
                    "partial"
                }
                .into(),
            )],
        })
    }
}

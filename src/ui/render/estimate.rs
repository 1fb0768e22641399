//! How a plan reads: one row per sheet and the total, with what the run would send, and why it
//! would be refused when it would.

use super::{Job, bytes, count, github::JobReport};
use crate::model::estimate::{DeliveryPlan, ExportPlan, MigrationPlan, SheetPlan, Tally};
use std::fmt;

/// A row of the table; a webhook's sends batches, not files.
fn row(name: &str, r: &Tally, hook: bool) -> [String; 9] {
    let what = if hook {
        format!("{} batch(es), {} request(s)", r.batches, r.api_requests)
    } else {
        format!(
            "{} file(s){}, {} request(s)",
            r.files,
            if r.batches > 0 {
                format!(", {} batch(es)", r.batches)
            } else {
                String::new()
            },
            r.api_requests
        )
    };
    [
        name.to_string(),
        count(r.requested_count),
        count(r.already_delivered),
        count(r.new_count),
        count(r.changed_count),
        count(r.removed_count),
        count(r.to_send),
        bytes(r.bytes),
        what,
    ]
}

fn tally(s: &SheetPlan) -> Tally {
    Tally::sum(std::slice::from_ref(s), 0)
}

impl fmt::Display for DeliveryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hook = self.destination_type == "webhook";
        writeln!(
            f,
            "plan: deliver {} as {}{} to {} ({} mode) — nothing was sent",
            self.company,
            if hook {
                "signed JSON batches"
            } else {
                &self.format
            },
            if self.gzip { " (gzip)" } else { "" },
            self.destination,
            self.mode
        )?;
        let head = [
            "SHEET",
            "ROWS",
            "DELIVERED",
            "NEW",
            "CHANGED",
            "REMOVED",
            "TO SEND",
            "BYTES",
            "",
        ]
        .map(String::from);
        let mut rows = vec![head];
        for s in &self.sheets {
            rows.push(row(&s.sheet, &tally(s), hook));
        }
        rows.push(row("total", &self.total, hook));
        let widths: Vec<usize> = (0..9)
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for r in &rows {
            let line: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 || i == 8 {
                        format!("{c:<w$}", w = widths[i])
                    } else {
                        format!("{c:>w$}", w = widths[i])
                    }
                })
                .collect();
            writeln!(f, "  {}", line.join("  ").trim_end())?;
        }
        for s in self.sheets.iter().filter(|s| s.exists) {
            writeln!(f, "  {} exists at the destination already", s.name)?;
        }
        if self.total.would_skip > 0 && !self.refused {
            writeln!(
                f,
                "  capped at {} rows: {} left for the next run",
                count(self.max_rows.unwrap_or_default()),
                count(self.total.would_skip)
            )?;
        }
        for s in &self.stale {
            writeln!(f, "  stale: {s}")?;
        }
        if let Some(r) = &self.reason {
            writeln!(f, "  refused: {r}")?;
        }
        super::write_next(f, &self.next)
    }
}

impl Job for DeliveryPlan {
    fn job(&self) -> Option<JobReport> {
        Some(JobReport {
            summary: String::new(),
            outputs: vec![
                ("to_send".into(), self.total.to_send.to_string()),
                ("bytes".into(), self.total.bytes.to_string()),
            ],
        })
    }
}

impl fmt::Display for ExportPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "plan: {} export of {} — nothing was sent",
            self.mode, self.company
        )?;
        let width = self
            .templates
            .iter()
            .map(|t| t.sheet.len())
            .max()
            .unwrap_or(0);
        for t in &self.templates {
            writeln!(
                f,
                "  {:width$}  {:>9} rows  (canary {})  from import {}",
                t.sheet,
                count(t.rows),
                t.canary_rows,
                t.import_run
            )?;
        }
        writeln!(
            f,
            "  to write: {} rows{}; {} request to start the run, then its polls",
            count(self.to_send),
            if self.row_filter {
                " at most (--row-filter may write fewer)"
            } else {
                ""
            },
            self.api_requests
        )?;
        if let Some(r) = &self.reason {
            writeln!(f, "  refused: {r}")?;
        }
        super::write_next(f, &self.next)
    }
}

impl Job for ExportPlan {}

impl fmt::Display for MigrationPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation {
            Some(op) => writeln!(f, "plan: continue migration {op} — nothing was sent")?,
            None => writeln!(f, "plan: a new migration — nothing was sent")?,
        }
        for s in &self.steps {
            let mut what = Vec::new();
            if let Some(n) = s.files {
                what.push(format!("{n} file(s)"));
            }
            if let Some(n) = s.rows {
                what.push(format!("{} rows", count(n)));
            }
            if let Some(n) = s.bytes {
                what.push(bytes(n));
            }
            if let Some(n) = s.api_requests {
                what.push(format!("{n} request(s)"));
            }
            writeln!(
                f,
                "  {:<9} {:<9} {}{}{}",
                s.step,
                s.status.replace('_', " "),
                what.join(", "),
                if what.is_empty() { "" } else { " — " },
                s.note
            )?;
        }
        write!(
            f,
            "  {} request(s) known now; the polls, and what depends on the import, come on top",
            self.api_requests
        )
    }
}

impl Job for MigrationPlan {}

//! How a plan reads: one row per sheet and the total, with what the run would send, and why it
//! would be refused when it would.

use super::{Job, bytes, count, github::JobReport};
use crate::model::estimate::{DeliveryPlan, SheetPlan, Tally};
use std::fmt;

fn row(name: &str, r: &Tally) -> [String; 9] {
    [
        name.to_string(),
        count(r.requested_count),
        count(r.already_delivered),
        count(r.new_count),
        count(r.changed_count),
        count(r.removed_count),
        count(r.to_send),
        bytes(r.bytes),
        format!(
            "{} file(s){}, {} request(s)",
            r.files,
            if r.batches > 0 {
                format!(", {} batch(es)", r.batches)
            } else {
                String::new()
            },
            r.api_requests
        ),
    ]
}

fn tally(s: &SheetPlan) -> Tally {
    Tally::sum(std::slice::from_ref(s), 0)
}

impl fmt::Display for DeliveryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "plan: deliver {} as {}{} to {} ({} mode) — nothing was sent",
            self.company,
            self.format,
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
            rows.push(row(&s.sheet, &tally(s)));
        }
        rows.push(row("total", &self.total));
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

//! How a delivery run reads: one line for the run, one per file, the manifest; and a table on a
//! GitHub Actions summary page with the run id and the manifest as step outputs.

use super::{Job, bytes, count, github::JobReport, github::cell};
use crate::model::delivery::DeliveryView;
use std::fmt;

impl fmt::Display for DeliveryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let delivered = self
            .files
            .iter()
            .filter(|f| !f.skipped && !f.nothing_new)
            .count();
        let again = if self.again {
            " (already delivered; --new delivers again)"
        } else {
            ""
        };
        writeln!(
            f,
            "delivery {}: {} file(s), {} rows, {} to {}{again}",
            self.id,
            delivered,
            count(self.record_count),
            bytes(self.file_size),
            self.destination
        )?;
        let width = self.files.iter().map(|f| f.path.len()).max().unwrap_or(0);
        for file in &self.files {
            if file.skipped {
                writeln!(f, "  {:width$}  skipped: it already exists", file.path)?;
                continue;
            }
            if file.nothing_new {
                writeln!(f, "  {:width$}  nothing new or changed: no file", file.path)?;
                continue;
            }
            let sha = file
                .sha256
                .as_deref()
                .and_then(|s| s.get(..16))
                .unwrap_or("-");
            writeln!(
                f,
                "  {:width$}  {:>9} rows  {:>10}  sha256 {sha}…",
                file.path,
                count(file.rows),
                bytes(file.bytes)
            )?;
            if file.xml_dropped > 0 {
                writeln!(
                    f,
                    "  {:width$}  {} character(s) XML 1.0 forbids were removed",
                    "",
                    count(file.xml_dropped)
                )?;
            }
        }
        if let Some(d) = &self.delta {
            writeln!(
                f,
                "delta: {} new, {} changed, {} unchanged (not sent), {} removed (left at the destination)",
                count(d.new),
                count(d.changed),
                count(d.unchanged),
                count(d.removed)
            )?;
        }
        if self.deferred > 0 {
            writeln!(
                f,
                "deferred: {} new or changed rows left for the next run (--max-rows)",
                count(self.deferred)
            )?;
        }
        match &self.manifest {
            Some(m) => write!(f, "manifest {m}"),
            None => write!(f, "no manifest"),
        }
    }
}

impl Job for DeliveryView {
    fn job(&self) -> Option<JobReport> {
        let mut md = format!(
            "### vern deliver `{}`: {}\n\nTo `{}` as {}{}\n\n| file | rows | bytes | sha256 |\n|---|---:|---:|---|\n",
            self.id,
            self.status,
            cell(&self.destination),
            self.format,
            if self.gzip { " (gzip)" } else { "" }
        );
        for file in &self.files {
            let (rows, size, sha) = if file.skipped {
                ("skipped".to_string(), String::new(), String::new())
            } else {
                (
                    count(file.rows),
                    bytes(file.bytes),
                    file.sha256.clone().unwrap_or_default(),
                )
            };
            md.push_str(&format!(
                "| `{}` | {rows} | {size} | `{sha}` |\n",
                cell(&file.path)
            ));
        }
        let mut outputs = vec![
            ("delivery_run".to_string(), self.id.clone()),
            ("record_count".to_string(), self.record_count.to_string()),
        ];
        if let Some(m) = &self.manifest {
            outputs.push(("manifest".into(), m.clone()));
        }
        Some(JobReport {
            summary: md,
            outputs,
        })
    }
}

//! How a delivery run reads: one line for the run, one per file, the manifest; and a table on a
//! GitHub Actions summary page with the run id and the manifest as step outputs.

use super::{Job, bytes, count, github::JobReport, github::cell};
use crate::model::delivery::DeliveryView;
use std::fmt;

/// A webhook delivery's sheets: (name, batches, acknowledged, failed, rows acknowledged).
fn sheets(v: &DeliveryView) -> Vec<(&str, u64, u64, u64, u64)> {
    let mut out: Vec<(&str, u64, u64, u64, u64)> = Vec::new();
    for b in &v.batches {
        let name = if b.sheet.is_empty() {
            b.sheet_id.as_str()
        } else {
            b.sheet.as_str()
        };
        let i = match out.iter().position(|s| s.0 == name) {
            Some(i) => i,
            None => {
                out.push((name, 0, 0, 0, 0));
                out.len() - 1
            }
        };
        let s = &mut out[i];
        s.1 += 1;
        match b.status {
            "acknowledged" => {
                s.2 += 1;
                s.4 += b.size;
            }
            "failed" => s.3 += 1,
            _ => {}
        }
    }
    out
}

/// A webhook delivery: a line per sheet, one per failed batch, and what to do about them.
fn webhook(v: &DeliveryView, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let acknowledged = v
        .batches
        .iter()
        .filter(|b| b.status == "acknowledged")
        .count();
    let again = if v.again {
        " (already delivered; --new delivers again)"
    } else {
        ""
    };
    writeln!(
        f,
        "delivery {}: {} of {} batch(es) acknowledged, {} rows, {} to {}{again}",
        v.id,
        count(acknowledged as u64),
        count(v.batches.len() as u64),
        count(v.record_count),
        bytes(v.file_size),
        v.destination
    )?;
    let rows = sheets(v);
    let empty: Vec<&str> = v
        .sheets
        .iter()
        .filter(|s| s.batches == Some(0))
        .map(|s| {
            if s.sheet.is_empty() {
                s.sheet_id.as_str()
            } else {
                s.sheet.as_str()
            }
        })
        .collect();
    let width = rows
        .iter()
        .map(|s| s.0.len())
        .chain(empty.iter().map(|s| s.len()))
        .max()
        .unwrap_or(0);
    for (name, total, acked, failed, n) in &rows {
        write!(
            f,
            "  {name:width$}  {acked}/{total} batches acknowledged  {:>9} rows",
            count(*n)
        )?;
        if *failed > 0 {
            write!(f, "  {failed} failed")?;
        }
        writeln!(f)?;
    }
    for name in empty {
        let why = if v.delta.is_some() {
            "nothing new or changed"
        } else {
            "no rows"
        };
        writeln!(f, "  {name:width$}  {why}: no batch")?;
    }
    for b in v.batches.iter().filter(|b| b.status != "acknowledged") {
        let name = if b.sheet.is_empty() {
            &b.sheet_id
        } else {
            &b.sheet
        };
        writeln!(
            f,
            "  {} {name} batch {} (rows {}–{}, webhook-id {}){}",
            b.status,
            b.index,
            b.start_row_index,
            b.end_row_index,
            b.id,
            b.error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        )?;
    }
    delta_lines(v, f)?;
    if v.failed_batches().next().is_some() {
        write!(
            f,
            "next: fix what the endpoint refused, then run the same command again: it sends only the batches not acknowledged, under the same ids"
        )
    } else {
        write!(
            f,
            "no manifest (the endpoint's acknowledgements are the record)"
        )
    }
}

/// Delta mode: how the rows compared with the ledgers, and what a deferred cap left.
fn delta_lines(v: &DeliveryView, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if let Some(d) = &v.delta {
        writeln!(
            f,
            "delta: {} new, {} changed, {} unchanged (not sent), {} removed (left at the destination)",
            count(d.new),
            count(d.changed),
            count(d.unchanged),
            count(d.removed)
        )?;
    }
    if v.deferred > 0 {
        writeln!(
            f,
            "deferred: {} new or changed rows left for the next run (--max-rows)",
            count(v.deferred)
        )?;
    }
    Ok(())
}

impl fmt::Display for DeliveryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.batch_size.is_some() {
            return webhook(self, f);
        }
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
        delta_lines(self, f)?;
        match &self.manifest {
            Some(m) => write!(f, "manifest {m}"),
            None => write!(f, "no manifest"),
        }
    }
}

impl Job for DeliveryView {
    fn job(&self) -> Option<JobReport> {
        if self.batch_size.is_some() {
            let mut md = format!(
                "### vern deliver `{}`: {}\n\nTo `{}` in batches of {}\n\n| sheet | batches | acknowledged | failed | rows |\n|---|---:|---:|---:|---:|\n",
                self.id,
                self.status,
                cell(&self.destination),
                self.batch_size.unwrap_or_default()
            );
            for (name, total, acked, failed, rows) in sheets(self) {
                md.push_str(&format!(
                    "| {} | {total} | {acked} | {failed} | {} |\n",
                    cell(name),
                    count(rows)
                ));
            }
            return Some(JobReport {
                summary: md,
                outputs: vec![
                    ("delivery_run".to_string(), self.id.clone()),
                    ("record_count".to_string(), self.record_count.to_string()),
                ],
            });
        }
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

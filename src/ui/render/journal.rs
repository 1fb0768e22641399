//! How the journal reads: the history table of `vern runs list` and one operation in full.

use super::{Job, bytes, count};
use crate::journal::record::Operation;
use crate::model::journal::{History, HistoryFilter, Shown, delivery_summary};
use serde_json::Value;
use std::fmt;

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn duration(op: &Operation) -> String {
    let parse = |s: &str| humantime::parse_rfc3339_weak(s.trim_end_matches('Z')).ok();
    let start = parse(&op.created_at);
    let end = op
        .finished_at
        .as_deref()
        .map(parse)
        .unwrap_or_else(|| parse(&op.updated_at));
    match (start, end) {
        (Some(a), Some(b)) => b.duration_since(a).map(super::duration).unwrap_or_default(),
        _ => String::new(),
    }
}

impl fmt::Display for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operations.is_empty() && self.unreadable.is_empty() {
            return if self.filter.is_empty() {
                write!(f, "no operations in the journal")
            } else {
                write!(f, "no operations {}", self.filter)
            };
        }
        let rows: Vec<[String; 8]> = self
            .operations
            .iter()
            .map(|o| {
                let runs = o
                    .run_ids()
                    .iter()
                    .map(|(k, id)| format!("{k} {}", short(id)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let c = &o.counts;
                let mut counts = Vec::new();
                if let Some(n) = c.inserted {
                    counts.push(format!("{} rows", count(n)));
                }
                if let Some(n) = c.flagged.filter(|n| *n > 0) {
                    counts.push(format!("{} flagged", count(n)));
                }
                if let Some(n) = c.exported_ok {
                    counts.push(format!("{} exported", count(n)));
                }
                if let Some(n) = c.exported_failed.filter(|n| *n > 0) {
                    counts.push(format!("{} failed", count(n)));
                }
                if let Some(d) = delivery_summary(o) {
                    counts.push(format!(
                        "delivered {} rows, {} to {}",
                        count(d.record_count),
                        bytes(d.file_size),
                        o.delivery
                            .as_ref()
                            .map(|d| d.target.as_str())
                            .unwrap_or("-")
                    ));
                    if let Some(job) = o.delivery.as_ref().and_then(|d| d.job.as_ref()) {
                        counts.push(job_run(job));
                    }
                }
                [
                    o.id.clone(),
                    o.kind.to_string(),
                    o.company.as_deref().map(short).unwrap_or("-").to_string(),
                    o.step.to_string(),
                    o.status.to_string(),
                    o.created_at
                        .get(..19)
                        .unwrap_or(&o.created_at)
                        .replace('T', " "),
                    duration(o),
                    [runs, counts.join(", ")]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                ]
            })
            .collect();
        let head = [
            "ID",
            "KIND",
            "COMPANY",
            "STEP",
            "STATUS",
            "STARTED",
            "TOOK",
            "RUNS · COUNTS",
        ];
        let mut w = [0usize; 8];
        for r in rows
            .iter()
            .map(|r| r.each_ref().map(|s| s.chars().count()))
            .chain([head.map(str::len)])
        {
            for (i, n) in r.iter().enumerate() {
                w[i] = w[i].max(*n);
            }
        }
        let line = |cells: [&str; 8]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i == 7 {
                    s.push_str(c);
                } else {
                    s.push_str(&format!("{c:<width$}  ", width = w[i]));
                }
            }
            s.trim_end().to_string()
        };
        writeln!(f, "{}", line(head))?;
        for r in &rows {
            writeln!(f, "{}", line(r.each_ref().map(String::as_str)))?;
        }
        for o in &self.operations {
            if let Some(e) = &o.error {
                writeln!(
                    f,
                    "{}: error: {}",
                    o.id,
                    e.message.lines().next().unwrap_or("")
                )?;
            }
        }
        for u in &self.unreadable {
            writeln!(f, "unreadable: {}: {}", u.path, u.error)?;
        }
        if self.total > self.operations.len() {
            write!(
                f,
                "({} of {} shown; --limit to see more)",
                self.operations.len(),
                self.total
            )?;
        }
        Ok(())
    }
}

/// `with status paused or errored, of company 0e7b3c1a, active since 2026-11-22T10:00:00Z`
impl fmt::Display for HistoryFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.status.is_empty() {
            let names: Vec<&str> = self.status.iter().map(|s| s.as_str()).collect();
            parts.push(format!("with status {}", names.join(" or ")));
        }
        if let Some(c) = &self.company {
            parts.push(format!("of company {c}"));
        }
        if let Some(t) = self.since {
            parts.push(format!(
                "active since {}",
                humantime::format_rfc3339_seconds(t)
            ));
        }
        f.write_str(&parts.join(", "))
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.op;
        writeln!(
            f,
            "operation {} ({}): {} at step {}",
            o.id, o.kind, o.status, o.step
        )?;
        writeln!(f, "  command   vern {}", o.argv.join(" "))?;
        writeln!(
            f,
            "  api       {}{}",
            o.api_url,
            if o.sandbox {
                " (in-process sandbox)"
            } else {
                ""
            }
        )?;
        if let Some(c) = &o.company {
            writeln!(f, "  company   {c}")?;
        }
        writeln!(f, "  started   {}", o.created_at)?;
        writeln!(f, "  updated   {}", o.updated_at)?;
        if let Some(t) = &o.finished_at {
            writeln!(f, "  finished  {t}")?;
        }
        if let Some(p) = &o.provision {
            writeln!(
                f,
                "  provision {:?} (external id {}){}",
                p.name,
                p.external_id.as_deref().unwrap_or("-"),
                p.company_id
                    .as_ref()
                    .map(|c| format!(" → {c}"))
                    .unwrap_or_else(|| " (not confirmed)".into())
            )?;
        }
        for file in &o.files {
            let state = match (&file.upload_ref, file.size) {
                (Some(r), Some(n)) => format!("{} uploaded as {r}", bytes(n)),
                (Some(r), None) => format!("upload {r}"),
                _ => "not uploaded".into(),
            };
            writeln!(
                f,
                "  file      {} — {state}",
                if file.path.is_empty() {
                    &file.name
                } else {
                    &file.path
                }
            )?;
        }
        if let Some(i) = &o.import {
            writeln!(
                f,
                "  import    {} {} (key {})",
                i.run_id.as_deref().unwrap_or("(not started)"),
                i.status.as_ref().map_or("-", |s| s.as_str()),
                i.idempotency_key
            )?;
            if let Some(e) = &i.error {
                writeln!(f, "            error: {e}")?;
            }
        }
        for d in &o.decisions {
            writeln!(
                f,
                "  decision  {}{} by {} at {}{}",
                d.decision,
                d.patch_hash
                    .as_ref()
                    .map(|h| format!(" on patch {h}"))
                    .unwrap_or_default(),
                d.decided_by.as_deref().unwrap_or("?"),
                d.at.as_deref().unwrap_or("?"),
                if d.applied { "" } else { " (not applied)" }
            )?;
            for a in &d.answers {
                writeln!(f, "            answer {} = {:?}", a.id, a.value)?;
            }
            if let Some(m) = &d.message {
                writeln!(f, "            message {m:?}")?;
            }
            if let Some(n) = &d.note {
                writeln!(f, "            note {n:?}")?;
            }
        }
        for (name, e) in [("canary", &o.canary), ("export", &o.export)] {
            if let Some(e) = e {
                writeln!(
                    f,
                    "  {name:<9} {} {} — {} writes: {} ok, {} failed, {} hollow",
                    e.run.run_id.as_deref().unwrap_or("(not started)"),
                    e.run.status.as_ref().map_or("-", |s| s.as_str()),
                    e.total,
                    e.succeeded,
                    e.failed,
                    e.hollow
                )?;
            }
        }
        if let (Some(d), Some(run)) = (&o.delivery, delivery_summary(o)) {
            let parts = match &d.webhook {
                Some(w) => format!(
                    "{} batch(es) acknowledged",
                    w.sheets.iter().map(|s| s.acknowledged_count()).sum::<u64>()
                ),
                None => format!("{} file(s)", run.files),
            };
            writeln!(
                f,
                "  deliver   {} {} — {parts}, {} rows, {} to {}",
                run.id,
                run.status,
                count(run.record_count),
                bytes(run.file_size),
                d.target
            )?;
            if let Some(job) = &d.job {
                writeln!(f, "            {}", job_run(job))?;
            }
            for file in d.files.iter().chain(&d.manifest) {
                writeln!(f, "            {} {}", file.state.as_str(), file.location)?;
            }
            for (w, s) in d
                .webhook
                .iter()
                .flat_map(|w| w.sheets.iter().map(move |s| (w, s)))
            {
                let name = if s.sheet.is_empty() {
                    &s.sheet_id
                } else {
                    &s.sheet
                };
                let total = s
                    .batches(w.batch_size)
                    .map_or("?".to_string(), |n| n.to_string());
                let failed = s.failed().count();
                writeln!(
                    f,
                    "            {name}: {}/{total} batches acknowledged{}",
                    s.acknowledged_count(),
                    if failed > 0 {
                        format!(", {failed} failed")
                    } else {
                        String::new()
                    }
                )?;
            }
        }
        for out in o.outputs() {
            writeln!(f, "  output    {out}")?;
        }
        let c = serde_json::to_value(&o.counts).unwrap_or(Value::Null);
        if let Some(map) = c.as_object() {
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            if !parts.is_empty() {
                writeln!(f, "  counts    {}", parts.join(", "))?;
            }
        }
        if let Some(e) = &o.error {
            writeln!(f, "  error     {} (exit {})", e.message, e.exit_code)?;
        }
        if !o.status.is_finished() && !o.sandbox && o.kind.resumable() {
            write!(f, "next: vern resume {}", o.id)?;
        }
        Ok(())
    }
}

impl Job for History {}

impl Job for Shown {}

/// "job nightly (schedule, fire time 2026-03-08T07:00:00Z)": which job a delivery ran for.
fn job_run(job: &crate::journal::record::JobRun) -> String {
    match &job.scheduled_for {
        Some(t) => format!("job {} ({}, fire time {t})", job.name, job.trigger.as_str()),
        None => format!("job {} ({})", job.name, job.trigger.as_str()),
    }
}

//! How a migration's report reads on the terminal and on a GitHub Actions summary page.

use super::{Job, bytes, count, github::JobReport, github::cell};
use crate::api::types::ExportMode;
use crate::journal::record::{DecisionKind, DecisionStep};
use crate::model::migrate::{MigrateReport, Milestone, download_line};
use std::fmt;

/// `accept patch 1f2e… by ana@host`, `(not applied)` when it never landed.
fn decision_line(d: &DecisionStep) -> String {
    format!(
        "{} {} by {}{}",
        d.decision,
        d.patch_hash
            .as_ref()
            .map(|h| format!("patch {h}"))
            .unwrap_or_default(),
        d.decided_by.as_deref().unwrap_or("?"),
        if d.applied { "" } else { " (not applied)" }
    )
}

/// The line a pipeline milestone reads as: a step's title, or an indented detail of it.
pub fn milestone(m: &Milestone<'_>) -> String {
    match m {
        Milestone::Provisioning { name } => format!("provision: company {name:?}"),
        Milestone::Provisioned { company } => format!("      company {company}"),
        Milestone::Uploading { files, bytes: b } => {
            format!("upload: {files} file(s), {}", bytes(*b))
        }
        Milestone::UploadedCopy(copy) => format!("      {copy}"),
        Milestone::Importing => "import: start the run and wait".into(),
        Milestone::ImportStarted { run_id } => format!("      import run {run_id}"),
        Milestone::Decided {
            decision,
            flagged,
            patch_hash,
        } => {
            let what = match decision {
                DecisionKind::Accept => "accepted the proposed fix",
                DecisionKind::Reject => "rejected the proposed fix",
                DecisionKind::Answer => "answered the questions",
                DecisionKind::Message => "sent an instruction",
            };
            format!(
                "      {what} for {} flagged rows (patch {})",
                count(*flagged),
                patch_hash.unwrap_or("-")
            )
        }
        Milestone::Exporting { mode } => match mode {
            ExportMode::Canary => "canary export: the first row of each template".into(),
            _ => "full export: every validated row".into(),
        },
        Milestone::Exported { mode, view } => {
            let name = match mode {
                ExportMode::Canary => "canary",
                _ => "export",
            };
            format!(
                "      {name} run {}: {} ok, {} failed, {} hollow",
                view.run_id, view.succeeded, view.failed, view.hollow
            )
        }
        Milestone::Downloading { dir } => format!("download: valid rows into {}", dir.display()),
        Milestone::DownloadedAgain { earlier } => {
            format!("      downloaded again (this operation's earlier files are in {earlier})")
        }
        Milestone::Delivering { to, format } => format!("deliver: valid rows as {format} to {to}"),
        Milestone::Delivered {
            name,
            rows,
            bytes: b,
        } => format!(
            "      delivered {name}: {} rows, {}",
            count(*rows),
            bytes(*b)
        ),
        Milestone::NothingNew { name } => {
            format!("      {name}: nothing new or changed since the last delivery; no file")
        }
        Milestone::DeliveryRestarted { name, reason } => {
            format!("      {name}: the source broke off ({reason}); starting the file over")
        }
        Milestone::BatchRetried {
            sheet,
            index,
            reason,
        } => format!("      {sheet} batch {index}: {reason}; sending it again (same id)"),
        Milestone::BatchRefused {
            sheet,
            index,
            status,
            reply,
        } => {
            let reply = if reply.is_empty() {
                String::new()
            } else {
                format!(": {reply}")
            };
            format!("      {sheet} batch {index} refused (HTTP {status}{reply}); going on")
        }
        Milestone::SheetSent {
            sheet,
            acknowledged,
            batches,
            rows,
        } => format!(
            "      delivered {sheet}: {} of {} batch(es) acknowledged, {} rows",
            count(*acknowledged),
            count(*batches),
            count(*rows)
        ),
    }
}

impl fmt::Display for MigrateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "migrate {}: {}", self.operation, self.status)?;
        if let Some(c) = &self.company {
            writeln!(f, "  company   {c}")?;
        }
        if let Some(i) = &self.import {
            let report = i
                .report
                .as_ref()
                .map(|r| {
                    format!(
                        " — {} rows, {} flagged",
                        count(r.inserted),
                        count(r.invalid_cell_count)
                    )
                })
                .unwrap_or_default();
            writeln!(f, "  import    {} {}{report}", i.run_id, i.status)?;
        }
        for d in &self.decisions {
            writeln!(f, "  review    {}", decision_line(d))?;
        }
        for (name, e) in [("canary", &self.canary), ("export", &self.export)] {
            if let Some(e) = e {
                let mut line = format!(
                    "  {name:<9} {} {} — {} writes: {} ok, {} failed",
                    e.run_id,
                    e.status,
                    count(e.total),
                    count(e.succeeded),
                    count(e.failed)
                );
                if e.hollow > 0 {
                    line.push_str(&format!(", {} hollow", count(e.hollow)));
                }
                writeln!(f, "{line}")?;
                for g in &e.failures {
                    writeln!(
                        f,
                        "            {} × {} {}",
                        count(g.count),
                        g.status,
                        g.error
                    )?;
                }
                if e.hollow > 0 {
                    writeln!(
                        f,
                        "            warning: {} hollow writes (2xx, but the record came back empty)",
                        count(e.hollow)
                    )?;
                }
            }
        }
        for d in &self.downloads {
            writeln!(f, "  download  {}", download_line(d))?;
        }
        if let Some(d) = &self.delivery {
            let delivered = d
                .files
                .iter()
                .filter(|f| !f.skipped && !f.nothing_new)
                .count();
            writeln!(
                f,
                "  deliver   {} {}: {delivered} file(s), {} rows, {} to {}",
                d.id,
                d.status,
                count(d.record_count),
                bytes(d.file_size),
                d.destination
            )?;
            if let Some(m) = &d.manifest {
                writeln!(f, "            manifest {m}")?;
            }
        }
        let c = &self.counts;
        let mut parts = Vec::new();
        let mut add = |label: &str, v: Option<u64>| {
            if let Some(v) = v {
                parts.push(format!("{} {label}", count(v)));
            }
        };
        add("sent", c.rows_sent);
        add("inserted", c.inserted);
        add("flagged", c.flagged);
        add("fixed", c.fixed);
        add("exported ok", c.exported_ok);
        add("failed", c.exported_failed);
        add("hollow", c.exported_hollow);
        add("downloaded", c.downloaded);
        if !parts.is_empty() {
            writeln!(f, "  rows: {}", parts.join(" · "))?;
        }
        if let Some(b) = c.bytes_uploaded {
            writeln!(f, "  uploaded {}", bytes(b))?;
        }
        if let Some(r) = &self.reason {
            writeln!(f, "  stopped: {r}")?;
        }
        super::write_next(f, &self.next)?;
        Ok(())
    }
}

impl Job for MigrateReport {
    fn job(&self) -> Option<JobReport> {
        Some(job(self))
    }
}

/// The migration on the GitHub Actions summary page, and its outputs.
fn job(r: &MigrateReport) -> JobReport {
    let mut md = format!("### vern migrate `{}`: {}\n\n", r.operation, r.status);
    md.push_str("| step | run | status |\n|---|---|---|\n");
    if let Some(c) = &r.company {
        md.push_str(&format!("| company | `{c}` | |\n"));
    }
    if let Some(i) = &r.import {
        md.push_str(&format!("| import | `{}` | {} |\n", i.run_id, i.status));
    }
    for d in &r.decisions {
        md.push_str(&format!("| review | | {} |\n", cell(&decision_line(d))));
    }
    for (name, e) in [("canary", &r.canary), ("export", &r.export)] {
        if let Some(e) = e {
            md.push_str(&format!("| {name} | `{}` | {} |\n", e.run_id, e.status));
        }
    }
    md.push('\n');
    let c = &r.counts;
    let n = |v: Option<u64>| v.map(count).unwrap_or_else(|| "–".into());
    md.push_str(&format!(
        "| sent | inserted | flagged | fixed | exported ok | failed | hollow | downloaded |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} | {} | {} |\n\n",
        n(c.rows_sent),
        n(c.inserted),
        n(c.flagged),
        n(c.fixed),
        n(c.exported_ok),
        n(c.exported_failed),
        n(c.exported_hollow),
        n(c.downloaded)
    ));
    for (title, e) in [("canary", &r.canary), ("full export", &r.export)] {
        if let Some(e) = e {
            md.push_str(&super::export::export_markdown(e, title));
        }
    }
    if let Some(reason) = &r.reason {
        md.push_str(&format!(
            "Stopped at **{}**: {}\n\n",
            r.stopped_at.as_deref().unwrap_or("?"),
            cell(reason)
        ));
    }
    if let Some(i) = r.import.as_ref().filter(|i| i.status.awaits_decision()) {
        md.push_str(&super::import::attention_markdown(i));
    }
    md.push_str(&super::next_markdown(&r.next));
    let mut outputs = vec![
        ("operation".to_string(), r.operation.clone()),
        ("status".to_string(), r.status.to_string()),
    ];
    if let Some(c) = &r.company {
        outputs.push(("company".into(), c.clone()));
    }
    if let Some(i) = &r.import {
        outputs.push(("import_run".into(), i.run_id.clone()));
        if let Some(h) = &i.patch_hash {
            outputs.push(("patch_hash".into(), h.clone()));
        }
    }
    if let Some(e) = &r.canary {
        outputs.push(("canary_run".into(), e.run_id.clone()));
    }
    if let Some(e) = &r.export {
        outputs.push(("export_run".into(), e.run_id.clone()));
    }
    JobReport {
        summary: md,
        outputs,
    }
}

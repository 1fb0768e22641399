//! The export step: build the request, start the run once (the key and the exact request are
//! saved before the POST) and wait for it, record its totals, and write every result row to
//! `--report` as CSV or JSON lines. The canary and the full export are the same step in two modes.

use crate::api::Client;
use crate::api::types::{ExportMode, ExportRequest, RunStatus, Selection, WriteResult};
use crate::api::wait::Waited;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{ExportStep, Operation, Phase, Point, RunStep, Step};
use crate::journal::{Journal, OpHandle, checkpoint, now};
use crate::model::export::ExportView;
use anyhow::Result;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use tokio::time::Instant;

pub fn request(
    mode: ExportMode,
    templates: &[String],
    row_filter: Option<&str>,
    idempotency_key: Option<String>,
) -> Result<ExportRequest, UserError> {
    let filter = match row_filter {
        None => None,
        Some(text) => {
            let v: Value = serde_json::from_str(text).map_err(|e| {
                UserError::usage(format!("--row-filter is not valid JSON: {e}"))
                    .with_hint("e.g. --row-filter '{\"Status\": [\"Open\", \"Pending\"]}'")
            })?;
            if !v.is_object() {
                return Err(UserError::usage("--row-filter must be a JSON object")
                    .with_hint("e.g. --row-filter '{\"Status\": \"Open\"}'"));
            }
            Some(v)
        }
    };
    let selection = (!templates.is_empty() || filter.is_some()).then(|| Selection {
        template_ids: (!templates.is_empty()).then(|| templates.to_vec()),
        row_filter: filter,
    });
    Ok(ExportRequest {
        mode: Some(mode),
        selection,
        idempotency_key,
    })
}

/// The format of `--report`: `--report-format`, else what the file's name says (`.jsonl`,
/// `.ndjson`, `.json`: JSON lines), else CSV — never a refusal over a name (`/dev/stdout`, a FIFO,
/// `report.txt` all work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    #[value(name = "jsonl")]
    JsonLines,
}

impl ReportFormat {
    pub fn for_path(path: &Path, given: Option<ReportFormat>) -> ReportFormat {
        given.unwrap_or_else(|| {
            match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("jsonl" | "ndjson" | "json") => ReportFormat::JsonLines,
                _ => ReportFormat::Csv,
            }
        })
    }
}

/// Write every result row through `output` (atomically for a file, through a device or FIFO).
pub fn write_report(
    path: &Path,
    format: ReportFormat,
    results: &[WriteResult],
) -> anyhow::Result<()> {
    let pending = crate::output::create(path)?;
    let written = (|| -> anyhow::Result<()> {
        let out = std::io::BufWriter::new(pending.file());
        match format {
            ReportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record([
                    "template_id",
                    "path",
                    "status",
                    "ok",
                    "error",
                    "fields_confirmed",
                    "natural_key",
                ])?;
                for r in results {
                    let confirmed = match r.fields_confirmed {
                        Some(true) => "true",
                        Some(false) => "false",
                        None => "",
                    };
                    w.write_record([
                        r.template_id.as_str(),
                        r.path.as_str(),
                        &r.status.to_string(),
                        if r.ok { "true" } else { "false" },
                        r.error.as_deref().unwrap_or(""),
                        confirmed,
                        r.natural_key.as_deref().unwrap_or(""),
                    ])?;
                }
                w.flush()?;
            }
            ReportFormat::JsonLines => {
                let mut out = out;
                for r in results {
                    serde_json::to_writer(&mut out, r)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            }
        }
        Ok(())
    })();
    // A failed write drops `pending`: no partial report under the name, the old one kept.
    written.map_err(|e| e.context(format!("cannot write the report {}", path.display())))?;
    pending.commit()?;
    Ok(())
}

fn phase(mode: &ExportMode) -> Phase {
    match mode {
        ExportMode::Canary => Phase::Canary,
        _ => Phase::Export,
    }
}

fn slot<'a>(op: &'a mut Operation, mode: &ExportMode) -> &'a mut Option<ExportStep> {
    match mode {
        ExportMode::Canary => &mut op.canary,
        _ => &mut op.export,
    }
}

/// Start (once) and wait for an export run in `req`'s mode (canary or full).
pub async fn export(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    mut req: ExportRequest,
    key: String,
    deadline: Option<Instant>,
) -> Result<ExportView> {
    let mode = req.mode.clone().unwrap_or(ExportMode::Full);
    let phase = phase(&mode);
    if slot(&mut op.op, &mode).is_none() {
        req.idempotency_key = Some(key.clone());
        *slot(&mut op.op, &mode) = Some(ExportStep {
            mode: mode.clone(),
            run: RunStep {
                idempotency_key: key,
                request: serde_json::to_value(&req)?,
                started_at: Some(now()),
                ..Default::default()
            },
            total: 0,
            succeeded: 0,
            failed: 0,
            hollow: 0,
            report_file: None,
        });
        op.step(Step::at(phase, Point::Key))?;
    }
    let step = slot(&mut op.op, &mode).clone();
    let Some(step) = step else {
        anyhow::bail!("the export step vanished from the journal");
    };
    let run_id = match step.run.run_id.clone() {
        Some(id) => id,
        None => {
            let req: ExportRequest = serde_json::from_value(step.run.request.clone())?;
            let result = client.create_export(company, &req).await;
            checkpoint(&Step::at(phase, Point::Response).to_string());
            let created = result.map_err(|e| start_error(company, e))?;
            if let Some(s) = slot(&mut op.op, &mode).as_mut() {
                s.run.run_id = Some(created.value.run_id.clone());
                s.run.status = Some(created.value.status.clone());
            }
            op.step(Step::at(phase, Point::Run))?;
            created.value.run_id
        }
    };
    let (reply, timed_out) = match client.wait_export(company, &run_id, deadline).await? {
        Waited::Settled(r) => (r, false),
        Waited::TimedOut(r) => (r, true),
    };
    let view = ExportView::new(company, &run_id, &reply.value, timed_out);
    record(op, &mode, &view)?;
    if timed_out {
        op.save()?;
    } else {
        op.step(Step::at(phase, Point::Done))?;
    }
    Ok(view)
}

fn record(op: &mut OpHandle, mode: &ExportMode, view: &ExportView) -> Result<()> {
    if let Some(s) = slot(&mut op.op, mode).as_mut() {
        s.run.status = Some(view.status.clone());
        s.run.error = view.error.clone();
        s.total = view.total;
        s.succeeded = view.succeeded;
        s.failed = view.failed;
        s.hollow = view.hollow;
        if view.status.is_terminal() {
            s.run.ended_at = Some(now());
        }
    }
    // The operation's counts are the full export's, or the canary's while there is none.
    if *mode != ExportMode::Canary || op.op.export.is_none() {
        let c = &mut op.op.counts;
        c.exported_ok = Some(view.succeeded - view.hollow.min(view.succeeded));
        c.exported_failed = Some(view.failed);
        c.exported_hollow = Some(view.hollow);
    }
    Ok(())
}

/// An export run that failed at job level (destination down, bad credentials) is retried with a
/// fresh key when the operation continues; one that completed (even with failed writes) is kept.
pub fn forget_failed_run(op: &mut OpHandle, mode: &ExportMode) -> Result<()> {
    let slot = slot(&mut op.op, mode);
    let failed = slot.as_ref().is_some_and(|s| {
        matches!(
            s.run.status,
            Some(RunStatus::Failed) | Some(RunStatus::Canceled)
        )
    });
    if failed {
        *slot = None;
        op.save()?;
    }
    Ok(())
}

/// A refused start, in terms of what the user should do.
fn start_error(company: &str, e: crate::api::Error) -> anyhow::Error {
    if e.is_status(409) {
        let msg = e.server_message().unwrap_or("conflict").to_string();
        let hint = match e.run_id() {
            Some(run) => {
                format!("wait for the run in the way with: vern poll --company {company} {run}")
            }
            None => "check the company's destination connection and runs in flight".to_string(),
        };
        return UserError::new(
            ExitCode::Conflict,
            format!("the export was not started: {msg}"),
        )
        .with_hint(hint)
        .into();
    }
    e.into()
}

/// A full export already done for this company by another operation of this journal: (its id,
/// when it started).
pub fn earlier_full_export(
    journal: &Journal,
    company: &str,
    this_op: &str,
) -> Result<Option<(String, String)>> {
    Ok(journal
        .all()?
        .into_iter()
        .filter(|o| o.id != this_op && o.company.as_deref() == Some(company))
        .find_map(|o| {
            let e = o
                .export
                .as_ref()
                .filter(|e| e.mode == ExportMode::Full && e.run.run_id.is_some())?;
            Some((o.id.clone(), e.run.started_at.clone().unwrap_or_default()))
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_filters_must_be_json_objects() {
        let r = request(ExportMode::Full, &[], Some(r#"{"Status":"Open"}"#), None).unwrap();
        assert_eq!(r.selection.unwrap().row_filter.unwrap()["Status"], "Open");
        assert!(request(ExportMode::Full, &[], Some("[1]"), None).is_err());
        assert!(request(ExportMode::Full, &[], Some("{"), None).is_err());
        assert!(
            request(ExportMode::Canary, &[], None, None)
                .unwrap()
                .selection
                .is_none()
        );
    }

    #[test]
    fn reports_are_written_as_csv_or_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![WriteResult {
            template_id: "t".into(),
            path: "/v3/contacts".into(),
            status: 422,
            ok: false,
            error: Some("phone: bad, really".into()),
            fields_confirmed: None,
            natural_key: Some("a@b.co".into()),
        }];
        let csv_path = dir.path().join("r.csv");
        write_report(&csv_path, ReportFormat::for_path(&csv_path, None), &rows).unwrap();
        let text = std::fs::read_to_string(&csv_path).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "t,/v3/contacts,422,false,\"phone: bad, really\",,a@b.co"
        );
        let jl = dir.path().join("r.jsonl");
        write_report(&jl, ReportFormat::for_path(&jl, None), &rows).unwrap();
        let v: Value = serde_json::from_str(std::fs::read_to_string(&jl).unwrap().trim()).unwrap();
        assert_eq!(v["status"], 422);
        let txt = Path::new("r.txt");
        assert_eq!(ReportFormat::for_path(txt, None), ReportFormat::Csv);
        let given = Some(ReportFormat::JsonLines);
        assert_eq!(ReportFormat::for_path(txt, given), ReportFormat::JsonLines);
    }
}

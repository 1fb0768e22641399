//! The import step: start the run once — the idempotency key and the exact request are saved
//! before the POST, so after a crash the same request with the same key recovers the run instead
//! of creating another — then wait for it and record what it settled at.

use crate::api::types::{ImportFile, ImportRequest, ImportRun, RunStatus};
use crate::api::wait::Waited;
use crate::api::{Client, Reply};
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{Phase, Point, RunStep, Step};
use crate::journal::{OpHandle, checkpoint, now};
use crate::model::import::ImportView;
use anyhow::Result;
use serde_json::{Map, Value};
use tokio::time::Instant;

/// Start the import (once); returns the run id and whether the key matched an existing run.
pub async fn start(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    key: String,
    rows: Option<Vec<Map<String, Value>>>,
) -> Result<(String, bool)> {
    if let Some(id) = op.op.import.as_ref().and_then(|i| i.run_id.clone()) {
        return Ok((id, false));
    }
    if op.op.import.is_none() {
        let files = (!op.op.files.is_empty()).then(|| {
            op.op
                .files
                .iter()
                .map(|f| ImportFile {
                    name: f.name.clone(),
                    upload_ref: f.upload_ref.clone().unwrap_or_default(),
                })
                .collect()
        });
        let req = ImportRequest {
            files,
            rows,
            idempotency_key: Some(key.clone()),
        };
        op.op.import = Some(RunStep {
            idempotency_key: key,
            request: serde_json::to_value(&req)?,
            started_at: Some(now()),
            ..Default::default()
        });
        op.step(Step::at(Phase::Import, Point::Key))?;
    }
    let step = op.op.import.clone().unwrap_or_default();
    let req: ImportRequest = serde_json::from_value(step.request)?;
    let result = client.create_import(company, &req).await;
    checkpoint("import:response");
    let created = result.map_err(|e| start_error(company, e))?;
    if let Some(i) = op.op.import.as_mut() {
        i.run_id = Some(created.value.run_id.clone());
        i.status = Some(created.value.status.clone());
    }
    op.step(Step::at(Phase::Import, Point::Run))?;
    Ok((created.value.run_id, created.status == 200))
}

/// A refused start, in terms of what the user should do: a 409 names the run in the way.
fn start_error(company: &str, e: crate::api::Error) -> anyhow::Error {
    if e.is_status(409) {
        let msg = e.server_message().unwrap_or("conflict").to_string();
        let hint = match e.run_id() {
            Some(run) => {
                format!("follow the run in the way with: vern poll --company {company} {run}")
            }
            None => format!("see what is running with: vern poll --company {company} --active"),
        };
        return UserError::new(
            ExitCode::Conflict,
            format!("the import was not started: {msg}"),
        )
        .with_hint(hint)
        .into();
    }
    e.into()
}

/// Wait for the import; record what it settled at and the counts it reports.
pub async fn wait(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    deadline: Option<Instant>,
) -> Result<ImportView> {
    let run_id = op
        .op
        .import
        .as_ref()
        .and_then(|i| i.run_id.clone())
        .ok_or_else(|| anyhow::anyhow!("the import has no run id yet"))?;
    op.step(Step::at(Phase::Import, Point::Wait))?;
    let (reply, timed_out) = match client.wait_import(company, &run_id, deadline).await? {
        Waited::Settled(r) => (r, false),
        Waited::TimedOut(r) => (r, true),
    };
    record(op, &reply, timed_out)?;
    Ok(ImportView::new(company, &run_id, &reply, timed_out))
}

fn record(op: &mut OpHandle, reply: &Reply<ImportRun>, timed_out: bool) -> Result<()> {
    let run = &reply.value;
    let counts = &mut op.op.counts;
    if let Some(r) = &run.report {
        counts.rows_sent.get_or_insert(r.inserted);
        counts.inserted = Some(r.inserted);
        counts.still_flagged = Some(r.invalid_cell_count);
        if run.status == RunStatus::NeedsAttention {
            counts.flagged.get_or_insert(r.invalid_cell_count);
        }
        if let Some(f) = counts.flagged {
            let after = if run.status == RunStatus::NeedsAttention {
                f
            } else {
                r.invalid_cell_count
            };
            counts.fixed = Some(f.saturating_sub(after));
        }
    }
    if let Some(i) = op.op.import.as_mut() {
        i.status = Some(run.status.clone());
        i.report = run
            .report
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok());
        i.error = run.error.clone();
        if run.status.is_terminal() {
            i.ended_at = Some(now());
        }
    }
    if timed_out {
        op.save()
    } else {
        op.step(Step::at(Phase::Import, Point::Settled))
    }
}

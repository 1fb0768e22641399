//! What import and export runs share: creation (idempotent replay, the one-in-flight rule, the
//! run record, handing it to the driver), lookup within a company, and cancellation. Each kind's
//! own checks stay in `imports` and `exports`.

use super::{
    HResult, bad_request, company_not_found, conflict, json_status, new_id, parse_object,
    run_not_found,
};
use crate::api::types::{ExportMode, RunStatus};
use crate::sandbox::world::{CompanyState, CompanyStats, Run, RunBody, RunKind, World};
use crate::sandbox::{Shared, driver};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};
use std::sync::Arc;

/// 404 unless the company exists. Separate from `create_run` because imports and exports have
/// always checked it at different points of their validation, and the first error a client sees
/// must not change.
pub(super) fn ensure_company(shared: &Shared, company: &str) -> Result<(), Response> {
    if shared.world().companies.contains_key(company) {
        Ok(())
    } else {
        Err(company_not_found())
    }
}

/// Start a run of `kind` for `company` from a validated `request` and its idempotency `key`.
///
/// `build` makes the kind's own state; it runs under the world lock, so what it checked (uploads,
/// the company's sheets and connection) still holds when the run is recorded, and its errors come
/// before the in-flight conflicts as they always have.
pub(super) fn create_run(
    shared: &Arc<Shared>,
    company: &str,
    kind: RunKind,
    key: Option<String>,
    request: &Map<String, Value>,
    build: impl FnOnce(&World) -> Result<RunBody, Response>,
) -> HResult {
    let payload = Value::Object(request.clone());
    if let Some(replay) = idempotent_replay(shared, company, kind, key.as_deref(), &payload)? {
        return Ok(replay);
    }
    let mut w = shared.world();
    let body = build(&w)?;
    let c = w.companies.get_mut(company).ok_or_else(company_not_found)?;
    refuse_if_busy(c, kind)?;
    let run_id = new_id();
    *active_run(c, kind) = Some(run_id.clone());
    if let Some(k) = key {
        c.idempotency.insert((kind, k), (payload, run_id.clone()));
    }
    count_run(w.company_stats(company), &body);
    let run = Run {
        id: run_id.clone(),
        company: company.to_string(),
        status: RunStatus::Queued,
        progress: Some("Queued".into()),
        error: None,
        generation: 0,
        body,
    };
    let created = run.created();
    w.runs.insert(run_id.clone(), run);
    drop(w);
    let spawn: fn(Arc<Shared>, String, u64) = match kind {
        RunKind::Import => driver::spawn_import,
        RunKind::Export => driver::spawn_export,
    };
    spawn(shared.clone(), run_id, 0);
    Ok(json_status(StatusCode::CREATED, &created))
}

/// Same key and same payload → the existing run (200); same key, other payload → 409.
fn idempotent_replay(
    shared: &Shared,
    company: &str,
    kind: RunKind,
    key: Option<&str>,
    payload: &Value,
) -> Result<Option<Response>, Response> {
    let Some(key) = key else { return Ok(None) };
    let w = shared.world();
    let Some(c) = w.companies.get(company) else {
        return Ok(None);
    };
    let Some((stored, run_id)) = c.idempotency.get(&(kind, key.to_string())) else {
        return Ok(None);
    };
    if stored != payload {
        return Err(conflict(
            format!("idempotency_key '{key}' was already used with a different payload"),
            None,
        ));
    }
    let run = w.runs.get(run_id).ok_or_else(run_not_found)?;
    Ok(Some(json_status(StatusCode::OK, &run.created())))
}

/// One import at a time per company, and no export while an import is writing the sheets it
/// would read. The 409 names the run in the way so that a client can follow it instead.
fn refuse_if_busy(c: &CompanyState, kind: RunKind) -> Result<(), Response> {
    let in_the_way: &[(&Option<String>, &str)] = match kind {
        RunKind::Import => &[(
            &c.active_import,
            "An import is already running for this company",
        )],
        RunKind::Export => &[
            (
                &c.active_import,
                "An import is in flight for this company; export once it has finished",
            ),
            (
                &c.active_export,
                "An export is already running for this company",
            ),
        ],
    };
    for (active, msg) in in_the_way {
        if let Some(run) = active {
            return Err(conflict(*msg, Some(run.clone())));
        }
    }
    Ok(())
}

fn active_run(c: &mut CompanyState, kind: RunKind) -> &mut Option<String> {
    match kind {
        RunKind::Import => &mut c.active_import,
        RunKind::Export => &mut c.active_export,
    }
}

fn count_run(stats: &mut CompanyStats, body: &RunBody) {
    match body {
        RunBody::Import(_) => stats.import_runs += 1,
        RunBody::Export(export) => {
            stats.export_runs += 1;
            match export.mode {
                ExportMode::Canary => stats.canary_exports += 1,
                _ => stats.full_exports += 1,
            }
        }
    }
}

/// The run, if it belongs to this company and is of this kind: an import's id does not answer
/// on the exports route, nor one company's run under another's.
pub(super) fn find_run<'a>(
    w: &'a mut World,
    company: &str,
    run_id: &str,
    kind: RunKind,
) -> Result<&'a mut Run, Response> {
    if !w.companies.contains_key(company) {
        return Err(company_not_found());
    }
    match w.runs.get_mut(run_id) {
        Some(r) if r.company == company && r.kind() == kind => Ok(r),
        _ => Err(run_not_found()),
    }
}

/// `PATCH` with `{"status": "cancel_requested"}`. Bumping the generation is what stops the
/// driver task: it notices on its next step that the run moved without it.
pub(super) fn cancel(
    shared: &Shared,
    id: &str,
    run_id: &str,
    kind: RunKind,
    body: &Bytes,
) -> HResult {
    let map = parse_object(body)?;
    if map.len() != 1 || map.get("status").and_then(Value::as_str) != Some("cancel_requested") {
        return Err(bad_request(
            "The only accepted body is {\"status\": \"cancel_requested\"}",
        ));
    }
    let mut w = shared.world();
    let run = find_run(&mut w, id, run_id, kind)?;
    if run.status.is_terminal() {
        return Err(conflict(format!("Run is already {}", run.status), None));
    }
    run.status = RunStatus::Canceled;
    run.generation += 1;
    run.progress = None;
    let body = match kind {
        RunKind::Import => serde_json::to_value(run.import_body()),
        RunKind::Export => serde_json::to_value(run.export_body()),
    }
    .unwrap_or(Value::Null);
    if let Some(c) = w.companies.get_mut(id) {
        for active in [&mut c.active_import, &mut c.active_export] {
            if active.as_deref() == Some(run_id) {
                *active = None;
            }
        }
    }
    Ok(json_status(StatusCode::OK, &body))
}

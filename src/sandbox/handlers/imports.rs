//! Import runs: starting one from uploaded files or inline rows, polling it, the company's active
//! import, and cancelling. What imports share with exports is in `runs`; answering a run that
//! stopped to ask is in `decisions`.

use super::runs::{self, create_run, ensure_company, find_run};
use super::{
    HResult, bad_request, company_not_found, json_status, not_found, parse_as, parse_object,
    valid_idempotency_key,
};
use crate::api::types::ImportFile;
use crate::sandbox::Shared;
use crate::sandbox::config::Scenario;
use crate::sandbox::engine::Input;
use crate::sandbox::world::{ImportPhase, ImportState, RunBody, RunKind, World};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> HResult {
    let requested = scenario_header(&headers)?;
    let map = parse_object(&body)?;
    ensure_company(&shared, &id)?;
    let has = |k: &str| map.get(k).is_some_and(|v| !v.is_null());
    match (has("files"), has("rows")) {
        (false, false) => return Err(bad_request("Provide either files or rows")),
        (true, true) => return Err(bad_request("Provide either files or rows, not both")),
        _ => {}
    }
    let key = valid_idempotency_key(&map)?;
    let dynamic = shared.dynamic();
    create_run(&shared, &id, RunKind::Import, key, &map, |w| {
        // `"files": null` next to rows lands here too, and is refused as malformed files.
        let inputs = if let Some(files) = map.get("files") {
            file_inputs(w, &id, files)?
        } else if let Some(rows) = map.get("rows") {
            vec![row_input(rows, dynamic.inline_rows_limit)?]
        } else {
            Vec::new()
        };
        let scenario = match requested {
            Some(forced) => forced,
            None => dynamic
                .scenario
                .or_else(|| inputs.iter().find_map(marked_scenario)),
        };
        Ok(RunBody::Import(ImportState {
            inputs,
            scenario,
            phase: ImportPhase::Parse,
            parsed: None,
            blocked: None,
            block_fill: None,
            touched: Vec::new(),
            report: None,
            attention: None,
            pending_fixes: Vec::new(),
        }))
    })
}

/// `files` as inputs: each must name bytes this company uploaded, not yet expired, in a format
/// the sandbox can read.
fn file_inputs(w: &World, company: &str, files: &Value) -> Result<Vec<Input>, Response> {
    let files: Vec<ImportFile> = parse_as(files.clone(), "files (expected [{name, upload_ref}])")?;
    if files.is_empty() {
        return Err(bad_request("files must not be empty"));
    }
    let mut inputs = Vec::with_capacity(files.len());
    for f in &files {
        let stored = w
            .uploads
            .get(&f.upload_ref)
            .filter(|u| u.company == company && u.expires > Instant::now());
        let Some(stored) = stored else {
            // A signed URL that was never used is the likely mistake; say so.
            let pending = w
                .pending_uploads
                .values()
                .any(|p| p.upload_ref == f.upload_ref && p.company == company);
            return Err(bad_request(if pending {
                format!(
                    "upload_ref '{}' has no bytes yet: PUT the file to its upload_url first",
                    f.upload_ref
                )
            } else {
                format!("upload_ref '{}' is unknown or expired", f.upload_ref)
            }));
        };
        let Some(delimiter) = delimiter_for(&stored.content_type, &f.name) else {
            return Err(bad_request(format!(
                "'{}' has type {}; the sandbox imports CSV (text/csv) and TSV (text/tab-separated-values) files",
                f.name, stored.content_type
            )));
        };
        inputs.push(Input::File {
            name: f.name.clone(),
            path: stored.path.clone(),
            delimiter,
        });
    }
    Ok(inputs)
}

/// Inline `rows`, capped so that bulk data goes through the upload path as it would in production.
fn row_input(rows: &Value, limit: usize) -> Result<Input, Response> {
    let Some(list) = rows.as_array() else {
        return Err(bad_request("rows must be an array of row objects"));
    };
    if list.is_empty() {
        return Err(bad_request("rows must not be empty"));
    }
    if list.len() > limit {
        return Err(bad_request(format!(
            "rows: at most {limit} rows can be sent inline; upload a file for more"
        )));
    }
    let mut objects = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let Some(o) = r.as_object() else {
            return Err(bad_request(format!("rows[{i}] is not an object")));
        };
        objects.push(o.clone());
    }
    Ok(Input::Rows(objects))
}

/// CSV and TSV are importable; everything else is refused at creation with the reason.
fn delimiter_for(content_type: &str, name: &str) -> Option<u8> {
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "text/csv" | "application/csv" | "text/comma-separated-values" => Some(b','),
        "text/tab-separated-values" => Some(b'\t'),
        "text/plain" if name.to_ascii_lowercase().ends_with(".csv") => Some(b','),
        "text/plain" if name.to_ascii_lowercase().ends_with(".tsv") => Some(b'\t'),
        _ => None,
    }
}

/// A marker in a file name (`people.blocked.csv`) picks a scenario, so a rehearsal can exercise
/// one without touching the sandbox's settings.
fn marked_scenario(input: &Input) -> Option<Scenario> {
    let Input::File { name, .. } = input else {
        return None;
    };
    let lower = name.to_ascii_lowercase();
    if lower.contains(".blocked.") {
        Some(Scenario::Blocked)
    } else if lower.contains(".fail.") {
        Some(Scenario::Fail)
    } else {
        None
    }
}

/// The `x-sim-scenario` request header of an import creation (spec, appendix D). `blocked` and
/// `fail` force that scenario; `clean` forces none, overriding the sandbox-wide switch; the
/// others are accepted but the outcome follows the data, which is what decides them here.
/// `Ok(None)`: no header, the switch and file-name markers decide.
fn scenario_header(headers: &HeaderMap) -> Result<Option<Option<Scenario>>, Response> {
    let Some(v) = headers.get("x-sim-scenario") else {
        return Ok(None);
    };
    let v = v.to_str().unwrap_or("").trim().to_ascii_lowercase();
    if matches!(
        v.as_str(),
        "clean" | "flagged" | "needs_attention" | "drift"
    ) {
        return Ok(Some(None));
    }
    v.parse::<Scenario>().map(|s| Some(Some(s))).map_err(|_| {
        bad_request(format!(
            "Unknown x-sim-scenario '{v}' (expected clean, flagged, needs_attention, blocked, fail or drift)"
        ))
    })
}

pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
) -> HResult {
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    Ok(json_status(StatusCode::OK, &run.import_body()))
}

pub(super) async fn active(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> HResult {
    let w = shared.world();
    let Some(c) = w.companies.get(&id) else {
        return Err(company_not_found());
    };
    match c.active_import.as_ref().and_then(|r| w.runs.get(r)) {
        Some(run) => Ok(json_status(StatusCode::OK, &run.import_body())),
        None => Err(not_found("No active import")),
    }
}

pub(super) async fn cancel(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    runs::cancel(&shared, &id, &run_id, RunKind::Import, &body)
}

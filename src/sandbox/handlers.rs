//! The API listener's routes: every endpoint of the companies surface, plus `/_sandbox/*` for
//! stats and runtime configuration. Handlers validate the request, change the world in one short
//! critical section and hand long work to the run driver.
//!
//! Bodies are parsed by hand rather than with axum's `Json` extractor so that every rejection is
//! the API's `{"error": "..."}` with a message a user can act on.

// Handlers return `Result<Response, Response>`, axum's idiom; boxing every error response
// would only add noise.
#![allow(clippy::result_large_err)]

use super::config::{Dynamic, Scenario};
use super::driver;
use super::engine::{Input, fix_for_answer};
use super::server::{self, error_response};
use super::world::{
    CompanyState, ExportState, ImportPhase, ImportState, Run, RunBody, RunKind, SheetData,
    SheetState,
};
use super::{Shared, lock};
use crate::api::types::{
    Company, CreateCompanyResponse, DecisionRequest, ErrorBody, ExportMode, MessageAnswers,
    MessageRequest, RunStatus, Selection, SourcesResponse, TemplatesResponse, UploadResponse,
};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

type HResult = Result<Response, Response>;

pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/api/v1/sources", get(list_sources))
        .route("/api/v1/templates", get(list_templates))
        .route(
            "/api/v1/companies",
            post(create_company).get(find_companies),
        )
        .route("/api/v1/companies/{id}/uploads", post(create_upload))
        .route("/api/v1/companies/{id}/imports", post(create_import))
        .route("/api/v1/companies/{id}/imports/active", get(active_import))
        .route(
            "/api/v1/companies/{id}/imports/{run_id}",
            get(get_import).patch(cancel_import),
        )
        .route(
            "/api/v1/companies/{id}/imports/{run_id}/decisions",
            post(decide),
        )
        .route(
            "/api/v1/companies/{id}/imports/{run_id}/messages",
            post(message),
        )
        .route("/api/v1/companies/{id}/export.csv", get(export_csv))
        .route("/api/v1/companies/{id}/exports", post(create_export))
        .route(
            "/api/v1/companies/{id}/exports/{run_id}",
            get(get_export).patch(cancel_export),
        )
        .route_layer(from_fn_with_state(shared.clone(), server::auth_and_limit));
    let control = Router::new()
        .route("/_sandbox/health", get(|| async { "ok\n" }))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/defaults", get(defaults))
        .route("/_sandbox/config", get(get_config).post(set_config));
    api.merge(control)
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not found") })
        .method_not_allowed_fallback(|| async {
            error_response(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
        })
        .layer(from_fn_with_state(shared.clone(), server::faults))
        .layer(from_fn_with_state(shared.clone(), server::log_api))
        .with_state(shared)
}

fn bad_request(msg: impl Into<String>) -> Response {
    error_response(StatusCode::BAD_REQUEST, msg)
}

fn not_found(msg: impl Into<String>) -> Response {
    error_response(StatusCode::NOT_FOUND, msg)
}

fn conflict(msg: impl Into<String>, run_id: Option<String>) -> Response {
    (
        StatusCode::CONFLICT,
        axum::Json(ErrorBody {
            error: msg.into(),
            run_id,
        }),
    )
        .into_response()
}

fn json_status<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

fn parse_object(body: &Bytes) -> Result<serde_json::Map<String, Value>, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_request("A JSON request body is required"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request("The request body must be a JSON object")),
        Err(e) => Err(bad_request(format!("Malformed JSON body: {e}"))),
    }
}

fn parse_as<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, Response> {
    serde_json::from_value(value).map_err(|e| bad_request(format!("Malformed {what}: {e}")))
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

fn now_iso() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn valid_idempotency_key(map: &serde_json::Map<String, Value>) -> Result<Option<String>, Response> {
    match map.get("idempotency_key") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(k)) if !k.is_empty() && k.len() <= 255 => Ok(Some(k.clone())),
        Some(_) => Err(bad_request(
            "idempotency_key must be a non-empty string of at most 255 characters",
        )),
    }
}

// ---- discovery ---------------------------------------------------------------------------------

async fn list_sources(State(shared): State<Arc<Shared>>) -> Response {
    json_status(
        StatusCode::OK,
        &SourcesResponse {
            sources: shared.seed.seed.sources.clone(),
        },
    )
}

async fn list_templates(State(shared): State<Arc<Shared>>) -> Response {
    json_status(
        StatusCode::OK,
        &TemplatesResponse {
            templates: shared.seed.seed.api_templates(),
        },
    )
}

// ---- provisioning ------------------------------------------------------------------------------

fn valid_external_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Accepts `{"destination": {base_url, auth}}` and the flat `{base_url, auth}` (spec A12).
fn normalize_connection(v: &Value) -> Result<Value, String> {
    let inner = match v.get("destination") {
        Some(d) => d,
        None => v,
    };
    let Some(obj) = inner.as_object() else {
        return Err("connections.destination must be an object with base_url and auth".into());
    };
    match obj.get("base_url") {
        Some(Value::String(u)) if u.starts_with("http://") || u.starts_with("https://") => {}
        _ => return Err("connections.destination.base_url must be an http(s) URL".into()),
    }
    Ok(
        json!({ "base_url": obj["base_url"], "auth": obj.get("auth").cloned().unwrap_or(Value::Null) }),
    )
}

fn company_body(c: &CompanyState) -> CreateCompanyResponse {
    CreateCompanyResponse {
        company: c.company.clone(),
        workbook_id: Some(c.workbook_id.clone()),
        sheets: c
            .sheets
            .iter()
            .map(|s| crate::api::types::Sheet {
                id: s.id.clone(),
                name: s.name.clone(),
                template_id: None,
            })
            .collect(),
        magic_link_url: None,
    }
}

async fn create_company(State(shared): State<Arc<Shared>>, body: Bytes) -> HResult {
    let map = parse_object(&body)?;
    let name = match map.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.trim().to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(bad_request("name is required"));
        }
        Some(_) => return Err(bad_request("name must be a string")),
    };
    let source = match map.get("source") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => return Err(bad_request("source is required")),
        Some(_) => return Err(bad_request("source must be a string (a source UUID)")),
    };
    if !is_uuid(&source) {
        return Err(bad_request(format!("source '{source}' is not a UUID")));
    }
    let external_id = match map.get("external_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(e)) if valid_external_id(e) => Some(e.clone()),
        Some(_) => {
            return Err(bad_request(
                "external_id must contain only alphanumeric characters, hyphens, and underscores (max 255 chars)",
            ));
        }
    };
    let seed = &shared.seed;
    let templates: Vec<usize> = match map.get("template_ids") {
        None | Some(Value::Null) => (0..seed.templates.len()).collect(),
        Some(Value::Array(ids)) => {
            let mut out = Vec::new();
            for id in ids {
                let Some(id) = id.as_str().filter(|s| is_uuid(s)) else {
                    return Err(bad_request(
                        "template_ids must be an array of template UUIDs",
                    ));
                };
                let Some(i) = seed.templates.iter().position(|t| t.id == id) else {
                    return Err(bad_request(format!(
                        "template_ids: '{id}' is not a template in this account"
                    )));
                };
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            if out.is_empty() {
                return Err(bad_request("template_ids must name at least one template"));
            }
            out
        }
        Some(_) => {
            return Err(bad_request(
                "template_ids must be an array of template UUIDs",
            ));
        }
    };
    let connection = match map.get("connections") {
        None | Some(Value::Null) => None,
        Some(v) => Some(normalize_connection(v).map_err(bad_request)?),
    };
    let Some(src) = seed.seed.sources.iter().find(|s| s.id == source) else {
        return Err(not_found(format!(
            "Source '{source}' is not a source in this account"
        )));
    };
    let mut w = shared.world();
    if w.companies
        .values()
        .any(|c| c.source == source && c.company.name == name)
    {
        return Err(bad_request(format!(
            "A company named '{name}' already exists for source {}",
            src.name
        )));
    }
    if let Some(ext) = &external_id
        && w.external_ids.contains_key(ext)
    {
        return Err(conflict(
            format!("external_id '{ext}' is already used by another company"),
            None,
        ));
    }
    let id = new_id();
    let sheets = templates
        .iter()
        .map(|&t| SheetState {
            id: new_id(),
            name: seed.templates[t].name.clone(),
            template: t,
            data: Arc::new(SheetData::default()),
        })
        .collect();
    let state = CompanyState {
        company: Company {
            id: id.clone(),
            name,
            external_id: external_id.clone(),
            created_at: Some(now_iso()),
        },
        source,
        workbook_id: new_id(),
        sheets,
        connection,
        idempotency: HashMap::new(),
        active_import: None,
        active_export: None,
    };
    let mut body = company_body(&state);
    for (sheet, &t) in body.sheets.iter_mut().zip(&templates) {
        sheet.template_id = Some(seed.templates[t].id.clone());
    }
    body.magic_link_url = Some(format!("{}/link/{}", shared.api_url, &id[..8]));
    if let Some(ext) = external_id {
        w.external_ids.insert(ext, id.clone());
    }
    w.companies.insert(id.clone(), state);
    w.stats.companies_created += 1;
    w.company_stats(&id);
    Ok(json_status(StatusCode::CREATED, &body))
}

#[derive(Deserialize)]
struct FindQuery {
    external_id: Option<String>,
}

/// Debug aid (spec A10): find companies by `external_id`, so a lost provisioning response can be
/// recovered against the sandbox. Not part of the documented API.
async fn find_companies(State(shared): State<Arc<Shared>>, Query(q): Query<FindQuery>) -> Response {
    let w = shared.world();
    let mut out: Vec<Value> = Vec::new();
    for c in w.companies.values() {
        if q.external_id.is_none() || c.company.external_id == q.external_id {
            let mut body = company_body(c);
            for (sheet, s) in body.sheets.iter_mut().zip(&c.sheets) {
                sheet.template_id = Some(shared.seed.templates[s.template].id.clone());
            }
            out.push(serde_json::to_value(body).unwrap_or(Value::Null));
        }
    }
    json_status(StatusCode::OK, &json!({ "companies": out }))
}

// ---- uploads -----------------------------------------------------------------------------------

fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

async fn create_upload(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> HResult {
    let map = parse_object(&body)?;
    let name = match map.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
        _ => return Err(bad_request("name is required (the file name)")),
    };
    let content_type = match map.get("content_type") {
        Some(Value::String(c)) if c.contains('/') => c.clone(),
        _ => {
            return Err(bad_request(
                "content_type is required (a MIME type such as text/csv)",
            ));
        }
    };
    let size = match map.get("size").and_then(Value::as_u64) {
        Some(s) => s,
        None => return Err(bad_request("size is required (the file size in bytes)")),
    };
    let ttl = lock(&shared.dynamic).upload_ttl;
    let mut w = shared.world();
    let Some(company) = w.companies.get(&id) else {
        return Err(not_found("Company not found"));
    };
    let object = format!(
        "workbook-files/{}/{}-{}",
        company.workbook_id,
        uuid::Uuid::new_v4().simple(),
        safe_file_name(&name)
    );
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    w.pending_uploads.insert(
        token.clone(),
        super::world::PendingUpload {
            company: id.clone(),
            upload_ref: object.clone(),
            name,
            content_type,
            size,
            expires: Instant::now() + ttl,
            in_progress: false,
        },
    );
    w.stats.uploads_requested += 1;
    w.company_stats(&id).uploads += 1;
    let body = UploadResponse {
        upload_url: format!(
            "{}/object/upload/sign/{object}?token={token}",
            shared.storage_url
        ),
        upload_ref: object,
    };
    Ok(json_status(StatusCode::CREATED, &body))
}

// ---- imports -----------------------------------------------------------------------------------

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

fn scenario_marker(name: &str) -> Option<Scenario> {
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
fn scenario_header(headers: &axum::http::HeaderMap) -> Result<Option<Option<Scenario>>, Response> {
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

/// Same key and same payload → the existing run (200); same key, other payload → 409.
fn idempotent_replay(
    shared: &Shared,
    company: &str,
    kind: RunKind,
    key: &Option<String>,
    payload: &Value,
) -> Result<Option<Response>, Response> {
    let Some(key) = key else { return Ok(None) };
    let w = shared.world();
    let Some(c) = w.companies.get(company) else {
        return Ok(None);
    };
    let Some((stored, run_id)) = c.idempotency.get(&(kind, key.clone())) else {
        return Ok(None);
    };
    if stored != payload {
        return Err(conflict(
            format!("idempotency_key '{key}' was already used with a different payload"),
            None,
        ));
    }
    let run = &w.runs[run_id];
    Ok(Some(json_status(StatusCode::OK, &run.created())))
}

async fn create_import(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> HResult {
    let requested = scenario_header(&headers)?;
    let map = parse_object(&body)?;
    if !shared.world().companies.contains_key(&id) {
        return Err(not_found("Company not found"));
    }
    let has = |k: &str| map.get(k).is_some_and(|v| !v.is_null());
    match (has("files"), has("rows")) {
        (false, false) => return Err(bad_request("Provide either files or rows")),
        (true, true) => return Err(bad_request("Provide either files or rows, not both")),
        _ => {}
    }
    let key = valid_idempotency_key(&map)?;
    let payload = Value::Object(map.clone());
    if let Some(replay) = idempotent_replay(&shared, &id, RunKind::Import, &key, &payload)? {
        return Ok(replay);
    }
    let dynamic = shared.dynamic();
    let mut scenario = requested.unwrap_or(dynamic.scenario);
    let mut inputs = Vec::new();
    let mut w = shared.world();
    if let Some(files) = map.get("files") {
        let files: Vec<crate::api::types::ImportFile> =
            parse_as(files.clone(), "files (expected [{name, upload_ref}])")?;
        if files.is_empty() {
            return Err(bad_request("files must not be empty"));
        }
        for f in &files {
            let stored = w
                .uploads
                .get(&f.upload_ref)
                .filter(|u| u.company == id && u.expires > Instant::now());
            let Some(stored) = stored else {
                let pending = w
                    .pending_uploads
                    .values()
                    .any(|p| p.upload_ref == f.upload_ref && p.company == id);
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
            if requested.is_none() {
                scenario = scenario.or(scenario_marker(&f.name));
            }
            inputs.push(Input::File {
                name: f.name.clone(),
                path: stored.path.clone(),
                delimiter,
            });
        }
    } else if let Some(rows) = map.get("rows") {
        let Some(list) = rows.as_array() else {
            return Err(bad_request("rows must be an array of row objects"));
        };
        if list.is_empty() {
            return Err(bad_request("rows must not be empty"));
        }
        if list.len() > dynamic.inline_rows_limit {
            return Err(bad_request(format!(
                "rows: at most {} rows can be sent inline; upload a file for more",
                dynamic.inline_rows_limit
            )));
        }
        let mut objects = Vec::with_capacity(list.len());
        for (i, r) in list.iter().enumerate() {
            let Some(o) = r.as_object() else {
                return Err(bad_request(format!("rows[{i}] is not an object")));
            };
            objects.push(o.clone());
        }
        inputs.push(Input::Rows(objects));
    }
    let company = w
        .companies
        .get_mut(&id)
        .ok_or_else(|| not_found("Company not found"))?;
    if let Some(active) = &company.active_import {
        return Err(conflict(
            "An import is already running for this company",
            Some(active.clone()),
        ));
    }
    let run_id = new_id();
    company.active_import = Some(run_id.clone());
    if let Some(k) = key {
        company
            .idempotency
            .insert((RunKind::Import, k), (payload, run_id.clone()));
    }
    let run = Run {
        id: run_id.clone(),
        company: id.clone(),
        status: RunStatus::Queued,
        progress: Some("Queued".into()),
        error: None,
        generation: 0,
        body: RunBody::Import(ImportState {
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
        }),
    };
    let created = run.created();
    w.runs.insert(run_id.clone(), run);
    w.company_stats(&id).import_runs += 1;
    drop(w);
    driver::spawn_import(shared.clone(), run_id, 0);
    Ok(json_status(StatusCode::CREATED, &created))
}

fn find_run<'a>(
    w: &'a mut super::world::World,
    company: &str,
    run_id: &str,
    kind: RunKind,
) -> Result<&'a mut Run, Response> {
    if !w.companies.contains_key(company) {
        return Err(not_found("Company not found"));
    }
    match w.runs.get_mut(run_id) {
        Some(r) if r.company == company && r.kind() == kind => Ok(r),
        _ => Err(not_found("Run not found")),
    }
}

async fn get_import(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
) -> HResult {
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    Ok(json_status(StatusCode::OK, &run.import_body()))
}

async fn active_import(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> HResult {
    let w = shared.world();
    let Some(c) = w.companies.get(&id) else {
        return Err(not_found("Company not found"));
    };
    match c.active_import.as_ref().and_then(|r| w.runs.get(r)) {
        Some(run) => Ok(json_status(StatusCode::OK, &run.import_body())),
        None => Err(not_found("No active import")),
    }
}

fn cancel(shared: &Shared, id: &str, run_id: &str, kind: RunKind, body: &Bytes) -> HResult {
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
        if c.active_import.as_deref() == Some(run_id) {
            c.active_import = None;
        }
        if c.active_export.as_deref() == Some(run_id) {
            c.active_export = None;
        }
    }
    Ok(json_status(StatusCode::OK, &body))
}

async fn cancel_import(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    cancel(&shared, &id, &run_id, RunKind::Import, &body)
}

async fn decide(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    let map = parse_object(&body)?;
    let req: DecisionRequest = parse_as(Value::Object(map), "decision body")?;
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    if !matches!(req.decision.as_str(), "accept" | "answer" | "reject") {
        return Err(bad_request("decision must be accept, answer or reject"));
    }
    if run.status != RunStatus::NeedsAttention {
        return Err(conflict(
            format!(
                "Run is {}, not needs_attention: a decision is only accepted while the run needs attention",
                run.status
            ),
            None,
        ));
    }
    let RunBody::Import(st) = &mut run.body else {
        return Err(not_found("Run not found"));
    };
    let Some((_, plans)) = &st.attention else {
        return Err(conflict("Run has no pending questions", None));
    };
    let fixes = match req.decision.as_str() {
        "accept" => plans
            .iter()
            .map(|p| (p.sheet, p.column, p.proposed.clone()))
            .collect(),
        "answer" => {
            let answers = req.answers.unwrap_or_default();
            if answers.is_empty() {
                return Err(bad_request(
                    "answers is required for decision answer: [{\"id\": ..., \"value\": ...}]",
                ));
            }
            for a in &answers {
                if !plans.iter().any(|p| p.id == a.id) {
                    return Err(bad_request(format!("Unknown question id '{}'", a.id)));
                }
            }
            let mut fixes = Vec::new();
            for p in plans {
                let Some(a) = answers.iter().find(|a| a.id == p.id) else {
                    return Err(bad_request(format!("Question {} is not answered", p.id)));
                };
                fixes.push((
                    p.sheet,
                    p.column,
                    fix_for_answer(p, &a.value).map_err(bad_request)?,
                ));
            }
            fixes
        }
        _ => Vec::new(),
    };
    if req.decision == "reject" {
        run.status = RunStatus::Completed;
        st.attention = None;
        run.generation += 1;
        let created = run.created();
        if let Some(c) = w.companies.get_mut(&id) {
            c.active_import = None;
        }
        w.company_stats(&id).decisions += 1;
        return Ok(json_status(StatusCode::OK, &created));
    }
    st.pending_fixes = fixes;
    st.phase = ImportPhase::AfterDecision;
    st.attention = None;
    run.status = RunStatus::Queued;
    run.progress = Some("Queued: applying your decision".into());
    run.generation += 1;
    let generation = run.generation;
    let created = run.created();
    w.company_stats(&id).decisions += 1;
    drop(w);
    driver::spawn_import(shared.clone(), run_id, generation);
    Ok(json_status(StatusCode::OK, &created))
}

async fn message(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    let map = parse_object(&body)?;
    let req: MessageRequest = parse_as(
        Value::Object(map),
        "message body (expected {\"answers\": [{id, value}]} or {\"answers\": \"text\"})",
    )?;
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    let status = run.status.clone();
    let RunBody::Import(st) = &mut run.body else {
        return Err(not_found("Run not found"));
    };
    let value = match &req.answers {
        MessageAnswers::List(answers) => {
            if status != RunStatus::Blocked {
                return Err(conflict(
                    format!("Run is {status}, not blocked: there is no question to answer"),
                    None,
                ));
            }
            if answers.is_empty() {
                return Err(bad_request("answers must not be empty"));
            }
            let questions = st.blocked.clone().unwrap_or_default();
            let mut chosen = None;
            for a in answers {
                let Some(q) = questions.iter().find(|q| q.id == a.id) else {
                    return Err(bad_request(format!("Unknown question id '{}'", a.id)));
                };
                let is_option = q.options.iter().any(|o| o.label == a.value);
                if !is_option && !q.allow_custom {
                    return Err(bad_request(format!(
                        "Answer to {} must be one of the option labels",
                        q.id
                    )));
                }
                chosen = Some(a.value.clone());
            }
            chosen
        }
        MessageAnswers::Text(text) => {
            if text.trim().is_empty() {
                return Err(bad_request("answers must not be empty"));
            }
            if !matches!(status, RunStatus::Running | RunStatus::Blocked) {
                return Err(conflict(
                    format!(
                        "Run is {status}: free-form corrections are accepted while it is running or blocked"
                    ),
                    None,
                ));
            }
            // A free-form instruction resumes a blocked run; the sandbox's plan cannot read it,
            // so it changes nothing else.
            None
        }
    };
    w.company_stats(&id).messages += 1;
    let run = w
        .runs
        .get_mut(&run_id)
        .ok_or_else(|| not_found("Run not found"))?;
    let RunBody::Import(st) = &mut run.body else {
        return Err(not_found("Run not found"));
    };
    if status != RunStatus::Blocked {
        // A correction while running is recorded; the sandbox's plan has nothing to steer.
        return Ok(json_status(StatusCode::OK, &run.created()));
    }
    if let (Some(v), Some(fill)) = (value, st.block_fill.as_mut()) {
        fill.2 = driver::fill_value_for_answer(&st.blocked, &v);
    }
    st.blocked = None;
    st.phase = ImportPhase::AfterBlock;
    run.status = RunStatus::Running;
    run.progress = Some("Applying your answers".into());
    run.generation += 1;
    let generation = run.generation;
    let created = run.created();
    drop(w);
    driver::spawn_import(shared.clone(), run_id, generation);
    Ok(json_status(StatusCode::OK, &created))
}

// ---- export.csv --------------------------------------------------------------------------------

#[derive(Deserialize)]
struct CsvQuery {
    sheet_id: Option<String>,
    filter: Option<String>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

async fn export_csv(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(q): Query<CsvQuery>,
) -> HResult {
    let valid_only = match q.filter.as_deref() {
        None | Some("valid") => true,
        Some("all") => false,
        Some(other) => {
            return Err(bad_request(format!(
                "filter must be valid or all (got '{other}')"
            )));
        }
    };
    let w = shared.world();
    let Some(company) = w.companies.get(&id) else {
        return Err(not_found("Company not found"));
    };
    let Some(sheet_id) = q.sheet_id else {
        return Err(error_response(
            StatusCode::NOT_IMPLEMENTED,
            "Multi-sheet ZIP export is not available yet; pass sheet_id for one sheet as CSV",
        ));
    };
    let Some(sheet) = company.sheets.iter().find(|s| s.id == sheet_id) else {
        return Err(not_found("Sheet not found"));
    };
    let data = sheet.data.clone();
    let filename = format!("{}-{}.csv", slug(&company.company.name), slug(&sheet.name));
    let columns: Vec<String> = shared.seed.templates[sheet.template]
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    drop(w);
    let total = if valid_only {
        data.rows.len() - data.validation.invalid.len()
    } else {
        data.rows.len()
    };
    let stream = csv_stream(columns, data, valid_only);
    let mut resp = Response::new(Body::from_stream(stream));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert("x-total-records", HeaderValue::from(total));
    Ok(resp)
}

/// The sheet as CSV in chunks of about 256 KiB, from a snapshot, without holding any lock.
fn csv_stream(
    columns: Vec<String>,
    data: Arc<SheetData>,
    valid_only: bool,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    const CHUNK: usize = 256 * 1024;
    futures_util::stream::unfold(Some(0usize), move |state| {
        let data = data.clone();
        let columns = columns.clone();
        async move {
            let next = state?;
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::with_capacity(CHUNK + 4096));
            let mut i = next;
            if next == 0
                && let Err(e) = w.write_record(&columns)
            {
                return Some((Err(std::io::Error::other(e)), None));
            }
            while i < data.rows.len() {
                if (!valid_only || data.validation.is_valid(i))
                    && let Err(e) = w.write_record(data.rows[i].iter().map(|c| c.as_bytes()))
                {
                    return Some((Err(std::io::Error::other(e)), None));
                }
                i += 1;
                if w.get_ref().len() >= CHUNK {
                    break;
                }
            }
            let bytes = match w.into_inner() {
                Ok(b) => b,
                Err(e) => return Some((Err(std::io::Error::other(e.to_string())), None)),
            };
            if bytes.is_empty() && i >= data.rows.len() {
                return None;
            }
            let more = (i < data.rows.len()).then_some(i);
            Some((Ok(Bytes::from(bytes)), more))
        }
    })
}

// ---- exports -----------------------------------------------------------------------------------

async fn create_export(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> HResult {
    let map = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        parse_object(&body)?
    };
    let mode = match map.get("mode") {
        None | Some(Value::Null) => ExportMode::Full,
        Some(Value::String(m)) if m == "full" => ExportMode::Full,
        Some(Value::String(m)) if m == "canary" => ExportMode::Canary,
        Some(_) => return Err(bad_request("mode must be full or canary")),
    };
    let selection: Option<Selection> = match map.get("selection") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(parse_as(v.clone(), "selection")?),
        Some(_) => return Err(bad_request("selection must be an object")),
    };
    let key = valid_idempotency_key(&map)?;
    let payload = Value::Object(map.clone());
    if !shared.world().companies.contains_key(&id) {
        return Err(not_found("Company not found"));
    }
    if let Some(replay) = idempotent_replay(&shared, &id, RunKind::Export, &key, &payload)? {
        return Ok(replay);
    }
    let mut w = shared.world();
    let company = w
        .companies
        .get(&id)
        .ok_or_else(|| not_found("Company not found"))?;
    if let Some(sel) = &selection {
        let mut templates = Vec::new();
        if let Some(ids) = &sel.template_ids {
            for tid in ids {
                match company
                    .sheets
                    .iter()
                    .find(|s| shared.seed.templates[s.template].id == *tid)
                {
                    Some(s) => templates.push(s.template),
                    None => {
                        return Err(not_found(format!(
                            "Template '{tid}' is not in this company's workbook"
                        )));
                    }
                }
            }
        } else {
            templates.extend(company.sheets.iter().map(|s| s.template));
        }
        if let Some(filter) = &sel.row_filter {
            let Some(obj) = filter.as_object() else {
                return Err(bad_request(
                    "selection.row_filter must be an object: {\"Column\": \"value\" or [\"values\"]}",
                ));
            };
            for (col, v) in obj {
                let values_ok =
                    v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
                if !values_ok {
                    return Err(bad_request(format!(
                        "selection.row_filter.{col} must be a string or an array of strings"
                    )));
                }
                if !templates
                    .iter()
                    .any(|&t| shared.seed.templates[t].column_index(col).is_some())
                {
                    return Err(bad_request(format!(
                        "selection.row_filter names unknown column '{col}'"
                    )));
                }
            }
        }
    }
    if company.connection.is_none() {
        return Err(conflict(
            "This company has no destination connection: provision it with connections.destination",
            None,
        ));
    }
    if let Some(active) = &company.active_import {
        return Err(conflict(
            "An import is in flight for this company; export once it has finished",
            Some(active.clone()),
        ));
    }
    if let Some(active) = &company.active_export {
        return Err(conflict(
            "An export is already running for this company",
            Some(active.clone()),
        ));
    }
    let run_id = new_id();
    let company = w
        .companies
        .get_mut(&id)
        .ok_or_else(|| not_found("Company not found"))?;
    company.active_export = Some(run_id.clone());
    if let Some(k) = key {
        company
            .idempotency
            .insert((RunKind::Export, k), (payload, run_id.clone()));
    }
    let run = Run {
        id: run_id.clone(),
        company: id.clone(),
        status: RunStatus::Queued,
        progress: Some("Queued".into()),
        error: None,
        generation: 0,
        body: RunBody::Export(ExportState {
            mode: mode.clone(),
            selection,
            report: None,
        }),
    };
    let created = run.created();
    w.runs.insert(run_id.clone(), run);
    let stats = w.company_stats(&id);
    stats.export_runs += 1;
    match mode {
        ExportMode::Canary => stats.canary_exports += 1,
        _ => stats.full_exports += 1,
    }
    drop(w);
    driver::spawn_export(shared.clone(), run_id, 0);
    Ok(json_status(StatusCode::CREATED, &created))
}

async fn get_export(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
) -> HResult {
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Export)?;
    Ok(json_status(StatusCode::OK, &run.export_body()))
}

async fn cancel_export(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    cancel(&shared, &id, &run_id, RunKind::Export, &body)
}

// ---- control -----------------------------------------------------------------------------------

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    json_status(StatusCode::OK, &shared.stats())
}

/// What a client needs to provision on this sandbox without being told: the first seeded source
/// and the seeded destination's connection (`vern migrate FILE` against a running sandbox).
async fn defaults(State(shared): State<Arc<Shared>>) -> Response {
    let seed = &shared.seed.seed;
    let connection = seed
        .destination
        .as_ref()
        .map(|d| json!({ "destination": { "base_url": d.base_url, "auth": d.auth } }));
    json_status(
        StatusCode::OK,
        &json!({
            "source": seed.sources.first().map(|s| s.id.clone()),
            "connection": connection,
        }),
    )
}

async fn get_config(State(shared): State<Arc<Shared>>) -> Response {
    json_status(StatusCode::OK, &shared.dynamic())
}

/// Replace the runtime settings (missing fields take their defaults); resets the fault sequence.
async fn set_config(State(shared): State<Arc<Shared>>, body: Bytes) -> HResult {
    let map = parse_object(&body)?;
    let d: Dynamic = parse_as(Value::Object(map), "sandbox config")?;
    *lock(&shared.faults) = super::server::FaultState::new(d.faults.clone());
    *lock(&shared.dynamic) = d.clone();
    Ok(json_status(StatusCode::OK, &d))
}

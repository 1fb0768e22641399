//! The API listener's routes: every endpoint of the companies surface, plus `/_sandbox/*` for
//! stats and runtime configuration. Handlers validate the request, change the world in one short
//! critical section and hand long work to the run driver.
//!
//! One file per resource; the router and the helpers every resource uses live here, and what
//! import and export runs share (creation, lookup, cancel) lives in `runs`.
//!
//! Bodies are parsed by hand rather than with axum's `Json` extractor so that every rejection is
//! the API's `{"error": "..."}` with a message a user can act on.

// Handlers return `Result<Response, Response>`, axum's idiom; boxing every error response
// would only add noise.
#![allow(clippy::result_large_err)]

mod admin;
mod catalog;
mod companies;
mod decisions;
mod export_csv;
mod exports;
mod imports;
mod runs;
mod uploads;

use super::Shared;
use super::server::{self, error_response};
use crate::api::types::ErrorBody;
use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::SystemTime;

type HResult = Result<Response, Response>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/api/v1/sources", get(catalog::sources))
        .route("/api/v1/templates", get(catalog::templates))
        .route(
            "/api/v1/companies",
            post(companies::create).get(companies::find),
        )
        .route("/api/v1/companies/{id}/uploads", post(uploads::create))
        .route("/api/v1/companies/{id}/imports", post(imports::create))
        .route(
            "/api/v1/companies/{id}/imports/active",
            get(imports::active),
        )
        .route(
            "/api/v1/companies/{id}/imports/{run_id}",
            get(imports::show).patch(imports::cancel),
        )
        .route(
            "/api/v1/companies/{id}/imports/{run_id}/decisions",
            post(decisions::decide),
        )
        .route(
            "/api/v1/companies/{id}/imports/{run_id}/messages",
            post(decisions::message),
        )
        .route(
            "/api/v1/companies/{id}/export.csv",
            get(export_csv::download),
        )
        .route("/api/v1/companies/{id}/exports", post(exports::create))
        .route(
            "/api/v1/companies/{id}/exports/{run_id}",
            get(exports::show).patch(exports::cancel),
        )
        .route_layer(from_fn_with_state(shared.clone(), server::auth_and_limit));
    let control = Router::new()
        .route("/_sandbox/health", get(|| async { "ok\n" }))
        .route("/_sandbox/stats", get(admin::stats))
        .route("/_sandbox/defaults", get(admin::defaults))
        .route(
            "/_sandbox/config",
            get(admin::config).post(admin::set_config),
        );
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

fn company_not_found() -> Response {
    not_found("Company not found")
}

fn run_not_found() -> Response {
    not_found("Run not found")
}

/// A 409; the concurrency ones name the run in the way so that a client can follow it.
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

fn parse_object(body: &Bytes) -> Result<Map<String, Value>, Response> {
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

fn valid_idempotency_key(map: &Map<String, Value>) -> Result<Option<String>, Response> {
    match map.get("idempotency_key") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(k)) if !k.is_empty() && k.len() <= 255 => Ok(Some(k.clone())),
        Some(_) => Err(bad_request(
            "idempotency_key must be a non-empty string of at most 255 characters",
        )),
    }
}

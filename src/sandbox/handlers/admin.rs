//! `/_sandbox/*`: what tests and rehearsals use to read the sandbox's counters and defaults and to
//! change its runtime settings. Not part of the Migration API: the router asks no key and applies
//! no rate limit here, and `server::faults` lets these through untouched.

use super::{HResult, json_status, parse_as, parse_object};
use crate::sandbox::config::Dynamic;
use crate::sandbox::server::FaultState;
use crate::sandbox::{Shared, lock};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::sync::Arc;

pub(super) async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    json_status(StatusCode::OK, &shared.stats())
}

/// What a client needs to provision on this sandbox without being told: the first seeded source
/// and the seeded destination's connection (`vern migrate FILE` against a running sandbox).
pub(super) async fn defaults(State(shared): State<Arc<Shared>>) -> Response {
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

pub(super) async fn config(State(shared): State<Arc<Shared>>) -> Response {
    json_status(StatusCode::OK, &shared.dynamic())
}

/// Replace the runtime settings (missing fields take their defaults); resets the fault sequence.
pub(super) async fn set_config(State(shared): State<Arc<Shared>>, body: Bytes) -> HResult {
    let map = parse_object(&body)?;
    let d: Dynamic = parse_as(Value::Object(map), "sandbox config")?;
    *lock(&shared.faults) = FaultState::new(d.faults.clone());
    *lock(&shared.dynamic) = d.clone();
    Ok(json_status(StatusCode::OK, &d))
}

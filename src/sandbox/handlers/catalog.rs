//! What an account offers before anything is provisioned: its sources and templates, straight
//! from the seed (they never change while the sandbox runs).

use super::json_status;
use crate::api::types::{SourcesResponse, TemplatesResponse};
use crate::sandbox::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

pub(super) async fn sources(State(shared): State<Arc<Shared>>) -> Response {
    json_status(
        StatusCode::OK,
        &SourcesResponse {
            sources: shared.seed.seed.sources.clone(),
        },
    )
}

pub(super) async fn templates(State(shared): State<Arc<Shared>>) -> Response {
    json_status(
        StatusCode::OK,
        &TemplatesResponse {
            templates: shared.seed.seed.api_templates(),
        },
    )
}

//! The first half of the signed-URL handshake: a company asks to upload a file and gets a
//! one-time URL on the storage host (`storage.rs` takes the bytes) plus the `upload_ref` an import
//! names the file by.

use super::{HResult, bad_request, company_not_found, json_status, parse_object};
use crate::api::types::UploadResponse;
use crate::sandbox::world::PendingUpload;
use crate::sandbox::{Shared, lock};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

pub(super) async fn create(
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
        return Err(company_not_found());
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
        PendingUpload {
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

/// The file name as it may appear in an object path: no directories, nothing a URL must escape.
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

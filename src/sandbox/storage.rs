//! The storage host: a separate listener that accepts the PUT of a signed upload URL.
//!
//! It enforces what the docs promise about signed URLs — a token, an expiry, single use, the
//! declared Content-Type and size — and streams the body to the spool directory, so a gigabyte
//! upload never sits in memory. It also counts requests that carried `x-api-key`: the key belongs
//! to the API host only, and tests use this count to prove the client never leaks it here.

use super::Shared;
use super::server::{self, error_response};
use super::world::StoredUpload;
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::put;
use futures_util::StreamExt;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/object/upload/sign/{*object}", put(put_object))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not found") })
        .method_not_allowed_fallback(|| async {
            error_response(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
        })
        .layer(from_fn_with_state(shared.clone(), server::faults))
        .layer(from_fn_with_state(shared.clone(), audit))
        .layer(from_fn_with_state(shared.clone(), server::log_storage))
        .with_state(shared)
}

/// Count every storage request, and those that carried the API key.
async fn audit(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    {
        let mut w = shared.world();
        w.stats.storage_requests += 1;
        if req.headers().contains_key("x-api-key") {
            w.stats.storage_requests_with_api_key += 1;
        }
    }
    next.run(req).await
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// Clears the in-progress mark when a PUT ends without storing (error or dropped client), so
/// the URL can be used again.
struct InProgress<'a> {
    shared: &'a Shared,
    token: &'a str,
    done: bool,
}

impl Drop for InProgress<'_> {
    fn drop(&mut self) {
        if !self.done
            && let Some(p) = self.shared.world().pending_uploads.get_mut(self.token)
        {
            p.in_progress = false;
        }
    }
}

fn reject(shared: &Shared, status: StatusCode, msg: String) -> Response {
    shared.world().stats.puts_rejected += 1;
    error_response(status, msg)
}

async fn put_object(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(token) = q.token else {
        return reject(
            &shared,
            StatusCode::FORBIDDEN,
            "Missing signature token".into(),
        );
    };
    let (upload_ref, company, name, content_type, size) = {
        let mut w = shared.world();
        let Some(p) = w.pending_uploads.get_mut(&token) else {
            drop(w);
            return reject(
                &shared,
                StatusCode::FORBIDDEN,
                "Signed URL expired or already used".into(),
            );
        };
        if p.expires <= Instant::now() {
            drop(w);
            return reject(
                &shared,
                StatusCode::FORBIDDEN,
                "Signed URL expired or already used".into(),
            );
        }
        if p.in_progress {
            drop(w);
            return reject(
                &shared,
                StatusCode::CONFLICT,
                "An upload to this URL is already in progress".into(),
            );
        }
        let sent_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if sent_type != p.content_type {
            let msg = format!(
                "Content-Type mismatch: the upload was declared as {} but the PUT sent {}",
                p.content_type,
                if sent_type.is_empty() {
                    "none"
                } else {
                    sent_type
                }
            );
            drop(w);
            return reject(&shared, StatusCode::BAD_REQUEST, msg);
        }
        if let Some(len) = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            && len != p.size
        {
            let msg = format!(
                "Size mismatch: the upload was declared as {} bytes but the PUT sends {len}",
                p.size
            );
            drop(w);
            return reject(&shared, StatusCode::BAD_REQUEST, msg);
        }
        p.in_progress = true;
        (
            p.upload_ref.clone(),
            p.company.clone(),
            p.name.clone(),
            p.content_type.clone(),
            p.size,
        )
    };
    let mut guard = InProgress {
        shared: &shared,
        token: &token,
        done: false,
    };
    let path = shared.spool.join(uuid::Uuid::new_v4().simple().to_string());
    let written = match spool(&path, body, size).await {
        Ok(n) => n,
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            let (status, msg) = match e {
                SpoolError::TooLong => (
                    StatusCode::BAD_REQUEST,
                    format!(
                        "Size mismatch: the upload was declared as {size} bytes but the PUT sent more"
                    ),
                ),
                SpoolError::Short(n) => (
                    StatusCode::BAD_REQUEST,
                    format!(
                        "Size mismatch: the upload was declared as {size} bytes but the PUT sent {n}"
                    ),
                ),
                SpoolError::Io(e) => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Storage could not write the object: {e}"),
                ),
                SpoolError::Body(e) => (
                    StatusCode::BAD_REQUEST,
                    format!("The upload body could not be read: {e}"),
                ),
            };
            return reject(&shared, status, msg);
        }
    };
    let ttl = super::lock(&shared.dynamic).upload_ref_ttl;
    {
        let mut w = shared.world();
        w.pending_uploads.remove(&token);
        w.uploads.insert(
            upload_ref.clone(),
            StoredUpload {
                company,
                name,
                content_type,
                size: written,
                path,
                expires: Instant::now() + ttl,
            },
        );
        w.stats.puts_ok += 1;
    }
    guard.done = true;
    let mut resp = Response::new(Body::from(
        serde_json::json!({ "upload_ref": upload_ref, "size": written }).to_string(),
    ));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    resp
}

enum SpoolError {
    TooLong,
    Short(u64),
    Io(std::io::Error),
    Body(String),
}

/// Stream the body to `path`, refusing more or fewer bytes than declared. Chunks go through a
/// short queue to a writer thread with plain `std::fs` writes, so the async side only moves
/// buffers and a gigabyte upload costs neither memory nor a blocking-pool hop per write.
async fn spool(path: &std::path::Path, body: Body, size: u64) -> Result<u64, SpoolError> {
    let file = std::fs::File::create(path).map_err(SpoolError::Io)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(16);
    let writer = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        use std::io::Write;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        while let Some(chunk) = rx.blocking_recv() {
            out.write_all(&chunk)?;
        }
        out.flush()
    });
    let mut stream = body.into_data_stream();
    let mut written = 0u64;
    let mut failure = None;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(SpoolError::Body(e.to_string()));
                break;
            }
        };
        written += chunk.len() as u64;
        if written > size {
            failure = Some(SpoolError::TooLong);
            break;
        }
        if tx.send(chunk).await.is_err() {
            break;
        }
    }
    drop(tx);
    let wrote = writer
        .await
        .map_err(|e| SpoolError::Io(std::io::Error::other(e)))?;
    if let Some(f) = failure {
        return Err(f);
    }
    wrote.map_err(SpoolError::Io)?;
    if written != size {
        return Err(SpoolError::Short(written));
    }
    Ok(written)
}

//! The HTTP API of `vern jobs serve --listen` (delivery.md §2.4), over the same store the CLI
//! uses, so a job created through it is one `vern jobs list` shows and `run-due` runs.
//!
//! `GET|POST /export-jobs`, `GET|PUT|DELETE /export-jobs/:id`, `POST /export-jobs/:id/pause`,
//! `POST /export-jobs/:id/resume`, `GET /export-jobs/:id/runs?limit=N` and
//! `POST /export-jobs/:id/runs` (record a run executed elsewhere). Bodies are the camelCase job and
//! run objects; errors are `{"error": "..."}` with 400 (bad JSON, an invalid field — a wrong cron
//! expression shows where), 401 (no or wrong bearer token, checked before anything else), 404
//! (no such job or path), 405 (with `Allow`), 409 (a name taken, a job running, a run recorded
//! differently), 413 (a body over 1 MiB). `:id` is a job's id (its name works too).
//!
//! Handlers are plain functions over the store (file I/O under its locks), run on the blocking
//! pool; plain HTTP/1.1 and h2c through hyper, so the lean build serves it too.

use super::changes;
use super::clock::Clock;
use super::object::{JobObject, Ordered, camel_keys};
use super::record::{Definition, LastRun, stamp};
use super::run::{RunFile, RunStatus, RunView, runs_of};
use super::store::{Store, StoreError};
use crate::journal::Journal;
use crate::journal::record::Trigger;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Notify;

const BODY_LIMIT: usize = 1 << 20;

/// What the API serves from.
pub struct Api {
    pub store: Store,
    pub journal_dir: std::path::PathBuf,
    pub token: String,
    pub clock: Clock,
    /// Notified after every change, so the scheduler recomputes its next wake-up.
    pub changed: Arc<Notify>,
}

/// Accept connections until the future is dropped.
pub async fn serve(listener: TcpListener, api: Arc<Api>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: back off instead of spinning.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let api = api.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let api = api.clone();
                async move { Ok::<_, std::convert::Infallible>(respond(api, req).await) }
            });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A handler's answer.
struct Reply {
    status: StatusCode,
    /// JSON, written in the order of its fields.
    body: Option<Vec<u8>>,
    allow: Option<&'static str>,
    changed: bool,
}

fn reply<T: serde::Serialize>(status: StatusCode, body: &T) -> Reply {
    let mut bytes = serde_json::to_vec_pretty(body).unwrap_or_default();
    bytes.push(b'\n');
    Reply {
        status,
        body: Some(bytes),
        allow: None,
        changed: false,
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Reply {
    reply(status, &json!({ "error": message.into() }))
}

async fn respond(api: Arc<Api>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let answer = if !authorized(&api.token, &parts.headers) {
        let mut r = error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
        r.allow = None;
        r
    } else {
        match Limited::new(body, BODY_LIMIT).collect().await {
            Err(_) => error(StatusCode::PAYLOAD_TOO_LARGE, "the body is over 1 MiB"),
            Ok(collected) => {
                let bytes = collected.to_bytes();
                let api2 = api.clone();
                let method = parts.method.clone();
                let path = parts.uri.path().to_string();
                let query = parts.uri.query().unwrap_or("").to_string();
                tokio::task::spawn_blocking(move || handle(&api2, &method, &path, &query, &bytes))
                    .await
                    .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))
            }
        }
    };
    if answer.changed {
        api.changed.notify_one();
    }
    let mut builder = Response::builder().status(answer.status);
    if answer.status == StatusCode::UNAUTHORIZED {
        builder = builder.header("www-authenticate", "Bearer");
    }
    if let Some(allow) = answer.allow {
        builder = builder.header("allow", allow);
    }
    let body = match answer.body {
        Some(b) => {
            builder = builder.header("content-type", "application/json");
            Bytes::from(b)
        }
        None => Bytes::new(),
    };
    builder
        .body(Full::new(body))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// `Authorization: Bearer TOKEN`, compared in constant time.
fn authorized(token: &str, headers: &hyper::HeaderMap) -> bool {
    let Some(given) = headers
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, value)) = given.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return false;
    }
    let (a, b) = (value.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn handle(api: &Api, method: &Method, path: &str, query: &str, body: &[u8]) -> Reply {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let result = match segments.as_slice() {
        ["export-jobs"] => match *method {
            Method::GET => list(api),
            Method::POST => create(api, body),
            _ => return not_allowed("GET, POST"),
        },
        ["export-jobs", id] => match *method {
            Method::GET => get(api, id),
            Method::PUT => replace(api, id, body),
            Method::DELETE => delete(api, id),
            _ => return not_allowed("GET, PUT, DELETE"),
        },
        ["export-jobs", id, action @ ("pause" | "resume")] => match *method {
            Method::POST => set_active(api, id, *action == "resume"),
            _ => return not_allowed("POST"),
        },
        ["export-jobs", id, "runs"] => match *method {
            Method::GET => runs(api, id, query),
            Method::POST => record_run(api, id, body),
            _ => return not_allowed("GET, POST"),
        },
        _ => return error(StatusCode::NOT_FOUND, format!("no route {method} {path}")),
    };
    result.unwrap_or_else(|e| failure(&e))
}

fn not_allowed(allow: &'static str) -> Reply {
    let mut r = error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method not allowed here (allowed: {allow})"),
    );
    r.allow = Some(allow);
    r
}

/// A store or validation error as its status.
fn failure(e: &anyhow::Error) -> Reply {
    let message = format!("{e:#}");
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            let status = match s {
                StoreError::NotFound(_) => StatusCode::NOT_FOUND,
                StoreError::NameTaken(_) | StoreError::Running { .. } => StatusCode::CONFLICT,
                StoreError::Unreadable { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            };
            return error(status, message);
        }
        if cause.downcast_ref::<super::record::Invalid>().is_some()
            || cause.downcast_ref::<BadRequest>().is_some()
        {
            return error(StatusCode::BAD_REQUEST, message);
        }
        if let Some(c) = cause.downcast_ref::<Conflict>() {
            return error(StatusCode::CONFLICT, c.0.clone());
        }
    }
    error(StatusCode::INTERNAL_SERVER_ERROR, message)
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct BadRequest(String);

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Conflict(String);

fn parse_json(body: &[u8]) -> anyhow::Result<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BadRequest("the body is empty; send a JSON object".into()).into());
    }
    serde_json::from_slice(body).map_err(|e| BadRequest(format!("invalid JSON: {e}")).into())
}

fn object(api: &Api, job: &super::record::Job) -> JobObject {
    JobObject::new(job, api.clock.now())
}

fn ok<T: serde::Serialize>(body: &T) -> anyhow::Result<Reply> {
    Ok(reply(StatusCode::OK, body))
}

fn changed<T: serde::Serialize>(status: StatusCode, body: Option<&T>) -> anyhow::Result<Reply> {
    let mut r = match body {
        Some(b) => reply(status, b),
        None => Reply {
            status,
            body: None,
            allow: None,
            changed: true,
        },
    };
    r.changed = true;
    Ok(r)
}

#[derive(serde::Serialize)]
struct Jobs {
    jobs: Vec<JobObject>,
}

#[derive(serde::Serialize)]
struct Runs {
    runs: Vec<Ordered>,
}

fn list(api: &Api) -> anyhow::Result<Reply> {
    let jobs = api.store.list()?.iter().map(|j| object(api, j)).collect();
    ok(&Jobs { jobs })
}

fn get(api: &Api, id: &str) -> anyhow::Result<Reply> {
    let job = api.store.get(id)?;
    ok(&object(api, &job))
}

fn definition(body: &[u8]) -> anyhow::Result<Definition> {
    Ok(Definition::from_value(parse_json(body)?)?.check()?)
}

fn create(api: &Api, body: &[u8]) -> anyhow::Result<Reply> {
    let def = definition(body)?;
    let job = api.store.create(def, api.clock.now())?;
    changed(StatusCode::CREATED, Some(&object(api, &job)))
}

fn replace(api: &Api, id: &str, body: &[u8]) -> anyhow::Result<Reply> {
    let def = definition(body)?;
    let id = api.store.get(id)?.id;
    let now = api.clock.now();
    let (job, missed) = api
        .store
        .modify(&id, |j| Ok(changes::redefine(j, def, now)))?;
    api.store.record(&job.id, missed)?;
    changed(StatusCode::OK, Some(&object(api, &job)))
}

fn delete(api: &Api, id: &str) -> anyhow::Result<Reply> {
    let id = api.store.get(id)?.id;
    api.store.delete(&id, |_| Ok(()))?;
    changed::<()>(StatusCode::NO_CONTENT, None)
}

fn set_active(api: &Api, id: &str, active: bool) -> anyhow::Result<Reply> {
    let id = api.store.get(id)?.id;
    let now = api.clock.now();
    let (job, missed) = api
        .store
        .modify(&id, |j| Ok(changes::set_active(j, active, now)))?;
    api.store.record(&job.id, missed)?;
    changed(StatusCode::OK, Some(&object(api, &job)))
}

fn runs(api: &Api, id: &str, query: &str) -> anyhow::Result<Reply> {
    let job = api.store.get(id)?;
    let mut limit = 50usize;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "limit" {
            limit = v
                .parse()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| BadRequest(format!("limit '{v}': a number from 1 to 1000")))?;
        }
    }
    let kept = api.store.history(&job.id)?;
    let all = runs_of(&Journal::new(&api.journal_dir), &job.id, kept)?;
    let runs = all.iter().take(limit).map(camel_keys).collect();
    ok(&Runs { runs })
}

/// A run executed outside vern, as its runner reports it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExternalRun {
    id: Option<String>,
    job_id: Option<String>,
    status: RunStatus,
    trigger: Option<Trigger>,
    scheduled_for: Option<String>,
    started_at: Option<String>,
    completed_at: Option<String>,
    #[serde(default)]
    record_count: u64,
    #[serde(default)]
    file_size: u64,
    destination_path: Option<String>,
    #[serde(default)]
    files: Vec<RunFile>,
    error: Option<String>,
    /// Accepted (what `GET …/runs` gave can be sent back) and ignored.
    #[serde(default)]
    operation: Option<Value>,
}

fn time(field: &str, v: Option<String>) -> anyhow::Result<Option<String>> {
    v.map(|s| {
        s.parse::<jiff::Timestamp>()
            .map(stamp)
            .map_err(|e| BadRequest(format!("{field} '{s}': not an RFC 3339 time ({e})")).into())
    })
    .transpose()
}

fn record_run(api: &Api, id: &str, body: &[u8]) -> anyhow::Result<Reply> {
    let job = api.store.get(id)?;
    let given: ExternalRun = serde_json::from_value(parse_json(body)?)
        .map_err(|e| BadRequest(format!("not a run object: {e}")))?;
    let _ = given.operation;
    if given.job_id.as_deref().is_some_and(|j| j != job.id) {
        return Err(BadRequest(format!("jobId is not {}", job.id)).into());
    }
    let scheduled_for = time("scheduledFor", given.scheduled_for)?;
    if given.status == RunStatus::Missed && scheduled_for.is_none() {
        return Err(BadRequest("a missed run needs its scheduledFor".into()).into());
    }
    let started_at = match given.status {
        RunStatus::Missed => time("startedAt", given.started_at)?,
        _ => Some(time("startedAt", given.started_at)?.unwrap_or_else(|| stamp(api.clock.now()))),
    };
    let run = RunView {
        id: given
            .id
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("ext-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])),
        job_id: Some(job.id.clone()),
        status: given.status,
        trigger: given.trigger.unwrap_or(Trigger::Manual),
        scheduled_for,
        started_at,
        completed_at: time("completedAt", given.completed_at)?,
        record_count: given.record_count,
        file_size: given.file_size,
        destination_path: given.destination_path,
        files: given.files,
        error: given.error,
        operation: None,
    };
    let kept = api.store.history(&job.id)?;
    let journaled = runs_of(&Journal::new(&api.journal_dir), &job.id, Vec::new())?;
    if journaled.iter().any(|r| r.id == run.id) {
        return Err(Conflict(format!(
            "run {} is one vern ran; it cannot be replaced",
            run.id
        ))
        .into());
    }
    let status = match kept.iter().find(|r| r.id == run.id) {
        None => StatusCode::CREATED,
        Some(old) if *old == run => StatusCode::OK,
        // A runner reports its run as running, then as finished.
        Some(old) if old.status == RunStatus::Running => StatusCode::OK,
        Some(old) => {
            return Err(Conflict(format!(
                "run {} is recorded already as {}; send the same run, or another id",
                run.id,
                old.status.as_str()
            ))
            .into());
        }
    };
    api.store.record(&job.id, vec![run.clone()])?;
    if run.status != RunStatus::Missed
        && let Some(started) = run.started_at.clone()
    {
        api.store.modify(&job.id, |j| {
            let newer = j
                .state
                .last_run
                .as_ref()
                .is_none_or(|l| l.started_at <= started);
            if newer {
                j.state.last_run = Some(LastRun {
                    id: run.id.clone(),
                    status: run.status.as_str().to_string(),
                    started_at: started,
                });
            }
            Ok(())
        })?;
    }
    changed(status, Some(&camel_keys(&run)))
}

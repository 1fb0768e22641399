//! The sandbox's HTTP plumbing: an accept loop whose connections can be dropped on purpose (for
//! the reset and lost-response faults), and the layers every request passes through — request
//! log, fault injection, authentication and the per-route rate limit.
//!
//! axum's own `serve` cannot drop one connection from inside a handler, so each connection is
//! served by hyper directly next to a kill switch that handlers reach through a request extension.

use super::Shared;
use super::config::{FaultConfig, FaultKind};
use crate::api::types::ErrorBody;
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// Lets a handler drop its own connection without answering.
#[derive(Clone)]
pub struct ConnHandle {
    kill: Arc<Notify>,
    socket: Arc<std::net::TcpStream>,
}

impl ConnHandle {
    /// Reset the connection (RST, not FIN: the peer sees "connection reset").
    pub fn drop_connection(&self) {
        let _ = socket2::SockRef::from(&*self.socket).set_linger(Some(Duration::ZERO));
        self.kill.notify_one();
    }
}

pub async fn serve(listener: TcpListener, app: Router, shutdown: watch::Receiver<bool>) {
    let mut stop = shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                tokio::spawn(serve_connection(stream, app.clone(), shutdown.clone()));
            }
            _ = stop.changed() => break,
        }
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let Ok(std_stream) = stream.into_std() else {
        return;
    };
    let Ok(dup) = std_stream.try_clone() else {
        return;
    };
    let Ok(stream) = tokio::net::TcpStream::from_std(std_stream) else {
        return;
    };
    let handle = ConnHandle {
        kill: Arc::new(Notify::new()),
        socket: Arc::new(dup),
    };
    let kill = handle.kill.clone();
    let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(handle.clone());
        app.clone().oneshot(req.map(Body::new))
    });
    let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {}
        _ = shutdown.changed() => {}
    }
}

/// An error response with the API's `{"error": "..."}` body.
pub fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    let body = ErrorBody {
        error: message.into(),
        run_id: None,
    };
    (status, axum::Json(body)).into_response()
}

/// Replace the token of a signed URL so request logs never carry it.
pub fn redact_path(path_and_query: &str) -> String {
    match path_and_query.split_once("token=") {
        Some((before, after)) => {
            let rest = after.find('&').map(|i| &after[i..]).unwrap_or("");
            format!("{before}token=REDACTED{rest}")
        }
        None => path_and_query.to_string(),
    }
}

/// Logs one line per request; a request whose connection is dropped is logged from `Drop`.
struct LogGuard {
    shared: Arc<Shared>,
    listener: &'static str,
    method: String,
    path: String,
    start: Instant,
    status: Option<StatusCode>,
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        let Some(log) = &self.shared.log else { return };
        let outcome = match self.status {
            Some(s) => s.as_u16().to_string(),
            None => "---".to_string(),
        };
        let note = if self.status.is_none() {
            " (connection dropped)"
        } else {
            ""
        };
        log(&format!(
            "{} {:<7} {:<6} {} {} {:.1}ms{}",
            humantime::format_rfc3339_millis(std::time::SystemTime::now()),
            self.listener,
            self.method,
            self.path,
            outcome,
            self.start.elapsed().as_secs_f64() * 1000.0,
            note
        ));
    }
}

pub async fn log_api(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    log_request(shared, "api", req, next).await
}

pub async fn log_storage(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    log_request(shared, "storage", req, next).await
}

async fn log_request(
    shared: Arc<Shared>,
    listener: &'static str,
    req: Request,
    next: Next,
) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut guard = LogGuard {
        shared: shared.clone(),
        listener,
        method: req.method().to_string(),
        path: redact_path(path),
        start: Instant::now(),
        status: None,
    };
    shared.count_request(listener, req.method().as_str(), req.uri().path());
    let resp = next.run(req).await;
    guard.status = Some(resp.status());
    resp
}

/// What the fault state decided for one request.
#[derive(Debug, Default, Clone, Copy)]
pub struct Decision {
    pub delay: Duration,
    pub before: Option<FaultKind>,
    pub after: Option<FaultKind>,
}

/// Seeded randomness plus the 429-burst counter and the scripted queue.
pub struct FaultState {
    pub config: FaultConfig,
    rng: fastrand::Rng,
    burst_left: u32,
    /// Requests after a burst before another may start, so bursts stay `burst_len` long.
    cooldown: u32,
}

impl FaultState {
    pub fn new(config: FaultConfig) -> Self {
        FaultState {
            rng: fastrand::Rng::with_seed(config.seed),
            config,
            burst_left: 0,
            cooldown: 0,
        }
    }

    pub fn decide(&mut self, method: &str, path: &str) -> Decision {
        let mut d = Decision::default();
        let c = &mut self.config;
        if let Some(i) = c.script.iter().position(|s| {
            (s.method.is_empty() || s.method.eq_ignore_ascii_case(method))
                && path.contains(&s.path_contains)
        }) {
            let kind = c.script[i].kind;
            c.script[i].times = c.script[i].times.saturating_sub(1);
            if c.script[i].times == 0 {
                c.script.remove(i);
            }
            match kind {
                FaultKind::LostResponse | FaultKind::Truncated => d.after = Some(kind),
                _ => d.before = Some(kind),
            }
            return d;
        }
        if !c.latency.is_zero() || !c.latency_jitter.is_zero() {
            let jitter = c.latency_jitter.as_micros() as u64;
            let extra = if jitter > 0 {
                self.rng.u64(0..=jitter)
            } else {
                0
            };
            d.delay = c.latency + Duration::from_micros(extra);
        }
        if self.burst_left > 0 {
            self.burst_left -= 1;
            if self.burst_left == 0 {
                self.cooldown = self.config.burst_len;
            }
            d.before = Some(FaultKind::TooMany);
            return d;
        }
        let cooling = self.cooldown > 0;
        self.cooldown = self.cooldown.saturating_sub(1);
        let c = &self.config;
        if !cooling && c.burst_429_rate > 0.0 && self.rng.f64() < c.burst_429_rate {
            self.burst_left = c.burst_len.saturating_sub(1);
            if self.burst_left == 0 {
                self.cooldown = c.burst_len;
            }
            d.before = Some(FaultKind::TooMany);
        } else if c.reset_rate > 0.0 && self.rng.f64() < c.reset_rate {
            d.before = Some(FaultKind::Reset);
        } else if c.error_rate > 0.0 && self.rng.f64() < c.error_rate {
            d.before = Some(match self.rng.u8(0..3) {
                0 => FaultKind::Error500,
                1 => FaultKind::BadGatewayHtml,
                _ => FaultKind::Error503,
            });
        } else if c.lost_response_rate > 0.0
            && (c.lost_methods.is_empty()
                || c.lost_methods
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(method)))
            && self.rng.f64() < c.lost_response_rate
        {
            d.after = Some(FaultKind::LostResponse);
        }
        d
    }
}

fn fault_response(kind: FaultKind) -> Response {
    match kind {
        FaultKind::Error500 => {
            error_response(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
        }
        FaultKind::Error503 => {
            error_response(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable")
        }
        FaultKind::TooMany => error_response(StatusCode::TOO_MANY_REQUESTS, "Too many requests"),
        FaultKind::BadGatewayHtml => {
            let mut r = (
                StatusCode::BAD_GATEWAY,
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n",
            )
                .into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            r
        }
        // Handled by the caller (they need the connection).
        FaultKind::Reset | FaultKind::LostResponse | FaultKind::Truncated => {
            error_response(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
        }
    }
}

/// A body that sends the first half of `bytes` and then fails, so the connection is cut while the
/// declared Content-Length is still unmet.
async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let stream = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "truncated by fault",
        )),
    ]);
    Response::from_parts(parts, Body::from_stream(stream))
}

pub async fn faults(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_sandbox") {
        return next.run(req).await;
    }
    let decision = shared.decide_fault(req.method().as_str(), req.uri().path());
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let handle = req.extensions().get::<ConnHandle>().cloned();
    if let Some(kind) = decision.before {
        shared.count_fault(kind);
        if kind == FaultKind::Reset
            && let Some(h) = &handle
        {
            h.drop_connection();
            std::future::pending::<()>().await;
        }
        return fault_response(kind);
    }
    let resp = next.run(req).await;
    match decision.after {
        Some(FaultKind::LostResponse) => {
            shared.count_fault(FaultKind::LostResponse);
            if let Some(h) = &handle {
                h.drop_connection();
                std::future::pending::<()>().await;
            }
            resp
        }
        Some(FaultKind::Truncated) => {
            shared.count_fault(FaultKind::Truncated);
            truncate(resp).await
        }
        _ => resp,
    }
}

/// Sliding-window request counts per (key, route).
#[derive(Default)]
pub struct RateLimiter {
    buckets: HashMap<(String, String), VecDeque<Instant>>,
}

impl RateLimiter {
    /// Record a request; false when it is over the limit (and then it is not counted).
    pub fn admit(&mut self, key: &str, route: &str, limit: u32, window: Duration) -> bool {
        if limit == 0 {
            return true;
        }
        let now = Instant::now();
        let q = self
            .buckets
            .entry((key.to_string(), route.to_string()))
            .or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() >= limit as usize {
            return false;
        }
        q.push_back(now);
        true
    }
}

/// API key check, then the per-route rate limit (route templates treat ids as wildcards).
pub async fn auth_and_limit(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let key = match req.headers().get("x-api-key") {
        None => return error_response(StatusCode::UNAUTHORIZED, "Missing API key"),
        Some(v) => match v.to_str() {
            Ok(k) if shared.keys.iter().any(|known| known == k) => k.to_string(),
            _ => return error_response(StatusCode::UNAUTHORIZED, "Invalid API key"),
        },
    };
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| req.uri().path().to_string());
    let route = format!("{} {}", req.method(), route);
    if !shared.admit(&key, &route) {
        shared.count_rate_limited();
        return error_response(StatusCode::TOO_MANY_REQUESTS, "Too many requests");
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::config::ScriptedFault;

    #[test]
    fn tokens_are_redacted_from_logged_paths() {
        assert_eq!(
            redact_path("/object/upload/sign/a.csv?token=abc123&x=1"),
            "/object/upload/sign/a.csv?token=REDACTED&x=1"
        );
        assert_eq!(redact_path("/api/v1/sources"), "/api/v1/sources");
    }

    #[test]
    fn the_limiter_slides_per_key_and_route() {
        let mut l = RateLimiter::default();
        let w = Duration::from_millis(50);
        assert!(l.admit("k", "GET /a", 2, w));
        assert!(l.admit("k", "GET /a", 2, w));
        assert!(!l.admit("k", "GET /a", 2, w));
        assert!(
            l.admit("k", "GET /b", 2, w),
            "another route has its own window"
        );
        assert!(
            l.admit("k2", "GET /a", 2, w),
            "another key has its own window"
        );
        std::thread::sleep(w);
        assert!(l.admit("k", "GET /a", 2, w));
    }

    #[test]
    fn faults_are_deterministic_for_a_seed() {
        let config = FaultConfig {
            error_rate: 0.3,
            ..FaultConfig::default()
        };
        let draws = |c: &FaultConfig| {
            let mut s = FaultState::new(c.clone());
            (0..200)
                .map(|_| s.decide("GET", "/x").before.is_some())
                .collect::<Vec<_>>()
        };
        let a = draws(&config);
        assert_eq!(a, draws(&config));
        let hits = a.iter().filter(|h| **h).count();
        assert!((30..90).contains(&hits), "about 30% of 200, got {hits}");
    }

    #[test]
    fn bursts_and_scripts() {
        let mut s = FaultState::new(FaultConfig {
            burst_429_rate: 1.0,
            burst_len: 3,
            ..FaultConfig::default()
        });
        for _ in 0..3 {
            assert_eq!(s.decide("GET", "/x").before, Some(FaultKind::TooMany));
        }
        for _ in 0..3 {
            assert_eq!(s.decide("GET", "/x").before, None, "bursts do not chain");
        }
        assert_eq!(s.decide("GET", "/x").before, Some(FaultKind::TooMany));
        let mut s = FaultState::new(FaultConfig {
            script: vec![ScriptedFault::new(
                "POST",
                "/imports",
                FaultKind::LostResponse,
                2,
            )],
            ..FaultConfig::default()
        });
        assert_eq!(s.decide("GET", "/imports").after, None);
        assert_eq!(
            s.decide("POST", "/c/1/imports").after,
            Some(FaultKind::LostResponse)
        );
        assert_eq!(
            s.decide("POST", "/c/1/imports").after,
            Some(FaultKind::LostResponse)
        );
        assert_eq!(s.decide("POST", "/c/1/imports").after, None);
    }
}

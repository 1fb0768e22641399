//! The one request loop. Every HTTP request vern makes — JSON calls to the API, the streamed
//! `export.csv` download, the PUT to a signed storage URL — goes through [`Client::send`], which
//! owns, in one place:
//!
//! - where the key goes: `x-api-key` is added to requests for the API's own origin and to nothing
//!   else (signed URLs go through a client that never carries it);
//! - the rate budget (requests to the API only; storage is not the API's budget);
//! - the failure policy by safety class: 429 is retried for every request (it was not processed),
//!   a 5xx, a dropped connection or a body that broke off only for requests that are safe to send
//!   again ([`Safety::Retry`]);
//! - the observer: one log line per exchange (`-vv`, secrets redacted) and a notice per retry.
//!
//! The caller reads the response through a closure, so a failure while reading (a truncated JSON
//! body, a download that breaks off mid-stream) is retried under the same schedule as a failure
//! before the first byte.

use super::client::{Client, is_loopback_host, redact_url};
use super::error::Error;
use super::retry::Safety;
use super::types::ErrorBody;
use reqwest::{Method, StatusCode};
use std::time::{Duration, Instant};
use url::Url;

/// The body of a request, made afresh for every attempt.
pub(crate) enum Body<'a> {
    Empty,
    /// JSON (cheap to send again: `Bytes` clones by reference).
    Json(bytes::Bytes),
    /// A streamed body (an upload reads its file again for each attempt).
    Stream(&'a mut (dyn FnMut() -> Result<reqwest::Body, Error> + Send)),
}

/// One logical request.
pub(crate) struct Request<'a> {
    pub method: Method,
    pub url: Url,
    /// Names the call in errors and retry notices ("start import").
    pub what: &'a str,
    pub safety: Safety,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body<'a>,
    /// A byte transfer of any size (upload, download): bounded by the idle timeout and the
    /// command's deadline, not by the per-call timeout of JSON calls.
    pub transfer: bool,
}

impl<'a> Request<'a> {
    pub fn new(method: Method, url: Url, what: &'a str, safety: Safety) -> Request<'a> {
        Request {
            method,
            url,
            what,
            safety,
            headers: Vec::new(),
            body: Body::Empty,
            transfer: false,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn body(mut self, body: Body<'a>) -> Self {
        self.body = body;
        self
    }

    pub fn transfer(mut self) -> Self {
        self.transfer = true;
        self
    }

    /// "start import (POST /api/v1/companies/…/imports)": the context of every error.
    fn context(&self) -> String {
        if self.url.query().is_some_and(|q| q.contains("token")) {
            format!("{} ({} {})", self.what, self.method, redact_url(&self.url))
        } else {
            format!("{} ({} {})", self.what, self.method, self.url.path())
        }
    }
}

/// How reading a successful response failed.
pub(crate) enum ReadFailure {
    /// Transient (the body broke off mid-way): retried like a dropped connection when the
    /// request is safe to send again; `error` is what the caller gets when it is not.
    Retry { reason: String, error: Error },
    /// Final: returned as it is (a complete reply that is not what the API sends is not going to
    /// improve by asking again).
    Fail(Error),
}

/// The backoff state of one logical request across its attempts.
struct Attempts {
    limited: Box<dyn Iterator<Item = Duration> + Send>,
    failing: Box<dyn Iterator<Item = Duration> + Send>,
    attempt: u32,
    started: Instant,
}

/// What one failed attempt means.
enum Outcome<T> {
    Done(Result<T, Error>),
    /// Transient: `error` is returned when the policy allows no other attempt.
    Again {
        reason: String,
        error: Error,
    },
    RateLimited,
}

impl Client {
    /// Send `req` until it gets a response with a final status, then hand the response to `read`;
    /// retries follow the policy of the request's safety class (see the module comment). No
    /// attempt and no pause between attempts runs past the command's `--timeout`.
    pub(crate) async fn send<T>(
        &self,
        mut req: Request<'_>,
        mut read: impl AsyncFnMut(reqwest::Response) -> Result<T, ReadFailure>,
    ) -> Result<T, Error> {
        let to_api = self.is_api_origin(&req.url);
        let http = if to_api {
            self.inner.api.clone()
        } else {
            self.storage(&req.url)?.clone()
        };
        let context = req.context();
        let deadline = self.inner.deadline;
        let policy = self.policy();
        let mut tries = Attempts {
            limited: Box::new(policy.rate_limited()),
            failing: Box::new(policy.failures()),
            attempt: 0,
            started: Instant::now(),
        };
        let mut last: Option<String> = None;
        loop {
            tries.attempt += 1;
            if to_api {
                self.inner.budget.acquire().await;
            }
            let mut rb = http.request(req.method.clone(), req.url.clone());
            if to_api {
                // The only place the key is attached: requests to the API's own origin.
                rb = rb.header("x-api-key", self.inner.key.expose());
            }
            if !req.transfer {
                rb = rb.timeout(self.inner.timeouts.call);
            }
            for (name, value) in &req.headers {
                rb = rb.header(*name, value);
            }
            rb = match &mut req.body {
                Body::Empty => rb,
                Body::Json(b) => rb
                    .header("content-type", "application/json")
                    .body(b.clone()),
                Body::Stream(make) => rb.body(make()?),
            };
            self.observer()
                .http(&format!("→ {} {}", req.method, redact_url(&req.url)));
            let attempt = self.attempt(rb, &req, to_api, &context, &mut read);
            let outcome = match deadline {
                Some(d) => match tokio::time::timeout_at(d, attempt).await {
                    Ok(o) => o,
                    Err(_) => return Err(self.deadline_error(&context, last)),
                },
                None => attempt.await,
            };
            let (reason, delay) = match outcome {
                Outcome::Done(result) => return result,
                Outcome::RateLimited => match tries.limited.next() {
                    Some(d) => ("rate limited (HTTP 429)".to_string(), d),
                    None => {
                        return Err(Error::RateLimited {
                            context,
                            waited: tries.started.elapsed(),
                        });
                    }
                },
                Outcome::Again { reason, error } => match tries.failing.next() {
                    Some(d) if req.safety == Safety::Retry => (reason, d),
                    _ => return Err(error),
                },
            };
            if let Some(d) = deadline
                && tokio::time::Instant::now() + delay >= d
            {
                return Err(self.deadline_error(&context, Some(reason)));
            }
            self.observer()
                .retry(req.what, tries.attempt, delay, &reason);
            tokio::time::sleep(delay).await;
            last = Some(reason);
        }
    }

    /// One attempt: send, then read a success through `read`.
    async fn attempt<T>(
        &self,
        rb: reqwest::RequestBuilder,
        req: &Request<'_>,
        to_api: bool,
        context: &str,
        read: &mut impl AsyncFnMut(reqwest::Response) -> Result<T, ReadFailure>,
    ) -> Outcome<T> {
        let t = Instant::now();
        let resp = match rb.send().await {
            Ok(r) => r,
            Err(e) => return self.broken(&e, &req.url, context),
        };
        let status = resp.status();
        self.observer().http(&format!(
            "← {} {} ({} ms)",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            t.elapsed().as_millis()
        ));
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Outcome::RateLimited;
        }
        if status.is_redirection() && to_api {
            let location = header(&resp, "location").map(|l| self.redact(&l));
            return Outcome::Done(Err(Error::Config(format!(
                "{context}: the API redirected to {}; vern does not follow redirects off the API host (the key would go with it)",
                location.as_deref().unwrap_or("an unnamed location")
            ))));
        }
        if status.is_success() {
            return match read(resp).await {
                Ok(v) => Outcome::Done(Ok(v)),
                Err(ReadFailure::Fail(e)) => Outcome::Done(Err(e)),
                Err(ReadFailure::Retry { reason, error }) => Outcome::Again { reason, error },
            };
        }
        let content_type = header(&resp, "content-type").unwrap_or_default();
        // An error reply that cannot be read whole is described by its status alone.
        let body = read_capped(resp, ERROR_BODY_CAP).await.unwrap_or_default();
        let body = self.redact(&String::from_utf8_lossy(&body));
        let error = status_error(context.to_string(), status, &content_type, body.as_bytes());
        if status.is_server_error() {
            Outcome::Again {
                reason: format!("HTTP {}", status.as_u16()),
                error,
            }
        } else {
            Outcome::Done(Err(error))
        }
    }

    /// A request that got no answer: retried, unless it is not going to get better by trying
    /// again (a certificate that is not trusted, a proxy that wants credentials, nothing
    /// listening on this very machine).
    fn broken<T>(&self, e: &reqwest::Error, url: &Url, context: &str) -> Outcome<T> {
        let context = context.to_string();
        let proxy = self.inner.proxies.for_url(url);
        if let Some(detail) = tls_failure(e, url) {
            return Outcome::Done(Err(Error::Tls { context, detail }));
        }
        let mut detail = self.redact(&describe_transport(e));
        if let Some(p) = &proxy {
            if detail.contains("proxy authorization required") {
                detail = format!(
                    "the proxy {p} asks for credentials (HTTP 407); put them in the proxy URL (http://user:password@host:port)"
                );
                return Outcome::Done(Err(Error::Transport { context, detail }));
            }
            detail = format!("{detail} (through the proxy {p})");
        }
        let error = Error::Transport {
            context,
            detail: detail.clone(),
        };
        let refused = chain_io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused);
        if refused && proxy.is_none() && is_loopback_host(url) {
            // Nothing listens on this machine's port: waiting will not start it.
            return Outcome::Done(Err(error));
        }
        Outcome::Again {
            reason: detail,
            error,
        }
    }

    fn deadline_error(&self, context: &str, last: Option<String>) -> Error {
        Error::Deadline {
            context: match last {
                Some(reason) => format!("{context} (last attempt: {reason})"),
                None => context.to_string(),
            },
        }
    }
}

/// The most of an error reply that is read: its message is in the first few KiB.
const ERROR_BODY_CAP: usize = 64 * 1024;

/// Read a body up to `cap` bytes, or say why not.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, ReadCap> {
    let mut out = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if out.len() + chunk.len() > cap {
                    return Err(ReadCap::TooLong);
                }
                out.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(out),
            Err(e) => return Err(ReadCap::Broke(describe_transport(&e))),
        }
    }
}

/// Why a capped read stopped.
pub(crate) enum ReadCap {
    TooLong,
    Broke(String),
}

/// The io::ErrorKind somewhere in an error's chain (io errors hide their inner error from
/// `source()`, so each is looked into with `get_ref`).
fn chain_io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() != std::io::ErrorKind::Other {
                return Some(io.kind());
            }
            if let Some(k) = io.get_ref().and_then(|inner| chain_io_kind(inner)) {
                return Some(k);
            }
        }
        cur = err.source();
    }
    None
}

/// A rustls error somewhere in the chain (looking inside io errors too).
fn find_rustls<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(r) = find_rustls(inner)
        {
            return Some(r);
        }
        cur = err.source();
    }
    None
}

/// A failed TLS handshake, in words: why the server's certificate was not accepted.
pub(crate) fn tls_failure(e: &reqwest::Error, url: &Url) -> Option<String> {
    use rustls::CertificateError as C;
    let host = url.host_str().unwrap_or("the server");
    let err = find_rustls(e)?;
    Some(match err {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => format!(
                "the certificate of {host} is signed by an authority this machine does not trust"
            ),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                format!("the certificate {host} presents is not valid for the name {host}")
            }
            C::Expired | C::ExpiredContext { .. } => {
                format!("the certificate of {host} has expired")
            }
            C::NotValidYet | C::NotValidYetContext { .. } => format!(
                "the certificate of {host} is not valid yet (is this machine's clock right?)"
            ),
            C::Revoked => format!("the certificate of {host} has been revoked"),
            C::BadSignature => format!("the certificate of {host} has a bad signature"),
            other if format!("{other:?}").contains("CaUsedAsEndEntity") => format!(
                "{host} presents a CA certificate as its own (a self-signed certificate this machine does not trust)"
            ),
            other => format!("the certificate of {host} was rejected ({other:?})"),
        },
        other => format!("the TLS handshake with {host} failed: {other}"),
    })
}

pub(crate) fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if bytes.len() > 120 {
        format!("{one_line}…")
    } else {
        one_line
    }
}

/// A reply body that is not what was expected, described for an error message.
pub(crate) fn describe_body(content_type: &str, bytes: &[u8], detail: &str) -> String {
    if bytes.is_empty() {
        return "empty body".into();
    }
    let ct = if content_type.is_empty() {
        "no content type"
    } else {
        content_type
    };
    format!("{detail} ({ct}: {})", snippet(bytes))
}

/// A non-success status as an error: the server's `{"error": …}` message when it sent one.
pub(crate) fn status_error(
    context: String,
    status: StatusCode,
    content_type: &str,
    bytes: &[u8],
) -> Error {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) if !body.error.is_empty() => Error::Status {
            context,
            status: status.as_u16(),
            message: body.error,
            run_id: body.run_id,
        },
        _ => {
            let reason = status.canonical_reason().unwrap_or("error");
            let message = if bytes.is_empty() {
                reason.to_string()
            } else if content_type.starts_with("text/html") {
                format!("{reason} (an HTML page, probably from a proxy in front of the API)")
            } else {
                format!("{reason}: {}", snippet(bytes))
            };
            Error::Status {
                context,
                status: status.as_u16(),
                message,
                run_id: None,
            }
        }
    }
}

/// reqwest's errors, in words a user can act on (the URL is left out: it is in the context).
pub(crate) fn describe_transport(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut root = e.source();
    let mut deepest = None;
    while let Some(s) = root {
        deepest = Some(s.to_string());
        root = s.source();
    }
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the reply"
    } else {
        "the request failed"
    };
    match deepest {
        Some(d) => format!("{kind}: {d}"),
        None => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_are_read_leniently() {
        let e = status_error(
            "x".into(),
            StatusCode::BAD_GATEWAY,
            "text/html",
            b"<html><h1>502</h1></html>",
        );
        assert!(e.to_string().contains("HTML page"), "{e}");
        let e = status_error(
            "x".into(),
            StatusCode::CONFLICT,
            "application/json",
            br#"{"error":"busy","run_id":"r1"}"#,
        );
        assert_eq!(e.run_id(), Some("r1"));
        assert_eq!(e.server_message(), Some("busy"));
        let e = status_error("x".into(), StatusCode::INTERNAL_SERVER_ERROR, "", b"");
        assert!(e.to_string().contains("Internal Server Error"), "{e}");
    }
}

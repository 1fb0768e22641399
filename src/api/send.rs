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

use super::client::{Client, redact_url};
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
    /// Transient (the body broke off, a truncated reply): retried like a dropped connection when
    /// the request is safe to send again; `error` is what the caller gets when it is not.
    Retry { reason: String, error: Error },
    /// Final: returned as it is.
    Fail(Error),
}

/// The backoff state of one logical request across its attempts.
struct Attempts {
    limited: Box<dyn Iterator<Item = Duration> + Send>,
    failing: Box<dyn Iterator<Item = Duration> + Send>,
    attempt: u32,
    started: Instant,
}

impl Client {
    /// Send `req` until it gets a response with a final status, then hand the response to `read`;
    /// retries follow the policy of the request's safety class (see the module comment).
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
        let policy = self.policy();
        let mut tries = Attempts {
            limited: Box::new(policy.rate_limited()),
            failing: Box::new(policy.failures()),
            attempt: 0,
            started: Instant::now(),
        };
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
            let t = Instant::now();
            // Each arm either returns, or names why this attempt failed and what to report if
            // the policy does not allow another.
            let (reason, error) = match rb.send().await {
                Err(e) => {
                    let detail = describe_transport(&e);
                    let error = Error::Transport {
                        context: context.clone(),
                        detail: detail.clone(),
                    };
                    (detail, error)
                }
                Ok(resp) => {
                    let status = resp.status();
                    self.observer().http(&format!(
                        "← {} {} ({} ms)",
                        status.as_u16(),
                        status.canonical_reason().unwrap_or(""),
                        t.elapsed().as_millis()
                    ));
                    if status == StatusCode::TOO_MANY_REQUESTS {
                        match tries.limited.next() {
                            Some(d) => {
                                self.pause(req.what, tries.attempt, d, "rate limited (HTTP 429)")
                                    .await;
                                continue;
                            }
                            None => {
                                return Err(Error::RateLimited {
                                    context,
                                    waited: tries.started.elapsed(),
                                });
                            }
                        }
                    }
                    if status.is_redirection() && to_api {
                        let location = header(&resp, "location");
                        return Err(Error::Config(format!(
                            "{context}: the API redirected to {}; vern does not follow redirects off the API host (the key would go with it)",
                            location.as_deref().unwrap_or("an unnamed location")
                        )));
                    }
                    if status.is_success() {
                        match read(resp).await {
                            Ok(v) => return Ok(v),
                            Err(ReadFailure::Fail(e)) => return Err(e),
                            Err(ReadFailure::Retry { reason, error }) => (reason, error),
                        }
                    } else {
                        let content_type = header(&resp, "content-type").unwrap_or_default();
                        let body = resp.bytes().await.unwrap_or_default();
                        let error = status_error(context.clone(), status, &content_type, &body);
                        if !status.is_server_error() {
                            return Err(error);
                        }
                        (format!("HTTP {}", status.as_u16()), error)
                    }
                }
            };
            match tries.failing.next() {
                Some(d) if req.safety == Safety::Retry => {
                    self.pause(req.what, tries.attempt, d, &reason).await;
                }
                _ => return Err(error),
            }
        }
    }

    async fn pause(&self, what: &str, attempt: u32, delay: Duration, reason: &str) {
        self.observer().retry(what, attempt, delay, reason);
        tokio::time::sleep(delay).await;
    }
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

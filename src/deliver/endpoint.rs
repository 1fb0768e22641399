//! A webhook endpoint (`vern deliver --to https://…`): its own HTTP client and the sending of one
//! signed batch, retried while the endpoint says it may take it later.
//!
//! - **Never the API key.** This client is built apart from the API's and knows nothing of the
//!   key, so no request path here can attach it — even to an endpoint on the API's own host and
//!   port, where the API client's same-origin rule would. It follows no redirect (a 3xx fails
//!   the batch like any other status), and reaches loopback without a proxy, as for the API.
//! - **Retries.** 2xx acknowledges. 429, 5xx and connections that fail or drop before an answer
//!   are retried with backoff (`RetryPolicy::webhook`: 1 s doubling to 30 s, jittered, eight
//!   retries — about two to four minutes — every pause divided by `VERN_TIME_SCALE`), always with
//!   the same `webhook-id` and a fresh timestamp and signature. When the retries run out the
//!   endpoint is taken to be down: the caller stops the run (a re-run continues it). Any other
//!   status is the endpoint's answer about this batch: [`Answer::Refused`], with the start of its
//!   reply. A certificate this machine does not trust fails at once, unretried.
//! - **Time.** Each attempt is bounded by the call timeout (`VERN_CALL_TIMEOUT`, 60 s) and, like
//!   every pause, by the command's `--timeout`. An endpoint that times out may have taken the
//!   batch anyway: that is what the stable id is for.

use super::webhook::{self, Secret};
use crate::api::Client;
use crate::api::client::{Proxies, Timeouts, is_loopback_host, redact_url};
use crate::api::observe::Observer;
use crate::api::retry::RetryPolicy;
use crate::api::send::{describe_transport, read_capped, tls_failure};
use bytes::Bytes;
use std::time::Duration;
use url::Url;

const USER_AGENT: &str = concat!("vern/", env!("CARGO_PKG_VERSION"));
/// The most of a reply that is read (its start is what a report keeps).
const REPLY_CAP: usize = 64 * 1024;

/// Where batches go and how they are signed.
pub struct Endpoint {
    http: reqwest::Client,
    url: Url,
    key: Secret,
    policy: RetryPolicy,
    timeouts: Timeouts,
    deadline: Option<tokio::time::Instant>,
    proxies: Proxies,
    /// `-vv`: a line per request and answer, as for the API.
    observer: std::sync::Arc<dyn Observer>,
}

/// What the endpoint answered to a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 2xx: the batch is delivered.
    Acknowledged { status: u16, attempts: u32 },
    /// Any status but 2xx, 429 and 5xx: the endpoint will not take this batch as it is.
    Refused {
        status: u16,
        /// The start of its reply, on one line (`webhook::describe_reply`).
        reply: String,
        attempts: u32,
    },
}

/// Why a batch got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsent {
    /// 429s, 5xx or failed connections until the retries ran out.
    GaveUp { attempts: u32, last: String },
    /// The endpoint's certificate is not trusted here (not retried).
    Tls(String),
    /// `--timeout` ran out.
    Deadline { last: Option<String> },
}

impl Endpoint {
    /// A client for `url` with the API client's timeouts, clock and deadline — never its key.
    pub fn new(url: Url, key: Secret, api: &Client) -> Result<Endpoint, String> {
        let timeouts = api.inner.timeouts;
        let mut b = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeouts.connect)
            .read_timeout(timeouts.idle)
            .tcp_nodelay(true);
        if url.scheme() == "http" {
            // Plain http only ever goes to loopback (`Target::parse`): no TLS roots to load.
            b = b.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        if is_loopback_host(&url) {
            b = b.no_proxy();
        }
        let http = b
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Endpoint {
            http,
            url,
            key,
            policy: *api.policy(),
            timeouts,
            deadline: api.inner.deadline,
            proxies: api.inner.proxies.clone(),
            observer: api.observer().clone(),
        })
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// POST one batch until it is acknowledged or refused. `on_retry(attempt, pause, reason)` is
    /// called before each pause.
    pub async fn post(
        &self,
        id: &str,
        body: Bytes,
        mut on_retry: impl FnMut(u32, Duration, &str),
    ) -> Result<Answer, Unsent> {
        let mut pauses = self.policy.webhook();
        let mut attempts = 0u32;
        let mut last: Option<String> = None;
        loop {
            attempts += 1;
            let attempt = self.attempt(id, body.clone());
            let outcome = match self.deadline {
                Some(d) => match tokio::time::timeout_at(d, attempt).await {
                    Ok(o) => o,
                    Err(_) => return Err(Unsent::Deadline { last }),
                },
                None => attempt.await,
            };
            let reason = match outcome {
                Attempt::Answered(status, _) if (200..300).contains(&status) => {
                    return Ok(Answer::Acknowledged { status, attempts });
                }
                Attempt::Answered(status, reply) if status == 429 || status >= 500 => {
                    if reply.is_empty() {
                        format!("HTTP {status}")
                    } else {
                        format!("HTTP {status}: {reply}")
                    }
                }
                Attempt::Answered(status, reply) => {
                    return Ok(Answer::Refused {
                        status,
                        reply,
                        attempts,
                    });
                }
                Attempt::Tls(detail) => return Err(Unsent::Tls(detail)),
                Attempt::Broken(detail) => detail,
            };
            let Some(pause) = pauses.next() else {
                return Err(Unsent::GaveUp {
                    attempts,
                    last: reason,
                });
            };
            if let Some(d) = self.deadline
                && tokio::time::Instant::now() + pause >= d
            {
                return Err(Unsent::Deadline { last: Some(reason) });
            }
            on_retry(attempts, pause, &reason);
            tokio::time::sleep(pause).await;
            last = Some(reason);
        }
    }

    /// One signed attempt, with its own timestamp.
    async fn attempt(&self, id: &str, body: Bytes) -> Attempt {
        let timestamp = unix_seconds();
        let signature = webhook::sign(&self.key, id, timestamp, &body);
        self.observer.http(&format!(
            "→ POST {} (webhook-id {id}, {} bytes)",
            redact_url(&self.url),
            body.len()
        ));
        let started = std::time::Instant::now();
        let sent = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .timeout(self.timeouts.call)
            .body(body)
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => {
                if let Some(detail) = tls_failure(&e, &self.url) {
                    return Attempt::Tls(detail);
                }
                let mut detail = describe_transport(&e);
                if let Some(p) = self.proxies.for_url(&self.url) {
                    detail = format!("{detail} (through the proxy {p})");
                }
                return Attempt::Broken(detail);
            }
        };
        let status = resp.status();
        self.observer.http(&format!(
            "← {} {} ({} ms)",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            started.elapsed().as_millis()
        ));
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        // A reply that cannot be read whole is described by its status alone.
        let bytes = read_capped(resp, REPLY_CAP).await.unwrap_or_default();
        let mut reply = webhook::describe_reply(&bytes);
        if status.is_redirection() {
            let to = location.map(|l| webhook::describe_reply(l.as_bytes()));
            reply = format!(
                "a redirect to {}, which vern does not follow with a batch{}",
                to.as_deref().unwrap_or("an unnamed location"),
                if reply.is_empty() {
                    String::new()
                } else {
                    format!(": {reply}")
                }
            );
        }
        Attempt::Answered(status.as_u16(), reply)
    }
}

enum Attempt {
    Answered(u16, String),
    Broken(String),
    Tls(String),
}

fn unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

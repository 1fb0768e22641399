//! The Migration API client: one async method per endpoint of the companies surface, all going
//! through [`Client::call`], which applies the rate budget, the failure policy and the logging.
//!
//! Two reqwest clients keep the key where it belongs: `api` talks only to the configured API host
//! and adds `x-api-key` to each request itself (never as a default header), refusing redirects to
//! any other host; `storage` talks to signed URLs and never carries the key at all. Plain
//! `http://` is accepted only for loopback hosts (the sandbox).

use super::budget::RateBudget;
use super::error::Error;
use super::observe::{Observer, Silent};
use super::retry::{RetryPolicy, Safety};
use super::types::*;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// The API key. Its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[derive(Clone)]
pub struct ClientConfig {
    /// e.g. `https://app.vern.so`; `/api/v1` is added here.
    pub base_url: String,
    pub key: ApiKey,
    /// Requests per 60 s shared by the whole process.
    pub rate_limit: u32,
    pub policy: RetryPolicy,
    pub observer: Arc<dyn Observer>,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, key: ApiKey) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            key,
            rate_limit: 100,
            policy: RetryPolicy::default(),
            observer: Arc::new(Silent),
        }
    }
}

/// A sandbox's seeded source id and destination connection.
pub type SandboxDefaults = (String, Option<serde_json::Value>);

/// Cheap to clone; every clone shares the connection pools and the rate budget.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub api: reqwest::Client,
    /// Storage clients, built on first use, one per scheme: loading the platform's root
    /// certificates costs several milliseconds, which plain-HTTP loopback never needs.
    pub storage_http: std::sync::OnceLock<reqwest::Client>,
    pub storage_https: std::sync::OnceLock<reqwest::Client>,
    /// A local sandbox's provisioning defaults, probed once: every row of a fleet asks.
    pub sandbox_defaults: tokio::sync::OnceCell<Option<SandboxDefaults>>,
    pub base: Url,
    pub key: ApiKey,
    pub budget: RateBudget,
    pub policy: RetryPolicy,
    pub observer: Arc<dyn Observer>,
}

/// Whether a host may be spoken to over plain HTTP.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Refuse URLs that would send data (or the key) in clear text over a network.
pub fn check_transport(url: &Url, what: &str) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_host(url) => Ok(()),
        "http" => Err(Error::Config(format!(
            "refusing plain http:// for {what} on {}: only loopback hosts may use http, use https",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(Error::Config(format!(
            "unsupported URL scheme '{other}' for {what}"
        ))),
    }
}

/// A URL fit for logs: the query's `token` (signed URLs) is replaced.
pub fn redact_url(url: &Url) -> String {
    let mut u = url.clone();
    if u.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k.contains("token") || k.contains("sig") || k.eq_ignore_ascii_case("key")
                {
                    "REDACTED".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string()
}

/// A decoded success reply: the typed value and the JSON it came from (for hashing exactly what
/// the server sent).
pub struct Reply<T> {
    pub status: u16,
    pub value: T,
    pub raw: Value,
}

const USER_AGENT: &str = concat!("vern/", env!("CARGO_PKG_VERSION"));

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, Error> {
        let base = Url::parse(config.base_url.trim_end_matches('/')).map_err(|e| {
            Error::Config(format!("--api-url '{}' is not a URL: {e}", config.base_url))
        })?;
        check_transport(&base, "the API")?;
        let api_host = (
            base.scheme().to_string(),
            base.host_str().map(str::to_string),
            base.port_or_known_default(),
        );
        // Same-origin redirects only: x-api-key is a custom header, which reqwest does not strip
        // when a redirect crosses hosts, so the key must never follow one off the API host.
        let redirect = reqwest::redirect::Policy::custom(move |attempt| {
            let u = attempt.url();
            let same = u.scheme() == api_host.0
                && u.host_str().map(str::to_string) == api_host.1
                && u.port_or_known_default() == api_host.2;
            if same && attempt.previous().len() < 5 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let mut api = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(redirect)
            .connect_timeout(Duration::from_secs(15))
            .read_timeout(Duration::from_secs(120));
        if base.scheme() == "http" {
            // Loopback over plain HTTP (checked above): no TLS, so no root store to load.
            api = api.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        let api = api
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                storage_http: std::sync::OnceLock::new(),
                storage_https: std::sync::OnceLock::new(),
                sandbox_defaults: tokio::sync::OnceCell::new(),
                base,
                key: config.key,
                budget: RateBudget::per_minute(config.rate_limit),
                policy: config.policy,
                observer: config.observer,
            }),
        })
    }

    /// The client for a signed storage URL: never carries the key, never follows a redirect.
    pub(crate) fn storage(&self, url: &Url) -> Result<&reqwest::Client, Error> {
        let https = url.scheme() == "https";
        let cell = if https {
            &self.inner.storage_https
        } else {
            &self.inner.storage_http
        };
        if let Some(c) = cell.get() {
            return Ok(c);
        }
        let mut b = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            .read_timeout(Duration::from_secs(300))
            .tcp_nodelay(true);
        if !https {
            b = b.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        let c = b
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(cell.get_or_init(|| c))
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.inner.policy
    }

    pub fn observer(&self) -> &Arc<dyn Observer> {
        &self.inner.observer
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// `path` relative to `/api/v1`, or an absolute path / URL the server handed out (`poll_url`).
    pub fn url(&self, path: &str) -> Result<Url, Error> {
        let joined = if path.starts_with("http://") || path.starts_with("https://") {
            Url::parse(path)
        } else if path.starts_with("/api/") {
            self.inner.base.join(path)
        } else {
            let base = self.inner.base.as_str().trim_end_matches('/');
            Url::parse(&format!("{base}/api/v1/{}", path.trim_start_matches('/')))
        }
        .map_err(|e| Error::Config(format!("bad URL for {path}: {e}")))?;
        let b = &self.inner.base;
        if joined.host_str() != b.host_str()
            || joined.port_or_known_default() != b.port_or_known_default()
        {
            return Err(Error::Config(format!(
                "the server pointed at {} , which is not the API host; refusing to send the API key there",
                redact_url(&joined)
            )));
        }
        Ok(joined)
    }

    /// Send one API request under the rate budget and the failure policy, and decode the JSON
    /// reply. `what` names the call in errors ("create import").
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        safety: Safety,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        let url = self.url(path)?;
        let context = format!("{what} ({method} {})", url.path());
        let body_bytes = body.map(bytes::Bytes::from);
        let mut limited = self.inner.policy.rate_limited();
        let mut failing = self.inner.policy.failures();
        let mut attempt = 0u32;
        let started = Instant::now();
        loop {
            attempt += 1;
            self.inner.budget.acquire().await;
            let mut req = self
                .inner
                .api
                .request(method.clone(), url.clone())
                .header("x-api-key", self.inner.key.expose())
                .header("accept", "application/json");
            if let Some(b) = &body_bytes {
                req = req
                    .header("content-type", "application/json")
                    .body(b.clone());
            }
            let t = Instant::now();
            self.inner
                .observer
                .http(&format!("→ {method} {}", redact_url(&url)));
            let outcome = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let location = resp
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    let content_type = resp
                        .headers()
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    match resp.bytes().await {
                        Ok(bytes) => Ok((status, location, content_type, bytes)),
                        Err(e) => Err(describe_transport(&e)),
                    }
                }
                Err(e) => Err(describe_transport(&e)),
            };
            let (status, location, content_type, bytes) = match outcome {
                Ok(x) => x,
                Err(detail) => {
                    self.inner.observer.http(&format!(
                        "← {method} {}: {detail} ({} ms)",
                        url.path(),
                        t.elapsed().as_millis()
                    ));
                    if safety == Safety::Retry
                        && let Some(d) = failing.next()
                    {
                        self.inner.observer.retry(what, attempt, d, &detail);
                        tokio::time::sleep(d).await;
                        continue;
                    }
                    return Err(Error::Transport { context, detail });
                }
            };
            self.inner.observer.http(&format!(
                "← {} {} ({} B, {} ms)",
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                bytes.len(),
                t.elapsed().as_millis()
            ));
            if status == StatusCode::TOO_MANY_REQUESTS {
                if let Some(d) = limited.next() {
                    self.inner
                        .observer
                        .retry(what, attempt, d, "rate limited (HTTP 429)");
                    tokio::time::sleep(d).await;
                    continue;
                }
                return Err(Error::RateLimited {
                    context,
                    waited: started.elapsed(),
                });
            }
            if status.is_redirection() {
                return Err(Error::Config(format!(
                    "{context}: the API redirected to {}; vern does not follow redirects off the API host (the key would go with it)",
                    location.as_deref().unwrap_or("an unnamed location")
                )));
            }
            if status.is_success() {
                match decode::<T>(&bytes) {
                    Ok((value, raw)) => {
                        return Ok(Reply {
                            status: status.as_u16(),
                            value,
                            raw,
                        });
                    }
                    Err(detail) => {
                        let detail = describe_body(&content_type, &bytes, &detail);
                        if safety == Safety::Retry
                            && let Some(d) = failing.next()
                        {
                            self.inner.observer.retry(what, attempt, d, &detail);
                            tokio::time::sleep(d).await;
                            continue;
                        }
                        return Err(Error::InvalidResponse {
                            context,
                            status: status.as_u16(),
                            detail,
                        });
                    }
                }
            }
            if status.is_server_error()
                && safety == Safety::Retry
                && let Some(d) = failing.next()
            {
                let reason = format!("HTTP {}", status.as_u16());
                self.inner.observer.retry(what, attempt, d, &reason);
                tokio::time::sleep(d).await;
                continue;
            }
            return Err(status_error(context, status, &content_type, &bytes));
        }
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        self.call(Method::GET, path, None, Safety::Retry, what)
            .await
    }

    // ---- endpoints ---------------------------------------------------------------------------

    pub async fn list_sources(&self) -> Result<Vec<Source>, Error> {
        let r: Reply<SourcesResponse> = self.get("sources", "list sources").await?;
        Ok(r.value.sources)
    }

    pub async fn list_templates(&self) -> Result<Vec<Template>, Error> {
        let r: Reply<TemplatesResponse> = self.get("templates", "list templates").await?;
        Ok(r.value.templates)
    }

    /// Never retried after a failure: a lost response would make the retry a 409 (the external
    /// id is taken) or a duplicate company.
    pub async fn create_company(
        &self,
        req: &CreateCompanyRequest,
    ) -> Result<CreateCompanyResponse, Error> {
        let r = self
            .call(
                Method::POST,
                "companies",
                Some(json(req)?),
                Safety::Once,
                "create company",
            )
            .await?;
        Ok(r.value)
    }

    /// The sandbox's debug lookup by external id (not part of the real API; 404 there).
    pub async fn find_company(
        &self,
        external_id: &str,
    ) -> Result<Option<CreateCompanyResponse>, Error> {
        #[derive(serde::Deserialize)]
        struct Found {
            #[serde(default)]
            companies: Vec<CreateCompanyResponse>,
        }
        let path = format!(
            "companies?external_id={}",
            url::form_urlencoded::byte_serialize(external_id.as_bytes()).collect::<String>()
        );
        let r: Reply<Found> = self.get(&path, "find company").await?;
        Ok(r.value.companies.into_iter().next())
    }

    /// A local sandbox's provisioning defaults (`GET /_sandbox/defaults`): its first source and
    /// its destination connection. `None` from anything that is not a vern sandbox on loopback.
    /// Asked once per client; later calls reuse the answer.
    pub async fn sandbox_defaults(&self) -> Option<SandboxDefaults> {
        self.inner
            .sandbox_defaults
            .get_or_init(|| self.probe_sandbox_defaults())
            .await
            .clone()
    }

    async fn probe_sandbox_defaults(&self) -> Option<SandboxDefaults> {
        if !is_loopback_host(&self.inner.base) {
            return None;
        }
        let url = self.inner.base.join("/_sandbox/defaults").ok()?;
        let resp = self.inner.api.get(url).send().await.ok()?;
        if !resp.status().is_success() {
            return None;
        }
        let v: serde_json::Value = resp.json().await.ok()?;
        let source = v.get("source")?.as_str()?.to_string();
        Some((
            source,
            v.get("connection").filter(|c| !c.is_null()).cloned(),
        ))
    }

    pub async fn create_upload(
        &self,
        company: &str,
        req: &UploadRequest,
    ) -> Result<UploadResponse, Error> {
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/uploads"),
                Some(json(req)?),
                Safety::Retry,
                "request upload URL",
            )
            .await?;
        Ok(r.value)
    }

    /// Start an import. Retried after failures only when it carries an idempotency key (a replay
    /// then returns the same run). `Reply::status` 200 means the key matched an existing run.
    pub async fn create_import(
        &self,
        company: &str,
        req: &ImportRequest,
    ) -> Result<Reply<RunCreated>, Error> {
        let safety = if req.idempotency_key.is_some() {
            Safety::Retry
        } else {
            Safety::Once
        };
        self.call(
            Method::POST,
            &format!("companies/{company}/imports"),
            Some(json(req)?),
            safety,
            "start import",
        )
        .await
    }

    pub async fn get_import(&self, company: &str, run: &str) -> Result<Reply<ImportRun>, Error> {
        self.get(&format!("companies/{company}/imports/{run}"), "poll import")
            .await
    }

    /// The company's non-terminal import, if any.
    pub async fn active_import(&self, company: &str) -> Result<Option<Reply<ImportRun>>, Error> {
        match self
            .get::<ImportRun>(
                &format!("companies/{company}/imports/active"),
                "find the active import",
            )
            .await
        {
            Ok(r) => Ok(Some(r)),
            Err(e) if e.is_status(404) && e.server_message() == Some("No active import") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Never blindly retried; callers re-read the run when the outcome is unknown.
    pub async fn decide(
        &self,
        company: &str,
        run: &str,
        req: &DecisionRequest,
    ) -> Result<RunCreated, Error> {
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/imports/{run}/decisions"),
                Some(json(req)?),
                Safety::Once,
                "send decision",
            )
            .await?;
        Ok(r.value)
    }

    pub async fn message(
        &self,
        company: &str,
        run: &str,
        req: &MessageRequest,
    ) -> Result<RunCreated, Error> {
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/imports/{run}/messages"),
                Some(json(req)?),
                Safety::Once,
                "answer blocked run",
            )
            .await?;
        Ok(r.value)
    }

    pub async fn create_export(
        &self,
        company: &str,
        req: &ExportRequest,
    ) -> Result<Reply<RunCreated>, Error> {
        let safety = if req.idempotency_key.is_some() {
            Safety::Retry
        } else {
            Safety::Once
        };
        self.call(
            Method::POST,
            &format!("companies/{company}/exports"),
            Some(json(req)?),
            safety,
            "start export",
        )
        .await
    }

    pub async fn get_export(&self, company: &str, run: &str) -> Result<Reply<ExportRun>, Error> {
        self.get(&format!("companies/{company}/exports/{run}"), "poll export")
            .await
    }
}

fn json<T: Serialize>(req: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(req).map_err(|e| Error::Config(format!("cannot encode the request: {e}")))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(T, Value), String> {
    let raw: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let value = T::deserialize(&raw).map_err(|e| format!("unexpected JSON shape: {e}"))?;
    Ok((value, raw))
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

fn describe_body(content_type: &str, bytes: &[u8], detail: &str) -> String {
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
pub fn describe_transport(e: &reqwest::Error) -> String {
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
    fn plain_http_only_on_loopback() {
        let ok = [
            "https://app.vern.so",
            "http://127.0.0.1:4010",
            "http://localhost:1",
            "http://[::1]:80",
        ];
        for u in ok {
            check_transport(&Url::parse(u).unwrap(), "x").unwrap();
        }
        let err =
            check_transport(&Url::parse("http://app.vern.so").unwrap(), "the API").unwrap_err();
        assert!(
            err.to_string().contains("only loopback hosts may use http"),
            "{err}"
        );
        assert!(check_transport(&Url::parse("ftp://x").unwrap(), "x").is_err());
    }

    #[test]
    fn tokens_are_redacted_from_urls() {
        let u = Url::parse("https://s.example/o/a.csv?token=SECRET&x=1").unwrap();
        let r = redact_url(&u);
        assert!(
            !r.contains("SECRET") && r.contains("token=REDACTED") && r.contains("x=1"),
            "{r}"
        );
    }

    #[test]
    fn keys_do_not_print() {
        let k = ApiKey::new("sk_live_abc");
        assert!(!format!("{k:?}").contains("abc"));
    }

    #[test]
    fn urls_stay_on_the_api_host() {
        let c = Client::new(ClientConfig::new("https://app.vern.so", ApiKey::new("k"))).unwrap();
        assert_eq!(
            c.url("sources").unwrap().as_str(),
            "https://app.vern.so/api/v1/sources"
        );
        assert_eq!(
            c.url("/api/v1/companies/x/imports/y").unwrap().as_str(),
            "https://app.vern.so/api/v1/companies/x/imports/y"
        );
        assert!(c.url("https://evil.example/api/v1/x").is_err());
        assert!(Client::new(ClientConfig::new("http://app.vern.so", ApiKey::new("k"))).is_err());
    }

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

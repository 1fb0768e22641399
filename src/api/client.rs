//! The client itself: how it is built, where it may send the key, and the URL rules. Requests go
//! through `send` (the one request loop); the endpoints are in `endpoints`.
//!
//! Two reqwest clients keep the key where it belongs: `api` talks only to the configured API host
//! and gets the key from `send` on each request (never as a default header), refusing redirects to
//! any other host; `storage` talks to signed URLs and never carries the key at all. Plain
//! `http://` is accepted only for loopback hosts (the sandbox).

use super::budget::RateBudget;
use super::error::Error;
use super::observe::Observer;
use super::retry::RetryPolicy;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
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
    pub timeouts: Timeouts,
    /// When the command's `--timeout` runs out: no request or retry pause goes past it.
    pub deadline: Option<tokio::time::Instant>,
    /// The proxies the environment sets, to name them in errors (reqwest applies them itself).
    pub proxies: Proxies,
}

/// How long a request may take, attempt by attempt.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To establish a connection (TCP and TLS).
    pub connect: Duration,
    /// Without a single byte arriving: a server that accepts and never answers, or stalls.
    pub idle: Duration,
    /// For a whole JSON call, answer included: a server that trickles headers or a body.
    /// Transfers (upload, download) are bounded by `idle` and a minimum rate instead.
    pub call: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            call: Duration::from_secs(60),
        }
    }
}

/// `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` as the environment sets them.
#[derive(Debug, Clone, Default)]
pub struct Proxies {
    pub http: Option<String>,
    pub https: Option<String>,
    pub all: Option<String>,
    pub no_proxy: Option<String>,
}

impl Proxies {
    /// The proxy a request to `url` goes through, with any password hidden; never one for
    /// loopback, which vern always reaches directly.
    pub fn for_url(&self, url: &Url) -> Option<String> {
        if is_loopback_host(url) {
            return None;
        }
        let host = url.host_str().unwrap_or("");
        let bypassed = self.no_proxy.as_deref().is_some_and(|list| {
            list.split(',').map(str::trim).any(|n| {
                n == "*"
                    || (!n.is_empty()
                        && (host == n.trim_start_matches('.')
                            || host.ends_with(&format!(".{}", n.trim_start_matches('.')))))
            })
        });
        if bypassed {
            return None;
        }
        let chosen = match url.scheme() {
            "https" => self.https.as_ref().or(self.all.as_ref()),
            _ => self.http.as_ref().or(self.all.as_ref()),
        }?;
        Some(match Url::parse(chosen) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            _ => chosen.clone(),
        })
    }
}

#[cfg(test)]
impl ClientConfig {
    pub fn new(base_url: impl Into<String>, key: ApiKey) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            key,
            rate_limit: 100,
            policy: RetryPolicy::default(),
            observer: Arc::new(super::observe::Silent),
            timeouts: Timeouts::default(),
            deadline: None,
            proxies: Proxies::default(),
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
    pub storage_https_local: std::sync::OnceLock<reqwest::Client>,
    /// A local sandbox's provisioning defaults, probed once: every row of a fleet asks.
    pub sandbox_defaults: tokio::sync::OnceCell<Option<SandboxDefaults>>,
    pub base: Url,
    pub key: ApiKey,
    pub budget: RateBudget,
    pub policy: RetryPolicy,
    pub observer: Arc<dyn Observer>,
    pub timeouts: Timeouts,
    pub deadline: Option<tokio::time::Instant>,
    pub proxies: Proxies,
    /// Secrets this client knows (the key, signed-URL tokens it was handed): removed from any
    /// text a server sends before it is shown, logged or journaled.
    pub secrets: std::sync::Mutex<Vec<String>>,
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
            .connect_timeout(config.timeouts.connect)
            .read_timeout(config.timeouts.idle);
        if base.scheme() == "http" {
            // Loopback over plain HTTP (checked above): no TLS, so no root store to load.
            api = api.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        if is_loopback_host(&base) {
            // Loopback traffic never goes through a proxy: it would carry the key off the
            // machine, and a dead proxy would break a local sandbox.
            api = api.no_proxy();
        }
        let api = api
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let secrets = vec![config.key.expose().to_string()];
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                storage_http: std::sync::OnceLock::new(),
                storage_https: std::sync::OnceLock::new(),
                storage_https_local: std::sync::OnceLock::new(),
                sandbox_defaults: tokio::sync::OnceCell::new(),
                base,
                key: config.key,
                budget: RateBudget::per_minute(config.rate_limit),
                policy: config.policy,
                observer: config.observer,
                timeouts: config.timeouts,
                deadline: config.deadline,
                proxies: config.proxies,
                secrets: std::sync::Mutex::new(secrets),
            }),
        })
    }

    /// The client for a signed storage URL: never carries the key, never follows a redirect.
    pub(crate) fn storage(&self, url: &Url) -> Result<&reqwest::Client, Error> {
        let https = url.scheme() == "https";
        let loopback = is_loopback_host(url);
        let cell = match (https, loopback) {
            (true, false) => &self.inner.storage_https,
            (true, true) => &self.inner.storage_https_local,
            (false, _) => &self.inner.storage_http,
        };
        if let Some(c) = cell.get() {
            return Ok(c);
        }
        let mut b = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.inner.timeouts.connect)
            .read_timeout(self.inner.timeouts.idle)
            .tcp_nodelay(true);
        if !https {
            b = b.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        if loopback || !https {
            // Plain http is only ever loopback (check_transport), which is never proxied.
            b = b.no_proxy();
        }
        let c = b
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(cell.get_or_init(|| c))
    }

    /// Remember a secret (a signed URL's token) so that server text never shows it.
    pub(crate) fn add_secret(&self, secret: &str) {
        // Short strings would match innocent text; real tokens are long.
        if secret.len() >= 8
            && let Ok(mut s) = self.inner.secrets.lock()
            && !s.iter().any(|k| k == secret)
        {
            s.push(secret.to_string());
        }
    }

    /// `text` (from a server) with every secret this client knows replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        let Ok(secrets) = self.inner.secrets.lock() else {
            return text.to_string();
        };
        let mut out = text.to_string();
        for s in secrets.iter().filter(|s| s.len() >= 8) {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "[redacted]");
            }
        }
        out
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
        } else if path.starts_with("/api/") || path.starts_with("/_sandbox/") {
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

    /// Whether `url` is on the API's own origin (scheme, host and port): only such requests carry
    /// the key and count against the rate budget.
    pub(crate) fn is_api_origin(&self, url: &Url) -> bool {
        let b = &self.inner.base;
        url.scheme() == b.scheme()
            && url.host_str() == b.host_str()
            && url.port_or_known_default() == b.port_or_known_default()
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
}

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

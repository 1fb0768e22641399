//! What a sandbox instance is told at start and what tests may change while it runs: timing of
//! the run clock, faults, the server-side rate limit, scenarios and the destination's health.

use super::seed::Seed;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Called once per request served, with a line ready to print (secrets already redacted).
pub type LogFn = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Clone)]
pub struct Config {
    /// API listener; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Storage listener for signed uploads; `None` = same IP, next port (or a free one for port 0).
    pub storage_addr: Option<SocketAddr>,
    pub seed: Seed,
    /// Accepted API keys; empty = the seed's keys.
    pub keys: Vec<String>,
    pub dynamic: Dynamic,
    pub log: Option<LogFn>,
    /// Where to spool uploads (a fresh directory is made inside); default: the temp dir.
    pub spool_in: Option<std::path::PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            storage_addr: None,
            seed: Seed::builtin(),
            keys: Vec::new(),
            dynamic: Dynamic::default(),
            log: None,
            spool_in: None,
        }
    }
}

/// Settings that can change while the sandbox runs (tests flip them between steps).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Dynamic {
    pub timing: Timing,
    pub faults: FaultConfig,
    /// Requests per key per route in each window; 0 disables the limit.
    pub rate_limit: u32,
    #[serde(with = "humantime_serde_compat")]
    pub rate_window: Duration,
    /// How long a signed upload URL stays valid (real time).
    #[serde(with = "humantime_serde_compat")]
    pub upload_ttl: Duration,
    /// How long an `upload_ref` stays importable (real time).
    #[serde(with = "humantime_serde_compat")]
    pub upload_ref_ttl: Duration,
    /// Forced scenario for every new import (`blocked`, `fail`); per-file markers also work.
    pub scenario: Option<Scenario>,
    /// The destination refuses connections: export runs fail at job level.
    pub destination_down: bool,
    /// Largest accepted inline `rows` payload.
    pub inline_rows_limit: usize,
}

impl Default for Dynamic {
    fn default() -> Self {
        Dynamic {
            timing: Timing::default(),
            faults: FaultConfig::default(),
            rate_limit: 100,
            rate_window: Duration::from_secs(60),
            upload_ttl: Duration::from_secs(3600),
            upload_ref_ttl: Duration::from_secs(24 * 3600),
            scenario: None,
            destination_down: false,
            inline_rows_limit: 1000,
        }
    }
}

/// The run clock. Durations are sandbox time; `time_scale` sandbox seconds pass per real second,
/// so tests and benchmarks can run a "30 minute" import in a fraction of a second.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Timing {
    #[serde(with = "humantime_serde_compat")]
    pub queue_time: Duration,
    #[serde(with = "humantime_serde_compat")]
    pub run_time: Duration,
    pub time_scale: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            queue_time: Duration::from_secs(1),
            run_time: Duration::from_secs(6),
            time_scale: 1.0,
        }
    }
}

impl Timing {
    /// Real time that corresponds to `d` of sandbox time.
    pub fn real(&self, d: Duration) -> Duration {
        if self.time_scale <= 0.0 || !self.time_scale.is_finite() {
            return d;
        }
        d.div_f64(self.time_scale)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Pause at `blocked` with a question before validating.
    Blocked,
    /// Fail the run at job level.
    Fail,
}

impl std::str::FromStr for Scenario {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "blocked" => Ok(Scenario::Blocked),
            "fail" => Ok(Scenario::Fail),
            other => Err(format!(
                "unknown scenario '{other}' (expected blocked or fail)"
            )),
        }
    }
}

/// Faults injected into requests on both listeners; deterministic for a given `seed` and request
/// order. Rates are probabilities in 0..=1.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    pub seed: u64,
    /// A 5xx before the request is processed (500/503 JSON, or a proxy's HTML 502).
    pub error_rate: f64,
    /// Chance that a request starts a burst of `burst_len` consecutive 429s.
    pub burst_429_rate: f64,
    pub burst_len: u32,
    /// Connection dropped (RST) before the request is processed.
    pub reset_rate: f64,
    /// The request is processed and committed, then the connection is dropped instead of answered.
    pub lost_response_rate: f64,
    /// Only these methods get lost responses (empty: every method).
    pub lost_methods: Vec<String>,
    #[serde(with = "humantime_serde_compat")]
    pub latency: Duration,
    #[serde(with = "humantime_serde_compat")]
    pub latency_jitter: Duration,
    /// Faults to serve to the next matching requests, before any random draw.
    pub script: Vec<ScriptedFault>,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            seed: 42,
            error_rate: 0.0,
            burst_429_rate: 0.0,
            burst_len: 5,
            reset_rate: 0.0,
            lost_response_rate: 0.0,
            lost_methods: vec!["POST".into(), "PUT".into(), "PATCH".into()],
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            script: Vec::new(),
        }
    }
}

impl FaultConfig {
    pub fn is_quiet(&self) -> bool {
        self.error_rate == 0.0
            && self.burst_429_rate == 0.0
            && self.reset_rate == 0.0
            && self.lost_response_rate == 0.0
            && self.latency.is_zero()
            && self.script.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// 500 `{"error":"Internal server error"}`
    Error500,
    /// 502 with an HTML body, as a proxy in front of the API would send.
    BadGatewayHtml,
    /// 503 `{"error":"Service unavailable"}`
    Error503,
    /// 429 `{"error":"Too many requests"}`
    TooMany,
    Reset,
    LostResponse,
    /// A 200 whose body is cut off mid-JSON.
    Truncated,
}

/// "The next `times` requests whose method and path match get `kind`."
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScriptedFault {
    /// `GET`, `POST`, …; empty matches any.
    #[serde(default)]
    pub method: String,
    /// Substring of the path, e.g. `/imports` or `/upload/`.
    #[serde(default)]
    pub path_contains: String,
    pub kind: FaultKind,
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl ScriptedFault {
    pub fn new(method: &str, path_contains: &str, kind: FaultKind, times: u32) -> Self {
        ScriptedFault {
            method: method.to_string(),
            path_contains: path_contains.to_string(),
            kind,
            times,
        }
    }
}

/// Durations as humantime strings ("1s", "250ms") in the control API and seed-like files.
mod humantime_serde_compat {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(*d).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let s = String::deserialize(d)?;
        humantime::parse_duration(&s).map_err(serde::de::Error::custom)
    }
}

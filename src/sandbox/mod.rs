//! `vern sandbox`: a faithful local Migration API (companies surface) for rehearsals and tests.
//!
//! Two listeners on loopback — the API and a separate storage host for signed uploads — share one
//! in-memory world. Runs move through their states on a clock whose speed is configurable, data is
//! really validated against the seeded templates, the destination upserts by natural key, and
//! faults (5xx, 429 bursts, latency, resets, responses lost after a commit) can be switched on by
//! flags, by `POST /_sandbox/config`, or programmatically through [`Sandbox`].
//!
//! Layout: `seed` (templates and rules), `engine` (header matching, validation, questions),
//! `world` (state), `handlers` (the API listener, one file per resource) and `storage` (the
//! storage listener), `driver` (run lifecycles), `server` (accept loop, faults, auth, rate
//! limit), `config`.

pub mod config;
mod driver;
pub mod engine;
mod handlers;
pub mod seed;
mod server;
mod storage;
pub mod world;

use anyhow::{Context, Result};
use config::{Config, Dynamic, FaultConfig, FaultKind, LogFn};
use seed::CompiledSeed;
use server::{FaultState, RateLimiter};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpListener;
use tokio::sync::watch;
use world::{Stats, World};

/// Records in the destination, per company: (company, template index, natural key) → fields.
#[derive(Default)]
pub struct Destination {
    pub records: HashMap<(String, usize, Box<str>), Vec<Box<str>>>,
    /// Successful writes per record, for the exactly-once checks.
    pub writes: HashMap<(String, usize, Box<str>), u64>,
}

pub(crate) struct Shared {
    pub seed: Arc<CompiledSeed>,
    pub keys: Vec<String>,
    pub world: Mutex<World>,
    pub dynamic: Mutex<Dynamic>,
    pub faults: Mutex<FaultState>,
    pub limiter: Mutex<RateLimiter>,
    pub destination: Mutex<Destination>,
    /// The spool directory; the `Sandbox` owns (and removes) it, so that it goes when the
    /// sandbox stops even if a request task still holds `Shared` while the process exits.
    pub spool: std::path::PathBuf,
    pub api_url: String,
    pub storage_url: String,
    pub log: Option<LogFn>,
}

/// Lock a mutex, recovering the data if a panicking thread poisoned it (the sandbox keeps serving).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    pub fn dynamic(&self) -> Dynamic {
        lock(&self.dynamic).clone()
    }

    pub fn decide_fault(&self, method: &str, path: &str) -> server::Decision {
        lock(&self.faults).decide(method, path)
    }

    pub fn admit(&self, key: &str, route: &str) -> bool {
        let (limit, window) = {
            let d = lock(&self.dynamic);
            (d.rate_limit, d.rate_window)
        };
        lock(&self.limiter).admit(key, route, limit, window)
    }

    pub fn count_request(&self, listener: &str, method: &str, path: &str) {
        let route = route_label(path);
        let mut w = self.world();
        w.stats.requests += 1;
        *w.stats
            .requests_by_route
            .entry(format!("{listener} {method} {route}"))
            .or_default() += 1;
    }

    pub fn count_fault(&self, kind: FaultKind) {
        let mut w = self.world();
        let f = &mut w.stats.faults;
        match kind {
            FaultKind::Error500 | FaultKind::Error503 | FaultKind::BadGatewayHtml => f.errors += 1,
            FaultKind::TooMany => f.too_many += 1,
            FaultKind::Reset => f.resets += 1,
            FaultKind::LostResponse => f.lost_responses += 1,
            FaultKind::Truncated => f.truncated += 1,
        }
    }

    pub fn count_rate_limited(&self) {
        self.world().stats.rate_limited += 1;
    }

    pub fn stats(&self) -> Stats {
        let mut stats = self.world().stats.clone();
        let dest = lock(&self.destination);
        for ((company, template, key), n) in &dest.writes {
            let name = &self.seed.templates[*template].name;
            stats
                .companies
                .entry(company.clone())
                .or_default()
                .destination_writes
                .insert(format!("{name}:{key}"), *n);
        }
        for (company, _, _) in dest.records.keys() {
            stats
                .companies
                .entry(company.clone())
                .or_default()
                .destination_records += 1;
        }
        stats
    }
}

/// Path with ids replaced by `{id}`, so stats group requests by route.
fn route_label(path: &str) -> String {
    if path.starts_with("/object/upload/sign/") {
        return "/object/upload/sign/{object}".into();
    }
    path.split('/')
        .map(|seg| {
            if uuid::Uuid::parse_str(seg).is_ok() {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A running sandbox. Dropping it (or [`Sandbox::shutdown`]) stops both listeners.
pub struct Sandbox {
    /// Base URL of the API (the client adds `/api/v1`).
    pub api_url: String,
    /// Base URL of the storage host that serves signed uploads.
    pub storage_url: String,
    /// An accepted API key.
    pub key: String,
    pub api_addr: SocketAddr,
    pub storage_addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    _spool: tempfile::TempDir,
}

impl Sandbox {
    /// Bind both listeners and serve on the current tokio runtime.
    pub async fn start(config: Config) -> Result<Sandbox> {
        let compiled = Arc::new(config.seed.compile().context("the seed is not usable")?);
        let keys = if config.keys.is_empty() {
            config.seed.keys.clone()
        } else {
            config.keys.clone()
        };
        anyhow::ensure!(
            !keys.is_empty(),
            "the sandbox needs at least one API key (--key)"
        );
        let api = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let api_addr = api.local_addr()?;
        let storage_bind = config.storage_addr.unwrap_or_else(|| {
            let port = if api_addr.port() == 0 || config.addr.port() == 0 {
                0
            } else {
                api_addr.port().wrapping_add(1)
            };
            SocketAddr::new(api_addr.ip(), port)
        });
        let storage = TcpListener::bind(storage_bind)
            .await
            .with_context(|| format!("cannot listen on {storage_bind} for the storage host"))?;
        let storage_addr = storage.local_addr()?;
        let mut spool = tempfile::Builder::new();
        spool.prefix("vern-sandbox-");
        let spool = match &config.spool_in {
            Some(dir) => spool.tempdir_in(dir),
            None => spool.tempdir(),
        }
        .context("cannot create the sandbox's spool directory")?;
        let faults = FaultState::new(config.dynamic.faults.clone());
        let shared = Arc::new(Shared {
            seed: compiled,
            keys: keys.clone(),
            world: Mutex::new(World::default()),
            dynamic: Mutex::new(config.dynamic.clone()),
            faults: Mutex::new(faults),
            limiter: Mutex::new(RateLimiter::default()),
            destination: Mutex::new(Destination::default()),
            spool: spool.path().to_path_buf(),
            api_url: format!("http://{api_addr}"),
            storage_url: format!("http://{storage_addr}"),
            log: config.log.clone(),
        });
        let (stop, rx) = watch::channel(false);
        tokio::spawn(server::serve(
            api,
            handlers::router(shared.clone()),
            rx.clone(),
        ));
        tokio::spawn(server::serve(storage, storage::router(shared.clone()), rx));
        Ok(Sandbox {
            api_url: format!("http://{api_addr}"),
            storage_url: format!("http://{storage_addr}"),
            key: keys[0].clone(),
            api_addr,
            storage_addr,
            shared,
            stop,
            _spool: spool,
        })
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// Where uploaded bytes are spooled (benchmarks clear it between gigabyte uploads).
    pub fn spool_dir(&self) -> &std::path::Path {
        &self.shared.spool
    }

    /// Replace the fault configuration (resets the random sequence to the new seed).
    pub fn set_faults(&self, faults: FaultConfig) {
        lock(&self.shared.dynamic).faults = faults.clone();
        *lock(&self.shared.faults) = FaultState::new(faults);
    }

    /// Change any runtime setting (timing, rate limit, scenario, destination health, …).
    pub fn update(&self, f: impl FnOnce(&mut Dynamic)) {
        let faults = {
            let mut d = lock(&self.shared.dynamic);
            let before = serde_json::to_value(&d.faults).ok();
            f(&mut d);
            (serde_json::to_value(&d.faults).ok() != before).then(|| d.faults.clone())
        };
        if let Some(faults) = faults {
            *lock(&self.shared.faults) = FaultState::new(faults);
        }
    }

    pub fn dynamic(&self) -> Dynamic {
        self.shared.dynamic()
    }

    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// A sandbox on its own runtime thread, for synchronous callers (integration tests, `--sandbox`).
pub struct BackgroundSandbox {
    // Fields drop in this order: the sandbox (and its spool) first, then its runtime.
    sandbox: Sandbox,
    _runtime: Background,
}

/// A runtime shut down without waiting for its tasks (a request still in flight must not hold
/// up whoever dropped the sandbox).
struct Background(Option<tokio::runtime::Runtime>);

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl BackgroundSandbox {
    pub fn start(config: Config) -> Result<BackgroundSandbox> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("vern-sandbox")
            .enable_all()
            .build()
            .context("cannot start the sandbox runtime")?;
        let sandbox = runtime.block_on(Sandbox::start(config))?;
        Ok(BackgroundSandbox {
            sandbox,
            _runtime: Background(Some(runtime)),
        })
    }
}

impl std::ops::Deref for BackgroundSandbox {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.sandbox
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spool_goes_with_the_sandbox_even_while_a_request_holds_its_state() {
        let sb = super::BackgroundSandbox::start(super::Config::default()).unwrap();
        let dir = sb.spool_dir().to_path_buf();
        assert!(dir.is_dir());
        // A request task that the runtime has not dropped yet when the process exits.
        let in_flight = sb.shared.clone();
        drop(sb);
        assert!(!dir.exists(), "{} left behind", dir.display());
        drop(in_flight);
    }

    #[test]
    fn route_labels_hide_ids() {
        assert_eq!(
            super::route_label("/api/v1/companies/0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310/imports"),
            "/api/v1/companies/{id}/imports"
        );
    }
}

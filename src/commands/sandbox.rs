//! `vern sandbox`: serve the local simulator of the Migration API until interrupted, printing
//! where it listens and one line per request.

use crate::exit::{ExitCode, UserError};
use crate::model::account::Listening;
use crate::sandbox::Sandbox;
use crate::sandbox::config::{Config, Dynamic, FaultConfig, Scenario, Timing};
use crate::sandbox::seed::Seed;
use crate::settings::Settings;
use crate::ui::Ui;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| e.to_string())
}

fn rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not a rate between 0 and 1"))
    }
}

fn scale(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if v > 0.0 && v.is_finite() {
        Ok(v)
    } else {
        Err("the time scale must be a positive number".into())
    }
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run a local simulator of the Migration API (the companies surface) until \
interrupted. It is stateful and in memory: seeded sources and templates with real validation \
rules, signed uploads on a separate storage port, import runs that move through their states on \
a clock, decisions, export.csv, export runs that upsert into a seeded destination, idempotency \
and rate-limit rules, and switchable faults for rehearsing scripts.",
    after_help = "Examples:
  vern sandbox
  vern sandbox --addr 127.0.0.1:4010 --time-scale 10
  vern sandbox --error-rate 0.2 --burst-429-rate 0.05 --lost-response-rate 0.1
  vern sandbox --scenario blocked --destination-down

Then, in another shell:
  export VERN_API_URL=http://127.0.0.1:4010 VERN_API_KEY=<the key it prints>"
)]
pub struct SandboxArgs {
    /// Address of the API listener
    #[arg(long, default_value = "127.0.0.1:4010", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// Address of the storage listener for signed uploads (default: the next port)
    #[arg(long, value_name = "HOST:PORT")]
    pub storage_addr: Option<SocketAddr>,
    /// Load sources, templates, destination and writer from FILE (format: examples/seed.json)
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Accept this API key (repeatable; default: the seed's keys)
    #[arg(long = "key", value_name = "KEY")]
    pub keys: Vec<String>,

    /// How long a run stays queued (sandbox time)
    #[arg(long, default_value = "1s", value_parser = duration, help_heading = "Run clock")]
    pub queue_time: Duration,
    /// How long a run stays running (sandbox time)
    #[arg(long, default_value = "6s", value_parser = duration, help_heading = "Run clock")]
    pub run_time: Duration,
    /// Sandbox seconds per real second (10 = runs finish ten times faster)
    #[arg(long, default_value = "1", value_parser = scale, help_heading = "Run clock")]
    pub time_scale: f64,

    /// Share of requests answered with a 5xx (500/503 JSON, or a proxy's HTML 502)
    #[arg(long, default_value = "0", value_parser = rate, help_heading = "Faults")]
    pub error_rate: f64,
    /// Chance that a request starts a burst of 429s
    #[arg(long = "burst-429-rate", default_value = "0", value_parser = rate, help_heading = "Faults")]
    pub burst_429_rate: f64,
    /// Length of each 429 burst
    #[arg(long, default_value_t = 5, help_heading = "Faults")]
    pub burst_len: u32,
    /// Share of connections reset before the request is processed
    #[arg(long, default_value = "0", value_parser = rate, help_heading = "Faults")]
    pub reset_rate: f64,
    /// Share of POST/PUT/PATCH processed, then answered by a dropped connection
    #[arg(long, default_value = "0", value_parser = rate, help_heading = "Faults")]
    pub lost_response_rate: f64,
    /// Delay added to every request
    #[arg(long, default_value = "0s", value_parser = duration, help_heading = "Faults")]
    pub latency: Duration,
    /// Random extra delay, up to this much
    #[arg(long, default_value = "0s", value_parser = duration, help_heading = "Faults")]
    pub latency_jitter: Duration,
    /// Seed of the fault sequence (the same seed and request order give the same faults)
    #[arg(long, default_value_t = 42, help_heading = "Faults")]
    pub fault_seed: u64,

    /// Requests per key per route per minute before 429 (0: no limit)
    #[arg(long, default_value_t = 100, help_heading = "Behaviour")]
    pub server_rate_limit: u32,
    /// Force a scenario for every import: blocked (asks a question first) or fail
    #[arg(long, value_parser = |s: &str| s.parse::<Scenario>(), help_heading = "Behaviour")]
    pub scenario: Option<Scenario>,
    /// The destination refuses connections: exports fail at job level
    #[arg(long, help_heading = "Behaviour")]
    pub destination_down: bool,
    /// Lifetime of a signed upload URL
    #[arg(long, default_value = "1h", value_parser = duration, help_heading = "Behaviour")]
    pub upload_ttl: Duration,
}

impl SandboxArgs {
    pub fn dynamic(&self) -> Dynamic {
        Dynamic {
            timing: Timing {
                queue_time: self.queue_time,
                run_time: self.run_time,
                time_scale: self.time_scale,
            },
            faults: FaultConfig {
                seed: self.fault_seed,
                error_rate: self.error_rate,
                burst_429_rate: self.burst_429_rate,
                burst_len: self.burst_len.max(1),
                reset_rate: self.reset_rate,
                lost_response_rate: self.lost_response_rate,
                latency: self.latency,
                latency_jitter: self.latency_jitter,
                ..FaultConfig::default()
            },
            rate_limit: self.server_rate_limit,
            scenario: self.scenario,
            destination_down: self.destination_down,
            upload_ttl: self.upload_ttl,
            ..Dynamic::default()
        }
    }
}

pub async fn run(_settings: &Settings, args: SandboxArgs, ui: &Ui) -> anyhow::Result<ExitCode> {
    let seed = match &args.seed {
        Some(path) => Seed::load(path).map_err(|e| {
            anyhow::Error::new(
                UserError::input(format!("{e:#}"))
                    .with_hint("start from examples/seed.json, the built-in seed"),
            )
        })?,
        None => Seed::builtin(),
    };
    if !args.addr.ip().is_loopback() {
        ui.warn(format!(
            "listening on {}: the sandbox serves plain HTTP with a known key; keep it on loopback unless you mean it",
            args.addr
        ));
    }
    let sources: Vec<String> = seed
        .sources
        .iter()
        .map(|s| format!("{} ({})", s.name, s.id))
        .collect();
    let log_ui = ui.clone();
    let config = Config {
        addr: args.addr,
        storage_addr: args.storage_addr,
        keys: args.keys.clone(),
        dynamic: args.dynamic(),
        log: (ui.quiet() == 0).then(|| Arc::new(move |line: &str| log_ui.always(line)) as _),
        seed,
        spool_in: None,
    };
    let sandbox = Sandbox::start(config).await.map_err(|e| {
        let hint = "pick another port with --addr (port 0 picks a free one)";
        anyhow::Error::new(UserError::input(format!("{e:#}")).with_hint(hint))
    })?;
    // Listen for Ctrl-C and SIGTERM before saying where it listens: whoever reads the banner may
    // stop it at once.
    let stop = Stop::listen()?;
    ui.banner(&Listening {
        api_url: sandbox.api_url.clone(),
        storage_url: sandbox.storage_url.clone(),
        key: sandbox.key.clone(),
        sources,
    });
    stop.wait().await;
    sandbox.shutdown();
    ui.note("sandbox stopped");
    Ok(ExitCode::Success)
}

/// Ctrl-C or SIGTERM, listened for from the moment it is made (a signal that arrives before
/// anything waits on it is kept, not fatal).
struct Stop {
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl Stop {
    fn listen() -> anyhow::Result<Stop> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stop {
                signals: (
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                ),
            })
        }
        #[cfg(not(unix))]
        Ok(Stop {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.signals.0.recv() => {}
            _ = self.signals.1.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

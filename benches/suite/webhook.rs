//! Webhook delivery (`vern deliver --to http://127.0.0.1:PORT/…`, `--only webhook`): a Contacts
//! sheet of `convert_rows / 10` rows (100,000 in the full run) imported into an in-process
//! sandbox, delivered to a local receiver in batches of 100, 1,000 (the default) and 5,000 rows.
//! The receiver is an axum server in this process that checks every signature (its own
//! HMAC-SHA256, not vern's code), parses every body and counts rows, requests and webhook-ids, so
//! a figure only stands when every row arrived once. Figures per batch size: wall time of the
//! whole command (median of up to three runs, each a fresh delivery: spool, count, convert, sign,
//! POST, journal each batch twice), rows/s, requests, requests/s, MiB of request bodies, vern's
//! peak RSS (GNU time). No target: the figures are measured, not judged.
//!
//! The state directory (the journal, fsynced twice per batch, and the spooled `export.csv`) is in
//! the system's temporary directory — on disk where that is a disk, as a user's journal is —
//! while the sandbox and the generated CSV stay on tmpfs: small batches cost what their fsyncs
//! cost on this machine's disk.

use super::{Api, Options, fast, median, run_timed, sandbox, vern, vern_env};
use anyhow::{Context as _, Result, bail};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BATCH_SIZES: [u64; 3] = [100, 1_000, 5_000];

#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    pub rows: usize,
    pub csv_bytes: u64,
    /// Where the state directories were made.
    pub state_dir: String,
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub batch_size: u64,
    pub seconds: Vec<f64>,
    pub median_seconds: f64,
    pub rows_per_s: f64,
    pub requests: u64,
    pub requests_per_s: f64,
    pub body_mib: f64,
    pub peak_rss_kib: Option<u64>,
}

impl Webhook {
    pub fn table(&self) -> String {
        let mut s = format!(
            "webhook delivery of {} rows ({:.1} MiB of CSV) to a local receiver that verifies every signature\n  (journal and spool in {})\n",
            self.rows,
            self.csv_bytes as f64 / (1 << 20) as f64,
            self.state_dir
        );
        s.push_str(&format!(
            "  {:>10} {:>9} {:>10} {:>9} {:>11} {:>10} {:>9}\n",
            "batch size", "seconds", "rows/s", "requests", "requests/s", "body MiB", "peak RSS"
        ));
        for r in &self.runs {
            s.push_str(&format!(
                "  {:>10} {:>9.2} {:>10.0} {:>9} {:>11.1} {:>10.1} {:>9}\n",
                r.batch_size,
                r.median_seconds,
                r.rows_per_s,
                r.requests,
                r.requests_per_s,
                r.body_mib,
                r.peak_rss_kib
                    .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
                    .unwrap_or_else(|| "-".into())
            ));
        }
        s
    }
}

/// What the receiver saw.
#[derive(Default)]
struct Seen {
    requests: u64,
    rows: u64,
    bytes: u64,
    bad_signatures: u64,
    ids: HashSet<String>,
}

/// The receiver's state: the signing key and what it saw.
type Shared = (Arc<Vec<u8>>, Arc<Mutex<Seen>>);

/// The receiver: checks `webhook-signature` with its own HMAC, counts rows, answers 200.
struct Receiver {
    url: String,
    seen: Arc<Mutex<Seen>>,
    _runtime: tokio::runtime::Runtime,
}

impl Receiver {
    fn start() -> Result<Receiver> {
        use axum::body::Bytes;
        use axum::extract::State;
        use axum::http::{HeaderMap, StatusCode};
        let key = base64::engine::general_purpose::STANDARD
            .decode(SECRET.trim_start_matches("whsec_"))
            .context("the bench secret")?;
        let seen = Arc::new(Mutex::new(Seen::default()));
        let state = (Arc::new(key), seen.clone());
        let router = axum::Router::new()
            .route(
                "/hook",
                axum::routing::post(
                    |State((key, seen)): State<Shared>,
                     headers: HeaderMap,
                     body: Bytes| async move {
                        let h = |n: &str| {
                            headers
                                .get(n)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("")
                                .to_string()
                        };
                        let (id, ts, sig) = (
                            h("webhook-id"),
                            h("webhook-timestamp"),
                            h("webhook-signature"),
                        );
                        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
                        mac.update(format!("{id}.{ts}.").as_bytes());
                        mac.update(&body);
                        let want = format!(
                            "v1,{}",
                            base64::engine::general_purpose::STANDARD
                                .encode(mac.finalize().into_bytes())
                        );
                        let rows = serde_json::from_slice::<Value>(&body)
                            .ok()
                            .and_then(|v| v["sheets"][0]["data"].as_array().map(Vec::len));
                        let mut s = seen.lock().unwrap();
                        s.requests += 1;
                        if sig != want || rows.is_none() {
                            s.bad_signatures += 1;
                            return StatusCode::UNAUTHORIZED;
                        }
                        s.rows += rows.unwrap_or(0) as u64;
                        s.bytes += body.len() as u64;
                        s.ids.insert(id);
                        StatusCode::OK
                    },
                ),
            )
            .with_state(state);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let url = format!("http://{}/hook", listener.local_addr()?);
        runtime.spawn(async move { axum::serve(listener, router).await });
        Ok(Receiver {
            url,
            seen,
            _runtime: runtime,
        })
    }

    fn take(&self) -> Seen {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// `--only webhook`.
pub fn run(opts: &Options) -> Result<Webhook> {
    let dir = super::scratch()?;
    let d = dir.path();
    let rows = (opts.convert_rows / 10).max(100);
    eprintln!("webhook: {rows} rows in batches of {BATCH_SIZES:?}…");
    let sb = sandbox(fast(), d)?;
    let api = Api::new(&sb);
    let imported = super::imported_contacts(&api, d, "Webhook bench", rows)?;
    let (ids, csv_bytes) = (
        format!("{} {}", imported.company, imported.sheet),
        imported.csv_bytes,
    );
    let (c, sheet) = ids.split_once(' ').unwrap();
    let receiver = Receiver::start()?;
    let repeats = opts.repeats.clamp(1, 3);
    let gnu_time = Path::new(super::GNU_TIME).exists();
    let mut runs = Vec::new();
    for size in BATCH_SIZES {
        let mut seconds = Vec::new();
        let mut requests = 0;
        let mut bytes = 0;
        let mut peak = None;
        for round in 0..repeats {
            let state = tempfile::Builder::new()
                .prefix("vern-bench-webhook-")
                .tempdir()?;
            let args = [
                "deliver",
                "--company",
                c,
                "--sheet",
                sheet,
                "--to",
                &receiver.url,
                "--batch-size",
                &size.to_string(),
                "-q",
            ];
            let rss_file = state.path().join("rss");
            // The last round under GNU time, for the peak RSS.
            let mut cmd = if gnu_time && round + 1 == repeats {
                let mut c = Command::new(super::GNU_TIME);
                c.args(["-f", "%M", "-o"]).arg(&rss_file).arg(&opts.vern);
                vern_env(&mut c, &sb, state.path());
                c
            } else {
                vern(opts, &sb, state.path())
            };
            cmd.args(args).env("VERN_WEBHOOK_SECRET", SECRET);
            let (elapsed, status, _) = run_timed(&mut cmd)?;
            let t = elapsed.as_secs_f64();
            if !status.success() {
                bail!("vern deliver (batch size {size}) failed: {status}");
            }
            let seen = receiver.take();
            let want = rows.div_ceil(size as usize);
            if seen.bad_signatures > 0
                || seen.rows != rows as u64
                || seen.requests != want as u64
                || seen.ids.len() != want
            {
                bail!(
                    "batch size {size}: the receiver saw {} requests ({} bad), {} rows, {} ids; want {want} requests of {rows} rows",
                    seen.requests,
                    seen.bad_signatures,
                    seen.rows,
                    seen.ids.len()
                );
            }
            requests = seen.requests;
            bytes = seen.bytes;
            seconds.push(t);
            if rss_file.exists() {
                peak = std::fs::read_to_string(&rss_file)
                    .ok()
                    .and_then(|t| t.trim().lines().last()?.trim().parse().ok());
            }
        }
        let m = median(&seconds);
        runs.push(Run {
            batch_size: size,
            seconds,
            median_seconds: m,
            rows_per_s: rows as f64 / m,
            requests,
            requests_per_s: requests as f64 / m,
            body_mib: bytes as f64 / (1 << 20) as f64,
            peak_rss_kib: peak,
        });
    }
    Ok(Webhook {
        rows,
        csv_bytes,
        state_dir: std::env::temp_dir().display().to_string(),
        runs,
    })
}

//! The measurements behind `cargo bench --bench bench`, shared with the test that proves the
//! harness runs (`tests/cli/bench.rs`, tiny sizes, no timing asserted).
//!
//! Everything runs side by side in one process against in-process sandboxes on loopback, with the
//! sandbox's spool and the test files on tmpfs when there is one, so the disk is not what is
//! measured:
//! - a large upload: `vern upload` vs curl doing the same handshake (POST) and a streaming
//!   `PUT -T FILE` (curl's `--data-binary @FILE` reads the whole file into memory and refuses
//!   files of 1 GiB and more), alternating, median of N;
//! - a large `export.csv`: `vern download -o` vs `curl -o`;
//! - vern's peak RSS for a small and a large upload (from GNU time, see `vern_under_time`);
//! - `vern --version` start-up time;
//! - how many requests `vern poll` makes while watching runs of 1, 5, 10 and 30 minutes on a
//!   clock sped up equally on both sides (`--time-scale` / `VERN_TIME_SCALE`);
//! - the sandbox's own import speed on a large file;
//! - fleet mode under a 100-requests-per-minute server: 429s, and wall time against the
//!   shortest time the budget allows;
//! - the delivery converter on a generated `export.csv` into every format, with and without
//!   gzip, beside `mlr --icsv --ojsonl cat | gzip` (`convert`; `--only convert` runs just it);
//! - `vern deliver` of the large sheet to S3 (moto on loopback) beside `curl | mlr | gzip |
//!   rclone rcat` and `curl | rclone rcat`, and its peak RSS (`deliver`; `--only deliver`).
//! - SFTP delivery of the large sheet to a local sshd vs OpenSSH's `sftp` client, and its peak RSS
//!   (`sftp`; `--only sftp` runs just it; skipped when OpenSSH is not installed).
//! - webhook delivery to a local receiver that verifies every signature (`webhook`; only with
//!   `--only webhook`).

#![allow(dead_code)]

#[path = "convert.rs"]
pub mod convert;
#[path = "deliver.rs"]
pub mod deliver;
#[path = "sftp.rs"]
pub mod sftp;
#[path = "webhook.rs"]
pub mod webhook;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;
use vern::sandbox::config::{Config, Dynamic, Timing};

const HUBSPOT: &str = "5f0c2a9e-1b7d-4c33-9e2a-7d41c0b8e6f1";

pub struct Options {
    pub vern: PathBuf,
    pub upload_size: u64,
    pub small_size: u64,
    pub repeats: usize,
    pub download_rows: usize,
    pub poll_minutes: Vec<u64>,
    pub poll_scale: f64,
    pub fleet_companies: usize,
    pub fleet_budget: u32,
    pub startup_runs: usize,
    /// Rows of the generated `export.csv` the converter benchmark converts.
    pub convert_rows: usize,
    /// Whether `run` includes the delivery to S3 (it needs `moto_server` on PATH; the sheet is
    /// `download_rows` rows).
    pub deliver: bool,
}

impl Options {
    pub fn full(vern: PathBuf) -> Options {
        Options {
            vern,
            upload_size: 1 << 30,
            small_size: 1 << 20,
            repeats: 9,
            download_rows: 1_000_000,
            poll_minutes: vec![1, 5, 10, 30],
            poll_scale: 60.0,
            fleet_companies: 50,
            fleet_budget: 100,
            startup_runs: 300,
            convert_rows: 1_000_000,
            deliver: true,
        }
    }

    pub fn quick(vern: PathBuf) -> Options {
        Options {
            upload_size: 256 << 20,
            repeats: 3,
            download_rows: 200_000,
            poll_scale: 300.0,
            fleet_companies: 10,
            fleet_budget: 100,
            startup_runs: 100,
            convert_rows: 200_000,
            ..Options::full(vern)
        }
    }

    /// For the test that proves the harness runs: seconds, not minutes.
    pub fn tiny(vern: PathBuf) -> Options {
        Options {
            vern,
            upload_size: 1 << 20,
            small_size: 64 << 10,
            repeats: 1,
            download_rows: 2_000,
            poll_minutes: vec![1],
            poll_scale: 600.0,
            fleet_companies: 3,
            fleet_budget: 600,
            startup_runs: 5,
            convert_rows: 2_000,
            deliver: true,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    pub bytes: u64,
    pub vern_seconds: Vec<f64>,
    pub curl_seconds: Vec<f64>,
    pub vern_mib_s: f64,
    pub curl_mib_s: f64,
    /// vern's throughput over curl's (≥ 1.0 is the target).
    pub ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rss {
    pub small_bytes: u64,
    pub large_bytes: u64,
    pub small_kib: u64,
    pub large_kib: u64,
    pub ratio: f64,
    /// How the peak was measured.
    pub method: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Polls {
    pub minutes: u64,
    pub polls: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fleet {
    pub companies: usize,
    pub budget_per_minute: u32,
    pub api_requests: u64,
    pub rate_limited: u64,
    pub seconds: f64,
    /// api_requests ÷ budget: the least time the budget allows.
    pub budget_seconds: f64,
    pub ratio: f64,
    pub exit_code: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub machine: Value,
    pub upload: Transfer,
    pub download: Transfer,
    pub rss: Rss,
    pub startup_ms_median: f64,
    pub startup_ms_p90: f64,
    pub polls: Vec<Polls>,
    pub import_rows: usize,
    pub import_seconds: f64,
    pub import_rows_per_s: f64,
    pub fleet: Fleet,
    pub convert: convert::Convert,
    /// `None` when `Options::deliver` was off.
    pub deliver: Option<deliver::Deliver>,
    /// `None` when OpenSSH is not installed.
    pub sftp: Option<sftp::Sftp>,
    pub targets: Vec<(String, bool)>,
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if s.is_empty() { 0.0 } else { s[s.len() / 2] }
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if s.is_empty() {
        0.0
    } else {
        s[((s.len() - 1) as f64 * p).round() as usize]
    }
}

/// Write back what earlier rounds left in the page cache, so that neither side of the next
/// measurement pays for the other's writes (tens of ms a round on a small VM's disk).
fn settle_disk() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() }
}

/// Run a child to its end; (wall time, status, peak RSS in KiB) from wait4.
fn run_timed(cmd: &mut Command) -> Result<(Duration, ExitStatus, u64)> {
    use std::os::unix::process::ExitStatusExt;
    cmd.stdin(std::process::Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn().with_context(|| format!("cannot run {cmd:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    // The child is reaped; forget the handle so its Drop does nothing more.
    std::mem::forget(child);
    if r < 0 {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    Ok((
        elapsed,
        ExitStatus::from_raw(status),
        usage.ru_maxrss as u64,
    ))
}

/// A scratch directory on tmpfs when the machine has one.
fn scratch() -> Result<tempfile::TempDir> {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::Builder::new()
            .prefix("vern-bench-")
            .tempdir_in(shm)?
    } else {
        tempfile::Builder::new().prefix("vern-bench-").tempdir()?
    };
    Ok(dir)
}

fn sandbox(dynamic: Dynamic, spool: &Path) -> Result<BackgroundSandbox> {
    BackgroundSandbox::start(Config {
        dynamic,
        spool_in: Some(spool.to_path_buf()),
        ..Config::default()
    })
}

fn fast() -> Dynamic {
    Dynamic {
        timing: Timing {
            queue_time: Duration::from_millis(10),
            run_time: Duration::from_millis(10),
            time_scale: 1.0,
        },
        rate_limit: 0,
        inline_rows_limit: 100_000,
        ..Dynamic::default()
    }
}

struct Api {
    base: String,
    key: String,
    http: reqwest::blocking::Client,
}

impl Api {
    fn new(sb: &BackgroundSandbox) -> Api {
        Api {
            base: format!("{}/api/v1", sb.api_url),
            key: sb.key.clone(),
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(600))
                .build()
                .unwrap(),
        }
    }

    fn post(&self, path: &str, body: Value) -> Result<Value> {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-api-key", &self.key)
            .json(&body)
            .send()?;
        let status = r.status();
        let v: Value = r.json()?;
        if !status.is_success() {
            bail!("POST {path}: {status} {v}");
        }
        Ok(v)
    }

    fn get(&self, path: &str) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{}{path}", self.base))
            .header("x-api-key", &self.key)
            .send()?
            .json()?)
    }

    fn company(&self, name: &str) -> Result<Value> {
        self.post(
            "/companies",
            json!({"name": name, "source": HUBSPOT,
                   "connections": {"destination": {"base_url": "https://crm.sandbox.vern.local", "auth": {"api_key": "crm_sandbox_key"}}}}),
        )
    }
}

fn vern(opts: &Options, sb: &BackgroundSandbox, state: &Path) -> Command {
    let mut c = Command::new(&opts.vern);
    vern_env(&mut c, sb, state);
    c
}

/// GNU time, which reports a child's peak RSS measured from its own small process.
const GNU_TIME: &str = "/usr/bin/time";

/// `vern` run under GNU time writing the peak RSS (KiB) to `out`. Measuring with wait4 from
/// here would be wrong: Linux folds the spawning process's own high-water mark into the child's
/// at exec, so every figure would read as at least the harness's size.
fn vern_under_time(opts: &Options, sb: &BackgroundSandbox, state: &Path, out: &Path) -> Command {
    let mut c = Command::new(GNU_TIME);
    c.args(["-f", "%M", "-o"]).arg(out).arg(&opts.vern);
    vern_env(&mut c, sb, state);
    c
}

fn vern_env(c: &mut Command, sb: &BackgroundSandbox, state: &Path) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("VERN_") || k == "CI" || k.starts_with("GITHUB_") {
            c.env_remove(k);
        }
    }
    c.env("VERN_API_URL", &sb.api_url)
        .env("VERN_API_KEY", &sb.key)
        .env("VERN_STATE_DIR", state)
        .env("VERN_KEYRING", "off")
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
}

fn write_random(path: &Path, size: u64) -> Result<()> {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut buf = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        rng.fill(&mut buf);
        let n = left.min(buf.len() as u64) as usize;
        f.write_all(&buf[..n])?;
        left -= n as u64;
    }
    f.flush()?;
    Ok(())
}

fn clear_spool(sb: &BackgroundSandbox) {
    if let Ok(entries) = std::fs::read_dir(sb.spool_dir()) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// One `vern upload` of `file`: seconds.
fn vern_upload(
    opts: &Options,
    sb: &BackgroundSandbox,
    company: &str,
    file: &Path,
    scratch: &Path,
) -> Result<f64> {
    let state = tempfile::tempdir_in(scratch)?;
    settle_disk();
    let (t, status, _) = run_timed(
        vern(opts, sb, state.path())
            .args(["upload", "--company", company, "-q"])
            .arg(file),
    )?;
    if !status.success() {
        bail!("vern upload failed: {status}");
    }
    clear_spool(sb);
    Ok(t.as_secs_f64())
}

/// One `vern upload` of `file` for its peak RSS in KiB, and how it was measured.
fn vern_upload_rss(
    opts: &Options,
    sb: &BackgroundSandbox,
    company: &str,
    file: &Path,
    scratch: &Path,
) -> Result<(u64, &'static str)> {
    let state = tempfile::tempdir_in(scratch)?;
    let out = state.path().join("rss");
    let gnu = Path::new(GNU_TIME).exists();
    let mut cmd = if gnu {
        vern_under_time(opts, sb, state.path(), &out)
    } else {
        vern(opts, sb, state.path())
    };
    let (_, status, wait4_rss) =
        run_timed(cmd.args(["upload", "--company", company, "-q"]).arg(file))?;
    if !status.success() {
        bail!("vern upload failed: {status}");
    }
    clear_spool(sb);
    if gnu {
        let text = std::fs::read_to_string(&out)?;
        let kib = text
            .trim()
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .with_context(|| format!("GNU time wrote {text:?}"))?;
        Ok((kib, "GNU time"))
    } else {
        Ok((
            wait4_rss,
            "wait4 (an upper bound: includes the harness's own size)",
        ))
    }
}

/// curl: the same handshake, then a streaming PUT.
fn curl_upload(sb: &BackgroundSandbox, company: &str, file: &Path, size: u64) -> Result<f64> {
    settle_disk();
    let start = Instant::now();
    let out = Command::new("curl")
        .args(["-sS", "-X", "POST", "-H", "content-type: application/json", "-H"])
        .arg(format!("x-api-key: {}", sb.key))
        .arg("-d")
        .arg(json!({"name": file.file_name().unwrap().to_string_lossy(), "content_type": "text/csv", "size": size}).to_string())
        .arg(format!("{}/api/v1/companies/{company}/uploads", sb.api_url))
        .output()?;
    let v: Value = serde_json::from_slice(&out.stdout).context("curl handshake")?;
    let url = v["upload_url"].as_str().context("no upload_url")?;
    let (_, status, _) = run_timed(
        Command::new("curl")
            .args([
                "-sS",
                "-f",
                "-o",
                "/dev/null",
                "-H",
                "content-type: text/csv",
                "-T",
            ])
            .arg(file)
            .arg(url),
    )?;
    let t = start.elapsed().as_secs_f64();
    if !status.success() {
        bail!("curl PUT failed: {status}");
    }
    clear_spool(sb);
    Ok(t)
}

fn transfer(bytes: u64, vern_s: Vec<f64>, curl_s: Vec<f64>) -> Transfer {
    let mib = bytes as f64 / (1 << 20) as f64;
    let v = mib / median(&vern_s);
    let c = mib / median(&curl_s);
    Transfer {
        bytes,
        vern_mib_s: v,
        curl_mib_s: c,
        ratio: v / c,
        vern_seconds: vern_s,
        curl_seconds: curl_s,
    }
}

fn bench_upload(opts: &Options, dir: &Path) -> Result<(Transfer, Rss)> {
    let sb = sandbox(fast(), dir)?;
    let api = Api::new(&sb);
    let company = api.company("Upload bench")?["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let large = dir.join("large.csv");
    let small = dir.join("small.csv");
    write_random(&large, opts.upload_size)?;
    write_random(&small, opts.small_size)?;
    // Warm the page cache and both code paths once.
    vern_upload(opts, &sb, &company, &small, dir)?;
    curl_upload(&sb, &company, &small, opts.small_size)?;
    let (mut vs, mut cs) = (Vec::new(), Vec::new());
    for i in 0..opts.repeats {
        // Alternate who goes first, so drift on a shared machine hits both alike.
        if i % 2 == 0 {
            vs.push(vern_upload(opts, &sb, &company, &large, dir)?);
            cs.push(curl_upload(&sb, &company, &large, opts.upload_size)?);
        } else {
            cs.push(curl_upload(&sb, &company, &large, opts.upload_size)?);
            vs.push(vern_upload(opts, &sb, &company, &large, dir)?);
        }
    }
    // Peak memory in runs of their own, the worst of a few each.
    let (mut small_rss, mut large_rss, mut method) = (0, 0, "");
    for _ in 0..3 {
        let (kib, m) = vern_upload_rss(opts, &sb, &company, &small, dir)?;
        small_rss = small_rss.max(kib);
        let (kib, _) = vern_upload_rss(opts, &sb, &company, &large, dir)?;
        large_rss = large_rss.max(kib);
        method = m;
    }
    let _ = std::fs::remove_file(&large);
    Ok((
        transfer(opts.upload_size, vs, cs),
        Rss {
            small_bytes: opts.small_size,
            large_bytes: opts.upload_size,
            small_kib: small_rss,
            large_kib: large_rss,
            ratio: large_rss as f64 / small_rss.max(1) as f64,
            method: method.to_string(),
        },
    ))
}

/// A valid Contacts CSV of `rows` rows.
fn contacts_csv(path: &Path, rows: usize) -> Result<u64> {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(f, "Email,First Name,Last Name,Phone,Title,Status,Account")?;
    let statuses = ["Open", "Closed", "Pending"];
    for i in 0..rows {
        writeln!(
            f,
            "person{i}@bench{}.example,First{i},Last{},+1 555 01{:02},Engineer {},{},",
            i % 997,
            i % 7919,
            i % 100,
            i % 13,
            statuses[i % 3]
        )?;
    }
    f.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// A company whose Contacts sheet holds imported rows.
struct Imported {
    pub company: String,
    pub sheet: String,
    /// From the import request to `completed`.
    pub seconds: f64,
    /// The CSV that was imported.
    pub csv_bytes: u64,
}

/// A company named `name` whose Contacts sheet holds `rows` imported rows.
fn imported_contacts(api: &Api, dir: &Path, name: &str, rows: usize) -> Result<Imported> {
    let company = api.company(name)?;
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let sheet = company["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Contacts")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let csv = dir.join("contacts.csv");
    let size = contacts_csv(&csv, rows)?;
    let up = api.post(
        &format!("/companies/{c}/uploads"),
        json!({"name": "contacts.csv", "content_type": "text/csv", "size": size}),
    )?;
    let put = api
        .http
        .put(up["upload_url"].as_str().unwrap())
        .header("content-type", "text/csv")
        .body(std::fs::File::open(&csv)?)
        .send()?;
    if !put.status().is_success() {
        bail!("upload for the import failed: {}", put.status());
    }
    // Import speed: from the request to `completed`, the clock set to (almost) nothing.
    let start = Instant::now();
    let run = api.post(
        &format!("/companies/{c}/imports"),
        json!({"files": [{"name": "contacts.csv", "upload_ref": up["upload_ref"]}]}),
    )?;
    let run_id = run["run_id"].as_str().unwrap().to_string();
    loop {
        let s = api.get(&format!("/companies/{c}/imports/{run_id}"))?;
        match s["status"].as_str() {
            Some("completed") => break,
            Some("queued") | Some("running") => std::thread::sleep(Duration::from_millis(5)),
            other => bail!("the benchmark import ended {other:?}: {s}"),
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&csv);
    Ok(Imported {
        company: c,
        sheet,
        seconds,
        csv_bytes: size,
    })
}

fn bench_import_and_download(opts: &Options, dir: &Path) -> Result<(usize, f64, Transfer)> {
    let sb = sandbox(fast(), dir)?;
    let Imported {
        company: c,
        sheet,
        seconds: import_seconds,
        ..
    } = imported_contacts(&Api::new(&sb), dir, "Download bench", opts.download_rows)?;
    let out = dir.join("out.csv");
    let mut vs = Vec::new();
    let mut cs = Vec::new();
    let mut bytes = 0;
    // A download takes a tenth of a second: three times the rounds, for a steadier median.
    for i in 0..opts.repeats * 3 {
        let mut one = |who: &str| -> Result<f64> {
            let _ = std::fs::remove_file(&out);
            settle_disk();
            let (t, status, _) = if who == "vern" {
                let state = tempfile::tempdir_in(dir)?;
                run_timed(
                    vern(opts, &sb, state.path())
                        .args(["download", "--company", &c, "--sheet", &sheet, "-q", "-o"])
                        .arg(&out),
                )?
            } else {
                run_timed(
                    Command::new("curl")
                        .args(["-sS", "-f", "-H"])
                        .arg(format!("x-api-key: {}", sb.key))
                        .arg("-o")
                        .arg(&out)
                        .arg(format!(
                            "{}/api/v1/companies/{c}/export.csv?sheet_id={sheet}",
                            sb.api_url
                        )),
                )?
            };
            if !status.success() {
                bail!("{who} download failed: {status}");
            }
            bytes = std::fs::metadata(&out)?.len();
            Ok(t.as_secs_f64())
        };
        if i % 2 == 0 {
            vs.push(one("vern")?);
            cs.push(one("curl")?);
        } else {
            cs.push(one("curl")?);
            vs.push(one("vern")?);
        }
    }
    Ok((opts.download_rows, import_seconds, transfer(bytes, vs, cs)))
}

fn bench_startup(opts: &Options) -> Result<(f64, f64)> {
    let mut times = Vec::new();
    for _ in 0..opts.startup_runs {
        let (t, status, _) = run_timed(
            Command::new(&opts.vern)
                .arg("--version")
                .stdout(std::process::Stdio::null()),
        )?;
        if !status.success() {
            bail!("vern --version failed");
        }
        times.push(t.as_secs_f64() * 1000.0);
    }
    Ok((median(&times), percentile(&times, 0.9)))
}

/// Requests `vern poll` makes to watch a run that lasts `minutes` (sandbox clock) from start to
/// end, both clocks scaled alike. The run is started first with `vern import --no-wait`.
fn bench_polls(opts: &Options, dir: &Path) -> Result<Vec<Polls>> {
    let handles: Vec<_> = opts
        .poll_minutes
        .iter()
        .map(|&m| {
            let dynamic = Dynamic {
                timing: Timing {
                    queue_time: Duration::from_secs(1),
                    run_time: Duration::from_secs(60 * m) - Duration::from_secs(1),
                    time_scale: opts.poll_scale,
                },
                rate_limit: 0,
                ..Dynamic::default()
            };
            let sb = sandbox(dynamic, dir)?;
            let api = Api::new(&sb);
            let c = api.company(&format!("Polls {m}"))?["company"]["id"]
                .as_str()
                .unwrap()
                .to_string();
            let rows = dir.join(format!("rows-{m}.json"));
            std::fs::write(&rows, r#"[{"Email": "a@b.example", "First Name": "A"}]"#)?;
            let state = tempfile::tempdir_in(dir)?;
            let started = vern(opts, &sb, state.path())
                .args(["import", "--company", &c, "--no-wait", "--json", "--rows"])
                .arg(&rows)
                .stdout(std::process::Stdio::piped())
                .output()?;
            if !started.status.success() {
                bail!("the {m}-minute import did not start: {}", started.status);
            }
            let v: Value = serde_json::from_slice(&started.stdout).context("import --json")?;
            let run = v["run_id"].as_str().context("no run_id")?.to_string();
            let before = api_requests(&sb);
            let mut cmd = vern(opts, &sb, state.path());
            cmd.args(["poll", "--company", &c, &run])
                .env("VERN_TIME_SCALE", opts.poll_scale.to_string());
            let child = cmd.spawn()?;
            Ok((m, sb, child, state, before))
        })
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    for (m, sb, mut child, _state, before) in handles {
        let status = child.wait()?;
        if !status.success() {
            bail!("`vern poll` of the {m}-minute run failed: {status}");
        }
        out.push(Polls {
            minutes: m,
            polls: api_requests(&sb) - before,
        });
    }
    Ok(out)
}

/// Every request the API listener has answered so far.
fn api_requests(sb: &BackgroundSandbox) -> u64 {
    sb.stats()
        .requests_by_route
        .iter()
        .filter(|(route, _)| route.starts_with("api "))
        .map(|(_, n)| *n)
        .sum()
}

fn bench_fleet(opts: &Options, dir: &Path) -> Result<Fleet> {
    let dynamic = Dynamic {
        timing: Timing {
            queue_time: Duration::from_millis(200),
            run_time: Duration::from_secs(1),
            time_scale: 1.0,
        },
        rate_limit: opts.fleet_budget,
        ..Dynamic::default()
    };
    let sb = sandbox(dynamic, dir)?;
    let conn = dir.join("connection.json");
    std::fs::write(
        &conn,
        r#"{"destination": {"base_url": "https://crm.sandbox.vern.local", "auth": {"api_key": "crm_sandbox_key"}}}"#,
    )?;
    let mut manifest = String::from("name,source,external_id,connection,files\n");
    for i in 0..opts.fleet_companies {
        let f = dir.join(format!("fleet-{i}.csv"));
        std::fs::write(
            &f,
            format!("Email,First Name,Status\nperson{i}@fleet.example,P{i},Open\n"),
        )?;
        manifest.push_str(&format!(
            "Fleet {i},{HUBSPOT},fleet-{i},{},{}\n",
            conn.display(),
            f.display()
        ));
    }
    let m = dir.join("fleet.csv");
    std::fs::write(&m, manifest)?;
    let state = tempfile::tempdir_in(dir)?;
    let (t, status, _) = run_timed(
        vern(opts, &sb, state.path())
            .args(["migrate", "--manifest"])
            .arg(&m)
            .args([
                "--concurrency",
                &opts.fleet_companies.to_string(),
                "--export",
                "none",
                "--approve",
                "accept",
            ])
            .args(["--rate-limit", &opts.fleet_budget.to_string()]),
    )?;
    let stats = sb.stats();
    let api_requests: u64 = stats
        .requests_by_route
        .iter()
        .filter(|(k, _)| k.starts_with("api ") && !k.contains("/_sandbox"))
        .map(|(_, n)| n)
        .sum();
    let budget_seconds = api_requests as f64 / opts.fleet_budget as f64 * 60.0;
    Ok(Fleet {
        companies: opts.fleet_companies,
        budget_per_minute: opts.fleet_budget,
        api_requests,
        rate_limited: stats.rate_limited + stats.faults.too_many,
        seconds: t.as_secs_f64(),
        budget_seconds,
        ratio: t.as_secs_f64() / budget_seconds,
        exit_code: status.code().unwrap_or(-1),
    })
}

pub fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let curl = Command::new("curl")
        .arg("--version")
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    json!({
        "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "cpu": cpu,
        "curl": curl,
        "at": humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
    })
}

pub fn run(opts: &Options) -> Result<Results> {
    let dir = scratch()?;
    let d = dir.path();
    // Start-up first, while nothing else (spools, page cache write-back) competes for the CPU.
    eprintln!("start-up: {} runs…", opts.startup_runs);
    let (startup_ms_median, startup_ms_p90) = bench_startup(opts)?;
    eprintln!(
        "upload: {} MiB, vern vs curl, {} rounds…",
        opts.upload_size >> 20,
        opts.repeats
    );
    let (upload, rss) = bench_upload(opts, d)?;
    eprintln!("import and download: {} rows…", opts.download_rows);
    let (import_rows, import_seconds, download) = bench_import_and_download(opts, d)?;
    eprintln!(
        "polls: runs of {:?} minutes at {}x…",
        opts.poll_minutes, opts.poll_scale
    );
    let polls = bench_polls(opts, d)?;
    eprintln!(
        "fleet: {} companies at {} requests/min…",
        opts.fleet_companies, opts.fleet_budget
    );
    let fleet = bench_fleet(opts, d)?;
    let convert = bench_convert(opts, d)?;
    let deliver = if opts.deliver {
        Some(deliver::bench_deliver(opts, d)?)
    } else {
        None
    };
    let sftp = sftp::available()
        .then(|| sftp::bench_sftp(opts, d))
        .transpose()?;
    let ten = polls.iter().find(|p| p.minutes == 10).map(|p| p.polls);
    let mut targets = vec![
        ("upload ≥ 1.0× curl".to_string(), upload.ratio >= 1.0),
        ("download ≥ 1.0× curl".to_string(), download.ratio >= 1.0),
        (
            "peak RSS ≤ 30 MiB".to_string(),
            rss.large_kib <= 30 * 1024 && rss.small_kib <= 30 * 1024,
        ),
        ("RSS large ≤ 1.1× small".to_string(), rss.ratio <= 1.1),
        ("start-up ≤ 3 ms".to_string(), startup_ms_median <= 3.0),
        ("fleet: zero 429s".to_string(), fleet.rate_limited == 0),
        (
            "fleet: ≤ 1.1× requests ÷ budget".to_string(),
            fleet.ratio <= 1.1,
        ),
    ];
    if let Some(n) = ten {
        targets.push(("≤ 40 requests to poll a 10-minute run".to_string(), n <= 40));
    }
    targets.extend(convert_targets(&convert));
    if let Some(d) = &deliver {
        targets.extend(d.targets());
    }
    targets.extend(sftp.iter().flat_map(sftp::Sftp::targets));
    Ok(Results {
        machine: machine(),
        upload,
        download,
        rss,
        startup_ms_median,
        startup_ms_p90,
        polls,
        import_rows,
        import_seconds,
        import_rows_per_s: import_rows as f64 / import_seconds,
        fleet,
        convert,
        deliver,
        sftp,
        targets,
    })
}

/// Only SFTP delivery (`--only sftp`): its figures, its targets.
pub fn run_sftp(opts: &Options) -> Result<(sftp::Sftp, Vec<(String, bool)>)> {
    let dir = scratch()?;
    let s = sftp::bench_sftp(opts, dir.path())?;
    let t = s.targets();
    Ok((s, t))
}

/// Conversion repeats: the median of three is steady enough, and a conversion of the full file
/// takes seconds.
fn convert_repeats(opts: &Options) -> usize {
    opts.repeats.min(3)
}

pub fn bench_convert(opts: &Options, dir: &Path) -> Result<convert::Convert> {
    eprintln!("convert: {} rows, every format…", opts.convert_rows);
    convert::bench_convert(opts.convert_rows, convert_repeats(opts), dir)
}

/// Only the converter (`--only convert`): its figures, its targets.
pub fn run_convert(opts: &Options) -> Result<(convert::Convert, Vec<(String, bool)>)> {
    let dir = scratch()?;
    let c = bench_convert(opts, dir.path())?;
    let t = convert_targets(&c);
    Ok((c, t))
}

/// Only the delivery to S3 (`--only deliver`): its figures, its targets.
pub fn run_deliver(opts: &Options) -> Result<(deliver::Deliver, Vec<(String, bool)>)> {
    let dir = scratch()?;
    let d = deliver::bench_deliver(opts, dir.path())?;
    let t = d.targets();
    Ok((d, t))
}

pub fn convert_targets(c: &convert::Convert) -> Vec<(String, bool)> {
    let mut t = vec![(
        "convert csv → jsonl ≥ 150 MB/s".to_string(),
        c.mb_s("jsonl").unwrap_or(0.0) >= 150.0,
    )];
    let chosen = format!("jsonl + gzip -{}", convert::GZIP_LEVEL);
    let ours = c
        .cases
        .iter()
        .find(|x| x.name.starts_with(&chosen))
        .map(|x| x.mb_s);
    if let (Some(v), Some(m)) = (ours, c.mb_s("mlr --icsv --ojsonl cat | gzip -6")) {
        t.push((format!("{chosen} ≥ 1.0× mlr | gzip -6"), v >= m));
    }
    if let (Some(a), Some(b)) = (c.heap_small_kib, c.heap_large_kib) {
        t.push((
            "convert: heap ≤ 4 MiB, large ≤ 1.1× small".to_string(),
            b <= 4 << 10 && b * 10 <= a * 11,
        ));
    }
    t
}

pub fn table(r: &Results) -> String {
    let mut s = String::new();
    let line = |s: &mut String, k: &str, v: String| s.push_str(&format!("{k:<44} {v}\n"));
    line(
        &mut s,
        "machine",
        format!(
            "{} cpus, {}",
            r.machine["cpus"],
            r.machine["cpu"].as_str().unwrap_or("")
        ),
    );
    line(
        &mut s,
        &format!("upload {} MiB: vern / curl (MiB/s)", r.upload.bytes >> 20),
        format!(
            "{:.0} / {:.0}  = {:.2}x",
            r.upload.vern_mib_s, r.upload.curl_mib_s, r.upload.ratio
        ),
    );
    line(
        &mut s,
        &format!(
            "download {} MiB: vern / curl (MiB/s)",
            r.download.bytes >> 20
        ),
        format!(
            "{:.0} / {:.0}  = {:.2}x",
            r.download.vern_mib_s, r.download.curl_mib_s, r.download.ratio
        ),
    );
    line(
        &mut s,
        &format!(
            "peak RSS: {} KiB / {} MiB upload",
            r.rss.small_bytes >> 10,
            r.rss.large_bytes >> 20
        ),
        format!(
            "{:.1} MiB / {:.1} MiB  = {:.2}x",
            r.rss.small_kib as f64 / 1024.0,
            r.rss.large_kib as f64 / 1024.0,
            r.rss.ratio
        ),
    );
    if r.rss.method != "GNU time" {
        line(&mut s, "  peak RSS measured by", r.rss.method.clone());
    }
    line(
        &mut s,
        "vern --version (median, p90)",
        format!("{:.2} ms, {:.2} ms", r.startup_ms_median, r.startup_ms_p90),
    );
    for p in &r.polls {
        line(
            &mut s,
            &format!("requests to poll a {}-minute run", p.minutes),
            p.polls.to_string(),
        );
    }
    line(
        &mut s,
        &format!("sandbox import of {} rows", r.import_rows),
        format!(
            "{:.2} s = {:.0} rows/s",
            r.import_seconds, r.import_rows_per_s
        ),
    );
    line(
        &mut s,
        &format!(
            "fleet of {} at {}/min",
            r.fleet.companies, r.fleet.budget_per_minute
        ),
        format!(
            "{} requests, {} 429s, {:.1} s vs {:.1} s budget = {:.2}x (exit {})",
            r.fleet.api_requests,
            r.fleet.rate_limited,
            r.fleet.seconds,
            r.fleet.budget_seconds,
            r.fleet.ratio,
            r.fleet.exit_code
        ),
    );
    s.push_str(&r.convert.table());
    if let Some(d) = &r.deliver {
        s.push_str(&d.table());
    }
    if let Some(sftp) = &r.sftp {
        s.push_str(&sftp.table());
    }
    s.push('\n');
    for (t, ok) in &r.targets {
        s.push_str(&format!("{} {t}\n", if *ok { "PASS" } else { "MISS" }));
    }
    s
}

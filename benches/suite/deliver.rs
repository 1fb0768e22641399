//! `vern deliver` to S3 against the public-tool pipeline doing the same job, both writing to moto
//! (the S3 server the tests use) on loopback, from the same sandbox sheet:
//! - jsonl + gzip: `vern deliver --sheet ID --format jsonl --gzip` vs `curl export.csv | mlr
//!   --icsv --ojsonl cat | gzip -1 | rclone rcat` (and the same with `gzip`'s default -6);
//! - csv as served: `vern deliver --format csv` vs `curl | rclone rcat`;
//!
//! each the median of interleaved rounds, every run into a prefix of its own and vern with a state
//! directory of its own (so it really delivers rather than showing a finished run), moto reset
//! between rounds so that it never holds more than one round's objects. Not timed: once, the
//! object vern wrote is read back and must gunzip to one line a row (and the pipeline's too), so
//! both sides did the same work; and vern's peak RSS (GNU time) for a jsonl + gzip delivery of a
//! 10,000-row sheet and of the large one.
//!
//! rclone reads its whole input before one PUT (`--streaming-upload-cutoff 1G`: rclone 1.60's
//! streamed multipart upload fails against moto); vern sends parts of `VERN_MULTIPART_THRESHOLD`
//! (8 MiB) while it converts, several at once, so a file larger than that pays moto's
//! CompleteMultipartUpload, which copies every part in Python (about a second for 81 MB), and holds
//! up to a part being filled plus the parts in flight in memory. moto keeps objects in spooled
//! temporary files, so its TMPDIR is the harness's scratch directory (tmpfs when there is one).

use super::{
    GNU_TIME, Options, imported_contacts, median, run_timed, sandbox, settle_disk, vern,
    vern_under_time,
};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;

const BUCKET: &str = "bench";

/// moto checks no signature, but an unsigned request is anonymous, which a private bucket's ACL
/// refuses: a well-formed (unchecked) SigV4 header makes it the account's own.
const MOTO_AUTH: &str = "AWS4-HMAC-SHA256 Credential=testing-key/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00";

pub const VERN_JSONL: &str = "vern deliver --format jsonl --gzip";
pub const PIPE_GZIP1: &str = "curl | mlr --icsv --ojsonl cat | gzip -1 | rclone rcat";
pub const PIPE_GZIP6: &str = "curl | mlr --icsv --ojsonl cat | gzip | rclone rcat";
pub const VERN_CSV: &str = "vern deliver --format csv";
pub const PIPE_CSV: &str = "curl | rclone rcat";

#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub name: String,
    pub seconds: Vec<f64>,
    pub median_s: f64,
    /// The object's size in the store (from the last round).
    pub object_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deliver {
    pub rows: usize,
    /// The sheet's `export.csv` (filter=valid), bytes.
    pub csv_bytes: u64,
    pub rounds: usize,
    /// vern first, then the pipelines that could run.
    pub jsonl: Vec<Case>,
    pub csv: Vec<Case>,
    /// Pipelines left out, and why (a tool not installed).
    pub skipped: Vec<String>,
    /// The once-read-back check: lines in the gunzipped object vern wrote, and the row count
    /// vern reported (both must equal `rows`).
    pub vern_lines: u64,
    pub vern_record_count: u64,
    /// Lines in the gzip -1 pipeline's object, when it ran.
    pub pipeline_lines: Option<u64>,
    pub rss_small_rows: usize,
    pub rss_small_kib: u64,
    pub rss_large_kib: u64,
    pub rss_ratio: f64,
    pub rss_method: String,
    /// The versions of moto and the pipeline's tools.
    pub versions: Vec<String>,
}

impl Deliver {
    fn median(&self, name: &str) -> Option<f64> {
        self.jsonl
            .iter()
            .chain(&self.csv)
            .find(|c| c.name == name)
            .map(|c| c.median_s)
    }

    /// vern's wall time over the reference's (≤ 1 is faster).
    pub fn ratio(&self, ours: &str, reference: &str) -> Option<f64> {
        Some(self.median(ours)? / self.median(reference)?)
    }

    pub fn targets(&self) -> Vec<(String, bool)> {
        let mut t = Vec::new();
        if let Some(r) = self.ratio(VERN_JSONL, PIPE_GZIP1) {
            t.push((
                "deliver jsonl.gz to S3 ≤ 0.75× curl | mlr | gzip -1 | rclone".to_string(),
                r <= 0.75,
            ));
        }
        // csv as served has no target: against moto it measures moto more than either client
        // (its CompleteMultipartUpload copies every part, where rclone's one PUT holds the
        // whole file in memory first); the ratio is in the table.
        t.push((
            "deliver: peak RSS ≤ 64 MiB".to_string(),
            self.rss_small_kib.max(self.rss_large_kib) <= 64 << 10,
        ));
        t.push((
            "deliver: RSS large ≤ 1.2× small".to_string(),
            self.rss_ratio <= 1.2,
        ));
        t
    }

    pub fn table(&self) -> String {
        let mut s = format!(
            "deliver {} rows ({:.1} MB export.csv) to S3 (moto on loopback), median of {}:\n",
            self.rows,
            self.csv_bytes as f64 / 1e6,
            self.rounds
        );
        let mut block = |cases: &[Case], ours: &str| {
            for c in cases {
                let vs = if c.name == ours {
                    String::new()
                } else {
                    self.ratio(ours, &c.name)
                        .map(|r| format!("  vern = {r:.2}x"))
                        .unwrap_or_default()
                };
                let _ = writeln!(
                    s,
                    "  {:<56} {:>7.3} s {:>8.1} MB object{vs}",
                    c.name,
                    c.median_s,
                    c.object_bytes as f64 / 1e6
                );
            }
        };
        block(&self.jsonl, VERN_JSONL);
        block(&self.csv, VERN_CSV);
        for why in &self.skipped {
            let _ = writeln!(s, "  ({why})");
        }
        let _ = writeln!(
            s,
            "  read back once: vern's object gunzips to {} lines, record_count {}{}",
            self.vern_lines,
            self.vern_record_count,
            self.pipeline_lines
                .map(|n| format!("; the pipeline's to {n}"))
                .unwrap_or_default()
        );
        if !self.versions.is_empty() {
            let _ = writeln!(s, "  with {}", self.versions.join("; "));
        }
        let _ = writeln!(
            s,
            "  peak RSS of vern, jsonl + gzip: {:.1} MiB ({} rows) / {:.1} MiB ({} rows) = {:.2}x{}",
            self.rss_small_kib as f64 / 1024.0,
            self.rss_small_rows,
            self.rss_large_kib as f64 / 1024.0,
            self.rows,
            self.rss_ratio,
            if self.rss_method == "GNU time" {
                String::new()
            } else {
                format!(" (by {})", self.rss_method)
            }
        );
        s
    }
}

/// The first `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Without the proxy variables and this machine's own AWS settings (AWS_CA_BUNDLE breaks rclone
/// 1.60's S3; a developer's real keys must not count): everything here talks to loopback.
fn clean_env(cmd: &mut Command) -> &mut Command {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("AWS_")
            || k.starts_with("RCLONE_")
            || k.to_ascii_lowercase().ends_with("_proxy")
        {
            cmd.env_remove(k);
        }
    }
    cmd
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap()
}

/// moto's S3 server on a free loopback port, killed on drop.
pub struct Moto {
    port: u16,
    child: Child,
    log: PathBuf,
    http: reqwest::blocking::Client,
}

impl Moto {
    pub fn start(dir: &Path) -> Result<Moto> {
        let Some(bin) = on_path("moto_server") else {
            bail!(
                "moto_server is not on PATH: the deliver benchmark writes to moto's S3 server. \
                 `bash .ci/run` installs it into ${{VERN_CI_TOOLS:-$HOME/.cache/vern-ci-tools}}/bin \
                 (put that directory on PATH), or `python3 -m venv V && V/bin/pip install \
                 'moto[server]==5.2.5'` and put V/bin on PATH"
            );
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let log = dir.join("moto.log");
        let out = std::fs::File::create(&log)?;
        let mut child = clean_env(&mut Command::new(&bin))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir)
            .env("TMPDIR", dir)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = child.try_wait()? {
                bail!(
                    "moto_server exited before listening ({status}):\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                bail!("moto_server did not listen on {port} within 30 s");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let moto = Moto {
            port,
            child,
            log,
            http: http(),
        };
        moto.reset()?;
        Ok(moto)
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything dropped, then the bucket made again (empty).
    pub fn reset(&self) -> Result<()> {
        let r = self
            .http
            .post(format!("{}/moto-api/reset", self.endpoint()))
            .send()?;
        if !r.status().is_success() {
            bail!("moto reset: {}", r.status());
        }
        let r = self
            .http
            .put(format!("{}/{BUCKET}", self.endpoint()))
            .send()?;
        if !r.status().is_success() {
            bail!("create bucket {BUCKET}: {}", r.status());
        }
        Ok(())
    }

    /// Keys under `prefix` with their sizes (ListObjectsV2).
    pub fn objects(&self, prefix: &str) -> Result<Vec<(String, u64)>> {
        let xml = self
            .http
            .get(url::Url::parse_with_params(
                &format!("{}/{BUCKET}", self.endpoint()),
                [("list-type", "2"), ("prefix", prefix)],
            )?)
            .header("authorization", MOTO_AUTH)
            .send()?
            .text()?;
        let tag = |s: &str, t: &str| -> String {
            s.split(&format!("<{t}>"))
                .nth(1)
                .and_then(|x| x.split(&format!("</{t}>")).next())
                .unwrap_or_default()
                .to_string()
        };
        Ok(xml
            .split("<Contents>")
            .skip(1)
            .map(|c| (tag(c, "Key"), tag(c, "Size").parse().unwrap_or(0)))
            .collect())
    }

    pub fn get(&self, key: &str) -> Result<Vec<u8>> {
        let r = self
            .http
            .get(format!("{}/{BUCKET}/{key}", self.endpoint()))
            .header("authorization", MOTO_AUTH)
            .send()?;
        if !r.status().is_success() {
            bail!("GET {key}: {}", r.status());
        }
        Ok(r.bytes()?.to_vec())
    }

    /// What vern needs to write here.
    fn vern_env(&self, cmd: &mut Command) {
        clean_env(cmd)
            .env("AWS_ACCESS_KEY_ID", "testing-key")
            .env("AWS_SECRET_ACCESS_KEY", "testing-secret-key")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", self.endpoint());
    }

    /// The rclone remote `moto:`, from the environment only.
    fn rclone_env(&self, cmd: &mut Command) {
        clean_env(cmd)
            .env("RCLONE_CONFIG", "/dev/null")
            .env("RCLONE_CONFIG_MOTO_TYPE", "s3")
            .env("RCLONE_CONFIG_MOTO_PROVIDER", "Other")
            .env("RCLONE_CONFIG_MOTO_ENDPOINT", self.endpoint())
            .env("RCLONE_CONFIG_MOTO_REGION", "us-east-1")
            .env("RCLONE_CONFIG_MOTO_ACCESS_KEY_ID", "testing-key")
            .env("RCLONE_CONFIG_MOTO_SECRET_ACCESS_KEY", "testing-secret-key")
            .env("RCLONE_CONFIG_MOTO_FORCE_PATH_STYLE", "true");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first line `name ARGS` prints, when it runs.
fn version(name: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(name).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.lines().next()?.trim().to_string())
}

/// moto's version, from the interpreter its script names.
fn moto_version() -> Option<String> {
    let script = std::fs::read_to_string(on_path("moto_server")?).ok()?;
    let python = script
        .lines()
        .next()?
        .strip_prefix("#!")?
        .trim()
        .to_string();
    version(
        &python,
        &["-c", "import moto; print('moto', moto.__version__)"],
    )
}

/// Whether `name` runs (`name --version`).
fn runs(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Bench<'a> {
    opts: &'a Options,
    sb: &'a BackgroundSandbox,
    moto: &'a Moto,
    dir: &'a Path,
    company: String,
}

impl Bench<'_> {
    fn export_url(&self, sheet: &str) -> String {
        format!(
            "{}/api/v1/companies/{}/export.csv?sheet_id={sheet}&filter=valid",
            self.sb.api_url, self.company
        )
    }

    /// `vern deliver` of `sheet` into `s3://bench/PREFIX` with the state directory `state`.
    fn vern_cmd(&self, sheet: &str, prefix: &str, format: &str, state: &Path) -> Command {
        let mut c = vern(self.opts, self.sb, state);
        self.moto.vern_env(&mut c);
        c.args(["deliver", "--company", &self.company, "--sheet", sheet])
            .args(["--to", &format!("s3://{BUCKET}/{prefix}")])
            .args(["--format", format, "-q"]);
        if format == "jsonl" {
            c.arg("--gzip");
        }
        c
    }

    /// One timed `vern deliver`: seconds.
    fn vern(&self, sheet: &str, prefix: &str, format: &str) -> Result<f64> {
        let state = tempfile::tempdir_in(self.dir)?;
        settle_disk();
        let (t, status, _) = run_timed(&mut self.vern_cmd(sheet, prefix, format, state.path()))?;
        if !status.success() {
            bail!(
                "vern deliver --format {format} failed: {status}{}",
                self.why_vern_failed(sheet, prefix, format)
            );
        }
        Ok(t.as_secs_f64())
    }

    /// The same command again with its error output, for the failure message.
    fn why_vern_failed(&self, sheet: &str, prefix: &str, format: &str) -> String {
        let Ok(state) = tempfile::tempdir_in(self.dir) else {
            return String::new();
        };
        let mut c = self.vern_cmd(sheet, &format!("{prefix}-again"), format, state.path());
        c.stderr(Stdio::piped());
        c.output()
            .map(|o| format!("\n{}", String::from_utf8_lossy(&o.stderr)))
            .unwrap_or_default()
    }

    /// One timed pipeline `curl export.csv | MIDDLE rclone rcat moto:bench/PREFIX/NAME`.
    fn pipeline(&self, sheet: &str, middle: &str, object: &str) -> Result<f64> {
        let mut c = Command::new("bash");
        self.moto.rclone_env(&mut c);
        c.arg("-c")
            .arg(format!(
                "set -o pipefail; curl -sS -f -H \"x-api-key: $VERN_BENCH_KEY\" \"$1\" | {middle} \
                 rclone rcat --streaming-upload-cutoff 1G \"moto:{BUCKET}/$2\""
            ))
            .arg("bash")
            .arg(self.export_url(sheet))
            .arg(object)
            .env("VERN_BENCH_KEY", &self.sb.key)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        settle_disk();
        let (t, status, _) = run_timed(&mut c)?;
        if !status.success() {
            bail!("the pipeline `curl | {middle} rclone rcat` failed: {status}");
        }
        Ok(t.as_secs_f64())
    }

    /// Peak RSS (KiB) of one jsonl + gzip delivery of `sheet`, and how it was measured.
    fn vern_rss(&self, company: &str, sheet: &str, prefix: &str) -> Result<(u64, &'static str)> {
        let state = tempfile::tempdir_in(self.dir)?;
        let out = state.path().join("rss");
        let gnu = Path::new(GNU_TIME).exists();
        let mut c = if gnu {
            vern_under_time(self.opts, self.sb, state.path(), &out)
        } else {
            vern(self.opts, self.sb, state.path())
        };
        self.moto.vern_env(&mut c);
        c.args(["deliver", "--company", company, "--sheet", sheet])
            .args(["--to", &format!("s3://{BUCKET}/{prefix}")])
            .args(["--format", "jsonl", "--gzip", "-q"]);
        let (_, status, wait4_kib) = run_timed(&mut c)?;
        if !status.success() {
            bail!("vern deliver (for its RSS) failed: {status}");
        }
        if !gnu {
            return Ok((
                wait4_kib,
                "wait4 (an upper bound: includes the harness's own size)",
            ));
        }
        let text = std::fs::read_to_string(&out)?;
        let kib = text
            .trim()
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .with_context(|| format!("GNU time wrote {text:?}"))?;
        Ok((kib, "GNU time"))
    }

    /// The one object under `prefix`/ that is not the manifest: (key, size).
    fn object(&self, prefix: &str) -> Result<(String, u64)> {
        let all = self.moto.objects(&format!("{prefix}/"))?;
        all.iter()
            .find(|(k, _)| !k.contains("vern-manifest-"))
            .cloned()
            .with_context(|| format!("no object under {prefix}/: {all:?}"))
    }
}

fn gunzipped_lines(bytes: &[u8]) -> Result<u64> {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .context("not a whole gzip stream")?;
    Ok(memchr::memchr_iter(b'\n', &text).count() as u64)
}

fn case(name: &str, seconds: Vec<f64>, object_bytes: u64) -> Case {
    Case {
        name: name.to_string(),
        median_s: median(&seconds),
        seconds,
        object_bytes,
    }
}

pub fn bench_deliver(opts: &Options, dir: &Path) -> Result<Deliver> {
    let rows = opts.download_rows;
    let small_rows = 10_000.min(rows);
    let moto = Moto::start(dir)?;
    eprintln!(
        "deliver: {rows} rows to S3 (moto at {}), vern vs curl | mlr | gzip | rclone, {} rounds…",
        moto.endpoint(),
        opts.repeats
    );
    let sb = sandbox(super::fast(), dir)?;
    let api = super::Api::new(&sb);
    let imported = imported_contacts(&api, dir, "Deliver bench", rows)?;
    let (company, sheet) = (imported.company, imported.sheet);
    let bench = Bench {
        opts,
        sb: &sb,
        moto: &moto,
        dir,
        company,
    };
    let small_sheet = if small_rows < rows {
        let small = imported_contacts(&api, dir, "Deliver bench small", small_rows)?;
        let (c, s) = (small.company, small.sheet);
        Some((c, s))
    } else {
        None
    };
    let csv_bytes = super::Api::new(&sb)
        .http
        .get(bench.export_url(&sheet))
        .header("x-api-key", &sb.key)
        .send()?
        .bytes()?
        .len() as u64;

    let mut skipped = Vec::new();
    let have = |tools: &[&str], skipped: &mut Vec<String>, what: &str| -> bool {
        let missing: Vec<&str> = tools.iter().copied().filter(|t| !runs(t)).collect();
        if !missing.is_empty() {
            skipped.push(format!(
                "{what} skipped: {} not installed",
                missing.join(", ")
            ));
        }
        missing.is_empty()
    };
    let jsonl_pipes = have(
        &["curl", "mlr", "gzip", "rclone"],
        &mut skipped,
        "the jsonl pipelines",
    );
    let csv_pipe = have(&["curl", "rclone"], &mut skipped, "the csv pipeline");

    // Correctness, once and untimed (also warms the page cache and both code paths): vern's
    // object gunzips to one line a row, as does the pipeline's.
    let state = tempfile::tempdir_in(dir)?;
    let out = bench
        .vern_cmd(&sheet, "check-vern", "jsonl", state.path())
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()?;
    if !out.status.success() {
        bail!(
            "vern deliver failed: {}\n{}\nmoto's log:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&moto.log).unwrap_or_default()
        );
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("vern deliver --json")?;
    let vern_record_count = doc["record_count"].as_u64().unwrap_or(0);
    let (key, _) = bench.object("check-vern")?;
    let vern_lines = gunzipped_lines(&moto.get(&key)?)?;
    if vern_lines != rows as u64 || vern_record_count != rows as u64 {
        bail!(
            "vern delivered {vern_lines} lines (record_count {vern_record_count}) of {rows} rows"
        );
    }
    let pipeline_lines = if jsonl_pipes {
        bench.pipeline(
            &sheet,
            "mlr --icsv --ojsonl cat | gzip -1 |",
            "check-ref/x.jsonl.gz",
        )?;
        let n = gunzipped_lines(&moto.get("check-ref/x.jsonl.gz")?)?;
        if n != rows as u64 {
            bail!("the pipeline delivered {n} lines of {rows} rows");
        }
        Some(n)
    } else {
        None
    };
    moto.reset()?;

    let mut jsonl: Vec<(&str, Vec<f64>, u64)> = vec![(VERN_JSONL, vec![], 0)];
    if jsonl_pipes {
        jsonl.push((PIPE_GZIP1, vec![], 0));
        jsonl.push((PIPE_GZIP6, vec![], 0));
    }
    let mut csv: Vec<(&str, Vec<f64>, u64)> = vec![(VERN_CSV, vec![], 0)];
    if csv_pipe {
        csv.push((PIPE_CSV, vec![], 0));
    }
    for round in 0..opts.repeats {
        // Rotate who goes first, so drift on a shared machine hits every side alike.
        for (tag, group) in [("j", &mut jsonl), ("c", &mut csv)] {
            let n = group.len();
            for k in 0..n {
                let idx = (round + k) % n;
                let (name, secs, bytes) = &mut group[idx];
                let prefix = if idx == 0 {
                    format!("vern-{tag}{round}")
                } else {
                    format!("ref{idx}-{tag}{round}")
                };
                let t = match *name {
                    VERN_JSONL => bench.vern(&sheet, &prefix, "jsonl")?,
                    VERN_CSV => bench.vern(&sheet, &prefix, "csv")?,
                    PIPE_GZIP1 => bench.pipeline(
                        &sheet,
                        "mlr --icsv --ojsonl cat | gzip -1 |",
                        &format!("{prefix}/x.jsonl.gz"),
                    )?,
                    PIPE_GZIP6 => bench.pipeline(
                        &sheet,
                        "mlr --icsv --ojsonl cat | gzip |",
                        &format!("{prefix}/x.jsonl.gz"),
                    )?,
                    _ => bench.pipeline(&sheet, "", &format!("{prefix}/x.csv"))?,
                };
                secs.push(t);
                *bytes = bench.object(&prefix)?.1;
            }
        }
        moto.reset()?;
    }

    // Peak memory in runs of their own, the worst of a few each.
    let (mut small_kib, mut large_kib, mut method) = (0, 0, "");
    for i in 0..3 {
        let (c, s) = small_sheet
            .as_ref()
            .map(|(c, s)| (c.as_str(), s.as_str()))
            .unwrap_or((&bench.company, &sheet));
        let (kib, m) = bench.vern_rss(c, s, &format!("rss-small-{i}"))?;
        small_kib = small_kib.max(kib);
        let (kib, _) = bench.vern_rss(&bench.company, &sheet, &format!("rss-large-{i}"))?;
        large_kib = large_kib.max(kib);
        method = m;
        moto.reset()?;
    }

    let cases = |v: Vec<(&str, Vec<f64>, u64)>| -> Vec<Case> {
        v.into_iter().map(|(n, s, b)| case(n, s, b)).collect()
    };
    Ok(Deliver {
        rows,
        csv_bytes,
        rounds: opts.repeats,
        jsonl: cases(jsonl),
        csv: cases(csv),
        skipped,
        vern_lines,
        vern_record_count,
        pipeline_lines,
        rss_small_rows: small_rows,
        rss_small_kib: small_kib,
        rss_large_kib: large_kib,
        rss_ratio: large_kib as f64 / small_kib.max(1) as f64,
        rss_method: method.to_string(),
        versions: [
            moto_version(),
            // curl's first line goes on to list every library it was built with.
            version("curl", &["--version"])
                .map(|v| v.split_whitespace().take(2).collect::<Vec<_>>().join(" ")),
            version("mlr", &["--version"]),
            version("gzip", &["--version"]),
            version("rclone", &["version"]),
        ]
        .into_iter()
        .flatten()
        .collect(),
    })
}

//! SFTP delivery (`--only sftp`, and a section of the full run): `vern deliver --format csv` of a
//! large sheet to OpenSSH's sshd on loopback, against OpenSSH's own `sftp` client putting the same
//! bytes (the sheet's `export.csv`, downloaded once to a file) to the same server, rounds
//! interleaved, medians. Each client runs with its own defaults: vern negotiates AES-256-GCM where
//! the CPU has AES instructions, OpenSSH ChaCha20-Poly1305; OpenSSH with AES-256-GCM is measured
//! too, for reference. vern's figure includes everything a delivery does: reading the export from
//! the API (the in-process sandbox), the header check, the upload, the fsync and rename, and the
//! manifest; `sftp` only reads a local file. The server writes to tmpfs when there is one.
//!
//! Peak RSS (GNU time) of a delivery of a small sheet and of the large one: flat memory.
//!
//! Sizes follow the download benchmark's rows (`Options::download_rows`: 1,000,000 in the full
//! run); the small sheet has a hundredth of them (at least 1,000).

use super::{
    Api, GNU_TIME, Options, fast, imported_contacts, median, run_timed, sandbox, settle_disk,
    vern_env,
};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;

const SSHD: &str = "/usr/sbin/sshd";

#[derive(Debug, Clone, Serialize)]
pub struct Sftp {
    pub rows: usize,
    pub bytes: u64,
    pub vern_seconds: Vec<f64>,
    pub openssh_seconds: Vec<f64>,
    pub openssh_aes_seconds: Vec<f64>,
    pub vern_mib_s: f64,
    pub openssh_mib_s: f64,
    pub openssh_aes_mib_s: f64,
    /// vern's throughput over OpenSSH `sftp`'s (≥ 0.8 is the target).
    pub ratio: f64,
    /// The same against OpenSSH with AES-256-GCM.
    pub ratio_aes: f64,
    pub small_rows: usize,
    pub rss_small_kib: u64,
    pub rss_large_kib: u64,
    pub rss_ratio: f64,
    pub openssh_version: String,
}

impl Sftp {
    pub fn table(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, k: &str, v: String| s.push_str(&format!("{k:<44} {v}\n"));
        line(
            &mut s,
            &format!(
                "sftp {} rows ({} MiB): vern / sftp (MiB/s)",
                self.rows,
                self.bytes >> 20
            ),
            format!(
                "{:.0} / {:.0}  = {:.2}x",
                self.vern_mib_s, self.openssh_mib_s, self.ratio
            ),
        );
        line(
            &mut s,
            "  vs sftp -c aes256-gcm (MiB/s)",
            format!("{:.0}  = {:.2}x", self.openssh_aes_mib_s, self.ratio_aes),
        );
        line(
            &mut s,
            &format!("sftp peak RSS: {} / {} rows", self.small_rows, self.rows),
            format!(
                "{:.1} MiB / {:.1} MiB  = {:.2}x",
                self.rss_small_kib as f64 / 1024.0,
                self.rss_large_kib as f64 / 1024.0,
                self.rss_ratio
            ),
        );
        s
    }

    pub fn targets(&self) -> Vec<(String, bool)> {
        vec![
            (
                "sftp: vern ≥ 0.8× OpenSSH sftp".to_string(),
                self.ratio >= 0.8,
            ),
            (
                "sftp: RSS large ≤ 1.1× small".to_string(),
                self.rss_ratio <= 1.1,
            ),
        ]
    }
}

/// Whether this machine has what the benchmark needs (OpenSSH's server and client).
pub fn available() -> bool {
    Path::new(SSHD).exists()
        && ["ssh-keygen", "sftp"].iter().all(|t| {
            Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// A throw-away sshd on loopback serving `internal-sftp`, for whoever runs the benchmark.
struct Sshd {
    port: u16,
    user: String,
    key: PathBuf,
    known_hosts: PathBuf,
    child: Child,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) -> Result<()> {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .output()?;
    if !out.status.success() {
        bail!("ssh-keygen: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

impl Sshd {
    fn start(dir: &Path) -> Result<Sshd> {
        std::fs::create_dir_all(dir)?;
        keygen(&dir.join("host"))?;
        keygen(&dir.join("id"))?;
        std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys"))?;
        let user = String::from_utf8(Command::new("id").arg("-un").output()?.stdout)?
            .trim()
            .to_string();
        if user == "root" {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let d = dir.display();
        std::fs::write(
            dir.join("sshd_config"),
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n\
                 AuthorizedKeysFile {d}/authorized_keys\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
                 PermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\n"
            ),
        )?;
        let log = std::fs::File::create(dir.join("sshd.log"))?;
        let mut child = Command::new(SSHD)
            .arg("-f")
            .arg(dir.join("sshd_config"))
            .args(["-D", "-e"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("sshd starts")?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default();
            if log.contains("Server listening") {
                break;
            }
            if let Some(status) = child.try_wait()? {
                bail!("sshd exited ({status}): {log}");
            }
            if Instant::now() > deadline {
                bail!("sshd did not start: {log}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let host = std::fs::read_to_string(dir.join("host.pub"))?;
        let mut f = host.split_whitespace();
        let known_hosts = dir.join("known_hosts");
        std::fs::write(
            &known_hosts,
            format!(
                "[127.0.0.1]:{port} {} {}\n",
                f.next().unwrap_or_default(),
                f.next().unwrap_or_default()
            ),
        )?;
        Ok(Sshd {
            port,
            user,
            key: dir.join("id"),
            known_hosts,
            child,
        })
    }
}

/// `vern deliver` of one sheet to `remote` (a directory on the server), optionally under GNU time
/// writing the peak RSS to `rss`: seconds.
#[allow(clippy::too_many_arguments)]
fn vern_deliver(
    opts: &Options,
    sb: &BackgroundSandbox,
    sshd: &Sshd,
    company: &str,
    sheet: &str,
    remote: &Path,
    scratch: &Path,
    rss: Option<&Path>,
) -> Result<f64> {
    let state = tempfile::tempdir_in(scratch)?;
    let mut cmd = match rss {
        Some(out) => {
            let mut c = Command::new(GNU_TIME);
            c.args(["-f", "%M", "-o"]).arg(out).arg(&opts.vern);
            c
        }
        None => Command::new(&opts.vern),
    };
    vern_env(&mut cmd, sb, state.path());
    cmd.env_remove("SSH_AUTH_SOCK")
        .args(["deliver", "--company", company, "--sheet", sheet])
        .args(["--format", "csv", "-q", "--to"])
        .arg(format!(
            "sftp://{}@127.0.0.1:{}{}",
            sshd.user,
            sshd.port,
            remote.display()
        ))
        .arg("--ssh-key")
        .arg(&sshd.key)
        .arg("--known-hosts")
        .arg(&sshd.known_hosts);
    settle_disk();
    let (t, status, _) = run_timed(&mut cmd)?;
    if !status.success() {
        bail!("vern deliver to sftp failed: {status}");
    }
    Ok(t.as_secs_f64())
}

/// OpenSSH's `sftp -b` putting `file` as `dest`: seconds.
fn openssh_put(
    sshd: &Sshd,
    file: &Path,
    dest: &Path,
    cipher: Option<&str>,
    scratch: &Path,
) -> Result<f64> {
    let batch = scratch.join("batch");
    std::fs::write(
        &batch,
        format!("put {} {}\n", file.display(), dest.display()),
    )?;
    let mut cmd = Command::new("sftp");
    cmd.env_remove("SSH_AUTH_SOCK")
        .args(["-q", "-F", "/dev/null", "-b"])
        .arg(&batch)
        .arg("-i")
        .arg(&sshd.key)
        .args(["-P", &sshd.port.to_string()])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", sshd.known_hosts.display()))
        .args([
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
        ]);
    if let Some(c) = cipher {
        cmd.args(["-c", c]);
    }
    cmd.arg(format!("{}@127.0.0.1", sshd.user))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    settle_disk();
    let (t, status, _) = run_timed(&mut cmd)?;
    if !status.success() {
        bail!("sftp put failed: {status}");
    }
    Ok(t.as_secs_f64())
}

fn read_rss(path: &Path) -> Result<u64> {
    let text = std::fs::read_to_string(path)?;
    text.trim()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("GNU time wrote {text:?}"))
}

fn clear(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

pub fn bench_sftp(opts: &Options, dir: &Path) -> Result<Sftp> {
    if !available() {
        bail!(
            "OpenSSH's sshd ({SSHD}), ssh-keygen and sftp are needed (apt-get install openssh-server openssh-client)"
        );
    }
    if !Path::new(GNU_TIME).exists() {
        bail!("GNU time ({GNU_TIME}) is needed for the peak RSS");
    }
    let rows = opts.download_rows;
    let small_rows = (rows / 100).max(1_000);
    eprintln!("sftp: importing {rows} and {small_rows} rows…");
    let sb = sandbox(fast(), dir)?;
    let api = Api::new(&sb);
    let big = imported_contacts(&api, dir, &format!("SFTP bench {rows}"), rows)?;
    let small = imported_contacts(&api, dir, &format!("SFTP bench {small_rows}"), small_rows)?;
    let (big_c, big_sheet) = (big.company, big.sheet);
    let (small_c, small_sheet) = (small.company, small.sheet);
    let sshd = Sshd::start(&dir.join("sshd"))?;
    // The bytes OpenSSH puts: the sheet's export.csv, downloaded once.
    let file = dir.join("export.csv");
    let mut resp = api
        .http
        .get(format!(
            "{}/companies/{big_c}/export.csv?sheet_id={big_sheet}&filter=valid",
            api.base
        ))
        .header("x-api-key", &api.key)
        .send()?;
    if !resp.status().is_success() {
        bail!("export.csv: {}", resp.status());
    }
    std::io::copy(&mut resp, &mut std::fs::File::create(&file)?)?;
    let bytes = std::fs::metadata(&file)?.len();
    let remote = dir.join("remote");
    let put_to = remote.join("export.csv");
    let (mut vs, mut os, mut oa) = (Vec::new(), Vec::new(), Vec::new());
    eprintln!(
        "sftp: {} MiB, vern deliver vs sftp put, {} rounds…",
        bytes >> 20,
        opts.repeats
    );
    for i in 0..opts.repeats {
        let mut one = |who: usize| -> Result<()> {
            clear(&remote);
            std::fs::create_dir_all(&remote)?;
            match who {
                0 => {
                    vs.push(vern_deliver(
                        opts, &sb, &sshd, &big_c, &big_sheet, &remote, dir, None,
                    )?);
                    // Delivered whole: the same bytes as the export.
                    let got = std::fs::read_dir(&remote)?
                        .flatten()
                        .map(|e| e.path())
                        .find(|p| p.extension().is_some_and(|e| e == "csv"))
                        .context("vern's file is on the server")?;
                    if std::fs::metadata(&got)?.len() != bytes
                        || std::fs::read(&got)? != std::fs::read(&file)?
                    {
                        bail!("vern's delivered file differs from export.csv");
                    }
                }
                1 => os.push(openssh_put(&sshd, &file, &put_to, None, dir)?),
                _ => oa.push(openssh_put(
                    &sshd,
                    &file,
                    &put_to,
                    Some("aes256-gcm@openssh.com"),
                    dir,
                )?),
            }
            if who != 0 && std::fs::metadata(&put_to)?.len() != bytes {
                bail!("sftp put a file of another size");
            }
            Ok(())
        };
        // Alternate who goes first, round by round.
        let order: [usize; 3] = if i % 2 == 0 { [0, 1, 2] } else { [2, 1, 0] };
        for who in order {
            one(who)?;
        }
    }
    clear(&remote);
    eprintln!("sftp: peak RSS, {small_rows} and {rows} rows…");
    std::fs::create_dir_all(&remote)?;
    let rss_out = dir.join("rss");
    vern_deliver(
        opts,
        &sb,
        &sshd,
        &small_c,
        &small_sheet,
        &remote,
        dir,
        Some(&rss_out),
    )?;
    let rss_small_kib = read_rss(&rss_out)?;
    clear(&remote);
    std::fs::create_dir_all(&remote)?;
    vern_deliver(
        opts,
        &sb,
        &sshd,
        &big_c,
        &big_sheet,
        &remote,
        dir,
        Some(&rss_out),
    )?;
    let rss_large_kib = read_rss(&rss_out)?;
    clear(&remote);
    let mib = bytes as f64 / (1 << 20) as f64;
    let (v, o, a) = (mib / median(&vs), mib / median(&os), mib / median(&oa));
    let openssh_version = Command::new("ssh")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stderr).trim().to_string())
        .unwrap_or_default();
    Ok(Sftp {
        rows,
        bytes,
        vern_seconds: vs,
        openssh_seconds: os,
        openssh_aes_seconds: oa,
        vern_mib_s: v,
        openssh_mib_s: o,
        openssh_aes_mib_s: a,
        ratio: v / o,
        ratio_aes: v / a,
        small_rows,
        rss_small_kib,
        rss_large_kib,
        rss_ratio: rss_large_kib as f64 / rss_small_kib.max(1) as f64,
        openssh_version,
    })
}

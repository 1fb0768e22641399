//! An SFTP server as a destination (`sftp://USER@HOST[:PORT]/PATH`), in pure Rust: russh for SSH
//! (`ssh`: the host key checked against known_hosts, `known_hosts`: read as OpenSSH reads it), and
//! russh-sftp's raw protocol session, which leaves vern the extensions and the pipelining.
//!
//! - **Where.** `/abs/path` is absolute; `~/dir` (the target's relative path) is under the login
//!   directory, found with `realpath(".")` — which, like `expand-path@openssh.com`, fails when a
//!   parent is missing, so it is resolved before the missing directories are created (`mkdir -p`;
//!   protocol version 3 answers an existing directory with a generic failure, so every step is
//!   stat-ed first and again after a failed mkdir, in case another writer made it meanwhile).
//! - **Atomic.** A file is written to `.NAME.vern-RUN.part` beside its final name (hidden, and
//!   derived from the run, as the local directory's, so a resumed run knows what a killed one left:
//!   the journal's `Pending::Temp` holds its remote path), flushed to the server's disk with
//!   `fsync@openssh.com` where the server offers it, closed, then renamed onto the final name:
//!   - `overwrite`: `posix-rename@openssh.com`, rename(2), which replaces atomically. A server
//!     without it gets the plain rename, and, when the name is taken, the old file removed first
//!     (a moment without the file, never a half one);
//!   - `fail`/`skip`: the plain SFTP rename, which the protocol defines as failing when the new
//!     name exists (OpenSSH does link()+unlink(): atomic, never clobbers); a failure with the name
//!     taken is `Exists`. The name is also looked at first, for servers that do not keep to that.
//!
//!   The size under the final name is checked after the rename.
//! - **Streaming.** Writes are pipelined: up to [`DEPTH`] requests of [`CHUNK`] bytes in flight
//!   (2 MiB, the window OpenSSH's sshd grants a channel; russh-sftp's default of 512 KiB reached
//!   0.34–0.39× OpenSSH's `sftp` at 20–50 ms RTT). Memory is bounded by that, whatever the size.
//!   The write errors of a pipeline surface late, so `commit` collects every answer before it
//!   renames anything.
//! - **Timeouts.** `VERN_CONNECT_TIMEOUT` for the TCP connection (and, with the idle timeout, the
//!   handshake); `VERN_IDLE_TIMEOUT` for every SFTP request's answer (the fsync and the close of a
//!   large file get more).
//! - **Messages** never hold key material: paths, fingerprints and the server's own words only.

mod known_hosts;
mod ssh;

use super::{DestError, FileMeta, IfExists, Pending, SshOptions, Tuning, Wrote};
use bytes::Bytes;
use russh_sftp::client::RawSftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::{FileAttributes, OpenFlags, Packet, StatusCode};
use ssh::{Credential, Login};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinSet;

pub use ssh::is_encrypted;

/// A variable of the process environment, blank as unset (tests pass their own lookup).
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Where the destination reads `HOME` and `SSH_AUTH_SOCK`.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Bytes per WRITE request (clamped to the server's `limits@openssh.com`).
pub const CHUNK: usize = 64 << 10;
/// WRITE requests in flight at once.
pub const DEPTH: usize = 32;

const POSIX_RENAME: &str = "posix-rename@openssh.com";
const FSYNC: &str = "fsync@openssh.com";
const LIMITS: &str = "limits@openssh.com";

/// An SFTP directory, opened (the key file read; nothing asked of the network yet: the
/// connection is made by the first thing that needs it).
pub struct Sftp {
    inner: Arc<Inner>,
}

struct Inner {
    login: Login,
    /// The directory as the target gives it: absolute, or relative to the login directory.
    dir: String,
    /// `sftp://user@host[:port]/dir` (with `~` for the login directory), for locations.
    base: String,
    idle: Duration,
    conn: tokio::sync::OnceCell<Arc<Conn>>,
}

/// A logged-in SFTP session.
struct Conn {
    /// Kept so that the SSH connection lives as long as the session.
    _ssh: russh::client::Handle<ssh::Checker>,
    raw: Arc<RawSftpSession>,
    extensions: HashMap<String, String>,
    chunk: usize,
    /// The directory, absolute.
    root: String,
    /// `user@host[:port]`, for messages.
    label: String,
    idle: Duration,
    /// Directories known to exist.
    dirs: Mutex<HashSet<String>>,
}

impl Sftp {
    /// `target` is the `--to` as shown (`sftp://…`); the rest is its parts.
    pub fn open(
        shown: &str,
        user: &str,
        host: &str,
        port: u16,
        dir: &str,
        tuning: &Tuning,
        env: Env,
    ) -> Result<Sftp, DestError> {
        let ssh = &tuning.ssh;
        let known_hosts = known_hosts_files(ssh, env)?;
        let credential = credential(ssh, env)?;
        let login = Login {
            user: user.to_string(),
            host: host.to_string(),
            port,
            known_hosts,
            accept_new: ssh.accept_new_host_key,
            credential,
            connect_timeout: tuning.timeouts.connect,
            idle_timeout: tuning.timeouts.idle,
        };
        Ok(Sftp {
            inner: Arc::new(Inner {
                login,
                dir: dir.to_string(),
                base: shown.trim_end_matches('/').to_string(),
                idle: tuning.timeouts.idle,
                conn: tokio::sync::OnceCell::new(),
            }),
        })
    }

    pub fn location(&self, name: &str) -> String {
        format!("{}/{name}", self.inner.base)
    }

    async fn conn(&self) -> Result<Arc<Conn>, DestError> {
        self.inner
            .conn
            .get_or_try_init(|| self.inner.connect())
            .await
            .cloned()
    }

    /// stat: the size of the file under `name`, if there is one.
    pub async fn size(&self, name: &str) -> Result<Option<u64>, DestError> {
        let conn = self.conn().await?;
        let path = join(&conn.root, name);
        conn.stat_size(&path).await
    }

    pub async fn begin(&self, name: &str, _meta: FileMeta, run: &str) -> Result<Writer, DestError> {
        let conn = self.conn().await?;
        let final_path = join(&conn.root, name);
        let (parent, base) = match final_path.rsplit_once('/') {
            Some(("", base)) => ("/".to_string(), base.to_string()),
            Some((parent, base)) => (parent.to_string(), base.to_string()),
            None => (".".to_string(), final_path.clone()),
        };
        conn.mkdir_p(&parent).await?;
        let part = join(&parent, &format!(".{base}.vern-{run}.part"));
        let flags = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
        let handle = conn
            .raw
            .open(part.as_str(), flags, FileAttributes::empty())
            .await
            .map_err(|e| conn.error(e, "write", &part))?
            .handle;
        Ok(Writer {
            location: self.location(name),
            conn,
            handle: Some(handle),
            part,
            final_path,
            written: 0,
            inflight: JoinSet::new(),
        })
    }

    /// Remove the temp file a killed run left (already gone is fine).
    pub async fn clean(&self, _name: &str, pending: &Pending) -> Result<(), DestError> {
        let Pending::Temp { path } = pending else {
            return Ok(());
        };
        let conn = self.conn().await?;
        conn.remove_if_there(path).await
    }
}

/// The known_hosts files: `--known-hosts FILE` alone, else OpenSSH's: `~/.ssh/known_hosts` (where
/// new keys are recorded) and `/etc/ssh/ssh_known_hosts`.
fn known_hosts_files(ssh: &SshOptions, env: Env) -> Result<Vec<PathBuf>, DestError> {
    if let Some(file) = &ssh.known_hosts {
        return Ok(vec![file.clone()]);
    }
    let Some(home) = env("HOME") else {
        return Err(DestError::Config(
            "HOME is not set, so there is no ~/.ssh/known_hosts to check the server's host key against; pass --known-hosts FILE".into(),
        ));
    };
    Ok(vec![
        PathBuf::from(home).join(".ssh").join("known_hosts"),
        PathBuf::from("/etc/ssh/ssh_known_hosts"),
    ])
}

/// The key file (`--ssh-key`, `VERN_SSH_KEY`), else the agent (`SSH_AUTH_SOCK`).
fn credential(ssh: &SshOptions, env: Env) -> Result<Credential, DestError> {
    if let Some(path) = &ssh.key {
        return match ssh::load_key(path, ssh.passphrase.as_deref())? {
            Some(key) => Ok(Credential::Key {
                path: path.clone(),
                key: Arc::new(key),
            }),
            None => Err(DestError::Auth(format!(
                "the SSH key {} is protected by a passphrase, and none was given",
                path.display()
            ))),
        };
    }
    match env("SSH_AUTH_SOCK") {
        Some(socket) => Ok(Credential::Agent(PathBuf::from(socket))),
        None => Ok(Credential::None),
    }
}

fn join(dir: &str, name: &str) -> String {
    let name = name.trim_start_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn is_status(e: &SftpError, code: StatusCode) -> bool {
    matches!(e, SftpError::Status(s) if s.status_code == code)
}

impl Inner {
    async fn connect(&self) -> Result<Arc<Conn>, DestError> {
        let ssh = ssh::connect(&self.login).await?;
        let label = self.login.label();
        let lost = |e: russh::Error| {
            DestError::Unreachable(format!(
                "{label} did not open an SFTP session: {}",
                ssh::describe(&e)
            ))
        };
        let channel = ssh.channel_open_session().await.map_err(lost)?;
        channel
            .request_subsystem(true, "sftp")
            .await
            .map_err(lost)?;
        let config = russh_sftp::client::Config {
            request_timeout_secs: self.idle.as_secs().max(1),
            ..Default::default()
        };
        let mut raw = RawSftpSession::new_with_config(channel.into_stream(), config);
        let version = raw.init().await.map_err(|e| {
            DestError::Failed(format!(
                "{label} has no SFTP service (the sftp subsystem): {e}"
            ))
        })?;
        let mut chunk = CHUNK;
        if version.extensions.get(LIMITS).is_some_and(|v| v == "1")
            && let Ok(limits) = raw.limits().await
        {
            let limits = russh_sftp::client::rawsession::Limits::from(limits);
            if let Some(max) = limits.write_len {
                chunk = chunk.min(max as usize).max(1);
            }
            raw.set_limits(limits);
        }
        let mut conn = Conn {
            _ssh: ssh,
            raw: Arc::new(raw),
            extensions: version.extensions,
            chunk,
            root: String::new(),
            label,
            idle: self.idle,
            dirs: Mutex::new(HashSet::new()),
        };
        conn.root = conn.resolve(&self.dir).await?;
        Ok(Arc::new(conn))
    }
}

impl Conn {
    fn has(&self, extension: &str) -> bool {
        self.extensions.contains_key(extension)
    }

    /// The directory as an absolute path: relative ones (`~/dir`) are under the login directory.
    async fn resolve(&self, dir: &str) -> Result<String, DestError> {
        if dir.starts_with('/') {
            let trimmed = dir.trim_end_matches('/');
            return Ok(if trimmed.is_empty() { "/" } else { trimmed }.to_string());
        }
        let home = self
            .raw
            .realpath(".")
            .await
            .map_err(|e| self.error(e, "find the login directory", "."))?
            .files
            .first()
            .map(|f| f.filename.clone())
            .unwrap_or_default();
        if !home.starts_with('/') {
            return Err(DestError::Failed(format!(
                "{} answered '{home}' for the login directory, which is not an absolute path",
                self.label
            )));
        }
        let rest = dir.trim_matches('/');
        Ok(if rest.is_empty() {
            home
        } else {
            join(&home, rest)
        })
    }

    /// A failed request in the contract's terms, naming what was being done to which path.
    fn error(&self, e: SftpError, doing: &str, path: &str) -> DestError {
        let on = &self.label;
        match e {
            SftpError::Status(s) => match s.status_code {
                StatusCode::PermissionDenied => {
                    DestError::Failed(format!("cannot {doing} {path} on {on}: permission denied"))
                }
                StatusCode::NoSuchFile => DestError::Failed(format!(
                    "cannot {doing} {path} on {on}: no such file or directory"
                )),
                code => {
                    let said = s.error_message.trim();
                    let said = if said.is_empty() || said == code.to_string() {
                        String::new()
                    } else {
                        format!(": {said}")
                    };
                    DestError::Failed(format!("cannot {doing} {path} on {on}: {code}{said}"))
                }
            },
            SftpError::Timeout => DestError::Unreachable(format!(
                "{on} did not answer within {}s while vern tried to {doing} {path}",
                self.idle.as_secs()
            )),
            SftpError::IO(_) | SftpError::UnexpectedBehavior(_) => DestError::Failed(format!(
                "the connection to {on} was lost while vern tried to {doing} {path}"
            )),
            other => DestError::Failed(format!("cannot {doing} {path} on {on}: {other}")),
        }
    }

    async fn stat_size(&self, path: &str) -> Result<Option<u64>, DestError> {
        match self.raw.stat(path).await {
            Ok(a) => Ok(Some(a.attrs.size.unwrap_or(0))),
            Err(e) if is_status(&e, StatusCode::NoSuchFile) => Ok(None),
            Err(e) => Err(self.error(e, "look at", path)),
        }
    }

    async fn remove_if_there(&self, path: &str) -> Result<(), DestError> {
        match self.raw.remove(path).await {
            Ok(_) => Ok(()),
            Err(e) if is_status(&e, StatusCode::NoSuchFile) => Ok(()),
            Err(e) => Err(self.error(e, "remove", path)),
        }
    }

    /// `mkdir -p dir`: one stat when it exists (the usual case), else every missing step made.
    async fn mkdir_p(&self, dir: &str) -> Result<(), DestError> {
        if self.dirs.lock().is_ok_and(|d| d.contains(dir)) {
            return Ok(());
        }
        if !self.is_dir(dir).await? {
            let mut cur = String::new();
            for part in dir.split('/').filter(|p| !p.is_empty()) {
                if dir.starts_with('/') || !cur.is_empty() {
                    cur.push('/');
                }
                cur.push_str(part);
                if self.is_dir(&cur).await? {
                    continue;
                }
                if let Err(e) = self.raw.mkdir(cur.as_str(), FileAttributes::empty()).await
                    && !self.is_dir(&cur).await?
                {
                    return Err(self.error(e, "create the directory", &cur));
                }
            }
        }
        if let Ok(mut d) = self.dirs.lock() {
            d.insert(dir.to_string());
        }
        Ok(())
    }

    async fn is_dir(&self, path: &str) -> Result<bool, DestError> {
        match self.raw.stat(path).await {
            Ok(a) if a.attrs.is_dir() => Ok(true),
            Ok(_) => Err(DestError::Failed(format!(
                "{path} on {} is a file, not a directory",
                self.label
            ))),
            Err(e) if is_status(&e, StatusCode::NoSuchFile) => Ok(false),
            Err(e) => Err(self.error(e, "look at", path)),
        }
    }

    /// rename(2) through `posix-rename@openssh.com` (russh-sftp does not wrap it). TRAP:
    /// `extended()` returns a failure status as `Ok(Packet::Status)`.
    async fn posix_rename(&self, from: &str, to: &str) -> Result<(), SftpError> {
        let mut data = Vec::with_capacity(8 + from.len() + to.len());
        for s in [from, to] {
            data.extend_from_slice(&(s.len() as u32).to_be_bytes());
            data.extend_from_slice(s.as_bytes());
        }
        match self.raw.extended(POSIX_RENAME, data).await? {
            Packet::Status(s) if s.status_code == StatusCode::Ok => Ok(()),
            Packet::Status(s) => Err(SftpError::Status(s)),
            _ => Err(SftpError::UnexpectedPacket),
        }
    }

    /// Run `f` with a longer request timeout (an fsync or the close of a large file).
    async fn patiently<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        let long = self.idle.as_secs().max(1).saturating_mul(4).max(120);
        self.raw.set_timeout(long);
        let out = f.await;
        self.raw.set_timeout(self.idle.as_secs().max(1));
        out
    }
}

/// A file being written: `.NAME.vern-RUN.part` beside its final name.
pub struct Writer {
    conn: Arc<Conn>,
    /// The open handle of the temp file (None once closed).
    handle: Option<String>,
    part: String,
    final_path: String,
    location: String,
    written: u64,
    inflight: JoinSet<Result<(), SftpError>>,
}

impl Writer {
    pub fn pending(&self) -> Pending {
        Pending::Temp {
            path: self.part.clone(),
        }
    }

    /// Send `bytes` as WRITE requests at their offsets, at most [`DEPTH`] unanswered at once.
    pub async fn write(&mut self, bytes: Bytes) -> Result<Wrote, DestError> {
        let Some(handle) = self.handle.clone() else {
            return Err(DestError::Failed(format!("{} is closed", self.part)));
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            while self.inflight.len() >= DEPTH {
                self.reap().await?;
            }
            let piece = rest.split_to(rest.len().min(self.conn.chunk));
            let at = self.written;
            self.written += piece.len() as u64;
            let raw = self.conn.raw.clone();
            let handle = handle.clone();
            self.inflight
                .spawn(async move { raw.write(handle, at, piece.to_vec()).await.map(|_| ()) });
        }
        Ok(Wrote::Same)
    }

    /// Wait for one answer.
    async fn reap(&mut self) -> Result<(), DestError> {
        match self.inflight.join_next().await {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(self.conn.error(e, "write", &self.part)),
            Some(Err(e)) => Err(DestError::Failed(format!(
                "writing {} stopped: {e}",
                self.part
            ))),
        }
    }

    pub async fn commit(mut self, if_exists: IfExists) -> Result<(), DestError> {
        let result = self.finish(if_exists).await;
        if result.is_err() {
            self.discard().await;
        }
        result
    }

    async fn finish(&mut self, if_exists: IfExists) -> Result<(), DestError> {
        while !self.inflight.is_empty() {
            self.reap().await?;
        }
        let conn = self.conn.clone();
        if let Some(handle) = self.handle.take() {
            // On the server's disk before it gets its name: a crash there never leaves a short
            // file under it.
            if conn.has(FSYNC) {
                conn.patiently(conn.raw.fsync(handle.as_str()))
                    .await
                    .map_err(|e| conn.error(e, "sync", &self.part))?;
            }
            conn.patiently(conn.raw.close(handle.as_str()))
                .await
                .map_err(|e| conn.error(e, "write", &self.part))?;
        }
        let exists = || DestError::Exists(format!("{} already exists", self.location));
        match if_exists {
            IfExists::Overwrite if conn.has(POSIX_RENAME) => conn
                .posix_rename(&self.part, &self.final_path)
                .await
                .map_err(|e| conn.error(e, "rename the temp file onto", &self.final_path))?,
            IfExists::Overwrite => {
                if let Err(e) = conn
                    .raw
                    .rename(self.part.as_str(), self.final_path.as_str())
                    .await
                {
                    if conn.stat_size(&self.final_path).await?.is_none() {
                        return Err(conn.error(e, "rename the temp file onto", &self.final_path));
                    }
                    conn.remove_if_there(&self.final_path).await?;
                    conn.raw
                        .rename(self.part.as_str(), self.final_path.as_str())
                        .await
                        .map_err(|e| {
                            conn.error(e, "rename the temp file onto", &self.final_path)
                        })?;
                }
            }
            IfExists::Fail | IfExists::Skip => {
                if conn.stat_size(&self.final_path).await?.is_some() {
                    return Err(exists());
                }
                if let Err(e) = conn
                    .raw
                    .rename(self.part.as_str(), self.final_path.as_str())
                    .await
                {
                    if conn.stat_size(&self.final_path).await?.is_some() {
                        return Err(exists());
                    }
                    return Err(conn.error(e, "rename the temp file onto", &self.final_path));
                }
            }
        }
        match conn.stat_size(&self.final_path).await? {
            Some(n) if n == self.written => Ok(()),
            other => Err(DestError::Failed(format!(
                "{} holds {} after the rename, not the {} bytes written",
                self.location,
                other.map_or("nothing".to_string(), |n| format!("{n} bytes")),
                self.written
            ))),
        }
    }

    /// Close the temp file and remove it (best effort: the journaled trace covers the rest).
    async fn discard(&mut self) {
        self.inflight.abort_all();
        while self.inflight.join_next().await.is_some() {}
        if let Some(handle) = self.handle.take() {
            let _ = self.conn.raw.close(handle).await;
        }
        let _ = self.conn.remove_if_there(&self.part).await;
    }

    pub async fn abort(mut self) {
        self.discard().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_under_the_directory() {
        assert_eq!(join("/srv/in", "a.csv"), "/srv/in/a.csv");
        assert_eq!(join("/", "a.csv"), "/a.csv");
        assert_eq!(join("/srv/in", "sub/a.csv"), "/srv/in/sub/a.csv");
    }
}

//! The file-like destinations of a delivery — a local directory, S3, Azure Blob, SFTP — behind
//! one small interface: find out whether a name exists, begin a file, write it, and commit it,
//! which is the moment it becomes visible under its name, whole. A reader never sees half a file.
//! No terminal code here.
//!
//! The interface is an enum over the backends rather than a trait object: the set is small and
//! closed, and async methods stay plain `async fn`.
//!
//! **The pending trace.** What a file leaves behind if vern dies before its commit (a temp file,
//! an S3 multipart upload) must be in the journal before that thing can hold any bytes, so that a
//! resumed run can `clean` it. A backend knows its trace either at `begin` (the directory's temp
//! file: [`Writer::pending`] right after `begin`) or only once the file turns out to be large (an
//! S3 multipart upload is started lazily, when the bytes outgrow one request, so small files stay
//! one PUT). So [`Writer::write`] says when the trace changes: [`Wrote::NewTrace`] carries the new
//! trace, returned after the upload was created and before any part of it is sent; the workflow
//! journals it, then writes on. `Wrote` is `#[must_use]`: `w.write(b).await?;` alone warns.
//! [`Writer::pending`] is always the current trace.

pub(crate) mod dir;
#[cfg(feature = "sftp")]
pub(crate) mod sftp;
#[cfg(any(feature = "s3", feature = "azure"))]
pub(crate) mod store;

use super::target::Target;
pub use crate::journal::record::Pending;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a final name that already exists means for a file of this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum IfExists {
    /// Refuse (exit 7), writing nothing under that name.
    Fail,
    /// Leave it and report it.
    Skip,
    /// Replace it.
    Overwrite,
}

/// How a file is stored: its type, and `gzip` when compressed.
#[derive(Debug, Clone, Copy)]
pub struct FileMeta {
    pub content_type: &'static str,
    pub content_encoding: Option<&'static str>,
}

/// What a write changed: whether the file now leaves another trace behind if vern dies.
#[must_use = "a new trace must be journaled before the next write or the commit"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrote {
    /// Nothing the journal needs to know.
    Same,
    /// The file now leaves this behind until its commit (an S3 multipart upload was just created;
    /// none of its parts is sent yet). Journal it before writing on.
    NewTrace(Pending),
}

/// How destinations are driven; resolved from the environment in `settings` (and, for SSH, the
/// flags of `vern deliver`).
#[derive(Debug, Clone)]
pub struct Tuning {
    /// `VERN_MULTIPART_THRESHOLD`: a file up to this size goes up in one request; a larger one in
    /// parts of this size (S3 parts are at least 5 MiB, its minimum).
    pub multipart_threshold: usize,
    /// `VERN_MULTIPART_CONCURRENCY`: parts in flight at once. Memory stays below
    /// `(concurrency + 1) × part size` whatever the file's size.
    pub multipart_concurrency: usize,
    /// The connect and idle timeouts (`VERN_CONNECT_TIMEOUT`, `VERN_IDLE_TIMEOUT`).
    pub timeouts: crate::api::client::Timeouts,
    /// How an SFTP destination logs in and trusts the server.
    pub ssh: SshOptions,
}

/// How vern logs in to an SFTP server and decides to trust it. Never key material: a path, and
/// the passphrase that decrypts the key (redacted in `Debug`, never journaled or shown).
#[derive(Clone, Default)]
pub struct SshOptions {
    /// `--ssh-key FILE`, else `VERN_SSH_KEY`; without one, the SSH agent (`SSH_AUTH_SOCK`).
    pub key: Option<std::path::PathBuf>,
    /// `VERN_SSH_KEY_PASSPHRASE`, or what the terminal prompt was given.
    pub passphrase: Option<String>,
    /// `--known-hosts FILE`, else `~/.ssh/known_hosts` (and `/etc/ssh/ssh_known_hosts`).
    pub known_hosts: Option<std::path::PathBuf>,
    /// `--accept-new-host-key`: record the key of a host known_hosts does not know (never
    /// replace one it does).
    pub accept_new_host_key: bool,
}

impl fmt::Debug for SshOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SshOptions")
            .field("key", &self.key)
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "<redacted>"),
            )
            .field("known_hosts", &self.known_hosts)
            .field("accept_new_host_key", &self.accept_new_host_key)
            .finish()
    }
}

/// Whether the SSH key file at `path` is protected by a passphrase (so that the command can ask
/// for it on a terminal before the delivery starts). Always no without SFTP support.
pub fn ssh_key_is_encrypted(path: &std::path::Path) -> bool {
    #[cfg(feature = "sftp")]
    {
        sftp::is_encrypted(path)
    }
    #[cfg(not(feature = "sftp"))]
    {
        let _ = path;
        false
    }
}

impl Tuning {
    pub const DEFAULT_THRESHOLD: usize = 8 << 20;
    pub const DEFAULT_CONCURRENCY: usize = 4;
    /// The largest part that every store takes (S3: 5 GiB, Azure: 4000 MiB) with room for memory.
    pub const MAX_THRESHOLD: usize = 512 << 20;
    pub const MAX_CONCURRENCY: usize = 64;
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            multipart_threshold: Self::DEFAULT_THRESHOLD,
            multipart_concurrency: Self::DEFAULT_CONCURRENCY,
            timeouts: Default::default(),
            ssh: SshOptions::default(),
        }
    }
}

/// Why a destination refused or failed.
#[derive(Debug)]
pub enum DestError {
    /// The final name exists and is not this run's own (`--if-exists fail`).
    Exists(String),
    /// The credentials were refused or are missing.
    Auth(String),
    /// The bucket, container or directory is not there (and is not vern's to create).
    Missing(String),
    /// The destination could not be reached.
    Unreachable(String),
    /// The destination's settings in the environment cannot be used (an endpoint that is not a
    /// URL, plain http off loopback, an account name that is none): nothing was asked of it.
    Config(String),
    /// The server's host key is not trusted (unknown, changed, revoked): nothing was sent. The
    /// hint says what to do, which depends on the case (exit 3).
    HostKey { message: String, hint: String },
    /// Anything else the destination answered or the disk said.
    Failed(String),
}

impl fmt::Display for DestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DestError::Exists(m)
            | DestError::Auth(m)
            | DestError::Missing(m)
            | DestError::Unreachable(m)
            | DestError::Config(m)
            | DestError::Failed(m)
            | DestError::HostKey { message: m, .. } => f.write_str(m),
        }
    }
}

impl std::error::Error for DestError {}

/// A file-like destination, opened.
pub enum Destination {
    Dir(dir::Dir),
    /// S3 or Azure Blob Storage.
    #[cfg(any(feature = "s3", feature = "azure"))]
    Store(store::Store),
    #[cfg(feature = "sftp")]
    Sftp(sftp::Sftp),
}

impl Destination {
    /// Open the destination of a target (credentials from the environment; nothing is written,
    /// nothing is asked of the network).
    #[cfg_attr(
        not(any(feature = "s3", feature = "azure", feature = "sftp")),
        allow(unused_variables)
    )]
    pub async fn open(target: &Target, tuning: &Tuning) -> Result<Destination, DestError> {
        match target {
            Target::Dir(path) => Ok(Destination::Dir(dir::Dir::open(path)?)),
            #[cfg(feature = "s3")]
            Target::S3 { bucket, prefix } => Ok(Destination::Store(store::Store::s3(
                bucket,
                prefix,
                tuning,
                &store::env,
            )?)),
            #[cfg(feature = "azure")]
            Target::Azure { container, prefix } => Ok(Destination::Store(store::Store::azure(
                container,
                prefix,
                tuning,
                &store::env,
            )?)),
            #[cfg(feature = "sftp")]
            Target::Sftp {
                user,
                host,
                port,
                path,
            } => Ok(Destination::Sftp(sftp::Sftp::open(
                &target.to_string(),
                user,
                host,
                *port,
                path,
                tuning,
                &sftp::env,
            )?)),
            #[cfg(not(feature = "sftp"))]
            Target::Sftp { .. } => Err(not_built("sftp")),
            #[cfg(not(feature = "s3"))]
            Target::S3 { .. } => Err(not_built("s3")),
            #[cfg(not(feature = "azure"))]
            Target::Azure { .. } => Err(not_built("azure")),
            other => Err(DestError::Failed(format!(
                "delivering to {} is not built into this vern",
                other.kind()
            ))),
        }
    }

    /// Where a file of this name lands, as reports and the manifest show it.
    pub fn location(&self, name: &str) -> String {
        match self {
            Destination::Dir(d) => d.location(name),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Destination::Store(s) => s.location(name),
            #[cfg(feature = "sftp")]
            Destination::Sftp(s) => s.location(name),
        }
    }

    /// The size of the file under `name`, if there is one.
    pub async fn size(&self, name: &str) -> Result<Option<u64>, DestError> {
        match self {
            Destination::Dir(d) => d.size(name),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Destination::Store(s) => s.size(name).await,
            #[cfg(feature = "sftp")]
            Destination::Sftp(s) => s.size(name).await,
        }
    }

    /// Begin writing `name` for run `run`: nothing is visible under the name until `commit`.
    pub async fn begin(&self, name: &str, meta: FileMeta, run: &str) -> Result<Writer, DestError> {
        match self {
            Destination::Dir(d) => Ok(Writer::Dir(d.begin(name, meta, run)?)),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Destination::Store(s) => Ok(Writer::Store(s.begin(name, meta, run)?)),
            #[cfg(feature = "sftp")]
            Destination::Sftp(s) => Ok(Writer::Sftp(s.begin(name, meta, run).await?)),
        }
    }

    /// Remove what a file that was never committed left behind (a resumed run starts it over):
    /// the directory's temp file, an S3 multipart upload (aborted; already gone is fine).
    pub async fn clean(&self, name: &str, pending: &Pending) -> Result<(), DestError> {
        match self {
            Destination::Dir(d) => d.clean(name, pending),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Destination::Store(s) => s.clean(name, pending).await,
            #[cfg(feature = "sftp")]
            Destination::Sftp(s) => s.clean(name, pending).await,
        }
    }
}

/// A file being written.
pub enum Writer {
    Dir(dir::Writer),
    #[cfg(any(feature = "s3", feature = "azure"))]
    Store(store::Writer),
    #[cfg(feature = "sftp")]
    Sftp(sftp::Writer),
}

impl Writer {
    /// The trace the file leaves behind now: journal it right after `begin`, and again whenever
    /// `write` returns [`Wrote::NewTrace`].
    pub fn pending(&self) -> Pending {
        match self {
            Writer::Dir(w) => w.pending(),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Writer::Store(w) => w.pending(),
            #[cfg(feature = "sftp")]
            Writer::Sftp(w) => w.pending(),
        }
    }

    /// Add bytes to the file. Memory stays bounded: a store sends parts as they fill.
    pub async fn write(&mut self, bytes: Bytes) -> Result<Wrote, DestError> {
        match self {
            Writer::Dir(w) => w.write(&bytes).map(|()| Wrote::Same),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Writer::Store(w) => w.write(bytes).await,
            #[cfg(feature = "sftp")]
            Writer::Sftp(w) => w.write(bytes).await,
        }
    }

    /// Make the file visible under its name, whole. With `Fail` (and `Skip`), a name that
    /// appeared meanwhile is not replaced: `DestError::Exists` — except, on S3 and Azure, when
    /// the object there carries this same run id (`vern-run` metadata): that is this run's own
    /// (a commit resent after a lost answer, or a run resumed after its commit), so `Ok`. SFTP
    /// has nowhere to keep a run id: a rename whose answer was lost with the connection is an
    /// error, although the file may have reached its name. A failed commit cleans up after
    /// itself (best effort; the journaled trace covers the rest).
    pub async fn commit(self, if_exists: IfExists) -> Result<(), DestError> {
        match self {
            Writer::Dir(w) => w.commit(if_exists).await,
            #[cfg(any(feature = "s3", feature = "azure"))]
            Writer::Store(w) => w.commit(if_exists).await,
            #[cfg(feature = "sftp")]
            Writer::Sftp(w) => w.commit(if_exists).await,
        }
    }

    /// Give up the file: nothing stays behind.
    pub async fn abort(self) {
        match self {
            Writer::Dir(w) => w.abort(),
            #[cfg(any(feature = "s3", feature = "azure"))]
            Writer::Store(w) => w.abort().await,
            #[cfg(feature = "sftp")]
            Writer::Sftp(w) => w.abort().await,
        }
    }
}

#[cfg(not(all(feature = "s3", feature = "azure", feature = "sftp")))]
fn not_built(feature: &str) -> DestError {
    DestError::Failed(format!(
        "this vern was built without {feature} support (cargo feature `{feature}`)"
    ))
}

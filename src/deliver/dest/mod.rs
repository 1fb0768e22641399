//! The file-like destinations of a delivery — a local directory, S3, Azure Blob, SFTP — behind
//! one small interface: find out whether a name exists, begin a file (which leaves a journalable
//! [`Pending`] trace before its first byte), write it, and commit it, which is the moment it
//! becomes visible under its name, whole. A reader never sees half a file. No terminal code here.
//!
//! The interface is an enum over the backends rather than a trait object: the set is small and
//! closed, and async methods stay plain `async fn`.

pub(crate) mod dir;

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
            | DestError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DestError {}

/// A file-like destination, opened.
pub enum Destination {
    Dir(dir::Dir),
}

impl Destination {
    /// Open the destination of a target (credentials from the environment; nothing is written).
    pub async fn open(target: &Target) -> Result<Destination, DestError> {
        match target {
            Target::Dir(path) => Ok(Destination::Dir(dir::Dir::open(path)?)),
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
        }
    }

    /// The size of the file under `name`, if there is one.
    pub async fn size(&self, name: &str) -> Result<Option<u64>, DestError> {
        match self {
            Destination::Dir(d) => d.size(name),
        }
    }

    /// Begin writing `name` for run `run`: nothing is visible under the name until `commit`.
    pub async fn begin(&self, name: &str, meta: FileMeta, run: &str) -> Result<Writer, DestError> {
        match self {
            Destination::Dir(d) => Ok(Writer::Dir(d.begin(name, meta, run)?)),
        }
    }

    /// Remove what a file that was never committed left behind (a resumed run starts it over).
    pub async fn clean(&self, name: &str, pending: &Pending) -> Result<(), DestError> {
        match self {
            Destination::Dir(d) => d.clean(name, pending),
        }
    }
}

/// A file being written.
pub enum Writer {
    Dir(dir::Writer),
}

impl Writer {
    /// The trace to journal before the first byte.
    pub fn pending(&self) -> Pending {
        match self {
            Writer::Dir(w) => w.pending(),
        }
    }

    pub async fn write(&mut self, bytes: Bytes) -> Result<(), DestError> {
        match self {
            Writer::Dir(w) => w.write(&bytes),
        }
    }

    /// Make the file visible under its name, whole. With `Fail` (and `Skip`), a name that
    /// appeared meanwhile is not replaced: `DestError::Exists`.
    pub async fn commit(self, if_exists: IfExists) -> Result<(), DestError> {
        match self {
            Writer::Dir(w) => w.commit(if_exists).await,
        }
    }

    /// Give up the file: nothing stays behind.
    pub async fn abort(self) {
        match self {
            Writer::Dir(w) => w.abort(),
        }
    }
}

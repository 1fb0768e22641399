//! Files moved: the uploads of `vern upload` and the download of `vern download`, and an input
//! whose uploaded copy stands in for a file that is gone.

use super::Report;
use crate::api::download::Downloaded as Received;
use crate::api::upload::Uploaded;
use serde::Serialize;

#[derive(Serialize)]
pub struct Uploads {
    pub company: String,
    pub uploads: Vec<Uploaded>,
}

impl Report for Uploads {
    fn kind(&self) -> &'static str {
        "upload"
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    /// `-` for stdout.
    pub path: String,
    /// The CSV went to this process's stdout under another name (`-o /dev/stdout`), so the
    /// summary must not.
    #[serde(skip)]
    pub on_stdout: bool,
    #[serde(flatten)]
    pub info: Received,
}

#[derive(Serialize)]
pub struct Downloaded {
    pub company: String,
    pub sheet: String,
    pub filter: &'static str,
    #[serde(flatten)]
    pub saved: Saved,
}

impl Report for Downloaded {
    fn kind(&self) -> &'static str {
        "download"
    }

    fn stdout_taken(&self) -> bool {
        self.saved.path == "-" || self.saved.on_stdout
    }
}

/// An input file the operation uploaded earlier and that is no longer on disk: nothing after the
/// upload reads it, so the operation goes on with the uploaded copy.
#[derive(Debug, Clone, Serialize)]
pub struct UploadedCopy {
    /// As the journal records it (absolute).
    pub path: String,
    pub size: u64,
    /// When it was uploaded, if the journal says.
    pub uploaded_at: Option<String>,
}

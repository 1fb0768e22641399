//! Files moved: the uploads of `vern upload` and the download of `vern download`.

use super::Report;
use crate::api::download::Downloaded as Received;
use crate::api::upload::Uploaded;
use serde::Serialize;

#[derive(Serialize)]
pub struct Uploads {
    pub company: String,
    pub uploads: Vec<Uploaded>,
}

impl Report for Uploads {}

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
    fn stdout_taken(&self) -> bool {
        self.saved.path == "-" || self.saved.on_stdout
    }
}

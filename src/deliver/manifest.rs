//! The manifest a delivery writes last, beside its files: which company and sheets, and for each
//! file its path, format, rows, bytes and SHA-256 (of the stored bytes, compressed or not). Its
//! presence means "the run is complete", so it is only written once every file is committed.

use serde::Serialize;

/// `vern-manifest-{date}-{run}.json` at the root of the destination.
pub fn name(date: &str, run: &str) -> String {
    format!("vern-manifest-{date}-{run}.json")
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    pub schema: u32,
    pub kind: &'static str,
    pub run: &'a str,
    pub company: &'a str,
    pub external_id: Option<&'a str>,
    pub started_at: &'a str,
    pub destination: &'a str,
    pub sheets: Vec<SheetEntry<'a>>,
    pub files: Vec<FileEntry<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry<'a> {
    /// Relative to the destination (where the manifest is).
    pub path: &'a str,
    pub sheet: &'a str,
    pub sheet_id: &'a str,
    pub format: &'a str,
    pub gzip: bool,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: &'a str,
}

impl Manifest<'_> {
    /// The manifest's bytes: deterministic (pretty JSON, a final newline), so a resumed run
    /// writes the same manifest.
    pub fn bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }
}

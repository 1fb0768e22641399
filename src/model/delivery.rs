//! A delivery run (`vern deliver`, `migrate --deliver`, a job's run) as reports show it: the run
//! object of delivery.md §2.3 — in the CLI's `--json` with snake_case keys like every other
//! document — plus each file.

use super::Report;
use crate::exit::ExitCode;
use crate::journal::record::{DeltaCounts, Trigger};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DeliveryView {
    /// The delivery run's id (`{run}` in names; the operation's id).
    pub id: String,
    /// The job it ran for; null for a plain `vern deliver`.
    pub job_id: Option<String>,
    /// `running`, `success` or `failed`.
    pub status: &'static str,
    /// `manual`, `schedule` or `catch-up`.
    pub trigger: Trigger,
    pub scheduled_for: Option<String>,
    pub started_at: String,
    pub completed_at: Option<String>,
    pub company: String,
    /// `--to` as written back by vern (`s3://bucket/prefix`, a directory).
    pub destination: String,
    /// `file`, `s3`, `azure-blob`, `sftp`, `webhook`.
    pub destination_type: String,
    /// Where the files went: the manifest's location when there is one.
    pub destination_path: String,
    pub format: String,
    pub gzip: bool,
    /// `snapshot` or `delta`.
    pub mode: &'static str,
    /// Delta mode: how the rows compared with the ledgers, summed over the sheets.
    pub delta: Option<DeltaCounts>,
    /// Rows in the files this run wrote (not those it skipped, not the manifest).
    pub record_count: u64,
    /// Bytes of those files as stored (after compression).
    pub file_size: u64,
    /// Characters XML 1.0 forbids, removed from values (exit 6 unless --allow-failures).
    pub xml_dropped: u64,
    pub files: Vec<FileView>,
    pub manifest: Option<String>,
    pub error: Option<String>,
    #[serde(skip)]
    pub allow_failures: bool,
    /// A finished run shown again (the same command, run again).
    #[serde(skip)]
    pub again: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Relative to the destination (as in the manifest).
    pub path: String,
    /// Where it is: a full path or URL.
    pub location: String,
    pub sheet: String,
    pub sheet_id: String,
    pub format: String,
    pub gzip: bool,
    pub rows: u64,
    pub bytes: u64,
    /// SHA-256 of the stored bytes.
    pub sha256: Option<String>,
    /// Its name existed and `--if-exists skip` left it.
    pub skipped: bool,
    /// Delta mode found nothing new or changed: no file was written.
    pub nothing_new: bool,
    pub xml_dropped: u64,
    /// Delta mode: new, changed, unchanged and removed rows of the sheet.
    pub delta: Option<DeltaCounts>,
}

impl Report for DeliveryView {
    fn kind(&self) -> &'static str {
        "delivery"
    }

    fn exit_code(&self) -> ExitCode {
        if self.xml_dropped > 0 && !self.allow_failures {
            ExitCode::ExportFailures
        } else {
            ExitCode::Success
        }
    }
}

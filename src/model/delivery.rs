//! A delivery run (`vern deliver`, `migrate --deliver`, a job's run) as reports show it: the run
//! object of delivery.md §2.3 — in the CLI's `--json` with snake_case keys like every other
//! document — plus each file.

use super::Report;
use crate::exit::ExitCode;
use crate::journal::record::{DeltaCounts, OpStatus, Trigger};
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
    /// New or changed rows a deferred cap (`--max-rows N --cap-behavior defer`) left for the
    /// next run.
    pub deferred: u64,
    /// Rows in the files this run wrote (not those it skipped, not the manifest).
    pub record_count: u64,
    /// Bytes of those files as stored (after compression).
    pub file_size: u64,
    /// Characters XML 1.0 forbids, removed from values (exit 6 unless --allow-failures).
    pub xml_dropped: u64,
    pub files: Vec<FileView>,
    /// A webhook delivery's rows per batch (null for files).
    pub batch_size: Option<u64>,
    /// A webhook delivery's batches, sheet by sheet (empty for files).
    pub batches: Vec<BatchView>,
    /// A webhook delivery's sheets, with their delta counts (empty for files: each file says
    /// them).
    pub sheets: Vec<SheetView>,
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

/// One sheet of a webhook delivery.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub sheet: String,
    pub sheet_id: String,
    /// Rows it sends (in delta mode, those selected), once counted.
    pub rows: Option<u64>,
    /// Its batches, once its rows are counted.
    pub batches: Option<u64>,
    /// Rows in its acknowledged batches.
    pub acknowledged_rows: u64,
    /// Delta mode: new, changed, unchanged and removed rows of the sheet.
    pub delta: Option<DeltaCounts>,
}

/// One webhook batch of a delivery.
#[derive(Debug, Clone, Serialize)]
pub struct BatchView {
    pub sheet: String,
    pub sheet_id: String,
    /// Its index among the sheet's batches (`batch.index`).
    pub index: u64,
    /// `webhook-id` (and `batch.id`): the same on every re-send.
    pub id: String,
    /// Its first and last rows' positions among the rows the sheet sends: in snapshot mode their
    /// `row_index`; in delta mode the payload's `row_index`es are places in `export.csv`, which
    /// these are not.
    pub start_row_index: u64,
    pub end_row_index: u64,
    /// Rows in it (`batch.size`).
    pub size: u64,
    /// `acknowledged`, `failed` (the endpoint refused it), `sending` (sent, no answer recorded)
    /// or `pending` (not sent yet).
    pub status: &'static str,
    /// The endpoint's last status for a batch not acknowledged.
    pub http_status: Option<u16>,
    /// The start of the endpoint's reply, or why there was none.
    pub error: Option<String>,
}

impl DeliveryView {
    /// Webhook batches the endpoint refused.
    pub fn failed_batches(&self) -> impl Iterator<Item = &BatchView> {
        self.batches.iter().filter(|b| b.status == "failed")
    }
}

impl Report for DeliveryView {
    fn kind(&self) -> &'static str {
        "delivery"
    }

    fn exit_code(&self) -> ExitCode {
        let failures = self.xml_dropped > 0 || self.failed_batches().next().is_some();
        if failures && !self.allow_failures {
            ExitCode::ExportFailures
        } else {
            ExitCode::Success
        }
    }

    /// A run with failed webhook batches stays unfinished (even with `--allow-failures`): the
    /// same command again sends those batches, and only those.
    fn op_status(&self) -> OpStatus {
        if self.failed_batches().next().is_some() {
            OpStatus::Errored
        } else {
            OpStatus::Completed
        }
    }
}

//! How a migration ended: the pipeline's report (each run, the review, exports, downloads, the
//! reconciled counts, where it stopped and why, what comes next), and the choices that steer it.

use super::Report;
use super::export::ExportView;
use super::import::ImportView;
use super::shapes::ErrorDoc;
use super::transfer::UploadedCopy;
use crate::api::types::ExportMode;
use crate::exit::ExitCode;
use crate::journal::record::{Counts, DecisionKind, DecisionStep, DownloadFile, OpStatus};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What a pipeline reports as it goes (`ui` words it): the start of a step, or a detail of one.
pub enum Milestone<'a> {
    Provisioning {
        name: &'a str,
    },
    Provisioned {
        company: &'a str,
    },
    Uploading {
        files: usize,
        bytes: u64,
    },
    /// An input that is gone, served by its uploaded copy.
    UploadedCopy(&'a UploadedCopy),
    Importing,
    ImportStarted {
        run_id: &'a str,
    },
    Decided {
        decision: DecisionKind,
        flagged: u64,
        patch_hash: Option<&'a str>,
    },
    Exporting {
        mode: &'a ExportMode,
    },
    Exported {
        mode: &'a ExportMode,
        view: &'a ExportView,
    },
    Downloading {
        dir: &'a Path,
    },
    /// The operation's files had been downloaded into another directory.
    DownloadedAgain {
        earlier: &'a str,
    },
    Delivering {
        to: &'a str,
        format: &'a str,
    },
    /// A file of a delivery is visible under its name, whole.
    Delivered {
        name: &'a str,
        rows: u64,
        bytes: u64,
    },
    /// Delta mode: nothing new or changed in a sheet, so no file.
    NothingNew {
        name: &'a str,
    },
    /// A file's source broke off mid-stream; it is written again from the start.
    DeliveryRestarted {
        name: &'a str,
        reason: &'a str,
    },
    /// A webhook batch was not taken yet (429, 5xx, a dropped connection) and is sent again with
    /// the same id (said for its first retry).
    BatchRetried {
        sheet: &'a str,
        index: u64,
        reason: &'a str,
    },
    /// The endpoint refused a webhook batch; the run goes on with the next.
    BatchRefused {
        sheet: &'a str,
        index: u64,
        status: u16,
        reply: &'a str,
    },
    /// A sheet's webhook batches are all sent: how many were acknowledged, of how many.
    SheetSent {
        sheet: &'a str,
        acknowledged: u64,
        batches: u64,
        rows: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ApproveMode {
    /// Review on the terminal; elsewhere stop like `never`
    Ask,
    /// Apply the proposed fix
    Accept,
    /// Decline the fix; flagged rows stay out of the valid export
    Reject,
    /// Stop with exit 5 and the command that continues
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ExportChoice {
    None,
    Canary,
    Full,
}

/// How the pipeline ended.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub operation: String,
    pub company: Option<String>,
    pub status: OpStatus,
    /// The phase the pipeline stopped at, when it stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<ExportView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportView>,
    pub decisions: Vec<DecisionStep>,
    #[serde(serialize_with = "downloads")]
    pub downloads: Vec<DownloadFile>,
    /// The delivery run of `--deliver`, once it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<super::delivery::DeliveryView>,
    #[serde(serialize_with = "super::journal::counts")]
    pub counts: Counts,
    /// The commands that pick up from here, in order.
    pub next: Vec<String>,
    /// Why the migration failed, when it did (a run failed or was canceled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDoc>,
    #[serde(skip)]
    pub exit: ExitCode,
}

impl Report for MigrateReport {
    fn kind(&self) -> &'static str {
        "migration"
    }

    fn exit_code(&self) -> ExitCode {
        self.exit
    }

    fn op_status(&self) -> OpStatus {
        self.status
    }
}

/// A downloaded file as the JSON contract shows it.
#[derive(Serialize)]
struct DownloadDoc<'a> {
    sheet_id: &'a str,
    sheet: &'a str,
    path: &'a str,
    rows: Option<u64>,
    bytes: u64,
}

fn downloads<S: serde::Serializer>(files: &[DownloadFile], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(files.iter().map(|f| DownloadDoc {
        sheet_id: &f.sheet_id,
        sheet: &f.sheet_name,
        path: &f.path,
        rows: f.records,
        bytes: f.bytes,
    }))
}

/// `out/contacts.csv (2,343 rows)`
pub fn download_line(f: &DownloadFile) -> String {
    let rows = f
        .records
        .map(|r| format!(" ({} rows)", crate::text::count(r)))
        .unwrap_or_default();
    format!("{}{rows}", f.path)
}

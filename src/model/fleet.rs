//! How a fleet of migrations ended: a row per company and the worst outcome as the exit code.

use super::Report;
use crate::exit::ExitCode;
use serde::Serialize;

/// How bad an outcome is, to pick the fleet's exit code: the worst row wins.
pub fn severity(code: ExitCode) -> u8 {
    match code {
        ExitCode::Success => 0,
        ExitCode::ExportFailures => 1,
        ExitCode::NeedsAttention => 2,
        ExitCode::Timeout => 3,
        ExitCode::RunFailed => 4,
        ExitCode::Conflict => 5,
        ExitCode::Refused => 5,
        ExitCode::Error => 6,
        ExitCode::Auth => 7,
        ExitCode::Usage => 8,
        ExitCode::Interrupted => 9,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FleetRow {
    pub row: usize,
    pub label: String,
    pub operation: Option<String>,
    pub company: Option<String>,
    pub status: String,
    pub step: Option<String>,
    pub exit_code: i32,
    pub import_run: Option<String>,
    pub exported_ok: Option<u64>,
    pub exported_failed: Option<u64>,
    pub exported_hollow: Option<u64>,
    /// Why the row did not complete: what stopped it, or the error it ended with.
    pub error: Option<super::shapes::ErrorDoc>,
    #[serde(skip)]
    pub exit: ExitCode,
}

#[derive(Serialize)]
pub struct FleetReport {
    pub manifest: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub rows_in_manifest: usize,
    pub rows: Vec<FleetRow>,
    #[serde(skip)]
    pub exit: ExitCode,
}

impl Report for FleetReport {
    fn kind(&self) -> &'static str {
        "fleet"
    }

    fn exit_code(&self) -> ExitCode {
        self.exit
    }
}

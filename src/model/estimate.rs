//! Estimate first (delivery.md §3): what a run would do, as plain data — per sheet and in total,
//! with the field names of the contract — and what it was computed from, so a saved plan can be
//! checked for staleness. A plan that refuses its run exits 8.

use super::Report;
use crate::exit::ExitCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a cap does to a run over it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum CapBehavior {
    /// Refuse the whole run (exit 8, nothing sent)
    #[default]
    Refuse,
    /// Send the first N rows in key order, leave the rest for the next run (delta mode)
    Defer,
}

/// One sheet's share of a delivery plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SheetPlan {
    pub sheet: String,
    pub sheet_id: String,
    /// The file it would be written to (names with `{run}` or `{time}` differ in the run).
    pub name: String,
    /// Rows selected by `--filter`.
    pub requested_count: u64,
    /// Unchanged since the last delivery to this destination (skipped in delta mode).
    pub already_delivered: u64,
    pub new_count: u64,
    pub changed_count: u64,
    pub removed_count: u64,
    pub to_send: u64,
    /// Exact, after format and compression.
    pub bytes: u64,
    pub files: u64,
    pub batches: u64,
    /// Requests to the Migration API for this sheet.
    pub api_requests: u64,
    pub capped: bool,
    pub would_skip: u64,
    /// Its name exists at the destination already.
    pub exists: bool,
}

/// The plan's totals (the sheets summed; `api_requests` also counts the run's other requests).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tally {
    pub requested_count: u64,
    pub already_delivered: u64,
    pub new_count: u64,
    pub changed_count: u64,
    pub removed_count: u64,
    pub to_send: u64,
    pub bytes: u64,
    pub files: u64,
    pub batches: u64,
    pub api_requests: u64,
    pub capped: bool,
    pub would_skip: u64,
}

impl Tally {
    pub fn sum(sheets: &[SheetPlan], extra_requests: u64) -> Tally {
        let mut t = Tally {
            api_requests: extra_requests,
            ..Tally::default()
        };
        for s in sheets {
            t.requested_count += s.requested_count;
            t.already_delivered += s.already_delivered;
            t.new_count += s.new_count;
            t.changed_count += s.changed_count;
            t.removed_count += s.removed_count;
            t.to_send += s.to_send;
            t.bytes += s.bytes;
            t.files += s.files;
            t.batches += s.batches;
            t.api_requests += s.api_requests;
            t.capped |= s.capped;
            t.would_skip += s.would_skip;
        }
        t
    }
}

/// What a plan was computed from: each sheet's `export.csv` (BLAKE3 of the bytes served) and its
/// ledger's version (delta mode).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Inputs {
    pub sheets: BTreeMap<String, SheetInputs>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SheetInputs {
    pub source: String,
    pub ledger: Option<String>,
}

/// `vern deliver --plan`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryPlan {
    pub company: String,
    pub destination: String,
    pub destination_type: String,
    pub format: String,
    pub gzip: bool,
    pub mode: String,
    pub max_rows: Option<u64>,
    pub cap_behavior: CapBehavior,
    pub sheets: Vec<SheetPlan>,
    pub total: Tally,
    /// The run it describes would be refused (exit 8).
    pub refused: bool,
    pub reason: Option<String>,
    /// `--apply`: what changed since the plan was made.
    pub stale: Vec<String>,
    pub inputs: Inputs,
    pub next: Vec<String>,
}

impl Report for DeliveryPlan {
    fn kind(&self) -> &'static str {
        "delivery_plan"
    }

    fn exit_code(&self) -> ExitCode {
        if self.refused || !self.stale.is_empty() {
            ExitCode::Refused
        } else {
            ExitCode::Success
        }
    }
}

/// One template's share of an export plan.
#[derive(Debug, Clone, Serialize)]
pub struct TemplatePlan {
    pub template_id: Option<String>,
    pub sheet: String,
    pub sheet_id: String,
    /// Rows after the latest completed import vern knows that reported the sheet.
    pub rows: u64,
    /// What a canary writes: the first row.
    pub canary_rows: u64,
    /// Which import the count comes from.
    pub import_run: String,
}

/// `vern export --plan`: what the server-side writer would push, from what vern knows.
#[derive(Debug, Clone, Serialize)]
pub struct ExportPlan {
    pub company: String,
    pub mode: String,
    pub templates: Vec<TemplatePlan>,
    /// Rows the run would write (a `--row-filter` can only make it fewer).
    pub to_send: u64,
    pub row_filter: bool,
    /// The request that starts the run; the polls that follow depend on how long it runs.
    pub api_requests: u64,
    pub max_rows: Option<u64>,
    pub capped: bool,
    pub would_skip: u64,
    pub refused: bool,
    pub reason: Option<String>,
    pub next: Vec<String>,
}

impl Report for ExportPlan {
    fn kind(&self) -> &'static str {
        "export_plan"
    }

    fn exit_code(&self) -> ExitCode {
        if self.refused {
            ExitCode::Refused
        } else {
            ExitCode::Success
        }
    }
}

/// One step of a migration plan.
#[derive(Debug, Clone, Serialize)]
pub struct StepPlan {
    pub step: &'static str,
    /// `done` (the journal says so), `would_run`, `skipped` (not asked for) or `unknown` (it
    /// depends on what the server finds).
    pub status: &'static str,
    pub rows: Option<u64>,
    pub bytes: Option<u64>,
    pub files: Option<u64>,
    /// Requests to the Migration API that start the step (polls not counted).
    pub api_requests: Option<u64>,
    pub note: String,
}

/// `vern migrate --plan`: the steps the migration would still run, with what can be known
/// before the data exists (local files, templates) and what cannot yet.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationPlan {
    /// The unfinished operation the same command would continue, if any.
    pub operation: Option<String>,
    pub steps: Vec<StepPlan>,
    /// Requests the plan can count (polls and steps that depend on the import excluded).
    pub api_requests: u64,
    pub next: Vec<String>,
}

impl Report for MigrationPlan {
    fn kind(&self) -> &'static str {
        "migration_plan"
    }
}

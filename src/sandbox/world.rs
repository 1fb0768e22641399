//! The sandbox's in-memory state: companies and their workbooks, pending and stored uploads, runs,
//! idempotency records, the destination's records, and the statistics tests read back.
//!
//! Everything here is plain data behind the `Shared` mutexes; the handlers and the run driver
//! change it in short critical sections and do heavy work (parsing, validating, writing) on
//! snapshots outside the lock.

use super::config::Scenario;
use super::engine::{Fix, Input, Parsed, QuestionPlan, Row, Validation};
use crate::api::types::{
    BlockedQuestion, Company, ExportMode, ExportReport, ExportRun, ImportReport, ImportRun,
    NeedsAttention, RunCreated, RunStatus, Selection,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Default)]
pub struct World {
    pub companies: HashMap<String, CompanyState>,
    pub external_ids: HashMap<String, String>,
    /// token → a signed URL not yet used
    pub pending_uploads: HashMap<String, PendingUpload>,
    /// upload_ref → bytes on disk
    pub uploads: HashMap<String, StoredUpload>,
    pub runs: HashMap<String, Run>,
    pub stats: Stats,
}

pub struct CompanyState {
    pub company: Company,
    pub source: String,
    pub workbook_id: String,
    pub sheets: Vec<SheetState>,
    /// The destination connection (write-only; never returned).
    pub connection: Option<Value>,
    /// (run kind, idempotency key) → (payload as sent, run id)
    pub idempotency: HashMap<(RunKind, String), (Value, String)>,
    pub active_import: Option<String>,
    pub active_export: Option<String>,
}

pub struct SheetState {
    pub id: String,
    pub name: String,
    pub template: usize,
    pub data: Arc<SheetData>,
}

#[derive(Debug, Clone, Default)]
pub struct SheetData {
    pub rows: Vec<Row>,
    pub validation: Validation,
}

pub struct PendingUpload {
    pub company: String,
    pub upload_ref: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub expires: Instant,
    /// A PUT is streaming right now; a second concurrent PUT is refused.
    pub in_progress: bool,
}

pub struct StoredUpload {
    pub company: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub path: PathBuf,
    pub expires: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunKind {
    Import,
    Export,
}

pub struct Run {
    pub id: String,
    pub company: String,
    pub status: RunStatus,
    pub progress: Option<String>,
    pub error: Option<String>,
    /// Bumped by every transition a driver did not make (decision, answer, cancel), so a stale
    /// driver task notices and stops.
    pub generation: u64,
    pub body: RunBody,
}

pub enum RunBody {
    Import(ImportState),
    Export(ExportState),
}

/// What the next driver pass of an import does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPhase {
    Parse,
    AfterBlock,
    AfterDecision,
}

pub struct ImportState {
    pub inputs: Vec<Input>,
    pub scenario: Option<Scenario>,
    pub phase: ImportPhase,
    /// Rows read before a `blocked` pause, committed once answered.
    pub parsed: Option<Parsed>,
    pub blocked: Option<Vec<BlockedQuestion>>,
    /// The fill value the blocked question's answer chose: (template, column, value).
    pub block_fill: Option<(usize, usize, String)>,
    /// Sheet indices (in the company's workbook) this run wrote.
    pub touched: Vec<usize>,
    pub report: Option<ImportReport>,
    pub attention: Option<(NeedsAttention, Vec<QuestionPlan>)>,
    /// (sheet index, column, fix) chosen by a decision, applied by the next pass.
    pub pending_fixes: Vec<(usize, usize, Fix)>,
}

pub struct ExportState {
    pub mode: ExportMode,
    pub selection: Option<Selection>,
    pub report: Option<ExportReport>,
}

impl Run {
    pub fn kind(&self) -> RunKind {
        match self.body {
            RunBody::Import(_) => RunKind::Import,
            RunBody::Export(_) => RunKind::Export,
        }
    }

    pub fn poll_url(&self) -> String {
        let kind = match self.kind() {
            RunKind::Import => "imports",
            RunKind::Export => "exports",
        };
        format!("/api/v1/companies/{}/{}/{}", self.company, kind, self.id)
    }

    pub fn created(&self) -> RunCreated {
        RunCreated {
            run_id: self.id.clone(),
            status: self.status.clone(),
            poll_url: Some(self.poll_url()),
        }
    }

    /// The poll body of an import run; only the fields its status documents.
    pub fn import_body(&self) -> ImportRun {
        let mut body = ImportRun {
            run_id: Some(self.id.clone()),
            status: self.status.clone(),
            progress_message: None,
            report: None,
            needs_attention: None,
            questions: None,
            error: None,
        };
        let RunBody::Import(st) = &self.body else {
            return body;
        };
        match self.status {
            RunStatus::Queued | RunStatus::Running => {
                body.progress_message = Some(self.progress.clone().unwrap_or_default())
            }
            RunStatus::NeedsAttention => {
                body.report = st.report.clone();
                body.needs_attention = st.attention.as_ref().map(|(na, _)| na.clone());
            }
            RunStatus::Blocked => body.questions = st.blocked.clone(),
            RunStatus::Completed => body.report = st.report.clone(),
            RunStatus::Failed => body.error = self.error.clone(),
            _ => {}
        }
        body
    }

    pub fn export_body(&self) -> ExportRun {
        let mut body = ExportRun {
            run_id: Some(self.id.clone()),
            status: self.status.clone(),
            progress_message: None,
            report: None,
            error: None,
        };
        let RunBody::Export(st) = &self.body else {
            return body;
        };
        match self.status {
            RunStatus::Queued | RunStatus::Running => {
                body.progress_message = Some(self.progress.clone().unwrap_or_default())
            }
            RunStatus::Completed => body.report = st.report.clone(),
            RunStatus::Failed => body.error = self.error.clone(),
            _ => {}
        }
        body
    }
}

/// What tests and rehearsals read back (`GET /_sandbox/stats`, `Sandbox::stats`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub requests: u64,
    /// "api GET /api/v1/sources" → count
    pub requests_by_route: BTreeMap<String, u64>,
    /// 429s from the rate limit (not from the fault bursts).
    pub rate_limited: u64,
    pub faults: FaultStats,
    pub companies_created: u64,
    pub uploads_requested: u64,
    pub puts_ok: u64,
    pub puts_rejected: u64,
    pub storage_requests: u64,
    /// Storage requests that carried an `x-api-key` header: must stay 0 for a careful client.
    pub storage_requests_with_api_key: u64,
    pub companies: BTreeMap<String, CompanyStats>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FaultStats {
    pub errors: u64,
    pub too_many: u64,
    pub resets: u64,
    pub lost_responses: u64,
    pub truncated: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CompanyStats {
    pub uploads: u64,
    pub import_runs: u64,
    pub export_runs: u64,
    pub canary_exports: u64,
    pub full_exports: u64,
    pub decisions: u64,
    pub messages: u64,
    /// Successful destination writes per record: "Contacts:ana@northwind.example" → count.
    pub destination_writes: BTreeMap<String, u64>,
    /// Records in the destination (natural-key upsert: a re-run updates, never duplicates).
    pub destination_records: u64,
}

impl World {
    pub fn company_stats(&mut self, company: &str) -> &mut CompanyStats {
        self.stats.companies.entry(company.to_string()).or_default()
    }
}

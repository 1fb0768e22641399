//! An export run as commands show it: totals, failed writes grouped by error, hollow writes (a
//! 2xx whose record came back empty), the exit code the outcome means, and what comes next.

use super::Report;
use super::shapes::run_error;
use crate::api::types::{ExportMode, ExportRun, RunStatus, WriteResult};
use crate::exit::ExitCode;
use crate::journal::record::OpStatus;
use serde::Serialize;
use std::collections::BTreeMap;

/// The `--report` file: where, and how many result rows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportFile {
    pub path: String,
    pub rows: u64,
}

/// Failed writes that share an error message.
#[derive(Debug, Clone, Serialize)]
pub struct FailureGroup {
    pub error: String,
    pub status: u16,
    pub count: u64,
    /// Up to five natural keys (or paths) of the rows that failed.
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HollowWrite {
    pub template_id: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub natural_key: Option<String>,
}

/// An export run as commands show it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportView {
    pub company: String,
    pub run_id: String,
    pub status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ExportMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    pub total: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub hollow: u64,
    pub failures: Vec<FailureGroup>,
    pub hollow_writes: Vec<HollowWrite>,
    /// The run's own error (a job-level failure), as the API reported it.
    #[serde(serialize_with = "run_error", skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub timed_out: bool,
    /// Where `--report` wrote every result row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_file: Option<ReportFile>,
    /// The commands that pick up from here, in order.
    pub next: Vec<String>,
    #[serde(skip)]
    pub allow_failures: bool,
    #[serde(skip)]
    pub results: Vec<WriteResult>,
}

impl ExportView {
    pub fn new(company: &str, run_id: &str, run: &ExportRun, timed_out: bool) -> ExportView {
        let mut view = ExportView {
            company: company.to_string(),
            run_id: run_id.to_string(),
            status: run.status.clone(),
            mode: run.report.as_ref().and_then(|r| r.mode.clone()),
            progress_message: run.progress_message.clone(),
            total: 0,
            succeeded: 0,
            failed: 0,
            hollow: 0,
            failures: Vec::new(),
            hollow_writes: Vec::new(),
            error: run.error.clone(),
            timed_out,
            report_file: None,
            next: Vec::new(),
            allow_failures: false,
            results: Vec::new(),
        };
        if let Some(r) = &run.report {
            view.total = r.total;
            view.succeeded = r.succeeded;
            view.failed = r.failed;
            let mut groups: BTreeMap<(String, u16), FailureGroup> = BTreeMap::new();
            for w in &r.results {
                if !w.ok {
                    let error = w
                        .error
                        .clone()
                        .unwrap_or_else(|| format!("HTTP {}", w.status));
                    let g = groups
                        .entry((error.clone(), w.status))
                        .or_insert(FailureGroup {
                            error,
                            status: w.status,
                            count: 0,
                            examples: Vec::new(),
                        });
                    g.count += 1;
                    if g.examples.len() < 5 {
                        g.examples
                            .push(w.natural_key.clone().unwrap_or_else(|| w.path.clone()));
                    }
                } else if w.is_hollow() {
                    view.hollow_writes.push(HollowWrite {
                        template_id: w.template_id.clone(),
                        path: w.path.clone(),
                        natural_key: w.natural_key.clone(),
                    });
                }
            }
            view.hollow = view.hollow_writes.len() as u64;
            let mut failures: Vec<FailureGroup> = groups.into_values().collect();
            failures.sort_by(|a, b| b.count.cmp(&a.count).then(a.error.cmp(&b.error)));
            view.failures = failures;
            view.results = r.results.clone();
        }
        if timed_out || matches!(run.status, RunStatus::Queued | RunStatus::Running) {
            view.next = vec![format!("vern poll --company {company} {run_id} --export")];
        }
        if let RunStatus::Other(s) = &run.status {
            view.error.get_or_insert_with(|| {
                format!("the run is in status '{s}', which this version of vern does not know")
            });
        }
        view
    }

    pub fn exit_code(&self) -> ExitCode {
        if self.timed_out {
            return ExitCode::Timeout;
        }
        match &self.status {
            RunStatus::Completed
                if (self.failed > 0 || self.hollow > 0) && !self.allow_failures =>
            {
                ExitCode::ExportFailures
            }
            RunStatus::Completed | RunStatus::Queued | RunStatus::Running => ExitCode::Success,
            RunStatus::Failed | RunStatus::Canceled => ExitCode::RunFailed,
            _ => ExitCode::Error,
        }
    }
}

impl Report for ExportView {
    fn kind(&self) -> &'static str {
        "export"
    }

    fn exit_code(&self) -> ExitCode {
        ExportView::exit_code(self)
    }

    fn op_status(&self) -> OpStatus {
        if self.timed_out {
            OpStatus::TimedOut
        } else if self.status == RunStatus::Completed {
            OpStatus::Completed
        } else if self.status.is_terminal() {
            OpStatus::Failed
        } else {
            OpStatus::Paused
        }
    }
}

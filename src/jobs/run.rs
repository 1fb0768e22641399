//! A job's runs (delivery.md §2.3): the delivery runs vern journaled for it — the same records
//! `vern runs list` shows — and the runs kept beside the job (fire times recorded as missed, runs
//! that failed before a delivery could begin, runs recorded through the HTTP API), merged, most
//! recent first.

use crate::journal::record::{FileState, OpStatus, Operation, Trigger};
use crate::journal::{Journal, Listed};
use crate::model::journal::delivery_summary;
use serde::{Deserialize, Serialize};

/// A run's status: the three of §2.3, and `missed` for a fire time that was not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Running,
    Success,
    Failed,
    Missed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Success => "success",
            RunStatus::Failed => "failed",
            RunStatus::Missed => "missed",
        }
    }
}

/// One file of a run, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFile {
    pub path: String,
    pub format: String,
    pub gzip: bool,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: Option<String>,
}

/// The run object (snake_case like every CLI document; the HTTP API camelCases it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunView {
    pub id: String,
    pub job_id: Option<String>,
    pub status: RunStatus,
    pub trigger: Trigger,
    pub scheduled_for: Option<String>,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    #[serde(default)]
    pub record_count: u64,
    #[serde(default)]
    pub file_size: u64,
    pub destination_path: Option<String>,
    #[serde(default)]
    pub files: Vec<RunFile>,
    pub error: Option<String>,
    /// The journal operation behind it (`vern runs show`, `vern resume`); null for a run vern did
    /// not journal.
    #[serde(default)]
    pub operation: Option<String>,
}

impl RunView {
    /// A job's delivery run, from its journal record.
    pub fn from_op(op: &Operation) -> Option<RunView> {
        let d = op.delivery.as_ref()?;
        let s = delivery_summary(op)?;
        let interrupted = matches!(
            op.status,
            OpStatus::Interrupted | OpStatus::TimedOut | OpStatus::Errored
        );
        let status = match s.status {
            "success" => RunStatus::Success,
            "running" => RunStatus::Running,
            _ => RunStatus::Failed,
        };
        let error = match (&op.error, status) {
            (_, RunStatus::Success | RunStatus::Running) => None,
            (Some(e), _) => Some(e.message.clone()),
            (None, _) if interrupted => Some(format!(
                "interrupted before it finished; `vern resume {}` continues it",
                op.id
            )),
            (None, _) => None,
        };
        Some(RunView {
            id: d.run.clone(),
            job_id: s.job_id.map(str::to_string),
            status,
            trigger: s.trigger,
            scheduled_for: s.scheduled_for.map(str::to_string),
            started_at: Some(d.started_at.clone()),
            completed_at: d.completed_at.clone(),
            record_count: s.record_count,
            file_size: s.file_size,
            destination_path: Some(s.destination_path.to_string()),
            files: d
                .files
                .iter()
                .filter(|f| f.state == FileState::Committed)
                .map(|f| RunFile {
                    path: f.name.clone(),
                    format: f.format.clone(),
                    gzip: f.gzip,
                    rows: f.rows,
                    bytes: f.bytes,
                    sha256: f.sha256.clone(),
                })
                .collect(),
            error,
            operation: Some(op.id.clone()),
        })
    }

    /// A fire time that was not run.
    pub fn missed(job_id: &str, scheduled_for: &str, reason: String) -> RunView {
        let compact: String = scheduled_for
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == 'T')
            .collect();
        RunView {
            id: format!("missed-{compact}-{}", job_id.get(..8).unwrap_or(job_id)),
            job_id: Some(job_id.to_string()),
            status: RunStatus::Missed,
            trigger: Trigger::Schedule,
            scheduled_for: Some(scheduled_for.to_string()),
            started_at: None,
            completed_at: None,
            record_count: 0,
            file_size: 0,
            destination_path: None,
            files: Vec::new(),
            error: Some(reason),
            operation: None,
        }
    }

    /// What orders runs, most recent last: when it started, or the fire time of one that never
    /// started.
    pub fn sort_key(&self) -> &str {
        self.started_at
            .as_deref()
            .or(self.scheduled_for.as_deref())
            .unwrap_or("")
    }
}

/// Every run of a job, most recent first: its journaled delivery runs and the runs kept beside it
/// (`kept`). Journal records that cannot be read are left out (`vern runs list` reports them).
pub fn runs_of(
    journal: &Journal,
    job_id: &str,
    kept: Vec<RunView>,
) -> anyhow::Result<Vec<RunView>> {
    let mut runs = kept;
    for listed in journal.list()? {
        let Listed::Ok(op) = listed else { continue };
        let ours = op
            .delivery
            .as_ref()
            .and_then(|d| d.job.as_ref())
            .is_some_and(|j| j.id == job_id);
        if ours && op.status != OpStatus::Abandoned {
            runs.extend(RunView::from_op(&op));
        }
    }
    runs.sort_by(|a, b| b.sort_key().cmp(a.sort_key()).then(b.id.cmp(&a.id)));
    Ok(runs)
}

//! An import run as commands show it: its status, report, the questions and proposed fix of a
//! run that needs attention (with the `patch_hash` that pins it), the exit code the outcome
//! means, and the command that picks up from here.

use super::Report;
use super::shapes::{BlockedQuestionView, ImportSummary, run_error};
use crate::api::Reply;
use crate::api::types::{ImportRun, NeedsAttention, RunStatus};
use crate::canonical::patch_hash;
use crate::exit::ExitCode;
use crate::journal::record::OpStatus;
use serde::Serialize;

/// The exit code an import's status means.
pub fn import_exit(status: &RunStatus, timed_out: bool) -> ExitCode {
    if timed_out {
        return ExitCode::Timeout;
    }
    match status {
        RunStatus::Completed | RunStatus::Queued | RunStatus::Running => ExitCode::Success,
        RunStatus::NeedsAttention | RunStatus::Blocked => ExitCode::NeedsAttention,
        RunStatus::Failed | RunStatus::Canceled => ExitCode::RunFailed,
        RunStatus::Other(_) => ExitCode::Error,
    }
}

/// An import run as commands show it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    pub company: String,
    pub run_id: String,
    pub status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_attention: Option<NeedsAttention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_hash: Option<String>,
    /// The questions of a `blocked` run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<BlockedQuestionView>>,
    /// The run's own error, as the API reported it.
    #[serde(serialize_with = "run_error", skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub timed_out: bool,
    /// The commands that pick up from here, in order.
    pub next: Vec<String>,
    /// Extra lines for the human summary (e.g. "idempotency key …").
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl ImportView {
    pub fn new(
        company: &str,
        run_id: &str,
        reply: &Reply<ImportRun>,
        timed_out: bool,
    ) -> ImportView {
        let run = &reply.value;
        let patch_hash = reply
            .raw
            .get("needs_attention")
            .filter(|v| v.is_object())
            .map(patch_hash);
        let mut view = ImportView {
            company: company.to_string(),
            run_id: run_id.to_string(),
            status: run.status.clone(),
            progress_message: run.progress_message.clone(),
            report: run.report.as_ref().map(ImportSummary::from),
            needs_attention: run.needs_attention.clone(),
            patch_hash,
            questions: run
                .questions
                .as_ref()
                .map(|qs| qs.iter().map(BlockedQuestionView::from).collect()),
            error: run.error.clone(),
            timed_out,
            next: Vec::new(),
            notes: Vec::new(),
        };
        view.next = view.next_command().into_iter().collect();
        if let RunStatus::Other(s) = &run.status {
            view.error.get_or_insert_with(|| {
                format!("the run is in status '{s}', which this version of vern does not know")
            });
        }
        view
    }

    pub fn exit_code(&self) -> ExitCode {
        import_exit(&self.status, self.timed_out)
    }

    fn next_command(&self) -> Option<String> {
        let (c, r) = (&self.company, &self.run_id);
        match &self.status {
            _ if self.timed_out => Some(format!("vern poll --company {c} {r}")),
            RunStatus::Queued | RunStatus::Running => Some(format!("vern poll --company {c} {r}")),
            RunStatus::NeedsAttention => Some(match &self.patch_hash {
                Some(h) => format!("vern approve --company {c} {r} --accept --expect-patch {h}"),
                None => format!("vern approve --company {c} {r}"),
            }),
            RunStatus::Blocked => {
                let q = self
                    .questions
                    .as_ref()
                    .and_then(|qs| qs.first())
                    .map(|q| q.id.as_str())
                    .unwrap_or("QID");
                Some(format!("vern approve --company {c} {r} --answer {q}=VALUE"))
            }
            _ => None,
        }
    }

    pub fn sheet_name<'a>(&'a self, sheet_id: &'a str) -> &'a str {
        self.report
            .as_ref()
            .and_then(|r| r.per_sheet.iter().find(|s| s.sheet_id == sheet_id))
            .map(|s| s.template_name.as_str())
            .unwrap_or(sheet_id)
    }
}

impl Report for ImportView {
    fn kind(&self) -> &'static str {
        "import"
    }

    fn exit_code(&self) -> ExitCode {
        import_exit(&self.status, self.timed_out)
    }

    /// A run that ended leaves its operation completed or failed; one that waits (for a
    /// decision, or past `--timeout`) leaves it paused or timed out, to be continued.
    fn op_status(&self) -> OpStatus {
        if self.timed_out {
            return OpStatus::TimedOut;
        }
        match self.status {
            RunStatus::Completed => OpStatus::Completed,
            RunStatus::Failed | RunStatus::Canceled => OpStatus::Failed,
            RunStatus::Other(_) => OpStatus::Errored,
            _ => OpStatus::Paused,
        }
    }
}

/// `vern poll --active` when no import is in flight.
#[derive(Serialize)]
pub struct NothingActive {
    pub company: String,
    pub active: bool,
}

impl Report for NothingActive {
    fn kind(&self) -> &'static str {
        "no_active_import"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_exit_codes() {
        assert_eq!(import_exit(&RunStatus::Completed, false), ExitCode::Success);
        assert_eq!(
            import_exit(&RunStatus::NeedsAttention, false),
            ExitCode::NeedsAttention
        );
        assert_eq!(
            import_exit(&RunStatus::Blocked, false),
            ExitCode::NeedsAttention
        );
        assert_eq!(import_exit(&RunStatus::Failed, false), ExitCode::RunFailed);
        assert_eq!(
            import_exit(&RunStatus::Canceled, false),
            ExitCode::RunFailed
        );
        assert_eq!(import_exit(&RunStatus::Running, true), ExitCode::Timeout);
        assert_eq!(
            import_exit(&RunStatus::Other("x".into()), false),
            ExitCode::Error
        );
    }
}

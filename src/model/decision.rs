//! Decisions on a paused run: what a user (or a flag) chose, and what was sent.

use super::Report;
use super::import::ImportView;
use crate::api::types::{Answer, RunStatus};
use crate::exit::ExitCode;
use crate::journal::record::DecisionKind;
use serde::Serialize;

/// What to tell a paused run.
#[derive(Debug, Clone)]
pub enum Choice {
    Accept,
    Reject,
    /// `QID=VALUE` pairs as typed.
    Answers(Vec<(String, String)>),
    /// A free-form instruction (blocked or running runs).
    Message(String),
}

/// What the interactive review settled on, with the patch hash of the proposal that was shown.
pub struct Reviewed {
    pub choice: Choice,
    pub patch_hash: Option<String>,
}

/// How an interactive review ended. Deciding later is the person's choice, and a stop that says
/// so differs from one where there was nobody to ask.
pub enum Review {
    Decided(Reviewed),
    /// Send nothing now: "Decide later", or Esc/`q` at the menu.
    Later,
}

/// What was sent, for the report and the journal.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub run_id: String,
    pub decision: DecisionKind,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The hash of the proposal the decision was made on (needs_attention only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_hash: Option<String>,
    /// The status the run was in when the decision was sent.
    pub decided_on: RunStatus,
    /// True when the first answer was lost and a re-read showed the decision had landed.
    pub recovered: bool,
}

/// `vern approve`: what was sent, and the run afterwards.
#[derive(Serialize)]
pub struct Approved {
    pub decision: Decided,
    pub run: ImportView,
    /// The status the decision leaves its operation in (which depends on whose it is).
    #[serde(skip)]
    pub op_status: crate::journal::record::OpStatus,
}

impl Report for Approved {
    fn kind(&self) -> &'static str {
        "approval"
    }

    fn exit_code(&self) -> ExitCode {
        self.run.exit_code()
    }

    fn op_status(&self) -> crate::journal::record::OpStatus {
        self.op_status
    }
}

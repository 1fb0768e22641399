//! What commands, the workflow and the ui share: the outcomes of runs and operations as plain
//! data — what happened, the exit code and journal status it means, what comes next — and the
//! decisions a user makes. No rendering (`ui::render` gives each its human form), no I/O.

pub mod account;
pub mod company;
pub mod decision;
pub mod delivery;
pub mod estimate;
pub mod export;
pub mod fleet;
pub mod import;
pub mod job;
pub mod journal;
pub mod migrate;
pub mod shapes;
pub mod transfer;

use crate::exit::ExitCode;
use crate::journal::record::OpStatus;
use serde::Serialize;

/// The version of the `--json` contract: bumped only on a breaking change (fields are only ever
/// added otherwise). Every document carries it as `schema`.
pub const JSON_SCHEMA: u32 = 1;

/// A command's result: rendered once (human or `--json`), and deciding the exit code and the
/// status its operation ends with.
pub trait Report: Serialize {
    /// What the document describes (`import`, `migration`, …): `--json` documents carry it, and
    /// each kind has a JSON Schema in `schemas/`.
    fn kind(&self) -> &'static str;

    fn exit_code(&self) -> ExitCode {
        ExitCode::Success
    }

    /// The status the command's operation ends (or pauses) with.
    fn op_status(&self) -> OpStatus {
        OpStatus::Completed
    }

    /// stdout carries the data itself (`download -o -`): the summary goes to stderr.
    fn stdout_taken(&self) -> bool {
        false
    }
}

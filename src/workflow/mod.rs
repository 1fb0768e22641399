//! The steps of a migration, shared by the single-step commands and by `migrate`: check local
//! files, provision, upload, start an import and wait for it, decide on a flagged run, export,
//! download — and `migrate`'s state machine over them.
//!
//! Each step reads what the journal already knows, does only what is left, and writes ahead, so a
//! process killed at any instant continues without a second run or a second destination write.
//! Steps talk to the API through `api::Client` and return plain values (`model`); they never draw
//! on the terminal: a pipeline reports through [`Progress`] and asks for decisions through
//! [`Reviewer`], both supplied by the command.

pub mod decide;
pub mod deliver;
pub mod delta;
pub mod download;
pub mod estimate;
pub mod export;
pub mod files;
pub mod fleet;
pub mod import;
pub mod migrate;
pub mod provision;
pub mod pump;
pub mod upload;
pub mod webhook;

use crate::model::decision::Review;
use crate::model::import::ImportView;
use crate::model::migrate::Milestone;

/// Where a pipeline reports its steps: a line per step for one migration, a status line per
/// company for a fleet.
pub trait Progress: Send + Sync {
    /// Step `n` of `total` begins.
    fn step(&self, n: usize, total: usize, what: &Milestone<'_>);
    /// A detail of the current step.
    fn note(&self, what: &Milestone<'_>);
}

/// Asks a person to decide on a run that needs attention (the interactive review). It blocks
/// while the person reads and answers, so the pipeline calls it off the async thread.
pub trait Reviewer: Send + Sync {
    /// What the person decided, or that they will decide later (nothing is sent now).
    fn review(&self, view: &ImportView) -> anyhow::Result<Review>;
}

/// A fresh idempotency key for a run creation.
pub fn new_idempotency_key(kind: &str) -> String {
    format!("vern-{kind}-{}", uuid::Uuid::new_v4().simple())
}

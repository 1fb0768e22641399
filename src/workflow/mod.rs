//! The steps of a migration, shared by the single-step commands and by `migrate`: check and
//! upload files, start an import, wait for a run, decide on a flagged run, export, download.
//!
//! Steps talk to the API through `api::Client` and return plain values (views) that commands
//! render; they never print.

pub mod decide;
pub mod export;
pub mod files;
pub mod fleet;
pub mod migrate;
pub mod runs;
pub mod steps;
pub mod transfer;

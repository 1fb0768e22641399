//! `vern` drives customer data migrations against the Vern Migration API.
//!
//! How the pieces fit (see DESIGN.md for the long form):
//! - `cli` defines the command line and dispatches to `commands`, one module per command.
//! - `commands` are thin: they turn arguments into calls to `workflow` (the resumable steps shared
//!   with `migrate`) or directly to `api`, and return a report for `ui` to render.
//! - `api` is the HTTP client: typed endpoints, retries, the rate budget, the signed upload.
//! - `ui` owns every byte written to the terminal; `exit` maps outcomes to exit codes.
//! - `sandbox` is the local simulator of the API, used by `vern sandbox`, `--sandbox` and tests.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod api;
pub mod assets;
pub mod cli;
pub mod commands;
pub mod context;
pub mod credentials;
pub mod exit;
pub mod journal;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod ui;
pub mod workflow;

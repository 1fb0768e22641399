//! `vern` drives customer data migrations against the Vern Migration API.
//!
//! How the pieces fit (see DESIGN.md for the long form), top to bottom — imports point down:
//! - `main` parses, resolves `settings`, builds the `ui::Ui` and hands over to `cli`.
//! - `cli` defines the command line and dispatches to `commands`, one module per command, and
//!   re-runs a recorded command for `vern resume`. `assets` generates completions and man pages
//!   from the same definitions.
//! - `commands` are thin: check input, say what the operation is (`Context::begin`), call the
//!   `workflow`, and conclude (`Context::conclude`): journal the outcome, let `ui` render it.
//! - `context` is one invocation's world: settings, the key, the client, the journal, the sandbox.
//! - `workflow` holds the resumable steps shared by the single-step commands and `migrate`'s state
//!   machine — and the delivery step (`deliver`, `delta`, the sheet pipeline `pump`, the plans of
//!   `estimate`); it reports through traits and never touches the terminal.
//! - `deliver` is what a delivery is made of, below the workflow: `--to` targets, `--name`
//!   templates, the streaming converter (`format`), the destinations behind one interface
//!   (`dest`: a directory, S3, Azure Blob), the manifest and the delta `ledger`.
//! - `ui` owns every byte written to the terminal; `ui::render` gives each `model` value its human
//!   form.
//! - `model` is the data the layers share: run views, reports, decisions, each with the exit code
//!   it means, and what the journal knows about a company.
//! - `jobs` keeps saved delivery jobs beside the journal: their records, schedules (cron, zones,
//!   DST), what is due, the wrappers for other schedulers and the HTTP API of `jobs serve`.
//! - `journal` keeps one record per operation; `api` is the HTTP client with its one request
//!   loop; `exit` maps outcomes to exit codes; `settings` reads flags and the environment once;
//!   `credentials` keeps keys, and `profiles` what a profile keeps besides its key (its API URL);
//!   `output` is the one way a file the user named is written (atomically, or through a device or
//!   FIFO, never over what must not be destroyed); `canonical` and `text` are small shared
//!   helpers.
//! - `sandbox` is the local simulator of the API, used by `vern sandbox`, `--sandbox` and tests.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod api;
pub mod assets;
pub mod canonical;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod context;
pub(crate) mod credentials;
pub(crate) mod deliver;
pub mod exit;
pub(crate) mod jobs;
pub mod journal;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod profiles;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod settings;
pub(crate) mod text;
pub mod ui;
pub(crate) mod workflow;

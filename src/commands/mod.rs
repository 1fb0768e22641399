//! One module per command. Each checks its input, says what its operation is, runs the workflow
//! (or a client call) and returns its report; `ui` renders the report once (human text, or JSON
//! with `--json`). None of them prints directly.
//!
//! Journaled commands share one operation lifecycle, here: [`Context::begin`] finds or starts the
//! operation and says what the journal decided; [`Context::conclude`] ends it with the outcome,
//! shows the outcome, and marks it reported — or records the failure.

pub mod approve;
pub mod auth;
pub mod company;
pub mod completions;
pub mod deliver;
pub mod discovery;
pub mod download;
pub mod export;
pub mod fleet;
pub mod import;
pub mod jobs;
pub mod migrate;
pub mod poll;
pub mod resume;
pub mod runs;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod upload;

use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::record::{OpKind, OpStatus};
use crate::journal::{Begin, Identity, OpHandle, checkpoint};
use crate::model::Report;
use crate::ui::Ui;
use crate::ui::render::Job;
use crate::workflow::files::{self, Input};
use serde_json::Value;
use std::fmt::Display;
use std::path::PathBuf;

/// What a journaled command is.
pub(crate) struct Journaled {
    kind: OpKind,
    /// What makes a second invocation the same operation (see `journal::key_for`).
    identity: Identity,
    company: Option<String>,
    /// Options of the steps not yet done, kept for `vern resume`.
    options: Value,
    /// `--new`: start over even if an unfinished operation matches.
    new: bool,
    /// The command line `vern resume` re-runs, when it is not this invocation's own (a fleet
    /// row records the `migrate` that runs it alone).
    argv: Option<Vec<String>>,
}

impl Journaled {
    pub fn new(kind: OpKind, identity: Identity) -> Journaled {
        Journaled {
            kind,
            identity,
            company: None,
            options: Value::Object(Default::default()),
            new: false,
            argv: None,
        }
    }

    pub fn company(mut self, company: Option<&str>) -> Journaled {
        self.company = company.map(str::to_string);
        self
    }

    pub fn options(mut self, options: Value) -> Journaled {
        self.options = options;
        self
    }

    pub fn starting_over(mut self, new: bool) -> Journaled {
        self.new = new;
        self
    }

    pub fn recording(mut self, argv: Vec<String>) -> Journaled {
        self.argv = Some(argv);
        self
    }
}

impl Context {
    /// Begin (or continue) the command's operation, and say what the journal decided.
    pub(crate) fn begin(&self, j: Journaled) -> anyhow::Result<OpHandle> {
        let op = self.begin_quietly(j)?;
        announce(&self.ui, &op);
        Ok(op)
    }

    /// Begin (or continue) an operation without a word (a fleet row's status line speaks).
    pub(crate) fn begin_quietly(&self, j: Journaled) -> anyhow::Result<OpHandle> {
        // `--new` is left out: `vern resume` must not start over a second time.
        let argv = j.argv.unwrap_or_else(|| self.settings.argv.clone());
        self.journal().begin(Begin {
            kind: j.kind,
            identity: j.identity,
            argv: argv.into_iter().filter(|a| a != "--new").collect(),
            api_url: self.api_url.clone(),
            sandbox: self.is_sandbox(),
            company: j.company,
            options: j.options,
            new: j.new,
        })
    }

    /// End the operation with the command's outcome and show it; or record the failure (with
    /// `on_error`, unless the operation already ended) and pass it on.
    pub(crate) fn conclude<R: Report + Display + Job>(
        &self,
        op: &mut OpHandle,
        result: anyhow::Result<R>,
        on_error: Option<OpStatus>,
    ) -> anyhow::Result<ExitCode> {
        match result {
            Ok(report) => {
                op.end(report.op_status(), report.exit_code())?;
                // The boundary between a finished operation and the user seeing its outcome.
                checkpoint("report");
                let code = self.ui.emit(&report);
                op.reported()?;
                Ok(code)
            }
            Err(e) => {
                if let Some(status) = on_error
                    && !op.op.status.is_finished()
                {
                    // Ctrl-C that reached the command as an error (at a prompt) is recorded as
                    // an interrupt, like the one `cli::dispatch` catches.
                    let status = if crate::exit::code_for_error(&e) == ExitCode::Interrupted {
                        OpStatus::Interrupted
                    } else {
                        status
                    };
                    op.fail(status, &e)?;
                }
                Err(e)
            }
        }
    }
}

/// Check an operation's files right after [`Context::begin`] and before its first request (see
/// `files::check_inputs`: only files not uploaded yet are inspected). When the check fails, a
/// brand-new operation is discarded — it did nothing, and a mistyped path must not linger as an
/// unfinished operation for `vern resume` — and one that continues records the failure.
pub(crate) fn check_inputs(op: &mut OpHandle, paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    match files::check_inputs(op.id(), &op.op.files, paths) {
        Ok(inputs) => Ok(inputs),
        Err(e) => {
            let e = anyhow::Error::new(e);
            if op.resumed {
                op.fail(OpStatus::Errored, &e)?;
            } else {
                op.discard()?;
            }
            Err(e)
        }
    }
}

/// Tell the user what the journal decided (continuing, showing a finished outcome again, or
/// replacing an unfinished operation).
fn announce(ui: &Ui, op: &OpHandle) {
    if let Some(note) = &op.took_over {
        ui.log(1, note);
    }
    if let Some(when) = &op.repeat {
        ui.note(format!(
            "this command already completed as operation {} ({when}) with the same files; showing its outcome (pass --new to run it again)",
            op.id()
        ));
    } else if op.resumed {
        ui.note(format!(
            "continuing operation {} from step {}",
            op.id(),
            op.op.step
        ));
    }
    if let Some(old) = &op.superseded {
        ui.note(format!(
            "operation {old} is abandoned; starting over as {}",
            op.id()
        ));
    }
}

/// clap value parser for ids: a UUID, normalized to lower-case hyphenated form.
pub(crate) fn uuid_arg(s: &str) -> Result<String, String> {
    crate::workflow::files::uuid(s)
}

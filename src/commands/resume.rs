//! `vern resume [ID]`: continue an interrupted operation by running its recorded command again,
//! against the same journal, API and working directory. This module finds the operation and says
//! what will be re-run; `cli` parses and dispatches the recorded command.

use crate::context::Context;
use crate::exit::UserError;
use crate::journal::record::Operation;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Continue an interrupted operation: its command runs again against the same \
journal, skipping every step already done (the latest unfinished operation without ID).",
    after_help = "Examples:\n  vern resume\n  vern resume 20261122T101502-3f9a1c"
)]
pub struct ResumeArgs {
    /// Operation id (its start or end), a run id, or a company id, as `vern runs show` takes
    /// them; default: the latest unfinished operation
    pub id: Option<String>,
}

/// What `vern resume` runs again: the operation's recorded command line (`op.argv`), against
/// its journal and API, whatever this shell says.
pub struct Resumption {
    pub op: Operation,
    pub state_dir: PathBuf,
}

/// Find the operation to continue.
pub fn prepare(ctx: &Context, args: &ResumeArgs) -> anyhow::Result<Resumption> {
    let journal = ctx.journal();
    let op = match &args.id {
        Some(prefix) => journal.load(&journal.resolve(prefix)?)?,
        None => {
            let ops = journal.all()?;
            // A `company create` that never recorded its answer is unfinished, but not resumed.
            let unsettled = ops
                .iter()
                .find(|o| !o.status.is_finished() && !o.kind.resumable())
                .map(|o| o.id.clone());
            latest_unfinished(ops).ok_or_else(|| {
                let dir = journal.dir().display();
                match unsettled {
                    None => UserError::input(format!(
                        "nothing to resume: every operation in {dir} is finished"
                    )),
                    Some(id) => UserError::input(format!("nothing to resume in {dir}"))
                        .with_hint(format!("operation {id} (vern company create) never recorded the answer to its request and is not resumed; see: vern runs show {id}")),
                }
            })?
        }
    };
    if op.status.is_finished() {
        return Err(UserError::input(format!(
            "operation {} is {}; there is nothing to resume",
            op.id, op.status
        ))
        .with_hint("start it again with its command and --new (see `vern runs show`)")
        .into());
    }
    if !op.kind.resumable() {
        return Err(UserError::input(format!(
            "operation {} sent a provisioning request and never recorded the answer: the company may or may not exist, and vern does not send the request again on its own",
            op.id
        ))
        .with_hint("check whether the company exists (the Vern web app lists it); if it does not, run the same vern company create again")
        .into());
    }
    if op.sandbox {
        return Err(UserError::input(format!(
            "operation {} ran against an in-process sandbox (--sandbox), which ended with its process",
            op.id
        ))
        .with_hint("rehearse again with the same command; a rehearsal has nothing to resume")
        .into());
    }
    Ok(Resumption {
        state_dir: std::path::absolute(journal.dir()).unwrap_or_else(|_| journal.dir().into()),
        op,
    })
}

impl Resumption {
    /// The recorded command line does not parse with this vern, or is itself a resume.
    pub fn unusable(&self, why: impl std::fmt::Display) -> anyhow::Error {
        UserError::input(format!(
            "the recorded command of operation {} {why}",
            self.op.id
        ))
        .into()
    }

    /// Return to the operation's directory and say what is re-run.
    pub fn enter(&self, ctx: &Context) -> anyhow::Result<()> {
        let op = &self.op;
        if !op.cwd.is_empty() {
            std::env::set_current_dir(&op.cwd).map_err(|e| {
                UserError::input(format!(
                    "cannot return to the operation's directory {}: {e}",
                    op.cwd
                ))
            })?;
        }
        ctx.ui.note(format!(
            "resuming operation {} ({}, at step {}): vern {}",
            op.id,
            op.kind,
            op.step,
            op.argv.join(" ")
        ));
        Ok(())
    }
}

fn latest_unfinished(mut ops: Vec<Operation>) -> Option<Operation> {
    ops.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    ops.into_iter()
        .find(|o| !o.status.is_finished() && !o.sandbox && o.kind.resumable())
}

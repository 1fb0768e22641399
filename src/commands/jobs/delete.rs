//! `vern jobs delete`: the job, its own history and the journal records of its delivery runs go
//! (the delivered files stay where they are). Asks on a terminal; `--yes` in scripts. Refused
//! while a process runs the job.

use super::store;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Listed;
use crate::model::job::JobDeleted;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Delete a job and its run history: the job's record, the runs kept beside it \
(missed, recorded externally) and the journal records of its delivery runs. The files it \
delivered stay where they are. On a terminal it asks first; scripts pass --yes (without a \
terminal and without --yes it refuses, exit 2). Refused (exit 7) while a process runs the job.",
    after_help = "Examples:\n  vern jobs delete nightly\n  vern jobs delete nightly --yes --json"
)]
pub struct DeleteArgs {
    /// The job's id or name
    pub job: String,
    /// Do not ask
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(ctx: &Context, args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let job = store.get(&args.job)?;
    if !args.yes {
        if !ctx.ui.interactive() {
            return Err(UserError::usage(format!(
                "deleting job {} needs a confirmation",
                job.name()
            ))
            .with_hint("pass --yes")
            .into());
        }
        let question = format!("Delete job {} and its run history?", job.name());
        if !ctx.ui.confirm(&question, false)? {
            return Err(UserError::usage("not deleted").into());
        }
    }
    let journal = ctx.journal();
    let (job, removed) = store.delete(&job.id, |job| {
        let mut removed = 0;
        for listed in journal.list()? {
            let Listed::Ok(op) = listed else { continue };
            let ours = op
                .delivery
                .as_ref()
                .and_then(|d| d.job.as_ref())
                .is_some_and(|j| j.id == job.id);
            if ours {
                // Locked first: a run another process is continuing is not pulled away.
                journal.open(&op.id)?.discard()?;
                removed += 1;
            }
        }
        Ok(removed)
    })?;
    Ok(ctx.ui.emit(&JobDeleted {
        id: job.id.clone(),
        name: job.definition.name.clone(),
        runs_deleted: removed,
    }))
}

//! `vern runs list | show`: the journal as a history, and one operation in full.

use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::Listed;
use crate::model::journal::{History, Shown, Unreadable};

#[derive(Debug, clap::Subcommand)]
pub enum RunsCommand {
    #[command(
        about = "The operations of the journal, newest first",
        long_about = "The operations of the journal, newest first: id, kind, company, step, \
status, start, duration, run ids and counts. Records that cannot be read are listed too.",
        after_help = "Examples:\n  vern runs list\n  vern runs list --limit 5 --json"
    )]
    List {
        /// Show at most N operations
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    #[command(
        about = "One operation in full: steps, run ids, decisions, counts, outputs, errors",
        long_about = "One operation in full: its command, files and fingerprints, idempotency \
keys, run ids, decisions (who, what, the patch hash shown), export totals, counts, outputs and \
errors.",
        after_help = "Examples:\n  vern runs show 20261122T101502-3f9a1c\n  vern runs show 20261122T10 --json"
    )]
    Show {
        /// Operation id (or a unique prefix)
        id: String,
    },
}

pub async fn run(ctx: &Context, cmd: RunsCommand) -> anyhow::Result<ExitCode> {
    let journal = ctx.journal();
    match cmd {
        RunsCommand::List { limit } => {
            let mut operations = Vec::new();
            let mut unreadable = Vec::new();
            for l in journal.list()? {
                match l {
                    Listed::Ok(op) => operations.push(*op),
                    Listed::Unreadable { path, error } => unreadable.push(Unreadable {
                        path: path.display().to_string(),
                        error,
                    }),
                }
            }
            operations.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
            let total = operations.len();
            operations.truncate(limit);
            Ok(ctx.ui.emit(&History {
                operations,
                unreadable,
                total,
            }))
        }
        RunsCommand::Show { id } => {
            let id = journal.resolve(&id)?;
            let op = journal.load(&id)?;
            Ok(ctx.ui.emit(&Shown { op }))
        }
    }
}

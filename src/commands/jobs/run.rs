//! `vern jobs run`: run a job now (trigger `manual`), as `vern deliver` would with the job's
//! flags — one line per file, the delivery run as the result. `--scheduled-for` runs (or
//! continues) the run of one fire time: a missed one, or one that failed.

use super::execute::{self, Slot, note_last_run};
use super::{store, time_arg};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::run::RunView;
use crate::journal::record::{OpStatus, Trigger};
use crate::model::estimate::CapBehavior;
use crate::workflow::deliver;
use crate::workflow::estimate::Cap;
use jiff::Timestamp;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run a job now, paused or not (trigger manual): its delivery as `vern deliver` \
would run it, named after the moment it starts. Refused (exit 7) while another process runs the \
job. The same command again continues an unfinished manual run (same run id, no second copy of \
any file); a finished one is not repeated — the next `jobs run` is a new run.

--scheduled-for TIME runs the run of that fire time, named after it: a fire time recorded as \
missed, or one whose run failed (it is continued, not started over). A fire time whose run \
completed is shown again, not repeated. `vern resume` uses it to continue a job's run.

--plan prints what the run would send — rows, new/changed/unchanged/removed in delta mode, exact \
bytes after format and compression, files or webhook batches, Migration API requests — and \
sends nothing; it exits 8 when the job's maxRows would refuse the run. A job with maxRows plans \
every run first (each sheet is read once more): over the cap the run sends nothing, is kept in \
the history as failed with the reason, and exits 8.",
    after_help = "Examples:
  vern jobs run nightly
  vern jobs run nightly --json
  vern jobs run nightly --plan                 # what it would send, nothing sent
  vern jobs run nightly --scheduled-for 2026-03-08T01:30:00Z   # run a missed fire time"
)]
pub struct RunArgs {
    /// The job's id or name
    pub job: String,
    /// Run (or continue) the run of this fire time (RFC 3339)
    #[arg(long, value_name = "RFC3339", value_parser = time_arg)]
    pub scheduled_for: Option<Timestamp>,
    /// Start over even if an unfinished manual run of the job exists
    #[arg(long)]
    pub new: bool,
    /// Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or
    /// batches, requests) against the job's maxRows, and send nothing (exit 8 when the cap would
    /// refuse it)
    #[arg(long)]
    pub plan: bool,
}

pub async fn run(ctx: &Context, args: RunArgs) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let job = store.get(&args.job)?;
    let _running = store.lock_job(&job)?;
    let job = store.get(&job.id)?;
    let slot = Slot {
        scheduled_for: args.scheduled_for,
        trigger: Trigger::Manual,
    };
    let (p, identity) = execute::prepare(ctx, &job, &slot, args.plan).await?;
    if args.plan {
        let cap = Cap {
            max_rows: job.definition.max_rows,
            behavior: CapBehavior::Refuse,
        };
        let (plan, _) =
            super::super::deliver::plan(&p, cap, None, Some(&job.definition.name)).await?;
        return Ok(ctx.ui.emit(&plan));
    }
    if let Some(plan) = execute::over_cap(&job, &p).await? {
        execute::refused(&store, &job, &slot, &plan);
        return Ok(ctx.ui.emit(&plan));
    }
    let mut op = execute::begin(ctx, &job, &slot, identity, args.new, false)?;
    if let Some(r) = RunView::from_op(&op.op) {
        note_last_run(&store, &job.id, &r);
    }
    let steps = super::super::deliver::Steps(ctx.ui.clone());
    let result = deliver::deliver(&mut op, &p.client, &p.spec, &p.checks, &steps).await;
    let code = ctx.conclude(&mut op, result, Some(OpStatus::Errored));
    if let Some(r) = RunView::from_op(&op.op) {
        note_last_run(&store, &job.id, &r);
    }
    code
}

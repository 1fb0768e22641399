//! `vern jobs runs`: a job's run history, most recent first — its delivery runs (the journal
//! records `vern runs list` shows too) and the fire times recorded as missed.

use super::store;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::run::runs_of;
use crate::model::job::JobRuns;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "A job's run history, most recent first: each run's id, status (running, \
success, failed, or missed for a fire time that was not run), trigger (schedule, catch-up, \
manual), fire time, start and end, record count, bytes, where the files went and the error. \
Delivery runs are journal operations (`vern runs show ID` has every file; `vern resume ID` \
continues an interrupted one).",
    after_help = "Examples:\n  vern jobs runs nightly\n  vern jobs runs nightly --limit 5 --json"
)]
pub struct RunsArgs {
    /// The job's id or name
    pub job: String,
    /// Show at most N runs
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
}

pub fn run(ctx: &Context, args: RunsArgs) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let job = store.get(&args.job)?;
    let mut runs = runs_of(&ctx.journal(), &job.id, store.history(&job.id)?)?;
    let total = runs.len();
    runs.truncate(args.limit);
    Ok(ctx.ui.emit(&JobRuns {
        job_id: job.id.clone(),
        name: job.definition.name.clone(),
        runs,
        total,
    }))
}

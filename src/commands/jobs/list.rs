//! `vern jobs list` and `vern jobs show`: every job with its state, last run and next fire time;
//! one job with its next five fire times and its last runs (from the same journal records as
//! `vern runs list`).

use super::{Now, store};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::object::JobObject;
use crate::jobs::record::stamp;
use crate::jobs::run::runs_of;
use crate::jobs::schedule;
use crate::model::job::{JobList, JobView};

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Every job: name, destination and format, schedule and zone, active or paused, \
the last run's status and the next fire time.",
    after_help = "Examples:\n  vern jobs list\n  vern jobs list --json"
)]
pub struct ListArgs {
    #[command(flatten)]
    pub now: Now,
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "One job in full: its delivery, schedule and zone, catch-up and deadline, its \
next five fire times (in UTC, after DST is applied) and its last runs.",
    after_help = "Examples:\n  vern jobs show nightly\n  vern jobs show 3f2c9a10-… --json --runs 20"
)]
pub struct ShowArgs {
    /// The job's id or name
    pub job: String,
    /// How many of its last runs to show
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub runs: usize,
    #[command(flatten)]
    pub now: Now,
}

pub fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<ExitCode> {
    let now = args.now.clock(ctx).now();
    let jobs = store(ctx)
        .list()?
        .iter()
        .map(|j| JobObject::new(j, now))
        .collect();
    Ok(ctx.ui.emit(&JobList { jobs }))
}

pub fn show(ctx: &Context, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let now = args.now.clock(ctx).now();
    let store = store(ctx);
    let job = store.get(&args.job)?;
    let next = if job.definition.active {
        let s = job.definition.schedule()?;
        let tz = job.definition.zone()?;
        schedule::next_fire_times(&s, &tz, now.max(job.evaluated_until()), 5)
            .into_iter()
            .map(stamp)
            .collect()
    } else {
        Vec::new()
    };
    let mut runs = runs_of(&ctx.journal(), &job.id, store.history(&job.id)?)?;
    runs.truncate(args.runs);
    Ok(ctx.ui.emit(&JobView {
        action: "shown",
        job: JobObject::new(&job, now),
        next_fire_times: next,
        runs: Some(runs),
    }))
}

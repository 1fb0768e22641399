//! `vern jobs pause` / `vern jobs resume`: stop a job's schedule (runs decided but not started are
//! recorded as missed), or restart it from the moment it is resumed — a resumed job fires at its
//! next cron match, never for the time it was paused.

use super::{Now, store};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::changes;
use crate::jobs::object::JobObject;
use crate::jobs::record::stamp;
use crate::model::job::JobView;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vern jobs pause nightly
  vern jobs resume nightly
  vern jobs resume nightly --now 2026-03-08T07:00:00Z --json    # tests: resume at that moment")]
pub struct PauseArgs {
    /// The job's id or name
    pub job: String,
    #[command(flatten)]
    pub now: Now,
}

pub fn run(ctx: &Context, args: PauseArgs, active: bool) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let id = store.get(&args.job)?.id;
    let now = args.now.clock(ctx).now();
    let (job, missed) = store.modify(&id, |j| {
        let was = j.definition.active;
        Ok((changes::set_active(j, active, now), was))
    })?;
    let (missed, was) = missed;
    store.record(&job.id, missed)?;
    let action = match (active, was == active) {
        (_, true) => "unchanged",
        (true, false) => "resumed",
        (false, false) => "paused",
    };
    Ok(ctx.ui.emit(&JobView {
        action,
        next_fire_times: job.next_run(now).map(stamp).into_iter().collect(),
        job: JobObject::new(&job, now),
        runs: None,
    }))
}

//! `vern jobs run-due`: what cron, CI or a Kubernetes CronJob calls every few minutes. Every
//! active job (or the `--job`s named) is evaluated at this moment: fire times that came since its
//! last evaluation run once or are recorded as missed, per its catch-up and deadline. Jobs run
//! side by side; a job another process is running is skipped with a note. Exit code: the worst of
//! the runs it started, 0 when none was due.

use super::evaluate::{Overrides, evaluate};
use super::{Now, store};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::record::{CatchUp, stamp};
use crate::jobs::run::RunView;
use crate::model::job::RunDue;
use crate::ui::render::job::{due_lines, run_line};
use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run every active job whose fire time has come since it was last evaluated — \
what cron, CI or a Kubernetes CronJob calls every few minutes (`vern jobs schedule --print` \
writes the wrapper). Each (job, fire time) runs once however often run-due is called; two \
run-due at once never run one job twice (a lock per job: the second reports it skipped, exit 0). \
Fire times missed while nothing called run-due are caught up per the job's --catch-up \
(latest: the newest once; all: each in order; none: none) within its --deadline, and recorded \
as missed otherwise; both can be overridden for one call. A run killed midway is continued by \
the next run-due (same run id, no second copy of any file).

Exit code: the worst exit code of the runs it started (2 > 3 > 1 > 7 > 6 > 0), 0 when nothing \
was due.",
    after_help = "Examples:
  vern jobs run-due                                   # from cron: */5 * * * *
  vern jobs run-due --job nightly --json
  vern jobs run-due --catch-up all --deadline 72h     # after a long outage
  vern jobs run-due --now 2026-03-08T07:05:00Z        # tests: evaluate at that moment"
)]
pub struct RunDueArgs {
    /// Only this job (id or name; repeatable)
    #[arg(long = "job", value_name = "ID|NAME")]
    pub jobs: Vec<String>,
    /// Override the jobs' catch-up for this call: latest, all, none
    #[arg(long, value_enum, value_name = "MODE")]
    pub catch_up: Option<CatchUp>,
    /// Override the jobs' deadline for this call (24h, 90m)
    #[arg(long, value_name = "DURATION", value_parser = deadline_arg)]
    pub deadline: Option<(std::time::Duration, String)>,
    #[command(flatten)]
    pub now: Now,
}

fn deadline_arg(s: &str) -> Result<(std::time::Duration, String), String> {
    humantime::parse_duration(s)
        .ok()
        .filter(|d| !d.is_zero())
        .map(|d| (d, s.trim().to_string()))
        .ok_or_else(|| "expected a duration like 24h or 90m".into())
}

pub async fn run(ctx: &Context, args: RunDueArgs) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let now = args.now.clock(ctx).now();
    let ids: Vec<String> = if args.jobs.is_empty() {
        store
            .list()?
            .into_iter()
            .filter(|j| j.definition.active)
            .map(|j| j.id)
            .collect()
    } else {
        let mut ids = Vec::new();
        for q in &args.jobs {
            ids.push(store.get(q)?.id);
        }
        ids
    };
    let overrides = Overrides {
        catch_up: args.catch_up,
        deadline: args.deadline,
    };
    let progress = Quiet(ctx.ui.clone());
    let ui = ctx.ui.clone();
    let log = move |job: &str, run: &RunView| ui.note(format!("job {job}: {}", run_line(run)));
    let mut running: FuturesOrdered<_> = ids
        .iter()
        .map(|id| evaluate(ctx, &store, id, now, overrides.clone(), &progress, &log))
        .collect();
    let mut jobs = Vec::new();
    while let Some(due) = running.next().await {
        if due.outcome == "skipped" || due.outcome == "error" {
            ctx.ui.note(due_lines(&due).join("\n"));
        }
        jobs.push(due);
    }
    Ok(ctx.ui.emit(&RunDue {
        now: stamp(now),
        jobs,
    }))
}

/// A delivery's per-file lines, only with `-v` (run-due speaks once per run).
pub(crate) struct Quiet(pub crate::ui::Ui);

impl crate::workflow::Progress for Quiet {
    fn step(&self, _n: usize, _total: usize, what: &crate::model::migrate::Milestone<'_>) {
        self.0
            .log(1, crate::ui::render::migrate::milestone(what).trim_start());
    }

    fn note(&self, what: &crate::model::migrate::Milestone<'_>) {
        self.0
            .log(1, crate::ui::render::migrate::milestone(what).trim_start());
    }
}

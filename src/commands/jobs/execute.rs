//! One run of a job, the same for `jobs run`, `run-due` and `serve`: the job's delivery resolved
//! as `vern deliver` resolves its flags, named after the fire time, journaled as a delivery
//! operation whose identity is (job, fire time) — so the same fire time is never delivered
//! twice, and a run killed midway is continued (same run id, no second copy) by the next
//! `run-due`, `serve`, `jobs run --scheduled-for` or `vern resume`.

use super::super::Journaled;
use super::super::deliver::{self, Mode, Prepared, Request};
use super::super::download::Filter;
use crate::context::Context;
use crate::exit::{ExitCode, code_for_error};
use crate::jobs::record::{Definition, Job, LastRun, stamp};
use crate::jobs::run::{RunStatus, RunView};
use crate::jobs::store::Store;
use crate::journal::record::{JobRun, OpKind, OpStatus, Trigger};
use crate::journal::{Identity, OpHandle};
use crate::model::Report;
use crate::model::estimate::{CapBehavior, DeliveryPlan};
use crate::workflow::Progress;
use crate::workflow::estimate::Cap;
use jiff::Timestamp;
use serde_json::{Value, json};

/// Which run of a job: a fire time (or none, for a manual run of no particular one) and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    pub scheduled_for: Option<Timestamp>,
    pub trigger: Trigger,
}

/// The delivery a job definition asks for, as `vern deliver` would take it from its flags.
pub(crate) fn request(d: &Definition, plan_only: bool) -> anyhow::Result<Request> {
    Ok(Request {
        company: d.company_id.clone(),
        to: d.destination_config.url.clone(),
        sheets: d.sheets.clone(),
        filter: if d.filter == "all" {
            Filter::All
        } else {
            Filter::Valid
        },
        format: d.format,
        gzip: d.compress,
        name: d.template()?,
        if_exists: d.destination_config.if_exists,
        mode: if d.mode == "delta" {
            Mode::Delta
        } else {
            Mode::Snapshot
        },
        keys: d.keys.clone(),
        manifest: d.destination_config.manifest,
        allow_failures: d.allow_failures,
        batch_size: None,
        webhook_secret: None,
        ssh: Default::default(),
        plan_only,
    })
}

/// The job's delivery, resolved, and the identity of this run in the journal.
pub(crate) async fn prepare(
    ctx: &Context,
    job: &Job,
    slot: &Slot,
    plan_only: bool,
) -> anyhow::Result<(Prepared, Value)> {
    let request = request(&job.definition, plan_only)?;
    let mut p = deliver::prepare(ctx, &request).await?;
    let scheduled_for = slot.scheduled_for.map(stamp);
    p.spec.run_at = scheduled_for.clone();
    p.spec.job = Some(JobRun {
        id: job.id.clone(),
        name: job.definition.name.clone(),
        trigger: slot.trigger,
        scheduled_for: scheduled_for.clone(),
    });
    let mut identity = p.spec.identity();
    identity["job"] = json!(job.id);
    match scheduled_for {
        Some(t) => identity["scheduled_for"] = json!(t),
        None => identity["manual"] = json!(true),
    }
    Ok((p, identity))
}

/// Begin (or continue) the run's operation. A manual run of no fire time continues an
/// unfinished manual run of the job, and otherwise starts a new one (`new` also abandons an
/// unfinished one); a fire time's run that completed is shown again rather than repeated.
pub(crate) fn begin(
    ctx: &Context,
    job: &Job,
    slot: &Slot,
    identity: Value,
    new: bool,
    quietly: bool,
) -> anyhow::Result<OpHandle> {
    let mut argv = vec!["jobs".to_string(), "run".to_string(), job.id.clone()];
    if let Some(t) = slot.scheduled_for {
        argv.extend(["--scheduled-for".to_string(), stamp(t)]);
    }
    let journaled = |new| {
        Journaled::new(OpKind::Deliver, Identity::Same(identity.clone()))
            .company(Some(&job.definition.company_id))
            .starting_over(new)
            .recording(argv.clone())
    };
    let go = |j| {
        if quietly {
            ctx.begin_quietly(j)
        } else {
            ctx.begin(j)
        }
    };
    let op = go(journaled(new))?;
    if op.repeat.is_some() && slot.scheduled_for.is_none() {
        drop(op);
        return go(journaled(true));
    }
    Ok(op)
}

/// Record the job's last run (for `jobs list`); a job deleted meanwhile is let be.
pub(crate) fn note_last_run(store: &Store, job_id: &str, run: &RunView) {
    let Some(started_at) = run.started_at.clone() else {
        return;
    };
    let _ = store.modify(job_id, |j| {
        j.state.last_run = Some(LastRun {
            id: run.id.clone(),
            status: run.status.as_str().to_string(),
            started_at,
        });
        Ok(())
    });
}

/// Run one fire time of a job to its end, journaled, saying nothing on stdout: the run object
/// and the exit code it means. A run that fails before its delivery can begin (no key, a sheet
/// vern cannot resolve, another process holding its operation) is kept beside the job.
pub(crate) async fn execute(
    ctx: &Context,
    store: &Store,
    job: &Job,
    slot: &Slot,
    progress: &dyn Progress,
) -> (RunView, ExitCode) {
    let begun = async {
        let (p, identity) = prepare(ctx, job, slot, false).await?;
        if let Some(plan) = over_cap(job, &p).await? {
            return Ok(Err(plan));
        }
        let op = begin(ctx, job, slot, identity, false, true)?;
        anyhow::Ok(Ok((p, op)))
    };
    let (p, mut op) = match begun.await {
        Ok(Ok(x)) => x,
        Ok(Err(plan)) => return refused(store, job, slot, &plan),
        Err(e) => return failed_to_start(store, job, slot, &e),
    };
    if op.repeat.is_some() {
        let code = op.op.exit_code.map_or(ExitCode::Success, exit_from);
        return (
            RunView::from_op(&op.op).unwrap_or_else(|| placeholder(job, slot)),
            code,
        );
    }
    if let Some(run) = RunView::from_op(&op.op).or_else(|| Some(running(job, slot))) {
        note_last_run(store, &job.id, &run);
    }
    let result =
        crate::workflow::deliver::deliver(&mut op, &p.client, &p.spec, &p.checks, progress).await;
    let code = match result {
        Ok(view) => {
            let code = view.exit_code();
            let _ = op.end(view.op_status(), code).and_then(|_| op.reported());
            code
        }
        Err(e) => {
            let _ = op.fail(OpStatus::Errored, &e);
            code_for_error(&e)
        }
    };
    let run = RunView::from_op(&op.op).unwrap_or_else(|| placeholder(job, slot));
    note_last_run(store, &job.id, &run);
    (run, code)
}

/// A job's `maxRows` (delivery.md §3): the run's plan first — each sheet read once more, through
/// the run's own pipeline — and over the cap, the plan that refuses it. Nothing is sent then.
pub(crate) async fn over_cap(job: &Job, p: &Prepared) -> anyhow::Result<Option<DeliveryPlan>> {
    let Some(max) = job.definition.max_rows else {
        return Ok(None);
    };
    let cap = Cap {
        max_rows: Some(max),
        behavior: CapBehavior::Refuse,
    };
    let (plan, _) = deliver::plan(p, cap, None, Some(&job.definition.name)).await?;
    Ok(plan.refused.then_some(plan))
}

/// A run its job's `maxRows` refused: kept beside the job as a failed run that sent nothing
/// (exit 8), so the history says why the fire time delivered nothing.
pub(crate) fn refused(
    store: &Store,
    job: &Job,
    slot: &Slot,
    plan: &DeliveryPlan,
) -> (RunView, ExitCode) {
    let mut run = placeholder(job, slot);
    run.error = Some(format!(
        "refused by the job's maxRows: {}; nothing was sent (hint: {})",
        plan.reason.as_deref().unwrap_or("over the cap"),
        plan.next.join("; or ")
    ));
    let _ = store.record(&job.id, vec![run.clone()]);
    note_last_run(store, &job.id, &run);
    (run, ExitCode::Refused)
}

fn exit_from(code: i32) -> ExitCode {
    use ExitCode::*;
    [
        Success,
        Error,
        Usage,
        Auth,
        RunFailed,
        NeedsAttention,
        ExportFailures,
        Conflict,
        Refused,
        Timeout,
        Interrupted,
    ]
    .into_iter()
    .find(|c| c.code() == code)
    .unwrap_or(Error)
}

/// A run that has just begun, before its operation planned anything.
fn running(job: &Job, slot: &Slot) -> RunView {
    let mut r = placeholder(job, slot);
    r.status = RunStatus::Running;
    r
}

fn placeholder(job: &Job, slot: &Slot) -> RunView {
    let at = stamp(Timestamp::now());
    let tail: String = at.chars().filter(char::is_ascii_digit).collect();
    RunView {
        id: format!("run-{tail}-{}", job.id.get(..8).unwrap_or(&job.id)),
        job_id: Some(job.id.clone()),
        status: RunStatus::Failed,
        trigger: slot.trigger,
        scheduled_for: slot.scheduled_for.map(stamp),
        started_at: Some(at.clone()),
        completed_at: Some(at),
        record_count: 0,
        file_size: 0,
        destination_path: Some(job.definition.destination_config.url.clone()),
        files: Vec::new(),
        error: None,
        operation: None,
    }
}

fn failed_to_start(
    store: &Store,
    job: &Job,
    slot: &Slot,
    e: &anyhow::Error,
) -> (RunView, ExitCode) {
    let mut run = placeholder(job, slot);
    let hint = crate::exit::hint_for_error(e)
        .map(|h| format!(" (hint: {h})"))
        .unwrap_or_default();
    run.error = Some(format!("{e:#}{hint}"));
    let _ = store.record(&job.id, vec![run.clone()]);
    note_last_run(store, &job.id, &run);
    (run, code_for_error(e))
}

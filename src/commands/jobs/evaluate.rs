//! One evaluation of one job, shared by `run-due` and `serve`: under the job's lock, decide which
//! fire times since the last evaluation run and which are missed (`jobs::due`), write that down
//! ahead (missed runs kept beside the job, the decided runs as the job's pending runs, the
//! evaluation's moment), then run each pending run to its end and strike it off. A process killed
//! anywhere leaves the job in a state the next evaluation continues from: a decided run is
//! continued (its journal identity is the fire time), never repeated or forgotten.

use super::execute::{Slot, execute};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::due::{self, Missed};
use crate::jobs::record::{CatchUp, Slot as Pending, stamp};
use crate::jobs::run::RunView;
use crate::jobs::store::{Store, StoreError};
use crate::model::job::{JobDue, worst};
use crate::workflow::Progress;
use jiff::{SignedDuration, Timestamp};

/// `run-due`'s one-call overrides of the job's catch-up fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    pub catch_up: Option<CatchUp>,
    /// The deadline, and as it was written (for the missed runs' reason).
    pub deadline: Option<(std::time::Duration, String)>,
}

/// Evaluate job `id` at `now` and run what is due; `log` hears of each run as it ends.
pub(crate) async fn evaluate(
    ctx: &Context,
    store: &Store,
    id: &str,
    now: Timestamp,
    overrides: Overrides,
    progress: &dyn Progress,
    log: &(dyn Fn(&str, &RunView) + Sync),
) -> JobDue {
    let mut out = JobDue {
        id: id.to_string(),
        name: id.to_string(),
        outcome: "nothing_due",
        runs: Vec::new(),
        missed: Vec::new(),
        more_missed: false,
        note: None,
        exit: ExitCode::Success,
    };
    let job = match store.get(id) {
        Ok(j) => j,
        Err(e) => return failed(out, &e),
    };
    out.name = job.definition.name.clone();
    let _lock = match store.lock_job(&job) {
        Ok(l) => l,
        Err(e) => {
            if let Some(StoreError::Running { holder, .. }) = e.downcast_ref::<StoreError>() {
                out.outcome = "skipped";
                out.note = Some(format!("it is running in {holder}"));
                return out;
            }
            return failed(out, &e);
        }
    };
    let decided = match decide(store, id, now, overrides) {
        Ok(d) => d,
        Err(e) => return failed(out, &e),
    };
    let Some((job, missed, more)) = decided else {
        out.outcome = "paused";
        return out;
    };
    out.missed = missed;
    out.more_missed = more;
    let mut codes = Vec::new();
    for pending in job.state.pending.clone() {
        let slot = Slot {
            scheduled_for: pending.scheduled_for.parse().ok(),
            trigger: pending.trigger,
        };
        let (run, code) = execute(ctx, store, &job, &slot, progress).await;
        log(&job.definition.name, &run);
        let _ = store.modify(&job.id, |j| {
            j.state.pending.retain(|p| *p != pending);
            Ok(())
        });
        out.runs.push(run);
        codes.push(code);
    }
    if !out.runs.is_empty() {
        out.outcome = "ran";
    }
    out.exit = worst(codes);
    out
}

/// Decide, and write the decision ahead: missed runs kept, pending runs and the evaluated moment
/// in the job. `None` for a paused job.
fn decide(
    store: &Store,
    id: &str,
    now: Timestamp,
    o: Overrides,
) -> anyhow::Result<Option<(crate::jobs::record::Job, Vec<RunView>, bool)>> {
    let job = store.get(id)?;
    let d = &job.definition;
    if !d.active {
        return Ok(None);
    }
    let deadline = o
        .deadline
        .as_ref()
        .map_or_else(|| d.deadline(), |(x, _)| Ok(*x))?;
    let deadline = SignedDuration::try_from(deadline).unwrap_or(SignedDuration::MAX);
    let decision = due::decide(
        &d.schedule()?,
        &d.zone()?,
        job.evaluated_until(),
        now,
        o.catch_up.unwrap_or(d.catch_up),
        deadline,
    );
    let shown_deadline = o
        .deadline
        .as_ref()
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| d.deadline.clone());
    let missed: Vec<RunView> = decision
        .missed
        .iter()
        .map(|(t, why): &(Timestamp, Missed)| {
            RunView::missed(&job.id, &stamp(*t), why.reason(&shown_deadline))
        })
        .collect();
    store.record(&job.id, missed.clone())?;
    let (job, ()) = store.modify(&job.id, |j| {
        for (t, trigger) in &decision.run {
            let p = Pending {
                scheduled_for: stamp(*t),
                trigger: *trigger,
            };
            if !j.state.pending.contains(&p) {
                j.state.pending.push(p);
            }
        }
        if now > j.evaluated_until() {
            j.state.evaluated_until = stamp(now);
        }
        Ok(())
    })?;
    Ok(Some((job, missed, decision.more_missed)))
}

fn failed(mut out: JobDue, e: &anyhow::Error) -> JobDue {
    out.outcome = "error";
    out.note = Some(format!("{e:#}"));
    out.exit = crate::exit::code_for_error(e);
    out
}

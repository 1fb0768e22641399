//! The changes a job goes through, the same whichever way they come (CLI, `jobs apply`, the HTTP
//! API): a new definition, pause, resume. What they mean for the schedule lives here, once:
//!
//! - A new schedule or zone, and a resume, restart the schedule at that moment: the job fires at
//!   its next match after it, never for times before it.
//! - A pause drops the runs that were decided but not started; they are recorded as missed.

use super::due::Missed;
use super::record::{Definition, Job, stamp};
use super::run::RunView;
use jiff::Timestamp;

/// Put `definition` in place of the job's (checked already). Returns runs to record as missed.
pub fn redefine(job: &mut Job, definition: Definition, now: Timestamp) -> Vec<RunView> {
    if definition == job.definition {
        return Vec::new();
    }
    let restart = definition.restarts_schedule(&job.definition);
    let pausing = job.definition.active && !definition.active;
    job.definition = definition;
    job.updated_at = stamp(now);
    if restart {
        job.state.evaluated_until = stamp(now);
    }
    if pausing {
        return job
            .state
            .pending
            .drain(..)
            .map(|slot| {
                RunView::missed(
                    &job.id,
                    &slot.scheduled_for,
                    Missed::Paused.reason(&job.definition.deadline),
                )
            })
            .collect();
    }
    Vec::new()
}

/// Pause (`active = false`) or resume (`active = true`) the job.
pub fn set_active(job: &mut Job, active: bool, now: Timestamp) -> Vec<RunView> {
    let mut d = job.definition.clone();
    d.active = active;
    redefine(job, d, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::record::{Slot, State};
    use crate::journal::record::Trigger;

    fn job() -> Job {
        let d = Definition::from_value(serde_json::json!({
            "name": "n",
            "companyId": "0e7b3c1a-1111-4222-8333-944445555666",
            "destinationConfig": {"url": "out"},
            "schedule": "0 * * * *"
        }))
        .unwrap();
        Job {
            schema: 1,
            id: "j".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            definition: d,
            state: State {
                evaluated_until: "2026-01-01T00:00:00Z".into(),
                pending: vec![Slot {
                    scheduled_for: "2026-01-01T05:00:00Z".into(),
                    trigger: Trigger::Schedule,
                }],
                last_run: None,
            },
        }
    }

    #[test]
    fn pausing_drops_decided_runs_and_resuming_restarts_the_schedule() {
        let mut j = job();
        let t1: Timestamp = "2026-01-02T00:00:00Z".parse().unwrap();
        let missed = set_active(&mut j, false, t1);
        assert_eq!(missed.len(), 1);
        assert!(j.state.pending.is_empty());
        assert_eq!(j.state.evaluated_until, "2026-01-01T00:00:00Z");
        let t2: Timestamp = "2026-01-03T10:20:00Z".parse().unwrap();
        assert!(set_active(&mut j, true, t2).is_empty());
        assert_eq!(j.state.evaluated_until, "2026-01-03T10:20:00Z");
        assert_eq!(j.updated_at, "2026-01-03T10:20:00Z");
        // The same state again changes nothing.
        let before = j.clone();
        set_active(&mut j, true, t1);
        assert_eq!(j, before);
    }
}

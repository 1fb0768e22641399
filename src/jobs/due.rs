//! What is due: given a job's schedule, the instant up to which fire times were already decided
//! on, and now, which fire times run (and why) and which are recorded as missed. A pure function,
//! so every policy below is tested without a clock.
//!
//! - Only the newest fire time that has come can be **on time**, and only within [`GRACE`] of it;
//!   it runs with trigger `schedule`. Any other fire time run is late: trigger `catch-up`.
//! - Fire times older than the job's deadline are missed, whatever the catch-up mode.
//! - `latest` runs the newest fire time within the deadline; the older ones are missed (a newer
//!   run superseded them). `all` runs every fire time within the deadline, oldest first. `none`
//!   runs only an on-time fire time; every other one is missed.
//! - At most [`CONSIDERED`] fire times are looked at per evaluation (the newest; a job that fires
//!   every minute and was off for a month does not record 43,200 missed runs), and none older than
//!   [`LOOK_BACK`] (or the deadline, if longer).

use super::schedule::{Schedule, fire_times};
use crate::jobs::record::CatchUp;
use crate::journal::record::Trigger;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// How late the newest fire time may be run and still count as on time (a scheduler polling
/// every few minutes, a CI schedule that starts a little late).
pub const GRACE: SignedDuration = SignedDuration::from_mins(15);
/// The most fire times one evaluation looks at: the newest.
pub const CONSIDERED: usize = 1000;
/// How far back an evaluation looks for missed fire times (unless the deadline is longer).
pub const LOOK_BACK: SignedDuration = SignedDuration::from_hours(24 * 31);

/// Why a fire time was not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    /// Older than the job's deadline.
    Deadline,
    /// Catch-up `latest` ran a newer fire time instead.
    Superseded,
    /// Catch-up `none`: a late fire time is not run.
    NoCatchUp,
    /// The job was paused before it ran.
    Paused,
}

impl Missed {
    pub fn reason(self, deadline: &str) -> String {
        match self {
            Missed::Deadline => format!("not run: older than the job's deadline ({deadline})"),
            Missed::Superseded => {
                "not run: catch-up latest ran a newer fire time instead".to_string()
            }
            Missed::NoCatchUp => "not run: catch-up none does not run late fire times".to_string(),
            Missed::Paused => "not run: the job was paused".to_string(),
        }
    }
}

/// The outcome of one evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    /// Fire times to run, oldest first.
    pub run: Vec<(Timestamp, Trigger)>,
    /// Fire times not run, oldest first.
    pub missed: Vec<(Timestamp, Missed)>,
    /// Older fire times in the window were not looked at (see [`CONSIDERED`], [`LOOK_BACK`]).
    pub more_missed: bool,
}

impl Decision {
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.run.is_empty() && self.missed.is_empty() && !self.more_missed
    }
}

/// Decide on the fire times in (after, now].
pub fn decide(
    s: &Schedule,
    tz: &TimeZone,
    after: Timestamp,
    now: Timestamp,
    catch_up: CatchUp,
    deadline: SignedDuration,
) -> Decision {
    let (times, more_missed) = newest(s, tz, after, now, deadline.max(LOOK_BACK));
    let mut d = Decision {
        more_missed,
        ..Decision::default()
    };
    let Some(&newest) = times.last() else {
        return d;
    };
    let late = |t: Timestamp| now.duration_since(t);
    let on_time = late(newest) <= GRACE.min(deadline);
    let chosen = match catch_up {
        CatchUp::Latest => times.iter().rev().find(|t| late(**t) <= deadline).copied(),
        _ => None,
    };
    for &t in &times {
        let trigger = if t == newest && on_time {
            Trigger::Schedule
        } else {
            Trigger::CatchUp
        };
        if late(t) > deadline {
            d.missed.push((t, Missed::Deadline));
            continue;
        }
        match catch_up {
            CatchUp::Latest if Some(t) == chosen => d.run.push((t, trigger)),
            CatchUp::Latest => d.missed.push((t, Missed::Superseded)),
            CatchUp::All => d.run.push((t, trigger)),
            CatchUp::None if trigger == Trigger::Schedule => d.run.push((t, trigger)),
            CatchUp::None => d.missed.push((t, Missed::NoCatchUp)),
        }
    }
    d
}

/// The newest fire times in (after, until], at most [`CONSIDERED`] and none older than
/// `look_back` before `until`, oldest first; and whether older ones were left out. Walks back a
/// day at a time so that a long window costs only what it returns.
fn newest(
    s: &Schedule,
    tz: &TimeZone,
    after: Timestamp,
    until: Timestamp,
    look_back: SignedDuration,
) -> (Vec<Timestamp>, bool) {
    let floor = until.saturating_sub(look_back).unwrap_or(after).max(after);
    let chunk = SignedDuration::from_hours(24);
    let mut out: Vec<Timestamp> = Vec::new();
    let mut hi = until;
    while hi > floor && out.len() < CONSIDERED {
        let lo = hi.saturating_sub(chunk).unwrap_or(floor).max(floor);
        let mut got = fire_times(s, tz, lo, hi, usize::MAX);
        got.append(&mut out);
        out = got;
        hi = lo;
    }
    let mut more = out.len() > CONSIDERED;
    if more {
        out.drain(..out.len() - CONSIDERED);
    } else {
        more = !fire_times(s, tz, after, hi, 1).is_empty();
    }
    (out, more)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::schedule::{parse, zone};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn decide_at(
        expr: &str,
        after: &str,
        now: &str,
        catch_up: CatchUp,
        deadline_h: i64,
    ) -> Decision {
        decide(
            &parse(expr).unwrap(),
            &zone("Europe/Berlin").unwrap().0,
            ts(after),
            ts(now),
            catch_up,
            SignedDuration::from_hours(deadline_h),
        )
    }

    fn runs(d: &Decision) -> Vec<(String, Trigger)> {
        d.run.iter().map(|(t, g)| (t.to_string(), *g)).collect()
    }

    fn missed(d: &Decision) -> Vec<(String, Missed)> {
        d.missed.iter().map(|(t, m)| (t.to_string(), *m)).collect()
    }

    #[test]
    fn a_fire_time_run_within_the_grace_is_on_time() {
        // 02:30 Berlin (CEST) = 00:30Z; run-due polled at 00:33Z.
        let d = decide_at(
            "30 2 * * *",
            "2026-06-01T00:00:00Z",
            "2026-06-01T00:33:00Z",
            CatchUp::Latest,
            24,
        );
        assert_eq!(
            runs(&d),
            [("2026-06-01T00:30:00Z".to_string(), Trigger::Schedule)]
        );
        assert!(d.missed.is_empty() && !d.more_missed);
        // Nothing in the window: nothing to do.
        let none = decide_at(
            "30 2 * * *",
            "2026-06-01T00:30:00Z",
            "2026-06-01T09:00:00Z",
            CatchUp::Latest,
            24,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn a_machine_off_for_a_day_catches_up_per_mode() {
        // Last evaluated 2026-05-31 03:00Z; back on 2026-06-02 09:00Z. Fire times at
        // 06-01 00:30Z (32.5 h ago) and 06-02 00:30Z (8.5 h ago).
        let (after, now) = ("2026-05-31T03:00:00Z", "2026-06-02T09:00:00Z");
        let latest = decide_at("30 2 * * *", after, now, CatchUp::Latest, 48);
        assert_eq!(
            runs(&latest),
            [("2026-06-02T00:30:00Z".to_string(), Trigger::CatchUp)]
        );
        assert_eq!(
            missed(&latest),
            [("2026-06-01T00:30:00Z".to_string(), Missed::Superseded)]
        );
        let all = decide_at("30 2 * * *", after, now, CatchUp::All, 48);
        assert_eq!(
            runs(&all),
            [
                ("2026-06-01T00:30:00Z".to_string(), Trigger::CatchUp),
                ("2026-06-02T00:30:00Z".to_string(), Trigger::CatchUp)
            ]
        );
        let none = decide_at("30 2 * * *", after, now, CatchUp::None, 48);
        assert!(none.run.is_empty());
        assert_eq!(none.missed.len(), 2);
        // The default deadline (24h): the older one is past it, whatever the mode.
        let all24 = decide_at("30 2 * * *", after, now, CatchUp::All, 24);
        assert_eq!(
            runs(&all24),
            [("2026-06-02T00:30:00Z".to_string(), Trigger::CatchUp)]
        );
        assert_eq!(
            missed(&all24),
            [("2026-06-01T00:30:00Z".to_string(), Missed::Deadline)]
        );
    }

    #[test]
    fn a_newest_fire_time_past_the_deadline_runs_nothing() {
        let d = decide_at(
            "30 2 * * *",
            "2026-05-20T00:00:00Z",
            "2026-06-02T09:00:00Z",
            CatchUp::Latest,
            1,
        );
        assert!(d.run.is_empty());
        assert_eq!(d.missed.len(), 14, "05-20 to 06-02");
        assert!(d.missed.iter().all(|(_, m)| *m == Missed::Deadline));
    }

    #[test]
    fn a_long_outage_of_a_frequent_job_is_bounded() {
        let d = decide_at(
            "* * * * *",
            "2026-01-01T00:00:00Z",
            "2026-06-01T00:00:30Z",
            CatchUp::Latest,
            24,
        );
        assert_eq!(
            runs(&d),
            [("2026-06-01T00:00:00Z".to_string(), Trigger::Schedule)]
        );
        assert_eq!(d.missed.len(), CONSIDERED - 1);
        assert!(d.more_missed);
    }
}

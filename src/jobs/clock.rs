//! The scheduler's clock: the real one, or — with `--now` — a simulated one that starts at a
//! given instant and runs `VERN_TIME_SCALE` times faster than real time, so tests (and
//! rehearsals) can drive fire times, catch-up and DST transitions without waiting for them.

use jiff::{SignedDuration, Timestamp};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// `None`: the real clock.
    start: Option<(Timestamp, Instant)>,
    scale: f64,
}

impl Clock {
    pub fn real() -> Clock {
        Clock {
            start: None,
            scale: 1.0,
        }
    }

    /// A clock that reads `at` now and then advances `scale` seconds per real second.
    pub fn simulated(at: Timestamp, scale: f64) -> Clock {
        Clock {
            start: Some((at, Instant::now())),
            scale: if scale > 0.0 && scale.is_finite() {
                scale
            } else {
                1.0
            },
        }
    }

    /// `--now` when given, else the real clock.
    pub fn from_flag(now: Option<Timestamp>, scale: f64) -> Clock {
        match now {
            Some(at) => Clock::simulated(at, scale),
            None => Clock::real(),
        }
    }

    pub fn is_simulated(&self) -> bool {
        self.start.is_some()
    }

    pub fn now(&self) -> Timestamp {
        match self.start {
            None => Timestamp::now(),
            Some((at, since)) => {
                let elapsed = since.elapsed().mul_f64(self.scale);
                at.saturating_add(SignedDuration::try_from(elapsed).unwrap_or(SignedDuration::MAX))
                    .unwrap_or(at)
            }
        }
    }

    /// The real time until this clock reads `t` (zero when it already does).
    pub fn real_until(&self, t: Timestamp) -> std::time::Duration {
        let ahead = t.duration_since(self.now());
        if ahead.is_negative() {
            return std::time::Duration::ZERO;
        }
        std::time::Duration::try_from(ahead)
            .unwrap_or(std::time::Duration::MAX)
            .div_f64(self.scale)
    }

    /// Sleep until the clock reads `t`: one timer, no polling.
    pub async fn sleep_until(&self, t: Timestamp) {
        let d = self.real_until(t);
        if !d.is_zero() {
            tokio::time::sleep(d.min(std::time::Duration::from_secs(86_400 * 365))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_clock_starts_where_it_is_told_and_runs_faster() {
        let at: Timestamp = "2026-03-08T06:59:58Z".parse().unwrap();
        let c = Clock::simulated(at, 1000.0);
        let t = c.now();
        assert!(t >= at && t < at + SignedDuration::from_secs(60));
        let two = c.real_until(at + SignedDuration::from_secs(2));
        assert!(two <= std::time::Duration::from_millis(2), "{two:?}");
        assert_eq!(
            c.real_until(at - SignedDuration::from_secs(1)),
            std::time::Duration::ZERO
        );
    }
}

//! The one failure policy every API call follows, and the polling schedule.
//!
//! - 429: the request was not processed, so every method retries, with jittered exponential
//!   backoff from about 1 s (1–2 s, 1.5–3 s, … capped at 3–6 s) for up to about 2 minutes of
//!   continuous 429s. The cap is low on purpose: a burst of 20 × 429 must not fail a command,
//!   and 20 attempts under a 30 s cap would take far longer than 2 minutes. The API sends no
//!   Retry-After.
//! - 5xx and connection failures: retried only where that is safe (reads, creations that carry an
//!   idempotency key, upload-URL requests); provisioning and decisions are never blindly retried —
//!   their callers re-read the state instead.
//!
//! Every delay is divided by `time_scale` (`VERN_TIME_SCALE`), so tests and benchmarks that run
//! the sandbox's clock fast exercise the same schedule without sleeping for real.

use backon::{BackoffBuilder, ExponentialBuilder};
use std::time::Duration;

/// Whether a request may be sent again after a failure whose effect is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Reads, idempotent creations, upload-URL requests.
    Retry,
    /// Provisioning, decisions, messages: report the failure, let the caller re-read the state.
    Once,
}

/// Retries of a webhook batch before the endpoint is taken to be down.
pub const WEBHOOK_RETRIES: usize = 8;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub time_scale: f64,
    /// Give up on 429s after this much waiting.
    pub rate_limited_for: Duration,
    /// Attempts after a 5xx or a connection failure (safe requests only).
    pub failure_retries: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            time_scale: 1.0,
            rate_limited_for: Duration::from_secs(120),
            failure_retries: 7,
        }
    }
}

impl RetryPolicy {
    pub fn with_time_scale(time_scale: f64) -> Self {
        RetryPolicy {
            time_scale: if time_scale.is_finite() && time_scale > 0.0 {
                time_scale
            } else {
                1.0
            },
            ..Self::default()
        }
    }

    pub fn scaled(&self, d: Duration) -> Duration {
        d.div_f64(self.time_scale)
    }

    /// Delays between attempts after 429s: 1–2 s, 1.5–3 s, 2.25–4.5 s, then 3–6 s, ≤ ~2 min in
    /// all (jitter adds up to 100 %).
    pub fn rate_limited(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.scaled(Duration::from_secs(1)))
            .with_max_delay(self.scaled(Duration::from_secs(3)))
            .with_factor(1.5)
            .with_jitter()
            .with_total_delay(Some(self.scaled(self.rate_limited_for)))
            .without_max_times()
            .build()
    }

    /// Delays between attempts after 5xx or connection failures: 0.5 s doubling to 8 s.
    pub fn failures(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.scaled(Duration::from_millis(500)))
            .with_max_delay(self.scaled(Duration::from_secs(8)))
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(self.failure_retries)
            .build()
    }

    /// Delays between attempts of a webhook batch after a 429, a 5xx or a dropped connection:
    /// 1 s doubling to 30 s, jittered, eight retries (about two to four minutes in all). A
    /// batch carries its id, so every attempt is safe; an endpoint that is still failing after
    /// that is taken to be down, and the run stops (the same command continues it).
    pub fn webhook(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.scaled(Duration::from_secs(1)))
            .with_max_delay(self.scaled(Duration::from_secs(30)))
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(WEBHOOK_RETRIES)
            .build()
    }

    /// The pause before poll number `n` (counted since the status last changed): about 2 s for
    /// the first ten polls, then ×1.5 per poll up to 30 s, ±10 % jitter. A 10-minute run costs
    /// about 34 polls; a state change makes polling quick again.
    pub fn poll_interval(&self, n: u32) -> Duration {
        let base = 2.0_f64;
        let secs = if n < 10 {
            base
        } else {
            (base * 1.5_f64.powi((n - 9) as i32)).min(30.0)
        };
        let jitter = 0.9 + fastrand::f64() * 0.2;
        self.scaled(Duration::from_secs_f64(secs * jitter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_backoff_starts_near_a_second_and_lasts_about_two_minutes() {
        let p = RetryPolicy::default();
        let delays: Vec<Duration> = p.rate_limited().collect();
        assert!(delays[0] >= Duration::from_secs(1) && delays[0] <= Duration::from_secs(2));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(6)));
        let total: Duration = delays.iter().sum();
        assert!(
            total <= Duration::from_secs(120) && total >= Duration::from_secs(100),
            "{total:?}"
        );
        assert!(
            delays.len() > 20,
            "a burst of 20 x 429 is survived: {} retries",
            delays.len()
        );
    }

    #[test]
    fn failures_are_retried_a_bounded_number_of_times() {
        let p = RetryPolicy::default();
        assert_eq!(p.failures().count(), 7);
    }

    #[test]
    fn webhook_batches_are_retried_for_minutes_not_forever() {
        let p = RetryPolicy::default();
        let delays: Vec<Duration> = p.webhook().collect();
        assert_eq!(delays.len(), WEBHOOK_RETRIES);
        assert!(delays[0] >= Duration::from_secs(1) && delays[0] <= Duration::from_secs(2));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(60)));
        let total: Duration = delays.iter().sum();
        assert!(
            total >= Duration::from_secs(120) && total <= Duration::from_secs(250),
            "{total:?}"
        );
    }

    #[test]
    fn the_time_scale_shrinks_every_delay() {
        let p = RetryPolicy::with_time_scale(1000.0);
        assert!(p.rate_limited().next().unwrap() <= Duration::from_millis(2));
        assert!(p.poll_interval(0) <= Duration::from_millis(3));
    }

    #[test]
    fn a_ten_minute_run_costs_at_most_forty_polls() {
        let p = RetryPolicy::default();
        for run in [60.0, 300.0, 600.0] {
            let mut t = 0.0;
            let mut n = 0;
            while t < run {
                t += p.poll_interval(n).as_secs_f64();
                n += 1;
            }
            if run == 600.0 {
                assert!(n <= 40, "{n} polls for a 10-minute run");
            }
            assert!(n >= 10, "{n} polls for {run} s");
        }
        assert!(p.poll_interval(100) <= Duration::from_secs(33));
    }
}

//! The client-side rate budget: never more than N requests to the API in any 60-second window,
//! shared by every task in the process.
//!
//! This is a sliding-window log rather than governor's GCRA on purpose: with a burst of N, GCRA
//! lets up to about 2N requests through in one 60-second window (the burst plus the refill), and
//! the contract promises N. Waiters queue on a fair (FIFO) tokio mutex, so concurrent migrations
//! share the budget in arrival order instead of starving one another.

use std::collections::VecDeque;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub struct RateBudget {
    limit: usize,
    window: Duration,
    sent: Mutex<VecDeque<Instant>>,
}

impl RateBudget {
    pub fn new(limit: u32, window: Duration) -> RateBudget {
        RateBudget {
            limit: limit.max(1) as usize,
            window,
            sent: Mutex::new(VecDeque::new()),
        }
    }

    /// N per minute, counted over 60.5 s: half a second stricter than the contract, so requests
    /// that arrive at the server with different delays never look like N+1 in its window.
    pub fn per_minute(limit: u32) -> RateBudget {
        Self::new(limit, Duration::from_millis(60_500))
    }

    /// Wait until one more request fits in the window, and count it.
    pub async fn acquire(&self) {
        let mut sent = self.sent.lock().await;
        loop {
            let now = Instant::now();
            while sent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= self.window)
            {
                sent.pop_front();
            }
            if sent.len() < self.limit {
                sent.push_back(now);
                return;
            }
            // The window is full (the limit is at least 1), so it has an oldest send to wait out.
            if let Some(&oldest) = sent.front() {
                tokio::time::sleep_until(oldest + self.window).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_in_any_window() {
        let budget = std::sync::Arc::new(RateBudget::new(5, Duration::from_secs(60)));
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..12 {
            budget.acquire().await;
            times.push(start.elapsed());
        }
        // 5 at once, 5 more a window later, then the rest.
        assert!(times[..5].iter().all(|t| *t < Duration::from_secs(1)));
        assert!(times[5..10].iter().all(|t| *t >= Duration::from_secs(60)));
        assert!(times[10] >= Duration::from_secs(120));
        for (i, t) in times.iter().enumerate() {
            let in_window = times
                .iter()
                .filter(|u| **u >= *t && **u < *t + Duration::from_secs(60))
                .count();
            assert!(
                in_window <= 5,
                "window starting at request {i} holds {in_window}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_tasks_share_one_budget() {
        let budget = std::sync::Arc::new(RateBudget::new(3, Duration::from_secs(10)));
        let start = Instant::now();
        let mut handles = Vec::new();
        for _ in 0..6 {
            let b = budget.clone();
            handles.push(tokio::spawn(async move {
                b.acquire().await;
                start.elapsed()
            }));
        }
        let mut times = Vec::new();
        for h in handles {
            times.push(h.await.unwrap());
        }
        times.sort();
        assert!(times[2] < Duration::from_secs(1));
        assert!(times[3] >= Duration::from_secs(10));
    }
}

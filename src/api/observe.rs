//! How the client tells its caller what is happening without touching the terminal: an
//! [`Observer`] receives HTTP log lines (already redacted), retry notices, transfer progress and
//! poll results. `ui` implements it with bars, spinners or plain lines; tests pass [`Silent`].

use crate::api::types::RunStatus;
use std::time::Duration;

/// One event of a byte transfer (upload PUT or CSV download).
#[derive(Debug, Clone)]
pub enum Transfer {
    Start {
        label: String,
        total: Option<u64>,
    },
    Progress {
        label: String,
        bytes: u64,
    },
    /// A failed attempt is being retried from the start.
    Restart {
        label: String,
        reason: String,
    },
    Done {
        label: String,
        bytes: u64,
        elapsed: Duration,
    },
}

/// What one poll of a run saw.
#[derive(Debug, Clone)]
pub struct Poll {
    /// "import 9c4e2a7b" or "export 3a8f6d2c"
    pub label: String,
    pub status: RunStatus,
    pub message: Option<String>,
    /// The status differs from the previous poll's (always true for the first poll).
    pub changed: bool,
    /// Time since the wait began.
    pub elapsed: Duration,
}

pub trait Observer: Send + Sync {
    /// One line per HTTP exchange for `-vv`; secrets are already redacted.
    fn http(&self, _line: &str) {}
    /// A request is being retried after `reason`, in `delay`.
    fn retry(&self, _what: &str, _attempt: u32, _delay: Duration, _reason: &str) {}
    fn transfer(&self, _event: Transfer) {}
    fn poll(&self, _event: &Poll) {}
    /// A wait ended (settled, timed out or failed), so a spinner can be cleared.
    fn poll_done(&self, _label: &str) {}
}

/// An observer that ignores everything (tests).
#[cfg(test)]
pub struct Silent;

#[cfg(test)]
impl Observer for Silent {}

//! Progress on stderr, fed by the client's [`Observer`] events.
//!
//! On a terminal: a bar per transfer (bytes, rate, ETA) and a spinner per wait showing the
//! server's `progress_message`. Off a terminal (pipes, CI): one plain line per state change and
//! per finished transfer, plus a heartbeat at most every 30 seconds — never a `\r` redraw.
//! The server's words in a bar or a spinner (its progress message) are escaped like any line.

use super::Ui;
use super::escape::escape;
use super::render::{bytes, duration};
use crate::api::observe::{Observer, Poll, Transfer};
use crate::api::types::RunStatus;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HEARTBEAT: Duration = Duration::from_secs(30);

pub fn observer(ui: &Ui) -> Arc<dyn Observer> {
    Arc::new(UiObserver {
        ui: ui.clone(),
        state: Mutex::new(State::default()),
    })
}

/// Only the `-v`/`-vv` logs: for fleet mode, whose status lines show progress themselves.
pub fn log_observer(ui: &Ui) -> Arc<dyn Observer> {
    Arc::new(LogObserver { ui: ui.clone() })
}

struct LogObserver {
    ui: Ui,
}

impl Observer for LogObserver {
    fn http(&self, line: &str) {
        self.ui.log(2, line);
    }

    fn retry(&self, what: &str, attempt: u32, delay: Duration, reason: &str) {
        retry_line(&self.ui, what, attempt, delay, reason);
    }
}

/// A request being retried: said once at the default level when it starts being retried (a
/// silent minute of retries looks like a hang), then once per attempt with `-v`.
fn retry_line(ui: &Ui, what: &str, attempt: u32, delay: Duration, reason: &str) {
    let line = format!(
        "{what}: {reason}; retrying in {} (attempt {})",
        duration(delay),
        attempt + 1
    );
    if attempt == 1 {
        ui.note(line);
    } else {
        ui.log(1, line);
    }
}

struct Track {
    bar: Option<ProgressBar>,
    total: Option<u64>,
    last_line: Instant,
}

#[derive(Default)]
struct State {
    transfers: HashMap<String, Track>,
    waits: HashMap<String, (Option<ProgressBar>, Instant)>,
}

struct UiObserver {
    ui: Ui,
    state: Mutex<State>,
}

fn rate(n: u64, d: Duration) -> String {
    let secs = d.as_secs_f64().max(0.001);
    format!("{}/s", bytes((n as f64 / secs) as u64))
}

fn status_line(p: &Poll) -> String {
    match &p.message {
        Some(m)
            if !m.is_empty()
                && !m.eq_ignore_ascii_case(p.status.as_str())
                && matches!(p.status, RunStatus::Queued | RunStatus::Running) =>
        {
            format!("{}: {} — {m}", p.label, p.status)
        }
        _ => format!("{}: {}", p.label, p.status),
    }
}

impl Observer for UiObserver {
    fn http(&self, line: &str) {
        self.ui.log(2, line);
    }

    fn retry(&self, what: &str, attempt: u32, delay: Duration, reason: &str) {
        retry_line(&self.ui, what, attempt, delay, reason);
    }

    fn transfer(&self, event: Transfer) {
        let live = self.ui.live_progress();
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        match event {
            Transfer::Start { label, total } => {
                let bar = live.then(|| {
                    let pb = match total {
                        Some(t) => ProgressBar::new(t).with_style(
                            ProgressStyle::with_template(
                                "{prefix} [{bar:28}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
                            )
                            .unwrap_or_else(|_| ProgressStyle::default_bar())
                            .progress_chars("=> "),
                        ),
                        None => ProgressBar::no_length().with_style(
                            ProgressStyle::with_template("{prefix} {spinner} {bytes} {bytes_per_sec}")
                                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                        ),
                    };
                    let pb = self.ui.multi().add(pb);
                    // The label names a file or a run the server handed out: escaped like any
                    // line (the bar's own redraws are indicatif's).
                    pb.set_prefix(escape(&label).into_owned());
                    pb
                });
                if !live {
                    let size = total
                        .map(|t| format!(" ({})", bytes(t)))
                        .unwrap_or_default();
                    self.ui.note(format!("{label}{size}: started"));
                }
                if let Some(old) = st.transfers.insert(
                    label,
                    Track {
                        bar,
                        total,
                        last_line: Instant::now(),
                    },
                ) && let Some(b) = old.bar
                {
                    b.finish_and_clear();
                }
            }
            Transfer::Progress { label, bytes: n } => {
                if let Some(t) = st.transfers.get_mut(&label) {
                    match &t.bar {
                        Some(b) => b.set_position(n),
                        None if t.last_line.elapsed() >= HEARTBEAT => {
                            t.last_line = Instant::now();
                            let of = match t.total {
                                Some(total) if total > 0 => {
                                    format!(" of {} ({}%)", bytes(total), n * 100 / total)
                                }
                                _ => String::new(),
                            };
                            self.ui.note(format!("{label}: {}{of}", bytes(n)));
                        }
                        None => {}
                    }
                }
            }
            Transfer::Restart { label, reason } => {
                if let Some(t) = st.transfers.get_mut(&label)
                    && let Some(b) = &t.bar
                {
                    b.set_position(0);
                }
                self.ui.warn(format!("{label}: {reason}; starting over"));
            }
            Transfer::Done {
                label,
                bytes: n,
                elapsed,
            } => {
                if let Some(t) = st.transfers.remove(&label)
                    && let Some(b) = t.bar
                {
                    b.finish_and_clear();
                }
                self.ui.note(format!(
                    "{label}: {} in {} ({})",
                    bytes(n),
                    duration(elapsed),
                    rate(n, elapsed)
                ));
            }
        }
    }

    fn poll(&self, p: &Poll) {
        let live = self.ui.live_progress();
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let entry = st.waits.entry(p.label.clone()).or_insert_with(|| {
            let bar = live.then(|| {
                let pb = self.ui.multi().add(ProgressBar::new_spinner());
                pb.set_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                pb.enable_steady_tick(Duration::from_millis(120));
                pb
            });
            (bar, Instant::now() - HEARTBEAT)
        });
        let line = status_line(p);
        match &entry.0 {
            Some(b) => b.set_message(escape(&line).into_owned()),
            None => {
                if p.changed {
                    entry.1 = Instant::now();
                    self.ui.note(line);
                } else if entry.1.elapsed() >= HEARTBEAT {
                    entry.1 = Instant::now();
                    self.ui.note(format!(
                        "{line} (still waiting after {})",
                        duration(p.elapsed)
                    ));
                }
            }
        }
    }

    fn poll_done(&self, label: &str) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        if let Some((Some(b), _)) = st.waits.remove(label) {
            b.finish_and_clear();
        }
    }
}

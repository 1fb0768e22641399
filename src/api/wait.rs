//! Waiting for a run: poll on the schedule of `RetryPolicy::poll_interval` (quick at first and
//! right after a state change, backing off as the run ages), stop at a terminal state or at one
//! that needs a decision, or at the deadline.

use super::client::{Client, Reply};
use super::error::Error;
use super::observe::Poll;
use super::types::{ExportRun, ImportRun, RunStatus};
use serde::de::DeserializeOwned;
use std::time::Duration;
use tokio::time::Instant;
use url::Url;

/// A poll body: something with a status and maybe a progress message.
pub trait Polled: DeserializeOwned + Send {
    fn status(&self) -> &RunStatus;
    fn progress(&self) -> Option<&str>;
}

impl Polled for ImportRun {
    fn status(&self) -> &RunStatus {
        &self.status
    }
    fn progress(&self) -> Option<&str> {
        self.progress_message.as_deref()
    }
}

impl Polled for ExportRun {
    fn status(&self) -> &RunStatus {
        &self.status
    }
    fn progress(&self) -> Option<&str> {
        self.progress_message.as_deref()
    }
}

pub enum Waited<T> {
    /// Terminal, waiting for a decision, or a status this build does not know.
    Settled(Reply<T>),
    /// The deadline passed; the last body seen.
    TimedOut(Reply<T>),
}

/// Whether polling may stop at this status.
pub fn settles(status: &RunStatus) -> bool {
    status.is_terminal() || status.awaits_decision() || matches!(status, RunStatus::Other(_))
}

fn short(run: &str) -> &str {
    run.get(..8).unwrap_or(run)
}

impl Client {
    pub async fn wait_import(
        &self,
        company: &str,
        run: &str,
        deadline: Option<Instant>,
    ) -> Result<Waited<ImportRun>, Error> {
        let url = self.import_url(company, run)?;
        self.wait(
            url,
            &format!("import {}", short(run)),
            "poll import",
            deadline,
        )
        .await
    }

    pub async fn wait_export(
        &self,
        company: &str,
        run: &str,
        deadline: Option<Instant>,
    ) -> Result<Waited<ExportRun>, Error> {
        let url = self.export_url(company, run)?;
        self.wait(
            url,
            &format!("export {}", short(run)),
            "poll export",
            deadline,
        )
        .await
    }

    /// Poll `url` (built from checked ids by the caller) until the run settles.
    async fn wait<T: Polled>(
        &self,
        url: Url,
        label: &str,
        what: &str,
        deadline: Option<Instant>,
    ) -> Result<Waited<T>, Error> {
        let started = Instant::now();
        let mut last: Option<RunStatus> = None;
        let mut since_change = 0u32;
        let mut seen: Option<Reply<T>> = None;
        let result = loop {
            let reply: Reply<T> = match self.get_url(url.clone(), what).await {
                Ok(r) => r,
                Err(e) => {
                    // The deadline ran out during a poll: the wait timed out with what was seen.
                    if let (Error::Deadline { .. }, Some(last)) = (&e, seen.take()) {
                        break Waited::TimedOut(last);
                    }
                    self.observer().poll_done(label);
                    return Err(e);
                }
            };
            let status = reply.value.status().clone();
            let changed = last.as_ref() != Some(&status);
            if changed {
                since_change = 0;
            } else {
                since_change += 1;
            }
            self.observer().poll(&Poll {
                label: label.to_string(),
                status: status.clone(),
                message: reply.value.progress().map(str::to_string),
                changed,
                elapsed: started.elapsed(),
            });
            last = Some(status.clone());
            if settles(&status) {
                break Waited::Settled(reply);
            }
            let mut pause = self.policy().poll_interval(since_change);
            if let Some(d) = deadline {
                let now = Instant::now();
                if now >= d {
                    break Waited::TimedOut(reply);
                }
                pause = pause.min(d - now);
            }
            tokio::time::sleep(pause.max(Duration::from_millis(1))).await;
            seen = Some(reply);
        };
        self.observer().poll_done(label);
        Ok(result)
    }
}

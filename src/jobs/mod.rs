//! Saved delivery jobs (`vern jobs`): what a job is, where it is kept, when it fires and what is
//! due — below the commands, beside the journal. Nothing here writes to the terminal or runs a
//! delivery; `commands::jobs` does that with the delivery workflow.
//!
//! - `record`: a job's definition (the camelCase job object of delivery.md §2.2), checked as a
//!   whole, and the record kept in the state directory with the scheduler's state.
//! - `store`: `jobs/` in the state directory — atomic 0600 records, a lock per job, the runs kept
//!   beside a job (missed, failed before starting, recorded externally).
//! - `schedule`: cron expressions (our pre-check that points at the wrong field, then croner),
//!   IANA zones from the bundled tzdb, and fire times under vern's DST policy.
//! - `due`: which fire times run now and which are missed (catch-up, deadline) — a pure function.
//! - `changes`: what a new definition, a pause or a resume means for the schedule.
//! - `run`: a job's runs, from the journal and from beside the job, as run objects.
//! - `object`: the job object as shown, and the key styles of the CLI and the HTTP API.
//! - `clock`: the real clock, or the simulated one of `--now`.
//! - `wrappers`: `jobs schedule --print` for crontab, GitHub Actions, Kubernetes and systemd.
//! - `http`: the HTTP API of `jobs serve --listen`.

pub(crate) mod changes;
pub(crate) mod clock;
pub(crate) mod due;
pub(crate) mod http;
pub(crate) mod object;
pub(crate) mod record;
pub(crate) mod run;
pub(crate) mod schedule;
pub(crate) mod store;
pub(crate) mod wrappers;

//! What the `vern jobs` commands report: one job (created, shown, changed), the list, a job's
//! runs, what `run-due` did, what `apply` changed, the export file, a wrapper, and the banner of
//! `jobs serve`. Job objects are shown in the CLI's snake_case (see `jobs::object`).

use super::Report;
use crate::exit::ExitCode;
use crate::jobs::object::JobObject;
use crate::jobs::record::Definition;
use crate::jobs::run::RunView;
use serde::{Serialize, Serializer};

fn snake<S: Serializer>(job: &JobObject, s: S) -> Result<S::Ok, S::Error> {
    job.snake().serialize(s)
}

fn snake_all<S: Serializer>(jobs: &[JobObject], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(jobs.iter().map(JobObject::snake))
}

/// One job: after `create`, `update`, `pause`, `resume`, or shown.
#[derive(Serialize)]
pub struct JobView {
    /// `created`, `updated`, `unchanged`, `paused`, `resumed` or `shown`.
    pub action: &'static str,
    #[serde(serialize_with = "snake")]
    pub job: JobObject,
    /// The next fire times (five for `show`, one otherwise; none while paused).
    pub next_fire_times: Vec<String>,
    /// `show`: the newest runs, most recent first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<Vec<RunView>>,
}

impl Report for JobView {
    fn kind(&self) -> &'static str {
        "job"
    }
}

/// `jobs list`.
#[derive(Serialize)]
pub struct JobList {
    #[serde(serialize_with = "snake_all")]
    pub jobs: Vec<JobObject>,
}

impl Report for JobList {
    fn kind(&self) -> &'static str {
        "jobs"
    }
}

/// `jobs delete`.
#[derive(Serialize)]
pub struct JobDeleted {
    pub id: String,
    pub name: String,
    /// Journal records of its delivery runs that were removed with it.
    pub runs_deleted: usize,
}

impl Report for JobDeleted {
    fn kind(&self) -> &'static str {
        "job_deleted"
    }
}

/// `jobs runs`.
#[derive(Serialize)]
pub struct JobRuns {
    pub job_id: String,
    pub name: String,
    /// Most recent first, at most `--limit`.
    pub runs: Vec<RunView>,
    /// Runs the job has, before `--limit`.
    pub total: usize,
}

impl Report for JobRuns {
    fn kind(&self) -> &'static str {
        "job_runs"
    }
}

/// What one evaluation did with one job.
#[derive(Debug, Clone, Serialize)]
pub struct JobDue {
    pub id: String,
    pub name: String,
    /// `ran`, `nothing_due`, `skipped` (another process runs it), `paused` or `error`.
    pub outcome: &'static str,
    /// Runs started (or continued), in order.
    pub runs: Vec<RunView>,
    /// Fire times recorded as missed.
    pub missed: Vec<RunView>,
    /// Older fire times were not looked at (a long outage of a frequent job).
    pub more_missed: bool,
    /// Why it was skipped, or what went wrong.
    pub note: Option<String>,
    /// The worst exit code of its runs.
    #[serde(skip)]
    pub exit: ExitCode,
}

/// `jobs run-due`.
#[derive(Serialize)]
pub struct RunDue {
    /// The moment evaluated (`--now`, or the clock).
    pub now: String,
    pub jobs: Vec<JobDue>,
}

impl Report for RunDue {
    fn kind(&self) -> &'static str {
        "run_due"
    }

    /// The worst exit code of the runs it started; 0 when none was due (a job another scheduler
    /// holds is skipped with a note, and is not a failure).
    fn exit_code(&self) -> ExitCode {
        worst(self.jobs.iter().map(|j| j.exit))
    }
}

/// The most severe of several runs' exit codes: usage, authentication, any other error, conflict,
/// refused by a plan, completed with failures, success — in that order.
pub fn worst(codes: impl IntoIterator<Item = ExitCode>) -> ExitCode {
    let rank = |c: ExitCode| match c {
        ExitCode::Success => 0,
        ExitCode::ExportFailures => 1,
        ExitCode::Refused => 2,
        ExitCode::Conflict => 3,
        ExitCode::Timeout => 4,
        ExitCode::Error | ExitCode::RunFailed | ExitCode::NeedsAttention => 5,
        ExitCode::Auth => 6,
        ExitCode::Usage => 7,
        ExitCode::Interrupted => 8,
    };
    codes
        .into_iter()
        .max_by_key(|c| rank(*c))
        .unwrap_or(ExitCode::Success)
}

/// `jobs export`: the file `jobs apply -f` reads.
#[derive(Serialize)]
pub struct JobFile {
    pub jobs: Vec<Definition>,
}

impl Report for JobFile {
    fn kind(&self) -> &'static str {
        "job_file"
    }
}

/// `jobs apply`.
#[derive(Serialize)]
pub struct Applied {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    #[serde(serialize_with = "snake_all")]
    pub jobs: Vec<JobObject>,
}

impl Report for Applied {
    fn kind(&self) -> &'static str {
        "job_apply"
    }
}

/// One file of a wrapper.
#[derive(Serialize)]
pub struct WrapperFile {
    pub name: String,
    /// Where it was written (`--out`); null when printed.
    pub path: Option<String>,
    pub content: String,
}

/// `jobs schedule --print`.
#[derive(Serialize)]
pub struct Wrapper {
    pub job: String,
    /// `crontab`, `github-actions`, `kubernetes` or `systemd`.
    pub platform: &'static str,
    pub files: Vec<WrapperFile>,
}

impl Report for Wrapper {
    fn kind(&self) -> &'static str {
        "job_wrapper"
    }
}

/// `jobs serve`: printed once it runs (the HTTP API listening, if asked).
#[derive(Serialize)]
pub struct ServeBanner {
    /// The HTTP API's base URL, with `--listen`.
    pub listen: Option<String>,
    /// The bearer token it generated; null when VERN_JOBS_TOKEN gives it (or without --listen).
    pub token: Option<String>,
    pub token_from_env: bool,
    pub jobs: usize,
    /// The earliest next fire time of the active jobs.
    pub next_run_at: Option<String>,
    /// `real`, or `simulated` (`--now`).
    pub clock: &'static str,
}

impl Report for ServeBanner {
    fn kind(&self) -> &'static str {
        "jobs_serve"
    }
}

//! A saved delivery job: its definition (what `jobs apply` reads, `jobs export` prints and the
//! HTTP API's PUT replaces), checked as a whole before it is stored; and the record kept in the
//! state directory, which adds the id, the times and the scheduler's state.
//!
//! The definition uses the job object's camelCase names of delivery.md §2.2 (plus vern's own
//! `catchUp`, `deadline`, `allowFailures`, and the destination's non-secret options
//! `destinationConfig.ifExists` and `.manifest`). Records are schema-versioned like the journal's.

use super::schedule::{self, Schedule};
use crate::deliver::dest::IfExists;
use crate::deliver::format::Format;
use crate::deliver::names::{self, Template};
use crate::deliver::target::Target;
use crate::journal::record::Trigger;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// The record's schema; a record from a newer vern is refused rather than misread.
pub const SCHEMA: u32 = 1;

/// What to do with fire times that passed while no scheduler ran the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CatchUp {
    /// Run once, for the newest missed fire time (the others are recorded as missed)
    Latest,
    /// Run every missed fire time, oldest first
    All,
    /// Run none of them: they are recorded as missed
    None,
}

impl CatchUp {
    pub fn as_str(self) -> &'static str {
        match self {
            CatchUp::Latest => "latest",
            CatchUp::All => "all",
            CatchUp::None => "none",
        }
    }
}

/// Where the files go: the URL and the destination's non-secret options (never a credential).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DestinationConfig {
    pub url: String,
    #[serde(default = "if_exists_fail")]
    pub if_exists: IfExists,
    /// Write the manifest last (`--no-manifest` turns it off).
    #[serde(default = "yes")]
    pub manifest: bool,
}

/// A job as declared: every mutable field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Definition {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub company_id: String,
    pub destination_config: DestinationConfig,
    #[serde(default = "csv")]
    pub format: Format,
    /// Sheet ids or names, as given; empty: every sheet vern knows of the company at run time.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// `valid` or `all`.
    #[serde(default = "valid")]
    pub filter: String,
    /// `snapshot` or `delta`.
    #[serde(default = "snapshot")]
    pub mode: String,
    /// Delta mode's key columns (empty: the template's unique columns).
    #[serde(default)]
    pub keys: Vec<String>,
    pub schedule: String,
    #[serde(default = "utc")]
    pub timezone: String,
    #[serde(default)]
    pub compress: bool,
    #[serde(default = "job_template")]
    pub filename_template: String,
    #[serde(default)]
    pub max_rows: Option<u64>,
    #[serde(default = "latest")]
    pub catch_up: CatchUp,
    /// Fire times older than this are recorded as missed, not run (`24h`, `90m`).
    #[serde(default = "day")]
    pub deadline: String,
    /// Exit 0 even when characters XML forbids were dropped.
    #[serde(default)]
    pub allow_failures: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn if_exists_fail() -> IfExists {
    IfExists::Fail
}
fn yes() -> bool {
    true
}
fn csv() -> Format {
    Format::Csv
}
fn valid() -> String {
    "valid".into()
}
fn snapshot() -> String {
    "snapshot".into()
}
fn utc() -> String {
    "UTC".into()
}
fn job_template() -> String {
    names::JOB_DEFAULT.into()
}
fn latest() -> CatchUp {
    CatchUp::Latest
}
fn day() -> String {
    "24h".into()
}

/// Fields of the job object that are vern's to set: accepted in input (so what `GET` gave can be
/// sent back) and ignored.
const READ_ONLY: [&str; 7] = [
    "id",
    "destinationType",
    "createdAt",
    "updatedAt",
    "lastRunAt",
    "nextRunAt",
    "lastRunStatus",
];

/// A definition that cannot be saved: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The job object's field name (`schedule`, `destinationConfig.url`, …).
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

fn invalid(field: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        field,
        message: message.into(),
    }
}

impl Definition {
    /// Read a job object (a JSON object): read-only fields are ignored, unknown ones refused.
    pub fn from_value(mut v: Value) -> Result<Definition, Invalid> {
        let Some(map) = v.as_object_mut() else {
            return Err(invalid("", "a job is a JSON object"));
        };
        for k in READ_ONLY {
            map.remove(k);
        }
        serde_json::from_value(v).map_err(|e| invalid("", e.to_string()))
    }

    /// Check every field and normalize what has a canonical form (the zone's spelling, the
    /// schedule's surrounding blanks). Nothing about the company is looked up here.
    pub fn check(mut self) -> Result<Definition, Invalid> {
        check_name(&self.name)?;
        self.company_id = uuid::Uuid::parse_str(self.company_id.trim())
            .map(|u| u.hyphenated().to_string())
            .map_err(|_| {
                invalid(
                    "companyId",
                    format!("companyId '{}' is not a UUID", self.company_id),
                )
            })?;
        Target::parse(&self.destination_config.url)
            .map_err(|e| invalid("destinationConfig.url", e))?;
        if !matches!(self.filter.as_str(), "valid" | "all") {
            return Err(invalid(
                "filter",
                format!("filter '{}': expected valid or all", self.filter),
            ));
        }
        match self.mode.as_str() {
            "snapshot" if !self.keys.is_empty() => {
                return Err(invalid("keys", "keys identify rows for mode delta"));
            }
            "snapshot" | "delta" => {}
            other => {
                return Err(invalid(
                    "mode",
                    format!("mode '{other}': expected snapshot or delta"),
                ));
            }
        }
        let schedule = self.schedule()?;
        let (tz, canonical) =
            schedule::zone(&self.timezone).map_err(|e| invalid("timezone", e.to_string()))?;
        self.timezone = canonical;
        self.schedule = schedule.source.clone();
        if schedule::next_fire_time(&schedule, &tz, Timestamp::now()).is_none() {
            return Err(invalid(
                "schedule",
                format!(
                    "the schedule '{}' never fires (no such date in the next eight years)",
                    self.schedule
                ),
            ));
        }
        let template = self.template()?;
        if self.sheets.len() != 1 && !template.names_the_sheet() {
            return Err(invalid(
                "filenameTemplate",
                format!(
                    "filenameTemplate '{template}' would write every sheet into one file: put {{sheet}} or {{sheet_id}} in it, or name one sheet"
                ),
            ));
        }
        self.deadline()?;
        if let Some(d) = &self.description
            && d.chars().count() > 1000
        {
            return Err(invalid(
                "description",
                "description: at most 1000 characters",
            ));
        }
        Ok(self)
    }

    pub fn schedule(&self) -> Result<Schedule, Invalid> {
        schedule::parse(&self.schedule).map_err(|e| invalid("schedule", e.to_string()))
    }

    pub fn zone(&self) -> Result<TimeZone, Invalid> {
        schedule::zone(&self.timezone)
            .map(|(tz, _)| tz)
            .map_err(|e| invalid("timezone", e.to_string()))
    }

    pub fn template(&self) -> Result<Template, Invalid> {
        self.filename_template
            .parse()
            .map_err(|e: String| invalid("filenameTemplate", format!("filenameTemplate {e}")))
    }

    pub fn deadline(&self) -> Result<Duration, Invalid> {
        humantime::parse_duration(&self.deadline)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                invalid(
                    "deadline",
                    format!(
                        "deadline '{}': expected a duration like 24h or 90m",
                        self.deadline
                    ),
                )
            })
    }

    /// `file`, `s3`, `azure-blob`, `sftp` or `webhook`.
    pub fn destination_type(&self) -> &'static str {
        Target::parse(&self.destination_config.url)
            .map(|t| t.kind())
            .unwrap_or("file")
    }

    /// Whether a change from `old` restarts the schedule (it fires at its next match after the
    /// change, not for times the old schedule had).
    pub fn restarts_schedule(&self, old: &Definition) -> bool {
        self.schedule != old.schedule
            || self.timezone != old.timezone
            || (self.active && !old.active)
    }
}

/// A job name: 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit, and not
/// shaped like an id (names and ids are both accepted where a job is named).
fn check_name(name: &str) -> Result<(), Invalid> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let first = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if name.is_empty() || name.len() > 64 || !ok_chars || !first {
        return Err(invalid(
            "name",
            format!(
                "job name '{name}': 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
            ),
        ));
    }
    if uuid::Uuid::parse_str(name).is_ok() {
        return Err(invalid(
            "name",
            format!("job name '{name}' looks like an id; choose a name"),
        ));
    }
    Ok(())
}

/// A fire time the scheduler decided to run, written ahead of the run (so a run killed midway is
/// continued, not forgotten or repeated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub scheduled_for: String,
    pub trigger: Trigger,
}

/// The last run of a job, for `jobs list` (without reading the journal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastRun {
    pub id: String,
    pub status: String,
    pub started_at: String,
}

/// What the scheduler knows of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Fire times up to this instant were decided on (run, or recorded as missed); the next
    /// evaluation looks after it. Set to the moment the job was created, resumed or rescheduled.
    pub evaluated_until: String,
    /// Decided, not yet concluded: continued by the next `run-due` or `serve`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Slot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<LastRun>,
}

/// A job as the state directory keeps it (`jobs/<id>.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub schema: u32,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub definition: Definition,
    pub state: State,
}

impl Job {
    pub fn name(&self) -> &str {
        &self.definition.name
    }

    /// When the scheduler last decided up to.
    pub fn evaluated_until(&self) -> Timestamp {
        self.state
            .evaluated_until
            .parse()
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// The next fire time after `now` (after the last evaluation, if that is later), for an
    /// active job.
    pub fn next_run(&self, now: Timestamp) -> Option<Timestamp> {
        if !self.definition.active {
            return None;
        }
        let s = self.definition.schedule().ok()?;
        let tz = self.definition.zone().ok()?;
        schedule::next_fire_time(&s, &tz, now.max(self.evaluated_until()))
    }

    /// The earliest fire time not decided on yet: when a scheduler should look at the job next
    /// (it may be in the past, after a pause of the scheduler).
    pub fn due_at(&self) -> Option<Timestamp> {
        if !self.definition.active {
            return None;
        }
        if !self.state.pending.is_empty() {
            return Some(self.evaluated_until());
        }
        let s = self.definition.schedule().ok()?;
        let tz = self.definition.zone().ok()?;
        schedule::next_fire_time(&s, &tz, self.evaluated_until())
    }
}

/// An instant as the records and documents write it: RFC 3339 in UTC with `Z`, whole seconds.
pub fn stamp(t: Timestamp) -> String {
    Timestamp::from_second(t.as_second())
        .unwrap_or(t)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(v: Value) -> Result<Definition, Invalid> {
        Definition::from_value(v)?.check()
    }

    fn base() -> Value {
        json!({
            "name": "nightly",
            "companyId": "0E7B3C1A-1111-4222-8333-944445555666",
            "destinationConfig": {"url": "s3://drop/contacts"},
            "schedule": " 30 2 * * * ",
            "timezone": "europe/berlin"
        })
    }

    #[test]
    fn a_minimal_job_gets_the_defaults_and_canonical_forms() {
        let d = def(base()).unwrap();
        assert_eq!(d.timezone, "Europe/Berlin");
        assert_eq!(d.schedule, "30 2 * * *");
        assert_eq!(d.company_id, "0e7b3c1a-1111-4222-8333-944445555666");
        assert_eq!(d.filename_template, names::JOB_DEFAULT);
        assert_eq!(d.catch_up, CatchUp::Latest);
        assert_eq!(d.deadline, "24h");
        assert!(d.active && d.destination_config.manifest);
        assert_eq!(d.destination_type(), "s3");
        // Round trip through the file format.
        let again = def(serde_json::to_value(&d).unwrap()).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let cases = [
            ("schedule", json!("0 24 * * *"), "hour field"),
            ("schedule", json!("0 0 30 2 *"), "never fires"),
            (
                "timezone",
                json!("Europe/Berln"),
                "did you mean Europe/Berlin",
            ),
            ("name", json!("no spaces"), "job name"),
            ("filter", json!("some"), "expected valid or all"),
            ("deadline", json!("soon"), "expected a duration"),
            (
                "filenameTemplate",
                json!("{day}.{ext}"),
                "unknown placeholder",
            ),
            ("filenameTemplate", json!("all.{ext}"), "into one file"),
        ];
        for (field, value, msg) in cases {
            let mut v = base();
            v[field] = value;
            let e = def(v).unwrap_err();
            assert_eq!(e.field, field, "{e}");
            assert!(e.message.contains(msg), "{field}: {e}");
        }
        let mut v = base();
        v["destinationConfig"]["url"] = json!("ftp://x/y");
        assert_eq!(def(v).unwrap_err().field, "destinationConfig.url");
        let mut v = base();
        v["colour"] = json!("blue");
        assert!(def(v).unwrap_err().message.contains("unknown field"));
        let mut v = base();
        v["id"] = json!("ignored");
        v["nextRunAt"] = json!("2026-01-01T00:00:00Z");
        assert!(def(v).is_ok(), "read-only fields are ignored");
    }

    #[test]
    fn stamps_are_whole_seconds_in_utc() {
        let t: Timestamp = "2026-03-08T02:30:00.9-05:00".parse().unwrap();
        assert_eq!(stamp(t), "2026-03-08T07:30:00Z");
    }
}

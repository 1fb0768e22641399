//! The journal as commands show it: the history (`vern runs list`, a summary per operation) and
//! one operation in full (`vern runs show`, the record itself in the contract's key style).

use super::Report;
use super::shapes::{ErrorDoc, ImportSummary};
use crate::api::types::ImportReport;
use crate::journal::record::{Counts, OpStatus, Operation, Trigger};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::time::SystemTime;

#[derive(Serialize)]
pub struct Unreadable {
    pub path: String,
    pub error: String,
}

#[derive(Serialize)]
pub struct History {
    /// Shown as summaries; `vern runs show ID` has the whole record.
    #[serde(serialize_with = "summaries")]
    pub operations: Vec<Operation>,
    pub unreadable: Vec<Unreadable>,
    /// Operations that matched, before `--limit`.
    pub total: usize,
    /// What was asked for (`--status`, `--company`, `--since`); empty: every operation.
    pub filter: HistoryFilter,
}

/// Which operations `vern runs list` shows.
#[derive(Debug, Default, Serialize)]
pub struct HistoryFilter {
    /// Any of these statuses (none: any status).
    pub status: Vec<OpStatus>,
    /// The company's id, or the start of it (case-insensitive).
    pub company: Option<String>,
    /// Operations active — started, continued or ended — at or after this time (RFC 3339, UTC).
    #[serde(serialize_with = "rfc3339")]
    pub since: Option<SystemTime>,
}

fn rfc3339<S: Serializer>(t: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
    t.map(|t| humantime::format_rfc3339_seconds(t).to_string())
        .serialize(s)
}

impl HistoryFilter {
    pub fn is_empty(&self) -> bool {
        self.status.is_empty() && self.company.is_none() && self.since.is_none()
    }

    pub fn matches(&self, op: &Operation) -> bool {
        let status = self.status.is_empty() || self.status.contains(&op.status);
        let company = self.company.as_deref().is_none_or(|want| {
            op.company.as_deref().is_some_and(|c| {
                c.to_ascii_lowercase()
                    .starts_with(&want.to_ascii_lowercase())
            })
        });
        // A record whose time cannot be read is shown rather than hidden.
        let since = self
            .since
            .is_none_or(|since| crate::text::parse_time(&op.updated_at).is_none_or(|t| t >= since));
        status && company && since
    }
}

impl Report for History {
    fn kind(&self) -> &'static str {
        "history"
    }
}

/// One operation in `runs list --json`.
#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    kind: String,
    company: Option<&'a str>,
    status: String,
    phase: &'static str,
    step: String,
    runs: Runs<'a>,
    #[serde(serialize_with = "counts")]
    counts: &'a Counts,
    created_at: &'a str,
    updated_at: &'a str,
    finished_at: Option<&'a str>,
    exit_code: Option<i32>,
    error: Option<ErrorDoc>,
    /// A delivery run (`vern deliver`, `migrate --deliver`), as delivery.md §2.3 describes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    delivery: Option<DeliverySummary<'a>>,
}

#[derive(Serialize)]
struct Runs<'a> {
    import: Option<&'a str>,
    canary: Option<&'a str>,
    export: Option<&'a str>,
}

fn summaries<S: Serializer>(ops: &[Operation], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ops.iter().map(|o| {
        let run = |k: &str| {
            o.run_ids()
                .into_iter()
                .find(|(n, _)| *n == k)
                .map(|(_, id)| id)
        };
        Summary {
            id: &o.id,
            kind: o.kind.to_string(),
            company: o.company.as_deref(),
            status: o.status.to_string(),
            phase: o.phase.as_str(),
            step: o.step.to_string(),
            runs: Runs {
                import: run("import"),
                canary: run("canary"),
                export: run("export"),
            },
            counts: &o.counts,
            created_at: &o.created_at,
            updated_at: &o.updated_at,
            finished_at: o.finished_at.as_deref(),
            exit_code: o.exit_code,
            error: o.error.as_ref().map(|e| ErrorDoc {
                message: e.message.clone(),
                causes: Vec::new(),
                hint: None,
                kind: "recorded",
                candidates: Vec::new(),
            }),
            delivery: delivery_summary(o),
        }
    }))
}

/// The run object of a delivery, from its operation (delivery.md §2.3).
#[derive(Serialize)]
pub struct DeliverySummary<'a> {
    pub id: &'a str,
    /// The job it ran for (`vern jobs`); null for a plain `vern deliver`.
    pub job_id: Option<&'a str>,
    /// `running`, `success` or `failed`.
    pub status: &'static str,
    /// `manual`, `schedule` or `catch-up`.
    pub trigger: Trigger,
    /// The job's fire time it ran for, or null.
    pub scheduled_for: Option<&'a str>,
    pub started_at: &'a str,
    pub completed_at: Option<&'a str>,
    pub destination_type: &'a str,
    /// The manifest's location when there is one, else the destination.
    pub destination_path: &'a str,
    /// Rows and stored bytes of the files this run wrote.
    pub record_count: u64,
    pub file_size: u64,
    pub files: usize,
    pub error: Option<&'a str>,
}

pub fn delivery_summary(o: &Operation) -> Option<DeliverySummary<'_>> {
    use crate::journal::record::FileState;
    let d = o.delivery.as_ref()?;
    let written = || d.files.iter().filter(|f| f.state == FileState::Committed);
    let status = if d.completed_at.is_some() {
        "success"
    } else if o.status == OpStatus::Running {
        "running"
    } else {
        "failed"
    };
    let manifest = d
        .manifest
        .as_ref()
        .filter(|m| m.state == FileState::Committed)
        .map(|m| m.location.as_str());
    let job = d.job.as_ref();
    Some(DeliverySummary {
        id: &d.run,
        job_id: job.map(|j| j.id.as_str()),
        status,
        trigger: job.map_or(Trigger::Manual, |j| j.trigger),
        scheduled_for: job.and_then(|j| j.scheduled_for.as_deref()),
        started_at: &d.started_at,
        completed_at: d.completed_at.as_deref(),
        destination_type: &d.kind,
        destination_path: manifest.unwrap_or(&d.target),
        // A webhook delivery counts what the endpoint acknowledged.
        record_count: written().map(|f| f.rows).sum::<u64>()
            + d.webhook
                .iter()
                .flat_map(|w| &w.sheets)
                .map(|s| s.acknowledged_rows)
                .sum::<u64>(),
        file_size: written().map(|f| f.bytes).sum::<u64>()
            + d.webhook
                .iter()
                .flat_map(|w| &w.sheets)
                .map(|s| s.acknowledged_bytes)
                .sum::<u64>(),
        files: written().count(),
        error: (status == "failed")
            .then(|| o.error.as_ref().map(|e| e.message.as_str()))
            .flatten(),
    })
}

/// Counts as the contract has them: numbers, 0 for nothing counted or a step not run.
pub fn counts<S: Serializer>(c: &Counts, s: S) -> Result<S::Ok, S::Error> {
    counts_value(c).serialize(s)
}

pub fn counts_value(c: &Counts) -> Value {
    let n = |v: Option<u64>| v.unwrap_or(0);
    serde_json::json!({
        "rows_sent": n(c.rows_sent),
        "inserted": n(c.inserted),
        "flagged": n(c.flagged),
        "fixed": n(c.fixed),
        "still_flagged": n(c.still_flagged),
        "exported_ok": n(c.exported_ok),
        "exported_failed": n(c.exported_failed),
        "exported_hollow": n(c.exported_hollow),
        "downloaded": n(c.downloaded),
        "bytes_uploaded": n(c.bytes_uploaded),
        "bytes_downloaded": n(c.bytes_downloaded),
    })
}

pub struct Shown {
    pub op: Operation,
}

/// The record as it is kept, with the two parts that are not in the contract's style put in
/// it: the import report the server sent (camelCase) and the counts (nulls for zero).
impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = serde_json::to_value(&self.op).map_err(serde::ser::Error::custom)?;
        // The document's own `schema` and `kind` are the contract's; the record's are renamed.
        if let Some(m) = v.as_object_mut() {
            if let Some(k) = m.remove("kind") {
                m.insert("command".into(), k);
            }
            if let Some(s) = m.remove("schema") {
                m.insert("record_schema".into(), s);
            }
        }
        if let Some(report) = v.pointer_mut("/import/report")
            && let Ok(r) = serde_json::from_value::<ImportReport>(report.clone())
        {
            *report = serde_json::to_value(ImportSummary::from(&r)).unwrap_or(Value::Null);
        }
        if let Some(c) = v.get_mut("counts") {
            *c = counts_value(&self.op.counts);
        }
        if let (Some(m), Some(run)) = (v.as_object_mut(), delivery_summary(&self.op)) {
            let run = serde_json::to_value(run).map_err(serde::ser::Error::custom)?;
            m.insert("delivery_run".into(), run);
        }
        if let Some(e) = v.get_mut("error").filter(|e| e.is_object()) {
            // A recorded failure gains the contract's error fields.
            let message = e.get("message").cloned().unwrap_or(Value::Null);
            let exit = e.get("exit_code").cloned().unwrap_or(Value::Null);
            *e = serde_json::json!({
                "message": message,
                "causes": [],
                "hint": null,
                "kind": "recorded",
                "exit_code": exit,
            });
        }
        v.serialize(s)
    }
}

impl Report for Shown {
    fn kind(&self) -> &'static str {
        "operation"
    }
}

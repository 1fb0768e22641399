//! The job object of delivery.md §2.2 as vern shows it: the definition, plus what vern sets (id,
//! destination type, times, the last run, the next fire time). camelCase as the spec names it for
//! `jobs export` and the HTTP API; the CLI's `--json` documents turn keys into snake_case like
//! every other document (`snake_keys`), and the HTTP API turns run objects into camelCase
//! (`camel_keys`).

use super::record::{Definition, Job, stamp};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobObject {
    pub id: String,
    #[serde(flatten)]
    pub definition: Definition,
    pub destination_type: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub last_run_at: Option<String>,
    /// `running`, `success` or `failed`; null before the first run.
    pub last_run_status: Option<String>,
    /// The next fire time (null while paused).
    pub next_run_at: Option<String>,
}

impl JobObject {
    pub fn new(job: &Job, now: Timestamp) -> JobObject {
        let last = job.state.last_run.as_ref();
        JobObject {
            id: job.id.clone(),
            destination_type: job.definition.destination_type(),
            definition: job.definition.clone(),
            created_at: job.created_at.clone(),
            updated_at: job.updated_at.clone(),
            last_run_at: last.map(|l| l.started_at.clone()),
            last_run_status: last.map(|l| l.status.clone()),
            next_run_at: job.next_run(now).map(stamp),
        }
    }

    /// In the CLI's key style.
    pub fn snake(&self) -> Value {
        snake_keys(serde_json::to_value(self).unwrap_or(Value::Null))
    }
}

/// Every object key of `v` in snake_case (`destinationConfig` → `destination_config`).
pub fn snake_keys(v: Value) -> Value {
    rekey(v, &|k| {
        let mut out = String::with_capacity(k.len() + 4);
        for c in k.chars() {
            if c.is_ascii_uppercase() {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

/// Every object key of `v` in camelCase (`scheduled_for` → `scheduledFor`).
pub fn camel_keys(v: Value) -> Value {
    rekey(v, &|k| {
        let mut out = String::with_capacity(k.len());
        let mut up = false;
        for c in k.chars() {
            if c == '_' {
                up = true;
            } else if up {
                out.push(c.to_ascii_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        }
        out
    })
}

fn rekey(v: Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (f(&k), rekey(v, f)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|v| rekey(v, f)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_change_style_both_ways() {
        let v = json!({"destinationConfig": {"ifExists": "fail"}, "runs": [{"scheduledFor": null}]});
        let s = snake_keys(v.clone());
        assert_eq!(
            s,
            json!({"destination_config": {"if_exists": "fail"}, "runs": [{"scheduled_for": null}]})
        );
        assert_eq!(camel_keys(s), v);
    }
}

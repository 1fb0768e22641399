//! The job object of delivery.md §2.2 as vern shows it: the definition, plus what vern sets (id,
//! destination type, times, the last run, the next fire time). camelCase as the spec names it for
//! `jobs export` and the HTTP API; the CLI's `--json` documents turn keys into snake_case like
//! every other document (`snake_keys`), and the HTTP API turns run objects into camelCase
//! (`camel_keys`).

use super::record::{Definition, Job, stamp};
use jiff::Timestamp;
use serde::Serialize;

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
    pub fn snake(&self) -> Ordered {
        snake_keys(self)
    }
}

/// A JSON value that keeps its keys in the order they were written (serde_json's `Value` sorts
/// them), so a restyled job object still reads id first.
#[derive(Debug, Clone, PartialEq)]
pub enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Null => s.serialize_unit(),
            Ordered::Bool(b) => s.serialize_bool(*b),
            Ordered::Number(n) => n.serialize(s),
            Ordered::String(t) => s.serialize_str(t),
            Ordered::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Ordered::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ordered, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_none<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Ordered, E> {
                Ok(serde_json::Number::from_f64(n).map_or(Ordered::Null, Ordered::Number))
            }
            fn visit_str<E>(self, t: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(t.to_string()))
            }
            fn visit_string<E>(self, t: String) -> Result<Ordered, E> {
                Ok(Ordered::String(t))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = a.next_element()? {
                    out.push(v);
                }
                Ok(Ordered::Array(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry()? {
                    out.push((k, v));
                }
                Ok(Ordered::Object(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `v` with every object key in snake_case (`destinationConfig` → `destination_config`), in
/// its order.
pub fn snake_keys<T: Serialize>(v: &T) -> Ordered {
    restyle(v, &|k| {
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

/// `v` with every object key in camelCase (`scheduled_for` → `scheduledFor`), in its order.
pub fn camel_keys<T: Serialize>(v: &T) -> Ordered {
    restyle(v, &|k| {
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

fn restyle<T: Serialize>(v: &T, f: &dyn Fn(&str) -> String) -> Ordered {
    let parsed = serde_json::to_string(v)
        .ok()
        .and_then(|text| serde_json::from_str::<Ordered>(&text).ok())
        .unwrap_or(Ordered::Null);
    rekey(parsed, f)
}

fn rekey(v: Ordered, f: &dyn Fn(&str) -> String) -> Ordered {
    match v {
        Ordered::Object(m) => {
            Ordered::Object(m.into_iter().map(|(k, v)| (f(&k), rekey(v, f))).collect())
        }
        Ordered::Array(a) => Ordered::Array(a.into_iter().map(|v| rekey(v, f)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_change_style_both_ways_and_keep_their_order() {
        let v = json!({"zeta": 1, "destinationConfig": {"ifExists": "fail"}, "runs": [{"scheduledFor": null}]});
        let text =
            r#"{"zeta":1,"destinationConfig":{"ifExists":"fail"},"runs":[{"scheduledFor":null}]}"#;
        let ordered: Ordered = serde_json::from_str(text).unwrap();
        let s = snake_keys(&ordered);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"zeta":1,"destination_config":{"if_exists":"fail"},"runs":[{"scheduled_for":null}]}"#
        );
        assert_eq!(serde_json::to_value(camel_keys(&s)).unwrap(), v);
    }
}

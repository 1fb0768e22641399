//! Canonical JSON (object keys sorted, no insignificant whitespace) and the short hashes built on
//! it: the journal's operation identity and the `patch_hash` that pins a reviewed proposal. Both
//! must not depend on how a server or serde happens to order keys.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Canonical JSON: object keys sorted, no insignificant whitespace.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[*k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The first `hex_digits` hex digits of SHA-256 over the canonical JSON of `v`.
pub fn short_hash(v: &Value, hex_digits: usize) -> String {
    let digest = Sha256::digest(canonical_json(v).as_bytes());
    hex::encode(digest)[..hex_digits].to_string()
}

/// The contract's `patch_hash`: the first 16 hex digits of SHA-256 over the canonical JSON of the
/// run's `needs_attention` block, exactly as the server sent it.
pub fn patch_hash(needs_attention: &Value) -> String {
    short_hash(needs_attention, 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_patch_hash_ignores_key_order_and_spacing() {
        let a = json!({"questions": [{"id": "fq0", "b": 1, "a": 2}], "proposed_patch": {"summary": "x"}});
        let b: Value = serde_json::from_str(
            r#"{ "proposed_patch" : {"summary":"x"}, "questions":[{"a":2,"id":"fq0","b":1}] }"#,
        )
        .unwrap();
        assert_eq!(patch_hash(&a), patch_hash(&b));
        assert_eq!(patch_hash(&a).len(), 16);
        assert_eq!(
            canonical_json(&a),
            r#"{"proposed_patch":{"summary":"x"},"questions":[{"a":2,"b":1,"id":"fq0"}]}"#
        );
        let c = json!({"questions": [{"id": "fq0", "b": 1, "a": 3}], "proposed_patch": {"summary": "x"}});
        assert_ne!(patch_hash(&a), patch_hash(&c));
    }

    #[test]
    fn canonical_json_escapes_like_json() {
        let v = json!({"k\"ey": "line\nbreak", "n": 1.5, "u": "é"});
        let s = canonical_json(&v);
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        assert!(!s.contains(' '));
    }
}

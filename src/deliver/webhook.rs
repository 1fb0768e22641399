//! Webhook batches (delivery.md §1.5): the payload, the batching, the ids and the signature — the
//! pure part of `vern deliver --to https://…`, without I/O (the HTTP side is `endpoint`, the
//! journaled step `workflow::webhook`).
//!
//! - **Payload.** The API's own workbook-export webhook, version "1.0" (migration-api.md §3.15):
//!   `version`, `workbook_id` (only when vern knows it), `external_id` (or null), `batch {id,
//!   index, total, size, timestamp}` and one sheet in `sheets[] {id, name, row_count,
//!   start_row_index, end_row_index, data[]}`; each row of `data[]` is an object keyed by the
//!   header's column names in order, every value a string (an empty cell is `""`), then
//!   `row_index`, the row's 0-based position among the sheet's rows in `export.csv`. A batch
//!   carries one sheet, so `index` and `total` count that sheet's batches. Rows carry no
//!   `errors` field: `export.csv` does not say which cells were flagged. `start_row_index` and
//!   `end_row_index` are the `row_index` of the batch's first and last rows — in delta mode,
//!   where only new and changed rows go, they need not be `size - 1` apart.
//! - **Batching.** [`Batcher`] is the sink of the delivery converter writing `jsonl`: every line
//!   it receives is one row, already escaped exactly as `--format jsonl` writes it; it appends
//!   `row_index` and cuts batches of `--batch-size` rows. A full batch is held until the next row
//!   (or the end of the input) shows whether it was the sheet's last, so the first batch of a
//!   sheet that fits in one batch knows the sheet's row count without being told. Batches are
//!   numbered by the rows that go (the `n`th row sent is in batch `n / size`); in delta mode the
//!   batcher is given each sent row's place in `export.csv` ([`Batcher::with_indices`]), which
//!   only its `row_index` shows.
//! - **Ids.** `webhook-id` (and `batch.id`) is a function of (delivery run, sheet, batch index)
//!   and nothing else ([`webhook_id`]): a batch re-sent after a lost acknowledgement, or by a
//!   re-run, carries the same id, and a receiver de-duplicates on it.
//! - **Signing.** Standard Webhooks as Svix signs: `webhook-signature: v1,<base64 of
//!   HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, `webhook-timestamp` in integer seconds. The
//!   key is the base64 after `whsec_`. Every attempt is signed afresh with its own timestamp
//!   (receivers refuse timestamps more than five minutes off), under the same id.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write;

/// `--batch-size` when not given: the API's own webhook batches hold 1,000 records.
pub const DEFAULT_BATCH_SIZE: u64 = 1_000;
/// The largest `--batch-size`: about 10 MB of JSON at a kilobyte a row, which many endpoints
/// (and the proxies in front of them) refuse beyond.
pub const MAX_BATCH_SIZE: u64 = 10_000;
/// The payload version of the API's flat webhook format.
pub const VERSION: &str = "1.0";
/// The column name the payload uses for the row's position.
pub const ROW_INDEX: &str = "row_index";
/// How much of an endpoint's error reply a report keeps.
const REPLY_CHARS: usize = 200;

/// Standard Webhooks / Svix decode the secret with `b64decode(s + "==")`: padding is optional.
const SECRET_B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The shortest key accepted. Standard Webhooks secrets are 24 to 64 bytes; fewer than 16 is a
/// typo or a placeholder, not a key.
const MIN_KEY_BYTES: usize = 16;

/// A signing key, decoded. Never printed: `Debug` says `<redacted>`, and there is no `Display`.
/// Keyed once, when the secret is read, so signing cannot fail.
#[derive(Clone)]
pub struct Secret(Hmac<Sha256>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A secret as given (`VERN_WEBHOOK_SECRET`, a stored entry), not yet checked. Never printed.
#[derive(Clone)]
pub struct SecretText(pub(crate) String);

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

/// Why a secret cannot be used. The messages never quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("is empty")]
    Empty,
    #[error("does not start with whsec_ (a Standard Webhooks secret is whsec_ followed by base64)")]
    NoPrefix,
    #[error("is not base64 after whsec_")]
    NotBase64,
    #[error(
        "is too short: {0} bytes after decoding, where Standard Webhooks secrets have 24 to 64"
    )]
    TooShort(usize),
    #[error("cannot key HMAC-SHA256")]
    Unusable,
}

impl Secret {
    /// `whsec_<base64>` → the key. Whitespace around it (a pasted line break) is ignored; the
    /// prefix is required, so that a password-like string is never taken for base64 by accident.
    pub fn parse(text: &str) -> Result<Secret, SecretError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(SecretError::Empty);
        }
        let b64 = t.strip_prefix("whsec_").ok_or(SecretError::NoPrefix)?;
        // Svix decodes `b64decode(s + "==")`, which takes any padding, even too much.
        let key = SECRET_B64
            .decode(b64.trim_end_matches('='))
            .map_err(|_| SecretError::NotBase64)?;
        if key.len() < MIN_KEY_BYTES {
            return Err(SecretError::TooShort(key.len()));
        }
        Hmac::<Sha256>::new_from_slice(&key)
            .map(Secret)
            .map_err(|_| SecretError::Unusable)
    }
}

/// The `webhook-signature` header of one attempt: `v1,<base64 HMAC-SHA256>`.
pub fn sign(key: &Secret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = key.0.clone();
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// `webhook-id` and `batch.id` of batch `index` of `sheet` in delivery run `run`: stable across
/// retries and re-runs of that run, different for any other run, sheet or index. Hashed so that it
/// is short, header-safe and reveals nothing; the report lists each batch with its id.
pub fn webhook_id(run: &str, sheet: &str, index: u64) -> String {
    let digest = Sha256::digest(format!("vern webhook id v1\n{run}\n{sheet}\n{index}"));
    format!("vern_{}", &hex::encode(digest)[..32])
}

/// How many batches `rows` rows make.
pub fn batch_count(rows: u64, size: u64) -> u64 {
    rows.div_ceil(size.max(1))
}

/// The rows of batch `index` of a sheet of `rows` rows: (first row index, rows in it).
pub fn batch_rows(index: u64, rows: u64, size: u64) -> (u64, u64) {
    let start = index.saturating_mul(size);
    (start, rows.saturating_sub(start).min(size))
}

/// The endpoint's reply as a report keeps it: the first characters, on one line, with control
/// characters (line breaks included) written as escapes.
pub fn describe_reply(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == REPLY_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// The rows of one batch, as the converter produced them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The batch's index among the sheet's batches.
    pub index: u64,
    /// The position of its first row among the rows sent (`index × size`): the batch numbering.
    /// In snapshot mode every row is sent, so it is also that row's `row_index`.
    pub start: u64,
    /// How many rows it holds.
    pub rows: u64,
    /// The `row_index` (place in `export.csv`) of its first and last rows: `start_row_index` and
    /// `end_row_index` in the payload.
    pub first_row_index: u64,
    pub last_row_index: u64,
    /// The rows as JSON objects separated by commas (the inside of `data: [...]`).
    pub data: Vec<u8>,
    /// Whether it is the sheet's last batch (the input ended after it).
    pub last: bool,
}

impl Built {
    /// The position of its last row among the rows sent.
    pub fn end(&self) -> u64 {
        self.start + self.rows.saturating_sub(1)
    }
}

/// The sink of the `jsonl` converter: one line per row in, batches of `size` rows out, through
/// `emit` (which may block: the converter runs on a thread of its own). See the module docs.
pub struct Batcher<F: FnMut(Built) -> std::io::Result<()>> {
    size: u64,
    emit: F,
    /// A line the last write left unfinished.
    partial: Vec<u8>,
    next_row: u64,
    next_index: u64,
    current: Option<Built>,
    /// A full batch, held until the next row shows it was not the last.
    full: Option<Built>,
    /// Delta mode: the `row_index` of each row sent, by its position among them.
    indices: Option<Vec<u64>>,
}

impl<F: FnMut(Built) -> std::io::Result<()>> Batcher<F> {
    pub fn new(size: u64, emit: F) -> Batcher<F> {
        Batcher {
            size: size.max(1),
            emit,
            partial: Vec::new(),
            next_row: 0,
            next_index: 0,
            current: None,
            full: None,
            indices: None,
        }
    }

    /// Rows that are a selection of the sheet's (delta mode): the `n`th row written gets
    /// `row_index` `indices[n]`, its place in `export.csv`; batches are still cut by the rows
    /// written. A row beyond the list is an error (the selection differs from the one counted).
    pub fn with_indices(mut self, indices: Vec<u64>) -> Batcher<F> {
        self.indices = Some(indices);
        self
    }

    /// Rows seen so far.
    pub fn rows(&self) -> u64 {
        self.next_row
    }

    /// One row: `{...}` as `jsonl` writes it, without its line feed.
    fn row(&mut self, object: &[u8]) -> std::io::Result<()> {
        if let Some(full) = self.full.take() {
            (self.emit)(full)?;
        }
        let (size, index, row) = (self.size, self.next_index, self.next_row);
        let at = match &self.indices {
            None => row,
            Some(list) => *list.get(row as usize).ok_or_else(|| {
                std::io::Error::other("more rows than were selected when the sheet was counted")
            })?,
        };
        let batch = self.current.get_or_insert_with(|| Built {
            index,
            start: row,
            rows: 0,
            first_row_index: at,
            last_row_index: at,
            data: Vec::with_capacity(
                object
                    .len()
                    .saturating_add(24)
                    .saturating_mul(size as usize)
                    .min(1 << 20),
            ),
            last: false,
        });
        if batch.rows > 0 {
            batch.data.push(b',');
        }
        let inner = object
            .strip_prefix(b"{")
            .and_then(|o| o.strip_suffix(b"}"))
            .ok_or_else(|| std::io::Error::other("a converted row is not a JSON object"))?;
        batch.data.push(b'{');
        batch.data.extend_from_slice(inner);
        if !inner.is_empty() {
            batch.data.push(b',');
        }
        write!(batch.data, "\"{ROW_INDEX}\":{at}}}")?;
        batch.last_row_index = at;
        batch.rows += 1;
        self.next_row += 1;
        if batch.rows == size {
            self.full = self.current.take();
            self.next_index += 1;
        }
        Ok(())
    }

    /// The end of the input: the batches still held go out, the last one marked so.
    pub fn finish(mut self) -> std::io::Result<()> {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.row(&line)?;
        }
        match (self.full.take(), self.current.take()) {
            (Some(full), Some(mut current)) => {
                (self.emit)(full)?;
                current.last = true;
                (self.emit)(current)
            }
            (Some(mut only), None) | (None, Some(mut only)) => {
                only.last = true;
                (self.emit)(only)
            }
            (None, None) => Ok(()),
        }
    }
}

impl<F: FnMut(Built) -> std::io::Result<()>> Write for Batcher<F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(nl) = memchr::memchr(b'\n', rest) {
            if self.partial.is_empty() {
                self.row(&rest[..nl])?;
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&rest[..nl]);
                self.row(&line)?;
            }
            rest = &rest[nl + 1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a batch's payload says besides its rows.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub workbook_id: Option<&'a str>,
    pub external_id: Option<&'a str>,
    pub id: &'a str,
    pub index: u64,
    pub total: u64,
    /// When the batch was first made (RFC 3339, UTC, milliseconds); the same on every re-send.
    pub timestamp: &'a str,
    pub sheet_id: &'a str,
    pub sheet: &'a str,
}

/// The request body of a batch: the envelope around its rows, compact JSON, the same bytes for
/// the same batch every time.
pub fn payload(e: &Envelope<'_>, batch: &Built) -> Vec<u8> {
    let s = |v: &str| serde_json::Value::from(v).to_string();
    let mut out = Vec::with_capacity(batch.data.len() + 512);
    out.extend_from_slice(b"{\"version\":");
    out.extend_from_slice(s(VERSION).as_bytes());
    if let Some(w) = e.workbook_id {
        out.extend_from_slice(b",\"workbook_id\":");
        out.extend_from_slice(s(w).as_bytes());
    }
    out.extend_from_slice(b",\"external_id\":");
    match e.external_id {
        Some(x) => out.extend_from_slice(s(x).as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    let head = format!(
        ",\"batch\":{{\"id\":{},\"index\":{},\"total\":{},\"size\":{},\"timestamp\":{}}}",
        s(e.id),
        e.index,
        e.total,
        batch.rows,
        s(e.timestamp)
    );
    out.extend_from_slice(head.as_bytes());
    let sheet = format!(
        ",\"sheets\":[{{\"id\":{},\"name\":{},\"row_count\":{},\"start_row_index\":{},\"end_row_index\":{},\"data\":[",
        s(e.sheet_id),
        s(e.sheet),
        batch.rows,
        batch.first_row_index,
        batch.last_row_index
    );
    out.extend_from_slice(sheet.as_bytes());
    out.extend_from_slice(&batch.data);
    out.extend_from_slice(b"]}]}");
    out
}

/// What a plan keeps of a batch it made without sending it: enough to know its request body's
/// length exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub index: u64,
    /// Its first row's position among the rows sent, and how many.
    pub start: u64,
    pub rows: u64,
    /// Bytes of its `data` as the plan's batcher wrote them (each `row_index` = the position).
    pub data: u64,
}

impl Measured {
    pub fn of(b: &Built) -> Measured {
        Measured {
            index: b.index,
            start: b.start,
            rows: b.rows,
            data: b.data.len() as u64,
        }
    }
}

/// A `batch.timestamp` of the width every one has (RFC 3339, UTC, milliseconds).
const TIMESTAMP_SHAPE: &str = "0000-00-00T00:00:00.000Z";

/// Decimal digits of `n`.
fn digits(n: u64) -> u64 {
    u64::from(n.checked_ilog10().unwrap_or(0)) + 1
}

/// The exact total length of the request bodies of a sheet's batches, from what a plan measured:
/// `e` says everything but the id, index, total and timestamp, which are fixed-width (an id is
/// `vern_` and 32 hex digits, a timestamp 24 characters) or known (index, total). With
/// `indices` (delta mode: each sent row's place in `export.csv`), the run writes those as
/// `row_index` and as the batches' first and last row indices, where the plan's batcher wrote
/// positions: the difference in digits is added.
pub fn bodies_len(e: &Envelope<'_>, batches: &[Measured], indices: Option<&[u64]>) -> u64 {
    let total = batches.len() as u64;
    let at = |n: u64| {
        indices
            .and_then(|ix| ix.get(n as usize).copied())
            .unwrap_or(n)
    };
    let mut sum = 0;
    for m in batches {
        let id = webhook_id("plan", e.sheet_id, m.index);
        let envelope = Envelope {
            id: &id,
            index: m.index,
            total,
            timestamp: TIMESTAMP_SHAPE,
            ..e.clone()
        };
        let shell = Built {
            index: m.index,
            start: m.start,
            rows: m.rows,
            first_row_index: at(m.start),
            last_row_index: at(m.start + m.rows.saturating_sub(1)),
            data: Vec::new(),
            last: m.index + 1 == total,
        };
        sum += payload(&envelope, &shell).len() as u64 + m.data;
        if indices.is_some() {
            for n in m.start..m.start + m.rows {
                sum = sum + digits(at(n)) - digits(n);
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn the_standard_webhooks_test_vector_signs_the_same() {
        // The vector of the Standard Webhooks specification and of Svix's libraries.
        let key = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = sign(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        // Padding is optional, as in Svix.
        let padded = Secret::parse("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQtMTIzNA==").unwrap();
        let bare = Secret::parse("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQtMTIzNA").unwrap();
        let raw = Secret(Hmac::new_from_slice(b"secret-of-another-endpoint-1234").unwrap());
        for k in [&padded, &bare] {
            assert_eq!(sign(k, "id", 1, b"{}"), sign(&raw, "id", 1, b"{}"));
        }
        let extra = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw==").unwrap();
        assert_eq!(sign(&extra, "id", 1, b"{}"), sign(&key, "id", 1, b"{}"));
    }

    #[test]
    fn secrets_are_checked_and_never_shown() {
        assert_eq!(Secret::parse("  ").unwrap_err(), SecretError::Empty);
        assert_eq!(
            Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap_err(),
            SecretError::NoPrefix
        );
        assert_eq!(
            Secret::parse("whsec_not base64!").unwrap_err(),
            SecretError::NotBase64
        );
        assert_eq!(
            Secret::parse("whsec_c2hvcnQ=").unwrap_err(),
            SecretError::TooShort(5)
        );
        let k = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n").unwrap();
        assert_eq!(format!("{k:?}"), "Secret(<redacted>)");
        let t = SecretText("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into());
        assert!(!format!("{t:?}").contains("MfKQ"));
        for e in [
            SecretError::Empty,
            SecretError::NoPrefix,
            SecretError::NotBase64,
            SecretError::TooShort(3),
        ] {
            assert!(!e.to_string().contains("MfKQ"));
        }
    }

    #[test]
    fn ids_are_stable_per_run_sheet_and_index_and_differ_otherwise() {
        let a = webhook_id("20260101T000000-abcdef", "sheet-1", 3);
        assert_eq!(a, webhook_id("20260101T000000-abcdef", "sheet-1", 3));
        assert!(a.starts_with("vern_") && a.len() == 37, "{a}");
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        assert_ne!(a, webhook_id("20260101T000000-abcdef", "sheet-1", 4));
        assert_ne!(a, webhook_id("20260101T000000-abcdef", "sheet-2", 3));
        assert_ne!(a, webhook_id("20260101T000000-abcdeg", "sheet-1", 3));
    }

    #[test]
    fn batch_arithmetic() {
        assert_eq!(batch_count(0, 1000), 0);
        assert_eq!(batch_count(1, 1000), 1);
        assert_eq!(batch_count(1000, 1000), 1);
        assert_eq!(batch_count(2379, 1000), 3);
        assert_eq!(batch_rows(2, 2379, 1000), (2000, 379));
        assert_eq!(batch_rows(1, 2379, 1000), (1000, 1000));
        assert_eq!(batch_rows(3, 2379, 1000), (3000, 0));
    }

    /// Rows through the batcher in pieces that split lines anywhere.
    fn batches(lines: &[&str], size: u64, piece: usize) -> Vec<Built> {
        let mut out = Vec::new();
        let mut b = Batcher::new(size, |x| {
            out.push(x);
            Ok(())
        });
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        for chunk in text.as_bytes().chunks(piece) {
            b.write_all(chunk).unwrap();
        }
        b.finish().unwrap();
        out
    }

    #[test]
    fn rows_become_batches_with_their_index_and_the_last_is_marked() {
        let rows: Vec<String> = (0..5)
            .map(|i| format!("{{\"Email\":\"p{i}@x\"}}"))
            .collect();
        let lines: Vec<&str> = rows.iter().map(String::as_str).collect();
        for piece in [1, 3, 7, 1000] {
            let got = batches(&lines, 2, piece);
            assert_eq!(got.len(), 3, "piece {piece}");
            assert_eq!(
                got.iter()
                    .map(|b| (b.index, b.start, b.rows, b.last))
                    .collect::<Vec<_>>(),
                [(0, 0, 2, false), (1, 2, 2, false), (2, 4, 1, true)]
            );
            let data: Value =
                serde_json::from_slice(&[b"[", &got[1].data[..], b"]"].concat()).unwrap();
            assert_eq!(
                data,
                serde_json::json!([
                    {"Email": "p2@x", "row_index": 2},
                    {"Email": "p3@x", "row_index": 3}
                ])
            );
        }
        // A sheet that ends on a batch boundary: the last full batch is the last.
        let got = batches(&lines[..4], 2, 5);
        assert_eq!(
            got.iter()
                .map(|b| (b.index, b.rows, b.last))
                .collect::<Vec<_>>(),
            [(0, 2, false), (1, 2, true)]
        );
        // One batch holds the whole sheet: its size is the sheet's row count.
        let got = batches(&lines, 10, 4);
        assert_eq!(got.len(), 1);
        assert!(got[0].last && got[0].rows == 5);
        assert!(batches(&[], 10, 4).is_empty());
    }

    #[test]
    fn the_payload_is_the_apis_flat_shape() {
        let rows = [
            r#"{"Email":"ana@x.example","First Name":"Ana \"A\""}"#,
            r#"{"Email":"","First Name":"Bo"}"#,
        ];
        let got = batches(&rows, 1000, 16);
        let e = Envelope {
            workbook_id: Some("wb"),
            external_id: None,
            id: "vern_1",
            index: 0,
            total: 1,
            timestamp: "2026-06-11T10:02:44.000Z",
            sheet_id: "s1",
            sheet: "Contacts",
        };
        let body = payload(&e, &got[0]);
        let doc: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            doc,
            serde_json::json!({
                "version": "1.0",
                "workbook_id": "wb",
                "external_id": null,
                "batch": {"id": "vern_1", "index": 0, "total": 1, "size": 2,
                          "timestamp": "2026-06-11T10:02:44.000Z"},
                "sheets": [{"id": "s1", "name": "Contacts", "row_count": 2,
                            "start_row_index": 0, "end_row_index": 1,
                            "data": [
                                {"Email": "ana@x.example", "First Name": "Ana \"A\"", "row_index": 0},
                                {"Email": "", "First Name": "Bo", "row_index": 1}
                            ]}]
            })
        );
        // Keys in header order, row_index last; workbook_id left out when unknown.
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains(r#"{"Email":"ana@x.example","First Name":"Ana \"A\"","row_index":0}"#)
        );
        let body = payload(
            &Envelope {
                workbook_id: None,
                external_id: Some("nw-1"),
                ..e
            },
            &got[0],
        );
        let doc: Value = serde_json::from_slice(&body).unwrap();
        assert!(doc.get("workbook_id").is_none());
        assert_eq!(doc["external_id"], "nw-1");
    }

    /// Rows through a batcher that knows each row's place in the sheet.
    fn batches_at(lines: &[&str], size: u64, indices: &[u64]) -> Vec<Built> {
        let mut out = Vec::new();
        let mut b = Batcher::new(size, |x| {
            out.push(x);
            Ok(())
        })
        .with_indices(indices.to_vec());
        for l in lines {
            b.write_all(format!("{l}\n").as_bytes()).unwrap();
        }
        b.finish().unwrap();
        out
    }

    #[test]
    fn a_selection_keeps_each_rows_place_in_the_sheet_and_batches_by_rows_sent() {
        let rows: Vec<String> = (0..3).map(|i| format!("{{\"E\":\"r{i}\"}}")).collect();
        let lines: Vec<&str> = rows.iter().map(String::as_str).collect();
        let got = batches_at(&lines, 2, &[4, 9, 12]);
        assert_eq!(
            got.iter()
                .map(|b| (
                    b.index,
                    b.start,
                    b.rows,
                    b.first_row_index,
                    b.last_row_index
                ))
                .collect::<Vec<_>>(),
            [(0, 0, 2, 4, 9), (1, 2, 1, 12, 12)]
        );
        let data: Value = serde_json::from_slice(&[b"[", &got[0].data[..], b"]"].concat()).unwrap();
        assert_eq!(
            data,
            serde_json::json!([{"E": "r0", "row_index": 4}, {"E": "r1", "row_index": 9}])
        );
        let e = Envelope {
            workbook_id: None,
            external_id: None,
            id: "vern_x",
            index: 0,
            total: 2,
            timestamp: "2026-06-11T10:02:44.000Z",
            sheet_id: "s1",
            sheet: "Contacts",
        };
        let doc: Value = serde_json::from_slice(&payload(&e, &got[0])).unwrap();
        assert_eq!(doc["sheets"][0]["start_row_index"], 4);
        assert_eq!(doc["sheets"][0]["end_row_index"], 9);
        // More rows than were selected: the selection changed.
        let mut b = Batcher::new(2, |_| Ok(())).with_indices(vec![0]);
        b.write_all(b"{\"E\":\"a\"}\n").unwrap();
        assert!(b.write_all(b"{\"E\":\"b\"}\n").is_err());
    }

    #[test]
    fn a_plan_measures_the_request_bodies_exactly() {
        let rows: Vec<String> = (0..25)
            .map(|i| format!("{{\"Email\":\"p{i}@x\",\"Name\":\"Zo\\u00eb {i}\"}}"))
            .collect();
        let lines: Vec<&str> = rows.iter().map(String::as_str).collect();
        let e = Envelope {
            workbook_id: Some("wb-1"),
            external_id: Some("nw \"1\""),
            id: "",
            index: 0,
            total: 0,
            timestamp: "",
            sheet_id: "sheet-1",
            sheet: "Contacts",
        };
        // What the run POSTs: its own ids and timestamps, the rows' places in the sheet.
        let sent = |built: &[Built]| -> u64 {
            built
                .iter()
                .map(|b| {
                    let id = webhook_id("20260611T100244-abcdef", "sheet-1", b.index);
                    let env = Envelope {
                        id: &id,
                        index: b.index,
                        total: built.len() as u64,
                        timestamp: "2026-06-11T10:02:44.123Z",
                        ..e.clone()
                    };
                    payload(&env, b).len() as u64
                })
                .sum()
        };
        for size in [1, 7, 10, 25, 1000] {
            let plain = batches(&lines, size, 9);
            let measured: Vec<Measured> = plain.iter().map(Measured::of).collect();
            assert_eq!(bodies_len(&e, &measured, None), sent(&plain), "size {size}");
            // Delta: rows 3, 9, 10, 99, 100, 1000… of a longer sheet.
            let indices: Vec<u64> = (0..25u64).map(|i| i * i * 3 + i).collect();
            let run = batches_at(&lines, size, &indices);
            assert_eq!(
                bodies_len(&e, &measured, Some(&indices)),
                sent(&run),
                "size {size}, a selection"
            );
        }
        assert_eq!(bodies_len(&e, &[], None), 0);
        assert_eq!(
            (digits(0), digits(9), digits(10), digits(1000)),
            (1, 1, 2, 4)
        );
    }

    #[test]
    fn replies_are_cut_short_on_one_line() {
        assert_eq!(
            describe_reply(b"  {\"error\":\"bad\"}\n"),
            "{\"error\":\"bad\"}"
        );
        assert_eq!(describe_reply(b"a\nb\x1b[2Jc"), "a\\nb\\u{1b}[2Jc");
        let long = "x".repeat(500);
        let d = describe_reply(long.as_bytes());
        assert_eq!(d.chars().count(), REPLY_CHARS + 1);
        assert!(d.ends_with('…'));
    }
}

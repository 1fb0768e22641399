//! The delta ledger (delivery.md §1.6): for one (company, sheet, destination, key columns), which
//! rows were delivered — each row's key (BLAKE3 of its key columns' values) and the BLAKE3 of the
//! whole row — so `--mode delta` sends only rows that are new or changed since.
//!
//! A ledger is one file in the state directory: a JSON header line a person can read (what it is
//! for, how many rows, when), then 32 bytes per row (16 of key hash, 16 of row hash) sorted by key
//! — 32 MB for a million rows, read in one go and searched by bisection. It is replaced whole
//! and atomically (temp file, fsync, rename), and only once the destination confirmed what was
//! sent: a delivery writes the next ledger beside the current one first (`.next-RUN`), then makes
//! its file visible, then renames the next ledger into place, so a kill anywhere leaves either
//! the old ledger (the file is sent again) or the new one (it is not), never a ledger ahead of
//! the destination.
//!
//! [`Delta`] is the converter's row selector: it keeps new and changed rows, counts unchanged and
//! removed ones, refuses duplicate keys (naming the key and both rows), and collects the next
//! ledger — every current row, so removed keys drop out (a key that comes back is new).

use super::format::{Row, RowSelector, SelectError, row_hash};
pub use crate::journal::record::DeltaCounts as Counts;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const MAGIC: &str = "vern-ledger";
const SCHEMA: u32 = 1;

/// One delivered row: its key's hash and its content's hash (both BLAKE3, first 16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub key: [u8; 16],
    pub row: [u8; 16],
}

/// What a ledger is for; its header line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct About {
    pub kind: String,
    pub schema: u32,
    pub company: String,
    pub sheet: String,
    pub destination: String,
    pub keys: Vec<String>,
    #[serde(default)]
    pub rows: u64,
    #[serde(default)]
    pub updated_at: String,
}

/// The rows delivered so far to one destination.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub path: PathBuf,
    pub about: About,
    /// Sorted by key, keys unique.
    entries: Vec<Entry>,
}

impl Ledger {
    /// Where the ledger of (company, sheet, destination, key columns) lives. Another key means
    /// another ledger: rows identified differently cannot be compared (so they all count as new).
    pub fn path_for(
        dir: &Path,
        company: &str,
        sheet: &str,
        destination: &str,
        keys: &[String],
    ) -> PathBuf {
        let id = serde_json::json!([company, sheet, destination, keys]);
        let hash = crate::canonical::short_hash(&id, 32);
        dir.join("ledgers").join(format!("{hash}.ledger"))
    }

    /// The ledger at `path`; an empty one (everything is new) when there is none yet.
    pub fn load(path: &Path, about: About) -> Result<Ledger, String> {
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Ledger {
                    path: path.to_path_buf(),
                    about,
                    entries: Vec::new(),
                });
            }
            Err(e) => return Err(format!("cannot read the ledger {}: {e}", path.display())),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read the ledger {}: {e}", path.display()))?;
        let bad = |why: &str| format!("the ledger {} is damaged ({why})", path.display());
        let newline = bytes
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| bad("no header"))?;
        let header: About =
            serde_json::from_slice(&bytes[..newline]).map_err(|e| bad(&e.to_string()))?;
        if header.kind != MAGIC || header.schema != SCHEMA {
            return Err(bad("not a ledger this vern reads"));
        }
        let body = &bytes[newline + 1..];
        if body.len() % 32 != 0 || (body.len() / 32) as u64 != header.rows {
            return Err(bad("its length does not match its row count"));
        }
        let (rows, _) = body.as_chunks::<32>();
        let entries: Vec<Entry> = rows
            .iter()
            .map(|c| Entry {
                key: std::array::from_fn(|i| c[i]),
                row: std::array::from_fn(|i| c[16 + i]),
            })
            .collect();
        if entries.windows(2).any(|w| w[0].key >= w[1].key) {
            return Err(bad("its rows are not in order"));
        }
        Ok(Ledger {
            path: path.to_path_buf(),
            about: header,
            entries,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The row hash delivered under `key`, if any.
    pub fn get(&self, key: &[u8; 16]) -> Option<[u8; 16]> {
        self.entries
            .binary_search_by(|e| e.key.cmp(key))
            .ok()
            .map(|i| self.entries[i].row)
    }

    /// A short fingerprint of the ledger's contents (a saved plan records it: a ledger that
    /// moved since makes the plan stale).
    pub fn version(&self) -> String {
        version_of(&self.entries)
    }

    /// Where a run's next ledger waits until its file is confirmed.
    pub fn next_path(&self, run: &str) -> PathBuf {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.path.with_file_name(format!("{name}.next-{run}"))
    }

    /// Write `entries` (sorted, unique keys) as this ledger's next version, beside it.
    pub fn write_next(&self, run: &str, entries: &[Entry]) -> Result<PathBuf, String> {
        let next = self.next_path(run);
        let about = About {
            rows: entries.len() as u64,
            updated_at: crate::journal::now(),
            ..self.about.clone()
        };
        write_file(&next, &about, entries)
            .map_err(|e| format!("cannot write the ledger {}: {e}", next.display()))?;
        Ok(next)
    }
}

/// The version (`Ledger::version`) a ledger of `entries` has: a webhook run compares the next
/// ledger it selects on a later pass with the one it wrote on its first.
pub fn version_of(entries: &[Entry]) -> String {
    let mut h = blake3::Hasher::new();
    for e in entries {
        h.update(&e.key);
        h.update(&e.row);
    }
    h.finalize().to_hex()[..16].to_string()
}

/// Make a run's next ledger the ledger (after its file was confirmed). Idempotent: a next ledger
/// that is gone was moved already.
pub fn advance(next: &Path, ledger: &Path) -> Result<(), String> {
    match std::fs::rename(next, ledger) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(format!(
                "cannot update the ledger {}: {e}",
                ledger.display()
            ));
        }
    }
    if let Some(dir) = ledger.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Drop a run's next ledger (its file was not delivered: the ledger stays where it was).
pub fn discard(next: &Path) {
    let _ = std::fs::remove_file(next);
}

fn write_file(path: &Path, about: &About, entries: &[Entry]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        serde_json::to_writer(&mut w, about)?;
        w.write_all(b"\n")?;
        for e in entries {
            w.write_all(&e.key)?;
            w.write_all(&e.row)?;
        }
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The ledger's own header for a (company, sheet, destination, keys).
pub fn about(company: &str, sheet: &str, destination: &str, keys: &[String]) -> About {
    About {
        kind: MAGIC.into(),
        schema: SCHEMA,
        company: company.into(),
        sheet: sheet.into(),
        destination: destination.into(),
        keys: keys.to_vec(),
        rows: 0,
        updated_at: String::new(),
    }
}

/// The converter's selector for `--mode delta`, shared with whoever reads the outcome after the
/// converter finished (the converter owns its selector).
#[derive(Clone)]
pub struct Delta(Arc<Mutex<Selection>>);

/// What a delta selection found.
pub struct Selection {
    ledger: Arc<Ledger>,
    keys: Vec<String>,
    sheet: String,
    columns: Vec<usize>,
    /// Every current key → its row's 0-based index (duplicates are refused).
    seen: HashMap<[u8; 16], u64>,
    /// The next ledger: every current row.
    pub next: Vec<Entry>,
    /// The rows kept (sent), with their 0-based index in the sheet: a destination that confirms
    /// them in parts (webhook batches) moves the ledger by what was confirmed.
    pub kept: Vec<(u64, Entry)>,
    /// With [`Delta::keying`]: the key columns' values of each row to send (a deferred cap
    /// orders them).
    keyed: Option<Vec<(Vec<String>, [u8; 16])>>,
    /// With [`Delta::only`]: of the new and changed rows, only these keys are sent.
    only: Option<HashSet<[u8; 16]>>,
    pub counts: Counts,
}

impl Delta {
    pub fn new(ledger: Arc<Ledger>, keys: &[String], sheet: &str) -> Delta {
        Delta(Arc::new(Mutex::new(Selection {
            ledger,
            keys: keys.to_vec(),
            sheet: sheet.to_string(),
            columns: Vec::new(),
            seen: HashMap::new(),
            next: Vec::new(),
            kept: Vec::new(),
            keyed: None,
            only: None,
            counts: Counts::default(),
        })))
    }

    /// The outcome once the converter finished: counts (with `removed`) and the next ledger,
    /// sorted.
    pub fn finish(&self) -> (Counts, Vec<Entry>) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let seen_before = s
            .ledger
            .entries
            .iter()
            .filter(|e| s.seen.contains_key(&e.key))
            .count() as u64;
        s.counts.removed = s.ledger.len() as u64 - seen_before;
        if s.only.is_some() {
            // A deferred share: only what is sent moves; the rest (and removed keys) wait.
            let sent: Vec<Entry> = s.kept.iter().map(|(_, e)| *e).collect();
            return (s.counts, s.ledger.with_confirmed(&sent));
        }
        let mut next = std::mem::take(&mut s.next);
        next.sort_unstable_by_key(|e| e.key);
        (s.counts, next)
    }
}

impl Delta {
    /// Also record the key values of the rows to send (for a deferred cap's key order).
    pub fn keying(self) -> Delta {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).keyed = Some(Vec::new());
        self
    }

    /// Send only the new or changed rows whose key is in `keys` (a deferred cap's share).
    pub fn only(self, keys: HashSet<[u8; 16]>) -> Delta {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).only = Some(keys);
        self
    }

    /// The rows to send with their key values (after [`Delta::keying`]).
    pub fn keyed(&self) -> Vec<(Vec<String>, [u8; 16])> {
        let s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        s.keyed.clone().unwrap_or_default()
    }

    /// The kept rows with their index in the sheet, in sheet order (call after the converter
    /// finished).
    pub fn kept(&self) -> Vec<(u64, Entry)> {
        let s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        s.kept.clone()
    }
}

impl Ledger {
    /// The next ledger when only some of the sent rows were confirmed (a webhook run with failed
    /// batches): the current ledger with the confirmed rows' entries set — unconfirmed rows stay
    /// as they were, so they are sent again, and removed keys stay until a run confirms all.
    pub fn with_confirmed(&self, confirmed: &[Entry]) -> Vec<Entry> {
        let mut map: std::collections::BTreeMap<[u8; 16], [u8; 16]> =
            self.entries.iter().map(|e| (e.key, e.row)).collect();
        for e in confirmed {
            map.insert(e.key, e.row);
        }
        map.into_iter()
            .map(|(key, row)| Entry { key, row })
            .collect()
    }
}

fn first16(h: blake3::Hash) -> [u8; 16] {
    let bytes = h.as_bytes();
    std::array::from_fn(|i| bytes[i])
}

impl RowSelector for Delta {
    fn begin(&mut self, columns: &[String]) -> Result<(), SelectError> {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut idx = Vec::new();
        for k in &s.keys {
            match columns.iter().position(|c| c == k) {
                Some(i) => idx.push(i),
                None => {
                    return Err(format!(
                        "sheet {} has no column {k:?} to identify rows by (its columns: {})",
                        s.sheet,
                        columns.join(", ")
                    )
                    .into());
                }
            }
        }
        s.columns = idx;
        Ok(())
    }

    fn keep(&mut self, row: &Row<'_>) -> Result<bool, SelectError> {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let key = first16(row_hash(
            s.columns.iter().map(|i| row.field(*i).unwrap_or_default()),
        ));
        if let Some(first) = s.seen.insert(key, row.index()) {
            let shown: Vec<String> = s
                .keys
                .iter()
                .zip(&s.columns)
                .map(|(k, i)| {
                    format!(
                        "{k}={}",
                        String::from_utf8_lossy(row.field(*i).unwrap_or_default())
                    )
                })
                .collect();
            return Err(format!(
                "duplicate key {} in rows {} and {} of sheet {}: delta mode needs every key once",
                shown.join(", "),
                first + 1,
                row.index() + 1,
                s.sheet
            )
            .into());
        }
        let hash = first16(row.hash());
        let entry = Entry { key, row: hash };
        s.next.push(entry);
        s.counts.requested += 1;
        let keep = match s.ledger.get(&key) {
            None => {
                s.counts.new += 1;
                true
            }
            Some(before) if before != hash => {
                s.counts.changed += 1;
                true
            }
            Some(_) => {
                s.counts.unchanged += 1;
                false
            }
        };
        if keep && s.keyed.is_some() {
            let values = s
                .columns
                .iter()
                .map(|i| String::from_utf8_lossy(row.field(*i).unwrap_or_default()).into_owned())
                .collect();
            if let Some(keyed) = s.keyed.as_mut() {
                keyed.push((values, key));
            }
        }
        let keep = keep && s.only.as_ref().is_none_or(|only| only.contains(&key));
        if keep {
            s.kept.push((row.index(), entry));
        }
        Ok(keep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::format::{ChunkSink, Converter, Format, Options};

    fn convert(ledger: &Arc<Ledger>, csv: &str) -> Result<(String, Counts, Vec<Entry>), String> {
        let delta = Delta::new(ledger.clone(), &["Email".to_string()], "Contacts");
        let opts = Options::new(Format::Csv, false, "Contacts");
        let mut conv = Converter::selecting(&opts, ChunkSink::default(), delta.clone());
        conv.push(csv.as_bytes()).map_err(|e| format!("{e:#}"))?;
        let (mut sink, _) = conv.finish().map_err(|e| format!("{e:#}"))?;
        let (counts, next) = delta.finish();
        Ok((
            String::from_utf8(sink.take().to_vec()).unwrap(),
            counts,
            next,
        ))
    }

    #[test]
    fn new_changed_unchanged_removed_and_a_ledger_that_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = Ledger::path_for(dir.path(), "c", "s", "/out", &["Email".into()]);
        let about = about("c", "s", "/out", &["Email".into()]);
        let empty = Arc::new(Ledger::load(&path, about.clone()).unwrap());
        let first = "Email,Name\na@x,Ana\nb@x,Bo\nc@x,Cy\n";
        let (out, counts, next) = convert(&empty, first).unwrap();
        assert_eq!(out, first);
        assert_eq!((counts.new, counts.changed, counts.unchanged), (3, 0, 0));
        let written = empty.write_next("r1", &next).unwrap();
        advance(&written, &path).unwrap();
        assert!(!written.exists());

        let ledger = Arc::new(Ledger::load(&path, about).unwrap());
        assert_eq!(ledger.len(), 3);
        let second = "Email,Name\na@x,Ana\nb@x,Bob\nd@x,Di\n";
        let (out, counts, next) = convert(&ledger, second).unwrap();
        assert_eq!(
            out, "Email,Name\nb@x,Bob\nd@x,Di\n",
            "only changed and new rows"
        );
        assert_eq!(
            counts,
            Counts {
                requested: 3,
                new: 1,
                changed: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(next.len(), 3, "c@x dropped out, d@x came in");
        // Only the changed row confirmed: d@x stays new, c@x stays (not yet removed).
        let changed: Vec<Entry> = next
            .iter()
            .filter(|e| ledger.get(&e.key).is_some_and(|r| r != e.row))
            .copied()
            .collect();
        assert_eq!(changed.len(), 1);
        let partial = ledger.with_confirmed(&changed);
        assert_eq!(partial.len(), 3);
        assert!(partial.contains(&changed[0]));
        assert_ne!(ledger.version(), empty.version());
    }

    #[test]
    fn duplicate_keys_are_refused_naming_the_key_and_both_rows() {
        let dir = tempfile::tempdir().unwrap();
        let about = about("c", "s", "/out", &["Email".into()]);
        let ledger = Arc::new(Ledger::load(&dir.path().join("l"), about).unwrap());
        let e = convert(&ledger, "Email,Name\na@x,Ana\nb@x,Bo\na@x,Other\n").unwrap_err();
        assert!(e.contains("duplicate key Email=a@x in rows 1 and 3"), "{e}");
        let e = convert(&ledger, "Mail,Name\na@x,Ana\n").unwrap_err();
        assert!(e.contains("no column \"Email\""), "{e}");
    }

    #[test]
    fn a_damaged_ledger_is_an_error_not_a_silent_full_resend() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        std::fs::write(&path, b"{\"kind\":\"vern-ledger\",\"schema\":1,\"company\":\"c\",\"sheet\":\"s\",\"destination\":\"d\",\"keys\":[],\"rows\":2}\nshort").unwrap();
        let e = Ledger::load(&path, about("c", "s", "d", &[])).unwrap_err();
        assert!(e.contains("damaged"), "{e}");
    }
}

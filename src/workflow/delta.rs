//! `--mode delta` inside the delivery step: each file's rows compared with its ledger (only new
//! and changed rows are written), and the ledger moved exactly when the destination confirmed the
//! file — the next ledger is written before the commit and renamed into place after it, and a
//! resumed run finishes (or drops) what a killed one left between the two. A webhook delivery
//! ([`open`], [`confirm`]) does the same per sheet: the next ledger is written once the rows are
//! counted, and moved when every batch of the sheet is acknowledged.

use crate::deliver::ledger::{self, Delta, Ledger};
use crate::journal::record::{DeliveredFile, DeltaStep, FileState};
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What identifies rows, per sheet, and where the ledgers live.
#[derive(Debug, Clone)]
pub struct DeltaSpec {
    /// The state directory (ledgers go in `ledgers/` under it).
    pub dir: PathBuf,
    /// The key columns of each sheet, in the order of `Spec::sheets`.
    pub keys: Vec<Vec<String>>,
}

/// A file's ledger and the selector that compares with it.
pub struct Prepared {
    selector: Delta,
    ledger: Arc<Ledger>,
    keys: Vec<String>,
    sheet: String,
    /// Held while the file is delivered: two deliveries to one destination never interleave
    /// their ledger updates.
    _lock: std::fs::File,
}

/// Load the ledger of sheet `i` for `destination` and make the selector that compares with it.
pub fn prepare(
    delta: &DeltaSpec,
    company: &str,
    destination: &str,
    file: &mut DeliveredFile,
    i: usize,
) -> Result<Prepared> {
    let sheet = if file.sheet.is_empty() {
        file.sheet_id.clone()
    } else {
        file.sheet.clone()
    };
    let p = open(delta, company, destination, &file.sheet_id, &sheet, i)?;
    file.delta = Some(p.step());
    Ok(p)
}

/// Load (and lock) the ledger of sheet `i` (id `sheet_id`, named `sheet` in messages) for
/// `destination`, and make the selector that compares with it.
pub fn open(
    delta: &DeltaSpec,
    company: &str,
    destination: &str,
    sheet_id: &str,
    sheet: &str,
    i: usize,
) -> Result<Prepared> {
    let keys = delta.keys.get(i).cloned().unwrap_or_default();
    let path = Ledger::path_for(&delta.dir, company, sheet_id, destination, &keys);
    let lock = lock(&path)?;
    let about = ledger::about(company, sheet_id, destination, &keys);
    let ledger = Arc::new(Ledger::load(&path, about).map_err(|e| anyhow!(e))?);
    let selector = Delta::new(ledger.clone(), &keys, sheet);
    Ok(Prepared {
        selector,
        ledger,
        keys,
        sheet: sheet.to_string(),
        _lock: lock,
    })
}

impl Prepared {
    /// A selector for one attempt at the file (a restarted file compares from the start).
    pub fn selector(&mut self) -> Delta {
        self.selector = Delta::new(self.ledger.clone(), &self.keys, &self.sheet);
        self.selector.clone()
    }

    /// The ledger as loaded (and locked).
    pub fn ledger(&self) -> &Arc<Ledger> {
        &self.ledger
    }

    /// The journal's record of the ledger before anything was selected.
    pub fn step(&self) -> DeltaStep {
        DeltaStep {
            ledger: self.ledger.path.display().to_string(),
            keys: self.keys.clone(),
            next: None,
            advanced: false,
            counts: Default::default(),
        }
    }
}

fn lock(ledger: &Path) -> Result<std::fs::File> {
    let lock = ledger.with_extension("lock");
    if let Some(dir) = lock.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)?;
    if f.try_lock().is_err() {
        return Err(anyhow!(
            "another vern is delivering to the same destination with the same ledger ({}); try again when it is done",
            lock.display()
        ));
    }
    Ok(f)
}

/// After the file was converted (`rows` written): the counts, and the next ledger written beside
/// the current one (not yet in place). Returns whether there is anything to send.
pub fn converted(p: &Prepared, file: &mut DeliveredFile, run: &str, rows: u64) -> Result<bool> {
    let (counts, next) = p.selector.finish();
    let written = p.ledger.write_next(run, &next).map_err(|e| anyhow!(e))?;
    if let Some(d) = file.delta.as_mut() {
        d.counts = counts;
        d.next = Some(written.display().to_string());
    }
    Ok(rows > 0)
}

/// The destination confirmed the file (or there was nothing to send): the next ledger becomes
/// the ledger. Idempotent.
pub fn confirmed(file: &mut DeliveredFile) -> Result<()> {
    confirm(&mut file.delta)
}

/// A sheet's destination confirmed everything (a file, or every webhook batch): its next ledger
/// becomes the ledger. Idempotent.
pub fn confirm(delta: &mut Option<DeltaStep>) -> Result<()> {
    let Some(d) = delta.as_mut() else {
        return Ok(());
    };
    if d.advanced {
        return Ok(());
    }
    if let Some(next) = &d.next {
        ledger::advance(Path::new(next), Path::new(&d.ledger)).map_err(|e| anyhow!(e))?;
    }
    d.advanced = true;
    Ok(())
}

/// The file was not delivered: its next ledger goes, the ledger stays.
pub fn dropped(file: &mut DeliveredFile) {
    if let Some(d) = file.delta.as_mut()
        && let Some(next) = d.next.take()
    {
        ledger::discard(Path::new(&next));
    }
}

/// On resume: a file confirmed before the kill gets its ledger moved; a file that starts over
/// drops its next ledger. Returns whether the record changed.
pub fn recover(file: &mut DeliveredFile) -> Result<bool> {
    let Some(d) = file.delta.as_ref() else {
        return Ok(false);
    };
    match file.state {
        FileState::Committed | FileState::NothingNew if !d.advanced => {
            confirmed(file)?;
            Ok(true)
        }
        FileState::Planned if d.next.is_some() => {
            dropped(file);
            Ok(true)
        }
        _ => Ok(false),
    }
}

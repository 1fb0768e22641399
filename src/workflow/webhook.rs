//! The webhook step of a delivery (`vern deliver --to https://…`, delivery.md §1.5): every
//! sheet's rows as signed JSON batches, each acknowledged by the endpoint exactly once — sent at
//! least once, under an id that never changes. Entered from `workflow::deliver::deliver`.
//!
//! Per sheet:
//! 1. **Spool.** `export.csv` is downloaded into an unnamed temporary file in the state directory
//!    (it disappears when vern exits, however it exits). `batch.total` must be in the first
//!    batch, so the rows are counted before anything is sent — in the spooled file, which gives
//!    the exact count whether the server sends `X-Total-Records` or not (when it does, the two
//!    must agree: a difference stops the sheet before its first batch). And a sender that waits
//!    minutes on a slow or failing endpoint never holds an API download open meanwhile (its idle
//!    and pace limits would cut it off). A download that breaks off is started over by the
//!    client, as for `vern download -o`.
//! 2. **Count.** The spool goes through the converter (as `jsonl`, so a cell that is not UTF-8
//!    stops the sheet before its first batch, not after some). The count is journaled the first
//!    time and checked on every later pass: a sheet whose rows changed since the run started is
//!    refused, since its batches' ids would then carry other rows (`--new` delivers afresh).
//! 3. **Send.** The spool goes through the converter again into `deliver::webhook::Batcher`;
//!    each batch not acknowledged yet is written ahead (`sending`, with its body's SHA-256 and its
//!    `batch.timestamp`), POSTed by `deliver::endpoint`, then journaled `acknowledged` (in
//!    [`acknowledged`], the one place that records it) or `failed`. A re-sent batch is the same
//!    request body under the same id; a body that would differ is refused.
//!
//! Delta (`--mode delta`, delivery.md §1.6): the count pass selects through the sheet's ledger
//! (locked while the sheet is delivered): `rows` is then the rows selected (new and changed, or
//! a deferred cap's share of them), the next ledger is written and journaled with the ledger's
//! version before the first batch, and the send pass selects the same rows again — each keeping
//! its place in `export.csv` as its `row_index`. The ledger moves once every batch of the sheet is
//! acknowledged (a run killed between the last acknowledgement and the move makes it on resume);
//! a sheet with nothing to send sends no batch and still moves it (removed rows drop out). A
//! sheet with failed batches keeps its ledger: the same command continues the same selection; a
//! later pass refuses a ledger that moved meanwhile. `--new` after failed batches selects against
//! the unmoved ledger, so it sends the acknowledged rows again under new ids (at least once).
//!
//! Outcomes: a refused batch (4xx) is recorded and the run goes on; the run then ends with exit 6
//! and stays unfinished, so the same command (or `vern resume`) sends only the batches not
//! acknowledged. 401 and 403 stop the run (exit 3): the endpoint does not take the signature, and
//! every other batch would be refused alike. An endpoint still failing after the retries stops
//! the run (exit 1), continued by the same command. No manifest: the endpoint's acknowledgements
//! are the record.

use super::Progress;
use super::deliver::{Spec, damaged, step_mut};
use super::delta::{self, Prepared};
use super::download::Checks;
use crate::api::Client;
use crate::api::download::{Downloaded, Expect, Output};
use crate::deliver::endpoint::{Answer, Endpoint, Unsent};
use crate::deliver::format::{ConvertError, Converter, Format, Options as Convert, Summary};
use crate::deliver::ledger::{self, Delta, Ledger};
use crate::deliver::target::Target;
use crate::deliver::webhook::{self, Batcher, Built, DEFAULT_BATCH_SIZE, Envelope, Secret};
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{BatchState, DeltaCounts, WebhookBatch, WebhookSheet, WebhookStep};
use crate::journal::{OpHandle, checkpoint, now};
use crate::model::delivery::{BatchView, DeliveryView, SheetView};
use crate::model::migrate::Milestone;
use anyhow::{Context as _, Result};
use bytes::Bytes;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::ops::RangeInclusive;
use tokio::sync::mpsc;

/// Bytes of the spool read at a time.
const READ: usize = 256 << 10;

/// What a webhook delivery needs besides the common `Spec`.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--batch-size`: rows per batch (part of the delivery's identity: it decides the batches).
    pub batch_size: u64,
    /// The company's workbook, when vern knows it (`workbook_id`, left out otherwise).
    pub workbook_id: Option<String>,
    /// The signing key (`VERN_WEBHOOK_SECRET` or a stored entry); never in the identity, the
    /// journal or any output, so a run refused for a wrong secret continues under the right one.
    pub secret: Option<Secret>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: DEFAULT_BATCH_SIZE,
            workbook_id: None,
            secret: None,
        }
    }
}

/// What makes a second invocation the same webhook delivery: the endpoint, the company, the
/// sheets, the filter, the batch size (which decides every batch and so every id) and the mode
/// with its keys (which decide the rows). `--format`, `--gzip`, `--name` and the file options do
/// not apply and do not count.
pub fn identity(spec: &Spec) -> Value {
    let mut sheets: Vec<&str> = spec.sheets.iter().map(|s| s.id.as_str()).collect();
    sheets.sort_unstable();
    let mut id = json!({
        "company": spec.company,
        "to": spec.target.to_string(),
        "sheets": sheets,
        "filter": spec.filter,
        "batch_size": spec.webhook.batch_size,
    });
    // Only a delta delivery says so: a snapshot keeps the identity it always had, so an
    // unfinished one started by an earlier vern is still continued by the same command.
    if let Some(d) = &spec.delta {
        id["mode"] = json!("delta");
        id["keys"] = json!(d.keys);
    }
    id
}

/// Send every sheet's batches that the endpoint has not acknowledged yet.
pub(crate) async fn deliver(
    op: &mut OpHandle,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    progress: &dyn Progress,
) -> Result<DeliveryView> {
    let Target::Webhook(url) = &spec.target else {
        anyhow::bail!("not a webhook destination: {}", spec.target);
    };
    let secret = spec.webhook.secret.clone().ok_or_else(|| {
        UserError::new(ExitCode::Auth, "no signing secret for the webhook").with_hint(SECRET_HINT)
    })?;
    let endpoint = Endpoint::new(url.clone(), secret, client).map_err(UserError::input)?;
    plan(op, spec)?;
    for i in 0..webhook_step(op)?.sheets.len() {
        let size = webhook_step(op)?.batch_size;
        if webhook_step(op)?.sheets[i].is_done(size) {
            // Killed after the last acknowledgement, before the ledger moved: move it now.
            advance(op, i)?;
            continue;
        }
        deliver_sheet(op, client, spec, checks, &endpoint, i, progress).await?;
        let s = &webhook_step(op)?.sheets[i];
        progress.note(&Milestone::SheetSent {
            sheet: label(s),
            acknowledged: s.acknowledged_count(),
            batches: s.batches(size).unwrap_or(0),
            rows: s.acknowledged_rows,
        });
    }
    let size = webhook_step(op)?.batch_size;
    let all = webhook_step(op)?.sheets.iter().all(|s| s.is_done(size));
    let step = step_mut(op)?;
    if all && step.completed_at.is_none() {
        step.completed_at = Some(now());
        op.save()?;
    }
    view(op, spec)
}

const SECRET_HINT: &str = "set VERN_WEBHOOK_SECRET=whsec_… (the endpoint's signing secret), or store it once with `vern auth login --webhook-secret NAME` and pass --webhook-secret NAME";

/// The run and its sheets, journaled before anything is read.
fn plan(op: &mut OpHandle, spec: &Spec) -> Result<()> {
    if op.op.delivery.is_some() {
        return Ok(());
    }
    let sheets = spec
        .sheets
        .iter()
        .map(|s| WebhookSheet {
            sheet_id: s.id.clone(),
            sheet: s.name.clone(),
            rows: None,
            acknowledged: Vec::new(),
            acknowledged_rows: 0,
            acknowledged_bytes: 0,
            open: Vec::new(),
            delta: None,
            ledger_version: None,
        })
        .collect();
    let run = op.id().to_string();
    super::deliver::planned(
        op,
        spec,
        run,
        now(),
        Vec::new(),
        Some(WebhookStep {
            batch_size: spec.webhook.batch_size,
            sheets,
        }),
    )
}

fn webhook_step(op: &OpHandle) -> Result<&WebhookStep> {
    op.op
        .delivery
        .as_ref()
        .and_then(|d| d.webhook.as_ref())
        .ok_or_else(|| damaged(op.id(), "webhook step"))
}

fn sheet_mut(op: &mut OpHandle, i: usize) -> Result<&mut WebhookSheet> {
    let id = op.id().to_string();
    step_mut(op)?
        .webhook
        .as_mut()
        .and_then(|w| w.sheets.get_mut(i))
        .ok_or_else(|| damaged(&id, "webhook sheet"))
}

/// How a sheet is named in messages: its name, else its id.
fn label(s: &WebhookSheet) -> &str {
    if s.sheet.is_empty() {
        &s.sheet_id
    } else {
        &s.sheet
    }
}

/// One sheet: spool, count (and, delta, select), send; then (delta) move the ledger.
async fn deliver_sheet(
    op: &mut OpHandle,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    endpoint: &Endpoint,
    i: usize,
    progress: &dyn Progress,
) -> Result<()> {
    let (sheet_id, name) = {
        let s = &webhook_step(op)?.sheets[i];
        (s.sheet_id.clone(), label(s).to_string())
    };
    let (spool, got) = spool(op, client, spec, checks, &sheet_id, &name).await?;
    // Held until the sheet is done: no other delivery to this endpoint moves its ledger meanwhile.
    let mut prepared = match &spec.delta {
        Some(d) => Some(delta::open(
            d,
            &spec.company,
            &spec.destination_id(),
            &sheet_id,
            &name,
            i,
        )?),
        None => None,
    };
    let only = spec
        .allowed
        .as_ref()
        .map(|a| a.get(&sheet_id).cloned().unwrap_or_default());
    let mut select = |p: &mut Prepared| match &only {
        Some(keys) => p.selector().only(keys.clone()),
        None => p.selector(),
    };
    let counting = prepared.as_mut().map(&mut select);
    let (counted, source) = convert(&spool, &name, None, counting.clone()).await?;
    if let Some(want) = spec.expect_sources.as_ref().and_then(|e| e.get(&sheet_id))
        && *want != source
    {
        return Err(UserError::new(
            ExitCode::Refused,
            format!(
                "the rows of sheet {name} changed since the saved plan was made; none of its batches were sent"
            ),
        )
        .with_hint("make a new plan: vern deliver … --plan-out FILE")
        .into());
    }
    if let Some(header) = got.records
        && header != counted.rows_read
    {
        return Err(UserError::input(format!(
            "sheet {name}: export.csv holds {} rows, but the server announced {header} (X-Total-Records); nothing of the sheet was sent",
            counted.rows_read
        ))
        .with_hint("the download may be incomplete or the sheet changing; re-run the same command to try again")
        .into());
    }
    let rows = counted.rows;
    if let (Some(p), Some(sel)) = (&prepared, &counting) {
        selected(op, i, p, sel, &name)?;
    }
    match sheet_mut(op, i)?.rows {
        None => {
            sheet_mut(op, i)?.rows = Some(rows);
            op.save()?;
        }
        Some(planned) if planned != rows => {
            let what = if prepared.is_some() {
                "rows to send"
            } else {
                "rows"
            };
            return Err(UserError::input(format!(
                "sheet {name} has {rows} {what} now, but {planned} when this delivery started: its batches' ids stand for the rows as they were"
            ))
            .with_hint("deliver the sheet as it is now with --new (a new run, new batch ids); the endpoint keeps the batches it acknowledged")
            .into());
        }
        Some(_) => {}
    }
    let size = webhook_step(op)?.batch_size;
    let total = webhook::batch_count(rows, size);
    if total > 0 {
        // The same selection again (a fresh selector on the same ledger): the same rows in the
        // same batches, each with its place in the sheet.
        let sending = prepared.as_mut().map(&mut select);
        let indices = counting
            .as_ref()
            .map(|s| s.kept().into_iter().map(|(at, _)| at).collect());
        send_sheet(
            op,
            spec,
            endpoint,
            i,
            &spool,
            &name,
            rows,
            (sending, indices),
            progress,
        )
        .await?;
    }
    advance(op, i)
}

/// Delta, after the count pass: the first pass writes the next ledger and journals it with the
/// counts and the ledger's version; a later pass of the run checks that the ledger did not move
/// and that the rows select as they did.
fn selected(op: &mut OpHandle, i: usize, p: &Prepared, sel: &Delta, name: &str) -> Result<()> {
    let run = step_mut(op)?.run.clone();
    let current = p.ledger();
    let (counts, next) = sel.finish();
    let version = current.version();
    let s = sheet_mut(op, i)?;
    match (&s.delta, &s.ledger_version) {
        (Some(d), Some(was)) => {
            if *was != version {
                return Err(UserError::input(format!(
                    "the delta ledger of sheet {name} moved since this delivery started (another delivery to the endpoint ran): its batches' ids stand for the rows selected then"
                ))
                .with_hint("deliver what is new now with --new (a new run, new batch ids); the endpoint keeps the batches it acknowledged")
                .into());
            }
            let same = d.next.as_ref().is_some_and(|path| {
                Ledger::load(std::path::Path::new(path), current.about.clone())
                    .is_ok_and(|l| l.version() == ledger::version_of(&next))
            });
            if !same {
                return Err(UserError::input(format!(
                    "the rows of sheet {name} changed since this delivery started: its batches' ids stand for the rows as they were"
                ))
                .with_hint("deliver the sheet as it is now with --new (a new run, new batch ids); the endpoint keeps the batches it acknowledged")
                .into());
            }
            Ok(())
        }
        _ => {
            let written = current
                .write_next(&run, &next)
                .map_err(|e| anyhow::anyhow!(e))?;
            let mut step = p.step();
            step.counts = counts;
            step.next = Some(written.display().to_string());
            s.delta = Some(step);
            s.ledger_version = Some(version);
            op.save()?;
            checkpoint("deliver:ledger-written");
            Ok(())
        }
    }
}

/// Every batch of sheet `i` acknowledged (or none to send): its next ledger becomes the ledger.
/// Idempotent; nothing for a snapshot or a sheet not done.
fn advance(op: &mut OpHandle, i: usize) -> Result<()> {
    let size = webhook_step(op)?.batch_size;
    let s = sheet_mut(op, i)?;
    if !s.is_done(size) || s.delta.as_ref().is_none_or(|d| d.advanced) {
        return Ok(());
    }
    delta::confirm(&mut s.delta)?;
    op.save()?;
    checkpoint("deliver:ledger-advanced");
    Ok(())
}

/// The send pass of one sheet: the spool through the converter (and the selector) into batches,
/// each not acknowledged yet sent as it is made.
#[allow(clippy::too_many_arguments)]
async fn send_sheet(
    op: &mut OpHandle,
    spec: &Spec,
    endpoint: &Endpoint,
    i: usize,
    spool: &std::fs::File,
    name: &str,
    rows: u64,
    selection: (Option<Delta>, Option<Vec<u64>>),
    progress: &dyn Progress,
) -> Result<()> {
    let size = webhook_step(op)?.batch_size;
    let total = webhook::batch_count(rows, size);
    let (selector, indices) = selection;
    let (tx, rx) = mpsc::channel::<Built>(1);
    let converting = convert(spool, name, Some((size, tx, indices)), selector);
    let sending = async {
        // Owned here: a sender that stops drops it, which stops the converter.
        let mut rx = rx;
        while let Some(b) = rx.recv().await {
            let (start, len) = webhook::batch_rows(b.index, rows, size);
            if b.index >= total
                || b.start != start
                || b.rows != len
                || b.last != (b.index + 1 == total)
            {
                anyhow::bail!(
                    "sheet {name}: batch {} (rows {}–{}) does not match the sheet's {rows} rows in batches of {size}",
                    b.index,
                    b.start,
                    b.end()
                );
            }
            if webhook_step(op)?.sheets[i].is_acknowledged(b.index) {
                continue;
            }
            send_batch(op, spec, endpoint, i, total, b, progress).await?;
        }
        Ok(())
    };
    let (converted, sent) = tokio::join!(converting, sending);
    // A sender that stopped stops the converter (its channel closes): the sender's reason wins.
    sent?;
    converted?;
    Ok(())
}

/// The sheet's `export.csv` in an unnamed temporary file of the state directory.
async fn spool(
    op: &OpHandle,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    sheet_id: &str,
    name: &str,
) -> Result<(std::fs::File, Downloaded)> {
    let file = tempfile::tempfile_in(op.dir()).with_context(|| {
        format!(
            "cannot make a temporary file in the state directory {}",
            op.dir().display()
        )
    })?;
    let expect = Expect {
        headers: checks.headers.clone(),
        named_by_server: false,
        label: Some(format!("read sheet {name}")),
    };
    let got = client
        .download_csv(
            &spec.company,
            sheet_id,
            spec.filter,
            &expect,
            Output::File(&file),
        )
        .await
        .map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "sheet {name} could not be read; none of its batches were sent"
            ))
        })?;
    Ok((file, got))
}

/// The spool through the converter (as `jsonl`, through `selector` in delta mode), on a thread
/// of its own: only counted and checked when `batches` is `None`, else cut into batches sent on
/// the channel (with each row's place in the sheet, for a selection). Also returns the BLAKE3 of
/// the spool (`export.csv` as served), which a saved plan recorded.
async fn convert(
    spool: &std::fs::File,
    name: &str,
    batches: Option<(u64, mpsc::Sender<Built>, Option<Vec<u64>>)>,
    selector: Option<Delta>,
) -> Result<(Summary, String)> {
    let mut file = spool
        .try_clone()
        .context("cannot read the spooled export.csv")?;
    let sheet = name.to_string();
    let done = tokio::task::spawn_blocking(move || -> Result<(Summary, String), Stopped> {
        file.rewind().map_err(Stopped::Read)?;
        let opts = Convert::new(Format::Jsonl, false, sheet);
        let mut buf = vec![0u8; READ];
        let mut hash = blake3::Hasher::new();
        /// Every byte of the spool into `conv`.
        fn feed<W: std::io::Write>(
            file: &mut std::fs::File,
            buf: &mut [u8],
            hash: &mut blake3::Hasher,
            conv: &mut Converter<W>,
        ) -> Result<(), Stopped> {
            loop {
                let n = read(file, buf)?;
                if n == 0 {
                    return Ok(());
                }
                hash.update(&buf[..n]);
                conv.push(&buf[..n]).map_err(Stopped::Convert)?;
            }
        }
        let summary = match batches {
            None => {
                let mut conv = Converter::maybe_selecting(&opts, std::io::sink(), selector);
                feed(&mut file, &mut buf, &mut hash, &mut conv)?;
                let (_, summary) = conv.finish().map_err(Stopped::Convert)?;
                if summary.columns.iter().any(|c| c == webhook::ROW_INDEX) {
                    return Err(Stopped::RowIndexColumn);
                }
                summary
            }
            Some((size, tx, indices)) => {
                let emit = move |b: Built| {
                    tx.blocking_send(b).map_err(|_| {
                        std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the sender stopped")
                    })
                };
                let batcher = Batcher::new(size, emit);
                let batcher = match indices {
                    Some(list) => batcher.with_indices(list),
                    None => batcher,
                };
                let mut conv = Converter::maybe_selecting(&opts, batcher, selector);
                feed(&mut file, &mut buf, &mut hash, &mut conv)?;
                let (batcher, summary) = conv.finish().map_err(Stopped::Convert)?;
                batcher
                    .finish()
                    .map_err(|e| Stopped::Convert(ConvertError::Write(e)))?;
                summary
            }
        };
        Ok((summary, hash.finalize().to_hex().to_string()))
    })
    .await;
    match done {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(Stopped::Convert(ConvertError::Write(e))))
            if e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            // The sender stopped and says why itself.
            Err(anyhow::anyhow!("the webhook sender stopped"))
        }
        Ok(Err(Stopped::Convert(e))) => Err(anyhow::Error::new(e)
            .context(format!("sheet {name} cannot be sent as JSON; none of its batches were sent"))),
        Ok(Err(Stopped::Read(e))) => {
            Err(anyhow::Error::new(e).context("cannot read the spooled export.csv"))
        }
        Ok(Err(Stopped::RowIndexColumn)) => Err(UserError::input(format!(
            "sheet {name} has a column named \"{}\", which the webhook payload uses for each row's position",
            webhook::ROW_INDEX
        ))
        .with_hint("deliver this sheet to a file destination instead (--to DIR --format jsonl)")
        .into()),
        Err(e) => Err(anyhow::anyhow!("the converter thread failed: {e}")),
    }
}

fn read(file: &mut std::fs::File, buf: &mut [u8]) -> Result<usize, Stopped> {
    loop {
        match file.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Stopped::Read(e)),
        }
    }
}

/// How the converter's thread ended, when it did not finish.
enum Stopped {
    Convert(ConvertError),
    Read(std::io::Error),
    RowIndexColumn,
}

/// One batch: written ahead, sent, and journaled with the endpoint's answer.
async fn send_batch(
    op: &mut OpHandle,
    spec: &Spec,
    endpoint: &Endpoint,
    i: usize,
    total: u64,
    b: Built,
    progress: &dyn Progress,
) -> Result<()> {
    let run = step_mut(op)?.run.clone();
    let (sheet_id, name) = {
        let s = &webhook_step(op)?.sheets[i];
        (s.sheet_id.clone(), label(s).to_string())
    };
    let id = webhook::webhook_id(&run, &sheet_id, b.index);
    let earlier = webhook_step(op)?.sheets[i].open_batch(b.index).cloned();
    let timestamp = earlier
        .as_ref()
        .map(|e| e.timestamp.clone())
        .unwrap_or_else(|| {
            humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
        });
    let body = webhook::payload(
        &Envelope {
            workbook_id: spec.webhook.workbook_id.as_deref(),
            external_id: spec.external_id.as_deref(),
            id: &id,
            index: b.index,
            total,
            timestamp: &timestamp,
            sheet_id: &sheet_id,
            sheet: &name,
        },
        &b,
    );
    let sha = hex::encode(Sha256::digest(&body));
    if let Some(e) = &earlier
        && e.body_sha256 != sha
    {
        return Err(UserError::input(format!(
            "batch {} of sheet {name} (webhook-id {id}) would now carry other rows than when it was first sent",
            b.index
        ))
        .with_hint("deliver the sheet as it is now with --new (a new run, new batch ids)")
        .into());
    }
    let attempts_before = earlier.as_ref().map_or(0, |e| e.attempts);
    {
        let s = sheet_mut(op, i)?;
        s.open.retain(|o| o.index != b.index);
        s.open.push(WebhookBatch {
            index: b.index,
            state: BatchState::Sending,
            timestamp: timestamp.clone(),
            body_sha256: sha.clone(),
            attempts: attempts_before,
            status: earlier.as_ref().and_then(|e| e.status),
            error: earlier.as_ref().and_then(|e| e.error.clone()),
        });
        s.open.sort_by_key(|o| o.index);
    }
    op.save()?;
    checkpoint("deliver:batch-sending");
    let bytes = body.len() as u64;
    let mut said = false;
    let answer = endpoint
        .post(&id, Bytes::from(body), |_, _, reason| {
            if !said {
                said = true;
                progress.note(&Milestone::BatchRetried {
                    sheet: &name,
                    index: b.index,
                    reason,
                });
            }
        })
        .await;
    let record = |op: &mut OpHandle,
                  state: BatchState,
                  attempts: u32,
                  status: Option<u16>,
                  error: Option<String>|
     -> Result<()> {
        let s = sheet_mut(op, i)?;
        if let Some(o) = s.open.iter_mut().find(|o| o.index == b.index) {
            o.state = state;
            o.attempts = attempts_before + attempts;
            if status.is_some() {
                o.status = status;
            }
            o.error = error;
        }
        Ok(())
    };
    match answer {
        Ok(Answer::Acknowledged { .. }) => {
            checkpoint("deliver:batch-sent");
            acknowledged(op, i, b.index, b.start..=b.end(), bytes)?;
            checkpoint("deliver:batch-acknowledged");
            Ok(())
        }
        Ok(Answer::Refused {
            status,
            reply,
            attempts,
        }) => {
            let mut error = if reply.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {reply}")
            };
            if status == 413 {
                error.push_str(" (too large for the endpoint: a smaller --batch-size, in a new delivery with --new, makes smaller batches)");
            }
            record(op, BatchState::Failed, attempts, Some(status), Some(error))?;
            op.save()?;
            progress.note(&Milestone::BatchRefused {
                sheet: &name,
                index: b.index,
                status,
                reply: &reply,
            });
            if status == 401 || status == 403 {
                return Err(UserError::new(
                    ExitCode::Auth,
                    format!(
                        "the webhook endpoint refused batch {} of sheet {name} with HTTP {status}{}: it does not accept vern's signature (or vern)",
                        b.index,
                        if reply.is_empty() { String::new() } else { format!(" ({reply})") }
                    ),
                )
                .with_hint(format!(
                    "check that the signing secret is the endpoint's ({SECRET_HINT}), then re-run the same command: acknowledged batches are not sent again"
                ))
                .into());
            }
            Ok(())
        }
        Err(Unsent::GaveUp { attempts, last }) => {
            record(
                op,
                BatchState::Sending,
                attempts,
                None,
                Some(format!("no answer it would take: {last}")),
            )?;
            op.save()?;
            Err(UserError::input(format!(
                "the webhook endpoint {} did not take batch {} of sheet {name} after {attempts} attempts (last: {last})",
                endpoint.url(),
                b.index
            ))
            .with_hint("the endpoint looks down or overloaded; re-run the same command later to continue: acknowledged batches are not sent again, and this one goes with the same webhook-id")
            .into())
        }
        Err(Unsent::Tls(detail)) => Err(anyhow::Error::new(crate::api::Error::Tls {
            context: format!(
                "send batch {} of sheet {name} to the webhook endpoint",
                b.index
            ),
            detail,
        })),
        Err(Unsent::Deadline { last }) => Err(anyhow::Error::new(crate::api::Error::Deadline {
            context: match last {
                Some(l) => format!(
                    "send batch {} of sheet {name} to the webhook endpoint (last attempt: {l})",
                    b.index
                ),
                None => format!(
                    "send batch {} of sheet {name} to the webhook endpoint",
                    b.index
                ),
            },
        })),
    }
}

/// The endpoint acknowledged batch `index` of sheet `sheet`, rows `rows` (their `row_index`es):
/// the one place that records it. Journaled at once, so that no run sends it again. The delta
/// ledger (delivery.md §1.6) advances here too — only after the destination confirmed.
fn acknowledged(
    op: &mut OpHandle,
    sheet: usize,
    index: u64,
    rows: RangeInclusive<u64>,
    bytes: u64,
) -> Result<()> {
    let n = rows.end() - rows.start() + 1;
    sheet_mut(op, sheet)?.acknowledge(index, n, bytes);
    op.save()
}

/// The run as reports show it: the common run object, with the batches instead of files.
pub fn view(op: &OpHandle, spec: &Spec) -> Result<DeliveryView> {
    let mut v = super::deliver::view(op, spec)?;
    let Some(step) = op.op.delivery.as_ref() else {
        return Ok(v);
    };
    let Some(w) = &step.webhook else {
        return Ok(v);
    };
    v.format = "json".into();
    v.gzip = false;
    v.batch_size = Some(w.batch_size);
    v.batches = batches(&step.run, w);
    v.record_count = w.sheets.iter().map(|s| s.acknowledged_rows).sum();
    v.file_size = w.sheets.iter().map(|s| s.acknowledged_bytes).sum();
    v.sheets = w
        .sheets
        .iter()
        .map(|s| SheetView {
            sheet: s.sheet.clone(),
            sheet_id: s.sheet_id.clone(),
            rows: s.rows,
            batches: s.batches(w.batch_size),
            acknowledged_rows: s.acknowledged_rows,
            delta: s.delta.as_ref().map(|d| d.counts),
        })
        .collect();
    if spec.delta.is_some() {
        v.delta = Some(
            w.sheets
                .iter()
                .filter_map(|s| s.delta.as_ref().map(|d| d.counts))
                .fold(DeltaCounts::default(), |a, c| DeltaCounts {
                    requested: a.requested + c.requested,
                    new: a.new + c.new,
                    changed: a.changed + c.changed,
                    unchanged: a.unchanged + c.unchanged,
                    removed: a.removed + c.removed,
                }),
        );
        // A deferred cap's share went; the rest of the new and changed rows wait.
        v.deferred = w
            .sheets
            .iter()
            .filter(|s| s.is_done(w.batch_size))
            .filter_map(|s| {
                let d = s.delta.as_ref()?;
                Some(d.counts.to_send().saturating_sub(s.rows.unwrap_or(0)))
            })
            .sum();
    }
    let failed: Vec<String> = v
        .failed_batches()
        .map(|b| {
            format!(
                "{} batch {} ({})",
                if b.sheet.is_empty() {
                    &b.sheet_id
                } else {
                    &b.sheet
                },
                b.index,
                b.error.as_deref().unwrap_or("refused")
            )
        })
        .collect();
    if !failed.is_empty() {
        v.status = "failed";
        v.error = Some(format!(
            "the endpoint refused {} batch(es): {}",
            failed.len(),
            failed.join("; ")
        ));
    }
    Ok(v)
}

/// Every batch of every sheet whose rows are known, in order.
fn batches(run: &str, w: &WebhookStep) -> Vec<BatchView> {
    let mut out = Vec::new();
    for s in &w.sheets {
        let Some(rows) = s.rows else { continue };
        for index in 0..webhook::batch_count(rows, w.batch_size) {
            let (start, size) = webhook::batch_rows(index, rows, w.batch_size);
            let open = s.open_batch(index);
            let status = if s.is_acknowledged(index) {
                "acknowledged"
            } else {
                match open.map(|o| o.state) {
                    Some(BatchState::Failed) => "failed",
                    Some(BatchState::Sending) => "sending",
                    None => "pending",
                }
            };
            out.push(BatchView {
                sheet: s.sheet.clone(),
                sheet_id: s.sheet_id.clone(),
                index,
                id: webhook::webhook_id(run, &s.sheet_id, index),
                start_row_index: start,
                end_row_index: start + size.saturating_sub(1),
                size,
                status,
                http_status: open.and_then(|o| o.status),
                error: open.and_then(|o| o.error.clone()),
            });
        }
    }
    out
}

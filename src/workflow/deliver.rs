//! The delivery step, shared by `vern deliver` and `migrate --deliver`: every sheet's validated
//! rows streamed from `export.csv` through the converter into a destination, one file per sheet,
//! then the manifest, last.
//!
//! Exactly once, by writing ahead. The run's names are rendered and journaled before the first
//! byte; each file is journaled `writing` (with the trace it leaves: a temp file, a multipart
//! upload) before its bytes go, `committing` (rows, bytes, SHA-256) before it is made visible,
//! and `committed` after. A run killed anywhere and started again cleans what an uncommitted file
//! left, finds out whether a file caught `committing` reached its name, and goes on: no file twice,
//! one manifest, no stray temp objects.

use super::Progress;
use super::delta::{self, DeltaSpec};
use super::download::Checks;
use super::pump::{PumpError, Pumped, Source, pump};
use crate::api::Client;
use crate::api::download::{Expect, Output};
use crate::deliver::dest::{
    DestError, Destination, FileMeta, IfExists, Pending, Tuning, Writer, Wrote,
};
use crate::deliver::format::{Format, Options};
use crate::deliver::manifest::{self, Manifest};
use crate::deliver::names::{self, Template, Vars};
use crate::deliver::target::Target;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{
    DeliveredFile, DeliveryStep, DeltaCounts, FileState, JobRun, SheetRef, Trigger, WebhookStep,
};
use crate::journal::{OpHandle, checkpoint, now};
use crate::model::delivery::{DeliveryView, FileView};
use crate::model::migrate::Milestone;
use anyhow::{Context as _, Result};
use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// How many times a file whose source broke off mid-stream is started over.
const ATTEMPTS: u32 = 3;

/// Where and how `migrate --deliver` delivers (the sheets and the company come from the run).
#[derive(Debug, Clone)]
pub struct DeliverTo {
    pub to: String,
    pub target: Target,
    /// How destinations are driven (settings: multipart size and concurrency, timeouts, SSH).
    pub tuning: Tuning,
    pub format: Format,
    pub gzip: bool,
    pub name: Template,
}

/// One delivery, as the command line (or a migration, or a job) describes it.
#[derive(Debug, Clone)]
pub struct Spec {
    pub company: String,
    pub external_id: Option<String>,
    /// `--to` as given (never holds a credential: `Target::parse` refuses them).
    pub to: String,
    pub target: Target,
    /// How object stores are driven (not part of the identity: it changes no byte written).
    pub tuning: Tuning,
    /// Batches, ids and signing of a webhook delivery (`--to https://…`; see `workflow::webhook`).
    pub webhook: super::webhook::Options,
    /// The sheets, in delivery order; a name may be empty when it is not known.
    pub sheets: Vec<SheetRef>,
    /// `valid` or `all`.
    pub filter: &'static str,
    pub format: Format,
    pub gzip: bool,
    pub name: Template,
    pub if_exists: IfExists,
    pub manifest: bool,
    pub allow_failures: bool,
    /// `--mode delta`: only rows new or changed since the last delivery to this destination.
    pub delta: Option<DeltaSpec>,
    /// A deferred cap's share: per sheet id, the keys of the new and changed rows to send.
    pub allowed: Option<crate::workflow::estimate::Allowed>,
    /// `--apply`: per sheet id, the BLAKE3 of `export.csv` the plan was made from; a sheet that
    /// differs when it is read is not delivered (exit 8).
    pub expect_sources: Option<std::collections::BTreeMap<String, String>>,
    /// Names are made from this moment (UTC, RFC 3339) instead of the run's start: a scheduled
    /// job run's fire time.
    pub run_at: Option<String>,
    /// The job this run is for (`vern jobs`): reports and the journal show it.
    pub job: Option<JobRun>,
}

impl Spec {
    /// The destination as the journal's key and the ledgers know it: a directory by its
    /// absolute path.
    pub fn destination_id(&self) -> String {
        match &self.target {
            Target::Dir(p) => std::path::absolute(p)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| self.to.clone()),
            other => other.to_string(),
        }
    }

    /// `{ext}`: the format's, plus `.gz`.
    pub fn ext(&self) -> String {
        let ext = self.format.name();
        if self.gzip {
            format!("{ext}.gz")
        } else {
            ext.to_string()
        }
    }

    /// What makes a second invocation the same delivery (`journal::key_for`): everything that
    /// changes what is written where. A directory counts by its absolute path.
    pub fn identity(&self) -> Value {
        if let Target::Webhook(_) = self.target {
            return super::webhook::identity(self);
        }
        let to = self.destination_id();
        let mut sheets: Vec<&str> = self.sheets.iter().map(|s| s.id.as_str()).collect();
        sheets.sort_unstable();
        json!({
            "company": self.company,
            "to": to,
            "sheets": sheets,
            "filter": self.filter,
            "format": self.format.name(),
            "gzip": self.gzip,
            "name": self.name.to_string(),
            "if_exists": self.if_exists,
            "manifest": self.manifest,
            "mode": if self.delta.is_some() { "delta" } else { "snapshot" },
            "keys": self.delta.as_ref().map(|d| d.keys.clone()),
        })
    }

    /// Two sheets into one name is refused before any request when the template cannot tell
    /// sheets apart at all; names that collide only once rendered are refused before any write.
    pub fn check_names(&self) -> Result<(), UserError> {
        if self.sheets.len() > 1 && !self.name.names_the_sheet() {
            return Err(UserError::usage(format!(
                "--name '{}' would write all {} sheets into one file",
                self.name,
                self.sheets.len()
            ))
            .with_hint("put {sheet} or {sheet_id} in --name, or deliver one --sheet"));
        }
        Ok(())
    }

    /// The names a run started now would write (a plan shows them; `{run}` is not known yet).
    pub fn preview_names(&self) -> Result<Vec<String>, UserError> {
        self.render(&now(), "RUN")
    }

    /// Every sheet's name in a run started `at` with id `run`.
    fn render(&self, at: &str, run: &str) -> Result<Vec<String>, UserError> {
        let ext = self.ext();
        let mut names = Vec::new();
        for s in &self.sheets {
            let sheet = if s.name.is_empty() { &s.id } else { &s.name };
            let vars = Vars {
                company: &self.company,
                external_id: self.external_id.as_deref(),
                sheet,
                sheet_id: &s.id,
                at,
                run,
                ext: &ext,
            };
            names.push(self.name.render(&vars).map_err(UserError::usage)?);
        }
        names::all_distinct(self.sheets.iter().map(|s| s.id.as_str()).zip(names.clone())).map_err(
            |e| UserError::usage(e).with_hint("put {sheet_id} in --name to tell them apart"),
        )?;
        Ok(names)
    }
}

/// Sheets whose name vern does not know (a company it never saw, `--sheet ID`) are named after
/// the template whose columns are the sheet's header row (delivery.md §5): the names go into
/// `{sheet}`, the manifest and XML's `sheet` attribute, so they are settled before the run.
/// One read-only request per such sheet, cut off after its header row.
pub async fn name_unknown_sheets(client: &Client, mut spec: Spec, checks: &Checks) -> Result<Spec> {
    for i in 0..spec.sheets.len() {
        if !spec.sheets[i].name.is_empty() {
            continue;
        }
        let header = header_row(
            client,
            &spec.company,
            &spec.sheets[i].id,
            spec.filter,
            checks,
        )
        .await?;
        if let Some((name, _)) = checks.headers.iter().find(|(_, cols)| *cols == header) {
            spec.sheets[i].name = name.clone();
        }
    }
    Ok(spec)
}

/// The first row of a sheet's `export.csv`: the body is dropped as soon as it is read.
async fn header_row(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    checks: &Checks,
) -> Result<Vec<String>> {
    let (tx, rx) = mpsc::channel::<Bytes>(4);
    let expect = Expect {
        headers: checks.headers.clone(),
        named_by_server: false,
        label: Some(format!("read the header of sheet {sheet}")),
    };
    let download = client.download_csv(company, sheet, filter, &expect, Output::Chunks(tx));
    let read = async {
        // Owned here: returning drops it, which ends the download.
        let mut rx = rx;
        let mut buf = Vec::new();
        while let Some(chunk) = rx.recv().await {
            buf.extend_from_slice(&chunk);
            if let Some(row) = first_row(&buf) {
                return Some(row);
            }
            if buf.len() > 1 << 20 {
                break;
            }
        }
        first_row(&buf).or_else(|| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(&buf[..]);
            let mut rec = csv::StringRecord::new();
            r.read_record(&mut rec)
                .ok()
                .filter(|got| *got)
                .map(|_| rec.iter().map(str::to_string).collect())
        })
    };
    let (downloaded, row) = tokio::join!(download, read);
    match downloaded {
        Err(e) if !matches!(e, crate::api::Error::OutputClosed { .. }) => {
            Err(anyhow::Error::new(e)
                .context(format!("cannot read the header row of sheet {sheet}")))
        }
        _ => Ok(row.unwrap_or_default()),
    }
}

/// The first record of `buf`, once a line ending after it shows it is complete.
fn first_row(buf: &[u8]) -> Option<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(buf);
    let mut rec = csv::StringRecord::new();
    if !r.read_record(&mut rec).ok()? {
        return None;
    }
    let end = r.position().byte() as usize;
    let complete = end <= buf.len() && buf[..end].last().is_some_and(|b| *b == b'\n');
    complete.then(|| {
        rec.iter()
            .map(|f| f.trim_start_matches('\u{feff}').to_string())
            .collect()
    })
}

/// Deliver every sheet of `spec` not delivered yet by this operation, then the manifest.
pub async fn deliver(
    op: &mut OpHandle,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    progress: &dyn Progress,
) -> Result<DeliveryView> {
    if let Target::Webhook(_) = spec.target {
        return super::webhook::deliver(op, client, spec, checks, progress).await;
    }
    plan(op, spec)?;
    let dest = Destination::open(&spec.target, &spec.tuning)
        .await
        .map_err(|e| dest_error(e, spec))?;
    recover(op, &dest, spec).await?;
    preflight(op, &dest, spec).await?;
    let meta = FileMeta {
        content_type: spec.format.content_type(),
        content_encoding: spec.gzip.then_some("gzip"),
    };
    for i in 0..files(op).len() {
        if files(op)[i].state != FileState::Planned {
            continue;
        }
        deliver_file(op, client, spec, checks, &dest, meta, i, progress).await?;
        let file = &files(op)[i];
        if file.state == FileState::NothingNew {
            progress.note(&Milestone::NothingNew { name: &file.name });
        } else {
            progress.note(&Milestone::Delivered {
                name: &file.name,
                rows: file.rows,
                bytes: file.bytes,
            });
        }
    }
    if spec.manifest {
        write_manifest(op, &dest, spec).await?;
    }
    let step = step_mut(op)?;
    if step.completed_at.is_none() {
        step.completed_at = Some(now());
        op.save()?;
    }
    view(op, spec)
}

/// The run's names, rendered once and journaled before anything is written: a resumed run
/// writes the same names (same `{date}`, same `{run}`).
fn plan(op: &mut OpHandle, spec: &Spec) -> Result<()> {
    if op.op.delivery.is_some() {
        return Ok(());
    }
    let run = op.id().to_string();
    let started_at = now();
    let named_at = spec.run_at.as_deref().unwrap_or(&started_at);
    let names = match spec.render(named_at, &run) {
        Ok(n) => n,
        Err(e) => {
            if !op.resumed {
                op.discard()?;
            }
            return Err(e.into());
        }
    };
    let files = spec
        .sheets
        .iter()
        .zip(names)
        .map(|(s, name)| DeliveredFile {
            sheet_id: s.id.clone(),
            sheet: s.name.clone(),
            location: String::new(),
            name,
            format: spec.format.name().to_string(),
            gzip: spec.gzip,
            state: FileState::Planned,
            pending: Pending::Nothing,
            rows: 0,
            bytes: 0,
            sha256: None,
            xml_dropped: 0,
            delta: None,
        })
        .collect();
    planned(op, spec, run, started_at, files, None)
}

/// The delivery step, journaled before anything is read: its files, or a webhook's batches.
pub(super) fn planned(
    op: &mut OpHandle,
    spec: &Spec,
    run: String,
    started_at: String,
    files: Vec<DeliveredFile>,
    webhook: Option<WebhookStep>,
) -> Result<()> {
    op.op.delivery = Some(DeliveryStep {
        run,
        started_at,
        target: spec.target.to_string(),
        kind: spec.target.kind().to_string(),
        files,
        manifest: None,
        completed_at: None,
        webhook,
        named_at: spec.run_at.clone(),
        job: spec.job.clone(),
    });
    op.save()?;
    checkpoint("deliver:planned");
    Ok(())
}

/// The delivery step the journal holds once the run is planned; a journal without one (edited
/// by hand, or damaged) is an error, not a panic.
pub(super) fn step_mut(op: &mut OpHandle) -> Result<&mut DeliveryStep> {
    let id = op.id().to_string();
    op.op
        .delivery
        .as_mut()
        .ok_or_else(|| damaged(&id, "delivery step"))
}

/// The error for a journal that lacks a part its run always writes first.
pub(super) fn damaged(id: &str, what: &str) -> anyhow::Error {
    UserError::input(format!(
        "the journal of operation {id} has no {what}, which every delivery records first: it was edited or damaged"
    ))
    .with_hint("start the delivery over with --new (vern runs show shows what it had done)")
    .into()
}

fn files(op: &OpHandle) -> &[DeliveredFile] {
    op.op
        .delivery
        .as_ref()
        .map(|d| d.files.as_slice())
        .unwrap_or_default()
}

/// What a killed run left: a file caught `writing` is started over (its trace removed); a file
/// caught `committing` either reached its name whole (its size says so) or is started over.
async fn recover(op: &mut OpHandle, dest: &Destination, spec: &Spec) -> Result<()> {
    let step = step_mut(op)?;
    let mut changed = false;
    let manifest = step.manifest.iter_mut();
    for file in step.files.iter_mut().chain(manifest) {
        match file.state {
            FileState::Writing => {
                dest.clean(&file.name, &file.pending)
                    .await
                    .map_err(|e| dest_error(e, spec))?;
                file.state = FileState::Planned;
            }
            FileState::Committing => {
                let size = dest
                    .size(&file.name)
                    .await
                    .map_err(|e| dest_error(e, spec))?;
                dest.clean(&file.name, &file.pending)
                    .await
                    .map_err(|e| dest_error(e, spec))?;
                file.state = if size == Some(file.bytes) {
                    FileState::Committed
                } else {
                    FileState::Planned
                };
            }
            _ => continue,
        }
        file.pending = Pending::Nothing;
        changed = true;
    }
    for file in step.files.iter_mut() {
        changed |= delta::recover(file)?;
    }
    if changed {
        op.save()?;
    }
    Ok(())
}

/// Before the first byte: names that exist already. With `--if-exists fail` the run stops here,
/// having written nothing (exit 7); with `skip` those files are left and reported.
async fn preflight(op: &mut OpHandle, dest: &Destination, spec: &Spec) -> Result<()> {
    if spec.if_exists == IfExists::Overwrite {
        return Ok(());
    }
    let mut taken = Vec::new();
    for (i, f) in files(op).iter().enumerate() {
        if f.state == FileState::Planned
            && dest
                .size(&f.name)
                .await
                .map_err(|e| dest_error(e, spec))?
                .is_some()
        {
            taken.push((i, dest.location(&f.name)));
        }
    }
    if taken.is_empty() {
        return Ok(());
    }
    if spec.if_exists == IfExists::Fail {
        let list: Vec<&str> = taken.iter().map(|(_, l)| l.as_str()).collect();
        return Err(UserError::new(
            ExitCode::Conflict,
            format!(
                "{} already exists; nothing was written",
                list.join(", ")
            ),
        )
        .with_hint("pass --if-exists skip to leave it, --if-exists overwrite to replace it, or choose another --name")
        .into());
    }
    let step = step_mut(op)?;
    for (i, location) in taken {
        step.files[i].state = FileState::Skipped;
        step.files[i].location = location;
    }
    op.save()?;
    Ok(())
}

/// One sheet into one file, started over when the source breaks off mid-stream.
#[allow(clippy::too_many_arguments)]
async fn deliver_file(
    op: &mut OpHandle,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    dest: &Destination,
    meta: FileMeta,
    i: usize,
    progress: &dyn Progress,
) -> Result<()> {
    let (name, sheet) = {
        let f = &files(op)[i];
        (f.name.clone(), (f.sheet_id.clone(), f.sheet.clone()))
    };
    let run = step_mut(op)?.run.clone();
    let mut prepared = match &spec.delta {
        Some(d) => {
            let file = &mut step_mut(op)?.files[i];
            Some(delta::prepare(
                d,
                &spec.company,
                &spec.destination_id(),
                file,
                i,
            )?)
        }
        None => None,
    };
    let mut attempt = 1;
    let summary = loop {
        let mut writer = dest
            .begin(&name, meta, &run)
            .await
            .map_err(|e| dest_error(e, spec))?;
        {
            let location = dest.location(&name);
            let f = &mut step_mut(op)?.files[i];
            f.state = FileState::Writing;
            f.pending = writer.pending();
            f.location = location;
        }
        op.save()?;
        checkpoint("deliver:writing");
        let only = spec
            .allowed
            .as_ref()
            .map(|a| a.get(&sheet.0).cloned().unwrap_or_default());
        let selector = prepared.as_mut().map(|p| match &only {
            Some(keys) => p.selector().only(keys.clone()),
            None => p.selector(),
        });
        let streamed = stream(
            op,
            i,
            client,
            spec,
            checks,
            &sheet,
            &name,
            &mut writer,
            selector,
        );
        match streamed.await {
            Ok(summary) => break (summary, writer),
            Err(e) => {
                writer.abort().await;
                let f = &mut step_mut(op)?.files[i];
                f.state = FileState::Planned;
                f.pending = Pending::Nothing;
                op.save()?;
                if attempt < ATTEMPTS && broke_off(&e) {
                    progress.note(&Milestone::DeliveryRestarted {
                        name: &name,
                        reason: &format!("{e:#}"),
                    });
                    attempt += 1;
                    continue;
                }
                return Err(e);
            }
        }
    };
    let (pumped, writer) = summary;
    let summary = &pumped.summary;
    if let Some(want) = spec.expect_sources.as_ref().and_then(|e| e.get(&sheet.0))
        && *want != pumped.source
    {
        // `--apply`: the rows moved between the plan's check and this read.
        writer.abort().await;
        let file = &mut step_mut(op)?.files[i];
        file.state = FileState::Planned;
        file.pending = Pending::Nothing;
        delta::dropped(file);
        op.save()?;
        return Err(UserError::new(
            ExitCode::Refused,
            format!("the rows of sheet {} changed while the saved plan was applied; {name} was not delivered", sheet.1),
        )
        .with_hint("make a new plan: vern deliver … --plan-out FILE")
        .into());
    }
    if let Some(p) = &prepared {
        let file = &mut step_mut(op)?.files[i];
        if !delta::converted(p, file, &run, summary.rows)? {
            // Nothing new or changed: no file, but the ledger moves (removed rows drop out).
            writer.abort().await;
            file.state = FileState::NothingNew;
            file.pending = Pending::Nothing;
            delta::confirmed(file)?;
            op.save()?;
            return Ok(());
        }
    }
    {
        let f = &mut step_mut(op)?.files[i];
        f.state = FileState::Committing;
        f.pending = writer.pending();
        f.rows = summary.rows;
        f.bytes = summary.bytes;
        f.sha256 = Some(summary.sha256_hex());
        f.xml_dropped = summary.xml_dropped;
    }
    op.save()?;
    checkpoint("deliver:committing");
    if let Err(e) = writer.commit(spec.if_exists).await {
        let f = &mut step_mut(op)?.files[i];
        f.state = FileState::Planned;
        f.pending = Pending::Nothing;
        delta::dropped(f);
        op.save()?;
        return Err(dest_error(e, spec));
    }
    let f = &mut step_mut(op)?.files[i];
    f.state = FileState::Committed;
    f.pending = Pending::Nothing;
    op.save()?;
    checkpoint("deliver:committed");
    delta::confirmed(&mut step_mut(op)?.files[i])?;
    op.save()?;
    Ok(())
}

/// Whether a failed file is worth starting over: its source broke off mid-stream (the client
/// already retried everything that failed before the first byte).
fn broke_off(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<crate::api::Error>(),
        Some(crate::api::Error::Transport { .. })
    )
}

/// One file's pipeline ([`pump`]) into the destination's writer; a trace that appears mid-file
/// (a multipart upload begun) is journaled at once, before any part of it is sent.
#[allow(clippy::too_many_arguments)]
async fn stream(
    op: &mut OpHandle,
    i: usize,
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    sheet: &(String, String),
    name: &str,
    writer: &mut Writer,
    selector: Option<crate::deliver::ledger::Delta>,
) -> Result<Pumped> {
    let source = Source {
        company: &spec.company,
        sheet,
        filter: spec.filter,
        checks,
        label: format!("deliver {name}"),
    };
    let opts = Options::new(spec.format, spec.gzip, sheet.1.clone());
    let pumped = pump(client, source, opts, selector, async |bytes| {
        if let Wrote::NewTrace(pending) = writer.write(bytes).await? {
            let step = step_mut(op).map_err(|e| DestError::Failed(format!("{e:#}")))?;
            if let Some(f) = step.files.get_mut(i) {
                f.pending = pending;
            }
            op.save().map_err(|e| DestError::Failed(format!("{e:#}")))?;
        }
        Ok(())
    })
    .await;
    pumped.map_err(|e| match e {
        PumpError::Dest(e) => dest_error(e, spec),
        PumpError::Source(e) => anyhow::Error::new(e).context(format!(
            "{name} was not delivered (nothing of it is visible)"
        )),
        PumpError::Convert(e) => anyhow::Error::new(e).context(format!(
            "sheet {} could not be converted to {}",
            sheet.0,
            spec.format.name()
        )),
    })
}

/// The manifest, written last like any file of the run (so resumable the same way), and never
/// over an existing one: its name carries the run id.
async fn write_manifest(op: &mut OpHandle, dest: &Destination, spec: &Spec) -> Result<()> {
    let step = &*step_mut(op)?;
    if step
        .manifest
        .as_ref()
        .is_some_and(|m| m.state == FileState::Committed)
    {
        return Ok(());
    }
    let date = step.named_at().get(..10).unwrap_or(step.named_at());
    let name = manifest::name(date, &step.run);
    let delivered: Vec<&DeliveredFile> = step
        .files
        .iter()
        .filter(|f| f.state == FileState::Committed)
        .collect();
    let doc = Manifest {
        schema: 1,
        kind: "vern-delivery-manifest",
        run: &step.run,
        company: &spec.company,
        external_id: spec.external_id.as_deref(),
        started_at: &step.started_at,
        destination: &step.target,
        sheets: spec
            .sheets
            .iter()
            .map(|s| manifest::SheetEntry {
                id: &s.id,
                name: &s.name,
            })
            .collect(),
        files: delivered
            .iter()
            .map(|f| manifest::FileEntry {
                path: &f.name,
                sheet: &f.sheet,
                sheet_id: &f.sheet_id,
                format: &f.format,
                gzip: f.gzip,
                rows: f.rows,
                bytes: f.bytes,
                sha256: f.sha256.as_deref().unwrap_or_default(),
            })
            .collect(),
    };
    let bytes = doc.bytes();
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let run = step.run.clone();
    let meta = FileMeta {
        content_type: "application/json",
        content_encoding: None,
    };
    let mut writer = dest
        .begin(&name, meta, &run)
        .await
        .map_err(|e| dest_error(e, spec))?;
    let mut record = DeliveredFile {
        sheet_id: String::new(),
        sheet: String::new(),
        location: dest.location(&name),
        name: name.clone(),
        format: "json".into(),
        gzip: false,
        state: FileState::Writing,
        pending: writer.pending(),
        rows: 0,
        bytes: bytes.len() as u64,
        sha256: Some(sha),
        xml_dropped: 0,
        delta: None,
    };
    step_mut(op)?.manifest = Some(record.clone());
    op.save()?;
    let len = bytes.len();
    let written = writer.write(Bytes::from(bytes)).await;
    if let Err(e) = written {
        writer.abort().await;
        return Err(dest_error(e, spec));
    }
    record.state = FileState::Committing;
    record.pending = writer.pending();
    step_mut(op)?.manifest = Some(record.clone());
    op.save()?;
    checkpoint("deliver:manifest");
    writer
        .commit(IfExists::Fail)
        .await
        .map_err(|e| dest_error(e, spec))
        .with_context(|| format!("the manifest ({len} bytes) was not written"))?;
    record.state = FileState::Committed;
    record.pending = Pending::Nothing;
    step_mut(op)?.manifest = Some(record);
    op.save()?;
    Ok(())
}

/// A destination's refusal as the user sees it: the exit code it means and what to do.
fn dest_error(e: DestError, spec: &Spec) -> anyhow::Error {
    let kind = spec.target.kind();
    let err = match e {
        DestError::Exists(m) => UserError::new(ExitCode::Conflict, m).with_hint(
            "pass --if-exists skip to leave it, --if-exists overwrite to replace it, or choose another --name",
        ),
        DestError::Auth(m) => UserError::new(ExitCode::Auth, m).with_hint(credentials_hint(kind)),
        DestError::Missing(m) => UserError::new(ExitCode::Error, m).with_hint(match kind {
            "s3" => "create the bucket first (vern does not create buckets), or check --to",
            "azure-blob" => "create the container first (vern does not create containers), or check --to",
            _ => "check --to",
        }),
        DestError::Config(m) => UserError::usage(m)
            .with_hint("fix the variable it names; nothing was asked of the destination"),
        DestError::Unreachable(m) => UserError::new(ExitCode::Error, m)
            .with_hint("check the destination's address and your network; re-run the same command to continue"),
        DestError::HostKey { message, hint } => UserError::new(ExitCode::Auth, message).with_hint(hint),
        DestError::Failed(m) => UserError::new(ExitCode::Error, m)
            .with_hint("re-run the same command to continue the delivery; files already delivered are not sent again"),
    };
    anyhow::Error::new(err)
}

fn credentials_hint(kind: &str) -> &'static str {
    match kind {
        "s3" => {
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_REGION, AWS_ENDPOINT_URL for an S3-compatible store)"
        }
        "azure-blob" => {
            "set AZURE_STORAGE_ACCOUNT_NAME with AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN (AZURE_STORAGE_USE_EMULATOR=true for Azurite)"
        }
        "sftp" => {
            "vern logs in with the SSH agent (SSH_AUTH_SOCK) or a key file (--ssh-key FILE or VERN_SSH_KEY; a passphrase from VERN_SSH_KEY_PASSPHRASE, or asked on a terminal); the server must list its public key in the user's authorized_keys"
        }
        _ => "check that vern may write there",
    }
}

/// The run as reports show it, from the journal (so a finished run shown again reads the same).
pub fn view(op: &OpHandle, spec: &Spec) -> Result<DeliveryView> {
    let step = op
        .op
        .delivery
        .as_ref()
        .ok_or_else(|| damaged(op.id(), "delivery step"))?;
    let file_view = |f: &DeliveredFile| FileView {
        path: f.name.clone(),
        location: f.location.clone(),
        sheet: f.sheet.clone(),
        sheet_id: f.sheet_id.clone(),
        format: f.format.clone(),
        gzip: f.gzip,
        rows: f.rows,
        bytes: f.bytes,
        sha256: f.sha256.clone(),
        skipped: f.state == FileState::Skipped,
        nothing_new: f.state == FileState::NothingNew,
        xml_dropped: f.xml_dropped,
        delta: f.delta.as_ref().map(|d| d.counts),
    };
    let files: Vec<FileView> = step.files.iter().map(file_view).collect();
    let delivered = files.iter().filter(|f| !f.skipped && !f.nothing_new);
    let delta = spec.delta.as_ref().map(|_| {
        files
            .iter()
            .filter_map(|f| f.delta)
            .fold(DeltaCounts::default(), |a, c| DeltaCounts {
                requested: a.requested + c.requested,
                new: a.new + c.new,
                changed: a.changed + c.changed,
                unchanged: a.unchanged + c.unchanged,
                removed: a.removed + c.removed,
            })
    });
    let manifest = step
        .manifest
        .as_ref()
        .filter(|m| m.state == FileState::Committed)
        .map(|m| m.location.clone());
    Ok(DeliveryView {
        id: step.run.clone(),
        job_id: step.job.as_ref().map(|j| j.id.clone()),
        status: if step.completed_at.is_some() {
            "success"
        } else {
            "running"
        },
        trigger: step.job.as_ref().map_or(Trigger::Manual, |j| j.trigger),
        scheduled_for: step.job.as_ref().and_then(|j| j.scheduled_for.clone()),
        started_at: step.started_at.clone(),
        completed_at: step.completed_at.clone(),
        company: spec.company.clone(),
        destination: step.target.clone(),
        destination_type: step.kind.clone(),
        destination_path: manifest.clone().unwrap_or_else(|| step.target.clone()),
        format: spec.format.name().to_string(),
        gzip: spec.gzip,
        mode: if spec.delta.is_some() {
            "delta"
        } else {
            "snapshot"
        },
        deferred: step
            .files
            .iter()
            .filter(|f| matches!(f.state, FileState::Committed | FileState::NothingNew))
            .filter_map(|f| {
                f.delta
                    .as_ref()
                    .map(|d| d.counts.to_send().saturating_sub(f.rows))
            })
            .sum(),
        delta,
        record_count: delivered.clone().map(|f| f.rows).sum(),
        file_size: delivered.clone().map(|f| f.bytes).sum(),
        xml_dropped: delivered.map(|f| f.xml_dropped).sum(),
        files,
        batch_size: None,
        batches: Vec::new(),
        sheets: Vec::new(),
        manifest,
        error: None,
        allow_failures: spec.allow_failures,
        again: op.repeat.is_some(),
    })
}

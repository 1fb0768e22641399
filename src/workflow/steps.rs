//! The resumable steps. Each reads what the journal already knows, does only what is left, and
//! writes ahead: an idempotency key (and the exact request) is saved before the request that
//! carries it, a run id as soon as it is known, each outcome when it ends. A process killed at any
//! instant therefore resumes without creating a second run or a second destination write.
//!
//! Checkpoint names (`VERN_CRASH_AT`) mark every boundary: `<step>:key` after the write-ahead save,
//! `<step>:response` after the server answered but before the answer is saved, `<step>:run` once
//! the run id is saved, `<step>:done` when the step ended.

use super::decide::{self, Choice, Decided};
use super::runs::{ExportView, ImportView, patch_hash};
use crate::api::types::{
    CreateCompanyRequest, ExportMode, ExportRequest, ImportFile, ImportRequest, RunStatus,
};
use crate::api::upload::UploadSource;
use crate::api::wait::Waited;
use crate::api::{Client, Reply};
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{
    DecisionStep, DownloadFile, DownloadStep, ExportStep, FileStep, Provision, RunStep, SheetRef,
};
use crate::journal::{OpHandle, checkpoint, now};
use crate::ui::Ui;
use anyhow::Result;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use tokio::time::Instant;

/// Size and BLAKE3 hash of a file as it is now (read once, in 1 MiB blocks, off the async threads).
pub async fn fingerprint(path: &Path) -> Result<(u64, String)> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || -> Result<(u64, String)> {
        let mut f = std::fs::File::open(&path)?;
        let mut h = blake3::Hasher::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            let r = f.read(&mut buf)?;
            if r == 0 {
                break;
            }
            n += r as u64;
            h.update(&buf[..r]);
        }
        Ok((n, h.finalize().to_hex().to_string()))
    })
    .await?
}

pub fn who_decided() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into());
    let mut who = format!("{user}@{}", crate::journal::hostname());
    if let Ok(actor) = std::env::var("GITHUB_ACTOR") {
        who.push_str(&format!(" (GitHub Actions, actor {actor})"));
    }
    who
}

// ---- provision ---------------------------------------------------------------------------------

/// Provision once. The request is never blindly retried: when its outcome is unknown (a lost
/// answer, a 5xx, a process that died after sending it) the company is looked up by its external
/// id. Found: that is the company. Not found: nothing was created, so sending again is informed.
/// No lookup (the documented API has none; the sandbox does): the user is told to check.
pub async fn provision(
    op: &mut OpHandle,
    client: &Client,
    req: &CreateCompanyRequest,
) -> Result<String> {
    if let Some(id) = op.op.provision.as_ref().and_then(|p| p.company_id.clone()) {
        return Ok(id);
    }
    let was_sent = op.op.provision.as_ref().is_some_and(|p| p.sent);
    if was_sent {
        match lookup_company(op, client, req).await? {
            Lookup::Found(id) => return Ok(id),
            Lookup::Absent => {}
            Lookup::Unavailable => {
                return Err(UserError::input(
                    "an earlier attempt sent the provisioning request, and this API offers no lookup to tell whether the company was created",
                )
                .with_hint("find the company's id and run again with --company ID instead of --name/--source")
                .into());
            }
        }
    }
    op.op.provision = Some(Provision {
        name: req.name.clone(),
        source: req.source.clone(),
        external_id: req.external_id.clone(),
        template_ids: req.template_ids.clone().unwrap_or_default(),
        with_connection: req.connections.is_some(),
        sent: true,
        company_id: None,
        sheets: Vec::new(),
    });
    op.step("provision:key")?;
    let mut pauses = client.policy().failures();
    loop {
        let result = client.create_company(req).await;
        checkpoint("provision:response");
        let err = match result {
            Ok(response) => {
                record_company(op, &response.company.id, &response.sheets)?;
                return Ok(response.company.id);
            }
            Err(e) => e,
        };
        let unknown = matches!(
            err,
            crate::api::Error::Transport { .. } | crate::api::Error::InvalidResponse { .. }
        ) || err.status().is_some_and(|s| s >= 500 || s == 409);
        if !unknown {
            // Refused outright (400, 404): nothing was created.
            if let Some(p) = op.op.provision.as_mut() {
                p.sent = false;
            }
            op.save()?;
            return Err(err.into());
        }
        match lookup_company(op, client, req).await? {
            Lookup::Found(id) => return Ok(id),
            Lookup::Absent if !err.is_status(409) => match pauses.next() {
                Some(d) => {
                    client
                        .observer()
                        .retry("create company", 1, d, &err.to_string());
                    tokio::time::sleep(d).await;
                }
                None => return Err(err.into()),
            },
            Lookup::Absent => return Err(err.into()),
            Lookup::Unavailable => {
                return Err(anyhow::Error::new(err).context(
                    "the company may or may not have been created, and this API offers no lookup by external id; find its id and re-run with --company",
                ));
            }
        }
    }
}

enum Lookup {
    Found(String),
    Absent,
    Unavailable,
}

fn record_company(op: &mut OpHandle, id: &str, sheets: &[crate::api::types::Sheet]) -> Result<()> {
    if let Some(p) = op.op.provision.as_mut() {
        p.company_id = Some(id.to_string());
        p.sheets = sheets
            .iter()
            .map(|s| SheetRef {
                id: s.id.clone(),
                name: s.name.clone(),
            })
            .collect();
    }
    op.op.company = Some(id.to_string());
    op.step("provision:done")
}

async fn lookup_company(
    op: &mut OpHandle,
    client: &Client,
    req: &CreateCompanyRequest,
) -> Result<Lookup> {
    let Some(ext) = &req.external_id else {
        return Ok(Lookup::Unavailable);
    };
    match client.find_company(ext).await {
        Ok(Some(found)) => {
            record_company(op, &found.company.id, &found.sheets)?;
            Ok(Lookup::Found(found.company.id))
        }
        Ok(None) => Ok(Lookup::Absent),
        Err(_) => Ok(Lookup::Unavailable),
    }
}

// ---- upload ------------------------------------------------------------------------------------

/// Upload the files not uploaded yet. A file already uploaded must be unchanged (same size and
/// BLAKE3); a changed file is refused, since the run would not import what is on disk.
pub async fn upload(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    sources: &[UploadSource],
) -> Result<()> {
    if op.op.files.is_empty() {
        op.op.files = sources
            .iter()
            .map(|s| FileStep {
                path: s.path.display().to_string(),
                name: s.name.clone(),
                content_type: s.content_type.clone(),
                ..Default::default()
            })
            .collect();
        op.save()?;
    }
    op.step("upload")?;
    for (i, src) in sources.iter().enumerate() {
        let Some(recorded) = op.op.files.get(i).cloned() else {
            break;
        };
        if recorded.upload_ref.is_some() {
            let (size, sha) = fingerprint(&src.path).await?;
            if Some(size) != recorded.size || Some(&sha) != recorded.blake3.as_ref() {
                return Err(UserError::input(format!(
                    "{} changed since it was uploaded for operation {} ({} bytes, blake3 {}… then; {size} bytes, blake3 {}… now)",
                    src.path.display(),
                    op.id(),
                    recorded.size.unwrap_or(0),
                    recorded.blake3.as_deref().unwrap_or("?").get(..12).unwrap_or("?"),
                    &sha[..12]
                ))
                .with_hint("to import the file as it is now, run the same command with --new (it starts a new operation and a new run)")
                .into());
            }
            continue;
        }
        let mut current = src.clone();
        let meta = std::fs::metadata(&src.path)?;
        current.size = meta.len();
        let mtime = crate::journal::record::mtime_ns(&meta);
        let up = client.upload(company, &current).await.map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot upload {}", src.path.display()))
        })?;
        let f = &mut op.op.files[i];
        f.size = Some(up.size);
        f.blake3 = Some(up.blake3);
        f.upload_ref = Some(up.upload_ref);
        f.uploaded_at = Some(now());
        f.mtime_ns = mtime;
        op.op.counts.bytes_uploaded = Some(op.op.files.iter().filter_map(|f| f.size).sum());
        op.step("upload:file")?;
    }
    Ok(())
}

// ---- import ------------------------------------------------------------------------------------

/// Start the import once: the key and the exact request are saved before the POST, so after a
/// crash the same request with the same key recovers the run instead of creating another.
pub async fn start_import(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    key: String,
    rows: Option<Vec<serde_json::Map<String, Value>>>,
) -> Result<(String, bool)> {
    if let Some(id) = op.op.import.as_ref().and_then(|i| i.run_id.clone()) {
        return Ok((id, false));
    }
    if op.op.import.is_none() {
        let req = ImportRequest {
            files: (!op.op.files.is_empty()).then(|| {
                op.op
                    .files
                    .iter()
                    .map(|f| ImportFile {
                        name: f.name.clone(),
                        upload_ref: f.upload_ref.clone().unwrap_or_default(),
                    })
                    .collect()
            }),
            rows,
            idempotency_key: Some(key.clone()),
        };
        op.op.import = Some(RunStep {
            idempotency_key: key,
            request: serde_json::to_value(&req)?,
            started_at: Some(now()),
            ..Default::default()
        });
        op.step("import:key")?;
    }
    let step = op.op.import.clone().unwrap_or_default();
    let req: ImportRequest = serde_json::from_value(step.request.clone())?;
    let result = client.create_import(company, &req).await;
    checkpoint("import:response");
    let created = result.map_err(|e| crate::commands::import::start_error(company, e))?;
    let replayed = created.status == 200;
    if let Some(i) = op.op.import.as_mut() {
        i.run_id = Some(created.value.run_id.clone());
        i.status = Some(created.value.status.to_string());
    }
    op.step("import:run")?;
    Ok((created.value.run_id, replayed))
}

/// Wait for the import; record what it settled at and the counts it reports.
pub async fn wait_import(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    deadline: Option<Instant>,
) -> Result<ImportView> {
    let run_id = op
        .op
        .import
        .as_ref()
        .and_then(|i| i.run_id.clone())
        .ok_or_else(|| anyhow::anyhow!("the import has no run id yet"))?;
    op.step("import:wait")?;
    let waited = client.wait_import(company, &run_id, deadline).await?;
    let (reply, timed_out) = match waited {
        Waited::Settled(r) => (r, false),
        Waited::TimedOut(r) => (r, true),
    };
    record_import(op, &reply, timed_out)?;
    Ok(ImportView::new(company, &run_id, &reply, timed_out))
}

fn record_import(
    op: &mut OpHandle,
    reply: &Reply<crate::api::types::ImportRun>,
    timed_out: bool,
) -> Result<()> {
    let run = &reply.value;
    let counts = &mut op.op.counts;
    if let Some(r) = &run.report {
        counts.rows_sent.get_or_insert(r.inserted);
        counts.inserted = Some(r.inserted);
        counts.still_flagged = Some(r.invalid_cell_count);
        if run.status == RunStatus::NeedsAttention {
            counts.flagged.get_or_insert(r.invalid_cell_count);
        }
        if let Some(f) = counts.flagged {
            let after = if run.status == RunStatus::NeedsAttention {
                f
            } else {
                r.invalid_cell_count
            };
            counts.fixed = Some(f.saturating_sub(after));
        }
    }
    if let Some(i) = op.op.import.as_mut() {
        i.status = Some(run.status.to_string());
        i.report = run
            .report
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok());
        i.error = run.error.clone();
        if run.status.is_terminal() {
            i.ended_at = Some(now());
        }
    }
    if !timed_out {
        op.step("import:settled")?;
    } else {
        op.save()?;
    }
    Ok(())
}

// ---- decide ------------------------------------------------------------------------------------

/// Decide on a paused run, journaled: who, what, and the patch hash shown are written (marked
/// `sent`) before the request; a decision found `sent` but not `applied` on resume is settled by
/// reading the run.
pub async fn decide(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    run_id: &str,
    choice: &Choice,
    expect_patch: Option<&str>,
) -> Result<Decided> {
    reconcile_decisions(op, client, company, run_id).await?;
    let prepared = decide::prepare(client, company, run_id, choice, expect_patch).await?;
    let d = &prepared.decided;
    op.op.decisions.push(DecisionStep {
        run_id: run_id.to_string(),
        decision: d.decision.clone(),
        answers: d.answers.clone(),
        message: d.message.clone(),
        patch_hash: d.patch_hash.clone(),
        decided_on: Some(d.decided_on.to_string()),
        decided_by: Some(who_decided()),
        sent: true,
        applied: false,
        at: Some(now()),
    });
    op.step("decide:key")?;
    let result = decide::send(client, company, run_id, prepared).await;
    checkpoint("decide:response");
    let decided = result?;
    if let Some(last) = op.op.decisions.last_mut() {
        last.applied = true;
    }
    op.step("decide:done")?;
    Ok(decided)
}

/// A decision written as sent but never confirmed: it landed if the run has left the state (or
/// the proposal) it was made on.
pub async fn reconcile_decisions(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    run_id: &str,
) -> Result<()> {
    let pending = op
        .op
        .decisions
        .iter()
        .position(|d| d.run_id == run_id && d.sent && !d.applied);
    let Some(i) = pending else { return Ok(()) };
    let now_run = client.get_import(company, run_id).await?;
    let d = &op.op.decisions[i];
    let same_state = Some(now_run.value.status.to_string()) == d.decided_on;
    let same_patch = now_run
        .raw
        .get("needs_attention")
        .filter(|v| v.is_object())
        .map(patch_hash)
        == d.patch_hash;
    let landed = !(same_state && same_patch);
    let d = &mut op.op.decisions[i];
    if landed {
        d.applied = true;
    } else {
        // Never arrived: keep it in the record as not applied, the new decision follows.
        d.sent = false;
    }
    op.save()
}

// ---- export ------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Canary,
    Full,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Canary => "canary",
            Which::Full => "export",
        }
    }
}

fn slot(op: &mut OpHandle, which: Which) -> &mut Option<ExportStep> {
    match which {
        Which::Canary => &mut op.op.canary,
        Which::Full => &mut op.op.export,
    }
}

/// Start (once) and wait for an export run; the key and request are saved before the POST.
pub async fn export(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    which: Which,
    mut req: ExportRequest,
    key: String,
    deadline: Option<Instant>,
) -> Result<ExportView> {
    let name = which.name();
    if slot(op, which).is_none() {
        req.idempotency_key = Some(key.clone());
        let mode = req.mode.clone().unwrap_or(ExportMode::Full).to_string();
        *slot(op, which) = Some(ExportStep {
            mode,
            run: RunStep {
                idempotency_key: key,
                request: serde_json::to_value(&req)?,
                started_at: Some(now()),
                ..Default::default()
            },
            ..Default::default()
        });
        op.step(&format!("{name}:key"))?;
    }
    let step = slot(op, which).clone().unwrap_or_default();
    let run_id = match step.run.run_id.clone() {
        Some(id) => id,
        None => {
            let req: ExportRequest = serde_json::from_value(step.run.request.clone())?;
            let result = client.create_export(company, &req).await;
            checkpoint(&format!("{name}:response"));
            let created = result.map_err(|e| crate::commands::export::start_error(company, e))?;
            if let Some(s) = slot(op, which).as_mut() {
                s.run.run_id = Some(created.value.run_id.clone());
                s.run.status = Some(created.value.status.to_string());
            }
            op.step(&format!("{name}:run"))?;
            created.value.run_id
        }
    };
    let (reply, timed_out) = match client.wait_export(company, &run_id, deadline).await? {
        Waited::Settled(r) => (r, false),
        Waited::TimedOut(r) => (r, true),
    };
    let view = ExportView::new(company, &run_id, &reply.value, timed_out);
    if let Some(s) = slot(op, which).as_mut() {
        s.run.status = Some(view.status.to_string());
        s.run.error = view.error.clone();
        s.total = view.total;
        s.succeeded = view.succeeded;
        s.failed = view.failed;
        s.hollow = view.hollow;
        if view.status.is_terminal() {
            s.run.ended_at = Some(now());
        }
    }
    if which == Which::Full || op.op.export.is_none() {
        let c = &mut op.op.counts;
        c.exported_ok = Some(view.succeeded - view.hollow.min(view.succeeded));
        c.exported_failed = Some(view.failed);
        c.exported_hollow = Some(view.hollow);
    }
    if timed_out {
        op.save()?;
    } else {
        op.step(&format!("{name}:done"))?;
    }
    Ok(view)
}

// ---- download ----------------------------------------------------------------------------------

/// Download each sheet (atomically) into `dir`; sheets already saved are skipped.
pub async fn download(
    op: &mut OpHandle,
    client: &Client,
    ui: &Ui,
    company: &str,
    sheets: &[SheetRef],
    dir: &Path,
    filter: &str,
) -> Result<()> {
    if op.op.download.is_none() {
        op.op.download = Some(DownloadStep {
            target: dir.display().to_string(),
            filter: filter.to_string(),
            files: Vec::new(),
            done: false,
        });
    }
    op.step("download")?;
    std::fs::create_dir_all(dir).map_err(|e| {
        UserError::input(format!(
            "cannot create the download directory {}: {e}",
            dir.display()
        ))
    })?;
    for sheet in sheets {
        let done = op.op.download.as_ref().is_some_and(|d| {
            d.files
                .iter()
                .any(|f| f.sheet_id == sheet.id && Path::new(&f.path).exists())
        });
        if done {
            continue;
        }
        // Predictable names (`contacts.csv`) so CI jobs can pick the files up.
        let name = format!("{}.csv", file_stem(&sheet.name));
        let saved = super::transfer::download(
            client,
            ui,
            company,
            &sheet.id,
            filter,
            super::transfer::Target::File(dir.join(name)),
        )
        .await?;
        if let Some(d) = op.op.download.as_mut() {
            d.files.retain(|f| f.sheet_id != sheet.id);
            d.files.push(DownloadFile {
                sheet_id: sheet.id.clone(),
                sheet_name: sheet.name.clone(),
                path: saved.path.clone(),
                bytes: saved.info.bytes,
                records: saved.info.records,
            });
        }
        op.step("download:file")?;
    }
    if let Some(d) = op.op.download.as_mut() {
        d.done = true;
        op.op.counts.downloaded = Some(d.files.iter().filter_map(|f| f.records).sum());
        op.op.counts.bytes_downloaded = Some(d.files.iter().map(|f| f.bytes).sum());
    }
    op.step("download:done")
}

/// A sheet name as a file name: lower case, letters and digits, dashes between words.
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "sheet".into() } else { out }
}

/// The exit code a paused or failed import leaves the operation with.
pub fn import_status_code(view: &ImportView) -> ExitCode {
    view.exit_code()
}

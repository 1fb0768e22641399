//! `vern migrate`: the whole pipeline as one resumable operation — (provision,) upload, import,
//! wait, review, canary export, the gate, full export, download — built from the same steps as
//! the single commands, and reconciled into one set of counts at the end.

use super::decide::Choice;
use super::runs::{ExportView, ImportView};
use super::steps::{self, Which};
use crate::api::Client;
use crate::api::types::{CreateCompanyRequest, ExportMode, ExportRequest, RunStatus};
use crate::api::upload::UploadSource;
use crate::commands::new_idempotency_key;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::OpHandle;
use crate::journal::record::{Counts, OpStatus, SheetRef};
use crate::ui::render::{bytes, count};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ApproveMode {
    /// Review on the terminal; elsewhere stop like `never`
    Ask,
    /// Apply the proposed fix
    Accept,
    /// Decline the fix; flagged rows stay out of the valid export
    Reject,
    /// Stop with exit 5 and the command that continues
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ExportChoice {
    None,
    Canary,
    Full,
}

pub struct Plan {
    pub company: Option<String>,
    pub provision: Option<CreateCompanyRequest>,
    pub files: Vec<UploadSource>,
    pub approve: ApproveMode,
    pub export: ExportChoice,
    pub canary: bool,
    pub download: Option<PathBuf>,
    pub allow_failures: bool,
    /// `--approve ask` may prompt (a terminal, one migration at a time).
    pub interactive: bool,
}

/// How the pipeline ended.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub operation: String,
    pub company: Option<String>,
    pub status: OpStatus,
    /// The step the pipeline stopped at, when it stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<ExportView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportView>,
    pub decisions: Vec<String>,
    pub downloads: Vec<String>,
    pub counts: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(skip)]
    pub exit: ExitCode,
}

impl fmt::Display for MigrateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "migrate {}: {}", self.operation, self.status)?;
        if let Some(c) = &self.company {
            writeln!(f, "  company   {c}")?;
        }
        if let Some(i) = &self.import {
            let report = i
                .report
                .as_ref()
                .map(|r| {
                    format!(
                        " — {} rows, {} flagged",
                        count(r.inserted),
                        count(r.invalid_cell_count)
                    )
                })
                .unwrap_or_default();
            writeln!(f, "  import    {} {}{report}", i.run_id, i.status)?;
        }
        for d in &self.decisions {
            writeln!(f, "  review    {d}")?;
        }
        for (name, e) in [("canary", &self.canary), ("export", &self.export)] {
            if let Some(e) = e {
                let mut line = format!(
                    "  {name:<9} {} {} — {} writes: {} ok, {} failed",
                    e.run_id,
                    e.status,
                    count(e.total),
                    count(e.succeeded),
                    count(e.failed)
                );
                if e.hollow > 0 {
                    line.push_str(&format!(", {} hollow", count(e.hollow)));
                }
                writeln!(f, "{line}")?;
                for g in &e.failures {
                    writeln!(
                        f,
                        "            {} × {} {}",
                        count(g.count),
                        g.status,
                        g.error
                    )?;
                }
                if e.hollow > 0 {
                    writeln!(
                        f,
                        "            warning: {} hollow writes (2xx, but the record came back empty)",
                        count(e.hollow)
                    )?;
                }
            }
        }
        for d in &self.downloads {
            writeln!(f, "  download  {d}")?;
        }
        let c = &self.counts;
        let mut parts = Vec::new();
        let mut add = |label: &str, v: Option<u64>| {
            if let Some(v) = v {
                parts.push(format!("{} {label}", count(v)));
            }
        };
        add("sent", c.rows_sent);
        add("inserted", c.inserted);
        add("flagged", c.flagged);
        add("fixed", c.fixed);
        add("exported ok", c.exported_ok);
        add("failed", c.exported_failed);
        add("hollow", c.exported_hollow);
        add("downloaded", c.downloaded);
        if !parts.is_empty() {
            writeln!(f, "  rows: {}", parts.join(" · "))?;
        }
        if let Some(b) = c.bytes_uploaded {
            writeln!(f, "  uploaded {}", bytes(b))?;
        }
        if let Some(r) = &self.reason {
            writeln!(f, "  stopped: {r}")?;
        }
        if let Some(n) = &self.next {
            write!(f, "next: {n}")?;
        }
        Ok(())
    }
}

/// Where the pipeline reports its steps: the terminal for one migration, a status line per
/// company for a fleet.
pub trait StepReporter: Send + Sync {
    fn step(&self, n: usize, total: usize, what: &str);
    fn note(&self, line: &str);
}

/// One migration: a line per step on stderr, and a collapsible group on GitHub Actions.
pub struct UiSteps(pub crate::ui::Ui);

impl StepReporter for UiSteps {
    fn step(&self, n: usize, total: usize, what: &str) {
        let line = format!("[{n}/{total}] {what}");
        self.0.group(&line);
        self.0.note(line);
    }

    fn note(&self, line: &str) {
        self.0.note(line);
    }
}

struct Progress<'a> {
    reporter: &'a dyn StepReporter,
    total: usize,
    n: usize,
}

impl Progress<'_> {
    fn step(&mut self, what: impl fmt::Display) {
        self.n += 1;
        self.reporter.step(self.n, self.total, &what.to_string());
    }

    fn note(&self, line: impl fmt::Display) {
        self.reporter.note(&line.to_string());
    }
}

/// The migration on the GitHub Actions summary page, and its outputs.
pub fn job(r: &MigrateReport) -> crate::ui::github::JobReport {
    use crate::ui::github::cell;
    let mut md = format!("### vern migrate `{}`: {}\n\n", r.operation, r.status);
    md.push_str("| step | run | status |\n|---|---|---|\n");
    if let Some(c) = &r.company {
        md.push_str(&format!("| company | `{c}` | |\n"));
    }
    if let Some(i) = &r.import {
        md.push_str(&format!("| import | `{}` | {} |\n", i.run_id, i.status));
    }
    for d in &r.decisions {
        md.push_str(&format!("| review | | {} |\n", cell(d)));
    }
    for (name, e) in [("canary", &r.canary), ("export", &r.export)] {
        if let Some(e) = e {
            md.push_str(&format!("| {name} | `{}` | {} |\n", e.run_id, e.status));
        }
    }
    md.push('\n');
    let c = &r.counts;
    let n = |v: Option<u64>| v.map(count).unwrap_or_else(|| "–".into());
    md.push_str(&format!(
        "| sent | inserted | flagged | fixed | exported ok | failed | hollow | downloaded |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} | {} | {} |\n\n",
        n(c.rows_sent),
        n(c.inserted),
        n(c.flagged),
        n(c.fixed),
        n(c.exported_ok),
        n(c.exported_failed),
        n(c.exported_hollow),
        n(c.downloaded)
    ));
    for (title, e) in [("canary", &r.canary), ("full export", &r.export)] {
        if let Some(e) = e {
            md.push_str(&super::runs::export_markdown(e, title));
        }
    }
    if let Some(reason) = &r.reason {
        md.push_str(&format!(
            "Stopped at **{}**: {}\n\n",
            r.stopped_at.as_deref().unwrap_or("?"),
            cell(reason)
        ));
    }
    if let Some(next) = &r.next {
        md.push_str(&format!("Next: `{next}`\n"));
    }
    let mut outputs = vec![
        ("operation".to_string(), r.operation.clone()),
        ("status".to_string(), r.status.to_string()),
    ];
    if let Some(c) = &r.company {
        outputs.push(("company".into(), c.clone()));
    }
    if let Some(i) = &r.import {
        outputs.push(("import_run".into(), i.run_id.clone()));
    }
    if let Some(e) = &r.canary {
        outputs.push(("canary_run".into(), e.run_id.clone()));
    }
    if let Some(e) = &r.export {
        outputs.push(("export_run".into(), e.run_id.clone()));
    }
    crate::ui::github::JobReport {
        summary: md,
        outputs,
    }
}

fn stop(
    report: &mut MigrateReport,
    at: &str,
    status: OpStatus,
    exit: ExitCode,
    reason: String,
    next: Option<String>,
) {
    report.stopped_at = Some(at.to_string());
    report.status = status;
    report.exit = exit;
    report.reason = Some(reason);
    report.next = next;
}

/// Run (or continue) the pipeline; the report says where it ended and why.
pub async fn run(
    ctx: &Context,
    client: &Client,
    op: &mut OpHandle,
    plan: &Plan,
    reporter: &dyn StepReporter,
) -> anyhow::Result<MigrateReport> {
    let mut report = MigrateReport {
        operation: op.id().to_string(),
        company: plan.company.clone(),
        status: OpStatus::Running,
        stopped_at: None,
        reason: None,
        import: None,
        canary: None,
        export: None,
        decisions: Vec::new(),
        downloads: Vec::new(),
        counts: Counts::default(),
        next: None,
        exit: ExitCode::Success,
    };
    let resume = format!("vern resume {}", op.id());
    let mut progress = Progress {
        reporter,
        total: 2
            + usize::from(plan.provision.is_some())
            + usize::from(plan.export != ExportChoice::None && plan.canary)
            + usize::from(plan.export == ExportChoice::Full)
            + usize::from(plan.download.is_some()),
        n: 0,
    };

    // Provision.
    let company = match (&plan.company, &plan.provision) {
        (Some(c), _) => c.clone(),
        (None, Some(req)) => {
            progress.step(format!("provision: company {:?}", req.name));
            let mut req = req.clone();
            if let Some(ext) = op.op.provision.as_ref().and_then(|p| p.external_id.clone()) {
                req.external_id = Some(ext);
            }
            let id = steps::provision(op, client, &req).await?;
            progress.note(format!("      company {id}"));
            id
        }
        (None, None) => anyhow::bail!("migrate needs --company or provisioning fields"),
    };
    report.company = Some(company.clone());
    op.op.company = Some(company.clone());

    // Upload.
    let total: u64 = plan.files.iter().map(|f| f.size).sum();
    progress.step(format!(
        "upload: {} file(s), {}",
        plan.files.len(),
        bytes(total)
    ));
    steps::upload(op, client, &company, &plan.files).await?;

    // Import, wait, review.
    progress.step("import: start the run and wait");
    let key = new_idempotency_key("import");
    let (run_id, _) = steps::start_import(op, client, &company, key, None).await?;
    progress.note(format!("      import run {run_id}"));
    let mut rounds = 0;
    let view = loop {
        let view = steps::wait_import(op, client, &company, ctx.deadline).await?;
        if view.timed_out {
            stop(
                &mut report,
                "import",
                OpStatus::TimedOut,
                ExitCode::Timeout,
                "the import is still running (--timeout)".into(),
                Some(resume.clone()),
            );
            report.import = Some(view);
            return Ok(finish(op, report));
        }
        match &view.status {
            RunStatus::Completed => break view,
            RunStatus::Failed | RunStatus::Canceled => {
                let why = view
                    .error
                    .clone()
                    .unwrap_or_else(|| format!("the import run is {}", view.status));
                stop(
                    &mut report,
                    "import",
                    OpStatus::Failed,
                    ExitCode::RunFailed,
                    why,
                    None,
                );
                report.import = Some(view);
                return Ok(finish(op, report));
            }
            RunStatus::NeedsAttention | RunStatus::Blocked => {
                rounds += 1;
                let mut expect = view.patch_hash.clone();
                let choice = match (plan.approve, &view.status) {
                    (ApproveMode::Accept, RunStatus::NeedsAttention) if rounds <= 3 => {
                        Some(Choice::Accept)
                    }
                    (ApproveMode::Reject, RunStatus::NeedsAttention) => Some(Choice::Reject),
                    (ApproveMode::Ask, _) if plan.interactive => {
                        let ui = ctx.ui.clone();
                        let shown = view.clone();
                        ui.end_group();
                        match tokio::task::spawn_blocking(move || {
                            crate::ui::review::review(&ui, &shown)
                        })
                        .await??
                        {
                            Some(r) => {
                                expect = r.patch_hash;
                                Some(r.choice)
                            }
                            None => None,
                        }
                    }
                    _ => None,
                };
                let Some(choice) = choice else {
                    let (reason, next) =
                        paused_reason(plan.approve, &view, &company, &run_id, &resume, rounds);
                    stop(
                        &mut report,
                        "review",
                        OpStatus::Paused,
                        ExitCode::NeedsAttention,
                        reason,
                        Some(next),
                    );
                    report.import = Some(view);
                    return Ok(finish(op, report));
                };
                let flagged = view
                    .report
                    .as_ref()
                    .map(|r| r.invalid_cell_count)
                    .unwrap_or(0);
                let decided =
                    steps::decide(op, client, &company, &run_id, &choice, expect.as_deref())
                        .await?;
                let what = match decided.decision.as_str() {
                    "accept" => "accepted the proposed fix",
                    "reject" => "rejected the proposed fix",
                    "answer" => "answered the questions",
                    _ => "sent an instruction",
                };
                progress.note(format!(
                    "      {what} for {} flagged rows (patch {})",
                    count(flagged),
                    decided.patch_hash.as_deref().unwrap_or("-")
                ));
            }
            other => anyhow::bail!(
                "the import run is in status '{other}', which this version of vern does not know"
            ),
        }
    };
    report.import = Some(view.clone());
    for d in &op.op.decisions {
        report.decisions.push(format!(
            "{} {} by {}{}",
            d.decision,
            d.patch_hash
                .as_ref()
                .map(|h| format!("patch {h}"))
                .unwrap_or_default(),
            d.decided_by.as_deref().unwrap_or("?"),
            if d.applied { "" } else { " (not applied)" }
        ));
    }

    // Exports.
    if plan.export != ExportChoice::None {
        if plan.canary || plan.export == ExportChoice::Canary {
            progress.step("canary export: the first row of each template");
            retry_failed_export(op, Which::Canary)?;
            let req = ExportRequest {
                mode: Some(ExportMode::Canary),
                ..Default::default()
            };
            let canary = steps::export(
                op,
                client,
                &company,
                Which::Canary,
                req,
                new_idempotency_key("canary"),
                ctx.deadline,
            )
            .await?;
            progress.note(format!(
                "      canary run {}: {} ok, {} failed, {} hollow",
                canary.run_id, canary.succeeded, canary.failed, canary.hollow
            ));
            report.canary = Some(canary.clone());
            if canary.timed_out {
                stop(
                    &mut report,
                    "canary",
                    OpStatus::TimedOut,
                    ExitCode::Timeout,
                    "the canary export is still running (--timeout)".into(),
                    Some(resume.clone()),
                );
                return Ok(finish(op, report));
            }
            if canary.status != RunStatus::Completed {
                let why = format!(
                    "the canary export {}: {}",
                    canary.status,
                    canary.error.clone().unwrap_or_default()
                );
                stop(
                    &mut report,
                    "canary",
                    OpStatus::Paused,
                    ExitCode::RunFailed,
                    why,
                    Some(resume.clone()),
                );
                return Ok(finish(op, report));
            }
            if plan.export == ExportChoice::Full && (canary.failed > 0 || canary.hollow > 0) {
                let why = format!(
                    "the canary export had {} failed and {} hollow writes, so the full export was not started",
                    canary.failed, canary.hollow
                );
                let next = format!(
                    "{resume}   (after fixing the destination; or re-run the same migrate with --no-canary to skip the gate)"
                );
                stop(
                    &mut report,
                    "gate",
                    OpStatus::Paused,
                    ExitCode::ExportFailures,
                    why,
                    Some(next),
                );
                return Ok(finish(op, report));
            }
        }
        if plan.export == ExportChoice::Full {
            progress.step("full export: every validated row");
            retry_failed_export(op, Which::Full)?;
            let req = ExportRequest {
                mode: Some(ExportMode::Full),
                ..Default::default()
            };
            let mut full = steps::export(
                op,
                client,
                &company,
                Which::Full,
                req,
                new_idempotency_key("export"),
                ctx.deadline,
            )
            .await?;
            full.allow_failures = plan.allow_failures;
            progress.note(format!(
                "      export run {}: {} ok, {} failed, {} hollow",
                full.run_id, full.succeeded, full.failed, full.hollow
            ));
            report.export = Some(full.clone());
            if full.timed_out {
                stop(
                    &mut report,
                    "export",
                    OpStatus::TimedOut,
                    ExitCode::Timeout,
                    "the export is still running (--timeout)".into(),
                    Some(resume.clone()),
                );
                return Ok(finish(op, report));
            }
            if full.status != RunStatus::Completed {
                let why = format!(
                    "the export {}: {}",
                    full.status,
                    full.error.clone().unwrap_or_default()
                );
                stop(
                    &mut report,
                    "export",
                    OpStatus::Paused,
                    ExitCode::RunFailed,
                    why,
                    Some(resume.clone()),
                );
                return Ok(finish(op, report));
            }
            report.exit = full.exit_code();
        }
    }

    // Download.
    if let Some(dir) = &plan.download {
        progress.step(format!("download: valid rows into {}", dir.display()));
        let sheets: Vec<SheetRef> = view
            .report
            .as_ref()
            .map(|r| {
                r.per_sheet
                    .iter()
                    .map(|s| SheetRef {
                        id: s.sheet_id.clone(),
                        name: s.template_name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        steps::download(op, client, &ctx.ui, &company, &sheets, dir, "valid").await?;
        for f in op.op.download.iter().flat_map(|d| d.files.iter()) {
            let rows = f
                .records
                .map(|r| format!(" ({} rows)", count(r)))
                .unwrap_or_default();
            report.downloads.push(format!("{}{rows}", f.path));
        }
    }
    report.status = OpStatus::Completed;
    Ok(finish(op, report))
}

/// An export run that failed at job level (destination down, bad credentials) is retried with a
/// fresh key when the operation continues; one that completed (even with failed writes) is kept.
fn retry_failed_export(op: &mut OpHandle, which: Which) -> anyhow::Result<()> {
    let slot = match which {
        Which::Canary => &mut op.op.canary,
        Which::Full => &mut op.op.export,
    };
    let failed = slot
        .as_ref()
        .is_some_and(|s| matches!(s.run.status.as_deref(), Some("failed") | Some("canceled")));
    if failed {
        *slot = None;
        op.save()?;
    }
    Ok(())
}

fn paused_reason(
    mode: ApproveMode,
    view: &ImportView,
    company: &str,
    run: &str,
    resume: &str,
    rounds: u32,
) -> (String, String) {
    let what = if view.status == RunStatus::Blocked {
        "the import is blocked on a question"
    } else {
        "the import needs attention"
    };
    let approve = view
        .next
        .clone()
        .unwrap_or_else(|| format!("vern approve --company {company} {run}"));
    let reason = match (mode, &view.status) {
        (_, RunStatus::Blocked) => format!("{what}; answer it, then continue"),
        (ApproveMode::Accept, _) if rounds > 3 => format!(
            "{what} again after {} accepted fixes; review it by hand",
            rounds - 1
        ),
        (ApproveMode::Ask, _) => format!(
            "{what}, and there is no terminal to ask on (pass --approve accept|reject to decide unattended)"
        ),
        _ => format!("{what} (--approve never)"),
    };
    (reason, format!("{approve}   then: {resume}"))
}

/// Save where the pipeline ended; the report carries the exit code.
fn finish(op: &mut OpHandle, mut report: MigrateReport) -> MigrateReport {
    if report.status == OpStatus::Running {
        report.status = OpStatus::Completed;
    }
    report.counts = op.op.counts.clone();
    let _ = op.end(report.status, report.exit);
    report
}

//! `migrate`: the whole pipeline as one resumable operation, an explicit state machine over the
//! same steps the single commands use. Each arm does its phase and returns the next phase or a
//! stop; the journal records every phase entered. A resumed operation enters again at the top and
//! every arm whose work is journaled as done passes straight through, so a kill anywhere never
//! repeats a run or a write.
//!
//! provision → upload → import ⇄ review → canary → gate → export → download → done

use super::deliver::{self as delivery, DeliverTo};
use super::download::{Checks, Templates};
use super::files::{self, Input};
use super::{Progress, Reviewer, decide, download, export, import, new_idempotency_key};
use super::{provision, upload};
use crate::api::Client;
use crate::api::types::{CreateCompanyRequest, ExportMode, ExportRequest, RunStatus};
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{Counts, OpStatus, Phase, SheetRef};
use crate::journal::{Identity, Journal, OpHandle};
use crate::model::Report;
use crate::model::decision::{Choice, Review};
use crate::model::export::ExportView;
use crate::model::import::ImportView;
use crate::model::migrate::{ApproveMode, ExportChoice, MigrateReport, Milestone};
use crate::model::shapes::ErrorDoc;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::time::Instant;

/// One migration to run: from the command line, or one row of a manifest.
#[derive(Debug, Clone)]
pub struct Spec {
    pub files: Vec<PathBuf>,
    pub company: Option<String>,
    pub name: Option<String>,
    pub source: Option<String>,
    pub external_id: Option<String>,
    pub templates: Vec<String>,
    pub connection: Option<PathBuf>,
    pub approve: ApproveMode,
    pub export: ExportChoice,
    pub canary: bool,
    pub download: Option<PathBuf>,
    /// `--deliver DEST` (with its format, compression and names).
    pub deliver: Option<DeliverTo>,
    pub allow_failures: bool,
}

/// A spec whose connection was read and whose provisioning was worked out, before its operation
/// is known. Its files are checked once the operation is (`files::check_inputs`): only those not
/// uploaded yet need to be on disk.
pub struct Checked {
    /// What the download step holds its files to.
    downloads: Checks,
    provision: Option<CreateCompanyRequest>,
    /// The company gets the sandbox's rehearsal name (made unique with the operation id).
    rehearsal_name: bool,
}

/// Check a spec's download directory and connection, and work out what to provision: against a
/// vern sandbox (in-process, or running on loopback) its seeded source and destination are the
/// defaults.
pub async fn check(
    client: &Client,
    spec: &Spec,
    in_process_sandbox: bool,
    templates: &Templates,
) -> anyhow::Result<Checked> {
    let inputs: Vec<PathBuf> = spec
        .files
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let downloads = check_download(client, spec, &inputs, templates).await?;
    check_deliver(client, spec, templates).await?;
    if spec.company.is_some() {
        return Ok(Checked {
            downloads,
            provision: None,
            rehearsal_name: false,
        });
    }
    let mut source = spec.source.clone();
    let mut connections = spec
        .connection
        .as_deref()
        .map(files::read_connection)
        .transpose()?;
    let mut name = spec.name.clone();
    let mut rehearsal_name = false;
    if (source.is_none() || in_process_sandbox)
        && let Some((seed_source, seed_connection)) = client.sandbox_defaults().await
    {
        source.get_or_insert(seed_source);
        if connections.is_none() {
            connections = seed_connection;
        }
        if name.is_none() {
            name = Some("Sandbox rehearsal".into());
            rehearsal_name = true;
        }
    }
    let (Some(name), Some(source)) = (name, source) else {
        return Err(UserError::usage(
            "migrate needs --company ID, or --name and --source to provision a company",
        )
        .with_hint("rehearse without an account: vern --sandbox migrate FILE…")
        .into());
    };
    Ok(Checked {
        downloads,
        provision: Some(CreateCompanyRequest {
            name,
            source,
            external_id: spec.external_id.clone(),
            template_ids: (!spec.templates.is_empty()).then(|| spec.templates.clone()),
            connections,
        }),
        rehearsal_name,
    })
}

/// `--download DIR`, before anything is sent: the files the step will write (`DIR/<sheet>.csv`
/// for each template of the company: the account's, or only those of `--template`) must not be
/// the migration's own input files. Returns what the step holds its downloads to.
pub async fn check_download(
    client: &Client,
    spec: &Spec,
    inputs: &[PathBuf],
    templates: &Templates,
) -> anyhow::Result<Checks> {
    let Some(dir) = &spec.download else {
        return Ok(Checks::default());
    };
    let all = templates.get(client).await?;
    let chosen: Vec<_> = all
        .iter()
        .filter(|t| {
            spec.templates.is_empty()
                || spec
                    .templates
                    .iter()
                    .any(|id| id.eq_ignore_ascii_case(&t.id))
        })
        .cloned()
        .collect();
    download::check_dir(dir, &chosen, inputs)?;
    Ok(Checks {
        headers: download::headers(all),
        inputs: inputs.to_vec(),
    })
}

/// `--deliver DEST --name T`, before anything is sent: a template that cannot tell sheets apart
/// is refused when the company will have more than one sheet (its templates: `--template`, or the
/// account's).
async fn check_deliver(client: &Client, spec: &Spec, templates: &Templates) -> anyhow::Result<()> {
    let Some(d) = &spec.deliver else {
        return Ok(());
    };
    if d.name.names_the_sheet() {
        return Ok(());
    }
    let sheets = if spec.templates.is_empty() {
        templates.get(client).await?.len()
    } else {
        spec.templates.len()
    };
    if sheets > 1 {
        return Err(UserError::usage(format!(
            "--name '{}' would write all {sheets} sheets into one file",
            d.name
        ))
        .with_hint("put {sheet} or {sheet_id} in --name")
        .into());
    }
    Ok(())
}

impl Checked {
    /// Whether the migration provisions its company (no `--company`).
    pub fn provisions(&self) -> bool {
        self.provision.is_some()
    }

    /// What makes two migrations the same operation: the company (or what to provision) and the
    /// files.
    pub fn identity(&self, spec: &Spec) -> Identity {
        Identity::Same(json!({
            "company": spec.company,
            "provision": self.provision.as_ref().map(|p| json!({"name": p.name, "source": p.source, "external_id": p.external_id})),
            "files": files::identity(&spec.files),
        }))
    }

    /// The options of the steps still to come, kept for `vern resume`.
    pub fn options(spec: &Spec) -> serde_json::Value {
        json!({
            "approve": spec.approve,
            "export": spec.export,
            "canary": spec.canary,
            "download": spec.download,
            "deliver": spec.deliver.as_ref().map(|d| json!({
                "to": d.target.to_string(),
                "format": d.format,
                "gzip": d.gzip,
                "name": d.name.to_string(),
            })),
            "allow_failures": spec.allow_failures,
        })
    }

    /// The plan for the operation, with its checked `files`: a company an earlier operation of the
    /// same command already provisioned is used again (provisioning is not idempotent), and a
    /// company provisioned here gets an external id so a lost answer can be looked up.
    pub fn plan(
        self,
        op: &mut OpHandle,
        journal: &Journal,
        spec: &Spec,
        files: Vec<Input>,
    ) -> anyhow::Result<Plan> {
        if self.provision.is_some() && op.op.provision.is_none() {
            let key = op.op.key.clone();
            let id = op.id().to_string();
            let earlier = journal
                .with_key(&key)?
                .into_iter()
                .filter(|o| o.id != id)
                .find_map(|o| o.provision.filter(|p| p.company_id.is_some()));
            if let Some(p) = earlier {
                op.op.company = p.company_id.clone();
                op.op.provision = Some(p);
                op.save()?;
            }
        }
        let op_id = op.id().to_string();
        let provision = self.provision.map(|mut p| {
            if p.external_id.is_none() {
                p.external_id = Some(format!(
                    "vern-{}",
                    op_id.replace('T', "-").to_ascii_lowercase()
                ));
            }
            if self.rehearsal_name {
                p.name = format!("Sandbox rehearsal {op_id}");
            }
            p
        });
        Ok(Plan {
            company: spec
                .company
                .clone()
                .or_else(|| op.op.provision.as_ref().and_then(|p| p.company_id.clone())),
            provision,
            files,
            approve: spec.approve,
            export: spec.export,
            canary: spec.canary,
            download: spec.download.clone(),
            deliver: spec.deliver.clone(),
            downloads: self.downloads,
            allow_failures: spec.allow_failures,
        })
    }
}

/// What one migration does.
pub struct Plan {
    pub company: Option<String>,
    pub provision: Option<CreateCompanyRequest>,
    pub files: Vec<Input>,
    pub approve: ApproveMode,
    pub export: ExportChoice,
    pub canary: bool,
    pub download: Option<PathBuf>,
    /// What the downloads are held to: the expected headers, the inputs never to overwrite.
    pub downloads: Checks,
    pub deliver: Option<DeliverTo>,
    pub allow_failures: bool,
}

/// What the pipeline runs with.
pub struct Pipeline<'a> {
    pub client: &'a Client,
    pub deadline: Option<Instant>,
    pub progress: &'a dyn Progress,
    /// The interactive review, when there is a person to ask (`--approve ask` on a terminal).
    pub reviewer: Option<Arc<dyn Reviewer>>,
    /// Who decides, for the journal's audit trail.
    pub actor: &'a str,
}

/// Where an arm sends the pipeline.
enum Next {
    Go(Phase),
    Stop(Stop),
}

/// The pipeline ended before `done`.
struct Stop {
    at: Phase,
    status: OpStatus,
    exit: ExitCode,
    reason: String,
    next: Vec<String>,
}

/// Run (or continue) the pipeline; the report says where it ended and why.
pub async fn run(
    pipe: &Pipeline<'_>,
    op: &mut OpHandle,
    plan: &Plan,
) -> anyhow::Result<MigrateReport> {
    let resume = format!("vern resume {}", op.id());
    let mut m = Machine {
        pipe,
        plan,
        resume,
        report: MigrateReport {
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
            delivery: None,
            counts: Counts::default(),
            next: Vec::new(),
            error: None,
            exit: ExitCode::Success,
        },
        steps: 0,
        company: String::new(),
        import: None,
        reviews: 0,
    };
    let mut phase = Phase::Provision;
    let stop = loop {
        op.enter(phase)?;
        let next = match phase {
            Phase::Provision => m.provision(op).await?,
            Phase::Upload => m.upload(op).await?,
            Phase::Import => m.import(op).await?,
            Phase::Review => m.review(op).await?,
            Phase::Canary => m.export(op, ExportMode::Canary).await?,
            Phase::Gate => m.gate(),
            Phase::Export => m.export(op, ExportMode::Full).await?,
            Phase::Download => m.download(op).await?,
            Phase::Deliver => m.deliver(op).await?,
            Phase::Start | Phase::Done => break None,
        };
        match next {
            Next::Go(p) => phase = p,
            Next::Stop(s) => break Some(s),
        }
    };
    let mut report = m.report;
    match stop {
        Some(s) => {
            report.stopped_at = Some(s.at.as_str().to_string());
            report.status = s.status;
            report.exit = s.exit;
            if s.status == OpStatus::Failed {
                report.error = Some(ErrorDoc::run_failed(&s.reason));
            }
            report.reason = Some(s.reason);
            report.next = s.next;
        }
        None => report.status = OpStatus::Completed,
    }
    report.counts = op.op.counts.clone();
    op.end(report.status, report.exit)?;
    Ok(report)
}

struct Machine<'a> {
    pipe: &'a Pipeline<'a>,
    plan: &'a Plan,
    /// `vern resume <id>`: how to continue after a stop.
    resume: String,
    report: MigrateReport,
    /// Steps announced so far ("[n/total]").
    steps: usize,
    company: String,
    /// The import as last seen.
    import: Option<ImportView>,
    /// Decisions sent by this invocation (an `--approve accept` loop gives up after three).
    reviews: u32,
}

impl Machine<'_> {
    fn step(&mut self, what: Milestone<'_>) {
        let plan = self.plan;
        let total = 2
            + usize::from(plan.provision.is_some())
            + usize::from(plan.export != ExportChoice::None && plan.canary)
            + usize::from(plan.export == ExportChoice::Full)
            + usize::from(plan.download.is_some())
            + usize::from(plan.deliver.is_some());
        self.steps += 1;
        self.pipe.progress.step(self.steps, total, &what);
    }

    fn note(&self, what: Milestone<'_>) {
        self.pipe.progress.note(&what);
    }

    fn stop(&self, at: Phase, status: OpStatus, exit: ExitCode, reason: String) -> Next {
        Next::Stop(Stop {
            at,
            status,
            exit,
            reason,
            next: vec![self.resume.clone()],
        })
    }

    /// The phase after the import completed: exports as planned, then the download.
    fn after_import(&self) -> Phase {
        match self.plan.export {
            ExportChoice::None => self.after_exports(),
            ExportChoice::Canary => Phase::Canary,
            ExportChoice::Full if self.plan.canary => Phase::Canary,
            ExportChoice::Full => Phase::Export,
        }
    }

    fn after_exports(&self) -> Phase {
        if self.plan.download.is_some() {
            Phase::Download
        } else {
            self.after_download()
        }
    }

    fn after_download(&self) -> Phase {
        if self.plan.deliver.is_some() {
            Phase::Deliver
        } else {
            Phase::Done
        }
    }

    async fn provision(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        self.company = match (&self.plan.company, &self.plan.provision) {
            (Some(c), _) => c.clone(),
            (None, Some(req)) => {
                self.step(Milestone::Provisioning { name: &req.name });
                let mut req = req.clone();
                if let Some(ext) = op.op.provision.as_ref().and_then(|p| p.external_id.clone()) {
                    req.external_id = Some(ext);
                }
                let id = provision::provision(op, self.pipe.client, &req).await?;
                self.note(Milestone::Provisioned { company: &id });
                id
            }
            (None, None) => anyhow::bail!("migrate needs --company or provisioning fields"),
        };
        self.report.company = Some(self.company.clone());
        op.op.company = Some(self.company.clone());
        Ok(Next::Go(Phase::Upload))
    }

    async fn upload(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        let files = &self.plan.files;
        let total: u64 = files.iter().map(Input::size).sum();
        self.step(Milestone::Uploading {
            files: files.len(),
            bytes: total,
        });
        for copy in files.iter().filter_map(Input::copy) {
            self.note(Milestone::UploadedCopy(copy));
        }
        upload::upload(op, self.pipe.client, &self.company, files).await?;
        Ok(Next::Go(Phase::Import))
    }

    async fn import(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        let client = self.pipe.client;
        if self.import.is_none() {
            self.step(Milestone::Importing);
        }
        let key = new_idempotency_key("import");
        let (run_id, _) = import::start(op, client, &self.company, key, None).await?;
        if self.import.is_none() {
            self.note(Milestone::ImportStarted { run_id: &run_id });
        }
        let view = import::wait(op, client, &self.company, self.pipe.deadline).await?;
        self.import = Some(view.clone());
        self.report.import = Some(view.clone());
        if view.timed_out {
            let why = "the import is still running (--timeout)".to_string();
            return Ok(self.stop(Phase::Import, OpStatus::TimedOut, ExitCode::Timeout, why));
        }
        match &view.status {
            RunStatus::Completed => {
                self.report.decisions = op.op.decisions.clone();
                Ok(Next::Go(self.after_import()))
            }
            RunStatus::Failed | RunStatus::Canceled => {
                let why = view
                    .error
                    .clone()
                    .unwrap_or_else(|| format!("the import run is {}", view.status));
                Ok(Next::Stop(Stop {
                    at: Phase::Import,
                    status: OpStatus::Failed,
                    exit: ExitCode::RunFailed,
                    reason: why,
                    next: Vec::new(),
                }))
            }
            RunStatus::NeedsAttention | RunStatus::Blocked => Ok(Next::Go(Phase::Review)),
            other => anyhow::bail!(
                "the import run is in status '{other}', which this version of vern does not know"
            ),
        }
    }

    async fn review(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        let Some(view) = self.import.clone() else {
            return Ok(Next::Go(Phase::Import));
        };
        self.reviews += 1;
        let mut expect = view.patch_hash.clone();
        // Set when a person was asked and chose to decide later, so the stop says that rather
        // than that nobody could be asked.
        let mut later = false;
        let choice = match (self.plan.approve, &view.status) {
            (ApproveMode::Accept, RunStatus::NeedsAttention) if self.reviews <= 3 => {
                Some(Choice::Accept)
            }
            (ApproveMode::Reject, RunStatus::NeedsAttention) => Some(Choice::Reject),
            (ApproveMode::Ask, _) => match &self.pipe.reviewer {
                Some(reviewer) => {
                    let (reviewer, shown) = (reviewer.clone(), view.clone());
                    match tokio::task::spawn_blocking(move || reviewer.review(&shown)).await?? {
                        Review::Decided(r) => {
                            expect = r.patch_hash;
                            Some(r.choice)
                        }
                        Review::Later => {
                            later = true;
                            None
                        }
                    }
                }
                None => None,
            },
            _ => None,
        };
        let Some(choice) = choice else {
            let (reason, next) = self.paused(&view, later);
            return Ok(Next::Stop(Stop {
                at: Phase::Review,
                status: OpStatus::Paused,
                exit: ExitCode::NeedsAttention,
                reason,
                next,
            }));
        };
        let flagged = view.report.as_ref().map_or(0, |r| r.invalid_cell_count);
        let who = decide::Who {
            actor: self.pipe.actor,
            note: None,
        };
        let client = self.pipe.client;
        let decided = decide::decide(
            op,
            client,
            &self.company,
            &view.run_id,
            &choice,
            expect.as_deref(),
            &who,
        )
        .await?;
        self.note(Milestone::Decided {
            decision: decided.decision,
            flagged,
            patch_hash: decided.patch_hash.as_deref(),
        });
        Ok(Next::Go(Phase::Import))
    }

    /// Why the pipeline pauses at a run that needs a decision, and the commands that continue.
    /// `later`: the person reviewing chose to decide later.
    fn paused(&self, view: &ImportView, later: bool) -> (String, Vec<String>) {
        let what = if view.status == RunStatus::Blocked {
            "the import is blocked on a question"
        } else {
            "the import needs attention"
        };
        let approve =
            view.next.first().cloned().unwrap_or_else(|| {
                format!("vern approve --company {} {}", self.company, view.run_id)
            });
        let reason = match (self.plan.approve, &view.status) {
            _ if later => format!("{what}; you chose to decide later, so nothing was sent"),
            (_, RunStatus::Blocked) => format!("{what}; answer it, then continue"),
            (ApproveMode::Accept, _) if self.reviews > 3 => format!(
                "{what} again after {} accepted fixes; review it by hand",
                self.reviews - 1
            ),
            (ApproveMode::Ask, _) => format!(
                "{what}, and there is no terminal to ask on (pass --approve accept|reject to decide unattended)"
            ),
            _ => format!("{what} (--approve never)"),
        };
        (reason, vec![approve, self.resume.clone()])
    }

    /// The canary and the full export: one arm, two modes.
    async fn export(&mut self, op: &mut OpHandle, mode: ExportMode) -> anyhow::Result<Next> {
        let canary = mode == ExportMode::Canary;
        let (phase, name) = if canary {
            (Phase::Canary, "canary")
        } else {
            (Phase::Export, "export")
        };
        self.step(Milestone::Exporting { mode: &mode });
        export::forget_failed_run(op, &mode)?;
        let req = ExportRequest {
            mode: Some(mode.clone()),
            ..Default::default()
        };
        let key = new_idempotency_key(name);
        let client = self.pipe.client;
        let mut view =
            export::export(op, client, &self.company, req, key, self.pipe.deadline).await?;
        view.allow_failures = !canary && self.plan.allow_failures;
        self.note(Milestone::Exported {
            mode: &mode,
            view: &view,
        });
        if canary {
            self.report.canary = Some(view.clone());
        } else {
            self.report.export = Some(view.clone());
        }
        let label = if canary {
            "the canary export"
        } else {
            "the export"
        };
        if view.timed_out {
            let why = format!("{label} is still running (--timeout)");
            return Ok(self.stop(phase, OpStatus::TimedOut, ExitCode::Timeout, why));
        }
        if view.status != RunStatus::Completed {
            let why = format!(
                "{label} {}: {}",
                view.status,
                view.error.clone().unwrap_or_default()
            );
            return Ok(self.stop(phase, OpStatus::Paused, ExitCode::RunFailed, why));
        }
        if canary {
            let gated = self.plan.export == ExportChoice::Full;
            return Ok(Next::Go(if gated {
                Phase::Gate
            } else {
                self.after_exports()
            }));
        }
        self.report.exit = view.exit_code();
        Ok(Next::Go(self.after_exports()))
    }

    /// A failed or hollow canary write stops the pipeline before the full export.
    fn gate(&self) -> Next {
        let Some(canary) = self.report.canary.as_ref() else {
            return Next::Go(Phase::Export);
        };
        if canary.failed == 0 && canary.hollow == 0 {
            return Next::Go(Phase::Export);
        }
        Next::Stop(Stop {
            at: Phase::Gate,
            status: OpStatus::Paused,
            exit: ExitCode::ExportFailures,
            reason: format!(
                "the canary export had {} failed and {} hollow writes, so the full export was not started; fix the destination and continue, or re-run the same migrate with --no-canary to skip the gate",
                canary.failed, canary.hollow
            ),
            next: vec![self.resume.clone()],
        })
    }

    async fn download(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        let Some(dir) = self.plan.download.clone() else {
            return Ok(Next::Go(self.after_download()));
        };
        self.step(Milestone::Downloading { dir: &dir });
        let sheets = self.sheets();
        let client = self.pipe.client;
        let checks = &self.plan.downloads;
        let earlier =
            download::into_dir(op, client, &self.company, &sheets, &dir, "valid", checks).await?;
        if let Some(earlier) = &earlier {
            self.note(Milestone::DownloadedAgain { earlier });
        }
        for f in op.op.download.iter().flat_map(|d| d.files.iter()) {
            self.report.downloads.push(f.clone());
        }
        Ok(Next::Go(self.after_download()))
    }

    /// `--deliver DEST`: every sheet the import filled, as `vern deliver` would (one journaled
    /// delivery run inside the migration, so a kill here never writes a file twice).
    async fn deliver(&mut self, op: &mut OpHandle) -> anyhow::Result<Next> {
        let Some(to) = self.plan.deliver.clone() else {
            return Ok(Next::Go(Phase::Done));
        };
        let format = to.format.name();
        self.step(Milestone::Delivering { to: &to.to, format });
        let spec = delivery::Spec {
            company: self.company.clone(),
            external_id: op.op.provision.as_ref().and_then(|p| p.external_id.clone()),
            to: to.to.clone(),
            target: to.target.clone(),
            tuning: to.tuning.clone(),
            webhook: Default::default(),
            sheets: self.sheets(),
            filter: "valid",
            format: to.format,
            gzip: to.gzip,
            name: to.name.clone(),
            if_exists: crate::deliver::dest::IfExists::Fail,
            manifest: true,
            allow_failures: self.plan.allow_failures,
            delta: None,
            allowed: None,
            expect_sources: None,
            run_at: None,
            job: None,
        };
        spec.check_names()?;
        let view = delivery::deliver(
            op,
            self.pipe.client,
            &spec,
            &self.plan.downloads,
            self.pipe.progress,
        )
        .await?;
        if view.exit_code() != ExitCode::Success && self.report.exit == ExitCode::Success {
            self.report.exit = view.exit_code();
        }
        self.report.delivery = Some(view);
        Ok(Next::Go(Phase::Done))
    }

    /// The sheets the import filled, from its report.
    fn sheets(&self) -> Vec<SheetRef> {
        self.import
            .as_ref()
            .and_then(|v| v.report.as_ref())
            .map(|r| {
                r.per_sheet
                    .iter()
                    .map(|s| SheetRef {
                        id: s.sheet_id.clone(),
                        name: s.template_name.clone(),
                        template_id: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The last view of an export, for fleet rows: the full export's, else the canary's.
pub fn last_export(report: &MigrateReport) -> Option<&ExportView> {
    report.export.as_ref().or(report.canary.as_ref())
}

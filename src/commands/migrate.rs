//! `vern migrate`: the whole migration as one resumable operation.

use super::company::{external_id_arg, read_connection};
use super::import::{absolute, announce};
use super::{Report, emit, uuid_arg};
use crate::api::types::CreateCompanyRequest;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Begin;
use crate::journal::record::{OpKind, OpStatus};
use crate::workflow::files;
use crate::workflow::migrate::{self, ApproveMode, ExportChoice, MigrateReport, Plan};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run a whole migration as one operation: provision the company (or use --company), \
upload the files, import them and wait, review a flagged run (--approve), push a canary export \
and stop there if any canary write failed or came back hollow, push the full export, and \
download the valid CSV of each sheet. Every step is journaled: killing vern anywhere and running \
the same command again (or `vern resume`) continues without a second run or a second destination \
write.",
    after_help = "Examples:
  vern --sandbox migrate examples/companies.csv examples/contacts-dirty.csv --approve accept --download out/
  vern migrate --company $COMPANY contacts.csv --approve never
  vern migrate --name 'Northwind Traders' --source $SOURCE --external-id nw-4471 \\
      --connection connection.json contacts.csv --approve accept --export full --download out/

Exit codes: 0 done, 4 a run failed, 5 a decision is needed (then `vern approve` and `vern resume`),
6 the canary gate stopped the export or the export had failed/hollow writes, 124 --timeout, 130
interrupted (the journal is saved; `vern resume` continues)."
)]
pub struct MigrateArgs {
    /// Files to migrate
    #[arg(required_unless_present = "manifest", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Run many migrations: one company per row of FILE (CSV with a header, or JSON lines)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "company", "name", "source", "external_id", "templates", "connection"], help_heading = "Fleet")]
    pub manifest: Option<PathBuf>,
    /// Migrations run at once in fleet mode, sharing the one rate budget
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256), help_heading = "Fleet")]
    pub concurrency: u32,
    /// Take shard I of N of the manifest (every N-th row from the I-th), to split a fleet across jobs
    #[arg(long, value_name = "I/N", value_parser = crate::workflow::fleet::parse_shard, help_heading = "Fleet")]
    pub shard: Option<(usize, usize)>,
    /// An existing company
    #[arg(long, value_name = "UUID", value_parser = uuid_arg, conflicts_with_all = ["name", "external_id", "connection", "templates"])]
    pub company: Option<String>,
    /// Provision a company with this name first
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Source of the company to provision (default with --sandbox: the seeded HubSpot source)
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub source: Option<String>,
    /// External id of the company to provision (default: one derived from the operation id)
    #[arg(long, value_name = "ID", value_parser = external_id_arg)]
    pub external_id: Option<String>,
    /// Template of the company to provision (repeatable; default: all)
    #[arg(long = "template", value_name = "UUID", value_parser = uuid_arg)]
    pub templates: Vec<String>,
    /// Destination connection of the company to provision (JSON file)
    #[arg(long, value_name = "FILE")]
    pub connection: Option<PathBuf>,
    /// What to do when the import needs attention
    #[arg(long, value_enum, default_value = "ask")]
    pub approve: ApproveMode,
    /// How far to export: none, canary, or full (canary first unless --no-canary)
    #[arg(long, value_enum, default_value = "full")]
    pub export: ExportChoice,
    /// Skip the canary before a full export (and its gate)
    #[arg(long)]
    pub no_canary: bool,
    /// Download the valid CSV of every sheet into DIR
    #[arg(long, value_name = "DIR")]
    pub download: Option<PathBuf>,
    /// Exit 0 even when export writes failed or came back hollow
    #[arg(long)]
    pub allow_failures: bool,
    /// Start a new operation even if an unfinished one matches this command
    #[arg(long)]
    pub new: bool,
}

impl Report for MigrateReport {
    fn exit_code(&self) -> ExitCode {
        self.exit
    }

    fn job(&self) -> Option<crate::ui::github::JobReport> {
        Some(crate::workflow::migrate::job(self))
    }
}

/// The seeded source and destination of the built-in sandbox seed, for `--sandbox migrate`.
#[cfg(feature = "sandbox")]
fn sandbox_defaults() -> (String, serde_json::Value) {
    let seed = crate::sandbox::seed::Seed::builtin();
    let source = seed
        .sources
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let conn = seed
        .destination
        .map(|d| json!({ "destination": { "base_url": d.base_url, "auth": d.auth } }))
        .unwrap_or(serde_json::Value::Null);
    (source, conn)
}

/// One migration to run: from the command line, or one row of a manifest.
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
    pub allow_failures: bool,
}

/// Check the spec's local inputs, find (or start) its operation in the journal, and make the plan.
async fn prepare(
    ctx: &Context,
    client: &crate::api::Client,
    spec: &Spec,
    new: bool,
    argv: Vec<String>,
    interactive: bool,
) -> anyhow::Result<(crate::journal::OpHandle, Plan)> {
    let sources = spec
        .files
        .iter()
        .map(|p| {
            files::inspect(p).map(|mut s| {
                s.path = absolute(&s.path);
                s
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rehearsal_name = false;
    let provision = if spec.company.is_some() {
        None
    } else {
        let mut source = spec.source.clone();
        let mut connections = spec
            .connection
            .as_deref()
            .map(read_connection)
            .transpose()?;
        let mut name = spec.name.clone();
        let mut sandbox_named = false;
        #[cfg(feature = "sandbox")]
        if ctx.is_sandbox() {
            let (seed_source, seed_conn) = sandbox_defaults();
            source.get_or_insert(seed_source);
            if connections.is_none() {
                connections = Some(seed_conn);
            }
            name.get_or_insert_with(|| "Sandbox rehearsal".to_string());
        }
        // Against a running `vern sandbox`, its seeded source and destination are the defaults.
        if source.is_none()
            && !ctx.is_sandbox()
            && let Some((seed_source, seed_conn)) = client.sandbox_defaults().await
        {
            source = Some(seed_source);
            if connections.is_none() {
                connections = seed_conn;
            }
            name.get_or_insert_with(|| "Sandbox rehearsal".to_string());
            sandbox_named = spec.name.is_none();
        }
        let (Some(name), Some(source)) = (name, source) else {
            return Err(UserError::usage(
                "migrate needs --company ID, or --name and --source to provision a company",
            )
            .with_hint("rehearse without an account: vern --sandbox migrate FILE…")
            .into());
        };
        rehearsal_name = sandbox_named || (ctx.is_sandbox() && spec.name.is_none());
        Some(CreateCompanyRequest {
            name,
            source,
            external_id: spec.external_id.clone(),
            template_ids: (!spec.templates.is_empty()).then(|| spec.templates.clone()),
            connections,
        })
    };
    let op = ctx.journal().begin(Begin {
        kind: OpKind::Migrate,
        key_material: json!({
            "kind": "migrate",
            "api": ctx.api_url,
            "company": spec.company,
            "provision": provision.as_ref().map(|p| json!({"name": p.name, "source": p.source, "external_id": p.external_id})),
            "files": sources.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
        }),
        argv,
        api_url: ctx.api_url.clone(),
        sandbox: ctx.is_sandbox(),
        company: spec.company.clone(),
        options: json!({
            "approve": spec.approve,
            "export": spec.export,
            "canary": spec.canary,
            "download": spec.download,
            "allow_failures": spec.allow_failures,
        }),
        new,
    })?;
    let mut op = op;
    // Provisioning is not idempotent: a new operation for a company an earlier one of the same
    // command already provisioned (say, after a failed run) uses that company.
    if provision.is_some() && op.op.provision.is_none() {
        let key = op.op.key.clone();
        let id = op.id().to_string();
        let earlier = ctx
            .journal()
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
    // A company provisioned by migrate gets an external id, so a lost answer can be looked up.
    let provision = provision.map(|mut p| {
        if p.external_id.is_none() {
            p.external_id = Some(format!(
                "vern-{}",
                op.id().replace('T', "-").to_ascii_lowercase()
            ));
        }
        if rehearsal_name {
            p.name = format!("Sandbox rehearsal {}", op.id());
        }
        p
    });
    let plan = Plan {
        company: spec
            .company
            .clone()
            .or_else(|| op.op.provision.as_ref().and_then(|p| p.company_id.clone())),
        provision,
        files: sources,
        approve: spec.approve,
        export: spec.export,
        canary: spec.canary,
        download: spec.download.clone(),
        allow_failures: spec.allow_failures,
        interactive,
    };
    Ok((op, plan))
}

pub async fn run(ctx: &Context, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    if let Some(manifest) = &args.manifest {
        return super::fleet::run(ctx, &args, manifest).await;
    }
    let spec = Spec {
        files: args.files.clone(),
        company: args.company.clone(),
        name: args.name.clone(),
        source: args.source.clone(),
        external_id: args.external_id.clone(),
        templates: args.templates.clone(),
        connection: args.connection.clone(),
        approve: args.approve,
        export: args.export,
        canary: !args.no_canary,
        download: args.download.clone(),
        allow_failures: args.allow_failures,
    };
    let client = ctx.client()?;
    let (mut op, plan) = prepare(
        ctx,
        &client,
        &spec,
        args.new,
        ctx.argv(),
        ctx.ui.interactive(),
    )
    .await?;
    announce(ctx, &op);
    let reporter = migrate::UiSteps(ctx.ui.clone());
    match migrate::run(ctx, &client, &mut op, &plan, &reporter).await {
        Ok(report) => {
            // The boundary between a finished operation and the user seeing its outcome.
            crate::journal::checkpoint("report");
            let code = emit(&ctx.ui, &report);
            op.reported()?;
            Ok(code)
        }
        Err(e) => {
            op.fail(OpStatus::Errored, &e)?;
            Err(crate::exit::with_hint(
                e,
                format!(
                    "migrate stopped at step {}; the journal is saved — continue with: vern resume {}",
                    op.op.step,
                    op.id()
                ),
            ))
        }
    }
}

/// Run one manifest row to its end; a failure is the row's outcome, not the fleet's.
pub async fn run_row(
    ctx: &Context,
    client: &crate::api::Client,
    spec: &Spec,
    new: bool,
    argv: Vec<String>,
    reporter: &dyn migrate::StepReporter,
) -> Result<(MigrateReport, String), (anyhow::Error, Option<String>)> {
    let (mut op, plan) = prepare(ctx, client, spec, new, argv, false)
        .await
        .map_err(|e| (e, None))?;
    let id = op.id().to_string();
    match migrate::run(ctx, client, &mut op, &plan, reporter).await {
        Ok(report) => {
            let _ = op.reported();
            Ok((report, id))
        }
        Err(e) => {
            let _ = op.fail(OpStatus::Errored, &e);
            Err((e, Some(id)))
        }
    }
}

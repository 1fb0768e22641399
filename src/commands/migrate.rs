//! `vern migrate`: the whole migration as one resumable operation.

use super::company::external_id_arg;
use super::fleet::{self, FleetOptions};
use super::{Journaled, check_inputs, uuid_arg};
use crate::context::Context;
use crate::deliver::dest::Tuning;
use crate::deliver::format::Format;
use crate::deliver::names::{self, Template};
use crate::deliver::target::Target;
use crate::exit::{ExitCode, UserError, with_hint};
use crate::journal::record::{OpKind, OpStatus};
use crate::model::decision::Review;
use crate::model::import::ImportView;
use crate::model::migrate::{ApproveMode, ExportChoice, Milestone};
use crate::ui::Ui;
use crate::ui::render::migrate::milestone;
use crate::workflow::deliver::DeliverTo;
use crate::workflow::download::Templates;
use crate::workflow::migrate::{self, Checked, Pipeline, Spec};
use crate::workflow::{Progress, Reviewer};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run a whole migration as one operation: provision the company (or use --company), \
upload the files, import them and wait, review a flagged run (--approve), push a canary export \
and stop there if any canary write failed or came back hollow, push the full export, and \
download the valid CSV of each sheet. Every step is journaled: killing vern anywhere and running \
the same command again (or `vern resume`) continues without a second run or a second destination \
write.",
    after_help = "Examples:
  vern --sandbox migrate examples/companies.csv examples/contacts-dirty.csv \\
      --approve accept --download out/
  vern migrate --company $COMPANY contacts.csv --approve never
  vern migrate --name 'Northwind Traders' --source $SOURCE --external-id nw-4471 \\
      --connection connection.json contacts.csv --approve accept --export full --download out/
  vern --sandbox migrate examples/companies.csv examples/contacts-dirty.csv \\
      --approve accept --deliver ./out --format jsonl --gzip
  vern migrate --company $COMPANY contacts.csv --deliver s3://acme-drop/in --plan

Exit codes: 0 done, 2 --download DIR would write over one of the FILEs (nothing is sent), 4 a run failed, 5 a decision is needed (then `vern approve` and `vern resume`),
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
    /// Download the valid CSV of every sheet into DIR as <sheet>.csv (never over an input file)
    #[arg(long, value_name = "DIR")]
    pub download: Option<PathBuf>,
    /// Deliver the valid rows of every sheet to DEST, as `vern deliver` does (last)
    #[arg(long, value_name = "DEST", conflicts_with = "manifest")]
    pub deliver: Option<String>,
    /// The delivered files' format: csv, json, jsonl or xml (with --deliver)
    #[arg(long, value_enum, default_value = "csv", value_name = "FORMAT")]
    pub format: Format,
    /// Compress each delivered file with gzip (with --deliver)
    #[arg(long)]
    pub gzip: bool,
    /// The delivered files' names, as `vern deliver --name` (with --deliver; --name names the company)
    #[arg(long, value_name = "TEMPLATE", default_value = names::DEFAULT, value_parser = super::deliver::template_arg)]
    pub deliver_name: Template,
    /// Exit 0 even when export writes failed or came back hollow
    #[arg(long)]
    pub allow_failures: bool,
    /// Start a new operation even if an unfinished one matches this command
    #[arg(long)]
    pub new: bool,
    /// Print the steps the migration would still run, with what can be known before the data
    /// exists, and send nothing
    #[arg(long, conflicts_with = "manifest")]
    pub plan: bool,
}

impl MigrateArgs {
    /// `--deliver DEST` with its shape; the shape's flags alone mean nothing.
    fn deliver_to(&self, tuning: Tuning) -> Result<Option<DeliverTo>, UserError> {
        let Some(to) = &self.deliver else {
            let shaped = self.format != Format::Csv
                || self.gzip
                || self.deliver_name.to_string() != names::DEFAULT;
            if !shaped {
                return Ok(None);
            }
            return Err(UserError::usage(
                "--format, --gzip and --deliver-name go with --deliver DEST",
            ));
        };
        let target = Target::parse(to).map_err(UserError::usage)?;
        if let Target::Webhook(_) = target {
            return Err(UserError::usage(
                "migrate --deliver writes files (a directory, s3://, az://); a webhook takes signed batches with its own options",
            )
            .with_hint("deliver to the webhook after the migration: vern deliver --company ID --to URL"));
        }
        Ok(Some(DeliverTo {
            to: to.clone(),
            target,
            tuning,
            format: self.format,
            gzip: self.gzip,
            name: self.deliver_name.clone(),
        }))
    }

    fn spec(&self) -> Spec {
        Spec {
            files: self.files.clone(),
            company: self.company.clone(),
            name: self.name.clone(),
            source: self.source.clone(),
            external_id: self.external_id.clone(),
            templates: self.templates.clone(),
            connection: self.connection.clone(),
            approve: self.approve,
            export: self.export,
            canary: !self.no_canary,
            download: self.download.clone(),
            deliver: None,
            allow_failures: self.allow_failures,
        }
    }

    fn fleet(&self) -> FleetOptions {
        FleetOptions {
            defaults: self.spec(),
            new: self.new,
            concurrency: self.concurrency,
            shard: self.shard,
        }
    }
}

/// One migration: a line per step on stderr, and a collapsible group on GitHub Actions.
struct TerminalSteps(Ui);

impl Progress for TerminalSteps {
    fn step(&self, n: usize, total: usize, what: &Milestone<'_>) {
        let line = format!("[{n}/{total}] {}", milestone(what));
        self.0.group(&line);
        self.0.note(line);
    }

    fn note(&self, what: &Milestone<'_>) {
        self.0.note(milestone(what));
    }
}

/// `--approve ask` on a terminal: the same review as `vern approve`.
struct TerminalReview(Ui);

impl Reviewer for TerminalReview {
    fn review(&self, view: &ImportView) -> anyhow::Result<Review> {
        self.0.end_group();
        crate::ui::review::review(&self.0, view)
    }
}

pub async fn run(ctx: &Context, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    if let Some(manifest) = &args.manifest {
        return fleet::run(ctx, &args.fleet(), manifest).await;
    }
    let mut spec = args.spec();
    spec.deliver = args.deliver_to(ctx.settings.delivery.clone())?;
    let client = ctx.client()?;
    let templates = Templates::default();
    let checked = migrate::check(&client, &spec, ctx.is_sandbox(), &templates).await?;
    if args.plan {
        return plan(ctx, &client, &spec, &checked, &templates).await;
    }
    let mut op = ctx.begin(
        Journaled::new(OpKind::Migrate, checked.identity(&spec))
            .company(spec.company.as_deref())
            .options(Checked::options(&spec))
            .starting_over(args.new),
    )?;
    let inputs = check_inputs(&mut op, &spec.files)?;
    let result = async {
        let plan = checked.plan(&mut op, &ctx.journal(), &spec, inputs)?;
        let reviewer = (spec.approve == ApproveMode::Ask && ctx.ui.interactive())
            .then(|| Arc::new(TerminalReview(ctx.ui.clone())) as Arc<dyn Reviewer>);
        let pipe = Pipeline {
            client: &client,
            deadline: ctx.deadline,
            progress: &TerminalSteps(ctx.ui.clone()),
            reviewer,
            actor: &ctx.settings.actor,
        };
        migrate::run(&pipe, &mut op, &plan).await
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Errored))
        .map_err(|e| {
            let (step, id) = (op.op.step, op.id());
            with_hint(e, format!("migrate stopped at step {step}; the journal is saved — continue with: vern resume {id}"))
        })
}

/// `--plan`: the steps the same command would still run (continuing its unfinished operation,
/// if there is one); reads only.
async fn plan(
    ctx: &Context,
    client: &crate::api::Client,
    spec: &Spec,
    checked: &Checked,
    templates: &Templates,
) -> anyhow::Result<ExitCode> {
    let key = crate::journal::key_for(OpKind::Migrate, &ctx.api_url, &checked.identity(spec));
    let earlier = if spec_new_run(ctx) {
        None
    } else {
        ctx.journal()
            .with_key(&key)?
            .into_iter()
            .find(|o| o.continues() && !o.status.is_finished())
    };
    let count = if spec.templates.is_empty() {
        templates.get(client).await?.len()
    } else {
        spec.templates.len()
    };
    let plan =
        crate::workflow::estimate::migration(spec, checked.provisions(), count, earlier.as_ref())?;
    Ok(ctx.ui.emit(&plan))
}

/// `--new` with `--plan`: the plan of a fresh operation.
fn spec_new_run(ctx: &Context) -> bool {
    ctx.settings.argv.iter().any(|a| a == "--new")
}

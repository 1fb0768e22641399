//! `vern deliver`: relay a company's validated rows to a directory, S3 or Azure Blob, as csv,
//! json, jsonl or xml, optionally gzip-compressed, under names made from a template — every file
//! visible only whole, exactly once, the manifest last. A journaled operation: the same command
//! again continues an unfinished run and shows a finished one.

use super::{Journaled, uuid_arg};
use crate::api::types::Template as SheetTemplate;
use crate::context::Context;
use crate::deliver::dest::IfExists;
use crate::deliver::format::Format;
use crate::deliver::names::{self, Template};
use crate::deliver::target::Target;
use crate::exit::{ExitCode, UserError};
use crate::journal::Identity;
use crate::journal::record::{OpKind, OpStatus, SheetRef};
use crate::model::company::KnownCompany;
use crate::model::migrate::Milestone;
use crate::ui::Ui;
use crate::ui::render::migrate::milestone;
use crate::workflow::Progress;
use crate::workflow::deliver::{self, Spec};
use crate::workflow::delta::DeltaSpec;
use crate::workflow::download::{self, Checks, Templates};

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Relay the company's validated rows (the API's export.csv) to where the customer \
needs them: a local directory, s3://BUCKET/PREFIX or az://CONTAINER/PREFIX. One file per sheet, \
converted as it streams (csv, json, jsonl or xml; --gzip compresses), named from --name. A file \
appears under its name only when it is complete, and a manifest (vern-manifest-DATE-RUN.json: \
every file's rows, bytes and SHA-256) is written last, so its presence means the run is complete. \
Re-running the same command continues an unfinished delivery without a second copy of any file, \
or shows the finished one; --new delivers again.

Credentials come from the environment, never from the command line: S3 reads AWS_ACCESS_KEY_ID, \
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL (an S3-compatible store; \
plain http only on loopback); Azure reads AZURE_STORAGE_ACCOUNT_NAME with \
AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN (AZURE_STORAGE_USE_EMULATOR=true for \
Azurite).

--sheet takes a sheet id or its name; without it, every sheet vern knows of the company (from \
its journal: company create, imports, migrations). --name placeholders: {company} {external_id} \
{sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the run's start in UTC.",
    after_help = "Examples:
  vern deliver --company $COMPANY --to ./out
  vern deliver --company $COMPANY --to s3://acme-drop/contacts --format jsonl --gzip
  vern deliver --company $COMPANY --to az://imports/vern --sheet Contacts --format xml
  vern deliver --company $COMPANY --to ./out --name '{external_id}/{sheet}-{date}T{time}.{ext}'
  vern deliver --company $COMPANY --to ./out --if-exists overwrite --json"
)]
pub struct DeliverArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX
    #[arg(long, value_name = "DEST")]
    pub to: String,
    /// Only this sheet, by id or name (repeatable; default: every sheet vern knows)
    #[arg(long = "sheet", value_name = "ID|NAME")]
    pub sheets: Vec<String>,
    /// valid (clean rows only) or all
    #[arg(long, value_enum, default_value = "valid")]
    pub filter: super::download::Filter,
    #[command(flatten)]
    pub shape: Shape,
    /// What a name that already exists means: fail (exit 7, nothing written), skip, overwrite
    #[arg(long, value_enum, default_value = "fail", value_name = "WHAT")]
    pub if_exists: IfExists,
    /// snapshot (every row) or delta (only rows new or changed since the last delivery there)
    #[arg(long, value_enum, default_value = "snapshot")]
    pub mode: Mode,
    /// The column that identifies a row in delta mode (repeatable; default: the template's
    /// unique columns)
    #[arg(long = "key", value_name = "COLUMN")]
    pub keys: Vec<String>,
    /// Do not write the manifest
    #[arg(long)]
    pub no_manifest: bool,
    /// Exit 0 even when characters XML forbids were dropped
    #[arg(long)]
    pub allow_failures: bool,
    /// Deliver again even though this command already completed
    #[arg(long)]
    pub new: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Every selected row
    Snapshot,
    /// Only rows new or changed since the last delivery of the sheet to this destination
    Delta,
}

/// What the files are.
#[derive(Debug, Clone, clap::Args)]
pub struct Shape {
    /// csv, json, jsonl or xml
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Compress each file with gzip (adds .gz)
    #[arg(long)]
    pub gzip: bool,
    /// File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}
    #[arg(long, value_name = "TEMPLATE", default_value = names::DEFAULT, value_parser = template_arg)]
    pub name: Template,
}

pub(crate) fn template_arg(s: &str) -> Result<Template, String> {
    s.parse()
}

/// The destinations this vern delivers to (SFTP and webhooks come next).
pub(crate) fn supported(target: &Target) -> Result<(), UserError> {
    target.supported().map_err(UserError::usage)
}

pub async fn run(ctx: &Context, args: DeliverArgs) -> anyhow::Result<ExitCode> {
    let request = Request {
        company: args.company.clone(),
        to: args.to.clone(),
        sheets: args.sheets.clone(),
        filter: args.filter,
        format: args.shape.format,
        gzip: args.shape.gzip,
        name: args.shape.name.clone(),
        if_exists: args.if_exists,
        mode: args.mode,
        keys: args.keys.clone(),
        manifest: !args.no_manifest,
        allow_failures: args.allow_failures,
    };
    let Prepared {
        spec,
        checks,
        client,
    } = prepare(ctx, &request).await?;
    let mut op = ctx.begin(
        Journaled::new(OpKind::Deliver, Identity::Same(spec.identity()))
            .company(Some(&args.company))
            .starting_over(args.new),
    )?;
    let steps = Steps(ctx.ui.clone());
    let result = deliver::deliver(&mut op, &client, &spec, &checks, &steps).await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

/// A delivery as flags (or a saved job) ask for it, before anything is resolved.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub company: String,
    pub to: String,
    /// Sheet ids or names; empty: every sheet vern knows of the company.
    pub sheets: Vec<String>,
    pub filter: super::download::Filter,
    pub format: Format,
    pub gzip: bool,
    pub name: Template,
    pub if_exists: IfExists,
    pub mode: Mode,
    pub keys: Vec<String>,
    pub manifest: bool,
    pub allow_failures: bool,
}

/// A delivery ready to run: the resolved spec, the header checks, and the client.
pub(crate) struct Prepared {
    pub spec: Spec,
    pub checks: Checks,
    pub client: crate::api::Client,
}

/// Resolve a request into the delivery's spec, the one way `vern deliver` and `vern jobs` do it:
/// the destination parsed and supported, the sheets looked up (names from the journal, unknown
/// ones named after their template), the names checked, the delta keys settled — all before the
/// operation begins and before anything is written.
pub(crate) async fn prepare(ctx: &Context, args: &Request) -> anyhow::Result<Prepared> {
    let target = Target::parse(&args.to).map_err(UserError::usage)?;
    supported(&target)?;
    let known = super::company::known(ctx, &args.company)?;
    let sheets = sheets(args, known.as_ref())?;
    let spec = Spec {
        company: args.company.clone(),
        external_id: known.as_ref().and_then(|k| k.company.external_id.clone()),
        to: args.to.clone(),
        target,
        tuning: ctx.settings.delivery,
        sheets,
        filter: args.filter.as_str(),
        format: args.format,
        gzip: args.gzip,
        name: args.name.clone(),
        if_exists: args.if_exists,
        manifest: args.manifest,
        allow_failures: args.allow_failures,
        delta: None,
        run_at: None,
        job: None,
    };
    spec.check_names()?;
    let client = ctx.client()?;
    let templates = Templates::default();
    let checks = Checks {
        headers: download::headers(templates.get(&client).await?),
        inputs: Vec::new(),
    };
    let mut spec = deliver::name_unknown_sheets(&client, spec, &checks).await?;
    spec.delta = delta(args, &spec.sheets, templates.get(&client).await?, ctx)?;
    Ok(Prepared {
        spec,
        checks,
        client,
    })
}

/// The sheets to deliver: those `--sheet` names (an id, or a name vern knows), else every sheet
/// vern knows of the company.
pub(crate) fn sheets(
    args: &Request,
    known: Option<&KnownCompany>,
) -> anyhow::Result<Vec<SheetRef>> {
    if args.sheets.is_empty() {
        let all: Vec<SheetRef> = known
            .map(|k| {
                k.sheets
                    .iter()
                    .map(|s| SheetRef {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        template_id: s.template_id.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if all.is_empty() {
            return Err(UserError::usage(format!(
                "vern knows no sheets of company {}, so it cannot tell what to deliver",
                args.company
            ))
            .with_hint(
                "name the sheets: --sheet ID (vern company create and import reports print them)",
            )
            .into());
        }
        return Ok(all);
    }
    let mut out: Vec<SheetRef> = Vec::new();
    for given in &args.sheets {
        let sheet = super::company::named_sheet(known, &args.company, given)?;
        if !out.iter().any(|s| s.id == sheet.id) {
            out.push(sheet);
        }
    }
    Ok(out)
}

/// `--mode delta`: the key columns of each sheet — `--key`, else its template's unique columns —
/// checked against the template's columns when vern knows the template (before anything is
/// sent; otherwise the header row is checked as it arrives).
fn delta(
    args: &Request,
    sheets: &[SheetRef],
    templates: &[SheetTemplate],
    ctx: &Context,
) -> Result<Option<DeltaSpec>, UserError> {
    if args.mode == Mode::Snapshot {
        if !args.keys.is_empty() {
            return Err(UserError::usage("--key identifies rows for --mode delta")
                .with_hint("add --mode delta, or drop --key"));
        }
        return Ok(None);
    }
    let mut keys = Vec::new();
    for s in sheets {
        let template = templates
            .iter()
            .find(|t| s.template_id.as_deref() == Some(t.id.as_str()))
            .or_else(|| {
                templates
                    .iter()
                    .find(|t| t.name.eq_ignore_ascii_case(&s.name))
            });
        let shown = if s.name.is_empty() { &s.id } else { &s.name };
        let k: Vec<String> = if args.keys.is_empty() {
            template
                .map(|t| {
                    t.columns
                        .iter()
                        .filter(|c| c.unique)
                        .map(|c| c.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        } else {
            args.keys.clone()
        };
        if k.is_empty() {
            return Err(UserError::usage(format!(
                "sheet {shown}: no unique column to identify rows by in delta mode"
            ))
            .with_hint("name the key: --key COLUMN (repeatable)"));
        }
        if let Some(t) = template
            && let Some(missing) = k.iter().find(|k| !t.columns.iter().any(|c| &c.name == *k))
        {
            let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            return Err(UserError::usage(format!(
                "--key {missing}: sheet {shown} has no such column (its columns: {})",
                names.join(", ")
            )));
        }
        keys.push(k);
    }
    Ok(Some(DeltaSpec {
        dir: ctx.journal().dir().to_path_buf(),
        keys,
    }))
}

/// A line per delivered file on stderr.
pub(crate) struct Steps(pub Ui);

impl Progress for Steps {
    fn step(&self, _n: usize, _total: usize, what: &Milestone<'_>) {
        self.0.note(milestone(what));
    }

    fn note(&self, what: &Milestone<'_>) {
        self.0.note(milestone(what).trim_start());
    }
}

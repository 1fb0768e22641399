//! `vern deliver`: relay a company's validated rows to a directory, S3 or Azure Blob, as csv,
//! json, jsonl or xml, optionally gzip-compressed, under names made from a template — every file
//! visible only whole, exactly once, the manifest last — or to a webhook endpoint as signed JSON
//! batches, each acknowledged once. A journaled operation: the same command again continues an
//! unfinished run and shows a finished one.

use super::{Journaled, uuid_arg};
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
use crate::workflow::download::{self, Checks, Templates};

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Relay the company's validated rows (the API's export.csv) to where the customer \
needs them: a local directory, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX or a webhook endpoint \
(https://HOST/PATH). One file per sheet, converted as it streams (csv, json, jsonl or xml; --gzip \
compresses), named from --name. A file appears under its name only when it is complete, and a \
manifest (vern-manifest-DATE-RUN.json: every file's rows, bytes and SHA-256) is written last, so \
its presence means the run is complete. Re-running the same command continues an unfinished \
delivery without a second copy of any file, or shows the finished one; --new delivers again.

A webhook gets signed JSON POSTs of at most --batch-size rows (default 1,000), one sheet per \
batch, in the API's own workbook-export webhook shape (version 1.0); --format, --gzip, --name and \
the file options do not apply. Each request is signed as Standard Webhooks (Svix) sign: \
webhook-id (stable per batch: a retry or a re-run sends the same), webhook-timestamp, \
webhook-signature (v1, HMAC-SHA256), with the secret of VERN_WEBHOOK_SECRET (whsec_…) or, with \
--webhook-secret NAME, the one `vern auth login --webhook-secret NAME` stored. 2xx acknowledges a \
batch; 429, 5xx and dropped connections are retried with backoff under the same id; any other \
status fails that batch, and the run goes on: it then exits 6 listing the failed batches and stays \
unfinished, and the same command sends only the batches not acknowledged. The API key never goes \
to the endpoint.

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
  vern deliver --company $COMPANY --to ./out --if-exists overwrite --json
  VERN_WEBHOOK_SECRET=whsec_… vern deliver --company $COMPANY --to https://hooks.acme.example/vern
  vern auth login --webhook-secret acme      # once: stores the secret in the OS keyring
  vern deliver --company $COMPANY --to https://hooks.acme.example/vern --webhook-secret acme \\
      --batch-size 500"
)]
pub struct DeliverArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX, https://HOST/PATH
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
    /// Do not write the manifest
    #[arg(long)]
    pub no_manifest: bool,
    /// Webhooks: rows per batch, 1 to 10,000 (default 1,000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub batch_size: Option<u64>,
    /// Webhooks: sign with the secret stored as NAME (vern auth login --webhook-secret NAME)
    /// instead of VERN_WEBHOOK_SECRET
    #[arg(long, value_name = "NAME", value_parser = secret_name_arg)]
    pub webhook_secret: Option<String>,
    /// Exit 0 even when characters XML forbids were dropped or webhook batches were refused
    #[arg(long)]
    pub allow_failures: bool,
    /// Deliver again even though this command already completed
    #[arg(long)]
    pub new: bool,
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

/// clap value parser for the name of a stored webhook secret: letters, digits, `.`, `_`, `-`.
pub(crate) fn secret_name_arg(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(s.to_string())
    } else {
        Err("a secret's name is 1 to 64 letters, digits, '.', '_' or '-' (the name, never the secret itself)".into())
    }
}

/// The destinations this vern delivers to (SFTP comes next).
pub(crate) fn supported(target: &Target) -> Result<(), UserError> {
    if matches!(target, Target::Sftp { .. }) {
        return Err(UserError::usage(format!(
            "delivering to {} is not built yet: this vern delivers to a directory, s3://, az:// and https:// webhooks",
            target.kind()
        )));
    }
    Ok(())
}

pub async fn run(ctx: &Context, args: DeliverArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.to).map_err(UserError::usage)?;
    supported(&target)?;
    let webhook = matches!(target, Target::Webhook(_));
    // The secret is settled before anything is asked of the API or the journal.
    let secret = if webhook {
        not_for_webhooks(ctx);
        Some(webhook_secret(ctx, &args)?)
    } else {
        if args.batch_size.is_some() || args.webhook_secret.is_some() {
            ctx.ui.note(
                "--batch-size and --webhook-secret apply only to https:// webhook destinations; ignored",
            );
        }
        None
    };
    let known = super::company::known(ctx, &args.company)?;
    let sheets = sheets(&args, known.as_ref())?;
    let spec = Spec {
        company: args.company.clone(),
        external_id: known.as_ref().and_then(|k| k.company.external_id.clone()),
        to: args.to.clone(),
        target,
        tuning: ctx.settings.delivery,
        webhook: crate::workflow::webhook::Options {
            batch_size: args
                .batch_size
                .unwrap_or(crate::deliver::webhook::DEFAULT_BATCH_SIZE),
            workbook_id: known.as_ref().and_then(|k| k.workbook_id.clone()),
            secret,
        },
        sheets,
        filter: args.filter.as_str(),
        format: args.shape.format,
        gzip: args.shape.gzip,
        name: args.shape.name.clone(),
        if_exists: args.if_exists,
        manifest: !args.no_manifest,
        allow_failures: args.allow_failures,
    };
    if !webhook {
        spec.check_names()?;
    }
    let client = ctx.client()?;
    let templates = Templates::default();
    let checks = Checks {
        headers: download::headers(templates.get(&client).await?),
        inputs: Vec::new(),
    };
    let spec = deliver::name_unknown_sheets(&client, spec, &checks).await?;
    let mut op = ctx.begin(
        Journaled::new(OpKind::Deliver, Identity::Same(spec.identity()))
            .company(Some(&args.company))
            .starting_over(args.new),
    )?;
    let steps = Steps(ctx.ui.clone());
    let result = deliver::deliver(&mut op, &client, &spec, &checks, &steps).await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

/// The file options a webhook does not use: said when given, not refused (a job's flags may be
/// shared between destinations).
fn not_for_webhooks(ctx: &Context) {
    let given: Vec<&str> = [
        "--format",
        "--gzip",
        "--name",
        "--if-exists",
        "--no-manifest",
    ]
    .into_iter()
    .filter(|flag| {
        ctx.settings
            .argv
            .iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    })
    .collect();
    if !given.is_empty() {
        ctx.ui.note(format!(
            "{} {} not apply to a webhook: batches are always JSON, and there are no files or manifest; ignored",
            given.join(", "),
            if given.len() == 1 { "does" } else { "do" }
        ));
    }
}

/// The signing secret: the stored entry `--webhook-secret NAME` names, else `VERN_WEBHOOK_SECRET`.
/// Never shown, not even in part; a secret that is not `whsec_` + base64 is exit 2, a missing one
/// exit 3.
fn webhook_secret(
    ctx: &Context,
    args: &DeliverArgs,
) -> anyhow::Result<crate::deliver::webhook::Secret> {
    use crate::deliver::webhook::Secret;
    if let Some(name) = &args.webhook_secret {
        let Some((text, location)) = ctx.key_store().load_webhook_secret(name)? else {
            return Err(UserError::new(
                ExitCode::Auth,
                format!("no webhook secret named {name} is stored"),
            )
            .with_hint(format!(
                "store it first: vern auth login --webhook-secret {name} (it asks for the secret, or reads it from stdin with --with-key-stdin)"
            ))
            .into());
        };
        if ctx.settings.webhook_secret.is_some() {
            ctx.ui.note(format!(
                "VERN_WEBHOOK_SECRET is set, but --webhook-secret {name} names the secret to sign with"
            ));
        }
        return Secret::parse(&text.0).map_err(|e| {
            UserError::usage(format!(
                "the webhook secret {name} stored in {location} {e}"
            ))
            .with_hint(format!(
                "store the endpoint's secret again: vern auth login --webhook-secret {name}"
            ))
            .into()
        });
    }
    match &ctx.settings.webhook_secret {
        Some(text) => Secret::parse(&text.0).map_err(|e| {
            UserError::usage(format!("VERN_WEBHOOK_SECRET {e}"))
                .with_hint("set it to the endpoint's signing secret as Svix shows it: whsec_ followed by base64")
                .into()
        }),
        None => Err(UserError::new(ExitCode::Auth, "no signing secret for the webhook")
            .with_hint("set VERN_WEBHOOK_SECRET=whsec_… (the endpoint's signing secret), or store it once with `vern auth login --webhook-secret NAME` and pass --webhook-secret NAME")
            .into()),
    }
}

/// The sheets to deliver: those `--sheet` names (an id, or a name vern knows), else every sheet
/// vern knows of the company.
fn sheets(args: &DeliverArgs, known: Option<&KnownCompany>) -> anyhow::Result<Vec<SheetRef>> {
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

/// A line per delivered file on stderr.
struct Steps(Ui);

impl Progress for Steps {
    fn step(&self, _n: usize, _total: usize, what: &Milestone<'_>) {
        self.0.note(milestone(what));
    }

    fn note(&self, what: &Milestone<'_>) {
        self.0.note(milestone(what).trim_start());
    }
}

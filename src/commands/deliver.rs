//! `vern deliver`: relay a company's validated rows to a directory, S3, Azure Blob or SFTP, as csv,
//! json, jsonl or xml, optionally gzip-compressed, under names made from a template — every file
//! visible only whole, exactly once, the manifest last — or to a webhook endpoint as signed JSON
//! batches, each acknowledged once. A journaled operation: the same command again continues an
//! unfinished run and shows a finished one.

use super::{Journaled, uuid_arg};
use crate::api::Client;
use crate::api::types::Template as SheetTemplate;
use crate::context::Context;
use crate::deliver::dest::{IfExists, Tuning, ssh_key_is_encrypted};
use crate::deliver::format::Format;
use crate::deliver::names::{self, Template};
use crate::deliver::target::Target;
use crate::exit::{ExitCode, UserError};
use crate::journal::Identity;
use crate::journal::record::{OpKind, OpStatus, SheetRef};
use crate::model::company::KnownCompany;
use crate::model::estimate::{CapBehavior, DeliveryPlan};
use crate::model::migrate::Milestone;
use crate::ui::Ui;
use crate::ui::render::migrate::milestone;
use crate::workflow::Progress;
use crate::workflow::deliver::{self, Spec};
use crate::workflow::delta::DeltaSpec;
use crate::workflow::download::{self, Checks, Templates};
use crate::workflow::estimate::{self, Cap};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Relay the company's validated rows (the API's export.csv) to where the customer \
needs them: a local directory, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX, \
sftp://USER@HOST[:PORT]/PATH or a webhook endpoint (https://HOST/PATH). One file per sheet, \
converted as it streams (csv, json, jsonl or xml; --gzip compresses), named from --name. A file \
appears under its name only when it is complete, and a manifest (vern-manifest-DATE-RUN.json: \
every file's rows, bytes and SHA-256) is written last, so its presence means the run is complete. \
Re-running the same command continues an unfinished delivery without a second copy of any file, \
or shows the finished one; --new delivers again.

A webhook gets signed JSON POSTs of at most --batch-size rows (default 1,000), one sheet per \
batch, in the API's own workbook-export webhook shape (version 1.0); --format, --gzip, --name and \
the file options do not apply. Each request is signed as Standard Webhooks (Svix) sign: \
webhook-id (stable per batch: a retry or a re-run sends the same), webhook-timestamp, \
webhook-signature (v1, HMAC-SHA256), with the secret of VERN_WEBHOOK_SECRET (whsec_…) or, with \
--webhook-secret NAME, the one `vern auth login --webhook-secret NAME` stored. 2xx acknowledges a \
batch; 429, 5xx and dropped connections are retried with backoff under the same id; any other \
status fails that batch, and the run goes on: it then exits 6 listing the failed batches and stays \
unfinished, and the same command sends only the batches not acknowledged. With --mode delta only \
new and changed rows go, each with its row_index in export.csv, and a sheet's ledger moves once \
every batch of it is acknowledged. --plan counts the batches and the exact bytes of the request \
bodies, sends nothing to the endpoint and needs no secret. The API key never goes to the endpoint.

Credentials come from the environment, never from the command line: S3 reads AWS_ACCESS_KEY_ID, \
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL (an S3-compatible store; \
plain http only on loopback); Azure reads AZURE_STORAGE_ACCOUNT_NAME with \
AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN (AZURE_STORAGE_USE_EMULATOR=true for \
Azurite).

SFTP logs in with a key file (--ssh-key or VERN_SSH_KEY; a passphrase from \
VERN_SSH_KEY_PASSPHRASE, or asked on a terminal) or else the SSH agent (SSH_AUTH_SOCK); never a \
password. The server's host key must be in ~/.ssh/known_hosts (or /etc/ssh/ssh_known_hosts, or \
--known-hosts FILE), as [HOST]:PORT for a port other than 22: an unknown host is refused (exit 3) \
with its key's SHA256 fingerprint; --accept-new-host-key records it, like OpenSSH's accept-new; \
a changed key is always refused and nothing is sent. sftp://USER@HOST/abs/dir is absolute, \
sftp://USER@HOST/~/dir is under the login directory; missing directories are created. Each file \
is written to .NAME.vern-RUN.part, synced, and renamed into place (posix-rename for --if-exists \
overwrite; the protocol's rename, which never replaces a file, otherwise).

--sheet takes a sheet id or its name; without it, every sheet vern knows of the company (from \
its journal: company create, imports, migrations). --name placeholders: {company} {external_id} \
{sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the run's start in UTC.",
    after_help = "Examples:
  vern deliver --company $COMPANY --to ./out
  vern deliver --company $COMPANY --to s3://acme-drop/contacts --format jsonl --gzip
  vern deliver --company $COMPANY --to az://imports/vern --sheet Contacts --format xml
  vern deliver --company $COMPANY --to sftp://drop@files.acme.example/~/in --ssh-key ~/.ssh/drop
  vern deliver --company $COMPANY --to sftp://drop@10.0.0.7:2222/srv/in --accept-new-host-key
  vern deliver --company $COMPANY --to ./out --name '{external_id}/{sheet}-{date}T{time}.{ext}'
  vern deliver --company $COMPANY --to ./out --if-exists overwrite --json
  vern deliver --company $COMPANY --to ./out --mode delta --name '{sheet}-{date}T{time}.{ext}'
  vern deliver --company $COMPANY --to s3://acme-drop/x --plan
  vern deliver --company $COMPANY --to ./out --mode delta --max-rows 10000 --cap-behavior defer
  vern deliver --company $COMPANY --to ./out --plan-out plan.json && vern deliver --apply plan.json
  VERN_WEBHOOK_SECRET=whsec_… vern deliver --company $COMPANY --to https://hooks.acme.example/vern
  vern auth login --webhook-secret acme      # once: stores the secret in the OS keyring
  vern deliver --company $COMPANY --to https://hooks.acme.example/vern --webhook-secret acme \\
      --batch-size 500"
)]
pub struct DeliverArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg, required_unless_present = "apply")]
    pub company: Option<String>,
    /// Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX,
    /// sftp://USER@HOST[:PORT]/PATH, https://HOST/PATH (a webhook)
    #[arg(long, value_name = "DEST", required_unless_present = "apply")]
    pub to: Option<String>,
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
    /// Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or
    /// webhook batches, requests) and send nothing; a webhook plan needs no signing secret
    #[arg(long, help_heading = "Estimate first")]
    pub plan: bool,
    /// Save the plan to FILE (implies --plan), for --apply
    #[arg(long, value_name = "FILE", help_heading = "Estimate first")]
    pub plan_out: Option<PathBuf>,
    /// Run exactly the plan saved in FILE; refused (exit 8) when the rows or the ledger changed
    #[arg(long, value_name = "FILE", help_heading = "Estimate first", conflicts_with_all = ["company", "to", "sheets", "plan", "plan_out"])]
    pub apply: Option<PathBuf>,
    /// Refuse a run that would send more than N rows (exit 8, nothing sent)
    #[arg(long, value_name = "N", help_heading = "Estimate first")]
    pub max_rows: Option<u64>,
    /// Over --max-rows: refuse the run, or (delta) send the first N rows in key order
    #[arg(
        long,
        value_enum,
        default_value = "refuse",
        value_name = "WHAT",
        help_heading = "Estimate first"
    )]
    pub cap_behavior: CapBehavior,
    #[command(flatten)]
    pub ssh: SshArgs,
}

/// How vern logs in to an SFTP server and trusts it (sftp:// only).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "SFTP")]
pub struct SshArgs {
    /// Log in with this private key file (also VERN_SSH_KEY; default: the SSH agent). A
    /// passphrase comes from VERN_SSH_KEY_PASSPHRASE, or is asked on a terminal
    #[arg(long, value_name = "FILE")]
    pub ssh_key: Option<PathBuf>,
    /// Check the server's host key against this file (default: ~/.ssh/known_hosts and
    /// /etc/ssh/ssh_known_hosts)
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Option<PathBuf>,
    /// Record the host key of a server the known_hosts file does not list yet, like OpenSSH's
    /// StrictHostKeyChecking=accept-new (a changed key is always refused)
    #[arg(long)]
    pub accept_new_host_key: bool,
}

impl SshArgs {
    /// The settings' SSH options with these flags over them, and the key's passphrase asked on a
    /// terminal when the key needs one and none was given — here, before the delivery starts:
    /// the workflow never draws on the terminal. Off a terminal the delivery itself says that the
    /// key needs a passphrase (exit 3) and how to give one.
    pub(crate) fn resolve(&self, ctx: &Context, target: &Target) -> anyhow::Result<Tuning> {
        let mut tuning = ctx.settings.delivery.clone();
        if !matches!(target, Target::Sftp { .. }) {
            return Ok(tuning);
        }
        let ssh = &mut tuning.ssh;
        if let Some(key) = &self.ssh_key {
            ssh.key = Some(key.clone());
        }
        if let Some(file) = &self.known_hosts {
            ssh.known_hosts = Some(file.clone());
        }
        ssh.accept_new_host_key = self.accept_new_host_key;
        if let Some(key) = &ssh.key
            && ssh.passphrase.is_none()
            && ctx.ui.interactive()
            && ssh_key_is_encrypted(key)
        {
            let prompt = format!(
                "Passphrase for the SSH key {} (input hidden)",
                key.display()
            );
            ssh.passphrase = Some(ctx.ui.secret(&prompt)?);
        }
        Ok(tuning)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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

pub async fn run(ctx: &Context, args: DeliverArgs) -> anyhow::Result<ExitCode> {
    let (request, asked) = asked(&args)?;
    let mut p = prepare(ctx, &request).await?;
    if let Some(code) = estimate_first(ctx, &mut p, asked).await? {
        return Ok(code);
    }
    let mut op = ctx.begin(
        Journaled::new(OpKind::Deliver, Identity::Same(p.spec.identity()))
            .company(Some(&p.spec.company))
            .starting_over(args.new),
    )?;
    let steps = Steps(ctx.ui.clone());
    let result = deliver::deliver(&mut op, &p.client, &p.spec, &p.checks, &steps).await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

/// A delivery as flags (or a saved job or plan) ask for it, before anything is resolved.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// Webhooks: rows per batch (default 1,000) and the name of a stored signing secret.
    pub batch_size: Option<u64>,
    pub webhook_secret: Option<String>,
    /// SFTP: how to log in and which host keys to trust (this machine's business: never saved).
    #[serde(skip)]
    pub ssh: SshArgs,
    /// Only a plan is asked for: what only sending needs (a webhook's secret) can be missing.
    #[serde(skip)]
    pub plan_only: bool,
}

impl Request {
    fn of(args: &DeliverArgs) -> Request {
        Request {
            company: args.company.clone().unwrap_or_default(),
            to: args.to.clone().unwrap_or_default(),
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
            batch_size: args.batch_size,
            webhook_secret: args.webhook_secret.clone(),
            ssh: args.ssh.clone(),
            plan_only: args.plan || args.plan_out.is_some(),
        }
    }
}

/// A delivery ready to run: the resolved spec, the header checks, the client, and the Migration
/// API requests the run makes besides reading each sheet (for its plan).
pub(crate) struct Prepared {
    pub spec: Spec,
    pub checks: Checks,
    pub client: Client,
    pub others: u64,
    /// What was asked, for a plan saved from it.
    pub request: Request,
}

/// Resolve a request into the delivery's spec, the one way `vern deliver` and `vern jobs` do it:
/// the destination parsed, its credentials settled (a webhook's secret, an SSH key's
/// passphrase), the sheets looked up (names from the journal, unknown ones named after their
/// template), the names checked, the delta keys settled — all before the operation begins and
/// before anything is written.
pub(crate) async fn prepare(ctx: &Context, args: &Request) -> anyhow::Result<Prepared> {
    let target = Target::parse(&args.to).map_err(UserError::usage)?;
    let tuning = args.ssh.resolve(ctx, &target)?;
    let webhook = matches!(target, Target::Webhook(_));
    // The secret is settled before anything is asked of the API or the journal. A plan sends
    // nothing to the endpoint, so it needs none (one that is given is still checked).
    let planning = args.plan_only;
    let no_secret = args.webhook_secret.is_none() && ctx.settings.webhook_secret.is_none();
    let secret = if webhook {
        not_for_webhooks(ctx);
        if planning && no_secret {
            None
        } else {
            Some(webhook_secret(ctx, args)?)
        }
    } else {
        if args.batch_size.is_some() || args.webhook_secret.is_some() {
            ctx.ui.note(
                "--batch-size and --webhook-secret apply only to https:// webhook destinations; ignored",
            );
        }
        None
    };
    let known = super::company::known(ctx, &args.company)?;
    let sheets = sheets(args, known.as_ref())?;
    let spec = Spec {
        company: args.company.clone(),
        external_id: known.as_ref().and_then(|k| k.company.external_id.clone()),
        to: args.to.clone(),
        target,
        tuning,
        webhook: crate::workflow::webhook::Options {
            batch_size: args
                .batch_size
                .unwrap_or(crate::deliver::webhook::DEFAULT_BATCH_SIZE),
            workbook_id: known.as_ref().and_then(|k| k.workbook_id.clone()),
            secret,
        },
        sheets,
        filter: args.filter.as_str(),
        format: args.format,
        gzip: args.gzip,
        name: args.name.clone(),
        if_exists: args.if_exists,
        manifest: args.manifest,
        allow_failures: args.allow_failures,
        delta: None,
        allowed: None,
        expect_sources: None,
        run_at: None,
        job: None,
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
    // The templates, and a header row per sheet whose name vern does not know.
    let others = 1 + spec.sheets.iter().filter(|s| s.name.is_empty()).count() as u64;
    let mut spec = deliver::name_unknown_sheets(&client, spec, &checks).await?;
    spec.delta = delta(args, &spec.sheets, templates.get(&client).await?, ctx)?;
    Ok(Prepared {
        spec,
        checks,
        client,
        others,
        request: args.clone(),
    })
}

/// What estimate-first was asked for: a plan (saved or not), a cap, a saved plan to hold to.
pub(crate) struct Asked {
    pub plan: bool,
    pub plan_out: Option<PathBuf>,
    pub cap: Cap,
    pub saved: Option<SavedPlan>,
}

/// `--plan`, `--plan-out`, `--max-rows`, `--apply`: compute the plan first. A plan asked for is
/// printed (and saved) and ends the command; a cap or a stale saved plan that refuses the run
/// prints the plan and exits 8; otherwise the run goes on holding to the plan (a deferred cap's
/// rows, a saved plan's sources).
pub(crate) async fn estimate_first(
    ctx: &Context,
    p: &mut Prepared,
    asked: Asked,
) -> anyhow::Result<Option<ExitCode>> {
    let Asked {
        plan: asked,
        plan_out,
        cap,
        saved,
    } = asked;
    if !asked && saved.is_none() && cap.max_rows.is_none() {
        return Ok(None);
    }
    let (plan, allowed) = plan(p, cap, saved.as_ref(), None).await?;
    if let Some(file) = &plan_out {
        SavedPlan::new(&p.request, cap, &plan).write(file)?;
    }
    if asked || plan.refused || !plan.stale.is_empty() {
        return Ok(Some(ctx.ui.emit(&plan)));
    }
    p.spec.allowed = allowed;
    p.spec.expect_sources = saved.map(|s| {
        s.plan
            .inputs
            .sheets
            .into_iter()
            .map(|(id, i)| (id, i.source))
            .collect()
    });
    Ok(None)
}

/// The plan of a prepared delivery under `cap` (stale against `saved`), with what to do next
/// when it would be refused — as flags of `vern deliver`, or of `vern jobs update JOB`.
pub(crate) async fn plan(
    p: &Prepared,
    cap: Cap,
    saved: Option<&SavedPlan>,
    job: Option<&str>,
) -> anyhow::Result<(DeliveryPlan, Option<estimate::Allowed>)> {
    if cap.behavior == CapBehavior::Defer && p.request.mode != Mode::Delta {
        return Err(UserError::usage("--cap-behavior defer needs --mode delta")
            .with_hint("deferred rows are the ones the ledger has not seen; add --mode delta")
            .into());
    }
    let (mut plan, allowed) =
        estimate::estimate(&p.client, &p.spec, &p.checks, cap, p.others).await?;
    if let Some(saved) = saved {
        plan.stale = estimate::stale(&saved.plan, &plan);
    }
    if plan.refused {
        let flags = |f: &str| match job {
            Some(job) => format!("vern jobs update {job} {f}"),
            None => f.to_string(),
        };
        let mut next = Vec::new();
        if p.request.mode == Mode::Snapshot {
            next.push(format!("send only what changed: {}", flags("--mode delta")));
        } else if job.is_none() {
            next.push(format!(
                "send the first {} rows now and the rest next time: --cap-behavior defer",
                cap.max_rows.unwrap_or_default()
            ));
        }
        if p.spec.sheets.len() > 1 {
            next.push(format!("fewer sheets: {}", flags("--sheet NAME")));
        }
        next.push(format!(
            "a larger cap: {}",
            flags(&format!("--max-rows {}", plan.total.to_send))
        ));
        plan.next = next;
    }
    Ok((plan, allowed))
}

/// The request and what estimate-first was asked for: from the flags, or — `--apply FILE` —
/// from the saved plan (its request and cap, with this invocation's SSH login and `--new`).
fn asked(args: &DeliverArgs) -> anyhow::Result<(Request, Asked)> {
    let Some(file) = &args.apply else {
        let asked = Asked {
            plan: args.plan || args.plan_out.is_some(),
            plan_out: args.plan_out.clone(),
            cap: Cap {
                max_rows: args.max_rows,
                behavior: args.cap_behavior,
            },
            saved: None,
        };
        return Ok((Request::of(args), asked));
    };
    let saved = SavedPlan::read(file)?;
    let mut request = saved.options.request.clone();
    request.ssh = args.ssh.clone();
    let asked = Asked {
        plan: false,
        plan_out: None,
        cap: Cap {
            max_rows: saved.options.max_rows,
            behavior: saved.options.cap_behavior,
        },
        saved: Some(saved),
    };
    Ok((request, asked))
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
    args: &Request,
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
pub(crate) fn sheets(
    args: &Request,
    known: Option<&KnownCompany>,
) -> anyhow::Result<Vec<SheetRef>> {
    let company = &args.company;
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
                "vern knows no sheets of company {company}, so it cannot tell what to deliver"
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
        let sheet = super::company::named_sheet(known, company, given)?;
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

/// A plan saved by `--plan-out`: the flags it was made with (so `--apply FILE` needs no other)
/// and the plan, whose `inputs` say what it was computed from.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedPlan {
    schema: u32,
    kind: String,
    created_at: String,
    options: SavedOptions,
    plan: DeliveryPlan,
}

const SAVED_KIND: &str = "vern-delivery-plan";

impl SavedPlan {
    fn new(args: &Request, cap: Cap, plan: &DeliveryPlan) -> SavedPlan {
        SavedPlan {
            schema: 1,
            kind: SAVED_KIND.into(),
            created_at: crate::journal::now(),
            options: SavedOptions {
                request: args.clone(),
                max_rows: cap.max_rows,
                cap_behavior: cap.behavior,
            },
            plan: plan.clone(),
        }
    }

    /// Written like every file vern writes (`output`: a temporary file renamed into place).
    fn write(&self, path: &std::path::Path) -> anyhow::Result<()> {
        use std::io::Write;
        let pending = crate::output::create(path)?;
        let mut text = serde_json::to_vec_pretty(self)?;
        text.push(b'\n');
        pending.file().write_all(&text)?;
        pending.commit()?;
        Ok(())
    }

    fn read(path: &std::path::Path) -> anyhow::Result<SavedPlan> {
        let text = std::fs::read(path).map_err(|e| {
            UserError::input(format!("cannot read the plan {}: {e}", path.display()))
        })?;
        let saved: SavedPlan = serde_json::from_slice(&text).map_err(|e| {
            UserError::input(format!("{} is not a plan vern saved: {e}", path.display()))
                .with_hint("save one with: vern deliver … --plan-out FILE")
        })?;
        if saved.kind != SAVED_KIND || saved.schema != 1 {
            return Err(UserError::input(format!(
                "{} is not a delivery plan this vern reads",
                path.display()
            ))
            .into());
        }
        Ok(saved)
    }
}

/// What a saved plan was asked with: the request and its cap.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct SavedOptions {
    #[serde(flatten)]
    request: Request,
    max_rows: Option<u64>,
    cap_behavior: CapBehavior,
}

//! `vern deliver`: relay a company's validated rows to a directory, S3, Azure Blob or SFTP, as csv,
//! json, jsonl or xml, optionally gzip-compressed, under names made from a template — every file
//! visible only whole, exactly once, the manifest last. A journaled operation: the same command
//! again continues an unfinished run and shows a finished one.

use super::{Journaled, uuid_arg};
use crate::context::Context;
use crate::deliver::dest::{IfExists, Tuning, ssh_key_is_encrypted};
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
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Relay the company's validated rows (the API's export.csv) to where the customer \
needs them: a local directory, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX or \
sftp://USER@HOST[:PORT]/PATH. One file per sheet, converted as it streams (csv, json, jsonl or \
xml; --gzip compresses), named from --name. A file appears under its name only when it is \
complete, and a manifest (vern-manifest-DATE-RUN.json: every file's rows, bytes and SHA-256) is \
written last, so its presence means the run is complete. Re-running the same command continues an \
unfinished delivery without a second copy of any file, or shows the finished one; --new delivers \
again.

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
  vern deliver --company $COMPANY --to ./out --if-exists overwrite --json"
)]
pub struct DeliverArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX,
    /// sftp://USER@HOST[:PORT]/PATH
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
    /// Exit 0 even when characters XML forbids were dropped
    #[arg(long)]
    pub allow_failures: bool,
    /// Deliver again even though this command already completed
    #[arg(long)]
    pub new: bool,
    #[command(flatten)]
    pub ssh: SshArgs,
}

/// How vern logs in to an SFTP server and trusts it (sftp:// only).
#[derive(Debug, Clone, clap::Args)]
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

/// The destinations this vern delivers to (webhooks come next).
pub(crate) fn supported(target: &Target) -> Result<(), UserError> {
    if matches!(target, Target::Webhook(_)) {
        return Err(UserError::usage(format!(
            "delivering to {} is not built yet: this vern delivers to a directory, s3://, az:// and sftp://",
            target.kind()
        )));
    }
    Ok(())
}

pub async fn run(ctx: &Context, args: DeliverArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.to).map_err(UserError::usage)?;
    supported(&target)?;
    let tuning = args.ssh.resolve(ctx, &target)?;
    let known = super::company::known(ctx, &args.company)?;
    let sheets = sheets(&args, known.as_ref())?;
    let spec = Spec {
        company: args.company.clone(),
        external_id: known.as_ref().and_then(|k| k.company.external_id.clone()),
        to: args.to.clone(),
        target,
        tuning,
        sheets,
        filter: args.filter.as_str(),
        format: args.shape.format,
        gzip: args.shape.gzip,
        name: args.shape.name.clone(),
        if_exists: args.if_exists,
        manifest: !args.no_manifest,
        allow_failures: args.allow_failures,
    };
    spec.check_names()?;
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

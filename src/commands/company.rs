//! `vern company create | show`: provision one company (one end customer's migration), and show
//! what vern knows about one.
//!
//! Provisioning is not idempotent on this API — a retried request after a lost response gets a
//! 409 for the external id, and there is no lookup — so it is sent once, and a failure whose
//! outcome is unknown says so plainly. It is journaled (an operation of kind `company`, written
//! before the request goes), because the journal is the only place vern can look a company's
//! sheets up later: the API has no "get company". `show` reads the journal (see
//! `model::company`); so does `--sheet NAME` (see [`known`]).

use super::{Journaled, uuid_arg};
use crate::api::types::{CreateCompanyRequest, CreateCompanyResponse};
use crate::context::Context;
use crate::exit::{Candidate, ExitCode, UserError, replace_hint};
use crate::journal::record::{
    OpKind, OpStatus, Operation, Phase, Point, Provision, SheetRef, Step,
};
use crate::journal::{Identity, Listed};
use crate::model::account::Created;
use crate::model::company::{KnownCompany, company_ids};
use crate::workflow::files::read_connection;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum CompanyCommand {
    #[command(
        about = "Provision a company: its workbook gets one sheet per template",
        long_about = "Provision a company (one end customer's migration) bound to a source. Its \
workbook gets one sheet per template (every template of the account unless --template is given). \
--connection attaches the destination connection that export runs write through; its secrets are \
write-only and never shown again.",
        after_help = "Examples:
  vern company create --name 'Northwind Traders' --source 5f0c2a9e-1b7d-4c33-9e2a-7d41c0b8e6f1
  vern company create --name Northwind --source $SOURCE --external-id nw-4471 \\
      --template $CONTACTS --connection examples/connection.json"
    )]
    Create(CreateArgs),
    #[command(
        about = "What vern knows about a company: its sheets with ids and row counts",
        long_about = "What vern knows about a company, from its journal under --state-dir (the \
API cannot list a company's sheets): its name, external id and workbook when vern provisioned it \
(vern company create, vern migrate --name), its sheets with their ids and row counts (from the \
latest completed import that reported each), and the operations it is known from. A company vern \
has never seen exits 1. Give the company's id, or enough of its start to tell it apart.",
        after_help = "Examples:
  vern company show 0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310
  vern company show 0e7b3c1a --json
  vern download --company $COMPANY --sheet Contacts     # a sheet by the name shown here"
    )]
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Company id (or the start of one vern knows)
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// Display name (usually the customer's organisation)
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Source id (see `vern sources list`)
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub source: String,
    /// Your id for the customer: letters, digits, - and _, at most 255; unique in the account
    #[arg(long, value_name = "ID", value_parser = external_id_arg)]
    pub external_id: Option<String>,
    /// Template to include (repeatable; default: every template)
    #[arg(long = "template", value_name = "UUID", value_parser = uuid_arg)]
    pub templates: Vec<String>,
    /// JSON file with the destination connection: {"destination": {"base_url": …, "auth": {…}}}
    #[arg(long, value_name = "FILE")]
    pub connection: Option<PathBuf>,
}

pub fn external_id_arg(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 255
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(s.to_string())
    } else {
        Err("an external id has 1 to 255 letters, digits, hyphens or underscores".into())
    }
}

/// Send the provisioning request once and explain the failures a user can act on.
pub async fn create(
    ctx: &Context,
    req: &CreateCompanyRequest,
) -> anyhow::Result<CreateCompanyResponse> {
    let client = ctx.client()?;
    match client.create_company(req).await {
        Ok(r) => Ok(r),
        Err(e) if e.is_status(409) => Err(UserError::new(
            ExitCode::Conflict,
            format!(
                "external id '{}' is already used by another company: {}",
                req.external_id.as_deref().unwrap_or(""),
                e.server_message().unwrap_or("conflict")
            ),
        )
        .with_hint("use that company's id with --company, or pick another --external-id")
        .into()),
        // The cause's own hint ("re-running is safe") holds for reads, not for this request:
        // one hint, the one that fits.
        Err(e @ (crate::api::Error::Transport { .. } | crate::api::Error::InvalidResponse { .. })) => {
            Err(replace_hint(
                anyhow::Error::new(e).context(
                    "the company may or may not have been created: the request was sent, and the answer was lost",
                ),
                lost_answer_hint(req),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// What to do after a lost answer to `company create`: look before sending it again.
fn lost_answer_hint(req: &CreateCompanyRequest) -> String {
    let refused = match &req.external_id {
        Some(ext) => format!("gets 409, external id {ext} being taken"),
        None => "is refused, the name being taken".to_string(),
    };
    format!(
        "check whether the company exists (the Vern web app lists it) before running this again: if it was created, running this again {refused}; use its id with --company instead"
    )
}

pub async fn run(ctx: &Context, cmd: CompanyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        CompanyCommand::Create(args) => create_command(ctx, args).await,
        CompanyCommand::Show(args) => show(ctx, &args.id),
    }
}

/// `company create`: the request is journaled before it is sent, and what came back after.
async fn create_command(ctx: &Context, args: CreateArgs) -> anyhow::Result<ExitCode> {
    let connections = args
        .connection
        .as_deref()
        .map(read_connection)
        .transpose()?;
    let req = CreateCompanyRequest {
        name: args.name.trim().to_string(),
        source: args.source,
        external_id: args.external_id,
        template_ids: (!args.templates.is_empty()).then_some(args.templates),
        connections,
    };
    if req.name.is_empty() {
        return Err(UserError::usage("--name must not be empty").into());
    }
    // No key, no operation.
    ctx.client()?;
    let mut op = ctx.begin(Journaled::new(OpKind::Company, Identity::Unique))?;
    op.op.provision = Some(Provision::sending(&req));
    op.step(Step::at(Phase::Provision, Point::Key))?;
    let result = async {
        let response = create(ctx, &req).await?;
        if let Some(p) = op.op.provision.as_mut() {
            p.created(&response);
        }
        op.op.company = Some(response.company.id.clone());
        op.step(Step::at(Phase::Provision, Point::Done))?;
        Ok(Created { response })
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

/// `company show`: the company as the journal knows it.
fn show(ctx: &Context, given: &str) -> anyhow::Result<ExitCode> {
    let ops = readable(ctx)?;
    let id = company_id(given, &ops)?;
    match KnownCompany::from_journal(&id, &ops) {
        Some(known) => Ok(ctx.ui.emit(&known)),
        None => Err(never_seen(ctx, &id).into()),
    }
}

/// The journal's records that can be read (`vern runs list` reports the others).
fn readable(ctx: &Context) -> anyhow::Result<Vec<Operation>> {
    Ok(ctx
        .journal()
        .list()?
        .into_iter()
        .filter_map(|l| match l {
            Listed::Ok(op) => Some(*op),
            Listed::Unreadable { .. } => None,
        })
        .collect())
}

/// The company a user named: an id, or the start of one the journal knows.
fn company_id(given: &str, ops: &[Operation]) -> Result<String, UserError> {
    if let Ok(id) = uuid_arg(given) {
        return Ok(id);
    }
    let want = given.trim().to_ascii_lowercase();
    let ids = company_ids(ops);
    let fits: Vec<&str> = ids
        .into_iter()
        .filter(|id| !want.is_empty() && id.starts_with(&want))
        .collect();
    match fits.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(UserError::input(format!(
            "'{given}' is neither a company id nor the start of one vern knows"
        ))
        .with_hint("give the company's id (a UUID); vern knows the companies in: vern runs list")),
        many => Err(UserError::usage(format!(
            "'{given}' is the start of {} company ids vern knows",
            many.len()
        ))
        .with_candidates(
            many.iter()
                .map(|id| Candidate {
                    id: id.to_string(),
                    about: "a company of the journal".into(),
                })
                .collect(),
        )
        .with_hint("give more of the id")),
    }
}

fn never_seen(ctx: &Context, id: &str) -> UserError {
    UserError::input(format!(
        "vern has never seen company {id}: no operation in {} is about it",
        ctx.journal().dir().display()
    ))
    .with_hint("vern knows the companies it provisioned (vern company create, vern migrate --name) or worked on, from the journal under --state-dir: check --state-dir, or find the company in the Vern web app")
}

/// What the journal knows about company `id` (`--sheet NAME` looks its sheets up here).
pub(crate) fn known(ctx: &Context, id: &str) -> anyhow::Result<Option<KnownCompany>> {
    Ok(KnownCompany::from_journal(id, &readable(ctx)?))
}

/// The sheet a `--sheet` names among those vern knows of `company`: an id is taken as given (with
/// its name when vern knows it; empty otherwise), a name must be one vern knows (case does not
/// matter). A name vern cannot resolve is a usage error that lists the sheets it knows.
pub(crate) fn named_sheet(
    known: Option<&KnownCompany>,
    company: &str,
    given: &str,
) -> anyhow::Result<SheetRef> {
    let sheets = known.map(|k| k.sheets.as_slice()).unwrap_or_default();
    let as_ref = |s: &crate::model::company::KnownSheet| SheetRef {
        id: s.id.clone(),
        name: s.name.clone(),
        template_id: s.template_id.clone(),
    };
    if let Ok(id) = uuid_arg(given) {
        return Ok(sheets
            .iter()
            .find(|s| s.id == id)
            .map(as_ref)
            .unwrap_or(SheetRef {
                id,
                name: String::new(),
                template_id: None,
            }));
    }
    let by_id =
        "give the sheet's id instead: --sheet ID (vern company create and import reports print it)";
    if sheets.is_empty() {
        return Err(UserError::usage(format!(
            "--sheet {given}: vern knows no sheets of company {company}, so it cannot look a sheet up by name"
        ))
        .with_hint(by_id)
        .into());
    }
    match known.and_then(|k| k.sheet_named(given)) {
        Some(s) => Ok(as_ref(s)),
        None => Err(UserError::usage(format!(
            "--sheet {given}: company {company} has no sheet of that name that vern knows; it knows:"
        ))
        .with_candidates(
            sheets
                .iter()
                .map(|s| Candidate {
                    id: s.id.clone(),
                    about: s.name.clone(),
                })
                .collect(),
        )
        .with_hint(format!("use one of these names, or {by_id}"))
        .into()),
    }
}

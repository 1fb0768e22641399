//! `vern company create`: provision one company (one end customer's migration).
//!
//! Provisioning is not idempotent on this API — a retried request after a lost response gets a
//! 409 for the external id, and there is no lookup — so it is sent once, and a failure whose
//! outcome is unknown says so plainly.

use super::uuid_arg;
use crate::api::types::{CreateCompanyRequest, CreateCompanyResponse};
use crate::context::Context;
use crate::exit::{ExitCode, UserError, replace_hint};
use crate::model::account::Created;
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
        CompanyCommand::Create(args) => {
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
            let response = create(ctx, &req).await?;
            Ok(ctx.ui.emit(&Created { response }))
        }
    }
}

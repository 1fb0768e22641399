//! `vern export`: push validated rows to the destination (canary or full), wait, and report every
//! write — totals, failures grouped by error, hollow writes — optionally to a file.

use super::import::announce;
use super::import::key_arg;
use super::{emit, new_idempotency_key, uuid_arg};
use crate::api::types::ExportMode;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Begin;
use crate::journal::record::{OpKind, OpStatus};
use crate::workflow::export::{report_format, request, write_report};
use crate::workflow::steps::{self, Which};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// The first row of each template: a smoke test of the destination
    Canary,
    /// Every validated row
    Full,
}

impl From<Mode> for ExportMode {
    fn from(m: Mode) -> Self {
        match m {
            Mode::Canary => ExportMode::Canary,
            Mode::Full => ExportMode::Full,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Push the company's validated rows to its destination through the published \
writer, wait for the run, and print the per-write report: totals, failures grouped by error \
message, and hollow writes (the destination answered 2xx but the record came back empty). Exits \
6 when any write failed or came back hollow, unless --allow-failures.",
    after_help = "Examples:
  vern export --company $COMPANY --mode canary
  vern export --company $COMPANY --mode full --report writes.csv
  vern export --company $COMPANY --template $CONTACTS --row-filter '{\"Status\": [\"Open\"]}'"
)]
pub struct ExportArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// canary (first row of each template) or full
    #[arg(long, value_enum, default_value = "full")]
    pub mode: Mode,
    /// Only this template (repeatable)
    #[arg(long = "template", value_name = "UUID", value_parser = uuid_arg)]
    pub templates: Vec<String>,
    /// Only rows matching this JSON object: {"Column": "value" or ["values"]}
    #[arg(long, value_name = "JSON")]
    pub row_filter: Option<String>,
    /// Write every result row to FILE (.csv or .jsonl)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit 0 even when writes failed or came back hollow
    #[arg(long)]
    pub allow_failures: bool,
    /// Idempotency key for the run (default: a generated one)
    #[arg(long, value_name = "KEY", value_parser = key_arg)]
    pub idempotency_key: Option<String>,
    /// Start a new operation even if an unfinished one matches this command
    #[arg(long)]
    pub new: bool,
    /// Export again even though a full export already ran for this company
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn start_error(company: &str, e: crate::api::Error) -> anyhow::Error {
    if e.is_status(409) {
        let msg = e.server_message().unwrap_or("conflict").to_string();
        let hint = match e.run_id() {
            Some(run) => {
                format!("wait for the run in the way with: vern poll --company {company} {run}")
            }
            None => "check the company's destination connection and runs in flight".to_string(),
        };
        return UserError::new(
            ExitCode::Conflict,
            format!("the export was not started: {msg}"),
        )
        .with_hint(hint)
        .into();
    }
    e.into()
}

/// A full export already done for this company by an earlier operation of this journal.
fn earlier_full_export(
    ctx: &Context,
    company: &str,
    this_op: &str,
) -> anyhow::Result<Option<(String, String)>> {
    Ok(ctx
        .journal()
        .all()?
        .into_iter()
        .filter(|o| o.id != this_op && o.company.as_deref() == Some(company))
        .find_map(|o| {
            let e = o
                .export
                .as_ref()
                .filter(|e| e.mode == "full" && e.run.run_id.is_some())?;
            Some((o.id.clone(), e.run.started_at.clone().unwrap_or_default()))
        }))
}

pub async fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(p) = &args.report {
        report_format(p)?;
    }
    let req = request(
        args.mode.into(),
        &args.templates,
        args.row_filter.as_deref(),
        None,
    )?;
    let client = ctx.client()?;
    let company = args.company.clone();
    let mut op = ctx.journal().begin(Begin {
        kind: OpKind::Export,
        key_material: json!({
            "kind": "export",
            "api": ctx.api_url,
            "company": company,
            "request": req,
            "idempotency_key": args.idempotency_key,
        }),
        argv: ctx.argv(),
        api_url: ctx.api_url.clone(),
        sandbox: ctx.is_sandbox(),
        company: Some(company.clone()),
        options: json!({ "allow_failures": args.allow_failures }),
        new: args.new,
    })?;
    announce(ctx, &op);
    let which = match args.mode {
        Mode::Canary => Which::Canary,
        Mode::Full => Which::Full,
    };
    if which == Which::Full
        && op.op.export.is_none()
        && !args.yes
        && let Some((earlier, when)) = earlier_full_export(ctx, &company, op.id())?
    {
        let question = format!(
            "A full export for this company already ran (operation {earlier}, {when}). Export every row again?"
        );
        let go = ctx.ui.interactive() && ctx.ui.confirm(&question, false)?;
        if !go {
            op.end(OpStatus::Abandoned, ExitCode::Usage)?;
            return Err(UserError::usage(format!(
                    "a full export already ran for company {company} (operation {earlier}); not exporting again without --yes"
                ))
                .with_hint("the destination upserts by natural key, so a second run updates rows rather than duplicating them; pass --yes to go ahead")
                .into());
        }
    }
    let key = args
        .idempotency_key
        .clone()
        .unwrap_or_else(|| new_idempotency_key("export"));
    let result = steps::export(&mut op, &client, &company, which, req, key, ctx.deadline).await;
    let mut view = match result {
        Ok(v) => v,
        Err(e) => {
            op.fail(OpStatus::Errored, &e)?;
            return Err(e);
        }
    };
    view.allow_failures = args.allow_failures;
    if view.mode.is_none() {
        view.mode = Some(args.mode.into());
    }
    if let Some(path) = &args.report
        && (!view.results.is_empty() || view.status.is_terminal())
    {
        write_report(path, &view.results)?;
        view.report_file = Some(format!("{} ({} rows)", path.display(), view.results.len()));
        let slot = match which {
            Which::Canary => op.op.canary.as_mut(),
            Which::Full => op.op.export.as_mut(),
        };
        if let Some(s) = slot {
            s.report_file = Some(path.display().to_string());
        }
    }
    let status = if view.timed_out {
        OpStatus::TimedOut
    } else if view.status.is_terminal() {
        if view.status == crate::api::types::RunStatus::Completed {
            OpStatus::Completed
        } else {
            OpStatus::Failed
        }
    } else {
        OpStatus::Paused
    };
    op.end(status, view.exit_code())?;
    let code = emit(&ctx.ui, &view);
    op.reported()?;
    Ok(code)
}

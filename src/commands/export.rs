//! `vern export`: push validated rows to the destination (canary or full), wait, and report every
//! write — totals, failures grouped by error, hollow writes — optionally to a file.

use super::import::key_arg;
use super::{emit, new_idempotency_key, uuid_arg};
use crate::api::types::ExportMode;
use crate::api::wait::Waited;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::workflow::export::{report_format, request, write_report};
use crate::workflow::runs::ExportView;
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
    /// Return once the run is started instead of waiting for it
    #[arg(long)]
    pub no_wait: bool,
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

pub async fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(p) = &args.report {
        report_format(p)?;
    }
    let req = request(
        args.mode.into(),
        &args.templates,
        args.row_filter.as_deref(),
        Some(
            args.idempotency_key
                .clone()
                .unwrap_or_else(|| new_idempotency_key("export")),
        ),
    )?;
    let client = ctx.client()?;
    let company = &args.company;
    let created = client
        .create_export(company, &req)
        .await
        .map_err(|e| start_error(company, e))?;
    let run_id = created.value.run_id.clone();
    let mut view = if args.no_wait {
        let run = crate::api::types::ExportRun {
            run_id: Some(run_id.clone()),
            status: created.value.status.clone(),
            progress_message: None,
            report: None,
            error: None,
        };
        ExportView::new(company, &run_id, &run, false)
    } else {
        match client.wait_export(company, &run_id, ctx.deadline).await? {
            Waited::Settled(r) => ExportView::new(company, &run_id, &r.value, false),
            Waited::TimedOut(r) => ExportView::new(company, &run_id, &r.value, true),
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
    }
    Ok(emit(&ctx.ui, &view))
}

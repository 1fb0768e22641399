//! `vern export`: push validated rows to the destination (canary or full), wait, and report every
//! write — totals, failures grouped by error, hollow writes — optionally to a file.

use super::import::key_arg;
use super::{Journaled, uuid_arg};
use crate::api::types::ExportMode;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{OpKind, OpStatus};
use crate::journal::{Identity, OpHandle};
use crate::model::export::{ExportView, ReportFile};
use crate::workflow::export::{self, ReportFormat, request, write_report};
use crate::workflow::new_idempotency_key;
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
  vern export --company $COMPANY --report /dev/stdout --report-format jsonl --json
  vern export --company $COMPANY --template $CONTACTS --row-filter '{\"Status\": [\"Open\"]}'
  vern export --company $COMPANY --plan
  vern export --company $COMPANY --max-rows 50000"
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
    /// Write every result row to FILE
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The report's format (default: jsonl for a .jsonl/.ndjson/.json name, else csv)
    #[arg(long, value_enum, value_name = "FORMAT", requires = "report")]
    pub report_format: Option<ReportFormat>,
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
    /// Print how many rows the run would write (per template, from the last completed import
    /// vern knows) and send nothing
    #[arg(long, help_heading = "Estimate first")]
    pub plan: bool,
    /// Refuse a run that would write more than N rows (exit 8, nothing sent)
    #[arg(long, value_name = "N", help_heading = "Estimate first")]
    pub max_rows: Option<u64>,
}

pub async fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(p) = &args.report {
        // Before anything is sent: a report that cannot be written must not cost an export.
        crate::output::classify(p)?;
    }
    let mode = ExportMode::from(args.mode);
    if args.plan || args.max_rows.is_some() {
        let known = super::company::known(ctx, &args.company)?;
        let plan = crate::workflow::estimate::export(
            &args.company,
            &mode,
            &args.templates,
            args.row_filter.is_some(),
            args.max_rows,
            known.as_ref(),
        )?;
        if args.plan || plan.refused {
            return Ok(ctx.ui.emit(&plan));
        }
    }
    let req = request(
        mode.clone(),
        &args.templates,
        args.row_filter.as_deref(),
        None,
    )?;
    let client = ctx.client()?;
    let company = args.company.clone();
    let identity = Identity::Same(json!({
        "company": company,
        "request": req,
        "idempotency_key": args.idempotency_key,
    }));
    let mut op = ctx.begin(
        Journaled::new(OpKind::Export, identity)
            .company(Some(&company))
            .options(json!({ "allow_failures": args.allow_failures }))
            .starting_over(args.new),
    )?;
    let result = async {
        if mode == ExportMode::Full && op.op.export.is_none() && !args.yes {
            confirm_second_full_export(ctx, &mut op, &company)?;
        }
        let key = (args.idempotency_key.clone()).unwrap_or_else(|| new_idempotency_key("export"));
        let mut view = export::export(&mut op, &client, &company, req, key, ctx.deadline).await?;
        view.allow_failures = args.allow_failures;
        view.mode.get_or_insert(mode.clone());
        if let Some(path) = &args.report {
            let format = ReportFormat::for_path(path, args.report_format);
            save_report(&mut op, &mut view, &mode, (path, format))?;
        }
        Ok(view)
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Errored))
}

/// A second full export of a company re-writes every row at the destination: ask on a terminal,
/// refuse without `--yes` elsewhere (the operation is then abandoned, nothing sent).
fn confirm_second_full_export(
    ctx: &Context,
    op: &mut OpHandle,
    company: &str,
) -> anyhow::Result<()> {
    let Some((earlier, when)) = export::earlier_full_export(&ctx.journal(), company, op.id())?
    else {
        return Ok(());
    };
    let question = format!(
        "A full export for this company already ran (operation {earlier}, {when}). Export every row again?"
    );
    if ctx.ui.interactive() && ctx.ui.confirm(&question, false)? {
        return Ok(());
    }
    op.end(OpStatus::Abandoned, ExitCode::Usage)?;
    Err(UserError::usage(format!(
        "a full export already ran for company {company} (operation {earlier}); not exporting again without --yes"
    ))
    .with_hint("the destination upserts by natural key, so a second run updates rows rather than duplicating them; pass --yes to go ahead")
    .into())
}

/// Write every result row to `--report` once the run has results (or ended).
fn save_report(
    op: &mut OpHandle,
    view: &mut ExportView,
    mode: &ExportMode,
    (path, format): (&std::path::Path, ReportFormat),
) -> anyhow::Result<()> {
    if view.results.is_empty() && !view.status.is_terminal() {
        return Ok(());
    }
    write_report(path, format, &view.results)?;
    view.report_file = Some(ReportFile {
        path: path.display().to_string(),
        rows: view.results.len() as u64,
    });
    let slot = match mode {
        ExportMode::Canary => op.op.canary.as_mut(),
        _ => op.op.export.as_mut(),
    };
    if let Some(s) = slot {
        s.report_file = Some(path.display().to_string());
    }
    Ok(())
}

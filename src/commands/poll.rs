//! `vern poll` (alias `wait`): wait for an import or export run until it is terminal or needs a
//! decision; `--active` finds the company's import in flight.

use super::uuid_arg;
use crate::api::wait::Waited;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::model::export::ExportView;
use crate::model::import::{ImportView, NothingActive};

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Wait for a run until it completes, fails, or needs a decision, polling about \
every 2 seconds at first and backing off as the run ages. A run that needs attention is shown \
with its questions, the proposed fix and the exact `vern approve` command. --timeout bounds the \
wait (exit 124; the run goes on).",
    after_help = "Examples:
  vern poll --company $COMPANY 9c4e2a7b-61d0-4f3e-8b95-0a7d3c1e6f24
  vern wait --company $COMPANY --active --timeout 10m
  vern poll --company $COMPANY $EXPORT_RUN --export --json"
)]
pub struct PollArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Run id
    #[arg(value_name = "RUN_ID", value_parser = uuid_arg, required_unless_present = "active", conflicts_with = "active")]
    pub run_id: Option<String>,
    /// Wait for the company's import in flight, whatever its id
    #[arg(long, conflicts_with = "export")]
    pub active: bool,
    /// The run is an export run
    #[arg(long)]
    pub export: bool,
}

pub async fn run(ctx: &Context, args: PollArgs) -> anyhow::Result<ExitCode> {
    let client = ctx.client()?;
    let company = &args.company;
    let run_id =
        match (&args.run_id, args.active) {
            (Some(r), _) => r.clone(),
            (None, true) => match client.active_import(company).await? {
                Some(r) => r.value.run_id.clone().ok_or_else(|| {
                    UserError::input("the active-import lookup did not name the run")
                })?,
                None => {
                    return Ok(ctx.ui.emit(&NothingActive {
                        company: company.clone(),
                        active: false,
                    }));
                }
            },
            (None, false) => return Err(UserError::usage("pass a RUN_ID or --active").into()),
        };
    if args.export {
        let view = match client.wait_export(company, &run_id, ctx.deadline).await? {
            Waited::Settled(r) => ExportView::new(company, &run_id, &r.value, false),
            Waited::TimedOut(r) => ExportView::new(company, &run_id, &r.value, true),
        };
        return Ok(ctx.ui.emit(&view));
    }
    let view = match client.wait_import(company, &run_id, ctx.deadline).await? {
        Waited::Settled(r) => ImportView::new(company, &run_id, &r, false),
        Waited::TimedOut(r) => ImportView::new(company, &run_id, &r, true),
    };
    Ok(ctx.ui.emit(&view))
}

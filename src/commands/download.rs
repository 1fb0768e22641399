//! `vern download`: stream a sheet's validated CSV to a file (written atomically) or to stdout.

use super::{Report, emit, uuid_arg};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Begin;
use crate::journal::record::{DownloadFile, DownloadStep, OpKind, OpStatus};
use crate::ui::render::{bytes, count};
use crate::workflow::transfer::{self, Saved, Target};
use serde::Serialize;
use serde_json::json;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Filter {
    /// Only fully clean rows
    Valid,
    /// Every row, including flagged ones
    All,
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Stream one sheet of the company's workbook as CSV (columns in template order). \
By default only fully valid rows, into the file name the server suggests in the current \
directory; -o FILE picks the file (written to a temporary name and renamed when complete), -o - \
streams to stdout.",
    after_help = "Examples:
  vern download --company $COMPANY --sheet $SHEET
  vern download --company $COMPANY --sheet $SHEET --filter all -o contacts-all.csv
  vern download --company $COMPANY --sheet $SHEET -o - | head"
)]
pub struct DownloadArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Sheet id (from `company create`, or the import report)
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub sheet: String,
    /// valid (clean rows only) or all
    #[arg(long, value_enum, default_value = "valid")]
    pub filter: Filter,
    /// Output file, or - for stdout (default: the server's file name, here)
    #[arg(short, long, value_name = "FILE|-")]
    pub output: Option<PathBuf>,
}

#[derive(Serialize)]
struct Downloaded {
    company: String,
    sheet: String,
    filter: &'static str,
    #[serde(flatten)]
    saved: Saved,
}

impl fmt::Display for Downloaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let records = self
            .saved
            .info
            .records
            .map(|r| format!("{} records, ", count(r)))
            .unwrap_or_default();
        write!(
            f,
            "saved {}: {records}{}",
            self.saved.path,
            bytes(self.saved.info.bytes)
        )
    }
}

impl Report for Downloaded {}

pub async fn run(ctx: &Context, args: DownloadArgs) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_deref() == Some(std::path::Path::new("-"));
    if to_stdout && ctx.ui.json() {
        return Err(UserError::usage(
            "--json cannot be combined with -o - (stdout carries the CSV itself)",
        )
        .into());
    }
    let target = match &args.output {
        None => Target::Suggested(PathBuf::from(".")),
        Some(_) if to_stdout => Target::Stdout,
        Some(p) if p.is_dir() => Target::Suggested(p.clone()),
        Some(p) => Target::File(p.clone()),
    };
    let filter = match args.filter {
        Filter::Valid => "valid",
        Filter::All => "all",
    };
    let client = ctx.client()?;
    let mut op = ctx.journal().begin(Begin {
        kind: OpKind::Download,
        key_material: json!({
            "kind": "download",
            "company": args.company,
            "sheet": args.sheet,
            "at": crate::journal::now(),
        }),
        argv: ctx.argv(),
        api_url: ctx.api_url.clone(),
        sandbox: ctx.is_sandbox(),
        company: Some(args.company.clone()),
        options: json!({}),
        new: false,
    })?;
    let saved = match transfer::download(
        &client,
        &ctx.ui,
        &args.company,
        &args.sheet,
        filter,
        target,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => {
            op.fail(OpStatus::Failed, &e)?;
            return Err(e);
        }
    };
    op.op.download = Some(DownloadStep {
        target: saved.path.clone(),
        filter: filter.to_string(),
        files: vec![DownloadFile {
            sheet_id: args.sheet.clone(),
            sheet_name: String::new(),
            path: saved.path.clone(),
            bytes: saved.info.bytes,
            records: saved.info.records,
        }],
        done: true,
    });
    op.op.counts.downloaded = saved.info.records;
    op.op.counts.bytes_downloaded = Some(saved.info.bytes);
    op.end(OpStatus::Completed, ExitCode::Success)?;
    let report = Downloaded {
        company: args.company,
        sheet: args.sheet,
        filter,
        saved,
    };
    if to_stdout {
        // stdout is the CSV; the summary goes with the progress.
        ctx.ui.note(&report);
        op.reported()?;
        return Ok(report.exit_code());
    }
    let code = emit(&ctx.ui, &report);
    op.reported()?;
    Ok(code)
}

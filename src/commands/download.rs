//! `vern download`: stream a sheet's validated CSV to a file (written atomically) or to stdout.

use super::{Journaled, uuid_arg};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Identity;
use crate::journal::record::{DownloadFile, DownloadStep, OpKind, OpStatus};
use crate::model::transfer::Downloaded;
use crate::workflow::download::{self, Target};
use std::path::{Path, PathBuf};

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

pub async fn run(ctx: &Context, args: DownloadArgs) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout && ctx.ui.json() {
        return Err(UserError::usage(
            "--json cannot be combined with -o - (stdout carries the CSV itself)",
        )
        .into());
    }
    let filter = match args.filter {
        Filter::Valid => "valid",
        Filter::All => "all",
    };
    let client = ctx.client()?;
    let mut op =
        ctx.begin(Journaled::new(OpKind::Download, Identity::Unique).company(Some(&args.company)))?;
    let result = async {
        let mut stdout = ctx.ui.stdout_stream();
        let target = match &args.output {
            None => Target::Suggested(PathBuf::from(".")),
            Some(_) if to_stdout => Target::Stream(&mut stdout),
            Some(p) if p.is_dir() => Target::Suggested(p.clone()),
            Some(p) => Target::File(p.clone()),
        };
        let saved = download::download(&client, &args.company, &args.sheet, filter, target).await?;
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
        Ok(Downloaded {
            company: args.company.clone(),
            sheet: args.sheet.clone(),
            filter,
            saved,
        })
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

//! `vern download`: stream a sheet's validated CSV to a file (written atomically, or through a
//! device or FIFO) or to stdout. The target is looked at before anything is sent; the reply is
//! checked against the account's templates before it is kept.

use super::{Journaled, uuid_arg};
use crate::context::Context;
use crate::exit::{Candidate, ExitCode, UserError};
use crate::journal::Identity;
use crate::journal::record::{DownloadFile, DownloadStep, OpKind, OpStatus};
use crate::model::transfer::Downloaded;
use crate::output;
use crate::workflow::download::{self, Checks, Target, Templates};
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
directory (or in -o DIR): only a plain file name (no dotfile, no path), and never over an \
existing file unless --force. -o FILE picks the file: written to a temporary name and renamed \
when complete (a symlink keeps pointing at the new file), or streamed through a device or FIFO \
(-o /dev/null works); a directory, block device or socket is refused. -o - streams to stdout. \
The reply must be CSV whose header is one template's columns (GET /templates); anything else \
(a login page, an error document) is refused and an existing file is kept. --sheet takes the \
sheet's id, or its name (Contacts) when vern knows the company's sheets from its journal: it \
provisioned the company (vern company create, vern migrate --name) or imported into it.",
    after_help = "Examples:
  vern download --company $COMPANY --sheet $SHEET
  vern download --company $COMPANY --sheet Contacts --filter all -o contacts-all.csv
  vern download --company $COMPANY --sheet $SHEET -o - | head"
)]
pub struct DownloadArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Sheet id, or its name as the workbook names it (Contacts; case does not matter), looked
    /// up in what vern knows about the company (see `vern company show`)
    #[arg(long, value_name = "ID|NAME")]
    pub sheet: String,
    /// valid (clean rows only) or all
    #[arg(long, value_enum, default_value = "valid")]
    pub filter: Filter,
    /// Output file, directory, or - for stdout (default: the server's file name, here)
    #[arg(short, long, value_name = "FILE|DIR|-")]
    pub output: Option<PathBuf>,
    /// Replace an existing file of the name the server suggests (without -o, or with -o DIR)
    #[arg(long)]
    pub force: bool,
}

pub async fn run(ctx: &Context, args: DownloadArgs) -> anyhow::Result<ExitCode> {
    let filter = match args.filter {
        Filter::Valid => "valid",
        Filter::All => "all",
    };
    let planned = plan(ctx, args.output.as_deref())?;
    let (sheet_id, sheet_name) = sheet(ctx, &args.company, &args.sheet)?;
    let client = ctx.client()?;
    let mut op =
        ctx.begin(Journaled::new(OpKind::Download, Identity::Unique).company(Some(&args.company)))?;
    let result = async {
        let templates = Templates::default();
        let checks = Checks {
            headers: download::headers(templates.get(&client).await?),
            inputs: Vec::new(),
        };
        let mut stdout = ctx.ui.stdout_stream();
        let target = match planned {
            Planned::Stream => Target::Stream(&mut stdout),
            Planned::File(p) => Target::File(p),
            Planned::Suggested { dir } => Target::Suggested {
                dir,
                force: args.force,
            },
        };
        let saved =
            download::download(&client, &args.company, &sheet_id, filter, target, &checks).await?;
        op.op.download = Some(DownloadStep {
            target: saved.path.clone(),
            filter: filter.to_string(),
            files: vec![DownloadFile {
                sheet_id: sheet_id.clone(),
                sheet_name: sheet_name.unwrap_or_default(),
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
            sheet: sheet_id.clone(),
            filter,
            saved,
        })
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
}

/// The sheet `--sheet` names: its id as given, or the id of the sheet of that name among those
/// vern knows of the company. Returns the id, and the name when it was looked up.
fn sheet(ctx: &Context, company: &str, given: &str) -> anyhow::Result<(String, Option<String>)> {
    if let Ok(id) = uuid_arg(given) {
        return Ok((id, None));
    }
    let known = super::company::known(ctx, company)?;
    let by_id =
        "give the sheet's id instead: --sheet ID (vern company create and import reports print it)";
    let Some(known) = known.filter(|k| !k.sheets.is_empty()) else {
        return Err(UserError::usage(format!(
            "--sheet {given}: vern knows no sheets of company {company}, so it cannot look a sheet up by name"
        ))
        .with_hint(by_id)
        .into());
    };
    match known.sheet_named(given) {
        Some(s) => Ok((s.id.clone(), Some(s.name.clone()))),
        None => Err(UserError::usage(format!(
            "--sheet {given}: company {company} has no sheet of that name that vern knows; it knows:"
        ))
        .with_candidates(
            known
                .sheets
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

/// Where the CSV goes is settled before anything is sent: a path vern must not write to is
/// refused now, not after the transfer.
fn plan(ctx: &Context, output: Option<&Path>) -> anyhow::Result<Planned> {
    let to_stdout = output == Some(Path::new("-"));
    if to_stdout && ctx.ui.json() {
        return Err(UserError::usage(
            "--json cannot be combined with -o - (stdout carries the CSV itself)",
        )
        .into());
    }
    let suggested = |dir: PathBuf| Planned::Suggested { dir };
    Ok(match output {
        None => suggested(PathBuf::from(".")),
        Some(_) if to_stdout => Planned::Stream,
        Some(p) if p.is_dir() => suggested(p.to_path_buf()),
        Some(p) => {
            output::classify(p)?;
            Planned::File(p.to_path_buf())
        }
    })
}

/// Where the CSV goes, as decided before anything is sent.
enum Planned {
    Stream,
    File(PathBuf),
    Suggested { dir: PathBuf },
}

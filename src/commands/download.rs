//! `vern download`: stream a sheet's validated CSV to a file (written atomically, or through a
//! device or FIFO) or to stdout. The target is looked at before anything is sent; the reply is
//! checked against the account's templates before it is kept.

use super::{Journaled, uuid_arg};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Identity;
use crate::journal::record::{OpKind, OpStatus};
use crate::model::transfer::Downloaded;
use crate::output;
use crate::workflow::download::{self, Checks, Target, Templates};
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// Only fully clean rows
    Valid,
    /// Every row, including flagged ones
    All,
}

impl Filter {
    /// As the API's `filter` parameter names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Filter::Valid => "valid",
            Filter::All => "all",
        }
    }
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
    let filter = args.filter.as_str();
    let planned = plan(ctx, args.output.as_deref())?;
    let known = super::company::known(ctx, &args.company)?;
    let sheet = super::company::named_sheet(known.as_ref(), &args.company, &args.sheet)?;
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
            download::download(&client, &args.company, &sheet.id, filter, target, &checks).await?;
        download::record(&mut op, &sheet, filter, &saved);
        Ok(Downloaded {
            company: args.company.clone(),
            sheet: sheet.id.clone(),
            filter,
            saved,
        })
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Failed))
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

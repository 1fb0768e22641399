//! `vern runs list | show`: the journal as a history (filtered by status, company and time), and
//! one operation in full, found by any name a user has for it.

use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::Listed;
use crate::journal::record::OpStatus;
use crate::model::journal::{History, HistoryFilter, Shown, Unreadable};
use std::time::{Duration, SystemTime};

#[derive(Debug, clap::Subcommand)]
pub enum RunsCommand {
    #[command(
        about = "The operations of the journal, newest first",
        long_about = "The operations of the journal, newest first: id, kind, company, step, \
status, start, duration, run ids and counts. Records that cannot be read are listed too. \
--status, --company and --since narrow the list; --limit applies after them.",
        after_help = "Examples:
  vern runs list
  vern runs list --limit 5 --json
  vern runs list --status paused,errored --since 24h      # what needs attention today
  vern runs list --company 0e7b3c1a --since 2026-11-22T09:00:00Z"
    )]
    List {
        /// Show at most N operations
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Only operations with this status (repeatable, or comma-separated)
        #[arg(
            long,
            value_name = "STATUS",
            value_delimiter = ',',
            value_parser = status_arg()
        )]
        status: Vec<OpStatus>,
        /// Only the operations of this company (its id, or the start of it)
        #[arg(long, value_name = "ID")]
        company: Option<String>,
        /// Only operations active (started, continued or ended) since TIME: RFC 3339
        /// (2026-11-22T10:00:00Z, +02:00 offsets, or a date) or a duration back from now (24h, 7d)
        #[arg(long, value_name = "TIME|DURATION", value_parser = since_arg)]
        since: Option<Since>,
    },
    #[command(
        about = "One operation in full: steps, run ids, decisions, counts, outputs, errors",
        long_about = "One operation in full: its command, files and fingerprints, idempotency \
keys, run ids, decisions (who, what, the answers, message and note, the patch hash shown), export \
totals, counts, outputs and errors. Name the operation by its id or the start or end of it, by an \
import or export run id (or the start of one), or by its company id. A name that fits several \
operations is a usage error (exit 2) listing them; one that fits none exits 1.",
        after_help = "Examples:
  vern runs show 20261122T101502-3f9a1c
  vern runs show 3f9a1c                                  # the end of the id
  vern runs show 9c4e2a7b --json                         # the start of an import run id
  vern runs show $COMPANY                                # its company's only operation"
    )]
    Show {
        /// Operation id (its start or end), a run id (or its start), or a company id
        id: String,
    },
}

/// `--since`: a moment, or a duration back from now.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    At(SystemTime),
    Ago(Duration),
}

fn since_arg(s: &str) -> Result<Since, String> {
    if let Ok(d) = humantime::parse_duration(s.trim()) {
        return Ok(Since::Ago(d));
    }
    crate::text::parse_time(s).map(Since::At).ok_or_else(|| {
        "expected an RFC 3339 time (2026-11-22T10:00:00Z, or a date) or a duration (24h, 7d)"
            .to_string()
    })
}

fn status_arg() -> impl clap::builder::TypedValueParser<Value = OpStatus> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(OpStatus::ALL.map(OpStatus::as_str)).map(|s| {
        OpStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .unwrap_or(OpStatus::Running)
    })
}

pub async fn run(ctx: &Context, cmd: RunsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        RunsCommand::List {
            limit,
            status,
            company,
            since,
        } => {
            let since = since.map(|s| match s {
                Since::At(t) => t,
                Since::Ago(d) => SystemTime::now()
                    .checked_sub(d)
                    .unwrap_or(SystemTime::UNIX_EPOCH),
            });
            let filter = HistoryFilter {
                status,
                company,
                since,
            };
            Ok(ctx.ui.emit(&history(ctx, filter, limit)?))
        }
        RunsCommand::Show { id } => {
            let journal = ctx.journal();
            let id = journal.resolve(&id)?;
            let op = journal.load(&id)?;
            Ok(ctx.ui.emit(&Shown { op }))
        }
    }
}

/// The operations `filter` lets through, newest first, at most `limit` of them; every record that
/// cannot be read.
fn history(ctx: &Context, filter: HistoryFilter, limit: usize) -> anyhow::Result<History> {
    let mut operations = Vec::new();
    let mut unreadable = Vec::new();
    for l in ctx.journal().list()? {
        match l {
            Listed::Ok(op) if filter.matches(&op) => operations.push(*op),
            Listed::Ok(_) => {}
            Listed::Unreadable { path, error } => unreadable.push(Unreadable {
                path: path.display().to_string(),
                error,
            }),
        }
    }
    operations.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let total = operations.len();
    operations.truncate(limit);
    Ok(History {
        operations,
        unreadable,
        total,
        filter,
    })
}

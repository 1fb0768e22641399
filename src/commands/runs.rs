//! `vern runs list | show` (the journal as a history) and `vern resume [ID]` (continue an
//! interrupted operation by running its command again against the same journal).

use super::{Report, emit};
use crate::cli::{Cli, run_command};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Listed;
use crate::journal::record::Operation;
use crate::ui::Ui;
use crate::ui::render::{bytes, count};
use clap::Parser;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

#[derive(Debug, clap::Subcommand)]
pub enum RunsCommand {
    #[command(
        about = "The operations of the journal, newest first",
        long_about = "The operations of the journal, newest first: id, kind, company, step, \
status, start, duration, run ids and counts. Records that cannot be read are listed too.",
        after_help = "Examples:\n  vern runs list\n  vern runs list --limit 5 --json"
    )]
    List {
        /// Show at most N operations
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    #[command(
        about = "One operation in full: steps, run ids, decisions, counts, outputs, errors",
        long_about = "One operation in full: its command, files and fingerprints, idempotency \
keys, run ids, decisions (who, what, the patch hash shown), export totals, counts, outputs and \
errors.",
        after_help = "Examples:\n  vern runs show 20261122T101502-3f9a1c\n  vern runs show 20261122T10 --json"
    )]
    Show {
        /// Operation id (or a unique prefix)
        id: String,
    },
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Continue an interrupted operation: its command runs again against the same \
journal, skipping every step already done (the latest unfinished operation without ID).",
    after_help = "Examples:\n  vern resume\n  vern resume 20261122T101502-3f9a1c"
)]
pub struct ResumeArgs {
    /// Operation id (or a unique prefix); default: the latest unfinished operation
    pub id: Option<String>,
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn duration(op: &Operation) -> String {
    let parse = |s: &str| humantime::parse_rfc3339_weak(s.trim_end_matches('Z')).ok();
    let start = parse(&op.created_at);
    let end = op
        .finished_at
        .as_deref()
        .map(parse)
        .unwrap_or_else(|| parse(&op.updated_at));
    match (start, end) {
        (Some(a), Some(b)) => b
            .duration_since(a)
            .map(crate::ui::progress::duration)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[derive(Serialize)]
struct Unreadable {
    path: String,
    error: String,
}

#[derive(Serialize)]
struct History {
    operations: Vec<Operation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unreadable: Vec<Unreadable>,
    #[serde(skip)]
    total: usize,
}

impl fmt::Display for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operations.is_empty() && self.unreadable.is_empty() {
            return write!(f, "no operations in the journal");
        }
        let rows: Vec<[String; 8]> = self
            .operations
            .iter()
            .map(|o| {
                let runs = o
                    .run_ids()
                    .iter()
                    .map(|(k, id)| format!("{k} {}", short(id)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let c = &o.counts;
                let mut counts = Vec::new();
                if let Some(n) = c.inserted {
                    counts.push(format!("{} rows", count(n)));
                }
                if let Some(n) = c.flagged.filter(|n| *n > 0) {
                    counts.push(format!("{} flagged", count(n)));
                }
                if let Some(n) = c.exported_ok {
                    counts.push(format!("{} exported", count(n)));
                }
                if let Some(n) = c.exported_failed.filter(|n| *n > 0) {
                    counts.push(format!("{} failed", count(n)));
                }
                [
                    o.id.clone(),
                    o.kind.to_string(),
                    o.company.as_deref().map(short).unwrap_or("-").to_string(),
                    o.step.clone(),
                    o.status.to_string(),
                    o.created_at
                        .get(..19)
                        .unwrap_or(&o.created_at)
                        .replace('T', " "),
                    duration(o),
                    [runs, counts.join(", ")]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                ]
            })
            .collect();
        let head = [
            "ID",
            "KIND",
            "COMPANY",
            "STEP",
            "STATUS",
            "STARTED",
            "TOOK",
            "RUNS · COUNTS",
        ];
        let mut w = [0usize; 8];
        for r in rows
            .iter()
            .map(|r| r.each_ref().map(|s| s.chars().count()))
            .chain([head.map(str::len)])
        {
            for (i, n) in r.iter().enumerate() {
                w[i] = w[i].max(*n);
            }
        }
        let line = |cells: [&str; 8]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i == 7 {
                    s.push_str(c);
                } else {
                    s.push_str(&format!("{c:<width$}  ", width = w[i]));
                }
            }
            s.trim_end().to_string()
        };
        writeln!(f, "{}", line(head))?;
        for r in &rows {
            writeln!(f, "{}", line(r.each_ref().map(String::as_str)))?;
        }
        for o in &self.operations {
            if let Some(e) = &o.error {
                writeln!(
                    f,
                    "{}: error: {}",
                    o.id,
                    e.message.lines().next().unwrap_or("")
                )?;
            }
        }
        for u in &self.unreadable {
            writeln!(f, "unreadable: {}: {}", u.path, u.error)?;
        }
        if self.total > self.operations.len() {
            write!(
                f,
                "({} of {} shown; --limit to see more)",
                self.operations.len(),
                self.total
            )?;
        }
        Ok(())
    }
}

impl Report for History {}

#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    op: Operation,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.op;
        writeln!(
            f,
            "operation {} ({}): {} at step {}",
            o.id, o.kind, o.status, o.step
        )?;
        writeln!(f, "  command   vern {}", o.argv.join(" "))?;
        writeln!(
            f,
            "  api       {}{}",
            o.api_url,
            if o.sandbox {
                " (in-process sandbox)"
            } else {
                ""
            }
        )?;
        if let Some(c) = &o.company {
            writeln!(f, "  company   {c}")?;
        }
        writeln!(f, "  started   {}", o.created_at)?;
        writeln!(f, "  updated   {}", o.updated_at)?;
        if let Some(t) = &o.finished_at {
            writeln!(f, "  finished  {t}")?;
        }
        if let Some(p) = &o.provision {
            writeln!(
                f,
                "  provision {:?} (external id {}){}",
                p.name,
                p.external_id.as_deref().unwrap_or("-"),
                p.company_id
                    .as_ref()
                    .map(|c| format!(" → {c}"))
                    .unwrap_or_else(|| " (not confirmed)".into())
            )?;
        }
        for file in &o.files {
            let state = match (&file.upload_ref, file.size) {
                (Some(r), Some(n)) => format!("{} uploaded as {r}", bytes(n)),
                (Some(r), None) => format!("upload {r}"),
                _ => "not uploaded".into(),
            };
            writeln!(
                f,
                "  file      {} — {state}",
                if file.path.is_empty() {
                    &file.name
                } else {
                    &file.path
                }
            )?;
        }
        if let Some(i) = &o.import {
            writeln!(
                f,
                "  import    {} {} (key {})",
                i.run_id.as_deref().unwrap_or("(not started)"),
                i.status.as_deref().unwrap_or("-"),
                i.idempotency_key
            )?;
            if let Some(e) = &i.error {
                writeln!(f, "            error: {e}")?;
            }
        }
        for d in &o.decisions {
            writeln!(
                f,
                "  decision  {}{} by {} at {}{}",
                d.decision,
                d.patch_hash
                    .as_ref()
                    .map(|h| format!(" on patch {h}"))
                    .unwrap_or_default(),
                d.decided_by.as_deref().unwrap_or("?"),
                d.at.as_deref().unwrap_or("?"),
                if d.applied { "" } else { " (not applied)" }
            )?;
        }
        for (name, e) in [("canary", &o.canary), ("export", &o.export)] {
            if let Some(e) = e {
                writeln!(
                    f,
                    "  {name:<9} {} {} — {} writes: {} ok, {} failed, {} hollow",
                    e.run.run_id.as_deref().unwrap_or("(not started)"),
                    e.run.status.as_deref().unwrap_or("-"),
                    e.total,
                    e.succeeded,
                    e.failed,
                    e.hollow
                )?;
            }
        }
        for out in o.outputs() {
            writeln!(f, "  output    {out}")?;
        }
        let c = serde_json::to_value(&o.counts).unwrap_or(Value::Null);
        if let Some(map) = c.as_object() {
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            if !parts.is_empty() {
                writeln!(f, "  counts    {}", parts.join(", "))?;
            }
        }
        if let Some(e) = &o.error {
            writeln!(f, "  error     {} (exit {})", e.message, e.exit_code)?;
        }
        if !o.status.is_finished() && !o.sandbox {
            write!(f, "next: vern resume {}", o.id)?;
        }
        Ok(())
    }
}

impl Report for Shown {}

pub async fn run(ctx: &Context, cmd: RunsCommand) -> anyhow::Result<ExitCode> {
    let journal = ctx.journal();
    match cmd {
        RunsCommand::List { limit } => {
            let mut operations = Vec::new();
            let mut unreadable = Vec::new();
            for l in journal.list()? {
                match l {
                    Listed::Ok(op) => operations.push(*op),
                    Listed::Unreadable { path, error } => unreadable.push(Unreadable {
                        path: path.display().to_string(),
                        error,
                    }),
                }
            }
            operations.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
            let total = operations.len();
            operations.truncate(limit);
            Ok(emit(
                &ctx.ui,
                &History {
                    operations,
                    unreadable,
                    total,
                },
            ))
        }
        RunsCommand::Show { id } => {
            let id = journal.resolve(&id)?;
            let op = journal.load(&id)?;
            Ok(emit(&ctx.ui, &Shown { op }))
        }
    }
}

pub async fn resume(ctx: &Context, args: ResumeArgs, ui: &Ui) -> anyhow::Result<ExitCode> {
    let journal = ctx.journal();
    let op = match &args.id {
        Some(prefix) => journal.load(&journal.resolve(prefix)?)?,
        None => {
            let mut ops = journal.all()?;
            ops.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
            ops.into_iter()
                .find(|o| !o.status.is_finished() && !o.sandbox)
                .ok_or_else(|| {
                    UserError::input(format!(
                        "nothing to resume: every operation in {} is finished",
                        journal.dir().display()
                    ))
                })?
        }
    };
    if op.status.is_finished() {
        return Err(UserError::input(format!(
            "operation {} is {}; there is nothing to resume",
            op.id, op.status
        ))
        .with_hint("start it again with its command and --new (see `vern runs show`)")
        .into());
    }
    if op.sandbox {
        return Err(UserError::input(format!(
            "operation {} ran against an in-process sandbox (--sandbox), which ended with its process",
            op.id
        ))
        .with_hint("rehearse again with the same command; a rehearsal has nothing to resume")
        .into());
    }
    let mut cli =
        Cli::try_parse_from(std::iter::once("vern".to_string()).chain(op.argv.iter().cloned()))
            .map_err(|e| {
                UserError::input(format!(
                    "the recorded command of operation {} no longer parses: {e}",
                    op.id
                ))
            })?;
    if matches!(cli.command, crate::cli::Command::Resume(_)) {
        return Err(
            UserError::input(format!("operation {} recorded a resume command", op.id)).into(),
        );
    }
    // The same journal and API as the operation, whatever this shell says.
    cli.global.state_dir =
        std::path::absolute(journal.dir()).unwrap_or_else(|_| journal.dir().to_path_buf());
    cli.global.api_url = op.api_url.clone();
    cli.global.json = ctx.global.json;
    if !op.cwd.is_empty() {
        std::env::set_current_dir(&op.cwd).map_err(|e| {
            UserError::input(format!(
                "cannot return to the operation's directory {}: {e}",
                op.cwd
            ))
        })?;
    }
    ui.note(format!(
        "resuming operation {} ({}, at step {}): vern {}",
        op.id,
        op.kind,
        op.step,
        op.argv.join(" ")
    ));
    Box::pin(run_command(cli, ui)).await
}

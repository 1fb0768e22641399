//! `vern jobs apply -f FILE` / `vern jobs export`: jobs as a reviewable JSON file that can live in
//! a repository. `export` prints every job's definition (the camelCase job object, without what
//! vern sets); `apply` checks every job in the file first — nothing changes when one is wrong —
//! then creates the new names and updates the changed ones, keeping their ids and run history.
//! Jobs not in the file are left as they are.

use super::{Now, check_sheets, store};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::exit::UserError;
use crate::jobs::changes;
use crate::jobs::object::JobObject;
use crate::jobs::record::Definition;
use crate::model::job::{Applied, JobFile};
use serde_json::Value;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Declare jobs from a JSON file: {\"jobs\": [job, …]} (what `vern jobs export` \
prints) or a bare array. Each job is the job object of the contract, in camelCase: name, \
description, companyId, destinationConfig {url, ifExists, manifest}, format, sheets, filter, \
mode, keys, schedule, timezone, compress, filenameTemplate, maxRows, catchUp, deadline, \
allowFailures, active; fields vern sets (id, createdAt, lastRunAt, nextRunAt, …) are ignored, \
unknown ones refused. Jobs are matched by name: a new name is created, a changed job updated (a \
new schedule or zone, or active again, restarts its schedule from now), an unchanged one left \
alone. Every job is checked before anything is written. - reads stdin.",
    after_help = "Examples:
  vern jobs export > vern-jobs.json && git add vern-jobs.json
  vern jobs apply -f vern-jobs.json
  vern jobs apply -f - --json < vern-jobs.json"
)]
pub struct ApplyArgs {
    /// The file (- for stdin)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub now: Now,
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Print every job's definition in the file format `vern jobs apply -f` reads \
(camelCase, sorted by name), so jobs can be reviewed and kept in a repository. The document is \
the same with or without --json.",
    after_help = "Examples:\n  vern jobs export > vern-jobs.json"
)]
pub struct ExportArgs {}

pub fn export(ctx: &Context, _args: ExportArgs) -> anyhow::Result<ExitCode> {
    let jobs = store(ctx)
        .list()?
        .into_iter()
        .map(|j| j.definition)
        .collect();
    Ok(ctx.ui.emit(&JobFile { jobs }))
}

pub async fn apply(ctx: &Context, args: ApplyArgs) -> anyhow::Result<ExitCode> {
    let wanted = read(&args.file)?;
    for d in &wanted {
        check_sheets(ctx, d, false)?;
    }
    let store = store(ctx);
    let now = args.now.clock(ctx).now();
    let existing = store.list()?;
    let mut report = Applied {
        created: Vec::new(),
        updated: Vec::new(),
        unchanged: Vec::new(),
        jobs: Vec::new(),
    };
    for d in wanted {
        let name = d.name.clone();
        let job = match existing.iter().find(|j| j.definition.name == name) {
            None => {
                report.created.push(name);
                store.create(d, now)?
            }
            Some(old) if old.definition == d => {
                report.unchanged.push(name);
                old.clone()
            }
            Some(old) => {
                report.updated.push(name);
                let (job, missed) = store.modify(&old.id, |j| Ok(changes::redefine(j, d, now)))?;
                store.record(&job.id, missed)?;
                job
            }
        };
        report.jobs.push(JobObject::new(&job, now));
    }
    Ok(ctx.ui.emit(&report))
}

/// Every job of the file, checked; the first wrong one is a usage error naming it and its field.
fn read(path: &PathBuf) -> anyhow::Result<Vec<Definition>> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| UserError::input(format!("cannot read {}: {e}", path.display())))?
    };
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| UserError::usage(format!("{} is not JSON: {e}", path.display())))?;
    let items = match doc {
        Value::Array(a) => a,
        Value::Object(mut m) => match m.remove("jobs") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(UserError::usage(format!(
                    "{}: expected {{\"jobs\": [...]}} or an array of jobs",
                    path.display()
                ))
                .into());
            }
        },
        _ => {
            return Err(UserError::usage(format!(
                "{}: expected {{\"jobs\": [...]}} or an array of jobs",
                path.display()
            ))
            .into());
        }
    };
    let mut out: Vec<Definition> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let shown = item
            .get("name")
            .and_then(Value::as_str)
            .map(|n| format!("jobs[{i}] ({n})"))
            .unwrap_or_else(|| format!("jobs[{i}]"));
        let d = Definition::from_value(item)
            .and_then(Definition::check)
            .map_err(|e| {
                let field = if e.field.is_empty() || e.message.starts_with(e.field) {
                    String::new()
                } else {
                    format!("{}: ", e.field)
                };
                UserError::usage(format!("{}: {shown}: {field}{}", path.display(), e.message))
                    .with_hint("nothing was changed; fix the file and apply it again")
            })?;
        if out.iter().any(|o| o.name == d.name) {
            return Err(UserError::usage(format!(
                "{}: {shown}: the name {} appears twice",
                path.display(),
                d.name
            ))
            .into());
        }
        out.push(d);
    }
    Ok(out)
}

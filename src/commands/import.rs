//! `vern import`: start an import run from files (uploaded first), from earlier uploads, or from
//! inline rows, and wait for it unless `--no-wait`. Journaled: re-running the same command after a
//! crash continues the same operation and the same run.

use super::{emit, new_idempotency_key, uuid_arg};
use crate::api::Reply;
use crate::api::types::{ImportRun, RunCreated, RunStatus};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{FileStep, OpKind, OpStatus};
use crate::journal::{Begin, OpHandle};
use crate::workflow::runs::ImportView;
use crate::workflow::{files, steps};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Start an import run for a company and wait until it completes, fails or needs a \
decision. Files given as paths are uploaded first; --upload-ref imports earlier uploads; --rows \
sends a small JSON array of row objects inline. Every start carries an idempotency key \
(--idempotency-key, or a generated one) written to the journal before the request, so running the \
same command again after a crash continues the same run instead of starting a second one; --new \
starts over.",
    after_help = "Examples:
  vern import --company $COMPANY examples/companies.csv examples/contacts-dirty.csv
  vern import --company $COMPANY --upload-ref contacts.csv=workbook-files/…/contacts.csv
  echo '[{\"Email\":\"ana@example.com\",\"First Name\":\"Ana\"}]' | vern import --company $COMPANY --rows -
  vern import --company $COMPANY big.csv --no-wait --json

Exit codes: 0 completed, 4 failed, 5 needs attention (see `vern approve`), 7 another import is
running, 124 --timeout passed (the run goes on; `vern poll` picks it up)."
)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["files", "upload_refs", "rows"])))]
pub struct ImportArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Files to upload and import
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Import an earlier upload (repeatable); NAME defaults to the ref's last segment
    #[arg(long = "upload-ref", value_name = "[NAME=]REF")]
    pub upload_refs: Vec<String>,
    /// Inline rows: a JSON array of objects, from FILE or - (stdin)
    #[arg(long, value_name = "FILE|-")]
    pub rows: Option<String>,
    /// Idempotency key for the run (default: a generated one, kept in the journal)
    #[arg(long, value_name = "KEY", value_parser = key_arg)]
    pub idempotency_key: Option<String>,
    /// Return once the run is started instead of waiting for it
    #[arg(long)]
    pub no_wait: bool,
    /// Start a new operation even if an unfinished one matches this command
    #[arg(long)]
    pub new: bool,
}

pub fn key_arg(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > 255 {
        Err("an idempotency key has 1 to 255 characters".into())
    } else {
        Ok(s.to_string())
    }
}

fn upload_ref_arg(s: &str) -> (String, String) {
    match s.split_once('=') {
        Some((name, r)) if !name.is_empty() && !r.is_empty() && !name.contains('/') => {
            (name.to_string(), r.to_string())
        }
        _ => (s.rsplit('/').next().unwrap_or(s).to_string(), s.to_string()),
    }
}

/// A poll body for a run that was only started (`--no-wait`).
pub fn started(created: &RunCreated) -> Reply<ImportRun> {
    let run = ImportRun {
        run_id: Some(created.run_id.clone()),
        status: created.status.clone(),
        progress_message: None,
        report: None,
        needs_attention: None,
        questions: None,
        error: None,
    };
    Reply {
        status: 201,
        raw: serde_json::to_value(&run).unwrap_or_default(),
        value: run,
    }
}

/// Map a refused start to what the user should do.
pub fn start_error(company: &str, e: crate::api::Error) -> anyhow::Error {
    if e.is_status(409) {
        let msg = e.server_message().unwrap_or("conflict").to_string();
        let hint = match e.run_id() {
            Some(run) => {
                format!("follow the run in the way with: vern poll --company {company} {run}")
            }
            None => format!("see what is running with: vern poll --company {company} --active"),
        };
        return UserError::new(
            ExitCode::Conflict,
            format!("the import was not started: {msg}"),
        )
        .with_hint(hint)
        .into();
    }
    e.into()
}

/// The operation status an import view leaves behind.
pub fn op_status(view: &ImportView) -> OpStatus {
    if view.timed_out {
        return OpStatus::TimedOut;
    }
    match view.status {
        RunStatus::Completed => OpStatus::Completed,
        RunStatus::Failed | RunStatus::Canceled => OpStatus::Failed,
        RunStatus::Other(_) => OpStatus::Errored,
        _ => OpStatus::Paused,
    }
}

pub fn absolute(p: &std::path::Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Tell the user what the journal decided (continuing, or replacing an unfinished operation).
pub fn announce(ctx: &Context, op: &OpHandle) {
    if let Some(note) = &op.took_over {
        ctx.ui.log(1, note);
    }
    if let Some(when) = &op.repeat {
        ctx.ui.note(format!(
            "this command already completed as operation {} ({when}) with the same files; showing its outcome (pass --new to run it again)",
            op.id()
        ));
    } else if op.resumed {
        ctx.ui.note(format!(
            "continuing operation {} from step {}",
            op.id(),
            op.op.step
        ));
    }
    if let Some(old) = &op.superseded {
        ctx.ui.note(format!(
            "operation {old} is abandoned; starting over as {}",
            op.id()
        ));
    }
}

pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let company = args.company.clone();
    // Check local input before any request.
    let sources = args
        .files
        .iter()
        .map(|p| {
            files::inspect(p).map(|mut s| {
                s.path = absolute(&s.path);
                s
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rows = args.rows.as_deref().map(files::read_rows).transpose()?;
    let client = ctx.client()?;
    let rows_key = rows
        .as_ref()
        .map(|r| crate::journal::key_of(&serde_json::to_value(r).unwrap_or_default()));
    let mut op = ctx.journal().begin(Begin {
        kind: OpKind::Import,
        key_material: json!({
            "kind": "import",
            "api": ctx.api_url,
            "company": company,
            "files": sources.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
            "upload_refs": args.upload_refs,
            "rows": rows_key,
            "idempotency_key": args.idempotency_key,
        }),
        argv: ctx.argv(),
        api_url: ctx.api_url.clone(),
        sandbox: ctx.is_sandbox(),
        company: Some(company.clone()),
        options: json!({ "no_wait": args.no_wait }),
        new: args.new,
    })?;
    announce(ctx, &op);
    let result: anyhow::Result<ImportView> = async {
        if !sources.is_empty() {
            steps::upload(&mut op, &client, &company, &sources).await?;
        } else if !args.upload_refs.is_empty() && op.op.files.is_empty() {
            op.op.files = args
                .upload_refs
                .iter()
                .map(|s| {
                    let (name, upload_ref) = upload_ref_arg(s);
                    FileStep {
                        path: String::new(),
                        name,
                        upload_ref: Some(upload_ref),
                        ..Default::default()
                    }
                })
                .collect();
            op.save()?;
        }
        let key = args
            .idempotency_key
            .clone()
            .unwrap_or_else(|| new_idempotency_key("import"));
        let (run_id, replayed) = steps::start_import(&mut op, &client, &company, key, rows).await?;
        let mut view = if args.no_wait {
            let r = client.get_import(&company, &run_id).await?;
            ImportView::new(&company, &run_id, &r, false)
        } else {
            steps::wait_import(&mut op, &client, &company, ctx.deadline).await?
        };
        if replayed && !op.resumed {
            view.notes
                .push("the idempotency key matched an existing run; this is that run".into());
        }
        Ok(view)
    }
    .await;
    match result {
        Ok(mut view) => {
            let status = if args.no_wait && !view.status.is_terminal() {
                OpStatus::Paused
            } else {
                op_status(&view)
            };
            op.end(status, view.exit_code())?;
            if let Some(key) = op.op.import.as_ref().map(|i| i.idempotency_key.clone()) {
                view.notes.push(format!("idempotency key {key}"));
            }
            view.notes.push(format!("operation {}", op.id()));
            let code = emit(&ctx.ui, &view);
            op.reported()?;
            Ok(code)
        }
        Err(e) => {
            op.fail(OpStatus::Errored, &e)?;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn upload_refs_take_an_optional_name() {
        let (n, r) = super::upload_ref_arg("contacts.csv=workbook-files/w/abc-contacts.csv");
        assert_eq!(
            (n.as_str(), r.as_str()),
            ("contacts.csv", "workbook-files/w/abc-contacts.csv")
        );
        let (n, _) = super::upload_ref_arg("workbook-files/w/abc-contacts.csv");
        assert_eq!(n, "abc-contacts.csv");
        let (_, r) = super::upload_ref_arg("workbook-files/w/a=b.csv");
        assert_eq!(r, "workbook-files/w/a=b.csv");
    }
}

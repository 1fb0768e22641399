//! `vern import`: start an import run from files (uploaded first), from earlier uploads, or from
//! inline rows, and wait for it unless `--no-wait`.

use super::{emit, new_idempotency_key, uuid_arg};
use crate::api::Reply;
use crate::api::types::{ImportFile, ImportRequest, ImportRun, RunCreated};
use crate::api::wait::Waited;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::workflow::runs::ImportView;
use crate::workflow::{files, transfer};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Start an import run for a company and wait until it completes, fails or needs a \
decision. Files given as paths are uploaded first; --upload-ref imports earlier uploads; --rows \
sends a small JSON array of row objects inline. Every start carries an idempotency key \
(--idempotency-key, or a generated one), so a retried request never creates a second run.",
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
    /// Idempotency key for the run (default: a generated one)
    #[arg(long, value_name = "KEY", value_parser = key_arg)]
    pub idempotency_key: Option<String>,
    /// Return once the run is started instead of waiting for it
    #[arg(long)]
    pub no_wait: bool,
}

pub fn key_arg(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > 255 {
        Err("an idempotency key has 1 to 255 characters".into())
    } else {
        Ok(s.to_string())
    }
}

fn upload_ref_arg(s: &str) -> ImportFile {
    match s.split_once('=') {
        Some((name, r)) if !name.is_empty() && !r.is_empty() && !name.contains('/') => ImportFile {
            name: name.to_string(),
            upload_ref: r.to_string(),
        },
        _ => ImportFile {
            name: s.rsplit('/').next().unwrap_or(s).to_string(),
            upload_ref: s.to_string(),
        },
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

pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let company = args.company.clone();
    // Check local input before any request.
    let sources = args
        .files
        .iter()
        .map(|p| files::inspect(p))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = args.rows.as_deref().map(files::read_rows).transpose()?;
    let client = ctx.client()?;
    let mut req = ImportRequest {
        idempotency_key: Some(
            args.idempotency_key
                .clone()
                .unwrap_or_else(|| new_idempotency_key("import")),
        ),
        ..Default::default()
    };
    if !sources.is_empty() {
        let uploaded = transfer::upload_all(&client, &company, &sources).await?;
        req.files = Some(
            uploaded
                .into_iter()
                .map(|u| ImportFile {
                    name: u.name,
                    upload_ref: u.upload_ref,
                })
                .collect(),
        );
    } else if !args.upload_refs.is_empty() {
        req.files = Some(args.upload_refs.iter().map(|s| upload_ref_arg(s)).collect());
    } else {
        req.rows = rows;
    }
    let created = client
        .create_import(&company, &req)
        .await
        .map_err(|e| start_error(&company, e))?;
    let run_id = created.value.run_id.clone();
    let mut notes = vec![format!(
        "idempotency key {}",
        req.idempotency_key.as_deref().unwrap_or("")
    )];
    if created.status == 200 {
        notes.push("the key matched an existing run; this is that run".into());
    }
    let mut view = if args.no_wait {
        ImportView::new(&company, &run_id, &started(&created.value), false)
    } else {
        match client.wait_import(&company, &run_id, ctx.deadline).await? {
            Waited::Settled(r) => ImportView::new(&company, &run_id, &r, false),
            Waited::TimedOut(r) => ImportView::new(&company, &run_id, &r, true),
        }
    };
    view.notes = notes;
    Ok(emit(&ctx.ui, &view))
}

#[cfg(test)]
mod tests {
    #[test]
    fn upload_refs_take_an_optional_name() {
        let f = super::upload_ref_arg("contacts.csv=workbook-files/w/abc-contacts.csv");
        assert_eq!(
            (f.name.as_str(), f.upload_ref.as_str()),
            ("contacts.csv", "workbook-files/w/abc-contacts.csv")
        );
        let f = super::upload_ref_arg("workbook-files/w/abc-contacts.csv");
        assert_eq!(f.name, "abc-contacts.csv");
        let f = super::upload_ref_arg("workbook-files/w/a=b.csv");
        assert_eq!(f.upload_ref, "workbook-files/w/a=b.csv");
    }
}

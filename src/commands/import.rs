//! `vern import`: start an import run from files (uploaded first), from earlier uploads, or from
//! inline rows, and wait for it unless `--no-wait`. Journaled: re-running the same command after a
//! crash continues the same operation and the same run.

use super::{Journaled, check_inputs, uuid_arg};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::Identity;
use crate::journal::record::{FileStep, OpKind, OpStatus};
use crate::model::import::ImportView;
use crate::workflow::{files, import, new_idempotency_key, upload};
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

/// `[NAME=]REF`: an earlier upload, as the import's file entry.
fn upload_ref_arg(s: &str) -> FileStep {
    let (name, upload_ref) = match s.split_once('=') {
        Some((name, r)) if !name.is_empty() && !r.is_empty() && !name.contains('/') => {
            (name.to_string(), r.to_string())
        }
        _ => (s.rsplit('/').next().unwrap_or(s).to_string(), s.to_string()),
    };
    FileStep {
        name,
        upload_ref: Some(upload_ref),
        ..Default::default()
    }
}

pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<ExitCode> {
    // Local input is checked before any request (the files once the operation is known).
    let rows = args.rows.as_deref().map(files::read_rows).transpose()?;
    let client = ctx.client()?;
    let company = args.company.clone();
    let rows_key = rows
        .as_ref()
        .map(|r| crate::canonical::short_hash(&serde_json::to_value(r).unwrap_or_default(), 32));
    let identity = Identity::Same(json!({
        "company": company,
        "files": files::identity(&args.files),
        "upload_refs": args.upload_refs,
        "rows": rows_key,
        "idempotency_key": args.idempotency_key,
    }));
    let mut op = ctx.begin(
        Journaled::new(OpKind::Import, identity)
            .company(Some(&company))
            .options(json!({ "no_wait": args.no_wait }))
            .starting_over(args.new),
    )?;
    let inputs = check_inputs(&mut op, &args.files)?;
    for copy in inputs.iter().filter_map(files::Input::copy) {
        ctx.ui.note(copy);
    }
    let result = async {
        if !inputs.is_empty() {
            upload::upload(&mut op, &client, &company, &inputs).await?;
        } else if op.op.files.is_empty() && !args.upload_refs.is_empty() {
            op.op.files = args.upload_refs.iter().map(|s| upload_ref_arg(s)).collect();
            op.save()?;
        }
        let key = (args.idempotency_key.clone()).unwrap_or_else(|| new_idempotency_key("import"));
        let (run_id, replayed) = import::start(&mut op, &client, &company, key, rows).await?;
        let mut view = if args.no_wait {
            let r = client.get_import(&company, &run_id).await?;
            ImportView::new(&company, &run_id, &r, false)
        } else {
            import::wait(&mut op, &client, &company, ctx.deadline).await?
        };
        if replayed && !op.resumed {
            view.notes
                .push("the idempotency key matched an existing run; this is that run".into());
        }
        if let Some(i) = &op.op.import {
            view.notes
                .push(format!("idempotency key {}", i.idempotency_key));
        }
        view.notes.push(format!("operation {}", op.id()));
        Ok(view)
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Errored))
}

#[cfg(test)]
mod tests {
    #[test]
    fn upload_refs_take_an_optional_name() {
        let f = super::upload_ref_arg("contacts.csv=workbook-files/w/abc-contacts.csv");
        assert_eq!(
            (f.name.as_str(), f.upload_ref.as_deref()),
            ("contacts.csv", Some("workbook-files/w/abc-contacts.csv"))
        );
        let f = super::upload_ref_arg("workbook-files/w/abc-contacts.csv");
        assert_eq!(f.name, "abc-contacts.csv");
        let f = super::upload_ref_arg("workbook-files/w/a=b.csv");
        assert_eq!(f.upload_ref.as_deref(), Some("workbook-files/w/a=b.csv"));
    }
}

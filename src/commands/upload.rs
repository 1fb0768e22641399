//! `vern upload`: the signed-upload handshake for each file; prints each `upload_ref` for a later
//! `vern import --upload-ref`.

use super::import::{absolute, announce};
use super::{Report, emit, uuid_arg};
use crate::api::upload::Uploaded;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::Begin;
use crate::journal::record::{OpKind, OpStatus};
use crate::ui::render::bytes;
use crate::workflow::{files, steps};
use serde::Serialize;
use serde_json::json;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Upload files through signed URLs: for each file, declare its name, content type \
(from the extension) and size, then PUT the bytes, streamed from disk, with the matching \
Content-Type. The API key is never sent to the storage host. Prints each upload_ref.",
    after_help = "Examples:
  vern upload --company $COMPANY contacts.csv companies.csv
  vern upload --company $COMPANY big.csv --json | jq -r '.uploads[0].upload_ref'"
)]
pub struct UploadArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Files to upload
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Upload again even if an unfinished upload of these files is in the journal
    #[arg(long)]
    pub new: bool,
}

#[derive(Serialize)]
struct Uploads {
    company: String,
    uploads: Vec<Uploaded>,
}

impl fmt::Display for Uploads {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, u) in self.uploads.iter().enumerate() {
            write!(
                f,
                "{}  {}  blake3 {}\n  upload_ref {}",
                u.name,
                bytes(u.size),
                &u.blake3[..16],
                u.upload_ref
            )?;
            if i + 1 < self.uploads.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl Report for Uploads {}

pub async fn run(ctx: &Context, args: UploadArgs) -> anyhow::Result<ExitCode> {
    // Every file is checked before the first request.
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
    let client = ctx.client()?;
    let mut op = ctx.journal().begin(Begin {
        kind: OpKind::Upload,
        key_material: json!({
            "kind": "upload",
            "api": ctx.api_url,
            "company": args.company,
            "files": sources.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
        }),
        argv: ctx.argv(),
        api_url: ctx.api_url.clone(),
        sandbox: ctx.is_sandbox(),
        company: Some(args.company.clone()),
        options: json!({}),
        new: args.new,
    })?;
    announce(ctx, &op);
    if let Err(e) = steps::upload(&mut op, &client, &args.company, &sources).await {
        op.fail(OpStatus::Errored, &e)?;
        return Err(e);
    }
    op.end(OpStatus::Completed, ExitCode::Success)?;
    let uploads = op
        .op
        .files
        .iter()
        .map(|f| Uploaded {
            name: f.name.clone(),
            upload_ref: f.upload_ref.clone().unwrap_or_default(),
            size: f.size.unwrap_or(0),
            blake3: f.blake3.clone().unwrap_or_default(),
            content_type: f.content_type.clone(),
        })
        .collect();
    let code = emit(
        &ctx.ui,
        &Uploads {
            company: args.company,
            uploads,
        },
    );
    op.reported()?;
    Ok(code)
}

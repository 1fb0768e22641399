//! `vern upload`: the signed-upload handshake for each file; prints each `upload_ref` for a later
//! `vern import --upload-ref`.

use super::{Journaled, check_inputs, uuid_arg};
use crate::api::upload::Uploaded;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::journal::Identity;
use crate::journal::record::{OpKind, OpStatus};
use crate::model::transfer::Uploads;
use crate::workflow::{files, upload};
use serde_json::json;
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

pub async fn run(ctx: &Context, args: UploadArgs) -> anyhow::Result<ExitCode> {
    let client = ctx.client()?;
    let identity = Identity::Same(json!({
        "company": args.company,
        "files": files::identity(&args.files),
    }));
    let mut op = ctx.begin(
        Journaled::new(OpKind::Upload, identity)
            .company(Some(&args.company))
            .starting_over(args.new),
    )?;
    // Every file still to upload is checked before the first request.
    let inputs = check_inputs(&mut op, &args.files)?;
    for copy in inputs.iter().filter_map(files::Input::copy) {
        ctx.ui.note(copy);
    }
    let result = async {
        upload::upload(&mut op, &client, &args.company, &inputs).await?;
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
        Ok(Uploads {
            company: args.company.clone(),
            uploads,
        })
    }
    .await;
    ctx.conclude(&mut op, result, Some(OpStatus::Errored))
}

//! `vern upload`: the signed-upload handshake for each file; prints each `upload_ref` for a later
//! `vern import --upload-ref`.

use super::{Report, emit, uuid_arg};
use crate::api::upload::Uploaded;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::ui::render::bytes;
use crate::workflow::{files, transfer};
use serde::Serialize;
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
                "{}  {}  sha256 {}\n  upload_ref {}",
                u.name,
                bytes(u.size),
                &u.sha256[..16],
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
        .map(|p| files::inspect(p))
        .collect::<Result<Vec<_>, _>>()?;
    let client = ctx.client()?;
    let uploads = transfer::upload_all(&client, &args.company, &sources).await?;
    Ok(emit(
        &ctx.ui,
        &Uploads {
            company: args.company,
            uploads,
        },
    ))
}

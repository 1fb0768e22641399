//! The upload step: upload the files not uploaded yet, each once. A file already uploaded must be
//! unchanged (same size and BLAKE3) — the run would not import what is on disk otherwise — or
//! gone, when its uploaded copy serves.

use super::files::Input;
use crate::api::Client;
use crate::exit::UserError;
use crate::journal::record::{FileStep, Phase, Point, Step, mtime_ns};
use crate::journal::{OpHandle, now};
use anyhow::{Context as _, Result};
use std::io::Read;
use std::path::Path;

/// Size and BLAKE3 hash of a file as it is now (read once, in 1 MiB blocks, off the async threads).
pub async fn fingerprint(path: &Path) -> Result<(u64, String)> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || -> Result<(u64, String)> {
        let mut f = std::fs::File::open(&path)?;
        let mut h = blake3::Hasher::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            let r = f.read(&mut buf)?;
            if r == 0 {
                break;
            }
            n += r as u64;
            h.update(&buf[..r]);
        }
        Ok((n, h.finalize().to_hex().to_string()))
    })
    .await?
}

/// Upload the operation's files that are not uploaded yet, each once; see [`Input`] for the ones
/// that are.
pub async fn upload(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    inputs: &[Input],
) -> Result<()> {
    let mut added = false;
    for src in inputs.iter().filter_map(|i| match i {
        Input::Pending(s) => Some(s),
        _ => None,
    }) {
        let path = src.path.display().to_string();
        if !op.op.files.iter().any(|f| f.path == path) {
            op.op.files.push(FileStep {
                path,
                name: src.name.clone(),
                content_type: src.content_type.clone(),
                ..Default::default()
            });
            added = true;
        }
    }
    if added {
        op.save()?;
    }
    op.step(Step::enter(Phase::Upload))?;
    for input in inputs {
        let src = match input {
            Input::Pending(src) => src,
            Input::Uploaded { path, .. } => {
                let shown = path.display().to_string();
                if let Some(recorded) = op.op.files.iter().find(|f| f.path == shown) {
                    check_unchanged(op.id(), path, recorded).await?;
                }
                continue;
            }
            // Gone after its upload: the uploaded copy serves (the command said so).
            Input::Gone(_) => continue,
        };
        let path = src.path.display().to_string();
        let Some(i) = op.op.files.iter().position(|f| f.path == path) else {
            continue;
        };
        if op.op.files[i].upload_ref.is_some() {
            continue;
        }
        let mut current = src.clone();
        let meta = std::fs::metadata(&src.path)
            .with_context(|| format!("cannot read {}", src.path.display()))?;
        current.size = meta.len();
        let up = client.upload(company, &current).await.map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot upload {}", src.path.display()))
        })?;
        let f = &mut op.op.files[i];
        f.size = Some(up.size);
        f.blake3 = Some(up.blake3);
        f.upload_ref = Some(up.upload_ref);
        f.uploaded_at = Some(now());
        f.mtime_ns = mtime_ns(&meta);
        op.op.counts.bytes_uploaded = Some(op.op.files.iter().filter_map(|f| f.size).sum());
        op.step(Step::at(Phase::Upload, Point::File))?;
    }
    Ok(())
}

async fn check_unchanged(op_id: &str, path: &Path, recorded: &FileStep) -> Result<()> {
    let (size, sha) = fingerprint(path)
        .await
        .with_context(|| format!("cannot read {}", path.display()))?;
    if Some(size) == recorded.size && Some(&sha) == recorded.blake3.as_ref() {
        return Ok(());
    }
    Err(UserError::input(format!(
        "{} changed since it was uploaded for operation {op_id} ({} bytes, blake3 {}… then; {size} bytes, blake3 {}… now)",
        path.display(),
        recorded.size.unwrap_or(0),
        recorded.blake3.as_deref().unwrap_or("?").get(..12).unwrap_or("?"),
        &sha[..12]
    ))
    .with_hint("to import the file as it is now, run the same command with --new (it starts a new operation and a new run)")
    .into())
}

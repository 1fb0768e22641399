//! Downloading validated CSV: one sheet to a file (written to a temporary name beside it and
//! renamed only once complete, so a failed download never leaves half a CSV under the real name)
//! or to a stream; and the download step of `migrate`, every sheet into a directory under a
//! predictable name, skipping sheets already saved.

use crate::api::Client;
use crate::api::download::Output;
use crate::exit::UserError;
use crate::journal::OpHandle;
use crate::journal::record::{DownloadFile, DownloadStep, Phase, Point, SheetRef, Step};
use crate::model::transfer::Saved;
use anyhow::Result;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWrite;

/// Where a download goes.
pub enum Target<'a> {
    /// The CSV itself on a stream (`-o -`: stdout).
    Stream(&'a mut (dyn AsyncWrite + Unpin + Send)),
    File(PathBuf),
    /// The server's suggested name, in this directory.
    Suggested(PathBuf),
}

/// Stream a sheet to its target.
pub async fn download(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    target: Target<'_>,
) -> Result<Saved> {
    match target {
        Target::Stream(out) => {
            let info = client
                .download_csv(company, sheet, filter, Output::Stream(out))
                .await?;
            Ok(Saved {
                path: "-".into(),
                info,
            })
        }
        Target::File(path) => download_file(client, company, sheet, filter, &path, false).await,
        Target::Suggested(dir) => download_file(client, company, sheet, filter, &dir, true).await,
    }
}

async fn download_file(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    path: &Path,
    suggested: bool,
) -> Result<Saved> {
    let dir = if suggested {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    if !dir.is_dir() {
        return Err(UserError::input(format!(
            "cannot write into {}: no such directory",
            dir.display()
        ))
        .into());
    }
    let tmp = tempfile::Builder::new()
        .prefix(".vern-download-")
        .suffix(".partial")
        .tempfile_in(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create a file in {}: {e}", dir.display()))?;
    let (file, tmp_path) = tmp.into_parts();
    let info = client
        .download_csv(company, sheet, filter, Output::File(&file))
        .await?;
    // On disk before it gets its name: a crash never leaves a short file under the real name.
    tokio::task::spawn_blocking(move || file.sync_all()).await??;
    let final_path = if suggested {
        dir.join(
            info.filename
                .clone()
                .unwrap_or_else(|| format!("{sheet}.csv")),
        )
    } else {
        path.to_path_buf()
    };
    tmp_path
        .persist(&final_path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", final_path.display(), e.error))?;
    Ok(Saved {
        path: final_path.display().to_string(),
        info,
    })
}

/// Download each sheet (atomically) into `dir` as `<sheet name>.csv`; sheets already saved there
/// are skipped. An operation that downloaded into another directory before (the same migration
/// run again with another `--download`) downloads again into this one; the earlier directory is
/// returned so the caller can say so.
pub async fn into_dir(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    sheets: &[SheetRef],
    dir: &Path,
    filter: &str,
) -> Result<Option<String>> {
    let target = dir.display().to_string();
    let moved_from = op
        .op
        .download
        .as_ref()
        .filter(|d| d.target != target)
        .map(|d| d.target.clone());
    if moved_from.is_some() {
        op.op.download = None;
    }
    if op.op.download.is_none() {
        op.op.download = Some(DownloadStep {
            target,
            filter: filter.to_string(),
            files: Vec::new(),
            done: false,
        });
    }
    op.step(Step::enter(Phase::Download))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        UserError::input(format!(
            "cannot create the download directory {}: {e}",
            dir.display()
        ))
    })?;
    for sheet in sheets {
        let done = op.op.download.as_ref().is_some_and(|d| {
            d.files
                .iter()
                .any(|f| f.sheet_id == sheet.id && Path::new(&f.path).exists())
        });
        if done {
            continue;
        }
        // Predictable names (`contacts.csv`) so CI jobs can pick the files up.
        let name = format!("{}.csv", file_stem(&sheet.name));
        let target = Target::File(dir.join(name));
        let saved = download(client, company, &sheet.id, filter, target).await?;
        if let Some(d) = op.op.download.as_mut() {
            d.files.retain(|f| f.sheet_id != sheet.id);
            d.files.push(DownloadFile {
                sheet_id: sheet.id.clone(),
                sheet_name: sheet.name.clone(),
                path: saved.path.clone(),
                bytes: saved.info.bytes,
                records: saved.info.records,
            });
        }
        op.step(Step::at(Phase::Download, Point::File))?;
    }
    if let Some(d) = op.op.download.as_mut() {
        d.done = true;
        op.op.counts.downloaded = Some(d.files.iter().filter_map(|f| f.records).sum());
        op.op.counts.bytes_downloaded = Some(d.files.iter().map(|f| f.bytes).sum());
    }
    op.step(Step::at(Phase::Download, Point::Done))?;
    Ok(moved_from)
}

/// A sheet name as a file name: lower case, letters and digits, dashes between words.
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "sheet".into() } else { out }
}

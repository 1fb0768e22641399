//! Moving files: upload several files for one company (a few at a time, results in the order
//! given) and download a sheet to a file (atomically) or to stdout.

use crate::api::Client;
use crate::api::download::{Downloaded, Output};
use crate::api::upload::{UploadSource, Uploaded};
use crate::ui::Ui;
use futures_util::{StreamExt, TryStreamExt};
use std::path::{Path, PathBuf};

/// Files uploaded at once: enough to overlap handshakes and PUTs, few enough to keep each fast.
const UPLOAD_CONCURRENCY: usize = 3;

pub async fn upload_all(
    client: &Client,
    company: &str,
    sources: &[UploadSource],
) -> anyhow::Result<Vec<Uploaded>> {
    futures_util::stream::iter(sources.iter().map(|src| async move {
        client.upload(company, src).await.map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot upload {}", src.path.display()))
        })
    }))
    .buffered(UPLOAD_CONCURRENCY)
    .try_collect()
    .await
}

/// Where a download goes.
pub enum Target {
    Stdout,
    File(PathBuf),
    /// The server's suggested name, in this directory.
    Suggested(PathBuf),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    /// `-` for stdout.
    pub path: String,
    #[serde(flatten)]
    pub info: Downloaded,
}

/// Stream a sheet to its target. Files are written to a temporary name beside the target and
/// renamed only once complete, so a failed download never leaves half a CSV under the real name.
pub async fn download(
    client: &Client,
    ui: &Ui,
    company: &str,
    sheet: &str,
    filter: &str,
    target: Target,
) -> anyhow::Result<Saved> {
    match target {
        Target::Stdout => {
            let mut out = ui.stdout_stream();
            let info = client
                .download_csv(company, sheet, filter, Output::Stream(&mut out))
                .await?;
            Ok(Saved {
                path: "-".into(),
                info,
            })
        }
        Target::File(path) => download_file(client, company, sheet, filter, &path, None).await,
        Target::Suggested(dir) => {
            download_file(client, company, sheet, filter, &dir, Some(sheet)).await
        }
    }
}

async fn download_file(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    path: &Path,
    suggested_for: Option<&str>,
) -> anyhow::Result<Saved> {
    let dir = match suggested_for {
        Some(_) => path.to_path_buf(),
        None => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    if !dir.is_dir() {
        return Err(crate::exit::UserError::input(format!(
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
    let final_path = match suggested_for {
        Some(sheet) => dir.join(
            info.filename
                .clone()
                .unwrap_or_else(|| format!("{}.csv", sheet)),
        ),
        None => path.to_path_buf(),
    };
    tmp_path
        .persist(&final_path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", final_path.display(), e.error))?;
    Ok(Saved {
        path: final_path.display().to_string(),
        info,
    })
}

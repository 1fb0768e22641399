//! Downloading validated CSV: one sheet to a path the user named (through [`crate::output`]:
//! atomically, or through a device or FIFO), into a directory under the name the server suggests
//! (never over an existing file without `--force`), or to a stream; and the download step of
//! `migrate`, every sheet into a directory under a predictable name, skipping sheets already
//! saved. Every reply is checked before it is kept (a CSV with a template's header), and no
//! download is ever written over an input file of the same operation.

use crate::api::Client;
use crate::api::download::{Expect, Output};
use crate::api::types::Template;
use crate::exit::UserError;
use crate::journal::OpHandle;
use crate::journal::record::{DownloadFile, DownloadStep, Phase, Point, SheetRef, Step};
use crate::model::transfer::Saved;
use crate::output;
use anyhow::Result;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWrite;

/// Where a download goes.
pub enum Target<'a> {
    /// The CSV itself on a stream (`-o -`: stdout).
    Stream(&'a mut (dyn AsyncWrite + Unpin + Send)),
    /// A path the user named.
    File(PathBuf),
    /// The server's suggested name, in this directory; an existing file is replaced only with
    /// `force`.
    Suggested { dir: PathBuf, force: bool },
}

/// The account's templates, read at most once per command (`GET /templates`) and only when a
/// step needs them: a download's expected header, the names `migrate --download` will write.
#[derive(Default)]
pub struct Templates(tokio::sync::OnceCell<Vec<Template>>);

impl Templates {
    pub async fn get(&self, client: &Client) -> Result<&[Template], crate::api::Error> {
        self.0
            .get_or_try_init(|| client.list_templates())
            .await
            .map(Vec::as_slice)
    }
}

/// What every download of an operation is held to.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    /// The headers the CSV may start with (see [`headers`]); empty: any.
    pub headers: Vec<(String, Vec<String>)>,
    /// The operation's input files, which a download must never replace.
    pub inputs: Vec<PathBuf>,
}

/// The headers a download may start with: each template's name and column names (templates
/// listed without columns say nothing, and are left out).
pub fn headers(templates: &[Template]) -> Vec<(String, Vec<String>)> {
    templates
        .iter()
        .filter(|t| !t.columns.is_empty())
        .map(|t| {
            let columns = t.columns.iter().map(|c| c.name.clone()).collect();
            (t.name.clone(), columns)
        })
        .collect()
}

/// Stream a sheet to its target, held to `checks`.
pub async fn download(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    target: Target<'_>,
    checks: &Checks,
) -> Result<Saved> {
    let inputs = &checks.inputs;
    let expect = Expect {
        headers: checks.headers.clone(),
        named_by_server: matches!(target, Target::Suggested { .. }),
        label: None,
    };
    match target {
        Target::Stream(out) => {
            let info = client
                .download_csv(company, sheet, filter, &expect, Output::Stream(out))
                .await?;
            Ok(Saved {
                path: "-".into(),
                on_stdout: true,
                info,
            })
        }
        Target::File(path) => to_file(client, company, sheet, filter, &path, &expect, inputs).await,
        Target::Suggested { dir, force } => {
            let pending = output::create_in(&dir)?;
            let info = client
                .download_csv(
                    company,
                    sheet,
                    filter,
                    &expect,
                    Output::File(pending.file()),
                )
                .await
                .map_err(|e| {
                    anyhow::Error::new(e)
                        .context(format!("the download into {} was not saved", dir.display()))
                })?;
            let name = info
                .filename
                .clone()
                .unwrap_or_else(|| format!("{sheet}.csv"));
            let path = dir.join(&name);
            // Only reachable with --force: without it the no-clobber rename refuses anyway.
            if let Some(input) = output::overwrites(&path, inputs) {
                return Err(over_input(&path, input).into());
            }
            tokio::task::spawn_blocking(move || pending.commit_named(&name, force)).await??;
            Ok(Saved {
                path: path.display().to_string(),
                on_stdout: false,
                info,
            })
        }
    }
}

/// A path the user named, written as `output` says: the transfer goes into a temporary file that
/// is synced and renamed when the reply proved good, or straight through a device or FIFO.
async fn to_file(
    client: &Client,
    company: &str,
    sheet: &str,
    filter: &str,
    path: &Path,
    expect: &Expect,
    inputs: &[PathBuf],
) -> Result<Saved> {
    // The second line of defence: `migrate` refused this before anything was sent, unless the
    // directory changed since.
    if let Some(input) = output::overwrites(path, inputs) {
        return Err(over_input(path, input).into());
    }
    let owned = path.to_path_buf();
    // Opening a FIFO waits for its reader.
    let pending = tokio::task::spawn_blocking(move || output::create(&owned)).await??;
    let through = pending.is_through();
    let result = if through {
        let mut out = tokio::fs::File::from_std(pending.file().try_clone()?);
        client
            .download_csv(company, sheet, filter, expect, Output::Stream(&mut out))
            .await
    } else {
        client
            .download_csv(company, sheet, filter, expect, Output::File(pending.file()))
            .await
    };
    let info = result.map_err(|e| {
        let shown = path.display();
        let what = if through {
            format!("the download into {shown} failed")
        } else if std::fs::symlink_metadata(path).is_ok() {
            format!("the download was not saved: the old {shown} is kept")
        } else {
            format!("the download was not saved: no {shown} was written")
        };
        anyhow::Error::new(e).context(what)
    })?;
    let on_stdout = pending.is_stdout();
    tokio::task::spawn_blocking(move || pending.commit()).await??;
    Ok(Saved {
        path: path.display().to_string(),
        on_stdout,
        info,
    })
}

/// A download that would land on an input file of its own operation.
fn over_input(target: &Path, input: &Path) -> UserError {
    UserError::usage(format!(
        "the download {} would overwrite {}, an input file of this operation; nothing was written",
        target.display(),
        input.display()
    ))
    .with_hint("download into another directory, e.g. --download out/")
}

/// Before anything is sent: `migrate --download DIR` writes `DIR/<sheet>.csv` for the sheets of
/// `templates`; none of those may be an input file of the operation, or something vern must
/// not write over (a directory, a device it cannot replace).
pub fn check_dir(dir: &Path, templates: &[Template], inputs: &[PathBuf]) -> Result<(), UserError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        // Created when the step comes: nothing in it can be an input yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Ok(_) => {
            return Err(UserError::usage(format!(
                "--download {}: not a directory",
                dir.display()
            )));
        }
        Err(e) => {
            return Err(UserError::input(format!(
                "--download {}: {e}",
                dir.display()
            )));
        }
    }
    for t in templates {
        let target = dir.join(format!("{}.csv", file_stem(&t.name)));
        output::classify(&target)?;
        if let Some(input) = output::overwrites(&target, inputs) {
            return Err(UserError::usage(format!(
                "--download {} would write {} over {}, an input file of this migration; nothing was sent",
                dir.display(),
                target.display(),
                input.display()
            ))
            .with_hint("download into another directory, e.g. --download out/"));
        }
    }
    Ok(())
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
    checks: &Checks,
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
        let saved = download(client, company, &sheet.id, filter, target, checks).await?;
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

/// Record a single download (`vern download`) in its operation.
pub fn record(op: &mut OpHandle, sheet: &SheetRef, filter: &str, saved: &Saved) {
    op.op.download = Some(DownloadStep {
        target: saved.path.clone(),
        filter: filter.to_string(),
        files: vec![DownloadFile {
            sheet_id: sheet.id.clone(),
            sheet_name: sheet.name.clone(),
            path: saved.path.clone(),
            bytes: saved.info.bytes,
            records: saved.info.records,
        }],
        done: true,
    });
    op.op.counts.downloaded = saved.info.records;
    op.op.counts.bytes_downloaded = Some(saved.info.bytes);
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

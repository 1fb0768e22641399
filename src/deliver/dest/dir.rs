//! A local directory as a destination. A file is written to `.NAME.vern-RUN.part` beside its
//! final name — a name derived from the run, so a resumed run knows what a killed one left — then
//! synced and moved into place: renamed for `overwrite`, hard-linked for `fail`/`skip` (a link
//! never replaces an existing name, so no other writer can slip in between a check and the
//! commit). The directory is synced after, so the name survives a crash too.

use super::{DestError, FileMeta, IfExists, Pending};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Dir {
    root: PathBuf,
}

impl Dir {
    /// The directory (created when missing, as the contract says).
    pub fn open(root: &Path) -> Result<Dir, DestError> {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(DestError::Failed(format!(
                    "{} is not a directory",
                    root.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(root).map_err(|e| io("create", root, e))?;
            }
            Err(e) => return Err(io("open", root, e)),
        }
        // Locations in reports and the manifest's path are absolute: they outlive the cwd.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        Ok(Dir { root })
    }

    pub fn location(&self, name: &str) -> String {
        self.root.join(name).display().to_string()
    }

    pub fn size(&self, name: &str) -> Result<Option<u64>, DestError> {
        let path = self.root.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io("look at", &path, e)),
        }
    }

    fn part_path(&self, name: &str, run: &str) -> PathBuf {
        let path = self.root.join(name);
        let base = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        path.with_file_name(format!(".{base}.vern-{run}.part"))
    }

    pub fn begin(&self, name: &str, _meta: FileMeta, run: &str) -> Result<Writer, DestError> {
        let final_path = self.root.join(name);
        if let Some(parent) = final_path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
        }
        let part = self.part_path(name, run);
        let file = create(&part).map_err(|e| io("write", &part, e))?;
        Ok(Writer {
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            part,
            final_path,
        })
    }

    pub fn clean(&self, _name: &str, pending: &Pending) -> Result<(), DestError> {
        if let Pending::Temp { path } = pending {
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("remove", Path::new(path), e)),
            }
        }
        Ok(())
    }
}

/// Created with the mode the umask gives (like `cp`): a delivery directory is often read by
/// another account (the system that watches it), so who may read is the directory's business.
fn create(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// A local failure in words. Permission denied is not a credentials problem (exit 3) but the
/// directory's: a plain failure, like a full disk.
fn io(what: &str, path: &Path, e: std::io::Error) -> DestError {
    DestError::Failed(format!("cannot {what} {}: {e}", path.display()))
}

pub struct Writer {
    file: std::io::BufWriter<File>,
    part: PathBuf,
    final_path: PathBuf,
}

impl Writer {
    pub fn pending(&self) -> Pending {
        Pending::Temp {
            path: self.part.display().to_string(),
        }
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), DestError> {
        self.file
            .write_all(bytes)
            .map_err(|e| io("write", &self.part, e))
    }

    pub async fn commit(self, if_exists: IfExists) -> Result<(), DestError> {
        let Writer {
            file,
            part,
            final_path,
        } = self;
        let result = tokio::task::spawn_blocking(move || -> Result<(), DestError> {
            // The last buffered bytes (a full disk may refuse them), then on disk before it gets
            // its name: a crash never leaves a short file under it. A failure leaves nothing.
            let synced = file
                .into_inner()
                .map_err(|e| io("write", &part, e.into_error()))
                .and_then(|f| f.sync_all().map_err(|e| io("sync", &part, e)));
            if let Err(e) = synced {
                let _ = std::fs::remove_file(&part);
                return Err(e);
            }
            let placed = match if_exists {
                IfExists::Overwrite => std::fs::rename(&part, &final_path),
                IfExists::Fail | IfExists::Skip => std::fs::hard_link(&part, &final_path)
                    .and_then(|()| std::fs::remove_file(&part)),
            };
            if let Err(e) = placed {
                let _ = std::fs::remove_file(&part);
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    return Err(DestError::Exists(format!(
                        "{} already exists",
                        final_path.display()
                    )));
                }
                return Err(io("place", &final_path, e));
            }
            if let Some(parent) = final_path.parent()
                && let Ok(d) = File::open(parent)
            {
                let _ = d.sync_all();
            }
            Ok(())
        })
        .await;
        result.unwrap_or_else(|e| Err(DestError::Failed(format!("the commit stopped: {e}"))))
    }

    pub fn abort(self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: FileMeta = FileMeta {
        content_type: "text/csv",
        content_encoding: None,
    };

    #[tokio::test]
    async fn a_file_appears_only_when_committed_and_never_clobbers_with_fail() {
        let tmp = tempfile::tempdir().unwrap();
        let d = Dir::open(&tmp.path().join("out")).unwrap();
        let mut w = d.begin("sub/a.csv", META, "r1").unwrap();
        w.write(b"x,y\n1,2\n").unwrap();
        assert_eq!(
            d.size("sub/a.csv").unwrap(),
            None,
            "not visible before the commit"
        );
        let Pending::Temp { path } = w.pending() else {
            panic!()
        };
        assert!(Path::new(&path).exists());
        w.commit(IfExists::Fail).await.unwrap();
        assert_eq!(d.size("sub/a.csv").unwrap(), Some(8));
        assert!(!Path::new(&path).exists(), "no temp file left");
        let mut again = d.begin("sub/a.csv", META, "r2").unwrap();
        again.write(b"other\n").unwrap();
        assert!(matches!(
            again.commit(IfExists::Fail).await,
            Err(DestError::Exists(_))
        ));
        let text = std::fs::read_to_string(tmp.path().join("out/sub/a.csv")).unwrap();
        assert_eq!(text, "x,y\n1,2\n", "the existing file is untouched");
        let mut over = d.begin("sub/a.csv", META, "r3").unwrap();
        over.write(b"new\n").unwrap();
        over.commit(IfExists::Overwrite).await.unwrap();
        assert_eq!(d.size("sub/a.csv").unwrap(), Some(4));
        let leftovers = std::fs::read_dir(tmp.path().join("out/sub"))
            .unwrap()
            .count();
        assert_eq!(leftovers, 1);
    }

    #[tokio::test]
    async fn a_killed_files_part_is_cleaned_on_resume() {
        let tmp = tempfile::tempdir().unwrap();
        let d = Dir::open(tmp.path()).unwrap();
        let mut w = d.begin("a.csv", META, "r1").unwrap();
        w.write(b"half").unwrap();
        let pending = w.pending();
        std::mem::forget(w);
        d.clean("a.csv", &pending).unwrap();
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}

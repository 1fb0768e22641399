//! The one way vern writes a file a user named: `vern download -o`, `migrate --download DIR`,
//! `export --report FILE` and `vern deliver` to a directory. What is at the path
//! now decides how, so that vern never destroys what it finds there:
//!
//! | at the path (`symlink_metadata`)         | vern                                          |
//! |------------------------------------------|-----------------------------------------------|
//! | nothing, or a regular file               | a temporary file beside it, synced, renamed   |
//! | a symlink to a regular file (or nothing) | the same onto its final target; link kept     |
//! | a character device or FIFO (or a link)   | written through: no temporary file, no rename |
//! | `/dev/stdout`, `/dev/fd/N` (into /proc)  | written through; a file behind it is appended |
//! | a directory, block device or socket      | refused, before anything is sent              |
//!
//! Written through means opened for writing as it is — never created, truncated or renamed — so
//! `/dev/null` stays a device, a FIFO stays a FIFO, and a shell's `>>` behind `/dev/stdout` stays
//! an append.
//!
//! A failed or refused write never leaves a partial file under the final name and never removes
//! the old file: the old one is untouched until the rename, and the temporary file goes when the
//! write is dropped. A file the rename replaces keeps its permissions (and, where vern may, its
//! owner).
//!
//! A name the server chose (`Content-Disposition`) is used only when it is a plain file name
//! ([`plain_name`]), only as a new or regular file, and it never replaces an existing file unless
//! the user said so: the rename is a no-clobber rename, so no other writer can slip in between a
//! check and the rename.
//!
//! No terminal code here: the callers turn outcomes into reports.

use crate::exit::UserError;
use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// Symbolic links followed before giving up (the kernel's own limit is 40).
const MAX_HOPS: usize = 40;

/// How a path is written, decided from what is there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A temporary file in `at`'s directory, synced and renamed onto `at`: the path itself, or a
    /// link's final target (so the link stays a link). `exists`: a regular file is replaced.
    Replace { at: PathBuf, exists: bool },
    /// Opened and streamed into: a character device, a FIFO, or what a process's own descriptor
    /// leads to. `append`: a regular file behind `/dev/stdout` is appended to, never overwritten
    /// from its start.
    Through { append: bool },
}

/// Decide how `path` is written; a path vern must not write to is refused with the reason.
pub fn classify(path: &Path) -> Result<Kind, UserError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // `out/` names a directory, which a file cannot be written as.
            if path
                .to_string_lossy()
                .ends_with(['/', std::path::MAIN_SEPARATOR])
            {
                return Err(refuse(path, "no such directory"));
            }
            directory_of(path, path)?;
            Ok(Kind::Replace {
                at: path.to_path_buf(),
                exists: false,
            })
        }
        Err(e) => Err(refuse(path, &e.to_string())),
        Ok(m) if m.file_type().is_symlink() => follow(path),
        Ok(m) => by_type(path, &m, "it is"),
    }
}

/// A kind from the metadata of what is at the end: `it` says what the user's path is ("it is",
/// "it is a link to").
fn by_type(path: &Path, m: &Metadata, it: &str) -> Result<Kind, UserError> {
    let t = m.file_type();
    if t.is_file() {
        return Ok(Kind::Replace {
            at: path.to_path_buf(),
            exists: true,
        });
    }
    if t.is_dir() {
        return Err(refuse(path, &format!("{it} a directory"))
            .with_hint("name a file, e.g. a path inside that directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_fifo() {
            return Ok(Kind::Through { append: false });
        }
        if t.is_block_device() {
            return Err(refuse(
                path,
                &format!("{it} a block device (vern writes files, not disks)"),
            ));
        }
        if t.is_socket() {
            return Err(refuse(path, &format!("{it} a socket")));
        }
    }
    Err(refuse(path, &format!("{it} not a regular file")))
}

/// Follow a symbolic link hop by hop to what it finally names.
fn follow(path: &Path) -> Result<Kind, UserError> {
    let mut hop = path.to_path_buf();
    for _ in 0..MAX_HOPS {
        let dir = parent(&hop);
        // Canonical, so that `/dev/fd/1` (through the `/dev/fd` → `/proc/self/fd` link) is seen
        // for what it is.
        let real_dir = fs::canonicalize(&dir).unwrap_or(dir);
        if real_dir.starts_with("/proc") || hop.starts_with("/proc") {
            return descriptor(path);
        }
        match fs::symlink_metadata(&hop) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&hop).map_err(|e| refuse(path, &e.to_string()))?;
                // An absolute target replaces the directory; a relative one is read from it.
                hop = real_dir.join(target);
            }
            Ok(m) => {
                let kind = by_type(path, &m, "it is a link to").map_err(|e| UserError {
                    message: format!("{} ({})", e.message, hop.display()),
                    ..e
                })?;
                return match kind {
                    Kind::Replace { .. } => Ok(Kind::Replace {
                        at: hop,
                        exists: true,
                    }),
                    through => Ok(through),
                };
            }
            // A link to nothing yet: its target is created (atomically, like any new file).
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                directory_of(&hop, path)?;
                return Ok(Kind::Replace {
                    at: hop,
                    exists: false,
                });
            }
            Err(e) => return Err(refuse(path, &e.to_string())),
        }
    }
    Err(refuse(path, "too many levels of symbolic links"))
}

/// `/dev/stdout` and friends: what the descriptor leads to decides.
fn descriptor(path: &Path) -> Result<Kind, UserError> {
    let m = fs::metadata(path).map_err(|e| refuse(path, &e.to_string()))?;
    if m.file_type().is_file() {
        return Ok(Kind::Through { append: true });
    }
    match by_type(path, &m, "it leads to")? {
        Kind::Replace { .. } => Ok(Kind::Through { append: true }),
        through => Ok(through),
    }
}

fn refuse(path: &Path, why: &str) -> UserError {
    UserError::input(format!("cannot write to {}: {why}", path.display()))
}

/// The directory a path is in ("." for a bare name).
fn parent(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The directory a new file goes into, which must exist.
fn directory_of(path: &Path, shown: &Path) -> Result<PathBuf, UserError> {
    let dir = parent(path);
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => Ok(dir),
        Ok(_) => Err(refuse(
            shown,
            &format!("{} is not a directory", dir.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(refuse(
            shown,
            &format!("no such directory: {}", dir.display()),
        )),
        Err(e) => Err(refuse(shown, &format!("{}: {e}", dir.display()))),
    }
}

/// Whether a name the server suggested is a plain file name vern may create: `Err` says why
/// not. Not empty, not a dotfile (`.bashrc`, `.`, `..`), no path separator or drive colon, no
/// `..`, no control characters, at most 255 bytes.
pub fn plain_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        Err("an empty name")
    } else if name.contains(['/', '\\']) {
        Err("a path, not a file name")
    } else if name.contains("..") {
        Err("a name with '..'")
    } else if name.starts_with('.') {
        Err("a dotfile")
    } else if name.contains(':') {
        Err("a name with a colon")
    } else if name.chars().any(char::is_control) {
        Err("a name with control characters")
    } else if name.len() > 255 {
        Err("a name longer than 255 bytes")
    } else {
        Ok(())
    }
}

/// The canonical form of where the bytes written to `path` end up, when that is a file the
/// operation also reads (so a download is never written over an input). `None`: nothing there
/// yet that could be an input.
fn landing(path: &Path) -> Option<PathBuf> {
    match classify(path).ok()? {
        Kind::Replace { at, .. } => {
            let dir = fs::canonicalize(parent(&at)).ok()?;
            Some(dir.join(at.file_name()?))
        }
        Kind::Through { .. } => fs::canonicalize(path).ok(),
    }
}

/// The first of `inputs` that writing `path` would overwrite (compared as canonical paths).
pub fn overwrites<'a>(path: &Path, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    let landing = landing(path)?;
    inputs
        .iter()
        .find(|i| fs::canonicalize(i).is_ok_and(|c| c == landing))
        .map(PathBuf::as_path)
}

/// A file being written: created by [`create`] or [`create_in`], finished by
/// [`Pending::commit`] (or [`Pending::commit_named`]). Dropped unfinished, it leaves nothing
/// behind: the temporary file is removed and the old file was never touched.
pub struct Pending {
    file: File,
    how: How,
}

enum How {
    /// A temporary file, renamed onto `at` (or, when the server names it, into `dir`).
    Temp {
        tmp: TempPath,
        at: Option<PathBuf>,
        dir: PathBuf,
    },
    Through {
        path: PathBuf,
    },
}

/// Start writing `path`, as [`classify`] says. Opening a FIFO waits for its reader, so call this
/// off the async thread.
pub fn create(path: &Path) -> Result<Pending, UserError> {
    match classify(path)? {
        Kind::Replace { at, exists } => {
            let dir = parent(&at);
            let (file, tmp) = temp_in(&dir, path)?;
            if exists && let Ok(old) = fs::metadata(&at) {
                keep_owner_and_mode(&file, &old);
            }
            Ok(Pending {
                file,
                how: How::Temp {
                    tmp,
                    at: Some(at),
                    dir,
                },
            })
        }
        Kind::Through { append } => {
            // Never created, never truncated: a device or FIFO takes the bytes as they come.
            let file = fs::OpenOptions::new()
                .write(true)
                .append(append)
                .open(path)
                .map_err(|e| refuse(path, &e.to_string()))?;
            // Between the look and the open a regular file may have taken the FIFO's place;
            // writing into it directly would leave half a file on failure.
            if !append && file.metadata().is_ok_and(|m| m.is_file()) {
                return Err(refuse(
                    path,
                    "it changed into a regular file while vern opened it",
                ));
            }
            Ok(Pending {
                file,
                how: How::Through {
                    path: path.to_path_buf(),
                },
            })
        }
    }
}

/// Start writing a file in `dir` whose name is known only later (the server suggests it).
pub fn create_in(dir: &Path) -> Result<Pending, UserError> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(refuse(dir, "it is not a directory")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(refuse(dir, "no such directory"));
        }
        Err(e) => return Err(refuse(dir, &e.to_string())),
    }
    let (file, tmp) = temp_in(dir, dir)?;
    Ok(Pending {
        file,
        how: How::Temp {
            tmp,
            at: None,
            dir: dir.to_path_buf(),
        },
    })
}

fn temp_in(dir: &Path, shown: &Path) -> Result<(File, TempPath), UserError> {
    tempfile::Builder::new()
        .prefix(".vern-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map(|t| t.into_parts())
        .map_err(|e| {
            refuse(
                shown,
                &format!("cannot create a file in {}: {e}", dir.display()),
            )
        })
}

/// The replacement looks like the file it replaces: same permissions, and the same owner when
/// vern may set it (root replacing a user's file). Best effort: the data matters more.
fn keep_owner_and_mode(file: &File, old: &Metadata) {
    let _ = file.set_permissions(old.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
}

impl Pending {
    /// Where to write the bytes.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Written through (a device, a FIFO): what is written cannot be taken back, so a transfer
    /// that breaks off cannot start over.
    pub fn is_through(&self) -> bool {
        matches!(self.how, How::Through { .. })
    }

    /// Whether the bytes go to this process's own stdout under another name (`/dev/stdout`,
    /// `/dev/fd/1`, the terminal's device): whoever prints a summary must then use stderr.
    pub fn is_stdout(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            use std::os::unix::fs::MetadataExt;
            let How::Through { .. } = self.how else {
                return false;
            };
            let out = io::stdout()
                .as_fd()
                .try_clone_to_owned()
                .map(File::from)
                .and_then(|f| f.metadata());
            match (self.file.metadata(), out) {
                (Ok(ours), Ok(out)) => ours.dev() == out.dev() && ours.ino() == out.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        false
    }

    /// Put the file in place: sync it and rename it onto its path (a file written through only
    /// needs its bytes flushed, which writing did). Returns where it went.
    pub fn commit(self) -> Result<PathBuf, UserError> {
        match self.how {
            How::Through { path } => Ok(path),
            How::Temp { tmp, at, dir } => {
                let Some(at) = at else {
                    return Err(UserError::input(format!(
                        "cannot write into {}: no file name was given",
                        dir.display()
                    )));
                };
                // On disk before it gets its name: a crash never leaves a short file there.
                self.file
                    .sync_all()
                    .map_err(|e| refuse(&at, &e.to_string()))?;
                tmp.persist(&at)
                    .map_err(|e| refuse(&at, &e.error.to_string()))?;
                Ok(at)
            }
        }
    }

    /// Put a file the server named in place as `name` in its directory: only a plain name
    /// ([`plain_name`]), only as a new file — or, with `force`, over a regular file.
    pub fn commit_named(self, name: &str, force: bool) -> Result<PathBuf, UserError> {
        let How::Temp { tmp, dir, .. } = self.how else {
            return Err(UserError::input(format!(
                "cannot name {name}: the output is not a directory"
            )));
        };
        if let Err(why) = plain_name(name) {
            return Err(UserError::input(format!(
                "the server suggested the file name \"{}\" ({why}); vern does not use it",
                name.escape_debug()
            ))
            .with_hint("name the file yourself with -o FILE"));
        }
        let at = dir.join(name);
        self.file
            .sync_all()
            .map_err(|e| refuse(&at, &e.to_string()))?;
        let replace = force
            && match fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_file() => true,
                Ok(m) => {
                    let what = if m.file_type().is_symlink() {
                        "a symbolic link"
                    } else if m.is_dir() {
                        "a directory"
                    } else {
                        "not a regular file"
                    };
                    return Err(refuse(
                        &at,
                        &format!(
                            "it is {what}, and a name the server chose is only written as a new or regular file"
                        ),
                    ));
                }
                Err(_) => false,
            };
        let result = if replace {
            tmp.persist(&at)
        } else {
            // No-clobber: fails if anything got there first, however late.
            tmp.persist_noclobber(&at)
        };
        match result {
            Ok(()) => Ok(at),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                Err(UserError::input(format!(
                    "{} already exists, and its name came from the server; vern does not replace it",
                    at.display()
                ))
                .with_hint("pass --force to replace it, or name the file with -o FILE"))
            }
            Err(e) => Err(refuse(&at, &e.error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_only() {
        assert!(plain_name("northwind-contacts.csv").is_ok());
        for bad in [
            "",
            ".bashrc",
            ".",
            "..",
            "a/b.csv",
            "..\\x",
            "a..b",
            "c:x",
            "a\u{1b}]0;x\u{7}.csv",
            "a\nb",
        ] {
            assert!(plain_name(bad).is_err(), "{bad:?}");
        }
        assert!(plain_name(&"a".repeat(256)).is_err());
    }

    #[test]
    fn paths_are_classified_by_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        assert_eq!(
            classify(&new).unwrap(),
            Kind::Replace {
                at: new.clone(),
                exists: false
            }
        );
        fs::write(&new, "a\n").unwrap();
        assert_eq!(
            classify(&new).unwrap(),
            Kind::Replace {
                at: new.clone(),
                exists: true
            }
        );
        let e = classify(dir.path()).unwrap_err();
        assert!(e.message.contains("is a directory"), "{}", e.message);
        let e = classify(&dir.path().join("no/such.csv")).unwrap_err();
        assert!(e.message.contains("no such directory"), "{}", e.message);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink("new.csv", &link).unwrap();
            let real = fs::canonicalize(&new).unwrap();
            assert_eq!(
                classify(&link).unwrap(),
                Kind::Replace {
                    at: real,
                    exists: true
                }
            );
            let to_dir = dir.path().join("to-dir");
            std::os::unix::fs::symlink(dir.path(), &to_dir).unwrap();
            let e = classify(&to_dir).unwrap_err();
            assert!(
                e.message.contains("to-dir: it is a link to a directory"),
                "{}",
                e.message
            );
            assert_eq!(
                classify(Path::new("/dev/null")).unwrap(),
                Kind::Through { append: false }
            );
            let dangling = dir.path().join("dangling.csv");
            std::os::unix::fs::symlink("later.csv", &dangling).unwrap();
            assert!(matches!(
                classify(&dangling).unwrap(),
                Kind::Replace { at, exists: false } if at.ends_with("later.csv")
            ));
        }
    }

    #[test]
    #[cfg(unix)]
    fn inputs_are_recognised_through_links_and_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("contacts.csv");
        fs::write(&input, "a\n").unwrap();
        let inputs = vec![input.clone()];
        assert_eq!(overwrites(&input, &inputs), Some(input.as_path()));
        let via = dir.path().join("sub/../contacts.csv");
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(overwrites(&via, &inputs), Some(input.as_path()));
        let link = dir.path().join("sub/link.csv");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        assert_eq!(overwrites(&link, &inputs), Some(input.as_path()));
        assert_eq!(overwrites(&dir.path().join("other.csv"), &inputs), None);
    }

    #[test]
    fn a_dropped_write_leaves_the_old_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.csv");
        fs::write(&path, "old\n").unwrap();
        let p = create(&path).unwrap();
        p.file().write_all(b"new\n").unwrap();
        drop(p);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
        let p = create(&path).unwrap();
        p.file().write_all(b"new\n").unwrap();
        assert_eq!(p.commit().unwrap(), path);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn server_names_never_clobber_without_force() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.csv"), "old\n").unwrap();
        let p = create_in(dir.path()).unwrap();
        p.file().write_all(b"new\n").unwrap();
        let e = p.commit_named("a.csv", false).unwrap_err();
        assert!(e.message.contains("already exists"), "{}", e.message);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "old\n"
        );
        let p = create_in(dir.path()).unwrap();
        p.file().write_all(b"new\n").unwrap();
        let e = p.commit_named(".bashrc", true).unwrap_err();
        assert!(e.message.contains("dotfile"), "{}", e.message);
        let p = create_in(dir.path()).unwrap();
        p.file().write_all(b"new\n").unwrap();
        p.commit_named("a.csv", true).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "new\n"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
    }
}

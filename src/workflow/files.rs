//! Checking local inputs before anything is sent: files to upload (exist, are files, are
//! readable, are not empty, have a type vern can declare) — those an operation has not uploaded
//! yet, since one it has uploaded is no longer needed on disk — `--rows` JSON, a `--connection`
//! file, and ids.

use crate::api::upload::{UploadSource, content_type_for};
use crate::exit::UserError;
use crate::journal::record::FileStep;
use crate::model::transfer::UploadedCopy;
use serde_json::{Map, Value};
use std::io::Read;
use std::path::{Path, PathBuf};

/// An id: a UUID, normalized to lower-case hyphenated form (also clap's value parser for ids).
pub fn uuid(s: &str) -> Result<String, String> {
    uuid::Uuid::parse_str(s.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| {
            format!("'{s}' is not a UUID (ids look like 0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310)")
        })
}

/// A file as an operation is keyed on it: its absolute path, found without looking at the disk,
/// so that a file deleted after its upload still names the same operation (and the journal and
/// `vern resume` find it from anywhere).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The files of a command as the journal keys operations on them.
pub fn identity(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| absolute(p).display().to_string())
        .collect()
}

/// An input file of an operation, as its upload step will treat it.
#[derive(Debug, Clone)]
pub enum Input {
    /// Not uploaded yet: checked, and uploaded by the upload step (the path is absolute).
    Pending(UploadSource),
    /// Uploaded already and still on disk: the upload step makes sure it has not changed.
    Uploaded { path: PathBuf, size: u64 },
    /// Uploaded already and gone from disk: the uploaded copy serves.
    Gone(UploadedCopy),
}

impl Input {
    /// Its size: as it is on disk, or as it was uploaded.
    pub fn size(&self) -> u64 {
        match self {
            Input::Pending(s) => s.size,
            Input::Uploaded { size, .. } => *size,
            Input::Gone(c) => c.size,
        }
    }

    /// The uploaded copy that stands in for a file that is gone.
    pub fn copy(&self) -> Option<&UploadedCopy> {
        match self {
            Input::Gone(c) => Some(c),
            _ => None,
        }
    }
}

/// Check the files of an operation once it is known, before its first request. Files it has not
/// uploaded yet must be there and uploadable. Files it has uploaded are not inspected again: one
/// still on disk is fingerprinted by the upload step (a changed file is refused unless `--new`),
/// and one that is gone is skipped, since nothing after the upload reads it. `recorded` is the
/// operation's journal of files (empty for a new one).
pub fn check_inputs(
    op_id: &str,
    recorded: &[FileStep],
    paths: &[PathBuf],
) -> Result<Vec<Input>, UserError> {
    paths
        .iter()
        .map(|given| {
            let abs = absolute(given);
            let shown = abs.display().to_string();
            let file = recorded.iter().find(|f| f.path == shown);
            if let Some(f) = file.filter(|f| f.upload_ref.is_some()) {
                let size = f.size.unwrap_or(0);
                return Ok(match std::fs::metadata(given) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Input::Gone(UploadedCopy {
                            path: shown,
                            size,
                            uploaded_at: f.uploaded_at.clone(),
                        })
                    }
                    _ => Input::Uploaded { path: abs, size },
                });
            }
            let mut src = inspect(given).map_err(|e| match file {
                // The operation is under way and its upload step has yet to send this file.
                Some(_) if !given.exists() => UserError::input(format!(
                    "{}: no such file, and operation {op_id} has not uploaded it yet: its upload step needs it",
                    given.display()
                ))
                .with_hint(
                    "put the file back and run the same command again; to go on without it, run the command with the other files (a new operation)",
                ),
                _ => e,
            })?;
            src.path = abs;
            Ok(Input::Pending(src))
        })
        .collect()
}

/// Read a `--connection FILE`: a JSON object, nested (`destination`) or flat.
pub fn read_connection(path: &Path) -> Result<Value, UserError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError::input(format!("--connection {}: {e}", path.display())))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        UserError::input(format!(
            "--connection {}: not valid JSON: {e}",
            path.display()
        ))
    })?;
    let inner = v.get("destination").unwrap_or(&v);
    if !inner.get("base_url").is_some_and(Value::is_string) {
        return Err(UserError::input(format!(
            "--connection {}: expected {{\"destination\": {{\"base_url\": \"https://…\", \"auth\": {{…}}}}}}",
            path.display()
        )));
    }
    Ok(v)
}

/// Look at a file the user named; every problem is a clear error before any request.
pub fn inspect(path: &Path) -> Result<UploadSource, UserError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => UserError::input(format!("{shown}: no such file")),
        std::io::ErrorKind::PermissionDenied => {
            UserError::input(format!("{shown}: permission denied"))
        }
        _ => UserError::input(format!("{shown}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(UserError::input(format!("{shown} is a directory"))
            .with_hint(format!("pass the files inside it, e.g. {}/*.csv", shown)));
    }
    if !meta.is_file() {
        return Err(UserError::input(format!("{shown} is not a regular file")));
    }
    if meta.len() == 0 {
        return Err(UserError::input(format!("{shown} is empty (0 bytes)")));
    }
    std::fs::File::open(path).map_err(|e| UserError::input(format!("cannot read {shown}: {e}")))?;
    let Some(content_type) = content_type_for(path) else {
        let ext = path
            .extension()
            .map(|e| format!("'.{}'", e.to_string_lossy()))
            .unwrap_or_else(|| "no extension".into());
        return Err(UserError::input(format!("{shown}: unknown file type ({ext})")).with_hint(
            "vern uploads .csv, .tsv, .txt, .xlsx, .xls, .ods, .json, .jsonl, .xml, .pdf, .zip, .gz and .parquet files; rename the file with its real extension",
        ));
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    Ok(UploadSource {
        path: path.to_path_buf(),
        name,
        content_type: content_type.to_string(),
        size: meta.len(),
    })
}

/// Read `--rows FILE|-`: a JSON array of row objects (or `{"rows": [...]}`).
pub fn read_rows(arg: &str) -> Result<Vec<Map<String, Value>>, UserError> {
    let (text, source) = if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| UserError::input(format!("cannot read --rows from stdin: {e}")))?;
        (s, "stdin".to_string())
    } else {
        let path = Path::new(arg);
        if path.is_dir() {
            return Err(UserError::input(format!("--rows {arg}: is a directory")));
        }
        let s = std::fs::read_to_string(path).map_err(|e| {
            UserError::input(format!(
                "--rows {arg}: {}",
                if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_string()
                } else {
                    e.to_string()
                }
            ))
        })?;
        (s, arg.to_string())
    };
    parse_rows(&text, &source)
}

pub fn parse_rows(text: &str, source: &str) -> Result<Vec<Map<String, Value>>, UserError> {
    let hint = "--rows takes a JSON array of objects, e.g. [{\"Email\": \"ana@example.com\", \"First Name\": \"Ana\"}]";
    let value: Value = serde_json::from_str(text).map_err(|e| {
        UserError::input(format!(
            "--rows {source}: malformed JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
        .with_hint(hint)
    })?;
    let list = match value {
        Value::Array(a) => a,
        Value::Object(mut o) if o.get("rows").is_some_and(Value::is_array) => {
            match o.remove("rows") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            }
        }
        _ => {
            return Err(UserError::input(format!(
                "--rows {source}: expected a JSON array of objects"
            ))
            .with_hint(hint));
        }
    };
    if list.is_empty() {
        return Err(UserError::input(format!(
            "--rows {source}: the array is empty"
        )));
    }
    list.into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Object(o) => Ok(o),
            other => Err(UserError::input(format!(
                "--rows {source}: element {i} is {}, not an object",
                kind(&other)
            ))
            .with_hint(hint)),
        })
        .collect()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_checked_and_normalized() {
        assert_eq!(
            uuid("0E7B3C1A-5D24-4F8B-9A61-C2D8E4F7A310").unwrap(),
            "0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310"
        );
        assert!(uuid("nw-4471").unwrap_err().contains("is not a UUID"));
    }

    #[test]
    fn rows_must_be_an_array_of_objects() {
        assert_eq!(parse_rows(r#"[{"a":1},{"b":"x"}]"#, "t").unwrap().len(), 2);
        assert_eq!(parse_rows(r#"{"rows":[{"a":1}]}"#, "t").unwrap().len(), 1);
        let e = parse_rows("[{\"a\":1},", "t").unwrap_err();
        assert!(
            e.message.contains("malformed JSON at line 1"),
            "{}",
            e.message
        );
        assert!(parse_rows("[]", "t").unwrap_err().message.contains("empty"));
        assert!(
            parse_rows("[1]", "t")
                .unwrap_err()
                .message
                .contains("element 0 is a number")
        );
        assert!(parse_rows("{\"a\":1}", "t").is_err());
    }

    #[test]
    fn files_are_checked_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.csv");
        assert!(
            inspect(&missing)
                .unwrap_err()
                .message
                .contains("no such file")
        );
        assert!(
            inspect(dir.path())
                .unwrap_err()
                .message
                .contains("is a directory")
        );
        let empty = dir.path().join("empty.csv");
        std::fs::write(&empty, "").unwrap();
        assert!(inspect(&empty).unwrap_err().message.contains("is empty"));
        let odd = dir.path().join("data.xyz");
        std::fs::write(&odd, "x").unwrap();
        assert!(
            inspect(&odd)
                .unwrap_err()
                .message
                .contains("unknown file type ('.xyz')")
        );
        let ok = dir.path().join("c.csv");
        std::fs::write(&ok, "a\n1\n").unwrap();
        let src = inspect(&ok).unwrap();
        assert_eq!(
            (src.name.as_str(), src.size, src.content_type.as_str()),
            ("c.csv", 4, "text/csv")
        );
    }
}

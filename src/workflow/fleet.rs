//! Fleet mode's input: a manifest of migrations (CSV with a header, or JSON lines), one company
//! per row, and the deterministic shard of it that one CI job takes.
//!
//! Columns / keys: `company` (an existing company id) or `name` + `source` (+ `external_id`,
//! `templates`, `connection`) to provision one; `files` (required; `;`-separated in CSV, an array in
//! JSON); and optionally `approve`, `export`, `canary`, `download`, `allow_failures`, which
//! override the command line's. Relative paths are relative to the manifest's directory.

use super::files::uuid;
use crate::exit::UserError;
use crate::model::migrate::{ApproveMode, ExportChoice};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One migration of the manifest, as written (options not given stay `None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// 1-based line (JSON lines) or data row (CSV) number, for messages.
    pub number: usize,
    pub company: Option<String>,
    pub name: Option<String>,
    pub source: Option<String>,
    pub external_id: Option<String>,
    pub templates: Vec<String>,
    pub connection: Option<PathBuf>,
    pub files: Vec<PathBuf>,
    pub approve: Option<ApproveMode>,
    pub export: Option<ExportChoice>,
    pub canary: Option<bool>,
    pub download: Option<PathBuf>,
    pub allow_failures: Option<bool>,
}

impl Row {
    /// A short name for tables and logs.
    pub fn label(&self) -> String {
        self.external_id
            .clone()
            .or_else(|| self.name.clone())
            .or_else(|| self.company.clone())
            .unwrap_or_else(|| format!("row {}", self.number))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    company: Option<String>,
    name: Option<String>,
    source: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    templates: Vec<String>,
    connection: Option<String>,
    #[serde(default)]
    files: Vec<String>,
    approve: Option<ApproveMode>,
    export: Option<ExportChoice>,
    canary: Option<bool>,
    download: Option<String>,
    allow_failures: Option<bool>,
}

fn parse_bool(v: &str, field: &str, n: usize) -> Result<Option<bool>, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "true" | "yes" | "1" => Ok(Some(true)),
        "false" | "no" | "0" => Ok(Some(false)),
        other => Err(format!(
            "row {n}: {field} must be true or false, not '{other}'"
        )),
    }
}

fn parse_enum<T: for<'de> Deserialize<'de>>(
    v: &str,
    field: &str,
    n: usize,
) -> Result<Option<T>, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    serde_json::from_value(Value::String(v.to_string()))
        .map(Some)
        .map_err(|_| format!("row {n}: '{v}' is not a valid {field}"))
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = PathBuf::from(p.trim());
    if p.is_absolute() { p } else { base.join(p) }
}

fn check(row: &Row) -> Result<(), String> {
    let n = row.number;
    if row.files.is_empty() {
        return Err(format!("row {n}: no files"));
    }
    match (&row.company, &row.name, &row.source) {
        (Some(c), None, None) => uuid(c)
            .map(|_| ())
            .map_err(|e| format!("row {n}: company {e}")),
        (None, Some(_), Some(s)) => uuid(s)
            .map(|_| ())
            .map_err(|e| format!("row {n}: source {e}")),
        // A sandbox supplies its seeded source; the fleet command checks that one exists.
        (None, Some(_), None) => Ok(()),
        (Some(_), _, _) => Err(format!(
            "row {n}: give company, or name and source, not both"
        )),
        _ => Err(format!("row {n}: give company, or name and source")),
    }
}

/// Parse a manifest; every problem is reported with its row before anything is sent.
pub fn parse(path: &Path) -> Result<Vec<Row>, UserError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError::input(format!("--manifest {}: {e}", path.display())))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let json = path
        .extension()
        .is_some_and(|e| matches!(e.to_str(), Some("jsonl" | "ndjson" | "json")))
        || text.trim_start().starts_with('{');
    let rows = if json {
        parse_jsonl(&text, base)
    } else {
        parse_csv(&text, base)
    }
    .map_err(|e| UserError::input(format!("--manifest {}: {e}", path.display())))?;
    if rows.is_empty() {
        return Err(UserError::input(format!(
            "--manifest {}: no rows",
            path.display()
        )));
    }
    for r in &rows {
        check(r).map_err(|e| UserError::input(format!("--manifest {}: {e}", path.display())))?;
    }
    Ok(rows)
}

fn parse_jsonl(text: &str, base: &Path) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let r: JsonRow = serde_json::from_str(line).map_err(|e| format!("line {n}: {e}"))?;
        rows.push(Row {
            number: n,
            company: r.company,
            name: r.name,
            source: r.source,
            external_id: r.external_id,
            templates: r.templates,
            connection: r.connection.map(|c| resolve(base, &c)),
            files: r.files.iter().map(|f| resolve(base, f)).collect(),
            approve: r.approve,
            export: r.export,
            canary: r.canary,
            download: r.download.map(|d| resolve(base, &d)),
            allow_failures: r.allow_failures,
        });
    }
    Ok(rows)
}

fn parse_csv(text: &str, base: &Path) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    const KNOWN: [&str; 13] = [
        "company",
        "name",
        "source",
        "external_id",
        "templates",
        "connection",
        "files",
        "approve",
        "export",
        "canary",
        "download",
        "allow_failures",
        "",
    ];
    for h in headers.iter() {
        if !KNOWN.contains(&h) {
            return Err(format!(
                "unknown column '{h}' (known: {})",
                KNOWN[..12].join(", ")
            ));
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let n = i + 1;
        let rec = rec.map_err(|e| format!("row {n}: {e}"))?;
        let get = |name: &str| {
            col(name)
                .and_then(|c| rec.get(c))
                .map(str::trim)
                .unwrap_or("")
        };
        let opt = |name: &str| Some(get(name).to_string()).filter(|v| !v.is_empty());
        let list = |name: &str| -> Vec<String> {
            get(name)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        rows.push(Row {
            number: n,
            company: opt("company"),
            name: opt("name"),
            source: opt("source"),
            external_id: opt("external_id"),
            templates: list("templates"),
            connection: opt("connection").map(|c| resolve(base, &c)),
            files: list("files").iter().map(|f| resolve(base, f)).collect(),
            approve: parse_enum(
                get("approve"),
                "approve mode (ask, accept, reject, never)",
                n,
            )?,
            export: parse_enum(get("export"), "export choice (none, canary, full)", n)?,
            canary: parse_bool(get("canary"), "canary", n)?,
            download: opt("download").map(|d| resolve(base, &d)),
            allow_failures: parse_bool(get("allow_failures"), "allow_failures", n)?,
        });
    }
    Ok(rows)
}

/// `I/N`: shard I (1-based) of N.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("'{s}' is not I/N (e.g. 2/4)"))?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not I/N (e.g. 2/4)"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not I/N (e.g. 2/4)"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("'{s}': I must be between 1 and N"));
    }
    Ok((i, n))
}

/// The rows shard I of N takes: every N-th row from the I-th, so N jobs split a manifest
/// deterministically and together take every row exactly once.
pub fn shard(rows: Vec<Row>, (i, n): (usize, usize)) -> Vec<Row> {
    rows.into_iter()
        .enumerate()
        .filter(|(k, _)| k % n == i - 1)
        .map(|(_, r)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "5f0c2a9e-1b7d-4c33-9e2a-7d41c0b8e6f1";

    #[test]
    fn csv_manifests_resolve_paths_and_options() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("fleet.csv");
        std::fs::write(
            &m,
            format!(
                "name,source,external_id,files,approve,export,canary\n\
                 Northwind,{SRC},nw-1,a.csv; b.csv,accept,full,false\n\
                 ,,,c.csv,,,\n"
            ),
        )
        .unwrap();
        let err = parse(&m).unwrap_err();
        assert!(
            err.message
                .contains("row 2: give company, or name and source"),
            "{}",
            err.message
        );
        std::fs::write(&m, format!("name,source,external_id,files,approve,export,canary\nNorthwind,{SRC},nw-1,a.csv; b.csv,accept,full,false\n")).unwrap();
        let rows = parse(&m).unwrap();
        assert_eq!(
            rows[0].files,
            vec![dir.path().join("a.csv"), dir.path().join("b.csv")]
        );
        assert_eq!(rows[0].approve, Some(ApproveMode::Accept));
        assert_eq!(rows[0].canary, Some(false));
        assert_eq!(rows[0].label(), "nw-1");
        std::fs::write(&m, "colour,files\nred,a.csv\n").unwrap();
        assert!(
            parse(&m)
                .unwrap_err()
                .message
                .contains("unknown column 'colour'")
        );
        std::fs::write(
            &m,
            format!("name,source,files,approve\nN,{SRC},a.csv,sometimes\n"),
        )
        .unwrap();
        assert!(
            parse(&m)
                .unwrap_err()
                .message
                .contains("'sometimes' is not a valid approve mode")
        );
    }

    #[test]
    fn json_lines_manifests() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("fleet.jsonl");
        std::fs::write(
            &m,
            format!(
                "{{\"company\": \"{SRC}\", \"files\": [\"x.csv\"], \"export\": \"canary\"}}\n\n{{\"name\": \"B\", \"source\": \"{SRC}\", \"files\": [\"/abs/y.csv\"]}}\n"
            ),
        )
        .unwrap();
        let rows = parse(&m).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].export, Some(ExportChoice::Canary));
        assert_eq!(rows[1].number, 3);
        assert_eq!(rows[1].files, vec![PathBuf::from("/abs/y.csv")]);
        std::fs::write(&m, "{\"files\": [\"x\"], \"oops\": 1}\n").unwrap();
        assert!(parse(&m).unwrap_err().message.contains("line 1"));
    }

    #[test]
    fn shards_split_a_fleet_exactly_once() {
        let rows: Vec<Row> = (1..=10)
            .map(|n| Row {
                number: n,
                ..Default::default()
            })
            .collect();
        let mut seen = Vec::new();
        for i in 1..=3 {
            seen.extend(shard(rows.clone(), (i, 3)).into_iter().map(|r| r.number));
        }
        seen.sort();
        assert_eq!(seen, (1..=10).collect::<Vec<_>>());
        assert_eq!(
            shard(rows, (2, 3))
                .iter()
                .map(|r| r.number)
                .collect::<Vec<_>>(),
            vec![2, 5, 8]
        );
        assert!(
            parse_shard("0/3").is_err() && parse_shard("4/3").is_err() && parse_shard("x").is_err()
        );
        assert_eq!(parse_shard("2/4").unwrap(), (2, 4));
    }
}

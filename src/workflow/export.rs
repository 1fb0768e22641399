//! Export steps: build the request, wait for the run, and write every result row to `--report`
//! as CSV or JSON lines (chosen by the file's extension).

use crate::api::types::{ExportMode, ExportRequest, Selection, WriteResult};
use crate::exit::UserError;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

pub fn request(
    mode: ExportMode,
    templates: &[String],
    row_filter: Option<&str>,
    idempotency_key: Option<String>,
) -> Result<ExportRequest, UserError> {
    let filter = match row_filter {
        None => None,
        Some(text) => {
            let v: Value = serde_json::from_str(text).map_err(|e| {
                UserError::usage(format!("--row-filter is not valid JSON: {e}"))
                    .with_hint("e.g. --row-filter '{\"Status\": [\"Open\", \"Pending\"]}'")
            })?;
            if !v.is_object() {
                return Err(UserError::usage("--row-filter must be a JSON object")
                    .with_hint("e.g. --row-filter '{\"Status\": \"Open\"}'"));
            }
            Some(v)
        }
    };
    let selection = (!templates.is_empty() || filter.is_some()).then(|| Selection {
        template_ids: (!templates.is_empty()).then(|| templates.to_vec()),
        row_filter: filter,
    });
    Ok(ExportRequest {
        mode: Some(mode),
        selection,
        idempotency_key,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    JsonLines,
}

pub fn report_format(path: &Path) -> Result<ReportFormat, UserError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(ReportFormat::Csv),
        Some("jsonl" | "ndjson" | "json") => Ok(ReportFormat::JsonLines),
        _ => Err(UserError::usage(format!(
            "--report {}: name the file .csv or .jsonl so vern knows the format",
            path.display()
        ))),
    }
}

/// Write every result row, atomically (a temp file beside the target, renamed when complete).
pub fn write_report(path: &Path, results: &[WriteResult]) -> anyhow::Result<()> {
    let format = report_format(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    {
        let out = std::io::BufWriter::new(tmp.as_file_mut());
        match format {
            ReportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record([
                    "template_id",
                    "path",
                    "status",
                    "ok",
                    "error",
                    "fields_confirmed",
                    "natural_key",
                ])?;
                for r in results {
                    let confirmed = match r.fields_confirmed {
                        Some(true) => "true",
                        Some(false) => "false",
                        None => "",
                    };
                    w.write_record([
                        r.template_id.as_str(),
                        r.path.as_str(),
                        &r.status.to_string(),
                        if r.ok { "true" } else { "false" },
                        r.error.as_deref().unwrap_or(""),
                        confirmed,
                        r.natural_key.as_deref().unwrap_or(""),
                    ])?;
                }
                w.flush()?;
            }
            ReportFormat::JsonLines => {
                let mut out = out;
                for r in results {
                    serde_json::to_writer(&mut out, r)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            }
        }
    }
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_filters_must_be_json_objects() {
        let r = request(ExportMode::Full, &[], Some(r#"{"Status":"Open"}"#), None).unwrap();
        assert_eq!(r.selection.unwrap().row_filter.unwrap()["Status"], "Open");
        assert!(request(ExportMode::Full, &[], Some("[1]"), None).is_err());
        assert!(request(ExportMode::Full, &[], Some("{"), None).is_err());
        assert!(
            request(ExportMode::Canary, &[], None, None)
                .unwrap()
                .selection
                .is_none()
        );
    }

    #[test]
    fn reports_are_written_as_csv_or_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![WriteResult {
            template_id: "t".into(),
            path: "/v3/contacts".into(),
            status: 422,
            ok: false,
            error: Some("phone: bad, really".into()),
            fields_confirmed: None,
            natural_key: Some("a@b.co".into()),
        }];
        let csv_path = dir.path().join("r.csv");
        write_report(&csv_path, &rows).unwrap();
        let text = std::fs::read_to_string(&csv_path).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "t,/v3/contacts,422,false,\"phone: bad, really\",,a@b.co"
        );
        let jl = dir.path().join("r.jsonl");
        write_report(&jl, &rows).unwrap();
        let v: Value = serde_json::from_str(std::fs::read_to_string(&jl).unwrap().trim()).unwrap();
        assert_eq!(v["status"], 422);
        assert!(report_format(Path::new("r.txt")).is_err());
    }
}

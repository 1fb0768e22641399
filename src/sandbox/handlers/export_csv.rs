//! `GET …/export.csv`: one sheet of a company's workbook as CSV, streamed from a snapshot of its
//! rows so that a large download neither holds the world lock nor builds the file in memory.

use super::{HResult, bad_request, company_not_found, not_found};
use crate::sandbox::Shared;
use crate::sandbox::server::error_response;
use crate::sandbox::world::SheetData;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub(super) struct CsvQuery {
    sheet_id: Option<String>,
    filter: Option<String>,
}

pub(super) async fn download(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(q): Query<CsvQuery>,
) -> HResult {
    let valid_only = match q.filter.as_deref() {
        None | Some("valid") => true,
        Some("all") => false,
        Some(other) => {
            return Err(bad_request(format!(
                "filter must be valid or all (got '{other}')"
            )));
        }
    };
    let w = shared.world();
    let Some(company) = w.companies.get(&id) else {
        return Err(company_not_found());
    };
    let Some(sheet_id) = q.sheet_id else {
        return Err(error_response(
            StatusCode::NOT_IMPLEMENTED,
            "Multi-sheet ZIP export is not available yet; pass sheet_id for one sheet as CSV",
        ));
    };
    let Some(sheet) = company.sheets.iter().find(|s| s.id == sheet_id) else {
        return Err(not_found("Sheet not found"));
    };
    let data = sheet.data.clone();
    let filename = format!("{}-{}.csv", slug(&company.company.name), slug(&sheet.name));
    let columns: Vec<String> = shared.seed.templates[sheet.template]
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    drop(w);
    let total = if valid_only {
        data.rows.len() - data.validation.invalid.len()
    } else {
        data.rows.len()
    };
    let stream = csv_stream(columns, data, valid_only);
    let mut resp = Response::new(Body::from_stream(stream));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert("x-total-records", HeaderValue::from(total));
    Ok(resp)
}

/// A name as it may appear in a download's file name: lowercase ASCII words joined by hyphens.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The sheet as CSV in chunks of about 256 KiB, from a snapshot, without holding any lock.
fn csv_stream(
    columns: Vec<String>,
    data: Arc<SheetData>,
    valid_only: bool,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    const CHUNK: usize = 256 * 1024;
    futures_util::stream::unfold(Some(0usize), move |state| {
        let data = data.clone();
        let columns = columns.clone();
        async move {
            let next = state?;
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::with_capacity(CHUNK + 4096));
            let mut i = next;
            if next == 0
                && let Err(e) = w.write_record(&columns)
            {
                return Some((Err(std::io::Error::other(e)), None));
            }
            while i < data.rows.len() {
                if (!valid_only || data.validation.is_valid(i))
                    && let Err(e) = w.write_record(data.rows[i].iter().map(|c| c.as_bytes()))
                {
                    return Some((Err(std::io::Error::other(e)), None));
                }
                i += 1;
                if w.get_ref().len() >= CHUNK {
                    break;
                }
            }
            let bytes = match w.into_inner() {
                Ok(b) => b,
                Err(e) => return Some((Err(std::io::Error::other(e.to_string())), None)),
            };
            if bytes.is_empty() && i >= data.rows.len() {
                return None;
            }
            let more = (i < data.rows.len()).then_some(i);
            Some((Ok(Bytes::from(bytes)), more))
        }
    })
}

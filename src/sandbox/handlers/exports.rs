//! Export runs: pushing a company's selected valid rows to its destination (or, as a canary, the
//! first of each sheet), polling, and cancelling. What exports share with imports is in `runs`.

use super::runs::{self, create_run, ensure_company, find_run};
use super::{
    HResult, bad_request, company_not_found, conflict, json_status, not_found, parse_as,
    parse_object, valid_idempotency_key,
};
use crate::api::types::{ExportMode, Selection};
use crate::sandbox::Shared;
use crate::sandbox::seed::CompiledSeed;
use crate::sandbox::world::{CompanyState, ExportState, RunBody, RunKind};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};
use std::sync::Arc;

pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> HResult {
    // Every field has a default, so an export may be started with no body at all.
    let map = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        parse_object(&body)?
    };
    let mode = match map.get("mode") {
        None | Some(Value::Null) => ExportMode::Full,
        Some(Value::String(m)) if m == "full" => ExportMode::Full,
        Some(Value::String(m)) if m == "canary" => ExportMode::Canary,
        Some(_) => return Err(bad_request("mode must be full or canary")),
    };
    let selection: Option<Selection> = match map.get("selection") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(parse_as(v.clone(), "selection")?),
        Some(_) => return Err(bad_request("selection must be an object")),
    };
    let key = valid_idempotency_key(&map)?;
    ensure_company(&shared, &id)?;
    create_run(&shared, &id, RunKind::Export, key, &map, |w| {
        let company = w.companies.get(&id).ok_or_else(company_not_found)?;
        if let Some(sel) = &selection {
            check_selection(&shared.seed, company, sel)?;
        }
        if company.connection.is_none() {
            return Err(conflict(
                "This company has no destination connection: provision it with connections.destination",
                None,
            ));
        }
        Ok(RunBody::Export(ExportState {
            mode,
            selection,
            report: None,
        }))
    })
}

/// A selection may only name templates in this company's workbook, and filter on columns those
/// templates have, so that a mistake is refused up front instead of showing up as an export that
/// wrote less than it should.
fn check_selection(
    seed: &CompiledSeed,
    company: &CompanyState,
    sel: &Selection,
) -> Result<(), Response> {
    let mut templates = Vec::new();
    if let Some(ids) = &sel.template_ids {
        for tid in ids {
            match company
                .sheets
                .iter()
                .find(|s| seed.templates[s.template].id == *tid)
            {
                Some(s) => templates.push(s.template),
                None => {
                    return Err(not_found(format!(
                        "Template '{tid}' is not in this company's workbook"
                    )));
                }
            }
        }
    } else {
        templates.extend(company.sheets.iter().map(|s| s.template));
    }
    let Some(filter) = &sel.row_filter else {
        return Ok(());
    };
    let Some(obj) = filter.as_object() else {
        return Err(bad_request(
            "selection.row_filter must be an object: {\"Column\": \"value\" or [\"values\"]}",
        ));
    };
    for (col, v) in obj {
        let values_ok =
            v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !values_ok {
            return Err(bad_request(format!(
                "selection.row_filter.{col} must be a string or an array of strings"
            )));
        }
        if !templates
            .iter()
            .any(|&t| seed.templates[t].column_index(col).is_some())
        {
            return Err(bad_request(format!(
                "selection.row_filter names unknown column '{col}'"
            )));
        }
    }
    Ok(())
}

pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
) -> HResult {
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Export)?;
    Ok(json_status(StatusCode::OK, &run.export_body()))
}

pub(super) async fn cancel(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    runs::cancel(&shared, &id, &run_id, RunKind::Export, &body)
}

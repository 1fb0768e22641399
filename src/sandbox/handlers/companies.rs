//! Provisioning: creating a company (its workbook gets one sheet per chosen template) and the
//! debug lookup by `external_id`.

use super::{
    HResult, bad_request, conflict, is_uuid, json_status, new_id, not_found, now_iso, parse_object,
};
use crate::api::types::{Company, CreateCompanyResponse, Sheet};
use crate::sandbox::Shared;
use crate::sandbox::seed::CompiledSeed;
use crate::sandbox::world::{CompanyState, SheetData, SheetState};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// A `POST /companies` body that passed every check the world is not needed for.
struct NewCompany {
    name: String,
    source: String,
    external_id: Option<String>,
    /// Indices into the seed's templates, in the order asked, without repeats.
    templates: Vec<usize>,
    connection: Option<Value>,
}

pub(super) async fn create(State(shared): State<Arc<Shared>>, body: Bytes) -> HResult {
    let map = parse_object(&body)?;
    let new = new_company(&shared.seed, &map)?;
    let Some(src) = shared.seed.seed.sources.iter().find(|s| s.id == new.source) else {
        return Err(not_found(format!(
            "Source '{}' is not a source in this account",
            new.source
        )));
    };
    let mut w = shared.world();
    if w.companies
        .values()
        .any(|c| c.source == new.source && c.company.name == new.name)
    {
        return Err(bad_request(format!(
            "A company named '{}' already exists for source {}",
            new.name, src.name
        )));
    }
    if let Some(ext) = &new.external_id
        && w.external_ids.contains_key(ext)
    {
        return Err(conflict(
            format!("external_id '{ext}' is already used by another company"),
            None,
        ));
    }
    let id = new_id();
    let state = company_state(&shared.seed, id.clone(), new);
    let mut body = company_body(&shared.seed, &state);
    body.magic_link_url = Some(format!("{}/link/{}", shared.api_url, &id[..8]));
    if let Some(ext) = &state.company.external_id {
        w.external_ids.insert(ext.clone(), id.clone());
    }
    w.companies.insert(id.clone(), state);
    w.stats.companies_created += 1;
    w.company_stats(&id);
    Ok(json_status(StatusCode::CREATED, &body))
}

fn new_company(seed: &CompiledSeed, map: &Map<String, Value>) -> Result<NewCompany, Response> {
    let name = match map.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.trim().to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(bad_request("name is required"));
        }
        Some(_) => return Err(bad_request("name must be a string")),
    };
    let source = match map.get("source") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => return Err(bad_request("source is required")),
        Some(_) => return Err(bad_request("source must be a string (a source UUID)")),
    };
    if !is_uuid(&source) {
        return Err(bad_request(format!("source '{source}' is not a UUID")));
    }
    let external_id = match map.get("external_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(e)) if valid_external_id(e) => Some(e.clone()),
        Some(_) => {
            return Err(bad_request(
                "external_id must contain only alphanumeric characters, hyphens, and underscores (max 255 chars)",
            ));
        }
    };
    let templates = chosen_templates(seed, map.get("template_ids"))?;
    let connection = match map.get("connections") {
        None | Some(Value::Null) => None,
        Some(v) => Some(normalize_connection(v).map_err(bad_request)?),
    };
    Ok(NewCompany {
        name,
        source,
        external_id,
        templates,
        connection,
    })
}

fn valid_external_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `template_ids` as seed indices; left out, the workbook gets every template.
fn chosen_templates(seed: &CompiledSeed, ids: Option<&Value>) -> Result<Vec<usize>, Response> {
    let ids = match ids {
        None | Some(Value::Null) => return Ok((0..seed.templates.len()).collect()),
        Some(Value::Array(ids)) => ids,
        Some(_) => {
            return Err(bad_request(
                "template_ids must be an array of template UUIDs",
            ));
        }
    };
    let mut out = Vec::new();
    for id in ids {
        let Some(id) = id.as_str().filter(|s| is_uuid(s)) else {
            return Err(bad_request(
                "template_ids must be an array of template UUIDs",
            ));
        };
        let Some(i) = seed.templates.iter().position(|t| t.id == id) else {
            return Err(bad_request(format!(
                "template_ids: '{id}' is not a template in this account"
            )));
        };
        if !out.contains(&i) {
            out.push(i);
        }
    }
    if out.is_empty() {
        return Err(bad_request("template_ids must name at least one template"));
    }
    Ok(out)
}

/// Accepts `{"destination": {base_url, auth}}` and the flat `{base_url, auth}` (spec A12).
fn normalize_connection(v: &Value) -> Result<Value, String> {
    let inner = match v.get("destination") {
        Some(d) => d,
        None => v,
    };
    let Some(obj) = inner.as_object() else {
        return Err("connections.destination must be an object with base_url and auth".into());
    };
    match obj.get("base_url") {
        Some(Value::String(u)) if u.starts_with("http://") || u.starts_with("https://") => {}
        _ => return Err("connections.destination.base_url must be an http(s) URL".into()),
    }
    Ok(
        json!({ "base_url": obj["base_url"], "auth": obj.get("auth").cloned().unwrap_or(Value::Null) }),
    )
}

fn company_state(seed: &CompiledSeed, id: String, new: NewCompany) -> CompanyState {
    let sheets = new
        .templates
        .iter()
        .map(|&t| SheetState {
            id: new_id(),
            name: seed.templates[t].name.clone(),
            template: t,
            data: Arc::new(SheetData::default()),
        })
        .collect();
    CompanyState {
        company: Company {
            id,
            name: new.name,
            external_id: new.external_id,
            created_at: Some(now_iso()),
        },
        source: new.source,
        workbook_id: new_id(),
        sheets,
        connection: new.connection,
        idempotency: HashMap::new(),
        active_import: None,
        active_export: None,
    }
}

/// The company as the API shows it; the connection is write-only and stays out.
fn company_body(seed: &CompiledSeed, c: &CompanyState) -> CreateCompanyResponse {
    CreateCompanyResponse {
        company: c.company.clone(),
        workbook_id: Some(c.workbook_id.clone()),
        sheets: c
            .sheets
            .iter()
            .map(|s| Sheet {
                id: s.id.clone(),
                name: s.name.clone(),
                template_id: Some(seed.templates[s.template].id.clone()),
            })
            .collect(),
        magic_link_url: None,
    }
}

#[derive(Deserialize)]
pub(super) struct FindQuery {
    external_id: Option<String>,
}

/// Debug aid (spec A10): find companies by `external_id`, so a lost provisioning response can be
/// recovered against the sandbox. Not part of the documented API.
pub(super) async fn find(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<FindQuery>,
) -> Response {
    let w = shared.world();
    let out: Vec<Value> = w
        .companies
        .values()
        .filter(|c| q.external_id.is_none() || c.company.external_id == q.external_id)
        .map(|c| serde_json::to_value(company_body(&shared.seed, c)).unwrap_or(Value::Null))
        .collect();
    json_status(StatusCode::OK, &json!({ "companies": out }))
}

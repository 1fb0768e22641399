//! What vern knows about a company, from its own journal: the companies surface of the API has no
//! "get company" (spec §3), so this is the only place a company's sheets can be looked up.
//!
//! The journal knows a company from
//! - provisioning (`vern company create`, and `vern migrate --name`): its name, external id,
//!   source, workbook and sheets (id, name, template);
//! - import reports (`perSheet`): the sheets an import filled, with their row counts — each
//!   sheet's count comes from the latest completed import that reported it;
//! - downloads: the sheets they fetched, by id and name.
//!
//! Later records add to earlier ones; a sheet's name is the first one vern learned (provisioning
//! comes first), which is the name its template gives it everywhere.

use super::Report;
use crate::api::types::{ImportReport, RunStatus};
use crate::journal::record::Operation;
use serde::Serialize;

/// `vern company show`: a company as far as the journal knows it.
#[derive(Debug, Serialize)]
pub struct KnownCompany {
    pub company: CompanyFacts,
    /// The company's workbook, when vern provisioned it.
    pub workbook_id: Option<String>,
    /// In the order vern learned them (provisioning gives the template order).
    pub sheets: Vec<KnownSheet>,
    /// The operations of the journal about this company, newest first.
    pub operations: Vec<OpRef>,
    pub next: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CompanyFacts {
    pub id: String,
    /// Known when vern provisioned the company.
    pub name: Option<String>,
    pub external_id: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KnownSheet {
    pub id: String,
    pub name: String,
    pub template_id: Option<String>,
    /// Rows in the sheet after the latest completed import that reported it; `null` when no
    /// completed import vern knows of did.
    pub rows: Option<u64>,
    /// Where `rows` comes from.
    pub rows_from: Option<RowsFrom>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowsFrom {
    pub operation: String,
    pub import_run: String,
    /// When the import ended.
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct OpRef {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub created_at: String,
}

/// Whether `op` is about company `id`: it ran against it, or provisioned it.
fn about(op: &Operation, id: &str) -> bool {
    op.company.as_deref() == Some(id)
        || op
            .provision
            .as_ref()
            .is_some_and(|p| p.company_id.as_deref() == Some(id))
}

/// Every company id the journal names.
pub fn company_ids(ops: &[Operation]) -> Vec<&str> {
    let mut ids: Vec<&str> = ops
        .iter()
        .flat_map(|o| {
            let provisioned = o.provision.as_ref().and_then(|p| p.company_id.as_deref());
            [o.company.as_deref(), provisioned]
        })
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl KnownCompany {
    /// What `ops` (the journal's readable records) say about company `id`; `None` when none of
    /// them is about it.
    pub fn from_journal(id: &str, ops: &[Operation]) -> Option<KnownCompany> {
        let mut mine: Vec<&Operation> = ops.iter().filter(|o| about(o, id)).collect();
        if mine.is_empty() {
            return None;
        }
        // Oldest first: what a later record says is added to what an earlier one said.
        mine.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        let mut k = KnownCompany {
            company: CompanyFacts {
                id: id.to_string(),
                name: None,
                external_id: None,
                source: None,
            },
            workbook_id: None,
            sheets: Vec::new(),
            operations: Vec::new(),
            next: Vec::new(),
        };
        for op in &mine {
            k.learn(op, id);
        }
        k.operations = mine
            .iter()
            .rev()
            .map(|o| OpRef {
                id: o.id.clone(),
                kind: o.kind.to_string(),
                status: o.status.to_string(),
                created_at: o.created_at.clone(),
            })
            .collect();
        if let Some(s) = k.sheets.first() {
            k.next.push(format!(
                "vern download --company {id} --sheet {}",
                crate::text::shell_word(&s.name)
            ));
        }
        k.next.push(format!("vern runs list --company {id}"));
        Some(k)
    }

    /// Add what one operation says.
    fn learn(&mut self, op: &Operation, id: &str) {
        if let Some(p) = op
            .provision
            .as_ref()
            .filter(|p| p.company_id.as_deref() == Some(id))
        {
            self.company.name = Some(p.name.clone());
            self.company.external_id = p.external_id.clone().or(self.company.external_id.take());
            self.company.source = Some(p.source.clone());
            self.workbook_id = p.workbook_id.clone().or(self.workbook_id.take());
            for s in &p.sheets {
                self.sheet(&s.id, &s.name, s.template_id.as_deref());
            }
        }
        if op.company.as_deref() != Some(id) {
            return;
        }
        if let Some(i) = &op.import
            && let Some(report) = i
                .report
                .as_ref()
                .and_then(|r| serde_json::from_value::<ImportReport>(r.clone()).ok())
        {
            let counted = match (&i.status, &i.run_id) {
                (Some(RunStatus::Completed), Some(run)) => Some(RowsFrom {
                    operation: op.id.clone(),
                    import_run: run.clone(),
                    at: i
                        .ended_at
                        .clone()
                        .or_else(|| i.started_at.clone())
                        .unwrap_or_else(|| op.updated_at.clone()),
                }),
                _ => None,
            };
            for s in &report.per_sheet {
                let sheet = self.sheet(&s.sheet_id, &s.template_name, None);
                if let Some(from) = &counted
                    && sheet.rows_from.as_ref().is_none_or(|f| f.at <= from.at)
                {
                    sheet.rows = Some(s.row_count);
                    sheet.rows_from = Some(from.clone());
                }
            }
        }
        for f in op.download.iter().flat_map(|d| d.files.iter()) {
            if !f.sheet_name.is_empty() {
                self.sheet(&f.sheet_id, &f.sheet_name, None);
            }
        }
    }

    /// The sheet of `id`, added when it is new.
    fn sheet(&mut self, id: &str, name: &str, template: Option<&str>) -> &mut KnownSheet {
        let at = match self.sheets.iter().position(|s| s.id == id) {
            Some(i) => i,
            None => {
                self.sheets.push(KnownSheet {
                    id: id.to_string(),
                    name: name.to_string(),
                    template_id: None,
                    rows: None,
                    rows_from: None,
                });
                self.sheets.len() - 1
            }
        };
        let sheet = &mut self.sheets[at];
        if sheet.name.is_empty() {
            sheet.name = name.to_string();
        }
        if sheet.template_id.is_none() {
            sheet.template_id = template.map(str::to_string);
        }
        sheet
    }

    /// The sheet a user named, as the workbook names it (case does not matter).
    pub fn sheet_named(&self, name: &str) -> Option<&KnownSheet> {
        let name = name.trim().to_lowercase();
        self.sheets.iter().find(|s| s.name.to_lowercase() == name)
    }
}

impl Report for KnownCompany {
    fn kind(&self) -> &'static str {
        "known_company"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(id: &str, at: &str, extra: serde_json::Value) -> Operation {
        let mut v = json!({
            "schema": 2, "id": id, "kind": "import", "key": "k", "argv": [], "cwd": "",
            "api_url": "http://127.0.0.1:1", "status": "completed", "step": "start",
            "company": "c", "created_at": at, "updated_at": at,
        });
        if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        serde_json::from_value(v).unwrap()
    }

    fn import(
        run: &str,
        status: &str,
        ended: &str,
        sheets: &[(&str, &str, u64)],
    ) -> serde_json::Value {
        let per_sheet: Vec<_> = sheets
            .iter()
            .map(|(id, name, rows)| json!({"sheetId": id, "templateName": name, "rowCount": rows}))
            .collect();
        json!({"import": {
            "idempotency_key": "i", "run_id": run, "status": status, "ended_at": ended,
            "report": {"inserted": 0, "perSheet": per_sheet, "invalidCellCount": 0}
        }})
    }

    #[test]
    fn each_sheet_counts_from_the_latest_completed_import_that_reported_it() {
        let provision = json!({"kind": "company", "provision": {
            "name": "Co", "source": "s", "company_id": "c", "workbook_id": "w",
            "sheets": [{"id": "s1", "name": "Contacts", "template_id": "t1"},
                       {"id": "s2", "name": "Companies"}]
        }});
        let ops = vec![
            op(
                "3",
                "2026-01-03T00:00:00.000Z",
                import(
                    "r3",
                    "needs_attention",
                    "2026-01-03T00:00:09.000Z",
                    &[("s1", "Contacts", 99)],
                ),
            ),
            op("1", "2026-01-01T00:00:00.000Z", provision),
            op(
                "2b",
                "2026-01-02T00:00:00.000Z",
                import(
                    "r2",
                    "completed",
                    "2026-01-02T00:00:09.000Z",
                    &[("s1", "Contacts", 20)],
                ),
            ),
            op(
                "2a",
                "2026-01-01T12:00:00.000Z",
                import(
                    "r1",
                    "completed",
                    "2026-01-01T12:00:09.000Z",
                    &[("s1", "Contacts", 10), ("s2", "Companies", 5)],
                ),
            ),
        ];
        let k = KnownCompany::from_journal("c", &ops).unwrap();
        assert_eq!(k.company.name.as_deref(), Some("Co"));
        assert_eq!(k.workbook_id.as_deref(), Some("w"));
        let rows: Vec<_> = k
            .sheets
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.rows,
                    s.rows_from.as_ref().map(|f| f.import_run.as_str()),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Contacts", Some(20), Some("r2")),
                ("Companies", Some(5), Some("r1"))
            ]
        );
        assert_eq!(k.sheets[0].template_id.as_deref(), Some("t1"));
        assert_eq!(
            k.sheet_named(" CONTACTS ").map(|s| s.id.as_str()),
            Some("s1")
        );
        assert!(k.sheet_named("Leads").is_none());
        assert_eq!(k.operations.first().map(|o| o.id.as_str()), Some("3"));
        assert!(KnownCompany::from_journal("d", &ops).is_none());
    }
}

//! How a company reads in `vern company show`: what it is, its workbook, its sheets with ids and
//! row counts (and which import counted them), and the operations the journal knows it from.

use super::{Job, count, write_next};
use crate::model::company::{KnownCompany, RowsFrom};
use std::fmt;

/// Operations listed before "… and N more".
const OPERATIONS_SHOWN: usize = 5;

fn when(t: &str) -> String {
    t.get(..19).unwrap_or(t).replace('T', " ")
}

impl fmt::Display for KnownCompany {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.company;
        write!(f, "company {}", c.id)?;
        match &c.name {
            Some(name) => write!(f, ": {name}")?,
            None => write!(f, " (vern did not provision it: its name is not known)")?,
        }
        if let Some(e) = &c.external_id {
            write!(f, " (external id {e})")?;
        }
        writeln!(f)?;
        if let Some(w) = &self.workbook_id {
            writeln!(f, "  workbook  {w}")?;
        }
        if let Some(s) = &c.source {
            writeln!(f, "  source    {s}")?;
        }
        if self.sheets.is_empty() {
            writeln!(
                f,
                "  no sheets known: vern did not provision this company and has no import report for it"
            )?;
        } else {
            let wid = self.sheets.iter().map(|s| s.id.len()).max().unwrap_or(0);
            let wname = self
                .sheets
                .iter()
                .map(|s| s.name.chars().count())
                .max()
                .unwrap_or(0)
                .max(4);
            writeln!(f, "  {:<wid$}  {:<wname$}  ROWS", "SHEET", "NAME")?;
            for s in &self.sheets {
                let rows = s.rows.map(count).unwrap_or_else(|| "-".into());
                writeln!(f, "  {:<wid$}  {:<wname$}  {rows}", s.id, s.name)?;
            }
            let mut sources: Vec<&RowsFrom> = Vec::new();
            for from in self.sheets.iter().filter_map(|s| s.rows_from.as_ref()) {
                if !sources.iter().any(|f| f.import_run == from.import_run) {
                    sources.push(from);
                }
            }
            for from in sources {
                writeln!(
                    f,
                    "  rows as of import {} (operation {}, {})",
                    from.import_run,
                    from.operation,
                    when(&from.at)
                )?;
            }
            if self.sheets.iter().any(|s| s.rows.is_none()) {
                writeln!(
                    f,
                    "  (-: no completed import that vern knows of has counted the sheet)"
                )?;
            }
        }
        let ops = &self.operations;
        for (i, o) in ops.iter().take(OPERATIONS_SHOWN).enumerate() {
            let label = if i == 0 { "known from" } else { "          " };
            writeln!(
                f,
                "  {label} {} ({}, {}, {})",
                o.id,
                o.kind,
                o.status,
                when(&o.created_at)
            )?;
        }
        if ops.len() > OPERATIONS_SHOWN {
            writeln!(
                f,
                "             … and {} more (vern runs list --company {})",
                ops.len() - OPERATIONS_SHOWN,
                c.id
            )?;
        }
        write_next(f, &self.next)
    }
}

impl Job for KnownCompany {}

//! How import runs read on the terminal and on a GitHub Actions summary page.

use super::{Job, count, github::JobReport};
use crate::model::import::{ImportView, NothingActive};
use std::fmt;

fn quote_samples(values: &[String]) -> String {
    values
        .iter()
        .map(|v| {
            let short: String = v.chars().take(40).collect();
            if short.len() < v.len() {
                format!("{:?}…", short)
            } else {
                format!("{short:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ImportView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.timed_out {
            format!("still {} (timed out waiting)", self.status)
        } else {
            self.status.to_string()
        };
        writeln!(f, "import {}: {state}", self.run_id)?;
        if let Some(m) = self.progress_message.as_ref().filter(|m| !m.is_empty()) {
            writeln!(f, "  {m}")?;
        }
        if let Some(r) = &self.report {
            let flagged = if r.invalid_cell_count > 0 {
                format!("; {} rows flagged", count(r.invalid_cell_count))
            } else {
                "; no rows flagged".into()
            };
            let sheets = r.per_sheet.len();
            writeln!(
                f,
                "  {} rows in {sheets} sheet{}{flagged}",
                count(r.inserted),
                if sheets == 1 { "" } else { "s" }
            )?;
            let width = r
                .per_sheet
                .iter()
                .map(|s| s.template_name.len())
                .max()
                .unwrap_or(0);
            for s in &r.per_sheet {
                writeln!(
                    f,
                    "    {:<width$}  {} rows",
                    s.template_name,
                    count(s.row_count)
                )?;
            }
        }
        if let Some(na) = &self.needs_attention {
            for q in &na.questions {
                let (col, n, rule, samples) = match &q.target {
                    Some(t) => (
                        format!("{} · {}", self.sheet_name(&t.sheet_id), t.column),
                        format!(" · {} rows", count(t.affected_count)),
                        t.error.clone(),
                        quote_samples(&t.sample_values),
                    ),
                    None => (String::new(), String::new(), String::new(), String::new()),
                };
                writeln!(f, "  {}  {col}{n}", q.id)?;
                writeln!(f, "       {}", q.prompt)?;
                if let Some(c) = &q.context {
                    writeln!(f, "       {c}")?;
                }
                if !rule.is_empty() {
                    writeln!(f, "       rule: {rule}")?;
                }
                if !samples.is_empty() {
                    writeln!(f, "       samples: {samples}")?;
                }
                let mut opts: Vec<String> = q
                    .options
                    .iter()
                    .map(|o| format!("{}) {}", o.id, o.label))
                    .collect();
                if q.allow_custom {
                    opts.push("or free text".into());
                }
                writeln!(f, "       options: {}", opts.join("  "))?;
            }
            if let Some(p) = &na.proposed_patch {
                let hash = self.patch_hash.as_deref().unwrap_or("?");
                writeln!(f, "  proposed fix (patch {hash}): {}", p.summary)?;
                for a in &p.actions {
                    let value = a
                        .value
                        .as_ref()
                        .map(|v| format!(" {v:?}"))
                        .unwrap_or_default();
                    writeln!(
                        f,
                        "    - {}.{}: {}{value}",
                        self.sheet_name(&a.sheet_id),
                        a.column,
                        a.action
                    )?;
                }
            }
        }
        if let Some(qs) = &self.questions {
            for q in qs {
                writeln!(f, "  {}  {}", q.id, q.question)?;
                if let Some(c) = &q.context {
                    writeln!(f, "       {c}")?;
                }
                let mut opts: Vec<String> = q
                    .options
                    .iter()
                    .map(|o| format!("{}) {}", o.id, o.label))
                    .collect();
                if q.allow_custom {
                    opts.push("or free text".into());
                }
                if !opts.is_empty() {
                    writeln!(f, "       options: {}", opts.join("  "))?;
                }
            }
        }
        if let Some(e) = &self.error {
            writeln!(f, "  error: {e}")?;
        }
        for n in &self.notes {
            writeln!(f, "  {n}")?;
        }
        super::write_next(f, &self.next)?;
        Ok(())
    }
}

impl Job for ImportView {
    fn job(&self) -> Option<JobReport> {
        Some(import_job(self))
    }
}

/// What a run that waits needs, as markdown for a job summary: each question with its column,
/// rows and rule, and the proposed fix with its patch hash (or a blocked run's questions).
pub fn attention_markdown(v: &ImportView) -> String {
    use crate::ui::github::cell;
    let mut md = String::new();
    if let Some(na) = &v.needs_attention {
        md.push_str("| question | column | rows | rule | samples |\n|---|---|---:|---|---|\n");
        for q in &na.questions {
            let (column, rows, rule, samples) = match &q.target {
                Some(t) => (
                    format!("{}.{}", v.sheet_name(&t.sheet_id), t.column),
                    t.affected_count.to_string(),
                    t.error.clone(),
                    quote_samples(&t.sample_values),
                ),
                None => Default::default(),
            };
            md.push_str(&format!(
                "| {} {} | {} | {rows} | {} | {} |\n",
                q.id,
                cell(&q.prompt),
                cell(&column),
                cell(&rule),
                cell(&samples)
            ));
        }
        md.push('\n');
        if let Some(p) = &na.proposed_patch {
            md.push_str(&format!(
                "**Proposed fix** (patch `{}`): {}\n\n",
                v.patch_hash.as_deref().unwrap_or("?"),
                cell(&p.summary)
            ));
            for a in &p.actions {
                let value = a
                    .value
                    .as_ref()
                    .map(|v| format!(" `{v}`"))
                    .unwrap_or_default();
                md.push_str(&format!(
                    "- {}.{}: {}{value}\n",
                    cell(v.sheet_name(&a.sheet_id)),
                    cell(&a.column),
                    a.action
                ));
            }
            md.push('\n');
        }
    }
    for q in v.questions.iter().flatten() {
        md.push_str(&format!("- **{}** {}\n", q.id, cell(&q.question)));
    }
    md
}

/// An import on the GitHub Actions summary page.
pub fn import_job(v: &ImportView) -> crate::ui::github::JobReport {
    use crate::ui::github::cell;
    let mut md = format!("### vern import `{}`: {}\n\n", v.run_id, v.status);
    if let Some(r) = &v.report {
        md.push_str(&format!(
            "{} rows in {} sheet(s), {} flagged\n\n",
            count(r.inserted),
            r.per_sheet.len(),
            count(r.invalid_cell_count)
        ));
    }
    md.push_str(&attention_markdown(v));
    if let Some(e) = &v.error {
        md.push_str(&format!("Error: {}\n\n", cell(e)));
    }
    md.push_str(&super::next_markdown(&v.next));
    let mut outputs = vec![
        ("import_run".to_string(), v.run_id.clone()),
        ("status".to_string(), v.status.to_string()),
    ];
    if let Some(h) = &v.patch_hash {
        outputs.push(("patch_hash".into(), h.clone()));
    }
    crate::ui::github::JobReport {
        summary: md,
        outputs,
    }
}

impl fmt::Display for NothingActive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no import is in flight for company {}", self.company)
    }
}

impl Job for NothingActive {}

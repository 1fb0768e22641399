//! The sandbox's import engine: match input headers to a template (self-healing drift), read
//! rows, validate every cell against the template's rules, and turn what fails into the
//! `needs_attention` questions and `proposed_patch` a user decides on.
//!
//! Everything here is pure and synchronous (the run driver calls it on a blocking thread), so it
//! is tested directly with small tables.

use super::seed::{CompiledSeed, CompiledTemplate, normalize_header};
use crate::api::types::{
    NeedsAttention, PatchAction, PatchActionKind, ProposedPatch, Question, QuestionOption,
    QuestionTarget,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// One row, cells in template column order; a column absent from the input is empty.
pub type Row = Vec<Box<str>>;

/// Why a cell is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Issue {
    Missing,
    Pattern,
    NotAllowed,
    Duplicate,
    BrokenLink,
}

/// The invalid cells of a sheet: row index → (column index, issue). Rows absent are valid.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    pub invalid: BTreeMap<usize, Vec<(usize, Issue)>>,
}

impl Validation {
    pub fn is_valid(&self, row: usize) -> bool {
        !self.invalid.contains_key(&row)
    }

    /// Rows with an issue in `col`.
    pub fn rows_flagged_in(&self, col: usize) -> impl Iterator<Item = usize> + '_ {
        self.invalid
            .iter()
            .filter(move |(_, cells)| cells.iter().any(|(c, _)| *c == col))
            .map(|(r, _)| *r)
    }
}

/// Map each template column to an input header index. Each input header is used at most once.
pub fn match_headers(t: &CompiledTemplate, headers: &[String]) -> Vec<Option<usize>> {
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut mapping = vec![None; t.columns.len()];
    // Exact names first, then aliases, so an alias never steals a header that names a column.
    for pass in 0..2 {
        for (ci, col) in t.columns.iter().enumerate() {
            if mapping[ci].is_some() {
                continue;
            }
            let keys: &[String] = if pass == 0 {
                &col.keys[..1]
            } else {
                &col.keys[1..]
            };
            if let Some(hi) = (0..norm.len()).find(|&hi| !used[hi] && keys.contains(&norm[hi])) {
                used[hi] = true;
                mapping[ci] = Some(hi);
            }
        }
    }
    mapping
}

/// The template whose columns best match the headers: (template index, mapping).
pub fn pick_template(
    seed: &CompiledSeed,
    headers: &[String],
) -> Option<(usize, Vec<Option<usize>>)> {
    let mut best: Option<(usize, Vec<Option<usize>>, usize)> = None;
    for (ti, t) in seed.templates.iter().enumerate() {
        let mapping = match_headers(t, headers);
        let score = mapping.iter().filter(|m| m.is_some()).count();
        if score > 0 && best.as_ref().is_none_or(|b| score > b.2) {
            best = Some((ti, mapping, score));
        }
    }
    best.map(|(ti, m, _)| (ti, m))
}

/// Where import input comes from.
#[derive(Debug, Clone)]
pub enum Input {
    File {
        name: String,
        path: std::path::PathBuf,
        delimiter: u8,
    },
    Rows(Vec<Map<String, Value>>),
}

/// Rows read from the inputs, grouped by template index (in template order).
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub sheets: BTreeMap<usize, Vec<Row>>,
    pub row_count: usize,
}

/// Read every input, self-healing header drift. A run-level failure (no template matches, a
/// required column is gone, a file is not text) is an `Err` with the message the run reports.
pub fn parse_inputs(seed: &CompiledSeed, inputs: &[Input]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    for input in inputs {
        match input {
            Input::File {
                name,
                path,
                delimiter,
            } => parse_file(seed, name, path, *delimiter, &mut parsed)?,
            Input::Rows(rows) => parse_rows(seed, rows, &mut parsed)?,
        }
    }
    Ok(parsed)
}

fn require_columns(
    t: &CompiledTemplate,
    mapping: &[Option<usize>],
    what: &str,
) -> Result<(), String> {
    for (ci, col) in t.columns.iter().enumerate() {
        if col.required && mapping[ci].is_none() {
            return Err(format!(
                "Required column '{}' could not be matched to any input column ({what}, template {})",
                col.name, t.name
            ));
        }
    }
    Ok(())
}

fn parse_file(
    seed: &CompiledSeed,
    name: &str,
    path: &Path,
    delimiter: u8,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_path(path)
        .map_err(|e| format!("Could not read '{name}': {e}"))?;
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(format!("'{name}' is not a readable CSV file: {e}")),
        None => return Err(format!("'{name}' is empty: no header row")),
    };
    let headers: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h)
            } else {
                h
            };
            String::from_utf8_lossy(h).trim().to_string()
        })
        .collect();
    let Some((ti, mapping)) = pick_template(seed, &headers) else {
        return Err(format!(
            "'{name}' matches no template: none of its columns ({}) is a known column",
            headers.join(", ")
        ));
    };
    let t = &seed.templates[ti];
    require_columns(t, &mapping, &format!("file '{name}'"))?;
    let rows = parsed.sheets.entry(ti).or_default();
    for (line, record) in records.enumerate() {
        let record = record.map_err(|e| format!("'{name}' row {}: {e}", line + 2))?;
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut row = Vec::with_capacity(mapping.len());
        for m in &mapping {
            let cell = match m.and_then(|i| record.get(i)) {
                Some(bytes) => std::str::from_utf8(bytes)
                    .map_err(|_| {
                        format!(
                            "'{name}' row {} is not valid UTF-8 text; save the file as UTF-8 and upload it again",
                            line + 2
                        )
                    })?
                    .trim(),
                None => "",
            };
            row.push(Box::<str>::from(cell));
        }
        rows.push(row);
        parsed.row_count += 1;
    }
    Ok(())
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

fn parse_rows(
    seed: &CompiledSeed,
    rows: &[Map<String, Value>],
    parsed: &mut Parsed,
) -> Result<(), String> {
    let mut headers: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for r in rows {
        for k in r.keys() {
            if seen.insert(k.clone()) {
                headers.push(k.clone());
            }
        }
    }
    let Some((ti, mapping)) = pick_template(seed, &headers) else {
        return Err(format!(
            "The inline rows match no template: none of their keys ({}) is a known column",
            headers.join(", ")
        ));
    };
    let t = &seed.templates[ti];
    require_columns(t, &mapping, "inline rows")?;
    let out = parsed.sheets.entry(ti).or_default();
    for r in rows {
        let row: Row = mapping
            .iter()
            .map(|m| {
                m.and_then(|i| r.get(&headers[i]))
                    .map(cell_text)
                    .unwrap_or_default()
                    .into_boxed_str()
            })
            .collect();
        out.push(row);
        parsed.row_count += 1;
    }
    Ok(())
}

/// Values a link column may point at: (template index, column name) → values present.
pub type LinkTargets = HashMap<(usize, String), HashSet<Box<str>>>;

/// Validate every cell of a sheet. Links are checked only against a target sheet that has rows,
/// so a workbook whose Companies are not imported yet does not flag every Contact.
pub fn validate(t: &CompiledTemplate, rows: &[Row], links: &LinkTargets) -> Validation {
    let mut v = Validation::default();
    let mut flag =
        |r: usize, c: usize, issue: Issue| v.invalid.entry(r).or_default().push((c, issue));
    for (ci, col) in t.columns.iter().enumerate() {
        let mut seen: HashSet<&str> = HashSet::new();
        let targets = col
            .link
            .as_ref()
            .and_then(|l| links.get(l))
            .filter(|s| !s.is_empty());
        for (ri, row) in rows.iter().enumerate() {
            let value: &str = row.get(ci).map(|b| &**b).unwrap_or("");
            if value.is_empty() {
                if col.required {
                    flag(ri, ci, Issue::Missing);
                }
                continue;
            }
            if let Some(allowed) = &col.allowed
                && !allowed.iter().any(|a| a == value)
            {
                flag(ri, ci, Issue::NotAllowed);
            }
            if let Some(p) = &col.pattern
                && !p.is_match(value)
            {
                flag(ri, ci, Issue::Pattern);
            }
            if let Some(targets) = targets
                && !targets.contains(value)
            {
                flag(ri, ci, Issue::BrokenLink);
            }
            if col.unique && !seen.insert(value) {
                flag(ri, ci, Issue::Duplicate);
            }
        }
    }
    v
}

/// What a decision does to the flagged cells of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Fix {
    SetValue(String),
    DeleteRows,
}

/// How the answers to one question translate into fixes (kept beside the question the API shows).
#[derive(Debug, Clone)]
pub struct QuestionPlan {
    pub id: String,
    pub sheet: usize,
    pub column: usize,
    /// option label → fix
    pub options: Vec<(String, Fix)>,
    pub allow_custom: bool,
    pub proposed: Fix,
}

/// A sheet as the question builder sees it.
pub struct SheetView<'a> {
    pub index: usize,
    pub sheet_id: &'a str,
    pub name: &'a str,
    pub template: &'a CompiledTemplate,
    pub rows: &'a [Row],
    pub validation: &'a Validation,
}

fn issue_text(t: &CompiledTemplate, col: usize, issue: Issue, seed: &CompiledSeed) -> String {
    let c = &t.columns[col];
    match issue {
        Issue::Missing => format!("{} is required but empty", c.name),
        Issue::Pattern => format!(
            "Does not match the strict rule {}",
            c.pattern.as_ref().map(|p| p.as_str()).unwrap_or("")
        ),
        Issue::NotAllowed => format!(
            "Does not match allowed values: {}",
            c.allowed.as_deref().unwrap_or_default().join(", ")
        ),
        Issue::Duplicate => format!(
            "{} must be unique (the value appears earlier in the sheet)",
            c.name
        ),
        Issue::BrokenLink => match c.link.as_ref() {
            Some((target, tcol)) => format!(
                "Does not match any {} {}",
                seed.templates[*target].name, tcol
            ),
            None => "Does not match the linked sheet".to_string(),
        },
    }
}

/// Build the questions and the proposed patch for every flagged column of the given sheets.
pub fn build_attention(
    seed: &CompiledSeed,
    sheets: &[SheetView<'_>],
) -> (NeedsAttention, Vec<QuestionPlan>) {
    let mut questions = Vec::new();
    let mut plans = Vec::new();
    let mut actions = Vec::new();
    let mut summary = Vec::new();
    for s in sheets {
        let t = s.template;
        // column → (rows affected, issue kinds, sample values)
        let mut groups: BTreeMap<usize, (u64, BTreeSet<Issue>, Vec<String>)> = BTreeMap::new();
        for (ri, cells) in &s.validation.invalid {
            let mut cols_in_row = BTreeSet::new();
            for (ci, issue) in cells {
                let g = groups.entry(*ci).or_default();
                g.1.insert(*issue);
                if cols_in_row.insert(*ci) {
                    g.0 += 1;
                    let value = s.rows[*ri]
                        .get(*ci)
                        .map(|b| b.to_string())
                        .unwrap_or_default();
                    if g.2.len() < 5 && !g.2.contains(&value) {
                        g.2.push(value);
                    }
                }
            }
        }
        for (ci, (count, kinds, samples)) in groups {
            let col = &t.columns[ci];
            let id = format!("fq{}", questions.len());
            let only = |k: Issue| kinds.len() == 1 && kinds.contains(&k);
            let clearable = !col.required
                && kinds
                    .iter()
                    .all(|k| matches!(k, Issue::Pattern | Issue::BrokenLink));
            let remove = ("Remove these rows".to_string(), Fix::DeleteRows);
            let (prompt, context, options, allow_custom, proposed) = if only(Issue::NotAllowed) {
                let allowed = col.allowed.clone().unwrap_or_default();
                let common = most_common_valid(s, ci).or_else(|| allowed.first().cloned());
                let target = common.unwrap_or_default();
                (
                    format!(
                        "Some {} values are not allowed. What should Vern do with them?",
                        col.name
                    ),
                    format!(
                        "{count} {} rows have a {} other than {}.",
                        s.name,
                        col.name,
                        allowed.join(" / ")
                    ),
                    vec![
                        (
                            format!("Set them all to '{target}'"),
                            Fix::SetValue(target.clone()),
                        ),
                        remove,
                    ],
                    true,
                    Fix::SetValue(target),
                )
            } else if clearable {
                (
                    format!(
                        "Some {} values are not valid. What should Vern do with them?",
                        col.name
                    ),
                    format!(
                        "{count} {} rows have a {} that fails its rule.",
                        s.name, col.name
                    ),
                    vec![
                        (
                            "Clear these values".to_string(),
                            Fix::SetValue(String::new()),
                        ),
                        remove,
                    ],
                    true,
                    Fix::SetValue(String::new()),
                )
            } else if only(Issue::Missing) {
                (
                    format!(
                        "Some {} rows have no {}. What should Vern do with them?",
                        s.name, col.name
                    ),
                    format!(
                        "{count} {} rows are missing the required {}.",
                        s.name, col.name
                    ),
                    vec![remove],
                    !col.unique,
                    Fix::DeleteRows,
                )
            } else {
                let mut parts = Vec::new();
                for k in &kinds {
                    let n = s
                        .validation
                        .invalid
                        .values()
                        .filter(|cells| cells.iter().any(|(c, i)| *c == ci && i == k))
                        .count();
                    parts.push(format!("{n} {}", kind_word(*k)));
                }
                (
                    format!(
                        "Some {} rows have an invalid {}. What should Vern do with them?",
                        s.name, col.name
                    ),
                    format!(
                        "{} rows with an invalid {}: {}.",
                        s.name,
                        col.name,
                        parts.join(", ")
                    ),
                    vec![remove],
                    false,
                    Fix::DeleteRows,
                )
            };
            let error = kinds
                .iter()
                .map(|k| issue_text(t, ci, *k, seed))
                .collect::<Vec<_>>()
                .join("; ");
            questions.push(Question {
                id: id.clone(),
                prompt,
                context: Some(context),
                target: Some(QuestionTarget {
                    sheet_id: s.sheet_id.to_string(),
                    column: col.name.clone(),
                    affected_count: count,
                    sample_values: samples,
                    error,
                }),
                relevant_columns: vec![col.name.clone()],
                options: options
                    .iter()
                    .enumerate()
                    .map(|(i, (label, _))| QuestionOption {
                        id: ((b'a' + i as u8) as char).to_string(),
                        label: label.clone(),
                    })
                    .collect(),
                allow_custom,
            });
            match &proposed {
                Fix::SetValue(v) if v.is_empty() => {
                    summary.push(format!("clear {count} invalid {} values", col.name))
                }
                Fix::SetValue(v) => {
                    summary.push(format!("set {count} invalid {} values to '{v}'", col.name))
                }
                Fix::DeleteRows => summary.push(format!(
                    "drop the {count} rows with an invalid {}",
                    col.name
                )),
            }
            actions.push(fix_action(s.sheet_id, &col.name, &proposed));
            plans.push(QuestionPlan {
                id,
                sheet: s.index,
                column: ci,
                options,
                allow_custom,
                proposed,
            });
        }
    }
    let mut text = summary.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..] + ".";
    }
    (
        NeedsAttention {
            questions,
            proposed_patch: Some(ProposedPatch {
                summary: text,
                actions,
            }),
        },
        plans,
    )
}

fn kind_word(k: Issue) -> &'static str {
    match k {
        Issue::Missing => "missing",
        Issue::Pattern => "malformed",
        Issue::NotAllowed => "not allowed",
        Issue::Duplicate => "duplicated",
        Issue::BrokenLink => "unlinked",
    }
}

fn most_common_valid(s: &SheetView<'_>, ci: usize) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (ri, row) in s.rows.iter().enumerate() {
        if s.validation.is_valid(ri)
            && let Some(v) = row.get(ci).filter(|v| !v.is_empty())
        {
            *counts.entry(v).or_default() += 1;
        }
    }
    // Ties break on the value so the proposal is deterministic.
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v.to_string())
}

pub fn fix_action(sheet_id: &str, column: &str, fix: &Fix) -> PatchAction {
    match fix {
        Fix::SetValue(v) => PatchAction {
            sheet_id: sheet_id.to_string(),
            column: column.to_string(),
            action: PatchActionKind::SetValue,
            value: Some(v.clone()),
            extra: Map::new(),
        },
        Fix::DeleteRows => PatchAction {
            sheet_id: sheet_id.to_string(),
            column: column.to_string(),
            action: PatchActionKind::DeleteInvalidRows,
            value: None,
            extra: Map::new(),
        },
    }
}

/// Translate one answer into a fix: an option label, or free text where the question allows it.
pub fn fix_for_answer(plan: &QuestionPlan, value: &str) -> Result<Fix, String> {
    if let Some((_, fix)) = plan.options.iter().find(|(label, _)| label == value) {
        return Ok(fix.clone());
    }
    if plan.allow_custom {
        return Ok(Fix::SetValue(value.trim().to_string()));
    }
    let labels: Vec<String> = plan.options.iter().map(|(l, _)| format!("'{l}'")).collect();
    Err(format!(
        "Answer to {} must be one of the option labels ({}); this question does not allow free text",
        plan.id,
        labels.join(", ")
    ))
}

/// Apply fixes to one sheet's rows, given the validation the fixes were proposed against.
/// Values are set first and rows deleted last, so row indices stay meaningful throughout.
pub fn apply_fixes(rows: &mut Vec<Row>, validation: &Validation, fixes: &[(usize, Fix)]) -> usize {
    let mut delete = BTreeSet::new();
    for (col, fix) in fixes {
        let flagged: Vec<usize> = validation.rows_flagged_in(*col).collect();
        match fix {
            Fix::SetValue(v) => {
                for r in flagged {
                    if let Some(cell) = rows[r].get_mut(*col) {
                        *cell = v.clone().into_boxed_str();
                    }
                }
            }
            Fix::DeleteRows => delete.extend(flagged),
        }
    }
    if delete.is_empty() {
        return 0;
    }
    let mut i = 0;
    rows.retain(|_| {
        let keep = !delete.contains(&i);
        i += 1;
        keep
    });
    delete.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seed::Seed;

    fn seed() -> CompiledSeed {
        Seed::builtin().compile().unwrap()
    }

    fn row(cells: &[&str]) -> Row {
        cells.iter().map(|c| Box::<str>::from(*c)).collect()
    }

    fn contacts(seed: &CompiledSeed) -> (usize, &CompiledTemplate) {
        let i = seed
            .templates
            .iter()
            .position(|t| t.name == "Contacts")
            .unwrap();
        (i, &seed.templates[i])
    }

    #[test]
    fn drifted_headers_self_heal() {
        let s = seed();
        let headers: Vec<String> = [
            "Company",
            " E-mail Address ",
            "first_name",
            "SURNAME",
            "Job Title",
            "Stage",
            "Telephone",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        let (ti, mapping) = pick_template(&s, &headers).unwrap();
        assert_eq!(s.templates[ti].name, "Contacts");
        // Email, First Name, Last Name, Phone, Title, Status, Account
        assert_eq!(
            mapping,
            vec![
                Some(1),
                Some(2),
                Some(3),
                Some(6),
                Some(4),
                Some(5),
                Some(0)
            ]
        );
    }

    #[test]
    fn an_exact_name_beats_an_alias() {
        let s = seed();
        let (_, t) = contacts(&s);
        // "Company" is an alias of Account; "Account" is the column itself.
        let headers = vec![
            "Email".into(),
            "First Name".into(),
            "Company".into(),
            "Account".into(),
        ];
        let m = match_headers(t, &headers);
        assert_eq!(m[6], Some(3));
    }

    #[test]
    fn every_rule_flags_its_cells() {
        let s = seed();
        let (_, t) = contacts(&s);
        let companies = s
            .templates
            .iter()
            .position(|t| t.name == "Companies")
            .unwrap();
        let mut links = LinkTargets::new();
        links.insert(
            (companies, "Name".into()),
            ["Northwind".into()].into_iter().collect(),
        );
        let rows = vec![
            row(&["ana@nw.example", "Ana", "", "", "", "Open", "Northwind"]),
            row(&["", "Li", "", "", "", "Open", ""]),
            row(&["not-an-email", "Bo", "", "", "", "Closed", ""]),
            row(&[
                "ana@nw.example",
                "Ana2",
                "",
                "",
                "",
                "in progress",
                "Nowhere",
            ]),
            row(&["cy@nw.example", "", "", "", "", "", ""]),
        ];
        let v = validate(t, &rows, &links);
        assert!(v.is_valid(0));
        assert_eq!(v.invalid[&1], vec![(0, Issue::Missing)]);
        assert_eq!(v.invalid[&2], vec![(0, Issue::Pattern)]);
        assert_eq!(
            v.invalid[&3],
            vec![
                (0, Issue::Duplicate),
                (5, Issue::NotAllowed),
                (6, Issue::BrokenLink)
            ]
        );
        assert_eq!(v.invalid[&4], vec![(1, Issue::Missing)]);
    }

    #[test]
    fn links_are_not_checked_against_an_empty_sheet() {
        let s = seed();
        let (_, t) = contacts(&s);
        let rows = vec![row(&["a@b.co", "A", "", "", "", "Open", "Anything"])];
        assert!(validate(t, &rows, &LinkTargets::new()).invalid.is_empty());
    }

    #[test]
    fn questions_and_patch_follow_the_flags_and_fix_them() {
        let s = seed();
        let (ti, t) = contacts(&s);
        let mut rows = vec![
            row(&["a@x.co", "A", "", "", "", "Open", ""]),
            row(&["b@x.co", "B", "", "", "", "Open", ""]),
            row(&["c@x.co", "C", "", "", "", "Closed", ""]),
            row(&["d@x.co", "D", "", "", "", "open", ""]),
            row(&["e@x.co", "E", "", "", "", "Done", ""]),
            row(&["", "F", "", "", "", "Open", ""]),
            row(&["a@x.co", "G", "", "", "", "Open", ""]),
        ];
        let v = validate(t, &rows, &LinkTargets::new());
        let view = SheetView {
            index: 1,
            sheet_id: "sheet-1",
            name: "Contacts",
            template: t,
            rows: &rows,
            validation: &v,
        };
        let (na, plans) = build_attention(&s, &[view]);
        assert_eq!(na.questions.len(), 2);
        let email_q = &na.questions[0];
        assert_eq!(email_q.target.as_ref().unwrap().column, "Email");
        assert_eq!(email_q.target.as_ref().unwrap().affected_count, 2);
        assert!(!email_q.allow_custom);
        let status_q = &na.questions[1];
        let target = status_q.target.as_ref().unwrap();
        assert_eq!(target.affected_count, 2);
        assert_eq!(target.sample_values, vec!["open", "Done"]);
        assert_eq!(
            target.error,
            "Does not match allowed values: Open, Closed, Pending"
        );
        assert_eq!(status_q.options[0].label, "Set them all to 'Open'");
        let patch = na.proposed_patch.unwrap();
        assert_eq!(patch.actions[0].action, PatchActionKind::DeleteInvalidRows);
        assert_eq!(patch.actions[1].action, PatchActionKind::SetValue);
        assert_eq!(patch.actions[1].value.as_deref(), Some("Open"));
        assert!(
            patch
                .summary
                .starts_with("Drop the 2 rows with an invalid Email"),
            "{}",
            patch.summary
        );

        let fixes: Vec<(usize, Fix)> = plans
            .iter()
            .map(|p| (p.column, p.proposed.clone()))
            .collect();
        assert_eq!(apply_fixes(&mut rows, &v, &fixes), 2);
        assert_eq!(rows.len(), 5);
        let v2 = validate(t, &rows, &LinkTargets::new());
        assert!(v2.invalid.is_empty(), "{:?}", v2.invalid);
        let _ = ti;
    }

    #[test]
    fn answers_map_labels_and_custom_text() {
        let plan = QuestionPlan {
            id: "fq0".into(),
            sheet: 0,
            column: 5,
            options: vec![
                (
                    "Set them all to 'Open'".into(),
                    Fix::SetValue("Open".into()),
                ),
                ("Remove these rows".into(), Fix::DeleteRows),
            ],
            allow_custom: true,
            proposed: Fix::SetValue("Open".into()),
        };
        assert_eq!(
            fix_for_answer(&plan, "Remove these rows").unwrap(),
            Fix::DeleteRows
        );
        assert_eq!(
            fix_for_answer(&plan, " Pending ").unwrap(),
            Fix::SetValue("Pending".into())
        );
        let strict = QuestionPlan {
            allow_custom: false,
            ..plan
        };
        let err = fix_for_answer(&strict, "Pending").unwrap_err();
        assert!(err.contains("'Remove these rows'"), "{err}");
    }

    #[test]
    fn a_missing_required_column_fails_with_its_name() {
        let s = seed();
        let rows: Vec<Map<String, Value>> =
            vec![serde_json::from_str(r#"{"First Name":"Ana","Status":"Open"}"#).unwrap()];
        let err = parse_inputs(&s, &[Input::Rows(rows)]).unwrap_err();
        assert!(
            err.starts_with("Required column 'Email' could not be matched"),
            "{err}"
        );
    }
}

//! Run lifecycles on the sandbox clock: `queued → running → completed | needs_attention | blocked
//! | failed` for imports and `queued → running → completed | failed` for exports.
//!
//! Each pass is a tokio task. It takes a snapshot of what it needs under the world lock, does the
//! heavy work (parsing, validation, destination writes) on a blocking thread while the progress
//! message changes on the clock, then commits in one short critical section — but only if the
//! run's `generation` is unchanged, so a cancel or a decision made meanwhile always wins.

use super::config::Scenario;
use super::engine::{
    self, Fix, LinkTargets, Parsed, QuestionPlan, SheetView, apply_fixes, build_attention,
    parse_inputs, validate,
};
use super::seed::CompiledSeed;
use super::world::{ImportPhase, RunBody, SheetData};
use super::{Destination, Shared, lock};
use crate::api::types::{
    BlockedQuestion, ExportMode, ExportReport, ImportReport, NeedsAttention, QuestionOption,
    RunStatus, Selection, SheetReport, WriteResult,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

pub fn spawn_import(shared: Arc<Shared>, run_id: String, generation: u64) {
    tokio::spawn(import_pass(shared, run_id, generation));
}

pub fn spawn_export(shared: Arc<Shared>, run_id: String, generation: u64) {
    tokio::spawn(export_pass(shared, run_id, generation));
}

/// Wait out the queue, then move `queued → running`. False when the run moved on meanwhile.
async fn start_running(shared: &Shared, run_id: &str, generation: u64) -> bool {
    let timing = shared.dynamic().timing;
    let status = {
        let w = shared.world();
        match w.runs.get(run_id) {
            Some(r) if r.generation == generation => r.status.clone(),
            _ => return false,
        }
    };
    match status {
        RunStatus::Running => return true,
        RunStatus::Queued => {}
        _ => return false,
    }
    tokio::time::sleep(timing.real(timing.queue_time)).await;
    let mut w = shared.world();
    match w.runs.get_mut(run_id) {
        Some(r) if r.generation == generation && r.status == RunStatus::Queued => {
            r.status = RunStatus::Running;
            true
        }
        _ => false,
    }
}

/// Show each message for an equal share of `total` (sandbox clock already applied).
async fn progress(
    shared: &Shared,
    run_id: &str,
    generation: u64,
    messages: &[String],
    total: Duration,
) {
    let step = total / messages.len().max(1) as u32;
    for m in messages {
        {
            let mut w = shared.world();
            match w.runs.get_mut(run_id) {
                Some(r) if r.generation == generation && r.status == RunStatus::Running => {
                    r.progress = Some(m.clone())
                }
                _ => return,
            }
        }
        tokio::time::sleep(step).await;
    }
}

struct SheetSnap {
    id: String,
    name: String,
    template: usize,
    data: Arc<SheetData>,
}

struct ImportJob {
    phase: ImportPhase,
    inputs: Vec<engine::Input>,
    scenario: Option<Scenario>,
    parsed: Option<Parsed>,
    block_fill: Option<(usize, usize, String)>,
    pending_fixes: Vec<(usize, usize, Fix)>,
    touched: Vec<usize>,
    sheets: Vec<SheetSnap>,
}

enum Outcome {
    Failed(String),
    Blocked {
        parsed: Parsed,
        questions: Vec<BlockedQuestion>,
        fill: (usize, usize, String),
    },
    Done {
        updates: Vec<(usize, SheetData)>,
        report: ImportReport,
        attention: Option<(NeedsAttention, Vec<QuestionPlan>)>,
    },
}

fn snapshot_import(shared: &Shared, run_id: &str, generation: u64) -> Option<ImportJob> {
    let w = shared.world();
    let run = w.runs.get(run_id).filter(|r| r.generation == generation)?;
    let RunBody::Import(st) = &run.body else {
        return None;
    };
    let company = w.companies.get(&run.company)?;
    Some(ImportJob {
        phase: st.phase,
        inputs: st.inputs.clone(),
        scenario: st.scenario,
        parsed: st.parsed.clone(),
        block_fill: st.block_fill.clone(),
        pending_fixes: st.pending_fixes.clone(),
        touched: st.touched.clone(),
        sheets: company
            .sheets
            .iter()
            .map(|s| SheetSnap {
                id: s.id.clone(),
                name: s.name.clone(),
                template: s.template,
                data: s.data.clone(),
            })
            .collect(),
    })
}

fn import_messages(job: &ImportJob) -> Vec<String> {
    let files: Vec<&str> = job
        .inputs
        .iter()
        .map(|i| match i {
            engine::Input::File { name, .. } => name.as_str(),
            engine::Input::Rows(_) => "inline rows",
        })
        .collect();
    let m = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
    match job.phase {
        ImportPhase::Parse => vec![
            format!("Reading {}", files.join(", ")),
            "Matching columns to your templates".into(),
            "Cleaning your data".into(),
            "Validating rows".into(),
            "Writing rows to the workbook".into(),
        ],
        ImportPhase::AfterBlock => m(&[
            "Applying your answers",
            "Validating rows",
            "Writing rows to the workbook",
        ]),
        ImportPhase::AfterDecision => m(&[
            "Applying your fix",
            "Writing a new plan version",
            "Re-validating rows",
        ]),
    }
}

async fn import_pass(shared: Arc<Shared>, run_id: String, generation: u64) {
    if !start_running(&shared, &run_id, generation).await {
        return;
    }
    let Some(job) = snapshot_import(&shared, &run_id, generation) else {
        return;
    };
    let messages = import_messages(&job);
    let seed = shared.seed.clone();
    let work = tokio::task::spawn_blocking(move || process_import(&seed, job));
    let timing = shared.dynamic().timing;
    progress(
        &shared,
        &run_id,
        generation,
        &messages,
        timing.real(timing.run_time),
    )
    .await;
    let outcome = match work.await {
        Ok(o) => o,
        Err(e) => Outcome::Failed(format!("Internal sandbox error: {e}")),
    };
    finalize_import(&shared, &run_id, generation, outcome);
}

fn process_import(seed: &CompiledSeed, job: ImportJob) -> Outcome {
    match job.phase {
        ImportPhase::Parse => {
            if job.scenario == Some(Scenario::Fail) {
                return Outcome::Failed(
                    "The import plan could not run on this input (the sandbox's 'fail' scenario)"
                        .into(),
                );
            }
            let parsed = match parse_inputs(seed, &job.inputs) {
                Ok(p) => p,
                Err(e) => return Outcome::Failed(e),
            };
            for t in parsed.sheets.keys() {
                if !job.sheets.iter().any(|s| s.template == *t) {
                    return Outcome::Failed(format!(
                        "The input matches template {}, which is not in this company's workbook",
                        seed.templates[*t].name
                    ));
                }
            }
            if job.scenario == Some(Scenario::Blocked) {
                return blocked(seed, parsed);
            }
            commit(seed, &job.sheets, parsed)
        }
        ImportPhase::AfterBlock => {
            let mut parsed = job.parsed.unwrap_or_default();
            if let Some((t, c, value)) = &job.block_fill
                && !value.is_empty()
            {
                for row in parsed.sheets.get_mut(t).into_iter().flatten() {
                    if row[*c].is_empty() {
                        row[*c] = value.clone().into_boxed_str();
                    }
                }
            }
            commit(seed, &job.sheets, parsed)
        }
        ImportPhase::AfterDecision => {
            let mut updates = BTreeMap::new();
            for &idx in &job.touched {
                let mut data = (*job.sheets[idx].data).clone();
                let fixes: Vec<(usize, Fix)> = job
                    .pending_fixes
                    .iter()
                    .filter(|(s, _, _)| *s == idx)
                    .map(|(_, c, f)| (*c, f.clone()))
                    .collect();
                apply_fixes(&mut data.rows, &data.validation, &fixes);
                updates.insert(idx, data);
            }
            revalidate(seed, &job.sheets, updates)
        }
    }
}

/// The `blocked` scenario's question: the first optional column with allowed values (Status in
/// the built-in seed) — should its empty cells get a default?
fn blocked(seed: &CompiledSeed, parsed: Parsed) -> Outcome {
    let empty = Vec::new();
    let (t, rows) = parsed
        .sheets
        .iter()
        .next()
        .map(|(t, r)| (*t, r))
        .unwrap_or((0, &empty));
    let template = &seed.templates[t];
    let c = template
        .columns
        .iter()
        .position(|c| !c.required && c.allowed.is_some())
        .or_else(|| template.columns.iter().position(|c| !c.required))
        .unwrap_or(0);
    let col = &template.columns[c];
    let default = col
        .allowed
        .as_ref()
        .and_then(|a| a.first().cloned())
        .unwrap_or_else(|| "Unknown".into());
    let empty = rows.iter().filter(|r| r[c].is_empty()).count();
    let question = BlockedQuestion {
        id: "q1".into(),
        question: format!(
            "Some {} rows have no {}. Should I fill them in?",
            template.name, col.name
        ),
        context: Some(format!(
            "{empty} of {} rows have an empty {}; the file does not say whether that means '{default}'.",
            rows.len(),
            col.name
        )),
        options: vec![
            QuestionOption {
                id: "a".into(),
                label: format!("Fill them with '{default}'"),
            },
            QuestionOption {
                id: "b".into(),
                label: format!("Leave {} empty", col.name),
            },
        ],
        allow_custom: true,
    };
    Outcome::Blocked {
        parsed,
        questions: vec![question],
        fill: (t, c, String::new()),
    }
}

/// The value a blocked question's answer fills in: option a → its default, b → nothing, free text
/// → the text itself.
pub fn fill_value_for_answer(questions: &Option<Vec<BlockedQuestion>>, answer: &str) -> String {
    let Some(q) = questions.as_ref().and_then(|q| q.first()) else {
        return String::new();
    };
    match q.options.iter().position(|o| o.label == answer) {
        Some(0) => q.options[0]
            .label
            .split('\'')
            .nth(1)
            .unwrap_or_default()
            .to_string(),
        Some(_) => String::new(),
        None => answer.trim().to_string(),
    }
}

fn commit(seed: &CompiledSeed, sheets: &[SheetSnap], parsed: Parsed) -> Outcome {
    let mut updates = BTreeMap::new();
    for (t, rows) in parsed.sheets {
        let Some(idx) = sheets.iter().position(|s| s.template == t) else {
            continue;
        };
        updates.insert(
            idx,
            SheetData {
                rows,
                validation: Default::default(),
            },
        );
    }
    revalidate(seed, sheets, updates)
}

fn link_targets(
    seed: &CompiledSeed,
    sheets: &[SheetSnap],
    updates: &BTreeMap<usize, SheetData>,
) -> LinkTargets {
    let mut links = LinkTargets::new();
    for &idx in updates.keys() {
        for col in &seed.templates[sheets[idx].template].columns {
            let Some((target, tcol)) = &col.link else {
                continue;
            };
            if links.contains_key(&(*target, tcol.clone())) {
                continue;
            }
            let mut values = HashSet::new();
            if let Some(ti) = sheets.iter().position(|s| s.template == *target) {
                let data = updates.get(&ti).unwrap_or(&sheets[ti].data);
                if let Some(ci) = seed.templates[*target].column_index(tcol) {
                    values.extend(
                        data.rows
                            .iter()
                            .map(|r| r[ci].clone())
                            .filter(|v| !v.is_empty()),
                    );
                }
            }
            links.insert((*target, tcol.clone()), values);
        }
    }
    links
}

fn revalidate(
    seed: &CompiledSeed,
    sheets: &[SheetSnap],
    mut updates: BTreeMap<usize, SheetData>,
) -> Outcome {
    let links = link_targets(seed, sheets, &updates);
    for (idx, data) in updates.iter_mut() {
        data.validation = validate(&seed.templates[sheets[*idx].template], &data.rows, &links);
    }
    let mut report = ImportReport::default();
    for (idx, data) in &updates {
        report.inserted += data.rows.len() as u64;
        report.invalid_cell_count += data.validation.invalid.len() as u64;
        report.per_sheet.push(SheetReport {
            template_name: seed.templates[sheets[*idx].template].name.clone(),
            sheet_id: sheets[*idx].id.clone(),
            row_count: data.rows.len() as u64,
        });
    }
    let attention = (report.invalid_cell_count > 0).then(|| {
        let views: Vec<SheetView<'_>> = updates
            .iter()
            .map(|(idx, data)| SheetView {
                index: *idx,
                sheet_id: &sheets[*idx].id,
                name: &sheets[*idx].name,
                template: &seed.templates[sheets[*idx].template],
                rows: &data.rows,
                validation: &data.validation,
            })
            .collect();
        build_attention(seed, &views)
    });
    Outcome::Done {
        updates: updates.into_iter().collect(),
        report,
        attention,
    }
}

fn finalize_import(shared: &Shared, run_id: &str, generation: u64, outcome: Outcome) {
    let mut w = shared.world();
    let Some(run) = w.runs.get_mut(run_id) else {
        return;
    };
    if run.generation != generation || run.status != RunStatus::Running {
        return;
    }
    let RunBody::Import(st) = &mut run.body else {
        return;
    };
    let company_id = run.company.clone();
    let mut terminal = false;
    let mut updates = Vec::new();
    match outcome {
        Outcome::Failed(e) => {
            run.status = RunStatus::Failed;
            run.error = Some(e);
            terminal = true;
        }
        Outcome::Blocked {
            parsed,
            questions,
            fill,
        } => {
            st.parsed = Some(parsed);
            st.blocked = Some(questions);
            st.block_fill = Some(fill);
            run.status = RunStatus::Blocked;
        }
        Outcome::Done {
            updates: u,
            report,
            attention,
        } => {
            st.touched = u.iter().map(|(i, _)| *i).collect();
            st.parsed = None;
            st.pending_fixes.clear();
            st.report = Some(report);
            updates = u;
            match attention {
                Some(a) => {
                    st.attention = Some(a);
                    run.status = RunStatus::NeedsAttention;
                }
                None => {
                    run.status = RunStatus::Completed;
                    terminal = true;
                }
            }
        }
    }
    run.progress = None;
    let Some(company) = w.companies.get_mut(&company_id) else {
        return;
    };
    for (idx, data) in updates {
        company.sheets[idx].data = Arc::new(data);
    }
    if terminal && company.active_import.as_deref() == Some(run_id) {
        company.active_import = None;
    }
}

// ---- exports -----------------------------------------------------------------------------------

struct ExportJob {
    company: String,
    mode: ExportMode,
    selection: Option<Selection>,
    connection: Option<Value>,
    sheets: Vec<(usize, Arc<SheetData>)>,
}

async fn export_pass(shared: Arc<Shared>, run_id: String, generation: u64) {
    if !start_running(&shared, &run_id, generation).await {
        return;
    }
    let dest_name = shared
        .seed
        .seed
        .destination
        .as_ref()
        .map(|d| d.name.clone())
        .unwrap_or_else(|| "the destination".into());
    let messages = vec![
        format!("Connecting to {dest_name}"),
        "Writing rows".to_string(),
        "Verifying writes".to_string(),
    ];
    let timing = shared.dynamic().timing;
    progress(
        &shared,
        &run_id,
        generation,
        &messages,
        timing.real(timing.run_time),
    )
    .await;
    let job = {
        let w = shared.world();
        let Some(run) = w.runs.get(&run_id) else {
            return;
        };
        if run.generation != generation || run.status != RunStatus::Running {
            return;
        }
        let RunBody::Export(st) = &run.body else {
            return;
        };
        let Some(company) = w.companies.get(&run.company) else {
            return;
        };
        ExportJob {
            company: run.company.clone(),
            mode: st.mode.clone(),
            selection: st.selection.clone(),
            connection: company.connection.clone(),
            sheets: company
                .sheets
                .iter()
                .map(|s| (s.template, s.data.clone()))
                .collect(),
        }
    };
    let down = shared.dynamic().destination_down;
    let result = match destination_failure(&shared.seed, job.connection.as_ref(), down) {
        Some(e) => Err(e),
        None => {
            let shared2 = shared.clone();
            match tokio::task::spawn_blocking(move || {
                let mut dest = lock(&shared2.destination);
                perform_writes(&shared2.seed, &mut dest, &job)
            })
            .await
            {
                Ok(r) => Ok(r),
                Err(e) => Err(format!("Internal sandbox error: {e}")),
            }
        }
    };
    let mut w = shared.world();
    let Some(run) = w.runs.get_mut(&run_id) else {
        return;
    };
    if run.generation != generation {
        return;
    }
    match result {
        Ok(report) => {
            run.status = RunStatus::Completed;
            if let RunBody::Export(st) = &mut run.body {
                st.report = Some(report);
            }
        }
        Err(e) => {
            run.status = RunStatus::Failed;
            run.error = Some(e);
        }
    }
    run.progress = None;
    let company = run.company.clone();
    if let Some(c) = w.companies.get_mut(&company)
        && c.active_export.as_deref() == Some(run_id.as_str())
    {
        c.active_export = None;
    }
}

/// Job-level problems that fail the whole export (spec §3.13): the destination is down, the
/// connection points elsewhere, or its credentials are wrong.
fn destination_failure(
    seed: &CompiledSeed,
    connection: Option<&Value>,
    down: bool,
) -> Option<String> {
    let Some(dest) = &seed.seed.destination else {
        return Some("No destination is configured in the sandbox seed".into());
    };
    let base = dest.base_url.trim_end_matches('/');
    if down {
        return Some(format!(
            "Destination {base} is unavailable: connection refused"
        ));
    }
    let conn = connection?;
    let url = conn["base_url"]
        .as_str()
        .unwrap_or("")
        .trim_end_matches('/');
    if url != base {
        return Some(format!(
            "Could not connect to {url}: the sandbox's destination is {base}"
        ));
    }
    if conn["auth"] != dest.auth {
        return Some(format!(
            "Destination {base} rejected the connection's credentials (401 Unauthorized)"
        ));
    }
    None
}

fn row_matches(
    seed: &CompiledSeed,
    template: usize,
    row: &[Box<str>],
    filter: Option<&Value>,
) -> bool {
    let Some(obj) = filter.and_then(Value::as_object) else {
        return true;
    };
    obj.iter().all(|(col, want)| {
        let Some(ci) = seed.templates[template].column_index(col) else {
            return true;
        };
        let have = &*row[ci];
        match want {
            Value::String(s) => s == have,
            Value::Array(a) => a.iter().any(|v| v.as_str() == Some(have)),
            _ => false,
        }
    })
}

/// Write the selected valid rows with natural-key upsert and report every write.
fn perform_writes(seed: &CompiledSeed, dest: &mut Destination, job: &ExportJob) -> ExportReport {
    let mut report = ExportReport {
        mode: Some(job.mode.clone()),
        ..Default::default()
    };
    let wanted: Option<Vec<&str>> = job
        .selection
        .as_ref()
        .and_then(|s| s.template_ids.as_ref())
        .map(|ids| ids.iter().map(String::as_str).collect());
    let filter = job.selection.as_ref().and_then(|s| s.row_filter.as_ref());
    for (template, data) in &job.sheets {
        let t = &seed.templates[*template];
        if wanted.as_ref().is_some_and(|w| !w.contains(&t.id.as_str())) {
            continue;
        }
        let Some(obj) = seed.writer.iter().find(|o| o.template == *template) else {
            continue;
        };
        for (ri, row) in data.rows.iter().enumerate() {
            if !data.validation.is_valid(ri) || !row_matches(seed, *template, row, filter) {
                continue;
            }
            let key = row[obj.natural_key].clone();
            let mut result = WriteResult {
                template_id: t.id.clone(),
                path: obj.path.clone(),
                status: 0,
                ok: false,
                error: None,
                fields_confirmed: None,
                natural_key: Some(key.to_string()),
            };
            if let Some(r) = obj.reject.iter().find(|r| r.rejects(&row[r.column])) {
                result.status = r.status;
                result.error = Some(r.error.clone());
            } else {
                let hollow = obj
                    .hollow
                    .iter()
                    .any(|(c, max)| row[*c].chars().count() > *max);
                let id = (job.company.clone(), *template, key);
                let stored: Vec<Box<str>> = if hollow {
                    vec![Box::<str>::from(""); row.len()]
                } else {
                    row.clone()
                };
                let existed = dest.records.insert(id.clone(), stored).is_some();
                *dest.writes.entry(id).or_default() += 1;
                result.status = if existed { 200 } else { 201 };
                result.ok = true;
                result.fields_confirmed = obj.verify.then_some(!hollow);
            }
            if result.ok {
                report.succeeded += 1;
            } else {
                report.failed += 1;
            }
            report.total += 1;
            report.results.push(result);
            if job.mode == ExportMode::Canary {
                break;
            }
        }
    }
    report
}

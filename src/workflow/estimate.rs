//! Estimate first (delivery.md §3) for a delivery: what a run would send, computed by the run's
//! own machinery — each sheet's `export.csv` read once and pushed through the same converter,
//! selector and gzip into a counting consumer, so `bytes` is exact; new, changed, unchanged and
//! removed rows from the ledger; files, batches and Migration API requests as the run would make
//! them. Nothing is written anywhere (the destination is only asked whether names exist).
//!
//! A webhook (`--to https://…`) is not asked anything: its plan has no names and no files, but
//! `batches`, and `bytes` = the request bodies the run would POST, exactly — each sheet pumped as
//! the run converts it (`jsonl`, through the same selector) into the run's own batcher, each
//! batch measured with its envelope (whose id and timestamp have a fixed width).
//!
//! A cap (`--max-rows`) refuses a run whose rows to send exceed it (exit 8), or, with
//! `--cap-behavior defer` (delta mode), lets through the first N rows in key order — ascending by
//! the key columns' values compared as text, sheet by sheet in delivery order — and leaves the
//! rest for the next run. A plan records what it was computed from (each sheet's source hash and
//! ledger version, the destination, the options), so `--apply` can refuse one that went stale.

use super::deliver::Spec;
use super::delta::DeltaSpec;
use super::download::Checks;
use super::migrate::Spec as MigrateSpec;
use super::pump::{PumpError, Source, pump};
use crate::api::Client;
use crate::api::types::ExportMode;
use crate::deliver::dest::{Destination, IfExists};
use crate::deliver::format::Options;
use crate::deliver::ledger::{self, Delta, Ledger};
use crate::deliver::target::Target;
use crate::deliver::webhook::{self, Batcher, Envelope, Measured};
use crate::journal::record::{Operation, Phase};
use crate::model::company::KnownCompany;
use crate::model::estimate::{
    CapBehavior, DeliveryPlan, ExportPlan, Inputs, MigrationPlan, SheetPlan, StepPlan, Tally,
    TemplatePlan,
};
use crate::model::migrate::ExportChoice;
use anyhow::{Result, anyhow};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The cap a run is held to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cap {
    pub max_rows: Option<u64>,
    pub behavior: CapBehavior,
}

/// What one sheet's pass found, and (delta) the keys of the rows it would send.
struct Pass {
    plan: SheetPlan,
    /// Delta: the rows to send with their key values, for a deferred cap.
    keyed: Vec<(Vec<String>, [u8; 16])>,
}

/// Rows a deferred cap lets through, per sheet (by key hash): the run's selector keeps only
/// these.
pub type Allowed = BTreeMap<String, HashSet<[u8; 16]>>;

/// Compute the plan of `spec` under `cap`. `extra_requests` counts the Migration API requests the
/// run makes besides reading each sheet (the templates, headers read to name sheets).
pub async fn estimate(
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    cap: Cap,
    extra_requests: u64,
) -> Result<(DeliveryPlan, Option<Allowed>)> {
    // A plan writes nothing, so a directory that is not there yet is not made (and holds no
    // names); stores are only asked.
    let hook = matches!(spec.target, Target::Webhook(_));
    let dest = match &spec.target {
        Target::Dir(p) if !p.exists() => None,
        Target::Webhook(_) => None,
        target => Some(
            Destination::open(target, &spec.tuning)
                .await
                .map_err(|e| anyhow!("{e}"))?,
        ),
    };
    let names = if hook {
        vec![String::new(); spec.sheets.len()]
    } else {
        spec.preview_names()?
    };
    let mut passes = Vec::new();
    let mut inputs = Inputs::default();
    for (i, sheet) in spec.sheets.iter().enumerate() {
        let (pass, source, ledger) = sheet_pass(client, spec, checks, i, None).await?;
        let exists = match &dest {
            Some(d) => d
                .size(&names[i])
                .await
                .map_err(|e| anyhow!("{e}"))?
                .is_some(),
            None => false,
        };
        let mut pass = pass;
        pass.plan.name = names[i].clone();
        pass.plan.exists = exists;
        inputs.sheets.insert(
            sheet.id.clone(),
            crate::model::estimate::SheetInputs { source, ledger },
        );
        passes.push(pass);
    }
    // Reading every sheet is what the run does too, once — twice when it must plan first (a cap,
    // or a saved plan to check).
    let reads = if cap.max_rows.is_some() { 2 } else { 1 };
    let mut sheets: Vec<SheetPlan> = passes.iter().map(|p| p.plan.clone()).collect();
    for s in &mut sheets {
        s.api_requests = reads;
        // A name that exists is not written under skip; under fail the run stops (exit 7).
        if s.exists && spec.if_exists == IfExists::Skip {
            s.files = 0;
        }
    }
    let total_send: u64 = sheets.iter().map(|s| s.to_send).sum();
    let mut allowed = None;
    let capped = cap.max_rows.is_some_and(|n| total_send > n);
    if let (true, Some(n), CapBehavior::Defer) = (capped, cap.max_rows, cap.behavior) {
        let chosen = defer(&passes, n);
        // The bytes of a deferred run are those of its narrower selection: a second pass.
        for (i, sheet) in spec.sheets.iter().enumerate() {
            let only = chosen.get(&sheet.id).cloned().unwrap_or_default();
            let sent = only.len() as u64;
            let (pass, _, _) = sheet_pass(client, spec, checks, i, Some(only)).await?;
            let s = &mut sheets[i];
            s.would_skip = s.to_send - sent;
            s.to_send = sent;
            s.bytes = if sent > 0 { pass.plan.bytes } else { 0 };
            s.files = u64::from(sent > 0 && !(s.exists && spec.if_exists == IfExists::Skip));
            if hook {
                s.files = 0;
                s.batches = pass.plan.batches;
            }
            s.capped = s.would_skip > 0;
        }
        allowed = Some(chosen);
    } else if capped {
        for s in &mut sheets {
            s.capped = true;
            s.would_skip = s.to_send;
        }
    }
    let total = Tally::sum(&sheets, extra_requests);
    let refused = capped && cap.behavior == CapBehavior::Refuse;
    let plan = DeliveryPlan {
        company: spec.company.clone(),
        destination: spec.destination_id(),
        destination_type: spec.target.kind().to_string(),
        // A webhook's batches are always uncompressed JSON.
        format: if hook { "json" } else { spec.format.name() }.to_string(),
        gzip: spec.gzip && !hook,
        mode: if spec.delta.is_some() {
            "delta"
        } else {
            "snapshot"
        }
        .into(),
        max_rows: cap.max_rows,
        cap_behavior: cap.behavior,
        sheets,
        total,
        refused,
        reason: refused.then(|| {
            format!(
                "{} rows to send exceed --max-rows {}",
                crate::text::count(total_send),
                crate::text::count(cap.max_rows.unwrap_or_default())
            )
        }),
        stale: Vec::new(),
        inputs,
        next: Vec::new(),
    };
    Ok((plan, allowed))
}

/// What changed since `saved` was made, as `fresh` finds it: sheets whose rows or ledger moved.
pub fn stale(saved: &DeliveryPlan, fresh: &DeliveryPlan) -> Vec<String> {
    let mut out = Vec::new();
    for s in &fresh.sheets {
        let before = saved.inputs.sheets.get(&s.sheet_id);
        let now = fresh.inputs.sheets.get(&s.sheet_id);
        let was = saved.sheets.iter().find(|p| p.sheet_id == s.sheet_id);
        match (before, now, was) {
            (Some(b), Some(n), Some(was)) => {
                if b.source != n.source {
                    out.push(format!(
                        "the rows of sheet {} changed since the plan was made ({} rows then, {} now)",
                        s.sheet, was.requested_count, s.requested_count
                    ));
                }
                if b.ledger != n.ledger {
                    out.push(format!(
                        "the ledger of sheet {} moved since the plan was made (another delivery ran)",
                        s.sheet
                    ));
                }
            }
            _ => out.push(format!("sheet {} is not in the saved plan", s.sheet)),
        }
    }
    out
}

/// One sheet through the converter into nothing: its counts, bytes and source hash. With `only`,
/// the selection a deferred cap allows.
async fn sheet_pass(
    client: &Client,
    spec: &Spec,
    checks: &Checks,
    i: usize,
    only: Option<HashSet<[u8; 16]>>,
) -> Result<(Pass, String, Option<String>)> {
    let sheet = &spec.sheets[i];
    let pair = (sheet.id.clone(), sheet.name.clone());
    let shown = if sheet.name.is_empty() {
        sheet.id.clone()
    } else {
        sheet.name.clone()
    };
    let delta = match &spec.delta {
        Some(d) => Some(open_ledger(d, spec, i)?),
        None => None,
    };
    let selector = delta.as_ref().map(|(ledger, keys)| {
        let d = Delta::new(ledger.clone(), keys, &shown).keying();
        match &only {
            Some(set) => d.only(set.clone()),
            None => d,
        }
    });
    let source = Source {
        company: &spec.company,
        sheet: &pair,
        filter: spec.filter,
        checks,
        label: format!("plan {shown}"),
    };
    let hook = matches!(spec.target, Target::Webhook(_));
    let opts = if hook {
        // As the run converts it: every row a JSON object on a line of its own.
        Options::new(
            crate::deliver::format::Format::Jsonl,
            false,
            sheet.name.clone(),
        )
    } else {
        Options::new(spec.format, spec.gzip, sheet.name.clone())
    };
    // A webhook's rows go into the run's own batcher, each batch measured, not kept.
    let mut measured: Vec<Measured> = Vec::new();
    let mut batcher = Batcher::new(spec.webhook.batch_size, |b| {
        measured.push(Measured::of(&b));
        Ok(())
    });
    let pumped = pump(client, source, opts, selector.clone(), async |bytes| {
        if hook {
            use std::io::Write as _;
            batcher
                .write_all(&bytes)
                .map_err(|e| crate::deliver::dest::DestError::Failed(e.to_string()))?;
        }
        Ok(())
    })
    .await
    .map_err(|e| match e {
        PumpError::Source(e) => anyhow::Error::new(e),
        PumpError::Convert(e) => {
            anyhow::Error::new(e).context(format!("sheet {shown} could not be converted"))
        }
        PumpError::Dest(e) => anyhow!("{e}"),
    })?;
    batcher.finish()?;
    let s = &pumped.summary;
    // A delta sheet with nothing to send writes no file (so no bytes either).
    let file = s.rows > 0 || spec.delta.is_none();
    let mut plan = SheetPlan {
        sheet: shown,
        sheet_id: sheet.id.clone(),
        requested_count: s.rows_read,
        new_count: s.rows_read,
        to_send: s.rows,
        bytes: if file { s.bytes } else { 0 },
        files: u64::from(file),
        ..SheetPlan::default()
    };
    if hook {
        if s.columns.iter().any(|c| c == webhook::ROW_INDEX) {
            return Err(anyhow!(
                "sheet {} has a column named \"{}\", which the webhook payload uses for each row's position",
                plan.sheet,
                webhook::ROW_INDEX
            ));
        }
        // The run writes each row's place in the sheet where the plan's batcher wrote its
        // position among the rows sent.
        let indices: Option<Vec<u64>> = selector
            .as_ref()
            .map(|sel| sel.kept().into_iter().map(|(at, _)| at).collect());
        let envelope = Envelope {
            workbook_id: spec.webhook.workbook_id.as_deref(),
            external_id: spec.external_id.as_deref(),
            id: "",
            index: 0,
            total: 0,
            timestamp: "",
            sheet_id: &sheet.id,
            sheet: &plan.sheet,
        };
        plan.bytes = webhook::bodies_len(&envelope, &measured, indices.as_deref());
        plan.batches = measured.len() as u64;
        plan.files = 0;
    }
    let mut keyed = Vec::new();
    if let Some(sel) = &selector {
        let (counts, _) = sel.finish();
        plan.already_delivered = counts.unchanged;
        plan.new_count = counts.new;
        plan.changed_count = counts.changed;
        plan.removed_count = counts.removed;
        keyed = sel.keyed();
    }
    let ledger = delta.map(|(l, _)| l.version());
    Ok((Pass { plan, keyed }, pumped.source, ledger))
}

fn open_ledger(d: &DeltaSpec, spec: &Spec, i: usize) -> Result<(Arc<Ledger>, Vec<String>)> {
    let keys = d.keys.get(i).cloned().unwrap_or_default();
    let sheet = &spec.sheets[i].id;
    let destination = spec.destination_id();
    let path = Ledger::path_for(&d.dir, &spec.company, sheet, &destination, &keys);
    let about = ledger::about(&spec.company, sheet, &destination, &keys);
    let ledger = Ledger::load(&path, about).map_err(|e| anyhow!(e))?;
    Ok((Arc::new(ledger), keys))
}

/// The first `n` rows to send in key order, sheet by sheet.
fn defer(passes: &[Pass], n: u64) -> Allowed {
    let mut left = n;
    let mut out = Allowed::new();
    for p in passes {
        let mut keyed: Vec<&(Vec<String>, [u8; 16])> = p.keyed.iter().collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let take = (left as usize).min(keyed.len());
        out.insert(
            p.plan.sheet_id.clone(),
            keyed[..take].iter().map(|(_, k)| *k).collect(),
        );
        left -= take as u64;
    }
    out
}

/// `vern export --plan`: the rows the server-side writer would push — per template, the rows of
/// the latest completed import vern knows that reported its sheet (the companies surface cannot
/// count them), one per template for a canary — and the cap check. With no completed import
/// known, the plan cannot know: an error with a hint (exit 1).
pub fn export(
    company: &str,
    mode: &ExportMode,
    templates: &[String],
    row_filter: bool,
    max_rows: Option<u64>,
    known: Option<&KnownCompany>,
) -> Result<ExportPlan> {
    let chosen: Vec<TemplatePlan> = known
        .map(|k| k.sheets.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|s| {
            templates.is_empty()
                || s.template_id
                    .as_deref()
                    .is_some_and(|t| templates.iter().any(|w| w.eq_ignore_ascii_case(t)))
        })
        .filter_map(|s| {
            let from = s.rows_from.as_ref()?;
            Some(TemplatePlan {
                template_id: s.template_id.clone(),
                sheet: s.name.clone(),
                sheet_id: s.id.clone(),
                rows: s.rows.unwrap_or_default(),
                canary_rows: u64::from(s.rows.unwrap_or_default() > 0),
                import_run: from.import_run.clone(),
            })
        })
        .collect();
    if chosen.is_empty() {
        return Err(crate::exit::UserError::input(format!(
            "vern cannot know how many rows an export of company {company} would write: it knows no completed import of it{}",
            if templates.is_empty() { "" } else { " for those templates" }
        ))
        .with_hint(format!(
            "import first (vern import / vern migrate), or see what vern knows: vern company show {company}"
        ))
        .into());
    }
    let to_send: u64 = chosen
        .iter()
        .map(|t| {
            if *mode == ExportMode::Canary {
                t.canary_rows
            } else {
                t.rows
            }
        })
        .sum();
    let capped = max_rows.is_some_and(|n| to_send > n);
    Ok(ExportPlan {
        company: company.to_string(),
        mode: mode.to_string(),
        templates: chosen,
        to_send,
        row_filter,
        api_requests: 1,
        max_rows,
        capped,
        would_skip: if capped { to_send } else { 0 },
        refused: capped,
        reason: capped.then(|| {
            format!(
                "{} rows to write exceed --max-rows {}",
                crate::text::count(to_send),
                crate::text::count(max_rows.unwrap_or_default())
            )
        }),
        next: if capped {
            vec![
                "export a canary first: --mode canary".into(),
                "or fewer templates: --template ID".into(),
                format!("or a larger cap: --max-rows {to_send}"),
            ]
        } else {
            Vec::new()
        },
    })
}

/// `vern migrate --plan`: what the pipeline would still do. Before the import has run, the rows
/// it will hold, flag and export cannot be known: those steps say so; what can be known is (the
/// files' rows and bytes counted locally, the templates the company gets).
pub fn migration(
    spec: &MigrateSpec,
    provisions: bool,
    templates: usize,
    earlier: Option<&Operation>,
) -> Result<MigrationPlan> {
    let reached = earlier.map(|o| o.phase).unwrap_or(Phase::Start);
    let done = |p: Phase| earlier.is_some() && p < reached;
    let mut steps = Vec::new();
    if spec.company.is_some() {
        steps.push(step(
            "provision",
            "skipped",
            "an existing company (--company)".into(),
        ));
    } else if done(Phase::Provision)
        || earlier.is_some_and(|o| o.provision.as_ref().is_some_and(|p| p.company_id.is_some()))
    {
        steps.push(step("provision", "done", "the company exists".into()));
    } else {
        let mut s = step(
            "provision",
            "would_run",
            "create the company (sent once)".into(),
        );
        s.api_requests = Some(u64::from(provisions));
        steps.push(s);
    }
    let mut rows = 0;
    let mut bytes = 0;
    for f in &spec.files {
        bytes += std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        rows += count_rows(f).unwrap_or(0);
    }
    let files = spec.files.len() as u64;
    let status = if done(Phase::Import) {
        "done"
    } else {
        "would_run"
    };
    let mut s = step(
        "upload",
        status,
        "a signed upload per file (the bytes go to storage)".into(),
    );
    (s.files, s.bytes, s.api_requests) = (Some(files), Some(bytes), Some(files));
    steps.push(s);
    let mut s = step(
        "import",
        status,
        "counted locally; then the run is polled until it settles".into(),
    );
    (s.rows, s.api_requests) = (Some(rows), Some(1));
    steps.push(s);
    let review = if done(Phase::Review) {
        "done"
    } else {
        "unknown"
    };
    steps.push(step(
        "review",
        review,
        format!(
            "only if the import needs attention (--approve {:?})",
            spec.approve
        )
        .to_lowercase(),
    ));
    let exports = spec.export != ExportChoice::None;
    let canary = exports && spec.canary;
    let full = spec.export == ExportChoice::Full;
    let later = |asked: bool, p: Phase| match (asked, done(p)) {
        (false, _) => "skipped",
        (true, true) => "done",
        (true, false) => "would_run",
    };
    let mut s = step(
        "canary",
        later(canary, Phase::Canary),
        "the first row of each template".into(),
    );
    if canary {
        (s.rows, s.api_requests) = (Some(templates as u64), Some(1));
    }
    steps.push(s);
    let mut s = step(
        "export",
        later(full, Phase::Export),
        "every validated row: known once the import has run".into(),
    );
    if full {
        s.api_requests = Some(1);
    }
    steps.push(s);
    let mut s = step(
        "download",
        later(spec.download.is_some(), Phase::Download),
        "one CSV per sheet".into(),
    );
    if spec.download.is_some() {
        (s.files, s.api_requests) = (Some(templates as u64), Some(templates as u64));
    }
    steps.push(s);
    let mut s = step(
        "deliver",
        later(spec.deliver.is_some(), Phase::Deliver),
        "one file per sheet; rows known once the import has run".into(),
    );
    if spec.deliver.is_some() {
        (s.files, s.api_requests) = (Some(templates as u64), Some(templates as u64));
    }
    steps.push(s);
    for s in steps
        .iter_mut()
        .filter(|s| s.status == "skipped" && s.step != "provision")
    {
        s.note = "not asked for".into();
    }
    let api_requests = steps
        .iter()
        .filter(|s| s.status == "would_run")
        .filter_map(|s| s.api_requests)
        .sum();
    Ok(MigrationPlan {
        operation: earlier.map(|o| o.id.clone()),
        steps,
        api_requests,
        next: Vec::new(),
    })
}

fn step(step: &'static str, status: &'static str, note: String) -> StepPlan {
    StepPlan {
        step,
        status,
        rows: None,
        bytes: None,
        files: None,
        api_requests: None,
        note,
    }
}

/// Data rows of a local CSV (TSV by its extension), without the header.
fn count_rows(path: &std::path::Path) -> Option<u64> {
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .flexible(true)
        .from_path(path)
        .ok()?;
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while r.read_byte_record(&mut rec).ok()? {
        n += 1;
    }
    Some(n)
}

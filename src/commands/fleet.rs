//! `vern migrate --manifest FILE`: many company migrations at once under the one rate budget,
//! each its own journaled operation, with a live status line per company on a terminal, a final
//! table, and the worst outcome as the exit code.

use super::{Journaled, check_inputs};
use crate::api::Client;
use crate::context::Context;
use crate::exit::{ExitCode, UserError, code_for_error, kind_for_error};
use crate::journal::Listed;
use crate::journal::record::{OpKind, OpStatus};
use crate::model::fleet::{FleetReport, FleetRow, severity};
use crate::model::migrate::{MigrateReport, Milestone};
use crate::model::shapes::ErrorDoc;
use crate::ui::Ui;
use crate::ui::escape::escape;
use crate::ui::render::migrate::milestone;
use crate::workflow::download::{Templates, file_stem};
use crate::workflow::fleet::{self, Row};
use crate::workflow::migrate::{self, Checked, Pipeline, Spec, last_export};
use crate::workflow::{Progress, files};
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::time::Duration;

/// The command line's choices, which a manifest row may override.
pub struct FleetOptions {
    pub defaults: Spec,
    pub new: bool,
    pub concurrency: u32,
    pub shard: Option<(usize, usize)>,
}

pub async fn run(ctx: &Context, opts: &FleetOptions, manifest: &Path) -> anyhow::Result<ExitCode> {
    let all = fleet::parse(manifest)?;
    let rows_in_manifest = all.len();
    let rows = match opts.shard {
        Some(s) => fleet::shard(all, s),
        None => all,
    };
    let client = ctx.fleet_client()?;
    // Read once for every row: the names each row's download will write, its expected headers.
    let templates = Templates::default();
    check_rows(ctx, &client, &rows, &opts.defaults, &templates).await?;
    let style = row_style(&rows);
    let tasks = rows.iter().map(|row| {
        let bar = ctx
            .ui
            .live_progress()
            .then(|| row_bar(&ctx.ui, &style, row));
        let reporter = RowSteps {
            ui: ctx.ui.clone(),
            label: row.label(),
            bar,
        };
        let spec = spec_for(row, &opts.defaults);
        let client = client.clone();
        let templates = &templates;
        async move {
            let result = run_row(ctx, &client, &spec, opts.new, &reporter, templates).await;
            let r = row_outcome(row, &spec, result);
            reporter.done(&r);
            r
        }
    });
    let mut results: Vec<FleetRow> = futures_util::stream::iter(tasks)
        .buffer_unordered(opts.concurrency as usize)
        .collect()
        .await;
    results.sort_by_key(|r| r.row);
    let exit = results
        .iter()
        .map(|r| r.exit)
        .max_by_key(|c| severity(*c))
        .unwrap_or(ExitCode::Success);
    Ok(ctx.ui.emit(&FleetReport {
        manifest: manifest.display().to_string(),
        shard: opts.shard.map(|(i, n)| format!("{i}/{n}")),
        rows_in_manifest,
        rows: results,
        exit,
    }))
}

/// Every row's files and download directory are checked before anything is sent — but a file
/// that is gone after an unfinished operation uploaded it is left to the row's own check once its
/// operation is known (`check_inputs`), where its uploaded copy may serve. A row may leave out its
/// source only where a sandbox supplies the seeded one.
async fn check_rows(
    ctx: &Context,
    client: &Client,
    rows: &[Row],
    defaults: &Spec,
    templates: &Templates,
) -> anyhow::Result<()> {
    let uploaded = uploaded_by_unfinished(ctx);
    for r in rows {
        let in_row = |e: UserError| UserError {
            message: format!("manifest row {} ({}): {}", r.number, r.label(), e.message),
            ..e
        };
        let mut inputs = Vec::new();
        for path in &r.files {
            let absolute = files::absolute(path);
            if !path.exists() && uploaded.contains(&absolute.display().to_string()) {
                inputs.push(absolute);
                continue;
            }
            files::inspect(path).map_err(in_row)?;
            inputs.push(absolute);
        }
        let spec = spec_for(r, defaults);
        if let Err(e) = migrate::check_download(client, &spec, &inputs, templates).await {
            return Err(match e.downcast::<UserError>() {
                Ok(u) => in_row(u).into(),
                Err(e) => e,
            });
        }
    }
    if let Some(r) = rows
        .iter()
        .find(|r| r.company.is_none() && r.source.is_none())
        && !ctx.is_sandbox()
        && client.sandbox_defaults().await.is_none()
    {
        return Err(UserError::usage(format!(
            "manifest row {} ({}): no source to provision the company from",
            r.number,
            r.label()
        ))
        .with_hint("add a source column with a source id from `vern sources list`")
        .into());
    }
    Ok(())
}

/// The files unfinished migrations of this journal have uploaded (absolute paths). Unreadable
/// records are left out: the rows' own operations say what is wrong with them.
fn uploaded_by_unfinished(ctx: &Context) -> std::collections::HashSet<String> {
    let listed = ctx.journal().list().unwrap_or_default();
    listed
        .into_iter()
        .filter_map(|l| match l {
            Listed::Ok(op) => Some(op),
            Listed::Unreadable { .. } => None,
        })
        .filter(|op| op.kind == OpKind::Migrate && !op.status.is_finished())
        .flat_map(|op| op.files)
        .filter(|f| f.upload_ref.is_some())
        .map(|f| f.path)
        .collect()
}

/// Run one row to its end as its own operation; a failure is the row's outcome, not the
/// fleet's. No announcements: the row's status line says what happens.
async fn run_row(
    ctx: &Context,
    client: &Client,
    spec: &Spec,
    new: bool,
    reporter: &RowSteps,
    templates: &Templates,
) -> Result<(MigrateReport, String), (anyhow::Error, Option<String>)> {
    let checked = migrate::check(client, spec, ctx.is_sandbox(), templates)
        .await
        .map_err(|e| (e, None))?;
    let journaled = Journaled::new(OpKind::Migrate, checked.identity(spec))
        .company(spec.company.as_deref())
        .options(Checked::options(spec))
        .starting_over(new)
        .recording(row_argv(spec));
    let mut op = ctx.begin_quietly(journaled).map_err(|e| (e, None))?;
    let id = op.id().to_string();
    let inputs =
        check_inputs(&mut op, &spec.files).map_err(|e| (e, op.resumed.then(|| id.clone())))?;
    let result = async {
        let plan = checked.plan(&mut op, &ctx.journal(), spec, inputs)?;
        let pipe = Pipeline {
            client,
            deadline: ctx.deadline,
            progress: reporter,
            reviewer: None,
            actor: &ctx.settings.actor,
        };
        let report = migrate::run(&pipe, &mut op, &plan).await?;
        op.reported()?;
        Ok(report)
    }
    .await;
    match result {
        Ok(report) => Ok((report, id)),
        Err(e) => match op.fail(OpStatus::Errored, &e) {
            Ok(()) => Err((e, Some(id))),
            Err(je) => Err((
                e.context(format!("the journal could not record it: {je}")),
                Some(id),
            )),
        },
    }
}

fn row_outcome(
    row: &Row,
    spec: &Spec,
    result: Result<(MigrateReport, String), (anyhow::Error, Option<String>)>,
) -> FleetRow {
    match result {
        Ok((report, op)) => {
            let export = last_export(&report);
            FleetRow {
                row: row.number,
                label: row.label(),
                operation: Some(op),
                company: report.company.clone(),
                status: report.status.to_string(),
                step: report.stopped_at.clone(),
                exit_code: report.exit.code(),
                import_run: report.import.as_ref().map(|i| i.run_id.clone()),
                exported_ok: export.map(|e| e.succeeded - e.hollow.min(e.succeeded)),
                exported_failed: export.map(|e| e.failed),
                exported_hollow: export.map(|e| e.hollow),
                error: report
                    .reason
                    .as_ref()
                    .filter(|_| report.status != OpStatus::Completed)
                    .map(|reason| ErrorDoc {
                        message: reason.clone(),
                        causes: Vec::new(),
                        hint: report.next.first().cloned(),
                        kind: if report.status == OpStatus::Failed {
                            "run_failed"
                        } else {
                            "stopped"
                        },
                        candidates: Vec::new(),
                    }),
                exit: report.exit,
            }
        }
        Err((e, op)) => {
            let code = code_for_error(&e);
            FleetRow {
                row: row.number,
                label: row.label(),
                operation: op,
                company: spec.company.clone(),
                status: "error".into(),
                step: None,
                exit_code: code.code(),
                import_run: None,
                exported_ok: None,
                exported_failed: None,
                exported_hollow: None,
                error: Some(ErrorDoc {
                    message: format!("{e:#}"),
                    causes: Vec::new(),
                    hint: None,
                    kind: kind_for_error(&e),
                    candidates: Vec::new(),
                }),
                exit: code,
            }
        }
    }
}

/// A status line per company: a line of a live table on a terminal, prefixed log lines elsewhere.
struct RowSteps {
    ui: Ui,
    label: String,
    bar: Option<ProgressBar>,
}

impl RowSteps {
    fn done(&self, r: &FleetRow) {
        match &self.bar {
            Some(b) => b.finish_with_message(format!("{} (exit {})", r.status, r.exit_code)),
            None => self
                .ui
                .note(format!("{}: {} (exit {})", r.label, r.status, r.exit_code)),
        }
    }
}

impl Progress for RowSteps {
    fn step(&self, n: usize, total: usize, what: &Milestone<'_>) {
        let line = format!("[{n}/{total}] {}", milestone(what));
        match &self.bar {
            Some(b) => b.set_message(escape(&line).into_owned()),
            None => self.ui.note(format!("{}: {line}", self.label)),
        }
    }

    fn note(&self, what: &Milestone<'_>) {
        let line = milestone(what);
        match &self.bar {
            Some(b) => b.set_message(escape(line.trim()).into_owned()),
            None => self.ui.log(1, format!("{}: {}", self.label, line.trim())),
        }
    }
}

fn row_style(rows: &[Row]) -> ProgressStyle {
    let width = rows
        .iter()
        .map(|r| r.label().chars().count())
        .max()
        .unwrap_or(8);
    ProgressStyle::with_template(&format!("{{spinner}} {{prefix:<{width}}}  {{msg}}"))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn row_bar(ui: &Ui, style: &ProgressStyle, row: &Row) -> ProgressBar {
    let b = ui.multi().add(ProgressBar::new_spinner());
    b.set_style(style.clone());
    b.set_prefix(escape(&row.label()).into_owned());
    b.set_message("waiting for a slot");
    b.enable_steady_tick(Duration::from_millis(150));
    b
}

/// The argv that runs one row alone (recorded in its journal record for `vern resume`).
fn row_argv(spec: &Spec) -> Vec<String> {
    let mut a = vec!["migrate".to_string()];
    a.extend(spec.files.iter().map(|f| f.display().to_string()));
    let mut opt = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            a.push(k.to_string());
            a.push(v);
        }
    };
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok().and_then(|v| v.as_str().map(str::to_string))
    };
    opt("--company", spec.company.clone());
    opt("--name", spec.name.clone());
    opt("--source", spec.source.clone());
    opt("--external-id", spec.external_id.clone());
    opt(
        "--connection",
        spec.connection.as_ref().map(|p| p.display().to_string()),
    );
    opt(
        "--download",
        spec.download.as_ref().map(|p| p.display().to_string()),
    );
    opt("--approve", word(serde_json::to_value(spec.approve)));
    opt("--export", word(serde_json::to_value(spec.export)));
    for t in &spec.templates {
        a.push("--template".into());
        a.push(t.clone());
    }
    if !spec.canary {
        a.push("--no-canary".into());
    }
    if spec.allow_failures {
        a.push("--allow-failures".into());
    }
    a
}

/// A row's migration: its own fields, the command line's choices where it has none.
fn spec_for(row: &Row, defaults: &Spec) -> Spec {
    let download = match (&row.download, &defaults.download) {
        (Some(d), _) => Some(d.clone()),
        // One directory per company under the shared one, so sheets never collide.
        (None, Some(d)) => Some(d.join(file_stem(&row.label()))),
        (None, None) => None,
    };
    Spec {
        files: row.files.clone(),
        company: row.company.clone(),
        name: row.name.clone(),
        source: row.source.clone(),
        external_id: row.external_id.clone(),
        templates: row.templates.clone(),
        connection: row.connection.clone(),
        // No prompts in fleet mode: `ask` stops at a decision like `never`.
        approve: row.approve.unwrap_or(defaults.approve),
        export: row.export.unwrap_or(defaults.export),
        canary: row.canary.unwrap_or(defaults.canary),
        download,
        deliver: None,
        allow_failures: row.allow_failures.unwrap_or(defaults.allow_failures),
    }
}

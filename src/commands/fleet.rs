//! `vern migrate --manifest FILE`: many company migrations at once under the one rate budget,
//! each its own journaled operation, with a live status line per company on a terminal, a final
//! table, and the worst outcome as the exit code.

use super::migrate::{MigrateArgs, Spec, run_row};
use super::{Report, emit};
use crate::context::Context;
use crate::exit::{ExitCode, code_for_error};
use crate::journal::record::OpStatus;
use crate::ui::render::count;
use crate::workflow::fleet::{self, Row};
use crate::workflow::migrate::StepReporter;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// How bad an outcome is, to pick the fleet's exit code: the worst row wins.
pub fn severity(code: ExitCode) -> u8 {
    match code {
        ExitCode::Success => 0,
        ExitCode::ExportFailures => 1,
        ExitCode::NeedsAttention => 2,
        ExitCode::Timeout => 3,
        ExitCode::RunFailed => 4,
        ExitCode::Conflict => 5,
        ExitCode::Error => 6,
        ExitCode::Auth => 7,
        ExitCode::Usage => 8,
        ExitCode::Interrupted => 9,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FleetRow {
    pub row: usize,
    pub label: String,
    pub operation: Option<String>,
    pub company: Option<String>,
    pub status: String,
    pub step: Option<String>,
    pub exit_code: i32,
    pub import_run: Option<String>,
    pub exported_ok: Option<u64>,
    pub exported_failed: Option<u64>,
    pub exported_hollow: Option<u64>,
    pub error: Option<String>,
    #[serde(skip)]
    exit: ExitCode,
}

#[derive(Serialize)]
pub struct FleetReport {
    pub manifest: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub rows_in_manifest: usize,
    pub rows: Vec<FleetRow>,
    #[serde(skip)]
    exit: ExitCode,
}

impl fmt::Display for FleetReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shard = self
            .shard
            .as_ref()
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default();
        writeln!(
            f,
            "fleet {}: {} migration(s) of {}{shard}",
            self.manifest,
            self.rows.len(),
            self.rows_in_manifest
        )?;
        let w = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        writeln!(
            f,
            "  {:<w$}  {:<10}  EXIT  {:<22}  EXPORTED (ok/failed/hollow)",
            "ROW", "STATUS", "OPERATION"
        )?;
        for r in &self.rows {
            let exported = match (r.exported_ok, r.exported_failed, r.exported_hollow) {
                (Some(o), Some(fl), Some(h)) => format!("{}/{}/{}", count(o), count(fl), count(h)),
                _ => "-".into(),
            };
            writeln!(
                f,
                "  {:<w$}  {:<10}  {:<4}  {:<22}  {exported}",
                r.label,
                r.status,
                r.exit_code,
                r.operation.as_deref().unwrap_or("-")
            )?;
            if let Some(e) = &r.error {
                writeln!(f, "  {:<w$}  error: {}", "", e.lines().next().unwrap_or(""))?;
            }
        }
        let worst = self.exit.code();
        write!(f, "exit {worst} (the worst outcome)")
    }
}

impl Report for FleetReport {
    fn exit_code(&self) -> ExitCode {
        self.exit
    }

    fn job(&self) -> Option<crate::ui::github::JobReport> {
        use crate::ui::github::cell;
        let mut md = format!(
            "### vern fleet `{}`: {} migration(s)\n\n| row | status | exit | operation | error |\n|---|---|---:|---|---|\n",
            self.manifest,
            self.rows.len()
        );
        for r in &self.rows {
            md.push_str(&format!(
                "| {} | {} | {} | `{}` | {} |\n",
                cell(&r.label),
                r.status,
                r.exit_code,
                r.operation.as_deref().unwrap_or("-"),
                cell(r.error.as_deref().unwrap_or(""))
            ));
        }
        Some(crate::ui::github::JobReport {
            summary: md,
            outputs: vec![(
                "status".into(),
                if self.exit == ExitCode::Success {
                    "completed"
                } else {
                    "partial"
                }
                .into(),
            )],
        })
    }
}

/// A status line per company: a line of a live table on a terminal, prefixed log lines elsewhere.
struct RowSteps {
    ui: crate::ui::Ui,
    label: String,
    bar: Option<ProgressBar>,
}

impl StepReporter for RowSteps {
    fn step(&self, n: usize, total: usize, what: &str) {
        match &self.bar {
            Some(b) => b.set_message(format!("[{n}/{total}] {what}")),
            None => self
                .ui
                .note(format!("{}: [{n}/{total}] {what}", self.label)),
        }
    }

    fn note(&self, line: &str) {
        match &self.bar {
            Some(b) => b.set_message(line.trim().to_string()),
            None => self.ui.log(1, format!("{}: {}", self.label, line.trim())),
        }
    }
}

fn slug(s: &str) -> String {
    crate::workflow::steps::file_stem(s)
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
    opt(
        "--approve",
        serde_json::to_value(spec.approve)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
    );
    opt(
        "--export",
        serde_json::to_value(spec.export)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
    );
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

fn spec_for(row: &Row, args: &MigrateArgs) -> Spec {
    let download = match (&row.download, &args.download) {
        (Some(d), _) => Some(d.clone()),
        // One directory per company under the shared one, so sheets never collide.
        (None, Some(d)) => Some(d.join(slug(&row.label()))),
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
        approve: row.approve.unwrap_or(args.approve),
        export: row.export.unwrap_or(args.export),
        canary: row.canary.unwrap_or(!args.no_canary),
        download,
        allow_failures: row.allow_failures.unwrap_or(args.allow_failures),
    }
}

pub async fn run(ctx: &Context, args: &MigrateArgs, manifest: &Path) -> anyhow::Result<ExitCode> {
    let all = fleet::parse(manifest)?;
    let rows_in_manifest = all.len();
    let rows = match args.shard {
        Some(s) => fleet::shard(all, s),
        None => all,
    };
    // Check every row's files before anything is sent.
    for r in &rows {
        for f in &r.files {
            crate::workflow::files::inspect(f).map_err(|e| {
                crate::exit::UserError::input(format!(
                    "manifest row {} ({}): {}",
                    r.number,
                    r.label(),
                    e.message
                ))
            })?;
        }
    }
    let client = ctx.fleet_client()?;
    // A row may leave out its source only where a sandbox supplies the seeded one.
    if let Some(r) = rows
        .iter()
        .find(|r| r.company.is_none() && r.source.is_none())
        && !ctx.is_sandbox()
        && client.sandbox_defaults().await.is_none()
    {
        return Err(crate::exit::UserError::usage(format!(
            "manifest row {} ({}): no source to provision the company from",
            r.number,
            r.label()
        ))
        .with_hint("add a source column with a source id from `vern sources list`")
        .into());
    }
    let live = ctx.ui.live_progress();
    let width = rows
        .iter()
        .map(|r| r.label().chars().count())
        .max()
        .unwrap_or(8);
    let style = ProgressStyle::with_template(&format!("{{spinner}} {{prefix:<{width}}}  {{msg}}"))
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let tasks = rows.iter().map(|row| {
        let spec = spec_for(row, args);
        let label = row.label();
        let bar = live.then(|| {
            let b = ctx.ui.multi().add(ProgressBar::new_spinner());
            b.set_style(style.clone());
            b.set_prefix(label.clone());
            b.set_message("waiting for a slot");
            b.enable_steady_tick(Duration::from_millis(150));
            b
        });
        let client = client.clone();
        let number = row.number;
        async move {
            let reporter = RowSteps {
                ui: ctx.ui.clone(),
                label: label.clone(),
                bar: bar.clone(),
            };
            let result = run_row(ctx, &client, &spec, args.new, row_argv(&spec), &reporter).await;
            let fr = match result {
                Ok((report, op)) => {
                    let export = report.export.as_ref().or(report.canary.as_ref());
                    FleetRow {
                        row: number,
                        label: label.clone(),
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
                            .clone()
                            .filter(|_| report.status != OpStatus::Completed),
                        exit: report.exit,
                    }
                }
                Err((e, op)) => {
                    let code = code_for_error(&e);
                    FleetRow {
                        row: number,
                        label: label.clone(),
                        operation: op,
                        company: spec.company.clone(),
                        status: "error".into(),
                        step: None,
                        exit_code: code.code(),
                        import_run: None,
                        exported_ok: None,
                        exported_failed: None,
                        exported_hollow: None,
                        error: Some(format!("{e:#}")),
                        exit: code,
                    }
                }
            };
            match &bar {
                Some(b) => b.finish_with_message(format!("{} (exit {})", fr.status, fr.exit_code)),
                None => ctx.ui.note(format!(
                    "{}: {} (exit {})",
                    fr.label, fr.status, fr.exit_code
                )),
            }
            fr
        }
    });
    let mut results: Vec<FleetRow> = futures_util::stream::iter(tasks)
        .buffer_unordered(args.concurrency as usize)
        .collect()
        .await;
    results.sort_by_key(|r| r.row);
    let exit = results
        .iter()
        .map(|r| r.exit)
        .max_by_key(|c| severity(*c))
        .unwrap_or(ExitCode::Success);
    let report = FleetReport {
        manifest: manifest.display().to_string(),
        shard: args.shard.map(|(i, n)| format!("{i}/{n}")),
        rows_in_manifest,
        rows: results,
        exit,
    };
    Ok(emit(&ctx.ui, &report))
}

//! `vern jobs`: saved deliveries on a cron schedule with a run history (delivery.md §2). One file
//! per subcommand; here the subcommand list, the dispatch, and what they share: the store, the
//! clock (`--now`), the flags of a job's delivery, and how the store's refusals read.

pub mod apply;
pub mod create;
pub mod delete;
pub(crate) mod evaluate;
pub(crate) mod execute;
pub mod list;
pub mod pause;
pub mod run;
pub mod run_due;
pub mod runs;
pub mod schedule;
pub mod serve;
pub mod update;

use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::jobs::clock::Clock;
use crate::jobs::record::{Definition, Invalid};
use crate::jobs::store::{Store, StoreError};
use jiff::Timestamp;

#[derive(Debug, clap::Subcommand)]
pub enum JobsCommand {
    #[command(about = "Save a job: a delivery on a cron schedule in a time zone")]
    Create(create::CreateArgs),
    #[command(about = "Every job: destination, schedule, state, last run, next fire time")]
    List(list::ListArgs),
    #[command(about = "One job, its next five fire times and its last runs")]
    Show(list::ShowArgs),
    #[command(about = "Change some fields of a job")]
    Update(update::UpdateArgs),
    #[command(about = "Delete a job and its run history")]
    Delete(delete::DeleteArgs),
    #[command(
        about = "Stop a job's schedule",
        long_about = "Stop a job's schedule: run-due and serve leave it alone until it is resumed. \
Runs that were decided but had not started are recorded as missed; a run in progress finishes. \
`vern jobs run` still runs it by hand."
    )]
    Pause(pause::PauseArgs),
    #[command(
        about = "Restart a job's schedule from now",
        long_about = "Restart a paused job's schedule from the moment it is resumed: it fires at \
its next cron match after now, never for the fire times it missed while paused."
    )]
    Resume(pause::PauseArgs),
    #[command(about = "A job's run history, most recent first")]
    Runs(runs::RunsArgs),
    #[command(about = "Run a job now")]
    Run(run::RunArgs),
    #[command(about = "Run every active job whose fire time has come (for cron, CI, Kubernetes)")]
    RunDue(run_due::RunDueArgs),
    #[command(about = "A foreground scheduler, with an optional HTTP API")]
    Serve(serve::ServeArgs),
    #[command(
        about = "Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd"
    )]
    Schedule(schedule::ScheduleArgs),
    #[command(about = "Declare jobs from a JSON file (upsert by name)")]
    Apply(apply::ApplyArgs),
    #[command(about = "Print every job in the file format of `jobs apply`")]
    Export(apply::ExportArgs),
}

impl JobsCommand {
    /// `jobs serve` stops on SIGTERM/Ctrl-C by itself (exit 0, the run in progress journaled);
    /// every other command gets the usual handling (exit 130).
    pub fn handles_signals(&self) -> bool {
        matches!(self, JobsCommand::Serve(_))
    }
}

pub async fn run(ctx: &Context, cmd: JobsCommand) -> anyhow::Result<ExitCode> {
    let result = match cmd {
        JobsCommand::Create(a) => create::run(ctx, a).await,
        JobsCommand::List(a) => list::list(ctx, a),
        JobsCommand::Show(a) => list::show(ctx, a),
        JobsCommand::Update(a) => update::run(ctx, a).await,
        JobsCommand::Delete(a) => delete::run(ctx, a),
        JobsCommand::Pause(a) => pause::run(ctx, a, false),
        JobsCommand::Resume(a) => pause::run(ctx, a, true),
        JobsCommand::Runs(a) => runs::run(ctx, a),
        JobsCommand::Run(a) => run::run(ctx, a).await,
        JobsCommand::RunDue(a) => run_due::run(ctx, a).await,
        JobsCommand::Serve(a) => serve::run(ctx, a).await,
        JobsCommand::Schedule(a) => schedule::run(ctx, a),
        JobsCommand::Apply(a) => apply::apply(ctx, a).await,
        JobsCommand::Export(a) => apply::export(ctx, a),
    };
    result.map_err(user_error)
}

/// `--now`: pretend it is this moment (tests, rehearsals); `serve` runs a simulated clock from it.
#[derive(Debug, Clone, clap::Args)]
pub struct Now {
    /// Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals
    #[arg(long, value_name = "RFC3339", value_parser = time_arg)]
    pub now: Option<Timestamp>,
}

impl Now {
    pub fn clock(&self, ctx: &Context) -> Clock {
        Clock::from_flag(self.now, ctx.settings.time_scale)
    }
}

pub(crate) fn time_arg(s: &str) -> Result<Timestamp, String> {
    s.trim().parse::<Timestamp>().map_err(|e| {
        format!("expected an RFC 3339 time with a zone, like 2026-03-08T07:00:00Z ({e})")
    })
}

/// The store under `--state-dir`, its locks naming this command.
pub(crate) fn store(ctx: &Context) -> Store {
    Store::new(
        &ctx.settings.args.state_dir,
        format!("vern {}", ctx.settings.argv.join(" ")),
    )
}

/// The flag that sets a job object's field, for messages.
fn flag_of(field: &str) -> &'static str {
    match field {
        "name" => "NAME",
        "companyId" => "--company",
        "destinationConfig.url" => "--to",
        "filter" => "--filter",
        "mode" => "--mode",
        "keys" => "--key",
        "schedule" => "--schedule",
        "timezone" => "--tz",
        "filenameTemplate" => "--name",
        "deadline" => "--deadline",
        "description" => "--description",
        _ => "",
    }
}

/// A check that failed on flags, as a usage error naming the flag.
pub(crate) fn invalid_flag(e: Invalid) -> anyhow::Error {
    let flag = flag_of(e.field);
    let message = if flag.is_empty() || e.message.starts_with(flag) {
        e.message
    } else {
        format!("{flag}: {}", e.message)
    };
    UserError::usage(message).into()
}

/// The store's refusals as exit codes and hints.
fn user_error(e: anyhow::Error) -> anyhow::Error {
    let Some(s) = e.chain().find_map(|c| c.downcast_ref::<StoreError>()) else {
        return e;
    };
    let u = match s {
        StoreError::NotFound(q) => UserError::input(format!("no job '{q}'"))
            .with_hint("list the jobs with: vern jobs list"),
        StoreError::NameTaken(n) => UserError::new(
            ExitCode::Conflict,
            format!("a job named '{n}' exists already"),
        )
        .with_hint(format!(
            "choose another name, or change that job: vern jobs update {n} …"
        )),
        StoreError::Running { name, holder } => UserError::new(
            ExitCode::Conflict,
            format!("job {name} is running in {holder}"),
        )
        .with_hint("wait for its run to end (vern jobs runs NAME shows it), then try again"),
        StoreError::Unreadable { .. } => UserError::input(s.to_string()).with_hint(
            "vern will not guess what it held; move it out of the jobs directory (or restore it)",
        ),
    };
    u.into()
}

/// The delivery flags of `create` and `update` (each `None` when not given).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DeliveryFlags {
    /// Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)
    #[arg(long = "sheet", value_name = "ID|NAME")]
    pub sheets: Vec<String>,
    /// valid (clean rows only) or all
    #[arg(long, value_enum, value_name = "WHICH")]
    pub filter: Option<super::download::Filter>,
    /// csv, json, jsonl or xml
    #[arg(long, value_enum)]
    pub format: Option<crate::deliver::format::Format>,
    /// Compress each file with gzip (--gzip=false turns it off)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub gzip: Option<bool>,
    /// File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date}
    /// and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]
    #[arg(long, value_name = "TEMPLATE")]
    pub name: Option<String>,
    /// What a name that already exists means: fail, skip, overwrite [default: fail]
    #[arg(long, value_enum, value_name = "WHAT")]
    pub if_exists: Option<crate::deliver::dest::IfExists>,
    /// snapshot (every row) or delta (only rows new or changed since the last delivery there)
    #[arg(long, value_enum)]
    pub mode: Option<super::deliver::Mode>,
    /// The column that identifies a row in delta mode (repeatable)
    #[arg(long = "key", value_name = "COLUMN")]
    pub keys: Vec<String>,
    /// Do not write the manifest (--no-manifest=false writes it again)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub no_manifest: Option<bool>,
    /// Refuse a run that would send more than N rows (exit 8); `none` removes the cap
    #[arg(long, value_name = "N|none", value_parser = cap_arg)]
    pub max_rows: Option<Cap>,
    /// Exit 0 even when characters XML forbids were dropped
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub allow_failures: Option<bool>,
    /// What run-due does with fire times that passed unrun: latest, all, none [default: latest]
    #[arg(long, value_enum, value_name = "MODE")]
    pub catch_up: Option<crate::jobs::record::CatchUp>,
    /// Fire times older than this are recorded as missed, not run [default: 24h]
    #[arg(long, value_name = "DURATION")]
    pub deadline: Option<String>,
}

/// `--max-rows N` or `none`.
#[derive(Debug, Clone, Copy)]
pub struct Cap(pub Option<u64>);

fn cap_arg(s: &str) -> Result<Cap, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Cap(None));
    }
    s.parse::<u64>()
        .map(|n| Cap(Some(n)))
        .map_err(|_| "expected a number of rows, or none".to_string())
}

impl DeliveryFlags {
    /// Put the given flags into a definition.
    pub fn apply_to(&self, d: &mut Definition) {
        if !self.sheets.is_empty() {
            d.sheets = self.sheets.clone();
        }
        if let Some(f) = self.filter {
            d.filter = f.as_str().into();
        }
        if let Some(f) = self.format {
            d.format = f;
        }
        if let Some(g) = self.gzip {
            d.compress = g;
        }
        if let Some(n) = &self.name {
            d.filename_template = n.clone();
        }
        if let Some(i) = self.if_exists {
            d.destination_config.if_exists = i;
        }
        if let Some(m) = self.mode {
            d.mode = match m {
                super::deliver::Mode::Snapshot => "snapshot".into(),
                super::deliver::Mode::Delta => "delta".into(),
            };
            if m == super::deliver::Mode::Snapshot && self.keys.is_empty() {
                d.keys.clear();
            }
        }
        if !self.keys.is_empty() {
            d.keys = self.keys.clone();
        }
        if let Some(n) = self.no_manifest {
            d.destination_config.manifest = !n;
        }
        if let Some(Cap(c)) = self.max_rows {
            d.max_rows = c;
        }
        if let Some(a) = self.allow_failures {
            d.allow_failures = a;
        }
        if let Some(c) = self.catch_up {
            d.catch_up = c;
        }
        if let Some(dl) = &self.deadline {
            d.deadline = dl.clone();
        }
    }
}

/// Check that the sheets a definition names are ones vern can resolve now (the same lookup a run
/// makes), so a typo fails at `create`/`update` rather than at 2 a.m. Not `strict`: only when the
/// journal knows the company's sheets (`jobs apply` into a fresh state directory, as a CI job with
/// a cold cache does, must not fail; a run that cannot resolve them records why).
pub(crate) fn check_sheets(ctx: &Context, d: &Definition, strict: bool) -> anyhow::Result<()> {
    let request = execute::request(d, false)?;
    let known = super::company::known(ctx, &d.company_id)?;
    if !strict && known.as_ref().is_none_or(|k| k.sheets.is_empty()) {
        return Ok(());
    }
    super::deliver::sheets(&request, known.as_ref())?;
    Ok(())
}

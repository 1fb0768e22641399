//! The command line: the clap definitions of every command and global option, and the one
//! `match` that dispatches a parsed command to its module. Help text, man pages and completions
//! are all generated from these definitions.

use crate::commands;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::OpStatus;
use crate::settings::{ApiUrlSource, GlobalArgs, Settings};
use crate::ui::Ui;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;

pub const EXIT_CODES_HELP: &str = "\
Examples:
  vern --sandbox migrate examples/companies.csv examples/contacts-dirty.csv \\
      --approve accept --download out/      # rehearse a whole migration, no account needed
  vern auth login                           # store your API key
  vern migrate --company $COMPANY contacts.csv --approve never
  vern runs list                            # what ran, what needs attention
  vern resume                               # continue the latest interrupted operation

Exit codes:
  0    success: the run completed (export: every write ok)
  1    error: network, server, bad input, anything not below
  2    usage error (wrong flags or arguments)
  3    authentication: no key, or the API answered 401
  4    the run failed or was canceled
  5    the run needs attention (or is blocked): a decision is required
  6    the export completed with failed or hollow writes; a delivery dropped
       characters XML forbids, or an endpoint refused webhook batches
  7    conflict: an import is already running, an idempotency key was reused, an
       external id is taken, the operation is locked by another process
  124  the wait timed out; the run is still going (`vern poll` picks it up)
  130  interrupted (Ctrl-C); the journal is saved and `vern resume` continues

Environment:
  VERN_API_KEY     the API key (else the profile's keyring entry)
  VERN_API_URL     API base URL (default: the profile's saved URL, else https://app.vern.so)
  VERN_PROFILE     credential profile (default \"default\")
  VERN_STATE_DIR   journal directory (default ./.vern)
  VERN_RATE_LIMIT  requests per 60 s, shared by the whole process (default 100)
  VERN_JOBS_TOKEN  the bearer token of `vern jobs serve --listen`
  VERN_NO_INPUT    never prompt
  VERN_LOG         log filter for -v output
  NO_COLOR         disable colour
  CI               implies --no-input and plain progress";

#[derive(Debug, Parser)]
#[command(
    name = "vern",
    version,
    about = "Drive customer data migrations end to end against the Vern Migration API",
    long_about = "Drive customer data migrations end to end against the Vern Migration API: upload \
files through signed URLs, start and watch import runs, review the fixes the service proposes \
for flagged rows, push validated rows to a destination, download the clean CSV — and resume \
from a local journal when anything dies halfway.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(
        about = "Store, check and remove the API key of a profile",
        subcommand,
        long_about = "Store, check and remove the API key of a profile. `login` keeps the key in \
the OS keyring (or, where none works, a 0600 credentials file); `status` says where the key in \
use comes from and checks it with the API; `logout` removes it. VERN_API_KEY, when set, wins \
over a stored key. With --webhook-secret NAME, `login` and `logout` store and remove a webhook \
signing secret (for `vern deliver --to https://…`) instead.",
        after_help = "Examples:\n  vern auth login\n  vern auth status\n  vern auth logout --profile staging"
    )]
    Auth(commands::auth::AuthCommand),
    #[command(
        about = "List the sources of the account",
        subcommand,
        long_about = "The sources of the account: the systems customers migrate from, each with \
its published import plan. Provision a company with a source's id.",
        after_help = "Examples:\n  vern sources list\n  vern sources list --json"
    )]
    Sources(commands::discovery::SourcesCommand),
    #[command(
        about = "List the templates of the account",
        subcommand,
        long_about = "The templates of the account: the target schemas (columns and validation \
rules) that become the sheets of a company's workbook.",
        after_help = "Examples:\n  vern templates list\n  vern templates list --json"
    )]
    Templates(commands::discovery::TemplatesCommand),
    #[command(
        about = "Provision a company, or show what vern knows about one",
        subcommand,
        long_about = "Companies are the end customers being migrated: one workbook each, bound to \
a source, with an optional destination connection for exports. `create` provisions one and \
journals it; `show` lists what vern knows about one (its sheets with ids and row counts) from the \
journal, since the API cannot list a company's sheets.",
        after_help = "Examples:\n  vern company create --name Northwind --source $SOURCE --connection connection.json\n  vern company show $COMPANY"
    )]
    Company(commands::company::CompanyCommand),
    #[command(about = "Upload files through signed URLs and print their upload refs")]
    Upload(commands::upload::UploadArgs),
    #[command(about = "Start an import run (uploading files first) and wait for it")]
    Import(commands::import::ImportArgs),
    #[command(
        about = "Wait for a run until it is terminal or needs a decision",
        visible_alias = "wait"
    )]
    Poll(commands::poll::PollArgs),
    #[command(about = "Decide on a run that needs attention, or answer a blocked run")]
    Approve(commands::approve::ApproveArgs),
    #[command(about = "Push validated rows to the destination and report every write")]
    Export(commands::export::ExportArgs),
    #[command(about = "Stream a sheet's validated CSV to a file or stdout")]
    Download(commands::download::DownloadArgs),
    #[command(about = "Run a whole migration as one resumable operation")]
    Migrate(commands::migrate::MigrateArgs),
    #[command(
        about = "Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once"
    )]
    Deliver(commands::deliver::DeliverArgs),
    #[command(
        about = "Saved deliveries on a cron schedule, with a run history",
        subcommand,
        long_about = "Saved delivery jobs: a `vern deliver` on a cron schedule in an IANA time \
zone, with pause/resume and a run history (shared with `vern runs list`). They run under the \
schedulers people already have — `vern jobs run-due` from cron, CI or a Kubernetes CronJob \
(`vern jobs schedule --print` writes the wrapper) — or under `vern jobs serve`, which also serves \
an HTTP API. Each (job, fire time) runs once, however often it is triggered; a lock per job keeps \
two schedulers from running it twice; fire times missed while nothing ran are caught up or \
recorded as missed. Jobs live in the state directory beside the journal (jobs/).",
        after_help = "Examples:
  vern jobs create nightly --company $COMPANY --to s3://acme-drop/contacts --schedule '30 2 * * *' --tz Europe/Berlin
  vern jobs list
  vern jobs run-due                      # from cron, every 5 minutes
  vern jobs runs nightly
  vern jobs serve --listen 8080"
    )]
    Jobs(commands::jobs::JobsCommand),
    #[command(
        about = "The journal: every operation with its steps, runs, counts and errors",
        subcommand,
        long_about = "The journal under --state-dir (default ./.vern) keeps one record per \
operation: its command, steps, idempotency keys, run ids, decisions, counts, outputs and errors. \
`list` is the history, `show` one record in full.",
        after_help = "Examples:\n  vern runs list\n  vern runs show 20261122T101502-3f9a1c --json"
    )]
    Runs(commands::runs::RunsCommand),
    #[command(about = "Continue an interrupted operation (the latest one without ID)")]
    Resume(commands::resume::ResumeArgs),
    #[cfg(feature = "sandbox")]
    #[command(about = "Run a local simulator of the Migration API until interrupted")]
    Sandbox(commands::sandbox::SandboxArgs),
    #[command(about = "Print a shell completion script")]
    Completions(commands::completions::CompletionsArgs),
}

/// Parse a command line (after the program name) with clap's own output coloured as `color`.
pub fn parse(args: &[OsString], color: clap::ColorChoice) -> Result<Cli, clap::Error> {
    let argv = std::iter::once(OsString::from("vern")).chain(args.iter().cloned());
    let matches = Cli::command().color(color).try_get_matches_from(argv)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    // Whether the API URL was typed or came from VERN_API_URL (`vern auth status` says which).
    cli.global.api_url_source = match matches.value_source("api_url") {
        Some(clap::parser::ValueSource::EnvVariable) => Some(ApiUrlSource::Environment),
        Some(clap::parser::ValueSource::CommandLine) => Some(ApiUrlSource::Flag),
        _ => None,
    };
    Ok(cli)
}

/// Run the parsed command; the returned code is the process's exit status.
///
/// The first Ctrl-C (or SIGTERM) marks the operations in progress as interrupted in the journal
/// and exits 130 with the command that continues; a second one exits at once.
pub async fn dispatch(cli: Cli, settings: Settings, ui: &Ui) -> anyhow::Result<ExitCode> {
    match cli.command {
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => return commands::sandbox::run(&settings, args, ui).await,
        Command::Completions(args) => {
            return commands::completions::run(args, &mut Cli::command(), ui);
        }
        // `jobs serve` stops on SIGTERM/Ctrl-C by itself: exit 0, its run in progress journaled.
        Command::Jobs(ref j) if j.handles_signals() => {
            return run_command(cli.command, settings, ui).await;
        }
        _ => {}
    }
    // A backstop behind the request loop's own deadline, for work that is not a request.
    let deadline = settings
        .args
        .timeout
        .map(|t| tokio::time::Instant::now() + t + std::time::Duration::from_secs(5));
    let work = run_command(cli.command, settings, ui);
    tokio::pin!(work);
    tokio::select! {
        result = &mut work => result,
        _ = interrupted() => {
            tokio::spawn(async {
                interrupted().await;
                std::process::exit(ExitCode::Interrupted.code());
            });
            let id = stop(ui, OpStatus::Interrupted, ExitCode::Interrupted);
            let hint = match id {
                Some(id) => format!("the journal is saved; continue with: vern resume {id}"),
                None => "nothing was in progress in the journal".to_string(),
            };
            Err(UserError::new(ExitCode::Interrupted, "interrupted").with_hint(hint).into())
        }
        _ = until(deadline) => {
            let id = stop(ui, OpStatus::TimedOut, ExitCode::Timeout);
            let hint = match id {
                Some(id) => format!("the journal is saved; continue with: vern resume {id}"),
                None => "run it again with a longer --timeout".to_string(),
            };
            Err(UserError::new(ExitCode::Timeout, "--timeout ran out").with_hint(hint).into())
        }
    }
}

/// Mark the operations in progress as stopped, and give back the terminal a prompt may hold;
/// the first operation's id.
fn stop(ui: &Ui, status: OpStatus, code: ExitCode) -> Option<String> {
    let (ids, failed) = crate::journal::stop_active(status, code);
    // After the journal's writes: a prompt's thread caught between two key reads switches the
    // terminal to raw for its next read; the later the mode is put back, the likelier that
    // switch is already behind us rather than undoing this.
    ui.restore_terminal();
    for f in failed {
        ui.warn(format!("could not record the stop in the journal: {f}"));
    }
    ids.into_iter().next()
}

async fn until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Build the context and run one client command.
async fn run_command(command: Command, settings: Settings, ui: &Ui) -> anyhow::Result<ExitCode> {
    let ctx = Context::new(settings, ui.clone()).await?;
    match command {
        Command::Auth(c) => commands::auth::run(&ctx, c).await,
        Command::Sources(c) => commands::discovery::sources(&ctx, c).await,
        Command::Templates(c) => commands::discovery::templates(&ctx, c).await,
        Command::Company(c) => commands::company::run(&ctx, c).await,
        Command::Upload(a) => commands::upload::run(&ctx, a).await,
        Command::Import(a) => commands::import::run(&ctx, a).await,
        Command::Poll(a) => commands::poll::run(&ctx, a).await,
        Command::Approve(a) => commands::approve::run(&ctx, a).await,
        Command::Export(a) => commands::export::run(&ctx, a).await,
        Command::Download(a) => commands::download::run(&ctx, a).await,
        Command::Migrate(a) => commands::migrate::run(&ctx, a).await,
        Command::Deliver(a) => commands::deliver::run(&ctx, a).await,
        Command::Jobs(c) => commands::jobs::run(&ctx, c).await,
        Command::Runs(c) => commands::runs::run(&ctx, c).await,
        Command::Resume(a) => resume(&ctx, a).await,
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => commands::sandbox::run(&ctx.settings, args, ui).await,
        Command::Completions(args) => commands::completions::run(args, &mut Cli::command(), ui),
    }
}

/// `vern resume`: parse the operation's recorded command and run it again against its journal
/// and API, with this invocation's `--json`.
async fn resume(ctx: &Context, args: commands::resume::ResumeArgs) -> anyhow::Result<ExitCode> {
    let r = commands::resume::prepare(ctx, &args)?;
    let argv: Vec<OsString> = r.op.argv.iter().map(OsString::from).collect();
    let mut cli = Cli::try_parse_from(std::iter::once(OsString::from("vern")).chain(argv))
        .map_err(|e| r.unusable(format_args!("no longer parses: {e}")))?;
    if matches!(cli.command, Command::Resume(_)) {
        return Err(
            UserError::input(format!("operation {} recorded a resume command", r.op.id)).into(),
        );
    }
    r.enter(ctx)?;
    cli.global.state_dir = r.state_dir.clone();
    cli.global.api_url = Some(r.op.api_url.clone());
    cli.global.api_url_source = Some(ApiUrlSource::Operation {
        id: r.op.id.clone(),
    });
    cli.global.json = ctx.settings.args.json;
    // The operation keeps its own command line, so it can be resumed again and again.
    let settings = Settings::resolve(cli.global, r.op.argv.clone())?;
    Box::pin(run_command(cli.command, settings, &ctx.ui)).await
}

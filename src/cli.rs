//! The command line: the clap definitions of every command and global option, and the one
//! `match` that dispatches a parsed command to its module. Help text, man pages and completions
//! are all generated from these definitions.

use crate::commands;
use crate::context::Context;
use crate::exit::ExitCode;
use crate::exit::UserError;
use crate::ui::{ColorChoice, Ui};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success: the run completed (export: every write ok)
  1    error: network, server, bad input, anything not below
  2    usage error (wrong flags or arguments)
  3    authentication: no key, or the API answered 401
  4    the run failed or was canceled
  5    the run needs attention (or is blocked): a decision is required
  6    the export completed with failed or hollow writes
  7    conflict: an import is already running, an idempotency key was reused, an
       external id is taken, the operation is locked by another process
  124  the wait timed out; the run is still going (`vern poll` picks it up)
  130  interrupted (Ctrl-C); the journal is saved and `vern resume` continues

Environment:
  VERN_API_KEY     the API key (else the profile's keyring entry)
  VERN_API_URL     API base URL (default https://app.vern.so)
  VERN_PROFILE     credential profile (default \"default\")
  VERN_STATE_DIR   journal directory (default ./.vern)
  VERN_RATE_LIMIT  requests per 60 s, shared by the whole process (default 100)
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

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 10m, 2h)"))
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// API base URL (the /api/v1 prefix is added by the client)
    #[arg(
        long,
        global = true,
        env = "VERN_API_URL",
        default_value = "https://app.vern.so",
        value_name = "URL"
    )]
    pub api_url: String,
    /// Which stored credential to use
    #[arg(
        long,
        global = true,
        env = "VERN_PROFILE",
        default_value = "default",
        value_name = "NAME"
    )]
    pub profile: String,
    /// Where the journal of operations lives
    #[arg(
        long,
        global = true,
        env = "VERN_STATE_DIR",
        default_value = "./.vern",
        value_name = "DIR"
    )]
    pub state_dir: PathBuf,
    /// Print the result as one JSON document on stdout (errors too)
    #[arg(long, global = true)]
    pub json: bool,
    /// Never prompt; a needed answer becomes an error naming the flag to pass
    #[arg(long, global = true, env = "VERN_NO_INPUT", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_input: bool,
    /// When to use colour on stderr
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
    /// Less on stderr (-qq: errors only)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub quiet: u8,
    /// More on stderr (-vv: every HTTP exchange, secrets redacted)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Run against an in-process sandbox API on a free loopback port (rehearsals, demos)
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Client-side budget: at most N API requests in any 60-second window
    #[arg(long, global = true, env = "VERN_RATE_LIMIT", default_value_t = 100, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: u32,
    /// Bound any wait (30s, 10m, 2h); exit 124 when it runs out
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(
        about = "Store, check and remove the API key of a profile",
        subcommand,
        long_about = "Store, check and remove the API key of a profile. `login` keeps the key in \
the OS keyring (or, where none works, a 0600 credentials file); `status` says where the key in \
use comes from and checks it with the API; `logout` removes it. VERN_API_KEY, when set, wins \
over a stored key.",
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
        about = "Provision a company",
        subcommand,
        long_about = "Companies are the end customers being migrated: one workbook each, bound to \
a source, with an optional destination connection for exports.",
        after_help = "Examples:\n  vern company create --name Northwind --source $SOURCE --connection connection.json"
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
        about = "The journal: every operation with its steps, runs, counts and errors",
        subcommand,
        long_about = "The journal under --state-dir (default ./.vern) keeps one record per \
operation: its command, steps, idempotency keys, run ids, decisions, counts, outputs and errors. \
`list` is the history, `show` one record in full.",
        after_help = "Examples:\n  vern runs list\n  vern runs show 20261122T101502-3f9a1c --json"
    )]
    Runs(commands::runs::RunsCommand),
    #[command(about = "Continue an interrupted operation (the latest one without ID)")]
    Resume(commands::runs::ResumeArgs),
    #[cfg(feature = "sandbox")]
    #[command(about = "Run a local simulator of the Migration API until interrupted")]
    Sandbox(commands::sandbox::SandboxArgs),
    #[command(about = "Print a shell completion script")]
    Completions(commands::completions::CompletionsArgs),
}

/// Run the parsed command; the returned code is the process's exit status.
///
/// The first Ctrl-C (or SIGTERM) marks the operations in progress as interrupted in the journal
/// and exits 130 with the command that continues; a second one exits at once.
pub async fn dispatch(cli: Cli, ui: &Ui) -> anyhow::Result<ExitCode> {
    match cli.command {
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => return commands::sandbox::run(&cli.global, args, ui).await,
        Command::Completions(args) => return commands::completions::run(args, ui),
        _ => {}
    }
    let work = run_command(cli, ui);
    tokio::pin!(work);
    tokio::select! {
        result = &mut work => result,
        _ = interrupted() => {
            tokio::spawn(async {
                interrupted().await;
                std::process::exit(ExitCode::Interrupted.code());
            });
            let ids = crate::journal::interrupt_active();
            let hint = match ids.first() {
                Some(id) => format!("the journal is saved; continue with: vern resume {id}"),
                None => "nothing was in progress in the journal".to_string(),
            };
            Err(UserError::new(ExitCode::Interrupted, "interrupted").with_hint(hint).into())
        }
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
pub async fn run_command(cli: Cli, ui: &Ui) -> anyhow::Result<ExitCode> {
    let ctx = Context::new(cli.global, ui.clone()).await?;
    match cli.command {
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
        Command::Runs(c) => commands::runs::run(&ctx, c).await,
        Command::Resume(a) => commands::runs::resume(&ctx, a, ui).await,
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => commands::sandbox::run(&ctx.global, args, ui).await,
        Command::Completions(args) => commands::completions::run(args, ui),
    }
}

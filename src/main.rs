//! Entry point: parse the command line, build the `Ui`, run the command on a tokio runtime and
//! turn the outcome into the process exit code. Nothing else lives here.

use clap::{CommandFactory, FromArgMatches};
use vern::cli::{Cli, dispatch};
use vern::exit::ExitCode;
use vern::ui::{Ui, UiOptions};

fn main() -> std::process::ExitCode {
    let cli = match Cli::command()
        .color(help_color())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return vern::ui::usage_error(e),
    };
    let (quiet, verbose) = log_levels(cli.global.quiet, cli.global.verbose);
    let ui = Ui::new(UiOptions {
        json: cli.global.json,
        quiet,
        verbose,
        color: cli.global.color,
        no_input: cli.global.no_input,
    });
    // One thread: a CLI's work is waiting on the network, and a single thread that owns both the
    // sockets and the tasks spares the wake-ups between threads that made transfers slower
    // than curl. CPU-heavy work (hashing, the sandbox's validation) has threads of its own.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let code = ui.error(&anyhow::Error::new(e).context("cannot start the async runtime"));
            return exit(code);
        }
    };
    let code = match runtime.block_on(dispatch(cli, &ui)) {
        Ok(code) => code,
        Err(e) => ui.error(&e),
    };
    // Background tasks (a stalled connection, the sandbox) must not hold the exit.
    runtime.shutdown_background();
    exit(code)
}

/// Colour of clap's own output (help, usage errors): `--color` and `NO_COLOR`, read before
/// parsing since clap renders those itself.
fn help_color() -> clap::ColorChoice {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--color=")
            .map(str::to_string)
            .or_else(|| (a == "--color").then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    match flag.as_deref() {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => {
            clap::ColorChoice::Never
        }
        _ => clap::ColorChoice::Auto,
    }
}

/// `-q`/`-v` win; without them `VERN_LOG` (error, warn, info, debug, trace) sets the level.
fn log_levels(quiet: u8, verbose: u8) -> (u8, u8) {
    if quiet > 0 || verbose > 0 {
        return (quiet, verbose);
    }
    match std::env::var("VERN_LOG")
        .map(|v| v.to_ascii_lowercase())
        .as_deref()
    {
        Ok("off") => (2, 0),
        Ok("error") => (1, 0),
        Ok("info") => (0, 1),
        Ok("debug" | "trace") => (0, 2),
        _ => (0, 0),
    }
}

fn exit(code: ExitCode) -> std::process::ExitCode {
    std::process::ExitCode::from(code.code() as u8)
}

//! Entry point: parse the command line, build the `Ui`, run the command on a tokio runtime and
//! turn the outcome into the process exit code. Nothing else lives here.

use clap::Parser;
use vern::cli::{Cli, dispatch};
use vern::exit::ExitCode;
use vern::ui::{Ui, UiOptions};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return vern::ui::usage_error(e),
    };
    let ui = Ui::new(UiOptions {
        json: cli.global.json,
        quiet: cli.global.quiet,
        verbose: cli.global.verbose,
        color: cli.global.color,
        no_input: cli.global.no_input,
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
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

fn exit(code: ExitCode) -> std::process::ExitCode {
    std::process::ExitCode::from(code.code() as u8)
}

//! Entry point: parse the command line, resolve the settings, build the `Ui`, run the command on
//! a tokio runtime and turn the outcome into the process exit code. Nothing else lives here.

use vern::cli::{dispatch, parse};
use vern::exit::ExitCode;
use vern::settings::{Early, Settings};
use vern::ui::Ui;

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // clap renders help and usage errors itself, so their colour (and a usage error's JSON
    // document) must be known before the parse that may fail.
    let early = Early::scan(&args);
    let cli = match parse(&args, early.color) {
        Ok(cli) => cli,
        Err(e) => return vern::ui::usage_error(e, &early),
    };
    let argv = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let settings = match Settings::resolve(cli.global.clone(), argv) {
        Ok(s) => s,
        Err(e) => {
            let ui = Ui::plain(cli.global.json);
            return exit(ui.error(&anyhow::Error::new(e)));
        }
    };
    let ui = Ui::new(&settings);
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
    let code = match runtime.block_on(dispatch(cli, settings, &ui)) {
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

//! Shell completions and man pages, generated from the clap definitions so they never disagree
//! with `--help` (`vern completions` prints the same scripts). They are committed under `completions/` and `man/`; a test fails when they are
//! stale (`VERN_UPDATE_ASSETS=1 cargo test --test cli assets` rewrites them).

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The date printed in the man pages (bumped with releases; a fixed date keeps them reproducible).
pub const MAN_DATE: &str = "2026-11-22";

/// Every supported shell and the file its completions are committed as.
pub const COMPLETIONS: [(Shell, &str); 5] = [
    (Shell::Bash, "vern.bash"),
    (Shell::Zsh, "_vern"),
    (Shell::Fish, "vern.fish"),
    (Shell::Elvish, "vern.elv"),
    (Shell::PowerShell, "_vern.ps1"),
];

pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "vern", &mut out);
    out
}

/// Possible values go into the option's sentence instead of clap_mangen's bulleted list, whose
/// `.br` around blank lines draws mandoc warnings.
fn inline_possible_values(cmd: clap::Command) -> clap::Command {
    let mut cmd = cmd.mut_args(|a| {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if values.is_empty() || a.is_hide_possible_values_set() || !a.get_action().takes_values() {
            return a;
        }
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        a.hide_possible_values(true)
            .help(format!("{help} (one of: {})", values.join(", ")))
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, inline_possible_values);
    }
    cmd
}

/// `vern.1` and one page per subcommand (`vern-import.1`, `vern-auth-login.1`, …).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = inline_possible_values(Cli::command()).disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, &mut pages)?;
    Ok(pages)
}

fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone())
        .date(MAN_DATE)
        .source(format!("vern {}", env!("CARGO_PKG_VERSION")))
        .manual("vern manual");
    let mut out = Vec::new();
    man.render(&mut out)?;
    pages.push((man.get_filename(), out));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

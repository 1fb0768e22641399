//! `vern completions SHELL`: print a completion script.

use crate::exit::ExitCode;
use crate::ui::Ui;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Print the completion script for a shell. The same scripts are shipped in \
completions/ of the source tree.",
    after_help = "Examples:
  vern completions bash > ~/.local/share/bash-completion/completions/vern
  vern completions zsh > ~/.zfunc/_vern        # with fpath+=~/.zfunc before compinit
  vern completions fish > ~/.config/fish/completions/vern.fish"
)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `cli` is the command line's definition, handed down by `cli` (commands sit below it).
pub fn run(args: CompletionsArgs, cli: &mut clap::Command, ui: &Ui) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, cli, "vern", &mut out);
    ui.raw(&out);
    Ok(ExitCode::Success)
}

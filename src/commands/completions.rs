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

pub fn run(args: CompletionsArgs, ui: &Ui) -> anyhow::Result<ExitCode> {
    ui.raw(&crate::assets::completions(args.shell));
    Ok(ExitCode::Success)
}

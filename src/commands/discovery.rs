//! `vern sources list` and `vern templates list`: the discovery endpoints, as tables.

use crate::context::Context;
use crate::exit::ExitCode;
use crate::model::account::{Sources, Templates};

#[derive(Debug, clap::Subcommand)]
pub enum SourcesCommand {
    #[command(
        about = "List the sources of the account (pass an id to `company create --source`)",
        long_about = "List the sources of the account with their ids. A source is the system \
customers migrate from; pass its id to `vern company create --source`.",
        after_help = "Examples:\n  vern sources list\n  vern sources list --json | jq -r '.sources[].id'"
    )]
    List,
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    #[command(
        about = "List the templates of the account with their columns and rules",
        long_about = "List the templates of the account with every column and its rules: \
required, unique, a strict pattern or a list of allowed values, a link to another template.",
        after_help = "Examples:\n  vern templates list\n  vern templates list --json"
    )]
    List,
}

pub async fn sources(ctx: &Context, cmd: SourcesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        SourcesCommand::List => {
            let sources = ctx.client()?.list_sources().await?;
            Ok(ctx.ui.emit(&Sources { sources }))
        }
    }
}

pub async fn templates(ctx: &Context, cmd: TemplatesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TemplatesCommand::List => {
            let templates = ctx.client()?.list_templates().await?;
            Ok(ctx.ui.emit(&Templates { templates }))
        }
    }
}

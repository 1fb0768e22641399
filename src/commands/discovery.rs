//! `vern sources list` and `vern templates list`: the discovery endpoints, as tables.

use super::{Report, emit};
use crate::api::types::{Source, Template};
use crate::context::Context;
use crate::exit::ExitCode;
use serde::Serialize;
use std::fmt;

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

#[derive(Serialize)]
struct Sources {
    sources: Vec<Source>,
}

impl fmt::Display for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sources.is_empty() {
            return write!(f, "no sources");
        }
        let w = self
            .sources
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(f, "{:<w$}  ID", "NAME")?;
        for (i, s) in self.sources.iter().enumerate() {
            write!(f, "{:<w$}  {}", s.name, s.id)?;
            if i + 1 < self.sources.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl Report for Sources {}

#[derive(Serialize)]
struct Templates {
    templates: Vec<Template>,
}

impl fmt::Display for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.templates.is_empty() {
            return write!(f, "no templates");
        }
        for (i, t) in self.templates.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{}  {}", t.name, t.id)?;
            if let Some(d) = &t.description {
                writeln!(f, "  {d}")?;
            }
            let w = t.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
            for (j, c) in t.columns.iter().enumerate() {
                let mut flags = Vec::new();
                if c.required {
                    flags.push("required".to_string());
                }
                if c.unique {
                    flags.push("unique".to_string());
                }
                if let Some(values) = &c.allowed_values {
                    flags.push(format!("one of {}", values.join(" / ")));
                } else if let Some(rule) = &c.strict_rule {
                    flags.push(format!("matches {rule}"));
                }
                if let Some(link) = c.link_rule.as_ref().and_then(|l| l.first()) {
                    let target = self
                        .templates
                        .iter()
                        .find(|t| t.id == link.template_id)
                        .map(|t| t.name.as_str())
                        .unwrap_or(&link.template_id);
                    flags.push(format!("links to {target}.{}", link.column_name));
                }
                let line = format!("  {:<w$}  {}", c.name, flags.join(", "));
                write!(f, "{}", line.trim_end())?;
                if j + 1 < t.columns.len() || i + 1 < self.templates.len() {
                    writeln!(f)?;
                }
            }
        }
        Ok(())
    }
}

impl Report for Templates {}

pub async fn sources(ctx: &Context, cmd: SourcesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        SourcesCommand::List => {
            let sources = ctx.client()?.list_sources().await?;
            Ok(emit(&ctx.ui, &Sources { sources }))
        }
    }
}

pub async fn templates(ctx: &Context, cmd: TemplatesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TemplatesCommand::List => {
            let templates = ctx.client()?.list_templates().await?;
            Ok(emit(&ctx.ui, &Templates { templates }))
        }
    }
}

//! `vern auth status`: where the key comes from, and whether the API accepts it (one cheap
//! authenticated call). The key itself is never shown.

use super::{Report, emit};
use crate::context::{Context, KeySource};
use crate::exit::ExitCode;
use serde::Serialize;
use std::fmt;

#[derive(Debug, clap::Subcommand)]
pub enum AuthCommand {
    /// Check the key: where it comes from and whether the API accepts it
    #[command(
        after_help = "Examples:\n  vern auth status\n  VERN_API_KEY=… vern auth status --json"
    )]
    Status,
}

#[derive(Serialize)]
struct AuthStatus {
    api_url: String,
    key_source: KeySource,
    authenticated: bool,
    sources_visible: usize,
}

impl fmt::Display for AuthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "authenticated to {}", self.api_url)?;
        writeln!(f, "  key from {}", self.key_source)?;
        write!(f, "  {} sources visible", self.sources_visible)
    }
}

impl Report for AuthStatus {}

pub async fn run(ctx: &Context, cmd: AuthCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuthCommand::Status => {
            let client = ctx.client()?;
            let sources = client.list_sources().await?;
            let report = AuthStatus {
                api_url: ctx.api_url.clone(),
                key_source: ctx.key_source().cloned().unwrap_or(KeySource::Environment),
                authenticated: true,
                sources_visible: sources.len(),
            };
            Ok(emit(&ctx.ui, &report))
        }
    }
}

//! `vern auth login | status | logout`: store, check and remove the API key of a profile. The key
//! is verified with one cheap authenticated call before it is stored, and is never shown.

use crate::api::ApiKey;
use crate::context::Context;
use crate::credentials::Location;
use crate::deliver::webhook::{Secret, SecretText};
use crate::exit::{ExitCode, UserError};
use crate::model::account::{AuthStatus, KeySource, LoggedIn, LoggedOut, WebhookSecret};
use crate::settings::ApiUrlSource;
use std::io::Read;

#[derive(Debug, clap::Subcommand)]
pub enum AuthCommand {
    #[command(
        about = "Store the API key of a profile in the OS keyring (after checking it with the API)",
        long_about = "Store the API key of a profile (--profile, default \"default\") in the OS \
keyring, after checking it with one cheap authenticated call. The key is read with hidden input \
on a terminal, or from stdin with --with-key-stdin. Where no keyring works (headless Linux, \
containers, CI) the key goes to a credentials file with mode 0600 instead, and vern says so. \
VERN_API_KEY, when set, always wins over a stored key. An API URL given with --api-url (or \
VERN_API_URL) is remembered as the profile's (in profiles.json beside the credentials file, \
never in the keyring): later commands of the profile use it unless --api-url or VERN_API_URL \
names another.

With --webhook-secret NAME it stores a webhook signing secret instead (whsec_ followed by base64, \
as Svix shows it), checked for its form but not sent anywhere, in the keyring (or the file) under \
NAME; `vern deliver --to https://… --webhook-secret NAME` signs with it. No API key is needed or \
touched.",
        after_help = "Examples:
  vern auth login
  vern auth login --profile staging --api-url https://staging.vern.so
  vern sources list --profile staging           # the profile remembers its API URL
  printf '%s' \"$VERN_KEY\" | vern auth login --with-key-stdin
  vern auth login --webhook-secret acme         # asks for the endpoint's whsec_… secret
  printf '%s' \"$SECRET\" | vern auth login --webhook-secret acme --with-key-stdin"
    )]
    Login {
        /// Read the key (or the secret) from stdin instead of prompting (for automation)
        #[arg(long)]
        with_key_stdin: bool,
        /// Store a webhook signing secret under NAME instead of an API key
        #[arg(long, value_name = "NAME", value_parser = super::deliver::secret_name_arg)]
        webhook_secret: Option<String>,
    },
    #[command(
        about = "Check the key: where it and the API URL come from, and whether the API accepts it",
        long_about = "Say where the key in use comes from (VERN_API_KEY, the keyring entry \
of the profile, or the credentials file) — never the key itself — and which API URL is in use \
and why (--api-url, VERN_API_URL, the URL saved for the profile, or the default), and check the \
key with one cheap authenticated call. Exit 3 when there is no key or the API refuses it.",
        after_help = "Examples:\n  vern auth status\n  vern auth status --profile staging --json"
    )]
    Status,
    #[command(
        about = "Remove the stored key of a profile (keyring and credentials file) and its API URL",
        long_about = "Remove the stored key of a profile from the OS keyring and from the \
credentials file, and forget the API URL the profile kept. VERN_API_KEY is not touched. With \
--webhook-secret NAME, remove the webhook signing secret stored under NAME instead.",
        after_help = "Examples:\n  vern auth logout\n  vern auth logout --profile staging\n  vern auth logout --webhook-secret acme"
    )]
    Logout {
        /// Remove the webhook signing secret stored under NAME instead of the API key
        #[arg(long, value_name = "NAME", value_parser = super::deliver::secret_name_arg)]
        webhook_secret: Option<String>,
    },
}

fn read_key(ctx: &Context, from_stdin: bool) -> anyhow::Result<ApiKey> {
    let key = if from_stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| UserError::input(format!("cannot read the key from stdin: {e}")))?;
        s
    } else if ctx.ui.interactive() {
        ctx.ui.secret("API key (input hidden)")?
    } else {
        return Err(UserError::usage("no terminal to ask for the key on")
            .with_hint("pipe it in: printf '%s' \"$KEY\" | vern auth login --with-key-stdin")
            .into());
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(UserError::input("the key is empty").into());
    }
    if key.chars().any(char::is_whitespace) {
        return Err(UserError::input("the key contains whitespace; paste the key alone").into());
    }
    Ok(ApiKey::new(key))
}

/// A webhook signing secret, from stdin or a hidden prompt, checked for its form (never shown).
fn read_secret(ctx: &Context, name: &str, from_stdin: bool) -> anyhow::Result<SecretText> {
    let text = if from_stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| UserError::input(format!("cannot read the secret from stdin: {e}")))?;
        s
    } else if ctx.ui.interactive() {
        ctx.ui.secret(&format!(
            "webhook signing secret {name} (whsec_…, input hidden)"
        ))?
    } else {
        return Err(UserError::usage("no terminal to ask for the secret on")
            .with_hint(format!(
                "pipe it in: printf '%s' \"$SECRET\" | vern auth login --webhook-secret {name} --with-key-stdin"
            ))
            .into());
    };
    let text = text.trim().to_string();
    Secret::parse(&text).map_err(|e| {
        UserError::usage(format!("the webhook secret {e}; nothing was stored")).with_hint(
            "paste the endpoint's signing secret as Svix shows it: whsec_ followed by base64",
        )
    })?;
    Ok(SecretText(text))
}

/// One cheap authenticated call: a key the API refuses is never stored.
async fn check_key(ctx: &Context, key: &ApiKey) -> anyhow::Result<()> {
    ctx.client_with(key.clone())?
        .list_sources()
        .await
        .map_err(|e| {
            if e.is_status(401) {
                anyhow::Error::new(
                    UserError::new(ExitCode::Auth, format!("the API at {} refused this key; nothing was stored", ctx.api_url))
                        .with_hint("check that the key is complete and not revoked, and that --api-url is the right API"),
                )
            } else {
                anyhow::Error::new(e).context("could not check the key with the API; nothing was stored")
            }
        })?;
    Ok(())
}

/// After a login: a URL given with `--api-url` or `VERN_API_URL` becomes the profile's, so the
/// next command finds the API the key was checked against. Returns where it is kept, if it is.
fn remember_url(ctx: &Context, profile: &str) -> anyhow::Result<Option<String>> {
    let profiles = ctx.profiles();
    let kept = || Some(profiles.path().display().to_string());
    match &ctx.api_url_source {
        ApiUrlSource::Flag | ApiUrlSource::Environment => {
            profiles.set_api_url(profile, &ctx.api_url).map_err(|e| {
                e.context(format!(
                    "the key is stored, but the API URL of profile {profile} could not be saved"
                ))
            })?;
            Ok(kept())
        }
        ApiUrlSource::Profile { .. } => Ok(kept()),
        _ => Ok(None),
    }
}

pub async fn run(ctx: &Context, cmd: AuthCommand) -> anyhow::Result<ExitCode> {
    let profile = ctx.profile().to_string();
    match cmd {
        AuthCommand::Status => {
            let client = ctx.client()?;
            let sources = client.list_sources().await?;
            let report = AuthStatus {
                api_url: ctx.api_url.clone(),
                api_url_source: ctx.api_url_source.clone(),
                profile,
                key_source: ctx.key_source().cloned().unwrap_or(KeySource::Environment),
                authenticated: true,
                sources_visible: sources.len(),
            };
            Ok(ctx.ui.emit(&report))
        }
        AuthCommand::Login {
            with_key_stdin,
            webhook_secret: Some(name),
        } => {
            let secret = read_secret(ctx, &name, with_key_stdin)?;
            let (location, why) = ctx.key_store().store_webhook_secret(&name, &secret)?;
            if let (Location::File(path), Some(why)) = (&location, &why) {
                ctx.ui.warn(format!(
                    "the OS keyring is not available ({}); the secret is stored in {} (mode 0600) instead",
                    why.0,
                    path.display()
                ));
            }
            Ok(ctx.ui.emit(&WebhookSecret {
                name,
                stored_in: Some(location.to_string()),
                removed_from: Vec::new(),
                keyring_unavailable: why.map(|w| w.0),
            }))
        }
        AuthCommand::Logout {
            webhook_secret: Some(name),
        } => {
            let removed = ctx.key_store().delete_webhook_secret(&name)?;
            Ok(ctx.ui.emit(&WebhookSecret {
                name,
                stored_in: None,
                removed_from: removed.iter().map(ToString::to_string).collect(),
                keyring_unavailable: None,
            }))
        }
        AuthCommand::Login { with_key_stdin, .. } => {
            let key = read_key(ctx, with_key_stdin)?;
            check_key(ctx, &key).await?;
            let (location, why) = ctx.key_store().store(&profile, &key)?;
            if let (Location::File(path), Some(why)) = (&location, &why) {
                ctx.ui.warn(format!(
                    "the OS keyring is not available ({}); the key is stored in {} (mode 0600) instead",
                    why.0,
                    path.display()
                ));
            }
            let api_url_saved_in = remember_url(ctx, &profile)?;
            Ok(ctx.ui.emit(&LoggedIn {
                api_url: ctx.api_url.clone(),
                profile,
                stored_in: location.to_string(),
                api_url_saved_in,
                keyring_unavailable: why.map(|w| w.0),
                env_shadows: ctx.settings.env_key.is_set(),
            }))
        }
        AuthCommand::Logout { .. } => {
            let removed = ctx.key_store().delete(&profile)?;
            let forgotten_api_url = ctx.profiles().forget_api_url(&profile)?;
            Ok(ctx.ui.emit(&LoggedOut {
                profile,
                removed_from: removed.iter().map(ToString::to_string).collect(),
                forgotten_api_url,
            }))
        }
    }
}

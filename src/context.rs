//! The resolved settings of one invocation: where the API is, which key to use and where it came
//! from, the deadline of `--timeout`, the time scale, and — with `--sandbox` — the in-process
//! sandbox that stands in for the API while the command runs.

use crate::api::retry::RetryPolicy;
use crate::api::{ApiKey, Client, ClientConfig};
use crate::cli::GlobalArgs;
use crate::exit::{ExitCode, UserError};
use crate::ui::Ui;
use anyhow::Result;
use std::sync::OnceLock;
use tokio::time::Instant;

/// Where the API key came from (`vern auth status` says this, never the key).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum KeySource {
    /// `VERN_API_KEY`
    Environment,
    /// The profile's entry in the OS keyring (`vern auth login`).
    Keyring { profile: String },
    /// The profile's entry in the credentials file (no keyring worked at login).
    File { profile: String, path: String },
    /// The in-process sandbox's own key (`--sandbox`).
    Sandbox,
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Environment => f.write_str("the VERN_API_KEY environment variable"),
            KeySource::Keyring { profile } => {
                write!(
                    f,
                    "{} (profile {profile})",
                    crate::credentials::Location::Keyring
                )
            }
            KeySource::File { profile, path } => {
                write!(f, "the credentials file {path} (profile {profile})")
            }
            KeySource::Sandbox => f.write_str("the in-process sandbox (--sandbox)"),
        }
    }
}

pub struct Context {
    pub ui: Ui,
    pub global: GlobalArgs,
    pub api_url: String,
    /// The key, resolved on first use: commands that need none never touch the keyring.
    key: OnceLock<Option<(ApiKey, KeySource)>>,
    /// `VERN_TIME_SCALE`: divides every client-side wait (backoff, polling) — for tests and
    /// benchmarks that also speed up the sandbox's clock.
    pub time_scale: f64,
    /// When `--timeout` runs out.
    pub deadline: Option<Instant>,
    client: OnceLock<Client>,
    #[cfg(feature = "sandbox")]
    sandbox: Option<crate::sandbox::Sandbox>,
}

fn env_time_scale() -> Result<f64> {
    match std::env::var("VERN_TIME_SCALE") {
        Err(_) => Ok(1.0),
        Ok(v) => match v.parse::<f64>() {
            Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
            _ => Err(UserError::usage(format!(
                "VERN_TIME_SCALE must be a positive number, not '{v}'"
            ))
            .into()),
        },
    }
}

impl Context {
    pub async fn new(global: GlobalArgs, ui: Ui) -> Result<Context> {
        let time_scale = env_time_scale()?;
        let deadline = global.timeout.map(|t| Instant::now() + t);
        let mut api_url = global.api_url.clone();
        let key = OnceLock::new();
        #[cfg(feature = "sandbox")]
        let sandbox = if global.sandbox {
            let sb = start_sandbox(&ui, time_scale).await?;
            api_url = sb.api_url.clone();
            let _ = key.set(Some((ApiKey::new(sb.key.clone()), KeySource::Sandbox)));
            Some(sb)
        } else {
            None
        };
        #[cfg(not(feature = "sandbox"))]
        if global.sandbox {
            return Err(UserError::usage(
                "this build of vern has no sandbox (built without the `sandbox` feature)",
            )
            .into());
        }
        Ok(Context {
            ui,
            global,
            api_url,
            key,
            time_scale,
            deadline,
            client: OnceLock::new(),
            #[cfg(feature = "sandbox")]
            sandbox,
        })
    }

    /// `VERN_API_KEY`, else the profile's stored key.
    pub fn key(&self) -> Result<Option<&(ApiKey, KeySource)>> {
        if let Some(k) = self.key.get() {
            return Ok(k.as_ref());
        }
        let resolved = match std::env::var("VERN_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
        {
            Some(k) => Some((ApiKey::new(k.trim()), KeySource::Environment)),
            None => crate::credentials::load(&self.global.profile)?.map(|(k, loc)| {
                let profile = self.global.profile.clone();
                let source = match loc {
                    crate::credentials::Location::Keyring => KeySource::Keyring { profile },
                    crate::credentials::Location::File(p) => KeySource::File {
                        profile,
                        path: p.display().to_string(),
                    },
                };
                (k, source)
            }),
        };
        Ok(self.key.get_or_init(|| resolved).as_ref())
    }

    pub fn key_source(&self) -> Option<&KeySource> {
        self.key.get().and_then(|k| k.as_ref()).map(|(_, s)| s)
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::with_time_scale(self.time_scale)
    }

    /// The API client; exit 3 with the hint when there is no key.
    pub fn client(&self) -> Result<Client> {
        if let Some(c) = self.client.get() {
            return Ok(c.clone());
        }
        let Some((key, _)) = self.key()? else {
            return Err(UserError::new(ExitCode::Auth, "no API key")
                .with_hint(format!(
                    "run `vern auth login` (profile {}), or set VERN_API_KEY; create a key in the Vern web app under Settings → API keys, or rehearse with --sandbox",
                    self.global.profile
                ))
                .into());
        };
        let client = self.client_with(key.clone())?;
        Ok(self.client.get_or_init(|| client).clone())
    }

    /// The client for fleet mode: one rate budget for every migration, and an observer that
    /// leaves the terminal to the per-company status lines (only `-v`/`-vv` logs).
    pub fn fleet_client(&self) -> Result<Client> {
        let Some((key, _)) = self.key()? else {
            return self.client();
        };
        Ok(Client::new(ClientConfig {
            base_url: self.api_url.clone(),
            key: key.clone(),
            rate_limit: self.global.rate_limit,
            policy: self.retry_policy(),
            observer: crate::ui::progress::log_observer(&self.ui),
        })?)
    }

    /// A fresh client for a given key (`auth login` checks a key before storing it).
    pub fn client_with(&self, key: ApiKey) -> Result<Client> {
        Ok(Client::new(ClientConfig {
            base_url: self.api_url.clone(),
            key,
            rate_limit: self.global.rate_limit,
            policy: self.retry_policy(),
            observer: crate::ui::progress::observer(&self.ui),
        })?)
    }

    /// The journal under `--state-dir`.
    pub fn journal(&self) -> crate::journal::Journal {
        crate::journal::Journal::new(&self.global.state_dir)
    }

    /// This invocation's command line, as the journal keeps it for `vern resume` (without
    /// `--new`, which must not start over a second time).
    pub fn argv(&self) -> Vec<String> {
        std::env::args().skip(1).filter(|a| a != "--new").collect()
    }

    /// Whether the command runs against the in-process sandbox.
    pub fn is_sandbox(&self) -> bool {
        self.global.sandbox
    }

    /// The in-process sandbox of `--sandbox`, while the command runs.
    #[cfg(feature = "sandbox")]
    pub fn sandbox(&self) -> Option<&crate::sandbox::Sandbox> {
        self.sandbox.as_ref()
    }
}

/// The in-process sandbox of `--sandbox`: free loopback ports, a clock four times faster than
/// real time (times `VERN_TIME_SCALE`), requests logged only with `-vv`.
#[cfg(feature = "sandbox")]
async fn start_sandbox(ui: &Ui, time_scale: f64) -> Result<crate::sandbox::Sandbox> {
    use crate::sandbox::config::{Config, Dynamic, Timing};
    let log_ui = ui.clone();
    let mut dynamic = Dynamic {
        timing: Timing {
            time_scale: 4.0 * time_scale,
            ..Timing::default()
        },
        ..Dynamic::default()
    };
    dynamic.rate_limit = 100;
    let config = Config {
        dynamic,
        log: (ui.verbose() >= 2).then(|| {
            std::sync::Arc::new(move |l: &str| log_ui.log(2, format!("sandbox: {l}"))) as _
        }),
        ..Config::default()
    };
    let sb = crate::sandbox::Sandbox::start(config).await?;
    ui.log(
        1,
        format!(
            "sandbox listening on {} (storage {})",
            sb.api_url, sb.storage_url
        ),
    );
    Ok(sb)
}

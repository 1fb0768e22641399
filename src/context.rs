//! One invocation's world: its resolved settings, the `Ui`, the API key and where it came from,
//! the client, the journal, the deadline of `--timeout` — and, with `--sandbox`, the in-process
//! sandbox that stands in for the API while the command runs.

use crate::api::retry::RetryPolicy;
use crate::api::{ApiKey, Client, ClientConfig};
use crate::credentials::{self, Location};
use crate::exit::{ExitCode, UserError};
use crate::journal::Journal;
use crate::model::account::KeySource;
use crate::settings::{ApiUrlSource, EnvKey, Settings};
use crate::ui::Ui;
use anyhow::Result;
use std::sync::OnceLock;
use tokio::time::Instant;

pub struct Context {
    pub ui: Ui,
    pub settings: Settings,
    pub api_url: String,
    /// Where `api_url` came from.
    pub api_url_source: ApiUrlSource,
    /// The key, resolved on first use: commands that need none never touch the keyring.
    key: OnceLock<Option<(ApiKey, KeySource)>>,
    /// When `--timeout` runs out.
    pub deadline: Option<Instant>,
    client: OnceLock<Client>,
    #[cfg(feature = "sandbox")]
    _sandbox: Option<crate::sandbox::Sandbox>,
}

impl Context {
    pub async fn new(settings: Settings, ui: Ui) -> Result<Context> {
        crate::journal::arm_crash_at(settings.crash_at.clone());
        let deadline = settings.args.timeout.map(|t| Instant::now() + t);
        #[cfg_attr(not(feature = "sandbox"), allow(unused_mut))]
        let mut api_url = settings.api_url.clone();
        #[cfg_attr(not(feature = "sandbox"), allow(unused_mut))]
        let mut api_url_source = settings.api_url_source.clone();
        let key = OnceLock::new();
        #[cfg(feature = "sandbox")]
        let sandbox = if settings.args.sandbox {
            let sb = start_sandbox(&ui, settings.time_scale).await?;
            api_url = sb.api_url.clone();
            api_url_source = ApiUrlSource::Sandbox;
            let _ = key.set(Some((ApiKey::new(sb.key.clone()), KeySource::Sandbox)));
            Some(sb)
        } else {
            None
        };
        #[cfg(not(feature = "sandbox"))]
        if settings.args.sandbox {
            return Err(UserError::usage(
                "this build of vern has no sandbox (built without the `sandbox` feature)",
            )
            .into());
        }
        Ok(Context {
            ui,
            settings,
            api_url,
            api_url_source,
            key,
            deadline,
            client: OnceLock::new(),
            #[cfg(feature = "sandbox")]
            _sandbox: sandbox,
        })
    }

    pub fn profile(&self) -> &str {
        &self.settings.args.profile
    }

    /// `VERN_API_KEY`, else the profile's stored key.
    pub fn key(&self) -> Result<Option<&(ApiKey, KeySource)>> {
        if let Some(k) = self.key.get() {
            return Ok(k.as_ref());
        }
        let resolved = match &self.settings.env_key {
            EnvKey::Set(k) => Some((ApiKey::new(k.clone()), KeySource::Environment)),
            EnvKey::Unusable(why) => {
                return Err(UserError::new(ExitCode::Auth, format!("VERN_API_KEY {why}"))
                    .with_hint(format!(
                        "set VERN_API_KEY to the key alone (no line break, no spaces), or unset it to use the key stored for profile {}",
                        self.profile()
                    ))
                    .into());
            }
            EnvKey::Unset => self.key_store().load(self.profile())?.map(|(k, loc)| {
                let profile = self.profile().to_string();
                let source = match loc {
                    Location::Keyring => KeySource::Keyring { profile },
                    Location::File(p) => KeySource::File {
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

    /// Where keys are stored between commands.
    pub fn key_store(&self) -> credentials::Store {
        credentials::Store::new(&self.settings.key_store)
    }

    /// What profiles keep besides their keys (their API URLs).
    pub fn profiles(&self) -> crate::profiles::Profiles {
        crate::profiles::Profiles::new(&self.settings.key_store.profiles)
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
                    self.profile()
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
        self.build_client(key.clone(), crate::ui::progress::log_observer(&self.ui))
    }

    /// A fresh client for a given key (`auth login` checks a key before storing it).
    pub fn client_with(&self, key: ApiKey) -> Result<Client> {
        self.build_client(key, crate::ui::progress::observer(&self.ui))
    }

    fn build_client(
        &self,
        key: ApiKey,
        observer: std::sync::Arc<dyn crate::api::observe::Observer>,
    ) -> Result<Client> {
        Ok(Client::new(ClientConfig {
            base_url: self.api_url.clone(),
            key,
            rate_limit: self.settings.args.rate_limit,
            policy: RetryPolicy::with_time_scale(self.settings.time_scale),
            observer,
            timeouts: self.settings.timeouts,
            deadline: self.deadline,
            proxies: self.settings.proxies.clone(),
        })?)
    }

    /// The journal under `--state-dir`.
    pub fn journal(&self) -> Journal {
        Journal::new(&self.settings.args.state_dir)
            .held_by(format!("vern {}", self.settings.argv.join(" ")))
    }

    /// Whether the command runs against the in-process sandbox.
    pub fn is_sandbox(&self) -> bool {
        self.settings.args.sandbox
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

//! What the account and its credentials look like: sources, templates, a provisioned company,
//! where the key comes from, logins — and where a local sandbox listens.

use super::Report;
use crate::api::types::{CreateCompanyResponse, Source, Template};
use crate::settings::ApiUrlSource;
use serde::Serialize;

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
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    Sandbox,
}

#[derive(Serialize)]
pub struct Sources {
    pub sources: Vec<Source>,
}

impl Report for Sources {
    fn kind(&self) -> &'static str {
        "sources"
    }
}

#[derive(Serialize)]
pub struct Templates {
    #[serde(serialize_with = "template_views")]
    pub templates: Vec<Template>,
}

fn template_views<S: serde::Serializer>(t: &[Template], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(t.iter().map(super::shapes::TemplateView::from))
}

impl Report for Templates {
    fn kind(&self) -> &'static str {
        "templates"
    }
}

#[derive(Serialize)]
pub struct Created {
    #[serde(flatten)]
    pub response: CreateCompanyResponse,
}

impl Report for Created {
    fn kind(&self) -> &'static str {
        "company"
    }
}

#[derive(Serialize)]
pub struct AuthStatus {
    pub api_url: String,
    /// Where the URL came from: `--api-url`, `VERN_API_URL`, the profile, the default.
    pub api_url_source: ApiUrlSource,
    pub profile: String,
    pub key_source: KeySource,
    pub authenticated: bool,
    pub sources_visible: usize,
}

impl Report for AuthStatus {
    fn kind(&self) -> &'static str {
        "auth"
    }
}

#[derive(Serialize)]
pub struct LoggedIn {
    pub api_url: String,
    pub profile: String,
    pub stored_in: String,
    /// The profiles file that keeps the profile's API URL, when it keeps one.
    pub api_url_saved_in: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyring_unavailable: Option<String>,
    #[serde(skip)]
    pub env_shadows: bool,
}

impl Report for LoggedIn {
    fn kind(&self) -> &'static str {
        "login"
    }
}

#[derive(Serialize)]
pub struct LoggedOut {
    pub profile: String,
    pub removed_from: Vec<String>,
    /// The API URL the profile kept, now forgotten.
    pub forgotten_api_url: Option<String>,
}

impl Report for LoggedOut {
    fn kind(&self) -> &'static str {
        "logout"
    }
}

/// `vern auth login --webhook-secret NAME` (stored) and `auth logout --webhook-secret NAME`
/// (removed): where the secret is, never the secret.
#[derive(Serialize)]
pub struct WebhookSecret {
    pub name: String,
    /// Where it was stored (login), or null (logout).
    pub stored_in: Option<String>,
    /// Where it was removed from (logout; empty when it was stored nowhere).
    pub removed_from: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyring_unavailable: Option<String>,
}

impl Report for WebhookSecret {
    fn kind(&self) -> &'static str {
        "webhook_secret"
    }
}

#[derive(Serialize)]
#[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
pub struct Listening {
    pub api_url: String,
    pub storage_url: String,
    pub key: String,
    pub sources: Vec<String>,
}

impl Report for Listening {
    fn kind(&self) -> &'static str {
        "sandbox"
    }
}

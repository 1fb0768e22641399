//! What the account and its credentials look like: sources, templates, a provisioned company,
//! where the key comes from, logins — and where a local sandbox listens.

use super::Report;
use crate::api::types::{CreateCompanyResponse, Source, Template};
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
    Sandbox,
}

#[derive(Serialize)]
pub struct Sources {
    pub sources: Vec<Source>,
}

impl Report for Sources {}

#[derive(Serialize)]
pub struct Templates {
    pub templates: Vec<Template>,
}

impl Report for Templates {}

#[derive(Serialize)]
pub struct Created {
    #[serde(flatten)]
    pub response: CreateCompanyResponse,
}

impl Report for Created {}

#[derive(Serialize)]
pub struct AuthStatus {
    pub api_url: String,
    pub profile: String,
    pub key_source: KeySource,
    pub authenticated: bool,
    pub sources_visible: usize,
}

impl Report for AuthStatus {}

#[derive(Serialize)]
pub struct LoggedIn {
    pub api_url: String,
    pub profile: String,
    pub stored_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyring_unavailable: Option<String>,
    #[serde(skip)]
    pub env_shadows: bool,
}

impl Report for LoggedIn {}

#[derive(Serialize)]
pub struct LoggedOut {
    pub profile: String,
    pub removed_from: Vec<String>,
}

impl Report for LoggedOut {}

#[derive(Serialize)]
pub struct Listening {
    pub api_url: String,
    pub storage_url: String,
    pub key: String,
    pub sources: Vec<String>,
}

impl Report for Listening {}

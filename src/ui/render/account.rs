//! How the account reads: sources, templates, a provisioned company, the key's origin, logins,
//! and a sandbox's addresses.

use super::Job;
use crate::model::account::{
    AuthStatus, Created, KeySource, Listening, LoggedIn, LoggedOut, Sources, Templates,
    WebhookSecret,
};
use crate::settings::ApiUrlSource;
use std::fmt;

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

impl fmt::Display for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.response.company;
        let ext = c
            .external_id
            .as_ref()
            .map(|e| format!(" (external id {e})"))
            .unwrap_or_default();
        writeln!(f, "company {}: {}{ext}", c.id, c.name)?;
        if let Some(w) = &self.response.workbook_id {
            writeln!(f, "  workbook {w}")?;
        }
        for (i, s) in self.response.sheets.iter().enumerate() {
            write!(f, "  sheet {}  {}", s.id, s.name)?;
            if i + 1 < self.response.sheets.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for ApiUrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiUrlSource::Flag => f.write_str("--api-url"),
            ApiUrlSource::Environment => f.write_str("the VERN_API_URL environment variable"),
            ApiUrlSource::Profile { profile, path } => {
                write!(f, "profile {profile} (saved by vern auth login in {path})")
            }
            ApiUrlSource::Default => f.write_str("the default (nothing else names one)"),
            ApiUrlSource::Sandbox => f.write_str("the in-process sandbox (--sandbox)"),
            ApiUrlSource::Operation { id } => write!(f, "operation {id}, which ran against it"),
        }
    }
}

impl fmt::Display for AuthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "authenticated to {}", self.api_url)?;
        writeln!(f, "  URL from {}", self.api_url_source)?;
        writeln!(f, "  key from {}", self.key_source)?;
        write!(f, "  {} sources visible", self.sources_visible)
    }
}

impl fmt::Display for LoggedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "logged in to {} as profile {}; the key is in {}",
            self.api_url, self.profile, self.stored_in
        )?;
        if let Some(path) = &self.api_url_saved_in {
            write!(
                f,
                "\nprofile {} uses this API URL from now on (kept in {path}); --api-url and VERN_API_URL still win",
                self.profile
            )?;
        }
        if self.env_shadows {
            write!(
                f,
                "\nnote: VERN_API_KEY is set and wins over the stored key while it is"
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for LoggedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.removed_from.is_empty() {
            write!(f, "no key was stored for profile {}", self.profile)?;
        } else {
            write!(
                f,
                "removed the key of profile {} from {}",
                self.profile,
                self.removed_from.join(" and ")
            )?;
        }
        match &self.forgotten_api_url {
            Some(url) => write!(f, "; forgot its API URL {url}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.stored_in {
            Some(place) => write!(
                f,
                "stored webhook signing secret {} in {place}; sign with it: vern deliver --to https://… --webhook-secret {}",
                self.name, self.name
            ),
            None if self.removed_from.is_empty() => {
                write!(f, "no webhook secret named {} was stored", self.name)
            }
            None => write!(
                f,
                "removed webhook signing secret {} from {}",
                self.name,
                self.removed_from.join(" and ")
            ),
        }
    }
}

impl fmt::Display for Listening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "vern sandbox is listening")?;
        writeln!(f, "  API:      {}", self.api_url)?;
        writeln!(f, "  storage:  {}", self.storage_url)?;
        writeln!(f, "  key:      {}", self.key)?;
        writeln!(f, "  sources:  {}", self.sources.join(", "))?;
        writeln!(f)?;
        writeln!(f, "Point vern at it from another shell:")?;
        writeln!(
            f,
            "  export VERN_API_URL={} VERN_API_KEY={}",
            self.api_url, self.key
        )?;
        write!(f, "Stop it with Ctrl-C.")
    }
}

impl Job for Sources {}
impl Job for Templates {}
impl Job for Created {}
impl Job for AuthStatus {}
impl Job for LoggedIn {}
impl Job for LoggedOut {}
impl Job for WebhookSecret {}
impl Job for Listening {}

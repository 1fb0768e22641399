//! The profiles file: what a profile keeps besides its key — the API URL `vern auth login` checked
//! the key against — as JSON with mode 0600 beside the credentials file (`profiles.json`).
//!
//! Never a secret: the key stays in the OS keyring or the credentials file, and this file holds
//! only what `vern auth status` may show. It is written atomically (a temporary file in the same
//! directory, synced, renamed), so a kill leaves the old file or the new one. Fields a later vern
//! adds are kept when this one writes the file.

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's own format version.
const SCHEMA: u32 = 1;

#[derive(Default, Serialize, Deserialize)]
struct ProfilesFile {
    #[serde(default = "schema")]
    schema: u32,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

fn schema() -> u32 {
    SCHEMA
}

/// What one profile keeps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    api_url: Option<String>,
    /// Fields this vern does not know, kept as they are.
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// The profiles file at one path.
pub struct Profiles {
    path: PathBuf,
}

impl Profiles {
    pub fn new(path: impl Into<PathBuf>) -> Profiles {
        Profiles { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<ProfilesFile> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{} is not a vern profiles file", self.path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ProfilesFile {
                schema: SCHEMA,
                ..Default::default()
            }),
            Err(e) => {
                Err(anyhow::Error::new(e).context(format!("cannot read {}", self.path.display())))
            }
        }
    }

    fn write(&self, file: &ProfilesFile) -> Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        // tempfile creates the file with mode 0600 before anything is written to it.
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        let mut bytes = serde_json::to_vec_pretty(file)?;
        bytes.push(b'\n');
        tmp.as_file_mut().write_all(&bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", self.path.display(), e.error))?;
        Ok(())
    }

    /// The API URL saved for `profile`, if any.
    pub fn api_url(&self, profile: &str) -> Result<Option<String>> {
        Ok(self
            .read()?
            .profiles
            .get(profile)
            .and_then(|p| p.api_url.clone()))
    }

    /// Remember `url` as the API of `profile`.
    pub fn set_api_url(&self, profile: &str, url: &str) -> Result<()> {
        let mut file = self.read()?;
        file.schema = SCHEMA;
        file.profiles
            .entry(profile.to_string())
            .or_default()
            .api_url = Some(url.to_string());
        self.write(&file)
    }

    /// Forget the API URL of `profile` (and the profile, when it kept nothing else); returns the
    /// URL it had. The file is not touched when there was nothing to forget.
    pub fn forget_api_url(&self, profile: &str) -> Result<Option<String>> {
        let mut file = self.read()?;
        let Some(entry) = file.profiles.get_mut(profile) else {
            return Ok(None);
        };
        let url = entry.api_url.take();
        if entry.other.is_empty() {
            file.profiles.remove(profile);
        }
        if url.is_some() {
            self.write(&file)?;
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_kept_per_profile_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = Profiles::new(dir.path().join("sub/profiles.json"));
        assert_eq!(p.api_url("staging").unwrap(), None);
        p.set_api_url("staging", "https://staging.vern.so").unwrap();
        p.set_api_url("default", "https://app.vern.so").unwrap();
        assert_eq!(
            p.api_url("staging").unwrap().as_deref(),
            Some("https://staging.vern.so")
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            p.forget_api_url("staging").unwrap().as_deref(),
            Some("https://staging.vern.so")
        );
        assert_eq!(p.api_url("staging").unwrap(), None);
        assert_eq!(p.forget_api_url("staging").unwrap(), None);
        assert!(p.api_url("default").unwrap().is_some());
    }

    #[test]
    fn unknown_fields_survive_and_a_corrupt_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.json");
        std::fs::write(
            &path,
            r#"{"schema": 1, "profiles": {"a": {"api_url": "https://x", "colour": "blue"}}}"#,
        )
        .unwrap();
        let p = Profiles::new(&path);
        p.forget_api_url("a").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("colour") && !text.contains("https://x"),
            "{text}"
        );
        std::fs::write(&path, "{nope").unwrap();
        assert!(p.api_url("a").is_err());
    }
}

//! Where API keys are kept between commands: the OS keyring, one entry per profile (Secret
//! Service on Linux, the Keychain on macOS, the Credential Manager on Windows), or — where no
//! keyring works (headless Linux, containers, CI) — an explicit credentials file with mode 0600,
//! announced with a warning, as gh and glab do.
//!
//! Webhook signing secrets (`vern auth login --webhook-secret NAME`) are kept the same way, under
//! a service of their own (`vern-webhook`, one entry per NAME) and, without a keyring, in the same
//! file's `webhook_secrets`.
//!
//! Every keyring call runs on its own thread behind a timeout: a wedged D-Bus session makes the
//! Secret Service client block forever, and a CLI must not hang on it. A keyring that fails or
//! does not answer is treated as absent.

use crate::api::ApiKey;
use crate::deliver::webhook::SecretText;
use crate::settings::KeyStore;
use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, mpsc};

const SERVICE: &str = "vern";
/// The keyring service of webhook signing secrets: apart from the API keys', so that no secret's
/// NAME can ever be taken for a profile's.
const WEBHOOK_SERVICE: &str = "vern-webhook";

/// Where a stored key was found or put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Keyring,
    File(PathBuf),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Keyring => write!(f, "the OS keyring ({})", keyring_name()),
            Location::File(p) => write!(f, "the credentials file {}", p.display()),
        }
    }
}

fn keyring_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "Keychain"
    } else if cfg!(windows) {
        "Credential Manager"
    } else {
        "Secret Service"
    }
}

/// Why the keyring was not used.
#[derive(Debug, Clone)]
pub struct Unavailable(pub String);

/// The platform's store, created once (creating it is what hangs on a wedged bus).
fn platform_store() -> Result<Arc<keyring_core::api::CredentialStore>, String> {
    #[cfg(all(target_os = "linux", feature = "secret-service"))]
    {
        return zbus_secret_service_keyring_store::Store::new()
            .map(|s| s as Arc<keyring_core::api::CredentialStore>)
            .map_err(|e| e.to_string());
    }
    #[cfg(target_os = "macos")]
    {
        return apple_native_keyring_store::keychain::Store::new()
            .map(|s| s as Arc<keyring_core::api::CredentialStore>)
            .map_err(|e| e.to_string());
    }
    #[cfg(windows)]
    {
        return windows_native_keyring_store::Store::new()
            .map(|s| s as Arc<keyring_core::api::CredentialStore>)
            .map_err(|e| e.to_string());
    }
    #[allow(unreachable_code)]
    Err("this build of vern has no keyring support for this platform".into())
}

/// Where keys are kept, as the settings say (keyring on or off, its timeout, the file).
pub struct Store {
    config: KeyStore,
}

/// Run `f` against the keyring entry of `profile`, on a thread, within the timeout.
fn with_entry<T: Send + 'static>(
    config: &KeyStore,
    profile: &str,
    f: impl FnOnce(&keyring_core::Entry) -> Result<T, keyring_core::Error> + Send + 'static,
) -> Result<Result<T, keyring_core::Error>, Unavailable> {
    with_entry_of(config, SERVICE, profile, f)
}

/// Run `f` against the keyring entry `user` of `service`, on a thread, within the timeout.
fn with_entry_of<T: Send + 'static>(
    config: &KeyStore,
    service: &'static str,
    profile: &str,
    f: impl FnOnce(&keyring_core::Entry) -> Result<T, keyring_core::Error> + Send + 'static,
) -> Result<Result<T, keyring_core::Error>, Unavailable> {
    if !config.keyring {
        return Err(Unavailable("VERN_KEYRING=off".into()));
    }
    static STORE: OnceLock<Result<(), String>> = OnceLock::new();
    let profile = profile.to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let ready = STORE.get_or_init(|| platform_store().map(keyring_core::set_default_store));
        let result = match ready {
            Err(e) => Err(Unavailable(e.clone())),
            Ok(()) => match keyring_core::Entry::new(service, &profile) {
                Ok(entry) => Ok(f(&entry)),
                Err(e) => Err(Unavailable(e.to_string())),
            },
        };
        let _ = tx.send(result);
    });
    let limit = config.timeout;
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(_) => Err(Unavailable(format!(
            "it did not answer within {} (a stale or wedged D-Bus session?)",
            crate::text::duration(limit)
        ))),
    }
}

/// Treat a keyring that answers with a platform or access failure as unavailable.
fn usable<T>(
    r: Result<Result<T, keyring_core::Error>, Unavailable>,
) -> Result<Result<T, keyring_core::Error>, Unavailable> {
    match r {
        Ok(Err(keyring_core::Error::PlatformFailure(e)))
        | Ok(Err(keyring_core::Error::NoStorageAccess(e))) => Err(Unavailable(e.to_string())),
        Ok(Err(keyring_core::Error::NoDefaultStore)) => Err(Unavailable("no default store".into())),
        other => other,
    }
}

#[derive(Default, Serialize, Deserialize)]
struct CredentialsFile {
    #[serde(default)]
    profiles: BTreeMap<String, FileEntry>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    webhook_secrets: BTreeMap<String, SecretEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    api_key: String,
}

#[derive(Serialize, Deserialize)]
struct SecretEntry {
    secret: String,
}

fn read_file(path: &Path) -> Result<CredentialsFile> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{} is not a vern credentials file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CredentialsFile::default()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot read {}", path.display()))),
    }
}

fn write_file(path: &Path, file: &CredentialsFile) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // tempfile creates the file with mode 0600 before anything is written to it.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    serde_json::to_writer_pretty(tmp.as_file_mut(), file)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

impl Store {
    pub fn new(config: &KeyStore) -> Store {
        Store {
            config: config.clone(),
        }
    }

    /// The stored key of a profile, and where it was: the keyring first, then the file.
    pub fn load(&self, profile: &str) -> Result<Option<(ApiKey, Location)>> {
        if let Ok(Ok(key)) = usable(with_entry(&self.config, profile, |e| e.get_password())) {
            return Ok(Some((ApiKey::new(key), Location::Keyring)));
        }
        let path = self.config.file.clone();
        let file = read_file(&path)?;
        Ok(file
            .profiles
            .get(profile)
            .map(|e| (ApiKey::new(e.api_key.clone()), Location::File(path))))
    }

    /// Store a key: in the keyring when one works, else in the file (the reason is returned so the
    /// caller can say why).
    pub fn store(&self, profile: &str, key: &ApiKey) -> Result<(Location, Option<Unavailable>)> {
        let secret = key.expose().to_string();
        match usable(with_entry(&self.config, profile, move |e| {
            e.set_password(&secret)
        })) {
            Ok(Ok(())) => {
                // A key left in the file from a keyring-less time would shadow nothing, but would
                // linger on disk: remove it.
                let _ = self.remove_from_file(profile);
                Ok((Location::Keyring, None))
            }
            Ok(Err(e)) => {
                let why = Unavailable(e.to_string());
                self.store_in_file(profile, key).map(|l| (l, Some(why)))
            }
            Err(why) => self.store_in_file(profile, key).map(|l| (l, Some(why))),
        }
    }

    fn store_in_file(&self, profile: &str, key: &ApiKey) -> Result<Location> {
        let path = self.config.file.clone();
        let mut file = read_file(&path)?;
        file.profiles.insert(
            profile.to_string(),
            FileEntry {
                api_key: key.expose().to_string(),
            },
        );
        write_file(&path, &file)?;
        Ok(Location::File(path))
    }

    fn remove_from_file(&self, profile: &str) -> Result<bool> {
        let path = self.config.file.clone();
        let mut file = read_file(&path)?;
        if file.profiles.remove(profile).is_none() {
            return Ok(false);
        }
        write_file(&path, &file)?;
        Ok(true)
    }

    /// The webhook signing secret stored under `name`, and where it was: the keyring first.
    pub fn load_webhook_secret(&self, name: &str) -> Result<Option<(SecretText, Location)>> {
        if let Ok(Ok(secret)) = usable(with_entry_of(&self.config, WEBHOOK_SERVICE, name, |e| {
            e.get_password()
        })) {
            return Ok(Some((SecretText(secret), Location::Keyring)));
        }
        let path = self.config.file.clone();
        let file = read_file(&path)?;
        Ok(file
            .webhook_secrets
            .get(name)
            .map(|e| (SecretText(e.secret.clone()), Location::File(path))))
    }

    /// Store a webhook signing secret under `name`: in the keyring when one works, else in the
    /// file (the reason is returned so the caller can say why).
    pub fn store_webhook_secret(
        &self,
        name: &str,
        secret: &SecretText,
    ) -> Result<(Location, Option<Unavailable>)> {
        let text = secret.0.clone();
        let stored = usable(with_entry_of(
            &self.config,
            WEBHOOK_SERVICE,
            name,
            move |e| e.set_password(&text),
        ));
        let why = match stored {
            Ok(Ok(())) => {
                let _ = self.remove_secret_from_file(name);
                return Ok((Location::Keyring, None));
            }
            Ok(Err(e)) => Unavailable(e.to_string()),
            Err(why) => why,
        };
        let path = self.config.file.clone();
        let mut file = read_file(&path)?;
        file.webhook_secrets.insert(
            name.to_string(),
            SecretEntry {
                secret: secret.0.clone(),
            },
        );
        write_file(&path, &file)?;
        Ok((Location::File(path), Some(why)))
    }

    fn remove_secret_from_file(&self, name: &str) -> Result<bool> {
        let path = self.config.file.clone();
        let mut file = read_file(&path)?;
        if file.webhook_secrets.remove(name).is_none() {
            return Ok(false);
        }
        write_file(&path, &file)?;
        Ok(true)
    }

    /// Remove the webhook secret `name` from everywhere it is stored; returns where it was.
    pub fn delete_webhook_secret(&self, name: &str) -> Result<Vec<Location>> {
        let mut removed = Vec::new();
        if let Ok(Ok(())) = usable(with_entry_of(&self.config, WEBHOOK_SERVICE, name, |e| {
            e.delete_credential()
        })) {
            removed.push(Location::Keyring);
        }
        if self.remove_secret_from_file(name)? {
            removed.push(Location::File(self.config.file.clone()));
        }
        Ok(removed)
    }

    /// Remove a profile's key from everywhere it is stored; returns where it was.
    pub fn delete(&self, profile: &str) -> Result<Vec<Location>> {
        let mut removed = Vec::new();
        if let Ok(Ok(())) = usable(with_entry(&self.config, profile, |e| e.delete_credential())) {
            removed.push(Location::Keyring);
        }
        if self.remove_from_file(profile)? {
            removed.push(Location::File(self.config.file.clone()));
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_keeps_profiles_apart_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/credentials.json");
        let mut f = CredentialsFile::default();
        f.profiles.insert(
            "default".into(),
            FileEntry {
                api_key: "k1".into(),
            },
        );
        f.profiles.insert(
            "staging".into(),
            FileEntry {
                api_key: "k2".into(),
            },
        );
        write_file(&path, &f).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let back = read_file(&path).unwrap();
        assert_eq!(back.profiles["staging"].api_key, "k2");
        assert!(
            !std::fs::read_to_string(&path)
                .unwrap()
                .contains("webhook_secrets"),
            "no empty map written"
        );
        let mut f = back;
        f.webhook_secrets.insert(
            "default".into(),
            SecretEntry {
                secret: "whsec_x".into(),
            },
        );
        write_file(&path, &f).unwrap();
        let back = read_file(&path).unwrap();
        assert_eq!(back.webhook_secrets["default"].secret, "whsec_x");
        assert_eq!(back.profiles["default"].api_key, "k1");
        assert!(
            read_file(&dir.path().join("none.json"))
                .unwrap()
                .profiles
                .is_empty()
        );
        std::fs::write(&path, "nope").unwrap();
        assert!(read_file(&path).is_err());
    }

    #[test]
    fn the_mock_store_round_trips_through_the_entry_api() {
        // The same calls vern makes, against keyring-core's in-memory store.
        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        let e = keyring_core::Entry::new(SERVICE, "mock-profile").unwrap();
        e.set_password("sk_test").unwrap();
        assert_eq!(e.get_password().unwrap(), "sk_test");
        e.delete_credential().unwrap();
        assert!(matches!(
            e.get_password(),
            Err(keyring_core::Error::NoEntry)
        ));
    }
}

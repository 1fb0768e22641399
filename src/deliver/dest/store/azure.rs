//! Azure Blob Storage (and Azurite): the environment of the contract, and the conditional
//! `Put Block List` that completes a large blob (object_store 0.14 commits unconditionally and,
//! through its low-level API, without the blob's content type).
//!
//! Variables: `AZURE_STORAGE_ACCOUNT_NAME` (or `AZURE_STORAGE_ACCOUNT`) with
//! `AZURE_STORAGE_ACCOUNT_KEY` (or `AZURE_STORAGE_KEY`) or `AZURE_STORAGE_SAS_TOKEN`;
//! `AZURE_STORAGE_ENDPOINT` for another account URL (path-style: `ENDPOINT/CONTAINER/BLOB`).
//! `AZURE_STORAGE_USE_EMULATOR=true` targets Azurite: `AZURITE_BLOB_STORAGE_URL` (default
//! `http://127.0.0.1:10000`), account `devstoreaccount1` and its well-known key unless others
//! are set.

use super::{Answer, DestError, Env, check_endpoint, transport_answer, xml_tag};
use crate::deliver::dest::FileMeta;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use object_store::ClientOptions;
use object_store::azure::{AzureConfigKey, MicrosoftAzure, MicrosoftAzureBuilder};
use object_store::multipart::PartId;
use object_store::path::Path;
use object_store::signer::{Method, Signer};
use std::sync::Arc;
use url::Url;

/// Azure's most blocks in a blob.
pub const MAX_BLOCKS: usize = 50_000;
/// `x-ms-meta-vern_run` (Azure metadata names are C# identifiers: no hyphen).
pub const RUN_METADATA: &str = "vern_run";
const API_VERSION: &str = "2021-08-06";

const EMULATOR_ACCOUNT: &str = "devstoreaccount1";
/// Azurite's published, well-known development key (not a secret).
const EMULATOR_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const CREDENTIALS: &str = "AZURE_STORAGE_ACCOUNT_NAME with AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN (or AZURE_STORAGE_USE_EMULATOR=true for Azurite)";

enum Auth {
    Key(String),
    Sas(String),
}

pub struct Config {
    account: String,
    auth: Auth,
    /// The account's blob service URL; containers are path segments under it.
    pub endpoint: Url,
}

fn truthy(v: Option<String>) -> bool {
    v.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

impl Config {
    pub fn from_env(env: Env) -> Result<Config, DestError> {
        let emulator = truthy(env("AZURE_STORAGE_USE_EMULATOR"));
        let account = env("AZURE_STORAGE_ACCOUNT_NAME").or_else(|| env("AZURE_STORAGE_ACCOUNT"));
        let key = env("AZURE_STORAGE_ACCOUNT_KEY").or_else(|| env("AZURE_STORAGE_KEY"));
        let sas =
            env("AZURE_STORAGE_SAS_TOKEN").map(|s| s.trim().trim_start_matches('?').to_string());
        let account = match (account, emulator) {
            (Some(a), _) => a.trim().to_string(),
            (None, true) => EMULATOR_ACCOUNT.to_string(),
            (None, false) => {
                return Err(DestError::Auth(format!(
                    "no Azure credentials: AZURE_STORAGE_ACCOUNT_NAME is not set; vern takes {CREDENTIALS} from the environment"
                )));
            }
        };
        if account.is_empty() || !account.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(DestError::Config(format!(
                "AZURE_STORAGE_ACCOUNT_NAME '{account}' is not a storage account name (letters and digits only)"
            )));
        }
        let auth = match (key, sas, emulator) {
            (Some(k), _, _) => {
                if B64.decode(k.trim()).is_err() {
                    return Err(DestError::Auth(
                        "AZURE_STORAGE_ACCOUNT_KEY is not an account key (it is not base64): copy key1 or key2 of the storage account".into(),
                    ));
                }
                Auth::Key(k.trim().to_string())
            }
            (None, Some(s), _) if !s.is_empty() => Auth::Sas(s),
            (None, _, true) => Auth::Key(EMULATOR_KEY.to_string()),
            (None, _, false) => {
                return Err(DestError::Auth(format!(
                    "no Azure credentials for account '{account}': neither AZURE_STORAGE_ACCOUNT_KEY nor AZURE_STORAGE_SAS_TOKEN is set; vern takes {CREDENTIALS} from the environment"
                )));
            }
        };
        let endpoint = if emulator {
            let (var, raw) = match env("AZURITE_BLOB_STORAGE_URL") {
                Some(v) => ("AZURITE_BLOB_STORAGE_URL", v),
                None => (
                    "AZURITE_BLOB_STORAGE_URL",
                    "http://127.0.0.1:10000".to_string(),
                ),
            };
            let mut url = check_endpoint(var, &raw)?;
            url.path_segments_mut()
                .map_err(|()| DestError::Config(format!("{var} '{raw}' cannot take a path")))?
                .pop_if_empty()
                .push(&account);
            url
        } else if let Some(raw) = env("AZURE_STORAGE_ENDPOINT") {
            check_endpoint("AZURE_STORAGE_ENDPOINT", &raw)?
        } else {
            Url::parse(&format!("https://{account}.blob.core.windows.net"))
                .map_err(|e| DestError::Config(format!("account '{account}': {e}")))?
        };
        Ok(Config {
            account,
            auth,
            endpoint,
        })
    }

    pub fn secrets(&self) -> Vec<String> {
        match &self.auth {
            Auth::Key(k) => vec![k.clone()],
            Auth::Sas(s) => {
                let mut v = vec![s.clone()];
                // The signature alone, as it may appear decoded or re-encoded.
                for (k, val) in url::form_urlencoded::parse(s.as_bytes()) {
                    if k == "sig" {
                        v.push(val.into_owned());
                    }
                }
                v
            }
        }
    }

    pub fn build(
        &self,
        container: &str,
        options: ClientOptions,
    ) -> Result<MicrosoftAzure, DestError> {
        // Client options first: they replace every earlier client setting (allow_http included).
        let b = MicrosoftAzureBuilder::new()
            .with_client_options(options)
            .with_retry(super::retry_config())
            .with_account(&self.account)
            .with_container_name(container)
            .with_endpoint(self.endpoint.as_str().trim_end_matches('/').to_string());
        let b = match &self.auth {
            Auth::Key(k) => b
                .with_config(AzureConfigKey::CredentialType, "access_key")
                .with_access_key(k),
            Auth::Sas(s) => b
                .with_config(AzureConfigKey::CredentialType, "sas_token")
                .with_config(AzureConfigKey::SasKey, s),
        };
        // Never format the builder or the store with {:?}: object_store prints the key there.
        b.build().map_err(|e| {
            DestError::Failed(format!(
                "cannot set up Azure Blob Storage for container '{container}': {}",
                super::scrub(&e.to_string(), &self.secrets())
            ))
        })
    }
}

/// What the raw `Put Block List` needs besides the store.
pub struct Raw {
    store: Arc<MicrosoftAzure>,
    endpoint: Url,
    container: String,
    /// The user's SAS token (object_store can only sign with an account key).
    sas: Option<String>,
    secrets: Vec<String>,
}

/// The blob's headers, set by the request that commits it.
pub struct BlobHeaders<'a> {
    pub meta: FileMeta,
    pub run_key: &'static str,
    pub run: &'a str,
}

impl Raw {
    pub fn new(store: Arc<MicrosoftAzure>, config: &Config, container: &str) -> Raw {
        Raw {
            store,
            endpoint: config.endpoint.clone(),
            container: container.to_string(),
            sas: match &config.auth {
                Auth::Sas(s) => Some(s.clone()),
                Auth::Key(_) => None,
            },
            secrets: config.secrets(),
        }
    }

    /// `ENDPOINT/CONTAINER/PATH?SAS`, or object_store's service SAS URL for a PUT of the blob.
    async fn signed_put(&self, path: &Path) -> Result<Url, String> {
        match &self.sas {
            Some(sas) => {
                let mut url = self.endpoint.clone();
                url.path_segments_mut()
                    .map_err(|()| "the endpoint cannot take a path".to_string())?
                    .pop_if_empty()
                    .push(&self.container)
                    .extend(path.parts());
                url.set_query(Some(sas));
                Ok(url)
            }
            None => self
                .store
                .signed_url(Method::PUT, path, super::SIGNED_FOR)
                .await
                .map_err(|e| super::scrub(&e.to_string(), &self.secrets)),
        }
    }

    /// `Put Block List` of `parts` (every one `Latest`, so a repeat after a lost answer commits
    /// the same blocks again), with `If-None-Match: *` when `create`.
    pub async fn commit(
        &self,
        http: &reqwest::Client,
        path: &Path,
        location: &str,
        parts: &[PartId],
        headers: BlobHeaders<'_>,
        create: bool,
    ) -> Answer {
        let doing = format!("commit the blocks of {location}");
        let mut url = match self.signed_put(path).await {
            Ok(u) => u,
            Err(e) => {
                return Answer::Fail(DestError::Failed(format!(
                    "cannot {doing}: signing the request failed: {e}"
                )));
            }
        };
        url.query_pairs_mut().append_pair("comp", "blocklist");
        let endpoint = url.origin().ascii_serialization();
        let mut req = http
            .put(url)
            .header("x-ms-version", API_VERSION)
            .header("x-ms-blob-content-type", headers.meta.content_type)
            .header(format!("x-ms-meta-{}", headers.run_key), headers.run)
            .header("content-type", "application/xml")
            .body(block_list(parts));
        if let Some(enc) = headers.meta.content_encoding {
            req = req.header("x-ms-blob-content-encoding", enc);
        }
        if create {
            req = req.header("if-none-match", "*");
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return transport_answer(&e.without_url(), &endpoint, &doing, &self.secrets),
        };
        let status = resp.status().as_u16();
        let header_code = resp
            .headers()
            .get("x-ms-error-code")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = match resp.text().await {
            Ok(b) => b,
            Err(e) => return transport_answer(&e.without_url(), &endpoint, &doing, &self.secrets),
        };
        let code = header_code
            .or_else(|| xml_tag(&body, "Code"))
            .unwrap_or_default();
        let message = xml_tag(&body, "Message")
            .map(|m| super::shorten(m.lines().next().unwrap_or(""), 200))
            .map(|m| super::scrub(&m, &self.secrets));
        answer(status, &code, message.as_deref(), &doing)
    }
}

fn answer(status: u16, code: &str, message: Option<&str>, doing: &str) -> Answer {
    let said = match message {
        Some(m) => format!("{status} {code}: {m}"),
        None => format!("{status} {code}"),
    };
    match (status, code) {
        (200..=299, _) => Answer::Done,
        (412, _) | (409, "BlobAlreadyExists") => Answer::Exists,
        // The blocks are gone: committed by an attempt whose answer was lost, or expired.
        (400, "InvalidBlockList") => Answer::Gone,
        (404, "ContainerNotFound") => Answer::Fail(DestError::Missing(format!(
            "cannot {doing}: the container does not exist ({said})"
        ))),
        (401 | 403, _) => Answer::Fail(DestError::Auth(format!(
            "cannot {doing}: the credentials were refused ({said})"
        ))),
        (429 | 500..=599, _) => Answer::Retry {
            error: DestError::Failed(format!("cannot {doing} ({said})")),
            sent: true,
        },
        _ => Answer::Fail(DestError::Failed(format!("cannot {doing} ({said})"))),
    }
}

/// object_store names each block base64(its content id).
fn block_list(parts: &[PartId]) -> String {
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for p in parts {
        body.push_str(&format!("<Latest>{}</Latest>", B64.encode(&p.content_id)));
    }
    body.push_str("</BlockList>");
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, DestError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_env(&move |k: &str| map.get(k).cloned())
    }

    #[test]
    fn credentials_come_from_the_environment_or_are_named() {
        let e = config(&[]).err().unwrap();
        assert!(matches!(e, DestError::Auth(_)));
        assert!(
            e.to_string()
                .contains("AZURE_STORAGE_ACCOUNT_NAME is not set"),
            "{e}"
        );
        let e = config(&[("AZURE_STORAGE_ACCOUNT_NAME", "acct")])
            .err()
            .unwrap();
        assert!(matches!(e, DestError::Auth(_)));
        assert!(e.to_string().contains("AZURE_STORAGE_SAS_TOKEN"), "{e}");
        let e = config(&[
            ("AZURE_STORAGE_ACCOUNT_NAME", "acct"),
            ("AZURE_STORAGE_ACCOUNT_KEY", "not base64!"),
        ])
        .err()
        .unwrap();
        assert!(matches!(e, DestError::Auth(_)), "{e}");
        let c = config(&[
            ("AZURE_STORAGE_ACCOUNT_NAME", "acct"),
            ("AZURE_STORAGE_SAS_TOKEN", "?sv=2022-11-02&sig=abc%2Bdef%3D"),
        ])
        .unwrap();
        assert_eq!(c.endpoint.as_str(), "https://acct.blob.core.windows.net/");
        assert!(matches!(&c.auth, Auth::Sas(s) if s == "sv=2022-11-02&sig=abc%2Bdef%3D"));
        assert_eq!(
            c.secrets(),
            vec![
                "sv=2022-11-02&sig=abc%2Bdef%3D".to_string(),
                "abc+def=".into()
            ]
        );
    }

    #[test]
    fn the_emulator_is_azurite_on_loopback() {
        let c = config(&[("AZURE_STORAGE_USE_EMULATOR", "true")]).unwrap();
        assert_eq!(c.account, "devstoreaccount1");
        assert_eq!(
            c.endpoint.as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        assert!(matches!(&c.auth, Auth::Key(k) if k == EMULATOR_KEY));
        let c = config(&[
            ("AZURE_STORAGE_USE_EMULATOR", "1"),
            ("AZURITE_BLOB_STORAGE_URL", "http://localhost:41000/"),
        ])
        .unwrap();
        assert_eq!(
            c.endpoint.as_str(),
            "http://localhost:41000/devstoreaccount1"
        );
        let e = config(&[
            ("AZURE_STORAGE_USE_EMULATOR", "true"),
            ("AZURITE_BLOB_STORAGE_URL", "http://azurite:10000"),
        ])
        .err()
        .unwrap();
        assert!(e.to_string().contains("only to loopback"), "{e}");
        let c = config(&[
            ("AZURE_STORAGE_ACCOUNT_NAME", "acct"),
            ("AZURE_STORAGE_ACCOUNT_KEY", EMULATOR_KEY),
            ("AZURE_STORAGE_ENDPOINT", "http://127.0.0.1:5/acct"),
        ])
        .unwrap();
        assert_eq!(c.endpoint.as_str(), "http://127.0.0.1:5/acct");
    }

    #[test]
    fn commit_answers() {
        assert!(matches!(answer(201, "", None, "x"), Answer::Done));
        assert!(matches!(
            answer(409, "BlobAlreadyExists", None, "x"),
            Answer::Exists
        ));
        assert!(matches!(
            answer(412, "ConditionNotMet", None, "x"),
            Answer::Exists
        ));
        assert!(matches!(
            answer(400, "InvalidBlockList", None, "x"),
            Answer::Gone
        ));
        assert!(matches!(
            answer(404, "ContainerNotFound", None, "x"),
            Answer::Fail(DestError::Missing(_))
        ));
        assert!(matches!(
            answer(403, "AuthenticationFailed", Some("Server failed"), "x"),
            Answer::Fail(DestError::Auth(_))
        ));
        assert!(matches!(
            answer(503, "ServerBusy", None, "x"),
            Answer::Retry { sent: true, .. }
        ));
    }

    #[test]
    fn block_ids_are_base64_of_the_content_id() {
        let parts = vec![PartId {
            content_id: "abc".into(),
        }];
        assert!(block_list(&parts).contains("<Latest>YWJj</Latest>"));
    }
}

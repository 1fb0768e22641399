//! One async method per endpoint of the companies surface, each a thin typed wrapper over
//! [`Client::call`]: the JSON layer on top of the one request loop ([`Client::send`]).
//!
//! Paths with ids in them are built segment by segment ([`Client::api_url`]): an id — the
//! user's, or one a server handed out — is checked to be a plausible id and percent-encoded as
//! one path segment, so a run id like `../../../sources` can never make vern fetch another
//! endpoint.

use super::client::{Client, Reply, SandboxDefaults, is_loopback_host};
use super::error::Error;
use super::retry::Safety;
use super::send::{Body, ReadCap, ReadFailure, Request, describe_body, header, read_capped};
use super::types::*;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

/// One segment of an API path: a fixed word of the API, or an id.
#[derive(Clone, Copy)]
pub(crate) enum Seg<'a> {
    Word(&'static str),
    /// What the id names (`company`, `run`), and the id.
    Id(&'static str, &'a str),
}

use Seg::{Id, Word};

/// Whether `id` can be an id of this API. Its ids are UUIDs; accepted is any short run of ASCII
/// letters, digits, `-` and `_` — which every UUID is, and which can never be a path of its own
/// (`..`, `/`, `%2e`), a query, or a control character.
pub(crate) fn plausible_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An id for a message: quoted, and cut short (it may be anything a server sent).
fn shown(id: &str) -> String {
    let mut s: String = id.chars().take(64).collect();
    if s.len() < id.len() {
        s.push('…');
    }
    format!("'{s}'")
}

fn implausible(what: &str, id: &str) -> String {
    format!(
        "the {what} id {} is not an id of this API (its ids are UUIDs)",
        shown(id)
    )
}

/// A reply that names a run: the run id goes into the URLs that follow, so one that is not a
/// plausible id is refused as the unexpected answer it is.
fn checked_run(reply: Reply<RunCreated>, what: &str) -> Result<Reply<RunCreated>, Error> {
    if plausible_id(&reply.value.run_id) {
        return Ok(reply);
    }
    Err(Error::InvalidResponse {
        context: what.to_string(),
        status: reply.status,
        detail: implausible("run", &reply.value.run_id),
    })
}

/// The largest JSON reply read: the API's biggest (an export report with every write) stays
/// far below it, and an endless body must not eat memory.
const JSON_CAP: usize = 16 << 20;

impl Client {
    /// The URL of an API path given as segments after `/api/v1`, each percent-encoded as one
    /// segment (`Url::path_segments_mut`, which also drops `.` and `..`, hence the id check
    /// first): ids are refused unless plausible, and never change which endpoint is called.
    pub(crate) fn api_url(&self, segments: &[Seg<'_>]) -> Result<Url, Error> {
        let mut url = self.base_url().clone();
        url.set_query(None);
        url.set_fragment(None);
        {
            let mut path = url.path_segments_mut().map_err(|()| {
                Error::Config(format!(
                    "--api-url {} cannot take a path",
                    url_shown(self.base_url())
                ))
            })?;
            path.pop_if_empty().extend(["api", "v1"]);
            for seg in segments {
                match *seg {
                    Word(w) => path.push(w),
                    Id(_, id) if plausible_id(id) => path.push(id),
                    Id(what, id) => {
                        return Err(Error::Config(format!(
                            "{}; refusing to build a URL from it",
                            implausible(what, id)
                        )));
                    }
                };
            }
        }
        Ok(url)
    }

    /// One JSON call to a path under `/api/v1` (or a URL the server handed out); see
    /// [`Client::call_url`].
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        safety: Safety,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        let url = self.url(path)?;
        self.call_url(method, url, body, safety, what).await
    }

    /// One JSON call: send under the policy of `safety`, decode the reply. A reply that breaks
    /// off or does not decode is retried like a dropped connection where that is safe.
    pub(crate) async fn call_url<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
        safety: Safety,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        let context = format!("{what} ({method} {})", url.path());
        let mut req = Request::new(method, url, what, safety).header("accept", "application/json");
        if let Some(b) = body {
            req = req.body(Body::Json(b.into()));
        }
        self.send(req, async |resp| {
            let status = resp.status().as_u16();
            let content_type = header(&resp, "content-type").unwrap_or_default();
            let bytes = match read_capped(resp, JSON_CAP).await {
                Ok(b) => b,
                Err(ReadCap::Broke(detail)) => {
                    return Err(ReadFailure::Retry {
                        reason: detail.clone(),
                        error: Error::Transport {
                            context: context.clone(),
                            detail,
                        },
                    });
                }
                Err(ReadCap::TooLong) => {
                    return Err(ReadFailure::Fail(Error::InvalidResponse {
                        context: context.clone(),
                        status,
                        detail: format!(
                            "the reply is larger than {} MiB, which no reply of this API is ({content_type})",
                            JSON_CAP >> 20
                        ),
                    }));
                }
            };
            // A server (or a proxy) that echoes a secret must not get it shown or journaled.
            let text = self.redact(&String::from_utf8_lossy(&bytes));
            match decode::<T>(text.as_bytes()) {
                Ok((value, raw)) => Ok(Reply { status, value, raw }),
                // A complete reply that is not what the API sends will not improve by asking
                // again: it is a proxy's page, a captive portal or a broken server.
                Err(detail) => Err(ReadFailure::Fail(Error::InvalidResponse {
                    context: context.clone(),
                    status,
                    detail: describe_body(&content_type, text.as_bytes(), &detail),
                })),
            }
        })
        .await
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        self.call(Method::GET, path, None, Safety::Retry, what)
            .await
    }

    pub(crate) async fn get_url<T: DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        self.call_url(Method::GET, url, None, Safety::Retry, what)
            .await
    }

    // ---- endpoints ---------------------------------------------------------------------------

    pub async fn list_sources(&self) -> Result<Vec<Source>, Error> {
        let r: Reply<SourcesResponse> = self.get("sources", "list sources").await?;
        Ok(r.value.sources)
    }

    pub async fn list_templates(&self) -> Result<Vec<Template>, Error> {
        let r: Reply<TemplatesResponse> = self.get("templates", "list templates").await?;
        Ok(r.value.templates)
    }

    /// Never retried after a failure: a lost response would make the retry a 409 (the external
    /// id is taken) or a duplicate company.
    pub async fn create_company(
        &self,
        req: &CreateCompanyRequest,
    ) -> Result<CreateCompanyResponse, Error> {
        let r = self
            .call(
                Method::POST,
                "companies",
                Some(json(req)?),
                Safety::Once,
                "create company",
            )
            .await?;
        Ok(r.value)
    }

    /// The sandbox's debug lookup by external id (not part of the real API; 404 there).
    pub async fn find_company(
        &self,
        external_id: &str,
    ) -> Result<Option<CreateCompanyResponse>, Error> {
        #[derive(serde::Deserialize)]
        struct Found {
            #[serde(default)]
            companies: Vec<CreateCompanyResponse>,
        }
        let path = format!(
            "companies?external_id={}",
            url::form_urlencoded::byte_serialize(external_id.as_bytes()).collect::<String>()
        );
        let r: Reply<Found> = self.get(&path, "find company").await?;
        Ok(r.value.companies.into_iter().next())
    }

    /// A local sandbox's provisioning defaults (`GET /_sandbox/defaults`): its first source and
    /// its destination connection. `None` from anything that is not a vern sandbox on loopback.
    /// Asked once per client; later calls reuse the answer.
    pub async fn sandbox_defaults(&self) -> Option<SandboxDefaults> {
        self.inner
            .sandbox_defaults
            .get_or_init(|| self.probe_sandbox_defaults())
            .await
            .clone()
    }

    async fn probe_sandbox_defaults(&self) -> Option<SandboxDefaults> {
        if !is_loopback_host(self.base_url()) {
            return None;
        }
        // Sent once: anything that is not a vern sandbox answers 404 or nothing, and must not
        // cost a command its retries.
        let r: Reply<Value> = self
            .call(
                Method::GET,
                "/_sandbox/defaults",
                None,
                Safety::Once,
                "probe the sandbox",
            )
            .await
            .ok()?;
        let source = r.value.get("source")?.as_str()?.to_string();
        Some((
            source,
            r.value.get("connection").filter(|c| !c.is_null()).cloned(),
        ))
    }

    pub async fn create_upload(
        &self,
        company: &str,
        req: &UploadRequest,
    ) -> Result<UploadResponse, Error> {
        let url = self.api_url(&[Word("companies"), Id("company", company), Word("uploads")])?;
        let r = self
            .call_url(
                Method::POST,
                url,
                Some(json(req)?),
                Safety::Retry,
                "request upload URL",
            )
            .await?;
        Ok(r.value)
    }

    /// Start an import. Retried after failures only when it carries an idempotency key (a replay
    /// then returns the same run). `Reply::status` 200 means the key matched an existing run.
    pub async fn create_import(
        &self,
        company: &str,
        req: &ImportRequest,
    ) -> Result<Reply<RunCreated>, Error> {
        let safety = if req.idempotency_key.is_some() {
            Safety::Retry
        } else {
            Safety::Once
        };
        let url = self.api_url(&[Word("companies"), Id("company", company), Word("imports")])?;
        let r = self
            .call_url(Method::POST, url, Some(json(req)?), safety, "start import")
            .await?;
        checked_run(r, "start import")
    }

    pub async fn get_import(&self, company: &str, run: &str) -> Result<Reply<ImportRun>, Error> {
        self.get_url(self.import_url(company, run)?, "poll import")
            .await
    }

    /// `companies/{company}/imports/{run}`.
    pub(crate) fn import_url(&self, company: &str, run: &str) -> Result<Url, Error> {
        self.api_url(&[
            Word("companies"),
            Id("company", company),
            Word("imports"),
            Id("run", run),
        ])
    }

    /// `companies/{company}/exports/{run}`.
    pub(crate) fn export_url(&self, company: &str, run: &str) -> Result<Url, Error> {
        self.api_url(&[
            Word("companies"),
            Id("company", company),
            Word("exports"),
            Id("run", run),
        ])
    }

    /// The company's non-terminal import, if any.
    pub async fn active_import(&self, company: &str) -> Result<Option<Reply<ImportRun>>, Error> {
        let url = self.api_url(&[
            Word("companies"),
            Id("company", company),
            Word("imports"),
            Word("active"),
        ])?;
        match self
            .get_url::<ImportRun>(url, "find the active import")
            .await
        {
            Ok(r) => Ok(Some(r)),
            Err(e) if e.is_status(404) && e.server_message() == Some("No active import") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Never blindly retried; callers re-read the run when the outcome is unknown.
    pub async fn send_decision(
        &self,
        company: &str,
        run: &str,
        req: &DecisionRequest,
    ) -> Result<RunCreated, Error> {
        let mut url = self.import_url(company, run)?;
        push_word(&mut url, "decisions");
        let r = self
            .call_url(
                Method::POST,
                url,
                Some(json(req)?),
                Safety::Once,
                "send decision",
            )
            .await?;
        Ok(checked_run(r, "send decision")?.value)
    }

    pub async fn send_message(
        &self,
        company: &str,
        run: &str,
        req: &MessageRequest,
    ) -> Result<RunCreated, Error> {
        let mut url = self.import_url(company, run)?;
        push_word(&mut url, "messages");
        let r = self
            .call_url(
                Method::POST,
                url,
                Some(json(req)?),
                Safety::Once,
                "answer blocked run",
            )
            .await?;
        Ok(checked_run(r, "answer blocked run")?.value)
    }

    pub async fn create_export(
        &self,
        company: &str,
        req: &ExportRequest,
    ) -> Result<Reply<RunCreated>, Error> {
        let safety = if req.idempotency_key.is_some() {
            Safety::Retry
        } else {
            Safety::Once
        };
        let url = self.api_url(&[Word("companies"), Id("company", company), Word("exports")])?;
        let r = self
            .call_url(Method::POST, url, Some(json(req)?), safety, "start export")
            .await?;
        checked_run(r, "start export")
    }
}

/// Add a fixed word after a URL built by [`Client::api_url`] (whose paths always take one).
fn push_word(url: &mut Url, word: &'static str) {
    if let Ok(mut path) = url.path_segments_mut() {
        path.push(word);
    }
}

fn url_shown(url: &Url) -> String {
    super::client::redact_url(url)
}

fn json<T: Serialize>(req: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(req).map_err(|e| Error::Config(format!("cannot encode the request: {e}")))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(T, Value), String> {
    let raw: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let value = T::deserialize(&raw).map_err(|e| format!("unexpected JSON shape: {e}"))?;
    Ok((value, raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiKey, ClientConfig};

    #[test]
    fn ids_are_checked_and_stay_one_path_segment() {
        let c = Client::new(ClientConfig::new("https://app.vern.so/", ApiKey::new("k"))).unwrap();
        let u = c
            .import_url("c-1", "9c4e2a7b-61d0-4f3e-8b95-0a7d3c1e6f24")
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://app.vern.so/api/v1/companies/c-1/imports/9c4e2a7b-61d0-4f3e-8b95-0a7d3c1e6f24"
        );
        for bad in [
            "../../../sources",
            "..",
            ".",
            "a/b",
            "a?b",
            "%2e%2e",
            "",
            "r\u{1b}[2J",
        ] {
            let e = c.import_url("c-1", bad).unwrap_err().to_string();
            assert!(e.contains("is not an id of this API"), "{bad:?}: {e}");
            assert!(c.export_url(bad, "r1").is_err(), "{bad:?} as a company");
        }
        let prefixed = Client::new(ClientConfig::new(
            "http://127.0.0.1:9/vern",
            ApiKey::new("k"),
        ))
        .unwrap();
        assert_eq!(
            prefixed.export_url("c", "r").unwrap().as_str(),
            "http://127.0.0.1:9/vern/api/v1/companies/c/exports/r"
        );
    }
}

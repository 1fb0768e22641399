//! One async method per endpoint of the companies surface, each a thin typed wrapper over
//! [`Client::call`]: the JSON layer on top of the one request loop ([`Client::send`]).

use super::client::{Client, Reply, SandboxDefaults, is_loopback_host};
use super::error::Error;
use super::retry::Safety;
use super::send::{Body, ReadCap, ReadFailure, Request, describe_body, header, read_capped};
use super::types::*;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The largest JSON reply read: the API's biggest (an export report with every write) stays
/// far below it, and an endless body must not eat memory.
const JSON_CAP: usize = 16 << 20;

impl Client {
    /// One JSON call: send under the policy of `safety`, decode the reply. A reply that breaks
    /// off or does not decode is retried like a dropped connection where that is safe.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        safety: Safety,
        what: &str,
    ) -> Result<Reply<T>, Error> {
        let url = self.url(path)?;
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
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/uploads"),
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
        self.call(
            Method::POST,
            &format!("companies/{company}/imports"),
            Some(json(req)?),
            safety,
            "start import",
        )
        .await
    }

    pub async fn get_import(&self, company: &str, run: &str) -> Result<Reply<ImportRun>, Error> {
        self.get(&format!("companies/{company}/imports/{run}"), "poll import")
            .await
    }

    /// The company's non-terminal import, if any.
    pub async fn active_import(&self, company: &str) -> Result<Option<Reply<ImportRun>>, Error> {
        match self
            .get::<ImportRun>(
                &format!("companies/{company}/imports/active"),
                "find the active import",
            )
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
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/imports/{run}/decisions"),
                Some(json(req)?),
                Safety::Once,
                "send decision",
            )
            .await?;
        Ok(r.value)
    }

    pub async fn send_message(
        &self,
        company: &str,
        run: &str,
        req: &MessageRequest,
    ) -> Result<RunCreated, Error> {
        let r = self
            .call(
                Method::POST,
                &format!("companies/{company}/imports/{run}/messages"),
                Some(json(req)?),
                Safety::Once,
                "answer blocked run",
            )
            .await?;
        Ok(r.value)
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
        self.call(
            Method::POST,
            &format!("companies/{company}/exports"),
            Some(json(req)?),
            safety,
            "start export",
        )
        .await
    }
}

fn json<T: Serialize>(req: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(req).map_err(|e| Error::Config(format!("cannot encode the request: {e}")))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(T, Value), String> {
    let raw: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let value = T::deserialize(&raw).map_err(|e| format!("unexpected JSON shape: {e}"))?;
    Ok((value, raw))
}

//! S3 (and S3-compatible stores) and Azure Blob Storage as destinations, through `object_store`
//! on vern's own reqwest + rustls. `s3.rs` and `azure.rs` read each store's environment and send
//! the one request object_store cannot; everything else is shared here.
//!
//! - Credentials come only from the environment variables of the contract, read and checked
//!   before a store is built: missing ones are an `Auth` error naming the variables. object_store's
//!   own discovery is not used — without keys it would ask the cloud's instance-metadata address,
//!   which vern never does.
//! - A file that fits in one request (`Tuning::multipart_threshold`) is one PUT. A larger one is an
//!   S3 multipart upload or an Azure block list, sent part by part with a bounded number of parts
//!   in flight, so memory stays flat. The S3 upload id is the file's pending trace (see `dest`);
//!   it is created when the bytes first outgrow one request and returned before any part is sent.
//!   Azure's uncommitted blocks are invisible and expire by themselves: no trace.
//! - `commit` with `fail`/`skip` never replaces a name: a conditional create (`If-None-Match: *`).
//!   For a single PUT that is object_store's `PutMode::Create`. Multipart completion cannot be
//!   made conditional through object_store 0.14 (`CompleteMultipartMode` is crate-private, Azure
//!   takes no options), so vern sends that request itself, signed by object_store's signer: S3
//!   `CompleteMultipartUpload` through a presigned POST, Azure `Put Block List` through a service
//!   SAS (or the user's SAS token), each with `If-None-Match: *` when the mode is not overwrite.
//! - Every object carries the run that wrote it (`vern-run` metadata). A name that exists and was
//!   written by this same run is this run's own, so the commit succeeds: that is the outcome of a
//!   commit whose answer was lost and that was sent again, or of a run resumed after its commit.
//! - Messages never carry a credential: they are made from the status and the store's error code,
//!   and any other text the store or the crate returns loses its query strings and every known
//!   secret. Never `{:?}` a store: object_store's Azure `Debug` prints the account key.
//! - Retries: object_store's, configured small (3 retries, 0.2 s doubling to 3 s, 60 s in all), plus
//!   the same for the raw completion; connect and idle timeouts are vern's
//!   (`VERN_CONNECT_TIMEOUT`, `VERN_IDLE_TIMEOUT`), and one request may take at most 10 minutes.

#[cfg(feature = "azure")]
mod azure;
#[cfg(feature = "s3")]
mod s3;

use super::{DestError, FileMeta, IfExists, Pending, Tuning, Wrote};
use crate::api::client::is_loopback_host;
use bytes::Bytes;
use object_store::client::HttpErrorKind;
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::{
    Attribute, Attributes, BackoffConfig, ClientOptions, GetOptions, ObjectStore, PutMode,
    PutOptions, PutPayload, RetryConfig,
};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinSet;
use url::Url;

const USER_AGENT: &str = concat!("vern/", env!("CARGO_PKG_VERSION"));
/// The longest one request (one part) may take; stalls are caught sooner by the idle timeout.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);
/// Attempts at the raw multipart completion.
const COMPLETE_ATTEMPTS: u32 = 4;
/// How long a signed completion URL stays valid.
const SIGNED_FOR: Duration = Duration::from_secs(900);

/// A variable of the process environment (tests pass their own lookup instead).
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Where a store reads its variables.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// object_store's retries, kept short: a failing destination should say so within a minute.
fn retry_config() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(3),
            base: 2.0,
        },
        max_retries: 3,
        retry_timeout: Duration::from_secs(60),
    }
}

/// The HTTP options of a store at `endpoint` (already checked: plain http only on loopback).
/// TRAP: `with_client_options` replaces every client option, `allow_http` included, so a builder
/// gets these first and nothing client-side after.
fn client_options(endpoint: &Url, tuning: &Tuning) -> ClientOptions {
    let mut o = ClientOptions::new()
        .with_user_agent(object_store::HeaderValue::from_static(USER_AGENT))
        .with_connect_timeout(tuning.timeouts.connect)
        .with_read_timeout(tuning.timeouts.idle)
        .with_timeout(REQUEST_TIMEOUT)
        .with_allow_http(endpoint.scheme() == "http");
    if is_loopback_host(endpoint) {
        // Loopback is never proxied (as for the API). object_store has no "no proxy" switch, but
        // naming any proxy turns reqwest's environment proxies off, and these exclude every host
        // (`*` matches names only; addresses need the networks).
        o = o
            .with_proxy_url("http://127.0.0.1:9")
            .with_proxy_excludes("*,0.0.0.0/0,::/0");
    }
    o
}

/// The client for the requests vern signs itself (the conditional multipart completion).
fn raw_client(endpoint: &Url, tuning: &Tuning) -> Result<reqwest::Client, DestError> {
    let mut b = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(tuning.timeouts.connect)
        .read_timeout(tuning.timeouts.idle)
        .timeout(REQUEST_TIMEOUT);
    if endpoint.scheme() == "http" {
        b = b.tls_certs_only(Vec::<reqwest::Certificate>::new());
    }
    if is_loopback_host(endpoint) {
        b = b.no_proxy();
    }
    b.build()
        .map_err(|e| DestError::Failed(format!("cannot build the HTTP client: {e}")))
}

/// A custom endpoint from variable `var`: an http(s) URL without credentials; plain http only on
/// loopback, as for every destination.
fn check_endpoint(var: &str, raw: &str) -> Result<Url, DestError> {
    let url = Url::parse(raw.trim().trim_end_matches('/'))
        .map_err(|e| DestError::Config(format!("{var} '{raw}' is not a URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DestError::Config(format!(
            "{var} must not carry credentials in the URL"
        )));
    }
    if url.query().is_some() {
        return Err(DestError::Config(format!(
            "{var} must be a plain endpoint URL, without a query"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        "http" => Err(DestError::Config(format!(
            "{var} '{url}' is plain http:// on {}: vern sends data over plain http only to loopback; use https://",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(DestError::Config(format!(
            "{var} '{url}': unsupported scheme '{other}' (use https://)"
        ))),
    }
}

/// An S3 bucket or Azure container, opened (nothing has been asked of the network yet).
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    kind: Kind,
    objects: Arc<dyn ObjectStore>,
    parts: Arc<dyn MultipartStore>,
    /// `s3://BUCKET` or `az://CONTAINER`.
    root: String,
    prefix: String,
    bucket: String,
    /// Where the store is, for messages.
    endpoint: String,
    part_size: usize,
    threshold: usize,
    concurrency: usize,
    http: reqwest::Client,
    /// Values removed from any text before it is shown.
    secrets: Vec<String>,
}

enum Kind {
    #[cfg(feature = "s3")]
    S3(Arc<object_store::aws::AmazonS3>),
    #[cfg(feature = "azure")]
    Azure(azure::Raw),
}

/// What one attempt at the raw completion came to.
enum Answer {
    Done,
    /// The name exists (412, or Azure's 409 BlobAlreadyExists): nothing was replaced.
    Exists,
    /// S3 NoSuchUpload: completed by an attempt whose answer was lost, or aborted meanwhile.
    Gone,
    /// Worth another attempt. `sent`: the request may have reached the store, so its outcome is
    /// unknown (a later `Exists` or `Gone` may be this very upload).
    Retry {
        error: DestError,
        sent: bool,
    },
    Fail(DestError),
}

impl Store {
    #[cfg(feature = "s3")]
    pub fn s3(bucket: &str, prefix: &str, tuning: &Tuning, env: Env) -> Result<Store, DestError> {
        let config = s3::Config::from_env(env)?;
        let endpoint = config.endpoint_url();
        let store = Arc::new(config.build(bucket, client_options(&endpoint, tuning))?);
        let secrets = config.secrets();
        Store::new(
            Kind::S3(store.clone()),
            store.clone(),
            store,
            "s3",
            bucket,
            prefix,
            &endpoint,
            tuning,
            secrets,
        )
    }

    #[cfg(feature = "azure")]
    pub fn azure(
        container: &str,
        prefix: &str,
        tuning: &Tuning,
        env: Env,
    ) -> Result<Store, DestError> {
        let config = azure::Config::from_env(env)?;
        let endpoint = config.endpoint.clone();
        let store = Arc::new(config.build(container, client_options(&endpoint, tuning))?);
        let secrets = config.secrets();
        let raw = azure::Raw::new(store.clone(), &config, container);
        Store::new(
            Kind::Azure(raw),
            store.clone(),
            store,
            "az",
            container,
            prefix,
            &endpoint,
            tuning,
            secrets,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: Kind,
        objects: Arc<dyn ObjectStore>,
        parts: Arc<dyn MultipartStore>,
        scheme: &str,
        bucket: &str,
        prefix: &str,
        endpoint: &Url,
        tuning: &Tuning,
        secrets: Vec<String>,
    ) -> Result<Store, DestError> {
        let threshold = tuning.multipart_threshold.max(1);
        let part_size = match kind {
            #[cfg(feature = "s3")]
            Kind::S3(_) => threshold.max(s3::MIN_PART),
            #[cfg(feature = "azure")]
            Kind::Azure(_) => threshold,
        };
        Ok(Store {
            inner: Arc::new(Inner {
                kind,
                objects,
                parts,
                root: format!("{scheme}://{bucket}"),
                prefix: prefix.trim_matches('/').to_string(),
                bucket: bucket.to_string(),
                endpoint: endpoint.as_str().trim_end_matches('/').to_string(),
                part_size,
                threshold,
                concurrency: tuning.multipart_concurrency.max(1),
                http: raw_client(endpoint, tuning)?,
                secrets,
            }),
        })
    }

    pub fn location(&self, name: &str) -> String {
        format!("{}/{}", self.inner.root, self.inner.key(name))
    }

    /// HEAD: the size of the object under `name`, if there is one.
    pub async fn size(&self, name: &str) -> Result<Option<u64>, DestError> {
        let path = self.inner.path(name)?;
        match self.inner.head(&path).await {
            Ok(meta) => Ok(Some(meta.0)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.inner.error(&e, "look at", &self.location(name))),
        }
    }

    pub fn begin(&self, name: &str, meta: FileMeta, run: &str) -> Result<Writer, DestError> {
        Ok(Writer {
            path: self.inner.path(name)?,
            location: self.location(name),
            inner: self.inner.clone(),
            meta,
            run: run.to_string(),
            buf: VecDeque::new(),
            buffered: 0,
            upload: None,
        })
    }

    /// Abort the S3 multipart upload a killed run left (already gone is fine). Azure leaves
    /// nothing to clean: uncommitted blocks are invisible and expire.
    pub async fn clean(&self, name: &str, pending: &Pending) -> Result<(), DestError> {
        let Pending::Multipart { upload_id } = pending else {
            return Ok(());
        };
        if upload_id.is_empty() {
            return Ok(());
        }
        let path = self.inner.path(name)?;
        match self.inner.parts.abort_multipart(&path, upload_id).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => {
                Err(self
                    .inner
                    .error(&e, "abort the unfinished upload of", &self.location(name)))
            }
        }
    }
}

impl Inner {
    fn key(&self, name: &str) -> String {
        let name = name.trim_start_matches('/');
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.prefix)
        }
    }

    fn path(&self, name: &str) -> Result<Path, DestError> {
        let key = self.key(name);
        Path::parse(&key).map_err(|e| {
            DestError::Failed(format!(
                "'{key}' cannot be an object name in {}: {e}",
                self.root
            ))
        })
    }

    fn run_key(&self) -> &'static str {
        match self.kind {
            #[cfg(feature = "s3")]
            Kind::S3(_) => s3::RUN_METADATA,
            #[cfg(feature = "azure")]
            Kind::Azure(_) => azure::RUN_METADATA,
        }
    }

    fn max_parts(&self) -> usize {
        match self.kind {
            #[cfg(feature = "s3")]
            Kind::S3(_) => s3::MAX_PARTS,
            #[cfg(feature = "azure")]
            Kind::Azure(_) => azure::MAX_BLOCKS,
        }
    }

    fn attributes(&self, meta: FileMeta, run: &str) -> Attributes {
        let mut a = Attributes::new();
        a.insert(Attribute::ContentType, meta.content_type.into());
        if let Some(enc) = meta.content_encoding {
            a.insert(Attribute::ContentEncoding, enc.into());
        }
        a.insert(
            Attribute::Metadata(self.run_key().into()),
            run.to_string().into(),
        );
        a
    }

    /// HEAD: the size and the run that wrote the object.
    async fn head(&self, path: &Path) -> Result<(u64, Option<String>), object_store::Error> {
        let got = self
            .objects
            .get_opts(
                path,
                GetOptions {
                    head: true,
                    ..Default::default()
                },
            )
            .await?;
        let run = got
            .attributes
            .get(&Attribute::Metadata(self.run_key().into()))
            .map(|v| v.as_ref().to_string());
        Ok((got.meta.size, run))
    }

    /// Whether the object at `path` was written by `run` (a failed look counts as no).
    async fn written_by(&self, path: &Path, run: &str) -> bool {
        matches!(self.head(path).await, Ok((_, Some(r))) if r == run)
    }

    /// Start a multipart upload: the S3 upload id, or "" on Azure (blocks need no start).
    async fn start(
        &self,
        path: &Path,
        meta: FileMeta,
        run: &str,
    ) -> Result<String, object_store::Error> {
        match &self.kind {
            #[cfg(feature = "s3")]
            Kind::S3(s3) => {
                let opts = object_store::PutMultipartOptions {
                    attributes: self.attributes(meta, run),
                    ..Default::default()
                };
                s3.create_multipart_opts(path, opts).await
            }
            #[cfg(feature = "azure")]
            Kind::Azure(_) => {
                let _ = (path, meta, run);
                Ok(String::new())
            }
        }
    }

    /// Complete a multipart upload, conditionally unless `Overwrite`, retrying what is worth it.
    /// (`meta` goes with Azure's commit; S3 took it when the upload was created.)
    #[allow(clippy::too_many_arguments)]
    #[cfg_attr(not(feature = "azure"), allow(unused_variables))]
    async fn complete(
        &self,
        path: &Path,
        location: &str,
        id: &str,
        parts: &[PartId],
        meta: FileMeta,
        run: &str,
        if_exists: IfExists,
    ) -> Result<(), DestError> {
        let create = if_exists != IfExists::Overwrite;
        let mut unknown = false;
        let mut pause = Duration::from_millis(250);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let answer = match &self.kind {
                #[cfg(feature = "s3")]
                Kind::S3(s3) => {
                    s3::complete(s3, &self.http, path, location, id, parts, create).await
                }
                #[cfg(feature = "azure")]
                Kind::Azure(raw) => {
                    let headers = azure::BlobHeaders {
                        meta,
                        run_key: self.run_key(),
                        run,
                    };
                    raw.commit(&self.http, path, location, parts, headers, create)
                        .await
                }
            };
            let answer = match answer {
                // This run's own: an earlier attempt (or run) committed it. This upload did not
                // complete, so it goes (for `Gone` there is nothing left to abort).
                Answer::Exists | Answer::Gone if self.written_by(path, run).await => {
                    self.abort_upload(path, id).await;
                    Answer::Done
                }
                other => other,
            };
            match answer {
                Answer::Done => return Ok(()),
                Answer::Exists => {
                    return Err(DestError::Exists(format!("{location} already exists")));
                }
                Answer::Gone if unknown => {
                    return Err(DestError::Failed(format!(
                        "completing the upload of {location} lost its answer, and the upload is gone: check {location} and run again"
                    )));
                }
                Answer::Gone => {
                    return Err(DestError::Failed(format!(
                        "the multipart upload of {location} no longer exists (aborted meanwhile?)"
                    )));
                }
                Answer::Retry { error, sent } => {
                    unknown |= sent;
                    if attempt >= COMPLETE_ATTEMPTS {
                        return Err(error);
                    }
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                }
                Answer::Fail(e) => return Err(e),
            }
        }
    }

    /// Best effort: the journal still has the id, so a resumed run cleans what this leaves.
    async fn abort_upload(&self, path: &Path, id: &str) {
        if !id.is_empty() {
            let _ = self.parts.abort_multipart(path, &id.to_string()).await;
        }
    }

    /// `text` without query strings (signed URLs) and without any secret this store knows.
    fn scrub(&self, text: &str) -> String {
        scrub(text, &self.secrets)
    }

    /// An object_store error as a `DestError`, in vern's words.
    fn error(&self, e: &object_store::Error, doing: &str, location: &str) -> DestError {
        let text = self.scrub(&e.to_string());
        let variant = match e {
            object_store::Error::AlreadyExists { .. }
            | object_store::Error::Precondition { .. } => Variant::Exists,
            object_store::Error::PermissionDenied { .. }
            | object_store::Error::Unauthenticated { .. } => Variant::Auth,
            object_store::Error::NotFound { .. } => Variant::NotFound,
            _ => Variant::Other,
        };
        let reply = Reply::parse(&text);
        self.describe(
            classify(variant, transport_kind(e), &reply),
            &reply,
            &text,
            doing,
            location,
        )
    }

    fn describe(
        &self,
        class: Class,
        reply: &Reply,
        text: &str,
        doing: &str,
        location: &str,
    ) -> DestError {
        let said = reply.said();
        let what = match self.kind {
            #[cfg(feature = "s3")]
            Kind::S3(_) => "bucket",
            #[cfg(feature = "azure")]
            Kind::Azure(_) => "container",
        };
        // Facts only: the caller adds the hint (which variables, who creates buckets).
        match class {
            Class::Exists => DestError::Exists(format!("{location} already exists")),
            Class::Auth => DestError::Auth(format!(
                "{} refused the credentials when asked to {doing} {location}{said}",
                self.endpoint
            )),
            Class::Missing => DestError::Missing(format!(
                "the {what} '{}' does not exist at {}{said}",
                self.bucket, self.endpoint
            )),
            Class::Unreachable(why) => DestError::Unreachable(format!(
                "cannot {doing} {location}: {} {why}",
                self.endpoint
            )),
            Class::Failed => {
                let detail = if said.is_empty() {
                    format!(": {}", shorten(text, 400))
                } else {
                    said
                };
                DestError::Failed(format!("cannot {doing} {location}{detail}"))
            }
        }
    }
}

/// The object_store error variants that decide a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Exists,
    Auth,
    NotFound,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Class {
    Exists,
    Auth,
    Missing,
    /// Why: "refused the connection", "did not answer in time".
    Unreachable(&'static str),
    Failed,
}

/// What a store's error reply said: the HTTP status and its error code and message, when the
/// text shows them (S3's XML `<Code>`, Azure's `<Code>` or `x-ms-error-code`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Reply {
    status: Option<u16>,
    code: Option<String>,
    message: Option<String>,
}

impl Reply {
    fn parse(text: &str) -> Reply {
        let status = text.split("status code: ").nth(1).and_then(|rest| {
            rest.get(..3)
                .and_then(|s| s.parse::<u16>().ok())
                .filter(|s| (100..600).contains(s))
        });
        Reply {
            status,
            code: xml_tag(text, "Code"),
            message: xml_tag(text, "Message").map(|m| shorten(m.lines().next().unwrap_or(""), 200)),
        }
    }

    /// ` (403 SignatureDoesNotMatch: The request signature …)`, or "" when nothing is known.
    fn said(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(s.to_string());
        }
        if let Some(c) = &self.code {
            parts.push(c.clone());
        }
        if parts.is_empty() {
            return String::new();
        }
        match &self.message {
            Some(m) if !m.is_empty() => format!(" ({}: {m})", parts.join(" ")),
            _ => format!(" ({})", parts.join(" ")),
        }
    }
}

const AUTH_CODES: &[&str] = &[
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AuthenticationFailed",
    "AuthorizationFailure",
    "AuthorizationPermissionMismatch",
    "InvalidAuthenticationInfo",
    "NoAuthenticationInformation",
];
const MISSING_CODES: &[&str] = &["NoSuchBucket", "ContainerNotFound", "ResourceNotFound"];

fn classify(variant: Variant, transport: Option<HttpErrorKind>, reply: &Reply) -> Class {
    let code = reply.code.as_deref().unwrap_or("");
    if AUTH_CODES.contains(&code) {
        return Class::Auth;
    }
    if MISSING_CODES.contains(&code) {
        return Class::Missing;
    }
    match variant {
        Variant::Exists => return Class::Exists,
        Variant::Auth => return Class::Auth,
        // Writing, a 404 means the place to write is not there; looking, it is handled before.
        Variant::NotFound => return Class::Missing,
        Variant::Other => {}
    }
    match reply.status {
        Some(401 | 403) => return Class::Auth,
        Some(412) => return Class::Exists,
        _ => {}
    }
    match transport {
        Some(HttpErrorKind::Connect) => {
            Class::Unreachable("refused the connection or cannot be found")
        }
        Some(HttpErrorKind::Timeout) => Class::Unreachable("did not answer in time"),
        _ => Class::Failed,
    }
}

/// The transport failure under an object_store error, if that is what it was.
fn transport_kind(e: &object_store::Error) -> Option<HttpErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(h) = err.downcast_ref::<object_store::client::HttpError>() {
            return Some(h.kind());
        }
        cur = err.source();
    }
    None
}

/// A raw request's transport failure: whether it may have reached the store, and in vern's words.
fn transport_answer(e: &reqwest::Error, endpoint: &str, doing: &str, secrets: &[String]) -> Answer {
    let detail = {
        let mut s = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(inner) = src {
            s.push_str(": ");
            s.push_str(&inner.to_string());
            src = inner.source();
        }
        scrub(&s, secrets)
    };
    if e.is_connect() {
        Answer::Retry {
            error: DestError::Unreachable(format!(
                "cannot {doing}: {endpoint} refused the connection or cannot be found ({detail})"
            )),
            sent: false,
        }
    } else {
        Answer::Retry {
            error: DestError::Failed(format!("cannot {doing}: {detail}")),
            sent: true,
        }
    }
}

/// The text inside the first `<tag>…</tag>`.
fn xml_tag(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&close)? + start;
    Some(text[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` with every URL's query string cut (signed URLs carry credentials there) and every
/// `secrets` value (8 characters or more) replaced.
fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = ["http://", "https://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&rest[..at]);
        let url = &rest[at..];
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ','))
            .unwrap_or(url.len());
        let (u, tail) = url.split_at(end);
        match u.split_once('?') {
            Some((base, _)) => {
                out.push_str(base);
                out.push_str("?[query removed]");
            }
            None => out.push_str(u),
        }
        rest = tail;
    }
    out.push_str(rest);
    for s in secrets.iter().filter(|s| s.len() >= 8) {
        out = out.replace(s.as_str(), "[redacted]");
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max).collect();
    format!("{cut}…")
}

/// A file being written to a store.
pub struct Writer {
    inner: Arc<Inner>,
    path: Path,
    location: String,
    meta: FileMeta,
    run: String,
    /// Bytes not yet sent (less than a part, plus at most the last chunk written).
    buf: VecDeque<Bytes>,
    buffered: usize,
    upload: Option<Upload>,
}

/// A multipart upload under way.
struct Upload {
    /// The S3 upload id; "" on Azure.
    id: String,
    next: usize,
    inflight: JoinSet<Result<(usize, PartId), object_store::Error>>,
    done: Vec<Option<PartId>>,
}

impl Writer {
    pub fn pending(&self) -> Pending {
        match &self.upload {
            Some(u) if !u.id.is_empty() => Pending::Multipart {
                upload_id: u.id.clone(),
            },
            _ => Pending::Nothing,
        }
    }

    pub async fn write(&mut self, bytes: Bytes) -> Result<Wrote, DestError> {
        if !bytes.is_empty() {
            self.buffered += bytes.len();
            self.buf.push_back(bytes);
        }
        if self.upload.is_none() {
            if self.buffered <= self.inner.threshold {
                return Ok(Wrote::Same);
            }
            let id = self
                .inner
                .start(&self.path, self.meta, &self.run)
                .await
                .map_err(|e| self.inner.error(&e, "start an upload to", &self.location))?;
            self.upload = Some(Upload {
                id,
                next: 0,
                inflight: JoinSet::new(),
                done: Vec::new(),
            });
            // The journal learns of the upload before any part of it is sent.
            let trace = self.pending();
            if trace != Pending::Nothing {
                return Ok(Wrote::NewTrace(trace));
            }
        }
        while self.buffered >= self.inner.part_size {
            let part = self.take(self.inner.part_size);
            self.send(part).await?;
        }
        Ok(Wrote::Same)
    }

    /// The first `n` buffered bytes, without copying.
    fn take(&mut self, n: usize) -> PutPayload {
        let mut out = Vec::new();
        let mut need = n;
        while need > 0 {
            let Some(mut chunk) = self.buf.pop_front() else {
                break;
            };
            if chunk.len() > need {
                out.push(chunk.split_to(need));
                self.buf.push_front(chunk);
                need = 0;
            } else {
                need -= chunk.len();
                out.push(chunk);
            }
        }
        self.buffered -= n - need;
        out.into_iter().collect()
    }

    /// Send one part, keeping at most `concurrency` in flight.
    async fn send(&mut self, payload: PutPayload) -> Result<(), DestError> {
        let max_parts = self.inner.max_parts();
        let Some(up) = self.upload.as_mut() else {
            return Ok(());
        };
        if up.next >= max_parts {
            return Err(DestError::Failed(format!(
                "{} is larger than {max_parts} parts of {} bytes; raise VERN_MULTIPART_THRESHOLD",
                self.location, self.inner.part_size
            )));
        }
        while up.inflight.len() >= self.inner.concurrency {
            collect_one(up, &self.inner, &self.location).await?;
        }
        let idx = up.next;
        up.next += 1;
        let parts = self.inner.parts.clone();
        let path = self.path.clone();
        let id = up.id.clone();
        up.inflight.spawn(async move {
            let part = parts.put_part(&path, &id, idx, payload).await?;
            Ok((idx, part))
        });
        Ok(())
    }

    pub async fn commit(mut self, if_exists: IfExists) -> Result<(), DestError> {
        if self.upload.is_none() {
            return self.put_whole(if_exists).await;
        }
        let result = self.finish(if_exists).await;
        if result.is_err()
            && let Some(up) = self.upload.as_mut()
        {
            up.inflight.abort_all();
            self.inner.abort_upload(&self.path, &up.id).await;
        }
        result
    }

    async fn put_whole(mut self, if_exists: IfExists) -> Result<(), DestError> {
        let payload = self.take(self.buffered);
        let opts = PutOptions {
            mode: match if_exists {
                IfExists::Overwrite => PutMode::Overwrite,
                IfExists::Fail | IfExists::Skip => PutMode::Create,
            },
            attributes: self.inner.attributes(self.meta, &self.run),
            ..Default::default()
        };
        match self.inner.objects.put_opts(&self.path, payload, opts).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let err = self.inner.error(&e, "write", &self.location);
                if matches!(err, DestError::Exists(_))
                    && self.inner.written_by(&self.path, &self.run).await
                {
                    return Ok(());
                }
                Err(err)
            }
        }
    }

    async fn finish(&mut self, if_exists: IfExists) -> Result<(), DestError> {
        if self.buffered > 0 {
            let last = self.take(self.buffered);
            self.send(last).await?;
        }
        let Some(up) = self.upload.as_mut() else {
            return Ok(());
        };
        while !up.inflight.is_empty() {
            collect_one(up, &self.inner, &self.location).await?;
        }
        let parts: Vec<PartId> = up.done.iter().flatten().cloned().collect();
        if parts.len() != up.next {
            return Err(DestError::Failed(format!(
                "{}: {} of {} parts were sent",
                self.location,
                parts.len(),
                up.next
            )));
        }
        let id = up.id.clone();
        self.inner
            .complete(
                &self.path,
                &self.location,
                &id,
                &parts,
                self.meta,
                &self.run,
                if_exists,
            )
            .await
    }

    /// Give the file up: parts in flight stop, an S3 upload is aborted (best effort; a resumed
    /// run cleans it from the journal otherwise).
    pub async fn abort(mut self) {
        if let Some(up) = self.upload.as_mut() {
            up.inflight.abort_all();
            while up.inflight.join_next().await.is_some() {}
            self.inner.abort_upload(&self.path, &up.id).await;
        }
    }
}

/// Wait for one part in flight and record it.
async fn collect_one(up: &mut Upload, inner: &Inner, location: &str) -> Result<(), DestError> {
    match up.inflight.join_next().await {
        Some(Ok(Ok((idx, part)))) => {
            if up.done.len() <= idx {
                up.done.resize(idx + 1, None);
            }
            up.done[idx] = Some(part);
            Ok(())
        }
        Some(Ok(Err(e))) => Err(inner.error(&e, "send a part of", location)),
        Some(Err(e)) => Err(DestError::Failed(format!(
            "sending a part of {location} stopped: {e}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_cuts_queries_and_secrets() {
        let text = "Error performing PUT https://acct.blob.core.windows.net/c/a.csv?sv=2021&sig=abc%2Bdef&comp=blocklist in 1s - key s3cr3t-value-here, see http://127.0.0.1:9000/b/k?uploadId=x)";
        let out = scrub(text, &["s3cr3t-value-here".to_string(), "short".into()]);
        assert!(!out.contains("sig="), "{out}");
        assert!(!out.contains("uploadId"), "{out}");
        assert!(!out.contains("s3cr3t"), "{out}");
        assert!(out.contains("https://acct.blob.core.windows.net/c/a.csv?[query removed] in 1s"));
        assert!(
            out.ends_with("http://127.0.0.1:9000/b/k?[query removed])"),
            "{out}"
        );
    }

    #[test]
    fn replies_are_read_from_object_store_text() {
        let t = "Object at location p not found: Error performing PUT http://h/b/p in 2ms - Server returned non-2xx status code: 404 Not Found: <?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>";
        let r = Reply::parse(t);
        assert_eq!(r.status, Some(404));
        assert_eq!(r.code.as_deref(), Some("NoSuchBucket"));
        assert_eq!(
            r.said(),
            " (404 NoSuchBucket: The specified bucket does not exist)"
        );
        assert_eq!(Reply::parse("connection refused").said(), "");
    }

    #[test]
    fn errors_fall_into_the_contracts_classes() {
        let reply = |status: Option<u16>, code: Option<&str>| Reply {
            status,
            code: code.map(str::to_string),
            message: None,
        };
        let none = Reply::default();
        assert_eq!(
            classify(
                Variant::Other,
                None,
                &reply(Some(403), Some("SignatureDoesNotMatch"))
            ),
            Class::Auth
        );
        assert_eq!(
            classify(
                Variant::Other,
                None,
                &reply(Some(400), Some("InvalidAccessKeyId"))
            ),
            Class::Auth
        );
        assert_eq!(
            classify(Variant::Other, None, &reply(Some(401), None)),
            Class::Auth
        );
        assert_eq!(classify(Variant::Auth, None, &none), Class::Auth);
        assert_eq!(
            classify(
                Variant::NotFound,
                None,
                &reply(Some(404), Some("NoSuchBucket"))
            ),
            Class::Missing
        );
        assert_eq!(
            classify(
                Variant::Other,
                None,
                &reply(Some(404), Some("ContainerNotFound"))
            ),
            Class::Missing
        );
        assert_eq!(classify(Variant::Exists, None, &none), Class::Exists);
        assert!(matches!(
            classify(Variant::Other, Some(HttpErrorKind::Connect), &none),
            Class::Unreachable(_)
        ));
        assert!(matches!(
            classify(Variant::Other, Some(HttpErrorKind::Timeout), &none),
            Class::Unreachable(_)
        ));
        assert_eq!(
            classify(
                Variant::Other,
                None,
                &reply(Some(500), Some("InternalError"))
            ),
            Class::Failed
        );
    }

    #[test]
    fn endpoints_are_https_or_loopback() {
        assert!(check_endpoint("AWS_ENDPOINT_URL", "https://s3.example.com/").is_ok());
        assert!(check_endpoint("AWS_ENDPOINT_URL", "http://127.0.0.1:9000").is_ok());
        assert!(check_endpoint("AWS_ENDPOINT_URL", "http://localhost:9000").is_ok());
        let e = check_endpoint("AWS_ENDPOINT_URL", "http://minio.lan:9000").unwrap_err();
        assert!(e.to_string().contains("only to loopback"), "{e}");
        let e = check_endpoint("AWS_ENDPOINT_URL", "https://u:pw@h").unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
        assert!(check_endpoint("X", "ftp://h").is_err());
        assert!(check_endpoint("X", "not a url").is_err());
    }

    #[test]
    fn xml_helpers() {
        assert_eq!(
            xml_tag("<a><Code> X </Code></a>", "Code").as_deref(),
            Some("X")
        );
        assert_eq!(xml_tag("<a></a>", "Code"), None);
        assert_eq!(xml_escape("\"a\"&<b>"), "&quot;a&quot;&amp;&lt;b&gt;");
    }
}

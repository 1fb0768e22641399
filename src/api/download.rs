//! Streaming `export.csv` to a file or to stdout, in constant memory.
//!
//! A failure before the first byte is retried like any GET. A failure mid-stream restarts the
//! download when the output can be rewound (a file), and is reported otherwise (a pipe), since
//! half a CSV on stdout cannot be taken back.

use super::client::{Client, describe_transport, redact_url};
use super::error::Error;
use super::observe::Transfer;
use reqwest::StatusCode;
use std::time::Instant;
use tokio::io::{AsyncSeekExt, AsyncWrite, AsyncWriteExt};

/// Write buffer: the body arrives in small frames; disks and pipes like bigger writes.
const BUFFER: usize = 1 << 20;

pub enum Output<'a> {
    /// Rewindable: a mid-stream failure starts over.
    File(&'a mut tokio::fs::File),
    Stream(&'a mut (dyn AsyncWrite + Unpin + Send)),
}

impl Output<'_> {
    async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Output::File(f) => f.write_all(bytes).await,
            Output::Stream(s) => s.write_all(bytes).await,
        }
    }

    async fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::File(f) => f.flush().await,
            Output::Stream(s) => s.flush().await,
        }
    }

    async fn rewind(&mut self) -> std::io::Result<bool> {
        match self {
            Output::File(f) => {
                f.set_len(0).await?;
                f.seek(std::io::SeekFrom::Start(0)).await?;
                Ok(true)
            }
            Output::Stream(_) => Ok(false),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Downloaded {
    pub bytes: u64,
    /// The server's suggested file name (Content-Disposition).
    pub filename: Option<String>,
    /// `X-Total-Records`, when the server sends it.
    pub records: Option<u64>,
}

fn filename_from(disposition: &str) -> Option<String> {
    let start = disposition.find("filename=")? + "filename=".len();
    let rest = disposition[start..].trim();
    let name = if let Some(stripped) = rest.strip_prefix('"') {
        stripped.split('"').next()?
    } else {
        rest.split(';').next()?.trim()
    };
    // Only a plain base name: the server does not get to choose directories.
    let base = name.rsplit(['/', '\\']).next()?.trim();
    (!base.is_empty() && base != "." && base != "..").then(|| base.to_string())
}

impl Client {
    pub async fn download_csv(
        &self,
        company: &str,
        sheet: &str,
        filter: &str,
        mut out: Output<'_>,
    ) -> Result<Downloaded, Error> {
        let path = format!(
            "companies/{company}/export.csv?sheet_id={}&filter={}",
            url::form_urlencoded::byte_serialize(sheet.as_bytes()).collect::<String>(),
            url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
        );
        let url = self.url(&path)?;
        let what = "download CSV";
        let context = format!("{what} (GET {})", url.path());
        let policy = *self.policy();
        let mut failing = policy.failures();
        let mut limited = policy.rate_limited();
        let label = format!("download sheet {}", sheet.get(..8).unwrap_or(sheet));
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.inner.budget.acquire().await;
            self.observer().http(&format!("→ GET {}", redact_url(&url)));
            let started = Instant::now();
            let resp = self
                .inner
                .api
                .get(url.clone())
                .header("x-api-key", self.inner.key.expose())
                .send()
                .await;
            let resp = match resp {
                Ok(r) => r,
                Err(e) => {
                    let detail = describe_transport(&e);
                    match failing.next() {
                        Some(d) => {
                            self.observer().retry(what, attempt, d, &detail);
                            tokio::time::sleep(d).await;
                            continue;
                        }
                        None => return Err(Error::Transport { context, detail }),
                    }
                }
            };
            let status = resp.status();
            self.observer().http(&format!(
                "← {} {} ({} ms to first byte)",
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                started.elapsed().as_millis()
            ));
            if status == StatusCode::TOO_MANY_REQUESTS {
                match limited.next() {
                    Some(d) => {
                        self.observer()
                            .retry(what, attempt, d, "rate limited (HTTP 429)");
                        tokio::time::sleep(d).await;
                        continue;
                    }
                    None => {
                        return Err(Error::RateLimited {
                            context,
                            waited: policy.rate_limited_for,
                        });
                    }
                }
            }
            if !status.is_success() {
                if status.is_server_error()
                    && let Some(d) = failing.next()
                {
                    self.observer()
                        .retry(what, attempt, d, &format!("HTTP {}", status.as_u16()));
                    tokio::time::sleep(d).await;
                    continue;
                }
                let content_type = resp
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let body = resp.bytes().await.unwrap_or_default();
                return Err(super::client::status_error(
                    context,
                    status,
                    &content_type,
                    &body,
                ));
            }
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let filename = header("content-disposition").and_then(|d| filename_from(&d));
            let records = header("x-total-records").and_then(|v| v.parse().ok());
            let total = resp.content_length();
            self.observer().transfer(Transfer::Start {
                label: label.clone(),
                total,
            });
            let mut resp = resp;
            let mut bytes = 0u64;
            let mut buf: Vec<u8> = Vec::with_capacity(BUFFER);
            let streamed: Result<(), String> = async {
                loop {
                    match resp.chunk().await {
                        Ok(Some(chunk)) => {
                            bytes += chunk.len() as u64;
                            buf.extend_from_slice(&chunk);
                            if buf.len() >= BUFFER {
                                out.write(&buf)
                                    .await
                                    .map_err(|e| format!("write failed: {e}"))?;
                                buf.clear();
                                self.observer().transfer(Transfer::Progress {
                                    label: label.clone(),
                                    bytes,
                                });
                            }
                        }
                        Ok(None) => break Ok(()),
                        Err(e) => break Err(describe_transport(&e)),
                    }
                }
            }
            .await;
            match streamed {
                Ok(()) => {
                    out.write(&buf).await.and(out.flush().await).map_err(|e| {
                        Error::Config(format!("{context}: cannot write the output: {e}"))
                    })?;
                    self.observer().transfer(Transfer::Done {
                        label,
                        bytes,
                        elapsed: started.elapsed(),
                    });
                    return Ok(Downloaded {
                        bytes,
                        filename,
                        records,
                    });
                }
                Err(detail) if detail.starts_with("write failed") => {
                    return Err(Error::Config(format!(
                        "{context}: cannot write the output: {detail}"
                    )));
                }
                Err(detail) => {
                    let rewound = out.rewind().await.map_err(|e| {
                        Error::Config(format!("{context}: cannot rewind the output: {e}"))
                    })?;
                    match failing.next() {
                        Some(d) if rewound => {
                            self.observer().transfer(Transfer::Restart {
                                label: label.clone(),
                                reason: detail.clone(),
                            });
                            self.observer().retry(what, attempt, d, &detail);
                            tokio::time::sleep(d).await;
                        }
                        _ => {
                            return Err(Error::Transport {
                                context,
                                detail: format!("{detail} after {bytes} bytes"),
                            });
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::filename_from;

    #[test]
    fn content_disposition_names_are_plain_base_names() {
        assert_eq!(
            filename_from("attachment; filename=\"nw-contacts.csv\""),
            Some("nw-contacts.csv".into())
        );
        assert_eq!(
            filename_from("attachment; filename=a.csv; size=3"),
            Some("a.csv".into())
        );
        assert_eq!(
            filename_from("attachment; filename=\"../../etc/passwd\""),
            Some("passwd".into())
        );
        assert_eq!(filename_from("attachment; filename=\"..\""), None);
        assert_eq!(filename_from("inline"), None);
    }
}

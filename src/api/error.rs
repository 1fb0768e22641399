//! Typed errors of the API client. Callers branch on them (retry? which exit code? which hint?),
//! so they say what happened on the wire — an HTTP status with the server's message, a transport
//! failure, a reply that is not what the API documents — and where.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with a non-success status and (usually) `{"error": "..."}`.
    #[error("{context}: {message} (HTTP {status})")]
    Status {
        context: String,
        status: u16,
        message: String,
        /// Concurrency 409s may name the run that is in the way.
        run_id: Option<String>,
    },
    /// No usable answer: refused, reset, timed out, closed mid-response.
    #[error("{context}: {detail}")]
    Transport { context: String, detail: String },
    /// An answer that is not what the API documents (HTML from a proxy, truncated JSON, …).
    #[error("{context}: unexpected response (HTTP {status}): {detail}")]
    InvalidResponse {
        context: String,
        status: u16,
        detail: String,
    },
    /// The TLS handshake failed: the server's certificate is not trusted, or not for this host.
    /// Not transient, so never retried.
    #[error("{context}: {detail}")]
    Tls { context: String, detail: String },
    /// The command's `--timeout` ran out while this request was sent or waited for.
    #[error("{context}: --timeout ran out")]
    Deadline { context: String },
    /// A reply that suggests a file name (`Content-Disposition`) vern will not create: a dotfile,
    /// a path, control characters (`name` is escaped for display).
    #[error(
        "{context}: the server suggested the file name \"{name}\" ({reason}); vern does not use it"
    )]
    UnsafeFileName {
        context: String,
        name: String,
        reason: &'static str,
    },
    /// Whoever read the output stopped reading (`| head`): the command ends quietly, successfully.
    #[error("{context}: the reader of the output went away")]
    OutputClosed { context: String },
    /// 429s for longer than the client is willing to wait.
    #[error("{context}: still rate limited (HTTP 429) after retrying for {}", crate::text::duration(*waited))]
    RateLimited { context: String, waited: Duration },
    /// A URL the client refuses to send the key to.
    #[error("{0}")]
    Config(String),
}

impl Error {
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    pub fn is_status(&self, code: u16) -> bool {
        self.status() == Some(code)
    }

    pub fn run_id(&self) -> Option<&str> {
        match self {
            Error::Status { run_id, .. } => run_id.as_deref(),
            _ => None,
        }
    }

    /// The server's own message, when it sent one.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            Error::Status { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Whether the request may have taken effect although no answer says so: the connection
    /// dropped, the reply was garbled, the server failed (5xx), or a 409 that may be the echo of
    /// this very request's first attempt. Requests that must not be repeated blindly read the
    /// state back after such an error.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            Error::Transport { .. } | Error::InvalidResponse { .. }
        ) || self.status().is_some_and(|s| s >= 500 || s == 409)
    }
}

//! Exit codes (the stable contract of `spec/cli.md`) and the user-facing error type that carries
//! one, with an optional hint.
//!
//! Every way out of the process goes through [`code_for_error`] or a report's own code, so the
//! mapping lives in exactly one place.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ExitCode {
    Success = 0,
    Error = 1,
    Usage = 2,
    Auth = 3,
    RunFailed = 4,
    NeedsAttention = 5,
    ExportFailures = 6,
    Conflict = 7,
    /// A plan or a cap refused the run: nothing was sent.
    Refused = 8,
    Timeout = 124,
    Interrupted = 130,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// An error a user can act on: what went wrong, the exit code it means, and the next step.
#[derive(Debug)]
pub struct UserError {
    pub code: ExitCode,
    pub message: String,
    pub hint: Option<String>,
    /// What an ambiguous or unknown name could have meant (operations, sheets): listed under the
    /// message, and as `candidates` in the `--json` error.
    pub candidates: Vec<Candidate>,
}

/// One thing an ambiguous name matched, or one a name could have been: its id and what it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub id: String,
    pub about: String,
}

impl UserError {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        UserError {
            code,
            message: message.into(),
            hint: None,
            candidates: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }

    pub fn input(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Error, message)
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn with_candidates(mut self, candidates: Vec<Candidate>) -> Self {
        self.candidates = candidates;
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// The exit code an error means: the first typed error in its chain decides.
pub(crate) fn code_for_error(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<Hinted>() {
            return h.code;
        }
        if let Some(u) = cause.downcast_ref::<UserError>() {
            return u.code;
        }
        if let Some(api) = cause.downcast_ref::<crate::api::Error>() {
            return api_exit_code(api);
        }
    }
    ExitCode::Error
}

/// What kind of failure an error is, for the `kind` of the `--json` error object: `usage`,
/// `auth`, `conflict`, `timeout`, `interrupted`, `run_failed`, `network`, `tls`, `rate_limited`,
/// `server`, `input` or `internal`.
/// The output's reader went away (`| head`): not a failure, and nothing to say about it.
pub(crate) fn output_closed(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        matches!(
            c.downcast_ref::<crate::api::Error>(),
            Some(crate::api::Error::OutputClosed { .. })
        )
    })
}

pub(crate) fn kind_for_error(err: &anyhow::Error) -> &'static str {
    use crate::api::Error as Api;
    match code_for_error(err) {
        ExitCode::Usage => return "usage",
        ExitCode::Auth => return "auth",
        ExitCode::Conflict => return "conflict",
        ExitCode::Refused => return "refused",
        ExitCode::Timeout => return "timeout",
        ExitCode::Interrupted => return "interrupted",
        ExitCode::RunFailed => return "run_failed",
        _ => {}
    }
    for cause in err.chain() {
        if let Some(api) = cause.downcast_ref::<Api>() {
            return match api {
                Api::Transport { .. } | Api::Deadline { .. } | Api::OutputClosed { .. } => {
                    "network"
                }
                Api::Tls { .. } => "tls",
                Api::RateLimited { .. } => "rate_limited",
                Api::Status { .. } | Api::InvalidResponse { .. } | Api::UnsafeFileName { .. } => {
                    "server"
                }
                Api::Config(_) => "input",
            };
        }
        if cause.downcast_ref::<UserError>().is_some() || cause.downcast_ref::<Hinted>().is_some() {
            return "input";
        }
    }
    "internal"
}

/// The hint of the first error in the chain that has one.
pub(crate) fn hint_for_error(err: &anyhow::Error) -> Option<String> {
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<Hinted>() {
            return Some(h.hint.clone());
        }
        if let Some(u) = cause.downcast_ref::<UserError>()
            && let Some(h) = &u.hint
        {
            return Some(h.clone());
        }
        if let Some(api) = cause.downcast_ref::<crate::api::Error>()
            && let Some(h) = api_hint(api)
        {
            return Some(h);
        }
    }
    None
}

/// The candidates of the first error in the chain that lists some.
pub(crate) fn candidates_for_error(err: &anyhow::Error) -> &[Candidate] {
    err.chain()
        .find_map(|c| {
            c.downcast_ref::<UserError>()
                .filter(|u| !u.candidates.is_empty())
        })
        .map(|u| u.candidates.as_slice())
        .unwrap_or_default()
}

/// What an API error means for the process: 401 is an authentication failure, 409 a conflict.
fn api_exit_code(e: &crate::api::Error) -> ExitCode {
    match e {
        crate::api::Error::Deadline { .. } => return ExitCode::Timeout,
        crate::api::Error::OutputClosed { .. } => return ExitCode::Success,
        _ => {}
    }
    match e.status() {
        Some(401) => ExitCode::Auth,
        Some(409) => ExitCode::Conflict,
        _ => ExitCode::Error,
    }
}

/// The next step after an API error, when there is an obvious one.
fn api_hint(e: &crate::api::Error) -> Option<String> {
    use crate::api::Error;
    match e {
        Error::Status { status: 401, .. } => {
            Some("check the key in VERN_API_KEY (or store one with `vern auth login`)".into())
        }
        Error::RateLimited { .. } => Some(
            "the API allows about 100 requests per minute per key; lower --rate-limit when several jobs share a key, then re-run".into(),
        ),
        Error::UnsafeFileName { .. } => Some("name the file yourself with -o FILE".into()),
        Error::Transport { .. } => {
            Some("check the network and --api-url; re-running the same command is safe".into())
        }
        Error::Tls { .. } => Some(
            "if the server uses a private certificate authority, point SSL_CERT_FILE at its certificate (PEM) or add it to the system store (update-ca-certificates); vern never skips the check".into(),
        ),
        Error::Deadline { .. } => Some(
            "--timeout bounds the whole command; re-running the same command continues where it stopped".into(),
        ),
        _ => None,
    }
}

/// An error that keeps its message, causes and exit code, with a hint added (or extended).
#[derive(Debug)]
pub(crate) struct Hinted {
    message: String,
    code: ExitCode,
    hint: String,
    inner: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The top message is this error's own; its causes follow.
        self.inner.source()
    }
}

/// Add `hint` to an error: after its own hint when it has one.
pub(crate) fn with_hint(err: anyhow::Error, hint: impl Into<String>) -> anyhow::Error {
    let hint = hint.into();
    let hint = match hint_for_error(&err) {
        Some(h) => format!("{h}\n      {hint}"),
        None => hint,
    };
    hinted(err, hint)
}

/// Give an error `hint` in place of the one a cause carries, for when the caller knows better
/// than the cause: a lost answer is "safe to re-run" for a read, but not for a request that must
/// never be repeated blindly.
pub(crate) fn replace_hint(err: anyhow::Error, hint: impl Into<String>) -> anyhow::Error {
    hinted(err, hint.into())
}

fn hinted(err: anyhow::Error, hint: String) -> anyhow::Error {
    let code = code_for_error(&err);
    anyhow::Error::new(Hinted {
        message: err.to_string(),
        code,
        hint,
        inner: err.into(),
    })
}

//! One module per command. Each parses its arguments, calls the workflow or the client, and
//! returns a report for `ui` to render once (human text, or JSON with `--json`); none of them
//! prints directly.

pub mod approve;
pub mod auth;
pub mod company;
pub mod completions;
pub mod discovery;
pub mod download;
pub mod export;
pub mod fleet;
pub mod import;
pub mod migrate;
pub mod poll;
pub mod runs;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod upload;

use crate::exit::ExitCode;
use crate::ui::Ui;
use serde::Serialize;
use std::fmt;

/// A command's result: rendered once, and deciding the exit code.
pub trait Report: Serialize + fmt::Display {
    fn exit_code(&self) -> ExitCode {
        ExitCode::Success
    }

    /// What the report adds to a GitHub Actions job (summary markdown, outputs).
    fn job(&self) -> Option<crate::ui::github::JobReport> {
        None
    }
}

/// The JSON document adds `exit_code`, so scripts can read the outcome from stdout alone.
#[derive(Serialize)]
struct Doc<'a, R: Serialize> {
    #[serde(flatten)]
    report: &'a R,
    exit_code: i32,
}

impl<R: Serialize + fmt::Display> fmt::Display for Doc<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.report.fmt(f)
    }
}

/// Render a report and return its exit code.
pub fn emit<R: Report>(ui: &Ui, report: &R) -> ExitCode {
    ui.end_group();
    let code = report.exit_code();
    if let Some(mut job) = report.job() {
        job.outputs
            .push(("exit_code".into(), code.code().to_string()));
        crate::ui::github::publish(&job);
    }
    ui.result(&Doc {
        report,
        exit_code: code.code(),
    });
    code
}

/// clap value parser for ids: a UUID, normalized to lower-case hyphenated form.
pub fn uuid_arg(s: &str) -> Result<String, String> {
    uuid::Uuid::parse_str(s.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| {
            format!("'{s}' is not a UUID (ids look like 0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310)")
        })
}

/// A fresh idempotency key for a run creation.
pub fn new_idempotency_key(kind: &str) -> String {
    format!("vern-{kind}-{}", uuid::Uuid::new_v4().simple())
}

impl Report for crate::workflow::runs::ImportView {
    fn exit_code(&self) -> ExitCode {
        crate::workflow::runs::ImportView::exit_code(self)
    }

    fn job(&self) -> Option<crate::ui::github::JobReport> {
        Some(crate::workflow::runs::import_job(self))
    }
}

impl Report for crate::workflow::runs::ExportView {
    fn exit_code(&self) -> ExitCode {
        crate::workflow::runs::ExportView::exit_code(self)
    }

    fn job(&self) -> Option<crate::ui::github::JobReport> {
        Some(crate::workflow::runs::export_job(self))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_checked_and_normalized() {
        assert_eq!(
            super::uuid_arg("0E7B3C1A-5D24-4F8B-9A61-C2D8E4F7A310").unwrap(),
            "0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310"
        );
        assert!(
            super::uuid_arg("nw-4471")
                .unwrap_err()
                .contains("is not a UUID")
        );
    }
}

//! How every result reads: the human form of each report (`Display`), what it adds to a GitHub
//! Actions job ([`Job`]), and the small formatting helpers they share. The data itself lives in
//! `model`; nothing here decides an outcome.

pub(crate) mod account;
pub(crate) mod decision;
pub(crate) mod export;
pub(crate) mod fleet;
pub(crate) mod import;
pub(crate) mod journal;
pub(crate) mod migrate;
pub(crate) mod transfer;

pub(crate) use super::github;

/// What a report adds to a GitHub Actions job (summary markdown, outputs); most add nothing.
pub trait Job {
    fn job(&self) -> Option<github::JobReport> {
        None
    }
}

pub use crate::text::{bytes, count, duration};

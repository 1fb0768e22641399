//! How every result reads: the human form of each report (`Display`), what it adds to a GitHub
//! Actions job ([`Job`]), and the small formatting helpers they share. The data itself lives in
//! `model`; nothing here decides an outcome.

pub(crate) mod account;
pub(crate) mod company;
pub(crate) mod decision;
pub(crate) mod delivery;
pub(crate) mod estimate;
pub(crate) mod export;
pub(crate) mod fleet;
pub(crate) mod import;
pub(crate) mod job;
pub(crate) mod journal;
pub(crate) mod migrate;
pub(crate) mod transfer;

pub(crate) use super::github;

/// The commands that come next, one per line so each can be copied whole:
/// `next: vern approve …` then `      vern resume …`.
pub fn write_next(f: &mut std::fmt::Formatter<'_>, next: &[String]) -> std::fmt::Result {
    for (i, n) in next.iter().enumerate() {
        let sep = if i + 1 < next.len() { "\n" } else { "" };
        if i == 0 {
            write!(f, "next: {n}{sep}")?;
        } else {
            write!(f, "      {n}{sep}")?;
        }
    }
    Ok(())
}

/// The commands that come next, for a job summary.
pub fn next_markdown(next: &[String]) -> String {
    let mut md = String::new();
    for (i, n) in next.iter().enumerate() {
        md.push_str(&format!(
            "{} `{}`\n",
            if i == 0 { "Next:" } else { "then" },
            n.replace('`', "'")
        ));
    }
    md
}

/// What a report adds to a GitHub Actions job (summary markdown, outputs); most add nothing.
pub trait Job {
    fn job(&self) -> Option<github::JobReport> {
        None
    }
}

pub use crate::text::{bytes, count, duration};

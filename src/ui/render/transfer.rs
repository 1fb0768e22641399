//! How moved files read: uploads with their refs, a saved download.

use super::{Job, bytes, count};
use crate::model::transfer::{Downloaded, Uploads};
use std::fmt;

impl fmt::Display for Uploads {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, u) in self.uploads.iter().enumerate() {
            write!(
                f,
                "{}  {}  blake3 {}\n  upload_ref {}",
                u.name,
                bytes(u.size),
                &u.blake3[..16],
                u.upload_ref
            )?;
            if i + 1 < self.uploads.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Downloaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let records = self
            .saved
            .info
            .records
            .map(|r| format!("{} records, ", count(r)))
            .unwrap_or_default();
        write!(
            f,
            "saved {}: {records}{}",
            self.saved.path,
            bytes(self.saved.info.bytes)
        )
    }
}

impl Job for Uploads {}
impl Job for Downloaded {}

//! How moved files read: uploads with their refs, a saved download, an uploaded copy standing in
//! for a file that is gone.

use super::{Job, bytes, count};
use crate::model::transfer::{Downloaded, UploadedCopy, Uploads};
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

impl fmt::Display for UploadedCopy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = self
            .uploaded_at
            .as_deref()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default();
        write!(
            f,
            "{} is gone, but it was uploaded{when} ({}): the import uses the uploaded copy",
            self.path,
            bytes(self.size)
        )
    }
}

impl Job for Uploads {}
impl Job for Downloaded {}

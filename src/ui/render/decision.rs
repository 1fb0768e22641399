//! How a sent decision reads.

use crate::journal::record::DecisionKind;
use crate::model::decision::Approved;
use std::fmt;

impl fmt::Display for Approved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.decision;
        let what = match d.decision {
            DecisionKind::Answer => format!(
                "answers {}",
                d.answers
                    .iter()
                    .map(|a| format!("{}={:?}", a.id, a.value))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            DecisionKind::Message => {
                format!("message {:?}", d.message.as_deref().unwrap_or(""))
            }
            other => other.to_string(),
        };
        let patch = d
            .patch_hash
            .as_ref()
            .map(|h| format!(" on patch {h}"))
            .unwrap_or_default();
        writeln!(f, "sent {what}{patch}")?;
        self.run.fmt(f)
    }
}

impl super::Job for Approved {}

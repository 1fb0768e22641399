//! Wire models of the companies surface of the Migration API.
//!
//! Shared by the client (`api::client`) and the sandbox so the two sides cannot drift apart
//! silently. Deserialization is lenient on purpose: unknown fields are ignored, optional fields
//! default, and the open enums (`status`, `action`) carry values this build does not know instead
//! of failing, because the API is a preview that may grow. JSON key casing is mixed on the wire
//! (snake_case mostly, camelCase inside import reports and template columns) and is kept verbatim.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Declares an open string enum: known variants plus `Other(String)` for values from a newer
/// server, serialized back verbatim.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know, kept as sent.
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(s) => s.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from(s.as_str()))
            }
        }
    };
}

open_enum! {
    /// Status of an import or export run (spec §4).
    RunStatus {
        Queued => "queued",
        Running => "running",
        NeedsAttention => "needs_attention",
        Blocked => "blocked",
        Completed => "completed",
        Failed => "failed",
        Canceled => "canceled",
    }
}

impl RunStatus {
    /// Terminal states never change again.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Canceled)
    }

    /// States that wait for a human decision and never progress on their own.
    pub fn awaits_decision(&self) -> bool {
        matches!(self, Self::NeedsAttention | Self::Blocked)
    }

    /// Non-terminal states, including the paused ones ("in flight" for the one-import rule).
    pub fn is_in_flight(&self) -> bool {
        !self.is_terminal() && !matches!(self, Self::Other(_))
    }
}

open_enum! {
    /// Kind of a `proposed_patch` action (spec §3.9); the documented table was cut, so it is open.
    PatchActionKind {
        SetValue => "set_value",
        DeleteInvalidRows => "delete_invalid_rows",
    }
}

open_enum! {
    /// `mode` of an export run.
    ExportMode {
        Full => "full",
        Canary => "canary",
    }
}

/// `{ "error": "..." }`, the body of every error; concurrency 409s may add `run_id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

// ---- discovery -------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourcesResponse {
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkRule {
    #[serde(rename = "templateId")]
    pub template_id: String,
    #[serde(rename = "columnName")]
    pub column_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TemplateColumn {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    /// `none | ai | strict | link` as seen so far; kept as a string (open).
    #[serde(
        rename = "desiredRule",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub desired_rule: Option<String>,
    /// A regular expression the whole value must match.
    #[serde(
        rename = "strictRule",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub strict_rule: Option<String>,
    /// A fixed list of allowed values (the docs mention fixed lists without showing their JSON;
    /// this is the sandbox's representation).
    #[serde(
        rename = "allowedValues",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_values: Option<Vec<String>>,
    #[serde(rename = "linkRule", default, skip_serializing_if = "Option::is_none")]
    pub link_rule: Option<Vec<LinkRule>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub columns: Vec<TemplateColumn>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TemplatesResponse {
    #[serde(default)]
    pub templates: Vec<Template>,
}

// ---- provisioning ----------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CreateCompanyRequest {
    pub name: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_ids: Option<Vec<String>>,
    /// Write-only destination connection (`{"destination": {"base_url", "auth"}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sheet {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub template_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateCompanyResponse {
    pub company: Company,
    #[serde(default)]
    pub workbook_id: Option<String>,
    #[serde(default)]
    pub sheets: Vec<Sheet>,
    #[serde(default)]
    pub magic_link_url: Option<String>,
}

// ---- uploads -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadRequest {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadResponse {
    pub upload_url: String,
    pub upload_ref: String,
}

// ---- imports -----------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportFile {
    pub name: String,
    pub upload_ref: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<ImportFile>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Map<String, Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// Answer to a run creation, a decision or a message: `{run_id, status, poll_url}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunCreated {
    pub run_id: String,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SheetReport {
    #[serde(rename = "templateName", default)]
    pub template_name: String,
    #[serde(rename = "sheetId", default)]
    pub sheet_id: String,
    #[serde(rename = "rowCount", default)]
    pub row_count: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportReport {
    #[serde(default)]
    pub inserted: u64,
    #[serde(rename = "perSheet", default)]
    pub per_sheet: Vec<SheetReport>,
    /// Despite the name, the number of *rows* with at least one invalid cell.
    #[serde(rename = "invalidCellCount", default)]
    pub invalid_cell_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionOption {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QuestionTarget {
    #[serde(default)]
    pub sheet_id: String,
    #[serde(default)]
    pub column: String,
    #[serde(default)]
    pub affected_count: u64,
    #[serde(default)]
    pub sample_values: Vec<String>,
    #[serde(default)]
    pub error: String,
}

/// A question of a `needs_attention` run (snake_case `allow_custom`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<QuestionTarget>,
    #[serde(default)]
    pub relevant_columns: Vec<String>,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    #[serde(default, alias = "allowCustom")]
    pub allow_custom: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PatchAction {
    #[serde(default)]
    pub sheet_id: String,
    #[serde(default)]
    pub column: String,
    pub action: PatchActionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Keys this build does not know, preserved verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProposedPatch {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub actions: Vec<PatchAction>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NeedsAttention {
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub proposed_patch: Option<ProposedPatch>,
}

/// A question of a `blocked` run (spec §3.10, camelCase `allowCustom`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BlockedQuestion {
    pub id: String,
    #[serde(default)]
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    #[serde(rename = "allowCustom", alias = "allow_custom", default)]
    pub allow_custom: bool,
}

/// The poll body of an import run; which fields are present depends on `status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_attention: Option<NeedsAttention>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<BlockedQuestion>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub id: String,
    pub value: String,
}

/// Body of `POST …/decisions` ([PROVISIONAL] §3.9).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub decision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<Answer>>,
}

/// `answers` of `POST …/messages`: structured answers, or a free-form instruction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageAnswers {
    List(Vec<Answer>),
    Text(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageRequest {
    pub answers: MessageAnswers,
}

// ---- exports -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_filter: Option<Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExportRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ExportMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<Selection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// One attempted destination write.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WriteResult {
    #[serde(default)]
    pub template_id: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub ok: bool,
    #[serde(default)]
    pub error: Option<String>,
    /// `true` verified, `false` hollow (2xx that did not stick), `null` no verify ran.
    #[serde(default)]
    pub fields_confirmed: Option<bool>,
    /// Sandbox extension: the row's natural key value, to tell writes apart in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub natural_key: Option<String>,
}

impl WriteResult {
    /// A 2xx the destination accepted but whose read-back came back empty.
    pub fn is_hollow(&self) -> bool {
        self.ok && self.fields_confirmed == Some(false)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExportReport {
    #[serde(default)]
    pub mode: Option<ExportMode>,
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub succeeded: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub results: Vec<WriteResult>,
}

/// The poll body of an export run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ExportReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_status_and_fields_are_carried_not_rejected() {
        let run: ImportRun = serde_json::from_str(
            r#"{"status":"paused_for_review","progress_message":null,"surprise":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(run.status, RunStatus::Other("paused_for_review".into()));
        assert!(!run.status.is_terminal());
        assert_eq!(
            serde_json::to_value(&run.status).unwrap(),
            "paused_for_review"
        );
    }

    #[test]
    fn unknown_patch_action_keeps_its_keys() {
        let a: PatchAction = serde_json::from_str(
            r#"{"sheet_id":"s","column":"Phone","action":"normalize_phone","format":"e164"}"#,
        )
        .unwrap();
        assert_eq!(a.action, PatchActionKind::Other("normalize_phone".into()));
        let back = serde_json::to_value(&a).unwrap();
        assert_eq!(back["format"], "e164");
        assert_eq!(back["action"], "normalize_phone");
    }

    #[test]
    fn blocked_question_accepts_both_casings() {
        let q: BlockedQuestion =
            serde_json::from_str(r#"{"id":"q1","question":"?","options":[],"allow_custom":true}"#)
                .unwrap();
        assert!(q.allow_custom);
        let q: BlockedQuestion =
            serde_json::from_str(r#"{"id":"q1","question":"?","allowCustom":true}"#).unwrap();
        assert!(q.allow_custom);
    }

    #[test]
    fn message_answers_are_a_list_or_text() {
        let m: MessageRequest = serde_json::from_str(r#"{"answers":"use Open"}"#).unwrap();
        assert!(matches!(m.answers, MessageAnswers::Text(ref t) if t == "use Open"));
        let m: MessageRequest =
            serde_json::from_str(r#"{"answers":[{"id":"q1","value":"x"}]}"#).unwrap();
        assert!(matches!(m.answers, MessageAnswers::List(ref l) if l.len() == 1));
    }
}

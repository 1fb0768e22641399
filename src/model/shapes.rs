//! The parts of the API's replies that vern shows, in the JSON contract's shape. The wire mixes
//! key styles (camelCase inside import reports, template columns and blocked questions); vern's
//! own documents use snake_case throughout, so these mirror the wire types field for field with
//! snake_case names. The wire types stay as they are: the sandbox serves them.

use crate::api::types::{
    BlockedQuestion, ImportReport, LinkRule, QuestionOption, SheetReport, Template, TemplateColumn,
};
use serde::Serialize;

/// An import's report: rows inserted, per sheet, and rows with at least one invalid cell.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub inserted: u64,
    pub per_sheet: Vec<SheetSummary>,
    /// Despite the API's name, the number of *rows* with at least one invalid cell.
    pub invalid_cell_count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetSummary {
    pub template_name: String,
    pub sheet_id: String,
    pub row_count: u64,
}

impl From<&ImportReport> for ImportSummary {
    fn from(r: &ImportReport) -> Self {
        ImportSummary {
            inserted: r.inserted,
            per_sheet: r.per_sheet.iter().map(SheetSummary::from).collect(),
            invalid_cell_count: r.invalid_cell_count,
        }
    }
}

impl From<&SheetReport> for SheetSummary {
    fn from(s: &SheetReport) -> Self {
        SheetSummary {
            template_name: s.template_name.clone(),
            sheet_id: s.sheet_id.clone(),
            row_count: s.row_count,
        }
    }
}

/// A question of a `blocked` run.
#[derive(Debug, Clone, Serialize)]
pub struct BlockedQuestionView {
    pub id: String,
    pub question: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub options: Vec<QuestionOption>,
    pub allow_custom: bool,
}

impl From<&BlockedQuestion> for BlockedQuestionView {
    fn from(q: &BlockedQuestion) -> Self {
        BlockedQuestionView {
            id: q.id.clone(),
            question: q.question.clone(),
            context: q.context.clone(),
            options: q.options.clone(),
            allow_custom: q.allow_custom,
        }
    }
}

/// A template with its columns and their rules.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub columns: Vec<ColumnView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub required: bool,
    pub unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<String>>,
    pub link_rule: Vec<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub template_id: String,
    pub column_name: String,
}

impl From<&Template> for TemplateView {
    fn from(t: &Template) -> Self {
        TemplateView {
            id: t.id.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            columns: t.columns.iter().map(ColumnView::from).collect(),
        }
    }
}

impl From<&TemplateColumn> for ColumnView {
    fn from(c: &TemplateColumn) -> Self {
        ColumnView {
            name: c.name.clone(),
            description: c.description.clone(),
            required: c.required,
            unique: c.unique,
            desired_rule: c.desired_rule.clone(),
            strict_rule: c.strict_rule.clone(),
            allowed_values: c.allowed_values.clone(),
            link_rule: c.link_rule.iter().flatten().map(LinkView::from).collect(),
        }
    }
}

impl From<&LinkRule> for LinkView {
    fn from(l: &LinkRule) -> Self {
        LinkView {
            template_id: l.template_id.clone(),
            column_name: l.column_name.clone(),
        }
    }
}

/// An error as every `--json` document shows it: `{message, causes, hint, kind}`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDoc {
    pub message: String,
    pub causes: Vec<String>,
    pub hint: Option<String>,
    /// What kind of failure: `usage`, `auth`, `network`, `tls`, `timeout`, `rate_limited`,
    /// `conflict`, `server`, `input`, `run_failed`, `interrupted`, `internal`.
    pub kind: &'static str,
    /// What an ambiguous or unknown name could have meant (operations, sheets); only then.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<crate::exit::Candidate>,
}

impl ErrorDoc {
    /// A run's own failure, as the API reported it.
    pub fn run_failed(message: &str) -> ErrorDoc {
        ErrorDoc {
            message: message.to_string(),
            causes: Vec::new(),
            hint: None,
            kind: "run_failed",
            candidates: Vec::new(),
        }
    }
}

/// Serialize an optional run error (a string in the model) as the contract's error object.
pub fn run_error<S: serde::Serializer>(e: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(m) => ErrorDoc::run_failed(m).serialize(s),
        None => s.serialize_none(),
    }
}

//! The sandbox's seed: API keys, sources, templates with their validation rules, the destination
//! and the writer that maps templates onto it.
//!
//! The built-in seed is `examples/seed.json`, compiled into the binary so `vern sandbox` works on a
//! fresh machine; `--seed FILE` loads another one in the same format. Loading compiles every rule
//! once (regexes, alias tables) and rejects a seed whose rules cannot work, so a typo in a seed
//! file is reported at start-up rather than as a confusing run failure later.

use crate::api::types::{Source, Template, TemplateColumn};
use anyhow::{Context, Result, bail};
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

pub const BUILTIN_SEED: &str = include_str!("../../examples/seed.json");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seed {
    #[serde(default)]
    pub keys: Vec<String>,
    pub sources: Vec<Source>,
    pub templates: Vec<SeedTemplate>,
    #[serde(default)]
    pub destination: Option<SeedDestination>,
    #[serde(default)]
    pub writer: Option<SeedWriter>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedTemplate {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub columns: Vec<SeedColumn>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedColumn {
    #[serde(flatten)]
    pub column: TemplateColumn,
    /// Other header spellings this column self-heals from (besides case and punctuation).
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedDestination {
    pub name: String,
    pub base_url: String,
    /// The credentials a company's connection must carry for writes to be accepted.
    #[serde(default)]
    pub auth: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedWriter {
    pub name: String,
    pub objects: Vec<WriterObject>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WriterObject {
    /// Template name.
    pub template: String,
    pub path: String,
    /// The column whose value identifies a record in the destination (upsert key).
    pub natural_key: String,
    /// Whether the writer reads each record back (`fields_confirmed` true/false rather than null).
    #[serde(default)]
    pub verify: bool,
    #[serde(default)]
    pub reject: Vec<RejectRule>,
    #[serde(default)]
    pub hollow: Vec<HollowRule>,
}

/// The destination refuses a non-empty value that fails `pattern` or matches `forbid`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RejectRule {
    pub column: String,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub forbid: Option<String>,
    #[serde(default = "default_reject_status")]
    pub status: u16,
    pub error: String,
}

fn default_reject_status() -> u16 {
    422
}

/// The destination accepts the write but silently stores nothing for values longer than `max_len`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HollowRule {
    pub column: String,
    pub max_len: usize,
}

impl Seed {
    pub fn builtin() -> Seed {
        // The built-in seed is checked by a unit test; failing here is a build defect.
        serde_json::from_str(BUILTIN_SEED).expect("built-in seed parses")
    }

    pub fn load(path: &Path) -> Result<Seed> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read seed file {}", path.display()))?;
        let seed: Seed = serde_json::from_str(&text)
            .with_context(|| format!("seed file {} is not a valid seed", path.display()))?;
        seed.compile()
            .with_context(|| format!("seed file {} has invalid rules", path.display()))?;
        Ok(seed)
    }

    /// The templates as the API lists them (aliases are the sandbox's own business).
    pub fn api_templates(&self) -> Vec<Template> {
        self.templates
            .iter()
            .map(|t| Template {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                columns: t.columns.iter().map(|c| c.column.clone()).collect(),
            })
            .collect()
    }

    pub fn compile(&self) -> Result<CompiledSeed> {
        if self.sources.is_empty() {
            bail!("a seed needs at least one source");
        }
        if self.templates.is_empty() {
            bail!("a seed needs at least one template");
        }
        let mut templates = Vec::new();
        for t in &self.templates {
            let mut columns = Vec::new();
            for c in &t.columns {
                let col = &c.column;
                let pattern = match &col.strict_rule {
                    Some(rule) => Some(Regex::new(rule).with_context(|| {
                        format!("template {} column {}: bad strictRule", t.name, col.name)
                    })?),
                    None => None,
                };
                let link = match col.link_rule.as_deref() {
                    Some([first, ..]) => {
                        let target = self
                            .templates
                            .iter()
                            .position(|x| x.id == first.template_id)
                            .with_context(|| {
                                format!(
                                    "template {} column {}: linkRule names unknown template {}",
                                    t.name, col.name, first.template_id
                                )
                            })?;
                        Some((target, first.column_name.clone()))
                    }
                    _ => None,
                };
                let mut keys = vec![normalize_header(&col.name)];
                keys.extend(c.aliases.iter().map(|a| normalize_header(a)));
                columns.push(CompiledColumn {
                    name: col.name.clone(),
                    required: col.required,
                    unique: col.unique,
                    pattern,
                    allowed: col.allowed_values.clone(),
                    link,
                    keys,
                });
            }
            templates.push(CompiledTemplate {
                id: t.id.clone(),
                name: t.name.clone(),
                columns,
            });
        }
        // Resolve link columns now that every template is known.
        for ti in 0..templates.len() {
            for ci in 0..templates[ti].columns.len() {
                if let Some((target, col_name)) = templates[ti].columns[ci].link.clone()
                    && templates[target].column_index(&col_name).is_none()
                {
                    bail!(
                        "template {} column {}: linkRule names unknown column {}.{}",
                        templates[ti].name,
                        templates[ti].columns[ci].name,
                        templates[target].name,
                        col_name
                    );
                }
            }
        }
        let mut writer = Vec::new();
        if let Some(w) = &self.writer {
            for o in &w.objects {
                let template = templates
                    .iter()
                    .position(|t| t.name == o.template)
                    .with_context(|| format!("writer names unknown template {}", o.template))?;
                let col = |name: &str| {
                    templates[template].column_index(name).with_context(|| {
                        format!("writer: template {} has no column {}", o.template, name)
                    })
                };
                let natural_key = col(&o.natural_key)?;
                let mut reject = Vec::new();
                for r in &o.reject {
                    reject.push(CompiledReject {
                        column: col(&r.column)?,
                        pattern: r.pattern.as_deref().map(Regex::new).transpose()?,
                        forbid: r.forbid.as_deref().map(Regex::new).transpose()?,
                        status: r.status,
                        error: r.error.clone(),
                    });
                }
                let mut hollow = Vec::new();
                for h in &o.hollow {
                    hollow.push((col(&h.column)?, h.max_len));
                }
                writer.push(CompiledWriterObject {
                    template,
                    path: o.path.clone(),
                    natural_key,
                    verify: o.verify,
                    reject,
                    hollow,
                });
            }
        }
        Ok(CompiledSeed {
            seed: self.clone(),
            templates,
            writer,
        })
    }
}

/// Header normalization for drift self-healing: case, whitespace and punctuation are ignored, so
/// ` E-mail Address ` and `email_address` are the same header.
pub fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

#[derive(Debug)]
pub struct CompiledSeed {
    pub seed: Seed,
    pub templates: Vec<CompiledTemplate>,
    pub writer: Vec<CompiledWriterObject>,
}

#[derive(Debug)]
pub struct CompiledTemplate {
    pub id: String,
    pub name: String,
    pub columns: Vec<CompiledColumn>,
}

impl CompiledTemplate {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

#[derive(Debug)]
pub struct CompiledColumn {
    pub name: String,
    pub required: bool,
    pub unique: bool,
    pub pattern: Option<Regex>,
    pub allowed: Option<Vec<String>>,
    /// (target template index, target column name)
    pub link: Option<(usize, String)>,
    /// Normalized header spellings that map to this column.
    pub keys: Vec<String>,
}

#[derive(Debug)]
pub struct CompiledWriterObject {
    pub template: usize,
    pub path: String,
    pub natural_key: usize,
    pub verify: bool,
    pub reject: Vec<CompiledReject>,
    pub hollow: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub struct CompiledReject {
    pub column: usize,
    pub pattern: Option<Regex>,
    pub forbid: Option<Regex>,
    pub status: u16,
    pub error: String,
}

impl CompiledReject {
    pub fn rejects(&self, value: &str) -> bool {
        if value.is_empty() {
            return false;
        }
        self.pattern.as_ref().is_some_and(|p| !p.is_match(value))
            || self.forbid.as_ref().is_some_and(|f| f.is_match(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_seed_compiles_with_rules_and_links() {
        let c = Seed::builtin().compile().unwrap();
        let contacts = c.templates.iter().find(|t| t.name == "Contacts").unwrap();
        let account = &contacts.columns[contacts.column_index("Account").unwrap()];
        assert_eq!(
            c.templates[account.link.as_ref().unwrap().0].name,
            "Companies"
        );
        let email = &contacts.columns[0];
        assert!(email.required && email.unique);
        assert!(
            email
                .pattern
                .as_ref()
                .unwrap()
                .is_match("ana@northwind.example")
        );
        assert!(!email.pattern.as_ref().unwrap().is_match("ana at northwind"));
        assert_eq!(c.writer.len(), 2);
        assert!(!Seed::builtin().keys.is_empty());
    }

    #[test]
    fn headers_normalize_across_case_space_and_punctuation() {
        assert_eq!(normalize_header(" E-mail Address "), "emailaddress");
        assert_eq!(
            normalize_header("first_name"),
            normalize_header("First Name")
        );
        assert_eq!(normalize_header("SURNAME"), "surname");
    }

    #[test]
    fn bad_seed_rules_are_reported() {
        let mut seed = Seed::builtin();
        seed.templates[0].columns[1].column.strict_rule = Some("([".into());
        let err = format!("{:#}", seed.compile().unwrap_err());
        assert!(err.contains("bad strictRule"), "{err}");
    }
}

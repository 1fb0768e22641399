//! File names of a delivery, from `--name` templates: `{company}`, `{external_id}`, `{sheet}`,
//! `{sheet_id}`, `{date}`, `{time}`, `{run}`, `{ext}`. A template is parsed (and an unknown
//! placeholder refused) before anything is sent, and the names of all sheets are rendered up front
//! so that two sheets can never be written into one file.

use std::fmt;
use std::str::FromStr;

/// `vern deliver`'s default: one file per sheet per day.
pub const DEFAULT: &str = "{sheet}-{date}.{ext}";
/// A job's default: its runs never collide, however often it fires.
pub const JOB_DEFAULT: &str = "{sheet}-{date}T{time}.{ext}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Company,
    ExternalId,
    Sheet,
    SheetId,
    Date,
    Time,
    Run,
    Ext,
}

const PLACEHOLDERS: [(&str, Part); 8] = [
    ("company", Part::Company),
    ("external_id", Part::ExternalId),
    ("sheet", Part::Sheet),
    ("sheet_id", Part::SheetId),
    ("date", Part::Date),
    ("time", Part::Time),
    ("run", Part::Run),
    ("ext", Part::Ext),
];

/// A parsed `--name` template; saved (a plan's options) as its text, checked again when read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl From<Template> for String {
    fn from(t: Template) -> String {
        t.source
    }
}

impl TryFrom<String> for Template {
    type Error = String;

    fn try_from(s: String) -> Result<Template, String> {
        s.parse()
    }
}

impl FromStr for Template {
    type Err = String;

    fn from_str(s: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(format!("'{s}': a '{{' without its '}}'"));
            };
            let name = &after[..close];
            let Some((_, part)) = PLACEHOLDERS.iter().find(|(n, _)| *n == name) else {
                let known: Vec<String> = PLACEHOLDERS
                    .iter()
                    .map(|(n, _)| format!("{{{n}}}"))
                    .collect();
                return Err(format!(
                    "'{s}': unknown placeholder {{{name}}} (known: {})",
                    known.join(" ")
                ));
            };
            parts.push(part.clone());
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("'{s}': a '}}' without its '{{'"));
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if parts.is_empty() {
            return Err("the name template is empty".into());
        }
        Ok(Template {
            source: s.to_string(),
            parts,
        })
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// What a name is made of, for one sheet of one run.
#[derive(Debug, Clone)]
pub struct Vars<'a> {
    pub company: &'a str,
    /// The company's external id; the company id when it has none.
    pub external_id: Option<&'a str>,
    /// The sheet's name as the workbook has it (`Contacts`).
    pub sheet: &'a str,
    pub sheet_id: &'a str,
    /// The run's start (or the job's fire time), UTC, as RFC 3339.
    pub at: &'a str,
    pub run: &'a str,
    /// `csv`, `json`, `jsonl` or `xml`, with `.gz` when compressed.
    pub ext: &'a str,
}

/// A sheet's name as a file name part: lower-cased, spaces to `-`.
pub fn sheet_slug(name: &str) -> String {
    name.trim().to_lowercase().replace(char::is_whitespace, "-")
}

impl Template {
    pub fn render(&self, v: &Vars<'_>) -> Result<String, String> {
        let mut out = String::new();
        // 2026-12-01T16:34:15Z → 2026-12-01 and 163415
        let date = v.at.get(..10).unwrap_or(v.at);
        let time: String =
            v.at.get(11..19)
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Company => out.push_str(v.company),
                Part::ExternalId => out.push_str(v.external_id.unwrap_or(v.company)),
                Part::Sheet => out.push_str(&sheet_slug(v.sheet)),
                Part::SheetId => out.push_str(v.sheet_id),
                Part::Date => out.push_str(date),
                Part::Time => out.push_str(&time),
                Part::Run => out.push_str(v.run),
                Part::Ext => out.push_str(v.ext),
            }
        }
        check_name(&out).map_err(|why| format!("--name '{}' gives '{out}', {why}", self.source))?;
        Ok(out)
    }

    /// Whether the template can tell sheets apart (has `{sheet}` or `{sheet_id}`).
    pub fn names_the_sheet(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Sheet | Part::SheetId))
    }
}

/// A rendered name must stay inside the destination: relative, no `..`, no empty segments, no
/// control characters.
fn check_name(name: &str) -> Result<(), &'static str> {
    if name.starts_with('/') {
        return Err("an absolute path");
    }
    if name.chars().any(char::is_control) {
        return Err("which holds control characters");
    }
    if name
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err("which is not a plain relative path (an empty, '.' or '..' part)");
    }
    Ok(())
}

/// Every sheet's name for one run; two sheets into one name is refused, naming both.
pub fn all_distinct<'a>(names: impl IntoIterator<Item = (&'a str, String)>) -> Result<(), String> {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (sheet, name) in names {
        if let Some((other, _)) = seen.iter().find(|(_, n)| *n == name) {
            return Err(format!(
                "sheets {other} and {sheet} would both be written to {name}; put {{sheet}} or {{sheet_id}} in --name"
            ));
        }
        seen.push((sheet, name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(sheet: &'a str, ext: &'a str) -> Vars<'a> {
        Vars {
            company: "c0ffee",
            external_id: None,
            sheet,
            sheet_id: "5he3t",
            at: "2026-12-01T16:34:15.123Z",
            run: "r1",
            ext,
        }
    }

    #[test]
    fn placeholders_render_in_utc_with_the_sheet_slugged() {
        let t: Template = "{external_id}/{sheet}-{date}T{time}-{run}.{ext}"
            .parse()
            .unwrap();
        assert_eq!(
            t.render(&vars("Open Deals", "jsonl.gz")).unwrap(),
            "c0ffee/open-deals-2026-12-01T163415-r1.jsonl.gz"
        );
        let d: Template = DEFAULT.parse().unwrap();
        assert_eq!(
            d.render(&vars("Contacts", "csv")).unwrap(),
            "contacts-2026-12-01.csv"
        );
    }

    #[test]
    fn unknown_placeholders_and_escapes_are_refused() {
        let e = "{sheet}-{day}.{ext}".parse::<Template>().unwrap_err();
        assert!(e.contains("unknown placeholder {day}"), "{e}");
        assert!("{sheet".parse::<Template>().is_err());
        assert!("sheet}".parse::<Template>().is_err());
        let up: Template = "../{sheet}.{ext}".parse().unwrap();
        assert!(up.render(&vars("Contacts", "csv")).is_err());
        let abs: Template = "/{sheet}.{ext}".parse().unwrap();
        assert!(abs.render(&vars("Contacts", "csv")).is_err());
    }

    #[test]
    fn two_sheets_into_one_name_are_refused() {
        let t: Template = "export-{date}.{ext}".parse().unwrap();
        assert!(!t.names_the_sheet());
        let names = ["Contacts", "Companies"].map(|s| (s, t.render(&vars(s, "csv")).unwrap()));
        let e = all_distinct(names).unwrap_err();
        assert!(e.contains("Contacts and Companies"), "{e}");
    }
}

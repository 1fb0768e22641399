//! The interactive review of a run that needs attention (or is blocked): show the report, every
//! question with its context, column, affected rows, sample offending values and the failed rule,
//! and the proposed patch as a table; let the user apply the fix, answer each question, or
//! reject; confirm before anything is sent. Used by `vern approve` and `migrate --approve ask`.

use super::Ui;
use super::escape::escape;
use super::render::count;
use crate::api::types::{Question, RunStatus};
use crate::model::decision::{Choice, Reviewed};
use crate::model::import::ImportView;
use crate::model::shapes::BlockedQuestionView;
use anyhow::Result;
use dialoguer::{Confirm, Input, Select};
use std::fmt::Write as _;

fn table(view: &ImportView) -> String {
    let mut out = String::new();
    let sheet_name = |id: &str| {
        view.report
            .as_ref()
            .and_then(|r| r.per_sheet.iter().find(|s| s.sheet_id == id))
            .map(|s| s.template_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let _ = writeln!(out, "Run {} needs attention", view.run_id);
    if let Some(r) = &view.report {
        let _ = writeln!(
            out,
            "  {} rows imported, {} flagged",
            count(r.inserted),
            count(r.invalid_cell_count)
        );
    }
    if let Some(na) = &view.needs_attention {
        for q in &na.questions {
            let _ = writeln!(out);
            question_block(&mut out, q, &sheet_name);
        }
        if let Some(p) = &na.proposed_patch {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Proposed fix (patch {}): {}",
                view.patch_hash.as_deref().unwrap_or("?"),
                p.summary
            );
            let rows: Vec<[String; 3]> = p
                .actions
                .iter()
                .map(|a| {
                    [
                        format!("{}.{}", sheet_name(&a.sheet_id), a.column),
                        a.action.to_string(),
                        a.value
                            .as_ref()
                            .map(|v| format!("{v:?}"))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(6).max(6);
            let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(6).max(6);
            let _ = writeln!(out, "  {:<w0$}  {:<w1$}  VALUE", "COLUMN", "ACTION");
            for r in rows {
                let _ = writeln!(out, "  {:<w0$}  {:<w1$}  {}", r[0], r[1], r[2]);
            }
        }
    }
    out
}

fn question_block(out: &mut String, q: &Question, sheet_name: &dyn Fn(&str) -> String) {
    let _ = writeln!(out, "[{}] {}", q.id, q.prompt);
    if let Some(c) = &q.context {
        let _ = writeln!(out, "     {c}");
    }
    if let Some(t) = &q.target {
        let _ = writeln!(
            out,
            "     column {}.{} — {} rows affected",
            sheet_name(&t.sheet_id),
            t.column,
            count(t.affected_count)
        );
        let _ = writeln!(out, "     rule: {}", t.error);
        if !t.sample_values.is_empty() {
            let samples: Vec<String> = t.sample_values.iter().map(|v| format!("{v:?}")).collect();
            let _ = writeln!(out, "     offending values: {}", samples.join(", "));
        }
    }
}

/// One answer: an option, or free text where allowed.
/// The prompt and the options are the server's words, shown escaped; the answer is the option
/// as the server wrote it.
fn ask_one(ui: &Ui, prompt: &str, options: &[String], allow_custom: bool) -> Result<String> {
    let mut items: Vec<String> = options.iter().map(|o| escape(o).into_owned()).collect();
    if allow_custom {
        items.push("Type another answer…".into());
    }
    let prompt = escape(prompt).into_owned();
    let picked = ui.prompt(|| {
        Select::new()
            .with_prompt(prompt)
            .items(&items)
            .default(0)
            .interact()
    })?;
    if picked < options.len() {
        return Ok(options[picked].clone());
    }
    ui.prompt(|| {
        Input::<String>::new()
            .with_prompt("Your answer")
            .interact_text()
    })
}

fn describe(choice: &Choice) -> String {
    match choice {
        Choice::Accept => "apply the suggested fix".into(),
        Choice::Reject => "reject the fix".into(),
        Choice::Answers(a) => format!(
            "answer {}",
            a.iter()
                .map(|(q, v)| format!("{q}={v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Choice::Message(m) => format!("send the instruction {m:?}"),
    }
}

/// Review a paused run; `None` when the user decides to send nothing now.
pub fn review(ui: &Ui, view: &ImportView) -> Result<Option<Reviewed>> {
    let choice = match view.status {
        RunStatus::NeedsAttention => review_attention(ui, view)?,
        RunStatus::Blocked => review_blocked(ui, view.questions.as_deref().unwrap_or_default())?,
        _ => return Ok(None),
    };
    let Some(choice) = choice else {
        return Ok(None);
    };
    let sure = ui.prompt(|| {
        Confirm::new()
            .with_prompt(format!("Send: {}?", escape(&describe(&choice))))
            .default(false)
            .interact()
    })?;
    Ok(sure.then(|| Reviewed {
        choice,
        patch_hash: view.patch_hash.clone(),
    }))
}

fn review_attention(ui: &Ui, view: &ImportView) -> Result<Option<Choice>> {
    ui.always(table(view));
    let questions = view
        .needs_attention
        .as_ref()
        .map(|n| n.questions.clone())
        .unwrap_or_default();
    let menu = [
        "Apply the suggested fix",
        "Answer each question",
        "Reject the fix (flagged rows stay out of the valid export)",
        "Decide later (send nothing)",
    ];
    let picked = ui.prompt(|| {
        Select::new()
            .with_prompt("What should Vern do?")
            .items(menu)
            .default(0)
            .interact()
    })?;
    Ok(match picked {
        0 => Some(Choice::Accept),
        1 => {
            let mut answers = Vec::new();
            for q in &questions {
                let labels: Vec<String> = q.options.iter().map(|o| o.label.clone()).collect();
                let prompt = format!("[{}] {}", q.id, q.prompt);
                answers.push((q.id.clone(), ask_one(ui, &prompt, &labels, q.allow_custom)?));
            }
            Some(Choice::Answers(answers))
        }
        2 => Some(Choice::Reject),
        _ => None,
    })
}

fn review_blocked(ui: &Ui, questions: &[BlockedQuestionView]) -> Result<Option<Choice>> {
    let mut text = String::from("The run is blocked on a question:\n");
    for q in questions {
        let _ = writeln!(text, "[{}] {}", q.id, q.question);
        if let Some(c) = &q.context {
            let _ = writeln!(text, "     {c}");
        }
    }
    ui.always(text);
    let menu = [
        "Answer the questions",
        "Send an instruction instead",
        "Decide later (send nothing)",
    ];
    let picked = ui.prompt(|| {
        Select::new()
            .with_prompt("How do you want to answer?")
            .items(menu)
            .default(0)
            .interact()
    })?;
    Ok(match picked {
        0 => {
            let mut answers = Vec::new();
            for q in questions {
                let labels: Vec<String> = q.options.iter().map(|o| o.label.clone()).collect();
                let prompt = format!("[{}] {}", q.id, q.question);
                answers.push((
                    q.id.clone(),
                    ask_one(ui, &prompt, &labels, q.allow_custom || labels.is_empty())?,
                ));
            }
            Some(Choice::Answers(answers))
        }
        1 => {
            let text = ui.prompt(|| {
                Input::<String>::new()
                    .with_prompt("Instruction")
                    .interact_text()
            })?;
            Some(Choice::Message(text))
        }
        _ => None,
    })
}

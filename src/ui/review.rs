//! The interactive review of a run that needs attention (or is blocked): show the report, every
//! question with its context, column, affected rows, sample offending values and the failed rule,
//! and the proposed patch as a table; let the user apply the fix, answer each question, or
//! reject; confirm before anything is sent. Used by `vern approve` and `migrate --approve ask`.
//!
//! Nothing is sent until the person says `y` at the confirmation. Esc or `q` at the menu decides
//! later; Esc at a question, or `n` at the confirmation, returns to the menu; Ctrl-C stops the
//! command as an interrupt (exit 130). The review blocks, so callers run it off the async thread.

use super::escape::escape;
use super::render::count;
use super::{Ui, terminal};
use crate::api::types::{Question, RunStatus};
use crate::exit::{ExitCode, code_for_error};
use crate::model::decision::{Choice, Review, Reviewed};
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

/// Where a menu leaves the review.
enum Picked {
    /// Confirm this, then send it.
    Choice(Choice),
    /// Show the menu again (Esc at a question, an empty instruction).
    Menu,
    /// Send nothing now.
    Later,
}

/// One question to answer from the menu's "answer each question".
struct Ask {
    id: String,
    prompt: String,
    options: Vec<String>,
    allow_custom: bool,
}

/// Each question in turn; `None` when the person goes back to the menu.
fn answer_each(ui: &Ui, questions: &[Ask]) -> Result<Option<Vec<(String, String)>>> {
    let mut answers = Vec::new();
    for q in questions {
        let Some(answer) = ask_one(ui, &q.prompt, &q.options, q.allow_custom)? else {
            return Ok(None);
        };
        answers.push((q.id.clone(), answer));
    }
    Ok(Some(answers))
}

/// One answer: an option, or free text where allowed; `None` on Esc or `q` (back to the menu).
/// The prompt and the options are the server's words, shown escaped; the answer is the option
/// as the server wrote it.
fn ask_one(
    ui: &Ui,
    prompt: &str,
    options: &[String],
    allow_custom: bool,
) -> Result<Option<String>> {
    let mut items: Vec<String> = options.iter().map(|o| escape(o).into_owned()).collect();
    if allow_custom {
        items.push("Type another answer…".into());
    }
    let prompt = escape(prompt).into_owned();
    loop {
        let Some(picked) = ui.prompt(|| {
            Select::new()
                .with_prompt(&prompt)
                .items(&items)
                .default(0)
                .interact_opt()
        })?
        else {
            return Ok(None);
        };
        if let Some(option) = options.get(picked) {
            return Ok(Some(option.clone()));
        }
        // dialoguer's text input knows no Esc: an empty answer is the way back to the options.
        let typed = ui.prompt(|| {
            Input::<String>::new()
                .with_prompt("Your answer (empty to go back)")
                .allow_empty(true)
                .interact_text()
        })?;
        if !typed.trim().is_empty() {
            return Ok(Some(typed));
        }
    }
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

/// Review a paused run: what the person decided, or that they will decide later.
pub fn review(ui: &Ui, view: &ImportView) -> Result<Review> {
    let outcome = review_until_settled(ui, view);
    if let Err(e) = &outcome
        && code_for_error(e) == ExitCode::Interrupted
    {
        terminal::wait_for_the_interrupt();
    }
    outcome
}

fn review_until_settled(ui: &Ui, view: &ImportView) -> Result<Review> {
    let blocked = view.questions.as_deref().unwrap_or_default();
    // The report and the questions once; the menu as often as the person comes back to it.
    match view.status {
        RunStatus::NeedsAttention => ui.always(table(view)),
        RunStatus::Blocked => ui.always(blocked_text(blocked)),
        _ => return Ok(Review::Later),
    }
    loop {
        let picked = if view.status == RunStatus::Blocked {
            blocked_menu(ui, blocked)?
        } else {
            attention_menu(ui, view)?
        };
        let choice = match picked {
            Picked::Choice(c) => c,
            Picked::Menu => continue,
            Picked::Later => return Ok(Review::Later),
        };
        // `n`, Enter (the default) and Esc all send nothing and lead back to the menu, where the
        // person can choose something else or decide later.
        let sure = ui.prompt(|| {
            Confirm::new()
                .with_prompt(format!("Send: {}?", escape(&describe(&choice))))
                .default(false)
                .interact_opt()
        })?;
        if sure == Some(true) {
            return Ok(Review::Decided(Reviewed {
                choice,
                patch_hash: view.patch_hash.clone(),
            }));
        }
    }
}

fn attention_menu(ui: &Ui, view: &ImportView) -> Result<Picked> {
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
            .interact_opt()
    })?;
    Ok(match picked {
        Some(0) => Picked::Choice(Choice::Accept),
        Some(1) => {
            let questions: Vec<Ask> = view
                .needs_attention
                .iter()
                .flat_map(|n| &n.questions)
                .map(|q| Ask {
                    id: q.id.clone(),
                    prompt: format!("[{}] {}", q.id, q.prompt),
                    options: q.options.iter().map(|o| o.label.clone()).collect(),
                    allow_custom: q.allow_custom,
                })
                .collect();
            match answer_each(ui, &questions)? {
                Some(answers) => Picked::Choice(Choice::Answers(answers)),
                None => Picked::Menu,
            }
        }
        Some(2) => Picked::Choice(Choice::Reject),
        // "Decide later", Esc or q.
        _ => Picked::Later,
    })
}

fn blocked_text(questions: &[BlockedQuestionView]) -> String {
    let mut text = String::from("The run is blocked on a question:\n");
    for q in questions {
        let _ = writeln!(text, "[{}] {}", q.id, q.question);
        if let Some(c) = &q.context {
            let _ = writeln!(text, "     {c}");
        }
    }
    text
}

fn blocked_menu(ui: &Ui, questions: &[BlockedQuestionView]) -> Result<Picked> {
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
            .interact_opt()
    })?;
    Ok(match picked {
        Some(0) => {
            let questions: Vec<Ask> = questions
                .iter()
                .map(|q| {
                    let options: Vec<String> = q.options.iter().map(|o| o.label.clone()).collect();
                    Ask {
                        id: q.id.clone(),
                        prompt: format!("[{}] {}", q.id, q.question),
                        // A question without options is answered in free text.
                        allow_custom: q.allow_custom || options.is_empty(),
                        options,
                    }
                })
                .collect();
            match answer_each(ui, &questions)? {
                Some(answers) => Picked::Choice(Choice::Answers(answers)),
                None => Picked::Menu,
            }
        }
        Some(1) => {
            let text = ui.prompt(|| {
                Input::<String>::new()
                    .with_prompt("Instruction (empty to go back)")
                    .allow_empty(true)
                    .interact_text()
            })?;
            if text.trim().is_empty() {
                Picked::Menu
            } else {
                Picked::Choice(Choice::Message(text))
            }
        }
        // "Decide later", Esc or q.
        _ => Picked::Later,
    })
}

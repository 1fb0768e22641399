//! Answering an import that stopped to ask: a decision on the fixes proposed for flagged rows
//! (`needs_attention`), and messages — answers to a `blocked` run's question, or a free-form
//! correction. Each accepted answer bumps the run's generation and hands it back to the driver.

use super::runs::find_run;
use super::{HResult, bad_request, conflict, json_status, parse_as, parse_object, run_not_found};
use crate::api::types::{
    Answer, BlockedQuestion, DecisionRequest, MessageAnswers, MessageRequest, RunStatus,
};
use crate::sandbox::engine::{Fix, QuestionPlan, fix_for_answer};
use crate::sandbox::world::{ImportPhase, RunBody, RunKind};
use crate::sandbox::{Shared, driver};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;

/// (sheet index, column, fix), as the driver applies them.
type Fixes = Vec<(usize, usize, Fix)>;

pub(super) async fn decide(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    let map = parse_object(&body)?;
    let req: DecisionRequest = parse_as(Value::Object(map), "decision body")?;
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    if !matches!(req.decision.as_str(), "accept" | "answer" | "reject") {
        return Err(bad_request("decision must be accept, answer or reject"));
    }
    if run.status != RunStatus::NeedsAttention {
        return Err(conflict(
            format!(
                "Run is {}, not needs_attention: a decision is only accepted while the run needs attention",
                run.status
            ),
            None,
        ));
    }
    let RunBody::Import(st) = &mut run.body else {
        return Err(run_not_found());
    };
    let Some((_, plans)) = &st.attention else {
        return Err(conflict("Run has no pending questions", None));
    };
    let fixes = match req.decision.as_str() {
        "accept" => plans
            .iter()
            .map(|p| (p.sheet, p.column, p.proposed.clone()))
            .collect(),
        "answer" => answered_fixes(plans, req.answers.unwrap_or_default())?,
        _ => Vec::new(),
    };
    st.attention = None;
    run.generation += 1;
    if req.decision == "reject" {
        // The rows stay as they are, flagged cells and all; the run ends here.
        run.status = RunStatus::Completed;
        let created = run.created();
        if let Some(c) = w.companies.get_mut(&id) {
            c.active_import = None;
        }
        w.company_stats(&id).decisions += 1;
        return Ok(json_status(StatusCode::OK, &created));
    }
    st.pending_fixes = fixes;
    st.phase = ImportPhase::AfterDecision;
    run.status = RunStatus::Queued;
    run.progress = Some("Queued: applying your decision".into());
    let generation = run.generation;
    let created = run.created();
    w.company_stats(&id).decisions += 1;
    drop(w);
    driver::spawn_import(shared.clone(), run_id, generation);
    Ok(json_status(StatusCode::OK, &created))
}

/// The fixes an `answer` decision chooses: every question answered, and only known questions.
fn answered_fixes(plans: &[QuestionPlan], answers: Vec<Answer>) -> Result<Fixes, Response> {
    if answers.is_empty() {
        return Err(bad_request(
            "answers is required for decision answer: [{\"id\": ..., \"value\": ...}]",
        ));
    }
    for a in &answers {
        if !plans.iter().any(|p| p.id == a.id) {
            return Err(bad_request(format!("Unknown question id '{}'", a.id)));
        }
    }
    let mut fixes = Vec::new();
    for p in plans {
        let Some(a) = answers.iter().find(|a| a.id == p.id) else {
            return Err(bad_request(format!("Question {} is not answered", p.id)));
        };
        fixes.push((
            p.sheet,
            p.column,
            fix_for_answer(p, &a.value).map_err(bad_request)?,
        ));
    }
    Ok(fixes)
}

pub(super) async fn message(
    State(shared): State<Arc<Shared>>,
    Path((id, run_id)): Path<(String, String)>,
    body: Bytes,
) -> HResult {
    let map = parse_object(&body)?;
    let req: MessageRequest = parse_as(
        Value::Object(map),
        "message body (expected {\"answers\": [{id, value}]} or {\"answers\": \"text\"})",
    )?;
    let mut w = shared.world();
    let run = find_run(&mut w, &id, &run_id, RunKind::Import)?;
    let RunBody::Import(st) = &mut run.body else {
        return Err(run_not_found());
    };
    let value = match &req.answers {
        MessageAnswers::List(answers) => chosen_option(
            &run.status,
            st.blocked.as_deref().unwrap_or_default(),
            answers,
        )?,
        MessageAnswers::Text(text) => {
            check_correction(&run.status, text)?;
            // A free-form instruction resumes a blocked run; the sandbox's plan cannot read it,
            // so it changes nothing else.
            None
        }
    };
    // A correction while running is recorded; the sandbox's plan has nothing to steer.
    let resumed = run.status == RunStatus::Blocked;
    if resumed {
        if let (Some(v), Some(fill)) = (value, st.block_fill.as_mut()) {
            fill.2 = driver::fill_value_for_answer(&st.blocked, &v);
        }
        st.blocked = None;
        st.phase = ImportPhase::AfterBlock;
        run.status = RunStatus::Running;
        run.progress = Some("Applying your answers".into());
        run.generation += 1;
    }
    let generation = run.generation;
    let created = run.created();
    w.company_stats(&id).messages += 1;
    drop(w);
    if resumed {
        driver::spawn_import(shared.clone(), run_id, generation);
    }
    Ok(json_status(StatusCode::OK, &created))
}

/// Structured answers go to a `blocked` run's questions; the last answer's value is the one that
/// fills the gap the question was about.
fn chosen_option(
    status: &RunStatus,
    questions: &[BlockedQuestion],
    answers: &[Answer],
) -> Result<Option<String>, Response> {
    if *status != RunStatus::Blocked {
        return Err(conflict(
            format!("Run is {status}, not blocked: there is no question to answer"),
            None,
        ));
    }
    if answers.is_empty() {
        return Err(bad_request("answers must not be empty"));
    }
    let mut chosen = None;
    for a in answers {
        let Some(q) = questions.iter().find(|q| q.id == a.id) else {
            return Err(bad_request(format!("Unknown question id '{}'", a.id)));
        };
        let is_option = q.options.iter().any(|o| o.label == a.value);
        if !is_option && !q.allow_custom {
            return Err(bad_request(format!(
                "Answer to {} must be one of the option labels",
                q.id
            )));
        }
        chosen = Some(a.value.clone());
    }
    Ok(chosen)
}

fn check_correction(status: &RunStatus, text: &str) -> Result<(), Response> {
    if text.trim().is_empty() {
        return Err(bad_request("answers must not be empty"));
    }
    if !matches!(status, RunStatus::Running | RunStatus::Blocked) {
        return Err(conflict(
            format!(
                "Run is {status}: free-form corrections are accepted while it is running or blocked"
            ),
            None,
        ));
    }
    Ok(())
}

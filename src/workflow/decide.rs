//! Deciding on a paused run: `accept`, `reject` or answers for a `needs_attention` run (the
//! decisions endpoint), answers or a free-form message for a `blocked` one (the messages
//! endpoint).
//!
//! Answers are checked against the run's questions before anything is sent. A decision is
//! journaled before it is sent (who, what, the patch hash shown) and never blindly retried: when
//! its outcome is unknown (a dropped connection, a 5xx, a 409) the run is read again, and the
//! decision counts as applied once the run has left the state it was sent in.

use crate::api::settle::{ReadBack, Settled, Unsettled};
use crate::api::types::ImportRun;
use crate::api::types::{
    Answer, BlockedQuestion, DecisionRequest, MessageAnswers, MessageRequest, Question,
    QuestionOption, RunStatus,
};
use crate::api::{Client, Reply};
use crate::canonical::patch_hash;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{DecisionKind, DecisionStep, Phase, Point, Step};
use crate::journal::{OpHandle, checkpoint, now};
use crate::model::decision::{Choice, Decided};

fn options_text(options: &[QuestionOption], allow_custom: bool) -> String {
    let mut parts: Vec<String> = options
        .iter()
        .map(|o| format!("{}) {}", o.id, o.label))
        .collect();
    if allow_custom {
        parts.push("or free text".into());
    }
    parts.join(", ")
}

/// Map a typed value to what the API wants: an option's label (given its id or its label, any
/// case), or free text where the question allows it.
fn resolve_value(
    qid: &str,
    value: &str,
    options: &[QuestionOption],
    allow_custom: bool,
) -> Result<String, UserError> {
    let v = value.trim();
    if let Some(o) = options.iter().find(|o| o.id == v) {
        return Ok(o.label.clone());
    }
    if let Some(o) = options.iter().find(|o| o.label.eq_ignore_ascii_case(v)) {
        return Ok(o.label.clone());
    }
    if allow_custom && !v.is_empty() {
        return Ok(v.to_string());
    }
    Err(UserError::input(format!(
        "--answer {qid}={value}: not one of the options, and {qid} does not take free text"
    ))
    .with_hint(format!("choose one of: {}", options_text(options, false))))
}

struct Q<'a> {
    id: &'a str,
    options: &'a [QuestionOption],
    allow_custom: bool,
}

fn resolve(questions: &[Q<'_>], given: &[(String, String)]) -> Result<Vec<Answer>, UserError> {
    let ids: Vec<&str> = questions.iter().map(|q| q.id).collect();
    let mut answers = Vec::new();
    for (qid, value) in given {
        let Some(q) = questions.iter().find(|q| q.id == qid) else {
            return Err(UserError::input(format!(
                "--answer {qid}=…: the run has no question '{qid}'"
            ))
            .with_hint(format!("its questions are: {}", ids.join(", "))));
        };
        if answers.iter().any(|a: &Answer| a.id == *qid) {
            return Err(UserError::input(format!("--answer {qid} is given twice")));
        }
        answers.push(Answer {
            id: qid.clone(),
            value: resolve_value(qid, value, q.options, q.allow_custom)?,
        });
    }
    Ok(answers)
}

pub fn resolve_attention(
    questions: &[Question],
    given: &[(String, String)],
) -> Result<Vec<Answer>, UserError> {
    let qs: Vec<Q<'_>> = questions
        .iter()
        .map(|q| Q {
            id: &q.id,
            options: &q.options,
            allow_custom: q.allow_custom,
        })
        .collect();
    let answers = resolve(&qs, given)?;
    let missing: Vec<&str> = questions
        .iter()
        .filter(|q| !answers.iter().any(|a| a.id == q.id))
        .map(|q| q.id.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(UserError::input(format!(
            "every question needs an answer; unanswered: {}",
            missing.join(", ")
        ))
        .with_hint(format!(
            "add --answer {}=VALUE, or use --accept for the proposed fix",
            missing[0]
        )));
    }
    Ok(answers)
}

pub fn resolve_blocked(
    questions: &[BlockedQuestion],
    given: &[(String, String)],
) -> Result<Vec<Answer>, UserError> {
    let qs: Vec<Q<'_>> = questions
        .iter()
        .map(|q| Q {
            id: &q.id,
            options: &q.options,
            allow_custom: q.allow_custom,
        })
        .collect();
    resolve(&qs, given)
}

/// The request a decision becomes, checked against the run as it is now.
enum Send {
    Decision(DecisionRequest),
    Message(MessageRequest),
}

struct Prepared {
    pub send: Send,
    pub decided: Decided,
    /// A free-form message to a running run leaves no trace to check, so it is sent once.
    pub once: bool,
}

/// Read the run and turn the choice into the request to send; refuses (sending nothing) when the
/// choice does not fit the run or the proposal is not the one reviewed.
async fn prepare(
    client: &Client,
    company: &str,
    run_id: &str,
    choice: &Choice,
    expect_patch: Option<&str>,
) -> anyhow::Result<Prepared> {
    let current = client.get_import(company, run_id).await?;
    let status = current.value.status.clone();
    let mut decided = Decided {
        run_id: run_id.to_string(),
        decision: DecisionKind::Accept,
        answers: Vec::new(),
        message: None,
        patch_hash: None,
        decided_on: status.clone(),
        recovered: false,
    };
    let send = match (&status, choice) {
        (RunStatus::NeedsAttention, Choice::Message(_)) => {
            return Err(UserError::usage(
                "a needs_attention run takes --accept, --reject or --answer, not --message",
            )
            .into());
        }
        (RunStatus::NeedsAttention, _) => attention_decision(
            &current,
            company,
            run_id,
            choice,
            expect_patch,
            &mut decided,
        )?,
        (RunStatus::Blocked, Choice::Accept | Choice::Reject) => {
            return Err(UserError::usage(
                "a blocked run is answered with --answer QID=VALUE or --message TEXT",
            )
            .with_hint(format!(
                "see its questions with: vern poll --company {company} {run_id}"
            ))
            .into());
        }
        (RunStatus::Blocked, Choice::Answers(given)) => {
            if expect_patch.is_some() {
                return Err(UserError::usage(
                    "--expect-patch applies to needs_attention runs; this run is blocked",
                )
                .into());
            }
            let questions = current.value.questions.clone().unwrap_or_default();
            let answers = resolve_blocked(&questions, given)?;
            decided.decision = DecisionKind::Answer;
            decided.answers = answers.clone();
            Send::Message(MessageRequest {
                answers: MessageAnswers::List(answers),
            })
        }
        (RunStatus::Blocked | RunStatus::Running, Choice::Message(text)) => {
            decided.decision = DecisionKind::Message;
            decided.message = Some(text.clone());
            Send::Message(MessageRequest {
                answers: MessageAnswers::Text(text.clone()),
            })
        }
        (other, _) => {
            return Err(UserError::new(
                ExitCode::Conflict,
                format!("run {run_id} is {other}; there is no decision to make"),
            )
            .with_hint(format!(
                "follow it with: vern poll --company {company} {run_id}"
            ))
            .into());
        }
    };
    let once = matches!(choice, Choice::Message(_)) && status == RunStatus::Running;
    Ok(Prepared {
        send,
        decided,
        once,
    })
}

/// The decision for a `needs_attention` run: it is about the proposal shown (and pinned by its
/// hash), so a run that shows none gets no decision, least of all an accept of a patch nobody saw.
fn attention_decision(
    current: &Reply<ImportRun>,
    company: &str,
    run_id: &str,
    choice: &Choice,
    expect_patch: Option<&str>,
    decided: &mut Decided,
) -> anyhow::Result<Send> {
    let Some(raw) = current
        .raw
        .get("needs_attention")
        .filter(|v| v.is_object())
        .cloned()
    else {
        return Err(UserError::input(format!(
            "run {run_id} needs attention, but the API sent no needs_attention block (no questions, no proposed fix); nothing was sent"
        ))
        .with_hint(format!(
            "look at the run again with: vern poll --company {company} {run_id} (or decide in the Vern web app)"
        ))
        .into());
    };
    let proposes_fix = current
        .value
        .needs_attention
        .as_ref()
        .is_some_and(|n| n.proposed_patch.is_some());
    if matches!(choice, Choice::Accept) && !proposes_fix {
        return Err(UserError::input(format!(
            "run {run_id} proposes no fix to accept; nothing was sent"
        ))
        .with_hint(format!(
            "answer its questions with --answer QID=VALUE, or --reject (see them with: vern poll --company {company} {run_id})"
        ))
        .into());
    }
    let hash = patch_hash(&raw);
    if let Some(expected) = expect_patch
        && !expected.eq_ignore_ascii_case(&hash)
    {
        return Err(UserError::new(
                ExitCode::Conflict,
                format!("the proposal changed since it was reviewed: expected patch {expected}, the run now shows {hash}; nothing was sent"),
            )
            .with_hint(format!("review it again with: vern poll --company {company} {run_id}"))
            .into());
    }
    decided.patch_hash = Some(hash);
    let questions = current
        .value
        .needs_attention
        .as_ref()
        .map(|n| n.questions.clone())
        .unwrap_or_default();
    let (kind, answers) = match choice {
        Choice::Answers(given) => (
            DecisionKind::Answer,
            Some(resolve_attention(&questions, given)?),
        ),
        Choice::Reject => (DecisionKind::Reject, None),
        _ => (DecisionKind::Accept, None),
    };
    decided.decision = kind;
    decided.answers = answers.clone().unwrap_or_default();
    Ok(Send::Decision(DecisionRequest {
        decision: kind.as_str().into(),
        answers,
    }))
}

/// Send a prepared decision. When its outcome is unknown the run is read again: if it has left
/// the state the decision was made on, the decision landed; if not, sending it again is informed,
/// not blind.
async fn send(
    client: &Client,
    company: &str,
    run_id: &str,
    prepared: Prepared,
) -> anyhow::Result<Decided> {
    let Prepared {
        send,
        mut decided,
        once,
    } = prepared;
    let decided_on = decided.decided_on.clone();
    let settled = client
        .settle(
            "send decision",
            if once { 0 } else { 6 },
            async || match &send {
                Send::Decision(req) => client.send_decision(company, run_id, req).await.map(drop),
                Send::Message(req) => client.send_message(company, run_id, req).await.map(drop),
            },
            async || {
                let now = client.get_import(company, run_id).await?;
                Ok(if now.value.status != decided_on {
                    ReadBack::Landed(())
                } else {
                    ReadBack::Absent
                })
            },
        )
        .await;
    match settled {
        Ok(Settled::Sent(_)) => Ok(decided),
        Ok(Settled::Recovered(_)) => {
            decided.recovered = true;
            Ok(decided)
        }
        Err(Unsettled::Failed(e)) if e.is_status(409) => Err(UserError::new(
            ExitCode::Conflict,
            format!("the API refused the decision: {e}"),
        )
        .into()),
        Err(Unsettled::Failed(e) | Unsettled::Unknown(e)) => Err(e.into()),
    }
}

/// Decide on a paused run, journaled: who, what, and the patch hash shown are written (marked
/// `sent`) before the request; a decision found `sent` but not `applied` on resume is settled by
/// reading the run.
/// Who decides, for the journal's audit trail.
pub struct Who<'a> {
    /// The CI actor, or user@host.
    pub actor: &'a str,
    /// Why, in their words (`--note`).
    pub note: Option<&'a str>,
}

pub async fn decide(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    run_id: &str,
    choice: &Choice,
    expect_patch: Option<&str>,
    who: &Who<'_>,
) -> anyhow::Result<Decided> {
    reconcile(op, client, company, run_id).await?;
    let prepared = prepare(client, company, run_id, choice, expect_patch).await?;
    let d = &prepared.decided;
    op.op.decisions.push(DecisionStep {
        run_id: run_id.to_string(),
        decision: d.decision,
        answers: d.answers.clone(),
        message: d.message.clone(),
        patch_hash: d.patch_hash.clone(),
        decided_on: Some(d.decided_on.clone()),
        decided_by: Some(who.actor.to_string()),
        note: who.note.map(str::to_string),
        sent: true,
        applied: false,
        at: Some(now()),
    });
    op.step(Step::at(Phase::Review, Point::Key))?;
    let result = send(client, company, run_id, prepared).await;
    checkpoint("decide:response");
    let decided = result?;
    if let Some(last) = op.op.decisions.last_mut() {
        last.applied = true;
    }
    op.step(Step::at(Phase::Review, Point::Done))?;
    Ok(decided)
}

/// A decision written as sent but never confirmed: it landed if the run has left the state (or
/// the proposal) it was made on.
async fn reconcile(
    op: &mut OpHandle,
    client: &Client,
    company: &str,
    run_id: &str,
) -> anyhow::Result<()> {
    let pending = op
        .op
        .decisions
        .iter()
        .position(|d| d.run_id == run_id && d.sent && !d.applied);
    let Some(i) = pending else { return Ok(()) };
    let now_run = client.get_import(company, run_id).await?;
    let d = &op.op.decisions[i];
    let same_state = Some(&now_run.value.status) == d.decided_on.as_ref();
    let same_patch = now_run
        .raw
        .get("needs_attention")
        .filter(|v| v.is_object())
        .map(patch_hash)
        == d.patch_hash;
    let d = &mut op.op.decisions[i];
    if same_state && same_patch {
        // Never arrived: keep it in the record as not applied; the new decision follows.
        d.sent = false;
    } else {
        d.applied = true;
    }
    op.save()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, custom: bool) -> Question {
        Question {
            id: id.into(),
            options: vec![
                QuestionOption {
                    id: "a".into(),
                    label: "Set them all to 'Open'".into(),
                },
                QuestionOption {
                    id: "b".into(),
                    label: "Remove these rows".into(),
                },
            ],
            allow_custom: custom,
            ..Default::default()
        }
    }

    #[test]
    fn values_are_option_ids_labels_or_free_text() {
        let qs = vec![q("fq0", false), q("fq1", true)];
        let a = resolve_attention(
            &qs,
            &[("fq0".into(), "b".into()), ("fq1".into(), "pending".into())],
        )
        .unwrap();
        assert_eq!(a[0].value, "Remove these rows");
        assert_eq!(a[1].value, "pending");
        let a = resolve_attention(
            &qs,
            &[
                ("fq0".into(), "remove these rows".into()),
                ("fq1".into(), "a".into()),
            ],
        )
        .unwrap();
        assert_eq!(a[0].value, "Remove these rows");
        assert_eq!(a[1].value, "Set them all to 'Open'");
    }

    #[test]
    fn bad_answers_are_refused_before_sending() {
        let qs = vec![q("fq0", false), q("fq1", true)];
        let e = resolve_attention(&qs, &[("fq9".into(), "a".into())]).unwrap_err();
        assert!(e.message.contains("no question 'fq9'"), "{}", e.message);
        assert!(e.hint.unwrap().contains("fq0, fq1"));
        let e = resolve_attention(
            &qs,
            &[("fq0".into(), "keep".into()), ("fq1".into(), "a".into())],
        )
        .unwrap_err();
        assert!(
            e.message.contains("does not take free text"),
            "{}",
            e.message
        );
        let e = resolve_attention(&qs, &[("fq0".into(), "a".into())]).unwrap_err();
        assert!(e.message.contains("unanswered: fq1"), "{}", e.message);
        let e = resolve_attention(
            &qs,
            &[("fq0".into(), "a".into()), ("fq0".into(), "b".into())],
        )
        .unwrap_err();
        assert!(e.message.contains("twice"));
    }
}

//! Deciding on a paused run: `accept`, `reject` or answers for a `needs_attention` run (the
//! decisions endpoint), answers or a free-form message for a `blocked` one (the messages
//! endpoint).
//!
//! Answers are checked against the run's questions before anything is sent. A decision is never
//! blindly retried: when its outcome is unknown (a dropped connection, a 5xx, a 409) the run is
//! read again, and the decision counts as applied once the run has left the state it was sent in.

use super::runs::patch_hash;
use crate::api::types::{
    Answer, BlockedQuestion, DecisionRequest, MessageAnswers, MessageRequest, Question,
    QuestionOption, RunStatus,
};
use crate::api::{Client, Error};
use crate::exit::{ExitCode, UserError};
use serde::Serialize;

#[derive(Debug, Clone)]
pub enum Choice {
    Accept,
    Reject,
    /// `QID=VALUE` pairs as typed.
    Answers(Vec<(String, String)>),
    /// A free-form instruction (blocked or running runs).
    Message(String),
}

/// What was sent, for the report and the journal.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub run_id: String,
    /// `accept`, `reject`, `answer` or `message`.
    pub decision: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The hash of the proposal the decision was made on (needs_attention only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_hash: Option<String>,
    /// The status the run was in when the decision was sent.
    pub decided_on: RunStatus,
    /// True when the first answer was lost and a re-read showed the decision had landed.
    pub recovered: bool,
}

/// Parse `QID=VALUE`.
pub fn parse_answer(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((q, v)) if !q.trim().is_empty() => Ok((q.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "'{s}' is not QID=VALUE (e.g. fq0=a or fq1=\"Set them all to 'Open'\")"
        )),
    }
}

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

fn conflict(msg: String) -> anyhow::Error {
    UserError::new(ExitCode::Conflict, msg).into()
}

/// The request a decision becomes, checked against the run as it is now.
pub enum Send {
    Decision(DecisionRequest),
    Message(MessageRequest),
}

pub struct Prepared {
    pub send: Send,
    pub decided: Decided,
    /// A free-form message to a running run leaves no trace to check, so it is sent once.
    pub once: bool,
}

/// Send a decision for a paused run; `expect_patch` pins the reviewed proposal.
pub async fn decide(
    client: &Client,
    company: &str,
    run_id: &str,
    choice: &Choice,
    expect_patch: Option<&str>,
) -> anyhow::Result<Decided> {
    let prepared = prepare(client, company, run_id, choice, expect_patch).await?;
    send(client, company, run_id, prepared).await
}

/// Read the run and turn the choice into the request to send; refuses (sending nothing) when the
/// choice does not fit the run or the proposal is not the one reviewed.
pub async fn prepare(
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
        decision: String::new(),
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
        (RunStatus::NeedsAttention, _) => {
            let raw = current
                .raw
                .get("needs_attention")
                .cloned()
                .unwrap_or_default();
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
            let req = match choice {
                Choice::Accept => DecisionRequest {
                    decision: "accept".into(),
                    answers: None,
                },
                Choice::Reject => DecisionRequest {
                    decision: "reject".into(),
                    answers: None,
                },
                Choice::Answers(given) => {
                    let answers = resolve_attention(&questions, given)?;
                    decided.answers = answers.clone();
                    DecisionRequest {
                        decision: "answer".into(),
                        answers: Some(answers),
                    }
                }
                Choice::Message(_) => unreachable!("handled above"),
            };
            decided.decision = req.decision.clone();
            Send::Decision(req)
        }
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
            decided.decision = "answer".into();
            decided.answers = answers.clone();
            Send::Message(MessageRequest {
                answers: MessageAnswers::List(answers),
            })
        }
        (RunStatus::Blocked | RunStatus::Running, Choice::Message(text)) => {
            decided.decision = "message".into();
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

/// Send a prepared decision. When its outcome is unknown the run is read again: if it has left
/// the state the decision was made on, the decision landed; if not, sending it again is informed,
/// not blind.
pub async fn send(
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
    let status = decided.decided_on.clone();
    let informed_retries = if once { 0 } else { 6 };
    let mut pauses = client.policy().failures();
    let mut tries = 0;
    loop {
        tries += 1;
        let result = match &send {
            Send::Decision(req) => client.decide(company, run_id, req).await,
            Send::Message(req) => client.message(company, run_id, req).await,
        };
        let err = match result {
            Ok(_) => return Ok(decided),
            Err(e) => e,
        };
        let unknown_outcome =
            matches!(err, Error::Transport { .. } | Error::InvalidResponse { .. })
                || err.status().is_some_and(|s| s >= 500 || s == 409);
        if !unknown_outcome {
            return Err(err.into());
        }
        // Read the run again: if it has left the state the decision was sent in, it landed.
        let now = client.get_import(company, run_id).await?;
        if now.value.status != status {
            decided.recovered = true;
            return Ok(decided);
        }
        if err.is_status(409) || tries > informed_retries {
            return Err(match err.is_status(409) {
                true => conflict(format!("the API refused the decision: {err}")),
                false => err.into(),
            });
        }
        // Still in the same state: the decision did not land, so sending it again is informed,
        // not blind.
        if let Some(d) = pauses.next() {
            client
                .observer()
                .retry("send decision", tries, d, &err.to_string());
            tokio::time::sleep(d).await;
        }
    }
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

    #[test]
    fn answer_flags_parse() {
        assert_eq!(parse_answer("fq0=a").unwrap(), ("fq0".into(), "a".into()));
        assert_eq!(
            parse_answer("fq1=x=y").unwrap(),
            ("fq1".into(), "x=y".into())
        );
        assert!(parse_answer("fq0").is_err());
        assert!(parse_answer("=a").is_err());
    }
}

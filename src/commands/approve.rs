//! `vern approve`: decide on a run that needs attention (accept the proposed fix, answer the
//! questions, or reject), or answer a blocked run; then wait for the run to go on.

use super::{Report, emit, uuid_arg};
use crate::api::wait::Waited;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::Begin;
use crate::journal::record::{OpKind, OpStatus};
use crate::ui::review;
use crate::workflow::decide::{Choice, Decided, parse_answer};
use crate::workflow::runs::ImportView;
use crate::workflow::steps;
use serde::Serialize;
use serde_json::json;
use std::fmt;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Send a decision for an import run that needs attention: --accept applies the \
proposed fix as shown, --answer QID=VALUE answers each question (VALUE: an option id, an option \
label, or free text where the question allows it), --reject keeps the flagged rows out. A blocked \
run takes --answer or a free-form --message. --expect-patch HASH refuses, sending nothing, when \
the proposal is no longer the one reviewed (HASH is the patch hash `vern poll` shows). Then waits \
for the run unless --no-wait.",
    after_help = "Examples:
  vern approve --company $COMPANY $RUN --accept --expect-patch 1f2e3d4c5b6a7988
  vern approve --company $COMPANY $RUN --answer fq0=a --answer fq1=Pending
  vern approve --company $COMPANY $RUN --reject
  vern approve --company $COMPANY $RUN --answer q1=\"Fill them with 'Open'\""
)]
#[command(group(clap::ArgGroup::new("decision").args(["accept", "reject", "answers", "message"])))]
pub struct ApproveArgs {
    /// Company id
    #[arg(long, value_name = "UUID", value_parser = uuid_arg)]
    pub company: String,
    /// Run id
    #[arg(value_name = "RUN_ID", value_parser = uuid_arg)]
    pub run_id: String,
    /// Apply the proposed fix as shown
    #[arg(long)]
    pub accept: bool,
    /// Decline any fix; flagged rows stay flagged and out of the valid export
    #[arg(long)]
    pub reject: bool,
    /// Answer a question (repeatable): QID=VALUE
    #[arg(long = "answer", value_name = "QID=VALUE", value_parser = parse_answer)]
    pub answers: Vec<(String, String)>,
    /// A free-form instruction for a blocked (or running) run
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Refuse unless the proposal's patch hash is still HASH
    #[arg(long, value_name = "HASH")]
    pub expect_patch: Option<String>,
    /// Return once the decision is sent instead of waiting for the run
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Serialize)]
struct Approved {
    decision: Decided,
    run: ImportView,
}

impl fmt::Display for Approved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.decision;
        let what = match d.decision.as_str() {
            "answer" => format!(
                "answers {}",
                d.answers
                    .iter()
                    .map(|a| format!("{}={:?}", a.id, a.value))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "message" => format!("message {:?}", d.message.as_deref().unwrap_or("")),
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

impl Report for Approved {
    fn exit_code(&self) -> ExitCode {
        self.run.exit_code()
    }
}

pub fn choice(args: &ApproveArgs) -> Option<Choice> {
    if args.accept {
        Some(Choice::Accept)
    } else if args.reject {
        Some(Choice::Reject)
    } else if !args.answers.is_empty() {
        Some(Choice::Answers(args.answers.clone()))
    } else {
        args.message.clone().map(Choice::Message)
    }
}

pub async fn run(ctx: &Context, args: ApproveArgs) -> anyhow::Result<ExitCode> {
    let client = ctx.client()?;
    let (choice, expect_patch) = match choice(&args) {
        Some(c) => (c, args.expect_patch.clone()),
        None if ctx.ui.interactive() => {
            let r = client.get_import(&args.company, &args.run_id).await?;
            let view = ImportView::new(&args.company, &args.run_id, &r, false);
            if !view.status.awaits_decision() {
                return Err(UserError::new(
                    ExitCode::Conflict,
                    format!(
                        "run {} is {}; there is no decision to make",
                        args.run_id, view.status
                    ),
                )
                .into());
            }
            let ui = ctx.ui.clone();
            let shown = view.clone();
            match tokio::task::spawn_blocking(move || review::review(&ui, &shown)).await?? {
                Some(r) => (r.choice, r.patch_hash),
                None => {
                    let mut view = view;
                    view.notes
                        .push("nothing was sent; the run still waits for a decision".into());
                    return Ok(emit(&ctx.ui, &view));
                }
            }
        }
        None => {
            return Err(UserError::usage(
                "approve needs a decision: pass --accept, --reject, --answer QID=VALUE or --message TEXT",
            )
            .with_hint(format!(
                "see the questions and the proposed fix with: vern poll --company {} {} (or run approve on a terminal to review them)",
                args.company, args.run_id
            ))
            .into());
        }
    };
    let journal = ctx.journal();
    // The decision belongs to the operation that started the run, when this journal has it.
    let mut op = match journal.find_by_import_run(&args.run_id)? {
        Some(owner) => journal.open(&owner.id)?,
        None => journal.begin(Begin {
            kind: OpKind::Approve,
            key_material: json!({
                "kind": "approve",
                "api": ctx.api_url,
                "company": args.company,
                "run": args.run_id,
                "at": crate::journal::now(),
            }),
            argv: ctx.argv(),
            api_url: ctx.api_url.clone(),
            sandbox: ctx.is_sandbox(),
            company: Some(args.company.clone()),
            options: json!({}),
            new: false,
        })?,
    };
    let owns_run =
        op.op.import.as_ref().and_then(|i| i.run_id.as_deref()) == Some(args.run_id.as_str());
    let result: anyhow::Result<(Decided, ImportView)> = async {
        let decided = steps::decide(
            &mut op,
            &client,
            &args.company,
            &args.run_id,
            &choice,
            expect_patch.as_deref(),
        )
        .await?;
        let view = if args.no_wait {
            let r = client.get_import(&args.company, &args.run_id).await?;
            ImportView::new(&args.company, &args.run_id, &r, false)
        } else if owns_run {
            steps::wait_import(&mut op, &client, &args.company, ctx.deadline).await?
        } else {
            match client
                .wait_import(&args.company, &args.run_id, ctx.deadline)
                .await?
            {
                Waited::Settled(r) => ImportView::new(&args.company, &args.run_id, &r, false),
                Waited::TimedOut(r) => ImportView::new(&args.company, &args.run_id, &r, true),
            }
        };
        Ok((decided, view))
    }
    .await;
    let (decision, run) = match result {
        Ok(x) => x,
        Err(e) => {
            // A refused decision leaves the owning operation as it was.
            if !owns_run {
                op.fail(OpStatus::Failed, &e)?;
            }
            return Err(e);
        }
    };
    match op.op.kind {
        OpKind::Approve => op.end(OpStatus::Completed, run.exit_code())?,
        // An import operation ends with its run; a migrate goes on when resumed.
        OpKind::Import => op.end(super::import::op_status(&run), run.exit_code())?,
        _ => {
            op.op.status = OpStatus::Paused;
            op.save()?;
        }
    }
    let code = emit(&ctx.ui, &Approved { decision, run });
    op.reported()?;
    Ok(code)
}

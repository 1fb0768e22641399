//! `vern approve`: decide on a run that needs attention (accept the proposed fix, answer the
//! questions, or reject), or answer a blocked run; then wait for the run to go on.

use super::{Journaled, uuid_arg};
use crate::api::wait::Waited;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::journal::record::{OpKind, OpStatus};
use crate::journal::{Identity, OpHandle};
use crate::model::Report;
use crate::model::decision::{Approved, Choice, Review};
use crate::model::import::ImportView;
use crate::workflow::{decide, import};

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
  vern approve --company $COMPANY $RUN --reject --note \"the customer fixes these at the source\"
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
    /// Why: recorded with the decision in the journal (`vern runs show` prints it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
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
    let (company, run_id) = (&args.company, &args.run_id);
    let (choice, expect_patch) = match choice(&args) {
        Some(c) => (c, args.expect_patch.clone()),
        None => match review_on_terminal(ctx, &args).await? {
            Ok(reviewed) => reviewed,
            Err(nothing_sent) => return Ok(ctx.ui.emit(&nothing_sent)),
        },
    };
    let mut op = decision_operation(ctx, &args)?;
    let owns_run = op.op.import.as_ref().and_then(|i| i.run_id.as_deref()) == Some(run_id);
    let result = async {
        let who = decide::Who {
            actor: &ctx.settings.actor,
            note: args.note.as_deref(),
        };
        let expect = expect_patch.as_deref();
        let decision =
            decide::decide(&mut op, &client, company, run_id, &choice, expect, &who).await?;
        let run = if args.no_wait {
            let r = client.get_import(company, run_id).await?;
            ImportView::new(company, run_id, &r, false)
        } else if owns_run {
            import::wait(&mut op, &client, company, ctx.deadline).await?
        } else {
            match client.wait_import(company, run_id, ctx.deadline).await? {
                Waited::Settled(r) => ImportView::new(company, run_id, &r, false),
                Waited::TimedOut(r) => ImportView::new(company, run_id, &r, true),
            }
        };
        // An approve operation ends here; an import ends with its run; a migrate goes on when
        // resumed.
        let op_status = match op.op.kind {
            OpKind::Approve => OpStatus::Completed,
            OpKind::Import => run.op_status(),
            _ => OpStatus::Paused,
        };
        Ok(Approved {
            decision,
            run,
            op_status,
        })
    }
    .await;
    // A refused decision leaves the operation that owns the run as it was.
    ctx.conclude(&mut op, result, (!owns_run).then_some(OpStatus::Failed))
}

/// The decision belongs to the operation that started the run, when this journal has it;
/// otherwise it is an operation of its own.
fn decision_operation(ctx: &Context, args: &ApproveArgs) -> anyhow::Result<OpHandle> {
    let journal = ctx.journal();
    match journal.find_by_import_run(&args.run_id)? {
        Some(owner) => Ok(journal.open(&owner.id)?),
        None => ctx
            .begin(Journaled::new(OpKind::Approve, Identity::Unique).company(Some(&args.company))),
    }
}

/// No decision on the command line: review the run on a terminal, or say which flag to pass.
/// `Err(view)`: the person decided to send nothing now.
async fn review_on_terminal(
    ctx: &Context,
    args: &ApproveArgs,
) -> anyhow::Result<Result<(Choice, Option<String>), ImportView>> {
    if !ctx.ui.interactive() {
        return Err(UserError::usage(
            "approve needs a decision: pass --accept, --reject, --answer QID=VALUE or --message TEXT",
        )
        .with_hint(format!(
            "see the questions and the proposed fix with: vern poll --company {} {} (or run approve on a terminal to review them)",
            args.company, args.run_id
        ))
        .into());
    }
    let r = ctx
        .client()?
        .get_import(&args.company, &args.run_id)
        .await?;
    let mut view = ImportView::new(&args.company, &args.run_id, &r, false);
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
    let (ui, shown) = (ctx.ui.clone(), view.clone());
    match tokio::task::spawn_blocking(move || crate::ui::review::review(&ui, &shown)).await?? {
        Review::Decided(r) => Ok(Ok((r.choice, r.patch_hash))),
        Review::Later => {
            view.notes
                .push("nothing was sent; the run still waits for a decision".into());
            Ok(Err(view))
        }
    }
}

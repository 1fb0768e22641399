//! `vern jobs update`: change some fields of a job; the rest stay. A new schedule or zone
//! restarts the schedule from now (it fires at its next match, not for times before).

use super::{DeliveryFlags, Now, check_sheets, invalid_flag, store};
use crate::context::Context;
use crate::exit::ExitCode;
use crate::jobs::changes;
use crate::jobs::object::JobObject;
use crate::jobs::record::stamp;
use crate::model::job::JobView;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Change some fields of a job: the flags given replace the job's values, the \
others stay (--sheet replaces the list; --all-sheets empties it). A new --schedule or --tz \
restarts the schedule from now: the job fires at its next match, never for times before the \
change. Errors show where a cron expression or a time zone is wrong, and nothing is changed.",
    after_help = "Examples:
  vern jobs update nightly --schedule '0 3 * * *'
  vern jobs update nightly --to s3://acme-drop/v2 --format csv --gzip=false
  vern jobs update nightly --rename nightly-contacts --description 'Contacts for the CRM'
  vern jobs update nightly --catch-up all --deadline 72h --json"
)]
pub struct UpdateArgs {
    /// The job's id or name
    pub job: String,
    /// A new name
    #[arg(long, value_name = "NAME")]
    pub rename: Option<String>,
    /// A new company id
    #[arg(long, value_name = "UUID")]
    pub company: Option<String>,
    /// A new destination
    #[arg(long, value_name = "DEST")]
    pub to: Option<String>,
    /// A new schedule (restarts it from now)
    #[arg(long, value_name = "CRON")]
    pub schedule: Option<String>,
    /// A new time zone (restarts the schedule from now)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// A new description ('' removes it)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Deliver every sheet vern knows (empties --sheet)
    #[arg(long, conflicts_with = "sheets")]
    pub all_sheets: bool,
    #[command(flatten)]
    pub delivery: DeliveryFlags,
    #[command(flatten)]
    pub now: Now,
}

pub async fn run(ctx: &Context, args: UpdateArgs) -> anyhow::Result<ExitCode> {
    let store = store(ctx);
    let job = store.get(&args.job)?;
    let mut d = job.definition.clone();
    if let Some(n) = &args.rename {
        d.name = n.clone();
    }
    if let Some(c) = &args.company {
        d.company_id = c.clone();
    }
    if let Some(t) = &args.to {
        d.destination_config.url = t.clone();
    }
    if let Some(s) = &args.schedule {
        d.schedule = s.clone();
    }
    if let Some(z) = &args.tz {
        d.timezone = z.clone();
    }
    if let Some(text) = &args.description {
        d.description = Some(text.clone()).filter(|t| !t.is_empty());
    }
    if args.all_sheets {
        d.sheets.clear();
    }
    args.delivery.apply_to(&mut d);
    let d = d.check().map_err(invalid_flag)?;
    check_sheets(ctx, &d, true)?;
    let now = args.now.clock(ctx).now();
    let unchanged = d == job.definition;
    let (job, missed) = store.modify(&job.id, |j| Ok(changes::redefine(j, d, now)))?;
    store.record(&job.id, missed)?;
    Ok(ctx.ui.emit(&JobView {
        action: if unchanged { "unchanged" } else { "updated" },
        next_fire_times: job.next_run(now).map(stamp).into_iter().collect(),
        job: JobObject::new(&job, now),
        runs: None,
    }))
}

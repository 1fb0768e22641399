//! `vern jobs create`: save a job — a delivery (`vern deliver`'s flags) on a cron schedule in a
//! time zone — checked whole before it is stored; prints its id and next fire time.

use super::{DeliveryFlags, Now, check_sheets, invalid_flag, store};
use crate::context::Context;
use crate::deliver::dest::IfExists;
use crate::deliver::format::Format;
use crate::deliver::names;
use crate::exit::ExitCode;
use crate::jobs::object::JobObject;
use crate::jobs::record::{CatchUp, Definition, DestinationConfig, stamp};
use crate::model::job::JobView;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Save a delivery job: the company's validated rows delivered to DEST (as `vern \
deliver` would) whenever the cron schedule fires, in the job's time zone (never the machine's). \
The job is active unless --paused; run it with `vern jobs run-due` from cron, CI or Kubernetes \
(`vern jobs schedule --print …` writes the wrapper), or with `vern jobs serve`.

--schedule takes 5 fields (minute hour day-of-month month day-of-week; names JAN-DEC and SUN-SAT \
in their fields; when both day fields are restricted, either matches) or @hourly, @daily, \
@weekly, @monthly. Across DST a fixed time inside the spring-forward gap runs at the first valid \
time after it, and one in the repeated fall-back hour runs once, at its first occurrence; \
schedules whose minute or hour field starts with * skip the missing hour and run in both \
repeated ones. File names default to {sheet}-{date}T{time}.{ext} with the fire time in UTC, so \
runs never collide.

Fire times missed while nothing ran the job (a machine off, a dropped CI schedule): \
--catch-up latest runs the newest once, all runs each in order, none runs none; fire times older \
than --deadline are recorded as missed, not run. A fire time run within 15 minutes is trigger \
`schedule`, a later one `catch-up`.",
    after_help = "Examples:
  vern jobs create nightly --company $COMPANY --to s3://acme-drop/contacts --format jsonl --gzip \\
      --schedule '30 2 * * *' --tz Europe/Berlin
  vern jobs create hourly-delta --company $COMPANY --to ./out --mode delta --schedule @hourly
  vern jobs create weekdays --company $COMPANY --to az://drop/vern --sheet Contacts \\
      --schedule '0 7 * * MON-FRI' --tz America/New_York --catch-up none --paused --json"
)]
pub struct CreateArgs {
    /// The job's name (letters, digits, '-', '_', '.'); unique
    pub job: String,
    /// Company id
    #[arg(long, value_name = "UUID")]
    pub company: String,
    /// Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX
    #[arg(long, value_name = "DEST")]
    pub to: String,
    /// When: 5-field cron (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly
    #[arg(long, value_name = "CRON")]
    pub schedule: String,
    /// The schedule's IANA time zone (Europe/Berlin, America/New_York) [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// What the job is for
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Save it paused (resume with `vern jobs resume`)
    #[arg(long)]
    pub paused: bool,
    #[command(flatten)]
    pub delivery: DeliveryFlags,
    #[command(flatten)]
    pub now: Now,
}

pub async fn run(ctx: &Context, args: CreateArgs) -> anyhow::Result<ExitCode> {
    let mut d = Definition {
        name: args.job.clone(),
        description: args.description.clone(),
        company_id: args.company.clone(),
        destination_config: DestinationConfig {
            url: args.to.clone(),
            if_exists: IfExists::Fail,
            manifest: true,
        },
        format: Format::Csv,
        sheets: Vec::new(),
        filter: "valid".into(),
        mode: "snapshot".into(),
        keys: Vec::new(),
        schedule: args.schedule.clone(),
        timezone: args.tz.clone().unwrap_or_else(|| "UTC".into()),
        compress: false,
        filename_template: names::JOB_DEFAULT.into(),
        max_rows: None,
        catch_up: CatchUp::Latest,
        deadline: "24h".into(),
        allow_failures: false,
        active: !args.paused,
    };
    args.delivery.apply_to(&mut d);
    let d = d.check().map_err(invalid_flag)?;
    check_sheets(ctx, &d, true)?;
    let clock = args.now.clock(ctx);
    let now = clock.now();
    let job = store(ctx).create(d, now)?;
    let next = job.next_run(now).map(stamp).into_iter().collect();
    Ok(ctx.ui.emit(&JobView {
        action: "created",
        job: JobObject::new(&job, now),
        next_fire_times: next,
        runs: None,
    }))
}

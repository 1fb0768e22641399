//! `vern jobs schedule --print PLATFORM`: a ready-to-use wrapper that calls `vern jobs run-due`
//! for the job from crontab, GitHub Actions, Kubernetes or systemd (see `jobs::wrappers` for why
//! each polls or follows the job's own schedule). Printed, or written into `--out DIR`.

use super::store;
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::jobs::wrappers::{self, Platform, Wrapped};
use crate::model::job::{Wrapper, WrapperFile};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Print a ready-to-use wrapper that runs the job on another scheduler by calling \
`vern jobs run-due --job NAME`; vern decides what is due (in the job's zone, across DST) and runs \
each fire time once, so the wrapper only has to call it often enough.

crontab, systemd and kubernetes poll every 5 minutes (every minute for a job that fires more \
often): their own DST handling differs from the job's, and polling makes it irrelevant. \
github-actions follows the job's schedule and zone (runs cost minutes); a late or dropped \
schedule is caught up by the next within the job's deadline. The wrappers name the environment \
a run needs (VERN_API_KEY, the destination's credentials) and keep the state directory: an \
absolute --state-dir (crontab, systemd), a PersistentVolumeClaim (kubernetes), the Actions \
cache (github-actions).",
    after_help = "Examples:
  vern jobs schedule nightly --print crontab >> mycron && crontab mycron
  vern jobs schedule nightly --print systemd --out /etc/systemd/system
  vern jobs schedule nightly --print kubernetes --image ghcr.io/acme/vern:0.1.0 | kubectl apply -f -
  vern jobs schedule nightly --print github-actions > .github/workflows/vern-nightly.yml"
)]
pub struct ScheduleArgs {
    /// The job's id or name
    pub job: String,
    /// crontab, github-actions, kubernetes or systemd
    #[arg(long, value_enum, value_name = "PLATFORM")]
    pub print: Platform,
    /// The vern binary the wrapper runs (crontab, systemd) [default: this one]
    #[arg(long, value_name = "PATH")]
    pub vern: Option<PathBuf>,
    /// The container image (kubernetes)
    #[arg(long, value_name = "IMAGE", default_value = concat!("ghcr.io/vern-so/vern:", env!("CARGO_PKG_VERSION")))]
    pub image: String,
    /// Write the file(s) into this directory instead of printing them
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: ScheduleArgs) -> anyhow::Result<ExitCode> {
    let job = store(ctx).get(&args.job)?;
    let schedule = job.definition.schedule()?;
    let vern = match &args.vern {
        Some(p) => std::path::absolute(p)?,
        None => std::env::current_exe()?,
    };
    let state_dir = std::path::absolute(&ctx.settings.args.state_dir)?;
    let files = wrappers::render(
        args.print,
        &Wrapped {
            name: job.name(),
            schedule: &schedule,
            timezone: &job.definition.timezone,
            destination_type: job.definition.destination_type(),
            vern: &vern.display().to_string(),
            state_dir: &state_dir.display().to_string(),
            image: &args.image,
        },
    );
    let mut out = Vec::new();
    for f in files {
        let path = match &args.out {
            Some(dir) => {
                let p = dir.join(&f.name);
                let pending = crate::output::create(&p)?;
                (&mut pending.file())
                    .write_all(f.content.as_bytes())
                    .map_err(|e| UserError::input(format!("cannot write {}: {e}", p.display())))?;
                pending.commit()?;
                Some(p.display().to_string())
            }
            None => None,
        };
        out.push(WrapperFile {
            name: f.name,
            path,
            content: f.content,
        });
    }
    let platform = match args.print {
        Platform::Crontab => "crontab",
        Platform::GithubActions => "github-actions",
        Platform::Kubernetes => "kubernetes",
        Platform::Systemd => "systemd",
    };
    Ok(ctx.ui.emit(&Wrapper {
        job: job.definition.name.clone(),
        platform,
        files: out,
    }))
}

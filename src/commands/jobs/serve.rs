//! `vern jobs serve`: a foreground scheduler. It sleeps until the earliest fire time of the
//! active jobs (one timer — woken early only by a change made through its HTTP API, by another
//! process's change to the store, noticed by the store's modification time every few seconds, or
//! by a run ending), evaluates the jobs that are due exactly as `run-due` does, side by side, and
//! logs one line per run. SIGTERM or Ctrl-C stops it: a run in progress is journaled as
//! interrupted and stays the job's pending run, which the next `serve` or `run-due` continues
//! (same run id, no second copy); the exit code is 0. With `--listen` it also serves the HTTP API.

use super::evaluate::{Overrides, evaluate};
use super::run_due::Quiet;
use super::{Now, store};
use crate::context::Context;
use crate::exit::{ExitCode, UserError};
use crate::jobs::http::{self, Api};
use crate::jobs::record::stamp;
use crate::jobs::run::RunView;
use crate::journal::record::OpStatus;
use crate::model::job::{JobDue, ServeBanner};
use crate::ui::render::job::{due_lines, run_line};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How often the store's modification time is looked at (changes by other processes).
const RECHECK: Duration = Duration::from_secs(5);
/// How long a job that could not be evaluated (another process runs it) is left alone.
const DEFER: Duration = Duration::from_secs(30);

#[derive(Debug, clap::Args)]
#[command(
    long_about = "A foreground scheduler for a container or a terminal: it sleeps until the next \
fire time of the active jobs (no polling), runs what is due exactly as `vern jobs run-due` \
would — each (job, fire time) once, catch-up and deadline per job, a lock per job shared with \
any run-due — and logs one line per run on stderr. Jobs created, changed or paused meanwhile (by \
the CLI or the HTTP API) are picked up.

SIGTERM or Ctrl-C stops it with exit 0: a delivery in progress is journaled as interrupted and \
continued by the next serve or run-due, without a second copy of any file.

--listen ADDR also serves the HTTP API (delivery.md §2.4) over the same store: GET|POST \
/export-jobs, GET|PUT|DELETE /export-jobs/:id, POST /export-jobs/:id/pause and /resume, GET and \
POST /export-jobs/:id/runs. Every request needs `Authorization: Bearer TOKEN`: VERN_JOBS_TOKEN, \
or a token it makes and prints at start. ADDR is a port (loopback), or HOST:PORT; it listens on \
a non-loopback address only when one is named, and warns (plain HTTP).",
    after_help = "Examples:
  vern jobs serve
  vern jobs serve --listen 8080
  VERN_JOBS_TOKEN=$(openssl rand -hex 24) vern jobs serve --listen 127.0.0.1:8080
  curl -H \"Authorization: Bearer $VERN_JOBS_TOKEN\" http://127.0.0.1:8080/export-jobs"
)]
pub struct ServeArgs {
    /// Also serve the HTTP API here: PORT (loopback) or HOST:PORT
    #[arg(long, value_name = "ADDR", value_parser = listen_arg)]
    pub listen: Option<SocketAddr>,
    #[command(flatten)]
    pub now: Now,
}

/// `8080`, `:8080` → 127.0.0.1:8080; `localhost:8080`; `HOST:PORT`; `[::1]:8080`.
fn listen_arg(s: &str) -> Result<SocketAddr, String> {
    let s = s.trim();
    let port = |p: &str| {
        p.parse::<u16>()
            .map_err(|_| format!("'{s}': expected PORT or HOST:PORT"))
    };
    if let Some(p) = s.strip_prefix(':').or(Some(s).filter(|s| !s.contains(':'))) {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port(p)?)));
    }
    if let Some(p) = s.strip_prefix("localhost:") {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port(p)?)));
    }
    s.parse::<SocketAddr>()
        .map_err(|_| format!("'{s}': expected PORT or HOST:PORT with an IP address"))
}

type Evaluation<'a> = Pin<Box<dyn Future<Output = JobDue> + 'a>>;

pub async fn run(ctx: &Context, args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Before anything is printed: a SIGTERM right after the banner must find the handler.
    let signals = Signals::new()?;
    let clock = args.now.clock(ctx);
    let store = store(ctx);
    let changed = Arc::new(Notify::new());
    let (api_task, listen, token) = match args.listen {
        Some(addr) => {
            let (task, url, token) = start_api(ctx, addr, clock, changed.clone()).await?;
            (Some(task), Some(url), token)
        }
        None => (None, None, None),
    };
    let mut jobs = store.list()?;
    ctx.ui.banner(&ServeBanner {
        listen,
        token_from_env: args.listen.is_some() && token.is_none(),
        token,
        jobs: jobs.len(),
        next_run_at: jobs
            .iter()
            .filter_map(|j| j.next_run(clock.now()))
            .min()
            .map(stamp),
        clock: if clock.is_simulated() {
            "simulated"
        } else {
            "real"
        },
    });
    let progress = Quiet(ctx.ui.clone());
    let ui = ctx.ui.clone();
    let log = move |job: &str, run: &RunView| ui.always(format!("job {job}: {}", run_line(run)));
    let mut running: FuturesUnordered<Evaluation<'_>> = FuturesUnordered::new();
    let mut busy: HashSet<String> = HashSet::new();
    let mut deferred: HashMap<String, Instant> = HashMap::new();
    let mut generation = store.generation();
    let stop = signals.stopped();
    tokio::pin!(stop);
    loop {
        let now = clock.now();
        deferred.retain(|_, until| *until > Instant::now());
        for job in &jobs {
            let free = !busy.contains(&job.id) && !deferred.contains_key(&job.id);
            if free && job.due_at().is_some_and(|t| t <= now) {
                busy.insert(job.id.clone());
                let (id, store, progress, log) = (job.id.clone(), &store, &progress, &log);
                running.push(Box::pin(async move {
                    evaluate(ctx, store, &id, now, Overrides::default(), progress, log).await
                }));
            }
        }
        let wake = jobs
            .iter()
            .filter(|j| !busy.contains(&j.id) && !deferred.contains_key(&j.id))
            .filter_map(|j| j.due_at())
            .min();
        let undefer = deferred.values().min().copied();
        let mut reload = true;
        tokio::select! {
            _ = until(&clock, wake) => {}
            _ = until_instant(undefer) => {}
            Some(due) = running.next(), if !running.is_empty() => {
                busy.remove(&due.id);
                if matches!(due.outcome, "skipped" | "error") {
                    ctx.ui.always(due_lines(&due).join("\n"));
                    deferred.insert(due.id.clone(), Instant::now() + DEFER);
                }
            }
            _ = changed.notified() => {}
            _ = tokio::time::sleep(RECHECK) => reload = store.generation() != generation,
            _ = &mut stop => break,
        }
        if reload {
            generation = store.generation();
            match store.list() {
                Ok(j) => jobs = j,
                Err(e) => ctx.ui.warn(format!("cannot read the jobs: {e:#}")),
            }
        }
    }
    // Journal the runs in progress as interrupted before their futures are dropped mid-write.
    let (ids, failed) = crate::journal::stop_active(OpStatus::Interrupted, ExitCode::Interrupted);
    drop(running);
    for f in failed {
        ctx.ui
            .warn(format!("could not record the stop in the journal: {f}"));
    }
    if let Some(t) = api_task {
        t.abort();
    }
    let note = match ids.len() {
        0 => "stopped; no run was in progress".to_string(),
        n => format!(
            "stopped; {n} run(s) in progress journaled as interrupted ({}): the next serve or run-due continues them",
            ids.join(", ")
        ),
    };
    ctx.ui.always(note);
    Ok(ExitCode::Success)
}

/// Bind the HTTP API and start it; its base URL and the token it made (none: VERN_JOBS_TOKEN).
async fn start_api(
    ctx: &Context,
    addr: SocketAddr,
    clock: crate::jobs::clock::Clock,
    changed: Arc<Notify>,
) -> anyhow::Result<(tokio::task::JoinHandle<()>, String, Option<String>)> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        UserError::input(format!("cannot listen on {addr}: {e}"))
            .with_hint("choose another port with --listen")
    })?;
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        ctx.ui.warn(format!(
            "the jobs API listens on {local}, beyond this machine, over plain HTTP: anyone on the path can read the token; put it behind TLS"
        ));
    }
    let made = match &ctx.settings.jobs_token {
        Some(_) => None,
        None => Some(format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        )),
    };
    let api = Arc::new(Api {
        store: store(ctx),
        journal_dir: ctx.settings.args.state_dir.clone(),
        token: made
            .clone()
            .or(ctx.settings.jobs_token.clone())
            .unwrap_or_default(),
        clock,
        changed,
    });
    let task = tokio::spawn(http::serve(listener, api));
    Ok((task, format!("http://{local}"), made))
}

async fn until(clock: &crate::jobs::clock::Clock, t: Option<jiff::Timestamp>) {
    match t {
        Some(t) => clock.sleep_until(t).await,
        None => std::future::pending().await,
    }
}

async fn until_instant(t: Option<Instant>) {
    match t {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

/// SIGTERM and Ctrl-C, listened for from the moment this is made.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }

    /// The first SIGTERM or Ctrl-C; a second one exits at once (130).
    async fn stopped(mut self) {
        self.next().await;
        tokio::spawn(async move {
            self.next().await;
            std::process::exit(ExitCode::Interrupted.code());
        });
    }
}

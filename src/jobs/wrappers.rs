//! `vern jobs schedule --print …`: ready-to-use wrappers that call `vern jobs run-due` on a
//! platform's scheduler. vern, not the platform, decides which fire times are due (in the job's
//! zone, with vern's DST policy) and runs each once, so:
//!
//! - **crontab**, **systemd** and **Kubernetes** poll: every five minutes (every minute for a job
//!   that fires more often). Their own zone and DST handling differ (Debian's cron has no
//!   `CRON_TZ`; systemd and Kubernetes' cron skip a time in the spring-forward gap), and polling
//!   makes them irrelevant. The Kubernetes CronJob sets `startingDeadlineSeconds` below the poll
//!   interval, so a controller that was down never locks the CronJob after 100 missed starts.
//! - **GitHub Actions** runs cost minutes and its schedules are late or dropped under load, so it
//!   uses the job's own schedule and zone (`timezone:`; GitHub moves a time in a skipped hour to
//!   the next valid time, as vern does): a late or dropped trigger is caught up by the next one
//!   within the job's deadline. The state directory is carried between runs in the Actions cache,
//!   and the job definitions come from the repository (`vern jobs apply -f`).

use super::schedule::{Schedule, fire_times};
use jiff::{SignedDuration, Timestamp};

/// The platforms `--print` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Platform {
    /// A crontab entry (install with `crontab -e`)
    Crontab,
    /// A workflow for .github/workflows/
    GithubActions,
    /// A batch/v1 CronJob manifest
    Kubernetes,
    /// A .service and a .timer unit
    Systemd,
}

/// What a wrapper needs to know.
pub struct Wrapped<'a> {
    pub name: &'a str,
    pub schedule: &'a Schedule,
    pub timezone: &'a str,
    /// `file`, `s3`, `azure-blob`: which credentials the environment must carry.
    pub destination_type: &'a str,
    /// The vern binary (absolute) for crontab and systemd.
    pub vern: &'a str,
    /// The state directory (absolute) for crontab and systemd.
    pub state_dir: &'a str,
    /// The container image for Kubernetes.
    pub image: &'a str,
}

/// A file of a wrapper: its conventional name and its content.
pub struct WrapperFile {
    pub name: String,
    pub content: String,
}

/// Every file of the wrapper for `platform`.
pub fn render(platform: Platform, w: &Wrapped<'_>) -> Vec<WrapperFile> {
    let file = |name: String, content: String| WrapperFile { name, content };
    match platform {
        Platform::Crontab => vec![file(format!("vern-job-{}.crontab", w.name), crontab(w))],
        Platform::GithubActions => {
            vec![file(format!("vern-job-{}.yml", w.name), github_actions(w))]
        }
        Platform::Kubernetes => vec![file(format!("vern-job-{}.yaml", w.name), kubernetes(w))],
        Platform::Systemd => {
            let (service, timer) = systemd(w);
            vec![
                file(format!("vern-job-{}.service", w.name), service),
                file(format!("vern-job-{}.timer", w.name), timer),
            ]
        }
    }
}

/// Minutes between polls: 1 for a job that can fire twice within five minutes, else 5.
pub fn poll_minutes(s: &Schedule) -> u32 {
    let from: Timestamp = "2026-01-05T00:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let until = from
        .saturating_add(SignedDuration::from_hours(24 * 7))
        .unwrap_or(from);
    let times = fire_times(s, &jiff::tz::TimeZone::UTC, from, until, 5000);
    let frequent = times
        .windows(2)
        .any(|w| w[1].duration_since(w[0]) < SignedDuration::from_mins(5));
    if frequent { 1 } else { 5 }
}

fn poll_cron(s: &Schedule) -> &'static str {
    if poll_minutes(s) == 1 {
        "* * * * *"
    } else {
        "*/5 * * * *"
    }
}

/// The environment a run needs besides the state directory.
fn secrets(destination_type: &str) -> Vec<&'static str> {
    let mut v = vec!["VERN_API_KEY"];
    match destination_type {
        "s3" => v.extend(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]),
        "azure-blob" => v.extend(["AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_ACCOUNT_KEY"]),
        _ => {}
    }
    v
}

fn quote_sh(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn crontab(w: &Wrapped<'_>) -> String {
    // `%` in a crontab command means a new line: escape it. The last line must end in a new line
    // or cron ignores it.
    let cmd = format!(
        "{} --state-dir {} jobs run-due --job {}",
        quote_sh(w.vern),
        quote_sh(w.state_dir),
        w.name
    )
    .replace('%', "\\%");
    format!(
        "# vern job {name}: {sched} ({tz}).\n\
         # cron only polls; vern decides what is due (in the job's zone, across DST) and runs each\n\
         # fire time once. The environment must carry {secrets}\n\
         # (cron starts commands with almost no environment: set them above this line or in a file\n\
         # the command sources). Output goes to cron's mail; append `>> FILE 2>&1` to keep a log.\n\
         {poll} {cmd}\n",
        name = w.name,
        sched = w.schedule.source,
        tz = w.timezone,
        secrets = secrets(w.destination_type).join(", "),
        poll = poll_cron(w.schedule),
    )
}

fn systemd(w: &Wrapped<'_>) -> (String, String) {
    let service = format!(
        "# vern job {name}: {sched} ({tz}). Install both units in /etc/systemd/system (or\n\
         # ~/.config/systemd/user), then: systemctl enable --now vern-job-{name}.timer\n\
         [Unit]\n\
         Description=vern jobs run-due (job {name})\n\
         Wants=network-online.target\n\
         After=network-online.target\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         # {secrets}: put them in this file (mode 0600).\n\
         EnvironmentFile=-/etc/vern/{name}.env\n\
         ExecStart={vern} --state-dir {state} jobs run-due --job {name}\n",
        name = w.name,
        sched = w.schedule.source,
        tz = w.timezone,
        secrets = secrets(w.destination_type).join(", "),
        vern = systemd_quote(w.vern),
        state = systemd_quote(w.state_dir),
    );
    let calendar = if poll_minutes(w.schedule) == 1 {
        "minutely"
    } else {
        "*:0/5"
    };
    let timer = format!(
        "# vern job {name}: {sched} ({tz}). systemd only polls; vern decides what is due.\n\
         [Unit]\n\
         Description=Poll vern job {name}\n\
         \n\
         [Timer]\n\
         OnCalendar={calendar}\n\
         # A poll missed while the machine was off runs at boot; vern catches up per the job.\n\
         Persistent=true\n\
         AccuracySec=1s\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        name = w.name,
        sched = w.schedule.source,
        tz = w.timezone,
    );
    (service, timer)
}

/// A path in `ExecStart=`: quoted when it holds blanks, `%` doubled (systemd's specifiers).
fn systemd_quote(s: &str) -> String {
    let s = s.replace('%', "%%");
    if s.contains(char::is_whitespace) || s.contains('"') {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s
    }
}

/// A Kubernetes object name: lower-case letters, digits and `-`, at most 52 characters (a
/// CronJob's limit), starting and ending with a letter or digit.
fn k8s_name(name: &str) -> String {
    let mut out: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    out = format!("vern-job-{out}");
    out.truncate(52);
    out.trim_end_matches('-').to_string()
}

fn kubernetes(w: &Wrapped<'_>) -> String {
    let name = k8s_name(w.name);
    let secret_keys = secrets(w.destination_type).join(", ");
    format!(
        r#"# vern job {job}: {sched} ({tz}). The CronJob only polls; vern decides what is due (in the
# job's zone, across DST) and runs each fire time once. It needs:
#   - a PersistentVolumeClaim "vern-state" for the state directory (jobs, journal, ledgers);
#     declare the jobs in it once: vern --state-dir /var/lib/vern jobs apply -f jobs.json
#   - a Secret "vern-credentials" with {secret_keys}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: vern
    app.kubernetes.io/component: {name}
spec:
  schedule: "{poll}"
  timeZone: "Etc/UTC"
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: {deadline}
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: vern
              image: "{image}"
              args: ["jobs", "run-due", "--job", "{job}"]
              env:
                - name: VERN_STATE_DIR
                  value: /var/lib/vern
              envFrom:
                - secretRef:
                    name: vern-credentials
              volumeMounts:
                - name: state
                  mountPath: /var/lib/vern
          volumes:
            - name: state
              persistentVolumeClaim:
                claimName: vern-state
"#,
        job = w.name,
        sched = w.schedule.source,
        tz = w.timezone,
        poll = poll_cron(w.schedule),
        deadline = poll_minutes(w.schedule) * 60 - 20,
        image = w.image,
    )
}

fn github_actions(w: &Wrapped<'_>) -> String {
    let frequent = poll_minutes(w.schedule) == 1;
    let (cron, note) = if frequent {
        (
            "*/5 * * * *".to_string(),
            "# GitHub runs schedules at most every 5 minutes: fire times in between are caught up\n# or recorded as missed, per the job's catch-up.\n",
        )
    } else {
        (w.schedule.normalized.clone(), "")
    };
    let env: String = secrets(w.destination_type)
        .iter()
        .map(|k| format!("      {k}: ${{{{ secrets.{k} }}}}\n"))
        .collect();
    format!(
        r#"# vern job {job}: {sched} ({tz}). GitHub starts this workflow at the job's fire times (late or
# not at all under load); vern decides what is due and runs each fire time once, catching up
# within the job's deadline. The job definitions live in the repository (vern-jobs.json, from
# `vern jobs export`); the state directory is kept in the Actions cache between runs.
{note}name: vern job {job}
on:
  schedule:
    - cron: '{cron}'
      timezone: '{tz}'
  workflow_dispatch: {{}}
concurrency:
  group: vern-job-{job}
  cancel-in-progress: false
permissions:
  contents: read
jobs:
  run-due:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    env:
      VERN_STATE_DIR: .vern
{env}    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache/restore@v4
        with:
          path: .vern
          key: vern-state-${{{{ github.run_id }}}}
          restore-keys: vern-state-
      - name: Install vern
        run: cargo install --locked --git https://github.com/vern-so/vern vern
      - name: Declare the jobs
        run: vern jobs apply -f vern-jobs.json
      - name: Run what is due
        run: vern jobs run-due --job {job}
      - uses: actions/cache/save@v4
        if: always()
        with:
          path: .vern
          key: vern-state-${{{{ github.run_id }}}}
"#,
        job = w.name,
        sched = w.schedule.source,
        tz = w.timezone,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poll_is_every_minute_only_for_frequent_jobs() {
        for (expr, want) in [
            ("30 2 * * *", 5),
            ("*/5 * * * *", 5),
            ("*/2 * * * *", 1),
            ("0,3 * * * *", 1),
            ("@hourly", 5),
        ] {
            assert_eq!(poll_minutes(&expr.parse().unwrap()), want, "{expr}");
        }
    }

    #[test]
    fn kubernetes_names_are_dns_labels() {
        assert_eq!(k8s_name("Nightly_S3.export"), "vern-job-nightly-s3-export");
        assert!(k8s_name(&"x".repeat(64)).len() <= 52);
    }
}

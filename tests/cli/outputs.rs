//! Whole-output snapshots: what users see from every journaled command. Each case runs the real
//! binary against a sandbox and keeps its command, exit code, stdout and stderr together in one
//! `insta` snapshot under `snapshots/outputs/`, so that a change in what users see, human or
//! `--json`, shows up as a reviewable diff.
//!
//! What keeps them stable from run to run and machine to machine:
//! - [`normalise`], the one place that rewrites output: ids, times, durations, rates, hashes,
//!   addresses and paths become placeholders; nothing else is dropped or reordered, except the
//!   interleaving of fleet rows ([`group_rows`]).
//! - [`paced`] sandbox timing: every wait sees the same statuses (`queued`, `running`, the end),
//!   and set-up that is not snapshotted runs on the quick clock of `support::fast_dynamic`.
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --test cli outputs::` (or
//! `cargo insta review`), then review and commit the changed `.snap` files. With `CI` set, insta
//! writes nothing and a missing snapshot fails.

use crate::support::*;
use regex::{Captures, Regex};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;
use vern::sandbox::BackgroundSandbox;
use vern::sandbox::config::Timing;

// ---- timing ------------------------------------------------------------------------------------

/// Sandbox timing for snapshotted commands, in real time: 500 ms `queued`, then 500 ms `running`.
///
/// With `VERN_TIME_SCALE=1000` the client polls every 2 ms at first and never less often than
/// every 33 ms. A wait prints a line when the status it polls changes, so it prints `queued`
/// unless the client stalls for ~500 ms between the creation (or decision) and its first poll,
/// and `running` unless it stalls for ~470 ms after the run leaves the queue. Which progress
/// message that `running` poll sees is left to chance (the sandbox even shows the queued message
/// for a moment after the run starts), so `normalise` hides it.
fn paced() -> Timing {
    Timing {
        queue_time: Duration::from_millis(500),
        run_time: Duration::from_millis(500),
        time_scale: 1.0,
    }
}

/// The client's clock: polling and backoff divided by this (see `paced`).
const CLIENT_TIME_SCALE: &str = "1000";

/// A sandbox on the paced clock, without its per-route rate limit (the client polls far more
/// often than a real one would).
fn paced_sandbox() -> BackgroundSandbox {
    sandbox_with(|d| {
        d.timing = paced();
        d.rate_limit = 0;
    })
}

/// Run `f` (set-up through the API) on the quick clock, then return to the paced one.
fn quickly<T>(sb: &BackgroundSandbox, f: impl FnOnce() -> T) -> T {
    sb.update(|d| d.timing = fast_dynamic().timing);
    let out = f();
    sb.update(|d| d.timing = paced());
    out
}

// ---- normalising -------------------------------------------------------------------------------

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

static UUID: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"));

/// Seeded ids are the same in every sandbox: they stay as they are.
const SEEDED: &[&str] = &[HUBSPOT, CONTACTS, COMPANIES];

/// What differs between runs or machines, in one place.
///
/// - Paths and addresses of this run: `[examples]`, `[state]`, `[cwd]`, `[tmp]`, `[api]`,
///   `[storage]`, `[loopback]`; the host in `user@host` (the user is set to `snap`).
/// - UUIDs, numbered by first appearance in the snapshot (`[uuid1]`, `[uuid2]`, …) so that a
///   snapshot still shows which id is which; the 8-digit short form of a UUID that `known` holds
///   (`import 3f9a1c2b: queued`) becomes `[uuid1:8]`. Seeded ids stay.
/// - Operation ids and external ids made from them → `[op]`; times → `[time]`; idempotency keys
///   → `vern-import-[key]`; hex digests and tokens (patch hashes, blake3, upload-ref tokens,
///   operation keys) → `[hash]`; file mtimes → `[mtime]`; durations → `[dur]`; rates → `[rate]`.
///   Sizes and counts stay: the example files make them deterministic.
/// - The progress message on a wait's `running` line → `[progress]` (see `paced`).
///
/// A value padded as a table cell keeps its cell's width (see [`substitute`]).
fn normalise(text: &str, ctx: &Ctx, known: &BTreeSet<String>) -> String {
    let mut s = text.to_string();
    let mut literal: Vec<(String, &str)> = vec![
        (example("").display().to_string(), "[examples]/"),
        (ctx.state.clone(), "[state]"),
        (ctx.cwd.clone(), "[cwd]"),
        (ctx.api_url.clone(), "[api]"),
        (ctx.storage_url.clone(), "[storage]"),
        (format!("@{}", vern::journal::hostname()), "@[host]"),
    ];
    literal.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    for (from, to) in literal {
        if !from.is_empty() {
            s = s.replace(&from, to);
        }
    }

    // The progress message of the first poll in `running` depends on timing (see `paced`).
    static RUNNING: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?m)^((?:import|export) [0-9a-f]{8}: running)(?: — .*)?$"));
    s = RUNNING.replace_all(&s, "$1 — [progress]").into_owned();

    static IDS: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8})\b")
    });
    let mut order: Vec<String> = Vec::new();
    let mut number = |id: &str| match order.iter().position(|o| o == id) {
        Some(i) => i + 1,
        None => {
            order.push(id.to_string());
            order.len()
        }
    };
    s = substitute(&s, &IDS, |c| {
        let m = &c[0];
        if m.len() == 36 {
            (!SEEDED.contains(&m)).then(|| format!("[uuid{}]", number(m)))
        } else {
            let full = known.iter().find(|k| k.starts_with(m))?;
            Some(format!("[uuid{}:8]", number(full)))
        }
    });

    static RULES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        vec![
            // Other temporary directories and loopback servers.
            (re(r"(?:/[\w.-]+)*/\.tmp[0-9A-Za-z]{6}\b"), "[tmp]"),
            (re(r"http://127\.0\.0\.1:\d+"), "[loopback]"),
            // Operation ids (20261122T101502-3f9a1c), and the external ids made from them.
            (re(r"\b\d{8}T\d{6}-[0-9a-f]{6}\b"), "[op]"),
            (re(r"\b\d{8}-\d{6}-[0-9a-f]{6}\b"), "[op]"),
            // Times: RFC 3339, and the `runs list` form.
            (
                re(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"),
                "[time]",
            ),
            (re(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\b"), "[time]"),
            // Idempotency keys; digests and tokens.
            (re(r"\b(vern-[a-z]+-)[0-9a-f]{32}\b"), "${1}[key]"),
            (
                re(r"\b(?:[0-9a-f]{64}|[0-9a-f]{32}|[0-9a-f]{16})\b"),
                "[hash]",
            ),
            (re(r#""mtime_ns": \d+"#), r#""mtime_ns": "[mtime]""#),
            // Rates, then durations (1.2s, 42ms, 2m10s, 1h01m).
            (re(r"\b\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)/s\b"), "[rate]"),
            (
                re(r"\b\d+h\d{2}m\b|\b\d+m\d{2}s\b|\b\d+(\.\d+)?m?s\b"),
                "[dur]",
            ),
        ]
    });
    for (rule, to) in RULES.iter() {
        s = substitute(&s, rule, |c| {
            let mut with = String::new();
            c.expand(to, &mut with);
            Some(with)
        });
    }
    // `runs list`: the TOOK column is as wide as its longest duration (4 or 5 characters); its
    // header is padded to the width of `[dur]`, as the cells below it now are.
    static TOOK: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^(ID .*STARTED +)TOOK {2,3}"));
    TOOK.replace_all(&s, "${1}TOOK   ").into_owned()
}

/// Replace each match for which `f` gives a replacement. A match padded as a table cell (followed
/// by two or more spaces) keeps its cell's width, so that the columns after a value whose width
/// varies (a duration) stay in place.
fn substitute(s: &str, rule: &Regex, mut f: impl FnMut(&Captures) -> Option<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for c in rule.captures_iter(s) {
        let m = c.get(0).unwrap();
        let Some(with) = f(&c) else { continue };
        out.push_str(&s[last..m.start()]);
        out.push_str(&with);
        last = m.end();
        let pad = s[m.end()..].bytes().take_while(|b| *b == b' ').count();
        if pad >= 2 {
            let width = m.as_str().chars().count() + pad;
            out.push_str(&" ".repeat(width.saturating_sub(with.chars().count()).max(2)));
            last += pad;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// Fleet mode runs its rows at once, so their `label: …` lines interleave differently each time:
/// group them by row, in `labels` order, each row's lines in the order it printed them. Lines of
/// no row stay first.
fn group_rows(stderr: &str, labels: &[&str]) -> String {
    let mut lines: Vec<&str> = stderr.lines().collect();
    lines.sort_by_key(|l| {
        labels
            .iter()
            .position(|label| l.starts_with(&format!("{label}: ")))
            .map_or(0, |i| i + 1)
    });
    lines.iter().map(|l| format!("{l}\n")).collect()
}

// ---- running and snapshotting ------------------------------------------------------------------

struct Ctx {
    state: String,
    cwd: String,
    api_url: String,
    storage_url: String,
}

/// One test's commands: runs the binary, snapshots what it printed, remembers the ids it saw.
struct Snap<'a> {
    sb: &'a BackgroundSandbox,
    v: Vern,
    /// The journal, on tmpfs where there is one: every journal save fsyncs, and a busy disk can
    /// stall an fsync for longer than a run stays queued (see `paced`).
    state: tempfile::TempDir,
    ids: RefCell<BTreeSet<String>>,
}

impl<'a> Snap<'a> {
    fn new(sb: &'a BackgroundSandbox) -> Snap<'a> {
        let shm = Path::new("/dev/shm");
        let state = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        };
        Snap {
            sb,
            v: Vern::new(sb),
            state: state.unwrap(),
            ids: RefCell::new(BTreeSet::new()),
        }
    }

    fn ctx(&self) -> Ctx {
        Ctx {
            state: self.state.path().display().to_string(),
            cwd: self.v.cwd.path().display().to_string(),
            api_url: self.sb.api_url.clone(),
            storage_url: self.sb.storage_url.clone(),
        }
    }

    fn learn(&self, text: &str) {
        let mut ids = self.ids.borrow_mut();
        for m in UUID.find_iter(text) {
            if !SEEDED.contains(&m.as_str()) {
                ids.insert(m.as_str().to_string());
            }
        }
    }

    /// Every id the journal and the sandbox know, so short forms of them are recognised.
    fn learn_world(&self) {
        if let Ok(dir) = std::fs::read_dir(self.state.path()) {
            for e in dir.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    self.learn(&text);
                }
            }
        }
        for c in self.sb.stats().companies.keys() {
            self.learn(c);
        }
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = self.v.command();
        c.args(args)
            .env("VERN_STATE_DIR", self.state.path())
            .env("VERN_TIME_SCALE", CLIENT_TIME_SCALE)
            .env("VERN_RATE_LIMIT", "1000000")
            .env("USER", "snap")
            .env_remove("LOGNAME")
            .env_remove("USERNAME")
            .env_remove("COLUMNS")
            .env_remove("LINES");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("vern runs"))
    }

    /// Run `vern ARGS` and snapshot what it printed as `name`.
    #[track_caller]
    fn check(&self, name: &str, args: &[&str]) -> Run {
        let r = self.run(args);
        self.assert(name, args, &r);
        r
    }

    /// Snapshot `r`, the outcome of `vern ARGS`, as `name`: the command, the exit code, then
    /// stdout and stderr as they were (an unterminated last line is marked, so that a change in
    /// the final newline shows too), normalised.
    #[track_caller]
    fn assert(&self, name: &str, args: &[&str], r: &Run) {
        self.learn(&args.join(" "));
        self.learn(&r.stdout);
        self.learn(&r.stderr);
        self.learn_world();
        let stream = |s: &str| {
            if s.is_empty() || s.ends_with('\n') {
                s.to_string()
            } else {
                format!("{s}\n[no newline at end]\n")
            }
        };
        let text = format!(
            "$ vern {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
            args.join(" "),
            r.code,
            stream(&r.stdout),
            stream(&r.stderr)
        );
        let text = normalise(&text, &self.ctx(), &self.ids.borrow());
        insta::with_settings!({
            snapshot_path => "snapshots/outputs",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

/// A company provisioned through the API, with the seeded destination.
fn company_id(api: &Api, name: &str) -> String {
    api.company(name)["company"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn ex(name: &str) -> String {
    example(name).display().to_string()
}

// ---- cases -------------------------------------------------------------------------------------

#[test]
fn upload() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let api = Api::new(&sb);
    let (a, b) = (ex("companies.csv"), ex("contacts-clean.csv"));
    let c = company_id(&api, "Upload Co");
    s.check("upload", &["upload", "--company", &c, &a, &b]);
    let c = company_id(&api, "Upload Json Co");
    s.check(
        "upload_json",
        &["upload", "--company", &c, &a, &b, "--json"],
    );
}

#[test]
fn import_completed() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let api = Api::new(&sb);
    let (a, b) = (ex("companies.csv"), ex("contacts-clean.csv"));
    let c = company_id(&api, "Clean Co");
    s.check("import_completed", &["import", "--company", &c, &a, &b]);
    let c = company_id(&api, "Clean Json Co");
    s.check(
        "import_completed_json",
        &["import", "--company", &c, &a, &b, "--json"],
    );
}

/// A dirty file needs attention (exit 5): poll shows it again, approve accepts the reviewed patch.
#[test]
fn import_needs_attention_poll_approve() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let api = Api::new(&sb);
    let (a, b) = (ex("companies.csv"), ex("contacts-dirty.csv"));
    let c = company_id(&api, "Dirty Co");
    let r = s.check(
        "import_needs_attention",
        &["import", "--company", &c, &a, &b],
    );
    let next = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("next: vern "))
        .expect("a next command")
        .to_string();
    let run = next.split_whitespace().nth(3).unwrap().to_string();
    s.check("poll_needs_attention", &["poll", "--company", &c, &run]);
    s.check(
        "poll_needs_attention_json",
        &["poll", "--company", &c, &run, "--json"],
    );
    let args: Vec<&str> = next.split_whitespace().collect();
    s.check("approve_accept", &args);

    let c = company_id(&api, "Dirty Json Co");
    let r = s.check(
        "import_needs_attention_json",
        &["import", "--company", &c, &a, &b, "--json"],
    );
    let j = r.json();
    let run = j["run_id"].as_str().unwrap();
    let hash = j["patch_hash"].as_str().unwrap();
    s.check(
        "approve_accept_json",
        &[
            "approve",
            "--company",
            &c,
            run,
            "--accept",
            "--expect-patch",
            hash,
            "--json",
        ],
    );
}

/// `--no-wait` starts the run and says how to follow it; `poll` then waits for it.
#[test]
fn import_no_wait_then_poll() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let api = Api::new(&sb);
    let a = ex("contacts-clean.csv");
    let c = company_id(&api, "No Wait Json Co");
    let r = s.check(
        "import_no_wait_json",
        &["import", "--company", &c, &a, "--no-wait", "--json"],
    );
    assert_eq!(r.json()["status"], "queued");
    // `poll` starts as a new process after `import` has ended, so this run stays queued longer:
    // poll's first request must still find it there.
    sb.update(|d| d.timing.queue_time = Duration::from_millis(1500));
    let c = company_id(&api, "No Wait Co");
    let r = s.check(
        "import_no_wait",
        &["import", "--company", &c, &a, "--no-wait"],
    );
    sb.update(|d| d.timing = paced());
    let run = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix(&format!("next: vern poll --company {c} ")))
        .expect("next: vern poll")
        .to_string();
    s.check("poll_waits", &["poll", "--company", &c, &run]);
}

/// A company whose dirty import was accepted: ready to export.
fn approved_company(sb: &BackgroundSandbox, name: &str) -> Value {
    quickly(sb, || {
        let api = Api::new(sb);
        let company = api.company(name);
        let c = company["company"]["id"].as_str().unwrap();
        let run = api.import_files(c, &["companies.csv", "contacts-dirty.csv"]);
        assert_eq!(api.settle(c, "imports", &run)["status"], "needs_attention");
        let d = api.post(
            &format!("/companies/{c}/imports/{run}/decisions"),
            json!({"decision": "accept"}),
        );
        assert_eq!(d.status, 200, "{}", d.text);
        assert_eq!(api.settle(c, "imports", &run)["status"], "completed");
        company
    })
}

#[test]
fn export_canary_and_full() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let c = approved_company(&sb, "Export Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.check(
        "export_canary",
        &["export", "--company", &c, "--mode", "canary"],
    );
    s.check("export_full_failures", &["export", "--company", &c]);
    let c = approved_company(&sb, "Export Json Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.check(
        "export_canary_json",
        &["export", "--company", &c, "--mode", "canary", "--json"],
    );
    s.check(
        "export_full_failures_json",
        &["export", "--company", &c, "--json"],
    );
}

#[test]
fn download_to_a_file_and_to_stdout() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let company = approved_company(&sb, "Download Co");
    let c = company["company"]["id"].as_str().unwrap();
    let sheet = Api::sheet_id(&company, "Contacts");
    s.check("download", &["download", "--company", c, "--sheet", &sheet]);
    s.check(
        "download_json",
        &[
            "download",
            "--company",
            c,
            "--sheet",
            &sheet,
            "--filter",
            "all",
            "-o",
            "all.csv",
            "--json",
        ],
    );
    // A small sheet, so the CSV itself fits in the snapshot.
    let small = quickly(&sb, || {
        let api = Api::new(&sb);
        let company = api.company("Small Co");
        let c = company["company"]["id"].as_str().unwrap();
        let r = api.post(
            &format!("/companies/{c}/imports"),
            json!({"rows": [
                {"Email": "ana@northwind.example", "First Name": "Ana", "Last Name": "Ruiz", "Status": "Open"},
                {"Email": "li@northwind.example", "First Name": "Li", "Status": "Closed"},
                {"Email": "not-an-email", "First Name": "Bo", "Status": "Pending"}
            ]}),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        let run = r.json()["run_id"].as_str().unwrap().to_string();
        api.settle(c, "imports", &run);
        company
    });
    let c = small["company"]["id"].as_str().unwrap();
    let sheet = Api::sheet_id(&small, "Contacts");
    s.check(
        "download_stdout",
        &["download", "--company", c, "--sheet", &sheet, "-o", "-"],
    );
}

#[test]
fn company_create_and_show() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let conn = ex("connection.json");
    let created = s.check(
        "company_create",
        &[
            "company",
            "create",
            "--name",
            "Snap Co",
            "--source",
            HUBSPOT,
            "--external-id",
            "snap-1",
            "--connection",
            &conn,
        ],
    );
    created.expect(0);
    let c = UUID.find(&created.stdout).unwrap().as_str().to_string();
    s.check("company_show_provisioned", &["company", "show", &c]);
    quickly(&sb, || {
        s.run(&[
            "import",
            "--company",
            &c,
            &ex("companies.csv"),
            &ex("contacts-clean.csv"),
        ])
        .expect(0);
    });
    s.check("company_show", &["company", "show", &c]);
    s.check("company_show_json", &["company", "show", &c, "--json"]);
}

fn migrate_args<'a>(conn: &'a str, a: &'a str, b: &'a str, name: &'a str) -> Vec<&'a str> {
    vec![
        "migrate",
        "--name",
        name,
        "--source",
        HUBSPOT,
        "--connection",
        conn,
        a,
        b,
        "--approve",
        "accept",
        "--allow-failures",
        "--download",
        "out",
    ]
}

/// A whole migration, its re-run (which shows the outcome), `runs list` and `runs show`.
#[test]
fn migrate_completed_rerun_and_runs() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let (conn, a, b) = (
        ex("connection.json"),
        ex("companies.csv"),
        ex("contacts-dirty.csv"),
    );
    let args = migrate_args(&conn, &a, &b, "Northwind");
    s.check("migrate_completed", &args);
    s.check("migrate_rerun_shows_outcome", &args);
    s.check("runs_list", &["runs", "list"]);
    s.check("runs_list_json", &["runs", "list", "--json"]);
    let id = s.run(&["runs", "list", "--json"]).json()["operations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.check("runs_show", &["runs", "show", &id]);
    s.check("runs_show_json", &["runs", "show", &id, "--json"]);
}

#[test]
fn migrate_completed_json() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let (conn, a, b) = (
        ex("connection.json"),
        ex("companies.csv"),
        ex("contacts-dirty.csv"),
    );
    let mut args = migrate_args(&conn, &a, &b, "Northwind Json");
    args.push("--json");
    s.check("migrate_completed_json", &args);
    s.check("migrate_rerun_shows_outcome_json", &args);
}

/// `--approve never` stops at the review with exit 5 and the approve command; `--new` then
/// starts over on the same company, whose paused import is still in the way (exit 7).
#[test]
fn migrate_pauses_for_a_decision() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let b = ex("contacts-dirty.csv");
    s.check(
        "migrate_approve_never",
        &["migrate", &b, "--approve", "never"],
    );
    s.check(
        "migrate_new_while_paused_json",
        &["migrate", &b, "--approve", "never", "--json", "--new"],
    );
    let s = Snap::new(&sb);
    s.check(
        "migrate_approve_never_json",
        &["migrate", &b, "--approve", "never", "--json"],
    );
}

/// A migration killed before its full export, then `vern resume`; then nothing is left.
#[test]
fn resume_after_a_kill() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let (conn, a, b) = (
        ex("connection.json"),
        ex("companies.csv"),
        ex("contacts-dirty.csv"),
    );
    let args = migrate_args(&conn, &a, &b, "Resume Co");
    let killed = quickly(&sb, || {
        Run::from(
            s.command(&args)
                .env("VERN_CRASH_AT", "export:key")
                .output()
                .unwrap(),
        )
    });
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    s.check("resume", &["resume"]);
    s.check("resume_nothing_left", &["resume"]);
}

/// The rows of examples/fleet.csv, in the order they appear there.
const FLEET: &[&str] = &["nw-4471", "contoso-0193", "fab-2208", "tail-7310"];

/// examples/fleet.csv: four companies, four outcomes, exit 4 (the worst). Fleet mode prints no
/// poll lines, so it runs on the quick clock; its rows' lines are grouped (see `group_rows`).
fn fleet(name: &str, json: bool) {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let m = ex("fleet.csv");
    let mut args = vec!["migrate", "--manifest", &m];
    if json {
        args.push("--json");
    }
    let mut r = quickly(&sb, || s.run(&args));
    r.stderr = group_rows(&r.stderr, FLEET);
    s.assert(name, &args, &r);
}

#[test]
fn fleet_from_the_example_manifest() {
    fleet("fleet", false);
}

#[test]
fn fleet_from_the_example_manifest_json() {
    fleet("fleet_json", true);
}

/// A usage error (exit 2) as a user without any VERN_ setting sees it, and an `error:` with a
/// `hint:` (no API key: exit 3).
#[test]
fn usage_and_auth_errors() {
    let sb = paced_sandbox();
    let s = Snap::new(&sb);
    let a = ex("companies.csv");
    for (name, args) in [
        ("usage_error", vec!["import", &a]),
        ("usage_error_json", vec!["import", &a, "--json"]),
    ] {
        let r = Run::from(
            bare()
                .current_dir(s.v.cwd.path())
                .env_remove("COLUMNS")
                .args(&args)
                .output()
                .unwrap(),
        );
        s.assert(name, &args, &r);
    }
    let c = "0b7e6a52-3c1d-4e8f-9a2b-5d6c7e8f9a0b";
    for (name, args) in [
        ("no_api_key", vec!["import", "--company", c, &a]),
        (
            "no_api_key_json",
            vec!["import", "--company", c, &a, "--json"],
        ),
    ] {
        let mut cmd = s.command(&args);
        cmd.env_remove("VERN_API_KEY")
            .env("VERN_KEYRING", "off")
            .env("VERN_CREDENTIALS_FILE", s.v.path("credentials.json"));
        s.assert(name, &args, &Run::from(cmd.output().unwrap()));
    }
}

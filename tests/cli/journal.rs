//! The journal under fire: SIGKILL at every step boundary and at random instants, then the same
//! command again — never a second run or a second destination write; changed files, competing
//! processes, stale locks, corrupt records, Ctrl-C, and the history it keeps.

use crate::support::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;
use vern::sandbox::config::FaultConfig;

const CHECKPOINTS: &[&str] = &[
    "provision:key",
    "provision:response",
    "provision:done",
    "upload",
    "upload:file",
    "upload:file#2",
    "import:key",
    "import:response",
    "import:run",
    "import:wait",
    "import:settled",
    "decide:key",
    "decide:response",
    "decide:done",
    "import:settled#2",
    "canary:key",
    "canary:response",
    "canary:run",
    "canary:done",
    "export:key",
    "export:response",
    "export:run",
    "export:done",
    "download",
    "download:file",
    "download:done",
    "report",
];

fn migrate_args() -> Vec<String> {
    let ex = |f: &str| example(f).to_str().unwrap().to_string();
    vec![
        "migrate".into(),
        "--name".into(),
        "Crash Co".into(),
        "--source".into(),
        HUBSPOT.into(),
        "--connection".into(),
        ex("connection.json"),
        ex("companies.csv"),
        ex("contacts-dirty.csv"),
        "--approve".into(),
        "accept".into(),
        "--allow-failures".into(),
        "--download".into(),
        "out".into(),
    ]
}

fn migrate(v: &Vern, env: &[(&str, &str)]) -> Run {
    let args = migrate_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    v.run_env(&args, env)
}

fn spawn_migrate(v: &Vern, scale: &str) -> Child {
    v.command()
        .args(migrate_args())
        .env("VERN_TIME_SCALE", scale)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Exactly one company, import run, decision, canary and full export; every destination record
/// written once, except the two canary rows, which the full export updates.
fn assert_exactly_once(sb: &BackgroundSandbox, context: &str) {
    let stats = sb.stats();
    assert_eq!(stats.companies_created, 1, "{context}: companies");
    let cs = stats.companies.values().next().unwrap();
    assert_eq!(cs.import_runs, 1, "{context}: import runs");
    assert_eq!(cs.decisions, 1, "{context}: decisions");
    assert_eq!(cs.canary_exports, 1, "{context}: canary exports");
    assert_eq!(cs.full_exports, 1, "{context}: full exports");
    assert_eq!(cs.destination_records, 4379 - 6, "{context}: records");
    let writes: u64 = cs.destination_writes.values().sum();
    assert_eq!(writes, 4379 - 6 + 2, "{context}: writes");
    assert!(
        cs.destination_writes.values().all(|n| *n <= 2),
        "{context}: a record written 3 times"
    );
}

fn assert_outputs(v: &Vern, context: &str) {
    let contacts = std::fs::read_to_string(v.path("out/contacts.csv")).unwrap_or_default();
    assert_eq!(contacts.lines().count(), 2380, "{context}: contacts.csv");
    let companies = std::fs::read_to_string(v.path("out/companies.csv")).unwrap_or_default();
    assert_eq!(companies.lines().count(), 2001, "{context}: companies.csv");
}

/// Every record in the state directory parses.
fn assert_journal_parses(state: &Path, context: &str) -> Vec<vern::journal::record::Operation> {
    vern::journal::Journal::new(state)
        .all()
        .unwrap_or_else(|e| panic!("{context}: journal does not parse: {e:#}"))
}

#[test]
fn sigkill_at_every_step_boundary_then_the_same_command_completes_exactly_once() {
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for chunk in CHECKPOINTS.chunks(CHECKPOINTS.len().div_ceil(4)) {
            let failures = &failures;
            scope.spawn(move || {
                for cp in chunk {
                    let result = std::panic::catch_unwind(|| {
                        let sb = sandbox();
                        let v = Vern::new(&sb);
                        let crashed = migrate(&v, &[("VERN_CRASH_AT", cp)]);
                        assert_eq!(
                            crashed.code, -1,
                            "{cp}: expected SIGKILL, got exit {}\n{}",
                            crashed.code, crashed.stderr
                        );
                        assert_journal_parses(v.state.path(), cp);
                        let done = migrate(&v, &[]);
                        assert_eq!(
                            done.code, 0,
                            "{cp}: re-run\n{}\n{}",
                            done.stdout, done.stderr
                        );
                        assert!(
                            done.stderr.contains("continuing operation"),
                            "{cp}: {}",
                            done.stderr
                        );
                        assert_exactly_once(&sb, cp);
                        assert_outputs(&v, cp);
                        let ops = assert_journal_parses(v.state.path(), cp);
                        assert_eq!(ops.len(), 1, "{cp}: one operation");
                        assert_eq!(ops[0].status, vern::journal::record::OpStatus::Completed);
                    });
                    if let Err(e) = result {
                        let msg = e
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        failures.lock().unwrap().push(format!("{cp}: {msg}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn random_kills_under_faults_never_duplicate_a_run_or_a_write() {
    const TRIALS: u64 = 32;
    let failures = std::sync::Mutex::new(Vec::new());
    let kills = std::sync::atomic::AtomicU64::new(0);
    let steps_killed = std::sync::Mutex::new(std::collections::BTreeMap::<String, u32>::new());
    std::thread::scope(|scope| {
        for worker in 0..4u64 {
            let (failures, kills, steps_killed) = (&failures, &kills, &steps_killed);
            scope.spawn(move || {
                for trial in (worker..TRIALS).step_by(4) {
                    let result =
                        std::panic::catch_unwind(|| random_trial(trial, kills, steps_killed));
                    if let Err(e) = result {
                        let msg = e
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("trial {trial}: {msg}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let kills = kills.into_inner();
    eprintln!(
        "{TRIALS} trials, {kills} kills; step reached at each kill: {:?}",
        steps_killed.into_inner().unwrap()
    );
    assert!(kills >= TRIALS, "most trials were killed at least once");
}

fn journal_summary(state: &Path) -> Vec<String> {
    assert_journal_parses(state, "summary")
        .iter()
        .map(|o| {
            format!(
                "{} {} at {} (error {:?})",
                o.id,
                o.status,
                o.step,
                o.error.as_ref().map(|e| &e.message)
            )
        })
        .collect()
}

/// One trial: up to three SIGKILLs at random instants, then the same command to completion.
fn random_trial(
    trial: u64,
    kills: &std::sync::atomic::AtomicU64,
    steps_killed: &std::sync::Mutex<std::collections::BTreeMap<String, u32>>,
) {
    let mut rng = fastrand::Rng::with_seed(1000 + trial);
    let sb = sandbox_with(|d| {
        d.timing.time_scale = 20.0;
        d.faults = FaultConfig {
            seed: trial,
            error_rate: 0.1,
            lost_response_rate: 0.1,
            latency: Duration::from_millis(2),
            latency_jitter: Duration::from_millis(10),
            ..FaultConfig::default()
        };
    });
    let v = Vern::new(&sb);
    let mut finished = false;
    for attempt in 0..3 {
        let mut child = spawn_migrate(&v, "20");
        let at = Duration::from_millis(rng.u64(0..1800));
        let deadline = Instant::now() + at;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().unwrap() {
                assert_eq!(
                    status.code(),
                    Some(0),
                    "attempt {attempt} ended by itself; journal: {:#?}",
                    journal_summary(v.state.path())
                );
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if finished {
            break;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        kills.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ops = assert_journal_parses(v.state.path(), &format!("kill {attempt} at {at:?}"));
        let step = ops
            .first()
            .map(|o| o.step.to_string())
            .unwrap_or_else(|| "(before the journal)".into());
        *steps_killed.lock().unwrap().entry(step).or_default() += 1;
    }
    if !finished {
        let before = journal_summary(v.state.path());
        let done = migrate(&v, &[("VERN_TIME_SCALE", "20")]);
        assert_eq!(
            done.code, 0,
            "final run\n{}\n{}\njournal before: {before:#?}",
            done.stdout, done.stderr
        );
    }
    assert_exactly_once(&sb, &format!("trial {trial}"));
    assert_outputs(&v, &format!("trial {trial}"));
    let ops = assert_journal_parses(v.state.path(), "final");
    assert_eq!(
        ops.iter()
            .filter(|o| o.status == vern::journal::record::OpStatus::Completed)
            .count(),
        1
    );
}

#[test]
fn a_changed_file_is_refused_on_resume_and_new_starts_over() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Changed Co");
    std::fs::copy(example("contacts-clean.csv"), v.path("contacts.csv")).unwrap();
    let args = ["import", "--company", &c, "contacts.csv"];
    let crashed = v.run_env(&args, &[("VERN_CRASH_AT", "import:key")]);
    assert_eq!(crashed.code, -1);
    let mut text = std::fs::read_to_string(v.path("contacts.csv")).unwrap();
    text.push_str("late@x.co,Late,,,,Open,\n");
    std::fs::write(v.path("contacts.csv"), &text).unwrap();
    let refused = v.run(&args);
    refused.expect(1);
    assert!(
        refused
            .stderr
            .contains("contacts.csv changed since it was uploaded"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("--new"), "{}", refused.stderr);
    assert_eq!(sb.stats().companies[&c].import_runs, 0, "nothing imported");
    let mut with_new: Vec<&str> = args.to_vec();
    with_new.push("--new");
    let fresh = v.run(&with_new);
    fresh.expect(0);
    assert!(fresh.stdout.contains("2,501 rows"), "{}", fresh.stdout);
    assert!(
        fresh.stderr.contains("is abandoned; starting over"),
        "{}",
        fresh.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
}

#[test]
fn a_second_process_on_the_same_operation_gets_exit_7() {
    let sb = sandbox_with(|d| d.timing.time_scale = 2.0);
    let v = Vern::new(&sb);
    let mut first = spawn_migrate(&v, "50");
    // Wait until the first process holds the operation.
    let deadline = Instant::now() + Duration::from_secs(20);
    while sb.stats().companies.values().all(|c| c.import_runs == 0) {
        assert!(
            Instant::now() < deadline,
            "the first migrate never started its import"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = migrate(&v, &[]);
    second.expect(7);
    assert!(
        second.stderr.contains("is in use by process"),
        "{}",
        second.stderr
    );
    assert!(
        second.stderr.contains(&first.id().to_string()),
        "names the holder: {}",
        second.stderr
    );
    first.kill().unwrap();
    first.wait().unwrap();
    // The holder is gone: its lock is taken over and the operation continues.
    sb.update(|d| d.timing.time_scale = 200.0);
    let third = migrate(
        &v,
        &["-v"]
            .iter()
            .map(|_| ("VERN_LOG", "info"))
            .collect::<Vec<_>>(),
    );
    third.expect(0);
    assert!(
        third.stderr.contains("took over the lock"),
        "{}",
        third.stderr
    );
    assert_exactly_once(&sb, "after takeover");
}

#[test]
fn corrupt_or_newer_records_are_clear_errors() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    std::fs::create_dir_all(v.state.path()).unwrap();
    std::fs::write(
        v.state.path().join("20990101T000000-abcdef.json"),
        "{\"schema\": 1, \"id\": tru",
    )
    .unwrap();
    let (c, _) = v.company("Corrupt Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ]);
    r.expect(1);
    assert!(
        r.stderr.contains("journal record") && r.stderr.contains("is unreadable: not valid JSON"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
    assert_eq!(
        sb.stats().companies[&c].import_runs,
        0,
        "fails closed: nothing sent"
    );
    let list = v.run(&["runs", "list", "--json"]);
    list.expect(0);
    assert!(
        list.json()["unreadable"][0]["error"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    std::fs::write(
        v.state.path().join("20990101T000000-abcdef.json"),
        "{\"schema\": 7}",
    )
    .unwrap();
    let r = v.run(&["resume"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("written by a newer vern (schema 7; this vern understands 2)"),
        "{}",
        r.stderr
    );
}

#[test]
fn ctrl_c_saves_the_journal_exits_130_and_resume_continues() {
    let sb = sandbox_with(|d| d.timing.time_scale = 2.0);
    let v = Vern::new(&sb);
    let child = v
        .command()
        .args(migrate_args())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while sb.stats().companies.values().all(|c| c.import_runs == 0) {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = Run::from(child.wait_with_output().unwrap());
    out.expect(130);
    assert!(out.stderr.contains("error: interrupted"), "{}", out.stderr);
    let resume_line = out
        .stderr
        .lines()
        .find(|l| l.contains("vern resume "))
        .unwrap()
        .to_string();
    let id = resume_line
        .split("vern resume ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    let ops = assert_journal_parses(v.state.path(), "after Ctrl-C");
    assert_eq!(ops[0].status, vern::journal::record::OpStatus::Interrupted);
    let shown = v.run(&["runs", "show", &id]);
    shown.expect(0);
    assert!(
        shown.stdout.contains(": interrupted at step"),
        "{}",
        shown.stdout
    );
    sb.update(|d| d.timing.time_scale = 200.0);
    let resumed = v.run(&["resume"]);
    resumed.expect(0);
    assert!(
        resumed.stderr.contains(&format!("resuming operation {id}")),
        "{}",
        resumed.stderr
    );
    assert_exactly_once(&sb, "after resume");
    let again = v.run(&["resume"]);
    again.expect(1);
    assert!(
        again.stderr.contains("nothing to resume"),
        "{}",
        again.stderr
    );
}

#[test]
fn runs_list_and_show_report_what_happened() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = migrate(&v, &[]);
    r.expect(0);
    assert!(r.stdout.contains("rows: 4,400 sent · 4,379 inserted · 58 flagged · 58 fixed · 4,369 exported ok · 6 failed · 4 hollow · 4,379 downloaded"), "{}", r.stdout);
    let (c, _) = v.company("Other Co");
    v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-dirty.csv").to_str().unwrap(),
    ])
    .expect(5);
    let list = v.run(&["runs", "list", "--json"]);
    list.expect(0);
    let ops = list.json()["operations"].as_array().unwrap().clone();
    assert_eq!(
        ops.len(),
        3,
        "the migrate, the company create and the import"
    );
    assert_eq!(ops[1]["kind"], "company");
    assert_eq!(ops[1]["company"], c.as_str());
    let import = &ops[0];
    assert_eq!(
        (import["kind"].clone(), import["status"].clone()),
        (Value::from("import"), Value::from("paused"))
    );
    assert_eq!(import["counts"]["flagged"], 58);
    assert_eq!(import["exit_code"], 5);
    assert_eq!(import["runs"]["canary"], Value::Null);
    let m = ops.iter().find(|o| o["kind"] == "migrate").unwrap();
    assert_eq!(m["status"], "completed");
    assert_eq!(m["phase"], "done");
    assert_eq!(m["counts"]["exported_ok"], 4369);
    assert_eq!(m["counts"]["downloaded"], 4379);
    assert!(m["runs"]["export"].is_string(), "{m}");
    // The whole record: `runs show`.
    let full = v.operations();
    let m = full.iter().find(|o| o["command"] == "migrate").unwrap();
    assert!(
        m["download"]["files"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with(".csv")
    );
    assert!(
        m["decisions"][0]["decided_by"]
            .as_str()
            .unwrap()
            .contains('@')
    );
    assert_eq!(m["decisions"][0]["patch_hash"].as_str().unwrap().len(), 16);
    let text = v.run(&["runs", "list"]);
    assert!(text.stdout.starts_with("ID "), "{}", text.stdout);
    assert!(
        text.stdout.contains("migrate") && text.stdout.contains("58 flagged"),
        "{}",
        text.stdout
    );
    let limited = v.run(&["runs", "list", "--limit", "1"]);
    assert!(
        limited.stdout.contains("(1 of 3 shown"),
        "{}",
        limited.stdout
    );
    // The approve that follows lands in the import's operation, with who decided.
    let run = import["runs"]["import"].as_str().unwrap().to_string();
    v.run(&["approve", "--company", &c, &run, "--accept"])
        .expect(0);
    let op = v
        .run(&["runs", "show", import["id"].as_str().unwrap(), "--json"])
        .json();
    assert_eq!(op["status"], "completed");
    assert_eq!(op["decisions"][0]["decision"], "accept");
    assert_eq!(op["decisions"][0]["applied"], true);
    // Records are private.
    use std::os::unix::fs::PermissionsExt;
    for e in std::fs::read_dir(v.state.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600,
                "{}",
                p.display()
            );
        }
    }
}

#[test]
fn the_sandbox_migration_of_the_readme_works_on_a_fresh_machine() {
    let dir = tempfile::tempdir().unwrap();
    let r = Run::from(
        bare()
            .current_dir(dir.path())
            .env("VERN_TIME_SCALE", "50")
            .args(["--sandbox", "migrate"])
            .arg(example("companies.csv"))
            .arg(example("contacts-dirty.csv"))
            .args([
                "--approve",
                "accept",
                "--export",
                "full",
                "--download",
                "out/",
            ])
            .output()
            .unwrap(),
    );
    r.expect(6);
    assert!(
        r.stdout
            .contains("6 × 422 phone: must be a valid phone number"),
        "{}",
        r.stdout
    );
    assert!(dir.path().join("out/contacts.csv").exists());
    let never = Run::from(
        bare()
            .current_dir(dir.path())
            .env("VERN_TIME_SCALE", "50")
            .args(["--sandbox", "migrate", "--approve", "never", "--json"])
            .arg(example("contacts-dirty.csv"))
            .output()
            .unwrap(),
    );
    never.expect(5);
    let j = never.json();
    assert_eq!(j["stopped_at"], "review");
    assert!(
        j["next"][0]
            .as_str()
            .unwrap()
            .starts_with("vern approve --company"),
        "{j}"
    );
}

#[test]
fn migrate_against_a_running_sandbox_needs_no_company_flags() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        dirty.to_str().unwrap(),
        "--approve",
        "accept",
        "--export",
        "full",
        "--download",
        "out/",
    ];
    let r = v.run(&args);
    r.expect(6);
    assert!(r.stdout.contains("rows: 2,400 sent · 2,379 inserted · 58 flagged · 58 fixed · 2,369 exported ok · 6 failed · 4 hollow · 2,379 downloaded"), "{}", r.stdout);
    assert_eq!(
        std::fs::read_to_string(v.path("out/contacts.csv"))
            .unwrap()
            .lines()
            .count(),
        2380
    );
    let again = v.run(&args);
    again.expect(6);
    assert!(
        again.stderr.contains("already completed as operation"),
        "{}",
        again.stderr
    );
    let stats = sb.stats();
    let cs = stats.companies.values().next().unwrap();
    assert_eq!(
        (stats.companies_created, cs.import_runs, cs.full_exports),
        (1, 1, 1)
    );
}

/// A journal written by the previous release (schema 1: no `phase`) still resumes: the record is
/// read, continued (by `vern resume` and by the same command) and written back as schema 2, and
/// the run is not started twice.
#[test]
fn a_schema_1_journal_still_resumes() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Old Journal Co");
    let dirty = example("contacts-dirty.csv");
    let args = |approve: &'static str| {
        vec![
            "migrate".to_string(),
            "--company".into(),
            c.clone(),
            dirty.to_str().unwrap().into(),
            "--approve".into(),
            approve.into(),
            "--export".into(),
            "none".into(),
        ]
    };
    let run_args = |a: Vec<String>| v.run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    run_args(args("never")).expect(5);
    let record = std::fs::read_dir(v.state.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "json")
                && std::fs::read_to_string(p).is_ok_and(|t| t.contains("\"kind\": \"migrate\""))
        })
        .unwrap();
    let read =
        || -> Value { serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap() };
    let downgrade = || {
        let mut rec = read();
        assert_eq!(
            (rec["schema"].as_u64(), rec["phase"].as_str()),
            (Some(2), Some("review"))
        );
        rec["schema"] = 1.into();
        rec.as_object_mut().unwrap().remove("phase");
        std::fs::write(&record, serde_json::to_string_pretty(&rec).unwrap()).unwrap();
    };
    downgrade();
    let listed = v.run(&["runs", "list"]);
    listed.expect(0);
    assert!(
        listed.stdout.contains("import:settled") && listed.stdout.contains("paused"),
        "{}",
        listed.stdout
    );
    // `vern resume` continues it (and pauses again: the recorded command says --approve never).
    v.run(&["resume"]).expect(5);
    downgrade();
    // The same command, deciding this time, continues it to the end.
    run_args(args("accept")).expect(0);
    let after = read();
    assert_eq!(
        (
            after["schema"].as_u64(),
            after["phase"].as_str(),
            after["status"].as_str()
        ),
        (Some(2), Some("done"), Some("completed"))
    );
    let stats = sb.stats();
    assert_eq!(
        stats.companies[&c].import_runs, 1,
        "the run was not started again"
    );
    assert_eq!(stats.companies[&c].decisions, 1);
}

/// `vern resume` works any number of times: a resume that stops again keeps the operation's own
/// command, so the next `vern resume` runs it once more.
#[test]
fn resume_works_again_after_a_resume_that_stops() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Resume Again Co");
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        "--company",
        &c,
        dirty.to_str().unwrap(),
        "--approve",
        "never",
        "--export",
        "none",
    ];
    let first = v.run(&args);
    first.expect(5);
    for round in 0..3 {
        let r = v.run(&["resume"]);
        assert_eq!(r.code, 5, "round {round}: {}\n{}", r.stdout, r.stderr);
        assert!(
            !r.stderr.contains("recorded a resume command"),
            "{}",
            r.stderr
        );
    }
    let mut ops = assert_journal_parses(v.state.path(), "after resumes");
    ops.retain(|o| o.kind == vern::journal::record::OpKind::Migrate);
    assert_eq!(ops.len(), 1);
    assert_eq!(
        ops[0].argv[0], "migrate",
        "the recorded command is the migration's"
    );
    let run = ops[0].import.as_ref().unwrap().run_id.clone().unwrap();
    v.run(&["approve", "--company", &c, &run, "--accept"])
        .expect(0);
    v.run(&["resume"]).expect(0);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
}

/// Every file vern leaves in the state directory is its owner's alone: records and locks.
#[test]
fn the_state_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Private Co");
    let clean = example("contacts-clean.csv");
    v.run(&["import", "--company", &c, clean.to_str().unwrap()])
        .expect(0);
    let mut seen = 0;
    for e in std::fs::read_dir(v.state.path()).unwrap().flatten() {
        let mode = e.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", e.path().display());
        seen += 1;
    }
    assert!(seen >= 3, "a record, its lock and the directory's lock");
}

/// `--new` on an operation whose run still waits for a decision says what is pending and what it
/// would abandon, and abandons nothing: the run stays in `runs list`.
#[test]
fn new_does_not_abandon_a_run_that_waits_for_a_decision() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Pending Co");
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        "--company",
        &c,
        dirty.to_str().unwrap(),
        "--approve",
        "never",
        "--export",
        "none",
    ];
    v.run(&args).expect(5);
    let migrations = |context: &str| {
        let mut ops = assert_journal_parses(v.state.path(), context);
        ops.retain(|o| o.kind == vern::journal::record::OpKind::Migrate);
        ops
    };
    let ops = migrations("paused");
    let run = ops[0].import.as_ref().unwrap().run_id.clone().unwrap();
    let mut again: Vec<&str> = args.to_vec();
    again.push("--new");
    let r = v.run(&again);
    r.expect(7);
    assert!(
        r.stderr
            .contains(&format!("import run {run} is needs_attention")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("vern approve --company {c} {run}")),
        "{}",
        r.stderr
    );
    let ops = migrations("after --new");
    assert_eq!(ops.len(), 1, "nothing new was started");
    assert_eq!(ops[0].status, vern::journal::record::OpStatus::Paused);
    let list = v.run(&["runs", "list"]);
    assert!(list.stdout.contains(&run[..8]), "{}", list.stdout);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
}

/// The same migration run again with another `--download` directory downloads into that one
/// (and says where the earlier files are) instead of pointing at the old files.
#[test]
fn a_finished_migration_run_again_downloads_into_the_new_directory() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Download Again Co");
    let clean = example("contacts-clean.csv");
    let run = |dir: &str| {
        v.run(&[
            "migrate",
            "--company",
            &c,
            clean.to_str().unwrap(),
            "--export",
            "none",
            "--download",
            dir,
        ])
    };
    run("first").expect(0);
    let second = run("second");
    second.expect(0);
    let again = v.path("second/contacts.csv");
    assert!(again.exists(), "{}\n{}", second.stdout, second.stderr);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(v.path("first/contacts.csv")).unwrap()
    );
    assert!(
        second.stdout.contains("second/contacts.csv"),
        "{}",
        second.stdout
    );
    assert!(
        second.stderr.contains("earlier files are in"),
        "{}",
        second.stderr
    );
    assert_eq!(
        sb.stats().companies[&c].import_runs,
        1,
        "the import is not repeated"
    );
}

/// `runs show` finds an operation by any name a user has for it — the end of its id, a run id or
/// the start of one, its company — and says what an ambiguous name matched (exit 2); `runs list`
/// narrows the history by status, company and time.
#[test]
fn runs_show_finds_an_operation_by_any_of_its_names_and_runs_list_filters() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (a, _) = v.company("Names A");
    let done = v.run(&[
        "import",
        "--company",
        &a,
        example("contacts-clean.csv").to_str().unwrap(),
        "--json",
    ]);
    done.expect(0);
    let run_a = done.json()["run_id"].as_str().unwrap().to_string();
    let (b, _) = v.company("Names B");
    let paused = v.run(&[
        "import",
        "--company",
        &b,
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
    ]);
    paused.expect(5);
    let run_b = paused.json()["run_id"].as_str().unwrap().to_string();
    let list = v.run(&["runs", "list", "--json"]).json();
    let ops = list["operations"].as_array().unwrap().clone();
    assert_eq!(ops.len(), 4);
    let id_of = |kind: &str, company: &str| {
        ops.iter()
            .find(|o| o["kind"] == kind && o["company"] == company)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (import_a, import_b, company_b) = (
        id_of("import", &a),
        id_of("import", &b),
        id_of("company", &b),
    );
    let shown = |name: &str| {
        let r = v.run(&["runs", "show", name, "--json"]);
        r.expect(0);
        r.json()["id"].as_str().unwrap().to_string()
    };
    // The end of the id (the part that differs between operations of the same second).
    let tail = &import_a[import_a.len() - 6..];
    assert_eq!(shown(tail), import_a);
    assert_eq!(shown(&import_a[..import_a.len() - 2]), import_a);
    // A run id, whole or its start.
    assert_eq!(shown(&run_a), import_a);
    assert_eq!(shown(&run_b[..8]), import_b);
    // A company with one operation of its own would do; B has two: ambiguous, both listed.
    let ambiguous = v.run(&["runs", "show", &b, "--json"]);
    ambiguous.expect(2);
    let e = ambiguous.json();
    let mut candidates: Vec<&str> = e["error"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    candidates.sort();
    let mut want = vec![import_b.as_str(), company_b.as_str()];
    want.sort();
    assert_eq!(candidates, want, "{e}");
    let text = v.run(&["runs", "show", &b]);
    text.expect(2);
    assert!(
        text.stderr.contains(&format!("'{b}' matches 2 operations"))
            && text.stderr.contains(&import_b)
            && text.stderr.contains("matched its company id"),
        "{}",
        text.stderr
    );
    // Every id of the day starts the same way.
    v.run(&["runs", "show", &import_a[..8]]).expect(2);
    let none = v.run(&["runs", "show", "no-such-thing"]);
    none.expect(1);
    assert!(none.stderr.contains("hint:") && none.stderr.contains("vern runs list"));

    // runs list: by status, by company (or the start of its id), by time.
    let listed = |args: &[&str]| {
        let mut all = vec!["runs", "list", "--json"];
        all.extend_from_slice(args);
        let r = v.run(&all);
        r.expect(0);
        let j = r.json();
        let ids: Vec<String> = j["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        (ids, j)
    };
    let (ids, j) = listed(&["--status", "paused"]);
    assert_eq!(ids, [import_b.as_str()]);
    assert_eq!(j["filter"]["status"], serde_json::json!(["paused"]));
    assert_eq!(j["total"], 1);
    assert_eq!(listed(&["--company", &a[..8]]).0.len(), 2);
    let (ids, _) = listed(&[
        "--status",
        "completed",
        "--status",
        "paused",
        "--company",
        &b,
    ]);
    assert_eq!(ids.len(), 2);
    let (ids, _) = listed(&["--status", "completed,failed", "--company", &b]);
    assert_eq!(ids, [company_b.as_str()]);
    assert_eq!(listed(&["--since", "1h"]).0.len(), 4);
    assert_eq!(listed(&["--since", "2000-01-01"]).0.len(), 4);
    let (ids, j) = listed(&["--since", "2999-01-01T00:00:00Z"]);
    assert!(ids.is_empty());
    assert_eq!(j["filter"]["since"], "2999-01-01T00:00:00Z");
    let text = v.run(&["runs", "list", "--status", "failed", "--since", "24h"]);
    text.expect(0);
    assert!(
        text.stdout
            .starts_with("no operations with status failed, active since "),
        "{}",
        text.stdout
    );
    v.run(&["runs", "list", "--status", "stuck"]).expect(2);
    v.run(&["runs", "list", "--since", "last tuesday"])
        .expect(2);
}

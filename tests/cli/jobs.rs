//! `vern jobs` (issue 16): saved deliveries on a schedule, run by the real binary against the
//! sandbox with `--now` (and `jobs serve`'s simulated clock), so nothing waits for a real fire
//! time. Covers the job's life (create … delete, apply/export), fire times across a DST gap and a
//! fold in Europe/Berlin, a machine off for a day under each catch-up mode, two run-due at once,
//! a job longer than its interval, a run killed midway and continued, double triggers, `jobs
//! serve` (on schedule, SIGTERM mid-run), its HTTP API over real HTTP, and the wrappers of `jobs
//! schedule --print` checked by real parsers.

use crate::servers::tool;
use crate::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;

/// A company vern provisioned (so its journal knows the sheets), with both example files imported.
fn company() -> (BackgroundSandbox, Vern, String) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Jobs Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c)
}

/// `jobs create NAME --company C --to DIR --schedule S …`, as JSON; returns the job object.
fn create(v: &Vern, c: &str, name: &str, schedule: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "jobs",
        "create",
        name,
        "--company",
        c,
        "--schedule",
        schedule,
        "--json",
    ];
    args.extend_from_slice(extra);
    let r = v.run(&args);
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["action"], "created");
    doc["job"].clone()
}

fn run_due(v: &Vern, now: &str, extra: &[&str]) -> Value {
    let mut args = vec!["jobs", "run-due", "--now", now, "--json"];
    args.extend_from_slice(extra);
    let r = v.run(&args);
    r.expect(0);
    r.json()
}

/// What run-due did with one job.
fn due_of<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {doc:#}"))
}

fn fire_times(runs: &Value) -> Vec<String> {
    runs.as_array()
        .unwrap()
        .iter()
        .map(|r| r["scheduled_for"].as_str().unwrap_or("-").to_string())
        .collect()
}

/// `jobs runs NAME --json`.
fn runs(v: &Vern, name: &str) -> Vec<Value> {
    let r = v.run(&["jobs", "runs", name, "--json", "--limit", "1000"]);
    r.expect(0);
    r.json()["runs"].as_array().unwrap().clone()
}

/// Every file in `dir`, names sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Delivery operations of the journal that ran for `job_id`.
fn job_ops(v: &Vern, job_id: &str) -> Vec<Value> {
    let r = v.run(&["runs", "list", "--json", "--limit", "1000"]);
    r.expect(0);
    r.json()["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["delivery"]["job_id"] == job_id)
        .cloned()
        .collect()
}

#[test]
fn jobs_a_job_is_created_listed_shown_updated_paused_resumed_and_deleted() {
    let (_sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "nightly",
        "30 2 * * *",
        &[
            "--to",
            "out",
            "--tz",
            "europe/berlin",
            "--format",
            "jsonl",
            "--gzip",
            "--description",
            "Contacts for the CRM",
            "--now",
            "2026-06-01T12:00:00Z",
        ],
    );
    let id = job["id"].as_str().unwrap().to_string();
    assert_eq!(job["timezone"], "Europe/Berlin", "canonical spelling");
    assert_eq!(job["destination_type"], "file");
    assert_eq!(job["filename_template"], "{sheet}-{date}T{time}.{ext}");
    assert_eq!(job["active"], true);
    assert_eq!(job["next_run_at"], "2026-06-02T00:30:00Z");
    // One 0600 record, schema-versioned, in the state directory beside the journal.
    let record = v.state.path().join("jobs").join(format!("{id}.json"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&record).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let kept: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    assert_eq!(kept["schema"], 1);
    assert_eq!(kept["definition"]["companyId"], c.as_str());
    assert!(
        !std::fs::read_dir(v.state.path().join("jobs"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp")),
        "no temp file left"
    );

    // Errors say where the cron expression or the zone is wrong, and nothing is saved.
    let bad = v.run(&[
        "jobs",
        "create",
        "bad",
        "--company",
        &c,
        "--to",
        "out",
        "--schedule",
        "30 25 * * *",
    ]);
    bad.expect(2);
    assert!(
        bad.stderr
            .contains("--schedule: invalid cron expression: hour field: 25 is out of range 0-23\n  30 25 * * *\n     ^^"),
        "{}",
        bad.stderr
    );
    let tz = v.run(&[
        "jobs",
        "create",
        "bad",
        "--company",
        &c,
        "--to",
        "out",
        "--schedule",
        "@daily",
        "--tz",
        "Europe/Berln",
        "--json",
    ]);
    tz.expect(2);
    let e = tz.json();
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean Europe/Berlin?"),
        "{e}"
    );
    let taken = v.run(&[
        "jobs",
        "create",
        "nightly",
        "--company",
        &c,
        "--to",
        "out",
        "--schedule",
        "@daily",
    ]);
    taken.expect(7);
    let sheet = v.run(&[
        "jobs",
        "create",
        "other",
        "--company",
        &c,
        "--to",
        "out",
        "--schedule",
        "@daily",
        "--sheet",
        "Nope",
    ]);
    sheet.expect(2);
    assert!(sheet.stderr.contains("Nope"), "{}", sheet.stderr);

    let list = v.run(&["jobs", "list", "--json", "--now", "2026-06-01T12:00:00Z"]);
    list.expect(0);
    let jobs = list.json()["jobs"].as_array().unwrap().clone();
    assert_eq!(jobs.len(), 1, "the refused jobs were not saved");
    let human = v.run(&["jobs", "list", "--now", "2026-06-01T12:00:00Z"]);
    human.expect(0);
    assert!(human.stdout.starts_with("NAME"), "{}", human.stdout);
    assert!(human.stdout.contains("nightly") && human.stdout.contains("2026-06-02T00:30:00Z"));

    let show = v.run(&[
        "jobs",
        "show",
        "nightly",
        "--json",
        "--now",
        "2026-06-01T12:00:00Z",
    ]);
    show.expect(0);
    let shown = show.json();
    assert_eq!(
        shown["next_fire_times"],
        json!([
            "2026-06-02T00:30:00Z",
            "2026-06-03T00:30:00Z",
            "2026-06-04T00:30:00Z",
            "2026-06-05T00:30:00Z",
            "2026-06-06T00:30:00Z"
        ])
    );
    assert_eq!(shown["runs"], json!([]));
    v.run(&["jobs", "show", &id]).expect(0);
    v.run(&["jobs", "show", "nope"]).expect(1);

    // Update: only the given fields change; a new schedule restarts from now.
    let up = v.run(&[
        "jobs",
        "update",
        "nightly",
        "--schedule",
        "0 6 * * MON-FRI",
        "--gzip=false",
        "--catch-up",
        "all",
        "--json",
        "--now",
        "2026-06-03T12:00:00Z",
    ]);
    up.expect(0);
    let up = up.json();
    assert_eq!(up["action"], "updated");
    assert_eq!(up["job"]["schedule"], "0 6 * * MON-FRI");
    assert_eq!(up["job"]["compress"], false);
    assert_eq!(up["job"]["format"], "jsonl", "kept");
    assert_eq!(up["job"]["catch_up"], "all");
    assert_eq!(up["next_fire_times"], json!(["2026-06-04T04:00:00Z"]));
    let kept: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    assert_eq!(kept["state"]["evaluatedUntil"], "2026-06-03T12:00:00Z");
    let wrong = v.run(&["jobs", "update", "nightly", "--tz", "Mars/Olympus"]);
    wrong.expect(2);
    let same = v.run(&["jobs", "update", "nightly", "--catch-up", "all", "--json"]);
    assert_eq!(same.json()["action"], "unchanged");

    // Pause and resume: a resumed job fires at its next match after the resume.
    let p = v.run(&[
        "jobs",
        "pause",
        "nightly",
        "--json",
        "--now",
        "2026-06-04T00:00:00Z",
    ]);
    p.expect(0);
    let p = p.json();
    assert_eq!(
        (p["action"].clone(), p["job"]["active"].clone()),
        (json!("paused"), json!(false))
    );
    assert_eq!(p["job"]["next_run_at"], Value::Null);
    let due = run_due(&v, "2026-06-08T12:00:00Z", &[]);
    assert!(due["jobs"].as_array().unwrap().is_empty(), "paused: {due}");
    let r = v.run(&[
        "jobs",
        "resume",
        "nightly",
        "--json",
        "--now",
        "2026-06-09T12:00:00Z",
    ]);
    r.expect(0);
    let r = r.json();
    assert_eq!(r["action"], "resumed");
    assert_eq!(r["job"]["next_run_at"], "2026-06-10T04:00:00Z");
    let due = run_due(&v, "2026-06-09T12:05:00Z", &[]);
    assert_eq!(due_of(&due, "nightly")["outcome"], "nothing_due");
    assert!(
        due_of(&due, "nightly")["missed"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing for the paused days"
    );

    // Delete: asks on a terminal, so scripts pass --yes.
    v.run(&["jobs", "delete", "nightly"]).expect(2);
    let d = v.run(&["jobs", "delete", "nightly", "--yes", "--json"]);
    d.expect(0);
    assert_eq!(d.json()["name"], "nightly");
    assert!(!record.exists());
    v.run(&["jobs", "show", "nightly"]).expect(1);
}

#[test]
fn jobs_apply_and_export_round_trip() {
    let (_sb, v, c) = company();
    let file = v.path("jobs.json");
    let declared = json!({"jobs": [
        {
            "name": "nightly-s3",
            "companyId": c,
            "destinationConfig": {"url": "s3://drop/contacts"},
            "format": "jsonl",
            "compress": true,
            "schedule": "30 2 * * *",
            "timezone": "Europe/Berlin",
            "maxRows": 50000
        },
        {
            "name": "hourly",
            "description": "Every hour, delta",
            "companyId": c,
            "destinationConfig": {"url": "out", "ifExists": "skip", "manifest": false},
            "sheets": ["Contacts"],
            "mode": "delta",
            "schedule": "@hourly",
            "catchUp": "none",
            "deadline": "2h",
            "active": false
        }
    ]});
    std::fs::write(&file, serde_json::to_string_pretty(&declared).unwrap()).unwrap();
    let a = v.run(&["jobs", "apply", "-f", file.to_str().unwrap(), "--json"]);
    a.expect(0);
    let a = a.json();
    assert_eq!(a["created"], json!(["nightly-s3", "hourly"]));
    let exported = v.run(&["jobs", "export"]);
    exported.expect(0);
    let doc: Value = serde_json::from_str(&exported.stdout).unwrap();
    assert_eq!(doc["kind"], "job_file");
    let jobs = doc["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0]["name"], "hourly", "sorted by name");
    assert_eq!(jobs[1]["maxRows"], 50000);
    assert_eq!(
        jobs[0]["destinationConfig"],
        json!({"url": "out", "ifExists": "skip", "manifest": false})
    );
    assert!(jobs[0].get("id").is_none(), "only what apply reads");
    v.run(&["jobs", "export", "--json"]).json();

    // The export applied to a fresh state directory gives the same export.
    let copy = v.path("exported.json");
    std::fs::write(&copy, &exported.stdout).unwrap();
    let other = tempfile::tempdir().unwrap();
    let state = other.path().to_str().unwrap();
    let mut cmd = v.command();
    cmd.env("VERN_STATE_DIR", state);
    // (The sheet names are the journal's: apply in the fresh directory without them.)
    let mut without_names: Value = serde_json::from_str(&exported.stdout).unwrap();
    without_names["jobs"][0]["sheets"] = json!([]);
    std::fs::write(&copy, without_names.to_string()).unwrap();
    let r = Run::from(
        cmd.args(["jobs", "apply", "-f", copy.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    r.expect(0);
    let again = Run::from(
        v.command()
            .env("VERN_STATE_DIR", state)
            .args(["jobs", "export"])
            .output()
            .unwrap(),
    );
    again.expect(0);
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again, without_names);

    // Applying the same file changes nothing; a changed job is updated in place.
    let same = v.run(&["jobs", "apply", "-f", file.to_str().unwrap(), "--json"]);
    assert_eq!(same.json()["unchanged"], json!(["nightly-s3", "hourly"]));
    let mut changed = declared.clone();
    changed["jobs"][0]["schedule"] = json!("0 3 * * *");
    std::fs::write(&file, changed.to_string()).unwrap();
    let up = v.run_stdin(
        &["jobs", "apply", "-f", "-", "--json"],
        &changed.to_string(),
    );
    up.expect(0);
    assert_eq!(up.json()["updated"], json!(["nightly-s3"]));

    // One wrong job: nothing is applied, and the message says which and where.
    let mut wrong = changed.clone();
    wrong["jobs"][0]["schedule"] = json!("0 4 * * *");
    wrong["jobs"][1]["timezone"] = json!("Europe/Berln");
    std::fs::write(&file, wrong.to_string()).unwrap();
    let r = v.run(&["jobs", "apply", "-f", file.to_str().unwrap()]);
    r.expect(2);
    assert!(
        r.stderr
            .contains("jobs[1] (hourly): timezone: unknown time zone"),
        "{}",
        r.stderr
    );
    let now: Value = serde_json::from_str(&v.run(&["jobs", "export"]).stdout).unwrap();
    assert_eq!(now["jobs"][1]["schedule"], "0 3 * * *", "nothing changed");
    let unknown = json!([{"name": "x", "companyId": c, "destinationConfig": {"url": "out"}, "schedule": "@daily", "colour": "red"}]);
    std::fs::write(&file, unknown.to_string()).unwrap();
    let r = v.run(&["jobs", "apply", "-f", file.to_str().unwrap()]);
    r.expect(2);
    assert!(r.stderr.contains("unknown field `colour`"), "{}", r.stderr);
}

#[test]
fn jobs_run_due_runs_each_fire_time_once_named_after_it() {
    let (_sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "daily",
        "15 4 * * *",
        &["--to", "out", "--now", "2026-06-01T00:00:00Z"],
    );
    let id = job["id"].as_str().unwrap();
    // Before the fire time: nothing.
    let d = run_due(&v, "2026-06-01T04:14:59Z", &[]);
    assert_eq!(due_of(&d, "daily")["outcome"], "nothing_due");
    // On time: trigger schedule; names from the fire time in UTC.
    let d = run_due(&v, "2026-06-01T04:17:00Z", &[]);
    let due = due_of(&d, "daily");
    assert_eq!(due["outcome"], "ran");
    let run = &due["runs"][0];
    assert_eq!(run["status"], "success");
    assert_eq!(run["trigger"], "schedule");
    assert_eq!(run["scheduled_for"], "2026-06-01T04:15:00Z");
    assert_eq!(run["job_id"], id);
    assert!(run["record_count"].as_u64().unwrap() > 2000);
    let names = listing(&v.path("out"));
    assert!(
        names.contains(&"contacts-2026-06-01T041500.csv".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"companies-2026-06-01T041500.csv".to_string()),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("vern-manifest-2026-06-01-")),
        "{names:?}"
    );
    // The same fire time again (the same --now, and later ones): never a second run.
    for now in ["2026-06-01T04:17:00Z", "2026-06-01T04:30:00Z"] {
        let d = run_due(&v, now, &[]);
        assert_eq!(due_of(&d, "daily")["outcome"], "nothing_due", "{now}");
    }
    assert_eq!(listing(&v.path("out")).len(), 3);
    // A manual run for that fire time shows it, not a second copy.
    let again = v.run(&[
        "jobs",
        "run",
        "daily",
        "--scheduled-for",
        "2026-06-01T04:15:00Z",
        "--json",
    ]);
    again.expect(0);
    assert_eq!(again.json()["id"], run["id"]);
    assert_eq!(listing(&v.path("out")).len(), 3);
    // A manual run now: trigger manual, no fire time, named after its start.
    let manual = v.run(&["jobs", "run", "daily", "--json"]);
    manual.expect(0);
    let m = manual.json();
    assert_eq!(
        (m["trigger"].clone(), m["scheduled_for"].clone()),
        (json!("manual"), Value::Null)
    );
    assert_eq!(m["job_id"], id);
    // The history is the journal's: `runs list` shows the same runs with their job.
    let ops = job_ops(&v, id);
    assert_eq!(ops.len(), 2);
    let triggers: Vec<&str> = ops
        .iter()
        .map(|o| o["delivery"]["trigger"].as_str().unwrap())
        .collect();
    assert_eq!(triggers, ["manual", "schedule"]);
    let listed = v.run(&["runs", "list"]);
    assert!(
        listed
            .stdout
            .contains("job daily (schedule, fire time 2026-06-01T04:15:00Z)"),
        "{}",
        listed.stdout
    );
    let history = runs(&v, "daily");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["trigger"], "manual", "most recent first");
    let limited = v.run(&["jobs", "runs", "daily", "--limit", "1", "--json"]);
    let limited = limited.json();
    assert_eq!(
        (
            limited["runs"].as_array().unwrap().len(),
            limited["total"].clone()
        ),
        (1, json!(2))
    );
    let shown = v.run(&["jobs", "show", "daily", "--json"]).json();
    assert_eq!(shown["job"]["last_run_status"], "success");
    assert_eq!(shown["runs"].as_array().unwrap().len(), 2);
}

#[test]
fn jobs_dst_gap_and_fold_in_a_real_zone() {
    let (_sb, v, c) = company();
    // Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (02:30 does not exist);
    // 2026-10-25 03:00 CEST -> 02:00 CET (02:30 happens twice).
    for (name, schedule) in [("fixed", "30 2 * * *"), ("every-hour", "30 * * * *")] {
        create(
            &v,
            &c,
            name,
            schedule,
            &[
                "--to",
                &format!("out-{name}"),
                "--tz",
                "Europe/Berlin",
                "--sheet",
                "Contacts",
                "--now",
                "2026-03-28T23:45:00Z",
            ],
        );
    }
    let show = v
        .run(&[
            "jobs",
            "show",
            "fixed",
            "--json",
            "--now",
            "2026-03-28T23:45:00Z",
        ])
        .json();
    assert_eq!(
        show["next_fire_times"][0], "2026-03-29T01:00:00Z",
        "the gap's 02:30 runs at 03:00 CEST"
    );
    // 00:30Z is 01:30 CET; 01:00Z is 03:00 CEST, the first valid time after the gap.
    let d = run_due(&v, "2026-03-29T01:02:00Z", &[]);
    assert_eq!(
        fire_times(&due_of(&d, "fixed")["runs"]),
        ["2026-03-29T01:00:00Z"]
    );
    assert_eq!(due_of(&d, "fixed")["runs"][0]["trigger"], "schedule");
    // The hourly job lost no run before the gap: 00:30Z ran (late by 32 minutes: latest catch-up).
    let hourly = due_of(&d, "every-hour");
    assert_eq!(fire_times(&hourly["runs"]), ["2026-03-29T00:30:00Z"]);
    assert_eq!(hourly["runs"][0]["trigger"], "catch-up");
    assert!(listing(&v.path("out-fixed")).contains(&"contacts-2026-03-29T010000.csv".to_string()));
    let d = run_due(&v, "2026-03-29T02:00:00Z", &[]);
    assert_eq!(
        due_of(&d, "fixed")["outcome"],
        "nothing_due",
        "once that day"
    );
    assert_eq!(
        fire_times(&due_of(&d, "every-hour")["runs"]),
        ["2026-03-29T01:30:00Z"]
    );

    // The fold: resume both from just before it.
    for name in ["fixed", "every-hour"] {
        v.run(&["jobs", "pause", name, "--now", "2026-10-24T23:00:00Z"])
            .expect(0);
        v.run(&["jobs", "resume", name, "--now", "2026-10-24T23:50:00Z"])
            .expect(0);
    }
    // 00:30Z is 02:30 CEST (first pass), 01:30Z is 02:30 CET (second pass).
    let first = run_due(&v, "2026-10-25T00:31:00Z", &[]);
    assert_eq!(
        fire_times(&due_of(&first, "fixed")["runs"]),
        ["2026-10-25T00:30:00Z"]
    );
    assert_eq!(
        fire_times(&due_of(&first, "every-hour")["runs"]),
        ["2026-10-25T00:30:00Z"]
    );
    let second = run_due(&v, "2026-10-25T01:31:00Z", &[]);
    assert_eq!(
        due_of(&second, "fixed")["outcome"],
        "nothing_due",
        "a fixed time runs once in the fold"
    );
    assert_eq!(
        fire_times(&due_of(&second, "every-hour")["runs"]),
        ["2026-10-25T01:30:00Z"],
        "a wildcard hour runs on both passes"
    );
    let next = v
        .run(&[
            "jobs",
            "show",
            "fixed",
            "--json",
            "--now",
            "2026-10-25T01:31:00Z",
        ])
        .json();
    assert_eq!(
        next["next_fire_times"][0], "2026-10-26T01:30:00Z",
        "02:30 CET the next day"
    );
}

#[test]
fn jobs_a_machine_off_for_a_day_catches_up_per_mode() {
    let (_sb, v, c) = company();
    for (name, mode) in [("latest", "latest"), ("all", "all"), ("none", "none")] {
        create(
            &v,
            &c,
            name,
            "0 6 * * *",
            &[
                "--to",
                &format!("out-{name}"),
                "--sheet",
                "Companies",
                "--catch-up",
                mode,
                "--deadline",
                "48h",
                "--now",
                "2026-06-01T05:00:00Z",
            ],
        );
    }
    // Ran at 06:02 on day 1, then the machine was off until 09:30 on day 3: the fire times of
    // day 2 (27.5 h ago) and day 3 (3.5 h ago) were missed.
    let d = run_due(&v, "2026-06-01T06:02:00Z", &[]);
    for name in ["latest", "all", "none"] {
        assert_eq!(due_of(&d, name)["runs"][0]["trigger"], "schedule", "{name}");
    }
    let d = run_due(&v, "2026-06-03T09:30:00Z", &[]);
    let latest = due_of(&d, "latest");
    assert_eq!(fire_times(&latest["runs"]), ["2026-06-03T06:00:00Z"]);
    assert_eq!(latest["runs"][0]["trigger"], "catch-up");
    assert_eq!(fire_times(&latest["missed"]), ["2026-06-02T06:00:00Z"]);
    let all = due_of(&d, "all");
    assert_eq!(
        fire_times(&all["runs"]),
        ["2026-06-02T06:00:00Z", "2026-06-03T06:00:00Z"],
        "each, in order"
    );
    assert!(
        all["runs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["trigger"] == "catch-up")
    );
    let none = due_of(&d, "none");
    assert!(none["runs"].as_array().unwrap().is_empty());
    assert_eq!(
        fire_times(&none["missed"]),
        ["2026-06-02T06:00:00Z", "2026-06-03T06:00:00Z"]
    );
    // Missed fire times are in the history, as runs with status missed.
    let h = runs(&v, "none");
    let missed: Vec<&Value> = h.iter().filter(|r| r["status"] == "missed").collect();
    assert_eq!(missed.len(), 2);
    assert!(
        missed[0]["error"]
            .as_str()
            .unwrap()
            .contains("catch-up none")
    );
    // Recording them again (the same evaluation replayed) keeps one of each.
    assert_eq!(
        runs(&v, "latest")
            .iter()
            .filter(|r| r["status"] == "missed")
            .count(),
        1
    );
    // The deadline (overridden for one call): older fire times are missed, not run.
    let d = run_due(
        &v,
        "2026-06-06T07:00:00Z",
        &["--catch-up", "all", "--deadline", "24h"],
    );
    let all = due_of(&d, "all");
    assert_eq!(fire_times(&all["runs"]), ["2026-06-06T06:00:00Z"]);
    assert_eq!(
        fire_times(&all["missed"]),
        ["2026-06-04T06:00:00Z", "2026-06-05T06:00:00Z"]
    );
    assert!(
        all["missed"][0]["error"]
            .as_str()
            .unwrap()
            .contains("deadline (24h)")
    );
}

/// Start `vern jobs run-due …` in the background.
fn spawn(v: &Vern, args: &[&str]) -> Child {
    v.command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait until the journal holds `n` delivery operations (a run begun), or fail after 30 s.
fn wait_for_ops(v: &Vern, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let count = std::fs::read_dir(v.state.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".json")
                    && std::fs::read_to_string(e.path())
                        .is_ok_and(|t| t.contains("\"kind\": \"deliver\""))
            })
            .count();
        if count >= n {
            return;
        }
        assert!(Instant::now() < deadline, "no delivery began");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn jobs_two_run_due_at_once_run_a_job_once() {
    let (sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "busy",
        "*/10 * * * *",
        &["--to", "out", "--now", "2026-06-01T00:00:00Z"],
    );
    // Slow responses keep the first run-due's delivery going while the second starts.
    sb.update(|d| d.faults.latency = Duration::from_millis(700));
    let first = spawn(
        &v,
        &["jobs", "run-due", "--now", "2026-06-01T00:10:30Z", "--json"],
    );
    wait_for_ops(&v, 1);
    let second = v.run(&["jobs", "run-due", "--now", "2026-06-01T00:10:30Z", "--json"]);
    second.expect(0);
    let s = second.json();
    let busy = due_of(&s, "busy");
    assert_eq!(busy["outcome"], "skipped");
    assert!(
        busy["note"]
            .as_str()
            .unwrap()
            .contains("running in process"),
        "{busy}"
    );
    assert!(second.stderr.contains("skipped"), "{}", second.stderr);
    let first = Run::from(first.wait_with_output().unwrap());
    first.expect(0);
    assert_eq!(
        due_of(&first.json(), "busy")["runs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    sb.update(|d| d.faults.latency = Duration::ZERO);
    // After the first finished: the fire time is done, nothing runs twice.
    let d = run_due(&v, "2026-06-01T00:10:30Z", &[]);
    assert_eq!(due_of(&d, "busy")["outcome"], "nothing_due");
    assert_eq!(job_ops(&v, job["id"].as_str().unwrap()).len(), 1);
    assert_eq!(
        listing(&v.path("out")).len(),
        3,
        "two sheets and one manifest"
    );
    // Two manual runs at once: the second is refused (exit 7), naming the holder.
    sb.update(|d| d.faults.latency = Duration::from_millis(700));
    let manual = spawn(&v, &["jobs", "run", "busy"]);
    wait_for_ops(&v, 2);
    let refused = v.run(&["jobs", "run", "busy"]);
    refused.expect(7);
    assert!(
        refused.stderr.contains("job busy is running in process"),
        "{}",
        refused.stderr
    );
    Run::from(manual.wait_with_output().unwrap()).expect(0);
}

#[test]
fn jobs_a_job_longer_than_its_interval_never_overlaps() {
    let (sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "minutely",
        "* * * * *",
        &["--to", "out", "--now", "2026-06-01T00:00:00Z"],
    );
    sb.update(|d| d.faults.latency = Duration::from_millis(700));
    // The 00:01 run is still going when the 00:02 fire time comes.
    let long = spawn(
        &v,
        &["jobs", "run-due", "--now", "2026-06-01T00:01:05Z", "--json"],
    );
    wait_for_ops(&v, 1);
    let overlap = run_due(&v, "2026-06-01T00:02:05Z", &[]);
    assert_eq!(due_of(&overlap, "minutely")["outcome"], "skipped");
    Run::from(long.wait_with_output().unwrap()).expect(0);
    sb.update(|d| d.faults.latency = Duration::ZERO);
    // Next poll: the newest fire time runs, the one that came during the long run is missed.
    let d = run_due(&v, "2026-06-01T00:03:05Z", &[]);
    let m = due_of(&d, "minutely");
    assert_eq!(fire_times(&m["runs"]), ["2026-06-01T00:03:00Z"]);
    assert_eq!(fire_times(&m["missed"]), ["2026-06-01T00:02:00Z"]);
    let ran: Vec<Value> = runs(&v, "minutely")
        .into_iter()
        .filter(|r| r["status"] == "success")
        .collect();
    assert_eq!(ran.len(), 2);
    // Never two at once: the newer started after the older completed.
    assert!(
        ran[0]["started_at"].as_str().unwrap() >= ran[1]["completed_at"].as_str().unwrap(),
        "{ran:#?}"
    );
    assert_eq!(job_ops(&v, job["id"].as_str().unwrap()).len(), 2);
}

#[test]
fn jobs_a_run_killed_midway_is_continued_by_the_next_run_due() {
    let (_sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "crashy",
        "0 * * * *",
        &["--to", "out", "--now", "2026-06-01T00:30:00Z"],
    );
    for at in [
        "deliver:planned",
        "deliver:committing",
        "deliver:committed#2",
        "deliver:manifest",
    ] {
        let before = job_ops(&v, job["id"].as_str().unwrap()).len();
        let now = format!("2026-06-01T{:02}:05:00Z", before + 1);
        let killed = v.run_env(
            &["jobs", "run-due", "--now", &now],
            &[("VERN_CRASH_AT", at)],
        );
        assert_eq!(killed.code, -1, "{at}: killed\n{}", killed.stderr);
        // Later, the next run-due continues the decided run: same run id, each file once.
        let later = format!("2026-06-01T{:02}:20:00Z", before + 1);
        let d = run_due(&v, &later, &[]);
        let runs = &due_of(&d, "crashy")["runs"];
        assert_eq!(runs.as_array().unwrap().len(), 1, "{at}: {d:#}");
        assert_eq!(runs[0]["status"], "success", "{at}");
        let fire = format!("2026-06-01T{:02}:00:00Z", before + 1);
        assert_eq!(runs[0]["scheduled_for"], fire.as_str(), "{at}");
        let ops = job_ops(&v, job["id"].as_str().unwrap());
        assert_eq!(ops.len(), before + 1, "{at}: the same operation, continued");
        let stamp = format!("2026-06-01T{:02}0000", before + 1);
        let files: Vec<String> = listing(&v.path("out"))
            .into_iter()
            .filter(|n| {
                n.contains(&stamp)
                    || n.starts_with(&format!(
                        "vern-manifest-2026-06-01-{}",
                        runs[0]["id"].as_str().unwrap()
                    ))
            })
            .collect();
        assert_eq!(files.len(), 3, "{at}: {files:?}");
        assert!(
            !listing(&v.path("out")).iter().any(|n| n.starts_with('.')),
            "{at}: no temp file left"
        );
    }
}

/// `vern jobs serve …` in the background, its banner read from stdout.
struct Served {
    child: Child,
    banner: Value,
    stderr: mpsc::Receiver<String>,
    lines: Vec<String>,
}

impl Served {
    fn start(v: &Vern, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut cmd = v.command();
        cmd.args(["jobs", "serve", "--json"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut text = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
        for line in out.by_ref() {
            let line = line.unwrap();
            let done = line == "}";
            text.push_str(&line);
            text.push('\n');
            if done {
                break;
            }
        }
        let banner: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        check_contract(&banner);
        let (tx, rx) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Served {
            child,
            banner,
            stderr: rx,
            lines: Vec::new(),
        }
    }

    /// Wait for a stderr line containing `what` (30 s at most).
    fn wait_for(&mut self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        if let Some(l) = self.lines.iter().find(|l| l.contains(what)) {
            return l.clone();
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.lines.push(line.clone());
                    if line.contains(what) {
                        return line;
                    }
                }
                Err(_) => panic!("no '{what}' on stderr:\n{}", self.lines.join("\n")),
            }
        }
    }

    /// SIGTERM, then the exit code and the rest of stderr.
    fn stop(mut self) -> (i32, String) {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let status = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        while let Ok(l) = self.stderr.try_recv() {
            self.lines.push(l);
        }
        (status.code().unwrap_or(-1), self.lines.join("\n"))
    }
}

#[test]
fn jobs_serve_runs_jobs_on_schedule_and_stops_cleanly() {
    let (_sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "every-minute",
        "* * * * *",
        &[
            "--to",
            "out",
            "--sheet",
            "Companies",
            "--now",
            "2026-06-01T00:00:00Z",
        ],
    );
    // A simulated clock from 00:00:55, 50 times faster than real time (VERN_TIME_SCALE).
    let mut served = Served::start(&v, &["--now", "2026-06-01T00:00:55Z"], &[]);
    assert_eq!(served.banner["clock"], "simulated");
    assert_eq!(served.banner["next_run_at"], "2026-06-01T00:01:00Z");
    let first = served.wait_for("2026-06-01T00:01:00Z");
    assert!(
        first.starts_with("job every-minute: "),
        "one line per run: {first}"
    );
    assert!(first.contains("success  schedule"), "{first}");
    served.wait_for("2026-06-01T00:02:00Z");
    let (code, stderr) = served.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    let history = runs(&v, "every-minute");
    let ok: Vec<&Value> = history
        .iter()
        .filter(|r| r["status"] == "success")
        .collect();
    assert!(ok.len() >= 2, "{history:#?}");
    assert!(ok.iter().all(|r| r["trigger"] == "schedule"));
    let names = listing(&v.path("out"));
    for t in ["T000100", "T000200"] {
        assert!(
            names.contains(&format!("companies-2026-06-01{t}.csv")),
            "{names:?}"
        );
    }
    // A run-due after it finds those fire times done.
    let ops = job_ops(&v, job["id"].as_str().unwrap()).len();
    run_due(&v, "2026-06-01T00:02:10Z", &[]);
    assert_eq!(job_ops(&v, job["id"].as_str().unwrap()).len(), ops);
}

#[test]
fn jobs_serve_stopped_mid_run_journals_it_and_the_next_run_due_continues_it() {
    let (sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "slow",
        "0 * * * *",
        &["--to", "out", "--now", "2026-06-01T00:00:00Z"],
    );
    sb.update(|d| d.faults.latency = Duration::from_millis(1500));
    let served = Served::start(&v, &["--now", "2026-06-01T00:59:59Z"], &[]);
    wait_for_ops(&v, 1);
    std::thread::sleep(Duration::from_millis(300));
    let (code, stderr) = served.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("journaled as interrupted"), "{stderr}");
    let ops = job_ops(&v, job["id"].as_str().unwrap());
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0]["status"], "interrupted");
    let id = ops[0]["id"].as_str().unwrap().to_string();
    sb.update(|d| d.faults.latency = Duration::ZERO);
    let d = run_due(&v, "2026-06-01T01:10:00Z", &[]);
    let runs = &due_of(&d, "slow")["runs"];
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(
        runs[0]["operation"],
        id.as_str(),
        "the same operation, continued"
    );
    assert_eq!(runs[0]["scheduled_for"], "2026-06-01T01:00:00Z");
    assert_eq!(runs[0]["status"], "success");
    assert_eq!(job_ops(&v, job["id"].as_str().unwrap()).len(), 1);
    assert_eq!(
        listing(&v.path("out")).len(),
        3,
        "each file once, one manifest"
    );
}

/// A blocking client for the jobs API.
struct JobsApi {
    base: String,
    token: String,
    http: reqwest::blocking::Client,
}

impl JobsApi {
    fn call(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
        };
        (status, json)
    }
}

#[test]
fn jobs_http_api_serves_the_store_with_a_bearer_token() {
    let (_sb, v, c) = company();
    let token = "test-token-0123456789abcdef";
    let served = Served::start(
        &v,
        &["--listen", "127.0.0.1:0", "--now", "2026-06-01T00:00:00Z"],
        &[("VERN_JOBS_TOKEN", token)],
    );
    assert_eq!(
        served.banner["token"],
        Value::Null,
        "the environment's token is not printed"
    );
    assert_eq!(served.banner["token_from_env"], true);
    let base = served.banner["listen"].as_str().unwrap().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let api = JobsApi {
        base: base.clone(),
        token: token.into(),
        http: reqwest::blocking::Client::new(),
    };
    // 401 before anything else: no token, a wrong one, another scheme.
    let anon = reqwest::blocking::get(format!("{base}/export-jobs")).unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    assert_eq!(anon.headers()["www-authenticate"], "Bearer");
    let body: Value = anon.json().unwrap();
    assert!(body["error"].is_string());
    let wrong = JobsApi {
        base: base.clone(),
        token: "nope".into(),
        http: reqwest::blocking::Client::new(),
    };
    assert_eq!(wrong.call("GET", "/export-jobs/whatever", None).0, 401);

    assert_eq!(
        api.call("GET", "/export-jobs", None),
        (200, json!({"jobs": []}))
    );
    let job = json!({
        "name": "api-job",
        "companyId": c,
        "destinationConfig": {"url": "out"},
        "schedule": "30 2 * * *",
        "timezone": "Europe/Berlin"
    });
    let (s, created) = api.call("POST", "/export-jobs", Some(&job.to_string()));
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["destinationType"], "file");
    assert_eq!(created["nextRunAt"], "2026-06-01T00:30:00Z");
    // The CLI sees it: one store.
    let listed = v.run(&["jobs", "list", "--json"]).json();
    assert_eq!(listed["jobs"][0]["id"], id.as_str());
    // 409: a name taken; 400: bad JSON, a wrong cron expression (showing where), an unknown field.
    assert_eq!(
        api.call("POST", "/export-jobs", Some(&job.to_string())).0,
        409
    );
    let (s, e) = api.call("POST", "/export-jobs", Some("{\"name\": "));
    assert_eq!(s, 400);
    assert!(
        e["error"].as_str().unwrap().starts_with("invalid JSON"),
        "{e}"
    );
    let mut bad = job.clone();
    bad["name"] = json!("other");
    bad["schedule"] = json!("0 0 * * 8");
    let (s, e) = api.call("POST", "/export-jobs", Some(&bad.to_string()));
    assert_eq!(s, 400);
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("day-of-week field: 8 is out of range 0-7\n  0 0 * * 8\n          ^"),
        "{e}"
    );
    bad["schedule"] = json!("@daily");
    bad["colour"] = json!("red");
    assert_eq!(
        api.call("POST", "/export-jobs", Some(&bad.to_string())).0,
        400
    );
    assert_eq!(api.call("POST", "/export-jobs", Some("")).0, 400);
    // 404 and 405.
    assert_eq!(api.call("GET", "/export-jobs/no-such-job", None).0, 404);
    assert_eq!(api.call("GET", "/nothing-here", None).0, 404);
    assert_eq!(api.call("DELETE", "/export-jobs/no-such-job", None).0, 404);
    let resp = api
        .http
        .patch(format!("{base}/export-jobs"))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(resp.headers()["allow"], "GET, POST");

    // GET, PUT (replaces every mutable field), pause, resume.
    let (s, got) = api.call("GET", &format!("/export-jobs/{id}"), None);
    assert_eq!((s, got["name"].clone()), (200, json!("api-job")));
    let mut replaced = got.clone();
    replaced["schedule"] = json!("0 3 * * *");
    replaced["format"] = json!("json");
    let (s, put) = api.call(
        "PUT",
        &format!("/export-jobs/{id}"),
        Some(&replaced.to_string()),
    );
    assert_eq!(s, 200, "{put}");
    assert_eq!(
        (put["schedule"].clone(), put["format"].clone()),
        (json!("0 3 * * *"), json!("json"))
    );
    let minimal = json!({"name": "api-job", "companyId": c, "destinationConfig": {"url": "out"}, "schedule": "0 3 * * *"});
    let (_, put) = api.call(
        "PUT",
        &format!("/export-jobs/{id}"),
        Some(&minimal.to_string()),
    );
    assert_eq!(
        put["format"], "csv",
        "PUT replaces: an omitted field takes its default"
    );
    assert_eq!(put["timezone"], "UTC");
    let (s, paused) = api.call("POST", &format!("/export-jobs/{id}/pause"), None);
    assert_eq!((s, paused["active"].clone()), (200, json!(false)));
    assert_eq!(
        api.call("GET", &format!("/export-jobs/{id}/pause"), None).0,
        405
    );
    let (s, resumed) = api.call("POST", &format!("/export-jobs/{id}/resume"), None);
    assert_eq!((s, resumed["active"].clone()), (200, json!(true)));

    // Runs: recorded from outside, listed newest first with a limit; the same run again is
    // accepted, a different one under the same id is a conflict.
    let ext = json!({"id": "ext-1", "status": "running", "startedAt": "2026-06-01T03:00:00Z", "trigger": "schedule", "scheduledFor": "2026-06-01T03:00:00Z"});
    let (s, r) = api.call(
        "POST",
        &format!("/export-jobs/{id}/runs"),
        Some(&ext.to_string()),
    );
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["jobId"], id.as_str());
    let mut done = ext.clone();
    done["status"] = json!("success");
    done["completedAt"] = json!("2026-06-01T03:01:00Z");
    done["recordCount"] = json!(42);
    assert_eq!(
        api.call(
            "POST",
            &format!("/export-jobs/{id}/runs"),
            Some(&done.to_string())
        )
        .0,
        200
    );
    assert_eq!(
        api.call(
            "POST",
            &format!("/export-jobs/{id}/runs"),
            Some(&done.to_string())
        )
        .0,
        200
    );
    let mut changed = done.clone();
    changed["recordCount"] = json!(43);
    assert_eq!(
        api.call(
            "POST",
            &format!("/export-jobs/{id}/runs"),
            Some(&changed.to_string())
        )
        .0,
        409
    );
    let second =
        json!({"status": "failed", "startedAt": "2026-06-02T03:00:00Z", "error": "disk full"});
    assert_eq!(
        api.call(
            "POST",
            &format!("/export-jobs/{id}/runs"),
            Some(&second.to_string())
        )
        .0,
        201
    );
    assert_eq!(
        api.call(
            "POST",
            &format!("/export-jobs/{id}/runs"),
            Some("{\"status\": \"done\"}")
        )
        .0,
        400
    );
    let (s, listed) = api.call("GET", &format!("/export-jobs/{id}/runs?limit=1"), None);
    assert_eq!(s, 200);
    assert_eq!(listed["runs"].as_array().unwrap().len(), 1);
    assert_eq!(listed["runs"][0]["status"], "failed", "newest first");
    let (_, all) = api.call("GET", &format!("/export-jobs/{id}/runs"), None);
    assert_eq!(all["runs"][1]["recordCount"], 42);
    assert_eq!(
        api.call("GET", &format!("/export-jobs/{id}/runs?limit=0"), None)
            .0,
        400
    );
    assert_eq!(
        v.run(&["jobs", "runs", "api-job", "--json"]).json()["total"],
        2
    );
    assert_eq!(
        v.run(&["jobs", "show", "api-job", "--json"]).json()["job"]["last_run_status"],
        "failed"
    );

    // DELETE: 204, then 404.
    assert_eq!(
        api.call("DELETE", &format!("/export-jobs/{id}"), None),
        (204, Value::Null)
    );
    assert_eq!(api.call("GET", &format!("/export-jobs/{id}"), None).0, 404);
    let (code, stderr) = served.stop();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn jobs_http_api_prints_a_token_it_made_and_refuses_to_delete_a_running_job() {
    let (sb, v, c) = company();
    create(
        &v,
        &c,
        "slow",
        "0 * * * *",
        &["--to", "out", "--now", "2026-06-01T00:00:00Z"],
    );
    sb.update(|d| d.faults.latency = Duration::from_millis(1000));
    let served = Served::start(&v, &["--listen", "0", "--now", "2026-06-01T00:59:59Z"], &[]);
    let token = served.banner["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 32);
    let api = JobsApi {
        base: served.banner["listen"].as_str().unwrap().to_string(),
        token,
        http: reqwest::blocking::Client::new(),
    };
    wait_for_ops(&v, 1);
    let (s, e) = api.call("DELETE", "/export-jobs/slow", None);
    assert_eq!(s, 409, "{e}");
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("is running in process"),
        "{e}"
    );
    sb.update(|d| d.faults.latency = Duration::ZERO);
    let (code, _) = served.stop();
    assert_eq!(code, 0);
}

#[test]
fn jobs_schedule_prints_wrappers_valid_for_their_platforms() {
    let (_sb, v, c) = company();
    create(
        &v,
        &c,
        "nightly",
        "30 2 * * *",
        &["--to", "s3://drop/contacts", "--tz", "Europe/Berlin"],
    );
    create(&v, &c, "often", "*/2 * * * *", &["--to", "out"]);
    let print = |job: &str, platform: &str| {
        let r = v.run(&["jobs", "schedule", job, "--print", platform]);
        r.expect(0);
        r.stdout
    };
    let vern = env!("CARGO_BIN_EXE_vern");
    let state = v.state.path().display().to_string();

    // crontab: a poll line that runs this vern on this state directory, ending in a new line.
    let tab = print("nightly", "crontab");
    assert!(tab.ends_with('\n'));
    let line = tab.lines().find(|l| !l.starts_with('#')).unwrap();
    let fields: Vec<&str> = line.splitn(6, ' ').collect();
    assert_eq!(fields[..5].join(" "), "*/5 * * * *");
    assert_eq!(
        fields[5],
        format!("{vern} --state-dir {state} jobs run-due --job nightly")
    );
    assert!(
        tab.contains("AWS_ACCESS_KEY_ID"),
        "names the credentials it needs"
    );
    let often = print("often", "crontab");
    assert!(
        often.lines().any(|l| l.starts_with("* * * * * ")),
        "{often}"
    );

    // Kubernetes: a YAML 1.2 parser, the CronJob's required fields.
    let k8s = print("nightly", "kubernetes");
    let docs = yaml_rust2::YamlLoader::load_from_str(&k8s).expect("valid YAML");
    let d = &docs[0];
    assert_eq!(d["apiVersion"].as_str(), Some("batch/v1"));
    assert_eq!(d["kind"].as_str(), Some("CronJob"));
    assert_eq!(d["metadata"]["name"].as_str(), Some("vern-job-nightly"));
    let spec = &d["spec"];
    assert_eq!(spec["schedule"].as_str(), Some("*/5 * * * *"));
    assert_eq!(spec["concurrencyPolicy"].as_str(), Some("Forbid"));
    let deadline = spec["startingDeadlineSeconds"].as_i64().unwrap();
    assert!(
        (10..300).contains(&deadline),
        "below the poll interval: {deadline}"
    );
    let pod = &spec["jobTemplate"]["spec"]["template"]["spec"];
    assert!(matches!(
        pod["restartPolicy"].as_str(),
        Some("Never" | "OnFailure")
    ));
    let container = &pod["containers"][0];
    assert!(container["name"].as_str().is_some() && container["image"].as_str().is_some());
    let args: Vec<&str> = container["args"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args, ["jobs", "run-due", "--job", "nightly"]);

    // GitHub Actions: the job's own schedule and zone, the state in the cache.
    let gha = print("nightly", "github-actions");
    let docs = yaml_rust2::YamlLoader::load_from_str(&gha).expect("valid YAML");
    let w = &docs[0];
    let schedule = &w["on"]["schedule"][0];
    assert_eq!(schedule["cron"].as_str(), Some("30 2 * * *"));
    assert_eq!(schedule["timezone"].as_str(), Some("Europe/Berlin"));
    let steps = w["jobs"]["run-due"]["steps"].as_vec().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["run"].as_str() == Some("vern jobs run-due --job nightly"))
    );
    assert!(w["jobs"]["run-due"]["runs-on"].as_str().is_some());
    let gha_often = print("often", "github-actions");
    assert!(
        gha_often.contains("cron: '*/5 * * * *'"),
        "GitHub's shortest interval"
    );

    // The same files through PyYAML (YAML 1.1) and, where installed, the platforms' schemas.
    let dir = tempfile::tempdir().unwrap();
    let k8s_file = dir.path().join("cronjob.yaml");
    let gha_file = dir.path().join("workflow.yml");
    std::fs::write(&k8s_file, &k8s).unwrap();
    std::fs::write(&gha_file, &gha).unwrap();
    if tool("python3") {
        let check = "import sys, yaml\nfor p in sys.argv[1:]:\n    d = yaml.safe_load(open(p))\n    assert isinstance(d, dict), p\n    print(p, sorted(map(str, d)))\n";
        let out = std::process::Command::new("python3")
            .args(["-c", check])
            .arg(&k8s_file)
            .arg(&gha_file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if tool("kubernetes-validate") {
        let out = std::process::Command::new("kubernetes-validate")
            .args(["-k", "1.30.0", "--strict"])
            .arg(&k8s_file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if tool("check-jsonschema") {
        let out = std::process::Command::new("check-jsonschema")
            .args(["--builtin-schema", "vendor.github-workflows"])
            .arg(&gha_file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // systemd: both units written with --out, verified by systemd itself (an unknown key is only
    // a warning there, so stderr must be empty too).
    let units = tempfile::tempdir().unwrap();
    let r = v.run(&[
        "jobs",
        "schedule",
        "nightly",
        "--print",
        "systemd",
        "--out",
        units.path().to_str().unwrap(),
        "--json",
    ]);
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    let service = units.path().join("vern-job-nightly.service");
    let timer = units.path().join("vern-job-nightly.timer");
    let text = std::fs::read_to_string(&service).unwrap();
    assert!(
        text.contains(&format!(
            "ExecStart={vern} --state-dir {state} jobs run-due --job nightly"
        )),
        "{text}"
    );
    assert!(
        std::fs::read_to_string(&timer)
            .unwrap()
            .contains("OnCalendar=*:0/5")
    );
    let printed = print("nightly", "systemd");
    assert!(printed.contains("### file: vern-job-nightly.timer"));
    if tool("systemd-analyze") {
        let out = std::process::Command::new("systemd-analyze")
            .arg("verify")
            .arg(&timer)
            .arg(&service)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.trim().is_empty(), "{stderr}");
    }
}

#[test]
fn jobs_vern_resume_continues_a_killed_job_run() {
    let (_sb, v, c) = company();
    let job = create(
        &v,
        &c,
        "hourly",
        "0 * * * *",
        &["--to", "out", "--now", "2026-06-01T00:30:00Z"],
    );
    let id = job["id"].as_str().unwrap();
    let killed = v.run_env(
        &["jobs", "run-due", "--now", "2026-06-01T01:05:00Z"],
        &[("VERN_CRASH_AT", "deliver:committing")],
    );
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    let op = job_ops(&v, id)[0]["id"].as_str().unwrap().to_string();
    // `vern resume` re-runs what the operation recorded: `jobs run ID --scheduled-for T`.
    let r = v.run(&["resume", &op, "--json"]);
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["id"], op.as_str());
    assert_eq!(doc["trigger"], "schedule", "the run keeps its trigger");
    assert_eq!(doc["scheduled_for"], "2026-06-01T01:00:00Z");
    // The job's pending run is done: the next run-due strikes it off without a second run.
    let d = run_due(&v, "2026-06-01T01:10:00Z", &[]);
    assert_eq!(due_of(&d, "hourly")["runs"][0]["operation"], op.as_str());
    assert_eq!(job_ops(&v, id).len(), 1);
    assert_eq!(listing(&v.path("out")).len(), 3);
    let d = run_due(&v, "2026-06-01T01:11:00Z", &[]);
    assert_eq!(due_of(&d, "hourly")["outcome"], "nothing_due");
}

#[test]
fn jobs_a_nightly_s3_job_delivers_on_schedule_under_run_due_and_serve() {
    let Some(moto) = crate::servers::Moto::start() else {
        return;
    };
    moto.create_bucket("drop");
    let (_sb, v, c) = company();
    let env: Vec<(String, String)> = moto.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = v.run_env(
        &[
            "jobs",
            "create",
            "nightly",
            "--company",
            &c,
            "--to",
            "s3://drop/contacts",
            "--format",
            "jsonl",
            "--gzip",
            "--schedule",
            "30 2 * * *",
            "--tz",
            "Europe/Berlin",
            "--now",
            "2026-06-01T12:00:00Z",
            "--json",
        ],
        &env,
    );
    r.expect(0);
    let id = r.json()["job"]["id"].as_str().unwrap().to_string();
    // cron calls run-due every 5 minutes: the first poll after 02:30 Berlin (00:30Z) runs it.
    for now in [
        "2026-06-02T00:25:00Z",
        "2026-06-02T00:30:00Z",
        "2026-06-02T00:35:00Z",
    ] {
        let r = v.run_env(&["jobs", "run-due", "--now", now, "--json"], &env);
        r.expect(0);
    }
    // The machine is off on the 3rd; back on the 4th at 07:00Z, it catches up the newest.
    let r = v.run_env(
        &["jobs", "run-due", "--now", "2026-06-04T07:00:00Z", "--json"],
        &env,
    );
    r.expect(0);
    let d = r.json();
    assert_eq!(
        fire_times(&due_of(&d, "nightly")["runs"]),
        ["2026-06-04T00:30:00Z"]
    );
    assert_eq!(
        fire_times(&due_of(&d, "nightly")["missed"]),
        ["2026-06-03T00:30:00Z"]
    );
    // Then `jobs serve` takes over (a simulated clock): the 5th's fire time.
    let mut cmd = v.command();
    cmd.envs(env.iter().copied());
    let mut served = {
        let mut child = cmd
            .args(["jobs", "serve", "--now", "2026-06-05T00:29:55Z"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Served {
            child,
            banner: Value::Null,
            stderr: rx,
            lines: Vec::new(),
        }
    };
    served.wait_for("for 2026-06-05T00:30:00Z");
    let (code, stderr) = served.stop();
    assert_eq!(code, 0, "{stderr}");
    // Each fire time once in the bucket, named after it, with its manifest; the history says so.
    let keys: Vec<String> = moto
        .objects("drop", "contacts/")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    for day in ["02", "04", "05"] {
        for sheet in ["companies", "contacts"] {
            let key = format!("contacts/{sheet}-2026-06-{day}T003000.jsonl.gz");
            assert!(keys.contains(&key), "{key} in {keys:?}");
        }
    }
    assert_eq!(
        keys.iter().filter(|k| k.contains("vern-manifest-")).count(),
        3,
        "{keys:?}"
    );
    assert_eq!(keys.len(), 9, "{keys:?}");
    let history = runs(&v, "nightly");
    let summary: Vec<(String, String, String)> = history
        .iter()
        .map(|r| {
            (
                r["scheduled_for"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["trigger"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |t: &str, s: &str, g: &str| (t.to_string(), s.to_string(), g.to_string());
    assert!(
        summary.contains(&expect("2026-06-02T00:30:00Z", "success", "schedule")),
        "{summary:?}"
    );
    assert!(
        summary.contains(&expect("2026-06-03T00:30:00Z", "missed", "schedule")),
        "{summary:?}"
    );
    assert!(
        summary.contains(&expect("2026-06-04T00:30:00Z", "success", "catch-up")),
        "{summary:?}"
    );
    assert!(
        summary.contains(&expect("2026-06-05T00:30:00Z", "success", "schedule")),
        "{summary:?}"
    );
    assert_eq!(history.len(), 4);
    assert!(
        history
            .iter()
            .filter(|r| r["status"] == "success")
            .all(|r| r["destination_path"]
                .as_str()
                .unwrap()
                .starts_with("s3://drop/contacts/vern-manifest-"))
    );
    assert_eq!(job_ops(&v, &id).len(), 3);
}

#[test]
fn jobs_max_rows_plans_each_run_and_refuses_one_over_the_cap() {
    let (_sb, v, c) = company();
    create(
        &v,
        &c,
        "capped",
        "15 4 * * *",
        &[
            "--to",
            "out",
            "--max-rows",
            "100",
            "--now",
            "2026-06-01T00:00:00Z",
        ],
    );
    // `jobs run --plan`: the plan against the job's cap, exit 8, nothing written.
    let plan = v.run(&["jobs", "run", "capped", "--plan", "--json"]);
    plan.expect(8);
    let p = plan.json();
    assert_eq!(p["kind"], "delivery_plan");
    assert_eq!(p["refused"], true);
    assert_eq!(p["max_rows"], 100);
    let to_send = p["total"]["to_send"].as_u64().unwrap();
    assert!(to_send > 2000, "{p:#}");
    assert!(
        p["next"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains(&format!("vern jobs update capped --max-rows {to_send}"))),
        "{p:#}"
    );
    assert!(listing(&v.path("out")).is_empty());
    // The scheduled run: planned first, refused, kept in the history as failed; exit 8.
    let due = v.run(&["jobs", "run-due", "--now", "2026-06-01T04:17:00Z", "--json"]);
    due.expect(8);
    let due = due.json();
    let run = &due_of(&due, "capped")["runs"][0];
    assert_eq!(run["status"], "failed", "{run:#}");
    let error = run["error"].as_str().unwrap();
    assert!(
        error.contains("maxRows") && error.contains("nothing was sent"),
        "{error}"
    );
    assert!(listing(&v.path("out")).is_empty());
    let history = runs(&v, "capped");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["scheduled_for"], "2026-06-01T04:15:00Z");
    // A manual run over the cap: the plan on stdout, exit 8, nothing written.
    let manual = v.run(&["jobs", "run", "capped"]);
    manual.expect(8);
    assert!(
        manual.stdout.contains("--max-rows 100"),
        "{}",
        manual.stdout
    );
    assert!(listing(&v.path("out")).is_empty());
    // Without the cap the plan is what the run then does: rows, files, bytes.
    v.run(&["jobs", "update", "capped", "--max-rows", "none"])
        .expect(0);
    let plan = v.run(&["jobs", "run", "capped", "--plan", "--json"]);
    plan.expect(0);
    let p = plan.json();
    assert_eq!(p["refused"], false);
    let done = v.run(&["jobs", "run", "capped", "--json"]);
    done.expect(0);
    let d = done.json();
    assert_eq!(d["record_count"], p["total"]["to_send"], "{d:#}\n{p:#}");
    assert_eq!(d["file_size"], p["total"]["bytes"], "{d:#}\n{p:#}");
    let data: Vec<String> = listing(&v.path("out"))
        .into_iter()
        .filter(|n| !n.starts_with("vern-manifest"))
        .collect();
    assert_eq!(data.len() as u64, p["total"]["files"].as_u64().unwrap());
}

/// A webhook job's plan needs no signing secret (it sends nothing to the endpoint); its run does.
#[test]
fn jobs_a_webhook_jobs_plan_counts_batches_without_a_secret() {
    let (_sb, v, c) = company();
    create(
        &v,
        &c,
        "hook",
        "0 * * * *",
        &[
            "--to",
            "http://127.0.0.1:9/hook",
            "--now",
            "2026-06-01T00:00:00Z",
        ],
    );
    let mut cmd = v.command();
    cmd.env_remove("VERN_WEBHOOK_SECRET")
        .args(["jobs", "run", "hook", "--plan", "--json"]);
    let plan = Run::from(cmd.output().unwrap());
    plan.expect(0);
    let p = plan.json();
    assert_eq!(
        (p["format"].clone(), p["total"]["files"].clone()),
        (json!("json"), json!(0))
    );
    let batches: u64 = p["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to_send"].as_u64().unwrap().div_ceil(1000))
        .sum();
    assert!(batches >= 2, "{p:#}");
    assert_eq!(p["total"]["batches"], batches);
    let mut cmd = v.command();
    cmd.env_remove("VERN_WEBHOOK_SECRET")
        .args(["jobs", "run", "hook"]);
    let run = Run::from(cmd.output().unwrap());
    run.expect(3);
    assert!(run.stderr.contains("VERN_WEBHOOK_SECRET"), "{}", run.stderr);
}

//! The step commands as users run them: the real binary against the sandbox, every outcome and
//! exit code, human and `--json` output.

use crate::support::*;
use serde_json::Value;
use std::time::Duration;
use vern::sandbox::config::Scenario;

#[test]
fn auth_status_and_discovery() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = v.run(&["auth", "status"]);
    r.expect(0);
    assert!(
        r.stdout
            .contains("key from the VERN_API_KEY environment variable"),
        "{}",
        r.stdout
    );
    r.assert_no(&sb.key);
    let j = v.run(&["auth", "status", "--json"]).json();
    assert_eq!(
        (j["authenticated"].clone(), j["key_source"].clone()),
        (
            Value::Bool(true),
            serde_json::json!({"kind": "environment"})
        )
    );
    assert_eq!(j["exit_code"], 0);

    let r = v.run(&["sources", "list"]);
    r.expect(0);
    assert!(
        r.stdout.contains(HUBSPOT) && r.stdout.starts_with("NAME"),
        "{}",
        r.stdout
    );
    let j = v.run(&["templates", "list", "--json"]).json();
    assert_eq!(j["templates"].as_array().unwrap().len(), 2);
    let r = v.run(&["templates", "list"]);
    assert!(
        r.stdout
            .contains("Status      one of Open / Closed / Pending"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("links to Companies.Name"));

    let logged = v.run_env(&["sources", "list"], &[("VERN_LOG", "debug")]);
    assert!(
        logged.stderr.contains("→ GET") && logged.stderr.contains("← 200"),
        "{}",
        logged.stderr
    );
    logged.assert_no(&sb.key);
    let wrong = v.run_env(&["auth", "status"], &[("VERN_API_KEY", "wrong")]);
    wrong.expect(3);
    assert!(
        wrong.stderr.contains("Invalid API key") && wrong.stderr.contains("hint: "),
        "{}",
        wrong.stderr
    );
    let none = Run::from(
        bare()
            .args(["sources", "list"])
            .env("VERN_API_URL", &sb.api_url)
            .output()
            .unwrap(),
    );
    none.expect(3);
    assert!(none.stderr.contains("error: no API key"), "{}", none.stderr);
    assert!(none.stderr.contains("VERN_API_KEY"), "{}", none.stderr);
    let none = Run::from(
        bare()
            .args(["sources", "list", "--json"])
            .env("VERN_API_URL", &sb.api_url)
            .output()
            .unwrap(),
    );
    none.expect(3);
    assert_eq!(none.json()["exit_code"], 3);
    assert_eq!(none.json()["error"]["message"], "no API key");
}

#[test]
fn company_create_and_its_conflicts() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = v.run(&[
        "company",
        "create",
        "--name",
        "Northwind",
        "--source",
        HUBSPOT,
        "--external-id",
        "nw-1",
        "--template",
        CONTACTS,
    ]);
    r.expect(0);
    assert!(
        r.stdout.contains("Northwind (external id nw-1)") && r.stdout.contains("Contacts"),
        "{}",
        r.stdout
    );
    let again = v.run(&[
        "company",
        "create",
        "--name",
        "Other",
        "--source",
        HUBSPOT,
        "--external-id",
        "nw-1",
        "--json",
    ]);
    again.expect(7);
    assert!(
        again.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("external id 'nw-1' is already used")
    );
    v.run(&["company", "create", "--name", "X", "--source", "hubspot"])
        .expect(2);
    v.run(&[
        "company",
        "create",
        "--name",
        "X",
        "--source",
        HUBSPOT,
        "--external-id",
        "has space",
    ])
    .expect(2);
    let bad = v.path("conn.json");
    std::fs::write(&bad, "{\"destination\": {}}").unwrap();
    let r = v.run(&[
        "company",
        "create",
        "--name",
        "X",
        "--source",
        HUBSPOT,
        "--connection",
        bad.to_str().unwrap(),
    ]);
    r.expect(1);
    assert!(r.stderr.contains("base_url"), "{}", r.stderr);
    assert_eq!(
        sb.stats().companies_created,
        1,
        "nothing sent for bad input"
    );
}

#[test]
fn upload_prints_refs_and_never_shows_the_key_to_storage() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Upload Co");
    let r = v.run(&[
        "upload",
        "--company",
        &c,
        example("companies.csv").to_str().unwrap(),
        example("contacts-clean.csv").to_str().unwrap(),
        "--json",
        "-vv",
    ]);
    r.expect(0);
    let j = r.json();
    let ups = j["uploads"].as_array().unwrap();
    assert_eq!(ups.len(), 2);
    assert_eq!(ups[0]["name"], "companies.csv");
    assert_eq!(ups[0]["content_type"], "text/csv");
    let bytes = std::fs::read(example("companies.csv")).unwrap();
    assert_eq!(ups[0]["size"], bytes.len());

    assert_eq!(ups[0]["blake3"], blake3::hash(&bytes).to_hex().as_str());
    assert!(
        ups[1]["upload_ref"]
            .as_str()
            .unwrap()
            .ends_with("contacts-clean.csv")
    );
    let stats = sb.stats();
    assert_eq!((stats.puts_ok, stats.storage_requests_with_api_key), (2, 0));
    r.assert_no(&sb.key);
    assert!(
        r.stderr.contains("token=REDACTED"),
        "-vv logs the PUT with its token redacted:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\r'), "no redraws off a terminal");

    // The refs import later.
    let refs: Vec<String> = ups
        .iter()
        .map(|u| {
            format!(
                "{}={}",
                u["name"].as_str().unwrap(),
                u["upload_ref"].as_str().unwrap()
            )
        })
        .collect();
    let r = v.run(&[
        "import",
        "--company",
        &c,
        "--upload-ref",
        &refs[0],
        "--upload-ref",
        &refs[1],
    ]);
    r.expect(0);
    assert!(
        r.stdout.contains("4,500 rows in 2 sheets; no rows flagged"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_dirty_import_needs_attention_then_approve_export_download() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, company) = v.company("Dirty Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("companies.csv").to_str().unwrap(),
        example("contacts-dirty.csv").to_str().unwrap(),
    ]);
    r.expect(5);
    assert!(r.stdout.contains("needs_attention"), "{}", r.stdout);
    assert!(r.stdout.contains("58 rows flagged"));
    assert!(
        r.stdout.contains("fq1  Contacts · Status · 37 rows"),
        "{}",
        r.stdout
    );
    let next = r
        .stdout
        .lines()
        .find(|l| l.starts_with("next: "))
        .unwrap()
        .trim_start_matches("next: ")
        .to_string();
    assert!(
        next.starts_with(&format!("vern approve --company {c} "))
            && next.contains("--accept --expect-patch "),
        "{next}"
    );
    assert!(!r.stderr.contains('\r'));

    // poll shows the same run, its patch hash, the same next command.
    let run_id = next.split_whitespace().nth(4).unwrap().to_string();
    let p = v.run(&["poll", "--company", &c, &run_id, "--json"]);
    p.expect(5);
    let pj = p.json();
    assert_eq!(pj["status"], "needs_attention");
    assert_eq!(pj["next"][0], next.as_str());
    let hash = pj["patch_hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 16);
    // The hash is the contract's: SHA-256 of the canonical needs_attention JSON.
    let raw = Api::new(&sb)
        .get(&format!("/companies/{c}/imports/{run_id}"))
        .json()["needs_attention"]
        .clone();
    assert_eq!(hash, vern::canonical::patch_hash(&raw));
    let w = v.run(&["wait", "--company", &c, "--active", "--json"]);
    w.expect(5);
    assert_eq!(w.json()["run_id"], run_id.as_str());

    // A wrong hash sends nothing.
    let stale = v.run(&[
        "approve",
        "--company",
        &c,
        &run_id,
        "--accept",
        "--expect-patch",
        "0123456789abcdef",
    ]);
    stale.expect(7);
    assert!(
        stale.stderr.contains("nothing was sent"),
        "{}",
        stale.stderr
    );
    assert_eq!(sb.stats().companies[&c].decisions, 0);

    let args: Vec<&str> = next.split_whitespace().skip(1).collect();
    let a = v.run(&args);
    a.expect(0);
    assert!(
        a.stdout
            .starts_with(&format!("sent accept on patch {hash}")),
        "{}",
        a.stdout
    );
    assert!(
        a.stdout.contains("4,379 rows in 2 sheets; no rows flagged"),
        "{}",
        a.stdout
    );
    let again = v.run(&args);
    again.expect(7);
    assert!(
        again
            .stderr
            .contains("is completed; there is no decision to make"),
        "{}",
        again.stderr
    );

    let canary = v.run(&["export", "--company", &c, "--mode", "canary", "--json"]);
    canary.expect(0);
    assert_eq!(canary.json()["total"], 2);
    let full = v.run(&["export", "--company", &c, "--report", "writes.jsonl"]);
    full.expect(6);
    assert!(
        full.stdout
            .contains("4,379 writes: 4,373 ok, 6 failed, 4 hollow"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout
            .contains("6 × 422 phone: must be a valid phone number"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("warning: 4 hollow writes"),
        "{}",
        full.stdout
    );
    let lines = std::fs::read_to_string(v.path("writes.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 4379);
    let first: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert!(first["status"].is_number() && first["ok"].is_boolean());
    let again = v.run(&["export", "--company", &c]);
    again.expect(2);
    assert!(
        again
            .stderr
            .contains("a full export already ran for company")
            && again.stderr.contains("--yes"),
        "{}",
        again.stderr
    );
    assert_eq!(sb.stats().companies[&c].full_exports, 1, "nothing sent");
    let allowed = v.run(&[
        "export",
        "--company",
        &c,
        "--allow-failures",
        "--yes",
        "--json",
    ]);
    allowed.expect(0);
    let aj = allowed.json();
    assert_eq!(
        (aj["failed"].clone(), aj["hollow"].clone()),
        (Value::from(6), Value::from(4))
    );
    assert_eq!(aj["failures"][0]["count"], 6);
    assert_eq!(aj["hollow_writes"].as_array().unwrap().len(), 4);

    let sheet = Api::sheet_id(&company, "Contacts");
    let d = v.run(&["download", "--company", &c, "--sheet", &sheet]);
    d.expect(0);
    assert!(
        d.stdout
            .starts_with("saved ./dirty-co-contacts.csv: 2,379 records"),
        "{}",
        d.stdout
    );
    let saved = std::fs::read_to_string(v.path("dirty-co-contacts.csv")).unwrap();
    assert_eq!(saved.lines().count(), 2380);
    let d = v.run(&[
        "download",
        "--company",
        &c,
        "--sheet",
        &sheet,
        "--filter",
        "all",
        "-o",
        "all.csv",
        "--json",
    ]);
    d.expect(0);
    assert_eq!(d.json()["rows"], 2379);
    let piped = v.run(&["download", "--company", &c, "--sheet", &sheet, "-o", "-"]);
    piped.expect(0);
    assert_eq!(piped.stdout, saved, "-o - streams the CSV itself");
    assert!(
        piped.stderr.contains("saved -: 2,379 records"),
        "{}",
        piped.stderr
    );
    v.run(&[
        "download",
        "--company",
        &c,
        "--sheet",
        &sheet,
        "-o",
        "-",
        "--json",
    ])
    .expect(2);
    let leftovers: Vec<_> = std::fs::read_dir(v.cwd.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
    let missing = v.run(&[
        "download",
        "--company",
        &c,
        "--sheet",
        CONTACTS,
        "-o",
        "nope.csv",
    ]);
    missing.expect(1);
    assert!(
        missing.stderr.contains("Sheet not found"),
        "{}",
        missing.stderr
    );
    assert!(
        !v.path("nope.csv").exists(),
        "a failed download leaves no file"
    );
}

#[test]
fn answers_and_rejection_from_the_command_line() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Answers Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
    ]);
    r.expect(5);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let bad = v.run(&[
        "approve",
        "--company",
        &c,
        &run,
        "--answer",
        "fq0=keep them",
        "--answer",
        "fq1=a",
    ]);
    bad.expect(1);
    assert!(
        bad.stderr.contains("does not take free text")
            && bad.stderr.contains("a) Remove these rows"),
        "{}",
        bad.stderr
    );
    let partial = v.run(&["approve", "--company", &c, &run, "--answer", "fq1=a"]);
    partial.expect(1);
    assert!(
        partial.stderr.contains("unanswered: fq0"),
        "{}",
        partial.stderr
    );
    v.run(&["approve", "--company", &c, &run, "--answer", "fq1"])
        .expect(2);
    v.run(&["approve", "--company", &c, &run, "--accept", "--reject"])
        .expect(2);
    let none = v.run(&["approve", "--company", &c, &run]);
    none.expect(2);
    assert!(
        none.stderr
            .contains("--accept, --reject, --answer QID=VALUE or --message TEXT"),
        "{}",
        none.stderr
    );
    assert_eq!(sb.stats().companies[&c].decisions, 0);
    let ok = v.run(&[
        "approve",
        "--company",
        &c,
        &run,
        "--answer",
        "fq0=a",
        "--answer",
        "fq1=Pending",
        "--json",
    ]);
    ok.expect(0);
    let j = ok.json();
    assert_eq!(j["decision"]["decision"], "answer");
    assert_eq!(
        j["decision"]["answers"][0]["value"], "Remove these rows",
        "option ids become labels"
    );
    assert_eq!(j["decision"]["answers"][1]["value"], "Pending");
    assert_eq!(j["run"]["status"], "completed");

    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
        "--new",
    ]);
    r.expect(5);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let rej = v.run(&["approve", "--company", &c, &run, "--reject", "--json"]);
    rej.expect(0);
    assert_eq!(rej.json()["run"]["report"]["invalid_cell_count"], 58);
}

#[test]
fn blocked_runs_failed_runs_and_no_wait() {
    // Queued for 200 ms: long enough that `--no-wait` reliably sees `queued` on a loaded machine.
    let sb = sandbox_with(|d| {
        d.scenario = Some(Scenario::Blocked);
        d.timing.queue_time = std::time::Duration::from_secs(40);
    });
    let v = Vern::new(&sb);
    let (c, _) = v.company("Blocked Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ]);
    r.expect(5);
    assert!(
        r.stdout.contains(": blocked")
            && r.stdout.contains("q1  Some Contacts rows have no Status"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("--answer q1=VALUE"), "{}", r.stdout);
    let run = r
        .stdout
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(':')
        .to_string();
    v.run(&["approve", "--company", &c, &run, "--accept"])
        .expect(2);
    let a = v.run(&["approve", "--company", &c, &run, "--answer", "q1=a"]);
    a.expect(0);
    assert!(
        a.stdout
            .contains("sent answers q1=\"Fill them with 'Open'\""),
        "{}",
        a.stdout
    );
    assert_eq!(sb.stats().companies[&c].messages, 1);

    sb.update(|d| d.scenario = Some(Scenario::Fail));
    // The same file again is shown, not repeated…
    let same = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ]);
    same.expect(0);
    assert!(
        same.stderr.contains("already completed as operation"),
        "{}",
        same.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
    // …unless --new asks for it.
    let f = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
        "--json",
        "--new",
    ]);
    f.expect(4);
    assert_eq!(f.json()["status"], "failed");
    assert_eq!(f.json()["error"]["kind"], "run_failed");
    assert!(
        f.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'fail' scenario")
    );
    sb.update(|d| d.scenario = None);
    let broken = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-broken.csv").to_str().unwrap(),
    ]);
    broken.expect(4);
    assert!(
        broken
            .stdout
            .contains("error: Required column 'Email' could not be matched"),
        "{}",
        broken.stdout
    );

    let empty = v.run(&["import", "--company", &c, "--rows", "-", "--no-wait"]);
    empty.expect(1);
    assert!(
        empty.stderr.contains("--rows stdin: malformed JSON"),
        "{}",
        empty.stderr
    );
    let rows = r#"[{"Email": "ana@x.co", "First Name": "Ana", "Status": "Open"}]"#;
    let s = v.run_stdin(
        &[
            "import",
            "--company",
            &c,
            "--rows",
            "-",
            "--no-wait",
            "--json",
        ],
        rows,
    );
    s.expect(0);
    let j = s.json();
    assert_eq!(j["status"], "queued");
    let run = j["run_id"].as_str().unwrap().to_string();
    assert_eq!(j["next"][0], format!("vern poll --company {c} {run}"));
    let other_rows = r#"[{"Email": "li@x.co", "First Name": "Li"}]"#;
    let busy = v.run_stdin(&["import", "--company", &c, "--rows", "-"], other_rows);
    busy.expect(7);
    assert!(
        busy.stderr
            .contains(&format!("vern poll --company {c} {run}")),
        "the 409 names the run: {}",
        busy.stderr
    );
    // The same command without --new continues the first operation: it waits for that run.
    let same = v.run_stdin(&["import", "--company", &c, "--rows", "-", "--json"], rows);
    same.expect(0);
    assert_eq!(same.json()["run_id"], run.as_str());
    let p = v.run(&["poll", "--company", &c, &run]);
    p.expect(0);
    let nothing = v.run(&["poll", "--company", &c, "--active", "--json"]);
    nothing.expect(0);
    assert_eq!(nothing.json()["active"], false);
}

#[test]
fn idempotency_keys_make_a_repeated_import_the_same_run() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Key Co");
    let rows = v.path("rows.json");
    std::fs::write(&rows, r#"[{"Email": "ana@x.co", "First Name": "Ana"}]"#).unwrap();
    let args = [
        "import",
        "--company",
        &c,
        "--rows",
        rows.to_str().unwrap(),
        "--idempotency-key",
        "nw-1",
        "--json",
    ];
    let first = v.run(&args);
    first.expect(0);
    let second = v.run(&args);
    second.expect(0);
    assert_eq!(first.json()["run_id"], second.json()["run_id"]);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
    std::fs::write(&rows, r#"[{"Email": "li@x.co", "First Name": "Li"}]"#).unwrap();
    let other = v.run(&args);
    other.expect(7);
    assert!(
        other.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("different payload")
    );
}

#[test]
fn timeouts_exit_124_with_the_command_that_picks_up() {
    let sb = sandbox_with(|d| d.timing.time_scale = 1.0);
    let v = Vern::new(&sb);
    let (c, _) = v.company("Slow Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
        "--timeout",
        "300ms",
    ]);
    r.expect(124);
    assert!(r.stdout.contains("timed out waiting"), "{}", r.stdout);
    let next = r.stdout.lines().find(|l| l.starts_with("next: ")).unwrap();
    assert!(
        next.starts_with(&format!("next: vern poll --company {c} ")),
        "{next}"
    );
    let j = v.run(&[
        "poll",
        "--company",
        &c,
        "--active",
        "--timeout",
        "100ms",
        "--json",
    ]);
    j.expect(124);
    assert_eq!(j.json()["timed_out"], true);
    sb.update(|d| d.timing.time_scale = 1000.0);
    std::thread::sleep(Duration::from_millis(50));
    let done = v.run(&["poll", "--company", &c, "--active"]);
    assert!(done.code == 0, "{}{}", done.stdout, done.stderr);
}

#[test]
fn the_global_sandbox_flag_runs_one_in_process() {
    let r = Run::from(
        bare()
            .args(["--sandbox", "sources", "list", "--json"])
            .output()
            .unwrap(),
    );
    r.expect(0);
    assert!(
        r.json()["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == HUBSPOT)
    );
    let r = Run::from(
        bare()
            .args(["auth", "status", "--sandbox"])
            .output()
            .unwrap(),
    );
    r.expect(0);
    assert!(
        r.stdout.contains("key from the in-process sandbox"),
        "{}",
        r.stdout
    );
}

#[test]
fn every_command_prints_one_json_document_even_on_failure() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Json Co");
    let cases: Vec<Vec<String>> = vec![
        vec!["auth".into(), "status".into()],
        vec!["sources".into(), "list".into()],
        vec!["templates".into(), "list".into()],
        vec![
            "upload".into(),
            "--company".into(),
            c.clone(),
            "missing.csv".into(),
        ],
        vec![
            "import".into(),
            "--company".into(),
            c.clone(),
            "--rows".into(),
            "nope.json".into(),
        ],
        vec![
            "poll".into(),
            "--company".into(),
            c.clone(),
            "--active".into(),
        ],
        vec![
            "poll".into(),
            "--company".into(),
            c.clone(),
            CONTACTS.into(),
        ],
        vec![
            "approve".into(),
            "--company".into(),
            c.clone(),
            CONTACTS.into(),
            "--accept".into(),
        ],
        vec![
            "export".into(),
            "--company".into(),
            c.clone(),
            "--mode".into(),
            "canary".into(),
        ],
        vec![
            "download".into(),
            "--company".into(),
            c.clone(),
            "--sheet".into(),
            CONTACTS.into(),
            "-o".into(),
            "x.csv".into(),
        ],
        vec![
            "company".into(),
            "create".into(),
            "--name".into(),
            "Json Co".into(),
            "--source".into(),
            HUBSPOT.into(),
        ],
        vec![
            "import".into(),
            "--company".into(),
            "not-a-uuid".into(),
            "x.csv".into(),
        ],
        vec!["frobnicate".into()],
    ];
    for args in cases {
        let mut full: Vec<&str> = args.iter().map(String::as_str).collect();
        full.push("--json");
        let r = v.run(&full);
        let j = r.json();
        assert_eq!(j["exit_code"], r.code, "{args:?}");
        if r.code != 0 {
            assert!(
                j["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{args:?}: {j}"
            );
            assert!(r.stderr.contains("error:"), "{args:?}: {}", r.stderr);
        }
    }
}

/// A report is never refused over its file name: `--report-format` decides, else `.jsonl`
/// (`.ndjson`, `.json`) means JSON lines and anything else CSV.
#[test]
fn export_reports_take_any_name() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Report Co");
    v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ])
    .expect(0);
    let r = v.run(&[
        "export",
        "--company",
        &c,
        "--mode",
        "canary",
        "--report",
        "r.txt",
    ]);
    r.expect(0);
    let text = std::fs::read_to_string(v.path("r.txt")).unwrap();
    assert!(text.starts_with("template_id,path,status,ok"), "{text}");
    let r = v.run(&[
        "export",
        "--company",
        &c,
        "--mode",
        "canary",
        "--new",
        "--report",
        "writes.log",
        "--report-format",
        "jsonl",
    ]);
    r.expect(0);
    let text = std::fs::read_to_string(v.path("writes.log")).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert!(first["template_id"].is_string(), "{text}");
}

/// `vern download … -o - | head`: a reader that stops early is the reader's choice — exit 0 and
/// no error.
#[test]
fn a_closed_stdout_ends_a_download_quietly() {
    use std::io::Read;
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, j) = v.company("Pipe Co");
    v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ])
    .expect(0);
    let sheet = Api::sheet_id(&j, "Contacts");
    let mut child = v
        .command()
        .args(["download", "--company", &c, "--sheet", &sheet, "-o", "-"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(head.starts_with(b"Email,"), "the CSV itself went out first");
}

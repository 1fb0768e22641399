//! Estimate first (issue 15): `vern deliver --plan` predicts exactly what the run then does —
//! rows, bytes, files and Migration API requests, compared with the run that follows — and sends
//! nothing (no request that changes state, no file, no ledger); `--max-rows` at N-1, N and N+1;
//! `--cap-behavior defer` sends the first N rows in key order and leaves the rest; a saved plan
//! (`--plan-out`) applied as it is, and refused once the rows or the ledger moved.

use crate::support::*;
use serde_json::Value;
use vern::sandbox::BackgroundSandbox;

fn company() -> (BackgroundSandbox, Vern, String) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Plan Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c)
}

fn deliver(v: &Vern, c: &str, extra: &[&str]) -> Run {
    v.run(&[&["deliver", "--company", c][..], extra].concat())
}

/// Whether every request between two stats snapshots was a read.
fn only_reads(before: &vern::sandbox::world::Stats, after: &vern::sandbox::world::Stats) -> bool {
    after
        .requests_by_route
        .iter()
        .all(|(route, n)| before.requests_by_route.get(route) == Some(n) || route.contains(" GET "))
}

fn data_files(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with("vern-manifest-"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn a_plan_predicts_the_run_exactly_and_sends_nothing() {
    let (sb, v, c) = company();
    for (mode, extra) in [
        ("snapshot", &["--format", "jsonl", "--gzip"][..]),
        ("delta", &["--format", "xml", "--mode", "delta"][..]),
    ] {
        let to = format!("out-{mode}");
        let args = [
            &["--to", to.as_str(), "--name", "{sheet}-{run}.{ext}"][..],
            extra,
        ]
        .concat();
        let before = sb.stats();
        let p = deliver(&v, &c, &[&args[..], &["--plan", "--json"]].concat());
        p.expect(0);
        let plan = p.json();
        assert_eq!(plan["kind"], "delivery_plan");
        let after = sb.stats();
        // The plan reads (templates, every sheet's export.csv) and changes nothing.
        assert_eq!(
            serde_json::to_value(&after.companies).unwrap(),
            serde_json::to_value(&before.companies).unwrap(),
            "{mode}: nothing changed on the server"
        );
        assert!(
            only_reads(&before, &after),
            "{mode}: only GETs: {:?}",
            after.requests_by_route
        );
        assert!(!v.path(&to).exists(), "{mode}: no directory, no file");
        assert!(
            !v.state.path().join("ledgers").exists()
                || std::fs::read_dir(v.state.path().join("ledgers"))
                    .unwrap()
                    .all(|e| !e
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".ledger")),
            "{mode}: no ledger written"
        );
        let requests_before = sb.stats().requests;
        let r = deliver(&v, &c, &[&args[..], &["--json"]].concat());
        r.expect(0);
        let run = r.json();
        let requests = sb.stats().requests - requests_before;
        let t = &plan["total"];
        assert_eq!(t["to_send"], run["record_count"], "{mode}: rows");
        assert_eq!(t["bytes"], run["file_size"], "{mode}: bytes");
        assert_eq!(
            t["files"],
            data_files(&v.path(&to)).len() as u64,
            "{mode}: files"
        );
        assert_eq!(
            t["api_requests"], requests,
            "{mode}: Migration API requests"
        );
        assert_eq!(t["requested_count"], 4500);
        for s in plan["sheets"].as_array().unwrap() {
            let f = run["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["sheet_id"] == s["sheet_id"])
                .unwrap();
            assert_eq!(s["bytes"], f["bytes"], "{mode}: {}", s["sheet"]);
            assert_eq!(s["to_send"], f["rows"], "{mode}: {}", s["sheet"]);
        }
    }
    // After a delta run, the plan knows what is already delivered.
    let again = deliver(
        &v,
        &c,
        &[
            "--to",
            "out-delta",
            "--format",
            "xml",
            "--mode",
            "delta",
            "--name",
            "{sheet}-{run}.{ext}",
            "--plan",
            "--json",
        ],
    );
    again.expect(0);
    let t = &again.json()["total"];
    assert_eq!(
        (
            t["already_delivered"].as_u64(),
            t["to_send"].as_u64(),
            t["files"].as_u64(),
            t["bytes"].as_u64()
        ),
        (Some(4500), Some(0), Some(0), Some(0))
    );
}

#[test]
fn max_rows_refuses_over_the_cap_and_nothing_is_sent() {
    let (sb, v, c) = company();
    let base = [
        "--to",
        "out",
        "--sheet",
        "Contacts",
        "--name",
        "{sheet}-{run}.{ext}",
    ];
    let before = sb.stats();
    let over = deliver(
        &v,
        &c,
        &[&base[..], &["--max-rows", "2499", "--json"]].concat(),
    );
    over.expect(8);
    let doc = over.json();
    assert_eq!(doc["kind"], "delivery_plan");
    assert_eq!(doc["refused"], true);
    assert_eq!(doc["total"]["to_send"], 2500);
    assert!(
        doc["next"][0].as_str().unwrap().contains("--mode delta"),
        "{doc}"
    );
    assert!(only_reads(&before, &sb.stats()));
    assert!(!v.path("out").exists(), "nothing sent");
    let human = deliver(&v, &c, &[&base[..], &["--max-rows", "2499"]].concat());
    human.expect(8);
    assert!(
        human
            .stdout
            .contains("refused: 2,500 rows to send exceed --max-rows 2,499"),
        "{}",
        human.stdout
    );
    for n in ["2500", "2501"] {
        let ok = deliver(
            &v,
            &c,
            &[&base[..], &["--max-rows", n, "--new", "--json"]].concat(),
        );
        ok.expect(0);
        assert_eq!(ok.json()["record_count"], 2500, "--max-rows {n}");
    }
    // defer needs delta; a plan over the cap exits 8 too.
    let r = deliver(
        &v,
        &c,
        &[&base[..], &["--max-rows", "10", "--cap-behavior", "defer"]].concat(),
    );
    r.expect(2);
    let r = deliver(
        &v,
        &c,
        &[&base[..], &["--max-rows", "10", "--plan"]].concat(),
    );
    r.expect(8);
}

#[test]
fn a_deferred_cap_sends_the_first_rows_in_key_order_and_the_rest_next_time() {
    let (sb, v, c) = company();
    let base = [
        "--to",
        "out",
        "--sheet",
        "Contacts",
        "--format",
        "csv",
        "--mode",
        "delta",
        "--max-rows",
        "1000",
        "--cap-behavior",
        "defer",
        "--name",
        "{sheet}-{run}.{ext}",
    ];
    let plan = deliver(&v, &c, &[&base[..], &["--plan", "--json"]].concat());
    plan.expect(0);
    let p = plan.json();
    assert_eq!(
        (
            p["total"]["to_send"].as_u64(),
            p["total"]["would_skip"].as_u64()
        ),
        (Some(1000), Some(1500))
    );
    let first = deliver(&v, &c, &[&base[..], &["--json"]].concat());
    first.expect(0);
    let doc = first.json();
    assert_eq!(doc["record_count"], 1000);
    assert_eq!(doc["deferred"], 1500);
    assert_eq!(doc["file_size"], p["total"]["bytes"], "the plan's bytes");
    // The first 1,000 emails in order.
    let api = Api::new(&sb);
    let company: Value =
        serde_json::from_str(&v.run(&["company", "show", &c, "--json"]).stdout).unwrap();
    let sheet = company["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Contacts")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let served = api.csv(&c, &sheet, "valid");
    let mut emails: Vec<String> = served
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    emails.sort();
    let path = doc["files"][0]["location"].as_str().unwrap();
    let mut sent: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    sent.sort();
    assert_eq!(sent, emails[..1000]);
    // Next runs send the rest, then nothing.
    let second = deliver(&v, &c, &[&base[..], &["--new", "--json"]].concat());
    second.expect(0);
    assert_eq!(second.json()["record_count"], 1000);
    let third = deliver(&v, &c, &[&base[..], &["--new", "--json"]].concat());
    third.expect(0);
    let t = third.json();
    assert_eq!(
        (t["record_count"].as_u64(), t["deferred"].as_u64()),
        (Some(500), Some(0))
    );
    let fourth = deliver(&v, &c, &[&base[..], &["--new", "--json"]].concat());
    fourth.expect(0);
    assert_eq!(fourth.json()["record_count"], 0);
}

#[test]
fn a_saved_plan_is_applied_as_is_and_refused_once_stale() {
    let (_sb, v, c) = company();
    let base = [
        "--to",
        "out",
        "--sheet",
        "Contacts",
        "--mode",
        "delta",
        "--name",
        "{sheet}-{run}.{ext}",
    ];
    let saved = v.path("plan.json");
    let p = deliver(
        &v,
        &c,
        &[
            &base[..],
            &["--plan-out", saved.to_str().unwrap(), "--json"],
        ]
        .concat(),
    );
    p.expect(0);
    let plan = p.json();
    assert!(saved.is_file());
    assert!(!v.path("out").exists(), "--plan-out implies --plan");
    let applied = v.run(&["deliver", "--apply", saved.to_str().unwrap(), "--json"]);
    applied.expect(0);
    let run = applied.json();
    assert_eq!(run["record_count"], plan["total"]["to_send"]);
    assert_eq!(run["file_size"], plan["total"]["bytes"]);
    // The ledger moved (that run delivered): the same plan is stale.
    let stale = v.run(&[
        "deliver",
        "--apply",
        saved.to_str().unwrap(),
        "--new",
        "--json",
    ]);
    stale.expect(8);
    let doc = stale.json();
    assert!(
        doc["stale"][0]
            .as_str()
            .unwrap()
            .contains("the ledger of sheet Contacts moved"),
        "{doc}"
    );
    // A fresh plan, then the rows change: stale again, nothing sent.
    let p = deliver(
        &v,
        &c,
        &[&base[..], &["--plan-out", saved.to_str().unwrap()]].concat(),
    );
    p.expect(0);
    let dirty = example("contacts-dirty.csv");
    let import = v.run(&["import", "--company", &c, dirty.to_str().unwrap(), "--json"]);
    import.expect(5);
    let i = import.json();
    v.run(&[
        "approve",
        "--company",
        &c,
        i["run_id"].as_str().unwrap(),
        "--accept",
        "--expect-patch",
        i["patch_hash"].as_str().unwrap(),
    ])
    .expect(0);
    let before = data_files(&v.path("out"));
    let stale = v.run(&["deliver", "--apply", saved.to_str().unwrap(), "--new"]);
    stale.expect(8);
    assert!(
        stale
            .stdout
            .contains("stale: the rows of sheet Contacts changed since the plan was made"),
        "{}",
        stale.stdout
    );
    assert_eq!(data_files(&v.path("out")), before, "nothing sent");
    let bad = v.run(&["deliver", "--apply", v.path("nope.json").to_str().unwrap()]);
    bad.expect(1);
    let conflicting = v.run(&["deliver", "--apply", saved.to_str().unwrap(), "--to", "x"]);
    conflicting.expect(2);
    // A plan file edited into an invalid name template: an error naming it, nothing sent.
    let mut edited: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    edited["options"]["name"] = "{nope}.{ext}".into();
    std::fs::write(&saved, serde_json::to_vec(&edited).unwrap()).unwrap();
    let broken = v.run(&["deliver", "--apply", saved.to_str().unwrap(), "--new"]);
    broken.expect(1);
    assert!(
        broken.stderr.contains("is not a plan vern saved")
            && broken.stderr.contains("unknown placeholder {nope}"),
        "{}",
        broken.stderr
    );
    assert_eq!(data_files(&v.path("out")), before, "nothing sent");
}

#[test]
fn an_export_plan_counts_from_the_last_completed_import_and_a_cap_refuses() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Export Plan Co");
    let none = v.run(&["export", "--company", &c, "--plan"]);
    none.expect(1);
    assert!(
        none.stderr.contains("knows no completed import"),
        "{}",
        none.stderr
    );
    assert!(none.stderr.contains("hint: "), "{}", none.stderr);
    let companies = example("companies.csv");
    let contacts = example("contacts-clean.csv");
    v.run(&[
        "import",
        "--company",
        &c,
        companies.to_str().unwrap(),
        contacts.to_str().unwrap(),
    ])
    .expect(0);
    let p = v.run(&["export", "--company", &c, "--plan", "--json"]);
    p.expect(0);
    let plan = p.json();
    assert_eq!(plan["kind"], "export_plan");
    assert_eq!(plan["to_send"], 4500);
    let canary = v.run(&[
        "export",
        "--company",
        &c,
        "--mode",
        "canary",
        "--plan",
        "--json",
    ]);
    assert_eq!(canary.json()["to_send"], 2);
    let over = v.run(&["export", "--company", &c, "--max-rows", "4499"]);
    over.expect(8);
    assert!(
        over.stdout
            .contains("refused: 4,500 rows to write exceed --max-rows 4,499"),
        "{}",
        over.stdout
    );
    let exports = |sb: &BackgroundSandbox| -> u64 {
        sb.stats().companies.values().map(|c| c.export_runs).sum()
    };
    assert_eq!(exports(&sb), 0, "nothing sent");
    let ok = v.run(&["export", "--company", &c, "--max-rows", "4500", "--json"]);
    ok.expect(0);
    assert_eq!(ok.json()["succeeded"], 4500);
    assert_eq!(exports(&sb), 1);
}

#[test]
fn a_migration_plan_says_what_it_knows_and_what_it_cannot_yet() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let companies = example("companies.csv");
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        companies.to_str().unwrap(),
        dirty.to_str().unwrap(),
        "--approve",
        "never",
        "--deliver",
        "out",
    ];
    let before = sb.stats();
    let p = v.run(&[&args[..], &["--plan", "--json"]].concat());
    p.expect(0);
    let plan = p.json();
    assert!(
        only_reads(&before, &sb.stats()),
        "{:?}",
        sb.stats().requests_by_route
    );
    assert!(plan["operation"].is_null());
    let step = |doc: &Value, name: &str| {
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(step(&plan, "import")["rows"], 4400, "counted locally");
    assert_eq!(step(&plan, "upload")["files"], 2);
    assert_eq!(step(&plan, "review")["status"], "unknown");
    assert_eq!(
        step(&plan, "export")["rows"],
        Value::Null,
        "not known before the import"
    );
    assert_eq!(step(&plan, "deliver")["status"], "would_run");
    // Paused at the review (exit 5): the plan of the same command continues that operation.
    v.run(&args).expect(5);
    let p = v.run(&[&args[..], &["--plan", "--json"]].concat());
    p.expect(0);
    let plan = p.json();
    assert!(plan["operation"].is_string());
    assert_eq!(step(&plan, "upload")["status"], "done");
    assert_eq!(step(&plan, "import")["status"], "done");
}

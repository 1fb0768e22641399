//! Fleet mode: many migrations from a manifest under one rate budget, each its own operation,
//! the worst outcome as the exit code, and shards that split a fleet exactly once.

use crate::support::*;
use serde_json::Value;

fn manifest(v: &Vern) -> std::path::PathBuf {
    let ex = |f: &str| example(f).display().to_string();
    let conn = ex("connection.json");
    let text = format!(
        "name,source,external_id,connection,files,approve,export\n\
         Alpha,{HUBSPOT},alpha,{conn},{};{},accept,full\n\
         Beta,{HUBSPOT},beta,{conn},{},never,\n\
         Gamma,{HUBSPOT},gamma,{conn},{},accept,canary\n\
         Delta,{HUBSPOT},delta,{conn},{},,none\n",
        ex("companies.csv"),
        ex("contacts-clean.csv"),
        ex("contacts-dirty.csv"),
        ex("contacts-dirty.csv"),
        ex("contacts-broken.csv"),
    );
    let p = v.path("fleet.csv");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_fleet_runs_every_row_and_exits_with_the_worst_outcome() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let m = manifest(&v);
    let r = v.run(&[
        "migrate",
        "--manifest",
        m.to_str().unwrap(),
        "--concurrency",
        "4",
        "--download",
        "out",
        "--json",
    ]);
    r.expect(4);
    let j = r.json();
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let by = |l: &str| rows.iter().find(|x| x["label"] == l).unwrap().clone();
    assert_eq!(
        (
            by("alpha")["status"].clone(),
            by("alpha")["exit_code"].clone()
        ),
        (Value::from("completed"), Value::from(0))
    );
    assert_eq!(by("alpha")["exported_ok"], 4500);
    assert_eq!(
        by("beta")["exit_code"],
        5,
        "needs attention, --approve never"
    );
    assert_eq!(by("gamma")["exit_code"], 0, "canary only");
    assert_eq!(by("delta")["exit_code"], 4, "the broken file's run failed");
    assert_eq!(j["exit_code"], 4, "the worst outcome");
    assert!(
        v.path("out/alpha/contacts.csv").exists(),
        "one download directory per company"
    );
    let stats = sb.stats();
    assert_eq!(stats.companies_created, 4);
    assert_eq!(
        stats.companies.values().map(|c| c.import_runs).sum::<u64>(),
        4
    );
    assert_eq!(stats.rate_limited, 0);
    let ops = v.operations();
    assert_eq!(ops.len(), 4, "one journal record per company");
    // Running the fleet again shows what is done, continues what waits, and retries what failed
    // (on the company it already provisioned): nothing done is imported twice.
    let again = v.run(&[
        "migrate",
        "--manifest",
        m.to_str().unwrap(),
        "--download",
        "out",
    ]);
    again.expect(4);
    assert!(
        again.stdout.contains("exit 4 (the worst outcome)"),
        "{}",
        again.stdout
    );
    let stats = sb.stats();
    assert_eq!(stats.companies_created, 4, "no company provisioned twice");
    assert_eq!(
        stats.companies.values().map(|c| c.import_runs).sum::<u64>(),
        5,
        "only the failed row ran again"
    );
    // Each row's record resumes alone.
    let beta = ops
        .iter()
        .find(|o| o["provision"]["external_id"] == "beta")
        .unwrap();
    assert!(
        beta["argv"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "--approve")
    );
}

#[test]
fn shards_take_disjoint_rows() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let m = manifest(&v);
    let one = v.run(&[
        "migrate",
        "--manifest",
        m.to_str().unwrap(),
        "--shard",
        "1/2",
        "--json",
    ]);
    let labels: Vec<String> = one.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, vec!["alpha", "gamma"]);
    assert_eq!(one.json()["shard"], "1/2");
    let two = v.run(&[
        "migrate",
        "--manifest",
        m.to_str().unwrap(),
        "--shard",
        "2/2",
        "--json",
    ]);
    let labels: Vec<String> = two.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, vec!["beta", "delta"]);
    assert_eq!(sb.stats().companies_created, 4);
    v.run(&[
        "migrate",
        "--manifest",
        m.to_str().unwrap(),
        "--shard",
        "3/2",
    ])
    .expect(2);
}

#[test]
fn a_bad_manifest_is_refused_before_anything_is_sent() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let m = v.path("bad.csv");
    std::fs::write(&m, format!("name,source,files\nA,{HUBSPOT},missing.csv\n")).unwrap();
    let r = v.run(&["migrate", "--manifest", m.to_str().unwrap()]);
    r.expect(1);
    assert!(
        r.stderr.contains("manifest row 1 (A)") && r.stderr.contains("no such file"),
        "{}",
        r.stderr
    );
    std::fs::write(&m, "files\nx.csv\n").unwrap();
    let r = v.run(&["migrate", "--manifest", m.to_str().unwrap()]);
    r.expect(1);
    assert!(
        r.stderr.contains("row 1: give company, or name and source"),
        "{}",
        r.stderr
    );
    v.run(&["migrate", "--manifest", m.to_str().unwrap(), "extra.csv"])
        .expect(2);
    assert_eq!(sb.stats().requests, 0);
}

#[test]
fn the_example_fleet_takes_the_seeded_source_from_a_sandbox() {
    // examples/fleet.csv names no source: a sandbox supplies its seeded one and destination.
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = v.run(&[
        "migrate",
        "--manifest",
        example("fleet.csv").to_str().unwrap(),
        "--json",
    ]);
    r.expect(4);
    let j = r.json();
    let code = |l: &str| {
        j["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["label"] == l)
            .unwrap_or_else(|| panic!("no row {l}: {j}"))["exit_code"]
            .clone()
    };
    assert_eq!(code("nw-4471"), 0, "clean contacts");
    assert_eq!(
        code("contoso-0193"),
        6,
        "dirty contacts: destination rejects"
    );
    assert_eq!(code("fab-2208"), 0, "drifted headers heal; canary only");
    assert_eq!(code("tail-7310"), 4, "a required column is gone");
    assert_eq!(sb.stats().companies_created, 4);
}

#[test]
fn a_row_without_a_source_is_refused_where_no_sandbox_supplies_one() {
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = hits.clone();
    let stub = Stub::start(axum::Router::new().fallback(move || {
        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async {
            (
                axum::http::StatusCode::NOT_FOUND,
                "{\"error\":\"Not found\"}",
            )
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("fleet.csv");
    std::fs::write(
        &m,
        format!("name,files\nAcme,{}\n", example("companies.csv").display()),
    )
    .unwrap();
    let r = Run::from(
        bare()
            .env("VERN_API_URL", &stub.url)
            .env("VERN_API_KEY", "k-test")
            .env("VERN_STATE_DIR", dir.path().join("state"))
            .args(["migrate", "--manifest", m.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    r.expect(2);
    assert!(
        r.stderr.contains("manifest row 1 (Acme): no source")
            && r.stderr.contains("vern sources list"),
        "{}",
        r.stderr
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "only the sandbox probe"
    );
}

#[test]
fn a_fleet_asks_a_sandbox_for_its_defaults_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let probes = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = probes.clone();
    let stub = Stub::start(
        axum::Router::new()
            .route(
                "/_sandbox/defaults",
                axum::routing::get(move || {
                    seen.fetch_add(1, Ordering::SeqCst);
                    async move { axum::Json(serde_json::json!({"source": HUBSPOT})) }
                }),
            )
            .fallback(|| async {
                (
                    axum::http::StatusCode::FORBIDDEN,
                    "{\"error\":\"Not allowed here\"}",
                )
            }),
    );
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("fleet.csv");
    let f = example("companies.csv").display().to_string();
    std::fs::write(&m, format!("name,files\nA,{f}\nB,{f}\nC,{f}\n")).unwrap();
    let r = Run::from(
        bare()
            .env("VERN_API_URL", &stub.url)
            .env("VERN_API_KEY", "k-test")
            .env("VERN_STATE_DIR", dir.path().join("state"))
            .args(["migrate", "--manifest", m.to_str().unwrap(), "--json"])
            .output()
            .unwrap(),
    );
    // Every row reaches provisioning (which this stub refuses) with the probed source.
    assert_eq!(
        r.json()["rows"].as_array().unwrap().len(),
        3,
        "{}",
        r.stdout
    );
    assert_eq!(probes.load(Ordering::SeqCst), 1, "one probe for three rows");
}

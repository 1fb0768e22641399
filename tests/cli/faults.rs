//! The client under faults: 429 bursts, 5xx, lost responses after a commit, HTML from proxies,
//! truncated bodies, unknown statuses, redirects — every command still does exactly what it
//! should, exactly once, and never shows the key.

use crate::support::*;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use vern::sandbox::config::{FaultConfig, FaultKind, ScriptedFault};

fn flow(v: &Vern, c: &str, sheet: &str) {
    let r = v.run(&[
        "import",
        "--company",
        c,
        example("companies.csv").to_str().unwrap(),
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
        "-v",
    ]);
    r.expect(5);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let hash = r.json()["patch_hash"].as_str().unwrap().to_string();
    let a = v.run(&[
        "approve",
        "--company",
        c,
        &run,
        "--accept",
        "--expect-patch",
        &hash,
        "--json",
    ]);
    a.expect(0);
    assert_eq!(a.json()["run"]["report"]["inserted"], 4379);
    let e = v.run(&["export", "--company", c, "--allow-failures", "--json"]);
    e.expect(0);
    assert_eq!(e.json()["total"], 4379);
    let d = v.run(&[
        "download",
        "--company",
        c,
        "--sheet",
        sheet,
        "-o",
        "out.csv",
        "--json",
    ]);
    d.expect(0);
    assert_eq!(
        std::fs::read_to_string(v.path("out.csv"))
            .unwrap()
            .lines()
            .count(),
        2380
    );
    for run in [&r, &a, &e, &d] {
        assert!(!run.stderr.contains('\r'));
    }
}

fn company(api: &Api, name: &str) -> (String, String) {
    let company = api.company(name);
    (
        company["company"]["id"].as_str().unwrap().to_string(),
        Api::sheet_id(&company, "Contacts"),
    )
}

#[test]
fn bursts_of_429_are_waited_out() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (c, sheet) = company(&api, "Burst Co");
    sb.set_faults(FaultConfig {
        burst_429_rate: 0.05,
        burst_len: 20,
        seed: 3,
        ..FaultConfig::default()
    });
    let v = Vern::new(&sb);
    flow(&v, &c, &sheet);
    let stats = sb.stats();
    assert!(
        stats.faults.too_many >= 20,
        "at least one burst of 20 was served: {:?}",
        stats.faults
    );
    assert_eq!(stats.companies[&c].import_runs, 1);
    assert_eq!(stats.storage_requests_with_api_key, 0);
}

#[test]
fn a_fifth_of_requests_failing_with_5xx_changes_nothing() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (c, sheet) = company(&api, "Flaky Co");
    sb.set_faults(FaultConfig {
        error_rate: 0.2,
        seed: 11,
        ..FaultConfig::default()
    });
    let v = Vern::new(&sb);
    flow(&v, &c, &sheet);
    let stats = sb.stats();
    assert!(stats.faults.errors > 0, "{:?}", stats.faults);
    let cs = &stats.companies[&c];
    assert_eq!((cs.import_runs, cs.full_exports, cs.decisions), (1, 1, 1));
    assert_eq!(stats.storage_requests_with_api_key, 0);
}

#[test]
fn responses_lost_after_commit_never_duplicate_a_run() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (c, sheet) = company(&api, "Lossy Co");
    sb.set_faults(FaultConfig {
        lost_response_rate: 0.3,
        seed: 5,
        ..FaultConfig::default()
    });
    let v = Vern::new(&sb);
    flow(&v, &c, &sheet);
    let stats = sb.stats();
    assert!(stats.faults.lost_responses >= 2, "{:?}", stats.faults);
    let cs = &stats.companies[&c];
    assert_eq!(cs.import_runs, 1, "one import run despite lost answers");
    assert_eq!(cs.full_exports, 1);
    assert_eq!(cs.decisions, 1);
    assert_eq!(stats.storage_requests_with_api_key, 0);

    // Every kind of creation, lost once, on purpose.
    let (c2, _) = company(&api, "Lossy Co 2");
    let lost_before = sb.stats().faults.lost_responses;
    sb.set_faults(FaultConfig {
        script: vec![
            ScriptedFault::new("POST", "/uploads", FaultKind::LostResponse, 1),
            ScriptedFault::new("PUT", "/object/upload/sign/", FaultKind::LostResponse, 1),
            ScriptedFault::new("POST", "/imports", FaultKind::LostResponse, 2),
            ScriptedFault::new("POST", "/decisions", FaultKind::LostResponse, 1),
            ScriptedFault::new("POST", "/exports", FaultKind::LostResponse, 1),
        ],
        ..FaultConfig::default()
    });
    let r = v.run(&[
        "import",
        "--company",
        &c2,
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
        "-v",
    ]);
    r.expect(5);
    assert!(r.stderr.contains("retrying"), "{}", r.stderr);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let a = v.run(&["approve", "--company", &c2, &run, "--accept", "--json"]);
    a.expect(0);
    assert_eq!(
        a.json()["decision"]["recovered"],
        true,
        "the lost decision was found applied on re-read"
    );
    v.run(&["export", "--company", &c2, "--mode", "canary"])
        .expect(0);
    let stats = sb.stats();
    let cs = &stats.companies[&c2];
    assert_eq!((cs.import_runs, cs.decisions, cs.canary_exports), (1, 1, 1));
    assert_eq!(
        stats.faults.lost_responses - lost_before,
        6,
        "all scripted faults were served"
    );
    assert_eq!(
        cs.uploads, 3,
        "a lost handshake and a spent URL each cost a fresh URL"
    );
}

#[test]
fn the_key_never_shows_even_with_vv() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (c, _) = company(&api, "Secret Co");
    let v = Vern::new(&sb);
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
        "-vv",
    ]);
    r.expect(0);
    assert!(
        r.stderr.contains("→ POST"),
        "-vv logs each exchange:\n{}",
        r.stderr
    );
    r.assert_no(&sb.key);
    for line in r
        .stderr
        .lines()
        .filter(|l| l.contains("/object/upload/sign/"))
    {
        assert!(line.contains("token=REDACTED"), "{line}");
    }
    let e = v.run(&[
        "company",
        "create",
        "--name",
        "Secret Co",
        "--source",
        HUBSPOT,
        "-vv",
        "--json",
    ]);
    e.expect(1);
    e.assert_no(&sb.key);
}

#[test]
fn persistent_rate_limits_and_proxy_errors_end_in_clear_errors() {
    let sb = sandbox_with(|d| d.rate_limit = 2);
    let v = Vern::new(&sb);
    v.run(&["sources", "list"]).expect(0);
    v.run(&["sources", "list"]).expect(0);
    let r = v.run(&["sources", "list"]);
    r.expect(1);
    assert!(
        r.stderr.contains("still rate limited (HTTP 429)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: the API allows about 100 requests per minute"),
        "{}",
        r.stderr
    );
    assert!(
        sb.stats().rate_limited >= 5,
        "it backed off and tried again: {}",
        sb.stats().rate_limited
    );

    let sb = sandbox();
    sb.set_faults(FaultConfig {
        script: vec![ScriptedFault::new(
            "GET",
            "/templates",
            FaultKind::BadGatewayHtml,
            100,
        )],
        ..FaultConfig::default()
    });
    let v = Vern::new(&sb);
    let r = v.run(&["templates", "list"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("Bad Gateway (an HTML page, probably from a proxy"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.stats().faults.errors, 8, "one try and seven retries");

    sb.set_faults(FaultConfig {
        script: vec![ScriptedFault::new(
            "GET",
            "/sources",
            FaultKind::Truncated,
            2,
        )],
        ..FaultConfig::default()
    });
    let r = v.run(&["sources", "list"]);
    r.expect(0);
    assert_eq!(sb.stats().faults.truncated, 2);
}

#[test]
fn unknown_statuses_and_odd_bodies_are_clear_errors_not_panics() {
    let router = Router::new()
        .route(
            "/api/v1/companies/{c}/imports/{r}",
            get(|| async { axum::Json(json!({"status": "paused_for_review", "surprise": {"x": 1}})) }),
        )
        .route(
            "/api/v1/companies/{c}/exports/{r}",
            get(|| async { (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{\"status\": \"compl") }),
        )
        .route("/api/v1/sources", get(|| async { (StatusCode::OK, "not json at all") }))
        .route(
            "/api/v1/templates",
            get(|| async { axum::Json(json!({"templates": [{"id": "t", "name": "T", "columns": [{"name": "A", "desiredRule": "quantum", "extra": true}]}]})) }),
        );
    let stub = Stub::start(router);
    let run = |args: &[&str]| {
        Run::from(
            bare()
                .args(args)
                .env("VERN_API_URL", &stub.url)
                .env("VERN_API_KEY", "k")
                .env("VERN_TIME_SCALE", "1000")
                .output()
                .unwrap(),
        )
    };
    let r = run(&["poll", "--company", HUBSPOT, CONTACTS]);
    r.expect(1);
    assert!(
        r.stdout
            .contains("status 'paused_for_review', which this version of vern does not know"),
        "{}",
        r.stdout
    );
    let r = run(&["poll", "--company", HUBSPOT, CONTACTS, "--export"]);
    r.expect(1);
    assert!(
        r.stderr.contains("unexpected response") && r.stderr.contains("not JSON"),
        "{}",
        r.stderr
    );
    let r = run(&["sources", "list", "--json"]);
    r.expect(1);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not JSON")
    );
    let r = run(&["templates", "list"]);
    r.expect(0);
    assert!(
        r.stdout.contains("T  t"),
        "unknown rule kinds and fields are tolerated: {}",
        r.stdout
    );
    for out in [&r.stdout, &r.stderr] {
        assert!(!out.contains("panicked"));
    }
}

#[test]
fn the_key_never_follows_a_redirect_off_the_api_host() {
    let leaked = Arc::new(AtomicUsize::new(0));
    let seen = leaked.clone();
    let other = Stub::start(Router::new().fallback(move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            if headers.contains_key("x-api-key") {
                seen.fetch_add(1, Ordering::SeqCst);
            }
            axum::Json(json!({"sources": []}))
        }
    }));
    let target = format!("{}/api/v1/sources", other.url);
    let api = Stub::start(
        Router::new()
            .route(
                "/api/v1/sources",
                get(move || {
                    let target = target.clone();
                    async move { (StatusCode::FOUND, [(header::LOCATION, target)]).into_response() }
                }),
            )
            .route(
                "/api/v1/templates",
                get(|| async {
                    (
                        StatusCode::TEMPORARY_REDIRECT,
                        [(header::LOCATION, "/api/v1/templates2")],
                    )
                        .into_response()
                }),
            )
            .route(
                "/api/v1/templates2",
                get(|| async { axum::Json(json!({"templates": []})) }),
            ),
    );
    let run = |args: &[&str]| {
        Run::from(
            bare()
                .args(args)
                .env("VERN_API_URL", &api.url)
                .env("VERN_API_KEY", "sekrit-key")
                .output()
                .unwrap(),
        )
    };
    let r = run(&["sources", "list"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("does not follow redirects off the API host"),
        "{}",
        r.stderr
    );
    assert_eq!(
        leaked.load(Ordering::SeqCst),
        0,
        "the other host never saw the key"
    );
    run(&["templates", "list"]).expect(0);
    r.assert_no("sekrit-key");

    let r = Run::from(
        bare()
            .args(["sources", "list"])
            .env("VERN_API_URL", "http://api.example.com")
            .env("VERN_API_KEY", "k")
            .output()
            .unwrap(),
    );
    r.expect(1);
    assert!(
        r.stderr.contains("refusing plain http://") && r.stderr.contains("use https"),
        "{}",
        r.stderr
    );
}

#[test]
fn upload_urls_on_plain_http_elsewhere_are_refused() {
    let stub = Stub::start(Router::new().route(
        "/api/v1/companies/{c}/uploads",
        axum::routing::post(|| async {
            (StatusCode::CREATED, axum::Json(json!({"upload_url": "http://storage.example.com/o?token=t", "upload_ref": "r"})))
        }),
    ));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.csv");
    std::fs::write(&f, "a\n1\n").unwrap();
    let r = Run::from(
        bare()
            .args(["upload", "--company", HUBSPOT, f.to_str().unwrap()])
            .env("VERN_API_URL", &stub.url)
            .env("VERN_API_KEY", "k")
            .output()
            .unwrap(),
    );
    r.expect(1);
    assert!(
        r.stderr
            .contains("refusing plain http:// for the upload on storage.example.com"),
        "{}",
        r.stderr
    );
}

//! The sandbox over real HTTP: every rule of the companies surface it promises, checked from the
//! outside, plus the `vern sandbox` command itself.

use crate::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::{Duration, Instant};
use vern::sandbox::config::{FaultConfig, FaultKind, Scenario, ScriptedFault};

#[test]
fn discovery_lists_seeded_sources_and_templates_with_rules() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let sources = api.get("/sources").json();
    assert!(
        sources["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == HUBSPOT)
    );
    let templates = api.get("/templates").json();
    let contacts = templates["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == CONTACTS)
        .unwrap()
        .clone();
    let email = &contacts["columns"][0];
    assert_eq!(email["name"], "Email");
    assert_eq!(email["required"], true);
    assert_eq!(email["unique"], true);
    assert_eq!(email["desiredRule"], "strict");
    assert!(email["strictRule"].as_str().unwrap().contains('@'));
    let account = contacts["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Account")
        .unwrap();
    assert_eq!(account["linkRule"][0]["templateId"], COMPANIES);
    assert!(
        email.get("aliases").is_none(),
        "aliases are the sandbox's business"
    );
}

#[test]
fn keys_routes_and_methods_answer_with_error_bodies() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let r = api
        .http
        .get(format!("{}/sources", api.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().unwrap(),
        json!({"error": "Missing API key"})
    );
    let r = api
        .http
        .get(format!("{}/sources", api.base))
        .header("x-api-key", "nope")
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().unwrap()["error"], "Invalid API key");
    let r = api.get("/no/such/route");
    assert_eq!((r.status, r.error().as_str()), (404, "Not found"));
    let r = api.post("/sources", json!({}));
    assert_eq!(r.status, 405);
    assert_eq!(r.error(), "Method not allowed");
}

#[test]
fn provisioning_enforces_the_documented_rules() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let ok = api.post(
        "/companies",
        json!({"name": "Northwind", "source": HUBSPOT, "external_id": "nw-4471", "template_ids": [CONTACTS]}),
    );
    assert_eq!(ok.status, 201, "{}", ok.text);
    let body = ok.json();
    assert_eq!(body["company"]["external_id"], "nw-4471");
    assert_eq!(body["sheets"].as_array().unwrap().len(), 1);
    assert_eq!(body["sheets"][0]["template_id"], CONTACTS);
    assert!(
        body["company"]["created_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );

    let cases = [
        (json!({"source": HUBSPOT}), 400, "name is required"),
        (json!({"name": "A"}), 400, "source is required"),
        (
            json!({"name": "A", "source": "hubspot"}),
            400,
            "is not a UUID",
        ),
        (
            json!({"name": "A", "source": HUBSPOT, "external_id": "has space"}),
            400,
            "external_id must contain only",
        ),
        (
            json!({"name": "A", "source": HUBSPOT, "template_ids": ["x"]}),
            400,
            "template_ids must be an array of template UUIDs",
        ),
        (
            json!({"name": "A", "source": HUBSPOT, "template_ids": [HUBSPOT]}),
            400,
            "is not a template in this account",
        ),
        (
            json!({"name": "Northwind", "source": HUBSPOT}),
            400,
            "already exists for source HubSpot",
        ),
        (
            json!({"name": "A", "source": "00000000-0000-4000-8000-000000000000"}),
            404,
            "is not a source in this account",
        ),
        (
            json!({"name": "B", "source": HUBSPOT, "external_id": "nw-4471"}),
            409,
            "already used",
        ),
    ];
    for (body, status, message) in cases {
        let r = api.post("/companies", body.clone());
        assert_eq!(r.status, status, "{body} → {}", r.text);
        assert!(r.error().contains(message), "{body} → {}", r.text);
    }
    let long = "x".repeat(256);
    let r = api.post(
        "/companies",
        json!({"name": "C", "source": HUBSPOT, "external_id": long}),
    );
    assert_eq!(r.status, 400);
    let r = api.post_raw("/companies", "{not json");
    assert_eq!(r.status, 400);
    assert!(r.error().starts_with("Malformed JSON body"), "{}", r.text);
}

#[test]
fn signed_uploads_are_checked_single_use_and_keyless() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Uploads Inc")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let handshake = |ct: &str, size: usize| {
        let r = api.post(
            &format!("/companies/{c}/uploads"),
            json!({"name": "a.csv", "content_type": ct, "size": size}),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        let j = r.json();
        assert!(
            j["upload_url"]
                .as_str()
                .unwrap()
                .starts_with(&sb.storage_url)
        );
        (
            j["upload_url"].as_str().unwrap().to_string(),
            j["upload_ref"].as_str().unwrap().to_string(),
        )
    };
    let put = |url: &str, ct: &str, body: &'static [u8]| {
        api.try_send(api.http.put(url).header("content-type", ct).body(body))
            .unwrap()
    };
    let (url, upload_ref) = handshake("text/csv", 5);
    let r = put(&url, "text/plain", b"a,b\n1");
    assert_eq!(r.status, 400);
    assert!(r.error().starts_with("Content-Type mismatch"), "{}", r.text);
    let r = put(&url, "text/csv", b"a,b\n");
    assert_eq!(r.status, 400);
    assert!(r.error().starts_with("Size mismatch"), "{}", r.text);
    // Not uploaded yet: the import is refused with the reason.
    let r = api.post(
        &format!("/companies/{c}/imports"),
        json!({"files": [{"name": "a.csv", "upload_ref": upload_ref}]}),
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("has no bytes yet"), "{}", r.text);
    let r = put(&url, "text/csv", b"a,b\n1");
    assert_eq!(r.status, 200, "{}", r.text);
    let r = put(&url, "text/csv", b"a,b\n1");
    assert_eq!(
        (r.status, r.error().as_str()),
        (403, "Signed URL expired or already used")
    );
    // Missing token and a token that never existed.
    let bare_url = url.split('?').next().unwrap().to_string();
    assert_eq!(put(&bare_url, "text/csv", b"a,b\n1").status, 403);
    assert_eq!(
        put(&format!("{bare_url}?token=forged"), "text/csv", b"a,b\n1").status,
        403
    );

    // Expiry (the TTL is real time).
    sb.update(|d| d.upload_ttl = Duration::from_millis(30));
    let (url, _) = handshake("text/csv", 5);
    std::thread::sleep(Duration::from_millis(60));
    assert_eq!(put(&url, "text/csv", b"a,b\n1").status, 403);

    assert_eq!(sb.stats().storage_requests_with_api_key, 0);
    sb.update(|d| d.upload_ttl = Duration::from_secs(3600));
    let (url, _) = handshake("text/csv", 5);
    let r = api
        .try_send(
            api.http
                .put(&url)
                .header("content-type", "text/csv")
                .header("x-api-key", &api.key)
                .body("a,b\n1"),
        )
        .unwrap();
    assert_eq!(
        r.status, 200,
        "the storage host does not need the key, but it notices it"
    );
    assert_eq!(sb.stats().storage_requests_with_api_key, 1);
    assert!(sb.stats().puts_rejected >= 6);
}

#[test]
fn clean_and_drifted_files_import_to_the_same_rows() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Clean Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    let done = api.settle(&c, "imports", &run);
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["report"]["inserted"], 4500);
    assert_eq!(done["report"]["invalidCellCount"], 0);
    assert_eq!(done["report"]["perSheet"].as_array().unwrap().len(), 2);
    let sheet = Api::sheet_id(&company, "Contacts");
    let clean_export = api.csv(&c, &sheet, "valid");
    assert_eq!(
        clean_export,
        std::fs::read_to_string(example("contacts-clean.csv")).unwrap()
    );

    let company2 = api.company("Drifted Co");
    let c2 = company2["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c2, &["companies.csv", "contacts-drifted.csv"]);
    let done = api.settle(&c2, "imports", &run);
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["report"]["invalidCellCount"], 0);
    let drifted_export = api.csv(&c2, &Api::sheet_id(&company2, "Contacts"), "all");
    assert_eq!(
        drifted_export, clean_export,
        "drifted headers heal into the template's columns"
    );
}

#[test]
fn a_file_without_a_required_column_fails_and_inserts_nothing() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Broken Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c, &["contacts-broken.csv"]);
    let done = api.settle(&c, "imports", &run);
    assert_eq!(done["status"], "failed");
    let error = done["error"].as_str().unwrap();
    assert!(
        error.starts_with("Required column 'Email' could not be matched to any input column"),
        "{error}"
    );
    assert!(done.get("report").is_none());
    let csv = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "all");
    assert_eq!(csv.lines().count(), 1, "header only: {csv}");
    // A failed run is terminal, so the next import may start.
    assert_eq!(
        api.get(&format!("/companies/{c}/imports/active")).status,
        404
    );
}

fn dirty(api: &Api) -> (Value, String, String) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let company = api.company(&format!("Dirty Co {n}"));
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c, &["companies.csv", "contacts-dirty.csv"]);
    let na = api.settle(&c, "imports", &run);
    assert_eq!(na["status"], "needs_attention", "{na}");
    (company, c, run)
}

#[test]
fn dirty_rows_pause_with_questions_and_a_patch_that_accept_applies() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (company, c, run) = dirty(&api);
    let na = api.get(&format!("/companies/{c}/imports/{run}")).json();
    assert_eq!(na["report"]["inserted"], 4400);
    assert_eq!(
        na["report"]["invalidCellCount"], 58,
        "rows, not cells: 12 + 9 + 37"
    );
    let qs = na["needs_attention"]["questions"].as_array().unwrap();
    let by_col = |col: &str| {
        qs.iter()
            .find(|q| q["target"]["column"] == col)
            .unwrap()
            .clone()
    };
    let email = by_col("Email");
    assert_eq!(email["target"]["affected_count"], 21);
    assert_eq!(email["allow_custom"], false);
    let status = by_col("Status");
    assert_eq!(status["target"]["affected_count"], 37);
    assert_eq!(
        status["target"]["error"],
        "Does not match allowed values: Open, Closed, Pending"
    );
    assert!(
        status["target"]["sample_values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "in progress")
    );
    assert_eq!(status["allow_custom"], true);
    let actions = na["needs_attention"]["proposed_patch"]["actions"]
        .as_array()
        .unwrap();
    assert!(
        actions
            .iter()
            .any(|a| a["action"] == "delete_invalid_rows" && a["column"] == "Email")
    );
    assert!(
        actions
            .iter()
            .any(|a| a["action"] == "set_value" && a["column"] == "Status" && a["value"] == "Open")
    );

    // Valid rows are already exportable while the run waits.
    let sheet = Api::sheet_id(&company, "Contacts");
    assert_eq!(api.csv(&c, &sheet, "valid").lines().count(), 1 + 2400 - 58);
    assert_eq!(api.csv(&c, &sheet, "all").lines().count(), 1 + 2400);

    // Bad decisions are refused, nothing changes.
    let d = format!("/companies/{c}/imports/{run}/decisions");
    let r = api.post(&d, json!({"decision": "maybe"}));
    assert_eq!(r.status, 400);
    let r = api.post(
        &d,
        json!({"decision": "answer", "answers": [{"id": "nope", "value": "x"}]}),
    );
    assert_eq!(
        (r.status, r.error().as_str()),
        (400, "Unknown question id 'nope'")
    );
    let email_id = email["id"].as_str().unwrap();
    let status_id = status["id"].as_str().unwrap();
    let r = api.post(&d, json!({"decision": "answer", "answers": [{"id": email_id, "value": "keep them"}, {"id": status_id, "value": "Open"}]}));
    assert_eq!(r.status, 400);
    assert!(r.error().contains("does not allow free text"), "{}", r.text);
    let r = api.post(
        &d,
        json!({"decision": "answer", "answers": [{"id": status_id, "value": "Open"}]}),
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("is not answered"), "{}", r.text);

    let r = api.post(&d, json!({"decision": "accept"}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["run_id"], run.as_str());
    assert_eq!(r.json()["status"], "queued");
    let again = api.post(&d, json!({"decision": "accept"}));
    assert_eq!(again.status, 409, "a decision in the wrong state");
    let done = api.settle(&c, "imports", &run);
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["report"]["invalidCellCount"], 0);
    assert_eq!(done["report"]["inserted"], 4400 - 21);
    let csv = api.csv(&c, &sheet, "valid");
    assert_eq!(csv.lines().count(), 1 + 2400 - 21);
    assert!(!csv.contains(",in progress,"));
    assert_eq!(sb.stats().companies[&c].decisions, 1);
    assert_eq!(api.post(&d, json!({"decision": "accept"})).status, 409);
}

#[test]
fn answers_choose_the_fix_and_reject_keeps_the_flags() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (company, c, run) = dirty(&api);
    let na = api.get(&format!("/companies/{c}/imports/{run}")).json();
    let answers: Vec<Value> = na["needs_attention"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let value = if q["target"]["column"] == "Status" {
                "Pending"
            } else {
                "Remove these rows"
            };
            json!({"id": q["id"], "value": value})
        })
        .collect();
    let r = api.post(
        &format!("/companies/{c}/imports/{run}/decisions"),
        json!({"decision": "answer", "answers": answers}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let done = api.settle(&c, "imports", &run);
    assert_eq!(done["status"], "completed");
    let csv = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "valid");
    let pending = csv.lines().filter(|l| l.contains(",Pending,")).count();
    let open = csv.lines().filter(|l| l.contains(",Open,")).count();
    assert!(
        pending > open / 10,
        "the 37 custom answers landed as Pending"
    );

    let (company, c, run) = dirty(&api);
    let before = api.get(&format!("/companies/{c}/imports/{run}")).json()["report"].clone();
    let r = api.post(
        &format!("/companies/{c}/imports/{run}/decisions"),
        json!({"decision": "reject"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "completed");
    let done = api.settle(&c, "imports", &run);
    assert_eq!(
        done["report"], before,
        "reject keeps the report shown at needs_attention"
    );
    let sheet = Api::sheet_id(&company, "Contacts");
    assert_eq!(api.csv(&c, &sheet, "valid").lines().count(), 1 + 2400 - 58);
    assert_eq!(api.csv(&c, &sheet, "all").lines().count(), 1 + 2400);
}

#[test]
fn a_blocked_run_asks_first_and_resumes_on_an_answer() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Blocked Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let bytes = std::fs::read(example("contacts-clean.csv")).unwrap();
    // Blank a few Status cells so the fill is visible.
    let text = String::from_utf8(bytes)
        .unwrap()
        .replacen(",Open,", ",,", 5);
    let upload_ref = api.upload(&c, "contacts.blocked.csv", "text/csv", text.as_bytes());
    let r = api.post(
        &format!("/companies/{c}/imports"),
        json!({"files": [{"name": "contacts.blocked.csv", "upload_ref": upload_ref}]}),
    );
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let blocked = api.settle(&c, "imports", &run);
    assert_eq!(blocked["status"], "blocked", "{blocked}");
    let q = &blocked["questions"][0];
    assert_eq!(q["id"], "q1");
    assert_eq!(q["allowCustom"], true);
    assert!(
        q["context"].as_str().unwrap().starts_with("5 of 2500 rows"),
        "{q}"
    );
    let label = q["options"][0]["label"].as_str().unwrap().to_string();
    assert_eq!(label, "Fill them with 'Open'");

    let m = format!("/companies/{c}/imports/{run}/messages");
    let r = api.post(&m, json!({"answers": [{"id": "q9", "value": label}]}));
    assert_eq!(r.status, 400);
    let r = api.post(
        &format!("/companies/{c}/imports/{run}/decisions"),
        json!({"decision": "accept"}),
    );
    assert_eq!(r.status, 409, "a blocked run is answered through messages");
    let r = api.post(&m, json!({"answers": [{"id": "q1", "value": label}]}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["status"], "running");
    let r = api.post(&m, json!({"answers": [{"id": "q1", "value": label}]}));
    assert_eq!(r.status, 409, "no longer blocked");
    let done = api.settle(&c, "imports", &run);
    assert_eq!(done["status"], "completed", "{done}");
    let csv = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "all");
    assert_eq!(
        csv.matches(",Open,").count(),
        text.matches(",Open,").count() + 5
    );
    assert_eq!(sb.stats().companies[&c].messages, 1);

    // The scenario switch blocks every import; a free-form message resumes it too.
    sb.update(|d| d.scenario = Some(Scenario::Blocked));
    let upload_ref = api.upload(&c, "again.csv", "text/csv", text.as_bytes());
    let run = api
        .post(
            &format!("/companies/{c}/imports"),
            json!({"files": [{"name": "again.csv", "upload_ref": upload_ref}]}),
        )
        .json()["run_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(api.settle(&c, "imports", &run)["status"], "blocked");
    let r = api.post(
        &m.replace(&run_placeholder(&m), &run),
        json!({"answers": "Leave empty statuses alone"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
}

#[test]
fn the_x_sim_scenario_header_picks_one_imports_scenario() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Scenario Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let import = |name: &str, scenario: &str| {
        let upload_ref = api.upload_file(&c, name);
        api.send(
            api.post_req(
                &format!("/companies/{c}/imports"),
                &json!({"files": [{"name": name, "upload_ref": upload_ref}]}),
            )
            .header("x-sim-scenario", scenario),
        )
    };
    let r = import("companies.csv", "sideways");
    assert_eq!(r.status, 400);
    assert!(
        r.error().contains("Unknown x-sim-scenario 'sideways'"),
        "{}",
        r.text
    );
    let r = import("companies.csv", "fail");
    assert_eq!(r.status, 201, "{}", r.text);
    let failed = api.settle(&c, "imports", r.json()["run_id"].as_str().unwrap());
    assert_eq!(failed["status"], "failed", "{failed}");
    // `clean` overrides the sandbox-wide switch for this import only.
    sb.update(|d| d.scenario = Some(Scenario::Fail));
    let r = import("companies.csv", "clean");
    let done = api.settle(&c, "imports", r.json()["run_id"].as_str().unwrap());
    assert_eq!(done["status"], "completed", "{done}");
}

fn run_placeholder(m: &str) -> String {
    m.split('/').nth(4).unwrap().to_string()
}

#[test]
fn one_import_at_a_time_with_an_active_lookup() {
    let sb = sandbox_with(|d| d.timing.time_scale = 20.0);
    let api = Api::new(&sb);
    let c = api.company("Busy Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rows = json!({"rows": [{"Email": "a@b.co", "First Name": "A"}]});
    let r = api.post(&format!("/companies/{c}/imports"), rows.clone());
    assert_eq!(r.status, 201);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    let r = api.post(&format!("/companies/{c}/imports"), rows.clone());
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["run_id"],
        run.as_str(),
        "the 409 names the run in the way"
    );
    let active = api.get(&format!("/companies/{c}/imports/active"));
    assert_eq!(active.status, 200);
    assert_eq!(active.json()["run_id"], run.as_str());
    assert!(active.json()["progress_message"].is_string());
    api.settle(&c, "imports", &run);
    let r = api.get(&format!("/companies/{c}/imports/active"));
    assert_eq!((r.status, r.error().as_str()), (404, "No active import"));
    assert_eq!(
        api.post(&format!("/companies/{c}/imports"), rows).status,
        201
    );
}

#[test]
fn idempotency_keys_return_the_run_or_refuse_another_payload() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Idem Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"rows": [{"Email": "a@b.co", "First Name": "A"}], "idempotency_key": "k-1"});
    let first = api.post(&format!("/companies/{c}/imports"), body.clone());
    assert_eq!(first.status, 201);
    let run = first.json()["run_id"].clone();
    // Same key, same payload (key order differs): the same run, even while it is in flight.
    let reordered =
        json!({"idempotency_key": "k-1", "rows": [{"First Name": "A", "Email": "a@b.co"}]});
    let again = api.post(&format!("/companies/{c}/imports"), reordered);
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json()["run_id"], run);
    api.settle(&c, "imports", run.as_str().unwrap());
    let after = api.post(&format!("/companies/{c}/imports"), body.clone());
    assert_eq!(
        (after.status, after.json()["status"].clone()),
        (200, json!("completed"))
    );
    let other = api.post(
        &format!("/companies/{c}/imports"),
        json!({"rows": [{"Email": "z@b.co", "First Name": "Z"}], "idempotency_key": "k-1"}),
    );
    assert_eq!(other.status, 409);
    assert!(
        other.error().contains("different payload"),
        "{}",
        other.text
    );
    // Exports keep their own namespace.
    let e = api.post(
        &format!("/companies/{c}/exports"),
        json!({"mode": "canary", "idempotency_key": "k-1"}),
    );
    assert_eq!(e.status, 201, "{}", e.text);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
}

#[test]
fn malformed_imports_are_refused_with_reasons() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Bad Input Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/companies/{c}/imports");
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"Email": format!("{i}@x.co"), "First Name": "X"}))
        .collect();
    let cases = [
        (json!({}), "Provide either files or rows"),
        (json!({"files": [], "rows": []}), "not both"),
        (json!({"files": []}), "files must not be empty"),
        (json!({"files": [{"name": "a.csv"}]}), "Malformed files"),
        (
            json!({"files": [{"name": "a.csv", "upload_ref": "workbook-files/x"}]}),
            "unknown or expired",
        ),
        (json!({"rows": "nope"}), "rows must be an array"),
        (json!({"rows": [1]}), "rows[0] is not an object"),
        (json!({"rows": many}), "at most 1000 rows"),
        (
            json!({"rows": [{"a": 1}], "idempotency_key": ""}),
            "idempotency_key must be",
        ),
    ];
    for (body, message) in cases {
        let r = api.post(&path, body.clone());
        assert_eq!(r.status, 400, "{body}");
        assert!(r.error().contains(message), "{} lacks {message:?}", r.text);
    }
    let pdf = api.upload(&c, "scan.pdf", "application/pdf", b"%PDF-1.7 fake");
    let r = api.post(
        &path,
        json!({"files": [{"name": "scan.pdf", "upload_ref": pdf}]}),
    );
    assert_eq!(r.status, 400);
    assert!(
        r.error()
            .contains("application/pdf; the sandbox imports CSV"),
        "{}",
        r.text
    );
    assert_eq!(
        api.post(
            "/companies/00000000-0000-4000-8000-000000000000/imports",
            json!({"rows": [{}]})
        )
        .status,
        404
    );
    // Inline rows that match no template fail the run, with the keys named.
    let r = api.post(&path, json!({"rows": [{"colour": "red"}]}));
    let done = api.settle(&c, "imports", r.json()["run_id"].as_str().unwrap());
    assert_eq!(done["status"], "failed");
    assert!(done["error"].as_str().unwrap().contains("colour"), "{done}");
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
}

#[test]
fn tsv_imports_and_csv_exports() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Tab Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let tsv = "Email\tFirst Name\tStatus\nana@x.co\tAna\tOpen\nli@x.co\t\"Li, Jr\"\tClosed\n";
    let r = api.upload(
        &c,
        "people.tsv",
        "text/tab-separated-values",
        tsv.as_bytes(),
    );
    let run = api
        .post(
            &format!("/companies/{c}/imports"),
            json!({"files": [{"name": "people.tsv", "upload_ref": r}]}),
        )
        .json()["run_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    let sheet = Api::sheet_id(&company, "Contacts");
    let resp = api.get(&format!("/companies/{c}/export.csv?sheet_id={sheet}"));
    assert_eq!(resp.status, 200);
    assert_eq!(resp.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        resp.headers["content-disposition"],
        "attachment; filename=\"tab-co-contacts.csv\""
    );
    assert_eq!(resp.headers["x-total-records"], "2");
    assert_eq!(
        resp.text,
        "Email,First Name,Last Name,Phone,Title,Status,Account\nana@x.co,Ana,,,,Open,\nli@x.co,\"Li, Jr\",,,,Closed,\n"
    );
    let r = api.get(&format!(
        "/companies/{c}/export.csv?sheet_id={sheet}&filter=invalid"
    ));
    assert_eq!(r.status, 400);
    let r = api.get(&format!("/companies/{c}/export.csv"));
    assert_eq!(r.status, 501);
    let r = api.get(&format!("/companies/{c}/export.csv?sheet_id={c}"));
    assert_eq!((r.status, r.error().as_str()), (404, "Sheet not found"));
}

fn export(api: &Api, c: &str, body: Value) -> Value {
    let r = api.post(&format!("/companies/{c}/exports"), body);
    assert_eq!(r.status, 201, "{}", r.text);
    api.settle(c, "exports", r.json()["run_id"].as_str().unwrap())
}

#[test]
fn exports_upsert_by_natural_key_and_report_every_write() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let (_, c, run) = dirty(&api);
    // An export must wait for the import.
    let r = api.post(&format!("/companies/{c}/exports"), json!({}));
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["run_id"], run.as_str());
    api.post(
        &format!("/companies/{c}/imports/{run}/decisions"),
        json!({"decision": "accept"}),
    );
    api.settle(&c, "imports", &run);

    let canary = export(&api, &c, json!({"mode": "canary"}));
    assert_eq!(canary["status"], "completed");
    assert_eq!(canary["report"]["mode"], "canary");
    assert_eq!(canary["report"]["total"], 2, "one row per template");

    let full = export(&api, &c, json!({"mode": "full"}));
    let report = &full["report"];
    assert_eq!(report["total"], 4379);
    assert_eq!(report["failed"], 6, "the planted bad phones");
    let results = report["results"].as_array().unwrap();
    let failed: Vec<&Value> = results.iter().filter(|r| r["ok"] == false).collect();
    assert!(
        failed
            .iter()
            .all(|r| r["status"] == 422 && r["error"] == "phone: must be a valid phone number")
    );
    let hollow = results
        .iter()
        .filter(|r| r["ok"] == true && r["fields_confirmed"] == false)
        .count();
    assert_eq!(hollow, 4, "the planted long titles");
    assert!(
        results
            .iter()
            .any(|r| r["fields_confirmed"].is_null() && r["path"] == "/v3/companies")
    );
    assert_eq!(
        results.iter().filter(|r| r["status"] == 200).count(),
        2,
        "the canary rows were updated, not duplicated"
    );

    let stats = sb.stats();
    let cs = &stats.companies[&c];
    assert_eq!(cs.destination_records, 4379 - 6);
    let again = export(&api, &c, json!({"mode": "full"}));
    assert_eq!(again["report"]["succeeded"], 4379 - 6);
    let stats = sb.stats();
    let cs = &stats.companies[&c];
    assert_eq!(cs.destination_records, 4379 - 6, "a re-run upserts");
    assert_eq!(
        *cs.destination_writes.values().max().unwrap(),
        3,
        "canary + two full runs"
    );
    assert_eq!((cs.canary_exports, cs.full_exports), (1, 2));

    // Narrowing by template and by row values.
    let sel = export(
        &api,
        &c,
        json!({"selection": {"template_ids": [COMPANIES]}}),
    );
    assert_eq!(sel["report"]["total"], 2000);
    let sel = export(
        &api,
        &c,
        json!({"selection": {"template_ids": [CONTACTS], "row_filter": {"Status": ["Pending"]}}}),
    );
    let n = sel["report"]["total"].as_u64().unwrap();
    assert!(n > 100 && n < 2379, "{n}");
    let r = api.post(
        &format!("/companies/{c}/exports"),
        json!({"selection": {"row_filter": {"Colour": "red"}}}),
    );
    assert_eq!(r.status, 400);
    let r = api.post(
        &format!("/companies/{c}/exports"),
        json!({"selection": {"template_ids": [HUBSPOT]}}),
    );
    assert_eq!(r.status, 404);
    let r = api.post(
        &format!("/companies/{c}/exports"),
        json!({"mode": "everything"}),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn job_level_export_failures() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Down Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = api.import_files(&c, &["companies.csv"]);
    api.settle(&c, "imports", &run);
    sb.update(|d| d.destination_down = true);
    let down = export(&api, &c, json!({}));
    assert_eq!(down["status"], "failed");
    assert!(
        down["error"].as_str().unwrap().contains("unavailable"),
        "{down}"
    );
    assert_eq!(sb.stats().companies[&c].destination_records, 0);
    sb.update(|d| d.destination_down = false);

    let r = api.post(
        "/companies",
        json!({"name": "Wrong Creds", "source": HUBSPOT, "connections": {"base_url": "https://crm.sandbox.vern.local", "auth": {"api_key": "stale"}}}),
    );
    let c2 = r.json()["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c2, &["companies.csv"]);
    api.settle(&c2, "imports", &run);
    let bad = export(&api, &c2, json!({}));
    assert_eq!(bad["status"], "failed");
    assert!(bad["error"].as_str().unwrap().contains("401"), "{bad}");

    let r = api.post("/companies", json!({"name": "No Conn", "source": HUBSPOT}));
    let c3 = r.json()["company"]["id"].as_str().unwrap().to_string();
    let r = api.post(&format!("/companies/{c3}/exports"), json!({}));
    assert_eq!(r.status, 409);
    assert!(
        r.error().contains("no destination connection"),
        "{}",
        r.text
    );
}

#[test]
fn cancel_stops_a_run_and_only_once() {
    let sb = sandbox_with(|d| d.timing.time_scale = 5.0);
    let api = Api::new(&sb);
    let c = api.company("Cancel Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = api
        .post(
            &format!("/companies/{c}/imports"),
            json!({"rows": [{"Email": "a@b.co", "First Name": "A"}]}),
        )
        .json()["run_id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/companies/{c}/imports/{run}");
    assert_eq!(api.patch(&path, json!({"status": "stop"})).status, 400);
    let r = api.patch(&path, json!({"status": "cancel_requested"}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["status"], "canceled");
    assert_eq!(
        api.patch(&path, json!({"status": "cancel_requested"}))
            .status,
        409
    );
    std::thread::sleep(Duration::from_millis(1600));
    assert_eq!(
        api.get(&path).json()["status"],
        "canceled",
        "the driver does not resurrect it"
    );
    assert_eq!(
        api.get(&format!("/companies/{c}/imports/active")).status,
        404
    );
}

#[test]
fn the_rate_limit_is_per_key_and_route_with_the_documented_body() {
    let sb = sandbox_with(|d| d.rate_limit = 5);
    let api = Api::new(&sb);
    for _ in 0..5 {
        assert_eq!(api.get("/sources").status, 200);
    }
    let r = api.get("/sources");
    assert_eq!(r.status, 429);
    assert_eq!(r.json(), json!({"error": "Too many requests"}));
    assert!(r.headers.get("retry-after").is_none());
    assert_eq!(
        api.get("/templates").status,
        200,
        "another route has its own budget"
    );
    assert_eq!(sb.stats().rate_limited, 1);
}

#[test]
fn faults_are_deterministic_and_lost_responses_still_commit() {
    let draw = || {
        let sb = sandbox_with(|d| {
            d.faults = FaultConfig {
                error_rate: 0.2,
                seed: 7,
                ..FaultConfig::default()
            }
        });
        let api = Api::new(&sb);
        let seq: Vec<u16> = (0..100).map(|_| api.get("/sources").status).collect();
        (seq, sb.stats().faults.errors)
    };
    let (a, errors) = draw();
    let (b, _) = draw();
    assert_eq!(a, b, "same seed, same faults");
    let fives = a.iter().filter(|s| **s >= 500).count();
    assert_eq!(fives as u64, errors);
    assert!((8..=35).contains(&fives), "about 20% of 100: {fives}");
    assert!(a.contains(&502), "a proxy's HTML 502 is among them");

    let sb = sandbox();
    let api = Api::new(&sb);
    let c = api.company("Lossy Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"rows": [{"Email": "a@b.co", "First Name": "A"}], "idempotency_key": "once"});
    sb.set_faults(FaultConfig {
        script: vec![ScriptedFault::new(
            "POST",
            "/imports",
            FaultKind::LostResponse,
            1,
        )],
        ..FaultConfig::default()
    });
    let lost = api.try_send(api.post_req(&format!("/companies/{c}/imports"), &body));
    assert!(lost.is_err(), "the client sees a dropped connection");
    assert_eq!(
        sb.stats().companies[&c].import_runs,
        1,
        "but the run was created"
    );
    let retry = api.post(&format!("/companies/{c}/imports"), body);
    assert_eq!(retry.status, 200, "the same key recovers the run");
    assert_eq!(sb.stats().companies[&c].import_runs, 1);
    assert_eq!(sb.stats().faults.lost_responses, 1);

    sb.set_faults(FaultConfig {
        script: vec![ScriptedFault::new(
            "POST",
            "/companies",
            FaultKind::Reset,
            1,
        )],
        ..FaultConfig::default()
    });
    let reset =
        api.try_send(api.post_req("/companies", &json!({"name": "Never", "source": HUBSPOT})));
    assert!(reset.is_err());
    assert_eq!(
        sb.stats().companies_created,
        1,
        "a reset happens before processing"
    );

    sb.set_faults(FaultConfig {
        script: vec![ScriptedFault::new(
            "GET",
            "/templates",
            FaultKind::Truncated,
            1,
        )],
        ..FaultConfig::default()
    });
    let truncated = api.try_send(api.get_req("/templates"));
    assert!(
        truncated.is_err() || serde_json::from_str::<Value>(&truncated.unwrap().text).is_err(),
        "a truncated body never parses"
    );

    sb.set_faults(FaultConfig {
        burst_429_rate: 1.0,
        burst_len: 20,
        ..FaultConfig::default()
    });
    let statuses: Vec<u16> = (0..20).map(|_| api.get("/sources").status).collect();
    assert!(statuses.iter().all(|s| *s == 429), "{statuses:?}");
    sb.set_faults(FaultConfig {
        latency: Duration::from_millis(120),
        ..FaultConfig::default()
    });
    let t = Instant::now();
    api.get("/sources");
    assert!(t.elapsed() >= Duration::from_millis(120));
}

#[test]
fn stats_and_config_are_reachable_over_http() {
    let sb = sandbox();
    let api = Api::new(&sb);
    api.company("Stats Co");
    let stats: Value = api
        .http
        .get(format!("{}/_sandbox/stats", sb.api_url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(stats["companies_created"], 1);
    let r = api
        .http
        .post(format!("{}/_sandbox/config", sb.api_url))
        .json(&json!({"rate_limit": 1, "timing": {"queue_time": "1s", "run_time": "2s", "time_scale": 100.0}}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sb.dynamic().rate_limit, 1);
    assert_eq!(api.get("/templates").status, 200);
    assert_eq!(api.get("/templates").status, 429);
}

/// Start `vern sandbox` on free ports; returns the child and the parsed `--json` banner.
fn spawn_sandbox(
    extra: &[&str],
) -> (
    std::process::Child,
    Value,
    BufReader<std::process::ChildStderr>,
) {
    let mut child = bare()
        .args([
            "sandbox",
            "--json",
            "--addr",
            "127.0.0.1:0",
            "--time-scale",
            "100",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut text = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(20);
    let banner = loop {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "sandbox exited early: {text}");
        text.push_str(std::str::from_utf8(&buf[..n]).unwrap());
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            break v;
        }
        assert!(Instant::now() < deadline, "no banner: {text}");
    };
    let stderr = BufReader::new(child.stderr.take().unwrap());
    (child, banner, stderr)
}

#[test]
fn vern_sandbox_serves_logs_each_request_and_stops_on_ctrl_c() {
    let (mut child, banner, mut stderr) = spawn_sandbox(&[]);
    let api_url = banner["api_url"].as_str().unwrap();
    let key = banner["key"].as_str().unwrap();
    assert!(
        banner["storage_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_ne!(banner["storage_url"], banner["api_url"]);
    let http = reqwest::blocking::Client::new();
    let c: Value = http
        .post(format!("{api_url}/api/v1/companies"))
        .header("x-api-key", key)
        .json(&json!({"name": "Proc Co", "source": HUBSPOT}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = c["company"]["id"].as_str().unwrap();
    let up: Value = http
        .post(format!("{api_url}/api/v1/companies/{id}/uploads"))
        .header("x-api-key", key)
        .json(&json!({"name": "a.csv", "content_type": "text/csv", "size": 3}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let url = up["upload_url"].as_str().unwrap();
    let token = url.split("token=").nth(1).unwrap().to_string();
    let put = http
        .put(url)
        .header("content-type", "text/csv")
        .body("a\n1")
        .send()
        .unwrap();
    assert_eq!(put.status(), 200);
    let mut lines = Vec::new();
    while lines.len() < 3 {
        let mut l = String::new();
        stderr.read_line(&mut l).unwrap();
        lines.push(l);
    }
    assert!(
        lines[0].contains("POST") && lines[0].contains("/api/v1/companies 201"),
        "{lines:?}"
    );
    assert!(
        lines[2].contains("storage") && lines[2].contains("token=REDACTED"),
        "{lines:?}"
    );
    assert!(
        !lines.concat().contains(&token),
        "the signed URL's token is never logged"
    );

    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("sandbox stopped"), "{rest}");
}

#[test]
fn vern_sandbox_rejects_bad_flags_and_seeds() {
    let r = Run::from(
        bare()
            .args(["sandbox", "--error-rate", "2"])
            .output()
            .unwrap(),
    );
    r.expect(2);
    assert!(
        r.stderr.contains("not a rate between 0 and 1"),
        "{}",
        r.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("seed.json");
    std::fs::write(&bad, r#"{"sources": [], "templates": []}"#).unwrap();
    let r = Run::from(
        bare()
            .args(["sandbox", "--addr", "127.0.0.1:0", "--seed"])
            .arg(&bad)
            .output()
            .unwrap(),
    );
    r.expect(1);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("at least one source"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    // The seed in examples/ is the built-in one and loads as a file too.
    let (mut child, banner, _) = spawn_sandbox(&[
        "--seed",
        example("seed.json").to_str().unwrap(),
        "--key",
        "k2",
    ]);
    assert_eq!(banner["key"], "k2");
    // SIGTERM stops it as cleanly as Ctrl-C (and removes its upload spool).
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

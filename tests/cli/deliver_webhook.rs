//! `vern deliver --to https://…` (issue 14): webhook batches received by an endpoint that verifies
//! every request with the official `svix` package (`tests/support/webhook_receiver.py`, installed
//! by `.ci/run` as `svix-python`) and records it. Every row arrives once in the API's flat payload
//! shape, compared with the sandbox's own `export.csv`; ids stay the same across retries and
//! re-runs; 429, 5xx, drops and slow answers are retried; a refused batch fails alone (exit 6)
//! and the same command sends only it; SIGKILL at every webhook checkpoint, then the same
//! command: each batch acknowledged exactly once (counted by webhook-id); wrong, missing and
//! stored secrets; the API key never reaches the endpoint; https through a private CA; plain
//! http off loopback refused.

use crate::servers::{Certs, Nginx, free_port, tool};
use crate::support::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Another valid secret: what an endpoint with a different key would refuse.
const OTHER_SECRET: &str = "whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQtMTIzNA==";

/// The receiver: svix verifies every request; it answers as configured and records everything.
pub struct Receiver {
    pub port: u16,
    child: Child,
    http: reqwest::blocking::Client,
}

impl Receiver {
    /// `None` when svix-python is not installed (and CI does not require it).
    pub fn start(secret: &str) -> Option<Receiver> {
        Receiver::on_port(secret, 0)
    }

    pub fn on_port(secret: &str, port: u16) -> Option<Receiver> {
        if !tool("svix-python") {
            return None;
        }
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/webhook_receiver.py");
        let mut child = Command::new("svix-python")
            .arg(script)
            .args(["--port", &port.to_string(), "--secret", secret])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the receiver starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("receiver said {line:?}"))
            .parse()
            .unwrap();
        Some(Receiver {
            port,
            child,
            http: reqwest::blocking::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// What to answer: `script` for the next requests, then `rules` by batch index.
    pub fn answer(&self, script: &[&str], rules: Value) {
        let r = self
            .http
            .post(self.url("_config"))
            .json(&json!({"script": script, "rules": rules}))
            .send()
            .unwrap();
        assert!(r.status().is_success());
    }

    pub fn reset(&self) {
        let r = self.http.post(self.url("_reset")).send().unwrap();
        assert!(r.status().is_success());
    }

    /// Every request so far and the ids answered 2xx.
    pub fn log(&self) -> (Vec<Value>, Vec<String>) {
        let v: Value = self
            .http
            .get(self.url("_log"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let requests = v["requests"].as_array().unwrap().clone();
        let accepted = v["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        (requests, accepted)
    }

    /// Wait until the endpoint has answered `n` requests 2xx (one it answers late, after the
    /// client gave up, is still counted when it does).
    pub fn wait_accepted(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.log().1.len() < n {
            assert!(
                Instant::now() < deadline,
                "{} accepted, want {n}",
                self.log().1.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// How many times each id was answered 2xx.
    pub fn accepted(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for id in self.log().1 {
            *m.entry(id).or_insert(0) += 1;
        }
        m
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A company vern provisioned (its journal knows the sheets, external id and workbook), with
/// Companies (2,000 rows) and clean Contacts (2,500 rows) imported.
fn company() -> (BackgroundSandbox, Vern, String, Value) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, company) = v.company("Webhook Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c, company)
}

fn deliver(v: &Vern, c: &str, to: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args = vec!["deliver", "--company", c, "--to", to];
    args.extend_from_slice(extra);
    let mut all: Vec<(&str, &str)> = vec![("VERN_WEBHOOK_SECRET", SECRET)];
    all.extend_from_slice(env);
    v.run_env(&args, &all)
}

/// The rows of a CSV as (header, records).
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn body(request: &Value) -> Value {
    serde_json::from_str(request["body"].as_str().unwrap()).unwrap()
}

/// Every request was verified by svix, carried its id in the body, and no API key.
#[track_caller]
fn all_signed(requests: &[Value], api_key: &str) {
    for r in requests {
        assert_eq!(
            r["verified"], true,
            "svix refused a request: {}",
            r["error"]
        );
        assert!(
            r["headers"].get("x-api-key").is_none(),
            "the API key went to the endpoint: {:?}",
            r["headers"]
        );
        assert!(
            !r.to_string().contains(api_key),
            "the API key went to the endpoint"
        );
        assert_eq!(r["headers"]["content-type"], "application/json");
        assert_eq!(
            body(r)["batch"]["id"],
            r["id"],
            "batch.id is the webhook-id"
        );
    }
}

#[test]
fn every_row_arrives_once_in_signed_batches_of_the_apis_shape() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, company) = company();
    let api = Api::new(&sb);
    let r = deliver(
        &v,
        &c,
        &rx.url("hooks/vern"),
        &["--batch-size", "700", "--format", "xml", "--json"],
        &[],
    );
    r.expect(0);
    assert!(
        r.stderr
            .contains("--format does not apply to a webhook: batches are always JSON"),
        "{}",
        r.stderr
    );
    r.assert_no(SECRET);
    r.assert_no(&sb.key);
    let doc = r.json();
    assert_eq!(doc["destination_type"], "webhook");
    assert_eq!(doc["status"], "success");
    assert_eq!(doc["format"], "json");
    assert_eq!(doc["batch_size"], 700);
    assert_eq!(doc["record_count"], 2000 + 2500);
    assert_eq!(doc["manifest"], Value::Null);
    let batches = doc["batches"].as_array().unwrap();
    // 2,000 rows in 3 batches (700, 700, 600), 2,500 in 4 (700 × 3, 400).
    assert_eq!(batches.len(), 3 + 4, "{doc}");
    assert!(batches.iter().all(|b| b["status"] == "acknowledged"));

    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(requests.len(), 7, "one request per batch");
    assert_eq!(accepted.len(), 7);
    let ids: Vec<&str> = batches.iter().map(|b| b["id"].as_str().unwrap()).collect();
    let mut got: Vec<&str> = accepted.iter().map(String::as_str).collect();
    got.sort_unstable();
    let mut want = ids.clone();
    want.sort_unstable();
    assert_eq!(got, want, "each batch of the report acknowledged once");
    assert_eq!(requests[0]["path"], "/hooks/vern");

    let mut bytes = 0;
    for sheet in ["Companies", "Contacts"] {
        let id = Api::sheet_id(&company, sheet);
        let (header, rows) = csv_rows(&api.csv(&c, &id, "valid"));
        let mut mine: Vec<(Value, String)> = requests
            .iter()
            .map(|r| (body(r), r["body"].as_str().unwrap().to_string()))
            .filter(|(b, _)| b["sheets"][0]["id"] == id.as_str())
            .collect();
        mine.sort_by_key(|(b, _)| b["batch"]["index"].as_u64().unwrap());
        let total = rows.len().div_ceil(700);
        assert_eq!(mine.len(), total, "{sheet}");
        let mut delivered: Vec<Vec<String>> = Vec::new();
        for (i, (b, text)) in mine.iter().enumerate() {
            // The fields in the API's order (serde_json's Value would sort them: read the text).
            let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
            assert!(
                text.starts_with(r#"{"version":"1.0","workbook_id":"#),
                "{sheet}"
            );
            assert!(at("workbook_id") < at("external_id") && at("external_id") < at("batch"));
            assert!(at("batch") < at("sheets"));
            assert_eq!(b["version"], "1.0");
            assert_eq!(b["workbook_id"], company["workbook_id"]);
            assert_eq!(b["external_id"], company["company"]["external_id"]);
            let batch = &b["batch"];
            assert_eq!(batch["index"], i);
            assert_eq!(batch["total"], total);
            let size = if i + 1 == total {
                rows.len() - 700 * i
            } else {
                700
            };
            assert_eq!(batch["size"], size);
            let ts = batch["timestamp"].as_str().unwrap();
            assert!(
                ts.len() == 24 && ts.ends_with('Z') && ts.as_bytes()[19] == b'.',
                "RFC 3339 with milliseconds: {ts}"
            );
            let sheets = b["sheets"].as_array().unwrap();
            assert_eq!(sheets.len(), 1, "one sheet per batch");
            let s = &sheets[0];
            assert_eq!(s["name"], sheet);
            assert_eq!(s["row_count"], size);
            assert_eq!(s["start_row_index"], 700 * i);
            assert_eq!(s["end_row_index"], 700 * i + size - 1);
            for (n, row) in s["data"].as_array().unwrap().iter().enumerate() {
                let o = row.as_object().unwrap();
                assert_eq!(o.len(), header.len() + 1);
                assert_eq!(o["row_index"], 700 * i + n, "{sheet}");
                let values: Vec<String> = header
                    .iter()
                    .map(|h| o[h].as_str().expect("values are strings").to_string())
                    .collect();
                // Keys in the header's order, then row_index, as the text has them.
                let fields: Vec<String> = header
                    .iter()
                    .zip(&values)
                    .map(|(h, v)| format!("{}:{}", json!(h), json!(v)))
                    .collect();
                let exact = format!("{{{},\"row_index\":{}}}", fields.join(","), 700 * i + n);
                assert!(text.contains(&exact), "{sheet}: {exact}");
                delivered.push(values);
            }
        }
        assert_eq!(delivered, rows, "{sheet}: every row, once, in order");
        bytes += requests
            .iter()
            .filter(|r| body(r)["sheets"][0]["id"] == id.as_str())
            .map(|r| r["body"].as_str().unwrap().len() as u64)
            .sum::<u64>();
    }
    assert_eq!(
        doc["file_size"], bytes,
        "file_size: the acknowledged bodies"
    );

    // The same command shows the finished run and sends nothing.
    rx.reset();
    let again = deliver(&v, &c, &rx.url("hooks/vern"), &["--batch-size", "700"], &[]);
    again.expect(0);
    assert!(
        again.stdout.contains("already delivered"),
        "{}",
        again.stdout
    );
    assert!(rx.log().0.is_empty(), "nothing sent again");
    // runs list shows the run with the acknowledged rows.
    let list = v.run(&["runs", "list", "--json"]);
    let d = &list.json()["operations"][0]["delivery"];
    assert_eq!(d["destination_type"], "webhook");
    assert_eq!(d["record_count"], 4500);
    assert_eq!(d["status"], "success");
    let shown = v.run(&["runs", "show", doc["id"].as_str().unwrap()]);
    assert!(
        shown
            .stdout
            .contains("7 batch(es) acknowledged, 4,500 rows")
            && shown.stdout.contains("Contacts: 4/4 batches acknowledged"),
        "{}",
        shown.stdout
    );
    // Neither the journal nor any output holds the secret.
    for e in walk(v.state.path()) {
        let text = std::fs::read_to_string(&e).unwrap_or_default();
        assert!(
            !text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            "{}",
            e.display()
        );
    }
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn retries_keep_the_id_and_sign_every_attempt_afresh() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    // The first batch meets a 500, a 429, a dropped connection and a 503; the fourth a slow
    // answer past the call timeout (accepted late by the endpoint: at least once).
    rx.answer(
        &["500", "429", "drop", "503"],
        json!([{"index": 1, "sheet": "Contacts", "action": "slow:3", "times": 1}]),
    );
    let r = deliver(
        &v,
        &c,
        &rx.url("in"),
        &["--json"],
        &[("VERN_CALL_TIMEOUT", "1s")],
    );
    r.expect(0);
    assert!(
        r.stderr.contains("sending it again (same id)"),
        "{}",
        r.stderr
    );
    rx.wait_accepted(6);
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    let first = requests[0]["id"].as_str().unwrap();
    let tries: Vec<&Value> = requests.iter().filter(|r| r["id"] == first).collect();
    assert_eq!(tries.len(), 5, "four failures, then the answer");
    assert!(
        tries.iter().all(|t| body(t) == body(tries[0])),
        "the same body"
    );
    assert_eq!(
        tries
            .iter()
            .map(|t| t["action"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["500", "429", "drop", "503", "200"]
    );
    let doc = r.json();
    let slow = doc["batches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["sheet"] == "Contacts" && b["index"] == 1)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &accepted {
        *counts.entry(id.as_str()).or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 5, "every batch acknowledged: {counts:?}");
    for (id, n) in &counts {
        // The slow batch was taken twice: once too late for vern, once again under its id.
        let want = if *id == slow { 2 } else { 1 };
        assert_eq!(*n, want, "{id}: {counts:?}");
    }
    assert!(
        doc["batches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "acknowledged")
    );
}

#[test]
fn a_refused_batch_fails_alone_and_the_same_command_sends_only_it() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    let reply = format!(
        "Status \u{1b}[31mExploded\u{1b}[0m\nrow 12: {}",
        "x".repeat(400)
    );
    rx.answer(
        &[],
        json!([{"index": 1, "sheet": "Contacts", "action": "400", "body": reply}]),
    );
    let to = rx.url("in");
    let r = deliver(&v, &c, &to, &["--json"], &[]);
    r.expect(6);
    let doc = r.json();
    assert_eq!(doc["status"], "failed");
    assert_eq!(doc["completed_at"], Value::Null, "unfinished");
    assert_eq!(doc["record_count"], 4500 - 1000);
    let failed: Vec<&Value> = doc["batches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] != "acknowledged")
        .collect();
    assert_eq!(failed.len(), 1, "{doc}");
    let f = failed[0];
    assert_eq!(f["status"], "failed");
    assert_eq!(f["sheet"], "Contacts");
    assert_eq!(f["index"], 1);
    assert_eq!(f["start_row_index"], 1000);
    assert_eq!(f["http_status"], 400);
    let error = f["error"].as_str().unwrap();
    assert!(
        error.starts_with("HTTP 400: Status \\u{1b}[31mExploded"),
        "{error}"
    );
    assert!(
        !error.contains('\u{1b}') && !error.contains('\n'),
        "{error}"
    );
    assert!(error.chars().count() < 260, "cut short: {error}");
    assert!(
        doc["error"].as_str().unwrap().contains("Contacts batch 1"),
        "{doc}"
    );
    let id = f["id"].as_str().unwrap().to_string();
    assert_eq!(rx.accepted().len(), 4, "the others delivered");

    // Human output names the batch too, and says what next.
    rx.reset();
    rx.answer(
        &[],
        json!([{"index": 1, "sheet": "Contacts", "action": "400"}]),
    );
    let human = deliver(&v, &c, &to, &[], &[]);
    human.expect(6);
    assert!(
        human.stdout.contains(&format!(
            "failed Contacts batch 1 (rows 1000–1999, webhook-id {id})"
        )),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("sends only the batches not acknowledged")
    );
    let (requests, _) = rx.log();
    assert_eq!(requests.len(), 1, "only the failed batch is sent again");
    assert_eq!(requests[0]["id"], id.as_str());

    // The endpoint fixed: the same command sends that batch, under the same id, and finishes.
    rx.reset();
    let done = deliver(&v, &c, &to, &["--json"], &[]);
    done.expect(0);
    assert!(
        done.stderr.contains("continuing operation"),
        "{}",
        done.stderr
    );
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted, std::slice::from_ref(&id));
    let doc = done.json();
    assert_eq!(doc["status"], "success");
    assert_eq!(doc["record_count"], 4500);

    // --allow-failures keeps exit 0, and the run stays unfinished all the same.
    rx.reset();
    rx.answer(
        &[],
        json!([{"index": 0, "sheet": "Companies", "action": "422"}]),
    );
    let allowed = deliver(&v, &c, &to, &["--new", "--allow-failures", "--json"], &[]);
    allowed.expect(0);
    assert_eq!(allowed.json()["status"], "failed");
    rx.reset();
    let rest = deliver(&v, &c, &to, &["--allow-failures"], &[]);
    rest.expect(0);
    assert_eq!(rx.log().1.len(), 1, "only the refused batch again");
}

/// The webhook checkpoints: before a batch's request (after it is journaled `sending`), after
/// the endpoint's 2xx (before it is journaled), after it is journaled — each at a first and a
/// later batch — and the plan and the report.
const CHECKPOINTS: &[&str] = &[
    "deliver:planned",
    "deliver:batch-sending",
    "deliver:batch-sending#4",
    "deliver:batch-sent",
    "deliver:batch-sent#3",
    "deliver:batch-sent#5",
    "deliver:batch-acknowledged#2",
    "report",
];

#[test]
fn sigkill_at_every_webhook_checkpoint_then_the_same_command_acknowledges_each_batch_once() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    let mut failures = Vec::new();
    for (i, cp) in CHECKPOINTS.iter().enumerate() {
        rx.reset();
        let to = rx.url(&format!("kill-{i}"));
        let crashed = deliver(&v, &c, &to, &[], &[("VERN_CRASH_AT", cp)]);
        if crashed.code != -1 {
            failures.push(format!(
                "{cp}: expected SIGKILL, got {}: {}",
                crashed.code, crashed.stderr
            ));
            continue;
        }
        // The batch whose 2xx the kill lost, if it was one.
        let in_flight = match cp.strip_prefix("deliver:batch-sent") {
            Some(n) => {
                let k: usize = n.strip_prefix('#').map_or(1, |k| k.parse().unwrap());
                Some(rx.log().1[k - 1].clone())
            }
            None => None,
        };
        let done = deliver(&v, &c, &to, &["--json"], &[]);
        if done.code != 0 {
            failures.push(format!("{cp}: re-run exit {}: {}", done.code, done.stderr));
            continue;
        }
        let doc = done.json();
        let ids: Vec<String> = doc["batches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_string())
            .collect();
        let (requests, _) = rx.log();
        all_signed(&requests, &sb.key);
        let counts = rx.accepted();
        if ids.len() != 5
            || counts.keys().cloned().collect::<Vec<_>>() != {
                let mut s = ids.clone();
                s.sort();
                s
            }
        {
            failures.push(format!("{cp}: acknowledged {counts:?}, batches {ids:?}"));
            continue;
        }
        for (id, n) in &counts {
            let want = if in_flight.as_deref() == Some(id.as_str()) {
                2
            } else {
                1
            };
            if *n != want {
                failures.push(format!("{cp}: {id} acknowledged {n} times, want {want}"));
            }
        }
        if doc["record_count"] != 4500 || doc["status"] != "success" {
            failures.push(format!("{cp}: {doc}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn missing_malformed_and_wrong_secrets_are_refused_and_never_shown() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    let to = rx.url("in");
    let args = ["deliver", "--company", c.as_str(), "--to", to.as_str()];

    let none = v.run(&args);
    none.expect(3);
    assert!(
        none.stderr.contains("no signing secret for the webhook"),
        "{}",
        none.stderr
    );
    assert!(
        none.stderr.contains("VERN_WEBHOOK_SECRET"),
        "{}",
        none.stderr
    );

    for (bad, says) in [
        ("not-a-secret-at-all-hunter2", "does not start with whsec_"),
        ("whsec_hunter2!!!", "is not base64"),
        ("whsec_aHVudGVyMg==", "is too short"),
    ] {
        let r = v.run_env(&args, &[("VERN_WEBHOOK_SECRET", bad)]);
        r.expect(2);
        assert!(r.stderr.contains("VERN_WEBHOOK_SECRET"), "{}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
        r.assert_no("hunter2");
        r.assert_no("aHVudGVy");
    }
    let unknown = v.run_env(
        &[&args[..], &["--webhook-secret", "nope"]].concat(),
        &[
            ("VERN_KEYRING", "off"),
            (
                "VERN_CREDENTIALS_FILE",
                v.path("creds.json").to_str().unwrap(),
            ),
        ],
    );
    unknown.expect(3);
    assert!(
        unknown
            .stderr
            .contains("no webhook secret named nope is stored"),
        "{}",
        unknown.stderr
    );
    assert!(rx.log().0.is_empty(), "nothing was sent");
    assert!(
        v.operations().iter().all(|o| o["command"] != "deliver"),
        "refused before the journal"
    );

    // A secret of the right form but not the endpoint's: its 401 stops the run (exit 3).
    let wrong = v.run_env(&args, &[("VERN_WEBHOOK_SECRET", OTHER_SECRET)]);
    wrong.expect(3);
    assert!(
        wrong.stderr.contains("refused batch 0 of sheet") && wrong.stderr.contains("HTTP 401"),
        "{}",
        wrong.stderr
    );
    assert!(
        wrong.stderr.contains("hint: check that the signing secret"),
        "{}",
        wrong.stderr
    );
    wrong.assert_no(OTHER_SECRET);
    let (requests, accepted) = rx.log();
    assert_eq!(requests.len(), 1, "stopped at the first refusal");
    assert_eq!(requests[0]["verified"], false);
    assert!(accepted.is_empty());
    // The right secret continues the same run.
    rx.reset();
    let right = deliver(&v, &c, &to, &[], &[]);
    right.expect(0);
    assert!(
        right.stderr.contains("continuing operation"),
        "{}",
        right.stderr
    );
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted.len(), 5);
    for e in walk(v.state.path()) {
        let text = std::fs::read_to_string(&e).unwrap_or_default();
        assert!(
            !text.contains("whsec_"),
            "{}: a secret in the journal",
            e.display()
        );
    }
}

#[test]
fn a_stored_secret_signs_and_stays_in_its_store() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    let creds = v.path("config/credentials.json");
    let env = [
        ("VERN_KEYRING", "off"),
        ("VERN_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ("VERN_API_KEY", sb.key.as_str()),
    ];
    let mut login = v.command();
    login.envs(env).args([
        "auth",
        "login",
        "--webhook-secret",
        "acme",
        "--with-key-stdin",
        "--json",
    ]);
    let r = v.run_stdin_with(login, &format!("{SECRET}\n"));
    r.expect(0);
    r.assert_no(SECRET);
    let doc = r.json();
    assert_eq!(doc["kind"], "webhook_secret");
    assert_eq!(doc["name"], "acme");
    assert!(
        doc["stored_in"].as_str().unwrap().contains("credentials"),
        "{doc}"
    );
    assert!(
        r.stderr.contains("keyring is not available"),
        "{}",
        r.stderr
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&creds).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // A malformed secret is not stored.
    let mut bad = v.command();
    bad.envs(env).args([
        "auth",
        "login",
        "--webhook-secret",
        "other",
        "--with-key-stdin",
    ]);
    let r = v.run_stdin_with(bad, "hunter2hunter2");
    r.expect(2);
    r.assert_no("hunter2");
    assert!(!std::fs::read_to_string(&creds).unwrap().contains("hunter2"));

    let to = rx.url("stored");
    let sent = v.run_env(
        &[
            "deliver",
            "--company",
            &c,
            "--to",
            &to,
            "--webhook-secret",
            "acme",
        ],
        &[&env[..], &[("VERN_WEBHOOK_SECRET", OTHER_SECRET)]].concat(),
    );
    sent.expect(0);
    assert!(
        sent.stderr
            .contains("--webhook-secret acme names the secret to sign with"),
        "{}",
        sent.stderr
    );
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted.len(), 5);

    let mut logout = v.command();
    logout
        .envs(env)
        .args(["auth", "logout", "--webhook-secret", "acme", "--json"]);
    let out = Run::from(logout.output().unwrap());
    out.expect(0);
    assert_eq!(out.json()["removed_from"].as_array().unwrap().len(), 1);
    assert!(!std::fs::read_to_string(&creds).unwrap().contains("whsec_"));
}

#[test]
fn the_secret_service_keyring_holds_a_webhook_secret_when_there_is_one() {
    if !(tool("dbus-run-session") && tool("gnome-keyring-daemon")) {
        return;
    }
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (sb, v, c, _) = company();
    let home = tempfile::tempdir().unwrap();
    let creds = home.path().join("credentials.json");
    let vern = env!("CARGO_BIN_EXE_vern");
    let script = format!(
        r#"eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
printf '%s' "$SECRET" | {vern} auth login --webhook-secret hook --with-key-stdin || exit 10
{vern} deliver --company {c} --to {to} --webhook-secret hook || exit 11
{vern} auth logout --webhook-secret hook || exit 12"#,
        to = rx.url("keyring")
    );
    let mut cmd = Command::new("dbus-run-session");
    cmd.args(["--", "sh", "-c", &script])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("SECRET", SECRET)
        .env("VERN_API_URL", &sb.api_url)
        .env("VERN_API_KEY", &sb.key)
        .env("VERN_CREDENTIALS_FILE", &creds)
        .env("VERN_STATE_DIR", v.state.path())
        .env("VERN_TIME_SCALE", "50")
        .env_remove("VERN_KEYRING")
        .env_remove("VERN_WEBHOOK_SECRET")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("RUST_BACKTRACE", "0");
    let r = Run::from(cmd.output().unwrap());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("stored webhook signing secret hook in the OS keyring"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("removed webhook signing secret hook from the OS keyring"),
        "{}",
        r.stdout
    );
    r.assert_no(SECRET);
    assert!(!creds.exists(), "not in the file");
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted.len(), 5);
}

#[test]
fn plain_http_off_loopback_and_credentials_in_the_url_are_refused_before_any_request() {
    let (_sb, v, c, _) = company();
    for (to, says) in [
        (
            "http://hooks.example/in",
            "plain http:// is only allowed on loopback",
        ),
        (
            "https://ana:hunter2@hooks.example/in",
            "credentials do not belong in --to",
        ),
    ] {
        let r = deliver(&v, &c, to, &[], &[]);
        r.expect(2);
        assert!(r.stderr.contains(says), "{}", r.stderr);
        r.assert_no("hunter2");
    }
    let migrate = v.run(&[
        "migrate",
        example("companies.csv").to_str().unwrap(),
        "--deliver",
        "https://hooks.example/in",
    ]);
    migrate.expect(2);
    assert!(
        migrate
            .stderr
            .contains("vern deliver --company ID --to URL"),
        "{}",
        migrate.stderr
    );
    // --batch-size is range-checked.
    for n in ["0", "10001"] {
        let r = deliver(
            &v,
            &c,
            "https://hooks.example/in",
            &["--batch-size", n],
            &[],
        );
        r.expect(2);
        assert!(r.stderr.contains("--batch-size"), "{}", r.stderr);
    }
}

#[test]
fn an_endpoint_that_stays_down_stops_the_run_and_the_same_command_continues() {
    if !tool("svix-python") {
        return;
    }
    let (sb, v, c, _) = company();
    let port = free_port();
    let to = format!("http://127.0.0.1:{port}/in");
    let started = Instant::now();
    let down = deliver(&v, &c, &to, &[], &[("VERN_TIME_SCALE", "2000")]);
    down.expect(1);
    assert!(
        down.stderr.contains("did not take batch 0 of sheet")
            && down.stderr.contains("after 9 attempts"),
        "{}",
        down.stderr
    );
    assert!(
        down.stderr.contains("re-run the same command later"),
        "{}",
        down.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    let rx = Receiver::on_port(SECRET, port).unwrap();
    let up = deliver(&v, &c, &to, &["--json"], &[]);
    up.expect(0);
    assert!(up.stderr.contains("continuing operation"), "{}", up.stderr);
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted.len(), 5);
    assert_eq!(up.json()["record_count"], 4500);
}

#[test]
fn timeout_bounds_a_slow_endpoint() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let (_sb, v, c, _) = company();
    rx.answer(&[], json!([{"index": 0, "action": "slow:30"}]));
    let started = Instant::now();
    let r = deliver(&v, &c, &rx.url("in"), &["--timeout", "3s"], &[]);
    r.expect(124);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(r.stderr.contains("--timeout ran out"), "{}", r.stderr);
}

/// https to an endpoint behind a private CA (nginx in front of the receiver): trusted through
/// SSL_CERT_FILE it works; untrusted it fails at once, naming the certificate, unretried.
#[test]
fn https_endpoints_are_verified_like_the_api() {
    if !tool("nginx") || !tool("openssl") {
        return;
    }
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let certs = Certs::new();
    let nginx = Nginx::start(
        &certs.path("good.pem"),
        &certs.path("good.key"),
        &rx.url(""),
    );
    let (sb, v, c, _) = company();
    let to = format!("https://localhost:{}/tls", nginx.port);
    let empty = tempfile::tempdir().unwrap();
    let untrusted = deliver(
        &v,
        &c,
        &to,
        &[],
        &[
            ("SSL_CERT_FILE", certs.path("self.pem").to_str().unwrap()),
            ("SSL_CERT_DIR", empty.path().to_str().unwrap()),
        ],
    );
    untrusted.expect(1);
    assert!(
        untrusted
            .stderr
            .contains("signed by an authority this machine does not trust"),
        "{}",
        untrusted.stderr
    );
    assert!(rx.log().0.is_empty(), "nothing reached the endpoint");
    let ca = certs.path("ca.pem");
    let trusted = deliver(
        &v,
        &c,
        &to,
        &["--json"],
        &[
            ("SSL_CERT_FILE", ca.to_str().unwrap()),
            ("SSL_CERT_DIR", empty.path().to_str().unwrap()),
        ],
    );
    trusted.expect(0);
    let (requests, accepted) = rx.log();
    all_signed(&requests, &sb.key);
    assert_eq!(accepted.len(), 5);
    assert_eq!(requests[0]["path"], "/tls");
}

/// An API that lists one template and serves `body` as the sheet's `export.csv`, without
/// `X-Total-Records`: the rows are counted in the spooled file.
fn stub_api(body: String) -> Stub {
    shared_stub_api(std::sync::Arc::new(std::sync::Mutex::new(body)))
}

/// [`stub_api`] serving whatever `body` holds at the time of each request.
fn shared_stub_api(body: std::sync::Arc<std::sync::Mutex<String>>) -> Stub {
    use axum::routing::get;
    let templates = json!({"templates": [{"id": "7e3b0a52-4c1f-4d6e-9a1b-2c3d4e5f6a7b", "name": "Contacts",
        "columns": [{"name": "Email"}, {"name": "First Name"}, {"name": "Status"}]}]});
    let router = axum::Router::new()
        .route(
            "/api/v1/templates",
            get(move || {
                let t = templates.clone();
                async move { axum::Json(t) }
            }),
        )
        .route(
            "/api/v1/companies/{id}/export.csv",
            get(move || {
                let b = body.lock().unwrap().clone();
                async move { ([(axum::http::header::CONTENT_TYPE, "text/csv")], b) }
            }),
        );
    Stub::start(router)
}

#[test]
fn a_company_vern_never_saw_and_a_server_without_a_row_count() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let mut csv = String::from("Email,First Name,Status\n");
    for i in 0..2_345 {
        csv.push_str(&format!("p{i}@example.com,\"Per, son \"\"{i}\"\"\",Open\n"));
    }
    csv.push_str("é@example.com,Zoë \u{1F600},Open\n");
    let stub = stub_api(csv.clone());
    let v = Vern {
        api_url: stub.url.clone(),
        key: "vern_test_key".into(),
        state: tempfile::tempdir().unwrap(),
        cwd: tempfile::tempdir().unwrap(),
    };
    let company = "0b5e8a1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
    let sheet = "9c8b7a6f-5e4d-4c3b-8a29-1f0e2d3c4b5a";
    let r = deliver(
        &v,
        company,
        &rx.url("stranger"),
        &["--sheet", sheet, "--batch-size", "1000", "--json"],
        &[],
    );
    r.expect(0);
    let (requests, _) = rx.log();
    all_signed(&requests, "vern_test_key");
    assert_eq!(requests.len(), 3);
    let (header, rows) = csv_rows(&csv);
    let mut delivered = Vec::new();
    for (i, req) in requests.iter().enumerate() {
        let b = body(req);
        assert!(b.get("workbook_id").is_none(), "unknown: left out");
        assert_eq!(b["external_id"], Value::Null);
        assert_eq!(b["batch"]["total"], 3, "counted without X-Total-Records");
        assert_eq!(b["batch"]["index"], i);
        assert_eq!(
            b["sheets"][0]["name"], "Contacts",
            "named after its template"
        );
        for row in b["sheets"][0]["data"].as_array().unwrap() {
            delivered.push(
                header
                    .iter()
                    .map(|h| row[h].as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
            );
        }
    }
    assert_eq!(delivered, rows);
    assert_eq!(r.json()["record_count"], 2_346);
}

const STRANGER: &str = "0b5e8a1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const STRANGER_SHEET: &str = "9c8b7a6f-5e4d-4c3b-8a29-1f0e2d3c4b5a";

/// A sheet of people `p{n}@x` whose names are `Name {n}` or, for the `changed`, `Name {n} (new)`.
fn people(ids: &[usize], changed: &[usize]) -> String {
    let mut b = String::from("Email,First Name,Status\n");
    for n in ids {
        let name = if changed.contains(n) {
            format!("Name {n} (new)")
        } else {
            format!("Name {n}")
        };
        b.push_str(&format!("p{n}@x,{name},Open\n"));
    }
    b
}

/// vern against a stub API serving the shared `body`.
fn stranger(body: &std::sync::Arc<std::sync::Mutex<String>>) -> (Stub, Vern) {
    let stub = shared_stub_api(body.clone());
    let v = Vern {
        api_url: stub.url.clone(),
        key: "vern_test_key".into(),
        state: tempfile::tempdir().unwrap(),
        cwd: tempfile::tempdir().unwrap(),
    };
    (stub, v)
}

/// Every row the endpoint accepted: (row_index, Email, First Name), in the order received.
fn received_rows(requests: &[Value]) -> Vec<(u64, String, String)> {
    let mut out = Vec::new();
    for r in requests {
        for row in body(r)["sheets"][0]["data"].as_array().unwrap() {
            out.push((
                row["row_index"].as_u64().unwrap(),
                row["Email"].as_str().unwrap().to_string(),
                row["First Name"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn delta_to_a_webhook_sends_only_new_and_changed_rows_at_their_place_in_the_sheet() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let all: Vec<usize> = (0..30).collect();
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&all, &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("delta");
    let args = [
        "--sheet",
        STRANGER_SHEET,
        "--mode",
        "delta",
        "--key",
        "Email",
        "--batch-size",
        "4",
    ];
    let run = |extra: &[&str]| deliver(&v, STRANGER, &to, &[&args[..], extra].concat(), &[]);

    // First: every row is new.
    let first = run(&["--json"]);
    first.expect(0);
    let doc = first.json();
    assert_eq!(doc["mode"], "delta");
    assert_eq!(doc["delta"]["new"], 30);
    assert_eq!(doc["sheets"][0]["delta"]["new"], 30);
    assert_eq!(doc["sheets"][0]["rows"], 30);
    assert_eq!(doc["record_count"], 30);
    let (requests, accepted) = rx.log();
    all_signed(&requests, "vern_test_key");
    assert_eq!(
        (requests.len(), accepted.len()),
        (8, 8),
        "30 rows in 8 batches"
    );
    let got = received_rows(&requests);
    assert_eq!(got.len(), 30);
    for (i, (at, email, _)) in got.iter().enumerate() {
        assert_eq!(
            (*at, email.as_str()),
            (i as u64, format!("p{i}@x").as_str())
        );
    }

    // Nothing changed: no batch, exit 0, every row unchanged.
    rx.reset();
    let same = run(&["--new", "--json"]);
    same.expect(0);
    let doc = same.json();
    assert_eq!(doc["status"], "success");
    assert_eq!(doc["record_count"], 0);
    assert_eq!(doc["batches"], json!([]));
    assert_eq!(doc["sheets"][0]["batches"], 0);
    assert_eq!(doc["delta"]["unchanged"], 30);
    assert!(rx.log().0.is_empty(), "nothing sent");

    // p0 gone, p3 and p17 changed, p30 new: three rows go, each with its place in export.csv
    // (p0's removal moves every other row up by one).
    let now: Vec<usize> = (1..31).collect();
    *source.lock().unwrap() = people(&now, &[3, 17]);
    rx.reset();
    let changed = run(&["--new", "--json"]);
    changed.expect(0);
    let doc = changed.json();
    assert_eq!(
        doc["delta"],
        json!({"requested": 30, "new": 1, "changed": 2, "unchanged": 27, "removed": 1})
    );
    assert_eq!(doc["sheets"][0]["delta"], doc["delta"]);
    assert_eq!(doc["record_count"], 3);
    let (requests, _) = rx.log();
    all_signed(&requests, "vern_test_key");
    assert_eq!(requests.len(), 1, "three rows: one batch of 4");
    let b = body(&requests[0]);
    assert_eq!(b["batch"]["total"], 1);
    assert_eq!(b["batch"]["size"], 3);
    let sheet = &b["sheets"][0];
    assert_eq!(sheet["row_count"], 3);
    assert_eq!(sheet["start_row_index"], 2);
    assert_eq!(sheet["end_row_index"], 29);
    assert_eq!(
        received_rows(&requests),
        [
            (2, "p3@x".into(), "Name 3 (new)".into()),
            (16, "p17@x".into(), "Name 17 (new)".into()),
            (29, "p30@x".into(), "Name 30".into()),
        ]
    );
    // Their row_index is their place in export.csv as served.
    let (_, rows) = csv_rows(&source.lock().unwrap());
    for (at, email, _) in received_rows(&requests) {
        assert_eq!(rows[at as usize][0], email);
    }

    // Said in words too.
    rx.reset();
    let human = run(&["--new"]);
    human.expect(0);
    assert!(
        human.stdout.contains("nothing new or changed: no batch")
            && human
                .stdout
                .contains("delta: 0 new, 0 changed, 30 unchanged (not sent), 0 removed"),
        "{}",
        human.stdout
    );
    assert!(rx.log().0.is_empty());
}

#[test]
fn a_refused_batch_of_a_delta_run_holds_the_ledger_until_the_same_command_sends_it() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let all: Vec<usize> = (0..10).collect();
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&all, &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("delta");
    let args = [
        "--sheet",
        STRANGER_SHEET,
        "--mode",
        "delta",
        "--key",
        "Email",
        "--batch-size",
        "3",
        "--json",
    ];
    let run = |extra: &[&str]| deliver(&v, STRANGER, &to, &[&args[..], extra].concat(), &[]);
    rx.answer(&[], json!([{"index": 1, "action": "400"}]));
    let first = run(&[]);
    first.expect(6);
    let doc = first.json();
    assert_eq!(doc["status"], "failed");
    assert_eq!(doc["record_count"], 7);
    assert_eq!(rx.accepted().len(), 3, "batches 0, 2 and 3");
    let failed = doc["batches"][1]["id"].as_str().unwrap().to_string();
    // The ledger did not move: a plan still finds every row new.
    let plan = run(&["--plan"]);
    plan.expect(0);
    assert_eq!(plan.json()["total"]["to_send"], 10);
    assert_eq!(plan.json()["total"]["already_delivered"], 0);

    // The same command sends only the refused batch (same id, same rows), then moves the ledger.
    rx.reset();
    let again = run(&[]);
    again.expect(0);
    assert!(
        again.stderr.contains("continuing operation"),
        "{}",
        again.stderr
    );
    let (requests, accepted) = rx.log();
    assert_eq!(accepted, std::slice::from_ref(&failed));
    assert_eq!(
        received_rows(&requests)
            .iter()
            .map(|r| r.0)
            .collect::<Vec<_>>(),
        [3, 4, 5]
    );
    let doc = again.json();
    assert_eq!(doc["status"], "success");
    assert_eq!(doc["record_count"], 10);

    // Moved: a new run has nothing to send.
    rx.reset();
    let third = run(&["--new"]);
    third.expect(0);
    assert_eq!(third.json()["delta"]["unchanged"], 10);
    assert!(rx.log().0.is_empty(), "nothing sent");

    // Killed after the last acknowledgement, before the ledger moved: the same command moves it
    // without sending anything again.
    *source.lock().unwrap() = people(&all, &[4]);
    rx.reset();
    let killed = deliver(
        &v,
        STRANGER,
        &to,
        &[&args[..], &["--new"]].concat(),
        &[("VERN_CRASH_AT", "deliver:batch-acknowledged")],
    );
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    assert_eq!(rx.accepted().len(), 1);
    let resumed = run(&[]);
    resumed.expect(0);
    assert_eq!(rx.log().0.len(), 1, "nothing sent again");
    rx.reset();
    let after = run(&["--new"]);
    after.expect(0);
    assert_eq!(
        after.json()["delta"]["unchanged"],
        10,
        "the ledger moved once"
    );
    assert!(rx.log().0.is_empty());
    let next: Vec<String> = std::fs::read_dir(v.state.path().join("ledgers"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".next-"))
        .collect();
    assert!(next.is_empty(), "no next ledger left behind: {next:?}");
}

/// A delta run left unfinished (a refused batch) whose ledger another run moved meanwhile is not
/// continued: its batches' ids stand for the rows selected against the old ledger.
#[test]
fn an_unfinished_delta_run_whose_ledger_moved_meanwhile_is_refused_and_sends_nothing() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let all: Vec<usize> = (0..10).collect();
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&all, &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("moved");
    let args = [
        "--sheet",
        STRANGER_SHEET,
        "--mode",
        "delta",
        "--key",
        "Email",
        "--batch-size",
        "3",
        "--json",
    ];
    let run = |extra: &[&str]| deliver(&v, STRANGER, &to, &[&args[..], extra].concat(), &[]);
    rx.answer(&[], json!([{"index": 1, "action": "400"}]));
    let first = run(&[]);
    first.expect(6);
    let unfinished = first.json()["id"].as_str().unwrap().to_string();
    // Another delivery of the sheet to the endpoint (another batch size: another operation, the
    // same ledger) sends everything and moves the ledger.
    rx.answer(&[], json!([]));
    rx.reset();
    let other = deliver(
        &v,
        STRANGER,
        &to,
        &[&args[..6], &["--batch-size", "5", "--json"]].concat(),
        &[],
    );
    other.expect(0);
    assert_eq!(other.json()["record_count"], 10);
    assert_ne!(other.json()["id"], unfinished.as_str());
    // The unfinished run, resumed: refused before any request, pointing at --new.
    rx.reset();
    let resumed = v.run_env(&["resume", &unfinished], &[("VERN_WEBHOOK_SECRET", SECRET)]);
    assert_eq!(resumed.code, 1, "{}", resumed.stderr);
    assert!(
        resumed.stderr.contains("moved since this delivery started")
            && resumed.stderr.contains("--new"),
        "{}",
        resumed.stderr
    );
    assert!(rx.log().0.is_empty(), "nothing sent");
    // That run is over (failed); its command now delivers what is new since the ledger moved:
    // nothing.
    let again = run(&[]);
    again.expect(0);
    let doc = again.json();
    assert_ne!(doc["id"], unfinished.as_str());
    assert_eq!(doc["delta"]["unchanged"], 10);
    assert!(rx.log().0.is_empty(), "nothing sent");
}

/// Requests the endpoint received: (how many, the bytes of their bodies, the rows in them).
fn received(rx: &Receiver) -> (u64, u64, u64) {
    let (requests, _) = rx.log();
    let bytes = requests
        .iter()
        .map(|r| r["body"].as_str().unwrap().len() as u64)
        .sum();
    let rows = requests
        .iter()
        .map(|r| body(r)["batch"]["size"].as_u64().unwrap())
        .sum();
    (requests.len() as u64, bytes, rows)
}

#[test]
fn a_webhook_plan_predicts_batches_rows_and_bytes_exactly_and_sends_nothing() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    // Snapshot, on the sandbox: two sheets, a workbook and an external id in every body. A plan
    // needs no signing secret.
    let (_sb, v, c, _) = company();
    let to = rx.url("plan");
    let plan = v.run(&[
        "deliver",
        "--company",
        &c,
        "--to",
        &to,
        "--batch-size",
        "700",
        "--plan",
        "--json",
    ]);
    plan.expect(0);
    let p = plan.json();
    assert!(rx.log().0.is_empty(), "a plan sends nothing");
    assert_eq!(p["destination_type"], "webhook");
    assert_eq!(
        (p["format"].as_str(), p["gzip"].as_bool()),
        (Some("json"), Some(false))
    );
    assert_eq!(p["total"]["files"], 0);
    assert_eq!(p["total"]["batches"], 7);
    assert_eq!(p["total"]["to_send"], 4500);
    let human = v.run(&[
        "deliver",
        "--company",
        &c,
        "--to",
        &to,
        "--batch-size",
        "700",
        "--plan",
    ]);
    human.expect(0);
    assert!(
        human.stdout.contains("7 batch(es)") && !human.stdout.contains("file(s)"),
        "{}",
        human.stdout
    );
    let run = deliver(&v, &c, &to, &["--batch-size", "700", "--json"], &[]);
    run.expect(0);
    assert_eq!(
        received(&rx),
        (7, p["total"]["bytes"].as_u64().unwrap(), 4500),
        "batches, bytes and rows as planned"
    );

    // Delta, with scattered changes (row_index far from the rows' places among those sent).
    let all: Vec<usize> = (0..1234).collect();
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&all, &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("plan-delta");
    let args = [
        "--sheet",
        STRANGER_SHEET,
        "--mode",
        "delta",
        "--key",
        "Email",
        "--batch-size",
        "50",
    ];
    fn with<'a>(args: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [args, extra].concat()
    }
    for changed in [vec![], vec![5, 99, 100, 640, 999, 1000, 1200, 1233]] {
        *source.lock().unwrap() = people(&all, &changed);
        let p = deliver(&v, STRANGER, &to, &with(&args, &["--plan", "--json"]), &[]);
        p.expect(0);
        let p = p.json();
        rx.reset();
        let r = deliver(&v, STRANGER, &to, &with(&args, &["--new", "--json"]), &[]);
        r.expect(0);
        let t = &p["total"];
        let want = if changed.is_empty() {
            1234
        } else {
            changed.len() as u64
        };
        assert_eq!(t["to_send"], want);
        assert_eq!(
            received(&rx),
            (
                t["batches"].as_u64().unwrap(),
                t["bytes"].as_u64().unwrap(),
                want
            ),
            "{changed:?}"
        );
        assert_eq!(r.json()["file_size"], t["bytes"]);
    }

    // A saved plan, applied: exactly what it said; stale once the rows changed.
    *source.lock().unwrap() = people(&all, &[7, 700]);
    let saved = v.path("plan.json");
    let p = deliver(
        &v,
        STRANGER,
        &to,
        &with(&args, &["--plan-out", saved.to_str().unwrap(), "--json"]),
        &[],
    );
    p.expect(0);
    let p = p.json();
    rx.reset();
    // (--new: the same flags delivered before, and that run is finished.)
    let applied = v.run_env(
        &[
            "deliver",
            "--apply",
            saved.to_str().unwrap(),
            "--new",
            "--json",
        ],
        &[("VERN_WEBHOOK_SECRET", SECRET)],
    );
    applied.expect(0);
    assert_eq!(
        received(&rx),
        (
            p["total"]["batches"].as_u64().unwrap(),
            p["total"]["bytes"].as_u64().unwrap(),
            // 7 and 700 changed; the 8 changed before are back as they were: changed again.
            10
        )
    );
    assert_eq!(p["total"]["to_send"], 10);
    rx.reset();
    let stale = v.run_env(
        &[
            "deliver",
            "--apply",
            saved.to_str().unwrap(),
            "--new",
            "--json",
        ],
        &[("VERN_WEBHOOK_SECRET", SECRET)],
    );
    stale.expect(8);
    assert!(rx.log().0.is_empty(), "a stale plan sends nothing");
}

#[test]
fn max_rows_over_the_cap_refuses_a_webhook_run_before_any_request() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let all: Vec<usize> = (0..30).collect();
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&all, &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("cap");
    for mode in ["snapshot", "delta"] {
        let mut args = vec!["--sheet", STRANGER_SHEET, "--mode", mode];
        if mode == "delta" {
            args.extend(["--key", "Email"]);
        }
        args.extend(["--max-rows", "29", "--json"]);
        let r = deliver(&v, STRANGER, &to, &args, &[]);
        r.expect(8);
        let doc = r.json();
        assert_eq!(doc["refused"], true, "{mode}");
        assert_eq!(doc["total"]["to_send"], 30);
        assert!(rx.log().0.is_empty(), "{mode}: no request");
    }
    // Within the cap the run goes.
    let r = deliver(
        &v,
        STRANGER,
        &to,
        &["--sheet", STRANGER_SHEET, "--max-rows", "30"],
        &[],
    );
    r.expect(0);
    assert_eq!(received(&rx).2, 30);
}

/// A journal edited so that an unfinished webhook run lost its batches is an error naming the
/// operation, not a panic, and nothing is sent.
#[test]
fn a_damaged_journal_of_a_webhook_run_is_an_error_not_a_panic() {
    let Some(rx) = Receiver::start(SECRET) else {
        return;
    };
    let source = std::sync::Arc::new(std::sync::Mutex::new(people(&[1, 2, 3, 4], &[])));
    let (_stub, v) = stranger(&source);
    let to = rx.url("damaged");
    let args = ["--sheet", STRANGER_SHEET, "--batch-size", "2", "--json"];
    rx.answer(&[], json!([{"index": 1, "action": "400"}]));
    let first = deliver(&v, STRANGER, &to, &args, &[]);
    first.expect(6);
    let id = first.json()["id"].as_str().unwrap().to_string();
    let record = std::fs::read_dir(v.state.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&id))
                && p.extension().is_some_and(|x| x == "json")
        })
        .expect("the operation's journal record");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let step = doc
        .as_object_mut()
        .and_then(|o| o.values_mut().find(|v| v.get("webhook").is_some()))
        .map(|d| d.as_object_mut().unwrap().remove("webhook"));
    assert!(step.is_some(), "a delivery step with batches in {doc}");
    std::fs::write(&record, serde_json::to_vec(&doc).unwrap()).unwrap();
    rx.reset();
    let again = deliver(&v, STRANGER, &to, &args, &[]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(
        again.stderr.contains(&format!(
            "the journal of operation {id} has no webhook step"
        )) && again.stderr.contains("--new"),
        "{}",
        again.stderr
    );
    assert!(!again.stderr.contains("panicked"), "{}", again.stderr);
    assert!(rx.log().0.is_empty(), "nothing sent");
}

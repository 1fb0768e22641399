//! Hostile and broken inputs (issue 11, items 5, 6, 12 and 13): a server that echoes terminal
//! control sequences, hands out run ids that are paths, or asks for a decision without showing
//! the proposal; keys and URLs that cannot work; a file that grows while it uploads, and one
//! deleted after its upload. Each through the real binary — against a small hostile stub (which
//! records every request it sees) or the sandbox.

use crate::support::*;
use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use vern::sandbox::config::FaultConfig;

/// Retitles the window, clears the screen, overwrites the line, and starts a CSI in one C1 byte.
const EVIL: &str = "bad key\u{1b}]0;owned\u{7}\u{1b}[2J\rspoofed: all good \u{9b}31m";

/// An answer of the stub: status and JSON body, from the method and the path (and the stub's own
/// URL, for the upload URLs it hands out).
type Answer = dyn Fn(&str, &str, &str) -> (u16, Value) + Send + Sync;

/// A stub API that answers from a closure and records every request as `METHOD /path`.
struct Hostile {
    stub: Stub,
    seen: Arc<Mutex<Vec<String>>>,
    state: tempfile::TempDir,
    cwd: tempfile::TempDir,
}

impl Hostile {
    fn start(answer: impl Fn(&str, &str, &str) -> (u16, Value) + Send + Sync + 'static) -> Hostile {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let answer: Arc<Answer> = Arc::new(answer);
        let url: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
        let own = url.clone();
        let router = Router::new().fallback(move |method: Method, uri: Uri| {
            let (log, answer, own) = (log.clone(), answer.clone(), own.clone());
            async move {
                log.lock().unwrap().push(format!("{method} {}", uri.path()));
                let base = own.get().cloned().unwrap_or_default();
                let (status, body) = answer(method.as_str(), uri.path(), &base);
                (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
            }
        });
        let stub = Stub::start(router);
        url.set(stub.url.clone()).unwrap();
        Hostile {
            stub,
            seen,
            state: tempfile::tempdir().unwrap(),
            cwd: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self) -> std::process::Command {
        let mut c = bare();
        c.current_dir(self.cwd.path())
            .env("VERN_API_URL", &self.stub.url)
            .env("VERN_API_KEY", "k")
            .env("VERN_STATE_DIR", self.state.path())
            .env("VERN_TIME_SCALE", "1000");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().unwrap())
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

const COMPANY: &str = HUBSPOT;
const RUN: &str = "9c4e2a7b-61d0-4f3e-8b95-0a7d3c1e6f24";
/// A run whose block has a question but no proposed fix.
const RUN_NO_FIX: &str = "3a8f6d2c-9b14-4e70-a5c3-1d2e7f0b8c96";

#[track_caller]
fn assert_no_raw_controls(what: &str, text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(raw.is_empty(), "{what} has raw controls {raw:?}:\n{text}");
}

#[test]
fn control_characters_from_the_server_are_shown_escaped() {
    let api = Hostile::start(|_, path, _| {
        if path.ends_with("/sources") || path.ends_with("/imports") {
            (400, json!({ "error": EVIL }))
        } else {
            (404, json!({"error": "Not found"}))
        }
    });
    // The error line on stderr.
    let r = api.run(&["sources", "list"]);
    r.expect(1);
    assert_no_raw_controls("stderr", &r.stderr);
    assert!(
        r.stderr
            .contains("error: list sources (GET /api/v1/sources): bad key\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\rspoofed: all good \\u{9b}31m"),
        "{}",
        r.stderr
    );
    // JSON keeps the exact text, escaped (C1 controls included).
    let r = api.run(&["sources", "list", "--json"]);
    r.expect(1);
    assert_no_raw_controls("stdout", &r.stdout);
    assert_no_raw_controls("stderr", &r.stderr);
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains(EVIL), "{message:?}");
    // An operation's error, as the journal shows it.
    let r = api.run(&[
        "import",
        "--company",
        COMPANY,
        "--upload-ref",
        "a.csv=workbook-files/a.csv",
    ]);
    r.expect(1);
    assert_no_raw_controls("stderr", &r.stderr);
    let listed = api.run(&["runs", "list"]);
    listed.expect(0);
    assert_no_raw_controls("runs list", &listed.stdout);
    assert!(
        listed.stdout.contains("\\u{1b}]0;owned"),
        "{}",
        listed.stdout
    );
    let id = api.run(&["runs", "list", "--json"]).json()["operations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = api.run(&["runs", "show", &id]);
    shown.expect(0);
    assert_no_raw_controls("runs show", &shown.stdout);
    assert!(
        shown.stdout.contains("\\u{1b}[2J\\rspoofed"),
        "{}",
        shown.stdout
    );
    let shown = api.run(&["runs", "show", &id, "--json"]);
    assert_no_raw_controls("runs show --json", &shown.stdout);
    assert!(
        shown.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains(EVIL)
    );
}

#[test]
fn a_run_id_that_is_a_path_is_refused_and_never_fetched() {
    let api = Hostile::start(|method, path, _| match (method, path) {
        ("POST", p) if p.ends_with("/imports") => (
            201,
            json!({"run_id": "../../../sources", "status": "queued"}),
        ),
        ("GET", p) if p.ends_with("/imports/active") => (
            200,
            json!({"run_id": "../../../sources", "status": "running"}),
        ),
        // What a client that joined the id into the path would fetch instead of the run.
        ("GET", "/api/v1/sources") => (200, json!({"sources": []})),
        _ => (404, json!({"error": "Not found"})),
    });
    let r = api.run(&[
        "import",
        "--company",
        COMPANY,
        "--upload-ref",
        "a.csv=workbook-files/a.csv",
    ]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("the run id '../../../sources' is not an id of this API"),
        "{}",
        r.stderr
    );
    let r = api.run(&["poll", "--company", COMPANY, "--active"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("the run id '../../../sources' is not an id of this API")
            && r.stderr.contains("refusing to build a URL from it"),
        "{}",
        r.stderr
    );
    let seen = api.seen();
    assert!(
        !seen.iter().any(|s| s.contains("/sources")),
        "a run id became another endpoint: {seen:?}"
    );
}

/// A run that needs attention, without the `needs_attention` block that shows the proposal.
fn blockless(method: &str, path: &str, base: &str) -> (u16, Value) {
    let run = format!("/api/v1/companies/{COMPANY}/imports/{RUN}");
    let no_fix = format!("/api/v1/companies/{COMPANY}/imports/{RUN_NO_FIX}");
    match method {
        "GET" if path == no_fix => (
            200,
            json!({"run_id": RUN_NO_FIX, "status": "needs_attention", "needs_attention": {"questions": [{"id": "fq0", "prompt": "Which status?", "options": [{"id": "a", "label": "Open"}]}]}}),
        ),
        "GET" if path == run => (
            200,
            json!({"run_id": RUN, "status": "needs_attention", "report": {"inserted": 10, "perSheet": [], "invalidCellCount": 2}}),
        ),
        "POST" if path.ends_with("/decisions") => {
            (200, json!({"run_id": RUN, "status": "running"}))
        }
        "POST" if path.ends_with("/uploads") => (
            201,
            json!({"upload_url": format!("{base}/storage/o?token=t"), "upload_ref": "workbook-files/w/a.csv"}),
        ),
        "PUT" if path.starts_with("/storage/") => (200, json!({})),
        "POST" if path.ends_with("/imports") => (201, json!({"run_id": RUN, "status": "queued"})),
        _ => (404, json!({"error": "Not found"})),
    }
}

#[test]
fn a_needs_attention_run_without_its_proposal_gets_no_decision() {
    let api = Hostile::start(blockless);
    let r = api.run(&["approve", "--company", COMPANY, RUN, "--accept"]);
    r.expect(1);
    assert!(
        r.stderr.contains("no needs_attention block") && r.stderr.contains("nothing was sent"),
        "{}",
        r.stderr
    );
    let r = api.run(&["approve", "--company", COMPANY, RUN_NO_FIX, "--accept"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("proposes no fix to accept; nothing was sent")
            && r.stderr.contains("--answer QID=VALUE"),
        "{}",
        r.stderr
    );
    std::fs::write(api.cwd.path().join("a.csv"), "Email\na@b.co\n").unwrap();
    let r = api.run(&[
        "migrate",
        "--company",
        COMPANY,
        "a.csv",
        "--approve",
        "accept",
        "--export",
        "none",
    ]);
    r.expect(1);
    assert!(
        r.stderr.contains("no needs_attention block") && r.stderr.contains("nothing was sent"),
        "{}",
        r.stderr
    );
    let seen = api.seen();
    assert!(
        seen.iter().any(|s| s.starts_with("PUT /storage/")),
        "migrate got as far as the review: {seen:?}"
    );
    assert!(
        !seen.iter().any(|s| s.ends_with("/decisions")),
        "a decision was sent for a proposal never shown: {seen:?}"
    );
}

#[test]
fn an_api_key_that_cannot_be_sent_is_refused_naming_the_variable() {
    let api = Hostile::start(|_, path, _| match path {
        "/api/v1/sources" => (200, json!({"sources": []})),
        _ => (404, json!({"error": "Not found"})),
    });
    let creds = api.cwd.path().join("credentials.json");
    let with_store = |c: &mut std::process::Command| {
        c.env("VERN_KEYRING", "off")
            .env("VERN_CREDENTIALS_FILE", &creds);
    };
    // A line break inside the key: exit 3 at once, nothing sent, the key not shown.
    let mut c = api.command();
    with_store(&mut c);
    let r = Run::from(
        c.args(["sources", "list"])
            .env("VERN_API_KEY", "sk_live_first\nsk_live_second")
            .output()
            .unwrap(),
    );
    r.expect(3);
    assert!(
        r.stderr
            .contains("error: VERN_API_KEY contains a line break"),
        "{}",
        r.stderr
    );
    r.assert_no("sk_live_");
    assert!(api.seen().is_empty(), "{:?}", api.seen());
    // A stored key exists; a VERN_API_KEY that is not UTF-8 must not silently give way to it.
    let mut c = api.command();
    with_store(&mut c);
    let mut child = c
        .args(["auth", "login", "--with-key-stdin"])
        .env_remove("VERN_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"stored-key")
        .unwrap();
    Run::from(child.wait_with_output().unwrap()).expect(0);
    let before = api.seen().len();
    let mut c = api.command();
    with_store(&mut c);
    use std::os::unix::ffi::OsStringExt;
    let r = Run::from(
        c.args(["sources", "list"])
            .env(
                "VERN_API_KEY",
                std::ffi::OsString::from_vec(b"sk_\xff_key".to_vec()),
            )
            .output()
            .unwrap(),
    );
    r.expect(3);
    assert!(
        r.stderr.contains("error: VERN_API_KEY is not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert_eq!(api.seen().len(), before, "nothing was sent");
}

#[test]
fn durations_in_errors_read_like_the_rest_of_vern() {
    let api = Hostile::start(|_, _, _| (429, json!({"error": "Too many requests"})));
    let r = api.run(&["sources", "list"]);
    r.expect(1);
    let waited = r
        .stderr
        .split("after retrying for ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_else(|| panic!("{}", r.stderr))
        .to_string();
    assert!(
        !waited.contains(' ') && (waited.ends_with("ms") || waited.ends_with('s')),
        "{waited:?} in {}",
        r.stderr
    );

    // A keyring behind a session bus that accepts and never answers.
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("bus");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            held.push(conn);
        }
    });
    let api = Hostile::start(|_, _, _| (200, json!({"sources": []})));
    let mut child = api
        .command()
        .args(["auth", "login", "--with-key-stdin"])
        .env_remove("VERN_API_KEY")
        .env("VERN_KEYRING", "on")
        .env("VERN_KEYRING_TIMEOUT", "1500ms")
        .env(
            "VERN_CREDENTIALS_FILE",
            api.cwd.path().join("credentials.json"),
        )
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", sock.display()),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"k").unwrap();
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect(0);
    assert!(
        r.stderr.contains("did not answer within 1.5s"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_api_url_without_a_scheme_is_a_usage_error_with_the_likely_url() {
    let r = Run::from(
        bare()
            .args(["--api-url", "127.0.0.1:4510", "sources", "list"])
            .env("VERN_API_KEY", "k")
            .output()
            .unwrap(),
    );
    r.expect(2);
    assert!(
        r.stderr.contains("did you mean http://127.0.0.1:4510"),
        "{}",
        r.stderr
    );
    let r = Run::from(
        bare()
            .args(["sources", "list", "--json"])
            .env("VERN_API_URL", "app.vern.so")
            .env("VERN_API_KEY", "k")
            .output()
            .unwrap(),
    );
    r.expect(2);
    assert_eq!(r.json()["exit_code"], 2);
    assert!(
        r.stderr.contains("did you mean https://app.vern.so"),
        "{}",
        r.stderr
    );
    let r = Run::from(
        bare()
            .args(["--api-url", "localhost:4510", "sources", "list"])
            .env("VERN_API_KEY", "k")
            .output()
            .unwrap(),
    );
    r.expect(2);
    assert!(
        r.stderr.contains("did you mean http://localhost:4510"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_lost_answer_to_company_create_gets_one_consistent_hint() {
    let state = tempfile::tempdir().unwrap();
    // Reads the request, then hangs up without an answer: the company may exist now.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut reader = BufReader::new(conn);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
        }
    });
    let r = Run::from(
        bare()
            .args([
                "company",
                "create",
                "--name",
                "Northwind",
                "--source",
                HUBSPOT,
                "--external-id",
                "nw-4471",
            ])
            .env("VERN_API_URL", &url)
            .env("VERN_API_KEY", "k")
            .env("VERN_TIME_SCALE", "1000")
            .env("VERN_STATE_DIR", state.path())
            .output()
            .unwrap(),
    );
    r.expect(1);
    assert!(
        r.stderr.contains("may or may not have been created"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("hint:").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("hint: check whether the company exists")
            && r.stderr.contains("external id nw-4471"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("safe"), "{}", r.stderr);
    // The journal keeps what was sent and that its outcome is unknown.
    let ops = vern::journal::Journal::new(state.path()).all().unwrap();
    assert_eq!(ops.len(), 1);
    let p = ops[0].provision.as_ref().unwrap();
    assert!(p.sent && p.company_id.is_none());
    assert_eq!(p.external_id.as_deref(), Some("nw-4471"));
    assert!(
        ops[0]
            .error
            .as_ref()
            .is_some_and(|e| e.message.contains("may or may not have been created"))
    );
}

/// `lines` CSV rows of contacts.
fn contacts(lines: usize) -> String {
    let mut s = String::from("Email,First Name,Last Name\n");
    for i in 0..lines {
        s.push_str(&format!("person{i}@example.com,Person,Number {i}\n"));
    }
    s
}

#[test]
fn rows_appended_while_a_file_uploads_fail_the_upload() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let company = Api::new(&sb).company("Growing Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let file = v.path("growing.csv");
    std::fs::write(&file, contacts(20_000)).unwrap();
    let declared = std::fs::metadata(&file).unwrap().len();
    // Every request waits 1.5 s before the sandbox reads it: the PUT cannot be over before the
    // rows below are appended, which happens as soon as it starts.
    sb.set_faults(FaultConfig {
        latency: Duration::from_millis(1500),
        ..FaultConfig::default()
    });
    let mut child = v
        .command()
        .args(["upload", "--company", &company, "growing.csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("the upload never started:\n{seen}");
        }
        seen.push_str(&line);
        if line.contains("upload growing.csv") && line.contains("started") {
            break;
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap();
    f.write_all(b"late1@example.com,Late,One\nlate2@example.com,Late,Two\n")
        .unwrap();
    drop(f);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    seen.push_str(&rest);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{seen}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("upload_ref"), "{stdout}");
    assert!(
        seen.contains("growing.csv changed while it was being uploaded")
            && seen.contains(&format!("{declared} were sent"))
            && seen.contains("the upload is not recorded"),
        "{seen}"
    );
    // Once the file is complete, the same command uploads all of it.
    sb.set_faults(FaultConfig::default());
    let r = v.run(&["upload", "--company", &company, "growing.csv", "--json"]);
    r.expect(0);
    assert_eq!(
        r.json()["uploads"][0]["size"].as_u64(),
        Some(std::fs::metadata(&file).unwrap().len())
    );
}

fn copy_example(v: &Vern, from: &str, to: &str) {
    std::fs::copy(example(from), v.path(to)).unwrap();
}

fn migrate_args(company: &str) -> Vec<String> {
    [
        "migrate",
        "--company",
        company,
        "companies.csv",
        "contacts.csv",
        "--approve",
        "accept",
        "--export",
        "none",
    ]
    .map(String::from)
    .to_vec()
}

fn run_args(v: &Vern, args: &[String], env: &[(&str, &str)]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    v.run_env(&args, env)
}

fn operations(state: &Path) -> usize {
    vern::journal::Journal::new(state).all().unwrap().len()
}

#[test]
fn an_input_deleted_after_its_upload_does_not_block_the_rest() {
    let sb = sandbox();
    let v = Vern::new(&sb);

    // Killed once both files are uploaded; one of them is deleted; the same command finishes.
    let (c, _) = v.company("Gone Co");
    copy_example(&v, "companies.csv", "companies.csv");
    copy_example(&v, "contacts-clean.csv", "contacts.csv");
    let args = migrate_args(&c);
    let crashed = run_args(&v, &args, &[("VERN_CRASH_AT", "upload:file#2")]);
    assert_eq!(crashed.code, -1, "{}", crashed.stderr);
    std::fs::remove_file(v.path("contacts.csv")).unwrap();
    let done = run_args(&v, &args, &[]);
    done.expect(0);
    assert!(
        done.stderr
            .contains("contacts.csv is gone, but it was uploaded at")
            && done.stderr.contains("the import uses the uploaded copy"),
        "{}",
        done.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 1);

    // The same through `vern resume`.
    let (c, _) = v.company("Gone Again Co");
    copy_example(&v, "contacts-clean.csv", "contacts.csv");
    let args = migrate_args(&c);
    let crashed = run_args(&v, &args, &[("VERN_CRASH_AT", "upload:file#2")]);
    assert_eq!(crashed.code, -1, "{}", crashed.stderr);
    std::fs::remove_file(v.path("contacts.csv")).unwrap();
    std::fs::remove_file(v.path("companies.csv")).unwrap();
    let resumed = v.run(&["resume"]);
    resumed.expect(0);
    assert!(
        resumed.stderr.contains("companies.csv is gone")
            && resumed.stderr.contains("contacts.csv is gone"),
        "{}",
        resumed.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 1);

    // A file the upload step has not sent yet is still needed, and vern says so.
    let (c, _) = v.company("Half Co");
    copy_example(&v, "companies.csv", "companies.csv");
    copy_example(&v, "contacts-clean.csv", "contacts.csv");
    let args = migrate_args(&c);
    let crashed = run_args(&v, &args, &[("VERN_CRASH_AT", "upload:file")]);
    assert_eq!(crashed.code, -1, "{}", crashed.stderr);
    std::fs::remove_file(v.path("contacts.csv")).unwrap();
    let refused = run_args(&v, &args, &[]);
    refused.expect(1);
    assert!(
        refused
            .stderr
            .contains("contacts.csv: no such file, and operation")
            && refused
                .stderr
                .contains("has not uploaded it yet: its upload step needs it"),
        "{}",
        refused.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 0);
    copy_example(&v, "contacts-clean.csv", "contacts.csv");
    run_args(&v, &args, &[]).expect(0);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);

    // A fleet row too: the manifest's up-front check lets the uploaded, deleted file through.
    let (c, _) = v.company("Fleet Gone Co");
    copy_example(&v, "contacts-clean.csv", "contacts.csv");
    let manifest = v.path("fleet.csv");
    std::fs::write(
        &manifest,
        format!(
            "company,files,approve,export\n{c},{};{},accept,none\n",
            v.path("companies.csv").display(),
            v.path("contacts.csv").display()
        ),
    )
    .unwrap();
    let fleet = ["migrate", "--manifest", manifest.to_str().unwrap()];
    let crashed = v.run_env(&fleet, &[("VERN_CRASH_AT", "upload:file#2")]);
    assert_eq!(crashed.code, -1, "{}", crashed.stderr);
    std::fs::remove_file(v.path("contacts.csv")).unwrap();
    let done = v.run(&fleet);
    done.expect(0);
    assert_eq!(sb.stats().companies[&c].import_runs, 1);

    // A mistyped path leaves no operation behind for `vern resume` to pick up.
    let before = operations(v.state.path());
    let r = v.run(&["upload", "--company", &c, "nosuch.csv"]);
    r.expect(1);
    assert!(
        r.stderr.contains("nosuch.csv: no such file"),
        "{}",
        r.stderr
    );
    assert_eq!(operations(v.state.path()), before);
}

//! Test support: an in-process sandbox on free loopback ports with a fast clock, a small blocking
//! HTTP helper for talking to it directly, and a runner for the real `vern` binary.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use vern::sandbox::BackgroundSandbox;
use vern::sandbox::config::{Config, Dynamic, Timing};

pub const HUBSPOT: &str = "5f0c2a9e-1b7d-4c33-9e2a-7d41c0b8e6f1";
pub const CONTACTS: &str = "2b6e4f10-8c3a-4d52-a1f7-93e0d5c4b2a8";
pub const COMPANIES: &str = "7c1d9e22-0a4b-4f6e-b8d3-5e2f1a0c9b74";

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

pub fn example(name: &str) -> PathBuf {
    examples().join(name)
}

/// Runs finish in tens of milliseconds: 1 s queued and 6 s running at 200x.
pub fn fast_dynamic() -> Dynamic {
    Dynamic {
        timing: Timing {
            queue_time: Duration::from_secs(1),
            run_time: Duration::from_secs(6),
            time_scale: 200.0,
        },
        ..Dynamic::default()
    }
}

pub fn sandbox() -> BackgroundSandbox {
    sandbox_with(|_| {})
}

pub fn sandbox_with(f: impl FnOnce(&mut Dynamic)) -> BackgroundSandbox {
    let mut dynamic = fast_dynamic();
    f(&mut dynamic);
    BackgroundSandbox::start(Config {
        dynamic,
        ..Config::default()
    })
    .expect("sandbox starts")
}

/// A blocking client for the sandbox's API, used to set up state and to check what happened.
pub struct Api {
    pub base: String,
    pub key: String,
    pub http: reqwest::blocking::Client,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Api {
    pub fn new(sb: &BackgroundSandbox) -> Api {
        Api {
            base: format!("{}/api/v1", sb.api_url),
            key: sb.key.clone(),
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    pub fn send(&self, req: reqwest::blocking::RequestBuilder) -> Reply {
        let resp = req.send().expect("request answered");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().unwrap_or_default();
        Reply {
            status,
            headers,
            text,
        }
    }

    pub fn try_send(
        &self,
        req: reqwest::blocking::RequestBuilder,
    ) -> Result<Reply, reqwest::Error> {
        let resp = req.send()?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text()?;
        Ok(Reply {
            status,
            headers,
            text,
        })
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(
            self.http
                .get(format!("{}{path}", self.base))
                .header("x-api-key", &self.key),
        )
    }

    pub fn get_req(&self, path: &str) -> reqwest::blocking::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .header("x-api-key", &self.key)
    }

    pub fn post_req(&self, path: &str, body: &Value) -> reqwest::blocking::RequestBuilder {
        self.http
            .post(format!("{}{path}", self.base))
            .header("x-api-key", &self.key)
            .json(body)
    }

    pub fn post(&self, path: &str, body: Value) -> Reply {
        self.send(self.post_req(path, &body))
    }

    pub fn post_raw(&self, path: &str, body: &str) -> Reply {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("x-api-key", &self.key)
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    }

    pub fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(
            self.http
                .patch(format!("{}{path}", self.base))
                .header("x-api-key", &self.key)
                .json(&body),
        )
    }

    /// Provision a company with the seeded destination connection; returns the 201 body.
    pub fn company(&self, name: &str) -> Value {
        let r = self.post(
            "/companies",
            json!({
                "name": name,
                "source": HUBSPOT,
                "connections": {"destination": {"base_url": "https://crm.sandbox.vern.local", "auth": {"api_key": "crm_sandbox_key"}}}
            }),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()
    }

    pub fn sheet_id(company: &Value, name: &str) -> String {
        company["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Handshake + PUT; returns the upload_ref.
    pub fn upload(&self, company: &str, name: &str, content_type: &str, bytes: &[u8]) -> String {
        let r = self.post(
            &format!("/companies/{company}/uploads"),
            json!({"name": name, "content_type": content_type, "size": bytes.len()}),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        let j = r.json();
        let put = self.send(
            self.http
                .put(j["upload_url"].as_str().unwrap())
                .header("content-type", content_type)
                .body(bytes.to_vec()),
        );
        assert_eq!(put.status, 200, "{}", put.text);
        j["upload_ref"].as_str().unwrap().to_string()
    }

    pub fn upload_file(&self, company: &str, file: &str) -> String {
        let bytes = std::fs::read(example(file)).unwrap();
        self.upload(company, file, "text/csv", &bytes)
    }

    /// Upload example files and start one import with them; returns the run id.
    pub fn import_files(&self, company: &str, files: &[&str]) -> String {
        let entries: Vec<Value> = files
            .iter()
            .map(|f| json!({"name": f, "upload_ref": self.upload_file(company, f)}))
            .collect();
        let r = self.post(
            &format!("/companies/{company}/imports"),
            json!({ "files": entries }),
        );
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["run_id"].as_str().unwrap().to_string()
    }

    /// Poll until the run leaves queued/running.
    pub fn settle(&self, company: &str, kind: &str, run: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let r = self.get(&format!("/companies/{company}/{kind}/{run}"));
            assert_eq!(r.status, 200, "{}", r.text);
            let j = r.json();
            let s = j["status"].as_str().unwrap_or_default().to_string();
            if s != "queued" && s != "running" {
                return j;
            }
            assert!(Instant::now() < deadline, "run {run} stuck at {s}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn csv(&self, company: &str, sheet: &str, filter: &str) -> String {
        let r = self.get(&format!(
            "/companies/{company}/export.csv?sheet_id={sheet}&filter={filter}"
        ));
        assert_eq!(r.status, 200, "{}", r.text);
        r.text
    }
}

/// The real binary, with a clean environment pointing at `sb` and a private state directory.
pub struct Vern {
    pub api_url: String,
    pub key: String,
    pub state: tempfile::TempDir,
    pub cwd: tempfile::TempDir,
}

impl Vern {
    pub fn new(sb: &BackgroundSandbox) -> Vern {
        Vern {
            api_url: sb.api_url.clone(),
            key: sb.key.clone(),
            state: tempfile::tempdir().unwrap(),
            cwd: tempfile::tempdir().unwrap(),
        }
    }

    pub fn command(&self) -> Command {
        let mut c = bare();
        c.current_dir(self.cwd.path())
            .env("VERN_API_URL", &self.api_url)
            .env("VERN_API_KEY", &self.key)
            .env("VERN_STATE_DIR", self.state.path())
            .env("VERN_TIME_SCALE", "50");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("vern runs"))
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut c = self.command();
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        Run::from(c.output().expect("vern runs"))
    }

    /// Run with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        let mut c = self.command();
        c.args(args);
        self.run_stdin_with(c, input)
    }

    /// Run a prepared command with `input` on stdin.
    pub fn run_stdin_with(&self, mut command: Command, input: &str) -> Run {
        use std::io::Write;
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("vern runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    /// `company create` with the seeded destination connection; returns (company id, the JSON).
    pub fn company(&self, name: &str) -> (String, Value) {
        let r = self.run(&[
            "company",
            "create",
            "--name",
            name,
            "--source",
            HUBSPOT,
            "--connection",
            example("connection.json").to_str().unwrap(),
            "--json",
        ]);
        r.expect(0);
        let j = r.json();
        (j["company"]["id"].as_str().unwrap().to_string(), j)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.cwd.path().join(name)
    }

    /// Every operation of the journal in full, newest first: `runs list --json` for the ids,
    /// `runs show ID --json` for each record.
    pub fn operations(&self) -> Vec<Value> {
        let list = self.run(&["runs", "list", "--json", "--limit", "1000"]);
        list.expect(0);
        list.json()["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let shown = self.run(&["runs", "show", o["id"].as_str().unwrap(), "--json"]);
                shown.expect(0);
                shown.json()
            })
            .collect()
    }
}

/// A purpose-built HTTP server for protocol edge cases the sandbox does not produce (unknown
/// statuses, redirects): an axum router on its own runtime thread.
pub struct Stub {
    pub url: String,
    _runtime: tokio::runtime::Runtime,
}

impl Stub {
    pub fn start(router: axum::Router) -> Stub {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(async move { axum::serve(listener, router).await });
        Stub {
            url,
            _runtime: runtime,
        }
    }
}

/// `vern` with no inherited configuration: no key, no colour, no backtraces, no CI detection.
pub fn bare() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vern"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("VERN_") || k == "CI" || k.starts_with("GITHUB_") || k == "NO_COLOR" {
            c.env_remove(k);
        }
    }
    c.env("RUST_BACKTRACE", "0")
        .env_remove("RUST_LIB_BACKTRACE");
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Neither stream may contain `secret`.
    #[track_caller]
    pub fn assert_no(&self, secret: &str) {
        assert!(
            !self.stdout.contains(secret),
            "stdout leaks {secret}:\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.contains(secret),
            "stderr leaks {secret}:\n{}",
            self.stderr
        );
    }

    /// stdout as the one JSON document it must be, checked against the JSON Schema of its kind
    /// (`schemas/<kind>.schema.json`): a field the contract promises cannot vanish unnoticed.
    #[track_caller]
    pub fn json(&self) -> Value {
        let doc: Value = serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        });
        check_contract(&doc);
        doc
    }

    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Check a `--json` document against the schema of its kind.
#[track_caller]
pub fn check_contract(doc: &Value) {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static VALIDATORS: OnceLock<Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>> =
        OnceLock::new();
    assert_eq!(doc["schema"], 1, "every document carries schema 1: {doc}");
    let kind = doc["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("every document carries its kind: {doc}"))
        .to_string();
    let validator = {
        let mut cache = VALIDATORS
            .get_or_init(|| Mutex::new(HashMap::new()))
            .lock()
            .unwrap();
        cache
            .entry(kind.clone())
            .or_insert_with(|| {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("schemas")
                    .join(format!("{kind}.schema.json"));
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("no schema for kind {kind} ({e})"));
                let schema: Value = serde_json::from_str(&text).unwrap();
                std::sync::Arc::new(jsonschema::validator_for(&schema).unwrap())
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the {kind} document breaks its schema:\n{}\n{doc:#}",
        errors.join("\n")
    );
}

/// A company with one large sheet (12 copies of the clean contacts; several MB as XML).
pub fn big_company() -> (BackgroundSandbox, Vern, String) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Big Co");
    let api = Api::new(&sb);
    let clean = std::fs::read_to_string(example("contacts-clean.csv")).unwrap();
    let (header, rows) = clean.split_once('\n').unwrap();
    let mut big = format!("{header}\n");
    for k in 0..12 {
        for row in rows.lines() {
            big.push_str(&format!("x{k}.{row}\n"));
        }
    }
    let upload = api.upload(&c, "contacts-big.csv", "text/csv", big.as_bytes());
    let r = api.post(
        &format!("/companies/{c}/imports"),
        json!({"files": [{"name": "contacts-big.csv", "upload_ref": upload}]}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let run = r.json()["run_id"].as_str().unwrap().to_string();
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c)
}

//! The `--json` contract, kind by kind: every command's document is produced once and checked
//! against its JSON Schema (`Run::json` validates), and every schema in `schemas/` is exercised,
//! so a schema cannot drift away from what vern prints.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};

#[test]
fn every_json_document_matches_the_schema_of_its_kind() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let mut kinds = BTreeSet::new();
    let mut see = |r: &Run| {
        let doc = r.json();
        kinds.insert(doc["kind"].as_str().unwrap().to_string());
        doc
    };
    see(v.run(&["sources", "list", "--json"]).expect(0));
    see(v.run(&["templates", "list", "--json"]).expect(0));
    see(v.run(&["auth", "status", "--json"]).expect(0));
    let creds = v.path("credentials.json");
    let keyless = [
        ("VERN_KEYRING", "off"),
        ("VERN_CREDENTIALS_FILE", creds.to_str().unwrap()),
    ];
    let mut login = v.command();
    login.env_remove("VERN_API_KEY").envs(keyless).args([
        "auth",
        "login",
        "--with-key-stdin",
        "--json",
    ]);
    let r = v.run_stdin_with(login, &sb.key);
    see(r.expect(0));
    let mut logout = v.command();
    logout.env_remove("VERN_API_KEY").envs(keyless);
    let r = Run::from(logout.args(["auth", "logout", "--json"]).output().unwrap());
    see(r.expect(0));
    let mut secret = v.command();
    secret.envs(keyless).args([
        "auth",
        "login",
        "--webhook-secret",
        "contract",
        "--with-key-stdin",
        "--json",
    ]);
    let r = v.run_stdin_with(secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    see(r.expect(0));
    let (c, company) = v.company("Contract Co");
    see(&Run {
        code: 0,
        stdout: company.to_string(),
        stderr: String::new(),
    });
    see(v.run(&["company", "show", &c, "--json"]).expect(0));
    let companies = example("companies.csv");
    see(v
        .run(&[
            "upload",
            "--company",
            &c,
            companies.to_str().unwrap(),
            "--json",
        ])
        .expect(0));
    let dirty = example("contacts-dirty.csv");
    let import = see(v
        .run(&["import", "--company", &c, dirty.to_str().unwrap(), "--json"])
        .expect(5));
    let run = import["run_id"].as_str().unwrap().to_string();
    let hash = import["patch_hash"].as_str().unwrap().to_string();
    see(v
        .run(&[
            "approve",
            "--company",
            &c,
            &run,
            "--accept",
            "--expect-patch",
            &hash,
            "--json",
        ])
        .expect(0));
    see(v
        .run(&["poll", "--company", &c, "--active", "--json"])
        .expect(0));
    see(v
        .run(&[
            "export",
            "--company",
            &c,
            "--mode",
            "canary",
            "--plan",
            "--json",
        ])
        .expect(0));
    see(v
        .run(&["export", "--company", &c, "--mode", "canary", "--json"])
        .expect(0));
    let sheet = Api::sheet_id(&company, "Contacts");
    see(v
        .run(&[
            "download",
            "--company",
            &c,
            "--sheet",
            &sheet,
            "-o",
            "c.csv",
            "--json",
        ])
        .expect(0));
    see(v
        .run(&[
            "deliver",
            "--company",
            &c,
            "--to",
            "delivered",
            "--plan",
            "--json",
        ])
        .expect(0));
    see(v
        .run(&["deliver", "--company", &c, "--to", "delivered", "--json"])
        .expect(0));
    see(v
        .run(&[
            "migrate",
            "--company",
            &c,
            dirty.to_str().unwrap(),
            "--plan",
            "--json",
        ])
        .expect(0));
    let m = see(v
        .run(&[
            "migrate",
            "--company",
            &c,
            dirty.to_str().unwrap(),
            "--approve",
            "never",
            "--json",
        ])
        .expect(5));
    let history = see(v.run(&["runs", "list", "--json"]).expect(0));
    let id = history["operations"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id, m["operation"]);
    see(v.run(&["runs", "show", &id, "--json"]).expect(0));
    see(v
        .run(&[
            "migrate",
            "--manifest",
            example("fleet.csv").to_str().unwrap(),
            "--json",
        ])
        .expect(4));
    see(v.run(&["poll", "--company", "nope", "--json"]).expect(2));
    see(&banner_of_vern_sandbox());
    // vern jobs: every kind once.
    see(v
        .run(&[
            "jobs",
            "create",
            "contract",
            "--company",
            &c,
            "--to",
            "jobs-out",
            "--schedule",
            "@daily",
            "--json",
        ])
        .expect(0));
    see(v.run(&["jobs", "list", "--json"]).expect(0));
    see(v.run(&["jobs", "run-due", "--json"]).expect(0));
    see(v.run(&["jobs", "runs", "contract", "--json"]).expect(0));
    let exported = see(v.run(&["jobs", "export", "--json"]).expect(0));
    let file = v.path("jobs.json");
    std::fs::write(&file, exported.to_string()).unwrap();
    see(v
        .run(&["jobs", "apply", "-f", file.to_str().unwrap(), "--json"])
        .expect(0));
    see(v
        .run(&[
            "jobs", "schedule", "contract", "--print", "crontab", "--json",
        ])
        .expect(0));
    see(&banner_of_jobs_serve(&v));
    see(v
        .run(&["jobs", "delete", "contract", "--yes", "--json"])
        .expect(0));

    let schemas: BTreeSet<String> =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"))
            .unwrap()
            .flatten()
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".schema.json")
                    .map(str::to_string)
            })
            .collect();
    assert_eq!(
        kinds, schemas,
        "every kind has a schema and every schema a kind"
    );
}

/// `vern sandbox --json`: the banner it prints when it listens (read, then the server stopped).
fn banner_of_vern_sandbox() -> Run {
    let mut child = bare()
        .args(["sandbox", "--addr", "127.0.0.1:0", "--json", "-q"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line == "}";
        text.push_str(&line);
        text.push('\n');
        if done {
            break;
        }
    }
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(
        doc.get("exit_code").is_none(),
        "a banner has no exit code yet"
    );
    Run {
        code: status.code().unwrap_or(-1),
        stdout: text,
        stderr: String::new(),
    }
}

/// `vern jobs serve --json`: the banner it prints when it runs (read, then stopped by SIGTERM:
/// exit 0).
fn banner_of_jobs_serve(v: &Vern) -> Run {
    let mut child = v
        .command()
        .args(["jobs", "serve", "--listen", "0", "--json", "-q"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line == "}";
        text.push_str(&line);
        text.push('\n');
        if done {
            break;
        }
    }
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "SIGTERM stops jobs serve with exit 0"
    );
    Run {
        code: 0,
        stdout: text,
        stderr: String::new(),
    }
}

//! `vern deliver` to a local directory (issue 13): every format read back with an independent
//! parser and compared with the API's own `export.csv`, the manifest's hashes checked against the
//! bytes on disk, re-runs that continue or show instead of copying twice, `--if-exists`, names
//! that collide, sheets by name, a company vern never saw, a disk that fills up, and SIGKILL at
//! every checkpoint of a delivery followed by the same command: each file exactly once.

use crate::support::*;
use serde_json::Value;
use sha2::Digest;
use std::io::Read;
use std::path::Path;
use vern::sandbox::BackgroundSandbox;

/// A company vern provisioned (so its journal knows the sheets), with both example files imported.
fn delivered_company() -> (BackgroundSandbox, Vern, String, Value) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, company) = v.company("Deliver Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c, company)
}

fn deliver(v: &Vern, c: &str, extra: &[&str]) -> Run {
    let mut args = vec!["deliver", "--company", c];
    args.extend_from_slice(extra);
    v.run(&args)
}

fn today() -> String {
    humantime::format_rfc3339(std::time::SystemTime::now()).to_string()[..10].to_string()
}

/// The rows of a CSV as (header, records), parsed by the `csv` crate.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a whole gzip stream");
    out
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file in `dir`, recursively, relative names sorted.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// The manifest of a delivery directory: exactly one, and each file it lists has its bytes.
fn check_manifest(dir: &Path) -> Value {
    let manifests: Vec<String> = listing(dir)
        .into_iter()
        .filter(|n| n.starts_with("vern-manifest-"))
        .collect();
    assert_eq!(manifests.len(), 1, "one manifest: {manifests:?}");
    let m: Value =
        serde_json::from_slice(&std::fs::read(dir.join(&manifests[0])).unwrap()).unwrap();
    for f in m["files"].as_array().unwrap() {
        let bytes = std::fs::read(dir.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(f["bytes"], bytes.len() as u64, "{f}");
        assert_eq!(f["sha256"], sha256(&bytes), "{f}");
    }
    m
}

#[test]
fn every_sheet_in_every_format_reads_back_as_the_apis_rows() {
    let (sb, v, c, company) = delivered_company();
    let api = Api::new(&sb);
    let date = today();
    for (format, gzip) in [
        ("csv", false),
        ("json", false),
        ("jsonl", true),
        ("xml", false),
    ] {
        let out = format!("out-{format}");
        let mut args = vec!["--to", out.as_str(), "--format", format, "--json"];
        if gzip {
            args.push("--gzip");
        }
        let r = deliver(&v, &c, &args);
        r.expect(0);
        let doc = r.json();
        check_contract(&doc);
        assert_eq!(doc["kind"], "delivery");
        assert_eq!(doc["status"], "success");
        let dir = v.path(&out);
        let manifest = check_manifest(&dir);
        let mut total = 0;
        for sheet in ["Contacts", "Companies"] {
            let id = Api::sheet_id(&company, sheet);
            let served = api.csv(&c, &id, "valid");
            let (header, rows) = csv_rows(&served);
            let ext = if gzip {
                format!("{format}.gz")
            } else {
                format.to_string()
            };
            let name = format!("{}-{date}.{ext}", sheet.to_lowercase());
            let mut bytes = std::fs::read(dir.join(&name))
                .unwrap_or_else(|e| panic!("{format}: {name}: {e}; have {:?}", listing(&dir)));
            if gzip {
                bytes = gunzip(&bytes);
            }
            let text = String::from_utf8(bytes).unwrap();
            let got: Vec<Vec<String>> = match format {
                "csv" => {
                    assert_eq!(text, served, "csv is the bytes as served");
                    rows.clone()
                }
                "json" => {
                    let arr: Vec<Value> = serde_json::from_str(&text).unwrap();
                    objects(&arr, &header)
                }
                "jsonl" => {
                    let arr: Vec<Value> = text
                        .lines()
                        .map(|l| serde_json::from_str(l).unwrap())
                        .collect();
                    objects(&arr, &header)
                }
                _ => {
                    let doc = roxmltree::Document::parse(&text).unwrap();
                    let root = doc.root_element();
                    assert_eq!(root.attribute("sheet"), Some(sheet));
                    root.children()
                        .filter(|n| n.has_tag_name("row"))
                        .map(|row| {
                            let fields: Vec<_> =
                                row.children().filter(|n| n.has_tag_name("field")).collect();
                            let names: Vec<&str> = fields
                                .iter()
                                .map(|f| f.attribute("name").unwrap())
                                .collect();
                            assert_eq!(names, header, "xml field names");
                            fields
                                .iter()
                                .map(|f| f.text().unwrap_or("").to_string())
                                .collect()
                        })
                        .collect()
                }
            };
            assert_eq!(got, rows, "{format}: {sheet} rows");
            total += rows.len() as u64;
            let listed = manifest["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == name.as_str())
                .unwrap_or_else(|| panic!("{name} in the manifest: {manifest}"));
            assert_eq!(listed["rows"], rows.len() as u64);
            assert_eq!(listed["gzip"], gzip);
        }
        assert_eq!(doc["record_count"], total, "{format}");
        assert!(total > 2000, "{format}: the example rows arrived ({total})");
        let sizes: u64 = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["bytes"].as_u64().unwrap())
            .sum();
        assert_eq!(doc["file_size"], sizes);
        assert_eq!(
            doc["destination_path"],
            dir.join(manifest_name(&dir)).display().to_string()
        );
        assert_eq!(
            listing(&dir).len(),
            3,
            "two files and the manifest, nothing else: {:?}",
            listing(&dir)
        );
    }
}

fn manifest_name(dir: &Path) -> String {
    listing(dir)
        .into_iter()
        .find(|n| n.starts_with("vern-manifest-"))
        .unwrap()
}

/// JSON objects back to rows, checking that each object's keys are the header, in order.
fn objects(arr: &[Value], header: &[String]) -> Vec<Vec<String>> {
    arr.iter()
        .map(|o| {
            let o = o.as_object().unwrap();
            let keys: Vec<&String> = o.keys().collect();
            assert_eq!(keys.len(), header.len());
            header
                .iter()
                .map(|h| o[h].as_str().expect("values are strings").to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_same_command_shows_a_finished_delivery_and_new_respects_if_exists() {
    let (_sb, v, c, _) = delivered_company();
    let first = deliver(&v, &c, &["--to", "out"]);
    first.expect(0);
    let dir = v.path("out");
    let before = listing(&dir);
    assert_eq!(before.len(), 3, "{before:?}");
    let stamp = |n: &str| std::fs::metadata(dir.join(n)).unwrap().modified().unwrap();
    let mtimes: Vec<_> = before.iter().map(|n| stamp(n)).collect();

    let again = deliver(&v, &c, &["--to", "out"]);
    again.expect(0);
    assert!(
        again.stdout.contains("already delivered"),
        "{}",
        again.stdout
    );
    assert_eq!(listing(&dir), before, "nothing new");
    assert_eq!(before.iter().map(|n| stamp(n)).collect::<Vec<_>>(), mtimes);

    // A new run of the same day wants the same names: refused whole, nothing written.
    let refused = deliver(&v, &c, &["--to", "out", "--new"]);
    refused.expect(7);
    assert!(
        refused
            .stderr
            .contains("already exists; nothing was written"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("hint: pass --if-exists skip"),
        "{}",
        refused.stderr
    );
    assert_eq!(listing(&dir), before, "nothing written");

    let skipped = deliver(
        &v,
        &c,
        &["--to", "out", "--new", "--if-exists", "skip", "--json"],
    );
    skipped.expect(0);
    let doc = skipped.json();
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["skipped"] == true)
    );
    assert_eq!(doc["record_count"], 0);
    let after_skip = listing(&dir);
    assert_eq!(
        after_skip.len(),
        4,
        "a second manifest for the second run: {after_skip:?}"
    );

    let csv_before = std::fs::read(dir.join(&before[0])).unwrap();
    let over = deliver(
        &v,
        &c,
        &[
            "--to",
            "out",
            "--new",
            "--if-exists",
            "overwrite",
            "--format",
            "csv",
        ],
    );
    over.expect(0);
    assert_eq!(
        std::fs::read(dir.join(&before[0])).unwrap(),
        csv_before,
        "same bytes, replaced"
    );
    assert!(
        listing(&dir).iter().all(|n| !n.contains(".part")),
        "no temp files: {:?}",
        listing(&dir)
    );
}

#[test]
fn names_sheets_and_companies_are_checked_before_anything_is_sent() {
    let (_sb, v, c, company) = delivered_company();
    let one_file = deliver(&v, &c, &["--to", "out", "--name", "all.{ext}"]);
    one_file.expect(2);
    assert!(
        one_file
            .stderr
            .contains("would write all 2 sheets into one file"),
        "{}",
        one_file.stderr
    );
    let unknown = deliver(&v, &c, &["--to", "out", "--name", "{sheet}-{day}.{ext}"]);
    unknown.expect(2);
    assert!(
        unknown.stderr.contains("unknown placeholder {day}"),
        "{}",
        unknown.stderr
    );
    let escape = deliver(&v, &c, &["--to", "out", "--name", "../{sheet}.{ext}"]);
    escape.expect(2);
    let no_sheet = deliver(&v, &c, &["--to", "out", "--sheet", "Deals"]);
    no_sheet.expect(2);
    assert!(
        no_sheet.stderr.contains("no sheet of that name"),
        "{}",
        no_sheet.stderr
    );
    assert!(
        no_sheet.stderr.contains("Contacts"),
        "candidates listed: {}",
        no_sheet.stderr
    );
    let scheme = deliver(&v, &c, &["--to", "ftp://host/x"]);
    scheme.expect(2);
    assert!(
        scheme
            .stderr
            .contains("unknown destination scheme 'ftp://'"),
        "{}",
        scheme.stderr
    );
    assert!(!v.path("out").exists(), "nothing was written");

    // By name, one sheet, with every placeholder.
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "out",
            "--sheet",
            "contacts",
            "--name",
            "{company}/{sheet_id}-{sheet}-{date}T{time}-{run}.{ext}",
            "--json",
        ],
    );
    r.expect(0);
    let doc = r.json();
    let run = doc["id"].as_str().unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let path = files[0]["path"].as_str().unwrap();
    let contacts = Api::sheet_id(&company, "Contacts");
    assert!(
        path.starts_with(&format!("{c}/{contacts}-contacts-{}T", today())),
        "{path}"
    );
    assert!(path.ends_with(&format!("-{run}.csv")), "{path}");
    assert!(v.path("out").join(path).is_file());
}

#[test]
fn a_company_vern_never_saw_needs_sheet_ids_and_names_files_after_the_template() {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Stranger Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c, &["contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    let v = Vern::new(&sb);
    let r = deliver(&v, &c, &["--to", "out"]);
    r.expect(2);
    assert!(
        r.stderr.contains("knows no sheets of company"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--sheet ID"), "{}", r.stderr);
    let sheet = Api::sheet_id(&company, "Contacts");
    let r = deliver(
        &v,
        &c,
        &["--to", "out", "--sheet", &sheet, "--format", "jsonl"],
    );
    r.expect(0);
    let name = format!("contacts-{}.jsonl", today());
    let text = std::fs::read_to_string(v.path("out").join(&name))
        .unwrap_or_else(|e| panic!("{name}: {e}: {:?}", listing(&v.path("out"))));
    let served = api.csv(&c, &sheet, "valid");
    assert_eq!(text.lines().count(), served.lines().count() - 1);
}

#[test]
fn a_destination_that_is_not_a_directory_is_an_error_and_nothing_is_left() {
    let (_sb, v, c, _) = delivered_company();
    std::fs::write(v.path("file"), "x").unwrap();
    let r = deliver(&v, &c, &["--to", "file"]);
    r.expect(1);
    assert!(r.stderr.contains("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("not a directory"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(v.path("file")).unwrap(), "x");
}

#[test]
fn a_full_disk_fails_the_file_and_leaves_no_partial_file() {
    if !crate::servers::tool("unshare") {
        return;
    }
    let (_sb, v, c, _) = delivered_company();
    let bin = env!("CARGO_BIN_EXE_vern");
    // A 64 KiB tmpfs in a private mount namespace: the contacts file does not fit.
    let script = format!(
        "set -u; d=\"$PWD/full\"; mkdir -p \"$d\"; mount -t tmpfs -o size=64k tmpfs \"$d\" || exit 99; \
         '{bin}' deliver --company {c} --to \"$d\" --sheet Contacts --format json; echo \"rc=$?\"; \
         echo listing; ls -A \"$d\""
    );
    let template = v.command();
    let mut unshare = std::process::Command::new("unshare");
    for (k, val) in template.get_envs() {
        match val {
            Some(val) => unshare.env(k, val),
            None => unshare.env_remove(k),
        };
    }
    unshare
        .current_dir(v.cwd.path())
        .args(["-rm", "sh", "-c", &script]);
    let out = Run::from(unshare.output().unwrap());
    assert!(
        !out.stdout.is_empty() || out.code != 99,
        "mount refused: {}",
        out.stderr
    );
    assert!(
        out.stdout.contains("rc=1"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert!(
        out.stderr.contains("No space left on device"),
        "{}",
        out.stderr
    );
    let listed: Vec<&str> = out
        .stdout
        .split("listing")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(listed.is_empty(), "no file, no temp file: {listed:?}");
}

/// The delivery checkpoints: after the plan, before each file's bytes (twice: two sheets), before
/// each commit, after each commit, before the manifest's commit, and before the report.
const CHECKPOINTS: &[&str] = &[
    "deliver:planned",
    "deliver:writing",
    "deliver:writing#2",
    "deliver:committing",
    "deliver:committing#2",
    "deliver:committed",
    "deliver:committed#2",
    "deliver:manifest",
    "report",
];

#[test]
fn sigkill_anywhere_in_a_delivery_then_the_same_command_delivers_each_file_once() {
    let (_sb, v, c, _) = delivered_company();
    let mut failures = Vec::new();
    let reference = {
        let r = deliver(
            &v,
            &c,
            &["--to", "ref", "--format", "jsonl", "--gzip", "--json"],
        );
        r.expect(0);
        r.json()
    };
    for (i, cp) in CHECKPOINTS.iter().enumerate() {
        let out = format!("kill-{i}");
        let args = [
            "--to",
            out.as_str(),
            "--format",
            "jsonl",
            "--gzip",
            "--json",
        ];
        let mut full = vec!["deliver", "--company", c.as_str()];
        full.extend_from_slice(&args);
        let crashed = v.run_env(&full, &[("VERN_CRASH_AT", cp)]);
        if crashed.code != -1 {
            failures.push(format!(
                "{cp}: expected SIGKILL, got {}: {}",
                crashed.code, crashed.stderr
            ));
            continue;
        }
        let done = deliver(&v, &c, &args);
        if done.code != 0 {
            failures.push(format!("{cp}: re-run exit {}: {}", done.code, done.stderr));
            continue;
        }
        let dir = v.path(&out);
        let files = listing(&dir);
        if files.len() != 3 || files.iter().any(|f| f.contains(".part")) {
            failures.push(format!("{cp}: {files:?}"));
            continue;
        }
        let m = check_manifest(&dir);
        let rows: Vec<u64> = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rows"].as_u64().unwrap())
            .collect();
        let want: Vec<u64> = reference["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rows"].as_u64().unwrap())
            .collect();
        if rows != want {
            failures.push(format!("{cp}: rows {rows:?} != {want:?}"));
        }
        let doc = done.json();
        if doc["record_count"] != reference["record_count"] {
            failures.push(format!("{cp}: record_count {}", doc["record_count"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn migrate_delivers_last_and_a_kill_inside_the_delivery_never_copies_twice() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let companies = example("companies.csv");
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        companies.to_str().unwrap(),
        dirty.to_str().unwrap(),
        "--approve",
        "accept",
        "--allow-failures",
        "--deliver",
        "out",
        "--format",
        "jsonl",
        "--gzip",
        "--deliver-name",
        "{external_id}/{sheet}.{ext}",
        "--json",
    ];
    let crashed = v.run_env(&args, &[("VERN_CRASH_AT", "deliver:committing#2")]);
    assert_eq!(crashed.code, -1, "{}", crashed.stderr);
    let done = v.run(&args);
    done.expect(0);
    assert!(
        done.stderr.contains("continuing operation"),
        "{}",
        done.stderr
    );
    let doc = done.json();
    let delivery = &doc["delivery"];
    assert_eq!(delivery["status"], "success", "{doc}");
    assert_eq!(delivery["record_count"], 2000 + 2379);
    let dir = v.path("out");
    let files = listing(&dir);
    assert_eq!(files.len(), 3, "{files:?}");
    let external = files[0].split('/').next().unwrap().to_string();
    assert!(external.starts_with("vern-"), "{files:?}");
    assert!(
        files.contains(&format!("{external}/contacts.jsonl.gz")),
        "{files:?}"
    );
    let m = check_manifest(&dir);
    assert_eq!(m["files"].as_array().unwrap().len(), 2);
    let contacts =
        gunzip(&std::fs::read(dir.join(format!("{external}/contacts.jsonl.gz"))).unwrap());
    assert_eq!(String::from_utf8(contacts).unwrap().lines().count(), 2379);
    // Shape flags without a destination mean nothing.
    let lone = v.run(&["migrate", companies.to_str().unwrap(), "--format", "xml"]);
    lone.expect(2);
    assert!(
        lone.stderr.contains("go with --deliver DEST"),
        "{}",
        lone.stderr
    );
}

#[test]
fn runs_list_shows_delivery_runs_with_the_run_object() {
    let (_sb, v, c, _) = delivered_company();
    deliver(&v, &c, &["--to", "out", "--format", "xml"]).expect(0);
    let list = v.run(&["runs", "list", "--json"]);
    list.expect(0);
    let doc = list.json();
    let op = &doc["operations"][0];
    assert_eq!(op["kind"], "deliver");
    let d = &op["delivery"];
    assert_eq!(d["status"], "success");
    assert_eq!(d["destination_type"], "file");
    assert_eq!(d["files"], 2);
    assert_eq!(d["record_count"], 2000 + 2500);
    assert!(
        d["destination_path"]
            .as_str()
            .unwrap()
            .contains("vern-manifest-"),
        "{d}"
    );
    assert!(d["file_size"].as_u64().unwrap() > 0);
    let human = v.run(&["runs", "list"]);
    assert!(
        human.stdout.contains("delivered 4,500 rows"),
        "{}",
        human.stdout
    );
    let shown = v.run(&["runs", "show", op["id"].as_str().unwrap(), "--json"]);
    shown.expect(0);
    let rec = shown.json();
    let files = rec["delivery"]["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["state"] == "committed"), "{rec}");
    assert_eq!(rec["delivery_run"]["record_count"], 4500);
    let human = v.run(&["runs", "show", op["id"].as_str().unwrap()]);
    assert!(human.stdout.contains("committed "), "{}", human.stdout);
    assert!(human.stdout.contains("4,500 rows"), "{}", human.stdout);
}

/// An API that lists one template and serves a 20,000-row `export.csv`, breaking off the
/// requests whose numbers (0-based) are in `broken` halfway through the body.
fn breaking_api(broken: &'static [usize]) -> (Stub, String) {
    let mut body = String::from("Email,First Name,Status\n");
    for i in 0..20_000 {
        body.push_str(&format!("p{i}@example.com,Person {i},Open\n"));
    }
    (stub_api(body.clone(), broken), body)
}

/// An API that lists one template (Email, First Name, Status) and serves `body` as every
/// sheet's `export.csv`, breaking off the requests numbered in `broken` halfway.
fn stub_api(body: String, broken: &'static [usize]) -> Stub {
    stub_api_shared(std::sync::Arc::new(std::sync::Mutex::new(body)), broken)
}

/// [`stub_api`] serving whatever `body` holds at the time of each request.
fn stub_api_shared(
    body: std::sync::Arc<std::sync::Mutex<String>>,
    broken: &'static [usize],
) -> Stub {
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let templates = serde_json::json!({"templates": [{"id": "7e3b0a52-4c1f-4d6e-9a1b-2c3d4e5f6a7b", "name": "Contacts",
        "columns": [{"name": "Email"}, {"name": "First Name"}, {"name": "Status"}]}]});
    let served = std::sync::Arc::new(AtomicUsize::new(0));
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
                let n = served.fetch_add(1, Ordering::SeqCst);
                let full = bytes::Bytes::from(body.lock().unwrap().clone());
                async move {
                    let half = full.slice(..full.len() / 2);
                    let stream: futures_util::stream::BoxStream<
                        'static,
                        Result<bytes::Bytes, std::io::Error>,
                    > = if broken.contains(&n) {
                        Box::pin(futures_util::stream::unfold(0, move |step| {
                            let half = half.clone();
                            async move {
                                match step {
                                    0 => Some((Ok(half), 1)),
                                    1 => {
                                        // Long enough for the first half to be on the wire.
                                        tokio::time::sleep(std::time::Duration::from_millis(50))
                                            .await;
                                        Some((Err(std::io::Error::other("cut")), 2))
                                    }
                                    _ => None,
                                }
                            }
                        }))
                    } else {
                        Box::pin(futures_util::stream::iter([Ok(full)]))
                    };
                    (
                        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                        axum::body::Body::from_stream(stream),
                    )
                }
            }),
        );
    Stub::start(router)
}

const STRANGER: &str = "0b5e8a1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const STRANGER_SHEET: &str = "9c8b7a6f-5e4d-4c3b-8a29-1f0e2d3c4b5a";

fn against(stub: &Stub) -> Vern {
    Vern {
        api_url: stub.url.clone(),
        key: "vern_test_key".into(),
        state: tempfile::tempdir().unwrap(),
        cwd: tempfile::tempdir().unwrap(),
    }
}

#[test]
fn characters_xml_forbids_are_dropped_counted_and_exit_6() {
    let body =
        "Email,First Name,Status\nana@example.com,A\u{1}n\u{7}a,Open\nbo@example.com,Bo,Open\n";
    let stub = stub_api(body.to_string(), &[]);
    let v = against(&stub);
    let args = [
        "deliver",
        "--company",
        STRANGER,
        "--sheet",
        STRANGER_SHEET,
        "--to",
        "out",
        "--format",
        "xml",
    ];
    let r = v.run(&[&args[..], &["--json"]].concat());
    r.expect(6);
    let doc = r.json();
    assert_eq!(doc["xml_dropped"], 2);
    assert_eq!(doc["files"][0]["xml_dropped"], 2);
    let text =
        std::fs::read_to_string(v.path("out").join(format!("contacts-{}.xml", today()))).unwrap();
    let parsed = roxmltree::Document::parse(&text).expect("well-formed XML 1.0");
    let names: Vec<&str> = parsed
        .descendants()
        .filter(|n| n.attribute("name") == Some("First Name"))
        .map(|n| n.text().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Ana", "Bo"]);
    let human = v.run(&[&args[..], &["--new", "--if-exists", "overwrite"]].concat());
    human.expect(6);
    assert!(
        human
            .stdout
            .contains("2 character(s) XML 1.0 forbids were removed"),
        "{}",
        human.stdout
    );
    let allowed = v.run(
        &[
            &args[..],
            &["--new", "--if-exists", "overwrite", "--allow-failures"],
        ]
        .concat(),
    );
    allowed.expect(0);
}

#[test]
fn a_source_that_breaks_off_mid_stream_is_started_over_and_never_shows_half_a_file() {
    // Request 0 reads the header (to name the sheet); 1 and 2 break; 3 is whole.
    let (stub, body) = breaking_api(&[1, 2]);
    let v = against(&stub);
    let args = [
        "deliver",
        "--company",
        STRANGER,
        "--sheet",
        STRANGER_SHEET,
        "--to",
        "out",
        "--format",
        "csv",
    ];
    let r = v.run(&args);
    r.expect(0);
    assert_eq!(
        r.stderr.matches("starting the file over").count(),
        2,
        "{}",
        r.stderr
    );
    let name = format!("contacts-{}.csv", today());
    assert_eq!(
        std::fs::read_to_string(v.path("out").join(&name)).unwrap(),
        body
    );

    // Three breaks in a row: the run fails, and nothing of the file is visible.
    let (stub, body) = breaking_api(&[1, 2, 3]);
    let v = Vern {
        api_url: stub.url.clone(),
        ..v
    };
    let r = v.run(&[&args[..5], &["--to", "again", "--format", "csv"]].concat());
    r.expect(1);
    assert!(
        r.stderr
            .contains("was not delivered (nothing of it is visible)"),
        "{}",
        r.stderr
    );
    assert!(
        listing(&v.path("again")).is_empty(),
        "{:?}",
        listing(&v.path("again"))
    );
    // The same command again finishes the run (request 4 is whole).
    let r = v.run(&[&args[..5], &["--to", "again", "--format", "csv"]].concat());
    r.expect(0);
    assert!(r.stderr.contains("continuing operation"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(v.path("again").join(&name)).unwrap(),
        body
    );
    assert_eq!(
        listing(&v.path("again")).len(),
        2,
        "{:?}",
        listing(&v.path("again"))
    );
}

/// `--mode delta` against a source whose rows change between runs.
#[test]
fn delta_sends_only_new_and_changed_rows_and_the_ledger_moves_only_once_confirmed() {
    let rows = |list: &[(&str, &str)]| {
        let mut b = String::from("Email,First Name,Status\n");
        for (e, n) in list {
            b.push_str(&format!("{e},{n},Open\n"));
        }
        b
    };
    let body = std::sync::Arc::new(std::sync::Mutex::new(rows(&[
        ("a@x", "Ana"),
        ("b@x", "Bo"),
        ("c@x", "Cy"),
    ])));
    let stub = stub_api_shared(body.clone(), &[]);
    let v = against(&stub);
    let base = [
        "deliver",
        "--company",
        STRANGER,
        "--sheet",
        STRANGER_SHEET,
        "--to",
        "out",
        "--mode",
        "delta",
        "--name",
        "{sheet}-{run}.{ext}",
        "--json",
    ];
    let run = |extra: &[&str], env: &[(&str, &str)]| v.run_env(&[&base[..], extra].concat(), env);
    // The stub's template has no unique column: delta mode needs --key.
    let r = v.run(&base);
    r.expect(2);
    assert!(
        r.stderr.contains("no unique column") && r.stderr.contains("--key COLUMN"),
        "{}",
        r.stderr
    );
    let r = run(&["--key", "Mail"], &[]);
    r.expect(2);
    assert!(
        r.stderr
            .contains("--key Mail: sheet Contacts has no such column"),
        "{}",
        r.stderr
    );
    let out_files = || {
        listing(&v.path("out"))
            .into_iter()
            .filter(|n| !n.starts_with("vern-manifest"))
            .collect::<Vec<_>>()
    };
    let read = |doc: &Value| -> String {
        let f = doc["files"][0]["path"].as_str().unwrap();
        std::fs::read_to_string(v.path("out").join(f)).unwrap()
    };

    let first = run(&["--key", "Email"], &[]);
    first.expect(0);
    let doc = first.json();
    assert_eq!(doc["mode"], "delta");
    assert_eq!(doc["delta"]["new"], 3);
    assert_eq!(doc["record_count"], 3);
    assert_eq!(read(&doc).lines().count(), 4);

    // Nothing changed: no data file, success, 0 records.
    let same = run(&["--key", "Email", "--new"], &[]);
    same.expect(0);
    let doc = same.json();
    assert_eq!(doc["record_count"], 0);
    assert_eq!(doc["files"][0]["nothing_new"], true);
    assert_eq!(doc["delta"]["unchanged"], 3);
    assert_eq!(out_files().len(), 1, "{:?}", out_files());

    // One changed, one new, one gone.
    *body.lock().unwrap() = rows(&[("a@x", "Ana"), ("b@x", "Bob"), ("d@x", "Di")]);
    let changed = run(&["--key", "Email", "--new"], &[]);
    changed.expect(0);
    let doc = changed.json();
    assert_eq!(
        (
            doc["delta"]["new"].as_u64(),
            doc["delta"]["changed"].as_u64(),
            doc["delta"]["unchanged"].as_u64(),
            doc["delta"]["removed"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(1))
    );
    assert_eq!(
        read(&doc),
        "Email,First Name,Status\nb@x,Bob,Open\nd@x,Di,Open\n"
    );
    let human = run(&["--key", "Email", "--new"], &[]);
    human.expect(0);

    // Duplicate keys: exit 1 naming them; the ledger does not move.
    *body.lock().unwrap() = rows(&[("a@x", "Ana"), ("e@x", "Ed"), ("a@x", "Again")]);
    let dup = run(&["--key", "Email", "--new"], &[]);
    dup.expect(1);
    assert!(
        dup.stderr
            .contains("duplicate key Email=a@x in rows 1 and 3"),
        "{}",
        dup.stderr
    );

    // Killed after the file is visible but before the ledger moved: the same command finishes
    // the move, and the next run finds nothing new.
    *body.lock().unwrap() = rows(&[("a@x", "Ana"), ("e@x", "Ed")]);
    let before = out_files().len();
    let killed = run(
        &["--key", "Email", "--new"],
        &[("VERN_CRASH_AT", "deliver:committed")],
    );
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    run(&["--key", "Email"], &[]).expect(0);
    assert_eq!(out_files().len(), before + 1, "the file once");
    let after = run(&["--key", "Email", "--new"], &[]);
    after.expect(0);
    assert_eq!(
        after.json()["delta"]["unchanged"],
        2,
        "the ledger moved exactly once"
    );

    // Killed with the next ledger written but the file not visible: the ledger stays behind,
    // and the same command sends the rows.
    *body.lock().unwrap() = rows(&[("a@x", "Ann"), ("e@x", "Ed")]);
    let killed = run(
        &["--key", "Email", "--new"],
        &[("VERN_CRASH_AT", "deliver:committing")],
    );
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    let done = run(&["--key", "Email"], &[]);
    done.expect(0);
    let doc = done.json();
    assert_eq!(doc["delta"]["changed"], 1);
    assert_eq!(read(&doc), "Email,First Name,Status\na@x,Ann,Open\n");
    let ledgers: Vec<String> = std::fs::read_dir(v.state.path().join("ledgers"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".next-"))
        .collect();
    assert!(
        ledgers.is_empty(),
        "no next ledger left behind: {ledgers:?}"
    );
    // --key without delta is a usage error.
    let r = v.run(&[
        "deliver",
        "--company",
        STRANGER,
        "--sheet",
        STRANGER_SHEET,
        "--to",
        "out",
        "--key",
        "Email",
    ]);
    r.expect(2);
}

#[test]
fn delta_on_the_sandbox_keys_each_sheet_by_its_templates_unique_columns() {
    let (_sb, v, c, _) = delivered_company();
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "out",
            "--mode",
            "delta",
            "--name",
            "{sheet}-{run}.{ext}",
            "--json",
        ],
    );
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["delta"]["new"], 4500);
    let again = deliver(
        &v,
        &c,
        &[
            "--to",
            "out",
            "--mode",
            "delta",
            "--name",
            "{sheet}-{run}.{ext}",
            "--new",
        ],
    );
    again.expect(0);
    assert!(
        again
            .stdout
            .contains("delta: 0 new, 0 changed, 4,500 unchanged"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("nothing new or changed: no file"),
        "{}",
        again.stdout
    );
    let shown = v.run(&["runs", "show", doc["id"].as_str().unwrap(), "--json"]);
    let rec = shown.json();
    let keys: Vec<Value> = rec["delivery"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["delta"]["keys"].clone())
        .collect();
    assert!(keys.contains(&serde_json::json!(["Email"])), "{keys:?}");
    assert!(
        keys.contains(&serde_json::json!(["Name", "Domain"])),
        "{keys:?}"
    );
}

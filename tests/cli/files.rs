//! Never destroy a file (issue 11, items 1–4): whatever a download or a report is pointed at —
//! a device, a FIFO, a symlink, a directory, the migration's own inputs — and whatever a hostile
//! server answers (a dotfile name, an existing file's name, a login page, another CSV), vern
//! writes through what it may write through, replaces atomically what it may replace, and leaves
//! everything else exactly as it was.

use crate::support::*;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;
use vern::sandbox::BackgroundSandbox;

/// A sandbox with a company whose Contacts sheet holds the clean example's rows.
fn imported() -> (BackgroundSandbox, Vern, String, String) {
    let sb = sandbox();
    let api = Api::new(&sb);
    let company = api.company("Files Co");
    let c = company["company"]["id"].as_str().unwrap().to_string();
    let run = api.import_files(&c, &["contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    let sheet = Api::sheet_id(&company, "Contacts");
    let v = Vern::new(&sb);
    (sb, v, c, sheet)
}

fn download(v: &Vern, c: &str, sheet: &str, extra: &[&str]) -> Run {
    let mut args = vec!["download", "--company", c, "--sheet", sheet];
    args.extend_from_slice(extra);
    v.run(&args)
}

fn is_char_device(p: &str) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

/// Files vern left behind in `dir` while writing (`.vern-*.partial`).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect()
}

/// Whether the tests run as root (what a fresh file's owner says; no unsafe needed).
fn root() -> bool {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.uid() == 0)
}

#[test]
fn download_to_dev_null_streams_through_it() {
    let (_sb, v, c, sheet) = imported();
    let r = download(&v, &c, &sheet, &["-o", "/dev/null"]);
    r.expect(0);
    assert!(r.stdout.starts_with("saved /dev/null: "), "{}", r.stdout);
    assert!(is_char_device("/dev/null"), "/dev/null is still a device");
}

#[test]
fn download_to_dev_full_fails_with_enospc_and_leaves_it_alone() {
    if !root() {
        eprintln!(
            "skipped: only meaningful as root (others cannot replace /dev/full, so vern failed anyway)"
        );
        return;
    }
    let (_sb, v, c, sheet) = imported();
    let r = download(&v, &c, &sheet, &["-o", "/dev/full"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("error: the download into /dev/full failed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    assert!(is_char_device("/dev/full"), "/dev/full is still a device");
}

#[test]
fn download_to_dev_stdout_writes_through_the_descriptor() {
    let (sb, v, c, sheet) = imported();
    let r = download(&v, &c, &sheet, &["-o", "/dev/stdout"]);
    r.expect(0);
    let csv = Api::new(&sb).csv(&c, &sheet, "valid");
    assert!(
        r.stdout == csv,
        "stdout carries the CSV and nothing else; it starts {:?}",
        r.stdout.get(..200).unwrap_or(&r.stdout)
    );
    assert!(r.stderr.contains("saved /dev/stdout: "), "{}", r.stderr);
    let m = std::fs::symlink_metadata("/dev/stdout").unwrap();
    assert!(m.file_type().is_symlink(), "/dev/stdout is still a link");
}

#[test]
fn download_into_a_fifo_streams_into_it() {
    let (sb, v, c, sheet) = imported();
    let fifo = v.path("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    // Blocks until vern opens the FIFO for writing; a vern that replaced the FIFO with a file
    // never does, and the timeout below says so.
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(&reader));
    });
    let r = download(&v, &c, &sheet, &["-o", fifo.to_str().unwrap()]);
    r.expect(0);
    let got = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the FIFO's reader got the CSV")
        .unwrap();
    assert_eq!(
        String::from_utf8(got).unwrap(),
        Api::new(&sb).csv(&c, &sheet, "valid")
    );
    let m = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(m.file_type().is_fifo(), "the FIFO is still a FIFO");
}

#[test]
fn download_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let (sb, v, c, sheet) = imported();
    let real = v.path("real.csv");
    std::fs::write(&real, "old\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = std::fs::metadata(&real).unwrap().ino();
    let link = v.path("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    download(&v, &c, &sheet, &["-o", "link.csv"]).expect(0);
    let m = std::fs::symlink_metadata(&link).unwrap();
    assert!(m.file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.csv"));
    let after = std::fs::metadata(&real).unwrap();
    assert_ne!(
        after.ino(),
        before,
        "replaced by a rename, not rewritten in place"
    );
    assert_eq!(
        after.permissions().mode() & 0o777,
        0o644,
        "its mode is kept"
    );
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        Api::new(&sb).csv(&c, &sheet, "valid")
    );
    assert!(leftovers(v.cwd.path()).is_empty());
}

#[test]
fn download_through_a_symlink_to_dev_null_keeps_both() {
    let (_sb, v, c, sheet) = imported();
    let link = v.path("null.csv");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    download(&v, &c, &sheet, &["-o", "null.csv"]).expect(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/dev/null"));
    assert!(is_char_device("/dev/null"));
}

#[test]
fn a_directory_is_never_written_over() {
    let (sb, v, c, sheet) = imported();
    // `download -o DIR`: the server's name inside it; the directory stays a directory.
    std::fs::create_dir(v.path("out")).unwrap();
    let r = download(&v, &c, &sheet, &["-o", "out"]);
    r.expect(0);
    assert!(v.path("out").is_dir());
    assert!(
        v.path("out/files-co-contacts.csv").is_file(),
        "{}",
        r.stdout
    );
    // Where a file is needed, a directory is refused before anything is sent.
    std::fs::create_dir(v.path("report.csv")).unwrap();
    let r = v.run(&[
        "export",
        "--company",
        &c,
        "--report",
        "report.csv",
        "--allow-failures",
    ]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("cannot write to report.csv: it is a directory"),
        "{}",
        r.stderr
    );
    assert!(v.path("report.csv").is_dir());
    assert_eq!(
        sb.stats().companies[&c].export_runs,
        0,
        "no export was started"
    );
}

/// The migration's inputs in its working directory, as a user would have them.
fn inputs_here(v: &Vern) {
    std::fs::copy(example("contacts-clean.csv"), v.path("contacts.csv")).unwrap();
    std::fs::copy(example("companies.csv"), v.path("companies.csv")).unwrap();
}

#[track_caller]
fn nothing_sent(sb: &BackgroundSandbox) {
    let s = sb.stats();
    assert_eq!(
        (s.companies_created, s.uploads_requested, s.companies.len()),
        (0, 0, 0),
        "nothing was created: {:?}",
        s.requests_by_route
    );
}

#[test]
fn migrate_never_downloads_over_its_own_inputs() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    inputs_here(&v);
    let before = std::fs::read(v.path("contacts.csv")).unwrap();
    let r = v.run(&[
        "migrate",
        "contacts.csv",
        "companies.csv",
        "--approve",
        "accept",
        "--download",
        ".",
    ]);
    r.expect(2);
    assert!(
        r.stderr.contains("--download . would write ./co"),
        "{}",
        r.stderr
    );
    let input = v.cwd.path().canonicalize().unwrap();
    assert!(
        r.stderr.contains(&input.display().to_string()),
        "names the input: {}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: download into another directory"));
    assert_eq!(std::fs::read(v.path("contacts.csv")).unwrap(), before);
    nothing_sent(&sb);

    // A fleet row that downloads beside its inputs is refused the same way, before any row runs.
    std::fs::write(
        v.path("fleet.csv"),
        "name,files,download\nAcme,contacts.csv;companies.csv,.\n",
    )
    .unwrap();
    let r = v.run(&["migrate", "--manifest", "fleet.csv"]);
    r.expect(2);
    assert!(
        r.stderr.contains("manifest row 1 (Acme): --download"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(v.path("contacts.csv")).unwrap(), before);
    nothing_sent(&sb);
}

/// The account's templates as the API lists them: the Contacts header of the hostile replies.
const HEADER: &str = "Email,First Name,Status";
const GOOD: &str = "Email,First Name,Status\nana@example.com,Ana,Open\n";

/// A server that answers `export.csv` with `reply`, and lists one template.
fn hostile(reply: impl Fn() -> axum::response::Response + Clone + Send + Sync + 'static) -> Stub {
    let columns: Vec<_> = HEADER.split(',').map(|n| json!({ "name": n })).collect();
    let templates = json!({"templates": [
        {"id": CONTACTS, "name": "Contacts", "columns": columns}
    ]});
    Stub::start(
        Router::new()
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
                    let reply = reply.clone();
                    async move { reply() }
                }),
            ),
    )
}

fn csv_named(name: &'static str, body: &'static str) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn against(stub: &Stub) -> Vern {
    Vern {
        api_url: stub.url.clone(),
        key: "vern_test_key".into(),
        state: tempfile::tempdir().unwrap(),
        cwd: tempfile::tempdir().unwrap(),
    }
}

fn hostile_download(v: &Vern, extra: &[&str]) -> Run {
    download(v, HUBSPOT, COMPANIES, extra)
}

#[test]
fn a_server_named_dotfile_is_refused() {
    let stub = hostile(|| csv_named(".bashrc", GOOD));
    let v = against(&stub);
    std::fs::write(v.path(".bashrc"), "alias ls='ls -F'\n").unwrap();
    for force in [false, true] {
        let r = hostile_download(&v, if force { &["--force"] } else { &[] });
        r.expect(1);
        assert!(
            r.stderr
                .contains("the server suggested the file name \".bashrc\" (a dotfile)"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("hint: name the file yourself with -o FILE")
        );
        assert_eq!(
            std::fs::read_to_string(v.path(".bashrc")).unwrap(),
            "alias ls='ls -F'\n"
        );
        assert!(leftovers(v.cwd.path()).is_empty());
    }
}

#[test]
fn a_server_named_file_replaces_an_existing_one_only_with_force() {
    let stub = hostile(|| csv_named("keep.csv", GOOD));
    let v = against(&stub);
    std::fs::write(v.path("keep.csv"), "precious\n").unwrap();
    let r = hostile_download(&v, &[]);
    r.expect(1);
    assert!(
        r.stderr.contains("./keep.csv already exists"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: pass --force"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(v.path("keep.csv")).unwrap(),
        "precious\n"
    );
    assert!(leftovers(v.cwd.path()).is_empty());
    let r = hostile_download(&v, &["--force"]);
    r.expect(0);
    assert_eq!(std::fs::read_to_string(v.path("keep.csv")).unwrap(), GOOD);
}

#[test]
fn a_login_page_never_replaces_a_good_file() {
    let stub = hostile(|| {
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Sign in</title><form>…</form>",
        )
            .into_response()
    });
    let v = against(&stub);
    std::fs::write(v.path("keep.csv"), GOOD).unwrap();
    let r = hostile_download(&v, &["-o", "keep.csv"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("error: the download was not saved: the old keep.csv is kept"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("text/html; charset=utf-8 (an HTML page), not CSV"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(v.path("keep.csv")).unwrap(), GOOD);
    assert!(leftovers(v.cwd.path()).is_empty(), "no temporary file left");
    // To stdout, the content type is judged before the first byte is written.
    let r = hostile_download(&v, &["-o", "-"]);
    r.expect(1);
    assert_eq!(r.stdout, "");
}

#[test]
fn a_csv_without_a_templates_header_never_replaces_a_good_file() {
    let stub = hostile(|| csv_named("other.csv", "id,password_hash\n1,x\n"));
    let v = against(&stub);
    std::fs::write(v.path("keep.csv"), GOOD).unwrap();
    let r = hostile_download(&v, &["-o", "keep.csv"]);
    r.expect(1);
    assert!(
        r.stderr.contains(
            "the reply's header \"id,password_hash\" is not the columns of any template (Contacts: Email,First Name,Status)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(v.path("keep.csv")).unwrap(), GOOD);
    assert!(leftovers(v.cwd.path()).is_empty());
    let r = hostile_download(&v, &["-o", "-"]);
    r.expect(1);
    assert_eq!(r.stdout, "", "not a byte of it on stdout");
}

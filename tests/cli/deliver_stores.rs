//! `vern deliver` to object stores, against real servers on loopback: moto (S3) and Azurite
//! (Azure Blob), read back through their own HTTP APIs and through rclone — never through vern's
//! code. Every file whole under its name, with its content type and encoding; multipart uploads
//! (small thresholds through `VERN_MULTIPART_THRESHOLD`) that complete conditionally and leave no
//! upload open, also after a kill; `--if-exists`; and credentials and places that are wrong,
//! missing or unreachable, each with its exit code and without a secret on the screen.

use crate::servers::{Azurite, Moto, free_port};
use crate::support::*;
use serde_json::Value;
use sha2::Digest;
use std::io::Read;
use vern::sandbox::BackgroundSandbox;

/// A company vern provisioned (so its journal knows the sheets), with both example files imported.
fn delivered_company() -> (BackgroundSandbox, Vern, String, Value) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, company) = v.company("Store Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c, company)
}

/// `vern deliver --company C ARGS` with the store's variables, and none of this machine's own
/// `AWS_*` / `AZURE*` (this machine sets AWS_CA_BUNDLE; a developer's real keys must not count).
fn deliver(v: &Vern, c: &str, args: &[&str], env: &[(String, String)]) -> Run {
    let mut cmd = v.command();
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("AWS_") || k.starts_with("AZURE") {
            cmd.env_remove(k);
        }
    }
    cmd.args(["deliver", "--company", c]).args(args);
    cmd.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Run::from(cmd.output().expect("vern runs"))
}

fn with(env: &[(String, String)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .cloned()
        .collect();
    out.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

fn today() -> String {
    humantime::format_rfc3339(std::time::SystemTime::now()).to_string()[..10].to_string()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a whole gzip stream");
    out
}

/// The one manifest among `listing`, and that each file it lists has its size and hash in the
/// store (`get` reads a key relative to the prefix).
fn check_manifest(listing: &[(String, u64)], get: impl Fn(&str) -> Vec<u8>) -> Value {
    let manifests: Vec<&String> = listing
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.contains("vern-manifest-"))
        .collect();
    assert_eq!(manifests.len(), 1, "one manifest: {listing:?}");
    let name = manifests[0].rsplit('/').next().unwrap();
    let m: Value = serde_json::from_slice(&get(name)).unwrap();
    for f in m["files"].as_array().unwrap() {
        let bytes = get(f["path"].as_str().unwrap());
        assert_eq!(f["bytes"], bytes.len() as u64, "{f}");
        assert_eq!(f["sha256"], sha256(&bytes), "{f}");
    }
    m
}

#[test]
fn s3_every_file_whole_with_its_type_and_the_manifest_last() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("drop");
    let (sb, v, c, company) = delivered_company();
    let api = Api::new(&sb);
    let date = today();
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "s3://drop/acme/in",
            "--format",
            "jsonl",
            "--gzip",
            "--json",
        ],
        &moto.env(),
    );
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["destination_type"], "s3");
    let listing = moto.objects("drop", "");
    assert_eq!(listing.len(), 3, "{listing:?}");
    assert_eq!(moto.rclone_ls("drop"), listing, "rclone sees the same");
    let manifest = check_manifest(&listing, |n| {
        moto.get("drop", &format!("acme/in/{n}")).unwrap()
    });
    assert!(
        doc["destination_path"]
            .as_str()
            .unwrap()
            .starts_with("s3://drop/acme/in/vern-manifest-"),
        "{doc}"
    );
    for sheet in ["Contacts", "Companies"] {
        let key = format!("acme/in/{}-{date}.jsonl.gz", sheet.to_lowercase());
        let h = moto
            .head("drop", &key)
            .unwrap_or_else(|| panic!("{key}: {listing:?}"));
        assert_eq!(h["content-type"], "application/x-ndjson", "{h:?}");
        assert_eq!(h["content-encoding"], "gzip", "{h:?}");
        let text = String::from_utf8(gunzip(&moto.get("drop", &key).unwrap())).unwrap();
        let served = api.csv(&c, &Api::sheet_id(&company, sheet), "valid");
        assert_eq!(
            text.lines().count(),
            served.lines().count() - 1,
            "{sheet}: one line a row"
        );
        assert_eq!(
            moto.rclone_cat("drop", &key),
            moto.get("drop", &key).unwrap()
        );
    }
    let m = moto
        .head(
            "drop",
            listing
                .iter()
                .find(|(k, _)| k.contains("manifest"))
                .map(|(k, _)| k.as_str())
                .unwrap(),
        )
        .unwrap();
    assert_eq!(m["content-type"], "application/json");
    assert_eq!(manifest["files"].as_array().unwrap().len(), 2);
    assert!(
        moto.uploads("drop").is_empty(),
        "no upload left open: {}",
        moto.log()
    );

    // csv, plain: the bytes as served
    let r = deliver(&v, &c, &["--to", "s3://drop/plain", "--new"], &moto.env());
    r.expect(0);
    let key = format!("plain/contacts-{date}.csv");
    let served = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "valid");
    assert_eq!(moto.get("drop", &key).unwrap(), served.as_bytes());
    let h = moto.head("drop", &key).unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert!(!h.contains_key("content-encoding"), "{h:?}");
}

#[test]
fn s3_multipart_completes_conditionally_and_a_kill_leaves_no_upload_open() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("drop");
    let (_sb, v, c, _) = delivered_company();
    // Every data file (over 64 KiB) goes as a multipart upload (S3's parts are 5 MiB at least,
    // so each is one part); the manifest stays one PUT.
    let env = with(&moto.env(), &[("VERN_MULTIPART_THRESHOLD", "64KiB")]);
    let r = deliver(
        &v,
        &c,
        &["--to", "s3://drop/mp", "--format", "json", "--json"],
        &env,
    );
    r.expect(0);
    let listing = moto.objects("drop", "mp/");
    assert_eq!(listing.len(), 3, "{listing:?}");
    check_manifest(&listing, |n| moto.get("drop", &format!("mp/{n}")).unwrap());
    for (key, size) in &listing {
        let etag = moto.head("drop", key).unwrap()["etag"].clone();
        if key.contains("manifest") {
            assert!(!etag.contains('-'), "{key}: one PUT: {etag}");
        } else {
            assert!(
                *size > 64 << 10 && etag.ends_with("-1\""),
                "{key}: multipart: {etag}"
            );
        }
    }
    assert!(moto.uploads("drop").is_empty());

    // The same names again (a new run) are refused before anything is sent...
    let r = deliver(
        &v,
        &c,
        &["--to", "s3://drop/mp", "--format", "json", "--new"],
        &env,
    );
    r.expect(7);
    assert!(
        r.stderr.contains("already exists; nothing was written"),
        "{}",
        r.stderr
    );
    assert_eq!(moto.objects("drop", "mp/"), listing, "untouched");
    // A kill just before a commit leaves the journaled upload open; the same command again
    // aborts it and delivers each file once.
    let killed = deliver(
        &v,
        &c,
        &["--to", "s3://drop/race", "--format", "json"],
        &with(&env, &[("VERN_CRASH_AT", "deliver:committing")]),
    );
    assert_eq!(killed.code, -1, "SIGKILL: {}", killed.stderr);
    let open = moto.uploads("drop");
    assert_eq!(open.len(), 1, "the killed run's upload is open: {open:?}");
    let r = deliver(
        &v,
        &c,
        &["--to", "s3://drop/race", "--format", "json", "--json"],
        &env,
    );
    r.expect(0);
    assert!(
        moto.uploads("drop").is_empty(),
        "the re-run aborted it: {:?}",
        moto.uploads("drop")
    );
    let raced = moto.objects("drop", "race/");
    assert_eq!(raced.len(), 3, "each file once: {raced:?}");
    check_manifest(&raced, |n| moto.get("drop", &format!("race/{n}")).unwrap());

    // --if-exists overwrite replaces (multipart completion without a condition); skip leaves.
    let foreign = b"not vern's\n";
    let key = listing
        .iter()
        .find(|(k, _)| !k.contains("manifest"))
        .unwrap()
        .0
        .clone();
    moto.rclone_put("drop", &key, foreign, "text/plain");
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "s3://drop/mp",
            "--format",
            "json",
            "--new",
            "--if-exists",
            "skip",
        ],
        &env,
    );
    r.expect(0);
    assert_eq!(moto.get("drop", &key).unwrap(), foreign);
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "s3://drop/mp",
            "--format",
            "json",
            "--new",
            "--if-exists",
            "overwrite",
        ],
        &env,
    );
    r.expect(0);
    assert_ne!(moto.get("drop", &key).unwrap(), foreign);
    assert_eq!(
        moto.head("drop", &key).unwrap()["content-type"],
        "application/json"
    );
    assert!(moto.uploads("drop").is_empty());
}

#[test]
fn s3_a_file_larger_than_a_part_goes_up_in_several() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("drop");
    // 12 copies of the clean contacts, each with its own e-mails: as XML, well over 5 MiB.
    let (_sb, v, c) = big_company();
    let env = with(&moto.env(), &[("VERN_MULTIPART_THRESHOLD", "5MiB")]);
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            "s3://drop/big",
            "--format",
            "xml",
            "--sheet",
            "Contacts",
            "--json",
        ],
        &env,
    );
    r.expect(0);
    let doc = r.json();
    let listing = moto.objects("drop", "big/");
    check_manifest(&listing, |n| moto.get("drop", &format!("big/{n}")).unwrap());
    let (key, size) = listing.iter().find(|(k, _)| k.ends_with(".xml")).unwrap();
    let parts = size.div_ceil(5 << 20);
    assert!(parts >= 2, "{size} bytes");
    let etag = &moto.head("drop", key).unwrap()["etag"];
    assert!(
        etag.ends_with(&format!("-{parts}\"")),
        "{etag}: {parts} parts"
    );
    let clean = std::fs::read_to_string(example("contacts-clean.csv")).unwrap();
    assert_eq!(doc["record_count"], 12 * (clean.lines().count() as u64 - 1));
    assert_eq!(moto.rclone_cat("drop", key).len() as u64, *size);
    assert!(moto.uploads("drop").is_empty());
}

#[test]
fn s3_credentials_buckets_and_endpoints_that_do_not_work() {
    let Some(moto) = Moto::with_auth() else {
        return;
    };
    let (_sb, v, c, _) = delivered_company();
    let to = ["--to", "s3://authbkt/in"];
    let (key, secret) = moto.keys.clone().unwrap();

    // No credentials at all: exit 3 naming the variables, and no request to any metadata service.
    let none: Vec<(String, String)> = moto
        .env()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET"))
        .collect();
    let r = deliver(&v, &c, &to, &with(&none, &[("AWS_PROFILE", "prod")]));
    r.expect(3);
    assert!(
        r.stderr
            .contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("AWS_PROFILE=prod is set, but vern reads no ~/.aws profiles"),
        "{}",
        r.stderr
    );

    // A wrong secret: the store's refusal, exit 3, the secret nowhere.
    let wrong = with(
        &moto.env(),
        &[("AWS_SECRET_ACCESS_KEY", "wrong-secret-0123456789")],
    );
    let r = deliver(&v, &c, &to, &wrong);
    r.expect(3);
    assert!(r.stderr.contains("refused the credentials"), "{}", r.stderr);
    assert!(
        r.stderr.contains("SignatureDoesNotMatch") || r.stderr.contains("(403)"),
        "{}",
        r.stderr
    );
    r.assert_no("wrong-secret-0123456789");
    r.assert_no(&secret);
    // An unknown key.
    let r = deliver(
        &v,
        &c,
        &to,
        &with(&moto.env(), &[("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNUNKNOWN")]),
    );
    r.expect(3);

    // The right key: delivered.
    let r = deliver(&v, &c, &to, &moto.env());
    r.expect(0);
    r.assert_no(&secret);
    assert_eq!(moto.rclone_ls("authbkt").len(), 3);
    assert!(!key.is_empty());

    // A bucket that is not there: exit 1, named.
    let r = deliver(&v, &c, &["--to", "s3://nobucket/in", "--new"], &moto.env());
    r.expect(1);
    assert!(
        r.stderr.contains("the bucket 'nobucket' does not exist"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: create the bucket first"),
        "{}",
        r.stderr
    );

    // Nothing listening: exit 1, quickly.
    let dead = format!("http://127.0.0.1:{}", free_port());
    let t = std::time::Instant::now();
    let r = deliver(
        &v,
        &c,
        &["--to", "s3://authbkt/dead", "--new"],
        &with(&moto.env(), &[("AWS_ENDPOINT_URL", &dead)]),
    );
    r.expect(1);
    assert!(r.stderr.contains("refused the connection"), "{}", r.stderr);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        t.elapsed()
    );

    // Plain http off loopback is refused before any request (the variable is wrong: exit 2).
    let r = deliver(
        &v,
        &c,
        &["--to", "s3://authbkt/lan", "--new"],
        &with(
            &moto.env(),
            &[("AWS_ENDPOINT_URL", "http://minio.lan:9000")],
        ),
    );
    r.expect(2);
    assert!(
        r.stderr.contains("plain http only to loopback"),
        "{}",
        r.stderr
    );
}

#[test]
fn azure_every_file_whole_blocks_committed_conditionally_and_kills_leave_nothing() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    azurite.create_container("drop");
    let (sb, v, c, company) = delivered_company();
    let api = Api::new(&sb);
    let date = today();
    // 64 KiB blocks: every data file is a block list.
    let env = with(&azurite.env(), &[("VERN_MULTIPART_THRESHOLD", "64KiB")]);
    let r = deliver(&v, &c, &["--to", "az://drop/in", "--gzip", "--json"], &env);
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["destination_type"], "azure-blob");
    let listing = azurite.blobs("drop", "in/");
    assert_eq!(listing.len(), 3, "{listing:?}");
    assert_eq!(azurite.rclone_ls("drop"), listing);
    check_manifest(&listing, |n| {
        azurite.get("drop", &format!("in/{n}")).unwrap()
    });
    let key = format!("in/contacts-{date}.csv.gz");
    let h = azurite.head("drop", &key).unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert_eq!(h["content-encoding"], "gzip");
    let served = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "valid");
    assert_eq!(
        gunzip(&azurite.get("drop", &key).unwrap()),
        served.as_bytes()
    );
    // rclone reads it too (and gunzips it, as the encoding says)
    assert_eq!(azurite.rclone_cat("drop", &key), served.as_bytes());

    // Taken names: refused whole (exit 7), untouched.
    let r = deliver(&v, &c, &["--to", "az://drop/in", "--gzip", "--new"], &env);
    r.expect(7);
    assert_eq!(azurite.blobs("drop", "in/"), listing);

    // A kill before the commit: nothing visible; the re-run delivers each file once.
    let killed = deliver(
        &v,
        &c,
        &["--to", "az://drop/k"],
        &with(&env, &[("VERN_CRASH_AT", "deliver:committing")]),
    );
    assert_eq!(killed.code, -1, "SIGKILL: {}", killed.stderr);
    assert!(
        azurite.blobs("drop", "k/").is_empty(),
        "uncommitted blocks are invisible"
    );
    let r = deliver(&v, &c, &["--to", "az://drop/k"], &env);
    r.expect(0);
    let k = azurite.blobs("drop", "k/");
    assert_eq!(k.len(), 3, "{k:?}");
    check_manifest(&k, |n| azurite.get("drop", &format!("k/{n}")).unwrap());

    // --if-exists skip leaves a foreign blob, overwrite replaces it.
    azurite.rclone_put("drop", &key, b"foreign", "text/plain");
    deliver(
        &v,
        &c,
        &[
            "--to",
            "az://drop/in",
            "--gzip",
            "--new",
            "--if-exists",
            "skip",
        ],
        &env,
    )
    .expect(0);
    assert_eq!(azurite.get("drop", &key).unwrap(), b"foreign");
    deliver(
        &v,
        &c,
        &[
            "--to",
            "az://drop/in",
            "--gzip",
            "--new",
            "--if-exists",
            "overwrite",
        ],
        &env,
    )
    .expect(0);
    assert_eq!(
        gunzip(&azurite.get("drop", &key).unwrap()),
        served.as_bytes()
    );
    assert_eq!(
        azurite.head("drop", &key).unwrap()["content-encoding"],
        "gzip"
    );

    // A SAS token instead of the key.
    let sas = azurite.account_sas();
    let sas_env = vec![
        (
            "AZURE_STORAGE_ACCOUNT_NAME".to_string(),
            "devstoreaccount1".to_string(),
        ),
        ("AZURE_STORAGE_SAS_TOKEN".into(), sas.clone()),
        ("AZURE_STORAGE_ENDPOINT".into(), azurite.endpoint()),
        ("VERN_MULTIPART_THRESHOLD".into(), "64KiB".into()),
    ];
    let r = deliver(
        &v,
        &c,
        &["--to", "az://drop/sas", "--format", "xml"],
        &sas_env,
    );
    r.expect(0);
    let sig = sas.split("sig=").nth(1).unwrap();
    r.assert_no(sig);
    let s = azurite.blobs("drop", "sas/");
    assert_eq!(s.len(), 3, "{s:?}");
    check_manifest(&s, |n| azurite.get("drop", &format!("sas/{n}")).unwrap());
}

#[test]
fn azure_credentials_containers_and_endpoints_that_do_not_work() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    azurite.create_container("drop");
    let (_sb, v, c, _) = delivered_company();
    let r = deliver(&v, &c, &["--to", "az://drop/in"], &[]);
    r.expect(3);
    assert!(
        r.stderr.contains("AZURE_STORAGE_ACCOUNT_NAME is not set"),
        "{}",
        r.stderr
    );

    let bad_key = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=";
    let env = with(&azurite.env(), &[("AZURE_STORAGE_ACCOUNT_KEY", bad_key)]);
    let r = deliver(&v, &c, &["--to", "az://drop/in"], &env);
    r.expect(3);
    assert!(r.stderr.contains("refused the credentials"), "{}", r.stderr);
    r.assert_no(bad_key);

    let sas = azurite.account_sas();
    let forged = sas.replace("sig=", "sig=AAAA");
    let env = vec![
        (
            "AZURE_STORAGE_ACCOUNT_NAME".to_string(),
            "devstoreaccount1".to_string(),
        ),
        ("AZURE_STORAGE_SAS_TOKEN".into(), forged.clone()),
        ("AZURE_STORAGE_ENDPOINT".into(), azurite.endpoint()),
    ];
    let r = deliver(&v, &c, &["--to", "az://drop/in"], &env);
    r.expect(3);
    r.assert_no(forged.split("sig=").nth(1).unwrap());

    let r = deliver(&v, &c, &["--to", "az://nocontainer/in"], &azurite.env());
    r.expect(1);
    assert!(
        r.stderr
            .contains("the container 'nocontainer' does not exist"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: create the container first"),
        "{}",
        r.stderr
    );

    let dead = with(
        &azurite.env(),
        &[(
            "AZURITE_BLOB_STORAGE_URL",
            &format!("http://127.0.0.1:{}", free_port()),
        )],
    );
    let r = deliver(&v, &c, &["--to", "az://drop/in"], &dead);
    r.expect(1);
    assert!(r.stderr.contains("refused the connection"), "{}", r.stderr);
    assert!(azurite.blobs("drop", "").is_empty(), "{}", azurite.log());
}

/// The checkpoints of a two-sheet delivery (see `deliver::CHECKPOINTS` for the directory).
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

/// SIGKILL at every checkpoint, then the same command: each object once, the manifest's hashes
/// those of the stored bytes, and (S3) no multipart upload left open.
fn kill_everywhere(
    env: &[(String, String)],
    to: &dyn Fn(usize) -> String,
    objects: &dyn Fn(usize) -> Vec<(String, u64)>,
    get: &dyn Fn(usize, &str) -> Vec<u8>,
    open_uploads: &dyn Fn() -> usize,
) {
    let (_sb, v, c, _) = delivered_company();
    let mut failures = Vec::new();
    for (i, cp) in CHECKPOINTS.iter().enumerate() {
        let dest = to(i);
        let args = [
            "--to",
            dest.as_str(),
            "--format",
            "jsonl",
            "--gzip",
            "--json",
        ];
        let killed = deliver(&v, &c, &args, &with(env, &[("VERN_CRASH_AT", cp)]));
        if killed.code != -1 {
            failures.push(format!(
                "{cp}: expected SIGKILL, got {}: {}",
                killed.code, killed.stderr
            ));
            continue;
        }
        let done = deliver(&v, &c, &args, env);
        if done.code != 0 {
            failures.push(format!("{cp}: re-run exit {}: {}", done.code, done.stderr));
            continue;
        }
        let listing = objects(i);
        if listing.len() != 3 {
            failures.push(format!("{cp}: {listing:?}"));
            continue;
        }
        let m = check_manifest(&listing, |n| get(i, n));
        let rows: u64 = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rows"].as_u64().unwrap())
            .sum();
        if rows != 4500 || done.json()["record_count"] != 4500 {
            failures.push(format!("{cp}: {rows} rows"));
        }
        if open_uploads() != 0 {
            failures.push(format!(
                "{cp}: {} multipart uploads left open",
                open_uploads()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn s3_sigkill_at_every_checkpoint_then_each_object_once_and_no_upload_open() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("kills");
    // Multipart for the data files, so a kill can leave an upload open.
    let env = with(&moto.env(), &[("VERN_MULTIPART_THRESHOLD", "64KiB")]);
    kill_everywhere(
        &env,
        &|i| format!("s3://kills/k{i}"),
        &|i| moto.objects("kills", &format!("k{i}/")),
        &|i, n| moto.get("kills", &format!("k{i}/{n}")).unwrap(),
        &|| moto.uploads("kills").len(),
    );
}

#[test]
fn azure_sigkill_at_every_checkpoint_then_each_blob_once() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    azurite.create_container("kills");
    let env = with(&azurite.env(), &[("VERN_MULTIPART_THRESHOLD", "64KiB")]);
    kill_everywhere(
        &env,
        &|i| format!("az://kills/k{i}"),
        &|i| azurite.blobs("kills", &format!("k{i}/")),
        &|i, n| azurite.get("kills", &format!("k{i}/{n}")).unwrap(),
        &|| 0,
    );
}

#[test]
fn a_plan_against_s3_and_azure_predicts_the_run_and_writes_nothing() {
    let (Some(moto), Some(azurite)) = (Moto::start(), Azurite::start()) else {
        return;
    };
    moto.create_bucket("plans");
    azurite.create_container("plans");
    let (_sb, v, c, _) = delivered_company();
    for (to, env, objects) in [
        (
            "s3://plans/p",
            with(&moto.env(), &[("VERN_MULTIPART_THRESHOLD", "64KiB")]),
            Box::new(|| moto.objects("plans", "p/")) as Box<dyn Fn() -> Vec<(String, u64)>>,
        ),
        (
            "az://plans/p",
            azurite.env(),
            Box::new(|| azurite.blobs("plans", "p/")) as Box<dyn Fn() -> Vec<(String, u64)>>,
        ),
    ] {
        let args = ["--to", to, "--format", "jsonl", "--gzip", "--mode", "delta"];
        let p = deliver(&v, &c, &[&args[..], &["--plan", "--json"]].concat(), &env);
        p.expect(0);
        let plan = p.json();
        assert!(objects().is_empty(), "{to}: the plan wrote nothing");
        assert_eq!(moto.uploads("plans").len(), 0);
        let r = deliver(&v, &c, &[&args[..], &["--json"]].concat(), &env);
        r.expect(0);
        let run = r.json();
        assert_eq!(plan["total"]["bytes"], run["file_size"], "{to}");
        assert_eq!(plan["total"]["to_send"], run["record_count"], "{to}");
        let data: Vec<(String, u64)> = objects()
            .into_iter()
            .filter(|(k, _)| !k.contains("vern-manifest-"))
            .collect();
        assert_eq!(plan["total"]["files"], data.len() as u64, "{to}");
        let stored: u64 = data.iter().map(|(_, n)| n).sum();
        assert_eq!(plan["total"]["bytes"], stored, "{to}: the stored bytes");
    }
}

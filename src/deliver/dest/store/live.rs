//! TEMPORARY: the stores against real moto and Azurite (deleted before the final commit; the
//! real-binary tests in tests/cli take over once `vern deliver` exists).

#![allow(clippy::print_stderr)]
#[allow(dead_code)]
#[path = "../../../../tests/cli/servers.rs"]
mod servers;

use super::super::{DestError, Destination, FileMeta, IfExists, Pending, Tuning, Wrote};
use super::Store;
use bytes::Bytes;
use servers::{Azurite, Moto};
use std::collections::HashMap;

const CSV: FileMeta = FileMeta {
    content_type: "text/csv",
    content_encoding: None,
};
const GZ: FileMeta = FileMeta {
    content_type: "text/csv",
    content_encoding: Some("gzip"),
};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn lookup(vars: Vec<(String, String)>) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars.into_iter().collect();
    move |k: &str| map.get(k).cloned()
}

fn s3(
    vars: Vec<(String, String)>,
    bucket: &str,
    prefix: &str,
    threshold: usize,
) -> Result<Destination, DestError> {
    let t = Tuning {
        multipart_threshold: threshold,
        ..Tuning::default()
    };
    Store::s3(bucket, prefix, &t, &lookup(vars)).map(Destination::Store)
}

fn az(
    vars: Vec<(String, String)>,
    ctr: &str,
    prefix: &str,
    threshold: usize,
) -> Result<Destination, DestError> {
    let t = Tuning {
        multipart_threshold: threshold,
        ..Tuning::default()
    };
    Store::azure(ctr, prefix, &t, &lookup(vars)).map(Destination::Store)
}

fn data(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// Write `bytes` in 64 KiB chunks; the traces `write` reported.
async fn put(
    d: &Destination,
    name: &str,
    meta: FileMeta,
    run: &str,
    bytes: &[u8],
    mode: IfExists,
) -> (Vec<Pending>, Result<(), DestError>) {
    let mut w = d.begin(name, meta, run).await.unwrap();
    let mut traces = Vec::new();
    for c in bytes.chunks(64 << 10) {
        match w.write(Bytes::copy_from_slice(c)).await {
            Ok(Wrote::Same) => {}
            Ok(Wrote::NewTrace(p)) => traces.push(p),
            Err(e) => return (traces, Err(e)),
        }
    }
    (traces, w.commit(mode).await)
}

#[test]
fn s3_single_multipart_conditional_overwrite_abort() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("bkt");
    let rt = rt();
    let d = s3(moto.env(), "bkt", "pre/x", 1 << 10).unwrap();
    assert_eq!(d.location("a.csv"), "s3://bkt/pre/x/a.csv");

    // single PUT
    let (traces, r) = rt.block_on(put(&d, "a.csv", CSV, "run1", b"a,b\n1,2\n", IfExists::Fail));
    r.unwrap();
    assert!(traces.is_empty());
    assert_eq!(
        moto.objects("bkt", "pre/"),
        vec![("pre/x/a.csv".to_string(), 8)]
    );
    assert_eq!(moto.get("bkt", "pre/x/a.csv").unwrap(), b"a,b\n1,2\n");
    let h = moto.head("bkt", "pre/x/a.csv").unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert!(!h.contains_key("content-encoding"));
    assert_eq!(h["x-amz-meta-vern-run"], "run1");
    assert_eq!(rt.block_on(d.size("a.csv")).unwrap(), Some(8));
    assert_eq!(rt.block_on(d.size("none.csv")).unwrap(), None);
    assert_eq!(moto.rclone_ls("bkt"), vec![("pre/x/a.csv".to_string(), 8)]);

    // gzip
    rt.block_on(put(
        &d,
        "a.csv.gz",
        GZ,
        "run1",
        b"\x1f\x8bzz",
        IfExists::Fail,
    ))
    .1
    .unwrap();
    assert_eq!(
        moto.head("bkt", "pre/x/a.csv.gz").unwrap()["content-encoding"],
        "gzip"
    );

    // an existing name is never replaced (single PUT, If-None-Match)
    let e = rt
        .block_on(put(&d, "a.csv", CSV, "run2", b"other\n", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Exists(_)), "{e}");
    assert_eq!(e.to_string(), "s3://bkt/pre/x/a.csv already exists");
    assert_eq!(moto.get("bkt", "pre/x/a.csv").unwrap(), b"a,b\n1,2\n");
    // ... unless it is this run's own (a commit resent after a lost answer)
    rt.block_on(put(&d, "a.csv", CSV, "run1", b"a,b\n1,2\n", IfExists::Skip))
        .1
        .unwrap();

    // multipart: 12 MiB + 5 bytes in 5 MiB parts, the upload id reported before any part
    let big = data((12 << 20) + 5, 1);
    let mut w = rt.block_on(d.begin("big.csv", CSV, "run1")).unwrap();
    assert_eq!(w.pending(), Pending::Nothing);
    let mut id = None;
    for c in big.chunks(64 << 10) {
        match rt.block_on(w.write(Bytes::copy_from_slice(c))).unwrap() {
            Wrote::Same => {}
            Wrote::NewTrace(Pending::Multipart { upload_id }) => {
                assert!(id.is_none());
                let open = moto.uploads("bkt");
                assert_eq!(open, vec![("pre/x/big.csv".to_string(), upload_id.clone())]);
                assert_eq!(
                    w.pending(),
                    Pending::Multipart {
                        upload_id: upload_id.clone()
                    }
                );
                id = Some(upload_id);
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(id.is_some());
    assert_eq!(
        rt.block_on(d.size("big.csv")).unwrap(),
        None,
        "not visible before the commit"
    );
    rt.block_on(w.commit(IfExists::Fail)).unwrap();
    assert_eq!(moto.get("bkt", "pre/x/big.csv").unwrap(), big);
    assert_eq!(moto.rclone_cat("bkt", "pre/x/big.csv"), big);
    let h = moto.head("bkt", "pre/x/big.csv").unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert_eq!(h["x-amz-meta-vern-run"], "run1");
    assert!(h["etag"].ends_with("-3\""), "{h:?}");
    assert!(moto.uploads("bkt").is_empty());

    // multipart onto an existing name: refused, the upload aborted, the object untouched
    let other = data((6 << 20) + 1, 2);
    let (traces, r) = rt.block_on(put(&d, "big.csv", GZ, "run2", &other, IfExists::Fail));
    assert_eq!(traces.len(), 1);
    assert!(matches!(r, Err(DestError::Exists(_))), "{r:?}");
    assert_eq!(moto.get("bkt", "pre/x/big.csv").unwrap(), big);
    assert!(moto.uploads("bkt").is_empty(), "{:?}", moto.uploads("bkt"));
    // the same run's own: fine
    let (_, r) = rt.block_on(put(&d, "big.csv", CSV, "run1", &other, IfExists::Fail));
    r.unwrap();
    assert_eq!(moto.get("bkt", "pre/x/big.csv").unwrap(), big);
    assert!(moto.uploads("bkt").is_empty(), "{:?}", moto.uploads("bkt"));

    // overwrite: single and multipart
    rt.block_on(put(&d, "a.csv", CSV, "run3", b"new\n", IfExists::Overwrite))
        .1
        .unwrap();
    assert_eq!(moto.get("bkt", "pre/x/a.csv").unwrap(), b"new\n");
    rt.block_on(put(&d, "big.csv", GZ, "run3", &other, IfExists::Overwrite))
        .1
        .unwrap();
    assert_eq!(moto.get("bkt", "pre/x/big.csv").unwrap(), other);
    assert_eq!(
        moto.head("bkt", "pre/x/big.csv").unwrap()["content-encoding"],
        "gzip"
    );

    // an abandoned multipart (vern killed): clean() aborts it; abort() too
    let mut w = rt.block_on(d.begin("dead.csv", CSV, "run4")).unwrap();
    let mut pending = Pending::Nothing;
    for c in big.chunks(1 << 20) {
        if let Wrote::NewTrace(p) = rt.block_on(w.write(Bytes::copy_from_slice(c))).unwrap() {
            pending = p;
        }
    }
    std::mem::forget(w);
    assert_eq!(moto.uploads("bkt").len(), 1);
    rt.block_on(d.clean("dead.csv", &pending)).unwrap();
    assert!(moto.uploads("bkt").is_empty());
    rt.block_on(d.clean("dead.csv", &pending)).unwrap(); // already gone: fine
    let mut w = rt.block_on(d.begin("dead.csv", CSV, "run4")).unwrap();
    for c in big.chunks(1 << 20) {
        let _ = rt.block_on(w.write(Bytes::copy_from_slice(c))).unwrap();
    }
    assert_eq!(moto.uploads("bkt").len(), 1);
    rt.block_on(w.abort());
    assert!(moto.uploads("bkt").is_empty());
    assert_eq!(rt.block_on(d.size("dead.csv")).unwrap(), None);

    // a missing bucket, single and multipart
    let d2 = s3(moto.env(), "nobkt", "", 1 << 10).unwrap();
    let e = rt
        .block_on(put(&d2, "a.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Missing(_)), "{e}");
    eprintln!("missing: {e}");
    let e = rt
        .block_on(put(&d2, "a.csv", CSV, "r", &other, IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Missing(_)), "{e}");
    eprintln!("missing (multipart): {e}");
}

#[test]
fn s3_wrong_credentials_and_a_refused_port() {
    let Some(moto) = Moto::with_auth() else {
        return;
    };
    let rt = rt();
    let good = s3(moto.env(), "authbkt", "", 1 << 10).unwrap();
    rt.block_on(put(&good, "a.csv", CSV, "r", b"x\n", IfExists::Fail))
        .1
        .unwrap();
    assert_eq!(rt.block_on(good.size("a.csv")).unwrap(), Some(2));
    let mut env = moto.env();
    for (k, v) in env.iter_mut() {
        if k == "AWS_SECRET_ACCESS_KEY" {
            *v = "wrong-secret-key".into();
        }
    }
    let bad = s3(env.clone(), "authbkt", "", 1 << 10).unwrap();
    let e = rt
        .block_on(put(&bad, "b.csv", CSV, "r", b"x\n", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    assert!(!e.to_string().contains("wrong-secret-key"), "{e}");
    eprintln!("auth: {e}");
    let e = rt.block_on(bad.size("a.csv")).unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    eprintln!("auth (HEAD): {e}");
    for (k, v) in env.iter_mut() {
        if k == "AWS_ACCESS_KEY_ID" {
            *v = "AKIAUNKNOWN".into();
        }
    }
    let bad = s3(env, "authbkt", "", 1 << 10).unwrap();
    let e = rt
        .block_on(put(&bad, "b.csv", CSV, "r", b"x\n", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    eprintln!("auth (unknown key): {e}");

    let port = servers::free_port();
    let mut env = moto.env();
    for (k, v) in env.iter_mut() {
        if k == "AWS_ENDPOINT_URL" {
            *v = format!("http://127.0.0.1:{port}");
        }
    }
    let dead = s3(env, "authbkt", "", 1 << 10).unwrap();
    let t = std::time::Instant::now();
    let e = rt
        .block_on(put(&dead, "a.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Unreachable(_)), "{e}");
    eprintln!("unreachable after {:?}: {e}", t.elapsed());
}

#[test]
fn azure_single_multipart_conditional_overwrite_and_errors() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    azurite.create_container("ctr");
    let rt = rt();
    let d = az(azurite.env(), "ctr", "pre", 256 << 10).unwrap();
    assert_eq!(d.location("a.csv"), "az://ctr/pre/a.csv");
    let (traces, r) = rt.block_on(put(&d, "a.csv", CSV, "run1", b"a,b\n1,2\n", IfExists::Fail));
    r.unwrap();
    assert!(traces.is_empty());
    assert_eq!(azurite.blobs("ctr", ""), vec![("pre/a.csv".to_string(), 8)]);
    let h = azurite.head("ctr", "pre/a.csv").unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert_eq!(h["x-ms-meta-vern_run"], "run1");
    assert_eq!(rt.block_on(d.size("a.csv")).unwrap(), Some(8));
    assert_eq!(rt.block_on(d.size("b.csv")).unwrap(), None);
    assert_eq!(azurite.rclone_ls("ctr"), vec![("pre/a.csv".to_string(), 8)]);

    let e = rt
        .block_on(put(&d, "a.csv", CSV, "run2", b"zz", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Exists(_)), "{e}");
    assert_eq!(azurite.get("ctr", "pre/a.csv").unwrap(), b"a,b\n1,2\n");

    // block list: 2 MiB + 3 in 256 KiB blocks, no trace on Azure
    let big = data((2 << 20) + 3, 3);
    let (traces, r) = rt.block_on(put(&d, "big.csv.gz", GZ, "run1", &big, IfExists::Fail));
    r.unwrap();
    assert!(traces.is_empty());
    assert_eq!(azurite.get("ctr", "pre/big.csv.gz").unwrap(), big);
    // (rclone would gunzip a gzip-encoded blob: read an identity one through it instead)
    let h = azurite.head("ctr", "pre/big.csv.gz").unwrap();
    assert_eq!(h["content-type"], "text/csv");
    assert_eq!(h["content-encoding"], "gzip");
    assert_eq!(h["x-ms-meta-vern_run"], "run1");

    let other = data((1 << 20) + 7, 4);
    let e = rt
        .block_on(put(&d, "big.csv.gz", CSV, "run2", &other, IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Exists(_)), "{e}");
    assert_eq!(azurite.get("ctr", "pre/big.csv.gz").unwrap(), big);
    rt.block_on(put(&d, "big.csv.gz", CSV, "run1", &other, IfExists::Fail))
        .1
        .unwrap();
    assert_eq!(azurite.get("ctr", "pre/big.csv.gz").unwrap(), big);
    rt.block_on(put(
        &d,
        "big.csv.gz",
        CSV,
        "run2",
        &other,
        IfExists::Overwrite,
    ))
    .1
    .unwrap();
    assert_eq!(azurite.get("ctr", "pre/big.csv.gz").unwrap(), other);
    let h = azurite.head("ctr", "pre/big.csv.gz").unwrap();
    assert!(!h.contains_key("content-encoding"), "{h:?}");
    rt.block_on(put(&d, "a.csv", CSV, "run2", b"new", IfExists::Overwrite))
        .1
        .unwrap();
    assert_eq!(azurite.get("ctr", "pre/a.csv").unwrap(), b"new");
    assert_eq!(azurite.rclone_cat("ctr", "pre/big.csv.gz"), other);

    // an abandoned block list leaves nothing visible
    let mut w = rt.block_on(d.begin("dead.csv", CSV, "r")).unwrap();
    for c in big.chunks(1 << 20) {
        assert_eq!(
            rt.block_on(w.write(Bytes::copy_from_slice(c))).unwrap(),
            Wrote::Same
        );
    }
    assert_eq!(w.pending(), Pending::Nothing);
    rt.block_on(w.abort());
    assert_eq!(rt.block_on(d.size("dead.csv")).unwrap(), None);

    // SAS token instead of the key, single and block list
    let sas = azurite.account_sas();
    let env = vec![
        (
            "AZURE_STORAGE_ACCOUNT_NAME".to_string(),
            "devstoreaccount1".to_string(),
        ),
        ("AZURE_STORAGE_SAS_TOKEN".into(), sas.clone()),
        ("AZURE_STORAGE_ENDPOINT".into(), azurite.endpoint()),
    ];
    let ds = az(env, "ctr", "sas", 256 << 10).unwrap();
    rt.block_on(put(&ds, "s.csv", CSV, "r", b"sas\n", IfExists::Fail))
        .1
        .unwrap();
    rt.block_on(put(&ds, "s-big.csv", GZ, "r", &big, IfExists::Fail))
        .1
        .unwrap();
    assert_eq!(azurite.get("ctr", "sas/s-big.csv").unwrap(), big);
    assert_eq!(
        azurite.head("ctr", "sas/s-big.csv").unwrap()["content-encoding"],
        "gzip"
    );
    let e = rt
        .block_on(put(&ds, "s-big.csv", GZ, "r2", &big, IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Exists(_)), "{e}");

    // a wrong key
    let mut env = azurite.env();
    env.push((
        "AZURE_STORAGE_ACCOUNT_KEY".into(),
        "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZw==".into(),
    ));
    let bad = az(env, "ctr", "", 256 << 10).unwrap();
    let e = rt
        .block_on(put(&bad, "b.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    eprintln!("auth: {e}");
    let e = rt
        .block_on(put(&bad, "b.csv", CSV, "r", &big, IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    eprintln!("auth (blocks): {e}");
    // a wrong SAS
    let env = vec![
        (
            "AZURE_STORAGE_ACCOUNT_NAME".to_string(),
            "devstoreaccount1".to_string(),
        ),
        (
            "AZURE_STORAGE_SAS_TOKEN".into(),
            sas.replace("sig=", "sig=AAAA"),
        ),
        ("AZURE_STORAGE_ENDPOINT".into(), azurite.endpoint()),
    ];
    let bad = az(env, "ctr", "", 256 << 10).unwrap();
    let e = rt
        .block_on(put(&bad, "b.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Auth(_)), "{e}");
    assert!(!e.to_string().contains("sig="), "{e}");
    eprintln!("auth (sas): {e}");

    // a missing container
    let d2 = az(azurite.env(), "nope", "", 256 << 10).unwrap();
    let e = rt
        .block_on(put(&d2, "a.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Missing(_)), "{e}");
    eprintln!("missing: {e}");
    let e = rt
        .block_on(put(&d2, "a.csv", CSV, "r", &big, IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Missing(_)), "{e}");
    eprintln!("missing (blocks): {e}");

    // a refused port
    let port = servers::free_port();
    let env = vec![
        ("AZURE_STORAGE_USE_EMULATOR".to_string(), "true".to_string()),
        (
            "AZURITE_BLOB_STORAGE_URL".into(),
            format!("http://127.0.0.1:{port}"),
        ),
    ];
    let dead = az(env, "ctr", "", 256 << 10).unwrap();
    let e = rt
        .block_on(put(&dead, "a.csv", CSV, "r", b"x", IfExists::Fail))
        .1
        .unwrap_err();
    assert!(matches!(e, DestError::Unreachable(_)), "{e}");
    eprintln!("unreachable: {e}");
}

//! Delivery to object stores, against real servers: moto (S3) and Azurite (Azure Blob), read back
//! through their own HTTP APIs and rclone, never through vern's code.
//!
//! For now this checks the harness itself — that CI installed the servers and that the read-back
//! helpers see what an independent client (rclone) wrote — so the delivery tests can trust them.

use crate::servers::{Azurite, Moto};

#[test]
fn moto_reads_back_what_rclone_wrote() {
    let Some(moto) = Moto::start() else { return };
    moto.create_bucket("bkt");
    assert!(moto.objects("bkt", "").is_empty());
    moto.rclone_put("bkt", "in/a.csv", b"a,b\n1,2\n", "text/csv");
    assert_eq!(
        moto.objects("bkt", "in/"),
        vec![("in/a.csv".to_string(), 8)]
    );
    assert_eq!(moto.rclone_ls("bkt"), vec![("in/a.csv".to_string(), 8)]);
    assert_eq!(moto.get("bkt", "in/a.csv").unwrap(), b"a,b\n1,2\n");
    assert_eq!(moto.rclone_cat("bkt", "in/a.csv"), b"a,b\n1,2\n");
    assert_eq!(
        moto.head("bkt", "in/a.csv").unwrap()["content-type"],
        "text/csv"
    );
    assert!(moto.head("bkt", "in/none.csv").is_none());
    assert!(moto.uploads("bkt").is_empty(), "{}", moto.log());
}

#[test]
fn moto_with_auth_accepts_only_its_key() {
    let Some(moto) = Moto::with_auth() else {
        return;
    };
    let (key, secret) = moto.keys.clone().unwrap();
    assert!(key.len() >= 16 && !secret.is_empty());
    moto.rclone_put("authbkt", "a.csv", b"x\n", "text/csv");
    assert_eq!(moto.rclone_ls("authbkt"), vec![("a.csv".to_string(), 2)]);
    let env = moto.env();
    assert!(env.contains(&("AWS_ACCESS_KEY_ID".to_string(), key)));
}

#[test]
fn azurite_reads_back_what_rclone_wrote() {
    let Some(azurite) = Azurite::start() else {
        return;
    };
    azurite.create_container("ctr");
    assert!(azurite.blobs("ctr", "").is_empty());
    azurite.rclone_put("ctr", "in/a.csv", b"a,b\n1,2\n", "text/csv");
    assert_eq!(
        azurite.blobs("ctr", "in/"),
        vec![("in/a.csv".to_string(), 8)]
    );
    assert_eq!(azurite.rclone_ls("ctr"), vec![("in/a.csv".to_string(), 8)]);
    assert_eq!(azurite.get("ctr", "in/a.csv").unwrap(), b"a,b\n1,2\n");
    assert_eq!(azurite.rclone_cat("ctr", "in/a.csv"), b"a,b\n1,2\n");
    // (rclone adds a charset for Azure)
    assert!(azurite.head("ctr", "in/a.csv").unwrap()["content-type"].starts_with("text/csv"));
    assert!(azurite.head("ctr", "in/none.csv").is_none());
    // the account SAS it signs is one Azurite accepts
    let sas = azurite.account_sas();
    let r = reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .put(format!("{}/ctr/sas.txt?{sas}", azurite.endpoint()))
        .header("x-ms-blob-type", "BlockBlob")
        .body("sas")
        .send()
        .unwrap();
    assert_eq!(r.status(), 201, "{}", azurite.log());
    assert_eq!(azurite.get("ctr", "sas.txt").unwrap(), b"sas");
    assert!(!azurite.env().is_empty() && !azurite.rclone_env().is_empty());
}

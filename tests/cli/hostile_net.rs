//! A hostile network: servers that accept and never answer, trickle headers or a body, or never
//! stop sending; 200 answers that are not the API's; certificates this machine does not trust;
//! proxies in the way; servers that echo the key. Each case ends quickly and in words, is not
//! retried when retrying cannot help, and leaves no secret on the screen or in the journal.

use crate::servers::{Certs, Nginx, Tinyproxy, tool};
use crate::support::*;
use axum::Router;
use axum::routing::{get, post};
use serde_json::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const KEY: &str = "sk_test_hostile_0123456789abcdef";

/// A raw TCP server: `serve` runs for every connection, on a thread of its own.
struct Raw {
    url: String,
    hits: Arc<AtomicUsize>,
}

fn raw(serve: fn(TcpStream)) -> Raw {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || serve(conn));
        }
    });
    Raw { url, hits }
}

/// Read the request head, so the client is waiting for an answer.
fn read_head(s: &mut TcpStream) {
    let mut buf = [0u8; 4096];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

fn never_answers(mut s: TcpStream) {
    read_head(&mut s);
    std::thread::sleep(Duration::from_secs(60));
}

fn headers_forever(mut s: TcpStream) {
    read_head(&mut s);
    let _ = s.write_all(b"HTTP/1.1 200 OK\r\n");
    while s.write_all(b"x-filler: aaaaaaaaaaaaaaaaaaaa\r\n").is_ok() {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn trickled_body(mut s: TcpStream) {
    read_head(&mut s);
    let _ = s.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n",
    );
    while s.write_all(b" ").is_ok() {
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn endless_body(mut s: TcpStream) {
    read_head(&mut s);
    let _ = s.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
    );
    let chunk = format!("10000\r\n{}\r\n", "[".repeat(0x10000));
    while s.write_all(chunk.as_bytes()).is_ok() {}
}

/// `vern` against `url` with the test key, a private state dir and fast backoff.
fn vern_at(url: &str, state: &std::path::Path) -> std::process::Command {
    let mut c = bare();
    c.env("VERN_API_URL", url)
        .env("VERN_API_KEY", KEY)
        .env("VERN_STATE_DIR", state)
        .env("VERN_TIME_SCALE", "50");
    c
}

fn timed(c: &mut std::process::Command) -> (Run, Duration) {
    let t = Instant::now();
    let r = Run::from(c.output().expect("vern runs"));
    (r, t.elapsed())
}

#[test]
fn a_server_that_never_answers_is_bounded_by_timeouts_and_the_retries_are_said() {
    let state = tempfile::tempdir().unwrap();
    let server = raw(never_answers);
    // --timeout bounds the whole command, retries included.
    let (r, took) =
        timed(vern_at(&server.url, state.path()).args(["sources", "list", "--timeout", "2s"]));
    r.expect(124);
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(r.stderr.contains("--timeout ran out"), "{}", r.stderr);
    // Without it, the idle timeout ends each attempt, and the retries are said once.
    let (r, took) = timed(
        vern_at(&server.url, state.path())
            .env("VERN_IDLE_TIMEOUT", "300ms")
            .args(["sources", "list"]),
    );
    r.expect(1);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(
        r.stderr.matches("retrying").count(),
        1,
        "one line when retrying starts, not one per attempt:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
}

#[test]
fn headers_or_a_body_that_trickle_forever_end_in_time() {
    let state = tempfile::tempdir().unwrap();
    for server in [raw(headers_forever), raw(trickled_body)] {
        let (r, took) =
            timed(vern_at(&server.url, state.path()).args(["sources", "list", "--timeout", "2s"]));
        r.expect(124);
        assert!(took < Duration::from_secs(8), "took {took:?}");
        let (r, took) = timed(
            vern_at(&server.url, state.path())
                .env("VERN_CALL_TIMEOUT", "500ms")
                .args(["sources", "list"]),
        );
        r.expect(1);
        assert!(took < Duration::from_secs(20), "took {took:?}");
    }
}

#[test]
fn an_endless_200_is_cut_off_and_not_retried() {
    let state = tempfile::tempdir().unwrap();
    let server = raw(endless_body);
    let (r, took) = timed(vern_at(&server.url, state.path()).args(["sources", "list"]));
    r.expect(1);
    assert!(r.stderr.contains("larger than 16 MiB"), "{}", r.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(server.hits.load(Ordering::SeqCst), 1, "not retried");
}

#[test]
fn a_200_that_is_not_the_apis_answer_fails_at_once() {
    let bodies: [(&str, &str); 4] = [
        ("text/html", "<html><body>Please log in</body></html>"),
        ("application/json", "{\"sources\": ["),
        ("application/json", "null"),
        ("application/json", "{\"sources\": 5}"),
    ];
    for (ct, body) in bodies {
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        let stub = Stub::start(Router::new().route(
            "/api/v1/sources",
            get(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                async move { ([("content-type", ct)], body) }
            }),
        ));
        let state = tempfile::tempdir().unwrap();
        let (r, took) = timed(vern_at(&stub.url, state.path()).args(["sources", "list"]));
        r.expect(1);
        assert!(
            r.stderr.contains("unexpected response"),
            "{body}: {}",
            r.stderr
        );
        assert_eq!(hits.load(Ordering::SeqCst), 1, "{body}: no retries");
        assert!(took < Duration::from_secs(5), "{body}: took {took:?}");
    }
}

#[test]
fn certificates_this_machine_does_not_trust_fail_at_once_in_words() {
    if !tool("nginx") || !tool("openssl") {
        return;
    }
    let sb = sandbox();
    let certs = Certs::new();
    let empty = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let trusting = |c: &mut std::process::Command, ca: &std::path::Path| {
        c.env("SSL_CERT_FILE", ca).env("SSL_CERT_DIR", empty.path());
    };
    let good = Nginx::start(
        &certs.path("good.pem"),
        &certs.path("good.key"),
        &sb.api_url,
    );
    let url = format!("https://localhost:{}", good.port);
    let mut c = vern_at(&url, state.path());
    c.env("VERN_API_KEY", &sb.key).args(["sources", "list"]);
    // The system's CAs do not include ours: refused at once, with the way out.
    let (r, took) = timed(&mut c);
    r.expect(1);
    assert!(
        r.stderr
            .contains("signed by an authority this machine does not trust"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("SSL_CERT_FILE"), "{}", r.stderr);
    assert!(!r.stderr.contains("retrying"), "not retried: {}", r.stderr);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(good.requests(), 0);
    // Trusting the CA, the same API works.
    let mut c = vern_at(&url, state.path());
    trusting(&mut c, &certs.path("ca.pem"));
    c.env("VERN_API_KEY", &sb.key).args(["sources", "list"]);
    let (r, _) = timed(&mut c);
    r.expect(0);
    assert!(good.requests() >= 1);
    // A certificate for another name, and a self-signed one.
    let cases = [
        ("wrong-name", "is not valid for the name localhost"),
        ("self", "does not trust"),
    ];
    for (name, words) in cases {
        let n = Nginx::start(
            &certs.path(&format!("{name}.pem")),
            &certs.path(&format!("{name}.key")),
            &sb.api_url,
        );
        let mut c = vern_at(&format!("https://localhost:{}", n.port), state.path());
        trusting(&mut c, &certs.path("ca.pem"));
        c.args(["sources", "list"]);
        let (r, took) = timed(&mut c);
        r.expect(1);
        assert!(r.stderr.contains(words), "{name}: {}", r.stderr);
        assert!(
            !r.stderr.contains("Other(") && !r.stderr.contains("OtherError"),
            "{}",
            r.stderr
        );
        assert!(took < Duration::from_secs(5), "{name}: took {took:?}");
        assert_eq!(n.requests(), 0);
    }
}

#[test]
fn a_server_that_echoes_the_key_never_gets_it_shown_or_journaled() {
    let echo = |headers: axum::http::HeaderMap| {
        headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let run = "9c4e2a7b-61d0-4f3e-8b95-0a7d3c1e6f24";
    let stub = Stub::start(
        Router::new()
            .route(
                "/api/v1/sources",
                get(move |h: axum::http::HeaderMap| async move {
                    (
                        axum::http::StatusCode::BAD_REQUEST,
                        axum::Json(
                            json!({"error": format!("key {} is not allowed here", echo(h))}),
                        ),
                    )
                }),
            )
            .route(
                "/api/v1/companies/{company}/imports",
                post(move || async move {
                    (
                        axum::http::StatusCode::CREATED,
                        axum::Json(json!({"run_id": run, "status": "queued"})),
                    )
                }),
            )
            .route(
                "/api/v1/companies/{company}/imports/{run}",
                get(move |h: axum::http::HeaderMap| async move {
                    axum::Json(json!({
                        "run_id": run,
                        "status": "failed",
                        "error": format!("rejected the key {}", echo(h)),
                    }))
                }),
            ),
    );
    let state = tempfile::tempdir().unwrap();
    let (r, _) = timed(vern_at(&stub.url, state.path()).args(["sources", "list"]));
    r.expect(1);
    r.assert_no(KEY);
    assert!(r.stderr.contains("[redacted]"), "{}", r.stderr);
    let company = "0e7b3c1a-5d24-4f8b-9a61-c2d8e4f7a310";
    let mut c = vern_at(&stub.url, state.path());
    c.args(["import", "--company", company, "--rows", "-"]);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"[{"Email": "a@b.example"}]"#)
        .unwrap();
    let r = Run::from(child.wait_with_output().unwrap());
    r.expect(4);
    r.assert_no(KEY);
    assert!(
        r.stdout.contains("rejected the key [redacted]"),
        "{}",
        r.stdout
    );
    for entry in std::fs::read_dir(state.path()).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(
            !text.contains(KEY),
            "{} keeps the key",
            entry.path().display()
        );
    }
}

#[test]
fn loopback_never_goes_through_a_proxy_and_errors_name_the_proxy() {
    if !tool("tinyproxy") {
        return;
    }
    let sb = sandbox();
    let v = Vern::new(&sb);
    let proxy = Tinyproxy::start(None);
    let dead = "http://127.0.0.1:9";
    // A live proxy is not used for loopback, and a dead one does not break it.
    for p in [proxy.url.as_str(), dead] {
        let r = v.run_env(
            &["sources", "list"],
            &[("http_proxy", p), ("https_proxy", p), ("all_proxy", p)],
        );
        r.expect(0);
    }
    let (r, took) = timed(
        bare()
            .env("http_proxy", dead)
            .env("HTTPS_PROXY", dead)
            .args(["--sandbox", "sources", "list"]),
    );
    r.expect(0);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
    // Elsewhere the proxy is used, and named when it fails.
    let state = tempfile::tempdir().unwrap();
    let (r, _) = timed(
        vern_at("https://api.vern.invalid", state.path())
            .env("https_proxy", dead)
            .args(["sources", "list"]),
    );
    r.expect(1);
    assert!(
        r.stderr.contains("through the proxy http://127.0.0.1:9"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_proxy_that_wants_credentials_says_so() {
    if !tool("tinyproxy") {
        return;
    }
    let proxy = Tinyproxy::start(Some(("user", "secret")));
    let state = tempfile::tempdir().unwrap();
    let (r, took) = timed(
        vern_at("https://api.vern.invalid", state.path())
            .env("https_proxy", &proxy.url)
            .args(["sources", "list"]),
    );
    r.expect(1);
    assert!(
        r.stderr.contains(&format!(
            "the proxy {} asks for credentials (HTTP 407)",
            proxy.url
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("retrying"), "not retried: {}", r.stderr);
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

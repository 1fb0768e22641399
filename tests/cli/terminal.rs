//! vern on a real pseudo-terminal: the interactive review of `approve` and `migrate --approve
//! ask`, hidden key input for `auth login`, and no prompts when CI is set.

use crate::support::*;
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::process::Command;
use std::time::Duration;

const DOWN: &str = "\x1b[B";

fn pty(v: &Vern, args: &[&str], env: &[(&str, &str)]) -> Session {
    let mut cmd: Command = v.command();
    cmd.args(args).env("TERM", "xterm").env("COLUMNS", "120");
    for (k, val) in env {
        cmd.env(k, val);
    }
    let mut s = expectrl::Session::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// Read to the end and return the exit code.
fn finish(mut s: Session) -> (i32, String) {
    let out = match s.expect(Eof) {
        Ok(c) => String::from_utf8_lossy(c.as_bytes()).into_owned(),
        Err(e) => {
            // Never hang the suite on a process that waits for input nobody will send.
            let _ = s
                .get_process_mut()
                .kill(expectrl::process::unix::Signal::SIGKILL);
            panic!("vern did not finish on the terminal: {e}");
        }
    };
    let status = s.get_process_mut().wait().unwrap();
    let code = match status {
        WaitStatus::Exited(_, c) => c,
        other => panic!("not a normal exit: {other:?}"),
    };
    (code, out)
}

fn dirty_run(v: &Vern) -> (String, String, serde_json::Value) {
    let (c, company) = v.company("Review Co");
    let r = v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-dirty.csv").to_str().unwrap(),
        "--json",
    ]);
    r.expect(5);
    (c, r.json()["run_id"].as_str().unwrap().to_string(), company)
}

#[test]
fn approve_on_a_terminal_reviews_and_applies_the_fix_after_confirmation() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    s.expect("Run ").unwrap();
    s.expect("offending values:").unwrap();
    s.expect("Proposed fix (patch ").unwrap();
    s.expect("What should Vern do?").unwrap();
    s.send("\r").unwrap();
    s.expect("Send: apply the suggested fix?").unwrap();
    s.send("y").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("completed"), "{out}");
    assert_eq!(sb.stats().companies[&c].decisions, 1);
    let op = v.operations()[0].clone();
    let d = &op["decisions"][0];
    assert_eq!(d["decision"], "accept");
    assert_eq!(
        d["patch_hash"].as_str().unwrap().len(),
        16,
        "the hash of the patch that was shown"
    );
    assert!(d["decided_by"].as_str().unwrap().contains('@'));
}

#[test]
fn answering_each_question_on_a_terminal_with_free_text() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, company) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    s.expect("What should Vern do?").unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    // fq0 (Email): its only option, "Remove these rows".
    s.expect("[fq0]").unwrap();
    s.send("\r").unwrap();
    // fq1 (Status): the third item types another answer.
    s.expect("[fq1]").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    s.expect("Your answer").unwrap();
    s.send_line("Pending").unwrap();
    s.expect("Send: answer").unwrap();
    s.send("y").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 0, "{out}");
    let csv = Api::new(&sb).csv(&c, &Api::sheet_id(&company, "Contacts"), "valid");
    assert_eq!(csv.lines().count(), 1 + 2400 - 21);
    assert!(csv.lines().filter(|l| l.contains(",Pending,")).count() > 37);
}

#[test]
fn deciding_later_sends_nothing() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    s.expect("What should Vern do?").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("nothing was sent"), "{out}");
    assert_eq!(sb.stats().companies[&c].decisions, 0);
}

#[test]
fn migrate_ask_uses_the_same_review() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let mut s = pty(
        &v,
        &[
            "migrate",
            example("contacts-dirty.csv").to_str().unwrap(),
            "--approve",
            "ask",
            "--export",
            "none",
        ],
        &[],
    );
    s.expect("What should Vern do?").unwrap();
    s.send("\r").unwrap();
    s.expect("Send: apply the suggested fix?").unwrap();
    s.send("y").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("accept patch"), "{out}");
}

#[test]
fn no_prompts_when_ci_is_set_even_on_a_terminal() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let s = pty(&v, &["approve", "--company", &c, &run], &[("CI", "true")]);
    let (code, out) = finish(s);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("--accept, --reject, --answer QID=VALUE or --message TEXT"),
        "{out}"
    );
    let s = pty(&v, &["approve", "--company", &c, &run, "--no-input"], &[]);
    let (code, _) = finish(s);
    assert_eq!(code, 2);
}

#[test]
fn auth_login_reads_the_key_hidden() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let creds = v.path("credentials.json");
    let env = [
        ("VERN_API_KEY", ""),
        ("VERN_KEYRING", "off"),
        ("VERN_CREDENTIALS_FILE", creds.to_str().unwrap()),
    ];
    let mut s = pty(&v, &["auth", "login"], &env);
    s.expect("API key (input hidden)").unwrap();
    // The prompt turns echo off (flushing pending input) just after printing itself: give it a
    // moment, and type the key again if the first one was flushed away.
    std::thread::sleep(Duration::from_millis(300));
    s.send_line(&sb.key).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(5)));
    let mut seen = match s.expect("logged in") {
        Ok(c) => String::from_utf8_lossy(c.before()).into_owned(),
        Err(_) => {
            s.send_line(&sb.key).unwrap();
            String::new()
        }
    };
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    let (code, rest) = finish(s);
    seen.push_str(&rest);
    let out = seen;
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains(&sb.key), "the key was echoed: {out}");
    assert!(out.contains("the key is in the credentials file"), "{out}");
    assert!(std::fs::read_to_string(&creds).unwrap().contains(&sb.key));
}

//! vern on a real pseudo-terminal: the interactive review of `approve` and `migrate --approve
//! ask`, hidden key input for `auth login`, and no prompts when CI is set.

use crate::support::*;
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::process::Command;
use std::time::Duration;

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

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
    let (code, out) = finish_bytes(&mut s);
    (code, String::from_utf8_lossy(&out).into_owned())
}

/// Wait for `text`, keeping every byte written up to it in `seen`.
fn wait_for(s: &mut Session, seen: &mut Vec<u8>, text: &str) {
    match s.expect(text) {
        Ok(c) => seen.extend_from_slice(c.as_bytes()),
        Err(e) => panic!(
            "no {text:?} on the terminal ({e}) after:\n{}",
            String::from_utf8_lossy(seen)
        ),
    }
}

/// Read to the end, keeping the raw bytes (escape sequences included), and return the exit code.
fn finish_bytes(s: &mut Session) -> (i32, Vec<u8>) {
    let out = match s.expect(Eof) {
        Ok(c) => c.as_bytes().to_vec(),
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

/// The cursor is visible once vern is gone: a show after the last hide.
fn assert_cursor_shown(out: &[u8]) {
    let last = |needle: &[u8]| out.windows(needle.len()).rposition(|w| w == needle);
    let hidden = last(HIDE_CURSOR).expect("the review hides the cursor while it asks");
    assert!(
        last(SHOW_CURSOR).is_some_and(|shown| shown > hidden),
        "the cursor was left hidden: {}",
        String::from_utf8_lossy(out)
    );
}

/// The terminal is back in line mode rather than raw: lines, and Ctrl-C as a signal. (Echo is
/// off from the start: the pty harness turns it off before vern runs.)
fn assert_not_raw(s: &Session) {
    use std::os::fd::AsRawFd;
    let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills the struct when it returns 0, which is checked before reading it.
    let t = unsafe {
        let rc = libc::tcgetattr(s.as_raw_fd(), t.as_mut_ptr());
        assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
        t.assume_init()
    };
    assert_ne!(t.c_lflag & libc::ICANON, 0, "the terminal was left raw");
    assert_ne!(t.c_lflag & libc::ISIG, 0, "the terminal was left raw");
}

#[test]
fn ctrl_c_in_the_menu_gives_the_terminal_back_and_exits_130() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    let mut seen = Vec::new();
    wait_for(&mut s, &mut seen, "What should Vern do?");
    s.send(CTRL_C).unwrap();
    let (code, rest) = finish_bytes(&mut s);
    seen.extend_from_slice(&rest);
    let out = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(code, 130, "{out}");
    assert!(out.contains("interrupted"), "{out}");
    assert_cursor_shown(&seen);
    assert_not_raw(&s);
    assert_eq!(sb.stats().companies[&c].decisions, 0);
}

#[test]
fn ctrl_c_at_the_confirmation_of_migrate_sends_nothing_and_marks_the_journal_interrupted() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        dirty.to_str().unwrap(),
        "--approve",
        "ask",
        "--export",
        "none",
    ];
    let mut s = pty(&v, &args, &[]);
    let mut seen = Vec::new();
    wait_for(&mut s, &mut seen, "What should Vern do?");
    s.send("\r").unwrap();
    wait_for(&mut s, &mut seen, "Send: apply the suggested fix?");
    s.send(CTRL_C).unwrap();
    let (code, rest) = finish_bytes(&mut s);
    seen.extend_from_slice(&rest);
    let out = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(code, 130, "{out}");
    assert!(out.contains("vern resume "), "{out}");
    assert_cursor_shown(&seen);
    assert_not_raw(&s);
    let op = v.run(&["runs", "list", "--json"]).json()["operations"][0].clone();
    assert_eq!(op["status"], "interrupted", "{op}");
    assert_eq!(op["exit_code"], 130, "{op}");
    let company = op["company"].as_str().unwrap();
    assert_eq!(sb.stats().companies[company].decisions, 0);
}

#[test]
fn a_signal_from_elsewhere_during_the_review_gives_the_terminal_back() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    let mut seen = Vec::new();
    wait_for(&mut s, &mut seen, "What should Vern do?");
    // Let the menu settle into reading a key, in raw mode, before the process is told to stop.
    std::thread::sleep(Duration::from_millis(300));
    let pid = s.get_process().pid().as_raw();
    // SAFETY: kill(2) on the child this test spawned.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let (code, rest) = finish_bytes(&mut s);
    seen.extend_from_slice(&rest);
    let out = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(code, 130, "{out}");
    assert_cursor_shown(&seen);
    assert_not_raw(&s);
    assert_eq!(sb.stats().companies[&c].decisions, 0);
}

#[test]
fn esc_or_q_in_the_menu_decides_later() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    for key in [ESC, "q"] {
        let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
        s.expect("What should Vern do?").unwrap();
        s.send(key).unwrap();
        let (code, out) = finish(s);
        assert_eq!(code, 5, "{key:?}: {out}");
        assert!(out.contains("nothing was sent"), "{key:?}: {out}");
    }
    assert_eq!(sb.stats().companies[&c].decisions, 0);
}

#[test]
fn esc_at_a_question_goes_back_to_the_menu() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    s.expect("What should Vern do?").unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    s.expect("[fq0]").unwrap();
    s.send(ESC).unwrap();
    s.expect("What should Vern do?").unwrap();
    s.send("q").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("nothing was sent"), "{out}");
    assert_eq!(sb.stats().companies[&c].decisions, 0);
}

#[test]
fn no_at_the_confirmation_goes_back_to_the_menu() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, run, _) = dirty_run(&v);
    let mut s = pty(&v, &["approve", "--company", &c, &run], &[]);
    s.expect("What should Vern do?").unwrap();
    s.send("\r").unwrap();
    s.expect("Send: apply the suggested fix?").unwrap();
    s.send("n").unwrap();
    // The same menu again: this time apply the fix after all.
    s.expect("What should Vern do?").unwrap();
    s.send("\r").unwrap();
    s.expect("Send: apply the suggested fix?").unwrap();
    s.send("y").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("completed"), "{out}");
    assert_eq!(sb.stats().companies[&c].decisions, 1);
}

#[test]
fn deciding_later_in_migrate_says_so_and_how_to_continue() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let dirty = example("contacts-dirty.csv");
    let args = [
        "migrate",
        dirty.to_str().unwrap(),
        "--approve",
        "ask",
        "--export",
        "none",
    ];
    let mut s = pty(&v, &args, &[]);
    s.expect("What should Vern do?").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    let (code, out) = finish(s);
    assert_eq!(code, 5, "{out}");
    assert!(!out.contains("no terminal to ask on"), "{out}");
    assert!(out.contains("you chose to decide later"), "{out}");
    assert!(out.contains("nothing was sent"), "{out}");
    assert!(out.contains("vern resume "), "{out}");
    let op = v.run(&["runs", "list", "--json"]).json()["operations"][0].clone();
    assert_eq!(op["status"], "paused", "{op}");
    let company = op["company"].as_str().unwrap();
    assert_eq!(sb.stats().companies[company].decisions, 0);
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

//! `vern auth`: the keyring when one works, the 0600 file when none does, never a hang on a
//! wedged D-Bus session, VERN_API_KEY first, and the key never shown.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

struct Auth {
    v: Vern,
    creds: std::path::PathBuf,
}

impl Auth {
    fn new(sb: &vern::sandbox::BackgroundSandbox) -> Auth {
        let v = Vern::new(sb);
        let creds = v.path("config/vern/credentials.json");
        Auth { v, creds }
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let mut base: Vec<(&str, &str)> = vec![
            ("VERN_API_KEY", ""),
            ("VERN_CREDENTIALS_FILE", self.creds.to_str().unwrap()),
            (
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/vern-test-bus",
            ),
            ("VERN_KEYRING_TIMEOUT", "2s"),
            ("VERN_KEYRING", "on"),
        ];
        base.extend_from_slice(env);
        let mut c = self.v.command();
        c.args(args);
        for (k, v) in &base {
            // An empty VERN_API_URL stands for none at all (clap refuses an empty URL).
            if *k == "VERN_API_URL" && v.is_empty() {
                c.env_remove(k);
            } else {
                c.env(k, v);
            }
        }
        let Some(input) = stdin else {
            return Run::from(c.output().unwrap());
        };
        use std::io::Write;
        let mut child = c
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().unwrap())
    }
}

#[test]
fn without_a_keyring_the_key_goes_to_a_private_file_with_a_warning() {
    let sb = sandbox();
    let a = Auth::new(&sb);
    let r = a.run(
        &["auth", "login", "--with-key-stdin"],
        &[],
        Some(&format!("{}\n", sb.key)),
    );
    r.expect(0);
    assert!(
        r.stderr
            .contains("warning: the OS keyring is not available"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("the key is in the credentials file"),
        "{}",
        r.stdout
    );
    r.assert_no(&sb.key);
    assert_eq!(
        std::fs::metadata(&a.creds).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let s = a.run(&["auth", "status", "--json"], &[], None);
    s.expect(0);
    assert_eq!(s.json()["key_source"]["kind"], "file");
    s.assert_no(&sb.key);
    // Every command finds the stored key.
    a.run(&["sources", "list"], &[], None).expect(0);
    // Profiles are separate.
    a.run(&["auth", "status", "--profile", "staging"], &[], None)
        .expect(3);
    let out = a.run(&["auth", "logout"], &[], None);
    out.expect(0);
    assert!(
        out.stdout.contains("removed the key of profile default"),
        "{}",
        out.stdout
    );
    let none = a.run(&["auth", "status"], &[], None);
    none.expect(3);
    assert!(none.stderr.contains("vern auth login"), "{}", none.stderr);
    assert!(!std::fs::read_to_string(&a.creds).unwrap().contains(&sb.key));
}

#[test]
fn a_wedged_bus_times_out_instead_of_hanging() {
    let sb = sandbox();
    let a = Auth::new(&sb);
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("bus");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    // Accept every connection and never answer, like a stuck session bus.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            held.push(conn);
        }
    });
    let bus = format!("unix:path={}", sock.display());
    let t = Instant::now();
    let r = a.run(
        &["auth", "login", "--with-key-stdin"],
        &[
            ("DBUS_SESSION_BUS_ADDRESS", &bus),
            ("VERN_KEYRING_TIMEOUT", "500ms"),
        ],
        Some(&sb.key),
    );
    r.expect(0);
    assert!(
        t.elapsed() < Duration::from_secs(15),
        "took {:?}",
        t.elapsed()
    );
    assert!(
        r.stderr.contains("did not answer within 500ms"),
        "{}",
        r.stderr
    );
    let s = a.run(
        &["auth", "status"],
        &[
            ("DBUS_SESSION_BUS_ADDRESS", &bus),
            ("VERN_KEYRING_TIMEOUT", "500ms"),
        ],
        None,
    );
    s.expect(0);
    assert!(
        s.stdout.contains("key from the credentials file"),
        "{}",
        s.stdout
    );
}

#[test]
fn keys_are_checked_before_they_are_stored_and_the_environment_wins() {
    let sb = sandbox();
    let a = Auth::new(&sb);
    let bad = a.run(
        &["auth", "login", "--with-key-stdin"],
        &[],
        Some("not-the-key"),
    );
    bad.expect(3);
    assert!(
        bad.stderr.contains("refused this key; nothing was stored"),
        "{}",
        bad.stderr
    );
    assert!(!a.creds.exists());
    let empty = a.run(&["auth", "login", "--with-key-stdin"], &[], Some("  \n"));
    empty.expect(1);
    let no_tty = a.run(&["auth", "login"], &[], None);
    no_tty.expect(2);
    assert!(
        no_tty.stderr.contains("--with-key-stdin"),
        "{}",
        no_tty.stderr
    );
    a.run(&["auth", "login", "--with-key-stdin"], &[], Some(&sb.key))
        .expect(0);
    let env = a.run(
        &["auth", "status", "--json"],
        &[("VERN_API_KEY", "wrong-key")],
        None,
    );
    env.expect(3);
    assert!(
        env.stdout.contains("Invalid API key"),
        "VERN_API_KEY wins over the stored key: {}",
        env.stdout
    );
    let env_ok = a.run(
        &["auth", "status", "--json"],
        &[("VERN_API_KEY", &sb.key)],
        None,
    );
    env_ok.expect(0);
    assert_eq!(env_ok.json()["key_source"]["kind"], "environment");
}

#[test]
fn the_secret_service_keyring_holds_the_key_when_there_is_one() {
    let have = |t: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(have("dbus-run-session") && have("gnome-keyring-daemon")) {
        assert!(
            std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_none(),
            "dbus-run-session and gnome-keyring-daemon are required (VERN_TEST_REQUIRE_TOOLS is set)"
        );
        return;
    }
    let sb = sandbox();
    let a = Auth::new(&sb);
    let home = tempfile::tempdir().unwrap();
    let vern = env!("CARGO_BIN_EXE_vern");
    let script = format!(
        r#"eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
printf '%s' "$KEY" | {vern} auth login --with-key-stdin || exit 10
{vern} auth status --json > "$OUT" || exit 11
{vern} sources list >/dev/null || exit 12
{vern} auth logout || exit 13
{vern} auth status >/dev/null 2>&1; echo "after logout: $?""#
    );
    let out_file = home.path().join("status.json");
    let mut c = std::process::Command::new("dbus-run-session");
    c.args(["--", "sh", "-c", &script])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("KEY", &sb.key)
        .env("OUT", &out_file)
        .env("VERN_API_URL", &sb.api_url)
        .env("VERN_CREDENTIALS_FILE", &a.creds)
        .env("VERN_STATE_DIR", a.v.state.path())
        .env_remove("VERN_API_KEY")
        .env_remove("VERN_KEYRING")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("RUST_BACKTRACE", "0");
    let r = Run::from(c.output().unwrap());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("the key is in the OS keyring (Secret Service)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("removed the key of profile default from the OS keyring"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("after logout: 3"), "{}", r.stdout);
    let status: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(status["key_source"]["kind"], "keyring");
    assert!(
        !a.creds.exists() || !std::fs::read_to_string(&a.creds).unwrap().contains(&sb.key),
        "not in the file"
    );
    r.assert_no(&sb.key);
}

/// `vern auth login --profile P --api-url URL` makes URL the profile's API: kept (0600, beside
/// the credentials file, never with the key), used when neither --api-url nor VERN_API_URL names
/// another, shown by `auth status` with where it came from, and forgotten by `auth logout`.
#[test]
fn a_profile_keeps_the_api_url_it_logged_in_with() {
    let sb = sandbox();
    let other = sandbox();
    let a = Auth::new(&sb);
    // Nothing in the environment names the API: only the flag, the profile or the default can.
    let run = |args: &[&str], env: &[(&str, &str)], stdin: Option<&str>| {
        let mut env: Vec<(&str, &str)> = env.to_vec();
        env.push(("VERN_API_URL", ""));
        a.run(args, &env, stdin)
    };
    let login = run(
        &[
            "auth",
            "login",
            "--profile",
            "staging",
            "--api-url",
            &sb.api_url,
            "--with-key-stdin",
            "--json",
        ],
        &[],
        Some(&sb.key),
    );
    login.expect(0);
    let profiles = a.creds.with_file_name("profiles.json");
    assert_eq!(
        login.json()["api_url_saved_in"],
        profiles.display().to_string()
    );
    let text = std::fs::read_to_string(&profiles).unwrap();
    assert!(
        text.contains(&sb.api_url) && !text.contains(&sb.key),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&profiles).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // The profile's URL is used when nothing else names one.
    let status = run(
        &["auth", "status", "--profile", "staging", "--json"],
        &[],
        None,
    );
    status.expect(0);
    let j = status.json();
    assert_eq!(j["api_url"], sb.api_url.as_str());
    assert_eq!(j["api_url_source"]["kind"], "profile");
    assert_eq!(j["api_url_source"]["profile"], "staging");
    let human = run(&["auth", "status", "--profile", "staging"], &[], None);
    assert!(
        human
            .stdout
            .contains(&format!("authenticated to {}", sb.api_url))
            && human.stdout.contains("URL from profile staging"),
        "{}",
        human.stdout
    );
    run(&["sources", "list", "--profile", "staging"], &[], None).expect(0);
    let env_profile = run(&["sources", "list"], &[("VERN_PROFILE", "staging")], None);
    env_profile.expect(0);

    // The flag and the variable still win.
    let flag = run(
        &[
            "auth",
            "status",
            "--profile",
            "staging",
            "--api-url",
            &other.api_url,
            "--json",
        ],
        &[],
        None,
    );
    flag.expect(0);
    assert_eq!(
        (
            flag.json()["api_url"].clone(),
            flag.json()["api_url_source"]["kind"].clone()
        ),
        (other.api_url.as_str().into(), "flag".into())
    );
    let env = a.run(
        &["auth", "status", "--profile", "staging", "--json"],
        &[("VERN_API_URL", &other.api_url)],
        None,
    );
    env.expect(0);
    assert_eq!(
        (
            env.json()["api_url"].clone(),
            env.json()["api_url_source"]["kind"].clone()
        ),
        (other.api_url.as_str().into(), "environment".into())
    );

    // Logging out forgets the URL with the key.
    let out = run(
        &["auth", "logout", "--profile", "staging", "--json"],
        &[],
        None,
    );
    out.expect(0);
    assert_eq!(out.json()["forgotten_api_url"], sb.api_url.as_str());
    assert!(
        !std::fs::read_to_string(&profiles)
            .unwrap()
            .contains(&sb.api_url)
    );
}

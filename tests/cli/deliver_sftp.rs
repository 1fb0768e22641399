//! `vern deliver --to sftp://…` against OpenSSH's own sshd on loopback (Debian's
//! openssh-server, started by the tests with generated host and client keys). The server's files
//! are on this machine's disk, so everything is read back with `std::fs`, never through vern:
//! every format byte for byte equal to the local directory's delivery and the manifest's hashes;
//! absolute and `~/` paths with missing directories; key files (ed25519, RSA in PEM, with a
//! passphrase) and the SSH agent; host keys unknown (refused with the fingerprint, then learned
//! with --accept-new-host-key), changed (always refused, nothing sent), hashed or RSA-only;
//! `--if-exists`; a refused port; SIGKILL at every checkpoint; and uploads that fail midway (a
//! connection cut, a read-only server, a refused rename) — never a half file under its name.

use crate::servers::{Agent, CutProxy, Sshd, fingerprint, free_port, keygen};
use crate::support::*;
use serde_json::{Value, json};
use sha2::Digest;
use std::path::Path;
use vern::sandbox::BackgroundSandbox;

/// A company vern provisioned (so its journal knows the sheets), with both example files imported.
fn delivered_company() -> (BackgroundSandbox, Vern, String, Value) {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, company) = v.company("Sftp Co");
    let api = Api::new(&sb);
    let run = api.import_files(&c, &["companies.csv", "contacts-clean.csv"]);
    assert_eq!(api.settle(&c, "imports", &run)["status"], "completed");
    (sb, v, c, company)
}

/// `vern deliver --company C ARGS` with no SSH agent and a HOME of the test's own (so
/// `~/.ssh/known_hosts` is never this machine's), plus `env`.
fn deliver(v: &Vern, c: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = v.command();
    cmd.env_remove("SSH_AUTH_SOCK")
        .env_remove("VERN_SSH_KEY")
        .env_remove("VERN_SSH_KEY_PASSPHRASE")
        .env("HOME", v.path("home"));
    cmd.args(["deliver", "--company", c]).args(args);
    for (k, val) in env {
        cmd.env(k, val);
    }
    Run::from(cmd.output().expect("vern runs"))
}

/// The usual login: the authorized key, and a known_hosts file that records the host's key.
fn login(sshd: &Sshd) -> Vec<String> {
    vec![
        "--ssh-key".into(),
        sshd.key().display().to_string(),
        "--known-hosts".into(),
        sshd.known_hosts(&["ed25519"]).display().to_string(),
    ]
}

fn args<'a>(to: &'a str, login: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["--to", to];
    a.extend(login.iter().map(String::as_str));
    a.extend_from_slice(more);
    a
}

fn today() -> String {
    humantime::format_rfc3339(std::time::SystemTime::now()).to_string()[..10].to_string()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file under `dir` (hidden ones too), relative names with sizes, sorted.
fn files(dir: &Path) -> Vec<(String, u64)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, e.metadata().unwrap().len()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Temp files (`.NAME.vern-RUN.part`) anywhere under `dir`.
fn parts(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.ends_with(".part"))
        .collect()
}

/// The one manifest in `dir`, with every file it lists on disk with its size and hash.
fn check_manifest(dir: &Path) -> Value {
    let listing = files(dir);
    let manifests: Vec<&String> = listing
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.contains("vern-manifest-"))
        .collect();
    assert_eq!(manifests.len(), 1, "one manifest: {listing:?}");
    let m: Value = serde_json::from_slice(&std::fs::read(dir.join(manifests[0])).unwrap()).unwrap();
    for f in m["files"].as_array().unwrap() {
        let bytes = std::fs::read(dir.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(f["bytes"], bytes.len() as u64, "{f}");
        assert_eq!(f["sha256"], sha256(&bytes), "{f}");
    }
    m
}

#[test]
fn sftp_every_format_lands_whole_and_equals_the_local_directorys_delivery() {
    let Some(sshd) = Sshd::start() else { return };
    let (sb, v, c, company) = delivered_company();
    let api = Api::new(&sb);
    let date = today();
    let login = login(&sshd);
    for (format, gzip) in [
        ("csv", false),
        ("json", false),
        ("jsonl", true),
        ("xml", false),
    ] {
        let mut shape = vec!["--format", format, "--json"];
        if gzip {
            shape.push("--gzip");
        }
        // Three directories that do not exist yet.
        let remote = sshd.data(&format!("{format}/a/b"));
        let to = sshd.url(remote.to_str().unwrap());
        let r = deliver(&v, &c, &args(&to, &login, &shape), &[]);
        r.expect(0);
        let doc = r.json();
        assert_eq!(doc["destination_type"], "sftp");
        assert_eq!(doc["destination"], to.as_str());
        let manifest_at = doc["destination_path"].as_str().unwrap();
        assert!(
            manifest_at.starts_with(&format!("{to}/vern-manifest-{date}-")),
            "{doc}"
        );
        let listing = files(&remote);
        assert_eq!(listing.len(), 3, "two files and the manifest: {listing:?}");
        assert!(parts(&remote).is_empty());
        let m = check_manifest(&remote);
        assert_eq!(m["files"].as_array().unwrap().len(), 2);
        // The same delivery into a local directory writes the same bytes.
        let local = v.path(&format!("local-{format}"));
        let mut local_args = vec!["--to", local.to_str().unwrap()];
        local_args.extend_from_slice(&shape);
        deliver(&v, &c, &local_args, &[]).expect(0);
        for f in m["files"].as_array().unwrap() {
            let name = f["path"].as_str().unwrap();
            assert_eq!(
                std::fs::read(remote.join(name)).unwrap(),
                std::fs::read(local.join(name)).unwrap(),
                "{format}: {name}"
            );
        }
        for f in doc["files"].as_array().unwrap() {
            assert_eq!(
                f["location"],
                format!("{to}/{}", f["path"].as_str().unwrap()).as_str()
            );
        }
    }
    // csv is export.csv as served.
    let served = api.csv(&c, &Api::sheet_id(&company, "Contacts"), "valid");
    assert_eq!(
        std::fs::read(sshd.data(&format!("csv/a/b/contacts-{date}.csv"))).unwrap(),
        served.as_bytes()
    );
}

#[test]
fn sftp_paths_under_the_login_directory_and_names_with_directories() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let login = login(&sshd);
    let date = today();
    let to = sshd.url("/~/drop/in");
    let r = deliver(
        &v,
        &c,
        &args(
            &to,
            &login,
            &["--name", "{company}/{sheet}-{date}.{ext}", "--json"],
        ),
        &[],
    );
    r.expect(0);
    let doc = r.json();
    assert_eq!(doc["destination"], to.as_str());
    let root = sshd.home().join("drop/in");
    let contacts = root.join(format!("{c}/contacts-{date}.csv"));
    assert!(contacts.is_file(), "{:?}", files(&sshd.home()));
    check_manifest(&root);
    assert_eq!(files(&root).len(), 3);
    assert!(parts(&sshd.home()).is_empty());
    let location = doc["files"][0]["location"].as_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{to}/{c}/")), "{location}");

    // The login directory itself, and an absolute path with a space (%20 in the URL).
    deliver(
        &v,
        &c,
        &args(&sshd.url("/~"), &login, &["--sheet", "Contacts"]),
        &[],
    )
    .expect(0);
    assert!(sshd.home().join(format!("contacts-{date}.csv")).is_file());
    let spaced = sshd.data("drop zone");
    let to = sshd.url(&spaced.display().to_string().replace(' ', "%20"));
    deliver(&v, &c, &args(&to, &login, &[]), &[]).expect(0);
    assert_eq!(files(&spaced).len(), 3, "{:?}", files(&spaced));
}

#[test]
fn sftp_logs_in_with_key_files_passphrases_and_the_agent() {
    let Some(sshd) = Sshd::start() else { return };
    let Some(agent) = Agent::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let kh = sshd.known_hosts(&["ed25519"]);
    let kh = kh.to_str().unwrap();
    let data = |d: &str| sshd.data(d);
    let to = |d: &str| sshd.url(data(d).to_str().unwrap());

    // No key and no agent: exit 3, saying what vern logs in with.
    let r = deliver(&v, &c, &["--to", &to("none"), "--known-hosts", kh], &[]);
    r.expect(3);
    assert!(r.stderr.contains("no SSH credentials"), "{}", r.stderr);
    assert!(
        r.stderr.contains("hint:") && r.stderr.contains("SSH_AUTH_SOCK"),
        "{}",
        r.stderr
    );

    // The agent, holding a key the server refuses and then the RSA key it takes.
    let stranger = sshd.new_key("stranger", "ed25519", "", false);
    let rsa = sshd.new_key("rsa", "rsa", "", false);
    sshd.authorize(&rsa);
    let sock = agent.socket.to_str().unwrap();
    let r = deliver(
        &v,
        &c,
        &["--to", &to("agent0"), "--known-hosts", kh],
        &[("SSH_AUTH_SOCK", sock)],
    );
    r.expect(3);
    assert!(r.stderr.contains("holds no keys"), "{}", r.stderr);
    agent.add(&stranger);
    let r = deliver(
        &v,
        &c,
        &["--to", &to("agent1"), "--known-hosts", kh],
        &[("SSH_AUTH_SOCK", sock)],
    );
    r.expect(3);
    assert!(
        r.stderr
            .contains("refused every key the SSH agent holds (1)"),
        "{}",
        r.stderr
    );
    agent.add(&rsa);
    deliver(
        &v,
        &c,
        &["--to", &to("agent2"), "--known-hosts", kh],
        &[("SSH_AUTH_SOCK", sock)],
    )
    .expect(0);
    assert_eq!(files(&data("agent2")).len(), 3);

    // A key file wins over the agent; VERN_SSH_KEY names it as --ssh-key does. RSA in PEM.
    let pem = sshd.new_key("pem", "rsa", "", true);
    sshd.authorize(&pem);
    deliver(
        &v,
        &c,
        &["--to", &to("pem"), "--known-hosts", kh],
        &[
            ("VERN_SSH_KEY", pem.to_str().unwrap()),
            ("SSH_AUTH_SOCK", "/nonexistent/agent.sock"),
        ],
    )
    .expect(0);
    assert_eq!(files(&data("pem")).len(), 3);

    // A key the server does not list: exit 3 with the key's fingerprint (never its contents).
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            &to("stranger"),
            "--known-hosts",
            kh,
            "--ssh-key",
            stranger.to_str().unwrap(),
        ],
        &[],
    );
    r.expect(3);
    assert!(r.stderr.contains("refused the key"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&fingerprint(&stranger.with_extension("pub"))),
        "{}",
        r.stderr
    );
    let secret = std::fs::read_to_string(&stranger).unwrap();
    let body: String = secret.lines().nth(1).unwrap().to_string();
    r.assert_no(&body);
    r.assert_no("PRIVATE KEY");
    assert!(!data("stranger").exists());

    // A passphrase-protected key: off a terminal, no passphrase is a clear exit 3 …
    let locked = sshd.new_key("locked", "ed25519", "open sesame 42", false);
    sshd.authorize(&locked);
    let with_key = |d: &str| {
        vec![
            "--to".to_string(),
            to(d),
            "--known-hosts".into(),
            kh.into(),
            "--ssh-key".into(),
            locked.display().to_string(),
        ]
    };
    let a = with_key("locked0");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let r = deliver(&v, &c, &a, &[]);
    r.expect(3);
    assert!(
        r.stderr
            .contains("is protected by a passphrase, and none was given"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("VERN_SSH_KEY_PASSPHRASE"), "{}", r.stderr);
    // … a wrong one too, and the right one logs in. The passphrase is never shown.
    let r = deliver(
        &v,
        &c,
        &a,
        &[("VERN_SSH_KEY_PASSPHRASE", "not the passphrase")],
    );
    r.expect(3);
    assert!(r.stderr.contains("does not decrypt"), "{}", r.stderr);
    r.assert_no("not the passphrase");
    let r = deliver(&v, &c, &a, &[("VERN_SSH_KEY_PASSPHRASE", "open sesame 42")]);
    r.expect(0);
    r.assert_no("open sesame 42");
    assert_eq!(files(&data("locked0")).len(), 3);
    // The journal holds no passphrase either.
    for op in v.operations() {
        assert!(!op.to_string().contains("open sesame"), "{op}");
    }
}

#[test]
fn sftp_unknown_host_keys_are_refused_with_the_fingerprint_and_learned_on_request() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let key = sshd.key().display().to_string();
    let to = |d: &str| sshd.url(sshd.data(d).to_str().unwrap());
    let kh = v.path("kh/known_hosts");
    let khs = kh.to_str().unwrap();
    let fp = sshd.fingerprint("ed25519");
    let server = format!("[127.0.0.1]:{}", sshd.port);

    // Unknown: refused before any login, with the fingerprint and what to do.
    let r = deliver(
        &v,
        &c,
        &["--to", &to("a"), "--ssh-key", &key, "--known-hosts", khs],
        &[],
    );
    r.expect(3);
    assert!(
        r.stderr
            .contains(&format!("the host key of {server} is not known")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&fp), "{}", r.stderr);
    assert!(r.stderr.contains("--accept-new-host-key"), "{}", r.stderr);
    assert_eq!(sshd.logins(), 0, "nothing was sent: {}", sshd.log());
    assert!(!sshd.data("a").exists());
    assert!(!kh.exists(), "nothing recorded without the flag");

    // --accept-new-host-key records it as OpenSSH writes it, and OpenSSH finds it there.
    deliver(
        &v,
        &c,
        &[
            "--to",
            &to("a"),
            "--ssh-key",
            &key,
            "--known-hosts",
            khs,
            "--accept-new-host-key",
        ],
        &[],
    )
    .expect(0);
    assert_eq!(
        std::fs::read_to_string(&kh).unwrap(),
        format!("{server} {}\n", sshd.host_key("ed25519"))
    );
    let found = std::process::Command::new("ssh-keygen")
        .args(["-F", &server, "-f", khs])
        .output()
        .unwrap();
    assert!(found.status.success(), "ssh-keygen -F finds the entry");
    // Known from now on, without the flag.
    deliver(
        &v,
        &c,
        &["--to", &to("b"), "--ssh-key", &key, "--known-hosts", khs],
        &[],
    )
    .expect(0);
    assert_eq!(files(&sshd.data("b")).len(), 3);

    // Without --known-hosts: ~/.ssh/known_hosts, created 0600 in a 0700 ~/.ssh.
    deliver(
        &v,
        &c,
        &["--to", &to("c"), "--ssh-key", &key, "--accept-new-host-key"],
        &[],
    )
    .expect(0);
    let home_kh = v.path("home/.ssh/known_hosts");
    assert!(
        std::fs::read_to_string(&home_kh)
            .unwrap()
            .contains(&sshd.host_key("ed25519"))
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&home_kh), 0o600);
        assert_eq!(mode(&v.path("home/.ssh")), 0o700);
    }

    // Hashed entries (ssh-keygen -H), and a host recorded only by its RSA key.
    let hashed = sshd.known_hosts(&["ed25519"]);
    let h = std::process::Command::new("ssh-keygen")
        .arg("-H")
        .arg("-f")
        .arg(&hashed)
        .output()
        .unwrap();
    assert!(h.status.success());
    assert!(std::fs::read_to_string(&hashed).unwrap().starts_with("|1|"));
    deliver(
        &v,
        &c,
        &[
            "--to",
            &to("hashed"),
            "--ssh-key",
            &key,
            "--known-hosts",
            hashed.to_str().unwrap(),
        ],
        &[],
    )
    .expect(0);
    let rsa_only = sshd.known_hosts(&["rsa"]);
    deliver(
        &v,
        &c,
        &[
            "--to",
            &to("rsa"),
            "--ssh-key",
            &key,
            "--known-hosts",
            rsa_only.to_str().unwrap(),
        ],
        &[],
    )
    .expect(0);
    assert_eq!(files(&sshd.data("rsa")).len(), 3);

    // An entry without the port is for port 22: this host is unknown.
    let portless = v.path("portless");
    std::fs::write(
        &portless,
        format!("127.0.0.1 {}\n", sshd.host_key("ed25519")),
    )
    .unwrap();
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            &to("portless"),
            "--ssh-key",
            &key,
            "--known-hosts",
            portless.to_str().unwrap(),
        ],
        &[],
    );
    r.expect(3);
    assert!(r.stderr.contains("is not known"), "{}", r.stderr);
}

#[test]
fn sftp_a_changed_host_key_is_always_refused_and_nothing_is_sent() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let key = sshd.key().display().to_string();
    // known_hosts records another ed25519 key for this host (a comment line before it).
    let other = keygen(&v.path("other_host_key"), "ed25519", "", false);
    let text = std::fs::read_to_string(other.with_extension("pub")).unwrap();
    let mut f = text.split_whitespace();
    let recorded = format!(
        "# the drop server\n[127.0.0.1]:{} {} {}\n",
        sshd.port,
        f.next().unwrap(),
        f.next().unwrap()
    );
    let kh = v.path("known_hosts");
    std::fs::write(&kh, &recorded).unwrap();
    let old = fingerprint(&other.with_extension("pub"));
    let new = sshd.fingerprint("ed25519");
    let to = sshd.url(sshd.data("x").to_str().unwrap());
    for accept in [false, true] {
        let mut a = vec![
            "--to",
            to.as_str(),
            "--ssh-key",
            key.as_str(),
            "--known-hosts",
            kh.to_str().unwrap(),
        ];
        if accept {
            a.push("--accept-new-host-key");
        }
        let r = deliver(&v, &c, &a, &[]);
        r.expect(3);
        assert!(r.stderr.contains("HAS CHANGED"), "{}", r.stderr);
        assert!(
            r.stderr.contains(&old) && r.stderr.contains(&new),
            "both fingerprints: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("line 2"),
            "the file's own line: {}",
            r.stderr
        );
        assert!(r.stderr.contains("ssh-keygen -R"), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&kh).unwrap(), recorded, "untouched");
    }
    assert_eq!(sshd.logins(), 0, "no login was attempted: {}", sshd.log());
    assert!(!sshd.data("x").exists(), "nothing was sent");

    // A revoked key is refused too, even though a plain entry lists it.
    std::fs::write(
        &kh,
        format!(
            "[127.0.0.1]:{p} {k}\n@revoked * {k}\n",
            p = sshd.port,
            k = sshd.host_key("ed25519")
        ),
    )
    .unwrap();
    let r = deliver(
        &v,
        &c,
        &[
            "--to",
            &to,
            "--ssh-key",
            &key,
            "--known-hosts",
            kh.to_str().unwrap(),
        ],
        &[],
    );
    r.expect(3);
    assert!(r.stderr.contains("@revoked"), "{}", r.stderr);
}

#[test]
fn sftp_if_exists_fail_skip_and_overwrite() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let login = login(&sshd);
    let dir = sshd.data("drop");
    let to = sshd.url(dir.to_str().unwrap());
    deliver(&v, &c, &args(&to, &login, &[]), &[]).expect(0);
    let first = files(&dir);
    assert_eq!(first.len(), 3);
    let name = first
        .iter()
        .find(|(n, _)| n.starts_with("contacts-"))
        .unwrap()
        .0
        .clone();
    let delivered = std::fs::read(dir.join(&name)).unwrap();

    // The same names again (a new run): refused before anything is sent.
    let r = deliver(&v, &c, &args(&to, &login, &["--new"]), &[]);
    r.expect(7);
    assert!(
        r.stderr.contains("already exists; nothing was written"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&format!("{to}/{name}")), "{}", r.stderr);
    assert_eq!(files(&dir), first, "untouched");

    // skip leaves a foreign file; overwrite replaces it.
    std::fs::write(dir.join(&name), b"not vern's\n").unwrap();
    let r = deliver(
        &v,
        &c,
        &args(&to, &login, &["--new", "--if-exists", "skip", "--json"]),
        &[],
    );
    r.expect(0);
    assert_eq!(std::fs::read(dir.join(&name)).unwrap(), b"not vern's\n");
    let doc = r.json();
    let skipped: Vec<&Value> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["skipped"] == json!(true))
        .collect();
    assert_eq!(skipped.len(), 2, "both names were taken");
    deliver(
        &v,
        &c,
        &args(&to, &login, &["--new", "--if-exists", "overwrite"]),
        &[],
    )
    .expect(0);
    assert_eq!(std::fs::read(dir.join(&name)).unwrap(), delivered);
    assert!(parts(&dir).is_empty(), "{:?}", files(&dir));
    // Three runs wrote manifests; two data files.
    assert_eq!(files(&dir).len(), 2 + 3, "{:?}", files(&dir));
}

#[test]
fn sftp_a_server_that_is_not_there_is_exit_1_quickly() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let login = login(&sshd);
    let t = std::time::Instant::now();
    let to = format!("sftp://{}@127.0.0.1:{}/tmp/x", sshd.user, free_port());
    let r = deliver(&v, &c, &args(&to, &login, &[]), &[]);
    r.expect(1);
    assert!(r.stderr.contains("refused the connection"), "{}", r.stderr);
    assert!(t.elapsed() < std::time::Duration::from_secs(20));
    let r = deliver(
        &v,
        &c,
        &args("sftp://u@no-such-host.invalid/x", &login, &[]),
        &[],
    );
    r.expect(1);
    assert!(r.stderr.contains("cannot find the host"), "{}", r.stderr);
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

#[test]
fn sftp_sigkill_at_every_checkpoint_then_each_file_once_and_no_temp_file_left() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let login = login(&sshd);
    let mut failures = Vec::new();
    for (i, cp) in CHECKPOINTS.iter().enumerate() {
        let dir = sshd.data(&format!("k{i}"));
        let to = sshd.url(dir.to_str().unwrap());
        let a = args(&to, &login, &["--format", "jsonl", "--gzip", "--json"]);
        let killed = deliver(&v, &c, &a, &[("VERN_CRASH_AT", cp)]);
        if killed.code != -1 {
            failures.push(format!(
                "{cp}: expected SIGKILL, got {}: {}",
                killed.code, killed.stderr
            ));
            continue;
        }
        // What a reader sees after the kill: names only of whole files (checked below).
        let seen: Vec<(String, Vec<u8>)> = files(&dir)
            .into_iter()
            .filter(|(n, _)| !n.starts_with('.'))
            .map(|(n, _)| {
                let bytes = std::fs::read(dir.join(&n)).unwrap();
                (n, bytes)
            })
            .collect();
        let done = deliver(&v, &c, &a, &[]);
        if done.code != 0 {
            failures.push(format!("{cp}: re-run exit {}: {}", done.code, done.stderr));
            continue;
        }
        let listing = files(&dir);
        if listing.len() != 3 || !parts(&dir).is_empty() {
            failures.push(format!("{cp}: {listing:?}"));
            continue;
        }
        let m = check_manifest(&dir);
        let rows: u64 = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rows"].as_u64().unwrap())
            .sum();
        if rows != 4500 || done.json()["record_count"] != 4500 {
            failures.push(format!("{cp}: {rows} rows"));
        }
        for (n, bytes) in seen {
            if std::fs::read(dir.join(&n)).ok().as_ref() != Some(&bytes) {
                failures.push(format!("{cp}: {n} was visible before it was whole"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sftp_a_connection_cut_mid_upload_leaves_no_partial_file_and_the_rerun_finishes() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c) = big_company();
    // The relay cuts the first connection after 1 MiB went up (the file is several MB).
    let proxy = CutProxy::start(sshd.port, 1 << 20);
    let kh = v.path("kh");
    std::fs::write(
        &kh,
        format!("[127.0.0.1]:{} {}\n", proxy.port, sshd.host_key("ed25519")),
    )
    .unwrap();
    let dir = sshd.data("cut");
    let to = format!(
        "sftp://{}@127.0.0.1:{}{}",
        sshd.user,
        proxy.port,
        dir.display()
    );
    let key = sshd.key().display().to_string();
    let a = [
        "--to",
        to.as_str(),
        "--ssh-key",
        key.as_str(),
        "--known-hosts",
        kh.to_str().unwrap(),
        "--sheet",
        "Contacts",
        "--format",
        "xml",
    ];
    let r = deliver(&v, &c, &a, &[]);
    r.expect(1);
    assert_eq!(proxy.cuts.load(std::sync::atomic::Ordering::Relaxed), 1);
    assert!(
        r.stderr.contains("connection to") || r.stderr.contains("lost"),
        "{}",
        r.stderr
    );
    let visible: Vec<(String, u64)> = files(&dir)
        .into_iter()
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    assert!(visible.is_empty(), "no file under its name: {visible:?}");
    // The same command: the killed upload's temp file removed, the file delivered once.
    let r = deliver(&v, &c, &a, &[]);
    r.expect(0);
    let listing = files(&dir);
    assert_eq!(listing.len(), 2, "{listing:?}");
    assert!(parts(&dir).is_empty());
    let m = check_manifest(&dir);
    assert!(m["files"][0]["bytes"].as_u64().unwrap() > 4 << 20, "{m}");
}

#[test]
fn sftp_a_read_only_server_and_a_refused_rename_leave_nothing_behind() {
    let Some(ro) = Sshd::start_with("-R") else {
        return;
    };
    let (_sb, v, c, _) = delivered_company();
    let dir = ro.data("ro");
    std::fs::create_dir_all(&dir).unwrap();
    let to = ro.url(dir.to_str().unwrap());
    let r = deliver(
        &v,
        &c,
        &args(&to, &login(&ro), &["--sheet", "Contacts"]),
        &[],
    );
    r.expect(1);
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
    assert!(
        r.stderr.contains(dir.to_str().unwrap()),
        "the path: {}",
        r.stderr
    );
    assert!(files(&dir).is_empty());

    // A server that refuses renames: the upload is complete but never gets its name, and its
    // temp file is removed.
    let Some(norename) = Sshd::start_with("-P rename,posix-rename") else {
        return;
    };
    let dir = norename.data("nr");
    let to = norename.url(dir.to_str().unwrap());
    let r = deliver(
        &v,
        &c,
        &args(&to, &login(&norename), &["--sheet", "Contacts"]),
        &[],
    );
    r.expect(1);
    assert!(r.stderr.contains("rename"), "{}", r.stderr);
    assert_eq!(files(&dir), Vec::<(String, u64)>::new(), "nothing left");
}

#[test]
fn sftp_on_a_terminal_the_keys_passphrase_is_asked_hidden() {
    use expectrl::Expect;
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let locked = sshd.new_key("locked", "ed25519", "tty secret 7", false);
    sshd.authorize(&locked);
    let dir = sshd.data("tty");
    let mut cmd = v.command();
    cmd.env_remove("SSH_AUTH_SOCK")
        .env("HOME", v.path("home"))
        .env("TERM", "xterm")
        .args(["deliver", "--company", &c, "--to"])
        .arg(sshd.url(dir.to_str().unwrap()))
        .arg("--ssh-key")
        .arg(&locked)
        .arg("--known-hosts")
        .arg(sshd.known_hosts(&["ed25519"]));
    let mut s = expectrl::Session::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    s.expect("(input hidden)").unwrap();
    // The prompt turns echo off just after printing itself (see terminal.rs).
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_line("tty secret 7").unwrap();
    let out = match s.expect(expectrl::Eof) {
        Ok(c) => String::from_utf8_lossy(c.as_bytes()).into_owned(),
        Err(e) => {
            let _ = s
                .get_process_mut()
                .kill(expectrl::process::unix::Signal::SIGKILL);
            panic!("vern did not finish on the terminal: {e}");
        }
    };
    let status = s.get_process_mut().wait().unwrap();
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)),
        "{status:?}: {out}"
    );
    assert!(
        !out.contains("tty secret"),
        "the passphrase was echoed: {out}"
    );
    assert_eq!(files(&dir).len(), 3, "{out}");
}

/// Estimate first and delta mode over SFTP: the plan is the run to the byte and writes nothing;
/// a second delta run finds nothing new, sends no data file, and its ledger moved only because
/// the server confirmed the first.
#[test]
fn sftp_a_plan_predicts_the_run_and_delta_sends_only_what_is_new() {
    let Some(sshd) = Sshd::start() else { return };
    let (_sb, v, c, _) = delivered_company();
    let login = login(&sshd);
    let dir = sshd.data("plan");
    let to = sshd.url(dir.to_str().unwrap());
    let shape = ["--format", "jsonl", "--gzip", "--json"];
    let p = deliver(
        &v,
        &c,
        &args(&to, &login, &[&shape[..], &["--plan"]].concat()),
        &[],
    );
    p.expect(0);
    let plan = p.json();
    assert_eq!(plan["kind"], "delivery_plan");
    assert!(files(&dir).is_empty(), "the plan wrote nothing");
    let r = deliver(&v, &c, &args(&to, &login, &shape), &[]);
    r.expect(0);
    let run = r.json();
    assert_eq!(plan["total"]["to_send"], run["record_count"]);
    assert_eq!(plan["total"]["bytes"], run["file_size"]);
    let data: Vec<(String, u64)> = files(&dir)
        .into_iter()
        .filter(|(n, _)| !n.starts_with("vern-manifest"))
        .collect();
    assert_eq!(plan["total"]["files"], data.len() as u64);
    let stored: u64 = data.iter().map(|(_, n)| n).sum();
    assert_eq!(plan["total"]["bytes"], stored, "the bytes on the server");

    let dir = sshd.data("delta");
    let to = sshd.url(dir.to_str().unwrap());
    let delta = ["--mode", "delta", "--name", "{sheet}-{run}.{ext}", "--json"];
    let first = deliver(&v, &c, &args(&to, &login, &delta), &[]);
    first.expect(0);
    let first = first.json();
    assert_eq!(first["delta"]["new"], first["record_count"]);
    assert!(first["record_count"].as_u64().unwrap() > 2000);
    let again = [&delta[..], &["--plan"]].concat();
    let plan = deliver(&v, &c, &args(&to, &login, &again), &[]);
    plan.expect(0);
    let plan = plan.json();
    assert_eq!(
        (
            plan["total"]["to_send"].clone(),
            plan["total"]["files"].clone()
        ),
        (json!(0), json!(0)),
        "{plan:#}"
    );
    assert_eq!(plan["total"]["already_delivered"], first["record_count"]);
    let before = files(&dir).len();
    let second = [&delta[..], &["--new"]].concat();
    let second = deliver(&v, &c, &args(&to, &login, &second), &[]);
    second.expect(0);
    let second = second.json();
    assert_eq!(second["record_count"], 0, "{second:#}");
    assert_eq!(second["delta"]["unchanged"], first["record_count"]);
    assert_eq!(files(&dir).len(), before + 1, "only the second manifest");
}

//! `known_hosts` read the way OpenSSH reads it, and written the way it writes it.
//!
//! russh has a reader, but it splits on single spaces (a tab-separated line, which OpenSSH
//! accepts, is silently not there), ignores `@revoked` (a revoked key would be trusted), knows no
//! wildcards or negations, fails the whole file on one unparsable key, and counts lines without
//! comments. This one, in OpenSSH's terms (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
//! - a line is `[@marker] patterns keytype base64 [comment]`, fields separated by any whitespace;
//!   blank lines and `#` comments are skipped, and so is a line that cannot be read (OpenSSH warns
//!   and goes on);
//! - patterns are comma-separated, `*` and `?` wildcards, `!` negates (a negated match rules the
//!   line out), case-insensitive; `|1|salt|hash` is a hashed name (HMAC-SHA1 of the name);
//! - the name looked up is `host` on port 22 and `[host]:port` otherwise;
//! - `@revoked` keys are refused for the hosts they name; `@cert-authority` lines are for host
//!   certificates, which vern does not accept, so they vouch for nothing here.
//!
//! Line numbers are the file's own (1-based, comments counted), so a message can point at them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use russh::keys::{Algorithm, HashAlg, PublicKey};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One readable entry.
#[derive(Debug, Clone)]
struct Entry {
    /// Where it is: the file and its 1-based line.
    file: usize,
    line: usize,
    marker: Marker,
    patterns: String,
    key: PublicKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    Revoked,
    CertAuthority,
}

/// The entries of one or more known_hosts files (a missing file has none).
#[derive(Debug, Clone, Default)]
pub struct KnownHosts {
    files: Vec<PathBuf>,
    entries: Vec<Entry>,
}

/// Where a key is recorded: `FILE line N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}", self.file.display(), self.line)
    }
}

/// What the files say about a host's key.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Recorded for this host.
    Known,
    /// Marked `@revoked`: never trusted.
    Revoked(Place),
    /// The host has a key of this type recorded, and it is another one.
    Changed(Vec<(Place, PublicKey)>),
    /// The host has keys of other types recorded only (the server did not offer those).
    OtherTypes(Vec<(Place, PublicKey)>),
    /// Nothing recorded for this host.
    Unknown,
}

/// The name a host goes by in known_hosts: `host` on port 22, else `[host]:port`.
pub fn host_port(host: &str, port: u16) -> String {
    let host = host.to_ascii_lowercase();
    if port == 22 {
        host
    } else {
        format!("[{host}]:{port}")
    }
}

/// OpenSSH's `SHA256:…` fingerprint, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, …: the key's type.
pub fn key_type(key: &PublicKey) -> String {
    key.algorithm().as_str().to_string()
}

impl KnownHosts {
    /// Read `files` in order (a missing one is empty; one that cannot be read is an error).
    pub fn read(files: &[PathBuf]) -> std::io::Result<KnownHosts> {
        let mut kh = KnownHosts {
            files: files.to_vec(),
            entries: Vec::new(),
        };
        for (i, path) in files.iter().enumerate() {
            let text = match std::fs::read(path) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            kh.entries.extend(parse(&text, i));
        }
        Ok(kh)
    }

    fn place(&self, e: &Entry) -> Place {
        Place {
            file: self.files[e.file].clone(),
            line: e.line,
        }
    }

    fn for_host<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| host_matches(name, &e.patterns))
    }

    /// What the files say about `key` for `host:port`.
    pub fn check(&self, host: &str, port: u16, key: &PublicKey) -> Verdict {
        let name = host_port(host, port);
        let same = |a: &PublicKey| a.key_data() == key.key_data();
        if let Some(e) = self
            .for_host(&name)
            .find(|e| e.marker == Marker::Revoked && same(&e.key))
        {
            return Verdict::Revoked(self.place(e));
        }
        let plain: Vec<&Entry> = self
            .for_host(&name)
            .filter(|e| e.marker == Marker::None)
            .collect();
        if plain.iter().any(|e| same(&e.key)) {
            return Verdict::Known;
        }
        let kind = key.key_data().algorithm();
        let changed: Vec<(Place, PublicKey)> = plain
            .iter()
            .filter(|e| e.key.key_data().algorithm() == kind)
            .map(|e| (self.place(e), e.key.clone()))
            .collect();
        if !changed.is_empty() {
            return Verdict::Changed(changed);
        }
        if plain.is_empty() {
            return Verdict::Unknown;
        }
        Verdict::OtherTypes(
            plain
                .iter()
                .map(|e| (self.place(e), e.key.clone()))
                .collect(),
        )
    }

    /// The key types recorded for `host:port`, in file order, each once.
    pub fn recorded_types(&self, host: &str, port: u16) -> Vec<Algorithm> {
        let name = host_port(host, port);
        let mut out: Vec<Algorithm> = Vec::new();
        for e in self.for_host(&name).filter(|e| e.marker == Marker::None) {
            let a = e.key.algorithm();
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }
}

/// The readable entries of one file's text.
fn parse(text: &str, file: usize) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let mut first = fields.next().unwrap_or_default();
        let marker = match first {
            "@revoked" => Marker::Revoked,
            "@cert-authority" => Marker::CertAuthority,
            m if m.starts_with('@') => continue,
            _ => Marker::None,
        };
        if marker != Marker::None {
            first = match fields.next() {
                Some(f) => f,
                None => continue,
            };
        }
        let (Some(kind), Some(blob)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Ok(key) = PublicKey::from_openssh(&format!("{kind} {blob}")) else {
            continue;
        };
        out.push(Entry {
            file,
            line: i + 1,
            marker,
            patterns: first.to_string(),
            key,
        });
    }
    out
}

/// Whether `name` (already `host` or `[host]:port`) matches a comma-separated pattern list, as
/// OpenSSH's `match_hostname`: a matching negated pattern rules the list out.
fn host_matches(name: &str, patterns: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let mut matched = false;
    for pattern in patterns.split(',').filter(|p| !p.is_empty()) {
        if let Some(hashed) = pattern.strip_prefix("|1|") {
            if hashed_matches(&name, hashed) {
                matched = true;
            }
            continue;
        }
        let (negated, pattern) = match pattern.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pattern),
        };
        if wildcard(&pattern.to_ascii_lowercase(), &name) {
            if negated {
                return false;
            }
            matched = true;
        }
    }
    matched
}

/// `salt|hash`, both base64: HMAC-SHA1 keyed by the salt over the name.
fn hashed_matches(name: &str, hashed: &str) -> bool {
    let Some((salt, hash)) = hashed.split_once('|') else {
        return false;
    };
    let (Ok(salt), Ok(hash)) = (STANDARD.decode(salt), STANDARD.decode(hash)) else {
        return false;
    };
    let Ok(mac) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&salt) else {
        return false;
    };
    mac.chain_update(name.as_bytes())
        .verify_slice(&hash)
        .is_ok()
}

/// `*` (any run) and `?` (one character) over the whole text.
fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Record `key` for `host:port` at the end of `path`, as OpenSSH's `accept-new` does: one plain
/// line `NAME TYPE BASE64`. A new file is created 0600 (its directory 0700, like `~/.ssh`); the
/// append happens under an exclusive lock, so two runs learning at once do not interleave.
pub fn learn(path: &Path, host: &str, port: u16, key: &PublicKey) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _};
    #[cfg(unix)]
    use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        b.mode(0o700);
        b.create(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).append(true).create(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut file = opts.open(path)?;
    file.lock()?;
    let mut newline = false;
    let len = file.metadata()?.len();
    if len > 0 {
        file.seek(std::io::SeekFrom::End(-1))?;
        let mut last = [0u8; 1];
        file.read_exact(&mut last)?;
        newline = last[0] != b'\n';
    }
    let blob = key
        .to_openssh()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    // The server's key carries no comment; keep only `TYPE BASE64` all the same.
    let mut parts = blob.split_whitespace();
    let line = format!(
        "{}{} {} {}\n",
        if newline { "\n" } else { "" },
        host_port(host, port),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default()
    );
    file.write_all(line.as_bytes())?;
    file.sync_all()?;
    file.unlock()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";
    const ED2: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEW9bSiBj9QZd/e23Nwi/UW7QOcNtHqgIyp8YS5gZ0qC";
    const ECDSA: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAoIXz0e8tPv2+keFNOVfeZHHy09gvm/pK8MZT+f05I43UGvXHjfc+Ka8jff+hFmZkmhU63cvXvgBBBIXHNJ4uQ=";

    fn key(s: &str) -> PublicKey {
        PublicKey::from_openssh(s).unwrap()
    }

    fn known(text: &str) -> KnownHosts {
        KnownHosts {
            files: vec![PathBuf::from("kh")],
            entries: parse(text, 0),
        }
    }

    #[test]
    fn plain_ported_hashed_tabbed_and_wildcard_entries_match() {
        let kh = known(&format!(
            "# comment\n\n[files.example]:2222\t{ED}  user@x\n"
        ));
        assert!(matches!(
            kh.check("files.example", 2222, &key(ED)),
            Verdict::Known
        ));
        assert!(matches!(
            kh.check("files.example", 22, &key(ED)),
            Verdict::Unknown
        ));
        // Written without the port, the entry is for port 22 only (as in OpenSSH).
        let kh = known(&format!("files.example {ED}\n"));
        assert!(matches!(
            kh.check("FILES.example", 22, &key(ED)),
            Verdict::Known
        ));
        assert!(matches!(
            kh.check("files.example", 2222, &key(ED)),
            Verdict::Unknown
        ));
        // A hashed name, as `ssh-keygen -H` writes it.
        let salt = [7u8; 20];
        let mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&salt)
            .unwrap()
            .chain_update(b"[127.0.0.1]:2222")
            .finalize()
            .into_bytes();
        let hashed = format!("|1|{}|{}", STANDARD.encode(salt), STANDARD.encode(mac));
        let kh = known(&format!("{hashed} {ED}\n"));
        assert!(matches!(
            kh.check("127.0.0.1", 2222, &key(ED)),
            Verdict::Known
        ));
        assert!(matches!(
            kh.check("127.0.0.2", 2222, &key(ED)),
            Verdict::Unknown
        ));
        let kh = known(&format!("*.example,!bad.example {ED}\n"));
        assert!(matches!(
            kh.check("a.example", 22, &key(ED)),
            Verdict::Known
        ));
        assert!(matches!(
            kh.check("bad.example", 22, &key(ED)),
            Verdict::Unknown
        ));
        assert!(wildcard("h?st*", "host-1"));
        assert!(!wildcard("h?st", "hoost"));
        assert!(wildcard("[*]:2222", "[10.0.0.1]:2222"));
    }

    #[test]
    fn a_different_key_of_the_same_type_is_a_change_with_its_real_line() {
        let kh = known(&format!(
            "# one\n# two\nh {ED2}\nh {ECDSA}\nbroken line\nh ssh-ed25519 not-base64\n"
        ));
        match kh.check("h", 22, &key(ED)) {
            Verdict::Changed(places) => {
                assert_eq!(places.len(), 1);
                assert_eq!(places[0].0.line, 3);
                assert_eq!(places[0].1.key_data(), key(ED2).key_data());
            }
            v => panic!("{v:?}"),
        }
        // Only another type recorded: not learnable, not known.
        let kh = known(&format!("h {ECDSA}\n"));
        assert!(matches!(
            kh.check("h", 22, &key(ED)),
            Verdict::OtherTypes(_)
        ));
        assert_eq!(
            kh.recorded_types("h", 22)
                .iter()
                .map(|a| a.as_str().to_string())
                .collect::<Vec<_>>(),
            ["ecdsa-sha2-nistp256"]
        );
    }

    #[test]
    fn revoked_keys_are_refused_and_cert_authorities_vouch_for_nothing() {
        let kh = known(&format!("h {ED}\n@revoked * {ED}\n"));
        assert!(
            matches!(kh.check("h", 22, &key(ED)), Verdict::Revoked(p) if p.line == 2),
            "revoked wins over a plain entry"
        );
        let kh = known(&format!("@cert-authority h {ED}\n"));
        assert!(matches!(kh.check("h", 22, &key(ED)), Verdict::Unknown));
    }

    #[test]
    fn learning_appends_one_line_to_a_private_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("ssh/known_hosts");
        learn(&path, "127.0.0.1", 2222, &key(&format!("{ED} comment"))).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, format!("[127.0.0.1]:2222 {ED}\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, format!("h {ECDSA}")).unwrap();
        learn(&path, "h", 22, &key(ED)).unwrap();
        let kh = KnownHosts::read(std::slice::from_ref(&path)).unwrap();
        assert!(matches!(kh.check("h", 22, &key(ED)), Verdict::Known));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("h {ECDSA}\nh {ED}\n"),
            "a missing final newline is added first"
        );
    }
}

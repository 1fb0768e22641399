//! The SSH connection under an SFTP destination: TCP with vern's connect timeout, the host key
//! checked against known_hosts by vern itself (russh's examples accept any key), then a public-key
//! login with a key file or through the SSH agent. Every failure becomes a [`DestError`] in the
//! contract's classes: an unreachable server (exit 1), a host key that is unknown, changed or
//! revoked, refused credentials (exit 3).
//!
//! Traps (found proving this against OpenSSH 9.2):
//! - RSA keys must sign with rsa-sha2-256/512; russh's `None` hash means SHA-1 `ssh-rsa`, which
//!   OpenSSH ≥ 8.8 refuses. The server's `server-sig-algs` says which it takes.
//! - russh prefers ed25519 host keys; a host recorded only with its RSA key would look unknown.
//!   As OpenSSH does, the host-key types already recorded for the host are offered first.
//! - A refusal returned from `check_server_key` ends the handshake before authentication: nothing
//!   of the user's is sent to a host whose key is not trusted.

use super::known_hosts::{self, KnownHosts, Verdict, fingerprint, host_port, key_type};
use crate::deliver::dest::DestError;
use russh::client::{self, AuthResult, Handle};
use russh::keys::agent::client::AgentClient;
use russh::keys::{Algorithm, HashAlg, PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What a failed handshake was: vern's own refusal (the host key), or russh's error.
#[derive(Debug)]
pub enum Failure {
    Refused(DestError),
    Ssh(russh::Error),
}

impl From<russh::Error> for Failure {
    fn from(e: russh::Error) -> Self {
        Failure::Ssh(e)
    }
}

/// How to reach and trust the server, and who logs in.
pub struct Login {
    pub user: String,
    pub host: String,
    pub port: u16,
    /// The known_hosts files read, in order; new keys are learned into the first.
    pub known_hosts: Vec<PathBuf>,
    pub accept_new: bool,
    pub credential: Credential,
    pub connect_timeout: Duration,
    pub idle_timeout: Duration,
}

/// How vern proves who it is.
pub enum Credential {
    /// A key file, already decrypted.
    Key { path: PathBuf, key: Arc<PrivateKey> },
    /// The SSH agent at this socket (`SSH_AUTH_SOCK`).
    Agent(PathBuf),
    /// Neither (the login fails with a message that says so).
    None,
}

impl Login {
    /// `sftp://user@host[:port]` for messages.
    pub fn label(&self) -> String {
        let port = if self.port == 22 {
            String::new()
        } else {
            format!(":{}", self.port)
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}@{host}{port}", self.user)
    }

    fn server(&self) -> String {
        host_port(&self.host, self.port)
    }
}

/// Checks the server's host key against known_hosts (the handshake's one callback vern needs).
pub struct Checker {
    host: String,
    port: u16,
    known: KnownHosts,
    learn_into: PathBuf,
    accept_new: bool,
}

impl client::Handler for Checker {
    type Error = Failure;

    async fn check_server_key(
        &mut self,
        offered: &PublicKeyOrCertificate,
    ) -> Result<bool, Failure> {
        let key = match offered {
            PublicKeyOrCertificate::PublicKey { key, .. } => key,
            PublicKeyOrCertificate::Certificate(_) => {
                return Err(Failure::Refused(DestError::HostKey {
                    message: format!(
                        "{} presented a host certificate; vern trusts plain host keys recorded in known_hosts",
                        host_port(&self.host, self.port)
                    ),
                    hint: "record the server's plain host key in known_hosts".into(),
                }));
            }
        };
        match self.known.check(&self.host, self.port, key) {
            Verdict::Known => Ok(true),
            Verdict::Unknown if self.accept_new => {
                known_hosts::learn(&self.learn_into, &self.host, self.port, key).map_err(|e| {
                    Failure::Refused(DestError::Failed(format!(
                        "cannot record the host key in {}: {e}",
                        self.learn_into.display()
                    )))
                })?;
                Ok(true)
            }
            verdict => Err(Failure::Refused(refusal(
                &self.host,
                self.port,
                key,
                verdict,
                &self.learn_into,
            ))),
        }
    }
}

/// The message and hint for a host key vern does not trust.
fn refusal(
    host: &str,
    port: u16,
    key: &russh::keys::PublicKey,
    verdict: Verdict,
    file: &Path,
) -> DestError {
    let server = host_port(host, port);
    let offered = format!("{} {}", key_type(key), fingerprint(key));
    let file = file.display();
    let scan = if port == 22 {
        format!("ssh-keyscan {host}")
    } else {
        format!("ssh-keyscan -p {port} {host}")
    };
    let (message, hint) = match verdict {
        Verdict::Unknown => (
            format!(
                "the host key of {server} is not known: the server offered {offered}, and {file} has no entry for it; nothing was sent"
            ),
            format!(
                "check that fingerprint with the server's administrator, then run again with --accept-new-host-key to record it in {file} (or add the line `{scan}` prints there)"
            ),
        ),
        Verdict::Changed(was) => {
            let was: Vec<String> = was
                .iter()
                .map(|(place, k)| format!("{} {} ({place})", key_type(k), fingerprint(k)))
                .collect();
            (
                format!(
                    "THE HOST KEY OF {server} HAS CHANGED: known_hosts records {}, the server offered {offered}. Someone may be intercepting the connection, or the server's key was replaced; nothing was sent",
                    was.join(", ")
                ),
                format!(
                    "vern never replaces a recorded host key: if the server's administrator confirms the new key, remove the old entry (ssh-keygen -R '{server}' -f {file}) and run again with --accept-new-host-key"
                ),
            )
        }
        Verdict::Revoked(place) => (
            format!(
                "the host key of {server} ({offered}) is marked @revoked in {place}; nothing was sent"
            ),
            "ask the server's administrator for its current host key".to_string(),
        ),
        Verdict::OtherTypes(recorded) => {
            let recorded: Vec<String> = recorded
                .iter()
                .map(|(place, k)| format!("{} {} ({place})", key_type(k), fingerprint(k)))
                .collect();
            (
                format!(
                    "known_hosts records {server} with {}, but the server offered {offered} instead; nothing was sent",
                    recorded.join(", ")
                ),
                format!(
                    "if the server's administrator confirms the new key, add it to {file} (vern does not learn a key for a host it already knows)"
                ),
            )
        }
        Verdict::Known => unreachable!("a known key is not refused"),
    };
    DestError::HostKey { message, hint }
}

/// Host-key algorithms with the types already recorded for this host first (RSA as rsa-sha2-512
/// and -256, never SHA-1), then russh's defaults.
fn host_key_order(recorded: &[Algorithm]) -> Vec<Algorithm> {
    let default = russh::Preferred::DEFAULT.key.to_vec();
    let mut out: Vec<Algorithm> = Vec::new();
    for a in recorded {
        let expanded: Vec<Algorithm> = if matches!(a, Algorithm::Rsa { .. }) {
            vec![
                Algorithm::Rsa {
                    hash: Some(HashAlg::Sha512),
                },
                Algorithm::Rsa {
                    hash: Some(HashAlg::Sha256),
                },
            ]
        } else {
            vec![a.clone()]
        };
        for e in expanded {
            if default.contains(&e) && !out.contains(&e) {
                out.push(e);
            }
        }
    }
    for d in default {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// AES-GCM first where the CPU has AES instructions (russh's ChaCha20-Poly1305 costs 20–40 % more
/// CPU than OpenSSH's there); ChaCha20 first elsewhere.
fn cipher_order() -> Vec<russh::cipher::Name> {
    let mut order = russh::Preferred::DEFAULT.cipher.to_vec();
    if aes_in_hardware()
        && let Some(i) = order.iter().position(|n| *n == russh::cipher::AES_256_GCM)
    {
        let gcm = order.remove(i);
        order.insert(0, gcm);
    }
    order
}

fn aes_in_hardware() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("aes")
            && std::arch::is_x86_feature_detected!("pclmulqdq")
    }
    #[cfg(target_arch = "aarch64")]
    {
        std::arch::is_aarch64_feature_detected!("aes")
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        false
    }
}

/// Connect, check the host key, log in.
pub async fn connect(login: &Login) -> Result<Handle<Checker>, DestError> {
    let known = KnownHosts::read(&login.known_hosts).map_err(|e| DestError::HostKey {
        message: format!(
            "cannot read {}: {e}",
            login
                .known_hosts
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        hint:
            "vern checks the server's host key there; pass --known-hosts FILE to use another file"
                .into(),
    })?;
    let mut preferred = russh::Preferred {
        key: host_key_order(&known.recorded_types(&login.host, login.port)).into(),
        cipher: cipher_order().into(),
        ..Default::default()
    };
    preferred.host_key_certificates = Vec::new().into();
    let config = Arc::new(client::Config {
        preferred,
        nodelay: true,
        // A dead server is noticed by the SFTP requests' own timeout; keepalives keep NAT and
        // firewalls from dropping a connection that waits on a slow source.
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 3,
        inactivity_timeout: None,
        ..Default::default()
    });
    let stream = tcp(login).await?;
    let checker = Checker {
        host: login.host.clone(),
        port: login.port,
        known,
        learn_into: login.known_hosts.first().cloned().unwrap_or_default(),
        accept_new: login.accept_new,
    };
    let handshake = client::connect_stream(config, stream, checker);
    let mut handle =
        match tokio::time::timeout(login.connect_timeout + login.idle_timeout, handshake).await {
            Err(_) => {
                return Err(DestError::Unreachable(format!(
                    "{} accepted the connection but the SSH handshake did not finish within {}s",
                    login.label(),
                    (login.connect_timeout + login.idle_timeout).as_secs()
                )));
            }
            Ok(Err(Failure::Refused(e))) => return Err(e),
            Ok(Err(Failure::Ssh(e))) => {
                return Err(DestError::Unreachable(format!(
                    "the SSH handshake with {} failed: {}",
                    login.label(),
                    describe(&e)
                )));
            }
            Ok(Ok(h)) => h,
        };
    let auth = tokio::time::timeout(login.idle_timeout * 2, authenticate(&mut handle, login)).await;
    match auth {
        Ok(Ok(())) => Ok(handle),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(DestError::Unreachable(format!(
            "{} did not answer the login within {}s",
            login.label(),
            (login.idle_timeout * 2).as_secs()
        ))),
    }
}

/// The TCP connection: every address of the host in turn, each within the connect timeout.
async fn tcp(login: &Login) -> Result<tokio::net::TcpStream, DestError> {
    let server = login.label();
    let addrs: Vec<std::net::SocketAddr> = match tokio::time::timeout(
        login.connect_timeout,
        tokio::net::lookup_host((login.host.as_str(), login.port)),
    )
    .await
    {
        Ok(Ok(a)) => a.collect(),
        Ok(Err(e)) => {
            return Err(DestError::Unreachable(format!(
                "cannot find the host {}: {e}",
                login.host
            )));
        }
        Err(_) => {
            return Err(DestError::Unreachable(format!(
                "looking up the host {} took longer than {}s",
                login.host,
                login.connect_timeout.as_secs()
            )));
        }
    };
    let mut last = format!("cannot find the host {}", login.host);
    // The address tried, when the host is a name (an IP address says it already).
    let literal = login.host.parse::<std::net::IpAddr>().is_ok();
    let at = |addr: std::net::SocketAddr| {
        if literal {
            String::new()
        } else {
            format!(" (at {addr})")
        }
    };
    for addr in addrs {
        match tokio::time::timeout(login.connect_timeout, tokio::net::TcpStream::connect(addr))
            .await
        {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                last = format!("{server} refused the connection{}", at(addr));
            }
            Ok(Err(e)) => last = format!("cannot connect to {server}{}: {e}", at(addr)),
            Err(_) => {
                last = format!(
                    "{server} did not accept a connection within {}s{}",
                    login.connect_timeout.as_secs(),
                    at(addr)
                )
            }
        }
    }
    Err(DestError::Unreachable(last))
}

/// russh's error in words (the I/O error under it, when there is one).
pub fn describe(e: &russh::Error) -> String {
    match e {
        russh::Error::IO(io) => io.to_string(),
        russh::Error::Disconnect | russh::Error::HUP => "the server closed the connection".into(),
        other => other.to_string(),
    }
}

/// Load a private key file: `Ok(None)` when it is encrypted and no passphrase was given.
pub fn load_key(path: &Path, passphrase: Option<&str>) -> Result<Option<PrivateKey>, DestError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        DestError::Auth(format!(
            "cannot read the SSH key file {}: {e}",
            path.display()
        ))
    })?;
    match russh::keys::decode_secret_key(&text, None) {
        Ok(k) => return Ok(Some(k)),
        Err(russh::keys::Error::KeyIsEncrypted) => {}
        Err(e) => {
            return Err(DestError::Auth(format!(
                "{} is not a private key vern can use: {e}",
                path.display()
            )));
        }
    }
    let Some(pass) = passphrase else {
        return Ok(None);
    };
    // A wrong passphrase fails differently by format (a cryptographic error, a padding error):
    // the key is known to be encrypted, so any failure now is the passphrase.
    russh::keys::decode_secret_key(&text, Some(pass))
        .map(Some)
        .map_err(|_| {
            DestError::Auth(format!(
                "the passphrase does not decrypt the SSH key {}",
                path.display()
            ))
        })
}

/// Whether the key file at `path` is protected by a passphrase (unreadable or not a key: no, so
/// the delivery reports that itself).
pub fn is_encrypted(path: &Path) -> bool {
    matches!(
        std::fs::read_to_string(path).map(|t| russh::keys::decode_secret_key(&t, None)),
        Ok(Err(russh::keys::Error::KeyIsEncrypted))
    )
}

/// RSA signs with the best rsa-sha2 the server takes (SHA-256 when it does not say).
async fn rsa_hash(
    handle: &Handle<Checker>,
    alg: &Algorithm,
) -> Result<Option<HashAlg>, russh::Error> {
    if !matches!(alg, Algorithm::Rsa { .. }) {
        return Ok(None);
    }
    Ok(handle
        .best_supported_rsa_hash()
        .await?
        .flatten()
        .or(Some(HashAlg::Sha256)))
}

async fn authenticate(handle: &mut Handle<Checker>, login: &Login) -> Result<(), DestError> {
    let who = login.label();
    let lost = |e: russh::Error| {
        DestError::Unreachable(format!("logging in to {who} failed: {}", describe(&e)))
    };
    match &login.credential {
        Credential::Key { path, key } => {
            let hash = rsa_hash(handle, &key.algorithm()).await.map_err(lost)?;
            let answer = handle
                .authenticate_publickey(
                    login.user.clone(),
                    PrivateKeyWithHashAlg::new(key.clone(), hash),
                )
                .await
                .map_err(lost)?;
            match answer {
                AuthResult::Success => Ok(()),
                AuthResult::Failure { .. } => Err(DestError::Auth(format!(
                    "{who} refused the key {} ({} {}) for user {}",
                    path.display(),
                    key.algorithm().as_str(),
                    fingerprint(key.public_key()),
                    login.user
                ))),
            }
        }
        Credential::Agent(socket) => {
            let mut agent = AgentClient::connect_uds(socket).await.map_err(|e| {
                DestError::Auth(format!(
                    "cannot reach the SSH agent at {} (SSH_AUTH_SOCK): {e}",
                    socket.display()
                ))
            })?;
            let ids = agent.request_identities().await.map_err(|e| {
                DestError::Auth(format!("the SSH agent did not list its keys: {e}"))
            })?;
            if ids.is_empty() {
                return Err(DestError::Auth(format!(
                    "the SSH agent at {} holds no keys",
                    socket.display()
                )));
            }
            let tried = ids.len();
            for id in ids {
                let public = id.public_key().into_owned();
                let hash = rsa_hash(handle, &public.algorithm()).await.map_err(lost)?;
                match handle
                    .authenticate_publickey_with(login.user.clone(), public, hash, &mut agent)
                    .await
                {
                    Ok(AuthResult::Success) => return Ok(()),
                    Ok(AuthResult::Failure { .. }) => continue,
                    Err(e) => {
                        return Err(DestError::Auth(format!(
                            "the SSH agent could not sign the login to {who}: {e}"
                        )));
                    }
                }
            }
            Err(DestError::Auth(format!(
                "{who} refused every key the SSH agent holds ({tried}) for user {}",
                login.user
            )))
        }
        Credential::None => Err(DestError::Auth(format!(
            "no SSH credentials to log in to {who}: SSH_AUTH_SOCK is not set and no key file was given"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_host_key_types_come_first_and_rsa_never_as_sha1() {
        let order = host_key_order(&[Algorithm::Rsa { hash: None }]);
        assert_eq!(
            order[0],
            Algorithm::Rsa {
                hash: Some(HashAlg::Sha512)
            }
        );
        assert_eq!(
            order[1],
            Algorithm::Rsa {
                hash: Some(HashAlg::Sha256)
            }
        );
        assert_eq!(order.len(), russh::Preferred::DEFAULT.key.len());
        assert_eq!(host_key_order(&[])[0], Algorithm::Ed25519);
    }
}

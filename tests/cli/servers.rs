//! Real servers from the package registries, started by the tests on loopback: nginx terminating
//! TLS with certificates from a private CA made with openssl, and tinyproxy. Each runs in the
//! foreground from a temporary directory and is killed when its handle drops. A missing tool fails
//! the test when CI says tools are required (`VERN_TEST_REQUIRE_TOOLS`), else skips it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Whether `name` is on PATH; when it is not and CI requires tools, the test fails.
pub fn tool(name: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_some() {
        panic!("{name} is required (VERN_TEST_REQUIRE_TOOLS is set)");
    }
    if !found {
        eprintln!("skipped: {name} is not installed");
    }
    found
}

/// A free loopback port (bound and released: the server binds it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A private CA and server certificates signed by it (and one that is self-signed).
pub struct Certs {
    pub dir: tempfile::TempDir,
}

impl Certs {
    pub fn new() -> Certs {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        run(Command::new("openssl")
            .args(["req", "-x509"])
            .args(ec)
            .args(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"])
            .args(["-subj", "/CN=vern test CA"])
            .args(["-addext", "basicConstraints=critical,CA:TRUE"])
            .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"])
            .current_dir(&d));
        let c = Certs { dir };
        c.leaf("good", "DNS:localhost,IP:127.0.0.1");
        c.leaf("wrong-name", "DNS:api.other.example");
        run(Command::new("openssl")
            .args(["req", "-x509"])
            .args(ec)
            .args(["-keyout", "self.key", "-out", "self.pem", "-days", "2"])
            .args(["-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .current_dir(&d));
        c
    }

    fn leaf(&self, name: &str, san: &str) {
        let d = self.dir.path();
        run(Command::new("openssl")
            .args([
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            .args(["-nodes", "-keyout", &format!("{name}.key")])
            .args([
                "-out",
                &format!("{name}.csr"),
                "-subj",
                "/CN=vern test server",
            ])
            .current_dir(d));
        let ext = d.join(format!("{name}.ext"));
        std::fs::write(
            &ext,
            format!(
                "subjectAltName={san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
            ),
        )
        .unwrap();
        run(Command::new("openssl")
            .args(["x509", "-req", "-in", &format!("{name}.csr")])
            .args(["-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"])
            .args(["-out", &format!("{name}.pem"), "-days", "2"])
            .args(["-extfile", ext.to_str().unwrap()])
            .current_dir(d));
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }
}

/// nginx terminating TLS on a loopback port with `cert`, passing requests on to `upstream`.
pub struct Nginx {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl Nginx {
    pub fn start(cert: &Path, key: &Path, upstream: &str) -> Nginx {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let p = dir.path().display().to_string();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
               server {{\n    listen 127.0.0.1:{port} ssl;\n    ssl_certificate {};\n    ssl_certificate_key {};\n\
                 location / {{ proxy_pass {upstream}; proxy_set_header Host $host:$server_port; }}\n  }}\n}}\n",
            cert.display(),
            key.display()
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let mut child = Command::new("nginx")
            .args(["-p", &p, "-c", conf_path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        wait_for_port(port, &mut child, "nginx");
        Nginx { port, dir, child }
    }

    /// Requests nginx served (TLS handshakes that failed never get this far).
    pub fn requests(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .count()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// tinyproxy on a loopback port, logging every request it forwards; with `auth`, it answers
/// 407 to requests without those credentials.
pub struct Tinyproxy {
    pub url: String,
    dir: tempfile::TempDir,
    child: Child,
}

impl Tinyproxy {
    pub fn start(auth: Option<(&str, &str)>) -> Tinyproxy {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let p = dir.path().display().to_string();
        let mut conf = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 10\nLogFile \"{p}/tinyproxy.log\"\nLogLevel Info\nPidFile \"{p}/tinyproxy.pid\"\nMaxClients 20\n"
        );
        if let Some((user, pass)) = auth {
            conf.push_str(&format!("BasicAuth {user} {pass}\n"));
        }
        let conf_path = dir.path().join("tinyproxy.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let mut child = Command::new("tinyproxy")
            .args(["-d", "-c", conf_path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tinyproxy starts");
        wait_for_port(port, &mut child, "tinyproxy");
        Tinyproxy {
            url: format!("http://127.0.0.1:{port}"),
            dir,
            child,
        }
    }

    /// The requests (and CONNECT tunnels) it was asked for: lines like `Request (file
    /// descriptor 5): GET http://…` (a bare connection, such as the readiness probe, logs none).
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("tinyproxy.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("Request (file descriptor"))
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

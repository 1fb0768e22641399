//! Real servers from the package registries, started by the tests on loopback: nginx terminating
//! TLS with certificates from a private CA made with openssl, tinyproxy, and the object stores —
//! moto (S3) and Azurite (Azure Blob), read back through their own HTTP APIs and through rclone,
//! never through vern's code; OpenSSH's sshd (SFTP) with ssh-agent, whose files are on this
//! machine's disk, and a relay that cuts a connection mid-upload. Each runs in the foreground from a temporary directory and is killed
//! when its handle drops. A missing tool fails the test when CI says tools are required
//! (`VERN_TEST_REQUIRE_TOOLS`, set by `.ci/run`, which also installs moto and Azurite into a cache
//! and puts them on PATH), else skips it.

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

/// The text inside every `<tag>…</tag>` of `xml`, in order (enough for the stores' listings).
fn xml_all(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next())
        .map(str::to_string)
        .collect()
}

fn xml_one(xml: &str, tag: &str) -> String {
    xml_all(xml, tag).into_iter().next().unwrap_or_default()
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn started(child: &mut Child, port: u16, what: &str, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{what} exited before listening: {status}\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// An object's headers as the server sends them to an anonymous HEAD (lower-case names).
pub type Headers = std::collections::BTreeMap<String, String>;

/// moto checks no signature, but an unsigned request is anonymous, which a private bucket's ACL
/// refuses: a well-formed (unchecked) SigV4 header makes it the account's own.
const MOTO_AUTH: (&str, &str) = (
    "authorization",
    "AWS4-HMAC-SHA256 Credential=testing-key/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
);

fn head(url: &str, auth: Option<(&str, &str)>) -> Option<Headers> {
    let mut req = http().head(url);
    if let Some((k, v)) = auth {
        req = req.header(k, v);
    }
    let r = req.send().unwrap();
    if r.status() == 404 {
        return None;
    }
    assert!(r.status().is_success(), "HEAD {url}: {}", r.status());
    Some(
        r.headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
    )
}

fn get(url: &str, auth: Option<(&str, &str)>) -> Option<Vec<u8>> {
    let mut req = http().get(url);
    if let Some((k, v)) = auth {
        req = req.header(k, v);
    }
    let r = req.send().unwrap();
    if r.status() == 404 {
        return None;
    }
    assert!(r.status().is_success(), "GET {url}: {}", r.status());
    Some(r.bytes().unwrap().to_vec())
}

/// rclone (an independent client) with a remote configured from the environment only: `s3:` for
/// moto, `az:` for Azurite. AWS_CA_BUNDLE, which this machine sets, breaks rclone 1.60's S3.
fn rclone(remote_env: &[(String, String)], args: &[&str]) -> String {
    String::from_utf8(rclone_raw(remote_env, args)).unwrap()
}

fn rclone_raw(remote_env: &[(String, String)], args: &[&str]) -> Vec<u8> {
    rclone_with_input(remote_env, args, None)
}

fn rclone_with_input(
    remote_env: &[(String, String)],
    args: &[&str],
    input: Option<&[u8]>,
) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = unproxied(&mut Command::new("rclone"))
        .args(args)
        .envs(remote_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env_remove("AWS_CA_BUNDLE")
        .env("RCLONE_CONFIG", "/dev/null")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rclone runs");
    if let Some(bytes) = input {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "rclone {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Without the proxy variables: the helpers talk to loopback directly.
fn unproxied(cmd: &mut Command) -> &mut Command {
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(v);
    }
    cmd
}

/// `rclone lsjson -R`: every object's path and size.
fn rclone_ls(remote_env: &[(String, String)], at: &str) -> Vec<(String, u64)> {
    let v: serde_json::Value =
        serde_json::from_str(&rclone(remote_env, &["lsjson", "-R", "--files-only", at])).unwrap();
    let mut out: Vec<(String, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["Path"].as_str().unwrap().to_string(),
                o["Size"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// moto's S3 server on a loopback port, killed on drop. It checks no signatures (any key works)
/// unless started with `with_auth`; it keeps everything in memory.
pub struct Moto {
    pub port: u16,
    /// With `with_auth`: the one key pair it accepts.
    pub keys: Option<(String, String)>,
    dir: tempfile::TempDir,
    child: Child,
}

impl Moto {
    /// `None` when moto_server is not installed (and CI does not require it).
    pub fn start() -> Option<Moto> {
        Moto::launch(false)
    }

    /// moto checking signatures: its first four requests make a user with an access key (see
    /// `keys`) and the bucket `authbkt`; every request after must be signed with that key.
    pub fn with_auth() -> Option<Moto> {
        Moto::launch(true)
    }

    fn launch(auth: bool) -> Option<Moto> {
        if !tool("moto_server") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log_path = dir.path().join("moto.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut cmd = Command::new("moto_server");
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .env_remove("AWS_CA_BUNDLE");
        if auth {
            cmd.env("INITIAL_NO_AUTH_ACTION_COUNT", "4");
        }
        let mut child = cmd.spawn().expect("moto_server starts");
        started(&mut child, port, "moto_server", &log_path);
        let mut moto = Moto {
            port,
            keys: None,
            dir,
            child,
        };
        if auth {
            moto.keys = Some(moto.make_user());
        }
        Some(moto)
    }

    /// IAM user, policy, key and bucket through boto3 from moto's own Python (its script's
    /// interpreter), within the four unauthenticated requests.
    fn make_user(&self) -> (String, String) {
        let script = std::process::Command::new("sh")
            .args(["-c", "command -v moto_server"])
            .output()
            .unwrap();
        let script = String::from_utf8(script.stdout).unwrap();
        let text = std::fs::read_to_string(script.trim()).unwrap();
        let python = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#!"))
            .expect("moto_server is a Python script")
            .trim()
            .to_string();
        let setup = r#"
import json, sys, boto3
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="vern")
iam.put_user_policy(UserName="vern", PolicyName="s3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
k = iam.create_access_key(UserName="vern")["AccessKey"]
boto3.client("s3", **kw).create_bucket(Bucket="authbkt")
print(k["AccessKeyId"], k["SecretAccessKey"])
"#;
        let out = unproxied(&mut Command::new(python))
            .args(["-c", setup, &self.endpoint()])
            .env_remove("AWS_CA_BUNDLE")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "moto auth setup: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let (k, s) = text.trim().split_once(' ').unwrap();
        (k.to_string(), s.to_string())
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What vern needs to write here: credentials (moto's own with `with_auth`), region, endpoint.
    pub fn env(&self) -> Vec<(String, String)> {
        let (k, s) = self
            .keys
            .clone()
            .unwrap_or_else(|| ("testing-key".into(), "testing-secret-key".into()));
        [
            ("AWS_ACCESS_KEY_ID", k),
            ("AWS_SECRET_ACCESS_KEY", s),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL", self.endpoint()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// A plain `PUT /BUCKET` (moto needs no signature for it).
    pub fn create_bucket(&self, bucket: &str) {
        let r = http()
            .put(format!("{}/{bucket}", self.endpoint()))
            .send()
            .unwrap();
        assert!(r.status().is_success(), "create bucket: {}", r.status());
    }

    /// ListObjectsV2: every key under `prefix` with its size.
    pub fn objects(&self, bucket: &str, prefix: &str) -> Vec<(String, u64)> {
        let xml = http()
            .get(
                url::Url::parse_with_params(
                    &format!("{}/{bucket}", self.endpoint()),
                    [("list-type", "2"), ("prefix", prefix)],
                )
                .unwrap(),
            )
            .header(MOTO_AUTH.0, MOTO_AUTH.1)
            .send()
            .unwrap()
            .text()
            .unwrap();
        xml_all(&xml, "Contents")
            .iter()
            .map(|c| (xml_one(c, "Key"), xml_one(c, "Size").parse().unwrap()))
            .collect()
    }

    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        get(
            &format!("{}/{bucket}/{key}", self.endpoint()),
            Some(MOTO_AUTH),
        )
    }

    pub fn head(&self, bucket: &str, key: &str) -> Option<Headers> {
        head(
            &format!("{}/{bucket}/{key}", self.endpoint()),
            Some(MOTO_AUTH),
        )
    }

    /// ListMultipartUploads: the (key, upload id) of every upload still open.
    pub fn uploads(&self, bucket: &str) -> Vec<(String, String)> {
        let xml = http()
            .get(format!("{}/{bucket}?uploads", self.endpoint()))
            .header(MOTO_AUTH.0, MOTO_AUTH.1)
            .send()
            .unwrap()
            .text()
            .unwrap();
        xml_all(&xml, "Upload")
            .iter()
            .map(|u| (xml_one(u, "Key"), xml_one(u, "UploadId")))
            .collect()
    }

    /// The rclone remote `s3:` for this server.
    pub fn rclone_env(&self) -> Vec<(String, String)> {
        let (k, s) = self
            .keys
            .clone()
            .unwrap_or_else(|| ("testing-key".into(), "testing-secret-key".into()));
        [
            ("RCLONE_CONFIG_S3_TYPE", "s3".to_string()),
            ("RCLONE_CONFIG_S3_PROVIDER", "Other".into()),
            ("RCLONE_CONFIG_S3_ENDPOINT", self.endpoint()),
            ("RCLONE_CONFIG_S3_REGION", "us-east-1".into()),
            ("RCLONE_CONFIG_S3_ACCESS_KEY_ID", k),
            ("RCLONE_CONFIG_S3_SECRET_ACCESS_KEY", s),
            ("RCLONE_CONFIG_S3_FORCE_PATH_STYLE", "true".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// rclone's listing of `bucket` (path relative to it, size), checked independently of moto's.
    pub fn rclone_ls(&self, bucket: &str) -> Vec<(String, u64)> {
        rclone_ls(&self.rclone_env(), &format!("s3:{bucket}"))
    }

    /// Write an object with rclone (one PUT: rclone 1.60's streamed multipart upload trips over
    /// moto's `x-amz-version-id: null`, so anything larger than the cutoff would fail).
    pub fn rclone_put(&self, bucket: &str, key: &str, bytes: &[u8], content_type: &str) {
        rclone_with_input(
            &self.rclone_env(),
            &[
                "rcat",
                "--streaming-upload-cutoff",
                "1G",
                "--header-upload",
                &format!("Content-Type: {content_type}"),
                &format!("s3:{bucket}/{key}"),
            ],
            Some(bytes),
        );
    }

    /// rclone's copy of an object's bytes.
    pub fn rclone_cat(&self, bucket: &str, key: &str) -> Vec<u8> {
        rclone_raw(&self.rclone_env(), &["cat", &format!("s3:{bucket}/{key}")])
    }

    /// What moto logged (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("moto.log")).unwrap_or_default()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Azurite's blob service on a loopback port (in memory), killed on drop. Containers are made
/// with rclone and are public, so the read-back helpers are anonymous requests to Azurite itself.
pub struct Azurite {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl Azurite {
    /// `None` when azurite-blob (or rclone, which makes containers) is not installed and CI does
    /// not require them.
    pub fn start() -> Option<Azurite> {
        if !tool("azurite-blob") || !tool("rclone") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log_path = dir.path().join("azurite.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut child = Command::new("azurite-blob")
            .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
            .args(["--inMemoryPersistence", "--disableTelemetry", "--silent"])
            .current_dir(dir.path())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("azurite-blob starts");
        started(&mut child, port, "azurite-blob", &log_path);
        Some(Azurite { port, dir, child })
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/devstoreaccount1", self.port)
    }

    /// What vern needs to write here: the emulator switch and where it listens.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("AZURE_STORAGE_USE_EMULATOR".into(), "true".into()),
            (
                "AZURITE_BLOB_STORAGE_URL".into(),
                format!("http://127.0.0.1:{}", self.port),
            ),
        ]
    }

    /// The rclone remote `az:` for this server.
    pub fn rclone_env(&self) -> Vec<(String, String)> {
        vec![
            ("RCLONE_CONFIG_AZ_TYPE".into(), "azureblob".into()),
            ("RCLONE_CONFIG_AZ_USE_EMULATOR".into(), "true".into()),
            ("RCLONE_CONFIG_AZ_ENDPOINT".into(), self.endpoint()),
        ]
    }

    /// A container anyone may read (writes still need the account key).
    pub fn create_container(&self, container: &str) {
        rclone(
            &self.rclone_env(),
            &[
                "mkdir",
                &format!("az:{container}"),
                "--azureblob-public-access",
                "container",
            ],
        );
    }

    /// List Blobs: every blob under `prefix` with its size.
    pub fn blobs(&self, container: &str, prefix: &str) -> Vec<(String, u64)> {
        let xml = http()
            .get(
                url::Url::parse_with_params(
                    &format!("{}/{container}", self.endpoint()),
                    [
                        ("restype", "container"),
                        ("comp", "list"),
                        ("prefix", prefix),
                    ],
                )
                .unwrap(),
            )
            .send()
            .unwrap()
            .text()
            .unwrap();
        xml_all(&xml, "Blob")
            .iter()
            .map(|b| {
                (
                    xml_one(b, "Name"),
                    xml_one(b, "Content-Length").parse().unwrap(),
                )
            })
            .collect()
    }

    pub fn get(&self, container: &str, name: &str) -> Option<Vec<u8>> {
        get(&format!("{}/{container}/{name}", self.endpoint()), None)
    }

    pub fn head(&self, container: &str, name: &str) -> Option<Headers> {
        head(&format!("{}/{container}/{name}", self.endpoint()), None)
    }

    /// An account SAS for devstoreaccount1 (blob service, read/add/create/write/delete/list, one
    /// hour), signed with Python's standard library, for `AZURE_STORAGE_SAS_TOKEN`.
    pub fn account_sas(&self) -> String {
        let script = r#"
import base64, datetime, hashlib, hmac, urllib.parse
acct = "devstoreaccount1"
key = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
se = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
f = dict(sp="racwdl", ss="b", srt="sco", st="", se=se, sip="", spr="https,http", sv="2021-08-06", ses="")
sts = "\n".join([acct, f["sp"], f["ss"], f["srt"], f["st"], f["se"], f["sip"], f["spr"], f["sv"], f["ses"]]) + "\n"
sig = base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha256).digest()).decode()
q = {k: v for k, v in f.items() if v} | {"sig": sig}
print(urllib.parse.urlencode(q))
"#;
        let out = Command::new("python3")
            .args(["-c", script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn rclone_ls(&self, container: &str) -> Vec<(String, u64)> {
        rclone_ls(&self.rclone_env(), &format!("az:{container}"))
    }

    pub fn rclone_put(&self, container: &str, name: &str, bytes: &[u8], content_type: &str) {
        rclone_with_input(
            &self.rclone_env(),
            &[
                "rcat",
                "--header-upload",
                &format!("Content-Type: {content_type}"),
                &format!("az:{container}/{name}"),
            ],
            Some(bytes),
        );
    }

    /// rclone's copy of a blob's bytes (rclone gunzips a blob stored with `Content-Encoding: gzip`).
    pub fn rclone_cat(&self, container: &str, name: &str) -> Vec<u8> {
        rclone_raw(
            &self.rclone_env(),
            &["cat", &format!("az:{container}/{name}")],
        )
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("azurite.log")).unwrap_or_default()
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// OpenSSH's sshd, unprivileged, on a loopback port: fresh ed25519 and RSA host keys, one
/// authorized client key, public-key logins only, and `internal-sftp` starting in a home
/// directory of its own (`-d`), so `~/` paths never touch the real home. Files land on this
/// machine's disk, so tests read back what vern wrote with plain `std::fs`.
pub struct Sshd {
    pub port: u16,
    /// The user who logs in (whoever runs the tests).
    pub user: String,
    dir: tempfile::TempDir,
    child: Child,
}

/// Where OpenSSH's server is on Debian (sshd re-executes itself: an absolute path is required).
pub const SSHD: &str = "/usr/sbin/sshd";

/// `ssh-keygen -t TYPE -N PASSPHRASE [-m PEM] -f PATH`.
pub fn keygen(path: &Path, typ: &str, passphrase: &str, pem: bool) -> PathBuf {
    let mut c = Command::new("ssh-keygen");
    c.args(["-q", "-t", typ, "-N", passphrase, "-C", "vern-test", "-f"])
        .arg(path);
    if typ == "rsa" {
        c.args(["-b", "3072"]);
    }
    if pem {
        c.args(["-m", "PEM"]);
    }
    run(&mut c);
    path.to_path_buf()
}

impl Sshd {
    /// With the sftp subsystem as is; `None` (the test skips) without OpenSSH, unless CI says
    /// tools are required.
    pub fn start() -> Option<Sshd> {
        Sshd::start_with("")
    }

    /// With `internal-sftp` flags added (`-R` read-only, `-P request,…` to refuse requests).
    pub fn start_with(sftp_flags: &str) -> Option<Sshd> {
        if !tool("ssh-keygen") {
            return None;
        }
        if !Path::new(SSHD).exists() {
            if std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_some() {
                panic!("{SSHD} is required (VERN_TEST_REQUIRE_TOOLS is set)");
            }
            eprintln!("skipped: {SSHD} is not installed");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["host", "client", "home", "data"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        keygen(&d.join("host/ed25519"), "ed25519", "", false);
        keygen(&d.join("host/rsa"), "rsa", "", false);
        keygen(&d.join("client/id"), "ed25519", "", false);
        std::fs::copy(d.join("client/id.pub"), d.join("authorized_keys")).unwrap();
        let user = String::from_utf8(Command::new("id").arg("-un").output().expect("id").stdout)
            .unwrap()
            .trim()
            .to_string();
        // As root, sshd needs its privilege separation directory (`.ci/run` makes it too).
        if user == "root" {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let port = free_port();
        let p = d.display();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {p}/host/ed25519\nHostKey {p}/host/rsa\n\
             PidFile {p}/sshd.pid\nAuthorizedKeysFile {p}/authorized_keys\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
             PermitRootLogin prohibit-password\nMaxStartups 100\nLogLevel VERBOSE\n\
             Subsystem sftp internal-sftp -d {p}/home {sftp_flags}\n"
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let log = std::fs::File::create(d.join("sshd.log")).unwrap();
        let mut child = Command::new(SSHD)
            .arg("-f")
            .arg(d.join("sshd_config"))
            .args(["-D", "-e"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("sshd starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default();
            if log.contains("Server listening") {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("sshd exited ({status}): {log}");
            }
            assert!(Instant::now() < deadline, "sshd did not start: {log}");
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(Sshd {
            port,
            user,
            dir,
            child,
        })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The authorized client key (ed25519, no passphrase).
    pub fn key(&self) -> PathBuf {
        self.path("client/id")
    }

    /// A new client key (not authorized unless `authorize` is called).
    pub fn new_key(&self, name: &str, typ: &str, passphrase: &str, pem: bool) -> PathBuf {
        keygen(&self.path(&format!("client/{name}")), typ, passphrase, pem)
    }

    pub fn authorize(&self, key: &Path) {
        use std::io::Write;
        let public = std::fs::read_to_string(key.with_extension("pub"))
            .or_else(|_| std::fs::read_to_string(format!("{}.pub", key.display())))
            .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(self.path("authorized_keys"))
            .unwrap()
            .write_all(public.as_bytes())
            .unwrap();
    }

    /// The login directory (`~` in an sftp:// URL).
    pub fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// A directory for absolute-path deliveries (not created).
    pub fn data(&self, rel: &str) -> PathBuf {
        self.path("data").join(rel)
    }

    /// `sftp://USER@127.0.0.1:PORT` + `path` (`/abs/…` or `/~/…`).
    pub fn url(&self, path: &str) -> String {
        format!("sftp://{}@127.0.0.1:{}{path}", self.user, self.port)
    }

    /// The host's public key of `typ` (`ed25519`, `rsa`): `TYPE BASE64`.
    pub fn host_key(&self, typ: &str) -> String {
        let text = std::fs::read_to_string(self.path(&format!("host/{typ}.pub"))).unwrap();
        let mut f = text.split_whitespace();
        format!("{} {}", f.next().unwrap(), f.next().unwrap())
    }

    /// `ssh-keygen -lf`: the host key's `SHA256:…` fingerprint, as OpenSSH prints it.
    pub fn fingerprint(&self, typ: &str) -> String {
        fingerprint(&self.path(&format!("host/{typ}.pub")))
    }

    /// A known_hosts file recording the host's `typ` keys for this port, as OpenSSH writes it.
    pub fn known_hosts(&self, types: &[&str]) -> PathBuf {
        let path = self.path(&format!("known_hosts-{}", types.join("-")));
        let text: String = types
            .iter()
            .map(|t| format!("[127.0.0.1]:{} {}\n", self.port, self.host_key(t)))
            .collect();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("sshd.log")).unwrap_or_default()
    }

    /// Public-key logins sshd accepted so far.
    pub fn logins(&self) -> usize {
        self.log().matches("Accepted publickey").count()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ssh-keygen -lf FILE`: the key's `SHA256:…` fingerprint.
pub fn fingerprint(public: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(public)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// An `ssh-agent` on a socket of its own, holding the keys given to `add`.
pub struct Agent {
    pub socket: PathBuf,
    _dir: tempfile::TempDir,
    child: Child,
}

impl Agent {
    pub fn start() -> Option<Agent> {
        if !tool("ssh-agent") || !tool("ssh-add") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            assert!(Instant::now() < deadline, "ssh-agent did not start");
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(Agent {
            socket,
            _dir: dir,
            child,
        })
    }

    pub fn add(&self, key: &Path) {
        run(Command::new("ssh-add")
            .arg("-q")
            .arg(key)
            .env("SSH_AUTH_SOCK", &self.socket)
            .stdin(Stdio::null()));
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP relay on a loopback port to `127.0.0.1:to` that cuts its first connection (both
/// directions, with a reset) once `cut_after` bytes went from the client to the server: a
/// connection lost in the middle of an upload. Later connections are relayed whole.
pub struct CutProxy {
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub cuts: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CutProxy {
    pub fn start(to: u16, cut_after: u64) -> CutProxy {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let cuts = Arc::new(AtomicUsize::new(0));
        let (stop2, cuts2) = (stop.clone(), cuts.clone());
        std::thread::spawn(move || {
            let mut first = true;
            while !stop2.load(Ordering::Relaxed) {
                let client = match listener.accept() {
                    Ok((s, _)) => s,
                    Err(_) => {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                };
                client.set_nonblocking(false).unwrap();
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", to)) else {
                    continue;
                };
                let limit = if first { Some(cut_after) } else { None };
                first = false;
                relay(client, server, limit, cuts2.clone());
            }
        });
        CutProxy { port, stop, cuts }
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn relay(
    client: std::net::TcpStream,
    server: std::net::TcpStream,
    limit: Option<u64>,
    cuts: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::io::{Read, Write};
    let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let (mut s_in, mut c_out) = (server, client);
    let up = std::thread::spawn(move || {
        let mut buf = [0u8; 16 << 10];
        let mut sent = 0u64;
        loop {
            let n = match c_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if limit.is_some_and(|l| sent + n as u64 > l) {
                cuts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // A reset, as a dying server or a broken network gives.
                let _ = socket2::SockRef::from(&c_in).set_linger(Some(Duration::ZERO));
                let _ = c_in.shutdown(std::net::Shutdown::Both);
                let _ = s_out.shutdown(std::net::Shutdown::Both);
                break;
            }
            sent += n as u64;
            if s_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = s_out.shutdown(std::net::Shutdown::Write);
    });
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 << 10];
        loop {
            let n = match s_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if c_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = c_out.shutdown(std::net::Shutdown::Write);
        let _ = up.join();
    });
}

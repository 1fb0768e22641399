//! Settings: the global flags, and every environment variable and terminal fact vern acts on,
//! resolved once into one value that everything else reads. Nothing outside this file looks at
//! `VERN_*`, `CI`, `GITHUB_*`, `NO_COLOR` or whether a stream is a terminal.
//!
//! Precedence is the usual one: a flag beats its variable (clap's `env`), which beats the
//! default; `-q`/`-v` beat `VERN_LOG`. The API URL has one more level: a flag, its variable, then
//! the URL `vern auth login` saved for the profile (`profiles`), then the default.

use crate::exit::UserError;
use clap::Args;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 10m, 2h)"))
}

/// `--api-url` / `VERN_API_URL`: an `http(s)://` URL with a host, checked while the command line
/// is parsed, so a slip is a usage error (exit 2) rather than a failure once the command runs. The
/// usual slip is a bare `host:port`, which a URL parser reads as scheme `host` (or not at all):
/// say what was probably meant.
fn parse_api_url(s: &str) -> Result<String, String> {
    let bare = !s.contains("://");
    match url::Url::parse(s) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(s.to_string())
        }
        _ if bare && !s.trim().is_empty() => {
            let host = s.trim().trim_end_matches('/');
            let loopback = host.starts_with("127.")
                || host.starts_with("localhost")
                || host.starts_with("[::1]");
            let scheme = if loopback { "http" } else { "https" };
            Err(format!(
                "the URL has no scheme; did you mean {scheme}://{host} ?"
            ))
        }
        Ok(u) if !matches!(u.scheme(), "http" | "https") => Err(format!(
            "unsupported scheme '{}' (use https://, or http:// for a local sandbox)",
            u.scheme()
        )),
        Ok(_) => Err("the URL has no host".into()),
        Err(e) => Err(format!("not a URL: {e}")),
    }
}

/// The API used when neither `--api-url`, `VERN_API_URL` nor the profile names one.
pub const DEFAULT_API_URL: &str = "https://app.vern.so";

/// Where the API URL in use came from (`vern auth status` says it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ApiUrlSource {
    /// `--api-url`
    Flag,
    /// `VERN_API_URL`
    Environment,
    /// The URL `vern auth login` saved for the profile.
    Profile { profile: String, path: String },
    /// Nothing named one: [`DEFAULT_API_URL`].
    Default,
    /// The in-process sandbox (`--sandbox`).
    Sandbox,
    /// `vern resume`: the API the operation ran against.
    Operation { id: String },
}

/// The options every command accepts, before or after the subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the
    /// profile, else https://app.vern.so
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "VERN_API_URL",
        value_name = "URL",
        value_parser = parse_api_url
    )]
    pub api_url: Option<String>,
    /// Where `api_url` came from when one was given: the command line or the environment (set by
    /// `cli::parse`, which sees clap's matches), or the operation `vern resume` continues.
    #[arg(skip)]
    pub api_url_source: Option<ApiUrlSource>,
    /// Which stored credential to use
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "VERN_PROFILE",
        default_value = "default",
        value_name = "NAME"
    )]
    pub profile: String,
    /// Where the journal of operations lives
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "VERN_STATE_DIR",
        default_value = "./.vern",
        value_name = "DIR"
    )]
    pub state_dir: PathBuf,
    /// Print the result as one JSON document on stdout (errors too)
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// Never prompt; a needed answer becomes an error naming the flag to pass
    #[arg(long, global = true,
        help_heading = "Global options", env = "VERN_NO_INPUT", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_input: bool,
    /// When to use colour on stderr
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
    /// Less on stderr (-qq: errors only)
    #[arg(short, long, global = true,
        help_heading = "Global options", action = clap::ArgAction::Count)]
    pub quiet: u8,
    /// More on stderr (-vv: every HTTP exchange, secrets redacted)
    #[arg(short, long, global = true,
        help_heading = "Global options", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Run against an in-process sandbox API on a free loopback port (rehearsals, demos)
    #[arg(long, global = true, help_heading = "Global options")]
    pub sandbox: bool,
    /// Client-side budget: at most N API requests in any 60-second window
    #[arg(long, global = true,
        help_heading = "Global options", env = "VERN_RATE_LIMIT", default_value_t = 100, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: u32,
    /// Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out
    #[arg(long, global = true,
        help_heading = "Global options", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,
}

/// Where a GitHub Actions job wants its summary and outputs.
#[derive(Debug, Clone, Default)]
pub struct GithubActions {
    pub step_summary: Option<PathBuf>,
    pub output: Option<PathBuf>,
}

/// Where keys are stored between commands (see `credentials`).
#[derive(Debug, Clone)]
pub struct KeyStore {
    /// `VERN_KEYRING=off` turns the OS keyring off (the file is used).
    pub keyring: bool,
    /// `VERN_KEYRING_TIMEOUT`: a wedged D-Bus session must not hang a command.
    pub timeout: Duration,
    /// `VERN_CREDENTIALS_FILE`, else `$XDG_CONFIG_HOME/vern/credentials.json`, else
    /// `~/.config/vern/credentials.json`.
    pub file: PathBuf,
    /// `profiles.json` beside `file`: each profile's API URL (see `profiles`).
    pub profiles: PathBuf,
}

/// Everything one invocation acts on, resolved.
#[derive(Clone)]
pub struct Settings {
    pub args: GlobalArgs,
    /// The API: `--api-url`, else `VERN_API_URL`, else the profile's saved URL, else the default.
    pub api_url: String,
    pub api_url_source: ApiUrlSource,
    /// `VERN_API_KEY`.
    pub env_key: EnvKey,
    /// `VERN_WEBHOOK_SECRET`: the signing secret of webhook deliveries (checked when one needs it,
    /// never printed).
    pub webhook_secret: Option<crate::deliver::webhook::SecretText>,
    /// `-q`/`-v`, else `VERN_LOG`.
    pub quiet: u8,
    pub verbose: u8,
    /// Colour on stderr.
    pub color: bool,
    pub stderr_tty: bool,
    /// Unattended: `CI` (or GitHub Actions) is set.
    pub ci: bool,
    /// Prompts are allowed: a terminal on both ends, no `--no-input`, not CI.
    pub interactive: bool,
    /// Set when running under GitHub Actions.
    pub github: Option<GithubActions>,
    /// `VERN_TIME_SCALE`: divides every client-side wait (tests and benchmarks).
    pub time_scale: f64,
    /// `VERN_CRASH_AT`: the crash tests' checkpoint (see `journal::checkpoint`).
    pub crash_at: Option<String>,
    pub key_store: KeyStore,
    /// Who makes a decision, for the audit trail: `user@host`, plus the CI actor.
    pub actor: String,
    /// This invocation's arguments (after the program name), as the journal records them.
    pub argv: Vec<String>,
    /// `VERN_CONNECT_TIMEOUT`, `VERN_IDLE_TIMEOUT`, `VERN_CALL_TIMEOUT`.
    pub timeouts: crate::api::client::Timeouts,
    /// The proxy variables (`https_proxy` …), to name the proxy in errors.
    pub proxies: crate::api::client::Proxies,
    /// `VERN_MULTIPART_THRESHOLD`, `VERN_MULTIPART_CONCURRENCY` and the timeouts, for object stores;
    /// `VERN_SSH_KEY` and `VERN_SSH_KEY_PASSPHRASE` for SFTP.
    pub delivery: crate::deliver::dest::Tuning,
    /// `VERN_JOBS_TOKEN`: the bearer token of `vern jobs serve --listen` (else it makes one).
    pub jobs_token: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("args", &self.args)
            .field("env_key", &self.env_key)
            .finish_non_exhaustive()
    }
}

/// `VERN_API_KEY` as the environment holds it.
#[derive(Clone, Default)]
pub enum EnvKey {
    /// Unset or blank: the profile's stored key is used.
    #[default]
    Unset,
    /// The key, trimmed.
    Set(String),
    /// Set, but not something that can be a key; says why, never showing the key. Using it is an
    /// authentication error naming the variable: never a silent fall-back to the stored key (the
    /// user asked for this one), and never a request whose header cannot carry it (which failed
    /// as a network error after a minute of retries).
    Unusable(String),
}

impl EnvKey {
    pub fn is_set(&self) -> bool {
        !matches!(self, EnvKey::Unset)
    }

    fn read() -> EnvKey {
        let Some(raw) = std::env::var_os("VERN_API_KEY") else {
            return EnvKey::Unset;
        };
        let Some(text) = raw.to_str() else {
            return EnvKey::Unusable("is not valid UTF-8 (an API key is plain ASCII text)".into());
        };
        let key = text.trim();
        if key.is_empty() {
            return EnvKey::Unset;
        }
        let what = key.chars().find_map(|c| match c {
            '\n' | '\r' => Some("a line break"),
            c if c.is_control() => Some("a control character"),
            c if c.is_whitespace() => Some("whitespace"),
            c if !c.is_ascii() => Some("a non-ASCII character"),
            _ => None,
        });
        match what {
            Some(what) => EnvKey::Unusable(format!("contains {what}, which an API key never does")),
            None => EnvKey::Set(key.to_string()),
        }
    }
}

impl std::fmt::Debug for EnvKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvKey::Unset => f.write_str("Unset"),
            EnvKey::Set(_) => f.write_str("Set(<redacted>)"),
            EnvKey::Unusable(why) => write!(f, "Unusable({why:?})"),
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn flag_var(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether `CI` (or a CI system's own variable) says we run unattended.
fn in_ci() -> bool {
    flag_var("CI") || std::env::var_os("GITHUB_ACTIONS").is_some()
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// `-q`/`-v` win; without them `VERN_LOG` (off, error, warn, info, debug, trace) sets the level.
fn log_levels(quiet: u8, verbose: u8) -> (u8, u8) {
    if quiet > 0 || verbose > 0 {
        return (quiet, verbose);
    }
    match var("VERN_LOG").map(|v| v.to_ascii_lowercase()).as_deref() {
        Some("off") => (2, 0),
        Some("error") => (1, 0),
        Some("info") => (0, 1),
        Some("debug" | "trace") => (0, 2),
        _ => (0, 0),
    }
}

fn time_scale() -> Result<f64, String> {
    match var("VERN_TIME_SCALE") {
        None => Ok(1.0),
        Some(v) => match v.parse::<f64>() {
            Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
            _ => Err(format!(
                "VERN_TIME_SCALE must be a positive number, not '{v}'"
            )),
        },
    }
}

fn key_store() -> KeyStore {
    let file = std::env::var_os("VERN_CREDENTIALS_FILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("XDG_CONFIG_HOME")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
                .unwrap_or_else(|| PathBuf::from("."))
                .join("vern")
                .join("credentials.json")
        });
    let profiles = file
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .join("profiles.json");
    KeyStore {
        keyring: !var("VERN_KEYRING").is_some_and(|v| v == "off" || v == "0"),
        timeout: var("VERN_KEYRING_TIMEOUT")
            .and_then(|v| humantime::parse_duration(&v).ok())
            .unwrap_or(Duration::from_secs(3)),
        file,
        profiles,
    }
}

/// The API URL and where it came from: given (flag, environment, a resumed operation), else the
/// one saved for the profile, else the default. `--sandbox` reads no profile: its own API wins.
fn api_url(args: &GlobalArgs, store: &KeyStore) -> Result<(String, ApiUrlSource), UserError> {
    if let Some(url) = &args.api_url {
        let source = args.api_url_source.clone().unwrap_or(ApiUrlSource::Flag);
        return Ok((url.clone(), source));
    }
    if args.sandbox {
        return Ok((DEFAULT_API_URL.to_string(), ApiUrlSource::Default));
    }
    let profiles = crate::profiles::Profiles::new(&store.profiles);
    let shown = profiles.path().display().to_string();
    let saved = profiles.api_url(&args.profile).map_err(|e| {
        UserError::input(format!("{e:#}")).with_hint(format!(
            "it holds only the API URLs of profiles: fix it or remove it, or pass --api-url; {shown}"
        ))
    })?;
    match saved {
        Some(url) => {
            let url = parse_api_url(&url).map_err(|why| {
                UserError::input(format!(
                    "the API URL saved for profile {} in {shown} is unusable: {why}",
                    args.profile
                ))
                .with_hint(format!(
                    "log in again with the right one: vern auth login --profile {} --api-url URL",
                    args.profile
                ))
            })?;
            let source = ApiUrlSource::Profile {
                profile: args.profile.clone(),
                path: shown,
            };
            Ok((url, source))
        }
        None => Ok((DEFAULT_API_URL.to_string(), ApiUrlSource::Default)),
    }
}

fn timeouts() -> Result<crate::api::client::Timeouts, String> {
    let mut t = crate::api::client::Timeouts::default();
    for (name, slot) in [
        ("VERN_CONNECT_TIMEOUT", &mut t.connect),
        ("VERN_IDLE_TIMEOUT", &mut t.idle),
        ("VERN_CALL_TIMEOUT", &mut t.call),
    ] {
        if let Some(v) = var(name) {
            *slot = humantime::parse_duration(&v)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| format!("{name} must be a duration like 30s or 2m, not '{v}'"))?;
        }
    }
    Ok(t)
}

/// A size: bytes, or with a unit (`8MiB`, `5M`, `512k`; K/M/G are powers of 1024).
fn parse_size(s: &str) -> Option<usize> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: usize = t[..digits].parse().ok()?;
    let shift = match t[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    n.checked_mul(1usize << shift)
}

fn delivery(
    timeouts: crate::api::client::Timeouts,
) -> Result<crate::deliver::dest::Tuning, String> {
    use crate::deliver::dest::Tuning;
    let mut t = Tuning {
        timeouts,
        ..Tuning::default()
    };
    if let Some(v) = var("VERN_MULTIPART_THRESHOLD") {
        t.multipart_threshold = parse_size(&v)
            .filter(|n| (1..=Tuning::MAX_THRESHOLD).contains(n))
            .ok_or_else(|| {
                format!("VERN_MULTIPART_THRESHOLD must be a size from 1 byte to 512MiB, like 8MiB, not '{v}'")
            })?;
    }
    // SFTP: the key file (a path, not a secret; `--ssh-key` beats it) and its passphrase (a
    // secret: never shown, never journaled).
    t.ssh.key = var("VERN_SSH_KEY")
        .filter(|v| !v.trim().is_empty())
        .map(PathBuf::from);
    t.ssh.passphrase = var("VERN_SSH_KEY_PASSPHRASE").filter(|v| !v.is_empty());
    if let Some(v) = var("VERN_MULTIPART_CONCURRENCY") {
        t.multipart_concurrency = v
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=Tuning::MAX_CONCURRENCY).contains(n))
            .ok_or_else(|| {
                format!("VERN_MULTIPART_CONCURRENCY must be a number from 1 to 64, not '{v}'")
            })?;
    }
    Ok(t)
}

/// `VERN_JOBS_TOKEN`, when set: visible ASCII, at least 16 characters (it guards the HTTP API).
fn jobs_token() -> Result<Option<String>, String> {
    let Some(t) = var("VERN_JOBS_TOKEN").map(|t| t.trim().to_string()) else {
        return Ok(None);
    };
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() < 16 || !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "VERN_JOBS_TOKEN must be at least 16 visible ASCII characters (no spaces)".into(),
        );
    }
    Ok(Some(t))
}

fn proxies() -> crate::api::client::Proxies {
    let either = |a: &str, b: &str| var(a).or_else(|| var(b)).filter(|v| !v.is_empty());
    crate::api::client::Proxies {
        http: either("http_proxy", "HTTP_PROXY"),
        https: either("https_proxy", "HTTPS_PROXY"),
        all: either("all_proxy", "ALL_PROXY"),
        no_proxy: either("no_proxy", "NO_PROXY"),
    }
}

/// Who makes a decision, for the audit trail: in CI, the person the CI system says started the
/// job (a CI container's user is `root` or unknown); elsewhere `user@host`.
fn actor(host: &str) -> String {
    const CI_ACTORS: [(&str, &str); 6] = [
        ("GITHUB_ACTOR", "GitHub Actions"),
        ("GITLAB_USER_LOGIN", "GitLab CI"),
        ("BUILDKITE_BUILD_CREATOR", "Buildkite"),
        ("CIRCLE_USERNAME", "CircleCI"),
        ("BUILD_REQUESTEDFOR", "Azure Pipelines"),
        ("BITBUCKET_STEP_TRIGGERER_UUID", "Bitbucket Pipelines"),
    ];
    if let Some((who, system)) = CI_ACTORS
        .iter()
        .find_map(|(v, system)| var(v).filter(|s| !s.trim().is_empty()).map(|w| (w, system)))
    {
        return format!("{who} ({system}, on {host})");
    }
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| var(v).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into());
    format!("{user}@{host}")
}

impl Settings {
    /// Resolve the parsed flags against the environment and the terminal. `argv` is the
    /// invocation's arguments after the program name.
    pub fn resolve(args: GlobalArgs, argv: Vec<String>) -> Result<Settings, UserError> {
        let (quiet, verbose) = log_levels(args.quiet, args.verbose);
        let key_store = key_store();
        let (api_url, api_url_source) = api_url(&args, &key_store)?;
        let stderr_tty = std::io::stderr().is_terminal();
        let stdin_tty = std::io::stdin().is_terminal();
        let ci = in_ci();
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stderr_tty && !no_color() && var("TERM").is_none_or(|t| t != "dumb")
            }
        };
        let github = (var("GITHUB_ACTIONS").as_deref() == Some("true")).then(|| {
            let path = |v: &str| {
                std::env::var_os(v)
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            };
            GithubActions {
                step_summary: path("GITHUB_STEP_SUMMARY"),
                output: path("GITHUB_OUTPUT"),
            }
        });
        let timeouts = timeouts().map_err(UserError::usage)?;
        Ok(Settings {
            api_url,
            api_url_source,
            env_key: EnvKey::read(),
            webhook_secret: var("VERN_WEBHOOK_SECRET")
                .filter(|v| !v.trim().is_empty())
                .map(crate::deliver::webhook::SecretText),
            quiet,
            verbose,
            color,
            stderr_tty,
            ci,
            interactive: !args.no_input && stdin_tty && stderr_tty && !ci,
            github,
            time_scale: time_scale().map_err(UserError::usage)?,
            crash_at: var("VERN_CRASH_AT"),
            key_store,
            actor: actor(&crate::journal::hostname()),
            argv,
            timeouts,
            delivery: delivery(timeouts).map_err(UserError::usage)?,
            jobs_token: jobs_token().map_err(UserError::usage)?,
            proxies: proxies(),
            args,
        })
    }

    /// Bars and spinners may redraw in place: a terminal on stderr, not quiet, not CI.
    pub fn live_progress(&self) -> bool {
        self.stderr_tty && self.quiet == 0 && !self.ci
    }
}

/// What clap's own output (help, usage errors) needs before the command line is parsed: the
/// colour, and whether a failure must still be one JSON document on stdout. A lenient scan of
/// the raw arguments, since the real parse is what may fail.
pub struct Early {
    pub color: clap::ColorChoice,
    pub json: bool,
}

impl Early {
    pub fn scan(args: &[OsString]) -> Early {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let flag = args.iter().enumerate().find_map(|(i, a)| {
            a.strip_prefix("--color=")
                .map(str::to_string)
                .or_else(|| (a == "--color").then(|| args.get(i + 1).cloned().unwrap_or_default()))
        });
        let color = match flag.as_deref() {
            Some("always") => clap::ColorChoice::Always,
            Some("never") => clap::ColorChoice::Never,
            _ if no_color() => clap::ColorChoice::Never,
            _ => clap::ColorChoice::Auto,
        };
        Early {
            color,
            json: args.iter().any(|a| a == "--json"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("8MiB"), Some(8 << 20));
        assert_eq!(parse_size("5 M"), Some(5 << 20));
        assert_eq!(parse_size("512k"), Some(512 << 10));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("8 MB"), Some(8 << 20));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("8 parsecs"), None);
        assert_eq!(parse_size(""), None);
    }
}

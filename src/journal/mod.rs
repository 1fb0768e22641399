//! The journal: one JSON record per operation under the state directory, so an interrupted
//! command continues where it stopped instead of starting a second run.
//!
//! - Records are written atomically (a temp file in the same directory, fsync, rename, fsync of
//!   the directory) with mode 0600, so a kill at any instant leaves the old or the new record,
//!   never half of one.
//! - A record is locked (`<id>.lock`, an OS file lock) while a process works on it; a second
//!   process gets exit 7 naming the holder. The OS drops the lock when its owner dies, however it
//!   dies, so a lock left by a dead process is simply taken over.
//! - Finding the operation a command continues happens under a short directory-wide lock, so two
//!   processes started together cannot both create one.
//! - `VERN_CRASH_AT=<checkpoint>` makes the process SIGKILL itself at that step boundary: the crash
//!   tests use it to prove that no boundary can duplicate a run.

pub mod record;

use crate::exit::{Candidate, ExitCode, UserError};
use anyhow::{Context as _, Result};
use record::{OpKind, OpStatus, Operation, Phase, SCHEMA, Step};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Operations this process holds, for the Ctrl-C handler: (journal dir, op id).
static ACTIVE: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

pub(crate) fn now() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// What makes two invocations "the same command again", so that the second continues the
/// first's operation instead of starting another.
pub(crate) enum Identity {
    /// The same kind of command against the same API with this material (company, files, the
    /// request, an explicit idempotency key…) is the same operation.
    Same(Value),
    /// Every invocation is its own operation (a download, a decision on someone else's run).
    Unique,
}

/// The one rule for an operation's key: SHA-256 over the canonical JSON of the command's kind,
/// the API it talks to and its identity material (the same key schema 1 computed, so an
/// unfinished operation of an earlier release is still continued by the same command).
pub(crate) fn key_for(kind: OpKind, api_url: &str, identity: &Identity) -> String {
    let mut material = match identity {
        Identity::Same(Value::Object(m)) => m.clone(),
        Identity::Same(other) => {
            let mut m = serde_json::Map::new();
            m.insert("material".into(), other.clone());
            m
        }
        Identity::Unique => {
            let mut m = serde_json::Map::new();
            m.insert("nonce".into(), uuid::Uuid::new_v4().to_string().into());
            m
        }
    };
    material.insert("kind".into(), kind.to_string().into());
    material.insert("api".into(), api_url.into());
    crate::canonical::short_hash(&Value::Object(material), 32)
}

fn new_op_id() -> String {
    let ts = now();
    // 2026-11-22T10:15:02.123Z → 20261122T101502
    let compact: String = ts
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!(
        "{compact}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    )
}

static CRASH_AT: OnceLock<String> = OnceLock::new();

/// Arm the crash tests' hook (`VERN_CRASH_AT`, resolved by `settings`).
pub(crate) fn arm_crash_at(at: Option<String>) {
    if let Some(at) = at {
        let _ = CRASH_AT.set(at);
    }
}

/// Kill this process at a named step boundary, when the crash tests ask for it:
/// `VERN_CRASH_AT=import:run` (the first time) or `VERN_CRASH_AT=import:settled#2` (the second).
pub(crate) fn checkpoint(name: &str) {
    static SEEN: Mutex<Vec<(String, u32)>> = Mutex::new(Vec::new());
    let Some(want) = CRASH_AT.get().cloned() else {
        return;
    };
    let (want_name, nth) = match want.split_once('#') {
        Some((n, k)) => (n.to_string(), k.parse::<u32>().unwrap_or(1)),
        None => (want.clone(), 1),
    };
    if want_name != name {
        return;
    }
    let count = {
        let Ok(mut seen) = SEEN.lock() else { return };
        match seen.iter_mut().find(|(n, _)| n == name) {
            Some((_, c)) => {
                *c += 1;
                *c
            }
            None => {
                seen.push((name.to_string(), 1));
                1
            }
        }
    };
    if count == nth {
        // SIGKILL, not a panic or exit: no destructor, flush or handler runs.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Holder {
    pub pid: u32,
    pub host: String,
    pub started_at: String,
    pub command: String,
}

pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let name = if ok {
        let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        String::new()
    };
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

pub(crate) fn pid_alive(pid: u32) -> bool {
    pid > 0 && unsafe { libc::kill(pid as libc::pid_t, 0) } == 0
}

pub struct Journal {
    dir: PathBuf,
    /// The command line of this process, shown to another process that finds a lock held.
    command: String,
}

/// What a command asks the journal for: continue its operation, or start one.
pub(crate) struct Begin {
    pub kind: OpKind,
    pub identity: Identity,
    pub argv: Vec<String>,
    pub api_url: String,
    pub sandbox: bool,
    pub company: Option<String>,
    pub options: Value,
    /// Start over even if an unfinished operation matches.
    pub new: bool,
}

/// A record of the journal, loaded, or the reason it could not be.
pub enum Listed {
    Ok(Box<Operation>),
    Unreadable { path: PathBuf, error: String },
}

impl Journal {
    pub fn new(dir: impl Into<PathBuf>) -> Journal {
        Journal {
            dir: dir.into(),
            command: "vern".into(),
        }
    }

    /// The command line this process runs, named in its locks.
    pub(crate) fn held_by(mut self, command: impl Into<String>) -> Journal {
        self.command = command.into();
        self
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn ensure_dir(&self) -> Result<()> {
        if !self.dir.exists() {
            std::fs::create_dir_all(&self.dir).with_context(|| {
                format!("cannot create the state directory {}", self.dir.display())
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
            }
        }
        Ok(())
    }

    /// `<id>.k<first 16 of the key>.json`: the key in the name lets a command find its own
    /// operation by listing the directory instead of reading every record.
    fn record_path(&self, id: &str, key: &str) -> PathBuf {
        self.dir
            .join(format!("{id}.k{}.json", key.get(..16).unwrap_or(key)))
    }

    /// The record of an operation id, whatever key it carries.
    fn find_path(&self, id: &str) -> Option<PathBuf> {
        let exact = format!("{id}.json");
        let prefix = format!("{id}.k");
        std::fs::read_dir(&self.dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n == exact || (n.starts_with(&prefix) && n.ends_with(".json"))
                })
            })
    }

    /// Parse one record, refusing newer schemas with a clear message.
    pub(crate) fn parse(path: &Path, text: &str) -> std::result::Result<Operation, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
        let schema = v.get("schema").and_then(Value::as_u64).unwrap_or(0);
        if schema > SCHEMA as u64 {
            return Err(format!(
                "written by a newer vern (schema {schema}; this vern understands {SCHEMA}); upgrade vern to read it"
            ));
        }
        let _ = path;
        let mut op: Operation =
            serde_json::from_value(v).map_err(|e| format!("not a journal record ({e})"))?;
        if schema < 2 {
            // Schema 1 kept no phase: the step it stopped at says where it was.
            op.phase = match op.status {
                OpStatus::Completed => Phase::Done,
                _ => op.step.phase,
            };
            op.schema = SCHEMA;
        }
        Ok(op)
    }

    /// Every record, newest first; unreadable ones are reported, not skipped silently.
    pub(crate) fn list(&self) -> Result<Vec<Listed>> {
        let mut out = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot read the state directory {}",
                    self.dir.display()
                )));
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        paths.reverse();
        for path in paths {
            let listed = match std::fs::read_to_string(&path) {
                Ok(text) => match Self::parse(&path, &text) {
                    Ok(op) => Listed::Ok(Box::new(op)),
                    Err(error) => Listed::Unreadable { path, error },
                },
                Err(e) => Listed::Unreadable {
                    path,
                    error: e.to_string(),
                },
            };
            out.push(listed);
        }
        Ok(out)
    }

    /// Every readable record; any unreadable one is an error, because continuing without it
    /// could start a second run for an operation it holds.
    pub fn all(&self) -> Result<Vec<Operation>> {
        let mut ops = Vec::new();
        for l in self.list()? {
            match l {
                Listed::Ok(op) => ops.push(*op),
                Listed::Unreadable { path, error } => {
                    return Err(UserError::input(format!(
                        "journal record {} is unreadable: {error}",
                        path.display()
                    ))
                    .with_hint("vern will not guess what it held; move it out of the state directory (or restore it) and run the command again")
                    .into());
                }
            }
        }
        Ok(ops)
    }

    pub(crate) fn load(&self, id: &str) -> Result<Operation> {
        let path = self
            .find_path(id)
            .unwrap_or_else(|| self.dir.join(format!("{id}.json")));
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow::Error::new(
                    UserError::input(format!("no operation {id} in {}", self.dir.display()))
                        .with_hint("list them with: vern runs list"),
                )
            } else {
                anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
            }
        })?;
        Self::parse(&path, &text).map_err(|e| {
            UserError::input(format!(
                "journal record {} is unreadable: {e}",
                path.display()
            ))
            .into()
        })
    }

    /// The operation a user names: by its id, the start or the end of it (every id of a day
    /// shares its timestamp), a run id of it (import, canary, export, or the run a decision was
    /// on) or the start of one, or its company id or the start of it. A name that is exactly some
    /// operation's identifier wins over one that is only part of another's; a name that fits
    /// several operations equally is a usage error listing them.
    pub(crate) fn resolve(&self, query: &str) -> Result<String> {
        let q = query.trim().to_ascii_lowercase();
        if q.is_empty() {
            return Err(UserError::usage("the operation id is empty")
                .with_hint("list the operations with: vern runs list")
                .into());
        }
        let mut ops = self.all()?;
        if let Some(op) = ops.iter().find(|o| o.id.to_ascii_lowercase() == q) {
            return Ok(op.id.clone());
        }
        ops.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let found: Vec<(&Operation, Fit)> =
            ops.iter().filter_map(|o| Some((o, fit(o, &q)?))).collect();
        let exact = found.iter().any(|(_, f)| f.exact);
        let matched: Vec<&(&Operation, Fit)> =
            found.iter().filter(|(_, f)| f.exact || !exact).collect();
        match matched.as_slice() {
            [(one, _)] => Ok(one.id.clone()),
            [] => Err(UserError::input(format!("no operation matches '{query}'"))
                .with_hint("name an operation by its id (or its start or end), an import or export run id, or its company id; list them with: vern runs list")
                .into()),
            many => {
                const SHOWN: usize = 20;
                let candidates = many
                    .iter()
                    .take(SHOWN)
                    .map(|(o, f)| Candidate {
                        id: o.id.clone(),
                        about: describe(o, &f.how),
                    })
                    .collect();
                let shown = if many.len() > SHOWN {
                    format!("; the {SHOWN} newest")
                } else {
                    String::new()
                };
                Err(UserError::usage(format!(
                    "'{query}' matches {} operations{shown}",
                    many.len()
                ))
                .with_candidates(candidates)
                .with_hint("give one of these ids, or enough of one to tell it apart")
                .into())
            }
        }
    }

    fn dir_lock(&self) -> Result<File> {
        self.ensure_dir()?;
        let f = private_file()
            .open(self.dir.join(".journal.lock"))
            .with_context(|| format!("cannot lock the state directory {}", self.dir.display()))?;
        f.lock()
            .with_context(|| format!("cannot lock the state directory {}", self.dir.display()))?;
        Ok(f)
    }

    /// Continue the unfinished operation of the same command, or start a new one.
    pub(crate) fn begin(&self, b: Begin) -> Result<OpHandle> {
        let _dir = self.dir_lock()?;
        let key = key_for(b.kind, &b.api_url, &b.identity);
        // A unique operation continues none, so no record (not even an unreadable one) is in its
        // way.
        let existing = match b.identity {
            Identity::Unique => None,
            Identity::Same(_) => self.with_key(&key)?.into_iter().find(|o| o.continues()),
        };
        let mut superseded = None;
        // A completed operation stays in the history as it ended: `--new` starts another beside it.
        let existing = existing.filter(|o| !(b.new && o.is_repeat()));
        if let Some(op) = existing {
            let repeat = op
                .is_repeat()
                .then(|| op.finished_at.clone().unwrap_or_default());
            let mut handle = self.lock(op)?;
            if !b.new {
                handle.resumed = true;
                handle.repeat = repeat;
                handle.op.argv = b.argv.clone();
                merge_options(&mut handle.op.options, &b.options);
                handle.op.status = OpStatus::Running;
                handle.save()?;
                return Ok(handle);
            }
            if let Some((what, run, status)) = handle.op.pending_run() {
                // Abandoning it would hide a run that still waits (for a decision, or to finish),
                // and the new operation's run would be refused while it does.
                let company = handle.op.company.clone().unwrap_or_default();
                let next = if status.awaits_decision() {
                    format!(
                        "decide on it first: vern approve --company {company} {run}, then vern resume {}",
                        handle.op.id
                    )
                } else {
                    format!(
                        "let it finish first (vern poll --company {company} {run}), then vern resume {}",
                        handle.op.id
                    )
                };
                return Err(UserError::new(
                    ExitCode::Conflict,
                    format!(
                        "--new would abandon operation {}, whose {what} run {run} is {status}; nothing was started",
                        handle.op.id
                    ),
                )
                .with_hint(next)
                .into());
            }
            handle.op.status = OpStatus::Abandoned;
            handle.op.finished_at = Some(now());
            handle.save()?;
            superseded = Some(handle.op.id.clone());
            drop(handle);
        }
        let ts = now();
        let op = Operation {
            schema: SCHEMA,
            id: new_op_id(),
            kind: b.kind,
            key,
            argv: b.argv,
            cwd: std::env::current_dir()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            api_url: b.api_url,
            sandbox: b.sandbox,
            status: OpStatus::Running,
            phase: Phase::Start,
            step: Step::START,
            company: b.company,
            created_at: ts.clone(),
            updated_at: ts,
            finished_at: None,
            reported_at: None,
            exit_code: None,
            error: None,
            options: b.options,
            provision: None,
            files: Vec::new(),
            import: None,
            decisions: Vec::new(),
            canary: None,
            export: None,
            download: None,
            delivery: None,
            counts: Default::default(),
        };
        let mut handle = self.lock(op)?;
        handle.superseded = superseded;
        handle.save()?;
        Ok(handle)
    }

    /// The operations of one key, newest first: only the records named for it are read, plus any
    /// whose name carries no key (those could be anyone's, so an unreadable one is an error).
    pub(crate) fn with_key(&self, key: &str) -> Result<Vec<Operation>> {
        let tag = format!(".k{}.json", key.get(..16).unwrap_or(key));
        let mut names: Vec<PathBuf> = match std::fs::read_dir(&self.dir) {
            Ok(e) => e.flatten().map(|e| e.path()).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot read the state directory {}",
                    self.dir.display()
                )));
            }
        };
        names.retain(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                !n.starts_with('.')
                    && n.ends_with(".json")
                    && (n.ends_with(&tag) || !n.contains(".k"))
            })
        });
        names.sort();
        names.reverse();
        let mut ops = Vec::new();
        for path in names {
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|t| Self::parse(&path, &t));
            match parsed {
                Ok(op) if op.key == key => ops.push(op),
                Ok(_) => {}
                Err(error) => {
                    return Err(UserError::input(format!("journal record {} is unreadable: {error}", path.display()))
                        .with_hint("vern will not guess what it held; move it out of the state directory (or restore it) and run the command again")
                        .into());
                }
            }
        }
        // Ids sort by their second only (a random tail follows): the creation time, to the
        // millisecond, says which of several operations of one second is the newest.
        ops.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(ops)
    }

    /// Take the lock of an existing operation (for `resume`, or `approve` on a journaled run).
    pub(crate) fn open(&self, id: &str) -> Result<OpHandle> {
        let _dir = self.dir_lock()?;
        let op = self.load(id)?;
        let mut h = self.lock(op)?;
        h.resumed = true;
        Ok(h)
    }

    /// The newest operation whose import is `run_id`.
    pub(crate) fn find_by_import_run(&self, run_id: &str) -> Result<Option<Operation>> {
        Ok(self
            .all()?
            .into_iter()
            .find(|o| o.import.as_ref().and_then(|i| i.run_id.as_deref()) == Some(run_id)))
    }

    fn lock(&self, op: Operation) -> Result<OpHandle> {
        let path = self.dir.join(format!("{}.lock", op.id));
        let mut file = private_file()
            .open(&path)
            .with_context(|| format!("cannot open the lock {}", path.display()))?;
        let mut previous = String::new();
        let _ = file.read_to_string(&mut previous);
        let holder: Option<Holder> = serde_json::from_str(&previous).ok();
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let who = match &holder {
                    Some(h) => format!(
                        "process {} on {} ({}), since {}",
                        h.pid, h.host, h.command, h.started_at
                    ),
                    None => "another process".into(),
                };
                return Err(UserError::new(
                    ExitCode::Conflict,
                    format!("operation {} is in use by {who}", op.id),
                )
                .with_hint("wait for it to finish (or stop it); a lock whose process is gone is taken over automatically")
                .into());
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot lock {}", path.display()))
                );
            }
        }
        let took_over = holder.filter(|h| h.pid != std::process::id()).map(|h| {
            let state = if h.host == hostname() && !pid_alive(h.pid) {
                "no longer running"
            } else {
                "no longer holding it"
            };
            format!(
                "took over the lock of operation {} from process {} ({state})",
                op.id, h.pid
            )
        });
        let me = Holder {
            pid: std::process::id(),
            host: hostname(),
            started_at: now(),
            command: self.command.clone(),
        };
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(serde_json::to_string(&me)?.as_bytes())?;
        file.flush()?;
        if let Ok(mut active) = ACTIVE.lock() {
            active.push((self.dir.clone(), op.id.clone()));
        }
        Ok(OpHandle {
            path: self.record_path(&op.id, &op.key),
            dir: self.dir.clone(),
            op,
            lock: Some(file),
            resumed: false,
            repeat: None,
            superseded: None,
            took_over,
        })
    }
}

/// How a name fits an operation: whether it is one of its identifiers exactly, and how.
struct Fit {
    exact: bool,
    how: Vec<String>,
}

/// How `q` (lower case) names `op`, if it does.
fn fit(op: &Operation, q: &str) -> Option<Fit> {
    let mut names: Vec<(&str, String)> = vec![("id", op.id.to_ascii_lowercase())];
    for (kind, id) in op.run_ids() {
        names.push((
            match kind {
                "import" => "import run id",
                "canary" => "canary run id",
                _ => "export run id",
            },
            id.to_ascii_lowercase(),
        ));
    }
    for d in &op.decisions {
        let id = d.run_id.to_ascii_lowercase();
        if !names.iter().any(|(_, n)| *n == id) {
            names.push(("decision's run id", id));
        }
    }
    if let Some(c) = &op.company {
        names.push(("company id", c.to_ascii_lowercase()));
    }
    let mut fit = Fit {
        exact: false,
        how: Vec::new(),
    };
    for (what, name) in &names {
        if name == q {
            fit.exact = true;
            fit.how.push(format!("its {what}"));
        } else if name.starts_with(q) {
            fit.how.push(format!("the start of its {what}"));
        } else if *what == "id" && name.ends_with(q) {
            fit.how.push("the end of its id".into());
        }
    }
    if fit.exact {
        // An exact match says all there is to say.
        fit.how.retain(|h| h.starts_with("its "));
    }
    (!fit.how.is_empty()).then_some(fit)
}

/// One line on an operation a name matched: what it is, and what matched.
fn describe(op: &Operation, how: &[String]) -> String {
    let company = op
        .company
        .as_deref()
        .map(|c| format!(", company {}", c.get(..8).unwrap_or(c)))
        .unwrap_or_default();
    format!(
        "{} ({}){company}, started {}: matched {}",
        op.kind,
        op.status,
        op.created_at
            .get(..19)
            .unwrap_or(&op.created_at)
            .replace('T', " "),
        how.join(", ")
    )
}

/// Options for a lock file: created readable by its owner only, like every file of the state
/// directory (a lock names the process, its host and its command line).
pub(crate) fn private_file() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

fn merge_options(old: &mut Value, new: &Value) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (k, v) in n {
                o.insert(k.clone(), v.clone());
            }
        }
        (o, n) => *o = n.clone(),
    }
}

/// An operation this process holds the lock of.
pub(crate) struct OpHandle {
    pub op: Operation,
    path: PathBuf,
    dir: PathBuf,
    lock: Option<File>,
    /// Continuing an earlier run of the same command.
    pub resumed: bool,
    /// The operation had completed (at this time) with the same inputs: it is shown again,
    /// not repeated.
    pub repeat: Option<String>,
    /// The unfinished operation `--new` replaced.
    pub superseded: Option<String>,
    /// A note when a stale lock was taken over.
    pub took_over: Option<String>,
}

impl OpHandle {
    /// Write the record atomically: temp file beside it, fsync, rename, fsync the directory.
    pub(crate) fn save(&mut self) -> Result<()> {
        self.op.updated_at = now();
        write_atomic(&self.dir, &self.path, &self.op)
    }

    /// Reach a step boundary: record it (and its phase), then offer the crash hook the boundary.
    pub(crate) fn step(&mut self, step: Step) -> Result<()> {
        self.op.step = step;
        self.op.phase = step.phase;
        self.save()?;
        checkpoint(&step.to_string());
        Ok(())
    }

    /// Enter a phase of a pipeline (the step stays the last boundary reached).
    pub(crate) fn enter(&mut self, phase: Phase) -> Result<()> {
        if self.op.phase != phase {
            self.op.phase = phase;
            self.save()?;
        }
        Ok(())
    }

    /// End (or pause) the operation with a status and the exit code it means.
    pub(crate) fn end(&mut self, status: OpStatus, exit_code: ExitCode) -> Result<()> {
        self.op.status = status;
        self.op.exit_code = Some(exit_code.code());
        if status.is_finished() {
            self.op.finished_at = Some(now());
        }
        self.save()
    }

    /// Record a failure; the operation stays resumable unless `status` says otherwise.
    pub(crate) fn fail(&mut self, status: OpStatus, err: &anyhow::Error) -> Result<()> {
        let code = crate::exit::code_for_error(err);
        self.op.error = Some(record::Failure {
            message: format!("{err:#}"),
            exit_code: code.code(),
        });
        self.end(status, code)
    }

    pub(crate) fn id(&self) -> &str {
        &self.op.id
    }

    /// The state directory the operation's record is in (a step may keep scratch files there).
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Remove the record (and lock file) of an operation that did nothing — its local inputs
    /// failed their check right after it began — so that it never shows as unfinished work for
    /// `vern resume`. The lock is released when the handle is dropped.
    pub(crate) fn discard(&mut self) -> Result<()> {
        std::fs::remove_file(&self.path)
            .with_context(|| format!("cannot remove {}", self.path.display()))?;
        let _ = std::fs::remove_file(self.dir.join(format!("{}.lock", self.op.id)));
        Ok(())
    }

    /// The outcome reached the user; the next identical command starts a new operation.
    pub(crate) fn reported(&mut self) -> Result<()> {
        self.op.reported_at = Some(now());
        self.save()
    }
}

impl Drop for OpHandle {
    fn drop(&mut self) {
        if let Ok(mut active) = ACTIVE.lock() {
            active.retain(|(d, id)| !(d == &self.dir && id == &self.op.id));
        }
        // Dropping the file releases the OS lock.
        self.lock.take();
    }
}

/// Write `value` as pretty JSON to `path`, atomically: a 0600 temp file beside it, fsync, rename,
/// fsync of the directory (the journal's records, and the job records of `jobs::store`).
pub(crate) fn write_atomic<T: Serialize>(dir: &Path, path: &Path, value: &T) -> Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write the journal in {}", dir.display()))?;
    // One write: serde_json would otherwise issue a syscall per token on an unbuffered file.
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    tmp.as_file_mut().write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// On Ctrl-C: mark the operations this process held as interrupted. Returns their ids.
/// The process is stopping (Ctrl-C, SIGTERM, `--timeout`): mark the operations it holds with
/// `status`. Returns their ids, and what could not be written.
pub(crate) fn stop_active(status: OpStatus, code: ExitCode) -> (Vec<String>, Vec<String>) {
    let held: Vec<(PathBuf, String)> = ACTIVE.lock().map(|a| a.clone()).unwrap_or_default();
    let mut ids = Vec::new();
    let mut failed = Vec::new();
    for (dir, id) in held {
        let j = Journal::new(&dir);
        match j.load(&id) {
            Ok(mut op) => {
                if !op.status.is_finished() {
                    op.status = status;
                    op.exit_code = Some(code.code());
                    op.updated_at = now();
                    if let Err(e) = write_atomic(&dir, &j.record_path(&id, &op.key), &op) {
                        failed.push(format!("operation {id}: {e:#}"));
                    }
                }
                ids.push(id);
            }
            Err(e) => failed.push(format!("operation {id}: {e:#}")),
        }
    }
    (ids, failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn begin(j: &Journal, key: Value, new: bool) -> OpHandle {
        begin_kind(j, OpKind::Import, key, new)
    }

    fn begin_kind(j: &Journal, kind: OpKind, key: Value, new: bool) -> OpHandle {
        j.begin(Begin {
            kind,
            identity: Identity::Same(key),
            argv: vec!["vern".into(), "import".into()],
            api_url: "http://127.0.0.1:1".into(),
            sandbox: false,
            company: Some("c".into()),
            options: json!({}),
            new,
        })
        .unwrap()
    }

    #[test]
    fn the_same_command_continues_its_unfinished_operation() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("state"));
        let mut a = begin(&j, json!({"files": ["/a.csv"]}), false);
        a.op.step = Step::enter(Phase::Upload);
        a.save().unwrap();
        let id = a.id().to_string();
        drop(a);
        let b = begin(&j, json!({"files": ["/a.csv"]}), false);
        assert_eq!(b.id(), id);
        assert!(b.resumed);
        assert_eq!(b.op.step, Step::enter(Phase::Upload));
        drop(b);
        let c = begin(&j, json!({"files": ["/a.csv"]}), true);
        assert_ne!(c.id(), id, "--new starts over");
        assert_eq!(c.superseded.as_deref(), Some(id.as_str()));
        assert_eq!(j.load(&id).unwrap().status, OpStatus::Abandoned);
    }

    #[test]
    fn finished_operations_are_not_continued() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let mut a = begin_kind(&j, OpKind::Export, json!(1), false);
        a.end(OpStatus::Completed, ExitCode::Success).unwrap();
        let id = a.id().to_string();
        drop(a);
        // Finished but never reported (killed before printing): the same command continues it.
        let mut b = begin_kind(&j, OpKind::Export, json!(1), false);
        assert_eq!(b.id(), id);
        b.end(OpStatus::Completed, ExitCode::Success).unwrap();
        b.reported().unwrap();
        drop(b);
        let c = begin_kind(&j, OpKind::Export, json!(1), false);
        assert_ne!(c.id(), id);
        assert!(!c.resumed);
    }

    #[test]
    fn a_completed_import_of_unchanged_files_is_shown_not_repeated() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("state"));
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "a\n1\n").unwrap();
        let meta = std::fs::metadata(&file).unwrap();
        let mut a = begin(&j, json!("files"), false);
        a.op.files.push(record::FileStep {
            path: file.display().to_string(),
            size: Some(meta.len()),
            mtime_ns: record::mtime_ns(&meta),
            ..Default::default()
        });
        a.end(OpStatus::Completed, ExitCode::Success).unwrap();
        a.reported().unwrap();
        let id = a.id().to_string();
        drop(a);
        let mut b = begin(&j, json!("files"), false);
        assert_eq!(b.id(), id);
        assert!(b.repeat.is_some());
        b.end(OpStatus::Completed, ExitCode::Success).unwrap();
        b.reported().unwrap();
        drop(b);
        std::thread::sleep(std::time::Duration::from_millis(10));
        std::fs::write(&file, "a\n2\n").unwrap();
        let c = begin(&j, json!("files"), false);
        assert_ne!(c.id(), id, "a changed file is a new migration");
    }

    #[test]
    fn records_are_private_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let a = begin(&j, json!(2), false);
        let path = j.find_path(a.id()).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        let parsed = Journal::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(parsed.id, a.id());
    }

    #[test]
    fn every_file_of_the_state_directory_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("state"));
        let a = begin(&j, json!(6), false);
        drop(a);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("state")), 0o700);
        let files: Vec<PathBuf> = std::fs::read_dir(dir.path().join("state"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(
            files.len() >= 3,
            "a record, its lock, the directory lock: {files:?}"
        );
        for f in files {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }

    #[test]
    fn corrupt_and_newer_records_are_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        std::fs::write(dir.path().join("x.json"), "{\"schema\": 99}").unwrap();
        let err = j.all().unwrap_err().to_string();
        assert!(err.contains("newer vern (schema 99"), "{err}");
        std::fs::write(dir.path().join("x.json"), "{trunc").unwrap();
        let err = format!("{:#}", j.all().unwrap_err());
        assert!(err.contains("unreadable: not valid JSON"), "{err}");
    }

    #[test]
    fn a_held_lock_is_a_conflict_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let a = begin(&j, json!(3), false);
        // Another open file description of the same lock file conflicts like another process.
        let err = j.open(a.id()).err().unwrap();
        assert_eq!(crate::exit::code_for_error(&err), ExitCode::Conflict);
        assert!(
            err.to_string()
                .contains(&format!("process {}", std::process::id())),
            "{err}"
        );
    }

    #[test]
    fn a_stale_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let a = begin(&j, json!(4), false);
        let id = a.id().to_string();
        drop(a);
        let stale = Holder {
            pid: 999_999_999,
            host: hostname(),
            started_at: now(),
            command: "vern import".into(),
        };
        std::fs::write(
            dir.path().join(format!("{id}.lock")),
            serde_json::to_string(&stale).unwrap(),
        )
        .unwrap();
        let b = j.open(&id).unwrap();
        assert!(
            b.took_over
                .as_deref()
                .unwrap()
                .contains("999999999 (no longer running)")
        );
    }

    #[test]
    fn operations_are_found_by_any_of_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let mut ids = Vec::new();
        for (n, run) in [(1, "9c4e2a7b"), (2, "9c4e2a7b-61d0")] {
            let mut h = begin(&j, json!(n), false);
            h.op.import = Some(record::RunStep {
                run_id: Some(run.into()),
                ..Default::default()
            });
            h.save().unwrap();
            ids.push(h.id().to_string());
        }
        let code = |q: &str| crate::exit::code_for_error(&j.resolve(q).unwrap_err());
        let tail = |id: &str| id[id.len() - 6..].to_string();
        assert_eq!(j.resolve(&tail(&ids[0])).unwrap(), ids[0]);
        assert_eq!(j.resolve(&ids[1].to_uppercase()).unwrap(), ids[1]);
        // A whole run id wins over one it only starts.
        assert_eq!(j.resolve("9c4e2a7b").unwrap(), ids[0]);
        assert_eq!(j.resolve("9c4e2a7b-6").unwrap(), ids[1]);
        // Both are company c's, and started the same day.
        assert_eq!(code("c"), ExitCode::Usage);
        let err = j.resolve(&ids[0][..8]).unwrap_err();
        let listed = err
            .chain()
            .find_map(|e| e.downcast_ref::<UserError>())
            .map(|u| u.candidates.len());
        assert_eq!(listed, Some(2));
        assert_eq!(code("nothing-like-it"), ExitCode::Error);
        assert_eq!(code(" "), ExitCode::Usage);
    }

    #[test]
    fn keys_are_those_of_schema_1() {
        // Schema 1 hashed the material with "kind" and "api" inside it; the same command must
        // find an operation an earlier release left unfinished.
        let material = json!({"company": "c", "files": ["/a.csv"]});
        let v1 = json!({"kind": "import", "api": "http://x", "company": "c", "files": ["/a.csv"]});
        let v1_key = crate::canonical::short_hash(&v1, 32);
        assert_eq!(
            key_for(
                OpKind::Import,
                "http://x",
                &Identity::Same(material.clone())
            ),
            v1_key
        );
        assert_ne!(
            key_for(OpKind::Import, "http://y", &Identity::Same(material)),
            v1_key
        );
        assert_ne!(
            key_for(OpKind::Download, "http://x", &Identity::Unique),
            key_for(OpKind::Download, "http://x", &Identity::Unique)
        );
    }

    #[test]
    fn steps_read_and_write_as_before() {
        for s in [
            "start",
            "upload",
            "upload:file",
            "import:settled",
            "decide:key",
            "canary:run",
        ] {
            let step: Step = s.parse().unwrap();
            assert_eq!(step.to_string(), s);
        }
        assert_eq!("decide:done".parse::<Step>().unwrap().phase, Phase::Review);
        assert!("upload:sideways".parse::<Step>().is_err());
    }

    #[test]
    fn schema_1_records_get_their_phase_from_their_step() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let a = begin(&j, json!(5), false);
        let path = j.find_path(a.id()).unwrap();
        drop(a);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        v["schema"] = json!(1);
        v["step"] = json!("canary:run");
        v["status"] = json!("interrupted");
        v.as_object_mut().unwrap().remove("phase");
        let op = Journal::parse(&path, &v.to_string()).unwrap();
        assert_eq!((op.phase, op.schema), (Phase::Canary, SCHEMA));
    }
}

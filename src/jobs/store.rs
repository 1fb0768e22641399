//! Where jobs live: `jobs/` in the state directory, beside the journal.
//!
//! - `<id>.json`: one job (schema-versioned, mode 0600, written atomically like a journal record).
//! - `<id>.runs.json`: the job's runs that are not journal operations — fire times recorded as
//!   missed, runs that failed before a delivery could begin, runs recorded through the HTTP API.
//! - `.jobs.lock`: held for the few milliseconds of a read-modify-write, so two processes never
//!   lose each other's change and names stay unique.
//! - `<id>.lock`: held while a process runs the job (`run-due`, `serve`, `jobs run`), so two
//!   schedulers never run one job at once; the OS drops it when its holder dies, however it dies.

use super::record::{Definition, Job, SCHEMA, State, stamp};
use super::run::RunView;
use crate::journal::{Holder, hostname, now, pid_alive, private_file, write_atomic};
use anyhow::{Context as _, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How many runs a job's own history file keeps (the newest).
const HISTORY_KEPT: usize = 1000;

/// Why the store refused.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no job '{0}'")]
    NotFound(String),
    #[error("a job named '{0}' exists already")]
    NameTaken(String),
    #[error("job {name} is running in {holder}")]
    Running { name: String, holder: String },
    #[error("job record {path} is unreadable: {why}")]
    Unreadable { path: String, why: String },
}

pub struct Store {
    dir: PathBuf,
    /// This process's command line, named in the locks it takes.
    command: String,
}

/// A job's runner lock, held until dropped.
pub struct JobLock {
    _file: File,
}

/// The runs of a job kept beside it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct History {
    schema: u32,
    runs: Vec<RunView>,
}

impl Store {
    pub fn new(state_dir: &Path, command: impl Into<String>) -> Store {
        Store {
            dir: state_dir.join("jobs"),
            command: command.into(),
        }
    }

    fn ensure_dir(&self) -> Result<()> {
        if !self.dir.exists() {
            std::fs::create_dir_all(&self.dir)
                .with_context(|| format!("cannot create {}", self.dir.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
            }
        }
        Ok(())
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    fn history_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.runs.json"))
    }

    /// A cheap fingerprint of the store (its directory's modification time): it changes whenever
    /// a record is written, created or removed, so a long-running scheduler notices changes made
    /// by other processes without reading every record.
    pub fn generation(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(&self.dir).and_then(|m| m.modified()).ok()
    }

    /// Every job, by name.
    pub fn list(&self) -> Result<Vec<Job>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot read {}", self.dir.display()))
                );
            }
        };
        let mut jobs = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".json") || name.ends_with(".runs.json") {
                continue;
            }
            jobs.push(read(&e.path())?);
        }
        jobs.sort_by(|a, b| a.definition.name.cmp(&b.definition.name));
        Ok(jobs)
    }

    /// A job by its id or its name.
    pub fn get(&self, id_or_name: &str) -> Result<Job> {
        let q = id_or_name.trim();
        let by_id = self.path(q);
        if uuid::Uuid::parse_str(q).is_ok() && by_id.exists() {
            return read(&by_id);
        }
        self.list()?
            .into_iter()
            .find(|j| j.definition.name == q || j.id.eq_ignore_ascii_case(q))
            .ok_or_else(|| StoreError::NotFound(q.to_string()).into())
    }

    /// Save a new job; the schedule starts at `at`.
    pub fn create(&self, definition: Definition, at: Timestamp) -> Result<Job> {
        let _guard = self.store_lock()?;
        if self
            .list()?
            .iter()
            .any(|j| j.definition.name == definition.name)
        {
            return Err(StoreError::NameTaken(definition.name).into());
        }
        let when = stamp(at);
        let job = Job {
            schema: SCHEMA,
            id: uuid::Uuid::new_v4().to_string(),
            created_at: when.clone(),
            updated_at: when.clone(),
            definition,
            state: State {
                evaluated_until: when,
                pending: Vec::new(),
                last_run: None,
            },
        };
        write_atomic(&self.dir, &self.path(&job.id), &job)?;
        Ok(job)
    }

    /// Change a job under the store lock: read it fresh, apply `f`, write it back (unless `f`
    /// fails). A rename that would take another job's name is refused.
    pub fn modify<T>(&self, id: &str, f: impl FnOnce(&mut Job) -> Result<T>) -> Result<(Job, T)> {
        let _guard = self.store_lock()?;
        let path = self.path(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()).into());
        }
        let mut job = read(&path)?;
        let before = job.clone();
        let out = f(&mut job)?;
        if job.definition.name != before.definition.name
            && self
                .list()?
                .iter()
                .any(|j| j.id != job.id && j.definition.name == job.definition.name)
        {
            return Err(StoreError::NameTaken(job.definition.name).into());
        }
        if job != before {
            write_atomic(&self.dir, &path, &job)?;
        }
        Ok((job, out))
    }

    /// Remove a job and its own history (not while a process runs it); `also` runs first, under
    /// the job's lock (the command removes the job's journal records there).
    pub fn delete<T>(&self, id: &str, also: impl FnOnce(&Job) -> Result<T>) -> Result<(Job, T)> {
        let job = read(&self.path(id))?;
        let _running = self.lock_job(&job)?;
        let out = also(&job)?;
        let _guard = self.store_lock()?;
        std::fs::remove_file(self.path(id))
            .with_context(|| format!("cannot remove {}", self.path(id).display()))?;
        let _ = std::fs::remove_file(self.history_path(id));
        let _ = std::fs::remove_file(self.dir.join(format!("{id}.lock")));
        Ok((job, out))
    }

    /// Take the job's runner lock; `Running` names the process that holds it.
    pub fn lock_job(&self, job: &Job) -> Result<JobLock> {
        self.ensure_dir()?;
        let path = self.dir.join(format!("{}.lock", job.id));
        let mut file = private_file()
            .open(&path)
            .with_context(|| format!("cannot open the lock {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                let holder = match serde_json::from_str::<Holder>(&text) {
                    Ok(h) => {
                        let state = if h.host == hostname() && !pid_alive(h.pid) {
                            ", exiting"
                        } else {
                            ""
                        };
                        format!(
                            "process {} on {} ({}{state}), since {}",
                            h.pid, h.host, h.command, h.started_at
                        )
                    }
                    Err(_) => "another process".into(),
                };
                return Err(StoreError::Running {
                    name: job.definition.name.clone(),
                    holder,
                }
                .into());
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot lock {}", path.display()))
                );
            }
        }
        let me = Holder {
            pid: std::process::id(),
            host: hostname(),
            started_at: now(),
            command: self.command.clone(),
        };
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(serde_json::to_string(&me)?.as_bytes())?;
        Ok(JobLock { _file: file })
    }

    fn store_lock(&self) -> Result<File> {
        self.ensure_dir()?;
        let path = self.dir.join(".jobs.lock");
        let f = private_file()
            .open(&path)
            .with_context(|| format!("cannot lock {}", path.display()))?;
        f.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(f)
    }

    /// The runs kept beside a job (missed, failed before starting, recorded externally).
    pub fn history(&self, id: &str) -> Result<Vec<RunView>> {
        let path = self.history_path(id);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let h: History =
                    serde_json::from_str(&text).map_err(|e| StoreError::Unreadable {
                        path: path.display().to_string(),
                        why: e.to_string(),
                    })?;
                Ok(h.runs)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(anyhow::Error::new(e).context(format!("cannot read {}", path.display()))),
        }
    }

    /// Add runs to a job's own history; a run with the id of one kept replaces it (recording the
    /// same missed fire time twice keeps one). Only the newest runs are kept.
    pub fn record(&self, id: &str, runs: Vec<RunView>) -> Result<()> {
        if runs.is_empty() {
            return Ok(());
        }
        let _guard = self.store_lock()?;
        let mut kept = self.history(id)?;
        for run in runs {
            match kept.iter_mut().find(|r| r.id == run.id) {
                Some(old) => *old = run,
                None => kept.push(run),
            }
        }
        kept.sort_by(|a, b| a.sort_key().cmp(b.sort_key()));
        if kept.len() > HISTORY_KEPT {
            kept.drain(..kept.len() - HISTORY_KEPT);
        }
        let doc = History {
            schema: SCHEMA,
            runs: kept,
        };
        write_atomic(&self.dir, &self.history_path(id), &doc)
    }
}

/// Read one record, refusing newer schemas.
fn read(path: &Path) -> Result<Job> {
    let unreadable = |why: String| StoreError::Unreadable {
        path: path.display().to_string(),
        why,
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::Error::new(StoreError::NotFound(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ))
        } else {
            anyhow::Error::new(unreadable(e.to_string()))
        }
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| unreadable(format!("not valid JSON ({e})")))?;
    let schema = v.get("schema").and_then(|s| s.as_u64()).unwrap_or(0);
    if schema > SCHEMA as u64 {
        return Err(unreadable(format!(
            "written by a newer vern (schema {schema}; this vern understands {SCHEMA}); upgrade vern to read it"
        ))
        .into());
    }
    Ok(serde_json::from_value(v).map_err(|e| unreadable(format!("not a job record ({e})")))?)
}

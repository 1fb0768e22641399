//! The journal's record of one operation (one `vern import`, `export`, `migrate`, …): what was
//! asked, each step's state, the idempotency keys and run ids, counts, outputs and errors.
//!
//! Plain JSON that people read and CI keeps as an artifact. `schema` is bumped on incompatible
//! changes; a record from a newer vern is refused rather than misread.

use crate::api::types::{
    Answer, CreateCompanyRequest, CreateCompanyResponse, ExportMode, RunStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// Schema 2 added `phase` and typed run statuses; schema-1 records are read (their phase is
/// derived from their step) and written back as schema 2.
pub const SCHEMA: u32 = 2;

/// Where an operation is: the phases of a migration, which the single-step commands share
/// (an `import` goes through upload and import, an `approve` through review). `migrate`'s state
/// machine records each phase as it enters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Begun, nothing done yet.
    Start,
    Provision,
    Upload,
    Import,
    /// Deciding on a run that needs attention (steps named `decide:…`).
    Review,
    Canary,
    /// Between the canary and the full export: a failed or hollow canary write stops here.
    Gate,
    Export,
    Download,
    Deliver,
    Done,
}

impl Phase {
    /// The phase's own name (`review`), as the journal and the migrate report write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Review => "review",
            other => other.step_name(),
        }
    }

    /// The name steps and crash checkpoints use for the phase (`decide` for review).
    pub fn step_name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Provision => "provision",
            Phase::Upload => "upload",
            Phase::Import => "import",
            Phase::Review => "decide",
            Phase::Canary => "canary",
            Phase::Gate => "gate",
            Phase::Export => "export",
            Phase::Download => "download",
            Phase::Deliver => "deliver",
            Phase::Done => "done",
        }
    }

    fn from_step_name(s: &str) -> Option<Phase> {
        [
            Phase::Start,
            Phase::Provision,
            Phase::Upload,
            Phase::Import,
            Phase::Review,
            Phase::Canary,
            Phase::Gate,
            Phase::Export,
            Phase::Download,
            Phase::Deliver,
            Phase::Done,
        ]
        .into_iter()
        .find(|p| p.step_name() == s)
    }
}

/// A boundary within a phase. The write-ahead order is the same everywhere: `key` once the
/// idempotency key (and exact request) is saved, `response` once the server answered but before
/// the answer is saved, `run` once the run id is saved, `done` when the phase's work ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Key,
    Response,
    Run,
    Wait,
    Settled,
    File,
    Done,
}

impl Point {
    fn name(self) -> &'static str {
        match self {
            Point::Key => "key",
            Point::Response => "response",
            Point::Run => "run",
            Point::Wait => "wait",
            Point::Settled => "settled",
            Point::File => "file",
            Point::Done => "done",
        }
    }

    fn from_name(s: &str) -> Option<Point> {
        [
            Point::Key,
            Point::Response,
            Point::Run,
            Point::Wait,
            Point::Settled,
            Point::File,
            Point::Done,
        ]
        .into_iter()
        .find(|p| p.name() == s)
    }
}

/// A step boundary, written `phase` or `phase:point` (`import:key`): how the journal shows where
/// an operation stopped, and the names the crash tests' `VERN_CRASH_AT` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub phase: Phase,
    pub point: Option<Point>,
}

impl Step {
    pub const START: Step = Step {
        phase: Phase::Start,
        point: None,
    };

    pub fn at(phase: Phase, point: Point) -> Step {
        Step {
            phase,
            point: Some(point),
        }
    }

    pub fn enter(phase: Phase) -> Step {
        Step { phase, point: None }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phase.step_name())?;
        match self.point {
            Some(p) => write!(f, ":{}", p.name()),
            None => Ok(()),
        }
    }
}

impl std::str::FromStr for Step {
    type Err = String;

    fn from_str(s: &str) -> Result<Step, String> {
        let (phase, point) = match s.split_once(':') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        let phase = Phase::from_step_name(phase).ok_or_else(|| format!("unknown step '{s}'"))?;
        let point = match point {
            None => None,
            Some(p) => Some(Point::from_name(p).ok_or_else(|| format!("unknown step '{s}'"))?),
        };
        Ok(Step { phase, point })
    }
}

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Step, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a decision was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Accept,
    Reject,
    Answer,
    /// A free-form instruction to a blocked (or running) run.
    Message,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Accept => "accept",
            DecisionKind::Reject => "reject",
            DecisionKind::Answer => "answer",
            DecisionKind::Message => "message",
        }
    }
}

impl fmt::Display for DecisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Upload,
    Import,
    Approve,
    Export,
    Download,
    Migrate,
    Deliver,
    /// `vern company create`: what was provisioned (the company, its workbook and sheets).
    Company,
}

impl OpKind {
    /// Whether `vern resume` can continue it: a provisioning request whose answer never came is
    /// not sent again blindly.
    pub fn resumable(self) -> bool {
        self != OpKind::Company
    }
}

impl std::fmt::Display for OpKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OpKind::Upload => "upload",
            OpKind::Import => "import",
            OpKind::Approve => "approve",
            OpKind::Export => "export",
            OpKind::Download => "download",
            OpKind::Migrate => "migrate",
            OpKind::Deliver => "deliver",
            OpKind::Company => "company",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpStatus {
    /// Working, or killed while working.
    Running,
    /// Waiting for a decision (needs_attention, blocked) or stopped at the canary gate.
    Paused,
    /// Ctrl-C.
    Interrupted,
    /// `--timeout` ran out; the run goes on.
    TimedOut,
    /// A client-side error (network, bad input found late); resumable.
    Errored,
    /// Done (an export with failed writes is done too; its exit code says so).
    Completed,
    /// The run failed or was canceled: done, nothing to resume.
    Failed,
    /// Replaced by a fresh operation (`--new`).
    Abandoned,
}

impl OpStatus {
    pub const ALL: [OpStatus; 8] = [
        OpStatus::Running,
        OpStatus::Paused,
        OpStatus::Interrupted,
        OpStatus::TimedOut,
        OpStatus::Errored,
        OpStatus::Completed,
        OpStatus::Failed,
        OpStatus::Abandoned,
    ];

    /// The status as the journal writes it (`timed_out`).
    pub fn as_str(self) -> &'static str {
        match self {
            OpStatus::Running => "running",
            OpStatus::Paused => "paused",
            OpStatus::Interrupted => "interrupted",
            OpStatus::TimedOut => "timed_out",
            OpStatus::Errored => "errored",
            OpStatus::Completed => "completed",
            OpStatus::Failed => "failed",
            OpStatus::Abandoned => "abandoned",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            OpStatus::Completed | OpStatus::Failed | OpStatus::Abandoned
        )
    }
}

impl std::fmt::Display for OpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Provision {
    pub name: String,
    pub source: String,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub template_ids: Vec<String>,
    /// Whether a connection was attached (its secrets are never journaled).
    #[serde(default)]
    pub with_connection: bool,
    /// The request went out (written before sending).
    #[serde(default)]
    pub sent: bool,
    #[serde(default)]
    pub company_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook_id: Option<String>,
    #[serde(default)]
    pub sheets: Vec<SheetRef>,
}

impl Provision {
    /// A provisioning request about to be sent (`sent` is written before it goes).
    pub fn sending(req: &CreateCompanyRequest) -> Provision {
        Provision {
            name: req.name.clone(),
            source: req.source.clone(),
            external_id: req.external_id.clone(),
            template_ids: req.template_ids.clone().unwrap_or_default(),
            with_connection: req.connections.is_some(),
            sent: true,
            company_id: None,
            workbook_id: None,
            sheets: Vec::new(),
        }
    }

    /// What the server answered: the company, its workbook and its sheets (never the magic link,
    /// which opens the workbook to whoever holds it).
    pub fn created(&mut self, created: &CreateCompanyResponse) {
        self.company_id = Some(created.company.id.clone());
        self.external_id = created
            .company
            .external_id
            .clone()
            .or(self.external_id.take());
        self.workbook_id = created.workbook_id.clone();
        self.sheets = created
            .sheets
            .iter()
            .map(|s| SheetRef {
                id: s.id.clone(),
                name: s.name.clone(),
                template_id: s.template_id.clone(),
            })
            .collect();
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SheetRef {
    pub id: String,
    pub name: String,
    /// The template the sheet was made from, when the server said (provisioning does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
}

/// One local file of the operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileStep {
    /// Absolute path.
    pub path: String,
    pub name: String,
    pub content_type: String,
    /// Size and BLAKE3 hash of what was uploaded (the fingerprint that detects a changed file).
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub blake3: Option<String>,
    #[serde(default)]
    pub upload_ref: Option<String>,
    #[serde(default)]
    pub uploaded_at: Option<String>,
    /// Modification time (ns since the epoch) when uploaded: the quick check that tells a
    /// finished operation's file is still the same without reading it again.
    #[serde(default)]
    pub mtime_ns: Option<i128>,
}

/// Modification time of a file in nanoseconds since the epoch.
pub fn mtime_ns(meta: &std::fs::Metadata) -> Option<i128> {
    let t = meta.modified().ok()?;
    Some(match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    })
}

/// An import or export run: the key is written before the request that carries it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunStep {
    pub idempotency_key: String,
    /// The exact creation payload, so a re-POST after a crash is identical (same key, same body).
    #[serde(default)]
    pub request: Value,
    #[serde(default)]
    pub run_id: Option<String>,
    #[serde(default)]
    pub status: Option<RunStatus>,
    /// The last report seen (import report, or export totals).
    #[serde(default)]
    pub report: Option<Value>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub ended_at: Option<String>,
}

impl RunStep {
    pub fn is_settled(&self) -> bool {
        self.ended_at.is_some()
    }
}

/// A decision on a paused run: written (with `sent`) before it is sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionStep {
    pub run_id: String,
    pub decision: DecisionKind,
    #[serde(default)]
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub message: Option<String>,
    /// The patch hash of the proposal that was shown and decided on.
    #[serde(default)]
    pub patch_hash: Option<String>,
    /// The run's status when decided (needs_attention or blocked).
    #[serde(default)]
    pub decided_on: Option<RunStatus>,
    /// Who decided: the CI system's actor when there is one, else user@host.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// Why, in the decider's words (`--note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub sent: bool,
    #[serde(default)]
    pub applied: bool,
    #[serde(default)]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportStep {
    pub mode: ExportMode,
    #[serde(flatten)]
    pub run: RunStep,
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub succeeded: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub hollow: u64,
    #[serde(default)]
    pub report_file: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DownloadFile {
    pub sheet_id: String,
    pub sheet_name: String,
    pub path: String,
    pub bytes: u64,
    #[serde(default)]
    pub records: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DownloadStep {
    pub target: String,
    pub filter: String,
    #[serde(default)]
    pub files: Vec<DownloadFile>,
    #[serde(default)]
    pub done: bool,
}

/// A delivery run (`vern deliver`, `migrate --deliver`, a job's run): every file is written ahead
/// (name, then the trace it leaves while written, then its size and hash before it is made
/// visible), so that a run killed anywhere finishes without a second copy of any file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryStep {
    /// The delivery run's id (`{run}` in names, the manifest's name).
    pub run: String,
    /// When the run started (UTC): `{date}` and `{time}` in names.
    pub started_at: String,
    /// Where, as given (`s3://bucket/prefix`; never a credential).
    pub target: String,
    /// `file`, `s3`, `azure-blob`, `sftp`, `webhook`.
    pub kind: String,
    #[serde(default)]
    pub files: Vec<DeliveredFile>,
    /// The manifest, written last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<DeliveredFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// A webhook delivery's batches (`--to https://…`), instead of files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<WebhookStep>,
    /// The moment `{date}` and `{time}` (and the manifest's date) come from when it is not
    /// `started_at`: a scheduled job run is named after its fire time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_at: Option<String>,
    /// The job this run is for (`vern jobs`); none for a plain `vern deliver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobRun>,
}

impl DeliveryStep {
    /// The moment the run's names were made from (UTC, RFC 3339).
    pub fn named_at(&self) -> &str {
        self.named_at.as_deref().unwrap_or(&self.started_at)
    }
}

/// Which job a delivery run is for, and why it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRun {
    /// The job's id.
    pub id: String,
    /// Its name when the run began (a job can be renamed).
    pub name: String,
    pub trigger: Trigger,
    /// The fire time it ran for (UTC); none for a manual run of no particular fire time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
}

/// Why a delivery run started (delivery.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// A job's fire time, run on time.
    Schedule,
    /// A job's fire time, run late (the scheduler was not running, or CI was late).
    CatchUp,
    /// Asked for: `vern deliver`, `vern jobs run`.
    Manual,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::CatchUp => "catch-up",
            Trigger::Manual => "manual",
        }
    }
}

impl FileState {
    pub fn as_str(self) -> &'static str {
        match self {
            FileState::Planned => "planned",
            FileState::Writing => "writing",
            FileState::Committing => "committing",
            FileState::Committed => "committed",
            FileState::Skipped => "skipped",
            FileState::NothingNew => "nothing_new",
        }
    }
}

/// Where a file of a delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Named, nothing written.
    Planned,
    /// Being written: `pending` says what it leaves behind until committed.
    Writing,
    /// Written whole (size and hash below); being made visible under its name.
    Committing,
    /// Visible under its name.
    Committed,
    /// Its name existed and `--if-exists skip` left it.
    Skipped,
    /// Delta mode found nothing new or changed: no file was written (the ledger still moved, for
    /// removed rows).
    NothingNew,
}

/// What a file being written leaves behind until it is committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    /// Nothing that outlives the process (or nothing visible that needs cleaning up).
    #[default]
    Nothing,
    /// A temporary file beside the final one.
    Temp { path: String },
    /// An S3 multipart upload.
    Multipart { upload_id: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveredFile {
    #[serde(default)]
    pub sheet_id: String,
    #[serde(default)]
    pub sheet: String,
    /// Relative to the destination.
    pub name: String,
    /// Where it lands (full path or URL).
    pub location: String,
    pub format: String,
    #[serde(default)]
    pub gzip: bool,
    pub state: FileState,
    #[serde(default)]
    pub pending: Pending,
    #[serde(default)]
    pub rows: u64,
    #[serde(default)]
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Characters XML 1.0 forbids, removed from the values.
    #[serde(default)]
    pub xml_dropped: u64,
    /// `--mode delta`: how the rows compared with the ledger, and the ledger's progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<DeltaStep>,
}

/// A delta file's ledger: the next ledger is written before the file is made visible and moved
/// into place after, so a kill in between is finished on resume (`advanced`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeltaStep {
    pub ledger: String,
    pub keys: Vec<String>,
    /// The next ledger, waiting for the file to be confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default)]
    pub advanced: bool,
    #[serde(default)]
    pub counts: DeltaCounts,
}

/// How a delta run's rows compare with the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaCounts {
    /// Rows in the sheet (selected by `--filter`).
    pub requested: u64,
    pub new: u64,
    pub changed: u64,
    /// Delivered before with the same content: not sent.
    pub unchanged: u64,
    /// In the ledger, gone from the sheet: reported, never deleted at the destination.
    pub removed: u64,
}

impl DeltaCounts {
    pub fn to_send(&self) -> u64 {
        self.new + self.changed
    }
}

/// A webhook delivery: every batch is written ahead (`sending`) before its request, and recorded
/// `acknowledged` after the endpoint's 2xx or `failed` with the endpoint's answer, so that a re-run
/// sends only the batches not acknowledged, under the same ids (`deliver::webhook::webhook_id`).
/// Acknowledged batches are kept as ranges of indices: the record stays small however many there
/// are.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookStep {
    /// `--batch-size`: rows per batch (the last of a sheet may hold fewer).
    pub batch_size: u64,
    pub sheets: Vec<WebhookSheet>,
}

/// One sheet's batches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookSheet {
    pub sheet_id: String,
    #[serde(default)]
    pub sheet: String,
    /// The sheet's rows, counted in its `export.csv` before the first batch (they make
    /// `batch.total`), fixed for the run and checked again on every later pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Acknowledged batches, as inclusive ranges of indices, ascending.
    #[serde(default)]
    pub acknowledged: Vec<(u64, u64)>,
    /// Rows and request-body bytes of the acknowledged batches.
    #[serde(default)]
    pub acknowledged_rows: u64,
    #[serde(default)]
    pub acknowledged_bytes: u64,
    /// Batches sent or refused but not acknowledged, by index.
    #[serde(default)]
    pub open: Vec<WebhookBatch>,
    /// `--mode delta`: the ledger, the counts and the next ledger, written when the rows are
    /// counted and moved into place once every batch of the sheet is acknowledged (`rows` is
    /// then the rows selected, not the sheet's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<DeltaStep>,
    /// `--mode delta`: the ledger's version (`Ledger::version`) the selection was made against;
    /// a later pass of the run refuses a ledger that moved since (its batches stand for that
    /// selection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_version: Option<String>,
}

impl WebhookSheet {
    /// How many batches the sheet makes, once its rows are known.
    pub fn batches(&self, batch_size: u64) -> Option<u64> {
        self.rows.map(|r| r.div_ceil(batch_size.max(1)))
    }

    pub fn is_acknowledged(&self, index: u64) -> bool {
        self.acknowledged
            .iter()
            .any(|&(a, b)| a <= index && index <= b)
    }

    pub fn acknowledged_count(&self) -> u64 {
        self.acknowledged.iter().map(|&(a, b)| b - a + 1).sum()
    }

    /// Every batch acknowledged (a sheet of no rows has none to send).
    pub fn is_done(&self, batch_size: u64) -> bool {
        self.batches(batch_size)
            .is_some_and(|n| self.acknowledged_count() == n)
    }

    /// Record batch `index` as acknowledged: out of `open`, into the ranges (merged).
    pub fn acknowledge(&mut self, index: u64, rows: u64, bytes: u64) {
        self.open.retain(|b| b.index != index);
        if self.is_acknowledged(index) {
            return;
        }
        self.acknowledged_rows += rows;
        self.acknowledged_bytes += bytes;
        self.acknowledged.push((index, index));
        self.acknowledged.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(self.acknowledged.len());
        for (a, b) in self.acknowledged.drain(..) {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.acknowledged = merged;
    }

    pub fn open_batch(&self, index: u64) -> Option<&WebhookBatch> {
        self.open.iter().find(|b| b.index == index)
    }

    pub fn failed(&self) -> impl Iterator<Item = &WebhookBatch> {
        self.open.iter().filter(|b| b.state == BatchState::Failed)
    }
}

/// A batch that is not acknowledged (yet).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookBatch {
    pub index: u64,
    pub state: BatchState,
    /// `batch.timestamp`: when the batch was first made; a re-send carries the same.
    pub timestamp: String,
    /// SHA-256 of the request body: a re-send under the same id must be the same batch.
    pub body_sha256: String,
    /// Requests made for it, over every run of the delivery.
    #[serde(default)]
    pub attempts: u32,
    /// The endpoint's last status and the start of its reply, or why there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Where a batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    /// Written ahead; its request may or may not have reached the endpoint.
    Sending,
    /// The endpoint refused it (a status other than 2xx, 429 or 5xx).
    Failed,
}

/// The reconciled counts shown by `migrate` and `runs list`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    /// Rows the import received (its first report).
    #[serde(default)]
    pub rows_sent: Option<u64>,
    /// Rows in the workbook after the import (and any fix).
    #[serde(default)]
    pub inserted: Option<u64>,
    /// Rows flagged when the run first paused.
    #[serde(default)]
    pub flagged: Option<u64>,
    /// Flagged rows the decision resolved (fixed or removed).
    #[serde(default)]
    pub fixed: Option<u64>,
    /// Rows still flagged at the end.
    #[serde(default)]
    pub still_flagged: Option<u64>,
    #[serde(default)]
    pub exported_ok: Option<u64>,
    #[serde(default)]
    pub exported_failed: Option<u64>,
    #[serde(default)]
    pub exported_hollow: Option<u64>,
    #[serde(default)]
    pub downloaded: Option<u64>,
    #[serde(default)]
    pub bytes_uploaded: Option<u64>,
    #[serde(default)]
    pub bytes_downloaded: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    pub message: String,
    pub exit_code: i32,
}

fn start_phase() -> Phase {
    Phase::Start
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    pub schema: u32,
    pub id: String,
    pub kind: OpKind,
    /// Identity of the invocation (API, company or provisioning, inputs): re-running the same
    /// command finds this record and continues it.
    pub key: String,
    /// The command line, to show and to resume (`vern resume`).
    pub argv: Vec<String>,
    pub cwd: String,
    pub api_url: String,
    /// Ran against an in-process sandbox (`--sandbox`): gone with the process, not resumable.
    #[serde(default)]
    pub sandbox: bool,
    pub status: OpStatus,
    /// The phase the operation is in (`migrate`'s state machine records each it enters).
    /// Missing in schema-1 records: derived from `step` when they are read.
    #[serde(default = "start_phase")]
    pub phase: Phase,
    /// The step boundary last reached.
    pub step: Step,
    #[serde(default)]
    pub company: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub finished_at: Option<String>,
    /// When the outcome was printed. A finished operation whose outcome never reached the user
    /// (killed between the last step and the output) is continued by the same command, which
    /// prints it, rather than started over.
    #[serde(default)]
    pub reported_at: Option<String>,
    /// The exit code the operation ended with, once it ended (or paused).
    #[serde(default)]
    pub exit_code: Option<i32>,
    #[serde(default)]
    pub error: Option<Failure>,
    /// Options of the steps not yet done (e.g. migrate's --approve, --export, --download).
    #[serde(default)]
    pub options: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provision: Option<Provision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<RunStep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<ExportStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<DownloadStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryStep>,
    #[serde(default)]
    pub counts: Counts,
}

impl Operation {
    /// Whether the same command continues this operation: it is unfinished; or it finished
    /// without its outcome ever being printed; or (uploads, imports, migrations) it completed
    /// with the very same local files, so running it again would only repeat it.
    pub fn continues(&self) -> bool {
        if !self.status.is_finished() {
            return true;
        }
        if self.reported_at.is_none()
            && matches!(self.status, OpStatus::Completed | OpStatus::Failed)
        {
            return true;
        }
        self.status == OpStatus::Completed
            && matches!(
                self.kind,
                OpKind::Upload | OpKind::Import | OpKind::Migrate | OpKind::Deliver
            )
            && self.files_unchanged()
    }

    /// Every local file of the operation has the size and modification time it was uploaded
    /// with (the quick check of rsync and make; a changed file starts a new operation).
    pub fn files_unchanged(&self) -> bool {
        self.files.iter().filter(|f| !f.path.is_empty()).all(|f| {
            std::fs::metadata(&f.path).is_ok_and(|m| {
                Some(m.len()) == f.size && f.mtime_ns.is_some() && mtime_ns(&m) == f.mtime_ns
            })
        })
    }

    /// Completed before this invocation and shown again rather than repeated.
    pub fn is_repeat(&self) -> bool {
        self.status == OpStatus::Completed && self.reported_at.is_some()
    }

    /// A run of this operation that is still in flight on the server (waiting for a decision, or
    /// queued or running): its kind, id and status.
    pub fn pending_run(&self) -> Option<(&'static str, &str, &RunStatus)> {
        let runs = [
            ("import", self.import.as_ref()),
            ("canary", self.canary.as_ref().map(|e| &e.run)),
            ("export", self.export.as_ref().map(|e| &e.run)),
        ];
        runs.into_iter().find_map(|(what, step)| {
            let step = step?;
            let status = step.status.as_ref()?;
            (status.is_in_flight() && step.ended_at.is_none()).then_some((
                what,
                step.run_id.as_deref()?,
                status,
            ))
        })
    }

    /// Run ids of the operation, in order: import, canary, export.
    pub fn run_ids(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(id) = self.import.as_ref().and_then(|r| r.run_id.as_deref()) {
            out.push(("import", id));
        }
        if let Some(id) = self.canary.as_ref().and_then(|r| r.run.run_id.as_deref()) {
            out.push(("canary", id));
        }
        if let Some(id) = self.export.as_ref().and_then(|r| r.run.run_id.as_deref()) {
            out.push(("export", id));
        }
        out
    }

    /// Where output went (download files, report files).
    pub fn outputs(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .download
            .iter()
            .flat_map(|d| d.files.iter().map(|f| f.path.clone()))
            .collect();
        for e in [&self.canary, &self.export].into_iter().flatten() {
            if let Some(r) = &e.report_file {
                out.push(r.clone());
            }
        }
        out
    }
}

//! The sled store: occurrence state, the notification outbox, the delivery and audit logs and
//! channel state, each value with a schema version. Every sled call in dondoc lives here.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::time::Instant;

pub mod backup;
pub mod drafts;
pub mod inbound;

pub use inbound::{AttachmentInfo, InboundRecord, InboundState, SentMessage};

/// The version written into every stored value; readers refuse newer versions.
pub const SCHEMA_VERSION: u32 = 1;

/// The shared side of the write pause (see `backup`): a helper taking it writes only for a
/// caller that holds it.
type WritePause<'a> = std::sync::RwLockReadGuard<'a, ()>;

/// The `meta` key saying `open_ids` is kept (written once it was built).
const OPEN_IDS_READY: &str = "open_ids_ready";

/// The `meta` key saying the pending index is kept in order with the outbox (see `enqueue`):
/// stores written before that have theirs rebuilt once from the whole outbox.
const PENDING_READY: &str = "pending_ready";

fn open_key(assignee: &str, id: &str) -> Vec<u8> {
    format!("{assignee}/{id}").into_bytes()
}

/// The assignee and occurrence id of an `open_ids` key.
fn open_key_parts(key: &[u8]) -> Option<(&str, &str)> {
    std::str::from_utf8(key).ok()?.split_once('/')
}

/// Decodes the occurrence records an iteration of the `occurrences` tree yields.
fn decode_occurrences(records: sled::Iter) -> Result<Vec<OccurrenceRecord>, StoreError> {
    records
        .map(|item| {
            let (k, v) = item?;
            decode("occurrences", &k, &v)
        })
        .collect()
}

/// The cache is capped: the store must fit a small server.
const CACHE_CAPACITY_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store: {0}")]
    Sled(#[from] sled::Error),
    /// A write or flush failed (a full disk): the store refuses every call until it could be
    /// opened again; nothing after the last flush was kept.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("store: {0} is in use by another process (is another dondoc running on it?)")]
    Locked(String),
    #[error("store: {path} is corrupt ({detail}). Stop dondoc, move that folder aside (keep it for inspection), then restore the latest backup into an empty folder at the same path: `dondoc restore BACKUP-FILE` (see README, Operations: Restore)")]
    Corrupt { path: String, detail: String },
    #[error("store: value under `{key}` in `{tree}` is unreadable: {source}")]
    Decode {
        tree: &'static str,
        key: String,
        source: serde_json::Error,
    },
    #[error("store: value under `{key}` in `{tree}` has schema version {found}; this dondoc reads up to {SCHEMA_VERSION}: upgrade dondoc")]
    TooNew {
        tree: &'static str,
        key: String,
        found: u32,
    },
}

pub use crate::domain::lifecycle::OccurrenceState;

/// What the store keeps of an occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceRecord {
    pub id: String,
    pub plan: String,
    pub obligation: String,
    pub assignee: String,
    pub period: String,
    /// Overdue from this instant (after holiday shifts); stored as RFC 3339, +07:00.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due: Instant,
    /// The deadline in the plan's words, as the schedule last gave it.
    #[serde(default)]
    pub wording: String,
    #[serde(default)]
    pub inferred: bool,
    pub state: OccurrenceState,
    /// Stage keys already sent or passed over (`reminder-7`, `overdue`).
    pub handled: Vec<String>,
    /// The submission that closed it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<Submission>,
    /// The coordinator's confirmation of the submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Decision>,
    /// The last submission a coordinator rejected (the occurrence reopened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Rejected>,
    /// The approved extension in force; `due` keeps the original deadline for statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// Why a coordinator waived or cancelled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Decision>,
}

impl Default for OccurrenceRecord {
    /// An empty open record, due at the Unix epoch.
    fn default() -> Self {
        OccurrenceRecord {
            id: String::new(),
            plan: String::new(),
            obligation: String::new(),
            assignee: String::new(),
            period: String::new(),
            due: chrono::DateTime::UNIX_EPOCH.with_timezone(&crate::domain::time::ZONE),
            wording: String::new(),
            inferred: false,
            state: OccurrenceState::default(),
            handled: Vec::new(),
            submission: None,
            review: None,
            rejected: None,
            extension: None,
            closure: None,
        }
    }
}

impl OccurrenceRecord {
    /// The deadline in force: the extension's, else the original.
    pub fn effective_due(&self) -> Instant {
        self.extension.as_ref().map_or(self.due, |e| e.due)
    }

    /// A policy stage key (`reminder-7`) as recorded for the deadline in force: reminders
    /// start afresh under each extension (`reminder-7+e1`), so they are neither skipped as
    /// already handled nor merged with the original deadline's outbox entries.
    pub fn stage_key(&self, key: &str) -> String {
        match &self.extension {
            Some(e) => format!("{key}+e{}", e.number),
            None => key.to_owned(),
        }
    }

    /// The outbox key of a notification of `stage` to `unit` under the deadline in force.
    pub fn outbox_key(&self, stage: &str, unit: &str) -> String {
        format!("{}#{}@{}", self.id, self.stage_key(stage), unit)
    }

    /// The stage keys handled for the deadline in force, without the extension suffix.
    pub fn handled_now(&self) -> impl Iterator<Item = &str> {
        let suffix = self.extension.as_ref().map(|e| format!("+e{}", e.number));
        self.handled.iter().filter_map(move |k| match &suffix {
            Some(s) => k.strip_suffix(s.as_str()),
            None => (!k.contains("+e")).then_some(k.as_str()),
        })
    }
}

/// A coordinator's decision: who, when, and the reason or note given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// RFC 3339.
    pub at: String,
    /// The token name that recorded it.
    pub by: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A submission a coordinator sent back, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub submission: Submission,
    pub decision: Decision,
}

/// An approved extension ("gia hạn"): the new deadline, and which extension it is (1, 2, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Overdue from this instant; stored as RFC 3339, +07:00.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due: Instant,
    /// 1 for the first extension; reminder keys restart under each.
    pub number: u32,
    pub decision: Decision,
}

/// A unit's statement that it has submitted (a report) or done (a task).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// RFC 3339.
    pub at: String,
    /// The token name that recorded it.
    pub by: String,
    /// The document number ("Số 12/BC-UBND"), if given.
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What an outbox entry carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A reminder, due notice, overdue notice or escalation about one occurrence.
    #[default]
    Notification,
    /// The weekly digest to a coordinator.
    Digest,
    /// A notice to a coordinator that a unit could not be reached.
    Unreachable,
    /// A notice to the administrator (e.g. a refused reload); its text is in the payload.
    Admin,
}

/// Delivery state of an outbox entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    /// A send is in flight (found at start-up: the daemon stopped mid-send; it is sent again).
    Sending,
    Sent {
        at: String,
        channel: String,
    },
    /// A transient failure; tried again from `at`.
    RetryAt {
        at: String,
    },
    /// Given up: a permanent failure on every route, or too many transient ones.
    Failed {
        reason: String,
    },
    /// Not sent because it no longer applies (the occurrence was submitted or cancelled).
    Skipped {
        reason: String,
    },
}

impl DeliveryState {
    /// Sent or failed: nothing more will happen to the entry.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            DeliveryState::Sent { .. }
                | DeliveryState::Failed { .. }
                | DeliveryState::Skipped { .. }
        )
    }
}

/// A notification waiting for (or done with) delivery to one unit, under a deterministic key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// `<occurrence id>#<stage key>@<unit>` (or `digest/…`): enqueueing it twice stores it once.
    pub key: String,
    #[serde(default)]
    pub kind: EntryKind,
    /// The occurrence it is about (empty for digests).
    pub occurrence: String,
    /// The stage key (`reminder-7`, `overdue`, `digest`).
    pub stage: String,
    /// The unit it goes to.
    pub unit: String,
    /// When it was planned for (RFC 3339).
    pub at: String,
    pub delivery: DeliveryState,
    /// Failed attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Content fixed when enqueued (digest items, unreachable units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
}

/// One attempt to deliver an outbox entry by one route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLogEntry {
    pub key: String,
    pub at: String,
    pub channel: String,
    /// `sent`, `transient` or `permanent`.
    pub outcome: String,
    pub detail: String,
}

/// When dondoc first tracked a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub id: String,
    /// RFC 3339: occurrences due before this are history, never notified.
    pub first_tracked: String,
}

/// What the scheduler last stored of one obligation: every occurrence due before `through`,
/// summarised by a count and a sum of per-occurrence fingerprints, so that a restart or reload
/// can tell an unchanged obligation without reading its stored occurrences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestMark {
    /// RFC 3339.
    pub through: String,
    pub count: u64,
    /// Wrapping sum of the occurrences' fingerprints (see the scheduler).
    pub sum: u64,
}

/// One line of the audit log: who changed what, when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub who: String,
    pub what: String,
    pub occurrence: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Versioned<T> {
    v: u32,
    #[serde(flatten)]
    data: T,
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// An occurrence's assignee and state alone (building the open index decodes nothing else).
#[derive(Deserialize)]
struct StateOnly {
    assignee: String,
    state: OccurrenceState,
}

/// The sled handles of an open store: dropped and opened again when a write or flush failed
/// (see `Store::recover`).
struct Handles {
    db: sled::Db,
    occurrences: sled::Tree,
    outbox: sled::Tree,
    audit: sled::Tree,
    deliveries: sled::Tree,
    channels: sled::Tree,
    plans: sled::Tree,
    /// `IngestMark`s by `<plan>/<obligation>`.
    ingested: sled::Tree,
    /// Store-wide values (the generated link key).
    meta: sled::Tree,
    /// Nonces of one-click links already used.
    used_links: sled::Tree,
    /// Keys of outbox entries not yet sent or failed (an index kept with the outbox).
    pending: sled::Tree,
    /// The index of open occurrences, keys `<assignee>/<occurrence id>`: the scheduler and the
    /// overdue list read only open records, and a unit's list only that unit's, not every
    /// occurrence ever stored. It may hold more than the open records, never fewer: a key is
    /// added before its record opens and removed after it closes (a crash between the two
    /// leaves a spare key, which readers drop when they find the record closed).
    open_ids: sled::Tree,
}

/// Since when the store has been failing, and why (None: it works).
#[derive(Debug, Clone)]
pub struct Failing {
    pub since: std::time::SystemTime,
    pub detail: String,
}

/// The open store.
///
/// sled 0.34 keeps the first failed write of its log (a full disk: ENOSPC) as a global error
/// and refuses every later write until it is opened again, while its memory already shows the
/// writes that were never made durable. So a failed flush puts the store out of use at once
/// (every call answers `StoreError::Unavailable`, nothing half-written is read) and the next
/// call after a pause drops the handles and opens the folder again: what is on disk is then
/// the store, and writes work as soon as the disk has room.
pub struct Store {
    dir: std::path::PathBuf,
    /// The sled handles; None while the store is out of use after a failure.
    handles: std::sync::RwLock<Option<std::sync::Arc<Handles>>>,
    /// Set while the store is failing; cleared by a reopen whose flush works.
    failing: Mutex<Option<Failing>>,
    /// When a reopen was last tried (they are spaced by `REOPEN_EVERY`).
    reopen_tried: Mutex<Option<std::time::Instant>>,
    /// The number of keys in `open_ids`. Every occurrence write holds this lock, so concurrent
    /// writers keep `open_ids` and the count right.
    open: Mutex<usize>,
    /// Whether `meta` says `open_ids` is kept (see `load_open_index`).
    open_ids_ready: AtomicBool,
    /// Whether `meta` says the pending index is kept in order (see `load_pending`).
    pending_ready: AtomicBool,
    /// One flush at a time: concurrent `flush_async` calls can occupy every sled IO thread
    /// while each waits for a write only those threads can do (a deadlock seen with sled 0.34.7).
    flushing: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Every write holds this shared; a backup holds it exclusively while it copies the
    /// records, so a dump sees the store between two writes (see `backup`).
    pause: std::sync::RwLock<()>,
}

/// The shortest time between two reopens of a failed store.
const REOPEN_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

fn encode<T: Serialize>(data: &T) -> Vec<u8> {
    serde_json::to_vec(&Versioned {
        v: SCHEMA_VERSION,
        data,
    })
    .expect("store values serialize")
}

fn decode<T: DeserializeOwned>(
    tree: &'static str,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    let key = || String::from_utf8_lossy(key).into_owned();
    let version: VersionOnly =
        serde_json::from_slice(bytes).map_err(|source| StoreError::Decode {
            tree,
            key: key(),
            source,
        })?;
    if version.v > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            tree,
            key: key(),
            found: version.v,
        });
    }
    let v: Versioned<T> = serde_json::from_slice(bytes).map_err(|source| StoreError::Decode {
        tree,
        key: key(),
        source,
    })?;
    Ok(v.data)
}

impl StoreError {
    /// Whether the store is out of use after a failed write (see `Store`): the caller may
    /// retry later; nothing was recorded.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl Store {
    /// Opens (or creates) the store in `dir`.
    /// Waits up to two seconds for the file lock of a store that was just closed (sled's
    /// background threads release it shortly after the last handle is dropped).
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let (handles, open, ready, pending_ready) = Self::open_handles(dir, 40)?;
        Ok(Self {
            dir: dir.to_owned(),
            handles: std::sync::RwLock::new(Some(std::sync::Arc::new(handles))),
            failing: Mutex::new(None),
            reopen_tried: Mutex::new(None),
            open_ids_ready: AtomicBool::new(ready),
            pending_ready: AtomicBool::new(pending_ready),
            open: Mutex::new(open),
            flushing: Default::default(),
            pause: Default::default(),
        })
    }

    /// Opens sled in `dir` (trying `tries` times, 50 ms apart, while another handle still holds
    /// its lock) with the open index and pending index loaded.
    fn open_handles(dir: &Path, tries: u32) -> Result<(Handles, usize, bool, bool), StoreError> {
        let config = sled::Config::new()
            .path(dir)
            .cache_capacity(CACHE_CAPACITY_BYTES);
        let mut tried = 0;
        let db = loop {
            match config.open() {
                Ok(db) => break db,
                Err(sled::Error::Io(e))
                    if e.kind() == std::io::ErrorKind::Other
                        && e.to_string().contains("could not acquire lock") =>
                {
                    tried += 1;
                    if tried >= tries {
                        return Err(StoreError::Locked(dir.display().to_string()));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(sled::Error::Corruption { at, .. }) => {
                    return Err(StoreError::Corrupt {
                        path: dir.display().to_string(),
                        detail: match at {
                            Some(at) => format!("sled reports corruption at {at:?}"),
                            None => "sled reports corruption".to_owned(),
                        },
                    })
                }
                Err(e) => return Err(e.into()),
            }
        };
        let occurrences = db.open_tree("occurrences")?;
        let open_ids = db.open_tree("open_ids")?;
        let meta = db.open_tree("meta")?;
        let (open, ready) = Self::load_open_index(&occurrences, &open_ids, &meta)?;
        let outbox = db.open_tree("outbox")?;
        let pending = db.open_tree("pending")?;
        let pending_ready = Self::load_pending(&outbox, &pending, &meta)?;
        let handles = Handles {
            outbox,
            pending,
            occurrences,
            open_ids,
            audit: db.open_tree("audit")?,
            deliveries: db.open_tree("deliveries")?,
            channels: db.open_tree("channels")?,
            plans: db.open_tree("plans")?,
            ingested: db.open_tree("ingested")?,
            meta,
            used_links: db.open_tree("used_links")?,
            db,
        };
        Ok((handles, open, ready, pending_ready))
    }

    /// The current sled handles; `Unavailable` while the store is failing and could not be
    /// opened again yet (a reopen is tried at most every `REOPEN_EVERY`).
    fn h(&self) -> Result<std::sync::Arc<Handles>, StoreError> {
        if let Some(h) = self
            .handles
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(h.clone());
        }
        self.recover()?;
        self.handles
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| self.unavailable())
    }

    fn unavailable(&self) -> StoreError {
        let f = self.failing();
        StoreError::Unavailable(
            f.map(|f| f.detail)
                .unwrap_or_else(|| "the store is being opened again".to_owned()),
        )
    }

    /// Since when the store has been failing (None: it works).
    pub fn failing(&self) -> Option<Failing> {
        self.failing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Puts the store out of use after a failed write or flush: its handles are dropped (sled
    /// keeps refusing writes after one failed, and its memory holds writes that are not on
    /// disk); the next call opens it again.
    fn fail(&self, e: &sled::Error) -> StoreError {
        let detail = e.to_string();
        {
            let mut f = self.failing.lock().unwrap_or_else(|e| e.into_inner());
            if f.is_none() {
                tracing::error!(error = %detail, store = %self.dir.display(), "store write failed; writes are refused until the store can be opened again (is the disk full?)");
                *f = Some(Failing {
                    since: std::time::SystemTime::now(),
                    detail: detail.clone(),
                });
            }
        }
        *self.handles.write().unwrap_or_else(|e| e.into_inner()) = None;
        StoreError::Unavailable(detail)
    }

    /// Opens a failed store again (at most every `REOPEN_EVERY`): the handles are dropped,
    /// sled reads its log from disk (what was flushed), and a flush must work before the store
    /// is back in use. Does nothing while the store works.
    pub fn recover(&self) -> Result<(), StoreError> {
        if self.failing().is_none() {
            return Ok(());
        }
        {
            let mut tried = self.reopen_tried.lock().unwrap_or_else(|e| e.into_inner());
            if tried.is_some_and(|t| t.elapsed() < REOPEN_EVERY) {
                return Err(self.unavailable());
            }
            *tried = Some(std::time::Instant::now());
        }
        // No write in progress while the handles change; a caller that holds the pause itself
        // (a write method) is answered `Unavailable` rather than waiting on itself.
        let _paused = match self.pause.try_write() {
            Ok(p) => p,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return Err(self.unavailable()),
        };
        let mut slot = self.handles.write().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() && self.failing().is_none() {
            return Ok(());
        }
        *slot = None;
        let mut open = self.open_count_mut();
        let reopened = Self::open_handles(&self.dir, 20).and_then(|(h, count, ready, pready)| {
            // Writable again: a probe write must reach the disk.
            h.meta.insert("health/reopened", &b"1"[..])?;
            h.db.flush()?;
            Ok((h, count, ready, pready))
        });
        match reopened {
            Ok((h, count, ready, pready)) => {
                *open = count;
                self.open_ids_ready.store(ready, Ordering::Release);
                self.pending_ready.store(pready, Ordering::Release);
                *slot = Some(std::sync::Arc::new(h));
                let was = self
                    .failing
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take();
                let secs = was
                    .and_then(|f| f.since.elapsed().ok())
                    .map_or(0, |d| d.as_secs());
                tracing::info!(store = %self.dir.display(), failing_secs = secs, "store opened again after a failure; writes work");
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, store = %self.dir.display(), "store still unavailable");
                if let Some(f) = self
                    .failing
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_mut()
                {
                    f.detail = e.to_string();
                }
                Err(self.unavailable())
            }
        }
    }

    /// The open index from `open_ids`; built from every occurrence (once) when the store has
    /// none yet (a store written by an earlier dondoc, or a restore of its backup). Also says
    /// whether `meta` records that `open_ids` is kept: an empty store gets that mark with its
    /// first occurrence (so that a fresh store stays empty, ready for a restore).
    fn load_open_index(
        occurrences: &sled::Tree,
        open_ids: &sled::Tree,
        meta: &sled::Tree,
    ) -> Result<(usize, bool), StoreError> {
        let mut open = 0;
        if occurrences.is_empty() {
            open_ids.clear()?;
            return Ok((open, false));
        }
        if meta.get(OPEN_IDS_READY)?.is_some() {
            return Ok((open_ids.len(), true));
        }
        open_ids.clear()?;
        for item in occurrences.iter() {
            let (k, v) = item?;
            let s: StateOnly = decode("occurrences", &k, &v)?;
            if s.state == OccurrenceState::Open {
                let id = String::from_utf8_lossy(&k);
                open_ids.insert(open_key(&s.assignee, &id), &[])?;
                open += 1;
            }
        }
        meta.insert(OPEN_IDS_READY, &b"1"[..])?;
        Ok((open, true))
    }

    /// Makes sure the pending index holds every unsent outbox entry. Pending keys are written
    /// before their entries (see `enqueue`), so nothing is read once `meta` says so; a store
    /// written before that has its index rebuilt from the whole outbox, once. Returns whether
    /// `meta` says so (an empty store gets that mark with its first entry).
    fn load_pending(
        outbox: &sled::Tree,
        pending: &sled::Tree,
        meta: &sled::Tree,
    ) -> Result<bool, StoreError> {
        if meta.get(PENDING_READY)?.is_some() {
            return Ok(true);
        }
        if outbox.is_empty() {
            return Ok(false);
        }
        for item in outbox.iter() {
            let (k, v) = item?;
            let e: OutboxEntry = decode("outbox", &k, &v)?;
            if !e.delivery.is_final() {
                pending.insert(k, &[])?;
            }
        }
        meta.insert(PENDING_READY, &b"1"[..])?;
        Ok(true)
    }

    /// Writes `key` into `meta` the first time (a mark that an index is kept from now on).
    fn mark_kept(
        &self,
        _held: &WritePause<'_>,
        ready: &AtomicBool,
        key: &str,
    ) -> Result<(), StoreError> {
        if !ready.load(Ordering::Acquire) {
            self.h()?.meta.insert(key, &b"1"[..])?;
            ready.store(true, Ordering::Release);
        }
        Ok(())
    }

    pub fn occurrence(&self, id: &str) -> Result<Option<OccurrenceRecord>, StoreError> {
        self.h()?
            .occurrences
            .get(id)?
            .map(|b| decode("occurrences", id.as_bytes(), &b))
            .transpose()
    }

    /// The occurrence write lock, with the count of `open_ids` keys.
    fn open_count_mut(&self) -> MutexGuard<'_, usize> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `new` (`rec` encoded) in place of `old` (None: absent), keeping `open_ids`
    /// and its count; the caller holds the write pause and the occurrence write lock. With `old` given,
    /// writes only if the stored bytes are still `old`; returns whether it wrote.
    fn write_occurrence(
        &self,
        _held: &WritePause<'_>,
        open: &mut usize,
        old: Option<(&sled::IVec, &StateOnly)>,
        rec: &OccurrenceRecord,
        new: Vec<u8>,
        compare: bool,
    ) -> Result<bool, StoreError> {
        let id = rec.id.as_str();
        let is_open = rec.state == OccurrenceState::Open;
        let was_open = old.is_some_and(|(_, s)| s.state == OccurrenceState::Open);
        let old_assignee = old.map(|(_, s)| s.assignee.as_str());
        let moved = was_open && (!is_open || old_assignee != Some(rec.assignee.as_str()));
        // The store's first occurrence: from now on `open_ids` is kept.
        self.mark_kept(_held, &self.open_ids_ready, OPEN_IDS_READY)?;
        // A key is added before the record opens, removed after it closes.
        if is_open
            && (!was_open || moved)
            && self
                .h()?
                .open_ids
                .insert(open_key(&rec.assignee, id), &[])?
                .is_none()
        {
            *open += 1;
        }
        if compare {
            let expected = old.map(|(bytes, _)| bytes.clone());
            if self
                .h()?
                .occurrences
                .compare_and_swap(id.as_bytes(), expected, Some(new))?
                .is_err()
            {
                return Ok(false);
            }
        } else {
            self.h()?.occurrences.insert(id.as_bytes(), new)?;
        }
        if moved {
            if let Some(a) = old_assignee {
                if self.h()?.open_ids.remove(open_key(a, id))?.is_some() {
                    *open -= 1;
                }
            }
        }
        Ok(true)
    }

    pub fn put_occurrence(&self, rec: &OccurrenceRecord) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let mut open = self.open_count_mut();
        let old = self.h()?.occurrences.get(rec.id.as_bytes())?;
        let state = old
            .as_ref()
            .map(|b| decode::<StateOnly>("occurrences", rec.id.as_bytes(), b))
            .transpose()?;
        let old = old.as_ref().zip(state.as_ref());
        self.write_occurrence(&_w, &mut open, old, rec, encode(rec), false)?;
        Ok(())
    }

    /// Changes an occurrence atomically: `change` sees the stored record and returns whether
    /// to write it back. Concurrent writers (the scheduler, an HTTP action) never overwrite each
    /// other's changes. Returns the record as written, or None when absent or left unchanged.
    pub fn update_occurrence(
        &self,
        id: &str,
        mut change: impl FnMut(&mut OccurrenceRecord) -> bool,
    ) -> Result<Option<OccurrenceRecord>, StoreError> {
        let _w = self.writing()?;
        loop {
            let Some(old) = self.h()?.occurrences.get(id)? else {
                return Ok(None);
            };
            let mut rec: OccurrenceRecord = decode("occurrences", id.as_bytes(), &old)?;
            let before = StateOnly {
                assignee: rec.assignee.clone(),
                state: rec.state,
            };
            if !change(&mut rec) {
                return Ok(None);
            }
            let new = encode(&rec);
            let mut open = self.open_count_mut();
            if self.write_occurrence(&_w, &mut open, Some((&old, &before)), &rec, new, true)? {
                return Ok(Some(rec));
            }
        }
    }

    /// Changes an occurrence and appends the audit entry `change` returns, in one sled
    /// transaction: after a crash or a failed flush both are on disk or neither is. `change`
    /// sees the stored record (it may run more than once under contention) and returns None to
    /// leave it unchanged. Returns the record as written, or None when absent or unchanged.
    /// The caller flushes (an action is acknowledged only after its flush).
    pub fn update_occurrence_audited(
        &self,
        id: &str,
        change: impl Fn(&mut OccurrenceRecord) -> Option<AuditEntry>,
    ) -> Result<Option<OccurrenceRecord>, StoreError> {
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        use sled::Transactional;
        let _w = self.writing()?;
        let h = self.h()?;
        let mut open = self.open_count_mut();
        self.mark_kept(&_w, &self.open_ids_ready, OPEN_IDS_READY)?;
        let result = (&h.occurrences, &h.open_ids, &h.audit).transaction(|(occ, ids, audit)| {
            let Some(old) = occ.get(id.as_bytes())? else {
                return Ok(None);
            };
            let mut rec: OccurrenceRecord = decode("occurrences", id.as_bytes(), &old)
                .map_err(ConflictableTransactionError::Abort)?;
            let was_open = rec.state == OccurrenceState::Open;
            let old_assignee = rec.assignee.clone();
            let Some(entry) = change(&mut rec) else {
                return Ok(None);
            };
            let is_open = rec.state == OccurrenceState::Open;
            let moved = was_open && (!is_open || old_assignee != rec.assignee);
            let mut delta: isize = 0;
            if is_open
                && (!was_open || moved)
                && ids.insert(open_key(&rec.assignee, id), &[])?.is_none()
            {
                delta += 1;
            }
            occ.insert(id.as_bytes(), encode(&rec))?;
            if moved && ids.remove(open_key(&old_assignee, id))?.is_some() {
                delta -= 1;
            }
            let mut key = Self::audit_prefix(&entry.occurrence);
            key.extend_from_slice(&audit.generate_id()?.to_be_bytes());
            audit.insert(key, encode(&entry))?;
            Ok(Some((rec, delta)))
        });
        match result {
            Ok(Some((rec, delta))) => {
                *open = open.saturating_add_signed(delta);
                Ok(Some(rec))
            }
            Ok(None) => Ok(None),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }

    /// The secret `name`, created with `generate` the first time (and flushed).
    pub fn secret(
        &self,
        name: &str,
        generate: impl FnOnce() -> Vec<u8>,
    ) -> Result<Vec<u8>, StoreError> {
        let _w = self.writing()?;
        let key = format!("secret/{name}");
        if let Some(v) = self.h()?.meta.get(&key)? {
            return Ok(v.to_vec());
        }
        let fresh = generate();
        // Two first callers: the one that wrote first wins for both.
        let stored =
            match self
                .h()?
                .meta
                .compare_and_swap(&key, None::<&[u8]>, Some(fresh.as_slice()))?
            {
                Ok(()) => fresh,
                Err(e) => e.current.map(|v| v.to_vec()).unwrap_or(fresh),
            };
        self.h()?.db.flush().map_err(|e| self.fail(&e))?;
        Ok(stored)
    }

    /// Writes, reads back and flushes a probe value: the store is writable. The flush queues
    /// with every other (see `flushing`).
    pub async fn probe_write(&self, now: &str) -> Result<(), StoreError> {
        {
            let _w = self.writing()?;
            self.h()?.meta.insert("health/probe", now.as_bytes())?;
            let back = self.h()?.meta.get("health/probe")?;
            if back.as_deref() != Some(now.as_bytes()) {
                return Err(StoreError::Sled(sled::Error::ReportableBug(
                    "probe value not read back".into(),
                )));
            }
        }
        self.flush_async().await
    }

    /// Records that the link with `nonce` was used at `at`; false if it was used before.
    pub fn use_link(&self, nonce: &str, at: &str) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        Ok(self
            .h()?
            .used_links
            .compare_and_swap(nonce, None::<&[u8]>, Some(at.as_bytes()))?
            .is_ok())
    }

    /// When the link with `nonce` was used, if it was.
    pub fn link_used_at(&self, nonce: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .h()?
            .used_links
            .get(nonce)?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Every occurrence, in id order.
    pub fn occurrences(&self) -> Result<Vec<OccurrenceRecord>, StoreError> {
        decode_occurrences(self.h()?.occurrences.iter())
    }

    /// The open occurrences owed by one of `assignees` (None: anyone) under `plan` (None: any
    /// plan), in id order; only those are read and decoded.
    pub fn open_occurrences_of(
        &self,
        assignees: Option<&[&str]>,
        plan: Option<&str>,
    ) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let keys: Vec<sled::IVec> = match assignees {
            Some(units) => {
                let mut keys = Vec::new();
                for u in units {
                    for k in self.h()?.open_ids.scan_prefix(format!("{u}/")).keys() {
                        keys.push(k?);
                    }
                }
                keys
            }
            None => self.h()?.open_ids.iter().keys().collect::<Result<_, _>>()?,
        };
        let prefix = plan.map(|p| format!("{p}/"));
        let keys = keys.iter().filter_map(|k| {
            let (assignee, id) = open_key_parts(k)?;
            prefix
                .as_deref()
                .is_none_or(|p| id.starts_with(p))
                .then_some((assignee, id))
        });
        let mut out = self.open_records(keys)?;
        out.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    /// Up to `limit` open occurrences after the index key `after` (None: from the start), in
    /// index order (by assignee), and the key to continue from (None: no more).
    pub fn open_occurrences_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<OccurrenceRecord>, Option<String>), StoreError> {
        let mut keys = Vec::with_capacity(limit);
        let range = match after {
            Some(a) => self.h()?.open_ids.range::<&[u8], _>((
                std::ops::Bound::Excluded(a.as_bytes()),
                std::ops::Bound::Unbounded,
            )),
            None => self.h()?.open_ids.iter(),
        };
        for k in range.keys().take(limit) {
            keys.push(k?);
        }
        let next = (keys.len() == limit)
            .then(|| keys.last().map(|k| String::from_utf8_lossy(k).into_owned()))
            .flatten();
        let pairs = keys.iter().filter_map(|k| open_key_parts(k));
        Ok((self.open_records(pairs)?, next))
    }

    /// The records of `(assignee, id)` index keys that are open under that assignee; keys
    /// whose record is not are dropped from the index.
    fn open_records<'a>(
        &self,
        keys: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let mut out = Vec::new();
        let mut spare = Vec::new();
        for (assignee, id) in keys {
            // Changed since the keys were read: only what is still open counts.
            match self.occurrence(id)? {
                Some(rec) if rec.state == OccurrenceState::Open && rec.assignee == assignee => {
                    out.push(rec)
                }
                _ => spare.push((id.to_owned(), assignee.to_owned())),
            }
        }
        self.drop_spare_keys(&spare)?;
        Ok(out)
    }

    /// Removes index keys whose record is not (or no longer) open under that assignee: left by
    /// a crash between a record's write and its key's removal.
    fn drop_spare_keys(&self, candidates: &[(String, String)]) -> Result<(), StoreError> {
        if candidates.is_empty() {
            return Ok(());
        }
        let _w = self.writing()?;
        let mut open = self.open_count_mut();
        for (id, assignee) in candidates {
            let still_open = match self.h()?.occurrences.get(id.as_bytes())? {
                Some(b) => {
                    let s: StateOnly = decode("occurrences", id.as_bytes(), &b)?;
                    s.state == OccurrenceState::Open && &s.assignee == assignee
                }
                None => false,
            };
            if !still_open && self.h()?.open_ids.remove(open_key(assignee, id))?.is_some() {
                *open -= 1;
            }
        }
        Ok(())
    }

    /// How many occurrences are open (the index's count, decodes nothing; a spare key left by
    /// a crash counts until a reader drops it).
    pub fn open_count(&self) -> usize {
        *self.open_count_mut()
    }

    /// The plan's tracking record, created with `now` the first time a plan is seen.
    pub fn track_plan(&self, id: &str, now: &str) -> Result<PlanRecord, StoreError> {
        let _w = self.writing()?;
        let rec = PlanRecord {
            id: id.to_owned(),
            first_tracked: now.to_owned(),
        };
        match self.h()?.plans.compare_and_swap(
            id.as_bytes(),
            None as Option<&[u8]>,
            Some(encode(&rec)),
        )? {
            Ok(()) => Ok(rec),
            Err(e) => decode("plans", id.as_bytes(), &e.current.expect("present")),
        }
    }

    /// What the scheduler last stored of an obligation.
    pub fn ingest_mark(
        &self,
        plan: &str,
        obligation: &str,
    ) -> Result<Option<IngestMark>, StoreError> {
        let key = format!("{plan}/{obligation}");
        self.h()?
            .ingested
            .get(key.as_bytes())?
            .map(|b| decode("ingested", key.as_bytes(), &b))
            .transpose()
    }

    pub fn set_ingest_mark(
        &self,
        plan: &str,
        obligation: &str,
        mark: Option<&IngestMark>,
    ) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let key = format!("{plan}/{obligation}");
        match mark {
            Some(m) => self.h()?.ingested.insert(key.as_bytes(), encode(m))?,
            None => self.h()?.ingested.remove(key.as_bytes())?,
        };
        Ok(())
    }

    /// The (plan, obligation) pairs that have stored occurrences, in order: one seek per pair,
    /// not a read of every record.
    pub fn stored_obligations(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(key) = self.h()?.occurrences.range(from.as_slice()..).keys().next() {
            let key = key?;
            let text = String::from_utf8_lossy(&key);
            let mut parts = text.splitn(3, '/');
            let (Some(plan), Some(obligation)) = (parts.next(), parts.next()) else {
                // Not an occurrence id: step over this key alone.
                from = key.to_vec();
                from.push(0);
                continue;
            };
            // The first key after every `<plan>/<obligation>/…` ('0' follows '/').
            from = format!("{plan}/{obligation}0").into_bytes();
            out.push((plan.to_owned(), obligation.to_owned()));
        }
        Ok(out)
    }

    /// Every stored occurrence of one obligation, in id order.
    pub fn occurrences_of_obligation(
        &self,
        plan: &str,
        obligation: &str,
    ) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let prefix = format!("{plan}/{obligation}/");
        decode_occurrences(self.h()?.occurrences.scan_prefix(prefix.as_bytes()))
    }

    /// Every plan dondoc has tracked.
    pub fn tracked_plans(&self) -> Result<Vec<PlanRecord>, StoreError> {
        self.h()?
            .plans
            .iter()
            .map(|item| {
                let (k, v) = item?;
                decode("plans", &k, &v)
            })
            .collect()
    }

    /// Stores `entry` unless its key is already there; true when it was new.
    pub fn enqueue(&self, entry: &OutboxEntry) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        let key = entry.key.as_bytes();
        if self.h()?.outbox.contains_key(key)? {
            return Ok(false);
        }
        self.mark_kept(&_w, &self.pending_ready, PENDING_READY)?;
        // The pending key first: a crash in between leaves a spare key (dropped by
        // `undelivered`), never an entry nobody sends.
        if !entry.delivery.is_final() {
            self.h()?.pending.insert(key, &[])?;
        }
        let swapped =
            self.h()?
                .outbox
                .compare_and_swap(key, None as Option<&[u8]>, Some(encode(entry)))?;
        Ok(swapped.is_ok())
    }

    pub fn outbox_entry(&self, key: &str) -> Result<Option<OutboxEntry>, StoreError> {
        self.h()?
            .outbox
            .get(key)?
            .map(|b| decode("outbox", key.as_bytes(), &b))
            .transpose()
    }

    /// Replaces an outbox entry (its delivery state and attempts), keeping the pending index.
    pub fn update_entry(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let key = entry.key.as_bytes();
        self.mark_kept(&_w, &self.pending_ready, PENDING_READY)?;
        // Pending: the key before the entry; final: the entry before the key's removal.
        if entry.delivery.is_final() {
            self.h()?.outbox.insert(key, encode(entry))?;
            self.h()?.pending.remove(key)?;
        } else {
            self.h()?.pending.insert(key, &[])?;
            self.h()?.outbox.insert(key, encode(entry))?;
        }
        Ok(())
    }

    /// Outbox entries not yet sent or failed, in key order.
    pub fn undelivered(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let _w = self.writing()?;
        let mut out = Vec::new();
        for item in self.h()?.pending.iter() {
            let (k, _) = item?;
            match self.h()?.outbox.get(&k)? {
                Some(v) => {
                    let e: OutboxEntry = decode("outbox", &k, &v)?;
                    if e.delivery.is_final() {
                        self.h()?.pending.remove(&k)?;
                    } else {
                        out.push(e);
                    }
                }
                None => {
                    self.h()?.pending.remove(&k)?;
                }
            }
        }
        Ok(out)
    }

    /// How many outbox entries are not yet sent or failed (counts index keys, decodes nothing).
    pub fn pending_count(&self) -> usize {
        self.h().map_or(0, |h| h.pending.len())
    }

    /// Every outbox entry, in key order.
    pub fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.h()?
            .outbox
            .iter()
            .map(|item| {
                let (k, v) = item?;
                decode("outbox", &k, &v)
            })
            .collect()
    }

    /// Appends one attempt to the delivery log.
    pub fn log_delivery(&self, entry: &DeliveryLogEntry) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let mut key = Self::audit_prefix(&entry.key);
        key.extend_from_slice(&self.h()?.db.generate_id()?.to_be_bytes());
        self.h()?.deliveries.insert(key, encode(entry))?;
        Ok(())
    }

    /// The delivery attempts of one outbox entry, oldest first.
    pub fn deliveries_of(&self, key: &str) -> Result<Vec<DeliveryLogEntry>, StoreError> {
        self.h()?
            .deliveries
            .scan_prefix(Self::audit_prefix(key))
            .map(|item| {
                let (k, v) = item?;
                decode("deliveries", &k, &v)
            })
            .collect()
    }

    /// Audit keys: the occurrence id, a NUL, then a monotonically increasing id, so one
    /// occurrence's entries are a prefix scan in order.
    fn audit_prefix(occurrence: &str) -> Vec<u8> {
        let mut k = occurrence.as_bytes().to_vec();
        k.push(0);
        k
    }

    /// Appends to the audit log.
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let mut key = Self::audit_prefix(&entry.occurrence);
        key.extend_from_slice(&self.h()?.db.generate_id()?.to_be_bytes());
        self.h()?.audit.insert(key, encode(entry))?;
        Ok(())
    }

    /// The audit entries of one occurrence, oldest first.
    pub fn audit_of(&self, occurrence: &str) -> Result<Vec<AuditEntry>, StoreError> {
        self.h()?
            .audit
            .scan_prefix(Self::audit_prefix(occurrence))
            .map(|item| {
                let (k, v) = item?;
                decode("audit", &k, &v)
            })
            .collect()
    }

    /// Makes every write so far durable (sled loses unflushed writes on kill -9).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.h()?.db.flush().map_err(|e| self.fail(&e))?;
        Ok(())
    }

    /// [`Store::flush`] without blocking the async runtime. Flushes are serialized and run on
    /// a blocking thread, not on sled's own IO pool (see `flushing`); a flush makes every write
    /// before it durable, so callers that queue behind another one lose nothing.
    pub async fn flush_async(&self) -> Result<(), StoreError> {
        let _one = self.flushing.lock().await;
        let db = self.h()?.db.clone();
        tokio::task::spawn_blocking(move || db.flush())
            .await
            .expect("flush does not panic")
            .map_err(|e| self.fail(&e))?;
        Ok(())
    }

    /// A channel's persisted state (e.g. the Zalo OA tokens), by channel name.
    pub fn channel_state<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, StoreError> {
        self.h()?
            .channels
            .get(name)?
            .map(|b| decode("channels", name.as_bytes(), &b))
            .transpose()
    }

    /// Replaces a channel's state. Call [`Store::flush_async`] before relying on it.
    pub fn put_channel_state<T: Serialize>(&self, name: &str, state: &T) -> Result<(), StoreError> {
        let _w = self.writing()?;
        self.h()?.channels.insert(name.as_bytes(), encode(state))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as the store wrote them while `due` was a string: read into typed instants and
    /// written again, they are the same bytes.
    #[test]
    fn records_written_with_string_instants_round_trip_to_the_same_bytes() {
        let written = [
            r#"{"v":1,"id":"kh/bao-cao/xa-a/2024-Q1","plan":"kh","obligation":"bao-cao","assignee":"xa-a","period":"2024-Q1","due":"2024-04-13T00:00:00+07:00","wording":"trước ngày 13 tháng đầu quý sau","inferred":false,"state":"open","handled":["reminder-7","reminder-3+e1"],"rejected":{"submission":{"at":"2024-04-10T09:15:00+07:00","by":"xa-a","document":"12/BC-UBND","note":null},"decision":{"at":"2024-04-11T08:00:00+07:00","by":"admin","reason":"Thiếu số liệu"}},"extension":{"due":"2024-04-21T00:00:00+07:00","number":1,"decision":{"at":"2024-04-11T08:05:00+07:00","by":"admin","reason":"Chờ số liệu quý"}}}"#,
            r#"{"v":1,"id":"kh/ob/xa/2023-09","plan":"kh","obligation":"ob","assignee":"xa","period":"2023-09","due":"2023-10-06T00:00:00+07:00","wording":"","inferred":true,"state":"confirmed","handled":[],"submission":{"at":"2023-10-05T16:00:00+07:00","by":"email xa@example.vn","document":null,"note":"Báo cáo nhận qua thư điện tử từ xa@example.vn"},"review":{"at":"2023-10-06T08:00:00+07:00","by":"admin","reason":null}}"#,
            r#"{"v":1,"id":"a/b/c/2022","plan":"a","obligation":"b","assignee":"c","period":"2022","due":"2022-12-31T17:30:15.250+07:00","wording":"cuối năm","inferred":false,"state":"cancelled","handled":[],"closure":{"at":"2023-01-02T07:30:00+07:00","by":"dondoc","reason":"unit ended"}}"#,
        ];
        assert_eq!(SCHEMA_VERSION, 1, "the texts above carry version 1");
        for text in written {
            let rec: OccurrenceRecord = decode("occurrences", b"k", text.as_bytes()).unwrap();
            assert_eq!(rec.due.timezone(), crate::domain::time::ZONE);
            assert_eq!(String::from_utf8(encode(&rec)).unwrap(), text);
        }
        let rec: OccurrenceRecord = decode("occurrences", b"k", written[0].as_bytes()).unwrap();
        assert_eq!(
            rec.effective_due(),
            crate::domain::time::parse_instant("2024-04-21T00:00:00+07:00").unwrap()
        );
        // A due that is not RFC 3339 is a decoding error naming the text.
        let bad = written[1].replace("2023-10-06T00:00:00+07:00", "06/10/2023");
        let err = decode::<OccurrenceRecord>("occurrences", b"k", bad.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("06/10/2023"), "{err}");
    }

    fn entry(key: &str) -> OutboxEntry {
        OutboxEntry {
            key: key.into(),
            kind: EntryKind::Notification,
            occurrence: "kh/ob/xa/2024-Q1".into(),
            stage: "reminder-7".into(),
            unit: "xa".into(),
            at: "2024-03-05T07:30:00+07:00".into(),
            delivery: DeliveryState::Pending,
            attempts: 0,
            payload: None,
        }
    }

    #[test]
    fn enqueue_is_idempotent_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            assert!(s.enqueue(&entry("kh/ob/xa/2024-Q1#reminder-7@xa")).unwrap());
            assert!(!s.enqueue(&entry("kh/ob/xa/2024-Q1#reminder-7@xa")).unwrap());
            let mut sent = entry("kh/ob/xa/2024-Q1#reminder-7@xa");
            sent.delivery = DeliveryState::Sent {
                at: "2024-03-05T07:30:01+07:00".into(),
                channel: "email".into(),
            };
            s.update_entry(&sent).unwrap();
            s.log_delivery(&DeliveryLogEntry {
                key: sent.key.clone(),
                at: "2024-03-05T07:30:01+07:00".into(),
                channel: "email".into(),
                outcome: "sent".into(),
                detail: String::new(),
            })
            .unwrap();
            assert!(s.enqueue(&entry("kh/ob/xa/2024-Q1#reminder-3@xa")).unwrap());
            s.append_audit(&AuditEntry {
                at: "2024-03-06T09:00:00+07:00".into(),
                who: "coordinator".into(),
                what: "submit".into(),
                occurrence: "kh/ob/xa/2024-Q1".into(),
                before: Some("open".into()),
                after: Some("submitted".into()),
            })
            .unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        let pending: Vec<String> = s
            .undelivered()
            .unwrap()
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(pending, ["kh/ob/xa/2024-Q1#reminder-3@xa"]);
        assert_eq!(
            s.deliveries_of("kh/ob/xa/2024-Q1#reminder-7@xa")
                .unwrap()
                .len(),
            1
        );
        assert_eq!(s.pending_count(), 1);
        assert_eq!(
            s.track_plan("kh", "2024-01-01T00:00:00+07:00").unwrap(),
            s.track_plan("kh", "2025-01-01T00:00:00+07:00").unwrap()
        );
        assert_eq!(s.audit_of("kh/ob/xa/2024-Q1").unwrap().len(), 1);
    }

    #[test]
    fn pending_index_is_kept_and_rebuilt_once_for_older_stores() {
        let dir = tempfile::tempdir().unwrap();
        let keys = |s: &Store| -> Vec<String> {
            s.undelivered()
                .unwrap()
                .into_iter()
                .map(|e| e.key)
                .collect()
        };
        {
            let s = Store::open(dir.path()).unwrap();
            assert!(s.enqueue(&entry("kh/ob/xa/2024-Q1#reminder-7@xa")).unwrap());
            assert!(s.enqueue(&entry("kh/ob/xa/2024-Q1#reminder-3@xa")).unwrap());
            let mut sent = entry("kh/ob/xa/2024-Q1#reminder-7@xa");
            sent.delivery = DeliveryState::Sent {
                at: "2024-03-05T07:30:01+07:00".into(),
                channel: "email".into(),
            };
            s.update_entry(&sent).unwrap();
            // A crash between a pending key and its entry leaves a spare key: dropped.
            s.h()
                .unwrap()
                .pending
                .insert("kh/ob/xa/2024-Q1#due@xa", &[])
                .unwrap();
            assert_eq!(keys(&s), ["kh/ob/xa/2024-Q1#reminder-3@xa"]);
            assert_eq!(s.pending_count(), 1);
            // A store written before the index was kept in order: no mark, no index.
            s.h().unwrap().meta.remove(PENDING_READY).unwrap();
            s.h().unwrap().pending.clear().unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(keys(&s), ["kh/ob/xa/2024-Q1#reminder-3@xa"]);
        assert!(s.h().unwrap().meta.contains_key(PENDING_READY).unwrap());
    }

    fn occ(plan: &str, assignee: &str, period: &str, state: OccurrenceState) -> OccurrenceRecord {
        OccurrenceRecord {
            id: format!("{plan}/ob/{assignee}/{period}"),
            plan: plan.into(),
            obligation: "ob".into(),
            assignee: assignee.into(),
            period: period.into(),
            due: crate::domain::time::parse_instant("2024-03-15T00:00:00+07:00").unwrap(),
            state,
            ..Default::default()
        }
    }

    #[test]
    fn open_index_follows_writes_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let ids = |v: Vec<OccurrenceRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        {
            let s = Store::open(dir.path()).unwrap();
            s.put_occurrence(&occ("kh", "xa", "2024-Q1", OccurrenceState::Open))
                .unwrap();
            s.put_occurrence(&occ("kh", "xb", "2024-Q1", OccurrenceState::Open))
                .unwrap();
            s.put_occurrence(&occ("kh2", "xa", "2024-Q1", OccurrenceState::Open))
                .unwrap();
            s.put_occurrence(&occ("kh", "xa", "2023-Q4", OccurrenceState::History))
                .unwrap();
            assert_eq!(s.open_count(), 3);
            assert_eq!(
                ids(s.open_occurrences_of(Some(&["xa"]), None).unwrap()),
                ["kh/ob/xa/2024-Q1", "kh2/ob/xa/2024-Q1"]
            );
            assert_eq!(
                ids(s.open_occurrences_of(None, Some("kh")).unwrap()),
                ["kh/ob/xa/2024-Q1", "kh/ob/xb/2024-Q1"]
            );
            assert_eq!(
                ids(s
                    .open_occurrences_of(Some(&["xb", "xa", "nobody"]), Some("kh"))
                    .unwrap()),
                ["kh/ob/xa/2024-Q1", "kh/ob/xb/2024-Q1"]
            );
            assert!(s.open_occurrences_of(None, Some("k")).unwrap().is_empty());
            // Submitted: out of the index; reopened: back in; re-put as open: still once.
            s.update_occurrence("kh/ob/xb/2024-Q1", |r| {
                r.state = OccurrenceState::Submitted;
                true
            })
            .unwrap();
            assert_eq!(
                ids(s.open_occurrences_of(None, None).unwrap()),
                ["kh/ob/xa/2024-Q1", "kh2/ob/xa/2024-Q1"]
            );
            s.put_occurrence(&occ("kh", "xa", "2024-Q1", OccurrenceState::Open))
                .unwrap();
            s.update_occurrence("kh2/ob/xa/2024-Q1", |r| {
                r.state = OccurrenceState::Cancelled;
                true
            })
            .unwrap();
            s.update_occurrence("kh/ob/xb/2024-Q1", |r| {
                r.state = OccurrenceState::Open;
                true
            })
            .unwrap();
            assert_eq!(s.open_count(), 2);
            s.flush().unwrap();
        }
        // Rebuilt from the tree on open: the same open set as before.
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(
            ids(s.open_occurrences_of(None, None).unwrap()),
            ["kh/ob/xa/2024-Q1", "kh/ob/xb/2024-Q1"]
        );
        let all = s.occurrences().unwrap();
        let open: Vec<String> = all
            .into_iter()
            .filter(|r| r.state == OccurrenceState::Open)
            .map(|r| r.id)
            .collect();
        assert_eq!(open, ids(s.open_occurrences_of(None, None).unwrap()));
    }

    #[test]
    fn open_index_is_kept_on_disk_rebuilt_for_older_stores_and_drops_spare_keys() {
        let dir = tempfile::tempdir().unwrap();
        let ids = |v: Vec<OccurrenceRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        {
            let s = Store::open(dir.path()).unwrap();
            for (plan, unit) in [("kh", "xa"), ("kh", "xb"), ("kh2", "xa"), ("kh2", "xc")] {
                s.put_occurrence(&occ(plan, unit, "2024-Q1", OccurrenceState::Open))
                    .unwrap();
            }
            s.put_occurrence(&occ("kh", "xa", "2023-Q4", OccurrenceState::History))
                .unwrap();
            // Moved to another unit while open: listed under the new one only.
            s.update_occurrence("kh2/ob/xc/2024-Q1", |r| {
                r.assignee = "xd".into();
                true
            })
            .unwrap();
            assert_eq!(
                ids(s.open_occurrences_of(Some(&["xc"]), None).unwrap()),
                [""; 0]
            );
            assert_eq!(
                ids(s.open_occurrences_of(Some(&["xd"]), None).unwrap()),
                ["kh2/ob/xc/2024-Q1"]
            );
            // A crash between a record's close and its key's removal leaves a spare key.
            s.h()
                .unwrap()
                .open_ids
                .insert(open_key("xb", "kh/ob/xb/2023-Q4"), &[])
                .unwrap();
            s.h()
                .unwrap()
                .open_ids
                .insert(open_key("xa", "kh/ob/xa/2023-Q4"), &[])
                .unwrap();
            s.flush().unwrap();
        }
        {
            // Opening reads the index's keys (the spare ones too, until a reader drops them).
            let s = Store::open(dir.path()).unwrap();
            assert_eq!(s.open_count(), 6);
            // In pages of two, in index order: every open record once; spare keys dropped.
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let (page, next) = s.open_occurrences_page(after.as_deref(), 2).unwrap();
                seen.extend(ids(page));
                match next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            assert_eq!(
                seen,
                [
                    "kh/ob/xa/2024-Q1",
                    "kh2/ob/xa/2024-Q1",
                    "kh/ob/xb/2024-Q1",
                    "kh2/ob/xc/2024-Q1"
                ]
            );
            assert_eq!(s.open_count(), 4);
            assert_eq!(s.h().unwrap().open_ids.len(), 4);
            // A store written before the index was kept: built from the records once.
            s.h().unwrap().meta.remove(OPEN_IDS_READY).unwrap();
            s.h().unwrap().open_ids.clear().unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.open_count(), 4);
        assert_eq!(
            ids(s.open_occurrences_of(None, None).unwrap()),
            [
                "kh/ob/xa/2024-Q1",
                "kh/ob/xb/2024-Q1",
                "kh2/ob/xa/2024-Q1",
                "kh2/ob/xc/2024-Q1"
            ]
        );
        assert_eq!(
            s.stored_obligations().unwrap(),
            [
                ("kh".to_owned(), "ob".to_owned()),
                ("kh2".to_owned(), "ob".to_owned())
            ]
        );
    }

    #[test]
    fn open_index_stays_right_under_concurrent_state_changes() {
        let dir = tempfile::tempdir().unwrap();
        let s = std::sync::Arc::new(Store::open(dir.path()).unwrap());
        s.put_occurrence(&occ("kh", "xa", "2024-Q1", OccurrenceState::Open))
            .unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let s = s.clone();
                std::thread::spawn(move || {
                    for i in 0..200 {
                        s.update_occurrence("kh/ob/xa/2024-Q1", |r| {
                            r.state = if (t + i) % 2 == 0 {
                                OccurrenceState::Open
                            } else {
                                OccurrenceState::Submitted
                            };
                            true
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let rec = s.occurrence("kh/ob/xa/2024-Q1").unwrap().unwrap();
        assert_eq!(
            s.open_count(),
            usize::from(rec.state == OccurrenceState::Open),
            "{:?}",
            rec.state
        );
    }
    #[test]
    fn concurrent_occurrence_updates_are_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let s = std::sync::Arc::new(Store::open(dir.path()).unwrap());
        s.put_occurrence(&OccurrenceRecord {
            id: "kh/ob/xa/2024-Q1".into(),
            plan: "kh".into(),
            obligation: "ob".into(),
            assignee: "xa".into(),
            period: "2024-Q1".into(),
            due: crate::domain::time::parse_instant("2024-03-15T00:00:00+07:00").unwrap(),
            wording: String::new(),
            inferred: false,
            state: OccurrenceState::Open,
            handled: Vec::new(),
            ..Default::default()
        })
        .unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let s = s.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        s.update_occurrence("kh/ob/xa/2024-Q1", |r| {
                            r.handled.push(format!("{t}-{i}"));
                            true
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let rec = s.occurrence("kh/ob/xa/2024-Q1").unwrap().unwrap();
        assert_eq!(rec.handled.len(), 200);
        assert!(s
            .update_occurrence("kh/ob/xa/2024-Q1", |_| false)
            .unwrap()
            .is_none());
        assert!(s.update_occurrence("missing", |_| true).unwrap().is_none());
    }

    #[test]
    fn a_store_in_use_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path()).unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("in use by another process"), "{err}");
    }

    #[test]
    fn newer_schema_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.h()
            .unwrap()
            .occurrences
            .insert("x", br#"{"v":99,"id":"x"}"#.to_vec())
            .unwrap();
        let err = s.occurrence("x").unwrap_err().to_string();
        assert!(
            err.contains("schema version 99") && err.contains("upgrade dondoc"),
            "{err}"
        );
    }
}

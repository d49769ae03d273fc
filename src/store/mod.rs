//! The sled store: opening, failure and recovery, encoding with a schema version, flushing; records, the outbox, the logs and small state live in its submodules. Every sled call in dondoc lives here.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod aggregates;
pub mod backup;
mod closed;
mod compact;
pub mod drafts;
mod encoding;
pub mod inbound;
mod live;
mod logs;
mod occurrences;
mod outbox;
mod packed;
mod records;
mod state;
mod tallies;

pub use aggregates::DueEntry;
pub use inbound::{AttachmentInfo, InboundRecord, InboundState, SentMessage};
pub use live::{Live, LiveMap};
pub use outbox::{DeliveryLogEntry, DeliveryState, EntryKind, OutboxEntry};
pub use records::{
    AuditEntry, Decision, Extension, IngestMark, OccurrenceRecord, PlanRecord, Rejected, Submission,
};
pub use tallies::{closed_outcome, Closed, Dim};

/// The version of the JSON written into every stored value but occurrence records (see
/// `encoding`, version 2), and of every value in a backup; readers refuse newer versions.
pub const SCHEMA_VERSION: u32 = 1;

/// The shared side of the write pause (see `backup`): a helper taking it writes only for a
/// caller that holds it.
type WritePause<'a> = std::sync::RwLockReadGuard<'a, ()>;

/// The cache is capped: the store must fit a small server. sled keeps in it the nodes a tick
/// reads (every live record, at each send time); what it evicts is read again from the
/// system's file cache, which is not the daemon's memory. Measured on the bench's nation store
/// (161,119 live records): 156 MB idle with 32 MB, 147 MB with 12 MB, 144 MB with 6 MB, the
/// page and statistics as fast.
const CACHE_CAPACITY_BYTES: u64 = 6 * 1024 * 1024;

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
    /// A binary value that does not decode (see `encoding`).
    #[error("store: value under `{key}` in `{tree}` is unreadable: {detail}")]
    Unreadable {
        tree: &'static str,
        key: String,
        detail: String,
    },
    #[error("store: value under `{key}` in `{tree}` has schema version {found}; this dondoc reads up to {reads}: upgrade dondoc")]
    TooNew {
        tree: &'static str,
        key: String,
        found: u32,
        /// The newest version this dondoc reads in that tree.
        reads: u32,
    },
    /// A compaction could not be made (a full disk); the store is as it was.
    #[error("store compaction: {0}")]
    Compaction(String),
}

pub use crate::domain::lifecycle::OccurrenceState;
pub use compact::{sled_bytes, Compacted};

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

/// The sled handles of an open store: dropped and opened again when a write or flush failed
/// (see `Store::recover`).
struct Handles {
    db: sled::Db,
    /// The closed and history occurrence records, packed in buckets (see `closed`).
    closed: sled::Tree,
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
    /// Counts by state and closed outcomes per unit and plan (see `tallies`), kept likewise.
    tallies: sled::Tree,
    /// The live occurrences' records (open, or submitted and awaiting confirmation), apart from
    /// the closed and history ones in `closed`: ticks and the page read only this tree.
    hot: sled::Tree,
    /// Every occurrence by the deadline in force (see `aggregates::due_entry`), kept likewise:
    /// a page of the occurrence list reads only its own records.
    by_due: sled::Tree,
}

/// What opening the trees found: the in-memory indexes and which indexes `meta` says are kept.
struct Opened {
    index: live::Index,
    pending_ready: bool,
    aggregates_ready: bool,
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
    /// The in-memory side of the indexes: the live occurrences and the open ones by unit. Every occurrence write holds this lock, so concurrent writers keep the
    /// trees and this in step.
    index: std::sync::RwLock<live::Index>,
    /// Whether `meta` says the pending index is kept in order (see `load_pending`).
    pending_ready: AtomicBool,
    /// Whether `meta` says the live index and the tallies are kept (see `load_aggregates`).
    aggregates_ready: AtomicBool,
    /// One flush at a time: concurrent `flush_async` calls can occupy every sled IO thread
    /// while each waits for a write only those threads can do (a deadlock seen with sled 0.34.7).
    flushing: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Every write holds this shared; a backup holds it exclusively while it copies the
    /// records, so a dump sees the store between two writes (see `backup`).
    pause: std::sync::RwLock<()>,
}

/// Trees earlier releases kept and this one no longer does (`open_ids`: the open occurrences
/// by unit, now held in memory with the live index). Dropped when a store opens, which frees
/// their pages.
const RETIRED_TREES: [&str; 1] = ["open_ids"];

/// `meta` marks of earlier releases that no longer say anything: that `open_ids` was kept,
/// and that the aggregates were kept with an index by deadline of one entry per occurrence
/// (this release keeps it in buckets, under a new mark; see `aggregates::AGGREGATES_READY`).
const RETIRED_MARKS: [&str; 2] = ["open_ids_ready", "aggregates_ready"];

/// Drops the `RETIRED_TREES` a store (or a restored backup) still has, and the
/// `RETIRED_MARKS`.
fn drop_retired_trees(db: &sled::Db, meta: &sled::Tree) -> Result<(), StoreError> {
    let names = db.tree_names();
    for tree in RETIRED_TREES {
        if names.iter().any(|n| n.as_ref() == tree.as_bytes()) {
            db.drop_tree(tree)?;
            tracing::info!(tree, "dropped a tree an earlier dondoc kept");
        }
    }
    for mark in RETIRED_MARKS {
        meta.remove(mark)?;
    }
    Ok(())
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
            reads: SCHEMA_VERSION,
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
        let (handles, opened) = Self::open_handles(dir, 40)?;
        Ok(Self {
            dir: dir.to_owned(),
            handles: std::sync::RwLock::new(Some(std::sync::Arc::new(handles))),
            failing: Mutex::new(None),
            reopen_tried: Mutex::new(None),
            pending_ready: AtomicBool::new(opened.pending_ready),
            aggregates_ready: AtomicBool::new(opened.aggregates_ready),
            index: std::sync::RwLock::new(opened.index),
            flushing: Default::default(),
            pause: Default::default(),
        })
    }

    /// Opens sled in `dir` (trying `tries` times, 50 ms apart, while another handle still holds
    /// its lock) with the open, live and pending indexes loaded.
    fn open_handles(dir: &Path, tries: u32) -> Result<(Handles, Opened), StoreError> {
        compact::finish_or_discard(dir)?;
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
        let meta = db.open_tree("meta")?;
        let hot = db.open_tree("hot")?;
        let closed = db.open_tree("closed")?;
        if db
            .tree_names()
            .iter()
            .any(|n| &n[..] == closed::ONE_TREE.as_bytes())
        {
            encoding::migrate(&db, &db.open_tree(closed::ONE_TREE)?, &meta)?;
        }
        closed::place_one_tree(&db, &hot, &closed)?;
        drop_retired_trees(&db, &meta)?;
        let tallies = db.open_tree("tallies")?;
        let by_due = db.open_tree("by_due")?;
        let (index, aggregates_ready) =
            Self::load_aggregates(&closed, &hot, &tallies, &by_due, &meta)?;
        let outbox = db.open_tree("outbox")?;
        let pending = db.open_tree("pending")?;
        let pending_ready = Self::load_pending(&outbox, &pending, &meta)?;
        let opened = Opened {
            index,
            pending_ready,
            aggregates_ready,
        };
        let handles = Handles {
            tallies,
            by_due,
            hot,
            outbox,
            pending,
            closed,
            audit: db.open_tree("audit")?,
            deliveries: db.open_tree("deliveries")?,
            channels: db.open_tree("channels")?,
            plans: db.open_tree("plans")?,
            ingested: db.open_tree("ingested")?,
            meta,
            used_links: db.open_tree("used_links")?,
            db,
        };
        Ok((handles, opened))
    }

    /// Loads the in-memory indexes again from the trees (after a restore wrote them directly),
    /// building what an earlier dondoc's backup did not hold; `rebuild` builds the live index
    /// and the tallies from the records whatever the trees hold.
    pub(super) fn reload_indexes(
        &self,
        _held: &WritePause<'_>,
        rebuild: bool,
    ) -> Result<(), StoreError> {
        let h = self.h()?;
        let mut index = self.index_mut();
        closed::place_one_tree(&h.db, &h.hot, &h.closed)?;
        drop_retired_trees(&h.db, &h.meta)?;
        if rebuild {
            h.meta.remove(aggregates::AGGREGATES_READY)?;
        }
        let (loaded, aggregates_ready) =
            Self::load_aggregates(&h.closed, &h.hot, &h.tallies, &h.by_due, &h.meta)?;
        *index = loaded;
        self.aggregates_ready
            .store(aggregates_ready, Ordering::Release);
        Ok(())
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
        let mut index = self.index_mut();
        let reopened = Self::open_handles(&self.dir, 20).and_then(|(h, opened)| {
            // Writable again: a probe write must reach the disk.
            h.meta.insert("health/reopened", &b"1"[..])?;
            h.db.flush()?;
            Ok((h, opened))
        });
        match reopened {
            Ok((h, opened)) => {
                *index = opened.index;
                self.pending_ready
                    .store(opened.pending_ready, Ordering::Release);
                self.aggregates_ready
                    .store(opened.aggregates_ready, Ordering::Release);
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
}

#[cfg(test)]
mod tests {
    use super::outbox::PENDING_READY;
    use super::*;

    /// Records as the store wrote them in JSON while `due` was a string (schema version 1): read
    /// into typed instants, they give the same JSON again (what a backup holds), and stored in
    /// the compact encoding they read back the same.
    #[test]
    fn records_written_as_json_with_string_instants_keep_their_json() {
        let written = [
            r#"{"v":1,"id":"kh/bao-cao/xa-a/2024-Q1","plan":"kh","obligation":"bao-cao","assignee":"xa-a","period":"2024-Q1","due":"2024-04-13T00:00:00+07:00","wording":"trước ngày 13 tháng đầu quý sau","inferred":false,"state":"open","handled":["reminder-7","reminder-3+e1"],"rejected":{"submission":{"at":"2024-04-10T09:15:00+07:00","by":"xa-a","document":"12/BC-UBND","note":null},"decision":{"at":"2024-04-11T08:00:00+07:00","by":"admin","reason":"Thiếu số liệu"}},"extension":{"due":"2024-04-21T00:00:00+07:00","number":1,"decision":{"at":"2024-04-11T08:05:00+07:00","by":"admin","reason":"Chờ số liệu quý"}}}"#,
            r#"{"v":1,"id":"kh/ob/xa/2023-09","plan":"kh","obligation":"ob","assignee":"xa","period":"2023-09","due":"2023-10-06T00:00:00+07:00","wording":"","inferred":true,"state":"confirmed","handled":[],"submission":{"at":"2023-10-05T16:00:00+07:00","by":"email xa@example.vn","document":null,"note":"Báo cáo nhận qua thư điện tử từ xa@example.vn"},"review":{"at":"2023-10-06T08:00:00+07:00","by":"admin","reason":null}}"#,
            r#"{"v":1,"id":"a/b/c/2022","plan":"a","obligation":"b","assignee":"c","period":"2022","due":"2022-12-31T17:30:15.250+07:00","wording":"cuối năm","inferred":false,"state":"cancelled","handled":[],"closure":{"at":"2023-01-02T07:30:00+07:00","by":"dondoc","reason":"unit ended"}}"#,
        ];
        assert_eq!(SCHEMA_VERSION, 1, "the texts above carry version 1");
        for text in written {
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            let key = json["id"].as_str().unwrap();
            let rec = encoding::decode_occurrence(key.as_bytes(), text.as_bytes()).unwrap();
            assert_eq!(rec.due.timezone(), crate::domain::time::ZONE);
            assert_eq!(String::from_utf8(encode(&rec)).unwrap(), text);
            let compact = encoding::encode_occurrence(&rec);
            assert!(compact.len() * 2 < text.len(), "{}", compact.len());
            assert_eq!(
                encoding::decode_occurrence(key.as_bytes(), &compact).unwrap(),
                rec
            );
            assert_eq!(
                encoding::json_of(key.as_bytes(), &compact)
                    .unwrap()
                    .as_ref(),
                text.as_bytes()
            );
        }
        let rec: OccurrenceRecord = decode("occurrences", b"k", written[0].as_bytes()).unwrap();
        assert_eq!(
            rec.effective_due(),
            crate::domain::time::parse_instant("2024-04-21T00:00:00+07:00").unwrap()
        );
        // A due that is not RFC 3339 is a decoding error naming the text.
        let bad = written[1].replace("2023-10-06T00:00:00+07:00", "06/10/2023");
        let err = encoding::decode_occurrence(b"kh/ob/xa/2023-09", bad.as_bytes()).unwrap_err();
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
                at: crate::domain::time::parse_instant("2024-03-06T09:00:00+07:00").unwrap(),
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
    fn the_deep_check_finds_tallies_and_indexes_that_disagree_with_the_records() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        for (unit, state) in [
            ("xa", OccurrenceState::Open),
            ("xb", OccurrenceState::Waived),
            ("xc", OccurrenceState::History),
        ] {
            s.put_occurrence(&occ("kh", unit, "2024-Q1", state))
                .unwrap();
        }
        assert_eq!(s.check_aggregates().unwrap(), Vec::<String>::new());
        let h = s.h().unwrap();
        // A count by state off by one.
        let mut counts: tallies::StateCounts = decode(
            "tallies",
            b"state",
            &h.tallies.get(tallies::STATE_KEY).unwrap().unwrap(),
        )
        .unwrap();
        *counts.get_mut("open").unwrap() += 1;
        h.tallies
            .insert(tallies::STATE_KEY, encode(&counts))
            .unwrap();
        // A closed outcome lost, a live record misplaced, an index entry lost.
        h.tallies.remove(b"u/2024/xb").unwrap();
        // The open record kept with the closed ones.
        let bytes = h.hot.remove(b"kh/ob/xa/2024-Q1").unwrap().unwrap();
        packed::CLOSED
            .apply(
                &h.closed,
                &[(b"kh/ob/xa/2024-Q1".to_vec(), Some(bytes.to_vec()))],
            )
            .unwrap();
        let first = h.by_due.iter().keys().next().unwrap().unwrap();
        h.by_due.remove(first).unwrap();
        let problems = s.check_aggregates().unwrap();
        for what in [
            "counts by state",
            "tally `u/2024/xb`",
            "wrong kind",
            "index by deadline",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(what)),
                "{what}: {problems:#?}"
            );
        }
        // The live index in memory still agrees (the record is still live).
        assert!(
            !problems.iter().any(|p| p.contains("in memory")),
            "{problems:#?}"
        );
        // A restore builds them again from the records.
        let (dump, _) = s.dump_to_vec("2024-04-01T00:00:00+07:00", false).unwrap();
        let dir2 = tempfile::tempdir().unwrap();
        let s2 = Store::open(dir2.path()).unwrap();
        s2.restore(&dump[..], "mem").unwrap();
        assert_eq!(s2.check_aggregates().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn counts_by_state_match_the_records() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let states = [
            OccurrenceState::Open,
            OccurrenceState::Open,
            OccurrenceState::Submitted,
            OccurrenceState::Waived,
            OccurrenceState::History,
        ];
        for (i, st) in states.iter().enumerate() {
            s.put_occurrence(&occ("kh", &format!("x{i}"), "2024-Q1", *st))
                .unwrap();
        }
        // A change of state moves the record from one count to the other.
        s.update_occurrence("kh/ob/x0/2024-Q1", |r| {
            r.state = OccurrenceState::Cancelled;
            true
        })
        .unwrap();
        let counts = s.count_by_state().unwrap();
        let n = |st| counts.iter().find(|(s, _)| *s == st).unwrap().1;
        assert_eq!(
            [
                n(OccurrenceState::Open),
                n(OccurrenceState::Submitted),
                n(OccurrenceState::Confirmed),
                n(OccurrenceState::Waived),
                n(OccurrenceState::Cancelled),
                n(OccurrenceState::History),
            ],
            [1, 1, 0, 1, 1, 1]
        );
        assert_eq!(counts.len(), OccurrenceState::ALL.len());
        for (st, n) in counts {
            let want = s
                .occurrences()
                .unwrap()
                .iter()
                .filter(|r| r.state == st)
                .count();
            assert_eq!(n, want, "{st:?}");
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
    fn open_index_pages_by_unit_and_drops_an_earlier_releases_tree() {
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
            // A store of an earlier release kept the open index on disk, in a tree.
            let h = s.h().unwrap();
            h.db.open_tree("open_ids")
                .unwrap()
                .insert("xb/kh/ob/xb/2023-Q4", &[])
                .unwrap();
            h.meta.insert("open_ids_ready", &b"1"[..]).unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        // Dropped when the store opens; the open set comes from the live records.
        let h = s.h().unwrap();
        assert!(!h.db.tree_names().iter().any(|n| n.as_ref() == b"open_ids"));
        assert!(h.meta.get("open_ids_ready").unwrap().is_none());
        assert_eq!(s.open_count(), 4);
        // In pages of two, in index order (by unit, then id): every open record once.
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
        let op = (b"x".to_vec(), Some(br#"{"v":99,"id":"x"}"#.to_vec()));
        packed::CLOSED.apply(&s.h().unwrap().closed, &[op]).unwrap();
        let err = s.occurrence("x").unwrap_err().to_string();
        assert!(
            err.contains("schema version 99") && err.contains("upgrade dondoc"),
            "{err}"
        );
    }
}

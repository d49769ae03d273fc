//! The notification outbox: entries by deterministic key (those done with packed in buckets, the others one sled entry each), their delivery states, the pending index and the delivery log's entry type.

use serde::{Deserialize, Serialize};

use super::packed::{Op, DELIVERED};
use super::{decode, encode, Store, StoreError};

/// The `meta` key saying the pending index is kept in order with the outbox (see `enqueue`):
/// stores written before that have theirs rebuilt once from the whole outbox.
pub(super) const PENDING_READY: &str = "pending_ready";

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

impl Store {
    /// Makes sure the pending index holds every unsent outbox entry. Pending keys are written
    /// before their entries (see `enqueue`), so nothing is read once `meta` says so; a store
    /// written before that has its index rebuilt from the whole outbox, once. Returns whether
    /// `meta` says so (an empty store gets that mark with its first entry).
    pub(super) fn load_pending(
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

    /// Moves the entries of `outbox` that are done with (sent, failed or skipped) into the
    /// `delivered` buckets: a store of an earlier dondoc, a restore, or a move cut short by a
    /// crash (the entry is written there before it leaves `outbox`). Runs while the store is
    /// opened or restored; in use, `outbox` holds only the entries still to send, so this reads
    /// little.
    pub(super) fn place_delivered(
        outbox: &sled::Tree,
        pending: &sled::Tree,
        delivered: &sled::Tree,
    ) -> Result<usize, StoreError> {
        let mut moved = 0;
        let mut from: Vec<u8> = Vec::new();
        loop {
            let batch: Vec<(sled::IVec, sled::IVec)> = outbox
                .range(from.as_slice()..)
                .take(10_000)
                .collect::<Result<_, _>>()?;
            let Some((last, _)) = batch.last() else { break };
            from = last.to_vec();
            from.push(0);
            let mut ops: Vec<Op> = Vec::new();
            for (k, v) in &batch {
                // An entry that cannot be read stays where it is (refused when read).
                let final_ =
                    decode::<OutboxEntry>("outbox", k, v).is_ok_and(|e| e.delivery.is_final());
                if final_ {
                    ops.push((k.to_vec(), Some(v.to_vec())));
                }
            }
            if ops.is_empty() {
                continue;
            }
            DELIVERED.apply(delivered, &ops)?;
            let mut gone = sled::Batch::default();
            for (k, _) in &ops {
                gone.remove(k.as_slice());
            }
            outbox.apply_batch(gone.clone())?;
            pending.apply_batch(gone)?;
            moved += ops.len();
        }
        if moved > 0 {
            tracing::info!(moved, "outbox entries done with packed in buckets");
        }
        Ok(moved)
    }

    /// Stores `entry` unless its key is already there; true when it was new.
    pub fn enqueue(&self, entry: &OutboxEntry) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        let key = entry.key.as_bytes();
        let h = self.h()?;
        if h.outbox.contains_key(key)? || DELIVERED.get(&h.delivered, key)?.is_some() {
            return Ok(false);
        }
        self.mark_kept(&_w, &self.pending_ready, PENDING_READY)?;
        if entry.delivery.is_final() {
            let _d = self.delivering.lock().unwrap_or_else(|e| e.into_inner());
            DELIVERED.apply(&h.delivered, &[(key.to_vec(), Some(encode(entry)))])?;
            return Ok(true);
        }
        // The pending key first: a crash in between leaves a spare key (dropped by
        // `undelivered`), never an entry nobody sends.
        h.pending.insert(key, &[])?;
        let swapped = h
            .outbox
            .compare_and_swap(key, None as Option<&[u8]>, Some(encode(entry)))?;
        Ok(swapped.is_ok())
    }

    /// The stored bytes of the entry `key`: among those done with first (an entry found in
    /// both was moved there and is final), else in `outbox`.
    fn entry_bytes(h: &super::Handles, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(v) = DELIVERED.get(&h.delivered, key)? {
            return Ok(Some(v));
        }
        Ok(h.outbox.get(key)?.map(|v| v.to_vec()))
    }

    pub fn outbox_entry(&self, key: &str) -> Result<Option<OutboxEntry>, StoreError> {
        Self::entry_bytes(&*self.h()?, key.as_bytes())?
            .map(|b| decode("outbox", key.as_bytes(), &b))
            .transpose()
    }

    /// Replaces an outbox entry (its delivery state and attempts), keeping the pending index.
    /// An entry done with goes into the `delivered` buckets (written there before it leaves
    /// `outbox` and the pending index); one made pending again comes back.
    pub fn update_entry(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let key = entry.key.as_bytes();
        let h = self.h()?;
        self.mark_kept(&_w, &self.pending_ready, PENDING_READY)?;
        let _d = self.delivering.lock().unwrap_or_else(|e| e.into_inner());
        if entry.delivery.is_final() {
            DELIVERED.apply(&h.delivered, &[(key.to_vec(), Some(encode(entry)))])?;
            h.outbox.remove(key)?;
            h.pending.remove(key)?;
        } else {
            // Pending: the key before the entry, the entry before leaving `delivered`.
            h.pending.insert(key, &[])?;
            h.outbox.insert(key, encode(entry))?;
            if DELIVERED.get(&h.delivered, key)?.is_some() {
                DELIVERED.apply(&h.delivered, &[(key.to_vec(), None)])?;
            }
        }
        Ok(())
    }

    /// Outbox entries not yet sent or failed, in key order.
    pub fn undelivered(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let _w = self.writing()?;
        let h = self.h()?;
        let mut out = Vec::new();
        for item in h.pending.iter() {
            let (k, _) = item?;
            match Self::entry_bytes(&h, &k)? {
                Some(v) => {
                    let e: OutboxEntry = decode("outbox", &k, &v)?;
                    if e.delivery.is_final() {
                        h.pending.remove(&k)?;
                    } else {
                        out.push(e);
                    }
                }
                None => {
                    h.pending.remove(&k)?;
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
        let h = self.h()?;
        let mut all: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        DELIVERED.scan(&h.delivered, b"", None, |k, v| {
            all.push((k.to_vec(), v.to_vec()));
            true
        })?;
        for item in h.outbox.iter() {
            let (k, v) = item?;
            all.push((k.to_vec(), v.to_vec()));
        }
        // Stable: an entry in both was moved to `delivered` and is final there.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.dedup_by(|a, b| a.0 == b.0);
        all.iter().map(|(k, v)| decode("outbox", k, v)).collect()
    }
}

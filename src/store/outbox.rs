//! The notification outbox: entries by deterministic key, their delivery states, the pending index and the delivery log's entry type.

use serde::{Deserialize, Serialize};

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
    /// A send is in flight (found at start-up: the daemon stopped mid-send; it is sent again,
    /// unless the delivery log shows it went out, when it is recorded as sent).
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
}

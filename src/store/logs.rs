//! The append-only logs (audit and delivery) as one kind of log: entries keyed by their subject, a NUL and a store-wide increasing id, read back as a prefix scan in order.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{decode, encode, AuditEntry, DeliveryLogEntry, Handles, Store, StoreError};

/// An append-only log of the store.
#[derive(Debug, Clone, Copy)]
pub(super) enum Log {
    /// What happened to each occurrence (subject: the occurrence id).
    Audit,
    /// Each delivery attempt (subject: the outbox entry's key).
    Deliveries,
}

impl Log {
    fn name(self) -> &'static str {
        match self {
            Log::Audit => "audit",
            Log::Deliveries => "deliveries",
        }
    }

    fn tree(self, h: &Handles) -> &sled::Tree {
        match self {
            Log::Audit => &h.audit,
            Log::Deliveries => &h.deliveries,
        }
    }

    /// The keys of one subject's entries start with this: the subject, then a NUL.
    pub(super) fn prefix(subject: &str) -> Vec<u8> {
        let mut k = subject.as_bytes().to_vec();
        k.push(0);
        k
    }

    /// An entry's key: the prefix, then `id` (from sled's store-wide `generate_id`) big-endian,
    /// so a prefix scan reads a subject's entries in the order they were appended.
    pub(super) fn key(subject: &str, id: u64) -> Vec<u8> {
        let mut k = Self::prefix(subject);
        k.extend_from_slice(&id.to_be_bytes());
        k
    }
}

impl Store {
    fn append<T: Serialize>(&self, log: Log, subject: &str, entry: &T) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let h = self.h()?;
        let key = Log::key(subject, h.db.generate_id()?);
        log.tree(&h).insert(key, encode(entry))?;
        Ok(())
    }

    fn entries<T: DeserializeOwned>(&self, log: Log, subject: &str) -> Result<Vec<T>, StoreError> {
        let h = self.h()?;
        log.tree(&h)
            .scan_prefix(Log::prefix(subject))
            .map(|item| {
                let (k, v) = item?;
                decode(log.name(), &k, &v)
            })
            .collect()
    }

    /// Appends one attempt to the delivery log.
    pub fn log_delivery(&self, entry: &DeliveryLogEntry) -> Result<(), StoreError> {
        self.append(Log::Deliveries, &entry.key, entry)
    }

    /// The delivery attempts of one outbox entry, oldest first.
    pub fn deliveries_of(&self, key: &str) -> Result<Vec<DeliveryLogEntry>, StoreError> {
        self.entries(Log::Deliveries, key)
    }

    /// Appends to the audit log.
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.append(Log::Audit, &entry.occurrence, entry)
    }

    /// The audit entries of one occurrence, oldest first.
    pub fn audit_of(&self, occurrence: &str) -> Result<Vec<AuditEntry>, StoreError> {
        self.entries(Log::Audit, occurrence)
    }
}

//! Occurrence records and the open index: reads, compare-and-swap writes (with an audit line in one transaction), plan tracking and ingest marks.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::MutexGuard;

use super::encoding::{decode_occurrence, encode_occurrence, state_of};
use super::{
    decode, encode, AuditEntry, IngestMark, OccurrenceRecord, OccurrenceState, PlanRecord, Store,
    StoreError, WritePause,
};

/// The `meta` key saying `open_ids` is kept (written once it was built).
pub(super) const OPEN_IDS_READY: &str = "open_ids_ready";

pub(super) fn open_key(assignee: &str, id: &str) -> Vec<u8> {
    format!("{assignee}/{id}").into_bytes()
}

/// The assignee and occurrence id of an `open_ids` key.
pub(super) fn open_key_parts(key: &[u8]) -> Option<(&str, &str)> {
    std::str::from_utf8(key).ok()?.split_once('/')
}

/// Decodes the occurrence records an iteration of the `occurrences` tree yields.
pub(super) fn decode_occurrences(records: sled::Iter) -> Result<Vec<OccurrenceRecord>, StoreError> {
    records
        .map(|item| {
            let (k, v) = item?;
            decode_occurrence(&k, &v)
        })
        .collect()
}

/// An occurrence's assignee and state alone (building the open index decodes nothing else).
pub(super) struct StateOnly {
    assignee: String,
    state: OccurrenceState,
}

impl StateOnly {
    /// The assignee and state of the record `bytes` stored under `key`.
    fn read(key: &[u8], bytes: &[u8]) -> Result<Self, StoreError> {
        let (assignee, state) = state_of(key, bytes)?;
        Ok(Self { assignee, state })
    }
}

impl Store {
    /// The open index from `open_ids`; built from every occurrence (once) when the store has
    /// none yet (a store written by an earlier dondoc, or a restore of its backup). Also says
    /// whether `meta` records that `open_ids` is kept: an empty store gets that mark with its
    /// first occurrence (so that a fresh store stays empty, ready for a restore).
    pub(super) fn load_open_index(
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
            let s = StateOnly::read(&k, &v)?;
            if s.state == OccurrenceState::Open {
                let id = String::from_utf8_lossy(&k);
                open_ids.insert(open_key(&s.assignee, &id), &[])?;
                open += 1;
            }
        }
        meta.insert(OPEN_IDS_READY, &b"1"[..])?;
        Ok((open, true))
    }

    /// Writes `key` into `meta` the first time (a mark that an index is kept from now on).
    pub(super) fn mark_kept(
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
            .map(|b| decode_occurrence(id.as_bytes(), &b))
            .transpose()
    }

    /// The occurrence write lock, with the count of `open_ids` keys.
    pub(super) fn open_count_mut(&self) -> MutexGuard<'_, usize> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `new` (`rec` encoded) in place of `old` (None: absent), keeping `open_ids`
    /// and its count; the caller holds the write pause and the occurrence write lock. With `old` given,
    /// writes only if the stored bytes are still `old`; returns whether it wrote.
    pub(super) fn write_occurrence(
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
            .map(|b| StateOnly::read(rec.id.as_bytes(), b))
            .transpose()?;
        let old = old.as_ref().zip(state.as_ref());
        self.write_occurrence(&_w, &mut open, old, rec, encode_occurrence(rec), false)?;
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
            let mut rec = decode_occurrence(id.as_bytes(), &old)?;
            let before = StateOnly {
                assignee: rec.assignee.clone(),
                state: rec.state,
            };
            if !change(&mut rec) {
                return Ok(None);
            }
            let new = encode_occurrence(&rec);
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
            let mut rec = decode_occurrence(id.as_bytes(), &old)
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
            occ.insert(id.as_bytes(), encode_occurrence(&rec))?;
            if moved && ids.remove(open_key(&old_assignee, id))?.is_some() {
                delta -= 1;
            }
            let key = super::logs::Log::key(&entry.occurrence, audit.generate_id()?);
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

    /// Every occurrence, in id order.
    pub fn occurrences(&self) -> Result<Vec<OccurrenceRecord>, StoreError> {
        decode_occurrences(self.h()?.occurrences.iter())
    }

    /// How many occurrences are in each state, reading only each record's state (one record
    /// at a time: nothing is kept but the counts). Every state is present, 0 when none.
    pub fn count_by_state(&self) -> Result<Vec<(OccurrenceState, usize)>, StoreError> {
        let mut counts: Vec<(OccurrenceState, usize)> =
            OccurrenceState::ALL.iter().map(|s| (*s, 0)).collect();
        for item in self.h()?.occurrences.iter() {
            let (k, v) = item?;
            let (_, state) = state_of(&k, &v)?;
            if let Some(c) = counts.iter_mut().find(|(s, _)| *s == state) {
                c.1 += 1;
            }
        }
        Ok(counts)
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
    pub(super) fn open_records<'a>(
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
    pub(super) fn drop_spare_keys(
        &self,
        candidates: &[(String, String)],
    ) -> Result<(), StoreError> {
        if candidates.is_empty() {
            return Ok(());
        }
        let _w = self.writing()?;
        let mut open = self.open_count_mut();
        for (id, assignee) in candidates {
            let still_open = match self.h()?.occurrences.get(id.as_bytes())? {
                Some(b) => {
                    let s = StateOnly::read(id.as_bytes(), &b)?;
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
}

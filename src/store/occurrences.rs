//! Occurrence records and the lists of open ones: reads, compare-and-swap writes (with an audit line in one transaction), plan tracking and ingest marks.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLockReadGuard, RwLockWriteGuard};

use super::aggregates::{self, AGGREGATES_READY};
use super::closed;
use super::encoding::{decode_occurrence, encode_occurrence};
use super::live::{Index, Live};
use super::packed::{self, BY_DUE, CLOSED};
use super::tallies;
use super::{
    decode, encode, AuditEntry, IngestMark, OccurrenceRecord, OccurrenceState, PlanRecord, Store,
    StoreError, WritePause,
};

/// What a write makes of a stored record (None: absent): the record to write and an audit
/// entry, or None to leave it as it is.
type Change<'a> = dyn Fn(
        Option<OccurrenceRecord>,
    ) -> Result<Option<(OccurrenceRecord, Option<AuditEntry>)>, StoreError>
    + 'a;

/// A record's stored bytes and whether they are in `hot` (live records) rather than among
/// the closed and history ones (`closed`).
pub(super) fn stored_bytes(
    h: &super::Handles,
    id: &str,
) -> Result<Option<(sled::IVec, bool)>, StoreError> {
    if let Some(b) = h.hot.get(id.as_bytes())? {
        return Ok(Some((b, true)));
    }
    Ok(closed::get(&h.closed, id)?.map(|b| (sled::IVec::from(b), false)))
}

/// Two lists of records in id order, as one (a record is in one tree only; should one be in
/// both, the live copy is kept).
fn merged(
    cold: Vec<OccurrenceRecord>,
    hot: Vec<OccurrenceRecord>,
) -> Result<Vec<OccurrenceRecord>, StoreError> {
    if hot.is_empty() {
        return Ok(cold);
    }
    let mut out = Vec::with_capacity(cold.len() + hot.len());
    let (mut c, mut h) = (cold.into_iter().peekable(), hot.into_iter().peekable());
    loop {
        let next = match (c.peek(), h.peek()) {
            (Some(a), Some(b)) if a.id < b.id => c.next(),
            (Some(a), Some(b)) if a.id == b.id => {
                c.next();
                h.next()
            }
            (Some(_), None) => c.next(),
            (_, Some(_)) => h.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    Ok(out)
}

/// Whether writing `new` over `old` leaves every index, tally and summary as it is.
fn same_derived(old: &OccurrenceRecord, new: &OccurrenceRecord) -> bool {
    old.state == new.state
        && old.assignee == new.assignee
        && Live::of(old) == Live::of(new)
        && aggregates::due_entry(old) == aggregates::due_entry(new)
        && tallies::changes(Some(old), new).is_empty()
}

/// Decodes the occurrence records an iteration of `hot` yields.
pub(super) fn decode_occurrences(records: sled::Iter) -> Result<Vec<OccurrenceRecord>, StoreError> {
    records
        .map(|item| {
            let (k, v) = item?;
            decode_occurrence(&k, &v)
        })
        .collect()
}

/// The closed and history records whose ids begin with `prefix` (empty: all), decoded as they
/// are read.
fn closed_records(h: &super::Handles, prefix: &[u8]) -> Result<Vec<OccurrenceRecord>, StoreError> {
    let mut out = Vec::new();
    closed::for_each(&h.closed, prefix, |k, v| {
        out.push(decode_occurrence(k, v)?);
        Ok(())
    })?;
    Ok(out)
}

/// Adds to `ops` what writing `new` over `old` (None: absent) changes in the index by deadline.
fn push_due_ops(ops: &mut Vec<packed::Op>, old: Option<&OccurrenceRecord>, new: &OccurrenceRecord) {
    let old_due = old.map(aggregates::due_entry);
    let new_due = aggregates::due_entry(new);
    if old_due.as_ref() != Some(&new_due) {
        if let Some((k, _)) = old_due.filter(|(k, _)| *k != new_due.0) {
            ops.push((k, None));
        }
        ops.push((new_due.0, Some(new_due.1)));
    }
}

/// Adds to `ops` what writing `rec` (stored as `bytes`) changes in the closed records: a live
/// record is kept in `hot` (and leaves them if it `was_closed`), any other is written among them.
fn push_closed_ops(
    ops: &mut Vec<packed::Op>,
    was_closed: bool,
    rec: &OccurrenceRecord,
    bytes: &[u8],
) {
    let key = rec.id.as_bytes().to_vec();
    if Live::of(rec).is_some() {
        if was_closed {
            ops.push((key, None));
        }
    } else {
        ops.push((key, Some(bytes.to_vec())));
    }
}

/// What writing `items` changes in the packed trees, planned outside the transaction (sled
/// refuses range reads inside one: they wait for its commit).
#[derive(Default)]
struct Planned {
    /// Changes of the index by deadline.
    due: Vec<packed::Op>,
    /// Changes of the closed records.
    closed: Vec<packed::Op>,
    /// The closed records the items concern as they were stored (absent: not closed).
    was_closed: std::collections::HashMap<String, sled::IVec>,
}

/// Plans `items` from the stored records (an item sees what the items before it wrote).
fn plan_of(h: &super::Handles, items: &[(&str, &Change<'_>)]) -> Result<Planned, StoreError> {
    // Each id's record as the items before leave it, and whether it is closed.
    let mut now: std::collections::HashMap<&str, (Option<OccurrenceRecord>, bool)> =
        std::collections::HashMap::new();
    let mut planned = Planned::default();
    for (id, change) in items {
        let (old, was_closed) = match now.get(id) {
            Some(r) => r.clone(),
            None => match stored_bytes(h, id)? {
                Some((b, in_hot)) => {
                    if !in_hot {
                        planned.was_closed.insert(id.to_string(), b.clone());
                    }
                    (Some(decode_occurrence(id.as_bytes(), &b)?), !in_hot)
                }
                None => (None, false),
            },
        };
        match change(old.clone())? {
            Some((rec, _)) => {
                push_due_ops(&mut planned.due, old.as_ref(), &rec);
                // A live record's bytes go to `hot`, not into the closed records' changes.
                let bytes = match Live::of(&rec) {
                    Some(_) => Vec::new(),
                    None => encode_occurrence(&rec),
                };
                push_closed_ops(&mut planned.closed, was_closed, &rec, &bytes);
                let closed = Live::of(&rec).is_none();
                now.insert(id, (Some(rec), closed));
            }
            None => {
                now.insert(id, (old, was_closed));
            }
        }
    }
    Ok(planned)
}

impl Store {
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
        stored_bytes(&*self.h()?, id)?
            .map(|(b, _)| decode_occurrence(id.as_bytes(), &b))
            .transpose()
    }

    /// The occurrence write lock, with the in-memory indexes (the live and the open
    /// occurrences).
    pub(super) fn index_mut(&self) -> RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The in-memory indexes for reading (readers do not wait for each other).
    pub(super) fn index(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes what `change` makes of the stored record (None: absent) in one sled transaction
    /// with the indexes and tallies it affects and the audit entry it returns: after a crash or
    /// a failed flush, all of it is on disk or none. A change that affects no index, tally or
    /// log (a reminder marked as handled) is a compare-and-swap of the record alone. `change`
    /// may run more than once under contention; it returns None to leave the record as it is.
    /// The caller holds the write pause. Returns the record as written.
    fn write(
        &self,
        _held: &WritePause<'_>,
        id: &str,
        change: &Change<'_>,
    ) -> Result<Option<OccurrenceRecord>, StoreError> {
        let h = self.h()?;
        loop {
            let Some((bytes, hot)) = stored_bytes(&h, id)? else {
                break;
            };
            let old = decode_occurrence(id.as_bytes(), &bytes)?;
            let Some((rec, entry)) = change(Some(old.clone()))? else {
                return Ok(None);
            };
            // A closed record is written with its bucket, in a transaction.
            if entry.is_some() || !hot || !same_derived(&old, &rec) {
                break;
            }
            // The same state: the live record stays in `hot`.
            // Under the occurrence write lock, as transactional writers are: sled serializes
            // transactions with each other, not with a plain compare-and-swap.
            let _ix = self.index_mut();
            if h.hot
                .compare_and_swap(id.as_bytes(), Some(bytes), Some(encode_occurrence(&rec)))?
                .is_ok()
            {
                return Ok(Some(rec));
            }
        }
        let mut written = self.write_all(_held, &[(id, change)])?;
        Ok(written.pop().flatten())
    }

    /// Writes each `(id, change)` as [`Store::write`] does, all in one sled transaction (the
    /// tallies they share are read and written once).
    fn write_all(
        &self,
        _held: &WritePause<'_>,
        items: &[(&str, &Change<'_>)],
    ) -> Result<Vec<Option<OccurrenceRecord>>, StoreError> {
        use sled::transaction::{ConflictableTransactionError as Tx, TransactionError};
        use sled::Transactional;
        let h = self.h()?;
        let mut ix = self.index_mut();
        // The store's first occurrence: from now on the indexes and tallies are kept.
        self.mark_kept(_held, &self.aggregates_ready, AGGREGATES_READY)?;
        let trees = (&h.closed, &h.tallies, &h.audit, &h.by_due, &h.hot);
        // The packed trees' buckets are planned before the transaction from the same reads and
        // changes; the transaction checks it makes the same changes, else it is planned again.
        // Closed records are read from the plan (every writer of them holds the occurrence
        // write lock, as this one does, so they cannot change in between).
        let abort = |e: StoreError| Tx::Abort(Some(e));
        let mut planned = plan_of(&h, items)?;
        let mut due_buckets = BY_DUE.plan(&h.by_due, &planned.due)?;
        let mut closed_buckets = CLOSED.plan(&h.closed, &planned.closed)?;
        let result = loop {
            let result = trees.transaction(|(closed, tallies, audit, by_due, hot)| {
                let mut out = Vec::with_capacity(items.len());
                let mut live_changes = Vec::new();
                let mut due_ops: Vec<packed::Op> = Vec::new();
                let mut closed_ops: Vec<packed::Op> = Vec::new();
                // The closed records as the items before leave them (None: no longer closed).
                let mut closed_now: std::collections::HashMap<&str, Option<sled::IVec>> =
                    std::collections::HashMap::new();
                let mut states: tallies::StateCounts = Default::default();
                let mut years: BTreeMap<Vec<u8>, tallies::Year> = BTreeMap::new();
                for (id, change) in items {
                    let (old_bytes, was_hot) = match hot.get(id.as_bytes())? {
                        Some(b) => (Some(b), true),
                        None => match closed_now.get(id) {
                            Some(b) => (b.clone(), false),
                            None => (planned.was_closed.get(*id).cloned(), false),
                        },
                    };
                    let was_closed = !was_hot && old_bytes.is_some();
                    let old = old_bytes
                        .map(|b| decode_occurrence(id.as_bytes(), &b))
                        .transpose()
                        .map_err(abort)?;
                    let Some((rec, entry)) = change(old.clone()).map_err(abort)? else {
                        out.push(None);
                        continue;
                    };
                    // Live records in `hot`, the others packed in `closed`.
                    let bytes = encode_occurrence(&rec);
                    push_closed_ops(&mut closed_ops, was_closed, &rec, &bytes);
                    if Live::of(&rec).is_some() {
                        hot.insert(id.as_bytes(), bytes)?;
                        if was_closed {
                            closed_now.insert(id, None);
                        }
                    } else {
                        if was_hot {
                            hot.remove(id.as_bytes())?;
                        }
                        closed_now.insert(id, Some(sled::IVec::from(bytes)));
                    }
                    push_due_ops(&mut due_ops, old.as_ref(), &rec);
                    let (was, now) = (old.as_ref().and_then(Live::of), Live::of(&rec));
                    if was != now {
                        live_changes.push((id.to_string(), now));
                    }
                    if old.as_ref().map(|o| o.state) != Some(rec.state) {
                        if let Some(o) = &old {
                            tallies::count_state(&mut states, o.state, -1);
                        }
                        tallies::count_state(&mut states, rec.state, 1);
                    }
                    for (key, month, c, sign) in tallies::changes(old.as_ref(), &rec) {
                        let year = match years.entry(key) {
                            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                            std::collections::btree_map::Entry::Vacant(e) => {
                                let stored = match tallies.get(e.key().as_slice())? {
                                    Some(b) => decode("tallies", e.key(), &b).map_err(abort)?,
                                    None => tallies::Year::default(),
                                };
                                e.insert(stored)
                            }
                        };
                        year.months[month].add(&c, sign);
                    }
                    if let Some(entry) = entry {
                        let key = super::logs::Log::key(&entry.occurrence, audit.generate_id()?);
                        audit.insert(key, encode(&entry))?;
                    }
                    out.push(Some(rec));
                }
                if states.values().any(|n| *n != 0) {
                    let mut counts: tallies::StateCounts = match tallies.get(tallies::STATE_KEY)? {
                        Some(b) => decode("tallies", tallies::STATE_KEY, &b).map_err(abort)?,
                        None => Default::default(),
                    };
                    for (state, n) in &states {
                        *counts.entry(state.clone()).or_default() += n;
                    }
                    tallies.insert(tallies::STATE_KEY, encode(&counts))?;
                }
                for (key, year) in &years {
                    if *year == tallies::Year::default() {
                        tallies.remove(key.as_slice())?;
                    } else {
                        tallies.insert(key.as_slice(), encode(year))?;
                    }
                }
                if due_ops != planned.due || closed_ops != planned.closed {
                    return Err(Tx::Abort(None));
                }
                for (tree, buckets) in [(by_due, &due_buckets), (closed, &closed_buckets)] {
                    for (bucket, bytes) in buckets {
                        match bytes {
                            Some(b) => tree.insert(bucket.as_slice(), b.as_slice())?,
                            None => tree.remove(bucket.as_slice())?,
                        };
                    }
                }
                Ok((out, live_changes))
            });
            if let Err(TransactionError::Abort(None)) = result {
                // Changed between the plan and the transaction: planned again.
                planned = plan_of(&h, items)?;
                due_buckets = BY_DUE.plan(&h.by_due, &planned.due)?;
                closed_buckets = CLOSED.plan(&h.closed, &planned.closed)?;
                continue;
            }
            break result;
        };
        match result {
            Ok((out, live_changes)) => {
                for (id, l) in live_changes {
                    ix.set_live(&id, l);
                }
                Ok(out)
            }
            Err(TransactionError::Abort(e)) => Err(e.expect("planned again above")),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }

    /// Stores `records` (new ones, or written over) in one transaction: the scheduler's way of
    /// storing a plan's occurrences.
    pub fn put_occurrences(&self, records: &[OccurrenceRecord]) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let changes: Vec<Box<Change<'_>>> = records
            .iter()
            .map(|rec| Box::new(move |_| Ok(Some((rec.clone(), None)))) as Box<Change<'_>>)
            .collect();
        let items: Vec<(&str, &Change<'_>)> = records
            .iter()
            .zip(&changes)
            .map(|(r, c)| (r.id.as_str(), c.as_ref()))
            .collect();
        self.write_all(&_w, &items)?;
        Ok(())
    }

    pub fn put_occurrence(&self, rec: &OccurrenceRecord) -> Result<(), StoreError> {
        self.put_occurrences(std::slice::from_ref(rec))
    }

    /// Changes an occurrence atomically: `change` sees the stored record and returns whether
    /// to write it back. Concurrent writers (the scheduler, an HTTP action) never overwrite each
    /// other's changes. Returns the record as written, or None when absent or left unchanged.
    pub fn update_occurrence(
        &self,
        id: &str,
        change: impl FnMut(&mut OccurrenceRecord) -> bool,
    ) -> Result<Option<OccurrenceRecord>, StoreError> {
        let _w = self.writing()?;
        let change = std::cell::RefCell::new(change);
        self.write(&_w, id, &|old| {
            Ok(old.and_then(|mut rec| (change.borrow_mut())(&mut rec).then_some((rec, None))))
        })
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
        let _w = self.writing()?;
        self.write(&_w, id, &|old| {
            Ok(old.and_then(|mut rec| change(&mut rec).map(|entry| (rec, Some(entry)))))
        })
    }

    /// Every occurrence, in id order.
    pub fn occurrences(&self) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let h = self.h()?;
        merged(closed_records(&h, b"")?, decode_occurrences(h.hot.iter())?)
    }

    /// How many occurrences are in each state, from the tallies (nothing else is read). Every
    /// state is present, 0 when none.
    pub fn count_by_state(&self) -> Result<Vec<(OccurrenceState, usize)>, StoreError> {
        let counts: tallies::StateCounts = match self.h()?.tallies.get(tallies::STATE_KEY)? {
            Some(b) => decode("tallies", tallies::STATE_KEY, &b)?,
            None => Default::default(),
        };
        Ok(OccurrenceState::ALL
            .iter()
            .map(|s| {
                let n = counts.get(s.name()).copied().unwrap_or(0);
                (*s, usize::try_from(n).unwrap_or(0))
            })
            .collect())
    }

    /// The open occurrences owed by one of `assignees` (None: anyone) under `plan` (None: any
    /// plan), in id order; the open index says which, only those are read and decoded.
    pub fn open_occurrences_of(
        &self,
        assignees: Option<&[&str]>,
        plan: Option<&str>,
    ) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let prefix = plan.map(|p| format!("{p}/"));
        let wanted = |id: &str| prefix.as_deref().is_none_or(|p| id.starts_with(p));
        let keys: Vec<(Arc<str>, Arc<str>)> = {
            let ix = self.index();
            match assignees {
                Some(units) => units
                    .iter()
                    .flat_map(|u| {
                        let from: (Arc<str>, Arc<str>) = (Arc::from(*u), Arc::from(""));
                        ix.open
                            .range(from..)
                            .take_while(move |(a, _)| &**a == *u)
                            .filter(|(_, id)| wanted(id))
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .collect(),
                None => ix
                    .open
                    .iter()
                    .filter(|(_, id)| wanted(id))
                    .cloned()
                    .collect(),
            }
        };
        let mut out = self.open_records(&keys)?;
        out.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    /// Up to `limit` open occurrences after the key `after` (`<assignee>/<id>`; None: from the
    /// start), in the open index's order (by assignee, then id), and the key to continue from
    /// (None: no more).
    pub fn open_occurrences_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<OccurrenceRecord>, Option<String>), StoreError> {
        use std::ops::Bound;
        let keys: Vec<(Arc<str>, Arc<str>)> = {
            let ix = self.index();
            let from = match after.and_then(|a| a.split_once('/')) {
                Some((unit, id)) => Bound::Excluded((Arc::from(unit), Arc::from(id))),
                None => Bound::Unbounded,
            };
            ix.open
                .range((from, Bound::Unbounded))
                .take(limit)
                .cloned()
                .collect()
        };
        let next = (keys.len() == limit)
            .then(|| keys.last().map(|(unit, id)| format!("{unit}/{id}")))
            .flatten();
        Ok((self.open_records(&keys)?, next))
    }

    /// The records of `(assignee, id)` open-index keys that are still open under that assignee
    /// when read (one may have changed since the keys were taken).
    fn open_records(
        &self,
        keys: &[(Arc<str>, Arc<str>)],
    ) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for (assignee, id) in keys {
            match self.occurrence(id)? {
                Some(rec) if rec.state == OccurrenceState::Open && *rec.assignee == **assignee => {
                    out.push(rec)
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// How many occurrences are open (from the in-memory index; decodes nothing).
    pub fn open_count(&self) -> usize {
        self.index().open.len()
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
        let h = self.h()?;
        let mut out = std::collections::BTreeSet::new();
        out.extend(Self::obligations_in(|from| {
            let mut first = None;
            CLOSED.scan(&h.closed, from, None, |k, _| {
                first = Some(k.to_vec());
                false
            })?;
            Ok(first)
        })?);
        out.extend(Self::obligations_in(|from| {
            Ok(h.hot
                .range(from..)
                .keys()
                .next()
                .transpose()?
                .map(|k| k.to_vec()))
        })?);
        Ok(out.into_iter().collect())
    }

    /// The (plan, obligation) pairs of the records `first_from` finds (the first key at or
    /// after a key; None: no more), in order.
    fn obligations_in(
        mut first_from: impl FnMut(&[u8]) -> Result<Option<Vec<u8>>, StoreError>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(key) = first_from(&from)? {
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
        self.occurrences_with_prefix(&format!("{plan}/{obligation}/"))
    }

    /// Every stored occurrence of one plan, in id order (ids begin with the plan's).
    pub fn occurrences_of_plan(&self, plan: &str) -> Result<Vec<OccurrenceRecord>, StoreError> {
        self.occurrences_with_prefix(&format!("{plan}/"))
    }

    /// Every stored occurrence whose id begins with `prefix`, in id order.
    fn occurrences_with_prefix(&self, prefix: &str) -> Result<Vec<OccurrenceRecord>, StoreError> {
        let h = self.h()?;
        merged(
            closed_records(&h, prefix.as_bytes())?,
            decode_occurrences(h.hot.scan_prefix(prefix.as_bytes()))?,
        )
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

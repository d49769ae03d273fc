//! The live index, the tallies and the index by deadline as the store builds, reads and checks them: built once from every record when a store written by an earlier dondoc is opened, read by the page, the lists, `/metrics` and the statistics, and compared with a full scan by `doctor --deep`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::live::{Index, Live, LiveMap};
use super::packed::{self, BY_DUE, CLOSED};
use super::tallies::{self, Closed, Computed, Dim, Year};
use super::{decode, encode, OccurrenceRecord, OccurrenceState, Store, StoreError};
use crate::domain::lifecycle::{status, Status, StatusFacts};

/// The `meta` key saying the tallies, the index by deadline (in buckets: see `packed`) and
/// the hot records are kept (written once they were built). The previous release's mark,
/// `aggregates_ready`, was for an index of one entry per occurrence: a store with only that
/// one builds them again once.
pub(super) const AGGREGATES_READY: &str = "aggregates_ready_2";

/// Records read per batch while building.
const BUILD_BATCH: usize = 10_000;

impl Store {
    /// The live occurrences, from the `hot` records; the tallies and the index by deadline are
    /// built from every record first (once), live records moved apart, when the store has none
    /// yet (a store written by an earlier dondoc, or a restore). Also says whether `meta`
    /// records that they are kept (an empty store gets that mark with its first occurrence).
    pub(super) fn load_aggregates(
        closed: &sled::Tree,
        hot: &sled::Tree,
        tallies: &sled::Tree,
        by_due: &sled::Tree,
        meta: &sled::Tree,
    ) -> Result<(Index, bool), StoreError> {
        if closed.is_empty() && hot.is_empty() {
            tallies.clear()?;
            by_due.clear()?;
            return Ok((Index::default(), false));
        }
        if meta.get(AGGREGATES_READY)?.is_none() {
            let started = std::time::Instant::now();
            tallies.clear()?;
            by_due.clear()?;
            // Records in the wrong tree (all live ones, in a store from before the split):
            // moved once the counting is done.
            let mut misplaced = Vec::new();
            let mut due_ops: Vec<packed::Op> = Vec::new();
            let computed = compute(closed, hot, |rec, in_hot| {
                if Live::of(rec).is_some() != in_hot {
                    misplaced.push((rec.id.clone(), in_hot));
                }
                let (k, v) = due_entry(rec);
                due_ops.push((k, Some(v)));
                if due_ops.len() >= BUILD_BATCH {
                    due_ops.sort_unstable();
                    BY_DUE.apply(by_due, &due_ops)?;
                    due_ops.clear();
                }
                Ok(())
            })?;
            due_ops.sort_unstable();
            BY_DUE.apply(by_due, &due_ops)?;
            for (id, in_hot) in &misplaced {
                if *in_hot {
                    if let Some(bytes) = hot.get(id.as_bytes())? {
                        CLOSED.apply(closed, &[(id.as_bytes().to_vec(), Some(bytes.to_vec()))])?;
                        hot.remove(id.as_bytes())?;
                    }
                } else if let Some(bytes) = super::closed::get(closed, id)? {
                    hot.insert(id.as_bytes(), bytes)?;
                    CLOSED.apply(closed, &[(id.as_bytes().to_vec(), None)])?;
                }
            }
            write_computed(tallies, &computed)?;
            meta.insert(AGGREGATES_READY, &b"1"[..])?;
            if let Some(first) = computed.unreadable.first() {
                tracing::warn!(
                    unreadable = computed.unreadable.len(),
                    first = %first,
                    "occurrence records that cannot be read are left out of the counts and indexes (run `dondoc doctor --deep`; restore a backup to recover them)"
                );
            }
            tracing::info!(
                occurrences = computed.states.values().sum::<i64>(),
                live = hot.len(),
                moved = misplaced.len(),
                seconds = started.elapsed().as_secs_f64(),
                "built the live index, the tallies and the index by deadline from every occurrence, live records apart (a store written by an earlier dondoc, or a restore)"
            );
        }
        let mut entries = Vec::new();
        for item in hot.iter() {
            let (k, v) = item?;
            match super::encoding::decode_occurrence(&k, &v) {
                Ok(rec) => {
                    if let Some(l) = Live::of(&rec) {
                        entries.push((Arc::from(rec.id.as_str()), l));
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "a live occurrence record cannot be read; left out of the lists")
                }
            }
        }
        Ok((Index::build(entries), true))
    }

    /// Runs `read` over the live occurrences (open, or submitted and awaiting confirmation),
    /// under the occurrence write lock: keep it short, and clone the `Arc`s to keep.
    pub fn with_live<R>(&self, read: impl FnOnce(&LiveMap) -> R) -> R {
        read(&self.index().live)
    }

    /// The closed outcomes per unit or per plan (`dim`) whose original deadline's last day is
    /// in the whole months from `from` (the first of a month) to `to` (the last day of a
    /// month), summed; only `ids` when given. None when the range does not follow month
    /// boundaries (the caller reads the records then).
    pub fn closed_outcomes(
        &self,
        dim: Dim,
        from: NaiveDate,
        to: NaiveDate,
        ids: Option<&[&str]>,
    ) -> Result<Option<BTreeMap<String, Closed>>, StoreError> {
        let whole = from.day() == 1 && to.succ_opt().is_some_and(|d| d.day() == 1);
        if !whole || to < from {
            return Ok(None);
        }
        let h = self.h()?;
        let mut out: BTreeMap<String, Closed> = BTreeMap::new();
        let mut add = |id: &str, year_no: i32, year: &Year| {
            let c = year.within(year_no, from, to);
            if !c.is_empty() {
                out.entry(id.to_owned()).or_default().add(&c, 1);
            }
        };
        for year_no in from.year()..=to.year() {
            match ids {
                Some(ids) => {
                    for id in ids {
                        let key = dim.key(year_no, id);
                        if let Some(b) = h.tallies.get(&key)? {
                            add(id, year_no, &decode("tallies", &key, &b)?);
                        }
                    }
                }
                None => {
                    let prefix = dim.year_prefix(year_no);
                    for item in h.tallies.scan_prefix(prefix.as_bytes()) {
                        let (k, v) = item?;
                        let id = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
                        add(&id, year_no, &decode("tallies", &k, &v)?);
                    }
                }
            }
        }
        Ok(Some(out))
    }

    /// The closed outcomes of `units`' occurrences per plan, over whole months as
    /// [`Store::closed_outcomes`] (the caller checked the range).
    pub fn closed_outcomes_of_units(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        units: &[&str],
    ) -> Result<BTreeMap<String, Closed>, StoreError> {
        let h = self.h()?;
        let mut out: BTreeMap<String, Closed> = BTreeMap::new();
        for year_no in from.year()..=to.year() {
            for unit in units {
                let prefix = Dim::UnitPlan.key(year_no, &format!("{unit}/"));
                for item in h.tallies.scan_prefix(&prefix) {
                    let (k, v) = item?;
                    let plan = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
                    let year: Year = decode("tallies", &k, &v)?;
                    let c = year.within(year_no, from, to);
                    if !c.is_empty() {
                        out.entry(plan).or_default().add(&c, 1);
                    }
                }
            }
        }
        Ok(out)
    }

    /// A page of the occurrences in the order of the deadline in force (then id) from `from`
    /// (None: the first) to before `until` (None: the last), of those `admit` accepts (given
    /// what the index says of each; None: all): the ids from `skip` to `skip + take`, and how many
    /// are accepted in all. No record is read; the count walks the index (except with no range
    /// and no filter, when the tallies give it).
    pub fn occurrences_by_due(
        &self,
        from: Option<crate::domain::time::Instant>,
        until: Option<crate::domain::time::Instant>,
        admit: Option<&dyn Fn(&DueEntry<'_>) -> bool>,
        skip: usize,
        take: usize,
    ) -> Result<(Vec<String>, usize), StoreError> {
        let h = self.h()?;
        let lower = from.map(due_bound).unwrap_or_default();
        let upper = until.map(due_bound);
        let whole = from.is_none() && until.is_none() && admit.is_none();
        let mut ids = Vec::with_capacity(take.min(1024));
        let mut total = 0usize;
        BY_DUE.scan(&h.by_due, &lower, upper.as_deref(), |k, v| {
            let Some(entry) = DueEntry::read(k, v) else {
                return true;
            };
            if !admit.is_none_or(|admit| admit(&entry)) {
                return true;
            }
            if total >= skip && ids.len() < take {
                ids.push(entry.id.to_owned());
            }
            total += 1;
            !(whole && ids.len() == take)
        })?;
        if whole {
            total = self.count_by_state()?.iter().map(|(_, n)| n).sum();
        }
        Ok((ids, total))
    }

    /// Compares the live index (tree and memory) and the tallies with what every record says;
    /// returns the differences, one line each (empty: they agree). Reads every record.
    pub fn check_aggregates(&self) -> Result<Vec<String>, StoreError> {
        let _w = self.writing()?;
        let ix = self.index_mut();
        let h = self.h()?;
        let mut scanned_live = LiveMap::new();
        let mut scanned_due = EntrySet::default();
        let mut misplaced = 0usize;
        let computed = compute(&h.closed, &h.hot, |rec, in_hot| {
            let l = Live::of(rec);
            if l.is_some() != in_hot {
                misplaced += 1;
            }
            if let Some(l) = l {
                scanned_live.insert(Arc::from(rec.id.as_str()), Arc::new(l));
            }
            let (k, v) = due_entry(rec);
            scanned_due.add(&k, &v);
            Ok(())
        })?
        .trimmed();
        let mut kept_due = EntrySet::default();
        let mut problems = BY_DUE.check(&h.by_due, |k, v| kept_due.add(k, v))?;
        problems.extend(CLOSED.check(&h.closed, |_, _| {})?);
        if misplaced > 0 {
            problems.push(format!(
                "{misplaced} record(s) kept with the wrong kind (live records belong apart from closed and history ones)"
            ));
        }
        if let Some(first) = computed.unreadable.first() {
            problems.push(format!(
                "{} occurrence record(s) cannot be read, e.g. {first}",
                computed.unreadable.len()
            ));
        }
        let mut stored = Computed::default();
        for item in h.tallies.iter() {
            let (k, v) = item?;
            if k.as_ref() == tallies::STATE_KEY {
                stored.states = decode("tallies", &k, &v)?;
            } else {
                stored.years.insert(k.to_vec(), decode("tallies", &k, &v)?);
            }
        }
        let stored = stored.trimmed();
        if stored.states != computed.states {
            problems.push(format!(
                "counts by state: kept {:?}, records say {:?}",
                stored.states, computed.states
            ));
        }
        for key in stored.years.keys().chain(computed.years.keys()) {
            let (a, b) = (stored.years.get(key), computed.years.get(key));
            if a != b
                && !problems
                    .iter()
                    .any(|p| p.contains(&*String::from_utf8_lossy(key)))
            {
                problems.push(format!(
                    "tally `{}`: kept {:?}, records say {:?}",
                    String::from_utf8_lossy(key),
                    a.map(|y| &y.months),
                    b.map(|y| &y.months)
                ));
            }
        }
        if kept_due != scanned_due {
            problems.push(format!(
                "index by deadline: {} entries, records say {} (or their entries differ)",
                kept_due.count, scanned_due.count
            ));
        }
        for (what, kept) in [("live index in memory", &ix.live)] {
            if *kept != scanned_live {
                let missing = scanned_live
                    .keys()
                    .filter(|k| !kept.contains_key(*k))
                    .count();
                let extra = kept
                    .keys()
                    .filter(|k| !scanned_live.contains_key(*k))
                    .count();
                problems.push(format!(
                    "{what}: {} entries, records say {} ({missing} missing, {extra} extra, others differ)",
                    kept.len(),
                    scanned_live.len()
                ));
            }
        }
        let scanned_open = scanned_live
            .iter()
            .filter(|(_, l)| l.state == OccurrenceState::Open)
            .count();
        let open_agrees = ix.open.len() == scanned_open
            && ix.open.iter().all(|(unit, id)| {
                scanned_live
                    .get(id)
                    .is_some_and(|l| l.state == OccurrenceState::Open && l.assignee == *unit)
            });
        if !open_agrees {
            problems.push(format!(
                "open occurrences by unit in memory: {} entries, records say {scanned_open} (or their units differ)",
                ix.open.len()
            ));
        }
        Ok(problems)
    }
}

/// A set of index entries, compared by count and an order-free digest (a deep check does not
/// hold a large store's index in memory).
#[derive(Debug, Default, PartialEq, Eq)]
struct EntrySet {
    count: u64,
    digest: u64,
}

impl EntrySet {
    fn add(&mut self, k: &[u8], v: &[u8]) {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (k, v).hash(&mut h);
        self.count += 1;
        self.digest = self.digest.wrapping_add(h.finish());
    }
}

/// The entry of `rec` in the index by deadline: the key orders by the deadline in force, then
/// id (seconds with the sign bit flipped, then nanoseconds, big-endian, then the id); the value
/// is `<state>/<assignee>`, the state followed by `+late` when a submission came after the
/// original deadline, so a list can be filtered by state, status and unit without the record.
pub(super) fn due_entry(rec: &OccurrenceRecord) -> (Vec<u8>, Vec<u8>) {
    let due = rec.effective_due();
    let mut key = Vec::with_capacity(12 + rec.id.len());
    key.extend_from_slice(&((due.timestamp() as u64) ^ (1 << 63)).to_be_bytes());
    key.extend_from_slice(&due.timestamp_subsec_nanos().to_be_bytes());
    key.extend_from_slice(rec.id.as_bytes());
    let late = rec.submission.as_ref().is_some_and(|s| {
        // Any instant will do: a submission's lateness does not depend on it.
        let facts = StatusFacts {
            state: OccurrenceState::Submitted,
            submitted_at: Some(s.at),
            due: rec.due,
            due_in_force: due,
        };
        status(&facts, due) == Status::DoneLate
    });
    let late = if late { LATE } else { "" };
    let value = format!("{}{late}/{}", rec.state.name(), rec.assignee).into_bytes();
    (key, value)
}

/// The mark of a late submission after the state in an entry of the index by deadline.
const LATE: &str = "+late";

/// What the index by deadline says of an occurrence: enough to select it for a list by plan,
/// unit, state and status without reading its record.
#[derive(Debug, Clone, Copy)]
pub struct DueEntry<'a> {
    pub id: &'a str,
    pub state: OccurrenceState,
    pub assignee: &'a str,
    /// The deadline in force.
    pub due_in_force: crate::domain::time::Instant,
    /// Whether its submission (if any) came after the original deadline.
    pub late: bool,
}

impl DueEntry<'_> {
    /// Its status at `now`, as `lifecycle::status` judges the record: a late submission is
    /// stood for by one at the deadline itself, an on-time one by none.
    pub fn status(&self, now: crate::domain::time::Instant) -> Status {
        let facts = StatusFacts {
            state: self.state,
            submitted_at: self.late.then_some(self.due_in_force),
            due: self.due_in_force,
            due_in_force: self.due_in_force,
        };
        status(&facts, now)
    }

    /// The entry stored under `key` with `value` (None: not an entry of this layout).
    fn read<'a>(key: &'a [u8], value: &'a [u8]) -> Option<DueEntry<'a>> {
        let secs = u64::from_be_bytes(key.get(..8)?.try_into().ok()?) ^ (1 << 63);
        let nanos = u32::from_be_bytes(key.get(8..12)?.try_into().ok()?);
        let due_in_force = chrono::DateTime::from_timestamp(secs as i64, nanos)?
            .with_timezone(&crate::domain::time::ZONE);
        let id = std::str::from_utf8(key.get(12..)?).ok()?;
        let text = std::str::from_utf8(value).ok()?;
        let (state, assignee) = text.split_once('/')?;
        let (state, late) = match state.strip_suffix(LATE) {
            Some(s) => (s, true),
            None => (state, false),
        };
        Some(DueEntry {
            id,
            state: state.parse().ok()?,
            assignee,
            due_in_force,
            late,
        })
    }
}

/// The first key at or after `at` in the index by deadline.
pub(super) fn due_bound(at: crate::domain::time::Instant) -> Vec<u8> {
    let mut key = Vec::with_capacity(12);
    key.extend_from_slice(&((at.timestamp() as u64) ^ (1 << 63)).to_be_bytes());
    key.extend_from_slice(&at.timestamp_subsec_nanos().to_be_bytes());
    key
}

/// What every record (of `closed` and `hot`) gives the tallies; `each` is called with every
/// record and whether it is in `hot`.
fn compute(
    closed: &sled::Tree,
    hot: &sled::Tree,
    mut each: impl FnMut(&OccurrenceRecord, bool) -> Result<(), StoreError>,
) -> Result<Computed, StoreError> {
    let mut computed = Computed::default();
    super::closed::for_each(closed, b"", |k, v| {
        add_record(&mut computed, k, v, |rec| each(rec, false))
    })?;
    compute_tree(hot, &mut computed, |rec| each(rec, true))?;
    Ok(computed)
}

/// Counts one stored record; an unreadable record (refused whenever it is read) counts nowhere
/// and is named.
fn add_record(
    computed: &mut Computed,
    k: &[u8],
    v: &[u8],
    mut each: impl FnMut(&OccurrenceRecord) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    match super::encoding::decode_occurrence(k, v) {
        Ok(rec) => {
            computed.add(&rec);
            each(&rec)
        }
        Err(e) => {
            computed.unreadable.push(e.to_string());
            Ok(())
        }
    }
}

fn compute_tree(
    tree: &sled::Tree,
    computed: &mut Computed,
    mut each: impl FnMut(&OccurrenceRecord) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut from: Option<sled::IVec> = None;
    loop {
        // In batches, so that a large store is not held in memory at once.
        let range = match &from {
            Some(k) => tree.range::<&[u8], _>((
                std::ops::Bound::Excluded(k.as_ref()),
                std::ops::Bound::Unbounded,
            )),
            None => tree.iter(),
        };
        let batch: Vec<(sled::IVec, sled::IVec)> =
            range.take(BUILD_BATCH).collect::<Result<_, _>>()?;
        let Some((last, _)) = batch.last() else { break };
        from = Some(last.clone());
        for (k, v) in &batch {
            add_record(computed, k, v, &mut each)?;
        }
    }
    Ok(())
}

fn write_computed(tallies: &sled::Tree, computed: &Computed) -> Result<(), StoreError> {
    tallies.insert(tallies::STATE_KEY, encode(&computed.states))?;
    for (k, y) in &computed.years {
        tallies.insert(k.as_slice(), encode(y))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_months_are_answered_from_the_tallies() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (from, to, whole) in [
            (d(2025, 1, 1), d(2025, 12, 31), true),
            (d(2025, 3, 1), d(2025, 3, 31), true),
            (d(2024, 2, 1), d(2024, 2, 29), true),
            (d(2025, 1, 2), d(2025, 12, 31), false),
            (d(2025, 1, 1), d(2025, 12, 30), false),
            (d(2025, 4, 1), d(2025, 3, 31), false),
        ] {
            let got = s.closed_outcomes(Dim::Unit, from, to, None).unwrap();
            assert_eq!(got.is_some(), whole, "{from} {to}");
        }
    }
}

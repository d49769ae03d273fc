//! Reads for the page and the API from the store's live index and tallies instead of every record: statistics, and the live occurrences a selection admits; records are read only where those cannot answer.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::ids::UnitId;
use crate::domain::occurrence::LastDays;
use crate::domain::time::Instant;
use crate::ledger::{Selection, Stats, StatsBuilder, Status};
use crate::schedule::World;
use crate::store::{Dim, DueEntry, Live, OccurrenceRecord, OccurrenceState, Store, StoreError};

/// Statistics over `[from, to]` for `units` (None: every unit) and `plan` (None: every plan).
/// Whole months without a plan come from the tallies and the live index; a plan's come from its
/// own records (read by id prefix); any other range reads every record.
pub fn stats(
    store: &Store,
    world: &World,
    now: Instant,
    from: NaiveDate,
    to: NaiveDate,
    units: Option<&[UnitId]>,
    plan: Option<&str>,
) -> Result<Stats, StoreError> {
    let mut b = StatsBuilder::default();
    if let Some(plan) = plan {
        for rec in store.occurrences_of_plan(plan)? {
            b.add_record(&rec, now, from, to, units);
        }
        return Ok(b.finish(world, now, from, to));
    }
    let ids: Option<Vec<&str>> = units.map(|u| u.iter().map(UnitId::as_str).collect());
    let Some(per_unit) = store.closed_outcomes(Dim::Unit, from, to, ids.as_deref())? else {
        for rec in store.occurrences()? {
            b.add_record(&rec, now, from, to, units);
        }
        return Ok(b.finish(world, now, from, to));
    };
    for (unit, c) in &per_unit {
        b.add_closed_unit(unit, c);
    }
    match &ids {
        // The plans of these units alone.
        Some(ids) => {
            let pairs = store.closed_outcomes_of_units(from, to, ids)?;
            for (plan, c) in &pairs {
                b.add_closed_plan(plan, c);
            }
        }
        None => {
            let per_plan = store
                .closed_outcomes(Dim::Plan, from, to, None)?
                .unwrap_or_default();
            for (plan, c) in &per_plan {
                b.add_closed_plan(plan, c);
            }
        }
    }
    store.with_live(|live| b.add_lives(live.values().map(|l| &**l), now, from, to, units));
    Ok(b.finish(world, now, from, to))
}

/// The live occurrences `selection` admits at `now`, in id order (cheap clones of the index's
/// entries).
pub fn live(store: &Store, selection: &Selection, now: Instant) -> Vec<(Arc<str>, Arc<Live>)> {
    // A group's or a province's units are looked up in a set, not compared one by one.
    let units: Option<HashSet<&str>> = selection
        .units
        .as_ref()
        .map(|u| u.iter().map(UnitId::as_str).collect());
    let rest = Selection {
        units: None,
        ..selection.clone()
    };
    store.with_live(|live| {
        live.iter()
            .filter(|(_, l)| {
                units.as_ref().is_none_or(|u| u.contains(&*l.assignee)) && rest.admits_live(l, now)
            })
            .map(|(id, l)| (id.clone(), l.clone()))
            .collect()
    })
}

/// Whether only live occurrences can match `selection` (open or submitted states, or open
/// statuses): then the live index answers it.
pub fn only_live(selection: &Selection) -> bool {
    let live_states = |s: &Vec<OccurrenceState>| {
        s.iter()
            .all(|s| matches!(s, OccurrenceState::Open | OccurrenceState::Submitted))
    };
    let open_statuses = |s: &Vec<Status>| {
        s.iter()
            .all(|s| matches!(s, Status::OpenNotDue | Status::OpenOverdue))
    };
    selection.states.as_ref().is_some_and(live_states)
        || selection.statuses.as_ref().is_some_and(open_statuses)
}

/// Reads the records of `ids` (those still stored).
fn records(store: &Store, ids: &[impl AsRef<str>]) -> Result<Vec<OccurrenceRecord>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(rec) = store.occurrence(id.as_ref())? {
            out.push(rec);
        }
    }
    Ok(out)
}

/// A page of the live occurrences `selection` admits, by the deadline in force then id: the
/// records from `skip` to `skip + take`, and how many in all.
pub fn live_page(
    store: &Store,
    selection: &Selection,
    now: Instant,
    skip: usize,
    take: usize,
) -> Result<(Vec<OccurrenceRecord>, usize), StoreError> {
    let mut all = live(store, selection, now);
    sort_first(&mut all, skip.saturating_add(take), |a, b| {
        (a.1.due_in_force, &a.0).cmp(&(b.1.due_in_force, &b.0))
    });
    let ids: Vec<Arc<str>> = all
        .iter()
        .skip(skip)
        .take(take)
        .map(|(id, _)| id.clone())
        .collect();
    Ok((records(store, &ids)?, all.len()))
}

/// A page of the occurrences `selection` admits at `now`, by the deadline in force then id,
/// from the store's index by deadline: the records from `skip` to `skip + take`, and how many
/// in all.
pub fn page_by_due(
    store: &Store,
    selection: &Selection,
    now: Instant,
    skip: usize,
    take: usize,
) -> Result<(Vec<OccurrenceRecord>, usize), StoreError> {
    let plan = selection.plan.as_ref().map(|p| format!("{p}/"));
    let admit = |e: &DueEntry<'_>| {
        plan.as_deref().is_none_or(|p| e.id.starts_with(p))
            && selection
                .states
                .as_ref()
                .is_none_or(|s| s.contains(&e.state))
            && selection
                .statuses
                .as_ref()
                .is_none_or(|s| s.contains(&e.status(now)))
            && selection
                .units
                .as_ref()
                .is_none_or(|u| u.iter().any(|u| u.as_str() == e.assignee))
    };
    let filtered = plan.is_some()
        || selection.states.is_some()
        || selection.statuses.is_some()
        || selection.units.is_some();
    let (ids, total) = store.occurrences_by_due(
        selection.from,
        selection.until,
        filtered.then_some(&admit as &dyn Fn(&DueEntry<'_>) -> bool),
        skip,
        take,
    )?;
    Ok((records(store, &ids)?, total))
}

/// An open overdue occurrence: how many days overdue, its summary and its id.
pub type Overdue = (i64, Arc<Live>, Arc<str>);

/// The open overdue occurrences `selection` admits and `keep` keeps; the first `n` most overdue
/// first (then by assignee and id, as `ledger::overdue` orders them), the rest after them.
pub fn overdue(
    store: &Store,
    selection: &Selection,
    now: Instant,
    n: usize,
    keep: impl Fn(&Live) -> bool,
) -> Vec<Overdue> {
    let selection = Selection {
        statuses: Some(vec![Status::OpenOverdue]),
        ..selection.clone()
    };
    let today = now.date_naive();
    let mut last_days = LastDays::default();
    let mut all: Vec<Overdue> = live(store, &selection, now)
        .into_iter()
        .filter(|(_, l)| keep(l))
        .map(|(id, l)| (last_days.days_after(l.due_in_force, today), l, id))
        .collect();
    sort_first(&mut all, n, |a, b| {
        (b.0, &a.1.assignee, &a.2).cmp(&(a.0, &b.1.assignee, &b.2))
    });
    all
}

/// A page of the open overdue occurrences `selection` admits, in the order of [`overdue`]: the
/// records from `skip` to `skip + take`, and how many in all.
pub fn overdue_page(
    store: &Store,
    selection: &Selection,
    now: Instant,
    skip: usize,
    take: usize,
) -> Result<(Vec<OccurrenceRecord>, usize), StoreError> {
    let all = overdue(store, selection, now, skip.saturating_add(take), |_| true);
    let ids: Vec<Arc<str>> = all
        .iter()
        .skip(skip)
        .take(take)
        .map(|(_, _, id)| id.clone())
        .collect();
    Ok((records(store, &ids)?, all.len()))
}

/// Puts the `n` first items of `items` (by `cmp`) first, in order; the rest follow in no order.
/// A page of a long list needs only its own items sorted.
pub fn sort_first<T>(items: &mut [T], n: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if n < items.len() {
        if n > 0 {
            items.select_nth_unstable_by(n - 1, &mut cmp);
        }
        items[..n].sort_by(cmp);
    } else {
        items.sort_by(cmp);
    }
}

#[cfg(test)]
mod tests {
    use super::sort_first;

    #[test]
    fn the_first_items_are_sorted_and_the_rest_kept() {
        for n in 0..13 {
            let mut v = vec![5, 3, 9, 1, 7, 2, 8, 0, 6, 4];
            sort_first(&mut v, n, |a, b| a.cmp(b));
            let k = n.min(10);
            assert_eq!(v[..k], (0..k as i32).collect::<Vec<_>>()[..], "n = {n}");
            v.sort();
            assert_eq!(v, (0..10).collect::<Vec<_>>());
        }
    }
}

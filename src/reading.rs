//! Reads for the page and the API from the store's live index and tallies instead of every record: statistics, and the live occurrences a selection admits; records are read only where those cannot answer.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::ids::UnitId;
use crate::domain::time::Instant;
use crate::ledger::{Selection, Stats, StatsBuilder};
use crate::schedule::World;
use crate::store::{Dim, Live, Store, StoreError};

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
    store.with_live(|live| {
        for l in live.values() {
            b.add_live(l, now, from, to, units);
        }
    });
    Ok(b.finish(world, now, from, to))
}

/// The live occurrences `selection` admits at `now`, in id order (cheap clones of the index's
/// entries).
pub fn live(store: &Store, selection: &Selection, now: Instant) -> Vec<(Arc<str>, Arc<Live>)> {
    store.with_live(|live| {
        live.iter()
            .filter(|(_, l)| selection.admits_live(l, now))
            .map(|(id, l)| (id.clone(), l.clone()))
            .collect()
    })
}

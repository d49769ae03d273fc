//! Agenda and simulation over a loaded world: pure functions from (world, range) to rows.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::ids::UnitId;
use crate::domain::model::{Obligation, ObligationKind, Plan};
use crate::domain::occurrence::{line_on, parties_on, Occurrence};
use crate::domain::policy::{plan_notifications, Planned};
use crate::domain::time::{midnight, Instant};
use crate::schedule::World;

/// Which occurrences to include.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A unit or group: occurrences owed by it or its members.
    pub unit: Option<UnitId>,
    pub plan: Option<String>,
}

/// One due occurrence, as `agenda` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaRow {
    pub id: String,
    pub plan: String,
    pub obligation: String,
    pub title: String,
    pub kind: ObligationKind,
    pub assignee: String,
    pub assignee_name: String,
    pub recipient: String,
    pub via: Option<String>,
    pub escalate_to: String,
    /// RFC 3339, +07:00: overdue from this instant.
    pub due: String,
    /// The deadline in the plan's words.
    pub deadline: String,
    pub period: String,
    pub inferred: bool,
    /// Source document and clause: "000_7b2b5a5b82360bbc.txt IV.1".
    pub source: String,
}

/// One notification the policy would send, as `simulate` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct SimulatedRow {
    pub at: String,
    pub stage: &'static str,
    pub key: String,
    pub plan: String,
    pub obligation: String,
    pub assignee: String,
    pub to: Vec<String>,
    pub due: String,
    pub period: String,
    pub occurrence: String,
}

fn rfc3339(i: &Instant) -> String {
    i.to_rfc3339()
}

/// Half-open instant range for an inclusive date range.
pub fn date_range(from: NaiveDate, to: NaiveDate) -> (Instant, Instant) {
    (midnight(from), midnight(to + Days::new(1)))
}

fn selected<'a>(
    world: &'a World,
    filter: &Filter,
) -> impl Iterator<Item = (&'a Plan, &'a Obligation)> + 'a {
    let plan = filter.plan.clone();
    world
        .plans
        .iter()
        .filter(move |p| plan.as_deref().is_none_or(|id| p.id.as_str() == id))
        .flat_map(|p| p.obligations.iter().map(move |o| (p, o)))
}

fn unit_filter(world: &World, filter: &Filter) -> Option<Vec<UnitId>> {
    filter.unit.as_ref().map(|u| world.directory.expand(u))
}

/// The occurrences of one obligation in `[from, until)` owed by the filter's units.
fn occurrences_of(
    world: &World,
    units: &Option<Vec<UnitId>>,
    plan: &Plan,
    ob: &Obligation,
    from: Instant,
    until: Instant,
) -> Vec<Occurrence> {
    let mut occs = world.occurrences(plan, ob, from, until);
    // Ended ones (their unit or recipient ended with no successor) are owed by nobody.
    occs.retain(|o| o.ended.is_none());
    if let Some(units) = units {
        occs.retain(|o| units.contains(&o.assignee));
    }
    occs
}

/// Every occurrence due in `[from, until)`, sorted by due instant, plan, obligation, assignee.
pub fn agenda(world: &World, filter: &Filter, from: Instant, until: Instant) -> Vec<AgendaRow> {
    let dir = &world.directory;
    let units = unit_filter(world, filter);
    let mut rows: Vec<(Instant, AgendaRow)> = selected(world, filter)
        .flat_map(|(plan, ob)| {
            occurrences_of(world, &units, plan, ob, from, until)
                .into_iter()
                .map(move |occ| (plan, ob, occ))
        })
        .map(|(plan, ob, occ)| {
            let day = occ.due.date_naive();
            let p = parties_on(ob, &occ.assignee, dir, day);
            let line = line_on(ob, dir, day);
            let row = AgendaRow {
                id: occ.id(),
                plan: plan.id.to_string(),
                obligation: ob.id.to_string(),
                title: ob.title.clone(),
                kind: ob.kind,
                assignee_name: dir.name(&occ.assignee).to_owned(),
                assignee: occ.assignee.to_string(),
                recipient: line.recipient.as_ref().unwrap_or(&ob.recipient).to_string(),
                via: line.via.as_ref().map(ToString::to_string),
                escalate_to: p.escalation.to_string(),
                due: rfc3339(&occ.due),
                deadline: occ.wording.clone(),
                period: occ.period.clone(),
                inferred: occ.inferred,
                source: format!("{} {}", plan.source, ob.clause),
            };
            (occ.due, row)
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.0, &a.1.plan, &a.1.obligation, &a.1.assignee).cmp(&(
            b.0,
            &b.1.plan,
            &b.1.obligation,
            &b.1.assignee,
        ))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Every notification the policy would send in `[from, until)` if nothing were ever submitted,
/// sorted by time.
pub fn simulate(
    world: &World,
    filter: &Filter,
    from: Instant,
    until: Instant,
) -> Vec<SimulatedRow> {
    let dir = &world.directory;
    let units = unit_filter(world, filter);
    let mut rows: Vec<(Instant, SimulatedRow)> = Vec::new();
    for (plan, ob) in selected(world, filter) {
        let pol = &ob.policy;
        // Occurrences whose notifications can fall in the range: due up to the last repeat before
        // it, or up to the earliest reminder after it.
        let back = pol
            .max_repeats
            .saturating_mul(pol.repeat_every_days)
            .saturating_add(pol.escalate_after_days)
            .saturating_add(20)
            .min(36_500);
        let ahead = pol
            .remind_before_working_days
            .iter()
            .max()
            .copied()
            .unwrap_or(0)
            * 2
            + 20;
        let lo = from - chrono::Duration::days(i64::from(back));
        let hi = until + chrono::Duration::days(i64::from(ahead));
        let not_before = midnight(plan.known_since());
        for occ in occurrences_of(world, &units, plan, ob, lo, hi) {
            let p = parties_on(ob, &occ.assignee, dir, occ.due.date_naive());
            for n in plan_notifications(&occ, &p, pol, &world.calendar, not_before) {
                if n.at >= from && n.at < until {
                    rows.push((n.at, simulated_row(&occ, &n)));
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        (a.0, &a.1.plan, &a.1.obligation, &a.1.assignee, &a.1.key).cmp(&(
            b.0,
            &b.1.plan,
            &b.1.obligation,
            &b.1.assignee,
            &b.1.key,
        ))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

fn simulated_row(occ: &Occurrence, n: &Planned) -> SimulatedRow {
    SimulatedRow {
        at: rfc3339(&n.at),
        stage: n.stage.as_str(),
        key: n.key(),
        plan: occ.plan.to_string(),
        obligation: occ.obligation.to_string(),
        assignee: occ.assignee.to_string(),
        to: n.to.iter().map(ToString::to_string).collect(),
        due: rfc3339(&occ.due),
        period: occ.period.clone(),
        occurrence: occ.id(),
    }
}

//! Agenda and simulation over a loaded world: pure functions from (world, range) to rows.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use std::collections::BTreeMap;

use crate::domain::ids::UnitId;
use crate::domain::model::{Obligation, ObligationKind, Plan};
use crate::domain::notices::{plan_notifications, repeats_until, Planned};
use crate::domain::occurrence::{line_on, parties_on, Occurrence};
use crate::domain::office::SendTimes;
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

/// One item of a message the policy would send, as `simulate --format json` prints it: today's
/// fields, and `message`, the Message-ID of the message that carries it.
#[derive(Debug, Clone, Serialize)]
pub struct SimulatedRow {
    /// The send time (RFC 3339): the first send time at or after the planned instant.
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
    /// The Message-ID of the message carrying this item (set per recipient by [`messages`]).
    pub message: String,
    /// The units it goes to, groups expanded (the messages' recipients).
    #[serde(skip)]
    pub recipients: Vec<String>,
}

/// One message as it will be sent: a recipient, a send time and its items.
#[derive(Debug, Clone, Serialize)]
pub struct SimulatedMessage {
    /// Its Message-ID.
    pub message: String,
    pub recipient: String,
    pub recipient_name: String,
    pub at: String,
    /// Its items, most urgent first (escalations and overdue, due today, reminders).
    pub items: Vec<SimulatedRow>,
}

impl SimulatedMessage {
    /// `<occurrence>#<stage>@<recipient>` of each item, as the outbox keys them.
    pub fn item_keys(&self) -> Vec<String> {
        self.items
            .iter()
            .map(|r| item_key(r, &self.recipient))
            .collect()
    }
}

/// The send times of a world: the global policy's reminder time on its working days.
pub fn send_times(world: &World) -> SendTimes<'_> {
    SendTimes {
        time: world.config.policy.reminder_time,
        calendar: &world.calendar,
    }
}

/// The due instant of the next occurrence of the same duty after `occ`, up to `until`.
pub fn next_due(
    world: &World,
    ob: &Obligation,
    occ: &Occurrence,
    until: Instant,
) -> Option<Instant> {
    let from = occ.due - chrono::Duration::days(31);
    ob.due
        .dues_on(from, until, &world.config.reporting, &world.calendar)
        .into_iter()
        .find(|d| d.instant > occ.due && d.period != occ.period)
        .map(|d| d.instant)
}

/// The notifications planned for one occurrence if it is never submitted: the obligation's
/// policy, no repeat once the next occurrence of the duty is due, each moved to the first send
/// time at or after its planned instant (a later stage replacing an earlier one at the same
/// send time).
pub fn planned(world: &World, plan: &Plan, ob: &Obligation, occ: &Occurrence) -> Vec<Planned> {
    let p = parties_on(ob, &occ.assignee, &world.directory, occ.due.date_naive());
    let next = repeats_until(occ, &ob.policy).and_then(|u| next_due(world, ob, occ, u));
    let times = send_times(world);
    let mut out: Vec<Planned> = Vec::new();
    for mut n in plan_notifications(
        occ,
        &p,
        &ob.policy,
        &world.calendar,
        midnight(plan.known_since()),
        next,
    ) {
        n.at = times.at_or_after(n.at);
        if let Some(last) = out.last_mut().filter(|l| l.at == n.at) {
            *last = n;
        } else {
            out.push(n);
        }
    }
    out
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
    agenda_rows(world, filter, from, until).collect()
}

/// How far ahead each obligation's occurrences are computed at a time in `agenda_rows`: a month
/// (each window recomputes a shifted obligation's dues with a margin, so shorter windows cost
/// time; a month of one obligation is a few hundred occurrences at most).
const AGENDA_WINDOW_DAYS: i64 = 31;

/// One obligation's occurrences in due order, computed a window at a time.
struct ObligationRows<'a> {
    plan: &'a Plan,
    ob: &'a Obligation,
    /// Its place in the order of (plan id, obligation id).
    rank: usize,
    /// Where the next window starts.
    next: Instant,
    /// The current window's occurrences not yet taken, in reverse order (taken from the end).
    buffer: Vec<Occurrence>,
}

impl ObligationRows<'_> {
    /// Fills the buffer from the next windows until it holds something or `until` is reached;
    /// false when the obligation has nothing more.
    fn fill(&mut self, world: &World, units: &Option<Vec<UnitId>>, until: Instant) -> bool {
        while self.buffer.is_empty() && self.next < until {
            let end = self
                .next
                .checked_add_signed(chrono::Duration::days(AGENDA_WINDOW_DAYS))
                .map_or(until, |e| e.min(until));
            self.buffer = occurrences_of(world, units, self.plan, self.ob, self.next, end);
            // Stable: equal keys keep the order they were computed in.
            self.buffer
                .sort_by(|a, b| (a.due, &a.assignee).cmp(&(b.due, &b.assignee)));
            self.buffer.reverse();
            self.next = end;
        }
        !self.buffer.is_empty()
    }

    /// The sort key of the next occurrence (which the buffer holds).
    fn key(&self) -> (Instant, usize, UnitId) {
        let o = self.buffer.last().expect("filled");
        (o.due, self.rank, o.assignee.clone())
    }
}

/// The rows of `agenda`, in the same order, produced as they are written: every selected
/// obligation is an iterator over its occurrences in due order (computed a month at a time),
/// and the rows come from a merge of those iterators, so only about a month of each
/// obligation's occurrences (not their rows) is held at once, whatever the range.
pub fn agenda_rows<'a>(
    world: &'a World,
    filter: &Filter,
    from: Instant,
    until: Instant,
) -> impl Iterator<Item = AgendaRow> + 'a {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let units = unit_filter(world, filter);
    let mut sources: Vec<ObligationRows<'a>> = selected(world, filter)
        .map(|(plan, ob)| ObligationRows {
            plan,
            ob,
            rank: 0,
            next: from,
            buffer: Vec::new(),
        })
        .collect();
    let mut order: Vec<usize> = (0..sources.len()).collect();
    // Stable: a plan and obligation listed twice keep their order.
    order.sort_by(|&a, &b| {
        (sources[a].plan.id.as_str(), sources[a].ob.id.as_str())
            .cmp(&(sources[b].plan.id.as_str(), sources[b].ob.id.as_str()))
    });
    for (rank, i) in order.into_iter().enumerate() {
        sources[i].rank = rank;
    }
    // Each obligation's next occurrence by its sort key, with the obligation's index.
    type Next = ((Instant, usize, UnitId), usize);
    let mut heap: BinaryHeap<Reverse<Next>> = BinaryHeap::new();
    for (i, src) in sources.iter_mut().enumerate() {
        if src.fill(world, &units, until) {
            heap.push(Reverse((src.key(), i)));
        }
    }
    std::iter::from_fn(move || {
        let Reverse((_, i)) = heap.pop()?;
        let src = &mut sources[i];
        let occ = src.buffer.pop().expect("filled");
        let row = agenda_row(world, src.plan, src.ob, &occ);
        if src.fill(world, &units, until) {
            heap.push(Reverse((src.key(), i)));
        }
        Some(row)
    })
}

/// The agenda row of one occurrence.
fn agenda_row(world: &World, plan: &Plan, ob: &Obligation, occ: &Occurrence) -> AgendaRow {
    let dir = &world.directory;
    let day = occ.due.date_naive();
    let p = parties_on(ob, &occ.assignee, dir, day);
    let line = line_on(ob, dir, day);
    AgendaRow {
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
    }
}

/// Every notification the policy would send in `[from, until)` if nothing were ever submitted,
/// sorted by time, each with the Message-IDs of the messages carrying it.
pub fn simulate(
    world: &World,
    filter: &Filter,
    from: Instant,
    until: Instant,
) -> Vec<SimulatedRow> {
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
        for occ in occurrences_of(world, &units, plan, ob, lo, hi) {
            for n in planned(world, plan, ob, &occ) {
                if n.at >= from && n.at < until {
                    let recipients = world
                        .directory
                        .receivers_on(&n.to, n.at.date_naive())
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    rows.push((n.at, simulated_row(&occ, &n, recipients)));
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

/// The item key of a row for one recipient, as the outbox keys it.
fn item_key(r: &SimulatedRow, unit: &str) -> String {
    format!("{}#{}@{unit}", r.occurrence, r.key)
}

/// The messages of `rows` (as [`simulate`] returns them): one per recipient and send time,
/// its items most urgent first, in send-time then recipient order.
pub fn messages(world: &World, rows: &[SimulatedRow]) -> Vec<SimulatedMessage> {
    let rank = |stage: &str| match stage {
        "escalation" | "repeat" => 0u8,
        "overdue" => 1,
        "due" => 2,
        _ => 3,
    };
    let mut by: BTreeMap<(String, String), Vec<SimulatedRow>> = BTreeMap::new();
    for r in rows {
        for u in &r.recipients {
            by.entry((r.at.clone(), u.clone()))
                .or_default()
                .push(r.clone());
        }
    }
    by.into_iter()
        .map(|((at, recipient), mut items)| {
            items.sort_by(|a, b| {
                (rank(a.stage), &a.due, &a.occurrence).cmp(&(rank(b.stage), &b.due, &b.occurrence))
            });
            let keys: Vec<String> = items.iter().map(|r| item_key(r, &recipient)).collect();
            let when = crate::domain::time::parse_instant(&at).ok();
            let message = when
                .map(|t| crate::domain::office::message_id(&recipient, t, &keys))
                .unwrap_or_default();
            for i in &mut items {
                i.message = message.clone();
            }
            let recipient_name = UnitId::parse(&recipient)
                .map(|u| world.directory.name(&u).to_owned())
                .unwrap_or_default();
            SimulatedMessage {
                message,
                recipient_name,
                recipient,
                at,
                items,
            }
        })
        .collect()
}

fn simulated_row(occ: &Occurrence, n: &Planned, recipients: Vec<String>) -> SimulatedRow {
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
        message: String::new(),
        recipients,
    }
}

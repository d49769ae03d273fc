//! Queries over stored occurrences (pure): each record's status in the four states (docs/domain.md#statuses),
//! the overdue list, filtered and paginated listings, upcoming items and per-unit statistics.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ids::UnitId;
use crate::domain::model::{Obligation, Plan};
use crate::domain::occurrence::{days_after, last_day_of, LastDays, Occurrence};
use crate::domain::time::{Instant, Moment};
use crate::schedule::World;
use crate::store::{
    Closed, Decision, Extension, Live, OccurrenceRecord, OccurrenceState, Rejected, Submission,
};

pub use crate::domain::lifecycle::Status;
use crate::domain::lifecycle::{status, StatusFacts};

/// The status of `rec` at `now`. A submission counts as on time when it came before the
/// original deadline (an extension does not change the statistics); an open occurrence is
/// overdue once the deadline in force has passed.
pub fn status_of(rec: &OccurrenceRecord, now: Instant) -> Status {
    status(&facts_of(rec), now)
}

/// `facts` with its instants as moments.
fn moments(facts: &StatusFacts) -> StatusFacts<Moment> {
    StatusFacts {
        state: facts.state,
        submitted_at: facts.submitted_at.as_ref().map(Moment::of),
        due: Moment::of(&facts.due),
        due_in_force: Moment::of(&facts.due_in_force),
    }
}

fn facts_of(rec: &OccurrenceRecord) -> StatusFacts {
    StatusFacts {
        state: rec.state,
        submitted_at: rec.submission.as_ref().map(|s| s.at),
        due: rec.due,
        due_in_force: rec.effective_due(),
    }
}

/// Days overdue at `now` for an open occurrence past the deadline in force, else 0.
pub fn days_overdue(rec: &OccurrenceRecord, now: Instant) -> i64 {
    match (rec.state, rec.effective_due()) {
        (OccurrenceState::Open, due) if due <= now => days_after(&due, now.date_naive()),
        _ => 0,
    }
}

/// Days between the original last day and the submission (0 when on time).
pub fn days_late(rec: &OccurrenceRecord) -> Option<i64> {
    let s = rec.submission.as_ref()?;
    Some(days_after(&rec.due, s.at.date_naive()))
}

/// Rebuilds the domain occurrence from its stored record, due at the deadline in force.
pub fn occurrence_of(rec: &OccurrenceRecord, plan: &Plan, ob: &Obligation) -> Option<Occurrence> {
    let due = rec.effective_due();
    Some(Occurrence {
        plan: plan.id.clone(),
        obligation: ob.id.clone(),
        assignee: UnitId::parse(&rec.assignee).ok()?,
        period: rec.period.clone(),
        due,
        nominal_due: due,
        last_day: last_day_of(&due),
        wording: rec.wording.clone(),
        inferred: rec.inferred,
        moved_from: Vec::new(),
        ended: None,
    })
}

/// One stored occurrence as the coordinator API, exports and dashboard show it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub plan: String,
    pub obligation: String,
    pub title: String,
    pub assignee: String,
    pub assignee_name: String,
    pub recipient: String,
    pub via: Option<String>,
    pub period: String,
    /// The deadline in force (RFC 3339, +07:00): overdue from this instant.
    pub due: String,
    /// The plan's original deadline, kept for statistics when an extension is in force.
    pub original_due: String,
    /// The deadline in the plan's words.
    pub deadline: String,
    /// `open`, `submitted`, `confirmed`, `waived`, `cancelled` or `history`.
    pub state: OccurrenceState,
    /// docs/domain.md#statuses: `done_on_time`, `done_late`, `open_not_due`, `open_overdue` (or `waived`,
    /// `cancelled`, `history`).
    pub status: Status,
    pub days_overdue: i64,
    /// 0 before escalation; 1 once escalated; 1 + n after the n-th repeat.
    pub escalation_level: u32,
    pub submission: Option<Submission>,
    pub review: Option<Decision>,
    pub rejected: Option<Rejected>,
    pub extension: Option<Extension>,
    pub closure: Option<Decision>,
}

/// The row for `rec`. A record whose obligation left the schedules keeps its ids as names.
pub fn row(world: &World, rec: &OccurrenceRecord, now: Instant) -> Row {
    let ob = world.obligation(&rec.plan, &rec.obligation).map(|(_, o)| o);
    // The reporting line as it stood on the record's due date (a unit that had ended is
    // replaced by its successor).
    let line =
        ob.map(|o| crate::domain::occurrence::line_on(o, &world.directory, rec.due.date_naive()));
    let assignee_name = UnitId::parse(&rec.assignee)
        .ok()
        .filter(|u| world.directory.contains(u))
        .map_or_else(
            || rec.assignee.clone(),
            |u| world.directory.name(&u).to_owned(),
        );
    Row {
        id: rec.id.clone(),
        plan: rec.plan.clone(),
        obligation: rec.obligation.clone(),
        title: ob.map_or_else(|| rec.obligation.clone(), |o| o.title.clone()),
        assignee_name,
        assignee: rec.assignee.clone(),
        recipient: ob
            .map(|o| {
                line.as_ref()
                    .and_then(|l| l.recipient.as_ref())
                    .unwrap_or(&o.recipient)
            })
            .map(ToString::to_string)
            .unwrap_or_default(),
        via: line
            .as_ref()
            .and_then(|l| l.via.as_ref())
            .map(ToString::to_string),
        period: rec.period.clone(),
        due: rec.effective_due().to_rfc3339(),
        original_due: rec.due.to_rfc3339(),
        deadline: rec.wording.clone(),
        state: rec.state,
        status: status_of(rec, now),
        days_overdue: days_overdue(rec, now),
        escalation_level: rec
            .handled_now()
            .filter(|k| *k == "escalation" || k.starts_with("repeat-"))
            .count() as u32,
        submission: rec.submission.clone(),
        review: rec.review.clone(),
        rejected: rec.rejected.clone(),
        extension: rec.extension.clone(),
        closure: rec.closure.clone(),
    }
}

/// Which stored occurrences to include.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Owed by one of these units (a unit, or a group's members).
    pub units: Option<Vec<UnitId>>,
    pub plan: Option<String>,
    pub states: Option<Vec<OccurrenceState>>,
    pub statuses: Option<Vec<Status>>,
    /// The deadline in force falls in `[from, until)`.
    pub from: Option<Instant>,
    pub until: Option<Instant>,
    /// Open and at least this many days overdue.
    pub min_days_overdue: Option<i64>,
}

/// What a selection looks at, from a record or from a live summary (instants as moments,
/// as the live summaries keep them).
struct Seen<'a> {
    plan: &'a str,
    assignee: &'a str,
    facts: StatusFacts<Moment>,
}

impl Selection {
    fn admits(&self, rec: &OccurrenceRecord, now: Instant) -> bool {
        self.admits_seen(
            &Seen {
                plan: &rec.plan,
                assignee: &rec.assignee,
                facts: moments(&facts_of(rec)),
            },
            now,
        )
    }

    /// Whether a live occurrence is selected (as its record would be).
    pub fn admits_live(&self, l: &Live, now: Instant) -> bool {
        self.admits_seen(
            &Seen {
                plan: &l.plan,
                assignee: &l.assignee,
                facts: l.facts(),
            },
            now,
        )
    }

    fn admits_seen(&self, r: &Seen<'_>, now: Instant) -> bool {
        if self.plan.as_deref().is_some_and(|p| p != r.plan)
            || self
                .states
                .as_ref()
                .is_some_and(|s| !s.contains(&r.facts.state))
        {
            return false;
        }
        if let Some(units) = &self.units {
            if !units.iter().any(|u| u.as_str() == r.assignee) {
                return false;
            }
        }
        if self.from.is_some() || self.until.is_some() {
            let due = r.facts.due_in_force;
            if self.from.is_some_and(|f| due < Moment::of(&f))
                || self.until.is_some_and(|u| due >= Moment::of(&u))
            {
                return false;
            }
        }
        let status = status(&r.facts, Moment::of(&now));
        if let Some(statuses) = &self.statuses {
            if !statuses.contains(&status) {
                return false;
            }
        }
        if let Some(min) = self.min_days_overdue {
            if status != Status::OpenOverdue
                || days_after(&r.facts.due_in_force.instant(), now.date_naive()) < min
            {
                return false;
            }
        }
        true
    }
}

/// The selected rows, sorted by the deadline in force, then id.
pub fn select(
    world: &World,
    records: &[OccurrenceRecord],
    now: Instant,
    selection: &Selection,
) -> Vec<Row> {
    let mut rows: Vec<Row> = records
        .iter()
        .filter(|r| selection.admits(r, now))
        .map(|r| row(world, r, now))
        .collect();
    rows.sort_by(|a, b| (&a.due, &a.id).cmp(&(&b.due, &b.id)));
    rows
}

/// Open occurrences past the deadline in force, most overdue first.
pub fn overdue(
    world: &World,
    records: &[OccurrenceRecord],
    now: Instant,
    selection: &Selection,
) -> Vec<Row> {
    let selection = Selection {
        statuses: Some(vec![Status::OpenOverdue]),
        ..selection.clone()
    };
    let mut rows = select(world, records, now, &selection);
    rows.sort_by(|a, b| {
        (b.days_overdue, &a.assignee, &a.id).cmp(&(a.days_overdue, &b.assignee, &b.id))
    });
    rows
}

/// Counts of the four states, with the on-time rate and lateness.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub done_on_time: u32,
    pub done_late: u32,
    pub open_not_due: u32,
    pub open_overdue: u32,
    pub waived: u32,
    pub cancelled: u32,
    /// Occurrences with an extension in force or used.
    pub extended: u32,
    /// done_on_time / (done_on_time + done_late + open_overdue); null when none fell due.
    pub on_time_rate: Option<f64>,
    /// Mean days between the original last day and a late submission; null when none.
    pub avg_days_late: Option<f64>,
    /// Mean days overdue of the open overdue ones; null when none.
    pub avg_days_overdue: Option<f64>,
    #[serde(skip)]
    late_days: i64,
    #[serde(skip)]
    overdue_days: i64,
}

impl Counts {
    fn add(&mut self, rec: &OccurrenceRecord, now: Instant) {
        match status_of(rec, now) {
            Status::History => {}
            status @ (Status::OpenNotDue | Status::OpenOverdue) => {
                self.add_open(status, days_overdue(rec, now), rec.extension.is_some())
            }
            // The outcome as the tallies keep it.
            _ => {
                if let Some((_, closed)) = crate::store::closed_outcome(rec) {
                    self.add_closed(&closed);
                }
            }
        }
    }

    /// Adds closed outcomes (done on time or late, waived, cancelled) as the tallies keep them.
    pub fn add_closed(&mut self, c: &Closed) {
        let n = |v: i64| u32::try_from(v).unwrap_or(0);
        self.done_on_time += n(c.done_on_time);
        self.done_late += n(c.done_late);
        self.late_days += c.late_days;
        self.waived += n(c.waived);
        self.cancelled += n(c.cancelled);
        self.extended += n(c.extended);
    }

    /// Adds one open occurrence judged at `now`.
    fn add_open(&mut self, status: Status, days_overdue: i64, extended: bool) {
        if status == Status::OpenOverdue {
            self.open_overdue += 1;
            self.overdue_days += days_overdue;
        } else {
            self.open_not_due += 1;
        }
        if extended {
            self.extended += 1;
        }
    }

    /// Adds the open counts of `other` (the live occurrences counted apart).
    fn add_open_of(&mut self, other: &Counts) {
        self.open_overdue += other.open_overdue;
        self.overdue_days += other.overdue_days;
        self.open_not_due += other.open_not_due;
        self.extended += other.extended;
    }

    fn finish(mut self) -> Self {
        let ratio =
            |a: i64, b: u32| (b > 0).then(|| (a as f64 / f64::from(b) * 100.0).round() / 100.0);
        let fell_due = self.done_on_time + self.done_late + self.open_overdue;
        self.on_time_rate = (fell_due > 0).then(|| {
            (f64::from(self.done_on_time) / f64::from(fell_due) * 10_000.0).round() / 10_000.0
        });
        self.avg_days_late = ratio(self.late_days, self.done_late);
        self.avg_days_overdue = ratio(self.overdue_days, self.open_overdue);
        self
    }
}

/// One unit's (or plan's) line of the statistics.
#[derive(Debug, Clone, Serialize)]
pub struct StatsLine {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Statistics over the occurrences whose original deadline falls in a range.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// When the open ones were judged (RFC 3339).
    pub as_of: String,
    pub total: Counts,
    /// Per unit, by name.
    pub units: Vec<StatsLine>,
    /// Per plan, by id.
    pub plans: Vec<StatsLine>,
}

/// Statistics being gathered: from records, or from the store's tallies and live index.
#[derive(Debug, Default)]
pub struct StatsBuilder {
    total: Counts,
    per_unit: BTreeMap<String, Counts>,
    per_plan: BTreeMap<String, Counts>,
}

impl StatsBuilder {
    /// Adds `rec` when its original deadline's last day is in `[from, to]` and it is owed by one
    /// of `units` (None: any); history is left out (its outcome is unknown).
    pub fn add_record(
        &mut self,
        rec: &OccurrenceRecord,
        now: Instant,
        from: NaiveDate,
        to: NaiveDate,
        units: Option<&[UnitId]>,
    ) {
        let day = last_day_of(&rec.due);
        if day < from || day > to || rec.state == OccurrenceState::History {
            return;
        }
        if units.is_some_and(|u| !u.iter().any(|x| x.as_str() == rec.assignee)) {
            return;
        }
        self.total.add(rec, now);
        self.per_unit
            .entry(rec.assignee.clone())
            .or_default()
            .add(rec, now);
        self.per_plan
            .entry(rec.plan.clone())
            .or_default()
            .add(rec, now);
    }

    /// Adds one unit's closed outcomes (and to the total: each closed occurrence is one unit's).
    pub fn add_closed_unit(&mut self, unit: &str, c: &Closed) {
        self.total.add_closed(c);
        self.per_unit
            .entry(unit.to_owned())
            .or_default()
            .add_closed(c);
    }

    /// Adds one plan's closed outcomes (not to the total: see `add_closed_unit`).
    pub fn add_closed_plan(&mut self, plan: &str, c: &Closed) {
        self.per_plan
            .entry(plan.to_owned())
            .or_default()
            .add_closed(c);
    }

    /// Adds the live occurrences under the same conditions as `add_record` (only an open one
    /// counts here: a submitted one is among the closed outcomes). Counted per unit and plan by
    /// their shared names first (a nation's page counts a hundred thousand of them), then
    /// added to the lines by name.
    pub fn add_lives<'a>(
        &mut self,
        lives: impl IntoIterator<Item = &'a Live>,
        now: Instant,
        from: NaiveDate,
        to: NaiveDate,
        units: Option<&[UnitId]>,
    ) {
        let units: Option<HashSet<&str>> = units.map(|u| u.iter().map(UnitId::as_str).collect());
        let (at, today) = (Moment::of(&now), now.date_naive());
        let mut last_days = LastDays::default();
        // By the address of the shared name (equal names share it; if two did not, their
        // lines would still be added together by name below).
        let mut per_unit: HashMap<*const u8, (&Arc<str>, Counts)> = HashMap::new();
        let mut per_plan: HashMap<*const u8, (&Arc<str>, Counts)> = HashMap::new();
        for l in lives {
            if l.state != OccurrenceState::Open {
                continue;
            }
            let day = last_days.of(l.due);
            if day < from || day > to || units.as_ref().is_some_and(|u| !u.contains(&*l.assignee)) {
                continue;
            }
            let status = status(&l.facts(), at);
            let days = match status {
                Status::OpenOverdue => last_days.days_after(l.due_in_force, today),
                _ => 0,
            };
            self.total.add_open(status, days, l.extended);
            for (map, name) in [(&mut per_unit, &l.assignee), (&mut per_plan, &l.plan)] {
                map.entry(Arc::as_ptr(name).cast::<u8>())
                    .or_insert_with(|| (name, Counts::default()))
                    .1
                    .add_open(status, days, l.extended);
            }
        }
        for (lines, counted) in [
            (&mut self.per_unit, per_unit),
            (&mut self.per_plan, per_plan),
        ] {
            for (name, c) in counted.into_values() {
                match lines.get_mut(&**name) {
                    Some(line) => line.add_open_of(&c),
                    None => lines.entry(name.to_string()).or_default().add_open_of(&c),
                }
            }
        }
    }

    /// The statistics, with names from `world`.
    pub fn finish(self, world: &World, now: Instant, from: NaiveDate, to: NaiveDate) -> Stats {
        let unit_name = |id: &str| {
            UnitId::parse(id)
                .map(|u| world.directory.name(&u).to_owned())
                .unwrap_or_else(|_| id.to_owned())
        };
        let plan_name = |id: &str| {
            world
                .plan(id)
                .map(|p| p.title.clone())
                .unwrap_or_else(|| id.to_owned())
        };
        let lines = |m: BTreeMap<String, Counts>, name: &dyn Fn(&str) -> String| {
            m.into_iter()
                .map(|(id, c)| StatsLine {
                    name: name(&id),
                    id,
                    counts: c.finish(),
                })
                .collect::<Vec<_>>()
        };
        let mut units_out = lines(self.per_unit, &unit_name);
        units_out.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        Stats {
            from,
            to,
            as_of: now.to_rfc3339(),
            total: self.total.finish(),
            units: units_out,
            plans: lines(self.per_plan, &plan_name),
        }
    }
}

/// Statistics of `records` whose original deadline's last day is in `[from, to]` (history
/// excluded: its outcome is unknown), restricted to `units` when given.
pub fn stats(
    world: &World,
    records: &[OccurrenceRecord],
    now: Instant,
    from: NaiveDate,
    to: NaiveDate,
    units: Option<&[UnitId]>,
) -> Stats {
    let mut b = StatsBuilder::default();
    for rec in records {
        b.add_record(rec, now, from, to, units);
    }
    b.finish(world, now, from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;
    use crate::store::Submission;

    fn at(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }

    fn rec(state: OccurrenceState, submitted: Option<&str>) -> OccurrenceRecord {
        OccurrenceRecord {
            id: "kh/ob/xa/2024-Q1".into(),
            due: crate::domain::time::parse_instant("2024-03-13T00:00:00+07:00").unwrap(),
            state,
            submission: submitted.map(|s| Submission {
                at: parse_instant(s).unwrap(),
                by: "xa".into(),
                document: None,
                note: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_four_states() {
        use OccurrenceState::*;
        let before = at("2024-03-10T09:00:00+07:00");
        let after = at("2024-03-20T09:00:00+07:00");
        let cases = [
            (rec(Open, None), before, Status::OpenNotDue),
            (rec(Open, None), after, Status::OpenOverdue),
            (
                rec(Submitted, Some("2024-03-12T16:00:00+07:00")),
                after,
                Status::DoneOnTime,
            ),
            (
                rec(Confirmed, Some("2024-03-13T08:00:00+07:00")),
                after,
                Status::DoneLate,
            ),
            (rec(Waived, None), after, Status::Waived),
            (rec(History, None), after, Status::History),
        ];
        for (r, now, want) in cases {
            assert_eq!(status_of(&r, now), want, "{:?} at {now}", r.state);
        }
    }

    #[test]
    fn an_extension_moves_overdue_but_not_the_statistics() {
        let mut r = rec(OccurrenceState::Open, None);
        r.extension = Some(Extension {
            due: crate::domain::time::parse_instant("2024-03-26T00:00:00+07:00").unwrap(),
            number: 1,
            decision: Decision {
                at: crate::domain::time::parse_instant("2024-03-11T09:00:00+07:00").unwrap(),
                by: "admin".into(),
                reason: Some("x".into()),
            },
        });
        let now = at("2024-03-20T09:00:00+07:00");
        assert_eq!(status_of(&r, now), Status::OpenNotDue);
        assert_eq!(days_overdue(&r, now), 0);
        r.state = OccurrenceState::Submitted;
        r.submission = rec(
            OccurrenceState::Submitted,
            Some("2024-03-22T09:00:00+07:00"),
        )
        .submission;
        assert_eq!(status_of(&r, now), Status::DoneLate);
        assert_eq!(days_late(&r), Some(10));
    }

    #[test]
    fn counts_rates_and_lateness() {
        use OccurrenceState::*;
        let now = at("2024-03-20T09:00:00+07:00");
        let mut c = Counts::default();
        for r in [
            rec(Submitted, Some("2024-03-12T16:00:00+07:00")),
            rec(Submitted, Some("2024-03-14T16:00:00+07:00")),
            rec(Open, None),
            rec(History, None),
            rec(Cancelled, None),
        ] {
            c.add(&r, now);
        }
        let c = c.finish();
        assert_eq!((c.done_on_time, c.done_late, c.open_overdue), (1, 1, 1));
        assert_eq!(c.cancelled, 1);
        assert_eq!(c.on_time_rate, Some(0.3333));
        assert_eq!(c.avg_days_late, Some(2.0));
        assert_eq!(c.avg_days_overdue, Some(8.0));
        assert_eq!(Counts::default().finish().on_time_rate, None);
    }
}

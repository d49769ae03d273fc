//! The scheduler step: `tick(now)` ingests occurrences and turns the policy's decisions into outbox entries.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, Duration};

use crate::domain::ids::{ObligationId, PlanId, UnitId};
use crate::domain::model::Obligation;
use crate::domain::occurrence::{last_day_of, parties, period_label, Occurrence};
use crate::domain::policy::{decide, plan_notifications};
use crate::domain::time::{at, midnight, Instant, ZONE};
use crate::schedule::World;
use crate::store::{
    AuditEntry, DeliveryState, EntryKind, OccurrenceRecord, OccurrenceState, OutboxEntry, Store,
    StoreError,
};

/// Who the audit log names for changes dondoc makes itself.
const SELF: &str = "dondoc";

/// The next thing the scheduler will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextAction {
    pub at: Instant,
    /// e.g. `reminder-7 for <occurrence id>` or `weekly digest`.
    pub what: String,
}

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Occurrences stored for the first time (open or history).
    pub new_occurrences: usize,
    /// Open occurrences cancelled because their obligation left the schedules.
    pub cancelled: usize,
    /// Keys of outbox entries created by this tick.
    pub enqueued: Vec<String>,
    /// Stage keys passed over in catch-up (`<occurrence>#<stage>`).
    pub skipped: Vec<String>,
    pub next: Option<NextAction>,
}

impl TickReport {
    fn wake(&mut self, at: Instant, what: impl FnOnce() -> String) {
        if self.next.as_ref().is_none_or(|n| at < n.at) {
            self.next = Some(NextAction { at, what: what() });
        }
    }
}

fn rfc3339(i: &Instant) -> String {
    i.to_rfc3339()
}

fn parse(s: &str) -> Option<Instant> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&ZONE))
}

/// How far ahead occurrences are stored: beyond the earliest reminder of the obligation.
fn horizon(ob: &Obligation) -> Duration {
    let before = ob
        .policy
        .remind_before_working_days
        .iter()
        .max()
        .copied()
        .unwrap_or(0);
    Duration::days(i64::from(before) * 2 + 30)
}

/// One coordinator's digest: overdue items by unit (with days overdue), and upcoming items.
type DigestItems = (
    BTreeMap<UnitId, Vec<(i64, serde_json::Value)>>,
    Vec<(Instant, serde_json::Value)>,
);

/// The scheduler over one loaded world and the store.
pub struct Scheduler {
    store: Arc<Store>,
    world: Arc<World>,
    /// Per obligation: occurrences due before this instant are stored.
    materialized: BTreeMap<(PlanId, ObligationId), Instant>,
}

impl Scheduler {
    pub fn new(store: Arc<Store>, world: Arc<World>) -> Self {
        Self {
            store,
            world,
            materialized: BTreeMap::new(),
        }
    }

    pub fn world(&self) -> &Arc<World> {
        &self.world
    }

    /// One step at `now`: store new occurrences (and, on the first step for this world, cancel
    /// those whose obligation is gone), enqueue the notifications now due, and say when the
    /// next one falls due. Running it twice at the same instant creates nothing new. The caller
    /// flushes the store afterwards.
    pub fn tick(&mut self, now: Instant) -> Result<TickReport, StoreError> {
        let mut report = TickReport::default();
        let first = self.materialized.is_empty();
        let generated = self.materialize(now, first, &mut report)?;
        if first {
            self.reconcile(now, &generated, &mut report)?;
        }
        let open = self.store.open_occurrences()?;
        self.notify(&open, now, &mut report)?;
        self.digest(&open, now, &mut report)?;
        Ok(report)
    }

    fn audit(
        &self,
        now: Instant,
        id: &str,
        what: &str,
        before: &str,
        after: &str,
    ) -> Result<(), StoreError> {
        self.store.append_audit(&AuditEntry {
            at: rfc3339(&now),
            who: SELF.to_owned(),
            what: what.to_owned(),
            occurrence: id.to_owned(),
            before: Some(before.to_owned()),
            after: Some(after.to_owned()),
        })
    }

    /// Stores every occurrence due up to the horizon that is not stored yet; updates the due
    /// instant and wording of stored ones the schedule changed. Returns the ids generated (all
    /// of them on the first pass).
    fn materialize(
        &mut self,
        now: Instant,
        first: bool,
        report: &mut TickReport,
    ) -> Result<BTreeSet<String>, StoreError> {
        let world = self.world.clone();
        let mut generated = BTreeSet::new();
        for plan in &world.plans {
            let tracked = self.store.track_plan(plan.id.as_str(), &rfc3339(&now))?;
            let first_tracked = parse(&tracked.first_tracked).unwrap_or(now);
            for ob in &plan.obligations {
                let key = (plan.id.clone(), ob.id.clone());
                let from = self
                    .materialized
                    .get(&key)
                    .copied()
                    .unwrap_or_else(|| midnight(plan.valid_from.min(ob.valid_from)));
                let until = now + horizon(ob);
                if from >= until {
                    continue;
                }
                for occ in world.occurrences(plan, ob, from, until) {
                    let id = occ.id();
                    self.store_occurrence(&occ, &id, first_tracked, now, report)?;
                    if first {
                        generated.insert(id);
                    }
                }
                self.materialized.insert(key, until);
            }
        }
        Ok(generated)
    }

    fn store_occurrence(
        &self,
        occ: &Occurrence,
        id: &str,
        first_tracked: Instant,
        now: Instant,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let due = rfc3339(&occ.due);
        match self.store.occurrence(id)? {
            None => {
                let state = if occ.due < first_tracked {
                    OccurrenceState::History
                } else {
                    OccurrenceState::Open
                };
                self.store.put_occurrence(&OccurrenceRecord {
                    id: id.to_owned(),
                    plan: occ.plan.to_string(),
                    obligation: occ.obligation.to_string(),
                    assignee: occ.assignee.to_string(),
                    period: occ.period.clone(),
                    due,
                    wording: occ.wording.clone(),
                    inferred: occ.inferred,
                    state,
                    handled: Vec::new(),
                    ..Default::default()
                })?;
                report.new_occurrences += 1;
            }
            Some(rec) => {
                let reinstate = rec.state == OccurrenceState::Cancelled
                    && self
                        .store
                        .audit_of(id)?
                        .last()
                        .is_some_and(|a| a.who == SELF && a.what == "cancelled");
                if rec.due != due || rec.wording != occ.wording || reinstate {
                    let written = self.store.update_occurrence(id, |r| {
                        r.due = due.clone();
                        r.wording = occ.wording.clone();
                        r.inferred = occ.inferred;
                        if reinstate && r.state == OccurrenceState::Cancelled {
                            r.state = OccurrenceState::Open;
                        }
                        true
                    })?;
                    if reinstate && written.is_some_and(|r| r.state == OccurrenceState::Open) {
                        self.audit(now, id, "reinstated", "cancelled", "open")?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Cancels open occurrences that the schedules no longer produce: their plan, obligation or
    /// assignee is gone, or the rule no longer gives that period. Never deletes.
    fn reconcile(
        &self,
        now: Instant,
        generated: &BTreeSet<String>,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        for tracked in self.store.tracked_plans()? {
            for rec in self.store.occurrences_of_plan(&tracked.id)? {
                if rec.state != OccurrenceState::Open || generated.contains(&rec.id) {
                    continue;
                }
                let gone = match self.world.obligation(&rec.plan, &rec.obligation) {
                    None => true,
                    // Stored from an earlier run further ahead: not regenerated yet, still valid.
                    Some((p, o)) => parse(&rec.due).is_some_and(|due| {
                        due < self
                            .materialized
                            .get(&(p.id.clone(), o.id.clone()))
                            .copied()
                            .unwrap_or(now)
                    }),
                };
                let cancel = |r: &mut OccurrenceRecord| {
                    let open = r.state == OccurrenceState::Open;
                    r.state = OccurrenceState::Cancelled;
                    open
                };
                if gone && self.store.update_occurrence(&rec.id, cancel)?.is_some() {
                    self.audit(now, &rec.id, "cancelled", "open", "cancelled")?;
                    report.cancelled += 1;
                }
            }
        }
        Ok(())
    }

    /// Enqueues, for every open occurrence, the latest notification now due if it was not sent.
    fn notify(
        &self,
        open: &[OccurrenceRecord],
        now: Instant,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let world = &self.world;
        for rec in open {
            let Some((plan, ob)) = world.obligation(&rec.plan, &rec.obligation) else {
                continue;
            };
            let Some(occ) = crate::ledger::occurrence_of(rec, plan, ob) else {
                continue;
            };
            let p = parties(ob, &occ.assignee, &world.directory);
            let planned = plan_notifications(
                &occ,
                &p,
                &ob.policy,
                &world.calendar,
                midnight(plan.known_since()),
            );
            let handled: HashSet<&str> = rec.handled_now().collect();
            let decision = decide(&planned, &|k| handled.contains(k), now);
            if let Some(wake) = decision.wake_at {
                let next = planned.iter().find(|n| n.at == wake);
                report.wake(wake, || {
                    format!(
                        "{} for {}",
                        next.map(|n| n.key()).unwrap_or_default(),
                        rec.id
                    )
                });
            }
            let Some(send) = decision.send else {
                continue;
            };
            let stage = send.key();
            let recorded = rec.stage_key(&stage);
            // A recipient, via or escalation target may be a group: each member is told.
            let mut units: Vec<UnitId> = Vec::new();
            for u in send.to.iter().flat_map(|u| world.directory.expand(u)) {
                if !units.contains(&u) {
                    units.push(u);
                }
            }
            for unit in &units {
                let entry = OutboxEntry {
                    key: rec.outbox_key(&stage, unit.as_str()),
                    kind: EntryKind::Notification,
                    occurrence: rec.id.clone(),
                    stage: stage.clone(),
                    unit: unit.to_string(),
                    at: rfc3339(&send.at),
                    delivery: DeliveryState::Pending,
                    attempts: 0,
                    payload: None,
                };
                if self.store.enqueue(&entry)? {
                    report.enqueued.push(entry.key);
                }
            }
            let skipped: Vec<String> = decision
                .skipped
                .iter()
                .map(|s| rec.stage_key(&s.key()))
                .collect();
            for s in &skipped {
                report.skipped.push(format!("{}#{s}", rec.id));
            }
            // Only while still open: a submission recorded meanwhile wins.
            self.store.update_occurrence(&rec.id, |r| {
                // An extension approved meanwhile starts its own stages.
                let same = r.state == OccurrenceState::Open && r.extension == rec.extension;
                if same {
                    r.handled.push(recorded.clone());
                    r.handled.extend(skipped.iter().cloned());
                }
                same
            })?;
        }
        Ok(())
    }

    /// The weekly digest: on the first working day from the configured weekday, at the reminder
    /// time, one entry per coordinator with anything overdue or due soon.
    fn digest(
        &self,
        open: &[OccurrenceRecord],
        now: Instant,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let world = &self.world;
        let settings = &world.config.daemon.digest;
        if !settings.enabled {
            return Ok(());
        }
        let time = world.config.policy.reminder_time;
        let send_at = |monday: chrono::NaiveDate| -> Option<Instant> {
            let offset = u64::from(settings.weekday.num_days_from_monday());
            let day = world
                .calendar
                .working_day_on_or_after(monday + Days::new(offset));
            (day < monday + Days::new(7)).then(|| at(day, time))
        };
        let today = now.date_naive();
        let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        let next_monday = monday + Days::new(7);
        if let Some(next) = (0..4).find_map(|w| send_at(next_monday + Days::new(7 * w))) {
            report.wake(next, || "weekly digest".to_owned());
        }
        let Some(this_week) = send_at(monday) else {
            return Ok(());
        };
        if now < this_week {
            report.wake(this_week, || "weekly digest".to_owned());
            return Ok(());
        }
        // A digest is news only on its day: after a longer downtime the week's one is dropped.
        if now >= this_week + Duration::days(1) {
            return Ok(());
        }
        let iso = monday.iso_week();
        let week = format!("{}-W{:02}", iso.year(), iso.week());
        let ahead = now + Duration::days(i64::from(settings.ahead_days));

        let mut per: BTreeMap<UnitId, DigestItems> = BTreeMap::new();
        for rec in open {
            let Some((_, ob)) = world.obligation(&rec.plan, &rec.obligation) else {
                continue;
            };
            let (Some(due), Ok(assignee)) =
                (parse(rec.effective_due()), UnitId::parse(&rec.assignee))
            else {
                continue;
            };
            if due > ahead {
                continue;
            }
            let coordinator = parties(ob, &assignee, &world.directory).coordinator;
            let name = world.directory.name(&assignee).to_owned();
            // A coordinating group: each member gets the digest.
            for member in world.directory.expand(&coordinator) {
                let entry = per.entry(member).or_default();
                if due <= now {
                    let days = (today - last_day_of(&due)).num_days().max(0);
                    entry.0.entry(assignee.clone()).or_default().push((
                        days,
                        serde_json::json!({
                            "id": rec.id, "title": ob.title, "period_label": period_label(&rec.period),
                            "deadline": rec.wording, "days_overdue": days,
                        }),
                    ));
                } else {
                    let days_left = (due - now).num_seconds().div_euclid(86_400) + 1;
                    entry.1.push((
                        due,
                        serde_json::json!({
                            "id": rec.id, "unit_name": name, "title": ob.title,
                            "period_label": period_label(&rec.period), "deadline": rec.wording,
                            "days_left": days_left,
                        }),
                    ));
                }
            }
        }
        for (coordinator, (overdue, mut upcoming)) in per {
            let key = format!("digest/{coordinator}/{week}");
            if self.store.outbox_entry(&key)?.is_some() {
                continue;
            }
            let overdue_count: usize = overdue.values().map(Vec::len).sum();
            let mut groups: Vec<serde_json::Value> = overdue
                .into_iter()
                .map(|(unit, mut items)| {
                    items.sort_by_key(|i| std::cmp::Reverse(i.0));
                    serde_json::json!({
                        "unit": unit.as_str(),
                        "unit_name": world.directory.name(&unit),
                        "items": items.into_iter().map(|(_, i)| i).collect::<Vec<_>>(),
                    })
                })
                .collect();
            groups.sort_by_key(|g| g["unit_name"].as_str().unwrap_or_default().to_owned());
            upcoming.sort_by_key(|(due, _)| *due);
            let payload = serde_json::json!({
                "week": week,
                "week_label": format!("{}/{}", iso.week(), iso.year()),
                "as_of": now.format("%H:%M ngày %d/%m/%Y").to_string(),
                "ahead_days": settings.ahead_days,
                "overdue_count": overdue_count,
                "upcoming_count": upcoming.len(),
                "overdue": groups,
                "upcoming": upcoming.into_iter().map(|(_, i)| i).collect::<Vec<_>>(),
            });
            let entry = OutboxEntry {
                key: key.clone(),
                kind: EntryKind::Digest,
                occurrence: String::new(),
                stage: "digest".to_owned(),
                unit: coordinator.to_string(),
                at: rfc3339(&this_week),
                delivery: DeliveryState::Pending,
                attempts: 0,
                payload: Some(payload),
            };
            if self.store.enqueue(&entry)? {
                report.enqueued.push(key);
            }
        }
        Ok(())
    }
}

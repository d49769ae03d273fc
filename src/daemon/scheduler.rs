//! The scheduler step: `tick(now)` ingests occurrences and, at send times only (office hours),
//! turns the policy's decisions into outbox entries for that send time.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{Datelike, Days, Duration};
use sha2::{Digest, Sha256};

use crate::domain::ids::{ObligationId, PlanId, UnitId};
use crate::domain::model::{Obligation, Plan};
use crate::domain::notices::decide;
use crate::domain::occurrence::{last_day_of, moved_note, parties_on, period_label, Occurrence};
use crate::domain::office::SendTimes;
use crate::domain::time::{at, midnight, parse_instant, Instant};
use crate::schedule::World;
use crate::store::{
    AuditEntry, Decision, DeliveryState, EntryKind, IngestMark, OccurrenceRecord, OccurrenceState,
    OutboxEntry, Store, StoreError,
};

/// New records gathered for one store transaction (see `Scheduler::store_occurrence`).
#[derive(Default)]
struct Batch(Vec<OccurrenceRecord>);

/// The most new records written in one store transaction.
const BATCH: usize = 2000;

/// Who the audit log names for changes dondoc makes itself.
const SELF: &str = "dondoc";

/// The store's channel-state name of the send time being handled (see [`SlotMark`]).
const SLOT_STATE: &str = "scheduler_send_time";

/// A start this soon after a send time still counts as at that send time.
const START_GRACE: chrono::Duration = chrono::Duration::minutes(15);

/// The send time whose messages the scheduler is enqueueing (`done` false) or has enqueued: a
/// restart in the middle finishes it rather than waiting for the next one.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct SlotMark {
    slot: String,
    done: bool,
}

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

/// What identifies an occurrence as stored: its id, due instant, wording and whether the due
/// date was inferred. A change to any of them changes the obligation's fingerprint sum.
fn fingerprint(occ: &Occurrence) -> u64 {
    let mut h = Sha256::new();
    h.update(b"dondoc-ingest-v1\0");
    h.update(occ.id().as_bytes());
    h.update([0]);
    h.update(rfc3339(&occ.due).as_bytes());
    h.update([0]);
    h.update(occ.wording.as_bytes());
    h.update([u8::from(occ.inferred)]);
    // Only when present, so that the fingerprints of ordinary occurrences stay as they were.
    if let Some(reason) = &occ.ended {
        h.update(b"\0ended\0");
        h.update(reason.as_bytes());
    }
    for m in &occ.moved_from {
        h.update(b"\0moved\0");
        h.update(m.as_str().as_bytes());
    }
    let digest = h.finalize();
    u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// Count and wrapping fingerprint sum of some occurrences (order does not matter).
fn summary<'a>(occs: impl Iterator<Item = &'a Occurrence>) -> (u64, u64) {
    occs.fold((0, 0), |(n, s), o| (n + 1, s.wrapping_add(fingerprint(o))))
}

fn rfc3339(i: &Instant) -> String {
    i.to_rfc3339()
}

fn parse(s: &str) -> Option<Instant> {
    parse_instant(s).ok()
}

/// How far ahead occurrences are stored: beyond the earliest reminder of the obligation, and
/// never less than the six weeks or so the store held before reminders depended on the period
/// (so shorter period policies do not change what the store, the page and the API show ahead).
fn horizon(ob: &Obligation) -> Duration {
    let before = ob
        .policy
        .remind_before_working_days
        .iter()
        .max()
        .copied()
        .unwrap_or(0)
        .max(7);
    Duration::days(i64::from(before) * 2 + 30)
}

/// One coordinator's digest: overdue items by unit (with days overdue), and upcoming items.
type DigestItems = (
    BTreeMap<UnitId, Vec<(i64, serde_json::Value)>>,
    Vec<(Instant, serde_json::Value)>,
);

/// How many open occurrences a tick decodes at a time.
const PAGE: usize = 1000;

/// This week's digest while a tick collects it.
struct DigestRun {
    /// When it is due.
    this_week: Instant,
    /// The Monday of its week.
    monday: chrono::NaiveDate,
    /// Upcoming items up to this instant are listed.
    ahead: Instant,
    per: BTreeMap<UnitId, DigestItems>,
}

/// The scheduler over one loaded world and the store.
pub struct Scheduler {
    store: Arc<Store>,
    world: Arc<World>,
    /// Per obligation: occurrences due before this instant are stored.
    materialized: BTreeMap<(PlanId, ObligationId), Instant>,
    /// Per obligation: what is stored, as kept in the store's ingest marks.
    marks: BTreeMap<(PlanId, ObligationId), IngestMark>,
    /// Whether the first step (ingest against the marks, cancelling what is gone) has run.
    started: bool,
    /// The next send time to handle; `None` until the first step sets it.
    next_slot: Option<Instant>,
}

impl Scheduler {
    pub fn new(store: Arc<Store>, world: Arc<World>) -> Self {
        Self {
            store,
            world,
            materialized: BTreeMap::new(),
            marks: BTreeMap::new(),
            started: false,
            next_slot: None,
        }
    }

    fn times(&self) -> SendTimes<'_> {
        crate::query::send_times(&self.world)
    }

    /// The first send time this scheduler handles: one a crash interrupted, the current one
    /// when started at it, else the next.
    fn first_slot(&self, now: Instant) -> Result<Instant, StoreError> {
        let times = self.times();
        let last = times.at_or_before(now);
        let mark: Option<SlotMark> = self.store.channel_state(SLOT_STATE)?;
        let interrupted = mark
            .filter(|m| !m.done)
            .and_then(|m| parse(&m.slot))
            .is_some_and(|s| s == last);
        if interrupted || times.is_send_time(now, START_GRACE) {
            return Ok(last);
        }
        Ok(times.after(now))
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
        let first = !self.started;
        self.materialize(now, first, &mut report)?;
        self.started = true;
        let next_slot = match self.next_slot {
            Some(s) => s,
            None => self.first_slot(now)?,
        };
        // Office hours: messages are enqueued only at a send time, for that send time.
        let slot = (now >= next_slot).then(|| self.times().at_or_before(now));
        let floor = slot.map_or(next_slot, |s| self.times().after(s));
        if let Some(s) = slot {
            let mark = SlotMark {
                slot: rfc3339(&s),
                done: false,
            };
            self.store.put_channel_state(SLOT_STATE, &mark)?;
        }
        // The open occurrences a page at a time: a national store holds hundreds of thousands,
        // and decoding them all at once would keep that much heap for the daemon's life.
        let mut digest = self.digest_start(slot, floor, &mut report);
        let mut after: Option<String> = None;
        loop {
            let (page, next) = self.store.open_occurrences_page(after.as_deref(), PAGE)?;
            self.notify(&page, now, slot, floor, &mut report)?;
            if let Some(d) = &mut digest {
                self.digest_add(d, &page, d.this_week);
            }
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        if let Some(d) = digest {
            self.digest_finish(d, &mut report)?;
        }
        // Every send time is a step, something due or not: the status (and the page's "now")
        // moves on each working day, and a catch-up never waits longer than a day.
        report.wake(floor, || "next send time".to_owned());
        self.reslot(slot.unwrap_or(floor), now)?;
        if let Some(s) = slot {
            let mark = SlotMark {
                slot: rfc3339(&s),
                done: true,
            };
            self.store.put_channel_state(SLOT_STATE, &mark)?;
        }
        self.next_slot = Some(floor);
        Ok(report)
    }

    /// Moves entries never tried whose send time passed without them going out (the daemon
    /// was down, or stopped mid-round) to `slot`, the current or next send time: they go out
    /// in that send time's message, never outside office hours. Notices to the administrator
    /// go out at once and are left alone; so are entries in flight at a crash (resent as they
    /// were, with the same Message-ID).
    fn reslot(&self, slot: Instant, now: Instant) -> Result<(), StoreError> {
        for mut e in self.store.undelivered()? {
            if e.kind == EntryKind::Admin || e.delivery != DeliveryState::Pending {
                continue;
            }
            let Some(at) = parse(&e.at) else { continue };
            if at != slot && at <= now {
                // Never to a unit that has ended by the day of the send time it moves to (the
                // daemon was down across a reorganisation): the entry no longer applies.
                let day = slot.date_naive();
                let ended = UnitId::parse(&e.unit).is_ok_and(|u| {
                    !self
                        .world
                        .directory
                        .receivers_on(std::slice::from_ref(&u), day)
                        .contains(&u)
                });
                if ended {
                    e.delivery = DeliveryState::Skipped {
                        reason: format!("{} no longer exists on {day}", e.unit),
                    };
                } else {
                    e.at = rfc3339(&slot);
                }
                self.store.update_entry(&e)?;
            }
        }
        Ok(())
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
            at: now,
            who: SELF.to_owned(),
            what: what.to_owned(),
            occurrence: id.to_owned(),
            before: Some(before.to_owned()),
            after: Some(after.to_owned()),
        })
    }

    /// Stores every occurrence due up to the horizon that is not stored yet; updates the due
    /// instant and wording of stored ones the schedule changed. On the first step for this
    /// world, checks each obligation against its ingest mark and cancels what the schedules no
    /// longer produce (see `ingest`).
    fn materialize(
        &mut self,
        now: Instant,
        first: bool,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let world = self.world.clone();
        for plan in &world.plans {
            let tracked = self.store.track_plan(plan.id.as_str(), &rfc3339(&now))?;
            let first_tracked = parse(&tracked.first_tracked).unwrap_or(now);
            for ob in &plan.obligations {
                let key = (plan.id.clone(), ob.id.clone());
                let start = midnight(plan.valid_from.min(ob.valid_from));
                if first {
                    self.ingest(plan, ob, start, first_tracked, now, report)?;
                    continue;
                }
                let from = self.materialized.get(&key).copied().unwrap_or(start);
                let until = now + horizon(ob);
                if from >= until {
                    continue;
                }
                let mut mark = self.marks.remove(&key).unwrap_or_default();
                let occs = world.occurrences(plan, ob, from, until);
                let mut batch = Batch::default();
                for occ in &occs {
                    self.store_occurrence(occ, &occ.id(), first_tracked, now, &mut batch, report)?;
                    mark.count += 1;
                    mark.sum = mark.sum.wrapping_add(fingerprint(occ));
                }
                self.write_batch(&mut batch)?;
                mark.through = rfc3339(&until);
                // Written after the records it covers: a crash in between leaves records past
                // the stored `through`, which the next first step stores again (idempotent).
                // Without new occurrences the stored mark (an earlier `through`) still holds.
                if !occs.is_empty() {
                    self.store
                        .set_ingest_mark(plan.id.as_str(), ob.id.as_str(), Some(&mark))?;
                }
                self.marks.insert(key.clone(), mark);
                self.materialized.insert(key, until);
            }
        }
        if first {
            self.cancel_gone(now, report)?;
        }
        Ok(())
    }

    /// The first step for one obligation. When the occurrences the schedules give up to the
    /// stored mark's `through` are the ones stored then (same count and fingerprint sum), only
    /// later ones are stored: a restart or reload with unchanged schedules reads none of the
    /// obligation's stored records. Otherwise every stored record of the obligation is read:
    /// each generated occurrence is stored or updated, and open records no longer generated
    /// are cancelled (never deleted).
    fn ingest(
        &mut self,
        plan: &Plan,
        ob: &Obligation,
        start: Instant,
        first_tracked: Instant,
        now: Instant,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let world = self.world.clone();
        let stored_mark = self
            .store
            .ingest_mark(plan.id.as_str(), ob.id.as_str())?
            .and_then(|m| parse(&m.through).map(|t| (m, t)));
        // Never less than what is already stored.
        let mut until = now + horizon(ob);
        if let Some((_, t)) = &stored_mark {
            until = until.max(*t);
        }
        let mut occs = world.occurrences(plan, ob, start, until);
        let unchanged = stored_mark.as_ref().is_some_and(|(m, t)| {
            let (count, sum) = summary(occs.iter().filter(|o| o.due < *t));
            count == m.count && sum == m.sum
        });
        let (count, sum) = if let (true, Some((m, t))) = (unchanged, &stored_mark) {
            let later: Vec<&Occurrence> = occs.iter().filter(|o| o.due >= *t).collect();
            let mut batch = Batch::default();
            for occ in &later {
                self.store_occurrence(occ, &occ.id(), first_tracked, now, &mut batch, report)?;
            }
            self.write_batch(&mut batch)?;
            // The mark's own count and sum cover the rest.
            let (n, s) = summary(later.into_iter());
            (m.count + n, m.sum.wrapping_add(s))
        } else {
            let stored = self
                .store
                .occurrences_of_obligation(plan.id.as_str(), ob.id.as_str())?;
            // Records stored further ahead (an earlier, longer horizon) are checked too.
            if let Some(latest) = stored.iter().map(|r| r.due).max() {
                if latest >= until {
                    until = latest + Duration::seconds(1);
                    occs = world.occurrences(plan, ob, start, until);
                }
            }
            let mut generated = HashSet::with_capacity(occs.len());
            // A record owed by a unit that has since ended: id → where its duty went.
            let mut moved: BTreeMap<String, String> = BTreeMap::new();
            let mut batch = Batch::default();
            for occ in &occs {
                let id = occ.id();
                self.store_occurrence(occ, &id, first_tracked, now, &mut batch, report)?;
                generated.insert(id);
                for m in &occ.moved_from {
                    let old = format!("{}/{}/{}/{}", occ.plan, occ.obligation, m, occ.period);
                    let to = world.directory.name(&occ.assignee).to_owned();
                    moved
                        .entry(old)
                        .and_modify(|t| {
                            t.push_str(", ");
                            t.push_str(&to);
                        })
                        .or_insert(to);
                }
            }
            self.write_batch(&mut batch)?;
            for rec in stored {
                if rec.state == OccurrenceState::Open && !generated.contains(&rec.id) {
                    let reason = moved
                        .get(&rec.id)
                        .map(|to| format!("Chuyển sang {to} do sắp xếp đơn vị hành chính."));
                    self.cancel(now, &rec.id, reason.as_deref(), report)?;
                }
            }
            summary(occs.iter())
        };
        let mark = IngestMark {
            through: rfc3339(&until),
            count,
            sum,
        };
        self.store
            .set_ingest_mark(plan.id.as_str(), ob.id.as_str(), Some(&mark))?;
        let key = (plan.id.clone(), ob.id.clone());
        self.marks.insert(key.clone(), mark);
        self.materialized.insert(key, until);
        Ok(())
    }

    /// Writes the new records gathered in `batch` (one store transaction).
    fn write_batch(&self, batch: &mut Batch) -> Result<(), StoreError> {
        if !batch.0.is_empty() {
            self.store.put_occurrences(&batch.0)?;
            batch.0.clear();
        }
        Ok(())
    }

    /// Stores `occ` as `id`: a new record goes into `batch` (written when it is full, or at
    /// once when an audit line must follow it); a stored one is updated in place.
    fn store_occurrence(
        &self,
        occ: &Occurrence,
        id: &str,
        first_tracked: Instant,
        now: Instant,
        batch: &mut Batch,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let due = occ.due;
        let stored = self.store.occurrence(id)?;
        if let Some(reason) = &occ.ended {
            // Owed by nobody: kept, cancelled, with the reason for the coordinator.
            match stored {
                None => {
                    self.write_batch(batch)?;
                    self.store.put_occurrence(&OccurrenceRecord {
                        id: id.to_owned(),
                        plan: occ.plan.to_string(),
                        obligation: occ.obligation.to_string(),
                        assignee: occ.assignee.to_string(),
                        period: occ.period.clone(),
                        due,
                        wording: occ.wording.clone(),
                        inferred: occ.inferred,
                        state: OccurrenceState::Cancelled,
                        handled: Vec::new(),
                        closure: Some(Decision {
                            at: now,
                            by: SELF.to_owned(),
                            reason: Some(reason.clone()),
                        }),
                        ..Default::default()
                    })?;
                    self.audit(now, id, "cancelled", "", "cancelled")?;
                    report.new_occurrences += 1;
                }
                Some(rec) if rec.state == OccurrenceState::Open => {
                    self.cancel(now, id, Some(reason), report)?;
                }
                Some(_) => {}
            }
            return Ok(());
        }
        match stored {
            None => {
                let state = if occ.due < first_tracked {
                    OccurrenceState::History
                } else {
                    OccurrenceState::Open
                };
                batch.0.push(OccurrenceRecord {
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
                });
                let note = moved_note(&self.world.directory, occ);
                if note.is_some() || batch.0.len() >= BATCH {
                    self.write_batch(batch)?;
                }
                if let Some(note) = note {
                    let from: Vec<&str> = occ.moved_from.iter().map(UnitId::as_str).collect();
                    self.audit(now, id, "moved", &from.join(", "), &note)?;
                }
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
                        r.due = due;
                        r.wording = occ.wording.clone();
                        r.inferred = occ.inferred;
                        if reinstate && r.state == OccurrenceState::Cancelled {
                            r.state = OccurrenceState::Open;
                            r.closure = None;
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

    /// Cancels the open occurrences of plans and obligations no longer in the schedules (one
    /// seek per stored obligation; only the gone ones' records are read). Never deletes.
    fn cancel_gone(&self, now: Instant, report: &mut TickReport) -> Result<(), StoreError> {
        for (plan, ob) in self.store.stored_obligations()? {
            if self.world.obligation(&plan, &ob).is_some() {
                continue;
            }
            for rec in self.store.occurrences_of_obligation(&plan, &ob)? {
                if rec.state == OccurrenceState::Open {
                    self.cancel(now, &rec.id, None, report)?;
                }
            }
            self.store.set_ingest_mark(&plan, &ob, None)?;
        }
        Ok(())
    }

    /// Cancels one occurrence if it is still open, with its audit line and, when given, the
    /// reason the coordinator sees.
    fn cancel(
        &self,
        now: Instant,
        id: &str,
        reason: Option<&str>,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let cancel = |r: &mut OccurrenceRecord| {
            let open = r.state == OccurrenceState::Open;
            r.state = OccurrenceState::Cancelled;
            if open {
                r.closure = reason.map(|reason| Decision {
                    at: now,
                    by: SELF.to_owned(),
                    reason: Some(reason.to_owned()),
                });
            }
            open
        };
        if self.store.update_occurrence(id, cancel)?.is_some() {
            self.audit(now, id, "cancelled", "open", "cancelled")?;
            report.cancelled += 1;
        }
        Ok(())
    }

    /// At send time `slot`, enqueues for every open occurrence the latest notification due by
    /// then if it was not sent. Outside a send time nothing is enqueued; what is due waits for
    /// `floor`, the next send time.
    fn notify(
        &self,
        open: &[OccurrenceRecord],
        now: Instant,
        slot: Option<Instant>,
        floor: Instant,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let world = &self.world;
        let times = self.times();
        let decide_at = slot.unwrap_or(now);
        for rec in open {
            let Some((plan, ob)) = world.obligation(&rec.plan, &rec.obligation) else {
                continue;
            };
            let Some(occ) = crate::ledger::occurrence_of(rec, plan, ob) else {
                continue;
            };
            let planned = crate::query::planned(world, plan, ob, &occ);
            let handled: HashSet<&str> = rec.handled_now().collect();
            let decision = decide(&planned, &|k| handled.contains(k), decide_at);
            if let Some(wake) = decision.wake_at {
                let next = planned.iter().find(|n| n.at == wake);
                report.wake(times.at_or_after(wake).max(floor), || {
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
            let Some(slot) = slot else {
                // Due, but not a send time: it goes in the next send time's message.
                report.wake(floor, || format!("{} for {}", send.key(), rec.id));
                continue;
            };
            let stage = send.key();
            let recorded = rec.stage_key(&stage);
            // A recipient, via or escalation target may be a group: each member is told. A unit
            // that has ended by the day of sending (this send time's, which a catch-up makes later
            // than the notification's planned one) is replaced by its successors, or left out.
            let units = world.directory.receivers_on(&send.to, slot.date_naive());
            for unit in &units {
                let entry = OutboxEntry {
                    key: rec.outbox_key(&stage, unit.as_str()),
                    kind: EntryKind::Notification,
                    occurrence: rec.id.clone(),
                    stage: stage.clone(),
                    unit: unit.to_string(),
                    at: rfc3339(&slot),
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

    /// The weekly digest: on the first working day from the configured weekday, at its send
    /// time, one entry per coordinator with anything overdue or due soon, which goes out in
    /// that send time's message. Says when the next one is due (not before `floor`, the next
    /// send time); returns this week's collection when `slot` is its send time.
    fn digest_start(
        &self,
        slot: Option<Instant>,
        floor: Instant,
        report: &mut TickReport,
    ) -> Option<DigestRun> {
        let world = &self.world;
        let settings = &world.config.digest;
        if !settings.enabled {
            return None;
        }
        let time = world.config.policy.reminder_time;
        let send_at = |monday: chrono::NaiveDate| -> Option<Instant> {
            let offset = u64::from(settings.weekday.num_days_from_monday());
            let day = world
                .calendar
                .working_day_on_or_after(monday + Days::new(offset));
            (day < monday + Days::new(7)).then(|| at(day, time))
        };
        let now = slot.unwrap_or(floor);
        let today = now.date_naive();
        let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        let next_monday = monday + Days::new(7);
        if let Some(next) = (0..4).find_map(|w| send_at(next_monday + Days::new(7 * w))) {
            report.wake(next.max(floor), || "weekly digest".to_owned());
        }
        let this_week = send_at(monday)?;
        let Some(slot) = slot.filter(|s| *s >= this_week) else {
            if this_week >= floor {
                report.wake(this_week, || "weekly digest".to_owned());
            }
            return None;
        };
        // A digest is news only on its day: after a longer downtime the week's one is dropped.
        if slot >= this_week + Duration::days(1) {
            return None;
        }
        Some(DigestRun {
            this_week: slot,
            monday,
            ahead: slot + Duration::days(i64::from(settings.ahead_days)),
            per: BTreeMap::new(),
        })
    }

    /// Adds what of `open` this week's digest lists.
    fn digest_add(&self, run: &mut DigestRun, open: &[OccurrenceRecord], now: Instant) {
        let world = &self.world;
        let today = now.date_naive();
        let per = &mut run.per;
        for rec in open {
            let Some((_, ob)) = world.obligation(&rec.plan, &rec.obligation) else {
                continue;
            };
            let (due, Ok(assignee)) = (rec.effective_due(), UnitId::parse(&rec.assignee)) else {
                continue;
            };
            if due > run.ahead {
                continue;
            }
            let coordinator =
                parties_on(ob, &assignee, &world.directory, due.date_naive()).coordinator;
            let name = world.directory.name(&assignee).to_owned();
            // A coordinating group: each member gets the digest; a coordinator that has ended
            // since the due date is replaced by its successors.
            for member in world.directory.receivers_on(&[coordinator], today) {
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
    }

    /// Enqueues this week's digest for each coordinator with anything listed (once a week).
    fn digest_finish(&self, run: DigestRun, report: &mut TickReport) -> Result<(), StoreError> {
        let world = &self.world;
        let settings = &world.config.digest;
        let DigestRun {
            this_week,
            monday,
            per,
            ..
        } = run;
        let now = this_week;
        let iso = monday.iso_week();
        let week = format!("{}-W{:02}", iso.year(), iso.week());
        for (coordinator, (overdue, mut upcoming)) in per {
            let key = format!("digest/{coordinator}/{week}");
            if self.store.outbox_entry(&key)?.is_some() {
                continue;
            }
            let overdue_count: usize = overdue.values().map(Vec::len).sum();
            let mut groups: Vec<serde_json::Value> = overdue
                .into_iter()
                .map(|(unit, mut items)| {
                    items.sort_by(|a, b| {
                        b.0.cmp(&a.0)
                            .then_with(|| a.1["id"].as_str().cmp(&b.1["id"].as_str()))
                    });
                    serde_json::json!({
                        "unit": unit.as_str(),
                        "unit_name": world.directory.name(&unit),
                        "items": items.into_iter().map(|(_, i)| i).collect::<Vec<_>>(),
                    })
                })
                .collect();
            groups.sort_by_key(|g| g["unit_name"].as_str().unwrap_or_default().to_owned());
            // By deadline, then id: the same order however the open records were paged.
            upcoming.sort_by(|(a, x), (b, y)| {
                a.cmp(b)
                    .then_with(|| x["id"].as_str().cmp(&y["id"].as_str()))
            });
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

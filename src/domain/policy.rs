//! Reminder and escalation policy: which notifications an occurrence gets, and when.

use std::collections::BTreeMap;

use chrono::{Days, NaiveTime};
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::ids::UnitId;
use super::occurrence::Occurrence;
use super::rule::{DueRule, Every};
use super::time::{at, Instant};

/// How often a duty falls due, as config.toml's per-period policy tables name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cadence {
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
    OneOff,
}

impl Cadence {
    /// The cadence of a due rule.
    pub fn of(rule: &DueRule) -> Cadence {
        match rule.every() {
            None => Cadence::OneOff,
            Some(Every::Week) => Cadence::Week,
            Some(Every::Month) => Cadence::Month,
            Some(Every::Quarter) => Cadence::Quarter,
            Some(Every::HalfYear) => Cadence::HalfYear,
            Some(Every::Year) => Cadence::Year,
        }
    }

    /// The table's name in config.toml: `[policy.month]`.
    pub fn name(self) -> &'static str {
        match self {
            Cadence::Week => "week",
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::HalfYear => "half_year",
            Cadence::Year => "year",
            Cadence::OneOff => "one_off",
        }
    }
}

/// The numbers of the policy, all configurable globally, per plan and per obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Local time of day at which every notification goes out.
    pub reminder_time: NaiveTime,
    /// Reminders this many working days before the last day on time.
    pub remind_before_working_days: Vec<u32>,
    /// A reminder on the last day on time (or the working day before it).
    pub remind_on_due_day: bool,
    /// An overdue notice on the first working day from the due instant.
    pub overdue_notice: bool,
    /// Escalation when this many days overdue (0 disables escalation and repeats).
    pub escalate_after_days: u32,
    /// Repeat the escalation every this many days while open.
    pub repeat_every_days: u32,
    /// At most this many repeats.
    pub max_repeats: u32,
    /// Escalate tasks too (kind = task: an internal duty, no report goes to a recipient).
    pub escalate_tasks: bool,
    /// Repeats of an escalation go to the late unit too, not only to the escalation target
    /// and the coordinator (the unit has had its reminders, due-day, overdue and escalation
    /// notices by then).
    pub repeat_to_assignee: bool,
    /// Per-period defaults between these numbers and the plan's and obligation's own keys.
    pub periods: BTreeMap<Cadence, PolicyOverride>,
    /// The keys plans and obligations set themselves: they win over the period's defaults.
    pub explicit: PolicyOverride,
}

impl Default for Policy {
    fn default() -> Self {
        let mut periods = BTreeMap::new();
        // A weekly duty: a day's notice, then an overdue notice the next working day.
        periods.insert(
            Cadence::Week,
            PolicyOverride {
                remind_before_working_days: Some(vec![1]),
                remind_on_due_day: Some(false),
                overdue_notice: Some(true),
                escalate_after_days: Some(0),
                ..Default::default()
            },
        );
        // A monthly duty: 3 and 1 working days ahead, overdue notice, escalation after 5 days.
        periods.insert(
            Cadence::Month,
            PolicyOverride {
                remind_before_working_days: Some(vec![3, 1]),
                remind_on_due_day: Some(false),
                overdue_notice: Some(true),
                escalate_after_days: Some(5),
                ..Default::default()
            },
        );
        Self {
            reminder_time: NaiveTime::from_hms_opt(7, 30, 0).expect("valid"),
            remind_before_working_days: vec![7, 3, 1],
            remind_on_due_day: true,
            overdue_notice: true,
            escalate_after_days: 7,
            repeat_every_days: 7,
            max_repeats: 4,
            escalate_tasks: false,
            repeat_to_assignee: false,
            periods,
            explicit: PolicyOverride::default(),
        }
    }
}

/// Partial policy from a config, plan or obligation; unset keys inherit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverride {
    pub reminder_time: Option<String>,
    pub remind_before_working_days: Option<Vec<u32>>,
    pub remind_on_due_day: Option<bool>,
    pub overdue_notice: Option<bool>,
    pub escalate_after_days: Option<u32>,
    pub repeat_every_days: Option<u32>,
    pub max_repeats: Option<u32>,
    pub escalate_tasks: Option<bool>,
    pub repeat_to_assignee: Option<bool>,
    /// Per-period tables (`[policy.week]` … `[policy.one_off]`).
    pub week: Option<Box<PolicyOverride>>,
    pub month: Option<Box<PolicyOverride>>,
    pub quarter: Option<Box<PolicyOverride>>,
    pub half_year: Option<Box<PolicyOverride>>,
    pub year: Option<Box<PolicyOverride>>,
    pub one_off: Option<Box<PolicyOverride>>,
}

impl PolicyOverride {
    /// The per-period tables it sets.
    fn tables(&self) -> [(Cadence, Option<&PolicyOverride>); 6] {
        [
            (Cadence::Week, self.week.as_deref()),
            (Cadence::Month, self.month.as_deref()),
            (Cadence::Quarter, self.quarter.as_deref()),
            (Cadence::HalfYear, self.half_year.as_deref()),
            (Cadence::Year, self.year.as_deref()),
            (Cadence::OneOff, self.one_off.as_deref()),
        ]
    }

    /// `o`'s flat keys replace these (the period tables are left alone).
    fn merge_flat(&mut self, o: &PolicyOverride) {
        macro_rules! take {
            ($($f:ident),*) => { $( if o.$f.is_some() { self.$f = o.$f.clone(); } )* };
        }
        take!(
            reminder_time,
            remind_before_working_days,
            remind_on_due_day,
            overdue_notice,
            escalate_after_days,
            repeat_every_days,
            max_repeats,
            escalate_tasks,
            repeat_to_assignee
        );
    }
}

/// Why an override cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("reminder_time `{0}` is not a time of day (write 07:30)")]
    Time(String),
    #[error("repeat_every_days must be at least 1")]
    ZeroRepeat,
    #[error("remind_before_working_days must be between 1 and 60, got {0}")]
    BeforeDays(u32),
    #[error("[{0}] cannot hold another period's table")]
    Nested(&'static str),
}

impl Policy {
    /// This policy with `o`'s keys replacing its own, as a plan or obligation sets them: they
    /// win over the per-period defaults. Period tables in `o` replace those keys of the period.
    pub fn with(&self, o: &PolicyOverride) -> Result<Policy, PolicyError> {
        let mut p = self.base_with(o)?;
        p.explicit.merge_flat(o);
        Ok(p)
    }

    /// The global policy from config.toml's `[policy]`: its keys are the base that the
    /// per-period tables (`[policy.month]` …) refine.
    pub fn configured(o: &PolicyOverride) -> Result<Policy, PolicyError> {
        Policy::default().base_with(o)
    }

    /// The policy for one duty: the period's defaults over these numbers, then the plan's and
    /// obligation's own keys. A task (kind = task: an internal duty, no report goes to a
    /// recipient) is not escalated unless `escalate_tasks`.
    pub fn for_duty(&self, cadence: Cadence, task: bool) -> Policy {
        let mut p = self.clone();
        let mut o = self.periods.get(&cadence).cloned().unwrap_or_default();
        o.merge_flat(&self.explicit);
        // Checked when the tables were read.
        if let Ok(q) = p.numbers_with(&o) {
            p = q;
        }
        if task && !p.escalate_tasks {
            p.escalate_after_days = 0;
        }
        p
    }

    /// `o`'s flat keys over the numbers and its period tables over the period defaults.
    fn base_with(&self, o: &PolicyOverride) -> Result<Policy, PolicyError> {
        let mut p = self.numbers_with(o)?;
        for (cadence, table) in o.tables() {
            let Some(t) = table else { continue };
            if t.tables().iter().any(|(_, x)| x.is_some()) {
                return Err(PolicyError::Nested(cadence.name()));
            }
            // Its values are checked now.
            self.numbers_with(t)?;
            p.periods.entry(cadence).or_default().merge_flat(t);
        }
        Ok(p)
    }

    /// This policy's numbers with `o`'s flat keys replacing them.
    fn numbers_with(&self, o: &PolicyOverride) -> Result<Policy, PolicyError> {
        let mut p = self.clone();
        if let Some(v) = o.escalate_tasks {
            p.escalate_tasks = v;
        }
        if let Some(v) = o.repeat_to_assignee {
            p.repeat_to_assignee = v;
        }
        if let Some(t) = &o.reminder_time {
            p.reminder_time =
                NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| PolicyError::Time(t.clone()))?;
        }
        if let Some(v) = &o.remind_before_working_days {
            if let Some(bad) = v.iter().find(|d| !(1..=60).contains(*d)) {
                return Err(PolicyError::BeforeDays(*bad));
            }
            p.remind_before_working_days = v.clone();
        }
        if let Some(v) = o.remind_on_due_day {
            p.remind_on_due_day = v;
        }
        if let Some(v) = o.overdue_notice {
            p.overdue_notice = v;
        }
        if let Some(v) = o.escalate_after_days {
            p.escalate_after_days = v;
        }
        if let Some(v) = o.repeat_every_days {
            if v == 0 {
                return Err(PolicyError::ZeroRepeat);
            }
            p.repeat_every_days = v;
        }
        if let Some(v) = o.max_repeats {
            p.max_repeats = v;
        }
        Ok(p)
    }
}

/// The kind of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Reminder,
    Due,
    Overdue,
    Escalation,
    Repeat,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Reminder => "reminder",
            Stage::Due => "due",
            Stage::Overdue => "overdue",
            Stage::Escalation => "escalation",
            Stage::Repeat => "repeat",
        }
    }
}

/// Who takes part in an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    pub assignee: UnitId,
    /// The coordinator: `via`, else the recipient.
    pub coordinator: UnitId,
    /// Where escalations go: `escalate_to`, else the assignee's supervisor, else the recipient.
    pub escalation: UnitId,
}

/// One notification the policy plans for an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub at: Instant,
    pub stage: Stage,
    /// Working days before the last day on time, for reminders; repeat number for repeats.
    pub step: u32,
    pub to: Vec<UnitId>,
}

impl Planned {
    /// A stable key for this notification within its occurrence: `reminder-7`, `overdue`, `repeat-2`.
    pub fn key(&self) -> String {
        match self.stage {
            Stage::Reminder | Stage::Repeat => format!("{}-{}", self.stage.as_str(), self.step),
            _ => self.stage.as_str().to_owned(),
        }
    }
}

fn dedup(ids: &[&UnitId]) -> Vec<UnitId> {
    let mut out: Vec<UnitId> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push((*id).clone());
        }
    }
    out
}

/// Every notification for `occ` if it is never submitted, in time order. Notifications before
/// `not_before` (the plan did not exist yet) are left out. Reminders go out on working days at
/// the policy's time; a later stage replaces an earlier one planned for the same instant. No
/// repeat is planned once `next_due` (the next occurrence of the same duty) has come: that
/// one carries the reminder.
pub fn plan_notifications(
    occ: &Occurrence,
    parties: &Parties,
    policy: &Policy,
    cal: &WorkCalendar,
    not_before: Instant,
    next_due: Option<Instant>,
) -> Vec<Planned> {
    let t = policy.reminder_time;
    let due = occ.due;
    let assignee = vec![parties.assignee.clone()];
    let mut out: Vec<Planned> = Vec::new();
    let mut push = |p: Planned| {
        if p.at < not_before {
            return;
        }
        if let Some(last) = out.last_mut() {
            if last.at == p.at {
                *last = p;
                return;
            }
        }
        out.push(p);
    };

    let mut before: Vec<u32> = policy.remind_before_working_days.clone();
    before.sort_unstable_by(|a, b| b.cmp(a));
    before.dedup();
    for n in before {
        let day = cal.working_days_before(occ.last_day, n);
        let when = at(day, t);
        if when < due {
            push(Planned {
                at: when,
                stage: Stage::Reminder,
                step: n,
                to: assignee.clone(),
            });
        }
    }
    if policy.remind_on_due_day {
        let when = at(cal.working_day_on_or_before(occ.last_day), t);
        if when < due {
            push(Planned {
                at: when,
                stage: Stage::Due,
                step: 0,
                to: assignee.clone(),
            });
        }
    }

    // The first working-day notification time at or after an instant.
    let first_slot_from = |instant: Instant| -> Instant {
        let mut day = cal.working_day_on_or_after(instant.date_naive());
        if at(day, t) < instant {
            day = cal.working_day_on_or_after(day + Days::new(1));
        }
        at(day, t)
    };

    if policy.overdue_notice {
        push(Planned {
            at: first_slot_from(due),
            stage: Stage::Overdue,
            step: 0,
            to: dedup(&[&parties.assignee, &parties.coordinator]),
        });
    }
    if policy.escalate_after_days > 0 {
        let escalated_to = dedup(&[&parties.escalation, &parties.assignee, &parties.coordinator]);
        // "n days overdue": n whole days after the due instant.
        let days = |n: u32| chrono::Duration::days(i64::from(n));
        let escalated = due + days(policy.escalate_after_days);
        push(Planned {
            at: first_slot_from(escalated),
            stage: Stage::Escalation,
            step: 0,
            to: escalated_to.clone(),
        });
        let repeated_to = if policy.repeat_to_assignee {
            escalated_to.clone()
        } else {
            dedup(&[&parties.escalation, &parties.coordinator])
        };
        for k in 1..=policy.max_repeats {
            push(Planned {
                at: first_slot_from(escalated + days(k.saturating_mul(policy.repeat_every_days))),
                stage: Stage::Repeat,
                step: k,
                to: repeated_to.clone(),
            });
        }
    }
    if let Some(next) = next_due {
        out.retain(|p| p.stage != Stage::Repeat || p.at < next);
    }
    out
}

/// When the last repeat of `occ` could go out: occurrences of the same duty due after `occ`
/// and up to this instant can stop its repeats (see [`plan_notifications`]).
pub fn repeats_until(occ: &Occurrence, policy: &Policy) -> Option<Instant> {
    if policy.escalate_after_days == 0 || policy.max_repeats == 0 {
        return None;
    }
    let days = u64::from(policy.escalate_after_days)
        + u64::from(policy.max_repeats) * u64::from(policy.repeat_every_days)
        + 14;
    Some(occ.due + chrono::Duration::days(i64::try_from(days.min(36_500)).unwrap_or(36_500)))
}

/// What the scheduler should do for one occurrence at `now`, given the keys already sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision<'a> {
    /// The notification to send now: the latest stage already due, if it was not sent. Earlier
    /// stages missed while the daemon was down are not sent (catch-up sends only the latest).
    pub send: Option<&'a Planned>,
    /// Due stages passed over because a later one is due too.
    pub skipped: Vec<&'a Planned>,
    /// When the next stage falls due, if any.
    pub wake_at: Option<Instant>,
}

/// Decides, for one open occurrence, what to send at `now`. `planned` is in time order (as
/// [`plan_notifications`] returns it); `sent` holds the keys of stages already sent or skipped.
pub fn decide<'a>(
    planned: &'a [Planned],
    sent: &dyn Fn(&str) -> bool,
    now: Instant,
) -> Decision<'a> {
    let due_count = planned.partition_point(|p| p.at <= now);
    let (due, later) = planned.split_at(due_count);
    let wake_at = later.first().map(|p| p.at);
    // Nothing to do when no stage is due yet or the latest due one went out already.
    let Some((latest, earlier)) = due.split_last().filter(|(l, _)| !sent(&l.key())) else {
        return Decision {
            send: None,
            skipped: Vec::new(),
            wake_at,
        };
    };
    let skipped = earlier.iter().filter(|p| !sent(&p.key())).collect();
    Decision {
        send: Some(latest),
        skipped,
        wake_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_their_keys() {
        let o = PolicyOverride {
            reminder_time: Some("08:00".into()),
            max_repeats: Some(1),
            ..Default::default()
        };
        let p = Policy::default().with(&o).unwrap();
        assert_eq!(p.reminder_time, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(p.max_repeats, 1);
        assert_eq!(p.remind_before_working_days, vec![7, 3, 1]);

        let bad = [
            PolicyOverride {
                reminder_time: Some("7h30".into()),
                ..Default::default()
            },
            PolicyOverride {
                repeat_every_days: Some(0),
                ..Default::default()
            },
            PolicyOverride {
                remind_before_working_days: Some(vec![0]),
                ..Default::default()
            },
        ];
        for o in bad {
            assert!(Policy::default().with(&o).is_err(), "{o:?}");
        }
    }

    #[test]
    fn period_defaults_sit_between_the_global_numbers_and_the_plans_own_keys() {
        let global = Policy::default();
        // (cadence, task, plan override, want: before, due day, overdue, escalate, repeats)
        type Want = (Vec<u32>, bool, bool, u32, u32);
        let table: Vec<(Cadence, bool, PolicyOverride, Want)> = vec![
            (
                Cadence::Week,
                false,
                PolicyOverride::default(),
                (vec![1], false, true, 0, 4),
            ),
            (
                Cadence::Month,
                false,
                PolicyOverride::default(),
                (vec![3, 1], false, true, 5, 4),
            ),
            (
                Cadence::Quarter,
                false,
                PolicyOverride::default(),
                (vec![7, 3, 1], true, true, 7, 4),
            ),
            (
                Cadence::Year,
                false,
                PolicyOverride::default(),
                (vec![7, 3, 1], true, true, 7, 4),
            ),
            (
                Cadence::OneOff,
                false,
                PolicyOverride::default(),
                (vec![7, 3, 1], true, true, 7, 4),
            ),
            // A task is not escalated...
            (
                Cadence::Quarter,
                true,
                PolicyOverride::default(),
                (vec![7, 3, 1], true, true, 0, 4),
            ),
            // ...unless its plan says so.
            (
                Cadence::Month,
                true,
                PolicyOverride {
                    escalate_tasks: Some(true),
                    ..Default::default()
                },
                (vec![3, 1], false, true, 5, 4),
            ),
            // The plan's own keys win over the period's defaults.
            (
                Cadence::Month,
                false,
                PolicyOverride {
                    remind_before_working_days: Some(vec![5]),
                    escalate_after_days: Some(10),
                    ..Default::default()
                },
                (vec![5], false, true, 10, 4),
            ),
            // A plan's own period table applies to that period only.
            (
                Cadence::Week,
                false,
                PolicyOverride {
                    week: Some(Box::new(PolicyOverride {
                        remind_before_working_days: Some(vec![2, 1]),
                        ..Default::default()
                    })),
                    ..Default::default()
                },
                (vec![2, 1], false, true, 0, 4),
            ),
        ];
        for (cadence, task, o, want) in table {
            let p = global.with(&o).unwrap().for_duty(cadence, task);
            let got = (
                p.remind_before_working_days.clone(),
                p.remind_on_due_day,
                p.overdue_notice,
                p.escalate_after_days,
                p.max_repeats,
            );
            assert_eq!(got, want, "{cadence:?} task={task} {o:?}");
        }
        // config.toml's [policy] keys are the base the period tables refine; its period tables
        // replace the defaults' keys they name.
        let cfg = PolicyOverride {
            remind_before_working_days: Some(vec![10, 5]),
            month: Some(Box::new(PolicyOverride {
                escalate_after_days: Some(3),
                ..Default::default()
            })),
            ..Default::default()
        };
        let p = Policy::configured(&cfg).unwrap();
        assert_eq!(
            p.for_duty(Cadence::Quarter, false)
                .remind_before_working_days,
            [10, 5]
        );
        let m = p.for_duty(Cadence::Month, false);
        assert_eq!(
            (m.remind_before_working_days.clone(), m.escalate_after_days),
            (vec![3, 1], 3)
        );
        // A period table inside a period table is refused.
        let nested = PolicyOverride {
            month: Some(Box::new(PolicyOverride {
                week: Some(Box::default()),
                ..Default::default()
            })),
            ..Default::default()
        };
        assert!(Policy::configured(&nested).is_err());
    }

    #[test]
    fn repeats_stop_once_the_next_occurrence_is_due_and_go_to_the_supervisor() {
        use crate::domain::ids::UnitId;
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        let cal = WorkCalendar::weekends_only();
        let occ = Occurrence {
            plan: crate::domain::ids::PlanId::parse("p").unwrap(),
            obligation: crate::domain::ids::ObligationId::parse("o").unwrap(),
            assignee: UnitId::parse("xa").unwrap(),
            period: "2023-07".into(),
            due: crate::domain::time::midnight(d(7, 15)),
            nominal_due: crate::domain::time::midnight(d(7, 15)),
            last_day: d(7, 14),
            wording: "trước ngày 15/07/2023".into(),
            inferred: false,
            moved_from: Vec::new(),
            ended: None,
        };
        let parties = Parties {
            assignee: UnitId::parse("xa").unwrap(),
            coordinator: UnitId::parse("ca").unwrap(),
            escalation: UnitId::parse("huyen").unwrap(),
        };
        let p = Policy::default().for_duty(Cadence::Month, false);
        let next = crate::domain::time::midnight(d(8, 15));
        let plan = plan_notifications(
            &occ,
            &parties,
            &p,
            &cal,
            occ.due - chrono::Duration::days(60),
            Some(next),
        );
        let keys: Vec<String> = plan
            .iter()
            .map(|n| format!("{} {}", n.at.format("%d/%m"), n.key()))
            .collect();
        // 3 and 1 working days before Friday 14/7; overdue Monday 17/7; escalation 5 days
        // after 15/7 (Thursday 20/7); repeats weekly until the August report is due on 15/8.
        assert_eq!(
            keys,
            [
                "11/07 reminder-3",
                "13/07 reminder-1",
                "17/07 overdue",
                "20/07 escalation",
                "27/07 repeat-1",
                "03/08 repeat-2",
                "10/08 repeat-3",
            ]
        );
        let repeat = plan.iter().find(|n| n.stage == Stage::Repeat).unwrap();
        assert_eq!(
            repeat.to,
            [
                UnitId::parse("huyen").unwrap(),
                UnitId::parse("ca").unwrap()
            ]
        );
    }

    #[test]
    fn decide_sends_only_the_latest_due_stage() {
        let day = |d| {
            crate::domain::time::at(
                chrono::NaiveDate::from_ymd_opt(2024, 10, d).unwrap(),
                NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
            )
        };
        let p = |d, stage, step| Planned {
            at: day(d),
            stage,
            step,
            to: vec![],
        };
        let plan = [
            p(3, Stage::Reminder, 7),
            p(9, Stage::Reminder, 3),
            p(11, Stage::Reminder, 1),
            p(14, Stage::Due, 0),
            p(15, Stage::Overdue, 0),
        ];
        // (now, sent keys, want send, want skipped, want wake)
        let table: [(u32, &[&str], Option<&str>, &[&str], Option<u32>); 6] = [
            (1, &[], None, &[], Some(3)),
            (3, &[], Some("reminder-7"), &[], Some(9)),
            (4, &["reminder-7"], None, &[], Some(9)),
            // Down from the 4th to the 12th: only reminder-1 goes out; reminder-3 is skipped.
            (
                12,
                &["reminder-7"],
                Some("reminder-1"),
                &["reminder-3"],
                Some(14),
            ),
            (
                16,
                &[],
                Some("overdue"),
                &["reminder-7", "reminder-3", "reminder-1", "due"],
                None,
            ),
            (16, &["overdue"], None, &[], None),
        ];
        for (now, sent, send, skipped, wake) in table {
            let is_sent = |k: &str| sent.contains(&k);
            let d = decide(&plan, &is_sent, day(now));
            assert_eq!(d.send.map(Planned::key).as_deref(), send, "now {now}");
            assert_eq!(
                d.skipped.iter().map(|p| p.key()).collect::<Vec<_>>(),
                skipped,
                "now {now}"
            );
            assert_eq!(d.wake_at, wake.map(day), "now {now}");
        }
    }

    #[test]
    fn keys_are_stable() {
        let p = |stage, step| Planned {
            at: crate::domain::time::midnight(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
            stage,
            step,
            to: vec![],
        };
        let table = [
            (p(Stage::Reminder, 7), "reminder-7"),
            (p(Stage::Due, 0), "due"),
            (p(Stage::Overdue, 0), "overdue"),
            (p(Stage::Escalation, 0), "escalation"),
            (p(Stage::Repeat, 2), "repeat-2"),
        ];
        for (planned, key) in table {
            assert_eq!(planned.key(), key);
        }
    }
}

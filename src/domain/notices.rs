//! The notifications planned for an occurrence under its policy (reminders, due day, overdue,
//! escalation, repeats) and `decide`: what to send at an instant given what was sent.

use chrono::Days;
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::ids::UnitId;
use super::occurrence::Occurrence;
pub use super::occurrence::Parties;
use super::policy::Policy;
use super::time::{at, Instant};

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
    use crate::domain::policy::*;
    use chrono::NaiveTime;

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
        type Row<'a> = (
            u32,
            &'a [&'a str],
            Option<&'a str>,
            &'a [&'a str],
            Option<u32>,
        );
        let table: [Row; 6] = [
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

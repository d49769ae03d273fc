//! Reminder and escalation policy settings: the global numbers, their per-period defaults and
//! the per-plan and per-obligation overrides.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveTime;
use serde::Deserialize;

use super::rule::{DueRule, Every};

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
    /// Per-period defaults between these numbers and the plan's and obligation's own keys
    /// (shared: every obligation's policy starts as a copy of its plan's).
    pub periods: Arc<BTreeMap<Cadence, PolicyOverride>>,
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
            periods: Arc::new(periods),
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
            Arc::make_mut(&mut p.periods)
                .entry(cadence)
                .or_default()
                .merge_flat(t);
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
}

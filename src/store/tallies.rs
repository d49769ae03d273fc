//! Counts kept in the `tallies` tree in the same transaction as every occurrence write: occurrences by state, and per unit and per plan the closed outcomes by month of the original deadline, so `/metrics` and the statistics read a few small values instead of every record.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{OccurrenceRecord, OccurrenceState};
use crate::domain::lifecycle::{status, Status, StatusFacts};
use crate::domain::occurrence::{days_after, last_day_of};

/// The key of the counts by state.
pub(super) const STATE_KEY: &[u8] = b"state";

/// The closed outcomes of some occurrences (submitted, confirmed, waived or cancelled: what no
/// longer changes with the clock).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    pub done_on_time: i64,
    pub done_late: i64,
    /// Days late, summed over `done_late`.
    pub late_days: i64,
    pub waived: i64,
    pub cancelled: i64,
    /// Those with an extension.
    pub extended: i64,
}

impl Closed {
    /// Adds `other` (`sign` 1) or takes it away (`sign` -1).
    pub fn add(&mut self, other: &Closed, sign: i64) {
        self.done_on_time += sign * other.done_on_time;
        self.done_late += sign * other.done_late;
        self.late_days += sign * other.late_days;
        self.waived += sign * other.waived;
        self.cancelled += sign * other.cancelled;
        self.extended += sign * other.extended;
    }

    /// Whether it counts no occurrence.
    pub fn is_empty(&self) -> bool {
        self.done_on_time + self.done_late + self.waived + self.cancelled == 0
    }
}

/// One unit's or plan's year: the closed outcomes of each month (January first). Stored
/// sparse: `{"months":{"3":[1,0,0,0,0,0]}}`, the months that count something, each as
/// `[done_on_time, done_late, late_days, waived, cancelled, extended]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "SparseYear", from = "SparseYear")]
pub(super) struct Year {
    pub(super) months: [Closed; 12],
}

impl Year {
    /// The outcomes of this year's (`year_no`) months that begin within `[from, to]`, summed.
    pub(super) fn within(&self, year_no: i32, from: NaiveDate, to: NaiveDate) -> Closed {
        let mut sum = Closed::default();
        for (m, c) in self.months.iter().enumerate() {
            let first = NaiveDate::from_ymd_opt(year_no, m as u32 + 1, 1);
            if first.is_some_and(|d| d >= from && d <= to) {
                sum.add(c, 1);
            }
        }
        sum
    }
}

#[derive(Serialize, Deserialize)]
struct SparseYear {
    /// Month numbers as text (`"3"`): a stored value is read through a flattened version
    /// envelope, which hands map keys over as text.
    months: BTreeMap<String, [i64; 6]>,
}

impl From<Year> for SparseYear {
    fn from(y: Year) -> Self {
        let months = y
            .months
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != Closed::default())
            .map(|(m, c)| {
                let v = [
                    c.done_on_time,
                    c.done_late,
                    c.late_days,
                    c.waived,
                    c.cancelled,
                    c.extended,
                ];
                ((m + 1).to_string(), v)
            })
            .collect();
        SparseYear { months }
    }
}

impl From<SparseYear> for Year {
    fn from(s: SparseYear) -> Self {
        let mut y = Year::default();
        for (m, v) in s.months {
            let index = m.parse::<usize>().ok().and_then(|m| m.checked_sub(1));
            if let Some(slot) = index.and_then(|i| y.months.get_mut(i)) {
                *slot = Closed {
                    done_on_time: v[0],
                    done_late: v[1],
                    late_days: v[2],
                    waived: v[3],
                    cancelled: v[4],
                    extended: v[5],
                };
            }
        }
        y
    }
}

/// Which side of the tallies: per unit (the assignee), per plan, or per unit and plan (the
/// plans of a few units; keys `up/<year>/<unit>/<plan>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Unit,
    Plan,
    UnitPlan,
}

impl Dim {
    fn tag(self) -> &'static str {
        match self {
            Dim::Unit => "u",
            Dim::Plan => "p",
            Dim::UnitPlan => "up",
        }
    }

    /// The prefix of one year's keys (`u/2025/`).
    pub(super) fn year_prefix(self, year: i32) -> String {
        format!("{}/{year:04}/", self.tag())
    }

    pub(super) fn key(self, year: i32, id: &str) -> Vec<u8> {
        format!("{}{id}", self.year_prefix(year)).into_bytes()
    }
}

/// What a record closed with: the last day of its original deadline and its outcome (None while
/// open, and for history, whose outcome is unknown).
pub fn closed_outcome(rec: &OccurrenceRecord) -> Option<(NaiveDate, Closed)> {
    let mut c = Closed::default();
    match rec.state {
        OccurrenceState::Submitted | OccurrenceState::Confirmed => {
            let facts = StatusFacts {
                state: rec.state,
                submitted_at: rec.submission.as_ref().map(|s| s.at),
                due: rec.due,
                due_in_force: rec.effective_due(),
            };
            // A closed state's status does not depend on the clock.
            if status(&facts, rec.due) == Status::DoneLate {
                c.done_late = 1;
                c.late_days = rec
                    .submission
                    .as_ref()
                    .map_or(0, |s| days_after(&rec.due, s.at.date_naive()));
            } else {
                c.done_on_time = 1;
            }
        }
        OccurrenceState::Waived => c.waived = 1,
        OccurrenceState::Cancelled => c.cancelled = 1,
        OccurrenceState::Open | OccurrenceState::History => return None,
    }
    c.extended = i64::from(rec.extension.is_some());
    Some((last_day_of(&rec.due), c))
}

/// One change to one tallied value: `(key, month index, outcome, sign)`.
pub(super) type Change = (Vec<u8>, usize, Closed, i64);

/// The changes to the per-unit and per-plan values when `old` (None: absent) becomes `new`.
pub(super) fn changes(old: Option<&OccurrenceRecord>, new: &OccurrenceRecord) -> Vec<Change> {
    fn side(rec: &OccurrenceRecord, sign: i64) -> Vec<Change> {
        closed_outcome(rec)
            .into_iter()
            .flat_map(|(day, c)| {
                let month = day.month0() as usize;
                let both = format!("{}/{}", rec.assignee, rec.plan);
                [
                    (Dim::Unit.key(day.year(), &rec.assignee), month, c, sign),
                    (Dim::Plan.key(day.year(), &rec.plan), month, c, sign),
                    (Dim::UnitPlan.key(day.year(), &both), month, c, sign),
                ]
            })
            .collect()
    }
    let before: Vec<Change> = old.map(|o| side(o, -1)).unwrap_or_default();
    let after: Vec<Change> = side(new, 1);
    // Unchanged outcome: nothing to write.
    let same = before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|(b, a)| b.0 == a.0 && b.1 == a.1 && b.2 == a.2);
    if same {
        return Vec::new();
    }
    before.into_iter().chain(after).collect()
}

/// The counts by state, every state present.
pub(super) type StateCounts = BTreeMap<String, i64>;

/// Adds one to `state` (`sign` 1) or takes one away.
pub(super) fn count_state(counts: &mut StateCounts, state: OccurrenceState, sign: i64) {
    *counts.entry(state.name().to_owned()).or_default() += sign;
}

/// Everything the tallies hold, computed from records (a rebuild, or the check against a scan).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Computed {
    pub(super) states: StateCounts,
    pub(super) years: BTreeMap<Vec<u8>, Year>,
    /// Why each record that could not be read was left out.
    pub(super) unreadable: Vec<String>,
}

impl Computed {
    pub(super) fn add(&mut self, rec: &OccurrenceRecord) {
        count_state(&mut self.states, rec.state, 1);
        for (key, month, c, sign) in changes(None, rec) {
            self.years.entry(key).or_default().months[month].add(&c, sign);
        }
    }

    /// Drops the values that count nothing (left by records that changed or moved).
    pub(super) fn trimmed(mut self) -> Self {
        self.states.retain(|_, n| *n != 0);
        self.years
            .retain(|_, y| y.months.iter().any(|m| *m != Closed::default()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;
    use crate::store::Submission;

    fn rec(state: OccurrenceState, submitted: Option<&str>) -> OccurrenceRecord {
        OccurrenceRecord {
            id: "kh/ob/xa/2025-Q1".into(),
            plan: "kh".into(),
            obligation: "ob".into(),
            assignee: "xa".into(),
            period: "2025-Q1".into(),
            // Midnight of 13/3: the last day is 12/3.
            due: parse_instant("2025-03-13T00:00:00+07:00").unwrap(),
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
    fn outcomes_follow_the_statuses() {
        let cases = [
            (OccurrenceState::Open, None, None),
            (OccurrenceState::History, None, None),
            (
                OccurrenceState::Submitted,
                Some("2025-03-12T16:00:00+07:00"),
                Some((1, 0, 0)),
            ),
            (
                OccurrenceState::Confirmed,
                Some("2025-03-15T09:00:00+07:00"),
                Some((0, 1, 3)),
            ),
            (
                OccurrenceState::Confirmed,
                Some("2025-03-13T00:00:00+07:00"),
                Some((0, 1, 1)),
            ),
        ];
        for (state, at, want) in cases {
            let got = closed_outcome(&rec(state, at)).map(|(day, c)| {
                assert_eq!(day, NaiveDate::from_ymd_opt(2025, 3, 12).unwrap());
                (c.done_on_time, c.done_late, c.late_days)
            });
            assert_eq!(got, want, "{state:?} {at:?}");
        }
        let waived = closed_outcome(&rec(OccurrenceState::Waived, None))
            .unwrap()
            .1;
        assert_eq!((waived.waived, waived.cancelled), (1, 0));
    }

    #[test]
    fn changes_cancel_out_when_the_outcome_stays() {
        let a = rec(
            OccurrenceState::Confirmed,
            Some("2025-03-15T09:00:00+07:00"),
        );
        let mut b = a.clone();
        b.handled.push("reminder-7".into());
        assert!(changes(Some(&a), &b).is_empty());
        // Submitted → confirmed, same submission: the same outcome.
        let s = rec(
            OccurrenceState::Submitted,
            Some("2025-03-15T09:00:00+07:00"),
        );
        assert!(changes(Some(&s), &a).is_empty());
        // Open → submitted late: one unit and one plan value gain the outcome.
        let open = rec(OccurrenceState::Open, None);
        let ch = changes(Some(&open), &a);
        assert_eq!(ch.len(), 3);
        assert_eq!(ch[0].0, b"u/2025/xa".to_vec());
        assert_eq!(ch[1].0, b"p/2025/kh".to_vec());
        assert_eq!(ch[2].0, b"up/2025/xa/kh".to_vec());
        assert!(ch
            .iter()
            .all(|c| c.1 == 2 && c.3 == 1 && c.2.done_late == 1));
        // Moved to another unit: taken from one, given to the other.
        let mut moved = a.clone();
        moved.assignee = "xb".into();
        let ch = changes(Some(&a), &moved);
        assert_eq!(ch.len(), 6);
        let mut c = Computed::default();
        for (key, month, v, sign) in ch {
            c.years.entry(key).or_default().months[month].add(&v, sign);
        }
        let c = c.trimmed();
        assert_eq!(
            c.years.keys().cloned().collect::<Vec<_>>(),
            vec![
                b"u/2025/xa".to_vec(),
                b"u/2025/xb".to_vec(),
                b"up/2025/xa/kh".to_vec(),
                b"up/2025/xb/kh".to_vec()
            ]
        );
        // Stored sparse, read back whole.
        let y = c.years.values().next().unwrap();
        let json = serde_json::to_string(y).unwrap();
        assert_eq!(json, r#"{"months":{"3":[0,-1,-3,0,0,0]}}"#);
        assert_eq!(&serde_json::from_str::<Year>(&json).unwrap(), y);
        let stored = super::super::encode(y);
        assert_eq!(
            &super::super::decode::<Year>("tallies", b"k", &stored).unwrap(),
            y
        );
    }
}

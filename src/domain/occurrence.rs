//! Occurrences: one obligation, one assignee unit, one period, with its (shifted) due instant.

use chrono::{Days, NaiveDate, Timelike};

use super::calendar::{Shift, WorkCalendar};
use super::ids::{ObligationId, PlanId, UnitId};
use super::model::{Directory, Obligation, ObligationKind, Plan};
use super::policy::Parties;
use super::rule::ReportingCalendar;
use super::time::{at, midnight, vn_date, Instant};

/// What one unit owes for one period of one obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub plan: PlanId,
    pub obligation: ObligationId,
    pub assignee: UnitId,
    pub period: String,
    /// Overdue from this instant (after any working-day shift).
    pub due: Instant,
    /// The due instant the plan states, before any shift.
    pub nominal_due: Instant,
    /// The last day on which a submission is on time.
    pub last_day: NaiveDate,
    /// The deadline in the plan's words, with any shift noted.
    pub wording: String,
    pub inferred: bool,
}

impl Occurrence {
    /// Stable id: plan/obligation/assignee/period.
    pub fn id(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.plan, self.obligation, self.assignee, self.period
        )
    }
}

fn is_midnight(i: &Instant) -> bool {
    i.time().num_seconds_from_midnight() == 0
}

/// The last day on time for a due instant: the day before a 00:00 deadline, else its own day.
/// The last day on time for a due instant: the day before a midnight deadline, else its own day.
pub fn last_day_of(due: &Instant) -> NaiveDate {
    if is_midnight(due) {
        due.date_naive() - Days::new(1)
    } else {
        due.date_naive()
    }
}

/// How far a shift can move a deadline (the longest run of days off, Tết, is under two weeks).
const SHIFT_MARGIN_DAYS: u64 = 20;

/// The occurrences of `ob` whose (shifted) due instant lies in `[from, until)` and in the
/// obligation's validity window, sorted by due instant then assignee.
pub fn occurrences(
    plan: &Plan,
    ob: &Obligation,
    dir: &Directory,
    cal: &WorkCalendar,
    rc: &ReportingCalendar,
    from: Instant,
    until: Instant,
) -> Vec<Occurrence> {
    let lo = from.max(midnight(ob.valid_from));
    let hi = match ob.valid_until {
        Some(d) => until.min(midnight(d + Days::new(1))),
        None => until,
    };
    if lo >= hi {
        return Vec::new();
    }
    let margin = chrono::Duration::days(SHIFT_MARGIN_DAYS as i64);
    let (wide_lo, wide_hi) = match ob.shift {
        Shift::None => (lo, hi),
        _ => (lo - margin, hi + margin),
    };
    let mut assignees: Vec<UnitId> = ob.assignees.iter().flat_map(|a| dir.expand(a)).collect();
    assignees.sort();
    assignees.dedup();

    let mut out = Vec::new();
    for due in ob.due.dues(wide_lo, wide_hi, rc) {
        let nominal_last = last_day_of(&due.instant);
        let last_day = cal.shift_last_day(nominal_last, ob.shift);
        let shifted = if is_midnight(&due.instant) {
            midnight(last_day + Days::new(1))
        } else {
            at(last_day, due.instant.time())
        };
        if shifted < lo || shifted >= hi {
            continue;
        }
        let base = match ob.kind {
            // An event is held on its day: say so rather than "trước ngày".
            ObligationKind::Event => format!("diễn ra ngày {}", vn_date(due.instant.date_naive())),
            _ => due.wording.clone(),
        };
        let wording = if last_day == nominal_last {
            base
        } else {
            format!(
                "{base} (dời đến hết ngày {} do trùng ngày nghỉ)",
                vn_date(last_day)
            )
        };
        for a in &assignees {
            out.push(Occurrence {
                plan: plan.id.clone(),
                obligation: ob.id.clone(),
                assignee: a.clone(),
                period: due.period.clone(),
                due: shifted,
                nominal_due: due.instant,
                last_day,
                wording: wording.clone(),
                inferred: due.inferred,
            });
        }
    }
    out
}

/// Who takes part in an occurrence of `ob` owed by `assignee`.
/// The period in Vietnamese for messages: `2023-Q3` → "quý III/2023", `2023-09` → "tháng 9/2023",
/// `2023-H1` → "6 tháng đầu năm 2023", `2023` → "năm 2023", `2023-W37` → "tuần 37/2023"; a
/// one-off date or a cron instant has no label.
pub fn period_label(period: &str) -> String {
    let parts: Vec<&str> = period.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => format!("năm {y}"),
        [y, p] => {
            if let Some(q) = p.strip_prefix('Q') {
                let roman = match q {
                    "1" => "I",
                    "2" => "II",
                    "3" => "III",
                    "4" => "IV",
                    _ => return String::new(),
                };
                format!("quý {roman}/{y}")
            } else if let Some(h) = p.strip_prefix('H') {
                let half = if h == "1" { "đầu" } else { "cuối" };
                format!("6 tháng {half} năm {y}")
            } else if let Some(w) = p.strip_prefix('W') {
                format!("tuần {}/{y}", w.trim_start_matches('0'))
            } else if let Ok(m) = p.parse::<u32>() {
                format!("tháng {m}/{y}")
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

pub fn parties(ob: &Obligation, assignee: &UnitId, dir: &Directory) -> Parties {
    let escalation = ob
        .escalate_to
        .clone()
        .or_else(|| dir.unit(assignee).and_then(|u| u.supervisor.clone()))
        .unwrap_or_else(|| ob.recipient.clone());
    Parties {
        assignee: assignee.clone(),
        coordinator: ob.via.clone().unwrap_or_else(|| ob.recipient.clone()),
        escalation,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn period_labels() {
        for (p, want) in [
            ("2023-Q3", "quý III/2023"),
            ("2024-Q1", "quý I/2024"),
            ("2023-09", "tháng 9/2023"),
            ("2023-H1", "6 tháng đầu năm 2023"),
            ("2023-H2", "6 tháng cuối năm 2023"),
            ("2023", "năm 2023"),
            ("2023-W07", "tuần 7/2023"),
            ("2021-11-30", ""),
            ("2023-09-13T07:00", ""),
        ] {
            assert_eq!(super::period_label(p), want, "{p}");
        }
    }
}

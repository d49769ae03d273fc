//! Occurrences: one obligation, one assignee unit, one period, with its (shifted) due instant.

use chrono::{Days, NaiveDate, Timelike};

use super::calendar::{Shift, WorkCalendar};
use super::ids::{ObligationId, PlanId, UnitId};
use super::model::{Directory, Holders, Obligation, ObligationKind, Plan};
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
    /// Units that ended before the due date and whose duty this unit took over.
    pub moved_from: Vec<UnitId>,
    /// Why nothing is owed after all (the assignee or the recipient ended with no successor),
    /// in words for the coordinator; such an occurrence is stored cancelled, never reminded.
    pub ended: Option<String>,
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
///
/// Units have a life: on each due date the assignees are the groups' members then, a unit not
/// yet created owes nothing, and a unit that ended before the due date hands the occurrence to
/// its successors (`moved_from` names it); with no successor, or when the recipient ended with
/// no successor, the occurrence is kept with `ended` saying why, so it can be shown cancelled.
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
        // "Ends before its due date": a unit must exist on the day the item falls due.
        let day = shifted.date_naive();
        let recipient_gone = match dir.holders_on(&ob.recipient, day) {
            Holders::Ended { last_day } => Some(ended_reason(dir, &ob.recipient, last_day, true)),
            _ => None,
        };
        for (assignee, moved_from, ended) in owed_on(ob, dir, day) {
            out.push(Occurrence {
                plan: plan.id.clone(),
                obligation: ob.id.clone(),
                assignee,
                period: due.period.clone(),
                due: shifted,
                nominal_due: due.instant,
                last_day,
                wording: wording.clone(),
                inferred: due.inferred,
                moved_from,
                ended: ended.or_else(|| recipient_gone.clone()),
            });
        }
    }
    out
}

/// Who owes `ob` on `day`, sorted by unit: (unit, the ended units it took over from, why
/// nothing is owed after all).
fn owed_on(
    ob: &Obligation,
    dir: &Directory,
    day: NaiveDate,
) -> Vec<(UnitId, Vec<UnitId>, Option<String>)> {
    let mut owed: std::collections::BTreeMap<UnitId, (Vec<UnitId>, Option<String>)> =
        std::collections::BTreeMap::new();
    let mut members: Vec<UnitId> = ob
        .assignees
        .iter()
        .flat_map(|a| dir.expand_on(a, day))
        .collect();
    members.sort();
    members.dedup();
    for u in members {
        match dir.holders_on(&u, day) {
            Holders::Itself => {
                owed.entry(u).or_default();
            }
            Holders::NotYet => {}
            Holders::Successors(succ) => {
                for s in succ {
                    let e = owed.entry(s).or_default();
                    if !e.0.contains(&u) {
                        e.0.push(u.clone());
                    }
                }
            }
            Holders::Ended { last_day } => {
                let reason = ended_reason(dir, &u, last_day, false);
                owed.entry(u).or_default().1 = Some(reason);
            }
        }
    }
    owed.into_iter().map(|(u, (m, e))| (u, m, e)).collect()
}

/// " (theo …)" for a unit whose life rests on a cited decision.
fn basis_note(dir: &Directory, id: &UnitId) -> String {
    dir.life(id)
        .and_then(|l| l.basis.as_deref())
        .map(|b| format!(" (theo {b})"))
        .unwrap_or_default()
}

/// Why an occurrence is cancelled: its assignee, or its recipient, ended with no successor.
pub fn ended_reason(dir: &Directory, id: &UnitId, last_day: NaiveDate, recipient: bool) -> String {
    let whom = if recipient {
        format!("nơi nhận báo cáo là {}", dir.name(id))
    } else {
        dir.name(id).to_owned()
    };
    format!(
        "Nhiệm vụ chấm dứt: {whom} đã kết thúc hoạt động từ ngày {}{}, không có đơn vị kế thừa.",
        vn_date(last_day + Days::new(1)),
        basis_note(dir, id)
    )
}

/// The audit line of an occurrence taken over from units that ended.
pub fn moved_note(dir: &Directory, occ: &Occurrence) -> Option<String> {
    if occ.moved_from.is_empty() {
        return None;
    }
    let from: Vec<String> = occ
        .moved_from
        .iter()
        .map(|u| format!("{}{}", dir.name(u), basis_note(dir, u)))
        .collect();
    Some(format!(
        "Chuyển từ {} sang {} do sắp xếp đơn vị hành chính.",
        from.join(", "),
        dir.name(&occ.assignee)
    ))
}

/// The reporting line of `ob` on `date`, each end replaced by its successor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `None`: the recipient ended with no successor.
    pub recipient: Option<UnitId>,
    /// `None` also when the `via` unit ended with no successor (reports go straight to the
    /// recipient) or when its successor is the recipient itself.
    pub via: Option<UnitId>,
    pub escalate_to: Option<UnitId>,
}

/// The recipient, via and escalation target of `ob` on `date`, after successions.
pub fn line_on(ob: &Obligation, dir: &Directory, date: NaiveDate) -> Line {
    let recipient = dir.stand_in(&ob.recipient, date);
    let via = ob
        .via
        .as_ref()
        .and_then(|v| dir.stand_in(v, date))
        .filter(|v| Some(v) != recipient.as_ref());
    let escalate_to = ob.escalate_to.as_ref().and_then(|e| dir.stand_in(e, date));
    Line {
        recipient,
        via,
        escalate_to,
    }
}

/// Who takes part in an occurrence of `ob` owed by `assignee` and due on `date`, every role
/// held by a unit that exists then (a successor stands in for one that ended; with none, the
/// next in line: escalation falls back to the supervisor, then the recipient).
pub fn parties_on(ob: &Obligation, assignee: &UnitId, dir: &Directory, date: NaiveDate) -> Parties {
    let line = line_on(ob, dir, date);
    let recipient = line
        .recipient
        .clone()
        .unwrap_or_else(|| ob.recipient.clone());
    let supervisor = dir
        .unit(assignee)
        .and_then(|u| u.supervisor.as_ref())
        .and_then(|s| dir.stand_in(s, date));
    Parties {
        assignee: assignee.clone(),
        coordinator: line.via.clone().unwrap_or_else(|| recipient.clone()),
        escalation: line.escalate_to.or(supervisor).unwrap_or(recipient),
    }
}

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

/// Who takes part in an occurrence of `ob` owed by `assignee`, as the schedule names them
/// (no succession: see `parties_on`).
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

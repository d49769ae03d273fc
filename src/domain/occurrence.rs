//! Occurrences: one obligation, one assignee unit, one period, with its (shifted) due instant.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, Timelike};

use super::calendar::{Shift, WorkCalendar};
use super::ids::{ObligationId, PlanId, UnitId};
use super::model::{Directory, Holders, Obligation, ObligationKind, Plan};
use super::rule::ReportingCalendar;
use super::time::{at, midnight, vn_date, Instant, Moment};

/// Who takes part in an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    pub assignee: UnitId,
    /// The coordinator: `via`, else the recipient.
    pub coordinator: UnitId,
    /// Where escalations go: `escalate_to`, else the assignee's supervisor, else the recipient.
    pub escalation: UnitId,
}

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

/// The last day on time for a due instant: the day before a midnight deadline, else its own day.
pub fn last_day_of(due: &Instant) -> NaiveDate {
    if is_midnight(due) {
        due.date_naive() - Days::new(1)
    } else {
        due.date_naive()
    }
}

/// Whole days from `due`'s last day to `day` (0 on or before the last day): how late a
/// submission on `day` was, or how long an open occurrence has been overdue.
pub fn days_after(due: &Instant, day: NaiveDate) -> i64 {
    (day - last_day_of(due)).num_days().max(0)
}

/// [`last_day_of`] and [`days_after`] for many deadlines held as moments, each distinct deadline
/// worked out once: a nation's live occurrences share a few hundred deadlines, and turning a
/// moment into a local date is the costly part.
#[derive(Debug, Default)]
pub struct LastDays(HashMap<Moment, NaiveDate>);

impl LastDays {
    pub fn of(&mut self, due: Moment) -> NaiveDate {
        *self
            .0
            .entry(due)
            .or_insert_with(|| last_day_of(&due.instant()))
    }

    pub fn days_after(&mut self, due: Moment, day: NaiveDate) -> i64 {
        (day - self.of(due)).num_days().max(0)
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
    for due in ob.due.dues_on(wide_lo, wide_hi, rc, cal) {
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
        let base = match (&ob.wording, ob.kind) {
            // The plan's own words win.
            (Some(words), _) => words.clone(),
            // An event is held on its day: say so rather than "trước ngày".
            (None, ObligationKind::Event) => {
                format!("diễn ra ngày {}", vn_date(due.instant.date_naive()))
            }
            (None, _) => due.wording.clone(),
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
            Holders::Ended { last_day, by } => {
                Some(ended_reason(dir, &ob.recipient, &by, last_day, true))
            }
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
            // One ended occurrence per chain, on the unit that held the duty last.
            Holders::Ended { last_day, by } => {
                let reason = ended_reason(dir, &by, &by, last_day, false);
                owed.entry(by).or_default().1 = Some(reason);
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

/// Why an occurrence is cancelled: its assignee, or its recipient, ended with no successor
/// (`by`: the last unit that held its duties, itself or a successor).
pub fn ended_reason(
    dir: &Directory,
    id: &UnitId,
    by: &UnitId,
    last_day: NaiveDate,
    recipient: bool,
) -> String {
    let mut whom = dir.name(by).to_owned();
    if by != id {
        whom = format!("{whom} (kế thừa {})", dir.name(id));
    }
    if recipient {
        whom = format!("nơi nhận báo cáo là {whom}");
    }
    format!(
        "Nhiệm vụ chấm dứt: {whom} đã kết thúc hoạt động từ ngày {}{}, không có đơn vị kế thừa.",
        vn_date(last_day + Days::new(1)),
        basis_note(dir, by)
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
    fn last_days_of_moments_agree_with_the_instants() {
        use crate::domain::time::parse_instant;
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut memo = LastDays::default();
        // (deadline, day asked, last day on time, days after)
        for (due, on, last, after) in [
            ("2025-03-13T00:00:00+07:00", "2025-03-20", "2025-03-12", 8),
            ("2025-03-13T00:00:00+07:00", "2025-03-12", "2025-03-12", 0),
            ("2025-03-13T00:00:01+07:00", "2025-03-14", "2025-03-13", 1),
            ("2025-03-12T17:00:00+00:00", "2025-03-14", "2025-03-12", 2),
            ("2025-03-12T17:00:01+00:00", "2025-03-14", "2025-03-13", 1),
            ("2025-03-12T16:59:59+00:00", "2025-03-14", "2025-03-12", 2),
            ("2025-12-31T23:59:59+07:00", "2025-01-01", "2025-12-31", 0),
        ] {
            let t = parse_instant(due).unwrap();
            let m = Moment::of(&t);
            // Asked twice: the second answer is the remembered one.
            for _ in 0..2 {
                assert_eq!(memo.of(m), day(last), "{due}");
                assert_eq!(memo.of(m), last_day_of(&t), "{due}");
                assert_eq!(memo.days_after(m, day(on)), after, "{due} on {on}");
                assert_eq!(memo.days_after(m, day(on)), days_after(&t, day(on)));
            }
        }
    }

    use std::collections::BTreeMap;

    use chrono::NaiveDate;

    use super::*;
    use crate::domain::ids::{ObligationId, PlanId, UnitId};
    use crate::domain::model::{Contacts, Group, Life, Unit};
    use crate::domain::policy::Policy;
    use crate::domain::rule::{DueRule, RuleSpec};

    fn id(s: &str) -> UnitId {
        UnitId::parse(s).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn life(from: Option<&str>, until: Option<&str>, successors: &[&str]) -> Life {
        Life {
            valid_from: from.map(day),
            valid_until: until.map(day),
            successors: successors.iter().map(|s| id(s)).collect(),
            formerly: Vec::new(),
            basis: Some("NQ 1/2024".into()),
        }
    }

    /// xa-a merges into xa-b on 1/11/2024 (xa-b exists only from then, and joins the group
    /// then); xa-b ends on 30/6/2025 with no successor; xa-c lives on. The recipient ends on
    /// 28/2/2025 and ca-tinh takes over.
    fn world() -> (Directory, Plan, Obligation) {
        let unit = |s: &str| Unit {
            id: id(s),
            name: format!("UBND {s}"),
            short: None,
            supervisor: None,
            contacts: Contacts::default(),
        };
        let units = ["xa-a", "xa-b", "xa-c", "ca-huyen", "ca-tinh"]
            .map(unit)
            .to_vec();
        let groups = vec![Group {
            id: id("cac-xa"),
            name: "Các xã".into(),
            members: vec![id("xa-a"), id("xa-b"), id("xa-c")],
            illustrative: false,
            note: None,
        }];
        let lives = BTreeMap::from([
            (id("xa-a"), life(None, Some("2024-10-31"), &["xa-b"])),
            (
                id("xa-b"),
                life(Some("2024-11-01"), Some("2025-06-30"), &[]),
            ),
            (id("ca-huyen"), life(None, Some("2025-02-28"), &["ca-tinh"])),
        ]);
        let memberships = BTreeMap::from([(
            (id("cac-xa"), id("xa-b")),
            life(Some("2024-11-01"), None, &[]),
        )]);
        let dir = Directory::new(units, groups).with_lives(lives, memberships);
        let spec: RuleSpec =
            toml::from_str("rule = \"quarterly\"\nmonth_of_quarter = 3\nday = 13").unwrap();
        let ob = Obligation {
            id: ObligationId::parse("bao-cao").unwrap(),
            title: "Báo cáo".into(),
            kind: ObligationKind::Report,
            clause: "IV.1".into(),
            quote: "…".into(),
            assignees: vec![id("cac-xa")],
            recipient: id("ca-huyen"),
            via: None,
            escalate_to: None,
            cooperating: Vec::new(),
            due: DueRule::parse(&spec).unwrap(),
            wording: None,
            valid_from: day("2024-01-01"),
            valid_until: None,
            shift: Shift::None,
            policy: Policy::default(),
        };
        let plan = Plan {
            id: PlanId::parse("kh").unwrap(),
            number: None,
            issuer: "UBND".into(),
            issued: None,
            title: "KH".into(),
            source: "x.txt".into(),
            valid_from: day("2024-01-01"),
            valid_until: None,
            obligations: vec![ob.clone()],
        };
        (dir, plan, ob)
    }

    #[test]
    fn occurrences_follow_the_units_lives() {
        let (dir, plan, ob) = world();
        let occs = occurrences(
            &plan,
            &ob,
            &dir,
            &WorkCalendar::weekends_only(),
            &ReportingCalendar::default(),
            midnight(day("2024-09-01")),
            midnight(day("2025-10-01")),
        );
        let got: Vec<(String, &str, Vec<&str>, bool)> = occs
            .iter()
            .map(|o| {
                (
                    o.due.date_naive().to_string(),
                    o.assignee.as_str(),
                    o.moved_from.iter().map(UnitId::as_str).collect(),
                    o.ended.is_some(),
                )
            })
            .collect();
        let want: Vec<(String, &str, Vec<&str>, bool)> = vec![
            // Before the merger: xa-a and xa-c; xa-b does not exist yet.
            ("2024-09-13".into(), "xa-a", vec![], false),
            ("2024-09-13".into(), "xa-c", vec![], false),
            // After it: xa-b owes once, taking over xa-a's duty (and is a member itself).
            ("2024-12-13".into(), "xa-b", vec!["xa-a"], false),
            ("2024-12-13".into(), "xa-c", vec![], false),
            ("2025-03-13".into(), "xa-b", vec!["xa-a"], false),
            ("2025-03-13".into(), "xa-c", vec![], false),
            ("2025-06-13".into(), "xa-b", vec!["xa-a"], false),
            ("2025-06-13".into(), "xa-c", vec![], false),
            // xa-b ended with no successor: kept, ended, for the coordinator to see.
            ("2025-09-13".into(), "xa-b", vec![], true),
            ("2025-09-13".into(), "xa-c", vec![], false),
        ];
        assert_eq!(got, want);
        let ended = occs.iter().find_map(|o| o.ended.clone()).unwrap();
        assert_eq!(
            ended,
            "Nhiệm vụ chấm dứt: UBND xa-b đã kết thúc hoạt động từ ngày 01/07/2025 (theo NQ 1/2024), không có đơn vị kế thừa."
        );
        let moved = occs.iter().find(|o| !o.moved_from.is_empty()).unwrap();
        assert_eq!(
            moved_note(&dir, moved).unwrap(),
            "Chuyển từ UBND xa-a (theo NQ 1/2024) sang UBND xa-b do sắp xếp đơn vị hành chính."
        );
    }

    /// An occurrence counted in working days from an event falls after the days off of the
    /// calendar it is computed on ("03 ngày làm việc kể từ ngày nhận hồ sơ", received on the
    /// Friday before a week off for Tết).
    #[test]
    fn working_days_from_an_event_skip_the_calendars_days_off() {
        let (dir, plan, mut ob) = world();
        ob.assignees = vec![id("xa-c")];
        ob.due = DueRule::parse(
            &toml::from_str::<RuleSpec>(
                "rule = \"after_event\"\ndays = 3\nevent = \"nhận hồ sơ\"\nevent_date = \"2026-02-13\"\nworking_days = true",
            )
            .unwrap(),
        )
        .unwrap();
        let tet = crate::domain::calendar::tests::tet_2026();
        let last_day = |cal: &WorkCalendar| {
            let occs = occurrences(
                &plan,
                &ob,
                &dir,
                cal,
                &ReportingCalendar::default(),
                midnight(day("2026-01-01")),
                midnight(day("2026-12-31")),
            );
            assert_eq!(occs.len(), 1, "{occs:?}");
            last_day_of(&occs[0].due).to_string()
        };
        assert_eq!(last_day(&WorkCalendar::weekends_only()), "2026-02-18");
        assert_eq!(last_day(&tet), "2026-02-25");
    }

    #[test]
    fn the_reporting_line_is_held_by_units_that_exist() {
        let (dir, _, ob) = world();
        for (date, recipient) in [
            ("2025-02-28", Some("ca-huyen")),
            ("2025-03-01", Some("ca-tinh")),
        ] {
            let line = line_on(&ob, &dir, day(date));
            assert_eq!(
                line.recipient.as_ref().map(UnitId::as_str),
                recipient,
                "{date}"
            );
            let p = parties_on(&ob, &id("xa-c"), &dir, day(date));
            assert_eq!(Some(p.coordinator.as_str()), recipient, "{date}");
        }
    }

    #[test]
    fn holders_follow_chains_and_report_the_last_holder() {
        let (dir, _, _) = world();
        for (unit, date, want) in [
            ("xa-a", "2024-10-31", Holders::Itself),
            ("xa-a", "2024-11-01", Holders::Successors(vec![id("xa-b")])),
            ("xa-b", "2024-10-31", Holders::NotYet),
            (
                "xa-a",
                "2025-07-01",
                Holders::Ended {
                    last_day: day("2025-06-30"),
                    by: id("xa-b"),
                },
            ),
            ("xa-c", "2030-01-01", Holders::Itself),
        ] {
            assert_eq!(dir.holders_on(&id(unit), day(date)), want, "{unit} {date}");
        }
        // Group membership follows the dates too.
        assert_eq!(
            dir.expand_on(&id("cac-xa"), day("2024-10-31")),
            vec![id("xa-a"), id("xa-c")]
        );
        assert_eq!(
            dir.expand_on(&id("cac-xa"), day("2024-11-01")),
            vec![id("xa-a"), id("xa-b"), id("xa-c")]
        );
    }

    #[test]
    fn successor_cycles_are_found() {
        let unit = |s: &str| Unit {
            id: id(s),
            name: s.into(),
            short: None,
            supervisor: None,
            contacts: Contacts::default(),
        };
        let lives = BTreeMap::from([
            (id("a"), life(None, Some("2024-01-01"), &["b"])),
            (id("b"), life(None, Some("2024-01-01"), &["a"])),
        ]);
        let dir = Directory::new(vec![unit("a"), unit("b"), unit("c")], vec![])
            .with_lives(lives, BTreeMap::new());
        assert_eq!(
            dir.successor_cycle(&id("a")),
            Some(vec![id("a"), id("b"), id("a")])
        );
        assert_eq!(dir.successor_cycle(&id("c")), None);
        // A cycle never loops forever: nobody holds the duties after both ended.
        assert!(matches!(
            dir.holders_on(&id("a"), day("2024-06-01")),
            Holders::Ended { .. }
        ));
    }

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
            assert_eq!(period_label(p), want, "{p}");
        }
    }
}

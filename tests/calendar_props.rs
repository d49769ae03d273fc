//! Property tests for the calendar: due instants increase, stay inside the validity window and
//! the query range, shifted deadlines end on working days, and notifications go out on working
//! days in order.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use proptest::prelude::*;

use dondoc::domain::calendar::{Shift, WorkCalendar};
use dondoc::domain::ids::{ObligationId, PlanId, UnitId};
use dondoc::domain::model::{Directory, Obligation, ObligationKind, Plan, Unit};
use dondoc::domain::notices::{plan_notifications, Stage};
use dondoc::domain::occurrence::{occurrences, parties};
use dondoc::domain::policy::Policy;
use dondoc::domain::rule::{Cutoff, DueRule, Every, ReportingCalendar, RuleSpec, Wd};
use dondoc::domain::time::midnight;
use dondoc::schedule::diag::Source;

fn shipped_calendar() -> WorkCalendar {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("holidays");
    let mut sources: Vec<Source> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            Source::new(p.clone(), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let (cal, errors) = dondoc::schedule::holidays::build(&sources);
    assert!(errors.is_empty(), "{errors:?}");
    cal
}

fn cutoff() -> impl Strategy<Value = Cutoff> {
    prop_oneof![Just(Cutoff::Before), Just(Cutoff::EndOfDay)]
}

fn weekday() -> impl Strategy<Value = Wd> {
    prop_oneof![
        Just(Wd::Mon),
        Just(Wd::Tue),
        Just(Wd::Wed),
        Just(Wd::Thu),
        Just(Wd::Fri),
        Just(Wd::Sat),
        Just(Wd::Sun)
    ]
}

fn date(lo: i32, hi: i32) -> impl Strategy<Value = NaiveDate> {
    (lo..=hi, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn spec() -> impl Strategy<Value = RuleSpec> {
    prop_oneof![
        (date(2021, 2030), cutoff()).prop_map(|(d, cutoff)| RuleSpec::Once {
            date: d.to_string(),
            cutoff
        }),
        (1u32..=12, 1u32..=28, cutoff()).prop_map(|(month, day, cutoff)| RuleSpec::Yearly {
            month,
            day,
            cutoff
        }),
        (1u32..=6, 1u32..=31, cutoff()).prop_map(|(month_of_half, day, cutoff)| {
            RuleSpec::HalfYearly {
                month_of_half,
                day,
                cutoff,
            }
        }),
        (1u32..=3, 1u32..=31, cutoff()).prop_map(|(month_of_quarter, day, cutoff)| {
            RuleSpec::Quarterly {
                month_of_quarter,
                day,
                cutoff,
            }
        }),
        (1u32..=31, cutoff()).prop_map(|(day, cutoff)| RuleSpec::Monthly { day, cutoff }),
        (weekday(), cutoff()).prop_map(|(weekday, cutoff)| RuleSpec::Weekly { weekday, cutoff }),
        (2021i32..=2030, 1u32..=12).prop_map(|(year, month)| RuleSpec::EndOfMonth { year, month }),
        (2021i32..=2030, 1u32..=4)
            .prop_map(|(year, quarter)| RuleSpec::EndOfQuarter { year, quarter }),
        (2021i32..=2030).prop_map(|year| RuleSpec::EndOfYear { year }),
        (1u32..=4).prop_map(|quarter| RuleSpec::YearlyEndOfQuarter { quarter }),
        prop_oneof![
            Just("0 30 7 * * 2"),
            Just("0 0 9 1,15 * *"),
            Just("0 0 0 13 3,6,9,12 *")
        ]
        .prop_map(|e| RuleSpec::Cron { expr: e.to_owned() }),
        prop_oneof![
            Just(Every::Week),
            Just(Every::Month),
            Just(Every::Quarter),
            Just(Every::HalfYear),
            Just(Every::Year)
        ]
        .prop_map(|every| RuleSpec::Periodic { every }),
    ]
}

fn shift() -> impl Strategy<Value = Shift> {
    prop_oneof![
        Just(Shift::None),
        Just(Shift::NextWorkingDay),
        Just(Shift::PreviousWorkingDay)
    ]
}

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

fn fixture(
    rule: DueRule,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    shift: Shift,
) -> (Plan, Directory) {
    let unit = |s: &str, sup: Option<&str>| Unit {
        id: id(s),
        name: s.to_owned(),
        short: None,
        supervisor: sup.map(id),
        contacts: Default::default(),
    };
    let dir = Directory::new(
        vec![
            unit("ubnd", None),
            unit("ca", Some("ubnd")),
            unit("xa", Some("ubnd")),
        ],
        vec![],
    );
    let ob = Obligation {
        id: id::<ObligationId>("ob"),
        title: "Báo cáo".into(),
        kind: ObligationKind::Report,
        clause: "IV.1".into(),
        quote: "…".into(),
        assignees: vec![id::<UnitId>("xa")],
        recipient: id("ubnd"),
        via: Some(id("ca")),
        cooperating: Vec::new(),
        escalate_to: None,
        due: rule,
        wording: None,
        valid_from,
        valid_until,
        shift,
        policy: Policy::default(),
    };
    let plan = Plan {
        id: id::<PlanId>("kh"),
        number: None,
        issuer: "UBND".into(),
        issued: Some(valid_from),
        title: "KH".into(),
        source: "x.txt".into(),
        valid_from,
        valid_until,
        obligations: vec![ob],
    };
    (plan, dir)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn occurrences_are_ordered_inside_window_and_on_working_days(
        spec in spec(),
        valid_from in date(2021, 2027),
        span_days in 0u64..2500,
        open_ended in any::<bool>(),
        shift in shift(),
        q_from in date(2020, 2028),
        q_days in 1u64..3000,
    ) {
        let cal = shipped_calendar();
        let rc = ReportingCalendar::default();
        let rule = DueRule::parse(&spec).unwrap();
        let valid_until = (!open_ended).then(|| valid_from + Days::new(span_days));
        let (plan, dir) = fixture(rule, valid_from, valid_until, shift);
        let ob = &plan.obligations[0];
        let from = midnight(q_from);
        let until = midnight(q_from + Days::new(q_days));
        let occs = occurrences(&plan, ob, &dir, &cal, &rc, from, until);

        let lo = from.max(midnight(valid_from));
        let hi = valid_until.map_or(until, |u| until.min(midnight(u + Days::new(1))));
        for w in occs.windows(2) {
            // Nominal instants strictly increase; shifting never reorders.
            prop_assert!(w[0].nominal_due < w[1].nominal_due, "{:?} then {:?}", w[0], w[1]);
            prop_assert!(w[0].due <= w[1].due);
        }
        for o in &occs {
            prop_assert!(o.due >= lo && o.due < hi, "{} outside [{lo}, {hi})", o.due);
            prop_assert_eq!(o.inferred, matches!(spec, RuleSpec::Periodic { .. }));
            match shift {
                Shift::None => prop_assert_eq!(o.due, o.nominal_due),
                _ => {
                    prop_assert!(cal.is_working_day(o.last_day), "shifted last day {} is not a working day", o.last_day);
                    let moved = (o.due - o.nominal_due).num_days().abs();
                    prop_assert!(moved <= 12, "moved {moved} days");
                }
            }
            if o.due.time() == NaiveTime::MIN {
                prop_assert_eq!(o.last_day + Days::new(1), o.due.date_naive());
            }
        }
    }

    #[test]
    fn notifications_go_out_on_working_days_in_order(
        spec in spec(),
        valid_from in date(2021, 2027),
        shift in shift(),
        policy_before in proptest::collection::vec(1u32..15, 0..4),
        escalate_after in 0u32..15,
        repeat_every in 1u32..15,
        max_repeats in 0u32..6,
    ) {
        let cal = shipped_calendar();
        let rc = ReportingCalendar::default();
        let rule = DueRule::parse(&spec).unwrap();
        let (plan, dir) = fixture(rule, valid_from, None, shift);
        let ob = &plan.obligations[0];
        let policy = Policy {
            remind_before_working_days: policy_before,
            escalate_after_days: escalate_after,
            repeat_every_days: repeat_every,
            max_repeats,
            ..Policy::default()
        };
        let from = midnight(valid_from);
        let until = midnight(valid_from + Days::new(400));
        for occ in occurrences(&plan, ob, &dir, &cal, &rc, from, until).iter().take(20) {
            let p = parties(ob, &occ.assignee, &dir);
            let planned = plan_notifications(occ, &p, &policy, &cal, midnight(valid_from), None);
            for w in planned.windows(2) {
                prop_assert!(w[0].at < w[1].at, "{:?} then {:?}", w[0], w[1]);
            }
            for n in &planned {
                prop_assert!(cal.is_working_day(n.at.date_naive()), "{:?} on a day off", n);
                prop_assert_eq!(n.at.time(), policy.reminder_time);
                match n.stage {
                    Stage::Reminder | Stage::Due => prop_assert!(n.at < occ.due),
                    _ => prop_assert!(n.at >= occ.due),
                }
                prop_assert!(n.at.year() >= valid_from.year());
            }
        }
    }
}

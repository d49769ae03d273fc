//! The tallies and the live index agree with a full scan of the records after any sequence of writes (and after a reopen), and the statistics and lists read from them equal those read from the records; a store without them (an earlier dondoc's) gets them built once.

use std::path::Path;

use chrono::NaiveDate;
use dondoc::domain::ids::UnitId;
use dondoc::domain::time::{parse_instant, Instant};
use dondoc::ledger::{self, Selection, Status};
use dondoc::store::{
    AuditEntry, Decision, Extension, OccurrenceRecord, OccurrenceState, Store, Submission,
};
use proptest::prelude::*;

const UNITS: [&str; 4] = ["xa-a", "xa-b", "xa-c", "so-d"];
const PLANS: [&str; 3] = ["kh-1", "kh-2", "kh-3"];

#[derive(Debug, Clone)]
enum Op {
    /// A new record (or one written over), due on the day given (days after 1/11/2024).
    Put {
        unit: usize,
        plan: usize,
        period: u8,
        day: i64,
        history: bool,
    },
    /// A submission so many days after the deadline's day (negative: before).
    Submit {
        which: usize,
        days: i64,
    },
    Confirm {
        which: usize,
    },
    Reject {
        which: usize,
    },
    Extend {
        which: usize,
        days: u64,
    },
    Waive {
        which: usize,
    },
    Cancel {
        which: usize,
    },
    /// Taken over by another unit (a succession).
    Move {
        which: usize,
        unit: usize,
    },
    /// A tick's bookkeeping: no change to the outcome.
    Handle {
        which: usize,
    },
    /// Several records in one transaction (as the scheduler stores a plan's), some new, some
    /// written over; up to 80, more than a bucket of the index by deadline holds, so buckets
    /// split.
    PutMany {
        first: i64,
        count: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..UNITS.len(), 0..PLANS.len(), 0u8..6, 0i64..500, prop::bool::weighted(0.2))
            .prop_map(|(unit, plan, period, day, history)| Op::Put { unit, plan, period, day, history }),
        3 => (any::<usize>(), -20i64..40).prop_map(|(which, days)| Op::Submit { which, days }),
        2 => any::<usize>().prop_map(|which| Op::Confirm { which }),
        1 => any::<usize>().prop_map(|which| Op::Reject { which }),
        2 => (any::<usize>(), 1u64..60).prop_map(|(which, days)| Op::Extend { which, days }),
        1 => any::<usize>().prop_map(|which| Op::Waive { which }),
        1 => any::<usize>().prop_map(|which| Op::Cancel { which }),
        1 => (any::<usize>(), 0..UNITS.len()).prop_map(|(which, unit)| Op::Move { which, unit }),
        1 => any::<usize>().prop_map(|which| Op::Handle { which }),
        1 => (0i64..400, 1usize..80).prop_map(|(first, count)| Op::PutMany { first, count }),
    ]
}

fn start() -> Instant {
    parse_instant("2024-11-01T00:00:00+07:00").unwrap()
}

fn decision() -> Decision {
    Decision {
        at: start(),
        by: "admin".into(),
        reason: None,
    }
}

fn apply(store: &Store, ids: &mut Vec<String>, op: &Op) {
    let pick = |which: usize| (!ids.is_empty()).then(|| ids[which % ids.len()].clone());
    match op {
        Op::Put {
            unit,
            plan,
            period,
            day,
            history,
        } => {
            let (unit, plan) = (UNITS[*unit], PLANS[*plan]);
            let id = format!("{plan}/bao-cao/{unit}/p{period}");
            store
                .put_occurrence(&OccurrenceRecord {
                    id: id.clone(),
                    plan: plan.into(),
                    obligation: "bao-cao".into(),
                    assignee: unit.into(),
                    period: format!("p{period}"),
                    due: start() + chrono::Duration::days(*day),
                    state: if *history {
                        OccurrenceState::History
                    } else {
                        OccurrenceState::Open
                    },
                    ..Default::default()
                })
                .unwrap();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Op::Submit { which, days } => {
            let Some(id) = pick(*which) else { return };
            let days = *days;
            store
                .update_occurrence_audited(&id, |r| {
                    (r.state == OccurrenceState::Open).then(|| {
                        r.state = OccurrenceState::Submitted;
                        r.submission = Some(Submission {
                            at: r.due + chrono::Duration::days(days),
                            by: r.assignee.clone(),
                            document: None,
                            note: None,
                        });
                        AuditEntry {
                            occurrence: r.id.clone(),
                            at: start(),
                            who: "test".into(),
                            what: "submitted".into(),
                            before: Some("open".into()),
                            after: Some("submitted".into()),
                        }
                    })
                })
                .unwrap();
        }
        Op::Confirm { which } => {
            let Some(id) = pick(*which) else { return };
            store
                .update_occurrence(&id, |r| {
                    let ok = r.state == OccurrenceState::Submitted;
                    if ok {
                        r.state = OccurrenceState::Confirmed;
                        r.review = Some(decision());
                    }
                    ok
                })
                .unwrap();
        }
        Op::Reject { which } => {
            let Some(id) = pick(*which) else { return };
            store
                .update_occurrence(&id, |r| {
                    let ok = r.state == OccurrenceState::Submitted;
                    if ok {
                        r.state = OccurrenceState::Open;
                        r.submission = None;
                    }
                    ok
                })
                .unwrap();
        }
        Op::Extend { which, days } => {
            let Some(id) = pick(*which) else { return };
            store
                .update_occurrence(&id, |r| {
                    let ok = r.state == OccurrenceState::Open;
                    if ok {
                        let number = r.extension.as_ref().map_or(1, |e| e.number + 1);
                        r.extension = Some(Extension {
                            due: r.effective_due() + chrono::Duration::days(*days as i64),
                            number,
                            decision: decision(),
                        });
                    }
                    ok
                })
                .unwrap();
        }
        Op::Waive { which } | Op::Cancel { which } => {
            let Some(id) = pick(*which) else { return };
            let to = if matches!(op, Op::Waive { .. }) {
                OccurrenceState::Waived
            } else {
                OccurrenceState::Cancelled
            };
            store
                .update_occurrence(&id, |r| {
                    let ok = r.state == OccurrenceState::Open;
                    if ok {
                        r.state = to;
                        r.closure = Some(decision());
                    }
                    ok
                })
                .unwrap();
        }
        Op::Move { which, unit } => {
            let Some(id) = pick(*which) else { return };
            store
                .update_occurrence(&id, |r| {
                    r.assignee = UNITS[*unit].into();
                    true
                })
                .unwrap();
        }
        Op::PutMany { first, count } => {
            let records: Vec<OccurrenceRecord> = (0..*count)
                .map(|i| {
                    let unit = UNITS[i % UNITS.len()];
                    OccurrenceRecord {
                        id: format!("kh-1/batch/{unit}/p{i}"),
                        plan: "kh-1".into(),
                        obligation: "batch".into(),
                        assignee: unit.into(),
                        period: format!("p{i}"),
                        due: start() + chrono::Duration::days(first + 7 * i as i64),
                        state: if i % 5 == 4 {
                            OccurrenceState::History
                        } else {
                            OccurrenceState::Open
                        },
                        ..Default::default()
                    }
                })
                .collect();
            store.put_occurrences(&records).unwrap();
            for r in records {
                if !ids.contains(&r.id) {
                    ids.push(r.id);
                }
            }
        }
        Op::Handle { which } => {
            let Some(id) = pick(*which) else { return };
            store
                .update_occurrence(&id, |r| {
                    r.handled.push("reminder-3".into());
                    true
                })
                .unwrap();
        }
    }
}

fn ids(rows: Vec<ledger::Row>) -> Vec<String> {
    rows.into_iter().map(|r| r.id).collect()
}

fn record_ids(records: Vec<OccurrenceRecord>) -> Vec<String> {
    records.into_iter().map(|r| r.id).collect()
}

fn window(ids: &[String], skip: usize, take: usize) -> Vec<String> {
    ids.iter().skip(skip).take(take).cloned().collect()
}

fn world() -> dondoc::schedule::World {
    dondoc::schedule::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml"))
        .expect("the shipped config loads")
}

/// Everything read from the aggregates equals the same read from the records.
fn agree(store: &Store, world: &dondoc::schedule::World) {
    let problems = store.check_aggregates().unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    let records = store.occurrences().unwrap();
    for (state, n) in store.count_by_state().unwrap() {
        let want = records.iter().filter(|r| r.state == state).count();
        assert_eq!(n, want, "{state:?}");
    }
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let some_units: Vec<UnitId> = ["xa-a", "so-d"]
        .iter()
        .map(|u| UnitId::parse(u).unwrap())
        .collect();
    for now in [
        "2024-12-20T09:00:00+07:00",
        "2025-06-01T00:00:00+07:00",
        "2026-03-01T08:00:00+07:00",
    ] {
        let now = parse_instant(now).unwrap();
        for (from, to) in [
            (d(2025, 1, 1), d(2025, 12, 31)),
            (d(2024, 11, 1), d(2026, 3, 31)),
            (d(2025, 2, 1), d(2025, 2, 28)),
            // Not whole months: read from the records.
            (d(2025, 1, 15), d(2025, 7, 14)),
        ] {
            for units in [None, Some(some_units.as_slice())] {
                let want = ledger::stats(world, &records, now, from, to, units);
                let got = dondoc::reading::stats(store, world, now, from, to, units, None).unwrap();
                assert_eq!(
                    serde_json::to_value(&got).unwrap(),
                    serde_json::to_value(&want).unwrap(),
                    "{from}..{to} {units:?} at {now}"
                );
                let plan = Some("kh-2");
                let want_plan: Vec<OccurrenceRecord> = records
                    .iter()
                    .filter(|r| r.plan == "kh-2")
                    .cloned()
                    .collect();
                let want = ledger::stats(world, &want_plan, now, from, to, units);
                let got = dondoc::reading::stats(store, world, now, from, to, units, plan).unwrap();
                assert_eq!(
                    serde_json::to_value(&got).unwrap(),
                    serde_json::to_value(&want).unwrap()
                );
            }
            for sel in [
                Selection {
                    statuses: Some(vec![Status::OpenOverdue]),
                    ..Default::default()
                },
                Selection {
                    states: Some(vec![OccurrenceState::Submitted]),
                    units: Some(some_units.clone()),
                    ..Default::default()
                },
                Selection {
                    statuses: Some(vec![Status::OpenNotDue]),
                    plan: Some("kh-1".into()),
                    from: Some(now),
                    ..Default::default()
                },
            ] {
                let want: Vec<String> = ledger::select(world, &records, now, &sel)
                    .into_iter()
                    .map(|r| r.id)
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let got: Vec<String> = dondoc::reading::live(store, &sel, now)
                    .into_iter()
                    .map(|(id, _)| id.to_string())
                    .collect();
                assert_eq!(got, want, "{sel:?}");
                // Paged by deadline, as the occurrence list pages them.
                assert!(dondoc::reading::only_live(&sel));
                let ordered = ids(ledger::select(world, &records, now, &sel));
                for (skip, take) in [(0, 3), (2, 5), (0, 1000), (1000, 5)] {
                    let (page, total) =
                        dondoc::reading::live_page(store, &sel, now, skip, take).unwrap();
                    assert_eq!(total, ordered.len());
                    assert_eq!(record_ids(page), window(&ordered, skip, take), "{sel:?}");
                }
            }
            // The index by deadline, with or without statuses (a closed record's status is
            // fixed; an open one's is judged from the deadline in force the index orders by).
            for sel in [
                Selection::default(),
                Selection {
                    statuses: Some(vec![Status::DoneLate, Status::Waived]),
                    ..Default::default()
                },
                Selection {
                    statuses: Some(vec![Status::DoneOnTime, Status::OpenOverdue]),
                    units: Some(some_units.clone()),
                    ..Default::default()
                },
                Selection {
                    statuses: Some(vec![Status::OpenNotDue, Status::History, Status::Cancelled]),
                    from: Some(now),
                    ..Default::default()
                },
                Selection {
                    states: Some(vec![OccurrenceState::History, OccurrenceState::Confirmed]),
                    ..Default::default()
                },
                Selection {
                    units: Some(some_units.clone()),
                    plan: Some("kh-3".into()),
                    from: Some(now),
                    ..Default::default()
                },
                Selection {
                    until: Some(now),
                    ..Default::default()
                },
            ] {
                assert!(!dondoc::reading::only_live(&sel));
                let ordered = ids(ledger::select(world, &records, now, &sel));
                for (skip, take) in [(0, 3), (2, 5), (0, 1000), (1000, 5)] {
                    let (page, total) =
                        dondoc::reading::page_by_due(store, &sel, now, skip, take).unwrap();
                    assert_eq!(total, ordered.len(), "{sel:?}");
                    assert_eq!(record_ids(page), window(&ordered, skip, take), "{sel:?}");
                }
            }
            // The overdue list of every unit, most overdue first.
            let sel = Selection::default();
            let ordered = ids(ledger::overdue(world, &records, now, &sel));
            for (skip, take) in [(0, 2), (1, 4), (0, 1000)] {
                let (page, total) =
                    dondoc::reading::overdue_page(store, &sel, now, skip, take).unwrap();
                assert_eq!(total, ordered.len());
                assert_eq!(record_ids(page), window(&ordered, skip, take));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn aggregates_follow_every_write_and_survive_a_reopen(ops in prop::collection::vec(op(), 1..60)) {
        let world = world();
        let dir = tempfile::tempdir().unwrap();
        let mut ids = Vec::new();
        {
            let store = Store::open(dir.path()).unwrap();
            for op in &ops {
                apply(&store, &mut ids, op);
            }
            agree(&store, &world);
            store.flush().unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        agree(&store, &world);
    }
}

#[test]
fn a_store_without_aggregates_gets_them_built_once_from_its_records() {
    // A backup written by dondoc 0.1 (no live index, no tallies) restored and opened.
    let world = world();
    let dir = tempfile::tempdir().unwrap();
    let backup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-0.1.jsonl");
    {
        let store = Store::open(dir.path()).unwrap();
        let file = std::fs::File::open(&backup).unwrap();
        store
            .restore(std::io::BufReader::new(file), "store-0.1.jsonl")
            .unwrap();
        agree(&store, &world);
        assert!(store.count_by_state().unwrap().iter().any(|(_, n)| *n > 0));
    }
    let store = Store::open(dir.path()).unwrap();
    agree(&store, &world);
}

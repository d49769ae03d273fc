//! A sled store written by the previous release (every value JSON, schema version 1), checked
//! in under tests/fixtures/store-json, opens in this release: its occurrence records are
//! rewritten once in the compact encoding and read the same.
//!
//! The fixture was made by `make_fixture` below, run at commit e3e6f77 (before the compact
//! encoding) with `DONDOC_FIXTURE_OUT=tests/fixtures cargo test --test store_encoding --
//! --ignored make_fixture`: it writes the store (`store-json/`) through the store's API and a
//! backup of it (`store-json.jsonl`), which records what that release read.

use dondoc::domain::time::parse_instant;
use dondoc::store::{
    AuditEntry, Decision, DeliveryState, EntryKind, Extension, IngestMark, OccurrenceRecord,
    OccurrenceState, OutboxEntry, Rejected, Store, Submission,
};

fn at(text: &str) -> dondoc::domain::time::Instant {
    parse_instant(text).unwrap()
}

/// A few dozen records in every state, with submissions, reviews, rejections, extensions,
/// closures, a record moved to another unit, and an instant with milliseconds.
fn records() -> Vec<OccurrenceRecord> {
    let states = OccurrenceState::ALL;
    let mut out = Vec::new();
    for (p, plan) in ["kh-an-ninh-2023", "kh-bao-cao"].into_iter().enumerate() {
        for unit in 0..4 {
            for q in 1..=4 {
                let n = p * 16 + unit * 4 + (q - 1);
                let assignee = format!("ubnd-xa-{unit}");
                let period = format!("2023-Q{q}");
                let state = states[n % states.len()];
                let mut rec = OccurrenceRecord {
                    id: format!("{plan}/bao-cao-quy/{assignee}/{period}"),
                    plan: plan.into(),
                    obligation: "bao-cao-quy".into(),
                    assignee,
                    period,
                    due: at(&format!("2023-{:02}-13T00:00:00+07:00", q * 3)),
                    wording: if n % 3 == 0 {
                        String::new()
                    } else {
                        "trước ngày 13 tháng đầu quý sau".into()
                    },
                    inferred: n % 5 == 0,
                    state,
                    handled: match n % 4 {
                        0 => vec![],
                        1 => vec!["reminder-7".into()],
                        2 => vec!["reminder-7".into(), "reminder-3".into(), "due".into()],
                        _ => vec![
                            "reminder-7".into(),
                            "reminder-3+e1".into(),
                            "overdue".into(),
                        ],
                    },
                    ..Default::default()
                };
                let submission = Submission {
                    at: at("2023-10-05T16:00:00+07:00"),
                    by: format!("email {}@example.vn", rec.assignee),
                    document: (n % 2 == 0).then(|| format!("Số {n}/BC-UBND")),
                    note: (n % 3 == 0).then(|| "Báo cáo nhận qua thư điện tử".to_owned()),
                };
                let decision = |reason: Option<&str>| Decision {
                    at: at("2023-10-06T08:00:00+07:00"),
                    by: "admin".into(),
                    reason: reason.map(str::to_owned),
                };
                match state {
                    OccurrenceState::Submitted => rec.submission = Some(submission),
                    OccurrenceState::Confirmed => {
                        rec.submission = Some(submission);
                        rec.review = Some(decision(None));
                    }
                    OccurrenceState::Waived => {
                        rec.closure = Some(decision(Some("Miễn báo cáo quý này")))
                    }
                    OccurrenceState::Cancelled => rec.closure = Some(decision(Some("unit ended"))),
                    OccurrenceState::Open if n % 4 == 0 => {
                        rec.rejected = Some(Rejected {
                            submission,
                            decision: decision(Some("Thiếu số liệu")),
                        });
                        rec.extension = Some(Extension {
                            due: at("2023-10-21T17:30:15.250+07:00"),
                            number: 1,
                            decision: decision(Some("Chờ số liệu quý")),
                        });
                    }
                    _ => {}
                }
                out.push(rec);
            }
        }
    }
    // Moved to another unit while open: the record's assignee is no longer its id's.
    let moved = out
        .iter_mut()
        .find(|r| r.state == OccurrenceState::Open && r.extension.is_none())
        .unwrap();
    moved.assignee = "ubnd-phuong-moi".into();
    out
}

#[test]
#[ignore = "writes the fixture; run only at a commit before the compact encoding"]
fn make_fixture() {
    let out = std::path::PathBuf::from(std::env::var("DONDOC_FIXTURE_OUT").unwrap());
    let dir = out.join("store-json");
    assert!(!dir.exists(), "{} exists", dir.display());
    let s = Store::open(&dir).unwrap();
    s.track_plan("kh-an-ninh-2023", "2023-01-01T00:00:00+07:00")
        .unwrap();
    s.track_plan("kh-bao-cao", "2023-01-01T00:00:00+07:00")
        .unwrap();
    for rec in records() {
        s.put_occurrence(&rec).unwrap();
        s.enqueue(&OutboxEntry {
            key: rec.outbox_key("reminder-7", &rec.assignee),
            kind: EntryKind::Notification,
            occurrence: rec.id.clone(),
            stage: "reminder-7".into(),
            unit: rec.assignee.clone(),
            at: "2023-10-06T07:30:00+07:00".into(),
            delivery: DeliveryState::Pending,
            attempts: 0,
            payload: None,
        })
        .unwrap();
    }
    // An audited change (an occurrence and its audit line in one transaction) and a plain one.
    let first = records()[0].id.clone();
    s.update_occurrence_audited(&first, |r| {
        r.handled.push("overdue".into());
        Some(AuditEntry {
            at: at("2023-10-14T07:30:00+07:00"),
            who: "dondoc".into(),
            what: "overdue".into(),
            occurrence: r.id.clone(),
            before: None,
            after: None,
        })
    })
    .unwrap();
    s.set_ingest_mark(
        "kh-bao-cao",
        "bao-cao-quy",
        Some(&IngestMark {
            through: "2024-01-01T00:00:00+07:00".into(),
            count: 16,
            sum: 12345,
        }),
    )
    .unwrap();
    s.flush().unwrap();
    let (dump, _) = s.dump_to_vec("2023-10-15T00:00:00+07:00", false).unwrap();
    std::fs::write(out.join("store-json.jsonl"), dump).unwrap();
}

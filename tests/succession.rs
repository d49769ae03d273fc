//! Units that end, through the scheduler over a real store (issue 14): a duty moves to the
//! successor with an audit line, a duty with nobody left is stored cancelled with the reason the
//! coordinator reads, and nothing is sent to a unit that no longer exists.

mod common;

use common::instant as t;

use std::sync::Arc;

use dondoc::daemon::scheduler::Scheduler;
use dondoc::schedule::{self, World};
use dondoc::store::{DeliveryState, OccurrenceState, Store};

/// The shipped data with only seed 000 (Đông Triều), in a temp dir.
fn project() -> tempfile::TempDir {
    common::project_with(&["000"])
}

fn load(dir: &std::path::Path) -> Arc<World> {
    Arc::new(schedule::load(&dir.join("config.toml")).expect("valid data"))
}

const OLD: &str = "dong-trieu-ancs-2023/tap-huan-hang-nam/ca-dongtrieu/2024";
const NEW: &str = "dong-trieu-ancs-2023/tap-huan-hang-nam/ca-tp-dongtrieu/2024";

#[test]
fn a_duty_moves_to_the_successor_with_an_audit_line() {
    let dir = project();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    // Tracked from 1/9/2024; by 20/11/2024 the yearly training (15/12/2024) is stored: Công an
    // thị xã became Công an thành phố Đông Triều on 1/11/2024, which owes it.
    Scheduler::new(store.clone(), load(dir.path()))
        .tick(t("2024-09-01T08:00:00+07:00"))
        .unwrap();
    let mut s = Scheduler::new(store.clone(), load(dir.path()));
    s.tick(t("2024-11-20T08:00:00+07:00")).unwrap();
    assert!(store.occurrence(OLD).unwrap().is_none());
    let rec = store
        .occurrence(NEW)
        .unwrap()
        .expect("owed by the successor");
    assert_eq!(rec.state, OccurrenceState::Open);
    let audit = store.audit_of(NEW).unwrap();
    let moved = audit
        .iter()
        .find(|a| a.what == "moved")
        .expect("audit line");
    assert_eq!(moved.before.as_deref(), Some("ca-dongtrieu"));
    assert_eq!(
        moved.after.as_deref(),
        Some("Chuyển từ Công an thị xã Đông Triều (theo Nghị quyết số 1199/NQ-UBTVQH15 ngày 28/9/2024 của Ủy ban Thường vụ Quốc hội) sang Công an thành phố Đông Triều do sắp xếp đơn vị hành chính.")
    );
}

#[test]
fn an_open_duty_of_a_unit_found_ended_moves_and_the_old_record_says_where() {
    let dir = project();
    let dt = dir.path().join("directory/dong-trieu.toml");
    let shipped = std::fs::read_to_string(&dt).unwrap();
    // First the directory as it was before the reorganisation was entered: no end for Công an
    // thị xã, so the 2024 training is stored as its own.
    let before = shipped.replacen(
        "valid_until = \"2024-10-31\"\nsuccessors = [\"ca-tp-dongtrieu\"]\n",
        "",
        1,
    );
    assert_ne!(before, shipped, "test setup");
    std::fs::write(&dt, &before).unwrap();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    Scheduler::new(store.clone(), load(dir.path()))
        .tick(t("2024-11-20T08:00:00+07:00"))
        .unwrap();
    assert_eq!(
        store.occurrence(OLD).unwrap().unwrap().state,
        OccurrenceState::Open
    );
    // Then the administrator enters the change and reloads.
    std::fs::write(&dt, &shipped).unwrap();
    Scheduler::new(store.clone(), load(dir.path()))
        .tick(t("2024-11-21T08:00:00+07:00"))
        .unwrap();
    let old = store.occurrence(OLD).unwrap().unwrap();
    assert_eq!(old.state, OccurrenceState::Cancelled);
    assert_eq!(
        old.closure.and_then(|c| c.reason).as_deref(),
        Some("Chuyển sang Công an thành phố Đông Triều do sắp xếp đơn vị hành chính.")
    );
    assert_eq!(
        store.occurrence(NEW).unwrap().unwrap().state,
        OccurrenceState::Open
    );
}

#[test]
fn a_duty_with_nobody_left_is_cancelled_with_its_reason_and_never_sent() {
    let dir = project();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let mut s = Scheduler::new(store.clone(), load(dir.path()));
    s.tick(t("2025-09-01T08:00:00+07:00")).unwrap();
    // The 15/10/2025 recognition files were owed to UBND thành phố Đông Triều, which ended
    // with the district level on 30/6/2025 with no successor.
    let id = "dong-trieu-ancs-2023/de-nghi-cong-nhan-ancs/ubnd-phuong-mao-khe-dongtrieu/2025";
    let rec = store.occurrence(id).unwrap().expect("kept, not dropped");
    assert_eq!(rec.state, OccurrenceState::Cancelled);
    let reason = rec.closure.and_then(|c| c.reason).unwrap();
    assert!(reason.starts_with("Nhiệm vụ chấm dứt: "), "{reason}");
    // Through the weeks up to and after the deadline nothing is sent for 2025.
    for now in [
        "2025-10-06T08:00:00+07:00",
        "2025-10-14T08:00:00+07:00",
        "2025-10-20T08:00:00+07:00",
        "2025-11-03T08:00:00+07:00",
    ] {
        s.tick(t(now)).unwrap();
    }
    let sent: Vec<String> = store
        .outbox_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.occurrence.contains("/2025"))
        .map(|e| e.key)
        .collect();
    assert!(sent.is_empty(), "{sent:?}");
}

/// The unit's API answer shows its dates and who took over (the real daemon, simulated clock).
#[tokio::test(flavor = "multi_thread")]
async fn the_unit_api_shows_the_successor() {
    use common::daemon::{start, Options};
    let dir = tempfile::tempdir().unwrap();
    let d = start(
        dir.path(),
        &Options {
            clock_start: "2025-03-10T08:00:00+07:00",
            ..Options::default()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2025-03-10T09:00:00+07:00").await;
    let u: serde_json::Value = d.get(&http, "/api/v1/units/ca-dongtrieu").await;
    assert_eq!(u["name"], "Công an thị xã Đông Triều");
    assert_eq!(u["valid_until"], "2024-10-31");
    assert_eq!(u["exists"], false);
    assert_eq!(u["successors"][0]["id"], "ca-tp-dongtrieu");
    assert_eq!(u["successors"][0]["name"], "Công an thành phố Đông Triều");
    // By March 2025 the city police ended too: Công an tỉnh holds the duties.
    assert_eq!(u["held_by"][0]["id"], "ca-quang-ninh-dongtrieu");
    let renamed: serde_json::Value = d.get(&http, "/api/v1/units/ca-tp-dongtrieu").await;
    assert_eq!(renamed["formerly"][0], "Công an thị xã Đông Triều");
    let (status, _) = d
        .get_as(&http, common::daemon::TOKEN, "/api/v1/units/nobody")
        .await;
    assert_eq!(status, 404);
}

#[test]
fn nothing_is_sent_to_a_unit_after_it_ended() {
    // The 15/10/2024 recognition files, left unsubmitted: escalations to UBND thị xã Đông Triều
    // and their repeats run into November, when the thị xã has become a thành phố (1/11/2024).
    let dir = project();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let mut s = Scheduler::new(store.clone(), load(dir.path()));
    let mut day = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
    // Office hours: messages are enqueued only at a send time (07:30 on working days), and an
    // entry whose send time passed without it going out moves to the next send time. No
    // delivery round runs here, so each send time's entries are marked sent as a round would:
    // every entry keeps the send time it was made for, which is what is measured.
    while day <= end {
        s.tick(t(&format!("{day}T07:30:00+07:00"))).unwrap();
        for mut e in store.undelivered().unwrap() {
            if e.delivery == DeliveryState::Pending {
                e.delivery = DeliveryState::Sent {
                    at: e.at.clone(),
                    channel: "test".into(),
                };
                store.update_entry(&e).unwrap();
            }
        }
        day = day.succ_opt().unwrap();
    }
    let entries: Vec<_> = store
        .outbox_entries()
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.occurrence.contains("/de-nghi-cong-nhan-ancs/") && e.occurrence.ends_with("/2024")
        })
        .collect();
    let to = |unit: &str| -> Vec<String> {
        entries
            .iter()
            .filter(|e| e.unit == unit)
            .map(|e| e.at.clone())
            .collect()
    };
    let old = to("ubnd-dongtrieu");
    let new = to("ubnd-tp-dongtrieu");
    assert!(!old.is_empty(), "escalated to the thị xã in October");
    assert!(old.iter().all(|at| at.as_str() < "2024-11-01"), "{old:?}");
    assert!(
        !new.is_empty(),
        "the later repeats go to the thành phố: {entries:?}"
    );
    assert!(new.iter().all(|at| at.as_str() >= "2024-11-01"), "{new:?}");
    // The coordinator (via Công an thị xã) likewise.
    assert!(to("ca-dongtrieu")
        .iter()
        .all(|at| at.as_str() < "2024-11-01"));
}

#[test]
fn an_entry_held_over_a_reorganisation_is_not_sent_to_the_ended_unit() {
    // The daemon delivers nothing from 21/10/2024 (down) and is back on 4/11/2024, after the
    // thị xã became a thành phố: what was made for the thị xã never goes out to it later.
    let dir = project();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let mut s = Scheduler::new(store.clone(), load(dir.path()));
    let mut day = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
    let down = chrono::NaiveDate::from_ymd_opt(2024, 10, 21).unwrap();
    let back = chrono::NaiveDate::from_ymd_opt(2024, 11, 4).unwrap();
    while day < down {
        s.tick(t(&format!("{day}T07:30:00+07:00"))).unwrap();
        for mut e in store.undelivered().unwrap() {
            if e.delivery == DeliveryState::Pending {
                e.delivery = DeliveryState::Sent {
                    at: e.at.clone(),
                    channel: "test".into(),
                };
                store.update_entry(&e).unwrap();
            }
        }
        day = day.succ_opt().unwrap();
    }
    s.tick(t(&format!("{down}T07:30:00+07:00"))).unwrap();
    let held: Vec<_> = store
        .undelivered()
        .unwrap()
        .into_iter()
        .filter(|e| e.unit == "ubnd-dongtrieu" || e.unit == "ca-dongtrieu")
        .collect();
    assert!(!held.is_empty(), "something for the thị xã on 21/10");
    let mut s = Scheduler::new(store.clone(), load(dir.path()));
    s.tick(t(&format!("{back}T07:30:00+07:00"))).unwrap();
    for e in store.outbox_entries().unwrap() {
        if e.unit == "ubnd-dongtrieu" || e.unit == "ca-dongtrieu" {
            assert!(
                e.at.as_str() < "2024-11-01" && e.delivery != DeliveryState::Pending,
                "{e:?}"
            );
        }
    }
    for h in held {
        let e = store.outbox_entry(&h.key).unwrap().unwrap();
        assert!(matches!(e.delivery, DeliveryState::Skipped { .. }), "{e:?}");
    }
}

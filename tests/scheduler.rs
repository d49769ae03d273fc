//! The scheduler step `tick(now)` on the seed plans, over a real sled store in a temp dir.

mod common;

use common::instant as t;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use dondoc::daemon::scheduler::{Scheduler, TickReport};
use dondoc::domain::time::{at, Instant};
use dondoc::schedule::{self, World};
use dondoc::store::{OccurrenceState, Store};

/// The shipped data with only seed 000 (Đông Triều, ANCS 2023), in a temp dir.
fn project() -> tempfile::TempDir {
    common::project_with(&["000"])
}

/// The one schedule file of the project (seed 000).
fn schedule_file(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(dir.join("schedules"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

fn load(dir: &std::path::Path) -> Arc<World> {
    Arc::new(schedule::load(&dir.join("config.toml")).expect("valid data"))
}

/// A scheduler over `dir`'s data and a fresh store, which first tracked the plan at `first`.
struct Tracked {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    world: Arc<World>,
    s: Scheduler,
}

fn tracked_since(dir: tempfile::TempDir, first: &str) -> Tracked {
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let world = load(dir.path());
    let mut s = Scheduler::new(store.clone(), world.clone());
    s.tick(t(first)).unwrap();
    Tracked {
        _dir: dir,
        store,
        world,
        s,
    }
}

/// A scheduler started afresh on `dir`'s files as they are now (a restart or reload), one tick.
fn restart(dir: &std::path::Path, store: &Arc<Store>, now: Instant) -> TickReport {
    Scheduler::new(store.clone(), load(dir)).tick(now).unwrap()
}

const Q3_PHUONG: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";

#[test]
fn tick_is_idempotent_and_history_is_never_notified() {
    let dir = project();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let mut s = Scheduler::new(store.clone(), load(dir.path()));

    // First tracked on 20/9/2023: the Q3 report (due 13/9) is history, Q4 (13/12) is open.
    let now = t("2023-09-20T10:00:00+07:00");
    let first = s.tick(now).unwrap();
    assert!(first.new_occurrences > 0);
    let q3 = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(q3.state, OccurrenceState::History);
    assert!(
        first.enqueued.iter().all(|k| !k.contains("/2023-Q3#")),
        "history must not be notified: {:?}",
        first.enqueued
    );
    let q4 = Q3_PHUONG.replace("2023-Q3", "2023-Q4");
    // Q4 is beyond the horizon on 20/9 (due 13/12): not stored yet.
    assert!(store.occurrence(&q4).unwrap().is_none());

    // Same instant again: nothing new.
    let again = s.tick(now).unwrap();
    assert_eq!(again.new_occurrences, 0);
    assert!(again.enqueued.is_empty(), "{:?}", again.enqueued);

    // A fresh scheduler on the same store (a restart) at the same instant: nothing new either.
    let mut restarted = Scheduler::new(store.clone(), load(dir.path()));
    let r = restarted.tick(now).unwrap();
    assert_eq!((r.new_occurrences, r.cancelled), (0, 0));
    assert!(r.enqueued.is_empty(), "{:?}", r.enqueued);

    // Later the Q4 occurrence is stored open and its first reminder goes out on its day:
    // 7 working days before the last day on time (12/12/2023, Tuesday) is 1/12/2023 (Friday).
    let before = at(
        NaiveDate::from_ymd_opt(2023, 11, 30).unwrap(),
        NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
    );
    let r = s.tick(before).unwrap();
    assert_eq!(
        store.occurrence(&q4).unwrap().unwrap().state,
        OccurrenceState::Open
    );
    assert!(
        r.enqueued.iter().all(|k| !k.contains("/2023-Q4#")),
        "{:?}",
        r.enqueued
    );
    let next = r.next.expect("something is scheduled");
    assert!(next.at <= t("2023-12-01T07:30:00+07:00"), "{next:?}");
    let r = s.tick(t("2023-12-01T07:30:00+07:00")).unwrap();
    let key = format!("{q4}#reminder-7@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&key), "{:?}", r.enqueued);
    assert!(store.outbox_entry(&key).unwrap().is_some());
}

#[test]
fn catch_up_sends_only_the_latest_due_stage() {
    let Tracked { store, mut s, .. } = tracked_since(project(), "2023-08-01T08:00:00+07:00");

    // Down from 1/8 to 13/9 08:00: the Q3 reminders (7, 3, 1 working days), the due-day
    // notice and the overdue notice (13/9 07:30) have all fallen due. Only the overdue notice
    // goes out, to the commune and to the coordinator (Công an thị xã); the rest are passed over.
    let r = s.tick(t("2023-09-13T08:00:00+07:00")).unwrap();
    let mine: Vec<&String> = r
        .enqueued
        .iter()
        .filter(|k| k.starts_with(&format!("{Q3_PHUONG}#")))
        .collect();
    assert_eq!(
        mine,
        [
            &format!("{Q3_PHUONG}#overdue@ubnd-phuong-dong-trieu-dongtrieu"),
            &format!("{Q3_PHUONG}#overdue@ca-dongtrieu"),
        ]
    );
    let skipped: Vec<&String> = r
        .skipped
        .iter()
        .filter(|k| k.starts_with(&format!("{Q3_PHUONG}#")))
        .collect();
    assert_eq!(
        skipped,
        ["reminder-7", "reminder-3", "reminder-1", "due"]
            .map(|k| format!("{Q3_PHUONG}#{k}"))
            .iter()
            .collect::<Vec<_>>()
    );
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(
        rec.handled,
        ["overdue", "reminder-7", "reminder-3", "reminder-1", "due"]
    );
    // The next stage is the escalation, 7 days after the deadline.
    let r = s.tick(t("2023-09-20T07:30:00+07:00")).unwrap();
    assert!(
        r.enqueued
            .contains(&format!("{Q3_PHUONG}#escalation@ubnd-dongtrieu")),
        "{:?}",
        r.enqueued
    );
}

#[test]
fn an_obligation_removed_from_its_file_is_cancelled_not_deleted() {
    let now = t("2023-09-01T08:00:00+07:00");
    let Tracked {
        _dir: dir, store, ..
    } = tracked_since(project(), "2023-09-01T08:00:00+07:00");
    assert_eq!(
        store.occurrence(Q3_PHUONG).unwrap().unwrap().state,
        OccurrenceState::Open
    );

    // Delete the quarterly report obligation from the schedule file.
    let path = schedule_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("[[obligation]]\nid = \"bao-cao-quy\"").unwrap();
    let end = start + 1 + text[start + 1..].find("[[obligation]]").unwrap();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();

    let r = restart(dir.path(), &store, now);
    assert!(r.cancelled > 0);
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(rec.state, OccurrenceState::Cancelled);
    let audit = store.audit_of(Q3_PHUONG).unwrap();
    assert_eq!(audit.last().unwrap().after.as_deref(), Some("cancelled"));
    assert!(r.enqueued.iter().all(|k| !k.contains("/bao-cao-quy/")));

    // Put it back: the occurrence is reinstated with its history.
    std::fs::write(&path, &text).unwrap();
    restart(dir.path(), &store, now);
    assert_eq!(
        store.occurrence(Q3_PHUONG).unwrap().unwrap().state,
        OccurrenceState::Open
    );
}

#[test]
fn a_restart_reads_only_the_obligations_whose_schedule_changed() {
    let now = t("2023-09-01T08:00:00+07:00");
    let Tracked {
        _dir: dir, store, ..
    } = tracked_since(project(), "2023-09-01T08:00:00+07:00");
    let stored = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    // A mark in the record that only a re-read of the obligation would overwrite.
    store
        .update_occurrence(Q3_PHUONG, |r| {
            r.wording = "marked".into();
            true
        })
        .unwrap();

    // Unchanged schedules: the obligation's stored records are not read again.
    let r = restart(dir.path(), &store, now);
    assert_eq!(r.new_occurrences, 0);
    assert_eq!(r.cancelled, 0);
    assert_eq!(
        store.occurrence(Q3_PHUONG).unwrap().unwrap().wording,
        "marked"
    );

    // The quarterly deadline moves from the 13th to the 14th, and the communes leave it: that
    // obligation is read again; its records follow the new rule, the communes' are cancelled.
    let path = schedule_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text
        .replace(
            "due = { rule = \"quarterly\", month_of_quarter = 3, day = 13 }",
            "due = { rule = \"quarterly\", month_of_quarter = 3, day = 14 }",
        )
        .replace(
            "assignees = [\"thanh-vien-bcd-05-dongtrieu\", \"ubnd-xa-phuong-dongtrieu\"]",
            "assignees = [\"thanh-vien-bcd-05-dongtrieu\"]",
        );
    assert_ne!(changed, text);
    std::fs::write(&path, &changed).unwrap();
    let r = restart(dir.path(), &store, now);
    assert!(r.cancelled > 0, "{r:?}");
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(rec.state, OccurrenceState::Cancelled);
    let member = store
        .occurrences_of_obligation("dong-trieu-ancs-2023", "bao-cao-quy")
        .unwrap()
        .into_iter()
        .find(|r| r.state == OccurrenceState::Open && r.period == "2023-Q3")
        .expect("a member's Q3 report is still open");
    let member_due = member.due.to_rfc3339();
    assert!(member_due.starts_with("2023-09-14"), "{member_due}");
    assert_ne!(member.wording, stored.wording);
    assert!(member.wording.contains("14/09/2023"), "{}", member.wording);

    // The old rule back: the communes' reports are reinstated, the deadline is the 13th again.
    std::fs::write(&path, &text).unwrap();
    restart(dir.path(), &store, now);
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(rec.state, OccurrenceState::Open);
    assert_eq!(rec.due, stored.due);
    assert_eq!(rec.wording, stored.wording);
}

#[test]
fn cooperating_units_are_named_in_the_message_not_reminded() {
    use dondoc::daemon::compose::Composer;
    use dondoc::daemon::render::Templates;
    // The quarterly report with Phòng Tư pháp named to cooperate ("phối hợp").
    let dir = project();
    let path = schedule_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let with = text.replacen(
        "recipient = \"bcd-05-dongtrieu\"",
        "recipient = \"bcd-05-dongtrieu\"\ncooperating = [\"phong-tu-phap-dongtrieu\"]",
        1,
    );
    assert_ne!(with, text, "test setup");
    std::fs::write(&path, with).unwrap();
    let Tracked {
        store,
        world,
        mut s,
        ..
    } = tracked_since(dir, "2023-08-01T08:00:00+07:00");
    let now = t("2023-09-07T07:30:00+07:00");
    let r = s.tick(now).unwrap();
    let key = format!("{Q3_PHUONG}#reminder-3@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&key), "{:?}", r.enqueued);
    // The ward's report is not reminded to Phòng Tư pháp (it is reminded of its own report, as
    // a member of the steering committee, not of the ward's as a cooperating unit).
    assert!(
        r.enqueued
            .iter()
            .filter(|k| k.starts_with(Q3_PHUONG))
            .all(|k| !k.ends_with("@phong-tu-phap-dongtrieu")),
        "{:?}",
        r.enqueued
    );
    let entry = store.outbox_entry(&key).unwrap().unwrap();
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    let composer = Composer {
        templates: Templates::load(None).unwrap(),
        public_url: "https://dondoc.example.gov.vn".into(),
        links: None,
        replies_accepted: false,
    };
    let records = [(rec.id.clone(), rec.clone())].into_iter().collect();
    let (m, _) = composer
        .compose_group(&[entry], &world, &records, now)
        .unwrap();
    let line = "Phối hợp:          Phòng Tư pháp thị xã Đông Triều";
    assert!(m.text.contains(line), "{line:?} not in:\n{}", m.text);
    assert!(m.html.contains("<td>Phối hợp</td>"), "{}", m.html);
}

#[test]
fn the_reminder_reads_as_the_plan_says() {
    use dondoc::daemon::compose::Composer;
    use dondoc::daemon::render::Templates;
    let Tracked {
        store,
        world,
        mut s,
        ..
    } = tracked_since(project(), "2023-08-01T08:00:00+07:00");
    // 3 working days before the last day on time (12/9/2023): 7/9/2023.
    let now = t("2023-09-07T07:30:00+07:00");
    let r = s.tick(now).unwrap();
    let key = format!("{Q3_PHUONG}#reminder-3@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&key), "{:?}", r.enqueued);
    let entry = store.outbox_entry(&key).unwrap().unwrap();
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    let signer = dondoc::signed_link::LinkSigner::new(b"test key".to_vec());
    let composer = Composer {
        templates: Templates::load(None).unwrap(),
        public_url: "https://dondoc.example.gov.vn".into(),
        links: Some((signer.clone(), 30)),
        replies_accepted: false,
    };
    let records = [(rec.id.clone(), rec.clone())].into_iter().collect();
    let (m, refused) = composer
        .compose_group(&[entry], &world, &records, now)
        .unwrap();
    assert!(refused.is_empty());
    assert_eq!(
        m.subject,
        format!(
            "[Nhắc hạn] Báo cáo tình hình, kết quả triển khai thực hiện xây dựng mô hình ANCS quý III/2023 – hạn trước ngày 13/09/2023 (còn 6 ngày) [{}]",
            dondoc::inbound::matching::subject_code(&m.message_id)
        )
    );
    for needle in [
        "Kính gửi: Ủy ban nhân dân phường Đông Triều",
        "Theo:              Kế hoạch số 191/KH-UBND ngày 16/06/2023 của UBND thị xã Đông Triều, mục IV.1",
        "Gửi đến:           Ban Chỉ đạo 05/ĐT thị xã Đông Triều (qua Công an thị xã Đông Triều)",
        "https://dondoc.example.gov.vn/?occurrence=dong-trieu-ancs-2023/bao-cao-quy/",
    ] {
        assert!(m.text.contains(needle), "{needle:?} not in:\n{}", m.text);
    }
    // One item to one unit at one send time: its id is that of the recipient, time and item.
    assert_eq!(
        m.message_id,
        dondoc::daemon::compose::message_id("ubnd-phuong-dong-trieu-dongtrieu", now, &[&key])
    );
    assert_eq!(m.date, Some(now));
    // The assignee gets a one-click link for this occurrence, valid 30 days after the send.
    let token = m
        .text
        .split("https://dondoc.example.gov.vn/l/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no one-click link in:\n{}", m.text));
    let claim = signer.verify(token, now).unwrap();
    assert_eq!(
        (claim.o.as_str(), claim.u.as_str()),
        (Q3_PHUONG, "ubnd-phuong-dong-trieu-dongtrieu")
    );
    assert!(signer
        .verify(token, now + chrono::Duration::days(31))
        .is_err());
    assert!(m.html.contains("Xác nhận đã gửi báo cáo"));
}

#[test]
fn the_weekly_digest_lists_overdue_units_for_their_coordinator() {
    let Tracked { store, mut s, .. } = tracked_since(project(), "2023-08-01T08:00:00+07:00");
    // Monday 18/9/2023 07:30: the Q3 reports (due 13/9) are 6 days overdue.
    let r = s.tick(t("2023-09-18T07:30:00+07:00")).unwrap();
    let key = "digest/ca-dongtrieu/2023-W38";
    assert!(r.enqueued.iter().any(|k| k == key), "{:?}", r.enqueued);
    let payload = store.outbox_entry(key).unwrap().unwrap().payload.unwrap();
    let groups = payload["overdue"].as_array().unwrap();
    let phuong = groups
        .iter()
        .find(|g| g["unit"] == "ubnd-phuong-dong-trieu-dongtrieu")
        .expect("the ward is listed");
    let q3 = phuong["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == Q3_PHUONG)
        .expect("its Q3 report is listed");
    assert_eq!(q3["days_overdue"], 6);
    // Not again the same week.
    let again = s.tick(t("2023-09-18T09:00:00+07:00")).unwrap();
    assert!(!again.enqueued.iter().any(|k| k.starts_with("digest/")));
}

#[test]
fn the_weekly_digest_reads_in_vietnamese() {
    use dondoc::daemon::compose::Composer;
    use dondoc::daemon::render::Templates;
    let Tracked {
        store,
        world,
        mut s,
        ..
    } = tracked_since(project(), "2023-08-01T08:00:00+07:00");
    let now = t("2023-09-18T07:30:00+07:00");
    s.tick(now).unwrap();
    let entry = store
        .outbox_entry("digest/ca-dongtrieu/2023-W38")
        .unwrap()
        .unwrap();
    let composer = Composer {
        templates: Templates::load(None).unwrap(),
        public_url: "http://127.0.0.1:8080".into(),
        links: None,
        replies_accepted: false,
    };
    let (m, _) = composer
        .compose_group(&[entry], &world, &Default::default(), now)
        .unwrap();
    assert!(
        m.subject.starts_with("[Tổng hợp tuần 38/2023] "),
        "{}",
        m.subject
    );
    assert!(
        m.text.contains("Kính gửi: Công an thị xã Đông Triều"),
        "{}",
        m.text
    );
    assert!(m.text.contains("NHIỆM VỤ QUÁ HẠN"), "{}", m.text);
    assert!(
        m.text.contains("Ủy ban nhân dân phường Đông Triều:"),
        "{}",
        m.text
    );
    assert!(m.text.contains("quá hạn 6 ngày"), "{}", m.text);
}

#[test]
fn a_group_as_coordinator_means_each_member_is_told() {
    let dir = project();
    // Make the quarterly report go "via" the member offices of the steering committee (a group).
    let path = schedule_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "via = \"ca-dongtrieu\"            # \"qua Công an thị xã",
        "via = \"thanh-vien-bcd-05-dongtrieu\"  # \"qua Công an thị xã",
        1,
    );
    assert!(text.contains("via = \"thanh-vien-bcd-05-dongtrieu\""));
    std::fs::write(&path, text).unwrap();
    let Tracked { mut s, .. } = tracked_since(dir, "2023-08-01T08:00:00+07:00");
    let r = s.tick(t("2023-09-13T08:00:00+07:00")).unwrap();
    for member in ["phong-noi-vu-dongtrieu", "phong-ldtbxh-dongtrieu"] {
        let key = format!("{Q3_PHUONG}#overdue@{member}");
        assert!(r.enqueued.contains(&key), "{key} not in {:?}", r.enqueued);
    }
    assert!(!r
        .enqueued
        .iter()
        .any(|k| k.ends_with("@thanh-vien-bcd-05-dongtrieu")));
}

#[test]
fn an_extension_restarts_the_reminders_against_the_new_deadline() {
    use dondoc::actions::{transition, Action};
    let Tracked { store, mut s, .. } = tracked_since(project(), "2023-08-01T08:00:00+07:00");
    // 7/9: the reminder 3 working days before the last day (12/9) goes out.
    let r = s.tick(t("2023-09-07T07:30:00+07:00")).unwrap();
    let old = format!("{Q3_PHUONG}#reminder-3@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&old), "{:?}", r.enqueued);
    // The coordinator extends the deadline to 29/9 (overdue from 30/9 00:00).
    let now = t("2023-09-08T10:00:00+07:00");
    store
        .update_occurrence(Q3_PHUONG, |rec| {
            let until = chrono::NaiveDate::from_ymd_opt(2023, 9, 29).unwrap();
            let extend = Action::Extend {
                until,
                reason: "Chờ số liệu".into(),
            };
            transition(rec, &extend, "admin", now).is_ok()
        })
        .unwrap()
        .expect("extended");
    // No due notice on 12/9 nor overdue notice on 13/9 for the original deadline …
    for day in ["2023-09-12T07:30:00+07:00", "2023-09-13T08:00:00+07:00"] {
        let r = s.tick(t(day)).unwrap();
        assert!(
            r.enqueued.iter().all(|k| !k.starts_with(Q3_PHUONG)),
            "{day}: {:?}",
            r.enqueued
        );
    }
    // … but the reminders restart against 29/9 under their own keys: 7 working days before
    // (20/9), and the due-day notice on 29/9.
    let r = s.tick(t("2023-09-20T07:30:00+07:00")).unwrap();
    let renewed = format!("{Q3_PHUONG}#reminder-7+e1@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&renewed), "{:?}", r.enqueued);
    let r = s.tick(t("2023-09-29T07:30:00+07:00")).unwrap();
    let due = format!("{Q3_PHUONG}#due+e1@ubnd-phuong-dong-trieu-dongtrieu");
    assert!(r.enqueued.contains(&due), "{:?}", r.enqueued);
    let rec = store.occurrence(Q3_PHUONG).unwrap().unwrap();
    assert_eq!(
        rec.due.to_rfc3339(),
        "2023-09-13T00:00:00+07:00",
        "the original deadline is kept"
    );
    assert!(rec.handled.contains(&"reminder-3".to_owned()));
    assert!(
        rec.handled.contains(&"due+e1".to_owned()),
        "{:?}",
        rec.handled
    );
}

#[test]
fn one_message_per_unit_and_send_time_and_the_supervisor_gets_one_item_per_duty() {
    use dondoc::daemon::compose::Composer;
    use dondoc::daemon::render::Templates;
    let Tracked {
        store,
        world,
        mut s,
        ..
    } = tracked_since(project(), "2023-08-01T08:00:00+07:00");
    // 20/9/2023 07:30: the Q3 reports (due 13/9) of 28 units (the 7 members of BCĐ 05 and the
    // complete list of 21 communes) are escalated to UBND thị xã.
    let now = t("2023-09-20T07:30:00+07:00");
    s.tick(now).unwrap();
    let entries: Vec<_> = store
        .undelivered()
        .unwrap()
        .into_iter()
        .filter(|e| e.unit == "ubnd-dongtrieu")
        .collect();
    assert_eq!(entries.len(), 28, "one entry per item is kept: {entries:?}");
    assert!(entries.iter().all(|e| e.at == "2023-09-20T07:30:00+07:00"));
    let records = entries
        .iter()
        .map(|e| {
            let r = store.occurrence(&e.occurrence).unwrap().unwrap();
            (r.id.clone(), r)
        })
        .collect();
    let composer = Composer {
        templates: Templates::load(None).unwrap(),
        public_url: "https://dondoc.example.gov.vn".into(),
        links: None,
        replies_accepted: false,
    };
    let (m, refused) = composer
        .compose_group(&entries, &world, &records, now)
        .unwrap();
    assert!(refused.is_empty());
    assert_eq!(
        m.subject,
        format!(
            "[Quá hạn – báo cáo cấp trên] 28 đơn vị chưa gửi Báo cáo tình hình, kết quả triển khai thực hiện xây dựng mô hình ANCS quý III/2023 – hạn trước ngày 13/09/2023 (quá hạn 8 ngày) [{}]",
            dondoc::inbound::matching::subject_code(&m.message_id)
        )
    );
    assert!(
        m.text.contains("28 đơn vị chưa gửi báo cáo, quá hạn 8 ngày: Phòng Giáo dục và Đào tạo thị xã Đông Triều, "),
        "{}",
        m.text
    );
    // Alphabetical: "Đông Triều" between "Đ…" and "Hưng Đạo", not after "Yên Đức".
    let pos = |name: &str| m.text.find(name).unwrap();
    assert!(pos("phường Đông Triều") < pos("phường Hưng Đạo"));
    assert_eq!(m.text.matches("1. [").count(), 1, "{}", m.text);
    assert_eq!(m.meta["items"].as_array().unwrap().len(), 28);
    // The same items at the same send time give the same Message-ID, in any order.
    let mut reversed = entries.clone();
    reversed.reverse();
    let (again, _) = composer
        .compose_group(&reversed, &world, &records, now)
        .unwrap();
    assert_eq!(again.message_id, m.message_id);
}

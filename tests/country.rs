//! Issue 14 through the real binary on the shipped data: units that ended owe, receive and
//! coordinate nothing after their end; complete commune lists; the announced Tết 2024; `check`
//! warns about computed holiday years and sample groups.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Row {
    obligation: String,
    plan: String,
    assignee: String,
    recipient: String,
    via: Option<String>,
    due: String,
}

/// Every unit of the shipped directory: id → (name, last day it exists).
fn units() -> BTreeMap<String, (String, Option<String>)> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(common::root().join("directory")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let v: toml::Value = toml::from_str(&text).unwrap();
        for u in v
            .get("unit")
            .and_then(|u| u.as_array())
            .into_iter()
            .flatten()
        {
            out.insert(
                u["id"].as_str().unwrap().to_owned(),
                (
                    u["name"].as_str().unwrap().to_owned(),
                    u.get("valid_until")
                        .and_then(|d| d.as_str())
                        .map(str::to_owned),
                ),
            );
        }
    }
    out
}

fn agenda(from: &str, to: &str) -> Vec<Row> {
    let json = common::dondoc_ok(&["agenda", "--from", from, "--to", to, "--format", "json"]);
    serde_json::from_str(&json).expect("agenda JSON")
}

fn district_level(name: &str) -> bool {
    name.contains(" huyện ")
        || name.contains(" thị xã ")
        || name.contains("thành phố Đông Triều")
        || name.contains("thành phố Quảng Ngãi")
        || name.contains("thành phố Vinh")
        || name.starts_with("Huyện đoàn")
}

#[test]
fn after_the_reform_nothing_is_owed_by_sent_to_or_via_a_district_body() {
    let units = units();
    let rows = agenda("2025-07-01", "2027-12-31");
    for r in &rows {
        for (role, id) in [
            ("assignee", Some(&r.assignee)),
            ("recipient", Some(&r.recipient)),
            ("via", r.via.as_ref()),
        ] {
            let Some(id) = id else { continue };
            let (name, until) = &units[id];
            assert!(
                !district_level(name),
                "{}/{} due {}: {role} {id} ({name}) is a district-level body",
                r.plan,
                r.obligation,
                r.due
            );
            if let Some(until) = until {
                assert!(
                    until.as_str() >= &r.due[..10],
                    "{role} {id} ended on {until}, before {}",
                    r.due
                );
            }
        }
    }
}

#[test]
fn from_march_2025_no_district_police_owes_anything() {
    let units = units();
    let rows = agenda("2025-03-01", "2027-12-31");
    assert!(!rows.is_empty());
    let police: BTreeSet<&str> = rows
        .iter()
        .map(|r| units[&r.assignee].0.as_str())
        .filter(|n| n.starts_with("Công an") && district_level(n))
        .collect();
    assert!(police.is_empty(), "district police still owe: {police:?}");
    // The Triệu Sơn duties of Công an huyện moved to Công an tỉnh Thanh Hóa until the bodies
    // they report to ended (30/6/2025).
    assert!(rows
        .iter()
        .any(|r| r.assignee == "ca-thanhhoa-trieuson" && r.due.as_str() < "2025-07-01"));
    // Before 1/3/2025 the district police still owed them.
    let before = agenda("2025-01-01", "2025-02-27");
    assert!(before.iter().any(|r| r.assignee == "ca-trieuson"));
}

#[test]
fn dong_trieu_quarterly_report_of_13_9_2023_is_owed_by_all_21_communes() {
    let rows = agenda("2023-09-13", "2023-09-13");
    let communes: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.obligation == "bao-cao-quy")
        .map(|r| r.assignee.as_str())
        .filter(|a| a.starts_with("ubnd-xa-") || a.starts_with("ubnd-phuong-"))
        .collect();
    assert_eq!(communes.len(), 21, "{communes:?}");
}

#[test]
fn merged_communes_hand_over_to_their_successors() {
    // 15/10/2024 is before the merger of 1/11/2024: Tân Việt and phường Đông Triều still owe.
    let rows = agenda("2024-10-15", "2024-10-15");
    let owed: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.obligation == "de-nghi-cong-nhan-ancs")
        .map(|r| r.assignee.as_str())
        .collect();
    assert!(owed.contains("ubnd-xa-tan-viet-dongtrieu"));
    assert_eq!(owed.len(), 21);
    // 15/12/2024: Công an thị xã has become Công an thành phố Đông Triều.
    let rows = agenda("2024-12-15", "2024-12-15");
    assert!(rows
        .iter()
        .any(|r| r.obligation == "tap-huan-hang-nam" && r.assignee == "ca-tp-dongtrieu"));
    assert!(!rows.iter().any(|r| r.assignee == "ca-dongtrieu"));
}

#[test]
fn tet_2024_is_the_announced_8_to_14_february() {
    let text = std::fs::read_to_string(common::root().join("holidays/2024.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(v["announced"].as_bool(), Some(true));
    let days: BTreeMap<&str, &toml::Value> = v["day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d))
        .collect();
    for d in 8..=14 {
        let date = format!("2024-02-{d:02}");
        let day = days
            .get(date.as_str())
            .unwrap_or_else(|| panic!("{date} is a day off"));
        assert!(day["source"].as_str().unwrap().contains("5015/TB-LĐTBXH"));
    }
    assert!(
        !days.contains_key("2024-02-15"),
        "15/2/2024 was a working day"
    );
}

#[test]
fn check_passes_and_warns_about_computed_holidays_and_sample_groups() {
    let out = common::dondoc_ok(&["check"]);
    assert!(out.contains("dondoc check: OK"), "{out}");
    assert!(
        out.contains("is a sample (complete = false)"),
        "warns about sample groups: {out}"
    );
}

#[test]
fn holiday_warnings_name_missing_and_computed_years_ahead() {
    // The shipped data: the Tịnh Châu villages' yearly Q1 duties go on under xã Tịnh Khê.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_project(tmp.path());
    std::fs::remove_file(tmp.path().join("holidays/2028.toml")).unwrap();
    let world = dondoc::schedule::load(&tmp.path().join("config.toml")).expect("valid data");
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // 2027 is computed: flagged from 60 days before it starts, not earlier.
    let early = world.holiday_warnings(day("2026-10-01"));
    assert!(
        !early.iter().any(|w| w.contains("2027 starts")),
        "{early:?}"
    );
    let late = world.holiday_warnings(day("2026-11-15"));
    assert!(
        late.iter().any(
            |w| w.contains("holidays/2027.toml: 2027 starts in 47 day(s)")
                && w.contains("announced = false")
        ),
        "{late:?}"
    );
    // 2028 has no file: said as soon as an occurrence falls in it, with the command to run.
    assert!(
        late.iter()
            .any(|w| w.contains("fall in 2028, which has no holiday file")
                && w.contains("dondoc holidays --year 2028")),
        "{late:?}"
    );
    // 2025 is announced: never flagged.
    assert!(!world
        .holiday_warnings(day("2024-12-01"))
        .iter()
        .any(|w| w.contains("2025")));
    // `check` prints them (whatever today is, some year ahead has no file here).
    let out = common::dondoc_in(tmp.path(), &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("which has no holiday file"), "{stdout}");
}

#[test]
fn seed_corrections_read_as_the_plans_say() {
    let json = common::dondoc_ok(&[
        "agenda",
        "--from",
        "2024-01-01",
        "--to",
        "2031-12-31",
        "--plan",
        "nghe-an-phong-trao-2024",
        "--format",
        "json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let of = |ob: &str| -> Vec<&serde_json::Value> {
        rows.iter().filter(|r| r["obligation"] == ob).collect()
    };
    // "(hoàn thành trước tháng 10/2024)": the plan's words, not "trong tháng 9/2024".
    for ob in ["hoi-nghi-so-tong-ket-mo-hinh", "de-nghi-bieu-duong-mo-hinh"] {
        assert!(
            of(ob)
                .iter()
                .all(|r| r["deadline"] == "trước tháng 10/2024"),
            "{ob}"
        );
    }
    // II.6.a: the proposal goes to Bộ Công an.
    assert!(of("de-nghi-bieu-duong-mo-hinh")
        .iter()
        .all(|r| r["recipient"] == "bo-cong-an-nghean"));
    // II.5.b's missing duty is there; the targets stated as aims are not duties.
    assert!(!of("don-vi-cap-tinh-dien-hinh-2024").is_empty());
    for gone in [
        "xa-co-quan-dien-hinh-2030",
        "huyen-nam-dan-dien-hinh-2025",
        "mo-hinh-camera-2024",
    ] {
        assert!(of(gone).is_empty(), "{gone}");
    }
    // Triệu Sơn: one district review per half-year, never two on the same day.
    let json = common::dondoc_ok(&[
        "agenda",
        "--from",
        "2021-01-01",
        "--to",
        "2025-12-31",
        "--plan",
        "trieu-son-khoa-an-toan-2021",
        "--format",
        "json",
    ]);
    let rows: Vec<Row> = serde_json::from_str(&json).unwrap();
    let mut reviews: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.obligation.starts_with("so-ket")) {
        *reviews
            .entry((r.assignee.clone(), r.due.clone()))
            .or_default() += 1;
    }
    assert!(!reviews.is_empty());
    assert!(reviews.values().all(|n| *n == 1), "{reviews:?}");
}

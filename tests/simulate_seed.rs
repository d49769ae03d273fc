//! `dondoc simulate` for one commune of seed 000 (Đông Triều) over 2024, against a hand-written
//! expectation worked out from the plan, the default policy and the 2024 holidays.

mod common;

use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Row {
    at: String,
    stage: String,
    key: String,
    obligation: String,
    assignee: String,
    to: Vec<String>,
    due: String,
}

/// One message as `simulate --format json` prints it.
#[derive(Debug, Deserialize)]
struct Msg {
    message: String,
    recipient: String,
    at: String,
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Item {
    message: String,
    occurrence: String,
    #[serde(flatten)]
    row: Row,
}

/// The items of the messages, each once (an item to several units is in one message each),
/// in send-time order; checks each item carries its message's id and send time.
fn rows(json: &str) -> Vec<Row> {
    let msgs: Vec<Msg> = serde_json::from_str(json).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for m in msgs {
        assert!(!m.recipient.is_empty());
        for i in m.items {
            assert_eq!(i.message, m.message);
            assert_eq!(i.row.at, m.at);
            assert!(i.row.to.contains(&m.recipient) || !i.row.to.is_empty());
            if seen.insert((i.occurrence.clone(), i.row.key.clone())) {
                out.push(i.row);
            }
        }
    }
    out.sort_by(|a, b| (&a.at, &a.obligation, &a.key).cmp(&(&b.at, &b.obligation, &b.key)));
    out
}

const UNIT: &str = "ubnd-xa-an-sinh-dongtrieu";

#[test]
fn simulate_one_commune_2024() {
    let json = common::dondoc_ok(&[
        "simulate",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--plan",
        "dong-trieu-ancs-2023",
        "--unit",
        UNIT,
        "--format",
        "json",
    ]);
    let rows: Vec<Row> = rows(&json);
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            assert_eq!(r.assignee, UNIT);
            assert_eq!(r.key.split('-').next().unwrap(), r.stage);
            format!(
                "{} {} {} {} due {}",
                &r.at[..16],
                r.key,
                r.obligation,
                r.to.join(","),
                &r.due[..10]
            )
        })
        .collect();

    // Escalations go to UBND thị xã (escalate_to), the commune and the coordinator (Công an thị xã).
    let esc = "ubnd-dongtrieu,ubnd-xa-an-sinh-dongtrieu,ca-dongtrieu";
    // Repeats go to UBND thị xã and the coordinator only: the commune has had its reminders,
    // due-day, overdue and escalation notices (policy `repeat_to_assignee = false`).
    let rep = "ubnd-dongtrieu,ca-dongtrieu";
    let want = vec![
        // Quarterly report for Q4/2023, due 13/12/2023 (Wed): escalated 20/12/2023, repeats every
        // 7 days: 27/12, 3/1, 10/1, 17/1 (the 4th and last).
        format!("2024-01-03T07:30 repeat-2 bao-cao-quy {rep} due 2023-12-13"),
        // The monthly briefing (kind = task: an internal duty, no report to a recipient) is not
        // escalated by default, so its December 2023 occurrence has no repeats in 2024.
        format!("2024-01-10T07:30 repeat-3 bao-cao-quy {rep} due 2023-12-13"),
        format!("2024-01-17T07:30 repeat-4 bao-cao-quy {rep} due 2023-12-13"),
        // Nominations "trước ngày 15/10 hàng năm": last day on time Monday 14/10/2024.
        // 7 working days before: 3/10 (Thu); 3 before: 9/10; 1 before: 11/10 (Fri).
        format!("2024-10-03T07:30 reminder-7 de-nghi-cong-nhan-ancs {UNIT} due 2024-10-15"),
        format!("2024-10-09T07:30 reminder-3 de-nghi-cong-nhan-ancs {UNIT} due 2024-10-15"),
        format!("2024-10-11T07:30 reminder-1 de-nghi-cong-nhan-ancs {UNIT} due 2024-10-15"),
        format!("2024-10-14T07:30 due de-nghi-cong-nhan-ancs {UNIT} due 2024-10-15"),
        // Overdue from 00:00 15/10 (Tue): notice that morning to the commune and the coordinator.
        format!(
            "2024-10-15T07:30 overdue de-nghi-cong-nhan-ancs {UNIT},ca-dongtrieu due 2024-10-15"
        ),
        // 7 days overdue: 22/10, then every 7 days, at most 4 repeats.
        format!("2024-10-22T07:30 escalation de-nghi-cong-nhan-ancs {esc} due 2024-10-15"),
        format!("2024-10-29T07:30 repeat-1 de-nghi-cong-nhan-ancs {rep} due 2024-10-15"),
        format!("2024-11-05T07:30 repeat-2 de-nghi-cong-nhan-ancs {rep} due 2024-10-15"),
        format!("2024-11-12T07:30 repeat-3 de-nghi-cong-nhan-ancs {rep} due 2024-10-15"),
        format!("2024-11-19T07:30 repeat-4 de-nghi-cong-nhan-ancs {rep} due 2024-10-15"),
    ];
    assert_eq!(got, want);
}

#[test]
fn notifications_skip_tet_2024() {
    // Seed 002: the village heads' monthly report (inferred: before the 15th) of February 2024,
    // under the monthly defaults (3 and 1 working days before, overdue notice, escalation after
    // 5 days, repeats only until the next month's report is due).
    // holidays/2024.toml, as announced (Thông báo 5015/TB-LĐTBXH, issue 14): Tết from Thursday
    // 8/2 to Wednesday 14/2 (the computed file had 9–13/2 with compensatory days 14/2 and 15/2).
    // Last day on time Wednesday 14/2 is a day off: 1 working day before it is Wednesday 7/2,
    // 3 before is Monday 5/2. Overdue from 00:00 15/2, now a working day: notice on Thursday
    // 15/2. 5 days overdue: Tuesday 20/2; first repeat 27/2. (Reminders and the overdue notice
    // one working day earlier than with the computed Tết; escalation and repeat, counted in
    // calendar days, unchanged.)
    let json = common::dondoc_ok(&[
        "simulate",
        "--from",
        "2024-01-25",
        "--to",
        "2024-02-29",
        "--plan",
        "tinh-chau-thon-antt-2022",
        "--format",
        "json",
    ]);
    let rows: Vec<Row> = rows(&json);
    let mut got: Vec<String> = rows
        .iter()
        .filter(|r| r.obligation == "bao-cao-thang-truong-thon" && r.due.starts_with("2024-02-15"))
        .map(|r| format!("{} {}", &r.at[..16], r.key))
        .collect();
    got.dedup(); // one row per village head
    assert_eq!(
        got,
        [
            "2024-02-05T07:30 reminder-3",
            "2024-02-07T07:30 reminder-1",
            "2024-02-15T07:30 overdue",
            "2024-02-20T07:30 escalation",
            "2024-02-27T07:30 repeat-1",
        ]
    );
}

//! A store written by the previous release (dondoc 0.1, commit 3089f94: seed 000 tracked from
//! 12/9/2023 20:00, then a submission, an extension and a waiver on 13/9), kept as its backup in
//! tests/fixtures/store-0.1.jsonl, restores into this release and runs: every record comes back
//! with its state, decisions and audit, and the daemon goes on from there on today's data.

mod common;

use common::daemon::{start, Options, TOKEN};
use serde_json::{json, Value};

const FIXTURE: &str = "tests/fixtures/store-0.1.jsonl";
const SUBMITTED: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";
const EXTENDED: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-xa-an-sinh-dongtrieu/2023-Q3";

fn enc(id: &str) -> String {
    id.replace('/', "%2F")
}

/// The occurrence records of the backup (one JSON object per line, tree `occurrences`).
fn stored_occurrences() -> Vec<Value> {
    let text = std::fs::read_to_string(common::root().join(FIXTURE)).unwrap();
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["tree"] == "occurrences")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_of_the_previous_release_restores_and_runs() {
    let dir = common::project_with(&["000"]);
    let p = dir.path();
    let fixture = common::root().join(FIXTURE);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["restore", fixture.to_str().unwrap()])
        .current_dir(p)
        .env("DONDOC_STORE", p.join("store"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let before = stored_occurrences();
    assert!(
        before.len() > 20,
        "the fixture holds the tracked occurrences"
    );

    // The daemon on the restored store, a little after the old one stopped.
    let d = start(
        p,
        &Options {
            clock_start: "2023-09-14T08:00:00+07:00",
            clock_speed: 60,
            ..Options::default()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-14T08:00:00+07:00").await;

    // Every record of the old store is there, in the same state.
    let page: Value = d.get(&http, "/api/v1/occurrences?per_page=500").await;
    let now: Vec<Value> = common::items(page.clone());
    assert!(page["total"].as_u64().unwrap() as usize >= before.len());
    for old in &before {
        let key = old["key"].as_str().expect("a record key");
        let found = now
            .iter()
            .find(|r| r["id"] == key)
            .unwrap_or_else(|| panic!("{key} is gone after the upgrade"));
        assert_eq!(found["state"], old["value"]["state"], "{key}");
    }

    // The submission, the extension and the waiver made under 0.1, with their audit lines.
    let (status, sub) = d
        .get_as(
            &http,
            TOKEN,
            &format!("/api/v1/occurrences/{}", enc(SUBMITTED)),
        )
        .await;
    assert_eq!(status, 200, "{sub}");
    assert_eq!(sub["state"], "submitted", "{sub}");
    assert_eq!(sub["submission"]["document"], "12/BC-UBND", "{sub}");
    assert!(
        sub["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["what"] == "submitted"),
        "{sub}"
    );
    let (_, ext) = d
        .get_as(
            &http,
            TOKEN,
            &format!("/api/v1/occurrences/{}", enc(EXTENDED)),
        )
        .await;
    assert_eq!(ext["extension"]["number"], 1, "{ext}");
    assert_eq!(ext["due"], "2023-12-30T00:00:00+07:00", "{ext}");
    assert_eq!(ext["status"], "open_not_due", "{ext}");
    let waived = before
        .iter()
        .find(|o| o["value"]["state"] == "waived")
        .expect("the fixture holds a waived occurrence");
    let id = waived["key"].as_str().unwrap();
    let (_, w) = d
        .get_as(&http, TOKEN, &format!("/api/v1/occurrences/{}", enc(id)))
        .await;
    assert_eq!(w["state"], "waived", "{w}");
    assert_eq!(w["closure"]["reason"], "Đơn vị đang sáp nhập", "{w}");

    // And the new release acts on it: the submission is confirmed.
    let (status, view) = d.act(&http, TOKEN, SUBMITTED, "confirm", json!({})).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["state"], "confirmed", "{view}");
}

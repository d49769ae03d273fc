//! A full disk under the store: an action is recorded completely (state, audit line, flush) or
//! not at all, a failed write leaves no trace in what is read, and the store takes writes again
//! by itself once space returns. On a real tmpfs the test fills (see `common/fullfs.rs`).

#[path = "common/fullfs.rs"]
mod fullfs;

use std::time::{Duration, Instant};

use dondoc::actions::{perform, Action, ActionError};
use dondoc::store::{OccurrenceRecord, OccurrenceState, Store};

fn now() -> dondoc::domain::time::Instant {
    chrono::Utc::now().with_timezone(&dondoc::domain::time::ZONE)
}

fn record(i: usize) -> OccurrenceRecord {
    OccurrenceRecord {
        id: format!("kh/bao-cao/xa-{i:04}/2024-Q1"),
        plan: "kh".into(),
        obligation: "bao-cao".into(),
        assignee: format!("xa-{i:04}"),
        period: "2024-Q1".into(),
        due: dondoc::domain::time::parse_instant("2024-04-01T00:00:00+07:00").unwrap(),
        ..Default::default()
    }
}

fn submit(i: usize) -> Action {
    Action::Submit {
        document: Some(format!("Số {i}/BC-UBND")),
        // A sizeable note, so that the disk fills within a few actions.
        note: Some("ghi chú ".repeat(200)),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_records_every_acknowledged_action_and_no_other_and_the_store_recovers() {
    let Some(fs) = fullfs::SmallFs::mount("24m") else {
        return;
    };
    let dir = fs.path().join("store");
    let store = Store::open(&dir).unwrap();
    const N: usize = 400;
    for i in 0..N {
        store.put_occurrence(&record(i)).unwrap();
    }
    store.flush().unwrap();

    // A little room left: the first actions fit, the next ones find the disk full.
    fs.fill(64 * 1024);
    let mut acknowledged = Vec::new();
    let mut refused = Vec::new();
    let mut i = 0;
    // Actions until a few are refused: every refusal is the store's `Unavailable`.
    while refused.len() < 5 && i < N - 1 {
        match perform(&store, &record(i).id, &submit(i), "xa", now()).await {
            Ok(rec) => {
                assert_eq!(rec.state, OccurrenceState::Submitted);
                acknowledged.push(i);
            }
            Err(ActionError::Store(e)) => {
                assert!(e.is_unavailable(), "{e}");
                refused.push(i);
                // While failing, reads are refused too: nothing half-written is shown.
                match store.occurrence(&record(i).id) {
                    Err(e) => assert!(e.is_unavailable(), "{e}"),
                    Ok(r) => assert_eq!(
                        r.map(|r| r.state),
                        Some(OccurrenceState::Open),
                        "a refused action shows"
                    ),
                }
            }
            Err(e) => panic!("action {i}: {e}"),
        }
        i += 1;
    }
    assert!(
        !refused.is_empty(),
        "the disk filled but no action was refused"
    );
    assert!(
        !acknowledged.is_empty(),
        "no action fitted in the room left"
    );
    eprintln!(
        "{} actions acknowledged, {} refused on the full disk",
        acknowledged.len(),
        refused.len()
    );

    // Space returns: within a few seconds the store takes writes again, by itself.
    fs.free();
    let started = Instant::now();
    loop {
        match perform(&store, &record(N - 1).id, &submit(N - 1), "xa", now()).await {
            Ok(_) => break,
            Err(ActionError::Store(e)) if e.is_unavailable() => {}
            Err(e) => panic!("after space returned: {e}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the store did not recover"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(store.failing().is_none());

    // What the store holds: every acknowledged action with its audit line; no refused one.
    let check = |store: &Store, acknowledged: &[usize], refused: &[usize]| {
        for &a in acknowledged {
            let r = store.occurrence(&record(a).id).unwrap().unwrap();
            assert_eq!(r.state, OccurrenceState::Submitted, "acknowledged {a} lost");
            assert_eq!(store.audit_of(&r.id).unwrap().len(), 1, "audit of {a}");
        }
        for &x in refused {
            let r = store.occurrence(&record(x).id).unwrap().unwrap();
            assert_eq!(r.state, OccurrenceState::Open, "refused {x} was recorded");
            assert!(store.audit_of(&r.id).unwrap().is_empty(), "audit of {x}");
        }
    };
    check(&store, &acknowledged, &refused);
    // A refused action can be taken again now.
    let again = refused[0];
    perform(&store, &record(again).id, &submit(again), "xa", now())
        .await
        .unwrap();
    refused.remove(0);
    acknowledged.push(again);
    acknowledged.push(N - 1);
    // And after a restart (what is on disk) the same holds.
    drop(store);
    let store = Store::open(&dir).unwrap();
    check(&store, &acknowledged, &refused);
}

mod common;

use common::daemon::{start, Options, TOKEN};
use serde_json::{json, Value};

/// `/healthz` as an authenticated caller sees it: (status code, body).
async fn health(http: &reqwest::Client, base: &str) -> (u16, Value) {
    let r = http
        .get(format!("{base}/healthz"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_daemon_on_a_full_disk_answers_503_records_nothing_half_and_recovers_without_restart() {
    let Some(fs) = fullfs::SmallFs::mount("48m") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The store on the small filesystem; config, log and outbox folder beside it.
    std::fs::create_dir(fs.path().join("store")).unwrap();
    std::os::unix::fs::symlink(fs.path().join("store"), dir.path().join("store")).unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    let ids: Vec<String> = overdue
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 6, "{ids:?}");

    fs.fill(0);
    // Submissions on the full disk: each is acknowledged (200) or refused with 503
    // store_unavailable, never a 500; a refused one is refused again, not "already submitted".
    let mut acknowledged = Vec::new();
    let mut refused = Vec::new();
    for id in &ids {
        let (status, body) = d
            .act(&http, TOKEN, id, "submit", json!({"document": "Số 1/BC"}))
            .await;
        match status {
            200 => acknowledged.push(id.clone()),
            503 => {
                assert_eq!(body["error"], "store_unavailable", "{body}");
                refused.push(id.clone());
                let (again, body) = d.act(&http, TOKEN, id, "submit", json!({})).await;
                assert_eq!(again, 503, "a retry of a refused action: {body}");
            }
            _ => panic!("submit on a full disk: {status} {body}"),
        }
        if refused.len() >= 2 {
            break;
        }
    }
    assert!(
        !refused.is_empty(),
        "no action was refused on the full disk"
    );
    let (status, body) = health(&http, &d.base).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["store"]["writable"], false, "{body}");
    // Unauthenticated: the status alone.
    let anon: Value = http
        .get(format!("{}/healthz", d.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(anon, json!({"status": "unhealthy"}));

    // Space returns: healthy again without a restart, and the scheduler ticks.
    fs.free();
    let started = std::time::Instant::now();
    let before = loop {
        let (status, body) = health(&http, &d.base).await;
        if status == 200 {
            break body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not healthy again after space returned: {body}\n{}",
            std::fs::read_to_string(&d.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    d.wait_until(&http, "2023-09-20T08:00:00+07:00").await;
    let (_, after) = health(&http, &d.base).await;
    assert_ne!(before["scheduler"]["now"], after["scheduler"]["now"]);
    // The refused submissions were not recorded: they are taken now.
    for id in &refused {
        let (status, body) = d.act(&http, TOKEN, id, "submit", json!({})).await;
        assert_eq!(status, 200, "{id}: {body}");
    }
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(log.contains("store opened again after a failure"), "{log}");
    drop(d);

    // After a restart (kill -9 above), every acknowledged action is there with its audit line.
    let d = start(dir.path(), &Options::default());
    for id in acknowledged.iter().chain(&refused) {
        let (status, v) = d
            .get_as(
                &http,
                TOKEN,
                &format!("/api/v1/occurrences/{}", id.replace('/', "%2F")),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["state"], "submitted", "{id} lost: {v}");
        assert_eq!(v["audit"].as_array().map(Vec::len), Some(1), "{v}");
    }
}

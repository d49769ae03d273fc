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
        due: "2024-04-01T00:00:00+07:00".into(),
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

//! The daemon driven in process through its named steps (`Daemon::step(now)`, `reload`) and
//! `serve` ended by an injected shutdown future, on the shipped data in a temp dir.

mod common;

use common::instant as t;

use std::path::Path;
use std::time::Duration;

use dondoc::config::Settings;
use dondoc::daemon::clock::Clock;
use dondoc::daemon::{serve, Control, Daemon};
use dondoc::schedule::{self, World};

/// The shipped data with only seed 000 (Đông Triều), the store and outbox in the temp dir.
fn project() -> tempfile::TempDir {
    common::project_with(&["000"])
}

/// The settings (store, outbox and a free port in the temp dir) and the world.
fn loaded(dir: &Path) -> (Settings, World) {
    let (mut s, w) = schedule::load_with_settings(&dir.join("config.toml")).expect("valid data");
    s.store_dir = dir.join("store");
    s.channels.outdir = dir.join("outbox");
    s.listen = "127.0.0.1:0".parse().unwrap();
    (s, w)
}

fn messages(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir.join("outbox")) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_at_the_next_actions_send_the_reminders_and_publish_the_status() {
    let dir = project();
    let cfg = dir.path().join("config.toml");
    let (settings, world) = loaded(dir.path());
    let mut daemon = Daemon::open(cfg, settings, world, Control::new(), true).unwrap();
    let status = daemon.status();
    // Tracked from 1/12/2023: the fourth quarter's reports (due mid-December) are reminded.
    let mut now = t("2023-12-01T07:30:00+07:00");
    let end = t("2023-12-20T00:00:00+07:00");
    let mut steps = 0;
    while now < end {
        let step = daemon.step(now).await;
        assert!(!step.failed, "step at {now} failed");
        let published = status.borrow().clone();
        assert_eq!(published.now, Some(now));
        assert_eq!(published.next_action_at, step.next.as_ref().map(|n| n.at));
        let Some(next) = step.next else { break };
        assert!(
            next.at > now,
            "the next action ({}) is after the step ({now})",
            next.at
        );
        now = next.at;
        steps += 1;
        assert!(steps < 200, "the steps keep coming: {now}");
    }
    let sent = messages(dir.path());
    assert!(
        !sent.is_empty(),
        "reminders of the December reports went to the outbox folder after {steps} steps"
    );
    assert_eq!(
        status.borrow().pending,
        0,
        "every queued message was delivered"
    );
    daemon.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_reload_keeps_the_running_world_and_an_accepted_one_replaces_it() {
    let dir = project();
    let cfg = dir.path().join("config.toml");
    let (settings, world) = loaded(dir.path());
    let mut daemon = Daemon::open(cfg, settings, world, Control::new(), true).unwrap();
    let now = t("2023-12-01T07:30:00+07:00");
    daemon.step(now).await;
    let plans = daemon.world().plans.len();
    assert!(plans > 0);
    // A schedule with a syntax error: the reload is refused and the world stays.
    let broken = dir.path().join("schedules/zz-broken.toml");
    std::fs::write(&broken, "[plan\nid = ").unwrap();
    daemon.reload_from_config(now);
    assert_eq!(daemon.world().plans.len(), plans);
    let result = std::fs::read_to_string(dir.path().join("store/dondoc-reload.json"))
        .expect("the outcome is written for `dondoc reload`");
    assert!(
        result.contains("\"accepted\":false") || result.contains("\"accepted\": false"),
        "{result}"
    );
    // Removing the broken file: the next reload is accepted (and the page's handlers see it).
    std::fs::remove_file(&broken).unwrap();
    daemon.reload_from_config(now);
    let result = std::fs::read_to_string(dir.path().join("store/dondoc-reload.json")).unwrap();
    assert!(
        result.contains("\"accepted\":true") || result.contains("\"accepted\": true"),
        "{result}"
    );
    assert!(std::sync::Arc::ptr_eq(
        daemon.world(),
        &daemon.shared_world.read().unwrap().clone()
    ));
    daemon.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_ends_when_its_injected_shutdown_completes() {
    let dir = project();
    let cfg = dir.path().join("config.toml");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = rx.await;
    };
    // A simulated clock far from any due date: the loop waits, and only the shutdown ends it.
    let clock = Clock::simulated(t("2023-12-01T07:30:00+07:00"), 1.0);
    let (settings, world) = loaded(dir.path());
    let served = tokio::spawn(serve(cfg, settings, world, clock, Control::new(), shutdown));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!served.is_finished(), "serve runs until told to stop");
    tx.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(20), served)
        .await
        .expect("serve ends within 20 s of the shutdown")
        .unwrap();
    ended.expect("a clean stop");
    assert!(
        !dir.path().join("store/dondoc-daemon.json").exists(),
        "the daemon file is removed on stop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_ends_at_the_clocks_stop_instant() {
    let dir = project();
    let cfg = dir.path().join("config.toml");
    let start = t("2023-12-01T07:30:00+07:00");
    let clock = Clock::simulated(start, 86_400.0 * 30.0)
        .stopping_at(Some(start + chrono::Duration::days(20)));
    let never = std::future::pending::<()>();
    let (settings, world) = loaded(dir.path());
    tokio::time::timeout(
        Duration::from_secs(120),
        serve(cfg, settings, world, clock, Control::new(), never),
    )
    .await
    .expect("serve ends at the stop instant")
    .expect("a clean stop");
    assert!(
        !messages(dir.path()).is_empty(),
        "the reminders due by then were sent"
    );
}

/// A send interrupted after the message went out (the delivery log holds its "sent" record,
/// the entry's new state was lost to a kill) is recorded as sent at the next step, not sent
/// again: a second send would carry it in another message, under another Message-ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_interrupted_after_its_send_is_not_sent_again() {
    let dir = project();
    let cfg = dir.path().join("config.toml");
    let (settings, world) = loaded(dir.path());
    let mut daemon =
        Daemon::open(cfg.clone(), settings.clone(), world, Control::new(), true).unwrap();
    let mut now = t("2023-12-01T07:30:00+07:00");
    let end = t("2023-12-20T00:00:00+07:00");
    while messages(dir.path()).is_empty() && now < end {
        let step = daemon.step(now).await;
        assert!(!step.failed, "step at {now} failed");
        let Some(next) = step.next else { break };
        now = next.at;
    }
    daemon.close().await.unwrap();

    // The kill: one sent entry is back to "sending", as if its new state never reached disk.
    let store = dondoc::store::Store::open(&settings.store_dir).unwrap();
    let mut entry = store
        .outbox_entries()
        .unwrap()
        .into_iter()
        .find(|e| matches!(e.delivery, dondoc::store::DeliveryState::Sent { .. }))
        .expect("a message went out");
    let sent = |store: &dondoc::store::Store, key: &str| {
        store
            .deliveries_of(key)
            .unwrap()
            .into_iter()
            .filter(|d| d.outcome == "sent")
            .count()
    };
    assert_eq!(sent(&store, &entry.key), 1);
    entry.delivery = dondoc::store::DeliveryState::Sending;
    store.update_entry(&entry).unwrap();
    drop(store);

    let (settings, world) = loaded(dir.path());
    let mut daemon = Daemon::open(cfg, settings.clone(), world, Control::new(), true).unwrap();
    let step = daemon.step(now).await;
    assert!(!step.failed);
    daemon.close().await.unwrap();
    let store = dondoc::store::Store::open(&settings.store_dir).unwrap();
    let after = store.outbox_entry(&entry.key).unwrap().unwrap();
    assert!(
        matches!(after.delivery, dondoc::store::DeliveryState::Sent { .. }),
        "{:?}",
        after.delivery
    );
    assert_eq!(sent(&store, &entry.key), 1, "{} was sent again", entry.key);
}

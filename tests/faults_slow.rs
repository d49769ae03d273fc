//! Slow and many clients against the real binary: more half-sent requests than the connection
//! cap, under the default open-file limit of 1024. They are closed after the header-read
//! timeout, `/healthz` answers within a second once they are gone, and delivery (the outbox
//! folder) wrote every message meanwhile.

mod common;

use std::time::{Duration, Instant};

use common::daemon::{start, Options, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Raises this process's own open-file limit (the test holds over a thousand sockets).
fn raise_own_nofile(want: u64) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain getrlimit/setrlimit on this process.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        lim.rlim_cur = want.min(lim.rlim_max);
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
    }
    lim.rlim_cur
}

#[tokio::test(flavor = "multi_thread")]
async fn half_open_connections_are_capped_and_closed_and_delivery_goes_on() {
    const HALF_OPEN: usize = 1100;
    let own = raise_own_nofile(4096);
    assert!(
        own as usize > HALF_OPEN + 100,
        "this test needs {} open files, the limit is {own}",
        HALF_OPEN + 100
    );
    let dir = tempfile::tempdir().unwrap();
    let d = start(
        dir.path(),
        &Options {
            // A slow clock: delivery keeps writing messages while the connections are held.
            clock_speed: 86400,
            config: &[(
                "header_read_timeout_seconds = 10",
                "header_read_timeout_seconds = 2",
            )],
            nofile: Some(1024),
            ..Options::default()
        },
    );
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let addr = d.base.trim_start_matches("http://").to_owned();

    // More half-sent requests than the connection cap (and than the open-file limit).
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..HALF_OPEN {
        let addr = addr.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(Ok(mut s)) = tokio::time::timeout(
                Duration::from_secs(5),
                tokio::net::TcpStream::connect(&addr),
            )
            .await
            else {
                return None;
            };
            let _ = s
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: dondoc.test\r\nX-Slow: ")
                .await;
            // The daemon closes it: read gives EOF (or a reset).
            let mut buf = [0u8; 512];
            let closed = tokio::time::timeout(Duration::from_secs(30), async {
                loop {
                    match s.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                }
            })
            .await;
            Some(closed.is_ok().then(|| started.elapsed()))
        }));
    }
    // Meanwhile the simulated clock runs on and delivery keeps writing the outbox folder.
    d.wait_until(&http, "2023-09-20T09:00:00+07:00").await;
    let mut connected = 0;
    let mut last_closed = Duration::ZERO;
    for t in tasks {
        if let Some(closed) = t.await.unwrap() {
            connected += 1;
            let at = closed.expect("a half-open connection was never closed");
            last_closed = last_closed.max(at);
        }
    }
    assert!(connected > 1024, "only {connected} connections were made");
    eprintln!("{connected} half-open connections, all closed after {last_closed:?}");

    // Once they are gone /healthz answers within a second.
    let t = Instant::now();
    let r = http
        .get(format!("{}/healthz", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());

    // Delivery wrote every message: nothing pending or failing, no descriptor ran out.
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(!log.contains("Too many open files"), "descriptors ran out");
    assert!(
        !log.contains("delivery attempt failed"),
        "a delivery failed"
    );
    let health: serde_json::Value = http
        .get(format!("{}/healthz", d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["scheduler"]["pending"], 0, "{health}");
    let files = std::fs::read_dir(dir.path().join("var/outbox"))
        .unwrap()
        .count();
    assert!(files > 0);
}

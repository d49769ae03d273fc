//! The coordinator API end to end: the real binary with a simulated clock, over a real socket.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TOKEN: &str = "coordinator-secret-for-tests";
const Q3_PHUONG: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";

struct Daemon {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Seed 000 alone (digest off), first tracked on 12/9/2023 08:00, a simulated day per second.
fn start(dir: &Path) -> Daemon {
    common::copy_project(dir);
    common::keep_schedules(dir, &["000"]);
    let cfg = dir.join("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace("[digest]\nenabled = true", "[digest]\nenabled = false"),
    )
    .unwrap();
    let log = dir.join("serve.log");
    let child = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["serve", "--log-format", "json"])
        .args([
            "--clock-start",
            "2023-09-12T08:00:00+07:00",
            "--clock-speed",
            "86400",
        ])
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_ADMIN_TOKEN", TOKEN)
        .env_remove("DONDOC_SMTP_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut child = Some(child);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let listen = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| l["fields"]["message"] == "dondoc serving")
            .and_then(|l| l["fields"]["listen"].as_str().map(str::to_owned));
        if let Some(addr) = listen {
            return Daemon {
                child: child.take().expect("spawned"),
                base: format!("http://{addr}"),
                log,
            };
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not serving:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the daemon's (simulated) clock has passed `instant`.
async fn wait_until(d: &Daemon, http: &reqwest::Client, instant: &str) {
    let target = chrono::DateTime::parse_from_rfc3339(instant).unwrap();
    let started = Instant::now();
    loop {
        let health: serde_json::Value = http
            .get(format!("{}/healthz", d.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(now) = health["scheduler"]["now"].as_str() {
            if chrono::DateTime::parse_from_rfc3339(now).unwrap() >= target {
                return;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "clock stuck: {health}\n{}",
            std::fs::read_to_string(&d.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn occurrence_url(d: &Daemon, id: &str) -> String {
    format!("{}/api/v1/occurrences/{}", d.base, id.replace('/', "%2F"))
}

/// GET `path` (`/api/v1/…`) with the coordinator token; the JSON body.
async fn get<T: serde::de::DeserializeOwned>(http: &reqwest::Client, d: &Daemon, path: &str) -> T {
    http.get(format!("{}{path}", d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// POST a submission for `id` with the coordinator token.
async fn submit(
    http: &reqwest::Client,
    d: &Daemon,
    id: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    http.post(format!("{}/submit", occurrence_url(d, id)))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_finds_overdue_items_records_a_submission_and_reminders_stop() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path());
    let http = reqwest::Client::new();
    wait_until(&d, &http, "2023-09-13T08:00:00+07:00").await;

    // No token: a JSON 401.
    let r = http
        .get(format!("{}/api/v1/overdue", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");

    // Every overdue item of the plan, by unit: exactly the occurrences due between first
    // tracking (12/9 08:00) and now, which `agenda` lists for 13/9.
    let overdue: Vec<serde_json::Value> =
        get(&http, &d, "/api/v1/overdue?plan=dong-trieu-ancs-2023").await;
    let agenda = common::dondoc_in(
        dir.path(),
        &[
            "agenda",
            "--plan",
            "dong-trieu-ancs-2023",
            "--from",
            "2023-09-13",
            "--to",
            "2023-09-13",
            "--format",
            "json",
        ],
    );
    let agenda: Vec<serde_json::Value> = serde_json::from_slice(&agenda.stdout).unwrap();
    let mut want: Vec<&str> = agenda.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut got: Vec<&str> = overdue.iter().map(|r| r["id"].as_str().unwrap()).collect();
    want.sort_unstable();
    got.sort_unstable();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let item = overdue.iter().find(|r| r["id"] == Q3_PHUONG).unwrap();
    assert_eq!(item["assignee_name"], "Ủy ban nhân dân phường Đông Triều");
    assert_eq!(item["via"], "ca-dongtrieu");
    // Due before 13/9 (last day 12/9); the simulated clock is on 13/9 or 14/9 by now.
    let days = item["days_overdue"].as_i64().unwrap();
    assert!((1..=2).contains(&days), "{item}");
    assert_eq!(item["escalation_level"], 0);

    // By unit.
    let mine: Vec<serde_json::Value> = get(
        &http,
        &d,
        "/api/v1/overdue?unit=ubnd-phuong-dong-trieu-dongtrieu",
    )
    .await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let r = http
        .get(format!("{}/api/v1/overdue?unit=no-such-unit", d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // Record the submission; a second one is a conflict; the audit log says who and what.
    let r = submit(
        &http,
        &d,
        Q3_PHUONG,
        serde_json::json!({"document": "Số 45/BC-UBND", "note": "gửi qua văn thư"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let view: serde_json::Value = r.json().await.unwrap();
    assert_eq!(view["state"], "submitted");
    assert_eq!(view["submission"]["document"], "Số 45/BC-UBND");
    assert_eq!(view["audit"][0]["who"], "admin");
    let r = submit(&http, &d, Q3_PHUONG, serde_json::json!({"nonsense": 1})).await;
    assert_eq!(r.status(), 422, "unknown fields are refused");
    let r = submit(&http, &d, Q3_PHUONG, serde_json::json!({})).await;
    assert_eq!(r.status(), 409);

    // A week later the other wards are escalated; the one that submitted hears nothing more.
    wait_until(&d, &http, "2023-09-20T09:00:00+07:00").await;
    let files: Vec<String> = std::fs::read_dir(dir.path().join("var/outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let escalations = |ward: &str| {
        files
            .iter()
            .filter(|f| f.contains(&format!("bao-cao-quy_{ward}_2023-Q3_escalation")))
            .count()
    };
    assert_eq!(
        escalations("ubnd-phuong-dong-trieu-dongtrieu"),
        0,
        "{files:?}"
    );
    assert!(escalations("ubnd-xa-an-sinh-dongtrieu") > 0, "{files:?}");
    let left: Vec<serde_json::Value> = get(
        &http,
        &d,
        "/api/v1/overdue?plan=dong-trieu-ancs-2023&min_days=7",
    )
    .await;
    assert!(left.iter().all(|r| r["id"] != Q3_PHUONG));
    assert!(left.iter().all(|r| r["escalation_level"] == 1), "{left:?}");
}

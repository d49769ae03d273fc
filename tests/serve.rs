//! End-to-end runs of the real `dondoc serve` binary with a simulated clock against a real SMTP
//! server on loopback: a seed plan's year, crashes (SIGKILL) and a mail-server outage.

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dondoc::daemon::compose::message_id;
use smtp::SmtpServer;

const PLAN: &str = "tinh-chau-thon-antt-2022";

/// Seed 002 (Tịnh Châu, valid from 24/11/2022) alone, with the weekly digest off so that the
/// messages are exactly the policy's notifications, and `extra` config appended.
fn project(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_project(dir.path());
    common::keep_schedules(dir.path(), &["002"]);
    let cfg = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = text.replace("[digest]\nenabled = true", "[digest]\nenabled = false");
    assert!(text.contains("[digest]\nenabled = false"));
    std::fs::write(&cfg, format!("{text}\n{extra}")).unwrap();
    dir
}

/// Starts the real binary on `dir`'s config with a simulated clock; logs (JSON) go to `log`.
fn spawn(
    dir: &Path,
    smtp: &str,
    start: &str,
    speed: f64,
    stop_at: Option<&str>,
    log: &Path,
) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dondoc"));
    cmd.args(["serve", "--log-format", "json", "--clock-start", start])
        .args(["--clock-speed", &speed.to_string()])
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_SMTP_URL", smtp)
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "dondoc=debug")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap());
    if let Some(end) = stop_at {
        cmd.args(["--stop-at", end]);
    }
    cmd.spawn().expect("start dondoc serve")
}

/// Runs the daemon from the plan's start (24/11/2022) to `stop_at` at 100 simulated days per
/// real second and waits for it to finish; returns its log.
fn run_from_plan_start(dir: &Path, smtp: &SmtpServer, stop_at: &str) -> std::path::PathBuf {
    let log = dir.join("serve.log");
    let start = "2022-11-24T00:00:00+07:00";
    let mut child = spawn(dir, &smtp.url(), start, 8_640_000.0, Some(stop_at), &log);
    wait_exit(&mut child, Duration::from_secs(240), &log);
    log
}

fn wait_exit(child: &mut Child, timeout: Duration, log: &Path) {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "dondoc serve exited with {status}:\n{}",
                tail(log)
            );
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "dondoc serve did not reach --stop-at in {timeout:?}:\n{}",
                tail(log)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

fn log_lines(log: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn field<'a>(line: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    line["fields"][name].as_str()
}

/// The Message-IDs the policy plans for `PLAN` from `from` to `to` (inclusive dates), by
/// `dondoc simulate` on the same data: one message per notification and recipient unit.
fn expected(dir: &Path, from: &str, to: &str) -> BTreeMap<String, String> {
    let out = common::dondoc_in(
        dir,
        &[
            "simulate", "--plan", PLAN, "--from", from, "--to", to, "--format", "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids = BTreeMap::new();
    for r in rows {
        for unit in r["to"].as_array().unwrap() {
            let key = format!(
                "{}#{}@{}",
                r["occurrence"].as_str().unwrap(),
                r["key"].as_str().unwrap(),
                unit.as_str().unwrap()
            );
            ids.insert(message_id(&key), key);
        }
    }
    ids
}

/// Message-ID → how many times the server received it.
fn received(smtp: &SmtpServer) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in smtp.message_ids() {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

fn assert_exactly_once(got: &BTreeMap<String, usize>, want: &BTreeMap<String, String>) {
    let twice: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "received more than once: {twice:?}");
    let got: BTreeSet<&String> = got.keys().collect();
    let want_ids: BTreeSet<&String> = want.keys().collect();
    let missing: Vec<&String> = want_ids.difference(&got).map(|id| &want[*id]).collect();
    let extra: Vec<&&String> = got.difference(&want_ids).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} expected, {} received; missing {:?}; unexpected {:?}",
        want.len(),
        got.len(),
        &missing[..missing.len().min(10)],
        &extra[..extra.len().min(10)]
    );
}

#[test]
fn a_seed_plans_year_delivers_exactly_the_planned_messages() {
    let dir = project("");
    let smtp = SmtpServer::start();
    // A year at 100 simulated days per real second.
    run_from_plan_start(dir.path(), &smtp, "2023-11-24T00:00:00+07:00");
    let want = expected(dir.path(), "2022-11-24", "2023-11-23");
    assert!(want.len() > 1000, "{}", want.len());
    assert_exactly_once(&received(&smtp), &want);

    // One message read in full: the first reminder to Thôn Trung Sơn of its monthly report for
    // December 2022, to its email address, in Vietnamese.
    let messages = smtp.messages();
    let key = "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-trung-son-tinhchau/2022-12#reminder-7@thon-trung-son-tinhchau";
    let m = messages
        .iter()
        .find(|m| m.message_id.as_deref() == Some(message_id(key).as_str()))
        .unwrap_or_else(|| {
            panic!(
                "{key} not received; ids: {:?}",
                &want.values().take(5).collect::<Vec<_>>()
            )
        });
    assert_eq!(m.to, ["thon-trungson@tinhchau.example.org"]);
    assert_content(m);
}

/// Checks the content of one message against what a reader must see.
fn assert_content(m: &smtp::Received) {
    let subject = m.subject.as_deref().unwrap();
    assert_eq!(
        subject,
        format!(
            "[Nhắc hạn] Báo cáo tháng kết quả thực hiện của tổ tự quản về an ninh trật tự tháng 12/2022 – hạn trước ngày 15/12/2022 (còn 10 ngày) [{}]",
            dondoc::inbound::matching::subject_code(m.message_id.as_deref().unwrap())
        )
    );
    let text = smtp::text_body(m).unwrap();
    for needle in [
        "Kính gửi: Thôn Trung Sơn, xã Tịnh Châu",
        "Thời hạn:          trước ngày 15/12/2022",
        "Theo dõi: http://127.0.0.1",
        "không chứa nội dung báo cáo",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    // minijinja escapes `/` in HTML as `&#x2f;`.
    let html = smtp::html_body(m).unwrap().replace("&#x2f;", "/");
    assert!(html.contains("<b>trước ngày 15/12/2022"), "{html}");
}

/// A tiny xorshift generator: random kill moments without a dependency; the seed is printed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The simulated instant of the last scheduler step a run logged.
fn last_step(log: &Path) -> Option<String> {
    log_lines(log)
        .iter()
        .rev()
        .find(|l| field(l, "message") == Some("step"))
        .and_then(|l| field(l, "now").map(str::to_owned))
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing() {
    let dir = project("");
    let smtp = SmtpServer::start();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let start = "2022-11-24T00:00:00+07:00";
    let end = "2023-02-24T00:00:00+07:00";
    // Three months at 4 simulated days per real second: about 23 s of simulated time passing.
    let speed = 345_600.0;
    let mut at = start.to_owned();
    let mut kills = 0;
    for run in 0..24 {
        let log = dir.path().join(format!("run-{run}.log"));
        let mut child = spawn(dir.path(), &smtp.url(), &at, speed, Some(end), &log);
        let life = Duration::from_millis(150 + rng.next() % 900);
        std::thread::sleep(life);
        if child.try_wait().unwrap().is_some() {
            break; // reached the end before the kill
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        if let Some(step) = last_step(&log) {
            at = step;
        }
    }
    assert!(
        kills >= 20,
        "only {kills} kills before the end; slow the clock down"
    );
    let log = dir.path().join("final.log");
    let mut child = spawn(dir.path(), &smtp.url(), &at, speed, Some(end), &log);
    wait_exit(&mut child, Duration::from_secs(120), &log);

    let want = expected(dir.path(), "2022-11-24", "2023-02-23");
    assert!(want.len() > 200, "{}", want.len());
    assert_exactly_once(&received(&smtp), &want);
}

#[test]
fn an_smtp_outage_delays_but_loses_nothing_and_backs_off() {
    let dir = project(
        "", // the shipped backoff: 120 s doubling to 2 h
    );
    let mut smtp = SmtpServer::start();
    let log = dir.path().join("serve.log");
    // Two months at a simulated day per real second... compressed: 5 days per second.
    let speed = 432_000.0;
    let mut child = spawn(
        dir.path(),
        &smtp.url(),
        "2022-11-24T00:00:00+07:00",
        speed,
        Some("2023-01-24T00:00:00+07:00"),
        &log,
    );
    // Down from about 2/12 to 12/12 (simulated).
    std::thread::sleep(Duration::from_millis(1600));
    smtp.stop();
    std::thread::sleep(Duration::from_millis(2000));
    smtp.restart();
    wait_exit(&mut child, Duration::from_secs(120), &log);

    let want = expected(dir.path(), "2022-11-24", "2023-01-23");
    assert_exactly_once(&received(&smtp), &want);

    // Failures were retried with exponential backoff (in simulated time), not in a hot loop.
    let mut failures: BTreeMap<String, Vec<chrono::DateTime<chrono::FixedOffset>>> =
        BTreeMap::new();
    for l in log_lines(&log) {
        if field(&l, "message") == Some("delivery attempt failed") {
            let at = chrono::DateTime::parse_from_rfc3339(field(&l, "at").unwrap()).unwrap();
            failures
                .entry(field(&l, "key").unwrap().to_owned())
                .or_default()
                .push(at);
        }
    }
    assert!(
        !failures.is_empty(),
        "the outage caused no failed attempt:\n{}",
        tail(&log)
    );
    for (key, times) in &failures {
        for (i, pair) in times.windows(2).enumerate() {
            let gap = (pair[1] - pair[0]).num_seconds();
            let backoff = (120i64 << i.min(20)).min(7200);
            assert!(
                gap >= backoff,
                "{key}: attempt {} came {gap} s after the previous one, backoff is {backoff} s",
                i + 2
            );
        }
    }
    let total: usize = failures.values().map(Vec::len).sum();
    eprintln!(
        "{} entries failed {total} times in all during the outage",
        failures.len()
    );
}

#[test]
fn the_shipped_config_starts_logs_its_next_send_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_project(dir.path());
    let log = dir.path().join("serve.log");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["serve", "--log-format", "json"])
        .current_dir(dir.path())
        .env_remove("DONDOC_SMTP_URL")
        .env_remove("DONDOC_STORE")
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let next = loop {
        if let Some(l) = log_lines(&log)
            .into_iter()
            .find(|l| field(l, "message") == Some("next action"))
        {
            break l;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no next action logged:\n{}",
            tail(&log)
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    eprintln!("first 'next action' after {:?}", started.elapsed());
    assert!(field(&next, "at").is_some() && field(&next, "what").is_some());
    // The store is the shipped default, under the config's folder.
    assert!(dir.path().join("var/store").is_dir());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    wait_exit(&mut child, Duration::from_secs(20), &log);
    let lines = log_lines(&log);
    assert!(
        lines
            .iter()
            .any(|l| field(l, "message") == Some("stopped; store flushed")),
        "{}",
        tail(&log)
    );
}

#[test]
fn a_unit_that_cannot_be_reached_is_reported_to_its_coordinator() {
    let dir = project("");
    let smtp = SmtpServer::start();
    // Thôn Trung Sơn's mailbox does not exist: the server answers 550, a permanent failure.
    smtp.reject_rcpt("thon-trungson@tinhchau.example.org");
    let log = run_from_plan_start(dir.path(), &smtp, "2022-12-07T00:00:00+07:00");
    let messages = smtp.messages();
    assert!(
        messages.iter().all(|m| !m
            .to
            .contains(&"thon-trungson@tinhchau.example.org".to_owned())),
        "nothing is recorded as delivered to the rejected mailbox"
    );
    let notices: Vec<&smtp::Received> = messages
        .iter()
        .filter(|m| {
            m.subject.as_deref().is_some_and(|s| {
                s.starts_with("[Không liên lạc được] Thôn Trung Sơn, xã Tịnh Châu – ")
            })
        })
        .collect();
    assert!(
        !notices.is_empty(),
        "no unreachable notice:\n{}",
        tail(&log)
    );
    for n in &notices {
        assert_eq!(n.to, ["ca@tinhchau.example.org"], "to the coordinator");
        let text = smtp::text_body(n).unwrap();
        assert!(text.contains("550"), "the reason is given:\n{text}");
    }
    // A permanent failure is not retried.
    let failed_keys: Vec<String> = log_lines(&log)
        .iter()
        .filter(|l| field(l, "message") == Some("delivery attempt failed"))
        .map(|l| field(l, "key").unwrap().to_owned())
        .collect();
    let unique: BTreeSet<&String> = failed_keys.iter().collect();
    assert_eq!(failed_keys.len(), unique.len(), "retried: {failed_keys:?}");
}

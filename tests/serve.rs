//! End-to-end runs of the real `dondoc serve` binary with a simulated clock against a real SMTP
//! server on loopback: a seed plan's year, crashes (SIGKILL) and a mail-server outage.

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Timelike;
use smtp::SmtpServer;

const PLAN: &str = "tinh-chau-thon-antt-2022";

/// Seed 002 (Tịnh Châu, valid from 24/11/2022) alone, with the weekly digest off so that the
/// messages are exactly the policy's notifications, and `extra` config appended.
fn project(extra: &str) -> tempfile::TempDir {
    let dir = common::project_with(&["002"]);
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

/// The messages `dondoc simulate` plans for `plan` (all plans when `None`) from `from` to `to`
/// (inclusive dates), on the same data: Message-ID → its item keys.
fn expected_for(
    dir: &Path,
    plan: Option<&str>,
    from: &str,
    to: &str,
) -> BTreeMap<String, Vec<String>> {
    let mut args = vec!["simulate", "--from", from, "--to", to, "--format", "json"];
    if let Some(p) = plan {
        args.extend(["--plan", p]);
    }
    let out = common::dondoc_in(dir, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let messages: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids = BTreeMap::new();
    for m in messages {
        let recipient = m["recipient"].as_str().unwrap();
        let keys = m["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                assert_eq!(i["message"], m["message"]);
                format!(
                    "{}#{}@{recipient}",
                    i["occurrence"].as_str().unwrap(),
                    i["key"].as_str().unwrap()
                )
            })
            .collect();
        let old = ids.insert(m["message"].as_str().unwrap().to_owned(), keys);
        assert!(old.is_none(), "two messages with one id");
    }
    ids
}

fn expected(dir: &Path, from: &str, to: &str) -> BTreeMap<String, Vec<String>> {
    expected_for(dir, Some(PLAN), from, to)
}

/// Message-ID → how many times the server received it.
fn received(smtp: &SmtpServer) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in smtp.message_ids() {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

fn assert_exactly_once(got: &BTreeMap<String, usize>, want: &BTreeMap<String, Vec<String>>) {
    let twice: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "received more than once: {twice:?}");
    let got: BTreeSet<&String> = got.keys().collect();
    let want_ids: BTreeSet<&String> = want.keys().collect();
    let missing: Vec<&Vec<String>> = want_ids.difference(&got).map(|id| &want[*id]).collect();
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

/// The Date header of a received message.
fn date(m: &smtp::Received) -> chrono::DateTime<chrono_tz::Tz> {
    let d = smtp::header(&m.data, "Date").expect("a Date header");
    chrono::DateTime::parse_from_rfc2822(d.trim())
        .unwrap_or_else(|e| panic!("Date `{d}`: {e}"))
        .with_timezone(&dondoc::domain::time::ZONE)
}

/// Office hours: every message is dated at the reminder time (07:30) of a working day, and no
/// recipient gets more than one message a day.
fn assert_office_hours(dir: &Path, messages: &[smtp::Received]) {
    let world = dondoc::schedule::load(&dir.join("config.toml")).unwrap();
    let mut per_day: BTreeMap<(Vec<String>, chrono::NaiveDate), Vec<String>> = BTreeMap::new();
    for m in messages {
        let d = date(m);
        assert_eq!(
            (d.hour(), d.minute(), d.second()),
            (7, 30, 0),
            "{:?} dated {d}",
            m.subject
        );
        assert!(
            world.calendar.is_working_day(d.date_naive()),
            "{:?} dated {d}, not a working day",
            m.subject
        );
        per_day
            .entry((m.to.clone(), d.date_naive()))
            .or_default()
            .push(m.subject.clone().unwrap_or_default());
    }
    let more: Vec<_> = per_day.iter().filter(|(_, s)| s.len() > 1).collect();
    assert!(more.is_empty(), "more than one message a day: {more:?}");
}

#[test]
fn a_seed_plans_year_delivers_exactly_the_planned_messages() {
    let dir = project("");
    let smtp = SmtpServer::start();
    // A year at 100 simulated days per real second.
    run_from_plan_start(dir.path(), &smtp, "2023-11-24T00:00:00+07:00");
    let want = expected(dir.path(), "2022-11-24", "2023-11-23");
    let items: usize = want.values().map(Vec::len).sum();
    assert!(want.len() > 300 && items > 800, "{} {items}", want.len());
    // Each planned message once, with exactly its planned items (its id is made from them).
    assert_exactly_once(&received(&smtp), &want);
    let messages = smtp.messages();
    assert_office_hours(dir.path(), &messages);
    eprintln!("{} messages for {items} items", messages.len());

    // One message read in full: the one carrying the first reminder to Thôn Trung Sơn of its
    // monthly report for December 2022 (3 working days before the last day, 14/12: 9/12), to
    // its email address, in Vietnamese.
    let key = "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-trung-son-tinhchau/2022-12#reminder-3@thon-trung-son-tinhchau";
    let (id, keys) = want
        .iter()
        .find(|(_, keys)| keys.iter().any(|k| k == key))
        .unwrap_or_else(|| panic!("{key} not planned"));
    let m = messages
        .iter()
        .find(|m| m.message_id.as_deref() == Some(id.as_str()))
        .unwrap_or_else(|| panic!("{key} not received"));
    assert_eq!(m.to, ["thon-trungson@tinhchau.example.org"]);
    assert_eq!(
        date(m).to_rfc3339(),
        "2022-12-09T07:30:00+07:00",
        "the Date header is the (simulated) send time"
    );
    assert_content(m, keys.len());
}

/// Checks the content of one message against what a reader must see.
fn assert_content(m: &smtp::Received, items: usize) {
    let subject = m.subject.as_deref().unwrap();
    let text = smtp::text_body(m).unwrap();
    // The subject ends with the code a reply names the whole message (all its items) by.
    let code = dondoc::inbound::matching::subject_code(m.message_id.as_deref().unwrap());
    if items == 1 {
        assert_eq!(
            subject,
            format!("[Nhắc hạn] Báo cáo tháng kết quả thực hiện của tổ tự quản về an ninh trật tự tháng 12/2022 – hạn trước ngày 15/12/2022 (còn 6 ngày) [{code}]")
        );
    } else {
        // Several items due the same day: how many, and the most urgent (here all are
        // reminders with 6 days left; then by title).
        assert_eq!(
            subject,
            format!("[Nhắc hạn] {items} nội dung cần lưu ý, gấp nhất: Báo cáo năm kết quả thực hiện của tổ tự quản về an ninh trật tự năm 2022 – hạn trước ngày 15/12/2022 (còn 6 ngày) [{code}]")
        );
    }
    for needle in [
        "Kính gửi: Thôn Trung Sơn, xã Tịnh Châu",
        "Báo cáo tháng kết quả thực hiện của tổ tự quản về an ninh trật tự (tháng 12/2022)",
        "   Thời hạn:          trước ngày 15/12/2022 (hạn được suy ra theo lịch báo cáo định kỳ), còn 6 ngày",
        "   Gửi đến:           Ban Chỉ đạo thực hiện mô hình",
        "Theo dõi chung: http://127.0.0.1",
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
fn sigkill_at_random_moments_loses_nothing_and_resends_only_what_was_in_flight() {
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
    // To early March: the January reports' escalations, which the announced Tết 2023 holidays
    // (20–26/1) put after 23/2, fall inside the run too.
    let end = "2023-03-04T00:00:00+07:00";
    // Three months at 4 simulated days per real second: about 25 s of simulated time passing.
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

    let want = expected(dir.path(), "2022-11-24", "2023-03-03");
    assert!(want.len() > 100, "{}", want.len());
    let resent = assert_nothing_lost(dir.path(), &smtp, &want);
    assert!(
        resent <= kills,
        "{resent} messages resent for {kills} kills: more than was in flight"
    );
    assert_office_hours(dir.path(), &dedup(smtp.messages()));
}

/// The outbox folder's messages: Message-ID → its Date line.
fn outbox_files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir.join("var/outbox"))
        .into_iter()
        .flatten()
    {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
        let line = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
        };
        if let Some(id) = line("Message-ID:") {
            out.insert(id, line("Date:").unwrap_or_default());
        }
    }
    out
}

/// The messages received, each Message-ID once (a resend after a kill is the same message).
fn dedup(messages: Vec<smtp::Received>) -> Vec<smtp::Received> {
    let mut seen = BTreeSet::new();
    messages
        .into_iter()
        .filter(|m| seen.insert(m.message_id.clone()))
        .collect()
}

/// After runs with crashes: every planned item was delivered, in exactly one message (all its
/// "sent" records in the store's delivery log name one Message-ID, and the mail server got
/// it); every message the server got carries planned items. A message not sent as planned
/// (it was pending at a crash) went with the next send time's message. Returns how many
/// messages the server got more than once: those in flight at a crash, resent with the same
/// Message-ID.
fn assert_nothing_lost(
    dir: &Path,
    smtp: &SmtpServer,
    want: &BTreeMap<String, Vec<String>>,
) -> usize {
    assert_nothing_lost_but(dir, smtp, want, |_| false)
}

/// [`assert_nothing_lost`], where messages with no planned item are allowed when `extra`
/// says so (the weekly digest alone).
fn assert_nothing_lost_but(
    dir: &Path,
    smtp: &SmtpServer,
    want: &BTreeMap<String, Vec<String>>,
    extra: impl Fn(&smtp::Received) -> bool,
) -> usize {
    let store = dondoc::store::Store::open(&dir.join("store")).unwrap();
    let got = received(smtp);
    // Units with no email or Zalo: their messages are files in the outbox folder.
    let files = outbox_files(dir);
    let mut carried: BTreeSet<String> = BTreeSet::new();
    let mut moved = 0;
    for (planned_id, keys) in want {
        for key in keys {
            let entry = store
                .outbox_entry(key)
                .unwrap()
                .unwrap_or_else(|| panic!("{key} was never queued"));
            assert!(
                matches!(entry.delivery, dondoc::store::DeliveryState::Sent { .. }),
                "{key}: {:?}",
                entry.delivery
            );
            let ids: BTreeSet<String> = store
                .deliveries_of(key)
                .unwrap()
                .into_iter()
                .filter(|d| d.outcome == "sent")
                .map(|d| d.detail)
                .collect();
            assert_eq!(ids.len(), 1, "{key} went out in several messages: {ids:?}");
            let id = ids.into_iter().next().unwrap();
            assert!(
                got.contains_key(&id) || files.contains_key(&id),
                "{key}: message {id} never arrived"
            );
            if &id != planned_id {
                moved += 1;
            }
            carried.insert(id);
        }
    }
    let all = smtp.messages();
    let _ = &files;
    let unknown: Vec<&String> = got
        .keys()
        .filter(|id| !carried.contains(*id))
        .filter(|id| {
            !all.iter()
                .any(|m| m.message_id.as_deref() == Some(id.as_str()) && extra(m))
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "messages with no planned item: {unknown:?}"
    );
    let twice = got.values().filter(|n| **n > 1).count();
    eprintln!(
        "{} messages planned, {} received, {moved} items moved to a later send time by a crash, {twice} resent",
        want.len(),
        got.len()
    );
    twice
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
    // The notice goes in the coordinator's message at the next send time (alone, or with the
    // coordinator's own items that day).
    let notices: Vec<&smtp::Received> = messages
        .iter()
        .filter(|m| {
            smtp::text_body(m).is_some_and(|t| {
                t.contains("Hệ thống đôn đốc không gửi được thông báo")
                    && t.contains("đến Thôn Trung Sơn, xã Tịnh Châu qua các kênh đã cấu hình")
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
    assert_office_hours(dir.path(), &messages);
    // A permanent failure is not retried.
    let failed_keys: Vec<String> = log_lines(&log)
        .iter()
        .filter(|l| field(l, "message") == Some("delivery attempt failed"))
        .map(|l| field(l, "key").unwrap().to_owned())
        .collect();
    let unique: BTreeSet<&String> = failed_keys.iter().collect();
    assert_eq!(failed_keys.len(), unique.len(), "retried: {failed_keys:?}");
}

/// The acceptance run: seed 000 (Đông Triều) on the shipped config (weekly digest on)
/// with a real SMTP server, 16/6/2023–31/12/2023 on the simulated clock with nothing
/// submitted, killed with SIGKILL once in the middle.
#[test]
fn seed_000_half_a_year_one_message_a_day_at_the_send_time_and_a_kill_loses_nothing() {
    let dir = common::project_with(&["000"]);
    let smtp = SmtpServer::start();
    let start = "2023-06-16T00:00:00+07:00";
    let end = "2024-01-01T00:00:00+07:00";
    // About 20 simulated days per real second.
    let speed = 1_728_000.0;
    let log = dir.path().join("run-1.log");
    let mut child = spawn(dir.path(), &smtp.url(), start, speed, Some(end), &log);
    std::thread::sleep(Duration::from_millis(4500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "ended before the kill: slow the clock down"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let at = last_step(&log).expect("a step before the kill");
    eprintln!("killed at {at}");
    let log = dir.path().join("run-2.log");
    let mut child = spawn(dir.path(), &smtp.url(), &at, speed, Some(end), &log);
    wait_exit(&mut child, Duration::from_secs(180), &log);

    let want = expected_for(dir.path(), None, "2023-06-16", "2023-12-31");
    let items: usize = want.values().map(Vec::len).sum();
    let digest_only = |m: &smtp::Received| {
        m.subject
            .as_deref()
            .is_some_and(|s| s.starts_with("[Tổng hợp tuần "))
    };
    // Nothing lost; only what was in flight at the kill sent twice, with its Message-ID.
    let resent = assert_nothing_lost_but(dir.path(), &smtp, &want, digest_only);
    assert!(
        resent <= 8,
        "{resent} resent: more than one round's sends in flight"
    );
    let messages = dedup(smtp.messages());
    assert_office_hours(dir.path(), &messages);
    // The outbox folder's messages too: dated at the send time.
    let files = outbox_files(dir.path());
    for (id, date) in &files {
        let d = chrono::DateTime::parse_from_rfc2822(date)
            .unwrap_or_else(|e| panic!("{id}: Date `{date}`: {e}"));
        assert_eq!((d.hour(), d.minute()), (7, 30), "{id}: {date}");
    }
    let digests = messages.iter().filter(|m| digest_only(m)).count();
    let total = messages.len() + files.len();
    eprintln!(
        "seed 000: {total} messages ({} by email, {} to the outbox folder; {} planned, {digests} weekly digests alone) for {items} items",
        messages.len(),
        files.len(),
        want.len()
    );
    // Against the deliveries before messages were grouped and the policies fitted the periods
    // (one message per item and recipient): 2,271 with the 12 communes the directory then
    // listed, 169 of them for each commune's duties (to the commune, Công an and UBND thị xã);
    // with country's complete list of 21 communes, 9 more: 2,271 + 9 × 169 = 3,792.
    let before = 2_271 + 9 * 169;
    assert!(
        want.len() * 5 <= before + 10 && total * 4 <= before,
        "{} messages planned, {total} sent",
        want.len()
    );
    // No reminder stage lost for the quarterly and yearly duties: the Q3 report of a ward and
    // its nomination for the year have every stage of the default policy.
    let keys: BTreeSet<&str> = want.values().flatten().map(String::as_str).collect();
    let unit = "ubnd-phuong-dong-trieu-dongtrieu";
    let all = [
        "reminder-7",
        "reminder-3",
        "reminder-1",
        "due",
        "overdue",
        "escalation",
    ];
    // "Trước ngày 15/10": the last day on time, Saturday 14/10, is not worked, so the due-day
    // notice goes on Friday 13/10, the day of the 1-working-day reminder, and replaces it (as
    // it always has).
    let friday = ["reminder-7", "reminder-3", "due", "overdue", "escalation"];
    for (occ, stages) in [
        (
            format!("dong-trieu-ancs-2023/bao-cao-quy/{unit}/2023-Q3"),
            &all[..],
        ),
        (
            format!("dong-trieu-ancs-2023/de-nghi-cong-nhan-ancs/{unit}/2023"),
            &friday[..],
        ),
    ] {
        for stage in stages {
            let k = format!("{occ}#{stage}@{unit}");
            assert!(keys.contains(k.as_str()), "{k} not planned");
        }
        for n in 1..=4 {
            // Repeats go to UBND thị xã (the escalation target) and the coordinator.
            let k = format!("{occ}#repeat-{n}@ubnd-dongtrieu");
            assert!(keys.contains(k.as_str()), "{k} not planned");
        }
    }
}

/// A Zalo unit outside the OA's interaction window: Thôn Trung Sơn's reminders (seed 002,
/// 24/11–10/12/2022) are refused on Zalo OA (-230) and go by ZNS to its phone; with no ZNS
/// configured they go by its next route (email) in the same step, dated the same send time.
#[test]
fn a_zalo_unit_outside_the_window_gets_its_reminders_by_zns_else_by_email_the_same_day() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        Mock::given(method("POST"))
            .and(path("/oauth/v4/oa/access_token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"access_token": "tok", "refresh_token": "r2", "expires_in": 90000}
            )))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v3.0/oa/message/cs"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"error": -230, "message": "User has not interacted with the OA in the last 7 days"}
            )))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/zns/message/template"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"error": 0, "data": {"msg_id": "z"}})),
            )
            .mount(&server)
            .await;
    });
    let zalo = format!(
        "[zalo_oa]\napp_id = \"app1\"\napi_base = \"{0}\"\noauth_base = \"{0}/oauth\"\n",
        server.uri()
    );
    let zns = format!(
        "[zns]\ntemplate_id = \"301234\"\napi_base = \"{}/zns\"\n[zns.params]\nten_don_vi = \"unit_name\"\nnhiem_vu = \"top.title\"\nthoi_han = \"top.deadline\"\n",
        server.uri()
    );
    let unit_email = "thon-trungson@tinhchau.example.org";
    let run = |extra: &str| -> (tempfile::TempDir, SmtpServer) {
        let dir = project(extra);
        let file = dir.path().join("directory/tinh-chau.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text.replacen(
            "zalo_user = [\"8430000000201\"]\n",
            "zalo_user = [\"8430000000201\"]\nphone = [\"0912 345 678\"]\n",
            1,
        );
        assert!(text.contains("phone = [\"0912 345 678\"]"));
        std::fs::write(&file, text).unwrap();
        let smtp = SmtpServer::start();
        let log = dir.path().join("serve.log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dondoc"));
        cmd.args(["serve", "--log-format", "json"])
            .args(["--clock-start", "2022-11-24T00:00:00+07:00"])
            .args(["--clock-speed", "8640000"])
            .args(["--stop-at", "2022-12-11T00:00:00+07:00"])
            .current_dir(dir.path())
            .env("DONDOC_STORE", dir.path().join("store"))
            .env("DONDOC_SMTP_URL", smtp.url())
            .env("DONDOC_LISTEN", "127.0.0.1:0")
            .env("DONDOC_ZALO_APP_SECRET", "sk")
            .env("DONDOC_ZALO_REFRESH_TOKEN", "r1")
            .env("RUST_LOG", "dondoc=info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        let mut child = cmd.spawn().unwrap();
        wait_exit(&mut child, Duration::from_secs(120), &log);
        (dir, smtp)
    };
    // The messages planned for Thôn Trung Sơn in that time.
    let planned = |dir: &Path| -> Vec<String> {
        expected(dir, "2022-11-24", "2022-12-10")
            .into_iter()
            .filter(|(_, keys)| keys[0].ends_with("@thon-trung-son-tinhchau"))
            .map(|(id, _)| id)
            .collect()
    };

    // With ZNS: every one of its messages by ZNS to its phone, none by email.
    let (dir, smtp) = run(&format!("{zalo}{zns}"));
    let ids = planned(dir.path());
    assert!(!ids.is_empty());
    let reqs = rt.block_on(server.received_requests()).unwrap();
    let zns_sent: Vec<serde_json::Value> = reqs
        .iter()
        .filter(|r| r.url.path() == "/zns/message/template")
        .map(|r| r.body_json().unwrap())
        .collect();
    for id in &ids {
        let bare = id.trim_matches(['<', '>']);
        let sent: Vec<&serde_json::Value> = zns_sent
            .iter()
            .filter(|b| b["tracking_id"] == bare)
            .collect();
        assert_eq!(sent.len(), 1, "{id} by ZNS: {sent:?}");
        assert_eq!(sent[0]["phone"], "84912345678");
        assert_eq!(
            sent[0]["template_data"]["ten_don_vi"],
            "Thôn Trung Sơn, xã Tịnh Châu"
        );
    }
    assert!(
        smtp.messages()
            .iter()
            .all(|m| !m.to.contains(&unit_email.to_owned())),
        "by email although ZNS took it"
    );
    // The OA was tried first for each.
    let cs = reqs
        .iter()
        .filter(|r| r.url.path() == "/v3.0/oa/message/cs")
        .count();
    assert!(
        cs >= ids.len(),
        "{cs} OA attempts for {} messages",
        ids.len()
    );

    // Without ZNS: by email, the same send time (the Date header), at once.
    rt.block_on(server.reset());
    rt.block_on(async {
        Mock::given(method("POST"))
            .and(path("/oauth/v4/oa/access_token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"access_token": "tok", "refresh_token": "r2", "expires_in": 90000}
            )))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v3.0/oa/message/cs"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"error": -213, "message": "User has not followed the OA"}
            )))
            .mount(&server)
            .await;
    });
    let (dir, smtp) = run(&zalo);
    let ids = planned(dir.path());
    let by_mail: Vec<smtp::Received> = smtp
        .messages()
        .into_iter()
        .filter(|m| m.to.contains(&unit_email.to_owned()))
        .collect();
    let got: BTreeSet<String> = by_mail
        .iter()
        .filter_map(|m| m.message_id.clone())
        .collect();
    assert_eq!(got, ids.iter().cloned().collect::<BTreeSet<_>>());
    assert_office_hours(dir.path(), &by_mail);
}

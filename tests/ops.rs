//! Operations end to end with the real binary: reload while serving (valid, then invalid),
//! backup during writes and restore, doctor against live and dead mail servers, logs without
//! secrets, `--version`.

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use smtp::SmtpServer;

const TOKEN: &str = "coordinator-token-ops-test-7f3a-0123456789abcdef";

/// The shipped data with only the seed schedules named, the digest off, and `extra` appended
/// to config.toml.
fn project(seeds: &[&str], extra: &str) -> tempfile::TempDir {
    let dir = common::project_with(seeds);
    let cfg = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = text.replace("[digest]\nenabled = true", "[digest]\nenabled = false");
    std::fs::write(&cfg, format!("{text}\n{extra}")).unwrap();
    dir
}

/// The real binary in `dir` with the store in `dir/store` and `env` set.
fn dondoc(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dondoc"));
    cmd.args(args)
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env_remove("DONDOC_SMTP_URL")
        .env_remove("DONDOC_ADMIN_TOKEN")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("NOTIFY_SOCKET");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    dondoc(dir, args, env).output().expect("run dondoc")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct Daemon {
    child: Child,
    /// The coordinator token it accepts (`/healthz` gives its detail only with one).
    token: String,
    listen: String,
    log: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Daemon {
    fn log_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GET /healthz over a plain socket.
    fn health(&self) -> serde_json::Value {
        let mut s = std::net::TcpStream::connect(&self.listen).expect("connect to the daemon");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
            self.listen, self.token
        )
        .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        let body = resp.split("\r\n\r\n").nth(1).unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {resp}"))
    }

    fn sim_now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        let h = self.health();
        chrono::DateTime::parse_from_rfc3339(h["scheduler"]["now"].as_str().expect("now")).unwrap()
    }

    fn terminate(&mut self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}\n{}", self.log_text());
                return;
            }
            assert!(
                Instant::now() < deadline,
                "did not stop:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Starts `dondoc serve` on `dir` with a simulated clock; waits until it listens.
fn start(dir: &Path, clock_start: &str, speed: &str, env: &[(&str, &str)]) -> Daemon {
    let token = env
        .iter()
        .find(|(k, _)| *k == "DONDOC_ADMIN_TOKEN")
        .map_or(TOKEN, |(_, v)| *v)
        .to_owned();
    let log = dir.join(format!(
        "serve-{}.log",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let child = dondoc(
        dir,
        &[
            "serve",
            "--log-format",
            "json",
            "--clock-start",
            clock_start,
            "--clock-speed",
            speed,
        ],
        env,
    )
    .env("DONDOC_ADMIN_TOKEN", &token)
    .env("RUST_LOG", "info")
    .stdout(Stdio::null())
    .stderr(std::fs::File::create(&log).unwrap())
    .spawn()
    .expect("start dondoc serve");
    let mut d = Daemon {
        child,
        token,
        listen: String::new(),
        log,
    };
    let started = Instant::now();
    loop {
        let found = d
            .log_lines()
            .into_iter()
            .find(|l| l["fields"]["message"] == "dondoc serving")
            .and_then(|l| l["fields"]["listen"].as_str().map(str::to_owned));
        if let Some(listen) = found {
            d.listen = listen;
            return d;
        }
        assert!(
            d.child.try_wait().unwrap().is_none(),
            "serve exited:\n{}",
            d.log_text()
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not serving:\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_admin_contact_is_checked() {
    let dir = project(
        &["002"],
        "[admin]\nemail = [\"not an address\"]\nunit = \"khong-co\"\n",
    );
    let out = run(dir.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("admin.email `not an address` is not an e-mail address"),
        "{err}"
    );
    let dir = project(&["002"], "[admin]\nunit = \"khong-co\"\n");
    let out = run(dir.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("admin.unit `khong-co` is not a unit or group of the directory"),
        "{err}"
    );
    let dir = project(&["002"], "[admin]\nunit = \"ca-tinhchau\"\n");
    let out = run(dir.path(), &["check"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn version_is_printed() {
    let out = common::dondoc_in(&common::root(), &["--version"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("dondoc {}", env!("CARGO_PKG_VERSION"))
    );
}

/// A plan file that `check` refuses: its assignee is not in the directory.
const BROKEN_PLAN: &str = r#"[plan]
id = "ke-hoach-hong"
issuer = "UBND xã Tịnh Châu"
issued = "2024-01-10"
title = "Kế hoạch có lỗi"
source = "x.txt"

[[obligation]]
id = "bao-cao"
title = "Báo cáo"
kind = "report"
clause = "I"
quote = "Báo cáo trước ngày 13/5/2024."
assignees = ["don-vi-khong-co"]
recipient = "ubnd-tinhchau"
due = { rule = "once", date = "2024-05-13" }
"#;

#[test]
fn reload_accepts_a_valid_change_and_refuses_an_invalid_one_while_serving() {
    let dir = project(
        &["002"],
        "[admin]\nemail = [\"quantri@tinhchau.example.org\"]\n",
    );
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let env = [("DONDOC_SMTP_URL", url.as_str())];
    // A simulated day per second: the scheduler steps at each planned notification.
    let mut d = start(dir.path(), "2022-11-24T00:00:00+07:00", "86400", &env);
    let reloads = |d: &Daemon| {
        d.log_lines()
            .into_iter()
            .filter(|l| l["fields"]["message"] == "reloaded config and schedules")
            .map(|l| l["fields"]["plans"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };

    // A valid change: a second plan.
    let seed = std::fs::read_dir(common::root().join("schedules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("000"))
        .unwrap();
    std::fs::copy(
        &seed,
        dir.path().join("schedules").join(seed.file_name().unwrap()),
    )
    .unwrap();
    let out = run(dir.path(), &["reload"], &env);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).starts_with("reloaded:"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(reloads(&d), [2], "{}", d.log_text());

    // An invalid change: refused, logged, told to the administrator; the daemon goes on.
    let broken = dir.path().join("schedules/zz-broken.toml");
    std::fs::write(&broken, BROKEN_PLAN).unwrap();
    let out = run(dir.path(), &["reload"], &env);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("zz-broken.toml:"), "{stderr}");
    assert!(stderr.contains("don-vi-khong-co"), "{stderr}");
    assert!(stderr.contains("reload refused"), "{stderr}");
    assert_eq!(reloads(&d), [2], "no second reload: {}", d.log_text());
    let logged: Vec<serde_json::Value> = d
        .log_lines()
        .into_iter()
        .filter(|l| l["level"] == "ERROR")
        .collect();
    assert!(
        logged.iter().any(|l| l["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("zz-broken.toml:") && m.contains("don-vi-khong-co"))),
        "the check error is logged: {logged:?}"
    );
    assert!(logged.iter().any(
        |l| l["fields"]["message"] == "reload refused; still running on the previous schedules"
    ));

    let deadline = Instant::now() + Duration::from_secs(20);
    let notice = loop {
        let found = smtp.messages().into_iter().find(|m| {
            m.to.iter()
                .any(|t| t.contains("quantri@tinhchau.example.org"))
        });
        if let Some(m) = found {
            break m;
        }
        assert!(
            Instant::now() < deadline,
            "no mail to the administrator:\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        notice
            .subject
            .as_deref()
            .is_some_and(|s| s.starts_with("[dondoc] Cấu hình mới bị từ chối")),
        "{:?}",
        notice.subject
    );
    let body = smtp::text_body(&notice).unwrap();
    assert!(
        body.contains("zz-broken.toml:") && body.contains("don-vi-khong-co"),
        "{body}"
    );

    // Still running, still advancing its clock, still on the two-plan world.
    assert!(d.child.try_wait().unwrap().is_none());
    let before = d.sim_now();
    let deadline = Instant::now() + Duration::from_secs(15);
    while d.sim_now() <= before {
        assert!(
            Instant::now() < deadline,
            "the scheduler stopped:\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(d.health()["status"], "ok");

    // Fixed: accepted again.
    std::fs::remove_file(&broken).unwrap();
    let out = run(dir.path(), &["reload"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(reloads(&d), [2, 2]);
    d.terminate();
    assert!(
        !dir.path().join("store/dondoc-daemon.json").exists(),
        "the daemon file is removed on exit"
    );
    let out = run(dir.path(), &["reload"], &env);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no running dondoc found"),
        "{}",
        text(&out.stderr)
    );
}

/// The record lines of a backup file (no header, no end line).
fn records(file: &Path) -> Vec<String> {
    let t = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = t.lines().collect();
    assert!(lines.len() >= 2, "{t}");
    assert!(
        lines[0].starts_with(r#"{"format":"dondoc-backup""#),
        "{}",
        lines[0]
    );
    assert!(lines[lines.len() - 1].starts_with(r#"{"end":"#));
    lines[1..lines.len() - 1]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn backup_while_the_daemon_writes_then_restore_gives_every_record_back() {
    let dir = project(&["002"], "");
    let p = dir.path();
    let env = [("DONDOC_ADMIN_TOKEN", TOKEN)];
    // Seed 002 from its first day at ten simulated days per second: occurrences, outbox
    // entries and the delivery log are written all along.
    let mut d = start(p, "2022-11-24T00:00:00+07:00", "864000", &env);

    let out = run(p, &["backup", "nope.jsonl"], &[]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("DONDOC_ADMIN_TOKEN"),
        "{}",
        text(&out.stderr)
    );

    let mut sizes = Vec::new();
    for i in 0..3 {
        std::thread::sleep(Duration::from_millis(1000));
        let file = p.join(format!("b{i}.jsonl"));
        let out = run(p, &["backup", file.to_str().unwrap()], &env);
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
        assert!(stdout.contains("from the running dondoc (pid"), "{stdout}");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is readable by its owner only");
        sizes.push(records(&file).len());
    }
    eprintln!("records per backup: {sizes:?}");
    assert!(
        sizes[0] > 0 && sizes[2] > sizes[0],
        "the store grew between backups: {sizes:?}"
    );
    d.terminate();

    let last = p.join("b2.jsonl");
    let restored = p.join("restored");
    let env_restored = [("DONDOC_STORE", restored.to_str().unwrap())];
    // A truncated copy is refused, naming the file.
    let cut = p.join("cut.jsonl");
    let full = std::fs::read_to_string(&last).unwrap();
    std::fs::write(&cut, &full[..full.len() * 2 / 3]).unwrap();
    let out = run(p, &["restore", cut.to_str().unwrap()], &env_restored);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("cut.jsonl") && err.contains("truncated"),
        "{err}"
    );

    let out = run(p, &["restore", last.to_str().unwrap()], &env_restored);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("restored "),
        "{}",
        text(&out.stdout)
    );

    // Dump the restored store (no daemon now: directly) and compare every record.
    let again = p.join("again.jsonl");
    let out = run(p, &["backup", again.to_str().unwrap()], &env_restored);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("from the store directly"),
        "{}",
        text(&out.stdout)
    );
    let (a, b) = (records(&last), records(&again));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    let trees: std::collections::BTreeSet<String> = a
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["tree"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for t in ["occurrences", "outbox", "deliveries", "plans"] {
        assert!(trees.contains(t), "{t} missing from {trees:?}");
    }

    // A second restore into the now full store is refused.
    let out = run(p, &["restore", last.to_str().unwrap()], &env_restored);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not empty"),
        "{}",
        text(&out.stderr)
    );

    // The restored store serves: the daemon starts on it and carries on.
    let mut d = start(p, "2022-12-20T00:00:00+07:00", "3600", &env_restored);
    std::thread::sleep(Duration::from_millis(300));
    let h = d.health();
    assert_eq!(h["status"], "ok", "{h}\n{}", d.log_text());
    d.terminate();
}

/// A port on 127.0.0.1 where nothing listens.
fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn doctor_says_whether_the_mail_server_answers() {
    let dir = project(&["002"], "");
    let p = dir.path();
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let out = run(p, &["doctor"], &[("DONDOC_SMTP_URL", &url)]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "ok       email: {url}/: connected, EHLO and login accepted (no mail sent)"
        )) || stdout.contains(&format!("ok       email: {url}: connected")),
        "{stdout}"
    );
    assert!(smtp.messages().is_empty(), "doctor sends no mail");
    assert!(stdout.contains("ok       config: 1 plan(s)"), "{stdout}");
    assert!(stdout.contains("0 problem(s)"), "{stdout}");

    // The same URL as a systemd credential ($CREDENTIALS_DIRECTORY/DONDOC_SMTP_URL).
    let creds = tempfile::tempdir().unwrap();
    std::fs::write(creds.path().join("DONDOC_SMTP_URL"), format!("{url}\n")).unwrap();
    let out = run(
        p,
        &["doctor"],
        &[("CREDENTIALS_DIRECTORY", creds.path().to_str().unwrap())],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("ok       email: smtp://127.0.0.1:"),
        "{stdout}"
    );

    let dead = format!("smtp://127.0.0.1:{}", dead_port());
    let out = run(p, &["doctor"], &[("DONDOC_SMTP_URL", &dead)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("PROBLEM  email: cannot connect to {dead}")),
        "{stdout}"
    );
    assert!(stdout.contains("fix: start the mail server"), "{stdout}");
    assert!(stdout.contains("1 problem(s)"), "{stdout}");
}

#[test]
fn doctor_logs_in_to_the_mail_server_and_names_a_wrong_password() {
    let (smtp, cert) = SmtpServer::start_starttls_auth("dondoc", "mat-khau-dung");
    let dir = project(&["002"], "");
    let p = dir.path();
    let cfg = p.join("config.toml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        t.replacen(
            "[email]\n",
            &format!("[email]\nca_file = {:?}\n", cert.to_str().unwrap()),
            1,
        ),
    )
    .unwrap();
    let port = smtp.port();
    let good = format!("smtp://dondoc:mat-khau-dung@localhost:{port}?tls=required");
    let out = run(p, &["doctor"], &[("DONDOC_SMTP_URL", &good)]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("ok       email: smtp://dondoc:***@localhost:"),
        "{stdout}"
    );
    assert!(!stdout.contains("mat-khau-dung"), "{stdout}");

    let bad = format!("smtp://dondoc:mat-khau-sai@localhost:{port}?tls=required");
    let out = run(p, &["doctor"], &[("DONDOC_SMTP_URL", &bad)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("PROBLEM  email:") && stdout.contains("refused the login"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fix: correct the user name and password"),
        "{stdout}"
    );
    assert!(!stdout.contains("mat-khau-sai"), "{stdout}");
}

#[test]
fn every_delivery_is_logged_with_its_key_and_outcome_and_no_secret() {
    let (smtp, cert) = SmtpServer::start_starttls_auth("dondoc", "smtp-secret-5b1c");
    // Zalo Bot configured against a dead port: every group send fails, then email succeeds.
    let dir = project(
        &["002"],
        &format!(
            "[zalo_bot]\napi_base = \"http://127.0.0.1:{}\"\n",
            dead_port()
        ),
    );
    let p = dir.path();
    let cfg = p.join("config.toml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        t.replacen(
            "[email]\n",
            &format!("[email]\nca_file = {:?}\n", cert.to_str().unwrap()),
            1,
        ),
    )
    .unwrap();
    let url = format!(
        "smtp://dondoc:smtp-secret-5b1c@localhost:{}?tls=required",
        smtp.port()
    );
    let secrets = [
        ("DONDOC_SMTP_URL", url.as_str()),
        (
            "DONDOC_ADMIN_TOKEN",
            "admin-secret-9d2e-0123456789abcdef0123",
        ),
        ("DONDOC_ZALO_BOT_TOKEN", "bot-secret-77aa"),
        ("DONDOC_WEBHOOK_SECRET", "hook-secret-31f0"),
    ];
    let log = p.join("serve.log");
    let mut child = dondoc(
        p,
        &[
            "serve",
            "--log-format",
            "json",
            "--clock-start",
            "2022-11-24T00:00:00+07:00",
            "--clock-speed",
            "8640000",
            "--stop-at",
            "2023-01-10T00:00:00+07:00",
        ],
        &secrets,
    )
    .env("RUST_LOG", "debug")
    .stdout(Stdio::null())
    .stderr(std::fs::File::create(&log).unwrap())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{text}");
    for secret in [
        "smtp-secret-5b1c",
        "admin-secret-9d2e-0123456789abcdef0123",
        "bot-secret-77aa",
        "hook-secret-31f0",
    ] {
        assert!(
            !text.contains(secret),
            "the secret `{secret}` is in the log"
        );
    }
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let with = |m: &str| -> Vec<&serde_json::Value> {
        lines
            .iter()
            .filter(|l| l["fields"]["message"] == m)
            .collect()
    };
    let failed = with("delivery attempt failed");
    assert!(
        failed.iter().any(|l| l["fields"]["channel"] == "zalo_bot"),
        "the dead Zalo Bot is logged"
    );
    for l in &failed {
        assert!(
            l["fields"]["key"].as_str().is_some_and(|k| k.contains('#')),
            "{l}"
        );
        assert!(l["fields"]["error"].as_str().is_some(), "{l}");
    }
    // Every message the server received is logged as sent, by key and Message-ID.
    let sent = with("notification sent");
    let logged: std::collections::BTreeSet<&str> = sent
        .iter()
        .map(|l| l["fields"]["message_id"].as_str().unwrap())
        .collect();
    let received = smtp.message_ids();
    assert!(received.len() > 20, "{}", received.len());
    for id in &received {
        assert!(
            logged.contains(id.as_str()),
            "{id} received but not logged as sent"
        );
    }
    for l in &sent {
        assert!(
            l["fields"]["key"].as_str().is_some_and(|k| k.contains('#')),
            "{l}"
        );
        assert_eq!(l["fields"]["channel"], "email");
    }
}

#[test]
fn a_corrupt_store_stops_serve_with_how_to_restore() {
    let dir = project(&["002"], "");
    let p = dir.path();
    {
        let s = dondoc::store::Store::open(&p.join("store")).unwrap();
        s.track_plan("kh", "2024-01-01T00:00:00+07:00").unwrap();
        s.flush().unwrap();
    }
    // sled's configuration file is checked on open; damage it.
    let conf = p.join("store/conf");
    let mut bytes = std::fs::read(&conf).unwrap();
    bytes[14] = b'x';
    std::fs::write(&conf, bytes).unwrap();
    let out = run(p, &["serve"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("is corrupt") && err.contains("dondoc restore BACKUP-FILE"),
        "{err}"
    );
    let out = run(p, &["doctor"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("PROBLEM  store: store:") && stdout.contains("is corrupt"),
        "{stdout}"
    );
}

#[test]
fn systemd_hears_ready_watchdog_reloading_and_stopping() {
    use std::os::unix::net::UnixDatagram;
    let dir = project(&["002"], "");
    let p = dir.path();
    let sock_path = p.join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // A one-second watchdog: the loop must report at least every half second.
    let env = [
        ("NOTIFY_SOCKET", sock_path.to_str().unwrap()),
        ("WATCHDOG_USEC", "1000000"),
    ];
    let log = p.join("serve.log");
    let mut child = dondoc(p, &["serve", "--log-format", "json"], &env)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut got: Vec<(Instant, String)> = Vec::new();
    let recv = |got: &mut Vec<(Instant, String)>, until: Instant| {
        let mut buf = [0u8; 512];
        while Instant::now() < until {
            if let Ok(n) = sock.recv(&mut buf) {
                got.push((Instant::now(), text(&buf[..n]).trim().to_owned()));
            }
        }
    };
    recv(&mut got, Instant::now() + Duration::from_secs(5));
    let ready = got.iter().find(|(_, m)| m == "READY=1").map(|(t, _)| *t);
    let Some(ready) = ready else {
        panic!(
            "no READY=1: {got:?}\n{}",
            std::fs::read_to_string(&log).unwrap()
        );
    };
    // Steady state (the first tick ingests a whole seed): from two seconds after READY.
    let pings: Vec<Instant> = got
        .iter()
        .filter(|(t, m)| m == "WATCHDOG=1" && *t > ready + Duration::from_secs(2))
        .map(|(t, _)| *t)
        .collect();
    assert!(
        pings.len() >= 4,
        "{} watchdog pings in ~3 s: {got:?}",
        pings.len()
    );
    for w in pings.windows(2) {
        assert!(
            w[1] - w[0] < Duration::from_millis(900),
            "a gap of {:?} between watchdog pings",
            w[1] - w[0]
        );
    }

    let out = run(p, &["reload"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    got.clear();
    recv(&mut got, Instant::now() + Duration::from_millis(600));
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    recv(&mut got, Instant::now() + Duration::from_secs(3));
    let status = child.wait().unwrap();
    assert!(status.success());
    let msgs: Vec<&str> = got.iter().map(|(_, m)| m.as_str()).collect();
    assert!(msgs.contains(&"STOPPING=1"), "{msgs:?}");
    // The reload happened before `dondoc reload` returned: READY=1 follows RELOADING=1.
    let reloading = msgs.iter().position(|m| *m == "RELOADING=1");
    assert!(
        reloading.is_some_and(|i| msgs[i..].contains(&"READY=1")),
        "{msgs:?}"
    );
}

/// A minimal data set whose units have webhook URLs, and config.toml with `extra` appended.
fn small_project(webhooks: &[String], extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for sub in ["schedules", "directory", "holidays"] {
        std::fs::create_dir_all(p.join(sub)).unwrap();
    }
    let hooks: Vec<String> = webhooks.iter().map(|w| format!("{w:?}")).collect();
    std::fs::write(
        p.join("directory/x.toml"),
        format!(
            "[[unit]]\nid = \"ubnd-x\"\nname = \"UBND xã X\"\n[unit.contacts]\nwebhook = [{}]\n",
            hooks.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        p.join("schedules/kh-x.toml"),
        r#"[plan]
id = "kh-x"
issuer = "UBND xã X"
issued = "2024-01-10"
title = "Kế hoạch thử"
source = "x.txt"

[[obligation]]
id = "bao-cao"
title = "Báo cáo"
kind = "report"
clause = "I"
quote = "Báo cáo trước ngày 13/5/2024."
assignees = ["ubnd-x"]
recipient = "ubnd-x"
due = { rule = "once", date = "2024-05-13" }
"#,
    )
    .unwrap();
    std::fs::write(
        p.join("holidays/2024.toml"),
        "year = 2024\n[[day]]\ndate = \"2024-01-01\"\nname = \"Tết Dương lịch\"\n",
    )
    .unwrap();
    std::fs::write(p.join("config.toml"), extra).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_checks_zalo_tokens_and_webhooks_without_showing_them() {
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let zalo = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/botgood-bot-token/getMe"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"ok": true, "result": {"account_name": "dondoc-bot"}}),
        ))
        .mount(&zalo)
        .await;
    Mock::given(method("GET"))
        .and(path("/botstale-bot-token/getMe"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            serde_json::json!({"ok": false, "error_code": 401, "description": "Unauthorized"}),
        ))
        .mount(&zalo)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.0/oa/getoa"))
        .and(header("access_token", "good-access"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"error": 0, "message": "Success", "data": {"name": "Công an xã X"}}),
        ))
        .mount(&zalo)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.0/oa/getoa"))
        .and(header("access_token", "bad-access"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"error": -216, "message": "Access token is invalid"}),
        ))
        .mount(&zalo)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(405))
        .mount(&zalo)
        .await;
    let live_hook = format!("{}/hook", zalo.uri());
    let dead_hook = format!("http://127.0.0.1:{}/hook", dead_port());
    let dir = small_project(
        &[live_hook.clone(), dead_hook.clone()],
        &format!(
            "[zalo_oa]\napp_id = \"123\"\napi_base = \"{0}\"\noauth_base = \"{0}\"\n\
             [zalo_bot]\napi_base = \"{0}\"\n[webhook]\nenabled = true\n",
            zalo.uri()
        ),
    );
    let p = dir.path().to_path_buf();
    let store_tokens = |access: &str| {
        let _ = std::fs::remove_dir_all(p.join("store"));
        let s = dondoc::store::Store::open(&p.join("store")).unwrap();
        s.put_channel_state(
            "zalo_oa",
            &dondoc::notify::zalo::ZaloTokens {
                access_token: access.to_owned(),
                refresh_token: "refresh-secret-1".to_owned(),
                expires_at: None,
            },
        )
        .unwrap();
        s.flush().unwrap();
    };
    let doctor = |bot_token: &'static str| {
        let p = p.clone();
        tokio::task::spawn_blocking(move || {
            run(
                &p,
                &["doctor"],
                &[
                    ("DONDOC_ZALO_APP_SECRET", "app-secret-1"),
                    ("DONDOC_ZALO_BOT_TOKEN", bot_token),
                ],
            )
        })
    };

    store_tokens("good-access");
    let out = doctor("good-bot-token").await.unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ok       zalo_oa: access token valid (OA Công an xã X)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ok       zalo_bot: token valid (bot dondoc-bot)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("ok       webhook: {live_hook} answers (HTTP 405)")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("PROBLEM  webhook: cannot reach {dead_hook}")),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "the dead webhook is a problem");

    store_tokens("bad-access");
    let out = doctor("stale-bot-token").await.unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("PROBLEM  zalo_oa:") && stdout.contains("error -216"),
        "{stdout}"
    );
    assert!(
        stdout.contains("PROBLEM  zalo_bot:") && stdout.contains("refused the Zalo Bot token"),
        "{stdout}"
    );
    for secret in [
        "bad-access",
        "stale-bot-token",
        "refresh-secret-1",
        "app-secret-1",
    ] {
        assert!(!stdout.contains(secret), "{secret} shown:\n{stdout}");
    }
}

#[test]
fn doctor_deep_compares_the_stores_counts_and_indexes_with_every_record() {
    let dir = project(&["002"], "");
    let p = dir.path();
    let mut d = start(p, "2022-12-20T00:00:00+07:00", "3600", &[]);
    std::thread::sleep(Duration::from_millis(300));
    let h = d.health();
    assert_eq!(h["status"], "ok", "{h}\n{}", d.log_text());
    // The running daemon holds the store: the deep check says how to run it.
    let out = run(p, &["doctor", "--deep"], &[]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("warning  store: the deep check reads the store itself"),
        "{stdout}"
    );
    d.terminate();
    let out = run(p, &["doctor", "--deep"], &[]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ok       store: deep check: the counts by state, the per-unit and per-plan tallies, the live index and the index by deadline agree with every record"),
        "{stdout}"
    );
    // Without --deep no record is read for it.
    let out = run(p, &["doctor"], &[]);
    assert!(!text(&out.stdout).contains("deep check"));
}

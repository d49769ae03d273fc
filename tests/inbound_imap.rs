//! The mailbox reader against a real IMAP server: Debian's dovecot, started by the test in a
//! temporary folder on a loopback port with a test user. Replies put in the mailbox (with their
//! INTERNALDATE, the time the mail server received them) submit the occurrences of the real
//! daemon on a simulated clock; no message is handled twice across a restart, neither after a
//! crash between the store's record and the server's flag nor in the middle of a batch.
//! Without dovecot the tests are skipped with a message, except under CI, where they fail.

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use async_imap::Client;
use futures_util::TryStreamExt;
use smtp::SmtpServer;

const DOVECOT: &str = "/usr/sbin/dovecot";
const USER: &str = "reports";
const PASSWORD: &str = "imap-password-for-tests";
const TOKEN: &str = "coordinator-secret-for-tests-0123456789abcdef";
const TRUNG_SON: &str =
    "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-trung-son-tinhchau/2022-12";
const MINH_SON: &str =
    "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-minh-son-tinhchau/2022-12";
const TRUNG_SON_MAIL: &str = "thon-trungson@tinhchau.example.org";
const MINH_SON_MAIL: &str = "thon-minhson@tinhchau.example.org";

/// A dovecot instance of its own: config, users and mail in a temporary folder.
struct Dovecot {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Dovecot {
    /// Starts dovecot, or None (with a message) when it is not installed and CI is not set.
    fn start() -> Option<Dovecot> {
        Self::launch(false)
    }

    /// As `start`, serving IMAP over TLS only (imaps) with a self-signed certificate for
    /// 127.0.0.1, written to `<dir>/cert.pem`.
    fn start_tls() -> Option<Dovecot> {
        Self::launch(true)
    }

    fn cert(&self) -> PathBuf {
        self._dir.path().join("cert.pem")
    }

    fn launch(tls: bool) -> Option<Dovecot> {
        if !Path::new(DOVECOT).exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install dovecot (apt-get install -y dovecot-imapd): {DOVECOT} is missing"
            );
            println!("SKIPPED: the IMAP tests need dovecot (apt-get install dovecot-imapd)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["run", "state", "mail", "home"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        std::fs::write(d.join("users"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        // Mail processes never run as root: as root, the mail belongs to `nobody`.
        let (uid, gid) = match unsafe_ids() {
            (0, _) => {
                for sub in ["mail", "home"] {
                    std::os::unix::fs::chown(d.join(sub), Some(65534), Some(65534)).unwrap();
                }
                (65534, 65534)
            }
            ids => ids,
        };
        // A port is free when picked and taken by dovecot a moment later: another test of this
        // binary may bind it in between, and then this dovecot exits. So a start counts only
        // when our own child is still running once the port answers; otherwise it is retried
        // on another port.
        for attempt in 1..=3 {
            let port = free_port();
            let (ssl, imap_port, imaps_port) = if tls {
                let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
                std::fs::write(d.join("cert.pem"), ck.cert.pem()).unwrap();
                std::fs::write(d.join("key.pem"), ck.signing_key.serialize_pem()).unwrap();
                (
                    format!(
                        "ssl = required\nssl_cert = <{0}/cert.pem\nssl_key = <{0}/key.pem\n",
                        d.display()
                    ),
                    0,
                    port,
                )
            } else {
                ("ssl = no\n".to_owned(), port, 0)
            };
            let conf = format!(
                r#"base_dir = {d}/run
    state_dir = {d}/state
    log_path = {d}/dovecot.log
    protocols = imap
    listen = 127.0.0.1
    {ssl}disable_plaintext_auth = no
    auth_mechanisms = plain login
    mail_location = maildir:{d}/mail/%u
    passdb {{
      driver = passwd-file
      args = scheme=PLAIN username_format=%u {d}/users
    }}
    userdb {{
      driver = static
      args = uid={uid} gid={gid} home={d}/home/%u
    }}
    service imap-login {{
      inet_listener imap {{
        address = 127.0.0.1
        port = {imap_port}
      }}
      inet_listener imaps {{
        address = 127.0.0.1
        port = {imaps_port}
      }}
    }}
    service stats {{
      unix_listener stats-writer {{
        mode = 0666
      }}
    }}
    "#,
                d = d.display()
            );
            std::fs::write(d.join("dovecot.conf"), conf).unwrap();
            let mut child = Command::new(DOVECOT)
                .arg("-F")
                .arg("-c")
                .arg(d.join("dovecot.conf"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start dovecot");
            let started = Instant::now();
            let log = || std::fs::read_to_string(d.join("dovecot.log")).unwrap_or_default();
            let exited = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break Some(status);
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    // The port answers; it is ours only if our dovecot still runs.
                    std::thread::sleep(Duration::from_millis(200));
                    break child.try_wait().unwrap();
                }
                assert!(
                    started.elapsed() < Duration::from_secs(15),
                    "dovecot did not listen on {port}:\n{}",
                    log()
                );
                std::thread::sleep(Duration::from_millis(50));
            };
            match exited {
                None => {
                    return Some(Dovecot {
                        child,
                        port,
                        _dir: dir,
                    })
                }
                Some(status) => eprintln!(
                    "dovecot exited ({status}) on port {port}, attempt {attempt} of 3:\n{}",
                    log()
                ),
            }
        }
        panic!("dovecot did not start in three attempts (see the logs above)");
    }

    fn url(&self) -> String {
        format!("imap://{USER}@127.0.0.1:{}/INBOX", self.port)
    }

    async fn session(&self) -> async_imap::Session<tokio::net::TcpStream> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .unwrap();
        let mut client = Client::new(tcp);
        client.read_response().await.unwrap().unwrap();
        let mut s = client
            .login(USER, PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .unwrap();
        s.select("INBOX").await.unwrap();
        s
    }

    /// Puts `raw` in the INBOX as received at `internal_date` (`05-Dec-2022 10:00:00 +0700`).
    async fn append(&self, raw: &str, internal_date: &str) {
        let mut s = self.session().await;
        s.append(
            "INBOX",
            None,
            Some(&format!("\"{internal_date}\"")),
            raw.as_bytes(),
        )
        .await
        .unwrap();
        let _ = s.logout().await;
    }

    /// The UIDs of the INBOX's messages with (or without) dondoc's keyword.
    async fn handled(&self, yes: bool) -> Vec<u32> {
        let mut s = self.session().await;
        let q = if yes { "KEYWORD" } else { "UNKEYWORD" };
        let mut v: Vec<u32> = s
            .uid_search(format!("{q} {}", dondoc::inbound::imap::HANDLED))
            .await
            .unwrap()
            .into_iter()
            .collect();
        v.sort_unstable();
        let _ = s.logout().await;
        v
    }

    /// Takes dondoc's keyword off a message (as if dondoc had stopped before flagging it).
    async fn unflag(&self, uid: u32) {
        let mut s = self.session().await;
        let _: Vec<_> = s
            .uid_store(
                uid.to_string(),
                format!("-FLAGS ({})", dondoc::inbound::imap::HANDLED),
            )
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        let _ = s.logout().await;
    }

    async fn wait_handled(&self, count: usize) {
        let started = Instant::now();
        loop {
            let h = self.handled(true).await;
            if h.len() >= count {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "only {h:?} handled, want {count}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The real and effective user and group of this process.
fn unsafe_ids() -> (u32, u32) {
    // SAFETY: getuid/getgid only read the process's credentials.
    unsafe { (libc::getuid(), libc::getgid()) }
}

/// (Without `in_reply_to`, no In-Reply-To: matched by the code in the subject alone.)
fn reply(from: &str, message_id: &str, in_reply_to: &str, subject: &str, extra: &str) -> String {
    let refs = if in_reply_to.is_empty() {
        String::new()
    } else {
        format!("In-Reply-To: {in_reply_to}\r\n")
    };
    format!(
        "From: {from}\r\nTo: dondoc@localhost\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
Date: Fri, 09 Dec 2022 09:00:00 +0700\r\n{refs}{extra}\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThôn gửi báo cáo tháng 12/2022.\r\n\
--b1\r\nContent-Type: application/pdf; name=\"bao-cao-12.pdf\"\r\n\
Content-Disposition: attachment; filename=\"bao-cao-12.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQKJeLjz9MK\r\n--b1--\r\n"
    )
}

fn project(extra: &str) -> tempfile::TempDir {
    let dir = common::project_with(&["002"]);
    let cfg = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("[digest]\nenabled = true", "[digest]\nenabled = false");
    std::fs::write(&cfg, format!("{text}\n{extra}")).unwrap();
    dir
}

/// The real daemon (common::daemon::serving) with this test's calls.
struct Daemon(common::daemon::Daemon);

fn start(dir: &Path, sink: &SmtpServer, clock: &str, name: &str) -> Daemon {
    let log = dir.join(format!("{name}.log"));
    let child = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["serve", "--log-format", "json", "--clock-start", clock])
        .args(["--clock-speed", "600"])
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_SMTP_URL", sink.url())
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_IMAP_PASSWORD", PASSWORD)
        .env("DONDOC_ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    Daemon(common::daemon::serving(child, log))
}

impl Daemon {
    async fn get(&self, path: &str) -> serde_json::Value {
        let r = reqwest::Client::new()
            .get(format!("{}{path}", self.0.base))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    async fn occurrence(&self, id: &str) -> serde_json::Value {
        self.get(&format!("/api/v1/occurrences/{}", id.replace('/', "%2F")))
            .await
    }

    async fn wait_state(&self, id: &str, state: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let o = self.occurrence(id).await;
            if o["state"] == state {
                return o;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{id} never became {state}: {o}\n{}",
                std::fs::read_to_string(&self.0.log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn confirm(&self, id: &str) {
        let r = reqwest::Client::new()
            .post(format!(
                "{}/api/v1/occurrences/{}/confirm",
                self.0.base,
                id.replace('/', "%2F")
            ))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}

fn monthly_to(sink: &SmtpServer, to: &str) -> Vec<String> {
    sink.messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t.contains(to)) && carries_the_monthly_item(m))
        .filter_map(|m| m.message_id)
        .collect()
}

fn submissions(o: &serde_json::Value) -> usize {
    o["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["what"] == "submitted")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_in_the_mailbox_submit_once_across_a_restart() {
    let Some(imap) = Dovecot::start() else { return };
    let sink = SmtpServer::start();
    let dir = project(&format!(
        "[inbound]\nimap_url = \"{}\"\npoll_seconds = 1\n",
        imap.url()
    ));
    let d = start(dir.path(), &sink, "2022-12-09T07:20:00+07:00", "first");
    let started = Instant::now();
    while monthly_to(&sink, TRUNG_SON_MAIL).is_empty()
        || monthly_to(&sink, MINH_SON_MAIL).is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no reminders: {:?}",
            sink.messages()
                .iter()
                .map(|m| (m.to.clone(), m.subject.clone()))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let trung_son_reminder = monthly_to(&sink, TRUNG_SON_MAIL)[0].clone();
    let minh_son_reminder = monthly_to(&sink, MINH_SON_MAIL)[0].clone();

    // A batch: the unit's reply (received by the mail server at 10:00 on 05/12), the same
    // message twice, an auto-reply and a stranger's mail.
    let on_time = reply(
        TRUNG_SON_MAIL,
        "r1@tinhchau.example.org",
        &trung_son_reminder,
        "Re: báo cáo",
        "",
    );
    imap.append(&on_time, "09-Dec-2022 10:00:00 +0700").await;
    imap.append(&on_time, "09-Dec-2022 10:01:00 +0700").await;
    let auto = reply(
        MINH_SON_MAIL,
        "ooo@tinhchau.example.org",
        &minh_son_reminder,
        "Out of office",
        "Auto-Submitted: auto-replied\r\n",
    );
    imap.append(&auto, "09-Dec-2022 10:02:00 +0700").await;
    let stranger = reply(
        "x@gmail.example.com",
        "s1@gmail.example.com",
        &minh_son_reminder,
        "Re: báo cáo",
        "",
    );
    imap.append(&stranger, "09-Dec-2022 10:03:00 +0700").await;

    let o = d.wait_state(TRUNG_SON, "submitted").await;
    assert_eq!(o["submission"]["at"], "2022-12-09T10:00:00+07:00", "{o}");
    imap.wait_handled(4).await;
    let list = d.get("/api/v1/inbound").await;
    assert_eq!(list["total"], 3, "{list}");
    let states: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["message_id"].as_str().unwrap(),
                i["state"].as_str().unwrap(),
            )
        })
        .collect();
    for want in [
        ("r1@tinhchau.example.org", "matched"),
        ("ooo@tinhchau.example.org", "ignored"),
        ("s1@gmail.example.com", "waiting"),
    ] {
        assert!(states.contains(&want), "{want:?} not in {states:?}");
    }
    assert_eq!(d.occurrence(MINH_SON).await["state"], "open");

    // dondoc stops hard after recording a message but before flagging it on the server.
    let uids = imap.handled(true).await;
    imap.unflag(uids[0]).await;
    drop(d);
    let reminded = monthly_to(&sink, TRUNG_SON_MAIL).len();
    // Minh Sơn answers after the deadline (last day 14/12).
    // A new message naming the code of its reminder in the subject (no In-Reply-To).
    let code = dondoc::inbound::matching::subject_code(&minh_son_reminder);
    let late = reply(
        MINH_SON_MAIL,
        "r2@tinhchau.example.org",
        "",
        &format!("Báo cáo tháng 12 [{code}]"),
        "",
    );
    imap.append(&late, "16-Dec-2022 10:00:00 +0700").await;
    let d = start(dir.path(), &sink, "2022-12-16T10:05:00+07:00", "second");
    let o = d.wait_state(MINH_SON, "submitted").await;
    assert_eq!(o["submission"]["at"], "2022-12-16T10:00:00+07:00", "{o}");
    imap.wait_handled(5).await;
    assert!(imap.handled(false).await.is_empty());
    // Nothing handled twice: one submission each, one record per message.
    assert_eq!(submissions(&d.occurrence(TRUNG_SON).await), 1);
    assert_eq!(submissions(&d.occurrence(MINH_SON).await), 1);
    assert_eq!(d.get("/api/v1/inbound").await["total"], 4);
    // Reminders stopped for Trung Sơn; on time and late once confirmed.
    assert_eq!(monthly_to(&sink, TRUNG_SON_MAIL).len(), reminded);
    d.confirm(TRUNG_SON).await;
    d.confirm(MINH_SON).await;
    assert_eq!(d.occurrence(TRUNG_SON).await["status"], "done_on_time");
    assert_eq!(d.occurrence(MINH_SON).await["status"], "done_late");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_batch_loses_nothing_and_repeats_nothing() {
    use dondoc::inbound::{imap as reader, ImapSettings, InboundSettings, Intake, SharedClock};
    let Some(imap) = Dovecot::start() else { return };
    let dir = project("");
    let world = dondoc::schedule::load(&dir.path().join("config.toml")).unwrap();
    let world = Arc::new(RwLock::new(Arc::new(world)));
    for i in 1..=5 {
        let raw = reply(
            "x@gmail.example.com",
            &format!("batch-{i}@gmail.example.com"),
            "<none@dondoc>",
            &format!("Báo cáo số {i}"),
            "",
        );
        imap.append(&raw, &format!("05-Dec-2022 10:0{i}:00 +0700"))
            .await;
    }
    let settings = ImapSettings {
        tls: false,
        host: "127.0.0.1".into(),
        port: imap.port,
        user: USER.into(),
        password: PASSWORD.into(),
        mailbox: "INBOX".into(),
        ca_file: None,
        move_to: None,
        poll: Duration::from_secs(1),
    };
    let store_dir = dir.path().join("store");
    let intake = |store: Arc<dondoc::store::Store>| {
        Intake::new(
            store,
            world.clone(),
            InboundSettings {
                attachments_dir: dir.path().join("files"),
                ..Default::default()
            },
            SharedClock::system(),
            Arc::new(tokio::sync::Notify::new()),
        )
    };
    {
        // The first run stops after two messages of the five.
        let store = Arc::new(dondoc::store::Store::open(&store_dir).unwrap());
        let i = intake(store.clone());
        let r = reader::poll_once(&i, &settings, 2).await.unwrap();
        assert_eq!((r.taken, r.already), (2, 0));
        assert_eq!(store.inbound_messages().unwrap().len(), 2);
    }
    // One handled message lost its flag (stopped between the store and the server).
    let flagged = imap.handled(true).await;
    assert_eq!(flagged.len(), 2);
    imap.unflag(flagged[1]).await;
    let store = Arc::new(dondoc::store::Store::open(&store_dir).unwrap());
    let i = intake(store.clone());
    let r = reader::poll_once(&i, &settings, usize::MAX).await.unwrap();
    assert_eq!((r.taken, r.already), (3, 1), "{r:?}");
    let all = store.inbound_messages().unwrap();
    let mut keys: Vec<&str> = all.iter().map(|r| r.key.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        (1..=5)
            .map(|i| format!("batch-{i}@gmail.example.com"))
            .collect::<Vec<_>>()
    );
    assert!(all
        .iter()
        .all(|r| r.received_at.starts_with("2022-12-05T10:0")));
    assert_eq!(imap.handled(true).await.len(), 5);
    // Nothing left: another poll takes nothing.
    let r = reader::poll_once(&i, &settings, usize::MAX).await.unwrap();
    assert_eq!((r.taken, r.already), (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reader_idles_and_takes_new_mail_as_it_arrives() {
    use dondoc::inbound::{imap as reader, ImapSettings, InboundSettings, Intake, SharedClock};
    let Some(imap) = Dovecot::start() else { return };
    let dir = project("");
    let world = dondoc::schedule::load(&dir.path().join("config.toml")).unwrap();
    // A poll every two minutes: only IDLE can bring a new message in sooner.
    let settings = ImapSettings {
        tls: false,
        host: "127.0.0.1".into(),
        port: imap.port,
        user: USER.into(),
        password: PASSWORD.into(),
        mailbox: "INBOX".into(),
        ca_file: None,
        move_to: None,
        poll: Duration::from_secs(120),
    };
    let store = Arc::new(dondoc::store::Store::open(&dir.path().join("store")).unwrap());
    let intake = Arc::new(Intake::new(
        store.clone(),
        Arc::new(RwLock::new(Arc::new(world))),
        InboundSettings::default(),
        SharedClock::system(),
        Arc::new(tokio::sync::Notify::new()),
    ));
    let running = tokio::spawn(reader::run(intake, settings));
    // Connected and idling on the empty mailbox.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(store.inbound_messages().unwrap().is_empty());
    let raw = reply(
        "x@gmail.example.com",
        "idle-1@gmail.example.com",
        "",
        "Báo cáo",
        "",
    );
    imap.append(&raw, "05-Dec-2022 10:00:00 +0700").await;
    let started = std::time::Instant::now();
    while store.inbound_messages().unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(45),
            "the new message was not taken while the reader idled"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("taken {:?} after it arrived", started.elapsed());
    // The server is told once the store has it: the flag follows within moments.
    let mut s = imap.session().await;
    let flagged = std::time::Instant::now();
    loop {
        s.select("INBOX").await.unwrap();
        let handled = s
            .uid_search(format!("KEYWORD {}", reader::HANDLED))
            .await
            .unwrap();
        if handled.len() == 1 {
            break;
        }
        assert!(
            flagged.elapsed() < Duration::from_secs(10),
            "flagged on the server once taken"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = s.logout().await;
    running.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handled_mail_can_be_moved_to_a_folder() {
    use dondoc::inbound::{imap as reader, ImapSettings, InboundSettings, Intake, SharedClock};
    let Some(imap) = Dovecot::start() else { return };
    let dir = project("");
    let world = dondoc::schedule::load(&dir.path().join("config.toml")).unwrap();
    for i in 1..=2 {
        let raw = reply(
            "x@gmail.example.com",
            &format!("m{i}@gmail.example.com"),
            "",
            "Báo cáo",
            "",
        );
        imap.append(&raw, "05-Dec-2022 10:00:00 +0700").await;
    }
    let settings = ImapSettings {
        tls: false,
        host: "127.0.0.1".into(),
        port: imap.port,
        user: USER.into(),
        password: PASSWORD.into(),
        mailbox: "INBOX".into(),
        ca_file: None,
        move_to: Some("Da-xu-ly".into()),
        poll: Duration::from_secs(1),
    };
    let store = Arc::new(dondoc::store::Store::open(&dir.path().join("store")).unwrap());
    let i = Intake::new(
        store.clone(),
        Arc::new(RwLock::new(Arc::new(world))),
        InboundSettings::default(),
        SharedClock::system(),
        Arc::new(tokio::sync::Notify::new()),
    );
    let r = reader::poll_once(&i, &settings, usize::MAX).await.unwrap();
    assert_eq!(r.taken, 2);
    let mut s = imap.session().await;
    let inbox: Vec<u32> = s.uid_search("ALL").await.unwrap().into_iter().collect();
    assert!(inbox.is_empty(), "{inbox:?}");
    s.select("Da-xu-ly").await.unwrap();
    let moved = s
        .uid_search(format!("KEYWORD {}", reader::HANDLED))
        .await
        .unwrap();
    assert_eq!(moved.len(), 2);
    let _ = s.logout().await;
    assert_eq!(store.inbound_messages().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reader_speaks_imaps_with_a_private_ca() {
    use dondoc::inbound::{imap as reader, ImapSettings, InboundSettings, Intake, SharedClock};
    let Some(server) = Dovecot::start_tls() else {
        return;
    };
    let dir = project("");
    let world = dondoc::schedule::load(&dir.path().join("config.toml")).unwrap();
    let mut settings = ImapSettings {
        tls: true,
        host: "127.0.0.1".into(),
        port: server.port,
        user: USER.into(),
        password: PASSWORD.into(),
        mailbox: "INBOX".into(),
        ca_file: None,
        move_to: None,
        poll: Duration::from_secs(1),
    };
    let store = Arc::new(dondoc::store::Store::open(&dir.path().join("store")).unwrap());
    let i = Intake::new(
        store.clone(),
        Arc::new(RwLock::new(Arc::new(world))),
        InboundSettings::default(),
        SharedClock::system(),
        Arc::new(tokio::sync::Notify::new()),
    );
    // Without the private CA the certificate is refused.
    let err = reader::poll_once(&i, &settings, usize::MAX)
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("TLS"), "{err:#}");
    settings.ca_file = Some(server.cert());
    let r = reader::poll_once(&i, &settings, usize::MAX).await.unwrap();
    assert_eq!((r.taken, r.already), (0, 0));
}

/// Whether a message carries the monthly report of December 2022 among its items (one message
/// per recipient and send time: its subject names the most urgent item only).
fn carries_the_monthly_item(m: &smtp::Received) -> bool {
    smtp::text_body(m).is_some_and(|t| {
        t.lines()
            .any(|l| l.contains("Báo cáo tháng") && l.contains("(tháng 12/2022)"))
    })
}

//! Replies to reminders through the inbound SMTP listener of the real `dondoc serve` (simulated
//! clock, reminders caught by a real SMTP server on loopback, replies sent with lettre): the
//! occurrence becomes submitted at the mail's arrival time with its evidence, its reminders stop,
//! it counts on time or late once confirmed; strangers wait, auto-replies and duplicates do not
//! count, a storage failure answers 4xx, STARTTLS works with the configured certificate.

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use smtp::SmtpServer;

const TOKEN: &str = "coordinator-secret-for-tests-0123456789abcdef";
const PLAN: &str = "tinh-chau-thon-antt-2022";
const TRUNG_SON: &str =
    "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-trung-son-tinhchau/2022-12";
const MINH_SON: &str =
    "tinh-chau-thon-antt-2022/bao-cao-thang-truong-thon/thon-minh-son-tinhchau/2022-12";
const TRUNG_SON_MAIL: &str = "thon-trungson@tinhchau.example.org";
const MINH_SON_MAIL: &str = "thon-minhson@tinhchau.example.org";

/// The real daemon (common::daemon::serving) and its inbound listener's address.
struct Daemon {
    d: common::daemon::Daemon,
    inbound: String,
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

/// Starts the daemon on `dir` with a simulated clock from `start`; the inbound listener on a
/// free loopback port (read back from the log).
fn start(dir: &Path, smtp: &SmtpServer, start: &str, speed: u32, name: &str) -> Daemon {
    let log = dir.join(format!("{name}.log"));
    let child = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["serve", "--log-format", "json", "--clock-start", start])
        .args(["--clock-speed", &speed.to_string()])
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_SMTP_URL", smtp.url())
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_INBOUND_SMTP_LISTEN", "127.0.0.1:0")
        .env("DONDOC_ADMIN_TOKEN", TOKEN)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let d = common::daemon::serving(child, log);
    let inbound = d.inbound_listen();
    Daemon { d, inbound }
}

impl Daemon {
    async fn get(&self, path: &str) -> serde_json::Value {
        let r = reqwest::Client::new()
            .get(format!("{}{path}", self.d.base))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", self.d.base))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
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
                started.elapsed() < Duration::from_secs(20),
                "{id} never became {state}: {o}\n{}",
                std::fs::read_to_string(&self.d.log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        let h = self.get("/healthz").await;
        chrono::DateTime::parse_from_rfc3339(h["scheduler"]["now"].as_str().unwrap()).unwrap()
    }
}

fn plain(addr: &str) -> AsyncSmtpTransport<Tokio1Executor> {
    let (host, port) = addr.rsplit_once(':').unwrap();
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port.parse().unwrap())
        .timeout(Some(Duration::from_secs(20)))
        .build()
}

/// A reply to the message `in_reply_to` with a small PDF attached.
/// (Without `in_reply_to`, no In-Reply-To or References: matched by code or address alone.)
fn reply(from: &str, message_id: &str, in_reply_to: &str, subject: &str, extra: &str) -> String {
    let refs = if in_reply_to.is_empty() {
        String::new()
    } else {
        format!("In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n")
    };
    format!(
        "From: {from}\r\nTo: dondoc@localhost\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
Date: Fri, 09 Dec 2022 09:00:00 +0700\r\n{refs}{extra}\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKính gửi: Văn phòng.\r\nThôn gửi báo cáo tháng 12/2022.\r\n\
--b1\r\nContent-Type: application/pdf; name=\"bao-cao-12.pdf\"\r\n\
Content-Disposition: attachment; filename=\"bao-cao-12.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQKJeLjz9MK\r\n--b1--\r\n"
    )
}

async fn send(
    t: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    to: &str,
    raw: &str,
) -> Result<(), lettre::transport::smtp::Error> {
    let env = Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()]).unwrap();
    t.send_raw(&env, raw.as_bytes()).await.map(|_| ())
}

/// The Message-ID of the first reminder of the monthly report of December 2022 that reached `to`.
fn reminder_to(sink: &SmtpServer, to: &str) -> Option<String> {
    sink.messages()
        .into_iter()
        .find(|m| m.to.iter().any(|t| t.contains(to)) && carries_the_monthly_item(m))
        .and_then(|m| m.message_id)
}

/// How many messages about the monthly report of December 2022 reached `to`.
fn sent_to(sink: &SmtpServer, to: &str) -> usize {
    sink.messages()
        .iter()
        .filter(|m| m.to.iter().any(|t| t.contains(to)) && carries_the_monthly_item(m))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_through_the_listener_submit_on_time_or_late_and_strangers_wait() {
    let sink = SmtpServer::start();
    let dir = project("[inbound]\nrecipients = [\"dondoc@localhost\"]\nkeep_attachment_mb = 1\nmax_message_mb = 1\nreply_to = \"dondoc@localhost\"\n");
    // 09/12/2022 07:20; the monthly report's first reminders (3 working days before the last
    // day, 14/12) go at 07:30 (10 simulated minutes a second).
    let d = start(dir.path(), &sink, "2022-12-09T07:20:00+07:00", 600, "first");
    let started = Instant::now();
    while reminder_to(&sink, TRUNG_SON_MAIL).is_none()
        || reminder_to(&sink, MINH_SON_MAIL).is_none()
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
    let trung_son_reminder = reminder_to(&sink, TRUNG_SON_MAIL).unwrap();
    let minh_son_reminder = reminder_to(&sink, MINH_SON_MAIL).unwrap();
    // The subject carries the code a reply can be matched by.
    let subject = sink.messages()[0].subject.clone().unwrap();
    assert!(
        regex_like_code(&subject),
        "no [DD-XXXXXX] code in the reminder subject: {subject}"
    );
    // Replies are asked to go to the inbound address with the message's token.
    let minh_son_reply_to = sink
        .messages()
        .into_iter()
        .find(|m| m.message_id.as_deref() == Some(minh_son_reminder.as_str()))
        .and_then(|m| smtp::header(&m.data, "Reply-To"))
        .unwrap();
    assert!(
        minh_son_reply_to.starts_with("dondoc+dd-") && minh_son_reply_to.ends_with("@localhost"),
        "{minh_son_reply_to}"
    );
    let text = smtp::text_body(&sink.messages()[0]).unwrap();
    assert!(text.contains("trả lời thư này (kèm tệp báo cáo)"), "{text}");
    let t = plain(&d.inbound);
    let before = d.now().await;
    // 1. The unit replies to its reminder before the deadline.
    let raw = reply(
        TRUNG_SON_MAIL,
        "reply-1@tinhchau.example.org",
        &trung_son_reminder,
        "Re: báo cáo tháng 12",
        "",
    );
    send(&t, TRUNG_SON_MAIL, "dondoc@localhost", &raw)
        .await
        .unwrap();
    let o = d.wait_state(TRUNG_SON, "submitted").await;
    let after = d.now().await;
    let at = chrono::DateTime::parse_from_rfc3339(o["submission"]["at"].as_str().unwrap()).unwrap();
    assert!(
        at >= before - chrono::Duration::minutes(1) && at <= after + chrono::Duration::hours(1),
        "submission time {at} is not the arrival time ({before} … {after})"
    );
    assert_eq!(
        o["review"],
        serde_json::Value::Null,
        "never confirmed automatically: {o}"
    );
    let audit = o["audit"].as_array().unwrap();
    let submitted: Vec<_> = audit.iter().filter(|a| a["what"] == "submitted").collect();
    assert_eq!(submitted.len(), 1, "{audit:?}");
    let evidence: serde_json::Value =
        serde_json::from_str(submitted[0]["after"].as_str().unwrap()).unwrap();
    let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(pdf));
    assert_eq!(evidence["evidence"]["from"], TRUNG_SON_MAIL, "{evidence}");
    assert_eq!(
        evidence["evidence"]["attachments"][0]["name"],
        "bao-cao-12.pdf"
    );
    assert_eq!(
        evidence["evidence"]["attachments"][0]["sha256"],
        sha.as_str()
    );
    assert_eq!(evidence["evidence"]["attachments"][0]["size"], pdf.len());
    // Kept beside the store, owner-only.
    use std::os::unix::fs::PermissionsExt;
    let kept = dir.path().join("var/inbound").join(&sha);
    assert_eq!(std::fs::read(&kept).unwrap(), pdf);
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // The coordinator page links the occurrence's mail; its attachment downloads.
    let http = reqwest::Client::new();
    let page = http
        .get(format!(
            "{}/dashboard/evidence/{}",
            d.d.base,
            TRUNG_SON.replace('/', "%2F")
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("bao-cao-12.pdf") && page.contains(&sha),
        "{page}"
    );
    let link = format!("/dashboard/attachments/{sha}?name=bao-cao-12.pdf");
    assert!(page.replace("&#x2f;", "/").contains(&link), "{page}");
    let file = http
        .get(format!("{}{link}", d.d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf);
    // 2. The same message again (the sender's server retried): not counted twice.
    send(&t, TRUNG_SON_MAIL, "dondoc@localhost", &raw)
        .await
        .unwrap();
    // 3. An auto-reply to Minh Sơn's reminder: not a submission.
    let auto = reply(
        MINH_SON_MAIL,
        "ooo-1@tinhchau.example.org",
        &minh_son_reminder,
        "Trả lời tự động: vắng mặt",
        "Auto-Submitted: auto-replied\r\n",
    );
    send(&t, MINH_SON_MAIL, "dondoc@localhost", &auto)
        .await
        .unwrap();
    // 4. A stranger answers Minh Sơn's reminder: it waits for a coordinator.
    let stranger = reply(
        "someone@gmail.example.com",
        "stranger-1@gmail.example.com",
        &minh_son_reminder,
        "Re: báo cáo",
        "",
    );
    send(
        &t,
        "someone@gmail.example.com",
        "dondoc@localhost",
        &stranger,
    )
    .await
    .unwrap();
    // 5. A message over the size limit (1 MB here): taken, noted as too large, not counted.
    let huge = reply(
        TRUNG_SON_MAIL,
        "huge-1@tinhchau.example.org",
        &trung_son_reminder,
        "Re: báo cáo (tệp lớn)",
        "",
    )
    .replace(
        "JVBERi0xLjQKJeLjz9MK\r\n",
        &"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n"
            .repeat(20_000),
    );
    send(&t, TRUNG_SON_MAIL, "dondoc@localhost", &huge)
        .await
        .unwrap();
    // A message that is not one (no header at all): noted as malformed.
    send(
        &t,
        TRUNG_SON_MAIL,
        "dondoc@localhost",
        "just some text\r\nwithout a header\r\n",
    )
    .await
    .unwrap();
    // 6. Mail for an address the listener does not serve is refused.
    let refused = send(&t, MINH_SON_MAIL, "other@localhost", &stranger).await;
    assert!(
        refused.as_ref().is_err_and(|e| e.is_permanent()),
        "{refused:?}"
    );

    let list = d.get("/api/v1/inbound?per_page=10").await;
    assert_eq!(list["total"], 5, "{list}");
    let malformed: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["message_id"].as_str().unwrap().starts_with("sha256:"))
        .collect();
    assert_eq!(malformed.len(), 1, "{list}");
    assert_eq!(malformed[0]["state"], "ignored");
    assert!(malformed[0]["reason"]
        .as_str()
        .unwrap()
        .contains("malformed"));
    let by_id = |id: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["message_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not listed: {list}"))
    };
    let r1 = by_id("reply-1@tinhchau.example.org");
    assert_eq!(r1["state"], "matched");
    assert_eq!(r1["matched"], serde_json::json!([TRUNG_SON]));
    assert_eq!(r1["attachments"][0]["sha256"], sha.as_str());
    assert_eq!(by_id("ooo-1@tinhchau.example.org")["state"], "ignored");
    let h = by_id("huge-1@tinhchau.example.org");
    assert_eq!(h["state"], "ignored", "{h}");
    assert!(h["reason"].as_str().unwrap().contains("too large"), "{h}");
    let s = by_id("stranger-1@gmail.example.com");
    assert_eq!(s["state"], "waiting", "{s}");
    assert_eq!(s["from"], "someone@gmail.example.com");
    assert_eq!(d.occurrence(MINH_SON).await["state"], "open");
    let audit = d.occurrence(TRUNG_SON).await["audit"].clone();
    assert_eq!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["what"] == "submitted")
            .count(),
        1
    );
    // The page lists the waiting mail.
    let page = reqwest::Client::new()
        .get(format!("{}/dashboard/inbound", d.d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Thư đến chưa khớp (1)") && page.contains("someone@gmail.example.com"),
        "{page}"
    );
    // Paging like /api/v1/occurrences.
    let p2 = d.get("/api/v1/inbound?per_page=2&page=2").await;
    assert_eq!(
        (p2["total"].as_u64(), p2["items"].as_array().unwrap().len()),
        (Some(5), 2)
    );
    drop(d);

    // Past the deadline (last day 14/12): reminders went on for Minh Sơn, not for Trung Sơn.
    // What was missed while the daemon was down goes out at the next send time (07:30).
    let trung_son_before = sent_to(&sink, TRUNG_SON_MAIL);
    let minh_son_before = sent_to(&sink, MINH_SON_MAIL);
    let all_before = sink.messages().len();
    let d = start(
        dir.path(),
        &sink,
        "2022-12-16T07:20:00+07:00",
        600,
        "second",
    );
    let started = Instant::now();
    while sent_to(&sink, MINH_SON_MAIL) == minh_son_before {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no overdue notice to Minh Sơn: {:?}\n{}",
            sink.messages()
                .iter()
                .skip(all_before)
                .map(|m| (m.to.clone(), m.subject.clone()))
                .collect::<Vec<_>>(),
            std::fs::read_to_string(&d.d.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        sent_to(&sink, TRUNG_SON_MAIL),
        trung_son_before,
        "Trung Sơn was reminded after its reply"
    );
    // 7. Minh Sơn replies late (to its first reminder).
    let t = plain(&d.inbound);
    //    A new message (no In-Reply-To) to the reply address of its first reminder.
    let late = reply(
        MINH_SON_MAIL,
        "reply-2@tinhchau.example.org",
        "",
        "Báo cáo tháng 12 (nộp muộn)",
        "",
    )
    .replace("To: dondoc@localhost", &format!("To: {minh_son_reply_to}"));
    send(&t, MINH_SON_MAIL, &minh_son_reply_to, &late)
        .await
        .unwrap();
    d.wait_state(MINH_SON, "submitted").await;
    for id in [TRUNG_SON, MINH_SON] {
        let (status, body) = d
            .post(
                &format!("/api/v1/occurrences/{}/confirm", id.replace('/', "%2F")),
                serde_json::json!({}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(d.occurrence(TRUNG_SON).await["status"], "done_on_time");
    assert_eq!(d.occurrence(MINH_SON).await["status"], "done_late");

    // 8. A coordinator assigns the stranger's mail elsewhere: refused for a closed occurrence,
    //    dismissed instead.
    let (status, _) = d
        .post(
            "/api/v1/inbound/stranger-1@gmail.example.com/assign",
            serde_json::json!({"occurrences": [MINH_SON]}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, body) = d
        .post(
            "/api/v1/inbound/stranger-1@gmail.example.com/dismiss",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("dismissed")),
        "{body}"
    );

    // 9. The attachments folder fails: the listener answers 4xx, the sender may retry.
    let files = dir.path().join("var/inbound");
    std::fs::rename(&files, dir.path().join("var/inbound-aside")).unwrap();
    std::fs::write(&files, b"not a folder").unwrap();
    let retry = reply(
        "someone@gmail.example.com",
        "stranger-2@gmail.example.com",
        &minh_son_reminder,
        "Re: báo cáo",
        "",
    )
    .replace("JVBERi0xLjQKJeLjz9MK", "JVBERi0xLjUK");
    let err = send(&t, "someone@gmail.example.com", "dondoc@localhost", &retry).await;
    assert!(err.as_ref().is_err_and(|e| e.is_transient()), "{err:?}");
    std::fs::remove_file(&files).unwrap();
    std::fs::rename(dir.path().join("var/inbound-aside"), &files).unwrap();
    send(&t, "someone@gmail.example.com", "dondoc@localhost", &retry)
        .await
        .unwrap();
    let list = d.get("/api/v1/inbound?state=waiting").await;
    assert_eq!(list["total"], 1, "{list}");
    let _ = PLAN;
}

fn regex_like_code(subject: &str) -> bool {
    subject.split('[').any(|p| {
        p.strip_prefix("DD-")
            .and_then(|r| r.strip_suffix(']').or_else(|| r.split(']').next()))
            .is_some_and(|c| c.len() == 6 && c.chars().all(|x| x.is_ascii_alphanumeric()))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listener_offers_starttls_with_the_configured_certificate() {
    let sink = SmtpServer::start();
    let dir = project("");
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.path().join("inbound.pem"), ck.cert.pem()).unwrap();
    std::fs::write(
        dir.path().join("inbound.key"),
        ck.signing_key.serialize_pem(),
    )
    .unwrap();
    let cfg = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        format!("{text}\n[inbound]\nrecipients = [\"dondoc@localhost\"]\ntls_cert = \"inbound.pem\"\ntls_key = \"inbound.key\"\n"),
    )
    .unwrap();
    let d = start(dir.path(), &sink, "2022-12-05T07:00:00+07:00", 1, "tls");
    let (_, port) = d.inbound.rsplit_once(':').unwrap();
    let tls = TlsParameters::builder("localhost".into())
        .add_root_certificate(Certificate::from_pem(ck.cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let t = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port.parse().unwrap())
        .tls(Tls::Required(tls))
        .timeout(Some(Duration::from_secs(20)))
        .build();
    let raw = reply(
        "someone@example.com",
        "tls-1@example.com",
        "<nothing@dondoc>",
        "Báo cáo",
        "",
    );
    send(&t, "someone@example.com", "dondoc@localhost", &raw)
        .await
        .unwrap();
    let list = d.get("/api/v1/inbound").await;
    assert_eq!(
        list["items"][0]["message_id"], "tls-1@example.com",
        "{list}"
    );
    assert_eq!(list["items"][0]["state"], "waiting");
}

/// Whether a message carries the monthly report of December 2022 among its items (one message
/// per recipient and send time: its subject names the most urgent item only).
fn carries_the_monthly_item(m: &smtp::Received) -> bool {
    smtp::text_body(m).is_some_and(|t| {
        t.lines()
            .any(|l| l.contains("Báo cáo tháng") && l.contains("(tháng 12/2022)"))
    })
}

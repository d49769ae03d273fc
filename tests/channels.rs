//! The delivery channels against real servers on loopback: SMTP (mailin), HTTP (wiremock), files.

#[path = "common/smtp.rs"]
mod smtp;

use std::sync::Arc;
use std::time::Duration;

use dondoc::domain::ids::EmailAddress;
use dondoc::domain::model::Contacts;
use dondoc::notify::email::Email;
use dondoc::notify::outdir::Outdir;
use dondoc::notify::webhook::Webhook;
use dondoc::notify::zalo::{ZaloBot, ZaloOa, ZaloTokens, Zns};
use dondoc::notify::{
    ChannelSettings, Channels, Delivered, EmailSettings, Message, SendError, WebhookSettings,
    ZaloBotSettings, ZaloOaSettings, ZnsSettings,
};
use dondoc::store::Store;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use smtp::SmtpServer;
use wiremock::matchers::{body_partial_json, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SUBJECT: &str = "[Nhắc hạn] Báo cáo quý III/2023 – hạn trước ngày 13/09/2023 (còn 3 ngày)";

/// A message for unit `xa-a`, numbered `n` (distinct key and Message-ID per `n`).
fn message(n: usize) -> Message {
    Message {
        key: format!("kh-2023/bao-cao-quy/xa-a/2023-Q3#reminder-3@xa-a/{n}"),
        message_id: format!("<{n}.kh-2023.bao-cao-quy.xa-a.2023-q3@dondoc>"),
        unit: "xa-a".into(),
        unit_name: "UBND xã A".into(),
        subject: SUBJECT.into(),
        text: "Kính gửi UBND xã A,\n\nĐề nghị đơn vị gửi Báo cáo quý III/2023 trước ngày 13/09/2023.\nTrân trọng.\n".into(),
        html: "<p>Kính gửi UBND xã A,</p><p>Đề nghị đơn vị gửi <b>Báo cáo quý III/2023</b> trước ngày 13/09/2023.</p>".into(),
        short: "Nhắc hạn: Báo cáo quý III/2023, hạn 13/09/2023 (còn 3 ngày).".into(),
        meta: json!({"occurrence": "kh-2023/bao-cao-quy/xa-a/2023-Q3", "stage": "reminder-3", "due": "2023-09-13"}),
        date: None,
    }
}

fn rcpt(addrs: &[&str]) -> Vec<EmailAddress> {
    addrs
        .iter()
        .map(|a| EmailAddress::parse(a).unwrap())
        .collect()
}

fn email_settings(url: String) -> EmailSettings {
    EmailSettings {
        smtp_url: url,
        from: "Đôn đốc <dondoc@localhost>".into(),
        ca_file: None,
        max_concurrent: 4,
        timeout: Duration::from_secs(5),
    }
}

/// A loopback port nobody listens on (wiremock keeps dropped servers listening in a pool).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn is_transient(r: &Result<(), SendError>) -> bool {
    matches!(r, Err(SendError::Transient(_)))
}

fn is_permanent(r: &Result<(), SendError>) -> bool {
    matches!(r, Err(SendError::Permanent(_)))
}

// ---------------------------------------------------------------------------------- email

#[test]
fn smtp_harness_decodes_encoded_words() {
    assert_eq!(
        smtp::decode_encoded_words("=?utf-8?b?W05o4bqvYyBo4bqhbl0=?= =?utf-8?q?_B=C3=A1o?="),
        "[Nhắc hạn] Báo"
    );
    assert_eq!(smtp::decode_encoded_words("plain text"), "plain text");
    assert_eq!(
        smtp::decode_encoded_words("a =?UTF-8?Q?=C4=91?= b"),
        "a đ b"
    );
    assert_eq!(
        smtp::qp_decode("Nh=E1=BA=AFc=\r\n h", false),
        "Nhắc h".as_bytes()
    );
}

#[tokio::test]
async fn email_plain_delivers_vietnamese_multipart() {
    let server = SmtpServer::start();
    let email = Email::new(&email_settings(server.url())).unwrap();
    let msg = message(1);
    email
        .send(
            &rcpt(&["vanthu@xa-a.example.vn", "chutich@xa-a.example.vn"]),
            &msg,
        )
        .await
        .unwrap();

    let got = server.messages();
    assert_eq!(got.len(), 1, "one message for all recipients");
    let m = &got[0];
    assert_eq!(m.message_id.as_deref(), Some(msg.message_id.as_str()));
    assert_eq!(
        m.subject.as_deref(),
        Some(SUBJECT),
        "raw: {:?}",
        m.subject_raw
    );
    assert_eq!(m.to.len(), 2, "{:?}", m.to);
    assert!(m.from.contains("dondoc@localhost"), "{}", m.from);

    let parts = smtp::parts(m);
    let types: Vec<&str> = parts.iter().map(|p| p.content_type.as_str()).collect();
    assert_eq!(types, ["text/plain", "text/html"], "{}", m.data);
    assert!(smtp::header(&m.data, "Content-Type")
        .unwrap()
        .starts_with("multipart/alternative"));
    for p in &parts {
        assert_eq!(
            p.charset.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("utf-8")
        );
    }
    let text = smtp::text_body(m).unwrap();
    assert!(
        text.contains("Đề nghị đơn vị gửi Báo cáo quý III/2023"),
        "{text}"
    );
    let html = smtp::html_body(m).unwrap();
    assert!(html.contains("<b>Báo cáo quý III/2023</b>"), "{html}");
}

#[tokio::test]
async fn email_starttls_verifies_the_server_certificate() {
    let (server, cert) = SmtpServer::start_starttls();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.port());

    // Without the CA the self-signed certificate is refused: TLS is really verified.
    let untrusting = Email::new(&email_settings(url.clone())).unwrap();
    let r = untrusting
        .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(1))
        .await;
    assert!(r.is_err(), "{r:?}");
    assert!(server.messages().is_empty());

    let mut s = email_settings(url);
    s.ca_file = Some(cert.clone());
    let trusting = Email::new(&s).unwrap();
    trusting
        .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(2))
        .await
        .unwrap();
    assert_eq!(server.message_ids(), [message(2).message_id]);

    // "localhost" is in the certificate too.
    let mut s = email_settings(format!("smtp://localhost:{}?tls=required", server.port()));
    s.ca_file = Some(cert);
    // localhost may resolve to ::1 first; lettre tries each address.
    let by_name = Email::new(&s).unwrap();
    by_name
        .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(3))
        .await
        .unwrap();
    assert_eq!(server.messages().len(), 2);
}

#[tokio::test]
async fn email_outage_is_transient_and_recovers_on_the_same_port() {
    let mut server = SmtpServer::start();
    let email = Email::new(&email_settings(server.url())).unwrap();
    let to = rcpt(&["vanthu@xa-a.example.vn"]);
    email.send(&to, &message(1)).await.unwrap();

    server.stop();
    let r = email.send(&to, &message(2)).await;
    assert!(is_transient(&r), "{r:?}");

    server.restart();
    email.send(&to, &message(3)).await.unwrap();
    assert_eq!(
        server.message_ids(),
        [message(1).message_id, message(3).message_id]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn email_concurrent_sends_all_arrive() {
    let server = SmtpServer::start();
    let email = Arc::new(Email::new(&email_settings(server.url())).unwrap());
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..20 {
        let email = email.clone();
        tasks.spawn(async move {
            email
                .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(n))
                .await
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
    }
    assert!(server.wait_for(20, Duration::from_secs(2)));
    let mut ids = server.message_ids();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    // At most max_concurrent (4) sends run at once. lettre returns a used connection to its
    // pool in a spawned task, after the send has finished, so a few extra connections can be
    // opened (and closed again when the pool is full) — but nowhere near one per message.
    let peak = server.peak_connections();
    assert!(peak <= 8, "{peak} connections at once");
    email.shutdown().await;
}

#[tokio::test]
async fn email_rejected_recipient_is_permanent() {
    let server = SmtpServer::start();
    server.reject_rcpt("khongton@xa-a.example.vn");
    let email = Email::new(&email_settings(server.url())).unwrap();
    let r = email
        .send(&rcpt(&["khongton@xa-a.example.vn"]), &message(1))
        .await;
    assert!(is_permanent(&r), "{r:?}");
    assert!(server.messages().is_empty());
    // The connection is still usable for the next message.
    email
        .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(2))
        .await
        .unwrap();
    assert_eq!(server.messages().len(), 1);
}

#[tokio::test]
async fn email_refused_connection_is_transient() {
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let email = Email::new(&email_settings(url)).unwrap();
    let r = email
        .send(&rcpt(&["vanthu@xa-a.example.vn"]), &message(1))
        .await;
    assert!(is_transient(&r), "{r:?}");
}

// ---------------------------------------------------------------------------------- Zalo OA

fn oa_settings(server: &MockServer, initial: Option<&str>) -> ZaloOaSettings {
    ZaloOaSettings {
        api_base: server.uri(),
        oauth_base: format!("{}/oauth", server.uri()),
        app_id: "app1".into(),
        secret_key: "sk".into(),
        initial_refresh_token: initial.map(str::to_owned),
        timeout: Duration::from_secs(5),
        transaction: false,
    }
}

fn store_with(tokens: Option<ZaloTokens>) -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    if let Some(t) = tokens {
        store.put_channel_state("zalo_oa", &t).unwrap();
        store.flush().unwrap();
    }
    (dir, Arc::new(store))
}

fn tokens(access: &str, refresh: &str) -> ZaloTokens {
    ZaloTokens {
        access_token: access.into(),
        refresh_token: refresh.into(),
        expires_at: None,
    }
}

async fn mount_message(server: &MockServer, token: &str, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/v3.0/oa/message/cs"))
        .and(header("access_token", token))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn zalo_oa_refreshes_once_for_concurrent_rejections_and_persists_rotation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/oa/message/cs"))
        .and(header("access_token", "old"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": -216, "message": "Access token is invalid"}))
                // Keep every send in flight together before the first refresh.
                .set_delay(Duration::from_millis(150)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3.0/oa/message/cs"))
        .and(header("access_token", "new"))
        .and(body_partial_json(
            json!({"recipient": {"user_id": "u-xa-a"}}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"error": 0, "message": "Success", "data": {"message_id": "m1"}}),
            ),
        )
        .expect(5)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v4/oa/access_token"))
        .and(header("secret_key", "sk"))
        .and(body_string_contains("refresh_token=r1"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("app_id=app1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "new", "refresh_token": "r2", "expires_in": "90000"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let (_dir, store) = store_with(Some(tokens("old", "r1")));
    let oa = Arc::new(ZaloOa::new(&oa_settings(&server, None), store.clone()).unwrap());
    let sends: Vec<_> = (0..5)
        .map(|n| {
            let oa = oa.clone();
            tokio::spawn(async move { oa.send("u-xa-a", &message(n)).await })
        })
        .collect();
    for s in sends {
        s.await.unwrap().unwrap();
    }
    server.verify().await;
    drop(oa);

    let stored: ZaloTokens = store.channel_state("zalo_oa").unwrap().unwrap();
    assert_eq!(stored.access_token, "new");
    assert_eq!(stored.refresh_token, "r2");
    let expires =
        chrono::DateTime::parse_from_rfc3339(stored.expires_at.as_deref().unwrap()).unwrap();
    let left = expires
        .signed_duration_since(chrono::Utc::now())
        .num_seconds();
    assert!((89_000..=90_000).contains(&left), "{left}");

    // The message text went out as sent.
    let reqs = server.received_requests().await.unwrap();
    let sent: serde_json::Value = reqs
        .iter()
        .find(|r| r.url.path() == "/v3.0/oa/message/cs")
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(sent["message"]["text"], message(0).short);
}

#[tokio::test]
async fn zalo_oa_error_codes() {
    let server = MockServer::start().await;
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));
    let oa = ZaloOa::new(&oa_settings(&server, None), store).unwrap();
    let cases = [
        (-230, "user has not interacted", false),
        (-213, "not a follower", false),
        (-32, "rate limit", true),
    ];
    for (code, text, transient) in cases {
        server.reset().await;
        mount_message(&server, "tok", json!({"error": code, "message": text})).await;
        let r = oa.send("u1", &message(1)).await;
        if transient {
            assert!(is_transient(&r), "{code}: {r:?}");
        } else {
            assert!(is_permanent(&r), "{code}: {r:?}");
        }
    }

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let r = oa.send("u1", &message(1)).await;
    assert!(is_transient(&r), "{r:?}");
}

#[tokio::test]
async fn zalo_oa_truncates_long_text_on_a_char_boundary() {
    let server = MockServer::start().await;
    mount_message(&server, "tok", json!({"error": 0, "message": "Success"})).await;
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));
    let oa = ZaloOa::new(&oa_settings(&server, None), store).unwrap();
    let mut msg = message(1);
    msg.short = "ệ".repeat(2100);
    oa.send("u1", &msg).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let body: serde_json::Value = reqs[0].body_json().unwrap();
    assert_eq!(
        body["message"]["text"].as_str().unwrap().chars().count(),
        2000
    );
}

#[tokio::test]
async fn zalo_oa_without_any_refresh_token_is_permanent() {
    let server = MockServer::start().await;
    let (_dir, store) = store_with(None);
    let oa = ZaloOa::new(&oa_settings(&server, None), store).unwrap();
    match oa.send("u1", &message(1)).await {
        Err(SendError::Permanent(m)) => assert!(m.contains("DONDOC_ZALO_REFRESH_TOKEN"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn zalo_oa_first_start_refreshes_with_the_configured_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v4/oa/access_token"))
        .and(body_string_contains("refresh_token=init"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "a1", "refresh_token": "r-next", "expires_in": 90000}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_message(&server, "a1", json!({"error": 0, "message": "Success"})).await;
    let (_dir, store) = store_with(None);
    let oa = ZaloOa::new(&oa_settings(&server, Some("init")), store.clone()).unwrap();
    oa.send("u1", &message(1)).await.unwrap();
    oa.send("u1", &message(2)).await.unwrap();
    server.verify().await;
    let stored: ZaloTokens = store.channel_state("zalo_oa").unwrap().unwrap();
    assert_eq!(
        (stored.access_token.as_str(), stored.refresh_token.as_str()),
        ("a1", "r-next")
    );
}

#[tokio::test]
async fn zalo_oa_refreshes_an_expired_token_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v4/oa/access_token"))
        .and(body_string_contains("refresh_token=r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "fresh", "refresh_token": "r2", "expires_in": "90000"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_message(&server, "fresh", json!({"error": 0, "message": "Success"})).await;
    let mut expired = tokens("stale", "r1");
    expired.expires_at = Some("2020-01-01T00:00:00+07:00".into());
    let (_dir, store) = store_with(Some(expired));
    let oa = ZaloOa::new(&oa_settings(&server, None), store.clone()).unwrap();
    oa.send("u1", &message(1)).await.unwrap();
    server.verify().await;
    let reqs = server.received_requests().await.unwrap();
    assert!(
        reqs.iter()
            .all(|r| r.headers.get("access_token").is_none_or(|v| v != "stale")),
        "the expired token was used"
    );
    let stored: ZaloTokens = store.channel_state("zalo_oa").unwrap().unwrap();
    assert_eq!(stored.refresh_token, "r2");
}

#[tokio::test]
async fn zalo_oa_rejected_refresh_token_is_permanent_and_keeps_the_store() {
    let server = MockServer::start().await;
    mount_message(
        &server,
        "old",
        json!({"error": -220, "message": "Access token expired"}),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v4/oa/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "error": -14014,
            "error_name": "Invalid parameter",
            "error_description": "Invalid refresh token"
        })))
        .mount(&server)
        .await;
    let (_dir, store) = store_with(Some(tokens("old", "r1")));
    let oa = ZaloOa::new(&oa_settings(&server, None), store.clone()).unwrap();
    let r = oa.send("u1", &message(1)).await;
    assert!(is_permanent(&r), "{r:?}");
    let stored: ZaloTokens = store.channel_state("zalo_oa").unwrap().unwrap();
    assert_eq!(stored, tokens("old", "r1"));
}

// ---------------------------------------------------------------------------------- Zalo Bot

fn bot(server: &MockServer) -> ZaloBot {
    ZaloBot::new(&ZaloBotSettings {
        api_base: server.uri(),
        token: "TOKEN123".into(),
        timeout: Duration::from_secs(5),
    })
    .unwrap()
}

#[tokio::test]
async fn zalo_bot_sends_to_the_group() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/botTOKEN123/sendMessage"))
        .and(body_partial_json(
            json!({"chat_id": "g-xa-a", "text": message(1).short}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "result": {"message_id": "x"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    bot(&server).send("g-xa-a", &message(1)).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn zalo_bot_errors() {
    let server = MockServer::start().await;
    let b = bot(&server);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            json!({"ok": false, "error_code": 403, "description": "bot was kicked from the group"}),
        ))
        .mount(&server)
        .await;
    match b.send("g1", &message(1)).await {
        Err(SendError::Permanent(m)) => {
            assert!(m.contains("kicked"), "{m}");
            assert!(!m.contains("TOKEN123"), "{m}");
        }
        other => panic!("{other:?}"),
    }

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"ok": false, "error_code": 429, "description": "Too Many Requests"}),
        ))
        .mount(&server)
        .await;
    let r = b.send("g1", &message(1)).await;
    assert!(is_transient(&r), "{r:?}");

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let r = b.send("g1", &message(1)).await;
    assert!(is_transient(&r), "{r:?}");

    // Connection refused: transient, and the token (in the URL path) is not in the reason.
    let gone = ZaloBot::new(&ZaloBotSettings {
        api_base: format!("http://127.0.0.1:{}", free_port()),
        token: "TOKEN123".into(),
        timeout: Duration::from_secs(2),
    })
    .unwrap();
    match gone.send("g1", &message(1)).await {
        Err(SendError::Transient(m)) => assert!(!m.contains("TOKEN123"), "{m}"),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------- webhook

#[tokio::test]
async fn webhook_posts_signed_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let hook = Webhook::new(&WebhookSettings {
        secret: Some("s3cret".into()),
        timeout: Duration::from_secs(5),
    })
    .unwrap();
    let msg = message(7);
    hook.send(&format!("{}/hook", server.uri()), &msg)
        .await
        .unwrap();

    let reqs = server.received_requests().await.unwrap();
    let req = &reqs[0];
    let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
    mac.update(&req.body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(
        req.headers
            .get("x-dondoc-signature")
            .unwrap()
            .to_str()
            .unwrap(),
        expected
    );
    assert_eq!(
        req.headers.get("x-dondoc-key").unwrap().to_str().unwrap(),
        msg.key
    );
    assert_eq!(
        req.headers.get("content-type").unwrap().to_str().unwrap(),
        "application/json"
    );
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["key"], msg.key);
    assert_eq!(body["message_id"], msg.message_id);
    assert_eq!(body["unit"], "xa-a");
    assert_eq!(body["unit_name"], "UBND xã A");
    assert_eq!(body["subject"], SUBJECT);
    assert_eq!(body["text"], msg.text);
    assert_eq!(body["meta"], msg.meta);
}

#[tokio::test]
async fn webhook_failures() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/down"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/busy"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let hook = Webhook::new(&WebhookSettings {
        secret: None,
        timeout: Duration::from_secs(5),
    })
    .unwrap();
    let msg = message(1);
    let r = hook.send(&format!("{}/down", server.uri()), &msg).await;
    assert!(is_transient(&r), "{r:?}");
    let r = hook.send(&format!("{}/busy", server.uri()), &msg).await;
    assert!(is_transient(&r), "{r:?}");
    let r = hook.send(&format!("{}/gone", server.uri()), &msg).await;
    assert!(is_permanent(&r), "{r:?}");
    let r = hook.send("ftp://example.org/hook", &msg).await;
    assert!(is_permanent(&r), "{r:?}");
    let r = hook.send("not a url", &msg).await;
    assert!(is_permanent(&r), "{r:?}");

    // Unsigned without a secret.
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs[0].headers.get("x-dondoc-signature").is_none());

    let r = hook
        .send(&format!("http://127.0.0.1:{}/down", free_port()), &msg)
        .await;
    assert!(is_transient(&r), "{r:?}");
}

// ---------------------------------------------------------------------------------- outdir

#[tokio::test]
async fn outdir_writes_one_file_per_key() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("outbox");
    let out = Outdir::new(&out_path);
    assert!(!out_path.exists(), "created lazily");
    let msg = message(1);
    out.send(&msg).await.unwrap();
    out.send(&msg).await.unwrap();

    let files: Vec<_> = std::fs::read_dir(&out_path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(
        name,
        "kh-2023_bao-cao-quy_xa-a_2023-Q3_reminder-3_xa-a_1.txt"
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.starts_with(&format!("Subject: {SUBJECT}\n")), "{text}");
    assert!(text.contains(&format!("Message-ID: {}\n", msg.message_id)));
    assert!(text.contains("xa-a"));
    assert!(text.contains("\n\nKính gửi UBND xã A,"), "{text}");

    out.send(&message(2)).await.unwrap();
    assert_eq!(std::fs::read_dir(&out_path).unwrap().count(), 2);
}

#[tokio::test]
async fn outdir_io_error_is_transient() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = Outdir::new(&blocker.join("outbox"));
    let r = out.send(&message(1)).await;
    assert!(is_transient(&r), "{r:?}");
}

#[tokio::test]
async fn email_sequential_sends_reuse_one_fast_connection() {
    // One send at a time over one connection: each message costs round trips on loopback,
    // not the ~40 ms delayed-ACK stall that Nagle's algorithm adds when the final "." is
    // written apart from the body (BENCHMARKS.md). 40 messages took about 1.8 s before.
    let server = SmtpServer::start();
    let mut s = email_settings(server.url());
    s.max_concurrent = 1;
    let email = Email::new(&s).unwrap();
    let to = rcpt(&["vanthu@xa-a.example.vn"]);
    email.send(&to, &message(0)).await.unwrap();
    let started = std::time::Instant::now();
    for n in 1..=40 {
        email.send(&to, &message(n)).await.unwrap();
    }
    let took = started.elapsed();
    assert!(server.wait_for(41, Duration::from_secs(2)));
    assert_eq!(server.connections_accepted(), 1, "the connection is reused");
    assert!(took < Duration::from_millis(1200), "40 sends took {took:?}");
    email.shutdown().await;
}

// ---------------------------------------------------------------------------------- ZNS, OA
// transaction messages, and the route fallback across channels

/// A grouped message as the daemon composes it: two items, the most urgent first.
fn grouped() -> Message {
    let mut m = message(7);
    m.meta = json!({
        "kind": "message", "count": 2, "link": "http://127.0.0.1:8080/",
        "summary": [
            {"title": "Báo cáo quý III/2023", "period_label": "quý III/2023", "deadline": "trước ngày 13/09/2023",
             "due_date": "12/09/2023", "status": "quá hạn 5 ngày", "stage_label": "Quá hạn", "unit_count": "01"},
            {"title": "Đề nghị công nhận", "period_label": "năm 2023", "deadline": "trước ngày 15/10/2023",
             "due_date": "14/10/2023", "status": "còn 7 ngày", "stage_label": "Nhắc hạn", "unit_count": "01"},
        ],
    });
    m
}

fn zns_settings(server: &MockServer) -> ZnsSettings {
    ZnsSettings {
        api_base: format!("{}/zns", server.uri()),
        template_id: "301234".into(),
        params: [
            ("ten_don_vi", "unit_name"),
            ("so_noi_dung", "count"),
            ("nhiem_vu", "top.title"),
            ("thoi_han", "top.deadline"),
            ("tinh_trang", "top.status"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect(),
        max_param_chars: 18,
    }
}

#[tokio::test]
async fn zns_sends_the_template_to_the_phone_with_parameters_from_the_items() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/zns/message/template"))
        .and(header("access_token", "tok"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": 0, "message": "Success", "data": {"msg_id": "z1"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));
    let oa = Arc::new(ZaloOa::new(&oa_settings(&server, None), store).unwrap());
    let zns = Zns::new(&zns_settings(&server), oa).unwrap();
    zns.send("0912 345 678", &grouped()).await.unwrap();
    server.verify().await;
    let reqs = server.received_requests().await.unwrap();
    let body: serde_json::Value = reqs[0].body_json().unwrap();
    assert_eq!(body["phone"], "84912345678");
    assert_eq!(body["template_id"], "301234");
    assert_eq!(
        body["template_data"],
        json!({
            "ten_don_vi": "UBND xã A",
            "so_noi_dung": "2",
            // Cut to the parameters' 18 characters, on a character boundary.
            "nhiem_vu": "Báo cáo quý III/20",
            "thoi_han": "trước ngày 13/09/2",
            "tinh_trang": "quá hạn 5 ngày",
        })
    );
    assert_eq!(
        body["tracking_id"],
        "7.kh-2023.bao-cao-quy.xa-a.2023-q3@dondoc"
    );

    // Not a phone number: permanent, nothing sent.
    let r = zns.send("09-ABC", &grouped()).await;
    assert!(is_permanent(&r), "{r:?}");
}

#[tokio::test]
async fn zns_refreshes_a_rejected_token_like_oa_messages() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/zns/message/template"))
        .and(header("access_token", "old"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": -124, "message": "Access token invalid"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/zns/message/template"))
        .and(header("access_token", "new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": 0})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v4/oa/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "new", "refresh_token": "r2", "expires_in": 90000}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (_dir, store) = store_with(Some(tokens("old", "r1")));
    let oa = Arc::new(ZaloOa::new(&oa_settings(&server, None), store.clone()).unwrap());
    let zns = Zns::new(&zns_settings(&server), oa).unwrap();
    zns.send("84912345678", &grouped()).await.unwrap();
    server.verify().await;
    let stored: ZaloTokens = store.channel_state("zalo_oa").unwrap().unwrap();
    assert_eq!(stored.refresh_token, "r2");
}

#[tokio::test]
async fn zns_refusals_are_permanent_and_outages_transient() {
    let server = MockServer::start().await;
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));
    let oa = Arc::new(ZaloOa::new(&oa_settings(&server, None), store).unwrap());
    let zns = Zns::new(&zns_settings(&server), oa).unwrap();
    let cases = [
        (-1124, "Template is not approved", false),
        (-1118, "Zalo account not existed", false),
        (-1108, "Phone number is invalid", false),
        (-32, "rate limit", true),
    ];
    for (code, text, transient) in cases {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/zns/message/template"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"error": code, "message": text})),
            )
            .mount(&server)
            .await;
        let r = zns.send("0912345678", &grouped()).await;
        if transient {
            assert!(is_transient(&r), "{code}: {r:?}");
        } else {
            match &r {
                Err(SendError::Permanent(m)) => assert!(m.contains(text), "{m}"),
                other => panic!("{code}: {other:?}"),
            }
        }
    }
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let r = zns.send("0912345678", &grouped()).await;
    assert!(is_transient(&r), "{r:?}");
}

#[tokio::test]
async fn zns_template_status_for_doctor() {
    let server = MockServer::start().await;
    let settings = zns_settings(&server);
    let status = |token: &'static str| {
        let settings = settings.clone();
        async move {
            dondoc::notify::zalo::zns_template_status(&settings, token, Duration::from_secs(5))
                .await
        }
    };
    for (st, name) in [
        ("ENABLE", "Nhắc hạn báo cáo"),
        ("PENDING_REVIEW", "Nhắc hạn"),
    ] {
        server.reset().await;
        Mock::given(method("GET"))
            .and(path("/zns/template/info/v2"))
            .and(wiremock::matchers::query_param("template_id", "301234"))
            .and(header("access_token", "tok"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "error": 0, "message": "Success",
                "data": {"templateId": "301234", "templateName": name, "status": st},
            })))
            .mount(&server)
            .await;
        assert_eq!(
            status("tok").await.unwrap(),
            (st.to_owned(), name.to_owned())
        );
    }
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/zns/template/info/v2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": -1123, "message": "Template not found"})),
        )
        .mount(&server)
        .await;
    let r = status("tok").await;
    assert!(
        matches!(&r, Err(SendError::Permanent(m)) if m.contains("not found")),
        "{r:?}"
    );
}

#[tokio::test]
async fn zalo_oa_transaction_message_when_configured() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/oa/message/transaction"))
        .and(header("access_token", "tok"))
        .and(body_partial_json(json!({
            "recipient": {"user_id": "u1"},
            "message": {"attachment": {"type": "template", "payload": {"template_type": "transaction_event", "language": "VI"}}},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": 0})))
        .expect(1)
        .mount(&server)
        .await;
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));
    let mut settings = oa_settings(&server, None);
    settings.transaction = true;
    let oa = ZaloOa::new(&settings, store).unwrap();
    oa.send("u1", &grouped()).await.unwrap();
    server.verify().await;
    let reqs = server.received_requests().await.unwrap();
    let body: serde_json::Value = reqs[0].body_json().unwrap();
    let payload = &body["message"]["attachment"]["payload"];
    assert_eq!(payload["elements"][0]["content"], SUBJECT);
    assert_eq!(
        payload["buttons"][0]["payload"]["url"],
        "http://127.0.0.1:8080/"
    );
    // A user who does not follow the OA: permanent for this route.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": -213, "message": "User has not followed OA"})),
        )
        .mount(&server)
        .await;
    let r = oa.send("u1", &grouped()).await;
    assert!(is_permanent(&r), "{r:?}");
}

/// The channels as the daemon builds them: Zalo OA (cs), optionally ZNS, and email.
fn channels(server: &MockServer, smtp: &SmtpServer, zns: bool, store: Arc<Store>) -> Channels {
    let settings = ChannelSettings {
        email: Some(email_settings(smtp.url())),
        zalo_oa: Some(oa_settings(server, None)),
        zns: zns.then(|| zns_settings(server)),
        zalo_bot: None,
        webhook: None,
        outdir: std::env::temp_dir().join("dondoc-channels-unused"),
    };
    Channels::new(&settings, store).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_outside_the_window_gets_zns_else_the_next_route_at_once() {
    let server = MockServer::start().await;
    // The user has not interacted with the OA for too long.
    Mock::given(method("POST"))
        .and(path("/v3.0/oa/message/cs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"error": -230, "message": "User has not interacted with the OA in the last 7 days"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/zns/message/template"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": 0})))
        .mount(&server)
        .await;
    let smtp = SmtpServer::start();
    let contacts = Contacts {
        email: vec![EmailAddress::parse("xa-a@example.org").unwrap()],
        zalo_user: vec!["u-xa-a".into()],
        phone: vec!["0912345678".into()],
        ..Contacts::default()
    };
    let (_dir, store) = store_with(Some(tokens("tok", "r1")));

    // With ZNS: refused on OA, sent by ZNS; email not tried.
    let ch = channels(&server, &smtp, true, store.clone());
    let mut tried = Vec::new();
    let r = ch
        .deliver(&contacts, &grouped(), |route, result| {
            tried.push((route.channel(), result.is_ok()))
        })
        .await;
    assert_eq!(r, Delivered::Sent("zalo_zns"));
    assert_eq!(tried, [("zalo_oa", false), ("zalo_zns", true)]);
    assert!(smtp.messages().is_empty());

    // Without ZNS: refused on OA, sent by email in the same call.
    let ch = channels(&server, &smtp, false, store.clone());
    let mut tried = Vec::new();
    let r = ch
        .deliver(&contacts, &grouped(), |route, result| {
            tried.push((route.channel(), result.is_ok()))
        })
        .await;
    assert_eq!(r, Delivered::Sent("email"));
    assert_eq!(tried, [("zalo_oa", false), ("email", true)]);
    assert_eq!(smtp.messages().len(), 1);

    // ZNS refusing too (template not approved): email, still at once.
    server.reset().await;
    for (p, code) in [
        ("/v3.0/oa/message/cs", -213),
        ("/zns/message/template", -1124),
    ] {
        Mock::given(method("POST"))
            .and(path(p))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"error": code, "message": "refused"})),
            )
            .mount(&server)
            .await;
    }
    let ch = channels(&server, &smtp, true, store);
    let mut tried = Vec::new();
    let r = ch
        .deliver(&contacts, &grouped(), |route, result| {
            tried.push((route.channel(), result.is_ok()))
        })
        .await;
    assert_eq!(r, Delivered::Sent("email"));
    assert_eq!(
        tried,
        [("zalo_oa", false), ("zalo_zns", false), ("email", true)]
    );
}

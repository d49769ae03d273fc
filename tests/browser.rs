//! The coordinator web page end to end: the real binary on seed 000 with a simulated clock.
//! Plain HTTP checks (login, roles, CSRF, action errors), and headless Chromium driven through
//! chromedriver: log in, read the page on a phone-sized window, screenshot, confirm a report.
//!
//! The browser test needs Debian's `chromium` and `chromium-driver` packages; without them it
//! is skipped with a message, except under CI (`CI` set), where it fails.
//!
//! WebDriver client: `fantoccini` with `default-features = false, features = ["rustls-tls"]`.
//! Its rustls connector (hyper-rustls 0.27) uses aws-lc-rs like the rest of the crate, so ring
//! is not enabled (`cargo tree -e features -i ring` prints nothing); chromedriver is reached
//! over plain HTTP on 127.0.0.1 anyway.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};

use common::daemon::{self, Daemon, Options, TestToken, TOKEN};

const VIEWER_TOKEN: &str = "viewer-secret-for-tests";
const UNIT_TOKEN: &str = "phuong-dong-trieu-secret-for-tests";
const UNIT: &str = "ubnd-phuong-dong-trieu-dongtrieu";
const UNIT_NAME: &str = "Ủy ban nhân dân phường Đông Triều";
const OTHER_UNIT_NAME: &str = "Ủy ban nhân dân xã An Sinh";
const Q3_PHUONG: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";
const Q3_AN_SINH: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-xa-an-sinh-dongtrieu/2023-Q3";
const Q3_TITLE: &str = "Báo cáo tình hình, kết quả triển khai thực hiện xây dựng mô hình ANCS";
const RECOGNITION_TITLE: &str = "Đề nghị xét, công nhận mô hình An ninh cơ sở";

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The viewer and the unit token besides the coordinator's.
const TOKENS: &[TestToken] = &[
    (VIEWER_TOKEN, "xem", "viewer", None),
    (UNIT_TOKEN, "phuong-dong-trieu", "unit", Some(UNIT)),
];

/// Seed 000 from 12/9/2023 08:00, a simulated day per second, with the test tokens.
fn start(dir: &Path) -> Daemon {
    daemon::start(
        dir,
        &Options {
            tokens: TOKENS,
            ..Options::default()
        },
    )
}

/// A client that does not follow redirects, so the test sees them.
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn encoded(id: &str) -> String {
    id.replace('/', "%2F")
}

/// The occurrence as the API reports it (coordinator token).
async fn occurrence(http: &reqwest::Client, d: &Daemon, id: &str) -> serde_json::Value {
    let r = http
        .get(format!("{}/api/v1/occurrences/{}", d.base, encoded(id)))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn session(token: &str) -> String {
    format!("dondoc_token={token}")
}

/// GET `path` with the session cookie of `token`: status and body.
async fn page(http: &reqwest::Client, d: &Daemon, path: &str, token: &str) -> (u16, String) {
    let r = http
        .get(format!("{}{path}", d.base))
        .header(COOKIE, session(token))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// POST a dashboard form as `token`, with `origin` if given: status, Location and body.
async fn post_form(
    http: &reqwest::Client,
    d: &Daemon,
    path: &str,
    token: &str,
    origin: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let mut req = http
        .post(format!("{}{path}", d.base))
        .header(COOKIE, session(token))
        .form(form);
    if let Some(o) = origin {
        req = req.header(ORIGIN, o);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned());
    (status, location, r.text().await.unwrap())
}

/// Undoes the escaping of `/` in rendered pages (minijinja escapes it as `&#x2f;`).
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
}

fn action_path(id: &str, action: &str) -> String {
    format!("/dashboard/occurrences/{}/{action}", encoded(id))
}

/// How many action forms of `action` a page holds.
fn forms(html: &str, action: &str) -> usize {
    html.matches(&format!("/{action}\">")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_needs_a_token_and_gives_each_role_its_own_forms() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path());
    let http = http();
    d.wait_until(&http, "2023-09-16T08:00:00+07:00").await;

    // No token: to the login page, keeping where the message link pointed.
    let r = http
        .get(format!("{}/dashboard", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], "/login?next=%2Fdashboard");
    let r = http
        .get(format!("{}/?occurrence={}", d.base, encoded(Q3_PHUONG)))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    let to_dashboard = format!("/dashboard?occurrence={}", encoded(Q3_PHUONG));
    assert_eq!(r.headers()[LOCATION], to_dashboard.as_str());
    let r = http
        .get(format!("{}{to_dashboard}", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let login_next = r.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(
        login_next,
        format!(
            "/login?next={}",
            url::form_urlencoded::byte_serialize(to_dashboard.as_bytes()).collect::<String>()
        )
    );
    let r = http
        .get(format!("{}{login_next}", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Mã truy cập") && html.contains("name=\"token\""));
    assert!(
        html.contains(&encoded(Q3_PHUONG)),
        "the form keeps where to go next"
    );

    // A wrong token: the form again, 401, in Vietnamese; no cookie.
    let r = http
        .post(format!("{}/login", d.base))
        .form(&[("token", "not-a-token"), ("next", "/dashboard")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().get(SET_COOKIE).is_none());
    assert!(r.text().await.unwrap().contains("Mã truy cập không đúng"));

    // The right one: a Strict, HttpOnly session cookie, and back to where the link pointed.
    let r = http
        .post(format!("{}/login", d.base))
        .form(&[("token", TOKEN), ("next", to_dashboard.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], to_dashboard.as_str());
    let cookies: Vec<&str> = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(
        cookies
            .contains(&format!("dondoc_token={TOKEN}; HttpOnly; SameSite=Strict; Path=/").as_str()),
        "{cookies:?}"
    );
    // `next` cannot send anyone elsewhere.
    let r = http
        .post(format!("{}/login", d.base))
        .form(&[("token", TOKEN), ("next", "//evil.example/x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION], "/dashboard");
    // A login posted from another site is refused.
    let r = http
        .post(format!("{}/login", d.base))
        .header(ORIGIN, "http://evil.example")
        .form(&[("token", TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // A link from a message arrives cross-site without the Strict cookie: with the Lax marker,
    // the page moves on by itself (same-site) to /login, which sends a session holder on.
    let r = http
        .get(format!("{}{to_dashboard}", d.base))
        .header(COOKIE, "dondoc_seen=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["refresh"].to_str().unwrap(),
        format!("0; url={login_next}")
    );
    let r = http
        .get(format!("{}{login_next}", d.base))
        .header(COOKIE, session(TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], to_dashboard.as_str());

    // The coordinator: the linked item at the top, every section, every form.
    let (status, html) = page(&http, &d, &to_dashboard, TOKEN).await;
    assert_eq!(status, 200);
    for text in [
        "Nhiệm vụ được chọn",
        "Quá hạn",
        UNIT_NAME,
        OTHER_UNIT_NAME,
        "Sắp đến hạn (14 ngày tới)",
        "Đã nộp chờ xác nhận",
        "Tỷ lệ đúng hạn theo đơn vị",
        "/api/v1/overdue?format=xlsx",
    ] {
        assert!(html.contains(text), "coordinator page lacks {text:?}");
    }
    let overdue: Vec<serde_json::Value> = common::items(
        http.get(format!("{}/api/v1/overdue", d.base))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    assert!(overdue.len() > 10);
    // One submit/extend/waive/cancel form per overdue item (plus the selected item's).
    for action in ["submit", "extend", "waive", "cancel"] {
        assert!(forms(&html, action) > overdue.len(), "{action} forms");
    }

    // A viewer sees every unit and no form at all (logout aside).
    let (status, html) = page(&http, &d, "/dashboard", VIEWER_TOKEN).await;
    assert_eq!(status, 200);
    assert!(html.contains(UNIT_NAME) && html.contains(OTHER_UNIT_NAME));
    assert!(html.contains("Tài khoản chỉ xem"));
    assert!(
        !html.contains("/dashboard/occurrences/"),
        "viewer gets forms"
    );

    // A unit sees only itself, and may only record its own submissions.
    let (status, html) = page(&http, &d, "/dashboard", UNIT_TOKEN).await;
    assert_eq!(status, 200);
    assert!(html.contains(UNIT_NAME));
    assert!(!html.contains(OTHER_UNIT_NAME), "a unit sees another unit");
    assert!(
        forms(&html, "submit") >= 2,
        "its Q3 report and September meeting"
    );
    for action in ["confirm", "reject", "extend", "waive", "cancel"] {
        assert_eq!(forms(&html, action), 0, "unit gets {action} forms");
    }
    // Its own calendar feed, which works without a token (the key stands in for it).
    let feed = html
        .split("href=\"")
        .filter_map(|p| p.split('"').next())
        .filter(|u| u.contains("calendar.ics?key="))
        .map(|u| u.replace("&#x2f;", "/").replace("&amp;", "&"))
        .collect::<Vec<_>>();
    assert_eq!(feed.len(), 1, "{feed:?}");
    assert!(feed[0].contains(&format!("/api/v1/units/{UNIT}/calendar.ics")));
    let r = reqwest::get(feed[0].replace("http://dondoc.test", &d.base))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("BEGIN:VCALENDAR"));
    // A link to another unit's item shows nothing of it.
    let other = format!("/dashboard?occurrence={}", encoded(Q3_AN_SINH));
    let (status, html) = page(&http, &d, &other, UNIT_TOKEN).await;
    assert_eq!(status, 200);
    assert!(html.contains("Không tìm thấy nhiệm vụ mà liên kết nói đến"));
    assert!(!html.contains(OTHER_UNIT_NAME) && !html.contains("Nhiệm vụ được chọn"));
    // … and is refused the rest, or another unit's items, even by a hand-made POST.
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_PHUONG, "waive"),
        UNIT_TOKEN,
        None,
        &[("reason", "tự miễn")],
    )
    .await;
    assert_eq!(status, 403);
    assert!(html.contains("Không có quyền"), "{html}");
    let (status, _, _) = post_form(
        &http,
        &d,
        &action_path(Q3_AN_SINH, "submit"),
        UNIT_TOKEN,
        None,
        &[],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_PHUONG, "submit"),
        VIEWER_TOKEN,
        None,
        &[],
    )
    .await;
    assert_eq!(status, 403);
    assert!(html.contains("chỉ được xem"), "{html}");
    assert_eq!(occurrence(&http, &d, Q3_PHUONG).await["state"], "open");

    // Cross-origin: refused, nothing recorded. Same origin: recorded, back with a message.
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_PHUONG, "submit"),
        TOKEN,
        Some("http://evil.example"),
        &[("document", "Số 1/BC")],
    )
    .await;
    assert_eq!(status, 403);
    assert!(html.contains("trang web khác"), "{html}");
    assert_eq!(occurrence(&http, &d, Q3_PHUONG).await["state"], "open");
    let (status, location, _) = post_form(
        &http,
        &d,
        &action_path(Q3_PHUONG, "submit"),
        UNIT_TOKEN,
        Some(&d.base),
        &[("document", "Số 45/BC-UBND"), ("note", "gửi qua văn thư")],
    )
    .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert_eq!(
        location,
        format!("/dashboard?done=submit&occurrence={}", encoded(Q3_PHUONG))
    );
    let view = occurrence(&http, &d, Q3_PHUONG).await;
    assert_eq!(view["state"], "submitted");
    assert_eq!(view["submission"]["document"], "Số 45/BC-UBND");
    assert_eq!(view["submission"]["by"], "phuong-dong-trieu");
    let (_, html) = page(&http, &d, &location, UNIT_TOKEN).await;
    assert!(html.contains("Đã ghi nhận việc gửi báo cáo"), "no flash");

    // Errors are pages in Vietnamese with their status.
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_PHUONG, "submit"),
        TOKEN,
        None,
        &[],
    )
    .await;
    assert_eq!(status, 409);
    assert!(html.contains("đã nộp, chờ xác nhận"), "{html}");
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_AN_SINH, "waive"),
        TOKEN,
        None,
        &[("reason", "  ")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Chưa ghi lý do"), "{html}");
    let (status, _, html) = post_form(
        &http,
        &d,
        &action_path(Q3_AN_SINH, "extend"),
        TOKEN,
        None,
        &[("until", "2023-09-01"), ("reason", "chờ số liệu")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(unescape(&html).contains("hết ngày 12/09/2023"), "{html}");
    let (status, location, _) = post_form(
        &http,
        &d,
        &action_path(Q3_AN_SINH, "extend"),
        TOKEN,
        None,
        &[("until", "2023-12-20"), ("reason", "chờ số liệu")],
    )
    .await;
    assert_eq!(status, 303, "{location:?}");
    assert_eq!(
        occurrence(&http, &d, Q3_AN_SINH).await["due"],
        "2023-12-21T00:00:00+07:00"
    );
    let (status, _, _) = post_form(
        &http,
        &d,
        &action_path(Q3_AN_SINH, "archive"),
        TOKEN,
        None,
        &[],
    )
    .await;
    assert_eq!(status, 404);
    let r = http
        .post(format!("{}{}", d.base, action_path(Q3_AN_SINH, "waive")))
        .form(&[("reason", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "no session");

    // Logging out clears the cookie.
    let r = http
        .post(format!("{}/logout", d.base))
        .header(COOKIE, session(TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cleared = r.headers().get_all(SET_COOKIE).iter().any(|c| {
        c.to_str().unwrap().starts_with("dondoc_token=;")
            && c.to_str().unwrap().contains("Max-Age=0")
    });
    assert!(cleared);
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium

/// chromedriver, killed with any Chromium it left behind when dropped.
struct Driver {
    child: Child,
    url: String,
    /// The test's Chromium profile folder: it names exactly this test's browser processes.
    profile: std::path::PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Chromium processes of this test only (matched by their unique profile folder); a
        // process-group kill here once took down unrelated processes of the sandbox.
        let _ = Command::new("pkill")
            .args(["-KILL", "-f"])
            .arg(self.profile.as_os_str())
            .status();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver(dir: &Path) -> Driver {
    use std::os::unix::process::CommandExt;
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg(format!(
            "--log-path={}",
            dir.join("chromedriver.log").display()
        ))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        profile: dir.join("chromium-profile"),
    };
    let started = Instant::now();
    let http = reqwest::Client::new();
    loop {
        let ready = match http.get(format!("{}/status", driver.url)).send().await {
            Ok(r) => r
                .json::<serde_json::Value>()
                .await
                .is_ok_and(|s| s["value"]["ready"] == true),
            Err(_) => false,
        };
        if ready {
            return driver;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver not ready on {}",
            driver.url
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn browser(driver: &Driver, dir: &Path) -> Client {
    let profile = dir.join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=390,1400",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::rustls()
        .expect("rustls connector")
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// Waits until the browser's URL satisfies `ok`.
async fn wait_for_url(c: &Client, what: &str, ok: impl Fn(&url::Url) -> bool) -> url::Url {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap();
        if ok(&url) {
            return url;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "browser never reached {what}; at {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// The day `Số liệu tính đến HH:MM ngày dd/mm/yyyy` names.
fn as_of(page_text: &str) -> chrono::NaiveDate {
    let at = page_text
        .split("Số liệu tính đến ")
        .nth(1)
        .and_then(|s| s.split(" ngày ").nth(1))
        .and_then(|s| s.get(..10))
        .expect("the page says when its figures are from");
    chrono::NaiveDate::parse_from_str(at, "%d/%m/%Y").unwrap()
}

/// What the test does in the browser; run apart so the session is closed even if it fails.
async fn drive(c: Client, base: String, api: reqwest::Client) {
    // Not logged in: the login page.
    c.goto(&format!("{base}/dashboard")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/login", "{url}");
    assert!(text_of(&c, "h1").await.contains("Đăng nhập"));
    c.find(Locator::Css("input[name=token]"))
        .await
        .unwrap()
        .send_keys(TOKEN)
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&c, "/dashboard", |u| u.path() == "/dashboard").await;

    let body = text_of(&c, "body").await;
    // The item lists below assume a day between 1/10 (15/10 within 14 days) and 14/10.
    let day = as_of(&body);
    assert!(
        (chrono::NaiveDate::from_ymd_opt(2023, 10, 1).unwrap()
            ..=chrono::NaiveDate::from_ymd_opt(2023, 10, 14).unwrap())
            .contains(&day),
        "the page is from {day}: the machine is too slow for a simulated day per second"
    );

    // (1) Overdue, grouped by unit with the units' Vietnamese names and their counts.
    let overdue: Vec<serde_json::Value> = common::items(
        api.get(format!("{base}/api/v1/overdue"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    let section = text_of(&c, "#qua-han").await;
    assert!(section.starts_with("Quá hạn"), "{section}");
    let mut per_unit: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in &overdue {
        *per_unit
            .entry(r["assignee_name"].as_str().unwrap())
            .or_default() += 1;
    }
    assert!(per_unit.len() > 10, "{per_unit:?}");
    assert!(per_unit.contains_key(OTHER_UNIT_NAME));
    let headings = c.find_all(Locator::Css("#qua-han .unit h3")).await.unwrap();
    assert_eq!(headings.len(), per_unit.len());
    for h in headings {
        let t = h.text().await.unwrap();
        let (name, count) = t.trim().rsplit_once(char::is_whitespace).unwrap();
        assert_eq!(
            per_unit.get(name.trim()).copied(),
            Some(count.parse::<usize>().unwrap()),
            "heading {t:?}"
        );
    }
    // Each overdue card says how late it is, in the colour of its age.
    let cards = c
        .find_all(Locator::Css("#qua-han article.item"))
        .await
        .unwrap();
    assert_eq!(cards.len(), overdue.len());
    for card in cards.iter().take(6) {
        let badge = card
            .find(Locator::Css(".badge"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let days: i64 = badge
            .strip_prefix("Quá hạn ")
            .and_then(|s| s.strip_suffix(" ngày"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("badge {badge:?}"));
        assert!((17..=33).contains(&days), "{badge}");
        let class = card.attr("class").await.unwrap().unwrap_or_default();
        let want = match days {
            ..=7 => "age1",
            8..=30 => "age2",
            _ => "age3",
        };
        assert!(class.split(' ').any(|c| c == want), "{days} days: {class}");
    }
    assert!(section.contains("vàng: 1–7 ngày") && section.contains("đỏ: trên 30 ngày"));

    // (2) Due in the next 14 days: the recognition proposals due before 15/10.
    let soon = text_of(&c, "#sap-den-han").await;
    assert!(soon.starts_with("Sắp đến hạn (14 ngày tới)"), "{soon}");
    assert!(soon.contains(RECOGNITION_TITLE), "{soon}");
    assert!(
        soon.contains("14/10/2023") && soon.contains("Còn "),
        "{soon}"
    );

    // (3) The submission recorded through the API awaits confirmation.
    let awaiting = text_of(&c, "#cho-xac-nhan").await;
    assert!(awaiting.starts_with("Đã nộp chờ xác nhận"), "{awaiting}");
    for text in [Q3_TITLE, UNIT_NAME, "Số 45/BC-UBND", "Nộp quá hạn"] {
        assert!(
            awaiting.contains(text),
            "awaiting lacks {text:?}: {awaiting}"
        );
    }

    // (4) The on-time table: every unit with a line, the rate as a percentage.
    let table = text_of(&c, "#ty-le").await;
    assert!(table.starts_with("Tỷ lệ đúng hạn theo đơn vị"), "{table}");
    for text in [
        "Hoàn thành đúng hạn",
        "Chưa hoàn thành quá hạn",
        "Tổng cộng",
        "0%",
    ] {
        assert!(table.contains(text), "table lacks {text:?}");
    }
    let rows = c.find_all(Locator::Css("#ty-le tbody tr")).await.unwrap();
    assert!(rows.len() >= per_unit.len(), "{} rows", rows.len());
    // The ward that submitted late: its line agrees with the API's statistics.
    let stats: serde_json::Value = api
        .get(format!("{base}/api/v1/stats"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let line = stats["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == UNIT)
        .unwrap()
        .clone();
    assert_eq!(line["done_late"], 1, "{line}");
    let mut found = false;
    for row in rows {
        let name = row
            .find(Locator::Css("th"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if name.trim() != UNIT_NAME {
            continue;
        }
        found = true;
        let mut cells = Vec::new();
        for td in row.find_all(Locator::Css("td")).await.unwrap() {
            cells.push(td.text().await.unwrap().trim().to_owned());
        }
        let count = |k: &str| line[k].as_u64().unwrap().to_string();
        let late = line["avg_days_late"].as_f64().unwrap();
        assert_eq!(
            cells,
            [
                "0%".to_owned(),
                count("done_on_time"),
                count("done_late"),
                count("open_not_due"),
                count("open_overdue"),
                format!("{late}").replace('.', ","),
            ],
            "{line}"
        );
    }
    assert!(found, "no line for {UNIT_NAME}");

    // Phone width: nothing scrolls sideways but the table in its own container.
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        fits,
        serde_json::Value::Bool(true),
        "the page scrolls sideways"
    );

    // A screenshot of the whole page at phone width: grow the window until it holds it all.
    for _ in 0..4 {
        let sizes = c
            .execute(
                "return [window.innerHeight, \
                 Math.ceil(document.body.getBoundingClientRect().height)]",
                vec![],
            )
            .await
            .unwrap();
        let (inner, content) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap());
        if inner >= content {
            break;
        }
        let (_, outer) = c.get_window_size().await.unwrap();
        let want = (outer as i64 + content - inner + 16).clamp(800, 30_000);
        c.set_window_size(390, want as u32).await.unwrap();
    }
    let png = c.screenshot().await.unwrap();
    c.set_window_size(390, 1400).await.unwrap();
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let path = out.join("dashboard.png");
    std::fs::write(&path, &png).unwrap();
    println!("screenshot: {}", path.display());
    assert!(png.len() > 10_000, "{} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");

    // Confirm the awaiting report with the page's own form.
    let item = format!("#cho-xac-nhan article[data-occurrence='{Q3_PHUONG}']");
    c.find(Locator::Css(&format!("{item} details.act-confirm summary")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(&format!(
        "{item} details.act-confirm textarea[name=note]"
    )))
    .await
    .unwrap()
    .send_keys("Đã nhận bản giấy")
    .await
    .unwrap();
    c.find(Locator::Css(&format!(
        "{item} details.act-confirm button[type=submit]"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_for_url(&c, "the confirmation message", |u| {
        u.query().is_some_and(|q| q.contains("done=confirm"))
    })
    .await;
    let flash = text_of(&c, ".flash.ok").await;
    assert!(flash.starts_with("Đã xác nhận báo cáo"), "{flash}");
    assert!(flash.contains(UNIT_NAME), "{flash}");
    let png = c.screenshot().await.unwrap();
    let path = out.join("dashboard-confirmed.png");
    std::fs::write(&path, &png).unwrap();
    println!("screenshot: {}", path.display());
    let focus = text_of(&c, "#chon").await;
    assert!(focus.contains("đã xác nhận"), "{focus}");
    let awaiting = text_of(&c, "#cho-xac-nhan").await;
    assert!(!awaiting.contains("Số 45/BC-UBND"), "{awaiting}");
    let view: serde_json::Value = api
        .get(format!("{base}/api/v1/occurrences/{}", encoded(Q3_PHUONG)))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["state"], "confirmed");
    assert_eq!(view["review"]["by"], "admin");
    assert_eq!(view["review"]["reason"], "Đã nhận bản giấy");

    // A message's link followed from another site (here a data: page) arrives without the
    // SameSite=Strict cookie; the page still opens on the item, without a second login.
    let link = format!("{base}/?occurrence={}", encoded(Q3_AN_SINH));
    c.goto(&format!(
        "data:text/html;charset=utf-8,<a id=l href='{link}'>mở</a>"
    ))
    .await
    .unwrap();
    c.find(Locator::Id("l"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The first answer may be the page that moves on by itself: wait for the item or a login form.
    let started = Instant::now();
    loop {
        if c.find(Locator::Css("#chon")).await.is_ok() {
            break;
        }
        let url = c.current_url().await.unwrap();
        assert!(
            c.find(Locator::Css("input[name=token]")).await.is_err(),
            "asked to log in again: {url}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the linked item never showed; at {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(c.current_url().await.unwrap().path(), "/dashboard");
    let focus = text_of(&c, "#chon").await;
    assert!(
        focus.contains(Q3_TITLE) && focus.contains(OTHER_UNIT_NAME),
        "{focus}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_uses_the_page_in_headless_chromium() {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install the browser (apt-get install -y chromium chromium-driver): missing {missing:?}"
        );
        println!(
            "SKIPPED: the browser test needs {missing:?} (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path());
    let api = http();
    // The Q3 report was due before 13/9; submit one late so it awaits confirmation.
    d.wait_until(&api, "2023-09-20T08:00:00+07:00").await;
    let r = api
        .post(format!(
            "{}/api/v1/occurrences/{}/submit",
            d.base,
            encoded(Q3_PHUONG)
        ))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"document": "Số 45/BC-UBND"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // From 1/10 the recognition proposals (last day 14/10) are within 14 days.
    d.wait_until(&api, "2023-10-01T06:00:00+07:00").await;

    let driver = start_driver(dir.path()).await;
    let c = browser(&driver, dir.path()).await;
    let run = tokio::spawn(drive(c.clone(), d.base.clone(), api.clone())).await;
    let _ = c.close().await;
    if let Err(e) = run {
        let log = std::fs::read_to_string(dir.path().join("chromedriver.log")).unwrap_or_default();
        let tail: String = log
            .lines()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        eprintln!("chromedriver log (tail):\n{tail}");
        std::panic::resume_unwind(e.into_panic());
    }
}

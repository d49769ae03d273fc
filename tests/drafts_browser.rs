//! "Thêm kế hoạch" in headless Chromium (chromedriver + fantoccini), the real binary: upload a
//! .docx made here with docx-rs, change an assignee on the review page, see the check's error
//! next to its field, resolve the unknown name, accept, and find the plan's next deadline on
//! the dashboard — no restart, no file edited by hand.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test is skipped with a
//! message, except under CI (`CI` set), where it fails.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;

use common::daemon::{self, Options, TOKEN};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const PLAN: &str = include_str!("drafts/ke-hoach-245.txt");

/// chromedriver, killed with the Chromium processes of this test's profile when dropped.
struct Driver {
    child: Child,
    url: String,
    profile: std::path::PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill")
            .args(["-KILL", "-f"])
            .arg(self.profile.as_os_str())
            .status();
    }
}

async fn start_driver(dir: &Path) -> Driver {
    use std::os::unix::process::CommandExt;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
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
                .json::<Value>()
                .await
                .is_ok_and(|s| s["value"]["ready"] == true),
            Err(_) => false,
        };
        if ready {
            return driver;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver not ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn browser(driver: &Driver) -> Client {
    std::fs::create_dir_all(&driver.profile).unwrap();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // A phone's width: the review page must work there.
                "--window-size=390,1400",
                format!("--user-data-dir={}", driver.profile.display()),
            ],
        },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::rustls()
        .expect("rustls connector")
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

async fn wait_for_path(c: &Client, what: &str, ok: impl Fn(&str) -> bool) -> url::Url {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap();
        if ok(url.path()) {
            return url;
        }
        assert!(
            started.elapsed() < Duration::from_secs(40),
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

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// A screenshot of the whole page at phone width into target/browser/.
async fn screenshot(c: &Client, name: &str) {
    let height = c
        .execute(
            "return Math.ceil(document.body.getBoundingClientRect().height)",
            vec![],
        )
        .await
        .unwrap()
        .as_i64()
        .unwrap_or(1400);
    c.set_window_size(390, (height + 200).clamp(800, 30_000) as u32)
        .await
        .unwrap();
    let png = c.screenshot().await.unwrap();
    c.set_window_size(390, 1400).await.unwrap();
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(name), &png).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
}

/// The plan as a Word document, one paragraph per line.
fn make_docx(path: &Path) {
    use docx_rs::{Docx, Paragraph, Run};
    let mut doc = Docx::new();
    for line in PLAN.lines() {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
    }
    doc.build()
        .pack(std::fs::File::create(path).unwrap())
        .unwrap();
}

async fn drive(c: Client, base: String, docx: std::path::PathBuf, api: reqwest::Client) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css("input[name=token]"))
        .await
        .unwrap()
        .send_keys(TOKEN)
        .await
        .unwrap();
    click(&c, "form[action='/login'] button[type=submit]").await;
    wait_for_path(&c, "/dashboard", |p| p == "/dashboard").await;

    // "Thêm kế hoạch" → the upload form → the review page.
    click(&c, "a[href='/dashboard/plans/new']").await;
    wait_for_path(&c, "the upload form", |p| p == "/dashboard/plans/new").await;
    c.find(Locator::Css("input[type=file][name=file]"))
        .await
        .unwrap()
        .send_keys(docx.to_str().unwrap())
        .await
        .unwrap();
    click(
        &c,
        "form[action='/dashboard/plans/new'] button[type=submit]",
    )
    .await;
    wait_for_path(&c, "the review page", |p| {
        p.starts_with("/dashboard/plans/drafts/")
    })
    .await;
    let body = text_of(&c, "body").await;
    assert!(
        body.contains("Bản dự thảo từ tệp “ke-hoach-245.docx”"),
        "{body}"
    );
    // The plan's sentence with its deadline phrase highlighted.
    let mark = text_of(&c, "#ob-1 .quote mark").await;
    assert_eq!(mark, "trước ngày 15/12/2023");
    // The rule at work: the next last days on time of "trước ngày 20 hằng tháng".
    let first = text_of(&c, "#ob-0").await;
    assert!(
        first.contains("Các hạn tiếp theo") && first.contains("19/12/2023"),
        "{first}"
    );
    assert!(
        body.contains("Hội Chữ thập đỏ"),
        "the unknown name is listed: {body}"
    );
    // At a phone's width nothing scrolls sideways; the whole page as a screenshot.
    let wide = c
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(wide, Value::Bool(false), "the review page scrolls sideways");
    screenshot(&c, "drafts-review.png").await;

    // Change duty 2's assignee: Phòng Tư pháp → Phòng Nội vụ (a multiple select: a click
    // toggles an option).
    click(
        &c,
        "select[name='o1.assignees'] option[value='phong-tu-phap-dongtrieu']",
    )
    .await;
    click(
        &c,
        "select[name='o1.assignees'] option[value='phong-noi-vu-dongtrieu']",
    )
    .await;
    // Accept with the unknown name unresolved: refused, the error next to duty 3's assignees.
    click(&c, "button[name=do][value=accept]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    wait_for_path(&c, "the review page again", |p| {
        p.starts_with("/dashboard/plans/drafts/")
    })
    .await;
    screenshot(&c, "drafts-refused.png").await;
    let refused = text_of(&c, "#ob-2").await;
    assert!(
        refused.contains("no assignee"),
        "the error stands beside its field: {refused}"
    );
    // The edit was kept.
    let kept = c
        .find(Locator::Css(
            "select[name='o1.assignees'] option[value='phong-noi-vu-dongtrieu']",
        ))
        .await
        .unwrap()
        .prop("selected")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("true"));
    // "Tạo đơn vị này" for the unknown name, then accept.
    c.find(Locator::Css("select[name=u0]"))
        .await
        .unwrap()
        .select_by_value("create")
        .await
        .unwrap();
    click(&c, "button[name=do][value=accept]").await;
    let url = wait_for_path(&c, "the dashboard", |p| p == "/dashboard").await;
    let focus_id = url
        .query_pairs()
        .find(|(k, _)| k == "occurrence")
        .map(|(_, v)| v.into_owned())
        .expect("the dashboard opens on the plan's next deadline");

    // The plan's next deadline, from the API, is the one the dashboard shows.
    let plan_id = focus_id.split('/').next().unwrap().to_owned();
    let page: Value = api
        .get(format!(
            "{base}/api/v1/occurrences?plan={plan_id}&state=open&per_page=200"
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = page["items"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["assignee"] == "phong-noi-vu-dongtrieu"),
        "the changed assignee owes the duty: {page}"
    );
    assert!(!rows
        .iter()
        .any(|r| r["assignee"] == "phong-tu-phap-dongtrieu"));
    let next = rows
        .iter()
        .min_by_key(|r| r["due"].as_str().unwrap().to_owned())
        .unwrap();
    assert_eq!(next["id"], focus_id.as_str());
    let due = chrono::DateTime::parse_from_rfc3339(next["due"].as_str().unwrap()).unwrap();
    let last_day = (due - chrono::Duration::seconds(1))
        .format("%d/%m/%Y")
        .to_string();
    let focus = text_of(&c, "#chon").await;
    assert!(
        focus.contains(next["title"].as_str().unwrap()) && focus.contains(&last_day),
        "the dashboard shows {} due {last_day}: {focus}",
        next["title"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_brings_a_plan_in_from_a_docx_in_headless_chromium() {
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
    let d = daemon::start(
        dir.path(),
        &Options {
            clock_start: "2023-11-20T08:00:00+07:00",
            clock_speed: 1,
            ..Options::default()
        },
    );
    let docx = dir.path().join("ke-hoach-245.docx");
    make_docx(&docx);
    let api = reqwest::Client::new();
    let driver = start_driver(dir.path()).await;
    let c = browser(&driver).await;
    let run = tokio::spawn(drive(c.clone(), d.base.clone(), docx, api)).await;
    let _ = c.close().await;
    if let Err(e) = run {
        let log = std::fs::read_to_string(&d.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        eprintln!("daemon log (tail, newest first):\n{}", tail.join("\n"));
        std::panic::resume_unwind(e.into_panic());
    }
}

//! Hostile input against the real binary: dates out of range, oversized notes, formula cells
//! in exports, cookie writes from another site, empty form bodies, bad `next`, failed logins
//! and tokens past their quota, links from before a rejection, and the files it creates.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::daemon::{start, Options, TestToken, TOKEN};
use serde_json::{json, Value};

const Q3_PHUONG: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";
const PHUONG: &str = "ubnd-phuong-dong-trieu-dongtrieu";

fn enc(id: &str) -> String {
    id.replace('/', "%2F")
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_queries_and_bodies_get_clear_refusals_never_a_dropped_connection() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;

    // Dates outside 1976–9999: 422 naming the field (these closed the connection before).
    for (path, field) in [
        ("/api/v1/occurrences?from=1947-04-01", "from"),
        ("/api/v1/occurrences?to=%2B262142-12-31", "to"),
        ("/api/v1/occurrences?format=csv&to=%2B262142-12-31", "to"),
        ("/api/v1/stats?from=1947-04-01", "from"),
        ("/api/v1/stats?year=262142", "year"),
        ("/api/v1/stats?to=%2B262142-12-31", "to"),
    ] {
        let (status, body) = d.get_as(&http, TOKEN, path).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_eq!(body["error"], "out_of_range", "{path}: {body}");
        assert!(
            body["message"].as_str().unwrap().starts_with(field),
            "{path}: {body}"
        );
    }
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "extend",
            json!({"until": "+262142-12-31", "reason": "r"}),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("out_of_range")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().starts_with("until"),
        "{body}"
    );
    // The last day allowed, 31/12/9999, puts the deadline in year 10000 (+10000-01-01T00:00):
    // stored, read back and listed like any other (it answered 500 once the record's due
    // instant was typed). Another unit's occurrence, so the ward's stays as the rest expects.
    let overdue: Vec<Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    let other = overdue
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .find(|id| id != Q3_PHUONG)
        .unwrap();
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            &other,
            "extend",
            json!({"until": "9999-12-31", "reason": "r"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["due"], "+10000-01-01T00:00:00+07:00", "{body}");
    let (status, body) = d
        .get_as(
            &http,
            TOKEN,
            &format!("/api/v1/occurrences/{}", enc(&other)),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("open_not_due")),
        "{body}"
    );
    let (status, _) = d
        .get_as(&http, TOKEN, "/api/v1/occurrences?per_page=500")
        .await;
    assert_eq!(status, 200);

    // Notes and reasons are capped at 2,000 characters.
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "submit",
            json!({"note": "x".repeat(1_900_000)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["message"].as_str().unwrap().contains("2000"), "{body}");
    let (status, _) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "submit",
            json!({"note": "ạ".repeat(2000)}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "reject",
            json!({"reason": "y".repeat(2001)}),
        )
        .await;
    assert_eq!(status, 422);

    // An empty body with a form content type on a JSON endpoint is 415, not `{}`.
    let r = http
        .post(format!("{}/confirm", d.occurrence_url(Q3_PHUONG)))
        .bearer_auth(TOKEN)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);

    // The page's cookie on an API write from another site: refused, nothing changes.
    let r = http
        .post(format!("{}/confirm", d.occurrence_url(Q3_PHUONG)))
        .header("cookie", format!("dondoc_token={TOKEN}"))
        .header("origin", "http://evil.dondoc.test")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "cross_origin");
    let (_, v) = d
        .get_as(
            &http,
            TOKEN,
            &format!("/api/v1/occurrences/{}", enc(Q3_PHUONG)),
        )
        .await;
    assert_eq!(v["state"], "submitted", "{v}");
    // From the page's own origin the cookie still works.
    let r = http
        .post(format!("{}/confirm", d.occurrence_url(Q3_PHUONG)))
        .header("cookie", format!("dondoc_token={TOKEN}"))
        .header("origin", d.base.clone())
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // A bad `next` falls back to the dashboard (it gave 500).
    let r = http
        .get(format!("{}/login?next=/dashboard?%01", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let headers = r.headers().clone();
    let html = r.text().await.unwrap();
    let next = html
        .split("name=\"next\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the next field")
        .replace("&#x2f;", "/");
    assert_eq!(next, "/dashboard", "{html}");
    // Security headers on pages; no-store on the authenticated page.
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
    ] {
        assert_eq!(headers[name], value, "{name}");
    }
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirect
        .get(format!("{}/dashboard", d.base))
        .header("cookie", format!("dondoc_token={TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(r.headers().contains_key("content-security-policy"));
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script"), "no script on the page");

    // Arbitrary junk never closes the connection: every answer has a status.
    for path in [
        "/api/v1/occurrences?page=99999999999999999999999",
        "/api/v1/occurrences?per_page=-1",
        "/api/v1/stats?year=-2147483648",
        "/api/v1/overdue?min_days=99999999999999999999",
        "/api/v1/units/%00/stats",
        "/api/v1/occurrences/%FF%FE",
    ] {
        let (status, _) = d.get_as(&http, TOKEN, path).await;
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(!log.contains("panicked"), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_neutralise_formulas_in_csv_and_keep_them_text_in_xlsx() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"Bấm\")";
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "submit",
            json!({"document": formula}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let csv = http
        .get(format!(
            "{}/api/v1/occurrences?format=csv&state=submitted",
            d.base
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut r = csv::Reader::from_reader(&csv[3..]);
    let headers = r.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "document").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|row| &row[0] == Q3_PHUONG)
        .expect("the submitted row");
    assert_eq!(&row[col], format!("'{formula}"));
    // No text cell of the export starts with a formula character.
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "{cell}");
        }
    }

    let xlsx = http
        .get(format!(
            "{}/api/v1/occurrences?format=xlsx&state=submitted",
            d.base
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let found = range.rows().any(|r| {
        r.iter()
            .any(|c| matches!(c, calamine::Data::String(s) if s == formula))
    });
    assert!(found, "the document is a plain string cell in the XLSX");
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the XLSX"
    );
}

const WARD: &str = "ward-token-0123456789abcdef0123456789";
const TOKENS: &[TestToken] = &[(WARD, "phuong-dong-trieu", "unit", Some(PHUONG))];

#[tokio::test(flavor = "multi_thread")]
async fn failed_logins_and_tokens_are_limited_and_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(
        dir.path(),
        &Options {
            tokens: TOKENS,
            ..Options::default()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;

    // Ten failed token checks a minute from one address, then 429 with Retry-After.
    let mut limited = None;
    for i in 0..12 {
        let (status, body) = d
            .get_as(&http, &format!("wrong-token-{i}"), "/api/v1/overdue")
            .await;
        if status == 429 {
            limited = Some((i, body));
            break;
        }
        assert_eq!(status, 401);
    }
    let (i, body) = limited.expect("no 429 after 12 failures");
    assert_eq!(i, 10, "{body}");
    assert_eq!(body["error"], "too_many_failures");
    let r = http
        .post(format!("{}/login", d.base))
        .form(&[("token", "wrong"), ("next", "/dashboard")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(
        log.contains("failed authentications over the limit"),
        "{log}"
    );
    // A right token still works.
    let (status, _) = d.get_as(&http, WARD, "/api/v1/overdue").await;
    assert_eq!(status, 200);

    // A one-click link sent before a rejection does not submit the next round.
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path().join("var/outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // One message per recipient and send time: the ward's message carrying the Q3 report's
    // item (its `Item:` line), and in it that item's block ("1. [..] title (quý III/2023)").
    let text = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|t| {
            t.lines().any(|l| {
                l.strip_prefix("Item: ").is_some_and(|k| {
                    k.starts_with(&format!("{Q3_PHUONG}#")) && k.ends_with(&format!("@{PHUONG}"))
                })
            })
        })
        .expect("a message to the ward");
    let mut blocks = vec![String::new()];
    for line in text.lines() {
        let numbered = line
            .split_once(". [")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if numbered {
            blocks.push(String::new());
        }
        let last = blocks.last_mut().unwrap();
        last.push_str(line);
        last.push('\n');
    }
    let item = blocks
        .iter()
        .find(|b| {
            b.lines()
                .next()
                .is_some_and(|l| l.contains("(quý III/2023)"))
        })
        .unwrap_or_else(|| panic!("the Q3 report's item in:\n{text}"));
    let link = item
        .split_whitespace()
        .find(|w| w.starts_with("http://dondoc.test/l/"))
        .expect("a one-click link")
        .trim_end_matches(['"', '<', '>', ')'])
        .replace("http://dondoc.test", &d.base);
    let (status, _) = d.act(&http, WARD, Q3_PHUONG, "submit", json!({})).await;
    assert_eq!(status, 200);
    let (status, _) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "reject",
            json!({"reason": "Thiếu số liệu"}),
        )
        .await;
    assert_eq!(status, 200);
    let r = http
        .post(&link)
        .form(&[("document", "1/BC")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("trước khi báo cáo bị trả lại"));
    let (_, v) = d
        .get_as(
            &http,
            TOKEN,
            &format!("/api/v1/occurrences/{}", enc(Q3_PHUONG)),
        )
        .await;
    assert_eq!(v["state"], "open", "{v}");

    // Whatever the umask it was started with (the test's), what it creates is private.
    for f in &files {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}: {mode:o}", f.display());
    }
    let store = std::fs::metadata(dir.path().join("store")).unwrap();
    assert_eq!(store.permissions().mode() & 0o777, 0o700);
    let outbox = std::fs::metadata(dir.path().join("var/outbox")).unwrap();
    assert_eq!(outbox.permissions().mode() & 0o777, 0o700);
}

#[test]
fn check_refuses_a_short_admin_token() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_project(dir.path());
    let run = |token: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
            .arg("check")
            .current_dir(dir.path())
            .env("DONDOC_ADMIN_TOKEN", token)
            .output()
            .unwrap()
    };
    let out = run("x");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DONDOC_ADMIN_TOKEN") && err.contains("32"),
        "{err}"
    );
    let out = run("0123456789abcdef0123456789abcdef");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

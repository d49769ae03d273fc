//! The coordinator page at any size (issue 17): every list a window of `[http] page_items`
//! items, the most urgent first, with its total and the next page's link; every unit with
//! overdue items named with its count; filters by unit, plan, period, list and search words.
//! Through the real binary over HTTP (the page's look is tests/browser.rs's).

mod common;

use common::daemon::{start, Daemon, Options, TOKEN};
use reqwest::header::COOKIE;
use serde_json::Value;

async fn page(http: &reqwest::Client, d: &Daemon, path: &str) -> String {
    let r = http
        .get(format!("{}{path}", d.base))
        .header(COOKIE, format!("dondoc_token={TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

/// The ids of the item cards in the `#id` section.
fn cards(html: &str, section: &str) -> Vec<String> {
    let start = html
        .find(&format!("<section id=\"{section}\""))
        .unwrap_or_else(|| panic!("no section {section}"));
    let end = html[start..].find("</section>").unwrap() + start;
    html[start..end]
        .match_indices("data-occurrence=\"")
        .map(|(i, m)| {
            let rest = &html[start + i + m.len()..];
            unescape(&rest[..rest.find('"').unwrap()])
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
}

/// The `rel="next"` link of the `#id` section, unescaped.
fn next_link(html: &str, section: &str) -> Option<String> {
    let start = html.find(&format!("<section id=\"{section}\""))?;
    let end = html[start..].find("</section>").unwrap() + start;
    let s = &html[start..end];
    let at = s.find("rel=\"next\"")?;
    let href = s[..at].rfind("href=\"")? + 6;
    let link = &s[href..];
    Some(unescape(&link[..link.find('"').unwrap()]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_is_a_window_with_its_total_and_the_next_pages_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(
        dir.path(),
        &Options {
            config: &[("page_items = 50", "page_items = 2")],
            // An hour a second: the page walk below stays within the morning of 13/9, when no
            // deadline passes, so every page reads the same overdue list.
            clock_start: "2023-09-12T20:00:00+07:00",
            clock_speed: 3600,
            ..Options::default()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let overdue: Vec<Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    assert!(overdue.len() > 4, "{}", overdue.len());
    let ids: Vec<&str> = overdue.iter().map(|r| r["id"].as_str().unwrap()).collect();

    // Page 1: two cards, the total in the heading, every other unit named with its count.
    let html = page(&http, &d, "/dashboard").await;
    let first = cards(&html, "qua-han");
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(html.contains(&format!("<b>{}</b>Quá hạn", overdue.len())));
    assert!(
        html.contains(&format!("1–2 trong {}", overdue.len())),
        "the window says where it is"
    );
    assert!(html.contains("Các đơn vị khác còn quá hạn"));
    // Walking the pages gives every overdue item once, in the API's order (most overdue first,
    // grouped by unit within a page).
    let mut seen = first.clone();
    let mut link = next_link(&html, "qua-han");
    let mut pages = 1;
    while let Some(l) = link {
        assert!(l.starts_with("/dashboard?page="), "{l}");
        let html = page(&http, &d, &l).await;
        let got = cards(&html, "qua-han");
        assert!(!got.is_empty() && got.len() <= 2, "{l}: {got:?}");
        seen.extend(got);
        link = next_link(&html, "qua-han");
        pages += 1;
        assert!(pages <= overdue.len(), "the pages end");
    }
    let mut a = seen.clone();
    a.sort();
    let mut b: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    b.sort();
    assert_eq!(a, b, "every overdue item once over {pages} pages");

    // Narrowed to one unit: only its items, and the filters kept in the links.
    let unit = overdue[0]["assignee"].as_str().unwrap();
    let own: Vec<&str> = overdue
        .iter()
        .filter(|r| r["assignee"] == unit)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let html = page(&http, &d, &format!("/dashboard?unit={unit}")).await;
    let got = cards(&html, "qua-han");
    assert_eq!(got.len(), own.len().min(2));
    assert!(got.iter().all(|id| own.contains(&id.as_str())), "{got:?}");
    if let Some(l) = next_link(&html, "qua-han") {
        assert!(l.contains(&format!("unit={unit}")), "{l}");
    }

    // Search words, without diacritics, over unit names: the commune of An Sinh.
    let html = page(&http, &d, "/dashboard?q=an+sinh&show=qua-han").await;
    let got = cards(&html, "qua-han");
    assert!(!got.is_empty());
    assert!(got.iter().all(|id| id.contains("an-sinh")), "{got:?}");
    assert!(
        !html.contains("<section id=\"sap-den-han\""),
        "show=qua-han shows one list"
    );

    // A period by its Vietnamese name: only that quarter's items.
    let html = page(&http, &d, "/dashboard?period=Qu%C3%BD+III%2F2023").await;
    let got = cards(&html, "qua-han");
    assert!(!got.is_empty());
    assert!(got.iter().all(|id| id.ends_with("2023-Q3")), "{got:?}");

    // A unit's own page says when it ends and who takes over its duties (Công an thị xã Đông
    // Triều became Công an thành phố Đông Triều on 1/11/2024), with a link to the successor's.
    let html = page(&http, &d, "/dashboard?unit=ca-dongtrieu").await;
    let start = html.find("<section id=\"don-vi\"").expect("the unit's box");
    let bx = unescape(&html[start..start + html[start..].find("</section>").unwrap()]);
    assert!(bx.contains("Công an thị xã Đông Triều"), "{bx}");
    assert!(
        bx.contains("Hoạt động đến hết ngày 31/10/2024; sau đó nhiệm vụ của đơn vị chuyển sang:"),
        "{bx}"
    );
    assert!(bx.contains("unit=ca-tp-dongtrieu"), "{bx}");
    assert!(bx.contains("Công an thành phố Đông Triều"), "{bx}");
    assert!(!page(&http, &d, "/dashboard")
        .await
        .contains("<section id=\"don-vi\""));

    // An unknown unit: a plain error, no item.
    let html = page(&http, &d, "/dashboard?unit=no-such-unit").await;
    assert!(html.contains("Không lọc được"), "{html}");
    assert!(cards(&html, "qua-han").is_empty());
}

//! The coordinator API end to end: the real binary with a simulated clock, over a real socket.

mod common;

use common::daemon::{start, Options, TestToken, LINK_SECRET, TOKEN};
use serde_json::{json, Value};

const Q3_PHUONG: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-phuong-dong-trieu-dongtrieu/2023-Q3";
const Q3_AN_SINH: &str = "dong-trieu-ancs-2023/bao-cao-quy/ubnd-xa-an-sinh-dongtrieu/2023-Q3";
const PHUONG: &str = "ubnd-phuong-dong-trieu-dongtrieu";

const VIEWER: &str = "viewer-secret";
const WARD: &str = "ward-secret";
const TOKENS: &[TestToken] = &[
    (VIEWER, "so-noi-vu", "viewer", None),
    (WARD, "phuong-dong-trieu", "unit", Some(PHUONG)),
];

fn options() -> Options<'static> {
    Options {
        tokens: TOKENS,
        ..Options::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_finds_overdue_items_records_a_submission_and_reminders_stop() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;

    // No token: a JSON 401.
    let r = http
        .get(format!("{}/api/v1/overdue", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");

    // Every overdue item of the plan, by unit: exactly the occurrences due between first
    // tracking (12/9 08:00) and now, which `agenda` lists for 13/9.
    let overdue: Vec<serde_json::Value> = common::items(
        d.get(&http, "/api/v1/overdue?plan=dong-trieu-ancs-2023")
            .await,
    );
    let agenda = common::dondoc_in(
        dir.path(),
        &[
            "agenda",
            "--plan",
            "dong-trieu-ancs-2023",
            "--from",
            "2023-09-13",
            "--to",
            "2023-09-13",
            "--format",
            "json",
        ],
    );
    let agenda: Vec<Value> = serde_json::from_slice(&agenda.stdout).unwrap();
    let mut want: Vec<&str> = agenda.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut got: Vec<&str> = overdue.iter().map(|r| r["id"].as_str().unwrap()).collect();
    want.sort_unstable();
    got.sort_unstable();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let item = overdue.iter().find(|r| r["id"] == Q3_PHUONG).unwrap();
    assert_eq!(item["assignee_name"], "Ủy ban nhân dân phường Đông Triều");
    assert_eq!(item["via"], "ca-dongtrieu");
    assert_eq!(item["status"], "open_overdue");
    // Due before 13/9 (last day 12/9); the simulated clock is on 13/9 or 14/9 by now.
    let days = item["days_overdue"].as_i64().unwrap();
    assert!((1..=2).contains(&days), "{item}");
    assert_eq!(item["escalation_level"], 0);

    // By unit.
    let mine: Vec<serde_json::Value> = common::items(
        d.get(&http, &format!("/api/v1/overdue?unit={PHUONG}"))
            .await,
    );
    assert_eq!(mine.len(), 1, "{mine:?}");
    let (status, _) = d
        .get_as(&http, TOKEN, "/api/v1/overdue?unit=no-such-unit")
        .await;
    assert_eq!(status, 400);

    // Record the submission; a second one is a conflict; the audit log says who and what.
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "submit",
            json!({"document": "Số 45/BC-UBND", "note": "gửi qua văn thư"}),
        )
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["state"], "submitted");
    assert_eq!(view["submission"]["document"], "Số 45/BC-UBND");
    assert_eq!(view["audit"][0]["who"], "admin");
    assert_eq!(view["audit"][0]["what"], "submitted");
    let (status, _) = d
        .act(&http, TOKEN, Q3_PHUONG, "submit", json!({"nonsense": 1}))
        .await;
    assert_eq!(status, 422, "unknown fields are refused");
    let (status, _) = d.act(&http, TOKEN, Q3_PHUONG, "submit", json!({})).await;
    assert_eq!(status, 409);

    // A week later the other wards are escalated; the one that submitted hears nothing more.
    d.wait_until(&http, "2023-09-20T09:00:00+07:00").await;
    // One file per message; its `Item:` lines name the items it carries.
    let files: Vec<String> = std::fs::read_dir(dir.path().join("var/outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    let escalations = |ward: &str| {
        files
            .iter()
            .filter(|f| f.contains(&format!("/bao-cao-quy/{ward}/2023-Q3#escalation@")))
            .count()
    };
    assert_eq!(escalations(PHUONG), 0, "{files:?}");
    assert!(escalations("ubnd-xa-an-sinh-dongtrieu") > 0, "{files:?}");
    let left: Vec<serde_json::Value> = common::items(
        d.get(
            &http,
            "/api/v1/overdue?plan=dong-trieu-ancs-2023&min_days=7",
        )
        .await,
    );
    assert!(left.iter().all(|r| r["id"] != Q3_PHUONG));
    // The reports are escalated; the monthly briefing (kind = task: an internal duty) is not,
    // under the default policy, however long it is overdue.
    assert!(
        left.iter().all(|r| r["escalation_level"]
            == if r["obligation"] == "giao-ban-hang-thang" {
                0
            } else {
                1
            }),
        "{left:?}"
    );
    assert!(left.iter().any(|r| r["obligation"] == "bao-cao-quy"));
}

/// The outbox files (one per message) written so far that carry an item whose key contains
/// `part` (their `Item:` lines), with their text.
fn outbox_files(dir: &std::path::Path, part: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir.join("var/outbox"))
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(&p).unwrap_or_default(),
                    )
                })
                .filter(|(_, text)| {
                    text.lines()
                        .any(|l| l.strip_prefix("Item: ").is_some_and(|k| k.contains(part)))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn coordinator_actions_follow_the_rules_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &options());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;

    // The ward submits its own report; it may not submit another unit's.
    let (status, view) = d
        .act(
            &http,
            WARD,
            Q3_PHUONG,
            "submit",
            json!({"document": "12/BC-UBND"}),
        )
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["submission"]["by"], "phuong-dong-trieu");
    // Another unit's occurrence answers exactly like one that does not exist.
    let (status, body) = d.act(&http, WARD, Q3_AN_SINH, "submit", json!({})).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let made_up = Q3_AN_SINH.replace("2023-Q3", "2023-Q9");
    let (status2, body2) = d.act(&http, WARD, &made_up, "submit", json!({})).await;
    assert_eq!(
        (
            status2,
            body2["message"].as_str().map(|m| m.replace(&made_up, "ID"))
        ),
        (
            status,
            body["message"]
                .as_str()
                .map(|m| m.replace(Q3_AN_SINH, "ID"))
        )
    );

    // Reject needs a reason; the rejection reopens the occurrence and keeps what was sent.
    let (status, body) = d.act(&http, TOKEN, Q3_PHUONG, "reject", json!({})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid_body")),
        "{body}"
    );
    let (status, body) = d
        .act(&http, TOKEN, Q3_PHUONG, "reject", json!({"reason": "  "}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid")),
        "{body}"
    );
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "reject",
            json!({"reason": "Thiếu phụ lục số liệu"}),
        )
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["state"], "open");
    assert_eq!(view["rejected"]["submission"]["document"], "12/BC-UBND");
    assert_eq!(
        view["rejected"]["decision"]["reason"],
        "Thiếu phụ lục số liệu"
    );
    // Confirm applies to submitted occurrences only.
    let (status, body) = d.act(&http, TOKEN, Q3_PHUONG, "confirm", json!({})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );

    // Resubmitted and confirmed; a unit may not confirm.
    d.act(
        &http,
        WARD,
        Q3_PHUONG,
        "submit",
        json!({"document": "12b/BC-UBND"}),
    )
    .await;
    let (status, _) = d.act(&http, WARD, Q3_PHUONG, "confirm", json!({})).await;
    assert_eq!(status, 403);
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            Q3_PHUONG,
            "confirm",
            json!({"note": "Đủ số liệu"}),
        )
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["state"], "confirmed");
    assert_eq!(view["status"], "done_late");
    let whats: Vec<&str> = view["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["what"].as_str().unwrap())
        .collect();
    assert_eq!(whats, ["submitted", "rejected", "submitted", "confirmed"]);
    let rejected = &view["audit"][1];
    assert_eq!(rejected["who"], "admin");
    let before: Value = serde_json::from_str(rejected["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(rejected["after"].as_str().unwrap()).unwrap();
    assert_eq!(
        (before["state"].as_str(), after["state"].as_str()),
        (Some("submitted"), Some("open"))
    );
    assert_eq!(after["reason"], "Thiếu phụ lục số liệu");

    // An extension: not earlier than the deadline in force; the original due stays.
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            Q3_AN_SINH,
            "extend",
            json!({"until": "2023-09-01", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = d
        .act(
            &http,
            TOKEN,
            Q3_AN_SINH,
            "extend",
            json!({"until": "31/9/2023", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            Q3_AN_SINH,
            "extend",
            json!({"until": "2023-09-29", "reason": "Chờ số liệu của Công an xã"}),
        )
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["due"], "2023-09-30T00:00:00+07:00");
    assert_eq!(view["original_due"], "2023-09-13T00:00:00+07:00");
    assert_eq!(view["extension"]["number"], 1);
    assert_eq!(view["status"], "open_not_due");
    let overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    assert!(overdue.iter().all(|r| r["id"] != Q3_AN_SINH));

    // Waive and cancel need a reason and close the occurrence; a viewer may do neither.
    let others: Vec<serde_json::Value> = common::items(
        d.get(&http, "/api/v1/overdue?plan=dong-trieu-ancs-2023")
            .await,
    );
    let (a, b) = (
        others[0]["id"].as_str().unwrap(),
        others[1]["id"].as_str().unwrap(),
    );
    let (status, _) = d
        .act(&http, VIEWER, a, "waive", json!({"reason": "x"}))
        .await;
    assert_eq!(status, 403);
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            a,
            "waive",
            json!({"reason": "Đơn vị sáp nhập"}),
        )
        .await;
    assert_eq!(
        (status, view["state"].as_str(), view["status"].as_str()),
        (200, Some("waived"), Some("waived"))
    );
    let (status, view) = d
        .act(
            &http,
            TOKEN,
            b,
            "cancel",
            json!({"reason": "Trùng nhiệm vụ"}),
        )
        .await;
    assert_eq!((status, view["state"].as_str()), (200, Some("cancelled")));
    assert_eq!(view["closure"]["reason"], "Trùng nhiệm vụ");
    let (status, _) = d
        .act(&http, TOKEN, b, "waive", json!({"reason": "x"}))
        .await;
    assert_eq!(status, 409);
    let (status, _) = d
        .act(
            &http,
            TOKEN,
            "no/such/occurrence/x",
            "waive",
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(status, 404);

    // The list sees every state; paging; the four-state statistics agree with it.
    let page: Value = d
        .get(
            &http,
            "/api/v1/occurrences?state=waived,cancelled,confirmed&per_page=2",
        )
        .await;
    assert_eq!(
        (page["total"].as_u64(), page["pages"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let page2: Value = d
        .get(
            &http,
            "/api/v1/occurrences?state=waived,cancelled,confirmed&per_page=2&page=2",
        )
        .await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 1);
    let stats: Value = d.get(&http, "/api/v1/stats?year=2023").await;
    let total = &stats["total"];
    let open_overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    assert_eq!(
        total["open_overdue"].as_u64().unwrap() as usize,
        open_overdue.len()
    );
    // The overdue list a page at a time: the same items in the same order, `total` counting all.
    let first: Value = d.get(&http, "/api/v1/overdue?per_page=1").await;
    assert_eq!(
        first["total"].as_u64().unwrap() as usize,
        open_overdue.len()
    );
    assert_eq!(first["pages"], first["total"]);
    assert_eq!(first["per_page"], 1);
    let second: Value = d.get(&http, "/api/v1/overdue?per_page=1&page=2").await;
    assert_eq!(second["items"][0], open_overdue[1]);
    assert_eq!(first["items"][0], open_overdue[0]);
    let (status, e) = d.get_as(&http, TOKEN, "/api/v1/overdue?per_page=501").await;
    assert_eq!(
        (status, e["error"].as_str()),
        (400, Some("bad_query")),
        "{e}"
    );
    assert_eq!(total["done_late"], 1);
    assert_eq!(
        (total["waived"].as_u64(), total["cancelled"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(total["extended"], 1);
    let line = stats["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == PHUONG)
        .unwrap();
    assert_eq!(
        (line["done_late"].as_u64(), line["on_time_rate"].as_f64()),
        (Some(1), Some(0.0))
    );
    assert_eq!(line["name"], "Ủy ban nhân dân phường Đông Triều");
    let unit: Value = d
        .get(
            &http,
            &format!("/api/v1/units/{PHUONG}/stats?from=2023-09-01&to=2023-09-30"),
        )
        .await;
    assert_eq!(unit["units"].as_array().unwrap().len(), 1);
    assert_eq!(unit["total"]["done_late"], 1);
    // The ward's token sees its own line only.
    let (status, own) = d.get_as(&http, WARD, "/api/v1/stats?year=2023").await;
    assert_eq!(status, 200);
    assert_eq!(own["units"].as_array().unwrap().len(), 1, "{own}");

    // The scheduler heard about the extension: no overdue notice to the extended ward after.
    d.wait_until(&http, "2023-09-22T09:00:00+07:00").await;
    let after_ext = outbox_files(dir.path(), "ubnd-xa-an-sinh-dongtrieu/2023-Q3#repeat");
    assert!(after_ext.is_empty(), "{after_ext:?}");
}

/// Every endpoint refuses a missing or unknown token and applies its role.
#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_checks_the_token_and_role() {
    let dir = tempfile::tempdir().unwrap();
    // Every endpoint with an unknown token: more failures than the default quota allows.
    let d = start(
        dir.path(),
        &Options {
            config: &[
                (
                    "auth_failures_per_minute = 10",
                    "auth_failures_per_minute = 1000",
                ),
                (
                    "auth_failures_per_minute_total = 100",
                    "auth_failures_per_minute_total = 1000",
                ),
            ],
            ..options()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let other = Q3_AN_SINH.replace('/', "%2F");
    let own = Q3_PHUONG.replace('/', "%2F");
    let overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    let third = overdue
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .find(|id| ![Q3_PHUONG, Q3_AN_SINH].contains(id))
        .unwrap()
        .replace('/', "%2F");
    // (method, path, body, [no token, unknown, viewer, ward, coordinator])
    let reason = json!({"reason": "r"});
    let cases: Vec<(&str, String, Value, [u16; 5])> = vec![
        (
            "GET",
            "/api/v1/overdue".into(),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/occurrences".into(),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            format!("/api/v1/occurrences/{other}"),
            Value::Null,
            [401, 401, 200, 404, 200],
        ),
        (
            "GET",
            format!("/api/v1/occurrences/{own}"),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/stats".into(),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            format!("/api/v1/units/{PHUONG}/stats"),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/units/ca-dongtrieu/stats".into(),
            Value::Null,
            [401, 401, 200, 403, 200],
        ),
        (
            "GET",
            format!("/api/v1/units/{PHUONG}/calendar.ics"),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/units/ca-dongtrieu/calendar.ics".into(),
            Value::Null,
            [401, 401, 200, 403, 200],
        ),
        (
            "GET",
            "/api/v1/openapi.json".into(),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        (
            "GET",
            "/metrics".into(),
            Value::Null,
            [401, 401, 200, 200, 200],
        ),
        // `other` was submitted beforehand: reject reopens it, submit and confirm close it.
        (
            "POST",
            format!("/api/v1/occurrences/{other}/reject"),
            reason.clone(),
            [401, 401, 403, 404, 200],
        ),
        (
            "POST",
            format!("/api/v1/occurrences/{other}/submit"),
            json!({}),
            [401, 401, 403, 404, 200],
        ),
        (
            "POST",
            format!("/api/v1/occurrences/{other}/confirm"),
            json!({}),
            [401, 401, 403, 404, 200],
        ),
        (
            "POST",
            format!("/api/v1/occurrences/{third}/extend"),
            json!({"until": "2023-12-31", "reason": "r"}),
            [401, 401, 403, 404, 200],
        ),
        (
            "POST",
            format!("/api/v1/occurrences/{third}/waive"),
            reason.clone(),
            [401, 401, 403, 404, 200],
        ),
        // The ward submits its own (then the coordinator finds it submitted) and may not cancel.
        (
            "POST",
            format!("/api/v1/occurrences/{own}/submit"),
            json!({}),
            [401, 401, 403, 200, 409],
        ),
        (
            "POST",
            format!("/api/v1/occurrences/{own}/cancel"),
            reason.clone(),
            [401, 401, 403, 403, 200],
        ),
    ];
    let (status, _) = d.act(&http, TOKEN, Q3_AN_SINH, "submit", json!({})).await;
    assert_eq!(status, 200);
    let tokens = [
        None,
        Some("not-a-token"),
        Some(VIEWER),
        Some(WARD),
        Some(TOKEN),
    ];
    for (method, path, body, want) in &cases {
        for (token, want) in tokens.iter().zip(want) {
            let url = format!("{}{path}", d.base);
            let mut req = match *method {
                "GET" => http.get(&url),
                _ => http.post(&url).json(body),
            };
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            let json_error = r
                .headers()
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap().starts_with("application/json"));
            assert_eq!(status, *want, "{method} {path} with {token:?}");
            if status >= 400 {
                assert!(json_error, "{method} {path}: errors are JSON");
            }
        }
    }
    // A ward token lists only its own unit's occurrences.
    let (_, mine) = d
        .get_as(&http, WARD, "/api/v1/occurrences?per_page=500")
        .await;
    let items = mine["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["assignee"] == PHUONG), "{mine}");
    // /healthz needs no token, and without one says only the status.
    let health = http
        .get(format!("{}/healthz", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let anonymous: Value = health.json().await.unwrap();
    assert_eq!(anonymous, json!({"status": "ok"}));
    let health: Value = http
        .get(format!("{}/healthz", d.base))
        .bearer_auth(VIEWER)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            health["scheduler"]["alive"].as_bool(),
            health["store"]["writable"].as_bool()
        ),
        (Some(true), Some(true))
    );
    // No token appears in the log.
    let log = std::fs::read_to_string(&d.log).unwrap();
    for secret in [TOKEN, VIEWER, WARD, LINK_SECRET] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_bodies_get_json_errors_with_the_right_status() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let url = format!("{}/submit", d.occurrence_url(Q3_PHUONG));
    let send = |ct: Option<&'static str>, body: &'static str| {
        let mut req = http.post(&url).bearer_auth(TOKEN).body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    for (ct, body, status, code) in [
        (Some("application/json"), "{\"document\": ", 400, "bad_json"),
        (
            Some("application/json"),
            "{\"document\": \"1\",}",
            400,
            "bad_json",
        ),
        (
            Some("text/plain"),
            "{\"document\": \"1\"}",
            415,
            "unsupported_media_type",
        ),
        (None, "{\"document\": \"1\"}", 415, "unsupported_media_type"),
        (
            Some("application/json"),
            "{\"documnet\": \"1\"}",
            422,
            "invalid_body",
        ),
        (
            Some("application/json"),
            "{\"document\": 12}",
            422,
            "invalid_body",
        ),
    ] {
        let r = send(ct, body).await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{ct:?} {body}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"], code, "{e}");
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let (status, e) = d.get_as(&http, TOKEN, "/api/v1/overdue?colour=red").await;
    assert_eq!(
        (status, e["error"].as_str()),
        (400, Some("bad_query")),
        "{e}"
    );
    let (status, e) = d
        .get_as(&http, TOKEN, "/api/v1/overdue?min_days=many")
        .await;
    assert_eq!(
        (status, e["error"].as_str()),
        (400, Some("bad_query")),
        "{e}"
    );
    let (status, e) = d
        .get_as(&http, TOKEN, "/api/v1/occurrences?state=lost")
        .await;
    assert_eq!(
        (status, e["error"].as_str()),
        (400, Some("bad_query")),
        "{e}"
    );
    let (status, e) = d.get_as(&http, TOKEN, "/api/v1/nothing-here").await;
    assert_eq!(
        (status, e["error"].as_str()),
        (404, Some("not_found")),
        "{e}"
    );
    // An empty body is an empty submission.
    let r = send(None, "").await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_click_links_confirm_once_and_refuse_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    // The ward's 3-day reminder (8/9) is before tracking; its due notice comes on 12/9.
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let files = outbox_files(dir.path(), &format!("bao-cao-quy/{PHUONG}/2023-Q3#"));
    let text = files
        .iter()
        .find(|(_, text)| text.contains(&format!("\nUnit: {PHUONG} (")))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("no message to the ward: {files:?}"));
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with("http://dondoc.test/l/"))
        .unwrap_or_else(|| panic!("no one-click link in:\n{text}"))
        .trim_end_matches(['"', '<', '>', ')'])
        .replace("http://dondoc.test", &d.base);

    // Showing the page changes nothing.
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Xác nhận đã gửi báo cáo"), "{html}");
    assert!(html.contains("Ủy ban nhân dân phường Đông Triều"), "{html}");
    let view: Value = d
        .get(
            &http,
            &format!("/api/v1/occurrences/{}", Q3_PHUONG.replace('/', "%2F")),
        )
        .await;
    assert_eq!(view["state"], "open");

    // A tampered link is refused.
    let mut tampered = link.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let r = http.get(&tampered).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Liên kết không hợp lệ"));
    let r = http
        .post(&tampered)
        .form(&[("document", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Confirming records the submission, once.
    let r = http
        .post(&link)
        .form(&[("document", "45/BC-UBND"), ("note", "đã gửi bản giấy")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Đã ghi nhận"));
    let view: Value = d
        .get(
            &http,
            &format!("/api/v1/occurrences/{}", Q3_PHUONG.replace('/', "%2F")),
        )
        .await;
    assert_eq!(view["state"], "submitted");
    assert_eq!(view["submission"]["by"], format!("link:{PHUONG}"));
    assert_eq!(view["submission"]["document"], "45/BC-UBND");
    for r in [
        http.get(&link).send().await.unwrap(),
        http.post(&link)
            .form(&[("note", "lần hai")])
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("đã được sử dụng"));
    }

    // An expired link (signed with the daemon's key, expiring before the simulated now).
    let signer = dondoc::signed_link::LinkSigner::new(LINK_SECRET.as_bytes().to_vec());
    let past = chrono::DateTime::parse_from_rfc3339("2023-09-12T09:00:00+07:00")
        .unwrap()
        .with_timezone(&dondoc::domain::time::ZONE);
    let expired = signer.sign(Q3_AN_SINH, "ubnd-xa-an-sinh-dongtrieu", past, "seed");
    let r = http
        .get(format!("{}/l/{expired}", d.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("hết hạn"));
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_csv_xlsx_and_the_unit_calendar() {
    use std::io::Cursor;
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    let overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);

    let fetch = |path: String, token: Option<&'static str>| {
        let mut req = http.get(format!("{}{path}", d.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
            (ct, r.bytes().await.unwrap().to_vec())
        }
    };
    // CSV: a BOM, the JSON field names as header, one line per overdue item, Vietnamese intact.
    let (ct, csv) = fetch("/api/v1/overdue?format=csv".into(), Some(TOKEN)).await;
    assert!(ct.starts_with("text/csv"));
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "assignee_name"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), overdue.len());
    let name_col = headers.iter().position(|h| h == "assignee_name").unwrap();
    assert!(rows
        .iter()
        .any(|r| &r[name_col] == "Ủy ban nhân dân phường Đông Triều"));

    // XLSX: the same rows, read back with calamine.
    let (ct, xlsx) = fetch("/api/v1/overdue?format=xlsx".into(), Some(TOKEN)).await;
    assert!(ct.contains("spreadsheetml"));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("overdue").unwrap();
    assert_eq!(sheet.rows().count(), overdue.len() + 1);
    assert_eq!(sheet.get((0, 0)).unwrap().to_string(), "id");
    // The occurrence list's export holds the same rows as its JSON pages, in the same order,
    // for a state, a closed status and a unit alike.
    for query in [
        "state=open,confirmed",
        "status=done_on_time,waived,open_overdue",
        "from=2023-01-01&to=2024-12-31",
    ] {
        let (_, json) = fetch(
            format!("/api/v1/occurrences?{query}&per_page=500"),
            Some(TOKEN),
        )
        .await;
        let page: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let want: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            page["total"].as_u64().unwrap() as usize,
            want.len(),
            "{query}"
        );
        let (_, csv) = fetch(
            format!("/api/v1/occurrences?{query}&format=csv"),
            Some(TOKEN),
        )
        .await;
        let got: Vec<String> = csv::Reader::from_reader(&csv[3..])
            .records()
            .map(|r| r.unwrap()[0].to_owned())
            .collect();
        assert_eq!(got, want, "{query}");
    }
    // Stats as CSV too.
    let (_, stats_csv) = fetch("/api/v1/stats?year=2023&format=csv".into(), Some(TOKEN)).await;
    assert!(String::from_utf8_lossy(&stats_csv).contains("done_on_time"));

    // The ward's calendar: each due occurrence an event on its last day, reminders as alarms;
    // the feed key works without a token, a wrong one does not.
    let key =
        dondoc::signed_link::LinkSigner::new(LINK_SECRET.as_bytes().to_vec()).feed_key(PHUONG);
    let (ct, ics) = fetch(
        format!("/api/v1/units/{PHUONG}/calendar.ics?key={key}"),
        None,
    )
    .await;
    assert!(ct.starts_with("text/calendar"));
    let text = String::from_utf8(ics).unwrap();
    let cal: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> =
        cal.components.iter().filter_map(|c| c.as_event()).collect();
    // The feed covers a month back to a year ahead of the (simulated) day: every occurrence
    // `agenda` lists well inside that window is in it, and nothing outside a day's margin.
    let agenda_ids = |from: &str, to: &str| -> Vec<String> {
        let out = common::dondoc_in(
            dir.path(),
            &[
                "agenda", "--unit", PHUONG, "--from", from, "--to", to, "--format", "json",
            ],
        );
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter()
            .map(|r| format!("{}@dondoc", r["id"].as_str().unwrap()))
            .collect()
    };
    let inner = agenda_ids("2023-08-16", "2024-09-10");
    let outer = agenda_ids("2023-08-10", "2024-09-16");
    let uids: Vec<String> = events
        .iter()
        .map(|e| icalendar::Component::get_uid(*e).unwrap().to_owned())
        .collect();
    assert!(!inner.is_empty());
    for id in &inner {
        assert!(uids.contains(id), "{id} missing from\n{text}");
    }
    for uid in &uids {
        assert!(outer.contains(uid), "{uid} should not be in the feed");
    }
    assert!(uids.contains(&format!("{Q3_PHUONG}@dondoc")), "{uids:?}");
    assert!(text.contains("DTSTART;VALUE=DATE:20230912"), "{text}");
    assert!(
        text.matches("BEGIN:VALARM").count() >= inner.len(),
        "{text}"
    );
    let r = http
        .get(format!(
            "{}/api/v1/units/{PHUONG}/calendar.ics?key=AAAAAAAAAAAAAAAAAAAAAAAA",
            d.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_states_backlog_deliveries_and_ticks() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-13T08:00:00+07:00").await;
    d.act(&http, TOKEN, Q3_PHUONG, "submit", json!({})).await;
    let r = http
        .get(format!("{}/metrics", d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let value = |prefix: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(value("dondoc_occurrences{state=\"submitted\"}"), 1.0);
    assert!(value("dondoc_occurrences{state=\"open\"}") > 0.0);
    assert!(value("dondoc_delivery_attempts_total{channel=\"outbox_dir\",outcome=\"sent\"}") > 0.0);
    assert!(value("dondoc_notifications_enqueued_total") > 0.0);
    assert!(value("dondoc_last_tick_timestamp_seconds") > 1.7e9);
    assert!(text.contains("dondoc_outbox_backlog"));
}

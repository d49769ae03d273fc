//! `/api/v1/drafts` end to end with the real binary: upload a plan, edit one assignee, accept;
//! the occurrences appear in `/api/v1/occurrences?plan=…`; a bad edit is a 422 that changes
//! nothing; 413 over 20 MB, 415 for another type; replacing a tracked plan keeps occurrences by id.

mod common;

use common::daemon::{start, Options, TestToken, TOKEN};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

/// A small Kế hoạch of UBND thị xã Đông Triều (units of the shipped directory), with one name
/// the directory does not know (Hội Chữ thập đỏ thị xã).
const PLAN: &str = include_str!("drafts/ke-hoach-245.txt");

const VIEWER: &str = "viewer-secret";
const TOKENS: &[TestToken] = &[(VIEWER, "so-noi-vu", "viewer", None)];

fn options() -> Options<'static> {
    Options {
        clock_start: "2023-11-20T08:00:00+07:00",
        clock_speed: 1,
        tokens: TOKENS,
        ..Options::default()
    }
}

async fn upload(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let r = http
        .post(format!("{base}/api/v1/drafts"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn accept(http: &reqwest::Client, base: &str, id: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = http
        .post(format!("{base}/api/v1/drafts/{id}/accept"))
        .bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Every field of `want` (the CLI's object) is in `got` with the same value.
fn contains(got: &Value, want: &Value, path: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, v) in w {
                let g = g.get(k).unwrap_or_else(|| panic!("{path}.{k} missing"));
                contains(g, v, &format!("{path}.{k}"));
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{path}: length");
            for (i, (g, w)) in g.iter().zip(w).enumerate() {
                contains(g, w, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

fn rows(page: &Value) -> Vec<Value> {
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_is_uploaded_edited_accepted_and_tracked_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &options());
    let http = reqwest::Client::new();

    // Upload: 201 with the same object as `dondoc draft --format json`.
    let (status, created) = upload(&http, &d.base, TOKEN, "ke-hoach-245.txt", PLAN.into()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let draft = &created["draft"];
    std::fs::write(dir.path().join("ke-hoach-245.txt"), PLAN).unwrap();
    let cli = common::dondoc_in(
        dir.path(),
        &["draft", "ke-hoach-245.txt", "--format", "json"],
    );
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    contains(draft, &cli, "draft");
    let obligations = draft["obligations"].as_array().unwrap().clone();
    assert_eq!(obligations.len(), 3, "{draft}");
    assert_eq!(
        obligations[1]["assignees"],
        json!(["phong-tu-phap-dongtrieu"])
    );
    assert!(draft["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["name"].as_str().unwrap().contains("Hội Chữ thập đỏ")));
    let plan_id = draft["plan_id"].as_str().unwrap().to_owned();

    // On the page, "+ Thêm nghĩa vụ" adds a blank obligation to the stored draft; removing it
    // again leaves the draft as it was.
    let r = http
        .post(format!("{}/dashboard/plans/drafts/{id}", d.base))
        .header("Cookie", format!("dondoc_token={TOKEN}"))
        .form(&[("do", "add")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("(nghĩa vụ mới)"));
    // The task-table row done "Thường xuyên" is a standing duty: shown, not tracked.
    assert_eq!(draft["standing"].as_array().unwrap().len(), 1, "{draft}");
    assert!(
        html.contains("Nhiệm vụ thường xuyên, không có thời hạn (1)"),
        "{html}"
    );
    let (_, added) = d
        .get_as(&http, TOKEN, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(added["draft"]["obligations"].as_array().unwrap().len(), 4);
    let r = http
        .post(format!("{}/dashboard/plans/drafts/{id}", d.base))
        .header("Cookie", format!("dondoc_token={TOKEN}"))
        .form(&[("o3.present", "1"), ("o3.remove", "1"), ("do", "save")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // Read back; a viewer may not.
    let (status, again) = d
        .get_as(&http, TOKEN, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["draft"], *draft);
    let (status, _) = d
        .get_as(&http, VIEWER, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = upload(&http, &d.base, VIEWER, "x.txt", PLAN.into()).await;
    assert_eq!(status, 403);

    // A bad edit: 422 with every check error by field; nothing is written or tracked.
    let mut bad = obligations.clone();
    bad[1]["assignees"] = json!(["khong-co-don-vi-nay"]);
    bad[0]["rule"] = json!({"rule": "monthly", "day": 40});
    let (status, refused) = accept(&http, &d.base, &id, Some(json!({"obligations": bad}))).await;
    assert_eq!(status, 422, "{refused}");
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"obligations[0].rule"), "{refused}");
    assert!(fields.contains(&"obligations[1].assignees"), "{refused}");
    assert!(
        fields.contains(&"obligations[2].assignees"),
        "the unmatched unit's duty has no assignee: {refused}"
    );
    let accepted_dir = dir.path().join("accepted");
    let files = std::fs::read_dir(&accepted_dir)
        .map(|r| r.count())
        .unwrap_or(0);
    assert_eq!(files, 0, "nothing written");
    let (status, _) = d
        .get_as(&http, TOKEN, &format!("/api/v1/occurrences?plan={plan_id}"))
        .await;
    assert_eq!(status, 400, "the plan is not tracked");
    let (status, _) = d
        .get_as(&http, TOKEN, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(status, 200, "the draft is kept");

    // Edit one assignee, create the unknown unit, accept: 201, tracked at once.
    let mut edited = obligations.clone();
    edited[1]["assignees"] = json!(["phong-noi-vu-dongtrieu"]);
    let (status, done) = accept(
        &http,
        &d.base,
        &id,
        Some(json!({"obligations": edited, "create_unmatched": true})),
    )
    .await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["plan_id"], plan_id.as_str());
    assert_eq!(done["obligations"], 3);
    let n = done["occurrences"].as_u64().unwrap();
    assert!(n >= 3, "{done}");
    let path = std::path::PathBuf::from(done["path"].as_str().unwrap());
    assert!(path.starts_with(&accepted_dir), "{done}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# Accepted on the coordinator page by "),
        "{text}"
    );
    assert!(
        text.contains("#   bảng 1 (line 20): Tuyên truyền về phòng cháy, chữa cháy trên địa bàn — “Thường xuyên” [ca-dongtrieu]"),
        "the standing duty is kept in the file's comments: {text}"
    );

    let page: Value = d
        .get(
            &http,
            &format!("/api/v1/occurrences?plan={plan_id}&per_page=200"),
        )
        .await;
    let items = rows(&page);
    assert_eq!(items.len() as u64, n, "{page}");
    let of = |ob: &str| -> Vec<String> {
        items
            .iter()
            .filter(|r| r["obligation"] == ob)
            .map(|r| r["assignee"].as_str().unwrap().to_owned())
            .collect()
    };
    let ob1 = obligations[1]["id"].as_str().unwrap();
    assert_eq!(of(ob1), ["phong-noi-vu-dongtrieu"], "the edited assignee");
    let ob2 = obligations[2]["id"].as_str().unwrap();
    let created_unit = of(ob2);
    assert_eq!(created_unit.len(), 1, "{items:?}");
    assert!(
        created_unit[0].starts_with("hoi-chu-thap-do"),
        "{created_unit:?}"
    );
    let units_file = accepted_dir
        .join("directory")
        .join(format!("{plan_id}.toml"));
    assert!(std::fs::read_to_string(&units_file)
        .unwrap()
        .contains("Hội Chữ thập đỏ"));

    // The draft is gone once accepted.
    let (status, _) = d
        .get_as(&http, TOKEN, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(status, 404);

    // `dondoc check` reads the accepted folder beside schedules/.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["check"])
        .current_dir(dir.path())
        .env("DONDOC_STORE", dir.path().join("store"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let agenda = std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args([
            "agenda",
            "--plan",
            &plan_id,
            "--from",
            "2023-12-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .env("DONDOC_STORE", dir.path().join("store"))
        .output()
        .unwrap();
    assert!(
        agenda.status.success(),
        "{}",
        String::from_utf8_lossy(&agenda.stderr)
    );
    let agenda: Vec<Value> = serde_json::from_slice(&agenda.stdout).unwrap();
    assert!(
        agenda
            .iter()
            .any(|r| r["assignee"] == "phong-noi-vu-dongtrieu"),
        "{agenda:?}"
    );

    // The same plan again, accepted as drafted: it replaces the tracked one; occurrences of
    // unchanged duties keep their ids, the removed assignee's open ones are cancelled.
    let (status, created) = upload(&http, &d.base, TOKEN, "ke-hoach-245.txt", PLAN.into()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["draft"]["plan_id"], plan_id.as_str());
    assert_eq!(
        created["draft"]["unmatched"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["role"] == "assignee")
            .count(),
        0,
        "the created unit is known now: {}",
        created["draft"]
    );
    let id2 = created["id"].as_str().unwrap();
    // The page says the plan is tracked already and offers replace or keep both.
    let page = http
        .get(format!("{}/dashboard/plans/drafts/{id2}", d.base))
        .header("Cookie", format!("dondoc_token={TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Kế hoạch này đã được theo dõi"), "{html}");
    assert!(html.contains("name=\"mode\" value=\"keep\""), "{html}");
    let (status, done) = accept(&http, &d.base, id2, None).await;
    assert_eq!(status, 201, "{done}");
    let page: Value = d
        .get(
            &http,
            &format!("/api/v1/occurrences?plan={plan_id}&per_page=200"),
        )
        .await;
    let after = rows(&page);
    for before in &items {
        let same = after.iter().find(|r| r["id"] == before["id"]).unwrap();
        if before["assignee"] == "phong-noi-vu-dongtrieu" {
            assert_eq!(same["state"], "cancelled", "{same}");
        } else {
            assert_eq!(same["state"], before["state"], "{same}");
        }
    }
    assert!(after
        .iter()
        .any(|r| r["assignee"] == "phong-tu-phap-dongtrieu" && r["state"] == "open"));
    // Once more on the page, "keep both": a second plan beside the first.
    let (status, created) =
        upload(&http, &d.base, TOKEN, "ke-hoach-245.docx.txt", PLAN.into()).await;
    assert_eq!(status, 201, "{created}");
    let id3 = created["id"].as_str().unwrap();
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirect
        .post(format!("{}/dashboard/plans/drafts/{id3}", d.base))
        .header("Cookie", format!("dondoc_token={TOKEN}"))
        .form(&[("mode", "keep"), ("do", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/dashboard?occurrence="), "{location}");
    let second = format!("{plan_id}-2");
    let page: Value = d
        .get(
            &http,
            &format!("/api/v1/occurrences?plan={second}&per_page=200"),
        )
        .await;
    assert_eq!(rows(&page).len(), items.len(), "{page}");
    assert_eq!(
        std::fs::read_dir(&accepted_dir)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml"))
            .count(),
        2,
        "replaced in place, then one kept beside it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_are_refused_by_size_and_type_and_drafts_can_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &options());
    let http = reqwest::Client::new();

    let big = vec![b'a'; 20 * 1024 * 1024 + 1];
    let (status, body) = upload(&http, &d.base, TOKEN, "big.txt", big).await;
    assert_eq!(status, 413, "{body}");

    let (status, body) = upload(
        &http,
        &d.base,
        TOKEN,
        "old.doc",
        b"\xD0\xCF\x11\xE0 word 97".to_vec(),
    )
    .await;
    assert_eq!(status, 415, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains(".docx"),
        "{body}"
    );
    let (status, _) = upload(&http, &d.base, TOKEN, "plan.exe", PLAN.into()).await;
    assert_eq!(status, 415);
    let r = http
        .post(format!("{}/api/v1/drafts", d.base))
        .bearer_auth(TOKEN)
        .json(&json!({"file": PLAN}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415, "not multipart");

    let (status, created) = upload(&http, &d.base, TOKEN, "kh.md", PLAN.into()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(created["expires_at"].as_str().unwrap()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(created["created_at"].as_str().unwrap()).unwrap();
    assert_eq!((expires - at).num_days(), 7);
    let r = http
        .delete(format!("{}/api/v1/drafts/{id}", d.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, _) = d
        .get_as(&http, TOKEN, &format!("/api/v1/drafts/{id}"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = accept(&http, &d.base, id, None).await;
    assert_eq!(status, 404);
}

/// `check` and `agenda` read the accepted folder beside schedules/; a plan accepted there
/// replaces the hand-written one of the same id (said as a warning), and a broken accepted file
/// is an error like any schedule file's.
#[test]
fn the_accepted_folder_is_read_beside_schedules() {
    let dir = common::project_with(&["000"]);
    let accepted = dir.path().join("var").join("accepted");
    std::fs::create_dir_all(&accepted).unwrap();
    let original =
        std::fs::read_to_string(dir.path().join("schedules/000-dong-trieu-ancs-2023.toml"))
            .unwrap();
    let source = original
        .lines()
        .find(|l| l.starts_with("source = "))
        .unwrap()
        .to_owned();
    let changed = original.replacen(&source, "source = \"ke-hoach-da-duyet.docx\"", 1);
    assert_ne!(changed, original);
    std::fs::write(accepted.join("dong-trieu-ancs-2023.toml"), &changed).unwrap();
    let check = common::dondoc_in(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    let said = format!("{stderr}{}", String::from_utf8_lossy(&check.stdout));
    assert!(said.contains("replaces"), "{said}");
    let agenda = common::dondoc_in(
        dir.path(),
        &[
            "agenda",
            "--from",
            "2023-09-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
        ],
    );
    let rows: Vec<Value> = serde_json::from_slice(&agenda.stdout).unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        let src = r["source"].as_str().unwrap();
        assert!(src.starts_with("ke-hoach-da-duyet.docx"), "{r}");
    }
    std::fs::write(accepted.join("broken.toml"), "[plan]\nid = \"x\"\n").unwrap();
    let check = common::dondoc_in(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("broken.toml"));
}

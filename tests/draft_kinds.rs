//! `dondoc draft` through the real binary on every common kind of administrative text (a
//! Quyết định with its articles and an attached plan, a Thông tư's reporting article, a Công
//! văn, a news item, a bare excerpt), on task tables (text with "|", aligned columns, a real
//! Word table with merged cells and a repeated header), on PDF input printed by headless
//! Chromium, and the place rule: no unit of another province is ever assigned.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{dondoc_in, root};
use serde_json::Value;

fn draft(path: &Path) -> Value {
    let out = dondoc_in(
        &root(),
        &["draft", path.to_str().unwrap(), "--format", "json"],
    );
    assert!(
        out.status.success(),
        "dondoc draft {}: {}\n{}",
        path.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// (clause, due as the schedule writes it) of every obligation.
fn dues(v: &Value) -> Vec<(String, String)> {
    v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["clause"].as_str().unwrap().to_owned(),
                o["due"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn preamble_count(v: &Value) -> usize {
    v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["reason"].as_str().unwrap().starts_with("preamble")
                && s["quote"].as_str().unwrap().contains("báo cáo")
                && !s["quote"].as_str().unwrap().starts_with("Căn cứ")
        })
        .count()
}

const QD: &str = "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 06/2024/QĐ-UBND\nKon Tum, ngày 25 tháng 01 năm 2024\nQUYẾT ĐỊNH\nBAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO\nỦY BAN NHÂN DÂN TỈNH KON TUM\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nCăn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 năm 2019 của Chính phủ;\nTheo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy định chế độ báo cáo.\nĐiều 2. Quyết định này có hiệu lực thi hành kể từ ngày 05/02/2024.\nĐiều 3. Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 20 của tháng cuối quý.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nQUY ĐỊNH\nCHẾ ĐỘ BÁO CÁO\n(Ban hành kèm theo Quyết định số 06/2024/QĐ-UBND ngày 25 tháng 01 năm 2024)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định này quy định chế độ báo cáo định kỳ.\nChương II\nTHỜI HẠN BÁO CÁO\nĐiều 7. Thời hạn gửi báo cáo\n1. Báo cáo tháng gửi trước ngày 15 hằng tháng.\n2. Báo cáo năm:\na) Ủy ban nhân dân các huyện gửi Sở Nội vụ trước ngày 05 tháng 12 hằng năm;\nb) Sở Nội vụ gửi Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 hằng năm.\n3. Báo cáo năm chính thức gửi trước ngày 15 tháng 02 của năm liền kề sau năm báo cáo.\n";

#[test]
fn a_quyet_dinh_its_articles_and_the_regulation_issued_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let v = draft(&write(tmp.path(), "qd.txt", QD));
    assert_eq!(v["doc_kind"], "quyet_dinh");
    let got = dues(&v);
    let want: Vec<(String, String)> = [
        (
            "Điều 3",
            r#"{ rule = "quarterly", day = 20, month_of_quarter = 3 }"#,
        ),
        ("Điều 7 khoản 1", r#"{ rule = "monthly", day = 15 }"#),
        (
            "Điều 7 khoản 2 điểm a",
            r#"{ rule = "yearly", day = 5, month = 12 }"#,
        ),
        (
            "Điều 7 khoản 2 điểm b",
            r#"{ rule = "yearly", day = 15, month = 12 }"#,
        ),
        (
            "Điều 7 khoản 3",
            r#"{ rule = "yearly", day = 15, month = 2 }"#,
        ),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want, "{v:#}");
    // The reporting chain: each level its own assignee and recipient.
    let names: Vec<(Value, Value)> = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["assignee_names"].clone(), o["recipient_name"].clone()))
        .collect();
    assert_eq!(names[2].0[0], "Ủy ban nhân dân các huyện", "{names:?}");
    assert_eq!(names[2].1, "Sở Nội vụ", "{names:?}");
    assert_eq!(names[3].0[0], "Sở Nội vụ", "{names:?}");
    assert_eq!(preamble_count(&v), 0);
    // The effective date is no duty.
    assert!(v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["clause"] != "Điều 2"));
}

#[test]
fn a_cong_van_a_news_item_and_a_bare_excerpt() {
    let tmp = tempfile::tempdir().unwrap();
    let cv = "UBND TỈNH QUẢNG TRỊ\nSố: 6202/UBND-KT\nQuảng Trị, ngày 23 tháng 11 năm 2023\nV/v rà soát hồ sơ\nKính gửi:\n- Sở Tài nguyên và Môi trường;\n- UBND các huyện, thị xã.\nUBND tỉnh yêu cầu các đơn vị rà soát và báo cáo kết quả trong ngày 05/12/2023.\nNơi nhận:\n- Như trên;\n";
    let v = draft(&write(tmp.path(), "cv.txt", cv));
    assert_eq!(v["doc_kind"], "cong_van");
    let o = &v["obligations"][0];
    assert_eq!(
        o["due"], r#"{ rule = "once", cutoff = "end_of_day", date = "2023-12-05" }"#,
        "{v:#}"
    );
    // Nobody named in the sentence: the addressees hold the duty.
    assert_eq!(o["assignees_from"], "addressees");
    assert_eq!(o["assignee_names"][0], "Sở Tài nguyên và Môi trường");

    let news = "21/10/2020\nTheo đó, Chủ tịch UBND tỉnh yêu cầu Sở Y tế báo cáo kết quả về UBND tỉnh chậm nhất là ngày 30/11/2020.\n";
    let v = draft(&write(tmp.path(), "news.txt", news));
    assert_eq!(
        dues(&v),
        [(
            String::new(),
            r#"{ rule = "once", cutoff = "end_of_day", date = "2020-11-30" }"#.to_owned()
        )],
        "{v:#}"
    );
    assert_eq!(v["obligations"][0]["assignee_names"][0], "Sở Y tế");

    let excerpt = "2. Chậm nhất sau 15 ngày kể từ ngày đoàn về nước, báo cáo của học viên phải được gửi về cơ quan quyết định thành lập đoàn.\n";
    let v = draft(&write(tmp.path(), "x.txt", excerpt));
    assert_eq!(
        dues(&v),
        [(
            "2".to_owned(),
            r#"{ rule = "after_event", days = 15, event = "đoàn về nước" }"#.to_owned()
        )],
        "{v:#}"
    );
}

const TABLE: &str = "KẾ HOẠCH\nThực hiện năm 2026\n\nUBND tỉnh Quảng Trị ban hành kế hoạch như sau:\n\nPHỤ LỤC\n| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |\n|---|---|---|---|---|---|\n| 1 | Rà soát văn bản | Sở Tư pháp | Sở Nội vụ, Sở Tài chính | Xong trong Quý II/2026 | Báo cáo |\n| 2 | Tập huấn cán bộ | Sở Nội vụ | UBND các huyện, thị xã | Tháng 5/2026 | Hội nghị |\n| 3 | Kiểm tra việc thực hiện | Sở Tư pháp | | Năm 2026 | Kết luận |\n| 4 | Tuyên truyền | Sở Thông tin và Truyền thông | Đài Phát thanh | Thường xuyên | Tin bài |\n";

#[test]
fn a_task_table_in_text_and_in_aligned_columns() {
    let tmp = tempfile::tempdir().unwrap();
    // The same table as a plain-text export prints it: columns padded to fixed widths.
    let widths = [5, 28, 32, 28, 26, 10];
    let aligned = TABLE
        .lines()
        .filter(|l| !l.starts_with("|---"))
        .map(|l| {
            if l.starts_with('|') {
                l.trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .zip(widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    for (name, text) in [("pipes.md", TABLE.to_owned()), ("aligned.txt", aligned)] {
        let v = draft(&write(tmp.path(), name, &text));
        let got = dues(&v);
        assert_eq!(
            got.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
            [
                r#"{ rule = "end_of_quarter", quarter = 2, year = 2026 }"#,
                r#"{ rule = "end_of_month", month = 5, year = 2026 }"#,
                r#"{ rule = "end_of_year", year = 2026 }"#,
            ],
            "{name}: {v:#}"
        );
        let o = &v["obligations"][0];
        assert_eq!(o["kind"], "report", "{name}");
        assert_eq!(o["assignee_names"][0], "Sở Tư pháp", "{name}");
        // "Thường xuyên": listed as a standing duty, not dropped, not reminded.
        assert_eq!(v["standing"].as_array().unwrap().len(), 1, "{name}: {v:#}");
        assert_eq!(v["standing"][0]["phrase"], "Thường xuyên");
    }
}

#[test]
fn a_word_table_with_merged_cells_and_a_repeated_header() {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let cell =
        |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    let header = || {
        TableRow::new(
            [
                "STT",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời hạn",
            ]
            .iter()
            .map(|t| cell(t))
            .collect(),
        )
    };
    let row = |cells: Vec<TableCell>| TableRow::new(cells);
    let table = Table::new(vec![
        header(),
        row(vec![
            cell("1"),
            cell("Xây dựng kế hoạch"),
            cell("Sở Tư pháp").vertical_merge(VMergeType::Restart),
            cell("Sở Nội vụ"),
            cell("Trước 30/6/2026"),
        ]),
        // The lead is merged down from the row above.
        row(vec![
            cell("2"),
            cell("Báo cáo sơ kết"),
            TableCell::new().vertical_merge(VMergeType::Continue),
            cell(""),
            cell("Hằng năm"),
        ]),
        // The header again, as Word repeats it on the next page.
        header(),
        row(vec![
            cell("3"),
            cell("Theo dõi thi hành"),
            cell("Sở Tư pháp"),
            cell(""),
            cell("Liên tục"),
        ]),
    ]);
    let doc = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("KẾ HOẠCH")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Thực hiện năm 2026")))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("UBND tỉnh Quảng Trị ban hành kế hoạch như sau:")),
        )
        .add_table(table);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bang.docx");
    doc.build().pack(fs::File::create(&path).unwrap()).unwrap();
    let v = draft(&path);
    let got = dues(&v);
    assert_eq!(
        got,
        [
            (
                "bảng 1".to_owned(),
                r#"{ rule = "once", date = "2026-06-30" }"#.to_owned()
            ),
            (
                "bảng 2".to_owned(),
                r#"{ rule = "periodic", every = "year" }"#.to_owned()
            ),
        ],
        "{v:#}"
    );
    assert_eq!(
        v["obligations"][1]["assignee_names"][0], "Sở Tư pháp",
        "merged cell: {v:#}"
    );
    assert_eq!(v["standing"][0]["phrase"], "Liên tục");
}

#[test]
fn no_unit_of_another_province_is_assigned() {
    // directory/ holds Nghệ An's "các sở, ban, ngành" group; a Lào Cai plan names the same words.
    let tmp = tempfile::tempdir().unwrap();
    let text = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/KH-UBND\nLào Cai, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\nPhòng cháy năm 2024\nI. NỘI DUNG\n1. Các sở, ban, ngành báo cáo kết quả trước ngày 15/12/2024.\n2. Công an tỉnh tổng hợp trước ngày 20/12/2024.\n";
    let v = draft(&write(tmp.path(), "laocai.txt", text));
    assert_eq!(v["obligations"].as_array().unwrap().len(), 2, "{v:#}");
    for o in v["obligations"].as_array().unwrap() {
        assert!(
            o["assignees"].as_array().unwrap().is_empty(),
            "borrowed a unit: {o:#}"
        );
        assert!(!o["assignee_names"].as_array().unwrap().is_empty(), "{o:#}");
    }
    assert!(!v["unmatched"].as_array().unwrap().is_empty());
}

#[test]
fn unreadable_inputs_say_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("old.doc");
    fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let scan = tmp.path().join("scan.pdf");
    // A PDF whose only page has no text (a scan without a text layer).
    fs::write(&scan, b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").unwrap();
    let odd = tmp.path().join("plan.xyz");
    fs::write(&odd, "x").unwrap();
    for (p, words) in [(&doc, ".docx"), (&scan, ".docx"), (&odd, ".docx")] {
        let out = dondoc_in(&root(), &["draft", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", p.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(words) && err.contains(p.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
    }
}

#[test]
fn check_accepts_cooperating_units_and_event_rules() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_project(tmp.path());
    let sched = r#"[plan]
id = "thu-cooperating"
issuer = "UBND thị xã Đông Triều"
title = "Thử"
source = "test"
valid_from = "2024-01-01"

[[obligation]]
id = "bao-cao"
title = "Báo cáo"
kind = "report"
clause = "bảng 1"
quote = "x"
assignees = ["ca-dongtrieu"]
recipient = "ubnd-dongtrieu"
cooperating = ["ubnd-dongtrieu"]
due = { rule = "after_event", days = 10, event = "nhận được văn bản" }

[[obligation]]
id = "khoi-cong"
title = "Thông báo khởi công"
kind = "task"
clause = "Điều 3"
quote = "y"
assignees = ["ca-dongtrieu"]
recipient = "ubnd-dongtrieu"
due = { rule = "before_event", days = 3, event = "khởi công", event_date = "2024-06-10" }
"#;
    let dir = fs::read_to_string(tmp.path().join("directory/dong-trieu.toml")).unwrap();
    if !dir.contains("id = \"ca-dongtrieu\"") || !dir.contains("id = \"ubnd-dongtrieu\"") {
        eprintln!("SKIPPED: the Đông Triều directory changed its ids");
        return;
    }
    fs::write(tmp.path().join("schedules/zz-thu.toml"), sched).unwrap();
    let out = dondoc_in(tmp.path(), &["check"]);
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // An unknown cooperating unit is an error naming the key.
    fs::write(
        tmp.path().join("schedules/zz-thu.toml"),
        sched.replace(
            "cooperating = [\"ubnd-dongtrieu\"]",
            "cooperating = [\"khong-co\"]",
        ),
    )
    .unwrap();
    let out = dondoc_in(tmp.path(), &["check"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("cooperating"), "{all}");
}

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn a_plan_printed_to_pdf_drafts_the_same_dues_as_its_text() {
    if !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install the browser (apt-get install -y chromium): {CHROMIUM} missing"
        );
        eprintln!("SKIPPED: the PDF test needs {CHROMIUM} (apt-get install chromium)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let source = root().join("tests/corpus/tune/btttt-news-tt-02-2023-thoi-han.txt");
    let text = fs::read_to_string(&source).unwrap();
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let html = tmp.path().join("plan.html");
    fs::write(
        &html,
        format!("<!doctype html><meta charset=utf-8><style>pre{{white-space:pre-wrap;font:12pt serif}}</style><pre>{escaped}</pre>"),
    )
    .unwrap();
    let pdf = tmp.path().join("plan.pdf");
    let profile = tmp.path().join("profile");
    let out = std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
            html.to_str().unwrap(),
        ])
        .output()
        .expect("run chromium");
    assert!(
        pdf.is_file(),
        "chromium printed no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_pdf = draft(&pdf);
    let from_text = draft(&source);
    let rules = |v: &Value| -> Vec<String> {
        v["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["due"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(rules(&from_text).len(), 8);
    assert_eq!(rules(&from_pdf), rules(&from_text));
}

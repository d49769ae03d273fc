//! Task tables ("Phụ lục", "Danh mục nhiệm vụ", "Bảng phân công": STT | Nhiệm vụ | Chủ trì |
//! Phối hợp | Thời gian | Sản phẩm): each row with a time is an obligation of its lead units,
//! with its cooperating units; "Thường xuyên" rows are standing duties. Matrix tables (rounds
//! or periods as columns: "Nội dung | Đợt 1 | Đợt 2") are read by `matrix` instead.

use super::extract::Ctx;
use super::phrases::{scan, What};
use super::sections::is_table_row;
use super::text::{fold, LEAD_HEADINGS, TASK_HEADINGS, TIME_HEADINGS};
use super::units::tokenize;
use super::{DraftObligation, Leftover, StandingDuty};
use crate::domain::ids::UnitId;
use crate::domain::model::ObligationKind;
use crate::domain::rule::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Number,
    Task,
    Lead,
    Cooperating,
    Time,
    Product,
    Other,
}

pub(super) fn column(head: &str) -> Col {
    // Compared without spaces: PDF conversions glue a heading's words ("Thờigian thựchiện",
    // "Đơn vịphốihợp").
    let f: String = fold(head).chars().filter(|c| !c.is_whitespace()).collect();
    let has = |ws: &[&str]| ws.iter().any(|w| f.contains(w));
    if f == "stt" || f == "tt" || f.starts_with("sott") {
        Col::Number
    } else if f.contains("phoihop") || f.contains("thamtra") {
        // The bodies that examine a draft ("Cơ quan chủ trì thẩm tra") hold no duty of the
        // row: the one that submits it ("Cơ quan trình") does.
        Col::Cooperating
    } else if ["thoigian", "thoihan", "tiendo"]
        .iter()
        .any(|w| f.starts_with(w))
    {
        // "Thời gian thực hiện", "Thời hạn hoàn thành": a time column, although it says who
        // "thực hiện" (does) the task.
        Col::Time
    } else if TASK_HEADINGS.iter().any(|w| f.starts_with(w)) {
        // "Nhiệm vụ thực hiện", "Nội dung công việc": the task, although it says "thực hiện".
        Col::Task
    } else if has(&LEAD_HEADINGS) {
        Col::Lead
    } else if has(&TIME_HEADINGS) {
        Col::Time
    } else if has(&["sanpham", "ketqua", "hinhthuc"]) {
        Col::Product
    } else if has(&["nhiemvu", "noidung", "congviec", "thutuc"]) {
        Col::Task
    } else {
        Col::Other
    }
}

/// The names in a cell: split at `;`, new items (`-`) and at a comma before a capital
/// ("Sở Nội vụ, Sở Tài chính"; not "UBND các huyện, thành phố"). The letters of an HTML page's
/// entities are decoded first, so that their `;` splits no name ("C&aacute;c bộ m&ocirc;n").
pub fn cell_names(cell: &str) -> Vec<String> {
    let cell = super::html::decode_letter_entities(cell);
    let mut out = Vec::new();
    for part in cell.split([';', '\n']) {
        let mut cur = String::new();
        for piece in part.split(',') {
            let p = piece.trim().trim_start_matches(['-', '+', '•']).trim();
            if p.starts_with(char::is_uppercase) && !cur.is_empty() {
                out.push(cur.trim().to_owned());
                cur.clear();
            }
            if !cur.is_empty() {
                cur.push_str(", ");
            }
            cur.push_str(p);
        }
        if !cur.trim().is_empty() {
            out.push(cur.trim().trim_end_matches('.').to_owned());
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// A completion cell giving a span of years ("2026 - 2027", "2026-2030").
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\.?$").expect("regex")
});

/// A short line that is a whole completion cell of a task table: "Tháng 5-8/2020", "Năm 2022",
/// "Quý II/2026", "Ngày 15/6/2021", "Từ 16/6-20/6/2021", "Trước 30/6/2026", "Chậm nhất
/// 05/7/2017" (the deadline word no later than), a cell split over
/// two lines ("Tháng 5-"), or a standing word ("Thường xuyên").
fn is_time_cell(line: &str) -> bool {
    static T: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:(?:truoc|tu|den|den het|trong|xong trong|xong|hoan thanh(?: truoc)?|cham nhat(?: la)?)\s+)?(?:(?:ngay|thang|quy|nam)\s+)?[0-9ivx]+(?:\s*[-/.–]\s*(?:(?:ngay|thang|quy|nam)\s+)?[0-9ivx]+)*\s*[-–]?$",
        )
        .expect("regex")
    });
    let t = line.trim();
    let f = fold(t);
    if t.chars().count() > 40 {
        return false;
    }
    // "Thường xuyên", "Nhiệm vụ thường xuyên".
    let words = f.trim_start_matches("nhiem vu ").split_whitespace().count();
    if standing_words(t).is_some() && words <= 3 {
        return true;
    }
    // A bare year ("2026"): the row is due within it.
    if t.len() == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && t.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    // A span of years ("2026 - 2027", "2026-2030"): `time_phrase` reads it.
    if YEARS.is_match(t) {
        return true;
    }
    T.is_match(&f)
        && (f.contains('/')
            || ["ngay", "thang", "quy", "nam"]
                .iter()
                .any(|w| f.contains(w)))
}

/// Whether a table is a list of procedures: its time heading is a procedure's time to decide
/// ("Thời gian giải quyết", "Thời hạn xử lý", "Thời gian trả kết quả"), so its time cells count
/// days from the receipt of a file ("05 ngày", "Trong ngày").
fn procedure_list<S: AsRef<str>>(cols: &[Col], heads: &[S]) -> bool {
    cols.iter().zip(heads).any(|(c, h)| {
        let f: String = fold(h.as_ref())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        *c == Col::Time
            && ["giaiquyet", "xuly", "traketqua"]
                .iter()
                .any(|w| f.contains(w))
    })
}

/// A procedure's time to decide as its cell gives it: "05 ngày", "03 ngày làm việc", "Trong
/// ngày", "Không quá 10 ngày làm việc", "24 giờ".
fn is_duration_cell(line: &str) -> bool {
    static D: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:(?:trong|khong qua|toi da|trong vong|trong thoi han)\s+)?(?:\d{1,3}|0\d)\s+(?:ngay|gio)(?:\s+lam viec)?\.?$|^(?:ngay\s+)?trong\s+ngay(?:\s+lam viec)?\.?$",
        )
        .expect("regex")
    });
    D.is_match(&fold(line.trim()))
}

/// The number a flattened row opens with ("9.1.", "II.", "-"), and the rest.
fn row_number(line: &str) -> Option<(String, String)> {
    static N: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:([0-9]+(?:\.[0-9]+)*\.?|[IVX]+\.|[a-zđ]\))\s+|([-+•])\s*)(\S.*)$")
            .expect("regex")
    });
    let c = N.captures(line.trim())?;
    let num = c.get(1).or(c.get(2))?.as_str().to_owned();
    Some((num, c[3].to_owned()))
}

/// A lead-unit cell of a flattened table ("Sở Nội vụ", "UBND các huyện").
fn looks_like_units(line: &str) -> bool {
    let f = fold(line.trim());
    line.trim().chars().count() <= 120
        && [
            "so ",
            "ubnd",
            "uy ban",
            "ban ",
            "phong ",
            "cuc ",
            "bo ",
            "vu ",
            "cong an",
            "cac so",
            "cac co quan",
            "cac don vi",
            "van phong",
            "trung tam",
            "tong cuc",
        ]
        .iter()
        .any(|w| f.starts_with(w))
}

/// The lead cell of a row whose lead column comes after its time column (STT | Nhiệm vụ |
/// Thời hạn | Cơ quan chủ trì | Cơ quan phối hợp), from the lines after its time: the first
/// cell, its wrapped lines joined ("Bộ Tư pháp chủ trì hướng dẫn," / "tổng hợp, báo cáo");
/// a numbered list of leads in the cell ("1. Bộ Tài chính …" / "2. Các bộ …") gives one name
/// per item. The cooperating cell after it is left out.
fn lead_after_time(cells: &[(usize, String)]) -> String {
    let mut lead = String::new();
    let mut listed = false;
    for (n, (_, t)) in cells.iter().enumerate() {
        let item =
            row_number(t).filter(|(num, _)| num.chars().all(|c| c.is_ascii_digit() || c == '.'));
        if n == 0 {
            match item {
                Some((_, rest)) => {
                    listed = true;
                    lead = rest;
                }
                None => lead = t.clone(),
            }
            continue;
        }
        match item {
            Some((_, rest)) if listed => {
                lead.push_str("; ");
                lead.push_str(&rest);
            }
            // An item's wrapped lines, and a bracket that goes on with it ("(trong Quý
            // II/2026).").
            _ if continues_cell(&lead, t)
                || listed && (t.starts_with(char::is_lowercase) || t.starts_with('(')) =>
            {
                lead.push(' ');
                lead.push_str(t);
            }
            _ => break,
        }
    }
    lead
}

/// The last waiting row's lead, when it has none, from the cells after its time.
fn take_late_lead(waiting: &mut [(usize, String, String, String)], since_time: &[(usize, String)]) {
    if let Some(w) = waiting.last_mut() {
        if w.3.is_empty() && !since_time.is_empty() {
            w.3 = lead_after_time(since_time);
        }
    }
}

/// A row's number alone on its line, the STT cell ("4", "1.2", "2.10.", "3a").
fn row_start_bare(l: &str) -> bool {
    static N: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[0-9]+(?:\.[0-9]+)*\.?[a-zđ]?$").expect("regex"));
    l.len() <= 8 && N.is_match(l)
}

/// Whether a row numbered `next` may follow the row numbered `prev` ("4" → "5", "5" → "5.1",
/// "5.1" → "5.2" or "6", any row → "1"): a number that does not is no row's. Numbers that are
/// not all digits and dots ("3a", "-") follow anything.
fn follows(prev: &str, next: &str) -> bool {
    let parts = |n: &str| -> Option<Vec<u32>> {
        n.trim_end_matches('.')
            .split('.')
            .map(|p| p.parse::<u32>().ok())
            .collect()
    };
    let (Some(p), Some(n)) = (parts(prev), parts(next)) else {
        return true;
    };
    if n == [1] {
        return true;
    }
    let m = n.len();
    if m == p.len() + 1 {
        return n[..p.len()] == p[..] && n[m - 1] == 1;
    }
    m <= p.len() && n[..m - 1] == p[..m - 1] && n[m - 1] == p[m - 1] + 1
}

/// A group row's number alone on its line, in Roman numerals ("I", "II.", "IV"): the row that
/// opens a group of tasks ("I" / "Nhóm nhiệm vụ về hoàn thiện thể chế", "II" / "Bước 2:
/// Chuẩn bị …"), whose title holds no duty of its own.
fn group_start_bare(l: &str) -> bool {
    static N: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[IVX]{1,5}\.?$").expect("regex"));
    N.is_match(l.trim())
}

/// The index of the first line from `from` on that is not blank (`lines.len()` if none).
fn first_filled(lines: &[&str], from: usize) -> usize {
    (from..lines.len())
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap_or(lines.len())
}

/// The running head a gazette prints atop each page ("CÔNG BÁO/Số 238/Ngày 21-04-2026").
fn is_running_head(line: &str) -> bool {
    let f = fold(line.trim());
    f.starts_with("cong bao/") || f.starts_with("cong bao /") || f.starts_with("cong bao so ")
}

/// A line that goes on with a cell wrapped in a PDF's column: it starts in lower case, or the
/// cell before ends with a joining word or mark ("Bộ Khoa học và" / "Công nghệ").
fn continues_cell(cell: &str, line: &str) -> bool {
    let c = fold(cell.trim());
    line.starts_with(char::is_lowercase)
        || c.ends_with(',')
        || c.ends_with('-')
        || [" va", " cac", " co quan", " uy ban", " ubnd", " nhan"]
            .iter()
            .any(|w| c.ends_with(w))
}

/// Class: a task table a page crawler wrote with each cell's lines between lines holding only
/// a `|` ("|" / "STT" / "|" / "Tên nhiệm vụ" / "|" … "|" / "|" / "1" / "|" / "Xây" / "dựng …"):
/// one `|` line between cells, two between rows. From a row of headings a task table reader
/// knows, each row is written back as `cell | cell | …` on one line (the rows one under
/// another, then blank lines: the line count is kept); a row of one cell (a group heading)
/// is padded with empty cells. One malformed row does not end the table: a row of no cell (a
/// trailing empty cell's `|` line: "2025" / "|" / "|" / "|" / "4") or of more cells than the
/// headings (two rows run together) is skipped when the row after it has the table's shape; a
/// last row of every column followed by prose (a footnote: "31/12/2025" / "|" / "[1] Ban …")
/// is kept.
pub fn rows_from_pipe_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let pipe = |i: usize| lines.get(i).is_some_and(|l| l.trim() == "|");
    // The cells of the row whose opening `|` is at `at`, the line of the next row's `|`, and
    // whether the row ended at a `|` (None when the region ends before a cell: a cell too long
    // for a table's, or the text's end; a row whose cells are followed by such prose is given
    // with `false`, its next line the `|` after its last cell).
    let row_at = |at: usize| -> Option<(Vec<String>, usize, bool)> {
        let mut cells = Vec::new();
        let mut k = at + 1;
        loop {
            let start = k;
            while k < lines.len() && !pipe(k) {
                k += 1;
            }
            if k >= lines.len() || k - start > 25 {
                return (!cells.is_empty()).then_some((cells, start - 1, false));
            }
            let cell: Vec<&str> = lines[start..k]
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            let cell = cell.join(" ").replace('*', " ");
            let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
            if k == start || cell.is_empty() && pipe(k) {
                // Two `|` lines together: the row ends; the second opens the next row.
                return Some((cells, k, true));
            }
            cells.push(cell);
            if pipe(k + 1) {
                return Some((cells, k + 1, true));
            }
            k += 1;
        }
    };
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut i = 0;
    while i < lines.len() {
        if !pipe(i) {
            i += 1;
            continue;
        }
        let Some((head, mut next, true)) = row_at(i) else {
            i += 1;
            continue;
        };
        // The headings start at the number or task column: cells before them (a signature
        // block's, a caption's, set between `|` lines too) are no column's.
        let first = head
            .iter()
            .position(|c| c.chars().count() <= 40 && matches!(column(c), Col::Number | Col::Task));
        let head: Vec<String> = match first {
            Some(f) => head[f..].to_vec(),
            None => Vec::new(),
        };
        if head.len() < 3 || !super::text::is_task_header(&head) {
            i += 1;
            continue;
        }
        let width = head.len();
        // A row of the table's shape: some cells, no more than the headings, the first a
        // row's number when the first column is the number's ("1", "2.3", "II", "a)").
        static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|[IVXL]+\.?|[a-zđ]\))$").expect("regex")
        });
        let numbered = column(&head[0]) == Col::Number;
        let shaped = |cells: &[String]| {
            !cells.is_empty()
                && cells.len() <= width
                && (!numbered || cells.len() == 1 || NUMBER.is_match(&cells[0]))
        };
        // Whether a row with the table's shape comes from `at` on, past no more than three
        // rows of no cell or of too many.
        let shaped_next = |mut at: usize| {
            for _ in 0..4 {
                match row_at(at) {
                    Some((cells, _, true)) if shaped(&cells) => return true,
                    Some((cells, after, true)) if cells.is_empty() || cells.len() > width => {
                        at = after
                    }
                    _ => return false,
                }
            }
            false
        };
        let mut rows = vec![head.join(" | ")];
        let mut end = next;
        while let Some((cells, after, closed)) = row_at(next) {
            if !closed {
                // A last row followed by prose (a footnote): kept when it fills every column.
                if cells.len() == width && shaped(&cells) {
                    rows.push(cells.join(" | "));
                    end = after;
                }
                break;
            }
            if cells.is_empty() || cells.len() > width {
                // A trailing empty cell's `|`, or two rows run together: skipped when the rows
                // after it still have the table's shape.
                if shaped_next(after) {
                    next = after;
                    continue;
                }
                break;
            }
            let mut cells = cells;
            while cells.len() < width.min(3) {
                cells.push("·".to_owned());
            }
            rows.push(cells.join(" | "));
            end = after;
            next = after;
        }
        if rows.len() < 3 {
            i += 1;
            continue;
        }
        for line in out.iter_mut().take(end.min(lines.len() - 1) + 1).skip(i) {
            line.clear();
        }
        for (k, r) in rows.into_iter().enumerate() {
            out[i + k] = r;
        }
        i = end + 1;
    }
    out.join("\n")
}

/// Task tables flattened to one cell per line (as web pages and copied PDFs give them):
/// a run of short column headings ("Nội dung" / "Thời gian", "Nhiệm vụ" / "Cơ quan chủ trì" /
/// "Thời hạn"), then numbered task rows ("1. …", "9.1. …", "- …"), each followed (after blank
/// cells) by its time cell. A group row with sub-rows ("3. … bao gồm:" then "- a", "- b")
/// may carry its sub-rows' times after all of them, in order: the times go to the last rows
/// waiting, and a row left without a time is a group heading. The rows are rewritten as
/// `STT | Nội dung | Cơ quan chủ trì | Thời gian` lines, which `extract_tables` reads; the
/// line count is kept (the rows follow the header, then blank lines).
pub fn rows_from_cell_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((end, cols, tail)) = heading_run(&lines, i) else {
            i += 1;
            continue;
        };
        let heads: Vec<&str> = lines[i..end]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        let has_lead = cols.contains(&Col::Lead);
        let procedure = procedure_list(&cols, &heads);
        let is_time_cell = |l: &str| is_time_cell(l) || procedure && is_duration_cell(l);
        // With a cooperating column, the lead cell is the first run of unit lines; the unit
        // lines after it are the cooperating units'.
        let has_cooperating = cols.contains(&Col::Cooperating);
        // The lead column after the time column: the lead cell is among the lines after the
        // row's time.
        let lead_late = matches!(
            (cols.iter().position(|c| *c == Col::Time), cols.iter().position(|c| *c == Col::Lead)),
            (Some(t), Some(l)) if l > t
        );
        // The last row started with its number alone on its line ("5" / "Rà soát …"): a
        // numbered line after its time is then an item of a later cell, not a row.
        let mut bare_rows = false;
        // (line, number, task, lead) rows waiting for their time.
        let mut waiting: Vec<(usize, String, String, String)> = Vec::new();
        let mut times: Vec<String> = Vec::new();
        let mut rows: Vec<(usize, String, String, String, String)> = Vec::new();
        // The row's lead cell is complete (a line not continuing it came after it).
        let mut lead_closed = false;
        // A page break (a Công báo running head, a page number, the heading run printed
        // again) came after the last time: the cells of a row split by it may follow.
        let mut page_break = false;
        // The lines after the row's time (cells after the time column, a row's rest after a
        // page break).
        let mut since_time: Vec<(usize, String)> = Vec::new();
        // The title lines read since a group row's Roman number ("I" / "Nhóm nhiệm vụ …"):
        // None outside a group's title.
        let mut group_lines: Option<usize> = None;
        // The number of the last row started.
        let mut last_number: Option<String> = None;
        let mut k = end;
        let mut last = end;
        let settle =
            |waiting: &mut Vec<(usize, String, String, String)>,
             times: &mut Vec<String>,
             rows: &mut Vec<(usize, String, String, String, String)>| {
                if times.is_empty() {
                    return;
                }
                let n = times.len().min(waiting.len());
                let start = waiting.len() - n;
                for (w, t) in waiting.drain(start..).zip(times.drain(..)) {
                    rows.push((w.0, w.1, w.2, w.3, t));
                }
                waiting.clear();
                times.clear();
            };
        while k < lines.len() {
            let l = lines[k].trim();
            if l.is_empty() {
                k += 1;
                continue;
            }
            // Page furniture of a printed table: the gazette's running head and the page
            // number under it, and the column headings printed again on the new page.
            // A page's number printed above the running head ("74" / "74" / "CÔNG BÁO/Số
            // 1091/…"), once or repeated by the text layer: no row's number.
            if l.chars().all(|c| c.is_ascii_digit()) {
                let mut n = first_filled(&lines, k + 1);
                while n < lines.len() && lines[n].trim().chars().all(|c| c.is_ascii_digit()) {
                    n = first_filled(&lines, n + 1);
                }
                if n < lines.len() && is_running_head(lines[n]) {
                    // The line after the head is then the page's first, a row's number
                    // among them.
                    k = n + 1;
                    page_break = true;
                    continue;
                }
            }
            if is_running_head(l) {
                k = first_filled(&lines, k + 1);
                if k < lines.len() && lines[k].trim().chars().all(|c| c.is_ascii_digit()) {
                    k += 1;
                }
                page_break = true;
                continue;
            }
            // The headings printed again, line for line.
            if l == heads[0] {
                let mut n = k;
                let mut matched = 0;
                while n < lines.len() && matched < heads.len() {
                    let t = lines[n].trim();
                    n += 1;
                    if t.is_empty() {
                        continue;
                    }
                    if t != heads[matched] {
                        break;
                    }
                    matched += 1;
                }
                if matched == heads.len() {
                    k = n;
                    page_break = true;
                    continue;
                }
            }
            // Class: a time cell a narrow column wraps after its first word or words, in PDFs'
            // text layers above all: "Tháng" / "3/2026", "Thường" / "xuyên", and over three
            // lines or four, "Trước" / "ngày" / "01/3/2027", "Từ" / "quý" / "III/2026". The
            // lines before the one that completes it are words alone, or go on in lower case.
            let mut l = l.to_owned();
            if !is_time_cell(&l) && l.chars().count() <= 25 {
                let mut joined = l.clone();
                let mut n = k;
                for _ in 0..3 {
                    n = first_filled(&lines, n + 1);
                    if n >= lines.len() || lines[n].trim().chars().count() > 25 {
                        break;
                    }
                    let words = fold(&joined).chars().all(|c| c.is_alphabetic() || c == ' ');
                    let wrapped = lines[n].trim().starts_with(char::is_lowercase);
                    if !(words || wrapped) {
                        break;
                    }
                    joined = format!("{joined} {}", lines[n].trim());
                    if is_time_cell(&joined) {
                        l = joined;
                        k = n;
                        break;
                    }
                    if !words || joined.split_whitespace().count() > 3 {
                        break;
                    }
                }
            }
            let l = l.as_str();
            // A row with a second result and its own time (a report by May, the law by
            // November): the cells after the first time name the lead again, then the time.
            if is_time_cell(l) && waiting.len() == 1 && !times.is_empty() {
                let lead = |t: &str| t.starts_with(char::is_uppercase) && looks_like_units(t);
                if let Some(unit) = since_time.iter().position(|(_, t)| lead(t)) {
                    let w = &waiting[0];
                    let task = since_time
                        .iter()
                        .map(|(_, t)| t.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    rows.push((
                        since_time[0].0,
                        w.1.clone(),
                        task,
                        since_time[unit].1.clone(),
                        l.to_owned(),
                    ));
                    since_time.clear();
                    last = k;
                    k += 1;
                    continue;
                }
            }
            if is_time_cell(l) {
                since_time.clear();
                // A cell split over two lines: "Tháng 5-" / "Ngày 15/6/2021".
                match times.last_mut() {
                    Some(prev) if prev.ends_with(['-', '–']) => {
                        prev.push(' ');
                        prev.push_str(l);
                    }
                    _ => times.push(l.to_owned()),
                }
                page_break = false;
                last = k;
                k += 1;
                continue;
            }
            if lead_late
                && bare_rows
                && !times.is_empty()
                && !row_start_bare(l)
                && row_number(l).is_some()
            {
                since_time.push((k, l.to_owned()));
                last = k;
                k += 1;
                continue;
            }
            // Class: a group row of a PDF's or a web page's task table, its Roman number
            // alone on its line ("I" / "Nhóm nhiệm vụ về hoàn thiện thể chế", "II" / "Bước 2:
            // Chuẩn bị các nội dung" / "(Từ ngày 06/7 đến ngày 29/7/2017)"): the rows before
            // it are done, and its title is no row. A title longer than three lines is prose
            // after the table (a section of the document), which ends it.
            if group_start_bare(l) {
                if lead_late {
                    take_late_lead(&mut waiting, &since_time);
                }
                settle(&mut waiting, &mut times, &mut rows);
                waiting.clear();
                times.clear();
                since_time.clear();
                group_lines = Some(0);
                page_break = false;
                k += 1;
                continue;
            }
            if !row_start_bare(l) && row_number(l).is_none() {
                if let Some(n) = group_lines.as_mut() {
                    *n += 1;
                    if *n > 3 {
                        break;
                    }
                    k += 1;
                    continue;
                }
            }
            // A row starts: a number alone on its line (the STT cell; the task is the next
            // cell: "4", "1.2", "2.10.", "3a"), or a number with the task after it.
            let start = if row_start_bare(l) {
                Some((l.trim_end_matches('.').to_owned(), String::new()))
            } else if let Some(numbered) = row_number(l) {
                // A footnote at the foot of a page ("3 Chương trình số 12-CTr/BCĐ ngày …"):
                // the running head of the next page follows it.
                let n = first_filled(&lines, k + 1);
                if n < lines.len() && is_running_head(lines[n]) {
                    k += 1;
                    continue;
                }
                // A number that does not go on from the last row's is a cell's line: a date
                // wrapped after its day ("… ngày 09 tháng" / "9 năm 2025 của Bộ Chính trị"), a
                // count opening a product cell ("05 doanh nghiệp" in row 5.1).
                match &last_number {
                    Some(prev) if !follows(prev, &numbered.0) => None,
                    _ => Some(numbered),
                }
            } else {
                None
            };
            if let Some((num, task)) = start {
                group_lines = None;
                last_number = Some(num.clone());
                if lead_late {
                    take_late_lead(&mut waiting, &since_time);
                }
                bare_rows = task.is_empty();
                settle(&mut waiting, &mut times, &mut rows);
                since_time.clear();
                waiting.push((k, num, task, String::new()));
                lead_closed = false;
                page_break = false;
                last = k;
                k += 1;
                continue;
            }
            match waiting.last_mut() {
                Some(w) if w.2.is_empty() => w.2 = l.to_owned(),
                Some(w)
                    if times.is_empty()
                        && has_lead
                        && !lead_closed
                        && (looks_like_units(l) || !w.3.is_empty() && continues_cell(&w.3, l)) =>
                {
                    if !w.3.is_empty() {
                        if continues_cell(&w.3, l) {
                            w.3.push(' ');
                        } else if has_cooperating {
                            // A second unit line: the cooperating cell.
                            lead_closed = true;
                            w.2.push(' ');
                            w.2.push_str(l);
                            last = k;
                            k += 1;
                            continue;
                        } else {
                            w.3.push_str("; ");
                        }
                    }
                    w.3.push_str(l);
                }
                Some(w) if times.is_empty() && l.chars().count() <= 300 => {
                    if has_cooperating && !w.3.is_empty() {
                        lead_closed = true;
                    }
                    w.2.push(' ');
                    w.2.push_str(l);
                }
                // The cells after the time column ("Căn cứ", "Ghi chú"), or the rest of a row
                // a page break split: short lines before the next row.
                Some(_) if (tail || page_break) && l.chars().count() <= 60 => {
                    if !times.is_empty() {
                        since_time.push((k, l.to_owned()));
                    }
                }
                // Prose after the table ends it.
                _ => break,
            }
            last = k;
            k += 1;
        }
        if lead_late {
            take_late_lead(&mut waiting, &since_time);
        }
        settle(&mut waiting, &mut times, &mut rows);
        if rows.len() >= 3 {
            for line in out.iter_mut().take(last + 1).skip(i) {
                line.clear();
            }
            // A procedure list keeps its time heading: its cells are counts from a receipt.
            out[i] = if procedure {
                "STT | Nội dung | Cơ quan chủ trì | Thời gian giải quyết".to_owned()
            } else {
                "STT | Nội dung | Cơ quan chủ trì | Thời gian".to_owned()
            };
            // The rows follow the header line by line (a blank line would end the table).
            for (line, (_, num, task, lead, time)) in (i + 1..).zip(rows) {
                let num = num.trim_end_matches('.').to_owned();
                let lead = if lead.is_empty() {
                    "·".to_owned()
                } else {
                    lead
                };
                out[line] = format!("{num} | {task} | {lead} | {time}");
            }
        }
        i = last.max(i) + 1;
    }
    out.join("\n")
}

/// Column headings on lines of their own (each short), with a task and a time column: where
/// the first row starts, the columns, and whether a column follows the time column. A PDF's
/// text wraps a heading over lines: a line in lower case continues the heading before it
/// ("Cơ quan" / "phối hợp", "Thời gian hoàn" / "thành"), and short headings the reader does
/// not know may follow the time column ("Căn cứ bổ sung", "Ghi chú").
fn heading_run(lines: &[&str], at: usize) -> Option<(usize, Vec<Col>, bool)> {
    let mut heads: Vec<String> = Vec::new();
    let mut cols = Vec::new();
    let mut k = at;
    while k < lines.len() {
        let l = lines[k].trim();
        if l.is_empty() {
            k += 1;
            continue;
        }
        if l.chars().count() > 40 {
            break;
        }
        if l.starts_with(char::is_lowercase)
            && l.split_whitespace().count() <= 2
            && !heads.is_empty()
        {
            let last = heads.len() - 1;
            heads[last] = format!("{} {l}", heads[last].trim());
            cols[last] = column(&heads[last]);
            k += 1;
            continue;
        }
        let c = column(l);
        if c == Col::Other {
            let after_time = cols.contains(&Col::Time) && cols.contains(&Col::Task);
            let f = fold(l);
            let heading_like = l.starts_with(char::is_uppercase)
                && row_number(l).is_none()
                && !group_start_bare(l)
                && !["thang", "quy", "nam", "ngay", "truoc", "tu "]
                    .iter()
                    .any(|w| f.starts_with(w));
            // A heading the reader does not know between the lead and the time columns
            // ("Cấp trình", "Cấp phê duyệt"), or a bracket under a heading
            // ("(Bộ/ngành/địa phương)").
            let before_time = !cols.contains(&Col::Time)
                && cols.contains(&Col::Task)
                && cols.contains(&Col::Lead)
                && (heading_like || l.starts_with('('))
                && l.chars().count() <= 25
                && l.split_whitespace().count() <= 3;
            // A short heading after the time column ("Căn cứ bổ sung", "Ghi chú").
            let after_time_heading = after_time
                && heading_like
                && l.chars().count() <= 20
                && l.split_whitespace().count() <= 3;
            if !(before_time || after_time_heading) {
                break;
            }
        }
        heads.push(l.to_owned());
        cols.push(c);
        k += 1;
    }
    let tail = cols
        .iter()
        .rposition(|c| *c == Col::Time)
        .is_some_and(|t| t + 1 < cols.len());
    (cols.len() >= 2
        && cols.contains(&Col::Task)
        && cols.contains(&Col::Time)
        && cols[0] != Col::Time)
        .then_some((k, cols, tail))
}

/// The columns of a task table seen without its header, from a row of the usual layout — a
/// row number, the task (the longest cell), the lead units, then the cooperating units and
/// the product when there are cells for them, and the completion time last: "43. | Xây dựng
/// … | Bộ Khoa học và Công nghệ | Các bộ, ngành | Quyết định | 2025". None when the row does
/// not have that shape (its first cell a number, its last a completion time).
fn headerless_columns(cells: &[String]) -> Option<Vec<Col>> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[0-9]+(?:\.[0-9]+)*\.?$").expect("regex"));
    let n = cells.len();
    if !(4..=6).contains(&n) || !NUMBER.is_match(cells[0].trim_matches('*').trim()) {
        return None;
    }
    let last = cells[n - 1].trim();
    let longest = (1..n)
        .max_by_key(|&i| cells[i].chars().count())
        .expect("cells");
    let timed = is_time_cell(last) || time_phrase(last) != last;
    if !timed || longest != 1 {
        return None;
    }
    let mut cols = vec![Col::Number, Col::Task, Col::Lead];
    match n {
        5 => cols.push(Col::Cooperating),
        6 => cols.extend([Col::Cooperating, Col::Product]),
        _ => {}
    }
    cols.push(Col::Time);
    Some(cols)
}

/// A completion cell read as a phrase: "Tháng 5/2026" → "trong tháng 5/2026", "Quý II/2026"
/// → "trong Quý II/2026", "Năm 2026" → "trong năm 2026", "30/6/2026" → "trước 30/6/2026".
pub(super) fn time_phrase(cell: &str) -> String {
    // A range is due at its end: "Tháng 5-8/2020" → "trong tháng 8/2020", "Quý I-II/2026"
    // → "trong quý II/2026", "Từ 16/6-20/6/2021" and "Tháng 5- Ngày 15/6/2021" (a cell split
    // over two lines) → "trước ngày 20/6/2021", "trước ngày 15/6/2021".
    static MONTHS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:từ\s+)?(tháng|quý)\s+[0-9ivx]+\s*[-–]\s*(?:(?:tháng|quý)\s+)?([0-9ivx]+\s*/\s*\d{4})$")
            .expect("regex")
    });
    static DAYS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:từ\s+)?(?:ngày\s+)?\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?\s*[-–]\s*(?:đến\s+)?(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})$")
            .expect("regex")
    });
    static LAST_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:.*[-–]\s*)?ngày\s+(\d{1,2}/\d{1,2}/\d{4})$").expect("regex")
    });
    // Bare months and years, as many tables print them: "6/2025" (within June), "2025" (within
    // the year), "6/2025 - 12/2025" and "2025 - 2026" (due at the end).
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:(?:\d{1,2}\s*/\s*)?\d{4}\s*[-–]\s*)?(?:(\d{1,2})\s*/\s*)?((?:19|20)\d{2})\.?$",
        )
        .expect("regex")
    });
    // A progress cell naming the session a draft goes to, with its month ("Phiên họp tháng
    // 9/2026", "Kỳ họp thứ 9 (tháng 5/2025)"): due by the end of that month.
    static SESSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:trình\s+[^()]*?)?(?:phiên họp|kỳ họp)\b[^()]{0,40}?\(?\s*(?:cuối\s+)?tháng\s+(\d{1,2}\s*/\s*\d{4})\s*\)?\.?$")
            .expect("regex")
    });
    // "Quí IV-2025": the old spelling of "Quý", the year after a dash.
    static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^qu[ýí]\s+([ivx]+|[1-4])\s*[-–.]\s*(\d{4})\.?$").expect("regex")
    });
    let t = cell.trim();
    // Class: a span of years as a task's completion cell. A window of two or three years for
    // one product ("2025 - 2026", "2026 - 2027": issue a framework programme) is due at its
    // end (read by BARE below); a longer one ("2026 - 2030", "2026 - 2035": train, build and
    // run a programme) is the programme's period over which the work goes on, no deadline:
    // the row drafts nothing and its time is listed for review.
    if let Some(c) = YEARS.captures(t) {
        let (a, b): (i32, i32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        if b - a > 2 {
            return format!("giai đoạn {a} - {b}");
        }
    }
    if let Some(c) = QUARTER.captures(t) {
        return format!("trong quý {}/{}", c[1].to_uppercase(), &c[2]);
    }
    if let Some(c) = SESSION.captures(t) {
        return format!("trong tháng {}", &c[1]);
    }
    if let Some(c) = BARE.captures(t) {
        return match c.get(1) {
            Some(m) => format!("trong tháng {}/{}", m.as_str(), &c[2]),
            None => format!("trong năm {}", &c[2]),
        };
    }
    if let Some(c) = MONTHS.captures(t) {
        return format!("trong {} {}", c[1].to_lowercase(), &c[2]);
    }
    if let Some(c) = DAYS.captures(t).or_else(|| LAST_DAY.captures(t)) {
        return format!("trước ngày {}", &c[1]);
    }
    let f = fold(t);
    if f.starts_with("thang ") || f.starts_with("quy ") || f.starts_with("nam ") {
        format!("trong {}", t)
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        format!("trước {t}")
    } else {
        t.to_owned()
    }
}

/// The deadlines a cell gives in brackets of their own ("(trong Quý II/2026)", "(trước ngày
/// 15/6/2026)", "(hoàn thành trong tháng 9/2026)").
fn own_times(cell: &str) -> Vec<String> {
    static B: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\(((?:hoàn thành\s+)?(?:trong|trước)\s+[^()]{4,30})\)").expect("regex")
    });
    B.captures_iter(cell).map(|c| c[1].to_owned()).collect()
}

fn standing_words(cell: &str) -> Option<&'static str> {
    let f = fold(cell);
    [
        ("thuong xuyen", "Thường xuyên"),
        ("lien tuc", "Liên tục"),
        ("hang ngay", "Hằng ngày"),
        ("hang nam", "Hằng năm"),
    ]
    .into_iter()
    .find(|(w, _)| f.contains(w))
    .map(|x| x.1)
}

impl Ctx<'_> {
    /// Units named in a cell, and the names the directory lacks.
    fn cell_units(
        &mut self,
        cell: &str,
        line: usize,
        clause: &str,
        role: &'static str,
    ) -> (Vec<UnitId>, Vec<String>) {
        let mut ids = Vec::new();
        let mut names = Vec::new();
        for name in cell_names(cell) {
            let toks = tokenize(&name);
            let hit = self.lex.at(&toks, 0, false).filter(|h| !h.ids.is_empty());
            match hit {
                Some(h) => {
                    for id in h.ids {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                None => {
                    if role == "assignee" {
                        self.note_unmatched(clause, line, &name, role);
                    }
                }
            }
            names.push(name);
        }
        (ids, names)
    }
}

/// Reads every task table of the body.
#[allow(clippy::too_many_arguments)]
pub(super) fn extract_tables(
    body: &[(usize, String)],
    year: Option<i32>,
    cx: &mut Ctx<'_>,
    used_ids: &mut Vec<String>,
    obligations: &mut Vec<DraftObligation>,
    standing: &mut Vec<StandingDuty>,
    unparsed: &mut Vec<Leftover>,
) {
    let mut header: Option<(Vec<String>, Vec<Col>)> = None;
    let mut section = String::new();
    // The last dated row: its number, time, lead, cooperating and product cells.
    let mut above: Option<(u32, String, String, String, String)> = None;
    let mut matrix = super::matrix::Matrix::default();
    for (line, text) in body {
        if matrix.read_row(*line, text, year, used_ids, obligations) {
            header = None;
            continue;
        }
        if !is_table_row(text) {
            header = None;
            continue;
        }
        // "·" marks an empty cell of a row rebuilt by `rows_from_cell_lines`.
        let cells: Vec<String> = text
            .split(" | ")
            .map(|c| c.trim().trim_matches('·').trim().to_owned())
            .collect();
        if super::text::is_task_header(&cells) {
            // A header repeated on each page is the same header again.
            header = Some((cells.clone(), cells.iter().map(|c| column(c)).collect()));
            continue;
        }
        if header.is_none() {
            // A table whose header is elsewhere (printed on an earlier page, or left out of an
            // excerpt): the usual layout, when the row has its shape.
            header = headerless_columns(&cells).map(|cols| (Vec::new(), cols));
        }
        let Some((heads, cols)) = &header else {
            continue;
        };
        // A procedure list's time cells are read as the procedure's time to decide.
        let procedure = procedure_list(cols, heads);
        let get = |want: Col| -> String {
            cols.iter()
                .zip(cells.iter())
                .filter(|(c, _)| **c == want)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        // The row's quote runs from its first cell to its time cell: the cells after it
        // (results, notes) say nothing of the duty's holder or deadline.
        let quote = match cols.iter().rposition(|c| *c == Col::Time) {
            Some(t) if t + 1 < cells.len() => text
                .split(" | ")
                .take(t + 1)
                .collect::<Vec<_>>()
                .join(" | "),
            _ => text.clone(),
        };
        let number = get(Col::Number);
        let task = get(Col::Task);
        let mut time = get(Col::Time);
        let (mut lead, mut coop, mut product) =
            (get(Col::Lead), get(Col::Cooperating), get(Col::Product));
        if task.is_empty() {
            continue;
        }
        // Merged cells (rowspan) a crawler keeps in their first row only: a numbered row that
        // goes on from the dated row above it ("18 | Số lượng văn bản đi" after "17 | Số lượng
        // văn bản chỉ đạo … | Chính thức | Tháng 6/2026 | … | Cục Văn thư và Lưu trữ nhà nước")
        // with neither time nor holder of its own takes theirs. Statistics calendars merge one
        // unit's time and channel over its indicators so.
        let n: Option<u32> = number.parse().ok();
        if time.is_empty() && lead.is_empty() && cells.len() < cols.len() {
            if let (Some(n), Some(a)) = (n, above.as_mut()) {
                if n == a.0 + 1 {
                    a.0 = n;
                    (time, lead, coop, product) =
                        (a.1.clone(), a.2.clone(), a.3.clone(), a.4.clone());
                }
            }
        }
        above = match n {
            Some(n) if !time.is_empty() => {
                Some((n, time.clone(), lead.clone(), coop.clone(), product.clone()))
            }
            _ => None,
        };
        // A group row ("I | Nhiệm vụ chung" with nothing else): a section of the table.
        if time.is_empty() && lead.is_empty() {
            section = number.clone();
            continue;
        }
        let clause = match (section.is_empty(), number.is_empty()) {
            (_, true) => format!("bảng, dòng {line}"),
            (true, false) => format!("bảng {number}"),
            (false, false) => format!("bảng {section}.{number}"),
        };
        let (assignees, names) = cx.cell_units(&lead, *line, &clause, "assignee");
        let (cooperating, _) = cx.cell_units(&coop, *line, &clause, "cooperating");
        let title = super::text::collapse(&task, 110);
        let phrase = if procedure {
            format!("Thời hạn giải quyết: {time}")
        } else {
            time_phrase(&time)
        };
        // A time column holds the row's schedule, never a cited date: a year before the plan's
        // (a plan re-published after it began) is still the row's deadline.
        let mut found = scan(&phrase, year);
        if !found.iter().any(|f| matches!(f.what, What::Rule(_))) {
            found = scan(&phrase, None);
        }
        let mut rules: Vec<RuleSpec> = found
            .iter()
            .filter_map(|f| match &f.what {
                What::Rule(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        // A step of the lead cell with its own deadline in brackets ("1. Bộ Tài chính tổng
        // kết … (trong Quý II/2026). 2. Bộ Tư pháp … sửa đổi" in a row due "Năm 2026"): that
        // step is due then, the row's other steps by the row's time.
        if !rules.is_empty() {
            for step in own_times(&lead) {
                for f in scan(&step, year) {
                    if let What::Rule(r) = f.what {
                        if !rules.contains(&r) {
                            rules.insert(0, r);
                        }
                    }
                }
            }
        }
        if rules.is_empty() {
            if let Some(w) = standing_words(&time) {
                standing.push(StandingDuty {
                    title,
                    clause,
                    quote: quote.clone(),
                    line: *line,
                    phrase: w.to_owned(),
                    assignees,
                    cooperating,
                });
            } else if !time.trim().is_empty() {
                unparsed.push(Leftover {
                    clause,
                    line: *line,
                    phrase: time.clone(),
                    reason: "a task-table time that is no deadline phrase".into(),
                    quote: quote.clone(),
                });
            }
            continue;
        }
        let report = fold(&product).contains("bao cao") || fold(&task).starts_with("bao cao");
        let mut seen = Vec::new();
        for rule in rules {
            if seen.contains(&rule) {
                continue;
            }
            seen.push(rule.clone());
            let inferred = matches!(rule, RuleSpec::Periodic { .. });
            let id = super::extract::unique_id_or(&title, "nhiem-vu", used_ids);
            let mut notes = vec!["from a task table: the lead units hold the duty".to_owned()];
            if !cooperating.is_empty() {
                notes.push("cooperating units are shown, not reminded".into());
            }
            obligations.push(DraftObligation {
                id,
                title: title.clone(),
                kind: if report {
                    ObligationKind::Report
                } else {
                    ObligationKind::Task
                },
                clause: clause.clone(),
                quote: quote.clone(),
                line: *line,
                phrase: time.clone(),
                assignees: assignees.clone(),
                assignees_from: "table",
                cooperating: cooperating.clone(),
                recipient: None,
                recipient_from: "none",
                via: None,
                rule,
                inferred,
                confidence: if assignees.is_empty() { 0.3 } else { 0.8 },
                valid_from: None,
                valid_until: None,
                notes,
                assignee_names: names.clone(),
                recipient_name: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `rows_from_cell_lines` makes of a text (its line count kept), and the table rows
    /// in it.
    fn cell_table(text: &str) -> (String, Vec<String>) {
        let out = rows_from_cell_lines(text);
        assert_eq!(out.lines().count(), text.lines().count(), "{out}");
        let rows = out
            .lines()
            .filter(|l| is_table_row(l))
            .map(str::to_owned)
            .collect();
        (out, rows)
    }

    /// A heading the reader does not know between the lead and the time columns ("Cấp
    /// trình", "Cấp phê duyệt", a bracket under a heading) is no reason to drop the table: its
    /// cells are left out and the rows are read (a Government appendix's layout, fresh34; the
    /// table is written for this test).
    #[test]
    fn task_tables_with_an_unknown_heading_before_the_time() {
        let text =
            "TT \nNội dung công việc \nCơ quan \nchủ trì \nCơ quan \nphối hợp \nCấp trình \n\
            Sản phẩm \nThời hạn \nhoàn thành \n\
            1 \nXây dựng quy chế làm việc \nSở Nội vụ \nCác sở, ngành \nUBND tỉnh \nQuy chế \n\
            Quý III/2026 \n\
            2 \nBan hành danh mục dữ liệu dùng chung \nSở Khoa học và Công nghệ \nCác sở \n\
            UBND tỉnh \nQuyết định \nTháng 12/2026 \n\
            3 \nTổng kết thực hiện \nSở Nội vụ \nCác sở \nChính phủ \nBáo cáo \nNăm 2027 \n\
            Các sở, ngành tổ chức thực hiện Kế hoạch này. \n";
        let (out, rows) = cell_table(text);
        assert_eq!(rows.len(), 4, "{out}");
        assert!(
            rows[1].contains("Sở Nội vụ") && rows[1].ends_with("Quý III/2026"),
            "{rows:?}"
        );
        assert!(rows[2].ends_with("Tháng 12/2026"), "{rows:?}");
        assert!(rows[3].ends_with("| Sở Nội vụ | Năm 2027"), "{rows:?}");
    }

    /// A time cell a narrow column wraps over three lines ("Trước" / "ngày" / "01/3/2027")
    /// is one cell; a span's start so wrapped ("Từ" / "quý" / "III/2026") is read whole, the
    /// start it is, not as "quý III/2026" (a table written for this test).
    #[test]
    fn time_cells_wrapped_over_three_lines() {
        let text = "TT \nNội dung công việc \nCơ quan \nchủ trì \nThời hạn \nhoàn thành \n\
            1 \nSửa đổi quy chế \nSở Nội vụ \nTrước \nngày \n01/3/2027 \n\
            2 \nLập đề án \nSở Tài chính \nTừ \nquý \nIII/2026 \n\
            3 \nTổng kết \nSở Nội vụ \nNăm 2027 \n\
            Các sở, ngành tổ chức thực hiện. \n";
        let (out, rows) = cell_table(text);
        assert_eq!(rows.len(), 4, "{out}");
        assert!(
            rows[1].ends_with("| Sở Nội vụ | Trước ngày 01/3/2027"),
            "{rows:?}"
        );
        assert!(
            rows[2].ends_with("| Sở Tài chính | Từ quý III/2026"),
            "{rows:?}"
        );
        assert_eq!(time_phrase("Trước ngày 01/3/2027"), "Trước ngày 01/3/2027");
    }

    /// "Thời gian thực hiện" is the time column, "Đơn vị thực hiện" the lead one.
    #[test]
    fn time_columns_that_say_thuc_hien() {
        assert!(column("Thời gian thực hiện") == Col::Time);
        assert!(column("Thời hạn hoàn thành") == Col::Time);
        assert!(column("Đơn vị thực hiện") == Col::Lead);
        // Headings whose words a PDF conversion glued (written for this test).
        assert!(column("Thờigian thựchiện") == Col::Time);
        assert!(column("Đơn vịphốihợp") == Col::Cooperating);
        assert!(column("Đơn vịchủtrì") == Col::Lead);
        assert!(column("Nộidung côngviệc") == Col::Task);
        assert!(column("Ghichú") == Col::Other);
        assert!(column("Nhiệm vụ thực hiện") == Col::Task);
    }

    #[test]
    fn a_table_without_its_header_is_read_by_the_usual_layout() {
        let cells = |s: &str| s.split(" | ").map(str::to_owned).collect::<Vec<_>>();
        use Col::*;
        for (row, want) in [
            (
                "12. | Xây dựng đề án chuyển đổi số của tỉnh | Sở Khoa học | Các sở, ngành | Quyết định | 2026",
                Some(vec![Number, Task, Lead, Cooperating, Product, Time]),
            ),
            (
                "3 | Tập huấn cho cán bộ cấp xã về phần mềm | Sở Nội vụ | UBND các xã | Quý III/2025",
                Some(vec![Number, Task, Lead, Cooperating, Time]),
            ),
            (
                "4 | Kiểm tra việc thực hiện kế hoạch | Văn phòng UBND tỉnh | 6/2025",
                Some(vec![Number, Task, Lead, Time]),
            ),
            // A standing row still gives the layout.
            (
                "5 | Tuyên truyền về chuyển đổi số trên báo | Sở Văn hóa | Các huyện | Thường xuyên",
                Some(vec![Number, Task, Lead, Cooperating, Time]),
            ),
            // Not a task row: no number, no time last, a short task, a row of figures.
            ("Xây dựng đề án | Sở Khoa học | Các sở | 2026", None),
            ("1 | Xây dựng đề án chuyển đổi số | Sở Khoa học | Các sở | Quyết định", None),
            ("1 | Lập đề án | Sở Kế hoạch và Đầu tư của tỉnh | 2025", None),
            ("1 | 120 | 45 | 2025", None),
        ] {
            assert_eq!(headerless_columns(&cells(row)), want, "{row}");
        }
    }

    /// A completion cell opening with the deadline word "Chậm nhất" (no later than) is a time
    /// cell of the one-cell-per-line layout, as "Trước" is.
    #[test]
    fn no_later_than_as_a_time_cell() {
        assert!(is_time_cell("Chậm nhất 15/8/2026"));
        assert!(is_time_cell("Chậm nhất ngày 15/8/2026"));
        assert!(is_time_cell("Chậm nhất là ngày 15/8"));
        assert!(!is_time_cell("Chậm nhất sau 15 ngày"));
    }

    /// A span of years as a completion cell (rows written for this test): a window of two or
    /// three years is due at its end, a longer one is a programme's period, no deadline; both
    /// are a whole time cell of a one-cell-per-line table.
    #[test]
    fn spans_of_years_as_completion_cells() {
        assert!(is_time_cell("2026 - 2027") && is_time_cell("2026-2030"));
        assert_eq!(time_phrase("2026 - 2027"), "trong năm 2027");
        assert_eq!(time_phrase("2025–2027"), "trong năm 2027");
        assert_eq!(time_phrase("2026 - 2030"), "giai đoạn 2026 - 2030");
        let text = "STT \nNhiệm vụ \nCơ quan chủ trì \nTiến độ \n\
            1 \nBan hành khung chương trình \nBộ Nội vụ \n2026 \n\
            2 \nBan hành tài liệu bồi dưỡng \nBộ Nội vụ \n2026 - 2027 \n\
            3 \nĐào tạo chuyên sâu cán bộ \nBộ Y tế \n2026 - 2035 \n\
            Các bộ tổ chức thực hiện. \n";
        let (out, rows) = cell_table(text);
        assert_eq!(rows.len(), 4, "{out}");
        assert!(rows[2].ends_with("| Bộ Nội vụ | 2026 - 2027"), "{rows:?}");
        assert!(rows[3].ends_with("| Bộ Y tế | 2026 - 2035"), "{rows:?}");
        assert!(scan(&time_phrase("2026 - 2035"), Some(2026))
            .iter()
            .all(|f| !matches!(f.what, What::Rule(_))));
    }

    #[test]
    fn names_in_a_cell() {
        // An HTML page's entities split no name.
        assert_eq!(
            cell_names("Ph&ograve;ng Kế hoạch; C&aacute;c khoa"),
            ["Phòng Kế hoạch", "Các khoa"]
        );
        assert_eq!(
            cell_names("Sở Nội vụ, Sở Tài chính; UBND các huyện, thành phố"),
            ["Sở Nội vụ", "Sở Tài chính", "UBND các huyện, thành phố"]
        );
        assert_eq!(time_phrase("Tháng 5/2026"), "trong Tháng 5/2026");
        assert_eq!(time_phrase("30/6/2026"), "trước 30/6/2026");
        // Ranges are due at their end (cells written for this test).
        assert_eq!(time_phrase("Tháng 3-9/2024"), "trong tháng 9/2024");
        // Bare months and years.
        assert_eq!(time_phrase("6/2025"), "trong tháng 6/2025");
        assert_eq!(time_phrase(" 06 / 2025 "), "trong tháng 06/2025");
        assert_eq!(time_phrase("2026"), "trong năm 2026");
        assert_eq!(time_phrase("2025 - 2026"), "trong năm 2026");
        assert_eq!(time_phrase("3/2025 – 9/2025"), "trong tháng 9/2025");
        assert_eq!(time_phrase("30/6/2025"), "trước 30/6/2025");
        assert_eq!(time_phrase("Năm 2025"), "trong Năm 2025");
        assert_eq!(time_phrase("Quý I-III/2025"), "trong quý III/2025");
        assert_eq!(time_phrase("Từ 02/3-12/3/2024"), "trước ngày 12/3/2024");
        // A window whose start has its year too (written for this test).
        assert_eq!(time_phrase("20/5/2025-30/5/2025"), "trước ngày 30/5/2025");
        assert_eq!(
            time_phrase("Tháng 4- Ngày 20/5/2024"),
            "trước ngày 20/5/2024"
        );
        assert_eq!(time_phrase("Ngày 20/5/2024"), "trước ngày 20/5/2024");
    }

    /// Class: task tables printed from a PDF or a web page one cell per line with the time
    /// column before the lead column ("TT | Nhiệm vụ | Thời hạn | Cơ quan chủ trì | Cơ quan
    /// phối hợp"): the lead cell is read from the lines after the time, wrapped lines joined,
    /// a numbered list of leads one name per item, the cooperating cell after it left out;
    /// sub-rows numbered "3a". Found in a Công báo appendix of a Nghị quyết (fresh37) and a
    /// commune's election timetable on its web page (fresh27). The table is written for this
    /// test.
    #[test]
    fn task_tables_one_cell_per_line_with_lead_after_time() {
        let text = "TT\nNHIỆM VỤ\nTHỜI HẠN\nHOÀN THÀNH\nCƠ QUAN CHỦ TRÌ\nCƠ QUAN PHỐI HỢP\n\
            1\nRà soát thủ tục hành chính nội bộ\nTháng 9/2026\nSở Nội vụ chủ trì hướng dẫn,\n\
            tổng hợp, báo cáo\nCác sở, ngành, địa\nphương theo chức năng\n\
            2\nXây dựng kho dữ liệu dùng chung của các cơ quan\nQuý IV/2026\n\
            1. Sở Khoa học và Công nghệ chủ trì,\ntổng hợp.\n2. Các sở, ngành cập nhật dữ liệu\n\
            Văn phòng UBND tỉnh\n\
            3\nTập huấn kỹ năng số cho cán bộ\nNăm 2026\nSở Nội vụ\nCác sở, ngành\n\
            3a\nTập huấn cho cấp xã\nTháng 11/2026\nUBND các xã\nSở Nội vụ\n\
            Kế hoạch này thay thế các văn bản trước đây về cùng nội dung.\n";
        let (out, rows) = cell_table(text);
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian",
                "1 | Rà soát thủ tục hành chính nội bộ | Sở Nội vụ chủ trì hướng dẫn, tổng hợp, báo cáo | Tháng 9/2026",
                "2 | Xây dựng kho dữ liệu dùng chung của các cơ quan | Sở Khoa học và Công nghệ chủ trì, tổng hợp.; Các sở, ngành cập nhật dữ liệu | Quý IV/2026",
                "3 | Tập huấn kỹ năng số cho cán bộ | Sở Nội vụ | Năm 2026",
                "3a | Tập huấn cho cấp xã | UBND các xã | Tháng 11/2026",
            ],
            "{out}"
        );
        assert!(out.contains("Kế hoạch này thay thế"));
    }

    /// Group rows numbered in Roman numerals alone on their lines (written for this test): the
    /// group's title and span are no row, the rows after it are read, and a Roman number
    /// followed by prose (a section of the document after the table) ends the table.
    #[test]
    fn task_tables_with_roman_group_rows() {
        let text = "TT\nNỘI DUNG CÔNG VIỆC\nThời gian thực hiện\nCơ quan phụ trách\nI\n\
            Bước 1: Chuẩn bị\n(Từ ngày 02/3 đến ngày 20/3/2026)\n1\nLập danh sách cử tri\n\
            05/3/2026\nUBND xã\n2\nNiêm yết danh sách\n10/3/2026\nỦy ban MTTQ xã\nII\n\
            Nhóm nhiệm vụ về tổ chức bầu cử ở các thôn và khu dân cư của xã\n3\n\
            Tổ chức bầu cử\n22/3/2026\nTổ bầu cử\nIII\nTỔ CHỨC THỰC HIỆN\n\
            Các thôn triển khai theo kế hoạch này.\nUBND xã theo dõi, đôn đốc thực hiện.\n\
            Tổ bầu cử báo cáo kết quả về Ủy ban.\n1. Văn phòng tổng hợp\n";
        let (out, rows) = cell_table(text);
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian",
                "1 | Lập danh sách cử tri | UBND xã | 05/3/2026",
                "2 | Niêm yết danh sách | Ủy ban MTTQ xã | 10/3/2026",
                "3 | Tổ chức bầu cử | Tổ bầu cử | 22/3/2026",
            ],
            "{out}"
        );
        assert!(out.contains("III\nTỔ CHỨC THỰC HIỆN"), "{out}");
        assert!(out.contains("1. Văn phòng tổng hợp"), "{out}");
        // A lead cell's step with its own deadline in brackets.
        assert_eq!(
            own_times("1. Sở Tài chính tổng kết (trong Quý II/2026). 2. Sở Tư pháp (các sở)"),
            ["trong Quý II/2026"]
        );
    }

    /// Lines of a PDF's cells that open with a number (written for this test): a date wrapped
    /// after its day and a count opening a product cell are no rows, being no successor of
    /// the last row's number.
    #[test]
    fn numbers_that_do_not_follow_the_last_row_are_cells() {
        assert!(follows("4", "5") && follows("5", "5.1") && follows("5.1", "5.2"));
        assert!(follows("5.1", "6") && follows("3", "1") && follows("3a", "7"));
        assert!(!follows("5.1", "05") && !follows("2", "9") && !follows("1", "2026"));
        let text = "TT \nNhiệm vụ \nCơ quan \nchủ trì \nCơ quan \nphối hợp \nSản phẩm \n\
            Thời gian \nhoàn thành \n1 \nSắp xếp các cơ sở y tế theo Nghị quyết ngày 09 tháng \n\
            9 năm 2025 của Ban Chấp hành \nSở Y tế \nCác sở \nĐề án \nQuý III/2026 \n1.1 \n\
            Lựa chọn doanh nghiệp số \nSở Khoa học và \nCông nghệ \nCác sở \nDanh sách \n\
            05 doanh nghiệp \nQuý IV/2026 \n2 \nTổng kết \nSở Nội vụ \nCác sở \nBáo cáo \n\
            Năm 2027 \n";
        let (out, rows) = cell_table(text);
        assert_eq!(rows.len(), 4, "{out}");
        assert!(
            rows[1].starts_with("1 | Sắp xếp các cơ sở y tế") && rows[1].ends_with("Quý III/2026"),
            "{out}"
        );
        assert!(
            rows[2].starts_with("1.1 | Lựa chọn doanh nghiệp số")
                && rows[2].ends_with("| Sở Khoa học và Công nghệ | Quý IV/2026"),
            "{out}"
        );
        assert!(rows[3].ends_with("| Sở Nội vụ | Năm 2027"), "{out}");
    }

    /// A gazette page's number printed above its running head, twice by the text layer
    /// (written for this test): no row.
    #[test]
    fn page_numbers_above_the_running_head() {
        let text = "STT \nNhiệm vụ \nCơ quan chủ trì \nThời gian \nhoàn thành \n1 \n\
            Rà soát quy chế \nSở Nội vụ \nQuý IV/2026 \n2 \nTổng kết \nSở Tư pháp \n\
            Tháng 12/2026 \n\n75\n75 \n \nCÔNG BÁO/Số 10/Ngày 03-11-2026 \n3 \n\
            Tập huấn \nSở Tài chính \nNăm 2027 \n";
        let (out, rows) = cell_table(text);
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian",
                "1 | Rà soát quy chế | Sở Nội vụ | Quý IV/2026",
                "2 | Tổng kết | Sở Tư pháp | Tháng 12/2026",
                "3 | Tập huấn | Sở Tài chính | Năm 2027",
            ],
            "{out}"
        );
    }

    /// A two-column task table whose cells a web page put on lines of their own (written for
    /// this test): numbered rows, blank cells, a group row whose sub-rows' times come after
    /// both sub-rows, a cell split over two lines, prose after the table.
    #[test]
    fn task_tables_flattened_one_cell_per_line() {
        let text = "Tiến độ thực hiện\n\nNội dung\n\nThời gian\n\nI. Chuẩn bị\n\n \n\n\
            1. Rà soát danh mục thủ tục\n\nTháng 2-4/2024\n\n\
            2. Xây dựng cơ sở dữ liệu, gồm:\n\n- Phần mềm nhập liệu\n\n- Cổng tra cứu\n\n \n\n\
            Tháng 6/2024\n\n \n\nNăm 2025\n\n3. Tập huấn cán bộ\n\nTháng 7-\n\nNgày 10/8/2024\n\n\
            Kế hoạch này thay thế các văn bản trước đây.";
        let (out, rows) = cell_table(text);
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian",
                "1 | Rà soát danh mục thủ tục | · | Tháng 2-4/2024",
                "- | Phần mềm nhập liệu | · | Tháng 6/2024",
                "- | Cổng tra cứu | · | Năm 2025",
                "3 | Tập huấn cán bộ | · | Tháng 7- Ngày 10/8/2024",
            ]
        );
        assert!(out.contains("Kế hoạch này thay thế"));
        // With a lead column, the unit cell goes to the lead.
        let text =
            "Nhiệm vụ\nCơ quan chủ trì\nThời hạn\n1. Lập danh sách\nSở Nội vụ\nQuý II/2024\n\
            2. Kiểm tra\nUBND các huyện\nTháng 9/2024\n3. Sơ kết\nSở Tư pháp\nThường xuyên\n";
        let out = rows_from_cell_lines(text);
        assert!(
            out.contains("1 | Lập danh sách | Sở Nội vụ | Quý II/2024"),
            "{out}"
        );
        assert!(
            out.contains("3 | Sơ kết | Sở Tư pháp | Thường xuyên"),
            "{out}"
        );
        // The STT cell on a line of its own.
        let text = "STT\n\nNội dung công việc\n\nĐơn vị chủ trì\n\nThời gian hoàn thành\n\n1\n\nKhảo sát hiện trạng\n\n\
            Phòng Kinh tế\n\nTháng 3/2024\n\n2\n\nLập báo cáo đánh giá\n\nPhòng Tài chính - Kế hoạch\n\nQuý II/2024\n\n\
            3\n\nTổng kết, rút kinh nghiệm\n\nVăn phòng HĐND và UBND huyện\n\nTháng 12/2024\n";
        let out = rows_from_cell_lines(text);
        assert!(
            out.contains("1 | Khảo sát hiện trạng | Phòng Kinh tế | Tháng 3/2024"),
            "{out}"
        );
        assert!(
            out.contains(
                "3 | Tổng kết, rút kinh nghiệm | Văn phòng HĐND và UBND huyện | Tháng 12/2024"
            ),
            "{out}"
        );
        // Prose with a heading word is no table.
        let prose = "Nội dung\nThời gian\nCác đơn vị báo cáo trước ngày 15/3/2024 về Sở Nội vụ để tổng hợp.\n";
        assert_eq!(rows_from_cell_lines(prose), prose);
    }

    /// A ward's list of procedures with their time to decide, one cell a line as portals
    /// print it (written for this test): the procedure is the task, its time a count from the
    /// receipt of the file ("05 ngày", "Trong ngày", "03 ngày làm việc").
    #[test]
    fn a_list_of_procedures_and_their_time_to_decide() {
        let text = "DANH MỤC THỦ TỤC HÀNH CHÍNH TẠI UBND PHƯỜNG AN BÌNH\n\nSTT\n\nTên thủ tục hành chính\n\n\
            Thời gian giải quyết\n\nGhi chú\n\n1\n\nChứng thực chữ ký\n\nTrong ngày\n\n \n\n\
            2\n\nĐăng ký giám hộ\n\n03 ngày làm việc\n\n \n\n3\n\nĐăng ký nhận cha, mẹ, con\n\n\
            05 ngày\n\nKhông tính thời gian xác minh\n";
        let (_, rows) = cell_table(text);
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian giải quyết",
                "1 | Chứng thực chữ ký | · | Trong ngày",
                "2 | Đăng ký giám hộ | · | 03 ngày làm việc",
                "3 | Đăng ký nhận cha, mẹ, con | · | 05 ngày",
            ]
        );
        // Drafted: one count from the receipt per procedure.
        let days: Vec<(u32, bool)> = crate::draft::extract::tests::draft_rules(text)
            .into_iter()
            .filter_map(|r| match r {
                RuleSpec::AfterEvent {
                    days, working_days, ..
                } => Some((days, working_days)),
                _ => None,
            })
            .collect();
        assert_eq!(days, [(0, false), (3, true), (5, false)]);
        // A time column that is no procedure's keeps its completion reading.
        assert_eq!(column("Thời gian giải quyết"), Col::Time);
        assert_eq!(column("Lĩnh vực, thủ tục hành chính"), Col::Task);
    }

    /// A legislative programme's table (written for this test): the draft's name is the task,
    /// the submitting body the lead, the examining bodies none, the session's month the time.
    /// A statistics publication calendar issued with a decision (written for this test): read
    /// after the signature from its "LỊCH …" title, its rows kept between `|` lines, a unit's
    /// time merged over its indicators (kept in the first row only), a row whose month is
    /// before the decision left out.
    #[test]
    fn a_statistics_publication_calendar() {
        assert_eq!(column("Tên thông tin thống kê"), Col::Task);
        assert_eq!(column("Tên chỉ tiêu"), Col::Task);
        let mut text = String::from(
            "BỘ XÂY DỰNG\nSố: 12/QĐ-BXD\nHà Nội, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n\
             Về việc ban hành Lịch phổ biến thông tin thống kê năm 2026\n\
             Điều 1. Ban hành kèm theo Quyết định này Lịch phổ biến thông tin thống kê năm 2026.\n\
             Nơi nhận:\n- Như Điều 1;\n- Lưu: VT.\nBỘ TRƯỞNG\nNguyễn Văn A\n\
             LỊCH PHỔ BIẾN THÔNG TIN THỐNG KÊ NĂM 2026\n(Ban\nhành kèm theo Quyết định số 12/QĐ-BXD)\n",
        );
        let rows: [&[&str]; 5] = [
            &[
                "STT",
                "Tên thông tin thống kê",
                "Mức độ",
                "Thời gian phổ biến",
                "Đơn vị chịu trách nhiệm",
            ],
            &[
                "1",
                "Diện tích nhà ở xã hội",
                "Chính thức",
                "Tháng 4/2026",
                "Cục Quản lý nhà",
            ],
            &["2", "Số căn hộ hoàn thành"],
            &["3", "Số dự án khởi công"],
            &[
                "4",
                "Số giấy phép xây dựng",
                "Sơ bộ",
                "Tháng 5/2025",
                "Cục Quản lý hoạt động xây dựng",
            ],
        ];
        for row in rows {
            text.push_str("|\n");
            for cell in row {
                text.push_str(&format!("{cell}\n|\n"));
            }
        }
        text.push_str("|\n");
        let d = crate::draft::draft(&text, "x.txt", &crate::domain::model::Directory::default());
        let got: Vec<(&str, String)> = d
            .obligations
            .iter()
            .filter(|o| o.assignees_from == "table")
            .map(|o| (o.title.as_str(), format!("{:?}", o.rule)))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|(_, r)| r.contains("2026")), "{got:?}");
        assert!(
            got.iter().any(|(t, _)| t.contains("Số dự án khởi công")),
            "{got:?}"
        );
    }

    #[test]
    fn a_legislative_programme_table() {
        assert_eq!(column("Tên dự án luật"), Col::Task);
        assert_eq!(column("Cơ quan trình"), Col::Lead);
        assert_eq!(column("Cơ quan chủ trì thẩm tra"), Col::Cooperating);
        assert_eq!(time_phrase("Phiên họp tháng 9/2026"), "trong tháng 9/2026");
        assert_eq!(
            time_phrase("Kỳ họp thứ 3 (tháng 5/2027)"),
            "trong tháng 5/2027"
        );
    }

    /// A quarter in the old spelling with the year after a dash: "Quí IV-2025".
    #[test]
    fn a_quarter_in_the_old_spelling() {
        assert_eq!(time_phrase("Quí IV-2025"), "trong quý IV/2025");
        assert_eq!(time_phrase("Quý 2-2026"), "trong quý 2/2026");
    }

    /// A task table as a PDF's text layer gives it (written for this test): every cell's
    /// wrapped lines on lines of their own, the headings wrapped too ("Thời gian hoàn" /
    /// "thành"), dotted row numbers alone ("1.1"), a lead cell over two lines ("Bộ Khoa học
    /// và" / "Công nghệ") before the cooperating cell, a time wrapped after its first word,
    /// a column after the time ("Ghi chú"), and a page break (the gazette's running head, the
    /// page number, the headings again) inside the table.
    #[test]
    fn task_tables_from_a_pdf_text_layer() {
        let text = "PHỤ LỤC\nTT \nNhiệm vụ \nCơ quan \nchủ trì \nCơ quan \nphối hợp \n\
            Sản phẩm \nThời gian hoàn \nthành \nGhi chú \n1. \nHoàn thiện thể chế \n1.1 \n\
            Rà soát các quy định về \nđầu tư công nghệ \nBộ Khoa học và \nCông nghệ \n\
            Bộ Tài chính \nBáo cáo \nQuý III/2026 \nNhiệm vụ \nmới \n1.2 \n\
            Sửa đổi quy chế quản lý \nBộ Tài chính \nCác bộ, ngành \nNghị định \n\
            Nhiệm vụ thường \nxuyên \n1.3 \nXây dựng cơ sở dữ liệu \nBộ Công an \n\
            Các bộ \nHệ thống \n\nCÔNG BÁO/Số 100/Ngày 01-06-2026 \n15 \nTT \nNhiệm vụ \n\
            Cơ quan \nchủ trì \nCơ quan \nphối hợp \nSản phẩm \nThời gian hoàn \nthành \n\
            Ghi chú \nquốc gia về dân cư \nTháng \n9/2026 \n2. \nTổng kết \nBộ Nội vụ \n\
            Các bộ \nBáo cáo \nNăm 2027 \n";
        let (out, rows) = cell_table(text);
        assert_eq!(rows.len(), 5, "{out}");
        assert!(
            rows[1].starts_with("1.1 | Rà soát các quy định về đầu tư công nghệ"),
            "{out}"
        );
        assert!(
            rows[1].ends_with("| Bộ Khoa học và Công nghệ | Quý III/2026"),
            "{out}"
        );
        assert!(
            rows[2].starts_with("1.2 | Sửa đổi quy chế")
                && rows[2].ends_with("| Bộ Tài chính | Nhiệm vụ thường xuyên"),
            "{out}"
        );
        assert!(
            rows[3].starts_with("1.3 | Xây dựng cơ sở dữ liệu")
                && rows[3].ends_with("| Bộ Công an | Tháng 9/2026"),
            "{out}"
        );
        assert!(
            rows[4].ends_with("2 | Tổng kết | Bộ Nội vụ | Năm 2027")
                || rows[4].contains("| Bộ Nội vụ | Năm 2027"),
            "{out}"
        );
    }

    /// More of a PDF's task table (written for this test): a bare year as the time ("2027"),
    /// a footnote at the foot of a page ("2 Quyết định số …" above the running head), and a
    /// row with a second result and its own time after a page break (the lead named again).
    #[test]
    fn pdf_task_tables_years_footnotes_and_second_results() {
        let text = "TT \nTên nhiệm vụ \nCơ quan \nchủ trì \nCơ quan \nphối hợp \nKết quả \n\
            Thời gian \nhoàn thành \nCăn cứ \n1 \nSửa đổi quy chế \nBộ Nội vụ \nCác bộ \n\
            Nghị định \n2027 \nQuyết định \nsố 5/QĐ-TTg2 \n2 \nThể chế hóa chính sách \n\
            về nhà ở \nBộ Xây dựng \nCác bộ \nBáo cáo chuyên \nđề \nTháng \n6/2026 \n\
            Chương trình \n \n2 Quyết định số 5/QĐ-TTg ngày 10/01/2026 của Thủ tướng Chính phủ về việc ban hành quy chế. \n\n\
            CÔNG BÁO/Số 20/Ngày 02-02-2026 \n31 \nTT \nTên nhiệm vụ \nCơ quan \nchủ trì \nCơ quan \n\
            phối hợp \nKết quả \nThời gian \nhoàn thành \nCăn cứ \nxã hội \nBộ Xây dựng \nCác bộ \n\
            Báo cáo kết quả \nthể chế hóa \nTháng \n11/2026 \nChương trình \n3 \nTổng kết \n\
            Bộ Tư pháp \nCác bộ \nBáo cáo \nQuý IV/2026 \n";
        let out = rows_from_cell_lines(text);
        let rows: Vec<&str> = out.lines().filter(|l| is_table_row(l)).collect();
        assert_eq!(rows.len(), 5, "{out}");
        assert!(
            rows.contains(&"1 | Sửa đổi quy chế Các bộ Nghị định | Bộ Nội vụ | 2027"),
            "{out}"
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_with("2 | Thể chế hóa chính sách")
                    && r.ends_with("| Bộ Xây dựng | Tháng 6/2026")),
            "{out}"
        );
        assert!(
            rows.iter().any(|r| r.starts_with("2 | ")
                && r.contains("Báo cáo kết quả")
                && r.ends_with("| Bộ Xây dựng | Tháng 11/2026")),
            "{out}"
        );
        assert!(
            rows.iter()
                .any(|r| r.ends_with("| Bộ Tư pháp | Quý IV/2026")),
            "{out}"
        );
        assert!(!out.contains("| Quyết định số 5/QĐ-TTg ngày"), "{out}");
    }

    /// A task table a crawler wrote between `|` lines (written for this test): a signature
    /// block's cells before it, a group row of one cell, cells wrapped over lines.
    #[test]
    fn task_tables_between_pipe_lines() {
        let text = "|\nNơi nhận:\n- Lưu: VT.\n|\nGIÁM ĐỐC\n|\nPHỤ LỤC\n|\n**STT**\n|\n**Tên nhiệm vụ**\n|\n\
            **Cơ quan**\n**chủ trì**\n|\n**Thời hạn hoàn thành**\n|\n|\n**I. TUYÊN TRUYỀN**\n|\n|\n1\n|\n\
            Xây\ndựng chuyên mục\n|\nSở Văn hóa\n|\nTháng 12/2026\n|\n|\n2\n|\nTập huấn cán bộ\n|\nSở Nội vụ\n|\n\
            Quý I/2027\n|\n|\nCác sở báo cáo kết quả về Sở Nội vụ.\n";
        let out = rows_from_pipe_lines(text);
        assert_eq!(out.lines().count(), text.lines().count());
        let rows: Vec<&str> = out.lines().filter(|l| is_table_row(l)).collect();
        assert_eq!(
            rows,
            [
                "STT | Tên nhiệm vụ | Cơ quan chủ trì | Thời hạn hoàn thành",
                "I. TUYÊN TRUYỀN | · | ·",
                "1 | Xây dựng chuyên mục | Sở Văn hóa | Tháng 12/2026",
                "2 | Tập huấn cán bộ | Sở Nội vụ | Quý I/2027",
            ],
            "{out}"
        );
        assert!(out.contains("Các sở báo cáo kết quả"));
    }

    /// A crawler's table (written for this test) whose rows a malformed one interrupts: an
    /// empty last cell's `|` line, two rows run together (more cells than the headings), and
    /// a last row followed by a footnote. The rows after them are read, the footnote is not.
    #[test]
    fn pipe_rows_past_a_malformed_row() {
        let text = "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian\n|\nSản phẩm\n|\n|\n\
            1\n|\nLập kế hoạch\n|\nSở Tài chính\n|\n2026\n|\n|\n|\n\
            2\n|\nSửa quy chế\n|\nSở Xây dựng\n|\nSau khi có\n|\nQuyết định\n|\n…\n|\n\
            3\n|\nLập quỹ\n|\nSở Y tế\n|\n2026\n|\nQuyết định\n|\n|\n\
            4\n|\nRà soát công trình\n|\nSở Nội vụ\n|\nTháng 12/2026\n|\nBáo cáo\n|\n|\n\
            5\n|\nKiểm tra cuối năm\n|\nSở Công Thương\n|\n31/12/2026\n|\nBáo cáo\n|\n\
            [1] Ban Chỉ đạo về chuyển đổi số.\n";
        let out = rows_from_pipe_lines(text);
        assert_eq!(out.lines().count(), text.lines().count());
        let rows: Vec<&str> = out.lines().filter(|l| is_table_row(l)).collect();
        assert_eq!(
            rows,
            [
                "STT | Nội dung | Cơ quan chủ trì | Thời gian | Sản phẩm",
                "1 | Lập kế hoạch | Sở Tài chính | 2026",
                "4 | Rà soát công trình | Sở Nội vụ | Tháng 12/2026 | Báo cáo",
                "5 | Kiểm tra cuối năm | Sở Công Thương | 31/12/2026 | Báo cáo",
            ],
            "{out}"
        );
        assert!(out.contains("[1] Ban Chỉ đạo"));
    }
}

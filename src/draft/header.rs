//! The plan's header: where the plan starts (web-page chrome skipped), its number, place and
//! date, title and issuer, and where the body ends ("Nơi nhận").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::text::{fold, LEVELS};

/// What the header says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// "191/KH-UBND"; None when the number is blank ("Số: /KH-UBND").
    pub number: Option<String>,
    /// The symbol after a blank number ("KH-BCĐ"), for the reviewer.
    pub blank_number: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    /// The full date, when day and month are given.
    pub date: Option<NaiveDate>,
    /// The year, also when day or month is blank ("ngày tháng năm 2021").
    pub year: Option<i32>,
    pub title: Option<String>,
    /// The issuer's level word ("thị xã", "huyện", "tỉnh", "xã").
    pub level: Option<String>,
    /// Lines of web-page chrome skipped before the plan.
    pub chrome_lines: usize,
    /// The kind of document: ke_hoach, quyet_dinh, thong_tu, nghi_dinh, quy_che, cong_van,
    /// huong_dan, chi_thi, thong_bao, nghi_quyet, or "" when the text has no heading (an
    /// excerpt, a news item).
    pub kind: &'static str,
}

/// Title words of each kind of document, folded, and the number symbol that marks it.
const KINDS: [(&str, &str, &str); 11] = [
    ("ke hoach", "ke_hoach", "/kh-"),
    ("quyet dinh", "quyet_dinh", "/qd-"),
    ("thong tu lien tich", "thong_tu", "/ttlt-"),
    ("thong tu", "thong_tu", "/tt-"),
    ("nghi dinh", "nghi_dinh", "/nd-"),
    ("quy che", "quy_che", "/qc-"),
    ("huong dan", "huong_dan", "/hd-"),
    ("chi thi", "chi_thi", "/ct-"),
    ("thong bao", "thong_bao", "/tb-"),
    ("nghi quyet", "nghi_quyet", "/nq-"),
    ("cong van", "cong_van", "/cv-"),
];

/// A line that opens a numbered section: "I. …", "2. …", "Điều 1.", "Chương II", "Phần I".
static SECTION_OPENING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:[IVXL]{1,5}|\d{1,2})[.)]\s|^(?i:điều|chương|phần|mục)\s+[\dIVXL]+\b")
        .expect("regex")
});

/// The kind a title line names ("QUYẾT ĐỊNH", "NGHỊ QUYẾT VỀ …"), for a line in capitals that
/// is not the enacting word ("QUYẾT ĐỊNH:").
fn title_kind(line: &str, folded: &str) -> Option<&'static str> {
    if line != line.to_uppercase() || line.trim_end().ends_with(':') {
        return None;
    }
    KINDS
        .iter()
        .find(|(w, _, _)| {
            folded == *w || folded.starts_with(&format!("{w} ")) && folded.len() < 200
        })
        .map(|k| k.1)
}

/// The authority line under a title ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "BỘ TRƯỞNG BỘ TƯ PHÁP").
fn authority(line: &str, folded: &str) -> bool {
    line == line.to_uppercase()
        && [
            "uy ban nhan dan ",
            "chu tich uy ban",
            "bo truong ",
            "hoi dong nhan dan ",
            "chinh phu",
            "thu tuong",
            "ban chi dao",
            "ban thuong vu",
        ]
        .iter()
        .any(|w| folded.starts_with(w))
}

/// The plan's lines split into header, body (with its first line number) and what follows.
#[derive(Debug, Clone)]
pub struct Layout {
    pub header: Header,
    /// (1-based line number, text) of the preamble and sections, up to "Nơi nhận".
    pub body: Vec<(usize, String)>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Số\s*:\s*(.*)$").expect("regex"));
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{2,60}?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
        .expect("regex")
});
/// The kinds of body a text names as the one that issues it ("UBND tỉnh … ban hành …").
const ISSUER_KIND: &str =
    r"(?:UBND|Ủy ban nhân dân|Ủy ban Nhân dân|Ban [Cc]hỉ đạo|Ban Thường vụ|Công an)";
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({ISSUER_KIND}[^,.;:“”]*?)\s+(?:ban hành|xây dựng|triển khai)"
    ))
    .expect("regex")
});
static ISSUER_KIND_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{ISSUER_KIND}")).expect("regex"));

fn level_in(s: &str) -> Option<(String, usize)> {
    let low = super::text::lower_same_len(s);
    LEVELS
        .iter()
        .filter_map(|l| {
            low.match_indices(l)
                .filter(|(i, _)| {
                    let before_ok = *i == 0 || low[..*i].ends_with(' ');
                    let after = &low[i + l.len()..];
                    // "xã hội" (the motto's "Cộng hòa xã hội chủ nghĩa") names no commune.
                    before_ok
                        && (after.is_empty() || after.starts_with(' '))
                        && !after.starts_with(" hội")
                })
                .map(|(i, _)| ((*l).to_owned(), i))
                .last()
        })
        .min_by_key(|(l, i)| (*i, std::cmp::Reverse(l.len())))
}

/// The body's name in the subject of "… ban hành / xây dựng / triển khai …", without the
/// words a sentence runs on with: a news item's "UBND tỉnh An Giang vừa ban hành", "Ủy ban
/// nhân dân tỉnh Cà Mau có …", "(sau đây gọi là …)", "… số 12/QĐ-UBND ngày … của …". A name
/// is capitalised where it names a place ("UBND huyện Chợ Mới"), so only a lowercase word
/// ends it. A body of no single place ("Ủy ban nhân dân cấp xã", "… các cấp", a duty's subject
/// in a law) or the bare kind of body ("Công an mới đây đã …") names no issuer.
fn issuer_name(subject: &str) -> Option<String> {
    const RUNS_ON: [&str; 31] = [
        "vừa", "đã", "mới", "sẽ", "đang", "có", "cũng", "tiếp", "chính", "ký", "phải", "ngày",
        "số", "theo", "tại", "được", "chủ", "yêu", "khẩn", "kết", "về", "năm", "đề", "xét",
        "khẳng", "để", "cho", "phối", "tổng", "không", "cam",
    ];
    // "Ủy ban nhân dân Quyết định số …", "UBND Toàn văn Quyết định …": a document's kind.
    const KINDS: [&str; 7] = [
        " Quyết định",
        " Kế hoạch",
        " Công văn",
        " Toàn văn",
        " Thông báo",
        " Chỉ thị",
        " Nghị quyết",
    ];
    let cut = subject.split(['(', ')']).next().unwrap_or_default();
    let cut = KINDS
        .iter()
        .filter_map(|k| cut.find(k))
        .min()
        .map_or(cut, |i| &cut[..i]);
    let all: Vec<&str> = cut.split_whitespace().collect();
    // "chính" runs on as "chính thức" ("UBND tỉnh chính thức ban hành"); elsewhere it is the
    // name's ("Bộ Tài chính", "Sở Tài chính").
    let ends = |i: usize| {
        i > 0 && RUNS_ON.contains(&all[i]) && (all[i] != "chính" || all.get(i + 1) == Some(&"thức"))
    };
    let words: Vec<&str> = (0..all.len())
        .take_while(|&i| !ends(i))
        .map(|i| all[i])
        .collect();
    // "Ban Chỉ đạo sắp xếp … các cấp và xây dựng mô hình …": "xây dựng" read as the verb.
    let words = words.strip_suffix(&["và"]).unwrap_or(&words);
    let name = words.join(" ");
    let kind = ISSUER_KIND_AT_START.find(&name).map_or(0, |m| m.end());
    let rest = name[kind..].trim_start();
    let first = rest.split_whitespace().next().unwrap_or_default();
    (!rest.is_empty() && !["cấp", "các"].contains(&first)).then_some(name)
}

/// A line of a rule or nothing ("——-", "-----", "___", "|"): what a web copy prints between
/// the issuer's cell and the motto's.
fn rule_or_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || "-—–_=*.|".contains(c))
}

/// The Official Gazette's or a portal's own headings over a copy ("VĂN BẢN PHÁP LUẬT KHÁC", "VĂN
/// BẢN HỢP NHẤT - BỘ …", "CÔNG BÁO/Số …", a page's "## VĂN BẢN" over the copied text): not the
/// issuer's cell.
fn gazette_heading(line: &str) -> bool {
    let f = fold(line);
    f == "van ban" || f.starts_with("van ban ") || f.starts_with("cong bao")
}

/// The kinds of body, beside those of `ISSUER_KIND`, a news item, an excerpt or a letter without
/// its header names as the one that acts ("Bộ Y tế vừa có Công văn …", "Sở Tài chính đề nghị
/// …", "Thủ tướng Chính phủ yêu cầu …"); a ministry, department, bureau or board by its
/// capitalised name only ("các bộ", "ban hành" are no body).
const LEAD_KIND: &str = r"(?:Uỷ ban nhân dân|Thủ tướng Chính phủ|Văn phòng Chính phủ|Chính phủ|Hội đồng nhân dân|HĐND|Tỉnh ủy|Thành ủy|Huyện ủy|Ngân hàng Nhà nước|(?:Bộ|Sở|Cục|Tổng cục|Ban|Hội đồng|Ủy ban|Văn phòng) \p{Lu})";
/// Words of a document a body has, sends or signs ("có Công văn", "gửi văn bản", "ký Quyết
/// định"): a body that merely "has" or "sends" something ("có trách nhiệm", "gửi báo cáo") is a
/// holder, not the one that asks.
const LEAD_DOCS: &str = r"(?i:công văn|văn bản|kế hoạch|quyết định|thông báo|chỉ thị|công điện|thông tư|hướng dẫn|tờ trình|nghị quyết|thư|ý kiến)";
/// A body acting in a text's first lines: "<body> (vừa|đã|…) ban hành / có, gửi, ký <a
/// document> / ký / yêu cầu / chỉ đạo / đề nghị / giao / thông báo / hướng dẫn / quyết định …"
/// (not "triển khai", "xây dựng": a holder's acts in a news item).
static LEAD_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s(])((?:{ISSUER_KIND}|{LEAD_KIND})[^,.;:“”()]*?)\s+(?:(?:vừa|đã|mới|cũng|tiếp tục|đang)\s+)*(?:ban hành|(?:có|gửi|ký)\s+{LEAD_DOCS}|ký|yêu cầu|chỉ đạo|đề nghị|giao|thông báo|hướng dẫn|quyết định)\s"
    ))
    .expect("regex")
});
/// Lines of a text's start read for the body that acts (headline, dateline, lead).
const LEAD_LINES: usize = 8;

/// The body that acts in the first lines of a text with no header naming its issuer (a news
/// item, an excerpt, a letter copied without its header): the first one named; a person's
/// title before it ("Chủ tịch UBND tỉnh …", "Bộ trưởng Bộ …") names the body, and a person's
/// name after its place is not part of it.
fn lead_issuer(body: &[(usize, String)]) -> Option<String> {
    let lead: Vec<&str> = body
        .iter()
        .map(|(_, l)| l.trim())
        .filter(|l| !l.is_empty())
        .take(LEAD_LINES)
        .collect();
    // Joined by spaces: a PDF's text layer breaks a body's name over lines ("Bộ Thông tin và
    // Truyền" / "thông vừa có …").
    let lead = lead.join(" ");
    LEAD_ISSUER.captures_iter(&lead).find_map(|c| {
        let name = issuer_name(&c[1])?;
        Some(without_a_persons_name(&name))
    })
}

/// Surnames most Vietnamese bear: a name of three or four capitalised words starting with one,
/// after a body's place ("UBND tỉnh Bắc Ninh Vương Quốc Tuấn"), is a person's, not the place's.
const SURNAMES: [&str; 24] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Vương", "Trịnh", "Đinh", "Lâm", "Mai", "Tô", "Đoàn", "Hà",
];

/// "UBND tỉnh Bắc Ninh Vương Quốc Tuấn" → "UBND tỉnh Bắc Ninh", "Thủ tướng Chính phủ Phạm
/// Minh Chính" → "Thủ tướng Chính phủ": a surname and two or three more capitalised words
/// after the body's name (after at least one word of its place, when it has a level: "UBND
/// huyện Trần Văn Thời", "Thành phố Hồ Chí Minh" are places) start a person's name, dropped
/// with what follows.
fn without_a_persons_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    // Words up to and with the level word; the place's words follow.
    let first = match level_in(name) {
        Some((l, at)) => name[..at + l.len()].split_whitespace().count() + 1,
        None => 2,
    };
    let cut = (first..words.len()).find(|&i| {
        let given = words[i + 1..]
            .iter()
            .take_while(|w| w.starts_with(char::is_uppercase))
            .count();
        SURNAMES.contains(&words[i])
            && (2..=3).contains(&given)
            && !words[i..].starts_with(&["Hồ", "Chí", "Minh"])
    });
    cut.map_or_else(|| name.to_owned(), |c| words[..c].join(" "))
}

/// Splits the plan text (normalised) into its header and body.
/// A decision or resolution flattened onto one line, as some portals and converters print it
/// ("… Căn cứ …; Xét đề nghị …, QUYẾT ĐỊNH: Điều 1. Ban hành … Điều 2. … Điều 3. …"): the
/// line cut before its formula and before each article of the run Điều 1, Điều 2, … in order,
/// so the articles are read as articles and not as the recitals before them. A citation of
/// another article ("tại Điều 5. …") is no cut: only the numbers counting up from 1 are.
fn unflatten_articles(line: &str) -> Vec<String> {
    static FORMULA: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:").expect("regex"));
    static ARTICLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bĐiều\s+(\d{1,3})\s*[.:]\s").expect("regex"));
    let Some(formula) = FORMULA.find(line) else {
        return vec![line.to_owned()];
    };
    let mut cuts = vec![formula.start()];
    let mut next = 1;
    for c in ARTICLE.captures_iter(&line[formula.end()..]) {
        if c[1].parse::<u32>().ok() == Some(next) {
            cuts.push(formula.end() + c.get(0).expect("match").start());
            next += 1;
        }
    }
    if next == 1 {
        return vec![line.to_owned()];
    }
    cuts.push(line.len());
    let mut parts = Vec::new();
    if !line[..cuts[0]].trim().is_empty() {
        parts.push(line[..cuts[0]].trim().to_owned());
    }
    parts.extend(cuts.windows(2).map(|w| line[w[0]..w[1]].trim().to_owned()));
    parts
}

pub fn layout(text: &str) -> Layout {
    let lines: Vec<&str> = text.lines().collect();
    let folded: Vec<String> = lines.iter().map(|l| fold(l.trim())).collect();
    let motto = folded
        .iter()
        .position(|l| l.starts_with("cong hoa xa hoi chu nghia viet nam"));
    let number_line = folded
        .iter()
        .position(|l| l.starts_with("so:") || l.starts_with("so :"));
    let from = [motto, number_line]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    // The title word in capitals on a line of its own ("KẾ HOẠCH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT
    // VỀ …"); a chrome cell "Kế hoạch" does not count. Without motto or number, only near the
    // top (a news item may quote "QUYẾT ĐỊNH" further down).
    let title_search_end = if motto.is_some() || number_line.is_some() {
        lines.len().min(from + 40)
    } else {
        lines.len().min(8)
    };
    let title = (from..title_search_end)
        .find_map(|i| title_kind(lines[i].trim(), &folded[i]).map(|k| (i, k)));
    let title_line = title.map(|t| t.0);
    let mut start = [motto, number_line, title_line]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    // Layout: a letter or notice pasted from its dateline on, without its issuer's cell, number
    // or motto ("Hà Nội, ngày 03 tháng 12 năm 2026" over "THÔNG BÁO"): the dateline just
    // above the title word is the header's.
    if title_line == Some(start) && motto.is_none() && number_line.is_none() {
        let above = (0..start).rev().find(|&k| !lines[k].trim().is_empty());
        if let Some(k) = above.filter(|&k| start - k <= 2) {
            let l = lines[k].trim();
            let dateline = PLACE_DATE.captures(l).is_some_and(|c| {
                c[1].split_whitespace().count() <= 6
                    && !c[1].contains([':', '/'])
                    && !c[1].trim_start().starts_with(|d: char| d.is_ascii_digit())
            });
            if dateline {
                start = k;
            }
        }
    }
    // The issuer's cell(s) on the motto's row come just before it.
    // A web copy may set them apart by a rule and a blank line ("BỘ TƯ PHÁP" / "——-" / "").
    // Layout: a letter's two header columns copied one after the other (the issuer's cell, its
    // number and "V/v …", then the motto and the dateline): the cell comes just before the
    // number.
    if motto == Some(start) || number_line == Some(start) {
        loop {
            let gap = (1..=3)
                .take_while(|n| start >= *n && rule_or_blank(lines[start - n]))
                .last()
                .unwrap_or(0);
            let above = start.checked_sub(gap + 1).map(|k| lines[k].trim());
            match above {
                // Across a gap, a cell of words only: a chrome field's value ("104/KH-UBND",
                // "07/02/2024") is in capitals too.
                Some(l)
                    if !l.is_empty()
                        && l == l.to_uppercase()
                        && l.chars().count() < 90
                        && !gazette_heading(l)
                        && (gap == 0 || !l.chars().any(|c| c.is_ascii_digit())) =>
                {
                    start -= gap + 1;
                }
                _ => break,
            }
        }
    }
    let chrome_lines = lines[..start]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .count();
    let mut h = Header {
        chrome_lines,
        ..Header::default()
    };
    let mut header_issuer: Vec<String> = Vec::new();
    let title_at = title_line.filter(|t| *t >= start);
    // Without a title word (a Công văn, a Công điện), the header is the number, place and date
    // lines. Layout: the dateline broken over two or three lines, as web copies of the
    // Government's letters and telegrams print it in a cell ("*Hà Nội, ngày 27" / "tháng 11
    // năm 2025*"): the header runs to its last line.
    let dateline_end = |k: usize| {
        (1..=3).find_map(|n| {
            let joined = lines[k..(k + n).min(lines.len())]
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            PLACE_DATE
                .captures(&joined)
                .filter(|c| c[1].split_whitespace().count() <= 6 && !c[1].contains(':'))
                .map(|_| k + n)
        })
    };
    let last_head = (start..lines.len().min(start + 12)).rfind(|&k| {
        let l = lines[k].trim();
        NUMBER.is_match(l)
            || dateline_end(k).is_some()
            || folded[k].starts_with("cong hoa")
            || folded[k].starts_with("doc lap")
    });
    let head_end =
        title_at.unwrap_or_else(|| last_head.map_or(start, |k| dateline_end(k).unwrap_or(k + 1)));
    let mut in_number = false;
    for (i, line) in lines.iter().enumerate().take(head_end).skip(start) {
        let line = line.trim();
        if let Some(c) = NUMBER.captures(line) {
            let n: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
            in_number = n.is_empty();
            set_number(&mut h, &n);
        } else if in_number && !line.is_empty() {
            // "Số:" alone, the number on the next line (a web copy's broken cell).
            in_number = false;
            let n: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            set_number(&mut h, &n);
        } else if !line.is_empty()
            && !folded[i].starts_with("cong hoa")
            && !folded[i].starts_with("doc lap")
            && !folded[i].starts_with("v/v")
            && line == line.to_uppercase()
            && line.chars().any(char::is_alphabetic)
        {
            // A web copy runs the issuer's cell and the motto's into one line ("CHÍNH PHỦ
            // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): the issuer ends where the motto starts.
            let own = folded[i]
                .find(" cong hoa xa hoi")
                .map(|at| folded[i][..at].chars().count())
                .and_then(|n| line.char_indices().nth(n))
                .map_or(line, |(b, _)| &line[..b]);
            // A copy may print the cell twice (the gazette's running head and the cell).
            if !header_issuer.iter().any(|h| h == own.trim()) {
                header_issuer.push(own.trim().to_owned());
            }
        }
    }
    // Place and date: "Kon Tum, ngày 25 tháng 01 năm 2024", also broken over 2–3 lines.
    let head: Vec<&str> = lines[start..head_end.max(start)]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !NUMBER.is_match(l))
        .collect();
    // A dateline cell broken inside its place ("Thành phố Hồ Chí" / "Minh, ngày 18 tháng 11 năm
    // 2025", a web copy's narrow cell): the line before holds the place's first words only
    // (letters, not the issuer's capitals, not the motto's dashes), the date's line a word or
    // two before its comma.
    let opens_cell = |i: usize| {
        let Some(prev) = i.checked_sub(1).map(|k| head[k]) else {
            return false;
        };
        let words_before_comma = head[i]
            .split(',')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .count();
        let goes_on = head[i].starts_with(char::is_lowercase);
        prev != prev.to_uppercase()
            && prev.chars().all(|c| c.is_alphabetic() || c == ' ')
            && prev.split_whitespace().count() <= 4
            && (words_before_comma <= 2 || goes_on)
            && head[i].contains(',')
    };
    let place_date = (1..=3).find_map(|n| {
        (0..head.len()).find_map(|i| {
            let (i, n) = if opens_cell(i) {
                (i - 1, n + 1)
            } else {
                (i, n)
            };
            let joined = head[i..(i + n).min(head.len())].join(" ");
            PLACE_DATE
                .captures(&joined)
                .filter(|c| c[1].split_whitespace().count() <= 6)
                // A place is a name: a numbered item or a labelled line ("4. Thời gian: vào
                // lúc 13h30, ngày 31 tháng 7 năm 2012", a meeting's time) is no dateline.
                .filter(|c| {
                    !c[1].contains(':')
                        && !c[1].trim_start().starts_with(|d: char| d.is_ascii_digit())
                })
                // Nor is a cited document ("Thực hiện Kế hoạch số 108-KH/HU, ngày …").
                .filter(|c| {
                    let f = fold(c[1].trim());
                    !c[1].contains('/')
                        && !["can cu", "thuc hien", "theo "]
                            .iter()
                            .any(|w| f.starts_with(w))
                })
                .map(|c| {
                    (
                        // "Chính phủ, Hà Nội, ngày …": the issuer's name run into the cell.
                        c[1].rsplit(',')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                        c.get(2).map(|m| m.as_str().to_owned()),
                        c.get(3).map(|m| m.as_str().to_owned()),
                        c[4].to_owned(),
                    )
                })
        })
    });
    if let Some((place, d, m, y)) = place_date {
        // A weekday ("Thứ tư, ngày 25 tháng 10 năm 2017", a news item's dateline) dates the
        // text but names no place.
        let folded = fold(&place);
        let weekday = [
            "thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat",
        ]
        .iter()
        .any(|w| folded.starts_with(w));
        h.place = (!weekday).then_some(place);
        let year: i32 = y.parse().unwrap_or(0);
        h.year = Some(year);
        if let (Some(d), Some(m)) = (d, m) {
            h.date = NaiveDate::from_ymd_opt(year, m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        }
    }
    h.kind = title.map(|t| t.1).unwrap_or("");
    if let Some(n) = h.number.as_deref().or(h.blank_number.as_deref()) {
        let n = fold(n);
        if let Some(k) = KINDS.iter().find(|k| n.contains(k.2)) {
            if h.kind.is_empty() {
                h.kind = k.1;
            }
        } else if h.kind.is_empty() {
            // "Số: 123/UBND-VX": a letter (Công văn) carries no kind in its symbol.
            h.kind = "cong_van";
        }
    }
    // Title: the lines after the title word, in the same case, up to a blank line, a rule, the
    // authority line or the first recital.
    let body_start;
    let mut authority_line: Option<String> = None;
    if let Some(t) = title_at {
        let mut parts: Vec<&str> = Vec::new();
        let first = lines[t].trim();
        let rest_of_first = first
            .split_once(' ')
            .map(|(_, r)| r)
            .filter(|_| fold(first).split(' ').count() > 2);
        // "NGHỊ QUYẾT VỀ KẾ HOẠCH …": the words after the kind are the title.
        if let Some(kind) = KINDS.iter().find(|k| folded[t].starts_with(k.0)) {
            let n = kind.0.split(' ').count();
            let words: Vec<&str> = first.split_whitespace().skip(n).collect();
            if !words.is_empty() {
                parts.push(first);
            }
        }
        let _ = rest_of_first;
        let mut i = t + 1;
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let caps = lines.get(i).is_some_and(|l| {
            let l = l.trim();
            l == l.to_uppercase()
        });
        let mut n = 0;
        while i < lines.len() && n < 6 {
            let l = lines[i].trim();
            let f = &folded[i];
            if l.is_empty() || l.starts_with("___") || l.starts_with("---") {
                break;
            }
            if authority(l, f) {
                authority_line = Some(l.to_owned());
                i += 1;
                // "KHÓA XVIII, KỲ HỌP THỨ 35" under a council's name.
                while i < lines.len() && {
                    let l = lines[i].trim();
                    l == l.to_uppercase() && !l.is_empty() && !l.ends_with(':')
                } {
                    i += 1;
                }
                break;
            }
            let recital = ["can cu", "thuc hien", "xet ", "theo de nghi", "kinh gui"]
                .iter()
                .any(|w| f.starts_with(w));
            // "I. MỤC ĐÍCH, YÊU CẦU" in capitals right under the title: the first section, not
            // more of the title.
            // A table's row ("STT | Nội dung | …") right under the title word (an appendix
            // printed with its table and no title line) is the body.
            if recital
                || l.contains(" | ")
                || SECTION_OPENING.is_match(l)
                || caps && l != l.to_uppercase()
                || !caps && n > 0 && l.ends_with(['.', ':', ';'])
            {
                break;
            }
            parts.push(l);
            i += 1;
            n += 1;
        }
        if !parts.is_empty() {
            h.title = Some(parts.join(" "));
        }
        body_start = i;
    } else {
        // No title word: the body starts after the header lines (number, place and date).
        let mut i = start;
        let mut last_head = None;
        for (k, line) in lines.iter().enumerate().skip(start).take(12) {
            let l = line.trim();
            if NUMBER.is_match(l)
                || PLACE_DATE.is_match(l)
                || folded[k].starts_with("cong hoa")
                || folded[k].starts_with("doc lap")
            {
                last_head = Some(k);
            }
        }
        if let Some(k) = last_head {
            i = k + 1;
            if h.number.is_some() && folded.get(i).is_some_and(|l| l.starts_with("v/v")) {
                h.title = Some(lines[i].trim().to_owned());
                i += 1;
            }
        }
        body_start = i;
    }
    // The body runs to "Nơi nhận"; a document issued with it ("QUY CHẾ … ban hành kèm
    // theo …") is read too, from its own title on, or from its first chapter heading ("Chương
    // II") when a conversion lost its title. A field naming where things are received
    // ("Nơi nhận hồ sơ: …", "Nơi nhận tác phẩm: …") is a line of the body, not the list of
    // addressees.
    let mut body: Vec<(usize, String)> = Vec::new();
    let mut i = body_start;
    while i < lines.len() {
        let addressees = folded[i]
            .strip_prefix("noi nhan")
            .is_some_and(|r| !r.trim_start().starts_with(char::is_alphabetic));
        if addressees {
            let next = (i + 1..lines.len()).find(|&k| {
                let l = lines[k].trim();
                title_kind(l, &folded[k]).is_some()
                    || l == l.to_uppercase()
                        && [
                            "quy dinh",
                            "quy che",
                            "phu luc",
                            "chuong trinh",
                            "de an",
                            // A calendar issued with a decision: "LỊCH PHỔ BIẾN THÔNG TIN
                            // THỐNG KÊ NĂM 2026", "LỊCH CÔNG TÁC".
                            "lich ",
                        ]
                        .iter()
                        .any(|w| folded[k].starts_with(w))
                    || folded[k].starts_with("(ban hanh kem theo")
                    || chapter_heading(&folded[k])
            });
            match next {
                Some(k) => {
                    i = k;
                    continue;
                }
                None => break,
            }
        }
        for part in unflatten_articles(lines[i].trim()) {
            body.push((i + 1, part));
        }
        i += 1;
    }
    // Issuer: the subject of the preamble's "… ban hành / xây dựng / triển khai kế hoạch".
    let preamble: Vec<&str> = body
        .iter()
        .map(|(_, l)| l.as_str())
        .take_while(|l| !l.starts_with("I.") && !l.starts_with("I ") && !l.starts_with("Điều "))
        .take(30)
        .collect();
    let pre = preamble.join(" ");
    let mut issuer = ISSUER
        .captures_iter(&pre)
        // "Kế hoạch số 185/KH-UBND về việc triển khai …": the issuer's code in a document's
        // number is no subject.
        .filter(|c| !pre[..c.get(1).map_or(0, |m| m.start())].ends_with(['-', '/']))
        .last()
        .and_then(|c| issuer_name(&c[1]));
    if issuer.is_none() {
        issuer = authority_line.clone().map(|a| {
            // "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" → the committee; "BỘ TRƯỞNG BỘ TƯ PHÁP" → the ministry.
            let f = fold(&a);
            if f.starts_with("chu tich ") || f.starts_with("bo truong ") {
                a.split_whitespace().skip(2).collect::<Vec<_>>().join(" ")
            } else {
                a
            }
        });
    }
    // Layout: a body's cell under its superior's ("UBND TỈNH ĐỒNG NAI" / "SỞ GIÁO DỤC VÀ ĐÀO
    // TẠO", "BỘ Y TẾ" / "CỤC QUẢN LÝ DƯỢC"): the lower line is the issuer; a name broken over
    // two lines ("ỦY BAN NHÂN DÂN" / "HUYỆN TRIỆU SƠN") is joined.
    const UNDER_A_SUPERIOR: [&str; 10] = [
        "so ",
        "phong ",
        "chi cuc ",
        "cuc ",
        "vu ",
        "van phong ",
        "trung tam ",
        "truong ",
        "ban ",
        "cong an ",
    ];
    if issuer.is_none() && header_issuer.len() >= 2 {
        let last = header_issuer.last().expect("two lines");
        if UNDER_A_SUPERIOR.iter().any(|w| fold(last).starts_with(w)) {
            issuer = Some(last.clone());
        }
    }
    if issuer.is_none() && !header_issuer.is_empty() {
        issuer = Some(header_issuer.join(" "));
    }
    if issuer.is_none() {
        issuer = lead_issuer(&body);
    }
    if let Some(is) = issuer.as_mut() {
        // "UBND thị xã" + place "Đông Triều"; "ỦY BAN NHÂN DÂN" + place → "Ủy ban nhân dân …".
        if *is == is.to_uppercase() {
            *is = super::casing::body_name(is);
        }
        let level = LEVELS.iter().find(|l| is.to_lowercase().ends_with(*l));
        if let (Some(l), Some(place)) = (level, &h.place) {
            if !fold(is).contains(&fold(place)) {
                // "Ủy ban nhân dân Thành phố" + "Thành phố Hồ Chí Minh": the level once.
                let bare = if fold(place).starts_with(&format!("{} ", fold(l))) {
                    place.chars().skip(l.chars().count()).collect::<String>()
                } else {
                    place.clone()
                };
                is.push(' ');
                is.push_str(bare.trim());
            }
        }
    }
    if let Some(is) = &issuer {
        if fold(is).starts_with("bo ") {
            // A ministry: the whole country, not the city where it sits.
            h.level = Some("bộ".to_owned());
            h.place = None;
        } else if let Some((l, i)) = level_in(is) {
            h.level = Some(l.clone());
            // A party committee of that level ("Ban Thường vụ Huyện ủy Vĩnh Thuận"): its
            // place follows "ủy".
            let after = is[i + l.len()..].trim();
            let place = ["ủy ", "uỷ ", "Ủy ", "Uỷ "]
                .iter()
                .find_map(|w| after.strip_prefix(w))
                .unwrap_or(after)
                .trim();
            if !place.is_empty() {
                h.place = Some(place.to_owned());
            }
        }
    }
    h.issuer = issuer;
    Layout { header: h, body }
}

fn set_number(h: &mut Header, n: &str) {
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        h.number = Some(n.to_owned());
    } else if !n.is_empty() {
        h.blank_number = Some(n.trim_start_matches('/').to_owned());
    }
}

/// A chapter heading alone on its line ("Chương II", "CHƯƠNG 1"), folded: the start of a
/// regulation issued with a decision, after the decision's signature.
fn chapter_heading(folded: &str) -> bool {
    let mut words = folded.split_whitespace();
    words.next() == Some("chuong")
        && words.next().is_some_and(|n| {
            n.chars().all(|c| c.is_ascii_digit()) || n.chars().all(|c| "ivxl".contains(c))
        })
        && words.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::normalize;

    /// Written for this test: a telegram's header as a web copy prints it, the dateline broken
    /// in its cell, no title word the header knows.
    #[test]
    fn a_dateline_broken_over_lines_in_a_letter_without_title_word() {
        let l = layout(&normalize("THỦ TƯỚNG CHÍNH PHỦ\n|\nSố: 301/CĐ-TTg\n|\n*Hà Nội, ngày 14\ntháng 10 năm 2027*\n|\nCÔNG ĐIỆN\nVề việc khắc phục hậu quả mưa lũ\nCác Bộ gửi báo cáo trước ngày 20/10/2027."));
        assert_eq!(l.header.date, NaiveDate::from_ymd_opt(2027, 10, 14));
    }

    /// Written for this test: a notice pasted from its dateline on, without number or motto,
    /// is dated by it; a sentence of the body above a title word is no dateline.
    #[test]
    fn a_dateline_over_the_title_word_without_number_or_motto() {
        let l = layout(&normalize("Hà Nội, ngày 03 tháng 12 năm 2026\nTHÔNG BÁO\nKết luận tại cuộc họp về giải phóng mặt bằng\nSở Tài chính trình phương án trong tháng 12/2026."));
        assert_eq!(l.header.date, NaiveDate::from_ymd_opt(2026, 12, 3));
        assert_eq!(l.header.place.as_deref(), Some("Hà Nội"));
        let l = layout(&normalize("Thực hiện Kế hoạch số 12/KH-UBND, ngày 03 tháng 12 năm 2026\nTHÔNG BÁO\nKết luận tại cuộc họp\nSở Tài chính trình phương án trong tháng 12/2026."));
        assert_eq!(l.header.date, None);
    }

    /// Written for this test: a meeting notice's numbered "Thời gian: …, ngày … tháng … năm …"
    /// is the meeting's time, not the text's dateline; a dateline beside it is still read.
    #[test]
    fn a_labelled_time_is_no_dateline() {
        let l = layout(&normalize("1. Nội dung: cho ý kiến dự thảo báo cáo.\n2. Thời gian: vào lúc 8h00, ngày 15 tháng 3 năm 2024.\n3. Địa điểm: hội trường UBND huyện."));
        assert_eq!(l.header.date, None);
        assert_eq!(l.header.place, None);
        let l = layout(&normalize("Số: 12/TB-UBND\nĐông Triều, ngày 10 tháng 3 năm 2024\nTHÔNG BÁO\nPhiên họp\n1. Thời gian: vào lúc 8h00, ngày 15 tháng 3 năm 2024."));
        assert_eq!(l.header.date, NaiveDate::from_ymd_opt(2024, 3, 10));
        assert_eq!(l.header.place.as_deref(), Some("Đông Triều"));
    }

    /// Written for this test: the subject a sentence names before "ban hành" loses the words
    /// it runs on with, and a body of no single place is no issuer.
    #[test]
    fn issuer_names_without_the_sentence_they_run_on_in() {
        for (subject, want) in [
            ("UBND tỉnh An Giang vừa", Some("UBND tỉnh An Giang")),
            (
                "Ủy ban nhân dân tỉnh Cà Mau có",
                Some("Ủy ban nhân dân tỉnh Cà Mau"),
            ),
            ("UBND huyện Chợ Mới", Some("UBND huyện Chợ Mới")),
            (
                "UBND thành phố Hà Nội đã có Kế hoạch số 141/KH-SCT về",
                Some("UBND thành phố Hà Nội"),
            ),
            (
                "Ban Chỉ đạo Trung ương (sau đây gọi là Ban Chỉ đạo)",
                Some("Ban Chỉ đạo Trung ương"),
            ),
            (
                "Ban chỉ đạo 138 huyện Quan Sơn",
                Some("Ban chỉ đạo 138 huyện Quan Sơn"),
            ),
            (
                "UBND ngày 12 tháng 5 năm 2020 của Ủy ban nhân dân thành phố về",
                None,
            ),
            ("Công an mới đây đã", None),
            ("UBND tỉnh Lai Châu chính thức", Some("UBND tỉnh Lai Châu")),
            ("Bộ Tài chính", Some("Bộ Tài chính")),
            (
                "Ban Chỉ đạo sắp xếp đơn vị hành chính các cấp",
                Some("Ban Chỉ đạo sắp xếp đơn vị hành chính các cấp"),
            ),
            ("Ủy ban nhân dân cấp xã", None),
            ("Ủy ban nhân dân các cấp quyết định đầu tư", None),
            ("Ban Chỉ đạo) báo cáo tổng hợp tình hình", None),
            (
                "Ban Chỉ đạo sắp xếp ĐVHC các cấp và",
                Some("Ban Chỉ đạo sắp xếp ĐVHC các cấp"),
            ),
        ] {
            assert_eq!(super::issuer_name(subject).as_deref(), want, "{subject}");
        }
    }

    /// Written for this test: header fields as web copies break them. A dateline cell broken
    /// inside its place, a party committee's level, an issuer's cell run into the motto's, and
    /// the issuer's code inside a document's number.
    #[test]
    fn header_fields_as_web_copies_print_them() {
        let l = layout(&normalize("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 17/KH-UBND\nThành phố Hồ Chí\nMinh, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\nTriển khai\nỦy ban nhân dân Thành phố ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH"));
        assert_eq!(l.header.place.as_deref(), Some("Hồ Chí Minh"));
        assert_eq!(
            l.header.issuer.as_deref(),
            Some("Ủy ban nhân dân Thành phố Hồ Chí Minh")
        );
        assert_eq!(l.header.date, NaiveDate::from_ymd_opt(2025, 11, 18));
        let l = layout(&normalize(
            "Số: 40/UBND-ĐT\nThành\nphố Hồ Chí Minh, ngày 25 tháng 11 năm 2025\nV/v rà soát",
        ));
        assert_eq!(l.header.place.as_deref(), Some("Thành phố Hồ Chí Minh"));
        let l = layout(&normalize(
            "Số: 232/2026/NĐ-CP\nChính phủ, Hà Nội, ngày 26 tháng 6 năm 2026\nNGHỊ ĐỊNH\nQuy định",
        ));
        assert_eq!(l.header.place.as_deref(), Some("Hà Nội"));
        // The issuer's capitals just above a dateline stay out of the place.
        let l = layout(&normalize("UBND TỈNH KON TUM\nSố: 5/KH-UBND\nKon Tum, ngày 25 tháng 01 năm 2024\nKẾ HOẠCH\nThực hiện"));
        assert_eq!(l.header.place.as_deref(), Some("Kon Tum"));
        let l = layout(&normalize("Số: 9-KH/HU\nVĩnh Thuận, ngày 2 tháng 3 năm 2025\nKẾ HOẠCH\nTổng kết\nBan Thường vụ Huyện ủy Vĩnh Thuận ban hành Kế hoạch:\nI. MỤC ĐÍCH"));
        assert_eq!(l.header.level.as_deref(), Some("huyện"));
        assert_eq!(l.header.place.as_deref(), Some("Vĩnh Thuận"));
        let l = layout(&normalize("Số: 12/NQ-CP\nCHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 5 tháng 1 năm 2026\nNGHỊ QUYẾT\nVề việc"));
        let issuer = l.header.issuer.as_deref().map(fold);
        assert_eq!(issuer.as_deref(), Some("chinh phu"));
        assert_ne!(l.header.level.as_deref(), Some("xã"));
        let l = layout(&normalize("Ngày 22/10/2024, UBND tỉnh ban hành Kế hoạch số 185/KH-UBND về việc triển khai thực hiện tinh giản biên chế năm 2025."));
        assert_eq!(l.header.issuer.as_deref(), Some("UBND tỉnh"));
        let l = layout(&normalize(
            "Thứ tư, ngày 3 tháng 12 năm 2025\nUBND tỉnh vừa ban hành Kế hoạch số 9/KH-UBND.",
        ));
        assert_eq!(l.header.place, None);
    }

    /// Written for this test: the issuer of a text whose header does not name it the way a
    /// plan's preamble does. The issuer's cell set apart from the motto by a rule and a blank
    /// line, under the gazette's own headings; the body that acts in a news item's or a
    /// letter's first lines (a person's title before it and name after it left out); a body
    /// that only holds a duty is no issuer.
    #[test]
    fn issuers_named_by_a_cell_apart_or_by_the_first_lines() {
        let issuer = |t: &str| layout(&normalize(t)).header.issuer;
        let apart = issuer("BỘ NỘI VỤ\n——-\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/2027/TT-BNV\nHà Nội, ngày 3 tháng 3 năm 2027\nTHÔNG TƯ\nQuy định chế độ báo cáo");
        assert_eq!(apart.as_deref().map(fold).as_deref(), Some("bo noi vu"));
        let gazette = issuer("CÔNG BÁO/Số 12/Ngày 05-01-2027\n\nVĂN BẢN HỢP NHẤT - BỘ NỘI VỤ\n\nBỘ NỘI VỤ\n\nBỘ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÔNG TƯ\nQuy định");
        assert_eq!(gazette.as_deref().map(fold).as_deref(), Some("bo noi vu"));
        for (text, want) in [
            (
                "Báo cáo trước ngày 15/3\nBộ Tài chính vừa có Công văn số 12/BTC-NSNN đề nghị các bộ báo cáo trước ngày 15/3/2027.",
                Some("Bộ Tài chính"),
            ),
            (
                "Chủ tịch UBND tỉnh Lạng Sơn Nguyễn Văn An vừa ký Công điện số 3/CĐ-UBND yêu cầu các xã báo cáo trước ngày 5/4/2027.",
                Some("UBND tỉnh Lạng Sơn"),
            ),
            (
                "Thủ tướng Chính phủ Lê Minh Bình yêu cầu các bộ hoàn thành trước ngày 30/6/2027.",
                Some("Thủ tướng Chính phủ"),
            ),
            (
                "Sở Thông tin và\nTruyền thông đề nghị các phòng gửi số liệu trước ngày 10/5/2027.",
                Some("Sở Thông tin và Truyền thông"),
            ),
            (
                "UBND Thành phố Hồ Chí Minh đề nghị các phường báo cáo trước ngày 10/5/2027.",
                Some("UBND Thành phố Hồ Chí Minh"),
            ),
            // A holder's acts, not an ask: no issuer.
            (
                "Sở Y tế có trách nhiệm gửi báo cáo trước ngày 10/5/2027.",
                None,
            ),
            (
                "Sở Xây dựng triển khai kiểm tra và báo cáo trước ngày 10/5/2027.",
                None,
            ),
        ] {
            assert_eq!(issuer(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn header_fields_and_blank_parts() {
        let l = layout(&normalize("\n\nSố: *191* /KH-UBND\n\nĐông Triều, ngày 16 tháng 6 năm 2023\n\nKẾ HOẠCH\nXây dựng mô hình An ninh cơ sở năm 2023\n\nTheo đề nghị …; UBND thị xã ban hành Kế hoạch xây dựng mô hình, cụ thể như sau:\n\nI. MỤC ĐÍCH\n\nNơi nhận:\n- UBND tỉnh"));
        let h = &l.header;
        assert_eq!(h.number.as_deref(), Some("191/KH-UBND"));
        assert_eq!(h.date, NaiveDate::from_ymd_opt(2023, 6, 16));
        assert_eq!(h.place.as_deref(), Some("Đông Triều"));
        assert_eq!(h.issuer.as_deref(), Some("UBND thị xã Đông Triều"));
        assert_eq!(h.level.as_deref(), Some("thị xã"));
        assert_eq!(
            h.title.as_deref(),
            Some("Xây dựng mô hình An ninh cơ sở năm 2023")
        );
        assert!(l.body.iter().all(|(_, t)| !t.contains("UBND tỉnh")));

        let l = layout(&normalize("Số: /KH-BCĐ\nQuan Sơn, ngày tháng năm 2022\nKẾ HOẠCH\n\nTriển khai\n\nBan chỉ đạo 138 huyện Quan Sơn triển khai kế hoạch thực hiện:\nI. MỤC ĐÍCH"));
        assert_eq!(l.header.number, None);
        assert_eq!(l.header.blank_number.as_deref(), Some("KH-BCĐ"));
        assert_eq!((l.header.date, l.header.year), (None, Some(2022)));
        assert_eq!(
            l.header.issuer.as_deref(),
            Some("Ban chỉ đạo 138 huyện Quan Sơn")
        );
        assert_eq!(l.header.level.as_deref(), Some("huyện"));

        // A special zone's committee: its level and place (the zones of 1/7/2025).
        let l = layout(&normalize("ỦY BAN NHÂN DÂN\nĐẶC KHU CÔN ĐẢO\nSố: 12/KH-UBND\nCôn Đảo, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\nPhòng cháy\n\nI. MỤC ĐÍCH"));
        assert_eq!(
            l.header.issuer.as_deref(),
            Some("Ủy ban nhân dân đặc khu Côn Đảo")
        );
        assert_eq!(l.header.level.as_deref(), Some("đặc khu"));
        assert_eq!(l.header.place.as_deref(), Some("Côn Đảo"));
    }

    /// A field naming where entries are received ("Nơi nhận hồ sơ: …") is a body line, and the
    /// lines after it are read; the addressees' "Nơi nhận:" still ends the body (texts written
    /// for this test).
    #[test]
    fn a_receiving_place_field_is_no_list_of_addressees() {
        let l = layout(&normalize(
            "THÔNG BÁO
Về việc nhận hồ sơ dự thi

Nơi nhận hồ sơ: Văn phòng Sở, số 5 đường Lê Lợi.
Hạn nộp: trước ngày 20/9/2026.

Nơi nhận:
- Như trên;
- Lưu VT.",
        ));
        assert!(l.body.iter().any(|(_, t)| t.starts_with("Hạn nộp")));
        assert!(l.body.iter().all(|(_, t)| !t.contains("Lưu VT")));
        let l = layout(&normalize(
            "THÔNG BÁO
Về việc nhận hồ sơ

Các xã nộp hồ sơ trước ngày 20/9/2026.

Nơi nhận: | GIÁM ĐỐC |
- Như trên;
- Lưu VT.",
        ));
        assert!(l.body.iter().all(|(_, t)| !t.contains("Lưu VT")));
    }

    /// A regulation issued with a decision whose title a conversion lost is read from its
    /// first chapter heading after the signature; a signature with nothing after it still ends
    /// the body (texts written for this test).
    #[test]
    fn a_regulation_read_from_its_chapter_heading() {
        let decision = "QUYẾT ĐỊNH\nVề việc ban hành Quy chế\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế thi đua.\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n";
        let l = layout(&normalize(&format!(
            "{decision}\n   Chương II\n   HỒ SƠ KHEN THƯỞNG\n\nĐiều 6. Các sở gửi hồ sơ trước ngày 31 tháng 3 hằng năm.\n"
        )));
        assert!(l.body.iter().any(|(_, t)| t.starts_with("Điều 6.")));
        assert!(l.body.iter().all(|(_, t)| !t.contains("Lưu: VT")));
        let l = layout(&normalize(decision));
        assert!(l.body.iter().all(|(_, t)| !t.contains("CHỦ TỊCH")));
        for (line, chapter) in [
            ("chuong ii", true),
            ("chuong 3", true),
            ("chuong trinh cong tac", false),
            ("chuong ii quy dinh chung", false),
        ] {
            assert_eq!(super::chapter_heading(line), chapter, "{line}");
        }
    }

    /// The first section in capitals right under the title ("I. MỤC ĐÍCH, YÊU CẦU") is no
    /// part of the title (text written for this test).
    #[test]
    fn a_section_under_the_title_ends_it() {
        let l = layout(&normalize("ỦY BAN NHÂN DÂN\nHUYỆN BẢO LÂM\nSố: 12/KH-UBND\nBảo Lâm, ngày 03 tháng 02 năm 2027\nKẾ HOẠCH\nPHÒNG CHỐNG THIÊN TAI NĂM 2027\nI. MỤC ĐÍCH, YÊU CẦU\n1. Chủ động ứng phó trong năm 2027.\nII. NHIỆM VỤ\n1. Các xã rà soát trước ngày 30/4/2027."));
        assert_eq!(
            l.header.title.as_deref(),
            Some("PHÒNG CHỐNG THIÊN TAI NĂM 2027")
        );
    }

    /// An appendix printed with its task table right under the title word, no title line
    /// between (text written for this test): the table is the body, and its rows are drafted.
    #[test]
    fn a_table_under_the_title_word_is_the_body() {
        let text = "ỦY BAN NHÂN DÂN\nHUYỆN BẢO LÂM\nSố: 15/KH-UBND\nBảo Lâm, ngày 03 tháng 02 năm 2027\nKẾ HOẠCH\nSTT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n1 | Rà soát danh mục công trình phòng thủ | Phòng Kinh tế | Các xã | Quý II/2027\n2 | Tổ chức diễn tập | Ban Chỉ huy quân sự | Các xã | Năm 2027";
        let l = layout(&normalize(text));
        assert_eq!(l.header.title, None);
        let d = crate::draft::draft(text, "x.txt", &crate::domain::model::Directory::default());
        assert_eq!(d.obligations.len(), 2, "{:?}", d.obligations);
    }

    /// A letter's two header columns copied one after the other (texts written for this
    /// test): the issuer's cell above its number is read, a body's line under its superior's
    /// is the issuer, a name broken over two lines is joined.
    #[test]
    fn issuer_cell_above_the_number_of_a_letter() {
        let issuer = |cell: &str| {
            let t = format!("{cell}\nSố: 12/SGDĐT-VP\nV/v báo cáo\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐồng Nai, ngày 01 tháng 12 năm 2026\n\nKính gửi: Các trường.\n\nCác trường báo cáo trước ngày 15/12/2026.");
            layout(&normalize(&t)).header.issuer.map(|i| fold(&i))
        };
        for (cell, want) in [
            (
                "UBND TỈNH ĐỒNG NAI\nSỞ GIÁO DỤC VÀ ĐÀO TẠO",
                "so giao duc va dao tao",
            ),
            ("BỘ Y TẾ\nCỤC QUẢN LÝ DƯỢC", "cuc quan ly duoc"),
            (
                "ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU SƠN",
                "uy ban nhan dan huyen trieu son",
            ),
            ("SỞ NỘI VỤ", "so noi vu"),
            // A portal's heading over the copied text is not the issuer's cell.
            ("## VĂN BẢN\n\nBỘ XÂY DỰNG\n __________", "bo xay dung"),
            ("**VĂN BẢN**\n\nBỘ Y TẾ", "bo y te"),
            ("VĂN BẢN PHÁP LUẬT KHÁC\n\nSỞ NỘI VỤ", "so noi vu"),
        ] {
            assert_eq!(issuer(cell).as_deref(), Some(want), "{cell}");
        }
    }

    #[test]
    fn issuer_from_the_header_cells() {
        let l = layout(&normalize("ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/KH-UBND\nTriệu Sơn, ngày 01 tháng 02 năm 2021\nKẾ HOẠCH\nX\n\nI. NỘI DUNG"));
        assert_eq!(
            l.header.issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Triệu Sơn")
        );
        assert_eq!(l.header.level.as_deref(), Some("huyện"));
    }

    /// A decision flattened onto one line is cut before its formula and each article
    /// counting up from 1; a citation of another article and a line with no formula are not.
    #[test]
    fn a_flattened_decision_is_cut_into_its_articles() {
        let line = "Căn cứ Luật Tổ chức chính quyền địa phương; Xét đề nghị của Giám đốc Sở, QUYẾT ĐỊNH: Điều 1. Ban hành kèm theo Quyết định này Kế hoạch năm 2016. Điều 2. Sở Kế hoạch và Đầu tư định kỳ hàng quý báo cáo theo quy định tại Điều 5. Nghị định số 09. Điều 3. Quyết định này có hiệu lực kể từ ngày ký.";
        let parts = super::unflatten_articles(line);
        let opens: Vec<&str> = parts
            .iter()
            .map(|p| p.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(opens, ["Căn", "QUYẾT", "Điều", "Điều", "Điều"], "{parts:?}");
        assert!(parts[3].contains("Điều 5. Nghị định"), "{parts:?}");
        let plain = "Các xã báo cáo theo Điều 1. Điều 2. của Quy chế.";
        assert_eq!(super::unflatten_articles(plain), vec![plain.to_owned()]);
        let layout = super::layout(&format!(
            "ỦY BAN NHÂN DÂN TỈNH A\nSố: 91/QĐ-UBND\nA, ngày 18 tháng 01 năm 2016\n\nQUYẾT ĐỊNH\n\n{line}\n"
        ));
        assert!(
            layout
                .body
                .iter()
                .any(|(_, l)| l.starts_with("Điều 2. Sở Kế hoạch")),
            "{:?}",
            layout.body
        );
    }

    #[test]
    fn web_chrome_is_skipped() {
        let l = layout(&normalize("Báo lỗi\nSố hiệu: | 104/KH-UBND |\nNgày ban hành: | 07/02/2024 |\nỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 104/KH-UBND | Nghệ An, ngày 07 tháng 02 năm 2024 |\nKẾ HOẠCH\nXây dựng phong trào\nnăm 2024\n__________\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH"));
        assert_eq!(l.header.chrome_lines, 5);
        assert_eq!(l.header.number.as_deref(), Some("104/KH-UBND"));
        assert_eq!(l.header.date, NaiveDate::from_ymd_opt(2024, 2, 7));
        assert_eq!(
            l.header.title.as_deref(),
            Some("Xây dựng phong trào năm 2024")
        );
        assert_eq!(
            l.header.issuer.as_deref(),
            Some("Ủy ban nhân dân tỉnh Nghệ An")
        );
    }
}

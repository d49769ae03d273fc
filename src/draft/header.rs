//! The plan's header: where the plan starts (web-page chrome skipped), its number, place and
//! date, title and issuer, and where the body ends ("Nơi nhận").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::text::fold;

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
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:UBND|Ủy ban nhân dân|Ủy ban Nhân dân|Ban [Cc]hỉ đạo|Ban Thường vụ|Công an)[^,.;:“”]*?)\s+(?:ban hành|xây dựng|triển khai)")
        .expect("regex")
});
const LEVELS: [&str; 8] = [
    "thành phố",
    "thị xã",
    "thị trấn",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
];

fn level_in(s: &str) -> Option<(String, usize)> {
    let low = super::text::lower_same_len(s);
    LEVELS
        .iter()
        .filter_map(|l| {
            low.match_indices(l)
                .filter(|(i, _)| {
                    let before_ok = *i == 0 || low[..*i].ends_with(' ');
                    let after = &low[i + l.len()..];
                    before_ok && (after.is_empty() || after.starts_with(' '))
                })
                .map(|(i, _)| ((*l).to_owned(), i))
                .last()
        })
        .min_by_key(|(l, i)| (*i, std::cmp::Reverse(l.len())))
}

/// Splits the plan text (normalised) into its header and body.
pub fn layout(text: &str) -> Layout {
    let lines: Vec<&str> = text.lines().collect();
    let folded: Vec<String> = lines.iter().map(|l| fold(l.trim())).collect();
    let motto = folded
        .iter()
        .position(|l| l.starts_with("cong hoa xa hoi chu nghia viet nam"));
    let number_line = folded
        .iter()
        .position(|l| l.starts_with("so:") || l.starts_with("so :"));
    // "KẾ HOẠCH" in capitals on a line of its own (a chrome cell "Kế hoạch" does not count).
    let from = [motto, number_line]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    let title_line = (from..lines.len()).find(|&i| {
        let l = lines[i].trim();
        folded[i] == "ke hoach" && l == l.to_uppercase()
    });
    let mut start = [motto, number_line, title_line]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    // The issuer's cell(s) on the motto's row come just before it.
    if motto == Some(start) {
        while start > 0
            && !lines[start - 1].trim().is_empty()
            && lines[start - 1].trim() == lines[start - 1].trim().to_uppercase()
        {
            start -= 1;
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
    let head_end = title_at.unwrap_or(start);
    for (i, line) in lines.iter().enumerate().take(head_end).skip(start) {
        let line = line.trim();
        if let Some(c) = NUMBER.captures(line) {
            let n: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
            if n.starts_with(|c: char| c.is_ascii_digit()) {
                h.number = Some(n);
            } else if !n.is_empty() {
                h.blank_number = Some(n.trim_start_matches('/').to_owned());
            }
        } else if let Some(c) = PLACE_DATE.captures(line) {
            h.place = Some(c[1].trim().to_owned());
            let year: i32 = c[4].parse().unwrap_or(0);
            h.year = Some(year);
            if let (Some(d), Some(m)) = (c.get(2), c.get(3)) {
                h.date = NaiveDate::from_ymd_opt(
                    year,
                    m.as_str().parse().unwrap_or(0),
                    d.as_str().parse().unwrap_or(0),
                );
            }
        } else if !line.is_empty()
            && !folded[i].starts_with("cong hoa")
            && !folded[i].starts_with("doc lap")
            && line == line.to_uppercase()
        {
            header_issuer.push(line.to_owned());
        }
    }
    // Title: the lines after "KẾ HOẠCH" up to a blank line or a rule.
    let mut body_start = head_end;
    if let Some(t) = title_at {
        let mut i = t + 1;
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let mut title = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() && !lines[i].trim().starts_with("___")
        {
            title.push(lines[i].trim());
            i += 1;
        }
        if !title.is_empty() {
            h.title = Some(title.join(" "));
        }
        body_start = i;
    }
    let end = folded
        .iter()
        .enumerate()
        .skip(body_start)
        .find(|(_, l)| l.starts_with("noi nhan"))
        .map_or(lines.len(), |(i, _)| i);
    let body: Vec<(usize, String)> = lines[body_start..end]
        .iter()
        .enumerate()
        .map(|(k, l)| (body_start + k + 1, l.trim().to_owned()))
        .collect();
    // Issuer: the subject of the preamble's "… ban hành / xây dựng / triển khai kế hoạch".
    let preamble: Vec<&str> = body
        .iter()
        .map(|(_, l)| l.as_str())
        .take_while(|l| !l.starts_with("I.") && !l.starts_with("I "))
        .collect();
    let pre = preamble.join(" ");
    let mut issuer = ISSUER
        .captures_iter(&pre)
        .last()
        .map(|c| c[1].trim().to_owned());
    if issuer.is_none() && !header_issuer.is_empty() {
        issuer = Some(header_issuer.join(" "));
    }
    if let Some(is) = issuer.as_mut() {
        // "UBND thị xã" + place "Đông Triều"; "ỦY BAN NHÂN DÂN" + place → "Ủy ban nhân dân …".
        if *is == is.to_uppercase() {
            *is = sentence_case(is);
        }
        let ends_with_level = LEVELS.iter().any(|l| is.to_lowercase().ends_with(l));
        if let Some(place) = &h.place {
            if ends_with_level && !fold(is).contains(&fold(place)) {
                is.push(' ');
                is.push_str(place);
            }
        }
    }
    if let Some(is) = &issuer {
        if let Some((l, i)) = level_in(is) {
            h.level = Some(l.clone());
            if h.place.is_none() {
                let place = is[i + l.len()..].trim();
                if !place.is_empty() {
                    h.place = Some(place.to_owned());
                }
            }
        }
    }
    h.issuer = issuer;
    Layout { header: h, body }
}

/// "ỦY BAN NHÂN DÂN HUYỆN TRIỆU SƠN" → "Ủy ban nhân dân huyện Triệu Sơn": the words of a
/// body's kind and level in lowercase, the place name capitalised.
fn sentence_case(s: &str) -> String {
    const COMMON: [&str; 18] = [
        "ủy",
        "ban",
        "nhân",
        "dân",
        "chỉ",
        "đạo",
        "công",
        "an",
        "huyện",
        "tỉnh",
        "xã",
        "thị",
        "trấn",
        "thành",
        "phố",
        "phường",
        "quận",
        "đảng",
    ];
    let words: Vec<String> = s
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let low = w.to_lowercase();
            let mut c = low.chars();
            let first = c
                .next()
                .map(|f| f.to_uppercase().collect::<String>())
                .unwrap_or_default();
            if i == 0 || !COMMON.contains(&low.as_str()) {
                first + c.as_str()
            } else {
                low
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::normalize;

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

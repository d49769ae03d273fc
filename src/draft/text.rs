//! Text normalisation: NFC, Markdown and table chrome removed, and the diacritic-free folding
//! used to compare names ("Công an tính" finds "Công an tỉnh").

use unicode_normalization::UnicodeNormalization;

/// The level words of local government a body's name carries before its place, lowercase with
/// their marks ("quận", not "quản"; folded where a name is matched to the directory):
/// provinces and cities, towns, districts and urban districts (until 1/7/2025), communes, wards
/// and townships, and the special zones of 1/7/2025. The longer of two sharing a word comes
/// first ("thị xã" before "xã").
pub const LEVELS: [&str; 9] = [
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
];

/// NFC, `\r\n` → `\n`, Markdown emphasis and heading marks removed, table cells on lines of
/// their own, non-breaking spaces as spaces, syllables a copy ran together split back
/// (`glued`).
pub fn normalize(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut in_table = false;
    // Where each column of an aligned (space-separated) table starts, from its header.
    let mut columns: Option<Vec<usize>> = None;
    let all = nfc.replace("\r\n", "\n").replace('\r', "\n");
    let all: Vec<&str> = all.split('\n').collect();
    for (n, line) in all.iter().enumerate() {
        let line = line.replace(['\u{a0}', '\u{2007}', '\u{202f}'], " ");
        // A task table's rows stay whole ("1 | Rà soát | Sở Tư pháp | … | Quý II/2026"), with
        // their cells separated by " | "; columns aligned by tabs or runs of spaces count too.
        let mut cells = table_cells(&line);
        let aligned = !line.contains('|') && !line.contains('\t');
        if aligned && cells.len() >= 3 {
            if is_task_header(&cells) {
                columns = Some(cell_starts(&line));
            } else if let Some(cols) = columns.as_ref().filter(|_| in_table) {
                cells = by_columns(&line, cols);
            }
        }
        // A Markdown rule row under the header ("|---|---|") belongs to the table.
        let rule_row = line.trim().starts_with('|')
            && line
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='));
        if in_table && rule_row {
            continue;
        }
        if cells.len() >= 3
            && (in_table
                || is_task_header(&cells)
                || super::matrix::round_columns(&cells).is_some()
                // A matrix header's upper row ("STT | Nội dung | Các đợt trong năm 2020")
                // above its round names.
                || all.get(n + 1).is_some_and(|next| {
                    next.contains('|')
                        && super::matrix::round_columns(&table_cells(next)).is_some()
                })
                || numbered_row(&line, &cells))
        {
            in_table = true;
            let cells: Vec<String> = cells
                .iter()
                .map(|c| collapse_spaces(&strip_single_stars(&c.replace("**", ""))))
                .map(|c| super::glued::split(&c).into_owned())
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
            continue;
        }
        if !line.trim().is_empty() {
            in_table = false;
        }
        let line = join_split_years(&line.replace('\t', " "));
        let line = line.trim_start_matches('#').trim();
        // Markdown emphasis: `**bold**`, `*italic*`, `***both***`, `__x__`.
        let line = line.replace("**", "").replace("__", "");
        let line = strip_single_stars(&line);
        // A table row ("ỦY BAN NHÂN DÂN | CỘNG HÒA …") becomes one line per cell.
        for cell in line.split('|') {
            let cell = collapse_spaces(cell.trim());
            out.push_str(&super::glued::split(&cell));
            out.push('\n');
        }
    }
    out
}

/// A year a scan or a converted PDF split in two after its century, in a date ("trước ngày
/// 31/5/20 23"): joined back ("31/5/2023"), so the date keeps its year.
fn join_split_years(line: &str) -> String {
    static SPLIT_YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*)(20|19) (\d{2})\b")
            .expect("regex")
    });
    SPLIT_YEAR.replace_all(line, "$1$2$3").into_owned()
}

/// A row of a `|` table with four cells or more whose first is a row number ("| 43. | Xây
/// dựng … | Bộ … | 2025 |"): a table whose header is elsewhere (an earlier page, or left out of
/// an excerpt) stays a table; whether it is a task table is for `tables` to say.
fn numbered_row(line: &str, cells: &[String]) -> bool {
    let first = cells
        .first()
        .map_or("", |c| c.trim_matches(|c| c == '*' || c == ' '));
    line.contains('|')
        && cells.len() >= 4
        && !first.is_empty()
        && first
            .trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The cells of a table row: split at `|`, else at tabs, else at runs of 3+ spaces. A
/// Markdown rule row (`|---|---|`) has none.
pub fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    if t.chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='))
    {
        return Vec::new();
    }
    let parts: Vec<String> = if t.matches('|').count() >= 2 {
        t.trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_owned())
            .collect()
    } else if t.contains('\t') {
        t.split('\t')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect()
    } else if t.contains("   ") {
        t.split("   ")
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    parts
}

/// Char offsets where the cells of an aligned row start (after runs of 3+ spaces).
fn cell_starts(line: &str) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut spaces = 3;
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            spaces += 1;
        } else {
            if spaces >= 3 {
                out.push(i);
            }
            spaces = 0;
        }
    }
    out
}

/// An aligned row's cells put under the header's columns: a cell belongs to the last column
/// starting at or before it (give or take two chars); a column with nothing is an empty cell.
fn by_columns(line: &str, cols: &[usize]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = vec![String::new(); cols.len()];
    for start in cell_starts(line) {
        let end = (start..chars.len())
            .find(|&i| chars[i..].iter().take(3).all(|c| c.is_whitespace()) && i + 3 <= chars.len())
            .unwrap_or(chars.len());
        let text: String = chars[start..end].iter().collect();
        let col = cols.iter().rposition(|c| *c <= start + 2).unwrap_or(0);
        if !out[col].is_empty() {
            out[col].push(' ');
        }
        out[col].push_str(text.trim());
    }
    out
}

/// Words opening a task table's task heading, folded without spaces: "Nhiệm vụ", "Nội dung
/// công việc", "Tên nhiệm vụ", a legislative programme's "Tên dự án luật" / "Tên văn bản", a
/// statistics calendar's "Tên thông tin thống kê" / "Tên chỉ tiêu".
pub const TASK_HEADINGS: [&str; 9] = [
    "nhiemvu",
    "noidung",
    "congviec",
    "tennhiemvu",
    "tenduan",
    "tenvanban",
    "tenthongtin",
    "tenchitieu",
    // A list of administrative procedures ("Tên thủ tục hành chính", "Lĩnh vực, thủ tục hành
    // chính") with their time to decide: each procedure is a duty of the office handling it.
    "thutuc",
];
/// Words of a lead-unit heading ("Cơ quan chủ trì", "Đơn vị thực hiện"), folded.
pub const LEAD_HEADINGS: [&str; 4] = ["chutri", "thuchien", "coquan", "donvi"];
/// Words of a time heading ("Thời gian", "Thời hạn", "Tiến độ", "hoàn thành"), folded.
pub const TIME_HEADINGS: [&str; 4] = ["thoigian", "thoihan", "tiendo", "hoanthanh"];

/// Whether cells are the header of a task table: a task column and a lead or time column.
pub fn is_task_header(cells: &[String]) -> bool {
    // A row that opens with its number ("5 | Rà soát … các nhiệm vụ được phân cấp | Bộ Nội vụ
    // chủ trì tổng hợp | Quý II/2026") is a task row whose cells use a heading's words.
    let first = cells
        .first()
        .map_or("", |c| c.trim().trim_matches('*').trim());
    if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    // Compared without spaces: PDF conversions glue a heading's words ("Thờigian").
    let f: Vec<String> = cells
        .iter()
        .map(|c| fold(c).chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let has = |ws: &[&str]| f.iter().any(|c| ws.iter().any(|w| c.contains(w)));
    has(&TASK_HEADINGS)
        && (has(&LEAD_HEADINGS) as u8 + has(&TIME_HEADINGS) as u8) >= 1
        && has(&["chutri", "thoigian", "thoihan", "tiendo", "phoihop"])
}

/// Removes `*` used as emphasis (`*trước ngày 13*`), keeping a `*` between spaces.
fn strip_single_stars(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let spaced =
                before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace);
            if !spaced || chars.len() == 1 {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// One character without diacritics, lowercase (`Ỉ` → `i`, `Đ` → `d`).
pub fn fold_char(c: char) -> char {
    match c {
        'đ' | 'Đ' => 'd',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let base = c.nfd().next().unwrap_or(c);
            base.to_lowercase().next().unwrap_or(base)
        }
    }
}

/// The whole string folded: same number of chars as the input.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Lowercase with the same byte length per char as the input, so offsets carry over.
pub fn lower_same_len(s: &str) -> String {
    s.chars()
        .map(|c| {
            let l = c.to_lowercase().next().unwrap_or(c);
            if l.len_utf8() == c.len_utf8() {
                l
            } else {
                c
            }
        })
        .collect()
}

/// An ASCII slug for ids: `Báo cáo quý` → `bao-cao-quy`, at most `max` chars.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_owned();
    if out.len() > max {
        out.truncate(max);
        if let Some(i) = out.rfind('-') {
            if i > max / 2 {
                out.truncate(i);
            }
        }
    }
    out.trim_matches('-').to_owned()
}

/// At most `max` chars of a text, cut at a word.
pub fn collapse(s: &str, max: usize) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The last `n` characters of `s` (all of it when shorter): the words just before a match,
/// where a rule looks for what governs it.
pub fn last_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return &s[s.len()..];
    }
    let start = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &s[start..]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_characters_of_a_text() {
        for (s, n, last) in [
            ("báo cáo trước ngày", 4, "ngày"),
            ("báo cáo trước ngày", 5, " ngày"),
            ("đến", 10, "đến"),
            ("đến", 0, ""),
            ("", 3, ""),
            ("hạn chót", 1, "t"),
        ] {
            assert_eq!(last_chars(s, n), last, "{s:?} {n}");
            let collected: String = s
                .chars()
                .rev()
                .take(n)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            assert_eq!(last_chars(s, n), collected);
        }
    }

    use super::*;

    /// A year split after its century by a scan is joined back in a date, and nowhere else.
    #[test]
    fn a_split_year_in_a_date_is_joined() {
        for (line, want) in [
            (
                "hoàn thành trước ngày 31/5/20 23; thời gian",
                "hoàn thành trước ngày 31/5/2023; thời gian",
            ),
            ("ngày 10-6-20 21 và", "ngày 10-6-2021 và"),
            ("có 20 23 người dự", "có 20 23 người dự"),
            ("ngày 31/5/2023 có 20 23", "ngày 31/5/2023 có 20 23"),
        ] {
            assert_eq!(join_split_years(line), want);
        }
    }

    /// A task row that uses a heading's words ("nhiệm vụ", "chủ trì", "thời hạn") in its cells
    /// is no header: it opens with its number (written for this test).
    #[test]
    fn a_numbered_row_is_no_task_header() {
        let cells = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert!(is_task_header(&cells(&[
            "TT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời hạn"
        ])));
        assert!(!is_task_header(&cells(&[
            "5",
            "Rà soát các nhiệm vụ được phân cấp",
            "Sở Nội vụ chủ trì tổng hợp",
            "Quý II/2026"
        ])));
        assert!(!is_task_header(&cells(&[
            "2.1.",
            "Nội dung công việc của các cơ quan",
            "Sở Tư pháp chủ trì",
            "Tháng 6/2026"
        ])));
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Quý I hằng năm".nfd().collect();
        assert_ne!(nfd, "Quý I hằng năm");
        assert_eq!(normalize(&nfd), "Quý I hằng năm\n");
    }

    #[test]
    fn a_numbered_pipe_table_without_its_header_stays_a_table() {
        let text = "| 43. | Xây dựng chương trình quốc gia | Bộ Khoa học | Các bộ | 2025 |\n\
                    | 44. | Xây dựng danh mục | Bộ Khoa học | Các bộ | 6/2025 |\n\
                    ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    | Chỉ tiêu | 2024 | 2025 | 2026 |\n";
        let out = normalize(text);
        assert!(
            out.contains("43. | Xây dựng chương trình quốc gia | Bộ Khoa học | Các bộ | 2025\n"),
            "{out}"
        );
        assert!(out.contains("44. | Xây dựng danh mục | Bộ Khoa học | Các bộ | 6/2025\n"));
        // Other tables still become one line per cell.
        assert!(out.contains("ỦY BAN NHÂN DÂN\nCỘNG HÒA"), "{out}");
        assert!(out.contains("Chỉ tiêu\n2024\n"), "{out}");
    }

    #[test]
    fn markdown_and_tables() {
        assert_eq!(normalize("## **1. Công an huyện**"), "1. Công an huyện\n");
        assert_eq!(
            normalize("Định kỳ hàng quý (*trước ngày 13 của tháng cuối quý*) báo cáo"),
            "Định kỳ hàng quý (trước ngày 13 của tháng cuối quý) báo cáo\n"
        );
        assert_eq!(
            normalize("Số: 104/KH-UBND | Nghệ An, ngày 07 tháng 02 năm 2024 |"),
            "Số: 104/KH-UBND\nNghệ An, ngày 07 tháng 02 năm 2024\n\n"
        );
        assert_eq!(normalize("Số: *191* /KH-UBND"), "Số: 191 /KH-UBND\n");
    }

    #[test]
    fn folding_and_slugs() {
        assert_eq!(fold("Công an TỈNH Đông Triều"), "cong an tinh dong trieu");
        assert_eq!(fold("tính"), fold("tỉnh"));
        assert_eq!(
            slug("Báo cáo quý: (trước ngày 13)", 64),
            "bao-cao-quy-truoc-ngay-13"
        );
        assert!(slug("một hai ba bốn năm sáu bảy tám chín mười", 20).len() <= 20);
    }
}

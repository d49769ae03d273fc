//! HTML tables kept in a converted text (PDF-to-Markdown converters write `<table>` blocks)
//! rewritten as `|` rows, so that the task-table layout logic reads them like Markdown tables.

use regex::Regex;
use std::sync::LazyLock;

use super::text::is_task_header;

/// One `<tr>` read: its cells and whether they were all `<th>` (a header row).
struct Row {
    cells: Vec<String>,
    header: bool,
}

/// Rewrites every run of `<table>` blocks as Markdown `|` rows. A converter splits a table at
/// each page break into blocks of their own, each with a header row of its own: a placeholder
/// header ("Col1", "Col2", …) or one that is no task header (a cell wrapped from the previous
/// page) after the run's first header is dropped, so the rows read on under the first header.
/// A section row that repeats its title in every cell ("I | Title | Title | …", as converters
/// fill a merged cell) keeps the title once. `colspan` cells are padded with empty cells and
/// `rowspan` cells repeated in the rows they span. The line count is kept: the rows are put on
/// the run's first lines, one row a line, and the rest of the run is left blank.
pub fn tables_as_rows(text: &str) -> String {
    if !text.contains("<table") && !text.contains("<TABLE") {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !opens_table(lines[i]) {
            out.push(lines[i].to_owned());
            i += 1;
            continue;
        }
        // The run: table blocks separated by nothing but blank lines and page numbers.
        let start = i;
        let mut end = i;
        let mut k = i;
        let mut depth = 0usize;
        while k < lines.len() {
            let l = lines[k].to_lowercase();
            depth += l.matches("<table").count();
            let closes = l.matches("</table>").count();
            depth = depth.saturating_sub(closes);
            k += 1;
            if depth == 0 {
                end = k;
                // Another block after blank lines or a page number continues the run.
                let mut j = k;
                while j < lines.len() && is_page_filler(lines[j]) {
                    j += 1;
                }
                if j < lines.len() && opens_table(lines[j]) {
                    k = j;
                    continue;
                }
                break;
            }
        }
        if depth > 0 {
            // An unclosed table runs to the end of the text.
            end = lines.len();
        }
        let block = lines[start..end].join("\n");
        let rows = markdown_rows(&block);
        let n = end - start;
        for r in 0..n {
            out.push(rows.get(r).cloned().unwrap_or_default());
        }
        // More rows than lines (rows written one per line in the source are never more, but a
        // block may hold several `<tr>` on one line): the rest joins the last line's row run.
        if rows.len() > n {
            let extra = rows[n..].join("\n");
            if let Some(last) = out.last_mut() {
                last.push('\n');
                last.push_str(&extra);
            }
        }
        i = end;
    }
    out.join("\n")
}

fn opens_table(line: &str) -> bool {
    line.trim_start().to_lowercase().starts_with("<table")
}

/// A line between two blocks of one table: blank, a page number ("4", "3       -").
fn is_page_filler(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 12
        && t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '–' | '/'))
}

/// The rows of a run of table blocks as Markdown `|` lines.
fn markdown_rows(block: &str) -> Vec<String> {
    static ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<tr\b[^>]*>").expect("regex"));
    let mut rows: Vec<Row> = Vec::new();
    // (column, rows left, text) of cells spanning rows below their own.
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    // Each piece after a `<tr>` holds that row's cells (up to the next row).
    for inner in ROW.split(block).skip(1) {
        let Some(mut row) = read_row(inner) else {
            continue;
        };
        if !spans.is_empty() {
            let mut cells = Vec::new();
            let mut given = row.cells.into_iter();
            let mut col = 0;
            loop {
                if let Some(s) = spans.iter_mut().find(|s| s.0 == col && s.1 > 0) {
                    s.1 -= 1;
                    cells.push(s.2.clone());
                } else if let Some(c) = given.next() {
                    cells.push(c);
                } else {
                    break;
                }
                col += 1;
            }
            spans.retain(|s| s.1 > 0);
            row.cells = cells;
        }
        for (col, text, n) in row_spans(inner) {
            if n > 1 {
                spans.push((col, n - 1, text));
            }
        }
        rows.push(row);
    }
    let mut out = Vec::new();
    let mut has_header = false;
    for row in rows {
        if row.cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if row.header {
            let placeholders = row.cells.iter().filter(|c| is_placeholder(c)).count();
            if placeholders * 2 >= row.cells.len() || (has_header && !is_task_header(&row.cells)) {
                continue;
            }
            has_header |= is_task_header(&row.cells);
        }
        let cells = section_row(row.cells);
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| if c.is_empty() { "·".to_owned() } else { c })
            .collect();
        out.push(format!("| {} |", cells.join(" | ")));
    }
    out
}

/// The cells of a row's inside: (`th`?, attributes, inner HTML) of each `<td>`/`<th>`.
fn cells_of(inner: &str) -> Vec<(bool, String, String)> {
    static OPEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<(t[dh])\b([^>]*)>").expect("regex"));
    static CLOSE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)</t[dh]>|</tr>|</table>").expect("regex"));
    let opens: Vec<_> = OPEN.captures_iter(inner).collect();
    let mut out = Vec::new();
    for (n, c) in opens.iter().enumerate() {
        let whole = c.get(0).expect("match");
        let next = opens
            .get(n + 1)
            .map_or(inner.len(), |o| o.get(0).expect("match").start());
        let rest = &inner[whole.end()..next];
        let content = CLOSE.find(rest).map_or(rest, |m| &rest[..m.start()]);
        out.push((
            c[1].eq_ignore_ascii_case("th"),
            c[2].to_owned(),
            content.to_owned(),
        ));
    }
    out
}

/// The cells of one `<tr>`'s inside, `colspan` cells padded with empty ones; None when it has
/// no cell.
fn read_row(inner: &str) -> Option<Row> {
    let mut cells = Vec::new();
    let mut header = true;
    for (th, attrs, content) in cells_of(inner) {
        header &= th;
        cells.push(cell_text(&content));
        for _ in 1..span(&attrs, "colspan") {
            cells.push(String::new());
        }
    }
    (!cells.is_empty()).then_some(Row { cells, header })
}

/// The cells of a row that span rows below: (column, text, rows spanned).
fn row_spans(inner: &str) -> Vec<(usize, String, usize)> {
    let mut out = Vec::new();
    let mut col = 0;
    for (_, attrs, content) in cells_of(inner) {
        let rows = span(&attrs, "rowspan");
        if rows > 1 {
            out.push((col, cell_text(&content), rows));
        }
        col += span(&attrs, "colspan");
    }
    out
}

/// A `colspan`/`rowspan` attribute's value (1 when absent).
fn span(attrs: &str, name: &str) -> usize {
    let re = Regex::new(&format!(r#"(?i)\b{name}\s*=\s*["']?(\d+)"#)).expect("regex");
    re.captures(attrs)
        .and_then(|c| c[1].parse().ok())
        .filter(|n: &usize| (1..=50).contains(n))
        .unwrap_or(1)
}

/// A cell's text: `<br>` line breaks and paragraph ends read as spaces (a converter breaks a
/// cell's lines where the PDF did, inside names: "Sở Thông tin và<br>Truyền thông"), other
/// tags dropped, the usual entities decoded, `|` (the row separator) written as `/`, spaces
/// collapsed.
fn cell_text(html: &str) -> String {
    static BR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("regex"));
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("regex"));
    // A cell's paragraphs ("<p>Trước ngày</p><p>30/9/2020</p>") are read as one line too.
    static BLOCK_END: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)</(?:p|div|li)\s*>").expect("regex"));
    let t = BR.replace_all(html, " ");
    let t = BLOCK_END.replace_all(&t, " ");
    let t = TAG.replace_all(&t, "");
    let t = html_escape::decode_html_entities(&t).replace('|', "/");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with the HTML entities of letters and spaces decoded: named ones of Latin and
/// Vietnamese letters ("Ph&ograve;ng" → "Phòng", "&Ecirc;" → "Ê", "&nbsp;" → " ") and numeric
/// ones ("&#7897;", "&#x1EA1;"). The markup's own entities (&lt; &gt; &amp; &quot;) stay, so
/// that no tag is made of text; a cell's text decodes them (`cell_text`).
pub fn decode_letter_entities(text: &str) -> String {
    static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,30});")
            .expect("regex")
    });
    if !text.contains('&') {
        return text.to_owned();
    }
    ENTITY
        .replace_all(text, |c: &regex::Captures| {
            // The entity's character, by the html-escape crate's table of HTML's names.
            let decoded = html_escape::decode_html_entities(&c[0]);
            let mut chars = decoded.chars();
            match (chars.next(), chars.next()) {
                (Some('\u{a0}'), None) => " ".to_owned(),
                // The markup's own characters stay as written, so no tag is made of text.
                (Some(ch), None)
                    if !['<', '>', '&', '"', '\''].contains(&ch) && !ch.is_control() =>
                {
                    ch.to_string()
                }
                _ => c[0].to_owned(),
            }
        })
        .into_owned()
}

/// A converter's name for a header cell it could not read ("Col1", "Col7").
fn is_placeholder(cell: &str) -> bool {
    let t = cell.trim();
    t.len() > 3
        && t.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("col"))
        && t[3..].chars().all(|c| c.is_ascii_digit())
}

/// A row whose cells after the first all repeat one text (a merged section cell filled into
/// every column: "II | Nhiệm vụ chung | Nhiệm vụ chung | …") keeps it once, the rest empty.
fn section_row(mut cells: Vec<String>) -> Vec<String> {
    if cells.len() >= 4 {
        let first = cells[1].clone();
        if !first.is_empty() && cells[2..].iter().all(|c| *c == first) {
            for c in cells.iter_mut().skip(2) {
                c.clear();
            }
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date cell of two paragraphs (written for this test) reads as one line.
    #[test]
    fn a_cells_paragraphs_read_as_one_line() {
        assert_eq!(
            cell_text("<p>Trước ngày</p><p>30/9/2025</p>"),
            "Trước ngày 30/9/2025"
        );
    }

    /// A task table as a converter writes it (written for this test): a header, a section row
    /// repeating its title, cells broken by `<br>`, a page break with a placeholder header, a
    /// text line before and after.
    #[test]
    fn html_task_tables_become_rows() {
        let text = "Phụ lục nhiệm vụ\n<table border=\"1\">\n<thead>\n<tr>\n<th>STT</th>\n\
            <th>Nội dung<br>công việc</th>\n<th>Cơ quan chủ trì</th>\n<th>Thời gian</th>\n\
            <th>Ghi chú</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>**A**</td>\n<td>**Chuẩn bị**</td>\n\
            <td>**Chuẩn bị**</td>\n<td>**Chuẩn bị**</td>\n<td>**Chuẩn bị**</td>\n</tr>\n<tr>\n\
            <td>1</td>\n<td>Rà soát hồ sơ<br>đất đai</td>\n<td>Sở Nông nghiệp<br>và Môi trường</td>\n\
            <td>Quý II/2026</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n12\n<table>\n<thead>\n<tr>\n\
            <th>Col1</th><th>Col2</th><th>Col3</th><th>vẫn tiếp tục</th><th>Col5</th>\n</tr>\n</thead>\n\
            <tr><td>2</td><td>Tập huấn cán bộ &amp; nhân viên</td><td>Sở Nội vụ</td><td>2026</td><td>x</td></tr>\n\
            </table>\nKế hoạch này có hiệu lực.";
        let out = tables_as_rows(text);
        assert_eq!(out.split('\n').count(), text.split('\n').count());
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(
            rows,
            [
                "| STT | Nội dung công việc | Cơ quan chủ trì | Thời gian | Ghi chú |",
                "| **A** | **Chuẩn bị** | · | · | · |",
                "| 1 | Rà soát hồ sơ đất đai | Sở Nông nghiệp và Môi trường | Quý II/2026 | · |",
                "| 2 | Tập huấn cán bộ & nhân viên | Sở Nội vụ | 2026 | x |",
            ]
        );
        assert!(out.starts_with("Phụ lục nhiệm vụ\n| STT"));
        assert!(out.ends_with("\nKế hoạch này có hiệu lực."));
        // Text without a table is left alone.
        assert_eq!(tables_as_rows("Không có bảng.\n"), "Không có bảng.\n");
    }

    /// Merged cells (written for this test): a lead unit spanning two rows, a section title
    /// spanning the row.
    #[test]
    fn spans_are_filled() {
        let text = "<table><tr><th>TT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr>\
            <tr><td>I</td><td colspan=\"3\">Nhiệm vụ chung</td></tr>\
            <tr><td>1</td><td>Lập danh mục</td><td rowspan=\"2\">Sở Tư pháp</td><td>6/2026</td></tr>\
            <tr><td>2</td><td>Kiểm tra</td><td>9/2026</td></tr></table>";
        let out = tables_as_rows(text);
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(
            rows,
            [
                "| TT | Nhiệm vụ | Đơn vị chủ trì | Thời hạn |",
                "| I | Nhiệm vụ chung | · | · |",
                "| 1 | Lập danh mục | Sở Tư pháp | 6/2026 |",
                "| 2 | Kiểm tra | Sở Tư pháp | 9/2026 |",
            ]
        );
    }

    #[test]
    fn placeholders_and_page_fillers() {
        assert!(is_placeholder("Col1"));
        assert!(is_placeholder("col12"));
        assert!(!is_placeholder("Cột"));
        assert!(!is_placeholder("Col"));
        assert!(is_page_filler(""));
        assert!(is_page_filler("3       -"));
        assert!(!is_page_filler("Ghi chú"));
    }

    /// A page written with entities (text written for this test) drafts as its letters: the
    /// quote, the title and the receiver read "Các khoa", "Phòng Công tác sinh viên".
    #[test]
    fn a_page_written_with_entities_drafts_as_its_letters() {
        let dir = crate::domain::model::Directory::new(Vec::new(), Vec::new());
        let text = "C&aacute;c khoa nộp cho Ph&ograve;ng C&ocirc;ng t&aacute;c sinh vi&ecirc;n trước ng&agrave;y 5/10/2026.\n";
        let d = crate::draft::draft(text, "t.html", &dir);
        assert_eq!(d.obligations.len(), 1, "{:?}", d.obligations);
        let o = &d.obligations[0];
        assert!(
            o.quote
                .contains("Các khoa nộp cho Phòng Công tác sinh viên"),
            "{o:?}"
        );
        assert!(!o.title.contains('&'), "{o:?}");
        assert_eq!(
            o.recipient_name.as_deref(),
            Some("Phòng Công tác sinh viên")
        );
    }

    /// Entities written for this test: letters named and numbered are decoded, the markup's
    /// own entities and unknown names stay.
    #[test]
    fn letter_entities_are_decoded() {
        for (html, want) in [
            (
                "Ph&ograve;ng Đ&agrave;o tạo nhận b&aacute;o c&aacute;o",
                "Phòng Đào tạo nhận báo cáo",
            ),
            ("Tr&Ecirc;N&nbsp;x&atilde;", "TrÊN xã"),
            ("&#272;&#7897;i thi c&#x00F4;ng", "Đội thi công"),
            // Near-misses: markup, a consonant with a mark, an unknown name, no semicolon.
            ("a &lt;b&gt; &amp; c &#60;", "a &lt;b&gt; &amp; c &#60;"),
            ("&ncirc; &foo; &aacute", "&ncirc; &foo; &aacute"),
        ] {
            assert_eq!(decode_letter_entities(html), want, "{html}");
        }
    }
}

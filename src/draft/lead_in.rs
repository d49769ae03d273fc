//! Lines that are only a deadline over the duties listed below them, and the items each one
//! dates.

use super::phrases::{Found, What};
use super::sections::{Block, Label};
use super::DraftObligation;

/// Class: a line that states nothing but a deadline, ending with a colon, over the duties
/// listed below it ("a) Trước ngày 20 tháng 2 năm 2020:" then "Hội đồng cơ sở … nộp hồ sơ về
/// Sở …"; "Chậm nhất ngày 04/3/2021:" then "+ Công bố …"; "1. Trước ngày 31 tháng 12 hằng
/// năm:" then "a) Cơ sở đào tạo …", "b) …"; a timetable's "- Trước 21/11/2008:" then "* …").
/// The line is no duty of its own: each item below it is one, due by the line's deadline.
///
/// `first_found` gives the phrases read in a block's first sentence. Returns, for each block,
/// the lead-in line above it when it is such an item.
pub fn dated_items(
    blocks: &[Block],
    sents: &[Vec<String>],
    first_found: &dyn Fn(usize) -> Vec<Found>,
) -> Vec<Option<usize>> {
    let mut lead = vec![None; blocks.len()];
    for h in 0..blocks.len() {
        // The cheap tests first: most blocks are never scanned twice.
        if lead[h].is_some()
            || !may_be_dated_line(&blocks[h], &sents[h])
            || !is_dated_line(&sents[h][0], &first_found(h))
        {
            continue;
        }
        for k in items_below(blocks, sents, h, first_found) {
            lead[k] = Some(h);
        }
    }
    lead
}

/// Whether a block is one short sentence ending with a colon, not skipped.
fn may_be_dated_line(block: &Block, sents: &[String]) -> bool {
    let [s] = sents else {
        return false;
    };
    block.skip.is_none()
        && block.label != Label::Addressees
        && s.trim_end().ends_with(':')
        && s.chars().count() <= 160
}

/// Whether a sentence holds one deadline and nothing else but a colon, list marks and a remark
/// in brackets ("Chậm nhất ngày 07/02/2021 (105 ngày trước ngày bầu cử):").
fn is_dated_line(s: &str, found: &[Found]) -> bool {
    let bracketed = brackets(s);
    let inside = |f: &Found| bracketed.iter().any(|&(a, z)| f.start >= a && f.end <= z);
    let rules = found
        .iter()
        .filter(|f| !inside(f) && matches!(f.what, What::Rule(_)))
        .count();
    if rules != 1
        || found
            .iter()
            .any(|f| !inside(f) && !matches!(f.what, What::Rule(_)))
    {
        return false;
    }
    let mut rest = String::new();
    for (i, c) in s.char_indices() {
        let covered = found.iter().any(|f| i >= f.start && i < f.end)
            || bracketed.iter().any(|&(a, z)| i >= a && i < z);
        if !covered {
            rest.push(c);
        }
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// The byte spans of a sentence's bracketed remarks, brackets included.
fn brackets(s: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, c) in s.char_indices() {
        match c {
            '(' if open.is_none() => open = Some(i),
            ')' => {
                if let Some(a) = open.take() {
                    spans.push((a, i + 1));
                }
            }
            _ => {}
        }
    }
    spans
}

/// A line of a list marked with a star ("* Các khoa công bố …"), which the section reader
/// leaves as a plain paragraph.
fn starred(block: &Block) -> bool {
    block.label == Label::Plain && block.text.trim_start().starts_with('*')
}

/// The items a dated line heads: its own children, the starred list right below it, the list
/// (bullets, "+") right below a plain line, or else the one paragraph right below a plain
/// line. An item's own sub-list is part of that item. The items end at the first block that
/// is none of these, is skipped, or sets a date of its own.
fn items_below(
    blocks: &[Block],
    sents: &[Vec<String>],
    h: usize,
    first_found: &dyn Fn(usize) -> Vec<Found>,
) -> Vec<usize> {
    let head = &blocks[h];
    let nests = !matches!(head.label, Label::Plain | Label::Bullet | Label::Plus);
    let under = |k: usize, of: usize| {
        let mut p = blocks[k].parent;
        while let Some(a) = p {
            if a == of {
                return true;
            }
            p = blocks[a].parent;
        }
        false
    };
    let own_date = |k: usize| {
        first_found(k)
            .iter()
            .any(|f| matches!(f.what, What::Rule(_)))
    };
    let mut items: Vec<usize> = Vec::new();
    let mut list_open = false;
    for k in h + 1..blocks.len() {
        let b = &blocks[k];
        if sents[k].is_empty() {
            continue;
        }
        let listed = matches!(b.label, Label::Bullet | Label::Plus);
        // An item's own sub-list: nested under it, or, under a starred item ending with a
        // colon (a plain paragraph to the section reader), the bullets that follow it ("* Các
        // khoa công bố …:" then "+ Danh mục đề tài …").
        if items.iter().any(|&i| under(k, i)) || list_open && listed {
            continue;
        }
        let item = b.parent == Some(h)
            || !nests
                && b.parent == head.parent
                && (starred(b)
                    || head.label == Label::Plain
                        && (listed || items.is_empty() && b.label == Label::Plain));
        if !item || b.skip.is_some() || own_date(k) || ends_items(&items, blocks, b) {
            break;
        }
        items.push(k);
        list_open = starred(b) && b.text.trim_end().ends_with(':');
        // A plain line heads one paragraph, not the paragraphs after it.
        if head.label == Label::Plain && b.label == Label::Plain && !starred(b) {
            break;
        }
    }
    items
}

/// Whether a block below a dated line's items starts another part of the text: a plain
/// paragraph after its list (bullets, "+"), or a label line ending with a colon ("Cách thức
/// thực hiện:" in a procedure sheet, after "b) Trong thời hạn 15 ngày, kể từ …:" and its
/// branches).
fn ends_items(items: &[usize], blocks: &[Block], b: &Block) -> bool {
    let Some(&last) = items.last() else {
        return false;
    };
    b.label == Label::Plain
        && !starred(b)
        && (matches!(blocks[last].label, Label::Bullet | Label::Plus)
            || b.text.trim_end().ends_with(':') && b.text.chars().count() <= 60)
}

/// An item read as one sentence with its dated line: "Trước ngày 20/2/2020: Hội đồng cơ sở
/// nộp hồ sơ …" (a star marking the item is dropped).
pub fn joined(line: &str, item: &str) -> String {
    let item = item.trim_start();
    let item = item.strip_prefix('*').unwrap_or(item).trim_start();
    format!("{} {}", line.trim_end(), item)
}

/// An item drafted under a dated line: the item's line, its dated line's, and the dated
/// line's text its quote opens with.
#[derive(Debug, Clone)]
pub struct DatedItem {
    pub line: usize,
    pub head_line: usize,
    pub head: String,
}

/// Items under one dated line that name no holder are one duty: what must be done by that day
/// ("Chậm nhất ngày 14/3/2021:" then "+ Thành lập Ban bầu cử đại biểu Quốc hội;", "+ Thành
/// lập Ban bầu cử đại biểu Hội đồng nhân dân …"), quoted together. Items naming their holders
/// stay apart.
pub fn merge_holderless(obligations: &mut Vec<DraftObligation>, items: &[DatedItem]) {
    // Only an item's first sentence is read with its line (and quotes it).
    let item_of = |o: &DraftObligation| {
        items
            .iter()
            .find(|i| i.line == o.line && o.quote.starts_with(i.head.as_str()))
    };
    let holderless = |o: &DraftObligation| o.assignees.is_empty() && o.assignee_names.is_empty();
    let mut kept: Vec<DraftObligation> = Vec::with_capacity(obligations.len());
    for o in obligations.drain(..) {
        let into = item_of(&o).filter(|_| holderless(&o)).and_then(|item| {
            kept.iter().position(|k| {
                k.rule == o.rule
                    && holderless(k)
                    && item_of(k).is_some_and(|ki| ki.head_line == item.head_line)
            })
        });
        match into {
            Some(k) => {
                let head = item_of(&o).map_or("", |i| i.head.as_str());
                let own = o.quote.strip_prefix(head).unwrap_or(&o.quote).trim_start();
                kept[k].quote = format!("{} {}", kept[k].quote, own);
            }
            None => kept.push(o),
        }
    }
    *obligations = kept;
}

#[cfg(test)]
mod tests {
    use crate::draft::extract::tests::draft_text;

    /// Texts written for this test: a line that is only a deadline dates the items below it,
    /// read as one sentence with it; items naming no holder are one duty; a line with more
    /// than a deadline, or an item with a date of its own, keeps today's reading.
    #[test]
    fn a_line_that_is_only_a_deadline_dates_its_items() {
        let head =
            "Số: 12/KH-UBND\nHòa Bình, ngày 02 tháng 01 năm 2026\n\nKẾ HOẠCH\nThử nghiệm\n\n";
        // (body, expected (quote start, rule) per obligation)
        let cases: [(&str, &[(&str, &str)]); 8] = [
            // A lettered line over one plain paragraph each.
            (
                "1. Thời gian nộp hồ sơ\na) Trước ngày 20 tháng 2 năm 2026:\nCông an huyện nộp hồ sơ về Ủy ban nhân dân huyện.\nb) Trước ngày 20 tháng 3 năm 2026:\nPhòng Tư pháp huyện nộp hồ sơ về Ban Chỉ đạo 138 huyện.\n",
                &[
                    ("Trước ngày 20 tháng 2 năm 2026: Công an huyện nộp", "date = \"2026-02-20\""),
                    ("Trước ngày 20 tháng 3 năm 2026: Phòng Tư pháp", "date = \"2026-03-20\""),
                ],
            ),
            // A numbered yearly line over lettered items with their own holders: one each.
            (
                "Điều 5. Báo cáo\n1. Trước ngày 31 tháng 12 hằng năm:\na) Công an huyện cập nhật dữ liệu về tình hình an ninh;\nb) Phòng Tư pháp huyện thông báo Ủy ban nhân dân huyện về kết quả hòa giải.\n2. Các xã lưu trữ hồ sơ theo quy định.\n",
                &[
                    ("Trước ngày 31 tháng 12 hằng năm: Công an huyện", "day = 31, month = 12"),
                    ("Trước ngày 31 tháng 12 hằng năm: Phòng Tư pháp", "day = 31, month = 12"),
                ],
            ),
            // A plain line with a remark in brackets over "+" items naming no holder: one duty.
            (
                "II. CÁC MỐC THỜI GIAN\nChậm nhất ngày 07/02/2026 (105 ngày trước ngày bầu cử):\n+ Thành lập tổ công tác cấp huyện;\n+ Thành lập tổ công tác cấp xã.\nChậm nhất ngày 04/3/2026: Công bố danh sách.\n",
                &[
                    ("Chậm nhất ngày 07/02/2026 (105 ngày trước ngày bầu cử): Thành lập tổ công tác cấp huyện; Thành lập tổ công tác cấp xã.", "date = \"2026-02-07\""),
                    ("Chậm nhất ngày 04/3/2026: Công bố", "date = \"2026-03-04\""),
                ],
            ),
            // A bulleted line over starred items; an item's own "+" list is part of it, and a
            // bullet with a date of its own ends the items.
            (
                "1. Công việc chuẩn bị\n- Trước 21/11/2026:\n* Công an huyện thông báo danh sách cán bộ dự thi\n* Phòng Tư pháp huyện công bố (trên trang thông tin):\n+ Danh mục đề tài;\n+ Đề cương ôn tập.\n- Từ 1 đến 12/12/2026: Các xã đăng ký dự thi.\n",
                &[
                    ("Trước 21/11/2026: Công an huyện thông báo", "date = \"2026-11-21\""),
                    ("Trước 21/11/2026: Phòng Tư pháp huyện công bố", "date = \"2026-11-21\""),
                    ("Từ 1 đến 12/12/2026: Các xã", "date = \"2026-12-12\""),
                ],
            ),
            // Near miss: a line naming its holder keeps its own reading (the items are what
            // that holder does).
            (
                "3. Trước ngày 01 tháng 6 hằng năm, Công an huyện:\na) Ban hành hướng dẫn xây dựng kế hoạch;\nb) Thông báo số kiểm tra.\n",
                &[("Trước ngày 01 tháng 6 hằng năm, Công an huyện:", "day = 1, month = 6")],
            ),
            // A lettered limit over its branches, then the procedure sheet's next parts: a
            // label line and the paragraphs under it are no branches of the limit.
            (
                "1. Trình tự thực hiện\na) Đơn vị tổ chức lễ hội gửi thông báo trước ngày 15/5/2026.\nb) Trong thời hạn 15 ngày, kể từ ngày nhận được hồ sơ hợp lệ:\n- Nếu đồng ý thì Ủy ban nhân dân xã gửi thông báo cho đơn vị tổ chức;\n- Nếu không đồng ý thì Ủy ban nhân dân xã trả lời bằng văn bản.\nCách thức thực hiện:\nNộp trực tiếp tại Bộ phận một cửa của xã.\nThành phần hồ sơ:\nVăn bản thông báo tổ chức lễ hội.\n",
                &[
                    ("Đơn vị tổ chức lễ hội", "date = \"2026-05-15\""),
                    ("Trong thời hạn 15 ngày, kể từ ngày nhận được hồ sơ hợp lệ: Nếu đồng ý", "after_event"),
                    ("Trong thời hạn 15 ngày, kể từ ngày nhận được hồ sơ hợp lệ: Nếu không đồng ý", "after_event"),
                ],
            ),
            // Near miss: plain paragraphs right under a numbered dated line, each naming its
            // holder, are its items (no list before them, no label line).
            (
                "1. Trước ngày 31/5/2026:\nCông an huyện cập nhật dữ liệu dân cư.\nPhòng Tư pháp huyện rà soát hồ sơ hộ tịch.\n",
                &[
                    ("Trước ngày 31/5/2026: Công an huyện", "date = \"2026-05-31\""),
                    ("Trước ngày 31/5/2026: Phòng Tư pháp huyện", "date = \"2026-05-31\""),
                ],
            ),
            // Near miss: an item with a date of its own is no item of the line above it.
            (
                "1. Trước ngày 15/5/2026:\na) Công an huyện báo cáo trước ngày 10/5/2026.\n",
                &[
                    ("Trước ngày 15/5/2026:", "date = \"2026-05-15\""),
                    ("Công an huyện báo cáo trước ngày 10/5/2026.", "date = \"2026-05-10\""),
                ],
            ),
        ];
        for (body, want) in cases {
            let d = draft_text(&format!("{head}{body}"));
            let got: Vec<(String, String)> = d
                .obligations
                .iter()
                .map(|o| (o.quote.clone(), crate::draft::writer::rule_inline(&o.rule)))
                .collect();
            assert_eq!(got.len(), want.len(), "{body}\n{got:#?}");
            for ((q, rule), (start, want_rule)) in got.iter().zip(want.iter()) {
                assert!(q.starts_with(start), "{body}\n{q} ≠ {start}…");
                assert!(rule.contains(want_rule), "{body}\n{q}: {rule}");
            }
        }
    }
}

//! One deadline shared by the units a list names, the lead units of its items ("… bao gồm: A do
//! Sở X chủ trì, B do Sở Y chủ trì và C do Viện Z chủ trì. Thành phố yêu cầu 3 đề án nêu trên
//! hoàn thành trong quý 3") or the units themselves ("4 bộ được nêu tên gồm: Bộ A, Bộ B, …. Đề
//! nghị 4 bộ nêu trên gửi báo cáo trước ngày …"): one duty per unit, each quoting its list item.

use std::sync::LazyLock;

use regex::Regex;

use super::extract::Ctx;
use super::text::fold;
use super::DraftObligation;

/// A list item "A do Y chủ trì": (item, lead unit), in order; items whose text has none are
/// left out.
pub fn lead_items(list: &str) -> Vec<(String, String)> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+do\s+(\p{Lu}.*?)\s+(?:chủ trì|phụ trách|làm chủ nhiệm)\b").expect("regex")
    });
    // The list starts after its lead-in's colon ("bao gồm: …").
    let from = list.rfind(':').map_or(0, |i| i + 1);
    let list = &list[from..];
    let mut out = Vec::new();
    let mut at = 0;
    for c in LEAD.captures_iter(list) {
        let m = c.get(0).expect("match");
        let item_start = at;
        let item = list[item_start..m.start()]
            .trim()
            .trim_start_matches([',', ';'])
            .trim();
        let item = item
            .strip_prefix("và ")
            .unwrap_or(item)
            .trim_start_matches(['-', '+', '•'])
            .trim();
        at = m.end();
        if item.is_empty() || item.chars().count() > 120 {
            continue;
        }
        out.push((
            format!("{item}{}", &list[m.start()..m.end()]),
            c[1].trim().to_owned(),
        ));
    }
    out
}

/// The units a sentence lists after a colon, when every item of the list names one ("… gồm: Bộ
/// Xây dựng, Bộ Tài nguyên và Môi trường, Ủy ban Dân tộc", "… gửi NHNN chi nhánh các tỉnh: Bình
/// Định, Cao Bằng, Tây Ninh về việc …"): (item as written, unit's name). Items are split at
/// commas and semicolons, the last one also at "và" when that gives the `count` the referring
/// sentence names (a unit's own name holds "và": "Sở Tài nguyên và Môi trường"); the list ends
/// where the sentence goes on about the matter ("về việc", "để", "trước ngày"). Places listed
/// under a unit ("NHNN chi nhánh các tỉnh: A, B") name the unit of each ("NHNN chi nhánh A").
/// None unless each item opens with a capital and is short, and there are at least two.
pub fn listed_units(sentence: &str, count: Option<usize>) -> Vec<(String, String)> {
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+(?:về|để|nhằm|theo|trước|chậm nhất|khẩn trương|thực hiện|đã|chưa|phải)\s|[.;]?\s*$")
            .expect("regex")
    });
    static PLACES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)các\s+(?:tỉnh|thành phố|tỉnh, thành phố|huyện|quận|xã|phường)\s*$")
            .expect("regex")
    });
    // The list opens after the last colon (a caption's "Ảnh: …" may be glued before it).
    let Some(colon) = sentence.rfind(':') else {
        return Vec::new();
    };
    let (lead, list) = (&sentence[..colon], &sentence[colon + 1..]);
    let list = END.find(list).map_or(list, |m| &list[..m.start()]);
    let mut items: Vec<String> = list
        .split([',', ';'])
        .map(|i| i.trim().to_owned())
        .collect();
    if let (Some(n), Some(last)) = (count, items.last().cloned()) {
        if items.len() + 1 == n {
            if let Some((a, b)) = last.split_once(" và ") {
                items.pop();
                items.push(a.trim().to_owned());
                items.push(b.trim().to_owned());
            }
        }
    }
    let capital = |i: &str| i.chars().next().is_some_and(char::is_uppercase);
    if items.len() < 2
        || count.is_some_and(|n| n != items.len())
        || !items
            .iter()
            .all(|i| capital(i) && (1..=8).contains(&i.split_whitespace().count()))
    {
        return Vec::new();
    }
    // The unit the places are listed under: the words after the last one that addresses it
    // ("gửi Kho bạc Nhà nước các tỉnh" → "Kho bạc Nhà nước"), from their first capital.
    static TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|\s)(?:gửi|đến|tới|cho|giao|đề nghị|yêu cầu|với|của|tại)\s|[,;]")
            .expect("regex")
    });
    let unit = PLACES.find(lead).and_then(|m| {
        let head = &lead[..m.start()];
        let from = TO.find_iter(head).last().map_or(0, |t| t.end());
        let words: Vec<&str> = head[from..].split_whitespace().collect();
        let first = words.iter().position(|w| capital(w))?;
        Some(words[first..].join(" "))
    });
    items
        .into_iter()
        .map(|i| {
            let name = unit
                .as_ref()
                .map_or_else(|| i.clone(), |u| format!("{u} {i}"));
            (i, name)
        })
        .collect()
}

/// Whether a sentence refers back to units it named before ("4 bộ, ngành nêu trên", "các NHNN
/// chi nhánh tỉnh nêu trên"), with the count it gives: the noun referred to is a unit's.
pub fn refers_back_to_units(sentence: &str) -> Option<Option<usize>> {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(\d+|các|những)\s+((?:\S+\s+){0,4}?)(?:nêu trên|kể trên|nói trên|trên đây)\b",
        )
        .expect("regex")
    });
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:bộ|ngành|sở|tỉnh|thành phố|huyện|xã|phường|đơn vị|cơ quan|địa phương|chi nhánh|tập đoàn|tổng công ty|ủy ban|ban)\b")
            .expect("regex")
    });
    let c = BACK.captures(sentence)?;
    UNIT.is_match(&c[2]).then(|| c[1].parse().ok())
}

/// Whether a sentence refers back to a list of things ("5 đề án nhánh nêu trên", "các nhiệm
/// vụ trên"), with the count it gives.
pub fn refers_back(sentence: &str) -> Option<Option<usize>> {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(\d+|các|những)\s+(?:\S+\s+){0,4}?(?:nêu trên|kể trên|nói trên|trên đây)\b",
        )
        .expect("regex")
    });
    let c = BACK.captures(sentence)?;
    Some(c[1].parse().ok())
}

impl Ctx<'_> {
    /// Splits each obligation whose sentence refers back to a list of lead units in the
    /// sentence before (or lists them itself) into one obligation per unit.
    pub(super) fn split_shared_deadlines(
        &mut self,
        obligations: &mut Vec<DraftObligation>,
        used_ids: &mut Vec<String>,
    ) {
        let mut out = Vec::with_capacity(obligations.len());
        for o in std::mem::take(obligations) {
            let items = self.shared_list(&o);
            if items.len() < 2 {
                out.push(o);
                continue;
            }
            for (item, lead) in items {
                let mut n = o.clone();
                let toks = super::units::tokenize(&lead);
                n.assignees = self
                    .lex
                    .at(&toks, 0, false)
                    .map(|h| h.ids)
                    .unwrap_or_default();
                n.assignee_names = vec![lead.clone()];
                n.assignees_from = "list";
                n.title = super::text::collapse(&item, 110);
                n.quote = item;
                n.id = super::extract::unique_id(&n.title, used_ids);
                n.notes.push(format!(
                    "one of the lead units a list names, sharing the deadline of: {}",
                    o.quote
                ));
                out.push(n);
            }
        }
        *obligations = out;
    }

    /// The list items an obligation's deadline is shared by: those of its own sentence before
    /// the deadline, else those of the sentence before it when its sentence refers back to
    /// them (with the count it gives, if any, equal to theirs).
    fn shared_list(&self, o: &DraftObligation) -> Vec<(String, String)> {
        let own = o
            .quote
            .find(&o.phrase)
            .map_or(o.quote.as_str(), |at| &o.quote[..at]);
        let items = lead_items(own);
        if items.len() >= 2 {
            return items;
        }
        if let Some(count) = refers_back_to_units(&o.quote) {
            let units = self.units_listed_before(&o.quote, count);
            if !units.is_empty() {
                return units;
            }
        }
        let Some(count) = refers_back(&o.quote) else {
            return Vec::new();
        };
        let previous = self.sents.iter().find_map(|ss| {
            let i = ss.iter().position(|s| *s == o.quote)?;
            i.checked_sub(1).map(|p| ss[p].clone())
        });
        let Some(previous) = previous else {
            return Vec::new();
        };
        let items = lead_items(&previous);
        if count.is_some_and(|n| n != items.len()) {
            return Vec::new();
        }
        // The items are the things the sentence refers back to, not the people it binds.
        if items
            .iter()
            .any(|(_, lead)| fold(&o.quote).contains(&fold(lead)))
        {
            return Vec::new();
        }
        items
    }

    /// The units listed in one of the few sentences before `quote` (the nearest that lists
    /// any, in its paragraph or the ones above), with the count given, if any, equal to theirs.
    fn units_listed_before(&self, quote: &str, count: Option<usize>) -> Vec<(String, String)> {
        let all: Vec<&String> = self.sents.iter().flatten().collect();
        let Some(at) = all.iter().position(|s| *s == quote) else {
            return Vec::new();
        };
        all[at.saturating_sub(4)..at]
            .iter()
            .rev()
            .map(|s| listed_units(s, count))
            .find(|u| !u.is_empty())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists written for this test.
    #[test]
    fn lead_units_of_a_list() {
        assert_eq!(
            lead_items("Sở Tư pháp phối hợp xây dựng các chuyên đề, gồm: Pháp luật đất đai do Sở Nông nghiệp và Môi trường chủ trì, Pháp luật lao động do Sở Nội vụ chủ trì và Pháp luật thuế do Cục Thuế tỉnh chủ trì."),
            [
                (
                    "Pháp luật đất đai do Sở Nông nghiệp và Môi trường chủ trì".to_owned(),
                    "Sở Nông nghiệp và Môi trường".to_owned()
                ),
                (
                    "Pháp luật lao động do Sở Nội vụ chủ trì".to_owned(),
                    "Sở Nội vụ".to_owned()
                ),
                (
                    "Pháp luật thuế do Cục Thuế tỉnh chủ trì".to_owned(),
                    "Cục Thuế tỉnh".to_owned()
                ),
            ]
        );
        // A comma inside a unit's name stays in it.
        assert_eq!(
            lead_items("gồm: Du lịch do Sở Văn hóa, Thể thao và Du lịch chủ trì; Giao thông do Sở Xây dựng chủ trì")
                .into_iter()
                .map(|x| x.1)
                .collect::<Vec<_>>(),
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng"]
        );
        assert!(lead_items("Sở Y tế chủ trì, phối hợp với các đơn vị.").is_empty());
    }

    /// Sentences written for this test: the units a list names, one per item, and lists that
    /// name no units.
    #[test]
    fn units_a_list_names() {
        let names = |s: &str, n: Option<usize>| {
            listed_units(s, n)
                .into_iter()
                .map(|x| x.1)
                .collect::<Vec<_>>()
        };
        for (sentence, count, want) in [
            (
                "Có 3 địa phương chưa nộp hồ sơ, gồm: Sở Y tế, Sở Giáo dục và Đào tạo, Ban Quản lý các khu công nghiệp.",
                Some(3),
                vec!["Sở Y tế", "Sở Giáo dục và Đào tạo", "Ban Quản lý các khu công nghiệp"],
            ),
            // The last item after "và" when the count asks for it; a "và" inside a name stays.
            (
                "Danh sách gồm: Cục Thuế, Kho bạc Nhà nước tỉnh và Sở Tài nguyên và Môi trường",
                Some(3),
                vec!["Cục Thuế", "Kho bạc Nhà nước tỉnh", "Sở Tài nguyên và Môi trường"],
            ),
            (
                "Ngân hàng Nhà nước đã có văn bản gửi Kho bạc Nhà nước các tỉnh: Long An, Bến Tre, Trà Vinh về việc rà soát số dư.",
                None,
                vec!["Kho bạc Nhà nước Long An", "Kho bạc Nhà nước Bến Tre", "Kho bạc Nhà nước Trà Vinh"],
            ),
            // Near-misses: the count differs, an item is no name, a quotation after the colon.
            ("Gồm: Sở Y tế, Sở Xây dựng.", Some(3), vec![]),
            ("Nội dung gồm: rà soát hồ sơ, Cập nhật dữ liệu.", None, vec![]),
            (
                "Văn bản nêu rõ: “Các sở, ngành tổng hợp số liệu, gửi báo cáo trước ngày 30/6”.",
                None,
                vec![],
            ),
            ("Sở Y tế báo cáo trước ngày 30/6/2026.", None, vec![]),
        ] {
            assert_eq!(names(sentence, count), want, "{sentence}");
        }
    }

    /// Sentences written for this test: a reference back to units, and to things that are not.
    #[test]
    fn sentences_that_refer_back_to_units() {
        for (sentence, want) in [
            (
                "Đề nghị 3 sở, ngành nêu trên gửi báo cáo trước ngày 10/5.",
                Some(Some(3)),
            ),
            (
                "Các chi nhánh tỉnh kể trên phải báo cáo chậm nhất ngày 2/3.",
                Some(None),
            ),
            (
                "Yêu cầu 3 đề án nêu trên hoàn thành trong quý II/2026.",
                None,
            ),
            ("Văn bản nêu trên yêu cầu các sở báo cáo.", None),
        ] {
            assert_eq!(refers_back_to_units(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn sentences_that_refer_back() {
        assert_eq!(
            refers_back("Tỉnh yêu cầu 3 chuyên đề nêu trên hoàn thành trong quý II/2026."),
            Some(Some(3))
        );
        assert_eq!(
            refers_back("Các nhiệm vụ nói trên phải xong trước ngày 30/6/2026."),
            Some(None)
        );
        // "trên địa bàn" refers to a place, not back.
        assert_eq!(
            refers_back("Các đơn vị trên địa bàn báo cáo trước ngày 30/6/2026."),
            None
        );
        assert_eq!(
            refers_back("Sở Nội vụ hoàn thành trước ngày 30/6/2026."),
            None
        );
    }
}

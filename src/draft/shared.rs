//! One deadline shared by the lead units a list names ("… bao gồm: A do Sở X chủ trì, B do Sở
//! Y chủ trì và C do Viện Z chủ trì. Thành phố yêu cầu 3 đề án nêu trên hoàn thành trong quý
//! 3"): one duty per unit, each quoting its list item.

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

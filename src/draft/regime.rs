//! A reporting regime laid out as Nghị định 09/2019's template, one labelled point each ("Đối
//! tượng thực hiện báo cáo: …", "Cơ quan nhận báo cáo: …", "Tần suất …", "Thời hạn gửi báo cáo:
//! …"): one duty, held by the senders its points name and sent to its receiver.

use std::sync::LazyLock;

use regex::Regex;

use super::extract::Ctx;
use super::text::fold;
use super::DraftObligation;

/// A point's label and value: "c) Đối tượng thực hiện báo cáo: A, B;" → ("doi tuong thuc hien
/// bao cao", "A, B"), the label folded, the value without its closing stop.
fn labelled(line: &str) -> Option<(String, String)> {
    static POINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[a-zđ]\)|\d+(?:\.\d+)*[.)]|[-+•])?\s*([^:]{4,60}):\s*(.*)$")
            .expect("regex")
    });
    let c = POINT.captures(line)?;
    let value = c[2].trim().trim_end_matches([';', '.', ',']).trim();
    Some((fold(&c[1]).to_lowercase(), value.to_owned()))
}

/// Which part of the template a folded label names.
#[derive(PartialEq, Clone, Copy)]
enum Part {
    Senders,
    Receiver,
    Frequency,
    Deadline,
    Other,
}

fn part(label: &str) -> Part {
    let l = label.trim();
    if l.starts_with("doi tuong thuc hien bao cao") || l == "doi tuong bao cao" {
        Part::Senders
    } else if l.starts_with("co quan nhan bao cao") || l.starts_with("noi nhan bao cao") {
        Part::Receiver
    } else if l.starts_with("tan suat") && l.contains("bao cao") {
        Part::Frequency
    } else if l.starts_with("thoi han gui bao cao") || l == "thoi han bao cao" {
        Part::Deadline
    } else {
        Part::Other
    }
}

/// Whether a line opens another clause or article (its points end there): "2. …", "Điều 47.".
fn opens_clause(line: &str) -> bool {
    static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\d+\.\s|(?i:điều)\s+\d+|(?i:chương)\s+[IVXLC\d]+)").expect("regex")
    });
    CLAUSE.is_match(line)
}

/// The names a senders' point lists: "đơn vị kinh doanh vận tải, bến xe" → both.
fn names(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(|n| n.trim().trim_start_matches("và ").trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

impl Ctx<'_> {
    /// Reads each deadline point of a template regime with the points of its clause: the duty
    /// quotes the senders' point, names the senders and the receiver; the frequency point, read
    /// into the deadline, is no duty of its own. A clause with no deadline point has its
    /// duties on the frequency point, read the same way.
    pub(super) fn read_regimes(
        &self,
        body: &[(usize, String)],
        obligations: &mut Vec<DraftObligation>,
    ) {
        let mut absorbed: Vec<usize> = Vec::new();
        for o in obligations.iter_mut() {
            let Some(at) = body.iter().position(|(n, _)| *n == o.line) else {
                continue;
            };
            let anchor = labelled(&body[at].1).map(|(l, _)| part(&l));
            if !matches!(anchor, Some(Part::Deadline | Part::Frequency)) {
                continue;
            }
            // The clause's lines: back to its heading, on to the next clause.
            let from = (0..at)
                .rev()
                .find(|&i| opens_clause(&body[i].1))
                .unwrap_or(0);
            let to = (at + 1..body.len())
                .find(|&i| opens_clause(&body[i].1))
                .unwrap_or(body.len());
            // The frequency point holds the duty only in a regime with no deadline point (its
            // day then comes from the reporting calendar).
            let has_deadline = body[from..to]
                .iter()
                .any(|(_, l)| labelled(l).is_some_and(|(l, _)| part(&l) == Part::Deadline));
            if anchor == Some(Part::Frequency) && has_deadline {
                continue;
            }
            let mut senders = None;
            let mut receiver = None;
            let mut frequency = Vec::new();
            for (n, line) in &body[from..to] {
                match labelled(line) {
                    Some((l, v)) if part(&l) == Part::Senders && !v.is_empty() => {
                        senders = Some((*n, line.trim().to_owned(), v));
                    }
                    Some((l, v)) if part(&l) == Part::Receiver && !v.is_empty() => {
                        receiver = Some(v);
                    }
                    Some((l, _)) if part(&l) == Part::Frequency && *n != o.line => {
                        frequency.push(*n)
                    }
                    _ => {}
                }
            }
            let Some((line, quote, value)) = senders else {
                continue;
            };
            absorbed.extend(frequency);
            let ids = |name: &str| {
                let toks = super::units::tokenize(name);
                self.lex
                    .at(&toks, 0, false)
                    .map(|h| h.ids)
                    .unwrap_or_default()
            };
            o.assignee_names = names(&value);
            o.assignees = o.assignee_names.iter().flat_map(|n| ids(n)).collect();
            o.assignees_from = "regime";
            if let Some(r) = receiver {
                o.recipient = ids(&r).into_iter().next();
                o.recipient_from = "regime";
                o.recipient_name = Some(r);
            }
            o.notes
                .push(format!("deadline of the regime's point: {}", o.quote));
            o.quote = quote;
            o.line = line;
        }
        if !absorbed.is_empty() {
            obligations.retain(|o| o.assignees_from == "regime" || !absorbed.contains(&o.line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points written for this test: the template's labels, and labels of other things.
    #[test]
    fn the_template_points() {
        for (line, want) in [
            (
                "c) Đối tượng thực hiện báo cáo: Sở Y tế, Sở Tài chính;",
                Part::Senders,
            ),
            ("d) Cơ quan nhận báo cáo: Bộ Công Thương;", Part::Receiver),
            (
                "e) Tần suất thực hiện báo cáo: định kỳ 6 tháng;",
                Part::Frequency,
            ),
            (
                "g) Thời hạn gửi báo cáo: trước ngày 15 tháng 7;",
                Part::Deadline,
            ),
            (
                "4. Thời hạn báo cáo: chậm nhất ngày 10 hằng tháng.",
                Part::Deadline,
            ),
            // Near-misses: a report's name, the data cut-off, a sending method.
            (
                "a) Tên báo cáo: báo cáo tình hình an toàn thực phẩm;",
                Part::Other,
            ),
            (
                "h) Thời gian chốt số liệu báo cáo: từ ngày 15 tháng trước;",
                Part::Other,
            ),
            (
                "đ) Phương thức gửi, nhận báo cáo: văn bản điện tử;",
                Part::Other,
            ),
        ] {
            assert!(
                labelled(line).map(|(l, _)| part(&l)) == Some(want),
                "{line}"
            );
        }
        assert!(labelled("Sở Y tế báo cáo trước ngày 15/7.").is_none());
        assert_eq!(
            names("các cơ sở bán lẻ xăng dầu, thương nhân phân phối và thương nhân đầu mối"),
            [
                "các cơ sở bán lẻ xăng dầu",
                "thương nhân phân phối và thương nhân đầu mối"
            ]
        );
        assert!(opens_clause("2. Báo cáo tình hình kinh doanh"));
        assert!(opens_clause("Điều 12. Chế độ báo cáo"));
        assert!(!opens_clause("b) Nội dung yêu cầu báo cáo: số liệu"));
    }

    /// An article written for this test: one duty, quoting the senders' point, held by its
    /// senders, sent to its receiver, due by the deadline point; the frequency point is no
    /// duty. A deadline point with no senders' point is left as it was.
    #[test]
    fn a_template_regime_is_one_duty() {
        let text = "Điều 12. Chế độ báo cáo\n\n1. Báo cáo tình hình kinh doanh xăng dầu\n\na) Tên báo cáo: báo cáo kinh doanh xăng dầu;\n\nb) Đối tượng thực hiện báo cáo: thương nhân đầu mối, thương nhân phân phối;\n\nc) Cơ quan nhận báo cáo: Sở Công Thương;\n\nd) Tần suất thực hiện báo cáo: định kỳ hằng quý;\n\nđ) Thời hạn gửi báo cáo: trước ngày 15 của tháng đầu quý sau;\n";
        let d = crate::draft::draft(text, "x.txt", &crate::domain::model::Directory::default());
        assert_eq!(d.obligations.len(), 1, "{:#?}", d.obligations);
        let o = &d.obligations[0];
        assert!(
            o.quote.starts_with("b) Đối tượng thực hiện báo cáo"),
            "{}",
            o.quote
        );
        assert_eq!(
            o.assignee_names,
            ["thương nhân đầu mối", "thương nhân phân phối"]
        );
        assert_eq!(o.recipient_name.as_deref(), Some("Sở Công Thương"));
        let bare =
            "Điều 12. Chế độ báo cáo\n\n1. Thời hạn gửi báo cáo: trước ngày 15 tháng 7 hằng năm.\n";
        let d = crate::draft::draft(bare, "x.txt", &crate::domain::model::Directory::default());
        assert!(d.obligations.iter().all(|o| o.assignees_from != "regime"));
    }

    /// A summary written for this test, of a regime that gives its frequency and no deadline
    /// point: its duties (a 6-month and a yearly report, "06 tháng" with no "định kỳ") are
    /// held by the senders' point, sent to the receiver's, due on the reporting calendar's
    /// days.
    #[test]
    fn a_regime_with_no_deadline_point_is_due_by_its_frequency() {
        use crate::domain::rule::{Every, RuleSpec};
        let text = "Chế độ báo cáo công tác thi đua được quy định như sau:\n\n • Tần suất thực hiện báo cáo: 06 tháng và hằng năm;\n\n • Đối tượng thực hiện báo cáo: các sở, Ủy ban nhân dân cấp huyện;\n\n • Cơ quan nhận báo cáo: Sở Nội vụ.\n";
        let d = crate::draft::draft(text, "x.txt", &crate::domain::model::Directory::default());
        let got: Vec<_> = d
            .obligations
            .iter()
            .map(|o| {
                (
                    o.rule.clone(),
                    o.assignee_names.clone(),
                    o.recipient_name.clone(),
                )
            })
            .collect();
        let held = |every| {
            (
                RuleSpec::Periodic { every },
                vec!["các sở".to_owned(), "Ủy ban nhân dân cấp huyện".to_owned()],
                Some("Sở Nội vụ".to_owned()),
            )
        };
        assert_eq!(got, [held(Every::HalfYear), held(Every::Year)]);
    }
}

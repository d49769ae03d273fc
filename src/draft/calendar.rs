//! Statistics calendars: the list of forms a ministry's statistical reporting regime attaches ("STT | Ký hiệu biểu | Tên biểu | Kỳ báo cáo | Ngày nhận báo cáo"), each row a form and each receiving day of its last column a duty of the senders: yearly by its day and month ("Ngày 22 tháng 3: Ước tính quý I", "15/9 năm sau", "Ngày 10/8"), half-yearly for two days six months apart ("19/6 và 19/12 năm báo cáo"), quarterly or monthly when the cell says so ("Ngày 15 của tháng thứ 2 quý kế tiếp", "ngày 12 hằng tháng").

use super::text::fold;
use super::DraftObligation;
use crate::domain::model::ObligationKind;
use crate::domain::rule::{Cutoff, RuleSpec};
use regex::Regex;
use std::sync::LazyLock;

/// A form's code at a row's start: "001.N/BCC-TKQG", "005.H/BCC-TKQG", "01a.T/BCB-NNPTNT", and
/// the older regimes' "01-CS/SXCN", "02-CS/ VĐTƯ" (a space a crawler left after the slash).
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,4}[a-z]?\.[A-Z]{1,2}/[A-ZĐ]{2,}[A-ZĐ0-9-]*|\d{1,3}[a-z]?-[A-Z]{1,4}/\s?\p{Lu}{2,}[\p{Lu}0-9-]*)(?:\s|$)").expect("regex")
});
/// A cell that says "as above": ditto marks ('' ‘’ " “”) or "nt" (như trên).
fn ditto(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && (t
            .chars()
            .all(|c| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '-' | ' '))
            && t.chars().any(|c| c != '-' && c != ' ')
            || ["nt", "-nt-", "như trên"].contains(&fold(t).as_str()))
}
/// "Ngày 22 tháng 3", "ngày 15 tháng 02" (a full date with its year is no receiving day).
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\b(\s+năm\s+\d)?").expect("regex")
});
/// "15/9 năm sau", "19/6 và 19/12", "Ngày 10/8" (not "10/8/2025").
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(\d{1,2})/(\d{1,2})(/\d)?").expect("regex"));
/// "Ngày 15 của tháng thứ 2 quý kế tiếp (sau quý báo cáo)", "Ngày 12 tháng thứ hai quý sau quý
/// báo cáo", "Ngày 12 tháng cuối quý sau quý báo cáo" (the third).
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+(?:thứ\s+(\d|nhất|hai|ba)|(cuối))\s+(?:của\s+)?quý\s+(?:kế\s+tiếp|tiếp\s+theo|sau)")
        .expect("regex")
});
/// "ngày 12 hằng tháng", "ngày 20 tháng sau", "ngày 15 của tháng kế tiếp".
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bngày\s+(\d{1,2})\s+(?:của\s+)?(?:hằng\s+tháng|hàng\s+tháng|tháng\s+sau|tháng\s+kế\s+tiếp|tháng\s+tiếp\s+theo)")
        .expect("regex")
});

/// The column of receiving days, and the publication calendars' column.
fn receiving_heading(line: &str) -> bool {
    let f: String = fold(line).chars().filter(|c| !c.is_whitespace()).collect();
    ["ngaynhanbaocao", "thoihannhanbaocao", "thoigiannhanbaocao"]
        .iter()
        .any(|w| f.contains(w))
}

/// A line that ends the list: a form's own page, another part of the document.
fn ends_list(line: &str) -> bool {
    let f = fold(line.trim());
    [
        "bieu so",
        "phu luc",
        "dieu ",
        "noi nhan",
        "ghi chu",
        "giai thich",
    ]
    .iter()
    .any(|w| f.starts_with(w))
}

/// The receiving days of one row's text, each with where its cell starts.
pub(super) fn receiving_days(row: &str) -> Vec<(usize, RuleSpec)> {
    let yearly = |day: u32, month: u32| RuleSpec::Yearly {
        month,
        day,
        cutoff: Cutoff::EndOfDay,
    };
    let mut out: Vec<(usize, RuleSpec)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for c in QUARTER.captures_iter(row) {
        let day = c[1].parse().unwrap_or(0);
        let m = match (c.get(2).map(|m| m.as_str().to_lowercase()), c.get(3)) {
            (_, Some(_)) => 3,
            (Some(w), None) => match w.as_str() {
                "nhất" => 1,
                "hai" => 2,
                "ba" => 3,
                d => d.parse().unwrap_or(0),
            },
            (None, None) => 0,
        };
        if (1..=31).contains(&day) && (1..=3).contains(&m) {
            let g = c.get(0).expect("match");
            taken.push((g.start(), g.end()));
            out.push((
                g.start(),
                RuleSpec::Quarterly {
                    month_of_quarter: m,
                    day,
                    cutoff: Cutoff::EndOfDay,
                },
            ));
        }
    }
    for c in MONTH.captures_iter(row) {
        let day = c[1].parse().unwrap_or(0);
        if (1..=31).contains(&day) {
            let g = c.get(0).expect("match");
            taken.push((g.start(), g.end()));
            out.push((
                g.start(),
                RuleSpec::Monthly {
                    day,
                    cutoff: Cutoff::EndOfDay,
                },
            ));
        }
    }
    let free = |s: usize, taken: &[(usize, usize)]| !taken.iter().any(|(a, b)| s >= *a && s < *b);
    let mut days: Vec<(usize, usize, u32, u32)> = Vec::new();
    for c in DAY_MONTH.captures_iter(row) {
        let g = c.get(0).expect("match");
        if c.get(3).is_none() && free(g.start(), &taken) {
            let (d, m) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            days.push((g.start(), g.end(), d, m));
        }
    }
    for c in SLASHED.captures_iter(row) {
        let g = c.get(1).expect("day");
        if c.get(3).is_none() && free(g.start(), &taken) {
            let (d, m) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            // "Ngày 10/8": the cell starts at its "Ngày".
            let before = &row[..g.start()];
            let start = if fold(before.trim_end()).ends_with("ngay") {
                before.trim_end().len() - "Ngày".len()
            } else {
                g.start()
            };
            days.push((start, c.get(0).expect("m").end(), d, m));
        }
    }
    days.retain(|&(_, _, d, m)| (1..=31).contains(&d) && (1..=12).contains(&m));
    days.sort();
    let mut k = 0;
    while k < days.len() {
        let (s, e, d, m) = days[k];
        // "19/6 và 19/12": the same day of both halves of the year.
        if let Some(&(_, _, d2, m2)) = days.get(k + 1) {
            let between = fold(&row[e..days[k + 1].0]);
            if d2 == d && m2 == m + 6 && between.trim() == "va" {
                out.push((
                    s,
                    RuleSpec::HalfYearly {
                        month_of_half: m,
                        day: d,
                        cutoff: Cutoff::EndOfDay,
                    },
                ));
                k += 2;
                continue;
            }
        }
        out.push((s, yearly(d, m)));
        k += 1;
    }
    out.sort_by_key(|(s, _)| *s);
    let mut seen: Vec<RuleSpec> = Vec::new();
    out.retain(|(_, r)| {
        let new = !seen.contains(r);
        seen.push(r.clone());
        new
    });
    out
}

/// One row of a calendar: its lines joined, the line it starts on, and whether a cell of it
/// says "as above" (its receiving day is the row's above).
struct Row {
    line: usize,
    text: String,
    ditto: bool,
}

/// The rows of every calendar in the body, and whether each list prints a row a line.
fn calendars(body: &[(usize, String)]) -> Vec<(Vec<Row>, bool, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if !receiving_heading(&body[i].1) {
            i += 1;
            continue;
        }
        let start = body[i].0;
        let mut rows: Vec<Row> = Vec::new();
        let mut lines_in_row = Vec::new();
        let mut k = i + 1;
        while k < body.len() {
            let (line, text) = (&body[k].0, body[k].1.trim());
            if ends_list(text) || receiving_heading(text) && text.len() > 40 {
                break;
            }
            if CODE.is_match(text) {
                rows.push(Row {
                    line: *line,
                    text: text.to_owned(),
                    ditto: false,
                });
                lines_in_row.push(1);
            } else if let Some(r) = rows.last_mut() {
                // Page furniture of a gazette: its running head and page numbers.
                let f = fold(text);
                let furniture = text.is_empty()
                    || f.starts_with("cong bao")
                    || text.chars().all(|c| c.is_ascii_digit());
                r.ditto |= ditto(text);
                if !furniture {
                    r.text.push(' ');
                    r.text.push_str(text);
                    *lines_in_row.last_mut().expect("row") += 1;
                }
            } else if !text.is_empty() && k > i + 40 {
                // The heading's other cells, the columns' numbers and a group row ("Báo cáo
                // tháng", "Đối với doanh nghiệp:") may come before the first row.
                break;
            }
            k += 1;
        }
        if !rows.is_empty() {
            let one_line = lines_in_row.iter().all(|n| *n == 1);
            let end = body.get(k.min(body.len() - 1)).map_or(start, |(l, _)| *l);
            out.push((rows, one_line, start, end));
        }
        i = k.max(i + 1);
    }
    out
}

/// Reads every statistics calendar of the body: a duty per row and receiving day; a list that
/// prints each row on a line of its own is read as the sentence reader reads such a paragraph,
/// one duty per distinct day, and its duties replace what that reader drew from those lines.
pub(super) fn extract_calendars(
    body: &[(usize, String)],
    used_ids: &mut Vec<String>,
    obligations: &mut Vec<DraftObligation>,
) {
    for (rows, one_line, start, end) in calendars(body) {
        let mut drafted: Vec<DraftObligation> = Vec::new();
        // The receiving days of the last row that gave its own, with their phrases.
        let mut above: Vec<(RuleSpec, String)> = Vec::new();
        for row in &rows {
            let days = receiving_days(&row.text);
            let phrase_at = |at: usize| -> String {
                row.text[at..]
                    .split([':', ';'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            // The row's name: its cells after the form's code.
            let name = row.text.split_whitespace().skip(1).collect::<Vec<_>>();
            let title = super::text::collapse(&name.join(" "), 110);
            if days.is_empty() && row.ditto {
                for (rule, phrase) in &above {
                    let id = super::extract::unique_id_or(&title, "bao-cao-thong-ke", used_ids);
                    drafted.push(calendar_duty(
                        id,
                        title.clone(),
                        row,
                        row.text.trim().to_owned(),
                        phrase.clone(),
                        rule.clone(),
                    ));
                }
                continue;
            }
            if !days.is_empty() {
                above = days
                    .iter()
                    .map(|(at, r)| (r.clone(), phrase_at(*at)))
                    .collect();
            }
            for (n, (at, rule)) in days.iter().enumerate() {
                if one_line && drafted.iter().any(|o| o.rule == *rule) {
                    continue;
                }
                // The quote runs from the row's start to the next day's cell: rows of one list
                // repeat the same days word for word, and an annotator quotes the row's name or
                // the days around.
                let to = days.get(n + 2).map_or(row.text.len(), |(s, _)| *s).max(*at);
                let quote = row.text[..to].trim().to_owned();
                let id = super::extract::unique_id_or(&title, "bao-cao-thong-ke", used_ids);
                drafted.push(calendar_duty(
                    id,
                    title.clone(),
                    row,
                    quote,
                    phrase_at(*at),
                    rule.clone(),
                ));
            }
        }
        if drafted.is_empty() {
            continue;
        }
        obligations.retain(|o| o.line < start || o.line > end);
        obligations.extend(drafted);
    }
}

/// The senders' duty of one receiving day of a calendar's row.
fn calendar_duty(
    id: String,
    title: String,
    row: &Row,
    quote: String,
    phrase: String,
    rule: RuleSpec,
) -> DraftObligation {
    DraftObligation {
        id,
        title,
        kind: ObligationKind::Report,
        clause: format!("bảng, dòng {}", row.line),
        quote,
        line: row.line,
        phrase,
        assignees: Vec::new(),
        assignees_from: "none",
        cooperating: Vec::new(),
        recipient: None,
        recipient_from: "none",
        via: None,
        rule,
        inferred: false,
        confidence: 0.3,
        valid_from: None,
        valid_until: None,
        notes: vec!["a receiving day of a statistics calendar: the senders' duty".to_owned()],
        assignee_names: Vec::new(),
        recipient_name: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The calendars' obligations of a text whose lines are the body, numbered from 1.
    fn drafted(text: &str) -> Vec<DraftObligation> {
        let body: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect();
        let (mut ids, mut obl) = (Vec::new(), Vec::new());
        extract_calendars(&body, &mut ids, &mut obl);
        obl
    }

    fn yearly(day: u32, month: u32) -> RuleSpec {
        RuleSpec::Yearly {
            month,
            day,
            cutoff: Cutoff::EndOfDay,
        }
    }

    #[test]
    fn receiving_days_of_a_row() {
        let cases: &[(&str, Vec<RuleSpec>)] = &[
            (
                "002.H/BCC-XD Diện tích nhà ở Quý, năm Ngày 20 tháng 4: Ước tính quý I Ngày 20 tháng 10: Chính thức Ngày 20 tháng 4 năm sau",
                vec![yearly(20, 4), yearly(20, 10)],
            ),
            (
                "010.N/BCB-NN Số trang trại Năm 20/3 năm sau",
                vec![yearly(20, 3)],
            ),
            (
                "003.H/BCB-CN Giá trị sản xuất 6 tháng và năm 25/6 và 25/12 năm báo cáo",
                vec![RuleSpec::HalfYearly {
                    month_of_half: 6,
                    day: 25,
                    cutoff: Cutoff::EndOfDay,
                }],
            ),
            (
                "007.Q/BCC-TC Dư nợ tín dụng Quý - Báo cáo quý: Ngày 20 của tháng thứ 2 quý kế tiếp sau quý báo cáo",
                vec![RuleSpec::Quarterly {
                    month_of_quarter: 2,
                    day: 20,
                    cutoff: Cutoff::EndOfDay,
                }],
            ),
            (
                "001.T/BCB-GT Vận tải hành khách Tháng Ngày 12 hằng tháng",
                vec![RuleSpec::Monthly {
                    day: 12,
                    cutoff: Cutoff::EndOfDay,
                }],
            ),
            // A full date is a cited one, not a receiving day.
            ("004.N/BCC-DS Dân số Năm theo Quyết định ngày 12 tháng 5 năm 2020", vec![]),
        ];
        for (row, want) in cases {
            let got: Vec<RuleSpec> = receiving_days(row).into_iter().map(|(_, r)| r).collect();
            assert_eq!(&got, want, "{row}");
        }
    }

    #[test]
    fn a_calendar_of_cells_one_a_line_gives_a_duty_per_row_and_day() {
        let text = "STT\nKý hiệu biểu\nTên biểu\nKỳ báo cáo\nNgày nhận báo cáo\n1\n001.H/BCC-XD\nDiện tích\nnhà ở\nQuý, năm\nNgày 20 tháng 4: Ước tính\nquý I\nNgày 20 tháng 10: Chính thức\n2\n002.H/BCC-XD Số công trình\nQuý, năm\nNgày 20 tháng 4: Ước tính\nquý I\nNgày 20 tháng 10: Chính thức\nBiểu số: 001.H/BCC-XD";
        let obl = drafted(text);
        let rules: Vec<(usize, RuleSpec)> = obl.iter().map(|o| (o.line, o.rule.clone())).collect();
        assert_eq!(
            rules,
            vec![
                (7, yearly(20, 4)),
                (7, yearly(20, 10)),
                (15, yearly(20, 4)),
                (15, yearly(20, 10))
            ]
        );
        assert!(obl[0].quote.contains("Diện tích nhà ở"), "{}", obl[0].quote);
    }

    /// An older regime's list of forms as a statistics office's page prints it (written for
    /// this test): codes "01-CS/…", the heading's other cells and a group row before the first
    /// row, a receiving day "as above" by ditto marks, a quarter's days by the month's ordinal
    /// in words or "cuối".
    #[test]
    fn an_older_regimes_forms_with_ditto_marks() {
        let text = "Tên biểu\nKý hiệu biểu\nKỳ báo cáo\nNgày nhận báo cáo\nĐơn vị nhận báo cáo\nPhạm vi áp dụng\n \nCục TK\nSở KH&ĐT\n1\n2\n3\n4\n5\n6\n \nBáo cáo tháng\n \nĐối với doanh nghiệp:\n \n\
            01-CS/SXCN\nTháng\nNgày 10 tháng sau tháng báo cáo\nx\n \nCó hoạt động công nghiệp\n \n\
            01-CS/HĐTM\nTháng\n''\nx\n \nCó hoạt động thương mại\n \n\
            01-CS/VTKB\nTháng\n“”\nx\n \nCó hoạt động vận tải\n \nBáo cáo quý\n \n\
            02-CS/ VĐTƯ\nQuý\nNgày 15 tháng cuối quý sau quý báo cáo\nx\n \n\
            02-CS/XKDV\nQuý\nNgày 15 tháng thứ hai quý sau quý báo cáo\nx\n \n\
            03-CS/KHAC\nNăm\nx\n \nChưa quy định";
        let obl = drafted(text);
        let monthly = RuleSpec::Monthly {
            day: 10,
            cutoff: Cutoff::EndOfDay,
        };
        let quarterly = |m| RuleSpec::Quarterly {
            month_of_quarter: m,
            day: 15,
            cutoff: Cutoff::EndOfDay,
        };
        let rules: Vec<RuleSpec> = obl.iter().map(|o| o.rule.clone()).collect();
        assert_eq!(
            rules,
            vec![
                monthly.clone(),
                monthly.clone(),
                monthly,
                quarterly(3),
                quarterly(2)
            ]
        );
        assert!(obl[1].quote.contains("01-CS/HĐTM"), "{}", obl[1].quote);
        assert!(ditto("''") && ditto("‘’") && ditto("\"") && ditto("nt"));
        assert!(!ditto("x") && !ditto("-") && !ditto("Tháng"));
    }

    #[test]
    fn a_calendar_of_a_row_a_line_gives_a_duty_per_day() {
        let text = "Ký hiệu biểu Tên biểu Kỳ báo cáo Ngày nhận báo cáo\n001.N/BCC-NN Diện tích gieo trồng Năm 20/3 năm sau\n002.N/BCC-NN Sản lượng Năm 20/3 năm sau\n003.H/BCC-NN Chăn nuôi 6 tháng và năm 25/6 và 25/12 năm báo cáo";
        let obl = drafted(text);
        assert_eq!(obl.len(), 2);
    }
}

//! Task tables ("Phụ lục", "Danh mục nhiệm vụ", "Bảng phân công": STT | Nhiệm vụ | Chủ trì |
//! Phối hợp | Thời gian | Sản phẩm): each row with a time is an obligation of its lead units,
//! with its cooperating units; "Thường xuyên" rows are standing duties.

use super::extract::Ctx;
use super::phrases::{scan, What};
use super::sections::is_table_row;
use super::text::fold;
use super::units::tokenize;
use super::{DraftObligation, Leftover, StandingDuty};
use crate::domain::ids::UnitId;
use crate::domain::model::ObligationKind;
use crate::domain::rule::RuleSpec;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Number,
    Task,
    Lead,
    Cooperating,
    Time,
    Product,
    Other,
}

fn column(head: &str) -> Col {
    let f = fold(head);
    if f == "stt" || f == "tt" || f.starts_with("so tt") {
        Col::Number
    } else if f.contains("phoi hop") {
        Col::Cooperating
    } else if f.contains("chu tri")
        || f.contains("thuc hien")
        || f.contains("co quan")
        || f.contains("don vi")
    {
        Col::Lead
    } else if f.contains("thoi gian")
        || f.contains("thoi han")
        || f.contains("tien do")
        || f.contains("hoan thanh")
    {
        Col::Time
    } else if f.contains("san pham") || f.contains("ket qua") || f.contains("hinh thuc") {
        Col::Product
    } else if f.contains("nhiem vu") || f.contains("noi dung") || f.contains("cong viec") {
        Col::Task
    } else {
        Col::Other
    }
}

/// The names in a cell: split at `;`, new items (`-`) and at a comma before a capital
/// ("Sở Nội vụ, Sở Tài chính"; not "UBND các huyện, thành phố").
pub fn cell_names(cell: &str) -> Vec<String> {
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

/// A completion cell read as a phrase: "Tháng 5/2026" → "trong tháng 5/2026", "Quý II/2026"
/// → "trong Quý II/2026", "Năm 2026" → "trong năm 2026", "30/6/2026" → "trước 30/6/2026".
fn time_phrase(cell: &str) -> String {
    let t = cell.trim();
    let f = fold(t);
    if f.starts_with("thang ") || f.starts_with("quy ") || f.starts_with("nam ") {
        format!("trong {}", t)
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        format!("trước {t}")
    } else {
        t.to_owned()
    }
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
    for (line, text) in body {
        if !is_table_row(text) {
            header = None;
            continue;
        }
        let cells: Vec<String> = text.split(" | ").map(|c| c.trim().to_owned()).collect();
        if super::text::is_task_header(&cells) {
            // A header repeated on each page is the same header again.
            header = Some((cells.clone(), cells.iter().map(|c| column(c)).collect()));
            continue;
        }
        let Some((_, cols)) = &header else { continue };
        let get = |want: Col| -> String {
            cols.iter()
                .zip(cells.iter())
                .filter(|(c, _)| **c == want)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let number = get(Col::Number);
        let task = get(Col::Task);
        let time = get(Col::Time);
        if task.is_empty() {
            continue;
        }
        // A group row ("I | Nhiệm vụ chung" with nothing else): a section of the table.
        if time.is_empty() && get(Col::Lead).is_empty() {
            section = number.clone();
            continue;
        }
        let clause = match (section.is_empty(), number.is_empty()) {
            (_, true) => format!("bảng, dòng {line}"),
            (true, false) => format!("bảng {number}"),
            (false, false) => format!("bảng {section}.{number}"),
        };
        let (assignees, names) = cx.cell_units(&get(Col::Lead), *line, &clause, "assignee");
        let (cooperating, _) = cx.cell_units(&get(Col::Cooperating), *line, &clause, "cooperating");
        let product = get(Col::Product);
        let title = super::text::collapse(&task, 110);
        let phrase = time_phrase(&time);
        let found = scan(&phrase, year);
        let rules: Vec<RuleSpec> = found
            .iter()
            .filter_map(|f| match &f.what {
                What::Rule(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        if rules.is_empty() {
            if let Some(w) = standing_words(&time) {
                standing.push(StandingDuty {
                    title,
                    clause,
                    quote: text.clone(),
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
                    quote: text.clone(),
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
            let mut id = super::text::slug(&title, 48);
            if id.is_empty() {
                id = "nhiem-vu".into();
            }
            let base = id.clone();
            let mut n = 2;
            while used_ids.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used_ids.push(id.clone());
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
                quote: text.clone(),
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

    #[test]
    fn names_in_a_cell() {
        assert_eq!(
            cell_names("Sở Nội vụ, Sở Tài chính; UBND các huyện, thành phố"),
            ["Sở Nội vụ", "Sở Tài chính", "UBND các huyện, thành phố"]
        );
        assert_eq!(time_phrase("Tháng 5/2026"), "trong Tháng 5/2026");
        assert_eq!(time_phrase("30/6/2026"), "trước 30/6/2026");
    }
}

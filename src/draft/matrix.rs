//! Matrix task tables: rows are tasks, columns are rounds or periods ("Đợt 1 | Đợt 2",
//! "Quý I … Quý IV", "Học kỳ I | II", "Tháng 1 … 12"). A dated cell gives one duty of its row,
//! or, when the row's task has lettered items ("a) … (Đợt 1, 3); b) …"), one duty per item the
//! cell labels ("(b): trước …") or, unlabelled, per item tagged with the cell's round. Rows
//! attending a meeting or a session give none. A header row naming a holder in its task column
//! ("B | Khoa, Bộ môn: | Đợt 1 | …") and a heading row ("A | Nghiên cứu sinh (NCS): | …") set
//! the holder of the rows below; a task opening with its own holder keeps it.

use super::extract::name_at_start;
use super::phrases::{scan, What};
use super::sections::is_table_row;
use super::tables::{column, time_phrase, Col};
use super::text::fold;
use super::DraftObligation;
use crate::domain::model::ObligationKind;
use crate::domain::rule::RuleSpec;
use regex::Regex;
use std::sync::LazyLock;

/// The words naming a round or period, folded (a regex alternation).
const ROUND_WORDS: &str = "dot|quy|hoc ky|hk|ky|thang|giai doan|lan|tuan";

/// A round's name and its number: "Đợt 1" → "1", "HK2" → "2", "Quý II" → "ii".
static ROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{ROUND_WORDS})\s*([0-9]{{1,2}}|[ivx]{{1,4}})$"
    ))
    .expect("regex")
});

/// A cell naming a round or period: "Đợt 1", "Quý II", "Học kỳ I", "HK2",
/// "Tháng 10", "Giai đoạn 2", "Lần 3"; not a dated period ("Tháng 6/2020" is a cell's due).
pub fn is_round(cell: &str) -> bool {
    ROUND.is_match(fold(cell.trim()).trim_end_matches(['.', ':']))
}

/// The round columns of a matrix header row: two or more round cells after a cell that is
/// not a round (the task column). None for any other row.
pub fn round_columns(cells: &[String]) -> Option<Vec<usize>> {
    let rounds: Vec<usize> = (0..cells.len()).filter(|&i| is_round(&cells[i])).collect();
    (rounds.len() >= 2 && rounds[0] >= 1).then_some(rounds)
}

/// A cell that may hold a date: a day ("25/3/2020", "ngày 5"), a month ("6/2020", whose
/// "6/20" the first alternative matches) or a quarter.
fn dated(cell: &str) -> bool {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\d{1,2}/\d{1,2}|\b(?:ngay|thang|quy)\s+[0-9ivx]").expect("regex")
    });
    DATE.is_match(&fold(cell))
}

/// The open matrix table: its task column, its round columns and their names, the holder a
/// heading row named ("A | Nghiên cứu sinh (NCS): | …").
#[derive(Default)]
pub(super) struct Matrix {
    open: Option<(usize, Vec<(usize, String)>)>,
    holder: Option<String>,
    /// The line of the table row just read, when it ended no matrix row (a header's upper row).
    above: Option<usize>,
}

/// A task cell's lettered items ("a) … (Đợt 1, 3); b) … (Đợt 4)"): (letter, text).
fn items(task: &str) -> Vec<(char, String)> {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\s)([a-zđ])\)\s").expect("regex"));
    let starts: Vec<(usize, char)> = ITEM
        .captures_iter(task)
        .map(|c| {
            let m = c.get(1).expect("letter");
            (m.start(), m.as_str().chars().next().expect("letter"))
        })
        .collect();
    if starts.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, (at, letter)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(task.len(), |n| n.0);
        out.push((*letter, task[*at..end].trim().to_owned()));
    }
    out
}

/// The rounds an item names in brackets: "(Đợt 1, 3)" → ["1", "3"].
fn tagged_rounds(item: &str) -> Vec<String> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"\((?:{ROUND_WORDS})\s+([0-9ivx]+(?:\s*(?:,|va)\s*[0-9ivx]+)*)\)"
        ))
        .expect("regex")
    });
    TAG.captures(&fold(item))
        .map(|c| {
            c[1].split([','])
                .flat_map(|p| p.split(" va "))
                .map(|p| p.trim().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The number of a round's name (a round column's, see `is_round`): "Đợt 1" → "1",
/// "HK2" → "2", "Quý II" → "ii".
fn round_number(name: &str) -> String {
    ROUND
        .captures(fold(name.trim()).trim_end_matches(['.', ':']))
        .map(|c| c[1].to_owned())
        .unwrap_or_default()
}

/// A cell's parts labelled for items ("- Nộp báo cáo (b): trước …. - Tham gia (c): …"):
/// (letter, text); one unlabelled part otherwise.
fn labelled_parts(cell: &str) -> Vec<(Option<char>, String)> {
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(([a-zđ])\)\s*:").expect("regex"));
    let labels: Vec<(usize, usize, char)> = LABEL
        .captures_iter(cell)
        .map(|c| {
            let m = c.get(0).expect("label");
            (m.start(), m.end(), c[1].chars().next().expect("letter"))
        })
        .collect();
    if labels.is_empty() {
        return vec![(None, cell.to_owned())];
    }
    let mut out = Vec::new();
    for (k, (_, end, letter)) in labels.iter().enumerate() {
        let stop = labels.get(k + 1).map_or(cell.len(), |n| n.0);
        let text = cell[*end..stop]
            .trim()
            .trim_end_matches(|c: char| c == '-' || c == '.' || c.is_whitespace())
            .to_owned();
        out.push((Some(*letter), text));
    }
    out
}

/// Attending a meeting or a session is an event, not a duty with a deadline.
fn attends(task: &str) -> bool {
    let f = fold(task);
    let f = f.trim_start_matches(|c: char| !c.is_alphabetic() || c == ')');
    let f = f
        .get(2..)
        .filter(|_| f.as_bytes().get(1) == Some(&b')'))
        .unwrap_or(f)
        .trim();
    f.starts_with("tham gia") || f.starts_with("tham du") || f.starts_with("du hop")
}

impl Matrix {
    /// Ends the open matrix table and its holder.
    fn close(&mut self) {
        self.open = None;
        self.holder = None;
    }

    /// Reads one body line when it belongs to a matrix table (its header, a heading row or a
    /// task row): each dated round cell of a task row is one duty, quoted with the row's task,
    /// held by the row's holder, titled with the round. The other drafts of the line are
    /// dropped (they read its dates without the row). False when the line is no matrix row.
    pub(super) fn read_row(
        &mut self,
        line: usize,
        text: &str,
        year: Option<i32>,
        used_ids: &mut Vec<String>,
        obligations: &mut Vec<DraftObligation>,
    ) -> bool {
        let above = self.above.take();
        // A row whose empty cells were trimmed off ("A | Sinh viên: |") is still a row of an
        // open matrix.
        let short_row = self.open.is_some() && text.contains(" | ");
        if !is_table_row(text) && !short_row {
            self.close();
            return false;
        }
        let cells: Vec<String> = text
            .split(" | ")
            .map(|c| c.trim().trim_matches(['·', '|']).trim().to_owned())
            .collect();
        if let Some(rounds) = round_columns(&cells) {
            let task = rounds[0] - 1;
            // A header repeated in the body with a holder in the task column ("B | Khoa, Bộ
            // môn: | Đợt 1 | …"): the rows below are that holder's.
            let head = cells[task].trim_end_matches(':').trim();
            // A task column as a task table names it, or a matrix's figures ("Chỉ tiêu",
            // "Hoạt động").
            let folded = fold(head);
            let task_head = column(head) == Col::Task
                || ["chi tieu", "hoat dong"].iter().any(|w| folded.contains(w));
            self.holder = (!head.is_empty() && !task_head).then(|| head.to_owned());
            self.open = Some((
                task,
                rounds.into_iter().map(|i| (i, cells[i].clone())).collect(),
            ));
            obligations.retain(|o| o.line != line && Some(o.line) != above);
            return true;
        }
        let Some((task_col, rounds)) = &self.open else {
            self.above = Some(line);
            return false;
        };
        // Another table's header ("STT | Nội dung công việc | Năm 2020") closes the matrix.
        if column(&cells[0]) == Col::Number {
            self.close();
            self.above = Some(line);
            return false;
        }
        obligations.retain(|o| o.line != line);
        let task = cells.get(*task_col).cloned().unwrap_or_default();
        if task.is_empty() {
            return true;
        }
        // A heading row ("A | Nghiên cứu sinh (NCS): | …"): its holder holds the rows below.
        if task.ends_with(':') {
            self.holder = Some(task.trim_end_matches(':').trim().to_owned());
            return true;
        }
        let lettered = items(&task);
        for (col, round) in rounds {
            let Some(cell) = cells.get(*col).filter(|c| dated(c)) else {
                continue;
            };
            let number = round_number(round);
            for (label, part) in labelled_parts(cell) {
                // The tasks this part is due for: the labelled item, the items tagged with
                // this round, or the whole row.
                let tasks: Vec<String> = if lettered.is_empty() {
                    vec![task.clone()]
                } else if let Some(l) = label {
                    lettered
                        .iter()
                        .filter(|i| i.0 == l)
                        .map(|i| i.1.clone())
                        .collect()
                } else {
                    lettered
                        .iter()
                        .filter(|i| tagged_rounds(&i.1).contains(&number))
                        .map(|i| i.1.clone())
                        .collect()
                };
                for t in tasks {
                    self.push(line, &t, round, &part, year, used_ids, obligations);
                }
            }
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        line: usize,
        task: &str,
        round: &str,
        cell: &str,
        year: Option<i32>,
        used_ids: &mut Vec<String>,
        obligations: &mut Vec<DraftObligation>,
    ) {
        if attends(task) || attends(cell) {
            return;
        }
        let phrase = time_phrase(cell);
        let Some(rule) = scan(&phrase, year).into_iter().find_map(|f| match f.what {
            What::Rule(r) => Some(r),
            _ => None,
        }) else {
            return;
        };
        // A lettered item ("a) Nộp báo cáo …") names no holder of its own: the heading's
        // holds it; a row's task opens with its holder ("Bộ môn quản lý lập …").
        let lettered =
            task.starts_with(|c: char| c.is_lowercase()) && task.find(')').is_some_and(|i| i <= 2);
        let holder = (!lettered)
            .then(|| name_at_start(task))
            .flatten()
            .or_else(|| self.holder.clone());
        let title = format!("{} ({round})", super::text::collapse(task, 100));
        let id = super::extract::unique_id_or(&title, "nhiem-vu", used_ids);
        let report = fold(task).contains("bao cao");
        obligations.push(DraftObligation {
            id,
            title,
            kind: if report {
                ObligationKind::Report
            } else {
                ObligationKind::Task
            },
            clause: format!("bảng, dòng {line}"),
            quote: task.to_owned(),
            line,
            phrase: cell.to_owned(),
            assignees: Vec::new(),
            assignees_from: "table",
            cooperating: Vec::new(),
            recipient: None,
            recipient_from: "none",
            via: None,
            inferred: matches!(rule, RuleSpec::Periodic { .. }),
            rule,
            confidence: if holder.is_some() { 0.6 } else { 0.3 },
            valid_from: None,
            valid_until: None,
            notes: vec![format!(
                "from a matrix table: the row's task in round '{round}'"
            )],
            assignee_names: holder.into_iter().collect(),
            recipient_name: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Directory;

    /// (quote, holders, due, title) of each duty drafted from `text` (tables written for
    /// these tests).
    fn duties(text: &str) -> Vec<(String, Vec<String>, String, String)> {
        let d = super::super::draft(text, "test", &Directory::new(Vec::new(), Vec::new()));
        d.obligations
            .into_iter()
            .map(|o| {
                let due = match &o.rule {
                    RuleSpec::Once { date, .. } => date.clone(),
                    r => format!("{r:?}"),
                };
                (o.quote, o.assignee_names, due, o.title)
            })
            .collect()
    }

    const HEAD: &str =
        "TRƯỜNG ĐẠI HỌC A\nHà Nội, ngày 02 tháng 01 năm 2025\nKẾ HOẠCH\nCông tác năm 2025\n\n";

    #[test]
    fn round_names() {
        for r in [
            "Đợt 1",
            "Quý II",
            "Học kỳ I",
            "HK2",
            "Tháng 10",
            "Giai đoạn 2",
            "Lần 3",
        ] {
            assert!(is_round(r), "{r}");
        }
        for r in [
            "Tháng 6/2020",
            "Thời gian hoàn thành",
            "Năm 2025",
            "Đợt thi",
            "Ghi chú",
        ] {
            assert!(!is_round(r), "{r}");
        }
        for (r, n) in [
            ("Đợt 1", "1"),
            ("HK2", "2"),
            ("Quý II", "ii"),
            ("Học kỳ I:", "i"),
        ] {
            assert_eq!(round_number(r), n, "{r}");
        }
        assert_eq!(tagged_rounds("a) Nộp đề cương (Đợt 1, 3)"), ["1", "3"]);
        assert_eq!(tagged_rounds("b) Báo cáo (Quý II và IV)"), ["ii", "iv"]);
    }

    #[test]
    fn a_pipe_table_of_three_tasks_and_two_rounds() {
        let text = format!(
            "{HEAD}STT | Nội dung | Đợt 1 | Đợt 2\n\
             1 | Phòng Hành chính gửi báo cáo tự kiểm tra về Văn phòng | Trước ngày 15/4/2025 | Trước ngày 15/10/2025\n\
             2 | Các khoa nộp danh sách đề tài cho Phòng Khoa học | 20/5/2025-30/5/2025 | 20/11/2025-30/11/2025\n\
             3 | Phòng Tài vụ lập bảng tổng hợp kinh phí | Tháng 6/2025 | Tháng 12/2025\n\n\
             Các đơn vị thực hiện kế hoạch này.\n"
        );
        let d = duties(&text);
        assert_eq!(d.len(), 6, "{d:#?}");
        let dues: Vec<&str> = d.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            &dues[..4],
            ["2025-04-15", "2025-10-15", "2025-05-30", "2025-11-30"]
        );
        assert!(
            dues[4].contains("month: 6") && dues[5].contains("month: 12"),
            "{dues:?}"
        );
        assert_eq!(d[0].1, ["Phòng Hành chính"]);
        assert_eq!(d[2].1, ["Các khoa"]);
        assert_eq!(d[4].1, ["Phòng Tài vụ"]);
        assert!(d[0].0.starts_with("Phòng Hành chính gửi báo cáo"));
        assert!(d[0].3.ends_with("(Đợt 1)") && d[1].3.ends_with("(Đợt 2)"));
    }

    #[test]
    fn an_html_quarter_table_with_empty_cells() {
        let text = format!(
            "{HEAD}<table>\n\
             <tr><td>TT</td><td>Công việc</td><td>Quý I</td><td>Quý II</td><td>Quý III</td><td>Quý IV</td></tr>\n\
             <tr><td>1</td><td><p>Sở Y tế b&aacute;o c&aacute;o tình hình dịch bệnh</p></td><td>Trước ngày 20/3/2025</td><td>&nbsp;</td><td><p>Trước ngày</p><p>20/9/2025</p></td><td></td></tr>\n\
             <tr><td>2</td><td>Sở Tài chính tổng hợp dự toán</td><td></td><td>Tháng 6/2025</td><td></td><td></td></tr>\n\
             <tr><td>3</td><td>Sở Nội vụ rà soát biên chế</td><td></td><td></td><td></td><td></td></tr>\n\
             </table>\n\nCác sở thực hiện.\n"
        );
        let d = duties(&text);
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!(
            (d[0].2.as_str(), d[1].2.as_str()),
            ("2025-03-20", "2025-09-20")
        );
        assert_eq!(d[0].1, ["Sở Y tế"]);
        assert!(d[1].3.ends_with("(Quý III)"));
        assert_eq!(d[2].1, ["Sở Tài chính"]);
        assert!(d[2].3.ends_with("(Quý II)"));
    }

    #[test]
    fn a_word_table_with_a_holder_heading_and_lettered_tasks() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let row = |cells: &[&str]| {
            format!(
                "<w:tr>{}</w:tr>",
                cells.iter().map(|c| cell(c)).collect::<String>()
            )
        };
        let xml = format!(
            "<w:document><w:body>{}<w:tbl>{}{}{}</w:tbl><w:p><w:r><w:t>Các đơn vị thực hiện.</w:t></w:r></w:p></w:body></w:document>",
            HEAD.lines()
                .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
                .collect::<String>(),
            row(&["STT", "Nội dung công việc", "Đợt 1", "Đợt 2"]),
            row(&["A", "Sinh viên:", "", ""]),
            row(&[
                "1",
                "a) Nộp đề cương cho Khoa (Đợt 1); b) Tham gia hội thảo tại Khoa (Đợt 1, 2)",
                "Trước ngày 15/5/2025",
                "Tham gia hội thảo (b): 10/11/2025 - 12/11/2025",
            ]),
        );
        let text = crate::draft::input::document_xml_text(&xml).unwrap();
        let d = duties(&text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].0, "a) Nộp đề cương cho Khoa (Đợt 1);");
        assert_eq!(d[0].1, ["Sinh viên"]);
        assert_eq!(d[0].2, "2025-05-15");
    }

    #[test]
    fn near_misses_are_no_matrix() {
        let cells = |s: &str| s.split(" | ").map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            round_columns(&cells(
                "STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành"
            )),
            None
        );
        // A plain task table is still read by the task-table reader.
        let text = format!(
            "{HEAD}STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành\n\
             1 | Xây dựng quy chế chi tiêu nội bộ | Phòng Tài vụ | Trước ngày 30/6/2025\n\
             2 | Tổng kết năm học | Phòng Đào tạo | Tháng 12/2025\n\n\
             Các đơn vị thực hiện.\n"
        );
        let d = duties(&text);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d.iter().all(|x| !x.3.contains('(')));
        // Figures per quarter are no dates: nothing is due.
        let text = format!(
            "{HEAD}STT | Chỉ tiêu | Quý I | Quý II | Quý III | Quý IV\n\
             1 | Số hồ sơ tiếp nhận | 120 | 135 | 140 | 150\n\
             2 | Số hồ sơ giải quyết đúng hạn | 118 | 130 | 139 | 148\n\n\
             Số liệu trên đây là số liệu ước tính.\n"
        );
        assert_eq!(duties(&text), Vec::new());
    }
}

//! Duties a work schedule (lịch công tác) gives beside its meetings: "(Phòng X chuẩn bị báo cáo)" under a day heading, due that day.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::extract::unique_id;
use super::DraftObligation;
use crate::domain::model::ObligationKind;
use crate::domain::rule::{Cutoff, RuleSpec};

// A schedule's day heading on a line of its own: "THỨ HAI, NGÀY 27/5:", "Thứ Hai (09/02/2026):",
// "CHỦ NHẬT, NGÀY 26/3/2023".
static DAY_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,(\-–]?\s*(?:ngày\s+)?(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}))?\s*\)?\s*:?\s*$")
        .expect("regex")
});

// "(Phòng Kinh tế và Hạ tầng chuẩn bị báo cáo)", "(Giao Phòng Văn hóa – Xã hội chuẩn bị nội
// dung)": a unit set to prepare the meeting's papers.
static PREPARES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?i:giao\s+)?(\p{Lu}[^()]{2,80}?)\s+(?i:chuẩn\s+bị)\s+([^()]{2,60})\)")
        .expect("regex")
});

/// The preparation duties of a schedule: each due on the day of the heading it stands under
/// (before the meeting), held by the unit named, for the leader the entry opens with.
pub(super) fn extract_schedule(
    body: &[(usize, String)],
    year: Option<i32>,
    used_ids: &mut Vec<String>,
    obligations: &mut Vec<DraftObligation>,
) {
    let mut day: Option<(String, u32, u32, Option<i32>)> = None;
    for (line, text) in body {
        // A heading ends with a colon or is in capitals; "Thứ Hai, 15/03/2026" alone is a
        // page's date.
        let heading = text.trim_end().ends_with(':') || *text == text.to_uppercase();
        if let Some(c) = DAY_HEAD.captures(text).filter(|_| heading) {
            let d: u32 = c[1].parse().unwrap_or(0);
            let m: u32 = c[2].parse().unwrap_or(0);
            let y = c.get(3).and_then(|y| y.as_str().parse().ok());
            day = Some((text.trim().trim_end_matches(':').to_owned(), d, m, y));
            continue;
        }
        let Some((head, d, m, y)) = &day else {
            continue;
        };
        for c in PREPARES.captures_iter(text) {
            let holder = c[1].trim().to_owned();
            let what = c[2].trim().to_owned();
            let (rule, note) = match y.or(year).and_then(|y| NaiveDate::from_ymd_opt(y, *m, *d)) {
                Some(date) => (
                    RuleSpec::Once {
                        date: date.format("%Y-%m-%d").to_string(),
                        cutoff: Cutoff::Before,
                    },
                    None,
                ),
                None => (
                    RuleSpec::Yearly {
                        month: *m,
                        day: *d,
                        cutoff: Cutoff::Before,
                    },
                    Some("the schedule gives no year: set the date".to_owned()),
                ),
            };
            // "- PCT.CN: 7 giờ 30’, nghe báo cáo …": the leader the entry is for.
            let leader = text
                .trim_start_matches(['-', '+', '•', ' '])
                .split_once(':')
                .map(|(l, _)| l.trim().to_owned())
                .filter(|l| !l.is_empty() && l.chars().count() <= 60);
            let title = format!("{holder} chuẩn bị {what}");
            let mut notes =
                vec!["a paper to prepare for a meeting of the schedule: due on its day".to_owned()];
            notes.extend(note);
            obligations.push(DraftObligation {
                id: unique_id(&title, used_ids),
                title,
                kind: if what.contains("báo cáo") {
                    ObligationKind::Report
                } else {
                    ObligationKind::Task
                },
                clause: head.clone(),
                quote: text.clone(),
                line: *line,
                phrase: head.clone(),
                assignees: Vec::new(),
                assignees_from: "schedule",
                cooperating: Vec::new(),
                recipient: None,
                recipient_from: "schedule",
                via: None,
                rule,
                inferred: false,
                confidence: 0.5,
                valid_from: None,
                valid_until: None,
                notes,
                assignee_names: vec![holder],
                recipient_name: leader,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect()
    }

    /// Texts written for this test.
    #[test]
    fn a_paper_to_prepare_is_due_on_its_days_heading() {
        let mut used = Vec::new();
        let mut out = Vec::new();
        extract_schedule(
            &body("LỊCH LÀM VIỆC TUẦN\n\nTHỨ BA, NGÀY 14/4:\n\n- Chủ tịch: 8 giờ, họp về công tác phòng cháy rừng, mời Hạt Kiểm lâm cùng dự (Phòng Nông nghiệp chuẩn bị báo cáo), điểm tại phòng họp số 2.\n\nThứ Tư (15/4/2026):\n\n- PCT.KT: 14 giờ, làm việc với các xã về ngân sách (Giao Phòng Tài chính - Kế hoạch chuẩn bị nội dung).\n"),
            Some(2026),
            &mut used,
            &mut out,
        );
        let got: Vec<(String, RuleSpec, Option<String>)> = out
            .into_iter()
            .map(|o| (o.assignee_names[0].clone(), o.rule, o.recipient_name))
            .collect();
        let once = |d: &str| RuleSpec::Once {
            date: d.into(),
            cutoff: Cutoff::Before,
        };
        assert_eq!(
            got,
            vec![
                (
                    "Phòng Nông nghiệp".into(),
                    once("2026-04-14"),
                    Some("Chủ tịch".into())
                ),
                (
                    "Phòng Tài chính - Kế hoạch".into(),
                    once("2026-04-15"),
                    Some("PCT.KT".into())
                ),
            ]
        );
        // A page's date is no day heading.
        let mut out = Vec::new();
        extract_schedule(
            &body("Thứ Hai, 13/04/2026\n\nHội nghị sơ kết quý I (Văn phòng chuẩn bị báo cáo).\n"),
            Some(2026),
            &mut used,
            &mut out,
        );
        assert!(out.is_empty());
        // No day heading: not a schedule, nothing is read.
        let mut out = Vec::new();
        extract_schedule(
            &body("Hội nghị tổng kết (Văn phòng chuẩn bị hội trường).\n"),
            Some(2026),
            &mut used,
            &mut out,
        );
        assert!(out.is_empty());
    }
}

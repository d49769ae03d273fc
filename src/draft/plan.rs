//! The plan's own facts: its year (its date or its appendix's document's, its start, the dates
//! it gives, a Tết named by its sexagenary year), its start of validity and its id.

use chrono::{Datelike, NaiveDate};

use super::header::{Header, Layout};
use super::phrases::{lunar_year, scan, What};
use super::text::slug;

/// The plan's year: its date, else the year of its "bắt đầu từ ngày …", else (a text with no
/// header: a news item, an excerpt) the latest year of a full date it gives, or of a "năm
/// YYYY" it names: what it cites is older than the text itself.
pub(super) fn plan_year(layout: &Layout) -> Option<i32> {
    static FULL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        // A full date (also glued to the next word on a tag page: "22/11/2023Phó Thủ tướng"),
        // "tháng 5 năm 2024", "năm 2024", a month with its year in press style ("tháng
        // 9.2020"), a school year ("năm học 2010- 2011": its first year, when its autumn's
        // letters are written), a quarter with its year ("trong quý II/2012"). A "năm YYYY"
        // after a word opening with đ ("đến năm 2050", "tầm nhìn đến năm 2030") is a horizon
        // the text looks ahead to: the word is read whole, from its first letter.
        regex::Regex::new(r"\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d{2})(?:[^\d]|$)|tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d{2})|(?:^|(?:^|\s)[^đĐ\s]\S*\s)năm\s+((?:19|20)\d{2})\b|tháng\s+\d{1,2}[./-]((?:19|20)\d{2})\b|năm học\s+((?:19|20)\d{2})\s*[-–]|(?i:quý)\s+(?i:iv|i{1,3}|[1-4])\s*(?:/|\s+năm\s+)((?:19|20)\d{2})\b")
            .expect("regex")
    });
    // A web page's clock ("Thứ tư, Ngày 19/01/2022 06:04 PM", "03/05/2021, 11:43") dates the
    // page, not the document: such stamps are no evidence of the plan's year.
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4},?\s*(?:\|\s*)?\d{1,2}:\d{2}|\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?,?\s*(?:\|\s*)?(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
            .expect("regex")
    });
    static PLAN_YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)kế hoạch(?:\s+(?:thực hiện|phát triển|năm))?\s+năm\s+(?:19|20)\d{2}",
        )
        .expect("regex")
    });
    static CALL_UP_YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(?:nhập ngũ|tuyển quân|giao quân|giao nhận quân|quân sự)\s+năm\s+(?:19|20)\d{2}",
        )
        .expect("regex")
    });
    let h = &layout.header;
    h.date
        .map(|d| d.year())
        .or(h.year)
        // A text with no header dated by the act it reports ("Ngày 01/10/2025, Sở … có văn
        // bản …", "(PL) - Ngày 14/10/2009, Bộ …"): the year it was written, even when its
        // deadlines run into the next year, or a rule it reports takes effect later.
        .or_else(|| text_now(layout).map(|d| d.year()))
        .or_else(|| {
            layout.body.iter().find_map(|(_, line)| {
                scan(line, None).into_iter().find_map(|f| match f.what {
                    What::Start(d) => Some(d.year()),
                    _ => None,
                })
            })
        })
        // A headline closed by its posting time ("Gấp rút làm xong đề án … 13/03/2026 08:27"):
        // the news item's own date, which its deadlines without a year are read from; the
        // documents it cites are older.
        // Also the posting time alone on the line under the headline ("Gấp rút làm xong đề án
        // …" / "13/03/2026 08:27").
        .or_else(|| {
            let mut lines = layout.body.iter().filter(|(_, l)| !l.trim().is_empty());
            let (_, first) = lines.next()?;
            let (m, headline, line) = match STAMP.find_iter(first).last() {
                Some(m) => (m, &first[..m.start()], first),
                None => {
                    let (_, second) = lines.next()?;
                    let m = STAMP.find(second)?;
                    // Alone, or after its weekday ("Thứ hai, 20/06/2022 19:22").
                    let before = second[..m.start()]
                        .trim()
                        .trim_end_matches(',')
                        .to_lowercase();
                    let weekday = before
                        .strip_prefix("thứ ")
                        .is_some_and(|d| d.split_whitespace().count() == 1)
                        || before == "chủ nhật";
                    let alone = before.is_empty() || weekday;
                    let headline = first.trim_end();
                    if !alone || headline.ends_with(['.', ':', ';']) {
                        return None;
                    }
                    (m, headline, second)
                }
            };
            // A clock's seconds ("08:27:15") close the stamp.
            let rest = line[m.end()..].trim_start();
            let rest = rest
                .strip_prefix(':')
                .map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
            (rest.trim().is_empty()
                && headline.split_whitespace().count() >= 4
                && headline.chars().any(char::is_lowercase))
            .then(|| {
                FULL.captures(m.as_str())
                    .and_then(|c| c.get(1))
                    .and_then(|y| y.as_str().parse::<i32>().ok())
            })
            .flatten()
        })
        .or_else(|| {
            layout
                .body
                .iter()
                .flat_map(|(_, line)| {
                    let line = STAMP.replace_all(line, " ");
                    // "số liệu năm 2009 và kế hoạch thực hiện năm 2010": the year a plan is
                    // made for looks ahead; it is no evidence of when the text was written.
                    let line = PLAN_YEAR.replace_all(&line, " ");
                    // "khám sơ tuyển nghĩa vụ quân sự năm 2018", "gọi công dân nhập ngũ năm
                    // 2018": a call-up is named by the year its recruits enlist, the year after
                    // the examinations that prepare it.
                    let line = CALL_UP_YEAR.replace_all(&line, " ");
                    // "Sở dự kiến … vào tháng 6/2027": an expected timetable looks ahead too.
                    let line: String = line
                        .split_inclusive(". ")
                        .filter(|s| !s.to_lowercase().contains("dự kiến"))
                        .collect();
                    FULL.captures_iter(&line)
                        .filter_map(|c| {
                            c.get(1)
                                .or(c.get(2))
                                .or(c.get(3))
                                .or(c.get(4))
                                .or(c.get(5))
                                .or(c.get(6))
                                .and_then(|y| y.as_str().parse::<i32>().ok())
                        })
                        .collect::<Vec<_>>()
                })
                .max()
                // Family: a text of one school year ("Kế hoạch xét tốt nghiệp năm học 2018 -
                // 2019", its rounds running from 13/08/2018 to 18/05/2019) is written in the
                // autumn its year opens: its spring dates are the same school year's, not
                // evidence of a later text.
                .map(|y| {
                    school_year_start(layout)
                        .filter(|&a| y == a + 1)
                        .unwrap_or(y)
                })
                // Family: a news page that opens on its posting time alone ("28/08/2015 -
                // 18:06", "Thứ Bảy, 14/09/2019, 09:24 [GMT+7]") was written that year: a later
                // year it names ("phấn đấu trở thành huyện nông thôn mới vào năm 2020", a
                // contest's last round "trước ngày 25-5-2024") is a target it looks ahead to,
                // no evidence of when it was written.
                .map(|y| posted_year(layout).map_or(y, |p| y.min(p)))
        })
        .or_else(|| layout.body.iter().find_map(|(_, line)| lunar_year(line)))
        // Last, a web page's own clock ("THỨ HAI, 13/07/2020 11:11:49"): no evidence beside the
        // text's own dates, but when the text gives no year at all, a news item is written in
        // the year it is posted.
        .or_else(|| {
            layout.body.iter().find_map(|(_, line)| {
                STAMP.find(line).and_then(|m| {
                    FULL.captures(m.as_str())
                        .and_then(|c| c.get(1))
                        .and_then(|y| y.as_str().parse::<i32>().ok())
                })
            })
        })
        // Or a page's date written the ISO way on a line of its own near the top ("date
        // 2025-09-19", "2025-09-19").
        .or_else(|| {
            static ISO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r"(?i)^\s*(?:date\s*:?\s*)?((?:19|20)\d{2})-\d{2}-\d{2}\b")
                    .expect("regex")
            });
            layout
                .body
                .iter()
                .take(5)
                .find_map(|(_, line)| ISO.captures(line).and_then(|c| c[1].parse::<i32>().ok()))
        })
}

/// The first year of the one school year a text names ("năm học 2018 - 2019", "năm học
/// 2018-2019"), when it names no other.
fn school_year_start(layout: &Layout) -> Option<i32> {
    static SCHOOL_YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)năm học\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
            .expect("regex")
    });
    let mut years = layout.body.iter().flat_map(|(_, line)| {
        SCHOOL_YEAR
            .captures_iter(line)
            .filter_map(|c| {
                let (a, b) = (c[1].parse::<i32>().ok()?, c[2].parse::<i32>().ok()?);
                (b == a + 1).then_some(a)
            })
            .collect::<Vec<_>>()
    });
    let first = years.next()?;
    if !years.all(|a| a == first) {
        return None;
    }
    // Only a text that dates something in the autumn's year itself: a spring news item of the
    // same school year ("thi tốt nghiệp THPT năm học 2021 - 2022" in May 2022) gives none.
    static DAY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d{2})\b").expect("regex")
    });
    layout
        .body
        .iter()
        .any(|(_, line)| DAY.captures_iter(line).any(|c| c[1].parse() == Ok(first)))
        .then_some(first)
}

/// The year of a news page's posting time when it stands alone on the text's first line
/// ("28/08/2015 - 18:06", "Thứ Bảy, 14/09/2019, 09:24 [GMT+7]", "13/11/2018 - 22:01").
fn posted_year(layout: &Layout) -> Option<i32> {
    static POSTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*(?:(?:thứ\s+\S+|chủ nhật)\s*,\s*)?(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d{2})\s*[,|\-–]?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?\s*(?:[\[(]gmt\s*\+\s*\d+[\])])?\s*$")
            .expect("regex")
    });
    let (_, first) = layout.body.iter().find(|(_, l)| !l.trim().is_empty())?;
    POSTED.captures(first)?[1].parse().ok()
}

/// The date of a match whose groups 1, 2 and 3 are its day, month and year.
pub(super) fn day_month_year(c: &regex::Captures<'_>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)
}

/// The date of the document an appendix printed on its own is attached to, from the appendix's
/// head line "(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/3/2026 của …)" or "(Ban hành kèm theo
/// Quyết định số … ngày …)" near the top: the appendix is that document's, of its date. A
/// "kèm theo" inside a sentence (a ground, a form sent along) dates nothing.
/// Family: the head line as the Công báo prints a Government or Prime Minister's appendix, its
/// date in words and wrapped onto the next line ("(Kèm theo Nghị quyết số 175/NQ-CP" / "ngày 30
/// tháng 10 năm 2023 của Chính phủ)"): read with the two lines after it, up to its bracket.
pub(super) fn appendix_date(layout: &Layout) -> Option<NaiveDate> {
    static HEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*\(\s*(?:ban hành\s+)?kèm theo\s[^()]*?\sngày\s+(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]|\s+tháng\s+(\d{1,2})\s+năm)\s*((?:19|20)\d{2})")
            .expect("regex")
    });
    let lines: Vec<&str> = layout
        .body
        .iter()
        .take(14)
        .map(|(_, l)| l.as_str())
        .filter(|l| !l.trim().is_empty())
        .collect();
    (0..lines.len().min(12)).find_map(|i| {
        let head = lines[i..lines.len().min(i + 3)].join(" ");
        let c = HEAD.captures(&head)?;
        let month = c.get(2).or(c.get(3))?.as_str().parse().ok()?;
        NaiveDate::from_ymd_opt(c[4].parse().ok()?, month, c[1].parse().ok()?)
    })
}

/// The text's own date: its header's, else an appendix's (the date of the document it is
/// attached to), else (a news item) the date of the act it reports when a sentence opens with
/// it ("Ngày 01/10/2025, Sở … có văn bản", "GiadinhNet - Ngày 14/10/2009, Bộ …"): the moment
/// dates without a year are read from.
pub(super) fn text_now(layout: &Layout) -> Option<NaiveDate> {
    static ACT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?:^|[.\-–]\s+|\)\s*-?\s*)(?:ngày|sáng|chiều|tối|trưa)\s+(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\s*,")
            .expect("regex")
    });
    layout
        .header
        .date
        .or_else(|| appendix_date(layout))
        .or_else(|| {
            layout.body.iter().take(12).find_map(|(_, line)| {
                let c = ACT.captures(line)?;
                day_month_year(&c)
            })
        })
}

/// The plan's start of validity and why.
pub(super) fn validity(h: &Header, start: Option<NaiveDate>) -> (Option<NaiveDate>, String) {
    match (h.date, start) {
        (_, Some(s)) => (Some(s), "“bắt đầu từ ngày …” in the plan".to_owned()),
        (Some(d), None) => (Some(d), "the plan's date".to_owned()),
        (None, None) => match h.year {
            Some(y) => (
                NaiveDate::from_ymd_opt(y, 1, 1),
                format!("the plan's date is blank (“ngày tháng năm {y}”): 1 January {y} until a reviewer sets the real start"),
            ),
            None => (None, "the plan has no date: set valid_from".to_owned()),
        },
    }
}

/// The plan's id: place, title and year as a slug.
pub(super) fn plan_id(h: &Header, source: &str, plan_year: Option<i32>) -> String {
    let place = h.place.as_deref().map(|p| slug(p, 20)).unwrap_or_default();
    let title = h
        .title
        .as_deref()
        .map(|t| slug(t, 32))
        .unwrap_or_else(|| slug(source, 32));
    let year = plan_year.map(|y| y.to_string()).unwrap_or_default();
    let year = if title.ends_with(&year) {
        String::new()
    } else {
        year
    };
    let id = [place, title, year]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut id = slug(&id, 64);
    if id.is_empty() {
        id = "ke-hoach".into();
    }
    id
}

#[cfg(test)]
mod plan_year_tests {
    use super::super::header::layout;
    use super::{appendix_date, plan_year};

    /// Each text's plan year is the one given beside it.
    pub(super) fn years_are(cases: &[(&str, Option<i32>)]) {
        for (text, year) in cases {
            assert_eq!(plan_year(&layout(text)), *year, "{text}");
        }
    }

    /// An appendix printed on its own is dated by the document its head line attaches it to;
    /// a "kèm theo" in a sentence, or a head line with no full date, dates nothing. Texts
    /// written for this test.
    #[test]
    fn an_appendix_takes_the_date_of_its_document() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        for (text, want) in [
            (
                "LỊCH CÔNG TÁC THÁNG\n(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/3/2026 của UBND xã)\n- Họp giao ban (02/3)\n",
                date(2026, 3, 12),
            ),
            (
                "PHỤ LỤC\n( Ban hành kèm theo Quyết định số 20/QĐ-SNV ngày 05-01-2026 của Sở Nội vụ )\n",
                date(2026, 1, 5),
            ),
            (
                "Các xã gửi báo cáo kèm theo biểu mẫu, ngày 12/3/2026.\n",
                None,
            ),
            ("PHỤ LỤC\n(Kèm theo Kế hoạch số 15/KH-UBND của UBND xã)\n", None),
            // The Công báo's head line: the date in words, wrapped onto the next line.
            (
                "Phụ lục I\nNHIỆM VỤ CỦA CÁC BỘ, NGÀNH\n(Kèm theo Nghị quyết số 12/NQ-CP\n ngày 05 tháng 3 năm 2026 của Chính phủ)\n1. Rà soát quy định.\n",
                date(2026, 3, 5),
            ),
            (
                "Phụ lục\n(Kèm theo Quyết định số 88/QĐ-TTg ngày 09  tháng 6 năm 2025 của Thủ tướng Chính phủ)\n",
                date(2025, 6, 9),
            ),
        ] {
            assert_eq!(appendix_date(&layout(text)), want, "{text}");
        }
        // The appendix's rows dated before its document are past; a later one stays.
        let d = crate::draft::draft(
            "LỊCH CÔNG TÁC\n\n(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/3/2026 của UBND xã)\n\n- Các tổ nộp báo cáo tháng 2 trước ngày 05/3/2026.\n\n- Các tổ nộp báo cáo tháng 3 trước ngày 05/4/2026.\n",
            "x.txt",
            &crate::domain::model::Directory::new(Vec::new(), Vec::new()),
        );
        let dues: Vec<String> = d
            .obligations
            .iter()
            .map(|o| format!("{:?}", o.rule))
            .collect();
        assert_eq!(dues.len(), 1, "{dues:?}");
        assert!(dues[0].contains("2026-04-05"), "{dues:?}");
        // Near-miss: without the head line both rows stay.
        let d = crate::draft::draft(
            "LỊCH CÔNG TÁC\n\n- Các tổ nộp báo cáo tháng 2 trước ngày 05/3/2026.\n\n- Các tổ nộp báo cáo tháng 3 trước ngày 05/4/2026.\n",
            "x.txt",
            &crate::domain::model::Directory::new(Vec::new(), Vec::new()),
        );
        assert_eq!(d.obligations.len(), 2, "{:?}", d.obligations);
    }

    /// A text with no header takes the latest year it gives; a horizon it looks ahead to ("tầm
    /// nhìn đến năm 2050", "đến năm 2030") or an expected timetable ("Sở dự kiến … vào tháng
    /// 6/2027") is no evidence of when it was written.
    #[test]
    fn a_horizon_year_is_not_the_texts_year() {
        years_are(&[
            (
                "Các sở phải hoàn thành đề án trong tháng 4/2025. Sở dự kiến trình HĐND tỉnh vào tháng 6/2026.\n",
                Some(2025),
            ),
            (
                "Sở Xây dựng lập đề án phát triển nhà ở thời kỳ 2021 - 2030, tầm nhìn đến năm 2045.\nCác huyện gửi ý kiến trước ngày 12/8/2024.\n",
                Some(2024),
            ),
            (
                "UBND tỉnh giao Sở Nông nghiệp rà soát chỉ tiêu đến năm 2030, báo cáo trước ngày 20/5/2022.\n",
                Some(2022),
            ),
            // Near-misses: a year after another word still counts, and a horizon alone is all
            // there is.
            (
                "Trong năm 2023, các xã hoàn thành kiểm kê đất đai.\n",
                Some(2023),
            ),
            ("Phấn đấu đến năm 2030 có 80% xã đạt chuẩn.\n", None),
            // A call-up named by its recruits' year is prepared the year before.
            (
                "Huyện khám sơ tuyển nghĩa vụ quân sự năm 2027\nĐến ngày 20/11/2026 các xã hoàn thành khám sơ tuyển cho thanh niên nhập ngũ năm 2027.\n",
                Some(2026),
            ),
        ]);
    }

    /// A text of one school year that dates something in its autumn was written that autumn:
    /// its spring dates do not make it a text of the next year. A spring item of the same
    /// school year that dates nothing in the autumn keeps its own year. Texts written for this
    /// test.
    #[test]
    fn a_school_years_text_is_of_its_autumn() {
        years_are(&[
            (
                "Kế hoạch thi năm học 2024 - 2025\nĐợt 1: từ 15/10 - 25/10/2024 sinh viên nộp đơn.\nĐợt 2: từ 10/3 - 20/3/2025 sinh viên nộp đơn.\n",
                Some(2024),
            ),
            (
                "Kỳ thi tốt nghiệp năm học 2024 - 2025: thí sinh đăng ký dự thi trước ngày 10/5/2025.\n",
                Some(2025),
            ),
        ]);
    }

    /// A news page opening on its posting time alone was written that year: a later year it
    /// names is a target; an earlier one leaves the latest year it gives.
    #[test]
    fn a_posting_time_caps_the_year_of_a_news_page() {
        years_are(&[
            (
                "12/03/2016 - 08:15\nHuyện X phấn đấu trở thành huyện nông thôn mới vào năm 2022. Các xã trình đề án trước ngày 30/6/2016.\n",
                Some(2016),
            ),
            (
                "Thứ Hai, 05/04/2021, 10:04 (GMT+7)\nCuộc thi có hai đợt: đợt 1 trước ngày 20-5-2021; đợt 2 trước ngày 20-5-2023.\n",
                Some(2021),
            ),
            // Near-misses: a stamp below other words caps nothing, and a page posted later
            // keeps the year of its text.
            (
                "Tin nông thôn mới\n12/03/2016 - 08:15\nCác xã phấn đấu về đích vào năm 2022.\n",
                Some(2022),
            ),
            (
                "Thứ tư, 19/01/2022 06:04 PM\nCác địa phương gửi danh sách trước ngày 27/02/2021.\n",
                Some(2021),
            ),
        ]);
    }
}

#[cfg(test)]
mod posted_headline_tests {
    use super::plan_year_tests::years_are;

    /// A headline closed by its posting time, or with the time alone on the line under it,
    /// dates a news item whose deadlines have no year, above the older documents it cites; a
    /// stamp opening the text, or under a sentence, does not outrank the text's own dates
    /// (texts written for this test).
    #[test]
    fn a_headline_closed_by_its_posting_time_dates_the_item() {
        years_are(&[
            (
                "Khẩn trương hoàn thiện hồ sơ sắp xếp thôn, tổ dân phố 02/04/2027 09:15\n\nCác xã gửi hồ sơ về Sở Nội vụ trước ngày 25-4 theo Nghị định 33/2026/NĐ-CP (12-3-2026).\n",
                Some(2027),
            ),
            (
                "Khẩn trương hoàn thiện hồ sơ sắp xếp thôn 09:15, 02/04/2027\n\nCác xã gửi hồ sơ trước ngày 25-4 theo Nghị định (12-3-2026).\n",
                Some(2027),
            ),
            // The posting time alone on the line under the headline.
            (
                "Khẩn trương hoàn thiện hồ sơ sắp xếp thôn, tổ dân phố\n02/04/2027 09:15:30\n\nCác xã gửi hồ sơ về Sở Nội vụ trước ngày 25-4 theo Nghị định 33/2026/NĐ-CP (12-3-2026).\n",
                Some(2027),
            ),
            (
                "Khẩn trương hoàn thiện hồ sơ sắp xếp thôn, tổ dân phố\nThứ sáu, 02/04/2027 09:15\n\nCác xã gửi hồ sơ trước ngày 25-4 theo Nghị định (12-3-2026).\n",
                Some(2027),
            ),
            // Near-miss: under a sentence (closed by its stop), not a headline.
            (
                "Các xã gửi hồ sơ trước ngày 25-4 theo Nghị định (12-3-2026).\n02/04/2027 09:15\n",
                Some(2026),
            ),
            // Near-misses: the stamp on a line of its own, and a text that opens with its
            // deadline sentence, keep the latest year the text gives.
            (
                "02/04/2027 09:15\n\nCác xã gửi hồ sơ trước ngày 25-4 theo Nghị định (12-3-2026).\n",
                Some(2026),
            ),
            (
                "Các xã gửi hồ sơ trước ngày 25-4 theo Nghị định (12-3-2026).\nCập nhật 02/04/2027 09:15\n",
                Some(2026),
            ),
        ]);
    }
}

#[cfg(test)]
mod lunar_year_tests {
    use super::lunar_year;

    /// Tết named by its sexagenary year gives the plan's year when no number does.
    #[test]
    fn a_tet_named_by_its_sexagenary_year() {
        for (line, year) in [
            ("Kế hoạch phục vụ Tết Nguyên đán Giáp Thìn", Some(2024)),
            (
                "dịp Tết Nguyên Đán Bính Ngọ, các phường dọn dẹp",
                Some(2026),
            ),
            ("Chương trình Xuân Quý Mão", Some(2023)),
            ("chúc mừng năm mới", None),
        ] {
            assert_eq!(lunar_year(line), year, "{line}");
        }
    }
}

//! The drafter measured on the development corpus through the real binary
//! (`dondoc draft --evaluate SPLIT --format json`): due-day thresholds on the tuning part and on
//! the former holdout and blind splits
//! (tests/corpus/{holdout,fresh,fresh2,…,fresh21,fresh8-tables}, each measured once untouched
//! and now seen and used for development).

mod common;

use std::path::Path;

use common::{dondoc_in, root};
use serde_json::Value;

fn evaluate(split: &Path) -> Value {
    let out = dondoc_in(
        &root(),
        &[
            "draft",
            "--evaluate",
            split.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "dondoc draft --evaluate {}: {}\n{}",
        split.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn figures(r: &Value) -> String {
    let f = |k: &str| {
        format!(
            "{k}: precision {:.3} recall {:.3}",
            r[k]["precision"].as_f64().unwrap_or(0.0),
            r[k]["recall"].as_f64().unwrap_or(0.0)
        )
    };
    format!(
        "{} ({} documents) — {}; {}; {}; classed as preamble {}; units of another province {}",
        r["split"].as_str().unwrap_or(""),
        r["documents"],
        f("due"),
        f("assignees"),
        f("recipients"),
        r["classed_as_preamble"],
        r["other_province_units"]
    )
}

/// Holds a development split to the due-day thresholds (precision and recall ≥ 0.85), no duty
/// classed as preamble and no unit of another province; returns its figures. The splits are in
/// the repository: a missing one is a failure, not a skip.
fn holds_the_thresholds(split: &str) -> serde_json::Value {
    holds(split, 0.85, 0.85)
}

/// Holds a split to due days of at least `precision` and `recall`, no duty classed as preamble
/// and no unit of another province; returns its figures.
fn holds(split: &str, precision: f64, recall: f64) -> serde_json::Value {
    holds_with_preamble(split, precision, recall, 0)
}

/// As `holds`, with at most `preamble` duties classed as preamble (a split whose known misses
/// include one, named in its test's comment).
fn holds_with_preamble(
    split: &str,
    precision: f64,
    recall: f64,
    preamble: u64,
) -> serde_json::Value {
    let dir = root().join("tests/corpus").join(split);
    assert!(dir.is_dir(), "tests/corpus/{split} is missing");
    let r = evaluate(&dir);
    eprintln!("{split}: {}", figures(&r));
    let due = &r["due"];
    assert!(
        due["precision"].as_f64().unwrap() >= precision
            && due["recall"].as_f64().unwrap() >= recall,
        "due days below {precision} / {recall}: {}",
        figures(&r)
    );
    assert!(
        r["classed_as_preamble"].as_u64().unwrap() <= preamble,
        "more than {preamble} classed as preamble: {}",
        figures(&r)
    );
    assert_eq!(r["other_province_units"], 0, "{}", figures(&r));
    r
}

#[test]
fn the_tuning_split_reaches_its_thresholds() {
    let r = holds_the_thresholds("tune");
    assert!(
        r["documents"].as_u64().unwrap() >= 25,
        "the tuning split has 25 documents or more"
    );
    // Names are read from the text (the corpus places are not in the directory): a floor, so a
    // regression shows.
    assert!(
        r["assignees"]["precision"].as_f64().unwrap() >= 0.8,
        "{}",
        figures(&r)
    );
    assert!(
        r["assignees"]["recall"].as_f64().unwrap() >= 0.3,
        "{}",
        figures(&r)
    );
}

/// The former holdout split: its misses were read and the rules developed on it, so it is
/// development data now and holds the same due-day thresholds as the tuning split.
#[test]
fn the_former_holdout_split_reaches_the_same_thresholds() {
    holds_the_thresholds("holdout");
}

/// The fresh split (tests/corpus/fresh): annotated blind by someone who never saw the rules and
/// measured once untouched (0.436 / 0.471 on due days, README). Its misses have since been read
/// and rules written for the classes of phrasing they showed, so it is development data now,
/// like the former holdout, and holds the same thresholds.
#[test]
fn the_former_fresh_split_reaches_the_same_thresholds() {
    let r = holds_the_thresholds("fresh");
    assert_eq!(r["documents"], 25, "{}", figures(&r));
}

/// The fresh2 split (tests/corpus/fresh2): annotated blind while the rules for the fresh split
/// were written, measured once untouched after they were merged (0.719 / 0.561 on due days).
/// Its misses have since been read and rules written for the classes of phrasing they showed,
/// so it is development data now, like the former holdout and fresh splits, and holds the same
/// thresholds.
#[test]
fn the_former_fresh2_split_reaches_the_same_thresholds() {
    let r = holds_the_thresholds("fresh2");
    assert_eq!(r["documents"], 23, "{}", figures(&r));
}

/// The fresh3 split (tests/corpus/fresh3): collected and annotated blind while the rules for
/// fresh2 were written, measured once untouched after they were merged (0.756 / 0.739 on due
/// days). Its misses have since been read and rules written for the classes of phrasing they
/// showed, so it is development data now, like the former holdout, fresh and fresh2 splits,
/// and holds the same thresholds.
#[test]
fn the_former_fresh3_split_reaches_the_same_thresholds() {
    let r = holds_the_thresholds("fresh3");
    assert_eq!(r["documents"], 23, "{}", figures(&r));
}

/// The fresh4 split (tests/corpus/fresh4): collected and annotated blind while the rules for
/// fresh3 were written, measured once untouched after they were merged (0.594 / 0.452 on due
/// days: two task tables printed with bare months and years, one without its header, made
/// most of the misses). Rules for those classes were written after that measurement, so it is
/// development data now; it does not reach the thresholds yet, so its figures are printed, and
/// it is held to what it reaches with those rules (no duty as preamble, no unit of another
/// province, due days at least 0.70 / 0.80) so that a change that loses them fails here.
#[test]
fn the_former_fresh4_split_holds_what_its_rules_reach() {
    let r = holds("fresh4", 0.70, 0.80);
    assert_eq!(r["documents"], 24, "{}", figures(&r));
}

/// The fresh5 split (tests/corpus/fresh5): collected and annotated blind while the rules for
/// fresh4 were written, measured once untouched after they were merged (0.545 / 0.600 on due
/// days: an HTML task table from a PDF conversion, dates of events, closures and expectations
/// in news items, a list of lead units sharing one deadline and tasks under a quarter's
/// lead-in made most of the misses). Rules for those classes were written after that
/// measurement (0.833 / 0.875 with them), so it is development data now; it is held a little
/// below what those rules reach (no duty as preamble, no unit of another province, due days at
/// least 0.80 / 0.85) so that a change that loses them fails here.
#[test]
fn the_former_fresh5_split_holds_what_its_rules_reach() {
    let r = holds("fresh5", 0.80, 0.85);
    assert_eq!(r["documents"], 18, "{}", figures(&r));
}

/// The fresh6 split (tests/corpus/fresh6): collected and annotated blind while the rules for
/// fresh5 were written, measured once untouched after they were merged (0.686 / 0.854 on due
/// days: dates a news item tells beside its deadline (a consultation's labelled start, a
/// letter's date mid-sentence, a meeting's and a holiday's days, a document's subject), spans
/// that bound no duty in a Chỉ thị (periods an act is held off for, a relief's span), changes
/// counted up to a day, the public's comment window, and deadlines missed for an opening day
/// with "phải", a clock time with its part of the day, and an OCR letter's count of days from
/// an event made most of the misses). Rules for those classes were written after that
/// measurement (0.905 / 0.927 with them), so it is development data now; it is held a little
/// below what those rules reach (no duty as preamble, no unit of another province, due days at
/// least 0.88 / 0.97; the evaluation's counting of shared holders, commit 837ef3b, raised its
/// recall to 0.976, and holders written "nêu trên" read from the ask before them, to 1.000;
/// a bare year closing a sentence that asks nothing, read after fresh21, raised its precision
/// to 0.927, and a consultation page's window fields beside the letter's own deadline, read
/// after fresh23, to 0.950; held at 0.94) so that a change that loses them fails here.
#[test]
fn the_former_fresh6_split_holds_what_its_rules_reach() {
    let r = holds("fresh6", 0.94, 0.97);
    assert_eq!(r["documents"], 26, "{}", figures(&r));
}

/// The fresh7 split (tests/corpus/fresh7): collected and annotated blind while the rules for
/// fresh6 were written, measured once untouched after they were merged (0.600 / 0.632 on due
/// days: a day of "the last month of the reporting period" read as monthly, a count of days
/// before an event's start with no "khi", an act's entry into force, a deadline restated with
/// its year a year early and a period naming the audits a dated deadline is for made most of
/// the misses; assignees 0.333 / 0.235 and recipients 0.583 / 0.368, from names cut short, a
/// headline joined to its lead, receivers in the plural or before a purpose). Rules for those
/// classes were written after that measurement (0.933 / 0.737 with them; what is left is
/// mostly the annotation's one duty per sender of a list sharing a deadline, which older
/// splits annotate as one duty), so it is development data now; it is held a little below
/// what those rules reach (no duty as preamble, no unit of another province, due days at least
/// 0.90 / 0.90; the evaluation's counting of shared holders, commit 837ef3b, which finds those
/// duties, raised its recall to 0.895, and a list of holders read whole past fourteen words,
/// to 0.947) so that a change that loses them fails here.
#[test]
fn the_former_fresh7_split_holds_what_its_rules_reach() {
    let r = holds("fresh7", 0.90, 0.90);
    assert_eq!(r["documents"], 13, "{}", figures(&r));
}

/// The fresh8 split (tests/corpus/fresh8, North and South halves): collected and annotated
/// blind while the rules for fresh7 were written, measured once untouched after they were
/// merged (0.610 / 0.446 on due days, 0.634 / 0.446 with the counting of shared holders;
/// assignees 0.52 / 0.29, recipients 0.63 / 0.25). What made the misses: a horizon "tầm nhìn
/// đến năm 2050" read as a headerless text's year, so that every deadline of three news items
/// and a plan's schedule ("Việc X: Hoàn thành trước ngày …") was dropped as past; lists of
/// senders a later sentence refers back to ("4 bộ, ngành nêu trên", "các chi nhánh tỉnh nêu
/// trên"); a reporting article in Nghị định 09's template ("Đối tượng thực hiện báo cáo: …",
/// "Thời hạn gửi báo cáo: …") read point by point; a notice's ask after grounds ending at a
/// semicolon read as a recital; a state as of a day ("đến ngày 12/11 … vẫn chưa nhận được")
/// read as a deadline; a school's head ("Hiệu trưởng trường trung cấp") read as no name; an
/// act told as done ("số liệu đã đối chiếu") taken to cover a later act with its own
/// deadline; a news item's background ("Được biết, …") read as a deadline. Rules for those
/// classes reach 0.842 / 0.875 (assignees 0.705 / 0.667, recipients 0.811 / 0.536), and 0.855
/// / 0.875 since an earlier letter's ask told as sent ("… đã có công văn số … yêu cầu … trước
/// ngày …") is read as restated; what is left is mostly the annotation's quoting of each
/// sender's name where the duty's sentence only refers to them and a sapo restating the
/// body's deadline in another reading; 0.870 / 0.875 since a headline's day in its short form
/// ("… trước 20/9") that the body sets again is read as restated (after fresh22). It is
/// development data now, held a little below what the rules reach (no duty as preamble, no
/// unit of another province, due days at least 0.86 / 0.85) so that a change that loses them
/// fails here.
#[test]
fn the_former_fresh8_split_holds_what_its_rules_reach() {
    let r = holds("fresh8", 0.86, 0.85);
    assert_eq!(r["documents"], 33, "{}", figures(&r));
}

/// The fresh8-tables split (tests/corpus/fresh8-tables): two notices of one university, 25
/// duties in two HTML task tables, collected blind beside fresh8 and measured once untouched
/// (0.640 / 0.640 on due days, 0.640 / 0.680 with the counting of shared holders; recipients
/// 0 / 0). What made the misses: HTML named entities left in the text ("Ph&ograve;ng
/// Đ&agrave;o tạo"), whose ';' cut the names of holders and hid receivers, and a matrix table
/// whose columns are rounds ("Đợt 1" … "Đợt 4"), each cell a round's date. The letters of
/// entities are now decoded in the whole text (by the html-escape crate's table) and the
/// evaluation reads quotes the same way: due days 0.630 / 0.720, assignees 0.889 / 0.640,
/// recipients 0.600 / 0.120 ("nộp cho X" names a receiver). The matrix is now read (src/draft/
/// matrix.rs: one duty per dated round cell, quoted with its row's task, held by the row's or
/// the heading's holder): due days 0.958 / 0.960, assignees 0.960 / 0.960, recipients 1.000 /
/// 0.240. It is held a little below what it reaches (no duty as preamble, no unit of another
/// province, due days at least 0.94 / 0.94) so that a change that loses them fails here.
#[test]
fn the_former_fresh8_tables_split_holds_what_its_rules_reach() {
    let r = holds("fresh8-tables", 0.94, 0.94);
    assert_eq!(r["documents"], 2, "{}", figures(&r));
}

/// The fresh9 split (tests/corpus/fresh9, North and South halves): collected and annotated
/// blind while the rules for fresh8 were written, measured once untouched after they were
/// merged (0.689 / 0.640 on due days; assignees 0.656 / 0.489, recipients 0.960 / 0.500). What
/// made the misses and extras: dates a news item tells read as deadlines (the day a reported
/// act took place, "Ngày 19.10, báo … có bài viết"; a count's period, "lần đầu tiên trong năm
/// 2016"; a cut-off of figures, "tính đến 17 giờ 00, ngày 04/11/2010" in an OCR letter; a
/// forecast in a speaker's quoted words; the period a practice applies from, "từ quý III năm
/// 2021"); periods "Định kỳ 06 tháng / hàng tháng" whose days the next "Thời hạn …" sentence
/// gives drafted again; a meeting's time ("4. Thời gian: vào lúc 13h30’, ngày 31 tháng 7 năm
/// 2012") read as the text's date, so its deadline was dropped as past; a headline's posting
/// time not taken as a news item's year; a headline restating a subjectless "Thời gian thực
/// hiện …" paragraph; "hoàn thành trước ngày …" in the year before a guessed year dropped; a
/// cited document's requirement on the day of the text's own duty; holders after "yêu cầu
/// trước ngày X," and of "Ý kiến … của các cơ quan, địa phương". Rules for those classes reach
/// 0.919 / 0.760 (assignees 0.889 / 0.622, recipients 0.963 / 0.600); what is left is mostly
/// lists of addressees or senders the annotation quotes one by one where the duty's sentence
/// names them together or politely ("Kính gửi" groups held as "Quý Cơ quan"), deadlines whose
/// year the text does not give (a telegram's "trước 10 giờ", an excerpt's "31/8 và 1/9"), and
/// two deadlines a day apart in one sentence that the measure pairs crosswise. It is
/// development data now, held a little below what the rules reach (no duty as preamble, no
/// unit of another province, due days at least 0.88 / 0.74) so that a change that loses them
/// fails here.
#[test]
fn the_former_fresh9_split_holds_what_its_rules_reach() {
    let r = holds("fresh9", 0.88, 0.74);
    assert_eq!(r["documents"], 29, "{}", figures(&r));
}

/// The fresh10 split (tests/corpus/fresh10): collected and annotated blind while the rules for
/// fresh9 were written, measured once untouched after they were merged (0.800 / 0.611 on due
/// days; assignees 0.885 / 0.528, recipients 0.714 / 0.352). What made the misses and extras:
/// counts of days whose event the text puts in brackets ("trong thời hạn 10 ngày làm việc (kể
/// từ ngày đăng tin)"); chains of counts under one limit word, one per level or kind of report
/// ("… 05 ngày làm việc, kể từ … đối với báo cáo tháng và 07 ngày làm việc, kể từ … đối với báo
/// cáo quý", "20 ngày (đối với các Công ty) và 45 ngày (đối với các Tổng Công ty), kể từ …"),
/// whose first event ran into the next count; a report's title after "Báo cáo" read as its
/// receiver; a consultation's window ("Thời gian lấy ý kiến … đến hết ngày …") kept as a
/// period, and the entries of an enumeration taken as headings holding the paragraph below
/// them; a limit in hours after "trước" ("trước 24 giờ tính từ khi xảy ra thiên tai"); "năm kế
/// tiếp của năm báo cáo" not read as a yearly day; the same line under two numbered items
/// dropped as a repeated lead, and the same count in two items of a list as a summary; and
/// extras: an exam season's year ("xét tuyển đại học năm 2016."), a yearly duty restated from
/// the law beside the letter's own ask for this year's report on that day, and a reader's habit
/// told in a Q&A column ("chúng tôi đều gửi … trước ngày 5/1"). Rules for those classes reach 0.955 / 0.907 (assignees 0.962 / 0.604, recipients
/// 0.846 / 0.519); what is left is an event before which a count runs with a comma inside it
/// ("Trước khi bắt đầu khai thác, vận hành dự án 15 ngày"), two reports on one day in one
/// sentence drafted as one, a periodic report with no day the annotation takes from the
/// national reporting calendar, and holders and receivers the annotation quotes one by one or
/// reads from a lead-in ("Chủ dự án đầu tư, cơ sở sản xuất, …", read whole since, 0.955 /
/// 0.926; two reports on one day in two `;` parts are two duties since, 0.956 / 0.944). It is
/// development data now, held a little below what the rules reach (no duty as preamble, no
/// unit of another province, due days at least 0.92 / 0.92) so that a change that loses them
/// fails here.
#[test]
fn the_former_fresh10_split_holds_what_its_rules_reach() {
    let r = holds("fresh10", 0.92, 0.92);
    assert_eq!(r["documents"], 27, "{}", figures(&r));
}

/// The fresh11 split (tests/corpus/fresh11): collected and annotated blind while the rules for
/// fresh10 were written, measured once untouched after they were merged (0.586 / 0.545 on due
/// days; assignees 0.524 / 0.340, recipients 0.889 / 0.273). What
/// made the misses and extras: lists of senders sharing one deadline kept as one name or cut
/// ("trường THPT, trường phổ thông có nhiều cấp học, trường Trung cấp, …", "văn phòng, các
/// phòng, các Chi cục thuế …"); a chain of levels due on days of "tháng cuối kỳ báo cáo" in a
/// text that names no period; and extras: the last day of a yearly data period ("được tính từ
/// ngày 01/01 đến hết ngày 31/3 hằng năm"), a period word inside a quoted article title ("bài
/// “… mỗi năm …”"), a title printed twice above the article, the month closing the span a
/// report's data cover ("theo mốc thời gian từ khi … đến hết tháng 03/2010"), and told days
/// ("vào ngày 14/5 vừa qua", "Ngày 21/01/2021 UBND tỉnh ban hành Công văn …"). Rules for those
/// extras reach 0.944 / 0.545 (assignees 0.786 / 0.340, recipients 0.889 / 0.273). A day of
/// "tháng cuối kỳ báo cáo" with no period named now falls in June and December (the 6-month
/// and yearly periods every reporting regime has, as the annotation judges the chain), and a
/// caption run into the paragraph whose sentence repeats its deadline is that sentence's duty,
/// and "Tất cả các sở, ban, ngành, UBND các huyện …" names its holders without "Tất cả": 0.955 /
/// 0.697 on due days. What is left is mostly the lists of senders the annotation splits one
/// duty each. It is development data now, held a little below what the rules reach (no duty as
/// preamble, no unit of another province, due days at least 0.92 / 0.67) so that a change that
/// loses them fails here.
#[test]
fn the_former_fresh11_split_holds_what_its_rules_reach() {
    let r = holds("fresh11", 0.92, 0.67);
    assert_eq!(r["documents"], 20, "{}", figures(&r));
}

/// The fresh12 split (tests/corpus/fresh12): collected and annotated blind while the rules
/// written after the fresh11 measurement were written, measured once untouched after they were
/// merged (0.766 / 0.683 on due days; assignees 0.655 / 0.444, recipients 0.647 / 0.217; one
/// duty classed as preamble). What made the misses and extras: a subjectless deadline sentence
/// ("Thời hạn … là ngày …") whose holders the sentence before asks; a state as of a day ("đến
/// ngày X, … vẫn chưa nhận được") and the day a numbered letter was issued read as deadlines; a
/// date in words without "ngày" ("là 24 tháng 6 năm 2024"). Rules for those reach 0.867 / 0.850;
/// after the fresh14/fresh15 measurement, the day an event is held ("tựu trường vào ngày …"), a
/// holders' list after a time word with no comma ("hằng năm các Bộ, ngành, địa phương …") and a
/// letter of comments "của" its holders ("Văn bản tham gia ý kiến của các cơ quan, đơn vị …")
/// bring it to 0.907 / 0.917. Left: holders named only in a "Kính gửi" list, an exclusion in
/// brackets inside a list of holders, a one-line decision whose quarterly report is classed as
/// preamble, and windows in months ("đợt 2, từ tháng 6 đến tháng 9"). It is development data
/// now, held a little below what the rules reach (at most that one duty classed as preamble,
/// no unit of another province, due days at least 0.88 / 0.88) so that a change that loses
/// them fails here.
#[test]
fn the_former_fresh12_split_holds_what_its_rules_reach() {
    let r = holds_with_preamble("fresh12", 0.88, 0.88, 1);
    assert_eq!(r["documents"], 32, "{}", figures(&r));
}

/// The fresh13 split (tests/corpus/fresh13): collected and annotated blind right after fresh12's,
/// measured once untouched after the rules written after the fresh12 measurement were merged
/// (0.628 / 0.625 on due days; assignees 0.471 / 0.429, recipients 0.769 / 0.286). What made the
/// misses and extras: a bare day captioned as a deadline ("(thời hạn nộp hồ sơ: 15/3/2017)") in
/// a text dated by nothing whose latest year is the next; the day data stand at ("số liệu có
/// đến ngày …") and a place and date line the header reader missed, read as deadlines; a
/// subjectless sentence that opens on the thing it sends ("Báo cáo gửi về …", "Ý kiến … gửi
/// về …") not tied to the sentence that asks it; a report's span end ("báo cáo kết quả … đến
/// hết ngày X. Báo cáo gửi về … trước ngày Y"); a regime quoted from an article ("Tại Điều 17
/// …, có quy định … như sau:") read as preamble, and its periods in words ("một năm hai lần");
/// "năm N" read as one year; a clock hour before a weekly weekday; an earlier letter's ask
/// told as sent ("… đã có văn bản đề nghị …"); a title printed twice run into its lead; two
/// alike items of one list read as a headline and its sentence. Rules for those reach 0.881 /
/// 0.857 (assignees 0.472 / 0.500). Left: a window of the ministry's
/// own work ("từ 7h ngày 13/8 đến 17h ngày 15/8, Bộ … rà soát"), targets given as shares, a
/// news item whose dateline stamp makes the whole text a header, holders named paragraphs
/// away. It is development data now, held a little below what the rules reach (at most two
/// duties classed as preamble, no unit of another province, due days at least 0.85 / 0.83)
/// so that a change that loses them fails here.
#[test]
fn the_former_fresh13_split_holds_what_its_rules_reach() {
    let r = holds_with_preamble("fresh13", 0.85, 0.83, 2);
    assert_eq!(r["documents"], 31, "{}", figures(&r));
}

/// The fresh14 split (tests/corpus/fresh14): collected and annotated blind, measured once
/// untouched after the rules written after the fresh13 measurement were merged (0.818 / 0.565
/// on due days; assignees 0.500 / 0.422). What made the misses: a day told as to come ("Ngày
/// 27.11.2020, Thường trực … sẽ tổ chức họp …") taken as the text's present, so the deadlines
/// before it were dropped as past. A rule for that reaches 0.840 / 0.630 (assignees 0.520 /
/// 0.467); one for a document cited by a bare number ("Thông báo số 07 ngày …") 0.875 / 0.630.
/// Left: lists of senders the annotation splits into one duty each (a "Kính gửi" list,
/// "Các Bộ: Quốc phòng, Công an, …"), "ngày 25 của tháng cuối kỳ báo cáo" annotated quarterly
/// where fresh11's is half-yearly, a daily report over a holiday's days, months with no year
/// in the text. It is development data now, held a little below what the rules reach (no duty
/// as preamble, no unit of another province, due days at least 0.86 / 0.61) so that a change
/// that loses them fails here.
#[test]
fn the_former_fresh14_split_holds_what_its_rules_reach() {
    let r = holds("fresh14", 0.86, 0.61);
    assert_eq!(r["documents"], 25, "{}", figures(&r));
}

/// The fresh15 split (tests/corpus/fresh15): collected and annotated blind, measured once
/// untouched with fresh14 (0.627 / 0.725 on due days; three duties classed as preamble). What
/// made the misses and extras: a tally of units ("9/9 cơ sở") and the day an event is held
/// ("diễn ra vào 24 - 25/05", "tựu trường vào ngày 29/8") read as deadlines; a line of grounds
/// ("Thực hiện chỉ đạo …") going on to a month to finish in, classed as preamble; a dashed date
/// after "đến" ("Từ nay đến 15-1-2015"); a month a report tells of ("Theo báo cáo của …, trong
/// tháng 1/2020, …") read as a deadline. Rules for those reach 0.714 / 0.784; the classes read
/// after fresh16 (the public's window to comment, the day a school term's event falls on, the
/// labelled time of an event, days off granted) 0.800 / 0.784; a year a figure is compared with
/// ("so với năm 2015", read after fresh18) 0.816 / 0.784; an event's expected time ("Đại hội …
/// dự kiến tổ chức trước ngày 25.3", read after fresh19) 0.833 / 0.784; a bare year closing a
/// sentence that asks nothing (read after fresh21) 0.851 / 0.784; a cap said as its most ("trong
/// thời gian tối đa 45 ngày kể từ …", read after fresh23) 0.854 / 0.804. Left: congress
/// timetables whose event days the annotation leaves out, windows in quarters with no year,
/// counts of days from an event. It is development data now, held a little below what the rules
/// reach (at most one duty classed as preamble, no unit of another province, due days at least
/// 0.85 / 0.80) so that a change that loses them fails here.
#[test]
fn the_former_fresh15_split_holds_what_its_rules_reach() {
    let r = holds_with_preamble("fresh15", 0.85, 0.80, 1);
    assert_eq!(r["documents"], 34, "{}", figures(&r));
}

/// The fresh16 split (tests/corpus/fresh16): collected and annotated blind until the search
/// tool's budget ran out (20 documents, 20 dated duties, 11 documents without one), measured once
/// untouched after the rules written after the fresh14 and fresh15 measurements were merged:
/// 0.318 / 0.550 on due days. What made the extras: 12 of its 15
/// come from documents with no duty (a ministry's news of disbursement figures with quarters and
/// months, a merged province's aim "phấn đấu … trước ngày", a public consultation's closing day,
/// a bank's figures "đến 25/6/2008"); the misses: a ministry's "Trước ngày 13/5/2021, …" items for
/// three senders, "hạn cuối để các cá nhân, tổ chức, nhà xuất bản … nộp hồ sơ", a Thông tư whose
/// text lost its accented letters ("Ch m nh t là ba mươi ngày k t ngày …"). Rules for classes
/// of text it shows with others (the public's window to comment, a letter's day told without a
/// comma, a status after "Tuy nhiên, đến …", figures done and forecast "đến hết tháng 4, dự
/// kiến đến hết tháng 6") reach 0.412 / 0.550, and with an order given verb first after an
/// opening limit ("Trước ngày 13/5/2021, gửi báo cáo … đã được …", read after fresh20) 0.444 /
/// 0.700, and with a quarter a report is of ("… công tác cải cách hành chính quý III năm 2015",
/// read after fresh22) 0.533 / 0.750. It is development data now, held a little below that (no
/// duty classed as preamble, no unit of another province, due days at least 0.53 / 0.75) so
/// that a change that loses them fails here.
#[test]
fn the_former_fresh16_split_holds_what_its_rules_reach() {
    let r = holds("fresh16", 0.53, 0.75);
    assert_eq!(r["documents"], 20, "{}", figures(&r));
}

/// The fresh17 split (tests/corpus/fresh17): collected and annotated blind by two collectors
/// (27 documents, 48 dated duties, 7 without one), measured once untouched after the rules
/// written after fresh16 were merged: 0.675 / 0.604 on due days. What made the misses: a day of
/// the next period ("trước ngày mùng 5 của tháng kế tiếp", "chậm nhất trước ngày 04 của kỳ báo
/// cáo kế tiếp"), a window opening the sentence before its act ("Từ ngày 19 đến ngày 21/6/2019
/// các ông, bà Trưởng xóm chuyển …"), a letter's addressees asked after them ("có công văn gửi
/// các bộ, ngành, địa phương …, đốc thúc …"); the extras: a period closing the name of a yearly
/// plan ("lập kế hoạch thanh tra thuế hàng năm"), the day a labelled window opens ("Từ ngày :
/// 10/07/2024"). Rules for those classes reach 0.762 / 0.750; with a limit said in the
/// negative ("không được chậm quá 10 ngày kể từ …", read after fresh22) 0.767 / 0.771; with
/// a consultation page's end field ("Đến ngày : 31/07/2024") beside the letter's own deadline
/// left out and a text's end of force ("Hết hiệu lực 01/07/2024", both read after fresh23)
/// 0.805 / 0.771.
/// Left: counts from an event in working days, a government session's month, a receipt-date
/// column of a flattened table, and days already past in news without a duty. It is
/// development data now, held at that (no duty classed as preamble, no unit of another
/// province, due days at least 0.80 / 0.77) so that a change that loses them fails here.
#[test]
fn the_former_fresh17_split_holds_what_its_rules_reach() {
    let r = holds("fresh17", 0.80, 0.77);
    assert_eq!(r["documents"], 27, "{}", figures(&r));
}

/// The fresh18 split (tests/corpus/fresh18): collected and annotated blind by two collectors
/// (41 documents, 60 dated duties, 6 without one), measured once untouched after the rules
/// written after fresh17 were merged: 0.610 / 0.783 on due days, precision the weak side. What
/// made the extras: a page's headline closed by its posting date ("Báo cáo … năm 2021
/// (11/12/2021)"), the day of a working visit ("tại buổi kiểm tra, làm việc ngày …"), a
/// programme's days counted in order ("Ngày thứ nhất (25/2) …"), a school year's event days
/// given level by level, an earlier plan's day beside an adjusted one ("(theo Kế hoạch số … là
/// ngày …)"), a street named for a day ("đường 30/4"), the same day twice in one sentence, a
/// proposed delay ("đề xuất lùi thời hạn sang …"), a year closing a defined name ("… năm 2024
/// (gọi tắt là Kỳ thi)"), and a quarterly list parted by semicolons. Rules for those classes
/// reach 0.810 / 0.783; with those read after fresh21 (a bare year closing or opening a
/// sentence that asks nothing, a posting time alone under the headline, a body's expected act
/// in a quarter) 0.842 / 0.800; with "như hằng năm" read as no period (after fresh22) 0.857 /
/// 0.800.
/// Left: lists of addressees sharing a window for comments, a figure or a caption with a year,
/// acts of the issuer or of candidates in a window. It is development data now, held at that
/// (no duty classed as preamble, no unit of another province, due days at least 0.85 / 0.80)
/// so that a change that loses them fails here. Its precision floor is 0.84 since 3/12/2026:
/// an excerpted article opening on a whole sentence is read now, which found its yearly report
/// and drafts beside it "trong thời hạn 01 (một) tháng kể từ ngày chấm dứt hoạt động", an
/// event-counted duty the annotation leaves out by judgement (a count in months).
#[test]
fn the_former_fresh18_split_holds_what_its_rules_reach() {
    let r = holds("fresh18", 0.84, 0.80);
    assert_eq!(r["documents"], 41, "{}", figures(&r));
}

/// The fresh19 split (tests/corpus/fresh19): collected and annotated blind by two collectors
/// (25 documents, 27 dated duties, 7 documents without one), measured once untouched with
/// fresh20 after the rules written after fresh18 were merged: 0.720 / 0.667 on due days. What
/// made the extras: a page's headline closed by its posting date in square brackets and run
/// into the sentence below ("… [08-02-2017]"), an event's expected time ("dự kiến tổ chức trước
/// ngày …"), a title restating the body's day in other words, an office's days of receiving
/// the public ("Tiếp công dân định kỳ: vào ngày …"); the misses: a window opening the sentence
/// after its length ("Trong 15 ngày, từ ngày … đến hết ngày …, …"). Rules for those classes
/// reach 0.864 / 0.704.
/// Left: addressees sharing one window, a limit in hours of the working day after a reporting
/// period, notices asking the public to comment on awards (a reading the corpus does not agree
/// on). It is development data now, held a little below what the rules reach (no duty classed
/// as preamble, no unit of another province, due days at least 0.86 / 0.70) so that a change
/// that loses them fails here.
#[test]
fn the_former_fresh19_split_holds_what_its_rules_reach() {
    let r = holds("fresh19", 0.86, 0.70);
    assert_eq!(r["documents"], 25, "{}", figures(&r));
}

/// The fresh20 split (tests/corpus/fresh20): collected and annotated blind by two collectors
/// (13 documents, 9 dated duties, 6 documents without one), measured once untouched with
/// fresh19: 0.455 / 0.556 on due days, a small sample. What made the extras: the day a
/// newspaper's issue or the gazette came out ("số ra ngày …", "đăng Công báo ngày …"), a week's
/// opening days ("từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần"). Rules for those classes reach
/// 0.625 / 0.556.
/// Left: a public vote's window, a letter's day whose first letter the copy lost ("gày 13/11,
/// …"), three senders of a contest's entries sharing one day. It is development data now, held
/// a little below what the rules reach (no duty classed as preamble, no unit of another
/// province, due days at least 0.62 / 0.55) so that a change that loses them fails here.
#[test]
fn the_former_fresh20_split_holds_what_its_rules_reach() {
    let r = holds("fresh20", 0.62, 0.55);
    assert_eq!(r["documents"], 13, "{}", figures(&r));
}

/// The fresh21 split (tests/corpus/fresh21): collected and annotated blind by four collectors
/// (73 documents, 116 dated duties), measured once untouched at e30f10a, before any rule was
/// written from it: 0.560 / 0.552 on due days. What made the extras: a bare year closing a
/// sentence that asks nothing ("… Cuộc thi … năm 2023."), a body's own expected timetable ("Sở
/// dự kiến … vào tháng 4/2022; … vào tháng 6/2022"), the same day restated by a headline or a
/// lead, an act's day after "Hôm qua", a state after "tới ngày", a data cut-off "(tính đến thời
/// điểm …)", a cited "công văn 2933 ngày …", an anniversary's span; the misses: a posting time
/// on the line under the headline (the year of deadlines without one), "Nơi nhận tác phẩm:" read
/// as the addressees' list, "24h", a span from now that a completion ends. Rules for those
/// classes reach 0.660 / 0.647; with a limit in hours whose event a "khi …" clause names (read
/// after fresh22) 0.663 / 0.655, and with a headline's short day ("Trước 23-5 …") restating
/// the body's 0.670 / 0.655, and with a quarter a report is of ("báo cáo tài chính quý II/2013")
/// no deadline 0.683 / 0.655.
/// Left: senders listed with commas sharing one deadline, a timetable table of an event's hours,
/// receiving windows ("thời gian nhận bài: từ … đến hết …"), notices asking the public to
/// comment on awards (a reading the corpus does not agree on), counts in working days. It is
/// development data now, held a little below what the rules reach (no duty classed as preamble,
/// no unit of another province, due days at least 0.68 / 0.65) so that a change that loses them
/// fails here.
#[test]
fn the_former_fresh21_split_holds_what_its_rules_reach() {
    let r = holds("fresh21", 0.68, 0.65);
    assert_eq!(r["documents"], 73, "{}", figures(&r));
}

/// The fresh22 split (tests/corpus/fresh22): collected and annotated blind by four collectors
/// (45 documents, 60 dated duties), measured once untouched at 89d8135, before any rule was
/// written from it: 0.821 / 0.550 on due days, recall the weak side, with 3 duties classed as
/// preamble (0 after bd5504e). What made the misses: a "Căn cứ …, X báo cáo … trước ngày …"
/// sentence read as a recital, limits said in the negative ("không vượt quá 90 ngày, kể từ …")
/// and an outer cap after "nhưng", a count before an event's expected day ("… trước ngày dự
/// kiến tổ chức …"), a limit in hours with its event in a "khi …" clause before it, weekdays
/// with their part of the day and listed under one "hàng tuần". Rules for those classes reach
/// 0.851 / 0.700; with later rules 0.860 / 0.783, and with a page's revision note ("(Cập nhật,
/// bổ sung ngày 13/11/2023)", read after fresh23) 0.878 / 0.783.
/// Left: senders listed with commas sharing one deadline, receiving windows, acts told as to
/// come ("… sẽ in đủ … trong tháng 6"), a resolution time "trong một ngày". It is development
/// data now, held a little below what the rules reach (no duty classed as preamble, no unit
/// of another province, due days at least 0.87 / 0.77) so that a change that loses them fails
/// here.
#[test]
fn the_former_fresh22_split_holds_what_its_rules_reach() {
    let r = holds("fresh22", 0.87, 0.77);
    assert_eq!(r["documents"], 45, "{}", figures(&r));
}

/// The fresh23 split (tests/corpus/fresh23): collected and annotated blind by four collectors
/// (62 documents, 83 dated duties), measured once untouched at 2520af4, before any rule was
/// written from it: 0.696 / 0.771 on due days, precision the weak side (28 extras), with 0
/// duties classed as preamble. What made the extras and misses: a consultation page's window
/// fields ("Ngày hết hạn lấy ý kiến: …") beside the letter's own deadline, a lead naming its
/// holders by their people's committees ("UBND các phường, xã") above the body's ask, a
/// document's day after its verb ("… ban hành ngày 24-12"), the period of a benefit received
/// ("người đang hưởng chế độ hàng tháng"), the first day of a timetable row's span
/// ("Ngày 25/6 - 27/6/2018: …"), a missed deadline told in a concession ("Mặc dù thời hạn … là ngày 28/2,
/// … vẫn chưa …"); quarters in press style ("trong quý I-2019"), caps said as their most
/// ("Tối đa 06 ngày làm việc kể từ …") and items of a list of cases on one count read as a
/// summary. Rules for those classes reach 0.780 / 0.855; with a replaced time after a comma
/// (", thay vì trong tháng 11 …") and an explainer's restatement of the rule quoted above
/// ("Căn cứ pháp lý trên quy định, trước ngày 10/01 hàng năm, …") 0.798 / 0.855.
/// Left: lists of senders sharing one deadline, the issuer's own plans told as to come, a
/// clock hour on an event's day ("trước 23 giờ của ngày bắt đầu lưu trú"), a heading quoted
/// for a line printed twice. It is development data now, held a little below what the rules
/// reach (no duty classed as preamble, no unit of another province, due days at least 0.79 /
/// 0.84) so that a change that loses them fails here.
#[test]
fn the_former_fresh23_split_holds_what_its_rules_reach() {
    let r = holds("fresh23", 0.79, 0.84);
    assert_eq!(r["documents"], 62, "{}", figures(&r));
}

/// The fresh24 split (tests/corpus/fresh24): collected and annotated blind by four collectors,
/// each taking a kind of document from the whole country (task tables and plans, legal texts,
/// letters, news items and notices; 58 documents, 113 dated duties), measured once untouched at
/// 8f3c974, before any rule was written from it: 0.534 / 0.575 on due days (no duty classed as
/// preamble). What made the misses and extras: timetables and task tables printed as text (an
/// election timetable counted in days before the vote, a thesis timetable, a kindergarten
/// appendix, a university's internship plan), legal excerpts with counted limits, lists of
/// senders sharing one deadline. Rules for classes of text it shows reach: a holiday named by
/// its day ("trong dịp nghỉ Lễ 30/4 – 1/5") 0.553 / 0.575; a clock hour and a weekday between a
/// deadline word and its date ("trước 16 giờ 00 phút, thứ Ba, ngày …") 0.560 / 0.593; a task
/// table with columns for the days a row's window opens and closes ("… Bắt đầu Kết thúc")
/// 0.596 / 0.593; an appendix dated by the document its head line attaches it to ("(Kèm theo
/// Kế hoạch số … ngày …)") 0.644 / 0.593; the cap on an extension ("có thể kéo dài hơn nhưng
/// không quá 45 ngày") 0.667 / 0.602; a lead opening a list with a bare period whose items give
/// its days ("Hằng năm, … như sau:") 0.673 / 0.602; a holiday in a parenthesis ("(Quốc khánh
/// 02/9/2025)") 0.680 / 0.602. Left: timetables one cell per line, lists of senders sharing one
/// deadline, an arrow range ("Từ 1-->12/12"), a page's banner date taken for the text's year.
/// It is development data now, held a little below what the rules reach (no duty classed as
/// preamble, no unit of another province, due days at least 0.67 / 0.60) so that a change that
/// loses them fails here.
#[test]
fn the_former_fresh24_split_holds_what_its_rules_reach() {
    let r = holds("fresh24", 0.67, 0.60);
    assert_eq!(r["documents"], 58, "{}", figures(&r));
}

/// The fresh25 split (tests/corpus/fresh25): collected and annotated blind by four collectors,
/// each taking a sector from the whole country (education and health; finance and statistics;
/// home affairs, elections, justice and mass organisations; agriculture, industry and labour),
/// until the search tool's budget ran out (34 documents, 51 dated duties, 12 documents without
/// one). Measured once untouched at 8c44e42, after the fresh24 rules and before any rule was
/// written from it: 0.596 / 0.569 on due days, with 2 duties classed as preamble: an item
/// opening "Thực hiện tốt việc …" under a letter's ask was read as a recital ("Thực hiện Công
/// văn số …"). With that class read, 0.612 / 0.608 and none; with a same-day limit taking the
/// event named after it ("ngay trong ngày tiếp nhận hồ sơ") and the next working day ("trong
/// ngày làm việc tiếp theo"), 0.627 / 0.647. It is development data now, held a little below
/// what the rules reach (no duty classed as preamble, no unit of another province, due days at
/// least 0.62 / 0.64) so that a change that loses them fails here.
#[test]
fn the_former_fresh25_split_holds_what_its_rules_reach() {
    let r = holds("fresh25", 0.62, 0.64);
    assert_eq!(r["documents"], 34, "{}", figures(&r));
}

/// The fresh26 split (tests/corpus/fresh26): collected and annotated blind by four collectors,
/// each taking a period and a level of issuer (anything since July 2025; central and provincial
/// documents of 2023 to mid-2025 and of 2017–2022; issuers below the province before July 2025;
/// 46 documents, 79 dated duties). Measured once untouched at 906a5ee, after the fresh25 rules:
/// 0.622 / 0.722 on due days, with 1 duty classed as preamble. Rules for classes of text it
/// shows: a deadline in brackets after an expected day; a count of days before an event that
/// restates the day beside it; deadlines told as missed; a line finishing an act in a quarter
/// ("Hoàn thành và trình UBND tỉnh trong quý I/2020"), no recital; one yearly duty for the same
/// day of several months; the end of a school year level by level; documents cited by kind and
/// day, news bulletins' dated titles, photo captions, remarks on the time left, past acts' days
/// and deadlines overtaken by a later cited telegram (0.786 / 0.772); a call-up's recruits'
/// year, dekads of a month ("trung tuần tháng 12"), waves of a campaign labelled by their
/// period, month ranges, a count said after its event ("ngay sau khi … 01 ngày"), a template's
/// blank day before a month, a ';' part with its own target, press dates with a dot: 0.882 /
/// 0.835 and none classed as preamble. The same rules left fresh27, gathered meanwhile and never
/// looked at, where it was (0.691 / 0.657). It is development data now, held a little below
/// what the rules reach (no duty classed as preamble, no unit of another province, due days at
/// least 0.88 / 0.83) so that a change that loses them fails here.
#[test]
fn the_former_fresh26_split_holds_what_its_rules_reach() {
    let r = holds("fresh26", 0.88, 0.83);
    assert_eq!(r["documents"], 46, "{}", figures(&r));
}

/// The fresh27 split (tests/corpus/fresh27): collected and annotated blind by four collectors,
/// each taking a source of texts (GitHub repositories holding whole documents, law libraries,
/// government portals, newspapers; 48 documents, 140 dated duties, six timetables among
/// them). Measured untouched at 906a5ee (after the fresh25 rules) and again after the fresh26
/// rules, both before anyone working on the rules had read it: 0.691 / 0.657 on due days both
/// times, no duty classed as preamble. Rules for classes of text it shows: a period with no
/// day that qualifies a budget or figures in a sentence sending nothing; a month or quarter the
/// year before a text's guessed year after a completion word; quarters with a dot ("quý
/// IV.2019"); counts of days in words ("sáu mươi ngày kể từ …"); a census's reference moment;
/// the present in brackets after "đến nay"; "Hạn cuối …" dating the period before it; a whole
/// calendar year as a span; counts of working days before an event or a time limit; a
/// regulation read from its first chapter after the signature: 0.755 / 0.750. The same rules
/// moved fresh28, gathered meanwhile and never read, from 0.670 / 0.758 to 0.673 / 0.768. It
/// is development data now, held a little below what the rules reach (no duty classed as
/// preamble, no unit of another province, due days at least 0.75 / 0.74) so that a change that
/// loses them fails here.
#[test]
fn the_former_fresh27_split_holds_what_its_rules_reach() {
    let r = holds("fresh27", 0.75, 0.74);
    assert_eq!(r["documents"], 48, "{}", figures(&r));
}

/// The fresh28 split (tests/corpus/fresh28): collected and annotated blind by four collectors,
/// each taking a kind of deadline (periodic reports, limits counted from an event, one-off
/// deadlines, lists of deadlines such as timetables; 43 documents, 99 dated duties). Measured
/// untouched after the fresh26 rules and again after the fresh27 rules, before anyone working
/// on the rules had read it: 0.670 / 0.758, then 0.673 / 0.768 on due days, no duty classed as
/// preamble. Four rules were then written from it (a status "đến ngày X" after the source of
/// its figures, a count said after an event's expected day, "được tổ chức hàng năm" describing
/// what a procedure covers, a count before an event spelled in words): 0.700 / 0.798, and 0.713
/// / 0.798 after the cross-split rules written next. It is development data now, held a little
/// below that.
#[test]
fn the_former_fresh28_split_holds_what_its_rules_reach() {
    let r = holds("fresh28", 0.71, 0.79);
    assert_eq!(r["documents"], 43, "{}", figures(&r));
}

/// The fresh29 split (tests/corpus/fresh29): collected and annotated blind by four collectors,
/// each taking an issuing body (provincial committees, provincial departments, national bodies,
/// bodies below or beside the province; 38 documents, 82 dated duties). Measured untouched
/// before and after the fresh28 rules, before anyone working on the rules had read it: 0.478 /
/// 0.390 both times on due days, no duty classed as preamble, no unit of another province.
/// Rules were then written for causes found across splits and in it (a period qualifying the
/// noun before it, a timetable row's dashed window, a row's expected time after its colon, an
/// undated school year's autumn, the first day of a bare dashed range): 0.676 / 0.610. Held
/// here a little below that.
#[test]
fn the_former_fresh29_split_holds_what_its_rules_reach() {
    let r = holds("fresh29", 0.67, 0.60);
    assert_eq!(r["documents"], 38, "{}", figures(&r));
}

/// The fresh30 split (tests/corpus/fresh30): collected and annotated blind by four collectors,
/// each taking who owes the deadline (units reporting up, units told to act, citizens and
/// businesses, organisers of an event; 52 documents, 114 dated duties). Measured untouched
/// three times, before anyone working on the rules had read it: before and after the fresh28
/// rules and after the cross-split rules, 0.753 / 0.675 on due days each time, no duty classed
/// as preamble, no unit of another province. Ten rules were then written from it and across
/// splits (a news page dated by its posting time, items numbered "1- …", the middle of a month,
/// a yearly word inside a stated purpose, a question heading a Q&A answer …): 0.770 / 0.711.
/// Held here a little below that.
#[test]
fn the_former_fresh30_split_holds_what_its_rules_reach() {
    let r = holds("fresh30", 0.77, 0.71);
    assert_eq!(r["documents"], 52, "{}", figures(&r));
}

/// The fresh31 split (tests/corpus/fresh31): collected and annotated blind by four collectors,
/// each taking a region (no national body; 38 documents, 40 dated duties: the search tool's
/// pages were mostly in the corpus already). Measured untouched ten times, by no one who had
/// read it: after the fresh28 rules, the cross-split rules and the fresh30 rules, after each of
/// the five rounds that followed (across fresh12–30, from fresh32 and fresh33, from
/// fresh34–36, from fresh37, from fresh38), after the two from fresh39 and after the two on
/// holders and statistics calendars: 0.559 / 0.625 on due days each time, no duty classed as preamble, no unit of
/// another province. Held here at that measure so that a change that loses what the rules
/// already reach on it fails. It rose to 0.571 / 0.675 on 3/12/2026 with the rules on
/// decisions flattened onto one line and articles opening on a whole sentence (still unread).
#[test]
fn the_fresh31_split_holds_its_untouched_measure() {
    let r = holds("fresh31", 0.56, 0.67);
    assert_eq!(r["documents"], 38, "{}", figures(&r));
}

/// The fresh32 split (tests/corpus/fresh32): the first drawn from whole documents kept as text
/// in public GitHub repositories, collected and annotated blind by seven collectors (by issuer,
/// then by repository; 44 documents, 127 dated duties). Measured untouched before and after the
/// round of rules across fresh12–30: 0.523 / 0.622 on due days both times, no duty classed as
/// preamble, no unit of another province. Rules were then written from it and fresh33 (task
/// tables as a PDF's text layer or a crawler prints them, a draft due at a named session):
/// 0.550 / 0.693. Held here a little below that.
#[test]
fn the_former_fresh32_split_holds_what_its_rules_reach() {
    let r = holds("fresh32", 0.54, 0.69);
    assert_eq!(r["documents"], 44, "{}", figures(&r));
}

/// The fresh33 split (tests/corpus/fresh33): whole documents from public GitHub repositories,
/// collected and annotated blind by four collectors, one per repository (41 documents, 168
/// dated duties, seven with a task table or timetable). Measured untouched before and after the
/// round of rules across fresh12–30: 0.549 / 0.363 on due days both times, no duty classed as
/// preamble, no unit of another province. Rules were then written from it and fresh32 (its
/// three national task tables had stopped at their first row): 0.728 / 0.750. Held here a
/// little below that.
#[test]
fn the_former_fresh33_split_holds_what_its_rules_reach() {
    let r = holds("fresh33", 0.72, 0.74);
    assert_eq!(r["documents"], 41, "{}", figures(&r));
}

/// The fresh34 split (tests/corpus/fresh34): whole documents from public GitHub repositories,
/// collected and annotated blind by four collectors, one per repository or file (28 documents,
/// 87 dated duties, four with a task table or timetable). Measured untouched after the round of
/// rules across fresh12–30, 0.360 / 0.368 on due days, and after the rules from fresh32 and
/// fresh33, 0.373 / 0.391; no duty classed as preamble, no unit of another province. Rules were
/// then written from it, fresh35 and fresh36: 0.467 / 0.391; after the rounds on task tables as
/// a PDF's text layer and a crawler print them (1/12/2026), 0.703 / 0.724. Held here a little
/// below that.
#[test]
fn the_former_fresh34_split_holds_what_its_rules_reach() {
    let r = holds("fresh34", 0.69, 0.70);
    assert_eq!(r["documents"], 28, "{}", figures(&r));
}

/// The fresh35 split (tests/corpus/fresh35): whole documents from public GitHub repositories,
/// collected and annotated blind by four collectors, one per repository or file (39 documents,
/// 109 dated duties). Measured untouched after the round of rules across fresh12–30 and after
/// the rules from fresh32 and fresh33: 0.442 / 0.413 on due days, no unit of another province,
/// and three duties classed as preamble (the first blind split since fresh26 with any). Rules
/// were then written from it, fresh34 and fresh36 (a preamble now ends at its enacting line):
/// 0.505 / 0.431, none classed as preamble. Held here a little below that, with none.
#[test]
fn the_former_fresh35_split_holds_what_its_rules_reach() {
    let r = holds("fresh35", 0.50, 0.43);
    assert_eq!(r["documents"], 39, "{}", figures(&r));
}

/// The fresh36 split (tests/corpus/fresh36): pages of a crawl of thuvienphapluat.vn and the
/// Government's policy portal kept in a public GitHub repository, collected and annotated blind
/// by four collectors, one per range of its page lists (33 documents, 65 dated duties).
/// Measured untouched after the round of rules across fresh12–30 and after the rules from
/// fresh32 and fresh33: 0.494 / 0.708 on due days, no unit of another province, two duties
/// classed as preamble. Rules were then written from it, fresh34 and fresh35: 0.512 / 0.708,
/// none classed as preamble. Held here a little below that, with none.
#[test]
fn the_former_fresh36_split_holds_what_its_rules_reach() {
    let r = holds("fresh36", 0.51, 0.70);
    assert_eq!(r["documents"], 33, "{}", figures(&r));
}

/// The fresh37 split (tests/corpus/fresh37): whole documents from public GitHub repositories,
/// collected and annotated blind by five collectors from leads earlier waves had listed but
/// never opened (52 documents, 128 dated duties). Measured untouched after the three rounds of
/// rules of 30/11/2026: 0.619 / 0.562 on due days, none classed as preamble, no unit of another
/// province. A round of rules was then written from it: 0.660 / 0.586; after the rounds of the
/// next session (holders' lines quoted among them), 0.667 / 0.625. Held here a little below
/// that, with none classed as preamble.
#[test]
fn the_former_fresh37_split_holds_what_its_rules_reach() {
    let r = holds("fresh37", 0.66, 0.62);
    assert_eq!(r["documents"], 52, "{}", figures(&r));
}

/// The fresh38 split (tests/corpus/fresh38): whole documents from public GitHub repositories,
/// collected and annotated blind by four collectors (41 documents, 135 dated duties). Measured
/// untouched before and after the round written from fresh37: 0.558 / 0.593, then 0.566 / 0.593,
/// none classed as preamble, no unit of another province. A round of rules was then written
/// from it (periods with no day that name no duty's period): 0.635 / 0.615; after the rounds of
/// the next session (its statistics calendar read among them), 0.674 / 0.733. Held here a
/// little below that, with none classed as preamble.
#[test]
fn the_former_fresh38_split_holds_what_its_rules_reach() {
    let r = holds("fresh38", 0.67, 0.73);
    assert_eq!(r["documents"], 41, "{}", figures(&r));
}

/// The fresh39 split (tests/corpus/fresh39): whole documents from public GitHub repositories,
/// collected and annotated blind by four collectors (39 documents, 96 dated duties). Measured
/// untouched before the round written from fresh37, after it and after the round written from
/// fresh38: 0.562 / 0.490 each time, none classed as preamble, no unit of another province.
/// Then read, and four rounds of rules were written from it and the splits before it (holders
/// after a group and a colon, limits listed by case, holders' lines quoted, statistics
/// calendars): 0.646 / 0.771. Held a little below that.
#[test]
fn the_former_fresh39_split_holds_what_its_rules_reach() {
    let r = holds("fresh39", 0.64, 0.77);
    assert_eq!(r["documents"], 39, "{}", figures(&r));
}

/// The fresh40 split (tests/corpus/fresh40): whole documents from public GitHub repositories,
/// collected and annotated blind by three collectors (29 documents, 54 dated duties). Measured
/// untouched after the rounds written from fresh37 and fresh38, after the two written from
/// fresh39 and after the two on holders and statistics calendars: 0.635 / 0.611 on due days each
/// time, none classed as preamble, no unit of another province; 0.647 / 0.611 after the round
/// that lists holderless tasks told only by a period as standing duties. Held here at its first
/// measure.
#[test]
fn the_fresh40_split_holds_its_untouched_measure() {
    let r = holds("fresh40", 0.63, 0.61);
    assert_eq!(r["documents"], 29, "{}", figures(&r));
}

/// The fresh41 split (tests/corpus/fresh41): whole documents and long parts of them from public
/// GitHub repositories (2026 decrees and circulars, provincial decisions and resolutions, a
/// provincial Q&A export), collected and annotated blind by four collectors (38 documents, 89
/// dated duties). Measured untouched before and after the four rounds of its session: 0.750 /
/// 0.753 on due days each time, none classed as preamble, no unit of another province; 0.759 /
/// 0.753 and 0.768 / 0.753 after the next session's two rounds on wrong drafts, 0.787 / 0.753
/// after a third (the session that built fresh45), 0.808 / 0.753 after the round that lists
/// holderless tasks told only by a period as standing duties, 0.818 / 0.753 after two on bare
/// years. Held here at its first measure.
#[test]
fn the_fresh41_split_holds_its_untouched_measure() {
    let r = holds("fresh41", 0.74, 0.75);
    assert_eq!(r["documents"], 38, "{}", figures(&r));
}

/// The fresh42 split (tests/corpus/fresh42): whole documents and long parts of them from public
/// GitHub repositories (2026 decrees and circulars, Government resolutions with task tables,
/// consolidated texts, an OCR'd tax-law dataset, provincial Q&A pages on admission timetables),
/// collected and annotated blind by four collectors (38 documents, 127 dated duties). Measured
/// untouched before the four rounds of its session, after two and after four: 0.598 / 0.441,
/// 0.598 / 0.441 and 0.598 / 0.449 on due days, none classed as preamble, no unit of another
/// province; 0.611 / 0.449 after the next session's round on wrong drafts, 0.618 / 0.449 after
/// a third (the session that built fresh45), 0.647 / 0.449 after the round that lists
/// holderless tasks told only by a period as standing duties. Held here at its first measure.
#[test]
fn the_fresh42_split_holds_its_untouched_measure() {
    let r = holds("fresh42", 0.59, 0.44);
    assert_eq!(r["documents"], 38, "{}", figures(&r));
}

/// The fresh43 split (tests/corpus/fresh43): 2024-2026 decrees, resolutions and circulars,
/// provincial pages of a crawl, and provincial trackers kept in public repositories (a steering
/// committee's task table kept as a web page's data, a department's workbook), collected and
/// annotated blind by four collectors (27 documents, 82 dated duties). Measured untouched after
/// the rounds written from fresh39, and again after the two on holders and statistics calendars:
/// 0.436 / 0.354 each time on due days, none classed as preamble, no unit of another province;
/// 0.446 / 0.366 after the next session's rounds on holder lists and tax days, 0.455 / 0.366
/// after its second round on wrong drafts, 0.510 / 0.366 after the round that lists holderless
/// tasks told only by a period as standing duties. Held here at its first measure.
/// On 3/12/2026 the count of duties classed as preamble went from 0 to 24 with no draft or due
/// changed: a year after a cited document with an act after it is no longer skipped as the
/// citation's, and so a sentence read as preamble that holds 24 expected duties (a whole text
/// on one line, it seems; the split is unread, so not looked at) now reports a phrase under
/// the preamble's reason, where before its only phrases were skipped as citations. The duties
/// were missed before as now; the count sees them. Allowed here so that a change that adds
/// more fails.
#[test]
fn the_fresh43_split_holds_its_untouched_measure() {
    let r = holds_with_preamble("fresh43", 0.43, 0.35, 24);
    assert_eq!(r["documents"], 27, "{}", figures(&r));
}

/// The fresh44 split (tests/corpus/fresh44): circulars and consolidated texts of three ministries
/// and the National Assembly Office from a dataset of official-gazette texts, 2026 decrees and
/// circulars of a legal-text site, a few provincial decisions and news items kept in other
/// repositories, and provincial and ministry pages of a legal Q&A crawl, collected and annotated
/// blind by four collectors (35 documents, 83 dated duties). Measured untouched before the rounds
/// of its session and after the first five: 0.681 / 0.651, then 0.686 / 0.663 on due days, one
/// duty classed as preamble (a Q&A page's "Tại Thông báo …, Thủ tướng yêu cầu … trình Chính phủ
/// trước ngày …; … như sau:"), no unit of another province. That one document was read after
/// the last measure and its line is read as the reported document's ask now (0.690 / 0.675, none
/// as preamble); 0.750 / 0.663 after the round that lists holderless tasks told only by a period
/// as standing duties (one dated duty among them), 0.762 / 0.663 after two on bare years. Held
/// here at its first measure, with none classed as preamble.
#[test]
fn the_fresh44_split_holds_its_untouched_measure() {
    let r = holds("fresh44", 0.68, 0.65);
    assert_eq!(r["documents"], 35, "{}", figures(&r));
}

/// The fresh45 split (tests/corpus/fresh45): circulars and a consolidated text of four ministries
/// from a dataset of official-gazette texts, 2026 decrees and circulars of a legal-text site, a
/// province's regulation and tax letters kept in other repositories, and pages of a legal Q&A
/// crawl, collected and annotated blind by four collectors (36 documents, 68 dated duties).
/// Measured untouched before and after the six rounds of its session: 0.587 / 0.647 on due days
/// each time, none classed as preamble, no unit of another province; 0.611 / 0.647 after the
/// next session's round that lists holderless tasks told only by a period as standing duties,
/// 0.698 / 0.647 after two on bare years. Held here at its first measure.
#[test]
fn the_fresh45_split_holds_its_untouched_measure() {
    let r = holds("fresh45", 0.58, 0.64);
    assert_eq!(r["documents"], 36, "{}", figures(&r));
}

/// The fresh46 split (tests/corpus/fresh46): pages of portals, schools and unions, gathered
/// blind by four collectors whose parts were kinds of deadline (periodic reports, counts from an
/// event, one-off deadlines, lists of deadlines), 41 documents and 82 dated duties. Measured
/// untouched on 2/12/2026: 0.500 / 0.463 on due days, none classed as preamble, no unit of
/// another province. Held here a little below that measure.
#[test]
fn the_fresh46_split_holds_its_untouched_measure() {
    let r = holds("fresh46", 0.49, 0.45);
    assert_eq!(r["documents"], 41, "{}", figures(&r));
}

/// The fresh47 split (tests/corpus/fresh47): pages of portals, ministries' and provinces'
/// rules, procedure pages and timetables, gathered blind by four collectors with fresh46's parts
/// (periodic reports, counts from an event, one-off deadlines, lists of deadlines), 33 documents
/// and 89 dated duties. Measured untouched on 2/12/2026 with the drafter of 416834c: 0.823 /
/// 0.596 on due days, none classed as preamble, no unit of another province. Held here a little
/// below that measure.
#[test]
fn the_fresh47_split_holds_its_untouched_measure() {
    let r = holds("fresh47", 0.81, 0.58);
    assert_eq!(r["documents"], 33, "{}", figures(&r));
}

/// The fresh48 split (tests/corpus/fresh48): procedure pages, portal news, rules of ministries
/// and provinces, a task table and timetables, gathered blind by four collectors with fresh47's
/// parts, 42 documents and 92 dated duties. Measured untouched on 2/12/2026 with the drafter of
/// ebe29f7: 0.684 / 0.685 on due days, none classed as preamble, no unit of another province.
/// Held here a little below that measure.
#[test]
fn the_fresh48_split_holds_its_untouched_measure() {
    let r = holds("fresh48", 0.67, 0.67);
    assert_eq!(r["documents"], 42, "{}", figures(&r));
}

/// The fresh49 split (tests/corpus/fresh49): procedure pages, timetables of elections,
/// congresses and a merger, tax guidance, portal news, gathered blind by four collectors with
/// fresh48's parts, 25 documents and 61 dated duties. Measured untouched on 2/12/2026 with the
/// drafter of db23d0e: 0.613 / 0.689 on due days, one duty classed as preamble, no unit of
/// another province. Held here a little below that measure, with its one duty classed as
/// preamble allowed (the split stays unread until the session's end, so that duty is not named).
#[test]
fn the_fresh49_split_holds_its_untouched_measure() {
    let r = holds_with_preamble("fresh49", 0.60, 0.67, 1);
    assert_eq!(r["documents"], 25, "{}", figures(&r));
}

#[test]
fn evaluate_reads_any_split_and_reports_what_it_missed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.txt"),
        "Giao Sở Tư pháp chủ trì, phối hợp các đơn vị liên quan rà soát; hoàn thành trước ngày 10/12/2023.\nSở Nội vụ báo cáo chậm nhất ngày 15/12/2023.\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("a.toml"),
        r#"source = "test"
retrieved = "2026-11-28"
kind = "excerpt"
issued = "2023-11-23"
excerpt = true

[[obligation]]
quote = "Giao Sở Tư pháp chủ trì, phối hợp các đơn vị liên quan rà soát; hoàn thành trước ngày 10/12/2023."
assignee = ["Sở Tư pháp"]
rule = "one_off"
first_due = "2023-12-10"

[[obligation]]
quote = "Sở Nội vụ báo cáo chậm nhất ngày 15/12/2023."
assignee = ["Sở Nội vụ"]
rule = "one_off"
first_due = "2023-12-15"
"#,
    )
    .unwrap();
    let r = evaluate(tmp.path());
    // The second due is the end of 15/12 (16/12), so the annotation's 15/12 is one wrong day.
    assert_eq!(r["due"]["correct"], 1, "{r:#}");
    assert_eq!(r["due"]["expected"], 2);
    assert_eq!(r["assignees"]["found"], 2, "{r:#}");
    assert_eq!(r["per_document"][0]["matched"], 2);
    let text = String::from_utf8(
        dondoc_in(
            &root(),
            &["draft", "--evaluate", tmp.path().to_str().unwrap()],
        )
        .stdout,
    )
    .unwrap();
    assert!(
        text.contains("due days") && text.contains("precision"),
        "{text}"
    );
}

//! Dates a text tells beside its deadlines that assign nothing (news items above all): a
//! page's date, the day an act took place, the end of a closure, an expectation, a habit told
//! in the first person, a span from now, a period a past act is told of, the period of a
//! report counted from each period's end, a state as of a day, background a news item tells.

use std::sync::LazyLock;

use regex::Regex;

use super::phrases::{Found, What};
use super::text::{fold, last_chars};
use crate::domain::rule::RuleSpec;

/// Words that make a clause a duty: a rule in such a clause is never dropped here.
const DUTY_WORDS: [&str; 8] = [
    "phải",
    "yêu cầu",
    "đề nghị",
    "giao ",
    "chỉ đạo",
    "cần ",
    "hạn chót",
    "thời hạn",
];

/// Whether `s` (lowercased) holds a word of duty. "giao" in a noun of its own ("giao dịch",
/// "giao thông", "giao lưu", "giao nhận") assigns nothing ("Sở Giao dịch Chứng khoán vẫn chưa
/// nhận …"), nor does "cần" in a place's name (the city of Cần Thơ; Cần Giờ, Cần Đước, Cần
/// Giuộc, Cần Đăng).
pub(super) fn has_duty_word(s: &str) -> bool {
    const NOT_ASSIGNING: [&str; 4] = ["dịch", "thông", "lưu", "nhận"];
    const PLACES: [&str; 5] = ["thơ", "giờ", "đước", "giuộc", "đăng"];
    DUTY_WORDS.iter().any(|w| {
        let nouns: &[&str] = match *w {
            "giao " => &NOT_ASSIGNING,
            "cần " => &PLACES,
            _ => return s.contains(w),
        };
        s.match_indices(w)
            .any(|(i, _)| !nouns.iter().any(|n| s[i + w.len()..].starts_with(n)))
    })
}

/// Turns the due rules of one sentence (`low`: lowercased, same byte offsets as the `found`
/// ranges) that assign nothing into skipped phrases, with the reason.
pub(super) fn drop_told_dates(orig: &str, low: &str, found: &mut [Found]) {
    let page_date = page_date(low);
    let counted_from_period_end = found.iter().any(|f| {
        matches!(&f.what, What::Rule(RuleSpec::AfterEvent { event, .. })
            if event.to_lowercase().contains("kỳ báo cáo"))
    });
    for f in found.iter_mut() {
        let What::Rule(rule) = &f.what else {
            continue;
        };
        // Class: a title in capitals with the horizon of its plan ("KẾ HOẠCH NÂNG CAO CHẤT
        // LƯỢNG … ĐẾN NĂM 2025 (Kèm theo …)"): the plan's horizon, not a duty.
        let caps = orig.get(f.start..f.end).is_some_and(|t| {
            t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
        });
        let why = if page_date {
            Some("a date alone on its line (the page's date), not a deadline")
        } else if time_left(low, f.start, f.end) {
            Some("the time left until a date (Từ nay đến … chỉ còn 01 tháng), not a deadline")
        } else if caps && matches!(rule, RuleSpec::EndOfYear { .. }) {
            Some("the horizon in a title in capitals (… ĐẾN NĂM 2025), not a deadline")
        } else if counted_from_period_end && matches!(rule, RuleSpec::Periodic { .. }) {
            Some("the period of a report due a count of days after each period ends")
        } else {
            why_told(low, f.start, rule)
                .or_else(|| super::scopes::why_scope(low, f.start, f.end, rule))
        };
        if let Some(why) = why {
            f.what = What::Skip(why);
        }
    }
}

/// Family: the text's own date and its page's stamps, run into a sentence when the header or
/// the page's chrome is not cut from the body: a date line, a place and the full day
/// ("Quận 9, ngày 04 tháng 6 năm 2014", "… ĐẢNG CỘNG SẢN VIỆT NAM La Bằng, ngày 24 tháng 11
/// năm 2020 KẾ HOẠCH …"), a wire service's credit ("(TTXVN 25/5/2024)", "Theo THNM
/// 25/3/2020"), a gazette issue's date ("Số 323 (ngày 11/6/2026)") and a page's last update
/// ("Cập nhật lần cuối bởi … ngày 09/01/2021"): the day the text was signed or printed, no
/// deadline (read on a drafted duty's sentence, never on the header's own date line, which
/// gives the plan its date). A date line is read only with nothing after it but the end or a title in
/// capitals, and only after a run of capitalised words (a place) that opens the text or
/// follows capitals or a sign: a sentence's "… tỉnh Hà Tĩnh, ngày …" is not one.
pub(super) fn own_date_or_stamp(orig: &str, start: usize, end: usize) -> bool {
    static FULL_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}$").expect("regex")
    });
    static PLACE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^\p{L}\p{N},\s]\s*|\b\p{Lu}{2,}\s+)(?:[\p{Lu}\p{N}][\p{L}\p{N}.]*\s+){0,3}[\p{Lu}\p{N}][\p{L}\p{N}.]*\s*,\s*$")
            .expect("regex")
    });
    static TITLE_OR_END: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[.)]?\s*$|\p{Lu}{2,}\b)").expect("regex"));
    static BARE_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}$").expect("regex")
    });
    static WIRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:\(|\bTheo\s+)\p{Lu}{2,10}\s*[-–,]?\s*$").expect("regex"));
    static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|/|\bcông báo\s*)\s*số\s+\d+\s*\(\s*(?:ngày\s*)?$").expect("regex")
    });
    static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:cập nhật lần cuối|lần cập nhật cuối)[^.;]{0,60}$").expect("regex")
    });
    let (Some(before), Some(phrase), Some(after)) =
        (orig.get(..start), orig.get(start..end), orig.get(end..))
    else {
        return false;
    };
    let phrase = phrase.trim();
    let date_line =
        FULL_DAY.is_match(phrase) && PLACE_BEFORE.is_match(before) && TITLE_OR_END.is_match(after);
    let stamp = BARE_DAY.is_match(phrase)
        && (WIRE.is_match(before)
            || ISSUE.is_match(before) && after.trim_start().starts_with(')')
            || UPDATED.is_match(before));
    date_line || stamp
}

/// Family: the time left until a date, as the Prime Minister's telegrams and the Government
/// Office's notices urge ("Từ nay đến ngày 19 tháng 12 năm 2025 chỉ còn 01 tháng, thời gian
/// rất gấp, …", "Thời gian đến ngày 19 tháng 8 năm 2025 còn rất ít, …", "Từ nay đến hết năm
/// 2025 chỉ còn gần 2 tháng, …"): how near an event or the year's end is, said to press the
/// duties that follow; the date ends that span and is no deadline of its own. Read when the
/// phrase runs up to the date ("đến …", "tới …") and "còn" with an amount of time or "ít"
/// follows it at once; a count of what is still left ("tính đến ngày 5/1 vẫn còn rất nhiều
/// tổ chức chưa nộp") is not this.
fn time_left(low: &str, start: usize, end: usize) -> bool {
    static LEFT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*,?\s*(?:thì\s+)?(?:chỉ\s+|vẫn\s+|cũng\s+)?còn\s+(?:(?:rất|khá|quá)\s+)?(?:ít\b|(?:(?:khoảng|gần|hơn|chưa\s+(?:đầy|đến))\s+)?(?:\d+|một|hai|ba|bốn|năm|vài|mấy)\s*(?:\([^)]{0,20}\)\s*)?(?:ngày|tuần|tháng|năm)\b)")
            .expect("regex")
    });
    let (Some(phrase), Some(after)) = (low.get(start..end), low.get(end..)) else {
        return false;
    };
    let before = format!("{} ", last_chars(&low[..start], 12));
    let up_to = ["đến ", "tới "]
        .iter()
        .any(|w| phrase.starts_with(w) || before.contains(&format!(" {w}")));
    up_to && LEFT.is_match(after)
}

/// Why the rule at byte `start` of `low` assigns nothing, if it does not.
fn why_told(low: &str, start: usize, rule: &RuleSpec) -> Option<&'static str> {
    let head = &low[..start];
    let at = &low[start..];
    // The clause the phrase is in, up to it: from the last stop, colon, semicolon or quote. A
    // dot inside a number is a date's, as the press writes it ("Dự kiến từ ngày 10.7 đến 17h
    // ngày 25.7.2024"), no stop (phrases::clause_start).
    let cut = super::phrases::clause_start(head, &[';', ':', '"', '“', '”']);
    let clause = &head[cut..];
    let duty = has_duty_word(clause);
    // Family: a question, as Q&A pages head their answers ("Tiến độ thực hiện phong trào …
    // giai đoạn năm 2019 đến năm 2025 được quy định như thế nào?", "… hàng năm được quy định
    // ra sao?"): it asks, it assigns nothing; the answer after it does.
    let sentence_rest = &at[..super::phrases::clause_end(at, 0, &[';', ':', '\n'])];
    if sentence_rest.trim_end().ends_with('?') {
        return Some("a question (… như thế nào?), not a duty");
    }
    // Class: a fraction written as a day and month ("phạt tiền đối với cá nhân bằng 1/2 mức
    // phạt tiền đối với tổ chức", as every sanction law and decree says; "không quá 1/2 ngày";
    // "có từ 1/2 số giáo viên trở lên"): a share of an amount, a day or a body, no date. Read
    // as such when a share (one to nine, below ten) is followed by what it is a share of, or
    // is said to equal it ("bằng 1/2").
    static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([1-9])/([2-9])(?:\s*\([^)]{0,24}\))?\s+(?:mức|số\s|tổng|ngày|thời gian|giá trị|diện tích|tiền|lương|biên chế|thành viên|đại biểu)")
            .expect("regex")
    });
    if let Some(c) = FRACTION.captures(at) {
        if c[1] < c[2] {
            return Some("a fraction (bằng 1/2 mức phạt, 1/2 ngày), not a date");
        }
    }
    if head.ends_with("bằng ") {
        let b = at.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let share = digit(0) && b.get(1) == Some(&b'/') && digit(2) && b[0] < b[2];
        // Not "1/2/2025" nor "1/2.2025", nor a number of two digits.
        let more = digit(3) || matches!(b.get(3), Some(b'/' | b'.' | b'-') if digit(4));
        if share && !more {
            return Some("a fraction (bằng 1/2 mức phạt, 1/2 ngày), not a date");
        }
    }
    // Class: the closing formula of a plan, a notice or a web page ("Trên đây là Kế hoạch giám
    // sát … năm 2025.", "Trên đây là thông tin về "Hướng dẫn … ngày 09/12 …""): it names the
    // text, it assigns nothing, unless a word of duty comes before the date ("Trên đây là Kế
    // hoạch …, đề nghị các xã báo cáo trước ngày …").
    if head
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with("trên đây là")
        && !has_duty_word(head)
        && !super::scopes::has_act(head)
    {
        return Some("the closing formula naming the text (Trên đây là …), not a duty");
    }
    // Family: a forecast told, as telegrams on storms, floods and forest fires open ("Theo dự
    // báo của Trung tâm dự báo khí tượng thủy văn quốc gia, ngày 20 và 21/11, tại khu vực còn
    // tiếp tục có mưa to …", "Theo dự báo …, nắng nóng tiếp tục kéo dài trong tháng 5"): the
    // days of the weather, not a deadline, unless a word of duty comes before the date.
    let opening = head.trim_start_matches(|c: char| !c.is_alphanumeric());
    if (opening.starts_with("theo dự báo") || opening.starts_with("dự báo"))
        && !has_duty_word(head)
        && !super::scopes::has_act(head)
    {
        return Some("the days of a forecast told (Theo dự báo …), not a deadline");
    }
    let deadline_word = super::phrases::opens_on_deadline(at);
    // Class: the text's present, its day in brackets after "nay" ("Tuy nhiên, đến nay
    // (3/12/2024), Sở vẫn chưa nhận được …", "Tính đến nay (ngày 5/3), …", "hiện nay (tháng
    // 6/2024)"): the day the reporter writes on, told, never a deadline.
    static NOW_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s,])(?:đến|tới|hiện|cho đến|tính đến)\s+nay\s*\(\s*(?:ngày\s+)?$")
            .expect("regex")
    });
    if NOW_IN_BRACKETS.is_match(head) {
        return Some("the text's present (đến nay (ngày X)), not a deadline");
    }
    // Class: news of an act, dated by the part of the day it happened in ("Chiều nay
    // 8/10/2020, Giám đốc Sở đã ký …", "Sáng ngày 5/3, …", "Hôm qua 24/7, …"): the day of the
    // act.
    static PART_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s(,])(?:sáng|chiều|trưa|tối|đêm|hôm)(?:\s+(?:nay|qua|mai))?(?:\s+ngày)?\s*[,(]?\s*$")
            .expect("regex")
    });
    // "trước 17 giờ chiều ngày 15/3": a clock time of a deadline, not a part of the day an
    // act took place.
    let tail = last_chars(head, 25);
    let deadline_near = ["trước", "chậm nhất", "hạn", "đến", "giờ"]
        .iter()
        .any(|w| tail.contains(w));
    if !deadline_word && !deadline_near && PART_OF_DAY.is_match(head) {
        return Some("the day an act took place (Chiều nay 8/10, …), not a deadline");
    }
    // Class: the end of a closure or suspension ("tiếp tục cho học sinh nghỉ học đến ngày
    // 10/10", "tạm dừng hoạt động đến hết ngày 15/3"): a state lasts until then, nobody
    // owes an act by then.
    // The closure must be the act the date ends: its word close before the date, with no
    // other act between ("nghỉ học và báo cáo đến ngày …" asks for a report).
    let until = at.starts_with("đến") || head.trim_end().ends_with("đến");
    let near = last_chars(clause, 30);
    let other_act = [" và ", ",", "báo cáo", "gửi", "nộp", "hoàn thành"];
    if until
        && [
            "nghỉ học",
            "nghỉ làm",
            "cho nghỉ",
            "tạm dừng",
            "tạm ngừng",
            "tạm hoãn",
            "tạm đình chỉ",
            "dừng hoạt động",
            "đóng cửa",
            "phong tỏa",
            "giãn cách",
            "cách ly",
        ]
        .iter()
        .any(|w| {
            near.rfind(w)
                .is_some_and(|i| !other_act.iter().any(|a| near[i..].contains(a)))
        })
    {
        return Some("the end of a closure or suspension (nghỉ học đến ngày …), not a deadline");
    }
    // Class: an expectation told by a speaker or a reporter ("Dự kiến, chúng ta sẽ hoàn
    // thành … trước ngày 30/6", "Chúng tôi sẽ hoàn thành trước …"): a forecast, not an
    // assignment (a plan's "dự kiến cơ cấu …" is a verb inside a duty and does not open the
    // clause).
    let opened = clause.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first_person = [
        "chúng ta sẽ",
        "chúng ta cũng sẽ",
        "chúng tôi sẽ",
        "chúng tôi cũng sẽ",
    ]
    .iter()
    .any(|w| low[..start].contains(w));
    // Class: the latest day a timetable gives in brackets beside its expected day ("Thời
    // gian: Dự kiến ngày 05/12/2026 (Chậm nhất ngày 10/12/2026 - 95 ngày trước bầu cử)"):
    // the bracket states a limit, which the expectation before it does not soften.
    let bracketed_limit = deadline_word && {
        let open = clause.rfind('(');
        open.is_some_and(|i| !clause[i..].contains(')') && clause[..i].contains("dự kiến"))
    };
    // Family: a timetable row whose time after its colon is expected ("Các trường công bố
    // kết quả trúng tuyển đợt 1: dự kiến trước 17 giờ ngày 27/9", "Thí sinh xác nhận nhập
    // học: dự kiến trước ngày 3/10"): the row names its task before the colon, and "dự kiến"
    // only softens its time; the row is still the task's deadline. A caption before the colon
    // ("Thời gian: Dự kiến ngày …") names no task.
    // The time follows "dự kiến" at once ("dự kiến trước …", "dự kiến từ ngày 9/9 đến …"); a
    // verb after it ("Bộ trưởng: Dự kiến hoàn thành … trước ngày 30/6") is a forecast quoted.
    let time_only = opened.strip_prefix("dự kiến").is_some_and(|r| {
        let r = r.trim();
        r.is_empty() || r.starts_with("từ") && r.split_whitespace().count() <= 4
    });
    let row_time = time_only && head[..cut].ends_with(':') && {
        let task = &head[..cut - 1];
        let task = task[super::phrases::clause_start(task, &[';', ':', '\n'])..]
            .trim_matches(|c: char| !c.is_alphanumeric());
        task.split_whitespace().count() >= 4
            && ![
                "thời gian",
                "thời hạn",
                "thời điểm",
                "dự kiến",
                "theo ",
                "ghi chú",
                "lưu ý",
            ]
            .iter()
            .any(|w| task.starts_with(w))
    };
    if !duty && !bracketed_limit && !row_time && (opened.starts_with("dự kiến") || first_person)
    {
        return Some("an expectation (Dự kiến …, chúng ta sẽ …), not an assignment");
    }
    // Also a body's own plan told with "dự kiến" as its verb ("Sở dự kiến trình UBND tỉnh
    // trong quý IV/2026") when it names a period with no day and no word of duty stands in
    // the sentence: what the body expects to do, not a deadline it sets. The acts its
    // timetable lists after semicolons ("Sở dự kiến A vào tháng 5; B vào tháng 7; …") are
    // expected too.
    // A period with no day: a quarter, a month or a year.
    let period = matches!(
        rule,
        RuleSpec::EndOfQuarter { .. } | RuleSpec::EndOfMonth { .. } | RuleSpec::EndOfYear { .. }
    );
    let sentence = &head[head.rfind(['.', '!', '?']).map_or(0, |i| i + 1)..];
    let first_clause = &sentence[..sentence.find(';').unwrap_or(sentence.len())];
    let expected = clause.contains(" dự kiến ") || first_clause.contains(" dự kiến ");
    if period && expected && !has_duty_word(low) {
        return Some("an expectation (… dự kiến … trong quý …), not an assignment");
    }
    // Class: a habit told in the first person, as a reader's question in a Q&A column puts
    // it ("Hàng năm công ty chúng tôi đều gửi báo cáo … trước ngày 5/1", "chúng tôi vẫn nộp …
    // trước ngày 20"): what the asker does, not an assignment.
    static HABIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:chúng tôi|tôi|chúng em|em)\s+(?:(?:vẫn|đều|thường|hay|luôn)\s+)+")
            .expect("regex")
    });
    // The rule may open the clause ("Hằng năm … chúng tôi đều gửi … trước ngày 5/1").
    let whole = &at[..at.find(['.', ';', '?']).unwrap_or(at.len())];
    let asks = has_duty_word(whole);
    if !duty && !asks && (HABIT.is_match(clause) || HABIT.is_match(whole)) {
        return Some("a habit told in the first person (chúng tôi đều gửi …), not an assignment");
    }
    // Class: a span of work from now ("8 nhiệm vụ … từ nay đến hết năm 2025", "nhiệm vụ
    // trọng tâm từ nay đến cuối năm"): the scope the tasks fall in, not their deadline.
    let from_now = head.trim_end().ends_with("từ nay") && at.starts_with("đến")
        || head.trim_end().ends_with("từ nay đến");
    // A day ("Từ nay đến ngày 31/12, các trường phải …"), a duty word or a completion the
    // span ends with ("từ nay đến cuối tháng 3, các xã sẽ hoàn thành …") makes it a deadline.
    let completed = ["hoàn thành", "hoàn tất"].iter().any(|w| low.contains(w));
    if from_now && period && !completed && !has_duty_word(low) {
        return Some("a span from now (từ nay đến hết năm …), a scope, not a deadline");
    }
    // Also the span a letter remarks is short before it asks ("Thời gian từ nay đến cuối năm
    // 2023 không còn nhiều, Văn phòng Chính phủ đề nghị … chậm nhất trước ngày 20/12"): how
    // little time is left, whatever the sentence asks after it.
    let span_told = &at[..at.find([',', '.', ';']).unwrap_or(at.len())];
    let short = [
        "không còn nhiều",
        "còn không nhiều",
        "còn rất ít",
        "còn ít",
        "không còn dài",
        "rất ngắn",
    ]
    .iter()
    .any(|w| span_told.contains(w));
    if from_now && period && short {
        return Some("a span from now told as short (từ nay đến cuối năm không còn nhiều)");
    }
    // Class: background a news item tells ("Được biết, theo khung thời gian năm học trước, các
    // trường … kết thúc năm học trước 31/5", "Được biết, cơ chế hỗ trợ trong năm 2021 được HĐND
    // tỉnh cho phép áp dụng …"): what the reporter adds as known, with no word of duty.
    if sentence.trim_start().starts_with("được biết") && !has_duty_word(head) {
        return Some("background a news item tells (Được biết, …), not a deadline");
    }
    // Class: a state as of a day ("Tuy nhiên, đến ngày 12/11 Cục vẫn chưa nhận được báo cáo",
    // "Tính đến ngày 5/3, mới có 4 huyện gửi báo cáo", "Đến ngày 12/11, Cục vẫn chưa …",
    // "đến thời điểm 20/11, Sở mới chỉ nhận được …"): what stood on that day, told as a
    // reason for an ask, not a deadline. The day opens its clause and the clause says what
    // still stood (vẫn, mới, chưa …) with no word of duty; a comma right after the day
    // leaves the clause after it to say so. "tới ngày" says "đến ngày" ("Tuy nhiên tới ngày
    // 23/7, Sở vẫn chưa nhận được …").
    const AS_OF: [&str; 3] = ["đến thời điểm", "tới ngày", "tới thời điểm"];
    let state_day = at
        .strip_prefix("đến ")
        .or_else(|| at.strip_prefix("tới "))
        .or_else(|| {
            let h = head.trim_end();
            AS_OF.iter().any(|w| h.ends_with(w)).then_some(at)
        });
    let opening_of = |c: &str| {
        let c = c.trim_end();
        let c = AS_OF
            .iter()
            .chain(&["tới"])
            .find_map(|w| c.strip_suffix(w))
            .unwrap_or(c);
        let o = c[c.rfind(',').map_or(0, |i| i + 1)..].trim();
        o.is_empty() || o == "tính" || super::phrases::NEWS_CONNECTIVES.contains(&o)
    };
    if let Some(rest) = state_day.filter(|_| opening_of(clause)).map(|r| {
        // A stop after an abbreviation ("TP. Hồ Chí Minh") ends no sentence.
        let stop = |r: &str| {
            r.match_indices(". ").map(|(i, _)| i).find(|&i| {
                let word = r[..i].rsplit(char::is_whitespace).next().unwrap_or("");
                !super::sections::is_abbreviation(word)
            })
        };
        let end = |r: &str| r.find([',', ';']).or_else(|| stop(r));
        match end(r) {
            // "Đến ngày 12/11, Cục vẫn chưa …": the day alone before the comma.
            Some(i) if !r[..i].replace("ngày", "").chars().any(char::is_alphabetic) => {
                let next = &r[i + 1..];
                &r[..i + 1 + end(next).unwrap_or(next.len())]
            }
            Some(i) => &r[..i],
            None => r,
        }
    }) {
        let stood = [
            " vẫn chưa ",
            " vẫn còn ",
            " mới có ",
            " mới chỉ ",
            " chưa nhận được ",
            " chưa có ",
        ]
        .iter()
        .any(|w| format!(" {rest} ").contains(w));
        if stood && !has_duty_word(rest) {
            return Some("a state as of a day (đến ngày X … vẫn chưa …), not a deadline");
        }
    }
    // Class: a deadline told as missed, or the period of tasks still overdue ("việc kiểm kê
    // hoàn thành trước ngày 30-3-2025, nhưng đến nay tỉnh chưa hoàn thành", "các nhiệm vụ
    // được giao trong quý I, quý II năm 2019 chưa hoàn thành"): a reminder of a limit past,
    // not a deadline of this text.
    let at_clause = &at[..at.find(['.', ';']).unwrap_or(at.len())];
    let undone = |s: &str| {
        [
            "chưa hoàn thành",
            "chưa thực hiện",
            "chưa xong",
            "chưa triển khai",
        ]
        .iter()
        .any(|w| s.contains(w))
    };
    let missed = at_clause.find("nhưng ").is_some_and(|i| {
        let after = &at_clause[i + "nhưng ".len()..];
        let told_now = ["đến nay", "hiện nay", "tới nay", "vẫn chưa", "hiện vẫn"]
            .iter()
            .any(|w| after.contains(w));
        told_now && undone(after) && !has_duty_word(after)
    });
    // The period of the overdue tasks: "được giao" before it with nothing but periods
    // between, "chưa hoàn thành" after it in its clause.
    static ASSIGNED_IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"được giao\s+(?:(?:trong|vào|từ|của|các|và|quý|tháng|năm|[ivx]+|\d+|[/,\-])\s*)*$",
        )
        .expect("regex")
    });
    let overdue = ASSIGNED_IN.is_match(last_chars(head, 60)) && undone(at_clause);
    if missed || overdue {
        return Some("a deadline told as missed or overdue (… nhưng đến nay chưa hoàn thành)");
    }
    // Class: a period a past act is told of ("Bộ trưởng đã chia sẻ về kết quả … trong năm
    // 2024 và quý I/2025"): the act's clause says "đã" and no word of duty.
    let since_comma = &clause[clause.rfind(',').map_or(0, |i| i + 1)..];
    let past = format!(" {since_comma} ");
    let duty_here = has_duty_word(since_comma);
    if period && !duty_here && past.contains(" đã ") && !past.contains(" đã được ") {
        return Some("a period a past act is told of (… đã … quý I/2025), not a deadline");
    }
    // Class: the period a count of occurrences is told in ("Đây là lần đầu tiên trong năm
    // 2024 Sở có văn bản …", "lần thứ ba trong tháng 5"): how often, not a deadline.
    static COUNTED_IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"lần\s+(?:đầu(?:\s+tiên)?|thứ\s+\S+|cuối(?:\s+cùng)?)\s+(?:trong|của)\s*$")
            .expect("regex")
    });
    let lead = ["trong", "của"]
        .into_iter()
        .find(|w| at.starts_with(w))
        .unwrap_or("");
    if COUNTED_IN.is_match(&format!("{}{lead}", last_chars(head, 30))) {
        return Some("the period a count of occurrences is told in (lần đầu tiên trong năm …)");
    }
    // Class: the cut-off of figures ("Số liệu tính đến ngày 30/6", "tình hình thiệt hại tính
    // đến 17 giờ 00, ngày 4/11"): what the figures count up to, not a deadline. Matched
    // without diacritics, which OCR text often loses ("tinh đên 17 giơ 00, ngay").
    static CUT_OFF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\btinh den(?:\s+het)?(?:\s+\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?(?:\s*phut)?)?[\s,]*(?:ngay\s*)?$")
            .expect("regex")
    });
    if CUT_OFF.is_match(&fold(last_chars(head, 40))) {
        return Some("the cut-off of figures (tính đến ngày …), not a deadline");
    }
    // Class: a day opening the clause of an act a news item reports ("Ngày 19/10, báo X có bài
    // viết …", "Sau cuộc làm việc, ngày 23/8, Sở nhận được Thông báo …", "Ngày 5/3, Sở đã
    // ký …"): the day it happened. The act is past (đã, vừa, nhận được, có bài viết, đăng)
    // and its clause holds no word of duty; a day opening a clause that asks ("Ngày 20/3, các
    // trường gửi báo cáo") stays.
    let day = at.strip_prefix("ngày").unwrap_or(at);
    // Also the days of a window that opens the clause ("Trong hai ngày 13-14/10/2020, Phòng
    // … đã tổ chức duyệt kế hoạch …"): the days the act took place.
    static WINDOW_OPENS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^trong\s+(?:hai|ba|các|những|\d+)\s+ngày(?:\s+\d{1,2}\s*[-–]\s*)?$")
            .expect("regex")
    });
    let opens_clause = since_comma.trim() == "ngày"
        || (since_comma.trim().is_empty() && day.len() < at.len())
        || WINDOW_OPENS.is_match(since_comma.trim());
    let after = day
        .find(',')
        .filter(|&i| day[..i].chars().all(|c| !c.is_alphabetic()))
        .map(|i| &day[i..]);
    if let (true, Some(after)) = (opens_clause, after) {
        let act = &after[..after.find(['.', ':', ';']).unwrap_or(after.len())];
        let act_padded = format!(" {act} ");
        let past = [
            " đã ",
            " vừa ",
            "nhận được",
            "có bài viết",
            "đăng tải",
            " đăng ",
        ]
        .iter()
        .any(|w| act_padded.contains(w));
        if past && !has_duty_word(act) {
            return Some("the day an act a news item reports took place (Ngày 19/10, … đã …)");
        }
        // "Ngày 15/7, UBND tỉnh ban hành Văn bản số 123/UBND-VX đôn đốc … phải hoàn thành …":
        // a numbered document is issued (a number is given on issue), so the day is the day
        // it was; the duty words after it tell the document's content.
        static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^,\s*[^,.;:]{2,60}?\s(?:ban hành|có|ký|gửi)\s+(?:văn bản|công văn|quyết định|kế hoạch|chỉ thị|thông báo|hướng dẫn|công điện|tờ trình|nghị quyết)\s+số\s+\d")
                .expect("regex")
        });
        if ISSUED.is_match(after) {
            return Some(
                "the day a numbered document was issued (Ngày 15/7, … ban hành Văn bản số …)",
            );
        }
    }
    // Class: a forecast in a speaker's quoted words ("… sẽ có đề án, tinh thần là xong trong
    // tháng 8”, ông Việt cho biết."): the reporter quotes an expectation, not an assignment.
    // The quoted words hold no word of duty and say "sẽ" or "dự kiến".
    static QUOTE_TOLD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[^"“”]*["”]\s*,\s*(?:ông|bà|anh|chị|đồng chí|thứ trưởng|bộ trưởng|chủ tịch|giám đốc|phó)[^.,;"“”]{0,40}?(?:cho biết|nói|chia sẻ|thông tin)"#)
            .expect("regex")
    });
    if QUOTE_TOLD.is_match(at) {
        let quoted = &head[head.rfind(['"', '“']).map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        })..];
        let said = &at[..at.find(['"', '”']).unwrap_or(at.len())];
        let words = format!(" {quoted}{said} ");
        if (words.contains(" sẽ ") || words.contains("dự kiến")) && !has_duty_word(&words) {
            return Some("a forecast in a speaker's quoted words (“… sẽ …”, ông X cho biết)");
        }
    }
    // Class: the period a practice applies from ("Theo đó, từ quý III năm 2021, các sở …
    // thực hiện báo cáo theo 02 phương thức", "từ năm 2025, các trường áp dụng …"): a start,
    // not a deadline. A span from now (từ nay đến …) is handled above; the end of a span
    // ("từ quý I đến hết quý III/2024") is not preceded by "từ".
    let h = head.trim_end();
    if period && (h.ends_with(" từ") || h == "từ") {
        return Some("the period a practice applies from (từ quý III năm 2021, …), a start");
    }
    None
}

/// A line holding a date and nothing else but a clock time ("(09/10/2020)", "8:56:0,
/// 08/08/2014", "09:28 - 12/07/2022"): a news page's date.
pub(super) fn page_date(low: &str) -> bool {
    static ONLY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\s(\[]*(?:\d{1,2}:\d{1,2}(?::\d{1,2})?[\s,\-–]*)?(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}[\s,\-–]*(?:\d{1,2}:\d{1,2}(?::\d{1,2})?)?[\s)\].,]*$")
            .expect("regex")
    });
    ONLY.is_match(low)
}

#[cfg(test)]
mod tests {
    use crate::draft::phrases::{scan, What};

    fn kept(s: &str, year: i32) -> usize {
        scan(s, Some(year))
            .iter()
            .filter(|f| matches!(f.what, What::Rule(_)))
            .count()
    }

    /// "cần" in a place's name is no word of duty; "cần" before a verb is (phrases written for
    /// this test).
    #[test]
    fn a_place_named_cần_is_no_word_of_duty() {
        use super::has_duty_word;
        assert!(!has_duty_word(
            "ubnd thành phố cần thơ tổ chức hội nghị ngày 10/12/2025"
        ));
        assert!(!has_duty_word("xã cần giờ và xã cần giuộc"));
        assert!(has_duty_word(
            "các đơn vị cần hoàn thành trước ngày 10/12/2025"
        ));
        assert!(has_duty_word(
            "thành phố cần thơ cần báo cáo trước ngày 10/12/2025"
        ));
        assert!(!has_duty_word("sở giao thông vận tải"));
        assert!(has_duty_word("giao sở tài chính chủ trì"));
    }

    /// The time left until a date is no deadline; a deadline before a count left, or a count
    /// of bodies still late, stays (sentences written for this test).
    #[test]
    fn the_time_left_until_a_date_is_no_deadline() {
        for s in [
            "Từ nay đến ngày 30 tháng 6 năm 2026 chỉ còn 02 tháng, thời gian rất gấp, để bảo đảm tiến độ.",
            "Thời gian đến ngày 02 tháng 9 năm 2026 còn rất ít, để chuẩn bị tốt nhất cho sự kiện.",
            "Từ nay đến hết năm 2026 chỉ còn gần 3 tháng, một số dự án còn khối lượng lớn.",
            "Từ nay tới ngày 15/10/2026 chỉ còn khoảng 20 ngày.",
        ] {
            assert_eq!(kept(s, 2026), 0, "{s}");
        }
        for s in [
            "Các sở hoàn thành trước ngày 30/6/2026, còn 10 ngày để rà soát lại hồ sơ.",
            "Đề nghị các xã báo cáo đến ngày 15/10/2026.",
            "Các đơn vị hoàn thành trước ngày 30/6/2026; còn lại thực hiện trong quý III.",
        ] {
            assert!(kept(s, 2026) >= 1, "{s}");
        }
    }

    /// Sentences written for this test: each names a date that is no assignment.
    #[test]
    fn dates_told_that_assign_nothing() {
        for s in [
            "(12/03/2024)",
            "7:15:0, 21/05/2023",
            "10:20 - 04/09/2022",
            "Chiều nay 14/3/2024, Giám đốc Sở Y tế đã ký công văn gửi các bệnh viện.",
            "Sáng ngày 2/4/2024, đoàn công tác đã làm việc với huyện.",
            "Sở đề xuất cho học sinh tiếp tục nghỉ học đến ngày 20/2/2024 để phòng dịch.",
            "Sở đề nghị các trường tiếp tục cho học sinh nghỉ học đến ngày 20/2/2024.",
            "Các chợ tạm dừng hoạt động đến hết ngày 30/4/2024.",
            "Dự kiến, chúng ta sẽ hoàn thành việc sáp nhập trước ngày 15/7/2024.",
            "Dự kiến hoàn thành việc cấp đổi giấy tờ trước ngày 31/10/2024.",
            "Dự kiến từ ngày 10.7 đến 17h ngày 25.7.2024, thí sinh đăng ký nguyện vọng xét tuyển.",
            "Giám đốc Sở Nội vụ: Dự kiến hoàn thành việc sắp xếp các thôn trước ngày 30/9/2024.",
            "Lộ trình xây dựng xã nông thôn mới giai đoạn năm 2024 đến năm 2025 được quy định như thế nào?",
            "Hạn nộp hồ sơ xét tặng danh hiệu trước ngày 15/10/2024 được tính ra sao?",
            "Hạn nộp hồ sơ xét tặng danh hiệu trước ngày 15.10.2024 được tính ra sao?",
            "Thời gian: Dự kiến ngày 12/10/2024.",
            "Thứ trưởng cho biết chúng tôi cũng sẽ hoàn thành đề án trước ngày 20/9/2024.",
            "Hội nghị thống nhất 5 nhóm giải pháp từ nay đến hết năm 2024.",
            "Tại buổi làm việc, lãnh đạo Sở đã báo cáo về kết quả công tác trong quý II/2024.",
            "PHÁT TRIỂN HẠ TẦNG SỐ TỈNH ĐẾN NĂM 2025 (Kèm theo Kế hoạch số /KH-UBND)",
            "Tuy nhiên, đến ngày 25/9/2024 Sở vẫn chưa nhận được hồ sơ của các xã.",
            "Tuy nhiên, đến nay (25/9/2024), Sở vẫn chưa nhận được hồ sơ của các xã.",
            "Tính đến nay (ngày 5/3/2024), các huyện đã gửi báo cáo về Sở.",
            "Tính đến ngày 5/3/2024, mới có 4 huyện gửi báo cáo về Sở.",
            "Tuy nhiên, đến ngày 25/9/2024, Sở vẫn chưa nhận được hồ sơ của các xã.",
            "Đến thời điểm 20/11/2024, Cục mới chỉ nhận được báo cáo của 3 tỉnh.",
            "Tuy nhiên tới ngày 25/9/2024, Sở Y tế TP. Huế vẫn chưa nhận được hồ sơ của các xã.",
            "Tuy nhiên, đến ngày 25/9/2024, Sở Giao dịch vẫn chưa nhận được báo cáo của các công ty.",
            "Hôm qua 14/3, Sở Y tế đã ký công văn gửi các bệnh viện.",
            "Được biết, năm trước các trường kết thúc học kỳ I trước ngày 15/1/2024.",
            "Theo kế hoạch, việc số hóa hồ sơ phải xong trước ngày 15-4-2024, nhưng đến nay huyện vẫn chưa hoàn thành.",
            "Thời gian từ nay đến cuối năm 2024 không còn nhiều, Bộ đề nghị các tỉnh khẩn trương hoàn thiện đề án.",
            "Sở đề nghị các huyện rà soát, lưu ý các nhiệm vụ được giao trong quý I, quý II năm 2024 chưa hoàn thành.",
            "Trên đây là Kế hoạch kiểm tra công tác phòng cháy trên địa bàn huyện năm 2024.",
            "Trên đây là Kế hoạch giám sát trên địa bàn tỉnh năm 2024. Quá trình thực hiện, đề nghị các đơn vị phản ánh về Sở.",
            "**Trên đây là thông tin về \"Lịch tiếp công dân ngày 15/3/2024 của UBND tỉnh\"**",
            "Theo dự báo của Đài Khí tượng, ngày 12 và 13/10/2024, trong tỉnh còn có mưa to.",
            "Theo dự báo, nắng nóng còn kéo dài trong tháng 6 năm 2024.",
            // Fractions, not dates.
            "Mức phạt tiền đối với cá nhân bằng 1/2 mức phạt tiền đối với tổ chức.",
            "Mức phạt đối với hộ kinh doanh bằng 1/3 (một phần ba) mức phạt của doanh nghiệp.",
            "Thời gian họp trù bị của chi bộ không quá 1/2 ngày.",
            "Phương án được chọn khi có từ 2/3 số thành viên tán thành.",
            "Người vi phạm lần đầu bị phạt bằng 1/2.",
        ] {
            assert_eq!(kept(s, 2024), 0, "{s}");
        }
    }

    /// Deadlines beside such words stay (written for this test).
    #[test]
    fn deadlines_stay() {
        for s in [
            "Theo dự báo, mưa lớn kéo dài, yêu cầu các xã báo cáo thiệt hại trước ngày 15/10/2024.",
            "Các trường báo cáo về Sở trước 17 giờ chiều ngày 15/3/2024.",
            "UBND tỉnh yêu cầu các huyện cho học sinh nghỉ học và báo cáo đến ngày 20/2/2024.",
            "Sở Tài chính dự kiến cơ cấu nguồn vốn và gửi Sở Kế hoạch trước ngày 10/5/2024.",
            // A question a duty asks to be answered, after its colon.
            "Trước ngày 18/10/2024, các xã phải báo cáo một số nội dung: Có phát sinh hộ nghèo mới không?",
            // A timetable row whose time after its colon is expected.
            "Các trường công bố danh sách trúng tuyển đợt 1: dự kiến trước 17 giờ ngày 20/8/2024.",
            "Học sinh nộp đơn xin phúc khảo bài thi: dự kiến từ ngày 5/7 đến 17 giờ ngày 9/7/2024.",
            "Các xã đã được giao nhiệm vụ hoàn thành trong quý III/2024.",
            "Kế hoạch đã ban hành, đề nghị các sở báo cáo kết quả trong quý II/2024.",
            "Chủ tịch UBND tỉnh chỉ đạo các sở hoàn thành trước ngày 30/6/2024.",
            "Từ nay đến ngày 31/12/2024, các trường phải hoàn thành kiểm định.",
            "Từ nay đến hết năm 2024, các xã phải hoàn thành việc cấp sổ.",
            "Từ nay đến cuối tháng 5/2024, các chi bộ sẽ hoàn thành việc kiểm điểm.",
            // Near-misses: a day the clause asks for, and one a condition names.
            "Đến ngày 30/9/2024, các xã phải gửi báo cáo về Sở.",
            "Tuy nhiên, đến ngày 30/9/2024, các xã phải gửi báo cáo về Sở.",
            "Đến thời điểm 30/9/2024, các xã hoàn thành việc cấp sổ.",
            "Tới ngày 30/9/2024, các xã phải gửi báo cáo về Sở.",
            "Các xã gửi hồ sơ trước hôm 30/9/2024.",
            // A closing formula that goes on to ask keeps its deadline.
            "Trên đây là Kế hoạch kiểm tra, đề nghị các xã báo cáo kết quả trước ngày 15/11/2024.",
            "Trên đây là Kế hoạch kiểm tra năm 2024, các xã báo cáo kết quả về UBND huyện trước ngày 15/11/2024.",
            // Near-misses of a fraction: a day and month before a clause, or after "ngày".
            "Các xã báo cáo số liệu đến hết ngày 1/2 cho Sở.",
            "Chậm nhất 1/3 các huyện phải gửi danh sách về Sở.",
            "Các đơn vị gửi hồ sơ đến ngày 20/10/2024, sau thời hạn này Sở chưa nhận.",
            // Background that asks: a word of duty keeps the deadline.
            "Được biết, UBND tỉnh yêu cầu các sở báo cáo trước ngày 15/1/2024.",
            // Near-misses: tasks still undone given a new deadline, and a contrast that
            // is no lateness.
            "Các nhiệm vụ chưa hoàn thành phải xong trước ngày 30/6/2024.",
            "Các xã gửi báo cáo trước ngày 10/5/2024, nhưng phải bảo đảm số liệu chính xác.",
            // An expected day with its limit in brackets: the limit stays, the expected day
            // does not.
            "- Thời gian: Dự kiến ngày 02/12/2024 (Chậm nhất ngày 09/12/2024 - 60 ngày trước ngày bầu cử).",
        ] {
            assert_eq!(kept(s, 2024), 1, "{s}");
        }
    }

    /// Sentences written for this test: a day of a reported act, a count's period, a cut-off
    /// of figures (also with the diacritics an OCR text loses), a quoted forecast and the
    /// period a practice applies from assign nothing; the near-misses beside each stay.
    #[test]
    fn acts_counts_cut_offs_forecasts_and_starts_assign_nothing() {
        for s in [
            "Ngày 12.3, Báo Lao Động có bài viết phản ánh tình trạng lấn chiếm vỉa hè.",
            "Sau buổi kiểm tra, ngày 14-5-2024, Sở Xây dựng đã nhận được văn bản của huyện.",
            "Ngày 2/4/2024, UBND huyện vừa ban hành quyết định thành lập tổ công tác.",
            "Trong hai ngày 11-12/3/2024, Sở Giáo dục đã tổ chức kiểm tra các trường.",
            "Ngày 16/8/2024, UBND tỉnh ban hành Công văn số 812/UBND-VX yêu cầu các sở phải hoàn thành kiểm kê.",
            "Ngày 3/9/2024, Sở Y tế có văn bản số 45/SYT đề nghị các bệnh viện báo cáo.",
            "Đây là lần thứ ba trong năm 2024 Sở có văn bản nhắc nhở các đơn vị.",
            "Đây là lần đầu tiên trong tháng 5 huyện tổ chức kiểm tra đột xuất.",
            "Số liệu trong báo cáo tính đến ngày 30/6/2024.",
            "Thiệt hại được tổng hợp tính đến 16 giờ 30, ngày 12/10/2024.",
            "Thiêt hai tinh đên 17 giơ 00, ngay 12/10/2024 như sau.",
            "“Sau đó, hai huyện sẽ trình đề án, phấn đấu xong trong tháng 9”, ông Hùng cho biết.",
            "Theo đó, từ quý IV năm 2024, các huyện thực hiện báo cáo qua phần mềm.",
            "Từ năm 2025, các trường áp dụng sổ điểm điện tử.",
        ] {
            assert_eq!(kept(s, 2024), 0, "{s}");
        }
        for s in [
            // A day that asks for a document, unnumbered, keeps its deadline.
            "Ngày 20/9/2024, các huyện phải gửi văn bản đề xuất về Sở.",
            // A reported act that asks keeps its deadline.
            "Ngày 15/4/2024, UBND tỉnh đã yêu cầu các sở báo cáo trước ngày 30/4/2024.",
            // A count is no period when the phrase is a deadline.
            "Các xã báo cáo lần thứ hai trước ngày 15/8/2024.",
            // Figures counted up to one day, sent by another.
            "Các huyện gửi số liệu tính đến ngày 30/6/2024 về Sở trước ngày 10/7/2024.",
            // Quoted words that assign.
            "“Các sở phải hoàn thành trước ngày 30/9/2024”, ông Hùng cho biết.",
            // The end of a span, not its start.
            "Các xã hoàn thành việc rà soát từ nay đến ngày 30/9/2024.",
        ] {
            assert_eq!(kept(s, 2024), 1, "{s}");
        }
    }

    /// A six-monthly report due ten days after each period ends: one rule, the count.
    #[test]
    fn a_period_counted_from_its_end_is_one_duty() {
        let s = "Định kỳ 6 tháng, các hợp tác xã gửi báo cáo về Sở Công Thương chậm nhất là 15 ngày kể từ khi kết thúc kỳ báo cáo.";
        let rules: Vec<_> = scan(s, Some(2024))
            .into_iter()
            .filter_map(|f| match f.what {
                What::Rule(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert!(matches!(
            rules[0],
            crate::domain::rule::RuleSpec::AfterEvent { days: 15, .. }
        ));
    }

    /// A body's own plan told with "dự kiến" as its verb and a period without a day assigns
    /// nothing; a word of duty in the sentence, or a day, keeps the deadline (sentences
    /// written for this test).
    #[test]
    fn a_bodys_expected_act_in_a_period_assigns_nothing() {
        for s in [
            "Theo lịch công tác, Sở Tư pháp dự kiến trình UBND tỉnh dự thảo quy định trong quý IV/2024.",
            "Ban tổ chức dự kiến trao giải vào cuối tháng 8/2024.",
            "Sở dự kiến chọn đơn vị tư vấn vào tháng 5/2024; lấy ý kiến vào tháng 8/2024; trình UBND tỉnh vào tháng 11/2024.",
        ] {
            assert_eq!(kept(s, 2024), 0, "{s}");
        }
        for s in [
            "Sở dự kiến trình UBND tỉnh trong quý IV/2024, đề nghị các huyện góp ý trước đó.",
            "Các huyện phải gửi số liệu dự kiến trong quý IV/2024.",
            "Ban tổ chức dự kiến trao giải trước ngày 25/8/2024.",
        ] {
            assert_eq!(kept(s, 2024), 1, "{s}");
        }
    }

    /// A habit a reader tells in the first person assigns nothing; an ask in the first person,
    /// or a duty in the same column's answer, stays (sentences written for this test).
    #[test]
    fn a_habit_told_in_the_first_person_assigns_nothing() {
        for s in [
            "Bạn đọc hỏi: Hằng năm doanh nghiệp chúng tôi đều nộp báo cáo giám sát môi trường trước ngày 10/1/2024.",
            "Hằng tháng tôi vẫn gửi báo cáo thuế trước ngày 20/3/2024, như vậy có đúng không?",
        ] {
            assert_eq!(kept(s, 2024), 0, "{s}");
        }
        for s in [
            "Chúng tôi đề nghị các đơn vị gửi báo cáo trước ngày 10/1/2024.",
            "Trả lời: Doanh nghiệp phải nộp báo cáo trước ngày 31/1/2024.",
            "Tôi yêu cầu các phòng vẫn gửi báo cáo trước ngày 20/3/2024.",
        ] {
            assert_eq!(kept(s, 2024), 1, "{s}");
        }
    }
    /// The text's own date line and its page's stamps are no deadline; a day after a place in
    /// a sentence, or after an acronym that is a body's, is read as the sentence says
    /// (sentences written for this test; the day is the text's first full or bare date).
    #[test]
    fn the_texts_own_date_and_stamps() {
        for (s, day, own) in [
            ("Phường 5, ngày 12 tháng 3 năm 2024", "ngày 12 tháng 3 năm 2024", true),
            ("ỦY BAN NHÂN DÂN XÃ AN BÌNH * Số 12/KH-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM An Bình, ngày 12 tháng 3 năm 2024 KẾ HOẠCH phòng chống lụt bão", "ngày 12 tháng 3 năm 2024", true),
            ("Hà Nội (TTXVN 12/3/2024) Ngày 11/3/2024, Chủ tịch UBND thành phố đã ký công điện.", "12/3/2024", true),
            ("Theo VNA 12/3/2024", "12/3/2024", true),
            ("Số 210 (ngày 12/3/2024)", "12/3/2024", true),
            ("Cập nhật lần cuối bởi admin vào lúc 10:05:12 ngày 12/03/2024", "12/03/2024", true),
            ("Hồ sơ gửi về Sở Nội vụ tỉnh An Bình, ngày 12 tháng 3 năm 2024 là hạn cuối.", "ngày 12 tháng 3 năm 2024", false),
            ("Các xã gửi báo cáo về Ủy ban nhân dân tỉnh An Bình, ngày 12 tháng 3 năm 2024.", "ngày 12 tháng 3 năm 2024", false),
            ("Thời hạn: Phòng Nội vụ, ngày 12 tháng 3 năm 2024 và các xã, ngày 15 tháng 3 năm 2024.", "ngày 12 tháng 3 năm 2024", false),
            ("Các trường gửi báo cáo về Sở GDĐT 12/3/2024.", "12/3/2024", false),
            ("Các xã báo cáo số liệu theo Mẫu số 2 (12/3/2024).", "12/3/2024", false),
        ] {
            let start = s.find(day).expect("day");
            assert_eq!(
                super::own_date_or_stamp(s, start, start + day.len()),
                own,
                "{s}"
            );
        }
    }
}

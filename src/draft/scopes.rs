//! Spans a sentence names beside its duties that bound something else than a duty: the days a meeting or a holiday takes, days off granted, a period an act is held off for, the span a relief runs to, changes counted up to a day, figures done and forecast, the public's window to comment, the days a body takes comments in, a labelled start, the labelled time of an event, the cap on an extension.

use std::sync::LazyLock;

use crate::domain::rule::RuleSpec;
use regex::Regex;

/// Acts that, written between a span's word and its date, make the date theirs (a deadline).
const ACTS: [&str; 7] = [
    "báo cáo",
    "gửi",
    "nộp",
    "hoàn thành",
    "trình",
    "đăng ký",
    "hoàn thiện",
];

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    let from = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[from..]
}

/// `text` names an act, as whole words ("chương trình", "công trình" are no "trình").
pub(super) fn has_act(text: &str) -> bool {
    let mut spaced = format!(" {} ", text.replace(|c: char| !c.is_alphanumeric(), " "));
    for noun in [
        "chương trình",
        "công trình",
        "quy trình",
        "lộ trình",
        "tờ trình",
    ] {
        spaced = spaced.replace(noun, " ");
    }
    ACTS.iter().any(|a| spaced.contains(&format!(" {a} ")))
}

/// `words` has a word in `near` with no act written after it.
fn word_then_no_act(near: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        near.rfind(w)
            .is_some_and(|i| !has_act(&near[i + w.len()..]))
    })
}

/// Why the rule at `start..end` of `low` (a lowercased sentence) bounds no duty, if it does not.
pub(super) fn why_scope(
    low: &str,
    start: usize,
    end: usize,
    rule: &RuleSpec,
) -> Option<&'static str> {
    let head = &low[..start];
    let at = &low[start..end];
    let after = low[end..].trim_start();
    // The sentence up to the phrase, and its clause (from the last comma, stop or semicolon).
    let sentence = &head[head.rfind(['.', ';']).map_or(0, |i| i + 1)..];
    let clause = &sentence[sentence.rfind([',', ':', '(']).map_or(0, |i| i + 1)..];
    // A weekday between the range word and the day ("nghỉ Tết từ thứ Bảy ngày 14/2/2026 đến
    // hết Chủ nhật ngày 22/2/2026", the way holiday notices print each end) and "đến hết" are
    // still the range's ends.
    let mut bare = head.trim_end();
    for w in [
        "ngày",
        "thứ hai",
        "thứ ba",
        "thứ tư",
        "thứ năm",
        "thứ sáu",
        "thứ bảy",
        "chủ nhật",
        "hết",
    ] {
        if let Some(b) = bare.strip_suffix(w) {
            bare = b.trim_end();
        }
    }
    let in_range = at.starts_with("từ")
        || at.starts_with("đến")
        || bare.ends_with("đến")
        || bare.ends_with("từ")
        || after.starts_with("đến");
    // Class: the days a meeting, a holiday or a working period takes ("phiên họp giao ban được
    // bố trí từ ngày 5 đến ngày 7 hằng tháng", "làm việc trong suốt kỳ nghỉ lễ 30/8 đến 3/9"):
    // an event's time, nobody's deadline, unless the clause has an act ("đăng ký dự hội nghị
    // từ ngày … đến ngày …").
    const STAYS: [&str; 10] = [
        "nghỉ lễ",
        "nghỉ tết",
        "kỳ nghỉ",
        "trong suốt",
        "khoảng thời gian",
        "phiên họp",
        "cuộc họp",
        "hội nghị",
        "giao ban",
        "diễn ra",
    ];
    // A range in brackets after its holiday ("Nghỉ tết Âm lịch: nghỉ 05 ngày (từ thứ Hai ngày
    // 16/02 … đến hết thứ Sáu ngày 20/02)") takes the holiday named before the bracket.
    let bracketed = sentence
        .rfind([',', ':', '('])
        .is_some_and(|i| sentence[i..].starts_with('('));
    let named = |w: &&str| clause.contains(*w) || bracketed && sentence.contains(*w);
    if in_range && STAYS.iter().any(named) && !has_act(clause) {
        return Some("the days a meeting, holiday or working period takes, not a deadline");
    }
    // Also days off granted ("học sinh được nghỉ từ ngày 13/2 (tức 26 tháng Chạp) đến hết
    // ngày 23/2", "cán bộ được nghỉ bù đến hết ngày …"): a holiday's span, the whole sentence
    // naming no act.
    if in_range
        && ["được nghỉ", "nghỉ học"]
            .iter()
            .any(|w| sentence.contains(w))
        && !has_act(sentence)
    {
        return Some("the days off a holiday grants, not a deadline");
    }
    // Also one day off named right after the word for it ("Dịp lễ Quốc khánh: nghỉ thứ Tư
    // ngày 02/9/2026 …", "được nghỉ 1 ngày 1/1/2026", "lựa chọn nghỉ 01 trong 02 ngày: thứ Ba
    // ngày 01/9/2026 hoặc thứ Năm ngày 03/9/2026"): the day off, nobody's deadline.
    static DAY_OFF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"nghỉ(?:\s+bù)?(?:\s+\d{1,2}\s+ngày)?(?:\s+\d{1,2}\s+trong\s+\d{1,2}\s+ngày\s*:)?(?:\s+(?:thứ \S+|chủ nhật))?(?:\s+ngày)?$")
            .expect("regex")
    });
    if (DAY_OFF.is_match(bare) || DAY_OFF.is_match(head.trim_end())) && !has_act(clause) {
        return Some("a day off named after the word for it (nghỉ thứ Tư ngày …), not a deadline");
    }
    // Also the days of a holiday's calendar, as holiday notices and the Labour Code's list of
    // holidays write them: a day marked by its calendar ("Quốc khánh: nghỉ 02 ngày, gồm ngày
    // 02/9/2026 Dương lịch và …", "Tết Dương lịch: 01 ngày (ngày 01 tháng 01 dương lịch)") and a
    // working day swapped for a day off ("hoán đổi ngày làm việc từ thứ Hai ngày 31/8/2026 sang
    // thứ Bảy ngày 22/8/2026", "làm bù vào thứ Bảy ngày …"): nobody's deadline, unless the
    // phrase is a deadline's ("trước ngày …") or the clause names an act.
    let calendar_day = after.starts_with("dương lịch") || after.starts_with("âm lịch");
    let swapped = ["hoán đổi", "làm bù"].iter().any(|w| sentence.contains(w));
    let deadline = super::phrases::opens_on_deadline(at);
    if (calendar_day || swapped) && !deadline && !has_act(clause) {
        return Some("a day of a holiday's calendar (ngày 02/9 Dương lịch, a swapped working day), not a deadline");
    }
    let period = matches!(
        rule,
        RuleSpec::EndOfQuarter { .. } | RuleSpec::EndOfMonth { .. } | RuleSpec::EndOfYear { .. }
    );
    // Class: a period an act is held off or ruled out for ("chưa thực hiện tăng học phí trong
    // quý III và quý IV năm 2024", "xem xét không tổ chức thanh tra định kỳ trong năm 2024"): a
    // suspension's span, not a deadline.
    const HELD_OFF: [&str; 9] = [
        "chưa thực hiện",
        "chưa điều chỉnh",
        "chưa tăng",
        "không tổ chức",
        "không thực hiện",
        "không thu",
        "không áp dụng",
        "tạm dừng",
        "tạm hoãn",
    ];
    if period && word_then_no_act(clause, &HELD_OFF) {
        return Some("a period an act is held off for (chưa / không …), not a deadline");
    }
    // Class: the span a relief runs to ("đề xuất miễn phí tham quan cho khách đến hết năm
    // 2024", "giảm lệ phí đến hết ngày 31/12"): how long a measure lasts.
    const RELIEFS: [&str; 3] = ["miễn", "giảm", "gia hạn"];
    if at.starts_with("đến") && word_then_no_act(clause, &RELIEFS) {
        return Some("the span a relief runs to (miễn / giảm … đến hết …), not a deadline");
    }
    // Class: changes counted up to a day ("phải cập nhật cả các biến động đến ngày 31 tháng
    // 12", "số thuế phát sinh đến ngày 30/6"): the data's cut-off, not when they are due.
    if (at.starts_with("đến") || head.trim_end().ends_with("đến"))
        && word_then_no_act(tail(clause, 60), &["biến động", "phát sinh"])
    {
        return Some("changes counted up to a day (biến động … đến ngày), not a deadline");
    }
    // Class: figures reported as done up to a day and as forecast beyond it ("tình hình giải
    // ngân đến hết tháng 4, dự kiến đến hết tháng 6 và ước cả năm", "số liệu ước thực hiện
    // đến ngày 31/12"): the periods the figures cover, not when they are due.
    if at.starts_with("đến") {
        let before = tail(head, 24).trim_end();
        let forecast = ["dự kiến", "ước", "ước thực hiện", "ước tính", "ước đạt"]
            .iter()
            .any(|w| before.ends_with(&format!(" {w}")) || before == *w);
        let then_forecast = [", dự kiến", ", ước", "và ước", "và dự kiến"]
            .iter()
            .any(|w| after.starts_with(w));
        if forecast || then_forecast {
            return Some("figures done up to a day and forecast beyond it, not a deadline");
        }
    }
    // Class: the public invited to comment ("Mọi ý kiến góp ý của người dân gửi về Sở … trước
    // ngày …"): an optional window, nobody's duty.
    // (The whole text before the phrase: an address may hold a stop, "TP.Quảng Ngãi".)
    if head.contains("ý kiến")
        && [
            "của nhân dân",
            "của người dân",
            "nhân dân góp ý",
            "người dân góp ý",
            // Anyone at all: "của (các / mọi) tổ chức, cá nhân", "của tổ chức, công dân"; a
            // list of named bodies ("của các cơ quan, tổ chức, cá nhân liên quan") is asked.
            "của tổ chức, cá nhân",
            "của các tổ chức, cá nhân",
            "của mọi tổ chức, cá nhân",
            "của tổ chức, công dân",
            "của công dân",
        ]
        .iter()
        .any(|w| head.contains(w))
    {
        return Some("the public's window to comment, not a duty");
    }
    // Class: the days a body takes comments in ("Thời gian nhận ý kiến đóng góp đến hết ngày
    // …", "Văn phòng tiếp nhận ý kiến đến ngày …"): the receiver's window, nobody's duty,
    // unless an act follows ("tiếp nhận ý kiến, tổng hợp báo cáo UBND tỉnh trước ngày …").
    if (at.starts_with("đến") || at.starts_with("trước") || head.trim_end().ends_with("đến"))
        && word_then_no_act(clause, &["nhận ý kiến"])
    {
        return Some("the days a body takes comments in (nhận ý kiến … đến), not a duty");
    }
    // Class: a labelled start ("Ngày bắt đầu lấy ý kiến: 05/02/2024", "Thời gian bắt đầu:
    // …"): when something opens.
    let labelled = sentence.trim_end().strip_suffix(':').unwrap_or_default();
    let label = &labelled[labelled.rfind(',').map_or(0, |i| i + 1)..];
    // The label may follow a title on the same line ("Dự thảo Thông tư … Ngày bắt đầu lấy ý
    // kiến: …"): what follows its words is short and names no act.
    if ["ngày bắt đầu", "thời gian bắt đầu", "thời điểm bắt đầu"]
        .iter()
        .any(|w| {
            label
                .rfind(w)
                .is_some_and(|i| label[i..].chars().count() < 40 && !has_act(&label[i..]))
        })
    {
        return Some("a labelled start (Ngày bắt đầu …:), not a deadline");
    }
    // Class: the labelled time of an event, given as days ("Thời gian di dời: ngày 17 và ngày
    // 18/11", "Thời gian hoạt động trở lại: ngày 20/11"): when it happens; a label naming work
    // to do ("Thời gian thực hiện:", "Thời gian nộp hồ sơ:") or a deadline word keeps it.
    if let Some(k) = sentence.find(':') {
        let label = sentence[..k].trim_start_matches(|c: char| !c.is_alphanumeric());
        let filler = sentence[k + 1..]
            .replace("ngày", " ")
            .replace("và", " ")
            .replace(|c: char| c.is_ascii_digit() || ",-–/. ".contains(c), "");
        let what = label
            .strip_prefix("thời gian ")
            .or_else(|| label.strip_prefix("thời điểm "));
        const WORK: [&str; 8] = [
            "thực hiện",
            "triển khai",
            "tiến hành",
            "hoàn thành",
            "báo cáo",
            "tổ chức",
            "kiểm tra",
            "tiếp nhận",
        ];
        if let Some(what) = what {
            if filler.is_empty()
                && (at.starts_with("ngày") || at.starts_with(|c: char| c.is_ascii_digit()))
                && (1..=5).contains(&what.split_whitespace().count())
                && !has_act(what)
                && !WORK.iter().any(|w| what.contains(w))
            {
                return Some(
                    "the labelled time of an event (Thời gian di dời: ngày X), not a deadline",
                );
            }
        }
    }
    // Class: the cap on an extension a rule allows ("đối với vụ việc phức tạp thì thời hạn giải
    // quyết có thể kéo dài hơn nhưng không quá 45 ngày, kể từ …", "được gia hạn một lần nhưng
    // không quá 30 ngày"): how far a permission reaches, no duty of its own; the limit the
    // rule sets before it stays. An outer cap with no extension ("… kể từ ngày ký nhưng không
    // quá 90 ngày, kể từ ngày kết thúc năm") is a limit of its own.
    let after_but = head.trim_end().ends_with("nhưng") || at.starts_with("nhưng");
    if after_but && ["kéo dài", "gia hạn"].iter().any(|w| sentence.contains(w)) {
        return Some("the cap on an extension (có thể kéo dài … nhưng không quá …), not a duty");
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::draft::phrases::{scan, What};

    fn kept(s: &str) -> usize {
        scan(s, Some(2024))
            .iter()
            .filter(|f| matches!(f.what, What::Rule(_)))
            .count()
    }

    /// Sentences written for this test, with how many deadlines each holds.
    #[test]
    fn spans_beside_duties() {
        for (s, n) in [
            ("Lịch giao ban được bố trí vào khoảng thời gian từ ngày 5 đến ngày 7 hằng tháng.", 0),
            ("Sở sẽ làm việc trong suốt thời gian nghỉ lễ 30/8 đến 3/9 để kịp trình UBND tỉnh trước ngày 10/9/2024.", 1),
            ("Hội nghị diễn ra từ ngày 12/11 đến ngày 14/11/2024.", 0),
            ("Dịp Tết Nguyên đán, học sinh được nghỉ từ ngày 05/02/2024 (tức 26 tháng Chạp) đến hết ngày 14/02/2024.", 0),
            ("Công chức sẽ nghỉ Tết âm lịch từ thứ Bảy ngày 14/2/2027 đến hết Chủ nhật ngày 22/2/2027.", 0),
            ("Dịp lễ Quốc khánh: nghỉ thứ Tư ngày 02/9/2027 Dương lịch.", 0),
            ("Cán bộ được nghỉ 1 ngày 1/1/2027 dương lịch.", 0),
            ("Các trường báo cáo số ngày nghỉ trước ngày 02/9/2027.", 1),
            ("Nghỉ tết Âm lịch: nghỉ 05 ngày (từ thứ Hai ngày 16/02/2027 đến hết thứ Sáu ngày 20/02/2027).", 0),
            ("Học sinh được nghỉ học từ ngày 05/02/2024, các trường báo cáo Sở trước ngày 01/02/2024.", 1),
            ("Ngày Chiến thắng: 01 ngày (ngày 30 tháng 4 dương lịch);", 0),
            ("Nghỉ lễ Quốc khánh 02 ngày, gồm ngày 02/9/2027 Dương lịch và 01 ngày liền kề trước.", 0),
            ("Cán bộ được hoán đổi ngày làm việc từ thứ Hai ngày 30 tháng 8 năm 2027 sang thứ Bảy ngày 21 tháng 8 năm 2027.", 0),
            ("Các cơ quan làm bù vào thứ Bảy ngày 21/8/2027.", 0),
            ("Các đơn vị gửi lịch trực Tết về Sở trước ngày 20 tháng 12 dương lịch.", 1),
            ("Các cơ quan báo cáo phương án hoán đổi ngày làm việc về Sở Nội vụ trước ngày 15/8/2027.", 1),
            ("Các đơn vị đăng ký dự hội nghị từ ngày 1/11 đến ngày 5/11/2024.", 1),
            ("Tạm chưa thực hiện tăng học phí trong Quý III và Quý IV năm 2024 đối với các trường công lập.", 0),
            ("Chỉ đạo cơ quan thuế xem xét không tổ chức thanh tra định kỳ trong năm 2024 đối với các hộ kinh doanh.", 0),
            ("Các sở không để tồn đọng hồ sơ, báo cáo UBND tỉnh trong quý III/2024.", 1),
            ("Đề xuất việc miễn phí vé tham quan cho khách đến hết năm 2024, báo cáo UBND tỉnh trong tháng 6 năm 2024.", 1),
            ("Cấp huyện thực hiện từ ngày 1 tháng 6 (trong thời gian thực hiện phải cập nhật cả các biến động đến ngày 31 tháng 12); nộp báo cáo trước ngày 15 tháng 01 năm 2025;", 1),
            ("Các ý kiến góp ý của nhân dân gửi về Sở Nội vụ trước ngày 15/10/2024.", 0),
            ("Ý kiến của người dân gửi về Phòng Nội vụ (số 3, P.Trần Phú) trước ngày 15/10/2024.", 0),
            ("Đề xuất giảm lệ phí cho hộ đi theo chương trình hỗ trợ đến hết năm 2024.", 0),
            ("Các phòng gửi ý kiến về Sở Nội vụ trước ngày 15/10/2024.", 1),
            ("Ý kiến góp ý của các tổ chức, cá nhân xin gửi về Sở Tư pháp trước ngày 15/10/2024.", 0),
            ("Mọi ý kiến phản hồi của tổ chức, công dân gửi về Ban Thi đua trước ngày 15/10/2024.", 0),
            ("Ý kiến của các cơ quan, tổ chức, cá nhân liên quan gửi về Sở Tư pháp trước ngày 15/10/2024.", 1),
            ("Các tổ chức, cá nhân nộp hồ sơ về Sở Tư pháp trước ngày 15/10/2024.", 1),
            ("Thời gian nhận ý kiến đóng góp đến hết ngày 31 tháng 10 năm 2024.", 0),
            ("Văn phòng tiếp nhận ý kiến của nhân dân đến ngày 20/10/2024.", 0),
            ("Phòng Nội vụ tiếp nhận ý kiến, tổng hợp báo cáo UBND huyện trước ngày 20/10/2024.", 1),
            ("Thời gian gửi ý kiến đến hết ngày 31 tháng 10 năm 2024.", 1),
            ("Các huyện báo cáo tình hình giải ngân vốn đến hết tháng 9/2024, dự kiến đến hết tháng 12/2024.", 0),
            ("Số liệu ước thực hiện đến ngày 31/12/2024 tính theo biểu mẫu kèm theo.", 0),
            ("Các huyện báo cáo tình hình giải ngân vốn, gửi Sở Tài chính đến hết ngày 15/10/2024.", 1),
            ("Các huyện hoàn thành việc giải ngân vốn đến hết tháng 9/2024.", 1),
            ("Ngày bắt đầu nhận hồ sơ: 05/02/2024", 0),
            ("- Thời gian di dời: ngày 17, 18 và ngày 19/11/2024 (thứ sáu, thứ bảy và chủ nhật);", 0),
            ("- Thời gian hoạt động trở lại: ngày 20/11/2024 (thứ hai).", 0),
            ("- Thời gian nộp hồ sơ: ngày 20/11/2024.", 1),
            ("- Thời gian thực hiện: ngày 20/11/2024.", 1),
            ("Dự thảo Quy chế thi đua của Sở Ngày bắt đầu lấy ý kiến: 05/02/2024, Ngày hết hạn lấy ý kiến: 06/04/2024", 1),
            ("Thời hạn xử lý hồ sơ không quá 20 ngày, kể từ ngày nhận đơn; trường hợp cần xác minh thì có thể kéo dài hơn nhưng không quá 35 ngày, kể từ ngày nhận đơn.", 1),
            ("Thời hạn thẩm định là 15 ngày làm việc, kể từ ngày nhận đủ hồ sơ; thời hạn này được gia hạn một lần nhưng không quá 10 ngày làm việc, kể từ ngày hết hạn.", 1),
            ("Doanh nghiệp nộp báo cáo trong thời hạn 10 ngày kể từ ngày ký báo cáo kiểm toán nhưng không quá 90 ngày, kể từ ngày kết thúc năm tài chính.", 2),
        ] {
            assert_eq!(kept(s), n, "{s}");
        }
    }
}

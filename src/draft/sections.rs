//! The section tree of a document's body (Chương, Mục, Điều, I., 1., 2.1., a), Bước 1:, -, +,
//! Kính gửi) with the clause reference of every paragraph in the document's own numbering
//! ("II.4 Bước 1", "Điều 7 khoản 2 điểm b"), the preamble (recitals only), and sentences.

use std::sync::LazyLock;

use regex::Regex;

use super::text::fold;

/// The kind of a numbered line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// "Chương II" (Thông tư, Nghị định, Quy chế).
    Chapter,
    /// "Mục 1" inside a chapter.
    Part,
    /// "Điều 7." (Quyết định, Thông tư, Quy chế, Nghị định).
    Article,
    Roman,
    /// "1.", "2.3." (a khoản under an Điều).
    Arabic,
    /// "a)" (a điểm under a khoản).
    Letter,
    Step,
    Bullet,
    Plus,
    /// "Kính gửi: …" of a Công văn.
    Addressees,
    /// A paragraph with no numbering of its own.
    Plain,
}

impl Label {
    fn depth(self, own: &str) -> u8 {
        match self {
            Label::Chapter => 10,
            Label::Part => 20,
            Label::Article | Label::Roman => 30,
            // "2.1." sits under "2.".
            Label::Arabic => 40 + 2 * own.matches('.').count().min(4) as u8,
            Label::Letter | Label::Step => 50,
            Label::Bullet => 60,
            Label::Plus => 70,
            Label::Addressees | Label::Plain => 80,
        }
    }
}

/// One paragraph of the body.
#[derive(Debug, Clone)]
pub struct Block {
    pub label: Label,
    /// The paragraph's text without its numbering ("Bước N:" is kept: it is part of the text).
    pub text: String,
    /// Clause reference in the document's own numbering: "IV.1", "II.4 Bước 1", "Điều 7 khoản
    /// 2 điểm b", "" outside any numbered item.
    pub clause: String,
    /// The enclosing numbered item.
    pub parent: Option<usize>,
    /// 1-based line in the normalised text.
    pub line: usize,
    /// Why no obligation is drawn from this paragraph (aims, principles, headings, recitals).
    pub skip: Option<&'static str>,
}

static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s*[.)/]\s*(.*)$").expect("regex")
});
// Also an item numbered with a hyphen, the style of older party and mass-organisation texts
// ("1- Cấp cơ sở: Thời gian Đại hội …", "2- Báo cáo thành tích …"): a capital follows it, never
// a digit, so a day and month ("15-5 …") or a span ("1 - 2 ngày") is no item.
static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s*[.)]\s*(\D.*)|\s?-\s+(\p{Lu}.*))$")
        .expect("regex")
});
// "a) …", "a. Sở …", and the typed "a, Thời gian đăng ký: …" (a comma after the letter).
static LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([a-zđ])\)\s*(.*)$|^([a-zđ])\.\s+(\p{Lu}.*)$|^([a-zđ]),\s+(\p{Lu}.*)$")
        .expect("regex")
});
static STEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(Bước\s+\d+)\s*[:.]").expect("regex"));
// A news photo's caption ends with its credit: "… xây dựng lại nhà ở. Ảnh: ĐVCC", "(Ảnh:
// Thanh Hà)", "Ảnh minh họa".
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s.(])(?:[Ảả]nh\s*:\s*[^.:()]{1,40}|[Ảả]nh minh h[ọo]a)\)?\s*$")
        .expect("regex")
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([-–•+])\s*(.*)$").expect("regex"));
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:điều)\s+(\d{1,3}[a-z]?)\s*[.:]?\s*(.*)$").expect("regex"));
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)\b\s*[.:]?\s*(.*)$").expect("regex")
});
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Mục|MỤC)\s+(\d+)\s*[.:]?\s*(.*)$").expect("regex"));
/// "(1) …", "(2) …": a numbered paragraph of its own (not a continuation in parentheses).
/// Also "(i) …", "(ii) …", "(iv) …": the small Roman numbers a Chỉ thị or a Nghị quyết
/// numbers its tasks with at a line's start.
static PAREN_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?:\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)\s").expect("regex"));
static DATE_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}/\d{1,2}/\d{4}$").expect("regex"));
/// A timetable line that opens with its deadline ("Chậm nhất ngày 07/02/2021: …", "Chậm nhất là
/// 17 giờ ngày 14/3/2021: …", "Ngày 13/4/2021: …", "Khoảng từ ngày 22/02 đến 27/02/2021: …",
/// "Trước ngày 15-3: …"): election calendars and work schedules print one milestone a line,
/// often without final punctuation, so such a line starts a paragraph of its own.
static TIMETABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:khoảng\s+)?(?:chậm nhất(?:\s+là)?(?:\s+vào)?|trước|từ|đến|hạn chót(?:\s+là)?)?\s*(?:\d{1,2}\s*giờ(?:\s*\d{1,2})?\s+)?ngày\s+\d{1,2}\s*[/.\-]\s*\d{1,2})")
        .expect("regex")
});
static ADDRESSEES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:kính\s+gửi)\s*:?\s*(.*)$").expect("regex"));

const NON_DUTY: [&str; 11] = [
    "muc dich",
    "muc tieu",
    "yeu cau",
    "nguyen tac",
    "quan diem",
    "can cu",
    "pham vi dieu chinh",
    "doi tuong ap dung",
    "giai thich tu ngu",
    "hieu luc",
    "ket qua dat duoc",
];

/// The words a recital opens with: the preamble is these lines, and only these.
const RECITALS: [&str; 9] = [
    "can cu",
    "thuc hien",
    "theo de nghi",
    "xet de nghi",
    "xet to trinh",
    "tren co so",
    "theo de xuat",
    "xet ",
    "trien khai",
];

/// Whether a paragraph before the first numbered item is a recital: "Căn cứ …", "Thực hiện
/// Kế hoạch số …", "Xét đề nghị …", the enacting line ("… ban hành Kế hoạch … như sau:") or
/// the enacting word ("QUYẾT ĐỊNH:").
fn is_recital(folded: &str) -> bool {
    let t =
        folded.trim_start_matches(|c: char| c == '-' || c == '*' || c == '•' || c.is_whitespace());
    // A line that sets a deadline ("• Ban hành kế hoạch … năm là trước ngày 20/11 hàng năm",
    // "Thực hiện Công văn số 12 …, Sở Nội vụ đề nghị … báo cáo trước ngày 20/5") states a duty;
    // only a "Căn cứ …" line and the enacting line ("Thực hiện Công văn … báo cáo trước ngày
    // 30/3/2024, UBND tỉnh ban hành Kế hoạch như sau:") are recitals whatever they say.
    // Also a deadline at a clock time ("… hoàn thành (trước 8h00 sáng ngày 01/9/2024)", "trước
    // 17 giờ ngày …").
    static CLOCK_DEADLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"truoc \d{1,2}\s*(?:gio|h)").expect("regex"));
    // Also a month or quarter to finish in ("Thực hiện chỉ đạo của tỉnh, huyện đã ban hành
    // kế hoạch. Việc tổ chức đại hội chi bộ hoàn thành trong tháng 3."), with the act and
    // its receiver between ("Hoàn thành và trình UBND tỉnh trong quý I/2020") outside the
    // words a recital quotes from the cited text ("Căn cứ văn bản số … (“… hoàn thành kết
    // nối trong tháng 6 năm 2020.”), … đề nghị …").
    static FINISH_IN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"hoan thanh trong (?:thang|quy) [\divx]").expect("regex"));
    static FINISH_AFTER_ACT_IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"hoan thanh [^.;:,]{1,40}? trong (?:thang|quy) [\divx]").expect("regex")
    });
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"“[^”]*”|"[^"]*""#).expect("regex"));
    let sets_deadline = DEADLINE_WORDS.iter().any(|w| t.contains(w))
        || CLOCK_DEADLINE.is_match(t)
        || FINISH_IN.is_match(t)
        || FINISH_AFTER_ACT_IN.is_match(&QUOTED.replace_all(t, ""));
    let enacting = t.ends_with("nhu sau:") || t.ends_with("nhu sau");
    // "Tại Điều 17 Thông tư 02/2020/TT-BNG, có quy định về … như sau:" (a legal Q&A or an
    // explainer quoting an article): the lines below are the article's own provisions, not
    // the grounds of this text.
    if enacting
        && ([
            "tai dieu ",
            "theo dieu ",
            "tai khoan ",
            "theo khoan ",
            "theo quy dinh tai dieu ",
        ]
        .iter()
        .any(|w| t.starts_with(w))
            // So is a line that says how something "is provided" ("Công tác báo cáo thống kê
            // được quy định như sau:"): the provisions follow.
            || t.trim_end_matches(':').ends_with("duoc quy dinh nhu sau")
            // And a page's line telling what a document it reports asks ("Tại Thông báo
            // 596/TB-VPCP năm 2025, Thủ tướng yêu cầu … trình Chính phủ trước ngày …; trong đó
            // lưu ý … như sau:", "Theo Kết luận 126-KL/TW …, Bộ Chính trị … giao … như sau:"):
            // the document's own asks when the line sets a day (legal Q&A pages and news items;
            // fresh28, fresh34, fresh36, fresh44; a line giving only periods and announcing the
            // days below, "Theo Thông tư 07, định kỳ hằng tháng, quý, năm, … Thời hạn báo cáo
            // như sau:", stays a recital).
            || reports_a_document(t) && ["truoc ngay", "cham nhat"].iter().any(|w| t.contains(w)))
    {
        return false;
    }
    if sets_deadline && !t.starts_with("can cu") && !enacting {
        return false;
    }
    // Class: news of a reminder letter, its grounds and its ask in one sentence ("Căn cứ quy
    // chế làm việc …, Văn phòng UBND tỉnh đề nghị Sở … trình … trước ngày 30/8"): the ask
    // after the grounds is a duty (an ask inside the cited text has no comma before it). The
    // grounds may also end at a semicolon or a full stop ("Căn cứ …; Thực hiện …; Sở … tham
    // mưu dự thảo …. Sở … đề nghị các cơ quan … gửi về Sở trước ngày …"), and a ground that
    // cites an ask ("…; Căn cứ Công văn … đề nghị …") is no ask of this text.
    let after_grounds = || {
        t.split([',', ';', '.']).map(str::trim).skip(1).filter(|c| {
            !["can cu", "thuc hien", "theo "]
                .iter()
                .any(|w| c.starts_with(w))
        })
    };
    let asks_after_grounds =
        after_grounds().any(|c| c.contains("de nghi") || c.contains("yeu cau"));
    // Class: an explainer or a legal Q&A stating what a provision obliges ("Căn cứ khoản 1
    // Điều 18 Thông tư …, tổ chức … báo cáo Sở … trước ngày 05/7 …"): a clause after the
    // grounds has a duty verb before its deadline word, and the sentence does not end as a
    // recital does (";"). A ground whose cited title holds such a verb has no deadline after
    // it, or ends at ";".
    let obliges_after_grounds =
        !t.trim_end().ends_with(';') && after_grounds().any(duty_before_deadline);
    if sets_deadline
        && t.starts_with("can cu")
        && (asks_after_grounds || obliges_after_grounds)
        && !enacting
    {
        return false;
    }
    // A task lead-in ("Về một số nhiệm vụ trọng tâm trong quý I năm 2025, … chỉ đạo xây dựng,
    // ban hành kế hoạch …"): the tasks of a period, however it names plans.
    if super::extract::opens_task_scope(t) {
        return false;
    }
    // "Thực hiện tốt việc chia sẻ dữ liệu …", "Thực hiện nghiêm chế độ báo cáo …": an item
    // saying how to carry a task out is an ask; a recital names what it implements ("Thực
    // hiện Công văn số …").
    if t.strip_prefix("thuc hien ").is_some_and(|rest| {
        MANNER
            .iter()
            .any(|m| rest.strip_prefix(m).is_some_and(|r| r.starts_with(' ')))
    }) {
        return false;
    }
    RECITALS.iter().any(|w| t.starts_with(w))
        || t.ends_with("nhu sau:")
        || t.ends_with("nhu sau")
        || t.contains("ban hanh ke hoach")
        || t.contains("ban hanh quy")
        || matches!(
            t.trim_end_matches([':', '.', ' ']),
            "quyet dinh" | "quyet nghi" | "quy dinh" | "chi thi" | "nghi quyet"
        )
}

/// A line opening on the document it reports, "Tại / Theo <kind> <number> …," (folded).
fn reports_a_document(folded: &str) -> bool {
    const KINDS: [&str; 14] = [
        "thong bao ",
        "cong van ",
        "cong dien ",
        "quyet dinh ",
        "ke hoach ",
        "chi thi ",
        "nghi quyet ",
        "ket luan ",
        "thong tu ",
        "nghi dinh ",
        "huong dan ",
        "van ban so ",
        "to trinh ",
        "bao cao so ",
    ];
    ["tai ", "theo "].iter().any(|p| {
        folded.strip_prefix(p).is_some_and(|rest| {
            KINDS.iter().any(|k| {
                rest.strip_prefix(k).is_some_and(|n| {
                    n.trim_start_matches("so ")
                        .starts_with(|c: char| c.is_ascii_digit())
                })
            })
        })
    })
}

/// Whether a folded paragraph ends as an enacting line does, introducing the body below it:
/// "… như sau:", "… sau đây:", "… nhiệm vụ trọng tâm sau:", "…, cụ thể:", or the enacting word
/// alone ("QUYẾT ĐỊNH:").
fn ends_enacting(folded: &str) -> bool {
    let t = folded.trim_end();
    let Some(head) = t.strip_suffix(':') else {
        return t.ends_with("nhu sau");
    };
    let head = head.trim_end();
    head.ends_with(" sau")
        || head.ends_with("sau day")
        || head.ends_with("cu the")
        || matches!(head, "quyet dinh" | "quyet nghi" | "chi thi")
}

/// Words saying how a task is to be carried out, right after "Thực hiện" in an item that asks
/// it (folded).
const MANNER: [&str; 9] = [
    "tot",
    "nghiem tuc",
    "nghiem",
    "day du",
    "kip thoi",
    "co hieu qua",
    "hieu qua",
    "dung",
    "thuong xuyen",
];

/// Words that set a deadline in a folded line.
const DEADLINE_WORDS: [&str; 4] = ["truoc ngay", "cham nhat", "han cuoi", "thoi han"];

/// Whether a folded clause obliges someone: a duty verb ("báo cáo", "gửi", "nộp", "phải", "có
/// trách nhiệm") before its first deadline word.
fn duty_before_deadline(clause: &str) -> bool {
    const DUTY: [&str; 5] = ["bao cao", "gui ", "nop ", "phai ", "co trach nhiem"];
    let due = DEADLINE_WORDS.iter().filter_map(|w| clause.find(w)).min();
    let duty = DUTY.iter().filter_map(|w| clause.find(w)).min();
    matches!((duty, due), (Some(v), Some(d)) if v < d)
}

/// A task-table row kept whole by `text::normalize` ("1 | Rà soát | Sở Tư pháp | …").
pub fn is_table_row(line: &str) -> bool {
    line.matches(" | ").count() >= 2
}

fn item(line: &str) -> bool {
    is_table_row(line)
        || PAREN_NUMBER.is_match(line)
        || ROMAN.is_match(line)
        || ARABIC.is_match(line)
        || LETTER.is_match(line)
        || BULLET.is_match(line)
        || ARTICLE.is_match(line)
        || CHAPTER.is_match(line)
        || PART.is_match(line)
        || STEP.is_match(line)
        || ADDRESSEES.is_match(line)
}

/// A title line: a document's or a web item's headline ("Kế hoạch tổ chức Lễ hội … Năm 2016",
/// "Hướng dẫn đánh giá … hằng năm", "Chế độ báo cáo của Sở Tài chính") — it names a kind of
/// document, is short, has no final punctuation and no deadline word. It neither takes the next
/// line in nor states a duty.
pub fn title_like(line: &str) -> bool {
    let f = fold(line.trim());
    line.chars().count() <= 130
        && !line.trim_end().ends_with(['.', ';', ':', '!', '?', ','])
        && [
            "ke hoach ",
            "huong dan ",
            "che do ",
            "quy dinh ",
            "quy che ",
            "thong bao ",
            "quyet dinh ",
            "chi thi ",
            "cong van ",
            "thong tu ",
            "nghi quyet ",
            "chuong trinh ",
            "tin tong hop",
        ]
        .iter()
        .any(|w| f.starts_with(w))
        && ![
            "truoc ngay",
            "cham nhat",
            "thoi han",
            "han chot",
            "gui ve",
            "bao cao ve",
        ]
        .iter()
        .any(|w| f.contains(w))
}

fn upper(s: &str) -> bool {
    s == s.to_uppercase() && s.chars().any(char::is_alphabetic)
}

/// Paragraphs: a line that starts in lowercase or with a number that is no numbering continues
/// the previous paragraph (a page break or a hard-wrapped web copy), and so does a line after
/// a long unfinished one.
fn paragraphs(body: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut blank_before = false;
    for (k, (n, line)) in body.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        // The first line above a blank line is a headline (kept apart from its lead).
        let below_headline = std::mem::replace(&mut blank_before, false) && out.len() == 1;
        let first = line.chars().next().unwrap_or(' ');
        // A date alone on a line at the top is the page's date, not part of its title.
        let is_item = item(line) || k < 8 && DATE_ALONE.is_match(line) || TIMETABLE.is_match(line);
        let joins = out.last().is_some_and(|(_, last)| {
            // A page's date on its own line ("(09/10/2020)", "8:56:0, 08/08/2014") ends there:
            // the lead after it ("(QTO) - Chiều nay …") is a paragraph of its own.
            if super::told::page_date(&last.to_lowercase()) {
                return false;
            }
            if title_like(last) && first.is_uppercase() {
                return false;
            }
            // A photo's caption is a paragraph of its own: the text goes on after it.
            if PHOTO_CREDIT.is_match(last) && first.is_uppercase() {
                return false;
            }
            // "Kính gửi: Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương" then "BHXH
            // Việt Nam đề nghị …": the letter's body starts after its addressees.
            if ADDRESSEES.is_match(last) && first.is_uppercase() {
                return false;
            }
            // "… văn hóa - thể thao…" ends its paragraph too (a list left open).
            let unfinished = !last.ends_with(['.', ';', ':', '!', '?', ')', '…']);
            // A line ending on a comma inside a numbered item's holders ("1. Các đồng chí Bộ
            // trưởng," over "Thủ trưởng cơ quan ngang Bộ, … gửi báo cáo …"): the list goes on
            // in the next line, however short the first.
            // A recital's line ("Theo đề nghị của Cục trưởng Cục Viễn thông,") ends there.
            let list_goes_on = last.ends_with(',')
                && !is_item
                && !upper(line)
                && !upper(last)
                && !is_recital(&fold(last));
            list_goes_on
                || (first.is_lowercase() || first.is_ascii_digit() || first == '(') && !is_item
                || unfinished
                    && !below_headline
                    && !is_item
                    && !upper(line)
                    && !upper(last)
                    && last.chars().count() > 60
        });
        if joins {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line);
                continue;
            }
        }
        out.push((*n, line.to_owned()));
    }
    out
}

/// Reads one paragraph's numbering: its label, its own number and the text after it.
fn label_of(text: &str) -> (Label, String, String) {
    if let Some(c) = CHAPTER.captures(text) {
        return (Label::Chapter, c[1].to_owned(), c[2].to_owned());
    }
    if let Some(c) = PART.captures(text) {
        return (Label::Part, c[1].to_owned(), c[2].to_owned());
    }
    if let Some(c) = ARTICLE.captures(text) {
        return (Label::Article, c[1].to_owned(), c[2].to_owned());
    }
    if let Some(c) = ADDRESSEES.captures(text) {
        return (Label::Addressees, String::new(), c[1].to_owned());
    }
    if let Some(c) = ROMAN.captures(text).filter(|c| !c[2].is_empty()) {
        return (Label::Roman, c[1].to_owned(), c[2].to_owned());
    }
    if let Some(c) = ARABIC.captures(text) {
        let rest = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
        return (Label::Arabic, c[1].to_owned(), rest.to_owned());
    }
    if let Some(c) = LETTER.captures(text) {
        // The pattern's three forms each capture a letter and its text.
        let first = |groups: [usize; 3]| {
            groups
                .iter()
                .find_map(|&g| c.get(g))
                .map_or(String::new(), |m| m.as_str().to_owned())
        };
        return (Label::Letter, first([1, 3, 5]), first([2, 4, 6]));
    }
    if let Some(c) = STEP.captures(text) {
        return (Label::Step, c[1].to_owned(), text.to_owned());
    }
    if let Some(c) = BULLET.captures(text) {
        let l = if &c[1] == "+" {
            Label::Plus
        } else {
            Label::Bullet
        };
        return (l, String::new(), c[2].to_owned());
    }
    (Label::Plain, String::new(), text.to_owned())
}

/// The clause reference of an item from its parent's: "II" + "3" → "II.3"; "Điều 7" + "2" →
/// "Điều 7 khoản 2"; + "b" → "Điều 7 khoản 2 điểm b"; "2" + "2.1" → "2.1".
fn clause_of(label: Label, own: &str, parent: Option<&Block>, article_style: bool) -> String {
    let base = parent.map(|b| b.clause.clone()).unwrap_or_default();
    match label {
        Label::Chapter | Label::Part => String::new(),
        Label::Article => format!("Điều {own}"),
        Label::Roman => own.to_owned(),
        Label::Arabic => {
            // A dotted number carries its parents' numbers ("2.1" under "2").
            let base = if own.contains('.') {
                let mut b = base.clone();
                let first = own.split('.').next().unwrap_or("");
                for sep in [" khoản ", "."] {
                    if let Some(i) = b.rfind(sep) {
                        if b[i + sep.len()..] == *first
                            || b[i + sep.len()..].starts_with(&format!("{first}."))
                        {
                            b.truncate(i);
                            break;
                        }
                    }
                }
                if b == first {
                    String::new()
                } else {
                    b
                }
            } else {
                base
            };
            match (base.is_empty(), article_style) {
                (true, _) => own.to_owned(),
                (false, true) => format!("{base} khoản {own}"),
                (false, false) => format!("{base}.{own}"),
            }
        }
        Label::Letter => match (base.is_empty(), article_style) {
            (true, _) => own.to_owned(),
            (false, true) => format!("{base} điểm {own}"),
            (false, false) => format!("{base}.{own}"),
        },
        Label::Step => {
            if base.is_empty() {
                own.to_owned()
            } else {
                format!("{base} {own}")
            }
        }
        _ => base,
    }
}

/// Builds the section tree.
pub fn blocks(body: &[(usize, String)]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Open numbered items: (depth, block index).
    let mut stack: Vec<(u8, usize)> = Vec::new();
    // Until the first numbered item, recitals are the preamble.
    let mut in_preamble = true;
    // Inside an article ("Điều 7"): numbers are khoản, letters điểm.
    let mut article_style = false;
    for (line, text) in paragraphs(body) {
        if is_table_row(&text) {
            out.push(Block {
                label: Label::Plain,
                text,
                clause: String::new(),
                parent: None,
                line,
                skip: Some("a task-table row (read as a table)"),
            });
            continue;
        }
        let (label, own, rest) = label_of(&text);
        // "Kính gửi:" then "- Các sở, ban, ngành;" lines: one list of addressees.
        if let Some(last) = out.last_mut() {
            if last.label == Label::Addressees && label == Label::Bullet && in_preamble {
                if !last.text.is_empty() {
                    last.text.push_str("; ");
                }
                last.text.push_str(rest.trim_end_matches([';', '.', ',']));
                continue;
            }
        }
        let folded = fold(&rest);
        if in_preamble && !matches!(label, Label::Plain | Label::Addressees | Label::Bullet) {
            in_preamble = false;
        }
        // A document issued with this one ("QUY CHẾ … (Ban hành kèm theo Quyết định …)")
        // starts its own numbering.
        let attached = folded.starts_with("(ban hanh kem theo")
            || folded.starts_with("ban hanh kem theo")
            || label == Label::Plain
                && upper(&rest)
                && [
                    "quy che",
                    "quy dinh",
                    "ke hoach",
                    "huong dan",
                    "phu luc",
                    "chuong trinh",
                    "de an",
                ]
                .iter()
                .any(|w| folded.starts_with(w));
        if attached {
            stack.clear();
            article_style = false;
        }
        match label {
            Label::Article | Label::Chapter | Label::Part => article_style = true,
            Label::Roman => article_style = false,
            _ => {}
        }
        let depth = label.depth(&own);
        if matches!(label, Label::Plain | Label::Addressees) {
            while stack
                .last()
                .is_some_and(|(d, _)| *d >= Label::Bullet.depth(""))
            {
                stack.pop();
            }
        } else {
            while stack.last().is_some_and(|(d, _)| *d >= depth) {
                stack.pop();
            }
        }
        let parent = stack.last().map(|(_, i)| *i);
        let base = parent.map(|p| out[p].clone());
        let clause = clause_of(label, &own, base.as_ref(), article_style);
        let mut skip = base.as_ref().and_then(inherited_skip);
        if matches!(label, Label::Roman | Label::Arabic | Label::Article)
            && NON_DUTY.iter().any(|w| folded.starts_with(w))
            // An article opening on a whole sentence ("Điều 2. Căn cứ vào mục tiêu … của Kế
            // hoạch, Giám đốc các Sở … chịu trách nhiệm …", as a flattened decision prints
            // its articles) is no aims heading: an article's title is a few words.
            && (label == Label::Roman
                || label == Label::Article && rest.split_whitespace().count() <= 12
                || rest.split_whitespace().count() <= 5)
        {
            skip = Some("aims or principles (mục đích, yêu cầu, nguyên tắc): not a duty");
        }
        if in_preamble && label != Label::Addressees && is_recital(&fold(&text)) {
            skip = Some("preamble: the documents the plan implements");
        }
        if label == Label::Addressees {
            skip = Some("the addressees (kính gửi)");
        }
        // The enacting line ("… ban hành Kế hoạch như sau:", "… yêu cầu … thực hiện một số
        // nhiệm vụ trọng tâm sau:", a page's "Theo đó, Công văn … hướng dẫn … như sau:", "…
        // trong đó có nêu …, cụ thể:") ends the preamble: what follows is the body, numbered
        // or not (a page quoting a document's items as bullets or "(i)" paragraphs).
        if in_preamble && label != Label::Addressees && ends_enacting(&folded) {
            in_preamble = false;
        } else if skip.is_none()
            && folded.starts_with("can cu")
            && ends_enacting(&folded)
            && !DEADLINE_WORDS.iter().any(|w| folded.contains(w))
        {
            // Past the preamble, "Căn cứ khoản 3 Điều 36 Luật … thì việc kê khai hằng năm được
            // thực hiện với những trường hợp sau:" (a page answering from a law) leads in to
            // the provisions it quotes: it assigns nothing itself.
            skip = Some("a lead-in to the provisions it quotes (Căn cứ … như sau:)");
        }
        let heading_skip = (matches!(label, Label::Roman | Label::Chapter | Label::Part)
            || upper(&rest)
            || label == Label::Plain && title_like(&rest)
            || label == Label::Article
                && !rest.contains(['.', ',', ';'])
                && rest.split_whitespace().count() <= 12)
            .then_some("a heading");
        out.push(Block {
            label,
            text: rest,
            clause,
            parent,
            line,
            skip: skip.or(heading_skip),
        });
        if !matches!(label, Label::Plain | Label::Addressees) {
            stack.push((depth, out.len() - 1));
        }
    }
    out
}

/// Whether a block's skip reason is inherited by its children.
pub fn inherited_skip(b: &Block) -> Option<&'static str> {
    b.skip.filter(|s| *s != "a heading")
}

const ABBREV: [&str; 8] = ["TP", "Tp", "TX", "TT", "ThS", "TS", "PGS", "GS"];

/// Whether a word before a stop abbreviates ("TP. Hồ Chí Minh", "tp. Huế"), in any case.
pub(super) fn is_abbreviation(word: &str) -> bool {
    ABBREV.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Splits a paragraph into sentences, keeping each sentence's final punctuation.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut from = 0;
    let mut depth = 0i32;
    for (k, &(b, c)) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        if b < from || !matches!(c, '.' | '!' | '?') || depth > 0 {
            continue;
        }
        // "./." ends a plan's last sentence.
        let mut end = b + c.len_utf8();
        let mut j = k + 1;
        if text[end..].starts_with("/.") {
            end += 2;
            j += 2;
        }
        let next = chars.get(j).map(|x| x.1);
        let after = chars.get(j + 1).map(|x| x.1);
        let ends = match next {
            None => true,
            Some(' ') => {
                after.is_some_and(|a| a.is_uppercase() || a == '“' || a == '"' || a == '-')
            }
            _ => false,
        };
        if !ends {
            continue;
        }
        let word: String = text[from..b]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_owned();
        if ABBREV.contains(&word.as_str()) {
            continue;
        }
        out.push(text[from..end].trim().to_owned());
        from = end;
    }
    if from < text.len() && !text[from..].trim().is_empty() {
        out.push(text[from..].trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text's lines numbered from 1, as `blocks` takes them.
    pub(super) fn body(s: &str) -> Vec<(usize, String)> {
        s.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect()
    }

    #[test]
    fn clauses_follow_the_numbering() {
        let b = blocks(&body(
            "Căn cứ …\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao hàng năm\nII. NỘI DUNG\n4. Các bước\nBước 1: UBND huyện xây dựng kế hoạch\n- UBND huyện tổ chức hội nghị\nBước 2: Các xã xây dựng\nIII. PHÂN CÔNG\n2. Hình thức\na) Quý I hằng năm\nđ. Lực lượng tham gia\n+ Thường xuyên\ncontinued text\nTiếp theo",
        ));
        let clauses: Vec<&str> = b.iter().map(|x| x.clause.as_str()).collect();
        assert_eq!(
            clauses,
            [
                "",
                "I",
                "I.1",
                "II",
                "II.4",
                "II.4 Bước 1",
                "II.4 Bước 1",
                "II.4 Bước 2",
                "III",
                "III.2",
                "III.2.a",
                "III.2.đ",
                "III.2.đ",
                "III.2.đ"
            ]
        );
        assert!(b[0].skip.is_some() && b[2].skip.is_some() && b[5].skip.is_none());
        assert_eq!(b[12].text, "Thường xuyên continued text");
        assert_eq!(b[6].parent, Some(5));
        assert_eq!(b[13].parent, Some(11));
    }

    /// Items numbered with a hyphen ("1- …") under a heading are items of their own, not
    /// words of the heading; a day and month ("15-5 …") or a span ("1 - 2 ngày") opening a
    /// line is no item. Text written for this test.
    #[test]
    fn items_numbered_with_a_hyphen() {
        let b = blocks(&body(
            "III. Thời gian tổ chức hội nghị\n1- Cấp xã: Bắt đầu từ tháng 3-2026, hoàn thành vào tháng 5-2026.\n2- Cấp huyện: Hoàn thành vào tháng 7-2026.",
        ));
        let clauses: Vec<&str> = b.iter().map(|x| x.clause.as_str()).collect();
        assert_eq!(clauses, ["III", "III.1", "III.2"]);
        assert!(b[1].skip.is_none() && b[1].text.starts_with("Cấp xã"));
        assert!(!ARABIC.is_match("15-5 các trường nộp hồ sơ"));
        assert!(!ARABIC.is_match("1 - 2 ngày sau khi nhận"));
    }

    /// An article's title naming aims or grounds is no duty; an article opening on a whole
    /// sentence with those words is one. Text written for this test.
    #[test]
    fn an_article_title_and_an_article_sentence() {
        let b = blocks(&body(
            "Điều 1. Mục tiêu\nNâng cao chất lượng.\nĐiều 2. Căn cứ vào mục tiêu, chỉ tiêu và các giải pháp của Kế hoạch, Giám đốc các Sở chịu trách nhiệm xây dựng các đề án và định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh.\nĐiều 3. Hiệu lực thi hành",
        ));
        let skipped: Vec<(&str, bool)> = b
            .iter()
            .map(|x| (x.clause.as_str(), x.skip.is_some()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("Điều 1", true),
                ("Điều 1", true),
                ("Điều 2", false),
                ("Điều 3", true)
            ]
        );
    }

    #[test]
    fn sentence_split() {
        assert_eq!(
            sentences("Báo cáo trước ngày 13/5/2022. Hàng năm tổ chức (x. Y) tập huấn; TP. Vinh làm điểm./."),
            ["Báo cáo trước ngày 13/5/2022.", "Hàng năm tổ chức (x. Y) tập huấn; TP. Vinh làm điểm./."]
        );
        assert_eq!(
            sentences("Sơ kết 19.2 trong năm 2023;"),
            ["Sơ kết 19.2 trong năm 2023;"]
        );
    }
}

#[cfg(test)]
mod kind_tests {
    use super::tests::body;
    use super::*;

    #[test]
    fn articles_clauses_and_points_follow_the_documents_numbering() {
        let b = blocks(&body(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nTheo đề nghị của Giám đốc Sở Tư pháp.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\nChương II\nTRÁCH NHIỆM\nĐiều 7. Chế độ báo cáo\n1. Sở Tư pháp báo cáo hằng năm.\n2. Báo cáo năm:\na) Các huyện gửi Sở trước ngày 05/12;\nb) Sở gửi UBND tỉnh trước ngày 15/12.\n2.1. Nội dung báo cáo.",
        ));
        let clauses: Vec<&str> = b.iter().map(|x| x.clause.as_str()).collect();
        assert_eq!(
            clauses,
            [
                "",
                "",
                "",
                "Điều 1",
                "",
                "",
                "Điều 7",
                "Điều 7 khoản 1",
                "Điều 7 khoản 2",
                "Điều 7 khoản 2 điểm a",
                "Điều 7 khoản 2 điểm b",
                "Điều 7 khoản 2.1"
            ]
        );
        // Only the recitals are the preamble.
        let pre: Vec<bool> = b
            .iter()
            .map(|x| x.skip.is_some_and(|s| s.starts_with("preamble")))
            .collect();
        assert_eq!(&pre[..4], [true, true, true, false]);
        assert!(pre[4..].iter().all(|p| !p));
    }

    /// A page's line telling what a document it reports asks, ending on "như sau:", is that
    /// document's ask, not a recital; a plan's own enacting line citing a document stays one
    /// (lines written for this test).
    #[test]
    fn a_reported_documents_ask_is_no_recital() {
        for line in [
            "Tại Thông báo 12/TB-VPCP năm 2026, Thủ tướng yêu cầu Bộ Xây dựng hoàn thiện dự thảo, trình Chính phủ trước ngày 15 tháng 3 năm 2026; trong đó lưu ý như sau:",
            "Theo Công văn số 30/BTC, Bộ Tài chính đề nghị các tỉnh gửi báo cáo trước ngày 10/4/2026 với nội dung như sau:",
        ] {
            assert!(!is_recital(&fold(line)), "{line}");
        }
        assert!(is_recital(&fold(
            "Thực hiện Công văn số 8/BNV về việc báo cáo trước ngày 30/3/2024, UBND huyện ban hành Kế hoạch như sau:"
        )));
    }

    /// "Thực hiện" followed by how a task is carried out opens an item that asks it, not a
    /// recital; followed by what it implements, it stays one (lines written for this test).
    #[test]
    fn carrying_a_task_out_well_is_no_recital() {
        for line in [
            "- Thực hiện tốt việc cung cấp số liệu cho Sở Tài chính; các xã hằng quý gửi báo cáo về Sở.",
            "Thực hiện nghiêm túc chế độ báo cáo định kỳ, đúng biểu mẫu.",
            "Thực hiện đầy đủ chế độ thông tin, báo cáo hằng tháng.",
        ] {
            assert!(!is_recital(&fold(line)), "{line}");
        }
        for line in [
            "Thực hiện Công văn số 12/BTC ngày 5/3/2026 của Bộ Tài chính;",
            "Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh,",
            "Thực hiện Nghị quyết số 05-NQ/TU về thực hiện tốt công tác dân vận;",
        ] {
            assert!(is_recital(&fold(line)), "{line}");
        }
    }

    /// A line before the first numbered item that sets a deadline is a duty even when it
    /// opens or reads like a recital (lines written for this test); "Căn cứ …" stays one.
    #[test]
    fn a_line_with_a_deadline_is_no_recital() {
        assert!(!is_recital(&fold(
            "• Ban hành kế hoạch phòng chống thiên tai năm là trước ngày 15/12 hàng năm"
        )));
        assert!(!is_recital(&fold(
            "Thực hiện Công văn số 45/UBND, Phòng Nội vụ đề nghị các xã báo cáo trước ngày 10/4/2024."
        )));
        assert!(is_recital(&fold(
            "UBND huyện ban hành Kế hoạch thực hiện như sau:"
        )));
        assert!(is_recital(&fold(
            "Thực hiện Công văn số 8/BNV về việc báo cáo trước ngày 30/3/2024, UBND huyện ban hành Kế hoạch như sau:"
        )));
        assert!(is_recital(&fold(
            "Căn cứ Quyết định số 12/QĐ-UBND quy định thời hạn báo cáo trước ngày 15 hằng tháng;"
        )));
        // Grounds, then the ask of the letter a news item reports.
        assert!(!is_recital(&fold(
            "Căn cứ Quy chế làm việc của UBND huyện, Văn phòng HĐND và UBND huyện đề nghị Phòng Tư pháp gửi dự thảo trước ngày 12/9/2024."
        )));
        // The ask inside the cited text stays a recital.
        assert!(is_recital(&fold(
            "Căn cứ Công văn số 88/STC đề nghị các huyện báo cáo trước ngày 12/9/2024;"
        )));
        // Grounds ending at semicolons and a full stop, then the ask of the notice.
        assert!(!is_recital(&fold(
            "Căn cứ Kế hoạch số 15/KH-UBND ngày 03/02/2025 của UBND tỉnh; Thực hiện Công văn số 40/BNV; Sở Tư pháp xây dựng dự thảo Quy chế. Sở Tư pháp đề nghị các sở, ngành góp ý gửi về Sở trước ngày 20/3/2025."
        )));
        // Near-miss: a second ground that cites an ask is still a ground.
        assert!(is_recital(&fold(
            "Căn cứ Quyết định số 7/QĐ-UBND; Căn cứ Công văn số 88/STC đề nghị các huyện báo cáo trước ngày 12/9/2024;"
        )));
        // A duty that issues a decision, due at a clock time.
        assert!(!is_recital(&fold(
            "UBND cấp xã ban hành quyết định thành lập tổ công tác, hoàn thành (trước 8h00 sáng ngày 01/9/2024)."
        )));
        // A month or quarter to finish in, after the grounds; the enacting line and a month
        // named without "hoàn thành trong" stay recitals.
        assert!(!is_recital(&fold(
            "Thực hiện chỉ đạo của tỉnh, huyện đã ban hành kế hoạch. Việc kiểm kê tài sản hoàn thành trong tháng 9."
        )));
        assert!(!is_recital(&fold(
            "Trên cơ sở hướng dẫn của Bộ, Sở Nội vụ chủ trì xây dựng đề án. Hoàn thành và trình UBND tỉnh trong quý II/2024."
        )));
        // Near-miss: the words a recital quotes from the cited text, before the ask of a
        // letter the recital grounds.
        assert!(is_recital(&fold(
            "Căn cứ văn bản số 51/VP-KSTT của Văn phòng (mục 2 “Các bộ hoàn thành kết nối phần mềm trong tháng 6 năm 2024.”), Bộ đề nghị Quý Cơ quan cung cấp số liệu từ ngày 01/01/2023 đến hết ngày 30/06/2024."
        )));
        assert!(!is_recital(&fold(
            "Thực hiện Kế hoạch của tỉnh, các xã rà soát hồ sơ, hoàn thành trong quý III/2026."
        )));
        assert!(is_recital(&fold(
            "Thực hiện Công văn số 8/BNV về việc hoàn thành trong tháng 3 việc rà soát, UBND huyện ban hành Kế hoạch như sau:"
        )));
        assert!(is_recital(&fold(
            "Thực hiện Kế hoạch số 20/KH-UBND ngày 10 tháng 3 năm 2026 của UBND tỉnh;"
        )));
        // A provision's duty stated after its grounds (an explainer); the recital citing a
        // provision with a deadline, ending at ';', and a ground whose clause after the comma
        // has no duty verb before its deadline stay recitals.
        assert!(!is_recital(&fold(
            "Căn cứ khoản 2 Điều 7 Thông tư 05/2021/TT-BTP, các cơ sở đào tạo báo cáo Sở Tư pháp trước ngày 10/7 đối với báo cáo 6 tháng."
        )));
        assert!(!is_recital(&fold(
            "Căn cứ Thông tư số 12/2020/TT-BNV ngày 01/6/2020 của Bộ Nội vụ, các hội phải gửi báo cáo tình hình hoạt động về Sở Nội vụ trước ngày 20/12 hàng năm."
        )));
        assert!(is_recital(&fold(
            "Căn cứ Thông tư số 12/2020/TT-BNV ngày 01/6/2020 của Bộ Nội vụ quy định về chế độ thông tin, báo cáo trước ngày 20/12 hằng năm;"
        )));
        assert!(is_recital(&fold(
            "Căn cứ Quyết định số 9/QĐ-UBND ngày 02/3/2024, thời hạn trước ngày 15/3/2024 đã hết."
        )));
        // A task lead-in of a period (conclusions of a meeting).
        assert!(!is_recital(&fold(
            "Về các nhiệm vụ trong quý III năm 2024, Chủ tịch UBND tỉnh kết luận, Sở Nội vụ chỉ đạo xây dựng, ban hành kế hoạch thực hiện."
        )));
    }

    /// Abbreviations before a stop, in any case; a short word that is no abbreviation ends
    /// its sentence.
    #[test]
    fn abbreviations_before_a_stop() {
        for w in ["TP", "tp", "Tp", "ThS", "pgs"] {
            assert!(is_abbreviation(w), "{w}");
        }
        for w in ["Sở", "xã", "UBND", ""] {
            assert!(!is_abbreviation(w), "{w}");
        }
    }

    /// A line that quotes an article's provisions ("Tại Điều 9 Thông tư …, có quy định … như
    /// sau:") or says how something is provided ("… được quy định như sau:") opens the
    /// provisions, no recital (lines written for this test); an enacting line stays one.
    #[test]
    fn a_quoted_articles_opening_is_no_recital() {
        assert!(!is_recital(&fold(
            "• Tại Điều 9 Thông tư 05/2021/TT-BTP, có quy định về chế độ báo cáo công tác hộ tịch như sau:"
        )));
        assert!(!is_recital(&fold(
            "- Công tác báo cáo thống kê hộ tịch được quy định như sau:"
        )));
        assert!(is_recital(&fold(
            "Thực hiện Điều 9 Thông tư 05/2021/TT-BTP, UBND huyện ban hành Kế hoạch như sau:"
        )));
        assert!(is_recital(&fold("Căn cứ Điều 9 Thông tư 05/2021/TT-BTP;")));
    }

    /// A long addressee line does not take the letter's first sentence in (text written for
    /// this test); a wrapped addressee line (lowercase) still continues it.
    #[test]
    fn the_letters_body_starts_after_its_addressees() {
        let b = blocks(&body(
            "Kính gửi: Ủy ban nhân dân các xã, phường, thị trấn trên địa bàn huyện Phú Lương\nPhòng Nội vụ đề nghị các xã gửi báo cáo trước ngày 10/4/2024.",
        ));
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].label, Label::Addressees);
        assert!(b[1].text.starts_with("Phòng Nội vụ") && b[1].skip.is_none());
        let b = blocks(&body(
            "Kính gửi: Ủy ban nhân dân các xã, phường, thị trấn trên địa bàn huyện Phú Lương,\nthị xã Đồng Hỷ\nPhòng Nội vụ đề nghị các xã gửi báo cáo trước ngày 10/4/2024.",
        ));
        assert!(b[0].text.contains("thị xã Đồng Hỷ"), "{b:?}");
    }

    /// The enacting line ends the preamble, whatever shape the body after it has (made-up
    /// texts): a page quoting a letter's bullets, a Chỉ thị's "(i)" tasks, a Q&A's "…, cụ thể:"
    /// then the provision it cites; a "Căn cứ … sau:" line past the preamble only leads in.
    #[test]
    fn the_enacting_line_ends_the_preamble() {
        let pre = |b: &Block| b.skip.is_some_and(|s| s.starts_with("preamble"));
        for (text, recitals, duty) in [
            (
                "Căn cứ Luật Giáo dục năm 2019;\nThực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, Sở ban hành Kế hoạch như sau:\n- Các trường ban hành quyết định thành lập tổ thư viện, gửi Sở trước 15/10/2026.",
                2,
                "- Các trường",
            ),
            (
                "Theo đó, Công văn 12/SGD hướng dẫn công tác thư viện như sau:\n- Tổ chức đánh giá thư viện theo Thông tư về việc ban hành quy định tiêu chuẩn thư viện; báo cáo Sở (gửi trước: 31/5/2026).",
                1,
                "- Tổ chức",
            ),
            (
                "Để thực hiện nhiệm vụ năm học, Thủ tướng yêu cầu các bộ thực hiện một số nhiệm vụ trọng tâm sau:\n(i) Ban hành kế hoạch triển khai nhiệm vụ; khởi công 50 trường trong tháng 10 năm 2026.",
                0,
                "(i) Ban hành",
            ),
            (
                "Ngày 02/3/2026, Sở ban hành Công văn 22/SGD về tuyển sinh, trong đó có nêu thời gian công bố điểm thi, cụ thể:\nCăn cứ tại Phụ lục 1 Công văn 22/SGD có nêu về việc công bố điểm thi trước ngày 20/6/2026.",
                0,
                "Căn cứ tại",
            ),
        ] {
            let b = blocks(&body(text));
            assert_eq!(b.iter().filter(|x| pre(x)).count(), recitals, "{b:?}");
            let d = b
                .iter()
                .find(|x| text.lines().any(|l| l.starts_with(duty) && l.contains(x.text.as_str())))
                .expect("the duty's block");
            assert!(d.skip.is_none(), "{d:?}");
        }
        let b = blocks(&body(
            "Việc kê khai được hướng dẫn như sau:\n1. Người kê khai ghi rõ phương thức.\nCăn cứ khoản 3 Điều 36 Luật Phòng, chống tham nhũng thì việc kê khai hằng năm được thực hiện với những trường hợp sau:",
        ));
        assert!(
            b[2].skip.is_some_and(|s| s.starts_with("a lead-in")),
            "{b:?}"
        );
    }

    #[test]
    fn a_text_with_no_recital_has_no_preamble() {
        let b = blocks(&body(
            "Theo đó, UBND tỉnh yêu cầu các sở báo cáo trước ngày 15/12/2024.\nKính gửi: Các sở, ngành\nCác đơn vị gửi báo cáo trước ngày 20/12/2024.",
        ));
        assert!(b[0].skip.is_none(), "{:?}", b[0].skip);
        assert_eq!(b[1].label, Label::Addressees);
        assert!(b[2].skip.is_none());
    }

    /// A letter typed with a comma ("a, Thời gian đăng ký: Các công đoàn … trước ngày …") labels
    /// an item as "a)" does; it is not read into the heading above it.
    #[test]
    fn a_letter_with_a_comma_labels_an_item() {
        let b = blocks(&body(
            "I. Thời gian và thủ tục đăng ký:\na, Thời gian đăng ký: Các công đoàn bộ phận gửi danh sách trước ngày 10/04/2012.\nb) Thời gian nộp: Các công đoàn nộp lệ phí trước ngày 12/04/2012.",
        ));
        let items: Vec<(&str, &str)> = b
            .iter()
            .filter(|x| x.label == Label::Letter)
            .map(|x| (x.clause.as_str(), x.text.as_str()))
            .collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].0, "I.a");
        assert!(
            items[0].1.starts_with("Thời gian đăng ký: Các công đoàn"),
            "{items:?}"
        );
    }

    /// A list of holders broken after a comma goes on in the next line, however short the
    /// first ("1. Các đồng chí Bộ trưởng," over "Thủ trưởng cơ quan ngang Bộ, …"); a recital's
    /// line, an item and a line in capitals end there.
    #[test]
    fn a_list_broken_after_a_comma_goes_on() {
        let texts =
            |s: &str| -> Vec<String> { paragraphs(&body(s)).into_iter().map(|(_, t)| t).collect() };
        assert_eq!(
            texts("1. Các đồng chí Bộ trưởng,\nThủ trưởng cơ quan ngang Bộ gửi báo cáo trước ngày 05/12/2025."),
            vec!["1. Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ gửi báo cáo trước ngày 05/12/2025."]
        );
        assert_eq!(
            texts("Yêu cầu các sở, ban, ngành,\nUBND các xã, phường báo cáo trước ngày 10 tháng 01 hàng năm."),
            vec!["Yêu cầu các sở, ban, ngành, UBND các xã, phường báo cáo trước ngày 10 tháng 01 hàng năm."]
        );
        for s in [
            "Theo đề nghị của Cục trưởng Cục Viễn thông,\nBộ trưởng Bộ Thông tin và Truyền thông ban hành Thông tư.",
            "1. Sở Y tế,\n2. Sở Tài chính báo cáo trước ngày 10/12.",
            "Sở Y tế, Sở Tài chính,\nỦY BAN NHÂN DÂN TỈNH",
        ] {
            assert_eq!(texts(s).len(), 2, "{s}");
        }
    }

    /// A timetable printed one milestone a line, without final punctuation: each line that opens
    /// with its deadline is a paragraph of its own, not a continuation of the previous one.
    #[test]
    fn timetable_lines_start_their_own_paragraphs() {
        let b = blocks(&body(
            "LỊCH TRÌNH TUYỂN SINH NĂM 2026\n30 ngày trước ngày thi\nChậm nhất ngày 10/5/2026: các trường công bố chỉ tiêu\n2\nTừ ngày 12/5 đến 20/5/2026: thí sinh nộp hồ sơ\nNgày 02/6/2026: tổ chức thi",
        ));
        let texts: Vec<&str> = b.iter().map(|x| x.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Chậm nhất ngày 10/5/2026")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("Từ ngày 12/5")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("Ngày 02/6/2026")),
            "{texts:?}"
        );
    }

    /// A headline naming a kind of document is a heading of its own: the next line is not joined
    /// to it, and its period ("hằng năm", "Năm 2026") is no duty.
    #[test]
    fn headlines_are_headings() {
        let b = blocks(&body(
            "Hướng dẫn kiểm kê tài sản công hằng năm\nNgày đăng 03/02/2026\nSở Tài chính đề nghị các đơn vị gửi báo cáo trước ngày 15/3/2026.",
        ));
        assert_eq!(b[0].skip, Some("a heading"), "{b:?}");
        assert!(b[0].text.ends_with("hằng năm"), "{b:?}");
        assert!(title_like("Kế hoạch tổ chức Hội thi văn nghệ Năm 2026"));
        assert!(!title_like("Kế hoạch gửi về Sở trước ngày 30/6/2026"));
        assert!(!title_like("Các xã gửi báo cáo hằng năm"));
    }

    /// A paragraph left open with "…" ends there: the next paragraph is not joined to it.
    #[test]
    fn an_ellipsis_ends_its_paragraph() {
        let b = blocks(&body(
            "Giám đốc Sở yêu cầu bổ sung báo cáo ở một số lĩnh vực như y tế, giáo dục và đào tạo, văn hóa…\n\nTheo tiến độ, các phòng phải hoàn thành dự thảo trước ngày 20/8/2026.",
        ));
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[1].text.starts_with("Theo tiến độ"), "{b:?}");
    }

    /// A news item's headline, kept apart from its lead by a blank line, is a paragraph of its
    /// own even with no final stop; a long line left open inside the text still takes the next
    /// one in (a hard-wrapped copy). Texts written for this test.
    #[test]
    fn a_headline_above_a_blank_line_stands_alone() {
        let b = blocks(&body(
            "Bộ Y tế hướng dẫn các địa phương báo cáo tình hình tiêm chủng mở rộng định kỳ\n\nTheo đó, các Sở Y tế gửi báo cáo về Cục Y tế dự phòng trước ngày 10 hằng tháng.",
        ));
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[1].text.starts_with("Theo đó"), "{b:?}");
        let b = blocks(&body(
            "Bộ Y tế hướng dẫn các địa phương báo cáo tình hình tiêm chủng mở rộng định kỳ\nTheo đó, các Sở Y tế gửi báo cáo về Cục Y tế dự phòng trước ngày 10 hằng tháng.",
        ));
        assert_eq!(b.len(), 1, "{b:?}");
        let b = blocks(&body(
            "Thực hiện chỉ đạo của UBND tỉnh về tiêm chủng.\nSở Y tế đề nghị các Trung tâm Y tế huyện rà soát số trẻ chưa được tiêm đủ các mũi vắc xin và\n\nTổng hợp gửi về Sở trước ngày 10/6/2026.",
        ));
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[1].text.ends_with("10/6/2026."), "{b:?}");
    }

    /// A news photo's caption, ending with its credit ("Ảnh: …", "(Ảnh: …)", "Ảnh minh
    /// họa"), takes no paragraph in; a line ending with another word still does. Texts written
    /// for this test.
    #[test]
    fn a_photo_caption_ends_its_paragraph() {
        for caption in [
            "Lực lượng vũ trang huyện giúp người dân dựng lại nhà sau bão. Ảnh: Minh Châu",
            "Cán bộ xã hướng dẫn người dân kê khai thủ tục hành chính (Ảnh: Thanh Hà)",
            "Các em học sinh trong lễ khai giảng năm học mới tại điểm trường Ảnh minh họa",
        ] {
            let b = blocks(&body(&format!(
                "{caption}\nTrường hợp phát sinh vướng mắc, các xã báo cáo về UBND huyện trước ngày 10/9/2026."
            )));
            assert_eq!(b.len(), 2, "{b:?}");
        }
        let b = blocks(&body(
            "Lực lượng vũ trang huyện giúp người dân dựng lại nhà sau bão theo kế hoạch của\nUBND huyện trước ngày 10/9/2026.",
        ));
        assert_eq!(b.len(), 1, "{b:?}");
    }
}

//! A body's name printed in capitals ("SỞ GIÁO DỤC VÀ ĐÀO TẠO") written the way
//! administrative texts write it in running text ("Sở Giáo dục và Đào tạo").
//!
//! The convention is the one of Decree 30/2020/NĐ-CP on administrative documents (Appendix II,
//! capital letters): the first syllable of the kind of body and of each field it works in takes
//! a capital ("Bộ Văn hóa, Thể thao và Du lịch", "Cục Quản lý dược"); the level of a place is
//! lowercase and every syllable of the place's own name is capitalised ("Ủy ban nhân dân huyện
//! Triệu Sơn"); a party committee named by its level is one word ("Huyện ủy Vĩnh Thuận");
//! "Thành phố Hồ Chí Minh" and "Thủ đô Hà Nội" are written in full capitals of each word.
//! Abbreviations and numbers ("UBND", "THPT", "GD&ĐT", "389", "II") are kept as printed.

use super::text::{fold, LEVELS};

/// Names written with a fixed case, folded words and whether each word takes a capital.
const FIXED: [(&str, &[bool]); 23] = [
    ("dang cong san viet nam", &[true, true, false, true, true]),
    ("ngan hang nha nuoc", &[true, false, true, false]),
    ("toa an nhan dan", &[true, false, false, false]),
    (
        "vien kiem sat nhan dan",
        &[true, false, false, false, false],
    ),
    ("toi cao", &[false, false]),
    ("trung uong", &[true, false]),
    ("cong thuong", &[true, true]),
    ("ho chi minh", &[true, true, true]),
    ("viet nam", &[true, true]),
    ("thanh pho ho chi minh", &[true, false, true, true, true]),
    ("thu do ha noi", &[true, false, true, true]),
    ("uy ban nhan dan", &[true, false, false, false]),
    ("hoi dong nhan dan", &[true, false, false, false]),
    ("bao hiem xa hoi", &[true, false, false, false]),
    ("kho bac nha nuoc", &[true, false, true, false]),
    (
        "mat tran to quoc viet nam",
        &[true, false, true, false, true, true],
    ),
    ("thu tuong chinh phu", &[true, false, true, false]),
    ("chinh phu", &[true, false]),
    ("quoc hoi", &[true, false]),
    ("cong an", &[true, false]),
    ("dang uy", &[true, false]),
    ("ban thuong vu", &[true, true, false]),
    ("ban chap hanh", &[true, true, false]),
];

/// Kinds of body written in two syllables, the second lowercase; a field follows.
const KINDS_OF_TWO: [&str; 9] = [
    "chi cuc",
    "tong cuc",
    "van phong",
    "trung tam",
    "benh vien",
    "hoc vien",
    "ngan hang",
    "uy ban",
    "hoi dong",
];

/// Whether a word (folded, without punctuation) is spoken: one Vietnamese syllable, or two run
/// together by a careless copy ("binhva"). What is not is an abbreviation ("ubnd", "thpt") or a
/// number and is kept as printed.
fn spoken(w: &str) -> bool {
    let roman = !w.is_empty() && w.chars().all(|c| "ivxlc".contains(c));
    // Each part of two letters at least: "ii" is a numeral, not "i" twice.
    let run_together = (2..w.len().saturating_sub(1))
        .any(|k| w.is_char_boundary(k) && syllable(&w[..k]) && syllable(&w[k..]));
    !roman && (syllable(w) || run_together)
}

/// Whether a folded word can be one Vietnamese syllable.
pub(super) fn syllable(w: &str) -> bool {
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
    ];
    const CODAS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    let vowel = |c: char| "aeiouy".contains(c);
    let rest = ONSETS
        .iter()
        .find_map(|o| w.strip_prefix(o).filter(|r| r.starts_with(vowel)))
        .unwrap_or(w);
    let nucleus = &rest[..rest.chars().take_while(|c| vowel(*c)).count()];
    // No nucleus doubles a vowel but "oo" ("xoong") and "uu" (folded "ưu").
    let doubled = nucleus
        .as_bytes()
        .windows(2)
        .any(|p| p[0] == p[1] && p[0] != b'o' && p[0] != b'u');
    (1..=3).contains(&nucleus.len()) && !doubled && CODAS.contains(&&rest[nucleus.len()..])
}

/// The word with its first letter capitalised and the rest lowercase.
fn capitalised(w: &str) -> String {
    let low = w.to_lowercase();
    let mut c = low.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// One word (as printed, and folded) written in `case`.
fn written_folded(w: &str, folded: &str, case: Case) -> String {
    if !spoken(folded) {
        w.to_owned()
    } else if case == Case::Capital {
        capitalised(w)
    } else {
        w.to_lowercase()
    }
}

fn written(w: &str, case: Case) -> String {
    written_folded(w, &fold(letters(w)), case)
}

/// A printed word without the marks around it ("VĂN HÓA," → "VĂN HÓA", "(CŨ)" → "CŨ").
fn letters(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// How one word is written.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    Capital,
    Lower,
}

/// "ỦY BAN NHÂN DÂN HUYỆN TRIỆU SƠN" → "Ủy ban nhân dân huyện Triệu Sơn"; see the module.
pub fn body_name(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let bare: Vec<String> = words.iter().map(|w| fold(letters(w))).collect();
    let low: Vec<String> = words.iter().map(|w| letters(w).to_lowercase()).collect();
    let among = |words: &[String], i: usize, phrase: &str| {
        let p: Vec<&str> = phrase.split(' ').collect();
        words.len() >= i + p.len() && words[i..i + p.len()].iter().zip(&p).all(|(a, b)| a == b)
    };
    let starts = |i: usize, phrase: &str| among(&bare, i, phrase);
    let mut cases = vec![Case::Lower; words.len()];
    // The first word with letters (a bullet or a mark may come before it).
    let first = bare.iter().position(|b| !b.is_empty());
    // A new field starts: its first syllable takes a capital.
    let mut field = true;
    // Inside a place's name: every syllable takes a capital.
    let mut place = false;
    let mut i = 0;
    while i < words.len() {
        if let Some((phrase, caps)) = FIXED.iter().find(|(p, _)| starts(i, p)) {
            for (k, cap) in caps.iter().enumerate() {
                cases[i + k] = if *cap { Case::Capital } else { Case::Lower };
            }
            i += phrase.split(' ').count();
            field = true;
            place = false;
            continue;
        }
        if let Some(level) = LEVELS
            .iter()
            .find(|l| among(&low, i, l) && !(**l == "xã" && starts(i, "xa hoi")))
        {
            let n = level.split(' ').count();
            if bare.get(i + n).is_some_and(|w| w == "uy") {
                // "HUYỆN ỦY": the committee of that level, one name.
                cases[i] = Case::Capital;
                i += n + 1;
                field = false;
                place = true;
            } else {
                i += n;
                place = true;
            }
            continue;
        }
        if Some(i) == first {
            let two = KINDS_OF_TWO.iter().any(|k| starts(i, k));
            field = true;
            // A school's name is most often a person's: every word capitalised.
            place = bare[i] == "truong";
            i += if two { 2 } else { 1 };
            continue;
        }
        let w = &bare[i];
        if w == "va" {
            field = true;
        } else if w.is_empty() {
            // "-", "–": the next field starts.
            field = true;
        } else {
            if place || field {
                cases[i] = Case::Capital;
            }
            field = words[i].ends_with(',');
        }
        i += 1;
    }
    // The name's first word takes a capital, whatever it is.
    if let Some(f) = first {
        cases[f] = Case::Capital;
    }
    words
        .iter()
        .zip(&bare)
        .zip(&cases)
        .map(|((w, b), case)| {
            if b.contains('-') {
                // "RỊA-VŨNG": each part of a hyphenated word as a word of its own.
                let parts: Vec<String> = w.split('-').map(|p| written(p, *case)).collect();
                parts.join("-")
            } else {
                written_folded(w, b, *case)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::body_name;

    /// Names as headers print them (written for this test from the common kinds of body).
    #[test]
    fn names_in_capitals_are_written_as_in_running_text() {
        for (printed, want) in [
            (
                "ỦY BAN NHÂN DÂN HUYỆN TRIỆU SƠN",
                "Ủy ban nhân dân huyện Triệu Sơn",
            ),
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
            (
                "ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC",
                "Ủy ban nhân dân đặc khu Phú Quốc",
            ),
            (
                "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH ĐỒNG NAI",
                "Sở Giáo dục và Đào tạo tỉnh Đồng Nai",
            ),
            ("BỘ Y TẾ", "Bộ Y tế"),
            ("CỤC QUẢN LÝ DƯỢC", "Cục Quản lý dược"),
            (
                "TRUNG TÂM TIN HỌC VÀ TÍNH TOÁN",
                "Trung tâm Tin học và Tính toán",
            ),
            (
                "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                "Bộ Lao động - Thương binh và Xã hội",
            ),
            (
                "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                "Bộ Văn hóa, Thể thao và Du lịch",
            ),
            (
                "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
                "Bộ Nông nghiệp và Phát triển nông thôn",
            ),
            ("CÔNG AN TỈNH CÀ MAU", "Công an tỉnh Cà Mau"),
            ("BỘ CÔNG AN", "Bộ Công an"),
            ("UBND TỈNH KON TUM", "UBND tỉnh Kon Tum"),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            ),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ VINH",
                "Ủy ban nhân dân thành phố Vinh",
            ),
            (
                "BAN THƯỜNG VỤ HUYỆN ỦY VĨNH THUẬN",
                "Ban Thường vụ Huyện ủy Vĩnh Thuận",
            ),
            ("ĐẢNG ỦY XÃ TÂN PHÚ", "Đảng ủy xã Tân Phú"),
            ("BAN CHỈ ĐẠO 389 TỈNH", "Ban Chỉ đạo 389 tỉnh"),
            ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
            ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
            ("CHI CỤC THUẾ KHU VỰC II", "Chi cục Thuế khu vực II"),
            ("SỞ GD&ĐT", "Sở GD&ĐT"),
            ("• BỘ CÔNG THƯƠNG", "• Bộ Công Thương"),
            ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
            ("TÒA ÁN NHÂN DÂN TỐI CAO", "Tòa án nhân dân tối cao"),
            (
                "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
                "Viện kiểm sát nhân dân tối cao",
            ),
            ("BẢO HIỂM XÃ HỘI VIỆT NAM", "Bảo hiểm xã hội Việt Nam"),
            (
                "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH",
                "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh",
            ),
            (
                "HỘI ĐỒNG NHÂN DÂN TỈNH BÀ RỊA-VŨNG TÀU",
                "Hội đồng nhân dân tỉnh Bà Rịa-Vũng Tàu",
            ),
            // Two words run together by a copy are still words.
            (
                "BỘ LAO ĐỘNG - THƯƠNG BINHVÀ XÃ HỘI",
                "Bộ Lao động - Thương binhvà xã hội",
            ),
            ("TỈNH ỦY QUẢNG NINH", "Tỉnh ủy Quảng Ninh"),
            ("TRƯỜNG THPT LÊ QUÝ ĐÔN", "Trường THPT Lê Quý Đôn"),
            ("HỘI ĐỒNG NHÂN DÂN XÃ", "Hội đồng nhân dân xã"),
            ("KHO BẠC NHÀ NƯỚC", "Kho bạc Nhà nước"),
        ] {
            assert_eq!(body_name(printed), want, "{printed}");
        }
    }

    #[test]
    fn every_fixed_name_has_a_case_per_word() {
        for (phrase, caps) in super::FIXED {
            assert_eq!(phrase.split(' ').count(), caps.len(), "{phrase}");
        }
        assert_eq!(
            body_name("BAN TUYÊN GIÁO ĐẢNG CỘNG SẢN VIỆT NAM"),
            "Ban Tuyên giáo Đảng Cộng sản Việt Nam"
        );
    }

    /// Words of the names this module knows, so that random names run into them (and into its
    /// fixed names, whole).
    const POOL: [&str; 24] = [
        "ĐẢNG",
        "CỘNG",
        "SẢN",
        "VIỆT",
        "NAM",
        "ỦY",
        "BAN",
        "NHÂN",
        "DÂN",
        "HUYỆN",
        "XÃ",
        "HỘI",
        "THÀNH",
        "PHỐ",
        "HỒ",
        "CHÍ",
        "MINH",
        "-",
        "•",
        "RỊA-VŨNG",
        "II",
        "UBND",
        "TỐI",
        "CAO",
    ];

    use proptest::prelude::*;

    proptest::proptest! {
        /// Any name, printed in capitals or not, keeps its words and never panics.
        #[test]
        fn any_name_keeps_its_words(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(&POOL[..]).prop_map(|w: &str| w.to_owned()),
                    proptest::sample::select(&super::FIXED[..]).prop_map(|(p, _)| p.to_uppercase()),
                    "\\PC{0,8}",
                ],
                0..12,
            )
        ) {
            let s = words.join(" ");
            for s in [s.clone(), s.to_lowercase()] {
                let s: String = s;
                let out = body_name(&s);
                prop_assert_eq!(out.split_whitespace().count(), s.split_whitespace().count());
            }
        }
    }

    #[test]
    fn a_syllable_is_told_from_an_abbreviation() {
        for w in [
            "nghieng", "uy", "quy", "truong", "a", "khuyen", "gi", "thuong",
        ] {
            assert!(super::syllable(w), "{w}");
        }
        for w in [
            "ubnd", "thpt", "hdnd", "389", "ii", "gd&dt", "bcd", "mttq", "",
        ] {
            assert!(!super::spoken(w), "{w}");
        }
        assert!(super::spoken("binhva") && !super::syllable("binhva"));
    }
}

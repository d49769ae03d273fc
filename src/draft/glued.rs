//! Words a PDF conversion or a scan ran together ("trướcngày", "Kínhgửi", "báocáo") split back
//! into the syllables they are.
//!
//! A Vietnamese syllable carries one tone mark at most, so a run of letters with two or more is
//! several syllables run together. It is split where every part is one syllable with one tone
//! mark at most, each after the first opening with a consonant or a capital; a run that cannot
//! be read so (a foreign word, an OCR misreading, marks a site garbled) is kept as printed. A
//! run with one tone mark or none ("xâydựng", "thanhtra") is kept too: nothing shows it is two
//! words rather than a name or a foreign word.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::casing::syllable;
use super::text::fold;

/// The tone marks (grave, acute, tilde, hook above, dot below) as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The longest syllable in letters ("nghiêng", "nghiệp").
const LONGEST: usize = 7;

/// The longest run, in bytes, read for syllables (six syllables of the longest, with their
/// marks); a longer run is no text a person wrote and is kept as printed, so a hostile upload
/// costs no more than a line.
const LONGEST_RUN: usize = 6 * LONGEST * 4;

fn tones(s: &str) -> usize {
    s.nfd().filter(|c| TONES.contains(c)).count()
}

/// The line with every run of letters that holds two tone marks or more split into its
/// syllables where it can be.
pub fn split(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut changed = false;
    let mut run_start: Option<usize> = None;
    let flush = |out: &mut String, run: &str, changed: &mut bool| match (run.len() <= LONGEST_RUN
        && tones(run) >= 2)
        .then(|| syllables(run))
        .flatten()
    {
        Some(parts) => {
            out.push_str(&parts.join(" "));
            *changed = true;
        }
        None => out.push_str(run),
    };
    for (i, c) in line.char_indices() {
        if c.is_alphabetic() {
            run_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = run_start.take() {
            flush(&mut out, &line[s..i], &mut changed);
        }
        out.push(c);
    }
    if let Some(s) = run_start {
        flush(&mut out, &line[s..], &mut changed);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(line)
    }
}

/// The run read as syllables of one tone mark at most, every syllable after the first opening
/// with a consonant or a capital ("báo cáo", not "báoc áo"; "vào Ủy"); None when it cannot be.
/// A text whose marks a site garbled ("Tạĩ phĩên họp ngàỷ …": one syllable, two marks) reads no
/// other way and is kept. Of several readings, the one of fewer syllables, then the one with
/// the longer first syllables.
fn syllables(run: &str) -> Option<Vec<&str>> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let n = bounds.len() - 1;
    // best[at]: the cost of the best reading of the run from char `at` on, and where its
    // first syllable ends.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, n));
    for at in (0..n).rev() {
        for end in (at + 1..=(at + LONGEST).min(n)).rev() {
            let Some((rest, _)) = best[end] else { continue };
            let piece = &run[bounds[at]..bounds[end]];
            let folded = fold(piece);
            if tones(piece) > 1 || !syllable(&folded) {
                continue;
            }
            let bare = at > 0
                && folded.starts_with(|c: char| "aeiouy".contains(c))
                && !piece.starts_with(char::is_uppercase);
            if bare {
                continue;
            }
            let cost = rest + 1;
            if best[at].is_none_or(|(c, _)| cost < c) {
                best[at] = Some((cost, end));
            }
        }
    }
    let mut parts = Vec::new();
    let mut at = 0;
    while at < n {
        let (_, end) = best[at]?;
        parts.push(&run[bounds[at]..bounds[end]]);
        at = end;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::split;

    /// Runs as PDF text layers and scans print them (written for this test).
    #[test]
    fn runs_of_syllables_are_split_back() {
        for (printed, want) in [
            (
                "Các xã báo cáo trướcngày 15/3/2026.",
                "Các xã báo cáo trước ngày 15/3/2026.",
            ),
            ("Kínhgửi: Các sở, ngành", "Kính gửi: Các sở, ngành"),
            ("gửivề Bộ Tài chính", "gửi về Bộ Tài chính"),
            ("thủ tụcNgày 5/3", "thủ tục Ngày 5/3"),
            ("báocáo kếtquả thựchiện", "báo cáo kết quả thực hiện"),
            ("sảnphẩmđông lạnh", "sản phẩm đông lạnh"),
            ("KẾHOẠCH", "KẾ HOẠCH"),
            ("trình vàoỦy ban", "trình vào Ủy ban"),
        ] {
            assert_eq!(split(printed), want, "{printed}");
        }
    }

    /// One syllable, one tone mark or none, foreign words and abbreviations stay as printed.
    #[test]
    fn words_that_are_not_runs_stay() {
        for s in [
            "Ủy ban nhân dân tỉnh Nghệ An báo cáo trước ngày 20/12.",
            "xâydựng thanhtra",
            "online, email, VNeID, GD&ĐT, NĐ-CP",
            "nghiêng nghiệp người khuỷu",
            // Marks a site garbled: one syllable with two marks, no second syllable to read.
            "Tạĩ phĩên họp ngàỷ 28/2/2025, nhíệm vụ kết lũận",
            // Too long a run to be words a person wrote.
            &"trướcngày".repeat(40),
            "",
        ] {
            assert_eq!(split(s), s, "{s}");
        }
    }

    const POOL: [&str; 16] = [
        "trước", "ngày", "báo", "cáo", "Kính", "gửi", "Ủy", "ban", "nghiệp", "thực", "hiện", "quý",
        "xã", "a", "online", "ĐT",
    ];

    proptest::proptest! {
        /// Any text, and syllables run together at random: no panic, and every letter kept in
        /// its place (only spaces are added).
        #[test]
        fn only_spaces_are_added(
            s in "\\PC{0,60}",
            words in proptest::collection::vec(proptest::sample::select(&POOL[..]), 0..8),
        ) {
            for text in [s, words.concat()] {
                let out = split(&text);
                proptest::prop_assert_eq!(out.replace(' ', ""), text.replace(' ', ""));
            }
        }
    }
}

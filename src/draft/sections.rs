//! The section tree of a plan's body (I., 1., a), Bước 1:, -, +) with the clause reference of
//! every paragraph ("II.4 Bước 1", "III.2.a"), and sentences within paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use super::text::fold;

/// The kind of a numbered line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Roman,
    Arabic,
    Letter,
    Step,
    Bullet,
    Plus,
    /// A paragraph with no numbering of its own.
    Plain,
}

impl Label {
    fn depth(self) -> u8 {
        match self {
            Label::Roman => 1,
            Label::Arabic => 2,
            Label::Letter => 3,
            Label::Step => 3,
            Label::Bullet => 4,
            Label::Plus => 5,
            Label::Plain => 6,
        }
    }
}

/// One paragraph of the body.
#[derive(Debug, Clone)]
pub struct Block {
    pub label: Label,
    /// The paragraph's text without its numbering ("Bước N:" is kept: it is part of the text).
    pub text: String,
    /// Clause reference: "IV.1", "II.4 Bước 1", "" before the first section.
    pub clause: String,
    /// The enclosing numbered item.
    pub parent: Option<usize>,
    /// 1-based line in the normalised text.
    pub line: usize,
    /// Why no obligation is drawn from this paragraph (aims, principles, headings).
    pub skip: Option<&'static str>,
}

static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s*[.)]\s*(.*)$").expect("regex")
});
static ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[.)]\s*(.*)$").expect("regex"));
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ])\)\s*(.*)$|^([a-zđ])\.\s+(\p{Lu}.*)$").expect("regex"));
static STEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(Bước\s+\d+)\s*[:.]").expect("regex"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([-–•+])\s*(.*)$").expect("regex"));

const NON_DUTY: [&str; 6] = [
    "muc dich",
    "muc tieu",
    "yeu cau",
    "nguyen tac",
    "quan diem",
    "can cu",
];

/// Paragraphs: a line that starts in lowercase continues the previous paragraph (a page
/// break in the source).
fn paragraphs(body: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (n, line) in body {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let first = line.chars().next().unwrap_or(' ');
        let item = LETTER.is_match(line) || BULLET.is_match(line);
        if first.is_lowercase() && !item {
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

/// Builds the section tree.
pub fn blocks(body: &[(usize, String)]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Open numbered items: (depth, block index, own clause part).
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut seen_roman = false;
    for (line, text) in paragraphs(body) {
        let (label, own, rest) = if let Some(c) = ROMAN.captures(&text).filter(|c| !c[2].is_empty())
        {
            (Label::Roman, c[1].to_owned(), c[2].to_owned())
        } else if let Some(c) = ARABIC.captures(&text).filter(|_| seen_roman) {
            (Label::Arabic, c[1].to_owned(), c[2].to_owned())
        } else if let Some(c) = LETTER.captures(&text).filter(|_| seen_roman) {
            let l = c.get(1).or(c.get(3)).expect("letter").as_str().to_owned();
            let r = c.get(2).or(c.get(4)).expect("text").as_str().to_owned();
            (Label::Letter, l, r)
        } else if let Some(c) = STEP.captures(&text).filter(|_| seen_roman) {
            (Label::Step, c[1].to_owned(), text.clone())
        } else if let Some(c) = BULLET.captures(&text).filter(|_| seen_roman) {
            let l = if &c[1] == "+" {
                Label::Plus
            } else {
                Label::Bullet
            };
            (l, String::new(), c[2].to_owned())
        } else {
            (Label::Plain, String::new(), text.clone())
        };
        if label == Label::Roman {
            seen_roman = true;
        }
        let depth = label.depth();
        if label == Label::Plain {
            while stack
                .last()
                .is_some_and(|(d, _)| *d >= Label::Bullet.depth())
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
        let mut clause = base.as_ref().map(|b| b.clause.clone()).unwrap_or_default();
        match label {
            Label::Roman => clause = own.clone(),
            Label::Arabic | Label::Letter => {
                if !clause.is_empty() {
                    clause.push('.');
                }
                clause.push_str(&own);
            }
            Label::Step => {
                if !clause.is_empty() {
                    clause.push(' ');
                }
                clause.push_str(&own);
            }
            _ => {}
        }
        let folded = fold(&rest);
        let mut skip = base.as_ref().and_then(inherited_skip);
        if matches!(label, Label::Roman | Label::Arabic)
            && NON_DUTY.iter().any(|w| folded.starts_with(w))
            && (label == Label::Roman || rest.split_whitespace().count() <= 5)
        {
            skip = Some("aims or principles (mục đích, yêu cầu, nguyên tắc): not a duty");
        }
        if !seen_roman {
            skip = Some("preamble: the documents the plan implements");
        }
        let heading_skip = (label == Label::Roman
            || rest == rest.to_uppercase() && rest.chars().any(char::is_alphabetic))
        .then_some("a heading");
        out.push(Block {
            label,
            text: rest,
            clause,
            parent,
            line,
            skip: skip.or(heading_skip),
        });
        if label != Label::Plain {
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

    fn body(s: &str) -> Vec<(usize, String)> {
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

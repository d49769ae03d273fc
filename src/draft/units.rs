//! Unit names in the text matched against the directory: diacritic-blind, with the usual
//! abbreviations (UBND, BCĐ, CA, MTTQ, LĐ-TB&XH …), the plan's own place name dropped
//! ("Công an thị xã" = "Công an thị xã Đông Triều"), and plural forms matched to groups
//! ("UBND các xã, phường", "các sở, ban, ngành, tổ chức chính trị - xã hội cấp tỉnh").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::text::fold;
use crate::domain::ids::UnitId;
use crate::domain::model::Directory;

/// A folded word of the text with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub norm: String,
    pub start: usize,
    pub end: usize,
    /// The original word starts with a capital letter.
    pub upper: bool,
}

/// Titles and forms of address before a body's name, folded: "Chủ tịch UBND huyện", "Thủ
/// trưởng các phòng", "Giám đốc Sở Tư pháp", "Đồng chí Giám đốc Sở …", "Người đứng đầu Công an
/// tỉnh", "Cơ quan thường trực (Công an huyện)": the duty is the body's. A title may stand
/// before another ("Đồng chí Giám đốc …").
pub(super) const TITLES: [&[&str]; 16] = [
    &["pho", "chu", "tich"],
    &["chu", "tich"],
    &["thu", "truong"],
    &["lanh", "dao"],
    &["tong", "giam", "doc"],
    &["pho", "giam", "doc"],
    &["giam", "doc"],
    &["cac", "dong", "chi"],
    &["dong", "chi"],
    &["nguoi", "dung", "dau"],
    &["pho", "bi", "thu"],
    &["bi", "thu"],
    &["cuc", "truong"],
    &["truong"],
    &["co", "quan", "thuong", "truc"],
    &["luc", "luong"],
];

/// The level words (`text::LEVELS`) as folded tokens.
static LEVELS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    super::text::LEVELS
        .iter()
        .map(|l| fold(l).split(' ').map(str::to_owned).collect())
        .collect()
});

fn expansion(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "ubnd" => &["uy", "ban", "nhan", "dan"],
        "bcd" => &["ban", "chi", "dao"],
        "mttq" => &["mat", "tran", "to", "quoc"],
        "ubmttq" => &["uy", "ban", "mat", "tran", "to", "quoc"],
        "hdnd" => &["hoi", "dong", "nhan", "dan"],
        "ld-tb&xh" | "ldtb&xh" | "ldtbxh" | "ld-tbxh" | "ldtb-xh" => {
            &["lao", "dong", "thuong", "binh", "va", "xa", "hoi"]
        }
        "gd&dt" | "gddt" | "gd-dt" => &["giao", "duc", "va", "dao", "tao"],
        "tn&mt" | "tnmt" => &["tai", "nguyen", "va", "moi", "truong"],
        "vh&tt" | "vhtt" | "vh-tt" => &["van", "hoa", "va", "thong", "tin"],
        "tc-kh" | "tckh" => &["tai", "chinh", "ke", "hoach"],
        "ct-xh" | "ctxh" => &["chinh", "tri", "xa", "hoi"],
        "tp" => &["thanh", "pho"],
        _ => return None,
    })
}

/// Words of a text, folded and with abbreviations expanded; `-` between spaces is dropped,
/// `,` `;` `(` `)` `:` `.` are tokens of their own.
pub fn tokenize(s: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut raw: Vec<Tok> = Vec::new();
    let mut i = 0;
    let is_word = |c: char| c.is_alphanumeric() || c == '/' || c == '&';
    while i < chars.len() {
        let (b, c) = chars[i];
        if is_word(c) {
            let mut j = i;
            while j < chars.len() {
                let cj = chars[j].1;
                let inner_dash = cj == '-'
                    && j > i
                    && chars.get(j + 1).is_some_and(|x| is_word(x.1))
                    && is_word(chars[j - 1].1);
                if is_word(cj) || inner_dash {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            let word = &s[b..end];
            raw.push(Tok {
                norm: fold(word),
                start: b,
                end,
                upper: c.is_uppercase(),
            });
            i = j;
        } else {
            if ",;():.".contains(c) {
                raw.push(Tok {
                    norm: c.to_string(),
                    start: b,
                    end: b + c.len_utf8(),
                    upper: false,
                });
            }
            i += 1;
        }
    }
    let mut out = Vec::with_capacity(raw.len());
    for (k, t) in raw.iter().enumerate() {
        let next_is_level = raw
            .get(k + 1)
            .is_some_and(|n| LEVELS.iter().any(|l| l[0] == n.norm));
        let exp: Option<&[&str]> = if t.norm == "ca" && next_is_level {
            Some(&["cong", "an"])
        } else {
            expansion(&t.norm)
        };
        match exp {
            Some(words) => out.extend(words.iter().map(|w| Tok {
                norm: (*w).to_owned(),
                ..t.clone()
            })),
            None => out.push(t.clone()),
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    tokenize(s).into_iter().map(|t| t.norm).collect()
}

/// A name (or any text) without its parenthesised parts and quoted titles.
pub(super) fn bare_name(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut quote = false;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1i32).max(0),
            '“' => quote = true,
            '”' => quote = false,
            _ if depth == 0 && !quote => out.push(c),
            _ => {}
        }
    }
    out
}

const GENERIC: [&[&str]; 7] = [
    &["cong", "an"],
    &["uy", "ban", "nhan", "dan"],
    &["ban", "chi", "dao"],
    &["dang", "uy"],
    &["hoi", "dong", "nhan", "dan"],
    &["chi", "bo"],
    &["uy", "ban"],
];

const NOUNS: [&[&str]; 26] = [
    &["to", "chuc", "chinh", "tri", "xa", "hoi"],
    &["co", "so", "giao", "duc"],
    &["chi", "bo", "thon"],
    &["khu", "dan", "cu"],
    &["doanh", "nghiep"],
    &["nha", "truong"],
    &["doan", "the"],
    &["co", "quan"],
    &["don", "vi"],
    &["thanh", "pho"],
    &["thi", "xa"],
    &["thi", "tran"],
    &["khu", "pho"],
    &["chi", "bo"],
    &["so"],
    &["ban"],
    &["nganh"],
    &["phong"],
    &["xa"],
    &["phuong"],
    &["huyen"],
    &["thanh"],
    &["thi"],
    &["quan"],
    &["thon"],
    &["hoi"],
];

const ADMIN: [&str; 7] = [
    "xa",
    "phuong",
    "thi tran",
    "huyen",
    "thanh pho",
    "thi xa",
    "quan",
];

fn canonical_noun(n: &str) -> String {
    match n {
        "thanh" => "thanh pho".into(),
        "thi" => "thi xa".into(),
        "chi bo thon" => "chi bo".into(),
        other => other.into(),
    }
}

/// A plural form: `[head] các noun, noun … [cấp level]`.
#[derive(Debug, Clone, Default, PartialEq)]
struct Plural {
    head: Vec<String>,
    nouns: BTreeSet<String>,
    level: Option<String>,
    end: usize,
}

fn starts(toks: &[String], i: usize, pat: &[&str]) -> bool {
    pat.iter()
        .enumerate()
        .all(|(k, p)| toks.get(i + k).is_some_and(|t| t == p))
}

fn starts_s(toks: &[String], i: usize, pat: &[String]) -> bool {
    pat.iter()
        .enumerate()
        .all(|(k, p)| toks.get(i + k) == Some(p))
}

/// Parses the nouns and level of a plural form from token `i` (just after `các` or the head).
fn plural_tail(
    t: &[String],
    mut i: usize,
    need_cac: bool,
) -> Option<(BTreeSet<String>, Option<String>, usize)> {
    if t.get(i).is_some_and(|x| x == "cac") {
        i += 1;
    } else if need_cac && t.get(i).is_none_or(|x| x != "cap") {
        return None;
    }
    let mut nouns = BTreeSet::new();
    let mut level = None;
    let mut end = i;
    let sep = |t: &[String], i: usize| t.get(i).is_some_and(|x| x == "," || x == "va");
    let noun_at = |t: &[String], i: usize| NOUNS.iter().find(|n| starts(t, i, n)).copied();
    loop {
        if t.get(i).is_some_and(|x| x == "cap") {
            if let Some(l) = t
                .get(i + 1)
                .filter(|l| ["tinh", "huyen", "xa"].contains(&l.as_str()))
            {
                level = Some(l.clone());
                i += 2;
                end = i;
                if sep(t, i) && t.get(i + 1).is_some_and(|x| x == "cap") {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        let Some(n) = noun_at(t, i) else { break };
        nouns.insert(canonical_noun(&n.join(" ")));
        i += n.len();
        end = i;
        if sep(t, i) && (noun_at(t, i + 1).is_some() || t.get(i + 1).is_some_and(|x| x == "cap")) {
            i += 1;
        } else if t.get(i).is_none_or(|x| x != "cap") {
            break;
        }
    }
    (!nouns.is_empty() || level.is_some()).then_some((nouns, level, end))
}

#[derive(Debug, Clone)]
struct GroupForm {
    id: UnitId,
    form: Plural,
}

/// What was found at a position of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Token index just after the name.
    pub end: usize,
    /// The units and groups it names (empty: a unit-like name the directory does not have).
    pub ids: Vec<UnitId>,
    /// Parts of a plural form no group covers ("khu dân cư, cơ quan").
    pub leftover: Vec<String>,
}

/// The directory's names, ready for matching.
#[derive(Debug, Clone)]
pub struct Lexicon {
    aliases: BTreeMap<Vec<String>, Vec<UnitId>>,
    max_len: usize,
    groups: Vec<GroupForm>,
    heads: Vec<Vec<String>>,
    level: Option<Vec<String>>,
}

/// Where a name's level word and place start ("Công an huyện Quan Sơn" → (2, 3)): the split
/// whose place is the plan's own, else the last level word followed by a place.
fn split_level_place(t: &[String], place: Option<&Vec<String>>) -> Option<(usize, usize)> {
    let mut all = Vec::new();
    let mut k = 0;
    while k < t.len() {
        let mut hit = false;
        for l in LEVELS.iter().filter(|l| starts_s(t, k, l)) {
            if k + l.len() < t.len() {
                all.push((k, k + l.len()));
                hit = true;
            }
        }
        let _ = hit;
        k += 1;
    }
    // A two-word level ("thị xã") wins over its second word ("xã") at the same place.
    let snapshot = all.clone();
    all.retain(|&(k, p)| !snapshot.iter().any(|&(k2, p2)| k2 < k && p2 == p));
    if let Some(pl) = place {
        if let Some(x) = all.iter().find(|(_, p)| t[*p..] == pl[..]) {
            return Some(*x);
        }
    }
    all.last().copied()
}

impl Lexicon {
    /// `place` is the plan's place name ("Đông Triều"), `level` its issuer's level word
    /// ("thị xã"): "Công an thị xã" then means "Công an thị xã Đông Triều".
    pub fn new(dir: &Directory, place: Option<&str>, level: Option<&str>) -> Self {
        let place = place.map(words).filter(|p| !p.is_empty());
        let mut aliases: BTreeMap<Vec<String>, Vec<UnitId>> = BTreeMap::new();
        let mut add = |a: Vec<String>, id: &UnitId| {
            if a.is_empty()
                || GENERIC
                    .iter()
                    .any(|g| starts(&a, 0, g) && a.len() == g.len())
            {
                return;
            }
            let v = aliases.entry(a).or_default();
            if !v.contains(id) {
                v.push(id.clone());
            }
        };
        let mut named: Vec<(UnitId, String, Option<String>)> = dir
            .units()
            .map(|u| (u.id.clone(), u.name.clone(), u.short.clone()))
            .collect();
        named.extend(dir.groups().map(|g| (g.id.clone(), g.name.clone(), None)));
        let mut groups = Vec::new();
        for (id, name, short) in &named {
            let full = words(&name.replace(['(', ')'], " "));
            add(full, id);
            let t = words(&bare_name(name));
            add(t.clone(), id);
            if let Some(s) = short {
                let s = words(s);
                if s.len() > 1
                    || s.iter()
                        .any(|w| w.chars().any(|c| !c.is_ascii_alphabetic()))
                {
                    add(s, id);
                }
            }
            if let Some((k, p)) = split_level_place(&t, place.as_ref()) {
                let here = place.as_ref().is_some_and(|pl| t[p..] == pl[..]);
                if here {
                    add(t[..p].to_vec(), id);
                    if k >= 2 {
                        add(t[..k].to_vec(), id);
                    }
                } else if starts(&t, 0, &["uy", "ban", "nhan", "dan"]) && t.len() > 4 {
                    add(t[4..].to_vec(), id);
                }
            }
            if let Some(k) = (0..t.len()).find(|&k| starts(&t, k, &["thanh", "vien"])) {
                if k > 0 {
                    let tail = t[k..].to_vec();
                    if let Some((_, p)) = split_level_place(&tail, place.as_ref()) {
                        if place.as_ref().is_some_and(|pl| tail[p..] == pl[..]) {
                            add(tail[..p].to_vec(), id);
                        }
                    }
                    add(tail, id);
                }
            }
            // Plural form of a group name.
            if dir.group(id).is_some() {
                if let Some(c) = (0..t.len()).find(|&k| t[k] == "cac") {
                    if let Some((nouns, lvl, end)) = plural_tail(&t, c, true) {
                        let rest = &t[end..];
                        let local = rest.is_empty()
                            || split_level_place(rest, place.as_ref()).is_some_and(|(k, p)| {
                                k == 0 && place.as_ref().is_some_and(|pl| rest[p..] == pl[..])
                            });
                        if local {
                            groups.push(GroupForm {
                                id: id.clone(),
                                form: Plural {
                                    head: t[..c].to_vec(),
                                    nouns,
                                    level: lvl,
                                    end: 0,
                                },
                            });
                        }
                    }
                }
            }
        }
        let mut heads: Vec<Vec<String>> = groups.iter().map(|g| g.form.head.clone()).collect();
        heads.push(vec!["uy".into(), "ban".into(), "nhan".into(), "dan".into()]);
        heads.push(Vec::new());
        heads.sort_by_key(|h| std::cmp::Reverse(h.len()));
        heads.dedup();
        let max_len = aliases.keys().map(Vec::len).max().unwrap_or(0);
        Self {
            aliases,
            max_len,
            groups,
            heads,
            level: level.map(words),
        }
    }

    fn alias_at(&self, t: &[String], i: usize) -> Option<(usize, Vec<UnitId>)> {
        let top = self.max_len.min(t.len().saturating_sub(i));
        for len in (1..=top).rev() {
            if let Some(ids) = self.aliases.get(&t[i..i + len]) {
                return Some((i + len, ids.clone()));
            }
        }
        None
    }

    fn plural_at(
        &self,
        t: &[String],
        i: usize,
        bare: bool,
        upper_next: impl Fn(usize) -> bool,
    ) -> Option<Hit> {
        for head in &self.heads {
            if !starts_s(t, i, head) {
                continue;
            }
            let j = i + head.len();
            let with_cac = plural_tail(t, j, true);
            let is_bare = with_cac.is_none();
            let Some((nouns, level, end)) = with_cac.or_else(|| {
                if bare && head.is_empty() {
                    plural_tail(t, j, false).filter(|(n, _, e)| n.len() == 1 && !upper_next(*e))
                } else {
                    None
                }
            }) else {
                continue;
            };
            if is_bare {
                let g = self
                    .groups
                    .iter()
                    .find(|g| g.form.head.is_empty() && g.form.nouns == nouns)?;
                return Some(Hit {
                    end,
                    ids: vec![g.id.clone()],
                    leftover: Vec::new(),
                });
            }
            let mut want = nouns.clone();
            if want.iter().all(|n| !ADMIN.contains(&n.as_str())) {
                match level.as_deref() {
                    Some("huyen") if !head.is_empty() => {
                        want.extend(["huyen", "thanh pho", "thi xa", "quan"].map(String::from))
                    }
                    Some("xa") if !head.is_empty() => {
                        want.extend(["xa", "phuong", "thi tran"].map(String::from))
                    }
                    _ => {}
                }
            }
            let head_ok = |g: &GroupForm| {
                g.form.head == *head
                    || head.is_empty()
                        && g.form.head == ["uy", "ban", "nhan", "dan"]
                        && g.form.nouns.iter().all(|n| ADMIN.contains(&n.as_str()))
            };
            let level_ok = |g: &GroupForm| match (&g.form.level, &level) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let mut picked: Vec<&GroupForm> = self
                .groups
                .iter()
                .filter(|g| {
                    head_ok(g)
                        && level_ok(g)
                        && !g.form.nouns.is_empty()
                        && g.form.nouns.is_subset(&want)
                })
                .collect();
            if picked.is_empty() {
                picked = self
                    .groups
                    .iter()
                    .filter(|g| {
                        head_ok(g)
                            && level_ok(g)
                            && !nouns.is_empty()
                            && nouns.is_subset(&g.form.nouns)
                            && (nouns.len() >= 2
                                || bare
                                || g.form.nouns.len() == 1
                                || level.is_some())
                    })
                    .collect();
            }
            let keep: Vec<&GroupForm> = picked
                .iter()
                .filter(|g| {
                    !picked.iter().any(|o| {
                        o.id != g.id
                            && g.form.nouns.is_subset(&o.form.nouns)
                            && g.form.nouns != o.form.nouns
                    })
                })
                .copied()
                .collect();
            let covered: BTreeSet<String> = keep
                .iter()
                .flat_map(|g| g.form.nouns.iter().cloned())
                .collect();
            let leftover: Vec<String> = nouns
                .iter()
                .filter(|n| !covered.contains(*n) && !want.is_subset(&covered))
                .cloned()
                .collect();
            let leftover = if keep.iter().any(|g| nouns.is_subset(&g.form.nouns)) {
                Vec::new()
            } else {
                leftover
            };
            return Some(Hit {
                end,
                ids: keep.iter().map(|g| g.id.clone()).collect(),
                leftover,
            });
        }
        None
    }

    /// The unit, group or plural form starting at token `i`, if any. `subject`: at the start
    /// of a clause, where a bare generic noun ("chi bộ có nghị quyết") names every such unit.
    pub fn at(&self, toks: &[Tok], i: usize, subject: bool) -> Option<Hit> {
        let t: Vec<String> = toks.iter().map(|x| x.norm.clone()).collect();
        self.at_words(&t, i, subject, |e| toks.get(e).is_some_and(|x| x.upper))
    }

    fn at_words(
        &self,
        t: &[String],
        i: usize,
        subject: bool,
        upper_next: impl Fn(usize) -> bool + Copy,
    ) -> Option<Hit> {
        // Titles before a body: "Chủ tịch UBND huyện", "Thủ trưởng các phòng", "Cơ quan thường trực".
        for title in TITLES {
            if starts(t, i, title) && t.len() > i + title.len() {
                // "cơ quan thường trực (Công an huyện)".
                let j = i + title.len() + usize::from(t[i + title.len()] == "(");
                if let Some(h) = self.at_words(t, j, subject, upper_next) {
                    let own = self.plain_at(t, i, subject, upper_next);
                    return Some(match own {
                        Some(o) if o.end >= h.end => o,
                        _ => h,
                    });
                }
            }
        }
        self.plain_at(t, i, subject, upper_next)
    }

    fn plain_at(
        &self,
        t: &[String],
        i: usize,
        subject: bool,
        upper_next: impl Fn(usize) -> bool,
    ) -> Option<Hit> {
        let alias = self.alias_at(t, i).map(|(end, ids)| Hit {
            end,
            ids,
            leftover: Vec::new(),
        });
        let mut plural = self.plural_at(t, i, subject, upper_next);
        // "các cơ quan, đơn vị là thành viên Ban Chỉ đạo …": the group is named by its tail.
        if let Some(p) = plural.as_mut().filter(|p| p.ids.is_empty()) {
            let j = if t.get(p.end).is_some_and(|x| x == "la") {
                p.end + 1
            } else {
                p.end
            };
            if let Some((end, ids)) = self.alias_at(t, j) {
                *p = Hit {
                    end,
                    ids,
                    leftover: Vec::new(),
                };
            }
        }
        let special = self.special_at(t, i);
        [alias, plural, special]
            .into_iter()
            .flatten()
            .filter(|h| !h.ids.is_empty() || !h.leftover.is_empty())
            .max_by_key(|h| (h.end, !h.ids.is_empty()))
    }

    /// "lực lượng Công an" / "Công an" alone: the police of the plan's level; "cấp có thẩm
    /// quyền": the People's Committee of the plan's level.
    fn special_at(&self, t: &[String], i: usize) -> Option<Hit> {
        let level = self.level.as_ref()?;
        let (body, end): (&[&str], usize) = if starts(t, i, &["cap", "co", "tham", "quyen"]) {
            (&["uy", "ban", "nhan", "dan"], i + 4)
        } else if starts(t, i, &["cap", "tham", "quyen"]) {
            (&["uy", "ban", "nhan", "dan"], i + 3)
        } else if starts(t, i, &["cong", "an"])
            && !t
                .get(i + 2)
                .is_some_and(|n| LEVELS.iter().any(|l| &l[0] == n) || n == "cac")
        {
            (&["cong", "an"], i + 2)
        } else {
            return None;
        };
        let mut key: Vec<String> = body.iter().map(|s| (*s).to_owned()).collect();
        key.extend(level.iter().cloned());
        let ids = self.aliases.get(&key)?.clone();
        Some(Hit {
            end,
            ids,
            leftover: Vec::new(),
        })
    }

    /// Every name in a token list, left to right, longest first.
    pub fn scan(&self, toks: &[Tok]) -> Vec<(usize, Hit)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match self.at(toks, i, false) {
                Some(h) if h.end > i => {
                    let end = h.end;
                    out.push((i, h));
                    i = end;
                }
                _ => i += 1,
            }
        }
        out
    }
}

/// The part of the directory a document may name: the units of its place (their names carry
/// the place, or they report up to one that does), the units above them, and the groups made
/// of them. A document with no place, or of a place the directory does not hold, gets an empty
/// directory: its names are listed as unmatched, never borrowed from another province.
pub fn scoped(dir: &Directory, place: Option<&str>) -> Directory {
    use crate::domain::model::{Group, Unit};
    let Some(place) = place
        .map(super::text::fold)
        .filter(|p| !p.trim().is_empty())
    else {
        return Directory::new(Vec::new(), Vec::new());
    };
    let named = |name: &str| {
        let f = super::text::fold(name);
        f.match_indices(place.as_str()).any(|(i, _)| {
            let after = &f[i + place.len()..];
            (i == 0 || f[..i].ends_with([' ', '('])) && !after.starts_with(char::is_alphanumeric)
        })
    };
    let mut keep: Vec<UnitId> = dir
        .units()
        .filter(|u| named(&u.name))
        .map(|u| u.id.clone())
        .collect();
    // Units reporting up to a kept unit (a commune under the district), to a fixed point.
    loop {
        let before = keep.len();
        for u in dir.units() {
            if !keep.contains(&u.id) && u.supervisor.as_ref().is_some_and(|s| keep.contains(s)) {
                keep.push(u.id.clone());
            }
        }
        if keep.len() == before {
            break;
        }
    }
    // The units above them (the province a district reports to).
    let mut above: Vec<UnitId> = Vec::new();
    for id in &keep {
        let mut cur = dir.unit(id).and_then(|u| u.supervisor.clone());
        while let Some(s) = cur {
            if keep.contains(&s) || above.contains(&s) {
                break;
            }
            above.push(s.clone());
            cur = dir.unit(&s).and_then(|u| u.supervisor.clone());
        }
    }
    keep.extend(above);
    let units: Vec<Unit> = dir
        .units()
        .filter(|u| keep.contains(&u.id))
        .cloned()
        .collect();
    let groups: Vec<Group> = dir
        .groups()
        .filter(|g| {
            named(&g.name) || !g.members.is_empty() && g.members.iter().all(|m| keep.contains(m))
        })
        .cloned()
        .collect();
    Directory::new(units, groups)
}

/// The first place a text names with its level ("tỉnh Kon Tum", "thành phố Hồ Chí Minh"), for
/// a document whose header gives none (an excerpt, a news item).
pub fn place_in_text(text: &str) -> Option<String> {
    static PLACE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:tỉnh|Tỉnh|thành phố|huyện|thị xã)\s+((?:\p{Lu}[\p{Ll}\p{M}]*)(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,3})")
            .expect("regex")
    });
    PLACE.captures(text).map(|c| c[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Contacts, Group, Unit};

    fn unit(id: &str, name: &str, short: Option<&str>) -> Unit {
        Unit {
            id: UnitId::parse(id).unwrap(),
            name: name.into(),
            short: short.map(Into::into),
            supervisor: None,
            contacts: Contacts::default(),
        }
    }

    fn group(id: &str, name: &str, members: &[&str]) -> Group {
        Group {
            id: UnitId::parse(id).unwrap(),
            name: name.into(),
            members: members.iter().map(|m| UnitId::parse(m).unwrap()).collect(),
            illustrative: true,
            note: None,
        }
    }

    fn dir() -> Directory {
        Directory::new(
            vec![
                unit("ca-dt", "Công an thị xã Đông Triều", Some("CATX")),
                unit(
                    "ubnd-dt",
                    "Ủy ban nhân dân thị xã Đông Triều",
                    Some("UBND thị xã"),
                ),
                unit("bcd-dt", "Ban Chỉ đạo 05/ĐT thị xã Đông Triều", None),
                unit(
                    "ldtbxh-dt",
                    "Phòng Lao động - Thương binh và Xã hội thị xã Đông Triều",
                    None,
                ),
                unit("p1", "Ủy ban nhân dân phường Mạo Khê", None),
                unit("x1", "Ủy ban nhân dân xã An Sinh", None),
                unit("so1", "Sở Nội vụ tỉnh Nghệ An", None),
                unit("ct1", "Tỉnh đoàn Nghệ An", None),
                unit("ca-cd", "Công an đặc khu Côn Đảo", None),
                unit("cb1", "Chi bộ thôn Trung Sơn", None),
                unit(
                    "mt",
                    "Ủy ban Mặt trận Tổ quốc Việt Nam thị xã Đông Triều",
                    None,
                ),
            ],
            vec![
                group(
                    "xa-phuong",
                    "Ủy ban nhân dân các xã, phường (thị xã Đông Triều)",
                    &["p1", "x1"],
                ),
                group(
                    "tv",
                    "Các cơ quan, đơn vị thành viên Ban Chỉ đạo 05/ĐT thị xã Đông Triều",
                    &["ldtbxh-dt"],
                ),
                group("so", "Các sở, ban, ngành cấp tỉnh (tỉnh Nghệ An)", &["so1"]),
                group(
                    "ctxh",
                    "Các tổ chức chính trị - xã hội cấp tỉnh (tỉnh Nghệ An)",
                    &["ct1"],
                ),
                group("chibo", "Các chi bộ thôn (xã Tịnh Châu)", &["cb1"]),
            ],
        )
    }

    fn names(text: &str) -> Vec<Vec<String>> {
        let lex = Lexicon::new(&dir(), Some("Đông Triều"), Some("thị xã"));
        lex.scan(&tokenize(text))
            .into_iter()
            .map(|(_, h)| h.ids.iter().map(|i| i.to_string()).collect())
            .collect()
    }

    #[test]
    fn names_abbreviations_and_the_plans_own_place() {
        let table: &[(&str, &[&str])] = &[
            ("Công an thị xã", &["ca-dt"]),
            ("CÔNG AN THỊ XÃ ĐÔNG TRIỀU", &["ca-dt"]),
            ("Công an tính xã", &[]),
            ("CA thị xã", &["ca-dt"]),
            ("UBND thị xã", &["ubnd-dt"]),
            ("Chủ tịch UBND thị xã", &["ubnd-dt"]),
            ("Ban Chỉ đạo 05/ĐT thị xã", &["bcd-dt"]),
            ("BCĐ 05/ĐT thị xã", &["bcd-dt"]),
            ("Phòng LĐ-TB&XH thị xã", &["ldtbxh-dt"]),
            ("Phòng Lao động - Thương binh và Xã hội", &["ldtbxh-dt"]),
            ("Ủy ban MTTQ Việt Nam thị xã", &["mt"]),
            ("UBND phường Mạo Khê", &["p1"]),
            ("lực lượng Công an", &["ca-dt"]),
            ("cấp có thẩm quyền", &["ubnd-dt"]),
            // A special zone (1/7/2025) is a level like the others.
            ("CA đặc khu Côn Đảo", &["ca-cd"]),
        ];
        for (text, want) in table {
            let got = names(text);
            let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            if want.is_empty() {
                assert!(got.iter().all(|g| g.is_empty()), "{text}: {got:?}");
            } else {
                assert_eq!(got.first(), Some(&want), "{text}");
            }
        }
    }

    #[test]
    fn plural_forms_name_groups() {
        assert_eq!(
            names("UBND các xã, phường"),
            vec![vec!["xa-phuong".to_string()]]
        );
        assert_eq!(
            names("Ủy ban nhân dân các xã, phường xây dựng"),
            vec![vec!["xa-phuong".to_string()]]
        );
        assert_eq!(
            names("các cơ quan, đơn vị là thành viên Ban Chỉ đạo 05/ĐT thị xã"),
            vec![vec!["tv".to_string()]]
        );
        assert_eq!(
            names("các sở, ban, ngành, tổ chức chính trị - xã hội cấp tỉnh"),
            vec![vec!["ctxh".to_string(), "so".to_string()]]
        );
        let lex = Lexicon::new(&dir(), Some("Đông Triều"), Some("thị xã"));
        let toks = tokenize("chi bộ có nghị quyết");
        assert_eq!(
            lex.at(&toks, 0, true).unwrap().ids,
            vec![UnitId::parse("chibo").unwrap()]
        );
        assert!(lex.at(&toks, 0, false).is_none());
        let toks = tokenize("các xã, phường, khu dân cư");
        let h = lex.at(&toks, 0, false).unwrap();
        assert_eq!(h.ids, vec![UnitId::parse("xa-phuong").unwrap()]);
        assert_eq!(h.leftover, vec!["khu dan cu".to_string()]);
    }
}

//! Measuring the drafter on a corpus split (tests/corpus/<split>/<name>.txt + .toml, the format
//! README's drafting section describes): drafted obligations matched one-to-one to the expected ones by
//! quote overlap and due day; precision and recall on due days, assignees and recipients.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::text::fold;
use super::{Draft, DraftObligation};
use crate::domain::model::Directory;
use crate::domain::rule::{DueRule, ReportingCalendar, RuleSpec};
use crate::domain::time::midnight;

/// One expected obligation of a corpus document.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub quote: String,
    #[serde(default)]
    pub assignee: Vec<String>,
    pub recipient: Option<String>,
    pub rule: String,
    pub first_due: Option<NaiveDate>,
    #[serde(default)]
    pub dues: Vec<NaiveDate>,
    pub event: Option<String>,
    pub days: Option<u32>,
}

/// A corpus document's annotation.
#[derive(Debug, Clone, Deserialize)]
pub struct Annotation {
    pub source: String,
    pub kind: String,
    #[serde(default)]
    pub has_task_table: bool,
    pub issuer: Option<String>,
    pub province: Option<String>,
    pub ministry: Option<String>,
    pub issued: Option<NaiveDate>,
    #[serde(default)]
    pub excerpt: bool,
    #[serde(default)]
    pub obligation: Vec<Expected>,
    #[serde(flatten)]
    pub other: toml::Table,
}

/// Counts for one measure.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Score {
    /// Drafted items that are right (the precision's numerator).
    pub correct: usize,
    /// Expected items found (the recall's numerator).
    pub found: usize,
    /// Drafted items (the precision's denominator).
    pub drafted: usize,
    /// Expected items (the recall's denominator).
    pub expected: usize,
    pub precision: f64,
    pub recall: f64,
}

impl Score {
    fn add(&mut self, correct: usize, found: usize, drafted: usize, expected: usize) {
        self.correct += correct;
        self.found += found;
        self.drafted += drafted;
        self.expected += expected;
    }

    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.correct, self.drafted);
        self.recall = ratio(self.found, self.expected);
    }
}

/// What went wrong on one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocReport {
    pub name: String,
    pub kind: String,
    pub expected: usize,
    pub drafted: usize,
    pub matched: usize,
    pub due_correct: usize,
    /// Duties found through a holder they share with a paired one: expected duties of one
    /// holder found by a drafted obligation for several, and drafted obligations of one holder
    /// within an expected duty for several.
    pub shared_holders: usize,
    /// Expected duties no drafted obligation matched: their quotes.
    pub missed: Vec<String>,
    /// For each missed duty (same order), what the drafter did with its sentence: the reason
    /// of a skipped or unparsed phrase there ("skipped: <reason> [<phrase>]"), or "" when it
    /// read no date phrase there at all.
    pub missed_why: Vec<String>,
    /// Drafted obligations that match nothing: "clause: phrase".
    pub extra: Vec<String>,
    /// Pairs whose quotes match but whose due days differ: "quote: expected rule and first
    /// due → drafted rule and first due", to tell a due read wrong from a duty not found.
    pub wrong_due: Vec<String>,
}

/// The figures of one split.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub split: String,
    pub documents: usize,
    pub due: Score,
    pub assignees: Score,
    pub recipients: Score,
    /// Expected duties whose sentence the drafter classed as preamble.
    pub classed_as_preamble: usize,
    /// Assignees that are units of another province than the document's.
    pub other_province_units: usize,
    pub per_document: Vec<DocReport>,
}

/// A text's words after folding; HTML entities are read as their letters (an annotator quotes
/// a converted page as written, "b&aacute;o c&aacute;o", where the drafter reads "báo cáo").
fn words(s: &str) -> Vec<String> {
    fold(&html_escape::decode_html_entities(s))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// How much two texts share: the share of the shorter one's words found in the longer one.
fn overlap(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    if short.is_empty() {
        return 0.0;
    }
    let hit = short.iter().filter(|w| long.contains(w)).count();
    hit as f64 / short.len() as f64
}

/// How close two quotes are, to break ties: shared words over all words of both (the sentence
/// that holds exactly the expected words wins over a longer or a similar one).
fn closeness(a: &str, b: &str) -> f64 {
    let wa: std::collections::BTreeSet<String> = words(a).into_iter().collect();
    let wb: std::collections::BTreeSet<String> = words(b).into_iter().collect();
    let shared = wa.intersection(&wb).count();
    let all = wa.union(&wb).count();
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// Two names for the same body, after folding: one's words mostly inside the other's.
fn same_name(a: &str, b: &str) -> bool {
    overlap(a, b) >= 0.6
}

/// How far after the text's date a first due is looked for: a plan may set a one-off
/// deadline years ahead ("hoàn thành trước ngày 31/12/2030" in a 2026 text), and a periodic
/// rule's first due always falls within its longest period.
const FIRST_DUE_HORIZON_DAYS: u64 = 10 * 366;

/// The drafted obligation's first due date on/after `from` (local date of the due instant).
pub fn first_due(rule: &RuleSpec, from: NaiveDate, cal: &ReportingCalendar) -> Option<NaiveDate> {
    let r = DueRule::parse(rule).ok()?;
    let until = from + Days::new(FIRST_DUE_HORIZON_DAYS);
    r.dues(midnight(from), midnight(until), cal)
        .first()
        .map(|d| d.instant.date_naive())
}

/// Where an obligation's dues are tracked from: the text's date, or the obligation's own start
/// of validity when later (the daemon makes no occurrence before it).
fn tracked_from(o: &DraftObligation, from: NaiveDate) -> NaiveDate {
    o.valid_from.map_or(from, |v| v.max(from))
}

fn due_ok(o: &DraftObligation, e: &Expected, from: NaiveDate, cal: &ReportingCalendar) -> bool {
    match (e.rule.as_str(), &o.rule) {
        ("after_event", RuleSpec::AfterEvent { days, .. })
        | ("before_event", RuleSpec::BeforeEvent { days, .. }) => e.days.is_none_or(|d| d == *days),
        ("after_event" | "before_event" | "standing", _) => false,
        _ => {
            let got = first_due(&o.rule, tracked_from(o, from), cal);
            got.is_some() && (got == e.first_due || e.dues.iter().any(|d| Some(*d) == got))
        }
    }
}

/// (expected, drafted) index pairs.
type Pairs = Vec<(usize, usize)>;

/// One obligation for several holders and one obligation per holder are the same duties (the
/// schedule tracks each holder of an obligation apart; annotators write a list of senders that
/// share one deadline either way). After the one-to-one pairing, an expected duty left over is
/// found by a paired drafted obligation that names every one of its holders, with its due day
/// and an overlapping quote; a drafted obligation left over is right when a paired expected duty
/// names every one of its holders, with its due day and an overlapping quote. Returns both
/// lists of (expected, drafted) indexes: (found for several holders, drafted one per holder).
fn holders_shared(
    exp: &[&Expected],
    drafted: &[DraftObligation],
    pairs: &[(usize, usize)],
    due_ok: impl Fn(&DraftObligation, &Expected) -> bool,
) -> (Pairs, Pairs) {
    let names_all = |have: &[String], want: &[String]| {
        !want.is_empty() && want.iter().all(|w| have.iter().any(|h| same_name(h, w)))
    };
    let fits =
        |e: &Expected, o: &DraftObligation| overlap(&o.quote, &e.quote) >= 0.8 && due_ok(o, e);
    let mut shared = Vec::new();
    for (ei, e) in exp.iter().enumerate() {
        if pairs.iter().any(|p| p.0 == ei) {
            continue;
        }
        if let Some(&(_, oi)) = pairs.iter().find(|&&(pe, oi)| {
            let o = &drafted[oi];
            due_ok(o, exp[pe]) && fits(e, o) && names_all(&o.assignee_names, &e.assignee)
        }) {
            shared.push((ei, oi));
        }
    }
    let mut split = Vec::new();
    for (oi, o) in drafted.iter().enumerate() {
        if pairs.iter().any(|p| p.1 == oi) {
            continue;
        }
        if let Some(&(ei, _)) = pairs.iter().find(|&&(ei, po)| {
            let e = exp[ei];
            due_ok(&drafted[po], e) && fits(e, o) && names_all(&e.assignee, &o.assignee_names)
        }) {
            split.push((ei, oi));
        }
    }
    (shared, split)
}

/// Scores one document's draft against its annotation.
fn score_doc(
    name: &str,
    text: &str,
    ann: &Annotation,
    d: &Draft,
    cal: &ReportingCalendar,
    r: &mut Report,
) {
    // First dues count from the document's date; with none, from 1 January of the earliest
    // expected due's year (the format's rule for undated texts), else the draft's own start.
    let earliest = ann
        .obligation
        .iter()
        .filter_map(|e| e.first_due)
        .min()
        .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1));
    let from = ann
        .issued
        .or(earliest)
        .or(d.issued)
        .or(d.valid_from)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"));
    let exp: Vec<&Expected> = ann
        .obligation
        .iter()
        .filter(|e| e.rule != "standing")
        .collect();
    let drafted = &d.obligations;
    let mut taken = vec![false; drafted.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    // Pass 1: as many pairs as can be with overlapping quotes and the right due day (a maximum
    // matching, the closest quotes tried first: drafts sharing one sentence with different days
    // each find their own); pass 2: what is left, by quote overlap alone, closest first.
    let by_closeness = |e: &Expected, mut v: Vec<usize>| {
        v.sort_by(|a, b| {
            closeness(&drafted[*b].quote, &e.quote)
                .partial_cmp(&closeness(&drafted[*a].quote, &e.quote))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        v
    };
    let edges: Vec<Vec<usize>> = exp
        .iter()
        .map(|e| {
            let fit = (0..drafted.len()).filter(|&i| {
                overlap(&drafted[i].quote, &e.quote) >= 0.8 && due_ok(&drafted[i], e, from, cal)
            });
            by_closeness(e, fit.collect())
        })
        .collect();
    let (_, partner) = super::compare::matching(&edges, drafted.len());
    for (ei, p) in partner.into_iter().enumerate() {
        if let Some(i) = p {
            taken[i] = true;
            pairs.push((ei, i));
        }
    }
    for (ei, e) in exp.iter().enumerate() {
        if pairs.iter().any(|p| p.0 == ei) {
            continue;
        }
        let fit = (0..drafted.len())
            .filter(|&i| !taken[i] && overlap(&drafted[i].quote, &e.quote) >= 0.8);
        if let Some(&i) = by_closeness(e, fit.collect()).first() {
            taken[i] = true;
            pairs.push((ei, i));
        }
    }
    let (shared, split) = holders_shared(&exp, drafted, &pairs, |o, e| due_ok(o, e, from, cal));
    let mut doc = DocReport {
        name: name.to_owned(),
        kind: ann.kind.clone(),
        expected: exp.len(),
        drafted: drafted.len(),
        matched: pairs.len(),
        due_correct: 0,
        shared_holders: shared.len() + split.len(),
        missed: Vec::new(),
        missed_why: Vec::new(),
        extra: Vec::new(),
        wrong_due: Vec::new(),
    };
    for (ei, e) in exp.iter().enumerate() {
        if !pairs.iter().any(|p| p.0 == ei) && !shared.iter().any(|p| p.0 == ei) {
            doc.missed.push(e.quote.clone());
            doc.missed_why.push(why_missed(d, &e.quote));
        }
    }
    for (i, o) in drafted.iter().enumerate() {
        if !taken[i] && !split.iter().any(|p| p.1 == i) {
            doc.extra.push(format!("{}: {}", o.clause, o.phrase));
        }
    }
    let mut due_correct = 0;
    let (mut a_correct, mut a_found, mut r_correct) = (0, 0, 0);
    for (ei, oi) in &pairs {
        let (e, o) = (exp[*ei], &drafted[*oi]);
        if due_ok(o, e, from, cal) {
            due_correct += 1;
        } else {
            let want = e
                .first_due
                .map_or_else(|| "-".to_owned(), |d| d.to_string());
            let got = first_due(&o.rule, tracked_from(o, from), cal)
                .map_or_else(|| "-".to_owned(), |d| d.to_string());
            doc.wrong_due.push(format!(
                "{}: expected {} {want} → drafted '{}' {got}",
                e.quote, e.rule, o.phrase
            ));
        }
        // Its names are right when they name a holder of its duty or of those it shares.
        let holders = std::iter::once(e).chain(
            shared
                .iter()
                .filter(|(_, so)| so == oi)
                .map(|(se, _)| exp[*se]),
        );
        let holders: Vec<&String> = holders.flat_map(|h| h.assignee.iter()).collect();
        a_correct += o
            .assignee_names
            .iter()
            .filter(|n| holders.iter().any(|w| same_name(n, w)))
            .count();
        a_found += e
            .assignee
            .iter()
            .filter(|w| o.assignee_names.iter().any(|n| same_name(n, w)))
            .count();
        if let (Some(want), Some(got)) = (&e.recipient, &o.recipient_name) {
            if same_name(want, got) {
                r_correct += 1;
            }
        }
    }
    // Duties found through a holder they share (see holders_shared): each one's holders and
    // recipient count where they are right, on the side it adds to.
    let mut r_found = r_correct;
    for (ei, oi) in &shared {
        let (e, o) = (exp[*ei], &drafted[*oi]);
        a_found += e.assignee.len();
        if let (Some(want), Some(got)) = (&e.recipient, &o.recipient_name) {
            if same_name(want, got) {
                r_found += 1;
            }
        }
    }
    for (ei, oi) in &split {
        let (e, o) = (exp[*ei], &drafted[*oi]);
        a_correct += o.assignee_names.len();
        if let (Some(want), Some(got)) = (&e.recipient, &o.recipient_name) {
            if same_name(want, got) {
                r_correct += 1;
            }
        }
    }
    doc.due_correct = due_correct;
    r.due.add(
        due_correct + split.len(),
        due_correct + shared.len(),
        drafted.len(),
        exp.len(),
    );
    r.assignees.add(
        a_correct,
        a_found,
        drafted.iter().map(|o| o.assignee_names.len()).sum(),
        exp.iter().map(|e| e.assignee.len()).sum(),
    );
    r.recipients.add(
        r_correct,
        r_found,
        drafted
            .iter()
            .filter(|o| o.recipient_name.is_some())
            .count(),
        exp.iter().filter(|e| e.recipient.is_some()).count(),
    );
    // Duties whose sentence was read as preamble: one of the skipped sentence and the expected
    // quote holds the other's words in a row (a short quote's words scattered over a lead-in
    // that cites the rule are not its sentence).
    let norm_text = words(text).join(" ");
    for e in &exp {
        let q = words(&e.quote).join(" ");
        if !norm_text.contains(&q) {
            continue;
        }
        if d.skipped.iter().any(|s| {
            s.reason.starts_with("preamble") && overlap(&s.quote, &e.quote) >= 0.8 && {
                let sq = words(&s.quote).join(" ");
                sq.contains(&q) || q.contains(&sq)
            }
        }) {
            r.classed_as_preamble += 1;
        }
    }
    r.per_document.push(doc);
}

/// What the drafter did with a missed duty's sentence: the first skipped or unparsed phrase
/// whose sentence overlaps the duty's quote, with its reason; "" when there is none.
fn why_missed(d: &Draft, quote: &str) -> String {
    d.skipped
        .iter()
        .map(|l| ("skipped", l))
        .chain(d.unparsed.iter().map(|l| ("unparsed", l)))
        .find(|(_, l)| overlap(&l.quote, quote) >= 0.8)
        .map(|(k, l)| format!("{k}: {} [{}]", l.reason, l.phrase))
        .unwrap_or_default()
}

/// Units assigned that belong to another province than the document's.
fn other_province(d: &Draft, dir: &Directory, province: Option<&str>) -> usize {
    let Some(p) = province.map(fold) else {
        return 0;
    };
    d.obligations
        .iter()
        .flat_map(|o| o.assignees.iter())
        .filter(|id| {
            dir.unit(id)
                .map(|u| fold(&u.name))
                .or_else(|| dir.group(id).map(|g| fold(&g.name)))
                .is_some_and(|n| !n.contains(&p) && (n.contains("tinh ") || n.contains("huyen ")))
        })
        .count()
}

/// Every `<name>.txt` with its `<name>.toml` in a split folder, sorted by name.
pub fn documents(split: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(split)
        .map_err(|e| format!("{}: cannot read the corpus folder: {e}", split.display()))?;
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            let txt = p.with_extension("txt");
            if txt.is_file() {
                let name = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((name, txt, p));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Drafts every document of a split and scores it.
pub fn evaluate(split: &Path, dir: &Directory, cal: &ReportingCalendar) -> Result<Report, String> {
    let docs = documents(split)?;
    let mut r = Report {
        split: split.display().to_string(),
        documents: docs.len(),
        due: Score::default(),
        assignees: Score::default(),
        recipients: Score::default(),
        classed_as_preamble: 0,
        other_province_units: 0,
        per_document: Vec::new(),
    };
    for (name, txt, toml_path) in docs {
        let text = super::input::read_plan(&txt).map_err(|e| e.to_string())?;
        let ann_text = std::fs::read_to_string(&toml_path)
            .map_err(|e| format!("{}: cannot read: {e}", toml_path.display()))?;
        let ann: Annotation =
            toml::from_str(&ann_text).map_err(|e| format!("{}: {e}", toml_path.display()))?;
        let d = super::draft(&text, &name, dir);
        r.other_province_units += other_province(&d, dir, ann.province.as_deref());
        score_doc(&name, &text, &ann, &d, cal, &mut r);
    }
    r.due.finish();
    r.assignees.finish();
    r.recipients.finish();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-off deadline years after the text's date is still a first due to compare (a 2026
    /// plan's "hoàn thành trước ngày 31/12/2030" was never matched under a three-year horizon).
    #[test]
    fn a_first_due_years_ahead_is_found() {
        let cal = ReportingCalendar::default();
        let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let once = |date: &str| RuleSpec::Once {
            date: date.into(),
            cutoff: Default::default(),
        };
        let year = |r: &RuleSpec| first_due(r, from, &cal).map(|d| d.year());
        assert_eq!(year(&once("2026-12-31")), Some(2026));
        assert_eq!(year(&once("2030-12-31")), Some(2030));
        assert_eq!(
            year(&once("2025-12-31")),
            None,
            "a deadline before the text is no first due"
        );
    }

    #[test]
    fn names_compare_after_folding() {
        assert!(same_name("Sở Tư pháp", "so tu phap tinh Kon Tum"));
        assert!(same_name(
            "UBND các huyện, thành phố",
            "Ủy ban nhân dân các huyện, thành phố"
        ));
        assert!(!same_name("Sở Tư pháp", "Sở Nội vụ"));
    }

    /// A duty counts as classed preamble when a skipped preamble sentence holds its quote, not
    /// when a short quote's words are scattered over a lead-in citing the rule (texts written
    /// for this test).
    #[test]
    fn a_duty_is_classed_preamble_only_inside_its_sentence() {
        let cal = ReportingCalendar::default();
        let dir = Directory::new(Vec::new(), Vec::new());
        let text = "Căn cứ Thông tư 05/2026/TT-BNV quy định Sở Nội vụ các tỉnh gửi báo cáo định kỳ như sau:\n- Sở Nội vụ tỉnh gửi báo cáo trước ngày 10/12/2026.\n";
        let ann: Annotation = toml::from_str(
            "source = \"t\"\nkind = \"excerpt\"\n[[obligation]]\nquote = \"Sở Nội vụ tỉnh gửi báo cáo\"\nrule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
        )
        .unwrap();
        let mut d = crate::draft::draft(text, "t.txt", &dir);
        let lead = |reason: &str, quote: &str| crate::draft::Leftover {
            clause: String::new(),
            line: 1,
            phrase: "định kỳ".into(),
            reason: reason.into(),
            quote: quote.into(),
        };
        d.skipped = vec![lead(
            "preamble: the documents the plan implements",
            "Căn cứ Thông tư 05/2026/TT-BNV quy định Sở Nội vụ các tỉnh gửi báo cáo định kỳ như sau:",
        )];
        let mut r = evaluate_nothing();
        score_doc("t", text, &ann, &d, &cal, &mut r);
        assert_eq!(r.classed_as_preamble, 0);
        d.skipped = vec![lead(
            "preamble: the documents the plan implements",
            "Sở Nội vụ tỉnh gửi báo cáo trước ngày 10/12/2026.",
        )];
        score_doc("t", text, &ann, &d, &cal, &mut r);
        assert_eq!(r.classed_as_preamble, 1);
        // With nothing drafted the duty is missed, and the report says which reason set its
        // sentence aside.
        d.obligations.clear();
        score_doc("t", text, &ann, &d, &cal, &mut r);
        let doc = r.per_document.last().unwrap();
        assert_eq!(doc.missed.len(), doc.missed_why.len());
        assert_eq!(
            doc.missed_why.last().map(String::as_str),
            Some("skipped: preamble: the documents the plan implements [định kỳ]")
        );
    }

    /// A list of senders sharing one deadline, annotated one duty per sender, is found by one
    /// drafted obligation naming them all, and the other way round (texts written for this
    /// test).
    #[test]
    fn one_duty_for_several_holders_finds_the_duties_of_each() {
        let cal = ReportingCalendar::default();
        let dir = Directory::new(Vec::new(), Vec::new());
        let text = "Sở Tài chính, Sở Xây dựng gửi báo cáo về UBND tỉnh trước ngày 10/12/2026.\n";
        let mut d = crate::draft::draft(text, "t.txt", &dir);
        assert_eq!(d.obligations.len(), 1, "{:?}", d.obligations);
        d.obligations[0].assignee_names = vec!["Sở Tài chính".into(), "Sở Xây dựng".into()];
        let per_sender: Annotation = toml::from_str(concat!(
            "source = \"t\"\nkind = \"excerpt\"\nissued = \"2026-11-01\"\n",
            "[[obligation]]\nquote = \"Sở Tài chính\"\nassignee = [\"Sở Tài chính\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
            "[[obligation]]\nquote = \"Sở Xây dựng\"\nassignee = [\"Sở Xây dựng\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
        ))
        .unwrap();
        let mut r = evaluate_nothing();
        score_doc("t", text, &per_sender, &d, &cal, &mut r);
        assert_eq!((r.due.correct, r.due.found), (1, 2));
        assert_eq!((r.assignees.correct, r.assignees.found), (2, 2));
        assert!(r.per_document[0].missed.is_empty());
        // A wrong day or a holder the obligation does not name finds nothing more.
        let wrong: Annotation = toml::from_str(concat!(
            "source = \"t\"\nkind = \"excerpt\"\nissued = \"2026-11-01\"\n",
            "[[obligation]]\nquote = \"Sở Tài chính\"\nassignee = [\"Sở Tài chính\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
            "[[obligation]]\nquote = \"Sở Xây dựng\"\nassignee = [\"Sở Xây dựng\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-11\"\n",
            "[[obligation]]\nquote = \"Sở Xây dựng\"\nassignee = [\"Sở Nội vụ\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
        ))
        .unwrap();
        let mut r = evaluate_nothing();
        score_doc("t", text, &wrong, &d, &cal, &mut r);
        assert_eq!((r.due.correct, r.due.found), (1, 1));
        assert_eq!(r.per_document[0].missed.len(), 2);
        // One expected duty for both senders, drafted one per sender: both drafts are right.
        let mut split = d.clone();
        let mut second = split.obligations[0].clone();
        split.obligations[0].assignee_names.truncate(1);
        second.assignee_names.remove(0);
        split.obligations.push(second);
        let together: Annotation = toml::from_str(concat!(
            "source = \"t\"\nkind = \"excerpt\"\nissued = \"2026-11-01\"\n",
            "[[obligation]]\nquote = \"Sở Tài chính, Sở Xây dựng gửi báo cáo\"\n",
            "assignee = [\"Sở Tài chính\", \"Sở Xây dựng\"]\n",
            "rule = \"one_off\"\nfirst_due = \"2026-12-10\"\n",
        ))
        .unwrap();
        let mut r = evaluate_nothing();
        score_doc("t", text, &together, &split, &cal, &mut r);
        assert_eq!((r.due.correct, r.due.drafted, r.due.found), (2, 2, 1));
        assert!(r.per_document[0].extra.is_empty());
    }

    /// Two drafts of one sentence with different days find the two duties they are, whatever
    /// order the duties come in (text written for this test): the pairing is a maximum matching
    /// on the due day, not first come first served.
    #[test]
    fn drafts_of_one_sentence_pair_by_their_days() {
        use crate::domain::rule::Cutoff;
        let cal = ReportingCalendar::default();
        let dir = Directory::new(Vec::new(), Vec::new());
        let text = "Các phòng gửi báo cáo trước ngày 18/9/2026.\n";
        let mut d = crate::draft::draft(text, "t.txt", &dir);
        assert_eq!(d.obligations.len(), 1, "{:?}", d.obligations);
        let mut later = d.obligations[0].clone();
        later.rule = RuleSpec::Once {
            date: "2026-09-19".into(),
            cutoff: Cutoff::Before,
        };
        d.obligations.insert(0, later);
        // The first duty takes either day (as "chậm nhất ngày 18" does), the second only the 18th.
        let ann: Annotation = toml::from_str(concat!(
            "source = \"t\"\nkind = \"excerpt\"\nissued = \"2026-09-01\"\n",
            "[[obligation]]\nquote = \"Các phòng gửi báo cáo\"\n",
            "rule = \"one_off\"\nfirst_due = \"2026-09-19\"\ndues = [\"2026-09-18\"]\n",
            "[[obligation]]\nquote = \"Các phòng gửi báo cáo\"\n",
            "rule = \"one_off\"\nfirst_due = \"2026-09-18\"\n",
        ))
        .unwrap();
        let mut r = evaluate_nothing();
        score_doc("t", text, &ann, &d, &cal, &mut r);
        assert_eq!((r.due.correct, r.due.found), (2, 2));
    }

    /// A yearly duty is tracked from its own start of validity when that is later than the
    /// text's date (the daemon makes no occurrence before it), and a pair whose quotes match
    /// but whose days differ is listed with both days (text written for this test).
    #[test]
    fn dues_count_from_an_obligations_own_start_and_wrong_days_are_listed() {
        let cal = ReportingCalendar::default();
        let dir = Directory::new(Vec::new(), Vec::new());
        let text = "Các sở gửi báo cáo năm trước ngày 15 tháng 01 hằng năm.\n";
        let mut d = crate::draft::draft(text, "t.txt", &dir);
        assert_eq!(d.obligations.len(), 1, "{:?}", d.obligations);
        let ann: Annotation = toml::from_str(concat!(
            "source = \"t\"\nkind = \"excerpt\"\nissued = \"2026-01-05\"\n",
            "[[obligation]]\nquote = \"Các sở gửi báo cáo năm\"\n",
            "rule = \"yearly\"\nfirst_due = \"2027-01-15\"\n",
        ))
        .unwrap();
        let mut r = evaluate_nothing();
        score_doc("t", text, &ann, &d, &cal, &mut r);
        assert_eq!(r.due.correct, 0);
        assert_eq!(
            r.per_document[0].wrong_due,
            vec!["Các sở gửi báo cáo năm: expected yearly 2027-01-15 → drafted 'trước ngày 15 tháng 01 hằng năm' 2026-01-15".to_owned()]
        );
        d.obligations[0].valid_from = NaiveDate::from_ymd_opt(2027, 1, 1);
        let mut r = evaluate_nothing();
        score_doc("t", text, &ann, &d, &cal, &mut r);
        assert_eq!(r.due.correct, 1);
        assert!(r.per_document[0].wrong_due.is_empty());
    }

    fn evaluate_nothing() -> Report {
        Report {
            split: String::new(),
            documents: 0,
            due: Score::default(),
            assignees: Score::default(),
            recipients: Score::default(),
            classed_as_preamble: 0,
            other_province_units: 0,
            per_document: Vec::new(),
        }
    }

    #[test]
    fn first_due_follows_the_corpus_semantics() {
        let cal = ReportingCalendar::default();
        let from = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let q20 = RuleSpec::Quarterly {
            month_of_quarter: 3,
            day: 20,
            cutoff: Default::default(),
        };
        assert_eq!(first_due(&q20, from, &cal), d(2024, 3, 20));
        let eod = RuleSpec::Once {
            date: "2024-06-30".into(),
            cutoff: crate::domain::rule::Cutoff::EndOfDay,
        };
        assert_eq!(first_due(&eod, from, &cal), d(2024, 7, 1));
        let half = RuleSpec::Periodic {
            every: crate::domain::rule::Every::HalfYear,
        };
        assert_eq!(first_due(&half, from, &cal), d(2024, 6, 15));
    }
}

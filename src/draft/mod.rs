//! `dondoc draft`: a schedule drafted from a plan's text for a person to review. Pure functions
//! over text (`input` alone reads files): normalise → header → section tree → phrases → units →
//! obligations → schedule file; `compare` measures a draft against a hand-written schedule.

pub mod compare;
pub mod extract;
pub mod header;
pub mod input;
pub mod phrases;
pub mod sections;
pub mod text;
pub mod units;
pub mod writer;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ids::UnitId;
use crate::domain::model::{Directory, ObligationKind};
use crate::domain::rule::RuleSpec;

/// One obligation found in the text.
#[derive(Debug, Clone, Serialize)]
pub struct DraftObligation {
    pub id: String,
    pub title: String,
    pub kind: ObligationKind,
    pub clause: String,
    pub quote: String,
    /// 1-based line of the sentence in the normalised text.
    pub line: usize,
    /// The phrase the rule came from ("trước ngày 13 của tháng cuối quý").
    pub phrase: String,
    pub assignees: Vec<UnitId>,
    /// Where the assignees came from: subject, giao, paragraph, heading, sibling, standing body, issuer.
    pub assignees_from: &'static str,
    pub recipient: Option<UnitId>,
    pub recipient_from: &'static str,
    pub via: Option<UnitId>,
    /// The due rule exactly as the schedule file states it.
    pub rule: RuleSpec,
    /// The due day comes from the reporting calendar (periodic rule with no day).
    pub inferred: bool,
    /// 0–1: how sure the extractor is of the rule and the assignees together.
    pub confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    /// Notes for the reviewer.
    pub notes: Vec<String>,
}

/// A date or period phrase that did not become an obligation, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Leftover {
    pub clause: String,
    pub line: usize,
    pub phrase: String,
    pub reason: String,
    pub quote: String,
}

/// A unit name the directory does not know.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Unmatched {
    pub clause: String,
    pub line: usize,
    pub name: String,
    pub role: &'static str,
}

/// Everything drafted from one plan.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub plan_id: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issuer_unit: Option<UnitId>,
    pub place: Option<String>,
    pub issued: Option<NaiveDate>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub valid_from: Option<NaiveDate>,
    /// Why valid_from is what it is.
    pub valid_from_note: String,
    pub standing_body: Option<UnitId>,
    pub chrome_lines: usize,
    pub obligations: Vec<DraftObligation>,
    /// Sentences with a date or period phrase that could not be turned into a rule.
    pub unparsed: Vec<Leftover>,
    /// Dates that are not deadlines of this plan (cited documents, programme periods, aims).
    pub skipped: Vec<Leftover>,
    pub unmatched: Vec<Unmatched>,
}

/// Drafts a plan from its text (any normalisation form) against a unit directory.
pub fn draft(raw_text: &str, source: &str, dir: &Directory) -> Draft {
    let text = text::normalize(raw_text);
    let layout = header::layout(&text);
    extract::extract(&layout, source, dir)
}

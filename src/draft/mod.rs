//! `dondoc draft`: a schedule drafted from a plan's text for a person to review. Pure functions
//! over text (`input` alone reads files): HTML tables as rows → normalise → header → section
//! tree → phrases → units → obligations (task tables by `tables`, matrix tables with rounds as
//! columns by `matrix`) → schedule file; `compare` measures a draft against a hand-written
//! schedule.

mod calendar;
mod casing;
pub mod compare;
pub mod evaluate;
pub mod extract;
mod glued;
pub mod header;
pub mod html;
pub mod input;
mod lead_in;
pub mod matrix;
pub mod phrases;
pub mod plan;
mod regime;
pub mod schedule;
mod scopes;
pub mod sections;
mod shared;
pub mod tables;
pub mod text;
mod told;
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
    /// Where the assignees came from: subject, giao, paragraph, heading, sibling, standing body,
    /// issuer, table, schedule, list (one of the units a list names, sharing a deadline), regime
    /// (the senders' point of a reporting regime in Nghị định 09's template).
    pub assignees_from: &'static str,
    /// Units that take part without holding the duty ("Cơ quan phối hợp", "phối hợp với X").
    #[serde(default)]
    pub cooperating: Vec<UnitId>,
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
    /// The words naming the assignees: the directory's names, or the names as the text wrote
    /// them when the directory has none.
    pub assignee_names: Vec<String>,
    /// The words naming the recipient, when known.
    pub recipient_name: Option<String>,
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

impl Leftover {
    /// A drafted obligation set aside, with why (listed among the skipped).
    pub(crate) fn of(o: DraftObligation, reason: impl Into<String>) -> Self {
        Leftover {
            clause: o.clause,
            line: o.line,
            phrase: o.phrase,
            reason: reason.into(),
            quote: o.quote,
        }
    }
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
    /// Duties with no deadline ("Thường xuyên", "Liên tục"): listed for the reviewer, never
    /// reminded.
    pub standing: Vec<StandingDuty>,
    /// The kind of document the structure was read as (ke_hoach, quyet_dinh, cong_van, …).
    pub doc_kind: &'static str,
}

/// A duty the plan gives without a deadline ("Thường xuyên" in a task table, a task told only
/// by its period).
#[derive(Debug, Clone, Serialize)]
pub struct StandingDuty {
    pub title: String,
    pub clause: String,
    pub quote: String,
    pub line: usize,
    /// The words that say it has no deadline ("Thường xuyên").
    pub phrase: String,
    pub assignees: Vec<UnitId>,
    pub cooperating: Vec<UnitId>,
}

/// Drafts a plan from its text (any normalisation form) against a unit directory.
pub fn draft(raw_text: &str, source: &str, dir: &Directory) -> Draft {
    // Letters a converted page writes as HTML entities ("b&aacute;o c&aacute;o") are read as
    // letters everywhere; the markup's own entities stay for the table reader.
    let raw_text = html::decode_letter_entities(raw_text);
    let text = tables::rows_from_pipe_lines(&html::tables_as_rows(&raw_text));
    let text = tables::rows_from_cell_lines(&text::normalize(&text));
    let layout = header::layout(&text);
    // Only units of the document's own place may be named (point: never another province's).
    let place = layout
        .header
        .place
        .clone()
        .or_else(|| units::place_in_text(&text));
    let dir = units::scoped(dir, place.as_deref());
    extract::extract(&layout, source, &dir)
}

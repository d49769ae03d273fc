//! The stored records: occurrences and their decisions, plan tracking, ingest marks, audit lines.

use serde::{Deserialize, Serialize};

use super::OccurrenceState;
use crate::domain::time::Instant;

/// What the store keeps of an occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceRecord {
    pub id: String,
    pub plan: String,
    pub obligation: String,
    pub assignee: String,
    pub period: String,
    /// Overdue from this instant (after holiday shifts); stored as RFC 3339, +07:00.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due: Instant,
    /// The deadline in the plan's words, as the schedule last gave it.
    #[serde(default)]
    pub wording: String,
    #[serde(default)]
    pub inferred: bool,
    pub state: OccurrenceState,
    /// Stage keys already sent or passed over (`reminder-7`, `overdue`).
    pub handled: Vec<String>,
    /// The submission that closed it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<Submission>,
    /// The coordinator's confirmation of the submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Decision>,
    /// The last submission a coordinator rejected (the occurrence reopened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Rejected>,
    /// The approved extension in force; `due` keeps the original deadline for statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// Why a coordinator waived or cancelled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Decision>,
}

impl Default for OccurrenceRecord {
    /// An empty open record, due at the Unix epoch.
    fn default() -> Self {
        OccurrenceRecord {
            id: String::new(),
            plan: String::new(),
            obligation: String::new(),
            assignee: String::new(),
            period: String::new(),
            due: chrono::DateTime::UNIX_EPOCH.with_timezone(&crate::domain::time::ZONE),
            wording: String::new(),
            inferred: false,
            state: OccurrenceState::default(),
            handled: Vec::new(),
            submission: None,
            review: None,
            rejected: None,
            extension: None,
            closure: None,
        }
    }
}

impl OccurrenceRecord {
    /// The deadline in force: the extension's, else the original.
    pub fn effective_due(&self) -> Instant {
        self.extension.as_ref().map_or(self.due, |e| e.due)
    }

    /// A policy stage key (`reminder-7`) as recorded for the deadline in force: reminders
    /// start afresh under each extension (`reminder-7+e1`), so they are neither skipped as
    /// already handled nor merged with the original deadline's outbox entries.
    pub fn stage_key(&self, key: &str) -> String {
        match &self.extension {
            Some(e) => format!("{key}+e{}", e.number),
            None => key.to_owned(),
        }
    }

    /// The outbox key of a notification of `stage` to `unit` under the deadline in force.
    pub fn outbox_key(&self, stage: &str, unit: &str) -> String {
        format!("{}#{}@{}", self.id, self.stage_key(stage), unit)
    }

    /// The stage keys handled for the deadline in force, without the extension suffix.
    pub fn handled_now(&self) -> impl Iterator<Item = &str> {
        let suffix = self.extension.as_ref().map(|e| format!("+e{}", e.number));
        self.handled.iter().filter_map(move |k| match &suffix {
            Some(s) => k.strip_suffix(s.as_str()),
            None => (!k.contains("+e")).then_some(k.as_str()),
        })
    }
}

/// A coordinator's decision: who, when, and the reason or note given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// When it was decided (RFC 3339 on disk).
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: Instant,
    /// The token name that recorded it.
    pub by: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A submission a coordinator sent back, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub submission: Submission,
    pub decision: Decision,
}

/// An approved extension ("gia hạn"): the new deadline, and which extension it is (1, 2, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Overdue from this instant; stored as RFC 3339, +07:00.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due: Instant,
    /// 1 for the first extension; reminder keys restart under each.
    pub number: u32,
    pub decision: Decision,
}

/// A unit's statement that it has submitted (a report) or done (a task).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// When it was submitted (RFC 3339 on disk): the mail server's time for a report by email.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: Instant,
    /// The token name that recorded it.
    pub by: String,
    /// The document number ("Số 12/BC-UBND"), if given.
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// When dondoc first tracked a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub id: String,
    /// RFC 3339: occurrences due before this are history, never notified.
    pub first_tracked: String,
}

/// What the scheduler last stored of one obligation: every occurrence due before `through`,
/// summarised by a count and a sum of per-occurrence fingerprints, so that a restart or reload
/// can tell an unchanged obligation without reading its stored occurrences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestMark {
    /// RFC 3339.
    pub through: String,
    pub count: u64,
    /// Wrapping sum of the occurrences' fingerprints (see the scheduler).
    pub sum: u64,
}

/// One line of the audit log: who changed what, when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: Instant,
    pub who: String,
    pub what: String,
    pub occurrence: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

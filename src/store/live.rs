//! The live occurrences (open, or submitted and awaiting confirmation): a short summary of each, kept in the `live` tree in the same transaction as its record and mirrored in memory, so the coordinator page and the statistics never read the records themselves.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{OccurrenceRecord, OccurrenceState};
use crate::domain::lifecycle::{status, Status, StatusFacts};
use crate::domain::time::Instant;

/// An instant stored as RFC 3339 (the `Option` of [`Live::submitted_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stamp(#[serde(with = "crate::domain::time::rfc3339")] pub Instant);

/// What the lists and statistics need of a live occurrence (its id is the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    pub plan: String,
    pub obligation: String,
    pub assignee: String,
    pub period: String,
    pub state: OccurrenceState,
    /// The plan's original deadline.
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due: Instant,
    /// The deadline in force (an extension's, else the original).
    #[serde(with = "crate::domain::time::rfc3339")]
    pub due_in_force: Instant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Stamp>,
    #[serde(default)]
    pub extended: bool,
}

impl Live {
    /// The summary of `rec` when it is live (open, or submitted and not yet confirmed).
    pub fn of(rec: &OccurrenceRecord) -> Option<Live> {
        matches!(
            rec.state,
            OccurrenceState::Open | OccurrenceState::Submitted
        )
        .then(|| Live {
            plan: rec.plan.clone(),
            obligation: rec.obligation.clone(),
            assignee: rec.assignee.clone(),
            period: rec.period.clone(),
            state: rec.state,
            due: rec.due,
            due_in_force: rec.effective_due(),
            submitted_at: rec.submission.as_ref().map(|s| Stamp(s.at)),
            extended: rec.extension.is_some(),
        })
    }

    /// The facts the status is judged on.
    pub fn facts(&self) -> StatusFacts {
        StatusFacts {
            state: self.state,
            submitted_at: self.submitted_at.map(|s| s.0),
            due: self.due,
            due_in_force: self.due_in_force,
        }
    }

    pub fn status(&self, now: Instant) -> Status {
        status(&self.facts(), now)
    }
}

/// The live occurrences by id, shared cheaply with readers (a reader clones the `Arc`s it keeps).
pub type LiveMap = BTreeMap<Arc<str>, Arc<Live>>;

/// The in-memory side of the occurrence indexes, changed only under the occurrence write lock
/// after the transaction that changed the trees committed.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// The number of keys in `open_ids`.
    pub(super) open: usize,
    /// The `live` tree, in memory.
    pub(super) live: LiveMap,
}

impl Index {
    /// Records that `id` is now `live` (None: no longer live).
    pub(super) fn set_live(&mut self, id: &str, live: Option<Live>) {
        match live {
            Some(l) => {
                self.live.insert(Arc::from(id), Arc::new(l));
            }
            None => {
                self.live.remove(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;
    use crate::store::{Extension, Submission};

    #[test]
    fn only_open_and_submitted_records_are_live() {
        let base = OccurrenceRecord {
            id: "kh/ob/xa/2025-Q1".into(),
            plan: "kh".into(),
            obligation: "ob".into(),
            assignee: "xa".into(),
            period: "2025-Q1".into(),
            due: parse_instant("2025-03-13T00:00:00+07:00").unwrap(),
            ..Default::default()
        };
        for (state, live) in [
            (OccurrenceState::Open, true),
            (OccurrenceState::Submitted, true),
            (OccurrenceState::Confirmed, false),
            (OccurrenceState::Waived, false),
            (OccurrenceState::Cancelled, false),
            (OccurrenceState::History, false),
        ] {
            let rec = OccurrenceRecord {
                state,
                ..base.clone()
            };
            assert_eq!(Live::of(&rec).is_some(), live, "{state:?}");
        }
        let ext = parse_instant("2025-03-20T00:00:00+07:00").unwrap();
        let at = parse_instant("2025-03-19T10:00:00.250+07:00").unwrap();
        let rec = OccurrenceRecord {
            state: OccurrenceState::Submitted,
            extension: Some(Extension {
                due: ext,
                number: 1,
                decision: crate::store::Decision {
                    at,
                    by: "admin".into(),
                    reason: None,
                },
            }),
            submission: Some(Submission {
                at,
                by: "xa".into(),
                document: None,
                note: None,
            }),
            ..base.clone()
        };
        let live = Live::of(&rec).unwrap();
        assert_eq!(live.due_in_force, ext);
        assert_eq!(live.due, base.due);
        assert!(live.extended);
        assert_eq!(live.submitted_at, Some(Stamp(at)));
        let json = serde_json::to_string(&live).unwrap();
        assert_eq!(serde_json::from_str::<Live>(&json).unwrap(), live);
        // Submitted after the original deadline: late, whatever the extension says.
        assert_eq!(live.status(at), Status::DoneLate);
    }
}

//! The live occurrences (open, or submitted and awaiting confirmation): a short summary of each, in memory, read from their records when the store opens and changed after each write, so the coordinator page and the statistics never read the records themselves.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use super::{OccurrenceRecord, OccurrenceState};
use chrono::NaiveDate;

use crate::domain::lifecycle::{status, Status, StatusFacts};
use crate::domain::occurrence::days_after;
use crate::domain::time::{Instant, Moment};

/// What the lists and statistics need of a live occurrence (its id is the key). The names are
/// shared between entries (a plan's id is held once however many of its occurrences are live)
/// and the instants kept as [`Moment`]s: a nation's store has hundreds of thousands of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub plan: Arc<str>,
    pub obligation: Arc<str>,
    pub assignee: Arc<str>,
    pub period: Arc<str>,
    /// The plan's original deadline.
    pub due: Moment,
    /// The deadline in force (an extension's, else the original).
    pub due_in_force: Moment,
    pub submitted_at: Option<Moment>,
    pub state: OccurrenceState,
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
            plan: Arc::from(rec.plan.as_str()),
            obligation: Arc::from(rec.obligation.as_str()),
            assignee: Arc::from(rec.assignee.as_str()),
            period: Arc::from(rec.period.as_str()),
            due: Moment::of(&rec.due),
            due_in_force: Moment::of(&rec.effective_due()),
            submitted_at: rec.submission.as_ref().map(|s| Moment::of(&s.at)),
            state: rec.state,
            extended: rec.extension.is_some(),
        })
    }

    /// The facts the status is judged on.
    pub fn facts(&self) -> StatusFacts<Moment> {
        StatusFacts {
            state: self.state,
            submitted_at: self.submitted_at,
            due: self.due,
            due_in_force: self.due_in_force,
        }
    }

    pub fn status(&self, now: Instant) -> Status {
        status(&self.facts(), Moment::of(&now))
    }

    /// Whole days from the last day of the deadline in force to `day` (0 on or before it).
    pub fn days_overdue_on(&self, day: NaiveDate) -> i64 {
        days_after(&self.due_in_force.instant(), day)
    }
}

/// The live occurrences by id, shared cheaply with readers (a reader clones the `Arc`s it keeps).
pub type LiveMap = BTreeMap<Arc<str>, Arc<Live>>;

/// The in-memory side of the occurrence indexes, changed only under the occurrence write lock
/// after the transaction that changed the trees committed.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// The open occurrences (state Open) by assignee then id: a unit's open list and the
    /// ticks' pages read this, then only the records they need.
    pub(super) open: BTreeSet<(Arc<str>, Arc<str>)>,
    /// The live occurrences (read from the `hot` records when the store opens).
    pub(super) live: LiveMap,
    /// The names the entries share.
    names: HashSet<Arc<str>>,
}

impl Index {
    fn intern(&mut self, s: &Arc<str>) -> Arc<str> {
        match self.names.get(s) {
            Some(shared) => shared.clone(),
            None => {
                self.names.insert(s.clone());
                s.clone()
            }
        }
    }

    /// The index of `entries` (live summaries by id, in any order). Built at once, the maps'
    /// nodes are full; inserted one by one in key order, they would be half empty.
    pub(super) fn build(entries: impl IntoIterator<Item = (Arc<str>, Live)>) -> Index {
        let mut ix = Index::default();
        let mut live = Vec::new();
        let mut open = Vec::new();
        for (id, mut l) in entries {
            l.plan = ix.intern(&l.plan);
            l.obligation = ix.intern(&l.obligation);
            l.assignee = ix.intern(&l.assignee);
            l.period = ix.intern(&l.period);
            if l.state == OccurrenceState::Open {
                open.push((l.assignee.clone(), id.clone()));
            }
            live.push((id, Arc::new(l)));
        }
        ix.live = live.into_iter().collect();
        ix.open = open.into_iter().collect();
        ix
    }

    /// Records that `id` is now `live` (None: no longer live).
    pub(super) fn set_live(&mut self, id: &str, live: Option<Live>) {
        let key: Arc<str> = match self.live.remove_entry(id) {
            Some((key, old)) => {
                if old.state == OccurrenceState::Open {
                    self.open.remove(&(old.assignee.clone(), key.clone()));
                }
                key
            }
            None => Arc::from(id),
        };
        if let Some(mut l) = live {
            l.plan = self.intern(&l.plan);
            l.obligation = self.intern(&l.obligation);
            l.assignee = self.intern(&l.assignee);
            l.period = self.intern(&l.period);
            if l.state == OccurrenceState::Open {
                self.open.insert((l.assignee.clone(), key.clone()));
            }
            self.live.insert(key, Arc::new(l));
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
        assert_eq!(live.due_in_force.instant(), ext);
        assert_eq!(live.due.instant(), base.due);
        assert!(live.extended);
        assert_eq!(live.submitted_at.map(Moment::instant), Some(at));
        // Entries share their names.
        let mut ix = Index::default();
        ix.set_live("a", Some(live.clone()));
        ix.set_live("b", Live::of(&rec));
        assert!(Arc::ptr_eq(&ix.live["a"].plan, &ix.live["b"].plan));
        ix.set_live("a", None);
        assert_eq!(ix.live.len(), 1);
        // The open set follows state and unit changes.
        let open = |ix: &Index| {
            ix.open
                .iter()
                .map(|(u, id)| format!("{u}:{id}"))
                .collect::<Vec<_>>()
        };
        assert!(open(&ix).is_empty());
        ix.set_live("c", Live::of(&base));
        assert_eq!(open(&ix), ["xa:c"]);
        let moved = OccurrenceRecord {
            assignee: "xb".into(),
            ..base.clone()
        };
        ix.set_live("c", Live::of(&moved));
        assert_eq!(open(&ix), ["xb:c"]);
        ix.set_live("c", Live::of(&rec));
        assert!(open(&ix).is_empty());
        ix.set_live("c", Live::of(&base));
        ix.set_live("c", None);
        assert!(open(&ix).is_empty());
        assert_eq!(ix.live.len(), 1);
        // Built at once or entry by entry, the index is the same.
        let entries = [("c", &base), ("a", &rec), ("b", &moved)];
        let built = Index::build(
            entries
                .iter()
                .filter_map(|(id, r)| Some((Arc::from(*id), Live::of(r)?))),
        );
        let mut one_by_one = Index::default();
        for (id, r) in entries {
            one_by_one.set_live(id, Live::of(r));
        }
        assert_eq!(built.live, one_by_one.live);
        assert_eq!(built.open, one_by_one.open);
        assert!(Arc::ptr_eq(&built.live["a"].plan, &built.live["b"].plan));
        // Submitted after the original deadline: late, whatever the extension says.
        assert_eq!(live.status(at), Status::DoneLate);
    }
}

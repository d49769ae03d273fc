//! An occurrence's lifecycle: its states and their words, the actions on it, the transition table (which action applies in which state, what it needs, where it leads) and the status of an occurrence (docs/domain.md#statuses).

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::occurrence::last_day_of;
use super::time::{midnight, Instant};

/// Lifecycle of an occurrence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceState {
    #[default]
    Open,
    /// The unit says it has submitted; a coordinator may confirm or reject it.
    Submitted,
    /// A coordinator accepted the submission.
    Confirmed,
    /// A coordinator excused the unit from this occurrence.
    Waived,
    /// No longer owed: removed from the schedule, or cancelled by a coordinator.
    Cancelled,
    /// Due before dondoc first tracked its plan: kept for the record, never notified.
    History,
}

impl OccurrenceState {
    /// Every state, in lifecycle order.
    pub const ALL: [OccurrenceState; 6] = [
        OccurrenceState::Open,
        OccurrenceState::Submitted,
        OccurrenceState::Confirmed,
        OccurrenceState::Waived,
        OccurrenceState::Cancelled,
        OccurrenceState::History,
    ];

    /// The machine name: as stored, in the API, the audit log and the logs (`open`, …).
    pub fn name(self) -> &'static str {
        match self {
            OccurrenceState::Open => "open",
            OccurrenceState::Submitted => "submitted",
            OccurrenceState::Confirmed => "confirmed",
            OccurrenceState::Waived => "waived",
            OccurrenceState::Cancelled => "cancelled",
            OccurrenceState::History => "history",
        }
    }

    /// The words for people (Vietnamese, lower case, as the pages say it in a sentence).
    pub fn label(self) -> &'static str {
        match self {
            OccurrenceState::Open => "chưa hoàn thành",
            OccurrenceState::Submitted => "đã nộp, chờ xác nhận",
            OccurrenceState::Confirmed => "đã xác nhận",
            OccurrenceState::Waived => "được miễn",
            OccurrenceState::Cancelled => "đã hủy",
            OccurrenceState::History => "trước khi theo dõi",
        }
    }
}

impl std::fmt::Display for OccurrenceState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A word that names no state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an occurrence state")]
pub struct UnknownState(pub String);

impl FromStr for OccurrenceState {
    type Err = UnknownState;

    /// The machine name back to the state.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OccurrenceState::ALL
            .into_iter()
            .find(|x| x.name() == s)
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

/// One action on an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The unit has submitted (a report) or done (a task): reminders stop.
    Submit {
        document: Option<String>,
        note: Option<String>,
    },
    /// A coordinator accepts the submission.
    Confirm { note: Option<String> },
    /// A coordinator sends the submission back: the occurrence is open again.
    Reject { reason: String },
    /// A coordinator approves a later deadline: `until` is the new last day (inclusive).
    Extend { until: NaiveDate, reason: String },
    /// A coordinator excuses the unit.
    Waive { reason: String },
    /// A coordinator cancels the occurrence: it is no longer owed.
    Cancel { reason: String },
}

impl Action {
    /// The audit log's word for it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Submit { .. } => "submitted",
            Action::Confirm { .. } => "confirmed",
            Action::Reject { .. } => "rejected",
            Action::Extend { .. } => "extended",
            Action::Waive { .. } => "waived",
            Action::Cancel { .. } => "cancelled",
        }
    }

    /// Only a coordinator may take it (a unit may only submit).
    pub fn coordinator_only(&self) -> bool {
        !matches!(self, Action::Submit { .. })
    }

    /// The reason it carries, when it needs one (every coordinator decision but a
    /// confirmation).
    pub fn reason(&self) -> Option<&str> {
        match self {
            Action::Submit { .. } | Action::Confirm { .. } => None,
            Action::Reject { reason }
            | Action::Extend { reason, .. }
            | Action::Waive { reason }
            | Action::Cancel { reason } => Some(reason),
        }
    }

    /// Whether it is refused without a (non-blank) reason.
    pub fn needs_reason(&self) -> bool {
        self.reason().is_some()
    }

    /// The transition table: the states it applies to, and their names as one phrase.
    pub fn applies_to(&self) -> (&'static [OccurrenceState], &'static str) {
        use OccurrenceState::*;
        match self {
            Action::Submit { .. } | Action::Extend { .. } => (&[Open], "open"),
            Action::Confirm { .. } | Action::Reject { .. } => (&[Submitted], "submitted"),
            Action::Waive { .. } | Action::Cancel { .. } => {
                (&[Open, Submitted], "open or submitted")
            }
        }
    }

    /// The state it leads to (from a state it applies to).
    pub fn leads_to(&self) -> OccurrenceState {
        match self {
            Action::Submit { .. } => OccurrenceState::Submitted,
            Action::Confirm { .. } => OccurrenceState::Confirmed,
            Action::Reject { .. } | Action::Extend { .. } => OccurrenceState::Open,
            Action::Waive { .. } => OccurrenceState::Waived,
            Action::Cancel { .. } => OccurrenceState::Cancelled,
        }
    }

    /// What its refusal for a missing reason calls it.
    fn reason_subject(&self) -> &'static str {
        match self {
            Action::Reject { .. } => "rejecting a submission",
            Action::Extend { .. } => "an extension",
            _ => self.name(),
        }
    }
}

/// The longest note, reason or document number taken (characters).
pub const MAX_TEXT_CHARS: usize = 2000;

/// Why the lifecycle refuses an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The occurrence is not in a state the action applies to.
    #[error("it is {state}; {action} applies only to {allowed} occurrences")]
    State {
        state: OccurrenceState,
        action: &'static str,
        allowed: &'static str,
    },
    /// The action's own arguments are wrong (a text too long, a reason missing, an
    /// extension not later).
    #[error("{0}")]
    Invalid(String),
}

/// Refuses an action whose note, reason or document number is longer than `MAX_TEXT_CHARS`.
pub fn check_lengths(action: &Action) -> Result<(), Refusal> {
    let fields: Vec<(&str, Option<&String>)> = match action {
        Action::Submit { document, note } => {
            vec![("document", document.as_ref()), ("note", note.as_ref())]
        }
        Action::Confirm { note } => vec![("note", note.as_ref())],
        Action::Reject { reason }
        | Action::Extend { reason, .. }
        | Action::Waive { reason }
        | Action::Cancel { reason } => vec![("reason", Some(reason))],
    };
    for (name, value) in fields {
        if let Some(n) = value.map(|v| v.chars().count()) {
            if n > MAX_TEXT_CHARS {
                return Err(Refusal::Invalid(format!(
                    "{name}: {n} characters; at most {MAX_TEXT_CHARS} are taken"
                )));
            }
        }
    }
    Ok(())
}

/// The instant an occurrence whose last day is `day` becomes overdue (the next midnight).
pub fn due_after_last_day(day: NaiveDate) -> Instant {
    midnight(day + chrono::Days::new(1))
}

/// The transition of an occurrence in `state` whose deadline in force is `due_in_force` by
/// `action`: the state it leads to, or why it is refused. The checks come in this order: the
/// lengths of its texts, the state, its reason, and for an extension a last day later than
/// the deadline in force.
pub fn transition(
    state: OccurrenceState,
    action: &Action,
    due_in_force: Instant,
) -> Result<OccurrenceState, Refusal> {
    check_lengths(action)?;
    let (allowed, words) = action.applies_to();
    if !allowed.contains(&state) {
        return Err(Refusal::State {
            state,
            action: action.name(),
            allowed: words,
        });
    }
    if let Some(reason) = action.reason() {
        if reason.trim().is_empty() {
            return Err(Refusal::Invalid(format!(
                "{} needs a reason",
                action.reason_subject()
            )));
        }
    }
    if let Action::Extend { until, .. } = action {
        let current = due_in_force;
        if due_after_last_day(*until) <= current {
            return Err(Refusal::Invalid(format!(
                "the new last day {} is not later than the deadline in force ({})",
                until.format("%d/%m/%Y"),
                last_day_of(&current).format("%d/%m/%Y"),
            )));
        }
    }
    Ok(action.leads_to())
}

/// Where an occurrence stands (docs/domain.md#statuses), plus the states outside the four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Hoàn thành đúng hạn: submitted by the original deadline.
    DoneOnTime,
    /// Hoàn thành quá hạn: submitted after the original deadline.
    DoneLate,
    /// Chưa hoàn thành trong hạn: open, the deadline in force not yet passed.
    OpenNotDue,
    /// Chưa hoàn thành quá hạn: open past the deadline in force.
    OpenOverdue,
    /// Excused by a coordinator.
    Waived,
    /// No longer owed.
    Cancelled,
    /// Due before dondoc tracked its plan: outcome unknown.
    History,
}

impl Status {
    /// Every status, in the order the statistics show them.
    pub const ALL: [Status; 7] = [
        Status::DoneOnTime,
        Status::DoneLate,
        Status::OpenNotDue,
        Status::OpenOverdue,
        Status::Waived,
        Status::Cancelled,
        Status::History,
    ];

    /// The machine name; the states outside the four keep their state's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::DoneOnTime => "done_on_time",
            Status::DoneLate => "done_late",
            Status::OpenNotDue => "open_not_due",
            Status::OpenOverdue => "open_overdue",
            Status::Waived => OccurrenceState::Waived.name(),
            Status::Cancelled => OccurrenceState::Cancelled.name(),
            Status::History => OccurrenceState::History.name(),
        }
    }

    /// The Vietnamese name coordinators know.
    pub fn label(self) -> &'static str {
        match self {
            Status::DoneOnTime => "Hoàn thành đúng hạn",
            Status::DoneLate => "Hoàn thành quá hạn",
            Status::OpenNotDue => "Chưa hoàn thành trong hạn",
            Status::OpenOverdue => "Chưa hoàn thành quá hạn",
            Status::Waived => "Được miễn",
            Status::Cancelled => "Đã hủy",
            Status::History => "Trước khi theo dõi",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What decides an occurrence's status besides the clock, with instants as `T` (an
/// [`Instant`], or a compact `Moment` where many are kept in memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusFacts<T = Instant> {
    pub state: OccurrenceState,
    /// When the submission in force came, if any (and readable).
    pub submitted_at: Option<T>,
    /// The plan's original deadline.
    pub due: T,
    /// The deadline in force (the extension's, else the original).
    pub due_in_force: T,
}

/// The status at `now`. A submission counts as on time when it came before the original
/// deadline (an extension does not change the statistics); an open occurrence is overdue
/// once the deadline in force has passed.
pub fn status<T: PartialOrd + Copy>(facts: &StatusFacts<T>, now: T) -> Status {
    match facts.state {
        OccurrenceState::Submitted | OccurrenceState::Confirmed => {
            if facts.submitted_at.is_some_and(|at| at >= facts.due) {
                Status::DoneLate
            } else {
                Status::DoneOnTime
            }
        }
        OccurrenceState::Open if facts.due_in_force <= now => Status::OpenOverdue,
        OccurrenceState::Open => Status::OpenNotDue,
        OccurrenceState::Waived => Status::Waived,
        OccurrenceState::Cancelled => Status::Cancelled,
        OccurrenceState::History => Status::History,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, parse_instant};
    use chrono::NaiveTime;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, d).unwrap()
    }

    fn nine(d: u32) -> Instant {
        at(day(d), NaiveTime::from_hms_opt(9, 0, 0).unwrap())
    }

    #[test]
    fn states_have_one_name_stored_the_same_and_read_back() {
        let cases = [
            (OccurrenceState::Open, "open", "chưa hoàn thành"),
            (
                OccurrenceState::Submitted,
                "submitted",
                "đã nộp, chờ xác nhận",
            ),
            (OccurrenceState::Confirmed, "confirmed", "đã xác nhận"),
            (OccurrenceState::Waived, "waived", "được miễn"),
            (OccurrenceState::Cancelled, "cancelled", "đã hủy"),
            (OccurrenceState::History, "history", "trước khi theo dõi"),
        ];
        assert_eq!(cases.len(), OccurrenceState::ALL.len());
        for (state, name, label) in cases {
            assert_eq!(state.name(), name);
            assert_eq!(state.to_string(), name);
            assert_eq!(state.label(), label);
            assert_eq!(name.parse::<OccurrenceState>(), Ok(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{name}\"")
            );
            let back: OccurrenceState = serde_json::from_str(&format!("\"{name}\"")).unwrap();
            assert_eq!(back, state);
        }
        for bad in ["", "Open", "overdue", "done_on_time"] {
            assert_eq!(
                bad.parse::<OccurrenceState>(),
                Err(UnknownState(bad.to_owned()))
            );
        }
    }

    #[test]
    fn statuses_have_one_name_each() {
        let cases = [
            (Status::DoneOnTime, "done_on_time"),
            (Status::DoneLate, "done_late"),
            (Status::OpenNotDue, "open_not_due"),
            (Status::OpenOverdue, "open_overdue"),
            (Status::Waived, "waived"),
            (Status::Cancelled, "cancelled"),
            (Status::History, "history"),
        ];
        assert_eq!(cases.len(), Status::ALL.len());
        for (status, name) in cases {
            assert_eq!(status.as_str(), name);
            assert_eq!(Status::parse(name), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{name}\"")
            );
        }
        assert_eq!(Status::parse("open"), None);
    }

    #[test]
    fn the_transition_table() {
        use OccurrenceState::*;
        let reason = || "lý do".to_owned();
        let submit = Action::Submit {
            document: None,
            note: None,
        };
        let extend = Action::Extend {
            until: day(30),
            reason: reason(),
        };
        let confirm = Action::Confirm { note: None };
        let reject = Action::Reject { reason: reason() };
        let waive = Action::Waive { reason: reason() };
        let cancel = Action::Cancel { reason: reason() };
        // (action, the states it applies to, where it leads)
        let table: [(&Action, &[OccurrenceState], OccurrenceState); 6] = [
            (&submit, &[Open], Submitted),
            (&confirm, &[Submitted], Confirmed),
            (&reject, &[Submitted], Open),
            (&extend, &[Open], Open),
            (&waive, &[Open, Submitted], Waived),
            (&cancel, &[Open, Submitted], Cancelled),
        ];
        let due = || parse_instant("2024-03-13T00:00:00+07:00").unwrap();
        for (action, from, to) in table {
            for state in OccurrenceState::ALL {
                let result = transition(state, action, due());
                if from.contains(&state) {
                    assert_eq!(result, Ok(to), "{state} {action:?}");
                } else {
                    assert!(
                        matches!(result, Err(Refusal::State { state: s, .. }) if s == state),
                        "{state} {action:?} should be refused: {result:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn reasons_are_required_where_the_table_says() {
        let cases = [
            (
                Action::Reject { reason: " ".into() },
                OccurrenceState::Submitted,
                "rejecting a submission needs a reason",
            ),
            (
                Action::Extend {
                    until: day(30),
                    reason: "".into(),
                },
                OccurrenceState::Open,
                "an extension needs a reason",
            ),
            (
                Action::Waive {
                    reason: "\n".into(),
                },
                OccurrenceState::Open,
                "waived needs a reason",
            ),
            (
                Action::Cancel { reason: "".into() },
                OccurrenceState::Submitted,
                "cancelled needs a reason",
            ),
        ];
        for (action, state, text) in cases {
            assert!(action.needs_reason());
            let due = parse_instant("2024-03-13T00:00:00+07:00").unwrap();
            assert_eq!(
                transition(state, &action, due),
                Err(Refusal::Invalid(text.to_owned()))
            );
        }
        assert!(!Action::Confirm { note: None }.needs_reason());
        assert!(!Action::Submit {
            document: None,
            note: None
        }
        .needs_reason());
    }

    #[test]
    fn an_extension_must_move_the_deadline_in_force_later() {
        let extend = |d: u32| Action::Extend {
            until: day(d),
            reason: "Chờ số liệu quý".into(),
        };
        let in_force = || parse_instant("2024-03-26T00:00:00+07:00").unwrap();
        assert_eq!(
            transition(OccurrenceState::Open, &extend(26), in_force()),
            Ok(OccurrenceState::Open)
        );
        let Err(Refusal::Invalid(text)) =
            transition(OccurrenceState::Open, &extend(25), in_force())
        else {
            panic!("the same last day is not later");
        };
        assert!(text.contains("25/03/2024"), "{text}");
        assert_eq!(
            due_after_last_day(day(25)).to_rfc3339(),
            "2024-03-26T00:00:00+07:00"
        );
    }

    #[test]
    fn texts_are_capped_before_anything_else() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let action = Action::Waive { reason: long };
        assert!(matches!(
            transition(OccurrenceState::History, &action, nine(13)),
            Err(Refusal::Invalid(t)) if t.starts_with("reason: 2001 characters")
        ));
        assert_eq!(
            check_lengths(&Action::Waive {
                reason: "ạ".repeat(MAX_TEXT_CHARS)
            }),
            Ok(())
        );
    }

    #[test]
    fn the_status_of_an_occurrence() {
        use OccurrenceState::*;
        let due = nine(13);
        let later = nine(20);
        let facts = |state, submitted_at, due_in_force| StatusFacts {
            state,
            submitted_at,
            due,
            due_in_force,
        };
        let cases = [
            (facts(Submitted, Some(nine(12)), due), Status::DoneOnTime),
            (facts(Confirmed, Some(nine(13)), due), Status::DoneLate),
            // An extension does not change the statistics.
            (facts(Confirmed, Some(nine(14)), later), Status::DoneLate),
            (facts(Submitted, None, due), Status::DoneOnTime),
            (facts(Open, None, due), Status::OpenOverdue),
            (facts(Open, None, later), Status::OpenNotDue),
            (facts(Waived, None, due), Status::Waived),
            (facts(Cancelled, None, due), Status::Cancelled),
            (facts(History, None, due), Status::History),
        ];
        for (f, want) in cases {
            assert_eq!(status(&f, nine(15)), want, "{f:?}");
        }
        // Overdue from the deadline's instant on.
        assert_eq!(
            status(&facts(Open, None, due), nine(13)),
            Status::OpenOverdue
        );
    }
}

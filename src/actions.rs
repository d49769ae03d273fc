//! Applying an occurrence's transitions (`domain::lifecycle`) to the store: atomically, with the audit log.

use crate::domain::lifecycle::Refusal;
pub use crate::domain::lifecycle::{check_lengths, due_after_last_day, Action, MAX_TEXT_CHARS};
use crate::domain::time::Instant;
use crate::store::{
    AuditEntry, Decision, Extension, OccurrenceRecord, Rejected, Store, StoreError, Submission,
};

/// Why an action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("no occurrence `{0}`")]
    NotFound(String),
    /// The occurrence is not in a state the action applies to.
    #[error("occurrence `{id}` is {state}; {action} applies only to {allowed} occurrences")]
    Conflict {
        id: String,
        state: String,
        action: &'static str,
        allowed: &'static str,
    },
    /// The action's own arguments are wrong (a reason missing, an extension not later).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// What the audit log keeps of a record before and after an action.
fn snapshot(r: &OccurrenceRecord) -> String {
    serde_json::json!({
        "state": r.state.name(),
        "due": r.effective_due().to_rfc3339(),
        "submission": r.submission,
    })
    .to_string()
}

impl ActionError {
    fn refused(id: &str, refusal: Refusal) -> ActionError {
        match refusal {
            Refusal::State {
                state,
                action,
                allowed,
            } => ActionError::Conflict {
                id: id.to_owned(),
                state: state.name().to_owned(),
                action,
                allowed,
            },
            Refusal::Invalid(text) => ActionError::Invalid(text),
        }
    }
}

/// Applies `action` to `rec` (no I/O): the lifecycle decides whether it may and the state it
/// leads to; the record keeps who did it, when, and what they wrote.
pub fn transition(
    rec: &mut OccurrenceRecord,
    action: &Action,
    by: &str,
    now: Instant,
) -> Result<(), ActionError> {
    let next = crate::domain::lifecycle::transition(rec.state, action, rec.effective_due())
        .map_err(|r| ActionError::refused(&rec.id, r))?;
    let decision = |reason: Option<String>| Decision {
        at: now,
        by: by.to_owned(),
        reason,
    };
    let reason = action.reason().map(|r| r.trim().to_owned());
    match action {
        Action::Submit { document, note } => {
            rec.submission = Some(Submission {
                at: now,
                by: by.to_owned(),
                document: non_blank(document),
                note: non_blank(note),
            });
        }
        Action::Confirm { note } => {
            rec.review = Some(decision(non_blank(note)));
        }
        Action::Reject { .. } => {
            let submission = rec.submission.take().expect("a submitted occurrence");
            rec.rejected = Some(Rejected {
                submission,
                decision: decision(reason),
            });
        }
        Action::Extend { until, .. } => {
            let number = rec.extension.as_ref().map_or(1, |e| e.number + 1);
            rec.extension = Some(Extension {
                due: due_after_last_day(*until),
                number,
                decision: decision(reason),
            });
        }
        Action::Waive { .. } | Action::Cancel { .. } => {
            rec.closure = Some(decision(reason));
        }
    }
    rec.state = next;
    Ok(())
}

/// Performs `action` on occurrence `id` as `by` at `now`: the change and its audit entry
/// (who, when, what, before/after) are written in one transaction and flushed before this
/// returns; a concurrent scheduler step cannot undo it. When the store cannot write (a full
/// disk) the answer is `StoreError::Unavailable` and nothing was recorded: the store is opened
/// again from what is on disk (see `Store`).
pub async fn perform(
    store: &Store,
    id: &str,
    action: &Action,
    by: &str,
    now: Instant,
) -> Result<OccurrenceRecord, ActionError> {
    let outcome: std::cell::RefCell<Result<(), ActionError>> = std::cell::RefCell::new(Ok(()));
    let detail = match action {
        Action::Submit { .. } => None,
        Action::Confirm { note } => non_blank(note),
        Action::Reject { reason }
        | Action::Extend { reason, .. }
        | Action::Waive { reason }
        | Action::Cancel { reason } => Some(reason.trim().to_owned()),
    };
    let written = store.update_occurrence_audited(id, |r| {
        let before = snapshot(r);
        let result = transition(r, action, by, now);
        let ok = result.is_ok();
        *outcome.borrow_mut() = result;
        if !ok {
            return None;
        }
        let mut after: serde_json::Value = serde_json::from_str(&snapshot(r)).unwrap_or_default();
        if let Some(d) = &detail {
            after["reason"] = d.clone().into();
        }
        Some(AuditEntry {
            at: now,
            who: by.to_owned(),
            what: action.name().to_owned(),
            occurrence: id.to_owned(),
            before: Some(before),
            after: Some(after.to_string()),
        })
    })?;
    outcome.into_inner()?;
    let rec = written.ok_or_else(|| ActionError::NotFound(id.to_owned()))?;
    store.flush_async().await?;
    tracing::info!(occurrence = %id, by = %by, action = action.name(), "occurrence action recorded");
    Ok(rec)
}

/// Marks occurrence `id` submitted on the strength of a received message: the submission time
/// is when the mail server received it (`received_at`, which decides on time or late), and the
/// audit entry carries the message's evidence (sender, subject, attachments and their hashes).
/// Nothing is confirmed: a coordinator still confirms or rejects.
pub async fn submit_from_mail(
    store: &Store,
    id: &str,
    from: &str,
    evidence: serde_json::Value,
    received_at: Instant,
    now: Instant,
) -> Result<OccurrenceRecord, ActionError> {
    let by = format!("email {from}");
    let action = Action::Submit {
        document: None,
        note: Some(format!("Báo cáo nhận qua thư điện tử từ {from}")),
    };
    let mut outcome: Result<(), ActionError> = Ok(());
    let mut before = String::new();
    let written = store.update_occurrence(id, |r| {
        before = snapshot(r);
        outcome = transition(r, &action, &by, now);
        if let Some(s) = r.submission.as_mut().filter(|_| outcome.is_ok()) {
            s.at = received_at;
        }
        outcome.is_ok()
    })?;
    outcome?;
    let rec = written.ok_or_else(|| ActionError::NotFound(id.to_owned()))?;
    let mut after: serde_json::Value = serde_json::from_str(&snapshot(&rec)).unwrap_or_default();
    after["evidence"] = evidence;
    store.append_audit(&AuditEntry {
        at: now,
        who: by.clone(),
        what: action.name().to_owned(),
        occurrence: id.to_owned(),
        before: Some(before),
        after: Some(after.to_string()),
    })?;
    tracing::info!(occurrence = %id, by = %by, received_at = %received_at.to_rfc3339(), "occurrence submitted by a received message");
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OccurrenceState;
    use chrono::NaiveDate;

    fn now() -> Instant {
        crate::domain::time::at(
            NaiveDate::from_ymd_opt(2024, 3, 20).unwrap(),
            chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        )
    }

    fn open() -> OccurrenceRecord {
        OccurrenceRecord {
            id: "kh/ob/xa/2024-Q1".into(),
            due: crate::domain::time::parse_instant("2024-03-13T00:00:00+07:00").unwrap(),
            ..Default::default()
        }
    }

    fn submit() -> Action {
        Action::Submit {
            document: Some(" 12/BC-UBND ".into()),
            note: Some("  ".into()),
        }
    }

    #[test]
    fn the_transition_table() {
        use OccurrenceState::*;
        let reason = || "lý do".to_owned();
        let extend = Action::Extend {
            until: NaiveDate::from_ymd_opt(2024, 3, 30).unwrap(),
            reason: reason(),
        };
        let cases: Vec<(OccurrenceState, Action, Option<OccurrenceState>)> = vec![
            (Open, submit(), Some(Submitted)),
            (Submitted, submit(), None),
            (Confirmed, submit(), None),
            (Submitted, Action::Confirm { note: None }, Some(Confirmed)),
            (Open, Action::Confirm { note: None }, None),
            (Submitted, Action::Reject { reason: reason() }, Some(Open)),
            (Confirmed, Action::Reject { reason: reason() }, None),
            (Open, extend.clone(), Some(Open)),
            (Submitted, extend, None),
            (Open, Action::Waive { reason: reason() }, Some(Waived)),
            (
                Submitted,
                Action::Cancel { reason: reason() },
                Some(Cancelled),
            ),
            (Cancelled, Action::Waive { reason: reason() }, None),
            (History, Action::Cancel { reason: reason() }, None),
        ];
        for (from, action, to) in cases {
            let mut rec = open();
            rec.state = from;
            if from == Submitted {
                rec.submission = Some(Submission {
                    at: now(),
                    by: "u".into(),
                    document: None,
                    note: None,
                });
            }
            let result = transition(&mut rec, &action, "admin", now());
            match to {
                Some(state) => {
                    assert!(result.is_ok(), "{from:?} {action:?}: {result:?}");
                    assert_eq!(rec.state, state, "{from:?} {action:?}");
                }
                None => assert!(
                    matches!(result, Err(ActionError::Conflict { .. })),
                    "{from:?} {action:?} should conflict: {result:?}"
                ),
            }
        }
    }

    #[test]
    fn submission_keeps_trimmed_document_and_drops_blank_note() {
        let mut rec = open();
        transition(&mut rec, &submit(), "xa-token", now()).unwrap();
        let s = rec.submission.unwrap();
        assert_eq!(s.document.as_deref(), Some("12/BC-UBND"));
        assert_eq!(s.note, None);
        assert_eq!(s.by, "xa-token");
    }

    #[test]
    fn rejection_reopens_and_keeps_the_rejected_submission() {
        let mut rec = open();
        transition(&mut rec, &submit(), "xa", now()).unwrap();
        let reject = Action::Reject {
            reason: "Thiếu số liệu".into(),
        };
        transition(&mut rec, &reject, "admin", now()).unwrap();
        assert_eq!(rec.state, OccurrenceState::Open);
        assert!(rec.submission.is_none());
        let r = rec.rejected.unwrap();
        assert_eq!(r.submission.document.as_deref(), Some("12/BC-UBND"));
        assert_eq!(r.decision.reason.as_deref(), Some("Thiếu số liệu"));
    }

    #[test]
    fn extensions_keep_the_original_due_and_must_move_later() {
        let mut rec = open();
        let extend = |d: u32| Action::Extend {
            until: NaiveDate::from_ymd_opt(2024, 3, d).unwrap(),
            reason: "Chờ số liệu quý".into(),
        };
        transition(&mut rec, &extend(25), "admin", now()).unwrap();
        assert_eq!(rec.due.to_rfc3339(), "2024-03-13T00:00:00+07:00");
        assert_eq!(
            rec.effective_due().to_rfc3339(),
            "2024-03-26T00:00:00+07:00"
        );
        assert_eq!(rec.extension.as_ref().unwrap().number, 1);
        // Not later than the deadline in force.
        let err = transition(&mut rec, &extend(25), "admin", now()).unwrap_err();
        assert!(err.to_string().contains("25/03/2024"), "{err}");
        transition(&mut rec, &extend(28), "admin", now()).unwrap();
        assert_eq!(rec.extension.as_ref().unwrap().number, 2);
        // A last day before the original deadline is refused too.
        let mut rec = open();
        assert!(matches!(
            transition(&mut rec, &extend(10), "admin", now()),
            Err(ActionError::Invalid(_))
        ));
    }

    #[test]
    fn texts_are_capped() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let ok = "ạ".repeat(MAX_TEXT_CHARS);
        for (action, refused) in [
            (
                Action::Waive {
                    reason: long.clone(),
                },
                true,
            ),
            (Action::Waive { reason: ok.clone() }, false),
            (
                Action::Submit {
                    document: None,
                    note: Some(long.clone()),
                },
                true,
            ),
            (
                Action::Submit {
                    document: Some(long.clone()),
                    note: None,
                },
                true,
            ),
            (Action::Confirm { note: Some(long) }, true),
        ] {
            let mut rec = open();
            if matches!(action, Action::Confirm { .. }) {
                transition(&mut rec, &submit(), "xa", now()).unwrap();
            }
            let result = transition(&mut rec, &action, "admin", now());
            assert_eq!(
                matches!(result, Err(ActionError::Invalid(_))),
                refused,
                "{result:?}"
            );
        }
    }

    #[test]
    fn decisions_need_a_reason() {
        for action in [
            Action::Waive { reason: " ".into() },
            Action::Cancel { reason: "".into() },
        ] {
            let mut rec = open();
            assert!(matches!(
                transition(&mut rec, &action, "admin", now()),
                Err(ActionError::Invalid(_))
            ));
            assert_eq!(rec.state, OccurrenceState::Open);
        }
    }
}

//! The coordinator API handlers: overdue items, one occurrence with its audit log, submissions.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;

use super::auth::{caller, forbidden};
use super::{ApiError, AppState};
use crate::domain::ids::UnitId;
use crate::query::{self, OverdueFilter, OverdueRow};
use crate::store::{AuditEntry, OccurrenceRecord, OccurrenceState, Submission};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    /// A unit, or a group (its members).
    unit: Option<String>,
    plan: Option<String>,
    /// A group: its members.
    group: Option<String>,
    min_days: Option<i64>,
}

fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

fn known_unit(state: &AppState, id: &str, what: &str) -> Result<Vec<UnitId>, ApiError> {
    let world = state.world();
    let unit = UnitId::parse(id)
        .ok()
        .filter(|u| world.directory.contains(u))
        .ok_or_else(|| {
            bad_request(
                "unknown_unit",
                format!("{what}: unknown unit or group `{id}`"),
            )
        })?;
    Ok(world.directory.expand(&unit))
}

/// GET /api/v1/overdue
pub async fn overdue(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<OverdueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<OverdueRow>>, ApiError> {
    let who = caller(&headers, &state.tokens)?;
    let Query(q) = query.map_err(|e| bad_request("bad_query", e.body_text()))?;
    let mut units: Option<Vec<UnitId>> = None;
    for (id, what) in [(&q.unit, "unit"), (&q.group, "group")] {
        if let Some(id) = id {
            let members = known_unit(&state, id, what)?;
            units = Some(match units {
                Some(u) => u.into_iter().filter(|x| members.contains(x)).collect(),
                None => members,
            });
        }
    }
    let world = state.world();
    if let Some(p) = &q.plan {
        if !world.plans.iter().any(|x| x.id.as_str() == p) {
            return Err(bad_request("unknown_plan", format!("unknown plan `{p}`")));
        }
    }
    let filter = OverdueFilter {
        units,
        plan: q.plan.clone(),
        min_days: q.min_days.unwrap_or(0),
    };
    let records = state.store.open_occurrences()?;
    let mut rows = query::overdue(&world, &records, state.now(), &filter);
    rows.retain(|r| who.may_see(&r.assignee));
    Ok(Json(rows))
}

/// An occurrence with its audit log.
#[derive(Debug, serde::Serialize)]
pub struct OccurrenceView {
    #[serde(flatten)]
    pub record: OccurrenceRecord,
    pub audit: Vec<AuditEntry>,
}

fn load(state: &AppState, id: &str) -> Result<OccurrenceRecord, ApiError> {
    state.store.occurrence(id)?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no occurrence `{id}`"),
        )
    })
}

/// GET /api/v1/occurrences/{id}
pub async fn occurrence(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<OccurrenceView>, ApiError> {
    let who = caller(&headers, &state.tokens)?;
    let record = load(&state, &id)?;
    if !who.may_see(&record.assignee) {
        return Err(forbidden("read another unit's occurrences"));
    }
    let audit = state.store.audit_of(&id)?;
    Ok(Json(OccurrenceView { record, audit }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    /// The document number ("Số 12/BC-UBND").
    document: Option<String>,
    note: Option<String>,
}

/// POST /api/v1/occurrences/{id}/submit: the unit has submitted; reminders stop at once.
pub async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<SubmitBody>, JsonRejection>,
) -> Result<Json<OccurrenceView>, ApiError> {
    let who = caller(&headers, &state.tokens)?;
    let Json(body) = match body {
        Ok(b) => b,
        Err(JsonRejection::MissingJsonContentType(_))
            if headers.get("content-length").is_none_or(|v| v == "0") =>
        {
            Json(SubmitBody::default())
        }
        Err(e) => {
            let status = e.status();
            let code = if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                "unsupported_media_type"
            } else {
                "bad_json"
            };
            return Err(ApiError::new(status, code, e.body_text()));
        }
    };
    let record = load(&state, &id)?;
    if !who.may_submit(&record.assignee) {
        return Err(forbidden("submit for this unit"));
    }
    let now = state.now();
    let submission = Submission {
        at: now.to_rfc3339(),
        by: who.name.clone(),
        document: body.document.filter(|s| !s.trim().is_empty()),
        note: body.note.filter(|s| !s.trim().is_empty()),
    };
    let mut before = None;
    let written = state.store.update_occurrence(&id, |r| {
        before = Some(r.state);
        let open = r.state == OccurrenceState::Open;
        if open {
            r.state = OccurrenceState::Submitted;
            r.submission = Some(submission.clone());
        }
        open
    })?;
    if written.is_none() {
        let state_name = before.map(|s| format!("{s:?}").to_lowercase());
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_open",
            format!(
                "occurrence `{id}` is {}; only open occurrences can be submitted",
                state_name.unwrap_or_default()
            ),
        ));
    }
    state.store.append_audit(&AuditEntry {
        at: now.to_rfc3339(),
        who: who.name.clone(),
        what: "submitted".to_owned(),
        occurrence: id.clone(),
        before: Some("open".to_owned()),
        after: Some(
            serde_json::json!({"state": "submitted", "document": submission.document, "note": submission.note})
                .to_string(),
        ),
    })?;
    state.store.flush_async().await?;
    tracing::info!(occurrence = %id, by = %who.name, "submission recorded; reminders stop");
    let record = load(&state, &id)?;
    let audit = state.store.audit_of(&id)?;
    Ok(Json(OccurrenceView { record, audit }))
}

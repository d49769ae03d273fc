//! Administration endpoints: the store's backup dump, taken while the daemon runs.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::{forbidden, limited_caller};
use super::{ApiError, AppState};
use crate::config::Role;

/// `?with_secrets=true` adds the store's secrets (the link-signing key).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupQuery {
    #[serde(default)]
    with_secrets: bool,
}

/// GET /api/v1/admin/backup: the whole store as a JSON Lines dump (see `store::backup`).
/// Coordinator tokens only: the dump holds every record, the Zalo tokens included; the
/// link-signing key only with `?with_secrets=true`.
pub async fn backup(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    super::Params(q): super::Params<BackupQuery>,
) -> Result<Response, ApiError> {
    let who = limited_caller(&headers, &extensions, &state)?;
    if who.role != Role::Coordinator {
        return Err(forbidden("take a backup"));
    }
    let store = state.store.clone();
    let created_at = chrono::Utc::now()
        .with_timezone(&crate::domain::time::ZONE)
        .to_rfc3339();
    let (body, summary) =
        tokio::task::spawn_blocking(move || store.dump_to_vec(&created_at, q.with_secrets))
            .await
            .map_err(|e| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "backup",
                    format!("backup task failed: {e}"),
                )
            })?
            .map_err(|e| {
                tracing::error!(error = %e, "backup failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "backup", e.to_string())
            })?;
    tracing::info!(by = %who.name, records = summary.records, bytes = body.len(), with_secrets = q.with_secrets, "backup taken over HTTP");
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response())
}

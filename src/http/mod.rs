//! The HTTP endpoint inside `serve`: router, shared state and JSON errors.

pub mod admin;
pub mod api;
pub mod auth;

use std::sync::{Arc, RwLock};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tokio::sync::watch;

use crate::config::ApiToken;
use crate::schedule::World;
use crate::store::Store;

/// What the scheduler last reported, shared with the HTTP handlers.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    /// The scheduler's clock at its last step (RFC 3339).
    pub now: Option<String>,
    pub next_action_at: Option<String>,
    pub next_action: Option<String>,
    pub pending: usize,
    /// Whether the scheduler runs on a simulated clock.
    pub simulated: bool,
}

/// Everything the handlers share.
pub struct AppState {
    pub store: Arc<Store>,
    /// The current world (replaced on reload).
    pub world: Arc<RwLock<Arc<World>>>,
    pub status: watch::Receiver<Status>,
    pub tokens: Vec<ApiToken>,
}

impl AppState {
    pub fn world(&self) -> Arc<World> {
        self.world.read().expect("world lock").clone()
    }

    /// Now: the system clock, or with a simulated clock the scheduler's time at its last step.
    pub fn now(&self) -> crate::domain::time::Instant {
        let status = self.status.borrow();
        status
            .now
            .as_deref()
            .filter(|_| status.simulated)
            .and_then(|n| chrono::DateTime::parse_from_rfc3339(n).ok())
            .map(|t| t.with_timezone(&crate::domain::time::ZONE))
            .unwrap_or_else(|| chrono::Utc::now().with_timezone(&crate::domain::time::ZONE))
    }
}

/// An API error: `{"error": code, "message": text}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.code, "message": self.message }));
        (self.status, body).into_response()
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "store error in an HTTP request");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store", e.to_string())
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/v1/overdue", get(api::overdue))
        // Occurrence ids contain `/`: clients percent-encode them (`%2F`) in these paths.
        .route("/api/v1/occurrences/{id}", get(api::occurrence))
        .route("/api/v1/occurrences/{id}/submit", post(api::submit))
        .route("/api/v1/admin/backup", get(admin::backup))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

async fn health(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
) -> Json<serde_json::Value> {
    let s = state.status.borrow().clone();
    Json(serde_json::json!({ "status": "ok", "scheduler": s }))
}

//! The HTTP endpoint inside `serve`: for now a health check with the scheduler's next action.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::watch;

/// What the scheduler last reported, shared with the HTTP handlers.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    /// The scheduler's clock at its last step (RFC 3339).
    pub now: Option<String>,
    pub next_action_at: Option<String>,
    pub next_action: Option<String>,
    pub pending: usize,
}

pub fn router(status: watch::Receiver<Status>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .with_state(Arc::new(status))
}

async fn health(State(status): State<Arc<watch::Receiver<Status>>>) -> Json<serde_json::Value> {
    let s = status.borrow().clone();
    Json(serde_json::json!({ "status": "ok", "scheduler": s }))
}

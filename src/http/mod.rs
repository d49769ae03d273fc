//! The HTTP endpoint inside `serve`: router, shared state, request extractors and JSON errors.

pub mod admin;
pub mod api;
pub mod auth;
pub mod dashboard;
pub mod export;
pub mod inbound;
pub mod links;
pub mod pages;

/// The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use tokio::sync::{watch, Notify};

use crate::config::ApiToken;
use crate::metrics::Metrics;
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
    /// Wall-clock time (Unix seconds) when the scheduler loop last came round.
    pub loop_at_unix: Option<u64>,
}

/// Everything the handlers share.
pub struct AppState {
    pub store: Arc<Store>,
    /// The current world (replaced on reload).
    pub world: Arc<RwLock<Arc<World>>>,
    pub status: watch::Receiver<Status>,
    pub tokens: Vec<ApiToken>,
    /// Wakes the scheduler after an action changed what is due (an extension, a rejection).
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// Signs and checks the one-click links in reminders.
    pub links: crate::signed_link::LinkSigner,
    /// When the store last took the health probe's write (see `api::health`).
    pub store_probe: tokio::sync::Mutex<Option<std::time::Instant>>,
    /// Received mail (the "Thư đến chưa khớp" section and `/api/v1/inbound`).
    pub inbound: Option<Arc<crate::inbound::Intake>>,
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

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
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

impl From<crate::actions::ActionError> for ApiError {
    fn from(e: crate::actions::ActionError) -> Self {
        use crate::actions::ActionError as E;
        match e {
            E::NotFound(_) => ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()),
            E::Conflict { .. } => ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()),
            E::Invalid(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string())
            }
            E::Store(s) => s.into(),
        }
    }
}

/// A JSON request body: an empty body reads as `{}`; anything else must be
/// `application/json`. Errors are JSON: 415 for another content type, 400 for malformed JSON,
/// 422 for JSON of the wrong shape (unknown or missing fields, wrong types).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json_type = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(e.status(), "bad_body", e.body_text()))?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else if !json_type {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        } else {
            &bytes
        };
        serde_json::from_slice(bytes).map(JsonBody).map_err(|e| {
            use serde_json::error::Category;
            match e.classify() {
                Category::Data => ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    format!("the JSON body does not fit: {e}"),
                ),
                _ => ApiError::bad_request("bad_json", format!("malformed JSON: {e}")),
            }
        })
    }
}

/// Whether a Content-Type is JSON (`application/json`, `application/problem+json`, with or
/// without parameters).
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Query-string parameters; a bad or unknown one is a 400 JSON error.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|e| ApiError::bad_request("bad_query", format!("query string: {e}")))
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(api::health))
        .route("/metrics", get(api::metrics))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/overdue", get(api::overdue))
        .route("/api/v1/admin/backup", get(admin::backup))
        .route("/api/v1/occurrences", get(api::occurrences))
        .merge(occurrence_routes(OCCURRENCE_ENCODED))
        .merge(occurrence_routes(OCCURRENCE_PATH))
        .route("/api/v1/stats", get(api::stats))
        .route("/api/v1/units/{id}/stats", get(api::unit_stats))
        .route("/api/v1/units/{id}/calendar.ics", get(api::unit_calendar))
        .merge(links::routes())
        .merge(dashboard::routes())
        .merge(inbound::routes())
        .fallback(not_found)
        .with_state(state)
}

/// An occurrence id (`plan/obligation/unit/period`) in a path, either as its four segments or
/// percent-encoded as one (`%2F` for `/`).
const OCCURRENCE_PATH: &str = "/api/v1/occurrences/{plan}/{obligation}/{unit}/{period}";
const OCCURRENCE_ENCODED: &str = "/api/v1/occurrences/{id}";

fn occurrence_routes(base: &str) -> Router<Arc<AppState>> {
    let r = Router::new().route(base, get(api::occurrence));
    [
        ("submit", post(api::submit)),
        ("confirm", post(api::confirm)),
        ("reject", post(api::reject)),
        ("extend", post(api::extend)),
        ("waive", post(api::waive)),
        ("cancel", post(api::cancel)),
    ]
    .into_iter()
    .fold(r, |r, (action, handler)| {
        r.route(&format!("{base}/{action}"), handler)
    })
}

/// The occurrence id of a request under either occurrence path.
pub struct OccurrenceId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for OccurrenceId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(mut p) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await
        .map_err(|e| ApiError::bad_request("bad_path", e.body_text()))?;
        if let Some(id) = p.remove("id") {
            return Ok(OccurrenceId(id));
        }
        let segments: Option<Vec<String>> = ["plan", "obligation", "unit", "period"]
            .iter()
            .map(|k| p.remove(*k))
            .collect();
        segments
            .map(|s| OccurrenceId(s.join("/")))
            .ok_or_else(|| ApiError::bad_request("bad_path", "no occurrence id in the path"))
    }
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

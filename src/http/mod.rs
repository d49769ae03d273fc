//! The HTTP endpoint inside `serve`: router, shared state, request extractors and JSON errors.

pub mod admin;
pub mod api;
pub mod auth;
pub mod dashboard;
pub mod drafts;
pub mod export;
pub mod inbound;
pub mod limits;
pub mod links;
pub mod pages;
pub mod units;

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
    /// The scheduler's clock at its last step (RFC 3339 in JSON).
    #[serde(serialize_with = "rfc3339")]
    pub now: Option<crate::domain::time::Instant>,
    #[serde(serialize_with = "rfc3339")]
    pub next_action_at: Option<crate::domain::time::Instant>,
    pub next_action: Option<String>,
    pub pending: usize,
    /// Whether the scheduler runs on a simulated clock.
    pub simulated: bool,
    /// Wall-clock time (Unix seconds) when the scheduler loop last came round.
    pub loop_at_unix: Option<u64>,
    /// How many reloads the loop has handled (and stepped after): a plan accepted on the page
    /// waits for this to pass the count it saw when it asked for one.
    #[serde(skip)]
    pub reloads: u64,
}

/// An instant as RFC 3339 (`2023-06-16T08:00:00+07:00`), as every instant in the API.
fn rfc3339<S: serde::Serializer>(
    at: &Option<crate::domain::time::Instant>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(t) => s.serialize_some(&t.to_rfc3339()),
        None => s.serialize_none(),
    }
}

/// Everything the handlers share.
pub struct AppState {
    pub store: Arc<Store>,
    /// The current world (replaced on reload).
    pub world: Arc<RwLock<Arc<World>>>,
    /// The daemon's current settings (replaced on reload).
    pub settings: Arc<RwLock<Arc<crate::config::Settings>>>,
    pub status: watch::Receiver<Status>,
    pub tokens: Vec<ApiToken>,
    /// Wakes the scheduler after an action changed what is due (an extension, a rejection).
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// Signs and checks the one-click links in reminders.
    pub links: crate::signed_link::LinkSigner,
    /// Failed logins and token checks per client address and overall.
    pub auth_limiter: limits::AuthLimiter,
    /// When the store last took the health probe's write (see `api::health`).
    pub store_probe: tokio::sync::Mutex<Option<std::time::Instant>>,
    /// Asks the loop for a reload, as SIGHUP does (set it, then `wake`).
    pub reload: Arc<std::sync::atomic::AtomicBool>,
    /// Received mail (the "Thư đến chưa khớp" section and `/api/v1/inbound`).
    pub inbound: Option<Arc<crate::inbound::Intake>>,
}

impl AppState {
    pub fn world(&self) -> Arc<World> {
        self.world.read().expect("world lock").clone()
    }

    pub fn settings(&self) -> Arc<crate::config::Settings> {
        self.settings.read().expect("settings lock").clone()
    }

    /// Now: the system clock, or with a simulated clock the scheduler's time at its last step.
    pub fn now(&self) -> crate::domain::time::Instant {
        let status = self.status.borrow();
        status
            .now
            .filter(|_| status.simulated)
            .unwrap_or_else(|| chrono::Utc::now().with_timezone(&crate::domain::time::ZONE))
    }
}

/// An API error: `{"error": code, "message": text}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds for a Retry-After header (429).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 429: too many failed authentications; try again after `wait`.
    pub fn too_many(wait: std::time::Duration) -> Self {
        let secs = limits::retry_after_secs(wait);
        Self {
            retry_after: Some(secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_failures",
                format!("too many failed authentications; try again in {secs} s"),
            )
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status == StatusCode::INTERNAL_SERVER_ERROR {
            // The detail stays in the log; the client gets an id to quote.
            let id = request_id();
            tracing::error!(request_id = %id, code = self.code, detail = %self.message, "internal error answered 500");
            return internal_error(&id);
        }
        let body = Json(serde_json::json!({ "error": self.code, "message": self.message }));
        let mut resp = (self.status, body).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        resp
    }
}

/// A fresh id for an answered internal error, logged beside its detail.
pub fn request_id() -> String {
    let mut b = [0u8; 8];
    if getrandom::fill(&mut b).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        b = t.to_be_bytes();
    }
    hex::encode(b)
}

/// The 500 a client sees: a generic message and the id under which the log has the detail.
pub fn internal_error(id: &str) -> Response {
    let body = Json(serde_json::json!({
        "error": "internal",
        "message": format!("internal error; the server log has the detail under request id {id}"),
        "request_id": id,
    }));
    (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "store unavailable in an HTTP request");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "store_unavailable",
                "the store cannot take writes now (is the disk full?); nothing was recorded: retry later",
            );
        }
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

/// A JSON request body: an empty body without a Content-Type reads as `{}`; anything else
/// (an empty form body too) must be `application/json`. Errors are JSON: 415 for another content type, 400 for malformed JSON,
/// 422 for JSON of the wrong shape (unknown or missing fields, wrong types).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(axum::http::header::CONTENT_TYPE);
        let untyped = content_type.is_none();
        let json_type = content_type
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(e.status(), "bad_body", e.body_text()))?;
        let bytes: &[u8] = if (untyped || json_type) && bytes.iter().all(u8::is_ascii_whitespace) {
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

/// The router with its layers: a caught handler panic is logged and answered 500 (the
/// connection stays up); every response carries the security headers (`security_headers`);
/// a request (body and answer) must end within `request_timeout` (408).
pub fn router(state: Arc<AppState>, request_timeout: std::time::Duration) -> Router {
    use axum::http::{HeaderName, HeaderValue};
    use tower_http::set_header::SetResponseHeaderLayer;
    let mut app = routes(state)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
    for (name, value) in security_headers() {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// The headers every response gets unless it sets its own: no framing, no MIME sniffing, no
/// referrer (one-click link tokens are in URLs), a Content-Security-Policy without any script,
/// and no caching (pages and API answers are per caller).
pub fn security_headers() -> [(&'static str, &'static str); 5] {
    [
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ]
}

/// A handler panicked: logged with an id, answered with a generic 500.
fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned());
    let id = request_id();
    tracing::error!(request_id = %id, panic = %detail, "handler panicked; answered 500");
    internal_error(&id)
}

/// Descriptors kept free of HTTP connections for the store, the outbox folder, outgoing
/// connections (SMTP, Zalo, webhooks) and the daemon's own files.
pub const FD_RESERVE: usize = 256;

/// How many connections may be open at once: `max`, lowered to the process's open-file limit
/// less `FD_RESERVE` (at least 8).
pub fn connection_cap(max: usize) -> usize {
    let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile)
        .current
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    max.min(soft.saturating_sub(FD_RESERVE).max(8))
}

/// Serves `app` on `listener` until `shutdown` resolves: HTTP/1.1 through hyper with a header
/// read timeout (which also ends idle keep-alive connections), and at most `connection_cap`
/// connections at once (a permit is taken before each accept, so further clients wait in the
/// kernel's listen queue rather than using up the process's descriptors).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: &crate::config::HttpLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use tower::ServiceExt;
    let cap = connection_cap(limits.max_connections);
    tracing::info!(
        max_connections = cap,
        header_read_timeout_secs = limits.header_read_timeout.as_secs(),
        request_timeout_secs = limits.request_timeout.as_secs(),
        keep_alive_idle_secs = limits.keep_alive_idle.as_secs(),
        "HTTP limits"
    );
    let permits = Arc::new(tokio::sync::Semaphore::new(cap));
    // A burst of page, statistics or export requests frees what it allocated once answered:
    // given back to the system after a second without requests (within 20 % of idle, issue 17).
    let trimmer = Arc::new(crate::heap::Trimmer::spawn(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(30),
        crate::heap::release,
    ));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    let idle = limits.keep_alive_idle;
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(if idle.is_zero() {
            limits.header_read_timeout
        } else {
            limits.header_read_timeout.min(idle)
        })
        .keep_alive(!idle.is_zero());
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // EMFILE and the like: wait for descriptors to come back.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let trimmer = trimmer.clone();
        let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            let answered = app.clone().oneshot(req.map(axum::body::Body::new));
            let trimmer = trimmer.clone();
            async move {
                let response = answered.await;
                trimmer.touch();
                response
            }
        });
        let conn =
            graceful.watch(builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "HTTP connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(std::time::Duration::from_secs(5), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("HTTP connections still open after 5 s; closing them");
    }
}

fn routes(state: Arc<AppState>) -> Router {
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
        .route("/api/v1/units/{id}", get(units::unit))
        .route("/api/v1/units/{id}/stats", get(api::unit_stats))
        .route("/api/v1/units/{id}/calendar.ics", get(api::unit_calendar))
        .merge(links::routes())
        .merge(dashboard::routes())
        .merge(drafts::routes())
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

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_handler_panic_is_answered_500_with_a_request_id_and_headers() {
        let app = Router::new()
            .route(
                "/boom",
                get(|| async {
                    let v: Vec<u8> = Vec::new();
                    v[3].to_string()
                }),
            )
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
        let resp = app
            .oneshot(
                Request::get("/boom")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), 4096).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], "internal");
        let id = v["request_id"].as_str().unwrap();
        assert_eq!(id.len(), 16);
        assert!(!v["message"]
            .as_str()
            .unwrap()
            .contains("index out of bounds"));
    }

    #[tokio::test]
    async fn internal_errors_keep_their_detail_in_the_log() {
        let e = ApiError::from(crate::store::StoreError::Decode {
            tree: "occurrences",
            key: "secret/key".into(),
            source: serde_json::from_str::<u8>("x").unwrap_err(),
        });
        let resp = e.into_response();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), 4096).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            !text.contains("secret/key") && text.contains("request_id"),
            "{text}"
        );
        let e = ApiError::from(crate::store::StoreError::Unavailable("ENOSPC".into()));
        let resp = e.into_response();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(resp.into_body(), 4096).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], "store_unavailable");
        assert!(!v["message"].as_str().unwrap().contains("ENOSPC"));
    }

    #[test]
    fn the_connection_cap_leaves_a_reserve_under_the_file_limit() {
        let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(u64::MAX) as usize;
        let cap = connection_cap(usize::MAX);
        assert!(
            cap + FD_RESERVE <= soft.max(FD_RESERVE + 8),
            "{cap} of {soft}"
        );
        assert_eq!(connection_cap(3), 3);
    }
}

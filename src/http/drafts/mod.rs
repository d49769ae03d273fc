//! Plans from documents: `/api/v1/drafts` (multipart upload, the draft kept in the store, acceptance into a schedule file the running daemon loads).

pub mod accept;
pub mod model;
pub mod page;

use std::sync::Arc;

use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::{forbidden, Caller};
use super::{ApiError, AppState, JsonBody};
use crate::config::Role;
use crate::store::drafts::StoredDraft;
use accept::{AcceptError, Options, Provenance};
use model::{Item, Review};

/// The largest plan file accepted (20 MB).
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// Room for the multipart framing and the page's other fields around the file.
const BODY_SLACK: usize = 256 * 1024;
/// How long a draft not accepted is kept.
pub const KEEP_DAYS: i64 = 7;
/// The file types a plan may come in.
pub const EXTENSIONS: &[&str] = &["docx", "pdf", "txt", "md"];

pub fn routes() -> Router<Arc<AppState>> {
    let limit = DefaultBodyLimit::max(MAX_UPLOAD + BODY_SLACK);
    Router::new()
        .route("/api/v1/drafts", post(create).layer(limit))
        .route("/api/v1/drafts/{id}", get(read).delete(remove))
        .route("/api/v1/drafts/{id}/accept", post(accept_api))
        .merge(page::routes().layer(limit))
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than 20 MB")]
    TooLarge,
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Unreadable(String),
    #[error("{0}")]
    Form(String),
}

impl UploadError {
    pub fn status(&self) -> StatusCode {
        match self {
            UploadError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            UploadError::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            UploadError::Form(_) => StatusCode::BAD_REQUEST,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            UploadError::TooLarge => "too_large",
            UploadError::Unsupported(_) => "unsupported_media_type",
            UploadError::Unreadable(_) => "unreadable",
            UploadError::Form(_) => "bad_form",
        }
    }
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        ApiError::new(e.status(), e.code(), e.to_string())
    }
}

fn multipart_error(e: MultipartError) -> UploadError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        UploadError::Form(format!("multipart/form-data: {}", e.body_text()))
    }
}

/// An uploaded file: its name and bytes.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The `file` field of a multipart form, and the form's other (text) fields.
pub async fn read_multipart(
    mut mp: Multipart,
) -> Result<(Option<Upload>, Vec<(String, String)>), UploadError> {
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                if bytes.len() + chunk.len() > MAX_UPLOAD {
                    return Err(UploadError::TooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some(Upload { file_name, bytes });
        } else {
            let text = field.text().await.map_err(multipart_error)?;
            fields.push((name, text));
        }
    }
    Ok((file, fields))
}

/// The file's extension, lower case, when it is one a plan may come in.
fn extension(file_name: &str) -> Result<String, UploadError> {
    let ext = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if EXTENSIONS.contains(&ext.as_str()) {
        return Ok(ext);
    }
    let hint = match ext.as_str() {
        "doc" => " An old Word document (.doc): open it in Word and save it as .docx, or print it to PDF.",
        "" => " The file has no extension.",
        _ => "",
    };
    Err(UploadError::Unsupported(format!(
        "`{file_name}`: unsupported file type; send a .docx, .pdf (with a text layer), .txt or .md file.{hint}"
    )))
}

/// The uploaded plan's text, read as `dondoc draft` reads a file of that type.
pub fn plan_text(up: &Upload) -> Result<String, UploadError> {
    let ext = extension(&up.file_name)?;
    if up.bytes.len() > MAX_UPLOAD {
        return Err(UploadError::TooLarge);
    }
    let tmp = tempfile::Builder::new()
        .prefix("dondoc-upload-")
        .suffix(&format!(".{ext}"))
        .tempfile()
        .map_err(|e| UploadError::Unreadable(format!("cannot keep the upload: {e}")))?;
    std::fs::write(tmp.path(), &up.bytes)
        .map_err(|e| UploadError::Unreadable(format!("cannot keep the upload: {e}")))?;
    use crate::draft::input::InputError;
    crate::draft::input::read_plan(tmp.path()).map_err(|e| {
        // The messages name the temporary file: name the upload instead.
        let msg = e
            .to_string()
            .replace(&tmp.path().display().to_string(), &up.file_name);
        match e {
            InputError::Kind { .. } => UploadError::Unsupported(msg),
            _ => UploadError::Unreadable(msg),
        }
    })
}

fn random_id() -> String {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).expect("the system's random source");
    hex::encode(b)
}

/// Drafts an uploaded plan against the running daemon's directory and keeps it for review.
/// Reading and drafting run on a blocking thread (a large document takes a while).
pub async fn create_draft(
    state: &AppState,
    up: Upload,
    who: &str,
) -> Result<StoredDraft, ApiError> {
    let world = state.world();
    let file_name = up.file_name.clone();
    let d = tokio::task::spawn_blocking(move || {
        plan_text(&up).map(|text| crate::draft::draft(&text, &up.file_name, &world.directory))
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))??;
    let now = state.now();
    // Expired drafts go whenever a new one comes.
    if let Err(e) = state.store.expire_drafts(&now.to_rfc3339()) {
        tracing::warn!(error = %e, "cannot drop expired drafts");
    }
    let stored = StoredDraft {
        id: random_id(),
        file_name: file_name.clone(),
        uploaded_by: who.to_owned(),
        created_at: now.to_rfc3339(),
        expires_at: (now + chrono::Duration::days(KEEP_DAYS)).to_rfc3339(),
        draft: model::draft_json(&d),
    };
    state.store.put_draft(&stored)?;
    tracing::info!(draft = %stored.id, file = %file_name, who, obligations = d.obligations.len(), "plan uploaded and drafted");
    Ok(stored)
}

fn coordinator(who: &Caller, what: &str) -> Result<(), ApiError> {
    if who.role == Role::Coordinator {
        Ok(())
    } else {
        Err(forbidden(what))
    }
}

fn draft_body(d: &StoredDraft) -> serde_json::Value {
    serde_json::json!({
        "id": d.id,
        "file_name": d.file_name,
        "uploaded_by": d.uploaded_by,
        "created_at": d.created_at,
        "expires_at": d.expires_at,
        "draft": d.draft,
    })
}

/// POST /api/v1/drafts (multipart/form-data, field `file`)
async fn create(
    State(state): State<Arc<AppState>>,
    who: Caller,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    coordinator(&who, "upload plans")?;
    let mp = mp.map_err(|e| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "send the plan as multipart/form-data with a field `file`: {}",
                e.body_text()
            ),
        )
    })?;
    let (file, _) = read_multipart(mp).await?;
    let up =
        file.ok_or_else(|| ApiError::bad_request("no_file", "the form has no field `file`"))?;
    let stored = create_draft(&state, up, &who.name).await?;
    state.store.flush_async().await?;
    Ok((StatusCode::CREATED, Json(draft_body(&stored))).into_response())
}

/// A stored draft, or 404.
pub fn stored(state: &AppState, id: &str) -> Result<StoredDraft, ApiError> {
    state
        .store
        .draft(id, &state.now().to_rfc3339())?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no draft `{id}` (drafts not accepted are kept {KEEP_DAYS} days)"),
            )
        })
}

/// GET /api/v1/drafts/{id}
async fn read(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    coordinator(&who, "read drafts")?;
    Ok(Json(draft_body(&stored(&state, &id)?)))
}

/// DELETE /api/v1/drafts/{id}
async fn remove(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    coordinator(&who, "delete drafts")?;
    stored(&state, &id)?;
    state.store.delete_draft(&id)?;
    state.store.flush_async().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptBody {
    plan_id: Option<String>,
    obligations: Option<Vec<Item>>,
    #[serde(default)]
    create_unmatched: bool,
}

/// The review held in a stored draft.
pub fn review_of(d: &StoredDraft) -> Result<Review, ApiError> {
    serde_json::from_value(d.draft.clone()).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "bad_draft",
            format!("the stored draft does not read: {e}"),
        )
    })
}

/// Runs the acceptance and, when it succeeds, drops the draft.
pub async fn accept_stored(
    state: &AppState,
    d: &StoredDraft,
    review: Review,
    opts: &Options,
    who: &Caller,
) -> Result<accept::Accepted, AcceptError> {
    let prov = Provenance {
        who: who.name.clone(),
        at: state.now(),
        draft_id: d.id.clone(),
        file_name: d.file_name.clone(),
        uploaded_by: d.uploaded_by.clone(),
    };
    let done = accept::accept(state, review, opts, &prov).await?;
    if let Err(e) = state.store.delete_draft(&d.id) {
        tracing::warn!(error = %e, draft = %d.id, "accepted, but the draft could not be dropped");
    }
    Ok(done)
}

/// POST /api/v1/drafts/{id}/accept
async fn accept_api(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AcceptBody>,
) -> Result<Response, ApiError> {
    coordinator(&who, "accept plans")?;
    let d = stored(&state, &id)?;
    let mut review = review_of(&d)?;
    if let Some(obs) = body.obligations {
        review.obligations = obs;
    }
    let opts = Options {
        plan_id: body.plan_id,
        create_unmatched: body.create_unmatched,
    };
    match accept_stored(&state, &d, review, &opts, &who).await {
        Ok(done) => Ok((StatusCode::CREATED, Json(done)).into_response()),
        Err(AcceptError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "error": "invalid",
                "message": format!("{} problem(s): the plan was not accepted", errors.len()),
                "errors": errors,
            })),
        )
            .into_response()),
        Err(AcceptError::Internal(e)) => {
            tracing::error!(error = %e, draft = %id, "accepting a plan failed");
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                e,
            ))
        }
    }
}

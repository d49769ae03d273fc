//! Received mail over HTTP: `GET /api/v1/inbound`, assigning or dismissing a message, the "Thư đến chưa khớp" page, an occurrence's mail evidence and its attachment downloads.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::auth::{self, Caller};
use super::pages::{self, human_time_str};
use super::{ApiError, AppState, JsonBody, Params};
use crate::config::Role;
use crate::inbound::{AssignError, Intake};
use crate::store::{InboundRecord, InboundState};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/inbound", get(list))
        .route("/api/v1/inbound/{message_id}/assign", post(assign))
        .route("/api/v1/inbound/{message_id}/dismiss", post(dismiss))
        .route("/dashboard/inbound", get(page))
        .route(
            "/dashboard/inbound/{message_id}/{action}",
            post(page_action),
        )
        .route("/dashboard/evidence/{id}", get(evidence))
        .route("/dashboard/attachments/{sha256}", get(attachment))
}

fn intake(state: &AppState) -> Result<&Arc<Intake>, ApiError> {
    state.inbound.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "inbound_off",
            "received mail is not available in this process",
        )
    })
}

fn coordinator(who: &Caller, what: &str) -> Result<(), ApiError> {
    if who.role == Role::Coordinator {
        Ok(())
    } else {
        Err(auth::forbidden(what))
    }
}

/// One attachment as the API shows it.
#[derive(Debug, Serialize)]
pub struct AttachmentView {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// One received message as the API shows it.
#[derive(Debug, Serialize)]
pub struct InboundView {
    pub message_id: String,
    pub from: String,
    pub subject: String,
    pub received_at: String,
    pub attachments: Vec<AttachmentView>,
    /// `matched`, `waiting`, `dismissed` or `ignored`.
    pub state: &'static str,
    pub matched: Vec<String>,
    pub reason: String,
}

impl From<&InboundRecord> for InboundView {
    fn from(r: &InboundRecord) -> Self {
        Self {
            message_id: r.key.clone(),
            from: r.from.clone(),
            subject: r.subject.clone(),
            received_at: r.received_at.clone(),
            attachments: r
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    name: a.name.clone(),
                    size: a.size,
                    sha256: a.sha256.clone(),
                })
                .collect(),
            state: r.state.name(),
            matched: r.matched.clone(),
            reason: r.reason.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Comma-separated states: matched, waiting, dismissed, ignored.
    state: Option<String>,
    page: Option<usize>,
    per_page: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct InboundPage {
    pub items: Vec<InboundView>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
}

const MAX_PER_PAGE: usize = 500;
const MAX_PAGE: usize = 1_000_000;

/// Every received message, newest first (by the time the mail server received it).
fn newest_first(state: &AppState) -> Result<Vec<InboundRecord>, ApiError> {
    let mut all = state.store.inbound_messages()?;
    all.sort_by(|a, b| {
        b.received_at
            .cmp(&a.received_at)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(all)
}

/// GET /api/v1/inbound (coordinator token): received messages, newest first, paginated.
pub async fn list(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Params(q): Params<ListQuery>,
) -> Result<Response, ApiError> {
    coordinator(&who, "read received mail")?;
    let states: Option<Vec<String>> = match &q.state {
        None => None,
        Some(s) => {
            let v: Vec<String> = s
                .split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect();
            if let Some(bad) = v
                .iter()
                .find(|x| !["matched", "waiting", "dismissed", "ignored"].contains(&x.as_str()))
            {
                return Err(ApiError::bad_request(
                    "bad_query",
                    format!("state: unknown value `{bad}`"),
                ));
            }
            (!v.is_empty()).then_some(v)
        }
    };
    let per_page = q.per_page.unwrap_or(50);
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::bad_request(
            "bad_query",
            format!("per_page must be 1 to {MAX_PER_PAGE}"),
        ));
    }
    let page = q.page.unwrap_or(1);
    if page == 0 || page > MAX_PAGE {
        return Err(ApiError::bad_request(
            "bad_query",
            format!("page must be 1 to {MAX_PAGE}"),
        ));
    }
    let rows: Vec<InboundRecord> = newest_first(&state)?
        .into_iter()
        .filter(|r| {
            states
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == r.state.name()))
        })
        .collect();
    let total = rows.len();
    let items = rows
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(InboundView::from)
        .collect();
    Ok(Json(InboundPage {
        items,
        total,
        page,
        per_page,
        pages: total.div_ceil(per_page),
    })
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    occurrences: Vec<String>,
}

impl From<AssignError> for ApiError {
    fn from(e: AssignError) -> Self {
        match e {
            AssignError::NotFound(_) | AssignError::NoOccurrence(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string())
            }
            AssignError::Conflict(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            AssignError::Invalid(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string())
            }
            AssignError::Store(s) => s.into(),
            AssignError::Intake(m) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "store", m),
        }
    }
}

/// POST /api/v1/inbound/{message_id}/assign `{"occurrences": [ids]}`: the message is the
/// submission of those occurrences (submitted at its receipt time, with its evidence).
pub async fn assign(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(message_id): Path<String>,
    JsonBody(body): JsonBody<AssignBody>,
) -> Result<Json<InboundView>, ApiError> {
    coordinator(&who, "assign received mail")?;
    let rec = intake(&state)?
        .assign(&message_id, &body.occurrences, &who.name)
        .await?;
    Ok(Json(InboundView::from(&rec)))
}

/// POST /api/v1/inbound/{message_id}/dismiss: the message is not a submission.
pub async fn dismiss(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(message_id): Path<String>,
) -> Result<Json<InboundView>, ApiError> {
    coordinator(&who, "dismiss received mail")?;
    let rec = intake(&state)?.dismiss(&message_id, &who.name).await?;
    Ok(Json(InboundView::from(&rec)))
}

// ---------------------------------------------------------------------------------------------
// The page

#[derive(Serialize)]
struct CandidateCtx {
    id: String,
    /// The id as one path segment.
    path: String,
    label: String,
}

#[derive(Serialize)]
struct MessageCtx {
    key: String,
    key_path: String,
    from: String,
    subject: String,
    received: String,
    reason: String,
    state: &'static str,
    attachments: Vec<AttachmentCtx>,
    candidates: Vec<CandidateCtx>,
    matched: Vec<CandidateCtx>,
}

#[derive(Serialize)]
struct AttachmentCtx {
    name: String,
    size: String,
    sha256: String,
    link: Option<String>,
}

fn path_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} byte")
    }
}

fn occurrence_label(state: &AppState, id: &str) -> String {
    let world = state.world();
    match state.store.occurrence(id).ok().flatten() {
        Some(r) => {
            let title = world
                .obligation(&r.plan, &r.obligation)
                .map(|(_, o)| o.title.clone())
                .unwrap_or_else(|| r.obligation.clone());
            let unit = crate::domain::ids::UnitId::parse(&r.assignee)
                .map(|u| world.directory.name(&u).to_owned())
                .unwrap_or(r.assignee.clone());
            let period = crate::domain::occurrence::period_label(&r.period);
            format!("{title} {period} – {unit} ({})", r.state.name())
        }
        None => id.to_owned(),
    }
}

fn message_ctx(state: &AppState, r: &InboundRecord) -> MessageCtx {
    let intake = state.inbound.as_ref();
    MessageCtx {
        key: r.key.clone(),
        key_path: path_segment(&r.key),
        from: r.from.clone(),
        subject: r.subject.clone(),
        received: human_time_str(&r.received_at),
        reason: r.reason.clone(),
        state: r.state.name(),
        attachments: r
            .attachments
            .iter()
            .map(|a| AttachmentCtx {
                name: a.name.clone(),
                size: size_label(a.size),
                sha256: a.sha256.clone(),
                link: (a.kept && intake.and_then(|i| i.attachment_path(&a.sha256)).is_some()).then(
                    || {
                        format!(
                            "/dashboard/attachments/{}?name={}",
                            a.sha256,
                            url::form_urlencoded::byte_serialize(a.name.as_bytes())
                                .collect::<String>()
                        )
                    },
                ),
            })
            .collect(),
        candidates: r
            .candidates
            .iter()
            .map(|id| CandidateCtx {
                id: id.clone(),
                path: path_segment(id),
                label: occurrence_label(state, id),
            })
            .collect(),
        matched: r
            .matched
            .iter()
            .map(|id| CandidateCtx {
                id: id.clone(),
                path: path_segment(id),
                label: occurrence_label(state, id),
            })
            .collect(),
    }
}

fn page_refused(status: StatusCode, heading: &str, text: &str) -> Response {
    pages::message(status, "bad", heading, text, "")
}

#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    #[serde(default)]
    flash: Option<String>,
}

/// GET /dashboard/inbound: "Thư đến chưa khớp" (coordinators).
async fn page(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
    let who = match auth::caller(&headers, &state.tokens) {
        Ok(w) => w,
        Err(_) => return Redirect::to("/login?next=%2Fdashboard%2Finbound").into_response(),
    };
    if who.role != Role::Coordinator {
        return page_refused(
            StatusCode::FORBIDDEN,
            "Không có quyền",
            "Chỉ tài khoản điều phối mới xem được thư đến.",
        );
    }
    let q: PageQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let all = match newest_first(&state) {
        Ok(a) => a,
        Err(_) => {
            return page_refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lỗi hệ thống",
                "Không đọc được dữ liệu lúc này. Xin thử lại sau ít phút.",
            )
        }
    };
    let waiting: Vec<MessageCtx> = all
        .iter()
        .filter(|r| r.state == InboundState::Waiting)
        .map(|r| message_ctx(&state, r))
        .collect();
    let recent: Vec<MessageCtx> = all
        .iter()
        .filter(|r| r.state != InboundState::Waiting)
        .take(50)
        .map(|r| message_ctx(&state, r))
        .collect();
    pages::render(
        StatusCode::OK,
        "inbound.html",
        minijinja::context! { waiting, recent, flash => q.flash, who_name => who.name },
    )
}

#[derive(Debug, Deserialize)]
struct AssignForm {
    /// Occurrence ids, separated by new lines or commas (the checkboxes send one each).
    #[serde(default)]
    occurrence: Vec<String>,
    #[serde(default)]
    other: Option<String>,
}

/// POST /dashboard/inbound/{message_id}/{assign|dismiss}: the page's forms.
async fn page_action(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
    Path((key, action)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    if !super::dashboard::origin_ok(&headers, &uri, &state.settings().public_url) {
        return page_refused(
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối",
            "Biểu mẫu được gửi từ một trang khác. Xin mở lại trang theo dõi rồi thao tác lại.",
        );
    }
    let who = match auth::caller(&headers, &state.tokens) {
        Ok(w) if w.role == Role::Coordinator => w,
        _ => {
            return page_refused(
                StatusCode::FORBIDDEN,
                "Không có quyền",
                "Chỉ tài khoản điều phối mới gán hoặc bỏ qua được thư đến. Xin đăng nhập lại.",
            )
        }
    };
    let Some(intake) = state.inbound.as_ref() else {
        return page_refused(StatusCode::SERVICE_UNAVAILABLE, "Chưa bật thư đến", "");
    };
    let result = match action.as_str() {
        "assign" => {
            // Repeated `occurrence` fields: serde_urlencoded wants them as a sequence.
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).unwrap_or_default();
            let form = AssignForm {
                occurrence: pairs
                    .iter()
                    .filter(|(k, _)| k == "occurrence")
                    .map(|(_, v)| v.clone())
                    .collect(),
                other: pairs
                    .iter()
                    .find(|(k, _)| k == "other")
                    .map(|(_, v)| v.clone()),
            };
            let mut ids: Vec<String> = form.occurrence;
            if let Some(o) = form.other {
                ids.extend(
                    o.split([',', '\n', ' '])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                );
            }
            intake
                .assign(&key, &ids, &who.name)
                .await
                .map(|_| format!("Đã ghi nhận thư là báo cáo của {} nhiệm vụ.", ids.len()))
        }
        "dismiss" => intake
            .dismiss(&key, &who.name)
            .await
            .map(|_| "Đã bỏ qua thư.".to_owned()),
        _ => {
            return page_refused(
                StatusCode::NOT_FOUND,
                "Không có thao tác này",
                "Thao tác không có trên trang thư đến.",
            )
        }
    };
    match result {
        Ok(flash) => Redirect::to(&format!(
            "/dashboard/inbound?flash={}",
            url::form_urlencoded::byte_serialize(flash.as_bytes()).collect::<String>()
        ))
        .into_response(),
        Err(e) => page_refused(
            match &e {
                AssignError::NotFound(_) | AssignError::NoOccurrence(_) => StatusCode::NOT_FOUND,
                AssignError::Conflict(_) => StatusCode::CONFLICT,
                AssignError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            },
            "Không thực hiện được",
            &e.to_string(),
        ),
    }
}

/// GET /dashboard/evidence/{id}: the messages an occurrence was submitted by.
async fn evidence(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let who = match auth::caller(&headers, &state.tokens) {
        Ok(w) => w,
        Err(_) => return Redirect::to("/login").into_response(),
    };
    let rec = match state.store.occurrence(&id) {
        Ok(Some(r)) if who.may_see(&r.assignee) => r,
        _ => {
            return page_refused(
                StatusCode::NOT_FOUND,
                "Không tìm thấy nhiệm vụ",
                "Nhiệm vụ này không có trong hệ thống (hoặc không thuộc đơn vị của anh/chị).",
            )
        }
    };
    let messages: Vec<MessageCtx> = match state.store.inbound_of_occurrence(&rec.id) {
        Ok(v) => v.iter().map(|r| message_ctx(&state, r)).collect(),
        Err(_) => Vec::new(),
    };
    pages::render(
        StatusCode::OK,
        "inbound.html",
        minijinja::context! {
            evidence_for => occurrence_label(&state, &rec.id),
            evidence_id => rec.id,
            messages,
            coordinator => who.role == Role::Coordinator,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct AttachmentQuery {
    name: Option<String>,
}

/// GET /dashboard/attachments/{sha256}: a kept attachment (coordinators).
async fn attachment(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    uri: Uri,
) -> Response {
    match auth::caller(&headers, &state.tokens) {
        Ok(w) if w.role == Role::Coordinator => {}
        _ => {
            return page_refused(
                StatusCode::FORBIDDEN,
                "Không có quyền",
                "Chỉ tài khoản điều phối mới tải được tệp đính kèm.",
            )
        }
    }
    let q: AttachmentQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let Some(path) = state
        .inbound
        .as_ref()
        .and_then(|i| i.attachment_path(&sha256))
    else {
        return page_refused(
            StatusCode::NOT_FOUND,
            "Không có tệp",
            "Tệp này không được lưu (quá lớn, chỉ ghi nhận mã băm) hoặc không tồn tại.",
        );
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return page_refused(StatusCode::INTERNAL_SERVER_ERROR, "Không đọc được tệp", "");
    };
    let name = q.name.unwrap_or_else(|| sha256.clone());
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC)
    );
    let mut resp = bytes.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_render_and_escape() {
        let m = MessageCtx {
            key: "r1@x".into(),
            key_path: "r1%40x".into(),
            from: "<b>a@x</b>".into(),
            subject: "Re: báo cáo".into(),
            received: "09:00 ngày 05/12/2022".into(),
            reason: "chờ".into(),
            state: "waiting",
            attachments: vec![AttachmentCtx {
                name: "bc.pdf".into(),
                size: size_label(2048),
                sha256: "ab".into(),
                link: Some("/dashboard/attachments/ab?name=bc.pdf".into()),
            }],
            candidates: vec![CandidateCtx {
                id: "kh/o/xa/2024".into(),
                path: path_segment("kh/o/xa/2024"),
                label: "Báo cáo năm 2024 – Xã A (open)".into(),
            }],
            matched: vec![],
        };
        let env =
            || minijinja::context! { waiting => vec![&m], recent => Vec::<MessageCtx>::new() };
        let resp = pages::render(StatusCode::OK, "inbound.html", env());
        assert_eq!(resp.status(), StatusCode::OK);
        let resp = pages::render(
            StatusCode::OK,
            "inbound.html",
            minijinja::context! { evidence_id => "kh/o/xa/2024", evidence_for => "x", messages => vec![&m] },
        );
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(size_label(2048), "2 KB");
        assert_eq!(size_label(3 * 1024 * 1024 / 2), "1,5 MB");
    }
}

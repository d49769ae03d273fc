//! The one-click link pages (no login): `GET /l/{token}` shows what is being confirmed,
//! `POST /l/{token}` records the submission once; tampered, expired or used links get a
//! clear refusal page.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::pages::{self, human_time, human_time_str};
use super::AppState;
use crate::actions::{self, Action, ActionError};
use crate::domain::time::vn_date;
use crate::signed_link::{LinkClaim, LinkError};
use crate::store::{OccurrenceRecord, OccurrenceState};

pub use crate::signed_link::LinkSigner;

/// The path of a link token under the public URL.
pub fn path(token: &str) -> String {
    format!("/l/{token}")
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/l/{token}", get(show).post(confirm))
}

fn refusal(status: StatusCode, heading: &str, text: &str) -> Response {
    pages::message(
        status,
        "bad",
        heading,
        text,
        "Nếu đơn vị đã gửi báo cáo, xin báo cho cơ quan thường trực để ghi nhận.",
    )
}

/// The claim and the record of a usable link, or the refusal page.
#[allow(
    clippy::result_large_err,
    reason = "the error is the page to answer with, built once per request"
)]
fn check(state: &AppState, token: &str) -> Result<(LinkClaim, OccurrenceRecord), Response> {
    let now = state.now();
    let claim = match state.links.verify(token, now) {
        Ok(c) => c,
        Err(LinkError::Tampered) => {
            tracing::warn!("one-click link refused: bad signature");
            return Err(refusal(
                StatusCode::FORBIDDEN,
                "Liên kết không hợp lệ",
                "Liên kết này bị sai hoặc đã bị sửa đổi, nên không thể dùng để xác nhận.",
            ));
        }
        Err(LinkError::Expired(c)) => {
            tracing::info!(occurrence = %c.o, "one-click link refused: expired");
            return Err(refusal(
                StatusCode::GONE,
                "Liên kết đã hết hạn",
                "Liên kết xác nhận này đã quá thời gian sử dụng.",
            ));
        }
    };
    let used = state.store.link_used_at(&claim.n);
    match used {
        Ok(Some(at)) => {
            return Err(refusal(
                StatusCode::CONFLICT,
                "Liên kết đã được sử dụng",
                &format!(
                "Liên kết này đã được dùng để xác nhận lúc {}; mỗi liên kết chỉ dùng được một lần.",
                human_time_str(&at)
            ),
            ))
        }
        Ok(None) => {}
        Err(e) => return Err(store_failure(e)),
    }
    let rec = match state.store.occurrence(&claim.o) {
        Ok(Some(r)) if r.assignee == claim.u => r,
        Ok(_) => {
            return Err(refusal(
                StatusCode::NOT_FOUND,
                "Không tìm thấy nhiệm vụ",
                "Nhiệm vụ mà liên kết này nói đến không còn trong hệ thống.",
            ))
        }
        Err(e) => return Err(store_failure(e)),
    };
    if rec.state != OccurrenceState::Open {
        return Err(not_open(&rec));
    }
    if issued_before_rejection(&claim, &rec, state.settings().link_valid_days) {
        tracing::info!(occurrence = %claim.o, "one-click link refused: issued before a rejection");
        return Err(refusal(
            StatusCode::CONFLICT,
            "Liên kết thuộc lần gửi trước",
            "Liên kết này được gửi trước khi báo cáo bị trả lại, nên không dùng để xác nhận lần gửi mới được. Xin dùng liên kết trong thông báo mới nhất hoặc liên hệ cơ quan thường trực.",
        ));
    }
    Ok((claim, rec))
}

/// Whether the link was issued before the occurrence's last rejection: a link belongs to the
/// submission round it was sent for. A link's message is planned `valid_days` before its
/// expiry (see `daemon::compose`), so that is when it was issued.
fn issued_before_rejection(claim: &LinkClaim, rec: &OccurrenceRecord, valid_days: u32) -> bool {
    let Some(rejected) = rec.rejected.as_ref() else {
        return false;
    };
    let issued = claim.e - i64::from(valid_days) * 86_400;
    rejected.decision.at.timestamp() >= issued
}

fn not_open(rec: &OccurrenceRecord) -> Response {
    let text = match rec.state {
        OccurrenceState::Submitted | OccurrenceState::Confirmed => {
            let at = rec.submission.as_ref().map(|s| human_time(&s.at));
            format!(
                "Việc gửi báo cáo này đã được ghi nhận{}.",
                at.map(|a| format!(" lúc {a}")).unwrap_or_default()
            )
        }
        _ => "Nhiệm vụ này không còn phải thực hiện (đã được miễn hoặc đã hủy).".to_owned(),
    };
    pages::message(
        StatusCode::CONFLICT,
        "ok",
        "Đã ghi nhận trước đó",
        &text,
        "",
    )
}

fn store_failure(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "store error on a one-click link");
    pages::message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "bad",
        "Lỗi hệ thống",
        "Không ghi nhận được lúc này. Xin thử lại sau ít phút.",
        "",
    )
}

/// GET /l/{token}: the confirmation page. Showing it changes nothing (mail scanners open links).
async fn show(State(state): State<Arc<AppState>>, Path(token): Path<String>) -> Response {
    let (claim, rec) = match check(&state, &token) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let world = state.world();
    let row = crate::ledger::row(&world, &rec, state.now());
    let plan_title = world
        .plan(&rec.plan)
        .map(|p| p.title.clone())
        .unwrap_or_default();
    let due = crate::domain::time::parse_instant(&row.due);
    pages::render(
        StatusCode::OK,
        "link.html",
        minijinja::context! {
            unit_name => row.assignee_name,
            title => row.title,
            period_label => crate::domain::occurrence::period_label(&row.period),
            due_date => due.map(|d| vn_date(crate::domain::occurrence::last_day_of(&d))).unwrap_or_default(),
            deadline => row.deadline,
            plan_title,
            expires => chrono::DateTime::from_timestamp(claim.e, 0)
                .map(|t| human_time(&t.with_timezone(&crate::domain::time::ZONE)))
                .unwrap_or_default(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct LinkForm {
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// POST /l/{token}: records the submission and uses up the link.
async fn confirm(
    State(state): State<Arc<AppState>>,
    Path(token): Path<String>,
    form: Result<Form<LinkForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => {
            return pages::message(
                StatusCode::BAD_REQUEST,
                "bad",
                "Biểu mẫu không hợp lệ",
                "Xin mở lại liên kết trong thư và gửi lại biểu mẫu.",
                &e.body_text(),
            )
        }
    };
    let (claim, _) = match check(&state, &token) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let action = Action::Submit {
        document: form.document,
        note: form.note,
    };
    let by = format!("link:{}", claim.u);
    match actions::perform(&state.store, &claim.o, &action, &by, state.now()).await {
        Ok(rec) => {
            if let Err(e) = state.store.use_link(&claim.n, &state.now().to_rfc3339()) {
                tracing::error!(error = %e, "could not mark a one-click link used");
            }
            if let Err(e) = state.store.flush_async().await {
                tracing::error!(error = %e, "store flush failed after a one-click link");
            }
            state.wake.notify_one();
            let row = crate::ledger::row(&state.world(), &rec, state.now());
            pages::message(
                StatusCode::OK,
                "ok",
                "Đã ghi nhận",
                &format!(
                    "Đã ghi nhận {} đã gửi báo cáo “{}” ({}). Hệ thống sẽ không nhắc việc này nữa.",
                    row.assignee_name,
                    row.title,
                    crate::domain::occurrence::period_label(&row.period)
                ),
                "",
            )
        }
        Err(ActionError::Conflict { .. }) => match state.store.occurrence(&claim.o) {
            Ok(Some(rec)) => not_open(&rec),
            Ok(None) => refusal(
                StatusCode::NOT_FOUND,
                "Không tìm thấy nhiệm vụ",
                "Nhiệm vụ mà liên kết này nói đến không còn trong hệ thống.",
            ),
            Err(e) => store_failure(e),
        },
        Err(e) => store_failure(e),
    }
}

//! The page's action forms: submit, confirm, reject, extend, waive, cancel, each applied through `actions` and answered with a redirect or a plain refusal.

use super::*;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ActionForm {
    #[serde(default)]
    pub(super) document: Option<String>,
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) reason: Option<String>,
    #[serde(default)]
    pub(super) until: Option<String>,
}

pub(super) fn refusal(status: StatusCode, heading: &str, text: &str) -> Response {
    pages::message(
        status,
        "bad",
        heading,
        text,
        "Quay lại trang theo dõi (nút Quay lại của trình duyệt, hoặc mở /dashboard) để thử lại.",
    )
}

/// The new last day from `<input type=date>` (YYYY-MM-DD); dd/mm/yyyy too, for browsers that
/// show a plain text box.
pub(super) fn parse_until(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_date(s)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
        .filter(|d| crate::http::api::YEARS.contains(&d.year()))
}

/// POST /dashboard/occurrences/{id}/{action}
pub(super) async fn act(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, action_name)): Path<(String, String)>,
    form: Result<Form<ActionForm>, FormRejection>,
) -> Response {
    if !origin_ok(&headers, &uri, &state.settings().public_url) {
        return cross_origin_refused();
    }
    let who = match auth::caller(&headers, &state.tokens) {
        Ok(w) => w,
        Err(_) => {
            return login_form(
                StatusCode::UNAUTHORIZED,
                "Phiên làm việc đã hết hoặc mã truy cập không còn hiệu lực. Xin đăng nhập lại rồi thực hiện lại thao tác.",
                &format!("/dashboard?occurrence={}", query_value(&id)),
            )
        }
    };
    if !ACTIONS.contains(&action_name.as_str()) {
        return refusal(
            StatusCode::NOT_FOUND,
            "Không có thao tác này",
            &format!("“{action_name}” không phải là một thao tác của trang theo dõi."),
        );
    }
    let Ok(Form(form)) = form else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "Biểu mẫu không hợp lệ",
            "Không đọc được nội dung biểu mẫu. Xin tải lại trang rồi gửi lại.",
        );
    };
    let rec = match state.store.occurrence(&id) {
        Ok(Some(r)) if who.may_see(&r.assignee) => r,
        Ok(_) => {
            return refusal(
                StatusCode::NOT_FOUND,
                "Không tìm thấy nhiệm vụ",
                "Nhiệm vụ này không có trong hệ thống (hoặc không thuộc đơn vị của anh/chị).",
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "dashboard action: store error");
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lỗi hệ thống",
                "Không thực hiện được lúc này. Xin thử lại sau ít phút.",
            );
        }
    };
    let reason_blank = form.reason.as_deref().unwrap_or_default().trim().is_empty();
    let reason = form.reason.unwrap_or_default();
    let action = match action_name.as_str() {
        "submit" => Action::Submit {
            document: form.document,
            note: form.note,
        },
        "confirm" => Action::Confirm { note: form.note },
        "reject" => Action::Reject { reason },
        "waive" => Action::Waive { reason },
        "cancel" => Action::Cancel { reason },
        _ => match form.until.as_deref().and_then(parse_until) {
            Some(until) => Action::Extend { until, reason },
            None => {
                return refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Chưa chọn ngày gia hạn",
                    "Xin chọn hạn mới (ngày cuối cùng đơn vị được nộp) rồi gửi lại.",
                )
            }
        },
    };
    if !who.may_act(&action, &rec.assignee) {
        let text = if who.role == Role::Viewer {
            "Tài khoản này chỉ được xem, không được thực hiện thao tác.".to_owned()
        } else {
            format!(
                "Chỉ cơ quan điều phối mới được {} nhiệm vụ.",
                action_label(&action_name)
            )
        };
        return refusal(StatusCode::FORBIDDEN, "Không có quyền thực hiện", &text);
    }
    if action.needs_reason() && reason_blank {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Chưa ghi lý do",
            &format!(
                "Muốn {} nhiệm vụ cần ghi rõ lý do. Xin ghi lý do rồi gửi lại.",
                action_label(&action_name)
            ),
        );
    }
    match actions::perform(&state.store, &id, &action, &who.name, state.now()).await {
        Ok(_) => {
            state.wake.notify_one();
            Redirect::to(&format!(
                "/dashboard?done={action_name}&occurrence={}",
                query_value(&id)
            ))
            .into_response()
        }
        Err(ActionError::Conflict { .. }) => {
            let now_state = state
                .store
                .occurrence(&id)
                .ok()
                .flatten()
                .map_or(OccurrenceState::Open, |r| r.state);
            let allowed = action
                .applies_to()
                .0
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(" hoặc ");
            refusal(
                StatusCode::CONFLICT,
                "Không thực hiện được",
                &format!(
                    "Nhiệm vụ này hiện ở trạng thái “{}”; thao tác “{}” chỉ áp dụng cho nhiệm vụ {allowed}. Có thể người khác vừa xử lý nhiệm vụ này.",
                    now_state.label(),
                    action_label(&action_name)
                ),
            )
        }
        Err(ActionError::Invalid(detail)) => {
            let text = match &action {
                Action::Extend { .. } => format!(
                    "Hạn mới phải sau hạn đang áp dụng (hết ngày {}).",
                    vn_date(last_day_of(&rec.effective_due()))
                ),
                _ => "Thông tin trong biểu mẫu chưa hợp lệ.".to_owned(),
            };
            tracing::info!(occurrence = %id, error = %detail, "dashboard action refused");
            refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Chưa thực hiện được",
                &text,
            )
        }
        Err(ActionError::NotFound(_)) => refusal(
            StatusCode::NOT_FOUND,
            "Không tìm thấy nhiệm vụ",
            "Nhiệm vụ này không có trong hệ thống.",
        ),
        Err(ActionError::Store(e)) => {
            tracing::error!(error = %e, "dashboard action: store error");
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lỗi hệ thống",
                "Không ghi nhận được lúc này. Xin thử lại sau ít phút.",
            )
        }
    }
}

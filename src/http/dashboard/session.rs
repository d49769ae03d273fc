//! The page's session: the login cookie (and the secret-free marker that lets a link from a message through), login and logout, the same-origin check of forms.

use super::*;

/// A Lax cookie with no secret, set beside the Strict session cookie. A link followed from an
/// email arrives cross-site without the Strict cookie; when this marker is there, the page
/// bounces once through `/login` as a same-site navigation, which carries the session cookie.
pub(super) const SEEN_COOKIE: &str = "dondoc_seen";

/// Whether a cookie value may carry `token` unchanged (RFC 6265 cookie-octets).
pub(super) fn cookie_safe(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

pub(super) fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(k, _)| k == name)
}

/// Where to go after logging in: only a path of this page (no open redirect).
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if (n == "/dashboard"
                || n.starts_with("/dashboard?")
                || n.starts_with("/dashboard#"))
                && !n.contains('\\')
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_owned()
        }
        _ => "/dashboard".to_owned(),
    }
}

pub(super) fn secure_cookies(state: &AppState) -> bool {
    state
        .settings()
        .public_url
        .to_ascii_lowercase()
        .starts_with("https://")
}

pub(super) fn redirect_with_cookies(to: &str, cookies: &[String]) -> Response {
    let mut resp = Redirect::to(to).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// A POST is refused when its `Origin` is present and is neither the request's host nor the
/// configured public URL (behind a reverse proxy the Host may be rewritten).
pub(crate) fn origin_ok(headers: &HeaderMap, uri: &Uri, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    // Under `Referrer-Policy: no-referrer` (every page sends it) browsers send `Origin: null`
    // with the page's own form posts; their `Sec-Fetch-Site` still says where the post came from.
    if origin.as_bytes() == b"null" {
        return headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin");
    }
    let Some(origin) = origin
        .to_str()
        .ok()
        .and_then(|o| url::Url::parse(o).ok())
        .filter(|o| o.host_str().is_some())
    else {
        // `Origin: null` (sandboxed or privacy-sensitive contexts) and garbage.
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.as_str().to_owned()));
    let same_host = host
        .and_then(|h| url::Url::parse(&format!("{}://{h}", origin.scheme())).ok())
        .is_some_and(|h| {
            h.host_str() == origin.host_str()
                && h.port_or_known_default() == origin.port_or_known_default()
        });
    let public = url::Url::parse(public_url)
        .ok()
        .is_some_and(|p| p.origin() == origin.origin());
    same_host || public
}

pub(crate) fn cross_origin_refused() -> Response {
    tracing::warn!("dashboard POST refused: cross-origin");
    pages::message(
        StatusCode::FORBIDDEN,
        "bad",
        "Yêu cầu bị từ chối",
        "Biểu mẫu này được gửi từ một trang web khác nên không được thực hiện.",
        "Xin mở trang theo dõi (/dashboard) và thao tác trực tiếp trên đó.",
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginQuery {
    next: Option<String>,
}

pub(super) fn login_form(status: StatusCode, error: &str, next: &str) -> Response {
    pages::render(status, "login.html", minijinja::context! { error, next })
}

/// GET /login: the token form; with a valid session already, straight on to the page.
pub(super) async fn login_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let q: LoginQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let next = safe_next(q.next.as_deref());
    if auth::caller(&headers, &state.tokens).is_ok() {
        return Redirect::to(&next).into_response();
    }
    login_form(StatusCode::OK, "", &next)
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: Option<String>,
}

/// POST /login: a known token becomes the session cookie.
pub(super) async fn login(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    uri: Uri,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    if !origin_ok(&headers, &uri, &state.settings().public_url) {
        return cross_origin_refused();
    }
    let Ok(Form(form)) = form else {
        return login_form(
            StatusCode::BAD_REQUEST,
            "Biểu mẫu đăng nhập không hợp lệ. Xin nhập lại mã truy cập.",
            "/dashboard",
        );
    };
    let next = safe_next(form.next.as_deref());
    let token = form.token.trim();
    if token.is_empty() {
        return login_form(StatusCode::UNAUTHORIZED, "Xin nhập mã truy cập.", &next);
    }
    let Some(who) = auth::identify(token, &state.tokens) else {
        tracing::info!("dashboard login refused: unknown token");
        if let Some(wait) = state
            .auth_limiter
            .failed(auth::client_addr(&extensions), "login")
        {
            let secs = crate::http::limits::retry_after_secs(wait);
            let mut resp = login_form(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Đã nhập sai mã truy cập quá nhiều lần. Xin thử lại sau {secs} giây."),
                &next,
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            return resp;
        }
        return login_form(
            StatusCode::UNAUTHORIZED,
            "Mã truy cập không đúng. Xin kiểm tra lại hoặc liên hệ cơ quan thường trực để được cấp mã.",
            &next,
        );
    };
    if !cookie_safe(token) {
        return login_form(
            StatusCode::BAD_REQUEST,
            "Mã truy cập này có ký tự (dấu cách, dấu chấm phẩy, dấu phẩy, ngoặc kép…) không lưu được trong trình duyệt. Xin đề nghị cơ quan thường trực cấp mã khác.",
            &next,
        );
    }
    tracing::info!(name = %who.name, role = ?who.role, "dashboard login");
    let secure = if secure_cookies(&state) {
        "; Secure"
    } else {
        ""
    };
    redirect_with_cookies(
        &next,
        &[
            format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}"),
            format!("{SEEN_COOKIE}=1; HttpOnly; SameSite=Lax; Path=/{secure}"),
        ],
    )
}

/// POST /logout: clears the session.
pub(super) async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if !origin_ok(&headers, &uri, &state.settings().public_url) {
        return cross_origin_refused();
    }
    let secure = if secure_cookies(&state) {
        "; Secure"
    } else {
        ""
    };
    redirect_with_cookies(
        "/login",
        &[
            format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
            format!("{SEEN_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"),
        ],
    )
}

//! The coordinator web page: token login by cookie, `/dashboard` (overdue by unit with ageing, due soon, awaiting confirmation, on-time table) and its action forms.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::auth::{self, Caller, SESSION_COOKIE};
use super::pages::{self, human_time, human_time_str};
use super::AppState;
use crate::actions::{self, Action, ActionError};
use crate::config::Role;
use crate::domain::occurrence::{last_day_of, period_label};
use crate::domain::rule::parse_date;
use crate::domain::time::{midnight, parse_instant, vn_date, Instant};
use crate::ledger::{self, Row, Selection, Status};
use crate::store::OccurrenceState;

/// A Lax cookie with no secret, set beside the Strict session cookie. A link followed from an
/// email arrives cross-site without the Strict cookie; when this marker is there, the page
/// bounces once through `/login` as a same-site navigation, which carries the session cookie.
const SEEN_COOKIE: &str = "dondoc_seen";

/// Ageing thresholds (days overdue): up to `AMBER_MAX` amber, up to `ORANGE_MAX` orange, then red.
const AMBER_MAX: i64 = 7;
const ORANGE_MAX: i64 = 30;

/// How far ahead the "due soon" section looks (days, today included).
const SOON_DAYS: u64 = 14;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(root))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/dashboard", get(dashboard))
        // Occurrence ids contain `/`: the page puts them in the path percent-encoded (`%2F`).
        .route("/dashboard/occurrences/{id}/{action}", post(act))
}

/// GET /: the dashboard, keeping the query (messages link to `/?occurrence=<id>`).
async fn root(uri: Uri) -> Redirect {
    match uri.query() {
        Some(q) if !q.is_empty() => Redirect::to(&format!("/dashboard?{q}")),
        _ => Redirect::to("/dashboard"),
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// Percent-encodes everything but the unreserved characters, for a path segment.
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn query_value(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An HTML id for an occurrence (ids are slugs joined by `/`).
fn anchor(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("o-{slug}")
}

fn instant(s: &str) -> Option<Instant> {
    parse_instant(s).ok()
}

/// The last day of a deadline (RFC 3339), dd/mm/yyyy.
fn last_day(rfc3339: &str) -> Option<NaiveDate> {
    instant(rfc3339).map(|t| last_day_of(&t))
}

/// A number the Vietnamese way (decimal comma), with at most `decimals` decimals.
fn vn_number(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    s.replace('.', ",")
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Coordinator => "điều phối",
        Role::Unit => "đơn vị",
        Role::Viewer => "chỉ xem",
    }
}

/// The Vietnamese name of an action as the forms say it.
fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "ghi nhận đã nộp",
        "confirm" => "xác nhận",
        "reject" => "trả lại",
        "extend" => "gia hạn",
        "waive" => "miễn",
        _ => "hủy",
    }
}

const ACTIONS: [&str; 6] = ["submit", "confirm", "reject", "extend", "waive", "cancel"];

/// Whether a cookie value may carry `token` unchanged (RFC 6265 cookie-octets).
fn cookie_safe(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(k, _)| k == name)
}

/// Where to go after logging in: only a path of this page (no open redirect).
fn safe_next(next: Option<&str>) -> String {
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

fn secure_cookies(state: &AppState) -> bool {
    state
        .settings()
        .public_url
        .to_ascii_lowercase()
        .starts_with("https://")
}

fn redirect_with_cookies(to: &str, cookies: &[String]) -> Response {
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

pub(super) fn cross_origin_refused() -> Response {
    tracing::warn!("dashboard POST refused: cross-origin");
    pages::message(
        StatusCode::FORBIDDEN,
        "bad",
        "Yêu cầu bị từ chối",
        "Biểu mẫu này được gửi từ một trang web khác nên không được thực hiện.",
        "Xin mở trang theo dõi (/dashboard) và thao tác trực tiếp trên đó.",
    )
}

// ---------------------------------------------------------------------------------------------
// Login and logout

#[derive(Debug, Default, Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

fn login_form(status: StatusCode, error: &str, next: &str) -> Response {
    pages::render(status, "login.html", minijinja::context! { error, next })
}

/// GET /login: the token form; with a valid session already, straight on to the page.
async fn login_page(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
    let q: LoginQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let next = safe_next(q.next.as_deref());
    if auth::caller(&headers, &state.tokens).is_ok() {
        return Redirect::to(&next).into_response();
    }
    login_form(StatusCode::OK, "", &next)
}

#[derive(Debug, Default, Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: Option<String>,
}

/// POST /login: a known token becomes the session cookie.
async fn login(
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
            let secs = super::limits::retry_after_secs(wait);
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
async fn logout(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
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

// ---------------------------------------------------------------------------------------------
// The page

#[derive(Debug, Clone, Default, Deserialize)]
struct DashboardQuery {
    occurrence: Option<String>,
    done: Option<String>,
    /// Narrow every list to a unit, or a group's members.
    unit: Option<String>,
    /// Narrow every list to one plan.
    plan: Option<String>,
    /// One reporting period, as the page names it (`Quý III/2023`) or as stored (`2023-Q3`).
    period: Option<String>,
    /// Only one list: `qua-han`, `sap-den-han` or `cho-xac-nhan` (default: all).
    show: Option<String>,
    /// Words to find in unit names, duties and plans (case and diacritics ignored).
    q: Option<String>,
    /// Which `page_items` window of each list (from 1).
    page: Option<usize>,
}

impl DashboardQuery {
    fn filled(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The page's address with these filters and `page`.
    fn url(&self, page: usize) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("unit", &self.unit),
            ("plan", &self.plan),
            ("period", &self.period),
            ("show", &self.show),
            ("q", &self.q),
        ] {
            if let Some(v) = Self::filled(v) {
                pairs.append_pair(k, v);
            }
        }
        if page > 1 {
            pairs.append_pair("page", &page.to_string());
        }
        let query = pairs.finish();
        if query.is_empty() {
            "/dashboard".to_owned()
        } else {
            format!("/dashboard?{query}")
        }
    }

    fn filtered(&self) -> bool {
        [&self.unit, &self.plan, &self.period, &self.show, &self.q]
            .iter()
            .any(|v| Self::filled(v).is_some())
    }
}

/// Lower case without Vietnamese diacritics (đ as d), for the search box.
fn folded(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Whether a row passes the page's period and search filters (unit and plan are already in
/// the store selection).
fn matches(row: &Row, period: Option<&str>, words: &[String]) -> bool {
    if let Some(p) = period {
        if row.period != p && folded(&period_label(&row.period)) != folded(p) {
            return false;
        }
    }
    if words.is_empty() {
        return true;
    }
    let hay = folded(&format!(
        "{} {} {} {}",
        row.assignee_name, row.title, row.plan, row.assignee
    ));
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// One window of a list: its items, how many in all, and the links to the pages around it.
#[derive(Debug, Serialize)]
struct Pager {
    total: usize,
    from: usize,
    to: usize,
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn of(total: usize, page: usize, per: usize, q: &DashboardQuery, anchor: &str) -> Self {
        let from = ((page - 1) * per).min(total);
        let to = (from + per).min(total);
        Pager {
            total,
            from: from + usize::from(to > from),
            to,
            prev: (page > 1).then(|| format!("{}#{anchor}", q.url(page - 1))),
            next: (to < total).then(|| format!("{}#{anchor}", q.url(page + 1))),
        }
    }

    fn window<T>(&self, items: Vec<T>) -> Vec<T> {
        let skip = self.from.saturating_sub(1);
        items.into_iter().skip(skip).take(self.to - skip).collect()
    }
}

/// Which action forms an item shows to the caller.
#[derive(Debug, Default, Serialize)]
struct Forms {
    submit: bool,
    confirm: bool,
    reject: bool,
    extend: bool,
    waive: bool,
    cancel: bool,
    any: bool,
}

impl Forms {
    /// A form for each action the caller may take and the lifecycle allows in the row's state.
    fn of(who: &Caller, row: &Row) -> Forms {
        let shown = |action: Action| {
            who.may_act(&action, &row.assignee) && action.applies_to().0.contains(&row.state)
        };
        let reason = String::new;
        let mut f = Forms {
            submit: shown(Action::Submit {
                document: None,
                note: None,
            }),
            confirm: shown(Action::Confirm { note: None }),
            reject: shown(Action::Reject { reason: reason() }),
            extend: shown(Action::Extend {
                until: NaiveDate::MIN,
                reason: reason(),
            }),
            waive: shown(Action::Waive { reason: reason() }),
            cancel: shown(Action::Cancel { reason: reason() }),
            any: false,
        };
        f.any = f.submit || f.confirm || f.reject || f.extend || f.waive || f.cancel;
        f
    }
}

#[derive(Debug, Serialize)]
struct SubmissionView {
    at: String,
    by: String,
    document: Option<String>,
    note: Option<String>,
}

/// One occurrence as the page shows it.
#[derive(Debug, Serialize)]
struct Item {
    id: String,
    /// The id percent-encoded for the action paths.
    path: String,
    anchor: String,
    title: String,
    unit: String,
    unit_name: String,
    period: String,
    /// The last day of the deadline in force, dd/mm/yyyy.
    due_date: String,
    /// The plan's original last day when an extension is in force.
    original_due_date: Option<String>,
    deadline: String,
    state: &'static str,
    state_label: &'static str,
    /// docs/domain.md#statuses status, and its Vietnamese name.
    status: &'static str,
    status_label: &'static str,
    days_overdue: i64,
    /// `age1` (amber), `age2` (orange), `age3` (red) for overdue items.
    age: &'static str,
    /// Days from today to the last day (due soon items).
    days_left: i64,
    escalation_level: u32,
    submission: Option<SubmissionView>,
    extension: Option<String>,
    rejected: Option<String>,
    closure: Option<String>,
    review: Option<String>,
    /// The earliest day an extension may name (YYYY-MM-DD): after the deadline in force.
    extend_min: String,
    forms: Forms,
    focus: bool,
}

fn age_class(days: i64) -> &'static str {
    if days <= AMBER_MAX {
        "age1"
    } else if days <= ORANGE_MAX {
        "age2"
    } else {
        "age3"
    }
}

fn decision_text(d: &crate::store::Decision) -> String {
    let mut s = format!("{} lúc {}", d.by, human_time_str(&d.at));
    if let Some(r) = d.reason.as_deref().filter(|r| !r.is_empty()) {
        s.push_str(&format!(": {r}"));
    }
    s
}

fn item(row: &Row, who: &Caller, today: NaiveDate, focus: Option<&str>) -> Item {
    let due = last_day(&row.due);
    let original = last_day(&row.original_due);
    Item {
        id: row.id.clone(),
        path: path_segment(&row.id),
        anchor: anchor(&row.id),
        title: row.title.clone(),
        unit: row.assignee.clone(),
        unit_name: row.assignee_name.clone(),
        period: period_label(&row.period),
        due_date: due.map(vn_date).unwrap_or_default(),
        original_due_date: original.filter(|o| Some(*o) != due).map(vn_date),
        deadline: row.deadline.clone(),
        state: row.state.name(),
        state_label: row.state.label(),
        status: row.status.as_str(),
        status_label: row.status.label(),
        days_overdue: row.days_overdue,
        age: age_class(row.days_overdue),
        days_left: due.map_or(0, |d| (d - today).num_days()),
        escalation_level: row.escalation_level,
        submission: row.submission.as_ref().map(|s| SubmissionView {
            at: human_time_str(&s.at),
            by: s.by.clone(),
            document: s.document.clone(),
            note: s.note.clone(),
        }),
        extension: row
            .extension
            .as_ref()
            .map(|e| format!("Gia hạn lần {} ({})", e.number, decision_text(&e.decision))),
        rejected: row.rejected.as_ref().map(|r| {
            format!(
                "Báo cáo nộp lúc {} đã bị trả lại ({})",
                human_time_str(&r.submission.at),
                decision_text(&r.decision)
            )
        }),
        closure: row.closure.as_ref().map(decision_text),
        review: row.review.as_ref().map(decision_text),
        extend_min: due
            .map(|d| (d + Days::new(1)).format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        forms: Forms::of(who, row),
        focus: focus == Some(row.id.as_str()),
    }
}

#[derive(Debug, Serialize)]
struct UnitGroup {
    unit: String,
    unit_name: String,
    count: usize,
    max_days: i64,
    age: &'static str,
    items: Vec<Item>,
    /// The unit's full list, when this window shows only part of it.
    more: Option<String>,
}

/// A unit with overdue items outside the window shown.
#[derive(Debug, Serialize)]
struct UnitSummary {
    unit: String,
    unit_name: String,
    count: usize,
    max_days: i64,
    age: &'static str,
    url: String,
}

#[derive(Debug, Serialize)]
struct StatsRow {
    name: String,
    done_on_time: u32,
    done_late: u32,
    open_not_due: u32,
    open_overdue: u32,
    rate: String,
    avg_days_late: String,
}

fn stats_row(name: &str, c: &ledger::Counts) -> StatsRow {
    StatsRow {
        name: name.to_owned(),
        done_on_time: c.done_on_time,
        done_late: c.done_late,
        open_not_due: c.open_not_due,
        open_overdue: c.open_overdue,
        rate: c.on_time_rate.map_or_else(
            || "—".to_owned(),
            |r| format!("{}%", vn_number(r * 100.0, 1)),
        ),
        avg_days_late: c
            .avg_days_late
            .map_or_else(|| "—".to_owned(), |d| vn_number(d, 1)),
    }
}

fn flash_text(action: &str, item: Option<&Item>) -> String {
    let what = item
        .map(|i| format!(" “{}” ({}) của {}", i.title, i.period, i.unit_name))
        .unwrap_or_default();
    match action {
        "submit" => format!("Đã ghi nhận việc gửi báo cáo{what}."),
        "confirm" => format!("Đã xác nhận báo cáo{what}."),
        "reject" => format!("Đã trả lại báo cáo{what}; nhiệm vụ được mở lại để đơn vị gửi lại."),
        "extend" => format!(
            "Đã gia hạn{what}{}.",
            item.map(|i| format!(" đến hết ngày {}", i.due_date))
                .unwrap_or_default()
        ),
        "waive" => format!("Đã miễn thực hiện{what}."),
        _ => format!("Đã hủy nhiệm vụ{what}."),
    }
}

/// The login page's address that comes back to `uri` afterwards.
fn login_then(uri: &Uri) -> String {
    let back = match uri.query() {
        Some(q) if !q.is_empty() => format!("/dashboard?{q}"),
        _ => "/dashboard".to_owned(),
    };
    format!("/login?next={}", query_value(&back))
}

/// GET /dashboard
async fn dashboard(State(state): State<Arc<AppState>>, headers: HeaderMap, uri: Uri) -> Response {
    let who = match auth::caller(&headers, &state.tokens) {
        Ok(w) => w,
        Err(_) => {
            let to = login_then(&uri);
            if has_cookie(&headers, SEEN_COOKIE) && !has_cookie(&headers, SESSION_COOKIE) {
                // Probably a link followed from a message (cross-site: the Strict cookie was
                // held back). Continue by a same-site navigation, which carries it.
                return bounce(&to);
            }
            return Redirect::to(&to).into_response();
        }
    };
    let q: DashboardQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    match render_dashboard(&state, &who, &q) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "dashboard: store error");
            pages::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "bad",
                "Lỗi hệ thống",
                "Không đọc được dữ liệu lúc này. Xin thử lại sau ít phút.",
                "",
            )
        }
    }
}

/// A page that moves on to `to` at once (HTTP `Refresh`, so no script), with a link as well.
fn bounce(to: &str) -> Response {
    let mut resp = pages::render(
        StatusCode::OK,
        "login.html",
        minijinja::context! { bounce => to },
    );
    if let Ok(v) = HeaderValue::from_str(&format!("0; url={to}")) {
        resp.headers_mut().insert(header::REFRESH, v);
    }
    resp
}

fn render_dashboard(
    state: &AppState,
    who: &Caller,
    q: &DashboardQuery,
) -> Result<Response, crate::store::StoreError> {
    let world = state.world();
    let now = state.now();
    let today = now.date_naive();
    let records = state.store.occurrences()?;
    let settings = state.settings();
    let per = settings.page_items.max(1);
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let unit = DashboardQuery::filled(&q.unit).map(str::to_owned);
    let plan = DashboardQuery::filled(&q.plan).map(str::to_owned);
    let (base, filter_error) = match super::api::base_selection(state, who, &unit, &None, &plan) {
        Ok(sel) => (sel, None),
        Err(e) => (
            Selection {
                units: Some(Vec::new()),
                ..Selection::default()
            },
            Some(e.message),
        ),
    };
    let period = DashboardQuery::filled(&q.period);
    let words: Vec<String> = DashboardQuery::filled(&q.q)
        .map(|t| folded(t).split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let keep = |r: &Row| matches(r, period, &words);
    let show = DashboardQuery::filled(&q.show);
    let shown = |section: &str| show.is_none_or(|s| s == section);
    let focus_id = q.occurrence.as_deref().filter(|s| !s.is_empty());

    // (1) Overdue, most overdue first: every unit's count and oldest, and one window of items
    // grouped by unit (the unit with the oldest item first).
    let overdue: Vec<Row> = ledger::overdue(&world, &records, now, &base)
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    let overdue_total = overdue.len();
    let mut per_unit: BTreeMap<String, (String, usize, i64)> = BTreeMap::new();
    for row in &overdue {
        let e = per_unit
            .entry(row.assignee.clone())
            .or_insert_with(|| (row.assignee_name.clone(), 0, 0));
        e.1 += 1;
        e.2 = e.2.max(row.days_overdue);
    }
    let overdue_pager = Pager::of(overdue_total, page, per, q, "qua-han");
    let mut by_unit: BTreeMap<String, UnitGroup> = BTreeMap::new();
    for row in overdue_pager.window(overdue) {
        let (name, count, max_days) = per_unit[&row.assignee].clone();
        let g = by_unit
            .entry(row.assignee.clone())
            .or_insert_with(|| UnitGroup {
                unit: row.assignee.clone(),
                unit_name: name,
                count,
                max_days,
                age: age_class(max_days),
                items: Vec::new(),
                more: None,
            });
        g.items.push(item(&row, who, today, focus_id));
    }
    let mut groups: Vec<UnitGroup> = by_unit.into_values().collect();
    for g in &mut groups {
        if g.items.len() < g.count {
            let narrowed = DashboardQuery {
                unit: Some(g.unit.clone()),
                occurrence: None,
                done: None,
                page: None,
                ..q.clone()
            };
            g.more = Some(format!("{}#qua-han", narrowed.url(1)));
        }
    }
    groups.sort_by(|a, b| {
        (b.max_days, b.count, &a.unit_name).cmp(&(a.max_days, a.count, &b.unit_name))
    });
    // The units with overdue items outside this window: name, count and oldest, worst first.
    let mut other_units: Vec<UnitSummary> = per_unit
        .into_iter()
        .filter(|(id, _)| !groups.iter().any(|g| &g.unit == id))
        .map(|(id, (name, count, max_days))| UnitSummary {
            url: format!(
                "{}#qua-han",
                DashboardQuery {
                    unit: Some(id.clone()),
                    occurrence: None,
                    done: None,
                    page: None,
                    ..q.clone()
                }
                .url(1)
            ),
            unit: id,
            unit_name: name,
            count,
            max_days,
            age: age_class(max_days),
        })
        .collect();
    other_units.sort_by(|a, b| {
        (b.max_days, b.count, &a.unit_name).cmp(&(a.max_days, a.count, &b.unit_name))
    });
    let other_units_total = other_units.len();
    other_units.truncate(per);

    // (2) Open and due from now to the end of the 14th day ahead.
    let soon = Selection {
        statuses: Some(vec![Status::OpenNotDue]),
        from: Some(now),
        until: Some(midnight(today + Days::new(SOON_DAYS + 1))),
        ..base.clone()
    };
    let upcoming_rows: Vec<Row> = ledger::select(&world, &records, now, &soon)
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    let upcoming_pager = Pager::of(upcoming_rows.len(), page, per, q, "sap-den-han");
    let upcoming: Vec<Item> = upcoming_pager
        .window(upcoming_rows)
        .iter()
        .map(|r| item(r, who, today, focus_id))
        .collect();

    // (3) Submitted, awaiting a coordinator's confirmation: the oldest submission first.
    let submitted = Selection {
        states: Some(vec![OccurrenceState::Submitted]),
        ..base.clone()
    };
    let mut awaiting_rows: Vec<Row> = ledger::select(&world, &records, now, &submitted)
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    awaiting_rows.sort_by(|a, b| {
        let at = |r: &Row| r.submission.as_ref().map(|s| s.at.clone());
        (at(a), &a.id).cmp(&(at(b), &b.id))
    });
    let awaiting_pager = Pager::of(awaiting_rows.len(), page, per, q, "cho-xac-nhan");
    let awaiting: Vec<Item> = awaiting_pager
        .window(awaiting_rows)
        .iter()
        .map(|r| item(r, who, today, focus_id))
        .collect();

    // (4) This year's on-time table (the units of the selection; a window of them).
    let year = today.year();
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("a valid year"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("a valid year"),
    );
    let stats = ledger::stats(&world, &records, now, from, to, base.units.as_deref());
    let stats_pager = Pager::of(stats.units.len(), page, per, q, "ty-le");
    let stats_units = stats_pager.window(stats.units.iter().collect());
    let stats_rows: Vec<StatsRow> = stats_units
        .iter()
        .map(|l| stats_row(&l.name, &l.counts))
        .collect();
    let stats_total = stats_row("Tổng cộng", &stats.total);
    // Calendar feeds (the key stands in for a token): the units in this window of the table.
    let public = settings.public_url.trim_end_matches('/');
    let calendars: Vec<_> = stats_units
        .iter()
        .map(|l| {
            minijinja::context! {
                name => l.name,
                url => format!(
                    "{public}/api/v1/units/{}/calendar.ics?key={}",
                    l.id,
                    state.links.feed_key(&l.id)
                ),
            }
        })
        .collect();
    let plans: Vec<_> = world
        .plans
        .iter()
        .map(|p| minijinja::context! { id => p.id.as_str(), title => p.title.as_str() })
        .collect();
    let filters = minijinja::context! {
        unit => unit.as_deref().unwrap_or_default(),
        plan => plan.as_deref().unwrap_or_default(),
        period => period.unwrap_or_default(),
        show => show.unwrap_or_default(),
        q => DashboardQuery::filled(&q.q).unwrap_or_default(),
        active => q.filtered(),
        error => filter_error,
        plans,
    };

    // The item a message linked to, or the one just acted on.
    let mut focus_missing = false;
    let focus = match focus_id {
        Some(id) => match records.iter().find(|r| r.id == id) {
            Some(rec) if who.may_see(&rec.assignee) => {
                let row = ledger::row(&world, rec, now);
                Some(item(&row, who, today, focus_id))
            }
            _ => {
                focus_missing = true;
                None
            }
        },
        None => None,
    };
    let flash = q
        .done
        .as_deref()
        .filter(|a| ACTIONS.contains(a))
        .map(|a| flash_text(a, focus.as_ref()));

    let unit_name = who
        .own_units()
        .and_then(|u| u.first().map(|u| world.directory.name(u).to_owned()));
    Ok(pages::render(
        StatusCode::OK,
        "dashboard.html",
        minijinja::context! {
            who => minijinja::context! {
                name => who.name,
                role => role_label(who.role),
                unit_name,
                viewer => who.role == Role::Viewer,
                coordinator => who.role == Role::Coordinator,
            },
            as_of => human_time(&now),
            today => vn_date(today),
            year,
            flash,
            focus,
            focus_missing,
            groups,
            overdue_total,
            overdue_pager,
            other_units,
            other_units_total,
            upcoming_pager,
            awaiting_pager,
            stats_pager,
            filters,
            show_overdue => shown("qua-han"),
            show_soon => shown("sap-den-han"),
            show_awaiting => shown("cho-xac-nhan"),
            show_stats => show.is_none(),
            upcoming,
            soon_days => SOON_DAYS,
            awaiting,
            stats_rows,
            stats_total,
            calendars,
            amber_max => AMBER_MAX,
            orange_max => ORANGE_MAX,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Actions

#[derive(Debug, Default, Deserialize)]
struct ActionForm {
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

fn refusal(status: StatusCode, heading: &str, text: &str) -> Response {
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
fn parse_until(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_date(s)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
        .filter(|d| super::api::YEARS.contains(&d.year()))
}

/// POST /dashboard/occurrences/{id}/{action}
async fn act(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_into_paths_and_anchors_safely() {
        assert_eq!(
            path_segment("kh/bao-cao/xa-a/2023-Q3"),
            "kh%2Fbao-cao%2Fxa-a%2F2023-Q3"
        );
        assert_eq!(
            anchor("kh/bao-cao/xa-a/2023-Q3"),
            "o-kh_bao-cao_xa-a_2023-Q3"
        );
    }

    #[test]
    fn ageing_thresholds() {
        assert_eq!(age_class(0), "age1");
        assert_eq!(age_class(7), "age1");
        assert_eq!(age_class(8), "age2");
        assert_eq!(age_class(30), "age2");
        assert_eq!(age_class(31), "age3");
    }

    #[test]
    fn numbers_the_vietnamese_way() {
        assert_eq!(vn_number(66.666, 1), "66,7");
        assert_eq!(vn_number(100.0, 1), "100");
        assert_eq!(vn_number(2.5, 1), "2,5");
    }

    #[test]
    fn next_stays_on_the_dashboard() {
        assert_eq!(
            safe_next(Some("/dashboard?occurrence=a%2Fb")),
            "/dashboard?occurrence=a%2Fb"
        );
        assert_eq!(safe_next(Some("//evil.example/dashboard")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example/")), "/dashboard");
        assert_eq!(safe_next(Some("/dashboardx")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
        // Control characters, spaces and non-ASCII (a Location header cannot carry them).
        assert_eq!(safe_next(Some("/dashboard?\u{1}")), "/dashboard");
        assert_eq!(safe_next(Some("/dashboard?a b")), "/dashboard");
        assert_eq!(safe_next(Some("/dashboard?x=ạ")), "/dashboard");
    }

    #[test]
    fn cookie_values() {
        assert!(cookie_safe("abc-DEF_123.~+/="));
        assert!(!cookie_safe("a b"));
        assert!(!cookie_safe("a;b"));
        assert!(!cookie_safe(""));
    }

    #[test]
    fn origins() {
        let headers = |origin: Option<&str>, host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            if let Some(o) = origin {
                h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
            }
            h
        };
        let uri: Uri = "/dashboard".parse().unwrap();
        let public = "https://dondoc.example.gov.vn/";
        let ok = |o: Option<&str>, host: &str| origin_ok(&headers(o, host), &uri, public);
        assert!(ok(None, "127.0.0.1:8080"));
        assert!(ok(Some("http://127.0.0.1:8080"), "127.0.0.1:8080"));
        assert!(ok(Some("http://LOCALHOST:8080"), "localhost:8080"));
        assert!(ok(Some("https://dondoc.example.gov.vn"), "127.0.0.1:8080"));
        assert!(!ok(Some("http://127.0.0.1:9090"), "127.0.0.1:8080"));
        assert!(!ok(Some("http://evil.example"), "127.0.0.1:8080"));
        assert!(!ok(Some("null"), "127.0.0.1:8080"));
        // `Origin: null` from the page itself (no-referrer policy): Sec-Fetch-Site decides.
        let with_site = |site: &str| {
            let mut h = headers(Some("null"), "127.0.0.1:8080");
            h.insert("sec-fetch-site", HeaderValue::from_str(site).unwrap());
            origin_ok(&h, &uri, public)
        };
        assert!(with_site("same-origin"));
        assert!(!with_site("same-site"));
        assert!(!with_site("cross-site"));
    }
}

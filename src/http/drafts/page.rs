//! The coordinator page's "Thêm kế hoạch": upload form, review of a draft (edit, remove, add, resolve names) and "Chấp nhận", with no script.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use serde_json::Value;

use super::accept::{self, AcceptError, FieldError, Options};
use super::model::{self, Item, Review, RULE_KINDS};
use super::{ApiError, AppState};
use crate::config::Role;
use crate::draft::text::fold;
use crate::http::auth::{self, Caller};
use crate::http::dashboard::{cross_origin_refused, origin_ok};
use crate::http::pages;
use crate::schedule::World;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/dashboard/plans/new", get(new_form).post(upload))
        .route(
            "/dashboard/plans/drafts/{id}",
            get(review_page).post(review_post),
        )
}

fn percent(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The caller, if a coordinator; otherwise the response to give.
#[allow(
    clippy::result_large_err,
    reason = "the error is the page to answer with, built once per request"
)]
fn coordinator(headers: &HeaderMap, state: &AppState) -> Result<Caller, Response> {
    match auth::caller(headers, &state.tokens) {
        Err(_) => Err(Redirect::to("/login?next=%2Fdashboard").into_response()),
        Ok(who) if who.role != Role::Coordinator => Err(pages::message(
            StatusCode::FORBIDDEN,
            "bad",
            "Không có quyền",
            "Chỉ tài khoản điều phối mới được thêm kế hoạch.",
            "",
        )),
        Ok(who) => Ok(who),
    }
}

fn upload_form(status: StatusCode, error: &str) -> Response {
    pages::render(
        status,
        "plan_upload.html",
        minijinja::context! { error, max_mb => super::MAX_UPLOAD / (1024 * 1024) },
    )
}

/// GET /dashboard/plans/new
async fn new_form(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match coordinator(&headers, &state) {
        Ok(_) => upload_form(StatusCode::OK, ""),
        Err(r) => r,
    }
}

/// The Vietnamese text of an upload refusal.
fn upload_error_text(e: &ApiError) -> String {
    match e.status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            "Tệp lớn hơn 20 MB. Xin gửi tệp nhỏ hơn (ví dụ bản .docx không kèm hình ảnh).".into()
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => format!(
            "Không đọc được loại tệp này. Xin gửi tệp .docx, .pdf (có lớp chữ, không phải bản quét), .txt hoặc .md; văn bản Word cũ (.doc) xin lưu lại thành .docx. ({})",
            e.message
        ),
        StatusCode::BAD_REQUEST => "Chưa chọn tệp kế hoạch. Xin chọn tệp rồi gửi lại.".into(),
        _ => format!(
            "Không đọc được nội dung tệp. Xin kiểm tra tệp (mở được bằng Word hoặc trình đọc PDF, có chữ) rồi gửi lại. ({})",
            e.message
        ),
    }
}

/// POST /dashboard/plans/new (multipart: `file`)
async fn upload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    if !origin_ok(&headers, &uri, &state.settings().public_url) {
        return cross_origin_refused();
    }
    let who = match coordinator(&headers, &state) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let Ok(mp) = mp else {
        return upload_form(
            StatusCode::BAD_REQUEST,
            "Biểu mẫu không hợp lệ. Xin chọn tệp kế hoạch rồi gửi lại.",
        );
    };
    let result = async {
        let (file, _) = super::read_multipart(mp).await?;
        let up = file
            .filter(|f| !f.file_name.is_empty())
            .ok_or_else(|| ApiError::bad_request("no_file", "no file"))?;
        let stored = super::create_draft(&state, up, &who.name).await?;
        state.store.flush_async().await?;
        Ok::<_, ApiError>(stored)
    }
    .await;
    match result {
        Ok(d) => {
            Redirect::to(&format!("/dashboard/plans/drafts/{}", percent(&d.id))).into_response()
        }
        Err(e) => upload_form(e.status, &upload_error_text(&e)),
    }
}

// ---------------------------------------------------------------------------------------------
// The review page

#[derive(Serialize)]
struct Opt {
    id: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct Param {
    name: String,
    label: &'static str,
    value: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct ObView {
    i: usize,
    id: String,
    title: String,
    kind: String,
    clause: String,
    quote: String,
    before: String,
    phrase: String,
    after: String,
    added: bool,
    confidence: Option<String>,
    low: bool,
    notes: Vec<String>,
    assignees: Vec<Opt>,
    cooperating: Option<Vec<Opt>>,
    recipient: Vec<Opt>,
    via: Vec<Opt>,
    rule_kinds: Vec<Opt>,
    params: Vec<Param>,
    event: bool,
    event_date_missing: bool,
    /// The next last days on time the rule gives (before any working-day shift), to check it.
    next_dues: Vec<String>,
    valid_from: String,
    valid_until: String,
    errors: BTreeMap<String, Vec<String>>,
}

/// At most this many units and groups are offered in full; a larger directory offers those of
/// the plan's place and those the draft names.
const MAX_CHOICES: usize = 400;

/// The units and groups the review's pickers offer: `(id, label)`, groups first.
struct Choices(Vec<(String, String)>);

impl Choices {
    fn of(dir: &crate::domain::model::Directory, review: &Review) -> Self {
        let total = dir.units().count() + dir.groups().count();
        let place = review
            .rest
            .get("place")
            .and_then(Value::as_str)
            .map(|p| fold(p.trim()))
            .filter(|p| !p.is_empty());
        let named: std::collections::BTreeSet<&str> = review
            .obligations
            .iter()
            .flat_map(|o| {
                o.assignees
                    .iter()
                    .map(String::as_str)
                    .chain(o.recipient.as_deref())
                    .chain(o.via.as_deref())
            })
            .collect();
        let wanted = |id: &str, name: &str| {
            total <= MAX_CHOICES
                || named.contains(id)
                || place.as_deref().is_some_and(|p| fold(name).contains(p))
        };
        let groups = dir
            .groups()
            .filter(|g| wanted(g.id.as_str(), &g.name))
            .map(|g| (g.id.to_string(), format!("Nhóm: {}", g.name)));
        let units = dir
            .units()
            .filter(|u| wanted(u.id.as_str(), &u.name))
            .map(|u| (u.id.to_string(), u.name.clone()));
        Choices(groups.chain(units).collect())
    }
}

fn unit_options(choices: &Choices, selected: &[String], blank: Option<&str>) -> Vec<Opt> {
    let mut out = Vec::new();
    if let Some(b) = blank {
        out.push(Opt {
            id: String::new(),
            label: b.to_owned(),
            selected: selected.is_empty(),
        });
    }
    for s in selected {
        if !s.is_empty() && !choices.0.iter().any(|(id, _)| id == s) {
            out.push(Opt {
                id: s.clone(),
                label: format!("{s} (không có trong danh bạ)"),
                selected: true,
            });
        }
    }
    for (id, label) in &choices.0 {
        out.push(Opt {
            id: id.clone(),
            label: label.clone(),
            selected: selected.iter().any(|s| s == id),
        });
    }
    out
}

fn param_input(p: &str) -> &'static str {
    match p {
        "date" | "event_date" => "date",
        "cutoff" => "cutoff",
        "working_days" => "working_days",
        "weekday" => "weekday",
        "every" => "every",
        _ if model::numeric_param(p) => "number",
        _ => "text",
    }
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The next few last days on time of a rule from `from`, within the obligation's validity.
fn next_dues(
    o: &Item,
    plan_from: Option<&str>,
    from: crate::domain::time::Instant,
    cal: &crate::domain::rule::ReportingCalendar,
    work: &crate::domain::calendar::WorkCalendar,
) -> Vec<String> {
    use crate::domain::rule::{parse_date, DueRule};
    let Some(rule) = o.rule_spec().ok().and_then(|r| DueRule::parse(&r).ok()) else {
        return Vec::new();
    };
    let date = |s: Option<&str>| s.and_then(|s| parse_date(s.trim()).ok());
    let start = date(o.valid_from.as_deref()).or(date(plan_from));
    let end = date(o.valid_until.as_deref());
    let from = start
        .map(crate::domain::time::midnight)
        .filter(|s| *s > from)
        .unwrap_or(from);
    rule.dues_on(from, from + chrono::Duration::days(800), cal, work)
        .into_iter()
        .map(|d| crate::domain::occurrence::last_day_of(&d.instant))
        .filter(|d| end.is_none_or(|e| *d <= e))
        .take(3)
        .map(crate::domain::time::vn_date)
        .collect()
}

fn ob_view(
    choices: &Choices,
    i: usize,
    o: &Item,
    errors: &[FieldError],
    dues: Vec<String>,
) -> ObView {
    let prefix = format!("obligations[{i}].");
    let mut errs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in errors {
        if let Some(f) = e.field.strip_prefix(&prefix) {
            errs.entry(f.to_owned())
                .or_default()
                .push(e.message.clone());
        } else if e.field == format!("obligations[{i}]") {
            errs.entry("id".into()).or_default().push(e.message.clone());
        }
    }
    let phrase = o
        .rest
        .get("phrase")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let (before, mid, after) = match (!phrase.is_empty())
        .then(|| o.quote.find(&phrase))
        .flatten()
    {
        Some(at) => (
            o.quote[..at].to_owned(),
            phrase.clone(),
            o.quote[at + phrase.len()..].to_owned(),
        ),
        None => (o.quote.clone(), String::new(), String::new()),
    };
    let confidence = o.rest.get("confidence").and_then(Value::as_f64);
    let kind = serde_json::to_value(o.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let rule = o.rule_value();
    let current = o.rule_kind().unwrap_or_default();
    let mut rule_kinds: Vec<Opt> = RULE_KINDS
        .iter()
        .filter(|k| k.name == current || model::kind_supported(k))
        .map(|k| Opt {
            id: k.name.into(),
            label: k.label.into(),
            selected: k.name == current,
        })
        .collect();
    if !current.is_empty() && !rule_kinds.iter().any(|k| k.selected) {
        rule_kinds.push(Opt {
            id: current.clone(),
            label: current.clone(),
            selected: true,
        });
    }
    let params = RULE_KINDS
        .iter()
        .find(|k| k.name == current)
        .map_or(&[][..], |k| k.params)
        .iter()
        .map(|p| Param {
            name: (*p).to_owned(),
            label: model::param_label(p),
            value: text_of(rule.get(*p)),
            kind: param_input(p),
        })
        .collect();
    let event = rule.get("event").is_some() || current.ends_with("_event");
    let notes = o
        .rest
        .get("notes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    ObView {
        i,
        id: o.id.clone(),
        title: o.title.clone(),
        kind,
        clause: o.clause.clone(),
        quote: o.quote.clone(),
        before,
        phrase: mid,
        after,
        added: o
            .rest
            .get("added")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        confidence: confidence.map(|c| format!("{:.0}%", c * 100.0)),
        low: confidence.is_some_and(|c| c < 0.6),
        notes,
        assignees: unit_options(choices, &o.assignees, None),
        cooperating: o
            .cooperating
            .as_ref()
            .map(|_| unit_options(choices, &o.cooperating_ids(), None)),
        recipient: unit_options(
            choices,
            o.recipient.as_slice(),
            Some("— chọn đơn vị nhận —"),
        ),
        via: unit_options(choices, o.via.as_slice(), Some("— không qua đơn vị nào —")),
        rule_kinds,
        params,
        event,
        next_dues: dues,
        event_date_missing: event
            && rule
                .get("event_date")
                .is_none_or(|v| v.as_str().is_none_or(str::is_empty)),
        valid_from: o.valid_from.clone().unwrap_or_default(),
        valid_until: o.valid_until.clone().unwrap_or_default(),
        errors: errs,
    }
}

/// Plans already tracked with the draft's number and issuer.
fn tracked_same(world: &World, review: &Review) -> Vec<(String, String)> {
    let key = |s: &str| {
        fold(s.trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (Some(number), Some(issuer)) = (review.number.as_deref(), review.issuer.as_deref()) else {
        return Vec::new();
    };
    world
        .plans
        .iter()
        .filter(|p| {
            p.number.as_deref().is_some_and(|n| key(n) == key(number))
                && key(&p.issuer) == key(issuer)
        })
        .map(|p| (p.id.to_string(), p.title.clone()))
        .collect()
}

fn leftovers(review: &Review, key: &str) -> Vec<Value> {
    review
        .rest
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn render_review(
    state: &AppState,
    d: &crate::store::drafts::StoredDraft,
    review: &Review,
    errors: &[FieldError],
    flash: &str,
    mode: &str,
) -> Response {
    let world = state.world();
    let choices = Choices::of(&world.directory, review);
    let obligations: Vec<ObView> = review
        .obligations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let dues = next_dues(
                o,
                review.valid_from.as_deref(),
                state.now(),
                &world.config.reporting,
                &world.calendar,
            );
            ob_view(&choices, i, o, errors, dues)
        })
        .collect();
    let plan_errors: BTreeMap<String, Vec<String>> = errors
        .iter()
        .filter(|e| !e.field.starts_with("obligations["))
        .fold(BTreeMap::new(), |mut m, e| {
            m.entry(e.field.clone())
                .or_insert_with(Vec::new)
                .push(e.message.clone());
            m
        });
    let unmatched: Vec<_> = review
        .unmatched
        .iter()
        .enumerate()
        .map(|(j, u)| {
            minijinja::context! {
                j,
                name => u.name,
                clause => u.clause,
                role => match u.role.as_str() {
                    "recipient" => "đơn vị nhận",
                    "issuer" => "cơ quan ban hành",
                    _ => "đơn vị thực hiện",
                },
                create => u.resolution.as_deref() == Some("create"),
                options => unit_options(&choices, &[], None),
                can_create => u.role != "issuer",
            }
        })
        .collect();
    let tracked = tracked_same(&world, review);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    pages::render(
        status,
        "plan_review.html",
        minijinja::context! {
            id => d.id,
            action => format!("/dashboard/plans/drafts/{}", percent(&d.id)),
            file_name => d.file_name,
            uploaded_by => d.uploaded_by,
            expires => pages::human_time_str(&d.expires_at),
            plan => minijinja::context! {
                plan_id => review.plan_id,
                number => review.number.clone().unwrap_or_default(),
                issuer => review.issuer.clone().unwrap_or_default(),
                issued => review.issued.clone().unwrap_or_default(),
                title => review.title.clone().unwrap_or_default(),
                valid_from => review.valid_from.clone().unwrap_or_default(),
            },
            plan_errors,
            errors => errors.iter().map(|e| format!("{}: {}", field_label(&e.field), e.message)).collect::<Vec<_>>(),
            flash,
            obligations,
            unmatched,
            standing => leftovers(review, "standing"),
            unparsed => leftovers(review, "unparsed"),
            skipped => leftovers(review, "skipped"),
            tracked => tracked.iter().map(|(id, title)| minijinja::context! { id, title }).collect::<Vec<_>>(),
            mode,
        },
    )
}

/// A field name as the page says it.
fn field_label(field: &str) -> String {
    let names = [
        ("plan_id", "mã kế hoạch"),
        ("issuer", "cơ quan ban hành"),
        ("issued", "ngày ban hành"),
        ("valid_from", "hiệu lực từ"),
        ("valid_until", "hiệu lực đến"),
        ("title", "tên"),
        ("assignees", "đơn vị thực hiện"),
        ("cooperating", "đơn vị phối hợp"),
        ("recipient", "đơn vị nhận"),
        ("via", "gửi qua"),
        ("rule", "thời hạn"),
        ("clause", "mục"),
        ("quote", "câu trích"),
        ("id", "mã nghĩa vụ"),
        ("kind", "loại"),
        ("obligations", "nghĩa vụ"),
        ("file", "tệp lịch"),
    ];
    let name = |f: &str| {
        names
            .iter()
            .find(|(k, _)| *k == f)
            .map_or_else(|| f.to_owned(), |(_, v)| (*v).to_owned())
    };
    match field
        .strip_prefix("obligations[")
        .and_then(|r| r.split_once("]."))
    {
        Some((i, f)) => format!(
            "Nghĩa vụ {} — {}",
            i.parse::<usize>()
                .map_or_else(|_| i.to_owned(), |n| (n + 1).to_string()),
            name(f)
        ),
        None => name(field),
    }
}

/// The stored draft and its review, or the page to answer with.
#[allow(
    clippy::result_large_err,
    reason = "the error is the page to answer with, built once per request"
)]
fn load(
    state: &AppState,
    id: &str,
) -> Result<(crate::store::drafts::StoredDraft, Review), Response> {
    let not_found = || {
        pages::message(
            StatusCode::NOT_FOUND,
            "bad",
            "Không tìm thấy bản dự thảo",
            "Bản dự thảo này không còn (đã được chấp nhận, đã hủy, hoặc quá 7 ngày chưa được chấp nhận).",
            "Xin tải tệp kế hoạch lên lại: /dashboard/plans/new",
        )
    };
    let d = super::stored(state, id).map_err(|e| {
        if e.status == StatusCode::NOT_FOUND {
            not_found()
        } else {
            e.into_response()
        }
    })?;
    let review = super::review_of(&d).map_err(IntoResponse::into_response)?;
    Ok((d, review))
}

/// GET /dashboard/plans/drafts/{id}
async fn review_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = coordinator(&headers, &state) {
        return r;
    }
    match load(&state, &id) {
        Ok((d, review)) => render_review(&state, &d, &review, &[], "", "replace"),
        Err(r) => r,
    }
}

/// The posted form: every value of each name, in order.
struct FormData(Vec<(String, String)>);

impl FormData {
    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

fn opt_text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Applies the review form to the draft; a removed obligation goes, an added one comes.
fn apply_form(review: &mut Review, form: &FormData) {
    for (key, field) in [
        ("number", &mut review.number),
        ("issuer", &mut review.issuer),
        ("issued", &mut review.issued),
        ("title", &mut review.title),
        ("valid_from", &mut review.valid_from),
    ] {
        if form.has(key) {
            *field = opt_text(form.get(key));
        }
    }
    if let Some(id) = form.get("plan_id") {
        review.plan_id = id.trim().to_owned();
    }
    for (i, o) in review.obligations.iter_mut().enumerate() {
        let k = |name: &str| format!("o{i}.{name}");
        if !form.has(&k("present")) {
            continue;
        }
        if let Some(t) = form.get(&k("title")) {
            o.title = t.trim().to_owned();
        }
        if let Some(kind) = form.get(&k("kind")) {
            if let Ok(kind) = serde_json::from_value(Value::String(kind)) {
                o.kind = kind;
            }
        }
        for (name, field) in [("clause", &mut o.clause), ("quote", &mut o.quote)] {
            if let Some(v) = form.get(&k(name)) {
                *field = v.trim().to_owned();
            }
        }
        o.assignees = form.all(&k("assignees"));
        if form.has(&k("cooperating_present")) {
            o.cooperating = Some(
                form.all(&k("cooperating"))
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            );
        }
        if form.has(&k("recipient")) {
            o.recipient = opt_text(form.get(&k("recipient")));
        }
        if form.has(&k("via")) {
            o.via = opt_text(form.get(&k("via")));
        }
        if let Some(kind) = form.get(&k("rule")).filter(|s| !s.is_empty()) {
            let rule = model::rule_from_form(&kind, |p| form.get(&k(&format!("r.{p}"))));
            if rule != o.rule_value() {
                o.set_rule(rule);
            }
        }
        if form.has(&k("valid_from")) {
            o.valid_from = opt_text(form.get(&k("valid_from")));
        }
        if form.has(&k("valid_until")) {
            o.valid_until = opt_text(form.get(&k("valid_until")));
        }
    }
    let removed: Vec<bool> = (0..review.obligations.len())
        .map(|i| form.get(&format!("o{i}.remove")).is_some_and(|v| v == "1"))
        .collect();
    let mut i = 0;
    review.obligations.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    // Unmatched names: a unit chosen takes the name's place; "create" is done on acceptance.
    let choices: Vec<(usize, String)> = (0..review.unmatched.len())
        .filter_map(|j| form.get(&format!("u{j}")).map(|v| (j, v.trim().to_owned())))
        .collect();
    let mut placed = Vec::new();
    for (j, choice) in choices {
        let u = review.unmatched[j].clone();
        match choice.as_str() {
            "" => review.unmatched[j].resolution = None,
            "create" => review.unmatched[j].resolution = Some("create".into()),
            unit => {
                accept::place_unit(review, &u.clause, u.line, &u.role, unit);
                placed.push(j);
            }
        }
    }
    let mut j = 0;
    review.unmatched.retain(|_| {
        j += 1;
        !placed.contains(&(j - 1))
    });
}

/// A new, blank obligation for the reviewer to fill in.
fn blank(review: &Review) -> Item {
    let n = review.obligations.len() + 1;
    let mut id = format!("bo-sung-{n}");
    let mut k = n;
    while review.obligations.iter().any(|o| o.id == id) {
        k += 1;
        id = format!("bo-sung-{k}");
    }
    let mut rest = serde_json::Map::new();
    rest.insert("added".into(), Value::Bool(true));
    Item {
        id,
        title: String::new(),
        kind: crate::domain::model::ObligationKind::Report,
        clause: String::new(),
        quote: String::new(),
        assignees: Vec::new(),
        cooperating: None,
        recipient: None,
        via: None,
        rule: serde_json::json!({"rule": "once"}),
        valid_from: None,
        valid_until: None,
        rest,
    }
}

/// A plan id not yet taken, from `base`.
fn free_plan_id(world: &World, base: &str) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while world.plan(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// POST /dashboard/plans/drafts/{id}: `do` = save, add, accept or discard.
async fn review_post(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if !origin_ok(&headers, &uri, &state.settings().public_url) {
        return cross_origin_refused();
    }
    let who = match coordinator(&headers, &state) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let (mut d, mut review) = match load(&state, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let form = FormData(url::form_urlencoded::parse(&body).into_owned().collect());
    let what = form.get("do").unwrap_or_else(|| "save".into());
    if what == "discard" {
        if let Err(e) = state.store.delete_draft(&d.id) {
            return ApiError::from(e).into_response();
        }
        return pages::message(
            StatusCode::OK,
            "ok",
            "Đã hủy bản dự thảo",
            &format!(
                "Bản dự thảo từ tệp “{}” đã được hủy; không có kế hoạch nào được thêm.",
                d.file_name
            ),
            "Quay lại trang theo dõi: /dashboard",
        );
    }
    apply_form(&mut review, &form);
    if what == "add" {
        let b = blank(&review);
        review.obligations.push(b);
    }
    let mode = form.get("mode").unwrap_or_else(|| "replace".into());
    d.draft = match serde_json::to_value(&review) {
        Ok(v) => v,
        Err(e) => {
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
                .into_response()
        }
    };
    if let Err(e) = state.store.put_draft(&d) {
        return ApiError::from(e).into_response();
    }
    if what != "accept" {
        let flash = if what == "add" {
            "Đã thêm một nghĩa vụ trống ở cuối danh sách: xin điền các ô rồi lưu."
        } else {
            "Đã lưu các thay đổi."
        };
        return render_review(&state, &d, &review, &[], flash, &mode);
    }
    let world = state.world();
    let tracked = tracked_same(&world, &review);
    let plan_id = match (mode.as_str(), tracked.first()) {
        ("replace", Some((existing, _))) => existing.clone(),
        ("keep", _) => free_plan_id(&world, &review.plan_id),
        _ => review.plan_id.clone(),
    };
    let opts = Options {
        plan_id: Some(plan_id),
        create_unmatched: false,
    };
    match super::accept_stored(&state, &d, review.clone(), &opts, &who).await {
        Ok(done) => {
            let to = match &done.next {
                Some(occ) => format!("/dashboard?occurrence={}#plan-accepted", percent(occ)),
                None => "/dashboard".to_owned(),
            };
            if done.next.is_some() {
                Redirect::to(&to).into_response()
            } else {
                pages::message(
                    StatusCode::OK,
                    "ok",
                    "Đã chấp nhận kế hoạch",
                    &format!(
                        "Kế hoạch “{}” đã được đưa vào theo dõi với {} nghĩa vụ; hiện chưa có hạn nào sắp tới.",
                        done.plan_id, done.obligations
                    ),
                    "Quay lại trang theo dõi: /dashboard",
                )
            }
        }
        Err(AcceptError::Invalid(errors)) => render_review(&state, &d, &review, &errors, "", &mode),
        Err(AcceptError::Internal(e)) => {
            tracing::error!(error = %e, draft = %d.id, "accepting a plan failed");
            pages::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "bad",
                "Lỗi hệ thống",
                "Chưa chấp nhận được kế hoạch; bản dự thảo vẫn được giữ. Xin thử lại sau ít phút.",
                &e,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review() -> Review {
        serde_json::from_value(serde_json::json!({
            "plan_id": "kh-1", "number": "1/KH", "issuer": "UBND xã",
            "obligations": [
                {"id": "a", "title": "A", "kind": "report", "clause": "1", "quote": "q", "line": 3,
                 "assignees": ["x"], "recipient": "y", "rule": {"rule": "monthly", "day": 5}},
                {"id": "b", "title": "B", "kind": "task", "clause": "2", "quote": "q2", "line": 9,
                 "assignees": ["x"], "recipient": "y", "rule": {"rule": "once", "date": "2026-03-01"}}
            ],
            "unmatched": [{"clause": "2", "line": 9, "name": "Hội Phụ nữ", "role": "assignee"}]
        }))
        .unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData(
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    }

    #[test]
    fn the_form_edits_removes_and_resolves() {
        let mut r = review();
        apply_form(
            &mut r,
            &form(&[
                ("o0.present", "1"),
                ("o0.title", " Báo cáo tháng "),
                ("o0.assignees", "x"),
                ("o0.assignees", "z"),
                ("o0.recipient", "y"),
                ("o0.via", ""),
                ("o0.rule", "quarterly"),
                ("o0.r.month_of_quarter", "3"),
                ("o0.r.day", "20"),
                ("o1.present", "1"),
                ("o1.remove", "1"),
                ("u0", "hoi-phu-nu"),
            ]),
        );
        assert_eq!(r.obligations.len(), 1);
        let o = &r.obligations[0];
        assert_eq!(o.title, "Báo cáo tháng");
        assert_eq!(o.assignees, ["x", "z"]);
        assert_eq!(o.via, None);
        assert_eq!(
            o.rule,
            serde_json::json!({"rule": "quarterly", "month_of_quarter": 3, "day": 20})
        );
        assert_eq!(
            o.rest["due"],
            "{ rule = \"quarterly\", day = 20, month_of_quarter = 3 }"
        );
        assert!(
            r.unmatched.is_empty(),
            "the chosen unit took the name's place"
        );
    }

    #[test]
    fn cooperating_units_are_edited_when_the_draft_records_them() {
        let mut r = review();
        r.obligations[0].cooperating = Some(vec![Value::String("x".into())]);
        apply_form(
            &mut r,
            &form(&[
                ("o0.present", "1"),
                ("o0.assignees", "x"),
                ("o0.cooperating_present", "1"),
                ("o0.cooperating", "y"),
                ("o0.cooperating", "z"),
                ("o1.present", "1"),
                ("o1.assignees", "x"),
            ]),
        );
        assert_eq!(r.obligations[0].cooperating_ids(), ["y", "z"]);
        assert_eq!(
            r.obligations[1].cooperating, None,
            "not invented where absent"
        );
        let b = blank(&r);
        assert_eq!(b.id, "bo-sung-3");
        assert_eq!(b.rest["added"], true);
    }

    #[test]
    fn create_is_remembered_until_acceptance() {
        let mut r = review();
        apply_form(&mut r, &form(&[("u0", "create")]));
        assert_eq!(r.unmatched[0].resolution.as_deref(), Some("create"));
        apply_form(&mut r, &form(&[("u0", "")]));
        assert_eq!(r.unmatched[0].resolution, None);
    }

    #[test]
    fn a_large_directory_offers_the_plans_place_and_what_the_draft_names() {
        use crate::domain::ids::UnitId;
        use crate::domain::model::{Directory, Unit};
        let unit = |id: String, name: String| Unit {
            id: UnitId::parse(&id).unwrap(),
            name,
            short: None,
            supervisor: None,
            contacts: Default::default(),
        };
        let mut units: Vec<Unit> = (0..500)
            .map(|n| unit(format!("xa-{n}"), format!("UBND xã {n}, tỉnh Nghệ An")))
            .collect();
        units.push(unit("ca-y".into(), "Công an xã Y, tỉnh Lào Cai".into()));
        units.push(unit("x".into(), "Đơn vị X".into()));
        let dir = Directory::new(units, vec![]);
        let mut r = review();
        r.rest
            .insert("place".into(), Value::String("Lào Cai".into()));
        let ids: Vec<String> = Choices::of(&dir, &r)
            .0
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["ca-y", "x"], "the place's unit and the named one");
        let small = Directory::new(vec![unit("x".into(), "Đơn vị X".into())], vec![]);
        assert_eq!(Choices::of(&small, &r).0.len(), 1);
        let opts = unit_options(&Choices::of(&small, &r), &["gone".into()], None);
        assert_eq!(
            opts[0].id, "gone",
            "a selected id the directory lacks is still shown"
        );
        assert!(opts[0].selected);
    }

    #[test]
    fn the_next_dues_show_the_rule_at_work() {
        let r = review();
        let from =
            crate::domain::time::midnight(chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap());
        let cal = Default::default();
        let work = crate::domain::calendar::WorkCalendar::weekends_only();
        // Monthly, before the 5th: the last days on time are the 4th.
        assert_eq!(
            next_dues(&r.obligations[0], None, from, &cal, &work),
            ["04/02/2026", "04/03/2026", "04/04/2026"]
        );
        let mut o = r.obligations[0].clone();
        o.valid_until = Some("2026-03-31".into());
        o.valid_from = Some("2026-02-15".into());
        assert_eq!(next_dues(&o, None, from, &cal, &work), ["04/03/2026"]);
        o.set_rule(serde_json::json!({"rule": "monthly", "day": 40}));
        assert!(
            next_dues(&o, None, from, &cal, &work).is_empty(),
            "a bad rule shows none"
        );
    }

    #[test]
    fn fields_are_named_in_vietnamese() {
        assert_eq!(
            field_label("obligations[2].assignees"),
            "Nghĩa vụ 3 — đơn vị thực hiện"
        );
        assert_eq!(field_label("plan_id"), "mã kế hoạch");
    }
}

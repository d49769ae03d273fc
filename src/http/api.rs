//! The `/api/v1` handlers: overdue and occurrence queries, one occurrence with its audit log,
//! the actions, statistics, exports and calendar feeds; `/healthz` and `/metrics`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use super::auth::{forbidden, Caller};
use super::export::{CalendarItem, Format, Table};
use super::{ApiError, AppState, JsonBody, OccurrenceId, Params};
use crate::actions::{self, Action};
use crate::domain::ids::UnitId;
use crate::domain::notices::{plan_notifications, Stage};
use crate::domain::occurrence::{last_day_of, parties_on, period_label};
use crate::domain::rule::parse_date;
use crate::domain::time::midnight;
use crate::ledger::{self, Row, Selection, Status};
use crate::store::{AuditEntry, OccurrenceState};

/// The units of a unit or group id, or a 400 naming the parameter.
fn members(state: &AppState, id: &str, what: &str) -> Result<Vec<UnitId>, ApiError> {
    let world = state.world();
    let unit = UnitId::parse(id)
        .ok()
        .filter(|u| world.directory.contains(u))
        .ok_or_else(|| {
            ApiError::bad_request(
                "unknown_unit",
                format!("{what}: unknown unit or group `{id}`"),
            )
        })?;
    Ok(world.directory.expand(&unit))
}

fn date(s: &str, what: &str) -> Result<NaiveDate, ApiError> {
    let d = parse_date(s).map_err(|e| {
        ApiError::bad_request(
            "bad_query",
            format!("{what}: `{s}` is not a date (YYYY-MM-DD): {e}"),
        )
    })?;
    in_range(d, what)
}

/// The years a date in a query or body may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1976..=9999;

/// A date within `YEARS`, or a 422 naming the field.
pub fn in_range(d: NaiveDate, what: &str) -> Result<NaiveDate, ApiError> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
            format!(
                "{what}: {d} is out of range (years {} to {})",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// The selection shared by the list queries: unit, group and plan filters, confined to the
/// caller's own unit for unit tokens.
pub(super) fn base_selection(
    state: &AppState,
    who: &Caller,
    unit: &Option<String>,
    group: &Option<String>,
    plan: &Option<String>,
) -> Result<Selection, ApiError> {
    let mut units: Option<Vec<UnitId>> = who.own_units();
    for (id, what) in [(unit, "unit"), (group, "group")] {
        if let Some(id) = id {
            let m = members(state, id, what)?;
            units = Some(match units {
                Some(u) => u.into_iter().filter(|x| m.contains(x)).collect(),
                None => m,
            });
        }
    }
    if let Some(p) = plan {
        if state.world().plan(p).is_none() {
            return Err(ApiError::bad_request(
                "unknown_plan",
                format!("unknown plan `{p}`"),
            ));
        }
    }
    Ok(Selection {
        units,
        plan: plan.clone(),
        ..Selection::default()
    })
}

/// Rows as JSON, a CSV written as it is sent, or an XLSX workbook.
fn rows_response(rows: Vec<Row>, format: Format, name: &str) -> Result<Response, ApiError> {
    match format {
        Format::Json => Ok(Json(rows).into_response()),
        Format::Csv => Ok(super::export::rows_csv_download(rows, name)),
        Format::Xlsx => super::export::xlsx_download(super::export::rows_xlsx(&rows, name), name),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    /// A unit, or a group (its members).
    unit: Option<String>,
    plan: Option<String>,
    /// A group: its members.
    group: Option<String>,
    min_days: Option<i64>,
    page: Option<usize>,
    per_page: Option<usize>,
    #[serde(default)]
    format: Format,
}

/// GET /api/v1/overdue: open occurrences past the deadline in force, most overdue first, a
/// page at a time (500 by default; exports take every match).
pub async fn overdue(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Params(q): Params<OverdueQuery>,
) -> Result<Response, ApiError> {
    let mut selection = base_selection(&state, &who, &q.unit, &q.group, &q.plan)?;
    selection.min_days_overdue = q.min_days;
    if selection.units.is_none() && q.format == Format::Json {
        // Every unit: a page from the live index, reading only its records.
        let (page, per_page) = Page::window(q.page, q.per_page, OVERDUE_PER_PAGE)?;
        let (world, now) = (state.world(), state.now());
        let (records, total) = crate::reading::overdue_page(
            &state.store,
            &selection,
            now,
            (page - 1).saturating_mul(per_page),
            per_page,
        )?;
        let items = records
            .iter()
            .map(|r| ledger::row(&world, r, now))
            .collect();
        return Ok(Json(Page::part(items, total, page, per_page)).into_response());
    }
    // Read only the open records of the selected plan and units.
    let units: Option<Vec<&str>> = selection
        .units
        .as_ref()
        .map(|u| u.iter().map(|u| u.as_str()).collect());
    let records = state
        .store
        .open_occurrences_of(units.as_deref(), selection.plan.as_deref())?;
    let rows = ledger::overdue(&state.world(), &records, state.now(), &selection);
    if q.format != Format::Json {
        return rows_response(rows, q.format, "overdue");
    }
    Ok(Json(Page::of(rows, q.page, q.per_page, OVERDUE_PER_PAGE)?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    unit: Option<String>,
    group: Option<String>,
    plan: Option<String>,
    /// Comma-separated states: open, submitted, confirmed, waived, cancelled, history.
    state: Option<String>,
    /// Comma-separated statuses (docs/domain.md#statuses): done_on_time, done_late, open_not_due,
    /// open_overdue, waived, cancelled, history.
    status: Option<String>,
    /// The deadline in force is on or after this day.
    from: Option<String>,
    /// The deadline in force is on or before this day.
    to: Option<String>,
    page: Option<usize>,
    per_page: Option<usize>,
    #[serde(default)]
    format: Format,
}

/// A page of occurrences.
#[derive(Debug, serde::Serialize)]
pub struct Page {
    pub items: Vec<Row>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
}

const MAX_PER_PAGE: usize = 500;
const MAX_PAGE: usize = 1_000_000;
const OCCURRENCES_PER_PAGE: usize = 50;
const OVERDUE_PER_PAGE: usize = 500;

impl Page {
    /// Page `page` (from 1) of `rows`, `per_page` (1 to 500, else `default`) at a time.
    fn of(
        rows: Vec<Row>,
        page: Option<usize>,
        per_page: Option<usize>,
        default: usize,
    ) -> Result<Self, ApiError> {
        let (page, per_page) = Self::window(page, per_page, default)?;
        let total = rows.len();
        let items: Vec<Row> = rows
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        Ok(Self::part(items, total, page, per_page))
    }

    /// A page whose items were read alone, `total` in all.
    fn part(items: Vec<Row>, total: usize, page: usize, per_page: usize) -> Self {
        Page {
            items,
            total,
            page,
            per_page,
            pages: total.div_ceil(per_page),
        }
    }

    /// The page number and size asked for (`per_page` 1 to 500, else `default`), checked.
    fn window(
        page: Option<usize>,
        per_page: Option<usize>,
        default: usize,
    ) -> Result<(usize, usize), ApiError> {
        let per_page = per_page.unwrap_or(default);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::bad_request(
                "bad_query",
                format!("per_page must be 1 to {MAX_PER_PAGE}"),
            ));
        }
        let page = page.unwrap_or(1);
        if page == 0 || page > MAX_PAGE {
            return Err(ApiError::bad_request(
                "bad_query",
                format!("page must be 1 to {MAX_PAGE}"),
            ));
        }
        Ok((page, per_page))
    }
}

fn parse_list<T>(
    s: &Option<String>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<Vec<T>>, ApiError> {
    let Some(s) = s else { return Ok(None) };
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| {
            parse(x).ok_or_else(|| {
                ApiError::bad_request("bad_query", format!("{what}: unknown value `{x}`"))
            })
        })
        .collect::<Result<Vec<T>, ApiError>>()
        .map(|v| (!v.is_empty()).then_some(v))
}

fn parse_state(s: &str) -> Option<OccurrenceState> {
    s.parse().ok()
}

/// GET /api/v1/occurrences: any state, a date range, paginated (exports take every match).
pub async fn occurrences(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Params(q): Params<ListQuery>,
) -> Result<Response, ApiError> {
    let mut selection = base_selection(&state, &who, &q.unit, &q.group, &q.plan)?;
    selection.states = parse_list(&q.state, "state", parse_state)?;
    selection.statuses = parse_list(&q.status, "status", Status::parse)?;
    let from = q.from.as_deref().map(|d| date(d, "from")).transpose()?;
    let to = q.to.as_deref().map(|d| date(d, "to")).transpose()?;
    selection.from = from.map(midnight);
    selection.until = to.map(|t| midnight(t + Days::new(1)));
    let (world, now) = (state.world(), state.now());
    if q.format != Format::Json {
        // Exports take every match; the indexes say which, and only those records are read.
        let (records, _) = if crate::reading::only_live(&selection) {
            crate::reading::live_page(&state.store, &selection, now, 0, usize::MAX)?
        } else {
            crate::reading::page_by_due(&state.store, &selection, now, 0, usize::MAX)?
        };
        let rows = records
            .iter()
            .map(|r| ledger::row(&world, r, now))
            .collect();
        return rows_response(rows, q.format, "occurrences");
    }
    let (page, per_page) = Page::window(q.page, q.per_page, OCCURRENCES_PER_PAGE)?;
    let skip = (page - 1).saturating_mul(per_page);
    let (records, total) = if crate::reading::only_live(&selection) {
        crate::reading::live_page(&state.store, &selection, now, skip, per_page)?
    } else {
        crate::reading::page_by_due(&state.store, &selection, now, skip, per_page)?
    };
    let items = records
        .iter()
        .map(|r| ledger::row(&world, r, now))
        .collect();
    Ok(Json(Page::part(items, total, page, per_page)).into_response())
}

/// An occurrence with its audit log.
#[derive(Debug, serde::Serialize)]
pub struct OccurrenceView {
    #[serde(flatten)]
    pub row: Row,
    pub audit: Vec<AuditEntry>,
}

fn no_occurrence(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no occurrence `{id}`"),
    )
}

/// The occurrence `id` as `who` may see it: another unit's answers exactly like one that does
/// not exist (a unit token learns nothing of other units' ids).
fn view_for(state: &AppState, who: &Caller, id: &str) -> Result<OccurrenceView, ApiError> {
    let v = view(state, id)?;
    if !who.may_see(&v.row.assignee) {
        return Err(no_occurrence(id));
    }
    Ok(v)
}

fn view(state: &AppState, id: &str) -> Result<OccurrenceView, ApiError> {
    let rec = state
        .store
        .occurrence(id)?
        .ok_or_else(|| no_occurrence(id))?;
    Ok(OccurrenceView {
        row: ledger::row(&state.world(), &rec, state.now()),
        audit: state.store.audit_of(id)?,
    })
}

/// GET /api/v1/occurrences/{id}
pub async fn occurrence(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
) -> Result<Json<OccurrenceView>, ApiError> {
    Ok(Json(view_for(&state, &who, &id)?))
}

/// Runs an action for the caller and answers with the occurrence as it now is.
async fn act(
    state: &AppState,
    who: &Caller,
    id: &str,
    action: Action,
) -> Result<Json<OccurrenceView>, ApiError> {
    let assignee = view_for(state, who, id)?.row.assignee;
    if !who.may_act(&action, &assignee) {
        return Err(forbidden(match action {
            Action::Submit { .. } => "submit for this unit",
            _ => "take coordinator actions",
        }));
    }
    actions::perform(&state.store, id, &action, &who.name, state.now()).await?;
    // What is due may have changed (an extension, a reopened submission).
    state.wake.notify_one();
    Ok(Json(view(state, id)?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    /// The document number ("Số 12/BC-UBND").
    document: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    /// The new last day (YYYY-MM-DD), inclusive.
    until: String,
    reason: String,
}

/// POST /api/v1/occurrences/{id}/submit: the unit has submitted; reminders stop at once.
pub async fn submit(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<SubmitBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    let action = Action::Submit {
        document: b.document,
        note: b.note,
    };
    act(&state, &who, &id, action).await
}

/// POST /api/v1/occurrences/{id}/confirm
pub async fn confirm(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<NoteBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    act(&state, &who, &id, Action::Confirm { note: b.note }).await
}

/// POST /api/v1/occurrences/{id}/reject
pub async fn reject(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<ReasonBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    act(&state, &who, &id, Action::Reject { reason: b.reason }).await
}

/// POST /api/v1/occurrences/{id}/extend
pub async fn extend(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<ExtendBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    let until = parse_date(&b.until).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("until: `{}` is not a date (YYYY-MM-DD): {e}", b.until),
        )
    })?;
    let until = in_range(until, "until")?;
    let action = Action::Extend {
        until,
        reason: b.reason,
    };
    act(&state, &who, &id, action).await
}

/// POST /api/v1/occurrences/{id}/waive
pub async fn waive(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<ReasonBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    act(&state, &who, &id, Action::Waive { reason: b.reason }).await
}

/// POST /api/v1/occurrences/{id}/cancel
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    who: Caller,
    OccurrenceId(id): OccurrenceId,
    JsonBody(b): JsonBody<ReasonBody>,
) -> Result<Json<OccurrenceView>, ApiError> {
    act(&state, &who, &id, Action::Cancel { reason: b.reason }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// A calendar year (the default: this year).
    year: Option<i32>,
    /// With `to`: a date range instead of a year (inclusive).
    from: Option<String>,
    to: Option<String>,
    unit: Option<String>,
    group: Option<String>,
    plan: Option<String>,
    #[serde(default)]
    format: Format,
}

/// The inclusive date range of a stats query: `year` (default: the year of `from` or `to`,
/// else this year) bounds the range; `from` and `to` default to its first and last day and,
/// given with `year`, narrow it. A range whose start is after its end is empty.
fn stats_range(q: &StatsQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let from = q.from.as_deref().map(|d| date(d, "from")).transpose()?;
    let to = q.to.as_deref().map(|d| date(d, "to")).transpose()?;
    let year = q
        .year
        .or(from.map(|d| d.year()))
        .or(to.map(|d| d.year()))
        .unwrap_or(today.year());
    let (first, last) = NaiveDate::from_ymd_opt(year, 1, 1)
        .zip(NaiveDate::from_ymd_opt(year, 12, 31))
        .filter(|_| YEARS.contains(&year))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "out_of_range",
                format!(
                    "year: {year} is out of range ({} to {})",
                    YEARS.start(),
                    YEARS.end()
                ),
            )
        })?;
    let bounded = q.year.is_some();
    let start = match from {
        Some(f) if bounded => f.max(first),
        Some(f) => f,
        None => first,
    };
    let end = match to {
        Some(t) if bounded => t.min(last),
        Some(t) => t,
        None => last,
    };
    Ok((start, end))
}

async fn stats_for(
    state: &AppState,
    who: &Caller,
    q: StatsQuery,
    name: &str,
) -> Result<Response, ApiError> {
    let selection = base_selection(state, who, &q.unit, &q.group, &q.plan)?;
    let now = state.now();
    let (from, to) = stats_range(&q, now.date_naive())?;
    let stats = crate::reading::stats(
        &state.store,
        &state.world(),
        now,
        from,
        to,
        selection.units.as_deref(),
        selection.plan.as_deref(),
    )?;
    match q.format {
        Format::Json => Ok(Json(stats).into_response()),
        f => Table::of_stats(&stats).download(f, name),
    }
}

/// GET /api/v1/stats: per unit and plan, the four states, on-time rate and lateness.
pub async fn stats(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Params(q): Params<StatsQuery>,
) -> Result<Response, ApiError> {
    stats_for(&state, &who, q, "stats").await
}

/// GET /api/v1/units/{id}/stats
pub async fn unit_stats(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(id): Path<String>,
    Params(mut q): Params<StatsQuery>,
) -> Result<Response, ApiError> {
    let unit = unit_in_path(&state, &id)?;
    if !who.may_see(unit.as_str()) {
        return Err(forbidden("read another unit's statistics"));
    }
    if q.unit.is_some() || q.group.is_some() {
        return Err(ApiError::bad_request(
            "bad_query",
            "the unit is in the path; unit and group are not accepted here",
        ));
    }
    q.unit = Some(id);
    stats_for(&state, &who, q, "unit-stats").await
}

fn unit_in_path(state: &AppState, id: &str) -> Result<UnitId, ApiError> {
    let world = state.world();
    UnitId::parse(id)
        .ok()
        .filter(|u| world.directory.unit(u).is_some())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no unit `{id}`"),
            )
        })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// The feed key shown to a unit (calendar programs cannot send a token).
    key: Option<String>,
}

/// GET /api/v1/units/{id}/calendar.ics: the unit's occurrences from 31 days back to a year
/// ahead, each an all-day event on its last day with its reminders as alarms. Authorized by a
/// token or by the unit's feed key.
pub async fn unit_calendar(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Path(id): Path<String>,
    Params(q): Params<CalendarQuery>,
) -> Result<Response, ApiError> {
    let unit = unit_in_path(&state, &id)?;
    match &q.key {
        Some(key) if state.links.feed_key_ok(unit.as_str(), key) => {}
        Some(_) => {
            let addr = super::auth::client_addr(&extensions);
            if let Some(wait) = state.auth_limiter.failed(addr, "calendar feed key") {
                return Err(ApiError::too_many(wait));
            }
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "wrong calendar feed key",
            ));
        }
        None => {
            let who = super::auth::limited_caller(&headers, &extensions, &state)?;
            if !who.may_see(unit.as_str()) {
                return Err(forbidden("read another unit's calendar"));
            }
        }
    }
    let world = state.world();
    let now = state.now();
    let today = now.date_naive();
    let (from, until) = (
        midnight(today - Days::new(31)),
        midnight(today + Days::new(366)),
    );
    let public = state.settings().public_url.trim_end_matches('/').to_owned();
    let mut items = Vec::new();
    for plan in &world.plans {
        for ob in &plan.obligations {
            for occ in world.occurrences(plan, ob, from, until) {
                if occ.assignee != unit {
                    continue;
                }
                let id = occ.id();
                let stored = state.store.occurrence(&id)?;
                let (status, occ) = match &stored {
                    Some(r) => (
                        Some(ledger::status_of(r, now)),
                        ledger::occurrence_of(r, plan, ob).unwrap_or(occ),
                    ),
                    None => (None, occ),
                };
                if matches!(status, Some(Status::Waived | Status::Cancelled)) {
                    continue;
                }
                let p = parties_on(ob, &unit, &world.directory, occ.due.date_naive());
                let alarms = plan_notifications(
                    &occ,
                    &p,
                    &ob.policy,
                    &world.calendar,
                    midnight(plan.known_since()),
                    None, // reminders only: repeats are filtered out below
                )
                .into_iter()
                .filter(|n| matches!(n.stage, Stage::Reminder | Stage::Due))
                .map(|n| {
                    let text = match n.stage {
                        Stage::Reminder => format!("Nhắc hạn: {}", ob.title),
                        _ => format!("Đến hạn: {}", ob.title),
                    };
                    (n.at.with_timezone(&chrono::Utc), text)
                })
                .collect();
                let done = matches!(status, Some(Status::DoneOnTime | Status::DoneLate));
                items.push(CalendarItem {
                    uid: format!("{id}@dondoc"),
                    last_day: last_day_of(&occ.due),
                    summary: format!(
                        "{}{} ({})",
                        if done { "✓ " } else { "" },
                        ob.title,
                        period_label(&occ.period)
                    ),
                    description: format!(
                        "Hạn: {}\nGửi: {}\nKế hoạch: {}",
                        occ.wording,
                        world.directory.name(&ob.recipient),
                        plan.title
                    ),
                    url: Some(format!("{public}/dashboard")),
                    alarms,
                });
            }
        }
    }
    items.sort_by(|a, b| (a.last_day, &a.uid).cmp(&(b.last_day, &b.uid)));
    let body = super::export::ics(world.directory.name(&unit), &items);
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response())
}

/// How long a successful store write probe answers for `/healthz`.
const STORE_PROBE_VALID: std::time::Duration = std::time::Duration::from_secs(30);

/// GET /healthz: 200 when the scheduler loop came round lately and the store takes a write;
/// 503 otherwise. No token needed; without one the body holds only the status (the scheduler
/// and store detail go to an authenticated caller).
pub async fn health(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let s = state.status.borrow().clone();
    let now_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    // The loop waits at most a minute; a step taking minutes means it is stuck.
    let scheduler_alive = s
        .loop_at_unix
        .is_some_and(|t| now_unix.saturating_sub(t) <= 300);
    // A write and a flush per request would make a monitor polling every few seconds the
    // store's busiest writer (and grow sled's memory): a success holds for 30 s; a failure is
    // probed again on the next request.
    let store = {
        let mut last = state.store_probe.lock().await;
        let recent = last.is_some_and(|at| at.elapsed() < STORE_PROBE_VALID)
            && state.store.failing().is_none();
        if recent {
            Ok(())
        } else {
            let probed = state.store.probe_write(&now_unix.to_string()).await;
            *last = probed.is_ok().then(std::time::Instant::now);
            probed
        }
    };
    let store = match store {
        Ok(()) => serde_json::json!({ "writable": true }),
        Err(e) => serde_json::json!({ "writable": false, "error": e.to_string() }),
    };
    let ok = scheduler_alive && store["writable"] == true;
    let mut scheduler = serde_json::to_value(&s).unwrap_or_default();
    scheduler["alive"] = scheduler_alive.into();
    let status = if ok { "ok" } else { "unhealthy" };
    let body = if super::auth::caller(&headers, &state.tokens).is_ok() {
        serde_json::json!({ "status": status, "scheduler": scheduler, "store": store })
    } else {
        serde_json::json!({ "status": status })
    };
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body)).into_response()
}

/// GET /metrics: Prometheus (OpenMetrics) text.
pub async fn metrics(
    State(state): State<Arc<AppState>>,
    _who: Caller,
) -> Result<Response, ApiError> {
    // Only each record's state is read: a scrape holds the counts, not the records.
    let by_state: Vec<(&str, i64)> = state
        .store
        .count_by_state()?
        .into_iter()
        .map(|(s, n)| (s.name(), n as i64))
        .collect();
    let text = state
        .metrics
        .render(&by_state, state.store.pending_count() as i64);
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, with the current unit, group and
/// plan ids filled in as enumerations.
pub async fn openapi(State(state): State<Arc<AppState>>, _who: Caller) -> Response {
    let mut doc: serde_json::Value =
        serde_json::from_str(super::OPENAPI).expect("the shipped OpenAPI document is JSON");
    let world = state.world();
    let units: Vec<String> = world.directory.units().map(|u| u.id.to_string()).collect();
    let groups: Vec<String> = world.directory.groups().map(|g| g.id.to_string()).collect();
    let plans: Vec<String> = world.plans.iter().map(|p| p.id.to_string()).collect();
    let both: Vec<String> = units.iter().chain(&groups).cloned().collect();
    let schemas = &mut doc["components"]["schemas"];
    for (name, ids) in [
        ("UnitId", units),
        ("GroupId", groups),
        ("UnitOrGroupId", both),
        ("PlanId", plans),
    ] {
        if !ids.is_empty() {
            schemas[name]["enum"] = ids.into();
        }
    }
    Json(doc).into_response()
}

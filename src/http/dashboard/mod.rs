//! The coordinator web page: token login by cookie, `/dashboard` (overdue by unit with ageing, due soon, awaiting confirmation, on-time table) and its action forms.

mod forms;
mod session;
mod view;

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
use super::pages::{self, human_time};
use super::AppState;
use crate::actions::{self, Action, ActionError};
use crate::config::Role;
use crate::domain::occurrence::{last_day_of, period_label};
use crate::domain::rule::parse_date;
use crate::domain::time::{midnight, parse_instant, vn_date, Instant};
use crate::ledger::{self, Row, Selection, Status};
use crate::store::{Live, OccurrenceState};
use forms::act;
use session::*;
pub(crate) use session::{cross_origin_refused, origin_ok};
use view::*;

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

// ---------------------------------------------------------------------------------------------
// Login and logout

// ---------------------------------------------------------------------------------------------
// The page

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
    let keep = |l: &Live| matches(&world, l, period, &words);
    let show = DashboardQuery::filled(&q.show);
    let shown = |section: &str| show.is_none_or(|s| s == section);
    let focus_id = q.occurrence.as_deref().filter(|s| !s.is_empty());
    // The lists come from the live index; only the cards in view read their records.
    let listed = |sel: &Selection| -> Vec<(Arc<str>, Arc<Live>)> {
        crate::reading::live(&state.store, sel, now)
            .into_iter()
            .filter(|(_, l)| keep(l))
            .collect()
    };
    let brief = |(id, l): &(Arc<str>, Arc<Live>)| Brief {
        id: id.clone(),
        assignee: l.assignee.clone(),
        days_overdue: l.days_overdue_on(today),
    };
    let card = |id: &str| -> Result<Option<Row>, crate::store::StoreError> {
        Ok(state
            .store
            .occurrence(id)?
            .map(|rec| ledger::row(&world, &rec, now)))
    };
    let name = |id: &str| unit_name(&world, id);

    // (1) Overdue, most overdue first: every unit's count and oldest, and one window of items
    // grouped by unit (the unit with the oldest item first).
    // Only the window shown needs its order.
    let shown_end = page.saturating_mul(per);
    let overdue: Vec<Brief> = crate::reading::overdue(&state.store, &base, now, shown_end, keep)
        .into_iter()
        .map(|(days_overdue, l, id)| Brief {
            id,
            assignee: l.assignee.clone(),
            days_overdue,
        })
        .collect();
    let OverdueView {
        total: overdue_total,
        pager: overdue_pager,
        groups,
        other_units,
        other_units_total,
    } = overdue_view(overdue, page, per, q, who, today, focus_id, &name, &card)?;

    // (2) Open and due from now to the end of the 14th day ahead, soonest first.
    let soon = Selection {
        statuses: Some(vec![Status::OpenNotDue]),
        from: Some(now),
        until: Some(midnight(today + Days::new(SOON_DAYS + 1))),
        ..base.clone()
    };
    let mut upcoming_rows = listed(&soon);
    crate::reading::sort_first(&mut upcoming_rows, shown_end, |a, b| {
        (a.1.due_in_force, &a.0).cmp(&(b.1.due_in_force, &b.0))
    });
    let (upcoming_pager, upcoming) = list_view(
        upcoming_rows.iter().map(brief).collect(),
        page,
        per,
        q,
        "sap-den-han",
        who,
        today,
        focus_id,
        &card,
    )?;

    // (3) Submitted, awaiting a coordinator's confirmation: the oldest submission first.
    let submitted = Selection {
        states: Some(vec![OccurrenceState::Submitted]),
        ..base.clone()
    };
    let mut awaiting_rows = listed(&submitted);
    crate::reading::sort_first(&mut awaiting_rows, shown_end, |a, b| {
        (a.1.submitted_at, &a.0).cmp(&(b.1.submitted_at, &b.0))
    });
    let (awaiting_pager, awaiting) = list_view(
        awaiting_rows.iter().map(brief).collect(),
        page,
        per,
        q,
        "cho-xac-nhan",
        who,
        today,
        focus_id,
        &card,
    )?;

    // (4) This year's on-time table (the units of the selection; a window of them).
    let year = today.year();
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("a valid year"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("a valid year"),
    );
    let stats = crate::reading::stats(
        &state.store,
        &world,
        now,
        from,
        to,
        base.units.as_deref(),
        None,
    )?;
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
    // Narrowed to one unit: the unit's own page, with its life (dates, earlier names, who took
    // over its duties) as the directory knows it.
    let unit_info = unit
        .as_deref()
        .and_then(|u| crate::domain::ids::UnitId::parse(u).ok())
        .and_then(|u| super::units::answer(&world.directory, &u, today))
        .map(|a| unit_view(&a, q));
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
        Some(id) => match state.store.occurrence(id)? {
            Some(rec) if who.may_see(&rec.assignee) => {
                let row = ledger::row(&world, &rec, now);
                Some(item(&row, who, today, focus_id))
            }
            _ => {
                focus_missing = true;
                None
            }
        },
        None => None,
    };
    let mut groups = groups;
    let (mut upcoming, mut awaiting, mut focus) = (upcoming, awaiting, focus);
    with_cooperating(
        &world,
        groups
            .iter_mut()
            .flat_map(|g| g.items.iter_mut())
            .chain(upcoming.iter_mut())
            .chain(awaiting.iter_mut())
            .chain(focus.iter_mut()),
    );
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
            unit_info,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_windows_the_list_and_a_page_past_the_end_is_empty() {
        let q = DashboardQuery::default();
        let items: Vec<u32> = (1..=5).collect();
        let cases = [
            (1, 2, vec![1, 2], 1, 2, false, true),
            (2, 2, vec![3, 4], 3, 4, true, true),
            (3, 2, vec![5], 5, 5, true, false),
            (4, 2, vec![], 0, 5, true, false),
            (1_000_000, 500, vec![], 0, 5, true, false),
        ];
        for (page, per, want, from, to, prev, next) in cases {
            let p = Pager::of(items.len(), page, per, &q, "x");
            assert_eq!(p.window(items.clone()), want, "page {page}");
            assert_eq!((p.from, p.to), (from, to), "page {page}");
            assert_eq!(
                (p.prev.is_some(), p.next.is_some()),
                (prev, next),
                "page {page}"
            );
        }
        let empty = Pager::of(0, 1, 50, &q, "x");
        assert_eq!(
            (empty.from, empty.to, empty.window(Vec::<u32>::new())),
            (0, 0, vec![])
        );
    }

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

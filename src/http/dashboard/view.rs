//! Building what the page shows, with no store or request in sight: the filters and pages of each list, item cards and their forms, unit groups, statistics rows, the words of each state and action.

use super::*;
use crate::schedule::World;
use std::collections::HashMap;

/// Ageing thresholds (days overdue): up to `AMBER_MAX` amber, up to `ORANGE_MAX` orange, then red.
pub(super) const AMBER_MAX: i64 = 7;

pub(super) const ORANGE_MAX: i64 = 30;

/// Percent-encodes everything but the unreserved characters, for a path segment.
pub(super) fn path_segment(s: &str) -> String {
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

pub(super) fn query_value(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An HTML id for an occurrence (ids are slugs joined by `/`).
pub(super) fn anchor(id: &str) -> String {
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

pub(super) fn instant(s: &str) -> Option<Instant> {
    parse_instant(s).ok()
}

/// The last day of a deadline (RFC 3339), dd/mm/yyyy.
pub(super) fn last_day(rfc3339: &str) -> Option<NaiveDate> {
    instant(rfc3339).map(|t| last_day_of(&t))
}

/// A number the Vietnamese way (decimal comma), with at most `decimals` decimals.
pub(super) fn vn_number(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    s.replace('.', ",")
}

pub(super) fn role_label(role: Role) -> &'static str {
    match role {
        Role::Coordinator => "điều phối",
        Role::Unit => "đơn vị",
        Role::Viewer => "chỉ xem",
    }
}

/// The Vietnamese name of an action as the forms say it.
pub(super) fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "ghi nhận đã nộp",
        "confirm" => "xác nhận",
        "reject" => "trả lại",
        "extend" => "gia hạn",
        "waive" => "miễn",
        _ => "hủy",
    }
}

pub(super) const ACTIONS: [&str; 6] = ["submit", "confirm", "reject", "extend", "waive", "cancel"];

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DashboardQuery {
    pub(super) occurrence: Option<String>,
    pub(super) done: Option<String>,
    /// Narrow every list to a unit, or a group's members.
    pub(super) unit: Option<String>,
    /// Narrow every list to one plan.
    pub(super) plan: Option<String>,
    /// One reporting period, as the page names it (`Quý III/2023`) or as stored (`2023-Q3`).
    pub(super) period: Option<String>,
    /// Only one list: `qua-han`, `sap-den-han` or `cho-xac-nhan` (default: all).
    pub(super) show: Option<String>,
    /// Words to find in unit names, duties and plans (case and diacritics ignored).
    pub(super) q: Option<String>,
    /// Which `page_items` window of each list (from 1).
    pub(super) page: Option<usize>,
}

impl DashboardQuery {
    pub(super) fn filled(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The page's address with these filters and `page`.
    pub(super) fn url(&self, page: usize) -> String {
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

    /// The page narrowed to `unit` (its own page), the other filters kept, from the first page.
    pub(super) fn unit_page(&self, unit: &str) -> String {
        DashboardQuery {
            unit: Some(unit.to_owned()),
            occurrence: None,
            done: None,
            page: None,
            ..self.clone()
        }
        .url(1)
    }

    pub(super) fn filtered(&self) -> bool {
        [&self.unit, &self.plan, &self.period, &self.show, &self.q]
            .iter()
            .any(|v| Self::filled(v).is_some())
    }
}

/// Lower case without Vietnamese diacritics (đ as d), for the search box.
pub(super) fn folded(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Whether a row passes the page's period and search filters (unit and plan are already in
/// the store selection).
pub(super) fn matches(world: &World, l: &Live, period: Option<&str>, words: &[String]) -> bool {
    if let Some(p) = period {
        if &*l.period != p && folded(&period_label(&l.period)) != folded(p) {
            return false;
        }
    }
    if words.is_empty() {
        return true;
    }
    // The names the item's card shows (see `ledger::row`).
    let name = unit_name(world, &l.assignee);
    let title = world
        .obligation(&l.plan, &l.obligation)
        .map_or_else(|| l.obligation.to_string(), |(_, o)| o.title.clone());
    let hay = folded(&format!("{name} {title} {} {}", l.plan, l.assignee));
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// A unit's name as the directory gives it, else its id.
pub(super) fn unit_name(world: &World, id: &str) -> String {
    crate::domain::ids::UnitId::parse(id)
        .ok()
        .filter(|u| world.directory.contains(u))
        .map_or_else(|| id.to_owned(), |u| world.directory.name(&u).to_owned())
}

/// An item of a list before its card is built: what sorting, counting and paging need.
#[derive(Debug, Clone)]
pub(super) struct Brief {
    pub(super) id: std::sync::Arc<str>,
    pub(super) assignee: std::sync::Arc<str>,
    pub(super) days_overdue: i64,
}

/// One window of a list: its items, how many in all, and the links to the pages around it.
#[derive(Debug, Serialize)]
pub(super) struct Pager {
    pub(super) total: usize,
    /// The window, 1-based for people: items `from` to `to` of `total` (0 to 0 when empty).
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    /// The window's first index (0-based); `to` is its end.
    #[serde(skip)]
    start: usize,
}

impl Pager {
    pub(super) fn of(
        total: usize,
        page: usize,
        per: usize,
        q: &DashboardQuery,
        anchor: &str,
    ) -> Self {
        let start = (page.saturating_sub(1).saturating_mul(per)).min(total);
        let to = start.saturating_add(per).min(total);
        Pager {
            total,
            from: if to > start { start + 1 } else { 0 },
            to,
            prev: (page > 1).then(|| format!("{}#{anchor}", q.url(page - 1))),
            next: (to < total).then(|| format!("{}#{anchor}", q.url(page + 1))),
            start,
        }
    }

    pub(super) fn window<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .skip(self.start)
            .take(self.to - self.start)
            .collect()
    }
}

/// Which action forms an item shows to the caller.
#[derive(Debug, Default, Serialize)]
pub(super) struct Forms {
    pub(super) submit: bool,
    pub(super) confirm: bool,
    pub(super) reject: bool,
    pub(super) extend: bool,
    pub(super) waive: bool,
    pub(super) cancel: bool,
    pub(super) any: bool,
}

impl Forms {
    /// A form for each action the caller may take and the lifecycle allows in the row's state.
    pub(super) fn of(who: &Caller, row: &Row) -> Forms {
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
pub(super) struct SubmissionView {
    pub(super) at: String,
    pub(super) by: String,
    pub(super) document: Option<String>,
    pub(super) note: Option<String>,
}

/// One occurrence as the page shows it.
#[derive(Debug, Serialize)]
pub(super) struct Item {
    pub(super) id: String,
    #[serde(skip)]
    pub(super) plan: String,
    #[serde(skip)]
    pub(super) obligation: String,
    /// The units the plan names to cooperate: shown, not reminded (see `with_cooperating`).
    pub(super) cooperating: Vec<String>,
    /// The id percent-encoded for the action paths.
    pub(super) path: String,
    pub(super) anchor: String,
    pub(super) title: String,
    pub(super) unit: String,
    pub(super) unit_name: String,
    pub(super) period: String,
    /// The last day of the deadline in force, dd/mm/yyyy.
    pub(super) due_date: String,
    /// The plan's original last day when an extension is in force.
    pub(super) original_due_date: Option<String>,
    pub(super) deadline: String,
    pub(super) state: &'static str,
    pub(super) state_label: &'static str,
    /// docs/domain.md#statuses status, and its Vietnamese name.
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) days_overdue: i64,
    /// `age1` (amber), `age2` (orange), `age3` (red) for overdue items.
    pub(super) age: &'static str,
    /// Days from today to the last day (due soon items).
    pub(super) days_left: i64,
    pub(super) escalation_level: u32,
    pub(super) submission: Option<SubmissionView>,
    pub(super) extension: Option<String>,
    pub(super) rejected: Option<String>,
    pub(super) closure: Option<String>,
    pub(super) review: Option<String>,
    /// The earliest day an extension may name (YYYY-MM-DD): after the deadline in force.
    pub(super) extend_min: String,
    pub(super) forms: Forms,
    pub(super) focus: bool,
}

pub(super) fn age_class(days: i64) -> &'static str {
    if days <= AMBER_MAX {
        "age1"
    } else if days <= ORANGE_MAX {
        "age2"
    } else {
        "age3"
    }
}

pub(super) fn decision_text(d: &crate::store::Decision) -> String {
    let mut s = format!("{} lúc {}", d.by, human_time(&d.at));
    if let Some(r) = d.reason.as_deref().filter(|r| !r.is_empty()) {
        s.push_str(&format!(": {r}"));
    }
    s
}

pub(super) fn item(row: &Row, who: &Caller, today: NaiveDate, focus: Option<&str>) -> Item {
    let due = last_day(&row.due);
    let original = last_day(&row.original_due);
    Item {
        id: row.id.clone(),
        plan: row.plan.clone(),
        obligation: row.obligation.clone(),
        cooperating: Vec::new(),
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
            at: human_time(&s.at),
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
                human_time(&r.submission.at),
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
pub(super) struct UnitGroup {
    pub(super) unit: String,
    pub(super) unit_name: String,
    pub(super) count: usize,
    pub(super) max_days: i64,
    pub(super) age: &'static str,
    pub(super) items: Vec<Item>,
    /// The unit's full list, when this window shows only part of it.
    pub(super) more: Option<String>,
}

/// A unit with overdue items outside the window shown.
#[derive(Debug, Serialize)]
pub(super) struct UnitSummary {
    pub(super) unit: String,
    pub(super) unit_name: String,
    pub(super) count: usize,
    pub(super) max_days: i64,
    pub(super) age: &'static str,
    pub(super) url: String,
}

#[derive(Debug, Serialize)]
pub(super) struct StatsRow {
    pub(super) name: String,
    pub(super) done_on_time: u32,
    pub(super) done_late: u32,
    pub(super) open_not_due: u32,
    pub(super) open_overdue: u32,
    pub(super) rate: String,
    pub(super) avg_days_late: String,
}

pub(super) fn stats_row(name: &str, c: &ledger::Counts) -> StatsRow {
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

pub(super) fn flash_text(action: &str, item: Option<&Item>) -> String {
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

/// The overdue section: one window of the overdue rows (most overdue first) grouped by unit,
/// the unit with the oldest item first, and the other units with overdue items.
pub(super) struct OverdueView {
    pub(super) total: usize,
    pub(super) pager: Pager,
    pub(super) groups: Vec<UnitGroup>,
    pub(super) other_units: Vec<UnitSummary>,
    pub(super) other_units_total: usize,
}

/// Builds the overdue section from every overdue item, most overdue first; `card` gives the
/// row of an item in the window (None: no longer there), `name` a unit's name.
#[allow(clippy::too_many_arguments)]
pub(super) fn overdue_view<E>(
    overdue: Vec<Brief>,
    page: usize,
    per: usize,
    q: &DashboardQuery,
    who: &Caller,
    today: NaiveDate,
    focus: Option<&str>,
    name: &dyn Fn(&str) -> String,
    card: &dyn Fn(&str) -> Result<Option<Row>, E>,
) -> Result<OverdueView, E> {
    let overdue_total = overdue.len();
    // Counted by the address of the shared unit id first (a nation has a hundred thousand
    // overdue items), then by id (equal ids that did not share it are added together).
    let mut counted: HashMap<*const u8, (&str, usize, i64)> = HashMap::new();
    for b in &overdue {
        let e = counted
            .entry(Arc::as_ptr(&b.assignee).cast::<u8>())
            .or_insert((&*b.assignee, 0, 0));
        e.1 += 1;
        e.2 = e.2.max(b.days_overdue);
    }
    let mut per_unit: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for (unit, count, max_days) in counted.into_values() {
        let e = per_unit.entry(unit).or_default();
        e.0 += count;
        e.1 = e.1.max(max_days);
    }
    let overdue_pager = Pager::of(overdue_total, page, per, q, "qua-han");
    let mut by_unit: BTreeMap<String, UnitGroup> = BTreeMap::new();
    for b in overdue_pager.window(overdue.iter().collect()) {
        let Some(row) = card(&b.id)? else { continue };
        let (count, max_days) = per_unit[&*b.assignee];
        let g = by_unit
            .entry(b.assignee.to_string())
            .or_insert_with(|| UnitGroup {
                unit: b.assignee.to_string(),
                unit_name: row.assignee_name.clone(),
                count,
                max_days,
                age: age_class(max_days),
                items: Vec::new(),
                more: None,
            });
        g.items.push(item(&row, who, today, focus));
    }
    let mut groups: Vec<UnitGroup> = by_unit.into_values().collect();
    for g in &mut groups {
        if g.items.len() < g.count {
            g.more = Some(format!("{}#qua-han", q.unit_page(&g.unit)));
        }
    }
    groups.sort_by(|a, b| {
        (b.max_days, b.count, &a.unit_name).cmp(&(a.max_days, a.count, &b.unit_name))
    });
    // The units with overdue items outside this window: name, count and oldest, worst first.
    let mut other_units: Vec<UnitSummary> = per_unit
        .into_iter()
        .filter(|(id, _)| !groups.iter().any(|g| g.unit == *id))
        .map(|(id, (count, max_days))| UnitSummary {
            url: format!("{}#qua-han", q.unit_page(id)),
            unit: id.to_owned(),
            unit_name: name(id),
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
    Ok(OverdueView {
        total: overdue_total,
        pager: overdue_pager,
        groups,
        other_units,
        other_units_total,
    })
}

/// One window of a list (due soon, awaiting confirmation) as item cards, with its pager.
#[allow(clippy::too_many_arguments)]
pub(super) fn list_view<E>(
    items: Vec<Brief>,
    page: usize,
    per: usize,
    q: &DashboardQuery,
    anchor: &str,
    who: &Caller,
    today: NaiveDate,
    focus: Option<&str>,
    card: &dyn Fn(&str) -> Result<Option<Row>, E>,
) -> Result<(Pager, Vec<Item>), E> {
    let pager = Pager::of(items.len(), page, per, q, anchor);
    let mut out = Vec::new();
    for b in pager.window(items) {
        if let Some(row) = card(&b.id)? {
            out.push(item(&row, who, today, focus));
        }
    }
    Ok((pager, out))
}

/// A unit's own page: its life as the page shows it (dd/mm/yyyy dates, links to the units that
/// took over its duties, narrowed like this page).
pub(super) fn unit_view(
    a: &crate::http::units::UnitAnswer,
    q: &DashboardQuery,
) -> minijinja::Value {
    let day = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(vn_date)
    };
    let link = |u: &crate::http::units::UnitRef| {
        minijinja::context! { name => u.name, url => q.unit_page(&u.id) }
    };
    minijinja::context! {
        name => a.name,
        valid_from => day(&a.valid_from),
        valid_until => day(&a.valid_until),
        formerly => a.formerly,
        successors => a.successors.iter().map(link).collect::<Vec<_>>(),
        basis => a.basis,
        exists => a.exists,
    }
}

/// Fills in each item's cooperating units, as the schedules name them today.
pub(super) fn with_cooperating<'a>(
    world: &crate::schedule::World,
    items: impl IntoIterator<Item = &'a mut Item>,
) {
    for it in items {
        if let Some((_, ob)) = world.obligation(&it.plan, &it.obligation) {
            it.cooperating = ob
                .cooperating
                .iter()
                .map(|u| world.directory.name(u).to_owned())
                .collect();
        }
    }
}

//! Due rules: every deadline phrase family of the plans, and their expansion into due instants.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::time::{local, midnight, vn_date, Instant};

/// "trước ngày X" (overdue from 00:00 of X) or "chậm nhất ngày X" (due at the end of X).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cutoff {
    #[default]
    Before,
    EndOfDay,
}

impl Cutoff {
    /// True for the default cutoff (so schedule files need not write it).
    pub fn is_before(&self) -> bool {
        *self == Cutoff::Before
    }
}

/// The period of a periodic rule whose day the plan does not give, ordered from the shortest
/// to the longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// A weekday as schedule files write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wd {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<Wd> for Weekday {
    fn from(w: Wd) -> Weekday {
        match w {
            Wd::Mon => Weekday::Mon,
            Wd::Tue => Weekday::Tue,
            Wd::Wed => Weekday::Wed,
            Wd::Thu => Weekday::Thu,
            Wd::Fri => Weekday::Fri,
            Wd::Sat => Weekday::Sat,
            Wd::Sun => Weekday::Sun,
        }
    }
}

/// A due rule as written in a schedule file (`due = { rule = "...", ... }`), not yet checked.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleSpec {
    Once {
        date: String,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    Yearly {
        month: u32,
        day: u32,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    HalfYearly {
        month_of_half: u32,
        day: u32,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    Quarterly {
        month_of_quarter: u32,
        day: u32,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    Monthly {
        day: u32,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    Weekly {
        weekday: Wd,
        #[serde(default, skip_serializing_if = "Cutoff::is_before")]
        cutoff: Cutoff,
    },
    EndOfMonth {
        year: i32,
        month: u32,
    },
    EndOfQuarter {
        year: i32,
        quarter: u32,
    },
    EndOfYear {
        year: i32,
    },
    YearlyEndOfQuarter {
        quarter: u32,
    },
    Cron {
        expr: String,
    },
    Periodic {
        every: Every,
    },
    /// "trong thời hạn 10 ngày kể từ ngày nhận được": due at the end of the N-th day after an
    /// event whose date a person enters; no occurrence until `event_date` is set.
    AfterEvent {
        days: u32,
        event: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_date: Option<String>,
        /// The days are working days ("05 ngày làm việc kể từ …"): weekends and the days off
        /// of the holiday calendar are not counted.
        #[serde(default, skip_serializing_if = "is_false")]
        working_days: bool,
    },
    /// "ít nhất 03 ngày trước khi khởi công": due at the end of the N-th day before the event.
    BeforeEvent {
        days: u32,
        event: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_date: Option<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        working_days: bool,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Why a rule cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{0}")]
    BadDate(String),
    #[error("month {0} is out of range (1–12)")]
    Month(u32),
    #[error("day {0} is out of range (1–31)")]
    Day(u32),
    #[error("day {day} does not exist in month {month}")]
    NoSuchDay { month: u32, day: u32 },
    #[error("29/02 does not come every year: use 28/02 or 01/03")]
    Feb29,
    #[error("month_of_quarter {0} is out of range (1–3)")]
    MonthOfQuarter(u32),
    #[error("month_of_half {0} is out of range (1–6)")]
    MonthOfHalf(u32),
    #[error("quarter {0} is out of range (1–4)")]
    Quarter(u32),
    #[error("year {0} is out of range (1975–2200)")]
    Year(i32),
    #[error("cron expression `{expr}`: {reason}")]
    Cron { expr: String, reason: String },
    #[error("cron expression `{0}` fires more than once an hour; a deadline needs at most hourly")]
    CronTooOften(String),
    #[error("cron expression `{0}` never fires")]
    CronNever(String),
    #[error("the reporting calendar needs rules with a day, not `periodic`")]
    PeriodicInCalendar,
    #[error("event is empty: name the event the days are counted from (e.g. \"khởi công\")")]
    EventName,
    #[error("days {0} is out of range (0–366)")]
    EventDays(u32),
}

/// Parses a date as schedule files write it: `2023-06-16` or `16/06/2023`.
pub fn parse_date(s: &str) -> Result<NaiveDate, RuleError> {
    let s = s.trim();
    let parsed = if s.contains('/') {
        NaiveDate::parse_from_str(s, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
    };
    parsed.map_err(|_| {
        RuleError::BadDate(format!(
            "`{s}` is not a date that exists (write 2023-06-16 or 16/06/2023)"
        ))
    })
}

#[derive(Debug, Clone)]
enum Kind {
    Once(NaiveDate, Cutoff),
    Yearly(u32, u32, Cutoff),
    HalfYearly(u32, u32, Cutoff),
    Quarterly(u32, u32, Cutoff),
    Monthly(u32, Cutoff),
    Weekly(Weekday, Cutoff),
    EndOfMonth(i32, u32),
    EndOfQuarter(i32, u32),
    EndOfYear(i32),
    YearlyEndOfQuarter(u32),
    Cron(Box<cron::Schedule>),
    Periodic(Every),
    /// Signed offset in days from the event, the event's name, its date once entered, and
    /// whether the days are working days.
    Event(i64, String, Option<NaiveDate>, bool),
}

/// A checked due rule.
#[derive(Debug, Clone)]
pub struct DueRule(Kind);

/// One due instant of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The instant from which the item is overdue, before any working-day shift.
    pub instant: Instant,
    /// The period the occurrence belongs to: `2023-Q3`, `2023-07`, `2023`, `2022-05-13` …
    pub period: String,
    /// The deadline in the plan's words: "trước ngày 13/09/2023", "trong Quý II/2024".
    pub wording: String,
    /// The day came from the reporting calendar, not from the plan.
    pub inferred: bool,
}

fn check_month(m: u32) -> Result<u32, RuleError> {
    (1..=12)
        .contains(&m)
        .then_some(m)
        .ok_or(RuleError::Month(m))
}

fn check_day(d: u32) -> Result<u32, RuleError> {
    (1..=31).contains(&d).then_some(d).ok_or(RuleError::Day(d))
}

fn check_year(y: i32) -> Result<i32, RuleError> {
    (1975..=2200)
        .contains(&y)
        .then_some(y)
        .ok_or(RuleError::Year(y))
}

fn check_quarter(q: u32) -> Result<u32, RuleError> {
    (1..=4)
        .contains(&q)
        .then_some(q)
        .ok_or(RuleError::Quarter(q))
}

/// Days in `month` of a leap year: the most a day-month pair can name.
fn max_day(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next = first + Months::new(1);
    (next - first).num_days() as u32
}

/// Day `day` of the month, or the month's last day when it has fewer days.
fn clamped(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day.min(days_in_month(year, month))).expect("clamped")
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl DueRule {
    /// Checks a rule as written.
    pub fn parse(spec: &RuleSpec) -> Result<Self, RuleError> {
        let kind = match spec {
            RuleSpec::Once { date, cutoff } => Kind::Once(parse_date(date)?, *cutoff),
            RuleSpec::Yearly { month, day, cutoff } => {
                let (m, d) = (check_month(*month)?, check_day(*day)?);
                if d > max_day(m) {
                    return Err(RuleError::NoSuchDay { month: m, day: d });
                }
                if (m, d) == (2, 29) {
                    return Err(RuleError::Feb29);
                }
                Kind::Yearly(m, d, *cutoff)
            }
            RuleSpec::HalfYearly {
                month_of_half,
                day,
                cutoff,
            } => {
                if !(1..=6).contains(month_of_half) {
                    return Err(RuleError::MonthOfHalf(*month_of_half));
                }
                Kind::HalfYearly(*month_of_half, check_day(*day)?, *cutoff)
            }
            RuleSpec::Quarterly {
                month_of_quarter,
                day,
                cutoff,
            } => {
                if !(1..=3).contains(month_of_quarter) {
                    return Err(RuleError::MonthOfQuarter(*month_of_quarter));
                }
                Kind::Quarterly(*month_of_quarter, check_day(*day)?, *cutoff)
            }
            RuleSpec::Monthly { day, cutoff } => Kind::Monthly(check_day(*day)?, *cutoff),
            RuleSpec::Weekly { weekday, cutoff } => Kind::Weekly((*weekday).into(), *cutoff),
            RuleSpec::EndOfMonth { year, month } => {
                Kind::EndOfMonth(check_year(*year)?, check_month(*month)?)
            }
            RuleSpec::EndOfQuarter { year, quarter } => {
                Kind::EndOfQuarter(check_year(*year)?, check_quarter(*quarter)?)
            }
            RuleSpec::EndOfYear { year } => Kind::EndOfYear(check_year(*year)?),
            RuleSpec::YearlyEndOfQuarter { quarter } => {
                Kind::YearlyEndOfQuarter(check_quarter(*quarter)?)
            }
            RuleSpec::Cron { expr } => Kind::Cron(Box::new(parse_cron(expr)?)),
            RuleSpec::Periodic { every } => Kind::Periodic(*every),
            RuleSpec::AfterEvent {
                days,
                event,
                event_date,
                working_days,
            } => event_kind(i64::from(*days), *days, event, event_date, *working_days)?,
            RuleSpec::BeforeEvent {
                days,
                event,
                event_date,
                working_days,
            } => event_kind(-i64::from(*days), *days, event, event_date, *working_days)?,
        };
        Ok(Self(kind))
    }

    /// True when the due day comes from the reporting calendar.
    pub fn is_inferred(&self) -> bool {
        matches!(self.0, Kind::Periodic(_))
    }

    /// True for rules that yield a single occurrence.
    pub fn is_one_off(&self) -> bool {
        matches!(
            self.0,
            Kind::Once(..)
                | Kind::EndOfMonth(..)
                | Kind::EndOfQuarter(..)
                | Kind::EndOfYear(..)
                | Kind::Event(..)
        )
    }

    /// How often the rule falls due: its period, or `None` for a one-off. A cron rule's period
    /// is read from the gap between two of its fires.
    pub fn every(&self) -> Option<Every> {
        match &self.0 {
            Kind::Once(..)
            | Kind::Event(..)
            | Kind::EndOfMonth(..)
            | Kind::EndOfQuarter(..)
            | Kind::EndOfYear(..) => None,
            Kind::Yearly(..) | Kind::YearlyEndOfQuarter(..) => Some(Every::Year),
            Kind::HalfYearly(..) => Some(Every::HalfYear),
            Kind::Quarterly(..) => Some(Every::Quarter),
            Kind::Monthly(..) => Some(Every::Month),
            Kind::Weekly(..) => Some(Every::Week),
            Kind::Periodic(e) => Some(*e),
            Kind::Cron(schedule) => {
                // From a fixed instant: the domain reads no clock.
                let from = chrono::DateTime::<chrono::Utc>::from_timestamp(946_684_800, 0)?;
                let mut fires = schedule.after(&from);
                let (Some(a), Some(b)) = (fires.next(), fires.next()) else {
                    return None;
                };
                let days = (b - a).num_days();
                Some(match days {
                    ..=8 => Every::Week,
                    9..=35 => Every::Month,
                    36..=100 => Every::Quarter,
                    101..=200 => Every::HalfYear,
                    _ => Every::Year,
                })
            }
        }
    }

    /// For a rule counted from an event: the event's name and its date (None until entered).
    pub fn event(&self) -> Option<(&str, Option<NaiveDate>)> {
        match &self.0 {
            Kind::Event(_, name, date, _) => Some((name.as_str(), *date)),
            _ => None,
        }
    }

    /// Every due instant in `[from, until)`, sorted, before any working-day shift. Days counted
    /// in working days from an event skip weekends only: `dues_on` also skips the days off of
    /// a holiday calendar.
    pub fn dues(&self, from: Instant, until: Instant, calendar: &ReportingCalendar) -> Vec<Due> {
        self.dues_on(from, until, calendar, &WorkCalendar::weekends_only())
    }

    /// `dues`, with working days from an event counted on `work` (weekends and its days off).
    pub fn dues_on(
        &self,
        from: Instant,
        until: Instant,
        calendar: &ReportingCalendar,
        work: &WorkCalendar,
    ) -> Vec<Due> {
        let mut out = Vec::new();
        let y0 = from.year() - 1;
        let y1 = until.year() + 1;
        let mut push = |d: Due| {
            if d.instant >= from && d.instant < until {
                out.push(d);
            }
        };
        match &self.0 {
            Kind::Once(date, cutoff) => push(day_due(*date, *cutoff, date.to_string())),
            Kind::Yearly(m, d, cutoff) => {
                for y in y0..=y1 {
                    let date = NaiveDate::from_ymd_opt(y, *m, *d).expect("checked");
                    push(day_due(date, *cutoff, y.to_string()));
                }
            }
            Kind::HalfYearly(m, d, cutoff) => {
                for y in y0..=y1 {
                    for half in 0..2 {
                        let date = clamped(y, m + 6 * half, *d);
                        push(day_due(date, *cutoff, format!("{y}-H{}", half + 1)));
                    }
                }
            }
            Kind::Quarterly(m, d, cutoff) => {
                for y in y0..=y1 {
                    for q in 0..4 {
                        let date = clamped(y, m + 3 * q, *d);
                        push(day_due(date, *cutoff, format!("{y}-Q{}", q + 1)));
                    }
                }
            }
            Kind::Monthly(d, cutoff) => {
                for y in y0..=y1 {
                    for m in 1..=12 {
                        push(day_due(clamped(y, m, *d), *cutoff, format!("{y}-{m:02}")));
                    }
                }
            }
            Kind::Weekly(wd, cutoff) => {
                let start = from.date_naive() - Days::new(8);
                let mut date = start
                    + Days::new(u64::from(
                        (7 + wd.num_days_from_monday() - start.weekday().num_days_from_monday())
                            % 7,
                    ));
                let end = until.date_naive() + Days::new(1);
                while date <= end {
                    let week = date.iso_week();
                    push(day_due(
                        date,
                        *cutoff,
                        format!("{}-W{:02}", week.year(), week.week()),
                    ));
                    date = date + Days::new(7);
                }
            }
            Kind::EndOfMonth(y, m) => {
                let first = NaiveDate::from_ymd_opt(*y, *m, 1).expect("checked");
                push(Due {
                    instant: midnight(first + Months::new(1)),
                    period: format!("{y}-{m:02}"),
                    wording: format!("trong tháng {m}/{y}"),
                    inferred: false,
                });
            }
            Kind::EndOfQuarter(y, q) => push(quarter_end(*y, *q)),
            Kind::EndOfYear(y) => push(Due {
                instant: midnight(NaiveDate::from_ymd_opt(y + 1, 1, 1).expect("checked")),
                period: y.to_string(),
                wording: format!("trong năm {y}"),
                inferred: false,
            }),
            Kind::YearlyEndOfQuarter(q) => {
                for y in y0..=y1 {
                    push(quarter_end(y, *q));
                }
            }
            Kind::Cron(schedule) => {
                let start = from - chrono::Duration::seconds(1);
                for fire in schedule.after(&start).take_while(|t| *t < until) {
                    push(Due {
                        period: fire.format("%Y-%m-%dT%H:%M").to_string(),
                        wording: format!("lúc {}", fire.format("%H:%M ngày %d/%m/%Y")),
                        instant: fire,
                        inferred: false,
                    });
                }
            }
            Kind::Periodic(every) => {
                let mut dues = calendar.rule(*every).dues(from, until, calendar);
                for d in &mut dues {
                    d.inferred = true;
                    d.wording
                        .push_str(" (hạn được suy ra theo lịch báo cáo định kỳ)");
                }
                out = dues;
            }
            Kind::Event(offset, name, Some(event_date), working) => {
                let n = offset.unsigned_abs() as u32;
                let date = if *working {
                    count_working(work, *event_date, *offset, n)
                } else {
                    *event_date + chrono::Duration::days(*offset)
                };
                let mut due = day_due(date, Cutoff::EndOfDay, date.to_string());
                let days = if *working {
                    "ngày làm việc"
                } else {
                    "ngày"
                };
                due.wording = if *offset >= 0 {
                    format!(
                        "chậm nhất ngày {} ({} {} kể từ {} ngày {})",
                        vn_date(date),
                        n,
                        days,
                        name,
                        vn_date(*event_date)
                    )
                } else {
                    format!(
                        "chậm nhất ngày {} ({} {} trước {} ngày {})",
                        vn_date(date),
                        n,
                        days,
                        name,
                        vn_date(*event_date)
                    )
                };
                push(due);
            }
            // The event's date is not known yet: nothing is due until a person enters it.
            Kind::Event(_, _, None, _) => {}
        }
        out.sort_by_key(|d| d.instant);
        out
    }
}

fn event_kind(
    offset: i64,
    days: u32,
    event: &str,
    event_date: &Option<String>,
    working: bool,
) -> Result<Kind, RuleError> {
    if event.trim().is_empty() {
        return Err(RuleError::EventName);
    }
    if days > 366 {
        return Err(RuleError::EventDays(days));
    }
    let date = event_date.as_deref().map(parse_date).transpose()?;
    Ok(Kind::Event(offset, event.trim().to_owned(), date, working))
}

/// The day `n` working days after (`offset` ≥ 0) or before an event's date.
fn count_working(work: &WorkCalendar, event: NaiveDate, offset: i64, n: u32) -> NaiveDate {
    if n == 0 {
        event
    } else if offset >= 0 {
        work.working_days_after(event, n)
    } else {
        work.working_days_before(event, n)
    }
}

fn day_due(date: NaiveDate, cutoff: Cutoff, period: String) -> Due {
    let (instant, wording) = match cutoff {
        Cutoff::Before => (midnight(date), format!("trước ngày {}", vn_date(date))),
        Cutoff::EndOfDay => (
            midnight(date + Days::new(1)),
            format!("chậm nhất ngày {}", vn_date(date)),
        ),
    };
    Due {
        instant,
        period,
        wording,
        inferred: false,
    }
}

fn quarter_end(year: i32, quarter: u32) -> Due {
    let first = NaiveDate::from_ymd_opt(year, 3 * (quarter - 1) + 1, 1).expect("checked");
    Due {
        instant: midnight(first + Months::new(3)),
        period: format!("{year}-Q{quarter}"),
        wording: format!("trong Quý {}/{year}", ROMAN[quarter as usize - 1]),
        inferred: false,
    }
}

fn parse_cron(expr: &str) -> Result<cron::Schedule, RuleError> {
    let schedule: cron::Schedule =
        expr.parse()
            .map_err(|e: cron::error::Error| RuleError::Cron {
                expr: expr.to_owned(),
                reason: e.to_string(),
            })?;
    // A deadline rule that fires more than hourly is a typo (e.g. `*` in the minutes field).
    let probe = local(
        NaiveDate::from_ymd_opt(2024, 1, 1)
            .expect("valid")
            .and_hms_opt(0, 0, 0)
            .expect("valid"),
    );
    let mut fires = schedule.after(&probe).take(2);
    match (fires.next(), fires.next()) {
        (None, _) => Err(RuleError::CronNever(expr.to_owned())),
        (Some(a), Some(b)) if b - a < chrono::Duration::hours(1) => {
            Err(RuleError::CronTooOften(expr.to_owned()))
        }
        _ => Ok(schedule),
    }
}

/// The default due days for periodic reports with no day (Decree 09/2019, Art. 12 cut-offs).
#[derive(Debug, Clone)]
pub struct ReportingCalendar {
    pub week: DueRule,
    pub month: DueRule,
    pub quarter: DueRule,
    pub half_year: DueRule,
    pub year: DueRule,
}

impl ReportingCalendar {
    fn rule(&self, every: Every) -> &DueRule {
        match every {
            Every::Week => &self.week,
            Every::Month => &self.month,
            Every::Quarter => &self.quarter,
            Every::HalfYear => &self.half_year,
            Every::Year => &self.year,
        }
    }
}

impl Default for ReportingCalendar {
    /// Before Saturday; before the 15th; before the 15th of the quarter's last month;
    /// before 15/6 and 15/12; before 15/12.
    fn default() -> Self {
        let c = Cutoff::Before;
        Self {
            week: DueRule(Kind::Weekly(Weekday::Sat, c)),
            month: DueRule(Kind::Monthly(15, c)),
            quarter: DueRule(Kind::Quarterly(3, 15, c)),
            half_year: DueRule(Kind::HalfYearly(6, 15, c)),
            year: DueRule(Kind::Yearly(12, 15, c)),
        }
    }
}

impl ReportingCalendar {
    /// Builds a calendar from rules; a periodic rule may not refer to the calendar itself.
    pub fn new(
        week: DueRule,
        month: DueRule,
        quarter: DueRule,
        half_year: DueRule,
        year: DueRule,
    ) -> Result<Self, RuleError> {
        for r in [&week, &month, &quarter, &half_year, &year] {
            if r.is_inferred() {
                return Err(RuleError::PeriodicInCalendar);
            }
        }
        Ok(Self {
            week,
            month,
            quarter,
            half_year,
            year,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(spec: RuleSpec) -> DueRule {
        DueRule::parse(&spec).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(r: &DueRule, from: (i32, u32, u32), until: (i32, u32, u32)) -> Vec<String> {
        r.dues(
            midnight(ymd(from.0, from.1, from.2)),
            midnight(ymd(until.0, until.1, until.2)),
            &ReportingCalendar::default(),
        )
        .into_iter()
        .map(|d| format!("{} {}", d.instant.format("%Y-%m-%dT%H:%M%:z"), d.period))
        .collect()
    }

    #[test]
    fn phrase_families() {
        use Cutoff::*;
        // (rule, from, until, every due with its period)
        type Row<'a> = (RuleSpec, (i32, u32, u32), (i32, u32, u32), Vec<&'a str>);
        let table: Vec<Row> = vec![
            // trước ngày 13/5/2022
            (
                RuleSpec::Once {
                    date: "13/05/2022".into(),
                    cutoff: Before,
                },
                (2022, 1, 1),
                (2023, 1, 1),
                vec!["2022-05-13T00:00+07:00 2022-05-13"],
            ),
            // chậm nhất ngày 5/3/2024
            (
                RuleSpec::Once {
                    date: "2024-03-05".into(),
                    cutoff: EndOfDay,
                },
                (2024, 1, 1),
                (2025, 1, 1),
                vec!["2024-03-06T00:00+07:00 2024-03-05"],
            ),
            // trước ngày 15/10 hàng năm
            (
                RuleSpec::Yearly {
                    month: 10,
                    day: 15,
                    cutoff: Before,
                },
                (2023, 6, 16),
                (2025, 12, 31),
                vec![
                    "2023-10-15T00:00+07:00 2023",
                    "2024-10-15T00:00+07:00 2024",
                    "2025-10-15T00:00+07:00 2025",
                ],
            ),
            // hàng quý, trước ngày 13 của tháng cuối quý
            (
                RuleSpec::Quarterly {
                    month_of_quarter: 3,
                    day: 13,
                    cutoff: Before,
                },
                (2023, 6, 16),
                (2024, 3, 14),
                vec![
                    "2023-09-13T00:00+07:00 2023-Q3",
                    "2023-12-13T00:00+07:00 2023-Q4",
                    "2024-03-13T00:00+07:00 2024-Q1",
                ],
            ),
            // 06 tháng trước ngày 14/6 → 14/6 and 14/12
            (
                RuleSpec::HalfYearly {
                    month_of_half: 6,
                    day: 14,
                    cutoff: Before,
                },
                (2024, 1, 1),
                (2025, 1, 1),
                vec![
                    "2024-06-14T00:00+07:00 2024-H1",
                    "2024-12-14T00:00+07:00 2024-H2",
                ],
            ),
            // monthly day 31 clamps to the month's end
            (
                RuleSpec::Monthly {
                    day: 31,
                    cutoff: Before,
                },
                (2024, 1, 1),
                (2024, 5, 1),
                vec![
                    "2024-01-31T00:00+07:00 2024-01",
                    "2024-02-29T00:00+07:00 2024-02",
                    "2024-03-31T00:00+07:00 2024-03",
                    "2024-04-30T00:00+07:00 2024-04",
                ],
            ),
            (
                RuleSpec::Weekly {
                    weekday: Wd::Fri,
                    cutoff: Before,
                },
                (2024, 1, 1),
                (2024, 1, 20),
                vec![
                    "2024-01-05T00:00+07:00 2024-W01",
                    "2024-01-12T00:00+07:00 2024-W02",
                    "2024-01-19T00:00+07:00 2024-W03",
                ],
            ),
            // trong Quý II/2024
            (
                RuleSpec::EndOfQuarter {
                    year: 2024,
                    quarter: 2,
                },
                (2024, 1, 1),
                (2025, 1, 1),
                vec!["2024-07-01T00:00+07:00 2024-Q2"],
            ),
            // trước tháng 10/2024 = by the end of 9/2024
            (
                RuleSpec::EndOfMonth {
                    year: 2024,
                    month: 9,
                },
                (2024, 1, 1),
                (2025, 1, 1),
                vec!["2024-10-01T00:00+07:00 2024-09"],
            ),
            // trong năm 2027
            (
                RuleSpec::EndOfYear { year: 2027 },
                (2021, 1, 1),
                (2034, 1, 1),
                vec!["2028-01-01T00:00+07:00 2027"],
            ),
            // Quý I hằng năm
            (
                RuleSpec::YearlyEndOfQuarter { quarter: 1 },
                (2023, 1, 1),
                (2025, 1, 1),
                vec![
                    "2023-04-01T00:00+07:00 2023-Q1",
                    "2024-04-01T00:00+07:00 2024-Q1",
                ],
            ),
            // cron: 07:30 every Monday (day-of-week 2 = Monday in cron 0.17)
            (
                RuleSpec::Cron {
                    expr: "0 30 7 * * 2".into(),
                },
                (2024, 1, 1),
                (2024, 1, 10),
                vec![
                    "2024-01-01T07:30+07:00 2024-01-01T07:30",
                    "2024-01-08T07:30+07:00 2024-01-08T07:30",
                ],
            ),
            // hàng tháng, no day: before the 15th, inferred
            (
                RuleSpec::Periodic {
                    every: Every::Month,
                },
                (2024, 1, 1),
                (2024, 3, 1),
                vec![
                    "2024-01-15T00:00+07:00 2024-01",
                    "2024-02-15T00:00+07:00 2024-02",
                ],
            ),
            (
                RuleSpec::Periodic { every: Every::Year },
                (2024, 1, 1),
                (2025, 1, 1),
                vec!["2024-12-15T00:00+07:00 2024"],
            ),
        ];
        for (spec, from, until, want) in table {
            assert_eq!(dates(&rule(spec.clone()), from, until), want, "{spec:?}");
        }
    }

    #[test]
    fn wording_and_inferred() {
        let cal = ReportingCalendar::default();
        let from = midnight(ymd(2024, 1, 1));
        let until = midnight(ymd(2025, 1, 1));
        let d = &rule(RuleSpec::Once {
            date: "2024-02-25".into(),
            cutoff: Cutoff::Before,
        })
        .dues(from, until, &cal)[0];
        assert_eq!(d.wording, "trước ngày 25/02/2024");
        assert!(!d.inferred);
        let d = &rule(RuleSpec::EndOfQuarter {
            year: 2024,
            quarter: 2,
        })
        .dues(from, until, &cal)[0];
        assert_eq!(d.wording, "trong Quý II/2024");
        let d = &rule(RuleSpec::Periodic {
            every: Every::Quarter,
        })
        .dues(from, until, &cal)[0];
        assert!(d.inferred);
        assert_eq!(d.instant, midnight(ymd(2024, 3, 15)));
        assert!(d.wording.starts_with("trước ngày 15/03/2024"));
    }

    /// Days counted in working days from an event skip weekends, and, on a holiday calendar,
    /// its days off ("trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ" received on the
    /// Friday before a Tết week off).
    #[test]
    fn working_days_from_an_event_skip_weekends_and_days_off() {
        let cal = ReportingCalendar::default();
        let tet = crate::domain::calendar::tests::tet_2026();
        let (from, until) = (midnight(ymd(2026, 1, 1)), midnight(ymd(2027, 1, 1)));
        let event = |after: bool, days: u32, date: &str, working_days: bool| {
            let (event, event_date) = ("nhận hồ sơ".to_owned(), Some(date.to_owned()));
            rule(if after {
                RuleSpec::AfterEvent {
                    days,
                    event,
                    event_date,
                    working_days,
                }
            } else {
                RuleSpec::BeforeEvent {
                    days,
                    event,
                    event_date,
                    working_days,
                }
            })
        };
        // (rule, due by calendar days or weekends only, due on the Tết calendar): each due at
        // the end of its last day.
        let table = [
            // Fri 13/2 + 3 working days: Wed 18/2 (weekends only), Wed 25/2 past Tết.
            (
                event(true, 3, "2026-02-13", true),
                ymd(2026, 2, 19),
                ymd(2026, 2, 26),
            ),
            // The same count in calendar days: Mon 16/2 either way.
            (
                event(true, 3, "2026-02-13", false),
                ymd(2026, 2, 17),
                ymd(2026, 2, 17),
            ),
            // 2 working days before Mon 23/2: Thu 19/2 (weekends only), Thu 12/2 before Tết.
            (
                event(false, 2, "2026-02-23", true),
                ymd(2026, 2, 20),
                ymd(2026, 2, 13),
            ),
        ];
        for (r, plain, on_tet) in table {
            assert_eq!(r.dues(from, until, &cal)[0].instant, midnight(plain));
            assert_eq!(
                r.dues_on(from, until, &cal, &tet)[0].instant,
                midnight(on_tet)
            );
        }
        let d = &event(true, 3, "2026-02-13", true).dues_on(from, until, &cal, &tet)[0];
        assert_eq!(
            d.wording,
            "chậm nhất ngày 25/02/2026 (3 ngày làm việc kể từ nhận hồ sơ ngày 13/02/2026)"
        );
        // The schedule format says so, and says nothing for calendar days.
        let spec: RuleSpec = toml::from_str(
            "rule = \"after_event\"\ndays = 3\nevent = \"nhận hồ sơ\"\nworking_days = true",
        )
        .expect("reads");
        assert!(matches!(
            spec,
            RuleSpec::AfterEvent {
                working_days: true,
                ..
            }
        ));
        let plain = toml::to_string(&RuleSpec::AfterEvent {
            days: 3,
            event: "x".into(),
            event_date: None,
            working_days: false,
        })
        .expect("writes");
        assert!(!plain.contains("working_days"), "{plain}");
    }

    #[test]
    fn event_rules_wait_for_the_event_date() {
        let cal = ReportingCalendar::default();
        let from = midnight(ymd(2024, 1, 1));
        let until = midnight(ymd(2025, 1, 1));
        let table = [
            // "trong thời hạn 10 ngày kể từ ngày nhận được" (received 2024-03-05): end of 15/3.
            (
                RuleSpec::AfterEvent {
                    days: 10,
                    event: "nhận được văn bản".into(),
                    event_date: Some("2024-03-05".into()),
                    working_days: false,
                },
                vec![midnight(ymd(2024, 3, 16))],
            ),
            // "ít nhất 03 ngày trước khi khởi công" (work starts 10/06/2024): end of 7/6.
            (
                RuleSpec::BeforeEvent {
                    days: 3,
                    event: "khởi công".into(),
                    event_date: Some("10/06/2024".into()),
                    working_days: false,
                },
                vec![midnight(ymd(2024, 6, 8))],
            ),
            // No date entered yet: no occurrence.
            (
                RuleSpec::AfterEvent {
                    days: 1,
                    event: "hội nghị".into(),
                    event_date: None,
                    working_days: false,
                },
                vec![],
            ),
        ];
        for (spec, want) in table {
            let r = rule(spec.clone());
            assert!(r.is_one_off());
            assert!(r.event().is_some());
            let got: Vec<_> = r
                .dues(from, until, &cal)
                .into_iter()
                .map(|d| d.instant)
                .collect();
            assert_eq!(got, want, "{spec:?}");
        }
        let d = &rule(RuleSpec::BeforeEvent {
            days: 3,
            event: "khởi công".into(),
            event_date: Some("2024-06-10".into()),
            working_days: false,
        })
        .dues(from, until, &cal)[0];
        assert_eq!(
            d.wording,
            "chậm nhất ngày 07/06/2024 (3 ngày trước khởi công ngày 10/06/2024)"
        );
        // As a schedule file writes it.
        let spec: RuleSpec =
            toml::from_str("rule = \"after_event\"\ndays = 10\nevent = \"nhận được\"\n").unwrap();
        assert_eq!(
            spec,
            RuleSpec::AfterEvent {
                days: 10,
                event: "nhận được".into(),
                event_date: None,
                working_days: false,
            }
        );
        for bad in [
            RuleSpec::AfterEvent {
                days: 3,
                event: " ".into(),
                event_date: None,
                working_days: false,
            },
            RuleSpec::BeforeEvent {
                days: 3,
                event: "khởi công".into(),
                event_date: Some("2024-02-30".into()),
                working_days: false,
            },
            RuleSpec::AfterEvent {
                days: 1000,
                event: "x".into(),
                event_date: None,
                working_days: false,
            },
        ] {
            assert!(DueRule::parse(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rejects_impossible_rules() {
        let bad = [
            RuleSpec::Once {
                date: "2022-04-31".into(),
                cutoff: Cutoff::Before,
            },
            RuleSpec::Once {
                date: "31/04/2022".into(),
                cutoff: Cutoff::Before,
            },
            RuleSpec::Yearly {
                month: 4,
                day: 31,
                cutoff: Cutoff::Before,
            },
            RuleSpec::Yearly {
                month: 2,
                day: 29,
                cutoff: Cutoff::Before,
            },
            RuleSpec::Yearly {
                month: 13,
                day: 1,
                cutoff: Cutoff::Before,
            },
            RuleSpec::Monthly {
                day: 0,
                cutoff: Cutoff::Before,
            },
            RuleSpec::Quarterly {
                month_of_quarter: 4,
                day: 1,
                cutoff: Cutoff::Before,
            },
            RuleSpec::HalfYearly {
                month_of_half: 7,
                day: 1,
                cutoff: Cutoff::Before,
            },
            RuleSpec::EndOfQuarter {
                year: 2024,
                quarter: 5,
            },
            RuleSpec::Cron {
                expr: "not a cron".into(),
            },
            RuleSpec::Cron {
                expr: "0 * * * * *".into(),
            },
        ];
        for spec in bad {
            assert!(DueRule::parse(&spec).is_err(), "{spec:?}");
        }
    }
}

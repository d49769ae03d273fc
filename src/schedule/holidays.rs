//! Holiday files (holidays/YYYY.toml) into the working-day calendar, and writing a new year's file.

use std::collections::BTreeSet;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Source};
use crate::domain::calendar::{DayOff, DayOffKind, WorkCalendar};
use crate::domain::lunar::statutory_holidays;
use crate::domain::rule::parse_date;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    year: Spanned<i32>,
    /// Whether the days follow the Government's announcement (false: computed).
    #[serde(default)]
    announced: bool,
    #[serde(default)]
    day: Vec<RawDay>,
    #[serde(default)]
    workday: Vec<RawWorkday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: Spanned<String>,
    name: String,
    #[serde(default = "holiday")]
    kind: DayOffKind,
    /// The announcing document.
    source: Option<String>,
}

fn holiday() -> DayOffKind {
    DayOffKind::Holiday
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkday {
    date: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    source: Option<String>,
}

/// Each year's holiday file and whether it is announced (`announced = true`) or computed.
pub fn files(sources: &[Source]) -> std::collections::BTreeMap<i32, (std::path::PathBuf, bool)> {
    sources
        .iter()
        .filter_map(|src| {
            let raw: RawFile = src.parse().ok()?;
            Some((*raw.year.get_ref(), (src.path.clone(), raw.announced)))
        })
        .collect()
}

/// Adds every holiday file to a calendar, reporting every problem found.
pub fn build(sources: &[Source]) -> (WorkCalendar, Vec<Diagnostic>) {
    let mut cal = WorkCalendar::weekends_only();
    let mut errors = Vec::new();
    let mut years = BTreeSet::new();
    for src in sources {
        let raw: RawFile = match src.parse() {
            Ok(r) => r,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let year = *raw.year.get_ref();
        if !years.insert(year) {
            errors.push(src.at(
                raw.year.span(),
                format!("holidays for {year} are already defined in another file"),
            ));
            continue;
        }
        cal.cover_year(year);
        let date_in_year =
            |s: &Spanned<String>, errors: &mut Vec<Diagnostic>| -> Option<NaiveDate> {
                match parse_date(s.get_ref()) {
                    Ok(d) if d.year() == year => Some(d),
                    Ok(d) => {
                        errors.push(src.at(
                            s.span(),
                            format!("{d} is not in {year}, the year of this file"),
                        ));
                        None
                    }
                    Err(e) => {
                        errors.push(src.at(s.span(), e.to_string()));
                        None
                    }
                }
            };
        // An announced year cites, for each day, the document that announced or fixed it.
        if raw.announced {
            let uncited = raw
                .day
                .iter()
                .filter(|d| d.source.as_deref().is_none_or(|s| s.trim().is_empty()))
                .map(|d| &d.date)
                .chain(
                    raw.workday
                        .iter()
                        .filter(|w| w.source.as_deref().is_none_or(|s| s.trim().is_empty()))
                        .map(|w| &w.date),
                );
            for date in uncited {
                errors.push(src.at(
                    date.span(),
                    "announced = true, but this day has no `source`: cite the announcing document (or the Labour Code article)",
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for d in &raw.day {
            let Some(date) = date_in_year(&d.date, &mut errors) else {
                continue;
            };
            if !seen.insert(date) {
                errors.push(src.at(d.date.span(), format!("{date} is listed twice")));
                continue;
            }
            cal.add_day_off(
                date,
                DayOff {
                    name: d.name.clone(),
                    kind: d.kind,
                },
            );
        }
        for w in &raw.workday {
            let Some(date) = date_in_year(&w.date, &mut errors) else {
                continue;
            };
            if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                errors.push(src.at(
                    w.date.span(),
                    format!("{date} is a weekday; a workday entry is for a worked weekend day"),
                ));
                continue;
            }
            if !seen.insert(date) {
                errors.push(src.at(w.date.span(), format!("{date} is listed twice")));
                continue;
            }
            cal.add_workday(date);
        }
    }
    (cal, errors)
}

/// A holiday file for `year`, computed from the Labour Code, for an administrator to check.
pub fn render_year(year: i32) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Public holidays {year}, generated by `dondoc holidays --year {year}`."
    );
    let _ = writeln!(
        s,
        "# Computed from the Labour Code 2019, Art. 112 (lunar dates in the Vietnamese UTC+7"
    );
    let _ = writeln!(
        s,
        "# calendar) with compensatory days for holidays on a weekend (Art. 111). The Government"
    );
    let _ = writeln!(
        s,
        "# announces the exact Tết days, the day next to 2/9 and any swaps each year: edit this"
    );
    let _ = writeln!(
        s,
        "# file to match, cite the announcing document in each day's `source`, and set"
    );
    let _ = writeln!(s, "# announced = true. kind = holiday | compensatory | swap_off; [[workday]] = a worked weekend day.");
    let _ = writeln!(s, "year = {year}");
    let _ = writeln!(s, "announced = false");
    for d in statutory_holidays(year) {
        let kind = match d.kind {
            DayOffKind::Holiday => "holiday",
            DayOffKind::Compensatory => "compensatory",
            DayOffKind::SwapOff => "swap_off",
        };
        let _ = writeln!(
            s,
            "\n[[day]]\ndate = \"{}\"\nname = \"{}\"\nkind = \"{kind}\"",
            d.date, d.name
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_file_reads_back() {
        let text = render_year(2026);
        let (cal, errors) = build(&[Source::new("2026.toml", text)]);
        assert!(errors.is_empty(), "{errors:?}");
        let tet = NaiveDate::from_ymd_opt(2026, 2, 17).unwrap();
        assert_eq!(
            cal.day_off(tet).unwrap().name,
            "Tết Nguyên đán (mùng 1 Tết)"
        );
        assert!(!cal.is_working_day(tet));
    }

    #[test]
    fn an_announced_year_cites_every_day() {
        let text = "year = 2024\nannounced = true\n[[day]]\ndate = \"2024-01-01\"\nname = \"x\"\nsource = \"BLLĐ\"\n[[day]]\ndate = \"2024-09-02\"\nname = \"y\"\n";
        let (_, errors) = build(&[Source::new("h.toml", text)]);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("h.toml:8:8: announced = true, but this day has no `source`"),
            "{lines:?}"
        );
        // A computed year needs none.
        let (_, errors) = build(&[Source::new(
            "h.toml",
            text.replace("announced = true", "announced = false"),
        )]);
        assert!(errors.is_empty());
        assert!(files(&[Source::new("h.toml", text)])[&2024].1);
    }

    #[test]
    fn errors_have_positions() {
        let text = "year = 2026\n[[day]]\ndate = \"2025-01-01\"\nname = \"x\"\n[[workday]]\ndate = \"2026-01-05\"\n";
        let (_, errors) = build(&[Source::new("h.toml", text)]);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("h.toml:3:8: 2025-01-01 is not in 2026"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("h.toml:6:8: 2026-01-05 is a weekday"),
            "{lines:?}"
        );
    }
}

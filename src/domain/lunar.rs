//! Statutory public holidays of a year (Labour Code 2019, Art. 112), with lunar dates from the
//! Vietnamese (UTC+7) lunar calendar.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::calendar::DayOffKind;

/// The Vietnamese lunar calendar is computed for UTC+7; the Chinese one (UTC+8) differs in some years.
const VIETNAM_UTC_OFFSET_HOURS: f64 = 7.0;

/// The solar date of a lunar date (non-leap month) in the Vietnamese calendar.
pub fn lunar_to_solar(lunar_year: i32, lunar_month: u32, lunar_day: u32) -> Option<NaiveDate> {
    let (d, m, y) = amlich_core::lunar::convert_lunar_to_solar(
        lunar_day as i32,
        lunar_month as i32,
        lunar_year,
        false,
        VIETNAM_UTC_OFFSET_HOURS,
    );
    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// Mùng 1 Tết (lunar new year's day) of the lunar year that starts in solar `year`.
pub fn tet(year: i32) -> NaiveDate {
    lunar_to_solar(year, 1, 1).expect("every year has a lunar new year")
}

/// A computed day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutoryDay {
    pub date: NaiveDate,
    pub name: String,
    pub kind: DayOffKind,
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The public holidays of `year` as the Labour Code sets them, with compensatory days for
/// holidays on a weekend (Art. 111(3)). The Government announces the exact Tết days, the day
/// adjacent to 2/9, and swaps each year: the result is a starting point for an administrator.
pub fn statutory_holidays(year: i32) -> Vec<StatutoryDay> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday");
    let mut days: Vec<(NaiveDate, String)> = vec![(ymd(1, 1), "Tết Dương lịch".into())];

    let mung1 = tet(year);
    days.push((
        mung1 - Days::new(1),
        "Tết Nguyên đán (ngày cuối năm Âm lịch)".into(),
    ));
    for i in 0..4u64 {
        days.push((
            mung1 + Days::new(i),
            format!("Tết Nguyên đán (mùng {} Tết)", i + 1),
        ));
    }
    let gio_to = lunar_to_solar(year, 3, 10).expect("10/3 lunar exists");
    days.push((gio_to, "Giỗ Tổ Hùng Vương (10/3 Âm lịch)".into()));
    days.push((ymd(4, 30), "Ngày Chiến thắng (30/4)".into()));
    days.push((ymd(5, 1), "Ngày Quốc tế Lao động (1/5)".into()));
    let national = ymd(9, 2);
    // The day adjacent to 2/9 that joins the holiday to a weekend where it can.
    let adjacent = match national.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => ymd(9, 3),
        _ => ymd(9, 1),
    };
    days.push((national, "Quốc khánh (2/9)".into()));
    days.push((adjacent, "Quốc khánh (ngày liền kề)".into()));
    days.sort();

    let taken: Vec<NaiveDate> = days.iter().map(|(d, _)| *d).collect();
    let mut out: Vec<StatutoryDay> = days
        .iter()
        .map(|(date, name)| StatutoryDay {
            date: *date,
            name: name.clone(),
            kind: DayOffKind::Holiday,
        })
        .collect();
    let mut comp_taken: Vec<NaiveDate> = Vec::new();
    for (date, name) in days.iter().filter(|(d, _)| is_weekend(*d)) {
        let mut c = *date;
        while is_weekend(c) || taken.contains(&c) || comp_taken.contains(&c) {
            c = c + Days::new(1);
        }
        comp_taken.push(c);
        out.push(StatutoryDay {
            date: c,
            name: format!("Nghỉ bù cho {name}"),
            kind: DayOffKind::Compensatory,
        });
    }
    out.sort_by_key(|d| d.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn tet_dates_match_published_calendars() {
        // Mùng 1 Tết, as published in Vietnamese calendars.
        let known = [
            (2021, d(2021, 2, 12)),
            (2022, d(2022, 2, 1)),
            (2023, d(2023, 1, 22)),
            (2024, d(2024, 2, 10)),
            (2025, d(2025, 1, 29)),
            (2026, d(2026, 2, 17)),
            (2027, d(2027, 2, 6)),
            (2028, d(2028, 1, 26)),
        ];
        for (year, date) in known {
            assert_eq!(tet(year), date, "Tết {year}");
        }
    }

    #[test]
    fn vietnamese_not_chinese_calendar() {
        // 1985: the Vietnamese new year fell on 21/1, the Chinese on 20/2.
        assert_eq!(tet(1985), d(1985, 1, 21));
    }

    #[test]
    fn gio_to_hung_vuong() {
        assert_eq!(lunar_to_solar(2024, 3, 10), Some(d(2024, 4, 18)));
        assert_eq!(lunar_to_solar(2025, 3, 10), Some(d(2025, 4, 7)));
        assert_eq!(lunar_to_solar(2026, 3, 10), Some(d(2026, 4, 26)));
    }

    #[test]
    fn compensatory_days() {
        let h = statutory_holidays(2026);
        // Giỗ Tổ 2026 is Sunday 26/4 → compensatory Monday 27/4.
        assert!(h
            .iter()
            .any(|x| x.date == d(2026, 4, 27) && x.kind == DayOffKind::Compensatory));
        // 2023: 2/9 Saturday, adjacent day Friday 1/9, compensatory Monday 4/9.
        let h = statutory_holidays(2023);
        assert!(h
            .iter()
            .any(|x| x.date == d(2023, 9, 1) && x.kind == DayOffKind::Holiday));
        assert!(h
            .iter()
            .any(|x| x.date == d(2023, 9, 4) && x.kind == DayOffKind::Compensatory));
        assert_eq!(
            h.iter().filter(|x| x.kind == DayOffKind::Holiday).count(),
            11
        );
    }
}

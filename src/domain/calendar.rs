//! Working days: weekends, public holidays, worked weekend days, and the deadline shift rule.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Why a day is not worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOffKind {
    /// A public holiday (Labour Code 2019, Art. 112).
    Holiday,
    /// A compensatory day for a holiday on a weekend (nghỉ bù).
    Compensatory,
    /// A day off swapped with a worked weekend day (hoán đổi).
    SwapOff,
}

/// A day off with its Vietnamese name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub name: String,
    pub kind: DayOffKind,
}

/// What moves a deadline whose last day is not a working day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// Nothing moves (default: most plans mean the date they print).
    #[default]
    None,
    /// Civil Code 2015, Art. 148: the limit ends at the end of the next working day.
    NextWorkingDay,
    /// The limit ends at the end of the previous working day.
    PreviousWorkingDay,
}

/// Weekends plus holidays, minus worked weekend days.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    days_off: BTreeMap<NaiveDate, DayOff>,
    workdays: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// A calendar with weekends only.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// Records that holiday data exists for `year` (even if it lists nothing).
    pub fn cover_year(&mut self, year: i32) {
        self.years.insert(year);
    }

    /// Years for which holiday data was loaded.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    pub fn add_day_off(&mut self, date: NaiveDate, day: DayOff) {
        self.days_off.insert(date, day);
    }

    pub fn add_workday(&mut self, date: NaiveDate) {
        self.workdays.insert(date);
    }

    pub fn day_off(&self, date: NaiveDate) -> Option<&DayOff> {
        self.days_off.get(&date)
    }

    pub fn days_off(&self) -> impl Iterator<Item = (NaiveDate, &DayOff)> {
        self.days_off.iter().map(|(d, o)| (*d, o))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        !weekend && !self.days_off.contains_key(&date)
    }

    /// The first working day on or after `date`.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            d = d + Days::new(1);
        }
        d
    }

    /// The last working day on or before `date`.
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            d = d - Days::new(1);
        }
        d
    }

    /// The working day `n` working days before `date` (n ≥ 1): step back to the previous
    /// working day `n` times.
    pub fn working_days_before(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        for _ in 0..n {
            d = self.working_day_on_or_before(d - Days::new(1));
        }
        d
    }

    /// The working day `n` working days after `date` (n ≥ 1): step on to the next working day
    /// `n` times ("trong vòng 10 ngày làm việc, kể từ ngày …").
    pub fn working_days_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        for _ in 0..n {
            d = self.working_day_on_or_after(d + Days::new(1));
        }
        d
    }

    /// Moves a deadline's last day on time according to `shift`.
    pub fn shift_last_day(&self, last_day: NaiveDate, shift: Shift) -> NaiveDate {
        match shift {
            Shift::None => last_day,
            Shift::NextWorkingDay => self.working_day_on_or_after(last_day),
            Shift::PreviousWorkingDay => self.working_day_on_or_before(last_day),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Weekends, the Tết week off of 16–20/02/2026, and Saturday 28/02/2026 worked.
    pub(crate) fn tet_2026() -> WorkCalendar {
        let mut c = WorkCalendar::weekends_only();
        for day in 16..=20 {
            c.add_day_off(
                d(2026, 2, day),
                DayOff {
                    name: "Tết".into(),
                    kind: DayOffKind::Holiday,
                },
            );
        }
        c.add_workday(d(2026, 2, 28));
        c
    }

    #[test]
    fn working_days_table() {
        let c = tet_2026();
        // (date, working?)
        let table = [
            (d(2026, 2, 13), true),  // Friday
            (d(2026, 2, 14), false), // Saturday
            (d(2026, 2, 17), false), // Mùng 1 Tết
            (d(2026, 2, 23), true),  // Monday after Tết
            (d(2026, 2, 28), true),  // worked Saturday
            (d(2026, 3, 1), false),  // Sunday
        ];
        for (date, working) in table {
            assert_eq!(c.is_working_day(date), working, "{date}");
        }
    }

    #[test]
    fn shifts_and_counts() {
        let c = tet_2026();
        assert_eq!(
            c.shift_last_day(d(2026, 2, 17), Shift::None),
            d(2026, 2, 17)
        );
        assert_eq!(
            c.shift_last_day(d(2026, 2, 17), Shift::NextWorkingDay),
            d(2026, 2, 23)
        );
        assert_eq!(
            c.shift_last_day(d(2026, 2, 17), Shift::PreviousWorkingDay),
            d(2026, 2, 13)
        );
        // 1 working day before Monday 23/2 is Friday 13/2 across Tết.
        assert_eq!(c.working_days_before(d(2026, 2, 23), 1), d(2026, 2, 13));
        assert_eq!(c.working_days_before(d(2026, 2, 25), 3), d(2026, 2, 13));
        // from a Sunday, one working day before is the Friday
        assert_eq!(c.working_days_before(d(2026, 3, 8), 1), d(2026, 3, 6));
        // 1 working day after Friday 13/2 is Monday 23/2 across Tết; 3 after it, Wednesday.
        assert_eq!(c.working_days_after(d(2026, 2, 13), 1), d(2026, 2, 23));
        assert_eq!(c.working_days_after(d(2026, 2, 13), 3), d(2026, 2, 25));
        // the worked Saturday 28/2 counts; from a Sunday, the Monday is the first
        assert_eq!(c.working_days_after(d(2026, 2, 27), 1), d(2026, 2, 28));
        assert_eq!(c.working_days_after(d(2026, 3, 8), 1), d(2026, 3, 9));
    }
}

//! Office hours: the send times (the reminder time on working days) at which messages go out,
//! and a message's identity (recipient, send time, items).

use chrono::{Days, NaiveTime};
use sha2::{Digest, Sha256};

use super::calendar::WorkCalendar;
use super::time::{at, Instant};

/// The send times of a calendar: `time` on each working day.
#[derive(Debug, Clone, Copy)]
pub struct SendTimes<'a> {
    pub time: NaiveTime,
    pub calendar: &'a WorkCalendar,
}

impl SendTimes<'_> {
    /// The first send time at or after `t`.
    pub fn at_or_after(&self, t: Instant) -> Instant {
        let mut day = self.calendar.working_day_on_or_after(t.date_naive());
        if at(day, self.time) < t {
            day = self.calendar.working_day_on_or_after(day + Days::new(1));
        }
        at(day, self.time)
    }

    /// The first send time strictly after `t`.
    pub fn after(&self, t: Instant) -> Instant {
        self.at_or_after(t + chrono::Duration::seconds(1))
    }

    /// The latest send time at or before `t`.
    pub fn at_or_before(&self, t: Instant) -> Instant {
        let mut day = self.calendar.working_day_on_or_before(t.date_naive());
        if at(day, self.time) > t {
            day = self.calendar.working_day_on_or_before(day - Days::new(1));
        }
        at(day, self.time)
    }

    /// Whether `t` is a send time, allowing `grace` after it (a start a few minutes late).
    pub fn is_send_time(&self, t: Instant, grace: chrono::Duration) -> bool {
        let last = self.at_or_before(t);
        t - last < grace
    }
}

/// The deterministic Message-ID of one message: its recipient, its send time and the keys of
/// its items (in any order). A resend of the same items at the same send time has the same id.
/// The weekly digest (keys `digest/…`, one per recipient and week, so fixed by the recipient
/// and send time) does not change the id of a message that has other items.
pub fn message_id<S: AsRef<str>>(unit: &str, at: Instant, keys: &[S]) -> String {
    let mut keys: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
    if keys.iter().any(|k| !k.starts_with("digest/")) {
        keys.retain(|k| !k.starts_with("digest/"));
    }
    keys.sort_unstable();
    keys.dedup();
    let mut h = Sha256::new();
    h.update(b"dondoc-message-v2\0");
    h.update(unit.as_bytes());
    h.update([0]);
    h.update(at.timestamp().to_string().as_bytes());
    for k in keys {
        h.update([0]);
        h.update(k.as_bytes());
    }
    let digest = hex::encode(h.finalize());
    format!("<{}@dondoc>", &digest[..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn message_ids_are_deterministic_and_distinct() {
        let d = |day| {
            at(
                NaiveDate::from_ymd_opt(2023, 9, day).unwrap(),
                NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
            )
        };
        let a = message_id("u", d(5), &["p/o/u/2023-Q3#reminder-3@u", "x#due@u"]);
        // The same items in another order: the same id.
        assert_eq!(
            a,
            message_id("u", d(5), &["x#due@u", "p/o/u/2023-Q3#reminder-3@u"])
        );
        assert_ne!(a, message_id("u", d(5), &["p/o/u/2023-Q3#reminder-3@u"]));
        assert_ne!(
            a,
            message_id("v", d(5), &["p/o/u/2023-Q3#reminder-3@u", "x#due@u"])
        );
        assert_ne!(
            a,
            message_id("u", d(6), &["p/o/u/2023-Q3#reminder-3@u", "x#due@u"])
        );
        // The week's digest does not change the id of a message with other items.
        assert_eq!(
            a,
            message_id(
                "u",
                d(5),
                &["x#due@u", "digest/u/2023-W36", "p/o/u/2023-Q3#reminder-3@u"]
            )
        );
        assert!(
            a.starts_with('<') && a.ends_with("@dondoc>") && a.len() == 41,
            "{a}"
        );
    }

    #[test]
    fn send_times_skip_weekends_and_holidays() {
        let mut cal = WorkCalendar::weekends_only();
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        cal.add_day_off(
            d(9, 4),
            crate::domain::calendar::DayOff {
                name: "Quốc khánh".into(),
                kind: crate::domain::calendar::DayOffKind::Holiday,
            },
        );
        let s = SendTimes {
            time: NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
            calendar: &cal,
        };
        let t = |m, day, h, min| at(d(m, day), NaiveTime::from_hms_opt(h, min, 0).unwrap());
        // (now, at or after, after, at or before)
        let table = [
            // Friday 1/9 03:24 → 07:30 the same day.
            (
                t(9, 1, 3, 24),
                t(9, 1, 7, 30),
                t(9, 1, 7, 30),
                t(8, 31, 7, 30),
            ),
            // Friday 07:30 exactly is a send time.
            (
                t(9, 1, 7, 30),
                t(9, 1, 7, 30),
                t(9, 5, 7, 30),
                t(9, 1, 7, 30),
            ),
            // Friday evening → Tuesday (the weekend and the Monday holiday skipped).
            (
                t(9, 1, 18, 0),
                t(9, 5, 7, 30),
                t(9, 5, 7, 30),
                t(9, 1, 7, 30),
            ),
            // Sunday → Tuesday; the last one was Friday.
            (
                t(9, 3, 9, 0),
                t(9, 5, 7, 30),
                t(9, 5, 7, 30),
                t(9, 1, 7, 30),
            ),
        ];
        for (now, on_after, after, before) in table {
            assert_eq!(s.at_or_after(now), on_after, "{now}");
            assert_eq!(s.after(now), after, "{now}");
            assert_eq!(s.at_or_before(now), before, "{now}");
        }
        assert!(s.is_send_time(t(9, 1, 7, 40), chrono::Duration::minutes(15)));
        assert!(!s.is_send_time(t(9, 1, 7, 50), chrono::Duration::minutes(15)));
        assert!(!s.is_send_time(t(9, 2, 7, 30), chrono::Duration::minutes(15)));
    }
}

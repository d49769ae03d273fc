//! Local time in Asia/Ho_Chi_Minh: the one zone every due instant lives in.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Asia::Ho_Chi_Minh;
use chrono_tz::Tz;

/// An instant, always carried in the plans' zone (+07:00).
pub type Instant = DateTime<Tz>;

/// The zone of every plan.
pub const ZONE: Tz = Ho_Chi_Minh;

/// `date` at `time`, local. Vietnam has had no DST since 1975, so this is unambiguous.
pub fn at(date: NaiveDate, time: NaiveTime) -> Instant {
    local(date.and_time(time))
}

/// 00:00 local of `date`.
pub fn midnight(date: NaiveDate) -> Instant {
    at(date, NaiveTime::MIN)
}

/// A local wall-clock time as an instant.
pub fn local(naive: NaiveDateTime) -> Instant {
    ZONE.from_local_datetime(&naive)
        .earliest()
        .expect("Asia/Ho_Chi_Minh has no gaps after 1975")
}

/// dd/mm/yyyy, as plans write dates.
pub fn vn_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

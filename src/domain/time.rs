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

/// Text that is not an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an RFC 3339 instant: {source}")]
pub struct InstantError {
    /// The text as given.
    pub text: String,
    /// What the parser found wrong.
    #[source]
    pub source: chrono::ParseError,
}

/// The one RFC 3339 parser: `s` (any offset) as the same instant in the plans' zone. Also
/// reads what `to_rfc3339` writes for years past 9999 (`+10000-01-01T00:00:00+07:00`: the
/// deadline after an extension to 31/12/9999), which RFC 3339 itself cannot express.
pub fn parse_instant(s: &str) -> Result<Instant, InstantError> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|e| match s.starts_with('+') {
            true => DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%:z").map_err(|_| e),
            false => Err(e),
        })
        .map(|t| t.with_timezone(&ZONE))
        .map_err(|source| InstantError {
            text: s.to_owned(),
            source,
        })
}

/// Serde for an instant as RFC 3339 text (`to_rfc3339`, so `2023-09-13T00:00:00+07:00`; read
/// with `parse_instant`): `#[serde(with = "crate::domain::time::rfc3339")]`.
pub mod rfc3339 {
    use super::{parse_instant, Instant};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        parse_instant(&text).map_err(serde::de::Error::custom)
    }
}

/// An instant in eight bytes: microseconds since 1970-01-01 UTC, ordered as the instants are.
/// For summaries kept in memory by the hundred thousand, where an [`Instant`] (48 bytes, its
/// zone included) would be most of the entry; turned back into an instant where one is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(i64);

impl Moment {
    /// `t` to the microsecond (anything finer is dropped: no deadline or submission is that
    /// precise, and dropping rounds down, so a moment is never after its instant).
    pub fn of(t: &Instant) -> Moment {
        // Every instant chrono can hold is within ±2^63 µs of 1970 (about 292,000 years).
        Moment(t.timestamp_micros())
    }

    /// The instant again, in the plans' zone.
    pub fn instant(self) -> Instant {
        DateTime::from_timestamp_micros(self.0)
            .expect("a moment is made from an instant, which is in chrono's range")
            .with_timezone(&ZONE)
    }
}

impl From<Instant> for Moment {
    fn from(t: Instant) -> Moment {
        Moment::of(&t)
    }
}

/// dd/mm/yyyy, as plans write dates.
pub fn vn_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_keeps_the_order_and_the_instant_to_the_microsecond() {
        let cases = [
            "2025-03-13T00:00:00+07:00",
            "2025-03-12T23:59:59.999999+07:00",
            "1975-01-01T00:00:00+07:00",
            "1969-12-31T23:59:59.5+00:00",
            "+10000-01-01T00:00:00+07:00",
        ];
        let instants: Vec<Instant> = cases.iter().map(|c| parse_instant(c).unwrap()).collect();
        for t in &instants {
            assert_eq!(Moment::of(t).instant(), *t, "{t}");
        }
        for a in &instants {
            for b in &instants {
                assert_eq!(Moment::of(a).cmp(&Moment::of(b)), a.cmp(b), "{a} vs {b}");
            }
        }
        // Finer than a microsecond is dropped, never rounded up.
        let t = parse_instant("2025-03-12T23:59:59.9999999+07:00").unwrap();
        assert!(Moment::of(&t).instant() <= t);
        assert_eq!(
            Moment::of(&t).instant(),
            parse_instant("2025-03-12T23:59:59.999999+07:00").unwrap()
        );
        // Extremes chrono holds.
        for t in [
            chrono::DateTime::<chrono::Utc>::MIN_UTC,
            chrono::DateTime::<chrono::Utc>::MAX_UTC,
        ] {
            let t = t.with_timezone(&ZONE);
            let back = Moment::of(&t).instant();
            assert!(
                back <= t && t - back < chrono::TimeDelta::microseconds(1),
                "{t}"
            );
        }
    }

    #[test]
    fn an_instant_past_year_9999_round_trips() {
        let last = at(
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap() + chrono::Days::new(1),
            NaiveTime::MIN,
        );
        let text = last.to_rfc3339();
        assert_eq!(text, "+10000-01-01T00:00:00+07:00");
        assert_eq!(parse_instant(&text).unwrap(), last);
        assert!(parse_instant("+1000x-01-01T00:00:00+07:00").is_err());
    }

    #[test]
    fn parse_instant_reads_any_offset_into_the_plans_zone() {
        let cases = [
            ("2023-06-16T07:00:00+07:00", "2023-06-16T07:00:00+07:00"),
            ("2023-06-16T00:00:00Z", "2023-06-16T07:00:00+07:00"),
            ("2023-06-16T00:00:00+00:00", "2023-06-16T07:00:00+07:00"),
            ("2023-06-15T20:30:00-03:30", "2023-06-16T07:00:00+07:00"),
            (
                "2023-12-31T23:59:59.5+07:00",
                "2023-12-31T23:59:59.500+07:00",
            ),
        ];
        for (text, want) in cases {
            let t = parse_instant(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(t.to_rfc3339(), want, "{text}");
            assert_eq!(t.timezone(), ZONE, "{text}");
        }
    }

    #[test]
    fn parse_instant_refuses_what_is_not_rfc_3339_and_names_the_text() {
        for text in [
            "",
            "2023-06-16",
            "2023-06-16 07:00:00",
            "2023-06-16T07:00:00",
            "16/06/2023 07:00",
            "2023-13-01T00:00:00+07:00",
            "yesterday",
        ] {
            let e = parse_instant(text).expect_err(text);
            assert_eq!(e.text, text);
            assert!(
                e.to_string()
                    .starts_with(&format!("`{text}` is not an RFC 3339 instant")),
                "{e}"
            );
        }
    }
}

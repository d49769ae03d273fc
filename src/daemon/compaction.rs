//! When the daemon compacts its store: at night, at most once a day, once sled's files have grown well past their size after the last compaction (sled keeps the space of changed records until half a segment is dead, so a busy store doubles).

use chrono::Timelike;

use crate::domain::time::{Instant, ZONE};

/// Local hours (from, until) in which a compaction may run: writes wait while it copies.
pub const NIGHT: (u32, u32) = (2, 5);

/// A store smaller than this is left alone.
pub const MIN_BYTES: u64 = 16 * 1024 * 1024;

/// Whether `now` is in the hours a compaction may run (`NIGHT`, Vietnam time).
pub fn at_night(now: Instant) -> bool {
    let hour = now.with_timezone(&ZONE).hour();
    (NIGHT.0..NIGHT.1).contains(&hour)
}

/// Whether to compact at `now`, the store's files taking `on_disk` bytes, the last compaction
/// (or failed try) having been at `last.0` and left `last.1` bytes (None: none since start).
pub fn due(now: Instant, on_disk: u64, last: Option<(Instant, u64)>) -> bool {
    if !at_night(now) || on_disk < MIN_BYTES {
        return false;
    }
    match last {
        None => true,
        Some((at, after)) => {
            now - at >= chrono::Duration::hours(20) && on_disk >= after.saturating_add(after / 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;

    #[test]
    fn at_night_once_a_day_once_grown_by_half() {
        let t = |s: &str| parse_instant(s).unwrap();
        let mb = |n: u64| n * 1024 * 1024;
        let night = t("2025-03-02T03:00:00+07:00");
        for (now, on_disk, last, want) in [
            (night, mb(100), None, true),
            // Daytime, and the hour the window closes.
            (t("2025-03-02T10:00:00+07:00"), mb(100), None, false),
            (t("2025-03-02T05:00:00+07:00"), mb(100), None, false),
            (t("2025-03-02T01:59:00+07:00"), mb(100), None, false),
            // 02:30 in Vietnam is 19:30 UTC the day before.
            (t("2025-03-01T19:30:00Z"), mb(100), None, true),
            // Small stores are left alone.
            (night, mb(10), None, false),
            // Grown by half since the last one, a day ago: yes; by less, or too soon: no.
            (
                night,
                mb(150),
                Some((t("2025-03-01T03:00:00+07:00"), mb(100))),
                true,
            ),
            (
                night,
                mb(140),
                Some((t("2025-03-01T03:00:00+07:00"), mb(100))),
                false,
            ),
            (
                night,
                mb(300),
                Some((t("2025-03-02T02:10:00+07:00"), mb(100))),
                false,
            ),
        ] {
            assert_eq!(due(now, on_disk, last), want, "{now} {on_disk} {last:?}");
        }
    }
}

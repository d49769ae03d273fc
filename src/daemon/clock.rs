//! The daemon's clock: the system clock, or a simulated one that starts at a given instant and runs faster.

use std::time::Duration;

use crate::domain::time::{Instant, ZONE};

/// Where "now" comes from.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// `start` at process start, then `speed` simulated seconds per real second.
    Simulated {
        start: Instant,
        speed: f64,
        origin: std::time::Instant,
    },
}

impl Clock {
    pub fn simulated(start: Instant, speed: f64) -> Self {
        Clock::Simulated {
            start,
            speed,
            origin: std::time::Instant::now(),
        }
    }

    pub fn now(&self) -> Instant {
        match self {
            Clock::System => chrono::Utc::now().with_timezone(&ZONE),
            Clock::Simulated {
                start,
                speed,
                origin,
            } => {
                let real = origin.elapsed().as_secs_f64();
                let simulated = chrono::Duration::microseconds((real * speed * 1e6) as i64);
                *start + simulated
            }
        }
    }

    /// The real time to wait until `t`, at most `cap` (so that jumps of the system clock are
    /// noticed), and zero if `t` has passed.
    pub fn real_wait_until(&self, t: Instant, cap: Duration) -> Duration {
        let ahead = (t - self.now()).to_std().unwrap_or(Duration::ZERO);
        let real = match self {
            Clock::System => ahead,
            Clock::Simulated { speed, .. } => ahead.div_f64(speed.max(1e-9)),
        };
        real.min(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_clock_runs_at_its_speed() {
        let start = crate::domain::time::at(
            chrono::NaiveDate::from_ymd_opt(2023, 6, 16).unwrap(),
            chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        );
        let c = Clock::simulated(start, 86_400.0);
        let now = c.now();
        assert!(now >= start && now < start + chrono::Duration::hours(1));
        // One simulated day is about one real second away.
        let wait = c.real_wait_until(start + chrono::Duration::days(1), Duration::from_secs(60));
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::from_millis(500),
            "{wait:?}"
        );
        assert_eq!(
            c.real_wait_until(start + chrono::Duration::days(365), Duration::from_secs(60)),
            Duration::from_secs(60)
        );
        assert_eq!(
            c.real_wait_until(start, Duration::from_secs(60)),
            Duration::ZERO
        );
    }
}

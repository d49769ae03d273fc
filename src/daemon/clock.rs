//! The daemon's clock: the system clock, or a simulated one that starts at a given instant and runs faster.

use std::time::Duration;

use tokio::sync::Notify;

use crate::domain::time::{Instant, ZONE};

/// Where "now" comes from, how the loop waits for a later instant, and where it stops.
#[derive(Debug, Clone)]
pub struct Clock {
    source: Source,
    /// `--stop-at`: the clock never reads later than this, and the loop ends on reaching it.
    stop_at: Option<Instant>,
}

#[derive(Debug, Clone)]
enum Source {
    System,
    /// Simulated time: it advances `speed` simulated seconds per real second while the daemon
    /// waits, and stands still while it works, so no step is skipped however fast it runs.
    Simulated {
        now: Instant,
        speed: f64,
    },
}

impl Clock {
    pub fn system() -> Self {
        Clock {
            source: Source::System,
            stop_at: None,
        }
    }

    pub fn simulated(start: Instant, speed: f64) -> Self {
        Clock {
            source: Source::Simulated { now: start, speed },
            stop_at: None,
        }
    }

    /// The same clock, ending at `end` (`--stop-at`) when given.
    pub fn stopping_at(mut self, end: Option<Instant>) -> Self {
        self.stop_at = end;
        self
    }

    /// Now, never past the stop instant.
    pub fn now(&self) -> Instant {
        let now = match &self.source {
            Source::System => chrono::Utc::now().with_timezone(&ZONE),
            Source::Simulated { now, .. } => *now,
        };
        self.stop_at.map_or(now, |end| now.min(end))
    }

    /// Whether the loop, having handled everything due up to `now`, should end.
    pub fn reached_end(&self, now: Instant) -> bool {
        self.stop_at.is_some_and(|end| now >= end)
    }

    /// A simulated clock's speed (simulated seconds per real second); `None` for the system's.
    pub fn speed(&self) -> Option<f64> {
        match &self.source {
            Source::System => None,
            Source::Simulated { speed, .. } => Some(*speed),
        }
    }

    pub fn is_simulated(&self) -> bool {
        self.speed().is_some()
    }

    /// For the start-up log line.
    pub fn describe(&self) -> String {
        let base = match &self.source {
            Source::System => "system".to_owned(),
            Source::Simulated { now, speed } => {
                format!("simulated from {} at {speed}x", now.to_rfc3339())
            }
        };
        match self.stop_at {
            Some(end) => format!("{base}, stopping at {}", end.to_rfc3339()),
            None => base,
        }
    }

    /// The real time to wait until `t` (or the stop instant, if earlier), at most `cap`, and
    /// zero if it has passed.
    pub fn real_wait_until(&self, t: Instant, cap: Duration) -> Duration {
        let t = self.stop_at.map_or(t, |end| t.min(end));
        let ahead = (t - self.now()).to_std().unwrap_or(Duration::ZERO);
        let real = match &self.source {
            Source::System => ahead,
            Source::Simulated { speed, .. } => ahead.div_f64(speed.max(1e-9)),
        };
        real.min(cap)
    }

    /// Waits until `t` (at most `cap` of real time, so that jumps of the system clock are
    /// noticed) or until `wake` is notified. Simulated time advances by the real time waited.
    pub async fn wait_until(&mut self, t: Instant, cap: Duration, wake: &Notify) {
        let t = self.stop_at.map_or(t, |end| t.min(end));
        let real = self.real_wait_until(t, cap);
        let started = std::time::Instant::now();
        if !real.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(real) => {}
                _ = wake.notified() => {}
            }
        }
        if let Source::Simulated { now, speed } = &mut self.source {
            let waited = started.elapsed().min(real);
            if waited >= real && real < cap {
                // The whole wait: land exactly on the target.
                *now = (*now).max(t);
            } else {
                let advanced = chrono::Duration::from_std(waited.mul_f64(*speed))
                    .unwrap_or(chrono::Duration::MAX);
                *now = (*now + advanced).min((*now).max(t));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Instant {
        crate::domain::time::at(
            chrono::NaiveDate::from_ymd_opt(2023, 6, 16).unwrap(),
            chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        )
    }

    #[test]
    fn simulated_clock_waits_at_its_speed() {
        let c = Clock::simulated(start(), 86_400.0);
        assert_eq!(c.now(), start());
        let wait = c.real_wait_until(start() + chrono::Duration::days(1), Duration::from_secs(60));
        assert_eq!(wait, Duration::from_secs(1));
        assert_eq!(
            c.real_wait_until(
                start() + chrono::Duration::days(365),
                Duration::from_secs(60)
            ),
            Duration::from_secs(60)
        );
        assert_eq!(
            c.real_wait_until(start(), Duration::from_secs(60)),
            Duration::ZERO
        );
    }

    #[tokio::test]
    async fn simulated_wait_lands_exactly_on_the_target_and_caps() {
        let wake = Notify::new();
        let mut c = Clock::simulated(start(), 864_000.0);
        let target = start() + chrono::Duration::hours(12);
        c.wait_until(target, Duration::from_secs(60), &wake).await;
        assert_eq!(c.now(), target);
        // Capped at 10 ms of real time: about 2.4 simulated hours, not the whole day.
        let far = target + chrono::Duration::days(1);
        c.wait_until(far, Duration::from_millis(10), &wake).await;
        assert!(c.now() > target && c.now() < far, "{}", c.now());
    }

    #[test]
    fn the_stop_instant_caps_now_and_the_wait() {
        let end = start() + chrono::Duration::hours(1);
        let c = Clock::simulated(start(), 3_600.0).stopping_at(Some(end));
        assert!(!c.reached_end(c.now()));
        assert_eq!(
            c.real_wait_until(start() + chrono::Duration::days(1), Duration::from_secs(60)),
            Duration::from_secs(1)
        );
        let past = Clock::simulated(end + chrono::Duration::hours(5), 1.0).stopping_at(Some(end));
        assert_eq!(past.now(), end);
        assert!(past.reached_end(past.now()));
        assert!(Clock::system().describe().starts_with("system"));
    }
}

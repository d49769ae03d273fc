//! The daemon's clock: the system clock, or a simulated one that starts at a given instant and runs faster.

use std::time::Duration;

use tokio::sync::Notify;

use crate::domain::time::{Instant, ZONE};

/// Where "now" comes from, and how the loop waits for a later instant.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// Simulated time: it advances `speed` simulated seconds per real second while the daemon
    /// waits, and stands still while it works, so no step is skipped however fast it runs.
    Simulated {
        now: Instant,
        speed: f64,
    },
}

impl Clock {
    pub fn simulated(start: Instant, speed: f64) -> Self {
        Clock::Simulated { now: start, speed }
    }

    pub fn now(&self) -> Instant {
        match self {
            Clock::System => chrono::Utc::now().with_timezone(&ZONE),
            Clock::Simulated { now, .. } => *now,
        }
    }

    /// The real time to wait until `t`, at most `cap`, and zero if `t` has passed.
    pub fn real_wait_until(&self, t: Instant, cap: Duration) -> Duration {
        let ahead = (t - self.now()).to_std().unwrap_or(Duration::ZERO);
        let real = match self {
            Clock::System => ahead,
            Clock::Simulated { speed, .. } => ahead.div_f64(speed.max(1e-9)),
        };
        real.min(cap)
    }

    /// Waits until `t` (at most `cap` of real time, so that jumps of the system clock are
    /// noticed) or until `wake` is notified. Simulated time advances by the real time waited.
    pub async fn wait_until(&mut self, t: Instant, cap: Duration, wake: &Notify) {
        let real = self.real_wait_until(t, cap);
        let started = std::time::Instant::now();
        if !real.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(real) => {}
                _ = wake.notified() => {}
            }
        }
        if let Clock::Simulated { now, speed } = self {
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
}

//! Failed logins and failed token checks, rate-limited per client address and overall
//! (governor): past the quota the answer is 429 with Retry-After, and it is logged.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The quotas of failed authentications.
pub struct AuthLimiter {
    per_addr: DefaultKeyedRateLimiter<IpAddr>,
    all: DefaultDirectRateLimiter,
    clock: DefaultClock,
}

impl AuthLimiter {
    /// `per_addr` failures a minute from one address, `total` from all of them.
    pub fn new(per_addr: u32, total: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_addr: RateLimiter::keyed(quota(per_addr)),
            all: RateLimiter::direct(quota(total)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts a failed authentication from `addr`; Some(wait) when it is over a quota (the
    /// caller answers 429 with Retry-After).
    pub fn failed(&self, addr: Option<IpAddr>, what: &str) -> Option<Duration> {
        let now = self.clock.now();
        let over = match addr.map(|a| self.per_addr.check_key(&a)) {
            Some(Err(not_until)) => Some((not_until.wait_time_from(now), "address")),
            _ => match self.all.check() {
                Err(not_until) => Some((not_until.wait_time_from(now), "all addresses")),
                Ok(()) => None,
            },
        };
        match over {
            Some((wait, quota)) => {
                tracing::warn!(addr = ?addr, what, quota, retry_after_secs = wait.as_secs() + 1, "failed authentications over the limit: 429");
                // Old entries go: the map holds only addresses seen lately.
                self.per_addr.retain_recent();
                Some(wait)
            }
            None => {
                tracing::info!(addr = ?addr, what, "authentication failed");
                None
            }
        }
    }
}

/// The Retry-After value (whole seconds, at least 1) for a wait.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_limited_per_address_and_overall() {
        let l = AuthLimiter::new(3, 5);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(l.failed(Some(a), "token").is_none());
        }
        let wait = l
            .failed(Some(a), "token")
            .expect("a's fourth failure is limited");
        assert!(wait <= Duration::from_secs(20) && retry_after_secs(wait) >= 1);
        // Another address has its own quota, until the overall one is used up.
        assert!(l.failed(Some(b), "login").is_none());
        assert!(l.failed(Some(b), "login").is_none());
        assert!(l.failed(Some(b), "login").is_some(), "overall quota of 5");
    }
}

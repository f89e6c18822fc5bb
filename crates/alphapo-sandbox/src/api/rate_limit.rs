//! The fixed-window rate limit of `exchange/calculate`.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::world::Clock;

/// A fixed-window rate limit: at most `requests` per `window`.
///
/// ```
/// let limit = alphapo_sandbox::RateLimit::default();
/// assert_eq!((limit.requests, limit.window.as_secs()), (30, 60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// The window length.
    pub window: Duration,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            requests: 30,
            window: Duration::from_secs(60),
        }
    }
}

/// Counts requests in the current window, timed by the sandbox's clock.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    clock: Clock,
    /// When the current window opened ([`Clock::elapsed`]) and its count.
    window: Mutex<(Duration, u32)>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit, clock: Clock) -> Self {
        let opened = clock.elapsed();
        Self {
            limit,
            clock,
            window: Mutex::new((opened, 0)),
        }
    }

    /// Whether one more request fits in the current window.
    pub(crate) fn admit(&self) -> bool {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.elapsed();
        if now.saturating_sub(window.0) >= self.limit.window {
            *window = (now, 0);
        }
        if window.1 >= self.limit.requests {
            return false;
        }
        window.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_after_the_limit_is_refused_until_the_window_ends() {
        let clock = Clock::frozen_at(0);
        let limit = RateLimit {
            requests: 2,
            window: Duration::from_secs(60),
        };
        let limiter = RateLimiter::new(limit, clock.clone());
        assert!(limiter.admit());
        assert!(limiter.admit());
        assert!(!limiter.admit());
        clock.advance(Duration::from_secs(59));
        assert!(!limiter.admit(), "the window is still open");
        clock.advance(Duration::from_secs(1));
        assert!(limiter.admit());
        assert!(limiter.admit());
        assert!(!limiter.admit());
    }
}

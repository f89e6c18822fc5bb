//! The fixed-window rate limit of `exchange/calculate`.

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::config::RateLimit;

/// Counts requests in the current window.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    window: Mutex<(Instant, u32)>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            window: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Whether one more request fits in the current window.
    pub(crate) fn admit(&self) -> bool {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if now.duration_since(window.0) >= self.limit.window {
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
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_request_after_the_limit_is_refused_until_the_window_ends() {
        let limiter = RateLimiter::new(RateLimit {
            requests: 2,
            window: Duration::from_millis(30),
        });
        assert!(limiter.admit());
        assert!(limiter.admit());
        assert!(!limiter.admit());
        std::thread::sleep(Duration::from_millis(40));
        assert!(limiter.admit());
    }
}

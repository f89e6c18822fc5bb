//! When a failed call may be sent again, and how long to wait first.

use std::time::Duration;

use rand::Rng;

/// How many times a call is attempted and how long the client waits between
/// attempts.
///
/// The wait before retry `n` (1-based) is drawn uniformly from
/// `0..=min(max_delay, base_delay * 2^(n-1))` ("full jitter"). When the server
/// sent `Retry-After` (in seconds), the wait is at least that long, capped at
/// `max_retry_after`.
///
/// Which failures are retried at all depends on the operation, never on this
/// policy: see [`Error::is_retryable`](crate::Error::is_retryable).
///
/// ```
/// use std::time::Duration;
/// use alphapo::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(100))
///     .with_max_delay(Duration::from_secs(2));
/// assert_eq!(policy.max_attempts(), 5);
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 200 ms base delay, 5 s maximum delay, `Retry-After`
    /// honoured up to 10 s.
    ///
    /// ```
    /// assert_eq!(alphapo::RetryPolicy::default().max_attempts(), 3);
    /// ```
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every call is attempted once.
    ///
    /// ```
    /// assert_eq!(alphapo::RetryPolicy::none().max_attempts(), 1);
    /// ```
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets the total number of attempts, first one included (at least 1).
    ///
    /// ```
    /// assert_eq!(alphapo::RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    /// ```
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the base of the exponential backoff.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = alphapo::RetryPolicy::default().with_base_delay(Duration::from_millis(1));
    /// assert_eq!(policy.base_delay(), Duration::from_millis(1));
    /// ```
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the cap of the exponential backoff.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = alphapo::RetryPolicy::default().with_max_delay(Duration::from_millis(5));
    /// assert_eq!(policy.max_delay(), Duration::from_millis(5));
    /// ```
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets the longest `Retry-After` the client waits for before a retry;
    /// longer requests are cut to this.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = alphapo::RetryPolicy::default().with_max_retry_after(Duration::from_secs(1));
    /// assert_eq!(policy.max_retry_after(), Duration::from_secs(1));
    /// ```
    pub fn with_max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The total number of attempts, first one included.
    ///
    /// ```
    /// assert!(alphapo::RetryPolicy::default().max_attempts() >= 1);
    /// ```
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential backoff.
    ///
    /// ```
    /// assert!(!alphapo::RetryPolicy::default().base_delay().is_zero());
    /// ```
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The cap of the exponential backoff.
    ///
    /// ```
    /// let policy = alphapo::RetryPolicy::default();
    /// assert!(policy.max_delay() >= policy.base_delay());
    /// ```
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest `Retry-After` honoured.
    ///
    /// ```
    /// assert!(!alphapo::RetryPolicy::default().max_retry_after().is_zero());
    /// ```
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let jittered = Duration::from_nanos(
            rand::rng().random_range(0..=u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX)),
        );
        match retry_after {
            Some(wanted) => jittered.max(wanted.min(self.max_retry_after)),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_and_jittered_below_the_ceiling() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(10))
            .with_max_delay(Duration::from_millis(25));
        for retry in 1..40 {
            let delay = policy.delay(retry, None);
            let ceiling =
                Duration::from_millis(10 * (1 << (retry - 1).min(10))).min(policy.max_delay());
            assert!(delay <= ceiling, "retry {retry}: {delay:?} > {ceiling:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::ZERO)
            .with_max_retry_after(Duration::from_secs(2));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(2)
        );
    }
}

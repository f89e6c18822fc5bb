//! [`OutboxConfig`]: how much the worker takes at once, how long it holds
//! it, and how long it waits between attempts.

use std::time::Duration;

use crate::client::RetryPolicy;

/// How the worker runs.
///
/// ```
/// use std::time::Duration;
/// use alphapo::payouts::OutboxConfig;
///
/// let config = OutboxConfig::default()
///     .batch_size(200)
///     .concurrency(64)
///     .lease(Duration::from_secs(120));
/// assert_eq!(config.batch_size, 200);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutboxConfig {
    /// How many due payouts one claim takes (default 100).
    pub batch_size: u32,
    /// How many of a claimed batch are in flight at once (default 32).
    pub concurrency: usize,
    /// How long a claim holds a payout (default 5 minutes). Keep it longer
    /// than the client's timeout times its attempts: when it runs out
    /// without an outcome (the worker died), another worker claims the
    /// payout again and reconciles it by `foreign_id`.
    pub lease: Duration,
    /// The wait before the next attempt after a failed one: `delay(n)`
    /// with the full jitter of [`RetryPolicy`] over the payout's attempt
    /// count (default: 1 s base, 5 minutes cap). Also the back-off of
    /// [`Outbox::run`](super::Outbox::run) while the database is down. Its
    /// `max_attempts` is not used: the outbox never gives up on a payout.
    pub backoff: RetryPolicy,
    /// How long [`Outbox::run`](super::Outbox::run) sleeps when nothing is
    /// due (default 1 s).
    pub idle: Duration,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            batch_size: 100,
            concurrency: 32,
            lease: Duration::from_secs(300),
            backoff: RetryPolicy::default()
                .with_base_delay(Duration::from_secs(1))
                .with_max_delay(Duration::from_secs(300)),
            idle: Duration::from_secs(1),
        }
    }
}

impl OutboxConfig {
    /// Sets [`batch_size`](Self::batch_size) (at least 1).
    ///
    /// ```
    /// assert_eq!(alphapo::payouts::OutboxConfig::default().batch_size(0).batch_size, 1);
    /// ```
    #[must_use]
    pub fn batch_size(mut self, batch_size: u32) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// Sets [`concurrency`](Self::concurrency) (at least 1).
    ///
    /// ```
    /// assert_eq!(alphapo::payouts::OutboxConfig::default().concurrency(8).concurrency, 8);
    /// ```
    #[must_use]
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Sets [`lease`](Self::lease).
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = alphapo::payouts::OutboxConfig::default().lease(Duration::from_secs(60));
    /// assert_eq!(config.lease, Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// Sets [`backoff`](Self::backoff).
    ///
    /// ```
    /// use std::time::Duration;
    /// let backoff = alphapo::RetryPolicy::default().with_base_delay(Duration::ZERO);
    /// let config = alphapo::payouts::OutboxConfig::default().backoff(backoff);
    /// assert_eq!(config.backoff, backoff);
    /// ```
    #[must_use]
    pub fn backoff(mut self, backoff: RetryPolicy) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sets [`idle`](Self::idle).
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = alphapo::payouts::OutboxConfig::default().idle(Duration::from_millis(100));
    /// assert_eq!(config.idle, Duration::from_millis(100));
    /// ```
    #[must_use]
    pub fn idle(mut self, idle: Duration) -> Self {
        self.idle = idle;
        self
    }
}

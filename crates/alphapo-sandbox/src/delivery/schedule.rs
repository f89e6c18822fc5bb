//! The retry schedule of callbacks.

use std::time::Duration;

/// How a callback is retried: a delivery that does not get HTTP 200 is tried
/// again after each of `waits` in turn, each counted on the sandbox's
/// [`Clock`](crate::Clock) from the start of the attempt before it, so advancing the
/// clock fires a pending retry at once (and a frozen clock never waits real
/// time). Every callback follows its own course: one being retried delays
/// no other.
///
/// The default is AlphaPo's documented schedule (docs.cryptoprocessing.com,
/// "Callbacks overview", April 2026: 12 retries after the first attempt,
/// each relative to the previous attempt, not configurable on the real
/// API): 1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240 and 240 minutes, about
/// 24 h 21 min from the first attempt to the last. Tests and `alphapo
/// sandbox` may shorten it.
///
/// ```
/// use std::time::Duration;
/// let schedule = alphapo_sandbox::RedeliverySchedule::default();
/// assert_eq!(schedule.retries(), 12);
/// assert_eq!(schedule.wait(0), Some(Duration::from_secs(60)));
/// assert_eq!(schedule.wait(11), Some(Duration::from_secs(240 * 60)));
/// assert_eq!(schedule.wait(12), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedeliverySchedule {
    /// The wait before each retry, in order (AlphaPo: 12 of them).
    pub waits: Vec<Duration>,
    /// How long one attempt may take before it counts as failed.
    pub attempt_timeout: Duration,
}

impl RedeliverySchedule {
    /// AlphaPo's waits between attempts, in minutes.
    const DOCUMENTED_MINUTES: [u64; 12] = [1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240];

    /// How many retries follow the first attempt.
    ///
    /// See [`RedeliverySchedule`] for an example.
    pub fn retries(&self) -> usize {
        self.waits.len()
    }

    /// The wait after attempt `attempt` (0 for the first) before the next
    /// one; `None` after the last.
    ///
    /// ```
    /// use std::time::Duration;
    /// let schedule = alphapo_sandbox::RedeliverySchedule {
    ///     waits: vec![Duration::from_millis(2), Duration::from_millis(5)],
    ///     attempt_timeout: Duration::from_secs(1),
    /// };
    /// assert_eq!(schedule.wait(1), Some(Duration::from_millis(5)));
    /// assert_eq!(schedule.wait(2), None);
    /// ```
    pub fn wait(&self, attempt: usize) -> Option<Duration> {
        self.waits.get(attempt).copied()
    }
}

impl Default for RedeliverySchedule {
    fn default() -> Self {
        Self {
            waits: Self::DOCUMENTED_MINUTES
                .iter()
                .map(|minutes| Duration::from_secs(minutes * 60))
                .collect(),
            attempt_timeout: Duration::from_secs(10),
        }
    }
}

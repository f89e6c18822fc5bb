//! What the runtime reports, as it sees it: a timer whose work failed. The
//! live feed (the workbench's) implements [`TimerWitness`], so the runtime
//! does not know it.

use std::fmt::Debug;

use serde::Serialize;

/// A timer whose work failed, and why.
///
/// ```
/// use alphapo_sandbox::{SandboxEvent, TimerFailure};
///
/// let event = SandboxEvent::TimerFailed(TimerFailure {
///     at: 0,
///     timer: "confirm deposit 100002".into(),
///     error: "the BTC balance would exceed the largest amount the sandbox holds".into(),
/// });
/// assert_eq!(
///     event.to_string(),
///     "00:00:00 timer confirm deposit 100002 failed: the BTC balance would exceed \
///      the largest amount the sandbox holds"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimerFailure {
    /// When, in Unix seconds by the sandbox's [`Clock`](crate::Clock).
    pub at: i64,
    /// What the timer was to do, e.g. `confirm deposit 100002`.
    pub timer: String,
    /// Why it could not.
    pub error: String,
}

/// Where the runtime reports a failed timer: the live feed.
pub(crate) trait TimerWitness: Debug + Send + Sync {
    /// A timer's work failed; it changed nothing.
    fn timer_failed(&self, failure: TimerFailure);
}

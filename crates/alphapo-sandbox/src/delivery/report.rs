//! What delivery reports and how armed faults bend it, as delivery sees
//! them: the live feed and the fault set (the workbench's) implement these
//! seams, so delivery knows neither.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::millis;

/// Which callback an event is about.
///
/// ```
/// use alphapo_sandbox::{CallbackRef, SandboxEvent};
///
/// let event = SandboxEvent::CallbackNotSent(CallbackRef {
///     at: 0,
///     kind: "deposit".into(),
///     status: "confirmed".into(),
///     id: "100002".into(),
/// });
/// assert_eq!(
///     event.to_string(),
///     "00:00:00 callback deposit confirmed 100002 not sent: no callback URL is configured"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRef {
    /// When, in Unix seconds by the sandbox's [`Clock`](crate::Clock).
    pub at: i64,
    /// The callback's `type` (`deposit`, `invoice`, `payment_request`, ...).
    pub kind: String,
    /// The callback's `status`.
    pub status: String,
    /// The id of what it is about (a payment request's UUID).
    pub id: String,
}

/// One delivery attempt and how it went.
///
/// ```
/// use std::time::Duration;
/// use alphapo_sandbox::{CallbackAttempt, CallbackRef, SandboxEvent};
///
/// let event = SandboxEvent::CallbackAttempt(CallbackAttempt {
///     callback: CallbackRef { at: 60, kind: "invoice".into(), status: "processing".into(), id: "7".into() },
///     target: "http://127.0.0.1:9000/callbacks".into(),
///     attempt: 2,
///     http_status: None,
///     error: Some("connection refused".into()),
///     retry_in: Some(Duration::from_secs(1)),
/// });
/// assert_eq!(
///     event.to_string(),
///     "00:01:00 callback invoice processing 7 -> http://127.0.0.1:9000/callbacks \
///      attempt 2: connection refused, retry in 1 s"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackAttempt {
    /// The callback, and when the attempt ended.
    pub callback: CallbackRef,
    /// Where it was posted, without user name, password, query or fragment.
    pub target: String,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The receiver's HTTP status, if it answered (200 is delivered).
    pub http_status: Option<u16>,
    /// Why no status was received (connection refused, timed out, ...).
    pub error: Option<String>,
    /// When it failed and will be tried again: the wait before the next
    /// attempt. `None` once delivered, or when the sandbox gave up.
    #[serde(
        rename = "retry_in_ms",
        serialize_with = "millis::optional_milliseconds"
    )]
    pub retry_in: Option<Duration>,
}

/// Where delivery reports its attempts: the live feed.
pub(crate) trait Witness: Debug + Send + Sync {
    /// Whether anyone listens (a report is made only then).
    fn listening(&self) -> bool;
    /// One attempt ended.
    fn attempted(&self, attempt: CallbackAttempt);
    /// A callback was only recorded: no callback URL is configured.
    fn not_sent(&self, callback: CallbackRef);
}

/// How the armed callback faults bend one callback's course, each with the
/// fault's name for the delivery log.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bent {
    /// Held back until the next callback, or until the faults are cleared
    /// more often than this count of clears.
    pub(crate) held: Option<(u64, &'static str)>,
    /// Sent twice.
    pub(crate) twice: Option<&'static str>,
    /// How many attempts count as failed.
    pub(crate) failing: u32,
}

/// The callback faults armed now: the fault set.
pub(crate) trait CallbackFaults: Debug + Send + Sync {
    /// Strikes the armed faults on the next callback.
    fn strike(&self) -> Bent;
    /// Resolves once the faults were cleared more often than `clears` times.
    fn cleared_after(&self, clears: u64) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

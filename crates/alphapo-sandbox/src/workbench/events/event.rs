//! The events of the live feed, and their wording.

use std::time::Duration;

use serde::Serialize;

use crate::delivery::{CallbackAttempt, CallbackRef, millis};
use crate::runtime::TimerFailure;
use crate::workbench::paths::is_sandbox_path;

/// Something the sandbox did, as [`SandboxHandle::events`](crate::SandboxHandle::events)
/// reports it. Its [`Display`](std::fmt::Display) is the line `alphapo
/// sandbox` prints; its JSON (`{"event": "request", ...}`) suits a live page.
///
/// ```
/// use std::time::Duration;
/// use alphapo_sandbox::{ApiRequest, SandboxEvent};
///
/// let event = SandboxEvent::Request(ApiRequest {
///     at: 1_700_000_000,
///     method: "POST".into(),
///     path: "/api/v2/invoices/create".into(),
///     operation: Some("invoices_create".into()),
///     status: 201,
///     latency: Duration::from_micros(1_250),
///     fault: None,
/// });
/// assert_eq!(
///     event.to_string(),
///     "22:13:20 POST /api/v2/invoices/create invoices_create 201 1.2 ms"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SandboxEvent {
    /// An HTTP request the sandbox answered (API, control API or unknown
    /// path).
    Request(ApiRequest),
    /// One attempt to deliver a callback.
    CallbackAttempt(CallbackAttempt),
    /// A callback that was built, signed and recorded but not sent: no
    /// callback URL is configured.
    CallbackNotSent(CallbackRef),
    /// A timer (a confirmation or an expiry) whose work could not be done;
    /// it changed nothing.
    TimerFailed(TimerFailure),
}

/// An answered request: what was asked, the answer's status and how long
/// the sandbox took to produce it.
///
/// See [`SandboxEvent`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiRequest {
    /// When it was answered, in Unix seconds by the sandbox's
    /// [`Clock`](crate::Clock).
    pub at: i64,
    /// The HTTP method.
    pub method: String,
    /// The path, without the query string (which AlphaPo's API never uses).
    pub path: String,
    /// The operationId of the spec the path serves, for an API call
    /// (`None` for the control API, the pages and unknown paths).
    pub operation: Option<String>,
    /// The HTTP status of the answer; [`ABANDONED`] (499, as nginx
    /// writes it) when the client left before the answer.
    pub status: u16,
    /// From the request's arrival to the answer's headers.
    #[serde(rename = "latency_ms", serialize_with = "millis::milliseconds")]
    pub latency: Duration,
    /// The injected [fault](crate::Fault) mode that struck it
    /// (`drop-after-commit`, `latency`, ...), if one did.
    pub fault: Option<String>,
}

/// The status of a request whose client left before the answer (nginx's
/// 499 "client closed request"), e.g. during a `latency` fault.
pub const ABANDONED: u16 = 499;

impl ApiRequest {
    /// Whether it is a read of the sandbox's own pages or control API that
    /// succeeded (`GET`/`HEAD` under `/_sandbox`): what an open checkout page
    /// or dashboard polls every second or so, which `alphapo sandbox` leaves
    /// out of its log unless asked (`--log-reads`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use alphapo_sandbox::ApiRequest;
    ///
    /// let poll = ApiRequest {
    ///     at: 0,
    ///     method: "GET".into(),
    ///     path: "/_sandbox/invoices/7/checkout".into(),
    ///     operation: None,
    ///     status: 200,
    ///     latency: Duration::ZERO,
    ///     fault: None,
    /// };
    /// assert!(poll.is_sandbox_read());
    /// let pay = ApiRequest { method: "POST".into(), path: "/_sandbox/invoices/7/payments".into(), ..poll };
    /// assert!(!pay.is_sandbox_read());
    /// ```
    pub fn is_sandbox_read(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
            && is_sandbox_path(&self.path)
            && self.status < 400
    }
}

/// The line a live log prints where a reader that fell behind missed
/// `missed` events.
///
/// ```
/// assert_eq!(
///     alphapo_sandbox::missed_line(3),
///     "(3 events not shown: the log fell behind)"
/// );
/// ```
pub fn missed_line(missed: u64) -> String {
    format!("({missed} events not shown: the log fell behind)")
}

//! [`Payout`]: a stored intent as operators and tests see it.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::Value;

use super::state::PayoutState;
use crate::store::payouts::PayoutRow;

/// The outbox's own id of a payout (its row id).
///
/// ```
/// let id = alphapo::payouts::PayoutId(7);
/// assert_eq!(id.to_string(), "7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PayoutId(pub i64);

impl fmt::Display for PayoutId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored payout: the intent, where it is, and what its attempts gave.
/// Serializes (for the CLI) with times as Unix milliseconds.
///
/// ```
/// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), sqlx::Error> {
/// if let Some(payout) = outbox.get("payout-1001").await? {
///     println!("{} is {} after {} attempts", payout.foreign_id, payout.state, payout.attempts);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Payout {
    /// The outbox's id.
    pub id: PayoutId,
    /// The operation (`withdrawal_crypto`, ...).
    pub operation: String,
    /// The `foreign_id` sent on every attempt.
    pub foreign_id: String,
    /// Where it is.
    pub state: PayoutState,
    /// The exact JSON body sent on every attempt.
    pub body: String,
    /// The API's id of what it created, once known (from the answer, a
    /// lookup or a callback; payment requests have string ids, kept in
    /// `answer`).
    pub api_id: Option<i64>,
    /// The API's answer: the created object, a lookup's record, or the
    /// field errors of a rejection.
    pub answer: Option<Value>,
    /// How many times it was claimed for an attempt.
    pub attempts: u32,
    /// The last error, when the last attempt failed (no body, no secret).
    pub last_error: Option<String>,
    /// When the worker will next try it (pending or unknown), or when its
    /// current lease ends.
    #[serde(serialize_with = "millis")]
    pub next_attempt_at: SystemTime,
    /// Until when a worker holds it, during an attempt.
    #[serde(serialize_with = "optional_millis")]
    pub lease_until: Option<SystemTime>,
    /// When it was enqueued.
    #[serde(serialize_with = "millis")]
    pub created_at: SystemTime,
    /// When it last changed.
    #[serde(serialize_with = "millis")]
    pub updated_at: SystemTime,
    /// The `foreign_id` of the payout this one pays again, if any.
    pub retry_of: Option<String>,
}

impl Payout {
    /// A stored row; an unknown state name (a newer version's) reads as
    /// `unknown`, which the worker reconciles.
    pub(crate) fn from_row(row: PayoutRow) -> Self {
        Self {
            id: PayoutId(row.id),
            operation: row.operation,
            foreign_id: row.foreign_id,
            state: row.state.parse().unwrap_or(PayoutState::Unknown),
            body: row.body,
            api_id: row.api_id,
            answer: row
                .answer
                .map(|answer| serde_json::from_str(&answer).unwrap_or(Value::String(answer))),
            attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            last_error: row.last_error,
            next_attempt_at: time(row.next_attempt_at),
            lease_until: row.lease_until.map(time),
            created_at: time(row.created_at),
            updated_at: time(row.updated_at),
            retry_of: row.retry_of,
        }
    }
}

/// Which payouts [`Outbox::list`](super::Outbox::list) returns.
///
/// ```
/// use alphapo::payouts::{ListFilter, PayoutState};
/// let filter = ListFilter::default().state(PayoutState::Unknown).limit(50);
/// assert_eq!(filter.limit, 50);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListFilter {
    /// Only payouts in this state; all when `None`.
    pub state: Option<PayoutState>,
    /// At most this many, oldest first (default 100).
    pub limit: u32,
}

impl Default for ListFilter {
    fn default() -> Self {
        Self {
            state: None,
            limit: 100,
        }
    }
}

impl ListFilter {
    /// Only payouts in `state`.
    ///
    /// ```
    /// let filter = alphapo::payouts::ListFilter::default().state(alphapo::payouts::PayoutState::Sent);
    /// assert!(filter.state.is_some());
    /// ```
    #[must_use]
    pub fn state(mut self, state: PayoutState) -> Self {
        self.state = Some(state);
        self
    }

    /// At most `limit` payouts.
    ///
    /// ```
    /// assert_eq!(alphapo::payouts::ListFilter::default().limit(5).limit, 5);
    /// ```
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }
}

/// Unix milliseconds now.
pub(crate) fn now_millis() -> i64 {
    to_millis(SystemTime::now())
}

/// Unix milliseconds of `time` (0 before 1970).
pub(crate) fn to_millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    })
}

/// Milliseconds of a duration, saturated.
pub(crate) fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The time of stored Unix milliseconds.
fn time(millis: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

fn millis<S: serde::Serializer>(time: &SystemTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(to_millis(*time))
}

fn optional_millis<S: serde::Serializer>(
    time: &Option<SystemTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serializer.serialize_some(&to_millis(*time)),
        None => serializer.serialize_none(),
    }
}

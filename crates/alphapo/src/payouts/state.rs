//! [`PayoutState`]: where a payout is in its life, and what a callback or a
//! lookup's status moves it to.

use std::fmt;
use std::str::FromStr;

use crate::callbacks::CallbackStatus;

/// Where a payout is (see the state machine in the [module](super)
/// documentation).
///
/// ```
/// use alphapo::payouts::PayoutState;
///
/// assert_eq!(PayoutState::Unknown.as_str(), "unknown");
/// assert_eq!("confirmed".parse::<PayoutState>(), Ok(PayoutState::Confirmed));
/// assert!(PayoutState::Declined.is_final());
/// assert!(!PayoutState::Sent.is_final());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayoutState {
    /// Stored, not yet accepted by the API; the worker sends it when due.
    Pending,
    /// An attempt may have reached the API (a timeout, a 5xx, a crash during
    /// an attempt); the worker reconciles it by `foreign_id`.
    Unknown,
    /// The API accepted it (or it was found by `foreign_id`); callbacks
    /// take it further.
    Sent,
    /// The API refused it with field errors. Final: never sent again.
    Rejected,
    /// A callback says it is in progress (`pending`, `processing`, ...).
    Processing,
    /// A callback says it is done (`confirmed`, or `paid` for a payment
    /// request). Final.
    Confirmed,
    /// A callback says it failed (`cancelled`, `failed`, `expired`). Final.
    Cancelled,
    /// A callback says a reviewer declined it. Final.
    Declined,
}

impl PayoutState {
    /// Every state, in the order of the state machine.
    ///
    /// ```
    /// assert_eq!(alphapo::payouts::PayoutState::ALL.len(), 8);
    /// ```
    pub const ALL: [Self; 8] = [
        Self::Pending,
        Self::Unknown,
        Self::Sent,
        Self::Rejected,
        Self::Processing,
        Self::Confirmed,
        Self::Cancelled,
        Self::Declined,
    ];

    /// The name stored in the database and printed by the CLI.
    ///
    /// ```
    /// assert_eq!(alphapo::payouts::PayoutState::Pending.as_str(), "pending");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Unknown => "unknown",
            Self::Sent => "sent",
            Self::Rejected => "rejected",
            Self::Processing => "processing",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::Declined => "declined",
        }
    }

    /// Whether nothing moves it any more: rejected, confirmed, cancelled or
    /// declined.
    ///
    /// ```
    /// assert!(alphapo::payouts::PayoutState::Rejected.is_final());
    /// ```
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Rejected | Self::Confirmed | Self::Cancelled | Self::Declined
        )
    }

    /// Whether paying again with a new `foreign_id` is allowed
    /// ([`Outbox::enqueue_retry`](super::Outbox::enqueue_retry)): the payout
    /// provably moved no money (cancelled, declined or rejected).
    ///
    /// ```
    /// use alphapo::payouts::PayoutState;
    /// assert!(PayoutState::Cancelled.may_be_paid_again());
    /// assert!(!PayoutState::Unknown.may_be_paid_again());
    /// ```
    pub fn may_be_paid_again(self) -> bool {
        matches!(self, Self::Rejected | Self::Cancelled | Self::Declined)
    }

    /// The state a status of a callback (or of a lookup) reports: the final
    /// success, a final failure, or in progress.
    pub(crate) fn reported(status: &impl CallbackStatus, name: &str) -> Self {
        if status.is_success() {
            Self::Confirmed
        } else if status.is_final() && name == "declined" {
            Self::Declined
        } else if status.is_final() {
            Self::Cancelled
        } else {
            Self::Processing
        }
    }

    /// Whether a callback may move a payout from `self` to `next`: never
    /// out of a final state, never back to processing.
    pub(crate) fn may_move_to(self, next: Self) -> bool {
        !self.is_final() && self != next
    }
}

impl serde::Serialize for PayoutState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for PayoutState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A state name that is not one of [`PayoutState::ALL`].
///
/// ```
/// assert!("paid".parse::<alphapo::payouts::PayoutState>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState(pub String);

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no payout state `{}` (one of: pending, unknown, sent, rejected, processing, confirmed, cancelled, declined)",
            self.0
        )
    }
}

impl std::error::Error for UnknownState {}

impl FromStr for PayoutState {
    type Err = UnknownState;

    fn from_str(name: &str) -> Result<Self, UnknownState> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == name)
            .ok_or_else(|| UnknownState(name.to_owned()))
    }
}

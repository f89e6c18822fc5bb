//! Why a driving call was refused: the world's refusals of simulated
//! payments and of steps its objects' states do not allow.

use super::trigger_events::UnknownTrigger;

/// Why a driving call ([`SandboxHandle::simulate_deposit`](crate::SandboxHandle::simulate_deposit)
/// and friends, or their `/_sandbox` endpoints) was refused.
///
/// ```
/// use alphapo_sandbox::DriveError;
/// assert_eq!(DriveError::UnknownInvoice(7).to_string(), "no invoice 7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DriveError {
    /// No deposit address has this text.
    #[error("no deposit address {0}")]
    UnknownAddress(String),
    /// No invoice has this id.
    #[error("no invoice {0}")]
    UnknownInvoice(i64),
    /// No withdrawal has this id.
    #[error("no withdrawal {0}")]
    UnknownWithdrawal(i64),
    /// No payment request has this id.
    #[error("no payment request {0}")]
    UnknownPaymentRequest(String),
    /// No callback delivery has this id.
    #[error("no callback delivery {0}")]
    UnknownCallback(u64),
    /// No crypto currency of the sandbox has this code (a payer picks
    /// only crypto to pay in).
    #[error("no crypto currency {0} to pay in")]
    UnknownCurrency(String),
    /// The amount is zero or negative.
    #[error("the amount must be greater than zero")]
    NotPositive,
    /// The amount is beyond the largest one the sandbox takes (the same
    /// bound as the API's request amounts).
    #[error("the amount must not be greater than {0}")]
    AmountTooLarge(alphapo_gen::Amount),
    /// Adding the amount would take a total beyond what the sandbox holds
    /// (e.g. a balance already near the largest decimal).
    #[error("{0}")]
    Overflow(String),
    /// A trigger's step was refused, as the API would refuse it (e.g. the
    /// balance is too low for its withdrawal).
    #[error("the sandbox refused to {step}: {reason}")]
    Refused {
        /// What the trigger was doing, e.g. `create a withdrawal`.
        step: &'static str,
        /// The API's validation messages.
        reason: String,
    },
    /// No trigger event has this name.
    #[error(transparent)]
    UnknownTrigger(#[from] UnknownTrigger),
    /// The object is in a state that does not allow this step.
    #[error("{object} is {status}: {action} is not possible")]
    WrongState {
        /// What was driven, e.g. `withdrawal 12`.
        object: String,
        /// Its current status.
        status: String,
        /// What was asked, e.g. `confirm`.
        action: &'static str,
    },
}

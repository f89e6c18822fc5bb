//! Which callback statuses are final, and which final ones are a success.

use alphapo_gen::{InvoiceStatus, PaymentRequestStatus, TransactionStatus};

/// What a merchant needs to know about a callback status: is it final (no
/// later callback changes it) and is it the final success.
///
/// Implemented for the three status types of callbacks, following reference
/// §8: transactions end `confirmed`, `cancelled`, `declined` or `failed`;
/// invoices `confirmed` or `failed`; payment requests `paid`, `expired` or
/// `failed`. A status this version does not know is neither final nor a
/// success: wait for the next callback (or look the transaction up).
///
/// ```
/// use alphapo::callbacks::CallbackStatus;
/// use alphapo::{InvoiceStatus, PaymentRequestStatus, TransactionStatus};
///
/// assert!(TransactionStatus::Confirmed.is_success());
/// assert!(TransactionStatus::Declined.is_final());
/// assert!(!TransactionStatus::Declined.is_success());
/// assert!(!TransactionStatus::NotConfirmed.is_final());
/// assert!(!InvoiceStatus::Processing.is_final());
/// assert!(PaymentRequestStatus::Paid.is_success());
/// assert!(!TransactionStatus::from("on_hold").is_final());
/// ```
pub trait CallbackStatus {
    /// Whether no later callback will change this status.
    ///
    /// ```
    /// use alphapo::callbacks::CallbackStatus;
    /// assert!(alphapo::InvoiceStatus::Failed.is_final());
    /// ```
    fn is_final(&self) -> bool;

    /// Whether this is the final success (`confirmed`, or `paid` for payment
    /// requests).
    ///
    /// ```
    /// use alphapo::callbacks::CallbackStatus;
    /// assert!(!alphapo::PaymentRequestStatus::Expired.is_success());
    /// ```
    fn is_success(&self) -> bool;
}

impl CallbackStatus for TransactionStatus {
    fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Confirmed | Self::Cancelled | Self::Declined | Self::Failed
        )
    }

    fn is_success(&self) -> bool {
        matches!(self, Self::Confirmed)
    }
}

impl CallbackStatus for InvoiceStatus {
    fn is_final(&self) -> bool {
        matches!(self, Self::Confirmed | Self::Failed)
    }

    fn is_success(&self) -> bool {
        matches!(self, Self::Confirmed)
    }
}

impl CallbackStatus for PaymentRequestStatus {
    fn is_final(&self) -> bool {
        matches!(self, Self::Paid | Self::Expired | Self::Failed)
    }

    fn is_success(&self) -> bool {
        matches!(self, Self::Paid)
    }
}

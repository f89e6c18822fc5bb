//! What the world leaves for later: the timers its operations start.

/// Something that happens later, on a timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FollowUp {
    ConfirmDeposit(i64),
    ConfirmExchange(i64),
    ConfirmWithdrawal(i64),
    ConfirmInvoice(i64),
    ExpireInvoice(i64),
    ConfirmPaymentRequest(String),
    ExpirePaymentRequest(String),
}

/// What the timer does, e.g. `confirm deposit 100002` (for logs).
impl std::fmt::Display for FollowUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ConfirmDeposit(id) => write!(f, "confirm deposit {id}"),
            Self::ConfirmExchange(id) => write!(f, "confirm exchange {id}"),
            Self::ConfirmWithdrawal(id) => write!(f, "confirm withdrawal {id}"),
            Self::ConfirmInvoice(id) => write!(f, "confirm invoice {id}"),
            Self::ExpireInvoice(id) => write!(f, "expire invoice {id}"),
            Self::ConfirmPaymentRequest(id) => write!(f, "confirm payment request {id}"),
            Self::ExpirePaymentRequest(id) => write!(f, "expire payment request {id}"),
        }
    }
}

/// How long until a [`FollowUp`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delay {
    /// The configured confirmation delay.
    Confirmation,
    /// The configured withdrawal confirmation, if any (none: no timer).
    WithdrawalConfirmation,
    /// The configured invoice time to live.
    InvoiceTtl,
    /// A number of seconds given in a request.
    Seconds(u64),
}

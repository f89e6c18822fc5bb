//! The amount a callback says was credited.

use alphapo_gen::Amount;
use alphapo_gen::types::CurrencyAmount;

/// An exact amount and its currency, borrowed from a callback (see
/// [`Callback::credited_amount`](super::Callback::credited_amount)).
///
/// ```
/// use alphapo::callbacks::CreditedAmount;
///
/// let credited = CreditedAmount { currency: "BTC", amount: "6.5119800".parse()? };
/// assert_eq!(credited.to_string(), "6.5119800 BTC");
/// # Ok::<(), alphapo_gen::AmountError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CreditedAmount<'a> {
    /// The currency code, as sent (`BTC`, `EUR`, ...).
    pub currency: &'a str,
    /// The exact amount, with the scale it was sent with.
    pub amount: Amount,
}

impl std::fmt::Display for CreditedAmount<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// `amount_minus_fee` where present, else `amount`, of `currency_received`.
pub(super) fn received(received: Option<&CurrencyAmount>) -> Option<CreditedAmount<'_>> {
    received.map(|received| CreditedAmount {
        currency: &received.currency,
        amount: received.amount_minus_fee.unwrap_or(received.amount),
    })
}

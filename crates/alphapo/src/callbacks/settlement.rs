//! Which way money moved, read from a final callback.

use std::fmt;

use alphapo_gen::Amount;
use alphapo_gen::types::CurrencyAmount;

/// An exact amount and its currency, borrowed from a callback.
///
/// ```
/// use alphapo::callbacks::Money;
///
/// let money = Money { currency: "BTC", amount: "6.5119800".parse()? };
/// assert_eq!(money.to_string(), "6.5119800 BTC");
/// # Ok::<(), alphapo::AmountError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money<'a> {
    /// The currency code, as sent (`BTC`, `EUR`, ...).
    pub currency: &'a str,
    /// The exact amount, with the scale it was sent with.
    pub amount: Amount,
}

impl fmt::Display for Money<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// What a final, successful callback did to the merchant's balance, with the
/// direction in the type: nothing outgoing can be read as a credit.
///
/// Get one from [`Callback::settlement`](super::Callback::settlement). Only
/// [`Settlement::Incoming`] is money to credit to a customer.
///
/// ```
/// use alphapo::callbacks::{Money, Settlement};
///
/// let btc = |amount: &str| Money { currency: "BTC", amount: amount.parse().unwrap() };
/// let sold = Money { currency: "EUR", amount: "26.75".parse()? };
///
/// assert_eq!(Settlement::Incoming(btc("0.5")).incoming(), Some(btc("0.5")));
/// assert_eq!(Settlement::Outgoing(btc("0.02")).incoming(), None);
/// let exchange = Settlement::Exchange { sold, bought: btc("0.003") };
/// assert_eq!((exchange.outgoing(), exchange.incoming()), (Some(sold), Some(btc("0.003"))));
/// # Ok::<(), alphapo::AmountError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settlement<'a> {
    /// Money arrived in the merchant's balance: a confirmed deposit or
    /// deposit_exchange (after fees), a confirmed invoice paid in full, or a
    /// paid payment request.
    Incoming(Money<'a>),
    /// Money left the merchant's balance: a confirmed withdrawal of any kind,
    /// what was taken from the balance (`currency_sent`).
    Outgoing(Money<'a>),
    /// A confirmed exchange between two of the merchant's balances.
    Exchange {
        /// What left one balance.
        sold: Money<'a>,
        /// What arrived in the other.
        bought: Money<'a>,
    },
}

impl<'a> Settlement<'a> {
    /// The money that arrived: the amount of [`Settlement::Incoming`], or
    /// what an exchange bought.
    ///
    /// ```
    /// use alphapo::callbacks::{Money, Settlement};
    /// let money = Money { currency: "EUR", amount: "10".parse()? };
    /// assert_eq!(Settlement::Incoming(money).incoming(), Some(money));
    /// # Ok::<(), alphapo::AmountError>(())
    /// ```
    pub fn incoming(&self) -> Option<Money<'a>> {
        match *self {
            Self::Incoming(money) | Self::Exchange { bought: money, .. } => Some(money),
            Self::Outgoing(_) => None,
        }
    }

    /// The money that left: the amount of [`Settlement::Outgoing`], or what
    /// an exchange sold.
    ///
    /// ```
    /// use alphapo::callbacks::{Money, Settlement};
    /// let money = Money { currency: "BTC", amount: "0.02".parse()? };
    /// assert_eq!(Settlement::Outgoing(money).outgoing(), Some(money));
    /// assert_eq!(Settlement::Incoming(money).outgoing(), None);
    /// # Ok::<(), alphapo::AmountError>(())
    /// ```
    pub fn outgoing(&self) -> Option<Money<'a>> {
        match *self {
            Self::Outgoing(money) | Self::Exchange { sold: money, .. } => Some(money),
            Self::Incoming(_) => None,
        }
    }
}

/// Which amount object of a callback money is read from.
#[derive(Clone, Copy)]
pub(super) enum Side {
    /// `currency_sent`: what left a balance.
    Sent,
    /// `currency_received`: what arrived.
    Received,
}

impl Side {
    /// The field names of this side's `amount` and `amount_minus_fee`.
    fn fields(self) -> [&'static str; 2] {
        match self {
            Self::Sent => ["currency_sent.amount", "currency_sent.amount_minus_fee"],
            Self::Received => [
                "currency_received.amount",
                "currency_received.amount_minus_fee",
            ],
        }
    }
}

/// The field that holds zero or negative money where a settlement is read.
pub(super) type NonPositive = &'static str;

/// `amount`, if it is money that can settle: greater than zero.
pub(super) fn positive(amount: Amount, field: &'static str) -> Result<Amount, NonPositive> {
    if amount.is_positive() {
        Ok(amount)
    } else {
        Err(field)
    }
}

/// The whole amount of a `currency_sent` or `currency_received`; every
/// amount of it (`amount_minus_fee` too, where sent) must be positive.
pub(super) fn whole(
    money: Option<&CurrencyAmount>,
    side: Side,
) -> Result<Option<Money<'_>>, NonPositive> {
    checked(money, side, false)
}

/// What a `currency_received` credits: `amount_minus_fee` where present
/// (deposits, after fees), else `amount`; both must be positive.
pub(super) fn after_fees(
    received: Option<&CurrencyAmount>,
) -> Result<Option<Money<'_>>, NonPositive> {
    checked(received, Side::Received, true)
}

fn checked(
    money: Option<&CurrencyAmount>,
    side: Side,
    net: bool,
) -> Result<Option<Money<'_>>, NonPositive> {
    let Some(money) = money else {
        return Ok(None);
    };
    let [amount_field, net_field] = side.fields();
    let amount = positive(money.amount, amount_field)?;
    let net_amount = money
        .amount_minus_fee
        .map(|amount| positive(amount, net_field))
        .transpose()?;
    Ok(Some(Money {
        currency: &money.currency,
        amount: match net_amount {
            Some(net_amount) if net => net_amount,
            _ => amount,
        },
    }))
}

/// Whether an invoice's `currency_sent` says something is still to pay (an
/// instalment of a `good_until_expired` invoice).
pub(super) fn is_partial(sent: Option<&CurrencyAmount>) -> bool {
    sent.and_then(|sent| sent.remaining_amount)
        .is_some_and(|remaining| !remaining.value().is_zero())
}

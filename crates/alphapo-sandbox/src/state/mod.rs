//! The sandbox's world: balances, addresses, transactions, invoices and
//! payment requests, behind one lock. Operations change it and leave the
//! callbacks they cause in an outbox and the timers they start in a list,
//! which the engine drains after releasing the lock.

mod deposits;
mod exchanges;
mod fees;
mod invoices;
mod ledger;
mod payment_requests;
pub(crate) mod refusal;
mod transactions;
mod withdrawals;

use alphapo_gen::Amount;
use rand::Rng;
use rust_decimal::Decimal;

use crate::DriveError;
use crate::callbacks::CallbackPayload;
use crate::clock::Clock;
use crate::config::SandboxConfig;

pub use deposits::DepositReceipt;
pub(crate) use exchanges::Order;
pub(crate) use invoices::{CancelRefusal, InvoiceCheckout};
pub(crate) use ledger::Overflow;
pub(crate) use payment_requests::PaymentRequestCheckout;

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

/// The whole state of a sandbox.
#[derive(Debug)]
pub(crate) struct World {
    last_id: i64,
    base_url: String,
    clock: Clock,
    ttl_seconds: i64,
    ledger: ledger::Ledger,
    addresses: deposits::Addresses,
    transactions: transactions::Transactions,
    invoices: invoices::Invoices,
    payment_requests: payment_requests::PaymentRequests,
    outbox: Vec<CallbackPayload>,
    follow_ups: Vec<(Delay, FollowUp)>,
}

impl World {
    pub(crate) fn new(config: &SandboxConfig, base_url: String) -> Self {
        let ttl_seconds = i64::try_from(config.invoice_ttl.as_secs()).unwrap_or(i64::MAX);
        Self {
            last_id: 100_000,
            base_url,
            clock: config.clock.clone(),
            ttl_seconds,
            ledger: ledger::Ledger::new(&config.initial_balances),
            addresses: deposits::Addresses::default(),
            transactions: transactions::Transactions::default(),
            invoices: invoices::Invoices::default(),
            payment_requests: payment_requests::PaymentRequests::default(),
            outbox: Vec::new(),
            follow_ups: Vec::new(),
        }
    }

    /// A fresh id: one sequence for every object, so ids never collide.
    fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }

    /// Seconds since the Unix epoch, by the sandbox's clock.
    pub(crate) fn unix_now(&self) -> i64 {
        self.clock.unix_now()
    }

    fn emit(&mut self, callback: impl Into<CallbackPayload>) {
        self.outbox.push(callback.into());
    }

    fn schedule(&mut self, delay: Delay, follow_up: FollowUp) {
        self.follow_ups.push((delay, follow_up));
    }

    /// The callbacks and timers the last operations produced.
    pub(crate) fn drain(&mut self) -> (Vec<CallbackPayload>, Vec<(Delay, FollowUp)>) {
        (
            std::mem::take(&mut self.outbox),
            std::mem::take(&mut self.follow_ups),
        )
    }

    /// Runs the confirmations the operations so far scheduled now, instead
    /// of after the confirmation delay (the timers they would have started
    /// are not started); other timers stay scheduled. Stops at the first
    /// confirmation that cannot be made (a credit that would overflow).
    pub(crate) fn confirm_now(&mut self) -> Result<(), Overflow> {
        loop {
            let (now, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.follow_ups)
                .into_iter()
                .partition(|(delay, _)| *delay == Delay::Confirmation);
            self.follow_ups = later;
            if now.is_empty() {
                return Ok(());
            }
            for (_, follow_up) in now {
                self.run(follow_up)?;
            }
        }
    }

    /// The callbacks the operations so far caused, in order, not yet
    /// drained.
    pub(crate) fn queued_callbacks(&self) -> &[CallbackPayload] {
        &self.outbox
    }

    /// Runs a timer that came due. A timer that cannot do its work (a
    /// credit that would overflow) changes nothing and says why.
    pub(crate) fn run(&mut self, follow_up: FollowUp) -> Result<(), Overflow> {
        match follow_up {
            FollowUp::ConfirmDeposit(id) => self.confirm_deposit(id),
            FollowUp::ConfirmExchange(id) => self.confirm_exchange(id),
            FollowUp::ConfirmWithdrawal(id) => {
                self.confirm_withdrawal_on_timer(id);
                Ok(())
            }
            FollowUp::ConfirmInvoice(id) => self.confirm_invoice(id),
            FollowUp::ExpireInvoice(id) => {
                self.expire_invoice_on_timer(id);
                Ok(())
            }
            FollowUp::ConfirmPaymentRequest(id) => self.confirm_payment_request(&id),
            FollowUp::ExpirePaymentRequest(id) => {
                self.expire_payment_request_on_timer(&id);
                Ok(())
            }
        }
    }
}

/// The largest amount the sandbox takes in a request or a driving call:
/// 10^18, far above any balance, and small enough that amount x rate x fee
/// stays inside a decimal.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// Refuses a simulated deposit or payment of zero or less, or beyond
/// [`MAX_AMOUNT`].
fn ensure_drivable(amount: Decimal) -> Result<(), DriveError> {
    if amount <= Decimal::ZERO {
        Err(DriveError::NotPositive)
    } else if amount > MAX_AMOUNT {
        Err(DriveError::AmountTooLarge(MAX_AMOUNT.into()))
    } else {
        Ok(())
    }
}

/// An amount as AlphaPo writes money: 8 decimals.
pub(crate) fn money(value: Decimal) -> Amount {
    let mut value = value.round_dp(8);
    value.rescale(8);
    Amount::new(value)
}

/// `len` random lowercase hex digits (addresses, txids, UUIDs).
pub(crate) fn random_hex(len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(DIGITS[rng.random_range(0..16)]))
        .collect()
}

/// A random UUID-shaped identifier (version 4 layout).
pub(crate) fn random_uuid() -> String {
    let hex = random_hex(32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_maximum_is_ten_to_the_eighteenth() {
        assert_eq!(MAX_AMOUNT, Decimal::from(10_u64.pow(18)));
    }

    #[test]
    fn driving_amounts_are_positive_and_bounded() {
        assert_eq!(ensure_drivable(Decimal::ZERO), Err(DriveError::NotPositive));
        assert_eq!(ensure_drivable(MAX_AMOUNT), Ok(()));
        assert_eq!(
            ensure_drivable(MAX_AMOUNT + Decimal::ONE),
            Err(DriveError::AmountTooLarge(MAX_AMOUNT.into()))
        );
    }

    #[test]
    fn money_has_eight_decimals() {
        assert_eq!(money(Decimal::new(4, 2)).to_string(), "0.04000000");
        assert_eq!(
            money(Decimal::new(123_456_789_123, 11)).to_string(),
            "1.23456789"
        );
    }

    #[test]
    fn uuids_have_the_uuid_shape() {
        let uuid = random_uuid();
        let lengths: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12]);
    }
}

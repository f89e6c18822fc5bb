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
pub(crate) use invoices::InvoiceCheckout;
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
    /// are not started); other timers stay scheduled.
    pub(crate) fn confirm_now(&mut self) {
        loop {
            let (now, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.follow_ups)
                .into_iter()
                .partition(|(delay, _)| *delay == Delay::Confirmation);
            self.follow_ups = later;
            if now.is_empty() {
                break;
            }
            for (_, follow_up) in now {
                self.run(follow_up);
            }
        }
    }

    /// The callbacks the operations so far caused, in order, not yet
    /// drained.
    pub(crate) fn queued_callbacks(&self) -> &[CallbackPayload] {
        &self.outbox
    }

    /// Runs a timer that came due.
    pub(crate) fn run(&mut self, follow_up: FollowUp) {
        match follow_up {
            FollowUp::ConfirmDeposit(id) => self.confirm_deposit(id),
            FollowUp::ConfirmExchange(id) => self.confirm_exchange(id),
            FollowUp::ConfirmWithdrawal(id) => self.confirm_withdrawal_on_timer(id),
            FollowUp::ConfirmInvoice(id) => self.confirm_invoice(id),
            FollowUp::ExpireInvoice(id) => self.expire_invoice_on_timer(id),
            FollowUp::ConfirmPaymentRequest(id) => self.confirm_payment_request(&id),
            FollowUp::ExpirePaymentRequest(id) => self.expire_payment_request_on_timer(&id),
        }
    }
}

/// Refuses a simulated deposit or payment of zero or less.
fn ensure_positive(amount: Decimal) -> Result<(), DriveError> {
    if amount <= Decimal::ZERO {
        Err(DriveError::NotPositive)
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

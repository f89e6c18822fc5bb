//! The sandbox's world: balances, addresses, transactions, invoices and
//! payment requests, behind one lock. Operations change it and leave the
//! callbacks they cause in an outbox and the timers they start in a list,
//! which the engine drains after releasing the lock.

use std::collections::BTreeMap;
use std::time::Duration;

use alphapo_gen::{Amount, types};

use super::callbacks::CallbackPayload;
use super::clock::Clock;
use super::deposits::book::Addresses;
use super::follow_up::{Delay, FollowUp};
use super::invoices::book::Invoices;
use super::ledger::{Ledger, Overflow};
use super::payment_requests::book::PaymentRequests;
use super::transactions::book::Transactions;

/// The whole state of a sandbox.
#[derive(Debug)]
pub(crate) struct World {
    last_id: i64,
    pub(super) base_url: String,
    clock: Clock,
    pub(super) ttl_seconds: i64,
    pub(super) ledger: Ledger,
    pub(super) addresses: Addresses,
    pub(super) transactions: Transactions,
    pub(super) invoices: Invoices,
    pub(super) payment_requests: PaymentRequests,
    outbox: Vec<CallbackPayload>,
    follow_ups: Vec<(Delay, FollowUp)>,
}

impl World {
    /// An empty world but for its balances: the base URL its invoice and
    /// payment-request links start with, its clock, how long an invoice
    /// lives, and the opening balance per currency code (the codes are the
    /// catalog's; the configuration checks them before).
    pub(crate) fn new(
        base_url: String,
        clock: Clock,
        invoice_ttl: Duration,
        initial_balances: &BTreeMap<String, Amount>,
    ) -> Self {
        let ttl_seconds = i64::try_from(invoice_ttl.as_secs()).unwrap_or(i64::MAX);
        Self {
            last_id: 100_000,
            base_url,
            clock,
            ttl_seconds,
            ledger: Ledger::new(initial_balances),
            addresses: Addresses::default(),
            transactions: Transactions::default(),
            invoices: Invoices::default(),
            payment_requests: PaymentRequests::default(),
            outbox: Vec::new(),
            follow_ups: Vec::new(),
        }
    }

    /// A fresh id: one sequence for every object, so ids never collide.
    pub(super) fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }

    /// `accounts/list`.
    pub(crate) fn balances(&self) -> Vec<types::Balance> {
        self.ledger.list()
    }

    /// Seconds since the Unix epoch, by the sandbox's clock.
    pub(crate) fn unix_now(&self) -> i64 {
        self.clock.unix_now()
    }

    pub(super) fn emit(&mut self, callback: impl Into<CallbackPayload>) {
        self.outbox.push(callback.into());
    }

    pub(super) fn schedule(&mut self, delay: Delay, follow_up: FollowUp) {
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

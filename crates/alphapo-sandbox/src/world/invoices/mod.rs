//! Hosted invoices and their lifecycle: `created` (no timer) or `pending`
//! (timer running) -> `processing` (a payment seen) -> `confirmed`, or
//! `failed` when the timer runs out before the full amount arrived or the
//! merchant cancels it (`invoices/{foreign_id}/cancel/`).

pub(super) mod book;

use alphapo_gen::{
    Amount, Confirmations, FeeType, InvoiceStatus, StringOrInteger, TransferDirection,
    TransferKind, types,
};
use rust_decimal::{Decimal, RoundingStrategy};

use self::book::InvoiceRecord;
use crate::world::catalog::{self, Spec};
use crate::world::error::DriveError;
use crate::world::fees;
use crate::world::follow_up::Delay;
use crate::world::follow_up::FollowUp;
use crate::world::ledger::Overflow;
use crate::world::money::ensure_drivable;
use crate::world::money::money;
use crate::world::random::random_hex;
use crate::world::refusal::{self, Problem, Refusal};
use crate::world::state::World;

/// The smallest invoice, in EUR (AlphaPo: 10.00 EUR).
const MINIMUM_EUR: Decimal = Decimal::TEN;

/// What an invoice's hosted page shows, by the sandbox's clock.
#[derive(Debug, Clone)]
pub(crate) struct InvoiceCheckout {
    /// The invoice, as `invoices/create` answered it, with its status now.
    pub invoice: types::Invoice,
    /// The currency the payer pays in.
    pub pay_currency: &'static str,
    /// The whole amount to pay, in `pay_currency`.
    pub to_pay: Amount,
    /// What is still missing.
    pub remaining: Amount,
    /// Seconds until the timer runs out, while it runs.
    pub seconds_left: Option<i64>,
    /// Where the payer is sent once the invoice is final: `url_success`
    /// when confirmed, `url_failed` when failed.
    pub redirect: Option<String>,
    /// The currencies the payer may pick to pay in, while the choice is
    /// open (the merchant left it to the payer and no address is handed
    /// out yet); empty otherwise.
    pub choices: Vec<&'static str>,
}

/// Why an invoice cannot be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CancelRefusal {
    /// No invoice has this `foreign_id`.
    Unknown,
    /// The invoice is `confirmed` or `failed` already.
    WrongState,
}

/// What the payer pays, in `pay_in`, for `amount` of `credit_in` (rounded
/// up to 8 decimals, so the merchant is never short).
fn amount_to_pay(amount: Decimal, credit_in: &Spec, pay_in: &Spec) -> Decimal {
    (amount * catalog::rate(credit_in, pay_in))
        .round_dp_with_strategy(8, RoundingStrategy::AwayFromZero)
}

/// Hands out the address and the amount to pay in `spec`.
fn hand_out(invoice: &mut types::Invoice, spec: &'static Spec, amount: Decimal) {
    invoice.address = spec.new_address();
    invoice.sender_currency = Some(spec.currency_code());
    invoice.sender_amount = Some(money(amount));
}

impl World {
    /// `invoices/create`.
    pub(crate) fn create_invoice(
        &mut self,
        request: types::InvoiceCreateRequest,
    ) -> Result<types::Invoice, Refusal> {
        let mut refusal = Refusal::default();
        let credit_in = refusal::currency(&mut refusal, "currency", &request.currency, |_| true);
        let sender = request.sender_currency.as_ref().and_then(|code| {
            refusal::currency(&mut refusal, "sender_currency", code, |spec| spec.crypto)
        });
        if self
            .invoices
            .by_foreign_id
            .contains_key(request.foreign_id.as_str())
        {
            refusal.add("foreign_id", Problem::Taken);
        }
        if let Some(spec) = credit_in
            && request.amount.value() * spec.eur_price() < MINIMUM_EUR
        {
            refusal.add("amount", Problem::BelowInvoiceMinimum);
        }
        refusal.into_result()?;
        let credit_in =
            credit_in.ok_or_else(|| Refusal::field("currency", Problem::UnknownCurrency))?;
        let pay_in = sender.unwrap_or(credit_in);
        let expected = amount_to_pay(request.amount.value(), credit_in, pay_in);
        let id = self.next_id();
        let mut invoice = types::Invoice {
            id,
            url: format!("{}/_sandbox/invoices/{id}", self.base_url),
            foreign_id: StringOrInteger::new(request.foreign_id.to_string()),
            end_user_reference: Some(StringOrInteger::new(request.end_user_reference.to_string())),
            address: None,
            title: Some(request.title.to_string()),
            name: None,
            status: InvoiceStatus::Created,
            currency: credit_in.currency_code(),
            amount: money(request.amount.value()),
            sender_currency: None,
            sender_amount: None,
            fixed_at: None,
            release_at: None,
            seconds_left: None,
        };
        if request.timer.get() {
            self.start_timer(&mut invoice, sender.is_some().then_some((pay_in, expected)));
        }
        self.invoices
            .by_foreign_id
            .insert(request.foreign_id.to_string(), id);
        self.invoices.records.insert(
            id,
            InvoiceRecord {
                invoice: invoice.clone(),
                pay_in,
                credit_in,
                payer_picks: sender.is_none(),
                expected,
                paid: Decimal::ZERO,
                transfers: Vec::new(),
                charges: Vec::new(),
                error: String::new(),
                url_success: request.url_success.to_string(),
                url_failed: request.url_failed.to_string(),
            },
        );
        Ok(invoice)
    }

    /// Fixes the rate, starts the expiry timer and, when the payment currency
    /// is known, hands out the address and amount to pay.
    fn start_timer(
        &mut self,
        invoice: &mut types::Invoice,
        payment: Option<(&'static Spec, Decimal)>,
    ) {
        let now = self.unix_now();
        invoice.status = InvoiceStatus::Pending;
        invoice.fixed_at = Some(now);
        invoice.release_at = Some(now.saturating_add(self.ttl_seconds));
        invoice.seconds_left = Some(self.ttl_seconds);
        if let Some((spec, amount)) = payment {
            hand_out(invoice, spec, amount);
        }
        self.schedule(Delay::InvoiceTtl, FollowUp::ExpireInvoice(invoice.id));
    }

    /// The payer picks `code` to pay in, on an invoice whose merchant left
    /// the choice to the payer (no `sender_currency`): the amount to pay is
    /// fixed at the current rate and the address handed out; the rate
    /// lock's timer starts then, unless the invoice's own timer runs already.
    pub(crate) fn choose_invoice_currency(
        &mut self,
        id: i64,
        code: &str,
    ) -> Result<types::Invoice, DriveError> {
        let spec = catalog::find(code)
            .filter(|spec| spec.crypto)
            .ok_or_else(|| DriveError::UnknownCurrency(code.to_owned()))?;
        let record = self
            .invoices
            .records
            .get(&id)
            .ok_or(DriveError::UnknownInvoice(id))?;
        if !record.choice_open() {
            return Err(DriveError::WrongState {
                object: format!("invoice {id}"),
                status: record.invoice.status.to_string(),
                action: "choose the currency to pay in",
            });
        }
        let expected = amount_to_pay(record.invoice.amount.value(), record.credit_in, spec);
        let mut invoice = record.invoice.clone();
        if invoice.status == InvoiceStatus::Created {
            self.start_timer(&mut invoice, Some((spec, expected)));
        } else {
            hand_out(&mut invoice, spec, expected);
        }
        let record = self
            .invoices
            .records
            .get_mut(&id)
            .ok_or(DriveError::UnknownInvoice(id))?;
        record.pay_in = spec;
        record.expected = expected;
        record.invoice = invoice.clone();
        Ok(invoice)
    }

    /// The current state of an invoice (the page its `url` shows).
    pub(crate) fn invoice(&self, id: i64) -> Result<types::Invoice, DriveError> {
        self.invoices
            .records
            .get(&id)
            .map(|record| record.invoice.clone())
            .ok_or(DriveError::UnknownInvoice(id))
    }

    /// Every invoice, newest first.
    pub(crate) fn invoices(&self) -> Vec<types::Invoice> {
        let mut invoices: Vec<types::Invoice> = self
            .invoices
            .records
            .values()
            .map(|record| record.invoice.clone())
            .collect();
        invoices.sort_by_key(|invoice| std::cmp::Reverse(invoice.id));
        invoices
    }

    /// What the invoice's hosted page shows now.
    pub(crate) fn invoice_checkout(&self, id: i64) -> Result<InvoiceCheckout, DriveError> {
        let record = self
            .invoices
            .records
            .get(&id)
            .ok_or(DriveError::UnknownInvoice(id))?;
        let status = &record.invoice.status;
        let open = matches!(status, InvoiceStatus::Pending | InvoiceStatus::Processing)
            && !record.remaining().is_zero();
        let seconds_left = record
            .invoice
            .release_at
            .filter(|_| open)
            .map(|release_at| release_at.saturating_sub(self.unix_now()).max(0));
        let redirect = match status {
            InvoiceStatus::Confirmed => Some(record.url_success.clone()),
            InvoiceStatus::Failed => Some(record.url_failed.clone()),
            _ => None,
        };
        let choices = if record.choice_open() {
            catalog::CURRENCIES
                .iter()
                .filter(|spec| spec.crypto)
                .map(|spec| spec.code)
                .collect()
        } else {
            Vec::new()
        };
        Ok(InvoiceCheckout {
            invoice: record.invoice.clone(),
            pay_currency: record.pay_in.code,
            to_pay: money(record.expected),
            remaining: money(record.remaining()),
            seconds_left,
            redirect,
            choices,
        })
    }

    /// The payer sends `amount` (in the invoice's payment currency: its
    /// `sender_currency`, or else its `currency`).
    pub(crate) fn pay_invoice(
        &mut self,
        id: i64,
        amount: Decimal,
    ) -> Result<InvoiceStatus, DriveError> {
        ensure_drivable(amount)?;
        let (status, pay_in, expected) = {
            let record = self
                .invoices
                .records
                .get(&id)
                .ok_or(DriveError::UnknownInvoice(id))?;
            (
                record.invoice.status.clone(),
                record.pay_in,
                record.expected,
            )
        };
        if status == InvoiceStatus::Confirmed {
            return Err(DriveError::WrongState {
                object: format!("invoice {id}"),
                status: status.to_string(),
                action: "pay",
            });
        }
        let leg_id = self.next_id();
        if status == InvoiceStatus::Created {
            // The payer picked the currency: the rate lock and its timer start.
            let mut invoice = self.invoice(id)?;
            self.start_timer(&mut invoice, Some((pay_in, expected)));
            if let Some(record) = self.invoices.records.get_mut(&id) {
                record.invoice = invoice;
            }
        }
        let record = self
            .invoices
            .records
            .get_mut(&id)
            .ok_or(DriveError::UnknownInvoice(id))?;
        if record.invoice.address.is_none() {
            record.invoice.address = pay_in.new_address();
        }
        let address = record.invoice.address.clone();
        record.transfers.push(types::Transfer {
            id: leg_id,
            currency: pay_in.currency_code(),
            currency_to: None,
            transaction_type: TransferKind::Blockchain,
            type_: TransferDirection::Deposit,
            address,
            tag: None,
            amount: money(amount),
            amount_to: None,
            txid: Some(random_hex(64)),
            riskscore: None,
            confirmations: Some(Confirmations::new(0)),
            sender: None,
        });
        if status == InvoiceStatus::Failed {
            record.error = "Payment received after the invoice expired.".to_owned();
        } else {
            record.paid = record.paid.checked_add(amount).ok_or_else(|| {
                DriveError::Overflow(format!(
                    "the payments of invoice {id} would exceed the largest amount the sandbox holds"
                ))
            })?;
            record.invoice.status = InvoiceStatus::Processing;
        }
        let fully_paid = record.remaining().is_zero();
        let callback = record.callback();
        let new_status = record.invoice.status.clone();
        self.emit(callback);
        if fully_paid && new_status == InvoiceStatus::Processing {
            self.schedule(Delay::Confirmation, FollowUp::ConfirmInvoice(id));
        }
        Ok(new_status)
    }

    /// The full payment is confirmed: credit the invoice currency.
    pub(super) fn confirm_invoice(&mut self, id: i64) -> Result<(), Overflow> {
        let Some(record) = self.invoices.records.get_mut(&id) else {
            return Ok(());
        };
        if record.invoice.status != InvoiceStatus::Processing || !record.remaining().is_zero() {
            return Ok(());
        }
        let before = (
            record.invoice.status.clone(),
            record.transfers.clone(),
            record.charges.clone(),
        );
        record.invoice.status = InvoiceStatus::Confirmed;
        for leg in &mut record.transfers {
            leg.confirmations = Some(Confirmations::new(1));
        }
        let fee_type = if record.credit_in.crypto {
            FeeType::FeeCryptoDeposit
        } else {
            FeeType::FeeCryptoDepositToFiat
        };
        record.charges = vec![fees::Charge::share(
            fee_type,
            record.credit_in,
            record.invoice.amount.value(),
            record.pay_in.deposit_fee(),
        )];
        let (spec, amount) = (record.credit_in, record.credited());
        if let Err(overflow) = self.ledger.credit(spec, amount) {
            (record.invoice.status, record.transfers, record.charges) = before;
            return Err(overflow);
        }
        let callback = record.callback();
        self.emit(callback);
        Ok(())
    }

    /// Ends an invoice that is still waiting for (part of) its payment.
    pub(crate) fn expire_invoice(&mut self, id: i64) -> Result<(), DriveError> {
        let record = self
            .invoices
            .records
            .get_mut(&id)
            .ok_or(DriveError::UnknownInvoice(id))?;
        let status = &record.invoice.status;
        let open = matches!(status, InvoiceStatus::Created | InvoiceStatus::Pending)
            || (*status == InvoiceStatus::Processing && !record.remaining().is_zero());
        if !open {
            return Err(DriveError::WrongState {
                object: format!("invoice {id}"),
                status: status.to_string(),
                action: "expire",
            });
        }
        record.invoice.status = InvoiceStatus::Failed;
        record.invoice.seconds_left = Some(0);
        record.error = if record.paid.is_zero() {
            "Timer expired. User not paid.".to_owned()
        } else {
            "Timer expired. User paid less than required.".to_owned()
        };
        let callback = record.callback();
        self.emit(callback);
        Ok(())
    }

    /// `invoices/{foreign_id}/cancel/`: an invoice still `created`,
    /// `pending` or `processing` becomes `failed` and its `invoice`
    /// callback goes out (UNCONFIRMED: the docs show only the refusal,
    /// "Invoice cannot be failed in its current state."). A payment still
    /// confirming then credits nothing: the invoice is no longer
    /// `processing` when its confirmation comes due.
    pub(crate) fn cancel_invoice(&mut self, foreign_id: &str) -> Result<(), CancelRefusal> {
        let id = *self
            .invoices
            .by_foreign_id
            .get(foreign_id)
            .ok_or(CancelRefusal::Unknown)?;
        self.fail_on_request(id)
    }

    /// The dashboard's Cancel button: `invoices/{foreign_id}/cancel/` for
    /// the invoice `id`.
    pub(crate) fn cancel_invoice_by_id(&mut self, id: i64) -> Result<(), DriveError> {
        let status = self.invoice(id)?.status;
        self.fail_on_request(id)
            .map_err(|_| DriveError::WrongState {
                object: format!("invoice {id}"),
                status: status.to_string(),
                action: "cancel",
            })
    }

    /// Fails the invoice `id` at the merchant's request, while it is still
    /// open.
    fn fail_on_request(&mut self, id: i64) -> Result<(), CancelRefusal> {
        let record = self
            .invoices
            .records
            .get_mut(&id)
            .ok_or(CancelRefusal::Unknown)?;
        if !matches!(
            record.invoice.status,
            InvoiceStatus::Created | InvoiceStatus::Pending | InvoiceStatus::Processing
        ) {
            return Err(CancelRefusal::WrongState);
        }
        record.invoice.status = InvoiceStatus::Failed;
        record.invoice.seconds_left = record.invoice.seconds_left.map(|_| 0);
        record.error = "Invoice cancelled by the merchant.".to_owned();
        let callback = record.callback();
        self.emit(callback);
        Ok(())
    }

    /// The expiry timer ran out; an invoice already settled stays as it is.
    pub(super) fn expire_invoice_on_timer(&mut self, id: i64) {
        if self.expire_invoice(id).is_err() {
            tracing::trace!(id, "invoice timer ran out after the invoice was settled");
        }
    }
}

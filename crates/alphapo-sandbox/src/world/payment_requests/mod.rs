//! Payment requests (`/api/payments/v1/requests`): `created` -> `processing`
//! (payment seen) -> `paid`, or `expired` (nothing received) / `failed`
//! (too little received) when their lifespan ends.

pub(super) mod book;

use alphapo_gen::{Amount, PaymentRequestStatus, StringOrInteger, types};
use rust_decimal::{Decimal, RoundingStrategy};

use self::book::PaymentRequestRecord;
use crate::world::catalog;
use crate::world::error::DriveError;
use crate::world::follow_up::Delay;
use crate::world::follow_up::FollowUp;
use crate::world::ledger::Overflow;
use crate::world::money::ensure_drivable;
use crate::world::money::money;
use crate::world::random::random_uuid;
use crate::world::refusal::{Problem, Refusal};
use crate::world::state::World;

/// Lifespan bounds in seconds (5 minutes to 60 days) and the default (1 day).
const LIFESPAN: (i64, i64) = (300, 60 * 24 * 3600);
const DEFAULT_LIFESPAN: i64 = 24 * 3600;

/// What a payment request's hosted page shows, by the sandbox's clock.
#[derive(Debug, Clone)]
pub(crate) struct PaymentRequestCheckout {
    /// The payment request, with its status now.
    pub request: types::PaymentRequest,
    /// The currency the payer pays in.
    pub pay_currency: &'static str,
    /// The whole amount to pay, in `pay_currency`.
    pub to_pay: Amount,
    /// What is still missing.
    pub remaining: Amount,
    /// The address to pay, once the payer proceeded.
    pub address: Option<String>,
    /// Seconds until the request expires, while it is open.
    pub seconds_left: Option<i64>,
    /// Where the payer is sent once it is final: `url_success` when paid,
    /// `url_failed` when expired or failed, `url_store` when the one
    /// needed was not given.
    pub redirect: Option<String>,
}

impl World {
    /// `payment_requests_create`.
    pub(crate) fn create_payment_request(
        &mut self,
        request: types::PaymentRequestCreateRequest,
    ) -> Result<types::PaymentRequest, Refusal> {
        let mut refusal = Refusal::default();
        let currency = catalog::find_payment(&request.currency);
        if currency.is_none() {
            refusal.add("currency", Problem::UnknownCurrency);
        }
        let payment_currency = request.payment_currency.as_ref().map(|given| {
            let found = catalog::find_payment(given).filter(|spec| spec.crypto);
            if found.is_none() {
                refusal.add("payment_currency", Problem::UnknownCurrency);
            }
            found
        });
        if !request.amount.is_positive() {
            refusal.add("amount", Problem::NotPositive);
        }
        let lifespan = request.life_time_duration.unwrap_or(DEFAULT_LIFESPAN);
        if !(LIFESPAN.0..=LIFESPAN.1).contains(&lifespan) {
            refusal.add(
                "life_time_duration",
                Problem::OutOfRange(LIFESPAN.0, LIFESPAN.1),
            );
        }
        refusal.into_result()?;
        let currency =
            currency.ok_or_else(|| Refusal::field("currency", Problem::UnknownCurrency))?;
        let pay_in = match payment_currency.flatten() {
            Some(spec) => spec,
            None if currency.crypto => currency,
            None => catalog::find("BTC").unwrap_or(currency),
        };
        let expected = (request.amount.value() * catalog::rate(currency, pay_in))
            .round_dp_with_strategy(8, RoundingStrategy::AwayFromZero);
        let id = random_uuid();
        let url_success = request.url_success.map(String::from);
        let url_failed = request.url_failed.map(String::from);
        let response = types::PaymentRequest {
            id: id.clone(),
            amount: Some(request.amount),
            currency: Some(catalog::payment_currency(currency)),
            status: PaymentRequestStatus::Created,
            life_time: Some(self.unix_now().saturating_add(lifespan)),
            end_user_email: request.end_user_email.map(String::from),
            end_user_reference: request
                .end_user_reference
                .map(|reference| StringOrInteger::new(String::from(reference))),
            description: request.description,
            payment_link: Some(format!("{}/_sandbox/payment-requests/{id}", self.base_url)),
            foreign_id: request
                .foreign_id
                .map(|id| StringOrInteger::new(String::from(id))),
            url_store: request.url_store.map(String::from),
        };
        self.payment_requests.records.insert(
            id.clone(),
            PaymentRequestRecord {
                request: response.clone(),
                currency,
                pay_in,
                expected,
                received: Decimal::ZERO,
                address: None,
                fixed_at: None,
                url_success,
                url_failed,
            },
        );
        self.payment_requests.order.push(id.clone());
        let seconds = u64::try_from(lifespan).unwrap_or_default();
        self.schedule(Delay::Seconds(seconds), FollowUp::ExpirePaymentRequest(id));
        Ok(response)
    }

    /// The current state of a payment request (the page its link shows).
    pub(crate) fn payment_request(&self, id: &str) -> Result<types::PaymentRequest, DriveError> {
        self.payment_requests
            .records
            .get(id)
            .map(|record| record.request.clone())
            .ok_or_else(|| DriveError::UnknownPaymentRequest(id.to_owned()))
    }

    /// Every payment request, newest first.
    pub(crate) fn payment_requests(&self) -> Vec<types::PaymentRequest> {
        let requests = &self.payment_requests;
        requests
            .order
            .iter()
            .rev()
            .filter_map(|id| requests.records.get(id))
            .map(|record| record.request.clone())
            .collect()
    }

    /// What the payment request's hosted page shows now.
    pub(crate) fn payment_request_checkout(
        &self,
        id: &str,
    ) -> Result<PaymentRequestCheckout, DriveError> {
        let record = self
            .payment_requests
            .records
            .get(id)
            .ok_or_else(|| DriveError::UnknownPaymentRequest(id.to_owned()))?;
        let status = &record.request.status;
        let open = matches!(
            status,
            PaymentRequestStatus::Created | PaymentRequestStatus::Processing
        ) && !record.remaining().is_zero();
        let seconds_left = record
            .request
            .life_time
            .filter(|_| open)
            .map(|life_time| life_time.saturating_sub(self.unix_now()).max(0));
        let store = record.request.url_store.clone();
        let redirect = match status {
            PaymentRequestStatus::Paid => record.url_success.clone().or(store),
            PaymentRequestStatus::Expired | PaymentRequestStatus::Failed => {
                record.url_failed.clone().or(store)
            }
            _ => None,
        };
        Ok(PaymentRequestCheckout {
            request: record.request.clone(),
            pay_currency: record.pay_in.code,
            to_pay: money(record.expected),
            remaining: money(record.remaining()),
            address: record
                .address
                .as_ref()
                .and_then(|address| address.address.clone()),
            seconds_left,
            redirect,
        })
    }

    /// The payer sends `amount` in the payment currency (the request's
    /// `payment_currency`, else its currency when crypto, else BTC).
    pub(crate) fn pay_payment_request(
        &mut self,
        id: &str,
        amount: Decimal,
    ) -> Result<PaymentRequestStatus, DriveError> {
        ensure_drivable(amount)?;
        let now = self.unix_now();
        let record = self.payment_requests.get_mut(id)?;
        let status = &record.request.status;
        if !matches!(
            status,
            PaymentRequestStatus::Created | PaymentRequestStatus::Processing
        ) {
            return Err(record.wrong_state("pay"));
        }
        let pay_in = record.pay_in;
        let currency = record.currency;
        record
            .address
            .get_or_insert_with(|| types::PaymentRequestAddress {
                id: Some(random_uuid()),
                currency: Some(catalog::payment_currency(pay_in)),
                convert_to: (currency.code != pay_in.code)
                    .then(|| catalog::payment_currency(currency)),
                address: pay_in.new_address(),
                tag: None,
            });
        record.fixed_at.get_or_insert(now);
        record.received = record.received.checked_add(amount).ok_or_else(|| {
            DriveError::Overflow(format!(
                "the payments of payment request {id} would exceed the largest amount the sandbox holds"
            ))
        })?;
        record.request.status = PaymentRequestStatus::Processing;
        let fully_paid = record.remaining().is_zero();
        let callback = record.callback("");
        self.emit(callback);
        if fully_paid {
            self.schedule(
                Delay::Confirmation,
                FollowUp::ConfirmPaymentRequest(id.to_owned()),
            );
        }
        Ok(PaymentRequestStatus::Processing)
    }

    /// The full payment is confirmed: credit the requested currency.
    pub(super) fn confirm_payment_request(&mut self, id: &str) -> Result<(), Overflow> {
        let Some(record) = self.payment_requests.records.get_mut(id) else {
            return Ok(());
        };
        if record.request.status != PaymentRequestStatus::Processing
            || !record.remaining().is_zero()
        {
            return Ok(());
        }
        let amount = record.request.amount.map(|a| a.value()).unwrap_or_default();
        self.ledger.credit(record.currency, amount)?;
        record.request.status = PaymentRequestStatus::Paid;
        let callback = record.callback("");
        self.emit(callback);
        Ok(())
    }

    /// Ends a payment request still waiting for (part of) its payment:
    /// `expired` if nothing came, `failed` if too little did.
    pub(crate) fn expire_payment_request(
        &mut self,
        id: &str,
    ) -> Result<PaymentRequestStatus, DriveError> {
        let record = self.payment_requests.get_mut(id)?;
        let status = &record.request.status;
        let open = *status == PaymentRequestStatus::Created
            || (*status == PaymentRequestStatus::Processing && !record.remaining().is_zero());
        if !open {
            return Err(record.wrong_state("expire"));
        }
        let (status, error) = if record.received.is_zero() {
            (PaymentRequestStatus::Expired, "Payment request expired.")
        } else {
            (
                PaymentRequestStatus::Failed,
                "Received less than requested.",
            )
        };
        record.request.status = status.clone();
        let callback = record.callback(error);
        self.emit(callback);
        Ok(status)
    }

    /// The lifespan ran out; a settled request stays as it is.
    pub(super) fn expire_payment_request_on_timer(&mut self, id: &str) {
        if self.expire_payment_request(id).is_err() {
            tracing::trace!(id, "payment request lifespan ended after it was settled");
        }
    }
}

//! The payment requests, by id and in the order they were made, each with
//! what was received so far.

use std::collections::HashMap;

use alphapo_gen::{CallbackType, types};
use rust_decimal::Decimal;

use crate::world::catalog::{self, Spec};
use crate::world::error::DriveError;
use crate::world::money::money;

#[derive(Debug)]
pub(super) struct PaymentRequestRecord {
    pub(super) request: types::PaymentRequest,
    pub(super) currency: &'static Spec,
    pub(super) pay_in: &'static Spec,
    pub(super) expected: Decimal,
    pub(super) received: Decimal,
    pub(super) address: Option<types::PaymentRequestAddress>,
    pub(super) fixed_at: Option<i64>,
    pub(super) url_success: Option<String>,
    pub(super) url_failed: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct PaymentRequests {
    pub(super) records: HashMap<String, PaymentRequestRecord>,
    /// The ids in the order the requests were made.
    pub(super) order: Vec<String>,
}

impl PaymentRequestRecord {
    pub(super) fn remaining(&self) -> Decimal {
        (self.expected - self.received).max(Decimal::ZERO)
    }

    /// The driving error for an `action` its status does not allow.
    pub(super) fn wrong_state(&self, action: &'static str) -> DriveError {
        DriveError::WrongState {
            object: format!("payment request {}", self.request.id),
            status: self.request.status.to_string(),
            action,
        }
    }

    pub(super) fn callback(&self, error: &str) -> types::PaymentRequestCallback {
        let request = &self.request;
        types::PaymentRequestCallback {
            payment_request_id: request.id.clone(),
            foreign_id: request.foreign_id.clone(),
            end_user_reference: request.end_user_reference.clone(),
            type_: CallbackType::PaymentRequest,
            status: request.status.clone(),
            end_user_email: request.end_user_email.clone(),
            payment_request_address: self.address.clone(),
            payment_request_amount: Some(types::PaymentRequestAmount {
                currency: request.currency.clone(),
                amount: request.amount,
            }),
            currency_sent: Some(types::PaymentRequestCurrencySent {
                currency: Some(catalog::payment_currency(self.pay_in)),
                expected_amount: Some(money(self.expected)),
                received_amount: Some(money(self.received)),
                remaining_amount: Some(money(self.remaining())),
            }),
            fixed_at: self.fixed_at,
            expires_at: request.life_time,
            valid_until: request.life_time,
            error: Some(error.to_owned()),
        }
    }
}

impl PaymentRequests {
    /// The payment request with this id, to change.
    pub(super) fn get_mut(&mut self, id: &str) -> Result<&mut PaymentRequestRecord, DriveError> {
        self.records
            .get_mut(id)
            .ok_or_else(|| DriveError::UnknownPaymentRequest(id.to_owned()))
    }
}

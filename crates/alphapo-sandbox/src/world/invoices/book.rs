//! The invoices, by id and by foreign id, each with what was paid so far.

use std::collections::HashMap;

use alphapo_gen::{CallbackType, InvoiceStatus, TransactionStatus, types};
use rust_decimal::Decimal;

use crate::world::catalog::Spec;
use crate::world::fees;
use crate::world::money::money;

#[derive(Debug)]
pub(super) struct InvoiceRecord {
    pub(super) invoice: types::Invoice,
    /// The currency the payer pays in, and the one credited.
    pub(super) pay_in: &'static Spec,
    pub(super) credit_in: &'static Spec,
    /// The merchant gave no `sender_currency`: the payer picks the currency
    /// to pay in on the checkout page (until then `pay_in` is `credit_in`).
    pub(super) payer_picks: bool,
    pub(super) expected: Decimal,
    pub(super) paid: Decimal,
    pub(super) transfers: Vec<types::Transfer>,
    /// Taken from the credited amount once the invoice is confirmed.
    pub(super) charges: Vec<fees::Charge>,
    pub(super) error: String,
    pub(super) url_success: String,
    pub(super) url_failed: String,
}

#[derive(Debug, Default)]
pub(crate) struct Invoices {
    pub(super) records: HashMap<i64, InvoiceRecord>,
    pub(super) by_foreign_id: HashMap<String, i64>,
}

impl InvoiceRecord {
    pub(super) fn remaining(&self) -> Decimal {
        (self.expected - self.paid).max(Decimal::ZERO)
    }

    /// Whether the payer may still pick the currency to pay in.
    pub(super) fn choice_open(&self) -> bool {
        self.payer_picks
            && self.invoice.address.is_none()
            && matches!(
                self.invoice.status,
                InvoiceStatus::Created | InvoiceStatus::Pending
            )
    }

    /// What the merchant is credited: the invoice amount minus its fees.
    pub(super) fn credited(&self) -> Decimal {
        self.invoice.amount.value() - fees::total(&self.charges)
    }

    pub(super) fn callback(&self) -> types::InvoiceCallback {
        let invoice = &self.invoice;
        types::InvoiceCallback {
            id: invoice.id,
            foreign_id: Some(invoice.foreign_id.clone()),
            end_user_reference: invoice.end_user_reference.clone(),
            type_: CallbackType::Invoice,
            crypto_address: invoice
                .address
                .as_ref()
                .map(|address| types::CryptoAddress {
                    id: invoice.id,
                    currency: self.pay_in.currency_code(),
                    convert_to: (self.pay_in.code != self.credit_in.code)
                        .then(|| self.credit_in.currency_code()),
                    address: address.clone(),
                    tag: None,
                    foreign_id: None,
                    cross_currency: None,
                    expected_currency: None,
                }),
            currency_sent: Some(types::CurrencyAmount {
                currency: self.pay_in.currency_code(),
                amount: money(self.expected),
                amount_minus_fee: None,
                remaining_amount: Some(money(self.remaining())),
            }),
            currency_received: Some(types::CurrencyAmount {
                currency: self.credit_in.currency_code(),
                amount: invoice.amount,
                // AlphaPo's invoice callbacks list the fees only in `fees`.
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            transactions: self.transfers.clone(),
            fees: fees::entries(&self.charges),
            error: Some(self.error.clone()),
            status: invoice.status.clone(),
            fixed_at: invoice.fixed_at,
            expires_at: invoice.release_at,
        }
    }
}

impl Invoices {
    /// An invoice as a `transactions/info` answer.
    pub(crate) fn find(
        &self,
        request: &types::TransactionInfoRequest,
    ) -> Option<types::TransactionCallback> {
        let id = match request {
            types::TransactionInfoRequest::Id(id) => *id,
            types::TransactionInfoRequest::ForeignId(foreign_id) => {
                *self.by_foreign_id.get(foreign_id)?
            }
            types::TransactionInfoRequest::Txid(_) => return None,
        };
        let callback = self.records.get(&id)?.callback();
        Some(types::TransactionCallback {
            id: callback.id,
            foreign_id: callback.foreign_id,
            end_user_reference: callback.end_user_reference,
            type_: callback.type_,
            crypto_address: callback.crypto_address,
            currency_sent: callback.currency_sent,
            currency_received: callback.currency_received,
            transactions: callback.transactions,
            fees: callback.fees,
            error: callback.error,
            status: TransactionStatus::from(callback.status.as_str()),
            futures_id: None,
            transaction_id: None,
        })
    }
}

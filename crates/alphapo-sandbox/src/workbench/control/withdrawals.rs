//! `GET /_sandbox/withdrawals`: every withdrawal in one short row, for a
//! harness that counts what was paid out.

use alphapo_gen::{Amount, CurrencyCode, StringOrInteger, TransactionStatus, types};
use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::workbench::extract::Shared;

/// One withdrawal: `amount` and `currency` are what was debited before fees
/// (the first leg: the exchange's when it converts, else the blockchain's).
#[derive(Debug, Serialize)]
pub(super) struct Row {
    id: i64,
    foreign_id: Option<StringOrInteger>,
    amount: Option<Amount>,
    currency: Option<CurrencyCode>,
    status: TransactionStatus,
}

impl From<types::TransactionCallback> for Row {
    fn from(view: types::TransactionCallback) -> Self {
        let first = view.transactions.into_iter().next();
        Self {
            id: view.id,
            foreign_id: view.foreign_id,
            currency: first.as_ref().map(|leg| leg.currency.clone()),
            amount: first.map(|leg| leg.amount),
            status: view.status,
        }
    }
}

/// `GET /_sandbox/withdrawals`: every withdrawal, newest first.
pub(super) async fn list(State(engine): Shared) -> Json<Vec<Row>> {
    Json(
        engine
            .read(|world| world.withdrawals())
            .into_iter()
            .map(Row::from)
            .collect(),
    )
}

//! An invoice's hosted page (its `url`) and the state it polls.

use std::sync::Arc;

use alphapo_gen::InvoiceStatus;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::checkout::Checkout;
use super::html;
use crate::runtime::Engine;
use crate::workbench::extract::Path;
use crate::world::InvoiceCheckout;
use crate::world::catalog;

fn checkout(engine: &Engine, id: i64) -> Result<Checkout, crate::world::DriveError> {
    engine
        .read(|world| world.invoice_checkout(id))
        .map(from_view)
}

fn from_view(view: InvoiceCheckout) -> Checkout {
    let invoice = view.invoice;
    let settled = matches!(
        invoice.status,
        InvoiceStatus::Confirmed | InvoiceStatus::Failed
    );
    Checkout {
        kind: "Invoice",
        title: invoice
            .title
            .clone()
            .unwrap_or_else(|| "Invoice".to_owned()),
        reference: invoice.id.to_string(),
        asked: format!(
            "{} {}",
            catalog::find(&invoice.currency).map_or_else(
                || invoice.amount.to_string(),
                |spec| spec.written(invoice.amount.value())
            ),
            invoice.currency
        ),
        pay_currency: view.pay_currency,
        to_pay: view.to_pay,
        remaining: view.remaining,
        address: invoice.address.clone(),
        seconds_left: view.seconds_left,
        status: invoice.status.to_string(),
        settled,
        redirect: view.redirect,
        base: format!("/_sandbox/invoices/{}", invoice.id),
        choices: view.choices,
    }
}

/// The HTML page of invoice `id` (a 404 page if there is none).
pub(crate) fn page(engine: &Engine, id: i64) -> Response {
    match checkout(engine, id) {
        Ok(checkout) => checkout.page(),
        Err(error) => html::not_found(&error.to_string()),
    }
}

/// `GET /_sandbox/invoices/{id}/checkout`: what the page shows now, JSON.
pub(crate) async fn live(State(engine): State<Arc<Engine>>, Path(id): Path<i64>) -> Response {
    match checkout(&engine, id) {
        Ok(checkout) => checkout.live(),
        Err(error) => error.into_response(),
    }
}

//! A payment request's hosted page (its `payment_link`) and the state it
//! polls.

use std::sync::Arc;

use alphapo_gen::PaymentRequestStatus;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::checkout::Checkout;
use super::html;
use crate::runtime::Engine;
use crate::workbench::extract::Path;
use crate::world::PaymentRequestCheckout;
use crate::world::catalog;

fn checkout(engine: &Engine, id: &str) -> Result<Checkout, crate::world::DriveError> {
    engine
        .read(|world| world.payment_request_checkout(id))
        .map(from_view)
}

fn from_view(view: PaymentRequestCheckout) -> Checkout {
    let request = view.request;
    let settled = matches!(
        request.status,
        PaymentRequestStatus::Paid | PaymentRequestStatus::Expired | PaymentRequestStatus::Failed
    );
    let asked = match (&request.amount, &request.currency) {
        (Some(amount), Some(currency)) => {
            let amount = catalog::find_payment(currency)
                .map_or_else(|| amount.to_string(), |spec| spec.written(amount.value()));
            match &currency.network_name {
                Some(network) => format!("{amount} {} ({network})", currency.iso),
                None => format!("{amount} {}", currency.iso),
            }
        }
        _ => String::new(),
    };
    Checkout {
        kind: "Payment request",
        title: request
            .description
            .clone()
            .filter(|description| !description.is_empty())
            .unwrap_or_else(|| "Payment request".to_owned()),
        reference: request.id.clone(),
        asked,
        pay_currency: view.pay_currency,
        to_pay: view.to_pay,
        remaining: view.remaining,
        address: view.address,
        seconds_left: view.seconds_left,
        status: request.status.to_string(),
        settled,
        redirect: view.redirect,
        base: format!("/_sandbox/payment-requests/{}", request.id),
        choices: Vec::new(),
    }
}

/// The HTML page of payment request `id` (a 404 page if there is none).
pub(crate) fn page(engine: &Engine, id: &str) -> Response {
    match checkout(engine, id) {
        Ok(checkout) => checkout.page(),
        Err(error) => html::not_found(&error.to_string()),
    }
}

/// `GET /_sandbox/payment-requests/{id}/checkout`: what the page shows now,
/// JSON.
pub(crate) async fn live(State(engine): State<Arc<Engine>>, Path(id): Path<String>) -> Response {
    match checkout(&engine, &id) {
        Ok(checkout) => checkout.live(),
        Err(error) => error.into_response(),
    }
}

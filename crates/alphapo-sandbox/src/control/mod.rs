//! The control API under `/_sandbox` (a prefix AlphaPo never uses): the
//! driving calls of [`SandboxHandle`](crate::SandboxHandle) over HTTP. The
//! routes are listed in the crate documentation.

use std::fmt::Display;
use std::sync::Arc;

use alphapo_gen::{Amount, types};
mod clock;
mod extract;
mod faults;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::DriveError;
use crate::engine::Engine;
use extract::{Body, Path};

#[derive(Deserialize)]
struct DepositBody {
    address: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct PaymentBody {
    amount: Amount,
}

#[derive(Serialize)]
struct StatusBody {
    status: String,
}

type Shared = State<Arc<Engine>>;

/// 200 with `{"status"}`, or the driving error.
fn status_reply(outcome: Result<impl Display, DriveError>) -> Response {
    outcome
        .map(|status| {
            let status = status.to_string();
            Json(StatusBody { status }).into_response()
        })
        .unwrap_or_else(IntoResponse::into_response)
}

/// 200 with a JSON body, or the driving error.
fn json_reply<T: Serialize>(outcome: Result<T, DriveError>) -> Response {
    outcome
        .map(|body| Json(body).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

async fn deposit(State(engine): Shared, Body(body): Body<DepositBody>) -> Response {
    match engine.with_world(|world| world.simulate_deposit(&body.address, body.amount.value())) {
        Ok(receipt) => (StatusCode::CREATED, Json(receipt)).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn invoice(State(engine): Shared, Path(id): Path<i64>) -> Response {
    json_reply(engine.read(|world| world.invoice(id)))
}

async fn pay_invoice(
    State(engine): Shared,
    Path(id): Path<i64>,
    Body(body): Body<PaymentBody>,
) -> Response {
    status_reply(engine.with_world(|world| world.pay_invoice(id, body.amount.value())))
}

async fn expire_invoice(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.expire_invoice(id))
            .map(|()| "failed"),
    )
}

async fn confirm_withdrawal(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.confirm_withdrawal(id))
            .map(|()| "confirmed"),
    )
}

async fn cancel_withdrawal(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.cancel_withdrawal(id))
            .map(|()| "cancelled"),
    )
}

async fn payment_request(State(engine): Shared, Path(id): Path<String>) -> Response {
    json_reply(engine.read(|world| world.payment_request(&id)))
}

async fn pay_payment_request(
    State(engine): Shared,
    Path(id): Path<String>,
    Body(body): Body<PaymentBody>,
) -> Response {
    status_reply(engine.with_world(|world| world.pay_payment_request(&id, body.amount.value())))
}

async fn expire_payment_request(State(engine): Shared, Path(id): Path<String>) -> Response {
    status_reply(engine.with_world(|world| world.expire_payment_request(&id)))
}

async fn balances(State(engine): Shared) -> Json<Vec<types::Balance>> {
    Json(engine.read(|world| world.balances()))
}

async fn callbacks(State(engine): Shared) -> Json<Vec<crate::Delivery>> {
    Json(engine.log.snapshot())
}

/// The control routes.
pub(crate) fn routes() -> Router<Arc<Engine>> {
    Router::new()
        .route("/_sandbox/deposits", post(deposit))
        .route("/_sandbox/invoices/{id}", get(invoice))
        .route("/_sandbox/invoices/{id}/payments", post(pay_invoice))
        .route("/_sandbox/invoices/{id}/expire", post(expire_invoice))
        .route(
            "/_sandbox/withdrawals/{id}/confirm",
            post(confirm_withdrawal),
        )
        .route("/_sandbox/withdrawals/{id}/cancel", post(cancel_withdrawal))
        .route("/_sandbox/payment-requests/{id}", get(payment_request))
        .route(
            "/_sandbox/payment-requests/{id}/payments",
            post(pay_payment_request),
        )
        .route(
            "/_sandbox/payment-requests/{id}/expire",
            post(expire_payment_request),
        )
        .route("/_sandbox/balances", get(balances))
        .route("/_sandbox/callbacks", get(callbacks))
        .route(
            "/_sandbox/faults",
            get(faults::list).post(faults::arm).delete(faults::clear),
        )
        .route("/_sandbox/clock", get(clock::now))
        .route("/_sandbox/clock/advance", post(clock::advance))
}

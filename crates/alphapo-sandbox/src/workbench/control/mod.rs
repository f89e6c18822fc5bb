//! The control API under `/_sandbox` (a prefix AlphaPo never uses): the
//! driving calls of [`SandboxHandle`](crate::SandboxHandle) over HTTP. The
//! routes are listed in the crate documentation.

use std::fmt::Display;

use alphapo_gen::{Amount, types};
mod clock;
mod events;
mod faults;
mod withdrawals;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

use crate::api;
use crate::workbench::extract::Shared;
use crate::workbench::extract::{Body, Path};
use crate::workbench::pages;
use crate::workbench::state::Workbench;
use crate::world::DriveError;

#[derive(Deserialize)]
struct DepositBody {
    address: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct PaymentBody {
    amount: Amount,
}

#[derive(Deserialize)]
struct CurrencyBody {
    currency: String,
}

#[derive(Serialize)]
struct StatusBody {
    status: String,
}

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

/// The invoice as JSON, or its checkout page for a browser.
async fn invoice(State(engine): Shared, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    if pages::wants_html(&headers) {
        return pages::invoice::page(&engine, id);
    }
    json_reply(engine.read(|world| world.invoice(id)))
}

async fn pay_invoice(
    State(engine): Shared,
    Path(id): Path<i64>,
    Body(body): Body<PaymentBody>,
) -> Response {
    status_reply(engine.with_world(|world| world.pay_invoice(id, body.amount.value())))
}

async fn choose_invoice_currency(
    State(engine): Shared,
    Path(id): Path<i64>,
    Body(body): Body<CurrencyBody>,
) -> Response {
    json_reply(engine.with_world(|world| world.choose_invoice_currency(id, &body.currency)))
}

async fn expire_invoice(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.expire_invoice(id))
            .map(|()| "failed"),
    )
}

async fn cancel_invoice(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.cancel_invoice_by_id(id))
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

async fn decline_withdrawal(State(engine): Shared, Path(id): Path<i64>) -> Response {
    status_reply(
        engine
            .with_world(|world| world.decline_withdrawal(id))
            .map(|()| "declined"),
    )
}

/// The payment request as JSON, or its checkout page for a browser.
async fn payment_request(
    State(engine): Shared,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if pages::wants_html(&headers) {
        return pages::payment_request::page(&engine, &id);
    }
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

async fn trigger(State(engine): Shared, Path(name): Path<String>) -> Response {
    let outcome = name
        .parse::<crate::world::TriggerEvent>()
        .map_err(DriveError::from)
        .and_then(|event| engine.with_world(|world| world.trigger(event)));
    json_reply(outcome)
}

async fn balances(State(engine): Shared) -> Json<Vec<types::Balance>> {
    Json(engine.read(|world| world.balances()))
}

async fn callbacks(State(engine): Shared) -> Json<Vec<crate::delivery::Delivery>> {
    Json(engine.log.snapshot())
}

#[derive(Serialize)]
struct Resent {
    id: u64,
}

async fn resend_callback(State(engine): Shared, Path(id): Path<u64>) -> Response {
    match engine.resend(id) {
        Ok(id) => (StatusCode::ACCEPTED, Json(Resent { id })).into_response(),
        Err(error) => error.into_response(),
    }
}

/// One route of the control API, as `alphapo sandbox --help` and its
/// startup message list them.
///
/// ```
/// let deposits = alphapo_sandbox::control_routes()
///     .find(|route| route.path == "/_sandbox/deposits");
/// assert_eq!(deposits.map(|route| route.method), Some("POST"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlRoute {
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// The path, with `{id}` or `{event}` where a value goes.
    pub path: &'static str,
    /// The JSON body it takes, if any (e.g. `{"amount"}`).
    pub body: Option<&'static str>,
    /// What it does.
    pub summary: &'static str,
}

/// A route and the axum method router that serves it.
type Served = (ControlRoute, fn() -> MethodRouter<Workbench>);

const fn route(
    method: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    summary: &'static str,
) -> ControlRoute {
    ControlRoute {
        method,
        path,
        body,
        summary,
    }
}

/// The control API: what each route is, and what serves it.
const ROUTES: &[Served] = &[
    (
        route(
            "POST",
            "/_sandbox/deposits",
            Some(r#"{"address", "amount"}"#),
            "a blockchain deposit to an address from addresses/take",
        ),
        || post(deposit),
    ),
    (
        route(
            "GET",
            "/_sandbox/",
            None,
            "the dashboard (HTML, for a browser)",
        ),
        || get(pages::dashboard),
    ),
    (
        route(
            "GET",
            "/_sandbox/invoices/{id}",
            None,
            "an invoice (its url); its checkout page for a browser",
        ),
        || get(invoice),
    ),
    (
        route(
            "GET",
            "/_sandbox/invoices/{id}/checkout",
            None,
            "what an invoice's checkout page shows now",
        ),
        || get(pages::invoice::live),
    ),
    (
        route(
            "POST",
            "/_sandbox/invoices/{id}/payments",
            Some(r#"{"amount"}"#),
            "the payer pays (part of) an invoice",
        ),
        || post(pay_invoice),
    ),
    (
        route(
            "POST",
            "/_sandbox/invoices/{id}/currency",
            Some(r#"{"currency"}"#),
            "the payer picks the currency to pay in (invoices without sender_currency)",
        ),
        || post(choose_invoice_currency),
    ),
    (
        route(
            "POST",
            "/_sandbox/invoices/{id}/expire",
            None,
            "an invoice's timer runs out",
        ),
        || post(expire_invoice),
    ),
    (
        route(
            "POST",
            "/_sandbox/invoices/{id}/cancel",
            None,
            "the merchant cancels an open invoice (as `invoices/{foreign_id}/cancel/` does)",
        ),
        || post(cancel_invoice),
    ),
    (
        route(
            "GET",
            "/_sandbox/withdrawals",
            None,
            "every withdrawal: id, foreign_id, amount, currency, status",
        ),
        || get(withdrawals::list),
    ),
    (
        route(
            "POST",
            "/_sandbox/withdrawals/{id}/confirm",
            None,
            "a withdrawal is confirmed on chain",
        ),
        || post(confirm_withdrawal),
    ),
    (
        route(
            "POST",
            "/_sandbox/withdrawals/{id}/cancel",
            None,
            "a withdrawal fails; the money goes back",
        ),
        || post(cancel_withdrawal),
    ),
    (
        route(
            "POST",
            "/_sandbox/withdrawals/{id}/decline",
            None,
            "a reviewer declines a withdrawal; the money goes back",
        ),
        || post(decline_withdrawal),
    ),
    (
        route(
            "GET",
            "/_sandbox/payment-requests/{id}",
            None,
            "a payment request (its payment_link); its checkout page for a browser",
        ),
        || get(payment_request),
    ),
    (
        route(
            "GET",
            "/_sandbox/payment-requests/{id}/checkout",
            None,
            "what a payment request's checkout page shows now",
        ),
        || get(pages::payment_request::live),
    ),
    (
        route(
            "POST",
            "/_sandbox/payment-requests/{id}/payments",
            Some(r#"{"amount"}"#),
            "the payer pays (part of) a payment request",
        ),
        || post(pay_payment_request),
    ),
    (
        route(
            "POST",
            "/_sandbox/payment-requests/{id}/expire",
            None,
            "a payment request's lifespan ends",
        ),
        || post(expire_payment_request),
    ),
    (
        route(
            "POST",
            "/_sandbox/triggers/{event}",
            None,
            "creates what an event needs and drives it there (see `alphapo trigger --help`)",
        ),
        || post(trigger),
    ),
    (
        route("GET", "/_sandbox/balances", None, "the balances"),
        || get(balances),
    ),
    (
        route(
            "GET",
            "/_sandbox/callbacks",
            None,
            "every callback delivery so far",
        ),
        || get(callbacks),
    ),
    (
        route(
            "POST",
            "/_sandbox/callbacks/{id}/resend",
            None,
            "sends a callback delivery again, as a new delivery",
        ),
        || post(resend_callback),
    ),
    (
        route(
            "GET",
            "/_sandbox/events",
            None,
            "the live log, streamed as text lines (?reads=true adds the reads)",
        ),
        || get(events::stream),
    ),
    (
        route("GET", "/_sandbox/faults", None, "the armed faults"),
        || get(faults::list),
    ),
    (
        route(
            "POST",
            "/_sandbox/faults",
            Some(r#"{"fault": "T=MODE"}"#),
            "arms a fault: --fault's text, or {\"target\", \"mode\", ...}",
        ),
        || post(faults::arm),
    ),
    (
        route(
            "DELETE",
            "/_sandbox/faults",
            None,
            "clears every fault (a held callback goes out)",
        ),
        || delete(faults::clear),
    ),
    (
        route("GET", "/_sandbox/clock", None, "the sandbox's clock"),
        || get(clock::now),
    ),
    (
        route(
            "POST",
            "/_sandbox/clock/advance",
            Some(r#"{"seconds"}"#),
            "moves the clock on and runs the timers that came due",
        ),
        || post(clock::advance),
    ),
];

/// Every route of the control API, in the order the documentation lists
/// them.
///
/// See [`ControlRoute`] for an example.
pub fn control_routes() -> impl Iterator<Item = &'static ControlRoute> {
    ROUTES.iter().map(|(route, _)| route)
}

/// The methods the control routes serve at `path`, in the table's order;
/// empty when no control route has the path. A `{...}` segment of a
/// route's path stands for any one segment.
pub(crate) fn methods_at(path: &str) -> Vec<&'static str> {
    let mut methods = Vec::new();
    for route in control_routes().filter(|route| api::fills(route.path, path)) {
        if !methods.contains(&route.method) {
            methods.push(route.method);
        }
    }
    methods
}

/// The control routes.
pub(crate) fn routes() -> Router<Workbench> {
    ROUTES.iter().fold(Router::new(), |router, (route, serve)| {
        router.route(route.path, serve())
    })
}

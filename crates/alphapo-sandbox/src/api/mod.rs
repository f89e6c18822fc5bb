//! The AlphaPo API: one [`Operation`] per endpoint of the spec, all served
//! by the same checks (armed faults, rate limit, auth, validation) in
//! [`endpoint`].

/// Implements [`Operation`] for an endpoint that creates something: its
/// request (a type of `alphapo_gen::types`) goes to one method of the world,
/// through `Engine::with_world` so the callbacks and timers it causes go out,
/// and the result is answered with 201 under `data`.
macro_rules! create_operation {
    ($operation:ident: $request:ident => $response:ident, $method:ident) => {
        impl $crate::api::Operation for $operation {
            type Request = ::alphapo_gen::types::$request;
            type Response = ::alphapo_gen::types::$response;
            const STATUS: ::http::StatusCode = ::http::StatusCode::CREATED;

            fn run(
                engine: &::std::sync::Arc<$crate::engine::Engine>,
                request: Self::Request,
            ) -> Result<Self::Response, $crate::validation::ValidationErrors> {
                engine
                    .with_world(|world| world.$method(request))
                    .map(|data| ::alphapo_gen::types::$response { data })
                    .map_err($crate::validation::ValidationErrors::from)
            }
        }
    };
}

mod balances;
mod currencies;
mod deposits;
mod exchanges;
mod invoices;
mod payment_requests;
mod transactions;
mod withdrawals;

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::auth::{self, Rejection};
use crate::engine::Engine;
use crate::faults;
use crate::reply::{ErrorReply, Unreadable};
use crate::validation::{self, ValidationErrors};

/// One endpoint: its generated request and response types, its success
/// status and what it does.
pub(crate) trait Operation: 'static {
    /// The generated request body type.
    type Request: DeserializeOwned + JsonSchema + 'static;
    /// The generated response body type.
    type Response: Serialize;
    /// 200 for reads, 201 for creates.
    const STATUS: StatusCode;
    /// Whether the `exchange/calculate` rate limit applies.
    const RATE_LIMITED: bool = false;

    /// Reads the JSON body into the request type.
    fn prepare(body: Value) -> Result<Self::Request, ValidationErrors> {
        validation::parse(body)
    }

    /// Does the work.
    fn run(
        engine: &Arc<Engine>,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors>;
}

/// The handler of every signed endpoint; `id` is its operationId, which a
/// [fault](crate::Fault) may strike.
async fn endpoint<Op: Operation>(
    id: &'static str,
    State(engine): State<Arc<Engine>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return Unreadable::new(rejection.status(), rejection.body_text()).into_response();
        }
    };
    let fault = engine.faults.strike_call(id);
    faults::apply(fault, engine.clock(), || {
        match serve::<Op>(&engine, &headers, &body) {
            Ok(response) => (Op::STATUS, Json(response)).into_response(),
            Err(failure) => failure.into_response(),
        }
    })
    .await
}

fn serve<Op: Operation>(
    engine: &Arc<Engine>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Op::Response, ErrorReply> {
    // The rate limit sits in front of the API (Cloudflare), before any check.
    if Op::RATE_LIMITED && !engine.calculate_limit.admit() {
        return Err(ErrorReply::RateLimited);
    }
    let body = auth::check(&engine.verifier, headers, body)?;
    if body.is_array() && !validation::takes_arrays::<Op::Request>() {
        return Err(Rejection::BadContentFormat.into());
    }
    let request = Op::prepare(body)?;
    Ok(Op::run(engine, request)?)
}

/// `GET /api/v2/ping`: plain `OK`, no authentication.
async fn ping() -> impl IntoResponse {
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=UTF-8"),
        )],
        "OK",
    )
}

/// One signed endpoint: its operationId, path and handler.
struct Route {
    id: &'static str,
    path: &'static str,
    handler: MethodRouter<Arc<Engine>>,
}

impl Route {
    fn post<Op: Operation>(id: &'static str, path: &'static str) -> Self {
        let handler = post(move |state, headers, body| endpoint::<Op>(id, state, headers, body));
        Self { id, path, handler }
    }

    fn get<Op: Operation>(id: &'static str, path: &'static str) -> Self {
        let handler = get(move |state, headers, body| endpoint::<Op>(id, state, headers, body));
        Self { id, path, handler }
    }
}

/// Every signed endpoint of the spec.
fn signed_routes() -> [Route; 12] {
    [
        Route::post::<balances::AccountsList>("accounts_list", "/api/v2/accounts/list"),
        Route::post::<currencies::CurrenciesList>("currencies_list", "/api/v2/currencies/list"),
        Route::post::<currencies::CurrenciesPairs>("currencies_pairs", "/api/v2/currencies/pairs"),
        Route::post::<currencies::CurrenciesRates>("currencies_rates", "/api/v2/currencies/rates"),
        Route::post::<deposits::AddressesTake>("addresses_take", "/api/v2/addresses/take"),
        Route::post::<withdrawals::WithdrawalCrypto>(
            "withdrawal_crypto",
            "/api/v2/withdrawal/crypto",
        ),
        Route::post::<exchanges::ExchangeCalculate>(
            "exchange_calculate",
            "/api/v2/exchange/calculate",
        ),
        Route::post::<exchanges::ExchangeFixed>("exchange_fixed", "/api/v2/exchange/fixed"),
        Route::post::<exchanges::ExchangeNow>("exchange_now", "/api/v2/exchange/now"),
        Route::post::<invoices::InvoicesCreate>("invoices_create", "/api/v2/invoices/create"),
        Route::get::<transactions::TransactionsInfo>(
            "transactions_info",
            "/api/v2/transactions/info",
        ),
        Route::post::<payment_requests::PaymentRequestsCreate>(
            "payment_requests_create",
            "/api/payments/v1/requests",
        ),
    ]
}

/// The operationIds a [fault](crate::Fault) can strike.
pub(crate) fn operation_ids() -> Vec<&'static str> {
    signed_routes().into_iter().map(|route| route.id).collect()
}

/// Every path of the spec.
pub(crate) fn routes() -> Router<Arc<Engine>> {
    signed_routes().into_iter().fold(
        Router::new().route("/api/v2/ping", get(ping)),
        |router, route| router.route(route.path, route.handler),
    )
}

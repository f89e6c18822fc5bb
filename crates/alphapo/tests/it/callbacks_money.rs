//! Money that settles is greater than zero: a confirmed callback with a zero
//! or negative amount where its settlement is read is refused with a typed
//! error, by the entry point, the axum extractor (400) and the inbox (which
//! then stores nothing). One case per money field of every callback kind.

use alphapo::CallbackType;
use alphapo::callbacks::{CallbackError, Settlement};
use serde_json::{Value, json};

use crate::callbacks_support::receive;

/// A confirmed transaction callback of `callback_type` with positive amounts.
fn transaction(callback_type: &str) -> Value {
    json!({
        "id": 7, "type": callback_type, "status": "confirmed",
        "currency_sent": {"currency": "EUR", "amount": "26.75", "amount_minus_fee": "26.5"},
        "currency_received": {"currency": "BTC", "amount": "0.003", "amount_minus_fee": "0.0029"},
        "transactions": [], "fees": [], "error": ""
    })
}

/// Every money field a settlement is read from: the callback (confirmed,
/// positive amounts), its type and the path of the field.
fn money_fields() -> Vec<(Value, CallbackType, &'static str)> {
    let mut cases = Vec::new();
    for (name, callback_type) in [
        ("deposit", CallbackType::Deposit),
        ("deposit_exchange", CallbackType::DepositExchange),
    ] {
        for field in [
            "currency_received.amount",
            "currency_received.amount_minus_fee",
        ] {
            cases.push((transaction(name), callback_type.clone(), field));
        }
    }
    for (name, callback_type) in [
        ("withdrawal", CallbackType::Withdrawal),
        ("withdrawal_exchange", CallbackType::WithdrawalExchange),
        ("withdrawal_instant", CallbackType::WithdrawalInstant),
        (
            "withdrawal_instant_exchange",
            CallbackType::WithdrawalInstantExchange,
        ),
    ] {
        for field in ["currency_sent.amount", "currency_sent.amount_minus_fee"] {
            cases.push((transaction(name), callback_type.clone(), field));
        }
    }
    for field in [
        "currency_sent.amount",
        "currency_sent.amount_minus_fee",
        "currency_received.amount",
        "currency_received.amount_minus_fee",
    ] {
        cases.push((transaction("exchange"), CallbackType::Exchange, field));
    }
    let invoice = json!({
        "id": 9, "type": "invoice", "status": "confirmed",
        "currency_sent": {"currency": "BTC", "amount": "0.01", "remaining_amount": "0"},
        "currency_received": {"currency": "EUR", "amount": "381", "amount_minus_fee": "380"},
        "transactions": [], "fees": []
    });
    for field in [
        "currency_received.amount",
        "currency_received.amount_minus_fee",
    ] {
        cases.push((invoice.clone(), CallbackType::Invoice, field));
    }
    let request = json!({
        "payment_request_id": "9b2f", "type": "payment_request", "status": "paid",
        "payment_request_amount": {"currency": {"iso": "EUR"}, "amount": "100"}
    });
    cases.push((
        request,
        CallbackType::PaymentRequest,
        "payment_request_amount.amount",
    ));
    cases
}

/// `callback` with `field` (a dotted path) set to `amount`.
fn with_amount(mut callback: Value, field: &str, amount: &str) -> Vec<u8> {
    let pointer = format!("/{}", field.replace('.', "/"));
    *callback
        .pointer_mut(&pointer)
        .unwrap_or_else(|| panic!("no {field}")) = json!(amount);
    serde_json::to_vec(&callback).expect("serializable")
}

#[test]
fn every_money_field_settles_when_positive() {
    for (callback, callback_type, field) in money_fields() {
        let body = serde_json::to_vec(&callback).expect("serializable");
        let verified = receive(&body).unwrap_or_else(|error| panic!("{field}: {error}"));
        assert_eq!(verified.callback().callback_type(), callback_type);
        let settlement = verified.callback().settlement();
        assert!(
            settlement.is_some(),
            "{callback_type} {field}: no settlement"
        );
    }
}

#[test]
fn a_zero_or_negative_amount_in_any_money_field_is_refused() {
    for (callback, callback_type, field) in money_fields() {
        for amount in ["-5", "0", "0.00000000", "-0.00000001"] {
            let body = with_amount(callback.clone(), field, amount);
            assert_eq!(
                receive(&body).map(|verified| verified.into_parts().0),
                Err(CallbackError::NonPositiveAmount {
                    callback_type: callback_type.clone(),
                    field,
                }),
                "{callback_type} {field} = {amount}"
            );
        }
    }
}

#[test]
fn the_error_names_the_field_and_never_the_amount() {
    let body = with_amount(
        transaction("deposit"),
        "currency_received.amount_minus_fee",
        "-5",
    );
    let error = receive(&body).expect_err("refused");
    assert!(!error.is_unverified());
    let text = error.to_string();
    assert!(
        text.contains("currency_received.amount_minus_fee"),
        "{text}"
    );
    assert!(!text.contains("-5"), "{text}");
}

#[test]
fn amounts_that_settle_nothing_are_not_checked() {
    // Not confirmed: no settlement is read, so the amounts are left alone.
    let mut pending = transaction("deposit");
    pending["status"] = json!("not_confirmed");
    let body = with_amount(pending, "currency_received.amount", "0");
    assert_eq!(
        receive(&body).expect("accepted").callback().settlement(),
        None
    );

    // A deposit reads `currency_received` only.
    let body = with_amount(transaction("deposit"), "currency_sent.amount", "-5");
    let verified = receive(&body).expect("accepted");
    let Some(Settlement::Incoming(money)) = verified.callback().settlement() else {
        panic!("a deposit is incoming");
    };
    assert_eq!(money.to_string(), "0.0029 BTC");

    // An invoice instalment settles nothing yet.
    let body = serde_json::to_vec(&json!({
        "id": 9, "type": "invoice", "status": "confirmed",
        "currency_sent": {"currency": "BTC", "amount": "0.01", "remaining_amount": "0.01"},
        "currency_received": {"currency": "EUR", "amount": "0"}
    }))
    .expect("serializable");
    assert_eq!(
        receive(&body).expect("accepted").callback().settlement(),
        None
    );
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn the_extractor_answers_400_and_the_handler_never_runs() {
    use alphapo::callbacks::VerifiedCallback;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    let body = with_amount(
        transaction("deposit"),
        "currency_received.amount_minus_fee",
        "-5",
    );
    let router = axum::Router::new()
        .route(
            "/cb",
            axum::routing::post(|_: VerifiedCallback| async {
                panic!("the handler ran") as StatusCode
            }),
        )
        .with_state(crate::callbacks_support::verifier());
    let mut request = Request::post("/cb")
        .body(Body::from(body.clone()))
        .expect("request");
    request
        .headers_mut()
        .extend(alphapo::callbacks::testing::sign_callback(
            &crate::callbacks_support::credentials(),
            &body,
        ));
    let response = router.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[cfg(all(feature = "axum", feature = "sqlite"))]
#[tokio::test]
async fn the_inbox_stores_nothing_and_books_nothing() {
    use alphapo::callbacks::Callback;
    use alphapo::callbacks::inbox::{Handler, Inbox};
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use sqlx::{Sqlite, SqliteConnection};
    use tower::ServiceExt;

    struct Books;
    impl Handler<Sqlite> for Books {
        type Error = sqlx::Error;
        async fn handle(&self, _: &mut SqliteConnection, _: &Callback) -> Result<(), sqlx::Error> {
            panic!("the handler ran")
        }
    }

    // One connection: each SQLite connection has its own in-memory database.
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .expect("connects");
    let inbox = Inbox::new(pool);
    inbox.migrate().await.expect("migrates");
    let pool = inbox.pool().clone();
    let router = inbox.router("/cb", crate::callbacks_support::verifier(), Books);
    for amount in ["-5", "0"] {
        let body = with_amount(
            transaction("deposit"),
            "currency_received.amount_minus_fee",
            amount,
        );
        let mut request = Request::post("/cb")
            .body(Body::from(body.clone()))
            .expect("request");
        request
            .headers_mut()
            .extend(alphapo::callbacks::testing::sign_callback(
                &crate::callbacks_support::credentials(),
                &body,
            ));
        let response = router.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{amount}");
    }
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM alphapo_callbacks")
        .fetch_one(&pool)
        .await
        .expect("counts");
    assert_eq!(stored, 0);
}

//! The `/_sandbox` control API drives the same world over HTTP.

use http::StatusCode;
use serde_json::{Value, json};

use crate::support::{self, balance, client, control, deliveries, start, take_address};

#[tokio::test]
async fn deposits_withdrawals_and_invoices_can_be_driven_over_http() {
    use reqwest::Method;
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;

    let (status, receipt) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/deposits",
        Some(json!({"address": address, "amount": "0.2"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(receipt["status"], "not_confirmed");
    deliveries(&sandbox, 2).await;
    assert_eq!(balance(&client, "BTC").await, "1.19800000");

    let (status, _) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/deposits",
        Some(json!({"address": "nowhere", "amount": "1"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, withdrawal) = crate::support::post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &json!({"currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = withdrawal["data"]["id"].as_i64().unwrap_or_default();
    let path = format!("/_sandbox/withdrawals/{id}/confirm");
    assert_eq!(
        control(&sandbox, Method::POST, &path, None).await,
        (StatusCode::OK, json!({"status": "confirmed"}))
    );
    let (status, error) = control(&sandbox, Method::POST, &path, None).await;
    assert_eq!(
        (status, &error["code"]),
        (StatusCode::CONFLICT, &json!("wrong_state"))
    );

    let (status, invoice) = crate::support::post_json(
        &sandbox,
        "/api/v2/invoices/create",
        &json!({"timer": false, "title": "t", "currency": "EUR", "amount": "20", "foreign_id": "i",
                "end_user_reference": "u", "url_success": "https://shop.example/ok", "url_failed": "https://shop.example/ko"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(invoice["data"]["status"], "created");
    let url = invoice["data"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = invoice["data"]["id"].as_i64().unwrap_or_default();
    let paid = control(
        &sandbox,
        Method::POST,
        &format!("/_sandbox/invoices/{id}/payments"),
        Some(json!({"amount": "20"})),
    )
    .await;
    assert_eq!(paid, (StatusCode::OK, json!({"status": "processing"})));
    deliveries(&sandbox, 5).await;
    let page: Value = reqwest::get(url)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(page["status"], "confirmed");

    let (status, log) = control(&sandbox, Method::GET, "/_sandbox/callbacks", None).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = log
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|d| d["payload"]["type"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        kinds,
        ["deposit", "deposit", "withdrawal", "invoice", "invoice"]
    );
    let (status, balances) = control(&sandbox, Method::GET, "/_sandbox/balances", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(balances.as_array().map(Vec::len), Some(10));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_withdrawal_can_be_declined_over_http() {
    use reqwest::Method;
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let (status, withdrawal) = crate::support::post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &json!({"currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(balance(&client, "BTC").await, "0.98990000");
    let id = withdrawal["data"]["id"].as_i64().unwrap_or_default();
    let path = format!("/_sandbox/withdrawals/{id}/decline");
    assert_eq!(
        control(&sandbox, Method::POST, &path, None).await,
        (StatusCode::OK, json!({"status": "declined"}))
    );
    assert_eq!(balance(&client, "BTC").await, "1.00000000");
    let (status, error) = control(&sandbox, Method::POST, &path, None).await;
    assert_eq!(
        (status, &error["code"]),
        (StatusCode::CONFLICT, &json!("wrong_state"))
    );
    let (status, _) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/withdrawals/7/decline",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(delivered[0].payload.status(), "declined");
    sandbox.shutdown().await;
}

#[test]
fn the_crate_documentation_lists_every_control_route() {
    let docs = include_str!("../../src/lib.rs");
    for route in alphapo_sandbox::control_routes() {
        let row = format!("//! | `{} {}` |", route.method, route.path);
        assert!(docs.contains(&row), "the Control API table has no {row}");
    }
}

/// A sandbox on a frozen clock (timers run only when it is advanced).
async fn frozen(config: alphapo_sandbox::SandboxConfig) -> alphapo_sandbox::SandboxHandle {
    let mut config = config;
    config.clock = alphapo_sandbox::Clock::frozen_at(1_700_000_000);
    start(config).await
}

/// The status of transaction `id`, as `transactions/info` tells it.
async fn status_of(sandbox: &alphapo_sandbox::SandboxHandle, id: &Value) -> String {
    let body = json!({ "id": id }).to_string();
    let (status, text) = support::raw(
        sandbox,
        reqwest::Method::GET,
        "/api/v2/transactions/info",
        body.as_bytes(),
        |_| {},
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let info: Value = serde_json::from_str(&text).unwrap_or_default();
    let view = info.get("data").unwrap_or(&info);
    view["status"].as_str().unwrap_or_default().to_owned()
}

async fn advance(sandbox: &alphapo_sandbox::SandboxHandle) {
    let (status, clock) = control(
        sandbox,
        reqwest::Method::POST,
        "/_sandbox/clock/advance",
        Some(json!({"seconds": 60})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{clock}");
}

#[tokio::test]
async fn control_amounts_beyond_the_bound_are_refused_with_422_and_nothing_breaks() {
    use reqwest::Method;
    let sandbox = frozen(support::config()).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    let too_large = json!({
        "error": "the amount must not be greater than 1000000000000000000",
        "code": "amount_too_large"
    });
    // Twice the same huge deposit to one address: each refused, none kept.
    for amount in [
        "60000000000000000000000000000",
        "60000000000000000000000000000",
        "1000000000000000000.00000001",
    ] {
        let answer = control(
            &sandbox,
            Method::POST,
            "/_sandbox/deposits",
            Some(json!({"address": address, "amount": amount})),
        )
        .await;
        assert_eq!(
            answer,
            (StatusCode::UNPROCESSABLE_ENTITY, too_large.clone()),
            "{amount}"
        );
    }
    let (status, invoice) = support::post_json(
        &sandbox,
        "/api/v2/invoices/create",
        &json!({"timer": false, "title": "t", "currency": "EUR", "amount": "100",
            "foreign_id": "i-huge", "end_user_reference": "u",
            "url_success": "https://shop.example/ok", "url_failed": "https://shop.example/ko"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{invoice}");
    let id = invoice["data"]["id"].as_i64().unwrap_or_default();
    let answer = control(
        &sandbox,
        Method::POST,
        &format!("/_sandbox/invoices/{id}/payments"),
        Some(json!({"amount": "60000000000000000000000000000"})),
    )
    .await;
    assert_eq!(answer, (StatusCode::UNPROCESSABLE_ENTITY, too_large));
    // The bound itself is taken, and confirmed when the clock moves on.
    let (status, receipt) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/deposits",
        Some(json!({"address": address, "amount": "1000000000000000000"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    advance(&sandbox).await;
    assert_eq!(status_of(&sandbox, &receipt["id"]).await, "confirmed");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_timer_whose_credit_would_overflow_is_an_error_event_and_the_clock_still_answers() {
    use alphapo_sandbox::SandboxEvent;
    use reqwest::Method;
    let mut config = support::config();
    config.initial_balances.insert(
        "BTC".to_owned(),
        support::amount("79228162514264337593543950335"),
    );
    let sandbox = frozen(config).await;
    let mut events = sandbox.events();
    let client = client(&sandbox);
    let btc = take_address(&client, "BTC", "customer-1").await;
    let eth = take_address(&client, "ETH", "customer-1").await;
    let mut receipts = Vec::new();
    for address in [&btc, &eth] {
        let (status, receipt) = control(
            &sandbox,
            Method::POST,
            "/_sandbox/deposits",
            Some(json!({"address": address, "amount": "1"})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        receipts.push(receipt);
    }
    advance(&sandbox).await;
    let failure = loop {
        match events.recv().await {
            Ok(SandboxEvent::TimerFailed(failure)) => break failure,
            Ok(_) => {}
            Err(error) => panic!("no timer failure event: {error}"),
        }
    };
    assert_eq!(
        failure.error,
        "the BTC balance would exceed the largest amount the sandbox holds"
    );
    assert_eq!(
        failure.timer,
        format!("confirm deposit {}", receipts[0]["id"])
    );
    // The failed deposit changed nothing; the other timer ran.
    assert_eq!(
        status_of(&sandbox, &receipts[0]["id"]).await,
        "not_confirmed"
    );
    assert_eq!(status_of(&sandbox, &receipts[1]["id"]).await, "confirmed");
    assert_eq!(
        balance(&client, "BTC").await,
        "79228162514264337593543950335"
    );
    // The clock keeps answering.
    advance(&sandbox).await;
    sandbox.shutdown().await;
}

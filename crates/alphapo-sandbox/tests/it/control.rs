//! The `/_sandbox` control API drives the same world over HTTP.

use http::StatusCode;
use serde_json::{Value, json};

use crate::support::{self, balance, client, deliveries, start, take_address};

async fn control(
    sandbox: &alphapo_sandbox::SandboxHandle,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path}", sandbox.base_url()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{path}: {error}"));
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

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
        &json!({"currency": "BTC", "amount": "0.01", "address": "a", "foreign_id": "w", "end_user_reference": "u"}),
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
    assert_eq!(balances.as_array().map(Vec::len), Some(7));
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
        &json!({"currency": "BTC", "amount": "0.01", "address": "a", "foreign_id": "w", "end_user_reference": "u"}),
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

//! What a fresh sandbox sends on the wire, read as raw JSON (not through the
//! generated types, which would hide a missing field): every field the spec
//! marks always sent is there, `null` included, as the real API sends it.

use alphapo_sandbox::SandboxHandle;
use alphapo_tests::spec;
use serde_json::{Value, json};

use crate::support::{sandbox, send};

/// A signed POST of `body`; the status and the JSON answer.
async fn post(sandbox: &SandboxHandle, path: &str, body: &Value) -> (u16, Value) {
    let response = send(sandbox, "POST", path, Some(body)).await;
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The always-sent properties of `schema` that `object` lacks.
fn missing_always_sent(schema: &str, object: &Value) -> Vec<String> {
    spec::always_sent(&spec::load())
        .into_iter()
        .filter(|field| field.schema == schema && object.get(&field.property).is_none())
        .map(|field| field.property)
        .collect()
}

#[tokio::test]
async fn a_new_invoice_sends_its_six_nulls_like_the_reference() {
    let sandbox = sandbox().await;
    let (status, answer) = post(
        &sandbox,
        "/api/v2/invoices/create",
        &json!({
            "timer": false, "title": "Order", "currency": "EUR", "amount": "25.00",
            "foreign_id": "wire-invoice-1", "end_user_reference": "customer-1",
            "url_success": "https://shop.example.com/ok",
            "url_failed": "https://shop.example.com/failed"
        }),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    let invoice = &answer["data"];
    assert_eq!(
        missing_always_sent("Invoice", invoice),
        Vec::<String>::new(),
        "{invoice}"
    );
    for field in [
        "address",
        "sender_currency",
        "sender_amount",
        "fixed_at",
        "release_at",
        "seconds_left",
    ] {
        assert_eq!(
            invoice[field],
            Value::Null,
            "{field} before a currency is chosen"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_new_address_sends_its_tag_even_when_null() {
    let sandbox = sandbox().await;
    let (status, answer) = post(
        &sandbox,
        "/api/v2/addresses/take",
        &json!({"currency": "BTC", "foreign_id": "wire-1", "end_user_reference": "customer-1"}),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    let address = &answer["data"];
    assert_eq!(
        missing_always_sent("Address", address),
        Vec::<String>::new(),
        "{address}"
    );
    assert_eq!(address["tag"], Value::Null, "BTC has no tag");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn booleans_are_read_in_every_form_laravel_accepts() {
    let sandbox = sandbox().await;
    for visible in [
        json!(true),
        json!(1),
        json!("1"),
        json!(false),
        json!(0),
        json!("0"),
    ] {
        let (status, answer) = post(
            &sandbox,
            "/api/v2/currencies/list",
            &json!({"visible": visible}),
        )
        .await;
        assert_eq!(status, 200, "visible {visible}: {answer}");
    }
    let (status, answer) = post(
        &sandbox,
        "/api/v2/currencies/list",
        &json!({"visible": "yes"}),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["errors"]["visible"],
        "The visible field must be true or false."
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn ping_answers_a_bare_get() {
    let sandbox = sandbox().await;
    let response = reqwest::get(format!("{}/api/v2/ping", sandbox.base_url()))
        .await
        .expect("the sandbox answers");
    assert_eq!(response.status().as_u16(), 200);
    let media = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(media.starts_with("text/html"), "{media}");
    assert_eq!(response.text().await.expect("a body"), "OK");
    sandbox.shutdown().await;
}

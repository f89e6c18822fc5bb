//! Validation messages, unique foreign ids, balance checks and the rate
//! limit of `exchange/calculate`.

use std::time::Duration;

use alphapo_sandbox::{Clock, RateLimit};
use http::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    self, client, error_body, invoice_request, post_json, quote_request, raw, start,
};

fn errors(field: &str, message: &str) -> Value {
    json!({ "errors": { field: message } })
}

fn invoice(foreign_id: &str, title: &str, amount: &str) -> Value {
    json!({
        "timer": false, "title": title, "currency": "EUR", "amount": amount,
        "foreign_id": foreign_id, "end_user_reference": "user-1",
        "url_success": "https://shop.example/ok", "url_failed": "https://shop.example/ko"
    })
}

#[tokio::test]
async fn shape_errors_name_the_field() {
    let sandbox = start(support::config()).await;
    let cases = [
        (
            "/api/v2/addresses/take",
            json!({"currency": "BTC", "end_user_reference": "u"}),
            errors("foreign_id", "The foreign id field is required."),
        ),
        (
            "/api/v2/invoices/create",
            invoice("i-1", &"x".repeat(51), "100"),
            errors("title", "The title may not be greater than 50 characters."),
        ),
        (
            "/api/v2/invoices/create",
            invoice("i-1", "t", "9.99"),
            errors(
                "amount",
                "The amount is too small. The minimum amount is 10.00 EUR.",
            ),
        ),
        (
            "/api/v2/withdrawal/crypto",
            json!({"currency": "XYZ", "amount": "1", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
            errors("currency", "The selected currency is invalid."),
        ),
        (
            "/api/v2/withdrawal/crypto",
            json!({"currency": "BTC", "amount": "0.0001", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
            errors("amount", "The amount must be at least 0.0002."),
        ),
        (
            "/api/v2/withdrawal/crypto",
            json!({"currency": "BTC", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
            errors(
                "amount",
                "The amount field is required when amount to is not present.",
            ),
        ),
        (
            "/api/v2/currencies/pairs",
            json!({"currency_from": "NOPE", "currency_to": "NADA"}),
            json!({"errors": {
                "currency_from": "The selected currency from is invalid.",
                "currency_to": "The selected currency to is invalid."
            }}),
        ),
        (
            "/api/v2/exchange/now",
            json!({"sender_currency": "BTC", "receiver_currency": "EUR", "sender_amount": "0.001", "foreign_id": "x"}),
            errors("sender_amount", "The amount must be at least 0.00300000 "),
        ),
        (
            "/api/v2/exchange/calculate",
            json!({"sender_currency": "BTC", "receiver_currency": "BTC", "sender_amount": "1"}),
            errors(
                "sender_currency",
                "Exchange is unavailable for given currencies",
            ),
        ),
        (
            "/api/v2/withdrawal/crypto",
            json!({"currency": "BTC", "amount": "5", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w", "end_user_reference": "u"}),
            errors("amount", "Not enough money on balance"),
        ),
    ];
    for (path, body, expected) in cases {
        let answer = post_json(&sandbox, path, &body).await;
        assert_eq!(answer, (StatusCode::BAD_REQUEST, expected), "{path} {body}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn nulls_the_spec_forbids_and_bad_emails_are_refused_with_laravel_messages() {
    let sandbox = start(support::config()).await;
    let mut with_bad_email = invoice("i-email", "Order", "100");
    with_bad_email["sender_type"] = json!("natural");
    with_bad_email["sender_data"] = json!({
        "first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1815-12-10",
        "email": "ada-at-example"
    });
    let cases = [
        (
            "/api/v2/exchange/now",
            json!({"sender_currency": "BTC", "receiver_currency": "EUR", "sender_amount": "0.003",
                "receiver_amount": null, "foreign_id": "x-null"}),
            errors("receiver_amount", "The receiver amount must be a number."),
        ),
        (
            "/api/v2/addresses/take",
            json!({"currency": "BTC", "foreign_id": "f", "end_user_reference": "u", "amount": null}),
            errors("amount", "The amount must be a number."),
        ),
        (
            "/api/v2/currencies/list",
            json!({"visible": null}),
            errors("visible", "The visible field must be true or false."),
        ),
        (
            "/api/v2/currencies/pairs",
            json!({"currency_to": null}),
            errors("currency_to", "The currency to must be a string."),
        ),
        (
            "/api/v2/addresses/take",
            json!({"currency": null, "foreign_id": "f", "end_user_reference": "u"}),
            errors("currency", "The currency field is required."),
        ),
        (
            "/api/v2/addresses/take",
            json!({"currency": "", "foreign_id": "f", "end_user_reference": "u"}),
            errors("currency", "The currency field is required."),
        ),
        (
            "/api/v2/invoices/create",
            with_bad_email,
            errors(
                "sender_data.email",
                "The sender data.email must be a valid email address.",
            ),
        ),
    ];
    for (path, body, expected) in cases {
        let answer = post_json(&sandbox, path, &body).await;
        assert_eq!(answer, (StatusCode::BAD_REQUEST, expected), "{path} {body}");
    }
    // Nothing was created by the refused exchange.
    let eur = support::balance(&client(&sandbox), "EUR").await;
    assert_eq!(eur, "10000.00000000");
    // A null tag is taken, as AlphaPo takes the Go client's.
    let (status, _) = post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &json!({"currency": "BTC", "amount": "0.001", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
            "tag": null, "foreign_id": "w-null-tag", "end_user_reference": "u"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_nulls_working_clients_send_are_taken() {
    let sandbox = start(support::config()).await;
    // A Rust client always sends `"convert_to": null`.
    let (status, answer) = post_json(
        &sandbox,
        "/api/v2/addresses/take",
        &json!({"currency": "BTC", "foreign_id": "f", "end_user_reference": "u", "convert_to": null}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["data"].get("convert_to"), None);
    // The Go client sends `"sender_currency": null` on invoices.
    let mut body = invoice("i-null-sender-currency", "Order", "100");
    body["sender_currency"] = Value::Null;
    let (status, answer) = post_json(&sandbox, "/api/v2/invoices/create", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["data"]["sender_currency"], Value::Null);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_missing_field_is_named_in_one_answer_as_laravel_does() {
    let sandbox = start(support::config()).await;
    let (status, answer) = post_json(&sandbox, "/api/v2/invoices/create", &json!({})).await;
    let required = |field: &str| format!("The {} field is required.", field.replace('_', " "));
    let expected: serde_json::Map<String, Value> = [
        "amount",
        "currency",
        "end_user_reference",
        "foreign_id",
        "timer",
        "title",
        "url_failed",
        "url_success",
    ]
    .into_iter()
    .map(|field| (field.to_owned(), Value::String(required(field))))
    .collect();
    assert_eq!(
        (status, answer),
        (StatusCode::BAD_REQUEST, json!({ "errors": expected }))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_fields_are_ignored_like_alphapo_does() {
    let sandbox = start(support::config()).await;
    let body =
        json!({"currency": "BTC", "foreign_id": "f", "end_user_reference": "u", "note": "extra"});
    let (status, answer) = post_json(&sandbox, "/api/v2/addresses/take", &body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer["data"]["foreign_id"], "f");
    let (status, _) = raw(
        &sandbox,
        reqwest::Method::POST,
        "/api/v2/accounts/list",
        b"[]",
        |_| {},
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bodies_must_be_a_json_object_or_an_array_where_the_operation_takes_one() {
    let sandbox = start(support::config()).await;
    let bad_content = json!({"error": "Bad content format", "code": "bad_content_format"});
    for (path, body) in [
        ("/api/v2/accounts/list", &b"1"[..]),
        ("/api/v2/accounts/list", b"\"AAA\""),
        ("/api/v2/currencies/list", b"true"),
        ("/api/v2/addresses/take", b"[]"),
        ("/api/v2/addresses/take", b"null"),
        ("/api/v2/invoices/create", b"[{}]"),
    ] {
        let (status, text) = raw(&sandbox, reqwest::Method::POST, path, body, |_| {}).await;
        let answer: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            (status, answer),
            (StatusCode::BAD_REQUEST, bad_content.clone()),
            "{path} {}",
            String::from_utf8_lossy(body)
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn operations_without_required_fields_take_null_and_arrays_as_real_clients_send_them() {
    let sandbox = start(support::config()).await;
    for path in [
        "/api/v2/accounts/list",
        "/api/v2/currencies/list",
        "/api/v2/currencies/pairs",
        "/api/v2/currencies/rates",
    ] {
        let (_, everything) = raw(&sandbox, reqwest::Method::POST, path, b"{}", |_| {}).await;
        for body in [&b"null"[..], b"[]", b"[null,null]"] {
            let (status, text) = raw(&sandbox, reqwest::Method::POST, path, body, |_| {}).await;
            assert_eq!(
                (status, &text),
                (StatusCode::OK, &everything),
                "{path} {}",
                String::from_utf8_lossy(body)
            );
        }
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn tiny_amounts_go_on_to_the_business_rules_and_huge_ones_are_refused_at_the_bound() {
    let sandbox = start(support::config()).await;
    let withdrawal = |amount: Value| {
        json!({"currency": "BTC", "amount": amount, "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
            "foreign_id": "w-range", "end_user_reference": "u"})
    };
    let (status, tiny) = post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &withdrawal(json!(1.17e-38)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        tiny,
        errors("amount", "The amount must be at least 0.0002.")
    );
    let (status, huge) = post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &withdrawal(json!(1.5e186)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        huge,
        errors(
            "amount",
            "The amount must not be greater than 1000000000000000000."
        )
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_reused_foreign_id_is_taken() {
    let sandbox = start(support::config()).await;
    let taken = errors("foreign_id", "The foreign id has already been taken.");
    let withdrawal = json!({"currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "dup", "end_user_reference": "u"});
    let exchange = json!({"sender_currency": "EUR", "receiver_currency": "BTC", "sender_amount": "100", "foreign_id": "dup"});
    for (path, body) in [
        ("/api/v2/invoices/create", invoice("dup", "t", "100")),
        ("/api/v2/withdrawal/crypto", withdrawal),
        ("/api/v2/exchange/now", exchange),
    ] {
        let first = post_json(&sandbox, path, &body).await;
        assert_eq!(first.0, StatusCode::CREATED, "{path}: {}", first.1);
        assert_eq!(
            post_json(&sandbox, path, &body).await,
            (StatusCode::BAD_REQUEST, taken.clone()),
            "{path}"
        );
    }
    // Through the generated client, the same answer is a typed error body.
    let body = error_body(
        client(&sandbox)
            .invoices_create()
            .body(
                invoice_request()
                    .timer(false)
                    .title("t")
                    .foreign_id("dup")
                    .end_user_reference("user-1"),
            )
            .send()
            .await,
    );
    assert_eq!(
        body.errors.get("foreign_id").map(String::as_str),
        Some("The foreign id has already been taken.")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_31st_calculation_in_a_minute_is_refused_with_text() {
    let sandbox = start(support::config()).await;
    let body =
        json!({"sender_currency": "BTC", "receiver_currency": "EUR", "sender_amount": "0.01"});
    for call in 1..=30 {
        let (status, _) = post_json(&sandbox, "/api/v2/exchange/calculate", &body).await;
        assert_eq!(status, StatusCode::OK, "call {call}");
    }
    let bytes = body.to_string();
    let answer = raw(
        &sandbox,
        reqwest::Method::POST,
        "/api/v2/exchange/calculate",
        bytes.as_bytes(),
        |_| {},
    )
    .await;
    assert_eq!(
        answer,
        (StatusCode::TOO_MANY_REQUESTS, "error code: 1015".to_owned())
    );
    // The generated client sees a body that is not JSON.
    let error = client(&sandbox)
        .exchange_calculate()
        .body(quote_request())
        .send()
        .await
        .err();
    let Some(progenitor_client::Error::InvalidResponsePayload(bytes, _)) = error else {
        panic!("expected an unparseable 429 body, got {error:?}");
    };
    assert_eq!(&bytes[..], b"error code: 1015");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_limit_is_configurable_and_the_window_reopens() {
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    config.calculate_rate_limit = RateLimit {
        requests: 2,
        window: Duration::from_secs(60),
    };
    let sandbox = start(config).await;
    let body =
        json!({"sender_currency": "BTC", "receiver_currency": "EUR", "sender_amount": "0.01"});
    let mut statuses = Vec::new();
    for advance in [0, 0, 0, 59, 1] {
        sandbox.advance_clock(Duration::from_secs(advance));
        statuses.push(
            post_json(&sandbox, "/api/v2/exchange/calculate", &body)
                .await
                .0,
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::OK
        ]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn withdrawal_addresses_are_checked_per_network() {
    let sandbox = start(support::config()).await;
    let networks = [
        (
            "BTC",
            None,
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjd",
            "0.001",
        ),
        (
            "EUR",
            Some("ETH"),
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "100",
        ),
        (
            "EUR",
            Some("USDTT"),
            "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
            "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwc",
            "100",
        ),
        (
            "EUR",
            Some("XRP"),
            "rrrrrrrrrrrrrrrrrrrrrhoLvTp",
            "rrrrrrrrrrrrrrrrrrrrrhoLvTq",
            "100",
        ),
    ];
    for (index, (currency, convert_to, good, corrupted, amount)) in networks.iter().enumerate() {
        let body = |address: &str, foreign_id: String| {
            let mut body = json!({"currency": currency, "amount": amount, "address": address,
                "foreign_id": foreign_id, "end_user_reference": "u"});
            if let Some(target) = convert_to {
                body["convert_to"] = json!(target);
            }
            body
        };
        // Garbage, a mistyped address and the good address of the next
        // network are refused.
        let (_, _, other, _, _) = networks[(index + 1) % networks.len()];
        for bad in ["garbage", corrupted, other] {
            let answer = post_json(
                &sandbox,
                "/api/v2/withdrawal/crypto",
                &body(bad, format!("w-{index}-bad")),
            )
            .await;
            assert_eq!(
                answer,
                (
                    StatusCode::BAD_REQUEST,
                    errors("address", "The address is invalid.")
                ),
                "{currency} {convert_to:?} {bad}"
            );
        }
        let (status, answer) = post_json(
            &sandbox,
            "/api/v2/withdrawal/crypto",
            &body(good, format!("w-{index}")),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{currency} {convert_to:?}: {answer}"
        );
    }
    sandbox.shutdown().await;
}

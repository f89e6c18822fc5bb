//! Every refusal is AlphaPo-style JSON: oversized bodies and malformed
//! control-API calls included, never the framework's plain text.

use http::StatusCode;
use http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::support::{self, start};

/// Sends `body` and returns the status and the body parsed as JSON (a test
/// failure when it is not JSON).
async fn send(request: reqwest::RequestBuilder, what: &str) -> (StatusCode, Value) {
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{what}: {error}"));
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(content_type, "application/json", "{what}: {status} {text}");
    let body =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{what}: {error}: {text}"));
    (status, body)
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn oversized_bodies_get_a_json_413_on_the_api_and_the_control_api() {
    let sandbox = start(support::config()).await;
    let http = reqwest::Client::new();
    // The size is checked before the signature, as a front proxy would.
    for (megabytes, path) in [(3, "/api/v2/accounts/list"), (9, "/_sandbox/deposits")] {
        // A valid JSON object, padded past the 2 MiB limit.
        let body = format!(r#"{{"pad":"{}"}}"#, "x".repeat(megabytes * 1024 * 1024));
        let request = http
            .post(format!("{}{path}", sandbox.base_url()))
            .header(CONTENT_TYPE, "application/json")
            .body(body);
        let (status, answer) = send(request, &format!("{megabytes} MB to {path}")).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {answer}");
        assert_eq!(code(&answer), "request_too_large", "{path}: {answer}");
        assert_eq!(
            answer["error"],
            "The request body is larger than 2097152 bytes."
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn malformed_control_calls_get_json_errors() {
    let sandbox = start(support::config()).await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", sandbox.base_url());
    let json_body = |text: &'static str| {
        move |request: reqwest::RequestBuilder| {
            request.header(CONTENT_TYPE, "application/json").body(text)
        }
    };
    let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode, &str)> = vec![
        (
            "not JSON",
            json_body("{not json")(http.post(url("/_sandbox/deposits"))),
            StatusCode::BAD_REQUEST,
            "malformed_request",
        ),
        (
            "missing fields",
            json_body(r#"{"address": "tb1q"}"#)(http.post(url("/_sandbox/deposits"))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "an amount that is not a number",
            json_body(r#"{"amount": "lots"}"#)(http.post(url("/_sandbox/invoices/1/payments"))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "no content type",
            http.post(url("/_sandbox/deposits"))
                .body(r#"{"address": "a", "amount": "1"}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "an id that is not a number",
            http.get(url("/_sandbox/invoices/abc")),
            StatusCode::BAD_REQUEST,
            "malformed_request",
        ),
        (
            "an id that is not a number, on a POST",
            http.post(url("/_sandbox/withdrawals/abc/confirm")),
            StatusCode::BAD_REQUEST,
            "malformed_request",
        ),
    ];
    for (what, request, expected_status, expected_code) in cases {
        let (status, answer) = send(request, what).await;
        assert_eq!(status, expected_status, "{what}: {answer}");
        assert_eq!(code(&answer), expected_code, "{what}: {answer}");
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{what}: {answer}"
        );
    }
    sandbox.shutdown().await;
}

//! Every error shape of the API (reference §4) becomes the right [`alphapo::Error`],
//! and every success shape the right value.

use crate::client_support::{
    INVOICE_BODY, SECRET, TRANSACTION_BODY, assert_no_secret, client, invoice_request,
    invoice_response,
};
use alphapo::{AuthCode, ErrorKind, StatusCode, types};
use alphapo_httpmock::MockServerExt;
use httpmock::{Method::POST, MockServer};

const INVOICES: &str = "/api/v2/invoices/create";

/// Answers `invoices/create` with `status`, `content_type` and `body`, and
/// returns the client's result.
async fn create_invoice_answered(
    status: u16,
    content_type: &str,
    body: &str,
) -> (Result<types::Invoice, alphapo::Error>, usize) {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(POST).path(INVOICES);
        then.status(status)
            .header("content-type", content_type)
            .header("x-request-id", "req-123")
            .body(body);
    });
    let result = client(&server.base_url())
        .create_invoice(invoice_request())
        .await;
    if let Err(error) = &result {
        assert_no_secret(error, Some(error));
    }
    (result, mock.calls())
}

#[tokio::test]
async fn the_five_documented_auth_codes_and_an_unknown_one() {
    let cases = [
        (400, "bad_content_format", AuthCode::BadContentFormat),
        (403, "bad_header_signature", AuthCode::BadHeaderSignature),
        (
            403,
            "required_header_signature",
            AuthCode::RequiredHeaderSignature,
        ),
        (403, "bad_header_key", AuthCode::BadHeaderKey),
        (403, "required_header_key", AuthCode::RequiredHeaderKey),
        (
            403,
            "ip_not_whitelisted",
            AuthCode::Unknown("ip_not_whitelisted".into()),
        ),
    ];
    for (status, code, expected) in cases {
        let body = format!(r#"{{"error":"Message for {code}","code":"{code}"}}"#);
        let (result, calls) = create_invoice_answered(status, "application/json", &body).await;
        let error = result.expect_err("an auth error");
        assert_eq!(
            error.kind(),
            &ErrorKind::Auth {
                code: expected.clone(),
                message: format!("Message for {code}")
            }
        );
        assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
        assert_eq!(error.request_id(), Some("req-123"));
        assert!(
            !error.may_have_been_sent() && !error.is_retryable(),
            "{code}"
        );
        assert_eq!(calls, 1, "{code}: a 4xx is never retried");
        assert!(error.to_string().contains(code), "{error}");
    }
}

#[tokio::test]
async fn validation_errors_keep_every_field() {
    let body = r#"{"errors":{"foreign_id":"The foreign id has already been taken.","amount":"The amount is too small. The minimum amount is 10.00 EUR.","currency":"The selected currency is invalid."}}"#;
    let (result, calls) = create_invoice_answered(400, "application/json", body).await;
    let error = result.expect_err("a validation error");
    let errors = error.field_errors().expect("a field map");
    assert_eq!(errors.len(), 3);
    assert_eq!(
        errors["foreign_id"],
        "The foreign id has already been taken."
    );
    assert_eq!(
        errors["amount"],
        "The amount is too small. The minimum amount is 10.00 EUR."
    );
    assert_eq!(errors["currency"], "The selected currency is invalid.");
    assert!(!error.may_have_been_sent());
    assert_eq!(calls, 1);
    let shown = error.to_string();
    assert!(shown.contains("amount, currency, foreign_id"), "{shown}");
    assert!(
        !shown.contains("already been taken"),
        "Display shows field names only: {shown}"
    );
}

#[tokio::test]
async fn rate_limit_with_a_non_json_body_and_retry_after() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(POST).path("/api/v2/exchange/calculate");
        then.status(429)
            .header("content-type", "text/html")
            .header("retry-after", "60")
            .body(r#"{"errors": {"error code: 1015"}}"#);
    });
    let error = client(&server.base_url())
        .calculate_exchange(
            types::ExchangeCalculateRequest::builder()
                .sender_currency("BTC")
                .receiver_currency("EUR")
                .sender_amount(Some("0.01".parse().unwrap())),
        )
        .await
        .expect_err("rate limited");
    assert_eq!(
        error.kind(),
        &ErrorKind::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(60))
        }
    );
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(60))
    );
    assert_eq!(
        error.body_excerpt(),
        Some(r#"{"errors": {"error code: 1015"}}"#)
    );
    assert!(error.is_retryable() && !error.may_have_been_sent());
    assert_eq!(
        mock.calls(),
        3,
        "a read is retried on 429, within the policy"
    );
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn a_500_with_a_text_body_is_a_server_error_that_may_have_been_sent() {
    let (result, calls) = create_invoice_answered(500, "text/plain", "Internal server error").await;
    let error = result.expect_err("a server error");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.body_excerpt(), Some("Internal server error"));
    assert!(error.may_have_been_sent() && !error.is_retryable());
    assert_eq!(calls, 1, "a create is never retried after a 5xx");
    assert!(!error.to_string().contains("Internal server error"));
}

#[tokio::test]
async fn a_502_html_page_is_a_server_error() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let (result, calls) = create_invoice_answered(502, "text/html", page).await;
    let error = result.expect_err("a server error");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(error.body_excerpt(), Some(page));
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn a_truncated_success_body_is_a_malformed_success() {
    let truncated = &INVOICE_BODY[..INVOICE_BODY.len() / 2];
    for status in [200, 201] {
        let (result, _) = create_invoice_answered(status, "application/json", truncated).await;
        let error = result.expect_err("cannot parse");
        assert_eq!(error.kind(), &ErrorKind::MalformedSuccess, "{status}");
        assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
        assert_eq!(error.body_excerpt(), Some(truncated));
        assert!(error.may_have_been_sent());
        assert!(
            std::error::Error::source(&error).is_some(),
            "the parse error is kept"
        );
    }
}

#[tokio::test]
async fn an_empty_body_is_read_by_its_status() {
    let (result, _) = create_invoice_answered(201, "application/json", "").await;
    assert_eq!(
        result.expect_err("empty").kind(),
        &ErrorKind::MalformedSuccess
    );
    let (result, _) = create_invoice_answered(403, "application/json", "").await;
    let error = result.expect_err("empty 403");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedResponse);
    assert!(!error.may_have_been_sent(), "a 4xx was refused");
    let (result, _) = create_invoice_answered(503, "text/plain", "").await;
    assert_eq!(result.expect_err("empty 503").kind(), &ErrorKind::Server);
}

#[tokio::test]
async fn an_oversized_body_keeps_a_bounded_excerpt() {
    let huge = "x".repeat(1024 * 1024);
    for status in [500, 403, 201] {
        let (result, _) = create_invoice_answered(status, "text/plain", &huge).await;
        let error = result.expect_err("not a success");
        let excerpt = error.body_excerpt().expect("an excerpt");
        assert!(
            excerpt.len() <= 4096,
            "{status}: {} bytes kept",
            excerpt.len()
        );
        assert!(excerpt.starts_with("xxx"));
        assert!(
            format!("{error:?}").len() < 8192,
            "{status}: Debug stays small"
        );
    }
}

#[tokio::test]
async fn any_2xx_is_a_success() {
    for status in [200, 201, 202] {
        let (result, _) = create_invoice_answered(status, "application/json", INVOICE_BODY).await;
        assert_eq!(
            result.expect("a success"),
            invoice_response().data,
            "{status}"
        );
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_parse() {
    let body = INVOICE_BODY
        .replace(
            r#""status":"created""#,
            r#""status":"on_hold","risk":{"level":3}"#,
        )
        .replace(r#"{"data":{"#, r#"{"meta":[1,2],"data":{"#);
    let (result, _) = create_invoice_answered(201, "application/json", &body).await;
    let invoice = result.expect("unknown things are kept or ignored");
    assert_eq!(invoice.status.as_str(), "on_hold");
    assert!(!invoice.status.is_known());
}

#[tokio::test]
async fn the_typed_mock_round_trips_the_documented_request_and_response() {
    let server = MockServer::start_async().await;
    let request = types::InvoiceCreateRequest::try_from(invoice_request()).unwrap();
    let mock = server.invoices_create(|when, then| {
        when.body(&request);
        then.created(&invoice_response());
    });
    let invoice = client(&server.base_url())
        .create_invoice(request.clone())
        .await
        .unwrap();
    assert_eq!(invoice.id, 826900);
    assert_eq!(invoice.url, "https://invoices.alphapo.net/invoice/Jyf1cQ");
    mock.assert();
}

#[tokio::test]
async fn transaction_info_accepts_both_shapes() {
    for body in [
        TRANSACTION_BODY.to_owned(),
        format!(r#"{{"data":{TRANSACTION_BODY}}}"#),
    ] {
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method(httpmock::Method::GET)
                .path("/api/v2/transactions/info")
                .json_body(serde_json::json!({"foreign_id": "payout-1"}));
            then.status(200)
                .header("content-type", "application/json")
                .body(&body);
        });
        let transaction = client(&server.base_url())
            .find_by_foreign_id("payout-1")
            .await
            .expect("found");
        assert_eq!(transaction.id, 134702815);
        assert_eq!(transaction.status, alphapo::TransactionStatus::Confirmed);
        assert_eq!(transaction.foreign_id.as_deref(), Some("payout-1"));
    }
}

#[tokio::test]
async fn ping_accepts_the_plain_text_ok() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(httpmock::Method::GET).path("/api/v2/ping");
        then.status(200)
            .header("content-type", "text/html")
            .body("OK");
    });
    client(&server.base_url())
        .ping()
        .await
        .expect("the API is up");
    assert_eq!(mock.calls(), 1);
}

#[tokio::test]
async fn ping_sends_no_body_and_no_auth_and_needs_no_credentials() {
    let server = MockServer::start_async().await;
    let bare_ping = server.mock(|when, then| {
        when.method(httpmock::Method::GET)
            .path("/api/v2/ping")
            .header_missing("content-type")
            .header_missing("x-processing-key")
            .header_missing("x-processing-signature")
            .is_true(|request| request.body_ref().is_empty());
        then.status(200)
            .header("content-type", "text/html; charset=UTF-8")
            .body("OK");
    });
    let anonymous = alphapo::Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("a client without credentials builds");
    anonymous.ping().await.expect("ping needs no credentials");
    client(&server.base_url())
        .ping()
        .await
        .expect("a client with credentials pings bare too");
    assert_eq!(bare_ping.calls(), 2);
}

#[tokio::test]
async fn a_signed_call_without_credentials_fails_before_sending() {
    let server = MockServer::start_async().await;
    let any = server.mock(|_, then| {
        then.status(200);
    });
    let anonymous = alphapo::Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("a client without credentials builds");
    let error = anonymous.list_accounts().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::MissingCredentials),
        "{error:?}"
    );
    assert_eq!(error.operation(), "accounts_list");
    assert_eq!(error.attempts(), 0);
    assert!(!error.may_have_been_sent() && !error.is_retryable());
    let message = error.to_string();
    assert!(message.contains("API key and secret"), "{message}");
    let error = anonymous
        .create_invoice(invoice_request())
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::MissingCredentials));
    assert_eq!(any.calls(), 0, "nothing may leave without credentials");
}

#[tokio::test]
async fn the_secret_is_in_no_output() {
    let server = MockServer::start_async().await;
    let client = client(&server.base_url());
    assert_no_secret(&client, None);
    let mock = server.mock(|when, then| {
        when.method(POST).path(INVOICES);
        then.status(403)
            .header("content-type", "application/json")
            .body(r#"{"error":"Bad signature header","code":"bad_header_signature"}"#);
    });
    let error = client.create_invoice(invoice_request()).await.unwrap_err();
    assert_no_secret(&error, Some(&error));
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        assert_no_secret(&cause, Some(&cause));
        source = cause.source();
    }
    assert_eq!(mock.calls(), 1);
    assert!(!SECRET.is_empty());
}

//! Retries never move money twice: reads are retried on transient failures,
//! money-moving calls only when the request provably had no effect (never
//! left, or refused with 429).

use std::time::{Duration, Instant};

use crate::client_support::{
    Answer, HangUpServer, INVOICE_BODY, KEY, SECRET, ScriptedServer, SilentServer, client,
    fast_policy, invoice_request,
};
use alphapo::{ErrorKind, types};
use alphapo_auth::{Credentials, Signer};
use alphapo_tests::wire::refused_url;
use httpmock::{Method::POST, MockServer};

const ACCOUNTS: &str = r#"{"data":[{"currency":"BTC","type":"crypto","balance":"0.04000000"}]}"#;

fn quote_request() -> types::builder::ExchangeCalculateRequest {
    types::ExchangeCalculateRequest::builder()
        .sender_currency("BTC")
        .receiver_currency("EUR")
        .sender_amount(Some("0.01".parse().expect("a decimal")))
}

#[tokio::test]
async fn a_read_is_retried_on_503_and_502_then_succeeds_each_attempt_freshly_signed() {
    let server = ScriptedServer::start(vec![
        Answer {
            status: "503 Service Unavailable",
            headers: "",
            body: "busy",
        },
        Answer {
            status: "502 Bad Gateway",
            headers: "content-type: text/html\r\n",
            body: "<html>bad gateway</html>",
        },
        Answer {
            status: "200 OK",
            headers: "content-type: application/json\r\n",
            body: ACCOUNTS,
        },
    ])
    .await;
    let balances = client(&server.base_url())
        .list_accounts()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].balance.to_string(), "0.04000000");
    let received = server.received();
    assert_eq!(received.len(), 3);
    let signer = Signer::new(&Credentials::new(KEY, SECRET).unwrap());
    for request in received.iter() {
        assert_eq!(request.body, b"{}");
        assert_eq!(request.header("x-processing-key"), Some(KEY));
        assert_eq!(
            request.header("x-processing-signature"),
            Some(signer.sign(&request.body).as_str())
        );
    }
}

#[tokio::test]
async fn reads_give_up_after_the_policy_and_never_retry_a_4xx_or_500() {
    let server = MockServer::start_async().await;
    let unavailable = server.mock(|when, then| {
        when.method(POST).path("/api/v2/accounts/list");
        then.status(504).body("gateway timeout");
    });
    let error = client(&server.base_url())
        .list_accounts()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert!(error.is_retryable());
    assert_eq!((unavailable.calls(), error.attempts()), (3, 3));

    for (status, body) in [
        (
            400,
            r#"{"errors":{"currency_from":"The selected currency from is invalid."}}"#,
        ),
        (500, "Internal server error"),
    ] {
        let server = MockServer::start_async().await;
        let mock = server.mock(|when, then| {
            when.method(POST).path("/api/v2/currencies/pairs");
            then.status(status).body(body);
        });
        let error = client(&server.base_url())
            .list_currency_pairs(types::CurrencyPairsRequest::default())
            .await
            .unwrap_err();
        assert!(!error.is_retryable(), "{status}");
        assert_eq!(mock.calls(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn a_create_is_never_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(POST).path("/api/v2/invoices/create");
        then.status(503).body("busy");
    });
    let error = client(&server.base_url())
        .create_invoice(invoice_request())
        .await
        .unwrap_err();
    assert!(error.may_have_been_sent() && !error.is_retryable());
    assert_eq!(mock.calls(), 1);
}

#[tokio::test]
async fn a_create_refused_with_429_is_retried_and_sent_once_more_byte_for_byte() {
    let server = ScriptedServer::start(vec![
        Answer {
            status: "429 Too Many Requests",
            headers: "retry-after: 1\r\ncontent-type: text/html\r\n",
            body: "error code: 1015",
        },
        Answer {
            status: "201 Created",
            headers: "content-type: application/json\r\n",
            body: INVOICE_BODY,
        },
    ])
    .await;
    let invoice = client(&server.base_url())
        .create_invoice(invoice_request())
        .await
        .expect("the retry after the 429 succeeds");
    assert_eq!(invoice.id, 826900);
    let received = server.received();
    assert_eq!(received.len(), 2, "refused once, then created");
    assert_eq!(
        received[0].body, received[1].body,
        "the same body, so the same foreign_id"
    );
}

#[tokio::test]
async fn a_create_is_not_retried_after_the_connection_dropped_mid_request() {
    let server = HangUpServer::start().await;
    let error = client(&server.base_url())
        .create_invoice(invoice_request())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::MayHaveBeenSent, "{error:?}");
    assert!(error.may_have_been_sent() && !error.is_retryable());
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.connections(), 1, "sent once, never blindly again");
    assert!(
        std::error::Error::source(&error).is_some(),
        "the transport error is kept"
    );
}

#[tokio::test]
async fn a_read_is_retried_after_the_connection_dropped() {
    let server = HangUpServer::start().await;
    let error = client(&server.base_url())
        .list_accounts()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::MayHaveBeenSent);
    assert!(error.is_retryable());
    assert_eq!((server.connections(), error.attempts()), (3, 3));
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_the_policy_cap() {
    let server = ScriptedServer::start(vec![
        Answer { status: "429 Too Many Requests", headers: "retry-after: 120\r\ncontent-type: text/html\r\n", body: "error code: 1015" },
        Answer {
            status: "200 OK",
            headers: "content-type: application/json\r\n",
            body: r#"{"data":{"sender_currency":"BTC","sender_amount":"0.01","receiver_currency":"EUR","receiver_amount":"600","fee_currency":"BTC","fee_amount":"0.0001","price":"60000","ts_fixed":1,"ts_release":61,"fix_period":60}}"#,
        },
    ])
    .await;
    // The policy waits for Retry-After, but at most 300 ms; its own backoff is 1-5 ms.
    let client = alphapo::Client::builder()
        .credentials(Credentials::new(KEY, SECRET).unwrap())
        .base_url(server.base_url())
        .retry_policy(fast_policy().with_max_retry_after(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let quote = client
        .calculate_exchange(quote_request())
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();
    assert_eq!(quote.price.to_string(), "60000");
    assert_eq!(server.received().len(), 2);
    assert!(
        waited >= Duration::from_millis(300),
        "Retry-After honoured: {waited:?}"
    );
    // Uncapped, it would wait the 120 s the server asked for.
    assert!(
        waited < Duration::from_secs(60),
        "Retry-After capped: {waited:?}"
    );
}

#[tokio::test]
async fn a_timeout_may_have_been_sent_and_only_reads_retry_it() {
    // Servers that never answer: the 100 ms timeout always fires first.
    let silent = SilentServer::start().await;
    let client = alphapo::Client::builder()
        .credentials(Credentials::new(KEY, SECRET).unwrap())
        .base_url(silent.base_url())
        .retry_policy(fast_policy())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();

    let error = client.create_invoice(invoice_request()).await.unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::MayHaveBeenSent, "{error:?}");
    assert!(error.may_have_been_sent() && !error.is_retryable());
    assert!(error.to_string().contains("reconcile"), "{error}");
    assert_eq!(
        error.attempts(),
        1,
        "a create that may have been sent is not retried"
    );
    // The SDK's attempt counts are exact; the server's are upper bounds: on a
    // loaded machine the timeout may fire before a request has left (it is
    // still one that may have been sent).
    assert!(silent.requests() <= 1, "{} requests", silent.requests());

    let error = client.list_accounts().await.unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::MayHaveBeenSent);
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    assert!(
        silent.requests() <= 4,
        "one create and three reads at most, not {}",
        silent.requests()
    );
}

#[tokio::test]
async fn connection_refused_is_never_sent_and_retried_even_for_creates() {
    let base_url = refused_url();
    let client = client(&base_url);
    for error in [
        client.list_accounts().await.unwrap_err(),
        client.create_invoice(invoice_request()).await.unwrap_err(),
    ] {
        assert_eq!(error.kind(), &ErrorKind::NotSent, "{error:?}");
        assert!(!error.may_have_been_sent() && error.is_retryable());
        assert_eq!(
            error.attempts(),
            3,
            "{}: provably not sent, so retried",
            error.operation()
        );
        assert_eq!(error.status(), None);
    }
}

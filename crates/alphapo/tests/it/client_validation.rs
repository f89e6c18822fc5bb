//! Building a client, and arguments rejected before anything is sent.

use std::sync::{Arc, Mutex};

use crate::client_support::{INVOICE_BODY, KEY, SECRET, client, invoice_request};
use alphapo::{Amount, BuildError, Client, Credentials, Environment, ErrorKind, types};
use alphapo_auth::Signer;
use httpmock::{Method::POST, MockServer};

fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).unwrap()
}

#[test]
fn plain_http_is_accepted_only_on_loopback() {
    let build = |url: &str| {
        Client::builder()
            .credentials(credentials())
            .base_url(url)
            .build()
    };
    let error = build("http://example.com").unwrap_err();
    assert!(
        matches!(error, BuildError::InsecureBaseUrl { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("https://"), "{error}");
    assert_eq!(
        build("http://127.0.0.1:8080/").unwrap().base_url(),
        "http://127.0.0.1:8080"
    );
    assert!(build("https://example.com").is_ok());
    assert!(
        Client::builder()
            .environment(Environment::AlphaPo)
            .build()
            .is_ok(),
        "a client without credentials builds (it can only ping)"
    );
    assert!(matches!(
        Client::builder()
            .credentials(credentials())
            .application("shop\n")
            .build(),
        Err(BuildError::InvalidApplication)
    ));
}

/// Sends `call` to a server that answers everything, and checks that the
/// call failed on `field` with nothing sent.
async fn rejected<T: std::fmt::Debug>(
    field: &str,
    call: impl AsyncFnOnce(Client) -> Result<T, alphapo::Error>,
) {
    let server = MockServer::start_async().await;
    let anything = server.mock(|_, then| {
        then.status(500);
    });
    let error = call(client(&server.base_url())).await.expect_err(field);
    match error.kind() {
        ErrorKind::InvalidArgument { field: got, reason } => {
            assert_eq!(got, field, "{reason}");
            assert!(!reason.is_empty());
        }
        other => panic!("{field}: expected an invalid argument, got {other:?}"),
    }
    assert_eq!(error.attempts(), 0);
    assert!(!error.may_have_been_sent());
    assert!(error.to_string().contains(field), "{error}");
    assert_eq!(anything.calls(), 0, "{field}: nothing reached the server");
}

#[tokio::test]
async fn invoice_arguments_are_checked_before_sending() {
    let long = |n: usize| "x".repeat(n);
    rejected("title", async |c| {
        c.create_invoice(invoice_request().title(long(51))).await
    })
    .await;
    rejected("title", async |c| {
        c.create_invoice(invoice_request().title("")).await
    })
    .await;
    rejected("foreign_id", async |c| {
        c.create_invoice(invoice_request().foreign_id("")).await
    })
    .await;
    rejected("foreign_id", async |c| {
        c.create_invoice(invoice_request().foreign_id(long(256)))
            .await
    })
    .await;
    rejected("end_user_reference", async |c| {
        c.create_invoice(invoice_request().end_user_reference(long(256)))
            .await
    })
    .await;
    for url in [
        "http://shop.example.com/paid",
        "https://192.168.1.10/paid",
        "https://localhost/paid",
        "shop.example.com",
    ] {
        rejected("url_success", async |c| {
            c.create_invoice(invoice_request().url_success(url)).await
        })
        .await;
    }
    rejected("url_failed", async |c| {
        c.create_invoice(invoice_request().url_failed("ftp://x.example.com"))
            .await
    })
    .await;
    rejected("amount", async |c| {
        c.create_invoice(invoice_request().amount(Amount::ZERO))
            .await
    })
    .await;
    rejected("amount", async |c| {
        c.create_invoice(invoice_request().amount("-5".parse::<Amount>().unwrap()))
            .await
    })
    .await;
    rejected("amount", async |c| {
        c.create_invoice(
            types::InvoiceCreateRequest::builder()
                .timer(true)
                .title("t"),
        )
        .await
    })
    .await;
}

#[test]
fn optional_fields_are_checked_by_their_types() {
    // Optional fields take the checked type itself, so a bad value fails
    // where the caller builds it: there is no way to send one.
    assert!(types::InvoiceDescription::try_from("x".repeat(1001)).is_err());
    assert!(types::InvoiceDescription::try_from("x".repeat(1000)).is_ok());
    assert!(types::Email::try_from("not-an-email").is_err());
}

fn withdrawal() -> types::builder::WithdrawalRequest {
    types::WithdrawalRequest::builder()
        .currency("BTC")
        .address("bc1qexample")
        .foreign_id("payout-1")
        .end_user_reference("customer-42")
}

fn exchange() -> types::builder::ExchangeNowRequest {
    types::ExchangeNowRequest::builder()
        .sender_currency("BTC")
        .receiver_currency("EUR")
        .foreign_id("exchange-1")
}

/// One unit, as the optional amounts take it.
fn one() -> Option<Amount> {
    Some("1".parse().unwrap())
}

#[tokio::test]
async fn exactly_one_amount_greater_than_zero() {
    rejected("amount", async |c| c.withdraw_crypto(withdrawal()).await).await;
    rejected("amount_to", async |c| {
        c.withdraw_crypto(
            withdrawal()
                .amount(one())
                .amount_to(one())
                .convert_to(Some("EUR".parse().unwrap())),
        )
        .await
    })
    .await;
    rejected("amount_to", async |c| {
        c.withdraw_crypto(withdrawal().amount_to(one())).await
    })
    .await;
    rejected("amount", async |c| {
        c.withdraw_crypto(withdrawal().amount(Some(Amount::ZERO)))
            .await
    })
    .await;
    rejected("address", async |c| {
        c.withdraw_crypto(withdrawal().address(" ").amount(one()))
            .await
    })
    .await;

    rejected("sender_amount", async |c| c.exchange_now(exchange()).await).await;
    rejected("receiver_amount", async |c| {
        c.exchange_now(exchange().sender_amount(one()).receiver_amount(one()))
            .await
    })
    .await;
    rejected("receiver_amount", async |c| {
        c.calculate_exchange(
            types::ExchangeCalculateRequest::builder()
                .sender_currency("BTC")
                .receiver_currency("EUR")
                .receiver_amount(Some(Amount::ZERO)),
        )
        .await
    })
    .await;
    rejected("foreign_id", async |c| c.find_by_foreign_id("").await).await;
    rejected("txid", async |c| {
        c.transaction_info(types::TransactionInfoRequest::Txid(String::new()))
            .await
    })
    .await;
}

#[tokio::test]
async fn an_empty_currency_code_is_refused_before_sending() {
    rejected("currency", async |c| {
        c.withdraw_crypto(withdrawal().currency("").amount(one()))
            .await
    })
    .await;
    rejected("receiver_currency", async |c| {
        c.exchange_now(exchange().receiver_currency("").sender_amount(one()))
            .await
    })
    .await;
}

/// A `MakeWriter` that collects everything in one buffer.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Collect {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn spans_record_the_call_but_no_body_key_or_signature() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(POST).path("/api/v2/invoices/create").header(
            "user-agent",
            concat!("alphapo-rs/", env!("CARGO_PKG_VERSION")),
        );
        then.status(201)
            .header("content-type", "application/json")
            .body(INVOICE_BODY);
    });
    let logs = Collect::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let invoice = client(&server.base_url())
        .create_invoice(invoice_request())
        .await
        .expect("created");
    let signature = Signer::new(&credentials());
    let sent =
        serde_json::to_vec(&types::InvoiceCreateRequest::try_from(invoice_request()).unwrap())
            .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("alphapo.call") && text.contains("operation=\"invoices_create\""),
        "{text}"
    );
    assert!(
        text.contains("alphapo.attempt") && text.contains("attempt=1"),
        "{text}"
    );
    assert!(
        text.contains("status=201") && text.contains("duration_ms="),
        "{text}"
    );
    assert!(text.contains("attempts=1"), "{text}");
    for secret in [
        SECRET,
        signature.sign(&sent).as_str(),
        "order-1001",
        "customer-42",
        invoice.url.as_str(),
    ] {
        assert!(!text.contains(secret), "`{secret}` was logged: {text}");
    }
}

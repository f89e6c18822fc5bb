//! The SDK against the offline sandbox (not a mock): AlphaPo's own answers
//! to a wrong secret and a reused foreign_id, an invoice cancelled by a
//! percent-encoded `foreign_id`, and a bounded load test.

use std::time::{Duration, Instant};

use alphapo::{
    AuthCode, Client, ClientBuilder, Credentials, Environment, ErrorKind, RetryPolicy, types,
};
use alphapo_sandbox::SandboxHandle;

use crate::support::{KEY, SECRET, sandbox};

/// A client of `sandbox` that signs with `secret` and never retries.
fn builder(sandbox: &SandboxHandle, secret: &str) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(KEY, secret).expect("credentials"))
        .environment(Environment::Custom(sandbox.base_url().to_owned()))
        .retry_policy(RetryPolicy::none())
}

fn client(sandbox: &SandboxHandle, secret: &str) -> Client {
    builder(sandbox, secret).build().expect("client")
}

fn invoice(foreign_id: &str) -> types::builder::InvoiceCreateRequest {
    types::InvoiceCreateRequest::builder()
        .timer(false)
        .title("Order")
        .currency("EUR")
        .amount("25.00".parse::<alphapo::Amount>().expect("amount"))
        .foreign_id(foreign_id)
        .end_user_reference("customer-1")
        .url_success("https://shop.example.com/ok")
        .url_failed("https://shop.example.com/failed")
}

#[tokio::test]
async fn a_wrong_secret_gets_alphapos_bad_header_signature() {
    let sandbox = sandbox().await;
    let error = client(&sandbox, "not-the-secret")
        .list_accounts()
        .await
        .expect_err("a wrong secret is refused");
    match error.kind() {
        ErrorKind::Auth { code, message } => {
            assert_eq!(*code, AuthCode::BadHeaderSignature);
            assert_eq!(message, "Bad signature header");
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(
        !error.may_have_been_sent(),
        "the server said no: nothing happened"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_reused_foreign_id_gets_the_400_the_api_gives() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, SECRET);
    client
        .create_invoice(invoice("order-1"))
        .await
        .expect("first invoice");
    let error = client
        .create_invoice(invoice("order-1"))
        .await
        .expect_err("a reused foreign_id is refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    match error.kind() {
        ErrorKind::Validation { errors } => assert_eq!(
            errors.get("foreign_id").map(String::as_str),
            Some("The foreign id has already been taken.")
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn cancel_invoice_percent_encodes_its_foreign_id_and_checks_it_before_sending() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, SECRET);
    // A slash, a space, a question mark and a percent sign stay inside the
    // one path segment and arrive as they were.
    let foreign_id = "order/2 ?x=%41";
    client
        .create_invoice(invoice(foreign_id))
        .await
        .expect("the invoice");
    client
        .cancel_invoice(foreign_id)
        .await
        .expect("the invoice is cancelled");
    let error = client
        .cancel_invoice(foreign_id)
        .await
        .expect_err("a failed invoice stays failed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        error
            .field_errors()
            .and_then(|errors| errors.get("code"))
            .map(String::as_str),
        Some("invalid_invoice_state")
    );
    for (bad, reason) in [
        ("", "must not be empty"),
        (&*"x".repeat(256), "must be at most 255 characters"),
    ] {
        let error = client
            .cancel_invoice(bad)
            .await
            .expect_err("an impossible foreign_id is refused");
        match error.kind() {
            ErrorKind::InvalidArgument { field, reason: why } => {
                assert_eq!((field.as_str(), why.as_str()), ("foreign_id", reason));
            }
            other => panic!("expected an invalid argument, got {other:?}"),
        }
        assert!(!error.may_have_been_sent());
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_shared_client_makes_1000_concurrent_signed_calls_without_a_failure() {
    const CALLS: usize = 1_000;
    let sandbox = sandbox().await;
    // Correctness under concurrency, not speed: a loaded machine may take
    // minutes for the thousand calls, and none may fail for it.
    let client = builder(&sandbox, SECRET)
        .timeout(Duration::from_secs(600))
        .build()
        .expect("client");
    let started = Instant::now();
    let calls = (0..CALLS).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            if i % 2 == 0 {
                client.list_accounts().await.map(|_| ())
            } else {
                client
                    .create_invoice(invoice(&format!("load-{i}")))
                    .await
                    .map(|_| ())
            }
        })
    });
    let results = futures::future::join_all(calls).await;
    let elapsed = started.elapsed();
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|joined| match joined {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(format!("{error:?}")),
            Err(panic) => Some(format!("task failed: {panic}")),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    println!(
        "{CALLS} concurrent calls in {elapsed:?}: {:.0} calls/s",
        CALLS as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
    );
    sandbox.shutdown().await;
}

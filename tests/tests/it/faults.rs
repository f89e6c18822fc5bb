//! The SDK against a sandbox that fails on purpose: what `alphapo::Client`
//! reports and retries for each API fault, and how a merchant built with
//! `alphapo::callbacks` copes with each callback fault. Time-dependent
//! tests run on paused tokio time: nothing here waits on the wall clock.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alphapo::callbacks::{InMemorySeenKeys, SeenKeys, Settlement, VerifiedCallback, Verifier};
use alphapo::{Client, Credentials, Environment, ErrorKind, RetryPolicy, types};
use alphapo_sandbox::{Fault, Sandbox, SandboxConfig, SandboxHandle};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use tokio::time::Instant;

const KEY: &str = "faults-key";
const SECRET: &str = "faults-secret-5d1e";
const WAIT: Duration = Duration::from_secs(10);

fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).expect("credentials")
}

fn config() -> SandboxConfig {
    let mut config = SandboxConfig::new(credentials());
    config.confirmation_delay = Duration::from_millis(5);
    config.callback_retry = alphapo_sandbox::RedeliverySchedule {
        waits: [5, 10, 20].map(Duration::from_millis).to_vec(),
        attempt_timeout: Duration::from_secs(2),
    };
    config
}

/// A sandbox with `fault` armed (text form, as `alphapo sandbox --fault`).
async fn sandbox_with(config: SandboxConfig, fault: &str) -> SandboxHandle {
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let fault: Fault = fault.parse().expect("a fault");
    sandbox.inject(fault).expect("armed");
    sandbox
}

fn client(sandbox: &SandboxHandle, retry: RetryPolicy) -> Client {
    Client::builder()
        .credentials(credentials())
        .environment(Environment::Custom(sandbox.base_url().to_owned()))
        .retry_policy(retry)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn amount(text: &str) -> alphapo::Amount {
    text.parse().expect("amount")
}

fn withdrawal(foreign_id: &str) -> types::builder::WithdrawalRequest {
    types::WithdrawalRequest::builder()
        .currency("BTC")
        .amount(Some(amount("0.01")))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .foreign_id(foreign_id)
        .end_user_reference("customer-1")
}

fn invoice(foreign_id: &str) -> types::builder::InvoiceCreateRequest {
    types::InvoiceCreateRequest::builder()
        .timer(false)
        .title("Order")
        .currency("EUR")
        .amount(amount("25.00"))
        .foreign_id(foreign_id)
        .end_user_reference("customer-1")
        .url_success("https://shop.example.com/ok")
        .url_failed("https://shop.example.com/failed")
}

async fn btc_balance(client: &Client) -> String {
    let balances = client.list_accounts().await.expect("accounts/list");
    balances
        .into_iter()
        .find(|balance| balance.currency == "BTC")
        .map(|balance| balance.balance.to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_withdrawal_dropped_after_commit_may_have_been_sent_and_is_found_by_foreign_id() {
    let sandbox = sandbox_with(config(), "withdrawal_crypto=drop-after-commit,times=1").await;
    let client = client(&sandbox, RetryPolicy::default());
    let error = client
        .withdraw_crypto(withdrawal("payout-1"))
        .await
        .expect_err("the connection drops");
    assert!(
        matches!(error.kind(), ErrorKind::MayHaveBeenSent),
        "{error:?}"
    );
    assert!(error.may_have_been_sent() && error.moves_money());
    assert_eq!(error.attempts(), 1, "a money-moving call is never resent");

    let found = client
        .find_by_foreign_id("payout-1")
        .await
        .expect("it went through");
    assert_eq!(found.foreign_id.as_deref(), Some("payout-1"));
    assert_eq!(found.status.as_str(), "processing");
    // Debited once; resending with the same foreign_id is refused.
    assert_eq!(btc_balance(&client).await, "0.98990000");
    let again = client
        .withdraw_crypto(withdrawal("payout-1"))
        .await
        .expect_err("a duplicate");
    assert!(
        again
            .field_errors()
            .is_some_and(|e| e.contains_key("foreign_id"))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_invoice_dropped_after_commit_exists_and_cannot_be_created_twice() {
    let sandbox = sandbox_with(config(), "invoices_create=drop-after-commit,times=1").await;
    let client = client(&sandbox, RetryPolicy::default());
    let error = client
        .create_invoice(invoice("order-1"))
        .await
        .expect_err("the connection drops");
    assert!(error.may_have_been_sent(), "{error:?}");
    let again = client
        .create_invoice(invoice("order-1"))
        .await
        .expect_err("it exists");
    assert!(
        again
            .field_errors()
            .is_some_and(|e| e.contains_key("foreign_id")),
        "{again:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_withdrawal_dropped_before_commit_is_not_found_and_is_safely_sent_again() {
    let sandbox = sandbox_with(config(), "withdrawal_crypto=drop-before-commit,times=1").await;
    let client = client(&sandbox, RetryPolicy::default());
    let error = client
        .withdraw_crypto(withdrawal("payout-2"))
        .await
        .expect_err("the connection drops");
    // The client cannot tell the two drops apart: it reconciles.
    assert!(error.may_have_been_sent(), "{error:?}");
    let lookup = client
        .find_by_foreign_id("payout-2")
        .await
        .expect_err("nothing was created");
    assert!(!lookup.may_have_been_sent(), "{lookup:?}");
    assert_eq!(btc_balance(&client).await, "1.00000000");

    let sent = client
        .withdraw_crypto(withdrawal("payout-2"))
        .await
        .expect("the retry with the same foreign_id");
    assert_eq!(sent.foreign_id.as_str(), "payout-2");
    assert_eq!(btc_balance(&client).await, "0.98990000");
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_load_balancer_5xx_page_is_a_typed_error_and_reads_are_retried() {
    let sandbox = sandbox_with(config(), "accounts_list=5xx:502,times=1").await;
    let once = client(&sandbox, RetryPolicy::none());
    let error = once.list_accounts().await.expect_err("502");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(error.is_retryable());
    assert!(
        error
            .body_excerpt()
            .is_some_and(|page| page.contains("502 Bad Gateway")),
        "{:?}",
        error.body_excerpt()
    );

    sandbox
        .inject("accounts_list=5xx:503,times=1".parse().expect("a fault"))
        .expect("armed");
    let retrying = client(&sandbox, RetryPolicy::default());
    assert!(retrying.list_accounts().await.is_ok(), "the retry succeeds");
    assert!(sandbox.faults().is_empty());

    // A create is not resent after a 5xx: its outcome is unknown to it.
    sandbox
        .inject("invoices_create=5xx,times=1".parse().expect("a fault"))
        .expect("armed");
    let error = retrying
        .create_invoice(invoice("order-2"))
        .await
        .expect_err("503");
    assert_eq!((error.kind(), error.attempts()), (&ErrorKind::Server, 1));
    assert!(error.may_have_been_sent());
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_429_is_retried_after_its_retry_after() {
    let sandbox = sandbox_with(config(), "accounts_list=429:3,times=1").await;
    let once = client(&sandbox, RetryPolicy::none());
    let error = once.list_accounts().await.expect_err("429");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));

    sandbox
        .inject("accounts_list=429:3,times=1".parse().expect("a fault"))
        .expect("armed");
    let started = Instant::now();
    let retrying = client(&sandbox, RetryPolicy::default());
    assert!(retrying.list_accounts().await.is_ok());
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn latency_past_the_clients_timeout_makes_it_give_up() {
    let sandbox = sandbox_with(config(), "accounts_list=latency:60000").await;
    let client = client(&sandbox, RetryPolicy::none());
    let started = Instant::now();
    let error = client.list_accounts().await.expect_err("a timeout");
    let waited = started.elapsed();
    assert!(
        matches!(error.kind(), ErrorKind::MayHaveBeenSent),
        "{error:?}"
    );
    assert!(
        error.is_retryable(),
        "a read that timed out may be sent again"
    );
    // The client's 5 s timeout fired, not the sandbox's minute.
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(60),
        "{waited:?}"
    );
    sandbox.clear_faults();
    sandbox.shutdown().await;
}

/// A merchant's callback endpoint built with `alphapo::callbacks`: it
/// verifies, de-duplicates by [`Callback::dedup_key`], credits confirmed
/// deposits once, and never lets a late non-final status replace a final
/// one.
#[derive(Clone)]
struct Merchant {
    verifier: Verifier,
    seen: Arc<InMemorySeenKeys>,
    books: Arc<Mutex<Books>>,
}

#[derive(Default, Debug)]
struct Books {
    /// Every request that reached the handler, verified.
    received: usize,
    /// Those the de-duplication let through.
    new: usize,
    credited: Vec<String>,
    /// The state of each transaction, by id.
    state: BTreeMap<String, String>,
}

impl FromRef<Merchant> for Verifier {
    fn from_ref(merchant: &Merchant) -> Verifier {
        merchant.verifier.clone()
    }
}

async fn receive(State(merchant): State<Merchant>, verified: VerifiedCallback) -> StatusCode {
    let callback = verified.callback();
    let Some(key) = callback.dedup_key() else {
        return StatusCode::BAD_REQUEST;
    };
    let new = merchant.seen.insert_if_new(&key).await.unwrap_or(false);
    let mut books = merchant.books.lock().expect("books");
    books.received += 1;
    if !new {
        return StatusCode::OK;
    }
    books.new += 1;
    if let Some(Settlement::Incoming(money)) = callback.settlement() {
        books.credited.push(money.to_string());
    }
    let id = key.id().to_owned();
    let settled = books
        .state
        .get(&id)
        .is_some_and(|status| matches!(status.as_str(), "confirmed" | "cancelled"));
    if callback.is_final() || !settled {
        books
            .state
            .insert(id, callback.status().unwrap_or_default().to_owned());
    }
    StatusCode::OK
}

impl Merchant {
    async fn start() -> (Self, String) {
        let merchant = Self {
            verifier: Verifier::new(&credentials()),
            seen: Arc::new(InMemorySeenKeys::new(1_000)),
            books: Arc::default(),
        };
        let app = axum::Router::new()
            .route("/callbacks", post(receive))
            .with_state(merchant.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        (merchant, format!("http://{address}/callbacks"))
    }

    fn books<T>(&self, read: impl FnOnce(&Books) -> T) -> T {
        read(&self.books.lock().expect("books"))
    }
}

/// A sandbox whose callbacks go to a fresh merchant, with `fault` armed,
/// and a deposit of 0.5 BTC made to it; returns once `deliveries` finished.
async fn deposit_with(
    fault: &str,
    deliveries: usize,
) -> (SandboxHandle, Merchant, Vec<alphapo_sandbox::Delivery>) {
    let (merchant, url) = Merchant::start().await;
    let mut config = config();
    config.callback_url = Some(url.parse().expect("a callback URL"));
    let sandbox = sandbox_with(config, fault).await;
    let address = client(&sandbox, RetryPolicy::default())
        .take_address(
            types::AddressTakeRequest::builder()
                .currency("BTC")
                .foreign_id("customer-1")
                .end_user_reference("customer-1"),
        )
        .await
        .expect("addresses/take");
    sandbox
        .simulate_deposit(&address.address, amount("0.5"))
        .expect("deposit");
    let log = sandbox
        .deliveries()
        .wait_for(deliveries, WAIT)
        .await
        .expect("the deliveries finish");
    (sandbox, merchant, log)
}

/// 0.5 BTC minus BTC's 1 % deposit fee.
const CREDIT: &str = "0.49500000 BTC";

#[tokio::test]
async fn failed_deliveries_are_retried_and_the_merchant_credits_once() {
    let (sandbox, merchant, log) = deposit_with("callbacks=fail-delivery:2", 2).await;
    for delivery in &log {
        let faults: Vec<bool> = delivery
            .attempts
            .iter()
            .map(|a| a.fault.is_some())
            .collect();
        assert_eq!(faults, [true, true, false], "{delivery:?}");
        assert_eq!(
            delivery.outcome,
            alphapo_sandbox::DeliveryOutcome::Delivered
        );
    }
    merchant.books(|books| {
        assert_eq!((books.received, books.new), (6, 2), "{books:?}");
        assert_eq!(books.credited, [CREDIT]);
    });
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_callback_delivered_twice_is_deduplicated() {
    let (sandbox, merchant, log) = deposit_with("callbacks=deliver-twice", 4).await;
    assert_eq!(log[2].body, log[3].body);
    assert_eq!(log[2].signature, log[3].signature);
    merchant.books(|books| {
        assert_eq!((books.received, books.new), (4, 2), "{books:?}");
        assert_eq!(books.credited, [CREDIT]);
    });
    sandbox.shutdown().await;
}

#[tokio::test]
async fn confirmed_before_not_confirmed_leaves_the_deposit_confirmed() {
    let (sandbox, merchant, log) = deposit_with("callbacks=out-of-order,times=1", 2).await;
    // The log lists the callbacks in the order they were caused; the held
    // one, marked, went out after the next.
    let order: Vec<(&str, Option<&str>)> =
        log.iter().map(|d| (d.payload.status(), d.fault)).collect();
    assert_eq!(
        order,
        [("not_confirmed", Some("out-of-order")), ("confirmed", None)]
    );
    merchant.books(|books| {
        assert_eq!(books.new, 2, "{books:?}");
        assert_eq!(books.credited, [CREDIT]);
        assert_eq!(books.state.values().collect::<Vec<_>>(), ["confirmed"]);
    });
    sandbox.shutdown().await;
}

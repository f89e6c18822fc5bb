//! Starting sandboxes with short timers, signed raw requests and a callback
//! receiver that verifies what it gets.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alphapo_auth::{Credentials, Signer, Verifier};
use alphapo_gen::{Amount, types};
use alphapo_sandbox::{Delivery, RedeliverySchedule, Sandbox, SandboxConfig, SandboxHandle};
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use http::{HeaderMap, StatusCode};
use serde_json::Value;
use tokio::sync::watch;

pub const KEY: &str = "sandbox-key";
pub const SECRET: &str = "sandbox-secret";
pub const WAIT: Duration = Duration::from_secs(5);

pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).unwrap_or_else(|error| panic!("test credentials: {error}"))
}

/// AlphaPo's invoice timer, which tests pass with
/// [`SandboxHandle::advance_clock`] instead of waiting.
pub const INVOICE_TTL: Duration = Duration::from_secs(15 * 60);

/// The test set-up: confirmations and backoffs in milliseconds, AlphaPo's
/// 15-minute invoice timer (tests advance the clock past it).
pub fn config() -> SandboxConfig {
    let mut config = SandboxConfig::new(credentials());
    config.confirmation_delay = Duration::from_millis(5);
    config.invoice_ttl = INVOICE_TTL;
    config.callback_retry = RedeliverySchedule {
        waits: [5, 10, 20].map(Duration::from_millis).to_vec(),
        attempt_timeout: Duration::from_secs(2),
    };
    config
}

pub async fn start(config: SandboxConfig) -> SandboxHandle {
    Sandbox::start(config)
        .await
        .unwrap_or_else(|error| panic!("sandbox did not start: {error}"))
}

pub fn client(sandbox: &SandboxHandle) -> alphapo_gen::Client {
    alphapo_gen::Client::new(sandbox.base_url(), Some(Signer::new(&credentials())))
}

/// An amount written out in a test.
pub fn amount(text: &str) -> Amount {
    text.parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// An invoice of 100 EUR with the shop's return URLs; the caller adds the
/// timer, title, ids and payment currency.
pub fn invoice_request() -> types::builder::InvoiceCreateRequest {
    types::InvoiceCreateRequest::builder()
        .currency("EUR")
        .amount(amount("100"))
        .url_success("https://shop.example/ok")
        .url_failed("https://shop.example/ko")
}

/// A quote for selling 0.01 BTC for EUR.
pub fn quote_request() -> types::builder::ExchangeCalculateRequest {
    types::ExchangeCalculateRequest::builder()
        .sender_currency("BTC")
        .receiver_currency("EUR")
        .sender_amount(Some(amount("0.01")))
}

/// A payment-request currency: its ISO code and, for crypto, its network.
pub fn payment_currency(iso: &str, network: Option<&str>) -> types::PaymentCurrency {
    types::PaymentCurrency {
        iso: iso.into(),
        network_name: network.map(Into::into),
    }
}

/// The error body the sandbox answered a generated-client call with, or a
/// test failure.
pub fn error_body<T: std::fmt::Debug>(
    answer: Result<T, progenitor_client::Error<types::ApiError>>,
) -> progenitor_client::ResponseValue<types::ApiError> {
    match answer {
        Err(progenitor_client::Error::ErrorResponse(body)) => body,
        other => panic!("expected an error body, got {other:?}"),
    }
}

/// The message a refusal gives for `field`, if it names it.
pub fn field_error(
    refusal: progenitor_client::ResponseValue<types::ApiError>,
    field: &str,
) -> Option<String> {
    refusal.into_inner().errors.remove(field)
}

/// A raw request with a signed JSON body; `tweak` can then break it.
pub async fn raw(
    sandbox: &SandboxHandle,
    method: reqwest::Method,
    path: &str,
    body: &[u8],
    tweak: impl FnOnce(&mut HeaderMap),
) -> (StatusCode, String) {
    let mut headers = alphapo_auth::testing::sign_callback(&credentials(), body);
    tweak(&mut headers);
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", sandbox.base_url()))
        .headers(headers)
        .body(body.to_vec())
        .send()
        .await
        .unwrap_or_else(|error| panic!("request to {path} failed: {error}"));
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    (status, text)
}

/// A signed POST of a JSON value; the answer's status and JSON body.
pub async fn post_json(sandbox: &SandboxHandle, path: &str, body: &Value) -> (StatusCode, Value) {
    let bytes = body.to_string();
    let (status, text) = raw(
        sandbox,
        reqwest::Method::POST,
        path,
        bytes.as_bytes(),
        |_| {},
    )
    .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A control API call with an optional JSON body; the status and the JSON
/// answer (`null` when it is not JSON).
pub async fn control(
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

/// The deliveries once `count` have finished, or a test failure.
pub async fn deliveries(sandbox: &SandboxHandle, count: usize) -> Vec<Delivery> {
    sandbox
        .deliveries()
        .wait_for(count, WAIT)
        .await
        .unwrap_or_else(|| {
            panic!(
                "fewer than {count} callbacks: {:?}",
                sandbox.deliveries().snapshot()
            )
        })
}

/// What a callback receiver saw: whether the signature verified, and the body.
#[derive(Debug, Clone)]
pub struct Received {
    pub verified: bool,
    pub body: Bytes,
}

#[derive(Clone)]
struct ReceiverState {
    verifier: Verifier,
    failures_left: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
    count: watch::Sender<usize>,
}

/// A callback endpoint on 127.0.0.1:0 that verifies every callback with
/// `alphapo_auth::Verifier` and answers 500 to the first `failures` ones.
pub struct Receiver {
    pub url: url::Url,
    received: Arc<Mutex<Vec<Received>>>,
    count: watch::Sender<usize>,
}

impl Receiver {
    pub async fn start(failures: usize) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let count = watch::Sender::new(0);
        let state = ReceiverState {
            verifier: Verifier::new(&credentials()),
            failures_left: Arc::new(AtomicUsize::new(failures)),
            received: Arc::clone(&received),
            count: count.clone(),
        };
        let app = axum::Router::new()
            .route("/callbacks", post(receive))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("receiver bind: {error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("receiver address: {error}"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let url = format!("http://{address}/callbacks")
            .parse()
            .unwrap_or_else(|error| panic!("receiver url: {error}"));
        Self {
            url,
            received,
            count,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// What was received once `count` requests arrived, or a test failure.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let mut arrived = self.count.subscribe();
        let reached = tokio::time::timeout(WAIT, arrived.wait_for(|n| *n >= count)).await;
        assert!(
            matches!(reached, Ok(Ok(_))),
            "fewer than {count} requests: {:?}",
            self.received()
        );
        self.received()
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let verified = state.verifier.verify(&headers, &body).is_ok();
    if let Ok(mut received) = state.received.lock() {
        received.push(Received { verified, body });
        state.count.send_replace(received.len());
    }
    let failing = state
        .failures_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok();
    if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// A sandbox whose callbacks go to a fresh receiver.
pub async fn with_receiver(failures: usize) -> (SandboxHandle, Receiver) {
    let receiver = Receiver::start(failures).await;
    let mut config = config();
    config.callback_url = Some(receiver.url.clone());
    (start(config).await, receiver)
}

/// Takes a deposit address of `currency` through the generated client.
pub async fn take_address(
    client: &alphapo_gen::Client,
    currency: &str,
    foreign_id: &str,
) -> String {
    client
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency(currency)
                .foreign_id(foreign_id)
                .end_user_reference("customer-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("addresses/take: {error}"))
        .into_inner()
        .data
        .address
}

/// The balance of `currency` as `accounts/list` reports it.
pub async fn balance(client: &alphapo_gen::Client, currency: &str) -> String {
    client
        .accounts_list()
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await
        .unwrap_or_else(|error| panic!("accounts/list: {error}"))
        .into_inner()
        .data
        .into_iter()
        .find(|balance| balance.currency == currency)
        .map(|balance| balance.balance.to_string())
        .unwrap_or_default()
}

/// Sends `withdrawal/crypto` through the generated client and returns the
/// withdrawal it answers with.
pub async fn withdraw(
    client: &alphapo_gen::Client,
    request: types::builder::WithdrawalRequest,
) -> types::Withdrawal {
    client
        .withdrawal_crypto()
        .body(request)
        .send()
        .await
        .unwrap_or_else(|error| panic!("withdrawal/crypto: {error}"))
        .into_inner()
        .data
}

/// Sends `exchange/now` through the generated client and returns the
/// exchange it answers with.
pub async fn exchange_now(
    client: &alphapo_gen::Client,
    request: types::builder::ExchangeNowRequest,
) -> types::Exchange {
    client
        .exchange_now()
        .body(request)
        .send()
        .await
        .unwrap_or_else(|error| panic!("exchange/now: {error}"))
        .into_inner()
        .data
}

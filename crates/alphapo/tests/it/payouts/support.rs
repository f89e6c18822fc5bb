//! What the payouts tests share: a SQLite outbox, sandbox clients,
//! requests, balances, signed callbacks and a recording raw server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alphapo::callbacks::inbox::{Handler, Inbox};
use alphapo::callbacks::{Callback, VerifiedCallback, Verifier, testing};
use alphapo::payouts::{Outbox, OutboxConfig};
use alphapo::{Client, Credentials, Environment, RetryPolicy, types};
use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use rust_decimal::Decimal;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Sqlite, SqlitePool};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use crate::client_support::read_request;

pub const KEY: &str = "payouts-key";
pub const SECRET: &str = "payouts-secret-91c4";

pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).expect("credentials")
}

/// An outbox configuration for tests: zero backoff, so a failed payout is
/// due again at once.
pub fn config() -> OutboxConfig {
    OutboxConfig::default().backoff(
        RetryPolicy::default()
            .with_base_delay(Duration::ZERO)
            .with_max_delay(Duration::ZERO),
    )
}

/// A one-connection SQLite database in memory.
pub async fn sqlite() -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await
        .expect("sqlite in memory")
}

/// A migrated SQLite outbox sending through `client`.
pub async fn sqlite_outbox(client: Client) -> Outbox<Sqlite> {
    let outbox = Outbox::new(sqlite().await, client).with_config(config());
    outbox.migrate().await.expect("migrates");
    outbox
}

/// A sandbox accepting [`credentials`].
pub async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::new(credentials()))
        .await
        .expect("sandbox starts")
}

/// A client of `base_url` that never retries by itself.
pub fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(credentials())
        .environment(Environment::Custom(base_url.to_owned()))
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// A withdrawal of 0.001 BTC (the smallest the API takes) with `foreign_id`.
pub fn withdrawal(foreign_id: &str) -> types::WithdrawalRequest {
    types::WithdrawalRequest::builder()
        .currency("BTC")
        .amount(Some("0.001".parse::<alphapo::Amount>().expect("amount")))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .foreign_id(foreign_id)
        .end_user_reference("customer-1")
        .try_into()
        .expect("a valid withdrawal")
}

/// The sandbox's BTC balance.
pub async fn btc(client: &Client) -> Decimal {
    let balances = client.list_accounts().await.expect("accounts/list");
    let balance = balances
        .into_iter()
        .find(|balance| balance.currency == "BTC")
        .expect("a BTC balance");
    balance.balance.to_string().parse().expect("a decimal")
}

/// What one withdrawal of [`withdrawal`] takes from the balance of a fresh
/// sandbox (amount and fees), measured by making one.
pub async fn one_withdrawal_costs() -> Decimal {
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    client
        .withdraw_crypto(withdrawal("measure"))
        .await
        .expect("a withdrawal");
    let cost = before - btc(&client).await;
    sandbox.shutdown().await;
    assert!(cost > Decimal::ZERO, "a withdrawal costs something");
    cost
}

/// Enqueues `intent` in its own committed transaction.
pub async fn enqueue(
    outbox: &Outbox<Sqlite>,
    intent: impl Into<alphapo::payouts::Intent>,
) -> alphapo::payouts::PayoutId {
    let mut tx = outbox.pool().begin().await.expect("begin");
    let id = Outbox::<Sqlite>::enqueue(&mut tx, intent)
        .await
        .expect("enqueued");
    tx.commit().await.expect("commit");
    id
}

/// A merchant handler that does nothing.
pub struct Nothing;

impl<DB: sqlx::Database> Handler<DB> for Nothing {
    type Error = std::convert::Infallible;

    async fn handle(&self, _: &mut DB::Connection, _: &Callback) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// A withdrawal callback for `foreign_id` with `status`, signed and verified.
pub fn withdrawal_callback(id: i64, foreign_id: &str, status: &str) -> VerifiedCallback {
    transaction_callback(id, foreign_id, "withdrawal", status)
}

/// A transaction callback of `callback_type` for `foreign_id` with
/// `status`, signed and verified.
pub fn transaction_callback(
    id: i64,
    foreign_id: &str,
    callback_type: &str,
    status: &str,
) -> VerifiedCallback {
    let body = format!(
        r#"{{"id":{id},"foreign_id":"{foreign_id}","type":"{callback_type}","status":"{status}","currency_sent":{{"currency":"BTC","amount":"0.01"}},"fees":[],"transactions":[]}}"#
    );
    let credentials = credentials();
    let headers = testing::sign_callback(&credentials, body.as_bytes());
    VerifiedCallback::verify(&Verifier::new(&credentials), &headers, body).expect("verified")
}

/// The inbox on the outbox's pool.
pub fn inbox(outbox: &Outbox<Sqlite>) -> Inbox<Sqlite> {
    Inbox::new(outbox.pool().clone())
}

/// One request a [`Recorder`] received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub body: Vec<u8>,
}

/// A raw HTTP server on 127.0.0.1 that records every request (path and
/// exact body bytes) and answers each with `answer(path)`: a status and a
/// JSON (or HTML) body.
pub struct Recorder {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Recorder {
    pub async fn start(answer: fn(&str) -> (u16, &'static str)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    while let Some((head, body)) = read_request(&mut socket).await {
                        let path = head
                            .split_whitespace()
                            .nth(1)
                            .unwrap_or_default()
                            .to_owned();
                        let (status, text) = answer(&path);
                        log.lock().expect("log").push(Recorded { path, body });
                        let response = format!(
                            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{text}",
                            text.len()
                        );
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Self { base_url, requests }
    }

    /// The requests to `path` so far.
    pub fn to(&self, path: &str) -> Vec<Recorded> {
        let requests = self.requests.lock().expect("log");
        requests
            .iter()
            .filter(|request| request.path == path)
            .cloned()
            .collect()
    }

    /// Every request so far.
    pub fn all(&self) -> usize {
        self.requests.lock().expect("log").len()
    }
}

pub const WITHDRAW: &str = "/api/v2/withdrawal/crypto";
pub const INFO: &str = "/api/v2/transactions/info";

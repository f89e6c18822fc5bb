//! A complete AlphaPo callback receiver.
//!
//! ```text
//! ALPHAPO_API_KEY=... ALPHAPO_SECRET=... \
//!     cargo run -p alphapo --example callback_receiver --features axum
//! ```
//!
//! It listens on `ALPHAPO_CALLBACK_ADDR` (default `127.0.0.1:8080`) for
//! `POST /alphapo/callbacks`, and shows its ledger on `GET /ledger`. The extractor verifies the signature on the raw
//! body and parses it (401/400/413 otherwise); the handler de-duplicates,
//! credits only final confirmed deposits and invoices, and answers 200 only
//! once the event is stored. Put it behind your HTTPS reverse proxy: AlphaPo
//! only calls `https://` URLs.
//!
//! The "database" here is in memory; in production the de-duplication key
//! and the credit go into one database transaction (see
//! `alphapo::callbacks::SeenKeys`).

use std::sync::{Arc, Mutex, PoisonError};

use alphapo::callbacks::{Callback, InMemorySeenKeys, SeenKeys, VerifiedCallback};
use alphapo_auth::{Credentials, Verifier};
use alphapo_gen::Amount;
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::{get, post};

/// What the handlers share.
#[derive(Clone)]
struct App {
    verifier: Verifier,
    seen: Arc<InMemorySeenKeys>,
    ledger: Arc<Mutex<Vec<Credit>>>,
}

/// One line of the merchant's ledger.
struct Credit {
    key: String,
    foreign_id: Option<String>,
    currency: String,
    amount: Amount,
}

impl std::fmt::Display for Credit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let foreign_id = self.foreign_id.as_deref().unwrap_or("-");
        write!(
            f,
            "{} {} for {foreign_id} ({})",
            self.amount, self.currency, self.key
        )
    }
}

/// The extractor finds the verifier in the state through this.
impl FromRef<App> for Verifier {
    fn from_ref(app: &App) -> Verifier {
        app.verifier.clone()
    }
}

async fn receive(State(app): State<App>, verified: VerifiedCallback) -> StatusCode {
    let callback = verified.callback();
    let Some(key) = callback.dedup_key() else {
        // An unknown type without an id: keep `verified.body()` for a human
        // and acknowledge, or AlphaPo retries it for days.
        eprintln!(
            "callback of type {} without a key",
            callback.callback_type()
        );
        return StatusCode::OK;
    };
    // With a database, this insert and the credit below are one transaction
    // and the 200 goes out after its commit; a failed commit answers 500.
    match app.seen.insert_if_new(&key).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::OK, // handled before: a retry or a replay
        Err(never) => match never {},
    }
    let credits_merchant = matches!(
        callback,
        Callback::Deposit(_) | Callback::DepositExchange(_) | Callback::Invoice(_)
    );
    if credits_merchant
        && callback.is_confirmed()
        && let Some(credited) = callback.credited_amount()
    {
        let line = Credit {
            key: key.to_string(),
            foreign_id: foreign_id(callback).map(str::to_owned),
            currency: credited.currency.to_owned(),
            amount: credited.amount,
        };
        println!("credited {line}");
        app.ledger
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
    StatusCode::OK
}

/// Whose money it is: the `foreign_id` the merchant gave the deposit address
/// or the invoice.
fn foreign_id(callback: &Callback) -> Option<&str> {
    match callback {
        Callback::Deposit(deposit) | Callback::DepositExchange(deposit) => {
            deposit.crypto_address.as_ref()?.foreign_id.as_deref()
        }
        Callback::Invoice(invoice) => invoice.foreign_id.as_deref(),
        _ => None,
    }
}

async fn ledger(State(app): State<App>) -> String {
    let credits = app.ledger.lock().unwrap_or_else(PoisonError::into_inner);
    credits.iter().map(|credit| format!("{credit}\n")).collect()
}

fn app(verifier: Verifier) -> Router {
    let state = App {
        verifier,
        seen: Arc::new(InMemorySeenKeys::new(100_000)),
        ledger: Arc::default(),
    };
    Router::new()
        .route("/alphapo/callbacks", post(receive))
        .route("/ledger", get(ledger))
        .with_state(state)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("ALPHAPO_API_KEY").map_err(|_| "set ALPHAPO_API_KEY")?;
    let secret = std::env::var("ALPHAPO_SECRET").map_err(|_| "set ALPHAPO_SECRET")?;
    let address =
        std::env::var("ALPHAPO_CALLBACK_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let verifier = Verifier::new(&Credentials::new(key, secret)?);

    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening for AlphaPo callbacks on http://{address}/alphapo/callbacks");
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}

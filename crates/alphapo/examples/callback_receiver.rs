//! A complete AlphaPo callback receiver: verified callbacks, a durable inbox
//! on SQLite, credits committed with the callback's key, and a server that
//! slow clients cannot hold.
//!
//! ```text
//! ALPHAPO_API_KEY=... ALPHAPO_SECRET=... \
//!     cargo run -p alphapo --example callback_receiver --features axum,sqlite
//! ```
//!
//! It listens on `ALPHAPO_CALLBACK_ADDR` (default `127.0.0.1:3000`, where the
//! README's sandbox sends its callbacks) for `POST /alphapo/callbacks`, and
//! shows its ledger on `GET /ledger`. The database is `ALPHAPO_INBOX_URL`
//! (default `sqlite://alphapo-callbacks.db?mode=rwc`); with the `postgres`
//! feature the same code runs on `Inbox<Postgres>` for several replicas.
//!
//! The one rule: credit inside the handler's transaction, answer only after
//! the commit. The inbox does both: a duplicate runs nothing and answers
//! 200; a failed handler rolls back and answers 500 so AlphaPo retries.
//! Put it behind your HTTPS reverse proxy: AlphaPo only calls `https://`.

use alphapo::callbacks::inbox::{Handler, Inbox};
use alphapo::callbacks::{Callback, ServeConfig, Settlement, Verifier, serve};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use sqlx::{Row, Sqlite, SqliteConnection, SqlitePool};

/// The merchant's ledger: one row per credit, written in the inbox's
/// transaction.
struct Ledger;

impl Handler<Sqlite> for Ledger {
    type Error = sqlx::Error;

    async fn handle(
        &self,
        db: &mut SqliteConnection,
        callback: &Callback,
    ) -> Result<(), sqlx::Error> {
        // Only money that came in is credited; withdrawals, pending and
        // failed callbacks have no `Incoming` settlement.
        let Some(Settlement::Incoming(money)) = callback.settlement() else {
            return Ok(());
        };
        sqlx::query("INSERT INTO ledger (foreign_id, currency, amount) VALUES ($1, $2, $3)")
            .bind(foreign_id(callback))
            .bind(money.currency)
            .bind(money.amount.to_string()) // exact: decimal text, never a float
            .execute(db)
            .await?;
        println!(
            "credited {money} to {}",
            foreign_id(callback).unwrap_or("-")
        );
        Ok(())
    }
}

/// Whose money it is: the `foreign_id` the merchant gave the deposit
/// address, the invoice or the payment request.
fn foreign_id(callback: &Callback) -> Option<&str> {
    match callback {
        Callback::Deposit(deposit) | Callback::DepositExchange(deposit) => {
            deposit.crypto_address.as_ref()?.foreign_id.as_deref()
        }
        Callback::Invoice(invoice) => invoice.foreign_id.as_deref(),
        Callback::PaymentRequest(request) => request.foreign_id.as_deref(),
        _ => None,
    }
}

/// `GET /ledger`: the credits, one per line.
async fn ledger(State(pool): State<SqlitePool>) -> Result<String, String> {
    let rows = sqlx::query("SELECT foreign_id, currency, amount FROM ledger ORDER BY rowid")
        .fetch_all(&pool)
        .await
        .map_err(|error| error.to_string())?;
    Ok(rows
        .iter()
        .map(|row| {
            let foreign_id: Option<String> = row.get(0);
            let (currency, amount): (String, String) = (row.get(1), row.get(2));
            format!(
                "{amount} {currency} for {}\n",
                foreign_id.as_deref().unwrap_or("-")
            )
        })
        .collect())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = Verifier::from_env()?;
    let address =
        std::env::var("ALPHAPO_CALLBACK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let database = std::env::var("ALPHAPO_INBOX_URL")
        .unwrap_or_else(|_| "sqlite://alphapo-callbacks.db?mode=rwc".to_owned());

    let inbox = Inbox::<Sqlite>::connect(&database).await?;
    inbox.migrate().await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS ledger (foreign_id TEXT, currency TEXT NOT NULL, amount TEXT NOT NULL)",
    )
    .execute(inbox.pool())
    .await?;

    let app = Router::new()
        .route("/ledger", get(ledger))
        .with_state(inbox.pool().clone())
        .merge(inbox.router("/alphapo/callbacks", verifier, Ledger));

    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening for AlphaPo callbacks on http://{address}/alphapo/callbacks");
    // Headers within 10 s, the body within 10 s, a request within 30 s.
    serve(listener, app, ServeConfig::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

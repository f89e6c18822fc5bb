//! Sending money with the payouts outbox: a refund decided and enqueued in
//! one transaction, then sent by the worker, exactly once.
//!
//!     ALPHAPO_API_KEY=.. ALPHAPO_SECRET=.. ALPHAPO_BASE_URL=http://127.0.0.1:8080 \
//!         cargo run -p alphapo --example send_money --features sqlite
//!
//! (`alphapo sandbox` serves an offline API on 127.0.0.1:8080.)

use std::error::Error;

use alphapo::payouts::{Outbox, Payout};
use alphapo::{Client, types};
use sqlx::{Sqlite, SqlitePool};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::from_env()?;
    let pool = SqlitePool::connect("sqlite://shop.db?mode=rwc").await?;
    let payout = refund_order(&client, &pool, 42).await?;
    println!("{} is {}", payout.foreign_id, payout.state);
    Ok(())
}

/// Refunds order `order` in BTC: the decision (a row in `refunds`) and the
/// payout commit together, then the worker sends it.
pub async fn refund_order(
    client: &Client,
    pool: &SqlitePool,
    order: i64,
) -> Result<Payout, Box<dyn Error>> {
    let outbox = Outbox::<Sqlite>::new(pool.clone(), client.clone());
    outbox.migrate().await?; // the alphapo_payouts table, shipped with the crate
    sqlx::query("CREATE TABLE IF NOT EXISTS refunds (order_id INTEGER PRIMARY KEY)")
        .execute(pool)
        .await?;

    // One foreign_id per payment, for life: derived from the order, never random.
    let foreign_id = format!("refund-{order}");
    let request = types::WithdrawalRequest::builder()
        .currency("BTC")
        .amount(Some("0.001".parse::<alphapo::Amount>()?))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .end_user_reference("customer-7")
        .foreign_id(foreign_id.as_str());
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO refunds (order_id) VALUES ($1)")
        .bind(order)
        .execute(&mut *tx)
        .await?;
    Outbox::<Sqlite>::enqueue(&mut tx, types::WithdrawalRequest::try_from(request)?).await?;
    tx.commit().await?;

    // The worker; in production `outbox.run(shutdown)` in its own task or
    // processes, which retries, reconciles and never pays twice.
    outbox.process_once().await?;
    Ok(outbox
        .get(&foreign_id)
        .await?
        .ok_or("the payout is stored")?)
}

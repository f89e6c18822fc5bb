//! One payouts worker process for the chaos test (`payouts_chaos`): the
//! outbox on the given database, sending to the given sandbox with a short
//! client timeout, until it is killed or `--stop-after-secs` pass.
//!
//! ```text
//! payout_worker --database-url URL --sandbox-url URL [--timeout-ms 1000]
//!     [--lease-ms 4000] [--batch 10] [--concurrency 10] [--stop-after-secs 300]
//! ```

// The driver's module; it uses the parts this worker does not (`--bench`).
#[allow(dead_code)]
#[path = "payouts_chaos/shared.rs"]
mod shared;

use std::time::Duration;

use alphapo::payouts::{Backend, Outbox, OutboxConfig};
use alphapo::{Client, RetryPolicy};
use sqlx::{Pool, Postgres, Sqlite};

use shared::{Args, fail};

#[tokio::main]
async fn main() {
    let args = Args::from_env();
    let database = args
        .text("database-url")
        .unwrap_or_else(|| fail("--database-url is required"))
        .to_owned();
    let sandbox = args
        .text("sandbox-url")
        .unwrap_or_else(|| fail("--sandbox-url is required"));
    let timeout = args.millis("timeout-ms", 1_000);
    // Every outcome reaches the outbox: no retries inside an attempt.
    let client = Client::builder()
        .credentials(shared::credentials())
        .base_url(sandbox)
        .timeout(timeout)
        .connect_timeout(timeout)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap_or_else(|error| fail(&format!("client: {error}")));
    let config = OutboxConfig::default()
        .batch_size(args.number("batch", 10))
        .concurrency(args.number("concurrency", 10))
        .lease(args.millis("lease-ms", 4_000))
        .backoff(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(50))
                .with_max_delay(Duration::from_secs(1))
                .with_max_retry_after(Duration::from_secs(1)),
        )
        .idle(Duration::from_millis(50));
    let stop = tokio::time::sleep(Duration::from_secs(args.number("stop-after-secs", 300)));
    if shared::is_postgres(&database) {
        let pool: Pool<Postgres> = shared::postgres(&database, 4).await;
        run(Outbox::new(pool, client).with_config(config), stop).await;
    } else {
        let pool: Pool<Sqlite> = shared::sqlite(&database, 2).await;
        run(Outbox::new(pool, client).with_config(config), stop).await;
    }
}

async fn run<DB: Backend>(outbox: Outbox<DB>, stop: impl Future<Output = ()>) {
    if let Err(error) = outbox.run(stop).await {
        fail(&format!("the worker stopped: {error}"));
    }
}

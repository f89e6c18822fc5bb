//! The outbox on PostgreSQL (when `DATABASE_URL` is set; in CI a missing
//! database fails): several workers share the due payouts through the
//! claim's `FOR UPDATE SKIP LOCKED`, each payout sent once.

use std::str::FromStr;

use alphapo::payouts::{ListFilter, Outbox, PayoutState, Processed};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use super::support::{btc, client, config, one_withdrawal_costs, sandbox, withdrawal};
use crate::callbacks_inbox::{database_url, test_schema};

const PAYOUTS: usize = 200;

/// A pool on a fresh schema of the `DATABASE_URL` database.
async fn fresh_schema(url: &str, name: &str) -> PgPool {
    let (_admin, schema) = test_schema(url, &format!("alphapo_payouts_{name}")).await;
    let options = PgConnectOptions::from_str(url)
        .expect("DATABASE_URL parses")
        .options([("search_path", schema.as_str())]);
    PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("connects")
}

#[cfg_attr(
    not(alphapo_database),
    ignore = "needs DATABASE_URL (source .ci/postgres.sh)"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_four_workers_share_the_payouts_and_send_each_once() {
    let Some(url) = database_url() else {
        return;
    };
    let cost = one_withdrawal_costs().await;
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    let pool = fresh_schema(&url, "workers").await;
    let outbox = Outbox::<Postgres>::new(pool.clone(), client.clone())
        .with_config(config().batch_size(16).concurrency(4));
    outbox.migrate().await.expect("migrates");

    let mut tx = pool.begin().await.expect("begin");
    for n in 0..PAYOUTS {
        Outbox::<Postgres>::enqueue(&mut tx, withdrawal(&format!("pg-{n}")))
            .await
            .expect("enqueued");
    }
    tx.commit().await.expect("commit");

    let workers = (0..4).map(|_| {
        let outbox = outbox.clone();
        tokio::spawn(async move {
            let mut total = Processed::default();
            loop {
                let processed = outbox.process_once().await.expect("processed");
                if processed.claimed == 0 {
                    return total;
                }
                total.claimed += processed.claimed;
                total.sent += processed.sent;
            }
        })
    });
    let mut claimed = 0;
    let mut sent = 0;
    let mut working = 0;
    for worker in workers.collect::<Vec<_>>() {
        let total = worker.await.expect("a worker");
        claimed += total.claimed;
        sent += total.sent;
        working += usize::from(total.claimed > 0);
    }
    assert_eq!(
        (claimed, sent),
        (PAYOUTS as u64, PAYOUTS as u64),
        "each claimed and sent once"
    );
    assert!(
        working >= 2,
        "the work was shared ({working} workers claimed)"
    );
    let all = outbox
        .list(ListFilter::default().limit(u32::MAX))
        .await
        .expect("list");
    assert_eq!(all.len(), PAYOUTS);
    assert!(
        all.iter()
            .all(|p| p.state == PayoutState::Sent && p.attempts == 1 && p.api_id.is_some())
    );
    let spent = before - btc(&client).await;
    assert_eq!(
        spent,
        cost * rust_decimal::Decimal::from(PAYOUTS),
        "one withdrawal per payout"
    );
    sandbox.shutdown().await;
}

#[cfg_attr(
    not(alphapo_database),
    ignore = "needs DATABASE_URL (source .ci/postgres.sh)"
)]
#[tokio::test]
async fn postgres_duplicates_rollbacks_and_leases_behave_as_on_sqlite() {
    let Some(url) = database_url() else {
        return;
    };
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let pool = fresh_schema(&url, "rules").await;
    let outbox = Outbox::<Postgres>::new(pool.clone(), client.clone()).with_config(config());
    outbox.migrate().await.expect("migrates");

    let mut tx = pool.begin().await.expect("begin");
    Outbox::<Postgres>::enqueue(&mut tx, withdrawal("pg-rolled-back"))
        .await
        .expect("enqueued");
    tx.rollback().await.expect("rollback");
    assert_eq!(outbox.get("pg-rolled-back").await.expect("get"), None);

    let mut tx = pool.begin().await.expect("begin");
    Outbox::<Postgres>::enqueue(&mut tx, withdrawal("pg-1"))
        .await
        .expect("enqueued");
    let duplicate = Outbox::<Postgres>::enqueue(&mut tx, withdrawal("pg-1")).await;
    assert!(
        matches!(
            duplicate,
            Err(alphapo::payouts::EnqueueError::DuplicateForeignId { .. })
        ),
        "{duplicate:?}"
    );
    // The transaction is not aborted by the duplicate.
    tx.commit().await.expect("commit");

    // A worker claimed pg-1, sent it and died; its lease runs out.
    sqlx::query("UPDATE alphapo_payouts SET attempts = 1, lease_until = 1, next_attempt_at = 1")
        .execute(&pool)
        .await
        .expect("a dead worker's claim");
    client
        .withdraw_crypto(withdrawal("pg-1"))
        .await
        .expect("its send");
    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.claimed, processed.reconciled),
        (1, 1),
        "{processed:?}"
    );
    let payout = outbox.get("pg-1").await.expect("get").expect("stored");
    assert_eq!((payout.state, payout.attempts), (PayoutState::Sent, 2));
    sandbox.shutdown().await;
}

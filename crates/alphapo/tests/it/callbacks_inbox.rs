//! Exactly once under concurrency: receivers on one database, every callback
//! delivered three times at once in random order, handlers failing and
//! dropped mid-transaction, redelivered until 200. Each callback must be
//! credited exactly once, and the exact decimal sum must match.
//!
//! PostgreSQL runs when `DATABASE_URL` is set (`.ci/postgres.sh` sets it in
//! CI, where a missing database is a failure); SQLite always runs.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use alphapo::callbacks::inbox::{Backend, Delivery, Handler, Inbox};
use alphapo::callbacks::{Callback, ServeConfig, Settlement, VerifiedCallback, serve, testing};
use futures::StreamExt;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Pool, Type};

use crate::callbacks_support::{credentials, verifier};

/// One callback of the run: its signed body and what it must credit.
struct Sent {
    body: Vec<u8>,
    headers: http::HeaderMap,
    credit: Decimal,
}

/// `count` distinct confirmed deposits with random exact amounts.
fn callbacks(count: usize, rng: &mut StdRng) -> Vec<Sent> {
    let credentials = credentials();
    (1..=count)
        .map(|id| {
            let amount = Decimal::new(rng.random_range(100_000..10_000_000_000_i64), 8);
            let fee = Decimal::new(rng.random_range(1..100_000_i64), 8);
            let credit = amount - fee;
            let body = serde_json::to_vec(&serde_json::json!({
                "id": id, "type": "deposit", "status": "confirmed",
                "crypto_address": {"id": 1, "currency": "BTC", "address": "a", "foreign_id": format!("user-{id}")},
                "currency_received": {"currency": "BTC", "amount": amount.to_string(), "amount_minus_fee": credit.to_string()},
                "transactions": [], "fees": [], "error": ""
            }))
            .expect("serializable");
            let headers = testing::sign_callback(&credentials, &body);
            Sent {
                body,
                headers,
                credit,
            }
        })
        .collect()
}

/// How a handler misbehaves, by callback id and attempt.
#[derive(Clone, Copy)]
struct Faults {
    /// One callback in `hang_every` hangs on its first attempt, inside the
    /// transaction, until the request deadline drops it.
    hang_every: i64,
}

/// A ledger that credits inside the inbox's transaction, and fails some
/// attempts after writing its credit (so the rollback is what removes it).
struct FlakyLedger {
    attempts: Arc<Mutex<HashMap<i64, u32>>>,
    faults: Faults,
}

#[derive(Debug, thiserror::Error)]
#[error("the ledger failed on purpose")]
struct Failed;

/// What a handler does on a given attempt.
enum Outcome {
    Credit,
    Fail,
    Hang,
}

impl FlakyLedger {
    fn outcome(&self, id: i64) -> Outcome {
        let mut attempts = self.attempts.lock().unwrap_or_else(PoisonError::into_inner);
        let attempt = attempts.entry(id).or_default();
        *attempt += 1;
        match (id % self.faults.hang_every, id % 7, *attempt) {
            (1, _, 1) => Outcome::Hang,
            (_, 0, 1) | (_, 3, 1..=2) => Outcome::Fail,
            _ => Outcome::Credit,
        }
    }
}

impl<DB> Handler<DB> for FlakyLedger
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    type Error = Failed;

    async fn handle(&self, db: &mut DB::Connection, callback: &Callback) -> Result<(), Failed> {
        let Some(Settlement::Incoming(money)) = callback.settlement() else {
            return Ok(());
        };
        let id = callback.transaction().map_or(0, |deposit| deposit.id);
        sqlx::query("INSERT INTO test_credits (callback_id, amount) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(money.amount.to_string())
            .execute(&mut *db)
            .await
            .map_err(|_| Failed)?;
        match self.outcome(id) {
            Outcome::Credit => Ok(()),
            Outcome::Fail => Err(Failed),
            Outcome::Hang => std::future::pending().await,
        }
    }
}

/// What the deliveries saw.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    server_errors: usize,
    timeouts: usize,
    other: usize,
}

/// Starts `instances` receivers on `pools`, delivers every callback three
/// times (concurrently, in random order, each to a random instance), and
/// redelivers each until it gets a 200.
async fn run<DB>(pools: Vec<Pool<DB>>, sent: &[Sent], faults: Faults, rng: &mut StdRng) -> Tally
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    let attempts = Arc::default();
    let mut urls = Vec::new();
    for pool in pools {
        let ledger = FlakyLedger {
            attempts: Arc::clone(&attempts),
            faults,
        };
        let router = Inbox::new(pool).router("/alphapo/callbacks", verifier(), ledger);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        urls.push(format!(
            "http://{}/alphapo/callbacks",
            listener.local_addr().expect("address")
        ));
        // A hanging handler is dropped by this deadline; nothing else is
        // measured against it (a slow machine only causes redeliveries).
        let config = ServeConfig::default().request_timeout(Duration::from_secs(2));
        tokio::spawn(serve(listener, router, config, std::future::pending()));
    }

    let mut deliveries: Vec<(usize, usize)> = (0..sent.len())
        .flat_map(|index| (0..3).map(move |_| index))
        .map(|index| (index, rng.random_range(0..urls.len())))
        .collect();
    deliveries.shuffle(rng);

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client");
    let tally = Mutex::new(Tally::default());
    futures::stream::iter(deliveries)
        .for_each_concurrent(64, |(index, mut instance)| {
            let (client, urls, tally) = (&client, &urls, &tally);
            async move {
                loop {
                    let response = client
                        .post(&urls[instance])
                        .headers(sent[index].headers.clone())
                        .body(sent[index].body.clone())
                        .send()
                        .await;
                    let status = response.map(|response| response.status().as_u16());
                    let mut tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
                    match status {
                        Ok(200) => {
                            tally.ok += 1;
                            return;
                        }
                        Ok(500) => tally.server_errors += 1,
                        Ok(408) => tally.timeouts += 1,
                        _ => tally.other += 1,
                    }
                    // Redeliver, as AlphaPo does, possibly to another replica.
                    instance = (instance + 1) % urls.len();
                }
            }
        })
        .await;
    tally.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Checks that each callback was credited once and stored once, with the
/// exact total.
async fn assert_credited_exactly_once<DB>(pool: &Pool<DB>, sent: &[Sent])
where
    DB: Backend,
    for<'c> &'c Pool<DB>: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> String: Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT callback_id, amount FROM test_credits")
            .fetch_all(pool)
            .await
            .expect("credits");
    let mut credited: HashMap<String, usize> = HashMap::new();
    let mut total = Decimal::ZERO;
    for (id, amount) in &rows {
        *credited.entry(id.clone()).or_default() += 1;
        total += Decimal::from_str(amount).expect("an exact amount");
    }
    assert_eq!(credited.len(), sent.len(), "every callback credited");
    let twice: Vec<_> = credited.iter().filter(|(_, count)| **count != 1).collect();
    assert!(twice.is_empty(), "credited more than once: {twice:?}");
    let expected: Decimal = sent.iter().map(|sent| sent.credit).sum();
    assert_eq!(total, expected, "the exact sum of the credits");

    let stored: Vec<(String,)> = sqlx::query_as("SELECT id FROM alphapo_callbacks")
        .fetch_all(pool)
        .await
        .expect("inbox rows");
    assert_eq!(stored.len(), sent.len(), "one inbox row per callback");
}

/// The faults really happened, so the test could have failed.
fn assert_faults_were_exercised(tally: &Tally, sent: usize) {
    assert_eq!(tally.ok, sent * 3, "every delivery answered 200 in the end");
    assert!(tally.server_errors > 0, "some handlers failed: {tally:?}");
    assert!(
        tally.timeouts > 0,
        "some handlers were dropped mid-transaction: {tally:?}"
    );
}

/// A fresh schema named `prefix`, this process and the time, created over a
/// connection of its own (returned, for the checks and the drop).
pub(crate) async fn test_schema(url: &str, prefix: &str) -> (sqlx::PgPool, String) {
    let schema = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_nanos()
    );
    let admin = sqlx::PgPool::connect(url)
        .await
        .expect("DATABASE_URL connects");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .expect("a test schema");
    (admin, schema)
}

const CALLBACKS: usize = 1_000;

#[cfg_attr(
    not(alphapo_database),
    ignore = "needs DATABASE_URL (source .ci/postgres.sh)"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_four_receivers_credit_each_callback_exactly_once() {
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    let Some(url) = database_url() else {
        return;
    };
    let (admin, schema) = test_schema(&url, "alphapo_inbox").await;
    let options = PgConnectOptions::from_str(&url)
        .expect("DATABASE_URL parses")
        .options([("search_path", schema.as_str())]);
    let connect = || {
        PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options.clone())
    };
    let first = connect().await.expect("connects");
    Inbox::new(first.clone()).migrate().await.expect("migrates");
    sqlx::query("CREATE TABLE test_credits (callback_id text NOT NULL, amount text NOT NULL)")
        .execute(&first)
        .await
        .expect("credits table");

    let mut rng = StdRng::seed_from_u64(11);
    let sent = callbacks(CALLBACKS, &mut rng);
    let mut pools = vec![first.clone()];
    for _ in 1..4 {
        pools.push(connect().await.expect("connects"));
    }
    let started = Instant::now();
    let tally = run(pools, &sent, Faults { hang_every: 50 }, &mut rng).await;
    eprintln!(
        "postgres: 4 receivers, {CALLBACKS} callbacks x 3 deliveries: {tally:?} in {:?}",
        started.elapsed()
    );

    assert_credited_exactly_once(&first, &sent).await;
    assert_faults_were_exercised(&tally, CALLBACKS);
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .expect("drop the test schema");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_one_receiver_credits_each_callback_exactly_once() {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

    let file = std::env::temp_dir().join(format!(
        "alphapo-inbox-{}-{}.db",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_nanos()
    ));
    let options = SqliteConnectOptions::new()
        .filename(&file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(120));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .expect("opens");
    Inbox::new(pool.clone()).migrate().await.expect("migrates");
    sqlx::query("CREATE TABLE test_credits (callback_id TEXT NOT NULL, amount TEXT NOT NULL)")
        .execute(&pool)
        .await
        .expect("credits table");

    let mut rng = StdRng::seed_from_u64(12);
    let sent = callbacks(CALLBACKS, &mut rng);
    let started = Instant::now();
    // SQLite has one writer: a hanging handler holds it until its deadline,
    // so hang rarely.
    let tally = run(
        vec![pool.clone()],
        &sent,
        Faults { hang_every: 500 },
        &mut rng,
    )
    .await;
    eprintln!(
        "sqlite: 1 receiver, {CALLBACKS} callbacks x 3 deliveries: {tally:?} in {:?}",
        started.elapsed()
    );

    assert_credited_exactly_once(&pool, &sent).await;
    assert_faults_were_exercised(&tally, CALLBACKS);
    pool.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// A handler that accepts every callback and writes nothing.
struct Accept;

impl<DB: Backend> Handler<DB> for Accept {
    type Error = std::convert::Infallible;

    async fn handle(&self, _: &mut DB::Connection, _: &Callback) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg_attr(
    not(alphapo_database),
    ignore = "needs DATABASE_URL (source .ci/postgres.sh)"
)]
#[tokio::test]
async fn postgres_a_connection_broken_while_idle_is_replaced() {
    let Some(url) = database_url() else {
        return;
    };
    let (admin, name) = test_schema(&url, "alphapo_idle").await;
    // The inbox's connections carry the schema's name, so that only they
    // are ended below.
    let separator = if url.contains('?') { '&' } else { '?' };
    let inbox = Inbox::<sqlx::Postgres>::connect(&format!(
        "{url}{separator}application_name={name}&options=-c%20search_path%3D{name}"
    ))
    .await
    .expect("connects");
    inbox.migrate().await.expect("migrates");
    let sent = callbacks(2, &mut StdRng::seed_from_u64(17));
    let verified: Vec<_> = sent
        .iter()
        .map(|sent| {
            VerifiedCallback::verify(&verifier(), &sent.headers, sent.body.clone())
                .expect("verifies")
        })
        .collect();

    assert_eq!(
        inbox.receive(&verified[0], &Accept).await.ok(),
        Some(Delivery::New)
    );
    // Back in the pool (sqlx pings it on the way), then ended by the server.
    while inbox.pool().num_idle() == 0 {
        tokio::task::yield_now().await;
    }
    let ended: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid, 60000) FROM pg_stat_activity WHERE application_name = $1",
    )
    .bind(&name)
    .fetch_all(&admin)
    .await
    .expect("ends the inbox's connections");
    assert!(
        !ended.is_empty() && ended.iter().all(|(ended,)| *ended),
        "the inbox's idle connection was ended: {ended:?}"
    );

    assert_eq!(
        inbox.receive(&verified[1], &Accept).await.ok(),
        Some(Delivery::New),
        "the broken connection's BEGIN failed and another connection took the callback"
    );
    let stored: (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {name}.alphapo_callbacks"))
        .fetch_one(&admin)
        .await
        .expect("count");
    assert_eq!(stored.0, 2);
    sqlx::query(&format!("DROP SCHEMA {name} CASCADE"))
        .execute(&admin)
        .await
        .expect("drop the test schema");
}

#[tokio::test]
async fn a_duplicate_runs_nothing_and_a_failure_rolls_the_key_back() {
    use sqlx::sqlite::SqlitePoolOptions;

    // One connection: an in-memory SQLite database lives on its connection.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .expect("opens");
    let inbox = Inbox::new(pool.clone());
    inbox.migrate().await.expect("migrates");
    sqlx::query("CREATE TABLE test_credits (callback_id TEXT NOT NULL, amount TEXT NOT NULL)")
        .execute(&pool)
        .await
        .expect("credits table");
    let mut rng = StdRng::seed_from_u64(13);
    let sent = callbacks(7, &mut rng);
    let last = &sent[6]; // id 7: fails its first attempt
    let verified =
        VerifiedCallback::verify(&verifier(), &last.headers, last.body.clone()).expect("verifies");
    let ledger = FlakyLedger {
        attempts: Arc::default(),
        faults: Faults { hang_every: 1_000 },
    };

    assert!(
        inbox.receive(&verified, &ledger).await.is_err(),
        "the first attempt fails"
    );
    let count = |pool: &sqlx::SqlitePool| {
        let pool = pool.clone();
        async move {
            let inbox: (i64,) = sqlx::query_as("SELECT count(*) FROM alphapo_callbacks")
                .fetch_one(&pool)
                .await
                .expect("count");
            let credits: (i64,) = sqlx::query_as("SELECT count(*) FROM test_credits")
                .fetch_one(&pool)
                .await
                .expect("count");
            (inbox.0, credits.0)
        }
    };
    assert_eq!(
        count(&pool).await,
        (0, 0),
        "key and credit rolled back together"
    );
    assert_eq!(
        inbox.receive(&verified, &ledger).await.ok(),
        Some(Delivery::New)
    );
    assert_eq!(
        inbox.receive(&verified, &ledger).await.ok(),
        Some(Delivery::Duplicate)
    );
    assert_eq!(count(&pool).await, (1, 1), "stored and credited once");

    let (callback_type, body): (String, Vec<u8>) =
        sqlx::query_as("SELECT callback_type, body FROM alphapo_callbacks")
            .fetch_one(&pool)
            .await
            .expect("the stored callback");
    assert_eq!(
        (callback_type.as_str(), body),
        ("deposit", last.body.clone())
    );
}

/// The PostgreSQL URL for the tests that need one, from `DATABASE_URL`.
/// Without it the test is skipped, loudly; in CI (`CI=true`) a missing
/// database fails the test instead, so that CI can never skip it silently.
pub fn database_url() -> Option<String> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true but DATABASE_URL is unset: the PostgreSQL tests must run in CI")
        }
        _ => {
            eprintln!(
                "\n*** SKIPPED: this PostgreSQL test needs DATABASE_URL \
                 (for example: source .ci/postgres.sh) ***\n"
            );
            None
        }
    }
}

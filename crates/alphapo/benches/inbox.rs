//! New callbacks per second through the durable inbox: each iteration
//! stores one new verified deposit callback (a new key) and commits, with a
//! handler that does nothing, so the figure is the inbox's own cost.
//!
//! ```text
//! cargo bench -p alphapo --features axum,sqlite,postgres --bench inbox
//! ```
//!
//! SQLite is measured twice on a file in the system temp directory: as
//! `Inbox::connect` sets it up (WAL, `synchronous=FULL`) and as a pool with
//! sqlx's defaults (the rollback journal) for comparison. PostgreSQL runs
//! when `DATABASE_URL` is set (`source .ci/postgres.sh` starts a throwaway
//! one, fsync off as in CI), with 1 and 4 receivers (inboxes with their own
//! pools), each with 8 deliveries in flight. SQLite has one in flight (one
//! writer at a time). Criterion reports elements per second.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use alphapo::callbacks::inbox::{Backend, Handler, Inbox};
use alphapo::callbacks::{Callback, VerifiedCallback, Verifier, testing};
use alphapo_auth::Credentials;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sqlx::{Encode, Executor, IntoArguments, Type};

/// A handler that does nothing: what is measured is the inbox.
struct Nothing;

impl<DB: Backend> Handler<DB> for Nothing {
    type Error = std::convert::Infallible;

    async fn handle(&self, _: &mut DB::Connection, _: &Callback) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Signs and verifies deposit callbacks with ids never used before.
struct Callbacks {
    credentials: Credentials,
    verifier: Verifier,
    next_id: AtomicI64,
}

impl Callbacks {
    fn new() -> Self {
        let credentials = Credentials::new("bench-key", "bench-secret").expect("credentials");
        let verifier = Verifier::new(&credentials);
        // Distinct from earlier runs on the same database.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |now| now.as_micros() as i64)
            * 1_000;
        Self {
            credentials,
            verifier,
            next_id: AtomicI64::new(start),
        }
    }

    fn next(&self) -> VerifiedCallback {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let body = format!(
            r#"{{"id":{id},"type":"deposit","status":"confirmed","currency_received":{{"currency":"BTC","amount":"0.01000000","amount_minus_fee":"0.00990000"}},"transactions":[],"fees":[],"error":""}}"#
        );
        let headers = testing::sign_callback(&self.credentials, body.as_bytes());
        VerifiedCallback::verify(&self.verifier, &headers, body).expect("a valid callback")
    }
}

/// Receives `count` new callbacks, split over `inboxes` delivering at once,
/// `in_flight` at a time each; returns the wall time.
async fn deliver<DB>(
    inboxes: &[Inbox<DB>],
    in_flight: usize,
    callbacks: &Arc<Callbacks>,
    count: u64,
) -> Duration
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
{
    let senders = (inboxes.len() * in_flight) as u64;
    let started = Instant::now();
    let tasks: Vec<_> = inboxes
        .iter()
        .cycle()
        .take(inboxes.len() * in_flight)
        .enumerate()
        .map(|(index, inbox)| {
            let inbox = inbox.clone();
            let callbacks = Arc::clone(callbacks);
            let share = count / senders + u64::from((index as u64) < count % senders);
            tokio::spawn(async move {
                for _ in 0..share {
                    let callback = callbacks.next();
                    inbox.receive(&callback, &Nothing).await.expect("stored");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a receiver ran");
    }
    started.elapsed()
}

fn bench_inbox<DB>(
    c: &mut Criterion,
    runtime: &tokio::runtime::Runtime,
    name: &str,
    inboxes: Vec<Inbox<DB>>,
    in_flight: usize,
) where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
{
    let callbacks = Arc::new(Callbacks::new());
    let mut group = c.benchmark_group("inbox");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(name, |b| {
        b.iter_custom(|count| runtime.block_on(deliver(&inboxes, in_flight, &callbacks, count)));
    });
    group.finish();
}

/// A database file in the system temp directory, removed with its WAL files.
fn sqlite_file(name: &str) -> (String, impl Fn()) {
    let path = std::env::temp_dir().join(format!("alphapo-bench-{name}-{}.db", std::process::id()));
    let remove = {
        let path = path.clone();
        move || {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
        }
    };
    remove();
    (format!("sqlite://{}?mode=rwc", path.display()), remove)
}

fn sqlite(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (url, remove) = sqlite_file("connect");
    let inbox = runtime.block_on(async {
        let inbox = Inbox::<sqlx::Sqlite>::connect(&url)
            .await
            .expect("connects");
        inbox.migrate().await.expect("migrates");
        inbox
    });
    bench_inbox(c, &runtime, "sqlite_connect_new_callbacks", vec![inbox], 1);
    remove();

    let (url, remove) = sqlite_file("defaults");
    let inbox = runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.expect("connects");
        let inbox = Inbox::new(pool);
        inbox.migrate().await.expect("migrates");
        inbox
    });
    bench_inbox(
        c,
        &runtime,
        "sqlite_sqlx_defaults_new_callbacks",
        vec![inbox],
        1,
    );
    remove();
}

/// Deliveries in flight per PostgreSQL receiver (AlphaPo sends callbacks
/// concurrently; each receiver's pool has 10 connections).
const POSTGRES_IN_FLIGHT: usize = 8;

fn postgres(c: &mut Criterion) {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("inbox/postgres: DATABASE_URL is not set; skipped");
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    for receivers in [1, 4] {
        let inboxes = runtime.block_on(async {
            let mut inboxes = Vec::new();
            for _ in 0..receivers {
                let inbox = Inbox::<sqlx::Postgres>::connect(&url)
                    .await
                    .expect("connects");
                inbox.migrate().await.expect("migrates");
                inboxes.push(inbox);
            }
            inboxes
        });
        bench_inbox(
            c,
            &runtime,
            &format!("postgres_{receivers}_receivers_new_callbacks"),
            inboxes,
            POSTGRES_IN_FLIGHT,
        );
    }
}

criterion_group!(benches, sqlite, postgres);
criterion_main!(benches);

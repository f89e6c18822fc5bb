//! A durable payouts outbox: each money-moving request is stored in the
//! merchant's own transaction and sent by a worker until the API has it,
//! exactly once (the `postgres` or `sqlite` feature).
//!
//! **The one rule: enqueue in your transaction, let the worker send; never
//! make a new `foreign_id` for the same payment.**
//!
//! - [`Outbox::enqueue`] checks the request with the client's own argument
//!   checks and stores its exact JSON body, with its `foreign_id`, through
//!   your transaction's connection: the decision ("pay order 42") and the
//!   intent commit together or not at all. A second intent with the same
//!   `foreign_id` is [`EnqueueError::DuplicateForeignId`], not a second
//!   payout.
//! - The worker ([`Outbox::run`], or [`Outbox::process_once`] per batch)
//!   claims due payouts with a lease, committed before anything is sent
//!   (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so any number of worker
//!   processes share the work with no coordinator; SQLite: one process),
//!   sends each through the [`Client`] with the **same body and
//!   `foreign_id` on every attempt**, and records the outcome in its own
//!   statement. A crash at any point leaves a payout that is claimed again
//!   when its lease ends; since its `foreign_id` never changes, the API
//!   refuses a second copy ("The foreign id has already been taken"), so a
//!   resend can never pay twice.
//! - Reconciliation is automatic. A payout in doubt (`unknown`: a timeout,
//!   a 5xx, a lease that ran out) is looked up by `foreign_id`
//!   (`transactions/info`) where the API finds it (withdrawals and
//!   exchanges): found, it is `sent`; not found, the same body is sent
//!   again. "The foreign id has already been taken" on a resend is proof
//!   that it exists: it is looked up, then `sent`. Invoices, payment
//!   requests and addresses cannot be looked up by `foreign_id`: for them
//!   "already taken" alone moves the payout to `sent`, without the API's id.
//! - Callbacks drive the rest: [`PayoutCallbacks`] wraps your inbox handler
//!   and moves the payout in the inbox's transaction.
//! - Paying again after `cancelled`, `declined` or `rejected` is explicit:
//!   [`Outbox::enqueue_retry`] stores a new intent, with a new `foreign_id`
//!   you choose, linked to the old one (once).
//! - Operators: [`Outbox::stuck`], [`Outbox::list`], `alphapo payouts
//!   list|show`, and one `alphapo.payout` tracing span per attempt
//!   (operation, foreign_id, attempt, outcome; never a body, key or
//!   signature).
//!
//! # States
//!
//! ```text
//!   enqueue ──► pending ──send──► sent ──callback──► processing ──callback──► confirmed
//!                │  ▲               │                    │                     cancelled
//!                │  │ not sent      │                    └──────────────────►  declined
//!                │  │ (backoff)     └──────────callback (final)──────────────►
//!                │  │
//!                ├──┘   timeout / 5xx / lease ran out
//!                ├────────────────────────────────► unknown ──lookup: found, or "already taken"──► sent
//!                │                                   │  ▲          (or straight to a final state)
//!                │                                   │  └── lookup failed / sent again, still unknown
//!                │                                   └── lookup: not found ──► same body sent again
//!                └──field errors──► rejected (final, never sent again)
//!
//!   cancelled / declined / rejected ──enqueue_retry(new foreign_id)──► a new payout, retry_of = old
//! ```
//!
//! A callback moves `pending`, `unknown`, `sent` or `processing` forward
//! (a callback is proof the API has it); nothing moves a final state
//! (`rejected`, `confirmed`, `cancelled`, `declined`).
//!
//! ```no_run
//! # #[cfg(feature = "sqlite")]
//! # async fn demo(client: alphapo::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use alphapo::payouts::Outbox;
//! use alphapo::types;
//! use sqlx::Sqlite;
//!
//! let pool = sqlx::SqlitePool::connect("sqlite://shop.db?mode=rwc").await?;
//! let outbox = Outbox::<Sqlite>::new(pool.clone(), client);
//! outbox.migrate().await?;
//!
//! // The business decision and the intent commit together.
//! let mut tx = pool.begin().await?;
//! sqlx::query("UPDATE orders SET refunded = 1 WHERE id = 42").execute(&mut *tx).await?;
//! let request = types::WithdrawalRequest::builder()
//!     .currency("BTC")
//!     .amount("0.01".parse::<alphapo::Amount>()?)
//!     .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
//!     .end_user_reference("customer-7")
//!     .foreign_id("refund-order-42");
//! Outbox::<Sqlite>::enqueue(&mut tx, types::WithdrawalRequest::try_from(request)?).await?;
//! tx.commit().await?;
//!
//! // Elsewhere, the worker sends it (and keeps sending what comes).
//! outbox.run(std::future::pending()).await?;
//! # Ok(())
//! # }
//! ```

mod callbacks;
mod config;
mod error;
mod intent;
mod payout;
mod state;
mod worker;

use std::fmt;
use std::future::Future;
use std::time::Duration;

use sqlx::Pool;
use sqlx::migrate::MigrateError;

pub use callbacks::{PayoutCallbackError, PayoutCallbacks};
pub use config::OutboxConfig;
pub use error::{EnqueueError, OutboxError};
pub use intent::Intent;
pub use payout::{ListFilter, Payout, PayoutId};
pub use state::{PayoutState, UnknownState};

/// The databases the outbox runs on (the same as the inbox's).
pub use crate::store::Backend;

use crate::client::Client;
use crate::store::payouts::NewPayout;
use payout::{duration_millis, now_millis};

/// What one [`Outbox::process_once`] did: how many payouts it claimed, and
/// what their attempts ended in.
///
/// ```
/// let processed = alphapo::payouts::Processed::default();
/// assert_eq!(processed.claimed, 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Processed {
    /// Payouts claimed.
    pub claimed: u64,
    /// Accepted by the API on this attempt.
    pub sent: u64,
    /// Refused with field errors (final).
    pub rejected: u64,
    /// May have been sent: to reconcile.
    pub unknown: u64,
    /// In doubt before, now known to exist (found by `foreign_id`, "already
    /// taken", or accepted on a resend).
    pub reconciled: u64,
    /// Provably not sent: tried again after a backoff.
    pub deferred: u64,
}

/// The payouts outbox, on a connection pool of PostgreSQL or SQLite, with
/// the client that sends. Cheap to clone.
///
/// ```no_run
/// # #[cfg(feature = "postgres")]
/// # async fn demo(client: alphapo::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let pool = sqlx::PgPool::connect("postgres://merchant@127.0.0.1/shop").await?;
/// let outbox = alphapo::payouts::Outbox::new(pool, client);
/// outbox.migrate().await?;
/// # Ok(())
/// # }
/// ```
pub struct Outbox<DB: Backend> {
    pool: Pool<DB>,
    client: Client,
    config: OutboxConfig,
}

impl<DB: Backend> Clone for Outbox<DB> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            client: self.client.clone(),
            config: self.config,
        }
    }
}

impl<DB: Backend> fmt::Debug for Outbox<DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox")
            .field("client", &self.client)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<DB: Backend> Outbox<DB> {
    /// An outbox on an existing pool (share it with the application), sending
    /// through `client` (its retry policy applies within an attempt).
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo(client: alphapo::Client) -> Result<(), sqlx::Error> {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let outbox = alphapo::payouts::Outbox::new(pool, client);
    /// # let _ = outbox;
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(pool: Pool<DB>, client: Client) -> Self {
        Self {
            pool,
            client,
            config: OutboxConfig::default(),
        }
    }

    /// The same outbox with `config`.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) {
    /// let outbox = outbox.with_config(alphapo::payouts::OutboxConfig::default().batch_size(500));
    /// # let _ = outbox;
    /// # }
    /// ```
    #[must_use]
    pub fn with_config(mut self, config: OutboxConfig) -> Self {
        self.config = config;
        self
    }

    /// The pool, for the rest of the application.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), sqlx::Error> {
    /// let mut tx = outbox.pool().begin().await?;
    /// # let _ = &mut tx;
    /// # Ok(())
    /// # }
    /// ```
    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// Creates the `alphapo_payouts` table (and the inbox's
    /// `alphapo_callbacks`: the crate's migrations run together; see
    /// [`Inbox::migrate`](crate::callbacks::inbox::Inbox::migrate)).
    ///
    /// # Errors
    ///
    /// When the database refuses the migration.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), Box<dyn std::error::Error>> {
    /// outbox.migrate().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn migrate(&self) -> Result<(), MigrateError>
    where
        DB::Connection: sqlx::migrate::Migrate,
    {
        let mut migrator = DB::migrator();
        migrator.set_ignore_missing(true);
        migrator.run(&self.pool).await
    }

    /// Stores `intent` through `db`, the connection of your own transaction,
    /// for the worker to send: it commits with your transaction or not at
    /// all. The request is checked first with the client's own argument
    /// checks, and its exact JSON body is stored.
    ///
    /// # Errors
    ///
    /// [`EnqueueError::InvalidArgument`] (the client's
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument),
    /// or a missing `foreign_id`) before anything is written;
    /// [`EnqueueError::DuplicateForeignId`] when a payout with this
    /// `foreign_id` exists (in any operation: payouts are named by their
    /// `foreign_id` alone); [`EnqueueError::Database`].
    ///
    /// ```no_run
    /// # async fn demo(pool: sqlx::SqlitePool, request: alphapo::types::WithdrawalRequest) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut tx = pool.begin().await?;
    /// let id = alphapo::payouts::Outbox::<sqlx::Sqlite>::enqueue(&mut tx, request).await?;
    /// tx.commit().await?;
    /// println!("payout {id} will be sent");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn enqueue(
        db: &mut DB::Connection,
        intent: impl Into<Intent>,
    ) -> Result<PayoutId, EnqueueError> {
        Self::insert(db, &intent.into(), None).await
    }

    /// Pays again what a cancelled, declined or rejected payout did not pay:
    /// stores `intent` (with a NEW `foreign_id` you choose) through `db`,
    /// linked to `previous` (its `retry_of`). A payout is paid again at most
    /// once (retry the retry to go on).
    ///
    /// # Errors
    ///
    /// [`EnqueueError::PreviousNotFound`], [`EnqueueError::NotRetryable`]
    /// unless `previous` is cancelled, declined or rejected,
    /// [`EnqueueError::AlreadyRetried`], and those of [`Outbox::enqueue`].
    ///
    /// ```no_run
    /// # async fn demo(pool: sqlx::SqlitePool, request: alphapo::types::WithdrawalRequest) -> Result<(), Box<dyn std::error::Error>> {
    /// // request.foreign_id is "refund-42-b"; "refund-42" was cancelled.
    /// let mut tx = pool.begin().await?;
    /// alphapo::payouts::Outbox::<sqlx::Sqlite>::enqueue_retry(&mut tx, "refund-42", request).await?;
    /// tx.commit().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn enqueue_retry(
        db: &mut DB::Connection,
        previous: &str,
        intent: impl Into<Intent>,
    ) -> Result<PayoutId, EnqueueError> {
        let intent = intent.into();
        let Some(old) = DB::find_payout(db, previous).await? else {
            return Err(EnqueueError::PreviousNotFound {
                previous: previous.to_owned(),
            });
        };
        let state = old.state.parse().unwrap_or(PayoutState::Unknown);
        if !state.may_be_paid_again() {
            return Err(EnqueueError::NotRetryable {
                previous: previous.to_owned(),
                state,
            });
        }
        if let Some(retry) = DB::find_retry(db, previous).await? {
            return Err(EnqueueError::AlreadyRetried {
                previous: previous.to_owned(),
                retry,
            });
        }
        Self::insert(db, &intent, Some(previous)).await
    }

    /// Checks and inserts an intent.
    async fn insert(
        db: &mut DB::Connection,
        intent: &Intent,
        retry_of: Option<&str>,
    ) -> Result<PayoutId, EnqueueError> {
        let body = intent
            .checked_body()
            .map_err(EnqueueError::InvalidArgument)?;
        let foreign_id = intent.foreign_id();
        let inserted = DB::insert_payout(
            db,
            NewPayout {
                operation: intent.operation(),
                foreign_id,
                body: &body,
                retry_of,
                now: now_millis(),
            },
        )
        .await?;
        match (inserted, retry_of) {
            (Some(id), _) => Ok(PayoutId(id)),
            // The foreign_id is free: a concurrent retry of `previous` won.
            (None, Some(previous)) if DB::find_payout(db, foreign_id).await?.is_none() => {
                Err(EnqueueError::AlreadyRetried {
                    previous: previous.to_owned(),
                    retry: DB::find_retry(db, previous).await?.unwrap_or_default(),
                })
            }
            (None, _) => Err(EnqueueError::DuplicateForeignId {
                foreign_id: foreign_id.to_owned(),
            }),
        }
    }

    /// Claims the due payouts (up to the batch size), sends them (up to the
    /// configured concurrency at once) and records each outcome; returns the
    /// counts. For tests and for schedulers of your own; [`Outbox::run`]
    /// calls it in a loop.
    ///
    /// # Errors
    ///
    /// [`OutboxError::Database`] when the claim or a record failed. A payout
    /// whose outcome was not recorded is claimed again when its lease ends,
    /// and reconciled.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), alphapo::payouts::OutboxError> {
    /// let processed = outbox.process_once().await?;
    /// println!("{} sent, {} unknown", processed.sent, processed.unknown);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn process_once(&self) -> Result<Processed, OutboxError> {
        self.process_batch().await
    }

    /// Runs the worker until `shutdown` resolves: a batch after another
    /// while payouts are due, a pause of [`OutboxConfig::idle`] when none
    /// is, and a growing back-off ([`OutboxConfig::backoff`]) while the
    /// database fails (logged; nothing is sent that was not claimed).
    ///
    /// # Errors
    ///
    /// None today: database failures are logged and waited out.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), alphapo::payouts::OutboxError> {
    /// outbox.run(async { let _ = tokio::signal::ctrl_c().await; }).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn run(&self, shutdown: impl Future<Output = ()>) -> Result<(), OutboxError> {
        let mut shutdown = std::pin::pin!(shutdown);
        let mut failures = 0_u32;
        loop {
            let pause = match self.process_once().await {
                Ok(processed) => {
                    failures = 0;
                    if processed.claimed == 0 {
                        self.config.idle
                    } else {
                        Duration::ZERO
                    }
                }
                Err(error) => {
                    failures = failures.saturating_add(1);
                    let pause = self
                        .config
                        .backoff
                        .delay(failures, None)
                        .max(self.config.backoff.base_delay());
                    tracing::warn!(
                        error = %error,
                        failures,
                        pause_ms = duration_millis(pause),
                        "payouts outbox: backing off"
                    );
                    pause
                }
            };
            tokio::select! {
                biased;
                () = &mut shutdown => return Ok(()),
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// The payout with this `foreign_id`.
    ///
    /// # Errors
    ///
    /// When the database fails.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), sqlx::Error> {
    /// let payout = outbox.get("refund-order-42").await?;
    /// println!("{:?}", payout.map(|payout| payout.state));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, foreign_id: &str) -> Result<Option<Payout>, sqlx::Error> {
        let mut db = self.pool.acquire().await?;
        Ok(DB::find_payout(&mut db, foreign_id)
            .await?
            .map(Payout::from_row))
    }

    /// Payouts, oldest first, filtered by `filter`.
    ///
    /// # Errors
    ///
    /// When the database fails.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), sqlx::Error> {
    /// use alphapo::payouts::{ListFilter, PayoutState};
    /// for payout in outbox.list(ListFilter::default().state(PayoutState::Unknown)).await? {
    ///     println!("{} in doubt after {} attempts", payout.foreign_id, payout.attempts);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list(&self, filter: ListFilter) -> Result<Vec<Payout>, sqlx::Error> {
        let mut db = self.pool.acquire().await?;
        let rows = DB::list_payouts(
            &mut db,
            filter.state.map(PayoutState::as_str),
            i64::from(filter.limit),
        )
        .await?;
        Ok(rows.into_iter().map(Payout::from_row).collect())
    }

    /// Payouts the API does not have yet (pending or unknown) although they
    /// were enqueued at least `older_than` ago: what an operator looks at.
    ///
    /// # Errors
    ///
    /// When the database fails.
    ///
    /// ```no_run
    /// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) -> Result<(), sqlx::Error> {
    /// let stuck = outbox.stuck(std::time::Duration::from_secs(600)).await?;
    /// if !stuck.is_empty() {
    ///     eprintln!("{} payouts unsent for 10 minutes", stuck.len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn stuck(&self, older_than: Duration) -> Result<Vec<Payout>, sqlx::Error> {
        let mut db = self.pool.acquire().await?;
        let created_before = now_millis().saturating_sub(duration_millis(older_than));
        let rows = DB::stuck_payouts(&mut db, created_before).await?;
        Ok(rows.into_iter().map(Payout::from_row).collect())
    }
}

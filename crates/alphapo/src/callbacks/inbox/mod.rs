//! A durable callback inbox: each callback is stored and handled exactly
//! once, in one database transaction (the `postgres` or `sqlite` feature).
//!
//! [`Inbox::receive`] takes a [`VerifiedCallback`] and your [`Handler`]. In
//! one transaction it inserts the callback's key (scope, id, status) under a
//! primary key, with the raw body, the type and the arrival time, then runs
//! the handler **with that transaction**, then commits:
//!
//! - a new callback: the handler's writes (the credit) commit together with
//!   the key: [`Delivery::New`], answer 200;
//! - the same callback again (a retry, a replay, a second replica racing
//!   this one): nothing runs: [`Delivery::Duplicate`], answer 200;
//! - the handler fails, the database fails, or the process dies before the
//!   commit: everything rolls back, the key included, and the answer is a
//!   5xx ([`InboxError`]), so AlphaPo delivers it again.
//!
//! **The one rule: credit inside the handler's transaction, and answer only
//! after the commit.** [`Inbox::receive`] returns after the commit; the axum
//! endpoint ([`Inbox::router`], with the `axum` feature) answers after it.
//!
//! SQLite is the embedded choice for one process; PostgreSQL lets several
//! replicas share one inbox (the primary key serializes them). The table
//! ships as a migration ([`Inbox::migrate`]).
//!
//! ```no_run
//! # #[cfg(feature = "sqlite")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use alphapo::callbacks::inbox::{Handler, Inbox};
//! use alphapo::callbacks::{Callback, Settlement, VerifiedCallback, Verifier, testing};
//! use alphapo::Credentials;
//! use sqlx::{Sqlite, SqliteConnection};
//!
//! struct Ledger;
//!
//! impl Handler<Sqlite> for Ledger {
//!     type Error = sqlx::Error;
//!
//!     async fn handle(&self, db: &mut SqliteConnection, callback: &Callback) -> Result<(), sqlx::Error> {
//!         if let Some(Settlement::Incoming(money)) = callback.settlement() {
//!             sqlx::query("INSERT INTO credits (currency, amount) VALUES ($1, $2)")
//!                 .bind(money.currency)
//!                 .bind(money.amount.to_string())
//!                 .execute(db)
//!                 .await?;
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let inbox = Inbox::<Sqlite>::connect("sqlite://callbacks.db?mode=rwc").await?;
//! inbox.migrate().await?;
//!
//! let credentials = Credentials::new("key", "secret")?;
//! let body = br#"{"id":1,"type":"deposit","status":"confirmed","currency_received":{"currency":"BTC","amount":"0.5"}}"#;
//! let verified = VerifiedCallback::verify(
//!     &Verifier::new(&credentials),
//!     &testing::sign_callback(&credentials, body),
//!     &body[..],
//! )?;
//! inbox.receive(&verified, &Ledger).await?; // credited, key stored: answer 200
//! inbox.receive(&verified, &Ledger).await?; // a duplicate: nothing runs, answer 200
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "axum")]
mod axum;
mod error;
mod key;

use std::future::Future;

use sqlx::migrate::MigrateError;
use sqlx::{ConnectOptions, Connection, Database, Encode, Executor, IntoArguments, Pool, Type};

pub use crate::store::Backend;
pub use error::InboxError;

use super::{Callback, VerifiedCallback};

/// What the merchant does with a new callback, inside the inbox's
/// transaction.
///
/// Write the credit through `db` (the transaction's connection): it commits
/// with the callback's key or not at all. Return an error to roll both back
/// and have AlphaPo retry. Do nothing outside the transaction that cannot be
/// repeated (it may run again after a rollback).
///
/// ```
/// # #[cfg(feature = "postgres")]
/// # mod demo {
/// use alphapo::callbacks::inbox::Handler;
/// use alphapo::callbacks::{Callback, Settlement};
/// use sqlx::{PgConnection, Postgres};
///
/// struct Ledger;
///
/// impl Handler<Postgres> for Ledger {
///     type Error = sqlx::Error;
///
///     async fn handle(&self, db: &mut PgConnection, callback: &Callback) -> Result<(), sqlx::Error> {
///         if let Some(Settlement::Incoming(money)) = callback.settlement() {
///             sqlx::query("UPDATE balances SET amount = amount + $1::numeric WHERE currency = $2")
///                 .bind(money.amount.to_string())
///                 .bind(money.currency)
///                 .execute(db)
///                 .await?;
///         }
///         Ok(())
///     }
/// }
/// # }
/// ```
pub trait Handler<DB: Database>: Send + Sync {
    /// Why handling failed; the transaction is rolled back and the callback
    /// answered with a 5xx.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Handles a callback delivered for the first time.
    fn handle(
        &self,
        db: &mut DB::Connection,
        callback: &Callback,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

/// How [`Inbox::receive`] ended; both mean "answer 200".
///
/// ```
/// use alphapo::callbacks::inbox::Delivery;
/// assert_ne!(Delivery::New, Delivery::Duplicate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// The callback was new: the handler ran and its writes committed with
    /// the key.
    New,
    /// The callback was handled before (or is being committed by another
    /// replica that won): nothing ran.
    Duplicate,
}

/// The durable inbox, on a connection pool of PostgreSQL or SQLite. Cheap to
/// clone (the pool is shared).
///
/// ```no_run
/// # #[cfg(feature = "postgres")]
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let inbox = alphapo::callbacks::inbox::Inbox::<sqlx::Postgres>::connect(
///     "postgres://merchant@127.0.0.1/shop",
/// )
/// .await?;
/// inbox.migrate().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Inbox<DB: Database> {
    pool: Pool<DB>,
}

impl<DB: Database> Clone for Inbox<DB> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
        }
    }
}

/// How long an SQLite writer waits for another before failing.
#[cfg(feature = "sqlite")]
const SQLITE_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Sets SQLite's options for the inbox ([`Inbox::connect`]); other
/// databases' options are left as they are.
fn durable<O: ConnectOptions>(options: &mut O) {
    #[cfg(feature = "sqlite")]
    if let Some(sqlite) =
        (options as &mut dyn std::any::Any).downcast_mut::<sqlx::sqlite::SqliteConnectOptions>()
    {
        use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        *sqlite = sqlite
            .clone()
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(SQLITE_BUSY_TIMEOUT);
    }
    #[cfg(not(feature = "sqlite"))]
    let _ = options;
}

/// The statement that claims a key; a conflict inserts nothing.
const CLAIM: &str = "INSERT INTO alphapo_callbacks (scope, id, status, callback_type, body) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

impl<DB> Inbox<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
{
    /// An inbox on an existing pool (share it with the rest of the
    /// application).
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo() -> Result<(), sqlx::Error> {
    /// let pool = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    /// let inbox = alphapo::callbacks::inbox::Inbox::new(pool);
    /// # let _ = inbox;
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(pool: Pool<DB>) -> Self {
        Self { pool }
    }

    /// Connects a new pool to `url` (`postgres://...` or `sqlite://...`).
    ///
    /// On SQLite every connection of the pool is set up for a durable,
    /// concurrent inbox: `journal_mode=WAL` (readers never block the writer;
    /// a commit appends to the log instead of rewriting pages), with
    /// `synchronous=FULL`, so every commit is on disk before
    /// [`Inbox::receive`] returns, as durable as SQLite's default rollback
    /// journal, and a 5-second `busy_timeout` (a writer waits for another
    /// instead of failing with "database is locked"). The URL's own options
    /// (`?mode=rwc`, ...) still apply; for other settings build the pool
    /// yourself and use [`Inbox::new`]. An in-memory database has no
    /// write-ahead log and keeps its `memory` journal. PostgreSQL connects
    /// with the URL as it is.
    ///
    /// On both, the pool hands out an idle connection without pinging it
    /// first (sqlx's `test_before_acquire(false)`): sqlx already pings every
    /// connection as it goes back to the pool, and the second ping was one
    /// of five round trips per callback. A connection that broke while idle
    /// is then found by the `BEGIN` of [`Inbox::receive`], which begins
    /// again on another connection.
    ///
    /// # Errors
    ///
    /// When the URL is invalid or the database cannot be reached.
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo() -> Result<(), sqlx::Error> {
    /// let inbox = alphapo::callbacks::inbox::Inbox::<sqlx::Sqlite>::connect("sqlite::memory:").await?;
    /// # let _ = inbox;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let mut options: <DB::Connection as Connection>::Options = url.parse()?;
        durable(&mut options);
        sqlx::pool::PoolOptions::new()
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map(Self::new)
    }

    /// The pool, for the rest of the application.
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo() -> Result<(), sqlx::Error> {
    /// let inbox = alphapo::callbacks::inbox::Inbox::<sqlx::Sqlite>::connect("sqlite::memory:").await?;
    /// sqlx::query("SELECT 1").execute(inbox.pool()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// Creates the `alphapo_callbacks` table (the migrations shipped in this
    /// crate, under `migrations/`). It records itself in sqlx's
    /// `_sqlx_migrations` table and ignores the application's own
    /// migrations there; if you run your own sqlx migrator on the same
    /// database, call `set_ignore_missing(true)` on it, or copy the
    /// migration into yours and skip this call.
    ///
    /// # Errors
    ///
    /// When the database refuses the migration.
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let inbox = alphapo::callbacks::inbox::Inbox::<sqlx::Sqlite>::connect("sqlite::memory:").await?;
    /// inbox.migrate().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn migrate(&self) -> Result<(), MigrateError>
    where
        <DB as Database>::Connection: sqlx::migrate::Migrate,
    {
        let mut migrator = DB::migrator();
        migrator.set_ignore_missing(true);
        migrator.run(&self.pool).await
    }

    /// Stores `callback` and runs `handler` on it in one transaction, exactly
    /// once per key (see the [module](self) documentation). Return after the
    /// commit; answer AlphaPo 200 on `Ok`, a 5xx on `Err`.
    ///
    /// A callback without a key (an unknown type with no `id`) is keyed by
    /// the SHA-256 of its raw body, so its repeats are duplicates too.
    ///
    /// # Errors
    ///
    /// [`InboxError::Handler`] when the handler failed, and
    /// [`InboxError::Database`] when the database did; in both cases nothing
    /// was committed.
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo(
    /// #     inbox: alphapo::callbacks::inbox::Inbox<sqlx::Sqlite>,
    /// #     verified: alphapo::callbacks::VerifiedCallback,
    /// #     handler: impl alphapo::callbacks::inbox::Handler<sqlx::Sqlite>,
    /// # ) {
    /// use alphapo::callbacks::inbox::Delivery;
    ///
    /// let status = match inbox.receive(&verified, &handler).await {
    ///     Ok(Delivery::New | Delivery::Duplicate) => 200,
    ///     Err(_) => 500, // rolled back: AlphaPo retries
    /// };
    /// # let _ = status;
    /// # }
    /// ```
    pub async fn receive<H: Handler<DB>>(
        &self,
        callback: &VerifiedCallback,
        handler: &H,
    ) -> Result<Delivery, InboxError<H::Error>> {
        let key = key::of(callback);
        let mut transaction = self.begin().await?;
        let claimed = sqlx::query(CLAIM)
            .bind(key.scope().as_str())
            .bind(key.id())
            .bind(key.status())
            .bind(callback.callback().callback_type().as_str())
            .bind(callback.body().as_ref())
            .execute(&mut *transaction)
            .await?;
        if DB::rows_affected(&claimed) == 0 {
            transaction.rollback().await?;
            return Ok(Delivery::Duplicate);
        }
        handler
            .handle(&mut transaction, callback.callback())
            .await
            .map_err(InboxError::Handler)?;
        transaction.commit().await?;
        Ok(Delivery::New)
    }

    /// Begins the callback's transaction. A failed `BEGIN` (a connection
    /// that broke while idle, see [`Inbox::connect`]) is tried again, on the
    /// next connection the pool hands out, as often as the pool has
    /// connections plus once on a new one: nothing has run yet, so another
    /// try is always safe. A pool that timed out or was closed is not tried
    /// again.
    async fn begin(&self) -> Result<sqlx::Transaction<'static, DB>, sqlx::Error> {
        let mut tries = self.pool.size();
        loop {
            match self.pool.begin().await {
                Err(error @ (sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed)) => {
                    return Err(error);
                }
                Err(_) if tries > 0 => tries -= 1,
                begun => return begun,
            }
        }
    }
}

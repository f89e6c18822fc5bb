//! The statements of the payouts outbox (`alphapo_payouts`), the same text
//! on both databases but for the claim, which takes row locks on PostgreSQL.

use std::future::Future;

use sqlx::Database;

/// A row of `alphapo_payouts`, as stored. Times are Unix milliseconds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PayoutRow {
    pub id: i64,
    pub operation: String,
    pub foreign_id: String,
    pub state: String,
    pub body: String,
    pub api_id: Option<i64>,
    pub answer: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: i64,
    pub lease_until: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub retry_of: Option<String>,
}

/// A row the worker has just claimed. `state` is `unknown` when the previous
/// claim's lease expired without an outcome (a crash mid-attempt).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedRow {
    pub id: i64,
    pub operation: String,
    pub foreign_id: String,
    pub state: String,
    pub body: String,
    pub attempts: i64,
}

/// A new intent.
#[derive(Debug, Clone, Copy)]
pub struct NewPayout<'a> {
    pub operation: &'a str,
    pub foreign_id: &'a str,
    pub body: &'a str,
    pub retry_of: Option<&'a str>,
    pub now: i64,
}

/// What one attempt ended in, for the row its claim fenced.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    pub id: i64,
    /// The attempt count the claim set: a later claim (after this lease
    /// expired) fences this outcome out.
    pub attempts: i64,
    pub state: &'a str,
    pub api_id: Option<i64>,
    pub answer: Option<&'a str>,
    pub last_error: Option<&'a str>,
    pub next_attempt_at: i64,
    pub now: i64,
}

/// The statements, per database. Implemented by this crate for its
/// backends only (a supertrait of the sealed [`Backend`](super::Backend)).
pub trait PayoutTable: Database {
    /// Inserts an intent; `None` when its `foreign_id` (or its `retry_of`)
    /// is taken.
    #[doc(hidden)]
    fn insert_payout(
        db: &mut Self::Connection,
        payout: NewPayout<'_>,
    ) -> impl Future<Output = Result<Option<i64>, sqlx::Error>> + Send;

    /// The payout with this `foreign_id`.
    #[doc(hidden)]
    fn find_payout(
        db: &mut Self::Connection,
        foreign_id: &str,
    ) -> impl Future<Output = Result<Option<PayoutRow>, sqlx::Error>> + Send;

    /// The `foreign_id` of the retry of `previous`, if one exists.
    #[doc(hidden)]
    fn find_retry(
        db: &mut Self::Connection,
        previous: &str,
    ) -> impl Future<Output = Result<Option<String>, sqlx::Error>> + Send;

    /// Payouts by id, in one state or all, at most `limit`.
    #[doc(hidden)]
    fn list_payouts(
        db: &mut Self::Connection,
        state: Option<&str>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PayoutRow>, sqlx::Error>> + Send;

    /// Payouts pending or unknown, created at or before `created_before`.
    #[doc(hidden)]
    fn stuck_payouts(
        db: &mut Self::Connection,
        created_before: i64,
    ) -> impl Future<Output = Result<Vec<PayoutRow>, sqlx::Error>> + Send;

    /// Claims up to `limit` due payouts until `lease_until`, in one
    /// statement: attempts + 1, the lease set; a row whose previous lease
    /// expired is claimed as `unknown`.
    #[doc(hidden)]
    fn claim_payouts(
        db: &mut Self::Connection,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<ClaimedRow>, sqlx::Error>> + Send;

    /// Records an attempt's outcome unless a later claim or a callback got
    /// there first; whether it was recorded.
    #[doc(hidden)]
    fn record_outcome(
        db: &mut Self::Connection,
        outcome: Outcome<'_>,
    ) -> impl Future<Output = Result<bool, sqlx::Error>> + Send;

    /// Moves payout `id` from state `from` to `to` (a callback), keeping an
    /// API id already known; whether it moved.
    #[doc(hidden)]
    fn move_payout(
        db: &mut Self::Connection,
        id: i64,
        from: &str,
        to: &str,
        api_id: Option<i64>,
        now: i64,
    ) -> impl Future<Output = Result<bool, sqlx::Error>> + Send;
}

/// The columns of [`PayoutRow`].
macro_rules! columns {
    () => {
        "id, operation, foreign_id, state, body, api_id, answer, attempts, last_error, \
         next_attempt_at, lease_until, created_at, updated_at, retry_of"
    };
}

/// The claim: one statement, so the claim commits before anything is sent.
/// `$lock` is what the selection of due rows adds (PostgreSQL: `FOR UPDATE
/// SKIP LOCKED`, so concurrent workers take different rows).
macro_rules! claim {
    ($lock:literal) => {
        concat!(
            "UPDATE alphapo_payouts SET \
             state = CASE WHEN lease_until IS NULL THEN state ELSE 'unknown' END, \
             attempts = attempts + 1, lease_until = $1, next_attempt_at = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM alphapo_payouts \
             WHERE state IN ('pending', 'unknown') AND next_attempt_at <= $4 \
             ORDER BY next_attempt_at, id LIMIT $5",
            $lock,
            ") RETURNING id, operation, foreign_id, state, body, attempts"
        )
    };
}

/// The claim statement on PostgreSQL.
#[cfg(feature = "postgres")]
pub const CLAIM_POSTGRES: &str = claim!(" FOR UPDATE SKIP LOCKED");
/// The claim statement on SQLite (one writer at a time: the statement is
/// atomic without row locks).
#[cfg(feature = "sqlite")]
pub const CLAIM_SQLITE: &str = claim!("");

/// Implements [`PayoutTable`] for a backend: the same statements on its
/// connection type, with its claim.
macro_rules! payout_table {
    ($db:ty, $connection:ty, $claim:expr) => {
        impl PayoutTable for $db {
            async fn insert_payout(
                db: &mut $connection,
                payout: NewPayout<'_>,
            ) -> Result<Option<i64>, sqlx::Error> {
                sqlx::query_scalar(
                    "INSERT INTO alphapo_payouts (operation, foreign_id, state, body, \
                     next_attempt_at, created_at, updated_at, retry_of) \
                     VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) \
                     ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(payout.operation)
                .bind(payout.foreign_id)
                .bind(payout.body)
                .bind(payout.now)
                .bind(payout.now)
                .bind(payout.now)
                .bind(payout.retry_of)
                .fetch_optional(db)
                .await
            }

            async fn find_payout(
                db: &mut $connection,
                foreign_id: &str,
            ) -> Result<Option<PayoutRow>, sqlx::Error> {
                sqlx::query_as(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM alphapo_payouts WHERE foreign_id = $1"
                ))
                .bind(foreign_id)
                .fetch_optional(db)
                .await
            }

            async fn find_retry(
                db: &mut $connection,
                previous: &str,
            ) -> Result<Option<String>, sqlx::Error> {
                sqlx::query_scalar("SELECT foreign_id FROM alphapo_payouts WHERE retry_of = $1")
                    .bind(previous)
                    .fetch_optional(db)
                    .await
            }

            async fn list_payouts(
                db: &mut $connection,
                state: Option<&str>,
                limit: i64,
            ) -> Result<Vec<PayoutRow>, sqlx::Error> {
                match state {
                    Some(state) => {
                        sqlx::query_as(concat!(
                            "SELECT ",
                            columns!(),
                            " FROM alphapo_payouts WHERE state = $1 ORDER BY id LIMIT $2"
                        ))
                        .bind(state)
                        .bind(limit)
                        .fetch_all(db)
                        .await
                    }
                    None => {
                        sqlx::query_as(concat!(
                            "SELECT ",
                            columns!(),
                            " FROM alphapo_payouts ORDER BY id LIMIT $1"
                        ))
                        .bind(limit)
                        .fetch_all(db)
                        .await
                    }
                }
            }

            async fn stuck_payouts(
                db: &mut $connection,
                created_before: i64,
            ) -> Result<Vec<PayoutRow>, sqlx::Error> {
                sqlx::query_as(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM alphapo_payouts WHERE state IN ('pending', 'unknown') \
                     AND created_at <= $1 ORDER BY created_at, id"
                ))
                .bind(created_before)
                .fetch_all(db)
                .await
            }

            async fn claim_payouts(
                db: &mut $connection,
                now: i64,
                lease_until: i64,
                limit: i64,
            ) -> Result<Vec<ClaimedRow>, sqlx::Error> {
                sqlx::query_as($claim)
                    .bind(lease_until)
                    .bind(lease_until)
                    .bind(now)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(db)
                    .await
            }

            async fn record_outcome(
                db: &mut $connection,
                outcome: Outcome<'_>,
            ) -> Result<bool, sqlx::Error> {
                let result = sqlx::query(
                    "UPDATE alphapo_payouts SET state = $1, api_id = COALESCE($2, api_id), \
                     answer = COALESCE($3, answer), last_error = $4, next_attempt_at = $5, \
                     lease_until = NULL, updated_at = $6 \
                     WHERE id = $7 AND attempts = $8 AND state IN ('pending', 'unknown')",
                )
                .bind(outcome.state)
                .bind(outcome.api_id)
                .bind(outcome.answer)
                .bind(outcome.last_error)
                .bind(outcome.next_attempt_at)
                .bind(outcome.now)
                .bind(outcome.id)
                .bind(outcome.attempts)
                .execute(db)
                .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn move_payout(
                db: &mut $connection,
                id: i64,
                from: &str,
                to: &str,
                api_id: Option<i64>,
                now: i64,
            ) -> Result<bool, sqlx::Error> {
                let result = sqlx::query(
                    "UPDATE alphapo_payouts SET state = $1, api_id = COALESCE(api_id, $2), \
                     lease_until = NULL, updated_at = $3 WHERE id = $4 AND state = $5",
                )
                .bind(to)
                .bind(api_id)
                .bind(now)
                .bind(id)
                .bind(from)
                .execute(db)
                .await?;
                Ok(result.rows_affected() == 1)
            }
        }
    };
}

#[cfg(feature = "postgres")]
payout_table!(sqlx::Postgres, sqlx::PgConnection, CLAIM_POSTGRES);

#[cfg(feature = "sqlite")]
payout_table!(sqlx::Sqlite, sqlx::SqliteConnection, CLAIM_SQLITE);

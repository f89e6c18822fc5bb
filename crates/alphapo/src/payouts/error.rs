//! The errors of the outbox.

use crate::error::Error;

use super::state::PayoutState;

/// Why [`Outbox::enqueue`](super::Outbox::enqueue) or
/// [`Outbox::enqueue_retry`](super::Outbox::enqueue_retry) stored nothing.
/// Nothing was written; the merchant's transaction is still usable (roll
/// it back, or commit its other writes).
///
/// ```
/// # async fn demo(db: &mut sqlx::SqliteConnection, intent: alphapo::payouts::Intent) {
/// use alphapo::payouts::{EnqueueError, Outbox};
///
/// match Outbox::<sqlx::Sqlite>::enqueue(db, intent).await {
///     Ok(id) => println!("stored as {id}"),
///     Err(EnqueueError::DuplicateForeignId { foreign_id }) => println!("{foreign_id} is already paid or queued"),
///     Err(EnqueueError::InvalidArgument(error)) => println!("fix the request: {error}"),
///     Err(other) => println!("{other}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnqueueError {
    /// The request fails the client's own argument checks (its
    /// [`Error::kind`] is [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)),
    /// or has no `foreign_id`.
    #[error("{0}")]
    InvalidArgument(Error),
    /// A payout with this `foreign_id` is already in the outbox: the same
    /// payment, not a second one.
    #[error("a payout with foreign_id `{foreign_id}` is already in the outbox")]
    DuplicateForeignId {
        /// The `foreign_id` already taken.
        foreign_id: String,
    },
    /// [`Outbox::enqueue_retry`](super::Outbox::enqueue_retry) names a payout
    /// the outbox does not have.
    #[error("no payout with foreign_id `{previous}` to pay again")]
    PreviousNotFound {
        /// The `foreign_id` given as the previous payout.
        previous: String,
    },
    /// The previous payout may still move money (or did): only a cancelled,
    /// declined or rejected payout may be paid again.
    #[error(
        "payout `{previous}` is {state}: only a cancelled, declined or rejected payout may be paid again"
    )]
    NotRetryable {
        /// The previous payout's `foreign_id`.
        previous: String,
        /// Its state.
        state: PayoutState,
    },
    /// The previous payout was already paid again, by `retry`.
    #[error("payout `{previous}` was already paid again as `{retry}`")]
    AlreadyRetried {
        /// The previous payout's `foreign_id`.
        previous: String,
        /// The `foreign_id` of its retry.
        retry: String,
    },
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Why the worker could not claim or record payouts (the database failed).
/// A payout being sent is never lost by it: its lease runs out and it is
/// claimed again.
///
/// ```
/// # async fn demo(outbox: alphapo::payouts::Outbox<sqlx::Sqlite>) {
/// if let Err(error) = outbox.process_once().await {
///     eprintln!("outbox: {error}");
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutboxError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

//! Why the inbox did not commit a callback.

/// Why [`Inbox::receive`](super::Inbox::receive) committed nothing; answer
/// with a 5xx so that AlphaPo retries. Neither variant carries the body.
///
/// ```
/// use alphapo::callbacks::inbox::InboxError;
///
/// let error: InboxError<std::io::Error> = InboxError::Handler(std::io::Error::other("ledger down"));
/// assert_eq!(error.to_string(), "the callback handler failed; nothing was committed");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InboxError<E> {
    /// The database failed (connecting, inserting the key or committing).
    #[error("the callback inbox's database failed; nothing was committed")]
    Database(#[from] sqlx::Error),
    /// The handler returned an error; its writes were rolled back with the
    /// key.
    #[error("the callback handler failed; nothing was committed")]
    Handler(#[source] E),
}

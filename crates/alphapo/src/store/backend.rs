//! The databases the inbox and the outbox run on, with what differs
//! between them.

use sqlx::Database;
use sqlx::migrate::Migrator;

use super::payouts::PayoutTable;

/// A database the [`Inbox`](crate::callbacks::inbox::Inbox) and the
/// [`Outbox`](crate::payouts::Outbox) run on: PostgreSQL (the `postgres`
/// feature) or SQLite (the `sqlite` feature). Sealed.
///
/// ```
/// # #[cfg(feature = "sqlite")]
/// fn takes_a_backend<DB: alphapo::callbacks::inbox::Backend>() {}
/// # #[cfg(feature = "sqlite")]
/// takes_a_backend::<sqlx::Sqlite>();
/// ```
pub trait Backend: Database + PayoutTable + sealed::Sealed {
    /// The migrations shipped for this database.
    #[doc(hidden)]
    fn migrator() -> Migrator;

    /// How many rows a statement changed.
    #[doc(hidden)]
    fn rows_affected(result: &Self::QueryResult) -> u64;
}

mod sealed {
    /// Only this crate's backends implement [`Backend`](super::Backend).
    pub trait Sealed {}
}

#[cfg(feature = "postgres")]
impl sealed::Sealed for sqlx::Postgres {}

#[cfg(feature = "postgres")]
impl Backend for sqlx::Postgres {
    fn migrator() -> Migrator {
        sqlx::migrate!("./migrations/postgres")
    }

    fn rows_affected(result: &sqlx::postgres::PgQueryResult) -> u64 {
        result.rows_affected()
    }
}

#[cfg(feature = "sqlite")]
impl sealed::Sealed for sqlx::Sqlite {}

#[cfg(feature = "sqlite")]
impl Backend for sqlx::Sqlite {
    fn migrator() -> Migrator {
        sqlx::migrate!("./migrations/sqlite")
    }

    fn rows_affected(result: &sqlx::sqlite::SqliteQueryResult) -> u64 {
        result.rows_affected()
    }
}

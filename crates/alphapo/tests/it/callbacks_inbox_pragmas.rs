//! `Inbox::<Sqlite>::connect` sets up every connection of its pool for a
//! durable inbox: WAL, `synchronous=FULL`, a busy timeout.

use alphapo::callbacks::inbox::Inbox;
use sqlx::{Sqlite, SqliteConnection};

/// A database file of this test, removed (with its WAL files) when dropped.
struct TempDatabase(std::path::PathBuf);

impl TempDatabase {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("alphapo-{name}-{}.db", std::process::id()));
        let database = Self(path);
        database.remove();
        database
    }

    fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.0.display())
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The settings one connection runs with.
async fn settings(connection: &mut SqliteConnection) -> (String, i64, i64) {
    let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut *connection)
        .await
        .expect("journal_mode");
    let (synchronous,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(&mut *connection)
        .await
        .expect("synchronous");
    let (busy_timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
        .fetch_one(&mut *connection)
        .await
        .expect("busy_timeout");
    (journal, synchronous, busy_timeout)
}

#[tokio::test]
async fn every_connection_runs_wal_with_full_sync_and_a_busy_timeout() {
    let database = TempDatabase::new("pragmas");
    let inbox = Inbox::<Sqlite>::connect(&database.url())
        .await
        .expect("connects");
    inbox.migrate().await.expect("migrates");
    // Two connections at once, so the second is a new one of the pool.
    let mut first = inbox.pool().acquire().await.expect("a connection");
    let mut second = inbox.pool().acquire().await.expect("another connection");
    for connection in [&mut first, &mut second] {
        // synchronous: 2 is FULL (3 would be EXTRA, stronger still).
        assert_eq!(
            settings(connection).await,
            ("wal".to_owned(), 2, 5_000),
            "journal_mode, synchronous, busy_timeout (ms)"
        );
    }
    drop((first, second));
    inbox.pool().close().await;
}

//! What the chaos driver and its worker processes share: the command-line
//! reading, the sandbox's credentials and the database pools.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use alphapo::Credentials;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// The sandbox's documented public credentials (local testing only).
pub const API_KEY: &str = "sandbox-key";
/// The secret that goes with [`API_KEY`].
pub const SECRET: &str = "sandbox-secret";

/// The sandbox's credentials.
pub fn credentials() -> Credentials {
    Credentials::new(API_KEY, SECRET).unwrap_or_else(|error| fail(&format!("credentials: {error}")))
}

/// Prints `message` and exits with status 2 (a usage or set-up failure).
pub fn fail(message: &str) -> ! {
    eprintln!("payouts chaos: {message}");
    std::process::exit(2)
}

/// `--name value` pairs and bare `--flag`s.
pub struct Args(HashMap<String, String>);

impl Args {
    /// The process's arguments.
    pub fn from_env() -> Self {
        let mut map = HashMap::new();
        let mut args = std::env::args().skip(1).peekable();
        while let Some(arg) = args.next() {
            let Some(name) = arg.strip_prefix("--") else {
                fail(&format!("unexpected argument {arg:?}"));
            };
            let value = match args.peek() {
                Some(next) if !next.starts_with("--") => args.next().unwrap_or_default(),
                _ => String::new(),
            };
            map.insert(name.to_owned(), value);
        }
        Self(map)
    }

    /// The value of `--name`, if given.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Whether `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The number after `--name`, or `default`.
    pub fn number<T: FromStr>(&self, name: &str, default: T) -> T {
        match self.text(name) {
            None => default,
            Some(text) => text
                .parse()
                .unwrap_or_else(|_| fail(&format!("--{name} takes a number, not {text:?}"))),
        }
    }

    /// `--name`'s milliseconds, or `default` ones.
    pub fn millis(&self, name: &str, default: u64) -> Duration {
        Duration::from_millis(self.number(name, default))
    }
}

/// Whether `url` names a PostgreSQL database (else SQLite).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// A PostgreSQL pool of at most `connections`.
pub async fn postgres(url: &str, connections: u32) -> PgPool {
    PgPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .unwrap_or_else(|error| fail(&format!("PostgreSQL: {error}")))
}

/// A SQLite pool that several processes share: WAL, and a generous busy
/// timeout instead of "database is locked".
pub async fn sqlite(url: &str, connections: u32) -> SqlitePool {
    let options = SqliteConnectOptions::from_str(url)
        .unwrap_or_else(|error| fail(&format!("SQLite URL: {error}")))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(30));
    SqlitePoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .unwrap_or_else(|error| fail(&format!("SQLite: {error}")))
}

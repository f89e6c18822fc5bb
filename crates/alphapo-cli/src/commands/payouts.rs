//! `alphapo payouts list|show`: what the payouts outbox
//! ([`alphapo::payouts`]) holds, read from its database, as JSON.

use std::time::Duration;

use alphapo::payouts::{Backend, ListFilter, Outbox, Payout, PayoutState};
use clap::{Args, Subcommand};
use serde_json::Value;

use crate::exit::Failure;

/// The outbox's database and what to show of it.
#[derive(Debug, Clone, Args)]
pub struct PayoutsArgs {
    /// The database of the outbox: `postgres://...` or `sqlite://...`.
    #[arg(long, value_name = "URL", env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
    /// What to show.
    #[command(subcommand)]
    pub command: PayoutsCommand,
}

/// `list` or `show`.
#[derive(Debug, Clone, Subcommand)]
pub enum PayoutsCommand {
    /// Lists payouts, oldest first.
    List {
        /// Only payouts in this state (pending, unknown, sent, rejected,
        /// processing, confirmed, cancelled, declined).
        #[arg(long, value_name = "STATE")]
        state: Option<PayoutState>,
        /// Only payouts still pending or unknown that were enqueued at least
        /// SECS seconds ago.
        #[arg(long, value_name = "SECS")]
        stuck_for: Option<u64>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Shows one payout by its foreign_id.
    Show {
        /// The payout's foreign_id.
        foreign_id: String,
    },
}

/// Runs the command against the database the URL names.
pub async fn run(args: PayoutsArgs) -> Result<Value, Failure> {
    let url = args.database_url.as_str();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = sqlx::PgPool::connect(url).await.map_err(database)?;
        show(&Outbox::new(pool, client()?), args.command).await
    } else if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.map_err(database)?;
        show(&Outbox::new(pool, client()?), args.command).await
    } else {
        Err(Failure::Usage(
            "--database-url: expected a postgres:// or sqlite: URL".to_owned(),
        ))
    }
}

/// The payouts the command asks for, as JSON.
async fn show<DB: Backend>(outbox: &Outbox<DB>, command: PayoutsCommand) -> Result<Value, Failure> {
    let payouts: Vec<Payout> = match command {
        PayoutsCommand::Show { foreign_id } => {
            let payout = outbox.get(&foreign_id).await.map_err(database)?;
            let payout = payout.ok_or_else(|| {
                Failure::Local(format!("no payout with foreign_id `{foreign_id}`"))
            })?;
            return to_json(&payout);
        }
        PayoutsCommand::List {
            state,
            stuck_for: Some(seconds),
            limit,
        } => {
            let stuck = outbox
                .stuck(Duration::from_secs(seconds))
                .await
                .map_err(database)?;
            stuck
                .into_iter()
                .filter(|payout| state.is_none_or(|state| payout.state == state))
                .take(usize::try_from(limit).unwrap_or(usize::MAX))
                .collect()
        }
        PayoutsCommand::List {
            state,
            stuck_for: None,
            limit,
        } => {
            let mut filter = ListFilter::default().limit(limit);
            if let Some(state) = state {
                filter = filter.state(state);
            }
            outbox.list(filter).await.map_err(database)?
        }
    };
    to_json(&payouts)
}

/// A client that never calls: listing reads only the database.
fn client() -> Result<alphapo::Client, Failure> {
    alphapo::Client::builder()
        .build()
        .map_err(|error| Failure::Local(error.to_string()))
}

fn to_json(value: &impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|error| Failure::Local(format!("cannot print: {error}")))
}

/// A database failure (the URL's password is never part of sqlx's message).
fn database(error: sqlx::Error) -> Failure {
    Failure::Local(format!("database: {error}"))
}

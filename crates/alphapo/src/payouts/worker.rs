//! The worker: claims due payouts, sends each (the same body and
//! `foreign_id` on every attempt), reconciles what may have been sent, and
//! records each outcome in its own statement.

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;
use tracing::Instrument;
use tracing::field::Empty;

use super::error::OutboxError;
use super::intent::Intent;
use super::payout::{duration_millis, now_millis};
use super::state::PayoutState;
use super::{Outbox, Processed, intent};
use crate::client::Client;
use crate::error::Error;
use crate::error::ErrorKind;
use crate::store::Backend;
use crate::store::payouts::{ClaimedRow, Outcome};

/// What one attempt ended in.
enum Verdict {
    /// The API has it: created now (`reconciled: false`) or found after an
    /// attempt that may have been sent.
    Sent {
        state: PayoutState,
        api_id: Option<i64>,
        answer: Option<Value>,
        reconciled: bool,
    },
    /// Refused with field errors: final.
    Rejected {
        answer: Option<Value>,
        error: String,
    },
    /// May have reached the API: reconcile next time.
    Unknown {
        error: String,
        retry_after: Option<Duration>,
    },
    /// Provably not sent: try again later, in the same state.
    Deferred {
        error: String,
        retry_after: Option<Duration>,
    },
}

/// What a lookup by `foreign_id` found.
enum Lookup {
    Found(Box<alphapo_gen::types::TransactionCallback>),
    NotFound,
    Failed(Error),
}

/// Whether the API refused the request because its `foreign_id` exists:
/// proof that an earlier attempt went through.
fn already_taken(error: &Error) -> bool {
    error
        .field_errors()
        .and_then(|errors| errors.get("foreign_id"))
        .is_some_and(|message| message.contains("already been taken"))
}

impl<DB: Backend> Outbox<DB> {
    /// Claims, sends and records one batch (see [`Outbox::process_once`]).
    pub(super) async fn process_batch(&self) -> Result<Processed, OutboxError> {
        let now = now_millis();
        let lease_until = now.saturating_add(duration_millis(self.config.lease));
        let claimed = {
            let mut db = self.pool.acquire().await?;
            DB::claim_payouts(&mut db, now, lease_until, i64::from(self.config.batch_size)).await?
        };
        let mut processed = Processed {
            claimed: claimed.len() as u64,
            ..Processed::default()
        };
        let mut outcomes = futures::stream::iter(claimed)
            .map(|row| self.attempt(row))
            .buffer_unordered(self.config.concurrency);
        let mut failure = None;
        while let Some(outcome) = outcomes.next().await {
            match outcome {
                Ok(verdict) => processed.count(&verdict),
                Err(error) => failure = Some(error),
            }
        }
        match failure {
            // A payout whose outcome was not recorded is claimed again when
            // its lease ends, and reconciled.
            Some(error) => Err(error.into()),
            None => Ok(processed),
        }
    }

    /// One attempt at a claimed payout, recorded; its span carries the
    /// operation, `foreign_id`, attempt and outcome (never the body).
    async fn attempt(&self, row: ClaimedRow) -> Result<Verdict, sqlx::Error> {
        let span = tracing::info_span!(
            "alphapo.payout",
            operation = %row.operation,
            foreign_id = %row.foreign_id,
            attempt = row.attempts,
            outcome = Empty,
        );
        async {
            let verdict = match Intent::from_stored(&row.operation, &row.body) {
                Ok(intent) => decide(&self.client, &intent, &row).await,
                Err(error) => Verdict::Rejected {
                    answer: None,
                    error,
                },
            };
            tracing::Span::current().record("outcome", verdict.state(&row).as_str());
            self.record(&row, &verdict).await?;
            Ok(verdict)
        }
        .instrument(span)
        .await
    }

    /// Records `verdict` for `row`, fenced by the claim's attempt count and
    /// by the state (a callback may have moved it further meanwhile).
    async fn record(&self, row: &ClaimedRow, verdict: &Verdict) -> Result<(), sqlx::Error> {
        let now = now_millis();
        let retry = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let later = |retry_after| {
            now.saturating_add(duration_millis(
                self.config.backoff.delay(retry, retry_after),
            ))
        };
        let (api_id, answer, error, next_attempt_at) = match verdict {
            Verdict::Sent { api_id, answer, .. } => (*api_id, answer.as_ref(), None, now),
            Verdict::Rejected { answer, error } => (None, answer.as_ref(), Some(error), now),
            Verdict::Unknown { error, retry_after } | Verdict::Deferred { error, retry_after } => {
                (None, None, Some(error), later(*retry_after))
            }
        };
        let answer = answer.map(Value::to_string);
        let recorded = DB::record_outcome(
            &mut *self.pool.acquire().await?,
            Outcome {
                id: row.id,
                attempts: row.attempts,
                state: verdict.state(row).as_str(),
                api_id,
                answer: answer.as_deref(),
                last_error: error.map(String::as_str),
                next_attempt_at,
                now,
            },
        )
        .await?;
        if !recorded {
            tracing::debug!("a callback or a later claim recorded this payout first");
        }
        Ok(())
    }
}

/// Sends (or first looks up) one payout and says what happened.
async fn decide(client: &Client, intent: &Intent, row: &ClaimedRow) -> Verdict {
    let in_doubt = row.state == PayoutState::Unknown.as_str();
    // Withdrawals (documented) and exchanges (the same transaction records)
    // are found by `foreign_id`; invoices, payment requests and addresses
    // are not transactions: "already taken" alone proves they exist.
    let lookup = intent::found_by_foreign_id(&row.operation);
    if in_doubt && lookup {
        match look_up(client, &row.foreign_id).await {
            Lookup::Found(found) => return Verdict::found(&found),
            Lookup::NotFound => {}
            Lookup::Failed(error) => return Verdict::unknown(&error),
        }
    }
    let error = match intent.send(client).await {
        Ok(answer) => {
            return Verdict::Sent {
                state: PayoutState::Sent,
                api_id: answer.get("id").and_then(Value::as_i64),
                answer: Some(answer),
                reconciled: in_doubt,
            };
        }
        Err(error) => error,
    };
    if already_taken(&error) {
        if !lookup {
            return Verdict::Sent {
                state: PayoutState::Sent,
                api_id: None,
                answer: None,
                reconciled: true,
            };
        }
        return match look_up(client, &row.foreign_id).await {
            Lookup::Found(found) => Verdict::found(&found),
            // "Already taken" is the proof; the record is not readable yet.
            Lookup::NotFound => Verdict::Sent {
                state: PayoutState::Sent,
                api_id: None,
                answer: None,
                reconciled: true,
            },
            Lookup::Failed(error) => Verdict::unknown(&error),
        };
    }
    match error.kind() {
        ErrorKind::Validation { errors } => Verdict::Rejected {
            answer: serde_json::to_value(errors).ok(),
            error: error.to_string(),
        },
        ErrorKind::InvalidArgument { .. } => Verdict::Rejected {
            answer: None,
            error: error.to_string(),
        },
        _ if error.may_have_been_sent() => Verdict::unknown(&error),
        _ => Verdict::Deferred {
            error: error.to_string(),
            retry_after: error.retry_after(),
        },
    }
}

/// Looks a payout up by `foreign_id`; a client error (the API's "The
/// selected foreign id is invalid.") means it does not exist.
async fn look_up(client: &Client, foreign_id: &str) -> Lookup {
    match client.find_by_foreign_id(foreign_id).await {
        Ok(found) => Lookup::Found(Box::new(found)),
        Err(error)
            if error
                .status()
                .is_some_and(|status| status.is_client_error())
                && !matches!(error.kind(), ErrorKind::RateLimited { .. }) =>
        {
            Lookup::NotFound
        }
        Err(error) => Lookup::Failed(error),
    }
}

impl Verdict {
    /// Found by `foreign_id`: sent, or already final by its status.
    fn found(found: &alphapo_gen::types::TransactionCallback) -> Self {
        let reported = PayoutState::reported(&found.status, found.status.as_str());
        Self::Sent {
            state: if reported.is_final() {
                reported
            } else {
                PayoutState::Sent
            },
            api_id: Some(found.id),
            answer: serde_json::to_value(found).ok(),
            reconciled: true,
        }
    }

    /// May have been sent.
    fn unknown(error: &Error) -> Self {
        Self::Unknown {
            error: error.to_string(),
            retry_after: error.retry_after(),
        }
    }

    /// The state it records for `row`.
    fn state(&self, row: &ClaimedRow) -> PayoutState {
        match self {
            Self::Sent { state, .. } => *state,
            Self::Rejected { .. } => PayoutState::Rejected,
            Self::Unknown { .. } => PayoutState::Unknown,
            Self::Deferred { .. } => row.state.parse().unwrap_or(PayoutState::Unknown),
        }
    }
}

impl Processed {
    /// Counts one attempt's verdict.
    fn count(&mut self, verdict: &Verdict) {
        let counter = match verdict {
            Verdict::Sent {
                reconciled: true, ..
            } => &mut self.reconciled,
            Verdict::Sent { .. } => &mut self.sent,
            Verdict::Rejected { .. } => &mut self.rejected,
            Verdict::Unknown { .. } => &mut self.unknown,
            Verdict::Deferred { .. } => &mut self.deferred,
        };
        *counter += 1;
    }
}

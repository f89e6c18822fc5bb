//! One call: attempts, retries, and the tracing span around them.

use std::future::Future;
use std::time::Instant;

use alphapo_gen::response_meta::capture;
use alphapo_gen::{ClientInfo, Error as GenError, ResponseValue};
use tracing::Instrument;
use tracing::field::Empty;

use super::classify::classify;
use crate::answer::{Answer, ErrorBody};
use crate::operations::{Idempotency, Operation};
use crate::{Client, Error, ErrorKind};

impl Client {
    /// Runs `operation`, sending it with `send` once per attempt (each
    /// attempt serializes and signs its body afresh), and retries what is
    /// safe within the client's retry policy.
    ///
    /// Spans: `alphapo.call` (operation, attempts, status, duration_ms) and
    /// one `alphapo.attempt` per attempt (attempt, status, duration_ms).
    /// Bodies, keys and signatures are never recorded.
    pub(crate) async fn execute<R, E, F, Fut>(
        &self,
        operation: Operation,
        send: F,
    ) -> Result<R::Output, Error>
    where
        R: Answer,
        E: ErrorBody,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<ResponseValue<R>, GenError<E>>>,
    {
        if operation.signed && self.inner.api.inner().is_none() {
            return Err(Error::missing_credentials(operation));
        }
        let span = tracing::info_span!(
            "alphapo.call",
            operation = operation.id,
            attempts = Empty,
            status = Empty,
            duration_ms = Empty,
        );
        let started = Instant::now();
        let policy = self.inner.retry_policy;
        let result = async {
            let mut attempt = 1;
            loop {
                let attempt_span = tracing::debug_span!(
                    "alphapo.attempt",
                    attempt,
                    status = Empty,
                    duration_ms = Empty,
                );
                let attempt_started = Instant::now();
                // The generated call's future is several kilobytes; boxed,
                // the task-local scope and the span wrap a pointer instead
                // of copying it at each layer (a profile showed those
                // copies as the SDK's largest cost over the generated
                // client alone).
                let (result, meta) = capture(Box::pin(send()))
                    .instrument(attempt_span.clone())
                    .await;
                if let Some(meta) = &meta {
                    attempt_span.record("status", meta.status.as_u16());
                    tracing::Span::current().record("status", meta.status.as_u16());
                }
                attempt_span.record("duration_ms", millis(attempt_started));
                let error = match classify::<R, E>(operation, result, meta).await {
                    Ok(output) => return (Ok(output), attempt),
                    Err(error) => error,
                };
                if attempt >= policy.max_attempts() || !may_retry(operation, &error) {
                    return (Err(error.with_attempts(attempt)), attempt);
                }
                let delay = policy.delay(attempt, error.retry_after());
                tracing::warn!(
                    attempt,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    error = %error,
                    "retrying"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(span.clone())
        .await;
        let (result, attempts) = result;
        span.record("attempts", attempts);
        span.record("duration_ms", millis(started));
        result
    }
}

/// Whether the client retries by itself: read-only calls on any retryable
/// error, money-moving calls only when the request provably had no effect
/// (it never left, or the server refused it with 429 before doing anything).
fn may_retry(operation: Operation, error: &Error) -> bool {
    match operation.idempotency {
        Idempotency::ReadOnly => error.is_retryable(),
        Idempotency::MoneyMoving => matches!(
            error.kind(),
            ErrorKind::NotSent | ErrorKind::RateLimited { .. }
        ),
    }
}

/// Milliseconds since `start`.
fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

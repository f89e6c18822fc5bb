//! One call: attempts, retries, and the tracing spans around them.

use std::future::Future;
use std::time::Instant;

use alphapo_gen::response_meta::capture;
use alphapo_gen::{ClientInfo, Error as GenError, ResponseValue};
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::classify::classify;
use crate::answer::{Answer, ErrorBody};
use crate::client::Client;
use crate::error::Error;
use crate::error::ErrorKind;
use crate::operation::{Idempotency, Operation};

impl Client {
    /// Runs `operation`, sending it with `send` once per attempt (each
    /// attempt serializes and signs its body afresh), and retries what is
    /// safe within the client's retry policy.
    ///
    /// Spans: `alphapo.call` (operation, attempts, status, duration_ms) and
    /// one `alphapo.attempt` per attempt (attempt, status, duration_ms).
    /// Bodies, keys and signatures are never recorded. A span no subscriber
    /// wants costs nothing more than finding that out: the futures are not
    /// wrapped and the clock is not read for it.
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
        let call = Timed::new(tracing::info_span!(
            "alphapo.call",
            operation = operation.id,
            attempts = Empty,
            status = Empty,
            duration_ms = Empty,
        ));
        let (result, attempts) = call
            .run(self.attempts::<R, E, F, Fut>(operation, &send, &call.span))
            .await;
        call.span.record("attempts", attempts);
        call.finish();
        result
    }

    /// The attempts of one call, until one succeeds, one fails in a way
    /// that must not be retried, or the policy allows no more; with the
    /// number of attempts made.
    async fn attempts<R, E, F, Fut>(
        &self,
        operation: Operation,
        send: &F,
        call_span: &Span,
    ) -> (Result<R::Output, Error>, u32)
    where
        R: Answer,
        E: ErrorBody,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<ResponseValue<R>, GenError<E>>>,
    {
        let policy = self.inner.retry_policy;
        let mut attempt = 1;
        loop {
            let timed = Timed::new(tracing::debug_span!(
                "alphapo.attempt",
                attempt,
                status = Empty,
                duration_ms = Empty,
            ));
            // The generated call's future is several kilobytes; boxed, the
            // task-local scope (and the span, when one is wanted) wrap a
            // pointer instead of copying it at each layer.
            let (result, meta) = timed.run(capture(Box::pin(send()))).await;
            if let Some(meta) = &meta {
                timed.span.record("status", meta.status.as_u16());
                call_span.record("status", meta.status.as_u16());
            }
            timed.finish();
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
}

/// A span with a `duration_ms` field, and when it started if a subscriber
/// wants it.
struct Timed {
    span: Span,
    started: Option<Instant>,
}

impl Timed {
    /// Starts timing `span`, unless no subscriber wants it.
    fn new(span: Span) -> Self {
        let started = (!span.is_disabled()).then(Instant::now);
        Self { span, started }
    }

    /// Runs `future` inside the span; without wrapping it when the span is
    /// disabled.
    async fn run<T>(&self, future: impl Future<Output = T>) -> T {
        if self.started.is_some() {
            future.instrument(self.span.clone()).await
        } else {
            future.await
        }
    }

    /// Records the milliseconds since the start.
    fn finish(&self) {
        if let Some(started) = self.started {
            let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            self.span.record("duration_ms", millis);
        }
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

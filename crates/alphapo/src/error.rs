//! The one error type of the client, and what it tells a caller to do next.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::auth_code::AuthCode;
use crate::operation::{Idempotency, Operation};

/// A boxed error cause.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A failed call.
///
/// [`Error::kind`] says what happened; the helpers answer the questions a
/// payments team has to answer next:
///
/// - [`Error::may_have_been_sent`]: could the operation have taken effect? If
///   so, do not simply send it again with a new `foreign_id`: look it up with
///   [`Client::find_by_foreign_id`](crate::Client::find_by_foreign_id) (or wait
///   for its callback) and retry with the SAME `foreign_id` only if it is not
///   there. AlphaPo rejects a second withdrawal, exchange or invoice with the
///   same `foreign_id`, so reusing it can never move money twice.
/// - [`Error::is_retryable`]: may the same call be sent again as is?
/// - [`Error::status`], [`Error::request_id`], [`Error::body_excerpt`]: what to
///   log or quote to support.
///
/// `Display` names the operation and the failure, never a body or a secret.
/// The cause (a transport or parse error) is kept as [`std::error::Error::source`].
///
/// ```
/// # async fn demo(client: alphapo::Client, request: alphapo::types::WithdrawalRequest) {
/// use alphapo::ErrorKind;
///
/// match client.withdraw_crypto(request.clone()).await {
///     Ok(withdrawal) => println!("accepted as {}", withdrawal.id),
///     Err(error) => match error.kind() {
///         ErrorKind::Validation { errors } => println!("fix the request: {errors:?}"),
///         _ if error.may_have_been_sent() => {
///             match client.find_by_foreign_id(request.foreign_id.as_str()).await {
///                 Ok(found) => println!("it went through: {} is {}", found.id, found.status.as_str()),
///                 Err(_) => println!("not found yet: retry later with the same foreign_id"),
///             }
///         }
///         _ if error.is_retryable() => println!("safe to send again"),
///         _ => println!("{error}"),
///     },
/// }
/// # }
/// ```
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    operation: &'static str,
    idempotency: Idempotency,
    attempts: u32,
    kind: ErrorKind,
    response: Option<ResponseInfo>,
    source: Option<BoxError>,
}

/// What the server answered, when it answered.
#[derive(Debug, Clone)]
pub(crate) struct ResponseInfo {
    pub(crate) status: StatusCode,
    pub(crate) request_id: Option<String>,
    pub(crate) excerpt: Option<String>,
}

/// What went wrong, in the terms a caller acts on.
///
/// ```
/// let kind = alphapo::ErrorKind::RateLimited { retry_after: None };
/// assert!(matches!(kind, alphapo::ErrorKind::RateLimited { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The call is signed with an API key and secret and the client was
    /// built without [credentials](crate::ClientBuilder::credentials). Nothing
    /// was sent; only `ping` works without credentials.
    MissingCredentials,
    /// An argument was rejected before anything was sent.
    InvalidArgument {
        /// The request field (as named on the wire, e.g. `title`).
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The request never left: the connection could not be established
    /// (connection refused, DNS failure, TLS handshake) or the request could
    /// not be built or signed. Safe to send again.
    NotSent,
    /// The request may have reached the server: a timeout, or the connection
    /// was lost after sending. The outcome is unknown: reconcile before
    /// sending a money-moving call again.
    MayHaveBeenSent,
    /// Authentication or format error (`{"error", "code"}`, HTTP 400/403).
    Auth {
        /// The machine code.
        code: AuthCode,
        /// The server's message.
        message: String,
    },
    /// Validation or business error (`{"errors": {field: message}}`, HTTP 400).
    Validation {
        /// Request field name -> message.
        errors: BTreeMap<String, String>,
    },
    /// Too many requests (HTTP 429; `exchange/calculate` allows 30 a minute).
    RateLimited {
        /// How long the server asked to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// A server error (HTTP 5xx). For a money-moving call the outcome is
    /// unknown.
    Server,
    /// A status or body shape the API does not document (a 3xx, or a 4xx
    /// that is not an API error, such as a proxy's HTML page).
    UnexpectedResponse,
    /// A success status whose body could not be read as the documented
    /// result. The operation has most likely taken effect.
    MalformedSuccess,
}

impl Error {
    /// A failure of `operation` on its first attempt.
    pub(crate) fn new(
        operation: Operation,
        kind: ErrorKind,
        response: Option<ResponseInfo>,
        source: Option<BoxError>,
    ) -> Self {
        Self(Box::new(Inner {
            operation: operation.id,
            idempotency: operation.idempotency,
            attempts: 1,
            kind,
            response,
            source,
        }))
    }

    /// `operation` needs credentials the client does not have; nothing was sent.
    pub(crate) fn missing_credentials(operation: Operation) -> Self {
        let mut error = Self::new(operation, ErrorKind::MissingCredentials, None, None);
        error.0.attempts = 0;
        error
    }

    /// An argument of `operation` rejected before sending.
    pub(crate) fn invalid_argument(
        operation: Operation,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        let mut error = Self::new(
            operation,
            ErrorKind::InvalidArgument {
                field: field.into(),
                reason: reason.into(),
            },
            None,
            None,
        );
        error.0.attempts = 0;
        error
    }

    /// Records how many attempts were made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// What went wrong.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if let alphapo::ErrorKind::Auth { code, .. } = error.kind() {
    ///     eprintln!("check the API key and secret: {code}");
    /// }
    /// # }
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The operation id of the failed call (e.g. `invoices_create`).
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// eprintln!("{} failed", error.operation());
    /// # }
    /// ```
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// How many attempts were made (0 when an argument was rejected).
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// eprintln!("gave up after {} attempts", error.attempts());
    /// # }
    /// ```
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// The HTTP status of the last response, if one arrived.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if error.status() == Some(alphapo::StatusCode::FORBIDDEN) { /* ... */ }
    /// # }
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        self.0.response.as_ref().map(|response| response.status)
    }

    /// The request id the server (or its proxy) returned, from `X-Request-Id`,
    /// `Request-Id`, `X-Amzn-RequestId` or `CF-Ray`.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// eprintln!("request id: {:?}", error.request_id());
    /// # }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.0.response.as_ref()?.request_id.as_deref()
    }

    /// The start of a body that could not be interpreted (at most 4 KiB,
    /// lossily decoded). Never shown by `Display`.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if let Some(body) = error.body_excerpt() { eprintln!("server said: {body}"); }
    /// # }
    /// ```
    pub fn body_excerpt(&self) -> Option<&str> {
        self.0.response.as_ref()?.excerpt.as_deref()
    }

    /// How long the server asked to wait before the next call (HTTP 429).
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if let Some(wait) = error.retry_after() { eprintln!("wait {wait:?}"); }
    /// # }
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.0.kind {
            ErrorKind::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// The field -> message map of a validation error.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if let Some(message) = error.field_errors().and_then(|errors| errors.get("amount")) {
    ///     eprintln!("amount: {message}");
    /// }
    /// # }
    /// ```
    pub fn field_errors(&self) -> Option<&BTreeMap<String, String>> {
        match &self.0.kind {
            ErrorKind::Validation { errors } => Some(errors),
            _ => None,
        }
    }

    /// Whether the operation may have taken effect on the server although
    /// the call failed: a timeout or a connection lost after sending, a 5xx,
    /// a response that is neither a success nor a client error, or a success
    /// whose body could not be read.
    ///
    /// For a withdrawal, exchange or invoice, reconcile before retrying: see
    /// [`Client::find_by_foreign_id`](crate::Client::find_by_foreign_id).
    /// `false` means the server provably did not act (nothing was sent, or it
    /// answered with a client error).
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if error.may_have_been_sent() {
    ///     // look the operation up by its foreign_id before trying again
    /// }
    /// # }
    /// ```
    pub fn may_have_been_sent(&self) -> bool {
        match &self.0.kind {
            ErrorKind::MayHaveBeenSent | ErrorKind::Server | ErrorKind::MalformedSuccess => true,
            ErrorKind::UnexpectedResponse => !self.status().is_some_and(|s| s.is_client_error()),
            _ => false,
        }
    }

    /// Whether the failed operation moves money or creates something (a
    /// withdrawal, an exchange, an invoice, a deposit address, a payment
    /// request) rather than only reading. When such a call
    /// [may have been sent](Error::may_have_been_sent), reconcile by its
    /// `foreign_id` before repeating it; a read-only call is safe to repeat.
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if error.may_have_been_sent() && error.moves_money() {
    ///     // look it up by foreign_id before sending it again
    /// }
    /// # }
    /// ```
    pub fn moves_money(&self) -> bool {
        self.0.idempotency == Idempotency::MoneyMoving
    }

    /// Whether sending the same call again is safe and may succeed: the
    /// request never left, the server rate-limited it, or (for read-only
    /// operations only) it timed out, lost its connection or met a
    /// 502/503/504. The client already retried these within its
    /// [`RetryPolicy`](crate::RetryPolicy).
    ///
    /// ```
    /// # fn demo(error: &alphapo::Error) {
    /// if error.is_retryable() { /* schedule the same call again */ }
    /// # }
    /// ```
    pub fn is_retryable(&self) -> bool {
        let read_only = self.0.idempotency == Idempotency::ReadOnly;
        match &self.0.kind {
            ErrorKind::NotSent | ErrorKind::RateLimited { .. } => true,
            ErrorKind::MayHaveBeenSent => read_only,
            ErrorKind::Server => {
                read_only
                    && self
                        .status()
                        .is_some_and(|status| matches!(status.as_u16(), 502..=504))
            }
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.0.operation)?;
        match &self.0.kind {
            ErrorKind::MissingCredentials => f.write_str(
                "no credentials: this call needs an API key and secret \
                 (ClientBuilder::credentials); nothing was sent",
            )?,
            ErrorKind::InvalidArgument { field, reason } => {
                write!(f, "invalid argument `{field}`: {reason}")?;
            }
            ErrorKind::NotSent => f.write_str("the request was not sent")?,
            ErrorKind::MayHaveBeenSent if self.moves_money() => f.write_str(
                "the request may have reached the server (timeout or connection lost); \
                 reconcile by foreign_id before sending it again",
            )?,
            ErrorKind::MayHaveBeenSent => f.write_str(
                "the request may have reached the server (timeout or connection lost); \
                 it only reads, so it is safe to send again",
            )?,
            ErrorKind::Auth { code, message } => {
                write!(f, "authentication or format error `{code}`: {message}")?;
            }
            ErrorKind::Validation { errors } => {
                f.write_str("validation failed for")?;
                for (index, field) in errors.keys().enumerate() {
                    f.write_str(if index == 0 { " " } else { ", " })?;
                    f.write_str(field)?;
                }
            }
            ErrorKind::RateLimited { retry_after } => {
                f.write_str("rate limited")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {}s", wait.as_secs())?;
                }
            }
            ErrorKind::Server => f.write_str("server error")?,
            ErrorKind::UnexpectedResponse => f.write_str("unexpected response")?,
            ErrorKind::MalformedSuccess => f.write_str(
                "the server accepted the call but its response could not be read; \
                 the operation has most likely taken effect",
            )?,
        }
        if let Some(status) = self.status() {
            write!(f, " (HTTP {})", status.as_u16())?;
        }
        if self.0.attempts > 1 {
            write!(f, " after {} attempts", self.0.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.0.operation)
            .field("kind", &self.0.kind)
            .field("attempts", &self.0.attempts)
            .field("response", &self.0.response)
            .field("source", &self.0.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(idempotency: Idempotency) -> Error {
        let operation = Operation {
            id: "an_operation",
            idempotency,
            signed: true,
        };
        Error::new(operation, ErrorKind::MayHaveBeenSent, None, None)
    }

    #[test]
    fn only_a_money_moving_call_is_told_to_reconcile() {
        let create = lost(Idempotency::MoneyMoving);
        assert!(create.moves_money() && create.may_have_been_sent());
        assert!(
            create.to_string().contains("reconcile by foreign_id"),
            "{create}"
        );

        let read = lost(Idempotency::ReadOnly);
        assert!(!read.moves_money() && read.is_retryable());
        assert!(!read.to_string().contains("foreign_id"), "{read}");
        assert!(read.to_string().contains("safe to send again"), "{read}");
    }
}

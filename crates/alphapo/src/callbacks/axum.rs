//! [`VerifiedCallback`] as an axum extractor (the `axum` feature).
//!
//! Put the [`Verifier`] in the router state (directly, or in your own state
//! with a [`FromRef`] impl) and take a [`VerifiedCallback`] as the handler's
//! last argument. The extractor reads at most
//! [`Verifier::body_limit`] bytes, verifies, parses, and only then calls the
//! handler; otherwise it answers by itself ([`CallbackRejection`]):
//!
//! | rejection | status |
//! |---|---|
//! | body over the limit (by `Content-Length` or while reading) | 413 |
//! | key or signature missing, repeated, malformed or wrong | 401 |
//! | authentic body that is not a callback (not UTF-8, not JSON, no `type`, schema mismatch) | 400 |
//! | the body did not arrive within its deadline ([`BodyReadTimeout`], 10 s by default) | 408 |
//! | the client stopped sending the body | 400 |
//!
//! The handler's response is what AlphaPo gets: return 200 only after the
//! callback is stored, and a 5xx if storing failed, so that it is retried.
//!
//! ```
//! use alphapo::callbacks::VerifiedCallback;
//! use alphapo::{Credentials, callbacks::Verifier};
//! use axum::{Router, http::StatusCode, routing::post};
//!
//! async fn receive(callback: VerifiedCallback) -> StatusCode {
//!     // Store it (de-duplicated) first; then:
//!     StatusCode::OK
//! }
//!
//! let verifier = Verifier::new(&Credentials::new("key", "secret")?);
//! let app: Router = Router::new()
//!     .route("/alphapo/callbacks", post(receive))
//!     .with_state(verifier);
//! # Ok::<(), alphapo::CredentialsError>(())
//! ```

use std::time::Duration;

use ::axum::body::Body;
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::{HeaderMap, StatusCode, header::CONTENT_LENGTH};
use ::axum::response::{IntoResponse, Response};
use alphapo_auth::{Verifier, VerifyError};
use bytes::Bytes;
use futures::StreamExt;

use super::error::CallbackError;
use super::verified::VerifiedCallback;

/// Why the extractor refused a callback; as a response, its status (see
/// [`CallbackRejection::status`]) and a one-line reason that carries no
/// secret and no body.
///
/// ```
/// use alphapo::callbacks::CallbackError;
/// use alphapo::callbacks::axum::CallbackRejection;
/// use alphapo::callbacks::VerifyError;
/// use axum::http::StatusCode;
///
/// let rejection = CallbackRejection::from(CallbackError::Verify(VerifyError::KeyMismatch));
/// assert_eq!(rejection.status(), StatusCode::UNAUTHORIZED);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackRejection {
    /// The body is larger than the verifier's limit; it was not read to the
    /// end (or at all, when `Content-Length` said so).
    #[error("the callback body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit in bytes ([`Verifier::body_limit`]).
        limit: usize,
    },
    /// The body did not arrive within its deadline (a client dripping it, or
    /// stalled): see [`BodyReadTimeout`].
    #[error("the callback body did not arrive within {timeout:?}")]
    BodyTimeout {
        /// The deadline that passed.
        timeout: Duration,
    },
    /// The body could not be read (the client went away, for example).
    #[error("the callback body could not be read")]
    BodyRead(#[source] ::axum::Error),
    /// The body was read but the callback failed verification or parsing.
    #[error(transparent)]
    Callback(#[from] CallbackError),
}

impl CallbackRejection {
    /// The status of the response: 413 for a body over the limit, 408 for a
    /// body past its deadline, 401 for a callback that failed verification,
    /// 400 otherwise.
    ///
    /// ```
    /// use alphapo::callbacks::CallbackError;
    /// use alphapo::callbacks::axum::CallbackRejection;
    /// use axum::http::StatusCode;
    ///
    /// assert_eq!(CallbackRejection::BodyTooLarge { limit: 10 }.status(), StatusCode::PAYLOAD_TOO_LARGE);
    /// assert_eq!(CallbackRejection::from(CallbackError::MissingType).status(), StatusCode::BAD_REQUEST);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. }
            | Self::Callback(CallbackError::Verify(VerifyError::BodyTooLarge { .. })) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Self::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::Callback(error) if error.is_unverified() => StatusCode::UNAUTHORIZED,
            Self::Callback(_) | Self::BodyRead(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for CallbackRejection {
    fn into_response(self) -> Response {
        tracing::warn!(error = %self, "rejected an AlphaPo callback");
        (self.status(), self.to_string()).into_response()
    }
}

impl<S> FromRequest<S> for VerifiedCallback
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = CallbackRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let (parts, body) = request.into_parts();
        let timeout = parts
            .extensions
            .get::<BodyReadTimeout>()
            .copied()
            .unwrap_or_default()
            .0;
        let body = read_body(&parts.headers, body, verifier.body_limit(), timeout).await?;
        Ok(Self::verify(&verifier, &parts.headers, body)?)
    }
}

/// Reads the whole body within `timeout` (from now), at most `limit` bytes:
/// 408 past the deadline, 413 over the limit, 400 if the client stopped
/// sending it.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, CallbackRejection> {
    tokio::time::timeout(timeout, read_capped(headers, body, limit))
        .await
        .map_err(|_| CallbackRejection::BodyTimeout { timeout })?
}

/// How long the extractor waits for the whole body once the handler runs
/// (default 10 s); past it the answer is 408. Set it as a request extension,
/// for all routes with a layer:
///
/// ```
/// use std::time::Duration;
/// use alphapo::callbacks::{VerifiedCallback, Verifier, axum::BodyReadTimeout};
/// use axum::{Extension, Router, http::StatusCode, routing::post};
///
/// async fn receive(_callback: VerifiedCallback) -> StatusCode {
///     StatusCode::OK
/// }
///
/// let verifier = Verifier::new(&alphapo::Credentials::new("key", "secret")?);
/// let app: Router = Router::new()
///     .route("/alphapo/callbacks", post(receive))
///     .layer(Extension(BodyReadTimeout(Duration::from_secs(5))))
///     .with_state(verifier);
/// assert_eq!(BodyReadTimeout::default().0, Duration::from_secs(10));
/// # Ok::<(), alphapo::CredentialsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyReadTimeout(pub Duration);

impl Default for BodyReadTimeout {
    fn default() -> Self {
        Self(Duration::from_secs(10))
    }
}

/// Reads the whole body, failing as soon as it is known to exceed `limit`
/// bytes: from `Content-Length` before reading, or from what has arrived.
/// Never holds more than `limit` bytes plus one chunk.
async fn read_capped(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, CallbackRejection> {
    let too_large = CallbackRejection::BodyTooLarge { limit };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large);
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0_usize;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(CallbackRejection::BodyRead)?;
        total = total.saturating_add(chunk.len());
        if total > limit {
            return Err(too_large);
        }
        chunks.push(chunk);
    }
    Ok(match chunks.len() {
        0 | 1 => chunks.pop().unwrap_or_default(),
        _ => Bytes::from(chunks.concat()),
    })
}

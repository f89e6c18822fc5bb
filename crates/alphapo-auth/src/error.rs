//! The errors of this crate. None of them carries a secret, a body or an
//! expected signature, so all of them are safe to log.

/// Why credentials (or a [`Secret`](crate::Secret)) could not be built.
///
/// ```
/// use alphapo_auth::{Credentials, CredentialsError};
///
/// let error = Credentials::new("key", "").unwrap_err();
/// assert_eq!(error, CredentialsError::EmptySecret);
/// assert_eq!(error.to_string(), "the secret is empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The API key is empty.
    #[error("the API key is empty")]
    EmptyKey,
    /// The API key starts or ends with whitespace.
    #[error("the API key starts or ends with whitespace")]
    KeySurroundingWhitespace,
    /// The API key has a character other than printable ASCII, so it cannot
    /// be sent in an HTTP header.
    #[error("the API key has characters other than printable ASCII")]
    KeyNotPrintableAscii,
    /// The secret is empty.
    #[error("the secret is empty")]
    EmptySecret,
    /// The secret text starts or ends with whitespace.
    #[error("the secret starts or ends with whitespace")]
    SecretSurroundingWhitespace,
    /// An environment variable read by `from_env` is not set (or is not
    /// Unicode).
    #[error("the environment variable {name} is not set")]
    MissingVariable {
        /// The variable's name (`ALPHAPO_API_KEY`, `ALPHAPO_SECRET`).
        name: &'static str,
    },
}

/// Why a request could not be signed.
///
/// ```
/// use alphapo_auth::SignError;
///
/// let error = SignError::StreamingBody;
/// assert_eq!(error.to_string(), "the request body is a stream and cannot be signed");
/// ```
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The request body is a stream, so its bytes are not known before it is
    /// sent. Buffer it into bytes first.
    #[error("the request body is a stream and cannot be signed")]
    StreamingBody,
}

/// Why a callback was rejected. Each case is its own variant; reply to any of
/// them with a 4xx status and do not process the body.
///
/// ```
/// use alphapo_auth::{Credentials, Verifier, VerifyError};
///
/// let verifier = Verifier::new(&Credentials::new("key", "secret")?);
/// let error = verifier.verify(&http::HeaderMap::new(), b"{}").unwrap_err();
/// assert_eq!(error, VerifyError::MissingKey);
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// There is no `X-Processing-Key` header.
    #[error("the X-Processing-Key header is missing")]
    MissingKey,
    /// There is more than one `X-Processing-Key` header.
    #[error("the X-Processing-Key header is repeated")]
    RepeatedKey,
    /// `X-Processing-Key` is not the merchant's API key.
    #[error("the X-Processing-Key header is not the merchant's API key")]
    KeyMismatch,
    /// There is no `X-Processing-Signature` header.
    #[error("the X-Processing-Signature header is missing")]
    MissingSignature,
    /// There is more than one `X-Processing-Signature` header.
    #[error("the X-Processing-Signature header is repeated")]
    RepeatedSignature,
    /// `X-Processing-Signature` has the right length but a character that is
    /// not a hex digit (this includes any non-ASCII byte).
    #[error("the X-Processing-Signature header is not hexadecimal")]
    MalformedSignature,
    /// `X-Processing-Signature` does not have the 128 characters of a hex
    /// HMAC-SHA512.
    #[error("the X-Processing-Signature header has {found} bytes instead of 128")]
    WrongSignatureLength {
        /// The header value's length in bytes.
        found: usize,
    },
    /// The body is larger than the verifier accepts; it was not hashed.
    #[error("the callback body has {actual} bytes, more than the limit of {limit}")]
    BodyTooLarge {
        /// The verifier's limit in bytes.
        limit: usize,
        /// The body's length in bytes.
        actual: usize,
    },
    /// The signature is well formed but was not made from this body with any
    /// of the verifier's secrets.
    #[error("the callback signature does not match its body")]
    SignatureMismatch,
}

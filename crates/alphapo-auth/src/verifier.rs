//! Verification of incoming callbacks.

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderName};
use subtle::ConstantTimeEq;

use crate::credentials::Credentials;
use crate::error::VerifyError;
use crate::headers::{KEY_NAME, SIGNATURE_NAME};
use crate::mac::KeyedMac;
use crate::secret::Secret;
use crate::signature;

/// The body size a [`Verifier`] accepts unless told otherwise: 1 MiB.
///
/// ```
/// assert_eq!(alphapo_auth::DEFAULT_MAX_BODY_BYTES, 1_048_576);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// Checks that a callback comes from AlphaPo, on its raw body, before
/// anything parses it.
///
/// In order, [`Verifier::verify`] checks that the body is within the size
/// limit (before hashing it), that `X-Processing-Key` is present once and
/// equals the merchant's API key, that `X-Processing-Signature` is present
/// once and is 128 hex digits (either case), and that it is the HMAC-SHA512
/// of the body under one of the verifier's secrets, compared in constant
/// time. Build it once; cloning is cheap (reference counts).
///
/// AlphaPo signs no timestamp, so a verified callback can still be a replay:
/// de-duplicate on the callback's `id` and `status`.
///
/// ```
/// use alphapo_auth::{Credentials, Verifier, VerifyError, testing};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let verifier = Verifier::new(&credentials);
/// let body = br#"{"id":1,"type":"deposit"}"#;
/// let headers = testing::sign_callback(&credentials, body);
///
/// assert_eq!(verifier.verify(&headers, body), Ok(()));
/// assert_eq!(
///     verifier.verify(&headers, br#"{"id":2,"type":"deposit"}"#),
///     Err(VerifyError::SignatureMismatch)
/// );
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    api_key: Arc<str>,
    macs: Arc<Vec<KeyedMac>>,
    max_body_bytes: usize,
}

impl Verifier {
    /// Builds a verifier for the merchant's API key and secret, accepting
    /// bodies up to [`DEFAULT_MAX_BODY_BYTES`].
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("key", "secret")?;
    /// let verifier = alphapo_auth::Verifier::new(&credentials);
    /// assert_eq!(verifier.body_limit(), alphapo_auth::DEFAULT_MAX_BODY_BYTES);
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn new(credentials: &Credentials) -> Self {
        Self {
            api_key: credentials.api_key().into(),
            macs: Arc::new(vec![KeyedMac::new(credentials.secret())]),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Builds a verifier from the variables the `alphapo` command line reads,
    /// `ALPHAPO_API_KEY` and `ALPHAPO_SECRET` (see
    /// [`Credentials::from_env`]).
    ///
    /// # Errors
    ///
    /// [`CredentialsError::MissingVariable`](crate::CredentialsError::MissingVariable)
    /// naming the unset variable, or why the values are not credentials.
    ///
    /// ```no_run
    /// let verifier = alphapo_auth::Verifier::from_env()?;
    /// # let _ = verifier;
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn from_env() -> Result<Self, crate::error::CredentialsError> {
        Credentials::from_env().map(|credentials| Self::new(&credentials))
    }

    /// Also accepts signatures made with `secret`, for a key rotation: hold
    /// the old and the new secret until AlphaPo only uses the new one.
    ///
    /// ```
    /// use alphapo_auth::{Credentials, Secret, Verifier, testing};
    ///
    /// let new = Credentials::new("key", "new-secret")?;
    /// let old = Credentials::new("key", "old-secret")?;
    /// let verifier = Verifier::new(&new).with_additional_secret(&Secret::new("old-secret")?);
    ///
    /// let headers = testing::sign_callback(&old, b"{}");
    /// assert_eq!(verifier.verify(&headers, b"{}"), Ok(()));
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn with_additional_secret(mut self, secret: &Secret) -> Self {
        Arc::make_mut(&mut self.macs).push(KeyedMac::new(secret));
        self
    }

    /// Sets the largest body, in bytes, that will be hashed; larger ones are
    /// rejected with [`VerifyError::BodyTooLarge`].
    ///
    /// ```
    /// use alphapo_auth::{Credentials, Verifier, VerifyError, testing};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let verifier = Verifier::new(&credentials).max_body_bytes(2);
    /// let headers = testing::sign_callback(&credentials, b"[1]");
    /// assert_eq!(
    ///     verifier.verify(&headers, b"[1]"),
    ///     Err(VerifyError::BodyTooLarge { limit: 2, actual: 3 })
    /// );
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The largest body, in bytes, this verifier accepts. Use it to cap how
    /// much of a request your server reads in the first place.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("key", "secret")?;
    /// let verifier = alphapo_auth::Verifier::new(&credentials).max_body_bytes(4096);
    /// assert_eq!(verifier.body_limit(), 4096);
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Verifies a callback from its headers and raw body bytes.
    ///
    /// # Errors
    ///
    /// The first check that fails, as a [`VerifyError`] (see [`Verifier`]
    /// for the order).
    ///
    /// ```
    /// use alphapo_auth::{Credentials, Verifier, VerifyError, testing};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let mut headers = testing::sign_callback(&credentials, b"{}");
    /// headers.remove(alphapo_auth::SIGNATURE_HEADER);
    /// assert_eq!(
    ///     Verifier::new(&credentials).verify(&headers, b"{}"),
    ///     Err(VerifyError::MissingSignature)
    /// );
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        self.check_body_size(body)?;
        let key = single_value(headers, &KEY_NAME)
            .map_err(|count| count.error(VerifyError::MissingKey, VerifyError::RepeatedKey))?;
        let signature = single_value(headers, &SIGNATURE_NAME).map_err(|count| {
            count.error(
                VerifyError::MissingSignature,
                VerifyError::RepeatedSignature,
            )
        })?;
        self.check_key_and_signature(key, signature, body)
    }

    /// Verifies a callback from the raw values of its `X-Processing-Key` and
    /// `X-Processing-Signature` headers, for frameworks without
    /// [`http::HeaderMap`]. Finding each header exactly once is then the
    /// caller's job.
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`], less the missing and repeated header cases.
    ///
    /// ```
    /// use alphapo_auth::{Credentials, Signer, Verifier, VerifyError};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let signature = Signer::new(&credentials).sign(b"{}").as_str().to_uppercase();
    /// let verifier = Verifier::new(&credentials);
    /// assert_eq!(verifier.verify_values(b"key", signature.as_bytes(), b"{}"), Ok(()));
    /// assert_eq!(
    ///     verifier.verify_values(b"other", signature.as_bytes(), b"{}"),
    ///     Err(VerifyError::KeyMismatch)
    /// );
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn verify_values(
        &self,
        key: &[u8],
        signature: &[u8],
        body: &[u8],
    ) -> Result<(), VerifyError> {
        self.check_body_size(body)?;
        self.check_key_and_signature(key, signature, body)
    }

    fn check_body_size(&self, body: &[u8]) -> Result<(), VerifyError> {
        if body.len() > self.max_body_bytes {
            return Err(VerifyError::BodyTooLarge {
                limit: self.max_body_bytes,
                actual: body.len(),
            });
        }
        Ok(())
    }

    /// The checks after the size limit, on header values found exactly once.
    fn check_key_and_signature(
        &self,
        key: &[u8],
        signature: &[u8],
        body: &[u8],
    ) -> Result<(), VerifyError> {
        if !bool::from(key.ct_eq(self.api_key.as_bytes())) {
            return Err(VerifyError::KeyMismatch);
        }
        let signature = signature::decode(signature)?;
        if self.macs.iter().any(|mac| mac.matches(body, &signature)) {
            Ok(())
        } else {
            Err(VerifyError::SignatureMismatch)
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("api_key", &self.api_key)
            .field("secrets", &self.macs.len())
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// How often a header that must appear exactly once was found instead.
enum WrongCount {
    Missing,
    Repeated,
}

impl WrongCount {
    fn error(self, missing: VerifyError, repeated: VerifyError) -> VerifyError {
        match self {
            Self::Missing => missing,
            Self::Repeated => repeated,
        }
    }
}

/// The value of a header that must appear exactly once.
fn single_value<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Result<&'a [u8], WrongCount> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => Ok(value.as_bytes()),
        (None, _) => Err(WrongCount::Missing),
        (Some(_), Some(_)) => Err(WrongCount::Repeated),
    }
}

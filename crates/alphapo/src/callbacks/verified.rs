//! The entry point: verify the raw body, then parse it.

use std::fmt;

use alphapo_auth::Verifier;
use bytes::Bytes;
use http::HeaderMap;

use super::callback::Callback;
use super::error::CallbackError;
use super::parse;

/// A callback that passed verification and parsed, with the exact bytes that
/// were verified.
///
/// [`VerifiedCallback::verify`] is the one way in: it checks the key header,
/// the size and the signature on the raw body (with
/// [`Verifier`], in constant time) and only then parses those
/// same bytes into a [`Callback`]. Keep [`VerifiedCallback::body`] if you
/// store callbacks: it is what AlphaPo signed, byte for byte, unknown fields
/// included.
///
/// With the `axum` feature it is also an axum extractor (see the
/// `callbacks::axum` module).
///
/// ```
/// use alphapo::callbacks::{Callback, VerifiedCallback};
/// use alphapo::{Credentials, callbacks::{Verifier, testing}};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let verifier = Verifier::new(&credentials);
/// let body = br#"{"id":1,"type":"withdrawal","status":"cancelled","error":"Invalid address"}"#;
/// let headers = testing::sign_callback(&credentials, body);
///
/// let verified = VerifiedCallback::verify(&verifier, &headers, &body[..])?;
/// assert!(matches!(verified.callback(), Callback::Withdrawal(_)));
/// assert_eq!(verified.body().as_ref(), body);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct VerifiedCallback {
    callback: Callback,
    body: Bytes,
}

impl VerifiedCallback {
    /// Verifies a callback from its request headers and raw body, then parses
    /// the body by its `type`.
    ///
    /// The body is taken as [`Bytes`] (or anything that converts, such as a
    /// `Vec<u8>`, a `String` or a `&'static [u8]`) so that it can be kept
    /// without a copy.
    ///
    /// # Errors
    ///
    /// [`CallbackError::Verify`] if the key, the size or the signature is
    /// wrong (the body is then not parsed), or the variant that says why the
    /// authentic body is not a callback.
    ///
    /// ```
    /// use alphapo::callbacks::{CallbackError, VerifiedCallback};
    /// use alphapo::{Credentials, callbacks::{Verifier, VerifyError, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let headers = testing::sign_callback(&credentials, br#"{"id":1}"#);
    /// let verifier = Verifier::new(&credentials);
    ///
    /// assert_eq!(
    ///     VerifiedCallback::verify(&verifier, &headers, &br#"{"id":2}"#[..]),
    ///     Err(CallbackError::Verify(VerifyError::SignatureMismatch))
    /// );
    /// assert_eq!(
    ///     VerifiedCallback::verify(&verifier, &headers, &br#"{"id":1}"#[..]),
    ///     Err(CallbackError::MissingType)
    /// );
    /// # Ok::<(), alphapo::CredentialsError>(())
    /// ```
    pub fn verify(
        verifier: &Verifier,
        headers: &HeaderMap,
        body: impl Into<Bytes>,
    ) -> Result<Self, CallbackError> {
        let body = body.into();
        verifier.verify(headers, &body)?;
        let text = std::str::from_utf8(&body).map_err(|error| CallbackError::NotUtf8 {
            valid_up_to: error.valid_up_to(),
        })?;
        // One pass over the body (see `parse.rs`); a callback whose
        // settlement reads zero or negative money is refused here
        // ([`CallbackError::NonPositiveAmount`]).
        let callback = parse::parse(text)?;
        callback.checked_settlement()?;
        Ok(Self { callback, body })
    }

    /// The parsed callback.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":1,"type":"invoice","status":"failed"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// assert!(verified.callback().is_final());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn callback(&self) -> &Callback {
        &self.callback
    }

    /// The raw body, exactly as verified.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":1,"type":"invoice","status":"failed","new_field":true}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// assert_eq!(verified.body().as_ref(), body);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Splits into the parsed callback and the raw body.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":1,"type":"exchange","status":"confirmed"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// let (callback, raw) = verified.into_parts();
    /// assert_eq!((callback.status(), raw.len()), (Some("confirmed"), body.len()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_parts(self) -> (Callback, Bytes) {
        (self.callback, self.body)
    }
}

/// Shows the callback and the body's length, never the body itself.
impl fmt::Debug for VerifiedCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedCallback")
            .field("callback", &self.callback)
            .field("body_len", &self.body.len())
            .finish()
    }
}

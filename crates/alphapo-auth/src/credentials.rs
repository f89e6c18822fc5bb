//! The merchant's API key and secret.

use std::fmt;

use crate::{CredentialsError, Secret};

/// An API key and its secret, as issued in the AlphaPo dashboard.
///
/// The key is public (it travels in `X-Processing-Key`); the secret is a
/// [`Secret`], wiped on drop. `Debug` shows the key but never the secret.
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("my-key", "my-secret")?;
/// assert!(!format!("{credentials:?}").contains("my-secret"));
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    api_key: String,
    secret: Secret,
}

impl Credentials {
    /// Builds credentials from an API key and its secret text.
    ///
    /// Fails if either is empty or starts or ends with whitespace, or if the
    /// key has characters other than printable ASCII (it must fit in an HTTP
    /// header). See [`Secret::new`] for how the secret is handled.
    ///
    /// ```
    /// use alphapo_auth::{Credentials, CredentialsError};
    ///
    /// assert!(Credentials::new("key", "secret").is_ok());
    /// assert_eq!(Credentials::new("", "secret").err(), Some(CredentialsError::EmptyKey));
    /// assert_eq!(
    ///     Credentials::new(" key", "secret").err(),
    ///     Some(CredentialsError::KeySurroundingWhitespace)
    /// );
    /// ```
    pub fn new(
        api_key: impl Into<String>,
        secret: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        // The secret is taken first so that it is wiped even if the key is rejected.
        let secret = Secret::new(secret)?;
        Self::from_secret(api_key, secret)
    }

    /// Builds credentials from an API key and an already built [`Secret`]
    /// (for example one made with [`Secret::from_bytes`]).
    ///
    /// ```
    /// use alphapo_auth::{Credentials, CredentialsError, Secret};
    ///
    /// let secret = Secret::from_bytes(b"Jefe".to_vec())?;
    /// let credentials = Credentials::from_secret("key", secret)?;
    /// assert_eq!(credentials.api_key(), "key");
    /// # Ok::<(), CredentialsError>(())
    /// ```
    pub fn from_secret(
        api_key: impl Into<String>,
        secret: Secret,
    ) -> Result<Self, CredentialsError> {
        let api_key = api_key.into();
        if api_key.is_empty() {
            return Err(CredentialsError::EmptyKey);
        }
        if api_key.trim() != api_key {
            return Err(CredentialsError::KeySurroundingWhitespace);
        }
        if !api_key.bytes().all(|byte| matches!(byte, b' '..=b'~')) {
            return Err(CredentialsError::KeyNotPrintableAscii);
        }
        Ok(Self { api_key, secret })
    }

    /// The API key (public, sent in `X-Processing-Key`).
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("my-key", "s")?;
    /// assert_eq!(credentials.api_key(), "my-key");
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The secret, for keying HMAC.
    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .finish()
    }
}

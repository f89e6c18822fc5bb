//! The merchant's API key and secret.

use std::fmt;

/// An API key and its secret, as issued in the AlphaPo dashboard.
///
/// `Debug` shows the key but never the secret.
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("my-key", "my-secret").unwrap();
/// assert!(!format!("{credentials:?}").contains("my-secret"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    api_key: String,
    secret: Vec<u8>,
}

/// Why credentials could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// The API key is empty.
    #[error("the API key is empty")]
    EmptyKey,
    /// The secret is empty.
    #[error("the secret is empty")]
    EmptySecret,
}

impl Credentials {
    /// Builds credentials from an API key and its secret.
    ///
    /// ```
    /// assert!(alphapo_auth::Credentials::new("", "secret").is_err());
    /// ```
    pub fn new(
        api_key: impl Into<String>,
        secret: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        let api_key = api_key.into();
        let secret = secret.into();
        if api_key.is_empty() {
            return Err(CredentialsError::EmptyKey);
        }
        if secret.is_empty() {
            return Err(CredentialsError::EmptySecret);
        }
        Ok(Self {
            api_key,
            secret: secret.into_bytes(),
        })
    }

    /// The API key (public, sent in `X-Processing-Key`).
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("my-key", "s").unwrap();
    /// assert_eq!(credentials.api_key(), "my-key");
    /// ```
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    pub(crate) fn secret(&self) -> &[u8] {
        &self.secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key)
            .field("secret", &"[redacted]")
            .finish()
    }
}

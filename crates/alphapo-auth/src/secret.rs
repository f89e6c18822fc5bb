//! The merchant's secret key, wiped from memory on drop.

use std::fmt;

use zeroize::Zeroizing;

use crate::error::CredentialsError;

/// An AlphaPo secret key.
///
/// Its bytes are overwritten with zeros when it is dropped (including every
/// clone), and its `Debug` output is `Secret([redacted])`. It has no
/// `Display` and no accessor: only this crate reads it, to key HMAC.
///
/// ```
/// use alphapo_auth::Secret;
///
/// let secret = Secret::new("my-secret")?;
/// assert_eq!(format!("{secret:?}"), "Secret([redacted])");
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Builds a secret from the text shown in the AlphaPo dashboard; the
    /// HMAC key is its UTF-8 bytes.
    ///
    /// An empty secret, or one that starts or ends with whitespace (a
    /// copy-and-paste accident, usually a trailing newline), is an error. The
    /// string is moved in and wiped on every path; pass an owned `String` so
    /// that no other copy is left behind.
    ///
    /// ```
    /// use alphapo_auth::{CredentialsError, Secret};
    ///
    /// assert!(Secret::new("AbCdEfG123456").is_ok());
    /// assert_eq!(Secret::new("").err(), Some(CredentialsError::EmptySecret));
    /// assert_eq!(
    ///     Secret::new("AbCdEfG123456\n").err(),
    ///     Some(CredentialsError::SecretSurroundingWhitespace)
    /// );
    /// ```
    pub fn new(secret: impl Into<String>) -> Result<Self, CredentialsError> {
        let mut secret = Zeroizing::new(secret.into());
        if secret.is_empty() {
            return Err(CredentialsError::EmptySecret);
        }
        if secret.trim() != secret.as_str() {
            return Err(CredentialsError::SecretSurroundingWhitespace);
        }
        // `into_bytes` reuses the allocation, so the bytes move without a copy.
        Ok(Self(Zeroizing::new(
            std::mem::take(&mut *secret).into_bytes(),
        )))
    }

    /// Builds a secret from raw key bytes, taken verbatim.
    ///
    /// Only emptiness is checked: binary keys have no notion of surrounding
    /// whitespace. Prefer [`Secret::new`] for the text secrets AlphaPo issues.
    ///
    /// ```
    /// use alphapo_auth::{CredentialsError, Secret};
    ///
    /// assert!(Secret::from_bytes(vec![0x0b; 20]).is_ok());
    /// assert_eq!(Secret::from_bytes(Vec::new()).err(), Some(CredentialsError::EmptySecret));
    /// ```
    pub fn from_bytes(secret: impl Into<Vec<u8>>) -> Result<Self, CredentialsError> {
        let secret = Zeroizing::new(secret.into());
        if secret.is_empty() {
            return Err(CredentialsError::EmptySecret);
        }
        Ok(Self(secret))
    }

    /// The key bytes, for keying HMAC.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

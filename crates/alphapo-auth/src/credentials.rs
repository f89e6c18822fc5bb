//! The merchant's API key and secret.

use std::fmt;

use crate::error::CredentialsError;
use crate::secret::Secret;

/// The environment variable that holds the API key, as the `alphapo`
/// command line reads it.
///
/// ```
/// assert_eq!(alphapo_auth::API_KEY_VARIABLE, "ALPHAPO_API_KEY");
/// ```
pub const API_KEY_VARIABLE: &str = "ALPHAPO_API_KEY";

/// The environment variable that holds the secret, as the `alphapo` command
/// line reads it.
///
/// ```
/// assert_eq!(alphapo_auth::SECRET_VARIABLE, "ALPHAPO_SECRET");
/// ```
pub const SECRET_VARIABLE: &str = "ALPHAPO_SECRET";

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

    /// Reads the credentials from the variables the `alphapo` command line
    /// reads: [`API_KEY_VARIABLE`] (`ALPHAPO_API_KEY`) and
    /// [`SECRET_VARIABLE`] (`ALPHAPO_SECRET`).
    ///
    /// # Errors
    ///
    /// [`CredentialsError::MissingVariable`] naming the variable that is
    /// unset (or not Unicode), or why the values are not credentials. No
    /// error carries the secret.
    ///
    /// ```no_run
    /// let credentials = alphapo_auth::Credentials::from_env()?;
    /// println!("signing as {}", credentials.api_key());
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any lookup of variables.
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let read =
            |name: &'static str| lookup(name).ok_or(CredentialsError::MissingVariable { name });
        // The secret is read first so that it is wiped even if the key is missing.
        let secret = Secret::new(read(SECRET_VARIABLE)?)?;
        Self::from_secret(read(API_KEY_VARIABLE)?, secret)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(found, _)| *found == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn both_variables_make_credentials() {
        let vars = [(API_KEY_VARIABLE, "key-1"), (SECRET_VARIABLE, "secret-1")];
        let credentials = Credentials::from_lookup(lookup(&vars)).expect("credentials");
        assert_eq!(credentials.api_key(), "key-1");
    }

    #[test]
    fn a_missing_variable_is_named_and_the_secret_never_shows() {
        let error = Credentials::from_lookup(lookup(&[(SECRET_VARIABLE, "hunter2-secret")]))
            .expect_err("no key");
        assert_eq!(
            error,
            CredentialsError::MissingVariable {
                name: API_KEY_VARIABLE
            }
        );
        let text = format!("{error} {error:?}");
        assert!(text.contains("ALPHAPO_API_KEY"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");

        let error =
            Credentials::from_lookup(lookup(&[(API_KEY_VARIABLE, "key")])).expect_err("no secret");
        assert_eq!(
            error.to_string(),
            "the environment variable ALPHAPO_SECRET is not set"
        );
    }

    #[test]
    fn a_bad_value_is_a_credentials_error() {
        let vars = [(API_KEY_VARIABLE, " key"), (SECRET_VARIABLE, "secret")];
        assert_eq!(
            Credentials::from_lookup(lookup(&vars)).err(),
            Some(CredentialsError::KeySurroundingWhitespace)
        );
    }
}

//! Why a client could not be built.

/// Why a client could not be built.
///
/// ```
/// let error = alphapo::Client::builder().base_url("ftp://x").build().unwrap_err();
/// assert!(matches!(error, alphapo::BuildError::InvalidBaseUrl { .. }));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not a usable URL.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// A plain `http://` base URL on a host that is not this machine.
    #[error(
        "plain http:// is accepted only for loopback addresses (local testing), not for `{host}`: use https://"
    )]
    InsecureBaseUrl {
        /// The host of the rejected URL.
        host: String,
    },
    /// The application name cannot go in a `User-Agent` header.
    #[error("the application name must be printable ASCII")]
    InvalidApplication,
    /// [`Client::from_env`](crate::Client::from_env) found no usable credentials: the error names the
    /// missing variable (never a secret).
    #[error("no credentials from the environment: {0}")]
    Credentials(#[from] alphapo_auth::CredentialsError),
    /// An environment variable read by [`Client::from_env`](crate::Client::from_env) has a value it
    /// cannot use.
    #[error("the environment variable {name} is invalid: {reason}")]
    InvalidVariable {
        /// The variable's name (`ALPHAPO_ENVIRONMENT`).
        name: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// The HTTP client could not be built (for example, no TLS backend).
    #[error("cannot build the HTTP client")]
    Http(#[source] reqwest::Error),
}

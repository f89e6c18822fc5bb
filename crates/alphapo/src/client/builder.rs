//! Configuring and building a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use alphapo_auth::{Credentials, Signer};
use reqwest::header::HeaderValue;

use super::{Client, Inner};
use crate::{Environment, RetryPolicy};

/// The User-Agent sent by every client: this crate and its version.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "-rs/", env!("CARGO_PKG_VERSION"));

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
    /// [`Client::from_env`] found no usable credentials: the error names the
    /// missing variable (never a secret).
    #[error("no credentials from the environment: {0}")]
    Credentials(#[from] alphapo_auth::CredentialsError),
    /// An environment variable read by [`Client::from_env`] has a value it
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

/// Configures a [`Client`]: credentials, environment, timeouts, user agent
/// and retry policy.
///
/// ```
/// use std::time::Duration;
/// use alphapo::{Client, Credentials, Environment, RetryPolicy};
///
/// let client = Client::builder()
///     .credentials(Credentials::new("api-key", "api-secret")?)
///     .environment(Environment::CoinsPaidSandbox)
///     .connect_timeout(Duration::from_secs(5))
///     .timeout(Duration::from_secs(20))
///     .application("my-shop/1.2")
///     .retry_policy(RetryPolicy::default().with_max_attempts(4))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    environment: Environment,
    connect_timeout: Duration,
    timeout: Duration,
    application: Option<String>,
    retry_policy: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            environment: Environment::default(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            application: None,
            retry_policy: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// The API key and secret, needed by every call but `ping` (which the API
    /// serves without authentication).
    ///
    /// ```
    /// let builder = alphapo::Client::builder().credentials(alphapo::Credentials::new("k", "s")?);
    /// # let _ = builder;
    /// # Ok::<(), alphapo::CredentialsError>(())
    /// ```
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Where the API lives (default: [`Environment::AlphaPo`]): one of the
    /// named environments, or any other base URL as a `&str`, a `String` or
    /// a [`url::Url`] ([`Environment::Custom`]).
    ///
    /// ```
    /// let production = alphapo::Client::builder().environment(alphapo::Environment::CoinsPaid);
    /// let local = alphapo::Client::builder().environment("http://127.0.0.1:8080");
    /// # let _ = (production, local);
    /// ```
    pub fn environment(mut self, environment: impl Into<Environment>) -> Self {
        self.environment = environment.into();
        self
    }

    /// A custom base URL, short for `environment(Environment::Custom(url))`.
    /// `https://` only, except `http://` on loopback addresses for tests.
    ///
    /// ```
    /// let builder = alphapo::Client::builder().base_url("http://127.0.0.1:8080");
    /// # let _ = builder;
    /// ```
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// The longest wait for a connection (default 10 s).
    ///
    /// ```
    /// let builder = alphapo::Client::builder().connect_timeout(std::time::Duration::from_secs(3));
    /// # let _ = builder;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest one attempt may take, from connecting to the last byte of
    /// the response (default 30 s).
    ///
    /// ```
    /// let builder = alphapo::Client::builder().timeout(std::time::Duration::from_secs(15));
    /// # let _ = builder;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Names your application in the `User-Agent` header, before the SDK's
    /// own `alphapo-rs/<version>`.
    ///
    /// ```
    /// let builder = alphapo::Client::builder().application("my-shop/1.2");
    /// # let _ = builder;
    /// ```
    pub fn application(mut self, name: impl Into<String>) -> Self {
        self.application = Some(name.into());
        self
    }

    /// When and how failed calls are retried (default [`RetryPolicy::default`]).
    ///
    /// ```
    /// let builder = alphapo::Client::builder().retry_policy(alphapo::RetryPolicy::none());
    /// # let _ = builder;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Builds the client: one HTTP connection pool and one signer, shared by
    /// every clone.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when the base URL is not HTTPS (plain HTTP is accepted
    /// for loopback addresses only). Without credentials the client builds,
    /// and can only `ping`: every signed call fails before sending with
    /// [`ErrorKind::MissingCredentials`](crate::ErrorKind::MissingCredentials).
    ///
    /// ```
    /// let error = alphapo::Client::builder()
    ///     .credentials(alphapo::Credentials::new("k", "s")?)
    ///     .base_url("http://example.com")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(error, alphapo::BuildError::InsecureBaseUrl { .. }));
    /// # Ok::<(), alphapo::CredentialsError>(())
    /// ```
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.environment.checked_base_url()?;
        let user_agent = match &self.application {
            Some(name) => format!("{name} {USER_AGENT}"),
            None => USER_AGENT.to_owned(),
        };
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| BuildError::InvalidApplication)?;
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            // A redirect would re-send (or silently drop) a signed payment
            // call somewhere else: report it instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(BuildError::Http)?;
        let signer = self.credentials.as_ref().map(Signer::new);
        let api = alphapo_gen::Client::new_with_client(&base_url, http, signer);
        Ok(Client::from_inner(Arc::new(Inner {
            api,
            base_url,
            retry_policy: self.retry_policy,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
        })))
    }
}

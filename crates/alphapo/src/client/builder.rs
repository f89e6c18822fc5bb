//! Configuring and building a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use alphapo_auth::{Credentials, Signer};
use reqwest::header::HeaderValue;

use super::build_error::BuildError;
use super::environment::Environment;
use super::handle::{Client, Inner};
use super::retry::RetryPolicy;

/// The User-Agent sent by every client: this crate and its version.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "-rs/", env!("CARGO_PKG_VERSION"));

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

impl Client {
    /// Starts configuring a client.
    ///
    /// ```
    /// let builder = alphapo::Client::builder();
    /// # let _ = builder;
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the variables the `alphapo` command line
    /// reads: `ALPHAPO_API_KEY` and `ALPHAPO_SECRET` (required),
    /// `ALPHAPO_BASE_URL` or `ALPHAPO_ENVIRONMENT` (`alphapo`, `coinspaid`,
    /// `coinspaid-sandbox`; default `alphapo`), with the builder's other
    /// defaults.
    ///
    /// # Errors
    ///
    /// [`BuildError::Credentials`](BuildError::Credentials) naming a
    /// missing variable, [`BuildError::InvalidVariable`](BuildError::InvalidVariable)
    /// for an unknown environment name, or any error of
    /// [`ClientBuilder::build`]. No error carries the secret.
    ///
    /// ```no_run
    /// let client = alphapo::Client::from_env()?;
    /// println!("calling {}", client.base_url());
    /// # Ok::<(), alphapo::BuildError>(())
    /// ```
    pub fn from_env() -> Result<Self, BuildError> {
        let credentials = alphapo_auth::Credentials::from_env()?;
        let environment = Environment::from_lookup(|name| std::env::var(name).ok())?;
        Self::builder()
            .credentials(credentials)
            .environment(environment)
            .build()
    }
}

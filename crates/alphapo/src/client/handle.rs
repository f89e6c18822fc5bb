//! The client handle merchants hold: cheap to clone, one shared state
//! behind an [`Arc`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::retry::RetryPolicy;

/// An AlphaPo API client.
///
/// Holds one HTTP connection pool and one request signer behind an [`Arc`]:
/// clone it freely, one clone per task. Every operation of the API is a
/// method (see the method list); each checks its arguments before sending,
/// signs the exact bytes it sends on every attempt, retries only what is safe
/// and returns the unwrapped `data` of the response or an [`Error`](crate::Error).
///
/// ```
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use alphapo::{Client, Credentials, Environment};
///
/// let client = Client::builder()
///     .credentials(Credentials::new("api-key", "api-secret")?)
///     .environment(Environment::CoinsPaidSandbox)
///     .build()?;
/// for balance in client.list_accounts().await? {
///     println!("{} {}", balance.balance, balance.currency);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What every clone of a client shares.
pub(crate) struct Inner {
    /// The generated client: HTTP pool, signer and base URL.
    pub(crate) api: alphapo_gen::Client,
    pub(crate) base_url: String,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
}

impl Client {
    /// Wraps the shared state.
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Self { inner }
    }

    /// The base URL calls go to.
    ///
    /// ```
    /// let client = alphapo::Client::builder()
    ///     .credentials(alphapo::Credentials::new("k", "s")?)
    ///     .build()?;
    /// assert_eq!(client.base_url(), "https://app.alphapo.net");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The generated client underneath, for calls this crate does not wrap.
    /// It signs requests too, but neither checks arguments nor retries.
    ///
    /// ```
    /// let client = alphapo::Client::builder()
    ///     .credentials(alphapo::Credentials::new("k", "s")?)
    ///     .build()?;
    /// let _ping = client.generated().ping();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn generated(&self) -> &alphapo_gen::Client {
        &self.inner.api
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("retry_policy", &self.inner.retry_policy)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

//! How a sandbox is set up: address, credentials, callback target, starting
//! balances and the timers and limits tests want short.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use alphapo_auth::Credentials;
use alphapo_gen::Amount;
use url::Url;

use super::error::SandboxError;
use super::limits::Limits;
use crate::api::RateLimit;
use crate::delivery::RedeliverySchedule;
use crate::world::Clock;
use crate::world::catalog;

/// Everything [`Sandbox::start`](crate::Sandbox::start) needs.
///
/// Start from [`SandboxConfig::new`] (the defaults below) and change the
/// public fields you care about:
///
/// | field | default |
/// |---|---|
/// | `bind` | `127.0.0.1:0` (any free port) |
/// | `callback_url` | none (callbacks are only logged) |
/// | `initial_balances` | 1 BTC, 10 ETH, 1000 USDTE, 1000 USDTT, 1000 XRP, 10 BCH, 100 LTC, 10000 DOGE, 10000 EUR, 10000 USD |
/// | `invoice_ttl` | 15 minutes |
/// | `confirmation_delay` | 2 seconds |
/// | `withdrawal_confirmation` | none (the driver confirms withdrawals) |
/// | `calculate_rate_limit` | 30 requests per 60 seconds |
/// | `callback_retry` | [`RedeliverySchedule::default`] |
/// | `clock` | [`Clock::system`] |
/// | `limits` | [`Limits::default`] |
/// | `fault_seed` | 0 |
///
/// ```
/// use std::time::Duration;
/// use alphapo_auth::Credentials;
/// use alphapo_sandbox::SandboxConfig;
///
/// let mut config = SandboxConfig::new(Credentials::new("key", "secret")?);
/// config.invoice_ttl = Duration::from_millis(50);
/// config.callback_url = Some("http://127.0.0.1:9000/callbacks".parse()?);
/// assert_eq!(config.bind.port(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// Where to listen. Must be a loopback address; port 0 picks a free port.
    pub bind: SocketAddr,
    /// The API key and secret clients sign with, and callbacks are signed with.
    pub credentials: Credentials,
    /// Where callbacks are POSTed. Without one they are still built, signed
    /// and recorded in the delivery log, just not sent.
    pub callback_url: Option<Url>,
    /// Starting balance per currency code; currencies not listed start at 0.
    pub initial_balances: BTreeMap<String, Amount>,
    /// How long a timer invoice waits for its payment before it fails
    /// (AlphaPo: 15 minutes).
    pub invoice_ttl: Duration,
    /// How long a simulated blockchain takes to confirm a deposit, an invoice
    /// payment, a payment-request payment or an exchange.
    pub confirmation_delay: Duration,
    /// How long after it is made a withdrawal still `processing` is
    /// confirmed by the sandbox itself (its callback then goes out), as the
    /// real API does once the blockchain confirms it. `None`: withdrawals
    /// stay `processing` until a driver confirms, cancels or declines them
    /// ([`SandboxHandle::confirm_withdrawal`](crate::SandboxHandle::confirm_withdrawal), ...).
    pub withdrawal_confirmation: Option<Duration>,
    /// The rate limit of `exchange/calculate` (AlphaPo: 30 per minute).
    pub calculate_rate_limit: RateLimit,
    /// How failed callback deliveries are retried.
    pub callback_retry: RedeliverySchedule,
    /// The time of timestamps and rate-limit windows; a test that sets a
    /// [`Clock::frozen_at`] clock moves it with
    /// [`SandboxHandle::advance_clock`](crate::SandboxHandle::advance_clock).
    pub clock: Clock,
    /// The deadlines and the connection limit that keep slow clients from
    /// holding the sandbox.
    pub limits: Limits,
    /// The seed of the generator that decides which calls a fault armed
    /// with a `rate` strikes: the same seed, faults and sequence of calls
    /// strike the same calls.
    pub fault_seed: u64,
}

impl SandboxConfig {
    /// The default set-up (see the table on [`SandboxConfig`]) for these
    /// credentials.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("key", "secret")?;
    /// let config = alphapo_sandbox::SandboxConfig::new(credentials);
    /// assert!(config.bind.ip().is_loopback());
    /// assert_eq!(config.invoice_ttl.as_secs(), 15 * 60);
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn new(credentials: Credentials) -> Self {
        let initial_balances = [
            ("BTC", 1_u64),
            ("ETH", 10),
            ("USDTE", 1_000),
            ("USDTT", 1_000),
            ("XRP", 1_000),
            ("BCH", 10),
            ("LTC", 100),
            ("DOGE", 10_000),
            ("EUR", 10_000),
            ("USD", 10_000),
        ]
        .into_iter()
        .map(|(code, amount)| (code.to_owned(), Amount::from(amount)))
        .collect();
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            credentials,
            callback_url: None,
            initial_balances,
            invoice_ttl: Duration::from_secs(15 * 60),
            confirmation_delay: Duration::from_secs(2),
            withdrawal_confirmation: None,
            calculate_rate_limit: RateLimit::default(),
            callback_retry: RedeliverySchedule::default(),
            clock: Clock::system(),
            limits: Limits::default(),
            fault_seed: 0,
        }
    }

    /// Checks the set-up before anything binds.
    pub(crate) fn validate(&self) -> Result<(), SandboxError> {
        if !self.bind.ip().is_loopback() {
            return Err(SandboxError::NonLoopbackBind(self.bind));
        }
        if let Some(url) = &self.callback_url
            && !matches!(url.scheme(), "http" | "https")
        {
            return Err(SandboxError::CallbackUrlScheme(url.scheme().to_owned()));
        }
        for (code, amount) in &self.initial_balances {
            if catalog::find(code).is_none() {
                return Err(SandboxError::UnknownCurrency(code.clone()));
            }
            if amount.value().is_sign_negative() && !amount.is_zero() {
                return Err(SandboxError::NegativeBalance(code.clone()));
            }
        }
        Ok(())
    }
}

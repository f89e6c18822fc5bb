//! Credentials and the API client, from flags or the environment.

use std::time::Duration;

use alphapo::{Client, Credentials, Environment, RetryPolicy};
use clap::{Args, ValueEnum};

use crate::exit::Failure;
use crate::secret::SecretArg;

/// Which AlphaPo host to talk to. There is no default: a call to production
/// is always asked for by name.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EnvironmentArg {
    /// AlphaPo production (`https://app.alphapo.net`).
    Alphapo,
    /// CoinsPaid production (`https://app.cryptoprocessing.com`).
    Coinspaid,
    /// The remote CoinsPaid sandbox (`https://app.sandbox.cryptoprocessing.com`);
    /// the local one is `alphapo sandbox`, reached with `--base-url`.
    CoinspaidSandbox,
}

/// The API key and secret. Neither is ever printed, not even by `--help`,
/// and this type has no `Debug`.
#[derive(Clone, Args)]
pub struct CredentialArgs {
    /// The API key.
    #[arg(long, env = "ALPHAPO_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,
    /// The API secret (prefer the environment variable: flags show in process lists).
    #[arg(long, env = "ALPHAPO_SECRET", hide_env_values = true, global = true)]
    pub secret: Option<SecretArg>,
}

impl CredentialArgs {
    /// Builds credentials, saying which one is missing.
    pub fn credentials(&self) -> Result<Credentials, Failure> {
        let api_key = self
            .api_key
            .clone()
            .ok_or_else(|| Failure::Usage("no API key: set ALPHAPO_API_KEY or --api-key".into()))?;
        let secret = self
            .secret
            .as_ref()
            .map(|secret| secret.expose().to_owned())
            .ok_or_else(|| Failure::Usage("no secret: set ALPHAPO_SECRET or --secret".into()))?;
        Credentials::new(api_key, secret)
            .map_err(|e| Failure::Usage(format!("invalid credentials: {e}")))
    }
}

/// Where and how to call the API.
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// The API environment (required unless --base-url is given).
    #[arg(long, value_enum, env = "ALPHAPO_ENVIRONMENT", global = true)]
    pub environment: Option<EnvironmentArg>,
    /// A base URL instead of an environment's, e.g. the local `alphapo
    /// sandbox` (http:// only for loopback).
    #[arg(long, env = "ALPHAPO_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Total time allowed for one attempt, in seconds (fractions allowed, more than 0).
    #[arg(
        long,
        value_name = "SECONDS",
        value_parser = parse_seconds,
        default_value = "30",
        global = true
    )]
    pub timeout: Duration,
    /// Attempts per call at most (1 disables retries; read-only calls are
    /// retried, money-moving calls only when the request never left).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10), global = true)]
    pub attempts: Option<u32>,
}

/// A positive, finite number of seconds.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    let duration = Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{text}`: {e}"))?;
    if duration.is_zero() {
        return Err(format!("`{text}`: the timeout must be more than 0 seconds"));
    }
    Ok(duration)
}

impl ConnectArgs {
    /// Builds the SDK client; without credentials it can only ping.
    pub fn client(&self, credentials: Option<Credentials>) -> Result<Client, Failure> {
        let environment = match (&self.base_url, self.environment) {
            (Some(url), _) => Environment::Custom(url.clone()),
            (None, Some(EnvironmentArg::Alphapo)) => Environment::AlphaPo,
            (None, Some(EnvironmentArg::Coinspaid)) => Environment::CoinsPaid,
            (None, Some(EnvironmentArg::CoinspaidSandbox)) => Environment::CoinsPaidSandbox,
            (None, None) => {
                return Err(Failure::Usage(
                    "no environment: pass --environment alphapo|coinspaid|coinspaid-sandbox \
                     (or set ALPHAPO_ENVIRONMENT), or --base-url for the local sandbox"
                        .into(),
                ));
            }
        };
        let mut builder = Client::builder()
            .environment(environment)
            .application(concat!("alphapo-cli/", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout);
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        if let Some(attempts) = self.attempts {
            builder = builder.retry_policy(RetryPolicy::default().with_max_attempts(attempts));
        }
        builder
            .build()
            .map_err(|e| Failure::Usage(format!("cannot build the client: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_is_a_positive_number_of_seconds() {
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "0.0", "-1", "NaN", "inf", "soon"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}

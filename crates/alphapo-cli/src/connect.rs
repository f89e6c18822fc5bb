//! Credentials and the API client, from flags or the environment. Only the
//! commands that call the API (or sign with the credentials) take these
//! flags; the sandbox, the demo and the dev-loop commands have their own.

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
    #[arg(long, env = "ALPHAPO_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// The API secret (prefer the environment variable: flags show in process lists).
    #[arg(long, env = "ALPHAPO_SECRET", hide_env_values = true)]
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
    #[arg(long, value_enum, env = "ALPHAPO_ENVIRONMENT")]
    pub environment: Option<EnvironmentArg>,
    /// A base URL instead of an environment's, e.g. `http://127.0.0.1:8080`
    /// for the local `alphapo sandbox` (http:// only for loopback).
    #[arg(long, value_name = "URL", env = "ALPHAPO_BASE_URL")]
    pub base_url: Option<String>,
    /// Total time allowed for one attempt, in seconds (fractions allowed, more than 0).
    #[arg(
        long,
        value_name = "SECONDS",
        value_parser = parse_seconds,
        default_value = "30"
    )]
    pub timeout: Duration,
    /// Attempts per call at most (1 disables retries; read-only calls are
    /// retried, money-moving calls only when the request never left).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
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

/// A `--base-url` as given, or what to add to it: a URL without a scheme
/// (`127.0.0.1:8080`, `localhost:8080`) is a usage error naming `http://`.
fn base_url(text: &str) -> Result<String, Failure> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
            Ok(text.to_owned())
        }
        _ => Err(Failure::Usage(format!(
            "--base-url `{text}` is not an http:// or https:// URL: add the scheme, \
             e.g. `http://{text}` for the local sandbox"
        ))),
    }
}

/// What an API call needs: the credentials, where to send it, and whether
/// to trace it. The API commands flatten it; nothing else takes it.
#[derive(Clone, Args)]
pub struct CallArgs {
    /// Credentials.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// Where to send calls.
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Shows the URL called and the SDK's tracing spans on stderr
    /// (operation, attempts, status, timings; never a body, key or
    /// signature). `RUST_LOG` sets the filter instead.
    #[arg(short, long)]
    pub verbose: bool,
}

impl CallArgs {
    /// Builds the SDK client, with the credentials when the call is signed
    /// (`ping` is not: it runs without ALPHAPO_* credentials).
    pub fn client(&self, signed: bool) -> Result<Client, Failure> {
        let credentials = signed.then(|| self.credentials.credentials()).transpose()?;
        self.connect.client(credentials)
    }
}

impl ConnectArgs {
    /// Builds the SDK client; without credentials it can only ping.
    pub fn client(&self, credentials: Option<Credentials>) -> Result<Client, Failure> {
        let environment = match (&self.base_url, self.environment) {
            (Some(url), _) => Environment::Custom(base_url(url)?),
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
    fn a_base_url_without_a_scheme_names_http() {
        for bad in ["127.0.0.1:8080", "localhost:8080", "/api", ""] {
            let message = base_url(bad).err().map(|e| e.to_string());
            assert!(message.is_some_and(|m| m.contains("http://")), "{bad}");
        }
        for good in ["http://127.0.0.1:8080", "https://app.alphapo.net"] {
            assert!(base_url(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_timeout_is_a_positive_number_of_seconds() {
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "0.0", "-1", "NaN", "inf", "soon"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}

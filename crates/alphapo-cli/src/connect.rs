//! Credentials and the API client, from flags or the environment.

use std::time::Duration;

use alphapo::{Client, Credentials, Environment, RetryPolicy};
use clap::{Args, ValueEnum};

use crate::exit::Failure;

/// Which AlphaPo host to talk to.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum EnvironmentArg {
    /// AlphaPo production (`https://app.alphapo.net`).
    #[default]
    Alphapo,
    /// CoinsPaid production (`https://app.cryptoprocessing.com`).
    Coinspaid,
    /// CoinsPaid sandbox (`https://app.sandbox.cryptoprocessing.com`).
    Sandbox,
}

/// The API key and secret. The secret is never printed, not even by `--help`.
#[derive(Debug, Clone, Args)]
pub struct CredentialArgs {
    /// The API key.
    #[arg(long, env = "ALPHAPO_API_KEY", global = true)]
    pub api_key: Option<String>,
    /// The API secret (prefer the environment variable: flags show in process lists).
    #[arg(long, env = "ALPHAPO_SECRET", hide_env_values = true, global = true)]
    pub secret: Option<String>,
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
            .clone()
            .ok_or_else(|| Failure::Usage("no secret: set ALPHAPO_SECRET or --secret".into()))?;
        Credentials::new(api_key, secret)
            .map_err(|e| Failure::Usage(format!("invalid credentials: {e}")))
    }
}

/// Where and how to call the API.
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// The API environment.
    #[arg(
        long,
        value_enum,
        default_value_t,
        env = "ALPHAPO_ENVIRONMENT",
        global = true
    )]
    pub environment: EnvironmentArg,
    /// A base URL instead of the environment's (http:// only for loopback).
    #[arg(long, env = "ALPHAPO_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Total time allowed for one attempt, in seconds (fractions allowed).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, global = true)]
    pub timeout: Option<Duration>,
    /// Attempts per call at most (1 disables retries; read-only calls are
    /// retried, money-moving calls only when the request never left).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10), global = true)]
    pub attempts: Option<u32>,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{text}`: {e}"))
}

impl ConnectArgs {
    /// Builds the SDK client; without credentials it can only ping.
    pub fn client(&self, credentials: Option<Credentials>) -> Result<Client, Failure> {
        let environment = match (&self.base_url, self.environment) {
            (Some(url), _) => Environment::Custom(url.clone()),
            (None, EnvironmentArg::Alphapo) => Environment::AlphaPo,
            (None, EnvironmentArg::Coinspaid) => Environment::CoinsPaid,
            (None, EnvironmentArg::Sandbox) => Environment::CoinsPaidSandbox,
        };
        let mut builder = Client::builder()
            .environment(environment)
            .application(concat!("alphapo-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(attempts) = self.attempts {
            builder = builder.retry_policy(RetryPolicy::default().with_max_attempts(attempts));
        }
        builder
            .build()
            .map_err(|e| Failure::Usage(format!("cannot build the client: {e}")))
    }
}

//! `alphapo sandbox`: AlphaPo's API on 127.0.0.1, until Ctrl-C.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use alphapo_auth::Credentials;
use alphapo_sandbox::{Sandbox, SandboxConfig};
use clap::Args;

use crate::console;
use crate::exit::Failure;
use crate::secret::SecretArg;

/// The key the sandbox accepts when none is given (local testing only).
pub const DEFAULT_API_KEY: &str = "sandbox-key";
/// The secret the sandbox accepts when none is given (local testing only;
/// it is published here, so it protects nothing).
pub const DEFAULT_SECRET: &str = "sandbox-secret";

/// How to run the sandbox. It holds a secret, so it has no `Debug`.
#[derive(Clone, Args)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Where to POST signed callbacks.
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<url::Url>,
    /// Seconds a timer invoice waits for payment (AlphaPo: 900).
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub invoice_ttl: u64,
    /// Milliseconds the simulated blockchain takes to confirm.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 2000)]
    pub confirmation_delay: u64,
    /// The API key clients must use (default: `sandbox-key`).
    #[arg(
        long = "sandbox-api-key",
        env = "ALPHAPO_SANDBOX_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,
    /// The secret clients must sign with (default: `sandbox-secret`).
    #[arg(
        long = "sandbox-secret",
        env = "ALPHAPO_SANDBOX_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<SecretArg>,
}

impl SandboxArgs {
    fn config(&self) -> Result<SandboxConfig, Failure> {
        let credentials = Credentials::new(
            self.api_key.as_deref().unwrap_or(DEFAULT_API_KEY),
            self.secret
                .as_ref()
                .map_or(DEFAULT_SECRET, SecretArg::expose),
        )
        .map_err(|e| Failure::Usage(format!("invalid sandbox credentials: {e}")))?;
        let mut config = SandboxConfig::new(credentials);
        config.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        config.callback_url = self.callback_url.clone();
        config.invoice_ttl = Duration::from_secs(self.invoice_ttl);
        config.confirmation_delay = Duration::from_millis(self.confirmation_delay);
        Ok(config)
    }
}

/// Serves until Ctrl-C.
pub async fn run(args: SandboxArgs) -> Result<(), Failure> {
    let config = args.config()?;
    let key = config.credentials.api_key().to_owned();
    let sandbox = Sandbox::start(config)
        .await
        .map_err(|e| Failure::Local(format!("the sandbox could not start: {e}")))?;
    console::err!("AlphaPo sandbox listening on {}", sandbox.base_url());
    console::err!("  API key: {key} (the secret is the one you set, or the documented default)");
    console::err!(
        "  drive it with POST {}/_sandbox/... ; stop with Ctrl-C",
        sandbox.base_url()
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::Local(format!("cannot wait for Ctrl-C: {e}")))?;
    sandbox.shutdown().await;
    Ok(())
}

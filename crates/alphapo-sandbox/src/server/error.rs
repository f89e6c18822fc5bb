//! Why a sandbox could not start.

use std::net::SocketAddr;

/// Why a sandbox could not start.
///
/// ```
/// use alphapo_sandbox::SandboxError;
/// let error = SandboxError::NonLoopbackBind("0.0.0.0:8080".parse().unwrap());
/// assert!(error.to_string().contains("loopback"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The bind address is not a loopback address: the sandbox only ever
    /// listens on this machine.
    #[error("the sandbox only binds to loopback addresses (127.0.0.1, ::1), not {0}")]
    NonLoopbackBind(SocketAddr),
    /// The callback URL is neither `http` nor `https`.
    #[error("the callback URL must be http or https, not {0}")]
    CallbackUrlScheme(String),
    /// An initial balance names a currency the sandbox does not have.
    #[error("the sandbox has no currency {0}")]
    UnknownCurrency(String),
    /// An initial balance is negative.
    #[error("the initial balance of {0} is negative")]
    NegativeBalance(String),
    /// The listening socket could not be opened.
    #[error("cannot listen: {0}")]
    Bind(#[source] std::io::Error),
    /// The HTTP client that sends callbacks could not be built.
    #[error("cannot build the callback client: {0}")]
    CallbackClient(#[source] reqwest::Error),
}

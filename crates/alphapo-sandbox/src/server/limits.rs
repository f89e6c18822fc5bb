//! The deadlines and the connection limit that keep slow or idle clients
//! from holding the sandbox.

use std::time::Duration;

/// How long clients may take and how many may be connected at once (see
/// [Limits](crate#limits) in the crate docs for what happens past each).
///
/// ```
/// use std::time::Duration;
/// use alphapo_sandbox::{Limits, SandboxConfig};
///
/// let mut config = SandboxConfig::new(alphapo_auth::Credentials::new("key", "secret")?);
/// config.limits.header_read_timeout = Duration::from_secs(2);
/// config.limits.max_connections = 256;
/// assert_eq!(Limits::default().body_read_timeout, Duration::from_secs(10));
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// How long a client may take to send a request line and its headers
    /// (default 30 s), counted from the moment the sandbox waits for them: a
    /// new connection, or the end of the previous response on a kept-alive
    /// one. Past it the connection is closed.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request body once its headers
    /// are in (default 10 s). Past it the answer is 408 and the connection
    /// is closed.
    pub body_read_timeout: Duration,
    /// How long a kept-alive connection may wait between the end of one
    /// response and the next request (default 20 s) before it is closed. The
    /// header deadline still counts from the end of that response, so the
    /// shorter of the two applies. Clients that keep idle connections longer
    /// (reqwest: 90 s) may see one closed just as they reuse it, so keep it
    /// longer than the quiet spells of a test.
    pub keep_alive_timeout: Duration,
    /// How many connections are open at once (default 4,096; 0 counts as
    /// 1). More wait in the listen queue until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(20),
            max_connections: 4_096,
        }
    }
}

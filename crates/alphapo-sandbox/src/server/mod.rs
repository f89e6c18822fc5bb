//! The server: connections and their limits, body deadlines, the rate
//! limit, the fallback, and the assembly of a running sandbox ([`Sandbox`],
//! [`SandboxHandle`], and the engine that ties the world, the delivery of
//! callbacks and the timers together).

mod body_deadline;
mod config;
mod connections;
pub(crate) mod engine;
mod error;
mod fallback;
mod limits;
mod rate_limit;
mod sandbox;
mod timers;

pub use config::SandboxConfig;
pub use error::SandboxError;
pub use limits::Limits;
pub use rate_limit::RateLimit;
pub use sandbox::{Sandbox, SandboxHandle};

//! The server: connections and their limits, body deadlines, the
//! fallback, the configuration, and the assembly of a running sandbox
//! ([`Sandbox`], [`SandboxHandle`]): it builds the runtime, the API's and
//! the workbench's states, and wires the seams of the layers below (the
//! live feed and the fault set into delivery, the runtime and the API).

mod body_deadline;
mod config;
mod connections;
mod error;
mod fallback;
mod limits;
mod sandbox;

pub use config::SandboxConfig;
pub use error::SandboxError;
pub use limits::Limits;
pub use sandbox::{Sandbox, SandboxHandle};

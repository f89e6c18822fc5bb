//! The client merchants hold: cheap to clone, shared across tasks, and the
//! pieces it is made of: its builder and environments, the call loop
//! (attempts, retries, classifying answers), its bounded body reads and one
//! method per operation.
//!
//! Layers, each using only those below it: `handle` (the client and its
//! shared state) and `retry`; `build_error`, `environment` and
//! `builder` (making a client); `body`, `classify` and `call` (one
//! call, attempt by attempt); `methods` (the operations).

mod body;
mod build_error;
mod builder;
mod call;
mod classify;
mod environment;
mod handle;
mod methods;
mod retry;

pub use build_error::BuildError;
pub use builder::ClientBuilder;
pub use environment::{BASE_URL_VARIABLE, ENVIRONMENT_VARIABLE, Environment};
pub use handle::Client;
pub use retry::RetryPolicy;

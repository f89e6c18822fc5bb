//! Fault injection: making the sandbox fail on purpose, so that a client's
//! retry, timeout and reconcile code and a merchant's callback handling can
//! be tested. The modes and the ways to arm them are listed in the crate
//! documentation ([Fault injection](crate#fault-injection)).

mod api;
mod armed;
mod error;
mod fault;
mod parse;
mod rate;

pub(crate) use armed::Faults;
pub use error::FaultError;
pub use fault::{Fault, FaultMode, FaultTarget};
pub use rate::StrikeRate;

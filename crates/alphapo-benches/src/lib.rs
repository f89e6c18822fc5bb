//! What the client and callback benches share: the three ways of calling
//! `invoices/create` against one canned loopback server
//! ([`client_ways`]), and the two ways of checking one signed deposit
//! callback ([`callback_ways`]).
//!
//! The benches live in this package, not in `alphapo`, so that they are
//! built with the dependencies a user of the SDK gets and nothing that only
//! `alphapo`'s tests use (see this package's `Cargo.toml`). Each bench's doc
//! comment gives the command that runs it.

pub mod callback_ways;
pub mod client_ways;

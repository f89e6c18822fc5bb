//! Integration tests of signing and verification through the public API.
//! One test binary, so the crate and its dependencies link once; the tests
//! of the reqwest adapters run when their feature is on (`cargo test
//! --workspace` turns them on).

mod credentials;
mod kat;
#[cfg(feature = "middleware")]
mod middleware;
mod proptests;
mod secrets_not_leaked;
#[cfg(feature = "reqwest")]
mod signer;
mod verifier;

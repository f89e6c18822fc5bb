//! Integration tests of the sandbox through the generated client (signed by
//! `alphapo_auth::Signer`) and raw reqwest for malformed requests. One test
//! binary, so the crate and its dependencies link once.

mod addresses;
mod auth_errors;
mod callbacks;
mod control;
mod delivery;
mod endpoints;
mod error_shapes;
mod events;
mod faults;
mod fees;
mod lifecycle;
mod limits;
mod load;
mod pages;
mod shapes;
mod support;
mod triggers;
mod validation;
mod withdrawal_confirmation;

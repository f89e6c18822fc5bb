//! Integration tests of the SDK: the client against loopback servers and
//! httpmock, and the callback receivers. One test binary, so the crate and
//! its dependencies link once; the receivers behind a feature are tested
//! when it is on (`cargo test --workspace` turns them all on).

#[cfg(feature = "axum")]
mod callbacks_axum;
mod callbacks_dedup;
mod callbacks_fixtures;
#[cfg(all(feature = "axum", feature = "postgres", feature = "sqlite"))]
mod callbacks_inbox;
mod callbacks_rejections;
#[cfg(feature = "axum")]
mod callbacks_serve;
mod callbacks_support;
mod client_errors;
mod client_retries;
mod client_support;
mod client_validation;
#[cfg(all(feature = "postgres", feature = "sqlite", feature = "axum"))]
mod payouts;

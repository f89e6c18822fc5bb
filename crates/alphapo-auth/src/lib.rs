//! Request signing and callback verification for the AlphaPo API.
//!
//! AlphaPo authenticates both directions the same way: the sender puts its
//! API key in `X-Processing-Key` and the lowercase hex HMAC-SHA512 of the
//! exact body bytes, keyed with the merchant's secret, in
//! `X-Processing-Signature`. Nothing else (method, path, time) is signed.
//!
//! - [`Signer`] signs outgoing requests. Build it once per client: it keeps a
//!   pre-keyed HMAC state and only clones it per request.
//! - [`Verifier`] checks incoming callbacks on their raw body, before anything
//!   parses it, in constant time, and accepts any of several secrets during a
//!   key rotation.
//! - [`testing::sign_callback`] signs a body the way AlphaPo does, for tests
//!   of your own callback handlers.
//! - With the `reqwest` feature, [`Signer::sign_request`] signs a
//!   `reqwest::Request` in place. Without it (the default) this crate pulls
//!   in no HTTP client: it works on `http::HeaderMap`s.
//! - With the `middleware` feature (which includes `reqwest`),
//!   `SigningMiddleware` signs hand-written requests sent through
//!   `reqwest-middleware`.
//!
//! ```
//! use alphapo_auth::{Credentials, Signer, Verifier, testing};
//!
//! let credentials = Credentials::new("key", "AbCdEfG123456")?;
//! let body = br#"{"currency":"BTC","foreign_id":"123456"}"#;
//!
//! let signature = Signer::new(&credentials).sign(body);
//! assert!(signature.as_str().starts_with("03c25fcf"));
//!
//! let headers = testing::sign_callback(&credentials, body);
//! Verifier::new(&credentials).verify(&headers, body)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Secrets in memory
//!
//! [`Secret`] (and so [`Credentials`]) wipes its bytes when dropped and never
//! prints them. The pre-keyed HMAC states inside [`Signer`] and [`Verifier`]
//! are derived from the secret (they are what HMAC computes from the key
//! before any message); the `hmac` crate does not wipe them on drop, so keep
//! signers and verifiers as long-lived as the secret itself rather than
//! building them per call.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod credentials;
mod error;
mod headers;
mod mac;
#[cfg(feature = "middleware")]
mod middleware;
mod secret;
mod signature;
mod signer;
pub mod testing;
mod verifier;

pub use credentials::{API_KEY_VARIABLE, Credentials, SECRET_VARIABLE};
#[cfg(feature = "reqwest")]
pub use error::SignError;
pub use error::{CredentialsError, VerifyError};
pub use headers::{KEY_HEADER, SIGNATURE_HEADER};
#[cfg(feature = "middleware")]
pub use middleware::SigningMiddleware;
pub use secret::Secret;
pub use signature::{SIGNATURE_HEX_LEN, Signature};
pub use signer::Signer;
pub use verifier::{DEFAULT_MAX_BODY_BYTES, Verifier};

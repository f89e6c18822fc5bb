//! Request signing for the AlphaPo API.
//!
//! Every AlphaPo request carries `X-Processing-Key` (the API key) and
//! `X-Processing-Signature`, the lowercase hex HMAC-SHA512 of the exact body
//! bytes keyed with the merchant's secret.
//!
//! ```
//! use alphapo_auth::{Credentials, Signer};
//!
//! let credentials = Credentials::new("key", "AbCdEfG123456").unwrap();
//! let signer = Signer::new(&credentials);
//! let signature = signer.sign(br#"{"currency":"BTC","foreign_id":"123456"}"#);
//! assert!(signature.as_str().starts_with("03c25fcf"));
//! ```

mod credentials;
mod signer;

pub use credentials::{Credentials, CredentialsError};
pub use signer::{SignError, Signature, Signer};

/// Name of the header that carries the merchant's API key.
pub const KEY_HEADER: &str = "x-processing-key";
/// Name of the header that carries the body signature.
pub const SIGNATURE_HEADER: &str = "x-processing-signature";

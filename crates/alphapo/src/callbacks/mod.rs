//! Callbacks: verified on the raw body, then parsed into typed events, with
//! the helpers a merchant needs to act on them exactly once.
//!
//! AlphaPo tells a merchant that money arrived or left by `POST`ing a signed
//! JSON callback (reference §7). Handling one safely takes four steps, each
//! covered here:
//!
//! 1. **Verify before parsing.** [`VerifiedCallback::verify`] checks the
//!    `X-Processing-Key` header, the body size and the HMAC-SHA512 signature
//!    of the raw body (in constant time, with [`Verifier`]),
//!    then parses those same bytes: nothing is re-encoded in between.
//! 2. **Dispatch on `type`.** [`Callback`] has a variant per documented type
//!    and keeps unknown types with their JSON; amounts are exact
//!    ([`Amount`](crate::Amount)) and every documented quirk parses.
//! 3. **De-duplicate.** The same callback can arrive again (retries, replays):
//!    [`Callback::dedup_key`] and a [`SeenKeys`] store tell new from seen.
//! 4. **Read the money with its direction.** [`Callback::settlement`] is
//!    `None` until the callback is confirmed, then says whether money came in
//!    ([`Settlement::Incoming`]), went out ([`Settlement::Outgoing`]) or was
//!    exchanged: a withdrawal can never be read as a credit.
//!
//! Everything a receiver needs is here: the [`Verifier`] (also
//! [`Verifier::from_env`]), its [`VerifyError`]s, and [`testing`] to sign
//! callbacks in your tests. With the `postgres` or `sqlite` feature, the
//! `inbox` module stores each callback durably and runs your handler in the
//! same database transaction, exactly once. With the `axum` feature,
//! [`VerifiedCallback`] is an extractor that does steps 1-2 and answers 401,
//! 400, 408 or 413 by itself, and [`serve`] runs a receiver with deadlines
//! and a concurrency limit.
//!
//! Every rejection is a [`CallbackError`] variant.
//!
//! ```
//! use alphapo::callbacks::{InMemorySeenKeys, SeenKeys, Settlement, VerifiedCallback, Verifier, testing};
//! use alphapo::Credentials;
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let credentials = Credentials::new("key", "secret")?;
//! let verifier = Verifier::new(&credentials);
//! let seen = InMemorySeenKeys::new(10_000);
//!
//! let body = br#"{"id":1,"type":"deposit","status":"confirmed",
//!     "currency_received":{"currency":"BTC","amount":"6.53157512","amount_minus_fee":"6.5119800"}}"#;
//! let headers = testing::sign_callback(&credentials, body);
//!
//! for _delivery in 0..2 {
//!     let verified = VerifiedCallback::verify(&verifier, &headers, &body[..])?;
//!     let callback = verified.callback();
//!     let key = callback.dedup_key().expect("documented types have a key");
//!     if seen.insert_if_new(&key).await? {
//!         if let Some(Settlement::Incoming(money)) = callback.settlement() {
//!             assert_eq!(money.to_string(), "6.5119800 BTC"); // credited once
//!         }
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
#![deny(missing_docs)]

#[cfg(feature = "axum")]
pub mod axum;
mod callback;
mod dedup;
mod error;
#[cfg(feature = "inbox")]
pub mod inbox;
mod parse;
mod seen;
#[cfg(feature = "axum")]
mod serve;
mod settlement;
mod status;
mod verified;

pub use callback::{Callback, UnknownCallback};
pub use dedup::{DedupKey, DedupScope};
pub use error::{CallbackError, JsonKind};
pub use seen::{InMemorySeenKeys, SeenKeys};
#[cfg(feature = "axum")]
pub use serve::{ServeConfig, serve};
pub use settlement::{Money, Settlement};
pub use status::CallbackStatus;
pub use verified::VerifiedCallback;

pub use alphapo_auth::{
    DEFAULT_MAX_BODY_BYTES, KEY_HEADER, SIGNATURE_HEADER, Verifier, VerifyError, testing,
};

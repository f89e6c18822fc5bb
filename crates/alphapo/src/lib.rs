//! The AlphaPo SDK: a typed client for the AlphaPo (CoinsPaid) crypto
//! payments API with signed requests, safe retries and verified callbacks.
//!
//! - [`Client`] (built with [`Client::builder`]) has one method per API
//!   operation. Arguments are checked before anything is sent, every attempt
//!   is signed over the exact bytes it sends, and each method returns the
//!   unwrapped `data` of the response.
//! - [`Error`] tells a caller what to do next: fix an argument, check the
//!   credentials, wait, retry, or reconcile a call that
//!   [may have been sent](Error::may_have_been_sent).
//! - Read-only calls are retried on connection failures, 429 and
//!   502/503/504; calls that move money are retried only when the request
//!   provably had no effect: it never left, or was refused with 429
//!   ([`RetryPolicy`]).
//! - [`types`] are the request and response types generated from the
//!   OpenAPI document; amounts are exact ([`Amount`]), and unknown fields and
//!   enum values from the server never break parsing.
//!
//! ```no_run
//! use alphapo::{Client, Credentials, Environment, ErrorKind, types};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("api-key", "api-secret")?)
//!     .environment(Environment::CoinsPaidSandbox)
//!     .build()?;
//!
//! let request = types::InvoiceCreateRequest::builder()
//!     .timer(false)
//!     .title("Order 1001")
//!     .currency("EUR")
//!     .amount("100.00".parse::<alphapo::Amount>()?)
//!     .foreign_id("order-1001")
//!     .end_user_reference("customer-42")
//!     .url_success("https://shop.example.com/paid")
//!     .url_failed("https://shop.example.com/failed");
//! match client.create_invoice(request).await {
//!     Ok(invoice) => println!("send the payer to {}", invoice.url),
//!     Err(error) => match error.kind() {
//!         ErrorKind::InvalidArgument { field, reason } => eprintln!("{field}: {reason}"),
//!         ErrorKind::Validation { errors } => eprintln!("rejected: {errors:?}"),
//!         _ if error.may_have_been_sent() => eprintln!("outcome unknown: wait for the callback"),
//!         _ => eprintln!("{error}"),
//!     },
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Layers, each using only those below it (`cargo xtask cycles` fails on a
// circle):
// 1. `operation`, `answer`, `auth_code`, `store`: facts of an operation, the
//    API's answer envelope, its auth codes, the durable stores' SQL;
// 2. `error` and `callbacks` (verifying, parsing, the inbox);
// 3. `arguments` (checking a request before it is sent);
// 4. `client` (builder, the call loop, one method per operation);
// 5. `payouts` (the outbox: client, callbacks and store together).
mod answer;
mod arguments;
mod auth_code;
pub mod callbacks;
mod client;
mod error;
mod operation;
#[cfg(feature = "inbox")]
#[cfg_attr(docsrs, doc(cfg(any(feature = "postgres", feature = "sqlite"))))]
pub mod payouts;
#[cfg(feature = "inbox")]
mod store;

pub use alphapo_auth::{Credentials, CredentialsError};
/// The operation table of the spec, the one the methods of [`Client`] are
/// made from, for tools of your own (the `alphapo` command line builds its
/// subcommands with it).
#[doc(inline)]
pub use alphapo_gen::for_each_operation;
pub use alphapo_gen::{
    Amount, AmountError, CallbackType, Confirmations, CurrencyType, EmptyRequest, FeeType, Flag,
    FlagError, InvoiceStatus, PaymentRequestStatus, StringOrInteger, TransactionStatus,
    TransferDirection, TransferKind, types,
};
pub use alphapo_gen::{BodySchema, pattern_in_words};
pub use auth_code::AuthCode;
pub use client::{
    BASE_URL_VARIABLE, BuildError, Client, ClientBuilder, ENVIRONMENT_VARIABLE, Environment,
    RetryPolicy,
};
pub use error::{Error, ErrorKind};
pub use reqwest::StatusCode;

//! An offline AlphaPo sandbox: every endpoint of `openapi/alphapo.yaml`
//! served on 127.0.0.1 with AlphaPo's behaviour, so an integration can be
//! developed and tested without an account or a network.
//!
//! - The API: the same paths, status codes (201 for creates, 200 for reads),
//!   `Content-Type`, key and signature checks with AlphaPo's exact error
//!   bodies, Laravel-style validation messages (an explicit `null` in a
//!   field the spec does not mark nullable fails like Laravel's type rules,
//!   "The convert to must be a string."; unknown fields are ignored), unique
//!   `foreign_id`s, plain `OK` on ping, and the 30-per-minute limit of `exchange/calculate`
//!   (429, `error code: 1015`). Every body read or written is a generated
//!   [`alphapo_gen::types`] type, so the sandbox cannot drift from the spec.
//! - State: balances per currency, deposit addresses, invoices with their
//!   timers, withdrawals and exchanges that move balances, payment requests,
//!   and `transactions/info` over all of them.
//! - Currencies: BTC (testnet), ETH, USDTE (ERC-20), USDTT (TRC-20), XRP
//!   (with destination tags), EUR and USD. Addresses are valid for their
//!   network: BIP-173 bech32 `tb1q...` for BTC, EIP-55 checksummed `0x...`
//!   for ETH and USDTE, base58check `T...` for Tron and `r...` for XRP.
//! - Fees, as `currencies/list` lists them (`deposit_fee_percent` and
//!   `withdrawal_fee_percent` read as fractions, `0.01` = 1 %): a deposit
//!   pays the deposited currency's deposit fee out of what it credits (a
//!   converting deposit also the exchange fee, 0.5 %); a withdrawal pays the
//!   withdrawn currency's withdrawal fee (and the exchange fee when it
//!   converts) on top of its amount; an exchange pays 0.5 % of what it
//!   sells; an invoice pays the payment currency's deposit fee out of what
//!   it credits. Every callback lists them in `fees` next to an
//!   `amount_minus_fee`, with `amount == amount_minus_fee + sum(fees)`
//!   exactly, and the balances move by exactly those amounts.
//! - Callbacks: signed like AlphaPo's ([`alphapo_auth::Signer`]), posted to
//!   the configured URL, retried with backoff, recorded in a
//!   [`DeliveryLog`].
//! - Driving: [`SandboxHandle`] methods (`simulate_deposit`, `pay_invoice`,
//!   `confirm_withdrawal`, ...) and the same calls over HTTP under
//!   `/_sandbox` (see [Control API](#control-api)).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use alphapo_auth::{Credentials, Signer};
//! use alphapo_gen::types;
//! use alphapo_sandbox::{Sandbox, SandboxConfig};
//!
//! let credentials = Credentials::new("key", "secret")?;
//! let mut config = SandboxConfig::new(credentials.clone());
//! config.confirmation_delay = Duration::from_millis(10);
//! let sandbox = Sandbox::start(config).await?;
//!
//! let client = alphapo_gen::Client::new(sandbox.base_url(), Some(Signer::new(&credentials)));
//! let address = client
//!     .addresses_take()
//!     .body(types::AddressTakeRequest::builder().currency("BTC").foreign_id("user-1").end_user_reference("user-1"))
//!     .send()
//!     .await?
//!     .into_inner()
//!     .data;
//!
//! sandbox.simulate_deposit(&address.address, "0.5".parse()?)?;
//! let callbacks = sandbox.deliveries().wait_for(2, Duration::from_secs(5)).await;
//! let statuses: Vec<String> = callbacks
//!     .unwrap_or_default()
//!     .iter()
//!     .map(|delivery| delivery.payload.status().to_owned())
//!     .collect();
//! assert_eq!(statuses, ["not_confirmed", "confirmed"]);
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Control API
//!
//! The driving calls over HTTP, for the CLI and other languages (no
//! authentication: the sandbox only ever listens on loopback):
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `POST /_sandbox/deposits` | `{"address", "amount"}` | 201, a [`DepositReceipt`] |
//! | `GET /_sandbox/invoices/{id}` | | 200, the invoice (its `url`) |
//! | `POST /_sandbox/invoices/{id}/payments` | `{"amount"}` | 200, `{"status"}` |
//! | `POST /_sandbox/invoices/{id}/expire` | | 200, `{"status"}` |
//! | `POST /_sandbox/withdrawals/{id}/confirm` | | 200, `{"status"}` |
//! | `POST /_sandbox/withdrawals/{id}/cancel` | | 200, `{"status"}` |
//! | `GET /_sandbox/payment-requests/{id}` | | 200, the payment request |
//! | `POST /_sandbox/payment-requests/{id}/payments` | `{"amount"}` | 200, `{"status"}` |
//! | `POST /_sandbox/payment-requests/{id}/expire` | | 200, `{"status"}` |
//! | `GET /_sandbox/balances` | | 200, the balances |
//! | `GET /_sandbox/callbacks` | | 200, every [`Delivery`] |
//!
//! Errors are `{"error", "code"}` with 404 (unknown object), 400 (amount
//! not positive) or 409 (wrong state). A body the control API cannot read
//! is answered the same way: 400 `malformed_request` (not JSON, or a bad
//! path id), 415 `unsupported_media_type` (not `application/json`), 422
//! `invalid_body` (missing or mistyped fields).
//!
//! # Limits
//!
//! Slow or idle clients cannot hold the sandbox; each limit is a field of
//! [`Limits`] (`SandboxConfig::limits`):
//!
//! | limit | default | past it |
//! |---|---|---|
//! | `header_read_timeout`: the request line and headers must arrive within, counted from the connection's start or the end of its previous response | 30 s | the connection is closed |
//! | `body_read_timeout`: the body must arrive within, counted from the end of the headers | 10 s | 408 `{"error", "code": "request_timeout"}`, then the connection is closed |
//! | `keep_alive_timeout`: a kept-alive connection may wait for its next request | 20 s | the connection is closed |
//! | `max_connections`: connections open at once | 4,096 | new connections wait in the listen queue until one closes |
//!
//! Excess connections wait rather than being refused, so a burst is served
//! late rather than failed; a waiting client is held up by at most the
//! header deadline of the slow clients ahead of it.
//! [`SandboxHandle::open_connections`] tells how many are open.
//!
//! A request body over 2 MiB, on the API or the control API, gets 413 with
//! `{"error": "The request body is larger than 2097152 bytes.", "code":
//! "request_too_large"}`, before any signature check (as a front proxy
//! would refuse it). A request on which the client broke off its body gets
//! 400 `malformed_request`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod auth;
mod body_deadline;
mod callbacks;
mod catalog;
mod chain;
mod clock;
mod config;
mod connections;
mod control;
mod engine;
mod error;
mod fallback;
mod limits;
mod rate_limit;
mod reply;
mod server;
mod state;
mod timers;
mod validation;

pub use callbacks::{Attempt, CallbackPayload, Delivery, DeliveryLog, DeliveryOutcome};
pub use clock::Clock;
pub use config::{RateLimit, RedeliverySchedule, SandboxConfig};
pub use error::{DriveError, SandboxError};
pub use limits::Limits;
pub use server::{Sandbox, SandboxHandle};
pub use state::DepositReceipt;

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
//!   `confirm_withdrawal`, `decline_withdrawal`, ...) and the same calls
//!   over HTTP under `/_sandbox` (see [Control API](#control-api)).
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
//! | `GET /_sandbox/` | | 200, the dashboard (HTML; see [Pages](#pages)) |
//! | `GET /_sandbox/invoices/{id}` | | 200, the invoice (its `url`); a page for a browser |
//! | `GET /_sandbox/invoices/{id}/checkout` | | 200, what its page shows now |
//! | `POST /_sandbox/invoices/{id}/payments` | `{"amount"}` | 200, `{"status"}` |
//! | `POST /_sandbox/invoices/{id}/expire` | | 200, `{"status"}` |
//! | `POST /_sandbox/withdrawals/{id}/confirm` | | 200, `{"status"}` |
//! | `POST /_sandbox/withdrawals/{id}/cancel` | | 200, `{"status"}` |
//! | `POST /_sandbox/withdrawals/{id}/decline` | | 200, `{"status"}` |
//! | `GET /_sandbox/payment-requests/{id}` | | 200, the payment request; a page for a browser |
//! | `GET /_sandbox/payment-requests/{id}/checkout` | | 200, what its page shows now |
//! | `POST /_sandbox/payment-requests/{id}/payments` | `{"amount"}` | 200, `{"status"}` |
//! | `POST /_sandbox/payment-requests/{id}/expire` | | 200, `{"status"}` |
//! | `POST /_sandbox/triggers/{event}` | | 200, a [`TriggerReport`] (see [Triggers](#triggers)) |
//! | `GET /_sandbox/balances` | | 200, the balances |
//! | `GET /_sandbox/callbacks` | | 200, every [`Delivery`], pending ones included |
//! | `POST /_sandbox/callbacks/{id}/resend` | | 202, `{"id"}` of the new delivery |
//!
//! The same list, for programs (the CLI prints it): [`control_routes`].
//!
//! Errors are `{"error", "code"}` with 404 (unknown object or trigger
//! event), 400 (amount not positive) or 409 (wrong state, or a trigger step
//! refused). A body the control API cannot read
//! is answered the same way: 400 `malformed_request` (not JSON, or a bad
//! path id), 415 `unsupported_media_type` (not `application/json`), 422
//! `invalid_body` (missing or mistyped fields).
//!
//! # Pages
//!
//! For people, in a browser (any request whose `Accept` names `text/html`;
//! API clients, with `application/json` or no `Accept`, keep the JSON):
//!
//! - **Checkout pages.** An invoice's `url` and a payment request's
//!   `payment_link` open a hosted page as AlphaPo's do: the title, the amount
//!   and currency, what to send and to which address with its QR code (SVG,
//!   drawn by the sandbox), the countdown of the timer by the sandbox's
//!   [`Clock`] (so [`SandboxHandle::advance_clock`] moves it), and the live
//!   status (polled every second from `.../checkout`). Buttons act as the
//!   payer through the control routes: pay exactly, pay part, overpay, pay
//!   another amount, let it expire. Once the payment is final the page takes
//!   the payer to `url_success` (confirmed invoice, paid payment request) or
//!   `url_failed` (failed invoice, expired or failed payment request; a
//!   payment request without them goes back to its `url_store`). Those are
//!   the merchant's URLs exactly as given, which the API only takes as
//!   https on a domain name: to land on a shop running locally, point that
//!   domain at it (a hosts-file entry, or the browser's request routing as
//!   the browser test does).
//! - **The dashboard** at `/_sandbox/`: balances, deposit addresses,
//!   deposits, invoices and payment requests (with links to their pages),
//!   withdrawals (with confirm, cancel and decline buttons), exchanges, and
//!   every callback delivery, pending ones included, with each attempt's
//!   time, target, HTTP status or error, and a resend button. It refreshes
//!   itself every 1.5 s, keeping the keyboard focus.
//!
//! The pages are server-rendered HTML that escapes every value (titles and
//! descriptions come from requests); their stylesheet and scripts are
//! served from `/_sandbox/assets/`, nothing comes from elsewhere, and a
//! `Content-Security-Policy` allows nothing else.
//!
//! # Triggers
//!
//! [`SandboxHandle::trigger`] (and `POST /_sandbox/triggers/{event}`, and
//! `alphapo trigger <event>`) creates what an outcome needs and drives it
//! there at once, as `stripe trigger` does: `deposit`, `invoice-paid`,
//! `withdrawal-declined`, ... [`EVENTS`] is the list, each event with what
//! it creates and the callbacks it causes (`alphapo trigger --help` prints
//! it).
//!
//! # Live feed
//!
//! [`SandboxHandle::events`] subscribes to a broadcast of [`SandboxEvent`]s:
//! one per answered request (method, path, status, latency) and one per
//! callback delivery attempt (type, status, id, target, HTTP status or
//! error, attempt number, the wait before the next one), or one per
//! callback not sent when no callback URL is set. `alphapo sandbox` prints
//! their [`Display`](std::fmt::Display) lines; they serialize to JSON for a
//! live page. No event holds a body, key, signature or secret, and a
//! callback target is shown without its user name, password and query.
//!
//! # Limits
//!
//! A request body over 2 MiB, on the API or the control API, gets 413 with
//! `{"error": "The request body is larger than 2097152 bytes.", "code":
//! "request_too_large"}`, before any signature check (as a front proxy
//! would refuse it).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod auth;
mod callbacks;
mod chain;
mod clock;
mod config;
mod control;
mod engine;
mod error;
mod events;
mod fallback;
mod pages;
mod rate_limit;
mod reply;
mod server;
mod state;
mod timers;
mod triggers;
mod validation;

pub use callbacks::{Attempt, CallbackPayload, Delivery, DeliveryLog, DeliveryOutcome};
pub use clock::Clock;
pub use config::{RateLimit, RetryPolicy, SandboxConfig};
pub use control::{ControlRoute, control_routes};
pub use error::{DriveError, SandboxError};
pub use events::{ApiRequest, CallbackAttempt, CallbackRef, SandboxEvent};
pub use server::{Sandbox, SandboxHandle};
pub use state::DepositReceipt;
pub use triggers::{
    EVENTS, ExpectedCallback, TriggerDefinition, TriggerEvent, TriggerReport, TriggeredObject,
    UnknownTrigger,
};

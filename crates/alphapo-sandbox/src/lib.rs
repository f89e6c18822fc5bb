//! An offline AlphaPo sandbox: every endpoint of `openapi/alphapo.yaml`
//! served on 127.0.0.1 with AlphaPo's behaviour, so an integration can be
//! developed and tested without an account or a network.
//!
//! - The API: the same paths, status codes (201 for creates, 200 for reads),
//!   `Content-Type`, key and signature checks with AlphaPo's exact error
//!   bodies, Laravel-style validation messages (every missing field named
//!   in one answer; an explicit `null` in a field the spec does not mark
//!   nullable fails like Laravel's type rules, "The convert to must be a
//!   string."; unknown fields are ignored; other shape errors come one at a
//!   time, where Laravel would list them all), unique
//!   `foreign_id`s, plain `OK` on ping, and the 30-per-minute limit of `exchange/calculate`
//!   (429, `error code: 1015`). Every body read or written is a generated
//!   [`alphapo_gen::types`] type, so the sandbox cannot drift from the spec.
//! - State: balances per currency, deposit addresses, invoices with their
//!   timers (`invoices/{foreign_id}/cancel/` fails an open one, with its
//!   `invoice` callback), withdrawals (instant ones too) and exchanges that
//!   move balances, payment requests, and `transactions/info` over all of
//!   them.
//! - Currencies: BTC (testnet), ETH, USDTE (ERC-20), USDTT (TRC-20), XRP
//!   (with destination tags), BCH, LTC and DOGE (testnet), EUR and USD.
//!   Addresses are valid for their network: BIP-173 bech32 `tb1q...` for
//!   BTC and `tltc1q...` for LTC, CashAddr `bchtest:q...` for BCH, EIP-55
//!   checksummed `0x...` for ETH and USDTE, base58check `T...` for Tron,
//!   `r...` for XRP and `n...` for DOGE.
//! - Fees, as `currencies/list` lists them (`deposit_fee_percent` and
//!   `withdrawal_fee_percent` read as fractions, `0.01` = 1 %): a deposit
//!   pays the deposited currency's deposit fee out of what it credits (a
//!   converting deposit also the exchange fee, 0.5 %); a withdrawal pays the
//!   withdrawn currency's withdrawal fee (and the exchange fee when it
//!   converts) on top of its amount, and an instant withdrawal the network
//!   fee besides (`mining`: 0.00005 BTC, 0.0005 BCH, 0.001 LTC or 1 DOGE,
//!   converted into the debited currency; AlphaPo offers them for BTC, BCH,
//!   LTC and DOGE only, and the sandbox refuses the other currencies); an
//!   exchange pays 0.5 % of what it
//!   sells; an invoice pays the payment currency's deposit fee out of what
//!   it credits. Every callback lists them in `fees`. As in AlphaPo's
//!   payloads, only deposits also carry a `currency_received.amount_minus_fee`
//!   (what was credited), with `amount == amount_minus_fee + sum(fees)`
//!   exactly; a withdrawal answers and calls back with `sender_amount` and
//!   `currency_sent.amount` equal to its `amount` (0.001 BTC sent is
//!   `"0.00100000"`, the fees debited besides it). The balances move by
//!   exactly those amounts.
//! - Callbacks: in the documented payloads' shape (`"txid": null` and
//!   `"tag": null` on a blockchain leg without them, empty `fees` and
//!   `transactions` arrays), signed like AlphaPo's
//!   ([`alphapo_auth::Signer`]), posted to the configured URL, each retried
//!   on its own course on AlphaPo's schedule ([`RedeliverySchedule`]: 12
//!   retries, after 1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240 and 240
//!   minutes) so one being retried delays no other, recorded in a
//!   [`DeliveryLog`]. The first attempt of a callback waits only for the
//!   first attempt of the one caused before it about the same object (so a
//!   receiver that answers sees an object's callbacks in order); at most 64
//!   attempts are under way at once.
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
//! | `POST /_sandbox/invoices/{id}/currency` | `{"currency"}` | 200, the invoice with its address and amount to pay (only while the payer may pick: no `sender_currency` given, no address yet) |
//! | `POST /_sandbox/invoices/{id}/expire` | | 200, `{"status"}` |
//! | `POST /_sandbox/invoices/{id}/cancel` | | 200, `{"status"}` |
//! | `GET /_sandbox/withdrawals` | | 200, every withdrawal, newest first: `[{"id", "foreign_id", "amount", "currency", "status"}]` (`amount` in `currency`, before fees) |
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
//! | `GET /_sandbox/events` | `?reads=true` adds the pages' and control API's reads | 200, the live log streamed as text lines, one per [`SandboxEvent`] (its `Display`), until the client leaves or the sandbox stops; a reader that falls 1024 events behind misses the oldest and is told how many |
//! | `GET /_sandbox/faults` | | 200, the armed [`Fault`]s |
//! | `POST /_sandbox/faults` | a [`Fault`], its text form as a JSON string or `{"fault": TEXT}`, or that text alone | 201, the armed [`Fault`]s |
//! | `DELETE /_sandbox/faults` | | 204 (a held callback goes out) |
//! | `GET /_sandbox/clock` | | 200, `{"unix_time", "elapsed_seconds"}` |
//! | `POST /_sandbox/clock/advance` | `{"seconds"}` | 200, the clock after the timers that came due ran |
//!
//! The same list, for programs (the CLI prints it): [`control_routes`].
//!
//! Errors are `{"error", "code"}` with 404 (unknown object, trigger
//! event or crypto currency), 400 (amount not positive), 409 (wrong state, or a trigger step
//! refused), 422 `amount_too_large` (an amount over 10^18, the bound of the
//! API's request amounts), 422 `amount_overflow` (a total the sandbox cannot
//! hold) or 422 `invalid_fault` (a fault that cannot strike: see
//! [`FaultError`]). A body the control API cannot read
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
//!   and currency (fiat with its minor units, `25.00 EUR`; crypto with 8
//!   decimals), what to send and to which address with its QR code (SVG,
//!   drawn by the sandbox), the countdown of the timer by the sandbox's
//!   [`Clock`] (so [`SandboxHandle::advance_clock`] moves it), and the live
//!   status (polled every second from `.../checkout`). An invoice created
//!   without `sender_currency` first lets the payer pick the crypto
//!   currency to pay in, as AlphaPo's page does; the address and amount
//!   follow. Buttons act as the payer through the control routes: pay
//!   exactly, pay part, overpay, pay another amount, let it expire. Once the
//!   payment is final, where AlphaPo's page would redirect the payer to
//!   `url_success` (confirmed invoice, paid payment request) or `url_failed`
//!   (failed invoice, expired or failed payment request; a payment request
//!   without them goes back to its `url_store`), the sandbox's page stops
//!   on a notice that names that URL with a link to follow: in local
//!   testing a shop's URL usually does not resolve (the API takes only
//!   https on a domain name; to land on a shop running locally, point that
//!   domain at it, with a hosts-file entry or the browser's request routing
//!   as the browser test does).
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
//! # Fault injection
//!
//! To test retry, timeout and reconcile code, and a merchant's callback
//! handling, the sandbox fails on purpose. A [`Fault`] names a target (an
//! `operationId` of the spec, `*` for every API operation, or `callbacks`),
//! a mode and optionally how many times it strikes (`times`; without it,
//! until cleared) and how often (`rate`, a probability: without it, every
//! matching call). Arm one from Rust ([`SandboxHandle::inject`], then
//! [`SandboxHandle::faults`], [`SandboxHandle::clear_faults`]), over HTTP
//! (`POST`, `GET`, `DELETE /_sandbox/faults`) or when starting the CLI
//! (`alphapo sandbox --fault TARGET=MODE[:ARG][,times=N][,rate=P]`,
//! repeatable). The first armed fault that matches a call strikes it;
//! `ping` and the control API are never struck. A fault with a `rate`
//! matches only when it wins a draw: each call draws once per armed
//! matching fault with a rate, in arming order, until one wins, from a
//! generator seeded with [`SandboxConfig::fault_seed`] (`alphapo sandbox
//! --fault-seed N`), so several rate faults on one operation each strike
//! some calls, and the same seed, faults and sequence of calls strike the
//! same calls. The listed faults tell how many calls each `struck`.
//!
//! | mode (text form) | JSON (`POST /_sandbox/faults`) | what the client or merchant sees |
//! |---|---|---|
//! | `5xx[:STATUS]` | `{"target", "mode": "5xx", "status": 503}` | `STATUS` (500-599, default 503) with nginx's `text/html` error page, as a load balancer answers; nothing happens |
//! | `5xx-after-commit[:STATUS]` | `{"target", "mode": "5xx-after-commit", "status": 503}` | the call takes effect (the object exists, balances move, callbacks go out), then the same `STATUS` page as `5xx` |
//! | `429[:SECONDS]` | `{"target", "mode": "429", "retry_after": 1}` | 429 with `Retry-After: SECONDS` (default 1) and `error code: 1015`; nothing happens |
//! | `latency:MILLIS` | `{"target", "mode": "latency", "millis"}` | the normal answer, `MILLIS` later on the sandbox's [`Clock`] (paused tokio time, or an advance of a frozen clock, passes it at once) |
//! | `drop-before-commit` | `{"target", "mode": "drop-before-commit"}` | the connection closes with no answer (EOF); nothing happens |
//! | `drop-after-commit` | `{"target", "mode": "drop-after-commit"}` | the call takes effect (the object exists, balances move, callbacks go out), then the connection closes with no answer |
//! | `fail-delivery[:N]` | `{"target": "callbacks", "mode": "fail-delivery", "attempts": 1}` | the first `N` attempts of each callback are posted as usual but count as failed whatever the merchant answers, so the merchant gets it `N` more times on the retry schedule; each such [`Attempt`] names the fault in `fault` |
//! | `deliver-twice` | `{"target": "callbacks", "mode": "deliver-twice"}` | each callback a second time, the same body and signature; the repeat's [`Delivery::fault`] is `deliver-twice` |
//! | `out-of-order` | `{"target": "callbacks", "mode": "out-of-order"}` | a callback is held back and delivered right after the next one's first attempt (a deposit's `confirmed` before its `not_confirmed`), its [`Delivery::fault`] `out-of-order`; clearing the faults releases a held callback |
//!
//! `times` counts calls for the API modes and callbacks for the callback
//! modes (with `fail-delivery`, the callbacks whose first attempts fail);
//! `rate` is written `,rate=0.05` in the text form and `"rate": 0.05` in
//! JSON (above 0, at most 1, 6 decimals at most).
//! A callback is struck by the faults armed when it is caused.
//!
//! A connection is dropped by answering with a body that fails before its
//! first byte: hyper then closes the connection without writing a status
//! line, so a client reads EOF where the answer should be (reqwest:
//! "connection closed before message completed"; the SDK: "may have been
//! sent").
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use alphapo_auth::{Credentials, Signer};
//! use alphapo_sandbox::{Sandbox, SandboxConfig};
//!
//! let credentials = Credentials::new("key", "secret")?;
//! let sandbox = Sandbox::start(SandboxConfig::new(credentials.clone())).await?;
//! sandbox.inject("accounts_list=drop-after-commit,times=1".parse()?)?;
//! sandbox.inject("callbacks=fail-delivery:2".parse()?)?;
//! sandbox.inject("withdrawal_crypto=5xx-after-commit,rate=0.05".parse()?)?;
//!
//! let client = alphapo_gen::Client::new(sandbox.base_url(), Some(Signer::new(&credentials)));
//! let dropped = client.accounts_list().body(alphapo_gen::EmptyRequest).send().await;
//! assert!(matches!(dropped, Err(alphapo_gen::Error::CommunicationError(_))));
//! assert_eq!(sandbox.faults().len(), 2, "the drop struck once; the others stay");
//! sandbox.clear_faults();
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # The clock
//!
//! Timestamps, timers (confirmations, withdrawals confirmed after
//! [`SandboxConfig::withdrawal_confirmation`], invoice and payment-request expiry),
//! rate-limit windows, the waits between callback retries and `latency` faults all run
//! on the sandbox's [`Clock`]. A test sets [`Clock::frozen_at`] in
//! [`SandboxConfig::clock`] (the CLI: `alphapo sandbox --frozen-clock`) and
//! moves it with [`SandboxHandle::advance_clock`] or `POST
//! /_sandbox/clock/advance {"seconds": N}`: every timer that came due runs
//! before the call returns, and a callback retry that came due is sent at
//! once. A 15-minute invoice expires without waiting 15 minutes, a callback
//! goes through its 24-hour retry schedule in 12 advances, and neither
//! depends on the machine's speed.
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
//!
//! The one exception to JSON errors is a request whose HTTP/1.1 framing is
//! broken: two different `Content-Length`s, a negative one, bytes a header
//! may not hold, or a request line and headers over hyper's buffer (about
//! 400 KiB). hyper, the HTTP server underneath, answers these itself before
//! any route runs, and offers no hook to word them: the answer is a bare
//! status line (400 `Bad Request`, or 431 `Request Header Fields Too Large`
//! for the oversized headers) with `content-length: 0`, then the connection
//! is closed. Such a request never reaches AlphaPo's checks either (a front
//! proxy refuses it the same way).
//!
//! # Layers
//!
//! The source is layered in folders, and every import points down: a
//! layer uses only the layers below it, never one above, and no module
//! imports from a module that imports it back (`cargo xtask cycles` checks
//! every crate). `lib.rs` only declares the layers and re-exports the
//! public API. Bottom to top:
//!
//! | layer | what it holds | may use |
//! |---|---|---|
//! | `world/` | balances, deposit addresses, invoices, withdrawals, exchanges, payment requests, fees, transactions, the currency catalog, chain address formats (`chain/`), the clock, the trigger events' names, the callbacks a change causes | nothing of the crate outside itself |
//! | `delivery/` | callback bodies as AlphaPo writes them, signing, the retry schedule, the dispatcher and its log; the seams it reports through and is bent by (`report.rs`: `Witness`, `CallbackFaults`) | `world/` |
//! | `runtime/` | the engine every handler runs on: the world under its lock, the callbacks it causes handed to delivery, the timers of its follow-ups on the clock; the seam a failed timer is reported through (`report.rs`: `TimerWitness`) | `world/`, `delivery/` |
//! | `api/` | AlphaPo's routes: parse, validate (`validation/`), apply to the world, word refusals as Laravel, reply; key and signature checks, the rate limit; the seam the armed faults strike calls through (`strike.rs`: `CallFaults`) | `world/`, `runtime/` |
//! | `workbench/` | control routes (`control/`), pages, triggers, faults (which implement `CallFaults` and `CallbackFaults`), the live feed (which implements `Witness` and `TimerWitness`) | `world/`, `delivery/` (the log, the seams), `runtime/`, `api/` (validation, replies, the operation table, the fault seam) |
//! | `server/` | connections and their limits, body deadlines, the fallback, the configuration, and the assembly: [`Sandbox`] and [`SandboxHandle`], which build the runtime and the API's and the workbench's states and wire the workbench into the seams below | everything below |
//!
//! A lower layer learns of a higher one only through a seam it defines
//! itself (a trait the higher layer implements and the server wires in),
//! so what it calls is given to it, never imported.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod delivery;
mod runtime;
mod server;
mod workbench;
mod world;

pub use api::RateLimit;
pub use delivery::{
    Attempt, CallbackAttempt, CallbackRef, Delivery, DeliveryLog, DeliveryOutcome,
    RedeliverySchedule,
};
pub use runtime::TimerFailure;
pub use server::{Limits, Sandbox, SandboxConfig, SandboxError, SandboxHandle};
pub use workbench::control::{ControlRoute, control_routes};
pub use workbench::events::{ABANDONED, ApiRequest, SandboxEvent, missed_line};
pub use workbench::faults::{Fault, FaultError, FaultMode, FaultTarget, StrikeRate};
pub use workbench::triggers::{TriggerReport, TriggeredObject};
pub use world::{
    CallbackPayload, Clock, DepositReceipt, DriveError, EVENTS, ExpectedCallback,
    TriggerDefinition, TriggerEvent, UnknownTrigger,
};

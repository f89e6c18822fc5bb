//! Starting and stopping a sandbox, and the handle that drives it.

use std::net::SocketAddr;
use std::sync::Arc;

use alphapo_auth::{Signer, Verifier};
use alphapo_gen::{Amount, InvoiceStatus, PaymentRequestStatus, types};
use axum::Router;
use axum::middleware::from_fn_with_state;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::config::SandboxConfig;
use super::connections::{self, OpenConnections};
use super::error::SandboxError;
use super::{body_deadline, fallback};
use crate::api::{self, Api, RateLimiter};
use crate::delivery::{Courier, DeliveryLog, Dispatcher};
use crate::runtime::{Engine, Parts};
use crate::workbench::events::{Events, SandboxEvent};
use crate::workbench::faults::Faults;
use crate::workbench::faults::{Fault, FaultError};
use crate::workbench::triggers::TriggerReport;
use crate::workbench::{Workbench, control, pages, requests};
use crate::world::World;
use crate::world::{Clock, DepositReceipt, DriveError, TriggerEvent};

/// The entry point: [`Sandbox::start`].
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// Binds the configured loopback address and serves the AlphaPo API and
    /// the `/_sandbox` control API until [`SandboxHandle::shutdown`] (or the
    /// handle is dropped).
    ///
    /// # Errors
    ///
    /// A non-loopback bind address, an unknown currency in the initial
    /// balances, a callback URL that is not http(s), or a socket that cannot
    /// be bound.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use alphapo_sandbox::{Sandbox, SandboxConfig};
    ///
    /// let credentials = alphapo_auth::Credentials::new("key", "secret")?;
    /// let sandbox = Sandbox::start(SandboxConfig::new(credentials)).await?;
    /// let client = alphapo_gen::Client::new(
    ///     sandbox.base_url(),
    ///     Some(alphapo_auth::Signer::new(&alphapo_auth::Credentials::new("key", "secret")?)),
    /// );
    /// let balances = client.accounts_list().body(alphapo_gen::EmptyRequest).send().await?;
    /// assert!(!balances.data.is_empty());
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        config.validate()?;
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(SandboxError::Bind)?;
        let local_addr = listener.local_addr().map_err(SandboxError::Bind)?;
        let base_url = format!("http://{local_addr}");
        let (shutdown, shutdown_signal) = watch::channel(false);
        let client = reqwest::Client::builder()
            .build()
            .map_err(SandboxError::CallbackClient)?;
        let log = DeliveryLog::default();
        let events = Events::default();
        let faults = Faults::new(api::operation_ids(), config.fault_seed);
        let dispatcher = Dispatcher::start(
            Courier {
                client,
                url: config.callback_url.clone(),
                signer: Signer::new(&config.credentials),
                retry: config.callback_retry.clone(),
                clock: config.clock.clone(),
                log: log.clone(),
                witness: Arc::new(events.clone()),
                faults: Arc::new(faults.clone()),
            },
            shutdown_signal.clone(),
        );
        let engine = Engine::start(
            Parts {
                world: World::new(
                    base_url.clone(),
                    config.clock.clone(),
                    config.invoice_ttl,
                    &config.initial_balances,
                ),
                dispatcher,
                log,
                witness: Arc::new(events.clone()),
                clock: config.clock.clone(),
                confirmation_delay: config.confirmation_delay,
                withdrawal_confirmation: config.withdrawal_confirmation,
                invoice_ttl: config.invoice_ttl,
            },
            shutdown_signal.clone(),
        );
        let api = Api {
            engine: Arc::clone(&engine),
            verifier: Verifier::new(&config.credentials),
            calculate_limit: RateLimiter::new(config.calculate_rate_limit, config.clock.clone()),
            faults: Arc::new(faults.clone()),
        };
        let workbench = Workbench {
            engine,
            events,
            faults,
            stopping: shutdown_signal.clone(),
        };
        let app = router(
            Arc::new(api),
            workbench.clone(),
            config.limits.body_read_timeout,
        );
        let open = OpenConnections::default();
        let server = tokio::spawn(connections::serve(
            listener,
            app,
            config.limits,
            open.clone(),
            shutdown_signal,
        ));
        tracing::info!(%base_url, "AlphaPo sandbox listening");
        Ok(SandboxHandle {
            workbench,
            clock: config.clock,
            local_addr,
            base_url,
            open,
            shutdown,
            server,
        })
    }
}

/// The full router: the API, the control API, and AlphaPo's answers to any
/// other path or method (see [`fallback`]). Every body is read within
/// `body_read_timeout` (408 past it) and bodies over
/// [`MAX_BODY_BYTES`](crate::api::reply::MAX_BODY_BYTES) are
/// refused with a JSON 413, before any handler runs. Every answer, those
/// included, is reported on the event feed.
fn router(api: Arc<Api>, workbench: Workbench, body_read_timeout: std::time::Duration) -> Router {
    api::routes()
        .merge(control::routes().with_state(workbench.clone()))
        .merge(pages::routes().with_state(workbench.clone()))
        .fallback(fallback::unknown_path)
        .method_not_allowed_fallback(fallback::wrong_method)
        .with_state(api)
        .layer(from_fn_with_state(
            body_read_timeout,
            body_deadline::read_body,
        ))
        .layer(from_fn_with_state(workbench, requests::record_requests))
}

/// A running sandbox: its address, the driving calls and the callback log.
/// Dropping it stops the sandbox too, without waiting.
#[derive(Debug)]
pub struct SandboxHandle {
    /// The runtime, the live feed and the fault set the handle drives.
    workbench: Workbench,
    clock: Clock,
    local_addr: SocketAddr,
    base_url: String,
    open: OpenConnections,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl SandboxHandle {
    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no
    /// trailing slash; the spec's paths start with `/api/...`).
    ///
    /// See [`Sandbox::start`] for an example.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the sandbox listens on.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.local_addr().ip().is_loopback());
    /// # }
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// How many client connections are open now (at most
    /// [`Limits::max_connections`](crate::Limits::max_connections)); back to
    /// 0 once every client has closed or been cut by a deadline.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// println!("{} connections open", handle.open_connections());
    /// # }
    /// ```
    pub fn open_connections(&self) -> usize {
        self.open.count()
    }

    /// Stops accepting, closes every connection once its request in flight
    /// (if any) is answered, and waits for that; timers and pending callback
    /// deliveries are dropped.
    ///
    /// See [`Sandbox::start`] for an example.
    pub async fn shutdown(self) {
        self.shutdown.send_replace(true);
        if let Err(error) = (&mut { self }.server).await {
            tracing::warn!(%error, "sandbox server task failed");
        }
    }

    /// The sandbox's clock (see [`Clock`]).
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// println!("the sandbox thinks it is {}", handle.clock().unix_now());
    /// # }
    /// ```
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Moves the sandbox's clock forward by `by` and runs every timer that
    /// came due (confirmations, invoice and payment-request expiry) before
    /// returning; callback retries waiting on a backoff are woken too. A
    /// 15-minute invoice timer expires at once:
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use alphapo_sandbox::{Clock, Sandbox, SandboxConfig};
    ///
    /// let mut config = SandboxConfig::new(alphapo_auth::Credentials::new("key", "secret")?);
    /// config.clock = Clock::frozen_at(1_700_000_000);
    /// let sandbox = Sandbox::start(config).await?;
    /// sandbox.advance_clock(Duration::from_secs(15 * 60));
    /// assert_eq!(sandbox.clock().unix_now(), 1_700_000_900);
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.workbench.engine.advance_clock(by);
    }

    /// Arms a fault (see [Fault injection](crate#fault-injection)): the
    /// next calls of an operation, or the next callbacks, fail the way it
    /// says. Faults armed earlier strike first.
    ///
    /// # Errors
    ///
    /// [`FaultError`] when the target names no operation, or the mode does
    /// not fit the target or has an argument out of range.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use alphapo_sandbox::{Fault, FaultMode, FaultTarget, Sandbox, SandboxConfig};
    ///
    /// let credentials = alphapo_auth::Credentials::new("key", "secret")?;
    /// let sandbox = Sandbox::start(SandboxConfig::new(credentials.clone())).await?;
    /// sandbox.inject(Fault::new(FaultTarget::AllOperations, FaultMode::ServerError { status: 502 }).times(1))?;
    ///
    /// let client = alphapo_gen::Client::new(sandbox.base_url(), Some(alphapo_auth::Signer::new(&credentials)));
    /// let failed = client.accounts_list().body(alphapo_gen::EmptyRequest).send().await;
    /// assert_eq!(failed.map(|_| ()).unwrap_err().status().map(|s| s.as_u16()), Some(502));
    /// assert!(client.accounts_list().body(alphapo_gen::EmptyRequest).send().await.is_ok());
    /// assert!(sandbox.faults().is_empty());
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) -> Result<(), FaultError> {
        self.workbench.faults.arm(fault)
    }

    /// The armed faults, in the order they strike, each `times` counting
    /// what is left.
    ///
    /// ```
    /// # fn demo(handle: alphapo_sandbox::SandboxHandle) -> Result<(), alphapo_sandbox::FaultError> {
    /// handle.inject("callbacks=deliver-twice,times=2".parse()?)?;
    /// assert_eq!(handle.faults()[0].times, Some(2));
    /// # Ok(()) }
    /// ```
    pub fn faults(&self) -> Vec<Fault> {
        self.workbench.faults.list()
    }

    /// Disarms every fault; a callback held back by `out-of-order` goes
    /// out now.
    ///
    /// ```
    /// # fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// handle.clear_faults();
    /// assert!(handle.faults().is_empty());
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        self.workbench.faults.clear();
    }

    /// Every callback delivery so far, and a way to wait for more.
    ///
    /// See [`DeliveryLog`] for an example.
    pub fn deliveries(&self) -> DeliveryLog {
        self.workbench.engine.log.clone()
    }

    /// Sends delivery `id`'s callback again (the same signed body), as a
    /// new delivery at the end of the queue, with its own attempts; returns
    /// the new delivery's id.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownCallback`].
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// if let Ok(again) = handle.resend_callback(1) {
    ///     println!("callback 1 resent as delivery {again}");
    /// }
    /// assert!(handle.resend_callback(0).is_err());
    /// # }
    /// ```
    pub fn resend_callback(&self, id: u64) -> Result<u64, DriveError> {
        self.workbench.engine.resend(id)
    }

    /// Creates what `event` needs and drives it to its outcome at once, as
    /// `stripe trigger` does: confirmations do not wait for the
    /// confirmation delay, and an expiry ends its invoice or payment
    /// request now (the sandbox's clock is left alone, so the timestamps of
    /// everything else stay true). The report lists the objects created and
    /// the callbacks caused, which are then sent as usual.
    ///
    /// # Errors
    ///
    /// [`DriveError::Refused`] when a step is refused as the API would
    /// refuse it (a balance too low for a withdrawal or an exchange).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use alphapo_sandbox::{Sandbox, SandboxConfig, TriggerEvent};
    ///
    /// let sandbox = Sandbox::start(SandboxConfig::new(alphapo_auth::Credentials::new("key", "secret")?)).await?;
    /// let report = sandbox.trigger(TriggerEvent::InvoicePaid)?;
    /// assert_eq!(report.objects[0].status.as_deref(), Some("confirmed"));
    /// let statuses: Vec<&str> = report.callbacks.iter().map(|c| c.status.as_str()).collect();
    /// assert_eq!(statuses, ["processing", "confirmed"]);
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub fn trigger(&self, event: TriggerEvent) -> Result<TriggerReport, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.trigger(event))
    }

    /// The live feed: from now on, one [`SandboxEvent`] per request the
    /// sandbox answers and per callback delivery attempt (the `alphapo
    /// sandbox` live log prints them). Each subscriber gets every event; one
    /// that falls more than 1024 events behind misses the oldest and is told
    /// so once with [`RecvError::Lagged`](tokio::sync::broadcast::error::RecvError::Lagged).
    /// Events never hold a body, key, signature or secret.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxEvent};
    ///
    /// let sandbox = Sandbox::start(SandboxConfig::new(alphapo_auth::Credentials::new("key", "secret")?)).await?;
    /// let mut events = sandbox.events();
    /// reqwest::get(format!("{}/api/v2/ping", sandbox.base_url())).await?;
    /// let SandboxEvent::Request(request) = events.recv().await? else { panic!("not a request") };
    /// assert_eq!((request.path.as_str(), request.status), ("/api/v2/ping", 200));
    /// sandbox.shutdown().await;
    /// # Ok(())
    /// # }
    /// ```
    pub fn events(&self) -> tokio::sync::broadcast::Receiver<SandboxEvent> {
        self.workbench.events.subscribe()
    }

    /// The current balances (what `accounts/list` answers).
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// let btc = handle.balances().into_iter().find(|b| b.currency == "BTC");
    /// println!("{:?}", btc.map(|b| b.balance));
    /// # }
    /// ```
    pub fn balances(&self) -> Vec<types::Balance> {
        self.workbench.engine.read(|world| world.balances())
    }

    /// Simulates a blockchain deposit of `amount` to a deposit address from
    /// `addresses/take`: a `not_confirmed` callback now, then after the
    /// confirmation delay a `confirmed` one and the balance credited with
    /// the amount minus its fees (the deposit fee, and the exchange fee when
    /// the address converts). A deposit below the currency's
    /// minimum is `cancelled` at once and not credited.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownAddress`] or [`DriveError::NotPositive`].
    ///
    /// See [`DepositReceipt`] for an example.
    pub fn simulate_deposit(
        &self,
        address: &str,
        amount: Amount,
    ) -> Result<DepositReceipt, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.simulate_deposit(address, amount.value()))
    }

    /// The payer sends `amount` to an invoice, in its payment currency (its
    /// `sender_currency`, or else its `currency`). The invoice goes to
    /// `processing` (callback); once fully paid it is `confirmed` after the
    /// confirmation delay (callback) and the invoice amount, minus the
    /// payment currency's deposit fee, is credited. A
    /// partial payment leaves it waiting for the rest until it expires
    /// (`failed`). A payment to a `failed` invoice is a late payment: a
    /// `failed` callback listing it, nothing credited.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownInvoice`], [`DriveError::NotPositive`], or
    /// [`DriveError::WrongState`] for a confirmed invoice.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) -> Result<(), alphapo_sandbox::DriveError> {
    /// let status = handle.pay_invoice(100_001, "0.0013".parse().unwrap())?;
    /// assert_eq!(status, alphapo_gen::InvoiceStatus::Processing);
    /// # Ok(()) }
    /// ```
    pub fn pay_invoice(&self, id: i64, amount: Amount) -> Result<InvoiceStatus, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.pay_invoice(id, amount.value()))
    }

    /// The payer picks the currency to pay in, on an invoice created
    /// without `sender_currency`, as on its checkout page: the amount to pay
    /// is fixed at the current rate and the address handed out.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownInvoice`], [`DriveError::UnknownCurrency`] (not
    /// one of the sandbox's crypto currencies), or [`DriveError::WrongState`]
    /// when the currency is fixed already.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) -> Result<(), alphapo_sandbox::DriveError> {
    /// let invoice = handle.choose_invoice_currency(100_001, "BTC")?;
    /// assert_eq!(invoice.sender_currency.as_deref(), Some("BTC"));
    /// # Ok(()) }
    /// ```
    pub fn choose_invoice_currency(
        &self,
        id: i64,
        currency: &str,
    ) -> Result<types::Invoice, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.choose_invoice_currency(id, currency))
    }

    /// Ends an invoice still waiting for (part of) its payment now, as its
    /// timer would: `failed`, with a callback.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownInvoice`], or [`DriveError::WrongState`] when it
    /// is already settled.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.expire_invoice(-1).is_err());
    /// # }
    /// ```
    pub fn expire_invoice(&self, id: i64) -> Result<(), DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.expire_invoice(id))
    }

    /// The current state of an invoice.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownInvoice`].
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.invoice(-1).is_err());
    /// # }
    /// ```
    pub fn invoice(&self, id: i64) -> Result<types::Invoice, DriveError> {
        self.workbench.engine.read(|world| world.invoice(id))
    }

    /// A `processing` withdrawal is broadcast and confirmed: a `confirmed`
    /// callback with its txid.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownWithdrawal`], or [`DriveError::WrongState`] when
    /// it is no longer processing.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.confirm_withdrawal(-1).is_err());
    /// # }
    /// ```
    pub fn confirm_withdrawal(&self, id: i64) -> Result<(), DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.confirm_withdrawal(id))
    }

    /// A `processing` withdrawal fails: a `cancelled` callback, and the
    /// debited amount goes back to the balance.
    ///
    /// # Errors
    ///
    /// As [`SandboxHandle::confirm_withdrawal`].
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.cancel_withdrawal(-1).is_err());
    /// # }
    /// ```
    pub fn cancel_withdrawal(&self, id: i64) -> Result<(), DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.cancel_withdrawal(id))
    }

    /// A reviewer declines a `processing` withdrawal (AlphaPo's final
    /// `declined`): a `declined` callback, and the debited amount, fees
    /// included, goes back to the balance, as on a cancellation.
    ///
    /// # Errors
    ///
    /// As [`SandboxHandle::confirm_withdrawal`].
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.decline_withdrawal(-1).is_err());
    /// # }
    /// ```
    pub fn decline_withdrawal(&self, id: i64) -> Result<(), DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.decline_withdrawal(id))
    }

    /// The payer sends `amount` to a payment request, in its payment
    /// currency: `processing` (callback), then `paid` after the confirmation
    /// delay once fully paid (callback; the requested amount is credited).
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownPaymentRequest`], [`DriveError::NotPositive`],
    /// or [`DriveError::WrongState`] when it is settled.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.pay_payment_request("nope", "1".parse().unwrap()).is_err());
    /// # }
    /// ```
    pub fn pay_payment_request(
        &self,
        id: &str,
        amount: Amount,
    ) -> Result<PaymentRequestStatus, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.pay_payment_request(id, amount.value()))
    }

    /// Ends a payment request now, as its lifespan would: `expired` if
    /// nothing was received, `failed` if too little was (callback).
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownPaymentRequest`], or [`DriveError::WrongState`]
    /// when it is settled.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.expire_payment_request("nope").is_err());
    /// # }
    /// ```
    pub fn expire_payment_request(&self, id: &str) -> Result<PaymentRequestStatus, DriveError> {
        self.workbench
            .engine
            .with_world(|world| world.expire_payment_request(id))
    }

    /// The current state of a payment request.
    ///
    /// # Errors
    ///
    /// [`DriveError::UnknownPaymentRequest`].
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// assert!(handle.payment_request("nope").is_err());
    /// # }
    /// ```
    pub fn payment_request(&self, id: &str) -> Result<types::PaymentRequest, DriveError> {
        self.workbench
            .engine
            .read(|world| world.payment_request(id))
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

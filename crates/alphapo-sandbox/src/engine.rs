//! The running sandbox behind the HTTP layer and the handle: the world under
//! its lock, the callback queue, the timers and the limits.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use alphapo_auth::Verifier;
use tokio::sync::watch;

use crate::callbacks::{DeliveryLog, Dispatcher};
use crate::rate_limit::RateLimiter;
use crate::state::{Delay, FollowUp, World};

/// Shared by every request handler, timer and the handle.
#[derive(Debug)]
pub(crate) struct Engine {
    world: Mutex<World>,
    dispatcher: Dispatcher,
    pub(crate) verifier: Verifier,
    pub(crate) calculate_limit: RateLimiter,
    pub(crate) log: DeliveryLog,
    confirmation_delay: Duration,
    invoice_ttl: Duration,
    shutdown: watch::Receiver<bool>,
    runtime: tokio::runtime::Handle,
}

/// The parts an [`Engine`] is built from.
pub(crate) struct Parts {
    pub world: World,
    pub dispatcher: Dispatcher,
    pub verifier: Verifier,
    pub calculate_limit: RateLimiter,
    pub log: DeliveryLog,
    pub confirmation_delay: Duration,
    pub invoice_ttl: Duration,
    pub shutdown: watch::Receiver<bool>,
    /// Where timers run (driving calls may come from any thread).
    pub runtime: tokio::runtime::Handle,
}

impl Engine {
    pub(crate) fn new(parts: Parts) -> Arc<Self> {
        Arc::new(Self {
            world: Mutex::new(parts.world),
            dispatcher: parts.dispatcher,
            verifier: parts.verifier,
            calculate_limit: parts.calculate_limit,
            log: parts.log,
            confirmation_delay: parts.confirmation_delay,
            invoice_ttl: parts.invoice_ttl,
            shutdown: parts.shutdown,
            runtime: parts.runtime,
        })
    }

    /// Runs `operation` on the world, then queues the callbacks and starts
    /// the timers it caused, still under the lock so callbacks leave in the
    /// order their causes happened.
    pub(crate) fn with_world<T>(self: &Arc<Self>, operation: impl FnOnce(&mut World) -> T) -> T {
        let mut world = self.world.lock().unwrap_or_else(PoisonError::into_inner);
        let result = operation(&mut world);
        let (callbacks, follow_ups) = world.drain();
        for callback in callbacks {
            self.dispatcher.send(callback);
        }
        for (delay, follow_up) in follow_ups {
            self.start_timer(delay, follow_up);
        }
        result
    }

    /// Reads the world.
    pub(crate) fn read<T>(&self, view: impl FnOnce(&World) -> T) -> T {
        view(&self.world.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn start_timer(self: &Arc<Self>, delay: Delay, follow_up: FollowUp) {
        let wait = match delay {
            Delay::Confirmation => self.confirmation_delay,
            Delay::InvoiceTtl => self.invoice_ttl,
            Delay::Seconds(seconds) => Duration::from_secs(seconds),
        };
        let engine = Arc::clone(self);
        let mut shutdown = self.shutdown.clone();
        self.runtime.spawn(async move {
            tokio::select! {
                _ = shutdown.changed() => {}
                () = tokio::time::sleep(wait) => engine.with_world(|world| world.run(follow_up)),
            }
        });
    }
}

//! The running sandbox behind the HTTP layer and the handle: the world under
//! its lock, the callback queue and the timers.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use super::report::{TimerFailure, TimerWitness};
use super::timers::Timers;
use crate::delivery::{DeliveryLog, Dispatcher};
use crate::world::Clock;
use crate::world::DriveError;
use crate::world::{Delay, FollowUp, World};

/// Shared by every request handler, the timer task and the handle.
#[derive(Debug)]
pub(crate) struct Engine {
    world: Mutex<World>,
    dispatcher: Dispatcher,
    pub(crate) log: DeliveryLog,
    witness: Arc<dyn TimerWitness>,
    clock: Clock,
    timers: Timers,
    /// Held while due timers run, so that whoever runs them (the timer task
    /// or [`Engine::advance_clock`]) returns only once they all ran.
    running_timers: Mutex<()>,
    confirmation_delay: Duration,
    withdrawal_confirmation: Option<Duration>,
    invoice_ttl: Duration,
}

/// The parts an [`Engine`] is built from.
pub(crate) struct Parts {
    pub world: World,
    pub dispatcher: Dispatcher,
    pub log: DeliveryLog,
    /// Where a failed timer is reported.
    pub witness: Arc<dyn TimerWitness>,
    pub clock: Clock,
    pub confirmation_delay: Duration,
    pub withdrawal_confirmation: Option<Duration>,
    pub invoice_ttl: Duration,
}

impl Engine {
    /// Builds the engine and starts its timer task, which stops when
    /// `shutdown` changes or closes.
    pub(crate) fn start(parts: Parts, shutdown: watch::Receiver<bool>) -> Arc<Self> {
        let engine = Arc::new(Self {
            world: Mutex::new(parts.world),
            dispatcher: parts.dispatcher,
            log: parts.log,
            witness: parts.witness,
            clock: parts.clock,
            timers: Timers::default(),
            running_timers: Mutex::new(()),
            confirmation_delay: parts.confirmation_delay,
            withdrawal_confirmation: parts.withdrawal_confirmation,
            invoice_ttl: parts.invoice_ttl,
        });
        tokio::spawn(Arc::clone(&engine).run_timers(shutdown));
        engine
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

    /// Sends delivery `id`'s callback again, as a new delivery with the
    /// same signed body; returns the new delivery's id.
    pub(crate) fn resend(&self, id: u64) -> Result<u64, DriveError> {
        let delivery = self.log.get(id).ok_or(DriveError::UnknownCallback(id))?;
        Ok(self.dispatcher.send(delivery.payload))
    }

    /// Reads the world.
    pub(crate) fn read<T>(&self, view: impl FnOnce(&World) -> T) -> T {
        view(&self.world.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The sandbox's clock.
    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Moves the clock forward and runs every timer that came due, before
    /// returning: their callbacks are queued by then.
    pub(crate) fn advance_clock(self: &Arc<Self>, by: Duration) {
        self.clock.advance(by);
        self.run_due_timers();
    }

    /// Starts the timer of `follow_up`, unless its delay is not configured
    /// (withdrawals the driver confirms).
    fn start_timer(&self, delay: Delay, follow_up: FollowUp) {
        let wait = match delay {
            Delay::Confirmation => self.confirmation_delay,
            Delay::WithdrawalConfirmation => match self.withdrawal_confirmation {
                Some(wait) => wait,
                None => return,
            },
            Delay::InvoiceTtl => self.invoice_ttl,
            Delay::Seconds(seconds) => Duration::from_secs(seconds),
        };
        self.timers
            .add(self.clock.elapsed().saturating_add(wait), follow_up);
    }

    /// Runs the due timers, and those they start that are due at once.
    fn run_due_timers(self: &Arc<Self>) {
        let _running = self
            .running_timers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            let due = self.timers.take_due(self.clock.elapsed());
            if due.is_empty() {
                break;
            }
            for follow_up in due {
                self.run_timer(follow_up);
            }
        }
    }

    /// Runs one timer. A timer whose work fails (or, against every rule,
    /// panics) is reported as an error and to the [`TimerWitness`];
    /// the other timers and whoever waits for them carry on.
    fn run_timer(self: &Arc<Self>, follow_up: FollowUp) {
        let timer = follow_up.to_string();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.with_world(|world| world.run(follow_up))
        }));
        let error = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(overflow)) => overflow.to_string(),
            Err(_) => "it panicked".to_owned(),
        };
        tracing::error!(%timer, %error, "a sandbox timer failed");
        let at = self.clock.unix_now();
        self.witness.timer_failed(TimerFailure { at, timer, error });
    }

    /// Sleeps on the clock until the earliest timer is due, runs what is
    /// due, and starts over when a timer is added.
    async fn run_timers(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            let next_due = self.timers.next_due();
            let due = async {
                match next_due {
                    Some(deadline) => self.clock.sleep_until(deadline).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = shutdown.changed() => break,
                () = self.timers.added() => {}
                () = due => self.run_due_timers(),
            }
        }
    }
}

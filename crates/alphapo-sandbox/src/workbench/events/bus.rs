//! The sending side of the live feed.

use tokio::sync::broadcast;

use super::event::SandboxEvent;
use crate::delivery::{CallbackAttempt, CallbackRef, Witness};
use crate::runtime::{TimerFailure, TimerWitness};

/// How many events a subscriber may fall behind before it misses some
/// (it then gets [`broadcast::error::RecvError::Lagged`] once).
const BACKLOG: usize = 1024;

/// The sending side of the feed, shared by the request recorder, the
/// callback dispatcher and the runtime's timers.
#[derive(Debug, Clone)]
pub(crate) struct Events {
    sender: broadcast::Sender<SandboxEvent>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            sender: broadcast::Sender::new(BACKLOG),
        }
    }
}

impl Events {
    /// A new receiver of every event from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<SandboxEvent> {
        self.sender.subscribe()
    }

    /// Broadcasts the event `build` makes, built only when someone listens.
    pub(crate) fn emit(&self, build: impl FnOnce() -> SandboxEvent) {
        if self.sender.receiver_count() > 0 {
            // Fails only when the last receiver left since the count.
            let _ = self.sender.send(build());
        }
    }
}

/// Delivery reports its attempts to the feed.
impl Witness for Events {
    fn listening(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    fn attempted(&self, attempt: CallbackAttempt) {
        self.emit(|| SandboxEvent::CallbackAttempt(attempt));
    }

    fn not_sent(&self, callback: CallbackRef) {
        self.emit(|| SandboxEvent::CallbackNotSent(callback));
    }
}

/// The runtime reports its failed timers to the feed.
impl TimerWitness for Events {
    fn timer_failed(&self, failure: TimerFailure) {
        self.emit(|| SandboxEvent::TimerFailed(failure));
    }
}

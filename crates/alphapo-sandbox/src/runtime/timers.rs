//! Follow-ups waiting for their time on the sandbox's clock.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

use crate::world::FollowUp;

/// The follow-ups not yet run, by when they are due ([`Clock::elapsed`]
/// time) and then in the order they were started.
///
/// [`Clock::elapsed`]: crate::Clock::elapsed
#[derive(Debug, Default)]
pub(crate) struct Timers {
    queue: Mutex<Queue>,
    /// Signals the timer task that the earliest deadline may have changed.
    added: Notify,
}

#[derive(Debug, Default)]
struct Queue {
    due: BTreeMap<(Duration, u64), FollowUp>,
    started: u64,
}

impl Timers {
    /// Starts a timer that runs `follow_up` once the clock reaches `due`.
    pub(crate) fn add(&self, due: Duration, follow_up: FollowUp) {
        {
            let mut queue = self.lock();
            queue.started += 1;
            let order = queue.started;
            queue.due.insert((due, order), follow_up);
        }
        self.added.notify_one();
    }

    /// When the earliest timer is due, if any is waiting.
    pub(crate) fn next_due(&self) -> Option<Duration> {
        self.lock().due.keys().next().map(|(due, _)| *due)
    }

    /// Takes every follow-up due at `now`, earliest first.
    pub(crate) fn take_due(&self, now: Duration) -> Vec<FollowUp> {
        let mut queue = self.lock();
        let later = queue.due.split_off(&(now, u64::MAX));
        std::mem::replace(&mut queue.due, later)
            .into_values()
            .collect()
    }

    /// Resolves once a timer was added since the last call.
    pub(crate) async fn added(&self) {
        self.added.notified().await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_follow_ups_come_out_earliest_first_and_later_ones_stay() {
        let timers = Timers::default();
        let seconds = Duration::from_secs;
        timers.add(seconds(900), FollowUp::ExpireInvoice(1));
        timers.add(seconds(2), FollowUp::ConfirmDeposit(2));
        timers.add(seconds(2), FollowUp::ConfirmDeposit(3));
        timers.add(seconds(1), FollowUp::ConfirmExchange(4));
        assert_eq!(timers.next_due(), Some(seconds(1)));
        assert_eq!(
            timers.take_due(seconds(2)),
            [
                FollowUp::ConfirmExchange(4),
                FollowUp::ConfirmDeposit(2),
                FollowUp::ConfirmDeposit(3)
            ]
        );
        assert!(timers.take_due(seconds(899)).is_empty());
        assert_eq!(timers.next_due(), Some(seconds(900)));
        assert_eq!(timers.take_due(seconds(900)), [FollowUp::ExpireInvoice(1)]);
        assert_eq!(timers.next_due(), None);
    }
}

//! The record of every callback delivery, which tests and the control API
//! read.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use super::Delivery;

/// Every finished callback delivery, in the order they finished. Cloning
/// gives another view of the same log.
///
/// ```
/// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
/// use std::time::Duration;
/// let log = handle.deliveries();
/// let first_two = log.wait_for(2, Duration::from_secs(5)).await;
/// assert!(first_two.is_some_and(|d| d.len() >= 2));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct DeliveryLog {
    entries: Arc<Mutex<Vec<Delivery>>>,
    count: watch::Sender<usize>,
}

impl Default for DeliveryLog {
    fn default() -> Self {
        Self {
            entries: Arc::default(),
            count: watch::Sender::new(0),
        }
    }
}

impl DeliveryLog {
    pub(crate) fn push(&self, delivery: Delivery) {
        let len = {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            entries.push(delivery);
            entries.len()
        };
        self.count.send_replace(len);
    }

    /// A copy of the deliveries so far.
    ///
    /// See [`DeliveryLog`] for an example.
    pub fn snapshot(&self) -> Vec<Delivery> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until at least `count` deliveries have finished, then returns
    /// them all; `None` if that takes longer than `timeout`.
    ///
    /// See [`DeliveryLog`] for an example.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Option<Vec<Delivery>> {
        let mut receiver = self.count.subscribe();
        let reached = tokio::time::timeout(timeout, receiver.wait_for(|len| *len >= count)).await;
        matches!(reached, Ok(Ok(_))).then(|| self.snapshot())
    }
}

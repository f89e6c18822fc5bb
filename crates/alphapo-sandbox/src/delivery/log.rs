//! The record of every callback delivery, which tests, the control API and
//! the dashboard read.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use serde::Serialize;

use crate::world::CallbackPayload;

/// One callback and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// Its number in the [`DeliveryLog`], from 1 (what
    /// `POST /_sandbox/callbacks/{id}/resend` takes).
    pub id: u64,
    /// The callback, typed.
    pub payload: CallbackPayload,
    /// The exact body that was signed and sent.
    pub body: String,
    /// The `X-Processing-Signature` sent with it.
    pub signature: String,
    /// Every attempt, in order (empty when there is no callback URL).
    pub attempts: Vec<Attempt>,
    /// How it ended.
    pub outcome: DeliveryOutcome,
    /// The injected [fault](crate::Fault) that sent this delivery:
    /// `deliver-twice` on the repeat, `out-of-order` on a callback that was
    /// held back; `None` for an ordinary delivery.
    pub fault: Option<&'static str>,
}

/// One attempt to deliver a callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// When it was made, in Unix seconds by the sandbox's clock.
    pub at: i64,
    /// The URL it was posted to, without its user, password, query and
    /// fragment (which may carry a secret).
    pub target: String,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why no status was received (connection refused, timeout...).
    pub error: Option<String>,
    /// Why the attempt counts as failed although the receiver may have
    /// answered 200: an injected `fail-delivery` [fault](crate::Fault).
    pub fault: Option<String>,
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// Queued, or being retried: not finished yet.
    Pending,
    /// The receiver answered 200.
    Delivered,
    /// Every attempt failed.
    GaveUp,
    /// No callback URL is configured; the callback was only recorded.
    NotSent,
}

/// Every callback delivery, in the order the callbacks were caused: the
/// finished ones and those still under way, each on its own retry course
/// ([`DeliveryOutcome::Pending`]). Cloning gives another view of the same
/// log.
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
    /// How many deliveries have finished.
    finished: watch::Sender<usize>,
}

impl Default for DeliveryLog {
    fn default() -> Self {
        Self {
            entries: Arc::default(),
            finished: watch::Sender::new(0),
        }
    }
}

impl DeliveryLog {
    fn update(&self, change: impl FnOnce(&mut Vec<Delivery>)) {
        change(&mut self.entries.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// Records a queued callback as pending, with the fault that sent it if
    /// any, and, when `deliver-twice` struck it (`repeated` names that
    /// fault), its repeat right behind it (under one lock, so no other
    /// callback comes between them); returns their ids (1, 2, ...).
    pub(crate) fn begin(
        &self,
        payload: CallbackPayload,
        body: String,
        signature: String,
        fault: Option<&'static str>,
        repeated: Option<&'static str>,
    ) -> (u64, Option<u64>) {
        let mut ids = (0, None);
        self.update(|entries| {
            let repeat = repeated.map(|fault| Delivery {
                id: 0,
                payload: payload.clone(),
                body: body.clone(),
                signature: signature.clone(),
                attempts: Vec::new(),
                outcome: DeliveryOutcome::Pending,
                fault: Some(fault),
            });
            let original = push(
                entries,
                Delivery {
                    id: 0,
                    payload,
                    body,
                    signature,
                    attempts: Vec::new(),
                    outcome: DeliveryOutcome::Pending,
                    fault,
                },
            );
            ids = (original, repeat.map(|repeat| push(entries, repeat)));
        });
        ids
    }

    pub(crate) fn record_attempt(&self, id: u64, attempt: Attempt) {
        self.update(|entries| {
            if let Some(delivery) = entry(entries, id) {
                delivery.attempts.push(attempt);
            }
        });
    }

    pub(crate) fn finish(&self, id: u64, outcome: DeliveryOutcome) {
        self.update(|entries| {
            if let Some(delivery) = entry(entries, id) {
                delivery.outcome = outcome;
            }
        });
        self.finished.send_modify(|finished| *finished += 1);
    }

    /// A copy of every delivery so far, pending ones included.
    ///
    /// See [`DeliveryLog`] for an example.
    pub fn snapshot(&self) -> Vec<Delivery> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The delivery with this id, if there is one.
    ///
    /// ```
    /// # async fn demo(handle: alphapo_sandbox::SandboxHandle) {
    /// if let Some(first) = handle.deliveries().get(1) {
    ///     println!("callback 1 is {:?} after {} attempts", first.outcome, first.attempts.len());
    /// }
    /// # }
    /// ```
    pub fn get(&self, id: u64) -> Option<Delivery> {
        entry(
            &mut self.entries.lock().unwrap_or_else(PoisonError::into_inner),
            id,
        )
        .cloned()
    }

    /// Waits until at least `count` deliveries have finished, then returns
    /// the finished ones, in order; `None` if that takes longer than
    /// `timeout`.
    ///
    /// See [`DeliveryLog`] for an example.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Option<Vec<Delivery>> {
        let mut receiver = self.finished.subscribe();
        let reached = tokio::time::timeout(timeout, receiver.wait_for(|len| *len >= count)).await;
        matches!(reached, Ok(Ok(_))).then(|| {
            let mut finished = self.snapshot();
            finished.retain(|delivery| delivery.outcome != DeliveryOutcome::Pending);
            finished
        })
    }
}

/// Appends `delivery` with the next id (its position counted from 1).
fn push(entries: &mut Vec<Delivery>, mut delivery: Delivery) -> u64 {
    delivery.id = u64::try_from(entries.len())
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let id = delivery.id;
    entries.push(delivery);
    id
}

/// The entry of delivery `id` (ids are positions counted from 1).
fn entry(entries: &mut [Delivery], id: u64) -> Option<&mut Delivery> {
    let index = usize::try_from(id.checked_sub(1)?).ok()?;
    entries.get_mut(index)
}

//! Sends callbacks one after the other, in the order they were caused,
//! signed like AlphaPo's, retrying each until the receiver answers 200 or
//! the redelivery schedule is spent; armed callback [faults](crate::Fault)
//! bend that order and count.

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::sync::{mpsc, watch};
use url::Url;

use super::{Attempt, CallbackPayload, DeliveryLog, DeliveryOutcome};
use crate::FaultMode;
use crate::clock::Clock;
use crate::config::RedeliverySchedule;
use crate::events::{CallbackAttempt, CallbackRef, Events, SandboxEvent};
use crate::faults::Faults;

/// The queue callbacks are put on; a background task drains it. A queued
/// callback is in the [`DeliveryLog`] at once, as pending, signed.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    queue: mpsc::UnboundedSender<Queued>,
    signer: Signer,
    log: DeliveryLog,
    faults: Faults,
}

/// What the background task needs to deliver.
pub(crate) struct Courier {
    pub(crate) client: reqwest::Client,
    pub(crate) url: Option<Url>,
    pub(crate) signer: Signer,
    pub(crate) retry: RedeliverySchedule,
    pub(crate) clock: Clock,
    pub(crate) log: DeliveryLog,
    pub(crate) events: Events,
    pub(crate) faults: Faults,
}

/// A callback waiting for its turn: its delivery id (and its repeat's, for
/// `deliver-twice`), what it is about, the signed body, and the callback
/// faults that struck it when it was caused.
struct Queued {
    id: u64,
    repeat: Option<u64>,
    payload: CallbackPayload,
    body: String,
    bent: Bent,
}

/// How callback faults bend one callback's course.
#[derive(Clone, Copy)]
struct Bent {
    /// `out-of-order`: held back until the next callback, or until the
    /// faults are cleared more often than this count of clears.
    held_until_clears: Option<u64>,
    /// `deliver-twice`.
    twice: bool,
    /// `fail-delivery`: how many attempts count as failed.
    failing: u32,
}

impl Bent {
    fn strike(faults: &Faults) -> Self {
        let struck = |wanted: fn(&FaultMode) -> bool| faults.strike_callback(wanted);
        let failing = match struck(|mode| matches!(mode, FaultMode::FailDelivery { .. })) {
            Some(FaultMode::FailDelivery { attempts }) => attempts,
            _ => 0,
        };
        Self {
            held_until_clears: struck(|mode| *mode == FaultMode::OutOfOrder)
                .map(|_| faults.clears()),
            twice: struck(|mode| *mode == FaultMode::DeliverTwice).is_some(),
            failing,
        }
    }

    /// The fault the delivery log names on the callback itself.
    fn cause(self) -> Option<&'static str> {
        self.held_until_clears.map(|_| FaultMode::OutOfOrder.name())
    }
}

impl Dispatcher {
    /// Starts the delivery task; it stops when `shutdown` changes or closes.
    pub(crate) fn start(courier: Courier, mut shutdown: watch::Receiver<bool>) -> Self {
        let (queue, mut receiver) = mpsc::unbounded_channel::<Queued>();
        let signer = courier.signer.clone();
        let log = courier.log.clone();
        let faults = courier.faults.clone();
        tokio::spawn(async move {
            let mut held: Option<Queued> = None;
            loop {
                let held_clears = held.as_ref().and_then(|q| q.bent.held_until_clears);
                let batch = tokio::select! {
                    _ = shutdown.changed() => break,
                    () = courier.faults.cleared_after(held_clears.unwrap_or_default()), if held.is_some() => {
                        held.take().into_iter().collect()
                    }
                    next = receiver.recv() => {
                        let Some(queued) = next else { break };
                        match held.take() {
                            Some(earlier) => vec![queued, earlier],
                            None if queued.bent.held_until_clears.is_some() => {
                                held = Some(queued);
                                continue;
                            }
                            None => vec![queued],
                        }
                    }
                };
                tokio::select! {
                    _ = shutdown.changed() => break,
                    () = courier.deliver_all(batch) => {}
                }
            }
        });
        Self {
            queue,
            signer,
            log,
            faults,
        }
    }

    /// Signs a callback, records it as pending and queues it, struck by the
    /// callback faults armed now; returns its delivery id. After shutdown
    /// the queue is gone and the callback stays pending, never sent, which
    /// is what a stopped sandbox should do.
    pub(crate) fn send(&self, payload: CallbackPayload) -> u64 {
        let bent = Bent::strike(&self.faults);
        // Serializing generated types cannot fail (string keys, no
        // non-finite floats); an empty body would still be signed and sent.
        let body = serde_json::to_string(&payload).unwrap_or_default();
        let signature = self.signer.sign(body.as_bytes()).as_str().to_owned();
        let (id, repeat) = self.log.begin(
            payload.clone(),
            body.clone(),
            signature,
            bent.cause(),
            bent.twice,
        );
        let queued = Queued {
            id,
            repeat,
            payload,
            body,
            bent,
        };
        if self.queue.send(queued).is_err() {
            tracing::debug!("sandbox stopped: callback dropped");
        }
        id
    }
}

impl Courier {
    async fn deliver_all(&self, batch: Vec<Queued>) {
        for queued in batch {
            self.deliver(queued).await;
        }
    }

    /// Delivers one callback, and a second time when `deliver-twice` struck
    /// it (its repeat, a delivery of its own in the log, the same body and
    /// signature).
    async fn deliver(&self, queued: Queued) {
        let Queued {
            id,
            repeat,
            payload,
            body,
            bent,
        } = queued;
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.signer.insert_headers(&mut headers, body.as_bytes());
        for id in std::iter::once(id).chain(repeat) {
            self.send_and_log(id, &payload, &headers, &body, bent.failing)
                .await;
        }
    }

    /// Sends delivery `id` (unless there is no callback URL) and records how
    /// it ended.
    async fn send_and_log(
        &self,
        id: u64,
        payload: &CallbackPayload,
        headers: &HeaderMap,
        body: &str,
        failing: u32,
    ) {
        let outcome = match &self.url {
            None => {
                self.events
                    .emit(|| SandboxEvent::CallbackNotSent(self.reference(payload)));
                DeliveryOutcome::NotSent
            }
            Some(url) => {
                self.post_until_done(id, url, payload, headers, body, failing)
                    .await
            }
        };
        tracing::debug!(id, ?outcome, "callback");
        self.log.finish(id, outcome);
    }

    /// Names a callback for an event, at the current time.
    fn reference(&self, payload: &CallbackPayload) -> CallbackRef {
        CallbackRef {
            at: self.clock.unix_now(),
            kind: payload.kind().to_owned(),
            status: payload.status().to_owned(),
            id: payload.id(),
        }
    }

    /// Posts until the receiver answers 200 or the policy is spent; the
    /// first `failing` attempts count as failed whatever the answer. Each
    /// wait is counted from the start of the attempt that failed, so a
    /// clock advanced while an attempt is under way still passes it.
    async fn post_until_done(
        &self,
        id: u64,
        url: &Url,
        payload: &CallbackPayload,
        headers: &HeaderMap,
        body: &str,
        failing: u32,
    ) -> DeliveryOutcome {
        let target = shown(url);
        let mut next_start = self.clock.elapsed();
        for retry in 0..=self.retry.max_retries {
            self.clock.sleep_until(next_start).await;
            next_start = self
                .clock
                .elapsed()
                .saturating_add(self.retry.backoff(retry));
            let at = self.clock.unix_now();
            let sent = self
                .client
                .post(url.clone())
                .headers(headers.clone())
                .timeout(self.retry.attempt_timeout)
                .body(body.to_owned())
                .send()
                .await;
            let fault = (retry < failing).then(|| {
                format!(
                    "fault injected (fail-delivery): attempt {} of the first {failing} made to fail",
                    retry + 1
                )
            });
            let (status, error) = match sent {
                Ok(response) => (Some(response.status().as_u16()), None),
                Err(error) => (None, Some(describe(error))),
            };
            let attempt = Attempt {
                at,
                target: target.clone(),
                status,
                error,
                fault,
            };
            let delivered = attempt.status == Some(200) && attempt.fault.is_none();
            self.events.emit(|| {
                SandboxEvent::CallbackAttempt(CallbackAttempt {
                    callback: self.reference(payload),
                    target: target.clone(),
                    attempt: retry.saturating_add(1),
                    http_status: attempt.status,
                    error: attempt.error.clone().or_else(|| attempt.fault.clone()),
                    retry_in: (!delivered && retry < self.retry.max_retries)
                        .then(|| self.retry.backoff(retry)),
                })
            });
            self.log.record_attempt(id, attempt);
            if delivered {
                return DeliveryOutcome::Delivered;
            }
        }
        DeliveryOutcome::GaveUp
    }
}

/// The callback URL as the log and the live feed show it: no user name,
/// password, query or fragment, which may carry a secret.
fn shown(url: &Url) -> String {
    let mut shown = url.clone();
    // Only URLs that cannot have a user name or password refuse these.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// Why an attempt got no answer, without the URL (which may hold
/// credentials): the innermost cause, e.g. `Connection refused (os error
/// 111)`, or `timed out`.
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return "timed out".to_owned();
    }
    let error = error.without_url();
    let mut cause: &dyn std::error::Error = &error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shown_target_hides_credentials_and_the_query() {
        let url = "https://shop:s3cret@example.com:8443/hooks/alphapo?token=t0ken#x"
            .parse()
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(super::shown(&url), "https://example.com:8443/hooks/alphapo");
    }
}

//! Sends callbacks one after the other, in the order they were caused,
//! signed like AlphaPo's, retrying each until the receiver answers 200 or
//! the retry policy is spent; armed callback [faults](crate::Fault) bend
//! that order and count.

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::sync::{mpsc, watch};
use url::Url;

use super::{Attempt, CallbackPayload, Delivery, DeliveryLog, DeliveryOutcome};
use crate::FaultMode;
use crate::clock::Clock;
use crate::config::RetryPolicy;
use crate::faults::Faults;

/// The queue callbacks are put on; a background task drains it.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    queue: mpsc::UnboundedSender<Queued>,
    faults: Faults,
}

/// What the background task needs to deliver.
pub(crate) struct Courier {
    pub(crate) client: reqwest::Client,
    pub(crate) url: Option<Url>,
    pub(crate) signer: Signer,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Clock,
    pub(crate) log: DeliveryLog,
    pub(crate) faults: Faults,
}

/// A callback on the queue, with the callback faults that struck it when
/// it was caused.
struct Queued {
    payload: CallbackPayload,
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
    /// The fault that sent it, as the delivery log names it.
    cause: Option<&'static str>,
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
            cause: None,
        }
    }
}

impl Dispatcher {
    /// Starts the delivery task; it stops when `shutdown` changes or closes.
    pub(crate) fn start(courier: Courier, mut shutdown: watch::Receiver<bool>) -> Self {
        let (queue, mut receiver) = mpsc::unbounded_channel::<Queued>();
        let faults = courier.faults.clone();
        tokio::spawn(async move {
            let mut held: Option<Queued> = None;
            loop {
                let held_clears = held.as_ref().and_then(|q| q.bent.held_until_clears);
                let batch = tokio::select! {
                    _ = shutdown.changed() => break,
                    () = courier.faults.cleared_after(held_clears.unwrap_or_default()), if held.is_some() => {
                        held.take().map(released).into_iter().collect()
                    }
                    next = receiver.recv() => {
                        let Some(queued) = next else { break };
                        match held.take() {
                            Some(earlier) => vec![queued, released(earlier)],
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
        Self { queue, faults }
    }

    /// Queues a callback, struck by the callback faults armed now. After
    /// shutdown the queue is gone and the callback is dropped, which is
    /// what a stopped sandbox should do.
    pub(crate) fn send(&self, payload: CallbackPayload) {
        let bent = Bent::strike(&self.faults);
        if self.queue.send(Queued { payload, bent }).is_err() {
            tracing::debug!("sandbox stopped: callback dropped");
        }
    }
}

/// A held callback on its way out, marked with the fault that held it.
fn released(mut queued: Queued) -> Queued {
    queued.bent.cause = Some(FaultMode::OutOfOrder.name());
    queued
}

impl Courier {
    async fn deliver_all(&self, batch: Vec<Queued>) {
        for queued in batch {
            self.deliver(queued).await;
        }
    }

    /// Delivers one callback, twice when `deliver-twice` struck it.
    async fn deliver(&self, Queued { payload, bent }: Queued) {
        // Serializing generated types into a Vec cannot fail (string keys, no
        // non-finite floats); an empty body would still be signed and sent.
        let body = serde_json::to_string(&payload).unwrap_or_default();
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.signer.insert_headers(&mut headers, body.as_bytes());
        let signature = self.signer.sign(body.as_bytes()).as_str().to_owned();
        let sent = Delivery {
            payload,
            body,
            signature,
            attempts: Vec::new(),
            outcome: DeliveryOutcome::NotSent,
            fault: bent.cause,
        };
        let repeat = bent.twice.then(|| Delivery {
            fault: Some(FaultMode::DeliverTwice.name()),
            ..sent.clone()
        });
        self.send_and_log(sent, &headers, bent.failing).await;
        if let Some(repeat) = repeat {
            self.send_and_log(repeat, &headers, bent.failing).await;
        }
    }

    /// Sends `delivery` (unless there is no callback URL) and logs it.
    async fn send_and_log(&self, mut delivery: Delivery, headers: &HeaderMap, failing: u32) {
        if let Some(url) = &self.url {
            delivery.outcome = self
                .post_until_done(
                    url,
                    headers,
                    &delivery.body,
                    failing,
                    &mut delivery.attempts,
                )
                .await;
        }
        tracing::debug!(
            kind = delivery.payload.kind(),
            status = delivery.payload.status(),
            outcome = ?delivery.outcome,
            "callback"
        );
        self.log.push(delivery);
    }

    /// Posts until the receiver answers 200 or the policy is spent; the
    /// first `failing` attempts count as failed whatever the answer. Each
    /// wait is counted from the start of the attempt that failed, so a
    /// clock advanced while an attempt is under way still passes it.
    async fn post_until_done(
        &self,
        url: &Url,
        headers: &HeaderMap,
        body: &str,
        failing: u32,
        attempts: &mut Vec<Attempt>,
    ) -> DeliveryOutcome {
        let mut next_start = self.clock.elapsed();
        for retry in 0..=self.retry.max_retries {
            self.clock.sleep_until(next_start).await;
            next_start = self
                .clock
                .elapsed()
                .saturating_add(self.retry.backoff(retry));
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
            let attempt = match sent {
                Ok(response) => Attempt {
                    status: Some(response.status().as_u16()),
                    error: None,
                    fault,
                },
                Err(error) => Attempt {
                    status: None,
                    error: Some(error.to_string()),
                    fault,
                },
            };
            let delivered = attempt.status == Some(200) && attempt.fault.is_none();
            attempts.push(attempt);
            if delivered {
                return DeliveryOutcome::Delivered;
            }
        }
        DeliveryOutcome::GaveUp
    }
}

//! Sends callbacks one after the other, in the order they were caused,
//! signed like AlphaPo's, retrying each until the receiver answers 200 or
//! the redelivery schedule is spent.

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::sync::{mpsc, watch};
use url::Url;

use super::{Attempt, CallbackPayload, Delivery, DeliveryLog, DeliveryOutcome};
use crate::clock::Clock;
use crate::config::RedeliverySchedule;

/// The queue callbacks are put on; a background task drains it.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    queue: mpsc::UnboundedSender<CallbackPayload>,
}

/// What the background task needs to deliver.
struct Courier {
    client: reqwest::Client,
    url: Option<Url>,
    signer: Signer,
    retry: RedeliverySchedule,
    clock: Clock,
    log: DeliveryLog,
}

impl Dispatcher {
    /// Starts the delivery task; it stops when `shutdown` changes or closes.
    pub(crate) fn start(
        client: reqwest::Client,
        url: Option<Url>,
        signer: Signer,
        retry: RedeliverySchedule,
        clock: Clock,
        log: DeliveryLog,
        mut shutdown: watch::Receiver<bool>,
    ) -> Self {
        let (queue, mut receiver) = mpsc::unbounded_channel();
        let courier = Courier {
            client,
            url,
            signer,
            retry,
            clock,
            log,
        };
        tokio::spawn(async move {
            loop {
                let next = tokio::select! {
                    _ = shutdown.changed() => None,
                    next = receiver.recv() => next,
                };
                let Some(payload) = next else { break };
                tokio::select! {
                    _ = shutdown.changed() => break,
                    () = courier.deliver(payload) => {}
                }
            }
        });
        Self { queue }
    }

    /// Queues a callback. After shutdown the queue is gone and the callback
    /// is dropped, which is what a stopped sandbox should do.
    pub(crate) fn send(&self, payload: CallbackPayload) {
        if self.queue.send(payload).is_err() {
            tracing::debug!("sandbox stopped: callback dropped");
        }
    }
}

impl Courier {
    async fn deliver(&self, payload: CallbackPayload) {
        // Serializing generated types into a Vec cannot fail (string keys, no
        // non-finite floats); an empty body would still be signed and sent.
        let body = serde_json::to_string(&payload).unwrap_or_default();
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.signer.insert_headers(&mut headers, body.as_bytes());
        let signature = self.signer.sign(body.as_bytes()).as_str().to_owned();
        let mut attempts = Vec::new();
        let outcome = match &self.url {
            None => DeliveryOutcome::NotSent,
            Some(url) => {
                self.post_until_done(url, &headers, &body, &mut attempts)
                    .await
            }
        };
        tracing::debug!(
            kind = payload.kind(),
            status = payload.status(),
            ?outcome,
            "callback"
        );
        self.log.push(Delivery {
            payload,
            body,
            signature,
            attempts,
            outcome,
        });
    }

    async fn post_until_done(
        &self,
        url: &Url,
        headers: &HeaderMap,
        body: &str,
        attempts: &mut Vec<Attempt>,
    ) -> DeliveryOutcome {
        for retry in 0..=self.retry.max_retries {
            if retry > 0 {
                self.clock.sleep(self.retry.backoff(retry - 1)).await;
            }
            let sent = self
                .client
                .post(url.clone())
                .headers(headers.clone())
                .timeout(self.retry.attempt_timeout)
                .body(body.to_owned())
                .send()
                .await;
            let attempt = match sent {
                Ok(response) => Attempt {
                    status: Some(response.status().as_u16()),
                    error: None,
                },
                Err(error) => Attempt {
                    status: None,
                    error: Some(error.to_string()),
                },
            };
            let delivered = attempt.status == Some(200);
            attempts.push(attempt);
            if delivered {
                return DeliveryOutcome::Delivered;
            }
        }
        DeliveryOutcome::GaveUp
    }
}

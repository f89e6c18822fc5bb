//! Sends callbacks one after the other, in the order they were caused,
//! signed like AlphaPo's, retrying each until the receiver answers 200 or
//! the retry policy is spent.

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::sync::{mpsc, watch};
use url::Url;

use super::{Attempt, CallbackPayload, DeliveryLog, DeliveryOutcome};
use crate::clock::Clock;
use crate::config::RetryPolicy;
use crate::events::{CallbackAttempt, CallbackRef, Events, SandboxEvent};

/// The queue callbacks are put on; a background task drains it. A queued
/// callback is in the [`DeliveryLog`] at once, as pending, signed.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    queue: mpsc::UnboundedSender<Queued>,
    signer: Signer,
    log: DeliveryLog,
}

/// A callback waiting for its turn: its delivery id, what it is about and
/// the signed body.
struct Queued {
    id: u64,
    payload: CallbackPayload,
    body: String,
}

/// What the background task needs to deliver.
pub(crate) struct Courier {
    pub client: reqwest::Client,
    pub url: Option<Url>,
    pub signer: Signer,
    pub retry: RetryPolicy,
    pub clock: Clock,
    pub log: DeliveryLog,
    pub events: Events,
}

impl Dispatcher {
    /// Starts the delivery task; it stops when `shutdown` changes or closes.
    pub(crate) fn start(courier: Courier, mut shutdown: watch::Receiver<bool>) -> Self {
        let (queue, mut receiver) = mpsc::unbounded_channel();
        let signer = courier.signer.clone();
        let log = courier.log.clone();
        tokio::spawn(async move {
            loop {
                let next = tokio::select! {
                    _ = shutdown.changed() => None,
                    next = receiver.recv() => next,
                };
                let Some(queued) = next else { break };
                tokio::select! {
                    _ = shutdown.changed() => break,
                    () = courier.deliver(queued) => {}
                }
            }
        });
        Self { queue, signer, log }
    }

    /// Signs a callback, records it as pending and queues it; returns its
    /// delivery id. After shutdown the queue is gone and the callback stays
    /// pending, never sent, which is what a stopped sandbox should do.
    pub(crate) fn send(&self, payload: CallbackPayload) -> u64 {
        // Serializing generated types cannot fail (string keys, no
        // non-finite floats); an empty body would still be signed and sent.
        let body = serde_json::to_string(&payload).unwrap_or_default();
        let signature = self.signer.sign(body.as_bytes()).as_str().to_owned();
        let id = self.log.begin(payload.clone(), body.clone(), signature);
        if self.queue.send(Queued { id, payload, body }).is_err() {
            tracing::debug!("sandbox stopped: callback dropped");
        }
        id
    }
}

impl Courier {
    async fn deliver(&self, queued: Queued) {
        let Queued { id, payload, body } = queued;
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.signer.insert_headers(&mut headers, body.as_bytes());
        let outcome = match &self.url {
            None => {
                self.events
                    .emit(|| SandboxEvent::CallbackNotSent(self.reference(&payload)));
                DeliveryOutcome::NotSent
            }
            Some(url) => {
                self.post_until_done(id, url, &payload, &headers, &body)
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

    async fn post_until_done(
        &self,
        id: u64,
        url: &Url,
        payload: &CallbackPayload,
        headers: &HeaderMap,
        body: &str,
    ) -> DeliveryOutcome {
        let target = shown(url);
        for retry in 0..=self.retry.max_retries {
            if retry > 0 {
                self.clock.sleep(self.retry.backoff(retry - 1)).await;
            }
            let at = self.clock.unix_now();
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
                    at,
                    target: target.clone(),
                    status: Some(response.status().as_u16()),
                    error: None,
                },
                Err(error) => Attempt {
                    at,
                    target: target.clone(),
                    status: None,
                    error: Some(describe(error)),
                },
            };
            let delivered = attempt.status == Some(200);
            self.events.emit(|| {
                SandboxEvent::CallbackAttempt(CallbackAttempt {
                    callback: self.reference(payload),
                    target: target.clone(),
                    attempt: retry.saturating_add(1),
                    http_status: attempt.status,
                    error: attempt.error.clone(),
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

//! Sends callbacks one after the other, in the order they were caused,
//! signed like AlphaPo's, retrying each until the receiver answers 200 or
//! the retry policy is spent.

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::sync::{mpsc, watch};
use url::Url;

use super::{Attempt, CallbackPayload, Delivery, DeliveryLog, DeliveryOutcome};
use crate::clock::Clock;
use crate::config::RetryPolicy;
use crate::events::{CallbackAttempt, CallbackRef, Events, SandboxEvent};

/// The queue callbacks are put on; a background task drains it.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    queue: mpsc::UnboundedSender<CallbackPayload>,
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
            None => {
                self.events
                    .emit(|| SandboxEvent::CallbackNotSent(self.reference(&payload)));
                DeliveryOutcome::NotSent
            }
            Some(url) => {
                self.post_until_done(url, &payload, &headers, &body, &mut attempts)
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
        url: &Url,
        payload: &CallbackPayload,
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
                    error: Some(describe(error)),
                },
            };
            let delivered = attempt.status == Some(200);
            self.events.emit(|| {
                SandboxEvent::CallbackAttempt(CallbackAttempt {
                    callback: self.reference(payload),
                    target: target(url),
                    attempt: retry.saturating_add(1),
                    http_status: attempt.status,
                    error: attempt.error.clone(),
                    retry_in: (!delivered && retry < self.retry.max_retries)
                        .then(|| self.retry.backoff(retry)),
                })
            });
            attempts.push(attempt);
            if delivered {
                return DeliveryOutcome::Delivered;
            }
        }
        DeliveryOutcome::GaveUp
    }
}

/// A callback URL as events show it: no user name, password, query or
/// fragment, which may hold credentials.
fn target(url: &Url) -> String {
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
    use super::*;

    #[test]
    fn a_target_shows_no_credentials() {
        let url: Url = "https://merchant:hunter2@shop.example:8443/callbacks?token=abc#frag"
            .parse()
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(target(&url), "https://shop.example:8443/callbacks");
    }
}

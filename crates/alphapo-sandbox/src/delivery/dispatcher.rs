//! Delivers each callback on its own course, signed like AlphaPo's: its
//! first attempt at once, then retries on the redelivery schedule until the
//! receiver answers 200 or the schedule is spent. A callback being retried
//! delays no other; armed callback [faults](crate::Fault) bend that course.
//!
//! Two orderings are kept, so a receiver that answers sees what happened in
//! order: the first attempt of a callback waits for the first attempt (only
//! that, never the retries) of the callback caused before it about the same
//! object; and at most [`IN_FLIGHT`] attempts are under way at once, the
//! others waiting their turn in the order they came due.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use alphapo_auth::Signer;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};
use tokio::runtime::Handle;
use tokio::sync::{Semaphore, oneshot, watch};
use url::Url;

use super::log::{Attempt, DeliveryLog, DeliveryOutcome};
use super::report::{CallbackAttempt, CallbackFaults, CallbackRef, Witness};
use super::wire;
use crate::delivery::schedule::RedeliverySchedule;
use crate::world::CallbackPayload;
use crate::world::Clock;

/// How many callback attempts may be under way at once (each holds a
/// connection); thousands of pending callbacks wait as timers, not sockets.
pub(crate) const IN_FLIGHT: usize = 64;

/// Starts a delivery course per callback. A callback is in the
/// [`DeliveryLog`] at once, as pending, signed.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    courier: Courier,
    runtime: Handle,
    shutdown: watch::Receiver<bool>,
    in_flight: Semaphore,
    order: Mutex<Order>,
}

/// What a delivery needs.
#[derive(Debug)]
pub(crate) struct Courier {
    pub(crate) client: reqwest::Client,
    pub(crate) url: Option<Url>,
    pub(crate) signer: Signer,
    pub(crate) retry: RedeliverySchedule,
    pub(crate) clock: Clock,
    pub(crate) log: DeliveryLog,
    /// The live feed.
    pub(crate) witness: Arc<dyn Witness>,
    /// The armed faults.
    pub(crate) faults: Arc<dyn CallbackFaults>,
}

/// The orderings between callbacks that are still to be kept.
#[derive(Debug, Default)]
struct Order {
    /// Per object, the end of the first attempt of its latest callback,
    /// which the next callback about it waits for (removed once passed with
    /// no one waiting).
    latest: HashMap<String, (u64, oneshot::Receiver<()>)>,
    /// The `out-of-order` callback held back, released by the end of the
    /// next callback's first attempt.
    held: Option<oneshot::Sender<()>>,
}

/// One delivery's course: its id in the log, what it is about, the signed
/// body, how many attempts an injected `fail-delivery` fails, what its first
/// attempt waits for and whom the end of that attempt releases.
struct Course {
    id: u64,
    payload: CallbackPayload,
    body: String,
    failing: u32,
    wait: Wait,
    /// The key in [`Order::latest`] of the object it stands last in line
    /// for, if it does.
    line: Option<String>,
    /// Fired when the first attempt ends: the delivery behind it (the next
    /// callback about the same object, or its `deliver-twice` repeat), and a
    /// held callback.
    release: Vec<oneshot::Sender<()>>,
}

/// What a course's first attempt waits for.
enum Wait {
    /// The end of the first attempt of the delivery before it (the latest
    /// callback about the same object, or the original of a `deliver-twice`
    /// repeat), if there is one still to end.
    After(Option<oneshot::Receiver<()>>),
    /// `out-of-order`: the next callback's first attempt, or the faults
    /// being cleared more often than this count of clears.
    Held(oneshot::Receiver<()>, u64),
}

impl Dispatcher {
    /// Delivers on the current tokio runtime until `shutdown` changes or
    /// closes.
    pub(crate) fn start(courier: Courier, shutdown: watch::Receiver<bool>) -> Self {
        Self {
            shared: Arc::new(Shared {
                courier,
                runtime: Handle::current(),
                shutdown,
                in_flight: Semaphore::new(IN_FLIGHT),
                order: Mutex::default(),
            }),
        }
    }

    /// Signs a callback, records it as pending and starts its course (and
    /// its repeat's, right behind it, when `deliver-twice` struck it), struck
    /// by the callback faults armed now; returns its delivery id. After
    /// shutdown the callback stays pending, never sent, which is what a
    /// stopped sandbox should do.
    pub(crate) fn send(&self, payload: CallbackPayload) -> u64 {
        let courier = &self.shared.courier;
        let bent = courier.faults.strike();
        let body = wire::body(&payload);
        let signature = courier.signer.sign(body.as_bytes()).as_str().to_owned();
        let (id, repeat) = courier.log.begin(
            payload.clone(),
            body.clone(),
            signature,
            bent.held.map(|(_, fault)| fault),
            bent.twice,
        );
        let object = format!("{} {}", payload.kind(), payload.id());
        let mut courses = Vec::with_capacity(2);
        {
            let mut order = self.shared.order();
            let mut releasing = order.held.take().filter(|held| !held.is_closed());
            let holding = bent
                .held
                .map(|(clears, _)| clears)
                .filter(|_| releasing.is_none());
            // What the next delivery of this callback waits for.
            let mut behind = None;
            for delivery in std::iter::once(id).chain(repeat) {
                let (done, passed) = oneshot::channel();
                let mut release = vec![done];
                let wait = match (behind.take(), holding) {
                    (Some(before), _) => Wait::After(Some(before)),
                    (None, Some(clears)) => {
                        let (held, released) = oneshot::channel();
                        order.held = Some(held);
                        Wait::Held(released, clears)
                    }
                    (None, None) => {
                        release.extend(releasing.take());
                        Wait::After(order.latest.remove(&object).map(|(_, before)| before))
                    }
                };
                behind = Some(passed);
                courses.push(Course {
                    id: delivery,
                    payload: payload.clone(),
                    body: body.clone(),
                    failing: bent.failing,
                    wait,
                    line: None,
                    release,
                });
            }
            // The last delivery stands last in its object's line, unless the
            // callback was held out of it.
            if holding.is_none()
                && let (Some(last), Some(passed)) = (courses.last_mut(), behind)
            {
                order.latest.insert(object.clone(), (last.id, passed));
                last.line = Some(object);
            }
        }
        if *self.shared.shutdown.borrow() {
            tracing::debug!("sandbox stopped: callback not sent");
            return id;
        }
        for course in courses {
            let shared = Arc::clone(&self.shared);
            let mut shutdown = self.shared.shutdown.clone();
            self.shared.runtime.spawn(async move {
                tokio::select! {
                    _ = shutdown.changed() => {}
                    () = shared.run(course) => {}
                }
            });
        }
        id
    }
}

impl Shared {
    fn order(&self) -> std::sync::MutexGuard<'_, Order> {
        self.order.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one course: waits its turn, then delivers.
    async fn run(&self, course: Course) {
        let Course {
            id,
            payload,
            body,
            failing,
            wait,
            line,
            release,
        } = course;
        match wait {
            // A sender dropped unfired (its course stopped) lets this go too.
            Wait::After(Some(before)) => drop(before.await),
            Wait::After(None) => {}
            Wait::Held(released, clears) => {
                tokio::select! {
                    _ = released => {}
                    () = self.courier.faults.cleared_after(clears) => {}
                }
            }
        }
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.courier
            .signer
            .insert_headers(&mut headers, body.as_bytes());
        let post = Post {
            id,
            payload: &payload,
            headers: &headers,
            body: &body,
            failing,
        };
        self.send_and_log(post, || self.first_attempt_ended(id, line, release))
            .await;
    }

    /// Lets the callbacks waiting for this one's first attempt go, and
    /// forgets the object's line if no later callback joined it.
    fn first_attempt_ended(
        &self,
        id: u64,
        line: Option<String>,
        release: Vec<oneshot::Sender<()>>,
    ) {
        for waiting in release {
            // Whoever waited may have stopped: nothing to release then.
            let _ = waiting.send(());
        }
        let Some(object) = line else { return };
        let mut order = self.order();
        if order
            .latest
            .get(&object)
            .is_some_and(|(last, _)| *last == id)
        {
            order.latest.remove(&object);
        }
    }
    /// Sends one delivery (unless there is no callback URL) and records how
    /// it ended; `first_ended` runs once its first attempt is over (at once
    /// when nothing is sent).
    async fn send_and_log(&self, post: Post<'_>, first_ended: impl FnOnce()) {
        let courier = &self.courier;
        let outcome = match &courier.url {
            None => {
                first_ended();
                if courier.witness.listening() {
                    courier.witness.not_sent(courier.reference(post.payload));
                }
                DeliveryOutcome::NotSent
            }
            Some(url) => self.post_until_done(url, &post, first_ended).await,
        };
        tracing::debug!(id = post.id, ?outcome, "callback");
        courier.log.finish(post.id, outcome);
    }

    /// Posts until the receiver answers 200 or the schedule is spent; the
    /// first `failing` attempts count as failed whatever the answer. Each
    /// wait is counted on the sandbox's clock from the start of the attempt
    /// that failed, so a clock advanced while an attempt is under way still
    /// passes it, and a frozen clock waits for an advance, never for real
    /// time.
    async fn post_until_done(
        &self,
        url: &Url,
        post: &Post<'_>,
        first_ended: impl FnOnce(),
    ) -> DeliveryOutcome {
        let courier = &self.courier;
        let schedule = &courier.retry;
        let target = shown(url);
        let mut first_ended = Some(first_ended);
        let mut next_start = courier.clock.elapsed();
        for attempt in 0..=schedule.retries() {
            courier.clock.sleep_until(next_start).await;
            // The semaphore is never closed; without a permit the attempt
            // would only go out unbounded.
            let permit = self.in_flight.acquire().await.ok();
            let wait = schedule.wait(attempt);
            next_start = courier
                .clock
                .elapsed()
                .saturating_add(wait.unwrap_or_default());
            let at = courier.clock.unix_now();
            let sent = courier
                .client
                .post(url.clone())
                .headers(post.headers.clone())
                .timeout(schedule.attempt_timeout)
                .body(post.body.to_owned())
                .send()
                .await;
            drop(permit);
            let failing = post.failing;
            let number = u32::try_from(attempt).unwrap_or(u32::MAX).saturating_add(1);
            let fault = (number <= failing).then(|| {
                format!(
                    "fault injected (fail-delivery): attempt {number} of the first {failing} made to fail"
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
            if courier.witness.listening() {
                courier.witness.attempted(CallbackAttempt {
                    callback: courier.reference(post.payload),
                    target: target.clone(),
                    attempt: number,
                    http_status: attempt.status,
                    error: attempt.error.clone().or_else(|| attempt.fault.clone()),
                    retry_in: wait.filter(|_| !delivered),
                });
            }
            courier.log.record_attempt(post.id, attempt);
            if let Some(first_ended) = first_ended.take() {
                first_ended();
            }
            if delivered {
                return DeliveryOutcome::Delivered;
            }
        }
        DeliveryOutcome::GaveUp
    }
}

/// One delivery of a course: its id in the log and what is posted.
struct Post<'a> {
    id: u64,
    payload: &'a CallbackPayload,
    headers: &'a HeaderMap,
    body: &'a str,
    failing: u32,
}

impl Courier {
    /// Names a callback for an event, at the current time.
    fn reference(&self, payload: &CallbackPayload) -> CallbackRef {
        CallbackRef {
            at: self.clock.unix_now(),
            kind: payload.kind().to_owned(),
            status: payload.status().to_owned(),
            id: payload.id(),
        }
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

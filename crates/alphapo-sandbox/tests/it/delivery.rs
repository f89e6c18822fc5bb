//! Each callback is delivered on its own course, on AlphaPo's schedule and
//! the sandbox's clock: a callback the receiver refuses delays no other.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alphapo_sandbox::{
    CallbackAttempt, Clock, DeliveryOutcome, RedeliverySchedule, SandboxEvent, SandboxHandle,
    TriggerEvent,
};
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use http::StatusCode;
use serde_json::Value;
use tokio::sync::{broadcast, watch};

use crate::support::{self, WAIT, start};

const START: i64 = 1_700_000_000;

/// A receiver that refuses (503) every callback whose `type` is `refused`
/// and answers 200 to the others.
async fn refusing(refused: &'static str) -> url::Url {
    async fn answer(State(refused): State<&'static str>, body: Bytes) -> StatusCode {
        let callback: Value = serde_json::from_slice(&body).unwrap_or_default();
        if callback["type"] == refused {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        }
    }
    let app = axum::Router::new()
        .route("/callbacks", post(answer))
        .with_state(refused);
    serve(app).await
}

async fn serve(app: axum::Router) -> url::Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("receiver bind: {error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("receiver address: {error}"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/callbacks")
        .parse()
        .unwrap_or_else(|error| panic!("receiver url: {error}"))
}

/// A sandbox on a frozen clock with AlphaPo's schedule, its callbacks going
/// to `url`.
async fn frozen(url: url::Url) -> SandboxHandle {
    let mut config = support::config();
    config.clock = Clock::frozen_at(START);
    config.callback_retry = RedeliverySchedule::default();
    config.callback_url = Some(url);
    start(config).await
}

/// The next callback attempt on the live feed.
async fn next_attempt(events: &mut broadcast::Receiver<SandboxEvent>) -> CallbackAttempt {
    loop {
        let event = tokio::time::timeout(WAIT, events.recv())
            .await
            .unwrap_or_else(|_| panic!("no callback attempt within {WAIT:?}"))
            .unwrap_or_else(|error| panic!("events: {error}"));
        if let SandboxEvent::CallbackAttempt(attempt) = event {
            return attempt;
        }
    }
}

#[tokio::test]
async fn a_callback_refused_forever_delays_no_other() {
    let sandbox = frozen(refusing("invoice").await).await;
    let mut events = sandbox.events();
    sandbox
        .trigger(TriggerEvent::InvoiceExpired)
        .unwrap_or_else(|error| panic!("{error}"));
    let refused = next_attempt(&mut events).await;
    assert_eq!(
        (refused.callback.kind.as_str(), refused.http_status),
        ("invoice", Some(503))
    );
    assert_eq!(refused.retry_in, Some(Duration::from_secs(60)));

    // The clock never moves: the invoice's callback waits for its retry
    // forever, and the withdrawal's goes out at once all the same.
    sandbox
        .trigger(TriggerEvent::WithdrawalConfirmed)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = sandbox
        .deliveries()
        .wait_for(1, WAIT)
        .await
        .unwrap_or_else(|| panic!("nothing delivered: {:?}", sandbox.deliveries().snapshot()));
    let outcomes: Vec<_> = delivered
        .iter()
        .map(|d| (d.payload.kind(), d.outcome, d.attempts.len()))
        .collect();
    assert_eq!(outcomes, [("withdrawal", DeliveryOutcome::Delivered, 1)]);
    let waiting: Vec<_> = sandbox
        .deliveries()
        .snapshot()
        .into_iter()
        .filter(|d| d.outcome == DeliveryOutcome::Pending)
        .map(|d| (d.payload.kind().to_owned(), d.attempts.len()))
        .collect();
    assert_eq!(waiting, [("invoice".to_owned(), 1)]);
    assert_eq!(sandbox.clock().unix_now(), START);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_refused_callback_is_retried_on_alphapos_schedule_by_the_sandbox_clock() {
    let sandbox = frozen(refusing("withdrawal").await).await;
    let mut events = sandbox.events();
    sandbox
        .trigger(TriggerEvent::WithdrawalCancelled)
        .unwrap_or_else(|error| panic!("{error}"));
    let mut waits = Vec::new();
    for number in 1..=13 {
        let attempt = next_attempt(&mut events).await;
        assert_eq!(attempt.attempt, number);
        let Some(wait) = attempt.retry_in else {
            break;
        };
        waits.push(wait.as_secs() / 60);
        // A frozen clock waits for an advance, never for real time.
        sandbox.advance_clock(wait);
    }
    assert_eq!(waits, [1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240]);
    let delivered = sandbox
        .deliveries()
        .wait_for(1, WAIT)
        .await
        .unwrap_or_else(|| panic!("the callback did not finish"));
    assert_eq!(delivered[0].outcome, DeliveryOutcome::GaveUp);
    let offsets: Vec<i64> = delivered[0]
        .attempts
        .iter()
        .map(|attempt| (attempt.at - START) / 60)
        .collect();
    // Minutes after the first attempt: each wait counts from the attempt
    // before.
    assert_eq!(
        offsets,
        [0, 1, 6, 21, 51, 111, 201, 321, 501, 741, 981, 1221, 1461]
    );
    sandbox.shutdown().await;
}

/// A receiver that holds every callback until `release` turns true, and
/// tells how many it held at most at once.
struct Holding {
    url: url::Url,
    arrived: watch::Receiver<usize>,
    release: watch::Sender<bool>,
    most: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct HoldingState {
    open: Arc<Mutex<usize>>,
    most: Arc<AtomicUsize>,
    arrived: Arc<watch::Sender<usize>>,
    release: watch::Receiver<bool>,
}

async fn holding() -> Holding {
    async fn hold(State(state): State<HoldingState>) -> StatusCode {
        if let Ok(mut open) = state.open.lock() {
            *open += 1;
            state.most.fetch_max(*open, Ordering::SeqCst);
        }
        state.arrived.send_modify(|arrived| *arrived += 1);
        let mut release = state.release.clone();
        let _ = release.wait_for(|released| *released).await;
        if let Ok(mut open) = state.open.lock() {
            *open -= 1;
        }
        StatusCode::OK
    }
    let (release, released) = watch::channel(false);
    let (arrived, arrivals) = watch::channel(0);
    let most = Arc::new(AtomicUsize::new(0));
    let state = HoldingState {
        open: Arc::default(),
        most: Arc::clone(&most),
        arrived: Arc::new(arrived),
        release: released,
    };
    let app = axum::Router::new()
        .route("/callbacks", post(hold))
        .with_state(state);
    Holding {
        url: serve(app).await,
        arrived: arrivals,
        release,
        most,
    }
}

#[tokio::test]
async fn at_most_64_callback_attempts_are_under_way_at_once() {
    const CALLBACKS: usize = 100;
    let mut receiver = holding().await;
    let mut config = support::config();
    config.clock = Clock::frozen_at(START);
    config.callback_retry.attempt_timeout = Duration::from_secs(60);
    config.callback_url = Some(receiver.url.clone());
    let sandbox = start(config).await;
    // Withdrawals cancelled at once: one callback each, about different
    // objects, all due now.
    for _ in 0..CALLBACKS {
        sandbox
            .trigger(TriggerEvent::WithdrawalCancelled)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    // (The borrow `wait_for` answers is dropped at once: the receiver's
    // handlers write to the same watch.)
    let reached = tokio::time::timeout(WAIT, receiver.arrived.wait_for(|n| *n >= 64))
        .await
        .map(|arrived| arrived.is_ok());
    assert_eq!(reached, Ok(true), "fewer than 64 arrived");
    receiver.release.send_replace(true);
    let delivered = sandbox
        .deliveries()
        .wait_for(CALLBACKS, WAIT)
        .await
        .unwrap_or_else(|| panic!("not all delivered"));
    assert!(
        delivered
            .iter()
            .all(|d| d.outcome == DeliveryOutcome::Delivered && d.attempts.len() == 1)
    );
    assert_eq!(receiver.most.load(Ordering::SeqCst), 64);
    sandbox.shutdown().await;
}

//! The live feed: one event per answered request and per callback attempt,
//! and never a body, key, signature or secret in one.

use alphapo_sandbox::{CallbackAttempt, SandboxEvent, SandboxHandle};
use tokio::sync::broadcast;

use crate::support::{self, KEY, SECRET, WAIT, amount, client, take_address, with_receiver};

/// The next event, or a test failure after [`WAIT`].
async fn next(events: &mut broadcast::Receiver<SandboxEvent>) -> SandboxEvent {
    match tokio::time::timeout(WAIT, events.recv()).await {
        Ok(Ok(event)) => event,
        other => panic!("no event: {other:?}"),
    }
}

/// The next `count` callback attempts, skipping other events.
async fn attempts(
    events: &mut broadcast::Receiver<SandboxEvent>,
    count: usize,
) -> Vec<CallbackAttempt> {
    let mut found = Vec::new();
    while found.len() < count {
        if let SandboxEvent::CallbackAttempt(attempt) = next(events).await {
            found.push(attempt);
        }
    }
    found
}

/// Every event so far as its line and its JSON must not hold `words`.
fn assert_nothing_secret(seen: &[SandboxEvent], sandbox: &SandboxHandle, words: &[&str]) {
    let mut secrets: Vec<String> = words.iter().map(ToString::to_string).collect();
    secrets.extend([KEY.to_owned(), SECRET.to_owned()]);
    for delivery in sandbox.deliveries().snapshot() {
        secrets.push(delivery.signature);
        secrets.push(delivery.body);
    }
    for event in seen {
        let json = serde_json::to_string(event).unwrap_or_default();
        for text in [event.to_string(), json] {
            for secret in &secrets {
                assert!(!text.contains(secret.as_str()), "{text:?} holds {secret:?}");
            }
        }
    }
}

#[tokio::test]
async fn requests_and_callback_attempts_are_reported() {
    let (sandbox, _receiver) = with_receiver(1).await;
    let mut events = sandbox.events();
    let address = take_address(&client(&sandbox), "BTC", "customer-1").await;
    let SandboxEvent::Request(request) = next(&mut events).await else {
        panic!("the first event is not the request");
    };
    assert_eq!(
        (
            request.method.as_str(),
            request.path.as_str(),
            request.status
        ),
        ("POST", "/api/v2/addresses/take", 201)
    );
    let line = SandboxEvent::Request(request.clone()).to_string();
    assert!(
        line.contains(" POST /api/v2/addresses/take addresses_take 201 ") && line.ends_with(" ms"),
        "{line}"
    );

    sandbox
        .simulate_deposit(&address, amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));
    let seen = attempts(&mut events, 3).await;
    // Each callback has its own retry course: the confirmed callback's first
    // attempt and the refused one's retry may come in either order.
    let mut summary: Vec<(&str, u32, Option<u16>, bool)> = seen
        .iter()
        .map(|a| {
            (
                a.callback.status.as_str(),
                a.attempt,
                a.http_status,
                a.retry_in.is_some(),
            )
        })
        .collect();
    assert_eq!(summary[0], ("not_confirmed", 1, Some(500), true));
    summary.sort_unstable();
    assert_eq!(
        summary,
        [
            ("confirmed", 1, Some(200), false),
            ("not_confirmed", 1, Some(500), true),
            ("not_confirmed", 2, Some(200), false),
        ]
    );
    let failed = SandboxEvent::CallbackAttempt(seen[0].clone()).to_string();
    assert!(
        failed.contains(&format!(
            " callback deposit not_confirmed {} -> {}callbacks attempt 1: HTTP 500, retry in 5 ms",
            seen[0].callback.id,
            _receiver.url.as_str().trim_end_matches("callbacks"),
        )),
        "{failed}"
    );
    let events: Vec<SandboxEvent> = seen
        .into_iter()
        .map(SandboxEvent::CallbackAttempt)
        .collect();
    assert_nothing_secret(&events, &sandbox, &["customer-1", &address]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_target_is_reported_per_attempt_without_its_credentials() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap_or_else(|error| panic!("{error}"));
    let mut config = support::config();
    config.callback_url = format!("http://merchant:hunter2@{closed}/callbacks?token=t0ken")
        .parse()
        .ok();
    let sandbox = support::start(config).await;
    let mut events = sandbox.events();
    sandbox
        .trigger(alphapo_sandbox::TriggerEvent::WithdrawalCancelled)
        .unwrap_or_else(|error| panic!("{error}"));
    // The test configuration has three retries: 4 attempts.
    let seen = attempts(&mut events, 4).await;
    for (number, attempt) in (1..).zip(&seen) {
        assert_eq!(attempt.attempt, number);
        assert_eq!(attempt.target, format!("http://{closed}/callbacks"));
        assert_eq!(attempt.http_status, None);
        assert!(attempt.error.as_ref().is_some_and(|e| !e.is_empty()));
        assert_eq!(attempt.retry_in.is_some(), number < 4);
    }
    let last = SandboxEvent::CallbackAttempt(seen[3].clone()).to_string();
    assert!(last.ends_with(", giving up"), "{last}");
    let events: Vec<SandboxEvent> = seen
        .into_iter()
        .map(SandboxEvent::CallbackAttempt)
        .collect();
    assert_nothing_secret(&events, &sandbox, &["hunter2", "t0ken", "merchant"]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_a_callback_url_each_callback_is_reported_not_sent() {
    let sandbox = support::start(support::config()).await;
    let mut events = sandbox.events();
    sandbox
        .trigger(alphapo_sandbox::TriggerEvent::InvoiceExpired)
        .unwrap_or_else(|error| panic!("{error}"));
    let SandboxEvent::CallbackNotSent(callback) = next(&mut events).await else {
        panic!("not a callback event");
    };
    assert_eq!(
        (callback.kind.as_str(), callback.status.as_str()),
        ("invoice", "failed")
    );
    let line = SandboxEvent::CallbackNotSent(callback).to_string();
    assert!(
        line.ends_with(" not sent: no callback URL is configured"),
        "{line}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_control_route_is_served_and_reported() {
    let sandbox = support::start(support::config()).await;
    let mut events = sandbox.events();
    for route in alphapo_sandbox::control_routes() {
        let path = route
            .path
            .replace("{id}", "7")
            .replace("{event}", "nothing");
        let method: reqwest::Method = route.method.parse().unwrap_or_default();
        let response = reqwest::Client::new()
            .request(method, format!("{}{path}", sandbox.base_url()))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        // Unknown paths and methods are answered 403 and 405.
        assert!(
            ![403, 405].contains(&response.status().as_u16()),
            "{} {path}: {}",
            route.method,
            response.status()
        );
        let SandboxEvent::Request(request) = next(&mut events).await else {
            panic!("not a request event");
        };
        assert_eq!(
            (request.method.as_str(), request.path),
            (route.method, path)
        );
    }
    sandbox.shutdown().await;
}

/// The next request event, skipping other events.
async fn next_request(
    events: &mut broadcast::Receiver<SandboxEvent>,
) -> alphapo_sandbox::ApiRequest {
    loop {
        if let SandboxEvent::Request(request) = next(events).await {
            return request;
        }
    }
}

#[tokio::test]
async fn the_live_log_shows_the_fault_that_struck_a_call() {
    let mut config = support::config();
    config.clock = alphapo_sandbox::Clock::frozen_at(1_700_000_000);
    let sandbox = support::start(config).await;
    let mut events = sandbox.events();
    let fault = "accounts_list=drop-after-commit,times=1"
        .parse()
        .expect("a fault");
    sandbox.inject(fault).expect("armed");
    let url = format!("{}/api/v2/accounts/list", sandbox.base_url());
    let answered = reqwest::Client::new().post(&url).body("{}").send().await;
    assert!(answered.is_err(), "dropped unanswered: {answered:?}");
    let request = next_request(&mut events).await;
    assert_eq!(request.fault.as_deref(), Some("drop-after-commit"));
    assert!(
        request.to_string().contains("connection was dropped"),
        "{request}"
    );

    // A client that gives up during a latency fault still gets its line.
    let fault = "accounts_list=latency:600000,times=1"
        .parse()
        .expect("a fault");
    sandbox.inject(fault).expect("armed");
    let call =
        tokio::spawn(async move { reqwest::Client::new().post(url).body("{}").send().await });
    // The fault is spent once it struck: the call is then waiting in it.
    let struck = async {
        while !sandbox.faults().is_empty() {
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(support::WAIT, struck)
        .await
        .expect("the fault struck");
    call.abort();
    let request = next_request(&mut events).await;
    assert_eq!(request.status, alphapo_sandbox::ABANDONED, "{request}");
    assert_eq!(request.fault.as_deref(), Some("latency"), "{request}");
    assert!(
        request.to_string().contains("abandoned by the client"),
        "{request}"
    );
    sandbox.shutdown().await;
}

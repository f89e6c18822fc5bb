//! Fault injection over the three interfaces (the handle, `/_sandbox/faults`
//! and the text form the CLI reads) and the clock driven over HTTP; each
//! test shows what a client or a merchant sees.

use std::time::Duration;

use alphapo_sandbox::{Clock, DeliveryOutcome, Fault, FaultMode, FaultTarget, SandboxHandle};
use http::StatusCode;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    self, Receiver, balance, client, control, deliveries, invoice_request, post_json, start,
    take_address, with_receiver,
};

fn arm(sandbox: &SandboxHandle, text: &str) {
    let fault: Fault = text
        .parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"));
    sandbox
        .inject(fault)
        .unwrap_or_else(|error| panic!("{text}: {error}"));
}

fn withdrawal(foreign_id: &str) -> Value {
    json!({
        "currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
        "foreign_id": foreign_id, "end_user_reference": "u",
    })
}

/// A signed request whose connection is expected to close unanswered.
async fn unanswered(sandbox: &SandboxHandle, path: &str, body: &Value) -> reqwest::Error {
    let bytes = body.to_string().into_bytes();
    let headers = alphapo_auth::testing::sign_callback(&support::credentials(), &bytes);
    match reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .headers(headers)
        .body(bytes)
        .send()
        .await
    {
        Ok(response) => panic!("{path} was answered: {}", response.status()),
        Err(error) => {
            // EOF where the status line should be, as hyper reports it.
            let mut causes = Vec::new();
            let mut cause: Option<&dyn std::error::Error> = Some(&error);
            while let Some(next) = cause {
                causes.push(next.to_string());
                cause = next.source();
            }
            assert!(
                causes
                    .iter()
                    .any(|c| c.contains("connection closed before message completed")),
                "{causes:?}"
            );
            error
        }
    }
}

/// A signed `accounts/list` sent with plain reqwest, to read headers.
async fn accounts_list(sandbox: &SandboxHandle) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/v2/accounts/list", sandbox.base_url()))
        .headers(alphapo_auth::testing::sign_callback(
            &support::credentials(),
            b"{}",
        ))
        .body("{}")
        .send()
        .await
        .unwrap_or_else(|error| panic!("accounts/list: {error}"))
}

/// A 15-minute timer invoice of 100 EUR.
async fn timer_invoice(sandbox: &SandboxHandle) -> alphapo_gen::types::Invoice {
    client(sandbox)
        .invoices_create()
        .body(
            invoice_request()
                .timer(true)
                .title("Order")
                .foreign_id("order-1")
                .end_user_reference("customer-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"))
        .into_inner()
        .data
}

/// `transactions/info` by `foreign_id`: its status and JSON answer.
async fn look_up(sandbox: &SandboxHandle, foreign_id: &str) -> (StatusCode, Value) {
    let body = json!({"foreign_id": foreign_id}).to_string();
    let (status, text) = support::raw(
        sandbox,
        Method::GET,
        "/api/v2/transactions/info",
        body.as_bytes(),
        |_| {},
    )
    .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_5xx_fault_answers_a_load_balancer_page_once_over_the_control_api() {
    let sandbox = start(support::config()).await;
    let (status, armed) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"target": "accounts_list", "mode": "5xx", "status": 502, "times": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        armed,
        json!([{"target": "accounts_list", "mode": "5xx", "status": 502, "times": 1}])
    );

    let response = accounts_list(&sandbox).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        response.headers().get(CONTENT_TYPE).map(|v| v.as_bytes()),
        Some(&b"text/html"[..])
    );
    let page = response.text().await.unwrap_or_default();
    assert!(page.contains("<title>502 Bad Gateway</title>"), "{page}");

    assert_eq!(sandbox.faults(), []);
    assert_eq!(accounts_list(&sandbox).await.status(), StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_429_fault_says_when_to_come_back() {
    let sandbox = start(support::config()).await;
    arm(&sandbox, "*=429:7,times=1");
    let response = accounts_list(&sandbox).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        response.headers().get(RETRY_AFTER).map(|v| v.as_bytes()),
        Some(&b"7"[..])
    );
    assert_eq!(
        response.text().await.ok().as_deref(),
        Some("error code: 1015")
    );
    assert_eq!(accounts_list(&sandbox).await.status(), StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropping_before_commit_answers_nothing_and_changes_nothing() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    sandbox
        .inject(
            Fault::new(
                FaultTarget::operation("withdrawal_crypto"),
                FaultMode::DropBeforeCommit,
            )
            .times(1),
        )
        .unwrap_or_else(|error| panic!("{error}"));
    let error = unanswered(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-1")).await;
    assert!(!error.is_connect() && error.status().is_none(), "{error:?}");

    assert_eq!(balance(&client, "BTC").await, "1.00000000");
    assert_ne!(look_up(&sandbox, "w-1").await.0, StatusCode::OK);
    // Nothing happened: the same request again (same foreign_id) goes through.
    let (status, _) = post_json(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-1")).await;
    assert_eq!(status, StatusCode::CREATED);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropping_after_commit_answers_nothing_but_the_withdrawal_exists() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    arm(&sandbox, "withdrawal_crypto=drop-after-commit,times=1");
    let error = unanswered(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-2")).await;
    assert!(!error.is_connect() && error.status().is_none(), "{error:?}");

    let (status, found) = look_up(&sandbox, "w-2").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["foreign_id"], "w-2", "{found}");
    assert_ne!(balance(&client, "BTC").await, "1.00000000");
    // Sending it again is refused as a duplicate: it cannot move money twice.
    let (status, _) = post_json(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-2")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn latency_delays_the_answer_on_the_sandbox_clock() {
    let sandbox = start(support::config()).await;
    arm(&sandbox, "accounts_list=latency:60000");
    let started = tokio::time::Instant::now();
    let (status, _) = post_json(&sandbox, "/api/v2/accounts/list", &json!({})).await;
    assert_eq!(status, StatusCode::OK);
    // Paused tokio time: the minute passed without waiting for it.
    assert!(started.elapsed() >= Duration::from_secs(60));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn faults_that_cannot_strike_are_refused_and_delete_clears_them() {
    let sandbox = start(support::config()).await;
    let refused = [
        (
            json!({"target": "invoice_create", "mode": "5xx"}),
            "invalid_fault",
        ),
        (
            json!({"target": "callbacks", "mode": "5xx"}),
            "invalid_fault",
        ),
        (
            json!({"target": "*", "mode": "deliver-twice"}),
            "invalid_fault",
        ),
        (
            json!({"target": "*", "mode": "5xx", "status": 404}),
            "invalid_fault",
        ),
        (json!({"target": "*", "mode": "teapot"}), "invalid_body"),
    ];
    for (body, code) in refused {
        let (status, answer) = control(
            &sandbox,
            Method::POST,
            "/_sandbox/faults",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert_eq!(answer["code"], code, "{body}: {answer}");
    }
    arm(&sandbox, "*=drop-before-commit");
    let (status, listed) = control(&sandbox, Method::GET, "/_sandbox/faults", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        listed,
        json!([{"target": "*", "mode": "drop-before-commit"}])
    );
    let (status, _) = control(&sandbox, Method::DELETE, "/_sandbox/faults", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(sandbox.faults(), []);
    let (status, _) = post_json(&sandbox, "/api/v2/accounts/list", &json!({})).await;
    assert_eq!(status, StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn fail_delivery_fails_the_first_attempts_and_the_log_shows_each() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    arm(&sandbox, "callbacks=fail-delivery:2,times=1");
    sandbox
        .simulate_deposit(&address, support::amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));

    let delivered = deliveries(&sandbox, 2).await;
    let first = &delivered[0];
    assert_eq!(first.outcome, DeliveryOutcome::Delivered);
    let attempts: Vec<_> = first
        .attempts
        .iter()
        .map(|a| (a.status, a.fault.is_some()))
        .collect();
    assert_eq!(
        attempts,
        [(Some(200), true), (Some(200), true), (Some(200), false)]
    );
    assert_eq!(
        first.attempts[1].fault.as_deref(),
        Some("fault injected (fail-delivery): attempt 2 of the first 2 made to fail")
    );
    // Only the first callback was struck.
    assert_eq!(delivered[1].attempts.len(), 1);
    // The merchant got the first callback three times, each signed (the
    // second callback may arrive between them: each has its own course).
    let received = receiver.wait_for(4).await;
    assert!(received.iter().all(|r| r.verified));
    let first: Vec<_> = received
        .iter()
        .filter(|r| r.body == delivered[0].body.as_bytes())
        .collect();
    assert_eq!(first.len(), 3);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn deliver_twice_sends_the_same_body_and_signature_again() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    arm(&sandbox, "callbacks=deliver-twice,times=1");
    sandbox
        .simulate_deposit(&address, support::amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));

    let delivered = deliveries(&sandbox, 3).await;
    assert_eq!(
        (&delivered[0].body, &delivered[0].signature),
        (&delivered[1].body, &delivered[1].signature)
    );
    assert_eq!(
        (delivered[0].fault, delivered[1].fault),
        (None, Some("deliver-twice"))
    );
    assert_eq!(delivered[2].payload.status(), "confirmed");
    let received = receiver.wait_for(3).await;
    assert!(received.iter().all(|r| r.verified));
    assert_eq!(received[0].body, received[1].body);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn out_of_order_delivers_confirmed_before_not_confirmed() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    arm(&sandbox, "callbacks=out-of-order,times=1");
    sandbox
        .simulate_deposit(&address, support::amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));

    let delivered = deliveries(&sandbox, 2).await;
    let order: Vec<_> = delivered
        .iter()
        .map(|d| (d.payload.status(), d.fault))
        .collect();
    // The log lists callbacks in the order they were caused; the receiver
    // sees the order they were sent.
    assert_eq!(
        order,
        [("not_confirmed", Some("out-of-order")), ("confirmed", None)]
    );
    let received = receiver.wait_for(2).await;
    let status =
        |body: &[u8]| serde_json::from_slice::<Value>(body).unwrap_or_default()["status"].clone();
    assert_eq!(status(&received[0].body), "confirmed");
    assert_eq!(status(&received[1].body), "not_confirmed");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn clearing_the_faults_releases_a_held_callback() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let invoice = timer_invoice(&sandbox).await;
    arm(&sandbox, "callbacks=out-of-order");
    sandbox
        .expire_invoice(invoice.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let (status, _) = control(&sandbox, Method::DELETE, "/_sandbox/faults", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(
        (delivered[0].payload.status(), delivered[0].fault),
        ("failed", Some("out-of-order"))
    );
    sandbox.shutdown().await;
}

/// A sandbox on a frozen clock, its callbacks going to `receiver`.
async fn frozen(receiver: Option<&Receiver>) -> SandboxHandle {
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    config.callback_url = receiver.map(|r| r.url.clone());
    start(config).await
}

async fn advance(sandbox: &SandboxHandle, seconds: u64) -> Value {
    let (status, clock) = control(
        sandbox,
        Method::POST,
        "/_sandbox/clock/advance",
        Some(json!({"seconds": seconds})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{clock}");
    clock
}

#[tokio::test]
async fn the_clock_is_read_and_advanced_over_http() {
    let sandbox = frozen(None).await;
    let (status, clock) = control(&sandbox, Method::GET, "/_sandbox/clock", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        clock,
        json!({"unix_time": 1_700_000_000, "elapsed_seconds": 0})
    );
    assert_eq!(
        advance(&sandbox, 90).await,
        json!({"unix_time": 1_700_000_090, "elapsed_seconds": 90})
    );
    assert_eq!(sandbox.clock().unix_now(), 1_700_000_090);
    let (status, answer) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/clock/advance",
        Some(json!({"seconds": -1})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_timer_invoice_expires_when_the_clock_is_advanced_over_http() {
    let sandbox = frozen(None).await;
    let invoice = timer_invoice(&sandbox).await;
    advance(&sandbox, 15 * 60 - 1).await;
    assert_eq!(
        sandbox
            .invoice(invoice.id)
            .map(|i| i.status.to_string())
            .ok(),
        Some("pending".into())
    );
    advance(&sandbox, 1).await;
    assert_eq!(
        sandbox
            .invoice(invoice.id)
            .map(|i| i.status.to_string())
            .ok(),
        Some("failed".into())
    );
    assert_eq!(deliveries(&sandbox, 1).await[0].payload.status(), "failed");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_payment_request_expires_when_the_clock_is_advanced_over_http() {
    let sandbox = frozen(None).await;
    let request = client(&sandbox)
        .payment_requests_create()
        .body(
            alphapo_gen::types::PaymentRequestCreateRequest::builder()
                .amount(support::amount("10"))
                .currency(support::payment_currency("EUR", None))
                .life_time_duration(Some(600)),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"))
        .into_inner()
        .data;
    advance(&sandbox, 600).await;
    let status = sandbox
        .payment_request(&request.id)
        .map(|r| r.status.to_string());
    assert_eq!(status.ok(), Some("expired".into()));
    assert_eq!(deliveries(&sandbox, 1).await[0].payload.status(), "expired");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_callback_retry_fires_when_the_clock_is_advanced_over_http() {
    // The receiver answers 500 once; the retry waits on the frozen clock.
    let receiver = Receiver::start(1).await;
    let sandbox = frozen(Some(&receiver)).await;
    let invoice = timer_invoice(&sandbox).await;
    sandbox
        .expire_invoice(invoice.id)
        .unwrap_or_else(|error| panic!("{error}"));
    receiver.wait_for(1).await;
    advance(&sandbox, 1).await;
    let delivered = deliveries(&sandbox, 1).await;
    let statuses: Vec<_> = delivered[0].attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(200)]);
    assert_eq!(receiver.wait_for(2).await.len(), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_control_api_takes_the_flags_text_form_too() {
    let sandbox = start(support::config()).await;
    let armed = [
        json!("invoices_create=latency:5000"),
        json!({"fault": "accounts_list=5xx:502,times=1"}),
    ];
    for body in armed {
        let (status, answer) = control(
            &sandbox,
            Method::POST,
            "/_sandbox/faults",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}: {answer}");
    }
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.base_url()))
        .header(CONTENT_TYPE, "text/plain")
        .body("callbacks=deliver-twice")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::CREATED);
    let texts: Vec<String> = sandbox.faults().iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "invoices_create=latency:5000",
            "accounts_list=5xx:502,times=1",
            "callbacks=deliver-twice"
        ]
    );
    for (body, code) in [
        (json!("invoices_create=teapot"), "invalid_fault"),
        (json!({"fault": 7}), "invalid_fault"),
        (json!("no-target"), "invalid_fault"),
    ] {
        let (status, answer) = control(
            &sandbox,
            Method::POST,
            "/_sandbox/faults",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert_eq!(answer["code"], code, "{body}: {answer}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_5xx_after_commit_answers_a_load_balancer_page_but_the_withdrawal_exists() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    arm(&sandbox, "withdrawal_crypto=5xx-after-commit:502,times=1");
    let (status, _) = post_json(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-3")).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);

    let (status, found) = look_up(&sandbox, "w-3").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_ne!(balance(&client, "BTC").await, "1.00000000");
    let (status, _) = post_json(&sandbox, "/api/v2/withdrawal/crypto", &withdrawal("w-3")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a resend is a duplicate");
    sandbox.shutdown().await;
}

/// The status of each of `calls` `accounts/list` calls, on a sandbox seeded
/// with `seed` and armed with `faults` (JSON, over the control API).
async fn statuses_under_rate_faults(seed: u64, faults: &[Value], calls: usize) -> Vec<u16> {
    let mut config = support::config();
    config.fault_seed = seed;
    let sandbox = start(config).await;
    for fault in faults {
        let (status, armed) = control(
            &sandbox,
            Method::POST,
            "/_sandbox/faults",
            Some(fault.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{armed}");
    }
    let mut statuses = Vec::with_capacity(calls);
    for _ in 0..calls {
        statuses.push(accounts_list(&sandbox).await.status().as_u16());
    }
    let (_, listed) = control(&sandbox, Method::GET, "/_sandbox/faults", None).await;
    let struck: u64 = listed
        .as_array()
        .map(|faults| faults.iter().filter_map(|f| f["struck"].as_u64()).sum())
        .unwrap_or_default();
    let failed = statuses.iter().filter(|status| **status != 200).count();
    assert_eq!(
        struck,
        u64::try_from(failed).unwrap_or(u64::MAX),
        "{listed}"
    );
    sandbox.shutdown().await;
    statuses
}

#[tokio::test]
async fn rate_faults_each_strike_some_calls_and_the_seed_makes_them_repeat() {
    let faults = [
        json!({"target": "accounts_list", "mode": "5xx", "status": 502, "rate": 0.2}),
        json!({"target": "accounts_list", "mode": "5xx-after-commit", "status": 504, "rate": 0.2}),
        json!({"target": "accounts_list", "mode": "429", "rate": 0.2}),
    ];
    let first = statuses_under_rate_faults(42, &faults, 120).await;
    for status in [200, 502, 504, 429] {
        assert!(first.contains(&status), "{status} never seen: {first:?}");
    }
    assert_eq!(first, statuses_under_rate_faults(42, &faults, 120).await);
    assert_ne!(first, statuses_under_rate_faults(43, &faults, 120).await);
}

#[tokio::test]
async fn a_rate_fault_lists_its_rate_and_what_it_struck() {
    let sandbox = start(support::config()).await;
    arm(&sandbox, "accounts_list=5xx,rate=1");
    for _ in 0..3 {
        assert_eq!(
            accounts_list(&sandbox).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
    let (_, listed) = control(&sandbox, Method::GET, "/_sandbox/faults", None).await;
    assert_eq!(
        listed,
        json!([{"target": "accounts_list", "mode": "5xx", "status": 503, "rate": 1.0, "struck": 3}])
    );
    let (status, refused) = control(
        &sandbox,
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"target": "accounts_list", "mode": "5xx", "rate": 1.5})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    sandbox.shutdown().await;
}

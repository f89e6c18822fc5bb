//! The worker: each outcome of an attempt, the same bytes on every attempt,
//! reconciliation by foreign_id, leases that run out, a database that is
//! down, and what operators see.

use std::time::{Duration, UNIX_EPOCH};

use alphapo::payouts::{ListFilter, OutboxError, PayoutState};
use alphapo_sandbox::Fault;

use super::support::{
    INFO, Recorder, WITHDRAW, btc, client, enqueue, one_withdrawal_costs, sandbox, sqlite_outbox,
    withdrawal,
};

const NOT_FOUND: &str = r#"{"errors":{"foreign_id":"The selected foreign id is invalid."}}"#;

#[tokio::test]
async fn a_payout_is_sent_once_with_the_apis_id_and_answer() {
    let cost = one_withdrawal_costs().await;
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    let outbox = sqlite_outbox(client.clone()).await;
    enqueue(&outbox, withdrawal("pay-1")).await;

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!((processed.claimed, processed.sent), (1, 1), "{processed:?}");
    let payout = outbox.get("pay-1").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Sent);
    assert_eq!(payout.attempts, 1);
    let found = client
        .find_by_foreign_id("pay-1")
        .await
        .expect("the API has it");
    assert_eq!(payout.api_id, Some(found.id));
    assert_eq!(
        payout
            .answer
            .as_ref()
            .and_then(|a| a["foreign_id"].as_str()),
        Some("pay-1")
    );
    assert_eq!(payout.last_error, None);

    // Nothing is due any more: no second withdrawal.
    assert_eq!(outbox.process_once().await.expect("processed").claimed, 0);
    assert_eq!(before - btc(&client).await, cost, "exactly one withdrawal");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_attempt_sends_the_same_bytes_with_the_same_foreign_id() {
    // Each withdrawal answers 503 (it may have happened), each lookup "not
    // found": the worker looks up, then resends, every time.
    let server = Recorder::start(|path| match path {
        WITHDRAW => (503, "<html>Service Unavailable</html>"),
        _ => (400, NOT_FOUND),
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-2")).await;
    for _ in 0..3 {
        let processed = outbox.process_once().await.expect("processed");
        assert_eq!(
            (processed.claimed, processed.unknown),
            (1, 1),
            "{processed:?}"
        );
    }
    let payout = outbox.get("pay-2").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Unknown);
    assert_eq!(payout.attempts, 3);
    assert!(
        payout
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("503")),
        "{payout:?}"
    );

    let sent = server.to(WITHDRAW);
    assert_eq!(sent.len(), 3);
    for request in &sent {
        assert_eq!(
            request.body,
            payout.body.as_bytes(),
            "byte for byte the stored body"
        );
    }
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).expect("json");
    assert_eq!(body["foreign_id"], "pay-2");
    // Looked up before each resend (the first attempt was not in doubt).
    assert_eq!(server.to(INFO).len(), 2);
}

#[tokio::test]
async fn field_errors_reject_the_payout_for_good() {
    let server = Recorder::start(|_| {
        (
            400,
            r#"{"errors":{"amount":"The amount must be at least 0.001."}}"#,
        )
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-3")).await;
    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.claimed, processed.rejected),
        (1, 1),
        "{processed:?}"
    );
    let payout = outbox.get("pay-3").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Rejected);
    assert_eq!(
        payout.answer,
        Some(serde_json::json!({"amount": "The amount must be at least 0.001."}))
    );
    for _ in 0..3 {
        assert_eq!(outbox.process_once().await.expect("processed").claimed, 0);
    }
    assert_eq!(server.all(), 1, "never sent again");
}

#[tokio::test]
async fn a_refusal_that_proves_nothing_happened_is_deferred_in_the_same_state() {
    let server = Recorder::start(|_| {
        (
            403,
            r#"{"error":"Bad signature header","code":"bad_header_signature"}"#,
        )
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-4")).await;
    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.claimed, processed.deferred),
        (1, 1),
        "{processed:?}"
    );
    let payout = outbox.get("pay-4").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Pending);
    assert!(payout.last_error.is_some());
    // Due again (zero backoff): sent again, never looked up.
    outbox.process_once().await.expect("processed");
    assert_eq!(server.to(WITHDRAW).len(), 2);
    assert!(server.to(INFO).is_empty());
}

#[tokio::test]
async fn a_payout_dropped_after_commit_is_unknown_then_found_by_foreign_id() {
    let cost = one_withdrawal_costs().await;
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    let fault: Fault = "withdrawal_crypto=drop-after-commit,times=1"
        .parse()
        .expect("fault");
    sandbox.inject(fault).expect("armed");
    let outbox = sqlite_outbox(client.clone()).await;
    enqueue(&outbox, withdrawal("pay-5")).await;

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(processed.unknown, 1, "{processed:?}");
    assert_eq!(
        outbox.get("pay-5").await.expect("get").map(|p| p.state),
        Some(PayoutState::Unknown)
    );
    let unknown = outbox
        .list(ListFilter::default().state(PayoutState::Unknown))
        .await
        .expect("list");
    assert_eq!(unknown.len(), 1);

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.reconciled, processed.sent),
        (1, 0),
        "{processed:?}"
    );
    let payout = outbox.get("pay-5").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Sent);
    assert_eq!(
        payout.api_id,
        Some(client.find_by_foreign_id("pay-5").await.expect("found").id)
    );
    assert_eq!(before - btc(&client).await, cost, "exactly one withdrawal");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn already_taken_on_a_send_is_proof_it_exists_so_it_is_looked_up_and_sent() {
    let cost = one_withdrawal_costs().await;
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    // An earlier process sent it and died before recording anything.
    client
        .withdraw_crypto(withdrawal("pay-6"))
        .await
        .expect("sent by hand");
    let outbox = sqlite_outbox(client.clone()).await;
    enqueue(&outbox, withdrawal("pay-6")).await;

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.reconciled, processed.rejected),
        (1, 0),
        "{processed:?}"
    );
    let payout = outbox.get("pay-6").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Sent);
    assert_eq!(
        payout.api_id,
        Some(client.find_by_foreign_id("pay-6").await.expect("found").id)
    );
    assert_eq!(before - btc(&client).await, cost, "exactly one withdrawal");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn already_taken_without_a_lookup_moves_an_invoice_to_sent_without_an_id() {
    let server = Recorder::start(|_| {
        (
            400,
            r#"{"errors":{"foreign_id":"The foreign id has already been taken."}}"#,
        )
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    let invoice: alphapo::types::InvoiceCreateRequest =
        alphapo::types::InvoiceCreateRequest::builder()
            .timer(false)
            .title("Order")
            .currency("EUR")
            .amount("25.00".parse::<alphapo::Amount>().expect("amount"))
            .foreign_id("order-7")
            .end_user_reference("customer-1")
            .url_success("https://shop.example.com/ok")
            .url_failed("https://shop.example.com/failed")
            .try_into()
            .expect("an invoice");
    enqueue(&outbox, invoice).await;
    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(processed.reconciled, 1, "{processed:?}");
    let payout = outbox.get("order-7").await.expect("get").expect("stored");
    assert_eq!((payout.state, payout.api_id), (PayoutState::Sent, None));
    assert!(server.to(INFO).is_empty(), "invoices are not looked up");
}

/// Simulates a worker that claimed `foreign_id` and died: attempts 1, a
/// lease that has run out, no outcome.
async fn crash_after_claim(outbox: &alphapo::payouts::Outbox<sqlx::Sqlite>, foreign_id: &str) {
    sqlx::query(
        "UPDATE alphapo_payouts SET attempts = 1, lease_until = 1, next_attempt_at = 1 WHERE foreign_id = $1",
    )
    .bind(foreign_id)
    .execute(outbox.pool())
    .await
    .expect("claimed by a dead worker");
}

#[tokio::test]
async fn a_lease_that_ran_out_is_claimed_again_and_reconciled_into_one_withdrawal() {
    let cost = one_withdrawal_costs().await;
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    let outbox = sqlite_outbox(client.clone()).await;

    // Died after sending: found by foreign_id, not sent again.
    enqueue(&outbox, withdrawal("pay-8")).await;
    crash_after_claim(&outbox, "pay-8").await;
    client
        .withdraw_crypto(withdrawal("pay-8"))
        .await
        .expect("the dead worker's send");
    // Died before sending: not found, sent now.
    enqueue(&outbox, withdrawal("pay-9")).await;
    crash_after_claim(&outbox, "pay-9").await;

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.claimed, processed.reconciled),
        (2, 2),
        "{processed:?}"
    );
    for foreign_id in ["pay-8", "pay-9"] {
        let payout = outbox.get(foreign_id).await.expect("get").expect("stored");
        assert_eq!(
            (payout.state, payout.attempts),
            (PayoutState::Sent, 2),
            "{payout:?}"
        );
        assert_eq!(payout.lease_until, None);
    }
    assert_eq!(
        before - btc(&client).await,
        cost * rust_decimal::Decimal::TWO,
        "one withdrawal each"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_held_lease_keeps_other_workers_away() {
    let server = Recorder::start(|_| (503, "<html></html>")).await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-10")).await;
    sqlx::query("UPDATE alphapo_payouts SET attempts = 1, lease_until = 9000000000000, next_attempt_at = 9000000000000")
        .execute(outbox.pool())
        .await
        .expect("claimed by a live worker");
    assert_eq!(outbox.process_once().await.expect("processed").claimed, 0);
    assert_eq!(server.all(), 0);
}

#[tokio::test]
async fn with_the_database_down_the_worker_backs_off_and_sends_nothing() {
    let server = Recorder::start(|_| (201, "{}")).await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-11")).await;
    outbox.pool().close().await;
    // From here on, time is paused: the back-off waits cost nothing.
    tokio::time::pause();

    let error = outbox
        .process_once()
        .await
        .expect_err("the database is down");
    assert!(matches!(error, OutboxError::Database(_)), "{error:?}");
    // `run` keeps backing off (on paused time) until shut down.
    let started = tokio::time::Instant::now();
    outbox
        .clone()
        .with_config(
            super::support::config()
                .backoff(alphapo::RetryPolicy::default().with_base_delay(Duration::from_secs(1))),
        )
        .run(tokio::time::sleep(Duration::from_secs(60)))
        .await
        .expect("shut down");
    assert!(started.elapsed() >= Duration::from_secs(60));
    assert_eq!(server.all(), 0, "nothing was claimed, so nothing was sent");
}

#[tokio::test]
async fn stuck_lists_payouts_the_api_does_not_have_yet() {
    let server = Recorder::start(|path| match path {
        WITHDRAW => (503, "<html></html>"),
        _ => (400, NOT_FOUND),
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-12")).await;
    enqueue(&outbox, withdrawal("pay-13")).await;
    let stuck = outbox.stuck(Duration::ZERO).await.expect("stuck");
    assert_eq!(stuck.len(), 2);
    assert!(
        outbox
            .stuck(Duration::from_secs(3600))
            .await
            .expect("stuck")
            .is_empty()
    );

    // pay-12 is unknown after one attempt; pay-13 was sent.
    sqlx::query(
        "UPDATE alphapo_payouts SET next_attempt_at = 9000000000000 WHERE foreign_id = 'pay-13'",
    )
    .execute(outbox.pool())
    .await
    .expect("not due");
    outbox.process_once().await.expect("processed");
    sqlx::query("UPDATE alphapo_payouts SET state = 'sent' WHERE foreign_id = 'pay-13'")
        .execute(outbox.pool())
        .await
        .expect("sent");
    let stuck = outbox.stuck(Duration::ZERO).await.expect("stuck");
    let stuck: Vec<(&str, PayoutState)> = stuck
        .iter()
        .map(|p| (p.foreign_id.as_str(), p.state))
        .collect();
    assert_eq!(stuck, [("pay-12", PayoutState::Unknown)]);
    let created = outbox
        .get("pay-12")
        .await
        .expect("get")
        .expect("stored")
        .created_at;
    assert!(created > UNIX_EPOCH);
}

#[allow(
    dead_code,
    reason = "the example's `main` reads the environment; the test calls its function"
)]
#[path = "../../../examples/send_money.rs"]
mod send_money_example;

#[tokio::test]
async fn the_send_money_example_pays_once_against_the_sandbox() {
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let pool = super::support::sqlite().await;
    let payout = send_money_example::refund_order(&client, &pool, 42)
        .await
        .expect("the example runs");
    assert_eq!(
        (payout.foreign_id.as_str(), payout.state),
        ("refund-42", PayoutState::Sent)
    );
    // Run again for the same order: the merchant's own row refuses it, and
    // the outbox would too (same foreign_id).
    assert!(
        send_money_example::refund_order(&client, &pool, 42)
            .await
            .is_err()
    );
    assert_eq!(
        client
            .find_by_foreign_id("refund-42")
            .await
            .expect("found")
            .id,
        payout.api_id.expect("an id")
    );
    sandbox.shutdown().await;
}

/// An instant withdrawal of 0.001 BTC with `foreign_id`.
fn instant_withdrawal(foreign_id: &str) -> alphapo::types::InstantWithdrawalRequest {
    alphapo::types::InstantWithdrawalRequest::builder()
        .sender_currency("BTC")
        .sender_amount("0.001".parse::<alphapo::Amount>().expect("amount"))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .foreign_id(foreign_id)
        .end_user_reference("customer-1")
        .try_into()
        .expect("a valid instant withdrawal")
}

#[tokio::test]
async fn an_instant_payout_in_doubt_is_found_by_foreign_id_and_not_sent_again() {
    // What one costs (amount, withdrawal fee, network fee), measured on a
    // fresh sandbox.
    let cost = {
        let sandbox = sandbox().await;
        let client = client(sandbox.base_url());
        let before = btc(&client).await;
        client
            .withdraw_instantly(instant_withdrawal("measure"))
            .await
            .expect("an instant withdrawal");
        let cost = before - btc(&client).await;
        sandbox.shutdown().await;
        cost
    };
    let sandbox = sandbox().await;
    let client = client(sandbox.base_url());
    let before = btc(&client).await;
    let fault: Fault = "withdrawal_instant=drop-after-commit,times=1"
        .parse()
        .expect("fault");
    sandbox.inject(fault).expect("armed");
    let outbox = sqlite_outbox(client.clone()).await;
    enqueue(&outbox, instant_withdrawal("pay-6")).await;

    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(processed.unknown, 1, "{processed:?}");
    // `x-alphapo-found-by-foreign-id`: the worker looks it up instead of
    // sending it again.
    let processed = outbox.process_once().await.expect("processed");
    assert_eq!(
        (processed.reconciled, processed.sent),
        (1, 0),
        "{processed:?}"
    );
    let payout = outbox.get("pay-6").await.expect("get").expect("stored");
    assert_eq!(payout.state, PayoutState::Sent);
    let found = client.find_by_foreign_id("pay-6").await.expect("found");
    assert_eq!(found.type_.as_str(), "withdrawal_instant");
    assert_eq!(payout.api_id, Some(found.id));
    assert_eq!(before - btc(&client).await, cost, "exactly one withdrawal");
    sandbox.shutdown().await;
}

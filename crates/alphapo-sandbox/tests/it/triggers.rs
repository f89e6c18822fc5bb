//! Triggers: every event creates what it needs, ends where it says, and
//! causes exactly the callbacks its definition lists, which are delivered.

use alphapo_sandbox::{DriveError, EVENTS, TriggerEvent};
use http::StatusCode;
use serde_json::Value;

use crate::support::{self, balance, client, deliveries, with_receiver};

/// The `type status` of each callback a report or a delivery names.
fn named<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    pairs
        .map(|(kind, status)| format!("{kind} {status}"))
        .collect()
}

#[tokio::test]
async fn every_event_causes_the_callbacks_its_definition_lists() {
    for definition in &EVENTS {
        let (sandbox, receiver) = with_receiver(0).await;
        let report = sandbox
            .trigger(definition.event)
            .unwrap_or_else(|error| panic!("{}: {error}", definition.name));
        let expected: Vec<String> = definition
            .callbacks
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(report.event, definition.event);
        assert_eq!(
            named(
                report
                    .callbacks
                    .iter()
                    .map(|c| (c.kind.as_str(), c.status.as_str()))
            ),
            expected,
            "{}",
            definition.name
        );
        let delivered = deliveries(&sandbox, expected.len()).await;
        assert_eq!(
            named(
                delivered
                    .iter()
                    .map(|d| (d.payload.kind(), d.payload.status()))
            ),
            expected,
            "{}",
            definition.name
        );
        assert!(receiver.received().iter().all(|r| r.verified));
        // Every callback is about an object the trigger reports.
        for callback in &report.callbacks {
            assert!(
                report.objects.iter().any(|object| object.id == callback.id),
                "{}: {callback:?} is about none of {:?}",
                definition.name,
                report.objects
            );
        }
        // The last object ends in the last callback's status.
        let last = report.objects.last().and_then(|o| o.status.clone());
        let final_status = report.callbacks.last().map(|c| c.status.clone());
        assert_eq!(last, final_status, "{}", definition.name);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn triggers_create_their_objects_and_move_the_balances() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let deposit = sandbox
        .trigger(TriggerEvent::Deposit)
        .unwrap_or_else(|error| panic!("{error}"));
    let kinds: Vec<&str> = deposit.objects.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(kinds, ["address", "deposit"]);
    // 0.01 BTC minus the 1 % deposit fee, on 1 BTC.
    assert_eq!(balance(&client, "BTC").await, "1.00990000");

    sandbox
        .trigger(TriggerEvent::WithdrawalDeclined)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(balance(&client, "BTC").await, "1.00990000");
    let confirmed = sandbox
        .trigger(TriggerEvent::WithdrawalConfirmed)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(confirmed.objects[0].kind, "withdrawal");
    // 0.001 BTC and its 1 % fee.
    assert_eq!(balance(&client, "BTC").await, "1.00889000");

    let invoice = sandbox
        .trigger(TriggerEvent::InvoiceExpired)
        .unwrap_or_else(|error| panic!("{error}"));
    let id: i64 = invoice.objects[0].id.parse().unwrap_or_default();
    let failed = sandbox
        .invoice(id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(failed.status.as_str(), "failed");

    let request = sandbox
        .trigger(TriggerEvent::PaymentRequestPaid)
        .unwrap_or_else(|error| panic!("{error}"));
    let paid = sandbox
        .payment_request(&request.objects[0].id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(paid.status.as_str(), "paid");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_trigger_the_balance_cannot_pay_is_refused() {
    let mut config = support::config();
    config.initial_balances.clear();
    let sandbox = support::start(config).await;
    let refused = sandbox.trigger(TriggerEvent::WithdrawalConfirmed);
    assert!(
        matches!(&refused, Err(DriveError::Refused { step: "create a withdrawal", reason })
            if reason.starts_with("amount: ")),
        "{refused:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn triggers_run_over_http() {
    let sandbox = support::start(support::config()).await;
    let url = format!("{}/_sandbox/triggers/invoice-paid", sandbox.base_url());
    let response = reqwest::Client::new()
        .post(url)
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap_or_default();
    assert_eq!(report["event"], "invoice-paid");
    assert_eq!(report["objects"][0]["kind"], "invoice");
    assert_eq!(report["objects"][0]["status"], "confirmed");
    assert_eq!(report["callbacks"][1]["status"], "confirmed");

    let unknown = reqwest::Client::new()
        .post(format!(
            "{}/_sandbox/triggers/invoice-lost",
            sandbox.base_url()
        ))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let error: Value = unknown.json().await.unwrap_or_default();
    assert_eq!(error["code"], "unknown_trigger");
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|text| text.contains("invoice-paid")),
        "{error}"
    );
    sandbox.shutdown().await;
}

//! Callback delivery: retries on the schedule until 200, bounded.

use alphapo_sandbox::{DeliveryOutcome, TriggerEvent};

use crate::support::{amount, client, deliveries, take_address, with_receiver};

#[tokio::test]
async fn callbacks_are_retried_after_500_until_200() {
    // One callback (a cancelled withdrawal), so the receiver's two 500s are
    // both its own: every callback has its own course.
    let (sandbox, receiver) = with_receiver(2).await;
    sandbox
        .trigger(TriggerEvent::WithdrawalCancelled)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    let first: Vec<Option<u16>> = delivered[0].attempts.iter().map(|a| a.status).collect();
    assert_eq!(first, [Some(500), Some(500), Some(200)]);
    assert_eq!(delivered[0].outcome, DeliveryOutcome::Delivered);
    let received = receiver.received();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(|r| r.verified));
    // Every retry carries the very same signed bytes.
    assert!(received.iter().all(|r| r.body == received[0].body));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn delivery_gives_up_after_the_retry_budget() {
    let (sandbox, receiver) = with_receiver(usize::MAX).await;
    let address = take_address(&client(&sandbox), "ETH", "customer-1").await;
    sandbox
        .simulate_deposit(&address, amount("1"))
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    // The test configuration has three retries: 4 attempts in all.
    assert_eq!(delivered[0].attempts.len(), 4);
    assert_eq!(delivered[0].outcome, DeliveryOutcome::GaveUp);
    assert!(receiver.received().len() >= 4);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_a_callback_url_callbacks_are_only_recorded() {
    let sandbox = crate::support::start(crate::support::config()).await;
    let address = take_address(&client(&sandbox), "BTC", "customer-1").await;
    sandbox
        .simulate_deposit(&address, amount("0.1"))
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 2).await;
    assert!(
        delivered
            .iter()
            .all(|d| d.outcome == DeliveryOutcome::NotSent && d.attempts.is_empty())
    );
    let signature = alphapo_auth::Signer::new(&crate::support::credentials())
        .sign(delivered[0].body.as_bytes());
    assert_eq!(delivered[0].signature, signature.as_str());
    sandbox.shutdown().await;
}

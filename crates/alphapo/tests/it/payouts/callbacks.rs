//! Callbacks through the inbox and `PayoutCallbacks`: they move payouts
//! forward in the inbox's transaction, never back, and always run the
//! merchant's handler.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use alphapo::callbacks::Callback;
use alphapo::callbacks::inbox::{Delivery, Handler};
use alphapo::payouts::{PayoutCallbacks, PayoutState};
use sqlx::Sqlite;

use super::support::{
    client, enqueue, inbox, sqlite_outbox, transaction_callback, withdrawal, withdrawal_callback,
};

/// Counts the callbacks it handled.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl Counting {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Handler<Sqlite> for Counting {
    type Error = std::convert::Infallible;

    async fn handle(
        &self,
        _: &mut sqlx::SqliteConnection,
        _: &Callback,
    ) -> Result<(), Self::Error> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn callbacks_move_a_payout_forward_once_and_never_back() {
    let outbox = sqlite_outbox(client("http://127.0.0.1:9")).await;
    enqueue(&outbox, withdrawal("pay-20")).await;
    sqlx::query(
        "UPDATE alphapo_payouts SET state = 'sent', attempts = 1 WHERE foreign_id = 'pay-20'",
    )
    .execute(outbox.pool())
    .await
    .expect("sent");
    let inbox = inbox(&outbox);
    let counting = Counting::default();
    let handler = PayoutCallbacks::new(counting.clone());
    let state = || async {
        outbox
            .get("pay-20")
            .await
            .expect("get")
            .expect("stored")
            .state
    };

    let pending = withdrawal_callback(501, "pay-20", "pending");
    assert_eq!(
        inbox.receive(&pending, &handler).await.expect("received"),
        Delivery::New
    );
    assert_eq!(state().await, PayoutState::Processing);

    let confirmed = withdrawal_callback(501, "pay-20", "confirmed");
    assert_eq!(
        inbox.receive(&confirmed, &handler).await.expect("received"),
        Delivery::New
    );
    assert_eq!(state().await, PayoutState::Confirmed);
    let payout = outbox.get("pay-20").await.expect("get").expect("stored");
    assert_eq!(payout.api_id, Some(501), "the callback's id is kept");

    // The same callback again: a duplicate, nothing runs.
    assert_eq!(
        inbox.receive(&confirmed, &handler).await.expect("received"),
        Delivery::Duplicate
    );
    // Later, different statuses: the handler runs, the payout stays final.
    for status in ["cancelled", "declined"] {
        let late = withdrawal_callback(501, "pay-20", status);
        assert_eq!(
            inbox.receive(&late, &handler).await.expect("received"),
            Delivery::New
        );
        assert_eq!(state().await, PayoutState::Confirmed, "{status}");
    }
    assert_eq!(
        counting.count(),
        4,
        "the merchant's handler ran once per new callback"
    );
}

#[tokio::test]
async fn a_callback_before_the_outcome_is_recorded_moves_the_payout_and_fences_the_worker_out() {
    // The worker claimed pay-21 and is sending it; the API's callback
    // arrives first (declined by a reviewer).
    let server = super::support::Recorder::start(|_| {
        (
            201,
            r#"{"data":{"id":77,"foreign_id":"pay-21","type":"withdrawal","status":"processing"}}"#,
        )
    })
    .await;
    let outbox = sqlite_outbox(client(&server.base_url)).await;
    enqueue(&outbox, withdrawal("pay-21")).await;
    inbox(&outbox)
        .receive(
            &withdrawal_callback(77, "pay-21", "declined"),
            &PayoutCallbacks::new(Counting::default()),
        )
        .await
        .expect("received");
    assert_eq!(
        outbox.get("pay-21").await.expect("get").map(|p| p.state),
        Some(PayoutState::Declined)
    );
    // Declined is final: the worker has nothing to send.
    assert_eq!(outbox.process_once().await.expect("processed").claimed, 0);
    assert_eq!(server.all(), 0);
}

#[tokio::test]
async fn callbacks_for_anything_else_only_run_the_merchants_handler() {
    let outbox = sqlite_outbox(client("http://127.0.0.1:9")).await;
    enqueue(&outbox, withdrawal("pay-22")).await;
    let counting = Counting::default();
    let handler = PayoutCallbacks::new(counting.clone());
    let inbox = inbox(&outbox);
    // Another system's withdrawal, and a deposit that shares the foreign_id.
    inbox
        .receive(&withdrawal_callback(90, "not-ours", "confirmed"), &handler)
        .await
        .expect("received");
    let body = br#"{"id":91,"foreign_id":"pay-22","type":"deposit","status":"confirmed"}"#;
    let credentials = super::support::credentials();
    let deposit = alphapo::callbacks::VerifiedCallback::verify(
        &alphapo::callbacks::Verifier::new(&credentials),
        &alphapo::callbacks::testing::sign_callback(&credentials, body),
        &body[..],
    )
    .expect("verified");
    inbox.receive(&deposit, &handler).await.expect("received");
    assert_eq!(counting.count(), 2);
    assert_eq!(
        outbox.get("pay-22").await.expect("get").map(|p| p.state),
        Some(PayoutState::Pending)
    );
}

#[tokio::test]
async fn an_instant_withdrawal_moves_only_by_its_own_callback_type() {
    let outbox = sqlite_outbox(client("http://127.0.0.1:9")).await;
    let request = alphapo::types::InstantWithdrawalRequest::builder()
        .sender_currency("BTC")
        .sender_amount("0.01".parse::<alphapo::Amount>().expect("amount"))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .end_user_reference("customer-7")
        .foreign_id("pay-30");
    let request = alphapo::types::InstantWithdrawalRequest::try_from(request).expect("a request");
    enqueue(&outbox, request).await;
    sqlx::query(
        "UPDATE alphapo_payouts SET state = 'sent', attempts = 1 WHERE foreign_id = 'pay-30'",
    )
    .execute(outbox.pool())
    .await
    .expect("sent");
    let inbox = inbox(&outbox);
    let handler = PayoutCallbacks::new(Counting::default());
    let state = || async {
        outbox
            .get("pay-30")
            .await
            .expect("get")
            .expect("stored")
            .state
    };

    // A standard withdrawal's callback with the same foreign_id is about
    // something else: the spec's `x-alphapo-reported-by` says which types
    // report an instant withdrawal.
    for other in ["withdrawal", "withdrawal_instant_exchange"] {
        let callback = transaction_callback(601, "pay-30", other, "confirmed");
        inbox.receive(&callback, &handler).await.expect("received");
        assert_eq!(state().await, PayoutState::Sent, "{other}");
    }
    let confirmed = transaction_callback(602, "pay-30", "withdrawal_instant", "confirmed");
    inbox.receive(&confirmed, &handler).await.expect("received");
    assert_eq!(state().await, PayoutState::Confirmed);
    let payout = outbox.get("pay-30").await.expect("get").expect("stored");
    assert_eq!(payout.operation, "withdrawal_instant");
    assert_eq!(payout.api_id, Some(602));
}

//! Enqueueing: in the merchant's transaction, checked like the client
//! checks, one payout per `foreign_id`, and paying again only explicitly.

use alphapo::ErrorKind;
use alphapo::payouts::{EnqueueError, ListFilter, Outbox, PayoutState};
use alphapo::types;
use sqlx::Sqlite;

use super::support::{
    Nothing, client, enqueue, inbox, sqlite_outbox, withdrawal, withdrawal_callback,
};
use alphapo::payouts::PayoutCallbacks;

async fn offline_outbox() -> Outbox<Sqlite> {
    // Nothing is sent in these tests: a base URL that refuses connections.
    sqlite_outbox(client("http://127.0.0.1:9")).await
}

#[tokio::test]
async fn an_enqueue_rolled_back_with_the_merchants_transaction_stores_nothing() {
    let outbox = offline_outbox().await;
    let mut tx = outbox.pool().begin().await.expect("begin");
    Outbox::<Sqlite>::enqueue(&mut tx, withdrawal("refund-1"))
        .await
        .expect("enqueued");
    tx.rollback().await.expect("rollback");
    assert_eq!(outbox.get("refund-1").await.expect("get"), None);
    assert!(
        outbox
            .list(ListFilter::default())
            .await
            .expect("list")
            .is_empty()
    );

    let id = enqueue(&outbox, withdrawal("refund-1")).await;
    let payout = outbox.get("refund-1").await.expect("get").expect("stored");
    assert_eq!(payout.id, id);
    assert_eq!(payout.state, PayoutState::Pending);
    assert_eq!(payout.operation, "withdrawal_crypto");
    assert_eq!(payout.attempts, 0);
    assert_eq!(
        payout.body,
        serde_json::to_string(&withdrawal("refund-1")).expect("json"),
        "the exact JSON body is stored"
    );
}

#[tokio::test]
async fn an_invalid_body_is_refused_with_the_clients_argument_error_before_anything_is_stored() {
    let outbox = offline_outbox().await;
    let mut request = withdrawal("refund-2");
    request.amount = Some("0".parse().expect("amount"));
    let mut tx = outbox.pool().begin().await.expect("begin");
    let error = Outbox::<Sqlite>::enqueue(&mut tx, request.clone())
        .await
        .expect_err("a zero amount is refused");
    let EnqueueError::InvalidArgument(error) = error else {
        panic!("expected InvalidArgument, got {error:?}");
    };
    // The same error the client gives for the same request.
    let from_client = client("http://127.0.0.1:9")
        .withdraw_crypto(request)
        .await
        .expect_err("the client refuses it too");
    assert_eq!(error.kind(), from_client.kind());
    assert!(
        matches!(error.kind(), ErrorKind::InvalidArgument { field, .. } if field == "amount"),
        "{error:?}"
    );
    tx.commit().await.expect("commit");
    assert_eq!(outbox.get("refund-2").await.expect("get"), None);

    // A payment request may lack a foreign_id; a payout may not.
    let request: types::PaymentRequestCreateRequest = serde_json::from_value(serde_json::json!({
        "amount": "100",
        "currency": {"iso": "EUR"},
        "end_user_reference": "customer-1",
        "url_store": "https://shop.example.com"
    }))
    .expect("a payment request");
    let mut tx = outbox.pool().begin().await.expect("begin");
    let error = Outbox::<Sqlite>::enqueue(&mut tx, request)
        .await
        .expect_err("no foreign_id");
    assert!(
        matches!(&error, EnqueueError::InvalidArgument(e) if matches!(e.kind(), ErrorKind::InvalidArgument { field, .. } if field == "foreign_id")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_second_intent_with_the_same_foreign_id_is_a_typed_error_and_the_transaction_goes_on() {
    let outbox = offline_outbox().await;
    enqueue(&outbox, withdrawal("refund-3")).await;
    let mut tx = outbox.pool().begin().await.expect("begin");
    let error = Outbox::<Sqlite>::enqueue(&mut tx, withdrawal("refund-3"))
        .await
        .expect_err("a duplicate");
    assert!(
        matches!(&error, EnqueueError::DuplicateForeignId { foreign_id } if foreign_id == "refund-3"),
        "{error:?}"
    );
    // The merchant's transaction is still usable.
    Outbox::<Sqlite>::enqueue(&mut tx, withdrawal("refund-4"))
        .await
        .expect("another payout in the same transaction");
    tx.commit().await.expect("commit");
    let all = outbox.list(ListFilter::default()).await.expect("list");
    let ids: Vec<&str> = all.iter().map(|p| p.foreign_id.as_str()).collect();
    assert_eq!(ids, ["refund-3", "refund-4"]);
}

#[tokio::test]
async fn paying_again_needs_a_final_failure_a_new_foreign_id_and_happens_once() {
    let outbox = offline_outbox().await;
    enqueue(&outbox, withdrawal("refund-5")).await;
    let mut tx = outbox.pool().begin().await.expect("begin");

    let error = Outbox::<Sqlite>::enqueue_retry(&mut tx, "refund-5", withdrawal("refund-5-b"))
        .await
        .expect_err("pending may still pay");
    assert!(
        matches!(
            &error,
            EnqueueError::NotRetryable {
                state: PayoutState::Pending,
                ..
            }
        ),
        "{error:?}"
    );
    let error = Outbox::<Sqlite>::enqueue_retry(&mut tx, "nope", withdrawal("refund-5-b"))
        .await
        .expect_err("no such payout");
    assert!(
        matches!(&error, EnqueueError::PreviousNotFound { .. }),
        "{error:?}"
    );
    tx.commit().await.expect("commit");

    // The withdrawal is cancelled (its callback, through the inbox).
    inbox(&outbox)
        .receive(
            &withdrawal_callback(11, "refund-5", "cancelled"),
            &PayoutCallbacks::new(Nothing),
        )
        .await
        .expect("received");
    assert_eq!(
        outbox.get("refund-5").await.expect("get").map(|p| p.state),
        Some(PayoutState::Cancelled)
    );

    let mut tx = outbox.pool().begin().await.expect("begin");
    let error = Outbox::<Sqlite>::enqueue_retry(&mut tx, "refund-5", withdrawal("refund-5"))
        .await
        .expect_err("the same foreign_id is the same payment");
    assert!(
        matches!(&error, EnqueueError::DuplicateForeignId { .. }),
        "{error:?}"
    );
    Outbox::<Sqlite>::enqueue_retry(&mut tx, "refund-5", withdrawal("refund-5-b"))
        .await
        .expect("paid again");
    let error = Outbox::<Sqlite>::enqueue_retry(&mut tx, "refund-5", withdrawal("refund-5-c"))
        .await
        .expect_err("only once");
    assert!(
        matches!(&error, EnqueueError::AlreadyRetried { retry, .. } if retry == "refund-5-b"),
        "{error:?}"
    );
    tx.commit().await.expect("commit");
    let retry = outbox
        .get("refund-5-b")
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(retry.retry_of.as_deref(), Some("refund-5"));
    assert_eq!(retry.state, PayoutState::Pending);
    assert_eq!(outbox.get("refund-5-c").await.expect("get"), None);
}

//! The in-memory store of seen keys: new once, bounded, oldest forgotten
//! first, and exactly one winner under concurrency.

use std::sync::Arc;

use alphapo::callbacks::{DedupKey, DedupScope, InMemorySeenKeys, SeenKeys};

fn key(id: u32, status: &str) -> DedupKey {
    DedupKey::new(DedupScope::Transaction, id.to_string(), status)
}

#[tokio::test]
async fn a_key_is_new_once_and_each_status_is_its_own_key() {
    let seen = InMemorySeenKeys::new(10);
    assert_eq!(seen.insert_if_new(&key(1, "not_confirmed")).await, Ok(true));
    assert_eq!(
        seen.insert_if_new(&key(1, "not_confirmed")).await,
        Ok(false)
    );
    assert_eq!(seen.insert_if_new(&key(1, "confirmed")).await, Ok(true));
    let invoice = DedupKey::new(DedupScope::Invoice, "1", "confirmed");
    assert_eq!(seen.insert_if_new(&invoice).await, Ok(true));
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn it_keeps_at_most_its_capacity_and_forgets_the_oldest_first() {
    let seen = InMemorySeenKeys::new(3);
    for id in 0..5 {
        assert_eq!(seen.insert_if_new(&key(id, "confirmed")).await, Ok(true));
        assert!(seen.len() <= 3);
    }
    // 0 and 1 were forgotten; 2, 3 and 4 are remembered.
    for id in 2..5 {
        assert_eq!(
            seen.insert_if_new(&key(id, "confirmed")).await,
            Ok(false),
            "{id}"
        );
    }
    assert_eq!(seen.insert_if_new(&key(1, "confirmed")).await, Ok(true));
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn a_duplicate_does_not_refresh_or_evict() {
    let seen = InMemorySeenKeys::new(2);
    assert_eq!(seen.insert_if_new(&key(1, "confirmed")).await, Ok(true));
    assert_eq!(seen.insert_if_new(&key(2, "confirmed")).await, Ok(true));
    assert_eq!(seen.insert_if_new(&key(2, "confirmed")).await, Ok(false));
    assert_eq!(seen.insert_if_new(&key(1, "confirmed")).await, Ok(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deliveries_of_one_callback_have_exactly_one_winner() {
    let seen = Arc::new(InMemorySeenKeys::new(100));
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move { seen.insert_if_new(&key(42, "confirmed")).await })
        })
        .collect();
    let mut winners = 0;
    for task in tasks {
        if task.await.expect("the task ran") == Ok(true) {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

//! `alphapo payouts list|show`: what the outbox holds, from its database,
//! as JSON; here a payout left unknown by a 503.

use std::time::Duration;

use alphapo::payouts::{Outbox, PayoutState};
use alphapo::{Client, Credentials, RetryPolicy, types};
use httpmock::prelude::*;
use serde_json::Value;
use sqlx::Sqlite;

use crate::support::{alphapo, exit_code, text};

/// A SQLite file with one withdrawal the API answered 503 to: unknown.
async fn outbox_with_an_unknown_payout() -> (String, std::path::PathBuf) {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/withdrawal/crypto");
            then.status(503).body("<html>Service Unavailable</html>");
        })
        .await;
    let path = std::env::temp_dir().join(format!(
        "alphapo-cli-payouts-{}-{}.db",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_nanos()
    ));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let client = Client::builder()
        .credentials(Credentials::new("key", "secret").expect("credentials"))
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let pool = sqlx::SqlitePool::connect(&url).await.expect("sqlite");
    let outbox = Outbox::<Sqlite>::new(pool.clone(), client);
    outbox.migrate().await.expect("migrates");
    let request = types::WithdrawalRequest::builder()
        .currency("BTC")
        .amount(Some("0.001".parse::<alphapo::Amount>().expect("amount")))
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .end_user_reference("customer-1")
        .foreign_id("refund-42");
    let mut tx = pool.begin().await.expect("begin");
    Outbox::<Sqlite>::enqueue(
        &mut tx,
        types::WithdrawalRequest::try_from(request).expect("valid"),
    )
    .await
    .expect("enqueued");
    tx.commit().await.expect("commit");
    assert_eq!(outbox.process_once().await.expect("processed").unknown, 1);
    pool.close().await;
    (url, path)
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("JSON: {}", text(output)))
}

#[tokio::test]
async fn list_and_show_print_an_unknown_payout() {
    let (url, path) = outbox_with_an_unknown_payout().await;
    let vars = [("DATABASE_URL", url.as_str())];

    let output = alphapo(&vars)
        .args(["payouts", "list", "--state", "unknown"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 0, "{}", text(&output));
    let listed = json(&output);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["foreign_id"], "refund-42");
    assert_eq!(listed[0]["state"], PayoutState::Unknown.as_str());
    assert_eq!(listed[0]["attempts"], 1);

    let output = alphapo(&vars)
        .args(["payouts", "list", "--state", "sent"])
        .output()
        .expect("runs");
    assert_eq!(json(&output), serde_json::json!([]));
    let output = alphapo(&vars)
        .args(["payouts", "list", "--stuck-for", "0"])
        .output()
        .expect("runs");
    assert_eq!(json(&output)[0]["foreign_id"], "refund-42");

    let output = alphapo(&[])
        .args(["payouts", "show", "refund-42", "--database-url", &url])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 0, "{}", text(&output));
    let shown = json(&output);
    assert_eq!(shown["state"], "unknown");
    assert!(
        shown["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("503")),
        "{shown}"
    );

    let output = alphapo(&vars)
        .args(["payouts", "show", "nope"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 1, "{}", text(&output));
    let output = alphapo(&[("DATABASE_URL", "mysql://x")])
        .args(["payouts", "list"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2, "{}", text(&output));
    let output = alphapo(&[])
        .args(["payouts", "list"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2, "no database: {}", text(&output));
    std::fs::remove_file(path).expect("the test database is removed");
}

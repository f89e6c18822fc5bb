//! Withdrawals the sandbox confirms by itself after
//! `SandboxConfig::withdrawal_confirmation`, on its clock, and the control
//! API's list of withdrawals.

use std::time::Duration;

use alphapo_sandbox::{Clock, SandboxHandle};
use http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{self, Receiver, control, post_json, start};

/// Withdraws `amount` BTC under `foreign_id`; the new withdrawal's id.
async fn withdraw(sandbox: &SandboxHandle, foreign_id: &str, amount: &str) -> i64 {
    let body = json!({
        "currency": "BTC", "amount": amount, "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
        "foreign_id": foreign_id, "end_user_reference": "u",
    });
    let (status, answer) = post_json(sandbox, "/api/v2/withdrawal/crypto", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["data"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id: {answer}"))
}

/// `GET /_sandbox/withdrawals`.
async fn listed(sandbox: &SandboxHandle) -> Value {
    let (status, list) = control(sandbox, Method::GET, "/_sandbox/withdrawals", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list
}

#[tokio::test]
async fn a_withdrawal_is_confirmed_by_the_sandbox_once_its_delay_passed_on_the_clock() {
    let receiver = Receiver::start(0).await;
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    config.withdrawal_confirmation = Some(Duration::from_secs(60));
    config.callback_url = Some(receiver.url.clone());
    let sandbox = start(config).await;
    let first = withdraw(&sandbox, "w-1", "0.01").await;
    let second = withdraw(&sandbox, "w-2", "0.02").await;
    sandbox
        .cancel_withdrawal(second)
        .unwrap_or_else(|error| panic!("cancel: {error}"));
    receiver.wait_for(1).await;

    sandbox.advance_clock(Duration::from_secs(59));
    let statuses = |list: &Value| -> Vec<(i64, String)> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(|row| {
                let id = row["id"].as_i64().unwrap_or_default();
                (id, row["status"].as_str().unwrap_or_default().to_owned())
            })
            .collect()
    };
    assert_eq!(
        statuses(&listed(&sandbox).await),
        [(second, "cancelled".into()), (first, "processing".into())]
    );

    sandbox.advance_clock(Duration::from_secs(1));
    assert_eq!(
        statuses(&listed(&sandbox).await),
        [(second, "cancelled".into()), (first, "confirmed".into())],
        "the cancelled one stays cancelled"
    );
    let received = receiver.wait_for(2).await;
    let confirmed: Value = serde_json::from_slice(&received[1].body).unwrap_or_default();
    assert_eq!(
        (&confirmed["id"], &confirmed["status"]),
        (&json!(first), &json!("confirmed")),
        "{confirmed}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_a_withdrawal_confirmation_withdrawals_wait_for_the_driver() {
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    let sandbox = start(config).await;
    let id = withdraw(&sandbox, "w-1", "0.01").await;
    sandbox.advance_clock(Duration::from_secs(365 * 24 * 3_600));
    assert_eq!(listed(&sandbox).await[0]["status"], "processing");
    sandbox
        .confirm_withdrawal(id)
        .unwrap_or_else(|error| panic!("confirm: {error}"));
    assert_eq!(listed(&sandbox).await[0]["status"], "confirmed");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_control_api_lists_every_withdrawal_with_its_amount_and_foreign_id() {
    let sandbox = start(support::config()).await;
    let id = withdraw(&sandbox, "payout-7", "0.01234567").await;
    let converted = json!({
        "currency": "BTC", "convert_to": "ETH", "amount": "0.01", "address": "0x0000000000000000000000000000000000000001",
        "foreign_id": "payout-8", "end_user_reference": "u",
    });
    let (status, answer) = post_json(&sandbox, "/api/v2/withdrawal/crypto", &converted).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let list = listed(&sandbox).await;
    assert_eq!(
        list,
        json!([
            {"id": answer["data"]["id"], "foreign_id": "payout-8", "amount": "0.01000000", "currency": "BTC", "status": "processing"},
            {"id": id, "foreign_id": "payout-7", "amount": "0.01234567", "currency": "BTC", "status": "processing"},
        ])
    );
    sandbox.shutdown().await;
}

//! Every kind of callback the sandbox sends has exactly the keys of
//! AlphaPo's documented payload of that kind (`tests/fixtures/callbacks/`),
//! `null`s and empty arrays included, so a client that breaks on the real
//! shape (`"txid": null`) breaks on the sandbox's too.

use std::collections::BTreeSet;

use alphapo_gen::types;
use alphapo_sandbox::{SandboxHandle, TriggerEvent};
use serde_json::Value;

use crate::support::{self, amount, client, start};

/// Keys the sandbox sends beyond a documented payload, each with where the
/// API documents it: `end_user_reference` is in the current withdrawal
/// callbacks (docs.cryptoprocessing.com, "Withdrawal callbacks") and in
/// newer payloads of every kind (reference §7.3); exchanges carry their
/// `foreign_id` (reference §7.3), which the one documented exchange payload
/// predates.
const DOCUMENTED_ELSEWHERE: [&str; 2] = ["end_user_reference", "foreign_id"];

/// Keys whose documented value is sometimes a value, sometimes `null`: a
/// blockchain leg's `riskscore` ("0.42" in the docs, `null` in a callback
/// from AlphaPo's sandbox, reference §7.3).
const VALUE_OR_NULL: [&str; 1] = ["transactions[blockchain].riskscore"];

/// The key paths of a JSON value: `a.b` for a key, `a.b=null` when its value
/// is null, `a[]` for an empty array, and array elements under `a[kind]`
/// (their `transaction_type`) or `a[*]`.
fn key_paths(value: &Value) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    walk(value, "", &mut paths);
    paths
}

fn walk(value: &Value, at: &str, paths: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                if inner.is_null() {
                    paths.insert(format!("{path}=null"));
                } else {
                    paths.insert(path.clone());
                    walk(inner, &path, paths);
                }
            }
        }
        Value::Array(items) if items.is_empty() => {
            paths.insert(format!("{at}[]"));
        }
        Value::Array(items) => {
            for item in items {
                let kind = item["transaction_type"].as_str().unwrap_or("*");
                walk(item, &format!("{at}[{kind}]"), paths);
            }
        }
        _ => {}
    }
}

fn documented(file: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/callbacks/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The body of the sandbox's callback of `kind` and `status`, as sent.
fn sent(sandbox: &SandboxHandle, kind: &str, status: &str) -> Value {
    let body = sandbox
        .deliveries()
        .snapshot()
        .into_iter()
        .find(|d| d.payload.kind() == kind && d.payload.status() == status)
        .map(|d| d.body)
        .unwrap_or_else(|| panic!("no {kind} {status} callback"));
    serde_json::from_str(&body).unwrap_or_else(|error| panic!("{error}"))
}

/// Asserts the sandbox's callback has exactly the documented key paths (the
/// keys documented elsewhere allowed at the top level).
fn assert_shape(sandbox: &SandboxHandle, kind: &str, status: &str, file: &str) {
    let comparable = |paths: BTreeSet<String>| -> BTreeSet<String> {
        paths
            .into_iter()
            .filter(|path| !DOCUMENTED_ELSEWHERE.contains(&path.as_str()))
            .map(|path| match path.strip_suffix("=null") {
                Some(key) if VALUE_OR_NULL.contains(&key) => key.to_owned(),
                _ => path,
            })
            .collect()
    };
    let ours = comparable(key_paths(&sent(sandbox, kind, status)));
    let theirs = comparable(key_paths(&documented(file)));
    let extra: Vec<_> = ours.difference(&theirs).collect();
    let missing: Vec<_> = theirs.difference(&ours).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{kind} {status} against {file}: not documented {extra:?}, missing {missing:?}"
    );
}

async fn triggered(event: TriggerEvent) -> SandboxHandle {
    let sandbox = start(support::config()).await;
    sandbox
        .trigger(event)
        .unwrap_or_else(|error| panic!("{error}"));
    sandbox
}

#[tokio::test]
async fn deposit_callbacks_have_the_documented_keys() {
    let sandbox = triggered(TriggerEvent::Deposit).await;
    assert_shape(
        &sandbox,
        "deposit",
        "not_confirmed",
        "22-deposit-not_confirmed.json",
    );
    assert_shape(
        &sandbox,
        "deposit",
        "confirmed",
        "00-deposit-confirmed.json",
    );
    let not_confirmed = sent(&sandbox, "deposit", "not_confirmed");
    assert_eq!(not_confirmed["fees"], serde_json::json!([]));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn deposit_exchange_callbacks_have_the_documented_keys() {
    let sandbox = triggered(TriggerEvent::DepositExchange).await;
    assert_shape(
        &sandbox,
        "deposit_exchange",
        "confirmed",
        "03-deposit_exchange-confirmed.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn withdrawal_callbacks_have_the_documented_keys() {
    let sandbox = triggered(TriggerEvent::WithdrawalConfirmed).await;
    assert_shape(
        &sandbox,
        "withdrawal",
        "confirmed",
        "04-withdrawal-confirmed.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_withdrawal_carries_txid_and_tag_as_null() {
    let sandbox = triggered(TriggerEvent::WithdrawalCancelled).await;
    assert_shape(
        &sandbox,
        "withdrawal",
        "cancelled",
        "23-withdrawal-cancelled.json",
    );
    let body = sent(&sandbox, "withdrawal", "cancelled");
    let leg = &body["transactions"][0];
    assert_eq!((&leg["txid"], &leg["tag"]), (&Value::Null, &Value::Null));
    assert!(
        leg.get("txid").is_some() && leg.get("tag").is_some(),
        "{leg}"
    );
    assert_eq!(body["crypto_address"].get("tag"), Some(&Value::Null));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_declined_withdrawal_has_the_cancelled_withdrawals_keys() {
    // AlphaPo documents no declined payload: the sandbox sends a
    // cancellation's.
    let sandbox = triggered(TriggerEvent::WithdrawalDeclined).await;
    assert_shape(
        &sandbox,
        "withdrawal",
        "declined",
        "23-withdrawal-cancelled.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn withdrawal_exchange_callbacks_have_the_documented_keys() {
    let sandbox = start(support::config()).await;
    let withdrawal = support::withdraw(
        &client(&sandbox),
        types::WithdrawalRequest::builder()
            .currency("EUR")
            .convert_to(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}"))))
            .amount(Some(amount("100")))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id("shape-1")
            .end_user_reference("customer-1"),
    )
    .await;
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_shape(
        &sandbox,
        "withdrawal_exchange",
        "confirmed",
        "07-withdrawal_exchange-confirmed.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn exchange_callbacks_have_the_documented_keys() {
    let sandbox = triggered(TriggerEvent::ExchangeConfirmed).await;
    assert_shape(
        &sandbox,
        "exchange",
        "confirmed",
        "08-exchange-confirmed.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invoice_callbacks_have_the_documented_keys() {
    let sandbox = triggered(TriggerEvent::InvoicePaid).await;
    assert_shape(
        &sandbox,
        "invoice",
        "processing",
        "17-invoice-processing.json",
    );
    sandbox.shutdown().await;
    // A confirmed invoice paid in its own currency, as documented.
    let sandbox = start(support::config()).await;
    let invoice = btc_invoice(&sandbox).await;
    sandbox
        .pay_invoice(invoice.id, amount("0.02"))
        .unwrap_or_else(|error| panic!("{error}"));
    let confirmed = sandbox
        .deliveries()
        .wait_for(2, support::WAIT)
        .await
        .map(|d| d.len());
    assert_eq!(confirmed, Some(2));
    assert_shape(
        &sandbox,
        "invoice",
        "confirmed",
        "18-invoice-confirmed.json",
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_expired_invoice_has_the_documented_keys() {
    let sandbox = start(support::config()).await;
    let invoice = btc_invoice(&sandbox).await;
    sandbox
        .expire_invoice(invoice.id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_shape(&sandbox, "invoice", "failed", "19-invoice-failed.json");
    sandbox.shutdown().await;
}

/// A timer invoice of 0.02 BTC paid in BTC, as the documented ones.
async fn btc_invoice(sandbox: &SandboxHandle) -> types::Invoice {
    client(sandbox)
        .invoices_create()
        .body(
            types::InvoiceCreateRequest::builder()
                .currency("BTC")
                .amount(amount("0.02"))
                .url_success("https://shop.example/ok")
                .url_failed("https://shop.example/ko")
                .timer(true)
                .title("Order")
                .foreign_id("shape-2")
                .end_user_reference("customer-1")
                .sender_currency(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"))
        .into_inner()
        .data
}

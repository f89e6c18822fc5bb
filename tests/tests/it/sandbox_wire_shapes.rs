//! What the sandbox puts on the wire, for every response and callback kind
//! it produces: every field the spec marks `required` (`null` and `[]`
//! included; the lists come from the spec itself, so this follows the
//! spec), and every field the documented callbacks of the same kind carry.

use std::collections::BTreeSet;
use std::time::Duration;

use alphapo_auth::Signer;
use alphapo_gen::{Amount, types};
use alphapo_sandbox::{CallbackPayload, SandboxConfig, SandboxHandle};
use alphapo_tests::{required, spec};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{credentials, send, start};

const WAIT: Duration = Duration::from_secs(5);

fn amount(text: &str) -> Amount {
    text.parse().expect("a test amount")
}

fn code<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a test currency code")
}

async fn address(client: &alphapo_gen::Client, currency: &str, convert_to: Option<&str>) -> String {
    client
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency(currency)
                .convert_to(convert_to.map(code))
                .foreign_id(format!("user-{currency}"))
                .end_user_reference("customer-1"),
        )
        .send()
        .await
        .expect("addresses/take")
        .into_inner()
        .data
        .address
}

async fn withdraw(client: &alphapo_gen::Client, foreign_id: &str, convert: bool) -> i64 {
    let request = types::WithdrawalRequest::builder()
        .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        .foreign_id(foreign_id)
        .end_user_reference("customer-1");
    let request = if convert {
        request
            .currency("EUR")
            .convert_to(Some(code("BTC")))
            .amount_to(Some(amount("0.001")))
    } else {
        request.currency("BTC").amount(Some(amount("0.001")))
    };
    client
        .withdrawal_crypto()
        .body(request)
        .send()
        .await
        .expect("withdrawal/crypto")
        .into_inner()
        .data
        .id
}

async fn invoice(client: &alphapo_gen::Client, foreign_id: &str) -> types::Invoice {
    client
        .invoices_create()
        .body(
            types::InvoiceCreateRequest::builder()
                .timer(true)
                .title("Order")
                .currency("EUR")
                .amount(amount("100"))
                .foreign_id(foreign_id)
                .end_user_reference("customer-1")
                .url_success("https://shop.example/ok")
                .url_failed("https://shop.example/ko")
                .sender_currency(Some(code("BTC"))),
        )
        .send()
        .await
        .expect("invoices/create")
        .into_inner()
        .data
}

async fn payment_request(client: &alphapo_gen::Client, foreign_id: &str) -> String {
    client
        .payment_requests_create()
        .body(
            types::PaymentRequestCreateRequest::builder()
                .amount(amount("100"))
                .currency(types::PaymentCurrency {
                    iso: "EUR".into(),
                    network_name: None,
                })
                .foreign_id(Some(code(foreign_id))),
        )
        .send()
        .await
        .expect("payment request")
        .into_inner()
        .data
        .id
}

/// Drives every flow the sandbox has to each of its outcomes; the
/// transaction ids, for `transactions/info`.
async fn drive(sandbox: &SandboxHandle, client: &alphapo_gen::Client) -> Vec<i64> {
    let mut ids = Vec::new();
    let btc = address(client, "BTC", None).await;
    let deposit = sandbox
        .simulate_deposit(&btc, amount("0.5"))
        .expect("deposit");
    let too_small = sandbox
        .simulate_deposit(&btc, amount("0.00001"))
        .expect("deposit");
    let to_eur = address(client, "BTC", Some("EUR")).await;
    let converted = sandbox
        .simulate_deposit(&to_eur, amount("0.01"))
        .expect("deposit");
    let xrp = address(client, "XRP", None).await;
    let tagged = sandbox
        .simulate_deposit(&xrp, amount("25"))
        .expect("deposit");
    ids.extend([deposit.id, too_small.id, converted.id, tagged.id]);
    // Two callbacks per deposit, one for the one below the minimum.
    let mut callbacks = 2 + 1 + 2 + 2;

    let confirmed = withdraw(client, "w-confirmed", false).await;
    let cancelled = withdraw(client, "w-cancelled", false).await;
    let declined = withdraw(client, "w-declined", false).await;
    let exchanged = withdraw(client, "w-exchange", true).await;
    sandbox.confirm_withdrawal(confirmed).expect("confirm");
    sandbox.cancel_withdrawal(cancelled).expect("cancel");
    sandbox.decline_withdrawal(declined).expect("decline");
    sandbox.confirm_withdrawal(exchanged).expect("confirm");
    ids.extend([confirmed, cancelled, declined, exchanged]);
    callbacks += 4;

    let exchange = client
        .exchange_now()
        .body(
            types::ExchangeNowRequest::builder()
                .sender_currency("BTC")
                .receiver_currency("EUR")
                .sender_amount(Some(amount("0.003")))
                .foreign_id("x-1"),
        )
        .send()
        .await
        .expect("exchange/now")
        .into_inner()
        .data;
    ids.push(exchange.id);
    callbacks += 1;

    let paid = invoice(client, "i-paid").await;
    let due = paid
        .sender_amount
        .expect("a timer invoice with a currency has an amount");
    sandbox.pay_invoice(paid.id, due).expect("pay");
    let expired = invoice(client, "i-expired").await;
    sandbox.expire_invoice(expired.id).expect("expire");
    let partial = invoice(client, "i-partial").await;
    let half = partial.sender_amount.expect("an amount to pay").value() / Decimal::TWO;
    sandbox
        .pay_invoice(partial.id, Amount::new(half))
        .expect("pay");
    sandbox.expire_invoice(partial.id).expect("expire");
    ids.extend([paid.id, expired.id, partial.id]);
    callbacks += 2 + 1 + 2;

    let request = payment_request(client, "p-paid").await;
    // 1 BTC (the default payment currency) covers 100 EUR.
    sandbox
        .pay_payment_request(&request, amount("1"))
        .expect("pay");
    let expired_request = payment_request(client, "p-expired").await;
    sandbox
        .expire_payment_request(&expired_request)
        .expect("expire");
    callbacks += 2 + 1;

    sandbox
        .deliveries()
        .wait_for(callbacks, WAIT)
        .await
        .expect("every callback");
    ids
}

/// A sandbox with short confirmations, after [`drive`]; and the ids.
async fn driven() -> (SandboxHandle, Vec<i64>) {
    let mut config = SandboxConfig::new(credentials());
    config.confirmation_delay = Duration::from_millis(5);
    let sandbox = start(config).await;
    let client = alphapo_gen::Client::new(sandbox.base_url(), Some(Signer::new(&credentials())));
    let ids = drive(&sandbox, &client).await;
    (sandbox, ids)
}

/// The paths (`crypto_address.tag`, `transactions[].txid`) a JSON value
/// has, arrays folded into `[]`; with `with_empty`, also those whose value
/// is `null` or `[]`.
fn paths(value: &Value, at: &str, with_empty: bool, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (name, inner) in object {
                let path = if at.is_empty() {
                    name.clone()
                } else {
                    format!("{at}.{name}")
                };
                let empty = inner.is_null() || inner.as_array().is_some_and(Vec::is_empty);
                if with_empty || !empty {
                    found.insert(path.clone());
                }
                paths(inner, &path, with_empty, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(item, &format!("{at}[]"), with_empty, found);
            }
        }
        _ => {}
    }
}

/// Fields the documented callbacks carry with a value that the sandbox
/// leaves out, and why.
const NOT_SIMULATED: &[(&str, &str)] = &[(
    "transactions[].riskscore",
    "the sandbox does not score deposits; AlphaPo's own sandbox sends null (reference §7.3)",
)];

#[tokio::test]
async fn every_callback_kind_has_the_fields_its_documented_callbacks_have() {
    let (sandbox, _) = driven().await;
    let mut ours: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for delivery in sandbox.deliveries().snapshot() {
        let body: Value = serde_json::from_str(&delivery.body).expect("callbacks are JSON");
        let kind = format!("{} {}", delivery.payload.kind(), delivery.payload.status());
        paths(&body, "", true, ours.entry(kind).or_default());
    }
    sandbox.shutdown().await;
    let mut failures = Vec::new();
    let fixtures = alphapo_tests::fixtures::callbacks();
    assert!(fixtures.len() >= 18, "{} fixtures", fixtures.len());
    for (name, fixture) in fixtures {
        let kind = format!(
            "{} {}",
            fixture["type"].as_str().unwrap_or_default(),
            fixture["status"].as_str().unwrap_or_default()
        );
        let Some(sent) = ours.get(&kind) else {
            failures.push(format!("{name}: the sandbox sends no {kind} callback"));
            continue;
        };
        let mut documented = BTreeSet::new();
        paths(&fixture, "", false, &mut documented);
        let lacking: Vec<&String> = documented
            .iter()
            .filter(|path| !sent.contains(*path))
            .filter(|path| NOT_SIMULATED.iter().all(|(skipped, _)| skipped != path))
            .collect();
        if !lacking.is_empty() {
            failures.push(format!(
                "{name} ({kind}): the sandbox never sends {lacking:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_response_and_callback_kind_has_the_fields_the_spec_requires() {
    let spec = spec::load();
    let (sandbox, ids) = driven().await;

    let mut failures = Vec::new();
    let mut kinds = BTreeSet::new();
    for delivery in sandbox.deliveries().snapshot() {
        let schema = match &delivery.payload {
            CallbackPayload::Transaction(_) => "TransactionCallback",
            CallbackPayload::Invoice(_) => "InvoiceCallback",
            CallbackPayload::PaymentRequest(_) => "PaymentRequestCallback",
        };
        let body: Value = serde_json::from_str(&delivery.body).expect("callbacks are JSON");
        let kind = format!("{} {}", delivery.payload.kind(), delivery.payload.status());
        let missing = required::missing(&spec, required::component(&spec, schema), &body);
        if !missing.is_empty() {
            failures.push(format!("{kind} callback: missing {missing:?} in {body}"));
        }
        kinds.insert(kind);
    }
    for wanted in [
        "deposit not_confirmed",
        "deposit confirmed",
        "deposit cancelled",
        "deposit_exchange confirmed",
        "withdrawal confirmed",
        "withdrawal cancelled",
        "withdrawal_exchange confirmed",
        "exchange confirmed",
        "invoice processing",
        "invoice confirmed",
        "invoice failed",
        "payment_request processing",
        "payment_request paid",
        "payment_request expired",
    ] {
        assert!(
            kinds.contains(wanted),
            "no {wanted} callback among {kinds:?}"
        );
    }

    let info_schema = spec
        .pointer("/paths/~1api~1v2~1transactions~1info/get/responses/200/content/application~1json/schema")
        .expect("transactions/info has a 200 schema");
    for id in ids {
        let body = serde_json::json!({ "id": id });
        let response = send(&sandbox, "GET", "/api/v2/transactions/info", Some(&body)).await;
        assert_eq!(response.status(), 200, "transactions/info of {id}");
        let answer: Value = response.json().await.expect("JSON");
        let missing = required::missing(&spec, info_schema, &answer);
        if !missing.is_empty() {
            failures.push(format!(
                "transactions/info {id}: missing {missing:?} in {answer}"
            ));
        }
    }
    sandbox.shutdown().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The pages for people: the checkout pages behind an invoice's `url` and a
//! payment request's `payment_link`, content negotiation, and the dashboard
//! with every callback delivery.

use std::time::Duration;

use alphapo_sandbox::{Clock, DeliveryOutcome, SandboxHandle};
use http::StatusCode;
use http::header::{ACCEPT, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::support::{self, amount, client, deliveries, invoice_request, payment_currency, start};

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

struct Answer {
    status: StatusCode,
    content_type: String,
    policy: Option<String>,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

/// A GET with this `Accept` (none if `None`); `path` may be a whole URL.
async fn get(sandbox: &SandboxHandle, path: &str, accept: Option<&str>) -> Answer {
    let url = if path.starts_with("http") {
        path.to_owned()
    } else {
        format!("{}{path}", sandbox.base_url())
    };
    let mut request = reqwest::Client::new().get(url);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {path}: {error}"));
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    Answer {
        status: response.status(),
        content_type: header(CONTENT_TYPE).unwrap_or_default(),
        policy: header(CONTENT_SECURITY_POLICY),
        text: response.text().await.unwrap_or_default(),
    }
}

async fn control_post(sandbox: &SandboxHandle, path: &str, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|error| panic!("POST {path}: {error}"));
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A sandbox on a frozen clock, so countdowns read exact values.
async fn frozen() -> SandboxHandle {
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    start(config).await
}

/// Creates the invoice `request` describes.
async fn create_invoice(
    sandbox: &SandboxHandle,
    request: alphapo_gen::types::builder::InvoiceCreateRequest,
) -> alphapo_gen::types::Invoice {
    client(sandbox)
        .invoices_create()
        .body(request)
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"))
        .into_inner()
        .data
}

/// A 15-minute invoice paid in BTC: its address and amount are known at once.
async fn timer_invoice(sandbox: &SandboxHandle, title: &str) -> alphapo_gen::types::Invoice {
    let request = invoice_request()
        .timer(true)
        .title(title)
        .sender_currency(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}"))))
        .foreign_id("order-1")
        .end_user_reference("customer-1");
    create_invoice(sandbox, request).await
}

#[tokio::test]
async fn a_browser_gets_the_checkout_page_and_an_api_client_the_json() {
    let sandbox = frozen().await;
    let invoice = timer_invoice(&sandbox, "Order <1>").await;

    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(
        page.policy
            .is_some_and(|policy| policy.contains("script-src 'self'"))
    );
    assert!(page.text.contains("<h1 id=\"title\">Order &lt;1&gt;</h1>"));
    assert!(
        page.text
            .contains("<strong id=\"asked\">100.00 EUR</strong>")
    );
    let address = invoice.address.clone().unwrap_or_default();
    assert!(
        page.text
            .contains(&format!("<code id=\"address\">{address}</code>"))
    );
    assert!(page.text.contains("<svg class=\"qr\" role=\"img\""));
    let to_pay = invoice
        .sender_amount
        .map(|a| a.to_string())
        .unwrap_or_default();
    assert!(
        page.text
            .contains(&format!("<strong id=\"remaining\">{to_pay}</strong> BTC"))
    );
    assert!(page.text.contains("data-seconds=\"900\">15:00</time>"));

    for accept in [Some("application/json"), None, Some("*/*")] {
        let json = get(&sandbox, &invoice.url, accept).await;
        assert_eq!(json.content_type, "application/json", "Accept {accept:?}");
        assert_eq!(json.json()["id"], invoice.id, "Accept {accept:?}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn titles_are_escaped_so_a_script_in_a_title_is_only_text() {
    let sandbox = frozen().await;
    let invoice = timer_invoice(&sandbox, "<script>alert(1)</script>").await;
    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert!(!page.text.contains("<script>alert"));
    assert!(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let dashboard = get(&sandbox, "/_sandbox/", Some(BROWSER)).await;
    assert!(!dashboard.text.contains("<script>alert"));
    assert!(
        dashboard
            .text
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_countdown_follows_the_sandbox_clock() {
    let sandbox = frozen().await;
    let invoice = timer_invoice(&sandbox, "Order 1").await;
    let live = format!("/_sandbox/invoices/{}/checkout", invoice.id);
    assert_eq!(get(&sandbox, &live, None).await.json()["seconds_left"], 900);
    sandbox.advance_clock(Duration::from_secs(61));
    assert_eq!(get(&sandbox, &live, None).await.json()["seconds_left"], 839);
    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert!(page.text.contains("data-seconds=\"839\">13:59</time>"));
    sandbox.advance_clock(Duration::from_secs(900));
    let expired = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (
            &expired["status"],
            &expired["seconds_left"],
            &expired["settled"]
        ),
        (&json!("failed"), &Value::Null, &json!(true))
    );
    assert_eq!(expired["redirect"], "https://shop.example/ko");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_paid_invoice_sends_the_payer_to_url_success() {
    let sandbox = start(support::config()).await;
    let invoice = timer_invoice(&sandbox, "Order 1").await;
    let live = format!("/_sandbox/invoices/{}/checkout", invoice.id);
    let before = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (&before["status"], &before["redirect"]),
        (&json!("pending"), &Value::Null)
    );
    let exact = before["amounts"]["exact"].clone();
    assert_eq!(exact, json!(invoice.sender_amount.map(|a| a.to_string())));

    let half = before["amounts"]["part"].clone();
    let (status, _) = control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/payments", invoice.id),
        json!({ "amount": half }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let partly = get(&sandbox, &live, None).await.json();
    assert_eq!(partly["status"], "processing");
    assert_eq!(partly["remaining"], partly["amounts"]["exact"]);
    assert_ne!(partly["remaining"], exact);

    let rest = partly["amounts"]["exact"].clone();
    control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/payments", invoice.id),
        json!({ "amount": rest }),
    )
    .await;
    deliveries(&sandbox, 3).await;
    let paid = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (&paid["status"], &paid["settled"], &paid["redirect"]),
        (
            &json!("confirmed"),
            &json!(true),
            &json!("https://shop.example/ok")
        )
    );
    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert!(page.text.contains("href=\"https://shop.example/ok\""));
    assert!(
        page.text.contains(
            "<section id=\"redirect\" class=\"notice\" aria-labelledby=\"redirect-heading\">"
        ),
        "the notice naming url_success shows (not hidden) once the invoice is confirmed"
    );
    assert!(page.text.contains("The sandbox stops here instead"));
    assert!(page.text.contains("id=\"pay-exact\" data-pay="));
    assert!(page.text.contains(" disabled>Pay exactly"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn payment_requests_have_a_checkout_page_too() {
    let sandbox = start(support::config()).await;
    let request = client(&sandbox)
        .payment_requests_create()
        .body(
            alphapo_gen::types::PaymentRequestCreateRequest::builder()
                .amount(amount("0.01"))
                .currency(payment_currency("BTC", Some("bitcoin")))
                .description(Some("Basket <b>3</b>".to_owned()))
                .url_success(Some(
                    "https://shop.example/paid"
                        .parse()
                        .unwrap_or_else(|e| panic!("{e}")),
                ))
                .url_failed(Some(
                    "https://shop.example/unpaid"
                        .parse()
                        .unwrap_or_else(|e| panic!("{e}")),
                )),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"))
        .into_inner()
        .data;
    let link = request.payment_link.clone().unwrap_or_default();
    let page = get(&sandbox, &link, Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text
            .contains("<h1 id=\"title\">Basket &lt;b&gt;3&lt;/b&gt;</h1>")
    );
    assert!(page.text.contains("0.01000000 BTC (bitcoin)"));
    assert!(page.text.contains("id=\"address-pending\""));
    assert_eq!(
        get(&sandbox, &link, Some("application/json")).await.json()["id"],
        request.id
    );

    let live = format!("/_sandbox/payment-requests/{}/checkout", request.id);
    let exact = get(&sandbox, &live, None).await.json()["amounts"]["exact"].clone();
    control_post(
        &sandbox,
        &format!("/_sandbox/payment-requests/{}/payments", request.id),
        json!({ "amount": exact }),
    )
    .await;
    deliveries(&sandbox, 2).await;
    let paid = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (&paid["status"], &paid["redirect"]),
        (&json!("paid"), &json!("https://shop.example/paid"))
    );
    let page = get(&sandbox, &link, Some(BROWSER)).await;
    assert!(page.text.contains("<svg class=\"qr\""));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_objects_get_a_404_page_or_json() {
    let sandbox = start(support::config()).await;
    let page = get(&sandbox, "/_sandbox/invoices/7", Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text.contains("no invoice 7"));
    let json = get(&sandbox, "/_sandbox/payment-requests/nope/checkout", None).await;
    assert_eq!(
        (json.status, json.json()["code"].clone()),
        (StatusCode::NOT_FOUND, json!("unknown_payment_request"))
    );
    let asset = get(&sandbox, "/_sandbox/assets/checkout.js", None).await;
    assert_eq!(asset.content_type, "text/javascript; charset=utf-8");
    assert_eq!(
        get(&sandbox, "/_sandbox/assets/nope.js", None).await.status,
        StatusCode::NOT_FOUND
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_dashboard_lists_the_world_and_every_delivery_attempt() {
    let (sandbox, receiver) = support::with_receiver(1).await;
    let client = client(&sandbox);
    let address = support::take_address(&client, "BTC", "customer-7").await;
    sandbox
        .simulate_deposit(&address, amount("0.2"))
        .unwrap_or_else(|error| panic!("{error}"));
    deliveries(&sandbox, 2).await;
    let (_, withdrawal) = support::post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &json!({"currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w-1", "end_user_reference": "u"}),
    )
    .await;
    let withdrawal = withdrawal["data"]["id"].as_i64().unwrap_or_default();

    let page = get(&sandbox, "/_sandbox/", Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text;
    let callbacks = format!(
        "Callback deliveries ({})",
        sandbox.deliveries().snapshot().len()
    );
    for heading in [
        "Balances (10)",
        "Deposit addresses (1)",
        "Deposits (1)",
        "Invoices (0)",
        "Payment requests (0)",
        "Withdrawals (1)",
        "Exchanges (0)",
        &callbacks,
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("<th scope=\"col\">Currency</th>"));
    assert!(html.contains(&address) && html.contains("customer-7"));
    for action in ["confirm", "cancel", "decline"] {
        let button = format!("data-post=\"/_sandbox/withdrawals/{withdrawal}/{action}\"");
        assert!(html.contains(&button), "{action}");
    }
    // The first callback failed once, then went through: both attempts, with
    // their target and status.
    let target = receiver.url.to_string();
    assert!(html.contains(&format!("to <code>{target}</code>: HTTP 500</li>")));
    assert!(html.contains(&format!("to <code>{target}</code>: HTTP 200</li>")));
    assert!(html.contains("data-post=\"/_sandbox/callbacks/1/resend\""));

    let (status, _) = control_post(
        &sandbox,
        &format!("/_sandbox/withdrawals/{withdrawal}/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    deliveries(&sandbox, 3).await;
    let html = get(&sandbox, "/_sandbox", Some(BROWSER)).await.text;
    assert!(!html.contains(&format!("/_sandbox/withdrawals/{withdrawal}/")));

    // The decline button's route declines.
    let (_, second) = support::post_json(
        &sandbox,
        "/api/v2/withdrawal/crypto",
        &json!({"currency": "BTC", "amount": "0.01", "address": "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc", "foreign_id": "w-2", "end_user_reference": "u"}),
    )
    .await;
    let second = second["data"]["id"].as_i64().unwrap_or_default();
    let (status, declined) = control_post(
        &sandbox,
        &format!("/_sandbox/withdrawals/{second}/decline"),
        json!({}),
    )
    .await;
    assert_eq!(
        (status, declined),
        (StatusCode::OK, json!({"status": "declined"}))
    );
    let html = get(&sandbox, "/_sandbox/", Some(BROWSER)).await.text;
    assert!(html.contains(&format!("<td>{second}</td><td>w-2</td><td>declined</td>")));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_open_invoice_has_a_cancel_button_that_fails_it() {
    let sandbox = frozen().await;
    let invoice = timer_invoice(&sandbox, "Cancel me").await;
    let button = format!("data-post=\"/_sandbox/invoices/{}/cancel\"", invoice.id);
    let html = get(&sandbox, "/_sandbox/", Some(BROWSER)).await.text;
    assert!(
        html.contains(&button),
        "no Cancel button on a pending invoice"
    );

    let (status, answer) = control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/cancel", invoice.id),
        json!({}),
    )
    .await;
    assert_eq!(
        (status, answer),
        (StatusCode::OK, json!({"status": "failed"}))
    );
    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(delivered[0].payload.status(), "failed");
    let html = get(&sandbox, "/_sandbox/", Some(BROWSER)).await.text;
    assert!(
        !html.contains(&button),
        "a failed invoice keeps its Cancel button"
    );

    let (status, _) = control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/cancel", invoice.id),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn deliveries_being_retried_show_as_pending() {
    // A frozen clock: the backoff before the second attempt never ends
    // unless the clock is advanced, so the delivery stays pending.
    let receiver = support::Receiver::start(usize::MAX).await;
    let mut config = support::config();
    config.clock = Clock::frozen_at(1_700_000_000);
    config.callback_url = Some(receiver.url.clone());
    let sandbox = start(config).await;
    let address = support::take_address(&client(&sandbox), "BTC", "customer-1").await;
    sandbox
        .simulate_deposit(&address, amount("0.2"))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut log = Value::Null;
    for _ in 0..500 {
        log = get(&sandbox, "/_sandbox/callbacks", None).await.json();
        if log[0]["attempts"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(log[0]["outcome"], "pending");
    assert_eq!(log[0]["id"], 1);
    assert_eq!(log[0]["attempts"][0]["status"], 500);
    assert_eq!(log[0]["attempts"][0]["at"], 1_700_000_000);
    assert_eq!(log[0]["attempts"][0]["target"], receiver.url.to_string());
    assert!(
        sandbox
            .deliveries()
            .wait_for(1, Duration::ZERO)
            .await
            .is_none()
    );
    let html = get(&sandbox, "/_sandbox/", Some(BROWSER)).await.text;
    assert!(html.contains("<td>pending</td>"));
    assert!(html.contains("2023-11-14 22:13:20 UTC"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_callback_can_be_resent_with_the_same_signed_body() {
    let (sandbox, receiver) = support::with_receiver(0).await;
    let address = support::take_address(&client(&sandbox), "ETH", "customer-1").await;
    sandbox
        .simulate_deposit(&address, amount("1"))
        .unwrap_or_else(|error| panic!("{error}"));
    let first = deliveries(&sandbox, 2).await;
    let (status, resent) = control_post(&sandbox, "/_sandbox/callbacks/1/resend", json!({})).await;
    assert_eq!((status, resent), (StatusCode::ACCEPTED, json!({"id": 3})));
    assert_eq!(sandbox.resend_callback(2).ok(), Some(4));
    let all = deliveries(&sandbox, 4).await;
    assert_eq!(
        (all[2].body.as_str(), all[2].signature.as_str()),
        (first[0].body.as_str(), first[0].signature.as_str())
    );
    assert_eq!(all[3].body, first[1].body);
    assert!(all.iter().all(|d| d.outcome == DeliveryOutcome::Delivered));
    let received = receiver.received();
    assert_eq!(received.len(), 4);
    assert!(received.iter().all(|r| r.verified));
    let (status, error) = control_post(&sandbox, "/_sandbox/callbacks/99/resend", json!({})).await;
    assert_eq!(
        (status, &error["code"]),
        (StatusCode::NOT_FOUND, &json!("unknown_callback"))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_log_and_the_dashboard_never_show_the_callback_urls_credentials() {
    let receiver = support::Receiver::start(0).await;
    let mut url = receiver.url.clone();
    url.set_username("shop")
        .and_then(|()| url.set_password(Some("hunter2")))
        .unwrap_or_else(|()| panic!("a URL with credentials"));
    url.set_query(Some("token=t0ken"));
    let mut config = support::config();
    config.callback_url = Some(url);
    let sandbox = start(config).await;
    let address = support::take_address(&client(&sandbox), "BTC", "customer-1").await;
    sandbox
        .simulate_deposit(&address, amount("0.2"))
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(delivered[0].attempts[0].target, receiver.url.to_string());
    assert_eq!(delivered[0].outcome, DeliveryOutcome::Delivered);
    let log = get(&sandbox, "/_sandbox/callbacks", None).await.text;
    let dashboard = get(&sandbox, "/_sandbox/", Some(BROWSER)).await.text;
    for shown in [log, dashboard, format!("{delivered:?}")] {
        assert!(!shown.contains("hunter2") && !shown.contains("t0ken") && !shown.contains("shop@"));
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_overpaid_invoice_is_confirmed_and_an_expired_request_goes_back_to_the_store() {
    let sandbox = start(support::config()).await;
    let invoice = timer_invoice(&sandbox, "Order 1").await;
    let live = format!("/_sandbox/invoices/{}/checkout", invoice.id);
    let over = get(&sandbox, &live, None).await.json()["amounts"]["over"].clone();
    control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/payments", invoice.id),
        json!({ "amount": over }),
    )
    .await;
    deliveries(&sandbox, 2).await;
    let paid = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (&paid["status"], &paid["remaining"]),
        (&json!("confirmed"), &json!("0.00000000"))
    );
    sandbox.shutdown().await;

    // On a frozen clock, so the time left reads exactly.
    let sandbox = frozen().await;

    let request = client(&sandbox)
        .payment_requests_create()
        .body(
            alphapo_gen::types::PaymentRequestCreateRequest::builder()
                .amount(amount("0.01"))
                .currency(payment_currency("BTC", Some("bitcoin")))
                .url_store(Some(
                    "https://shop.example/store"
                        .parse()
                        .unwrap_or_else(|e| panic!("{e}")),
                )),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"))
        .into_inner()
        .data;
    let live = format!("/_sandbox/payment-requests/{}/checkout", request.id);
    let open = get(&sandbox, &live, None).await.json();
    assert_eq!(open["seconds_left"], 24 * 3600);
    let page = get(
        &sandbox,
        &format!("/_sandbox/payment-requests/{}", request.id),
        Some(BROWSER),
    )
    .await;
    assert!(page.text.contains("<h1 id=\"title\">Payment request</h1>"));
    let (status, expired) = control_post(
        &sandbox,
        &format!("/_sandbox/payment-requests/{}/expire", request.id),
        json!({}),
    )
    .await;
    assert_eq!(
        (status, expired),
        (StatusCode::OK, json!({"status": "expired"}))
    );
    let expired = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (
            &expired["settled"],
            &expired["seconds_left"],
            &expired["redirect"]
        ),
        (
            &json!(true),
            &Value::Null,
            &json!("https://shop.example/store")
        )
    );
    sandbox.shutdown().await;
}

/// An invoice whose merchant gave no `sender_currency` (and no timer).
async fn open_choice_invoice(sandbox: &SandboxHandle) -> alphapo_gen::types::Invoice {
    let request = invoice_request()
        .timer(false)
        .title("Order 2")
        .foreign_id("order-choice")
        .end_user_reference("customer-2");
    create_invoice(sandbox, request).await
}

#[tokio::test]
async fn the_payer_picks_the_currency_when_the_merchant_left_it_open() {
    let sandbox = frozen().await;
    let invoice = open_choice_invoice(&sandbox).await;
    assert_eq!(invoice.sender_currency, None);
    let live = format!("/_sandbox/invoices/{}/checkout", invoice.id);
    let choose = format!("/_sandbox/invoices/{}/currency", invoice.id);

    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert!(
        page.text
            .contains("<select id=\"pay-currency\" name=\"currency\">")
    );
    assert!(page.text.contains("<option value=\"BTC\">BTC</option>"));
    assert!(
        !page.text.contains("<option value=\"EUR\">"),
        "fiat is not a currency to pay in"
    );
    assert!(
        !page.text.contains("id=\"pay-exact\""),
        "nothing to send before the payer picked a currency"
    );
    let choices = get(&sandbox, &live, None).await.json()["choices"].clone();
    assert_eq!(
        choices,
        json!(["BTC", "ETH", "USDTE", "USDTT", "XRP", "BCH", "LTC", "DOGE"])
    );

    let (status, refused) = control_post(&sandbox, &choose, json!({ "currency": "EUR" })).await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::NOT_FOUND, &json!("unknown_currency"))
    );
    let (status, picked) = control_post(&sandbox, &choose, json!({ "currency": "ETH" })).await;
    assert_eq!(status, StatusCode::OK, "{picked}");
    assert_eq!(
        (&picked["status"], &picked["sender_currency"]),
        (&json!("pending"), &json!("ETH"))
    );
    let address = picked["address"].as_str().unwrap_or_default().to_owned();
    assert!(address.starts_with("0x"), "an ETH address: {address}");

    let now = get(&sandbox, &live, None).await.json();
    assert_eq!(
        (&now["choices"], &now["address"], &now["seconds_left"]),
        (&json!([]), &json!(address), &json!(900)),
        "the rate lock's timer starts when the payer picks"
    );
    assert_eq!(now["remaining"], picked["sender_amount"]);
    let page = get(&sandbox, &invoice.url, Some(BROWSER)).await;
    assert!(page.text.contains("id=\"pay-exact\" data-pay="));
    assert!(
        page.text
            .contains(&format!("<code id=\"address\">{address}</code>"))
    );
    assert!(!page.text.contains("id=\"pay-currency\""));

    let (status, again) = control_post(&sandbox, &choose, json!({ "currency": "BTC" })).await;
    assert_eq!(
        (status, &again["code"]),
        (StatusCode::CONFLICT, &json!("wrong_state"))
    );
    control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/payments", invoice.id),
        json!({ "amount": now["amounts"]["exact"] }),
    )
    .await;
    let delivered = deliveries(&sandbox, 1).await;
    let paid_in: Vec<Value> = delivered
        .iter()
        .map(|delivery| {
            serde_json::from_str::<Value>(&delivery.body).unwrap_or(Value::Null)["currency_sent"]
                ["currency"]
                .clone()
        })
        .collect();
    assert_eq!(paid_in, [json!("ETH")], "the processing callback");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_currency_the_merchant_fixed_cannot_be_picked_again() {
    let sandbox = start(support::config()).await;
    let invoice = timer_invoice(&sandbox, "Order 1").await;
    let (status, refused) = control_post(
        &sandbox,
        &format!("/_sandbox/invoices/{}/currency", invoice.id),
        json!({ "currency": "ETH" }),
    )
    .await;
    assert_eq!(
        (status, &refused["code"]),
        (StatusCode::CONFLICT, &json!("wrong_state"))
    );
    let (status, _) = control_post(
        &sandbox,
        "/_sandbox/invoices/7/currency",
        json!({ "currency": "ETH" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sandbox.shutdown().await;
}

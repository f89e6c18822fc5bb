//! The merchant side of the browser test (`.ci/browser.sh`): an in-process
//! sandbox, a shop built with the SDK, and a callback receiver that verifies
//! every callback with `alphapo::callbacks`.
//!
//! ```text
//! cargo run -p alphapo-tests --example browser_checkout
//! ```
//!
//! It creates an invoice and a withdrawal through [`alphapo::Client`], prints
//! one JSON line (`invoice_url`, `dashboard_url`, `shop_url`,
//! `withdrawal_id`), then serves until stdin closes or Ctrl-C:
//!
//! - `POST /alphapo/callbacks`: the callbacks, verified
//!   ([`VerifiedCallback`]); a callback whose signature does not verify is
//!   refused (401) and counted.
//! - `GET /callbacks`: what arrived, as a page (`<li data-type data-status
//!   data-id>`).
//! - `GET /orders/{id}/paid` and `/orders/{id}/failed`: the shop's pages
//!   behind `url_success` and `url_failed`.
//!
//! The invoice's `url_success` is `https://shop.example/orders/browser-1/paid`:
//! AlphaPo (and so the sandbox) only takes https URLs on a domain name, so a
//! local shop is reached the way a merchant reaches one in development, by
//! pointing that domain at it; the browser test maps `https://shop.example`
//! to `shop_url` with Playwright's request routing.

use std::sync::{Arc, Mutex, PoisonError};

use alphapo::callbacks::axum::CallbackRejection;
use alphapo::callbacks::{Callback, ServeConfig, VerifiedCallback, Verifier, serve};
use alphapo::{Amount, Client, Credentials, Environment, types};
use alphapo_sandbox::{Sandbox, SandboxConfig};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::{get, post};
use tokio::io::AsyncReadExt;

/// The documented public sandbox credentials.
const KEY: &str = "sandbox-key";
const SECRET: &str = "sandbox-secret";

/// One callback as the receiver saw it.
#[derive(Debug, Clone)]
struct Arrival {
    kind: String,
    status: String,
    id: String,
}

#[derive(Clone)]
struct Shop {
    verifier: Verifier,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    refused: Arc<Mutex<usize>>,
}

impl axum::extract::FromRef<Shop> for Verifier {
    fn from_ref(shop: &Shop) -> Self {
        shop.verifier.clone()
    }
}

/// The id a callback is about.
fn object_id(callback: &Callback) -> String {
    match callback {
        Callback::Invoice(invoice) => invoice.id.to_string(),
        Callback::PaymentRequest(request) => request.payment_request_id.clone(),
        other => other
            .transaction()
            .map(|transaction| transaction.id.to_string())
            .unwrap_or_default(),
    }
}

async fn receive(
    State(shop): State<Shop>,
    callback: Result<VerifiedCallback, CallbackRejection>,
) -> StatusCode {
    match callback {
        Ok(verified) => {
            let callback = verified.callback();
            let arrival = Arrival {
                kind: callback.callback_type().as_str().to_owned(),
                status: callback.status().unwrap_or("-").to_owned(),
                id: object_id(callback),
            };
            println!(
                "verified callback: {} {} {}",
                arrival.kind, arrival.id, arrival.status
            );
            lock(&shop.arrivals).push(arrival);
            StatusCode::OK
        }
        Err(rejection) => {
            eprintln!("refused callback: {rejection}");
            *lock(&shop.refused) += 1;
            rejection.status()
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Only ids and statuses the sandbox produced end up here, but a page
/// escapes what it shows all the same.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn callbacks(State(shop): State<Shop>) -> Html<String> {
    let items: String = lock(&shop.arrivals)
        .iter()
        .map(|arrival| {
            let (kind, status, id) = (
                escape(&arrival.kind),
                escape(&arrival.status),
                escape(&arrival.id),
            );
            format!(
                "<li data-type=\"{kind}\" data-status=\"{status}\" data-id=\"{id}\">\
                 {kind} {id}: {status} (signature verified)</li>\n"
            )
        })
        .collect();
    let refused = *lock(&shop.refused);
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Shop: callbacks</title></head><body><h1>Callbacks received</h1>\
         <p id=\"refused\" data-count=\"{refused}\">Refused (bad signature): {refused}</p>\
         <ol id=\"arrivals\">\n{items}</ol></body></html>"
    ))
}

async fn order_page(Path((order, outcome)): Path<(String, String)>) -> Html<String> {
    let message = if outcome == "paid" {
        "Thank you: your payment went through."
    } else {
        "The payment did not go through."
    };
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Shop: order {order}</title></head><body>\
         <h1 id=\"outcome\" data-outcome=\"{outcome}\">Order {order}</h1><p>{message}</p>\
         </body></html>",
        order = escape(&order),
        outcome = escape(&outcome),
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::new(KEY, SECRET)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let shop_url = format!("http://{}", listener.local_addr()?);

    let mut config = SandboxConfig::new(credentials.clone());
    config.callback_url = Some(format!("{shop_url}/alphapo/callbacks").parse()?);
    let sandbox = Sandbox::start(config).await?;

    let client = Client::builder()
        .credentials(credentials.clone())
        .environment(Environment::Custom(sandbox.base_url().to_owned()))
        .application("browser-checkout/1.0")
        .build()?;
    let invoice = client
        .create_invoice(
            types::InvoiceCreateRequest::builder()
                .timer(true)
                .title("Order browser-1")
                .currency("EUR")
                .amount("25.00".parse::<Amount>()?)
                .sender_currency(Some("BTC".parse()?))
                .foreign_id("browser-1")
                .end_user_reference("customer-1")
                .url_success("https://shop.example/orders/browser-1/paid")
                .url_failed("https://shop.example/orders/browser-1/failed"),
        )
        .await?;
    let withdrawal = client
        .withdraw_crypto(
            types::WithdrawalRequest::builder()
                .currency("BTC")
                .amount(Some("0.01".parse::<Amount>()?))
                .address("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
                .foreign_id("payout-1")
                .end_user_reference("customer-1"),
        )
        .await?;

    let shop = Shop {
        verifier: Verifier::new(&credentials),
        arrivals: Arc::default(),
        refused: Arc::default(),
    };
    let app = Router::new()
        .route("/alphapo/callbacks", post(receive))
        .route("/callbacks", get(callbacks))
        .route("/orders/{order}/{outcome}", get(order_page))
        .with_state(shop);

    println!(
        "{}",
        serde_json::json!({
            "invoice_url": invoice.url,
            "dashboard_url": format!("{}/_sandbox/", sandbox.base_url()),
            "shop_url": shop_url,
            "withdrawal_id": withdrawal.id,
        })
    );
    serve(listener, app, ServeConfig::default(), async {
        let mut stdin = tokio::io::stdin();
        let mut buffer = [0_u8; 64];
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            // Until the test closes our stdin (or sends anything).
            _ = stdin.read(&mut buffer) => {}
        }
    })
    .await;
    sandbox.shutdown().await;
    Ok(())
}

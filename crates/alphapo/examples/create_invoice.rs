//! Creates a hosted invoice and handles every kind of failure.
//!
//! ```text
//! ALPHAPO_API_KEY=... ALPHAPO_SECRET=... cargo run -p alphapo --example create_invoice
//! ```
//!
//! `ALPHAPO_BASE_URL` overrides the host (default: the CoinsPaid sandbox).

use std::process::ExitCode;

use alphapo::{Amount, AuthCode, Client, Credentials, Environment, ErrorKind, types};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let environment = match std::env::var("ALPHAPO_BASE_URL") {
        Ok(url) => Environment::Custom(url),
        Err(_) => Environment::CoinsPaidSandbox,
    };
    let client = Client::builder()
        .credentials(Credentials::new(
            required("ALPHAPO_API_KEY")?,
            required("ALPHAPO_SECRET")?,
        )?)
        .environment(environment)
        .application("create-invoice-example/1.0")
        .build()?;

    // Your order id: unique per invoice, so it doubles as the idempotency key.
    let foreign_id = "order-1001";
    let request = types::InvoiceCreateRequest::builder()
        .timer(false)
        .title("Order 1001")
        .description(Some("2 x T-shirt".parse::<types::InvoiceDescription>()?))
        .currency("EUR")
        .amount("100.00".parse::<Amount>()?)
        .foreign_id(foreign_id)
        .end_user_reference("customer-42")
        .email_user(Some("payer@example.com".parse::<types::Email>()?))
        .url_success("https://shop.example.com/orders/1001/paid")
        .url_failed("https://shop.example.com/orders/1001/failed");

    match client.create_invoice(request).await {
        Ok(invoice) => {
            println!(
                "invoice {} ({}): send the payer to {}",
                invoice.id,
                invoice.status.as_str(),
                invoice.url
            );
            Ok(())
        }
        Err(error) => {
            match error.kind() {
                // Nothing was sent: fix the code that built the request.
                ErrorKind::InvalidArgument { field, reason } => {
                    eprintln!("bug: `{field}` {reason}");
                }
                // The API refused the request: show the messages per field.
                ErrorKind::Validation { errors } => {
                    for (field, message) in errors {
                        eprintln!("{field}: {message}");
                    }
                    if errors
                        .get("foreign_id")
                        .is_some_and(|m| m.contains("already been taken"))
                    {
                        eprintln!(
                            "{foreign_id} already has an invoice: use the one you created before"
                        );
                    }
                }
                ErrorKind::Auth {
                    code: AuthCode::BadHeaderSignature | AuthCode::BadHeaderKey,
                    ..
                } => {
                    eprintln!(
                        "check the API key and secret (and that they belong to this environment)"
                    );
                }
                ErrorKind::RateLimited { retry_after } => {
                    eprintln!(
                        "rate limited; try again in {:?}",
                        retry_after.unwrap_or_default()
                    );
                }
                // Timeout, lost connection, 5xx, unreadable 2xx: the invoice may
                // exist. Do NOT create another with a new foreign_id: the
                // invoice callback for `order-1001` will tell, and retrying
                // with the SAME foreign_id can never create a second invoice
                // (the API rejects the duplicate as "already been taken").
                _ if error.may_have_been_sent() => {
                    eprintln!(
                        "outcome unknown for {foreign_id}: wait for its callback, or retry with the same foreign_id"
                    );
                }
                _ => {}
            }
            eprintln!(
                "failed: {error} (status {:?}, request id {:?}, retryable: {})",
                error.status(),
                error.request_id(),
                error.is_retryable()
            );
            Err(error.into())
        }
    }
}

/// An environment variable the example cannot run without, or an error that
/// names it.
fn required(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|error| {
        format!("{name}: {error}; run as: ALPHAPO_API_KEY=... ALPHAPO_SECRET=... cargo run -p alphapo --example create_invoice")
    })
}

use alphapo::{Amount, Client, Credentials, types};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The local sandbox (`alphapo sandbox --port 8080`) with its public default
    // credentials; ALPHAPO_BASE_URL points elsewhere.
    let base_url =
        std::env::var("ALPHAPO_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".to_owned());
    let client = Client::builder()
        .credentials(Credentials::new("sandbox-key", "sandbox-secret")?)
        .environment(base_url.as_str()) // a &str, a String or a url::Url
        .build()?;

    // foreign_id is your idempotency key: one per invoice, kept for life.
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    let foreign_id = format!("order-{}", started.as_millis());
    let request = types::InvoiceCreateRequest::builder()
        .timer(false)
        .title("Order 1001")
        .currency("EUR")
        .amount("25.00".parse::<Amount>()?)
        .foreign_id(foreign_id.as_str())
        .end_user_reference("customer-42")
        .url_success("https://shop.example.com/paid")
        .url_failed("https://shop.example.com/failed");

    let invoice = client.create_invoice(request).await?;
    println!(
        "invoice {} for {foreign_id}: pay at {}",
        invoice.id, invoice.url
    );
    Ok(())
}

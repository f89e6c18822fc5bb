//! The `invoices/create` call that the client tests and the client benches
//! share (the benches include this file by its path): credentials, a client
//! tuned for loopback servers, a valid request, the documented answer, and
//! reading a raw HTTP request.

use std::time::Duration;

use alphapo::{Client, Credentials, RetryPolicy, types};
use tokio::io::AsyncReadExt;

/// A secret no output may ever contain.
pub const SECRET: &str = "S3CRET-must-never-leak-7f3a9c";

/// The API key of the tests.
pub const KEY: &str = "test-key";

/// Retries with millisecond delays: 3 attempts, `Retry-After` capped at 200 ms.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
        .with_max_retry_after(Duration::from_millis(200))
}

/// A client for `base_url` with fast retries and a 2 s timeout.
pub fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new(KEY, SECRET).expect("valid credentials"))
        .base_url(base_url)
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(2))
        .build()
        .expect("a loopback base URL is accepted")
}

/// A valid invoice request.
pub fn invoice_request() -> types::builder::InvoiceCreateRequest {
    types::InvoiceCreateRequest::builder()
        .timer(false)
        .title("Order 1001")
        .currency("EUR")
        .amount("100.00".parse::<alphapo::Amount>().expect("a decimal"))
        .foreign_id("order-1001")
        .end_user_reference("customer-42")
        .url_success("https://shop.example.com/paid")
        .url_failed("https://shop.example.com/failed")
        .email_user(
            "payer@example.com"
                .parse::<types::Email>()
                .expect("an e-mail"),
        )
}

/// The documented `invoices/create` response body.
pub const INVOICE_BODY: &str = r#"{"data":{"id":826900,"url":"https://invoices.alphapo.net/invoice/Jyf1cQ","foreign_id":"order-1001","end_user_reference":"customer-42","address":null,"title":"Order 1001","status":"created","currency":"EUR","amount":"100.00000000","sender_currency":null,"sender_amount":null,"fixed_at":null,"release_at":null,"seconds_left":null}}"#;

/// Reads one request: its head (lowercased), then `content-length` body
/// bytes; `None` when the connection closes first.
pub async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        read_more(socket, &mut buffer).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        read_more(socket, &mut buffer).await?;
    }
    Some((head, buffer[head_end..head_end + length].to_vec()))
}

/// Appends what the socket has next to `buffer`; `None` once it is closed.
async fn read_more(socket: &mut tokio::net::TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 4096];
    let read = socket
        .read(&mut chunk)
        .await
        .ok()
        .filter(|read| *read > 0)?;
    buffer.extend_from_slice(&chunk[..read]);
    Some(())
}

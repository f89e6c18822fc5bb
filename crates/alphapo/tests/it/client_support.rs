//! Shared by the `client_*` tests: a client tuned for fast tests, requests,
//! canned responses and raw loopback servers.

mod invoice_call;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use alphapo::types;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

pub use invoice_call::{
    INVOICE_BODY, KEY, SECRET, client, fast_policy, invoice_request, read_request,
};

/// The documented `invoices/create` response.
pub fn invoice_response() -> types::InvoiceCreateResponse {
    serde_json::from_str(INVOICE_BODY).expect("the documented example parses")
}

/// A withdrawal transaction as `transactions/info` returns it (unwrapped).
pub const TRANSACTION_BODY: &str = r#"{"id":134702815,"foreign_id":"payout-1","type":"withdrawal","crypto_address":{"id":1,"currency":"BTC","address":"bc1qxyz","tag":null},"currency_sent":{"currency":"BTC","amount":"0.00020000"},"currency_received":{"currency":"BTC","amount":"0.00020000"},"transactions":[{"id":2,"currency":"BTC","transaction_type":"blockchain","type":"withdrawal","address":"bc1qxyz","tag":null,"amount":"0.00020000","txid":null,"confirmations":"0"}],"fees":[],"error":"","status":"confirmed"}"#;

/// A raw server on 127.0.0.1 that reads each request's headers and then
/// closes the connection without answering: the request has reached the
/// server, and nobody knows what it did.
pub struct HangUpServer {
    /// Where it listens.
    pub address: SocketAddr,
    /// How many connections it accepted.
    pub connections: Arc<AtomicUsize>,
}

impl HangUpServer {
    /// Starts the server on a background task.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("a local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(read) => request.extend_from_slice(&buffer[..read]),
                        }
                    }
                    drop(socket);
                });
            }
        });
        Self {
            address,
            connections,
        }
    }

    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections arrived so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A raw server on 127.0.0.1 that reads each request's headers and then
/// never answers, holding the connection open: only a client timeout ends
/// the call, however slow the machine.
pub struct SilentServer {
    /// Where it listens.
    pub address: SocketAddr,
    requests: tokio::sync::watch::Sender<usize>,
}

impl SilentServer {
    /// Starts the server on a background task.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("a local address");
        let requests = tokio::sync::watch::Sender::new(0);
        let counter = requests.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => request.extend_from_slice(&buffer[..read]),
                        }
                    }
                    counter.send_modify(|count| *count += 1);
                    // Hold the connection until the client gives up.
                    while matches!(socket.read(&mut buffer).await, Ok(read) if read > 0) {}
                });
            }
        });
        Self { address, requests }
    }

    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many requests have arrived so far.
    pub fn requests(&self) -> usize {
        *self.requests.borrow()
    }
}

/// Asserts that no output of `value` (Debug, alternate Debug, Display)
/// contains the secret.
pub fn assert_no_secret(debug: &dyn std::fmt::Debug, display: Option<&dyn std::fmt::Display>) {
    for text in [format!("{debug:?}"), format!("{debug:#?}")]
        .into_iter()
        .chain(display.map(|display| display.to_string()))
    {
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
}

/// One canned answer of a [`ScriptedServer`].
pub struct Answer {
    /// Status line, e.g. `503 Service Unavailable`.
    pub status: &'static str,
    /// Extra header lines, each ending in `\r\n`.
    pub headers: &'static str,
    /// The body.
    pub body: &'static str,
}

/// A request as a [`ScriptedServer`] received it.
pub struct Received {
    /// The request head, lowercased.
    pub head: String,
    /// The exact body bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// The value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key == name).then(|| value.trim())
        })
    }
}

/// A raw server on 127.0.0.1 that answers its requests in script order (the
/// last answer repeats), one request per connection, and records them.
pub struct ScriptedServer {
    /// Where it listens.
    pub address: SocketAddr,
    received: Arc<std::sync::Mutex<Vec<Received>>>,
}

impl ScriptedServer {
    /// Starts the server on a background task.
    pub async fn start(script: Vec<Answer>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("a local address");
        let received = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            let mut turn = 0;
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some((head, body)) = invoice_call::read_request(&mut socket).await else {
                    continue;
                };
                let request = Received { head, body };
                log.lock().expect("not poisoned").push(request);
                let answer = &script[turn.min(script.len() - 1)];
                turn += 1;
                let response = format!(
                    "HTTP/1.1 {}\r\ncontent-length: {}\r\nconnection: close\r\n{}\r\n{}",
                    answer.status,
                    answer.body.len(),
                    answer.headers,
                    answer.body
                );
                let _ = tokio::io::AsyncWriteExt::write_all(&mut socket, response.as_bytes()).await;
            }
        });
        Self { address, received }
    }

    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests received so far.
    pub fn received(&self) -> std::sync::MutexGuard<'_, Vec<Received>> {
        self.received.lock().expect("not poisoned")
    }
}

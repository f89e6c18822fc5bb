//! The three ways the client benches call `invoices/create` against one
//! canned loopback server: through the SDK, through the generated client
//! alone, and as a hand-signed raw reqwest call. Shared by the criterion
//! bench (`client`) and the instruction-count program (`client_instructions`).
//!
//! The server is a minimal keep-alive HTTP/1.1 responder on 127.0.0.1 that
//! answers every request with the documented 201 body, so the figures are
//! the client-side cost plus a loopback round trip.

use std::net::SocketAddr;
use std::time::Duration;

use alphapo::types;
use alphapo_auth::{Credentials, Signer};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[path = "../../alphapo/tests/it/client_support/invoice_call.rs"]
mod invoice_call;

use invoice_call::{INVOICE_BODY, KEY, SECRET, invoice_request};

/// The clients, the request and the server they share.
pub struct Ways {
    sdk: alphapo::Client,
    raw: reqwest::Client,
    signer: Signer,
    url: String,
    request: types::InvoiceCreateRequest,
}

/// A runtime on one thread: client and server alike, fewer cross-thread
/// wake-ups, less noise on a small machine.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

impl Ways {
    /// Starts the server (on the current runtime) and builds the clients.
    pub async fn start() -> Self {
        let base_url = format!("http://{}", start_server().await);
        Self {
            sdk: invoice_call::client(&base_url),
            raw: reqwest::Client::builder()
                .timeout(Duration::from_secs(2))
                .build()
                .expect("a reqwest client"),
            signer: Signer::new(&Credentials::new(KEY, SECRET).expect("valid credentials")),
            url: format!("{base_url}/api/v2/invoices/create"),
            request: types::InvoiceCreateRequest::try_from(invoice_request()).expect("valid"),
        }
    }

    /// Through the SDK: checks, spans, retry loop, classification.
    pub async fn sdk(&self) -> types::Invoice {
        self.sdk
            .create_invoice(self.request.clone())
            .await
            .expect("created")
    }

    /// The generated client alone (signed, no checks, no retries, no spans).
    pub async fn generated(&self) -> types::Invoice {
        self.sdk
            .generated()
            .invoices_create()
            .body(self.request.clone())
            .send()
            .await
            .expect("created")
            .into_inner()
            .data
    }

    /// A raw reqwest call, serialized and signed by hand. It clones the
    /// request as the other two ways must (they take it by value), so the
    /// comparison is of the calls alone.
    pub async fn raw(&self) -> types::Invoice {
        let request = self.request.clone();
        let body = serde_json::to_vec(&request).expect("serializable");
        let signature = self.signer.sign(&body);
        let response = self
            .raw
            .post(&self.url)
            .header("content-type", "application/json")
            .header(alphapo_auth::KEY_HEADER, KEY)
            .header(alphapo_auth::SIGNATURE_HEADER, signature.as_str())
            .body(body)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 201);
        let bytes = response.bytes().await.expect("a body");
        let invoice: types::InvoiceCreateResponse =
            serde_json::from_slice(&bytes).expect("the documented body");
        invoice.data
    }
}

/// Starts the canned server and returns its address.
async fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("a local address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket));
        }
    });
    address
}

/// Answers every request on one connection with the documented 201.
async fn serve(mut socket: TcpStream) {
    let response = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{INVOICE_BODY}",
        INVOICE_BODY.len()
    );
    while invoice_call::read_request(&mut socket).await.is_some() {
        if socket.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

//! `invoices/create` through the SDK versus a hand-signed raw reqwest call,
//! against the same local server, in the same run (and the generated client
//! alone, for reference).
//!
//! The server is a minimal keep-alive HTTP/1.1 responder on 127.0.0.1 that
//! answers every request with the documented 201 body, so the figures are
//! the client-side cost plus a loopback round trip.

use std::hint::black_box;
use std::net::SocketAddr;
use std::time::Duration;

use alphapo::types;
use alphapo_auth::{Credentials, Signer};
use criterion::{Criterion, criterion_group, criterion_main};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[path = "../tests/client_support/mod.rs"]
mod client_support;

use client_support::{INVOICE_BODY, KEY, SECRET, invoice_request};

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
    while client_support::read_request(&mut socket).await.is_some() {
        if socket.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn create_invoice(c: &mut Criterion) {
    // One thread drives client and server alike: fewer cross-thread wake-ups,
    // less noise on a small machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let address = runtime.block_on(start_server());
    let base_url = format!("http://{address}");

    let sdk = client_support::client(&base_url);
    let request = types::InvoiceCreateRequest::try_from(invoice_request()).expect("valid");

    let raw = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .expect("a reqwest client");
    let signer = Signer::new(&Credentials::new(KEY, SECRET).expect("valid credentials"));
    let url = format!("{base_url}/api/v2/invoices/create");

    let mut group = c.benchmark_group("invoices_create");
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let invoice = sdk.create_invoice(request.clone()).await.expect("created");
                black_box(invoice)
            })
        })
    });
    group.bench_function("raw_reqwest_signed_by_hand", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let body = serde_json::to_vec(&request).expect("serializable");
                let signature = signer.sign(&body);
                let response = raw
                    .post(&url)
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
                black_box(invoice.data)
            })
        })
    });
    // The generated client alone (signed, no checks, no retries, no spans):
    // what the SDK layer adds on top of it.
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = sdk
                    .generated()
                    .invoices_create()
                    .body(request.clone())
                    .send()
                    .await
                    .expect("created");
                black_box(response.into_inner().data)
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = create_invoice
}
criterion_main!(benches);

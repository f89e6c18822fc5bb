//! `callbacks::serve` on real sockets: slow clients are cut by their
//! deadlines, and thousands of them do not stop a genuine callback.
//!
//! Nothing here measures time: the deadlines (1 s) are far below how long
//! the clients would go on (forever), and the clients wait up to a minute
//! for what must happen in about a second.

use std::time::Duration;

use crate::callbacks_support::{credentials, fixture, verifier};
use alphapo::callbacks::{ServeConfig, VerifiedCallback, serve};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PATH: &str = "/alphapo/callbacks";

/// Far longer than any deadline here; a client still waiting then has failed.
const PATIENCE: Duration = Duration::from_secs(60);

async fn receive(_callback: VerifiedCallback) -> StatusCode {
    StatusCode::OK
}

/// Serves the test receiver with `config` on a free loopback port.
async fn start(config: ServeConfig) -> std::net::SocketAddr {
    let router = Router::new()
        .route(PATH, post(receive))
        .with_state(verifier());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(serve(listener, router, config, std::future::pending()));
    address
}

/// The request line and headers of a signed callback, with `length` as its
/// `Content-Length`.
fn head(body: &[u8], length: usize) -> Vec<u8> {
    let mut head =
        format!("POST {PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {length}\r\n");
    for (name, value) in &alphapo::callbacks::testing::sign_callback(&credentials(), body) {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().expect("ascii")));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// Writes `first`, then drips `drip` one byte every 200 ms until the server
/// closes the connection; returns what the server sent.
async fn drip_until_cut(address: std::net::SocketAddr, first: &[u8], drip: &[u8]) -> String {
    let stream = TcpStream::connect(address).await.expect("connects");
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(first).await.expect("writes");
    let dripping = {
        let drip = drip.to_vec();
        tokio::spawn(async move {
            for byte in drip.iter().cycle() {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if writer.write_all(&[*byte]).await.is_err() {
                    return;
                }
            }
        })
    };
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, reader.read_to_end(&mut answer)).await;
    dripping.abort();
    assert!(
        read.is_ok(),
        "the slow client was not cut within {PATIENCE:?}"
    );
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_dripped_header_is_cut_at_the_header_deadline() {
    let address = start(ServeConfig::default().header_read_timeout(Duration::from_secs(1))).await;
    let first = format!("POST {PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-drip: ");
    // The header line never ends, so the headers never complete.
    let answer = drip_until_cut(address, first.as_bytes(), b"a").await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_silent_connection_is_cut_at_the_header_deadline() {
    let address = start(ServeConfig::default().header_read_timeout(Duration::from_secs(1))).await;
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "a client that sends nothing was not cut within {PATIENCE:?}"
    );
}

#[tokio::test]
async fn a_dripped_body_is_cut_at_the_request_deadline_with_408() {
    let address = start(ServeConfig::default().request_timeout(Duration::from_secs(1))).await;
    let body = fixture("00-deposit-confirmed.json");
    let answer = drip_until_cut(address, &head(&body, body.len()), &body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// How many slow connections this process can hold: 3,000, or fewer when
/// the open-files limit is low (each connection takes two descriptors here,
/// the client's and the server's).
fn slow_connections() -> usize {
    let soft_limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits
                .lines()
                .find(|line| line.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        })
        .unwrap_or(1024);
    3_000.min(soft_limit.saturating_sub(256) / 2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_slow_connections_do_not_stop_a_genuine_callback() {
    let address = start(ServeConfig::default()).await;
    let body = fixture("00-deposit-confirmed.json");
    let count = slow_connections();
    assert!(
        count >= 300,
        "the open-files limit allows only {count} connections"
    );

    // Two thirds never finish their headers; a third send their headers and
    // part of the body, and so hold a request slot each (fewer than the
    // default 1,024 slots).
    let body_slow = (count / 3).min(1_000);
    let mut slow = Vec::with_capacity(count);
    for index in 0..count {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        let partial = if index < body_slow {
            [head(&body, body.len()), body[..10].to_vec()].concat()
        } else {
            format!("POST {PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\n").into_bytes()
        };
        stream.write_all(&partial).await.expect("writes");
        slow.push(stream);
    }

    let response = reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .expect("client")
        .post(format!("http://{address}{PATH}"))
        .headers(alphapo::callbacks::testing::sign_callback(
            &credentials(),
            &body,
        ))
        .body(body.clone())
        .send()
        .await
        .expect("the genuine callback is answered");
    eprintln!(
        "{count} slow connections ({body_slow} with a partial body) held open; genuine callback answered {}",
        response.status()
    );
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    drop(slow);
}

/// How many clients stall their body: four times the default 1,024 request
/// slots.
const STALLED: usize = 4_000;

/// How many genuine callbacks must get through them.
const GENUINE: usize = 100;

/// How long each genuine callback may take: hundreds of times its normal
/// latency (milliseconds), and far below the stalled bodies' deadlines.
const ANSWER_BOUND: Duration = Duration::from_secs(10);

/// The stalled bodies' deadlines (body and request): far beyond the test,
/// so no stalled body is ever cut and frees a slot while it runs.
const NEVER: Duration = Duration::from_secs(3_600);

/// Raises this process's soft limit of open files so that the stalled
/// connections fit (two descriptors each, the client's and the server's,
/// and the other tests of this module share the process).
fn raise_open_files(needed: u64) {
    let limit = rlimit::increase_nofile_limit(16_384)
        .unwrap_or_else(|error| panic!("cannot raise the open-files limit: {error}"));
    assert!(
        limit >= needed,
        "this test needs {needed} open files, the hard limit allows {limit} (`ulimit -Hn`)"
    );
}

/// 4,000 clients send their headers and ten bytes of body, then stall; 100
/// genuine signed callbacks follow. The stalled bodies' deadlines are an
/// hour, so none of them frees a slot during the test: a genuine callback is
/// answered at all only if stalled bodies hold no slot (before, 1,024 of
/// them did, and each genuine callback waited for a body deadline). The
/// per-callback bound is structural, not a speed measure: it is hundreds of
/// times the normal latency and hundreds of times below the stalled
/// deadlines, so the test fails only if a genuine callback waits for a
/// stalled one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_bodies_do_not_starve_genuine_callbacks() {
    raise_open_files(2 * STALLED as u64 + 1_024);
    let address = start(
        ServeConfig::default()
            .body_read_timeout(NEVER)
            .request_timeout(NEVER),
    )
    .await;
    let body = fixture("00-deposit-confirmed.json");

    let stalled_head = [head(&body, body.len()), body[..10].to_vec()].concat();
    let mut stalled = Vec::with_capacity(STALLED);
    for _ in 0..STALLED {
        let mut stream = TcpStream::connect(address).await.expect("connects");
        stream.write_all(&stalled_head).await.expect("writes");
        stalled.push(stream);
    }

    let client = reqwest::Client::builder()
        .timeout(ANSWER_BOUND)
        .build()
        .expect("client");
    let mut latencies = Vec::with_capacity(GENUINE);
    for index in 0..GENUINE {
        let started = std::time::Instant::now();
        let response = client
            .post(format!("http://{address}{PATH}"))
            .headers(alphapo::callbacks::testing::sign_callback(
                &credentials(),
                &body,
            ))
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|error| {
                panic!("genuine callback {index} not answered within {ANSWER_BOUND:?}: {error}")
            });
        assert_eq!(
            response.status(),
            reqwest::StatusCode::OK,
            "callback {index}"
        );
        latencies.push(started.elapsed());
    }
    latencies.sort();
    eprintln!(
        "{STALLED} stalled bodies held; {GENUINE} genuine callbacks answered: p50 {:?}, p99 {:?}, max {:?}",
        latencies[GENUINE / 2],
        latencies[GENUINE * 99 / 100 - 1],
        latencies[GENUINE - 1]
    );

    // The stalled clients are still connected: nothing cut them.
    let mut probe = [0_u8; 1];
    let cut = stalled
        .iter()
        .filter(|stream| !matches!(stream.try_read(&mut probe), Err(error) if error.kind() == std::io::ErrorKind::WouldBlock))
        .count();
    assert_eq!(cut, 0, "stalled connections were answered or closed");
    drop(stalled);
}

//! The limits that keep slow and idle clients from holding the sandbox:
//! 3,000 slow-drip connections beside a normal request, and the header,
//! body and keep-alive deadlines and the connection limit on paused time
//! (the deadlines pass at once, whatever the machine's speed).

use std::time::Duration;

use alphapo_sandbox::{Limits, SandboxHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::support::{self, client, start};

/// The start of a request whose headers never end.
const PARTIAL_HEADER: &[u8] =
    b"POST /api/v2/accounts/list HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Processing-Key: sand";

/// A whole request, answered with a plain `OK`.
const PING: &[u8] = b"GET /api/v2/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// The soft limit of open files these tests ask for: enough for all of
/// them at once, since they share the process (each connection costs two
/// files here, the client's socket and the sandbox's).
const OPEN_FILES: u64 = 16_384;

/// Raises this process's soft limit of open files towards [`OPEN_FILES`],
/// and checks it allows at least `needed`.
fn raise_open_files(needed: u64) {
    let limit = rlimit::increase_nofile_limit(OPEN_FILES)
        .unwrap_or_else(|error| panic!("cannot raise the open-files limit: {error}"));
    assert!(
        limit >= needed,
        "this test needs {needed} open files, the hard limit allows {limit} (`ulimit -Hn`)"
    );
}

/// Waits, without a deadline of its own, until the sandbox has `open`
/// connections open (a broken limit makes the test hang; the harness' own
/// timeout reports it).
async fn wait_for_open(sandbox: &SandboxHandle, open: usize) {
    while sandbox.open_connections() != open {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn connect(sandbox: &SandboxHandle) -> TcpStream {
    TcpStream::connect(sandbox.local_addr())
        .await
        .unwrap_or_else(|error| panic!("cannot connect to the sandbox: {error}"))
}

async fn send(stream: &mut TcpStream, bytes: &[u8]) {
    stream
        .write_all(bytes)
        .await
        .unwrap_or_else(|error| panic!("cannot write to the sandbox: {error}"));
}

/// Everything the sandbox sends until it closes the connection.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    stream
        .read_to_end(&mut received)
        .await
        .unwrap_or_else(|error| panic!("the connection broke instead of closing: {error}"));
    String::from_utf8_lossy(&received).into_owned()
}

/// Reads the answer to [`PING`], leaving the connection open.
async fn read_ping_answer(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    while !received.ends_with(b"\r\n\r\nOK") {
        let mut chunk = [0_u8; 1024];
        let read = stream
            .read(&mut chunk)
            .await
            .unwrap_or_else(|error| panic!("cannot read the answer: {error}"));
        assert_ne!(read, 0, "closed before the whole answer: {received:?}");
        received.extend_from_slice(&chunk[..read]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_thousand_slow_drip_connections_do_not_stop_a_normal_request() {
    const DRIPPERS: usize = 3_000;
    raise_open_files(2 * DRIPPERS as u64 + 512);
    let mut config = support::config();
    // Far beyond the test, so that every dripper is still held by the
    // sandbox when the normal request comes.
    config.limits.header_read_timeout = Duration::from_secs(3_600);
    let sandbox = start(config).await;
    let (first, rest) = PARTIAL_HEADER.split_at(12);
    let mut drippers = Vec::with_capacity(DRIPPERS);
    for _ in 0..DRIPPERS {
        let mut stream = connect(&sandbox).await;
        send(&mut stream, first).await;
        drippers.push(stream);
    }
    wait_for_open(&sandbox, DRIPPERS).await;
    // A little more of every header, never its end.
    for stream in &mut drippers {
        send(stream, rest).await;
    }

    let client = client(&sandbox);
    let balances = client
        .accounts_list()
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await
        .unwrap_or_else(|error| panic!("the normal request failed: {error}"));
    assert!(!balances.into_inner().data.is_empty());

    // Every connection is released once its client goes.
    drop((client, drippers));
    wait_for_open(&sandbox, 0).await;
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_connection_that_never_ends_its_headers_is_closed_at_the_header_deadline() {
    let sandbox = start(support::config()).await;
    let mut stream = connect(&sandbox).await;
    send(&mut stream, PARTIAL_HEADER).await;
    let started = Instant::now();
    let received = read_until_closed(&mut stream).await;
    assert!(started.elapsed() >= Limits::default().header_read_timeout);
    assert_eq!(received, "", "closed without an answer");
    wait_for_open(&sandbox, 0).await;
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_body_that_stops_half_way_gets_408_and_the_connection_is_closed() {
    let sandbox = start(support::config()).await;
    let mut stream = connect(&sandbox).await;
    send(
        &mut stream,
        b"POST /_sandbox/deposits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"address\": ",
    )
    .await;
    let started = Instant::now();
    let received = read_until_closed(&mut stream).await;
    assert!(started.elapsed() >= Limits::default().body_read_timeout);
    assert!(
        received.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{received}"
    );
    assert!(
        received.contains(r#""code":"request_timeout""#),
        "{received}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn an_idle_kept_alive_connection_is_closed_at_the_keep_alive_deadline() {
    let sandbox = start(support::config()).await;
    let limits = Limits::default();
    let mut stream = connect(&sandbox).await;
    send(&mut stream, PING).await;
    let answer = read_ping_answer(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    let started = Instant::now();
    assert_eq!(read_until_closed(&mut stream).await, "");
    let idle = started.elapsed();
    // The keep-alive deadline closed it, not the later header deadline.
    assert!(
        idle >= limits.keep_alive_timeout && idle < limits.header_read_timeout,
        "{idle:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_connections_left_open_by_their_clients_is_all_released() {
    const BURST: usize = 1_000;
    raise_open_files(2 * BURST as u64 + 512);
    let sandbox = start(support::config()).await;
    let mut streams = Vec::with_capacity(BURST);
    for _ in 0..BURST {
        let mut stream = connect(&sandbox).await;
        send(&mut stream, PING).await;
        streams.push(stream);
    }
    for stream in &mut streams {
        read_ping_answer(stream).await;
    }
    // The clients keep every connection; the keep-alive deadline ends them.
    wait_for_open(&sandbox, 0).await;
    for stream in &mut streams {
        assert_eq!(read_until_closed(stream).await, "");
    }
    sandbox.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn connections_over_the_limit_wait_until_a_slow_client_is_cut() {
    let mut config = support::config();
    config.limits.max_connections = 2;
    let header_read_timeout = config.limits.header_read_timeout;
    let sandbox = start(config).await;
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut stream = connect(&sandbox).await;
        send(&mut stream, PARTIAL_HEADER).await;
        slow.push(stream);
    }
    wait_for_open(&sandbox, 2).await;
    let started = Instant::now();
    let mut waiting = connect(&sandbox).await;
    send(&mut waiting, PING).await;
    let answer = read_ping_answer(&mut waiting).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(started.elapsed() >= header_read_timeout);
    for stream in &mut slow {
        assert_eq!(read_until_closed(stream).await, "");
    }
    sandbox.shutdown().await;
}

/// Requests whose framing HTTP/1.1 forbids are answered by hyper before any
/// route sees them: a status line and `content-length: 0`, no JSON body,
/// then the connection is closed (as the crate documentation says).
#[tokio::test]
async fn malformed_framing_gets_a_bodyless_4xx_and_the_connection_is_closed() {
    let sandbox = start(support::config()).await;
    let huge_header = format!("X-Filler: {}\r\n", "a".repeat(512 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "two different Content-Length",
            b"POST /api/v2/accounts/list HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}".to_vec(),
            "400 Bad Request",
        ),
        (
            "a negative Content-Length",
            b"POST /api/v2/accounts/list HTTP/1.1\r\nHost: x\r\nContent-Length: -2\r\n\r\n{}".to_vec(),
            "400 Bad Request",
        ),
        (
            "a control byte in a header value",
            b"POST /api/v2/accounts/list HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
            "400 Bad Request",
        ),
        (
            "headers over hyper's buffer",
            format!("GET /api/v2/ping HTTP/1.1\r\nHost: x\r\n{huge_header}\r\n").into_bytes(),
            "431 Request Header Fields Too Large",
        ),
    ];
    for (what, request, status) in cases {
        let mut stream = connect(&sandbox).await;
        // The oversized request may be cut short by the answer.
        let _ = stream.write_all(&request).await;
        let answer = read_until_closed(&mut stream).await.to_ascii_lowercase();
        assert!(
            answer.starts_with(&format!("http/1.1 {}\r\n", status.to_ascii_lowercase())),
            "{what}: {answer:?}"
        );
        assert!(
            answer.contains("content-length: 0\r\n"),
            "{what}: {answer:?}"
        );
        assert!(answer.ends_with("\r\n\r\n"), "{what}: {answer:?}");
    }
    sandbox.shutdown().await;
}

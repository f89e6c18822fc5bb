//! An HTTP/1.1 proxy in front of an upstream (the sandbox) that injects one
//! fault into every exchange, so a test knows exactly what the API saw: with
//! a fault "after forwarding" the upstream acted on the request; "before
//! forwarding" it never saw it.
//!
//! Plain threads over `std::net`: each connection is read as one request
//! (head, then `Content-Length` bytes), which is all the client sends.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// What the proxy does to an exchange.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Accepts the connection and closes it without reading the request.
    CloseBeforeReading,
    /// Forwards the request, reads the upstream's answer, then closes the
    /// connection without answering.
    DropAfterForwarding,
    /// Forwards the request and never answers (until the client hangs up).
    NeverAnswer,
    /// Forwards the request and relays the answer cut in half: the head
    /// promises more body than arrives before the connection closes.
    Truncated,
    /// Answers a proxy's HTML 502 without forwarding.
    Html502BeforeForwarding,
    /// Forwards the request, then answers a proxy's HTML 502 instead of the
    /// upstream's answer.
    Html502AfterForwarding,
    /// Forwards the request, then answers 200 with an HTML body.
    Unreadable200,
}

/// A running proxy; its threads end with the test process.
pub struct FaultProxy {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// One message per finished exchange: whether it reached the upstream.
    exchanges: mpsc::Receiver<bool>,
}

impl FaultProxy {
    /// Waits until the next exchange is over (for [`Fault::NeverAnswer`]:
    /// until the client hung up) and says whether the upstream got the
    /// request. The bound only keeps a broken test from hanging.
    pub fn next_exchange(&self) -> bool {
        self.exchanges
            .recv_timeout(Duration::from_secs(120))
            .expect("the exchange ends")
    }
}

/// Starts a proxy to `upstream` that applies `fault` to every connection.
pub fn start(upstream: SocketAddr, fault: Fault) -> FaultProxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
    let address = listener.local_addr().expect("proxy address");
    let (done, exchanges) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            let done = done.clone();
            thread::spawn(move || {
                let mut forwarded = false;
                // A client that gave up mid-exchange is part of the test.
                let _ = serve(stream, upstream, fault, &mut forwarded);
                let _ = done.send(forwarded);
            });
        }
    });
    FaultProxy {
        base_url: format!("http://{address}"),
        exchanges,
    }
}

const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head>\
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
const HTML_200: &str = "<html><body>Thank you for your request</body></html>";

/// Runs one exchange; `forwarded` is set once the upstream has the request.
fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    forwarded: &mut bool,
) -> io::Result<()> {
    if let Fault::CloseBeforeReading = fault {
        return Ok(());
    }
    let request = read_message(&mut client)?;
    if let Fault::Html502BeforeForwarding = fault {
        return client.write_all(&html(502, "Bad Gateway", HTML_502));
    }
    let answer = forward(upstream, &request.bytes, forwarded)?;
    match fault {
        Fault::DropAfterForwarding => Ok(()),
        Fault::NeverAnswer => io::copy(&mut client, &mut io::sink()).map(drop),
        Fault::Truncated => {
            let cut = answer.head_len + (answer.bytes.len() - answer.head_len) / 2;
            client.write_all(&answer.bytes[..cut])
        }
        Fault::Html502AfterForwarding => client.write_all(&html(502, "Bad Gateway", HTML_502)),
        Fault::Unreadable200 => client.write_all(&html(200, "OK", HTML_200)),
        Fault::CloseBeforeReading | Fault::Html502BeforeForwarding => unreachable!("handled above"),
    }
}

/// One HTTP message as it was on the wire.
struct Message {
    bytes: Vec<u8>,
    head_len: usize,
}

/// Reads a head and the `Content-Length` bytes of body after it.
fn read_message(stream: &mut TcpStream) -> io::Result<Message> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_len = loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_len]).to_ascii_lowercase();
    let body_len: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(Ok(0), |value| value.trim().parse())
        .map_err(|_| io::Error::other("a bad Content-Length"))?;
    while bytes.len() < head_len + body_len {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    Ok(Message { bytes, head_len })
}

/// Sends `request` upstream and reads its answer.
fn forward(upstream: SocketAddr, request: &[u8], forwarded: &mut bool) -> io::Result<Message> {
    let mut stream = TcpStream::connect(upstream)?;
    stream.write_all(request)?;
    let answer = read_message(&mut stream)?;
    *forwarded = true;
    Ok(answer)
}

/// A complete response with an HTML body.
fn html(status: u16, reason: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

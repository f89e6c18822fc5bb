//! What a mock server received, checks on it, and a URL nothing answers.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::Sha512;

/// One request as the mock server saw it.
#[derive(Debug, Clone)]
pub struct Received {
    /// Upper-case method.
    pub method: String,
    /// Path of the request URI.
    pub path: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// The values of one header (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A shared log of received requests.
pub type Log = Arc<Mutex<Vec<Received>>>;

/// Adds a matcher to `when` that records every request it sees into `log`.
pub fn record(when: httpmock::When, log: &Log) -> httpmock::When {
    let log = Arc::clone(log);
    when.is_true(move |request: &httpmock::HttpMockRequest| {
        let received = Received {
            method: request.method().as_str().to_owned(),
            path: request.uri().path().to_owned(),
            headers: request.headers_vec().clone(),
            body: request.body().to_vec(),
        };
        log.lock().expect("log lock").push(received);
        true
    })
}

/// Lowercase hex HMAC-SHA512, computed here independently of alphapo-auth.
pub fn hmac_sha512_hex(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(secret).expect("any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// `http://127.0.0.1:PORT` where nothing listens (a port bound, then
/// released): a connection there is refused.
///
/// ```
/// let url = alphapo_tests::wire::refused_url();
/// assert!(url.starts_with("http://127.0.0.1:"));
/// ```
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("a local address");
    drop(listener);
    format!("http://{address}")
}

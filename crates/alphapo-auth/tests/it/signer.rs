//! Signing of reqwest requests and header maps.

use alphapo_auth::{Credentials, KEY_HEADER, SIGNATURE_HEADER, SignError, Signer};
use http::{HeaderMap, HeaderValue};

const BODY: &[u8] = br#"{"currency":"BTC","foreign_id":"123456"}"#;
const BODY_SIGNATURE: &str = "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba5\
                              5b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec";

fn signer() -> Signer {
    Signer::new(&Credentials::new("merchant-key", "AbCdEfG123456").expect("valid credentials"))
}

fn request(body: Option<reqwest::Body>) -> reqwest::Request {
    let url = "https://app.alphapo.net/api/v2/invoices/create"
        .parse()
        .expect("valid URL");
    let mut request = reqwest::Request::new(reqwest::Method::POST, url);
    *request.body_mut() = body;
    request
}

#[test]
fn signs_the_exact_body_of_a_request() {
    let mut request = request(Some(BODY.to_vec().into()));
    signer()
        .sign_request(&mut request)
        .expect("a byte body signs");
    let headers = request.headers();
    assert_eq!(headers[KEY_HEADER], "merchant-key");
    assert_eq!(headers[SIGNATURE_HEADER], BODY_SIGNATURE);
    assert!(headers[KEY_HEADER].is_sensitive());
    assert!(headers[SIGNATURE_HEADER].is_sensitive());
    let sent = request.body().and_then(reqwest::Body::as_bytes);
    assert_eq!(sent, Some(BODY), "signing leaves the body alone");
}

#[test]
fn a_request_without_body_is_signed_as_empty() {
    let mut request = request(None);
    signer().sign_request(&mut request).expect("no body signs");
    assert_eq!(
        request.headers()[SIGNATURE_HEADER],
        signer().sign(b"").as_str()
    );
}

#[test]
fn signing_replaces_earlier_headers() {
    let mut request = request(Some(BODY.to_vec().into()));
    let headers = request.headers_mut();
    headers.append(KEY_HEADER, HeaderValue::from_static("stale"));
    headers.append(KEY_HEADER, HeaderValue::from_static("stale-again"));
    headers.append(SIGNATURE_HEADER, HeaderValue::from_static("stale"));
    signer()
        .sign_request(&mut request)
        .expect("a byte body signs");
    let keys: Vec<_> = request.headers().get_all(KEY_HEADER).iter().collect();
    let signatures: Vec<_> = request.headers().get_all(SIGNATURE_HEADER).iter().collect();
    assert_eq!(keys, ["merchant-key"]);
    assert_eq!(signatures, [BODY_SIGNATURE]);
}

#[test]
fn a_streaming_body_is_an_error_and_the_request_is_untouched() {
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(BODY)];
    let body = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    let mut request = request(Some(body));
    assert_eq!(
        signer().sign_request(&mut request),
        Err(SignError::StreamingBody)
    );
    assert!(request.headers().is_empty());
}

#[test]
fn insert_headers_matches_sign() {
    let mut headers = HeaderMap::new();
    signer().insert_headers(&mut headers, BODY);
    assert_eq!(headers.len(), 2);
    assert_eq!(headers[SIGNATURE_HEADER], signer().sign(BODY).as_str());
    assert_eq!(signer().sign(BODY).to_string(), BODY_SIGNATURE);
}

#[test]
fn signatures_are_lowercase_hex_of_128_characters() {
    for body in [&b""[..], b"{}", b"[]", &[0xff; 1000]] {
        let signature = signer().sign(body);
        assert_eq!(signature.as_str().len(), 128);
        assert!(
            signature
                .as_str()
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        );
    }
}

#[test]
fn clones_sign_identically() {
    let signer = signer();
    let clone = signer.clone();
    assert_eq!(signer.sign(BODY), clone.sign(BODY));
    assert_ne!(signer.sign(BODY), signer.sign(b"{}"));
}

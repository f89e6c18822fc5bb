//! Signing of outgoing requests.

use std::fmt;

use hmac::{Hmac, Mac};
use reqwest::header::HeaderValue;
use sha2::Sha512;

use crate::{Credentials, KEY_HEADER, SIGNATURE_HEADER};

type HmacSha512 = Hmac<Sha512>;

/// Signs request bodies with a merchant's secret.
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("k", "s").unwrap();
/// let signer = alphapo_auth::Signer::new(&credentials);
/// assert_eq!(signer.sign(b"{}").as_str().len(), 128);
/// ```
#[derive(Clone)]
pub struct Signer {
    api_key: HeaderValue,
    mac: HmacSha512,
}

/// A lowercase hex HMAC-SHA512 signature.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(String);

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The request body is a stream, so its bytes are not known in advance.
    #[error("the request body is a stream and cannot be signed")]
    StreamingBody,
    /// The API key contains bytes that cannot go in an HTTP header.
    #[error("the API key is not a valid header value")]
    InvalidKey,
}

impl Signer {
    /// Builds a signer from credentials.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s").unwrap();
    /// let _signer = alphapo_auth::Signer::new(&credentials);
    /// ```
    pub fn new(credentials: &Credentials) -> Self {
        let mac = HmacSha512::new_from_slice(credentials.secret()).expect("HMAC accepts any key");
        let mut api_key = HeaderValue::from_str(credentials.api_key())
            .unwrap_or_else(|_| HeaderValue::from_static(""));
        api_key.set_sensitive(true);
        Self { api_key, mac }
    }

    /// Signs the given body bytes.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "AbCdEfG123456").unwrap();
    /// let signer = alphapo_auth::Signer::new(&credentials);
    /// let signature = signer.sign(br#"{"currency":"BTC","foreign_id":"123456"}"#);
    /// assert!(signature.as_str().starts_with("03c25fcf"));
    /// ```
    pub fn sign(&self, body: &[u8]) -> Signature {
        let mut mac = self.mac.clone();
        mac.update(body);
        Signature(hex::encode(mac.finalize().into_bytes()))
    }

    /// Signs a request from its exact body bytes, setting the key and signature headers.
    ///
    /// A request without a body is signed as the empty byte string.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s").unwrap();
    /// let signer = alphapo_auth::Signer::new(&credentials);
    /// let mut request = reqwest::Request::new(
    ///     reqwest::Method::POST,
    ///     "https://app.alphapo.net/api/v2/accounts/list".parse().unwrap(),
    /// );
    /// *request.body_mut() = Some(b"{}".to_vec().into());
    /// signer.sign_request(&mut request).unwrap();
    /// assert!(request.headers().contains_key("x-processing-signature"));
    /// ```
    pub fn sign_request(&self, request: &mut reqwest::Request) -> Result<(), SignError> {
        let body = match request.body() {
            Some(body) => body.as_bytes().ok_or(SignError::StreamingBody)?,
            None => &[],
        };
        if self.api_key.is_empty() {
            return Err(SignError::InvalidKey);
        }
        let signature = self.sign(body);
        let mut value =
            HeaderValue::from_str(signature.as_str()).expect("hex is a valid header value");
        value.set_sensitive(true);
        let headers = request.headers_mut();
        headers.insert(KEY_HEADER, self.api_key.clone());
        headers.insert(SIGNATURE_HEADER, value);
        Ok(())
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

impl Signature {
    /// The signature as 128 lowercase hex characters.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s").unwrap();
    /// let signature = alphapo_auth::Signer::new(&credentials).sign(b"{}");
    /// assert!(signature.as_str().chars().all(|c| c.is_ascii_hexdigit()));
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.0).finish()
    }
}

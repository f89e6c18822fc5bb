//! Signing of outgoing requests.

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderValue};

use crate::credentials::Credentials;
use crate::headers::{KEY_NAME, SIGNATURE_NAME};
use crate::mac::{DIGEST_LEN, KeyedMac};
use crate::signature;
use crate::signature::Signature;

/// Signs request bodies with a merchant's secret.
///
/// Build one per client: the HMAC key schedule runs once, here, and each
/// signature clones the keyed state. Cloning a `Signer` is cheap (a reference
/// count) and it can be shared across threads.
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("k", "s")?;
/// let signer = alphapo_auth::Signer::new(&credentials);
/// assert_eq!(signer.sign(b"{}").as_str().len(), 128);
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Signer(Arc<Keys>);

struct Keys {
    api_key: HeaderValue,
    mac: KeyedMac,
}

impl Signer {
    /// Builds a signer from credentials.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s")?;
    /// let _signer = alphapo_auth::Signer::new(&credentials);
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn new(credentials: &Credentials) -> Self {
        // `Credentials` only holds printable ASCII keys, which are valid header values.
        let mut api_key = HeaderValue::from_str(credentials.api_key())
            .expect("Credentials hold printable ASCII API keys");
        api_key.set_sensitive(true);
        Self(Arc::new(Keys {
            api_key,
            mac: KeyedMac::new(credentials.secret()),
        }))
    }

    /// Signs the given body bytes.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "AbCdEfG123456")?;
    /// let signer = alphapo_auth::Signer::new(&credentials);
    /// let signature = signer.sign(br#"{"currency":"BTC","foreign_id":"123456"}"#);
    /// assert!(signature.as_str().starts_with("03c25fcf"));
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn sign(&self, body: &[u8]) -> Signature {
        Signature::from_digest(&self.0.mac.digest(body))
    }

    /// Signs `body` and sets `X-Processing-Key` and `X-Processing-Signature`
    /// in `headers`, replacing any previous values. Both are marked
    /// sensitive. For HTTP stacks other than reqwest.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s")?;
    /// let mut headers = http::HeaderMap::new();
    /// alphapo_auth::Signer::new(&credentials).insert_headers(&mut headers, b"{}");
    /// assert_eq!(headers[alphapo_auth::KEY_HEADER], "k");
    /// assert!(headers[alphapo_auth::SIGNATURE_HEADER].is_sensitive());
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn insert_headers(&self, headers: &mut HeaderMap, body: &[u8]) {
        self.write_headers(headers, &self.0.mac.digest(body));
    }

    /// Signs a request from its exact body bytes (read in place, not copied),
    /// setting the key and signature headers as [`Signer::insert_headers`]
    /// does. A request without a body is signed as the empty byte string.
    ///
    /// # Errors
    ///
    /// [`SignError::StreamingBody`](crate::SignError::StreamingBody) if the
    /// body is a stream, whose bytes are not known before it is sent.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s")?;
    /// let signer = alphapo_auth::Signer::new(&credentials);
    /// let mut request = reqwest::Request::new(
    ///     reqwest::Method::POST,
    ///     "https://app.alphapo.net/api/v2/accounts/list".parse()?,
    /// );
    /// *request.body_mut() = Some(b"{}".to_vec().into());
    /// signer.sign_request(&mut request)?;
    /// assert_eq!(request.headers()["x-processing-signature"], signer.sign(b"{}").as_str());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "reqwest")]
    pub fn sign_request(
        &self,
        request: &mut reqwest::Request,
    ) -> Result<(), crate::error::SignError> {
        let digest = match request.body() {
            Some(body) => self.0.mac.digest(
                body.as_bytes()
                    .ok_or(crate::error::SignError::StreamingBody)?,
            ),
            None => self.0.mac.digest(&[]),
        };
        self.write_headers(request.headers_mut(), &digest);
        Ok(())
    }

    /// Sets the key header and the signature of `digest`, replacing any
    /// previous values.
    fn write_headers(&self, headers: &mut HeaderMap, digest: &[u8; DIGEST_LEN]) {
        headers.insert(KEY_NAME.clone(), self.0.api_key.clone());
        headers.insert(SIGNATURE_NAME.clone(), signature::header_value(digest));
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("api_key", &self.0.api_key)
            .finish_non_exhaustive()
    }
}

//! Helpers for testing your own callback handlers.
//!
//! They sign a body exactly as AlphaPo signs the callbacks it sends, so a
//! test can post a realistic callback to a handler that checks it with a
//! [`Verifier`](crate::Verifier).

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};

use crate::credentials::Credentials;
use crate::signer::Signer;

/// The headers AlphaPo sends with a callback whose body is `body`:
/// `Content-Type: application/json`, `X-Processing-Key` with the credentials'
/// API key and `X-Processing-Signature` with the lowercase hex HMAC-SHA512 of
/// `body` under their secret.
///
/// It builds a [`Signer`] per call, which is fine in tests; to sign many
/// requests, keep one `Signer`.
///
/// ```
/// use alphapo_auth::{Credentials, Verifier, testing};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let body = br#"{"id":1,"type":"deposit","status":"confirmed"}"#;
/// let headers = testing::sign_callback(&credentials, body);
///
/// assert_eq!(headers["content-type"], "application/json");
/// assert_eq!(headers[alphapo_auth::KEY_HEADER], "key");
/// assert_eq!(Verifier::new(&credentials).verify(&headers, body), Ok(()));
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
pub fn sign_callback(credentials: &Credentials, body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(3);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Signer::new(credentials).insert_headers(&mut headers, body);
    headers
}

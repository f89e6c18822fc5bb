//! AlphaPo's request checks, in order: `Content-Type: application/json`, the
//! key header, the signature header, then a body that is a JSON object, an
//! array or `null`. Each failure has AlphaPo's own error body.

use alphapo_auth::{Verifier, VerifyError};
use alphapo_gen::types;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use serde_json::Value;

/// Why a request was turned away before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    BadContentFormat,
    RequiredHeaderKey,
    BadHeaderKey,
    RequiredHeaderSignature,
    BadHeaderSignature,
}

impl Rejection {
    pub(crate) fn status(self) -> StatusCode {
        match self {
            Self::BadContentFormat => StatusCode::BAD_REQUEST,
            _ => StatusCode::FORBIDDEN,
        }
    }

    /// AlphaPo's body for this rejection, as the generated error type.
    pub(crate) fn body(self) -> types::ApiError {
        let (error, code) = match self {
            Self::BadContentFormat => ("Bad content format", "bad_content_format"),
            Self::RequiredHeaderKey => ("No key header", "required_header_key"),
            Self::BadHeaderKey => ("Bad key header", "bad_header_key"),
            Self::RequiredHeaderSignature => ("No signature header", "required_header_signature"),
            Self::BadHeaderSignature => ("Bad signature header", "bad_header_signature"),
        };
        types::ApiError {
            error: Some(error.to_owned()),
            code: Some(code.to_owned()),
            errors: Default::default(),
        }
    }
}

/// Checks a signed request and returns its body as JSON.
pub(crate) fn check(
    verifier: &Verifier,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, Rejection> {
    if !is_json_content_type(headers) {
        return Err(Rejection::BadContentFormat);
    }
    verifier
        .verify(headers, body)
        .map_err(|error| match error {
            VerifyError::MissingKey => Rejection::RequiredHeaderKey,
            VerifyError::RepeatedKey | VerifyError::KeyMismatch => Rejection::BadHeaderKey,
            VerifyError::MissingSignature => Rejection::RequiredHeaderSignature,
            VerifyError::BodyTooLarge { .. } => Rejection::BadContentFormat,
            _ => Rejection::BadHeaderSignature,
        })?;
    // "Body must be a valid json object or array" (reference §3); `null`
    // too, which a Go client sends and the API takes (UNCONFIRMED beyond it).
    match serde_json::from_slice(body) {
        Ok(json @ (Value::Object(_) | Value::Array(_) | Value::Null)) => Ok(json),
        _ => Err(Rejection::BadContentFormat),
    }
}

/// `application/json`, with or without parameters such as a charset.
fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use alphapo_auth::{Credentials, testing};
    use http::HeaderValue;

    use super::*;

    fn verifier() -> (Credentials, Verifier) {
        let credentials = Credentials::new("key", "secret").unwrap_or_else(|e| panic!("{e}"));
        let verifier = Verifier::new(&credentials);
        (credentials, verifier)
    }

    #[test]
    fn each_failure_has_its_code() {
        let (credentials, verifier) = verifier();
        let signed = testing::sign_callback(&credentials, b"{}");
        assert!(check(&verifier, &signed, b"{}").is_ok());

        let mut headers = signed.clone();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert_eq!(
            check(&verifier, &headers, b"{}"),
            Err(Rejection::BadContentFormat)
        );

        let mut headers = signed.clone();
        headers.remove(alphapo_auth::KEY_HEADER);
        assert_eq!(
            check(&verifier, &headers, b"{}"),
            Err(Rejection::RequiredHeaderKey)
        );

        let mut headers = signed.clone();
        headers.insert(alphapo_auth::KEY_HEADER, HeaderValue::from_static("other"));
        assert_eq!(
            check(&verifier, &headers, b"{}"),
            Err(Rejection::BadHeaderKey)
        );

        let mut headers = signed.clone();
        headers.remove(alphapo_auth::SIGNATURE_HEADER);
        assert_eq!(
            check(&verifier, &headers, b"{}"),
            Err(Rejection::RequiredHeaderSignature)
        );

        assert_eq!(
            check(&verifier, &signed, b"[]"),
            Err(Rejection::BadHeaderSignature)
        );

        for not_an_object_or_array in [&b"{"[..], b"1", b"true", b"\"{}\""] {
            let signed = testing::sign_callback(&credentials, not_an_object_or_array);
            assert_eq!(
                check(&verifier, &signed, not_an_object_or_array),
                Err(Rejection::BadContentFormat)
            );
        }
    }

    #[test]
    fn charset_parameters_are_accepted() {
        let (credentials, verifier) = verifier();
        let mut headers = testing::sign_callback(&credentials, b"{}");
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(check(&verifier, &headers, b"{}").is_ok());
    }
}

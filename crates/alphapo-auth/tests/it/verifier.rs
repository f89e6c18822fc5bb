//! Each verification case, through the public API.

use alphapo_auth::{
    Credentials, DEFAULT_MAX_BODY_BYTES, KEY_HEADER, SIGNATURE_HEADER, Secret, Signer, Verifier,
    VerifyError, testing,
};
use http::{HeaderMap, HeaderValue};

const BODY: &[u8] = br#"{"id":42,"type":"deposit","status":"confirmed"}"#;

fn credentials() -> Credentials {
    Credentials::new("merchant-key", "merchant-secret").expect("valid credentials")
}

fn verifier() -> Verifier {
    Verifier::new(&credentials())
}

fn signed_headers() -> HeaderMap {
    testing::sign_callback(&credentials(), BODY)
}

fn signature_hex() -> String {
    Signer::new(&credentials()).sign(BODY).as_str().to_owned()
}

#[test]
fn accepts_a_signed_callback() {
    assert_eq!(verifier().verify(&signed_headers(), BODY), Ok(()));
}

#[test]
fn accepts_an_empty_body_signed_as_empty() {
    let headers = testing::sign_callback(&credentials(), b"");
    assert_eq!(verifier().verify(&headers, b""), Ok(()));
}

#[test]
fn accepts_uppercase_and_mixed_case_hex() {
    let lower = signature_hex();
    let upper = lower.to_uppercase();
    let mixed: String = lower
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    for signature in [upper, mixed] {
        assert_eq!(
            verifier().verify_values(b"merchant-key", signature.as_bytes(), BODY),
            Ok(())
        );
    }
}

#[test]
fn rejects_a_changed_body() {
    assert_eq!(
        verifier().verify(
            &signed_headers(),
            br#"{"id":43,"type":"deposit","status":"confirmed"}"#
        ),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn rejects_a_body_with_extra_whitespace() {
    let reformatted = br#"{"id": 42, "type": "deposit", "status": "confirmed"}"#;
    assert_eq!(
        verifier().verify(&signed_headers(), reformatted),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn rejects_a_signature_made_with_another_secret() {
    let other = Credentials::new("merchant-key", "another-secret").expect("valid credentials");
    let headers = testing::sign_callback(&other, BODY);
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn missing_key() {
    let mut headers = signed_headers();
    headers.remove(KEY_HEADER);
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::MissingKey)
    );
}

#[test]
fn repeated_key() {
    let mut headers = signed_headers();
    headers.append(KEY_HEADER, HeaderValue::from_static("merchant-key"));
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::RepeatedKey)
    );
}

#[test]
fn key_mismatch() {
    let mut headers = signed_headers();
    headers.insert(KEY_HEADER, HeaderValue::from_static("someone-else"));
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::KeyMismatch)
    );
}

#[test]
fn key_prefix_and_case_are_mismatches() {
    for key in [&b"merchant-ke"[..], b"merchant-key ", b"MERCHANT-KEY", b""] {
        assert_eq!(
            verifier().verify_values(key, signature_hex().as_bytes(), BODY),
            Err(VerifyError::KeyMismatch),
            "key {key:?}"
        );
    }
}

#[test]
fn missing_signature() {
    let mut headers = signed_headers();
    headers.remove(SIGNATURE_HEADER);
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::MissingSignature)
    );
}

#[test]
fn repeated_signature_even_if_both_are_valid() {
    let mut headers = signed_headers();
    let value = HeaderValue::from_str(&signature_hex()).expect("hex is a header value");
    headers.append(SIGNATURE_HEADER, value);
    assert_eq!(
        verifier().verify(&headers, BODY),
        Err(VerifyError::RepeatedSignature)
    );
}

#[test]
fn header_names_are_case_insensitive() {
    let mut headers = HeaderMap::new();
    let key = http::HeaderName::from_bytes(b"X-Processing-Key").expect("valid name");
    let signature = http::HeaderName::from_bytes(b"X-PROCESSING-SIGNATURE").expect("valid name");
    headers.insert(key, HeaderValue::from_static("merchant-key"));
    headers.insert(
        signature,
        HeaderValue::from_str(&signature_hex()).expect("hex is a header value"),
    );
    assert_eq!(verifier().verify(&headers, BODY), Ok(()));
}

#[test]
fn malformed_signature() {
    let mut signature = signature_hex().into_bytes();
    signature[127] = b'g';
    assert_eq!(
        verifier().verify_values(b"merchant-key", &signature, BODY),
        Err(VerifyError::MalformedSignature)
    );
    // A non-ASCII byte: two bytes of UTF-8 in place of two hex digits.
    let mut signature = signature_hex().into_bytes();
    signature.splice(0..2, "é".bytes());
    assert_eq!(signature.len(), 128);
    assert_eq!(
        verifier().verify_values(b"merchant-key", &signature, BODY),
        Err(VerifyError::MalformedSignature)
    );
}

#[test]
fn wrong_signature_length() {
    let hex = signature_hex();
    for (value, found) in [
        (&hex[..126], 126),
        (&format!("{hex}00")[..], 130),
        (&format!(" {hex}")[..], 129),
        ("", 0),
    ] {
        assert_eq!(
            verifier().verify_values(b"merchant-key", value.as_bytes(), BODY),
            Err(VerifyError::WrongSignatureLength { found }),
            "value {value:?}"
        );
    }
}

#[test]
fn body_cap_defaults_to_one_mebibyte() {
    assert_eq!(verifier().body_limit(), 1_048_576);
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 1_048_576);
    let at_limit = vec![b' '; DEFAULT_MAX_BODY_BYTES];
    let headers = testing::sign_callback(&credentials(), &at_limit);
    assert_eq!(verifier().verify(&headers, &at_limit), Ok(()));

    let over = vec![b' '; DEFAULT_MAX_BODY_BYTES + 1];
    let headers = testing::sign_callback(&credentials(), &over);
    assert_eq!(
        verifier().verify(&headers, &over),
        Err(VerifyError::BodyTooLarge {
            limit: DEFAULT_MAX_BODY_BYTES,
            actual: DEFAULT_MAX_BODY_BYTES + 1
        })
    );
}

#[test]
fn body_cap_is_configurable_and_inclusive() {
    let verifier = verifier().max_body_bytes(BODY.len());
    assert_eq!(verifier.verify(&signed_headers(), BODY), Ok(()));
    let verifier = verifier.max_body_bytes(BODY.len() - 1);
    assert_eq!(
        verifier.verify(&signed_headers(), BODY),
        Err(VerifyError::BodyTooLarge {
            limit: BODY.len() - 1,
            actual: BODY.len()
        })
    );
}

#[test]
fn body_cap_is_checked_before_the_headers() {
    let verifier = verifier().max_body_bytes(1);
    let too_large = Err(VerifyError::BodyTooLarge {
        limit: 1,
        actual: BODY.len(),
    });
    assert_eq!(verifier.verify(&HeaderMap::new(), BODY), too_large);
    assert_eq!(verifier.verify_values(b"", b"", BODY), too_large);
}

#[test]
fn key_is_checked_before_the_signature() {
    assert_eq!(
        verifier().verify_values(b"someone-else", b"not hex", BODY),
        Err(VerifyError::KeyMismatch)
    );
}

#[test]
fn rotation_accepts_every_configured_secret() {
    let old = Credentials::new("merchant-key", "old-secret").expect("valid credentials");
    let older = Credentials::new("merchant-key", "older-secret").expect("valid credentials");
    let stranger = Credentials::new("merchant-key", "stranger").expect("valid credentials");
    let verifier = verifier()
        .with_additional_secret(&Secret::new("old-secret").expect("valid secret"))
        .with_additional_secret(&Secret::new("older-secret").expect("valid secret"));

    for credentials in [credentials(), old, older] {
        let headers = testing::sign_callback(&credentials, BODY);
        assert_eq!(verifier.verify(&headers, BODY), Ok(()));
    }
    let headers = testing::sign_callback(&stranger, BODY);
    assert_eq!(
        verifier.verify(&headers, BODY),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn adding_a_secret_to_a_clone_leaves_the_original_alone() {
    let original = verifier();
    let rotated = original
        .clone()
        .with_additional_secret(&Secret::new("old-secret").expect("valid secret"));
    let old = Credentials::new("merchant-key", "old-secret").expect("valid credentials");
    let headers = testing::sign_callback(&old, BODY);
    assert_eq!(rotated.verify(&headers, BODY), Ok(()));
    assert_eq!(
        original.verify(&headers, BODY),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn testing_helper_produces_alphapo_headers() {
    let headers = signed_headers();
    assert_eq!(headers.len(), 3);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers[KEY_HEADER], "merchant-key");
    assert_eq!(headers[SIGNATURE_HEADER], signature_hex().as_str());
    assert!(headers[KEY_HEADER].is_sensitive());
    assert!(headers[SIGNATURE_HEADER].is_sensitive());
}

#[test]
fn signer_and_verifier_are_send_sync_and_clone() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<Signer>();
    assert_shareable::<Verifier>();
    assert_shareable::<Credentials>();
}

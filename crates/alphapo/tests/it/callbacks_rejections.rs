//! Every way a callback is rejected gives its own error, verification comes
//! before parsing, no error carries the secret or the body, and arbitrary
//! input never panics.

use crate::callbacks_support::{SECRET, credentials, fixture, fixtures, receive, verifier};
use alphapo::callbacks::{Callback, CallbackError, JsonKind, VerifiedCallback};
use alphapo_auth::{Credentials, KEY_HEADER, SIGNATURE_HEADER, Verifier, VerifyError, testing};
use alphapo_gen::CallbackType;
use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;
use serde_json::{Map, Value};

const DEPOSIT: &str = "00-deposit-confirmed.json";

/// Verifies `body` with headers signed over `signed`.
fn verify_signed_over(signed: &[u8], body: &[u8]) -> Result<VerifiedCallback, CallbackError> {
    let headers = testing::sign_callback(&credentials(), signed);
    VerifiedCallback::verify(&verifier(), &headers, body.to_vec())
}

fn verify_with(headers: &HeaderMap, body: &[u8]) -> Result<VerifiedCallback, CallbackError> {
    VerifiedCallback::verify(&verifier(), headers, body.to_vec())
}

/// Each rejection case: its name and the error it must give.
fn rejections() -> Vec<(
    &'static str,
    Result<VerifiedCallback, CallbackError>,
    CallbackError,
)> {
    let body = fixture(DEPOSIT);
    let signed = testing::sign_callback(&credentials(), &body);

    let mut wrong_key = signed.clone();
    wrong_key.insert(KEY_HEADER, HeaderValue::from_static("someone-else"));
    let mut no_key = signed.clone();
    no_key.remove(KEY_HEADER);
    let mut no_signature = signed.clone();
    no_signature.remove(SIGNATURE_HEADER);
    let other_secret =
        Credentials::new(crate::callbacks_support::KEY, "another-secret").expect("valid");
    let by_other_secret = testing::sign_callback(&other_secret, &body);

    let mut changed = body.clone();
    changed[body.len() / 2] ^= 0x01;
    let truncated = &body[..body.len() - 10];
    let oversized = vec![b' '; alphapo_auth::DEFAULT_MAX_BODY_BYTES + 1];
    let not_utf8 = b"{\"type\":\"deposit\xff\"}".to_vec();

    vec![
        (
            "wrong key header",
            verify_with(&wrong_key, &body),
            VerifyError::KeyMismatch.into(),
        ),
        (
            "missing key header",
            verify_with(&no_key, &body),
            VerifyError::MissingKey.into(),
        ),
        (
            "missing signature",
            verify_with(&no_signature, &body),
            VerifyError::MissingSignature.into(),
        ),
        (
            "signature by another secret",
            verify_with(&by_other_secret, &body),
            VerifyError::SignatureMismatch.into(),
        ),
        (
            "one changed byte",
            verify_with(&signed, &changed),
            VerifyError::SignatureMismatch.into(),
        ),
        (
            "truncated after signing",
            verify_with(&signed, truncated),
            VerifyError::SignatureMismatch.into(),
        ),
        (
            "oversized body",
            verify_signed_over(&oversized, &oversized),
            VerifyError::BodyTooLarge {
                limit: alphapo_auth::DEFAULT_MAX_BODY_BYTES,
                actual: oversized.len(),
            }
            .into(),
        ),
        (
            "truncated and signed",
            receive(truncated),
            CallbackError::Truncated {
                line: 42,
                column: 18,
            },
        ),
        (
            "empty and signed",
            receive(b""),
            CallbackError::Truncated { line: 1, column: 0 },
        ),
        (
            "not UTF-8",
            receive(&not_utf8),
            CallbackError::NotUtf8 { valid_up_to: 16 },
        ),
        (
            "not JSON",
            receive(b"{\"type\": deposit}"),
            CallbackError::NotJson {
                line: 1,
                column: 10,
            },
        ),
        (
            "trailing bytes",
            receive(b"{\"type\":\"deposit\"} {}"),
            CallbackError::NotJson {
                line: 1,
                column: 20,
            },
        ),
        (
            "an array",
            receive(b"[1, 2]"),
            CallbackError::NotObject {
                found: JsonKind::Array,
            },
        ),
        (
            "a string",
            receive(b"\"deposit\""),
            CallbackError::NotObject {
                found: JsonKind::String,
            },
        ),
        (
            "null",
            receive(b"null"),
            CallbackError::NotObject {
                found: JsonKind::Null,
            },
        ),
        (
            "no type",
            receive(b"{\"id\": 1}"),
            CallbackError::MissingType,
        ),
        (
            "type not a string",
            receive(b"{\"type\": 3}"),
            CallbackError::TypeNotString {
                found: JsonKind::Number,
            },
        ),
        (
            "type repeated",
            receive(b"{\"type\":\"invoice\",\"type\":\"deposit\"}"),
            CallbackError::RepeatedType,
        ),
        (
            "schema mismatch",
            receive(b"{\"id\":\"x\",\"type\":\"deposit\",\"status\":\"confirmed\"}"),
            CallbackError::SchemaMismatch {
                callback_type: CallbackType::Deposit,
                line: 1,
                column: 9,
            },
        ),
        (
            "empty currency code",
            receive(b"{\"id\":1,\"type\":\"deposit\",\"status\":\"confirmed\",\"currency_received\":{\"currency\":\"\",\"amount\":\"1\"}}"),
            CallbackError::SchemaMismatch {
                callback_type: CallbackType::Deposit,
                line: 1,
                column: 80,
            },
        ),
        (
            "repeated id",
            receive(b"{\"id\":1,\"id\":2,\"type\":\"invoice\",\"status\":\"confirmed\"}"),
            CallbackError::SchemaMismatch {
                callback_type: CallbackType::Invoice,
                line: 1,
                column: 12,
            },
        ),
    ]
}

#[test]
fn each_rejection_gives_its_own_error() {
    let cases = rejections();
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(_, result, expected)| result.as_ref().err() != Some(expected))
        .map(|(name, result, expected)| format!("{name}: got {result:?}, expected {expected:?}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Only a signature that does not match its body shares its error (the
    // HMAC cannot tell a changed byte from another secret); every other
    // cause has its own.
    for (index, (name, _, error)) in cases.iter().enumerate() {
        for (other_name, _, other) in &cases[index + 1..] {
            assert!(
                error != other || *error == VerifyError::SignatureMismatch.into(),
                "{name} and {other_name} give the same error"
            );
        }
    }
}

#[test]
fn verification_failures_are_unverified_and_parse_failures_are_not() {
    for (name, result, _) in rejections() {
        let error = result.expect_err(name);
        let is_verify = matches!(error, CallbackError::Verify(_));
        assert_eq!(error.is_unverified(), is_verify, "{name}");
    }
}

#[test]
fn no_error_carries_the_secret_or_the_body() {
    let marker = "MARKER-7f3a9c";
    let bodies = [
        format!("{{\"id\":\"{marker}\",\"type\":\"deposit\",\"status\":\"confirmed\"}}"),
        format!(
            "{{\"id\":1,\"type\":\"deposit\",\"status\":\"confirmed\",\"currency_received\":{{\"currency\":\"BTC\",\"amount\":\"{marker}\"}}}}"
        ),
        format!("{{\"type\":\"{marker}\",\"id\":1"),
        format!("[\"{marker}\"]"),
        format!("{{\"type\":[\"{marker}\"]}}"),
    ];
    for body in &bodies {
        let error = receive(body.as_bytes()).expect_err("rejected");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(marker), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }
    for (name, result, _) in rejections() {
        let error = result.expect_err(name);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains(SECRET) && !shown.contains("6.53157512"),
            "{name}: {shown}"
        );
    }
}

#[test]
fn a_valid_json_payload_of_the_wrong_shape_is_a_schema_mismatch() {
    // An array where a struct belongs makes serde report "trailing
    // characters", a syntax error; the body is valid JSON all the same.
    let body = br#"{"fees":[[0,"","",null]],"type":"deposit"}"#;
    let error = verify_signed_over(body, body).expect_err("a fee must be an object");
    assert!(
        matches!(
            error,
            CallbackError::SchemaMismatch {
                callback_type: CallbackType::Deposit,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn a_rotated_secret_still_verifies() {
    let body = fixture(DEPOSIT);
    let old = Credentials::new(crate::callbacks_support::KEY, "the-old-secret").expect("valid");
    let verifier = Verifier::new(&credentials())
        .with_additional_secret(&alphapo_auth::Secret::new("the-old-secret").expect("valid"));
    let headers = testing::sign_callback(&old, &body);
    let verified =
        VerifiedCallback::verify(&verifier, &headers, body).expect("either secret verifies");
    assert!(matches!(verified.callback(), Callback::Deposit(_)));
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        "[0-9]{1,3}\\.[0-9]{1,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A JSON object that looks more or less like a callback.
fn callback_like() -> impl Strategy<Value = Map<String, Value>> {
    let field = prop_oneof![
        Just("id".to_owned()),
        Just("status".to_owned()),
        Just("payment_request_id".to_owned()),
        Just("currency_received".to_owned()),
        Just("transactions".to_owned()),
        Just("fees".to_owned()),
        Just("crypto_address".to_owned()),
        ".{0,8}",
    ];
    let callback_type = prop_oneof![
        prop::sample::select(CallbackType::KNOWN).prop_map(Value::from),
        ".{0,10}".prop_map(Value::String),
        json_value(),
    ];
    (
        prop::collection::btree_map(field, json_value(), 0..8),
        prop::option::of(callback_type),
    )
        .prop_map(|(fields, callback_type)| {
            let mut object: Map<String, Value> = fields.into_iter().collect();
            if let Some(callback_type) = callback_type {
                object.insert("type".to_owned(), callback_type);
            }
            object
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_signed_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(verified) = receive(&body) {
            let callback = verified.callback();
            let _ = (callback.dedup_key(), callback.is_final(), callback.settlement());
        }
    }

    #[test]
    fn arbitrary_signed_objects_never_panic_and_fail_only_on_type_or_schema(object in callback_like()) {
        let body = serde_json::to_vec(&object).expect("serializable");
        match receive(&body) {
            Ok(verified) => {
                let callback = verified.callback();
                let callback_type = callback.callback_type();
                prop_assert_eq!(Some(callback_type.as_str()), object["type"].as_str());
                let _ = (callback.dedup_key(), callback.is_confirmed(), callback.settlement());
            }
            Err(error) => prop_assert!(
                matches!(
                    error,
                    CallbackError::MissingType
                        | CallbackError::TypeNotString { .. }
                        | CallbackError::SchemaMismatch { .. }
                ),
                "{error:?} for {object:?}"
            ),
        }
    }

    #[test]
    fn one_flipped_byte_of_a_signed_fixture_is_rejected(
        which in any::<prop::sample::Index>(),
        position in any::<prop::sample::Index>(),
        mask in 1..=255_u8,
    ) {
        let all = fixtures();
        let (name, body) = &all[which.index(all.len())];
        let headers = testing::sign_callback(&credentials(), body);
        let mut flipped = body.clone();
        flipped[position.index(body.len())] ^= mask;
        prop_assert_eq!(
            verify_with(&headers, &flipped),
            Err(CallbackError::Verify(VerifyError::SignatureMismatch)),
            "{}", name
        );
    }
}

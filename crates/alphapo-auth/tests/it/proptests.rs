//! Property tests: signing and verifying agree, any change is caught, and
//! arbitrary input never panics.

use alphapo_auth::{
    Credentials, KEY_HEADER, SIGNATURE_HEADER, Secret, Signer, Verifier, VerifyError,
};
use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;

const KEY: &str = "merchant-key";

fn credentials(secret: Vec<u8>) -> Credentials {
    let secret = Secret::from_bytes(secret).expect("the strategy makes non-empty secrets");
    Credentials::from_secret(KEY, secret).expect("the API key is valid")
}

fn secret() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..200)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sign_then_verify_round_trips(secret in secret(), body in body()) {
        let credentials = credentials(secret);
        let headers = alphapo_auth::testing::sign_callback(&credentials, &body);
        prop_assert_eq!(Verifier::new(&credentials).verify(&headers, &body), Ok(()));
    }

    #[test]
    fn text_secrets_round_trip(secret in "[!-~]([ -~]{0,62}[!-~])?", body in body()) {
        let credentials = Credentials::new(KEY, secret).expect("no surrounding whitespace");
        let signature = Signer::new(&credentials).sign(&body);
        prop_assert_eq!(
            Verifier::new(&credentials).verify_values(KEY.as_bytes(), signature.as_str().as_bytes(), &body),
            Ok(())
        );
    }

    #[test]
    fn flipping_a_body_bit_fails(secret in secret(), body in prop::collection::vec(any::<u8>(), 1..2048), bit in any::<prop::sample::Index>()) {
        let credentials = credentials(secret);
        let headers = alphapo_auth::testing::sign_callback(&credentials, &body);
        let mut tampered = body;
        let bit = bit.index(tampered.len() * 8);
        tampered[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(
            Verifier::new(&credentials).verify(&headers, &tampered),
            Err(VerifyError::SignatureMismatch)
        );
    }

    /// Flipping a bit of the signed value (the 64 decoded bytes) fails.
    #[test]
    fn flipping_a_signature_bit_fails(secret in secret(), body in body(), bit in 0..512usize) {
        let credentials = credentials(secret);
        let signature = Signer::new(&credentials).sign(&body);
        let mut bytes = hex::decode(signature.as_str()).expect("the signer writes hex");
        bytes[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(
            Verifier::new(&credentials).verify_values(KEY.as_bytes(), hex::encode(bytes).as_bytes(), &body),
            Err(VerifyError::SignatureMismatch)
        );
    }

    /// Flipping a bit of the hex text fails, except the bit that only
    /// changes the case of a letter (hex is case-insensitive).
    #[test]
    fn flipping_a_signature_text_bit_fails_unless_it_only_changes_case(
        secret in secret(),
        body in body(),
        bit in 0..128 * 8usize,
    ) {
        let credentials = credentials(secret);
        let mut text = Signer::new(&credentials).sign(&body).as_str().as_bytes().to_vec();
        let original = text[bit / 8];
        text[bit / 8] ^= 1 << (bit % 8);
        let result = Verifier::new(&credentials).verify_values(KEY.as_bytes(), &text, &body);
        if original.is_ascii_alphabetic() && bit % 8 == 5 {
            prop_assert_eq!(result, Ok(()));
        } else if text[bit / 8].is_ascii_hexdigit() {
            prop_assert_eq!(result, Err(VerifyError::SignatureMismatch));
        } else {
            prop_assert_eq!(result, Err(VerifyError::MalformedSignature));
        }
    }

    #[test]
    fn verify_values_never_panics(
        key in prop::collection::vec(any::<u8>(), 0..40),
        signature in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            prop::collection::vec(any::<u8>(), 128..=128),
            "[0-9a-fA-F]{128}".prop_map(String::into_bytes),
        ],
        body in body(),
        limit in prop_oneof![Just(usize::MAX), 0..4096usize],
    ) {
        let verifier = Verifier::new(&credentials(b"secret".to_vec())).max_body_bytes(limit);
        let result = verifier.verify_values(&key, &signature, &body);
        // Random input is never accepted.
        prop_assert!(result.is_err());
    }

    #[test]
    fn verify_never_panics_on_arbitrary_headers(
        headers in prop::collection::vec(
            (prop_oneof![Just(KEY_HEADER), Just(SIGNATURE_HEADER), Just("content-type")],
             prop::collection::vec(any::<u8>(), 0..200)),
            0..5,
        ),
        body in body(),
    ) {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            // Skip bytes that `http` itself refuses in a header value.
            if let Ok(value) = HeaderValue::from_bytes(&value) {
                map.append(name, value);
            }
        }
        let result = Verifier::new(&credentials(b"secret".to_vec())).verify(&map, &body);
        prop_assert!(result.is_err());
    }
}

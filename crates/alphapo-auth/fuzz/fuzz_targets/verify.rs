//! Fuzzes callback verification with an oracle: it must never panic, and it
//! must accept exactly the callbacks signed with the merchant's key and
//! secret.
#![no_main]

use std::sync::LazyLock;

use alphapo_auth::{
    Credentials, KEY_HEADER, SIGNATURE_HEADER, SIGNATURE_HEX_LEN, Signer, Verifier, VerifyError,
};
use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const KEY: &str = "merchant-key";

static CREDENTIALS: LazyLock<Credentials> =
    LazyLock::new(|| Credentials::new(KEY, "merchant-secret").expect("valid credentials"));
static SIGNER: LazyLock<Signer> = LazyLock::new(|| Signer::new(&CREDENTIALS));

#[derive(Arbitrary, Debug)]
enum Header<'a> {
    Key(&'a [u8]),
    Signature(&'a [u8]),
    /// The correct key.
    RightKey,
    /// The correct signature of the body, with one byte xored.
    TamperedSignature {
        index: u8,
        mask: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    headers: Vec<Header<'a>>,
    limit: Option<u16>,
    body: &'a [u8],
}

/// Whether `signature` is the signature of `body` in hex of either case.
fn is_right_signature(signature: &[u8], body: &[u8]) -> bool {
    signature.eq_ignore_ascii_case(SIGNER.sign(body).as_str().as_bytes())
}

fuzz_target!(|input: Input<'_>| {
    let expected = SIGNER.sign(input.body);
    let mut headers = HeaderMap::new();
    for header in &input.headers {
        let (name, value) = match *header {
            Header::Key(value) => (KEY_HEADER, value.to_vec()),
            Header::Signature(value) => (SIGNATURE_HEADER, value.to_vec()),
            Header::RightKey => (KEY_HEADER, KEY.as_bytes().to_vec()),
            Header::TamperedSignature { index, mask } => {
                let mut value = expected.as_str().as_bytes().to_vec();
                value[usize::from(index) % SIGNATURE_HEX_LEN] ^= mask;
                (SIGNATURE_HEADER, value)
            }
        };
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            headers.append(name, value);
        }
    }
    let mut verifier = Verifier::new(&CREDENTIALS);
    if let Some(limit) = input.limit {
        verifier = verifier.max_body_bytes(usize::from(limit));
    }

    let result = verifier.verify(&headers, input.body);

    let keys: Vec<_> = headers.get_all(KEY_HEADER).iter().collect();
    let signatures: Vec<_> = headers.get_all(SIGNATURE_HEADER).iter().collect();
    let too_large = input.body.len() > verifier.body_limit();
    let should_accept = !too_large
        && keys.len() == 1
        && keys[0].as_bytes() == KEY.as_bytes()
        && signatures.len() == 1
        && is_right_signature(signatures[0].as_bytes(), input.body);
    assert_eq!(result.is_ok(), should_accept, "{result:?} for {input:?}");
    if too_large {
        assert!(matches!(result, Err(VerifyError::BodyTooLarge { .. })));
    }

    // The lower-level entry agrees with the header-map one when each header
    // is present exactly once.
    if let ([key], [signature]) = (&keys[..], &signatures[..]) {
        let direct = verifier.verify_values(key.as_bytes(), signature.as_bytes(), input.body);
        assert_eq!(direct, result);
    }
});

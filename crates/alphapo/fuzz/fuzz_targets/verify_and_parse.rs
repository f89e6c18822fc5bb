//! Fuzzes the callback entry point: `VerifiedCallback::verify`.
//!
//! The first input byte picks how the rest is presented: mostly as a body
//! signed with the right secret (so the parser sees arbitrary authentic
//! bytes), sometimes with the signature header taken from the input too (so
//! the header checks see arbitrary values). Nothing may panic, and a body
//! that is accepted must be answerable by every helper. The starting corpus
//! comes from the documented callback fixtures: `cargo xtask fuzz-seeds`
//! (see `README.md`).
#![no_main]

use std::sync::LazyLock;

use alphapo::callbacks::VerifiedCallback;
use alphapo_auth::{Credentials, SIGNATURE_HEADER, Verifier, testing};
use http::HeaderValue;
use libfuzzer_sys::fuzz_target;

static CREDENTIALS: LazyLock<Credentials> =
    LazyLock::new(|| Credentials::new("fuzz-key", "fuzz-secret").expect("valid credentials"));
static VERIFIER: LazyLock<Verifier> =
    LazyLock::new(|| Verifier::new(&CREDENTIALS).max_body_bytes(64 * 1024));

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (headers, body) = if mode < 224 {
        (testing::sign_callback(&CREDENTIALS, rest), rest)
    } else {
        // An arbitrary signature header of up to 160 bytes, then the body.
        let split = usize::from(mode - 224) * 5;
        let (signature, body) = rest.split_at(split.min(rest.len()));
        let mut headers = testing::sign_callback(&CREDENTIALS, body);
        match HeaderValue::from_bytes(signature) {
            Ok(value) => {
                headers.insert(SIGNATURE_HEADER, value);
            }
            Err(_) => {
                headers.remove(SIGNATURE_HEADER);
            }
        }
        (headers, body)
    };
    match VerifiedCallback::verify(&VERIFIER, &headers, body.to_vec()) {
        Ok(verified) => {
            let callback = verified.callback();
            let _ = callback.callback_type();
            let _ = callback.status();
            let _ = callback.is_final();
            let _ = callback.is_confirmed();
            let settlement = callback.settlement();
            // Money direction: nothing unconfirmed moves money, and no
            // withdrawal ever brings money in.
            assert!(callback.is_confirmed() || settlement.is_none());
            if callback.callback_type().as_str().starts_with("withdrawal") {
                assert_eq!(settlement.and_then(|settlement| settlement.incoming()), None);
            }
            let _ = callback.dedup_key().map(|key| key.to_string());
            assert_eq!(verified.body().as_ref(), body);
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});

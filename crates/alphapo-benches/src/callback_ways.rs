//! The callback the callbacks benches verify and parse, the two ways the
//! SDK does it, and the two bare HMAC checks they are compared with. Shared
//! by the criterion bench (`callbacks`) and the instruction-count program
//! (`callbacks_instructions`).

use alphapo::callbacks::{CallbackError, VerifiedCallback};
use alphapo_auth::{Credentials, SIGNATURE_HEADER, Verifier, VerifyError, testing};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha512;

/// The API key the deposit is signed for.
const KEY: &str = "bench-key";

/// The secret the deposit is signed with.
const SECRET: &str = "bench-secret";

/// A deposit-with-exchange callback as AlphaPo sends it (reference §7.3),
/// about 1 KiB.
const DEPOSIT: &str = r#"{"id":3576,"type":"deposit_exchange","crypto_address":{"id":7419,"currency":"BTC","convert_to":"USD","address":"2N1QTWoPZ6Z7rQue3KS5YAMUQhKabrN4nHn","tag":null,"foreign_id":"user-id:2048"},"currency_sent":{"currency":"BTC","amount":"0.00100000"},"currency_received":{"currency":"USD","amount":"11.40406820","amount_minus_fee":"10.81135268"},"transactions":[{"id":4418,"currency":"BTC","transaction_type":"blockchain","type":"deposit","address":"2N1QTWoPZ6Z7rQue3KS5YAMUQhKabrN4nHn","tag":null,"amount":"0.00100000","txid":"daeb0c6f2c8fa4b3f2e1d6a7c9b8e0f1a2b3c4d5e6f708192a3b4c5d6e7f005d","riskscore":"0.42","confirmations":"1"},{"id":4419,"currency":"BTC","currency_to":"USD","transaction_type":"exchange","type":"exchange","amount":"0.00100000","amount_to":"11.40406820"}],"fees":[{"type":"fee_crypto_deposit_to_fiat","currency":"USD","amount":"0.59271552"},{"type":"deposit","currency":"BTC","amount":"0.00000500"}],"end_user_reference":"customer-000042","error":"","status":"confirmed"}"#;

/// A verifier, and the deposit signed for it.
pub struct Ways {
    verifier: Verifier,
    /// The HMAC keyed once, for [`Ways::prekeyed_hmac`].
    keyed: Hmac<Sha512>,
    headers: HeaderMap,
    body: Bytes,
}

impl Ways {
    /// Signs the deposit.
    pub fn signed() -> Self {
        let credentials = Credentials::new(KEY, SECRET).expect("valid credentials");
        let body = Bytes::from_static(DEPOSIT.as_bytes());
        Self {
            verifier: Verifier::new(&credentials),
            keyed: Hmac::<Sha512>::new_from_slice(SECRET.as_bytes()).expect("any key length"),
            headers: testing::sign_callback(&credentials, &body),
            body,
        }
    }

    /// The body's length in bytes.
    pub fn body_len(&self) -> usize {
        self.body.len()
    }

    /// Verify and parse, as a receiver does.
    pub fn verify_and_parse(&self) -> Result<VerifiedCallback, CallbackError> {
        VerifiedCallback::verify(&self.verifier, &self.headers, self.body.clone())
    }

    /// The signature check alone, to see what the parsing adds.
    pub fn verify_only(&self) -> Result<(), VerifyError> {
        self.verifier.verify(&self.headers, &self.body)
    }

    /// The baseline: the signature check as the `hmac` crate's documentation
    /// shows it, which a receiver would write by hand: key an HMAC-SHA512
    /// with the secret, feed it the body, decode the header's hex and
    /// compare in constant time. No key header, no size limit, no parsing.
    pub fn bare_hmac(&self) -> bool {
        let Some(Ok(signature)) = self.headers.get(SIGNATURE_HEADER).map(hex::decode) else {
            return false;
        };
        let mut mac = Hmac::<Sha512>::new_from_slice(SECRET.as_bytes()).expect("any key length");
        mac.update(&self.body);
        mac.verify_slice(&signature).is_ok()
    }

    /// The stricter baseline: [`Ways::bare_hmac`] with the HMAC keyed once
    /// and cloned per call, as [`Verifier`] does, so that the key schedule
    /// (two of the eleven SHA-512 blocks) is not counted against the check.
    pub fn prekeyed_hmac(&self) -> bool {
        let Some(Ok(signature)) = self.headers.get(SIGNATURE_HEADER).map(hex::decode) else {
            return false;
        };
        let mut mac = self.keyed.clone();
        mac.update(&self.body);
        mac.verify_slice(&signature).is_ok()
    }
}

//! A pre-keyed HMAC-SHA512 state, shared by the signer and the verifier.

use hmac::{Hmac, Mac};
use sha2::Sha512;

use crate::secret::Secret;

/// Length of an HMAC-SHA512 output in bytes.
pub(crate) const DIGEST_LEN: usize = 64;

/// HMAC-SHA512 with the key schedule already run: each use clones the state,
/// so no per-call work depends on the key's length.
#[derive(Clone)]
pub(crate) struct KeyedMac(Hmac<Sha512>);

impl KeyedMac {
    /// Runs the key schedule once for `secret`.
    pub(crate) fn new(secret: &Secret) -> Self {
        // HMAC takes keys of any length (long ones are hashed first), so
        // `new_from_slice` cannot fail here.
        let mac = Hmac::<Sha512>::new_from_slice(secret.expose())
            .expect("HMAC-SHA512 accepts keys of any length");
        Self(mac)
    }

    /// The HMAC of `body`.
    pub(crate) fn digest(&self, body: &[u8]) -> [u8; DIGEST_LEN] {
        let mut mac = self.0.clone();
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// Whether `signature` is the HMAC of `body`, compared in constant time.
    pub(crate) fn matches(&self, body: &[u8], signature: &[u8; DIGEST_LEN]) -> bool {
        let mut mac = self.0.clone();
        mac.update(body);
        mac.verify_slice(signature).is_ok()
    }
}

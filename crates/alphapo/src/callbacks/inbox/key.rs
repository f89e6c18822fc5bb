//! The key a callback is stored under.

use sha2::{Digest, Sha256};

use crate::callbacks::dedup::DedupKey;
use crate::callbacks::dedup::DedupScope;
use crate::callbacks::verified::VerifiedCallback;

/// The callback's [`DedupKey`], or for a callback without one (an unknown
/// type with no id) its type and the SHA-256 of its raw body: the same bytes
/// delivered again are the same key.
pub(super) fn of(callback: &VerifiedCallback) -> DedupKey {
    callback.callback().dedup_key().unwrap_or_else(|| {
        let digest = Sha256::digest(callback.body());
        DedupKey::new(
            DedupScope::Other(callback.callback().callback_type().as_str().to_owned()),
            format!("sha256:{}", hex::encode(digest)),
            callback.callback().status().unwrap_or_default(),
        )
    })
}

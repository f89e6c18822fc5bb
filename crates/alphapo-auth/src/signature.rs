//! The hex text form of a signature: encoding for requests, decoding for
//! callbacks.

use std::fmt;

use bytes::Bytes;
use http::HeaderValue;
use subtle::ConstantTimeEq;

use crate::error::VerifyError;
use crate::mac::DIGEST_LEN;

/// Length of a signature in hex characters (HMAC-SHA512 is 64 bytes).
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("k", "s")?;
/// let signature = alphapo_auth::Signer::new(&credentials).sign(b"{}");
/// assert_eq!(signature.as_str().len(), alphapo_auth::SIGNATURE_HEX_LEN);
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
pub const SIGNATURE_HEX_LEN: usize = 2 * DIGEST_LEN;

/// A lowercase hex HMAC-SHA512 signature, as sent in `X-Processing-Signature`.
///
/// Equality is checked in constant time, but to check a callback use
/// [`Verifier`](crate::Verifier), which also checks the key and the headers.
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("k", "s")?;
/// let signer = alphapo_auth::Signer::new(&credentials);
/// assert_eq!(signer.sign(b"{}"), signer.sign(b"{}"));
/// assert_ne!(signer.sign(b"{}"), signer.sign(b"[]"));
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Clone, Eq)]
pub struct Signature(String);

impl Signature {
    /// Encodes an HMAC output.
    pub(crate) fn from_digest(digest: &[u8; DIGEST_LEN]) -> Self {
        Self(hex::encode(digest))
    }

    /// The signature as 128 lowercase hex characters.
    ///
    /// ```
    /// let credentials = alphapo_auth::Credentials::new("k", "s")?;
    /// let signature = alphapo_auth::Signer::new(&credentials).sign(b"{}");
    /// assert!(signature.as_str().bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

/// Shows the 128 hex characters, like [`Signature::as_str`].
///
/// ```
/// let credentials = alphapo_auth::Credentials::new("k", "s")?;
/// let signature = alphapo_auth::Signer::new(&credentials).sign(b"{}");
/// assert_eq!(signature.to_string(), signature.as_str());
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.0).finish()
    }
}

/// The signature of `digest` as a header value marked sensitive (kept out
/// of logs and HTTP/2 header compression tables). The hex is written once,
/// into the buffer the header value then owns.
pub(crate) fn header_value(digest: &[u8; DIGEST_LEN]) -> HeaderValue {
    let mut text = vec![0; SIGNATURE_HEX_LEN];
    hex::encode_to_slice(digest, &mut text).expect("the buffer fits the hex of a digest");
    // Hex digits are visible ASCII, always valid in a header value.
    let mut value =
        HeaderValue::from_maybe_shared(Bytes::from(text)).expect("hex is a valid header value");
    value.set_sensitive(true);
    value
}

/// Decodes a received signature header value (hex, either case). The length
/// is checked first, so an oversized value is rejected without scanning it.
pub(crate) fn decode(value: &[u8]) -> Result<[u8; DIGEST_LEN], VerifyError> {
    if value.len() != SIGNATURE_HEX_LEN {
        return Err(VerifyError::WrongSignatureLength { found: value.len() });
    }
    let mut digest = [0; DIGEST_LEN];
    for (byte, pair) in digest.iter_mut().zip(value.chunks_exact(2)) {
        let (high, low) = (NIBBLES[usize::from(pair[0])], NIBBLES[usize::from(pair[1])]);
        if (high | low) & NOT_HEX != 0 {
            return Err(VerifyError::MalformedSignature);
        }
        *byte = high << 4 | low;
    }
    Ok(digest)
}

/// What [`NIBBLES`] holds for a byte that is not a hex digit.
const NOT_HEX: u8 = 0x10;

/// The value of each hex digit (either case), [`NOT_HEX`] for other bytes: a
/// table look-up per character instead of a chain of range checks.
const NIBBLES: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut digit = 0;
    while digit < 10 {
        table[b'0' as usize + digit] = digit as u8;
        digit += 1;
    }
    let mut letter = 0;
    while letter < 6 {
        table[b'a' as usize + letter] = 10 + letter as u8;
        table[b'A' as usize + letter] = 10 + letter as u8;
        letter += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_agrees_with_the_hex_crate_on_every_byte_pair() {
        let mut value = [b'0'; SIGNATURE_HEX_LEN];
        for high in 0..=255u8 {
            for low in 0..=255u8 {
                value[6] = high;
                value[7] = low;
                let mut expected = [0; DIGEST_LEN];
                let expected = hex::decode_to_slice(value, &mut expected)
                    .map(|()| expected)
                    .map_err(|_| VerifyError::MalformedSignature);
                assert_eq!(decode(&value), expected, "{high:#04x} {low:#04x}");
            }
        }
    }
}

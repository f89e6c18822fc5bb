//! Base58check: a version byte, the payload and the first four bytes of its
//! double SHA-256, written in a 58-letter alphabet.

use sha2::{Digest, Sha256};

/// Bitcoin's alphabet (also Tron's).
pub(super) const BITCOIN: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// The XRP Ledger's alphabet.
pub(super) const RIPPLE: &[u8; 58] = b"rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";

/// `version` and `payload` with their checksum, base58-encoded.
pub(super) fn check(alphabet: &[u8; 58], version: u8, payload: &[u8]) -> String {
    let mut bytes = vec![version];
    bytes.extend_from_slice(payload);
    let checksum = Sha256::digest(Sha256::digest(&bytes));
    bytes.extend_from_slice(&checksum[..4]);
    encode(alphabet, &bytes)
}

/// The version byte and payload of a base58check text, if it is one.
pub(super) fn decode_check(alphabet: &[u8; 58], text: &str) -> Option<(u8, Vec<u8>)> {
    // No address is longer; a bound keeps the quadratic decoding cheap.
    if text.len() > 64 {
        return None;
    }
    let bytes = decode(alphabet, text)?;
    if bytes.len() < 5 {
        return None;
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 4);
    if Sha256::digest(Sha256::digest(body))[..4] != *checksum {
        return None;
    }
    let (version, payload) = body.split_first()?;
    Some((*version, payload.to_vec()))
}

/// The bytes a base58 text spells, if every letter is of `alphabet`.
fn decode(alphabet: &[u8; 58], text: &str) -> Option<Vec<u8>> {
    let zeros = text.bytes().take_while(|b| *b == alphabet[0]).count();
    // Little-endian base-256 digits of the number the letters spell.
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    for letter in text.bytes().skip(zeros) {
        let mut carry = alphabet.iter().position(|a| *a == letter)? as u32;
        for byte in &mut bytes {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut decoded = vec![0; zeros];
    decoded.extend(bytes.iter().rev());
    Some(decoded)
}

/// Big-endian base58, one leading zero letter per leading zero byte.
fn encode(alphabet: &[u8; 58], bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|byte| **byte == 0).count();
    // Little-endian base-58 digits of the number the bytes spell.
    let mut digits: Vec<u8> = Vec::with_capacity(bytes.len() * 138 / 100 + 1);
    for byte in &bytes[zeros..] {
        let mut carry = u32::from(*byte);
        for digit in &mut digits {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let leading = std::iter::repeat_n(alphabet[0], zeros);
    let rest = digits
        .iter()
        .rev()
        .map(|digit| alphabet[usize::from(*digit)]);
    leading.chain(rest).map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_bitcoins_genesis_address() {
        // The key hash of the genesis block's coinbase output.
        let hash = [
            0x62, 0xe9, 0x07, 0xb1, 0x5c, 0xbf, 0x27, 0xd5, 0x42, 0x53, 0x99, 0xeb, 0xf6, 0xf0,
            0xfb, 0x50, 0xeb, 0xb8, 0x8f, 0x18,
        ];
        assert_eq!(
            check(BITCOIN, 0x00, &hash),
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
        );
    }
}

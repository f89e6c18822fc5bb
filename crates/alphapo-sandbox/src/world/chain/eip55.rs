//! EIP-55 mixed-case checksums of Ethereum addresses.

use sha3::{Digest, Keccak256};

/// `0x` and the 40 hex digits of `account`, a digit upper-cased where the
/// matching nibble of keccak256(lowercase hex) is 8 or more.
pub(super) fn checksummed(account: &[u8; 20]) -> String {
    let lower: String = account.iter().map(|byte| format!("{byte:02x}")).collect();
    let hash = Keccak256::digest(lower.as_bytes());
    let mixed: String = lower
        .chars()
        .enumerate()
        .map(|(index, digit)| {
            let byte = hash[index / 2];
            let nibble = if index % 2 == 0 {
                byte >> 4
            } else {
                byte & 0x0f
            };
            if nibble >= 8 {
                digit.to_ascii_uppercase()
            } else {
                digit
            }
        })
        .collect();
    format!("0x{mixed}")
}

/// Whether `address` is `0x` and 40 hex digits whose letters are all of
/// one case or carry the EIP-55 checksum.
pub(super) fn is_valid(address: &str) -> bool {
    let Some(digits) = address.strip_prefix("0x") else {
        return false;
    };
    if digits.len() != 40 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let lower = digits.to_ascii_lowercase();
    if digits == lower || digits == digits.to_ascii_uppercase() {
        return true;
    }
    let mut account = [0_u8; 20];
    for (byte, pair) in account.iter_mut().zip(lower.as_bytes().chunks(2)) {
        let Ok(text) = std::str::from_utf8(pair) else {
            return false;
        };
        let Ok(value) = u8::from_str_radix(text, 16) else {
            return false;
        };
        *byte = value;
    }
    checksummed(&account) == address
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_are_checked_when_the_case_is_mixed() {
        assert!(is_valid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assert!(is_valid("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assert!(is_valid("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"));
        for bad in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea",
            "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "0xgaaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "garbage",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn matches_the_eip55_test_vectors() {
        for expected in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        ] {
            let mut account = [0_u8; 20];
            for (index, byte) in account.iter_mut().enumerate() {
                let digits = &expected[2 + 2 * index..4 + 2 * index];
                *byte = u8::from_str_radix(digits, 16).unwrap_or_default();
            }
            assert_eq!(checksummed(&account), expected);
        }
    }
}

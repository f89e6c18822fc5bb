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

#[cfg(test)]
mod tests {
    use super::*;

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

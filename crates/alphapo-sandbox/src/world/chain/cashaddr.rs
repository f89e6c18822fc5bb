//! Bitcoin Cash's CashAddr: a prefix (`bchtest` on testnet), `:`, then the
//! version byte and hash in bech32's 5-bit alphabet with a 40-bit BCH-code
//! checksum over the prefix and the payload.

use super::bech32::{CHARSET, to_five_bits};

const GENERATOR: [u64; 5] = [
    0x98_f2bc_8e61,
    0x79_b76d_99e2,
    0xf3_3e5f_b3c4,
    0xae_2eab_e2a8,
    0x1e_4f43_e470,
];

/// The CashAddr checksum polynomial over 5-bit values (0 for a valid
/// address).
fn polymod(values: impl IntoIterator<Item = u8>) -> u64 {
    values.into_iter().fold(1, |check, value| {
        let top = check >> 35;
        let mut check = ((check & 0x07_ffff_ffff) << 5) ^ u64::from(value);
        for (bit, generator) in GENERATOR.iter().enumerate() {
            if (top >> bit) & 1 == 1 {
                check ^= generator;
            }
        }
        check
    }) ^ 1
}

/// The prefix as the checksum sees it: the low 5 bits of each character,
/// then a 0 for the separator.
fn expand(prefix: &str) -> impl Iterator<Item = u8> + '_ {
    prefix.bytes().map(|byte| byte & 31).chain([0])
}

/// The P2PKH address of a 20-byte key hash (version byte 0).
pub(super) fn p2pkh(prefix: &str, hash: &[u8; 20]) -> String {
    let mut payload = vec![0];
    payload.extend_from_slice(hash);
    let mut values = to_five_bits(&payload);
    let check = polymod(expand(prefix).chain(values.iter().copied()).chain([0; 8]));
    values.extend((0..8).map(|index| ((check >> (5 * (7 - index))) & 31) as u8));
    let mut address = format!("{prefix}:");
    address.extend(
        values
            .iter()
            .map(|value| char::from(CHARSET[usize::from(*value)])),
    );
    address
}

/// Whether `address` is a CashAddr of `prefix` (written with or without
/// the prefix, in one case) for a 20-byte hash: P2PKH or P2SH.
pub(super) fn is_valid(prefix: &str, address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    if address != lower && address != address.to_ascii_uppercase() {
        return false;
    }
    let payload = match lower.split_once(':') {
        Some((found, payload)) if found == prefix => payload,
        Some(_) => return false,
        None => lower.as_str(),
    };
    let Some(values) = payload
        .bytes()
        .map(|byte| CHARSET.iter().position(|c| *c == byte).map(|p| p as u8))
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    // 21 bytes (the version byte, then the hash) are 34 values, the last
    // with 2 bits of zero padding; the checksum is 8 more. The version
    // byte's first 5 bits are a reserved 0 and the type (0 P2PKH, 1 P2SH),
    // its last 3 the size (0: a 20-byte hash).
    let [kind, size_bits, .., last] = values.get(..34).unwrap_or_default() else {
        return false;
    };
    values.len() == 42
        && *kind <= 1
        && size_bits >> 2 == 0
        && last & 0b11 == 0
        && polymod(expand(prefix).chain(values.iter().copied())) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CashAddr specification's examples, for the hashes of
    /// `1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu` and
    /// `1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR`.
    const EXAMPLES: [(&str, &str); 2] = [
        (
            "76a04053bda0a88bda5177b86a15c3b29f559873",
            "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        ),
        (
            "cb481232299cd5743151ac4b2d63ae198e7bb0a9",
            "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
        ),
    ];

    fn hash(hex: &str) -> [u8; 20] {
        let mut hash = [0; 20];
        for (index, byte) in hash.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * index..2 * index + 2], 16).unwrap_or_default();
        }
        hash
    }

    #[test]
    fn encodes_the_specification_examples() {
        for (hex, address) in EXAMPLES {
            assert_eq!(p2pkh("bitcoincash", &hash(hex)), address);
            assert!(is_valid("bitcoincash", address));
        }
    }

    #[test]
    fn the_prefix_may_be_left_out_but_not_changed() {
        let (_, address) = EXAMPLES[0];
        let payload = address.trim_start_matches("bitcoincash:");
        assert!(is_valid("bitcoincash", payload));
        assert!(is_valid("bitcoincash", &address.to_ascii_uppercase()));
        assert!(!is_valid("bchtest", address));
        assert!(!is_valid("bchtest", payload));
    }

    #[test]
    fn a_changed_character_or_mixed_case_fails() {
        let (_, address) = EXAMPLES[1];
        let changed = address.replacen("qr95", "qr96", 1);
        assert!(!is_valid("bitcoincash", &changed));
        let mixed = address.replacen("qr95", "QR95", 1);
        assert!(!is_valid("bitcoincash", &mixed));
        assert!(!is_valid("bitcoincash", "bitcoincash:"));
    }

    #[test]
    fn testnet_addresses_round_trip() {
        let address = p2pkh("bchtest", &hash(EXAMPLES[1].0));
        assert_eq!(
            address,
            "bchtest:qr95sy3j9xwd2ap32xkykttr4cvcu7as4ytjg7p7mc"
        );
        assert!(is_valid("bchtest", &address));
    }
}

//! BIP-173 bech32 encoding of segwit version 0 addresses.

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATOR: [u32; 5] = [
    0x3b6a_57b2,
    0x2650_8e6d,
    0x1ea1_19fa,
    0x3d42_33dd,
    0x2a14_62b3,
];

/// The bech32 checksum polynomial over 5-bit values.
fn polymod(values: impl IntoIterator<Item = u8>) -> u32 {
    values.into_iter().fold(1, |check, value| {
        let top = check >> 25;
        let mut check = ((check & 0x01ff_ffff) << 5) ^ u32::from(value);
        for (bit, generator) in GENERATOR.iter().enumerate() {
            if (top >> bit) & 1 == 1 {
                check ^= generator;
            }
        }
        check
    })
}

/// The human-readable part as the checksum sees it.
fn expand(hrp: &str) -> Vec<u8> {
    let bytes = hrp.as_bytes();
    let high = bytes.iter().map(|byte| byte >> 5);
    let low = bytes.iter().map(|byte| byte & 31);
    high.chain([0]).chain(low).collect()
}

/// Bytes regrouped into 5-bit values, the last one zero-padded.
fn to_five_bits(bytes: &[u8]) -> Vec<u8> {
    let mut groups = Vec::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            groups.push(((buffer >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        groups.push(((buffer << (5 - bits)) & 31) as u8);
    }
    groups
}

/// A segwit version 0 address: `hrp`, `1`, version `q`, program, checksum.
pub(super) fn segwit_v0(hrp: &str, program: &[u8]) -> String {
    let mut data = vec![0];
    data.extend(to_five_bits(program));
    let check = polymod(
        expand(hrp)
            .into_iter()
            .chain(data.iter().copied())
            .chain([0; 6]),
    ) ^ 1;
    data.extend((0..6).map(|index| ((check >> (5 * (5 - index))) & 31) as u8));
    let mut address = format!("{hrp}1");
    address.extend(
        data.iter()
            .map(|value| char::from(CHARSET[usize::from(*value)])),
    );
    address
}

/// Whether a lowercase bech32 string has a correct checksum.
#[cfg(test)]
pub(super) fn is_valid(address: &str) -> bool {
    let Some((hrp, data)) = address.rsplit_once('1') else {
        return false;
    };
    let values: Option<Vec<u8>> = data
        .bytes()
        .map(|byte| CHARSET.iter().position(|c| *c == byte).map(|p| p as u8))
        .collect();
    values.is_some_and(|values| polymod(expand(hrp).into_iter().chain(values)) == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_references_testnet_address_checks_out() {
        assert!(is_valid("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc"));
        assert!(!is_valid("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjd"));
    }

    #[test]
    fn encodes_the_bip173_test_vector() {
        // BIP-173: the P2WPKH program 751e76e8199196d454941c45d1b3a323f1433bd6.
        let program = [
            0x75, 0x1e, 0x76, 0xe8, 0x19, 0x91, 0x96, 0xd4, 0x54, 0x94, 0x1c, 0x45, 0xd1, 0xb3,
            0xa3, 0x23, 0xf1, 0x43, 0x3b, 0xd6,
        ];
        assert_eq!(
            segwit_v0("bc", &program),
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
        );
    }
}

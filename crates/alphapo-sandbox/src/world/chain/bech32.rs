//! BIP-173 bech32 encoding of segwit version 0 addresses, and the check of
//! segwit addresses of any version (BIP-350 bech32m from version 1 on).

pub(super) const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
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
pub(super) fn to_five_bits(bytes: &[u8]) -> Vec<u8> {
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

/// The checksum constant of bech32m (BIP-350), used from segwit version 1.
const BECH32M: u32 = 0x2bc8_30a3;

/// Whether a lowercase bech32 string has a correct checksum.
#[cfg(test)]
pub(super) fn is_valid(address: &str) -> bool {
    data_part(address).is_some_and(|(hrp, values)| checksum(hrp, &values) == 1)
}

/// The human-readable part and the 5-bit values of a bech32 string.
fn data_part(address: &str) -> Option<(&str, Vec<u8>)> {
    let (hrp, data) = address.rsplit_once('1')?;
    let values = data
        .bytes()
        .map(|byte| CHARSET.iter().position(|c| *c == byte).map(|p| p as u8))
        .collect::<Option<Vec<u8>>>()?;
    Some((hrp, values))
}

fn checksum(hrp: &str, values: &[u8]) -> u32 {
    polymod(expand(hrp).into_iter().chain(values.iter().copied()))
}

/// Whether `address` is a segwit address of human-readable part `hrp`
/// (BIP-173/BIP-350): one case, version 0 with bech32 and a 20- or 32-byte
/// program, versions 1 to 16 with bech32m and 2 to 40 bytes.
pub(super) fn is_segwit(hrp: &str, address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    if address != lower && address != address.to_ascii_uppercase() || address.len() > 90 {
        return false;
    }
    let Some((found, values)) = data_part(&lower) else {
        return false;
    };
    let Some((&version, rest)) = values.split_first() else {
        return false;
    };
    if found != hrp || version > 16 || rest.len() < 6 {
        return false;
    }
    let program = &rest[..rest.len() - 6];
    let bits = program.len() * 5;
    let bytes = bits / 8;
    let padding_clear = program
        .last()
        .is_none_or(|last| u32::from(*last) & ((1 << (bits % 8)) - 1) == 0);
    let expected = if version == 0 { 1 } else { BECH32M };
    let length_fits = if version == 0 {
        bytes == 20 || bytes == 32
    } else {
        (2..=40).contains(&bytes)
    };
    bits % 8 < 5 && padding_clear && length_fits && checksum(hrp, &values) == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segwit_addresses_are_checked_by_version() {
        // BIP-173 and BIP-350 test vectors.
        assert!(is_segwit(
            "tb",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
        ));
        assert!(is_segwit(
            "tb",
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc"
        ));
        assert!(is_segwit(
            "tb",
            "TB1QFDXH6GKFR0QGYATNLKD8KHCNXPH9TW06N6QWJC"
        ));
        assert!(is_segwit(
            "tb",
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c"
        ));
        for bad in [
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjd",
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06N6qwjc",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "tb1qdestination",
            "tb1",
            "garbage",
        ] {
            assert!(!is_segwit("tb", bad), "{bad}");
        }
    }

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

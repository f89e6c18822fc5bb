//! Deposit addresses in the shape each network really uses, so a client that
//! validates addresses accepts the sandbox's: BIP-173 bech32 for Bitcoin
//! and Litecoin testnet, CashAddr for Bitcoin Cash testnet, EIP-55
//! checksums for Ethereum and its tokens, base58check for Dogecoin testnet,
//! Tron and the XRP Ledger. The same checkers tell a withdrawal's
//! destination from garbage.

mod base58;
mod bech32;
mod cashaddr;
mod eip55;

use rand::{Rng, RngCore};

/// How a network writes its addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressFormat {
    /// Bitcoin testnet native segwit (`tb1q...`, a P2WPKH program).
    BitcoinTestnet,
    /// Bitcoin Cash testnet CashAddr (`bchtest:q...`, a P2PKH hash).
    BitcoinCashTestnet,
    /// Litecoin testnet native segwit (`tltc1q...`, a P2WPKH program).
    LitecoinTestnet,
    /// Dogecoin testnet P2PKH (`n...`, base58check with version byte
    /// `0x71`).
    DogecoinTestnet,
    /// Ethereum and ERC-20 tokens (`0x` and 40 hex digits, EIP-55 checksum).
    Ethereum,
    /// Tron (`T...`, base58check with version byte `0x41`).
    Tron,
    /// XRP Ledger classic address (`r...`, base58check in Ripple's alphabet).
    Ripple,
}

impl AddressFormat {
    /// A fresh random address of this format.
    pub(crate) fn generate(self) -> String {
        let mut account = [0_u8; 20];
        rand::rng().fill_bytes(&mut account);
        self.encode(&account)
    }

    /// Whether `address` is one of this network's: for Bitcoin testnet a
    /// segwit address (`tb1...`, any version) or a base58check P2PKH/P2SH
    /// one (`m...`, `n...`, `2...`); for Bitcoin Cash testnet a CashAddr
    /// (`bchtest:`, which may be left out) or the legacy base58check one
    /// Bitcoin Cash kept (`m...`, `n...`, `2...`; UNCONFIRMED that AlphaPo
    /// takes it); for Litecoin testnet a segwit address (`tltc1...`) or a
    /// base58check P2PKH/P2SH one (`m...`, `n...`, `Q...`, the older
    /// `2...`); for Dogecoin testnet its base58check P2PKH/P2SH addresses
    /// (`n...`, `2...`); for Ethereum `0x` and 40 hex digits,
    /// EIP-55 checksummed when the case is mixed; for Tron and the XRP
    /// Ledger their base58check classic addresses.
    pub(crate) fn accepts(self, address: &str) -> bool {
        let account = |alphabet, versions: &[u8]| {
            base58::decode_check(alphabet, address).is_some_and(|(version, payload)| {
                versions.contains(&version) && payload.len() == 20
            })
        };
        match self {
            Self::BitcoinTestnet => {
                bech32::is_segwit("tb", address) || account(base58::BITCOIN, &[0x6f, 0xc4])
            }
            Self::BitcoinCashTestnet => {
                cashaddr::is_valid("bchtest", address) || account(base58::BITCOIN, &[0x6f, 0xc4])
            }
            Self::LitecoinTestnet => {
                bech32::is_segwit("tltc", address) || account(base58::BITCOIN, &[0x6f, 0x3a, 0xc4])
            }
            Self::DogecoinTestnet => account(base58::BITCOIN, &[0x71, 0xc4]),
            Self::Ethereum => eip55::is_valid(address),
            Self::Tron => account(base58::BITCOIN, &[0x41]),
            Self::Ripple => account(base58::RIPPLE, &[0x00]),
        }
    }

    /// The address of a 20-byte account hash (key hash, or the last 20
    /// bytes of an Ethereum public-key hash).
    fn encode(self, account: &[u8; 20]) -> String {
        match self {
            Self::BitcoinTestnet => bech32::segwit_v0("tb", account),
            Self::BitcoinCashTestnet => cashaddr::p2pkh("bchtest", account),
            Self::LitecoinTestnet => bech32::segwit_v0("tltc", account),
            Self::DogecoinTestnet => base58::check(base58::BITCOIN, 0x71, account),
            Self::Ethereum => eip55::checksummed(account),
            Self::Tron => base58::check(base58::BITCOIN, 0x41, account),
            Self::Ripple => base58::check(base58::RIPPLE, 0x00, account),
        }
    }
}

/// A random XRP-style destination tag: a decimal 32-bit number, never 0.
pub(crate) fn destination_tag() -> String {
    rand::rng().random_range(1..=u32::MAX).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_accounts_have_their_well_known_addresses() {
        let zero = [0_u8; 20];
        assert_eq!(
            AddressFormat::Tron.encode(&zero),
            "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"
        );
        assert_eq!(
            AddressFormat::Ripple.encode(&zero),
            "rrrrrrrrrrrrrrrrrrrrrhoLvTp"
        );
        assert_eq!(
            AddressFormat::Ethereum.encode(&zero),
            "0x0000000000000000000000000000000000000000"
        );
    }

    #[test]
    fn each_network_accepts_its_own_addresses_and_nothing_else() {
        let formats = [
            AddressFormat::BitcoinTestnet,
            AddressFormat::BitcoinCashTestnet,
            AddressFormat::LitecoinTestnet,
            AddressFormat::DogecoinTestnet,
            AddressFormat::Ethereum,
            AddressFormat::Tron,
            AddressFormat::Ripple,
        ];
        for format in formats {
            for _ in 0..20 {
                let address = format.generate();
                for other in formats {
                    assert_eq!(
                        other.accepts(&address),
                        other == format,
                        "{other:?} {address}"
                    );
                }
            }
            for garbage in [
                "garbage",
                "",
                "a",
                "0x",
                "tb1qdestination",
                "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwc",
            ] {
                assert!(!format.accepts(garbage), "{format:?} {garbage}");
            }
        }
        // Known testnet addresses of the other kinds.
        assert!(AddressFormat::BitcoinTestnet.accepts("2N1QTWoPZ6Z7rQue3KS5YAMUQhKabrN4nHn"));
        assert!(AddressFormat::BitcoinTestnet.accepts("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn"));
        assert!(AddressFormat::Ripple.accepts("rrrrrrrrrrrrrrrrrrrrrhoLvTp"));
        assert!(AddressFormat::Tron.accepts("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"));
    }

    #[test]
    fn generated_addresses_have_the_network_shape() {
        let btc = AddressFormat::BitcoinTestnet.generate();
        assert!(btc.starts_with("tb1q") && btc.len() == 42, "{btc}");
        assert!(bech32::is_valid(&btc), "{btc}");
        let eth = AddressFormat::Ethereum.generate();
        assert!(eth.starts_with("0x") && eth.len() == 42, "{eth}");
        assert!(AddressFormat::Tron.generate().starts_with('T'));
        assert!(AddressFormat::Ripple.generate().starts_with('r'));
        let bch = AddressFormat::BitcoinCashTestnet.generate();
        assert!(bch.starts_with("bchtest:q") && bch.len() == 50, "{bch}");
        let ltc = AddressFormat::LitecoinTestnet.generate();
        assert!(ltc.starts_with("tltc1q") && ltc.len() == 44, "{ltc}");
        assert!(bech32::is_valid(&ltc), "{ltc}");
        let doge = AddressFormat::DogecoinTestnet.generate();
        assert!(doge.starts_with('n') && doge.len() == 34, "{doge}");
    }
}

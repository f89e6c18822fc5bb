//! The currencies the sandbox offers, with their fees, minimums and a
//! reference price in EUR from which every rate is derived.

use alphapo_gen::{Amount, CurrencyCode, CurrencyType, types};
use rust_decimal::Decimal;

use crate::world::chain::AddressFormat;
use crate::world::money::money;

/// One currency of the sandbox.
#[derive(Debug)]
pub(crate) struct Spec {
    pub id: i64,
    pub code: &'static str,
    pub crypto: bool,
    /// Plain ISO code and network, as the payment-request API names it.
    pub iso: &'static str,
    pub network: Option<&'static str>,
    /// Price of one unit in EUR, `mantissa * 10^-scale`.
    eur_price: (i64, u32),
    minimum_deposit: (i64, u32),
    minimum_withdrawal: (i64, u32),
    minimum_exchange: (i64, u32),
    /// Fee fractions (`0.01` = 1 %).
    deposit_fee: (i64, u32),
    withdrawal_fee: (i64, u32),
    /// How the network writes deposit addresses (`None` for fiat).
    pub address_format: Option<AddressFormat>,
    /// Whether deposits need a destination tag next to the address (XRP).
    pub tagged: bool,
    /// The network fee an instant withdrawal of this currency always
    /// charges, `mantissa * 10^-scale`; `None` where instant withdrawals are
    /// not offered (AlphaPo: BTC, BCH, LTC and DOGE only).
    instant_network_fee: Option<(i64, u32)>,
    /// The decimals people write this currency with: ISO 4217's minor units
    /// for fiat (2 for EUR and USD), 8 for crypto (as the API writes every
    /// amount). Only pages use it; the API's amounts keep their 8 decimals.
    minor_units: u32,
}

const fn d(pair: (i64, u32)) -> Decimal {
    Decimal::from_parts(
        pair.0.unsigned_abs() as u32,
        (pair.0.unsigned_abs() >> 32) as u32,
        0,
        pair.0 < 0,
        pair.1,
    )
}

impl Spec {
    pub fn eur_price(&self) -> Decimal {
        d(self.eur_price)
    }
    pub fn minimum_deposit(&self) -> Decimal {
        d(self.minimum_deposit)
    }
    pub fn minimum_withdrawal(&self) -> Decimal {
        d(self.minimum_withdrawal)
    }
    pub fn minimum_exchange(&self) -> Decimal {
        d(self.minimum_exchange)
    }
    pub fn deposit_fee(&self) -> Decimal {
        d(self.deposit_fee)
    }
    pub fn withdrawal_fee(&self) -> Decimal {
        d(self.withdrawal_fee)
    }
    /// The network fee of an instant withdrawal, where they are offered.
    pub fn instant_network_fee(&self) -> Option<Decimal> {
        self.instant_network_fee.map(d)
    }
    pub fn kind(&self) -> CurrencyType {
        if self.crypto {
            CurrencyType::Crypto
        } else {
            CurrencyType::Fiat
        }
    }

    /// An amount of this currency as a page shows it to people: with the
    /// currency's minor units (`25.00` EUR, `0.00130000` BTC), and never with
    /// fewer digits than the amount has (`25.005` EUR stays as it is).
    pub fn written(&self, amount: Decimal) -> String {
        let mut shown = amount.normalize();
        shown.rescale(shown.scale().max(self.minor_units));
        shown.to_string()
    }

    /// A fresh deposit address on this currency's network (`None` for fiat).
    pub fn new_address(&self) -> Option<String> {
        self.address_format.map(AddressFormat::generate)
    }

    /// A fresh destination tag, for the currencies that need one.
    pub fn new_tag(&self) -> Option<String> {
        self.tagged.then(crate::world::chain::destination_tag)
    }

    /// The code, as the wire types carry it.
    pub fn currency_code(&self) -> CurrencyCode {
        CurrencyCode::from_static(self.code)
    }

    /// The `currencies/list` entry.
    pub fn listing(&self) -> types::Currency {
        types::Currency {
            id: self.id,
            type_: self.kind(),
            currency: self.currency_code(),
            minimum_amount: money(self.minimum_deposit()),
            deposit_fee_percent: fraction(self.deposit_fee()),
            withdrawal_fee_percent: fraction(self.withdrawal_fee()),
            precision: Some(8),
            minimum_withdrawal_amount: self.crypto.then(|| money(self.minimum_withdrawal())),
            deposit_confirmations: None,
        }
    }

    /// The `currency_from` side of a pair.
    pub fn pair_side(&self, from: bool) -> types::PairSide {
        types::PairSide {
            currency: self.currency_code(),
            type_: self.kind(),
            min_amount: from.then(|| money(self.minimum_exchange())),
            min_amount_deposit_with_exchange: (from && self.crypto)
                .then(|| money(self.minimum_deposit())),
        }
    }
}

/// A fee fraction written with 6 decimals, like AlphaPo's `"0.000700"`.
fn fraction(value: Decimal) -> Amount {
    let mut value = value;
    value.rescale(6);
    Amount::new(value)
}

/// Every currency of the sandbox.
pub(crate) const CURRENCIES: &[Spec] = &[
    Spec {
        id: 1,
        code: "BTC",
        crypto: true,
        iso: "BTC",
        network: Some("bitcoin"),
        eur_price: (7_731_426_444_333, 8),
        minimum_deposit: (2, 4),
        minimum_withdrawal: (2, 4),
        minimum_exchange: (3, 3),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::BitcoinTestnet),
        tagged: false,
        instant_network_fee: Some((5, 5)),
        minor_units: 8,
    },
    Spec {
        id: 2,
        code: "ETH",
        crypto: true,
        iso: "ETH",
        network: Some("ethereum"),
        eur_price: (270_255_125, 5),
        minimum_deposit: (1, 2),
        minimum_withdrawal: (1, 2),
        minimum_exchange: (5, 2),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::Ethereum),
        tagged: false,
        instant_network_fee: None,
        minor_units: 8,
    },
    Spec {
        id: 6,
        code: "USDTE",
        crypto: true,
        iso: "USDT",
        network: Some("ethereum"),
        eur_price: (92, 2),
        minimum_deposit: (5, 0),
        minimum_withdrawal: (10, 0),
        minimum_exchange: (10, 0),
        deposit_fee: (5, 3),
        withdrawal_fee: (5, 3),
        address_format: Some(AddressFormat::Ethereum),
        tagged: false,
        instant_network_fee: None,
        minor_units: 8,
    },
    Spec {
        id: 3,
        code: "USDTT",
        crypto: true,
        iso: "USDT",
        network: Some("tron"),
        eur_price: (92, 2),
        minimum_deposit: (2, 0),
        minimum_withdrawal: (5, 0),
        minimum_exchange: (10, 0),
        deposit_fee: (5, 3),
        withdrawal_fee: (5, 3),
        address_format: Some(AddressFormat::Tron),
        tagged: false,
        instant_network_fee: None,
        minor_units: 8,
    },
    Spec {
        id: 7,
        code: "XRP",
        crypto: true,
        iso: "XRP",
        network: Some("ripple"),
        eur_price: (52, 2),
        minimum_deposit: (1, 3),
        minimum_withdrawal: (1, 0),
        minimum_exchange: (20, 0),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::Ripple),
        tagged: true,
        instant_network_fee: None,
        minor_units: 8,
    },
    // BCH, LTC and DOGE: the sandbox's own prices, exchange minimums and
    // network fees (UNCONFIRMED: AlphaPo publishes none); deposit minimums
    // from AlphaPo's 2023 defaults; deposit and withdrawal fees as BTC's.
    Spec {
        id: 8,
        code: "BCH",
        crypto: true,
        iso: "BCH",
        network: Some("bitcoin_cash"),
        eur_price: (40_000, 2),
        minimum_deposit: (1, 3),
        minimum_withdrawal: (1, 3),
        minimum_exchange: (3, 2),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::BitcoinCashTestnet),
        tagged: false,
        instant_network_fee: Some((5, 4)),
        minor_units: 8,
    },
    Spec {
        id: 9,
        code: "LTC",
        crypto: true,
        iso: "LTC",
        network: Some("litecoin"),
        eur_price: (8_500, 2),
        minimum_deposit: (1, 2),
        minimum_withdrawal: (1, 2),
        minimum_exchange: (15, 2),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::LitecoinTestnet),
        tagged: false,
        instant_network_fee: Some((1, 3)),
        minor_units: 8,
    },
    Spec {
        id: 10,
        code: "DOGE",
        crypto: true,
        iso: "DOGE",
        network: Some("dogecoin"),
        eur_price: (16, 2),
        minimum_deposit: (1, 0),
        minimum_withdrawal: (1, 0),
        minimum_exchange: (100, 0),
        deposit_fee: (1, 2),
        withdrawal_fee: (1, 2),
        address_format: Some(AddressFormat::DogecoinTestnet),
        tagged: false,
        instant_network_fee: Some((1, 0)),
        minor_units: 8,
    },
    Spec {
        id: 4,
        code: "EUR",
        crypto: false,
        iso: "EUR",
        network: None,
        eur_price: (1, 0),
        minimum_deposit: (10, 0),
        minimum_withdrawal: (10, 0),
        minimum_exchange: (10, 0),
        deposit_fee: (0, 0),
        withdrawal_fee: (0, 0),
        address_format: None,
        tagged: false,
        instant_network_fee: None,
        minor_units: 2,
    },
    Spec {
        id: 5,
        code: "USD",
        crypto: false,
        iso: "USD",
        network: None,
        eur_price: (92, 2),
        minimum_deposit: (10, 0),
        minimum_withdrawal: (10, 0),
        minimum_exchange: (10, 0),
        deposit_fee: (0, 0),
        withdrawal_fee: (0, 0),
        address_format: None,
        tagged: false,
        instant_network_fee: None,
        minor_units: 2,
    },
];

/// The currency with this code.
pub(crate) fn find(code: &str) -> Option<&'static Spec> {
    CURRENCIES.iter().find(|spec| spec.code == code)
}

/// The currency a payment-request currency (`{iso, network_name}`) names.
pub(crate) fn find_payment(currency: &types::PaymentCurrency) -> Option<&'static Spec> {
    CURRENCIES.iter().find(|spec| {
        spec.iso.eq_ignore_ascii_case(&currency.iso)
            && match (spec.network, currency.network_name.as_deref()) {
                (Some(network), Some(given)) => network.eq_ignore_ascii_case(given),
                (None, None) => true,
                _ => false,
            }
    })
}

/// Units of `to` per unit of `from`.
pub(crate) fn rate(from: &Spec, to: &Spec) -> Decimal {
    (from.eur_price() / to.eur_price()).round_dp(8)
}

/// The `{iso, network_name}` form of a currency.
pub(crate) fn payment_currency(spec: &Spec) -> types::PaymentCurrency {
    types::PaymentCurrency {
        iso: spec.iso.to_owned(),
        network_name: spec.network.map(str::to_owned),
    }
}

/// The exchange fee, a fraction of the amount sold.
pub(crate) const EXCHANGE_FEE: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_from_parts_are_exact() {
        let btc = find("BTC").map(Spec::eur_price);
        assert_eq!(
            btc.map(|p| p.to_string()),
            Some("77314.26444333".to_owned())
        );
        assert_eq!(EXCHANGE_FEE.to_string(), "0.005");
    }

    #[test]
    fn pages_write_fiat_with_its_minor_units_and_crypto_with_eight() {
        let (Some(btc), Some(eur)) = (find("BTC"), find("EUR")) else {
            panic!("the catalog lost BTC or EUR");
        };
        let written = |spec: &Spec, amount: &str| {
            spec.written(amount.parse().unwrap_or_else(|e| panic!("{amount}: {e}")))
        };
        assert_eq!(written(eur, "25.00000000"), "25.00");
        assert_eq!(written(eur, "25"), "25.00");
        assert_eq!(written(eur, "25.005"), "25.005");
        assert_eq!(written(eur, "0"), "0.00");
        assert_eq!(written(btc, "0.0013"), "0.00130000");
        assert_eq!(written(btc, "1.000000001"), "1.000000001");
    }

    #[test]
    fn rates_are_inverse_of_each_other_to_eight_places() {
        let (Some(btc), Some(eur)) = (find("BTC"), find("EUR")) else {
            panic!("the catalog lost BTC or EUR");
        };
        assert_eq!(rate(btc, eur).to_string(), "77314.26444333");
        assert_eq!(rate(eur, btc).to_string(), "0.00001293");
    }

    #[test]
    fn payment_currencies_need_the_right_network() {
        let usdt_tron = types::PaymentCurrency {
            iso: "USDT".into(),
            network_name: Some("tron".into()),
        };
        let usdt_eth = types::PaymentCurrency {
            iso: "USDT".into(),
            network_name: Some("ethereum".into()),
        };
        let usdt_solana = types::PaymentCurrency {
            iso: "USDT".into(),
            network_name: Some("solana".into()),
        };
        assert_eq!(find_payment(&usdt_tron).map(|s| s.code), Some("USDTT"));
        assert_eq!(find_payment(&usdt_eth).map(|s| s.code), Some("USDTE"));
        assert!(find_payment(&usdt_solana).is_none());
    }
}

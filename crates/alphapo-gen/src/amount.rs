//! Exact decimal amounts, read from JSON strings or numbers.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal amount: money, a price, a rate or a fee.
///
/// AlphaPo sends amounts as JSON strings (`"0.02000000"`) and, in some
/// documented payloads, as JSON numbers (`381`, `0.108823`). Both parse.
/// The value is kept as a [`Decimal`] with its scale, so `"0.02000000"` is
/// written back as `"0.02000000"`; amounts are always written as JSON strings,
/// which the API accepts and every sandbox-tested client sends.
///
/// A JSON number reaches serde as an `f64`; it is converted through its
/// shortest round-trip representation, so any number with up to 15 significant
/// digits is read exactly. Strings are always exact.
///
/// ```
/// use alphapo_gen::Amount;
///
/// let from_string: Amount = serde_json::from_str(r#""0.10882300""#).unwrap();
/// let from_number: Amount = serde_json::from_str("0.108823").unwrap();
/// assert_eq!(from_string, from_number);
/// assert_eq!(serde_json::to_string(&from_string).unwrap(), r#""0.10882300""#);
/// assert_eq!("106.75".parse::<Amount>().unwrap().to_string(), "106.75");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(Decimal);

/// Why a text is not an amount.
///
/// ```
/// assert!("1e5".parse::<alphapo_gen::Amount>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError {
    reason: &'static str,
}

/// The most digits whose value always fits a `u64` (10^19 - 1 does), and
/// whose scale is within a decimal's 28: such texts are read without
/// `Decimal::from_str_exact`.
const MAX_FAST_DIGITS: usize = 19;

impl Amount {
    /// The amount zero.
    ///
    /// ```
    /// assert!(alphapo_gen::Amount::ZERO.is_zero());
    /// ```
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Wraps a decimal.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let amount = alphapo_gen::Amount::new(Decimal::new(10675, 2));
    /// assert_eq!(amount.to_string(), "106.75");
    /// ```
    pub const fn new(value: Decimal) -> Self {
        Self(value)
    }

    /// The exact decimal value.
    ///
    /// ```
    /// let amount: alphapo_gen::Amount = "0.5".parse().unwrap();
    /// assert_eq!(amount.value(), rust_decimal::Decimal::new(5, 1));
    /// ```
    pub const fn value(self) -> Decimal {
        self.0
    }

    /// Whether the amount is exactly zero.
    ///
    /// ```
    /// assert!("0.00000000".parse::<alphapo_gen::Amount>().unwrap().is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is greater than zero.
    ///
    /// ```
    /// assert!("0.001".parse::<alphapo_gen::Amount>().unwrap().is_positive());
    /// assert!(!"0".parse::<alphapo_gen::Amount>().unwrap().is_positive());
    /// ```
    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// Parses the decimal text of an amount: an optional minus sign, digits,
    /// and an optional fraction. No exponent, no separators, no spaces.
    ///
    /// One pass checks the syntax and, for up to 19 digits (every amount
    /// AlphaPo sends), builds the decimal from its digits and scale directly;
    /// longer texts go through [`Decimal::from_str_exact`]. Both give the
    /// same decimal, scale and sign included (a test compares them).
    fn parse_text(text: &str) -> Result<Self, AmountError> {
        let (negative, unsigned) = match text.as_bytes() {
            [b'-', rest @ ..] => (true, rest),
            bytes => (false, bytes),
        };
        let mut mantissa: u64 = 0;
        // Counts bytes of `text`, so it cannot overflow.
        let mut digits: usize = 0;
        let mut whole_digits = None;
        for &byte in unsigned {
            match byte {
                b'0'..=b'9' => {
                    // Wraps only past 19 digits, where the result is not used.
                    mantissa = mantissa
                        .wrapping_mul(10)
                        .wrapping_add(u64::from(byte - b'0'));
                    digits += 1;
                }
                b'.' if whole_digits.is_none() && digits > 0 => whole_digits = Some(digits),
                _ => return Err(Self::syntax_error()),
            }
        }
        let scale = match whole_digits {
            Some(whole) if whole == digits => return Err(Self::syntax_error()),
            Some(whole) => digits - whole,
            None if digits == 0 => return Err(Self::syntax_error()),
            None => 0,
        };
        if digits <= MAX_FAST_DIGITS {
            // The mantissa is below 10^19 and the scale at most 19 here.
            let (lo, mid) = (mantissa as u32, (mantissa >> 32) as u32);
            return Ok(Self(Decimal::from_parts(
                lo,
                mid,
                0,
                negative,
                scale as u32,
            )));
        }
        Decimal::from_str_exact(text)
            .map(Self)
            .map_err(|_| AmountError {
                reason: "too many digits for an exact decimal",
            })
    }

    fn syntax_error() -> AmountError {
        AmountError {
            reason: "expected decimal digits with an optional sign and fraction",
        }
    }

    /// Converts a JSON number that serde handed over as `f64`.
    fn from_f64(number: f64) -> Result<Self, AmountError> {
        if !number.is_finite() {
            return Err(AmountError {
                reason: "not a finite number",
            });
        }
        // `Display` for f64 prints the shortest text that reads back as the
        // same f64, never in exponent form.
        Self::parse_text(&number.to_string())
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_text(text)
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<Amount> for Decimal {
    fn from(amount: Amount) -> Self {
        amount.0
    }
}

impl From<u64> for Amount {
    fn from(value: u64) -> Self {
        Self(Decimal::from(value))
    }
}

impl TryFrom<&str> for Amount {
    type Error = AmountError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid amount: {}", self.reason)
    }
}

impl std::error::Error for AmountError {}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount as a JSON string or number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Amount, E> {
        Amount::parse_text(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
        Amount::from_f64(value).map_err(E::custom)
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> String {
        "Amount".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::string_or(
            "An exact decimal, sent as a JSON string; read from a string or a number.",
            schemars::schema::InstanceType::Number,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_their_scale() {
        let amount: Amount = serde_json::from_str(r#""100.00000000""#).unwrap();
        assert_eq!(serde_json::to_string(&amount).unwrap(), r#""100.00000000""#);
    }

    #[test]
    fn numbers_are_read_exactly() {
        for (json, text) in [
            ("381", "381"),
            ("0.108823", "0.108823"),
            ("106.75", "106.75"),
        ] {
            let amount: Amount = serde_json::from_str(json).unwrap();
            assert_eq!(amount.to_string(), text);
        }
        let big: Amount = serde_json::from_str("13234.91276375").unwrap();
        assert_eq!(big, "13234.91276375".parse().unwrap());
    }

    #[test]
    fn malformed_text_is_rejected() {
        for bad in [
            "", "-", ".5", "5.", "1e5", "1,5", " 1", "0x10", "+1", "1.2.3", "NaN",
        ] {
            assert!(bad.parse::<Amount>().is_err(), "{bad:?} parsed");
            let json = serde_json::to_string(bad).unwrap();
            assert!(
                serde_json::from_str::<Amount>(&json).is_err(),
                "{json} parsed"
            );
        }
        assert!(serde_json::from_str::<Amount>("7.85e+76").is_err());
        assert!(serde_json::from_str::<Amount>("true").is_err());
        assert!(serde_json::from_str::<Amount>("null").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_000))]

        /// The one-pass reading gives the decimal `from_str_exact` gives,
        /// bit for bit (scale and the sign of zero included), or fails
        /// where it fails.
        #[test]
        fn digits_read_as_from_str_exact_reads_them(
            text in "-?[0-9]{1,24}(\\.[0-9]{1,24})?"
        ) {
            let fast = Amount::parse_text(&text).map(|amount| amount.value().serialize());
            let exact = Decimal::from_str_exact(&text).map(|value| value.serialize());
            proptest::prop_assert_eq!(fast.ok(), exact.ok(), "{}", text);
        }
    }

    #[test]
    fn the_fast_reading_agrees_at_its_edges() {
        for text in [
            "9999999999999999999",
            "-0.000000000000000001",
            "-0.0",
            "0.0000000000000000000",
        ] {
            assert_eq!(
                Amount::parse_text(text).unwrap().value().serialize(),
                Decimal::from_str_exact(text).unwrap().serialize(),
                "{text}"
            );
        }
    }

    #[test]
    fn negative_amounts_parse() {
        assert_eq!(
            "-0.5".parse::<Amount>().unwrap().value(),
            Decimal::new(-5, 1)
        );
    }
}

//! Currency codes, kept inline: a code is a few letters, so reading one from
//! a response or a callback allocates nothing.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A platform currency code (`BTC`, `EUR`, `USDTE`, `BNB-BSC`, ...), never
/// empty. Requests take it, and responses and callbacks carry it, for every
/// field that names a currency.
///
/// The code is stored inline up to 24 bytes (every AlphaPo code is far
/// shorter), so parsing one does not allocate. It reads as a `&str`.
///
/// ```
/// use alphapo_gen::CurrencyCode;
///
/// let btc: CurrencyCode = "BTC".parse()?;
/// assert_eq!(btc, "BTC");
/// assert_eq!(btc.as_str(), "BTC");
/// assert!(btc.starts_with('B')); // any `str` method, through `Deref`
///
/// let from_json: CurrencyCode = serde_json::from_str(r#""USDTE""#)?;
/// assert_eq!(from_json.to_string(), "USDTE");
/// assert!("".parse::<CurrencyCode>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CurrencyCode(CompactString);

impl CurrencyCode {
    /// A code written in the program, such as `"BTC"`.
    ///
    /// # Panics
    ///
    /// If `code` is empty; in a `const` or `static`, that is a compile error.
    ///
    /// ```
    /// use alphapo_gen::CurrencyCode;
    ///
    /// const BTC: CurrencyCode = CurrencyCode::from_static("BTC");
    /// assert_eq!(BTC, "BTC");
    /// ```
    pub const fn from_static(code: &'static str) -> Self {
        assert!(!code.is_empty(), "a currency code cannot be empty");
        Self(CompactString::const_new(code))
    }

    /// The code as text.
    ///
    /// ```
    /// let eur: alphapo_gen::CurrencyCode = "EUR".parse().unwrap();
    /// assert_eq!(eur.as_str(), "EUR");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the code, returning its text.
    ///
    /// ```
    /// let eur: alphapo_gen::CurrencyCode = "EUR".parse().unwrap();
    /// assert_eq!(eur.into_string(), "EUR");
    /// ```
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    fn checked(code: CompactString) -> Result<Self, CurrencyCodeError> {
        if code.is_empty() {
            Err(CurrencyCodeError)
        } else {
            Ok(Self(code))
        }
    }
}

/// Why a text is not a [`CurrencyCode`]: it is empty.
///
/// It reads as the generated types' own constraint message, so that a
/// caller's error text is the same for every field that has a minimum length.
///
/// ```
/// let error = "".parse::<alphapo_gen::CurrencyCode>().unwrap_err();
/// assert_eq!(error.to_string(), "shorter than 1 characters");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyCodeError;

impl fmt::Display for CurrencyCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("shorter than 1 characters")
    }
}

impl std::error::Error for CurrencyCodeError {}

impl std::str::FromStr for CurrencyCode {
    type Err = CurrencyCodeError;

    fn from_str(code: &str) -> Result<Self, CurrencyCodeError> {
        Self::checked(CompactString::from(code))
    }
}

impl TryFrom<&str> for CurrencyCode {
    type Error = CurrencyCodeError;

    fn try_from(code: &str) -> Result<Self, CurrencyCodeError> {
        code.parse()
    }
}

impl TryFrom<String> for CurrencyCode {
    type Error = CurrencyCodeError;

    fn try_from(code: String) -> Result<Self, CurrencyCodeError> {
        Self::checked(CompactString::from(code))
    }
}

impl From<CurrencyCode> for String {
    fn from(code: CurrencyCode) -> Self {
        code.into_string()
    }
}

impl Deref for CurrencyCode {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for CurrencyCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for CurrencyCode {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for CurrencyCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for CurrencyCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<CurrencyCode> for str {
    fn eq(&self, other: &CurrencyCode) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<CurrencyCode> for &str {
    fn eq(&self, other: &CurrencyCode) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for CurrencyCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CurrencyCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CurrencyCodeVisitor)
    }
}

struct CurrencyCodeVisitor;

impl Visitor<'_> for CurrencyCodeVisitor {
    type Value = CurrencyCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<CurrencyCode, E> {
        code.parse().map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, code: String) -> Result<CurrencyCode, E> {
        CurrencyCode::try_from(code).map_err(E::custom)
    }
}

impl schemars::JsonSchema for CurrencyCode {
    fn schema_name() -> String {
        "CurrencyCode".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::non_empty_string("A platform currency code (`BTC`, `EUR`, `USDTE`).")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_codes_and_other_json_types_are_refused() {
        for bad in [r#""""#, "1", "null", "true", "[]", "{}"] {
            assert!(serde_json::from_str::<CurrencyCode>(bad).is_err(), "{bad}");
        }
        let error = serde_json::from_str::<CurrencyCode>(r#""""#).unwrap_err();
        assert!(
            error.to_string().contains("shorter than 1 characters"),
            "{error}"
        );
    }

    #[test]
    fn written_and_read_as_a_json_string() {
        let code: CurrencyCode = serde_json::from_str(r#""BNB-BSC""#).unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), r#""BNB-BSC""#);
    }

    #[test]
    fn a_code_longer_than_the_inline_room_is_kept_whole() {
        let long = "A".repeat(40);
        let code: CurrencyCode = long.parse().unwrap();
        assert_eq!(code.as_str(), long);
        assert_eq!(code.into_string(), long);
    }

    #[test]
    fn the_schema_asks_for_a_non_empty_string() {
        let schema = schemars::schema_for!(CurrencyCode);
        let json = serde_json::to_value(&schema).unwrap();
        assert_eq!(json["type"], "string");
        assert_eq!(json["minLength"], 1);
    }
}

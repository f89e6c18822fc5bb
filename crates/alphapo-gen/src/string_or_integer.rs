//! Text fields that the server sometimes sends as JSON integers.

use std::fmt;
use std::ops::Deref;

use compact_str::{CompactString, ToCompactString};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text value (a `tag`, a `foreign_id`, an `end_user_reference`) that the
/// server may send as a JSON string or a JSON integer. It is kept as text and
/// written as a JSON string. Texts up to 24 bytes are stored inline, so
/// reading a typical one allocates nothing.
///
/// ```
/// use alphapo_gen::StringOrInteger;
///
/// let from_number: StringOrInteger = serde_json::from_str("12345").unwrap();
/// let from_string: StringOrInteger = serde_json::from_str(r#""12345""#).unwrap();
/// assert_eq!(from_number, from_string);
/// assert_eq!(from_number.as_str(), "12345");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringOrInteger(CompactString);

impl StringOrInteger {
    /// Wraps a text value.
    ///
    /// ```
    /// let tag = alphapo_gen::StringOrInteger::new("1234");
    /// assert_eq!(tag.as_str(), "1234");
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(CompactString::from(value.into()))
    }

    /// The value as text.
    ///
    /// ```
    /// assert_eq!(alphapo_gen::StringOrInteger::from(7_i64).as_str(), "7");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning its text.
    ///
    /// ```
    /// assert_eq!(alphapo_gen::StringOrInteger::new("a").into_string(), "a");
    /// ```
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

impl Deref for StringOrInteger {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for StringOrInteger {
    fn from(value: String) -> Self {
        Self(CompactString::from(value))
    }
}

impl From<&str> for StringOrInteger {
    fn from(value: &str) -> Self {
        Self(CompactString::from(value))
    }
}

impl From<i64> for StringOrInteger {
    fn from(value: i64) -> Self {
        Self(value.to_compact_string())
    }
}

impl std::str::FromStr for StringOrInteger {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}

impl PartialEq<str> for StringOrInteger {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for StringOrInteger {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for StringOrInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StringOrInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for StringOrInteger {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for StringOrInteger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrIntegerVisitor)
    }
}

struct StringOrIntegerVisitor;

impl Visitor<'_> for StringOrIntegerVisitor {
    type Value = StringOrInteger;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON string or integer")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<StringOrInteger, E> {
        Ok(StringOrInteger::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<StringOrInteger, E> {
        Ok(StringOrInteger::from(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<StringOrInteger, E> {
        Ok(StringOrInteger::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<StringOrInteger, E> {
        Ok(StringOrInteger(value.to_compact_string()))
    }
}

impl schemars::JsonSchema for StringOrInteger {
    fn schema_name() -> String {
        "StringOrInteger".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::string_or(
            "Text sent as a JSON string or integer; written as a string.",
            schemars::schema::InstanceType::Integer,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_and_other_types_are_rejected() {
        for bad in ["1.5", "true", "null", "[]", "{}"] {
            assert!(
                serde_json::from_str::<StringOrInteger>(bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn written_as_a_string() {
        let value: StringOrInteger = serde_json::from_str("42").unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""42""#);
    }
}

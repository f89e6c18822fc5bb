//! Confirmation counts, sent as JSON strings or integers.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The number of blockchain confirmations of a transfer.
///
/// Real callbacks send it as a string (`"1"`), the documentation also shows
/// integers (`3`); both parse. It is written as a string, like the server does.
///
/// ```
/// use alphapo_gen::Confirmations;
///
/// let a: Confirmations = serde_json::from_str(r#""9""#).unwrap();
/// let b: Confirmations = serde_json::from_str("9").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.get(), 9);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Confirmations(u64);

impl Confirmations {
    /// Wraps a count.
    ///
    /// ```
    /// assert_eq!(alphapo_gen::Confirmations::new(3).get(), 3);
    /// ```
    pub const fn new(count: u64) -> Self {
        Self(count)
    }

    /// The count.
    ///
    /// ```
    /// assert_eq!(alphapo_gen::Confirmations::default().get(), 0);
    /// ```
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl std::str::FromStr for Confirmations {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(Self)
    }
}

impl fmt::Display for Confirmations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Confirmations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Confirmations({})", self.0)
    }
}

impl Serialize for Confirmations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Confirmations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ConfirmationsVisitor)
    }
}

struct ConfirmationsVisitor;

impl Visitor<'_> for ConfirmationsVisitor {
    type Value = Confirmations;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer as a JSON string or number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Confirmations, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Confirmations, E> {
        Ok(Confirmations(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Confirmations, E> {
        u64::try_from(value)
            .map(Confirmations)
            .map_err(|_| E::custom("a confirmation count cannot be negative"))
    }
}

impl schemars::JsonSchema for Confirmations {
    fn schema_name() -> String {
        "Confirmations".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::string_or(
            "A confirmation count, sent as a JSON string or integer.",
            schemars::schema::InstanceType::Integer,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_counts_are_rejected() {
        for bad in ["-1", r#""-1""#, r#""one""#, "1.5", "null", r#""""#] {
            assert!(serde_json::from_str::<Confirmations>(bad).is_err(), "{bad}");
        }
    }
}

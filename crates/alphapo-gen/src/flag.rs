//! Request booleans as the server's validation reads them.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request boolean (`timer`, `visible`). The server (Laravel's `boolean`
/// rule) accepts `true`, `false`, `1`, `0`, `"1"` and `"0"`, and PHP clients
/// send `0`/`1`: every one of these forms is read. It is always written as a
/// JSON `true` or `false`.
///
/// ```
/// use alphapo_gen::Flag;
///
/// for on in ["true", "1", r#""1""#] {
///     assert_eq!(serde_json::from_str::<Flag>(on).unwrap(), Flag::from(true));
/// }
/// assert!(serde_json::from_str::<Flag>(r#""true""#).is_err());
/// assert_eq!(serde_json::to_string(&Flag::from(false)).unwrap(), "false");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Flag(bool);

impl Flag {
    /// The value as a `bool`.
    ///
    /// ```
    /// assert!(alphapo_gen::Flag::from(true).get());
    /// ```
    pub fn get(self) -> bool {
        self.0
    }
}

impl From<bool> for Flag {
    fn from(value: bool) -> Self {
        Self(value)
    }
}

impl From<Flag> for bool {
    fn from(value: Flag) -> Self {
        value.0
    }
}

impl PartialEq<bool> for Flag {
    fn eq(&self, other: &bool) -> bool {
        self.0 == *other
    }
}

/// The error of parsing a [`Flag`] from text: only `true`, `false`, `1` and `0`
/// are flags.
///
/// ```
/// assert!("yes".parse::<alphapo_gen::Flag>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError;

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("must be true or false (or 1 or 0)")
    }
}

impl std::error::Error for FlagError {}

impl std::str::FromStr for Flag {
    type Err = FlagError;

    /// Reads `true`, `false`, `1` or `0`.
    fn from_str(value: &str) -> Result<Self, FlagError> {
        match value {
            "true" | "1" => Ok(Self(true)),
            "false" | "0" => Ok(Self(false)),
            _ => Err(FlagError),
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FlagVisitor)
    }
}

struct FlagVisitor;

impl FlagVisitor {
    fn from_number<E: de::Error>(value: u64, unexpected: de::Unexpected<'_>) -> Result<Flag, E> {
        match value {
            0 => Ok(Flag(false)),
            1 => Ok(Flag(true)),
            _ => Err(E::invalid_value(unexpected, &FlagVisitor)),
        }
    }
}

impl Visitor<'_> for FlagVisitor {
    type Value = Flag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean (true, false, 1, 0, \"1\" or \"0\")")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Flag, E> {
        Ok(Flag(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Flag, E> {
        Self::from_number(value, de::Unexpected::Unsigned(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Flag, E> {
        let unexpected = de::Unexpected::Signed(value);
        match u64::try_from(value) {
            Ok(value) => Self::from_number(value, unexpected),
            Err(_) => Err(E::invalid_value(unexpected, &self)),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Flag, E> {
        match value {
            "1" => Ok(Flag(true)),
            "0" => Ok(Flag(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }
}

impl schemars::JsonSchema for Flag {
    fn schema_name() -> String {
        "Flag".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::one_of_types(
            "A boolean, also read from 1, 0, \"1\" and \"0\"; written as a boolean.",
            &[
                schemars::schema::InstanceType::Boolean,
                schemars::schema::InstanceType::Integer,
                schemars::schema::InstanceType::String,
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_laravel_form_is_read() {
        for (text, value) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            (r#""1""#, true),
            (r#""0""#, false),
        ] {
            let flag: Flag = serde_json::from_str(text).unwrap();
            assert_eq!(flag.get(), value, "{text}");
            assert_eq!(serde_json::to_string(&flag).unwrap(), value.to_string());
        }
    }

    #[test]
    fn other_values_are_rejected() {
        for bad in [
            "null",
            "2",
            "-1",
            "1.0",
            r#""true""#,
            r#""""#,
            r#""01""#,
            "[]",
            "{}",
        ] {
            assert!(serde_json::from_str::<Flag>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_forms_round_trip_through_display() {
        for value in [true, false] {
            let flag = Flag::from(value);
            assert_eq!(flag.to_string().parse::<Flag>(), Ok(flag));
        }
        assert_eq!("1".parse::<Flag>(), Ok(Flag::from(true)));
        assert_eq!("0".parse::<Flag>(), Ok(Flag::from(false)));
    }
}

//! The first pass over a verified body: is it a JSON object, and what is its
//! `type`. It reads every byte (so syntax errors surface here) but keeps only
//! the `type` field; the typed parse of the same bytes comes after.

use std::fmt;

use alphapo_gen::CallbackType;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{CallbackError, JsonKind};

/// What the first pass found.
pub(super) enum Head {
    /// A JSON object, with what its `type` field holds.
    Object(TypeField),
    /// Some other JSON value.
    NotObject(JsonKind),
}

/// The `type` field of a JSON object.
pub(super) enum TypeField {
    Missing,
    Repeated,
    NotString(JsonKind),
    Found(CallbackType),
}

impl Head {
    /// The callback type, or why the body does not have one.
    pub(super) fn callback_type(self) -> Result<CallbackType, CallbackError> {
        match self {
            Self::Object(TypeField::Found(callback_type)) => Ok(callback_type),
            Self::Object(TypeField::Missing) => Err(CallbackError::MissingType),
            Self::Object(TypeField::Repeated) => Err(CallbackError::RepeatedType),
            Self::Object(TypeField::NotString(found)) => {
                Err(CallbackError::TypeNotString { found })
            }
            Self::NotObject(found) => Err(CallbackError::NotObject { found }),
        }
    }
}

impl TypeField {
    /// Adds one occurrence of the `type` field.
    fn with(self, value: Value) -> Self {
        match (self, value) {
            (Self::Missing, Value::String(text)) => Self::Found(CallbackType::from(text)),
            (Self::Missing, other) => Self::NotString(JsonKind::of(&other)),
            _ => Self::Repeated,
        }
    }
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::Null))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::Bool))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::Number))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::Number))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::Number))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Head, E> {
        Ok(Head::NotObject(JsonKind::String))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Head, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Head::NotObject(JsonKind::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut type_field = TypeField::Missing;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => type_field = type_field.with(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Head::Object(type_field))
    }
}

/// An object key: `type` or anything else.
enum Key {
    Type,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == "type" { Key::Type } else { Key::Other })
    }
}

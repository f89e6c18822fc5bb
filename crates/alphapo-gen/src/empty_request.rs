//! The body of calls without parameters.

use std::fmt;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The body of calls without parameters (`accounts_list`, ...). It is written
/// as the two bytes `{}`. The server accepts any JSON object or array here,
/// and `null` (a Go client sends it), and ignores the content, so each of
/// them is read as an `EmptyRequest`; other JSON values are rejected.
///
/// ```
/// use alphapo_gen::EmptyRequest;
///
/// assert_eq!(serde_json::to_string(&EmptyRequest::default()).unwrap(), "{}");
/// for accepted in ["{}", "[]", r#"{"foo":1}"#, "[1,2]", "null"] {
///     assert!(serde_json::from_str::<EmptyRequest>(accepted).is_ok(), "{accepted}");
/// }
/// assert!(serde_json::from_str::<EmptyRequest>("0").is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EmptyRequest;

impl Serialize for EmptyRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for EmptyRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EmptyRequestVisitor)
    }
}

struct EmptyRequestVisitor;

impl<'de> Visitor<'de> for EmptyRequestVisitor {
    type Value = EmptyRequest;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object, array or null")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<EmptyRequest, E> {
        Ok(EmptyRequest)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<EmptyRequest, E> {
        Ok(EmptyRequest)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EmptyRequest, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(EmptyRequest)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EmptyRequest, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(EmptyRequest)
    }
}

impl schemars::JsonSchema for EmptyRequest {
    fn schema_name() -> String {
        "EmptyRequest".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::json_schema::one_of_types(
            "Any JSON object or array, or null (content ignored); written as `{}`.",
            &[
                schemars::schema::InstanceType::Object,
                schemars::schema::InstanceType::Array,
                schemars::schema::InstanceType::Null,
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_rejected() {
        for bad in ["0", "true", r#""{}""#] {
            assert!(serde_json::from_str::<EmptyRequest>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nested_content_is_read_and_ignored() {
        let parsed: EmptyRequest = serde_json::from_str(r#"{"a":{"b":[1,{"c":null}]}}"#).unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "{}");
    }
}

//! Which component schema an operation's JSON request body is.
//!
//! A request body is written either as `$ref: X` or, for operations without
//! required fields, as `anyOf: [$ref: X, $ref: FieldlessBody]`: the object
//! `X` or a body read as one without fields (any array, `null`). Third-party
//! tools see both forms; the generated client, the SDK and the CLI build and
//! send `X`, so everything generated is made from `X` alone.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

/// The component of the bodies read as ones without fields.
pub const FIELDLESS_BODY: &str = "FieldlessBody";
/// Where component schemas are referenced from.
const COMPONENTS: &str = "#/components/schemas/";

/// The component a request body schema stands for: `X` of `$ref: X` or of
/// `anyOf: [$ref: X, $ref: FieldlessBody]`.
pub fn component(schema: &ReferenceOr<Schema>) -> Option<&str> {
    match schema {
        ReferenceOr::Reference { reference } => reference.strip_prefix(COMPONENTS),
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::AnyOf { any_of } => match any_of.as_slice() {
                [
                    ReferenceOr::Reference { reference },
                    ReferenceOr::Reference { reference: other },
                ] if other.strip_prefix(COMPONENTS) == Some(FIELDLESS_BODY) => {
                    reference.strip_prefix(COMPONENTS)
                }
                _ => None,
            },
            _ => None,
        },
    }
}

/// The same, for the spec as JSON.
pub fn component_in_json(schema: &serde_json::Value) -> Option<&str> {
    if let Some(name) = json_reference(schema) {
        return Some(name);
    }
    match schema["anyOf"].as_array()?.as_slice() {
        [object, fieldless] if json_reference(fieldless) == Some(FIELDLESS_BODY) => {
            json_reference(object)
        }
        _ => None,
    }
}

fn json_reference(schema: &serde_json::Value) -> Option<&str> {
    schema["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix(COMPONENTS))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_body_is_its_object_with_or_without_the_fieldless_forms() {
        let plain: ReferenceOr<Schema> =
            serde_json::from_value(json!({"$ref": "#/components/schemas/X"})).unwrap();
        let either: serde_json::Value = json!({"anyOf": [
            {"$ref": "#/components/schemas/X"},
            {"$ref": "#/components/schemas/FieldlessBody"}
        ]});
        let parsed: ReferenceOr<Schema> = serde_json::from_value(either.clone()).unwrap();
        assert_eq!(component(&plain), Some("X"));
        assert_eq!(component(&parsed), Some("X"));
        assert_eq!(component_in_json(&either), Some("X"));
        let other = json!({"anyOf": [
            {"$ref": "#/components/schemas/X"},
            {"$ref": "#/components/schemas/Y"}
        ]});
        assert_eq!(component_in_json(&other), None);
        let parsed: ReferenceOr<Schema> = serde_json::from_value(other).unwrap();
        assert_eq!(component(&parsed), None);
    }
}

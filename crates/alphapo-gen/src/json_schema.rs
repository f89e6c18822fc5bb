//! JSON Schemas of the hand-written types, for `schemars::JsonSchema`.

use schemars::schema::{InstanceType, Metadata, Schema, SchemaObject, SingleOrVec};

/// A schema that accepts a JSON string or a value of `other` type.
pub(crate) fn string_or(description: &str, other: InstanceType) -> Schema {
    one_of_types(description, &[InstanceType::String, other])
}

/// A schema that accepts a JSON value of any of `types`.
pub(crate) fn one_of_types(description: &str, types: &[InstanceType]) -> Schema {
    Schema::Object(SchemaObject {
        metadata: Some(Box::new(Metadata {
            description: Some(description.to_owned()),
            ..Metadata::default()
        })),
        instance_type: Some(SingleOrVec::Vec(types.to_vec())),
        ..SchemaObject::default()
    })
}

/// A string schema that lists the values known today as examples; any other
/// string is accepted too.
pub(crate) fn open_string(description: &str, known: &[&str]) -> Schema {
    Schema::Object(SchemaObject {
        metadata: Some(Box::new(Metadata {
            description: Some(description.to_owned()),
            examples: known.iter().map(|value| (*value).into()).collect(),
            ..Metadata::default()
        })),
        instance_type: Some(SingleOrVec::Single(Box::new(InstanceType::String))),
        ..SchemaObject::default()
    })
}

/// A string schema of at least one character.
pub(crate) fn non_empty_string(description: &str) -> Schema {
    Schema::Object(SchemaObject {
        metadata: Some(Box::new(Metadata {
            description: Some(description.to_owned()),
            ..Metadata::default()
        })),
        instance_type: Some(SingleOrVec::Single(Box::new(InstanceType::String))),
        string: Some(Box::new(schemars::schema::StringValidation {
            min_length: Some(1),
            ..Default::default()
        })),
        ..SchemaObject::default()
    })
}

//! Missing fields and explicit `null`s, refused as Laravel refuses them, all
//! at once: a required field that is absent or `null` is missing ("The X
//! field is required."), and an optional field the spec does not let be
//! `null` fails its type rule when `null` ("The visible field must be true
//! or false."). Generated request types read `null` as "absent" and serde
//! stops at the first missing field, so this check runs on the JSON before
//! they see it, guided by their JSON schema and the spec's list of the
//! fields that take `null`.

use serde_json::{Map, Value};

use super::errors::ValidationErrors;
use super::messages;

/// Records an error for every required field missing from `object` (and
/// from the objects nested in it) and every `null` there that the request
/// type does not allow; `root` is the type's JSON schema with its
/// `definitions`, `nullable` the top-level fields the spec lets be `null`.
pub(super) fn check(
    errors: &mut ValidationErrors,
    root: &Value,
    nullable: &[String],
    object: &Map<String, Value>,
) {
    let walker = Walker {
        definitions: &root["definitions"],
        nullable,
    };
    walker.object(errors, "", &[root], object);
}

struct Walker<'a> {
    definitions: &'a Value,
    nullable: &'a [String],
}

impl Walker<'_> {
    /// The object schemas a schema can stand for (through `$ref`, `anyOf`,
    /// `oneOf` and `allOf`).
    fn alternatives<'a>(&'a self, schema: &'a Value, found: &mut Vec<&'a Value>) {
        if let Some(name) = schema["$ref"]
            .as_str()
            .and_then(|reference| reference.strip_prefix("#/definitions/"))
        {
            self.alternatives(&self.definitions[name], found);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for inner in schema[key].as_array().into_iter().flatten() {
                self.alternatives(inner, found);
            }
        }
        if schema.get("type").is_some() || schema.get("properties").is_some() {
            found.push(schema);
        }
    }

    /// The JSON types a schema accepts, `null` left out.
    fn types(&self, schema: &Value) -> Vec<String> {
        let mut alternatives = Vec::new();
        self.alternatives(schema, &mut alternatives);
        let mut types: Vec<String> = alternatives
            .iter()
            .flat_map(|alternative| match &alternative["type"] {
                Value::String(one) => vec![one.clone()],
                Value::Array(many) => many
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            })
            .filter(|kind| kind != "null")
            .collect();
        types.dedup();
        types
    }

    /// Laravel's message for `null` in an optional field of this schema.
    fn type_message(&self, field: &str, schema: &Value) -> String {
        let types = self.types(schema);
        let has = |kind: &str| types.iter().any(|t| t == kind);
        if has("boolean") {
            messages::boolean(field)
        } else if has("number") {
            messages::numeric(field)
        } else if has("integer") {
            messages::integer(field)
        } else if has("string") {
            messages::string(field)
        } else if has("object") {
            messages::array(field)
        } else {
            messages::invalid(field)
        }
    }

    fn object(
        &self,
        errors: &mut ValidationErrors,
        prefix: &str,
        schemas: &[&Value],
        object: &Map<String, Value>,
    ) {
        let mut alternatives = Vec::new();
        for schema in schemas {
            self.alternatives(schema, &mut alternatives);
        }
        // With one object shape, its required fields must be there; of a
        // choice of shapes (`oneOf`) none is required on its own.
        if let [only] = alternatives.as_slice() {
            for name in only["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|name| !object.contains_key(*name))
            {
                let field = format!("{prefix}{name}");
                errors.add(&field, messages::required(&field));
            }
        }
        for (name, value) in object {
            let field = format!("{prefix}{name}");
            let Some(owner) = alternatives
                .iter()
                .find(|alternative| alternative["properties"].get(name).is_some())
            else {
                continue; // Unknown fields are ignored.
            };
            let property = &owner["properties"][name];
            match value {
                Value::Null if prefix.is_empty() && self.nullable.contains(name) => {}
                Value::Null => {
                    let required = owner["required"]
                        .as_array()
                        .is_some_and(|names| names.iter().any(|n| n == name));
                    let message = if required {
                        messages::required(&field)
                    } else {
                        self.type_message(&field, property)
                    };
                    errors.add(&field, message);
                }
                Value::Object(inner) => {
                    self.object(errors, &format!("{field}."), &[property], inner);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use alphapo_gen::types;
    use serde_json::json;

    use super::*;

    fn presence_of<T: schemars::JsonSchema>(body: Value) -> Vec<(String, String)> {
        let mut errors = ValidationErrors::default();
        let Value::Object(object) = body else {
            panic!("test bodies are objects");
        };
        let root = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
        check(&mut errors, &root, &["tag".to_owned()], &object);
        errors.0.into_iter().collect()
    }

    #[test]
    fn optional_fields_fail_their_type_rule() {
        let body = json!({"currency": "BTC", "address": "a", "foreign_id": "f",
            "end_user_reference": "u", "convert_to": null, "amount": null, "tag": null});
        assert_eq!(
            presence_of::<types::WithdrawalRequest>(body),
            [
                (
                    "amount".to_owned(),
                    "The amount must be a number.".to_owned()
                ),
                (
                    "convert_to".to_owned(),
                    "The convert to must be a string.".to_owned()
                ),
            ]
        );
        assert_eq!(
            presence_of::<types::CurrenciesListRequest>(json!({"visible": null})),
            [(
                "visible".to_owned(),
                "The visible field must be true or false.".to_owned()
            )]
        );
    }

    #[test]
    fn required_fields_are_missing_and_nested_objects_are_checked() {
        let body = json!({"currency": null, "foreign_id": "f", "end_user_reference": "u",
            "sender_type": "natural",
            "sender_data": {"first_name": "A", "last_name": null, "date_of_birth": "2000-01-01"}});
        assert_eq!(
            presence_of::<types::AddressTakeRequest>(body),
            [
                (
                    "currency".to_owned(),
                    "The currency field is required.".to_owned()
                ),
                (
                    "sender_data.last_name".to_owned(),
                    "The sender data.last name field is required.".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn every_missing_field_is_named_at_once() {
        let body = json!({"title": "Order 1", "currency": "EUR", "timer": false});
        let missing: Vec<String> = presence_of::<types::InvoiceCreateRequest>(body)
            .into_iter()
            .map(|(field, message)| {
                assert_eq!(
                    message,
                    format!("The {} field is required.", field.replace('_', " "))
                );
                field
            })
            .collect();
        assert_eq!(
            missing,
            [
                "amount",
                "end_user_reference",
                "foreign_id",
                "url_failed",
                "url_success"
            ]
        );
        // Of a choice of shapes, no field is required on its own.
        assert!(presence_of::<types::TransactionInfoRequest>(json!({})).is_empty());
    }

    #[test]
    fn unknown_fields_may_be_null() {
        assert!(presence_of::<alphapo_gen::EmptyRequest>(json!({"anything": null})).is_empty());
    }
}

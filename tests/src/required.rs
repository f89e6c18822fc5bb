//! Checking a JSON value against the `required` lists of the spec: every
//! property a schema marks `required` must be present (its value may be
//! `null` or `[]`), at every depth, through `$ref`, `allOf`, `oneOf` and
//! `anyOf`. [`undeclared`] checks the other way: every property a value has is
//! one its schema declares.

use serde_json::Value;

/// The paths (`data.address`, `transactions[0].tag`) of the required
/// properties `value` lacks under `schema`. For `oneOf`/`anyOf` the value
/// passes when one alternative has everything; otherwise the alternative
/// missing the least is reported.
pub fn missing(spec: &Value, schema: &Value, value: &Value) -> Vec<String> {
    findings(spec, schema, value).missing
}

/// The paths of the properties `value` has that its schema does not declare
/// (in `properties`, where the schema lists them and takes no
/// `additionalProperties` schema), at every depth. For `oneOf`/`anyOf` the
/// alternative that fits best (fewest missing and undeclared) is judged.
pub fn undeclared(spec: &Value, schema: &Value, value: &Value) -> Vec<String> {
    findings(spec, schema, value).undeclared
}

/// What [`missing`] and [`undeclared`] report, found in one walk.
#[derive(Debug, Default)]
struct Findings {
    missing: Vec<String>,
    undeclared: Vec<String>,
}

impl Findings {
    fn len(&self) -> usize {
        self.missing.len() + self.undeclared.len()
    }

    fn extend(&mut self, other: Findings) {
        self.missing.extend(other.missing);
        self.undeclared.extend(other.undeclared);
    }
}

fn findings(spec: &Value, schema: &Value, value: &Value) -> Findings {
    let mut found = Findings::default();
    walk(spec, schema, value, "", &mut found);
    found
}

/// The component schema `#/components/schemas/{name}`.
pub fn component<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
    {
        Some(name) => resolve(spec, component(spec, name)),
        None => schema,
    }
}

fn walk(spec: &Value, schema: &Value, value: &Value, at: &str, found: &mut Findings) {
    let schema = resolve(spec, schema);
    for part in schema["allOf"].as_array().into_iter().flatten() {
        walk(spec, part, value, at, found);
    }
    let mut alternatives_seen = false;
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            alternatives_seen = true;
            let best = alternatives
                .iter()
                .map(|alternative| {
                    let mut inner = Findings::default();
                    walk(spec, alternative, value, at, &mut inner);
                    inner
                })
                .min_by_key(Findings::len)
                .unwrap_or_default();
            found.extend(best);
        }
    }
    match value {
        Value::Object(object) => {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !object.contains_key(name) {
                    found.missing.push(join(at, name));
                }
            }
            let declared = schema["properties"].as_object();
            let open = alternatives_seen || schema["additionalProperties"].is_object();
            for (name, inner) in object {
                match schema["properties"].get(name) {
                    Some(property) => walk(spec, property, inner, &join(at, name), found),
                    None if declared.is_some() && !open => found.undeclared.push(join(at, name)),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk(spec, item_schema, item, &format!("{at}[{index}]"), found);
                }
            }
        }
        _ => {}
    }
}

fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nulls_and_empty_arrays_count_as_present_and_depth_is_walked() {
        let spec = json!({"components": {"schemas": {
            "Leg": {"type": "object", "required": ["tag"], "properties": {"tag": {"type": "string"}}},
            "Body": {"type": "object", "required": ["legs", "fees"], "properties": {
                "legs": {"type": "array", "items": {"$ref": "#/components/schemas/Leg"}},
                "fees": {"type": "array"}}}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Body"});
        assert!(
            missing(
                &spec,
                &schema,
                &json!({"legs": [{"tag": null}], "fees": []})
            )
            .is_empty()
        );
        assert_eq!(
            missing(&spec, &schema, &json!({"legs": [{"tag": "1"}, {}]})),
            ["fees", "legs[1].tag"]
        );
    }

    #[test]
    fn one_alternative_of_a_one_of_is_enough() {
        let spec = json!({});
        let schema = json!({"oneOf": [
            {"type": "object", "required": ["data"]},
            {"type": "object", "required": ["id", "status"]}
        ]});
        assert!(missing(&spec, &schema, &json!({"id": 1, "status": "x"})).is_empty());
        assert_eq!(missing(&spec, &schema, &json!({"id": 1})), ["data"]);
    }

    #[test]
    fn a_property_the_schema_does_not_declare_is_reported_at_its_depth() {
        let spec = json!({"components": {"schemas": {
            "Leg": {"type": "object", "properties": {"tag": {"type": "string"}}},
            "Body": {"type": "object", "properties": {
                "legs": {"type": "array", "items": {"$ref": "#/components/schemas/Leg"}},
                "names": {"type": "object", "additionalProperties": {"type": "string"}}}}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Body"});
        let value = json!({"legs": [{"tag": "1", "memo": "x"}], "names": {"a": "b"}, "new": 1});
        assert_eq!(undeclared(&spec, &schema, &value), ["legs[0].memo", "new"]);
        assert!(undeclared(&spec, &schema, &json!({"legs": [{"tag": "1"}]})).is_empty());
    }
}

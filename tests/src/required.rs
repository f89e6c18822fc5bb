//! Checking a JSON value against the `required` lists of the spec: every
//! property a schema marks `required` must be present (its value may be
//! `null` or `[]`), at every depth, through `$ref`, `allOf`, `oneOf` and
//! `anyOf`.

use serde_json::Value;

/// The paths (`data.address`, `transactions[0].tag`) of the required
/// properties `value` lacks under `schema`. For `oneOf`/`anyOf` the value
/// passes when one alternative has everything; otherwise the alternative
/// missing the least is reported.
pub fn missing(spec: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut found = Vec::new();
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

fn walk(spec: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    for part in schema["allOf"].as_array().into_iter().flatten() {
        walk(spec, part, value, at, found);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            let best = alternatives
                .iter()
                .map(|alternative| {
                    let mut missing = Vec::new();
                    walk(spec, alternative, value, at, &mut missing);
                    missing
                })
                .min_by_key(Vec::len)
                .unwrap_or_default();
            found.extend(best);
        }
    }
    match value {
        Value::Object(object) => {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !object.contains_key(name) {
                    found.push(join(at, name));
                }
            }
            for (name, inner) in object {
                if let Some(property) = schema["properties"].get(name) {
                    walk(spec, property, inner, &join(at, name), found);
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
}

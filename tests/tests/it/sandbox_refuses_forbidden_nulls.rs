//! The sandbox is as strict about `null` as the spec: an explicit `null` in
//! an optional request field the spec does not let be `null` is refused,
//! naming the field, and one it does (`nullable`, or a choice with `enum:
//! [null]`) is taken. Walks every request schema of the spec, so it follows
//! the spec.

use alphapo_tests::spec;
use serde_json::Value;

use crate::support::{sandbox, send};

/// A schema with its `$ref`s followed; of a request body that also takes
/// the fieldless forms (`anyOf: [X, FieldlessBody]`), the object `X`.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match spec::object_ref_name(schema) {
        Some(name) => resolve(spec, &spec["components"]["schemas"][name.as_str()]),
        None => schema,
    }
}

/// Whether a property's schema lets it be `null`.
fn takes_null(spec: &Value, property: &Value) -> bool {
    property["nullable"] == true
        || resolve(spec, property)["nullable"] == true
        || ["oneOf", "anyOf"].iter().any(|key| {
            property[*key]
                .as_array()
                .into_iter()
                .flatten()
                .any(|form| form["enum"] == serde_json::json!([null]))
        })
}

#[tokio::test]
async fn optional_fields_take_null_exactly_when_the_spec_says_nullable() {
    let spec = spec::load();
    let sandbox = sandbox().await;
    let mut checked = 0;
    let mut failures = Vec::new();
    for operation in spec::operations(&spec) {
        let Some(Value::Object(example)) = &operation.request_example else {
            continue;
        };
        let pointer = format!(
            "/paths/{}/{}/requestBody/content/application~1json/schema",
            operation.path.replace('~', "~0").replace('/', "~1"),
            operation.method.to_lowercase(),
        );
        let schema = resolve(&spec, spec.pointer(&pointer).expect("a request schema"));
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if required.contains(&name.as_str()) {
                continue;
            }
            let nullable = takes_null(&spec, property);
            let mut body = example.clone();
            body.insert(name.clone(), Value::Null);
            let body = Value::Object(body);
            let response = send(&sandbox, &operation.method, &operation.path, Some(&body)).await;
            let status = response.status();
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            let refused = status == 400 && answer["errors"].get(name).is_some();
            checked += 1;
            if refused == nullable {
                failures.push(format!(
                    "{} with {name}: null (nullable: {nullable}): {status} {answer}",
                    operation.id
                ));
            }
        }
    }
    sandbox.shutdown().await;
    assert!(checked >= 20, "only {checked} optional fields checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

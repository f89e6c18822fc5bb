//! The sandbox takes `null` and a JSON array as the body of exactly the
//! operations whose spec body takes them (`EmptyRequest`, or `anyOf` its
//! object and `FieldlessBody`): the forms PHP, C# and Go clients send for
//! calls without parameters. Walks every operation of the spec.

use alphapo_tests::spec;
use serde_json::{Value, json};

use crate::support::{sandbox, send};

/// Whether the spec's request body of an operation takes `null` and arrays.
fn takes_fieldless_bodies(schema: &Value) -> bool {
    let names: Vec<String> = match schema["anyOf"].as_array() {
        Some(forms) => forms.iter().filter_map(spec::ref_name).collect(),
        None => spec::ref_name(schema).into_iter().collect(),
    };
    names
        .iter()
        .any(|name| name == "EmptyRequest" || name == "FieldlessBody")
}

#[tokio::test]
async fn null_and_arrays_are_taken_exactly_where_the_spec_takes_them() {
    let spec = spec::load();
    let sandbox = sandbox().await;
    let mut taking = Vec::new();
    let mut failures = Vec::new();
    for operation in spec::operations(&spec) {
        if operation.request_example.is_none() {
            continue;
        }
        let pointer = format!(
            "/paths/{}/{}/requestBody/content/application~1json/schema",
            operation.path.replace('~', "~0").replace('/', "~1"),
            operation.method.to_lowercase(),
        );
        let takes = takes_fieldless_bodies(spec.pointer(&pointer).expect("a request schema"));
        if takes {
            taking.push(operation.id.clone());
        }
        for body in [Value::Null, json!([]), json!([1, "a"])] {
            let response = send(&sandbox, &operation.method, &operation.path, Some(&body)).await;
            let status = response.status();
            let expected = if takes { operation.success_status } else { 400 };
            if status.as_u16() != expected {
                let answer = response.text().await.unwrap_or_default();
                failures.push(format!("{} with {body}: {status} {answer}", operation.id));
            }
        }
    }
    sandbox.shutdown().await;
    assert_eq!(
        taking,
        [
            "accounts_list",
            "currencies_list",
            "currencies_pairs",
            "currencies_rates"
        ]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

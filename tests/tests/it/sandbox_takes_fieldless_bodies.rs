//! The sandbox takes `null` and a JSON array as the body of exactly the
//! operations whose spec body takes them (`EmptyRequest`, or `anyOf` its
//! object and `FieldlessBody`): the forms PHP, C# and Go clients send for
//! calls without parameters. Walks every operation of the spec.

use alphapo_tests::spec;
use serde_json::{Value, json};

use crate::support::{sandbox, send};

/// The path to send `operation` to: for one with a path parameter
/// (`invoices/{foreign_id}/cancel/`), an invoice made for this call
/// (`foreign_id` `fieldless-N`), so that only the body decides the answer.
async fn path_for(
    sandbox: &alphapo_sandbox::SandboxHandle,
    spec: &Value,
    operation: &spec::Operation,
    call: usize,
) -> String {
    if operation.path_params.is_empty() {
        return operation.path.clone();
    }
    let create = spec::operations(spec)
        .into_iter()
        .find(|operation| operation.id == "invoices_create")
        .expect("invoices_create is in the spec");
    let foreign_id = format!("fieldless-{call}");
    let mut invoice = create.request_example.clone().expect("an example invoice");
    invoice["foreign_id"] = json!(foreign_id);
    let made = send(sandbox, &create.method, &create.path, Some(&invoice)).await;
    assert!(
        made.status().is_success(),
        "the invoice for {foreign_id} was not made"
    );
    operation.path.replace("{foreign_id}", &foreign_id)
}

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
        for (call, body) in [Value::Null, json!([]), json!([1, "a"])]
            .into_iter()
            .enumerate()
        {
            let path = path_for(&sandbox, &spec, &operation, call).await;
            let response = send(&sandbox, &operation.method, &path, Some(&body)).await;
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
            "currencies_rates",
            "invoices_cancel"
        ]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Every request example of the spec, sent as it is to a fresh sandbox,
//! succeeds with the documented status, and the answer has every field the
//! spec marks `required`.

use alphapo_tests::{required, spec};
use serde_json::Value;

use crate::support::{sandbox, send};

#[tokio::test]
async fn every_request_example_succeeds_against_a_fresh_sandbox() {
    let spec = spec::load();
    let sandbox = sandbox().await;
    let mut withdrawal_id = None;
    let mut failures = Vec::new();
    let mut operations = spec::operations(&spec);
    assert!(operations.len() >= 16, "{} operations", operations.len());
    // Look-ups by id go last, once a withdrawal has made a transaction.
    operations.sort_by_key(|operation| {
        operation
            .request_example
            .as_ref()
            .is_some_and(|example| example.get("id").is_some())
    });
    for operation in operations {
        let mut body = operation.request_example.clone();
        // The example looks up a transaction of AlphaPo's; look up the
        // withdrawal the withdrawal example made instead.
        if let (Some(Value::Object(fields)), Some(id)) = (&mut body, withdrawal_id)
            && fields.contains_key("id")
        {
            fields.insert("id".to_owned(), Value::from(id));
        }
        // A path parameter's example names what an earlier example made (the
        // invoice `invoices/create` made is the one cancelled).
        let path = operation.example_path();
        let response = send(&sandbox, &operation.method, &path, body.as_ref()).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        if status != operation.success_status {
            failures.push(format!(
                "{} {}: {status} (documented {}): {text}",
                operation.method, operation.path, operation.success_status
            ));
            continue;
        }
        if !operation.success_media_type.contains("json") {
            continue;
        }
        let answer: Value = serde_json::from_str(&text).expect("a JSON answer");
        let pointer = format!(
            "/paths/{}/{}/responses/{}/content/{}/schema",
            operation.path.replace('~', "~0").replace('/', "~1"),
            operation.method.to_lowercase(),
            operation.success_status,
            operation.success_media_type.replace('/', "~1"),
        );
        let schema = spec
            .pointer(&pointer)
            .expect("the success response has a schema");
        let missing = required::missing(&spec, schema, &answer);
        if !missing.is_empty() {
            failures.push(format!("{}: missing {missing:?} in {answer}", operation.id));
        }
        if operation.id == "withdrawal_crypto" {
            withdrawal_id = answer["data"]["id"].as_i64();
        }
    }
    sandbox.shutdown().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

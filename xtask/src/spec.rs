//! Loading and validating the OpenAPI document.

use std::collections::BTreeSet;
use std::path::Path;

use openapiv3::{MediaType, OpenAPI, Operation, ReferenceOr, StatusCode};

/// Where the spec lives, relative to the workspace root.
pub const SPEC_PATH: &str = "openapi/alphapo.yaml";

/// Reads, parses and validates the spec.
pub fn load(root: &Path) -> Result<OpenAPI, String> {
    let path = root.join(SPEC_PATH);
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {SPEC_PATH}: {e}"))?;
    parse(&text)
}

/// Parses and validates spec text.
pub fn parse(text: &str) -> Result<OpenAPI, String> {
    let spec: OpenAPI =
        serde_yaml::from_str(text).map_err(|e| format!("{SPEC_PATH} does not parse: {e}"))?;
    let problems = problems(&spec);
    if problems.is_empty() {
        Ok(spec)
    } else {
        Err(format!(
            "{SPEC_PATH} is invalid:\n  - {}",
            problems.join("\n  - ")
        ))
    }
}

/// Every rule the generator and the test suite rely on, as a list of
/// human-readable problems (empty when the spec is fine).
fn problems(spec: &OpenAPI) -> Vec<String> {
    let mut problems = Vec::new();
    if !spec.openapi.starts_with("3.0.") {
        problems.push(format!(
            "openapi version {} is not 3.0.x (progenitor needs 3.0)",
            spec.openapi
        ));
    }
    let mut ids = BTreeSet::new();
    for (path, method, operation) in spec.operations() {
        let place = format!("{} {path}", method.to_uppercase());
        match &operation.operation_id {
            None => problems.push(format!("{place}: no operationId")),
            Some(id) if !ids.insert(id.clone()) => {
                problems.push(format!("{place}: operationId {id} is used twice"))
            }
            Some(_) => {}
        }
        problems.extend(operation_problems(&place, operation));
    }
    if ids.is_empty() {
        problems.push("the spec has no operations".to_owned());
    }
    problems
}

fn operation_problems(place: &str, operation: &Operation) -> Vec<String> {
    let mut problems = Vec::new();
    // The client signs exactly the requests that carry a body: an operation
    // without one must need no authentication, and one with a body must.
    let anonymous = operation.security.as_ref().is_some_and(|requirements| {
        requirements.is_empty() || requirements.iter().any(|r| r.is_empty())
    });
    match (operation.request_body.is_some(), anonymous) {
        (false, false) => problems.push(format!(
            "{place}: no request body but authenticated (declare `security: []` or a body)"
        )),
        (true, true) => problems.push(format!(
            "{place}: `security: []` but a request body (bodies are always signed)"
        )),
        _ => {}
    }
    if let Some(ReferenceOr::Item(body)) = &operation.request_body {
        for (media, content) in &body.content {
            if !has_example(content) {
                problems.push(format!("{place}: request body {media} has no example"));
            }
        }
    }
    let mut successes = 0;
    for (status, response) in &operation.responses.responses {
        let success = match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        };
        if !success {
            continue;
        }
        successes += 1;
        if let ReferenceOr::Item(response) = response {
            for (media, content) in &response.content {
                if !has_example(content) {
                    problems.push(format!("{place}: response {status} {media} has no example"));
                }
            }
        }
    }
    if successes == 0 {
        problems.push(format!("{place}: no success response"));
    }
    problems
}

fn has_example(content: &MediaType) -> bool {
    content.example.is_some() || !content.examples.is_empty()
}

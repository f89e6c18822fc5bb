//! The copy of the spec that progenitor is given.
//!
//! progenitor takes one error body type per operation and panics on more
//! (upstream issues #344 and #950). The spec declares what the server really
//! sends, so an operation may have a JSON error body (`4XX: ApiError`) and a
//! text one (`429: text/plain` on `exchange_calculate`). The generator is given
//! the JSON one only: a text answer then falls under the JSON range, the
//! generated client reports that its body is not JSON, and the SDK classifies
//! it by its status (recorded by the `post` hook).
//!
//! A request body that also takes the fieldless forms (`anyOf: [$ref: X,
//! $ref: FieldlessBody]`, see [`request_body`]) is given as `X` alone: the
//! client builds and sends the object, and progenitor would otherwise make a
//! new body type of the choice.

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

use crate::request_body::{self, FIELDLESS_BODY};

/// The spec with every non-JSON error response removed from operations that
/// also declare a JSON error response, and every request body as its object.
pub fn for_progenitor(spec: &OpenAPI) -> OpenAPI {
    let mut view = spec.clone();
    if let Some(components) = view.components.as_mut() {
        components.schemas.shift_remove(FIELDLESS_BODY);
    }
    for item in view.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            if let Some(ReferenceOr::Item(body)) = operation.request_body.as_mut() {
                for media in body.content.values_mut() {
                    if let Some(schema) = media.schema.as_mut()
                        && let Some(name) = request_body::component(schema)
                    {
                        *schema = ReferenceOr::ref_(&format!("#/components/schemas/{name}"));
                    }
                }
            }
            let responses = &mut operation.responses.responses;
            let has_json_error = responses
                .iter()
                .any(|(status, response)| is_error(status) && is_json(response));
            if has_json_error {
                responses.retain(|status, response| !is_error(status) || is_json(response));
            }
        }
    }
    view
}

fn is_error(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => *code >= 400,
        StatusCode::Range(range) => *range >= 4,
    }
}

fn is_json(response: &ReferenceOr<Response>) -> bool {
    match response {
        // A shared response is not resolved here; keep it as progenitor would.
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(response) => response
            .content
            .keys()
            .any(|media| media == "application/json" || media.starts_with("application/json;")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_429_is_hidden_from_progenitor_only() {
        let root = crate::workspace_root();
        let spec = crate::spec::load(&root).expect("the spec loads");
        let calculate = |spec: &OpenAPI| {
            spec.operations()
                .find(|(_, _, operation)| {
                    operation.operation_id.as_deref() == Some("exchange_calculate")
                })
                .map(|(_, _, operation)| operation.responses.responses.clone())
                .expect("exchange_calculate exists")
        };
        let declared = calculate(&spec);
        assert!(
            declared.contains_key(&StatusCode::Code(429)),
            "the spec declares 429"
        );
        let seen = calculate(&for_progenitor(&spec));
        assert!(!seen.contains_key(&StatusCode::Code(429)));
        assert!(
            seen.contains_key(&StatusCode::Range(4)),
            "the JSON 4XX stays"
        );
        assert!(
            seen.contains_key(&StatusCode::Code(200)),
            "the success stays"
        );
    }
}

//! AlphaPo's answers to requests no route takes: an unknown path, or a
//! known path with a method it does not serve.
//!
//! AlphaPo checks the key header before it routes (an unknown path answers
//! 403 `required_header_key`, reference §4.2), so a wrong method on a signed
//! path is refused by the signature checks first and answered 405 only once
//! they pass; ping, which needs no key, answers 405 at once. The 405 body is
//! Laravel's (`{"message": ...}`) and `Allow` lists the served methods.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::ALLOW;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use serde_json::json;

use crate::api::auth::{self, Rejection};
use crate::api::{self, Api};
use crate::workbench::control;
use crate::workbench::paths::is_sandbox_path;

/// Paths that are not signed: the spec's open operations (ping) and the
/// control API.
fn is_unsigned(path: &str) -> bool {
    api::is_open(path) || is_sandbox_path(path)
}

/// The methods a known path serves, as `Allow` lists them: an operation's,
/// the control routes', or else those of the pages' own routes (the
/// dashboard without its slash, the assets), which serve GET alone; a GET
/// route answers HEAD too.
fn allowed(path: &str) -> String {
    let mut methods = match api::method_at(path) {
        Some(method) => vec![method],
        None => control::methods_at(path),
    };
    if methods.is_empty() {
        methods.push("GET");
    }
    let mut allow = Vec::with_capacity(methods.len() + 1);
    for method in methods {
        allow.push(method);
        if method == "GET" {
            allow.push("HEAD");
        }
    }
    allow.join(", ")
}

/// Any path no route serves: 403 `required_header_key`, as AlphaPo answers.
pub(crate) async fn unknown_path() -> Response {
    rejected(Rejection::RequiredHeaderKey)
}

/// A known path with a method it does not serve.
pub(crate) async fn wrong_method(
    State(api): State<Arc<Api>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    if !is_unsigned(path)
        && let Err(rejection) = auth::check(&api.verifier, &headers, &body)
    {
        return rejected(rejection);
    }
    let allow = allowed(path);
    let message = format!(
        "The {method} method is not supported for route {}. Supported methods: {allow}.",
        path.trim_start_matches('/'),
    );
    let allow = HeaderValue::from_str(&allow).unwrap_or(HeaderValue::from_static("GET"));
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(ALLOW, allow)],
        Json(json!({ "message": message })),
    )
        .into_response()
}

fn rejected(rejection: Rejection) -> Response {
    (rejection.status(), Json(rejection.body())).into_response()
}

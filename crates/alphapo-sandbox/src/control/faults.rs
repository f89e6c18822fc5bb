//! `/_sandbox/faults`: arming, listing and clearing faults over HTTP.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::Value;

use super::Shared;
use crate::reply::Unreadable;
use crate::{Fault, FaultError};

/// `POST /_sandbox/faults`: arms one fault; 201 with the armed faults.
pub(super) async fn arm(State(engine): Shared, body: Bytes) -> Response {
    let fault = match read_fault(&body) {
        Ok(fault) => fault,
        Err(refusal) => return refusal,
    };
    match engine.faults.arm(fault) {
        Ok(()) => (StatusCode::CREATED, Json(engine.faults.list())).into_response(),
        Err(error) => error.into_response(),
    }
}

/// A fault in any of the forms `POST /_sandbox/faults` takes: the JSON
/// form (`{"target", "mode", ...}`), the text form of `--fault` as a JSON
/// string or as `{"fault": TEXT}`, or that text alone as the body
/// (`invoices_create=latency:5000`).
fn read_fault(body: &[u8]) -> Result<Fault, Response> {
    let text = |text: &str| text.trim().parse::<Fault>().map_err(IntoResponse::into_response);
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::String(fault)) => text(&fault),
        Ok(Value::Object(object)) if object.len() == 1 && object.contains_key("fault") => {
            match &object["fault"] {
                Value::String(fault) => text(fault),
                _ => Err(FaultError::Malformed("`fault` must be a string".to_owned()).into_response()),
            }
        }
        Ok(value) => serde_json::from_value(value).map_err(|error| {
            Unreadable::new(StatusCode::UNPROCESSABLE_ENTITY, error.to_string()).into_response()
        }),
        Err(_) => match std::str::from_utf8(body) {
            Ok(fault) => text(fault),
            Err(_) => Err(FaultError::Malformed("the body is not UTF-8".to_owned()).into_response()),
        },
    }
}

/// `GET /_sandbox/faults`: the armed faults, in the order they strike.
pub(super) async fn list(State(engine): Shared) -> Json<Vec<Fault>> {
    Json(engine.faults.list())
}

/// `DELETE /_sandbox/faults`: disarms them all; 204.
pub(super) async fn clear(State(engine): Shared) -> StatusCode {
    engine.faults.clear();
    StatusCode::NO_CONTENT
}

impl IntoResponse for FaultError {
    fn into_response(self) -> Response {
        let body = alphapo_gen::types::ApiError {
            error: Some(self.to_string()),
            code: Some("invalid_fault".to_owned()),
            errors: Default::default(),
        };
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    }
}

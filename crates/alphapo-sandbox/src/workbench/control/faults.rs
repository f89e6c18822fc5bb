//! `/_sandbox/faults`: arming, listing and clearing faults over HTTP.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::Value;

use crate::api::reply::Unreadable;
use crate::workbench::faults::{Fault, FaultError};
use crate::workbench::state::Workbench;

/// `POST /_sandbox/faults`: arms one fault; 201 with the armed faults.
pub(super) async fn arm(State(workbench): State<Workbench>, body: Bytes) -> Response {
    let armed =
        read_fault(&body).and_then(|fault| workbench.faults.arm(fault).map_err(Refused::Fault));
    match armed {
        Ok(()) => (StatusCode::CREATED, Json(workbench.faults.list())).into_response(),
        Err(refused) => refused.into_response(),
    }
}

/// Why a fault was not armed.
enum Refused {
    /// It cannot strike, or its text is not a fault (422 `invalid_fault`).
    Fault(FaultError),
    /// Its JSON form is not a fault (422 `invalid_body`).
    Body(Unreadable),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Fault(error) => error.into_response(),
            Refused::Body(unreadable) => unreadable.into_response(),
        }
    }
}

/// A fault in any of the forms `POST /_sandbox/faults` takes: the JSON
/// form (`{"target", "mode", ...}`), the text form of `--fault` as a JSON
/// string or as `{"fault": TEXT}`, or that text alone as the body
/// (`invoices_create=latency:5000`).
fn read_fault(body: &[u8]) -> Result<Fault, Refused> {
    let text = |text: &str| text.trim().parse::<Fault>().map_err(Refused::Fault);
    let malformed = |why: &str| Refused::Fault(FaultError::Malformed(why.to_owned()));
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::String(fault)) => text(&fault),
        Ok(Value::Object(object)) if object.len() == 1 && object.contains_key("fault") => {
            match &object["fault"] {
                Value::String(fault) => text(fault),
                _ => Err(malformed("`fault` must be a string")),
            }
        }
        Ok(value) => serde_json::from_value(value).map_err(|error| {
            Refused::Body(Unreadable::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                error.to_string(),
            ))
        }),
        Err(_) => std::str::from_utf8(body)
            .map_err(|_| malformed("the body is not UTF-8"))
            .and_then(text),
    }
}

/// `GET /_sandbox/faults`: the armed faults, in the order they strike.
pub(super) async fn list(State(workbench): State<Workbench>) -> Json<Vec<Fault>> {
    Json(workbench.faults.list())
}

/// `DELETE /_sandbox/faults`: disarms them all; 204.
pub(super) async fn clear(State(workbench): State<Workbench>) -> StatusCode {
    workbench.faults.clear();
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

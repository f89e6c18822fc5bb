//! `/_sandbox/faults`: arming, listing and clearing faults over HTTP.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

use super::Shared;
use super::extract::Body;
use crate::{Fault, FaultError};

/// `POST /_sandbox/faults`: arms one fault; 201 with the armed faults.
pub(super) async fn arm(State(engine): Shared, Body(fault): Body<Fault>) -> Response {
    match engine.faults.arm(fault) {
        Ok(()) => (StatusCode::CREATED, Json(engine.faults.list())).into_response(),
        Err(error) => error.into_response(),
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

//! Turning outcomes into HTTP responses.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use crate::DriveError;
use crate::auth::Rejection;
use crate::validation::ValidationErrors;

/// Every way an API request can fail.
#[derive(Debug)]
pub(crate) enum Failure {
    Rejected(Rejection),
    Invalid(ValidationErrors),
    RateLimited,
}

impl From<ValidationErrors> for Failure {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<Rejection> for Failure {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Self::Rejected(rejection) => {
                (rejection.status(), Json(rejection.body())).into_response()
            }
            Self::Invalid(errors) => {
                (StatusCode::BAD_REQUEST, Json(errors.into_api_error())).into_response()
            }
            // Cloudflare's rate-limit page text, not JSON.
            Self::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                )],
                "error code: 1015",
            )
                .into_response(),
        }
    }
}

impl IntoResponse for DriveError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::UnknownAddress(_)
            | Self::UnknownInvoice(_)
            | Self::UnknownWithdrawal(_)
            | Self::UnknownPaymentRequest(_) => StatusCode::NOT_FOUND,
            Self::NotPositive => StatusCode::BAD_REQUEST,
            Self::WrongState { .. } => StatusCode::CONFLICT,
        };
        let body = alphapo_gen::types::ApiError {
            error: Some(self.to_string()),
            code: Some(drive_error_code(&self).to_owned()),
            errors: Default::default(),
        };
        (status, Json(body)).into_response()
    }
}

/// A machine code for each driving error, for the control API.
fn drive_error_code(error: &DriveError) -> &'static str {
    match error {
        DriveError::UnknownAddress(_) => "unknown_address",
        DriveError::UnknownInvoice(_) => "unknown_invoice",
        DriveError::UnknownWithdrawal(_) => "unknown_withdrawal",
        DriveError::UnknownPaymentRequest(_) => "unknown_payment_request",
        DriveError::NotPositive => "amount_not_positive",
        DriveError::WrongState { .. } => "wrong_state",
    }
}

//! Turning outcomes into HTTP responses.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use crate::api::auth::Rejection;
use crate::api::validation::ValidationErrors;
use crate::world::DriveError;

/// The largest request body the sandbox reads, API and control API alike
/// (2 MiB, axum's default, set explicitly so it is documented).
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every way an API request can fail, as the error reply AlphaPo sends.
#[derive(Debug)]
pub(crate) enum ErrorReply {
    Rejected(Rejection),
    Invalid(ValidationErrors),
    RateLimited,
}

/// A request body the framework could not read or decode, answered as
/// AlphaPo answers a request it refuses: `{"error", "code"}` JSON, never the
/// framework's plain text.
#[derive(Debug)]
pub(crate) struct Unreadable {
    status: StatusCode,
    detail: String,
}

impl Unreadable {
    /// From the status and text of an axum extractor rejection.
    pub(crate) fn new(status: StatusCode, detail: String) -> Self {
        let detail = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("The request body is larger than {MAX_BODY_BYTES} bytes.")
        } else {
            detail
        };
        Self { status, detail }
    }

    fn code(&self) -> &'static str {
        match self.status {
            StatusCode::PAYLOAD_TOO_LARGE => "request_too_large",
            StatusCode::REQUEST_TIMEOUT => "request_timeout",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
            _ => "malformed_request",
        }
    }
}

impl IntoResponse for Unreadable {
    fn into_response(self) -> Response {
        let body = alphapo_gen::types::ApiError {
            error: Some(self.detail.clone()),
            code: Some(self.code().to_owned()),
            errors: Default::default(),
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<ValidationErrors> for ErrorReply {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<Rejection> for ErrorReply {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}

impl IntoResponse for ErrorReply {
    fn into_response(self) -> Response {
        match self {
            Self::Rejected(rejection) => {
                (rejection.status(), Json(rejection.body())).into_response()
            }
            Self::Invalid(errors) => {
                (StatusCode::BAD_REQUEST, Json(errors.into_api_error())).into_response()
            }
            Self::RateLimited => rate_limited(),
        }
    }
}

/// 429 with Cloudflare's rate-limit page text, not JSON.
pub(crate) fn rate_limited() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        "error code: 1015",
    )
        .into_response()
}

impl IntoResponse for DriveError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::UnknownAddress(_)
            | Self::UnknownInvoice(_)
            | Self::UnknownWithdrawal(_)
            | Self::UnknownPaymentRequest(_)
            | Self::UnknownCallback(_)
            | Self::UnknownCurrency(_)
            | Self::UnknownTrigger(_) => StatusCode::NOT_FOUND,
            Self::NotPositive => StatusCode::BAD_REQUEST,
            Self::AmountTooLarge(_) | Self::Overflow(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::WrongState { .. } | Self::Refused { .. } => StatusCode::CONFLICT,
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
        DriveError::UnknownCallback(_) => "unknown_callback",
        DriveError::UnknownCurrency(_) => "unknown_currency",
        DriveError::NotPositive => "amount_not_positive",
        DriveError::AmountTooLarge(_) => "amount_too_large",
        DriveError::Overflow(_) => "amount_overflow",
        DriveError::WrongState { .. } => "wrong_state",
        DriveError::Refused { .. } => "refused",
        DriveError::UnknownTrigger(_) => "unknown_trigger",
    }
}

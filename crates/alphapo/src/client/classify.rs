//! Turning what one attempt produced into a result or an [`Error`].

use std::collections::BTreeMap;
use std::time::Duration;

use alphapo_gen::response_meta::ResponseMeta;
use alphapo_gen::types::ApiError;
use alphapo_gen::{Error as GenError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde_json::Value;

use super::body::{self, EXCERPT_LIMIT, SUCCESS_LIMIT};
use crate::answer::{Answer, ErrorBody};
use crate::auth_code::AuthCode;
use crate::error::Error;
use crate::error::ErrorKind;
use crate::error::{BoxError, ResponseInfo};
use crate::operation::Operation;

/// The result of one attempt of `operation`: its output, or the error that
/// says what happened. `meta` is what [`alphapo_gen::response_meta::capture`]
/// recovered around the attempt.
pub(crate) async fn classify<R: Answer, E: ErrorBody>(
    operation: Operation,
    result: Result<ResponseValue<R>, GenError<E>>,
    meta: Option<ResponseMeta>,
) -> Result<R::Output, Error> {
    let error = match result {
        Ok(value) => return Ok(value.into_inner().into_output()),
        Err(error) => error,
    };
    let info = |excerpt: Option<String>| {
        meta.as_ref().map(|meta| ResponseInfo {
            status: meta.status,
            request_id: body::request_id(&meta.headers),
            excerpt,
        })
    };
    Err(match error {
        GenError::InvalidRequest(message) | GenError::Custom(message) => {
            Error::new(operation, ErrorKind::NotSent, None, Some(message.into()))
        }
        GenError::CommunicationError(error) => transport(operation, error),
        GenError::InvalidUpgrade(error) | GenError::ResponseBodyError(error) => Error::new(
            operation,
            ErrorKind::MayHaveBeenSent,
            info(None),
            Some(Box::new(error)),
        ),
        GenError::ErrorResponse(value) => {
            let status = value.status();
            let headers = value.headers().clone();
            match value.into_inner().into_api_error() {
                Some(api) => rejection(operation, status, &headers, None, Shape::from(api), None),
                None => rejection(operation, status, &headers, None, Shape::Unknown, None),
            }
        }
        GenError::InvalidResponsePayload(bytes, cause) => match &meta {
            Some(meta) if meta.status.is_success() => Error::new(
                operation,
                ErrorKind::MalformedSuccess,
                info(Some(body::excerpt(&bytes))),
                Some(Box::new(cause)),
            ),
            Some(meta) => rejection(
                operation,
                meta.status,
                &meta.headers,
                Some(body::excerpt(&bytes)),
                Shape::parse(&bytes),
                Some(Box::new(cause)),
            ),
            None => Error::new(
                operation,
                ErrorKind::UnexpectedResponse,
                None,
                Some(Box::new(cause)),
            ),
        },
        // Boxed: the rare path's future (it reads a body) would otherwise
        // make every call's future larger, and every call copies it.
        GenError::UnexpectedResponse(response) => {
            return Box::pin(unexpected::<R>(operation, response)).await;
        }
    })
}

/// A response with a status the generated client did not expect: another
/// 2xx than the documented one is parsed as the success it is.
async fn unexpected<R: Answer>(
    operation: Operation,
    response: reqwest::Response,
) -> Result<R::Output, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let info = |excerpt: Option<String>| {
        Some(ResponseInfo {
            status,
            request_id: body::request_id(&headers),
            excerpt,
        })
    };
    if !status.is_success() {
        // A failed read only shortens the excerpt; the status says enough.
        let bytes = body::read_bounded(response, EXCERPT_LIMIT)
            .await
            .map(|bounded| bounded.bytes)
            .unwrap_or_default();
        let shape = Shape::parse(&bytes);
        return Err(rejection(
            operation,
            status,
            &headers,
            Some(body::excerpt(&bytes)),
            shape,
            None,
        ));
    }
    let bounded = body::read_bounded(response, SUCCESS_LIMIT)
        .await
        .map_err(|error| {
            Error::new(
                operation,
                ErrorKind::MayHaveBeenSent,
                info(None),
                Some(Box::new(error)),
            )
        })?;
    if bounded.exceeded {
        return Err(Error::new(
            operation,
            ErrorKind::MalformedSuccess,
            info(Some(body::excerpt(&bounded.bytes))),
            Some(format!("the success body is larger than {SUCCESS_LIMIT} bytes").into()),
        ));
    }
    R::parse(&bounded.bytes).map_err(|cause| {
        Error::new(
            operation,
            ErrorKind::MalformedSuccess,
            info(Some(body::excerpt(&bounded.bytes))),
            Some(Box::new(cause)),
        )
    })
}

/// A transport failure: connecting failed (never sent) or anything after.
fn transport(operation: Operation, error: reqwest::Error) -> Error {
    let kind = if error.is_connect() || error.is_builder() {
        ErrorKind::NotSent
    } else {
        ErrorKind::MayHaveBeenSent
    };
    Error::new(operation, kind, None, Some(Box::new(error)))
}

/// A response that is not a success.
fn rejection(
    operation: Operation,
    status: StatusCode,
    headers: &HeaderMap,
    excerpt: Option<String>,
    shape: Shape,
    source: Option<BoxError>,
) -> Error {
    let kind = if status == StatusCode::TOO_MANY_REQUESTS {
        ErrorKind::RateLimited {
            retry_after: retry_after(headers),
        }
    } else if status.is_server_error() {
        ErrorKind::Server
    } else if status.is_client_error() {
        match shape {
            Shape::Auth { code, message } => ErrorKind::Auth { code, message },
            Shape::Validation(errors) => ErrorKind::Validation { errors },
            Shape::Unknown => ErrorKind::UnexpectedResponse,
        }
    } else {
        ErrorKind::UnexpectedResponse
    };
    let info = ResponseInfo {
        status,
        request_id: body::request_id(headers),
        excerpt,
    };
    Error::new(operation, kind, Some(info), source)
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the API and
/// is ignored).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// The shape of a JSON error body.
enum Shape {
    /// `{"error": "...", "code": "..."}`.
    Auth { code: AuthCode, message: String },
    /// `{"errors": {"field": "message"}}`.
    Validation(BTreeMap<String, String>),
    /// Anything else.
    Unknown,
}

impl From<ApiError> for Shape {
    fn from(api: ApiError) -> Self {
        match (api.code, api.errors) {
            (Some(code), _) => Shape::Auth {
                code: AuthCode::from(code.as_str()),
                message: api.error.unwrap_or_default(),
            },
            (None, errors) if !errors.is_empty() => Shape::Validation(errors.into_iter().collect()),
            _ => Shape::Unknown,
        }
    }
}

impl Shape {
    /// Reads an error body leniently: validation messages that are arrays or
    /// other values (not the documented strings) are kept as text.
    fn parse(bytes: &[u8]) -> Self {
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(bytes) else {
            return Shape::Unknown;
        };
        if let Some(Value::String(code)) = object.get("code") {
            let message = match object.get("error") {
                Some(Value::String(message)) => message.clone(),
                _ => String::new(),
            };
            return Shape::Auth {
                code: AuthCode::from(code.as_str()),
                message,
            };
        }
        match object.get("errors") {
            Some(Value::Object(errors)) if !errors.is_empty() => Shape::Validation(
                errors
                    .iter()
                    .map(|(field, message)| (field.clone(), message_text(message)))
                    .collect(),
            ),
            _ => Shape::Unknown,
        }
    }
}

/// The text of a validation message: a string as is, a list of strings
/// joined, anything else as JSON.
fn message_text(message: &Value) -> String {
    match message {
        Value::String(text) => text.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_in_lists_are_joined() {
        let Shape::Validation(errors) =
            Shape::parse(br#"{"errors":{"amount":["too small","too odd"],"x":1}}"#)
        else {
            panic!("a validation shape");
        };
        assert_eq!(errors["amount"], "too small; too odd");
        assert_eq!(errors["x"], "1");
    }

    #[test]
    fn retry_after_reads_seconds_only() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, " 30 ".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(30)));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
    }
}

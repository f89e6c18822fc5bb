//! The body read deadline: every request body is read in full, within
//! [`Limits::body_read_timeout`](crate::Limits::body_read_timeout) and
//! [`MAX_BODY_BYTES`], before any handler runs.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONNECTION, CONTENT_LENGTH};
use http::{HeaderValue, StatusCode};
use http_body_util::LengthLimitError;

use crate::api::reply::{MAX_BODY_BYTES, Unreadable};

/// Reads the body within `deadline` and hands the request on with it in
/// memory. A body that is late gets 408, one over [`MAX_BODY_BYTES`] (declared
/// or sent) 413, one the client broke off 400; the connection is closed
/// after each of them, since the rest of the body was not read.
pub(crate) async fn read_body(
    State(deadline): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, String::new());
    }
    match tokio::time::timeout(deadline, to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(error)) => {
            let error = error.into_inner();
            if error.downcast_ref::<LengthLimitError>().is_some() {
                refuse(StatusCode::PAYLOAD_TOO_LARGE, String::new())
            } else {
                refuse(
                    StatusCode::BAD_REQUEST,
                    format!("The request body could not be read: {error}."),
                )
            }
        }
        Err(_late) => refuse(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} ms.",
                deadline.as_millis()
            ),
        ),
    }
}

/// The `{"error", "code"}` answer, with `Connection: close`.
fn refuse(status: StatusCode, detail: String) -> Response {
    let mut response = Unreadable::new(status, detail).into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

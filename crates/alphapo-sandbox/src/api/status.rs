//! `ping`.

use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::CONTENT_TYPE;

use super::endpoint::OpenEndpoint;

pub(crate) struct Ping;

/// Plain `OK`, labelled `text/html` as the real API does.
impl OpenEndpoint for Ping {
    fn answer() -> Response {
        (
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=UTF-8"),
            )],
            "OK",
        )
            .into_response()
    }
}

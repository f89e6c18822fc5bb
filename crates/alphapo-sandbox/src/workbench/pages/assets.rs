//! The stylesheet and scripts of the pages, compiled into the sandbox.

use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

use crate::workbench::extract::Path;

/// `(name, content type, content)` of every asset.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "pages.css",
        "text/css; charset=utf-8",
        include_str!("assets/pages.css"),
    ),
    (
        "checkout.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/checkout.js"),
    ),
    (
        "dashboard.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/dashboard.js"),
    ),
];

/// `GET /_sandbox/assets/{name}`.
pub(super) async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(asset, ..)| *asset == name) {
        Some((_, content_type, content)) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            *content,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

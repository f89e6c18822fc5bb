//! What a struck API call answers: a load balancer's 5xx page, a 429, a
//! late answer, or no answer at all.

use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};

use super::fault::FaultMode;
use crate::api::reply;
use crate::world::Clock;

/// Serves a call struck by `fault` (or not struck, `None`): `serve` is what
/// the call does, run unless the fault answers first.
pub(crate) async fn apply(
    fault: Option<FaultMode>,
    clock: &Clock,
    serve: impl FnOnce() -> Response,
) -> Response {
    if let Some(mode) = &fault {
        crate::workbench::events::note_fault(mode.name());
    }
    match fault {
        None => serve(),
        Some(FaultMode::ServerError { status }) => load_balancer_page(status),
        Some(FaultMode::ServerErrorAfterCommit { status }) => {
            // The effect is committed (and its callbacks queued) before the
            // answer is replaced.
            drop(serve());
            load_balancer_page(status)
        }
        Some(FaultMode::RateLimited { retry_after }) => {
            let mut response = reply::rate_limited();
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        Some(FaultMode::Latency { millis }) => {
            clock.sleep(Duration::from_millis(millis)).await;
            serve()
        }
        Some(FaultMode::DropBeforeCommit) => dropped_connection(),
        Some(FaultMode::DropAfterCommit) => {
            // The effect is committed (and its callbacks queued) before the
            // answer is thrown away.
            drop(serve());
            dropped_connection()
        }
        // Callback modes never strike a call (`Fault::check`).
        Some(FaultMode::FailDelivery { .. } | FaultMode::DeliverTwice | FaultMode::OutOfOrder) => {
            serve()
        }
    }
}

/// The page nginx answers when the upstream fails, with `status`.
fn load_balancer_page(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Server Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        page,
    )
        .into_response()
}

/// A response whose body fails before its first byte: hyper then closes
/// the connection without writing the status line, so the client reads
/// EOF where the answer should be (reqwest: "connection closed before
/// message completed").
fn dropped_connection() -> Response {
    let failing = futures::stream::iter([Err::<Bytes, _>(io::Error::new(
        io::ErrorKind::ConnectionReset,
        "fault injected: connection dropped",
    ))]);
    Response::new(Body::from_stream(failing))
}

//! What a struck API call answers: a load balancer's 5xx page, a 429, a
//! late answer, or no answer at all. The fault set strikes calls through
//! the API's [`CallFaults`] seam.

use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};

use super::armed::Faults;
use super::fault::FaultMode;
use crate::api::reply;
use crate::api::{CallFaults, Strike};
use crate::workbench::events::note_fault;

/// The first armed fault that matches a call strikes it, and is noted on
/// the call's line of the live feed.
impl CallFaults for Faults {
    fn strike(&self, id: &'static str) -> Option<Strike> {
        let mode = self.strike_call(id)?;
        note_fault(mode.name());
        match mode {
            FaultMode::ServerError { status } => Some(Strike::Instead(load_balancer_page(status))),
            FaultMode::ServerErrorAfterCommit { status } => {
                Some(Strike::AfterCommit(load_balancer_page(status)))
            }
            FaultMode::RateLimited { retry_after } => {
                let mut response = reply::rate_limited();
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after));
                Some(Strike::Instead(response))
            }
            FaultMode::Latency { millis } => Some(Strike::Late(Duration::from_millis(millis))),
            FaultMode::DropBeforeCommit => Some(Strike::Instead(dropped_connection())),
            FaultMode::DropAfterCommit => Some(Strike::AfterCommit(dropped_connection())),
            // Callback modes never strike a call (`Fault::check`).
            FaultMode::FailDelivery { .. } | FaultMode::DeliverTwice | FaultMode::OutOfOrder => {
                None
            }
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

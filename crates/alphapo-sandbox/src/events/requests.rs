//! Records every request the sandbox answers as a [`SandboxEvent::Request`].

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::time::Instant;

use super::{ApiRequest, SandboxEvent};
use crate::api;
use crate::engine::Engine;

/// The middleware (for `axum::middleware::from_fn_with_state`) that times
/// a request and reports its method, path, operation and status; never a
/// header or a body.
pub(crate) async fn record_requests(
    State(engine): State<Arc<Engine>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    engine.events.emit(|| {
        SandboxEvent::Request(ApiRequest {
            at: engine.clock.unix_now(),
            method: method.to_string(),
            operation: api::operation_at(&path).map(str::to_owned),
            path,
            status,
            latency: started.elapsed(),
        })
    });
    response
}

//! Records every request the sandbox answers as a [`SandboxEvent::Request`],
//! with the injected fault that struck it, and a request its client gave up
//! on before the answer (during a `latency` fault, say) as well.

use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::time::Instant;

use crate::api;
use crate::workbench::events::struck::STRUCK;
use crate::workbench::events::{ABANDONED, ApiRequest, SandboxEvent};
use crate::workbench::state::Workbench;

/// The middleware (for `axum::middleware::from_fn_with_state`) that times
/// a request and reports its method, path, operation, status and the
/// fault that struck it; never a header or a body.
pub(crate) async fn record_requests(
    State(workbench): State<Workbench>,
    request: Request,
    next: Next,
) -> Response {
    let struck = Arc::new(OnceLock::new());
    let mut record = Record {
        workbench,
        started: Instant::now(),
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        struck: Arc::clone(&struck),
        status: ABANDONED,
    };
    let response = STRUCK.scope(struck, next.run(request)).await;
    record.status = response.status().as_u16();
    response
}

/// One request's line, emitted when it is dropped: after the answer, or
/// when the client left first and the request was cancelled
/// ([`ABANDONED`]).
struct Record {
    workbench: Workbench,
    started: Instant,
    method: String,
    path: String,
    struck: Arc<OnceLock<&'static str>>,
    status: u16,
}

impl Drop for Record {
    fn drop(&mut self) {
        let workbench = &self.workbench;
        workbench.events.emit(|| {
            SandboxEvent::Request(ApiRequest {
                at: workbench.engine.clock().unix_now(),
                method: std::mem::take(&mut self.method),
                operation: api::operation_at(&self.path).map(str::to_owned),
                path: std::mem::take(&mut self.path),
                status: self.status,
                latency: self.started.elapsed(),
                fault: self.struck.get().map(|mode| (*mode).to_owned()),
            })
        });
    }
}

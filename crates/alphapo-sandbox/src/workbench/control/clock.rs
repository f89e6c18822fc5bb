//! `/_sandbox/clock`: reading and advancing the sandbox's clock over HTTP.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use crate::workbench::extract::Body;
use crate::workbench::extract::Shared;

#[derive(Deserialize)]
pub(super) struct AdvanceBody {
    seconds: u64,
}

/// The clock as the control API shows it.
#[derive(Serialize)]
pub(super) struct ClockBody {
    /// Seconds since the Unix epoch, as the sandbox writes timestamps.
    unix_time: i64,
    /// Seconds since the sandbox started, advances included.
    elapsed_seconds: u64,
}

/// `GET /_sandbox/clock`.
pub(super) async fn now(State(engine): Shared) -> Json<ClockBody> {
    Json(ClockBody {
        unix_time: engine.clock().unix_now(),
        elapsed_seconds: engine.clock().elapsed().as_secs(),
    })
}

/// `POST /_sandbox/clock/advance {"seconds"}`: moves the clock forward and
/// runs every timer that came due before answering; callback retries
/// waiting on a backoff are woken.
pub(super) async fn advance(state: Shared, Body(body): Body<AdvanceBody>) -> Json<ClockBody> {
    state.0.advance_clock(Duration::from_secs(body.seconds));
    now(state).await
}

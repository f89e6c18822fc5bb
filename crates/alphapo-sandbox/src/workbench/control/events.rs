//! `GET /_sandbox/events`: the live log as a stream, one text line per
//! [`SandboxEvent`] as `alphapo sandbox` prints it (never a body, key or
//! signature), for `alphapo logs tail` or `curl -N`.
//!
//! Bounded: the stream reads the events broadcast, which keeps the last
//! 1024 events for a subscriber; one that reads slower than the sandbox
//! works misses the oldest and gets a line saying how many.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::Uri;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use tokio::sync::broadcast::error::RecvError;

use crate::workbench::events::{SandboxEvent, missed_line};
use crate::workbench::state::Workbench;

/// `GET /_sandbox/events[?reads=true]`: every event from now on, until the
/// client leaves or the sandbox stops; `reads=true` adds the successful
/// reads of the pages and control API (what `--log-reads` adds to
/// `alphapo sandbox`'s log).
pub(super) async fn stream(State(workbench): State<Workbench>, uri: Uri) -> Response {
    let reads = uri
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair == "reads=true"));
    let events = workbench.events.subscribe();
    let stopping = workbench.stopping;
    let lines = futures::stream::unfold(
        (events, stopping),
        move |(mut events, mut stopping)| async move {
            loop {
                let line = tokio::select! {
                    received = events.recv() => match received {
                        Ok(SandboxEvent::Request(request))
                            if !reads && request.is_sandbox_read() => continue,
                        Ok(event) => event.to_string(),
                        Err(RecvError::Lagged(missed)) => missed_line(missed),
                        Err(RecvError::Closed) => return None,
                    },
                    // Stopped, or the handle is gone.
                    _ = stopping.wait_for(|stopping| *stopping) => return None,
                };
                let chunk = Ok::<_, Infallible>(Bytes::from(line + "\n"));
                return Some((chunk, (events, stopping)));
            }
        },
    );
    (
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(lines),
    )
        .into_response()
}

//! Accepting connections within [`Limits`]: at most
//! [`max_connections`](Limits::max_connections) open at once (the rest wait
//! in the listen queue), each served over HTTP/1.1 with the header-read and
//! keep-alive deadlines, and a count of the open ones.

mod keep_alive;
mod open;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use self::keep_alive::Activity;
pub(crate) use self::open::OpenConnections;
use self::open::Opened;
use super::limits::Limits;

/// How long to wait before accepting again after `accept` failed (out of
/// file descriptors, most likely): long enough not to spin, short enough
/// that a freed descriptor is used soon.
const ACCEPT_RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` until `stop` turns true or its sender is
/// dropped; then stops accepting, asks every connection to close once its
/// request in flight (if any) is answered, and returns when all are closed.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    open: OpenConnections,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = stopped(&mut stop) => break,
        };
        // The semaphore is never closed.
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stop) => break,
        };
        match accepted {
            Ok((stream, _)) => {
                let connection = Connection {
                    stream,
                    router: router.clone(),
                    keep_alive_timeout: limits.keep_alive_timeout,
                    stop: stop.clone(),
                    _slot: slot,
                    _opened: open.opened(),
                };
                tokio::spawn(connection.serve(http.clone()));
            }
            Err(error) => {
                tracing::warn!(%error, "accepting a connection failed; retrying shortly");
                tokio::time::sleep(ACCEPT_RETRY_PAUSE).await;
            }
        }
    }
    drop(listener);
    open.all_closed().await;
}

/// Resolves once the sandbox is told to stop (or its handle is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the handle was dropped, which stops the sandbox too.
    let _ = stop.wait_for(|stop| *stop).await;
}

/// One accepted connection and what it holds while open.
struct Connection {
    stream: TcpStream,
    router: Router,
    keep_alive_timeout: Duration,
    stop: watch::Receiver<bool>,
    /// Its place under the connection limit, given back on close.
    _slot: OwnedSemaphorePermit,
    /// Its place in the count of open connections.
    _opened: Opened,
}

impl Connection {
    /// Serves requests until the client closes, a deadline passes or the
    /// sandbox stops.
    async fn serve(mut self, http: http1::Builder) {
        let activity = Activity::default();
        let connection =
            http.serve_connection(TokioIo::new(self.stream), activity.track(self.router));
        tokio::pin!(connection);
        let ended = tokio::select! {
            ended = connection.as_mut() => ended,
            () = activity.idle_for(self.keep_alive_timeout) => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
            () = stopped(&mut self.stop) => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        // A client that went away or was cut by a deadline ends here.
        if let Err(error) = ended {
            tracing::debug!(%error, "a connection ended with an error");
        }
    }
}

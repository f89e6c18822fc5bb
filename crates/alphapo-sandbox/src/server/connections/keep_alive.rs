//! The keep-alive deadline: a connection that has answered a request and
//! has none in flight is closed once it stays that way for the
//! keep-alive timeout.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::response::Response;
use http::Request;
use hyper::body::Incoming;
use hyper::service::{Service, service_fn};
use tokio::sync::watch;
use tower::ServiceExt;

/// What one connection is doing, watched by its keep-alive deadline.
#[derive(Debug, Clone, Default)]
pub(super) struct Activity(Arc<watch::Sender<Requests>>);

/// The requests of one connection.
#[derive(Debug, Clone, Copy, Default)]
struct Requests {
    in_flight: usize,
    answered: u64,
}

impl Activity {
    /// `router` as the connection's service, each request counted while it
    /// runs.
    pub(super) fn track(
        &self,
        router: Router,
    ) -> impl Service<
        Request<Incoming>,
        Response = Response,
        Error = Infallible,
        Future = impl Future<Output = Result<Response, Infallible>> + Send,
    > + Clone {
        let activity = self.clone();
        service_fn(move |request: Request<Incoming>| {
            let running = activity.begin();
            let response = router.clone().oneshot(request);
            async move {
                let response = response.await;
                drop(running);
                response
            }
        })
    }

    /// Resolves once the connection has answered a request and then had
    /// none in flight for `timeout`.
    pub(super) async fn idle_for(&self, timeout: Duration) {
        let mut requests = self.0.subscribe();
        // The sender lives in `self`, so neither wait below can fail.
        loop {
            let _ = requests
                .wait_for(|requests| requests.in_flight == 0 && requests.answered > 0)
                .await;
            tokio::select! {
                () = tokio::time::sleep(timeout) => return,
                _ = requests.changed() => {}
            }
        }
    }

    fn begin(&self) -> Running {
        self.0.send_modify(|requests| requests.in_flight += 1);
        Running(self.clone())
    }
}

/// One request in flight.
struct Running(Activity);

impl Drop for Running {
    fn drop(&mut self) {
        (self.0).0.send_modify(|requests| {
            requests.in_flight -= 1;
            requests.answered += 1;
        });
    }
}
